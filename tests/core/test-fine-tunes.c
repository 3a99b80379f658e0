/* test-fine-tunes.c: what a project remembers of its fine-tunes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "hone-core.h"
#include "hone-error.h"
#include "hone-test-util.h"

static void
count_cb (HoneProject *project,
          gint64       id,
          gpointer     user_data)
{
  GArray *seen = user_data;
  g_array_append_val (seen, id);
}

static HoneFineTuneRecord *
make_record (void)
{
  HoneFineTuneRecord *record = hone_fine_tune_record_new ();

  record->provider_id = g_strdup ("together");
  record->model_id = g_strdup ("Qwen/Qwen3-8B");
  record->settings_json = g_strdup ("{\"epochs\":3}");
  record->estimate_tokens = 120000;
  record->estimate_price = 0.48;
  record->template_versions[HONE_TEMPLATE_ROLE_USER] = 2;
  record->n_train = 40;
  return record;
}

/* Every step is written and read back member by member, across a reopen;
 * none of it is on the undo stack or changes "modified" */
static void
test_record_steps (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "p.hone");
  g_autoptr(HoneUndoStack) undo = hone_undo_stack_new (project);
  g_autoptr(HoneFineTuneRecord) record = make_record ();
  g_autoptr(HoneFineTuneRecord) back = NULL;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_object_ref (hone_project_get_file (project));
  gint64 id, modified;

  g_signal_connect (project, "fine-tune-changed", G_CALLBACK (count_cb), seen);
  modified = hone_project_get_modified (project);
  g_assert_true (g_str_has_prefix (record->upload_name, "hone-"));
  g_assert_cmpuint (strlen (record->upload_name), ==, 17);

  id = hone_project_add_fine_tune (project, record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (record->id, ==, id);
  g_assert_cmpint (record->created, >, 0);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_false (hone_fine_tune_record_is_final (record));
  g_assert_true (hone_fine_tune_step_is_unfinished (record->step));

  record->step = HONE_FINE_TUNE_STEP_UPLOADING;
  record->training_file_id = g_strdup ("file-train-1");
  g_assert_true (hone_project_update_fine_tune (project, record, &error));
  g_assert_no_error (error);
  record->step = HONE_FINE_TUNE_STEP_STARTED;
  record->job_id = g_strdup ("ft-abc");
  record->status = g_strdup ("running");
  record->raw_status = g_strdup ("running");
  record->billed_tokens = 119000;
  record->started = 1795000100;
  record->billed_price = 0.5;
  record->metrics_json = g_strdup ("[{\"step\":1,\"train_loss\":2.5}]");
  g_assert_true (hone_project_update_fine_tune (project, record, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 3);

  g_assert_cmpint (hone_project_get_modified (project), ==, modified);
  g_assert_false (hone_undo_stack_can_undo (undo));

  g_clear_object (&undo);
  g_assert_finalize_object (g_steal_pointer (&project));
  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);

  back = hone_project_get_fine_tune (project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->provider_id, ==, "together");
  g_assert_cmpstr (back->model_id, ==, "Qwen/Qwen3-8B");
  g_assert_null (back->base_url);
  g_assert_cmpstr (back->upload_name, ==, record->upload_name);
  g_assert_cmpint (back->step, ==, HONE_FINE_TUNE_STEP_STARTED);
  g_assert_cmpstr (back->settings_json, ==, "{\"epochs\":3}");
  g_assert_cmpstr (back->training_file_id, ==, "file-train-1");
  g_assert_null (back->validation_file_id);
  g_assert_cmpstr (back->job_id, ==, "ft-abc");
  g_assert_cmpstr (back->status, ==, "running");
  g_assert_cmpint (back->estimate_tokens, ==, 120000);
  g_assert_cmpfloat (back->estimate_price, ==, 0.48);
  g_assert_cmpint (back->billed_tokens, ==, 119000);
  g_assert_cmpfloat (back->billed_price, ==, 0.5);
  g_assert_cmpint (back->template_versions[HONE_TEMPLATE_ROLE_USER], ==, 2);
  g_assert_cmpint (back->template_versions[HONE_TEMPLATE_ROLE_SYSTEM], ==, 0);
  g_assert_cmpint (back->n_train, ==, 40);
  g_assert_cmpint (back->started, ==, 1795000100);
  g_assert_cmpint (back->finished, ==, 0);
  g_assert_cmpstr (back->metrics_json, ==, record->metrics_json);
  g_assert_null (back->events_json);
  g_assert_false (hone_fine_tune_record_is_final (back));

  /* By job id or by number; a wrong one says where to look */
  g_clear_pointer (&back, hone_fine_tune_record_free);
  back = hone_project_find_fine_tune (project, "ft-abc", &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->id, ==, id);
  g_clear_pointer (&back, hone_fine_tune_record_free);
  back = hone_project_find_fine_tune (project, "1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->id, ==, id);
  g_clear_pointer (&back, hone_fine_tune_record_free);
  back = hone_project_find_fine_tune (project, "ft-nope", &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "ft-nope"));
  g_clear_error (&error);

  /* A running job cannot be forgotten; a finished one can */
  g_assert_false (hone_project_delete_fine_tune (project, id, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);
  g_free (record->status);
  record->status = g_strdup ("succeeded");
  g_assert_true (hone_fine_tune_record_is_final (record));
  g_assert_true (hone_project_update_fine_tune (project, record, &error));
  g_assert_true (hone_project_delete_fine_tune (project, id, &error));
  g_assert_no_error (error);
  list = hone_project_list_fine_tunes (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);

  /* Updating what is gone fails and says so */
  g_assert_false (hone_project_update_fine_tune (project, record, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_finalize_object (g_steal_pointer (&project));
}

/* A start that stopped with files on the provider stays until they are
 * cleaned up; the list is newest first */
static void
test_not_started_and_list (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "p.hone");
  g_autoptr(HoneFineTuneRecord) first = make_record ();
  g_autoptr(HoneFineTuneRecord) second = make_record ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  first->created = 1000;
  g_assert_cmpint (hone_project_add_fine_tune (project, first, &error), >, 0);
  g_assert_cmpint (hone_project_add_fine_tune (project, second, &error), >, 0);
  list = hone_project_list_fine_tunes (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((HoneFineTuneRecord *) list->pdata[0])->id, ==, second->id);
  g_assert_cmpint (((HoneFineTuneRecord *) list->pdata[1])->created, ==, 1000);

  first->step = HONE_FINE_TUNE_STEP_NOT_STARTED;
  first->training_file_id = g_strdup ("file-1");
  first->error_message = g_strdup ("Together refused the file");
  g_assert_true (hone_project_update_fine_tune (project, first, &error));
  g_assert_true (hone_fine_tune_record_is_final (first));
  g_assert_false (hone_project_delete_fine_tune (project, first->id, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);
  first->files_deleted = TRUE;
  g_assert_true (hone_project_update_fine_tune (project, first, &error));
  g_assert_true (hone_project_delete_fine_tune (project, first->id, &error));
  g_assert_no_error (error);

  /* A record without a provider is refused before anything is written */
  g_clear_pointer (&second->provider_id, g_free);
  g_assert_false (hone_project_update_fine_tune (project, second, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_finalize_object (g_steal_pointer (&project));
}

/* The files come back byte for byte with their rows; a damaged copy is
 * refused rather than shown as what trained the model */
static void
test_files (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "p.hone");
  g_autoptr(HoneFineTuneRecord) record = make_record ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) rows_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  sqlite3 *db = NULL;
  gint64 size = 0;

  for (gint64 i = 1; i <= 3000; i++)
    {
      g_string_append_printf (text, "{\"messages\":[{\"role\":\"user\",\"content\":\"Question %" G_GINT64_FORMAT " é ✓\"}]}\n", i);
      gint64 row = i * 2;
      g_array_append_val (rows, row);
    }
  content = g_string_free_to_bytes (g_steal_pointer (&text));
  g_assert_cmpint (hone_project_add_fine_tune (project, record, &error), >, 0);

  back = hone_project_dup_fine_tune_file (project, record->id, HONE_FINE_TUNE_FILE_TRAIN, NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (hone_project_store_fine_tune_file (project, record->id, HONE_FINE_TUNE_FILE_TRAIN,
                                                    content, rows, &error));
  g_assert_no_error (error);
  back = hone_project_dup_fine_tune_file (project, record->id, HONE_FINE_TUNE_FILE_TRAIN, &rows_back, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (content, back));
  g_assert_cmpuint (rows_back->len, ==, 3000);
  g_assert_cmpint (g_array_index (rows_back, gint64, 2999), ==, 6000);
  g_clear_pointer (&back, g_bytes_unref);

  /* compressed in the file */
  path = g_file_get_path (hone_project_get_file (project));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT length(content), size FROM fine_tune_files", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    size = sqlite3_column_int64 (stmt, 0);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, g_bytes_get_size (content));
    sqlite3_finalize (stmt);
  }
  g_assert_cmpint (size, <, (gint64) g_bytes_get_size (content) / 4);

  /* damage one byte of the compressed copy */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE fine_tune_files SET content = substr(content, 1, 40) || x'00' || substr(content, 42)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  back = hone_project_dup_fine_tune_file (project, record->id, HONE_FINE_TUNE_FILE_TRAIN, NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_CORRUPT);
  g_assert_null (back);
  g_clear_error (&error);

  /* removing the fine-tune removes its files */
  g_free (record->status);
  record->step = HONE_FINE_TUNE_STEP_STARTED;
  record->status = g_strdup ("failed");
  g_assert_true (hone_project_update_fine_tune (project, record, &error));
  g_assert_true (hone_project_delete_fine_tune (project, record->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM fine_tune_files", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
  g_assert_finalize_object (g_steal_pointer (&project));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fine-tunes/record-steps", test_record_steps);
  g_test_add_func ("/fine-tunes/not-started-and-list", test_not_started_and_list);
  g_test_add_func ("/fine-tunes/files", test_files);

  return g_test_run ();
}
