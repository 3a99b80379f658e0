/* test-together-prism.c: Hone's Together AI requests against Together's own
 * OpenAPI spec, served by Stoplight Prism with request validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prism (npm @stoplight/prism-cli 5.14.2, installed by build-aux/dev.sh into
 * ${XDG_CACHE_HOME:-~/.cache}/hone-oracles) mocks
 * shared/oracles/together/openapi.yaml on 127.0.0.1 and answers 422 to any
 * request the spec does not allow, so every call Hone makes here must come
 * back 200. Skipped (exit 77) without node, Prism or the spec.
 *
 * The spec's known quirks (shared/oracles/together/README.md §5) shape the
 * calls: paths are served without /v1; train_on_inputs must be a boolean
 * (the spec refuses the API's "auto"); cosine scheduler arguments match two
 * schemas at once, so the linear one is used; Prism runs without --errors
 * because its own event examples break the spec (level: null). The upload
 * (POST /files → 302 → PUT) is not in the spec: test-together covers it.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>

#include "hone-error.h"
#include "hone-together.h"

#define SKIP_CODE 77

static HoneTogether *client;
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
sft_lora_settings (HoneTogetherFineTuneSettings *s)
{
  hone_together_fine_tune_settings_init (s);
  s->model = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference";
  s->training_file = "file-abc";
  s->validation_file = "file-val";
  s->n_epochs = 3;
  s->n_checkpoints = 2;
  s->n_evals = 4;
  s->batch_size = 0;
  s->learning_rate = 1e-5;
  s->warmup_ratio = 0.05;
  s->max_grad_norm = 1.0;
  s->weight_decay = 0.01;
  s->lr_scheduler = "linear";
  s->min_lr_ratio = 0.1;
  s->training_method = HONE_TOGETHER_TRAINING_SFT;
  s->train_on_inputs = 0;          /* quirk 2: not "auto" */
  s->lora = HONE_TOGETHER_LORA_ON;
  s->lora_r = 16;
  s->lora_alpha = 32;
  s->lora_dropout = 0.05;
  s->lora_trainable_modules = "all-linear";
  s->suffix = "hone-test";
  s->has_seed = TRUE;
  s->seed = 42;
}

static void
test_create (void)
{
  HoneTogetherFineTuneSettings s;

  for (guint variant = 0; variant < 3; variant++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(HoneFineTuneJob) job = NULL;
      GError *error = NULL;

      sft_lora_settings (&s);
      if (variant == 1)
        {
          /* Full DPO with an integer batch size */
          s.lora = HONE_TOGETHER_LORA_OFF;
          s.lora_r = s.lora_alpha = -1;
          s.lora_dropout = NAN;
          s.lora_trainable_modules = NULL;
          s.training_method = HONE_TOGETHER_TRAINING_DPO;
          s.train_on_inputs = -1;
          s.dpo_beta = 0.1;
          s.batch_size = 8;
        }
      else if (variant == 2)
        {
          /* Only what is required */
          hone_together_fine_tune_settings_init (&s);
          s.model = "Qwen/Qwen3-8B";
          s.training_file = "file-abc";
        }
      hone_together_create_fine_tune_async (client, &s, NULL, got_result, &result);
      job = hone_together_create_fine_tune_finish (client, wait_result (&result), &error);
      assert_accepted (error, "POST /fine-tunes");
      g_assert_nonnull (job->id);
    }
}

static void
test_create_refused (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneTogetherFineTuneSettings s;
  GError *error = NULL;

  /* The control: validation is on. SFT without train_on_inputs sends the
   * API's default "auto", which this spec version refuses (quirk 2). */
  sft_lora_settings (&s);
  s.train_on_inputs = -1;
  hone_together_create_fine_tune_async (client, &s, NULL, got_result, &result);
  job = hone_together_create_fine_tune_finish (client, wait_result (&result), &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_test_message ("Refused as expected: %s", error->message);
  g_clear_error (&error);
}

static void
test_jobs (void)
{
  const char *id = "ft-01234567890123456789";
  GError *error = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;

    hone_together_get_job_async (client, id, NULL, got_result, &result);
    job = hone_together_get_job_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET /fine-tunes/{id}");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) jobs = NULL;

    hone_together_list_jobs_async (client, NULL, got_result, &result);
    jobs = hone_together_list_jobs_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET /fine-tunes");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;

    hone_together_cancel_job_async (client, id, NULL, got_result, &result);
    job = hone_together_cancel_job_finish (client, wait_result (&result), &error);
    assert_accepted (error, "POST /fine-tunes/{id}/cancel");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) events = NULL;

    hone_together_list_events_async (client, id, NULL, got_result, &result);
    events = hone_together_list_events_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET /fine-tunes/{id}/events");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) checkpoints = NULL;

    hone_together_list_checkpoints_async (client, id, NULL, got_result, &result);
    checkpoints = hone_together_list_checkpoints_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET /fine-tunes/{id}/checkpoints");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GArray) metrics = NULL;

    hone_together_get_metrics_async (client, id, NULL, got_result, &result);
    metrics = hone_together_get_metrics_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET /fine-tunes/{id}/metrics");
  }
}

static void
test_estimate (void)
{
  HoneTogetherFineTuneSettings s;

  for (guint variant = 0; variant < 2; variant++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      HoneTogetherPriceEstimate estimate;
      GError *error = NULL;

      sft_lora_settings (&s);
      if (variant == 1)
        {
          s.lora = HONE_TOGETHER_LORA_OFF;
          s.lora_r = s.lora_alpha = -1;
          s.lora_dropout = NAN;
          s.lora_trainable_modules = NULL;
          s.training_method = HONE_TOGETHER_TRAINING_DPO;
          s.dpo_beta = 0.1;
        }
      hone_together_estimate_price_async (client, &s, NULL, got_result, &result);
      hone_together_estimate_price_finish (client, wait_result (&result), &estimate, &error);
      assert_accepted (error, "POST /fine-tunes/estimate-price");
    }
}

static void
test_models (void)
{
  GError *error = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_auto(GStrv) models = NULL;

    hone_together_list_models_async (client, NULL, got_result, &result);
    models = hone_together_list_models_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET /fine-tunes/models/supported");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneTogetherModelLimits) limits = NULL;

    hone_together_get_model_limits_async (client, "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
                                          NULL, got_result, &result);
    limits = hone_together_get_model_limits_finish (client, wait_result (&result), &error);
    assert_accepted (error, "GET /fine-tunes/models/limits");
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
  spec = g_build_filename (dir, "together", "openapi.yaml", NULL);
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

/* Prism takes ~10 s to load the 14,000-line spec */
static gboolean
wait_for_prism (GSubprocess *prism,
                const char  *base_url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (base_url, "/fine-tunes/models/supported", NULL);

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
      g_print ("SKIP: Together's OpenAPI spec was not found (set HONE_ORACLES_DIR, or put "
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
  /* No --errors: see the top of the file. Request validation is on anyway. */
  prism = g_subprocess_launcher_spawn (launcher, &error, prism_bin, "mock",
                                       "-h", "127.0.0.1", "-p", port, spec, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (prism, NULL, prism_ended, NULL);

  /* Prism serves the spec's paths without /v1 (README quirk 1) */
  base_url = g_strdup_printf ("http://127.0.0.1:%s", port);
  if (!wait_for_prism (prism, base_url))
    {
      print_prism_log ();
      g_subprocess_force_exit (prism);
      g_error ("Prism did not start on %s", base_url);
    }

  client = hone_together_new (NULL, "test-key");
  hone_together_set_base_url (client, base_url);
  hone_together_set_retry_policy (client, &no_retry);

  g_test_add_func ("/together-prism/create", test_create);
  g_test_add_func ("/together-prism/create-refused", test_create_refused);
  g_test_add_func ("/together-prism/jobs", test_jobs);
  g_test_add_func ("/together-prism/estimate", test_estimate);
  g_test_add_func ("/together-prism/models", test_models);
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
