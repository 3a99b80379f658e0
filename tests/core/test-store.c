/* test-store.c: project files: create, reopen, migrate, refuse, crash, concurrency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string.h>

#include <sqlite3.h>

#include "hone-core.h"
#include "hone-store.h"
#include "hone-test-util.h"

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *errmsg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("SQL failed: %s", errmsg);
  sqlite3_close (db);
}

/* Builds a file of schema version 1 from the frozen fixture */
static GFile *
make_v1_file (const char *dir)
{
  g_autofree char *sql_path = g_test_build_filename (G_TEST_DIST, "fixtures", "project-v1.sql", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file = hone_test_file (dir, "old.hone");
  g_autofree char *path = g_file_get_path (file);

  g_file_get_contents (sql_path, &sql, NULL, &error);
  g_assert_no_error (error);
  exec_sql (path, sql);

  return file;
}

/* Builds a file of schema version 2 from the frozen fixture */
static GFile *
make_v2_file (const char *dir)
{
  g_autofree char *sql_path = g_test_build_filename (G_TEST_DIST, "fixtures", "project-v2.sql", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file = hone_test_file (dir, "v2.hone");
  g_autofree char *path = g_file_get_path (file);

  g_file_get_contents (sql_path, &sql, NULL, &error);
  g_assert_no_error (error);
  exec_sql (path, sql);

  return file;
}

/* Builds a file of schema version 3 from the frozen fixture */
static GFile *
make_v3_file (const char *dir)
{
  g_autofree char *sql_path = g_test_build_filename (G_TEST_DIST, "fixtures", "project-v3.sql", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file = hone_test_file (dir, "v3.hone");
  g_autofree char *path = g_file_get_path (file);

  g_file_get_contents (sql_path, &sql, NULL, &error);
  g_assert_no_error (error);
  exec_sql (path, sql);

  return file;
}

static void
test_create_reopen (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) file = hone_test_file (dir, "p.hone");
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  const char *row1[] = { "first\nline two", "a", "3.5" };
  const char *row2[] = { NULL, "b", NULL };
  gint64 id1, id2;

  project = hone_test_project_new (dir, "p.hone");
  g_assert_cmpint (hone_project_get_opened_version (project), ==, HONE_STORE_SCHEMA_VERSION);
  id1 = hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, row1, &error);
  g_assert_no_error (error);
  id2 = hone_project_add_example (project, HONE_SPLIT_VALIDATION, HONE_EXAMPLE_SOURCE_IMPORTED, row2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id1, >, 0);
  g_assert_cmpint (id2, >, id1);
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "{{input}}", &error));
  g_assert_no_error (error);
  g_assert_true (hone_project_set_name (project, "Renamed ✓", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&project));

  /* A second create on the same file is refused */
  g_assert_null (hone_project_create (file, "Again", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_EXISTS);
  g_clear_error (&error);

  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hone_project_get_name (project), ==, "Renamed ✓");
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 3);
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 1)), ==, "label");
  g_assert_cmpint (hone_field_get_kind (hone_project_get_field (project, 1)), ==, HONE_FIELD_KIND_LABEL);
  g_assert_cmpstrv (hone_field_get_allowed_values (hone_project_get_field (project, 1)),
                    ((const char * const[]) { "a", "b", NULL }));
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, &error), ==, 2);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_VALIDATION, &error), ==, 1);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_EXCLUDED, &error), ==, 0);
  g_assert_cmpstr (hone_project_get_template (project, HONE_TEMPLATE_ROLE_USER), ==, "{{input}}");
  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 1);
  g_assert_cmpstr (hone_project_get_template (project, HONE_TEMPLATE_ROLE_SYSTEM), ==, "");

  examples = hone_project_load_examples (project, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (examples->len, ==, 2);
  {
    HoneExample *e1 = g_ptr_array_index (examples, 0);
    HoneExample *e2 = g_ptr_array_index (examples, 1);
    gint64 f_input = hone_field_get_id (hone_project_get_field (project, 0));
    gint64 f_label = hone_field_get_id (hone_project_get_field (project, 1));
    gint64 f_score = hone_field_get_id (hone_project_get_field (project, 2));

    g_assert_cmpint (hone_example_get_id (e1), ==, id1);
    g_assert_cmpstr (hone_example_get_value (e1, f_input), ==, "first\nline two");
    g_assert_cmpstr (hone_example_get_value (e1, f_label), ==, "a");
    g_assert_cmpstr (hone_example_get_value (e1, f_score), ==, "3.5");
    g_assert_cmpint (hone_example_get_split (e2), ==, HONE_SPLIT_VALIDATION);
    g_assert_cmpint (hone_example_get_source (e2), ==, HONE_EXAMPLE_SOURCE_IMPORTED);
    g_assert_null (hone_example_get_value (e2, f_input));
    g_assert_cmpint (hone_example_get_created (e2), >, 1700000000);
  }

  g_clear_pointer (&examples, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

/* A project file copied elsewhere (another folder, another machine) opens
 * there with everything in it: it holds no absolute paths */
static void
test_copied_file_opens (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autofree char *other_dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "travels.hone");
  g_autoptr(GFile) copy = hone_test_file (other_dir, "copied.hone");
  g_autoptr(GError) error = NULL;
  const char *row[] = { "packed", "b", "4" };

  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, row, &error), >, 0);
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "{{input}}", &error));
  g_assert_true (g_file_copy (hone_project_get_file (project), copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));

  project = hone_project_open (copy, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hone_project_get_name (project), ==, "Test project");
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, &error), ==, 1);
  g_assert_cmpstr (hone_project_get_template (project, HONE_TEMPLATE_ROLE_USER), ==, "{{input}}");
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&other_dir));
}

static void
test_migrate_v1 (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) file = make_v1_file (dir);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *backup = g_strconcat (path, ".v1.bak", NULL);
  g_autofree char *before = hone_test_checksum (file);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(GPtrArray) examples = NULL;

  /* Read-only: upgraded in memory, the file stays exactly as it was */
  project = hone_project_open (file, HONE_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_opened_version (project), ==, 1);
  g_assert_cmpstr (hone_project_get_name (project), ==, "Ticket triage (v1)");
  g_assert_cmpstr (hone_project_get_template (project, HONE_TEMPLATE_ROLE_ASSISTANT), ==, "{{priority}}");
  g_assert_false (hone_project_set_name (project, "X", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_finalize_object (g_steal_pointer (&project));
  after = hone_test_checksum (file);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  /* Read-write: upgraded in place, after a backup */
  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_opened_version (project), ==, 1);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (hone_project_get_name (project), ==, "Ticket triage (v1)");
  g_assert_cmpstr (hone_project_get_description (project), ==, "Made by Hone 0.0.9");
  g_assert_cmpint (hone_project_get_created (project), ==, 1764000000);
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 3);
  g_assert_cmpstrv (hone_field_get_allowed_values (hone_project_find_field (project, "priority")),
                    ((const char * const[]) { "low", "normal", "urgent", NULL }));
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, &error), ==, 3);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_EXCLUDED, &error), ==, 1);
  for (guint r = 0; r < HONE_N_TEMPLATE_ROLES; r++)
    g_assert_cmpint (hone_project_get_template_version (project, r), ==, 1);
  g_assert_cmpstr (hone_project_get_template (project, HONE_TEMPLATE_ROLE_SYSTEM), ==,
                   "You sort support tickets by priority.");

  examples = hone_project_load_examples (project, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (examples->len, ==, 3);
  g_assert_cmpstr (hone_example_get_value (g_ptr_array_index (examples, 0), 1), ==,
                   "The app crashes when I press “Save”.\nTwice today.");
  g_assert_cmpstr (hone_example_get_value (g_ptr_array_index (examples, 2), 1), ==, "Ünïcödé ✓ 日本語");
  g_assert_cmpint (hone_example_get_source (g_ptr_array_index (examples, 2)), ==, HONE_EXAMPLE_SOURCE_FEEDBACK);

  /* Template versions now accumulate */
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "Ticket: {{ticket}}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 2);
  g_assert_cmpint (hone_project_count_template_versions (project, HONE_TEMPLATE_ROLE_USER, &error), ==, 2);
  g_clear_pointer (&examples, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&project));

  /* And it reopens as the current version */
  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_opened_version (project), ==, HONE_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (hone_project_get_template (project, HONE_TEMPLATE_ROLE_USER), ==, "Ticket: {{ticket}}");
  g_assert_finalize_object (g_steal_pointer (&project));

  hone_test_dir_free (g_steal_pointer (&dir));
}

/* Version 4 adds the fine-tune tables: a version 3 file upgrades with
 * everything kept and no fine-tunes, and can record one at once */
static void
test_migrate_v3 (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) file = make_v3_file (dir);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *backup = g_strconcat (path, ".v3.bak", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(GPtrArray) fine_tunes = NULL;
  g_autoptr(HoneFineTuneRecord) record = hone_fine_tune_record_new ();
  gint64 modified;

  project = hone_project_open (file, HONE_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_opened_version (project), ==, 3);
  /* upgraded in memory: no fine-tunes, and none can be added */
  fine_tunes = hone_project_list_fine_tunes (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fine_tunes->len, ==, 0);
  g_clear_pointer (&fine_tunes, g_ptr_array_unref);
  record->provider_id = g_strdup ("together");
  record->model_id = g_strdup ("Qwen/Qwen3-8B");
  g_assert_cmpint (hone_project_add_fine_tune (project, record, &error), ==, 0);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_finalize_object (g_steal_pointer (&project));

  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_opened_version (project), ==, 3);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (hone_project_get_name (project), ==, "Review replies (v3)");
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, &error), ==, 4);
  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 2);
  g_assert_true (hone_project_get_template_kept (project, HONE_TEMPLATE_ROLE_USER));
  fine_tunes = hone_project_list_fine_tunes (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fine_tunes->len, ==, 0);
  g_clear_pointer (&fine_tunes, g_ptr_array_unref);

  modified = hone_project_get_modified (project);
  g_assert_cmpint (hone_project_add_fine_tune (project, record, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_modified (project), ==, modified);
  g_assert_finalize_object (g_steal_pointer (&project));

  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_opened_version (project), ==, HONE_STORE_SCHEMA_VERSION);
  fine_tunes = hone_project_list_fine_tunes (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fine_tunes->len, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&project));
}

static void
test_migrate_v2 (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) file = make_v2_file (dir);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *backup = g_strconcat (path, ".v2.bak", NULL);
  g_autofree char *before = hone_test_checksum (file);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(HoneUndoStack) undo = NULL;
  const gint64 ids[] = { 1, 2, 3, 4, 5 };

  /* Read-only: the file stays exactly as it was */
  project = hone_project_open (file, HONE_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_opened_version (project), ==, 2);
  g_assert_cmpstr (hone_project_get_name (project), ==, "Review replies (v2)");
  /* Upgraded in memory: versions written before version 3 are all kept */
  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 2);
  g_assert_true (hone_project_get_template_kept (project, HONE_TEMPLATE_ROLE_USER));
  g_assert_cmpint (hone_project_get_template_style (project), ==, HONE_TEMPLATE_STYLE_CHAT);
  g_assert_finalize_object (g_steal_pointer (&project));
  after = hone_test_checksum (file);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  /* Read-write: everything is there (upgraded after a backup once the
   * format moves on) */
  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_opened_version (project), ==, 2);
  g_assert_cmpint (g_file_test (backup, G_FILE_TEST_EXISTS), ==, HONE_STORE_SCHEMA_VERSION > 2);
  g_assert_cmpstr (hone_project_get_description (project), ==, "Made by Hone 0.1.0");
  g_assert_cmpint (hone_project_get_created (project), ==, 1795000000);

  /* Fields in their (moved) order, with ids, kinds and labels */
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 4);
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 0)), ==, "mood");
  g_assert_cmpint (hone_field_get_id (hone_project_get_field (project, 0)), ==, 3);
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 1)), ==, "review");
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 3)), ==, "answered");
  g_assert_cmpint (hone_field_get_kind (hone_project_get_field (project, 3)), ==, HONE_FIELD_KIND_YES_NO);
  g_assert_cmpstrv (hone_field_get_allowed_values (hone_project_get_field (project, 0)),
                    ((const char * const[]) { "happy", "angry", "mixed", NULL }));
  g_assert_cmpstr (hone_field_get_description (hone_project_get_field (project, 1)), ==, "What the customer wrote");

  /* Examples with their gap, splits, sources, times and values */
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, &error), ==, 4);
  examples = hone_project_load_examples_by_id (project, ids, G_N_ELEMENTS (ids), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (examples->len, ==, 4);
  g_assert_cmpint (hone_example_get_id (g_ptr_array_index (examples, 2)), ==, 4);
  g_assert_cmpint (hone_example_get_split (g_ptr_array_index (examples, 1)), ==, HONE_SPLIT_VALIDATION);
  g_assert_cmpint (hone_example_get_source (g_ptr_array_index (examples, 3)), ==, HONE_EXAMPLE_SOURCE_FEEDBACK);
  g_assert_cmpint (hone_example_get_modified (g_ptr_array_index (examples, 1)), ==, 1795000400);
  g_assert_cmpstr (hone_example_get_value (g_ptr_array_index (examples, 0), 1), ==,
                   "Arrived broken.\nThe box was fine, the cup was not.");
  g_assert_cmpstr (hone_example_get_value (g_ptr_array_index (examples, 1), 1), ==, "Très bien, merci ✓");
  g_assert_cmpstr (hone_example_get_value (g_ptr_array_index (examples, 2), 1), ==, "配送が早かった");
  g_assert_cmpstr (hone_example_get_value (g_ptr_array_index (examples, 1), 2), ==, "4.5");
  g_assert_null (hone_example_get_value (g_ptr_array_index (examples, 3), 1));

  /* Templates, with their versions */
  g_assert_cmpstr (hone_project_get_template (project, HONE_TEMPLATE_ROLE_USER), ==,
                   "Review ({{stars}} stars): {{review}}");
  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 2);
  g_assert_cmpint (hone_project_count_template_versions (project, HONE_TEMPLATE_ROLE_USER, &error), ==, 2);
  {
    g_autofree char *first = hone_project_get_template_version_text (project, HONE_TEMPLATE_ROLE_USER, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (first, ==, "{{review}}");
  }

  /* Version 3 of the format: every version an older Hone wrote is kept (a
   * fine-tune may point at it), so the first edit makes a new version, and
   * the edits after it update that one in place */
  for (guint r = 0; r < HONE_N_TEMPLATE_ROLES; r++)
    g_assert_true (hone_project_get_template_kept (project, r));
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "Review: {{review}}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 3);
  g_assert_false (hone_project_get_template_kept (project, HONE_TEMPLATE_ROLE_USER));
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "Review: {{review}}!", &error));
  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 3);
  g_assert_cmpint (hone_project_count_template_versions (project, HONE_TEMPLATE_ROLE_USER, &error), ==, 3);
  {
    g_autofree char *second = hone_project_get_template_version_text (project, HONE_TEMPLATE_ROLE_USER, 2, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (second, ==, "Review ({{stars}} stars): {{review}}");
  }
  {
    /* The upgraded file's rows: kept and modified come from the old ones */
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    GString *rows = g_string_new (NULL);

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT role, version, kept, modified = created OR (kept = 0 AND modified >= created) FROM template_versions"
                                             " WHERE role = 'user' ORDER BY version", -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (rows, "%s %d %d %d;", sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1),
                              sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    g_assert_cmpstr (rows->str, ==, "user 1 1 1;user 2 1 1;user 3 0 1;");
    g_string_free (rows, TRUE);
  }

  /* It can be edited, and the edits undone */
  undo = hone_undo_stack_new (project);
  g_assert_true (hone_project_set_value (project, 4, 2, "2", &error));
  g_assert_true (hone_project_delete_field (project, 3, &error));
  g_assert_no_error (error);
  g_assert_true (hone_undo_stack_undo (undo, &error));
  g_assert_true (hone_undo_stack_undo (undo, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 0)), ==, "mood");
  g_clear_object (&undo);
  g_clear_pointer (&examples, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&project));

  /* And it reopens as the current version */
  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_get_opened_version (project), ==, HONE_STORE_SCHEMA_VERSION);
  examples = hone_project_load_examples_by_id (project, ids, G_N_ELEMENTS (ids), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hone_example_get_value (g_ptr_array_index (examples, 0), 3), ==, "angry");
  g_assert_null (hone_example_get_value (g_ptr_array_index (examples, 2), 2));
  g_assert_cmpstr (hone_project_get_template (project, HONE_TEMPLATE_ROLE_USER), ==, "Review: {{review}}!");
  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 3);
  g_assert_false (hone_project_get_template_kept (project, HONE_TEMPLATE_ROLE_USER));
  g_assert_true (hone_project_get_template_kept (project, HONE_TEMPLATE_ROLE_SYSTEM));
  g_clear_pointer (&examples, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&project));

  hone_test_dir_free (g_steal_pointer (&dir));
}

/* Every version from 1 up to the current one, made by the migrations
 * themselves, opens. (The frozen fixture above guards against a migration
 * being edited after release.) */
static void
test_migrate_every_version (void)
{
  for (int v = 1; v <= HONE_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *dir = hone_test_dir_new ();
      g_autoptr(GFile) file = hone_test_file (dir, "v.hone");
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autoptr(HoneProject) project = NULL;
      sqlite3 *db = hone_store_open_db (path, HONE_STORE_OPEN_CREATE, &error);

      g_assert_no_error (error);
      g_assert_true (hone_store_migrate_to (db, 0, v, &error));
      g_assert_no_error (error);
      sqlite3_exec (db, "INSERT INTO meta VALUES ('name', 'Made at version');", NULL, NULL, NULL);
      sqlite3_close (db);

      project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (hone_project_get_opened_version (project), ==, v);
      g_assert_cmpstr (hone_project_get_name (project), ==, "Made at version");
      g_assert_nonnull (hone_project_add_field (project, "x", HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "{{x}}", &error));
      g_assert_no_error (error);
      g_assert_finalize_object (g_steal_pointer (&project));
      hone_test_dir_free (g_steal_pointer (&dir));
    }
}

static void
assert_refused (GFile        *file,
                HoneErrorCode code,
                const char   *message_part)
{
  g_autofree char *before = hone_test_checksum (file);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = NULL;

  for (guint flags = 0; flags <= HONE_PROJECT_OPEN_READ_ONLY; flags++)
    {
      project = hone_project_open (file, flags, &error);
      g_assert_null (project);
      g_assert_error (error, HONE_ERROR, (int) code);
      if (message_part != NULL && strstr (error->message, message_part) == NULL)
        g_error ("“%s” does not mention “%s”", error->message, message_part);
      g_clear_error (&error);
    }

  after = hone_test_checksum (file);
  g_assert_cmpstr (before, ==, after);
}

static void
test_refuse_not_a_project (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) text = hone_test_file (dir, "notes.hone");
  g_autoptr(GFile) empty = hone_test_file (dir, "empty.hone");
  g_autoptr(GFile) other_db = hone_test_file (dir, "other.hone");
  g_autoptr(GFile) missing = hone_test_file (dir, "missing.hone");
  g_autofree char *other_path = g_file_get_path (other_db);
  g_autoptr(GError) error = NULL;
  guint8 junk[4096];

  g_file_replace_contents (text, "Dear diary,\nThis is not a project.\n", 35, NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_refused (text, HONE_ERROR_NOT_A_PROJECT, "notes.hone");

  g_file_replace_contents (empty, "", 0, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_refused (empty, HONE_ERROR_NOT_A_PROJECT, "empty.hone");

  exec_sql (other_path, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');");
  assert_refused (other_db, HONE_ERROR_NOT_A_PROJECT, "not a Hone project");

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) g_test_rand_int ();
  g_file_replace_contents (text, (const char *) junk, sizeof junk, NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_refused (text, HONE_ERROR_NOT_A_PROJECT, NULL);

  g_assert_null (hone_project_open (missing, HONE_PROJECT_OPEN_NONE, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_false (g_file_query_exists (missing, NULL));

  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_refuse_newer (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) file = hone_test_file (dir, "future.hone");
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = hone_project_create (file, "From the future", &error);

  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&project));
  exec_sql (path, "PRAGMA user_version = 99;");

  assert_refused (file, HONE_ERROR_TOO_NEW, "newer version of Hone");
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_refuse_corrupt (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = NULL;
  gsize len;

  project = hone_test_project_new (dir, "broken.hone");
  file = g_object_ref (hone_project_get_file (project));
  path = g_file_get_path (file);
  for (guint i = 0; i < 200; i++)
    {
      const char *row[] = { "some text that takes up space in the pages of the file", "a", "1" };
      g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, row, &error), >, 0);
    }
  g_assert_finalize_object (g_steal_pointer (&project));

  /* Scribble over everything after the first page, keeping the header */
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 8192);
  for (gsize i = 4096; i < len; i++)
    contents[i] = (char) (i * 31 + 7);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);

  assert_refused (file, HONE_ERROR_CORRUPT, "broken.hone” is damaged");

  /* Cut short in the middle of the first page */
  g_file_set_contents (path, contents, 2048, &error);
  g_assert_no_error (error);
  assert_refused (file, HONE_ERROR_CORRUPT, "broken.hone");

  hone_test_dir_free (g_steal_pointer (&dir));
}

/* A child process writes transactions of BATCH examples in a loop and is
 * killed with SIGKILL at a random moment: the file must open and hold a
 * whole number of batches. A second child is killed inside an open
 * transaction: nothing of it may remain. */
#define BATCH 50

static void
write_batches_forever (const char *path,
                       int         ready_fd,
                       gboolean    commit)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HoneProject) project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, NULL);
  gboolean told = FALSE;

  if (project == NULL)
    _exit (3);

  for (guint round = 0; ; round++)
    {
      if (!hone_project_begin (project, NULL))
        _exit (4);
      for (guint i = 0; i < BATCH; i++)
        {
          const char *row[] = { "killed mid-write", "b", "2" };
          if (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, row, NULL) == 0)
            _exit (5);
        }
      if (!commit)
        {
          if (write (ready_fd, "r", 1) != 1)
            _exit (6);
          for (;;)
            pause ();
        }
      if (!hone_project_commit (project, NULL))
        _exit (7);
      if (!told && round >= 3)
        {
          told = TRUE;
          if (write (ready_fd, "r", 1) != 1)
            _exit (6);
        }
    }
}

static gint64
kill_writer (const char *path,
             gboolean    commit,
             guint       delay_ms)
{
  int fds[2];
  pid_t pid;
  char c;
  int status;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = NULL;
  gint64 count;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      write_batches_forever (path, fds[1], commit);
      _exit (0);
    }

  close (fds[1]);
  g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
  close (fds[0]);
  g_usleep (delay_ms * 1000);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));

  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  count = hone_project_count_examples (project, HONE_SPLIT_ANY, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&project));

  return count;
}

static void
test_crash_mid_write (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "crash.hone");
  g_autofree char *path = g_file_get_path (hone_project_get_file (project));
  gint64 count, before;

  g_assert_finalize_object (g_steal_pointer (&project));

  for (guint attempt = 0; attempt < 5; attempt++)
    {
      count = kill_writer (path, TRUE, g_test_rand_int_range (0, 40));
      g_assert_cmpint (count, >=, 4 * BATCH);
      g_assert_cmpint (count % BATCH, ==, 0);
    }

  before = count;
  count = kill_writer (path, FALSE, 10);
  g_assert_cmpint (count, ==, before);

  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_concurrent_reader (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) writer = hone_test_project_new (dir, "shared.hone");
  g_autoptr(HoneProject) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char *row[] = { "x", "a", "1" };

  reader = hone_project_open (hone_project_get_file (writer), HONE_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  g_assert_true (hone_project_begin (writer, &error));
  for (guint i = 0; i < 100; i++)
    g_assert_cmpint (hone_project_add_example (writer, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, row, &error), >, 0);

  /* The reader is not blocked and sees the state before the commit */
  g_assert_cmpint (hone_project_count_examples (reader, HONE_SPLIT_ANY, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_true (hone_project_commit (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_count_examples (reader, HONE_SPLIT_ANY, &error), ==, 100);

  /* A rolled back transaction leaves nothing */
  g_assert_true (hone_project_begin (writer, &error));
  g_assert_nonnull (hone_project_add_field (writer, "later", HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, &error));
  g_assert_cmpint (hone_project_add_example (writer, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED,
                                             (const char *[]) { "x", "a", "1", "four" }, &error), >, 0);
  hone_project_rollback (writer);
  g_assert_cmpint (hone_project_count_examples (reader, HONE_SPLIT_ANY, &error), ==, 100);
  g_assert_cmpint (hone_project_count_examples (writer, HONE_SPLIT_ANY, &error), ==, 100);
  g_assert_cmpuint (hone_project_get_n_fields (writer), ==, 3);

  g_assert_finalize_object (g_steal_pointer (&reader));
  g_assert_finalize_object (g_steal_pointer (&writer));
  hone_test_dir_free (g_steal_pointer (&dir));
}

typedef struct {
  GFile    *file;
  gint      done;
} ThreadData;

static gpointer
writer_thread (gpointer data)
{
  ThreadData *td = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = hone_project_open (td->file, HONE_PROJECT_OPEN_NONE, &error);
  const char *row[] = { "threaded", "b", "9" };

  g_assert_no_error (error);
  for (guint round = 0; round < 40; round++)
    {
      g_assert_true (hone_project_begin (project, &error));
      for (guint i = 0; i < 10; i++)
        g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, row, &error), >, 0);
      g_assert_true (hone_project_commit (project, &error));
      g_assert_no_error (error);
    }
  g_atomic_int_set (&td->done, 1);
  return NULL;
}

static void
test_concurrent_threads (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "threads.hone");
  g_autoptr(HoneProject) reader = NULL;
  g_autoptr(GError) error = NULL;
  ThreadData td = { hone_project_get_file (project), 0 };
  GThread *thread;
  gint64 last = 0;
  guint reads = 0;

  reader = hone_project_open (td.file, HONE_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("writer", writer_thread, &td);

  while (!g_atomic_int_get (&td.done) || reads == 0)
    {
      gint64 n = hone_project_count_examples (reader, HONE_SPLIT_ANY, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n % 10, ==, 0);
      g_assert_cmpint (n, >=, last);
      last = n;
      reads++;
    }
  g_thread_join (thread);

  g_assert_cmpint (hone_project_count_examples (reader, HONE_SPLIT_ANY, &error), ==, 400);
  g_assert_finalize_object (g_steal_pointer (&reader));
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/create-reopen", test_create_reopen);
  g_test_add_func ("/store/copied-file-opens", test_copied_file_opens);
  g_test_add_func ("/store/migrate/v1-fixture", test_migrate_v1);
  g_test_add_func ("/store/migrate/v2-fixture", test_migrate_v2);
  g_test_add_func ("/store/migrate/v3-fixture", test_migrate_v3);
  g_test_add_func ("/store/migrate/every-version", test_migrate_every_version);
  g_test_add_func ("/store/refuse/not-a-project", test_refuse_not_a_project);
  g_test_add_func ("/store/refuse/newer", test_refuse_newer);
  g_test_add_func ("/store/refuse/corrupt", test_refuse_corrupt);
  g_test_add_func ("/store/crash-mid-write", test_crash_mid_write);
  g_test_add_func ("/store/concurrent/reader", test_concurrent_reader);
  g_test_add_func ("/store/concurrent/threads", test_concurrent_threads);

  return g_test_run ();
}
