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

#include <math.h>

#include "hone-error.h"
#include "hone-fireworks.h"
#include "hone-prism.h"

static HoneFireworks *client;
static HonePrism *prism;

static const HoneRetryPolicy no_retry = { 1, 10, 10 };

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
                                         "train.jsonl", NULL, NULL, NULL, hone_prism_got_result, &result);
    name = hone_fireworks_upload_dataset_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "the dataset create and upload");
    g_assert_cmpstr (name, ==, "accounts/hone-test/datasets/hone-ds");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *state = NULL;

    hone_fireworks_get_dataset_state_async (client, "hone-ds", NULL, hone_prism_got_result, &result);
    state = hone_fireworks_get_dataset_state_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET …/datasets/{id}");
    g_assert_nonnull (state);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    gboolean deleted;

    hone_fireworks_delete_dataset_async (client, "hone-ds", NULL, hone_prism_got_result, &result);
    deleted = hone_fireworks_delete_dataset_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "DELETE …/datasets/{id}");
    g_assert_true (deleted);
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
      hone_fireworks_create_job_async (client, &s, NULL, hone_prism_got_result, &result);
      job = hone_fireworks_create_job_finish (client, hone_prism_wait_result (&result), &error);
      hone_prism_assert_accepted (prism, error, "POST …/supervisedFineTuningJobs");
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

    hone_fireworks_get_job_async (client, "hone-job", NULL, hone_prism_got_result, &result);
    job = hone_fireworks_get_job_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET …/supervisedFineTuningJobs/{id}");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) jobs = NULL;

    hone_fireworks_list_jobs_async (client, NULL, hone_prism_got_result, &result);
    jobs = hone_fireworks_list_jobs_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "GET …/supervisedFineTuningJobs");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;

    hone_fireworks_cancel_job_async (client, "hone-job", NULL, hone_prism_got_result, &result);
    hone_fireworks_cancel_job_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "POST …/supervisedFineTuningJobs/{id}:cancel");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;

    hone_fireworks_delete_job_async (client, "hone-job", NULL, hone_prism_got_result, &result);
    hone_fireworks_delete_job_finish (client, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (prism, error, "DELETE …/supervisedFineTuningJobs/{id}");
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  prism = hone_prism_start ("fireworks/fireworks-derived.openapi.yaml", "The derived Fireworks description",
                            HONE_PRISM_ERRORS, "/v1/accounts/hone-test/supervisedFineTuningJobs", 120);
  if (prism == NULL)
    return HONE_PRISM_SKIP;

  client = hone_fireworks_new (NULL, "test-key", "hone-test");
  hone_fireworks_set_base_url (client, hone_prism_get_base_url (prism));
  hone_fireworks_set_retry_policy (client, &no_retry);

  g_test_add_func ("/fireworks-prism/dataset", test_dataset);
  g_test_add_func ("/fireworks-prism/create", test_create);
  g_test_add_func ("/fireworks-prism/jobs", test_jobs);
  status = g_test_run ();

  g_clear_object (&client);
  hone_prism_stop (prism);
  return status;
}
