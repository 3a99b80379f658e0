/* test-job-poller.c: following unfinished fine-tunes in the background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "hone-core.h"
#include "hone-error.h"
#include "hone-fake-together.h"
#include "hone-fine-tune-runner.h"
#include "hone-job-poller.h"

static const HoneRetryPolicy fast_policy = { 2, 5, 50 };

typedef struct {
  char             *dir;
  GFile            *file;
  HoneFakeServer   *server;
  HoneFakeTogether *together;
  HoneProject      *project;
  gboolean          no_key;
  GPtrArray        *finished;   /* "id:status" */
  GPtrArray        *failures;
} Fixture;

static HoneProvider *
provider_for (const HoneFineTuneRecord  *record,
              gpointer                   user_data,
              GError                   **error)
{
  Fixture *fixture = user_data;
  g_autofree char *base = hone_fake_server_url (fixture->server, "/v1");
  HoneProvider *provider;

  if (fixture->no_key)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_AUTH,
                           "Add your Together AI key in Preferences to follow this fine-tune.");
      return NULL;
    }
  provider = hone_provider_new (record->provider_id, NULL, "tgp_v1_poller-key", base, error);
  hone_provider_set_retry_policy (provider, &fast_policy);
  return provider;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("hone-poller-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "sample.hone", NULL);
  fixture->file = g_file_new_for_path (path);
  fixture->project = hone_sample_create (fixture->file, &error);
  g_assert_no_error (error);
  fixture->server = hone_fake_server_new ();
  fixture->together = hone_fake_together_new (fixture->server);
  fixture->finished = g_ptr_array_new_with_free_func (g_free);
  fixture->failures = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_finalize_object (g_steal_pointer (&fixture->project));
  g_clear_pointer (&fixture->together, hone_fake_together_free);
  g_clear_pointer (&fixture->server, hone_fake_server_free);
  g_clear_object (&fixture->file);
  g_ptr_array_unref (fixture->finished);
  g_ptr_array_unref (fixture->failures);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gint64
start_job (Fixture *fixture)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneFineTuneRunner) runner = NULL;
  g_autoptr(HoneProvider) provider = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneFineTuneRecord) dummy = hone_fine_tune_record_new ();
  gint64 id;

  dummy->provider_id = g_strdup ("together");
  provider = provider_for (dummy, fixture, &error);
  runner = hone_fine_tune_runner_new (fixture->project, provider);
  hone_fine_tune_runner_start_async (runner, "Qwen/Qwen3-8B", settings, -1, -1, NULL, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  id = hone_fine_tune_runner_start_finish (runner, result, &error);
  g_assert_no_error (error);
  return id;
}

static void
finished_cb (HoneJobPoller *poller,
             gint64         id,
             const char    *status,
             Fixture       *fixture)
{
  g_ptr_array_add (fixture->finished, g_strdup_printf ("%" G_GINT64_FORMAT ":%s", id, status));
}

static void
failed_cb (HoneJobPoller *poller,
           gint64         id,
           const char    *message,
           Fixture       *fixture)
{
  g_ptr_array_add (fixture->failures, g_strdup (message));
}

static HoneJobPoller *
make_poller (Fixture *fixture)
{
  HoneJobPoller *poller = hone_job_poller_new (fixture->project, provider_for, fixture, NULL);

  hone_job_poller_set_intervals (poller, 5, 40);
  g_signal_connect (poller, "job-finished", G_CALLBACK (finished_cb), fixture);
  g_signal_connect (poller, "poll-failed", G_CALLBACK (failed_cb), fixture);
  return poller;
}

static void
run_until (Fixture  *fixture,
           guint     n_finished,
           guint     n_failures)
{
  while (fixture->finished->len < n_finished || fixture->failures->len < n_failures)
    g_main_context_iteration (NULL, TRUE);
}

/* Two jobs, one picked up at start and one started later, both followed
 * to their end, each announced once */
static void
test_follows_to_the_end (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(HoneJobPoller) poller = NULL;
  g_autoptr(HoneFineTuneRecord) first = NULL;
  g_autoptr(HoneFineTuneRecord) second = NULL;
  g_autofree char *expect_first = NULL;
  g_autofree char *expect_second = NULL;
  gint64 a, b;

  hone_fake_together_set_gets_until_done (fixture->together, 4);
  hone_fake_together_set_final_status (fixture->together, "completed");
  a = start_job (fixture);

  poller = make_poller (fixture);
  hone_job_poller_start (poller);
  g_assert_true (hone_job_poller_is_following (poller, a));
  b = start_job (fixture);
  g_assert_true (hone_job_poller_is_following (poller, b));

  run_until (fixture, 2, 0);
  first = hone_project_get_fine_tune (fixture->project, a, NULL);
  second = hone_project_get_fine_tune (fixture->project, b, NULL);
  g_assert_cmpstr (first->status, ==, "succeeded");
  g_assert_cmpstr (second->status, ==, "succeeded");
  g_assert_nonnull (first->metrics_json);
  expect_first = g_strdup_printf ("%" G_GINT64_FORMAT ":succeeded", a);
  expect_second = g_strdup_printf ("%" G_GINT64_FORMAT ":succeeded", b);
  g_assert_true (g_ptr_array_find_with_equal_func (fixture->finished, expect_first, g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (fixture->finished, expect_second, g_str_equal, NULL));
  g_assert_false (hone_job_poller_is_following (poller, a));
  g_assert_false (hone_job_poller_is_following (poller, b));

  /* Nothing more is read once both are over */
  {
    guint polls = hone_job_poller_get_n_polls (poller);
    guint gets = hone_fake_server_count (fixture->server, "GET", "/v1/fine-tunes/ft-1");
    for (int i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    g_usleep (60 * 1000);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_cmpuint (hone_job_poller_get_n_polls (poller), ==, polls);
    g_assert_cmpuint (hone_fake_server_count (fixture->server, "GET", "/v1/fine-tunes/ft-1"), ==, gets);
  }
  g_assert_cmpuint (fixture->finished->len, ==, 2);
  hone_job_poller_stop (poller);
  g_assert_finalize_object (g_steal_pointer (&poller));
}

/* A failed read is reported and tried again; a missing key is reported
 * with what to do; after a "restart" a new poller picks the job up */
static void
test_failures_and_restart (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(HoneJobPoller) poller = NULL;
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  hone_fake_together_set_gets_until_done (fixture->together, 3);
  hone_fake_together_set_final_status (fixture->together, "error");
  id = start_job (fixture);

  fixture->no_key = TRUE;
  poller = make_poller (fixture);
  hone_job_poller_start (poller);
  run_until (fixture, 0, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->failures, 0), "Preferences"));
  g_assert_nonnull (strstr (hone_job_poller_get_error (poller, id), "Preferences"));
  g_assert_true (hone_job_poller_is_following (poller, id));
  hone_job_poller_stop (poller);
  g_assert_finalize_object (g_steal_pointer (&poller));

  /* restart: reopened project, key there, the server failing once */
  g_assert_finalize_object (g_steal_pointer (&fixture->project));
  fixture->project = hone_project_open (fixture->file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  fixture->no_key = FALSE;
  for (int i = 0; i < 2; i++)
    hone_fake_server_push_json (fixture->server, "GET", "/v1/fine-tunes/ft-1", 503,
                                "{\"error\":{\"message\":\"overloaded\"}}");
  poller = make_poller (fixture);
  hone_job_poller_start (poller);
  g_assert_true (hone_job_poller_is_following (poller, id));
  run_until (fixture, 1, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->failures, 1), "overloaded"));
  record = hone_project_get_fine_tune (fixture->project, id, NULL);
  g_assert_cmpstr (record->status, ==, "failed");
  g_assert_nonnull (strstr (record->error_message, "without an assistant message"));
  g_assert_cmpuint (fixture->finished->len, ==, 1);
  hone_job_poller_stop (poller);
  g_assert_finalize_object (g_steal_pointer (&poller));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/job-poller/follows-to-the-end", Fixture, NULL,
              fixture_set_up, test_follows_to_the_end, fixture_tear_down);
  g_test_add ("/job-poller/failures-and-restart", Fixture, NULL,
              fixture_set_up, test_failures_and_restart, fixture_tear_down);

  return g_test_run ();
}
