/* hone-undo-stack.c: undo and redo for the edits of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-project-private.h"
#include "hone-undo-stack-private.h"

struct _HoneUndoStack
{
  GObject      parent_instance;

  HoneProject *project;
  GQueue       undo;        /* HoneUndoCommand, the next to undo at the head */
  GQueue       redo;        /* the next to redo at the head */
  GPtrArray   *pending;     /* recorded inside the open transaction */
  char        *group_label;
  guint        max_depth;
  gboolean     replaying;

  char        *undo_label;
  char        *redo_label;
};

G_DEFINE_FINAL_TYPE (HoneUndoStack, hone_undo_stack, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  PROP_MAX_DEPTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
hone_undo_command_free (HoneUndoCommand *command,
                        HoneProject     *project)
{
  if (command == NULL)
    return;

  g_free (command->label);
  command->klass->free (command, project);
}

/* Several commands as one ---------------------------------------------------- */

typedef struct {
  HoneUndoCommand  parent;
  GPtrArray       *children;  /* in the order they were made */
} GroupCommand;

static gboolean
group_apply (HoneUndoCommand  *command,
             HoneProject      *project,
             gboolean          redo,
             GError          **error)
{
  GroupCommand *self = (GroupCommand *) command;
  guint n = self->children->len;

  for (guint i = 0; i < n; i++)
    {
      HoneUndoCommand *child = g_ptr_array_index (self->children, redo ? i : n - 1 - i);

      if (!child->klass->apply (child, project, redo, error))
        return FALSE;
    }

  return TRUE;
}

static void
group_free (HoneUndoCommand *command,
            HoneProject     *project)
{
  GroupCommand *self = (GroupCommand *) command;

  for (guint i = 0; i < self->children->len; i++)
    hone_undo_command_free (g_ptr_array_index (self->children, i), project);
  g_ptr_array_unref (self->children);
  g_free (self);
}

static const HoneUndoCommandClass group_class = { group_apply, group_free };

/* Labels ------------------------------------------------------------------ */

static void
update_labels (HoneUndoStack *self)
{
  HoneUndoCommand *next_undo = g_queue_peek_head (&self->undo);
  HoneUndoCommand *next_redo = g_queue_peek_head (&self->redo);
  g_autofree char *undo_label = NULL;
  g_autofree char *redo_label = NULL;

  /* Translators: "Undo Delete 3 Examples"; %s is what the step did */
  undo_label = next_undo != NULL ? g_strdup_printf (_("Undo %s"), next_undo->label) : g_strdup (_("Undo"));
  /* Translators: "Redo Delete 3 Examples"; %s is what the step did */
  redo_label = next_redo != NULL ? g_strdup_printf (_("Redo %s"), next_redo->label) : g_strdup (_("Redo"));

  if (g_strcmp0 (undo_label, self->undo_label) != 0)
    {
      g_free (self->undo_label);
      self->undo_label = g_steal_pointer (&undo_label);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
    }
  if (g_strcmp0 (redo_label, self->redo_label) != 0)
    {
      g_free (self->redo_label);
      self->redo_label = g_steal_pointer (&redo_label);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
    }
}

/* Notifies what changed since can-undo and can-redo were @could_undo and
 * @could_redo */
static void
changed (HoneUndoStack *self,
         gboolean       could_undo,
         gboolean       could_redo)
{
  update_labels (self);
  if (could_undo != hone_undo_stack_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != hone_undo_stack_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* The queues ---------------------------------------------------------------- */

static void
clear_queue (HoneUndoStack *self,
             GQueue        *queue)
{
  HoneUndoCommand *command;

  while ((command = g_queue_pop_head (queue)) != NULL)
    hone_undo_command_free (command, self->project);
}

static void
trim (HoneUndoStack *self)
{
  while (g_queue_get_length (&self->undo) > self->max_depth)
    hone_undo_command_free (g_queue_pop_tail (&self->undo), self->project);
  while (g_queue_get_length (&self->redo) > self->max_depth)
    hone_undo_command_free (g_queue_pop_tail (&self->redo), self->project);
}

static void
push (HoneUndoStack   *self,
      HoneUndoCommand *command)
{
  gboolean could_undo = hone_undo_stack_can_undo (self);
  gboolean could_redo = hone_undo_stack_can_redo (self);

  /* A new edit makes what was undone unreachable */
  clear_queue (self, &self->redo);
  g_queue_push_head (&self->undo, command);
  trim (self);

  changed (self, could_undo, could_redo);
}

void
hone_undo_stack_record (HoneUndoStack   *self,
                        HoneUndoCommand *command)
{
  g_return_if_fail (HONE_IS_UNDO_STACK (self));
  g_return_if_fail (command != NULL);

  if (self->replaying)
    {
      hone_undo_command_free (command, self->project);
      return;
    }

  if (self->project->transaction_depth > 0)
    g_ptr_array_add (self->pending, command);
  else
    push (self, command);
}

void
hone_undo_stack_transaction_done (HoneUndoStack *self,
                                  gboolean       committed)
{
  g_autofree char *group_label = g_steal_pointer (&self->group_label);
  g_autoptr(GPtrArray) pending = g_steal_pointer (&self->pending);

  self->pending = g_ptr_array_new ();

  if (!committed || pending->len == 0)
    {
      /* What was recorded was rolled back with the transaction, temporary
       * tables included */
      for (guint i = 0; i < pending->len; i++)
        hone_undo_command_free (g_ptr_array_index (pending, i), committed ? self->project : NULL);
      return;
    }

  if (pending->len == 1 && group_label == NULL)
    {
      push (self, g_ptr_array_steal_index (pending, 0));
      return;
    }

  {
    GroupCommand *group = g_new0 (GroupCommand, 1);
    HoneUndoCommand *first = g_ptr_array_index (pending, 0);

    group->parent.klass = &group_class;
    group->parent.label = group_label != NULL ? g_steal_pointer (&group_label) : g_strdup (first->label);
    group->children = g_steal_pointer (&pending);
    push (self, &group->parent);
  }
}

gboolean
hone_undo_stack_is_replaying (HoneUndoStack *self)
{
  return self->replaying;
}

/* GObject ------------------------------------------------------------------ */

static void
hone_undo_stack_dispose (GObject *object)
{
  HoneUndoStack *self = HONE_UNDO_STACK (object);

  clear_queue (self, &self->undo);
  clear_queue (self, &self->redo);
  if (self->pending != NULL)
    {
      for (guint i = 0; i < self->pending->len; i++)
        hone_undo_command_free (g_ptr_array_index (self->pending, i), self->project);
      g_ptr_array_set_size (self->pending, 0);
    }

  if (self->project != NULL)
    {
      if (self->project->undo_stack == self)
        self->project->undo_stack = NULL;
      g_clear_object (&self->project);
    }

  G_OBJECT_CLASS (hone_undo_stack_parent_class)->dispose (object);
}

static void
hone_undo_stack_finalize (GObject *object)
{
  HoneUndoStack *self = HONE_UNDO_STACK (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_free (self->group_label);
  g_free (self->undo_label);
  g_free (self->redo_label);

  G_OBJECT_CLASS (hone_undo_stack_parent_class)->finalize (object);
}

static void
hone_undo_stack_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HoneUndoStack *self = HONE_UNDO_STACK (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, hone_undo_stack_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, hone_undo_stack_can_redo (self));
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, hone_undo_stack_get_undo_label (self));
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, hone_undo_stack_get_redo_label (self));
      break;
    case PROP_MAX_DEPTH:
      g_value_set_uint (value, self->max_depth);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_undo_stack_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HoneUndoStack *self = HONE_UNDO_STACK (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    case PROP_MAX_DEPTH:
      hone_undo_stack_set_max_depth (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_undo_stack_constructed (GObject *object)
{
  HoneUndoStack *self = HONE_UNDO_STACK (object);

  G_OBJECT_CLASS (hone_undo_stack_parent_class)->constructed (object);

  g_return_if_fail (HONE_IS_PROJECT (self->project));

  if (self->project->undo_stack != NULL)
    g_critical ("The project “%s” already has an undo stack", hone_project_get_name (self->project));
  else
    self->project->undo_stack = self;

  update_labels (self);
}

static void
hone_undo_stack_class_init (HoneUndoStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hone_undo_stack_constructed;
  object_class->dispose = hone_undo_stack_dispose;
  object_class->finalize = hone_undo_stack_finalize;
  object_class->get_property = hone_undo_stack_get_property;
  object_class->set_property = hone_undo_stack_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, HONE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_DEPTH] =
    g_param_spec_uint ("max-depth", NULL, NULL, 1, G_MAXUINT, HONE_UNDO_STACK_DEFAULT_DEPTH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hone_undo_stack_init (HoneUndoStack *self)
{
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  self->pending = g_ptr_array_new ();
  self->max_depth = HONE_UNDO_STACK_DEFAULT_DEPTH;
}

/* API --------------------------------------------------------------------- */

HoneUndoStack *
hone_undo_stack_new (HoneProject *project)
{
  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);

  return g_object_new (HONE_TYPE_UNDO_STACK, "project", project, NULL);
}

HoneProject *
hone_undo_stack_get_project (HoneUndoStack *self)
{
  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), NULL);
  return self->project;
}

gboolean
hone_undo_stack_can_undo (HoneUndoStack *self)
{
  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), FALSE);
  return !g_queue_is_empty (&self->undo);
}

gboolean
hone_undo_stack_can_redo (HoneUndoStack *self)
{
  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), FALSE);
  return !g_queue_is_empty (&self->redo);
}

const char *
hone_undo_stack_get_undo_label (HoneUndoStack *self)
{
  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), NULL);
  return self->undo_label;
}

const char *
hone_undo_stack_get_redo_label (HoneUndoStack *self)
{
  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), NULL);
  return self->redo_label;
}

/* Undoes or redoes the head of @from in one transaction, moving it to @to
 * when that worked */
static gboolean
replay (HoneUndoStack  *self,
        GQueue         *from,
        GQueue         *to,
        gboolean        redo,
        GError        **error)
{
  gboolean could_undo = hone_undo_stack_can_undo (self);
  gboolean could_redo = hone_undo_stack_can_redo (self);
  HoneUndoCommand *command = g_queue_peek_head (from);
  gboolean ok;

  if (command == NULL)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_FAILED,
                           redo ? _("There is nothing to redo.") : _("There is nothing to undo."));
      return FALSE;
    }
  if (self->replaying || self->project->transaction_depth > 0)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_BUSY,
                           _("Another change is still being made. Try again when it is done."));
      return FALSE;
    }

  self->replaying = TRUE;
  ok = hone_project_begin (self->project, error);
  if (ok)
    {
      ok = command->klass->apply (command, self->project, redo, error) &&
           hone_project_commit (self->project, error);
      if (!ok)
        hone_project_rollback (self->project);
    }
  self->replaying = FALSE;

  if (!ok)
    {
      g_prefix_error (error, redo ? _("Could not redo “%s”: ") : _("Could not undo “%s”: "),
                      command->label);
      return FALSE;
    }

  g_queue_pop_head (from);
  g_queue_push_head (to, command);
  changed (self, could_undo, could_redo);
  return TRUE;
}

gboolean
hone_undo_stack_undo (HoneUndoStack  *self,
                      GError        **error)
{
  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), FALSE);

  return replay (self, &self->undo, &self->redo, FALSE, error);
}

gboolean
hone_undo_stack_redo (HoneUndoStack  *self,
                      GError        **error)
{
  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), FALSE);

  return replay (self, &self->redo, &self->undo, TRUE, error);
}

gboolean
hone_undo_stack_begin_group (HoneUndoStack  *self,
                             const char     *label,
                             GError        **error)
{
  gboolean outermost;

  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  outermost = self->project->transaction_depth == 0;
  if (!hone_project_begin (self->project, error))
    return FALSE;

  if (outermost)
    {
      g_free (self->group_label);
      self->group_label = g_strdup (label);
    }

  return TRUE;
}

gboolean
hone_undo_stack_end_group (HoneUndoStack  *self,
                           GError        **error)
{
  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), FALSE);

  return hone_project_commit (self->project, error);
}

void
hone_undo_stack_cancel_group (HoneUndoStack *self)
{
  g_return_if_fail (HONE_IS_UNDO_STACK (self));

  hone_project_rollback (self->project);
}

void
hone_undo_stack_clear (HoneUndoStack *self)
{
  gboolean could_undo, could_redo;

  g_return_if_fail (HONE_IS_UNDO_STACK (self));

  could_undo = hone_undo_stack_can_undo (self);
  could_redo = hone_undo_stack_can_redo (self);
  clear_queue (self, &self->undo);
  clear_queue (self, &self->redo);
  changed (self, could_undo, could_redo);
}

guint
hone_undo_stack_get_n_undo (HoneUndoStack *self)
{
  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), 0);
  return g_queue_get_length (&self->undo);
}

guint
hone_undo_stack_get_n_redo (HoneUndoStack *self)
{
  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), 0);
  return g_queue_get_length (&self->redo);
}

guint
hone_undo_stack_get_max_depth (HoneUndoStack *self)
{
  g_return_val_if_fail (HONE_IS_UNDO_STACK (self), 0);
  return self->max_depth;
}

void
hone_undo_stack_set_max_depth (HoneUndoStack *self,
                               guint          max_depth)
{
  gboolean could_undo, could_redo;

  g_return_if_fail (HONE_IS_UNDO_STACK (self));
  g_return_if_fail (max_depth > 0);

  if (self->max_depth == max_depth)
    return;

  could_undo = hone_undo_stack_can_undo (self);
  could_redo = hone_undo_stack_can_redo (self);
  self->max_depth = max_depth;
  trim (self);
  changed (self, could_undo, could_redo);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_DEPTH]);
}
