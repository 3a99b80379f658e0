/* test-cli.c: runs hone-cli and checks its output and exit status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

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

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));

  return json_node_get_array (node);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);

  return json_node_get_string (node);
}

static gint64
get_int (JsonObject *object,
         const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);

  return json_node_get_int (node);
}

static gboolean
get_boolean (JsonObject *object,
             const char *member)
{
  JsonNode *node;

  g_assert_true (json_object_has_member (object, member));
  node = json_object_get_member (object, member);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);

  return json_node_get_boolean (node);
}

/* A UTC time as hone-cli prints it in JSON: "2026-11-26T10:00:00Z" */
static void
assert_utc_time (const char *text)
{
  g_autoptr(GDateTime) date_time = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), ==, strlen ("2026-11-26T10:00:00Z"));
  g_assert_true (g_str_has_suffix (text, "Z"));
  g_assert_cmpint (text[10], ==, 'T');

  date_time = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (date_time);
  /* Made in this test, so within the last hour */
  g_assert_cmpint (ABS (g_date_time_difference (now, date_time)), <, G_TIME_SPAN_HOUR);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static guint
count_dir_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* Creates a project with hone-cli and returns its absolute path */
static char *
create_project (Fixture    *f,
                const char *file,
                const char *name)
{
  g_auto(Result) result = { 0 };
  g_autofree char *expected = work_path (f, file);

  run_cli (f, &result, "create", file, "--name", name);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_true (g_str_has_suffix (result.out, "\n"));
  result.out[strlen (result.out) - 1] = '\0';
  g_assert_true (g_path_is_absolute (result.out));
  g_assert_cmpstr (result.out, ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));

  return g_steal_pointer (&expected);
}

/* Runs "info --json" and returns the object it printed */
static JsonNode *
info_json (Fixture    *f,
           const char *file)
{
  g_auto(Result) result = { 0 };
  JsonNode *root;

  run_cli (f, &result, "info", file, "--json");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");

  root = parse_json (result.out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return root;
}

/* Tests */

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char *forms[] = { "--help", "-h", "help" };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_auto(Result) result = { 0 };

      run_cli (f, &result, forms[i]);
      g_assert_cmpint (result.status, ==, 0);
      g_assert_cmpstr (result.err, ==, "");
      g_assert_nonnull (strstr (result.out, "Usage"));
      g_assert_nonnull (strstr (result.out, "\n  create "));
      g_assert_nonnull (strstr (result.out, "\n  info "));
      g_assert_nonnull (strstr (result.out, "\n  projects "));
      g_assert_nonnull (strstr (result.out, "Create a new project"));
    }
}

static void
test_command_help (Fixture       *f,
                   gconstpointer  data)
{
  struct {
    const char *command;
    const char *option;
  } commands[] = {
    { "create", "--name" },
    { "create", "--sample" },
    { "info", "--json" },
    { "projects", "--json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Result) result = { 0 };
      g_auto(Result) via_help = { 0 };
      g_autofree char *usage = g_strdup_printf ("hone-cli %s [OPTION", commands[i].command);

      run_cli (f, &result, commands[i].command, "--help");
      g_assert_cmpint (result.status, ==, 0);
      g_assert_cmpstr (result.err, ==, "");
      g_assert_nonnull (strstr (result.out, usage));
      g_assert_nonnull (strstr (result.out, commands[i].option));

      /* "hone-cli help COMMAND" prints the same */
      run_cli (f, &via_help, "help", commands[i].command);
      g_assert_cmpint (via_help.status, ==, 0);
      g_assert_cmpstr (via_help.out, ==, result.out);
    }

  /* --help never runs the command */
  g_assert_cmpuint (count_dir_entries (f->work), ==, 0);
  g_assert_cmpuint (count_dir_entries (f->data_home), ==, 0);
}

static void
test_version (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  run_cli (f, &result, "--version");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "hone-cli " PACKAGE_VERSION "\n");
  g_assert_cmpstr (result.out, ==, "hone-cli 0.1.0\n");
  g_assert_cmpstr (result.err, ==, "");
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "frobnicate");
    assert_usage_error_hint (&result, "“hone-cli --help”");
    g_assert_nonnull (strstr (result.err, "frobnicate"));
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "--frobnicate");
    assert_usage_error_hint (&result, "“hone-cli --help”");
    g_assert_nonnull (strstr (result.err, "--frobnicate"));
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "help", "frobnicate");
    assert_usage_error_hint (&result, "“hone-cli --help”");
  }
  {
    g_auto(Result) result = { 0 };
    const char * const no_args[] = { NULL };

    run_cli_full (f, &result, NULL, 0, no_args);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_cmpstr (result.out, ==, "");
    g_assert_nonnull (strstr (result.err, "create"));
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "create", "--frobnicate", "a.hone", "--name", "A");
    assert_usage_error_hint (&result, "“hone-cli create --help”");
    g_assert_nonnull (strstr (result.err, "--frobnicate"));
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "create", "--name", "A");
    assert_usage_error_hint (&result, "“hone-cli create --help”");
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "create", "a.hone", "b.hone", "--name", "A");
    assert_usage_error_hint (&result, "“hone-cli create --help”");
    g_assert_nonnull (strstr (result.err, "b.hone"));
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "info");
    assert_usage_error_hint (&result, "“hone-cli info --help”");
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "info", "");
    assert_usage_error_hint (&result, "“hone-cli info --help”");
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "create", "", "--name", "A");
    assert_usage_error_hint (&result, "“hone-cli create --help”");
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "info", "a.hone", "b.hone");
    assert_usage_error_hint (&result, "“hone-cli info --help”");
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "info", "--yaml", "a.hone");
    assert_usage_error_hint (&result, "“hone-cli info --help”");
  }
  {
    g_auto(Result) result = { 0 };

    run_cli (f, &result, "projects", "extra");
    assert_usage_error_hint (&result, "“hone-cli projects --help”");
  }

  /* Nothing was made */
  g_assert_cmpuint (count_dir_entries (f->work), ==, 0);
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *examples;
  JsonObject *templates;

  path = create_project (f, "Notes.hone", "Press releases");

  root = info_json (f, "Notes.hone");
  object = json_node_get_object (root);
  g_assert_cmpstr (get_string (object, "name"), ==, "Press releases");
  g_assert_cmpstr (get_string (object, "description"), ==, "");
  g_assert_cmpstr (get_string (object, "file"), ==, path);
  assert_utc_time (get_string (object, "created"));
  assert_utc_time (get_string (object, "modified"));
  g_assert_cmpuint (json_array_get_length (get_array (object, "fields")), ==, 0);

  examples = get_object (object, "examples");
  g_assert_cmpint (get_int (examples, "train"), ==, 0);
  g_assert_cmpint (get_int (examples, "validation"), ==, 0);
  g_assert_cmpint (get_int (examples, "excluded"), ==, 0);
  g_assert_cmpint (get_int (examples, "total"), ==, 0);

  templates = get_object (object, "templates");
  g_assert_cmpuint (json_object_get_size (templates), ==, 3);
  g_assert_cmpstr (get_string (get_object (templates, "system"), "text"), ==, "");
  g_assert_cmpint (get_int (get_object (templates, "system"), "version"), ==, 0);
  g_assert_cmpint (get_int (get_object (templates, "user"), "version"), ==, 0);
  g_assert_cmpint (get_int (get_object (templates, "assistant"), "version"), ==, 0);

  /* The index file was made under XDG_DATA_HOME */
  g_assert_cmpuint (count_dir_entries (f->data_home), >, 0);
}

static void
test_create_absolute (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_autofree char *path = g_build_filename (f->root, "Elsewhere.hone", NULL);
  g_autofree char *expected = g_strconcat (path, "\n", NULL);

  run_cli (f, &result, "create", path, "-n", "Elsewhere");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, expected);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_create_exists (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = create_project (f, "Notes.hone", "First");
  g_autoptr(GBytes) before = read_bytes (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(Result) result = { 0 };
  g_autofree char *text = work_path (f, "notes.txt.hone");
  g_auto(Result) text_result = { 0 };

  run_cli (f, &result, "create", "Notes.hone", "--name", "Second");
  assert_user_error (&result);
  g_assert_nonnull (strstr (result.err, "Notes.hone"));

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));

  root = info_json (f, "Notes.hone");
  g_assert_cmpstr (get_string (json_node_get_object (root), "name"), ==, "First");

  /* Not a project at all: still refused and left alone */
  g_file_set_contents (text, "Hello\n", -1, NULL);
  run_cli (f, &text_result, "create", "notes.txt.hone", "--sample");
  assert_user_error (&text_result);
  g_assert_nonnull (strstr (text_result.err, "notes.txt.hone"));
  {
    g_autoptr(GBytes) text_bytes = read_bytes (text);

    g_assert_cmpuint (g_bytes_get_size (text_bytes), ==, 6);
    g_assert_cmpmem (g_bytes_get_data (text_bytes, NULL), 6, "Hello\n", 6);
  }
}

static void
test_create_no_name (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  run_cli (f, &result, "create", "Notes.hone");
  assert_usage_error_hint (&result, "“hone-cli create --help”");
  g_assert_nonnull (strstr (result.err, "--name"));
  g_assert_cmpuint (count_dir_entries (f->work), ==, 0);
}

static void
test_create_empty_name (Fixture       *f,
                        gconstpointer  data)
{
  const char *names[] = { "", "   " };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_auto(Result) result = { 0 };
      g_auto(Result) sample = { 0 };

      run_cli (f, &result, "create", "Notes.hone", "--name", names[i]);
      assert_user_error (&result);
      g_assert_nonnull (strstr (result.err, "name"));

      run_cli (f, &sample, "create", "Notes.hone", "--sample", "--name", names[i]);
      assert_user_error (&sample);
    }

  g_assert_cmpuint (count_dir_entries (f->work), ==, 0);
}

static void
test_create_extension (Fixture       *f,
                       gconstpointer  data)
{
  struct {
    const char *file;
    const char *suggestion;
  } cases[] = {
    { "Notes", "“Notes.hone”" },
    { "Notes.txt", "“Notes.txt.hone”" },
    { "Notes.HONE", "“Notes.hone”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) result = { 0 };

      run_cli (f, &result, "create", cases[i].file, "--name", "Notes");
      assert_user_error (&result);
      g_assert_nonnull (strstr (result.err, cases[i].suggestion));
    }

  g_assert_cmpuint (count_dir_entries (f->work), ==, 0);
}

static void
test_create_missing_dir (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  run_cli (f, &result, "create", "no/such/folder/Notes.hone", "--name", "Notes");
  assert_user_error (&result);
  g_assert_cmpuint (count_dir_entries (f->work), ==, 0);
}

static void
check_sample (JsonObject *object)
{
  JsonObject *examples = get_object (object, "examples");
  JsonObject *templates = get_object (object, "templates");
  JsonArray *fields = get_array (object, "fields");
  const char *roles[] = { "system", "user", "assistant" };
  gint64 train = get_int (examples, "train");
  gint64 validation = get_int (examples, "validation");
  gint64 excluded = get_int (examples, "excluded");
  gint64 total = get_int (examples, "total");

  g_assert_cmpint (total, >, 20);
  g_assert_cmpint (train, >, 0);
  g_assert_cmpint (validation, >, 0);
  g_assert_cmpint (excluded, >=, 0);
  g_assert_cmpint (train + validation + excluded, ==, total);

  g_assert_cmpuint (json_array_get_length (fields), >, 0);
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);
      const char *kind = get_string (field, "kind");
      JsonArray *allowed = get_array (field, "allowed_values");

      g_assert_cmpstr (get_string (field, "name"), !=, "");
      g_assert_nonnull (get_string (field, "description"));
      g_assert_true (g_str_equal (kind, "short-text") || g_str_equal (kind, "long-text") ||
                     g_str_equal (kind, "label") || g_str_equal (kind, "number") ||
                     g_str_equal (kind, "yes-no"));
      if (g_str_equal (kind, "label"))
        g_assert_cmpuint (json_array_get_length (allowed), >, 0);
      else
        g_assert_cmpuint (json_array_get_length (allowed), ==, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      JsonObject *template = get_object (templates, roles[i]);

      g_assert_cmpstr (get_string (template, "text"), !=, "");
      g_assert_cmpint (get_int (template, "version"), >=, 1);
    }
}

static void
test_create_sample (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_auto(Result) named = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) named_root = NULL;
  g_autofree char *path = work_path (f, "Sample.hone");
  g_autofree char *expected = g_strconcat (path, "\n", NULL);
  const char *sample_name;

  run_cli (f, &result, "create", "Sample.hone", "--sample");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, expected);
  g_assert_cmpstr (result.err, ==, "");

  root = info_json (f, "Sample.hone");
  check_sample (json_node_get_object (root));
  sample_name = get_string (json_node_get_object (root), "name");
  g_assert_cmpstr (sample_name, !=, "");

  /* --name overrides the name of the sample */
  run_cli (f, &named, "create", "Named.hone", "--sample", "--name", "My own sample");
  g_assert_cmpint (named.status, ==, 0);
  named_root = info_json (f, "Named.hone");
  check_sample (json_node_get_object (named_root));
  g_assert_cmpstr (get_string (json_node_get_object (named_root), "name"), ==, "My own sample");
  g_assert_cmpstr (sample_name, !=, "My own sample");
}

static void
test_info_text (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_auto(Result) empty = { 0 };
  g_auto(Result) created = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *fields;
  JsonObject *templates;
  g_autofree char *path = work_path (f, "Sample.hone");
  g_autofree char *empty_path = NULL;

  run_cli (f, &created, "create", "Sample.hone", "--sample", "--name", "Launch notes");
  g_assert_cmpint (created.status, ==, 0);
  root = info_json (f, "Sample.hone");
  object = json_node_get_object (root);

  run_cli (f, &result, "info", "Sample.hone");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_true (g_str_has_prefix (result.out, "Launch notes\n"));
  g_assert_nonnull (strstr (result.out, path));
  g_assert_nonnull (strstr (result.out, "\nFields\n"));
  g_assert_nonnull (strstr (result.out, "\nExamples\n"));
  g_assert_nonnull (strstr (result.out, "\nTemplates\n"));
  g_assert_nonnull (strstr (result.out, "Training"));
  g_assert_nonnull (strstr (result.out, "Validation"));
  g_assert_nonnull (strstr (result.out, "System prompt (version "));

  /* Every field is listed by name */
  fields = get_array (object, "fields");
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);
      g_autofree char *needle = g_strdup_printf ("\n  %s ", get_string (field, "name"));

      g_assert_nonnull (strstr (result.out, needle));
    }

  /* The first line of the system prompt is there, indented */
  templates = get_object (object, "templates");
  {
    g_auto(GStrv) lines = g_strsplit (get_string (get_object (templates, "system"), "text"), "\n", 2);
    g_autofree char *needle = g_strdup_printf ("\n    %s\n", lines[0]);

    g_assert_nonnull (strstr (result.out, needle));
  }

  /* The total is there */
  {
    g_autofree char *total = g_strdup_printf (" %" G_GINT64_FORMAT,
                                              get_int (get_object (object, "examples"), "total"));
    const char *start = strstr (result.out, "\n  Total ");
    g_autofree char *line = NULL;

    g_assert_nonnull (start);
    start++;
    line = g_strndup (start, strchr (start, '\n') - start);
    g_assert_true (g_str_has_suffix (line, total));
  }

  /* An empty project says so */
  empty_path = create_project (f, "Empty.hone", "Empty");
  run_cli (f, &empty, "info", empty_path);
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_nonnull (strstr (empty.out, "No fields yet"));
  g_assert_nonnull (strstr (empty.out, "(not written yet)"));
}

static void
test_info_missing (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_auto(Result) json = { 0 };

  run_cli (f, &result, "info", "Missing.hone");
  assert_user_error (&result);
  g_assert_nonnull (strstr (result.err, "Missing.hone"));

  run_cli (f, &json, "info", "Missing.hone", "--json");
  assert_user_error (&json);

  /* Reading does not create it */
  g_assert_cmpuint (count_dir_entries (f->work), ==, 0);
}

static void
test_info_not_a_project (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_autofree char *path = work_path (f, "Letter.hone");
  const char *text = "Dear reader,\nthis is not a project.\n";
  g_autoptr(GBytes) after = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  run_cli (f, &result, "info", "Letter.hone");
  assert_user_error (&result);
  g_assert_nonnull (strstr (result.err, "Letter.hone"));
  g_assert_nonnull (strstr (result.err, "not a Hone project"));

  after = read_bytes (path);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), text, strlen (text));
  /* No -wal, -shm or backup beside it */
  g_assert_cmpuint (count_dir_entries (f->work), ==, 1);
}

static void
test_info_too_new (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = create_project (f, "Future.hone", "From the future");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_auto(Result) result = { 0 };
  g_auto(Result) json = { 0 };
  sqlite3 *db = NULL;
  char *message = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  rc = sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, &message);
  g_assert_cmpstr (message, ==, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  /* Checkpointed into the file itself */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_dir_entries (f->work), ==, 1);

  before = read_bytes (path);

  run_cli (f, &result, "info", "Future.hone");
  assert_user_error (&result);
  g_assert_nonnull (strstr (result.err, "Future.hone"));
  g_assert_nonnull (strstr (result.err, "newer version of Hone"));

  run_cli (f, &json, "info", "Future.hone", "--json");
  assert_user_error (&json);

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  /* No backup, no companions */
  g_assert_cmpuint (count_dir_entries (f->work), ==, 1);
}

static void
test_projects_empty (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Result) text = { 0 };
  g_auto(Result) json = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (f, &text, "projects");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpstr (text.err, ==, "");
  g_assert_cmpstr (text.out, ==,
                   "No projects yet. Create one with “hone-cli create FILE.hone --name NAME”.\n");

  run_cli (f, &json, "projects", "--json");
  g_assert_cmpint (json.status, ==, 0);
  g_assert_cmpstr (json.err, ==, "");
  g_assert_cmpstr (json.out, ==, "[]\n");
  root = parse_json (json.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);
}

static JsonObject *
find_project (JsonArray  *array,
              const char *name)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      g_assert_nonnull (object);
      if (g_str_equal (get_string (object, "name"), name))
        {
          g_assert_null (found);
          found = object;
        }
    }

  g_assert_nonnull (found);
  return found;
}

static void
test_projects (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *first = create_project (f, "First.hone", "First project");
  g_autofree char *second = NULL;
  g_auto(Result) sample = { 0 };
  g_auto(Result) json = { 0 };
  g_auto(Result) text = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sample_path = work_path (f, "Sample.hone");
  JsonArray *array;
  JsonObject *object;
  const char *names[] = { "First project", "Second project", "Sample project" };

  second = create_project (f, "Second.hone", "Second project");
  run_cli (f, &sample, "create", "Sample.hone", "--sample", "--name", "Sample project");
  g_assert_cmpint (sample.status, ==, 0);

  run_cli (f, &json, "projects", "--json");
  g_assert_cmpint (json.status, ==, 0);
  g_assert_cmpstr (json.err, ==, "");
  root = parse_json (json.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);

  object = find_project (array, "First project");
  g_assert_cmpstr (get_string (object, "file"), ==, first);
  g_assert_cmpint (get_int (object, "examples"), ==, 0);
  g_assert_cmpint (get_int (object, "fields"), ==, 0);
  g_assert_true (get_boolean (object, "available"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "problem")));
  assert_utc_time (get_string (object, "modified"));
  assert_utc_time (get_string (object, "last_opened"));

  object = find_project (array, "Second project");
  g_assert_cmpstr (get_string (object, "file"), ==, second);
  g_assert_cmpint (get_int (object, "examples"), ==, 0);
  g_assert_true (get_boolean (object, "available"));

  object = find_project (array, "Sample project");
  g_assert_cmpstr (get_string (object, "file"), ==, sample_path);
  g_assert_cmpint (get_int (object, "examples"), >, 20);
  g_assert_cmpint (get_int (object, "fields"), >, 0);

  /* Text: a heading, then one line per project with its name and path */
  run_cli (f, &text, "projects");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpstr (text.err, ==, "");
  {
    g_auto(GStrv) lines = g_strsplit (text.out, "\n", -1);
    const char *paths[] = { first, second, sample_path };

    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 3 + 1);
    g_assert_true (g_str_has_prefix (lines[0], "Name "));
    g_assert_cmpstr (lines[4], ==, "");

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        gboolean found = FALSE;

        for (guint j = 1; j < 4; j++)
          {
            if (g_str_has_prefix (lines[j], names[i]))
              {
                g_assert_true (g_str_has_suffix (lines[j], paths[i]));
                found = TRUE;
              }
          }

        g_assert_true (found);
      }
  }
}

static void
test_projects_missing_file (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = create_project (f, "Gone.hone", "Gone");
  g_autofree char *kept = create_project (f, "Kept.hone", "Kept");
  g_auto(Result) json = { 0 };
  g_auto(Result) text = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_assert_cmpint (g_remove (path), ==, 0);

  run_cli (f, &json, "projects", "--json");
  g_assert_cmpint (json.status, ==, 0);
  root = parse_json (json.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);

  object = find_project (json_node_get_array (root), "Gone");
  g_assert_false (get_boolean (object, "available"));
  g_assert_cmpstr (get_string (object, "problem"), !=, "");

  object = find_project (json_node_get_array (root), "Kept");
  g_assert_true (get_boolean (object, "available"));

  run_cli (f, &text, "projects");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, path));
  g_assert_nonnull (strstr (text.out, kept));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli/help", test_help);
  ADD ("/cli/help/command", test_command_help);
  ADD ("/cli/version", test_version);
  ADD ("/cli/usage-errors", test_usage_errors);
  ADD ("/cli/create", test_create);
  ADD ("/cli/create/absolute", test_create_absolute);
  ADD ("/cli/create/exists", test_create_exists);
  ADD ("/cli/create/no-name", test_create_no_name);
  ADD ("/cli/create/empty-name", test_create_empty_name);
  ADD ("/cli/create/extension", test_create_extension);
  ADD ("/cli/create/missing-folder", test_create_missing_dir);
  ADD ("/cli/create/sample", test_create_sample);
  ADD ("/cli/info/text", test_info_text);
  ADD ("/cli/info/missing", test_info_missing);
  ADD ("/cli/info/not-a-project", test_info_not_a_project);
  ADD ("/cli/info/too-new", test_info_too_new);
  ADD ("/cli/projects/empty", test_projects_empty);
  ADD ("/cli/projects", test_projects);
  ADD ("/cli/projects/missing-file", test_projects_missing_file);

#undef ADD

  return g_test_run ();
}
