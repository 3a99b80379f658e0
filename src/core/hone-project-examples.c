/* hone-project-examples.c: the examples of a project and their edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-example-query-private.h"
#include "hone-project-private.h"

/* The bulk path -------------------------------------------------------------- */

/* Not an edit: no signal, no undo. Importers and the sample use it. */
gint64
hone_project_add_example (HoneProject         *self,
                          HoneSplit            split,
                          HoneExampleSource    source,
                          const char * const  *values,
                          GError             **error)
{
  sqlite3_stmt *insert;
  sqlite3_stmt *insert_value = NULL;
  g_autoptr(GPtrArray) canonical = g_ptr_array_new_with_free_func (g_free);
  guint n_fields;
  gint64 id = 0;
  gboolean ok;
  gint64 now;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), 0);
  g_return_val_if_fail (split >= HONE_SPLIT_TRAIN && split <= HONE_SPLIT_EXCLUDED, 0);

  n_fields = hone_project_get_n_fields (self);

  /* Check every value first: nothing is written unless all are fine */
  for (guint i = 0; i < n_fields; i++)
    {
      const char *value = values != NULL ? values[i] : NULL;
      char *c = NULL;

      if (!hone_field_check_value (hone_project_get_field (self, i), value, &c, error))
        return 0;
      g_ptr_array_add (canonical, c);
    }

  if (!hone_project_write_begin (self, error))
    return 0;

  now = hone_store_now ();
  if (self->insert_example == NULL)
    self->insert_example = hone_store_prepare (self->db,
                                               "INSERT INTO examples (split, source, created, modified)"
                                               " VALUES (?1, ?2, ?3, ?3)",
                                               error);
  insert = self->insert_example;
  ok = insert != NULL;
  if (ok)
    {
      sqlite3_bind_text (insert, 1, hone_split_to_string (split), -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, hone_example_source_to_string (source), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 3, now);
      rc = sqlite3_step (insert);
      if (rc != SQLITE_DONE)
        {
          hone_store_set_error (error, self->db, rc, _("Could not add the example"));
          ok = FALSE;
        }
      else
        id = sqlite3_last_insert_rowid (self->db);
      sqlite3_reset (insert);
    }

  if (ok)
    {
      if (self->insert_value == NULL)
        self->insert_value = hone_store_prepare (self->db,
                                                 "INSERT INTO example_values (example_id, field_id, value)"
                                                 " VALUES (?1, ?2, ?3)",
                                                 error);
      insert_value = self->insert_value;
      ok = insert_value != NULL;
    }

  for (guint i = 0; ok && i < n_fields; i++)
    {
      const char *value = g_ptr_array_index (canonical, i);

      if (value == NULL)
        continue;

      sqlite3_reset (insert_value);
      sqlite3_bind_int64 (insert_value, 1, id);
      sqlite3_bind_int64 (insert_value, 2, hone_field_get_id (hone_project_get_field (self, i)));
      sqlite3_bind_text (insert_value, 3, value, -1, SQLITE_STATIC);
      rc = sqlite3_step (insert_value);
      if (rc != SQLITE_DONE)
        {
          hone_store_set_error (error, self->db, rc, _("Could not add the example"));
          ok = FALSE;
        }
    }
  if (insert_value != NULL)
    sqlite3_reset (insert_value);

  if (!hone_project_write_end (self, ok, error))
    return 0;

  return id;
}

gint64
hone_project_count_examples (HoneProject  *self,
                             HoneSplit     split,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), -1);

  if (self->db == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_FAILED,
                   _("The project “%s” is closed."), self->display_name);
      return -1;
    }

  if (split == HONE_SPLIT_ANY)
    stmt = hone_store_prepare (self->db, "SELECT count(*) FROM examples", error);
  else
    stmt = hone_store_prepare (self->db, "SELECT count(*) FROM examples WHERE split = ?1", error);
  if (stmt == NULL)
    return -1;

  if (split != HONE_SPLIT_ANY)
    sqlite3_bind_text (stmt, 1, hone_split_to_string (split), -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      hone_store_set_error (error, self->db, rc, _("Could not count the examples"));
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

GPtrArray *
hone_project_load_examples (HoneProject  *self,
                            guint         offset,
                            guint         limit,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) values = NULL;
  g_autoptr(GPtrArray) examples = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);

  if (self->db == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_FAILED,
                   _("The project “%s” is closed."), self->display_name);
      return NULL;
    }

  rows = hone_store_prepare (self->db,
                             "SELECT id, split, source, created, modified FROM examples"
                             " ORDER BY id LIMIT ?1 OFFSET ?2",
                             error);
  if (rows == NULL)
    return NULL;

  sqlite3_bind_int64 (rows, 1, limit);
  sqlite3_bind_int64 (rows, 2, offset);

  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      HoneSplit split = HONE_SPLIT_TRAIN;
      HoneExampleSource source = HONE_EXAMPLE_SOURCE_TYPED;
      HoneExample *example;

      hone_split_from_string ((const char *) sqlite3_column_text (rows, 1), &split);
      hone_example_source_from_string ((const char *) sqlite3_column_text (rows, 2), &source);
      example = hone_example_new (sqlite3_column_int64 (rows, 0), split, source,
                                  sqlite3_column_int64 (rows, 3),
                                  sqlite3_column_int64 (rows, 4));
      g_ptr_array_add (examples, example);
    }

  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the examples"));
      return NULL;
    }

  if (examples->len == 0)
    return g_steal_pointer (&examples);

  for (guint i = 0; i < examples->len; i++)
    {
      HoneExample *example = g_ptr_array_index (examples, i);
      gint64 *id = g_new (gint64, 1);

      *id = hone_example_get_id (example);
      g_hash_table_insert (by_id, id, example);
    }

  values = hone_store_prepare (self->db,
                               "SELECT example_id, field_id, value FROM example_values"
                               " WHERE example_id BETWEEN ?1 AND ?2",
                               error);
  if (values == NULL)
    goto out;

  sqlite3_bind_int64 (values, 1, hone_example_get_id (g_ptr_array_index (examples, 0)));
  sqlite3_bind_int64 (values, 2, hone_example_get_id (g_ptr_array_index (examples, examples->len - 1)));

  while ((rc = sqlite3_step (values)) == SQLITE_ROW)
    {
      gint64 example_id = sqlite3_column_int64 (values, 0);
      HoneExample *example = g_hash_table_lookup (by_id, &example_id);

      if (example != NULL)
        hone_example_take_value (example, sqlite3_column_int64 (values, 1),
                                 g_strdup ((const char *) sqlite3_column_text (values, 2)));
    }

  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the examples"));
      g_clear_pointer (&values, sqlite3_finalize);
    }

out:
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, by_id);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_free (key);
  }

  if (values == NULL)
    return NULL;

  return g_steal_pointer (&examples);
}

/* Helpers ----------------------------------------------------------------- */

char *
hone_project_ids_to_json (const gint64 *ids,
                          guint         n_ids)
{
  GString *json = g_string_sized_new (2 + (gsize) n_ids * 8);

  g_string_append_c (json, '[');
  for (guint i = 0; i < n_ids; i++)
    {
      char digits[24];
      guint64 v = ids[i] < 0 ? -(guint64) ids[i] : (guint64) ids[i];
      int n = 0;

      if (i > 0)
        g_string_append_c (json, ',');
      if (ids[i] < 0)
        g_string_append_c (json, '-');
      do
        digits[n++] = '0' + (char) (v % 10);
      while ((v /= 10) != 0);
      while (n > 0)
        g_string_append_c (json, digits[--n]);
    }
  g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

GArray *
hone_project_collect_ids (HoneProject   *self,
                          sqlite3_stmt  *stmt,
                          const char    *what,
                          GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, what);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

static GArray *
ids_array (const gint64 *ids,
           guint         n_ids)
{
  GArray *array = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);

  g_array_append_vals (array, ids, n_ids);
  return array;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Checks that @ids are distinct, positive and name examples that exist,
 * naming the first that does not */
static gboolean
check_examples (HoneProject   *self,
                const gint64  *ids,
                guint          n_ids,
                const char    *ids_json,
                GError       **error)
{
  g_autoptr(GArray) sorted = ids_array (ids, n_ids);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_array_sort (sorted, compare_ids);
  for (guint i = 0; i < sorted->len; i++)
    {
      gint64 id = g_array_index (sorted, gint64, i);

      if (id <= 0)
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                       _("There is no example %" G_GINT64_FORMAT "."), id);
          return FALSE;
        }
      if (i > 0 && id == g_array_index (sorted, gint64, i - 1))
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("Example %" G_GINT64_FORMAT " is listed twice."), id);
          return FALSE;
        }
    }

  stmt = hone_store_prepare (self->db,
                             "SELECT j.value FROM json_each (?1) j"
                             " WHERE NOT EXISTS (SELECT 1 FROM examples e WHERE e.id = j.value)"
                             " LIMIT 1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                   _("Example %" G_GINT64_FORMAT " does not exist any more. It may have been deleted."),
                   (gint64) sqlite3_column_int64 (stmt, 0));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the examples"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
step_done (HoneProject   *self,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* Runs @sql with ?1 = @ids_json and ?2 = @number */
static gboolean
exec_for_ids (HoneProject   *self,
              const char    *sql,
              const char    *ids_json,
              gint64         number,
              const char    *what,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = hone_store_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, number);
  return step_done (self, stmt, what, error);
}

/* Loading by id ----------------------------------------------------------- */

GPtrArray *
hone_project_load_examples_by_id (HoneProject   *self,
                                  const gint64  *ids,
                                  guint          n_ids,
                                  GError       **error)
{
  g_autoptr(GPtrArray) examples = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) values = NULL;
  g_autoptr(GArray) found_ids = NULL;
  g_autofree char *json = NULL;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);

  if (!hone_project_check_open (self, error))
    return NULL;
  if (n_ids == 0)
    return g_steal_pointer (&examples);

  json = hone_project_ids_to_json (ids, n_ids);

  rows = hone_store_prepare (self->db,
                             "SELECT e.id, e.split, e.source, e.created, e.modified"
                             " FROM json_each (?1) j JOIN examples e ON e.id = j.value"
                             " ORDER BY j.key",
                             error);
  if (rows == NULL)
    return NULL;
  sqlite3_bind_text (rows, 1, json, -1, SQLITE_STATIC);

  found_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      HoneSplit split = HONE_SPLIT_TRAIN;
      HoneExampleSource source = HONE_EXAMPLE_SOURCE_TYPED;
      gint64 id = sqlite3_column_int64 (rows, 0);

      hone_split_from_string ((const char *) sqlite3_column_text (rows, 1), &split);
      hone_example_source_from_string ((const char *) sqlite3_column_text (rows, 2), &source);
      g_ptr_array_add (examples, hone_example_new (id, split, source,
                                                   sqlite3_column_int64 (rows, 3),
                                                   sqlite3_column_int64 (rows, 4)));
      g_array_append_val (found_ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the examples"));
      return NULL;
    }

  /* found_ids does not move from here on: the table can point into it */
  for (guint i = 0; i < examples->len; i++)
    g_hash_table_insert (by_id, &g_array_index (found_ids, gint64, i), g_ptr_array_index (examples, i));

  values = hone_store_prepare (self->db,
                               "SELECT v.example_id, v.field_id, v.value"
                               " FROM json_each (?1) j JOIN example_values v ON v.example_id = j.value",
                               error);
  if (values == NULL)
    return NULL;
  sqlite3_bind_text (values, 1, json, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (values)) == SQLITE_ROW)
    {
      gint64 example_id = sqlite3_column_int64 (values, 0);
      HoneExample *example = g_hash_table_lookup (by_id, &example_id);

      if (example != NULL && hone_example_get_value (example, sqlite3_column_int64 (values, 1)) == NULL)
        hone_example_take_value (example, sqlite3_column_int64 (values, 1),
                                 g_strdup ((const char *) sqlite3_column_text (values, 2)));
    }
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the examples"));
      return NULL;
    }

  return g_steal_pointer (&examples);
}

/* Setting values ---------------------------------------------------------- */

/* Writes a block of values over @n_rows examples × @n_fields fields; a row
 * whose id is 0 is a new example (of @split and @source). Everything is
 * checked before anything is written. Takes @label. */
static gboolean
write_block (HoneProject          *self,
             const gint64         *example_ids,
             guint                 n_rows,
             HoneSplit             split,
             HoneExampleSource     source,
             const gint64         *field_ids,
             guint                 n_fields,
             const char * const   *values,
             char                 *label,
             GArray              **new_ids_out,
             GError              **error)
{
  g_autofree char *owned_label = label;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) canonical = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) existing = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) changed_rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) new_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree gboolean *cell_changed = NULL;
  g_autofree gboolean *row_changed = NULL;
  g_autoptr(sqlite3_stmt) current = NULL;
  g_autoptr(sqlite3_stmt) insert_row = NULL;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autofree char *existing_json = NULL;
  g_autofree char *changed_json = NULL;
  gint64 before = 0, after = 0;
  gboolean recording;
  guint n_new = 0;
  gboolean ok = TRUE;
  gint64 now;

  if (!hone_project_check_writable (self, error))
    return FALSE;

  /* The fields */
  for (guint c = 0; c < n_fields; c++)
    {
      HoneField *field = hone_project_find_field_by_id (self, field_ids[c], error);

      if (field == NULL)
        return FALSE;
      for (guint d = 0; d < c; d++)
        if (field_ids[d] == field_ids[c])
          {
            g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                         _("The field “%s” is given twice."), hone_field_get_name (field));
            return FALSE;
          }
      g_ptr_array_add (fields, field);
    }

  /* The examples */
  for (guint r = 0; r < n_rows; r++)
    if (example_ids[r] != 0)
      g_array_append_val (existing, example_ids[r]);
  existing_json = hone_project_ids_to_json ((const gint64 *) existing->data, existing->len);
  if (!check_examples (self, (const gint64 *) existing->data, existing->len, existing_json, error))
    return FALSE;

  /* Every value, in the form its field stores it */
  for (guint r = 0; r < n_rows; r++)
    {
      if (example_ids[r] == 0)
        n_new++;

      for (guint c = 0; c < n_fields; c++)
        {
          const char *value = values != NULL ? values[(gsize) r * n_fields + c] : NULL;
          g_autoptr(GError) local_error = NULL;
          char *canon = NULL;

          if (!hone_field_check_value (g_ptr_array_index (fields, c), value, &canon, &local_error))
            {
              const char *name = hone_field_get_name (g_ptr_array_index (fields, c));

              if (example_ids[r] != 0)
                g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                            _("Example %" G_GINT64_FORMAT ", field “%s”: "),
                                            example_ids[r], name);
              else
                g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                            _("New example %u, field “%s”: "), n_new, name);
              return FALSE;
            }
          g_ptr_array_add (canonical, canon);
        }
    }

  /* What actually changes: only those cells are written */
  cell_changed = g_new0 (gboolean, (gsize) n_rows * n_fields + 1);
  row_changed = g_new0 (gboolean, n_rows + 1);
  current = hone_store_prepare (self->db,
                                "SELECT value FROM example_values WHERE example_id = ?1 AND field_id = ?2",
                                error);
  if (current == NULL)
    return FALSE;

  for (guint r = 0; r < n_rows; r++)
    {
      if (example_ids[r] == 0)
        {
          row_changed[r] = TRUE;
          for (guint c = 0; c < n_fields; c++)
            cell_changed[(gsize) r * n_fields + c] = g_ptr_array_index (canonical, (gsize) r * n_fields + c) != NULL;
          continue;
        }

      for (guint c = 0; c < n_fields; c++)
        {
          const char *value = g_ptr_array_index (canonical, (gsize) r * n_fields + c);
          int rc;

          sqlite3_reset (current);
          sqlite3_bind_int64 (current, 1, example_ids[r]);
          sqlite3_bind_int64 (current, 2, field_ids[c]);
          rc = sqlite3_step (current);
          if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            {
              hone_store_set_error (error, self->db, rc, _("Could not read the examples"));
              return FALSE;
            }
          if (g_strcmp0 (rc == SQLITE_ROW ? (const char *) sqlite3_column_text (current, 0) : NULL, value) != 0)
            {
              cell_changed[(gsize) r * n_fields + c] = TRUE;
              row_changed[r] = TRUE;
            }
        }

      if (row_changed[r])
        g_array_append_val (changed_rows, example_ids[r]);
    }
  g_clear_pointer (&current, sqlite3_finalize);

  if (changed_rows->len == 0 && n_new == 0)
    {
      if (new_ids_out != NULL)
        *new_ids_out = g_steal_pointer (&new_ids);
      return TRUE;
    }

  changed_json = hone_project_ids_to_json ((const gint64 *) changed_rows->data, changed_rows->len);

  if (!hone_project_write_begin (self, error))
    return FALSE;

  recording = hone_project_is_recording (self);
  if (recording)
    {
      before = hone_project_snapshot_rows (self, changed_json, TRUE, error);
      ok = before != 0;
    }

  now = hone_store_now ();
  insert_row = ok ? hone_store_prepare (self->db,
                                        "INSERT INTO examples (split, source, created, modified)"
                                        " VALUES (?1, ?2, ?3, ?3)",
                                        error) : NULL;
  upsert = ok && insert_row ? hone_store_prepare (self->db,
                                                  "INSERT INTO example_values (example_id, field_id, value)"
                                                  " VALUES (?1, ?2, ?3)"
                                                  " ON CONFLICT (example_id, field_id) DO UPDATE SET value = excluded.value",
                                                  error) : NULL;
  clear = upsert ? hone_store_prepare (self->db,
                                       "DELETE FROM example_values WHERE example_id = ?1 AND field_id = ?2",
                                       error) : NULL;
  ok = clear != NULL;

  for (guint r = 0; ok && r < n_rows; r++)
    {
      gint64 id = example_ids[r];

      if (!row_changed[r])
        continue;

      if (id == 0)
        {
          sqlite3_reset (insert_row);
          sqlite3_bind_text (insert_row, 1, hone_split_to_string (split), -1, SQLITE_STATIC);
          sqlite3_bind_text (insert_row, 2, hone_example_source_to_string (source), -1, SQLITE_STATIC);
          sqlite3_bind_int64 (insert_row, 3, now);
          if (!step_done (self, insert_row, _("Could not add the example"), error))
            {
              ok = FALSE;
              break;
            }
          id = sqlite3_last_insert_rowid (self->db);
          g_array_append_val (new_ids, id);
        }

      for (guint c = 0; ok && c < n_fields; c++)
        {
          const char *value = g_ptr_array_index (canonical, (gsize) r * n_fields + c);
          sqlite3_stmt *stmt = value != NULL ? upsert : clear;

          if (!cell_changed[(gsize) r * n_fields + c])
            continue;

          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, field_ids[c]);
          if (value != NULL)
            sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
          ok = step_done (self, stmt, _("Could not save the value"), error);
        }
    }

  if (ok && changed_rows->len > 0)
    ok = exec_for_ids (self,
                       "UPDATE examples SET modified = ?2 WHERE id IN (SELECT value FROM json_each (?1))",
                       changed_json, now, _("Could not save the value"), error);

  if (ok && recording)
    {
      g_autoptr(GArray) all = ids_array ((const gint64 *) changed_rows->data, changed_rows->len);
      g_autofree char *all_json = NULL;

      g_array_append_vals (all, new_ids->data, new_ids->len);
      all_json = hone_project_ids_to_json ((const gint64 *) all->data, all->len);
      after = hone_project_snapshot_rows (self, all_json, TRUE, error);
      ok = after != 0;
    }

  if (!hone_project_write_end (self, ok, error))
    return FALSE;

  if (recording)
    hone_project_record_rows (self, g_steal_pointer (&owned_label), before, after, TRUE);

  if (new_ids->len > 0)
    hone_project_emit_examples (self, HONE_EXAMPLES_INSERTED, ids_array ((const gint64 *) new_ids->data, new_ids->len));
  hone_project_emit_examples (self, HONE_EXAMPLES_CHANGED, g_steal_pointer (&changed_rows));

  if (new_ids_out != NULL)
    *new_ids_out = g_steal_pointer (&new_ids);

  return TRUE;
}

gboolean
hone_project_set_value (HoneProject  *self,
                        gint64        example_id,
                        gint64        field_id,
                        const char   *value,
                        GError      **error)
{
  HoneField *field;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  field = hone_project_find_field_by_id (self, field_id, error);
  if (field == NULL)
    return FALSE;

  if (example_id <= 0)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                   _("There is no example %" G_GINT64_FORMAT "."), example_id);
      return FALSE;
    }

  return write_block (self, &example_id, 1, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED,
                      &field_id, 1, (const char * const[]) { value },
                      g_strdup_printf (_("Edit “%s”"), hone_field_get_name (field)),
                      NULL, error);
}

gboolean
hone_project_set_values (HoneProject          *self,
                         const gint64         *example_ids,
                         guint                 n_examples,
                         const gint64         *field_ids,
                         guint                 n_fields,
                         const char * const   *values,
                         GArray              **new_ids,
                         GError              **error)
{
  guint n_cells = n_examples * n_fields;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (n_examples == 0 || example_ids != NULL, FALSE);
  g_return_val_if_fail (n_fields == 0 || field_ids != NULL, FALSE);

  return write_block (self, example_ids, n_examples, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED,
                      field_ids, n_fields, values,
                      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Edit %u Value", "Edit %u Values", n_cells), n_cells),
                      new_ids, error);
}

GArray *
hone_project_insert_examples (HoneProject          *self,
                              guint                 n_examples,
                              HoneSplit             split,
                              HoneExampleSource     source,
                              const gint64         *field_ids,
                              guint                 n_fields,
                              const char * const   *values,
                              GError              **error)
{
  g_autofree gint64 *zeros = NULL;
  GArray *new_ids = NULL;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (split >= HONE_SPLIT_TRAIN && split <= HONE_SPLIT_EXCLUDED, NULL);
  g_return_val_if_fail (n_fields == 0 || field_ids != NULL, NULL);

  zeros = g_new0 (gint64, n_examples + 1);
  if (!write_block (self, zeros, n_examples, split, source, field_ids, n_fields, values,
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Add Example", "Add %u Examples", n_examples), n_examples),
                    &new_ids, error))
    return NULL;

  return new_ids;
}

/* Duplicating and deleting ------------------------------------------------ */

GArray *
hone_project_duplicate_examples (HoneProject   *self,
                                 const gint64  *example_ids,
                                 guint          n_examples,
                                 GError       **error)
{
  g_autoptr(GArray) new_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) copy_row = NULL;
  g_autoptr(sqlite3_stmt) copy_values = NULL;
  g_autofree char *json = NULL;
  gint64 before = 0, after = 0;
  gboolean recording;
  gboolean ok = TRUE;
  gint64 now;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (n_examples == 0 || example_ids != NULL, NULL);

  if (!hone_project_check_writable (self, error))
    return NULL;

  json = hone_project_ids_to_json (example_ids, n_examples);
  if (!check_examples (self, example_ids, n_examples, json, error))
    return NULL;
  if (n_examples == 0)
    return g_steal_pointer (&new_ids);

  if (!hone_project_write_begin (self, error))
    return NULL;

  recording = hone_project_is_recording (self);
  if (recording)
    {
      before = hone_project_snapshot_rows (self, "[]", TRUE, error);
      ok = before != 0;
    }

  now = hone_store_now ();
  copy_row = ok ? hone_store_prepare (self->db,
                                      "INSERT INTO examples (split, source, created, modified)"
                                      " SELECT split, source, ?2, ?2 FROM examples WHERE id = ?1",
                                      error) : NULL;
  copy_values = copy_row ? hone_store_prepare (self->db,
                                               "INSERT INTO example_values (example_id, field_id, value)"
                                               " SELECT ?2, field_id, value FROM example_values WHERE example_id = ?1",
                                               error) : NULL;
  ok = copy_values != NULL;

  /* The copies are added in the order given, after every other example */
  for (guint i = 0; ok && i < n_examples; i++)
    {
      gint64 id;

      sqlite3_reset (copy_row);
      sqlite3_bind_int64 (copy_row, 1, example_ids[i]);
      sqlite3_bind_int64 (copy_row, 2, now);
      ok = step_done (self, copy_row, _("Could not duplicate the example"), error);
      if (!ok)
        break;
      id = sqlite3_last_insert_rowid (self->db);
      g_array_append_val (new_ids, id);

      sqlite3_reset (copy_values);
      sqlite3_bind_int64 (copy_values, 1, example_ids[i]);
      sqlite3_bind_int64 (copy_values, 2, id);
      ok = step_done (self, copy_values, _("Could not duplicate the example"), error);
    }

  if (ok && recording)
    {
      g_autofree char *new_json = hone_project_ids_to_json ((const gint64 *) new_ids->data, new_ids->len);

      after = hone_project_snapshot_rows (self, new_json, TRUE, error);
      ok = after != 0;
    }

  if (!hone_project_write_end (self, ok, error))
    return NULL;

  if (recording)
    hone_project_record_rows (self,
                              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Duplicate Example", "Duplicate %u Examples", n_examples), n_examples),
                              before, after, TRUE);

  hone_project_emit_examples (self, HONE_EXAMPLES_INSERTED, ids_array ((const gint64 *) new_ids->data, new_ids->len));

  return g_steal_pointer (&new_ids);
}

gboolean
hone_project_delete_examples (HoneProject   *self,
                              const gint64  *example_ids,
                              guint          n_examples,
                              GError       **error)
{
  g_autofree char *json = NULL;
  gint64 before = 0, after = 0;
  gboolean recording;
  gboolean ok = TRUE;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (n_examples == 0 || example_ids != NULL, FALSE);

  if (!hone_project_check_writable (self, error))
    return FALSE;

  json = hone_project_ids_to_json (example_ids, n_examples);
  if (!check_examples (self, example_ids, n_examples, json, error))
    return FALSE;
  if (n_examples == 0)
    return TRUE;

  if (!hone_project_write_begin (self, error))
    return FALSE;

  recording = hone_project_is_recording (self);
  if (recording)
    {
      before = hone_project_snapshot_rows (self, json, TRUE, error);
      after = before != 0 ? hone_project_snapshot_rows (self, "[]", TRUE, error) : 0;
      ok = after != 0;
    }

  /* Their values go with them (ON DELETE CASCADE) */
  ok = ok && exec_for_ids (self, "DELETE FROM examples WHERE id IN (SELECT value FROM json_each (?1))",
                           json, 0, _("Could not delete the examples"), error);

  if (!hone_project_write_end (self, ok, error))
    return FALSE;

  if (recording)
    hone_project_record_rows (self,
                              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete Example", "Delete %u Examples", n_examples), n_examples),
                              before, after, TRUE);

  hone_project_emit_examples (self, HONE_EXAMPLES_REMOVED, ids_array (example_ids, n_examples));
  return TRUE;
}

/* Splits ------------------------------------------------------------------ */

/* Moves @to_train and @to_validation (and @to_excluded) to those splits in
 * one savepoint, recording them as one step called @label (taken) */
static gboolean
write_splits (HoneProject  *self,
              GArray       *moves[HONE_N_SPLITS],
              char         *label,
              GError      **error)
{
  g_autofree char *owned_label = label;
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *changed_json = NULL;
  gint64 before = 0, after = 0;
  gboolean recording;
  gboolean ok = TRUE;
  gint64 now = hone_store_now ();

  for (guint s = 0; s < HONE_N_SPLITS; s++)
    g_array_append_vals (changed, moves[s]->data, moves[s]->len);
  if (changed->len == 0)
    return TRUE;
  changed_json = hone_project_ids_to_json ((const gint64 *) changed->data, changed->len);

  if (!hone_project_write_begin (self, error))
    return FALSE;

  recording = hone_project_is_recording (self);
  if (recording)
    {
      before = hone_project_snapshot_rows (self, changed_json, FALSE, error);
      ok = before != 0;
    }

  for (guint s = 0; ok && s < HONE_N_SPLITS; s++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *json = NULL;

      if (moves[s]->len == 0)
        continue;

      json = hone_project_ids_to_json ((const gint64 *) moves[s]->data, moves[s]->len);
      stmt = hone_store_prepare (self->db,
                                 "UPDATE examples SET split = ?2, modified = ?3"
                                 " WHERE id IN (SELECT value FROM json_each (?1))",
                                 error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, hone_split_to_string (s), -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 3, now);
          ok = step_done (self, stmt, _("Could not change the split of the examples"), error);
        }
    }

  if (ok && recording)
    {
      after = hone_project_snapshot_rows (self, changed_json, FALSE, error);
      ok = after != 0;
    }

  if (!hone_project_write_end (self, ok, error))
    return FALSE;

  if (recording)
    hone_project_record_rows (self, g_steal_pointer (&owned_label), before, after, FALSE);

  hone_project_emit_examples (self, HONE_EXAMPLES_CHANGED, g_steal_pointer (&changed));
  return TRUE;
}

gboolean
hone_project_set_split (HoneProject   *self,
                        const gint64  *example_ids,
                        guint          n_examples,
                        HoneSplit      split,
                        GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;
  GArray *moves[HONE_N_SPLITS] = { NULL, };
  gboolean ok;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (split >= HONE_SPLIT_TRAIN && split <= HONE_SPLIT_EXCLUDED, FALSE);
  g_return_val_if_fail (n_examples == 0 || example_ids != NULL, FALSE);

  if (!hone_project_check_writable (self, error))
    return FALSE;

  json = hone_project_ids_to_json (example_ids, n_examples);
  if (!check_examples (self, example_ids, n_examples, json, error))
    return FALSE;

  /* Only the examples not already there change */
  stmt = hone_store_prepare (self->db,
                             "SELECT id FROM examples"
                             " WHERE id IN (SELECT value FROM json_each (?1)) AND split != ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hone_split_to_string (split), -1, SQLITE_STATIC);

  for (guint s = 0; s < HONE_N_SPLITS; s++)
    moves[s] = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_unref (moves[split]);
  moves[split] = hone_project_collect_ids (self, stmt, _("Could not read the examples"), error);

  ok = moves[split] != NULL &&
       write_splits (self, moves,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Set Split of %u Example", "Set Split of %u Examples",
                                                   n_examples),
                                      n_examples),
                     error);

  for (guint s = 0; s < HONE_N_SPLITS; s++)
    g_clear_pointer (&moves[s], g_array_unref);

  return ok;
}

gint64
hone_project_split_hash (guint64 seed,
                         gint64  id)
{
  /* The id-th output of SplitMix64 seeded with @seed */
  guint64 z = seed + (guint64) id * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  z ^= z >> 31;

  return (gint64) (z >> 1);
}

typedef struct {
  gint64    hash;
  gint64    id;
  HoneSplit split;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a;
  const Candidate *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

gboolean
hone_project_random_split (HoneProject             *self,
                           const HoneExampleQuery  *filter,
                           double                   validation_ratio,
                           guint64                  seed,
                           guint                   *n_train,
                           guint                   *n_validation,
                           GError                 **error)
{
  g_autoptr(HoneExampleQuery) all = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) candidates = NULL;
  g_autofree char *inner = NULL;
  g_autofree char *sql = NULL;
  GArray *moves[HONE_N_SPLITS] = { NULL, };
  guint n_val;
  gboolean ok;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  if (!isfinite (validation_ratio) || validation_ratio < 0.0 || validation_ratio > 1.0)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("The share of validation examples must be between 0 % and 100 %."));
      return FALSE;
    }

  if (!hone_project_check_writable (self, error))
    return FALSE;

  if (filter == NULL)
    filter = all = hone_example_query_new ();

  /* Excluded examples stay out of it */
  inner = hone_example_query_to_sql (filter, self->db, "e.id AS id, e.split AS split", FALSE);
  sql = g_strdup_printf ("SELECT id, split FROM (%s) WHERE split != 'excluded'", inner);
  stmt = hone_store_prepare (self->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  hone_example_query_bind (filter, stmt);

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate c;

      c.id = sqlite3_column_int64 (stmt, 0);
      c.hash = hone_project_split_hash (seed, c.id);
      c.split = HONE_SPLIT_TRAIN;
      hone_split_from_string ((const char *) sqlite3_column_text (stmt, 1), &c.split);
      g_array_append_val (candidates, c);
    }
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the examples"));
      return FALSE;
    }

  /* The examples with the smallest hashes go to validation */
  g_array_sort (candidates, compare_candidates);
  n_val = (guint) floor (validation_ratio * candidates->len + 0.5);
  n_val = MIN (n_val, candidates->len);

  for (guint s = 0; s < HONE_N_SPLITS; s++)
    moves[s] = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, i);
      HoneSplit target = i < n_val ? HONE_SPLIT_VALIDATION : HONE_SPLIT_TRAIN;

      if (c->split != target)
        g_array_append_val (moves[target], c->id);
    }

  ok = write_splits (self, moves, g_strdup (_("Random Split")), error);

  for (guint s = 0; s < HONE_N_SPLITS; s++)
    g_clear_pointer (&moves[s], g_array_unref);

  if (!ok)
    return FALSE;

  if (n_train != NULL)
    *n_train = candidates->len - n_val;
  if (n_validation != NULL)
    *n_validation = n_val;
  return TRUE;
}

/* Checks before a change of a field ------------------------------------------ */

GArray *
hone_project_find_unfit_examples (HoneProject  *self,
                                  HoneField    *as_field,
                                  char        **first_reason,
                                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (HONE_IS_FIELD (as_field), NULL);

  if (first_reason != NULL)
    *first_reason = NULL;

  if (self->db == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_FAILED,
                   _("The project “%s” is closed."), self->display_name);
      return NULL;
    }

  stmt = hone_store_prepare (self->db,
                             "SELECT example_id, value FROM example_values"
                             " WHERE +field_id = ?1 ORDER BY example_id",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, hone_field_get_id (as_field));

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (!hone_field_check_value (as_field, value, NULL, &local_error))
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if (ids->len == 0 && first_reason != NULL)
            *first_reason = g_strdup (local_error->message);
          g_array_append_val (ids, id);
        }
    }
  if (rc != SQLITE_DONE)
    {
      if (first_reason != NULL)
        g_clear_pointer (first_reason, g_free);
      hone_store_set_error (error, self->db, rc, _("Could not read the values of the field"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}
