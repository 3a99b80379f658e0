/* hone-sample.c: the bundled sample project
 *
 * The sample is data (data/sample/press-releases.json, compiled into the
 * core's resources); this file turns it into a project on demand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hone-core-resources.h"
#include "hone-error.h"
#include "hone-sample.h"

#define SAMPLE_RESOURCE "/app/hone/Hone/core/sample/press-releases.json"

const char *
hone_sample_get_name (void)
{
  return _("Press releases from facts");
}

static gboolean
sample_error (GError     **error,
              const char  *what)
{
  /* The sample is ours: a problem with it is a bug in this build of Hone */
  g_set_error (error, HONE_ERROR, HONE_ERROR_FAILED,
               _("The sample project that comes with Hone is damaged (%s). Please report this."),
               what);
  return FALSE;
}

static char *
value_to_string (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return json_to_string (node, FALSE);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
    default:
      return NULL;
    }
}

static gboolean
fill_project (HoneProject  *project,
              JsonObject   *root,
              GError      **error)
{
  static const struct { const char *key; HoneTemplateRole role; } roles[] = {
    { "system", HONE_TEMPLATE_ROLE_SYSTEM },
    { "user", HONE_TEMPLATE_ROLE_USER },
    { "assistant", HONE_TEMPLATE_ROLE_ASSISTANT },
  };
  JsonArray *fields, *examples;
  JsonObject *templates;
  guint n_fields;

  if (!json_object_has_member (root, "fields") ||
      !json_object_has_member (root, "examples") ||
      !json_object_has_member (root, "templates"))
    return sample_error (error, "missing fields, examples or templates");

  fields = json_object_get_array_member (root, "fields");
  examples = json_object_get_array_member (root, "examples");
  templates = json_object_get_object_member (root, "templates");
  if (fields == NULL || examples == NULL || templates == NULL)
    return sample_error (error, "fields, examples or templates of the wrong type");

  if (json_object_has_member (root, "description") &&
      !hone_project_set_description (project, json_object_get_string_member (root, "description"), error))
    return FALSE;

  n_fields = json_array_get_length (fields);
  for (guint i = 0; i < n_fields; i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);
      g_autoptr(GStrvBuilder) allowed = g_strv_builder_new ();
      g_auto(GStrv) allowed_values = NULL;
      HoneFieldKind kind;

      if (f == NULL || !hone_field_kind_from_string (json_object_get_string_member_with_default (f, "kind", ""), &kind))
        return sample_error (error, "a field has no valid kind");

      if (json_object_has_member (f, "allowed_values"))
        {
          JsonArray *values = json_object_get_array_member (f, "allowed_values");
          for (guint j = 0; values != NULL && j < json_array_get_length (values); j++)
            g_strv_builder_add (allowed, json_array_get_string_element (values, j));
        }
      allowed_values = g_strv_builder_end (allowed);

      if (hone_project_add_field (project,
                                  json_object_get_string_member_with_default (f, "name", ""),
                                  kind,
                                  json_object_get_string_member_with_default (f, "description", ""),
                                  (const char * const *) allowed_values,
                                  error) == NULL)
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      const char *text = json_object_get_string_member_with_default (templates, roles[i].key, "");

      if (!hone_project_set_template (project, roles[i].role, text, error))
        return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      JsonObject *e = json_array_get_object_element (examples, i);
      JsonObject *values;
      g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
      HoneSplit split;

      if (e == NULL ||
          !hone_split_from_string (json_object_get_string_member_with_default (e, "split", ""), &split) ||
          (values = json_object_get_object_member (e, "values")) == NULL)
        return sample_error (error, "an example has no split or values");

      for (guint j = 0; j < n_fields; j++)
        {
          HoneField *field = hone_project_get_field (project, j);
          g_ptr_array_add (row, value_to_string (json_object_get_member (values, hone_field_get_name (field))));
        }
      g_ptr_array_add (row, NULL);

      if (hone_project_add_example (project, split, HONE_EXAMPLE_SOURCE_TYPED,
                                    (const char * const *) row->pdata, error) == 0)
        return FALSE;
    }

  return TRUE;
}

HoneProject *
hone_sample_create (GFile   *file,
                    GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* Through the resource object, so that static linking keeps it */
  bytes = g_resource_lookup_data (hone_core_get_resource (), SAMPLE_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL)
    {
      sample_error (error, local_error->message);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), &local_error))
    {
      sample_error (error, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      sample_error (error, "not a JSON object");
      return NULL;
    }

  project = hone_project_create (file, hone_sample_get_name (), error);
  if (project == NULL)
    return NULL;

  if (!hone_project_begin (project, error))
    goto fail;

  if (!fill_project (project, json_node_get_object (root), error))
    {
      hone_project_rollback (project);
      goto fail;
    }

  if (!hone_project_commit (project, error))
    goto fail;

  return g_steal_pointer (&project);

fail:
  {
    g_autofree char *path = g_file_get_path (file);
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    hone_project_close (project);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
  }
  return NULL;
}
