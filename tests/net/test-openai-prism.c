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

#include <math.h>

#include "hone-error.h"
#include "hone-openai.h"
#include "hone-prism.h"

static HoneOpenAI *client;
static HonePrism *prism;

static const HoneRetryPolicy no_retry = { 1, 10, 10 };

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
      hone_openai_create_fine_tune_async (client, &s, NULL, hone_prism_got_result, &result);
      job = hone_openai_create_fine_tune_finish (client, hone_prism_wait_result (&result), &error);
      hone_prism_assert_accepted (prism, error, "POST /fine_tuning/jobs");
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
    hone_openai_create_fine_tune_async (client, &s, NULL, hone_prism_got_result, &result);
    job = hone_openai_create_fine_tune_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "POST /fine_tuning/jobs (DPO, no hyperparameters)");
  }
}

/* The control: validation is on. A body without training_file (which Hone
 * never sends) is refused with 422. */
static void
test_refused (void)
{
  g_autoptr(SoupSession) session = hone_http_session_new ();
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autofree char *url = g_strconcat (hone_prism_get_base_url (prism), "/fine_tuning/jobs", NULL);
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

    hone_openai_get_job_async (client, id, NULL, hone_prism_got_result, &result);
    job = hone_openai_get_job_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /fine_tuning/jobs/{id}");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) jobs = NULL;

    hone_openai_list_jobs_async (client, NULL, hone_prism_got_result, &result);
    jobs = hone_openai_list_jobs_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /fine_tuning/jobs");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;

    hone_openai_cancel_job_async (client, id, NULL, hone_prism_got_result, &result);
    job = hone_openai_cancel_job_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "POST /fine_tuning/jobs/{id}/cancel");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) events = NULL;

    hone_openai_list_events_async (client, id, NULL, hone_prism_got_result, &result);
    events = hone_openai_list_events_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /fine_tuning/jobs/{id}/events");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) checkpoints = NULL;

    hone_openai_list_checkpoints_async (client, id, NULL, hone_prism_got_result, &result);
    checkpoints = hone_openai_list_checkpoints_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /fine_tuning/jobs/{id}/checkpoints");
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
                                  hone_prism_got_result, &result);
  file_id = hone_openai_upload_finish (client, hone_prism_wait_result (&result), &error);
  hone_prism_assert_accepted (prism, error, "POST /files (multipart)");
  g_assert_nonnull (file_id);
}

static void
test_files (void)
{
  GError *error = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) files = NULL;

    hone_openai_list_files_async (client, NULL, hone_prism_got_result, &result);
    files = hone_openai_list_files_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /files?purpose=fine-tune");
    g_assert_nonnull (files);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    gboolean deleted;

    hone_openai_delete_file_async (client, "file-abc123", NULL, hone_prism_got_result, &result);
    deleted = hone_openai_delete_file_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "DELETE /files/{file_id}");
    g_assert_true (deleted);
  }
}

/* Chat completions (used by the playground): see hone_prism_check_chat() */
static void
test_chat (void)
{
  hone_prism_check_chat (prism, "gpt-4.1-mini-2025-04-14", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDateTime) today = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  prism = hone_prism_start ("openai/openapi.prism.json", "OpenAI's OpenAPI spec",
                            HONE_PRISM_NO_ERRORS, "/fine_tuning/jobs", 300);
  if (prism == NULL)
    return HONE_PRISM_SKIP;

  client = hone_openai_new (NULL, "test-key");
  hone_openai_set_base_url (client, hone_prism_get_base_url (prism));
  hone_openai_set_retry_policy (client, &no_retry);
  today = g_date_time_new_utc (2026, 11, 20, 12, 0, 0);
  hone_openai_set_today (client, today);

  g_test_add_func ("/openai-prism/create", test_create);
  g_test_add_func ("/openai-prism/refused", test_refused);
  g_test_add_func ("/openai-prism/jobs", test_jobs);
  g_test_add_func ("/openai-prism/upload", test_upload);
  g_test_add_func ("/openai-prism/files", test_files);
  g_test_add_func ("/openai-prism/chat", test_chat);
  status = g_test_run ();

  g_clear_object (&client);
  hone_prism_stop (prism);
  return status;
}
