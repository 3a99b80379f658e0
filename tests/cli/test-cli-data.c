/* test-cli-data.c: hone-cli import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hone-cli-test-util.h"

static char *
work_path (Fixture    *f,
           const char *name)
{
  return g_build_filename (f->work, name, NULL);
}

/* Exit status 2, nothing on stdout, @help_hint on stderr */
static void
assert_usage_error_hint (const Result *result,
                         const char   *help_hint)
{
  g_assert_cmpint (result->status, ==, 2);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "hone-cli: "));
  g_assert_nonnull (strstr (result->err, help_hint));
}

static JsonNode *
info_json (Fixture    *f,
           const char *file)
{
  g_auto(Result) result = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  run_cli (f, &result, "info", file, "--json");
  g_assert_cmpint (result.status, ==, 0);
  json_parser_load_from_data (parser, result.out, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static gint64
count_examples (Fixture    *f,
                const char *file,
                const char *split)
{
  g_autoptr(JsonNode) root = info_json (f, file);
  JsonObject *examples = json_object_get_object_member (json_node_get_object (root), "examples");

  return json_object_get_int_member (examples, split);
}

/* "name:kind,name:kind" */
static char *
fields_of (Fixture    *f,
           const char *file)
{
  g_autoptr(JsonNode) root = info_json (f, file);
  JsonArray *fields = json_object_get_array_member (json_node_get_object (root), "fields");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);

      g_string_append_printf (out, "%s%s:%s", i > 0 ? "," : "",
                              json_object_get_string_member (field, "name"),
                              json_object_get_string_member (field, "kind"));
    }
  return g_string_free (out, FALSE);
}

static const char sample_csv[] =
  "prompt,answer,rating\r\n"
  "\"Write a haiku about \"\"rain\"\"\",\"Soft rain on the roof,\nthe garden drinks slowly\",5\r\n"
  "Summarize the memo,The memo says no.,3\r\n"
  "Say hello,Hello!,4\r\n";

/* Tests */

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_auto(Result) import_help = { 0 };
  g_auto(Result) export_help = { 0 };

  run_cli (f, &result, "--help");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "\n  import "));
  g_assert_nonnull (strstr (result.out, "\n  export "));

  run_cli (f, &import_help, "import", "--help");
  g_assert_cmpint (import_help.status, ==, 0);
  for (guint i = 0; i < 7; i++)
    {
      const char *options[] = { "--project", "--format", "--delimiter", "--encoding", "--no-header", "--split", "--skip-bad-rows" };
      g_assert_nonnull (strstr (import_help.out, options[i]));
    }

  run_cli (f, &export_help, "export", "--help");
  g_assert_cmpint (export_help.status, ==, 0);
  g_assert_nonnull (strstr (export_help.out, "--format"));
  g_assert_nonnull (strstr (export_help.out, "--split"));
  g_assert_nonnull (strstr (export_help.out, "--output"));
}

static void
test_import_creates_project (Fixture       *f,
                             gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *fields = NULL;

  write_work_file_len (f, "haiku.csv", sample_csv, -1);
  run_cli (f, &result, "import", "haiku.csv", "--project", "P.hone");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_true (g_str_has_prefix (result.out, "Imported 3 examples from “haiku.csv” into “P.hone” (CSV, delimiter comma, Unicode (UTF-8)).\n"));
  g_assert_nonnull (strstr (result.out, "The project “haiku” was created for it.\n"));
  g_assert_nonnull (strstr (result.out, "New fields: prompt (Short text), answer (Long text), rating (Number)\n"));

  root = info_json (f, "P.hone");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "name"), ==, "haiku");
  g_assert_cmpint (count_examples (f, "P.hone", "train"), ==, 3);
  fields = fields_of (f, "P.hone");
  g_assert_cmpstr (fields, ==, "prompt:short-text,answer:long-text,rating:number");

  /* It is in Hone's list of projects */
  {
    g_auto(Result) projects = { 0 };

    run_cli (f, &projects, "projects", "--json");
    g_assert_cmpint (projects.status, ==, 0);
    g_assert_nonnull (strstr (projects.out, "haiku"));
  }
}

static void
test_import_into_existing (Fixture       *f,
                           gconstpointer  data)
{
  g_auto(Result) create = { 0 };
  g_auto(Result) first = { 0 };
  g_auto(Result) second = { 0 };
  g_autofree char *fields = NULL;

  run_cli (f, &create, "create", "Notes.hone", "--name", "Notes");
  g_assert_cmpint (create.status, ==, 0);
  write_work_file_len (f, "a.csv", sample_csv, -1);
  write_work_file_len (f, "b.tsv", "prompt\tnotes\nOne more\tfrom a TSV\n", -1);

  run_cli (f, &first, "import", "a.csv", "--project", "Notes.hone", "--split", "validation");
  g_assert_cmpint (first.status, ==, 0);
  g_assert_null (strstr (first.out, "was created"));

  /* "prompt" goes to the field that exists, "notes" to a new one */
  run_cli (f, &second, "import", "b.tsv", "--project", "Notes.hone");
  g_assert_cmpint (second.status, ==, 0);
  g_assert_nonnull (strstr (second.out, "(TSV (tab-separated), Unicode (UTF-8))"));
  g_assert_nonnull (strstr (second.out, "New field: notes (Short text)\n"));

  g_assert_cmpint (count_examples (f, "Notes.hone", "validation"), ==, 3);
  g_assert_cmpint (count_examples (f, "Notes.hone", "train"), ==, 1);
  fields = fields_of (f, "Notes.hone");
  g_assert_cmpstr (fields, ==, "prompt:short-text,answer:long-text,rating:number,notes:short-text");
}

static void
test_import_options (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Result) a = { 0 };
  g_auto(Result) b = { 0 };
  g_auto(Result) c = { 0 };
  g_autofree char *fields = NULL;

  /* Semicolons, given as a word and as a character */
  write_work_file_len (f, "semi.txt", "x;y\n1,5;2\n", -1);
  run_cli (f, &a, "import", "semi.txt", "--project", "a.hone", "--delimiter", "semicolon", "--format", "csv");
  g_assert_cmpint (a.status, ==, 0);
  g_assert_nonnull (strstr (a.out, "delimiter semicolon"));
  run_cli (f, &b, "import", "semi.txt", "--project", "b.hone", "--delimiter", ";", "--no-header", "--split", "excluded");
  g_assert_cmpint (b.status, ==, 0);
  g_assert_nonnull (strstr (b.out, "no header row"));
  g_assert_cmpint (count_examples (f, "b.hone", "excluded"), ==, 2);
  fields = fields_of (f, "b.hone");
  g_assert_cmpstr (fields, ==, "Column 1:short-text,Column 2:short-text");

  /* Chat JSON Lines */
  write_work_file_len (f, "chat.jsonl",
                   "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"}]}\n", -1);
  run_cli (f, &c, "import", "chat.jsonl", "--project", "c.hone", "--format", "chat-jsonl");
  g_assert_cmpint (c.status, ==, 0);
  g_clear_pointer (&fields, g_free);
  fields = fields_of (f, "c.hone");
  g_assert_cmpstr (fields, ==, "system:long-text,user:long-text,assistant:long-text");
}

static void
test_import_encoding (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Result) refused = { 0 };
  g_auto(Result) chosen = { 0 };
  g_auto(Result) exported = { 0 };
  g_autofree char *project = work_path (f, "L.hone");

  write_work_file_len (f, "latin1.csv", "name,city\nJos\xe9,M\xfcnchen\n", -1);

  run_cli (f, &refused, "import", "latin1.csv", "--project", "L.hone");
  assert_user_error (&refused);
  g_assert_nonnull (strstr (refused.err, "line 2, column 4"));
  g_assert_nonnull (strstr (refused.err, "--encoding windows-1252"));
  /* The project it would have made is not left behind */
  g_assert_false (g_file_test (project, G_FILE_TEST_EXISTS));

  run_cli (f, &chosen, "import", "latin1.csv", "--project", "L.hone", "--encoding", "windows-1252");
  g_assert_cmpint (chosen.status, ==, 0);
  g_assert_nonnull (strstr (chosen.out, "Western (Windows-1252)"));

  run_cli (f, &exported, "export", "L.hone", "--format", "csv");
  g_assert_cmpint (exported.status, ==, 0);
  g_assert_cmpstr (exported.out, ==, "name,city\r\nJosé,München\r\n");
}

static void
test_import_bad_rows (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Result) refused = { 0 };
  g_auto(Result) skipped = { 0 };
  g_autofree char *project = work_path (f, "B.hone");

  write_work_file_len (f, "bad.csv",
                   "a,b\n"
                   "1,2\n"
                   "\"x\"y,3\n"
                   "4,5,6\n"
                   "7,8\n", -1);

  run_cli (f, &refused, "import", "bad.csv", "--project", "B.hone");
  assert_user_error (&refused);
  g_assert_true (g_str_has_prefix (refused.err, "hone-cli: “bad.csv”, line 3, column 4: "));
  g_assert_false (g_file_test (project, G_FILE_TEST_EXISTS));

  run_cli (f, &skipped, "import", "bad.csv", "--project", "B.hone", "--skip-bad-rows");
  g_assert_cmpint (skipped.status, ==, 0);
  g_assert_nonnull (strstr (skipped.out, "Imported 2 examples"));
  g_assert_nonnull (strstr (skipped.out, "Skipped 2 rows that could not be imported:\n  line 3, column 4: "));
  g_assert_nonnull (strstr (skipped.out, "\n  line 4: this row has a value in column 3"));
  g_assert_cmpint (count_examples (f, "B.hone", "train"), ==, 2);
}

static void
test_import_failures_keep_existing_project (Fixture       *f,
                                            gconstpointer  data)
{
  g_auto(Result) create = { 0 };
  g_auto(Result) first = { 0 };
  g_auto(Result) refused = { 0 };

  run_cli (f, &create, "create", "K.hone", "--name", "Kept");
  write_work_file_len (f, "good.csv", "rating\n1\n2\n", -1);
  write_work_file_len (f, "bad.csv", "rating\n3\nnot a number\n", -1);
  run_cli (f, &first, "import", "good.csv", "--project", "K.hone");
  g_assert_cmpint (first.status, ==, 0);

  run_cli (f, &refused, "import", "bad.csv", "--project", "K.hone");
  assert_user_error (&refused);
  g_assert_nonnull (strstr (refused.err, "line 3"));
  g_assert_nonnull (strstr (refused.err, "rating"));
  g_assert_cmpint (count_examples (f, "K.hone", "train"), ==, 2);
}

static void
test_import_usage_errors (Fixture       *f,
                          gconstpointer  data)
{
  struct {
    const char *args[8];
  } cases[] = {
    { { "import", NULL } },
    { { "import", "a.csv", NULL } },
    { { "import", "a.csv", "b.csv", "--project", "P.hone", NULL } },
    { { "import", "a.csv", "--project", "P.hone", "--format", "xml", NULL } },
    { { "import", "a.csv", "--project", "P.hone", "--delimiter", "ab", NULL } },
    { { "import", "a.csv", "--project", "P.hone", "--delimiter", "x", NULL } },
    { { "import", "a.csv", "--project", "P.hone", "--split", "test", NULL } },
    { { "import", "a.csv", "--project", "P.hone", "--encoding", "no-such-encoding", NULL } },
    { { "import", "a.csv", "--project", "P.hone", "--bogus", NULL } },
  };

  write_work_file_len (f, "a.csv", "x\n1\n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) result = { 0 };

      run_cli_full (f, &result, NULL, 0, cases[i].args);
      assert_usage_error_hint (&result, "hone-cli import --help");
    }

  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "import", "a.csv", "--project", "P.txt");
    assert_user_error (&result);
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "import", "missing.csv", "--project", "P.hone");
    assert_user_error (&result);
    g_assert_nonnull (strstr (result.err, "missing.csv"));
  }
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Result) import = { 0 };
  g_auto(Result) csv = { 0 };
  g_auto(Result) jsonl = { 0 };
  g_auto(Result) split = { 0 };
  g_auto(Result) to_file = { 0 };
  g_auto(Result) by_extension = { 0 };
  g_autofree char *file_contents = NULL;
  g_autofree char *tsv_contents = NULL;

  write_work_file_len (f, "haiku.csv", sample_csv, -1);
  run_cli (f, &import, "import", "haiku.csv", "--project", "P.hone");
  g_assert_cmpint (import.status, ==, 0);

  run_cli (f, &csv, "export", "P.hone", "--format", "csv");
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_cmpstr (csv.err, ==, "");
  /* The same bytes as the file that went in */
  g_assert_cmpstr (csv.out, ==, sample_csv);

  run_cli (f, &jsonl, "export", "P.hone", "--format", "jsonl");
  g_assert_cmpint (jsonl.status, ==, 0);
  g_assert_cmpstr (jsonl.out, ==,
                   "{\"prompt\":\"Write a haiku about \\\"rain\\\"\",\"answer\":\"Soft rain on the roof,\\nthe garden drinks slowly\",\"rating\":5}\n"
                   "{\"prompt\":\"Summarize the memo\",\"answer\":\"The memo says no.\",\"rating\":3}\n"
                   "{\"prompt\":\"Say hello\",\"answer\":\"Hello!\",\"rating\":4}\n");

  run_cli (f, &split, "export", "P.hone", "--format", "csv", "--split", "validation");
  g_assert_cmpint (split.status, ==, 0);
  g_assert_cmpstr (split.out, ==, "prompt,answer,rating\r\n");

  run_cli (f, &to_file, "export", "P.hone", "--format", "csv", "-o", "out.csv");
  g_assert_cmpint (to_file.status, ==, 0);
  g_assert_cmpstr (to_file.out, ==, "");
  file_contents = read_work_file (f, "out.csv");
  g_assert_cmpstr (file_contents, ==, sample_csv);

  run_cli (f, &by_extension, "export", "P.hone", "--output", "out.tsv");
  g_assert_cmpint (by_extension.status, ==, 0);
  tsv_contents = read_work_file (f, "out.tsv");
  g_assert_true (g_str_has_prefix (tsv_contents, "prompt\tanswer\trating\r\n"));
}

static void
test_export_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Result) create = { 0 };
  g_auto(Result) no_format = { 0 };
  g_auto(Result) bad_format = { 0 };
  g_auto(Result) bad_split = { 0 };
  g_auto(Result) missing = { 0 };
  g_auto(Result) no_folder = { 0 };

  run_cli (f, &create, "create", "E.hone", "--name", "E");

  run_cli (f, &no_format, "export", "E.hone");
  assert_usage_error_hint (&no_format, "hone-cli export --help");
  run_cli (f, &bad_format, "export", "E.hone", "--format", "xlsx");
  assert_usage_error_hint (&bad_format, "hone-cli export --help");
  run_cli (f, &bad_split, "export", "E.hone", "--format", "csv", "--split", "all");
  assert_usage_error_hint (&bad_split, "hone-cli export --help");

  run_cli (f, &missing, "export", "nope.hone", "--format", "csv");
  assert_user_error (&missing);
  run_cli (f, &no_folder, "export", "E.hone", "-o", "no/such/folder/out.csv");
  assert_user_error (&no_folder);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("id,text,code,score\r\n");
  g_auto(Result) a = { 0 };
  g_auto(Result) b = { 0 };
  g_auto(Result) c = { 0 };
  g_auto(Result) d = { 0 };

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (text, "%u,\"Line one, \"\"quoted\"\"\r\nline two\rthree\n \",%03u,%u.5\r\n", i, i, i);
  write_work_file_len (f, "in.csv", text->str, text->len);

  run_cli (f, &a, "import", "in.csv", "--project", "one.hone");
  g_assert_cmpint (a.status, ==, 0);
  run_cli (f, &b, "export", "one.hone", "-o", "one.csv");
  g_assert_cmpint (b.status, ==, 0);
  run_cli (f, &c, "import", "one.csv", "--project", "two.hone");
  g_assert_cmpint (c.status, ==, 0);
  run_cli (f, &d, "export", "two.hone", "--format", "csv");
  g_assert_cmpint (d.status, ==, 0);

  g_assert_cmpuint (d.out_len, ==, text->len);
  g_assert_true (memcmp (d.out, text->str, text->len) == 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli/data/help", test_help);
  ADD ("/cli/import/creates-project", test_import_creates_project);
  ADD ("/cli/import/into-existing", test_import_into_existing);
  ADD ("/cli/import/options", test_import_options);
  ADD ("/cli/import/encoding", test_import_encoding);
  ADD ("/cli/import/bad-rows", test_import_bad_rows);
  ADD ("/cli/import/failures-keep-project", test_import_failures_keep_existing_project);
  ADD ("/cli/import/usage-errors", test_import_usage_errors);
  ADD ("/cli/export", test_export);
  ADD ("/cli/export/errors", test_export_errors);
  ADD ("/cli/data/round-trip", test_round_trip);

#undef ADD

  return g_test_run ();
}
