/* test-cli-render.c: hone-cli render (one template, --batch, a project),
 * hone-cli templates, and export --format chat-jsonl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hone-cli-test-util.h"

/* A project with fields prompt, answer, rating; examples 1–3 in training
 * and 4 in validation; no templates */
static void
make_project (Fixture *f)
{
  g_auto(Result) train = { 0 };
  g_auto(Result) validation = { 0 };

  write_work_file (f, "train.csv",
                   "prompt,answer,rating\r\n"
                   "\"Write a haiku about \"\"rain\"\"\",\"Soft rain on the roof,\nthe garden drinks\",5\r\n"
                   "Summarize <the> memo,The memo says no.,0\r\n"
                   "Say héllo ✓,,4\r\n");
  write_work_file (f, "validation.csv",
                   "prompt,answer,rating\r\n"
                   "Count to three,\"1, 2, 3\",2.50\r\n");
  run_cli (f, &train, "import", "train.csv", "--project", "P.hone");
  g_assert_cmpint (train.status, ==, 0);
  run_cli (f, &validation, "import", "validation.csv", "--project", "P.hone", "--split", "validation");
  g_assert_cmpint (validation.status, ==, 0);
}

static void
set_templates (Fixture *f)
{
  g_auto(Result) result = { 0 };

  run_cli (f, &result, "templates", "P.hone",
           "--system", "You answer briefly.",
           "--user", "{{prompt}}{{#if rating}} ({{rating}} stars){{/if}}",
           "--assistant", "{{answer}}");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
}

/* Tests */

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_auto(Result) render_help = { 0 };
  g_auto(Result) templates_help = { 0 };
  g_auto(Result) export_help = { 0 };

  run_cli (f, &result, "--help");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "\n  render "));
  g_assert_nonnull (strstr (result.out, "\n  templates "));

  run_cli (f, &render_help, "render", "--help");
  g_assert_cmpint (render_help.status, ==, 0);
  for (guint i = 0; i < 9; i++)
    {
      const char *options[] = { "--data", "--data-file", "--template-file", "--escape", "--no-escape",
                                "--batch", "--example", "--split", "--json" };
      g_assert_nonnull (strstr (render_help.out, options[i]));
    }

  run_cli (f, &templates_help, "help", "templates");
  g_assert_cmpint (templates_help.status, ==, 0);
  for (guint i = 0; i < 5; i++)
    {
      const char *options[] = { "--system", "--user", "--assistant", "--style", "--user-file" };
      g_assert_nonnull (strstr (templates_help.out, options[i]));
    }

  run_cli (f, &export_help, "export", "--help");
  g_assert_nonnull (strstr (export_help.out, "chat-jsonl"));
  g_assert_nonnull (strstr (export_help.out, "--skip-bad-examples"));
}

/* One template over JSON data: the output exactly, no escaping unless asked */
static void
test_render_one (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Result) plain = { 0 };
  g_auto(Result) escaped = { 0 };
  g_auto(Result) explicit_none = { 0 };
  g_auto(Result) no_data = { 0 };
  g_auto(Result) from_files = { 0 };
  g_auto(Result) from_stdin = { 0 };

  run_cli (f, &plain, "render", "Hi {{name}}{{#each tags}} #{{this}}{{/each}}!",
           "--data", "{\"name\": \"<Ann & \\\"Bo\\\">\", \"tags\": [\"a\", \"b\"]}");
  g_assert_cmpint (plain.status, ==, 0);
  g_assert_cmpstr (plain.out, ==, "Hi <Ann & \"Bo\"> #a #b!");
  g_assert_cmpstr (plain.err, ==, "");

  run_cli (f, &escaped, "render", "Hi {{name}} {{{name}}}", "--escape", "--data", "{\"name\": \"<a href='x'>&`=\"}");
  g_assert_cmpint (escaped.status, ==, 0);
  g_assert_cmpstr (escaped.out, ==, "Hi &lt;a href&#x3D;&#x27;x&#x27;&gt;&amp;&#x60;&#x3D; <a href='x'>&`=");

  run_cli (f, &explicit_none, "render", "{{x}}", "--no-escape", "--data", "{\"x\": \"&\"}");
  g_assert_cmpstr (explicit_none.out, ==, "&");

  /* Without data every name is empty; a line break at the end is kept, none added */
  run_cli (f, &no_data, "render", "[{{x}}]\n");
  g_assert_cmpint (no_data.status, ==, 0);
  g_assert_cmpstr (no_data.out, ==, "[]\n");

  write_work_file (f, "t.hbs", "{{#with who}}{{first}} {{last}}{{/with}}");
  write_work_file (f, "d.json", "{\"who\": {\"first\": \"Ada\", \"last\": \"Lovelace\"}}");
  run_cli (f, &from_files, "render", "--template-file", "t.hbs", "--data-file", "d.json");
  g_assert_cmpint (from_files.status, ==, 0);
  g_assert_cmpstr (from_files.out, ==, "Ada Lovelace");

  run_cli_in (f, &from_stdin, "{\"n\": 2.5}", "render", "{{n}}", "--data-file", "-");
  g_assert_cmpint (from_stdin.status, ==, 0);
  g_assert_cmpstr (from_stdin.out, ==, "2.5");
}

static void
test_render_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Result) parse = { 0 };
  g_auto(Result) bad_data = { 0 };
  g_auto(Result) runtime = { 0 };
  g_auto(Result) missing_file = { 0 };
  g_auto(Result) both = { 0 };
  g_auto(Result) none = { 0 };
  g_auto(Result) project_option = { 0 };

  run_cli (f, &parse, "render", "Line 1\n{{#if x}}\n{{/each}}", "--data", "{}");
  assert_user_error (&parse);
  g_assert_true (g_str_has_prefix (parse.err, "hone-cli: line 3, column "));

  run_cli (f, &bad_data, "render", "{{x}}", "--data", "{\"x\": ");
  assert_user_error (&bad_data);
  g_assert_nonnull (strstr (bad_data.err, "JSON"));

  run_cli (f, &runtime, "render", "{{#each a b}}x{{/each}}", "--data", "{\"a\": [1], \"b\": [2]}");
  assert_user_error (&runtime);

  run_cli (f, &missing_file, "render", "--template-file", "nope.hbs");
  assert_user_error (&missing_file);
  g_assert_nonnull (strstr (missing_file.err, "nope.hbs"));

  run_cli (f, &both, "render", "{{x}}", "--escape", "--no-escape");
  assert_usage_error (&both);
  run_cli (f, &none, "render");
  assert_usage_error (&none);
  run_cli (f, &project_option, "render", "{{x}}", "--data", "{}", "--example", "3");
  assert_usage_error (&project_option);
}

/* --batch: one answer per line, in order, whatever the line holds */
static void
test_render_batch (Fixture       *f,
                   gconstpointer  data)
{
  static const struct {
    const char *in;
    const char *key;    /* "output" or "error" */
    const char *value;  /* the output, or a piece of the error (NULL: any) */
  } lines[] = {
    { "{\"template\": \"Hi {{name}}\", \"data\": {\"name\": \"<b>\"}}", "output", "Hi <b>" },
    { "{\"template\": \"Hi {{name}}\", \"data\": {\"name\": \"<b>\"}, \"escape\": true}", "output", "Hi &lt;b&gt;" },
    { "{\"template\": \"Hi {{name}}\", \"data\": {\"name\": \"<b>\"}, \"escape\": false}", "output", "Hi <b>" },
    { "not json at all", "error", "JSON" },
    { "", "error", NULL },
    { "[1, 2]", "error", NULL },
    { "{\"data\": {}}", "error", "template" },
    { "{\"template\": 42}", "error", "template" },
    { "{\"template\": \"x\", \"escape\": \"yes\"}", "error", "escape" },
    { "{\"template\": \"{{#if a}}\\n{{/each}}\"}", "error", "line 2, column " },
    { "{\"template\": \"{{#each a b}}x{{/each}}\", \"data\": {\"a\": [1], \"b\": [1]}}", "error", NULL },
    { "{\"template\": \"no data\"}", "output", "no data" },
    { "{\"template\": \"{{a}}|{{b}}|{{c}}\", \"data\": {\"a\": 1.5, \"b\": true, \"c\": null}}", "output", "1.5|true|" },
    { "{\"template\": \"{{x}}\", \"data\": {\"x\": \"quote \\\" backslash \\\\ tab \\t nl \\n é ✓ \\u001f\"}}\r", "output",
      "quote \" backslash \\ tab \t nl \n é ✓ \x1f" },
    { "{\"template\": \"Hi {{name}}\", \"data\": {\"name\": \"again\"}}", "output", "Hi again" },
  };
  g_autoptr(GString) input = g_string_new (NULL);
  g_auto(Result) result = { 0 };
  g_auto(Result) escaped = { 0 };
  g_auto(Result) empty = { 0 };
  g_auto(Result) usage = { 0 };
  g_auto(GStrv) out_lines = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    g_string_append_printf (input, "%s\n", lines[i].in);

  run_cli_in (f, &result, input->str, "render", "--batch");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_true (g_str_has_suffix (result.out, "\n"));
  out_lines = g_strsplit (result.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (out_lines), ==, G_N_ELEMENTS (lines) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(JsonNode) node = parse_json (out_lines[i]);
      JsonObject *object = json_node_get_object (node);

      g_test_message ("line %u: %s", i + 1, out_lines[i]);
      g_assert_cmpuint (json_object_get_size (object), ==, 1);
      g_assert_true (json_object_has_member (object, lines[i].key));
      if (g_str_equal (lines[i].key, "output"))
        g_assert_cmpstr (json_object_get_string_member (object, "output"), ==, lines[i].value);
      else if (lines[i].value != NULL)
        g_assert_nonnull (strstr (json_object_get_string_member (object, "error"), lines[i].value));
      /* Compact: no spaces between tokens */
      g_assert_true (g_str_has_prefix (out_lines[i], g_str_equal (lines[i].key, "output") ? "{\"output\":\"" : "{\"error\":\""));
    }
  /* U+001F escaped, UTF-8 kept as it is */
  g_assert_cmpstr (out_lines[13], ==, "{\"output\":\"quote \\\" backslash \\\\ tab \\t nl \\n é ✓ \\u001f\"}");

  /* --escape sets the default; "escape" in a line wins */
  run_cli_in (f, &escaped,
              "{\"template\": \"{{x}}\", \"data\": {\"x\": \"&\"}}\n"
              "{\"template\": \"{{x}}\", \"data\": {\"x\": \"&\"}, \"escape\": false}\n"
              "{\"template\": \"{{x}}\", \"data\": {\"x\": \"&\"}, \"escape\": null}",  /* no newline at the end */
              "render", "--batch", "--escape");
  g_assert_cmpint (escaped.status, ==, 0);
  g_assert_cmpstr (escaped.out, ==, "{\"output\":\"&amp;\"}\n{\"output\":\"&\"}\n{\"output\":\"&amp;\"}\n");

  run_cli_in (f, &empty, "", "render", "--batch");
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_cmpstr (empty.out, ==, "");

  run_cli_in (f, &usage, "", "render", "--batch", "{{x}}");
  assert_usage_error (&usage);
}

/* Many lines, few templates (compiled once each): every answer in order */
static void
test_render_batch_many (Fixture       *f,
                        gconstpointer  data)
{
  const guint n = 20000;
  g_autoptr(GString) input = g_string_new (NULL);
  g_auto(Result) result = { 0 };
  g_auto(GStrv) out_lines = NULL;

  for (guint i = 0; i < n; i++)
    {
      if (i % 1000 == 999)
        g_string_append (input, "{\"template\": \"{{#if}}\"}\n");
      else
        g_string_append_printf (input, "{\"template\": \"T%u {{n}}{{#each l}},{{@index}}{{/each}}\", \"data\": {\"n\": %u, \"l\": [%u, 0]}}\n",
                                i % 7, i, i);
    }

  run_cli_in (f, &result, input->str, "render", "--batch");
  g_assert_cmpint (result.status, ==, 0);
  out_lines = g_strsplit (result.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (out_lines), ==, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *expected = NULL;

      if (i % 1000 == 999)
        {
          g_assert_true (g_str_has_prefix (out_lines[i], "{\"error\":\""));
          continue;
        }
      expected = g_strdup_printf ("{\"output\":\"T%u %u,0,1\"}", i % 7, i);
      g_assert_cmpstr (out_lines[i], ==, expected);
    }
}

/* templates: show, set, and refuse a template that does not compile while
 * changing nothing */
static void
test_templates (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Result) shown = { 0 };
  g_auto(Result) set = { 0 };
  g_auto(Result) again = { 0 };
  g_auto(Result) refused = { 0 };
  g_auto(Result) after = { 0 };
  g_auto(Result) text = { 0 };
  g_auto(Result) style = { 0 };
  g_auto(Result) usage = { 0 };
  g_auto(Result) from_file = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *before = NULL;
  JsonObject *templates;

  make_project (f);

  run_cli (f, &shown, "templates", "P.hone", "--json");
  g_assert_cmpint (shown.status, ==, 0);
  root = parse_json (shown.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "style"), ==, "chat");
  templates = json_object_get_object_member (json_node_get_object (root), "templates");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (templates, "user"), "text"), ==, "");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (templates, "user"), "version"), ==, 0);
  g_clear_pointer (&root, json_node_unref);

  run_cli (f, &set, "templates", "P.hone", "--user", "{{prompt}}", "--assistant", "{{answer}}");
  g_assert_cmpint (set.status, ==, 0);
  g_assert_nonnull (strstr (set.out, "User message saved (version 1)."));
  g_assert_nonnull (strstr (set.out, "Assistant message saved (version 1)."));

  /* Setting again updates version 1: it was never kept */
  run_cli (f, &again, "templates", "P.hone", "--user", "Q: {{prompt}}");
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "User message saved (version 1)."));

  before = work_file_checksum (f, "P.hone");

  /* The user template is fine, the assistant one is not: nothing changes */
  run_cli (f, &refused, "templates", "P.hone", "--user", "Changed {{prompt}}", "--assistant", "ok\n  {{#each answer}}");
  assert_user_error (&refused);
  g_assert_true (g_str_has_prefix (refused.err, "hone-cli: Assistant message, line 2, column "));
  g_assert_nonnull (strstr (refused.err, "Nothing was changed."));
  {
    g_autofree char *now = work_file_checksum (f, "P.hone");
    g_assert_cmpstr (now, ==, before);
  }

  run_cli (f, &after, "templates", "P.hone", "--json");
  root = parse_json (after.out);
  templates = json_object_get_object_member (json_node_get_object (root), "templates");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (templates, "user"), "text"), ==, "Q: {{prompt}}");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (templates, "assistant"), "text"), ==, "{{answer}}");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (templates, "user"), "kept"));
  g_clear_pointer (&root, json_node_unref);

  /* The style, and a system prompt from a file; a name that is not a field is warned about */
  write_work_file (f, "system.txt", "Be brief about {{topic}}.\n");
  run_cli (f, &from_file, "templates", "P.hone", "--system-file", "system.txt");
  g_assert_cmpint (from_file.status, ==, 0);
  g_assert_nonnull (strstr (from_file.err, "“topic”"));
  run_cli (f, &style, "templates", "P.hone", "--style", "prompt-completion");
  g_assert_cmpint (style.status, ==, 0);
  g_assert_nonnull (strstr (style.err, "system prompt"));

  run_cli (f, &text, "templates", "P.hone");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Template style: Prompt and completion (prompt-completion)\n"));
  g_assert_nonnull (strstr (text.out, "System prompt (version 1)\n  Be brief about {{topic}}.\n"));
  g_assert_nonnull (strstr (text.out, "User message (version 1)\n  Q: {{prompt}}\n"));

  run_cli (f, &usage, "templates", "P.hone", "--user", "x", "--user-file", "system.txt");
  assert_usage_error (&usage);
}

/* render P.hone: an example's messages, readable or as JSON lines */
static void
test_render_project (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Result) first = { 0 };
  g_auto(Result) second = { 0 };
  g_auto(Result) split = { 0 };
  g_auto(Result) missing = { 0 };
  g_auto(Result) readable = { 0 };
  g_auto(Result) broken = { 0 };
  g_auto(Result) bad_template = { 0 };

  make_project (f);
  set_templates (f);

  run_cli (f, &first, "render", "P.hone", "--json");
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpstr (first.out, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"You answer briefly.\"},"
                   "{\"role\":\"user\",\"content\":\"Write a haiku about \\\"rain\\\" (5 stars)\"},"
                   "{\"role\":\"assistant\",\"content\":\"Soft rain on the roof,\\nthe garden drinks\"}]}\n");

  /* Values are not escaped; a rating of 0 is false */
  run_cli (f, &second, "render", "P.hone", "--example", "2", "--json");
  g_assert_cmpint (second.status, ==, 0);
  g_assert_nonnull (strstr (second.out, "\"content\":\"Summarize <the> memo\"}"));

  /* A split: numbers render as typed */
  run_cli (f, &split, "render", "P.hone", "--split", "validation", "--json");
  g_assert_cmpint (split.status, ==, 0);
  g_assert_cmpstr (split.out, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"You answer briefly.\"},"
                   "{\"role\":\"user\",\"content\":\"Count to three (2.50 stars)\"},"
                   "{\"role\":\"assistant\",\"content\":\"1, 2, 3\"}]}\n");

  run_cli (f, &readable, "render", "P.hone", "--example", "3");
  g_assert_cmpint (readable.status, ==, 0);
  g_assert_cmpstr (readable.out, ==,
                   "Example 3\n"
                   "  System prompt\n"
                   "    You answer briefly.\n"
                   "  User message\n"
                   "    Say héllo ✓ (4 stars)\n"
                   "  Assistant message\n"
                   "    (empty)\n");

  run_cli (f, &missing, "render", "P.hone", "--example", "99");
  assert_user_error (&missing);
  g_assert_nonnull (strstr (missing.err, "99"));

  /* A rendering failure in a split: the others are printed, the status is 1 */
  {
    g_auto(Result) set = { 0 };

    run_cli (f, &set, "templates", "P.hone", "--assistant", "{{#each prompt answer}}x{{/each}}");
    g_assert_cmpint (set.status, ==, 0);
  }
  run_cli (f, &broken, "render", "P.hone", "--split", "train", "--json");
  g_assert_cmpint (broken.status, ==, 1);
  g_assert_nonnull (strstr (broken.err, "Example 1, Assistant message"));

  run_cli (f, &bad_template, "render", "P.hone", "--template-file", "nope");
  assert_usage_error (&bad_template);
}

/* export --format chat-jsonl goes through the exporter */
static void
test_export_chat (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Result) failing = { 0 };
  g_auto(Result) skipping = { 0 };
  g_auto(Result) to_file = { 0 };
  g_auto(Result) wrong = { 0 };
  g_auto(Result) no_templates = { 0 };
  g_autofree char *written = NULL;
  g_auto(GStrv) lines = NULL;

  make_project (f);

  run_cli (f, &no_templates, "export", "P.hone", "--format", "chat-jsonl");
  assert_user_error (&no_templates);
  g_assert_nonnull (strstr (no_templates.err, "User message"));

  set_templates (f);

  /* Example 3 has no answer: its assistant message is empty */
  run_cli (f, &failing, "export", "P.hone", "--format", "chat-jsonl", "-o", "out.jsonl");
  assert_user_error (&failing);
  g_assert_nonnull (strstr (failing.err, "Example 3, Assistant message"));
  {
    g_autofree char *path = g_build_filename (f->work, "out.jsonl", NULL);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  run_cli (f, &skipping, "export", "P.hone", "--format", "chat-jsonl", "--skip-bad-examples");
  g_assert_cmpint (skipping.status, ==, 0);
  g_assert_nonnull (strstr (skipping.err, "Left out 1 example"));
  g_assert_nonnull (strstr (skipping.err, ": 3\n"));
  lines = g_strsplit (skipping.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[1], ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"You answer briefly.\"},"
                   "{\"role\":\"user\",\"content\":\"Summarize <the> memo\"},"
                   "{\"role\":\"assistant\",\"content\":\"The memo says no.\"}]}");
  g_assert_true (g_str_has_prefix (lines[2], "{\"messages\":[{\"role\":\"system\",\"content\":\"You answer briefly.\"},{\"role\":\"user\",\"content\":\"Count to three"));

  {
    g_auto(Result) pc = { 0 };

    run_cli (f, &pc, "templates", "P.hone", "--style", "prompt-completion");
    g_assert_cmpint (pc.status, ==, 0);
  }
  run_cli (f, &to_file, "export", "P.hone", "--format", "chat-jsonl", "--split", "validation", "-o", "v.jsonl");
  g_assert_cmpint (to_file.status, ==, 0);
  written = read_work_file (f, "v.jsonl");
  g_assert_cmpstr (written, ==, "{\"prompt\":\"Count to three (2.50 stars)\",\"completion\":\"1, 2, 3\"}\n");

  run_cli (f, &wrong, "export", "P.hone", "--format", "csv", "--skip-bad-examples");
  assert_usage_error (&wrong);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli/render/help", test_help);
  ADD ("/cli/render/one", test_render_one);
  ADD ("/cli/render/errors", test_render_errors);
  ADD ("/cli/render/batch", test_render_batch);
  ADD ("/cli/render/batch-many", test_render_batch_many);
  ADD ("/cli/render/project", test_render_project);
  ADD ("/cli/templates", test_templates);
  ADD ("/cli/export/chat-jsonl", test_export_chat);

#undef ADD

  return g_test_run ();
}
