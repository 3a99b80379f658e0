/* test-openai-prism.c: Hone's OpenAI requests against OpenAI's own OpenAPI
 * spec, served by Stoplight Prism with request validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prism (npm @stoplight/prism-cli 5.14.2, installed by build-aux/dev.sh into
 * ${XDG_CACHE_HOME:-~/.cache}/hone-oracles) mocks
 * shared/oracles/openai/openapi.prism.json (the spec with its OpenAPI 3.0
 * leftovers rewritten so that Prism validates every request: see the README
 * there) on 127.0.0.1 and answers 422 to any request the spec does not
 * allow, so every call Hone makes here must succeed. Paths are served
 * without /v1. Skipped (exit 77) without node, Prism or the spec.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>

#include "hone-error.h"
#include "hone-openai.h"

#define SKIP_CODE 77

static HoneOpenAI *client;
static const char *prism_base_url;
static char *prism_log_path;

static gboolean prism_exited;

static const HoneRetryPolicy no_retry = { 1, 10, 10 };

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
print_prism_log (void)
{
  g_autofree char *log = NULL;

  if (g_file_get_contents (prism_log_path, &log, NULL, NULL))
    {
      gsize len = strlen (log);

      g_printerr ("---- Prism's log (end) ----\n%s\n", len > 20000 ? log + len - 20000 : log);
    }
}

/* Fails the test with Hone's error (which quotes Prism's validation) */
static void
assert_accepted (GError     *error,
                 const char *what)
{
  if (error == NULL)
    return;
  print_prism_log ();
  g_error ("Prism refused %s: %s", what, error->message);
}

static void
test_create (void)
{
  HoneOpenAIFineTuneSettings s;

  for (guint variant = 0; variant < 4; variant++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(HoneFineTuneJob) job = NULL;
      GError *error = NULL;

      hone_openai_fine_tune_settings_init (&s);
      s.model = "gpt-4o-mini-2024-07-18";
      s.training_file = "file-abc123";
      if (variant == 1)
        {
          /* Supervised, everything set, numbers */
          s.validation_file = "file-val";
          s.suffix = "hone-test";
          s.has_seed = TRUE;
          s.seed = 42;
          s.n_epochs = 3;
          s.batch_size = 8;
          s.learning_rate_multiplier = 1.8;
        }
      else if (variant == 2)
        {
          /* Supervised, all "auto" */
          s.method = HONE_OPENAI_METHOD_SUPERVISED;
          s.n_epochs = 0;
          s.batch_size = 0;
          s.learning_rate_multiplier = 0;
        }
      else if (variant == 3)
        {
          /* DPO with a beta, and DPO alone */
          s.method = HONE_OPENAI_METHOD_DPO;
          s.dpo_beta = 0.1;
          s.n_epochs = 2;
          s.batch_size = 0;
        }
      hone_openai_create_fine_tune_async (client, &s, NULL, got_result, &result);
      job = hone_openai_create_fine_tune_finish (client, wait_result (&result), &error);
      assert_accepted (error, "POST /fine_tuning/jobs");
      g_assert_nonnull (job->id);
    }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;
    GError *error = NULL;

    hone_openai_fine_tune_settings_init (&s);
    s.model = "gpt-4o-mini-2024-07-18";
    s.training_file = "file-abc123";
    s.method = HONE_OPENAI_METHOD_DPO;
    hone_openai_create_fine_tune_async (client, &s, NULL, got_result, &result);
    job = hone_openai_create_fine_tune_finish (client, wait_result (&result), &error);
    assert_accepted (error, "POST /fine_tuning/jobs (DPO, no hyperparameters)");
  }
}

/* The control: validation is on. A body without training_file (which Hone
 * never sends) is refused with 422. */
static void
test_refused (void)
{
  g_autoptr(SoupSession) session = hone_http_session_new ();
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autofree char *url = g_strconcat (prism_base_url, "/fine_tuning/jobs", NULL);
  HoneHttpRequest *request = hone_http_request_new ("OpenAI", "POST", url);
  GError *error = NULL;

  hone_http_request_set_bearer (request, "test-key");
  hone_http_request_set_retry_policy (request, &no_retry);
  hone_http_request_take_json (request, json_from_string ("{\"model\":\"gpt-4o-mini\"}", NULL));
  response = hone_http_send_sync (session, request, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_test_message ("Refused as expected: %s", error->message);
  g_clear_error (&error);
}

static void
test_jobs (void)
{
  const char *id = "ftjob-abc123";
  GError *error = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;

    hone_openai_get_job_async (client, id, NULL, got_result, &result);
    job = hone_openai_get_job_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET /fine_tuning/jobs/{id}");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) jobs = NULL;

    hone_openai_list_jobs_async (client, NULL, got_result, &result);
    jobs = hone_openai_list_jobs_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET /fine_tuning/jobs");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;

    hone_openai_cancel_job_async (client, id, NULL, got_result, &result);
    job = hone_openai_cancel_job_finish (client, wait_result (&result), &error);
    assert_accepted (error, "POST /fine_tuning/jobs/{id}/cancel");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) events = NULL;

    hone_openai_list_events_async (client, id, NULL, got_result, &result);
    events = hone_openai_list_events_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET /fine_tuning/jobs/{id}/events");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) checkpoints = NULL;

    hone_openai_list_checkpoints_async (client, id, NULL, got_result, &result);
    checkpoints = hone_openai_list_checkpoints_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET /fine_tuning/jobs/{id}/checkpoints");
  }
}

static void
test_upload (void)
{
  static const char text[] = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n";
  g_autoptr(GBytes) contents = g_bytes_new_static (text, strlen (text));
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *file_id = NULL;
  GError *error = NULL;

  hone_openai_upload_bytes_async (client, contents, "train.jsonl", NULL, NULL, NULL,
                                  got_result, &result);
  file_id = hone_openai_upload_finish (client, wait_result (&result), &error);
  assert_accepted (error, "POST /files (multipart)");
  g_assert_nonnull (file_id);
}

static char *
find_spec (void)
{
  const char *dir = g_getenv ("HONE_ORACLES_DIR");
  g_autofree char *fallback = NULL;
  char *spec;

  if (dir == NULL && g_getenv ("HONE_SOURCE_ROOT") != NULL)
    dir = fallback = g_build_filename (g_getenv ("HONE_SOURCE_ROOT"), "..", "shared", "oracles", NULL);
  if (dir == NULL)
    return NULL;
  spec = g_build_filename (dir, "openai", "openapi.prism.json", NULL);
  if (!g_file_test (spec, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&spec, g_free);
  return spec;
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GError *error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
prism_ended (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  prism_exited = TRUE;
}

/* Prism takes 20-30 s to load OpenAI's 3 MB spec (its README): up to 5 min */
static gboolean
wait_for_prism (GSubprocess *prism,
                const char  *base_url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (base_url, "/fine_tuning/jobs", NULL);

  for (guint i = 0; i < 1500; i++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (prism_exited)
        return FALSE;
      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", "Bearer test");
      body = soup_session_send_and_read (session, message, NULL, NULL);
      if (body != NULL && soup_message_get_status (message) == SOUP_STATUS_OK)
        return TRUE;
      g_usleep (200 * 1000);
    }
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) prism = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *prism_bin = NULL;
  g_autofree char *node = NULL;
  g_autofree char *port = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autoptr(GDateTime) today = NULL;
  GError *error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  spec = find_spec ();
  if (spec == NULL)
    {
      g_print ("SKIP: OpenAI's OpenAPI spec (openai/openapi.prism.json) was not found (set HONE_ORACLES_DIR, or put "
               "shared/oracles beside the source tree).\n");
      return SKIP_CODE;
    }
  cache = g_build_filename (g_get_user_cache_dir (), "hone-oracles", NULL);
  prism_bin = g_build_filename (cache, "node_modules", ".bin", "prism", NULL);
  node = g_find_program_in_path ("node");
  if (node == NULL || !g_file_test (prism_bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_print ("SKIP: node or Prism is missing (%s): run build-aux/dev.sh test, which installs "
               "@stoplight/prism-cli@5.14.2 there.\n", prism_bin);
      return SKIP_CODE;
    }

  tmp_dir = g_dir_make_tmp ("hone-prism-XXXXXX", &error);
  g_assert_no_error (error);
  prism_log_path = g_build_filename (tmp_dir, "prism.log", NULL);
  port = g_strdup_printf ("%u", free_port ());
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stdout_file_path (launcher, prism_log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, prism_log_path);
  /* No --errors: the spec's own examples break its response schemas
   * (README); request validation is on anyway */
  prism = g_subprocess_launcher_spawn (launcher, &error, prism_bin, "mock",
                                       "-h", "127.0.0.1", "-p", port, spec, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (prism, NULL, prism_ended, NULL);

  /* Prism serves the spec's paths without /v1 (README) */
  base_url = g_strdup_printf ("http://127.0.0.1:%s", port);
  if (!wait_for_prism (prism, base_url))
    {
      print_prism_log ();
      g_subprocess_force_exit (prism);
      g_error ("Prism did not start on %s", base_url);
    }

  prism_base_url = base_url;
  client = hone_openai_new (NULL, "test-key");
  hone_openai_set_base_url (client, base_url);
  hone_openai_set_retry_policy (client, &no_retry);
  today = g_date_time_new_utc (2026, 11, 20, 12, 0, 0);
  hone_openai_set_today (client, today);

  g_test_add_func ("/openai-prism/create", test_create);
  g_test_add_func ("/openai-prism/refused", test_refused);
  g_test_add_func ("/openai-prism/jobs", test_jobs);
  g_test_add_func ("/openai-prism/upload", test_upload);
  status = g_test_run ();

  g_clear_object (&client);
  g_subprocess_send_signal (prism, SIGTERM);
  while (!prism_exited)
    g_main_context_iteration (NULL, TRUE);
  if (g_getenv ("HONE_PRISM_LOG") != NULL)
    print_prism_log ();
  g_unlink (prism_log_path);
  g_rmdir (tmp_dir);
  g_free (prism_log_path);
  return status;
}
