/* test-cli-validate.c: hone-cli models, validate and estimate
 *
 * The token counts are checked against two other commands: `render --json`
 * gives each example's messages and `tokens` counts their text; OpenAI's
 * accounting (3 per message, the role, the content, 3 for the reply) adds
 * them up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-cli-test-util.h"

/* Fields question, answer; three training examples (the third without an
 * answer), one validation example; templates set */
static void
make_project (Fixture *f)
{
  g_auto(Result) imported = { 0 };
  g_auto(Result) validation = { 0 };
  g_auto(Result) templates = { 0 };

  write_work_file (f, "train.csv",
                   "question,answer\r\n"
                   "\"What is \"\"rain\"\"?\",\"Water, falling.\nSoftly.\"\r\n"
                   "Où est la gare ? 東京,Tout droit.\r\n"
                   "Say héllo ✓,\r\n");
  write_work_file (f, "validation.csv",
                   "question,answer\r\n"
                   "Count to three,\"1, 2, 3\"\r\n");
  run_cli (f, &imported, "import", "train.csv", "--project", "P.hone");
  g_assert_cmpint (imported.status, ==, 0);
  run_cli (f, &validation, "import", "validation.csv", "--project", "P.hone", "--split", "validation");
  g_assert_cmpint (validation.status, ==, 0);
  run_cli (f, &templates, "templates", "P.hone", "--system", "You answer briefly.",
           "--user", "Question: {{question}}", "--assistant", "{{answer}}");
  g_assert_cmpint (templates.status, ==, 0);
}

/* The first model of @provider in the catalogue, as `models --json` lists
 * it */
static JsonObject *
first_model (Fixture    *f,
             const char *provider)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *models;

  run_cli (f, &r, "models", "--provider", provider, "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  models = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (models), >, 0);
  return json_object_ref (json_array_get_object_element (models, 0));
}

static guint64
count_tokens (Fixture    *f,
              const char *text,
              const char *encoding)
{
  g_auto(Result) r = { 0 };

  run_cli_in (f, &r, text, "tokens", "--encoding", encoding);
  g_assert_cmpint (r.status, ==, 0);
  return g_ascii_strtoull (r.out, NULL, 10);
}

static void
test_models (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Result) r = { 0 };
  g_auto(Result) all = { 0 };
  g_auto(Result) bad = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *models;
  gboolean seen[3] = { FALSE, };

  run_cli (f, &r, "models");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Together AI"));
  g_assert_nonnull (strstr (r.out, "No new fine-tuning jobs after 2027-01-06"));

  run_cli (f, &all, "models", "--json");
  g_assert_cmpint (all.status, ==, 0);
  root = parse_json (all.out);
  models = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonObject *model = json_array_get_object_element (models, i);
      const char *provider = json_object_get_string_member (model, "provider");

      seen[0] |= g_str_equal (provider, "together");
      seen[1] |= g_str_equal (provider, "fireworks");
      seen[2] |= g_str_equal (provider, "openai");
      g_assert_cmpint (json_object_get_int_member (model, "max_example_tokens"), <=,
                       json_object_get_int_member (model, "context_length"));
      g_assert_nonnull (json_object_get_string_member (model, "tokenizer"));
    }
  g_assert_true (seen[0] && seen[1] && seen[2]);

  run_cli (f, &bad, "models", "--provider", "mistral");
  assert_usage_error (&bad);
}

/* Counts match render + tokens; the example without an answer is an error
 * (exit status 1) and is named */
static void
test_validate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) model = NULL;
  g_auto(Result) rendered = { 0 };
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *result, *tokens, *examples;
  JsonArray *problems;
  const char *model_id, *encoding;
  guint64 expected = 0;
  gboolean found = FALSE;

  make_project (f);
  model = first_model (f, "openai");
  model_id = json_object_get_string_member (model, "id");
  encoding = json_object_get_string_member (model, "tokenizer");

  /* What OpenAI's accounting gives for the training examples */
  run_cli (f, &rendered, "render", "P.hone", "--split", "train", "--json");
  g_assert_cmpint (rendered.status, ==, 0);
  lines = g_strsplit (rendered.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonNode) line = parse_json (lines[i]);
      JsonArray *messages = json_object_get_array_member (json_node_get_object (line), "messages");

      expected += 3;
      for (guint m = 0; m < json_array_get_length (messages); m++)
        {
          JsonObject *message = json_array_get_object_element (messages, m);

          expected += 3 + count_tokens (f, json_object_get_string_member (message, "role"), encoding) +
                      count_tokens (f, json_object_get_string_member (message, "content"), encoding);
        }
    }

  run_cli (f, &r, "validate", "P.hone", "--provider", "openai", "--model", model_id, "--json", "--today", "2026-11-27");
  g_assert_cmpint (r.status, ==, 1);
  root = parse_json (r.out);
  result = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (result, "exact"));
  examples = json_object_get_object_member (result, "examples");
  g_assert_cmpint (json_object_get_int_member (examples, "train"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (examples, "validation"), ==, 1);
  tokens = json_object_get_object_member (result, "tokens");
  g_assert_cmpint (json_object_get_int_member (tokens, "train"), ==, expected);

  problems = json_object_get_array_member (result, "problems");
  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);

      if (g_str_equal (json_object_get_string_member (problem, "code"), "missing-content"))
        {
          found = TRUE;
          g_assert_cmpint (json_object_get_int_member (problem, "example"), ==, 3);
          g_assert_cmpstr (json_object_get_string_member (problem, "role"), ==, "assistant");
          g_assert_cmpstr (json_object_get_string_member (problem, "severity"), ==, "error");
          g_assert_cmpstr (json_object_get_string_member (problem, "fix"), ==, "exclude");
        }
    }
  g_assert_true (found);

  /* For people: the model, the counts, the problem */
  {
    g_auto(Result) text = { 0 };

    run_cli (f, &text, "validate", "P.hone", "-p", "openai", "-m", model_id, "--today", "2026-11-27");
    g_assert_cmpint (text.status, ==, 1);
    g_assert_nonnull (strstr (text.out, "on OpenAI"));
    g_assert_nonnull (strstr (text.out, "missing-content"));
    g_assert_nonnull (strstr (text.out, "example 3"));
  }

  /* After the cut-off, OpenAI takes no job */
  {
    g_auto(Result) late = { 0 };

    run_cli (f, &late, "validate", "P.hone", "-p", "openai", "-m", model_id, "--today", "2027-01-07");
    g_assert_cmpint (late.status, ==, 1);
    g_assert_nonnull (strstr (late.out, "provider-closed"));
  }
}

static void
test_validate_usage (Fixture       *f,
                     gconstpointer  data)
{
  make_project (f);
  {
    /* No provider given and none chosen in the project */
    g_auto(Result) r = { 0 };

    run_cli (f, &r, "validate", "P.hone");
    assert_usage_error (&r);
    g_assert_nonnull (strstr (r.err, "hone-cli models"));
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (f, &r, "validate", "P.hone", "--provider", "together");
    assert_usage_error (&r);
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (f, &r, "validate", "P.hone", "--provider", "nope", "--model", "x");
    assert_usage_error (&r);
    g_assert_nonnull (strstr (r.err, "together"));
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (f, &r, "validate", "P.hone", "--provider", "together", "--model", "no/such-model");
    assert_user_error (&r);
    g_assert_nonnull (strstr (r.err, "no/such-model"));
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (f, &r, "validate", "Missing.hone", "--provider", "together", "--model", "x");
    assert_user_error (&r);
  }
  {
    /* A broken catalogue of the user's own is named, and nothing runs */
    g_auto(Result) r = { 0 };
    g_autofree char *dir = g_build_filename (f->config_home, "hone", NULL);
    g_autofree char *path = g_build_filename (dir, "models.json", NULL);

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (path, "{\"version\": 1, \"providers\": [", -1, NULL));
    run_cli (f, &r, "validate", "P.hone", "--provider", "together", "--model", "x");
    assert_user_error (&r);
    g_assert_nonnull (strstr (r.err, "models.json"));
  }
}

static void
test_estimate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) model = NULL;
  g_auto(Result) v = { 0 };
  g_auto(Result) r = { 0 };
  g_autoptr(JsonNode) vroot = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *e;
  const char *model_id;
  gint64 train_tokens;
  double per_mtok;

  make_project (f);
  model = first_model (f, "openai");
  model_id = json_object_get_string_member (model, "id");

  run_cli (f, &v, "validate", "P.hone", "-p", "openai", "-m", model_id, "--json", "--today", "2026-11-27");
  vroot = parse_json (v.out);
  train_tokens = json_object_get_int_member (json_object_get_object_member (json_node_get_object (vroot), "billed_tokens"), "train");

  /* Three training examples: OpenAI's auto picks 25 epochs */
  run_cli (f, &r, "estimate", "P.hone", "-p", "openai", "-m", model_id, "--json", "--today", "2026-11-27");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_json (r.out);
  e = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (e, "epochs"), ==, 25);
  g_assert_true (json_object_get_boolean_member (e, "epochs_auto"));
  g_assert_cmpint (json_object_get_int_member (e, "train_tokens"), ==, train_tokens);
  g_assert_cmpint (json_object_get_int_member (e, "billed_tokens"), ==, 25 * train_tokens);
  per_mtok = json_object_get_double_member (e, "usd_per_million_tokens");
  g_assert_cmpfloat (per_mtok, >, 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (e, "price_usd"),
                                  per_mtok * 25 * train_tokens / 1e6, 1e-9);
  g_assert_nonnull (json_object_get_string_member (e, "price_source"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (e, "assumptions")), >, 2);

  {
    g_auto(Result) fixed = { 0 };
    g_autoptr(JsonNode) froot = NULL;

    run_cli (f, &fixed, "estimate", "P.hone", "-p", "openai", "-m", model_id, "--epochs", "2", "--json");
    g_assert_cmpint (fixed.status, ==, 0);
    froot = parse_json (fixed.out);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (froot), "billed_tokens"), ==, 2 * train_tokens);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (froot), "epochs_auto"));
  }
  {
    g_auto(Result) text = { 0 };

    run_cli (f, &text, "estimate", "P.hone", "-p", "openai", "-m", model_id);
    g_assert_cmpint (text.status, ==, 0);
    g_assert_nonnull (strstr (text.out, "Billed tokens"));
    g_assert_nonnull (strstr (text.out, "Assumptions"));
  }
  {
    g_auto(Result) bad = { 0 };

    run_cli (f, &bad, "estimate", "P.hone", "-p", "openai", "-m", model_id, "--epochs", "-1");
    assert_usage_error (&bad);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli/models", test_models);
  ADD ("/cli/validate", test_validate);
  ADD ("/cli/validate-usage", test_validate_usage);
  ADD ("/cli/estimate", test_estimate);

#undef ADD

  return g_test_run ();
}
