/* hone-project-fields.c: the fields of a project and their edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hone-error.h"
#include "hone-project-private.h"
#include "hone-template.h"

/* Allowed values ---------------------------------------------------------- */

GStrv
hone_project_parse_allowed_values (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *root;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL &&
      JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (node));
        }
    }

  return g_strv_builder_end (builder);
}

char *
hone_project_format_allowed_values (const char * const *values)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The labels of a label field: non-empty text, each listed once */
static gboolean
check_allowed_values (const char          *field_name,
                      const char * const  *allowed_values,
                      GError             **error)
{
  for (guint i = 0; allowed_values != NULL && allowed_values[i] != NULL; i++)
    {
      if (allowed_values[i][0] == '\0' || !g_utf8_validate (allowed_values[i], -1, NULL))
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("The labels of “%s” must be non-empty text."), field_name);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (allowed_values[i], allowed_values[j]))
          {
            g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                         _("The label “%s” is listed twice for “%s”."),
                         allowed_values[i], field_name);
            return FALSE;
          }
    }

  return TRUE;
}

/* Loading ----------------------------------------------------------------- */

static gboolean
fields_equal (HoneField *a,
              HoneField *b)
{
  return hone_field_get_id (a) == hone_field_get_id (b) &&
         hone_field_get_kind (a) == hone_field_get_kind (b) &&
         hone_field_get_position (a) == hone_field_get_position (b) &&
         g_str_equal (hone_field_get_name (a), hone_field_get_name (b)) &&
         g_str_equal (hone_field_get_description (a), hone_field_get_description (b)) &&
         g_strv_equal ((const char * const *) hone_field_get_allowed_values (a),
                       (const char * const *) hone_field_get_allowed_values (b));
}

/* Reads the fields and replaces, in the list model, only the run of
 * positions that differ: a rename is items-changed (p, 1, 1), an append
 * (n, 0, 1), a delete (p, n - p, n - p - 1) since later positions shift. */
gboolean
hone_project_load_fields (HoneProject  *self,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *old = G_LIST_MODEL (self->fields);
  guint n_old = g_list_model_get_n_items (old);
  guint position = 0;
  guint head = 0, tail = 0;
  int rc;

  if (!hone_project_check_open (self, error))
    return FALSE;

  stmt = hone_store_prepare (self->db,
                             "SELECT id, name, kind, description, allowed_values"
                             " FROM fields ORDER BY position, id",
                             error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HoneFieldKind kind = HONE_FIELD_KIND_LONG_TEXT;
      g_auto(GStrv) allowed = hone_project_parse_allowed_values ((const char *) sqlite3_column_text (stmt, 4));

      hone_field_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind);
      g_ptr_array_add (fields,
                       hone_field_new (sqlite3_column_int64 (stmt, 0),
                                       (const char *) sqlite3_column_text (stmt, 1),
                                       kind,
                                       (const char *) sqlite3_column_text (stmt, 3),
                                       (const char * const *) allowed,
                                       position++));
    }

  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the fields of the project"));
      return FALSE;
    }

  while (head < n_old && head < fields->len &&
         fields_equal (hone_project_get_field (self, head), g_ptr_array_index (fields, head)))
    head++;
  while (tail < n_old - head && tail < fields->len - head &&
         fields_equal (hone_project_get_field (self, n_old - 1 - tail),
                       g_ptr_array_index (fields, fields->len - 1 - tail)))
    tail++;

  if (head == n_old && head == fields->len)
    return TRUE;

  g_list_store_splice (self->fields, head, n_old - head - tail,
                       fields->pdata + head, fields->len - head - tail);
  return TRUE;
}

/* Getters ----------------------------------------------------------------- */

GListModel *
hone_project_get_fields (HoneProject *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->fields);
}

guint
hone_project_get_n_fields (HoneProject *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->fields));
}

HoneField *
hone_project_get_field (HoneProject *self,
                        guint        position)
{
  g_autoptr(HoneField) field = NULL;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);

  /* The store keeps a reference: hand out a borrowed one */
  field = g_list_model_get_item (G_LIST_MODEL (self->fields), position);
  return field;
}

HoneField *
hone_project_find_field (HoneProject *self,
                         const char  *name)
{
  guint n;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);

  n = hone_project_get_n_fields (self);
  for (guint i = 0; i < n; i++)
    {
      HoneField *field = hone_project_get_field (self, i);

      if (g_strcmp0 (hone_field_get_name (field), name) == 0)
        return field;
    }

  return NULL;
}

HoneField *
hone_project_get_field_by_id (HoneProject *self,
                              gint64       field_id)
{
  guint n;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);

  n = hone_project_get_n_fields (self);
  for (guint i = 0; i < n; i++)
    {
      HoneField *field = hone_project_get_field (self, i);

      if (hone_field_get_id (field) == field_id)
        return field;
    }

  return NULL;
}

HoneField *
hone_project_find_field_by_id (HoneProject  *self,
                               gint64        field_id,
                               GError      **error)
{
  HoneField *field = hone_project_get_field_by_id (self, field_id);

  if (field == NULL)
    g_set_error_literal (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                         _("That field no longer exists. It may have been deleted."));
  return field;
}

/* Edits ------------------------------------------------------------------- */

/* Every field edit: one savepoint; with an undo stack listening, the whole
 * fields table before and after (a handful of rows) and, where values
 * change, the values concerned. */
typedef struct {
  gboolean   recording;
  GPtrArray *before;         /* HoneFieldRow, when recording */
  gint64     values_before;  /* snapshot of values, 0 for none */
  gint64     values_after;
  GArray    *changed_ids;    /* examples whose values changed, or NULL */
  gboolean   all_changed;    /* every example may have changed */
} FieldEdit;

static void
field_edit_clear (FieldEdit *edit)
{
  g_clear_pointer (&edit->before, g_ptr_array_unref);
  g_clear_pointer (&edit->changed_ids, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FieldEdit, field_edit_clear)

static gboolean
field_edit_begin (HoneProject  *self,
                  FieldEdit    *edit,
                  GError      **error)
{
  if (!hone_project_write_begin (self, error))
    return FALSE;

  edit->recording = hone_project_is_recording (self);
  if (edit->recording)
    {
      edit->before = hone_project_snapshot_fields (self, error);
      if (edit->before == NULL)
        {
          hone_project_write_end (self, FALSE, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

/* Takes @label */
static gboolean
field_edit_end (HoneProject  *self,
                FieldEdit    *edit,
                gboolean      ok,
                char         *label,
                GError      **error)
{
  g_autofree char *owned_label = label;
  g_autoptr(GPtrArray) after = NULL;

  if (ok && edit->recording)
    {
      after = hone_project_snapshot_fields (self, error);
      ok = after != NULL;
    }

  if (!hone_project_write_end (self, ok, error))
    return FALSE;

  if (edit->recording)
    hone_project_record_fields (self, g_steal_pointer (&owned_label),
                                g_steal_pointer (&edit->before), g_steal_pointer (&after),
                                edit->values_before, edit->values_after,
                                edit->all_changed || edit->changed_ids != NULL);

  hone_project_load_fields (self, NULL);

  if (edit->all_changed)
    hone_project_emit_examples (self, HONE_EXAMPLES_CHANGED, NULL);
  else if (edit->changed_ids != NULL)
    hone_project_emit_examples (self, HONE_EXAMPLES_CHANGED, g_steal_pointer (&edit->changed_ids));

  return TRUE;
}

static gboolean
run_update (HoneProject  *self,
            const char   *sql,
            const char   *what,
            GError      **error,
            ...)
{
  g_autoptr(sqlite3_stmt) stmt = hone_store_prepare (self->db, sql, error);
  va_list args;
  int n_params;
  int rc;

  if (stmt == NULL)
    return FALSE;

  /* Parameters come as (type, value) pairs: 'i' gint64, 's' const char * */
  n_params = sqlite3_bind_parameter_count (stmt);
  va_start (args, error);
  for (int i = 1; i <= n_params; i++)
    {
      int type = va_arg (args, int);

      if (type == 'i')
        sqlite3_bind_int64 (stmt, i, va_arg (args, gint64));
      else
        sqlite3_bind_text (stmt, i, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
    }
  va_end (args);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      hone_store_set_error (error, self->db, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* Writes positions 0, 1, 2… in the order of @ids */
static gboolean
write_positions (HoneProject   *self,
                 const gint64  *ids,
                 guint          n_ids,
                 GError       **error)
{
  for (guint i = 0; i < n_ids; i++)
    if (!run_update (self, "UPDATE fields SET position = ?1 WHERE id = ?2 AND position IS NOT ?1",
                     _("Could not save the order of the fields"), error,
                     'i', (gint64) i, 'i', ids[i]))
      return FALSE;

  return TRUE;
}

static GArray *
field_order (HoneProject *self)
{
  guint n = hone_project_get_n_fields (self);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = hone_field_get_id (hone_project_get_field (self, i));
      g_array_append_val (ids, id);
    }

  return ids;
}

HoneField *
hone_project_add_field (HoneProject         *self,
                        const char          *name,
                        HoneFieldKind        kind,
                        const char          *description,
                        const char * const  *allowed_values,
                        GError             **error)
{
  g_auto(FieldEdit) edit = { 0, };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *allowed_json = NULL;
  guint position;
  gint64 id = 0;
  gboolean ok;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);

  if (!hone_field_name_is_valid (name, error))
    return NULL;

  if (hone_project_find_field (self, name) != NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_EXISTS,
                   _("There is already a field called “%s”."), name);
      return NULL;
    }

  if (description != NULL && !g_utf8_validate (description, -1, NULL))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("The description of “%s” must be valid text (UTF-8)."), name);
      return NULL;
    }

  if (kind == HONE_FIELD_KIND_LABEL && !check_allowed_values (name, allowed_values, error))
    return NULL;

  if (!field_edit_begin (self, &edit, error))
    return NULL;

  allowed_json = hone_project_format_allowed_values (kind == HONE_FIELD_KIND_LABEL ? allowed_values : NULL);
  position = hone_project_get_n_fields (self);

  stmt = hone_store_prepare (self->db,
                             "INSERT INTO fields (name, kind, description, allowed_values, position)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)",
                             error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, hone_field_kind_to_string (kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, description ? description : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, allowed_json, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, position);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          hone_store_set_error (error, self->db, rc, _("Could not add the field"));
          ok = FALSE;
        }
      id = sqlite3_last_insert_rowid (self->db);
    }

  if (!field_edit_end (self, &edit, ok, g_strdup_printf (_("Add Field “%s”"), name), error))
    return NULL;

  return hone_project_get_field_by_id (self, id);
}

gboolean
hone_project_rename_field (HoneProject  *self,
                           gint64        field_id,
                           const char   *name,
                           GError      **error)
{
  g_auto(FieldEdit) edit = { 0, };
  g_autofree char *old_name = NULL;
  HoneField *field, *other;
  gboolean templates_changed = FALSE;
  gboolean ok;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  field = hone_project_find_field_by_id (self, field_id, error);
  if (field == NULL)
    return FALSE;

  if (!hone_field_name_is_valid (name, error))
    return FALSE;

  if (g_str_equal (name, hone_field_get_name (field)))
    return TRUE;

  other = hone_project_find_field (self, name);
  if (other != NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_EXISTS,
                   _("There is already a field called “%s”."), name);
      return FALSE;
    }

  old_name = g_strdup (hone_field_get_name (field));

  if (!field_edit_begin (self, &edit, error))
    return FALSE;

  ok = run_update (self, "UPDATE fields SET name = ?1 WHERE id = ?2",
                   _("Could not rename the field"), error,
                   's', name, 'i', field_id) &&
       hone_project_rename_in_templates (self, old_name, name, &templates_changed, error);

  ok = field_edit_end (self, &edit, ok,
                       g_strdup_printf (_("Rename Field “%s”"), old_name), error);

  /* What is cached follows what landed (or did not) */
  if (templates_changed)
    {
      hone_project_load_templates (self, NULL);
      if (ok)
        hone_project_emit_templates_changed (self);
    }

  return ok;
}

gboolean
hone_project_move_field (HoneProject  *self,
                         gint64        field_id,
                         guint         position,
                         GError      **error)
{
  g_auto(FieldEdit) edit = { 0, };
  g_autoptr(GArray) order = NULL;
  g_autofree char *name = NULL;
  HoneField *field;
  guint old_position;
  gint64 id;
  gboolean ok;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  field = hone_project_find_field_by_id (self, field_id, error);
  if (field == NULL)
    return FALSE;

  if (position >= hone_project_get_n_fields (self))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("A field cannot move to position %u: there are only %u fields."),
                   position + 1, hone_project_get_n_fields (self));
      return FALSE;
    }

  old_position = hone_field_get_position (field);
  if (old_position == position)
    return TRUE;

  name = g_strdup (hone_field_get_name (field));
  order = field_order (self);
  id = g_array_index (order, gint64, old_position);
  g_array_remove_index (order, old_position);
  g_array_insert_val (order, position, id);

  if (!field_edit_begin (self, &edit, error))
    return FALSE;

  ok = write_positions (self, (const gint64 *) order->data, order->len, error);

  return field_edit_end (self, &edit, ok, g_strdup_printf (_("Move Field “%s”"), name), error);
}

typedef struct {
  gint64  example_id;
  char   *old_value;
  char   *new_value;
} Conversion;

static void
conversion_clear (gpointer data)
{
  Conversion *c = data;

  g_free (c->old_value);
  g_free (c->new_value);
}

gboolean
hone_project_set_field_kind (HoneProject    *self,
                             gint64          field_id,
                             HoneFieldKind   kind,
                             GError        **error)
{
  g_auto(FieldEdit) edit = { 0, };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(HoneField) probe = NULL;
  g_autoptr(GArray) conversions = NULL;
  g_autofree char *name = NULL;
  HoneField *field;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (kind >= HONE_FIELD_KIND_SHORT_TEXT && kind <= HONE_FIELD_KIND_YES_NO, FALSE);

  field = hone_project_find_field_by_id (self, field_id, error);
  if (field == NULL)
    return FALSE;
  if (hone_field_get_kind (field) == kind)
    return TRUE;
  if (!hone_project_check_writable (self, error))
    return FALSE;

  name = g_strdup (hone_field_get_name (field));

  /* The field as it will be; a label field starts with no list of labels,
   * so every value is a fine label */
  probe = hone_field_new (field_id, name, kind, hone_field_get_description (field), NULL,
                          hone_field_get_position (field));

  /* Every value must fit before anything changes */
  conversions = g_array_new (FALSE, FALSE, sizeof (Conversion));
  g_array_set_clear_func (conversions, conversion_clear);
  stmt = hone_store_prepare (self->db,
                             "SELECT example_id, value FROM example_values"
                             " WHERE +field_id = ?1 ORDER BY example_id",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, field_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *value = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *canonical = NULL;

      if (!hone_field_check_value (probe, value, &canonical, &local_error))
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("“%s” cannot become “%s”: example %" G_GINT64_FORMAT " does not fit. %s Change or clear that value first."),
                       name, hone_field_kind_get_label (kind),
                       (gint64) sqlite3_column_int64 (stmt, 0), local_error->message);
          return FALSE;
        }

      if (canonical != NULL && !g_str_equal (canonical, value))
        {
          Conversion c = { sqlite3_column_int64 (stmt, 0), g_strdup (value), g_steal_pointer (&canonical) };
          g_array_append_val (conversions, c);
        }
    }
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the values of the field"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!field_edit_begin (self, &edit, error))
    return FALSE;

  ok = run_update (self, "UPDATE fields SET kind = ?1, allowed_values = '[]' WHERE id = ?2",
                   _("Could not change the kind of the field"), error,
                   's', hone_field_kind_to_string (kind), 'i', field_id);

  if (ok && conversions->len > 0)
    {
      /* Values written in the kind's own form ("Yes" → "true", " 12" → "12") */
      if (edit.recording)
        {
          edit.values_before = hone_project_new_snapshot (self);
          edit.values_after = hone_project_new_snapshot (self);
        }

      update = hone_store_prepare (self->db,
                                   "UPDATE example_values SET value = ?3"
                                   " WHERE example_id = ?1 AND field_id = ?2",
                                   error);
      ok = update != NULL;
      edit.changed_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), conversions->len);

      for (guint i = 0; ok && i < conversions->len; i++)
        {
          Conversion *c = &g_array_index (conversions, Conversion, i);

          if (edit.recording &&
              (!hone_project_snapshot_cell (self, edit.values_before, c->example_id, field_id, c->old_value, error) ||
               !hone_project_snapshot_cell (self, edit.values_after, c->example_id, field_id, c->new_value, error)))
            {
              ok = FALSE;
              break;
            }

          sqlite3_reset (update);
          sqlite3_bind_int64 (update, 1, c->example_id);
          sqlite3_bind_int64 (update, 2, field_id);
          sqlite3_bind_text (update, 3, c->new_value, -1, SQLITE_STATIC);
          rc = sqlite3_step (update);
          if (rc != SQLITE_DONE)
            {
              hone_store_set_error (error, self->db, rc, _("Could not change the kind of the field"));
              ok = FALSE;
            }
          g_array_append_val (edit.changed_ids, c->example_id);
        }
    }

  return field_edit_end (self, &edit, ok,
                         g_strdup_printf (_("Change Kind of “%s”"), name), error);
}

gboolean
hone_project_set_field_description (HoneProject  *self,
                                    gint64        field_id,
                                    const char   *description,
                                    GError      **error)
{
  g_auto(FieldEdit) edit = { 0, };
  g_autofree char *name = NULL;
  HoneField *field;
  gboolean ok;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  field = hone_project_find_field_by_id (self, field_id, error);
  if (field == NULL)
    return FALSE;

  if (description == NULL)
    description = "";
  if (!g_utf8_validate (description, -1, NULL))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("The description of “%s” must be valid text (UTF-8)."),
                   hone_field_get_name (field));
      return FALSE;
    }
  if (g_str_equal (description, hone_field_get_description (field)))
    return TRUE;

  name = g_strdup (hone_field_get_name (field));

  if (!field_edit_begin (self, &edit, error))
    return FALSE;

  ok = run_update (self, "UPDATE fields SET description = ?1 WHERE id = ?2",
                   _("Could not save the description of the field"), error,
                   's', description, 'i', field_id);

  return field_edit_end (self, &edit, ok,
                         g_strdup_printf (_("Describe Field “%s”"), name), error);
}

gboolean
hone_project_set_field_allowed_values (HoneProject         *self,
                                       gint64               field_id,
                                       const char * const  *allowed_values,
                                       GError             **error)
{
  g_auto(FieldEdit) edit = { 0, };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;
  g_autofree char *name = NULL;
  HoneField *field;
  gboolean ok;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  field = hone_project_find_field_by_id (self, field_id, error);
  if (field == NULL)
    return FALSE;

  name = g_strdup (hone_field_get_name (field));

  if (hone_field_get_kind (field) != HONE_FIELD_KIND_LABEL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("Only label fields have a list of labels, and “%s” is not a label field."),
                   name);
      return FALSE;
    }

  if (!check_allowed_values (name, allowed_values, error))
    return FALSE;

  if (g_strv_equal (allowed_values != NULL ? allowed_values : (const char * const[]) { NULL },
                    hone_field_get_allowed_values (field)))
    return TRUE;

  if (!hone_project_check_writable (self, error))
    return FALSE;

  json = hone_project_format_allowed_values (allowed_values);

  /* With a list, every value already there must be on it */
  if (allowed_values != NULL && allowed_values[0] != NULL)
    {
      stmt = hone_store_prepare (self->db,
                                 "SELECT example_id, value FROM example_values"
                                 " WHERE +field_id = ?1 AND value NOT IN (SELECT value FROM json_each (?2))"
                                 " ORDER BY example_id LIMIT 1",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, field_id);
      sqlite3_bind_text (stmt, 2, json, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("Example %" G_GINT64_FORMAT " has the label “%s” in “%s”, which is not in the new list. Add it to the list, or change that example first."),
                       (gint64) sqlite3_column_int64 (stmt, 0),
                       (const char *) sqlite3_column_text (stmt, 1), name);
          return FALSE;
        }
      if (rc != SQLITE_DONE)
        {
          hone_store_set_error (error, self->db, rc, _("Could not read the values of the field"));
          return FALSE;
        }
    }

  if (!field_edit_begin (self, &edit, error))
    return FALSE;

  ok = run_update (self, "UPDATE fields SET allowed_values = ?1 WHERE id = ?2",
                   _("Could not save the labels of the field"), error,
                   's', json, 'i', field_id);

  return field_edit_end (self, &edit, ok,
                         g_strdup_printf (_("Change Labels of “%s”"), name), error);
}

gboolean
hone_project_delete_field (HoneProject  *self,
                           gint64        field_id,
                           GError      **error)
{
  g_auto(FieldEdit) edit = { 0, };
  g_autoptr(GArray) order = NULL;
  g_autofree char *name = NULL;
  HoneField *field;
  gboolean ok;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  field = hone_project_find_field_by_id (self, field_id, error);
  if (field == NULL)
    return FALSE;

  name = g_strdup (hone_field_get_name (field));
  order = field_order (self);
  g_array_remove_index (order, hone_field_get_position (field));

  if (!field_edit_begin (self, &edit, error))
    return FALSE;

  /* Its values go with it (ON DELETE CASCADE); undo needs them back */
  ok = TRUE;
  if (edit.recording)
    {
      edit.values_before = hone_project_snapshot_field_values (self, field_id, error);
      ok = edit.values_before != 0;
    }

  ok = ok &&
       run_update (self, "DELETE FROM fields WHERE id = ?1",
                   _("Could not delete the field"), error, 'i', field_id) &&
       write_positions (self, (const gint64 *) order->data, order->len, error);
  edit.all_changed = TRUE;

  return field_edit_end (self, &edit, ok,
                         g_strdup_printf (_("Delete Field “%s”"), name), error);
}
