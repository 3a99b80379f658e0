/* hone-project-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-project-info.h"

struct _HoneProjectInfo
{
  GObject  parent_instance;

  GFile   *file;
  char    *path;
  char    *name;
  gint64   n_examples;
  guint    n_fields;
  gint64   modified;
  gint64   last_opened;
  char    *problem;
};

G_DEFINE_FINAL_TYPE (HoneProjectInfo, hone_project_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_NAME,
  PROP_N_EXAMPLES,
  PROP_N_FIELDS,
  PROP_MODIFIED,
  PROP_LAST_OPENED,
  PROP_AVAILABLE,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hone_project_info_finalize (GObject *object)
{
  HoneProjectInfo *self = HONE_PROJECT_INFO (object);

  g_clear_object (&self->file);
  g_free (self->path);
  g_free (self->name);
  g_free (self->problem);

  G_OBJECT_CLASS (hone_project_info_parent_class)->finalize (object);
}

static void
hone_project_info_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HoneProjectInfo *self = HONE_PROJECT_INFO (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_N_EXAMPLES:
      g_value_set_int64 (value, self->n_examples);
      break;
    case PROP_N_FIELDS:
      g_value_set_uint (value, self->n_fields);
      break;
    case PROP_MODIFIED:
      g_value_set_int64 (value, self->modified);
      break;
    case PROP_LAST_OPENED:
      g_value_set_int64 (value, self->last_opened);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->problem == NULL);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_project_info_class_init (HoneProjectInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hone_project_info_finalize;
  object_class->get_property = hone_project_info_get_property;

  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_N_EXAMPLES] = g_param_spec_int64 ("n-examples", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_N_FIELDS] = g_param_spec_uint ("n-fields", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_MODIFIED] = g_param_spec_int64 ("modified", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_OPENED] = g_param_spec_int64 ("last-opened", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_AVAILABLE] = g_param_spec_boolean ("available", NULL, NULL, TRUE, flags);
  properties[PROP_PROBLEM] = g_param_spec_string ("problem", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hone_project_info_init (HoneProjectInfo *self)
{
}

HoneProjectInfo *
hone_project_info_new (GFile *file)
{
  HoneProjectInfo *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (HONE_TYPE_PROJECT_INFO, NULL);
  self->file = g_object_ref (file);
  self->path = g_file_get_path (file);
  if (self->path == NULL)
    self->path = g_file_get_uri (file);
  self->name = g_file_get_basename (file);

  return self;
}

GFile *
hone_project_info_get_file (HoneProjectInfo *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_INFO (self), NULL);
  return self->file;
}

const char *
hone_project_info_get_path (HoneProjectInfo *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_INFO (self), NULL);
  return self->path;
}

const char *
hone_project_info_get_name (HoneProjectInfo *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_INFO (self), NULL);
  return self->name;
}

void
hone_project_info_set_name (HoneProjectInfo *self,
                            const char      *name)
{
  g_return_if_fail (HONE_IS_PROJECT_INFO (self));

  if (name == NULL || g_strcmp0 (name, self->name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

gint64
hone_project_info_get_n_examples (HoneProjectInfo *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_INFO (self), 0);
  return self->n_examples;
}

void
hone_project_info_set_n_examples (HoneProjectInfo *self,
                                  gint64           n_examples)
{
  g_return_if_fail (HONE_IS_PROJECT_INFO (self));

  if (self->n_examples == n_examples)
    return;
  self->n_examples = n_examples;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EXAMPLES]);
}

guint
hone_project_info_get_n_fields (HoneProjectInfo *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_INFO (self), 0);
  return self->n_fields;
}

void
hone_project_info_set_n_fields (HoneProjectInfo *self,
                                guint            n_fields)
{
  g_return_if_fail (HONE_IS_PROJECT_INFO (self));

  if (self->n_fields == n_fields)
    return;
  self->n_fields = n_fields;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FIELDS]);
}

gint64
hone_project_info_get_modified (HoneProjectInfo *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_INFO (self), 0);
  return self->modified;
}

void
hone_project_info_set_modified (HoneProjectInfo *self,
                                gint64           modified)
{
  g_return_if_fail (HONE_IS_PROJECT_INFO (self));

  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

gint64
hone_project_info_get_last_opened (HoneProjectInfo *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_INFO (self), 0);
  return self->last_opened;
}

void
hone_project_info_set_last_opened (HoneProjectInfo *self,
                                   gint64           last_opened)
{
  g_return_if_fail (HONE_IS_PROJECT_INFO (self));

  if (self->last_opened == last_opened)
    return;
  self->last_opened = last_opened;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_OPENED]);
}

gboolean
hone_project_info_get_available (HoneProjectInfo *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_INFO (self), FALSE);
  return self->problem == NULL;
}

const char *
hone_project_info_get_problem (HoneProjectInfo *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_INFO (self), NULL);
  return self->problem;
}

void
hone_project_info_set_problem (HoneProjectInfo *self,
                               const char      *problem)
{
  gboolean was_available;

  g_return_if_fail (HONE_IS_PROJECT_INFO (self));

  if (g_strcmp0 (problem, self->problem) == 0)
    return;

  was_available = self->problem == NULL;
  g_free (self->problem);
  self->problem = g_strdup (problem);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  if (was_available != (problem == NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}
