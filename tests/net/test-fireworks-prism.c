/* test-fireworks-prism.c: Hone's Fireworks AI requests against a DERIVED
 * OpenAPI description, served by Stoplight Prism with request validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * NOTE: shared/oracles/fireworks/fireworks-derived.openapi.yaml is NOT
 * Fireworks' official spec (none is published as a file). It is a subset
 * written by hand from the official Python SDK (fw-ai-external/python-sdk,
 * see shared/oracles/fireworks/README.md); a pass here means Hone agrees with
 * our reading of the SDK, not that the live API accepts the requests. The
 * :cancel operation in it is marked x-unverified (inferred, not in the SDK).
 *
 * Prism (npm @stoplight/prism-cli 5.14.2, installed by build-aux/dev.sh into
 * ${XDG_CACHE_HOME:-~/.cache}/hone-oracles) mocks the file on 127.0.0.1 with
 * --errors, and refuses any request the description does not allow, so every
 * call Hone makes here must succeed. Skipped (exit 77) without node, Prism or
 * the file.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>

#include "hone-error.h"
#include "hone-fireworks.h"

#define SKIP_CODE 77

static HoneFireworks *client;
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
test_dataset (void)
{
  static const char line[] = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                             "{\"role\":\"assistant\",\"content\":\"hello\"}]}\n";
  g_autoptr(GBytes) contents = g_bytes_new_static (line, strlen (line));
  GError *error = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *name = NULL;

    /* POST …/datasets, then the multipart POST …/datasets/{id}:upload */
    hone_fireworks_upload_dataset_async (client, "hone-ds", "Hone test", 3, contents,
                                         "train.jsonl", NULL, NULL, NULL, got_result, &result);
    name = hone_fireworks_upload_dataset_finish (client, wait_result (&result), &error);
    assert_accepted (error, "the dataset create and upload");
    g_assert_cmpstr (name, ==, "accounts/hone-test/datasets/hone-ds");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *state = NULL;

    hone_fireworks_get_dataset_state_async (client, "hone-ds", NULL, got_result, &result);
    state = hone_fireworks_get_dataset_state_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET …/datasets/{id}");
    g_assert_nonnull (state);
  }
}

static void
test_create (void)
{
  for (guint variant = 0; variant < 2; variant++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(HoneFineTuneJob) job = NULL;
      HoneFireworksFineTuneSettings s;
      GError *error = NULL;

      hone_fireworks_fine_tune_settings_init (&s);
      s.base_model = "accounts/fireworks/models/qwen3-8b";
      s.dataset = "hone-ds";
      if (variant == 1)
        {
          /* every field Hone can send */
          s.evaluation_dataset = "hone-eval";
          s.output_model = "hone-model";
          s.display_name = "Hone test";
          s.job_id = "hone-job";
          s.epochs = 2;
          s.learning_rate = 1e-4;
          s.lora_rank = 16;
          s.max_context_length = 4096;
          s.batch_size = 32768;
          s.early_stop = 1;
        }
      hone_fireworks_create_job_async (client, &s, NULL, got_result, &result);
      job = hone_fireworks_create_job_finish (client, wait_result (&result), &error);
      assert_accepted (error, "POST …/supervisedFineTuningJobs");
      g_assert_nonnull (job);
    }
}

static void
test_jobs (void)
{
  GError *error = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;

    hone_fireworks_get_job_async (client, "hone-job", NULL, got_result, &result);
    job = hone_fireworks_get_job_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET …/supervisedFineTuningJobs/{id}");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) jobs = NULL;

    hone_fireworks_list_jobs_async (client, NULL, got_result, &result);
    jobs = hone_fireworks_list_jobs_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET …/supervisedFineTuningJobs");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;

    hone_fireworks_cancel_job_async (client, "hone-job", NULL, got_result, &result);
    hone_fireworks_cancel_job_finish (client, wait_result (&result), &error);
    assert_accepted (error, "POST …/supervisedFineTuningJobs/{id}:cancel");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;

    hone_fireworks_delete_job_async (client, "hone-job", NULL, got_result, &result);
    hone_fireworks_delete_job_finish (client, wait_result (&result), &error);
    assert_accepted (error, "DELETE …/supervisedFineTuningJobs/{id}");
  }
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
  spec = g_build_filename (dir, "fireworks", "fireworks-derived.openapi.yaml", NULL);
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

static gboolean
wait_for_prism (GSubprocess *prism,
                const char  *base_url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (base_url, "/v1/accounts/hone-test/supervisedFineTuningJobs", NULL);

  for (guint i = 0; i < 600; i++)
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
  GError *error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  spec = find_spec ();
  if (spec == NULL)
    {
      g_print ("SKIP: the derived Fireworks description (fireworks/fireworks-derived.openapi.yaml) "
               "was not found (set HONE_ORACLES_DIR, or put shared/oracles beside the source tree).\n");
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
  prism = g_subprocess_launcher_spawn (launcher, &error, prism_bin, "mock", "--errors",
                                       "-h", "127.0.0.1", "-p", port, spec, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (prism, NULL, prism_ended, NULL);

  /* The derived paths include /v1: the base URL is the server itself */
  base_url = g_strdup_printf ("http://127.0.0.1:%s", port);
  if (!wait_for_prism (prism, base_url))
    {
      print_prism_log ();
      g_subprocess_force_exit (prism);
      g_error ("Prism did not start on %s", base_url);
    }

  client = hone_fireworks_new (NULL, "test-key", "hone-test");
  hone_fireworks_set_base_url (client, base_url);
  hone_fireworks_set_retry_policy (client, &no_retry);

  g_test_add_func ("/fireworks-prism/dataset", test_dataset);
  g_test_add_func ("/fireworks-prism/create", test_create);
  g_test_add_func ("/fireworks-prism/jobs", test_jobs);
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
