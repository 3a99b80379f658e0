/* hone-fields-page.c: the list of a project's fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-fields-page.h"
#include "dialogs/hone-field-dialog.h"
#include "hone-project-window.h"

struct _HoneFieldsPage
{
  AdwBin       parent_instance;

  HoneProject *project;
  gulong       fields_changed_id;

  GtkStack    *stack;
  GtkListBox  *list_box;
  GtkRevealer *error_revealer;
  GtkLabel    *error_label;
  char        *last_error;

  /* The Add/Edit Field dialog and the delete confirmation while open (not
   * references) */
  GtkWindow   *field_dialog;
  GtkWindow   *delete_dialog;
};

G_DEFINE_FINAL_TYPE (HoneFieldsPage, hone_fields_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
icon_for_kind (HoneFieldKind kind)
{
  switch (kind)
    {
    case HONE_FIELD_KIND_SHORT_TEXT:
      return "insert-text-symbolic";
    case HONE_FIELD_KIND_LONG_TEXT:
      return "format-justify-left-symbolic";
    case HONE_FIELD_KIND_LABEL:
      return "view-list-bullet-symbolic";
    case HONE_FIELD_KIND_NUMBER:
      return "input-dialpad-symbolic";
    case HONE_FIELD_KIND_YES_NO:
      return "checkbox-checked-symbolic";
    default:
      return "text-x-generic-symbolic";
    }
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  HoneField *field = item;
  HoneFieldKind kind = hone_field_get_kind (field);
  const char *description = hone_field_get_description (field);
  GString *subtitle = g_string_new (hone_field_kind_get_label (kind));
  g_autofree char *subtitle_text = NULL;
  GtkWidget *row;
  GtkWidget *icon;

  if (description != NULL && description[0] != '\0')
    {
      /* Translators: between a field's kind and its description */
      g_string_append (subtitle, _(" · "));
      g_string_append (subtitle, description);
    }

  if (kind == HONE_FIELD_KIND_LABEL)
    {
      const char * const *values = hone_field_get_allowed_values (field);
      g_autofree char *joined = NULL;
      GString *list = g_string_new (NULL);

      /* Each in quotes: a label may hold a comma */
      for (guint i = 0; values[i] != NULL; i++)
        {
          if (i > 0)
            /* Translators: between two labels in a list */
            g_string_append (list, _(", "));
          /* Translators: a label in a list, in quotes */
          g_string_append_printf (list, _("“%s”"), values[i]);
        }
      joined = g_string_free (list, FALSE);

      g_string_append_c (subtitle, '\n');
      if (values[0] != NULL)
        /* Translators: the values a label field accepts, each in quotes */
        g_string_append_printf (subtitle, _("Values: %s"), joined);
      else
        g_string_append (subtitle, _("No values are allowed yet"));
    }

  subtitle_text = g_string_free (subtitle, FALSE);

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "use-markup", FALSE,
                      "title", hone_field_get_name (field),
                      "subtitle", subtitle_text,
                      "subtitle-lines", 0,
                      NULL);

  icon = gtk_image_new_from_icon_name (icon_for_kind (kind));
  gtk_widget_set_tooltip_text (icon, hone_field_kind_get_label (kind));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  {
    static const struct {
      const char *action;
      const char *icon;
      const char *tooltip;
    } buttons[] = {
      { "fields.move-up", "go-up-symbolic", N_("Move Up") },
      { "fields.move-down", "go-down-symbolic", N_("Move Down") },
      { "fields.edit", "document-edit-symbolic", N_("Edit Field") },
      { "fields.delete", "user-trash-symbolic", N_("Delete Field") },
    };
    guint position = hone_field_get_position (field);
    guint n_fields = g_list_model_get_n_items (G_LIST_MODEL (user_data));

    for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
      {
        GtkWidget *button = g_object_new (GTK_TYPE_BUTTON,
                                          "icon-name", buttons[i].icon,
                                          "tooltip-text", _(buttons[i].tooltip),
                                          "valign", GTK_ALIGN_CENTER,
                                          "action-name", buttons[i].action,
                                          "action-target", g_variant_new_int64 (hone_field_get_id (field)),
                                          NULL);

        gtk_widget_add_css_class (button, "flat");
        if ((i == 0 && position == 0) || (i == 1 && position + 1 >= n_fields))
          gtk_widget_set_sensitive (button, FALSE);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      }
  }

  return row;
}

/* Editing -------------------------------------------------------------- */

static void
show_error (HoneFieldsPage *self,
            const char     *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
dismiss_error_cb (HoneFieldsPage *self)
{
  show_error (self, NULL);
}

const char *
hone_fields_page_get_error (HoneFieldsPage *self)
{
  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (self), NULL);

  return self->last_error;
}

/* The project window's undo stack (shared with the Examples page) */
static HoneUndoStack *
get_undo_stack (HoneFieldsPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), HONE_TYPE_PROJECT_WINDOW);

  if (window == NULL)
    return NULL;

  return hone_examples_page_get_undo_stack (hone_project_window_get_examples_page (HONE_PROJECT_WINDOW (window)));
}

/* The examples page of the window (for row numbers), or NULL */
static HoneExamplesPage *
get_examples_page (HoneFieldsPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), HONE_TYPE_PROJECT_WINDOW);

  return window != NULL ? hone_project_window_get_examples_page (HONE_PROJECT_WINDOW (window)) : NULL;
}

/* The row (1-based, as the grid shows it now) of the topmost of @ids
 * (ascending) and its id, or 0 when none of them is shown (a filter hides
 * them) */
static guint
first_row_of (HoneFieldsPage *self,
              GArray         *ids,
              gint64         *id_out)
{
  HoneExamplesPage *page = get_examples_page (self);
  HoneExampleModel *model = page != NULL ? hone_examples_page_get_model (page) : NULL;
  guint n;

  if (model == NULL || ids->len == 0)
    return 0;

  /* One pass over the ids of the view, each looked up among @ids: no
   * example is loaded */
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint p = 0; p < n; p++)
    {
      gint64 id = hone_example_model_get_id (model, p);
      guint lo = 0, hi = ids->len;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          gint64 at = g_array_index (ids, gint64, mid);

          if (at == id)
            {
              *id_out = id;
              return p + 1;
            }
          if (at < id)
            lo = mid + 1;
          else
            hi = mid;
        }
    }

  return 0;
}

/* Why the value of @field_id in example @id does not fit @probe */
static char *
unfit_reason (HoneFieldsPage *self,
              HoneField      *probe,
              gint64          id)
{
  g_autoptr(GPtrArray) examples = hone_project_load_examples_by_id (self->project, &id, 1, NULL);
  g_autoptr(GError) reason = NULL;

  if (examples == NULL || examples->len == 0)
    return NULL;
  if (hone_field_check_value (probe, hone_example_get_value (g_ptr_array_index (examples, 0),
                                                             hone_field_get_id (probe)),
                              NULL, &reason))
    return NULL;
  return g_strdup (reason->message);
}

/* Before a change of kind or labels: refuses it, saying how many examples
 * have a value that would not fit and the first one's row, when some do */
static gboolean
check_values_fit (HoneFieldsPage      *self,
                  HoneField           *field,
                  HoneFieldKind        kind,
                  const char * const  *labels,
                  GError             **error)
{
  g_autoptr(HoneField) probe = NULL;
  g_autoptr(GArray) unfit = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *where = NULL;
  const char *name = hone_field_get_name (field);
  gboolean labels_only = kind == hone_field_get_kind (field);
  gint64 first_id = 0;
  guint row;

  probe = hone_field_new (hone_field_get_id (field), name, kind, NULL,
                          kind == HONE_FIELD_KIND_LABEL ? labels : NULL, 0);
  unfit = hone_project_find_unfit_examples (self->project, probe, &reason, error);
  if (unfit == NULL)
    return FALSE;
  if (unfit->len == 0)
    return TRUE;

  row = first_row_of (self, unfit, &first_id);
  if (row > 0)
    {
      /* The reason is about that row's value (the project gave the one of
       * the lowest id) */
      char *row_reason = unfit_reason (self, probe, first_id);

      if (row_reason != NULL)
        {
          g_free (reason);
          reason = row_reason;
        }
      /* Translators: where the first value that does not fit is: “row 12” */
      where = g_strdup_printf (_("row %u"), row);
    }
  else
    where = g_strdup (_("a row the current filter hides"));

  if (labels_only)
    {
      if (unfit->len == 1)
        /* Translators: the first %s is “row 12”, the second a reason */
        g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                     _("The value in %s is not in the new list of labels: %s Add it to the list, or change that example first."),
                     where, reason);
      else
        /* Translators: %u examples; %s is “row 12”, then a reason */
        g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u example has a value that is not in the new list of labels, the first in %s: %s Add the values to the list, or change those examples first.",
                                  "%u examples have values that are not in the new list of labels, the first in %s: %s Add the values to the list, or change those examples first.",
                                  unfit->len),
                     unfit->len, where, reason);
    }
  else
    {
      if (unfit->len == 1)
        /* Translators: “score” cannot become Number: the value in row 12 … */
        g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                     _("“%s” cannot become %s: the value in %s does not fit. %s Change or clear it first."),
                     name, hone_field_kind_get_label (kind), where, reason);
      else
        g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "“%s” cannot become %s: %u example has a value that does not fit, the first in %s. %s Change or clear those values first.",
                                  "“%s” cannot become %s: %u examples have values that do not fit, the first in %s. %s Change or clear those values first.",
                                  unfit->len),
                     name, hone_field_kind_get_label (kind), unfit->len, where, reason);
    }

  return FALSE;
}

gboolean
hone_fields_page_add_field (HoneFieldsPage      *self,
                            const char          *name,
                            HoneFieldKind        kind,
                            const char          *description,
                            const char * const  *allowed_values,
                            GError             **error)
{
  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (self), FALSE);
  g_return_val_if_fail (self->project != NULL, FALSE);

  if (hone_project_add_field (self->project, name, kind, description,
                              kind == HONE_FIELD_KIND_LABEL ? allowed_values : NULL, error) == NULL)
    return FALSE;

  show_error (self, NULL);
  return TRUE;
}

gboolean
hone_fields_page_edit_field (HoneFieldsPage      *self,
                             gint64               field_id,
                             const char          *name,
                             HoneFieldKind        kind,
                             const char          *description,
                             const char * const  *allowed_values,
                             GError             **error)
{
  HoneUndoStack *stack = get_undo_stack (self);
  const char * const no_values[] = { NULL };
  HoneField *field;
  gboolean labels_change;
  gboolean ok = TRUE;

  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (self), FALSE);
  g_return_val_if_fail (self->project != NULL, FALSE);

  field = hone_project_get_field_by_id (self->project, field_id);
  if (field == NULL)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_NOT_FOUND, _("The field does not exist any more."));
      return FALSE;
    }
  if (allowed_values == NULL)
    allowed_values = no_values;
  labels_change = kind == HONE_FIELD_KIND_LABEL &&
                  (hone_field_get_kind (field) != HONE_FIELD_KIND_LABEL ||
                   !g_strv_equal (allowed_values, hone_field_get_allowed_values (field)));

  /* Values that would not fit: say how many and where, in rows */
  if ((kind != hone_field_get_kind (field) || labels_change) &&
      !check_values_fit (self, field, kind, allowed_values, error))
    return FALSE;

  /* Every change of the dialog is one undo step */
  if (stack != NULL)
    ok = hone_undo_stack_begin_group (stack, _("Edit Field"), error);
  else
    ok = hone_project_begin (self->project, error);
  if (!ok)
    return FALSE;

  /* A rename replaces the field object: keep what it was first */
  {
    g_autofree char *old_name = g_strdup (hone_field_get_name (field));
    g_autofree char *old_description = g_strdup (hone_field_get_description (field) != NULL ? hone_field_get_description (field) : "");
    HoneFieldKind old_kind = hone_field_get_kind (field);

    if (ok && g_strcmp0 (name, old_name) != 0)
      ok = hone_project_rename_field (self->project, field_id, name, error);
    if (ok && kind != old_kind)
      ok = hone_project_set_field_kind (self->project, field_id, kind, error);
    if (ok && g_strcmp0 (description != NULL ? description : "", old_description) != 0)
      ok = hone_project_set_field_description (self->project, field_id, description, error);
    if (ok && labels_change)
      ok = hone_project_set_field_allowed_values (self->project, field_id, allowed_values, error);
  }
  field = NULL;

  if (stack != NULL)
    {
      if (ok)
        ok = hone_undo_stack_end_group (stack, error);
      if (!ok)
        hone_undo_stack_cancel_group (stack);
    }
  else
    {
      if (ok)
        ok = hone_project_commit (self->project, error);
      if (!ok)
        hone_project_rollback (self->project);
    }

  if (ok)
    show_error (self, NULL);
  return ok;
}

static void
field_dialog_destroyed_cb (HoneFieldsPage *self)
{
  self->field_dialog = NULL;
}

static void
delete_dialog_destroyed_cb (HoneFieldsPage *self)
{
  self->delete_dialog = NULL;
}

static void
open_field_dialog (HoneFieldsPage *self,
                   HoneField      *field)
{
  HoneFieldDialog *dialog;

  if (self->field_dialog != NULL)
    {
      gtk_window_present (self->field_dialog);
      return;
    }

  dialog = hone_field_dialog_new (self, field);
  self->field_dialog = GTK_WINDOW (dialog);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (field_dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWindow *
hone_fields_page_get_field_dialog (HoneFieldsPage *self)
{
  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (self), NULL);

  return self->field_dialog;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (widget);

  if (self->project != NULL)
    open_field_dialog (self, NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (widget);
  HoneField *field;

  if (self->project == NULL)
    return;
  field = hone_project_get_field_by_id (self->project, g_variant_get_int64 (parameter));
  if (field != NULL)
    open_field_dialog (self, field);
}

static void
move_field (HoneFieldsPage *self,
            gint64          field_id,
            int             delta)
{
  g_autoptr(GError) error = NULL;
  HoneField *field;
  int position;

  if (self->project == NULL)
    return;
  field = hone_project_get_field_by_id (self->project, field_id);
  if (field == NULL)
    return;

  position = (int) hone_field_get_position (field) + delta;
  if (position < 0 || position >= (int) hone_project_get_n_fields (self->project))
    return;

  if (!hone_project_move_field (self->project, field_id, position, &error))
    show_error (self, error->message);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move_field (HONE_FIELDS_PAGE (widget), g_variant_get_int64 (parameter), -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_field (HONE_FIELDS_PAGE (widget), g_variant_get_int64 (parameter), 1);
}

static void
add_toast (HoneFieldsPage *self,
           AdwToast       *toast)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), HONE_TYPE_PROJECT_WINDOW);

  if (window != NULL)
    hone_project_window_add_toast (HONE_PROJECT_WINDOW (window), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
delete_field (HoneFieldsPage *self,
              gint64          field_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  HoneField *field;
  AdwToast *toast;

  if (self->project == NULL)
    return;
  field = hone_project_get_field_by_id (self->project, field_id);
  if (field == NULL)
    return;

  name = g_strdup (hone_field_get_name (field));
  if (!hone_project_delete_field (self->project, field_id, &error))
    {
      show_error (self, error->message);
      return;
    }

  /* Translators: a toast; %s is a field's name */
  title = g_strdup_printf (_("Field “%s” deleted"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "fields.undo");
  add_toast (self, toast);
}

/* "Used in the user message template, line 2, column 7" */
static char *
describe_use (const HoneTemplateUse *use)
{
  switch (use->role)
    {
    case HONE_TEMPLATE_ROLE_SYSTEM:
      /* Translators: where a template uses a field */
      return g_strdup_printf (_("Used in the system prompt, line %u, column %u"), use->line, use->column);
    case HONE_TEMPLATE_ROLE_ASSISTANT:
      /* Translators: where a template uses a field */
      return g_strdup_printf (_("Used in the assistant message template, line %u, column %u"), use->line, use->column);
    case HONE_TEMPLATE_ROLE_USER:
    default:
      /* Translators: where a template uses a field */
      return g_strdup_printf (_("Used in the user message template, line %u, column %u"), use->line, use->column);
    }
}

/* Uses listed in the confirmation; the others are counted */
#define MAX_USES_LISTED 8

char *
hone_fields_page_describe_template_uses (GArray *uses)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (uses != NULL, NULL);

  for (guint i = 0; i < uses->len && i < MAX_USES_LISTED; i++)
    {
      g_autofree char *line = describe_use (&g_array_index (uses, HoneTemplateUse, i));

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
    }
  if (uses->len > MAX_USES_LISTED)
    {
      guint more = uses->len - MAX_USES_LISTED;

      g_string_append_c (text, '\n');
      /* Translators: after a list of the places where templates use a field */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "… and %u more place", "… and %u more places", more), more);
    }

  return g_string_free (text, FALSE);
}

typedef struct {
  HoneFieldsPage *page;
  gint64          field_id;
} DeleteData;

static void
delete_data_free (gpointer data,
                  GClosure *closure)
{
  DeleteData *delete = data;

  g_object_unref (delete->page);
  g_free (delete);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DeleteData       *delete)
{
  if (g_strcmp0 (response, "delete") == 0)
    delete_field (delete->page, delete->field_id);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) uses = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *list = NULL;
  g_autofree char *body = NULL;
  gint64 field_id = g_variant_get_int64 (parameter);
  GtkRoot *root;
  GtkWidget *dialog;
  DeleteData *delete;
  HoneField *field;

  if (self->project == NULL)
    return;
  field = hone_project_get_field_by_id (self->project, field_id);
  if (field == NULL)
    return;

  /* Unused by the templates: deleted at once (a toast offers Undo) */
  uses = hone_project_get_field_template_uses (self->project, field_id, &error);
  if (uses == NULL || uses->len == 0)
    {
      delete_field (self, field_id);
      return;
    }

  /* Used: say where first. The templates are left as they are. */
  /* Translators: %s is a field's name */
  heading = g_strdup_printf (_("Delete “%s”?"), hone_field_get_name (field));
  list = hone_fields_page_describe_template_uses (uses);
  body = g_strdup_printf ("%s\n\n%s", list,
                          _("Change the templates afterwards, or they will refer to a field that no longer exists. Deleting can be undone."));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  delete = g_new0 (DeleteData, 1);
  delete->page = g_object_ref (self);
  delete->field_id = field_id;
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb),
                         delete, delete_data_free, 0);

  self->delete_dialog = GTK_WINDOW (dialog);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (delete_dialog_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWindow *
hone_fields_page_get_delete_dialog (HoneFieldsPage *self)
{
  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (self), NULL);

  return self->delete_dialog;
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (widget);
  HoneUndoStack *stack = get_undo_stack (self);
  g_autoptr(GError) error = NULL;

  if (stack != NULL && hone_undo_stack_can_undo (stack) && !hone_undo_stack_undo (stack, &error))
    show_error (self, error->message);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (widget);
  HoneUndoStack *stack = get_undo_stack (self);
  g_autoptr(GError) error = NULL;

  if (stack != NULL && hone_undo_stack_can_redo (stack) && !hone_undo_stack_redo (stack, &error))
    show_error (self, error->message);
}

static void
update_state (HoneFieldsPage *self)
{
  gboolean empty = self->project == NULL || hone_project_get_n_fields (self->project) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
fields_items_changed_cb (HoneFieldsPage *self,
                         guint           position,
                         guint           removed,
                         guint           added,
                         GListModel     *fields)
{
  /* The first and last rows' move buttons depend on the others: make
   * every row again (a project has few fields) */
  gtk_list_box_bind_model (self->list_box, fields, create_row, fields, NULL);
  update_state (self);
}

static void
hone_fields_page_dispose (GObject *object)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (object);

  if (self->project != NULL)
    g_clear_signal_handler (&self->fields_changed_id, hone_project_get_fields (self->project));

  /* The bin would otherwise unparent its child a second time */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_FIELDS_PAGE);

  /* (they go with the window; the page does not outlive it) */
  if (self->field_dialog != NULL)
    gtk_window_destroy (self->field_dialog);
  if (self->delete_dialog != NULL)
    gtk_window_destroy (self->delete_dialog);
  self->field_dialog = NULL;
  self->delete_dialog = NULL;

  g_clear_object (&self->project);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (hone_fields_page_parent_class)->dispose (object);
}

static void
hone_fields_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_fields_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      hone_fields_page_set_project (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_fields_page_class_init (HoneFieldsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_fields_page_dispose;
  object_class->get_property = hone_fields_page_get_property;
  object_class->set_property = hone_fields_page_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         HONE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-fields-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneFieldsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldsPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldsPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldsPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_error_cb);

  gtk_widget_class_install_action (widget_class, "fields.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "fields.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "fields.move-up", "x", move_up_action);
  gtk_widget_class_install_action (widget_class, "fields.move-down", "x", move_down_action);
  gtk_widget_class_install_action (widget_class, "fields.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "fields.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "fields.redo", NULL, redo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "fields.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "fields.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "fields.redo", NULL);
}

static void
hone_fields_page_init (HoneFieldsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

GtkWidget *
hone_fields_page_new (void)
{
  return g_object_new (HONE_TYPE_FIELDS_PAGE, NULL);
}

HoneProject *
hone_fields_page_get_project (HoneFieldsPage *self)
{
  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (self), NULL);

  return self->project;
}

void
hone_fields_page_set_project (HoneFieldsPage *self,
                              HoneProject    *project)
{
  g_return_if_fail (HONE_IS_FIELDS_PAGE (self));
  g_return_if_fail (project == NULL || HONE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_clear_signal_handler (&self->fields_changed_id, hone_project_get_fields (self->project));

  g_set_object (&self->project, project);

  if (project != NULL)
    {
      GListModel *fields = hone_project_get_fields (project);

      gtk_list_box_bind_model (self->list_box, fields, create_row, fields, NULL);
      self->fields_changed_id =
        g_signal_connect_object (fields, "items-changed",
                                 G_CALLBACK (fields_items_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }
  else
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);

  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}
