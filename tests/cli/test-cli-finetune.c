/* test-cli-finetune.c: hone-cli finetune against a fake Together AI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake runs in this process (its own thread); the real hone-cli runs
 * as a child with --base-url pointing at it and the key in
 * TOGETHER_API_KEY, as people run it in scripts.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hone-cli-test-util.h"
#include "hone-fake-together.h"

#define API_KEY "tgp_v1_cli-secret-0123456789"

typedef struct {
  Fixture           f;
  HoneFakeServer   *server;
  HoneFakeTogether *together;
  char             *base_url;
  char             *project;
} FtFixture;

static void
ft_setup (FtFixture     *ft,
          gconstpointer  data)
{
  Result result = { 0, };

  fixture_setup (&ft->f, data);
  ft->server = hone_fake_server_new ();
  ft->together = hone_fake_together_new (ft->server);
  ft->base_url = hone_fake_server_url (ft->server, "/v1");
  ft->project = g_build_filename (ft->f.work, "sample.hone", NULL);
  g_setenv ("TOGETHER_API_KEY", API_KEY, TRUE);
  /* no keyring: a missing key must say so at once */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/hone-test-bus", TRUE);

  run_cli (&ft->f, &result, "create", ft->project, "--sample");
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
}

static void
ft_teardown (FtFixture     *ft,
             gconstpointer  data)
{
  g_clear_pointer (&ft->together, hone_fake_together_free);
  g_clear_pointer (&ft->server, hone_fake_server_free);
  g_free (ft->base_url);
  g_free (ft->project);
  fixture_teardown (&ft->f, data);
}

static void
assert_no_key (const Result *result)
{
  g_assert_null (strstr (result->out, API_KEY));
  g_assert_null (strstr (result->err, API_KEY));
  g_assert_null (strstr (result->out, "0123456789"));
  g_assert_null (strstr (result->err, "0123456789"));
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

/* start → status → watch to the end; list shows it; the key is never
 * printed */
static void
test_start_watch (FtFixture     *ft,
                  gconstpointer  data)
{
  g_auto(Result) result = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *body = NULL;
  JsonObject *object;

  run_cli (&ft->f, &result, "finetune", "start", ft->project, "--provider", "together",
           "--model", "Qwen/Qwen3-8B", "--epochs", "2", "--suffix", "support",
           "--accept-warnings", "--base-url", ft->base_url);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "Estimate:"));
  g_assert_nonnull (strstr (result.out, "Started fine-tune 1 on Together AI: job ft-1 (pending)"));
  g_assert_nonnull (strstr (result.out, "Together AI estimates it at $0.52."));
  g_assert_nonnull (strstr (result.out, "finetune watch"));
  g_assert_nonnull (strstr (result.err, "Sending the training examples"));
  assert_no_key (&result);
  g_assert_cmpuint (hone_fake_together_get_n_jobs (ft->together), ==, 1);
  body = hone_fake_together_dup_create_body (ft->together, 0);
  g_assert_nonnull (strstr (body, "\"model\":\"Qwen/Qwen3-8B\""));
  g_assert_nonnull (strstr (body, "\"n_epochs\":2"));
  g_assert_nonnull (strstr (body, "\"suffix\":\"support\""));
  /* the key went to Together, as a bearer token */
  {
    g_autoptr(GPtrArray) requests = hone_fake_server_get_requests (ft->server);
    gboolean seen = FALSE;

    for (guint i = 0; i < requests->len; i++)
      {
        HoneFakeRequest *request = g_ptr_array_index (requests, i);
        const char *auth = soup_message_headers_get_one (request->headers, "Authorization");

        if (g_str_equal (request->path, "/v1/fine-tunes"))
          seen = g_strcmp0 (auth, "Bearer " API_KEY) == 0;
      }
    g_assert_true (seen);
  }
  result_clear (&result);

  /* status asks Together and keeps what it says */
  run_cli (&ft->f, &result, "finetune", "status", ft->project, "ft-1", "--json");
  g_assert_cmpint (result.status, ==, 0);
  object = parse_object (parser, result.out);
  g_assert_cmpstr (json_object_get_string_member (object, "job"), ==, "ft-1");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (object, "training_examples"), >, 0);
  g_assert_true (json_object_get_int_member (object, "estimated_tokens") > 0);
  g_assert_cmpfloat (json_object_get_double_member (object, "provider_estimate_usd"), ==, 0.52);
  result_clear (&result);

  /* watch follows it to the end: 0 for succeeded */
  run_cli (&ft->f, &result, "finetune", "watch", ft->project, "1", "--interval", "0.05");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "running"));
  g_assert_nonnull (strstr (result.out, "Training started"));
  g_assert_nonnull (strstr (result.out, "succeeded"));
  g_assert_nonnull (strstr (result.out, "Billed:      123,456 tokens, $0.48"));
  g_assert_nonnull (strstr (result.out, "Output:      me/Qwen/Qwen3-8B-support"));
  assert_no_key (&result);
  result_clear (&result);

  /* offline: what the project keeps */
  g_setenv ("TOGETHER_API_KEY", "", TRUE);
  run_cli (&ft->f, &result, "finetune", "list", ft->project);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "ft-1"));
  g_assert_nonnull (strstr (result.out, "succeeded"));
  g_assert_nonnull (strstr (result.out, "$0.48"));
  result_clear (&result);
  run_cli (&ft->f, &result, "finetune", "status", ft->project, "ft-1", "--offline", "--json");
  g_assert_cmpint (result.status, ==, 0);
  object = parse_object (parser, result.out);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "succeeded");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "losses")), ==, 24);
}

/* No key: a clear message naming the variable, nothing sent */
static void
test_no_key (FtFixture     *ft,
             gconstpointer  data)
{
  g_auto(Result) result = { 0, };

  g_unsetenv ("TOGETHER_API_KEY");
  run_cli (&ft->f, &result, "finetune", "start", ft->project, "--provider", "together",
           "--model", "Qwen/Qwen3-8B", "--accept-warnings", "--base-url", ft->base_url);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "TOGETHER_API_KEY"));
  g_assert_cmpuint (hone_fake_server_count (ft->server, NULL, NULL), ==, 0);
}

/* A failed create is recorded; resume finishes it without a second job;
 * a refused one says why */
static void
test_resume_and_refusal (FtFixture     *ft,
                         gconstpointer  data)
{
  g_auto(Result) result = { 0, };

  hone_fake_server_push_json (ft->server, "POST", "/v1/fine-tunes", 500,
                              "{\"error\":{\"message\":\"internal error\"}}");
  run_cli (&ft->f, &result, "finetune", "start", ft->project, "--provider", "together",
           "--model", "Qwen/Qwen3-8B", "--accept-warnings", "--base-url", ft->base_url);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "internal error"));
  g_assert_nonnull (strstr (result.err, "finetune resume"));
  result_clear (&result);

  run_cli (&ft->f, &result, "finetune", "list", ft->project);
  g_assert_nonnull (strstr (result.out, "interrupted while starting"));
  result_clear (&result);

  run_cli (&ft->f, &result, "finetune", "resume", ft->project, "1", "--base-url", ft->base_url);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "pending"));
  g_assert_cmpuint (hone_fake_together_get_n_jobs (ft->together), ==, 1);
  g_assert_cmpuint (hone_fake_together_get_n_files (ft->together), ==, 2);
  result_clear (&result);

  /* cancel it */
  run_cli (&ft->f, &result, "finetune", "cancel", ft->project, "ft-1", "--base-url", ft->base_url);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "cancelled"));
  result_clear (&result);
  run_cli (&ft->f, &result, "finetune", "watch", ft->project, "ft-1", "--interval", "0.05",
           "--base-url", ft->base_url);
  g_assert_cmpint (result.status, ==, 1);
  result_clear (&result);

  /* refused: not started, and why */
  hone_fake_server_push_json (ft->server, "POST", "/v1/fine-tunes", 400,
                              "{\"error\":{\"message\":\"n_epochs must be at most 20\"}}");
  run_cli (&ft->f, &result, "finetune", "start", ft->project, "--provider", "together",
           "--model", "Qwen/Qwen3-8B", "--epochs", "50", "--accept-warnings", "--base-url", ft->base_url);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "n_epochs must be at most 20"));
  g_assert_null (strstr (result.err, "finetune resume"));
  g_assert_cmpuint (hone_fake_together_get_n_jobs (ft->together), ==, 1);
}

/* Usage errors and checks stop before anything is sent */
static void
test_usage (FtFixture     *ft,
            gconstpointer  data)
{
  g_auto(Result) result = { 0, };

  run_cli (&ft->f, &result, "finetune");
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.out, "watch"));
  result_clear (&result);
  run_cli (&ft->f, &result, "finetune", "launch", ft->project);
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);
  run_cli (&ft->f, &result, "finetune", "start", ft->project, "--provider", "together",
           "--model", "Qwen/Qwen3-8B", "--suffix", "no spaces", "--base-url", ft->base_url);
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);
  run_cli (&ft->f, &result, "finetune", "start", ft->project, "--provider", "together",
           "--model", "Qwen/Qwen3-8B", "--learning-rate", "fast", "--base-url", ft->base_url);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "learning-rate"));
  result_clear (&result);
  run_cli (&ft->f, &result, "finetune", "status", ft->project, "ft-nope");
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "ft-nope"));
  result_clear (&result);
  /* OpenAI after its cut-off: the check refuses, nothing is sent */
  g_setenv ("OPENAI_API_KEY", "sk-test", TRUE);
  run_cli (&ft->f, &result, "finetune", "start", ft->project, "--provider", "openai",
           "--model", "gpt-4.1-mini-2025-04-14", "--today", "2027-01-07", "--accept-warnings",
           "--base-url", ft->base_url);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "Nothing was sent"));
  g_assert_cmpuint (hone_fake_server_count (ft->server, NULL, NULL), ==, 0);
  result_clear (&result);
  /* before it: said wherever OpenAI is chosen */
  run_cli (&ft->f, &result, "validate", ft->project, "--provider", "openai",
           "--model", "gpt-4.1-mini-2025-04-14", "--today", "2026-12-01");
  g_assert_nonnull (strstr (result.out, "OpenAI takes no new fine-tuning jobs after 6 January 2027."));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/finetune/start-watch", FtFixture, NULL, ft_setup, test_start_watch, ft_teardown);
  g_test_add ("/cli/finetune/no-key", FtFixture, NULL, ft_setup, test_no_key, ft_teardown);
  g_test_add ("/cli/finetune/resume-and-refusal", FtFixture, NULL, ft_setup, test_resume_and_refusal, ft_teardown);
  g_test_add ("/cli/finetune/usage", FtFixture, NULL, ft_setup, test_usage, ft_teardown);

  return g_test_run ();
}
