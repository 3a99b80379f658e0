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

#include <math.h>

#include "hone-error.h"
#include "hone-prism.h"
#include "hone-together.h"

static HoneTogether *client;
static HonePrism *prism;

static const HoneRetryPolicy no_retry = { 1, 10, 10 };

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
      hone_together_create_fine_tune_async (client, &s, NULL, hone_prism_got_result, &result);
      job = hone_together_create_fine_tune_finish (client, hone_prism_wait_result (&result), &error);
      hone_prism_assert_accepted (prism, error, "POST /fine-tunes");
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
  hone_together_create_fine_tune_async (client, &s, NULL, hone_prism_got_result, &result);
  job = hone_together_create_fine_tune_finish (client, hone_prism_wait_result (&result), &error);
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

    hone_together_get_job_async (client, id, NULL, hone_prism_got_result, &result);
    job = hone_together_get_job_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /fine-tunes/{id}");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) jobs = NULL;

    hone_together_list_jobs_async (client, NULL, hone_prism_got_result, &result);
    jobs = hone_together_list_jobs_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /fine-tunes");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;

    hone_together_cancel_job_async (client, id, NULL, hone_prism_got_result, &result);
    job = hone_together_cancel_job_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "POST /fine-tunes/{id}/cancel");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) events = NULL;

    hone_together_list_events_async (client, id, NULL, hone_prism_got_result, &result);
    events = hone_together_list_events_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /fine-tunes/{id}/events");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) checkpoints = NULL;

    hone_together_list_checkpoints_async (client, id, NULL, hone_prism_got_result, &result);
    checkpoints = hone_together_list_checkpoints_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /fine-tunes/{id}/checkpoints");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GArray) metrics = NULL;

    hone_together_get_metrics_async (client, id, NULL, hone_prism_got_result, &result);
    metrics = hone_together_get_metrics_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /fine-tunes/{id}/metrics");
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
      hone_together_estimate_price_async (client, &s, NULL, hone_prism_got_result, &result);
      hone_together_estimate_price_finish (client, hone_prism_wait_result (&result), &estimate, &error);
      hone_prism_assert_accepted (prism, error, "POST /fine-tunes/estimate-price");
    }
}

static void
test_models (void)
{
  GError *error = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_auto(GStrv) models = NULL;

    hone_together_list_models_async (client, NULL, hone_prism_got_result, &result);
    models = hone_together_list_models_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /fine-tunes/models/supported");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneTogetherModelLimits) limits = NULL;

    hone_together_get_model_limits_async (client, "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
                                          NULL, hone_prism_got_result, &result);
    limits = hone_together_get_model_limits_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /fine-tunes/models/limits");
  }
}

static void
test_files (void)
{
  GError *error = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) files = NULL;

    hone_together_list_files_async (client, NULL, hone_prism_got_result, &result);
    files = hone_together_list_files_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET /files");
    g_assert_nonnull (files);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    gboolean deleted;

    hone_together_delete_file_async (client, "file-abc", NULL, hone_prism_got_result, &result);
    deleted = hone_together_delete_file_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "DELETE /files/{id}");
    g_assert_true (deleted);
  }
}

/* Chat completions (used by the playground): see hone_prism_check_chat() */
static void
test_chat (void)
{
  hone_prism_check_chat (prism, "Qwen/Qwen3-8B", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  prism = hone_prism_start ("together/openapi.yaml", "Together's OpenAPI spec",
                            HONE_PRISM_NO_ERRORS, "/fine-tunes/models/supported", 120);
  if (prism == NULL)
    return HONE_PRISM_SKIP;

  client = hone_together_new (NULL, "test-key");
  hone_together_set_base_url (client, hone_prism_get_base_url (prism));
  hone_together_set_retry_policy (client, &no_retry);

  g_test_add_func ("/together-prism/create", test_create);
  g_test_add_func ("/together-prism/create-refused", test_create_refused);
  g_test_add_func ("/together-prism/jobs", test_jobs);
  g_test_add_func ("/together-prism/estimate", test_estimate);
  g_test_add_func ("/together-prism/models", test_models);
  g_test_add_func ("/together-prism/files", test_files);
  g_test_add_func ("/together-prism/chat", test_chat);
  status = g_test_run ();

  g_clear_object (&client);
  hone_prism_stop (prism);
  return status;
}
