/* test-fine-tune-runner.c: starting, resuming, giving up and following
 * fine-tunes against a fake Together AI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The runner writes the project's record before every step; these tests
 * cut the start at each step (a failed upload, a lost answer to "create",
 * a refusal, a quit while preparing, the person's cancel), reopen the
 * project as a restart would, and check that resume() finishes it without
 * a second job or a second upload, and that the record always says what
 * happened.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "hone-core.h"
#include "hone-error.h"
#include "hone-fake-together.h"
#include "hone-fine-tune-diff.h"
#include "hone-fine-tune-runner.h"
#include "hone-fine-tune-sync.h"

#define API_KEY "tgp_v1_secret-runner-key"

static const HoneRetryPolicy fast_policy = { 3, 10, 2000 };

typedef struct {
  char             *dir;
  GFile            *file;
  HoneFakeServer   *server;
  HoneFakeTogether *together;
  HoneProject      *project;
  HoneProvider     *provider;
  HoneFineTuneRunner *runner;
} Fixture;

static void
make_provider (Fixture *fixture)
{
  g_autofree char *base = hone_fake_server_url (fixture->server, "/v1");
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->runner);
  g_clear_object (&fixture->provider);
  fixture->provider = hone_provider_new ("together", NULL, API_KEY, base, &error);
  g_assert_no_error (error);
  hone_provider_set_retry_policy (fixture->provider, &fast_policy);
  fixture->runner = hone_fine_tune_runner_new (fixture->project, fixture->provider);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("hone-runner-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "sample.hone", NULL);
  fixture->file = g_file_new_for_path (path);
  fixture->project = hone_sample_create (fixture->file, &error);
  g_assert_no_error (error);

  fixture->server = hone_fake_server_new ();
  fixture->together = hone_fake_together_new (fixture->server);
  make_provider (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->runner);
  g_clear_object (&fixture->provider);
  g_assert_finalize_object (g_steal_pointer (&fixture->project));
  g_clear_pointer (&fixture->together, hone_fake_together_free);
  g_clear_pointer (&fixture->server, hone_fake_server_free);
  g_clear_object (&fixture->file);
  /* the project, its -wal/-shm and backups */
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* A restart: the project is opened again and a new runner made */
static void
restart (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->runner);
  g_assert_finalize_object (g_steal_pointer (&fixture->project));
  fixture->project = hone_project_open (fixture->file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  make_provider (fixture);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gint64
start (Fixture                    *fixture,
       const HoneFineTuneSettings *settings,
       GCancellable               *cancellable,
       GError                    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_fine_tune_runner_start_async (fixture->runner, "Qwen/Qwen3-8B", settings, 19371, 0.01,
                                     cancellable, got_result, &result);
  return hone_fine_tune_runner_start_finish (fixture->runner, wait_for (&result), error);
}

static gboolean
resume (Fixture *fixture,
        gint64   id,
        GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_fine_tune_runner_resume_async (fixture->runner, id, NULL, got_result, &result);
  return hone_fine_tune_runner_resume_finish (fixture->runner, wait_for (&result), error);
}

static gboolean
refresh (Fixture  *fixture,
         gint64    id,
         gboolean *changed,
         GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_fine_tune_runner_refresh_async (fixture->runner, id, NULL, got_result, &result);
  return hone_fine_tune_runner_refresh_finish (fixture->runner, wait_for (&result), changed, error);
}

static HoneFineTuneRecord *
get_record (Fixture *fixture,
            gint64   id)
{
  g_autoptr(GError) error = NULL;
  HoneFineTuneRecord *record = hone_project_get_fine_tune (fixture->project, id, &error);

  g_assert_no_error (error);
  return record;
}

static guint
count_lines (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  guint n = 0;

  for (gsize i = 0; i < size; i++)
    n += data[i] == '\n';
  return n;
}

static guint
count_creates (Fixture *fixture)
{
  return hone_fake_server_count (fixture->server, "POST", "/v1/fine-tunes");
}

/* The whole way: files rendered and kept, uploaded, the job created with
 * the settings, then followed to "succeeded" with losses, events,
 * checkpoints, the output model and the billed tokens */
static void
test_start_and_follow (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GBytes) train = NULL;
  g_autoptr(GBytes) validation = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) metrics = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) checkpoints = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  gint64 id, n_train, n_validation;
  gboolean changed = FALSE;

  settings->n_epochs = 2;
  settings->suffix = g_strdup ("support");
  settings->lora_rank = 8;

  id = start (fixture, settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (hone_fine_tune_runner_get_record_id (fixture->runner), ==, id);
  g_assert_cmpfloat (hone_fine_tune_runner_get_progress (fixture->runner), ==, 1.0);

  record = get_record (fixture, id);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_STARTED);
  g_assert_cmpstr (record->job_id, ==, "ft-1");
  g_assert_cmpstr (record->status, ==, "pending");
  g_assert_cmpstr (record->training_file_id, ==, "file-1");
  g_assert_cmpstr (record->validation_file_id, ==, "file-2");
  g_assert_cmpstr (record->provider_id, ==, "together");
  g_assert_cmpstr (record->model_id, ==, "Qwen/Qwen3-8B");
  g_assert_cmpint (record->estimate_tokens, ==, 19371);
  g_assert_cmpfloat (record->provider_estimate, ==, 0.52);
  g_assert_null (record->error_message);
  g_assert_cmpstr (record->settings_json, ==, "{\"epochs\":2,\"lora_rank\":8,\"suffix\":\"support\"}");

  /* The files as sent, one line per example of each split */
  n_train = hone_project_count_examples (fixture->project, HONE_SPLIT_TRAIN, NULL);
  n_validation = hone_project_count_examples (fixture->project, HONE_SPLIT_VALIDATION, NULL);
  g_assert_cmpint (n_validation, >, 0);
  g_assert_cmpint (record->n_train, ==, n_train);
  g_assert_cmpint (record->n_validation, ==, n_validation);
  train = hone_project_dup_fine_tune_file (fixture->project, id, HONE_FINE_TUNE_FILE_TRAIN, &rows, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_lines (train), ==, n_train);
  g_assert_cmpuint (rows->len, ==, n_train);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (train, NULL), "{\"messages\":[{\"role\":\"system\""));
  validation = hone_project_dup_fine_tune_file (fixture->project, id, HONE_FINE_TUNE_FILE_VALIDATION, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_lines (validation), ==, n_validation);
  {
    g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, train);
    g_assert_cmpstr (record->train_sha256, ==, sha);
  }

  /* The templates that rendered them are kept */
  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      g_assert_cmpint (record->template_versions[role], ==,
                       hone_project_get_template_version (fixture->project, role));
      g_assert_true (hone_project_get_template_kept (fixture->project, role) ||
                     record->template_versions[role] == 0);
    }

  /* What was asked of Together */
  body = hone_fake_together_dup_create_body (fixture->together, 0);
  g_assert_nonnull (strstr (body, "\"training_file\":\"file-1\""));
  g_assert_nonnull (strstr (body, "\"validation_file\":\"file-2\""));
  g_assert_nonnull (strstr (body, "\"n_epochs\":2"));
  g_assert_nonnull (strstr (body, "\"suffix\":\"support\""));
  g_assert_nonnull (strstr (body, "\"lora_r\":8"));
  g_assert_nonnull (strstr (body, "\"lora_alpha\":16"));
  g_assert_cmpuint (count_creates (fixture), ==, 1);
  g_assert_cmpuint (hone_fake_together_get_n_files (fixture->together), ==, 2);

  /* Followed: pending → running → succeeded */
  g_assert_true (refresh (fixture, id, &changed, &error));
  g_assert_no_error (error);
  g_clear_pointer (&record, hone_fine_tune_record_free);
  record = get_record (fixture, id);
  g_assert_cmpstr (record->status, ==, "pending");
  g_assert_true (refresh (fixture, id, &changed, &error));
  g_assert_true (changed);
  g_clear_pointer (&record, hone_fine_tune_record_free);
  record = get_record (fixture, id);
  g_assert_cmpstr (record->status, ==, "running");
  g_assert_false (hone_fine_tune_record_is_final (record));
  g_assert_cmpint (record->started, ==, 1795169100);   /* 2026-11-20T10:05:00Z */
  metrics = hone_fine_tune_metrics_from_json (record->metrics_json);
  g_assert_cmpuint (metrics->len, >, 0);
  g_clear_pointer (&metrics, g_array_unref);

  g_assert_true (refresh (fixture, id, &changed, &error));
  g_assert_no_error (error);
  g_clear_pointer (&record, hone_fine_tune_record_free);
  record = get_record (fixture, id);
  g_assert_cmpstr (record->status, ==, "succeeded");
  g_assert_true (hone_fine_tune_record_is_final (record));
  g_assert_cmpstr (record->output_model, ==, "me/Qwen/Qwen3-8B-support");
  g_assert_cmpint (record->billed_tokens, ==, 123456);
  g_assert_cmpfloat_with_epsilon (record->billed_price, 0.48, 1e-9);
  g_assert_cmpint (record->finished, >, 0);
  metrics = hone_fine_tune_metrics_from_json (record->metrics_json);
  g_assert_cmpuint (metrics->len, ==, 24);   /* 20 training steps, 4 evaluations */
  g_assert_cmpint (g_array_index (metrics, HoneFineTuneMetric, 0).step, ==, 1);
  g_assert_false (isnan (g_array_index (metrics, HoneFineTuneMetric, 0).train_loss));
  events = hone_fine_tune_events_from_json (record->events_json);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (((HoneFineTuneEvent *) events->pdata[2])->message, ==, "Job completed");
  checkpoints = hone_fine_tune_checkpoints_from_json (record->checkpoints_json);
  g_assert_cmpuint (checkpoints->len, ==, 1);
  g_assert_cmpint (((HoneFineTuneCheckpoint *) checkpoints->pdata[0])->step, ==, 20);

  /* Nothing new: nothing written */
  g_assert_true (refresh (fixture, id, &changed, &error));
  g_assert_false (changed);
}

/* The answer to "create" is lost (the connection reset) but the job was
 * made: after a restart, resume finds it in the list and asks for no
 * second one */
static void
test_lost_answer_adopted (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  hone_fake_server_push_raw (fixture->server, "POST", "/v1/fine-tunes", HONE_FAKE_RAW_RESET,
                             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"id\":");
  id = start (fixture, settings, NULL, &error);
  g_assert_nonnull (error);
  g_assert_cmpint (id, ==, 0);
  g_clear_error (&error);
  id = hone_fine_tune_runner_get_record_id (fixture->runner);
  record = get_record (fixture, id);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_CREATING);
  g_assert_nonnull (record->error_message);
  g_assert_cmpuint (count_creates (fixture), ==, 1);

  /* Together did make it */
  hone_fake_together_add_job (fixture->together, record->training_file_id);

  restart (fixture);
  g_assert_true (resume (fixture, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&record, hone_fine_tune_record_free);
  record = get_record (fixture, id);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_STARTED);
  g_assert_cmpstr (record->job_id, ==, "ft-1");
  g_assert_null (record->error_message);
  g_assert_cmpuint (count_creates (fixture), ==, 1);
  g_assert_cmpuint (hone_fake_together_get_n_jobs (fixture->together), ==, 1);
  g_assert_cmpuint (hone_fake_together_get_n_files (fixture->together), ==, 2);
}

/* "create" failed with a 500 (not retried: it may have been made), and it
 * was not made: resume asks once more, and only once */
static void
test_create_failed_resumed (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  hone_fake_server_push_json (fixture->server, "POST", "/v1/fine-tunes", 500,
                              "{\"error\":{\"message\":\"internal error\"}}");
  g_assert_cmpint (start (fixture, settings, NULL, &error), ==, 0);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_clear_error (&error);
  id = hone_fine_tune_runner_get_record_id (fixture->runner);
  record = get_record (fixture, id);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_CREATING);
  g_assert_nonnull (strstr (record->error_message, "internal error"));
  g_assert_cmpuint (count_creates (fixture), ==, 1);
  g_assert_cmpuint (hone_fake_together_get_n_jobs (fixture->together), ==, 0);

  restart (fixture);
  g_assert_true (resume (fixture, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_creates (fixture), ==, 2);
  g_assert_cmpuint (hone_fake_together_get_n_jobs (fixture->together), ==, 1);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "GET", "/v1/fine-tunes"), ==, 1);
  /* the files were not sent again */
  g_assert_cmpuint (hone_fake_together_get_n_files (fixture->together), ==, 2);
  g_clear_pointer (&record, hone_fine_tune_record_free);
  record = get_record (fixture, id);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_STARTED);
}

/* Together refused the job: it certainly does not exist, the record says
 * why, and the uploaded files are listed as left on Together */
static void
test_create_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  hone_fake_server_push_json (fixture->server, "POST", "/v1/fine-tunes", 400,
                              "{\"error\":{\"message\":\"n_epochs must be at most 20\"}}");
  g_assert_cmpint (start (fixture, settings, NULL, &error), ==, 0);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);
  id = hone_fine_tune_runner_get_record_id (fixture->runner);
  record = get_record (fixture, id);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_NOT_STARTED);
  g_assert_true (hone_fine_tune_record_is_final (record));
  g_assert_nonnull (strstr (record->error_message, "n_epochs must be at most 20"));
  /* the files sent were deleted: nothing is left to pay for */
  g_assert_cmpstr (record->training_file_id, ==, "file-1");
  g_assert_true (record->files_deleted);
  g_assert_cmpuint (hone_fake_together_get_n_live_files (fixture->together), ==, 0);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "DELETE", "/v1/files/*"), ==, 2);
  g_assert_false (resume (fixture, id, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_cmpuint (count_creates (fixture), ==, 1);
}

/* The training upload failed: the record stays "uploading" with the
 * reason; after a restart resume sends what was kept, byte for byte */
static void
test_upload_failed_resumed (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *sent = NULL;
  gint64 id;

  hone_fake_server_push_json (fixture->server, "POST", "/v1/files", 503,
                              "{\"error\":{\"message\":\"storage unavailable\"}}");
  g_assert_cmpint (start (fixture, settings, NULL, &error), ==, 0);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_clear_error (&error);
  id = hone_fine_tune_runner_get_record_id (fixture->runner);
  record = get_record (fixture, id);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_UPLOADING);
  g_assert_null (record->training_file_id);
  g_assert_nonnull (strstr (record->error_message, "storage unavailable"));
  g_assert_cmpuint (count_creates (fixture), ==, 0);

  /* An edit after the failure does not change what is sent */
  g_assert_true (hone_project_set_template (fixture->project, HONE_TEMPLATE_ROLE_SYSTEM, "Changed.", &error));
  restart (fixture);
  g_assert_true (resume (fixture, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&record, hone_fine_tune_record_free);
  record = get_record (fixture, id);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_STARTED);
  g_assert_cmpstr (record->training_file_id, ==, "file-1");
  g_assert_cmpuint (count_creates (fixture), ==, 1);

  kept = hone_project_dup_fine_tune_file (fixture->project, id, HONE_FINE_TUNE_FILE_TRAIN, NULL, &error);
  g_assert_no_error (error);
  requests = hone_fake_server_get_requests (fixture->server);
  for (guint i = 0; i < requests->len; i++)
    {
      HoneFakeRequest *request = g_ptr_array_index (requests, i);
      if (g_str_equal (request->method, "PUT") && g_str_has_prefix (request->path, "/storage/bucket/file-1"))
        sent = request->body;
    }
  g_assert_nonnull (sent);
  g_assert_true (g_bytes_equal (sent, kept));
  g_assert_null (strstr (g_bytes_get_data (kept, NULL), "Changed."));
}

/* Together says the account cannot pay: no job, the files deleted, and
 * the message says what to do */
static void
test_not_allowed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  hone_fake_together_set_allowed (fixture->together, FALSE);
  g_assert_cmpint (start (fixture, settings, NULL, &error), ==, 0);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "$0.52, more than your account allows ($0.25)"));
  record = get_record (fixture, hone_fine_tune_runner_get_record_id (fixture->runner));
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_NOT_STARTED);
  g_assert_cmpfloat (record->provider_estimate, ==, 0.52);
  g_assert_true (record->files_deleted);
  g_assert_cmpuint (count_creates (fixture), ==, 0);
  g_assert_cmpuint (hone_fake_together_get_n_live_files (fixture->together), ==, 0);
}

/* Hone stopped while rendering: nothing was sent, resume says so */
static void
test_quit_while_preparing (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(HoneFineTuneRecord) record = hone_fine_tune_record_new ();
  g_autoptr(HoneFineTuneRecord) back = NULL;
  g_autoptr(GError) error = NULL;

  record->provider_id = g_strdup ("together");
  record->model_id = g_strdup ("Qwen/Qwen3-8B");
  g_assert_cmpint (hone_project_add_fine_tune (fixture->project, record, &error), >, 0);

  restart (fixture);
  g_assert_false (resume (fixture, record->id, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_CANCELLED);
  back = get_record (fixture, record->id);
  g_assert_cmpint (back->step, ==, HONE_FINE_TUNE_STEP_NOT_STARTED);
  g_assert_true (back->files_deleted);
  g_assert_nonnull (strstr (back->error_message, "nothing was sent"));
  g_assert_cmpuint (hone_fake_server_count (fixture->server, NULL, NULL), ==, 0);
}

static void
cancel_on_upload_cb (GObject    *runner,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  if (hone_fine_tune_runner_get_phase (HONE_FINE_TUNE_RUNNER (runner)) == HONE_FINE_TUNE_RUNNER_UPLOADING)
    g_cancellable_cancel (user_data);
}

/* The person stops the start while files are being sent: no job */
static void
test_cancel_while_uploading (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_signal_connect (fixture->runner, "notify::phase", G_CALLBACK (cancel_on_upload_cb), cancellable);
  g_assert_cmpint (start (fixture, settings, cancellable, &error), ==, 0);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "Stopped while sending the files.");
  g_clear_error (&error);
  record = get_record (fixture, hone_fine_tune_runner_get_record_id (fixture->runner));
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_NOT_STARTED);
  g_assert_nonnull (strstr (record->error_message, "Stopped"));
  g_assert_true (record->files_deleted);
  g_assert_cmpuint (count_creates (fixture), ==, 0);
}

static void
cancel_mid_file_cb (GObject    *runner,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  /* past preparing: the training file is on its way */
  if (hone_fine_tune_runner_get_progress (HONE_FINE_TUNE_RUNNER (runner)) > 0.06)
    g_cancellable_cancel (user_data);
}

/* Stopped halfway through sending a file: Together made the file record
 * before the bytes went, so a file Hone never learnt the id of is there;
 * it is found by its name and deleted */
static void
test_cut_off_upload_found (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_signal_connect (fixture->runner, "notify::progress", G_CALLBACK (cancel_mid_file_cb), cancellable);
  g_assert_cmpint (start (fixture, settings, cancellable, &error), ==, 0);
  g_clear_error (&error);
  record = get_record (fixture, hone_fine_tune_runner_get_record_id (fixture->runner));
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_NOT_STARTED);
  g_assert_null (record->training_file_id);
  g_assert_cmpuint (hone_fake_together_get_n_files (fixture->together), ==, 1);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "DELETE", "/v1/files/file-1"), ==, 1);
  g_assert_cmpuint (hone_fake_together_get_n_live_files (fixture->together), ==, 0);
  g_assert_true (record->files_deleted);
}

/* Giving up a start that stopped while sending deletes what was sent; a
 * deletion that fails is said, and the record keeps asking */
static void
test_discard_deletes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* the validation upload fails: training file sent, step "uploading" */
  hone_fake_server_push (fixture->server, "PUT", "/storage/bucket/file-2", 403, NULL, NULL);
  g_assert_cmpint (start (fixture, settings, NULL, &error), ==, 0);
  g_clear_error (&error);
  id = hone_fine_tune_runner_get_record_id (fixture->runner);
  record = get_record (fixture, id);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_UPLOADING);
  g_assert_cmpstr (record->training_file_id, ==, "file-1");
  g_assert_cmpuint (hone_fake_together_get_n_live_files (fixture->together), ==, 2);

  /* the first try at deleting fails */
  hone_fake_server_push_json (fixture->server, "DELETE", "/v1/files/*", 400,
                              "{\"error\":{\"message\":\"file is locked\"}}");
  restart (fixture);
  hone_fine_tune_runner_discard_async (fixture->runner, id, NULL, got_result, &result);
  g_assert_false (hone_fine_tune_runner_discard_finish (fixture->runner, wait_for (&result), &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "file is locked"));
  g_clear_error (&error);
  g_clear_object (&result);
  g_clear_pointer (&record, hone_fine_tune_record_free);
  record = get_record (fixture, id);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_NOT_STARTED);
  g_assert_false (record->files_deleted);
  g_assert_nonnull (strstr (record->error_message, "could not be deleted"));

  /* again: done */
  hone_fine_tune_runner_discard_async (fixture->runner, id, NULL, got_result, &result);
  g_assert_true (hone_fine_tune_runner_discard_finish (fixture->runner, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_pointer (&record, hone_fine_tune_record_free);
  record = get_record (fixture, id);
  g_assert_true (record->files_deleted);
  g_assert_cmpuint (hone_fake_together_get_n_live_files (fixture->together), ==, 0);
  g_assert_cmpuint (count_creates (fixture), ==, 0);
}

/* Giving up a start whose job was made after all keeps the job */
static void
test_discard_finds_job (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  hone_fake_server_push (fixture->server, "POST", "/v1/fine-tunes", 502, NULL, NULL);
  g_assert_cmpint (start (fixture, settings, NULL, &error), ==, 0);
  g_clear_error (&error);
  id = hone_fine_tune_runner_get_record_id (fixture->runner);
  record = get_record (fixture, id);
  hone_fake_together_add_job (fixture->together, record->training_file_id);

  hone_fine_tune_runner_discard_async (fixture->runner, id, NULL, got_result, &result);
  g_assert_false (hone_fine_tune_runner_discard_finish (fixture->runner, wait_for (&result), &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "ft-1"));
  g_clear_pointer (&record, hone_fine_tune_record_free);
  record = get_record (fixture, id);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_STARTED);
  g_assert_cmpstr (record->job_id, ==, "ft-1");
}

/* Cancelling a running job */
static void
test_cancel_job (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = start (fixture, settings, NULL, &error);
  g_assert_no_error (error);
  hone_fine_tune_runner_cancel_async (fixture->runner, id, NULL, got_result, &result);
  g_assert_true (hone_fine_tune_runner_cancel_finish (fixture->runner, wait_for (&result), &error));
  g_assert_no_error (error);
  record = get_record (fixture, id);
  g_assert_cmpstr (record->status, ==, "cancelled");
  g_assert_true (hone_fine_tune_record_is_final (record));
  g_assert_cmpint (record->finished, >, 0);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/fine-tunes/ft-1/cancel"), ==, 1);
}

/* What changed in the data since: an edited value, a deleted example, one
 * moved to validation, a new one; then a template edit changes them all */
static void
test_data_change (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneDataChange) change = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GBytes) train = NULL;
  g_autoptr(GArray) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id, edited, deleted, moved, n_train, n_validation;
  HoneField *field;

  id = start (fixture, settings, NULL, &error);
  g_assert_no_error (error);
  change = hone_fine_tune_data_change (fixture->project, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (change->n_changed + change->n_removed + change->n_added, ==, 0);
  n_train = hone_project_count_examples (fixture->project, HONE_SPLIT_TRAIN, NULL);
  n_validation = hone_project_count_examples (fixture->project, HONE_SPLIT_VALIDATION, NULL);
  g_assert_cmpint (change->n_same, ==, n_train + n_validation);
  text = hone_fine_tune_data_change_describe (change);
  g_assert_cmpstr (text, ==, "The data is the same as when it trained.");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&change, hone_fine_tune_data_change_free);

  train = hone_project_dup_fine_tune_file (fixture->project, id, HONE_FINE_TUNE_FILE_TRAIN, &rows, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >=, 3);
  edited = g_array_index (rows, gint64, 0);
  deleted = g_array_index (rows, gint64, 1);
  moved = g_array_index (rows, gint64, 2);
  field = hone_project_get_field (fixture->project, 0);

  g_assert_true (hone_project_set_value (fixture->project, edited, hone_field_get_id (field), "A new value", &error));
  g_assert_no_error (error);
  g_assert_true (hone_project_delete_examples (fixture->project, &deleted, 1, &error));
  g_assert_true (hone_project_set_split (fixture->project, &moved, 1, HONE_SPLIT_VALIDATION, &error));
  added = hone_project_duplicate_examples (fixture->project, &edited, 1, &error);
  g_assert_no_error (error);

  change = hone_fine_tune_data_change (fixture->project, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (change->n_changed, ==, 1);
  g_assert_cmpint (g_array_index (change->changed_ids, gint64, 0), ==, edited);
  g_assert_cmpint (change->n_removed, ==, 2);     /* deleted, and moved out of training */
  g_assert_cmpint (g_array_index (change->removed_ids, gint64, 0), ==, deleted);
  g_assert_cmpint (g_array_index (change->removed_ids, gint64, 1), ==, moved);
  g_assert_cmpint (change->n_added, ==, 2);       /* the copy, and moved into validation */
  g_assert_cmpint (change->n_same, ==, n_train + n_validation - 3);
  text = hone_fine_tune_data_change_describe (change);
  g_assert_cmpstr (text, ==, "1 example changed, 2 removed or moved, 2 added since this fine-tune trained.");
  g_clear_pointer (&change, hone_fine_tune_data_change_free);

  g_assert_true (hone_project_set_template (fixture->project, HONE_TEMPLATE_ROLE_SYSTEM, "Another system prompt.", &error));
  change = hone_fine_tune_data_change (fixture->project, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (change->n_same, ==, 0);
  g_assert_cmpint (change->n_changed, ==, n_train + n_validation - 2);   /* all but the two removed */
}

/* Settings survive their JSON; broken JSON is a clear error */
static void
test_settings_json (void)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneSettings) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = hone_fine_tune_settings_to_json (settings);

  g_assert_cmpstr (json, ==, "{}");
  g_free (json);
  settings->n_epochs = 3;
  settings->learning_rate = 2e-5;
  settings->lora = 0;
  settings->n_evals = 4;
  settings->suffix = g_strdup ("a \"b\"");
  settings->account_id = g_strdup ("acme");
  settings->has_seed = TRUE;
  settings->seed = 0;
  json = hone_fine_tune_settings_to_json (settings);
  back = hone_fine_tune_settings_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->n_epochs, ==, 3);
  g_assert_cmpfloat (back->learning_rate, ==, 2e-5);
  g_assert_cmpint (back->lora, ==, 0);
  g_assert_cmpint (back->lora_rank, ==, -1);
  g_assert_cmpint (back->n_evals, ==, 4);
  g_assert_cmpstr (back->suffix, ==, "a \"b\"");
  g_assert_cmpstr (back->account_id, ==, "acme");
  g_assert_true (back->has_seed);
  g_assert_cmpint (back->seed, ==, 0);
  g_clear_pointer (&back, hone_fine_tune_settings_free);

  back = hone_fine_tune_settings_from_json ("{\"epochs\":\"three\"}", &error);
  g_assert_null (back);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_clear_error (&error);
  back = hone_fine_tune_settings_from_json ("[1", &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/fine-tune-runner/start-and-follow", test_start_and_follow);
  ADD ("/fine-tune-runner/lost-answer-adopted", test_lost_answer_adopted);
  ADD ("/fine-tune-runner/create-failed-resumed", test_create_failed_resumed);
  ADD ("/fine-tune-runner/create-refused", test_create_refused);
  ADD ("/fine-tune-runner/upload-failed-resumed", test_upload_failed_resumed);
  ADD ("/fine-tune-runner/quit-while-preparing", test_quit_while_preparing);
  ADD ("/fine-tune-runner/not-allowed", test_not_allowed);
  ADD ("/fine-tune-runner/cancel-while-uploading", test_cancel_while_uploading);
  ADD ("/fine-tune-runner/discard-finds-job", test_discard_finds_job);
  ADD ("/fine-tune-runner/cut-off-upload-found", test_cut_off_upload_found);
  ADD ("/fine-tune-runner/discard-deletes", test_discard_deletes);
  ADD ("/fine-tune-runner/cancel-job", test_cancel_job);
  ADD ("/fine-tune-runner/data-change", test_data_change);
  g_test_add_func ("/fine-tune-runner/settings-json", test_settings_json);

  return g_test_run ();
}
