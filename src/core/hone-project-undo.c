/* hone-project-undo.c: what the undo stack records of a project's edits,
 * and how it puts a project back
 *
 * Two kinds of steps:
 *
 * - Examples steps (set values, insert, duplicate, delete, splits) keep two
 *   snapshots of the examples they touch, before and after: the rows of
 *   `examples` (id, split, source, created, modified) and, unless only the
 *   split changed, all their values. Undo makes those examples exactly as
 *   in the "before" snapshot (an example absent from it is deleted, one
 *   absent from the project is inserted again with its old id), redo as in
 *   the "after" one.
 *
 * - Field steps keep the whole `fields` table before and after (a handful of
 *   rows, in memory) and, where values change, a snapshot of those values:
 *   all the values of a deleted field, the converted values of a field whose
 *   kind changed.
 *
 * Snapshots live in two temporary tables of the project's connection, on
 * disk in SQLite's temporary file, so a step over a million examples does not
 * sit in memory. They are written inside the edit's own savepoint, so an edit
 * that fails leaves none behind, and deleted when the step is forgotten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-project-private.h"
#include "hone-undo-stack-private.h"

static const char create_tables_sql[] =
  "CREATE TEMP TABLE IF NOT EXISTS hone_undo_examples ("
  "  snap     INTEGER NOT NULL,"
  "  id       INTEGER NOT NULL,"
  "  split    TEXT NOT NULL,"
  "  source   TEXT NOT NULL,"
  "  created  INTEGER NOT NULL,"
  "  modified INTEGER NOT NULL,"
  "  PRIMARY KEY (snap, id)"
  ") WITHOUT ROWID;"
  "CREATE TEMP TABLE IF NOT EXISTS hone_undo_values ("
  "  snap       INTEGER NOT NULL,"
  "  example_id INTEGER NOT NULL,"
  "  field_id   INTEGER NOT NULL,"
  "  value      TEXT NOT NULL,"
  "  PRIMARY KEY (snap, example_id, field_id)"
  ") WITHOUT ROWID;";

gboolean
hone_project_is_recording (HoneProject *self)
{
  return self->undo_stack != NULL && !hone_undo_stack_is_replaying (self->undo_stack);
}

gint64
hone_project_new_snapshot (HoneProject *self)
{
  return self->next_snapshot++;
}

static gboolean
ensure_tables (HoneProject  *self,
               GError      **error)
{
  /* Cheap when they exist; recreates them after a rollback undid them */
  return hone_store_exec (self->db, create_tables_sql, error);
}

static gboolean
exec_snap (HoneProject   *self,
           const char    *sql,
           gint64         snap,
           gint64         other,
           const char    *text,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = hone_store_prepare (self->db, sql, error);
  int n_params;
  int rc;

  if (stmt == NULL)
    return FALSE;

  /* ?1 is a snapshot; ?2 another snapshot or a field; ?3 text */
  n_params = sqlite3_bind_parameter_count (stmt);
  sqlite3_bind_int64 (stmt, 1, snap);
  if (n_params >= 2)
    sqlite3_bind_int64 (stmt, 2, other);
  if (n_params >= 3)
    sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not keep what undo needs"));
      return FALSE;
    }

  return TRUE;
}

gint64
hone_project_snapshot_rows (HoneProject  *self,
                            const char   *ids_json,
                            gboolean      with_values,
                            GError      **error)
{
  gint64 snap;

  if (!ensure_tables (self, error))
    return 0;

  snap = hone_project_new_snapshot (self);

  if (!exec_snap (self,
                  "INSERT INTO temp.hone_undo_examples (snap, id, split, source, created, modified)"
                  " SELECT ?1, e.id, e.split, e.source, e.created, e.modified FROM examples e"
                  " WHERE e.id IN (SELECT value FROM json_each (?3))",
                  snap, 0, ids_json, error))
    return 0;

  if (with_values &&
      !exec_snap (self,
                  "INSERT INTO temp.hone_undo_values (snap, example_id, field_id, value)"
                  " SELECT ?1, v.example_id, v.field_id, v.value FROM example_values v"
                  " WHERE v.example_id IN (SELECT value FROM json_each (?3))",
                  snap, 0, ids_json, error))
    return 0;

  return snap;
}

gboolean
hone_project_snapshot_cell (HoneProject  *self,
                            gint64        snapshot,
                            gint64        example_id,
                            gint64        field_id,
                            const char   *value,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!ensure_tables (self, error))
    return FALSE;

  stmt = hone_store_prepare (self->db,
                             "INSERT INTO temp.hone_undo_values (snap, example_id, field_id, value)"
                             " VALUES (?1, ?2, ?3, ?4)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, snapshot);
  sqlite3_bind_int64 (stmt, 2, example_id);
  sqlite3_bind_int64 (stmt, 3, field_id);
  sqlite3_bind_text (stmt, 4, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not keep what undo needs"));
      return FALSE;
    }

  return TRUE;
}

gint64
hone_project_snapshot_field_values (HoneProject  *self,
                                    gint64        field_id,
                                    GError      **error)
{
  gint64 snap;

  if (!ensure_tables (self, error))
    return 0;

  snap = hone_project_new_snapshot (self);
  if (!exec_snap (self,
                  "INSERT INTO temp.hone_undo_values (snap, example_id, field_id, value)"
                  " SELECT ?1, example_id, field_id, value FROM example_values WHERE +field_id = ?2",
                  snap, field_id, NULL, error))
    return 0;

  return snap;
}

static void
drop_snapshots (HoneProject *self,
                gint64       a,
                gint64       b)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL || hone_project_get_db (self) == NULL || (a == 0 && b == 0))
    return;

  /* Nothing to do if the tables were never made */
  if (!ensure_tables (self, &error) ||
      !exec_snap (self, "DELETE FROM temp.hone_undo_examples WHERE snap IN (?1, ?2)", a, b, NULL, &error) ||
      !exec_snap (self, "DELETE FROM temp.hone_undo_values WHERE snap IN (?1, ?2)", a, b, NULL, &error))
    g_debug ("Could not forget an undo step: %s", error->message);
}

/* Examples steps ------------------------------------------------------------ */

typedef struct {
  HoneUndoCommand parent;
  gint64          before;
  gint64          after;
  gboolean        with_values;
} RowsCommand;

static GArray *
query_ids (HoneProject   *self,
           const char    *sql,
           gint64         a,
           gint64         b,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = hone_store_prepare (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  return hone_project_collect_ids (self, stmt, _("Could not read what undo kept"), error);
}

/* Makes the examples of snapshots @target and @other exactly as they are
 * in @target */
static gboolean
restore_rows (HoneProject  *self,
              gint64        target,
              gint64        other,
              gboolean      with_values,
              GError      **error)
{
  g_autoptr(GArray) removed = NULL;
  g_autoptr(GArray) inserted = NULL;
  g_autoptr(GArray) changed = NULL;
  gboolean ok;

  if (!hone_project_write_begin (self, error))
    return FALSE;

  ok = ensure_tables (self, error);

  /* Which examples go, come back, or change: for the signals */
  if (ok)
    removed = query_ids (self,
                         "SELECT id FROM temp.hone_undo_examples WHERE snap = ?2"
                         " AND id NOT IN (SELECT id FROM temp.hone_undo_examples WHERE snap = ?1)",
                         target, other, error);
  if (removed != NULL)
    inserted = query_ids (self,
                          "SELECT id FROM temp.hone_undo_examples WHERE snap = ?1"
                          " AND id NOT IN (SELECT id FROM temp.hone_undo_examples WHERE snap = ?2)",
                          target, other, error);
  if (inserted != NULL)
    changed = query_ids (self,
                         "SELECT id FROM temp.hone_undo_examples WHERE snap = ?1"
                         " AND id IN (SELECT id FROM temp.hone_undo_examples WHERE snap = ?2)",
                         target, other, error);
  ok = changed != NULL;

  ok = ok &&
       exec_snap (self,
                  "DELETE FROM examples WHERE id IN (SELECT id FROM temp.hone_undo_examples WHERE snap = ?2)"
                  " AND id NOT IN (SELECT id FROM temp.hone_undo_examples WHERE snap = ?1)",
                  target, other, NULL, error) &&
       exec_snap (self,
                  "INSERT INTO examples (id, split, source, created, modified)"
                  " SELECT id, split, source, created, modified FROM temp.hone_undo_examples WHERE snap = ?1"
                  " ON CONFLICT (id) DO UPDATE SET split = excluded.split, source = excluded.source,"
                  " created = excluded.created, modified = excluded.modified",
                  target, 0, NULL, error);

  if (ok && with_values)
    ok = exec_snap (self,
                    "DELETE FROM example_values WHERE example_id IN"
                    " (SELECT id FROM temp.hone_undo_examples WHERE snap = ?1)",
                    target, 0, NULL, error) &&
         exec_snap (self,
                    "INSERT INTO example_values (example_id, field_id, value)"
                    " SELECT example_id, field_id, value FROM temp.hone_undo_values WHERE snap = ?1",
                    target, 0, NULL, error);

  if (!hone_project_write_end (self, ok, error))
    return FALSE;

  hone_project_emit_examples (self, HONE_EXAMPLES_REMOVED, g_steal_pointer (&removed));
  hone_project_emit_examples (self, HONE_EXAMPLES_INSERTED, g_steal_pointer (&inserted));
  hone_project_emit_examples (self, HONE_EXAMPLES_CHANGED, g_steal_pointer (&changed));
  return TRUE;
}

static gboolean
rows_apply (HoneUndoCommand  *command,
            HoneProject      *project,
            gboolean          redo,
            GError          **error)
{
  RowsCommand *self = (RowsCommand *) command;

  if (redo)
    return restore_rows (project, self->after, self->before, self->with_values, error);
  else
    return restore_rows (project, self->before, self->after, self->with_values, error);
}

static void
rows_free (HoneUndoCommand *command,
           HoneProject     *project)
{
  RowsCommand *self = (RowsCommand *) command;

  drop_snapshots (project, self->before, self->after);
  g_free (self);
}

static const HoneUndoCommandClass rows_class = { rows_apply, rows_free };

void
hone_project_record_rows (HoneProject  *self,
                          char         *label,
                          gint64        before,
                          gint64        after,
                          gboolean      with_values)
{
  RowsCommand *command = g_new0 (RowsCommand, 1);

  command->parent.klass = &rows_class;
  command->parent.label = label;
  command->before = before;
  command->after = after;
  command->with_values = with_values;

  hone_undo_stack_record (self->undo_stack, &command->parent);
}

/* Field steps --------------------------------------------------------------- */

typedef struct {
  gint64  id;
  char   *name;
  char   *kind;
  char   *description;
  char   *allowed_values;
  gint64  position;
} FieldRow;

static void
field_row_free (gpointer data)
{
  FieldRow *row = data;

  g_free (row->name);
  g_free (row->kind);
  g_free (row->description);
  g_free (row->allowed_values);
  g_free (row);
}

GPtrArray *
hone_project_snapshot_fields (HoneProject  *self,
                              GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (field_row_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = hone_store_prepare (self->db,
                             "SELECT id, name, kind, description, allowed_values, position FROM fields",
                             error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FieldRow *row = g_new0 (FieldRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->description = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->allowed_values = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      row->position = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the fields of the project"));
      return NULL;
    }

  return g_steal_pointer (&rows);
}

typedef struct {
  HoneUndoCommand  parent;
  GPtrArray       *before;          /* FieldRow */
  GPtrArray       *after;
  gint64           values_before;   /* 0: none */
  gint64           values_after;
  gboolean         values_changed;
} FieldsCommand;

static char *
field_ids_json (GPtrArray *rows)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), rows->len);

  for (guint i = 0; i < rows->len; i++)
    g_array_append_val (ids, ((FieldRow *) g_ptr_array_index (rows, i))->id);
  return hone_project_ids_to_json ((const gint64 *) ids->data, ids->len);
}

static gboolean
field_row_equal (const FieldRow *a,
                 const FieldRow *b)
{
  return a->id == b->id && a->position == b->position &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->kind, b->kind) == 0 &&
         g_strcmp0 (a->description, b->description) == 0 &&
         g_strcmp0 (a->allowed_values, b->allowed_values) == 0;
}

/* The rows of @rows that differ from (or are missing in) @other: only
 * those are written back, so that a step touches nothing else */
static GPtrArray *
changed_rows (GPtrArray *rows,
              GPtrArray *other)
{
  GPtrArray *changed = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (rows, i);
      gboolean same = FALSE;

      for (guint j = 0; j < other->len && !same; j++)
        same = field_row_equal (row, g_ptr_array_index (other, j));
      if (!same)
        g_ptr_array_add (changed, row);
    }

  return changed;
}

/* Makes the fields of @rows and @other as they are in @rows: those only in
 * @other are deleted (with their values), the others written back. Fields
 * in neither (another program's) are left alone. Then the values of
 * snapshot @values are written back. */
static gboolean
restore_fields (HoneProject  *self,
                GPtrArray    *rows,
                GPtrArray    *other,
                gint64        values,
                gboolean      values_changed,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(GPtrArray) rewrite = changed_rows (rows, other);
  g_autofree char *ids_json = field_ids_json (rows);
  g_autofree char *other_json = field_ids_json (other);
  g_autofree char *rewrite_json = field_ids_json (rewrite);
  g_autofree char *gone_sql = NULL;
  gboolean templates_changed = FALSE;
  gboolean ok;

  if (!hone_project_write_begin (self, error))
    return FALSE;

  /* Names are unique: park those about to be rewritten under names no field
   * can have (control characters are refused in names) meanwhile */
  gone_sql = g_strdup_printf ("DELETE FROM fields WHERE id IN (SELECT value FROM json_each ('%s'))"
                              " AND id NOT IN (SELECT value FROM json_each (?3))",
                              other_json);
  ok = exec_snap (self, gone_sql, 0, 0, ids_json, error) &&
       exec_snap (self, "UPDATE fields SET name = char (1) || id WHERE id IN (SELECT value FROM json_each (?3))",
                  0, 0, rewrite_json, error);

  upsert = ok ? hone_store_prepare (self->db,
                                    "INSERT INTO fields (id, name, kind, description, allowed_values, position)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                    " ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
                                    " description = excluded.description, allowed_values = excluded.allowed_values,"
                                    " position = excluded.position",
                                    error) : NULL;
  ok = upsert != NULL;

  for (guint i = 0; ok && i < rewrite->len; i++)
    {
      FieldRow *row = g_ptr_array_index (rewrite, i);
      int rc;

      sqlite3_reset (upsert);
      sqlite3_bind_int64 (upsert, 1, row->id);
      sqlite3_bind_text (upsert, 2, row->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 3, row->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 4, row->description, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 5, row->allowed_values, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (upsert, 6, row->position);
      rc = sqlite3_step (upsert);
      if (rc != SQLITE_DONE)
        {
          hone_store_set_error (error, self->db, rc, _("Could not put the field back"));
          ok = FALSE;
        }
    }

  /* A field that gets its old name back takes its uses in the templates
   * with it (as the rename did), so that they keep naming a field; the
   * templates' other edits since stay */
  for (guint i = 0; ok && i < rewrite->len; i++)
    {
      FieldRow *row = g_ptr_array_index (rewrite, i);

      for (guint j = 0; ok && j < other->len; j++)
        {
          FieldRow *now = g_ptr_array_index (other, j);

          if (now->id == row->id && g_strcmp0 (now->name, row->name) != 0)
            ok = hone_project_rename_in_templates (self, now->name, row->name,
                                                   &templates_changed, error);
        }
    }

  if (ok && values != 0)
    ok = ensure_tables (self, error) &&
         exec_snap (self,
                    "INSERT INTO example_values (example_id, field_id, value)"
                    " SELECT example_id, field_id, value FROM temp.hone_undo_values WHERE snap = ?1"
                    " ON CONFLICT (example_id, field_id) DO UPDATE SET value = excluded.value",
                    values, 0, NULL, error);

  if (!hone_project_write_end (self, ok, error))
    {
      if (templates_changed)
        hone_project_load_templates (self, NULL);
      return FALSE;
    }

  hone_project_load_fields (self, NULL);
  if (templates_changed)
    {
      hone_project_load_templates (self, NULL);
      hone_project_emit_templates_changed (self);
    }
  if (values_changed)
    hone_project_emit_examples (self, HONE_EXAMPLES_CHANGED, NULL);

  return TRUE;
}

static gboolean
fields_apply (HoneUndoCommand  *command,
              HoneProject      *project,
              gboolean          redo,
              GError          **error)
{
  FieldsCommand *self = (FieldsCommand *) command;

  if (redo)
    return restore_fields (project, self->after, self->before, self->values_after, self->values_changed, error);
  else
    return restore_fields (project, self->before, self->after, self->values_before, self->values_changed, error);
}

static void
fields_free (HoneUndoCommand *command,
             HoneProject     *project)
{
  FieldsCommand *self = (FieldsCommand *) command;

  drop_snapshots (project, self->values_before, self->values_after);
  g_ptr_array_unref (self->before);
  g_ptr_array_unref (self->after);
  g_free (self);
}

static const HoneUndoCommandClass fields_class = { fields_apply, fields_free };

void
hone_project_record_fields (HoneProject  *self,
                            char         *label,
                            GPtrArray    *before,
                            GPtrArray    *after,
                            gint64        values_before,
                            gint64        values_after,
                            gboolean      values_changed)
{
  FieldsCommand *command = g_new0 (FieldsCommand, 1);

  command->parent.klass = &fields_class;
  command->parent.label = label;
  command->before = before;
  command->after = after;
  command->values_before = values_before;
  command->values_after = values_after;
  command->values_changed = values_changed;

  hone_undo_stack_record (self->undo_stack, &command->parent);
}
