/* test-importer.c: importing CSV, JSON Lines and chat files into projects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "hone-core.h"
#include "hone-importer.h"
#include "hone-test-util.h"

/* Helpers ----------------------------------------------------------------- */

static GFile *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* Everything a project holds, as text, in a fixed order */
static char *
dump_project (GFile *file)
{
  static const char * const queries[] = {
    "SELECT key, value FROM meta ORDER BY key",
    "SELECT id, name, kind, description, allowed_values, position FROM fields ORDER BY id",
    "SELECT id, split, source, created, modified FROM examples ORDER BY id",
    "SELECT example_id, field_id, value FROM example_values ORDER BY example_id, field_id",
    "SELECT id, role, version, text, created FROM template_versions ORDER BY id",
  };
  g_autofree char *path = g_file_get_path (file);
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "## %s\n", queries[q]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s%s", c > 0 ? "|" : "", (const char *) sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  {
    sqlite3_stmt *stmt = NULL;
    sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

/* The value of field @name in example @index (0-based, by id) */
static const char *
value_of (GPtrArray   *examples,
          HoneProject *project,
          guint        index,
          const char  *name)
{
  HoneField *field = hone_project_find_field (project, name);

  g_assert_nonnull (field);
  g_assert_cmpuint (index, <, examples->len);
  return hone_example_get_value (g_ptr_array_index (examples, index), hone_field_get_id (field));
}

static GPtrArray *
load_all (HoneProject *project)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *examples = hone_project_load_examples (project, 0, G_MAXUINT, &error);

  g_assert_no_error (error);
  return examples;
}

static HoneProject *
new_empty_project (const char *dir,
                   const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = hone_test_file (dir, name);
  HoneProject *project = hone_project_create (file, "Import test", &error);

  g_assert_no_error (error);
  return project;
}

static gboolean
import_file (HoneProject   *project,
             GFile         *source,
             HoneImporter **out,
             GError       **error)
{
  g_autoptr(HoneImporter) importer = hone_importer_new (project, source);
  gboolean ok = hone_importer_load_preview (importer, 20, NULL, error) &&
                hone_importer_run (importer, NULL, error);

  if (out != NULL)
    *out = g_steal_pointer (&importer);
  return ok;
}

/* Tests ------------------------------------------------------------------- */

static void
test_csv_into_existing_fields (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "p.hone");
  g_autoptr(GFile) csv = write_file (dir, "data.csv",
                                     "input,label,score,notes\r\n"
                                     "\"Hello, world\",a,1.5,first\r\n"
                                     "\"two\nlines\",b,-2,\r\n"
                                     ",a,,third\r\n", -1);
  g_autoptr(HoneImporter) importer = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (import_file (project, csv, &importer, &error));
  g_assert_no_error (error);

  g_assert_cmpint (hone_importer_get_detected_format (importer), ==, HONE_IMPORT_FORMAT_CSV);
  g_assert_cmpint (hone_importer_get_detected_delimiter (importer), ==, ',');
  g_assert_cmpstr (hone_importer_get_detected_encoding (importer), ==, "UTF-8");
  g_assert_cmpuint (hone_importer_get_n_columns (importer), ==, 4);
  g_assert_cmpint (hone_importer_get_column_target (importer, 0), ==, HONE_IMPORT_TARGET_EXISTING_FIELD);
  g_assert_cmpint (hone_importer_get_column_target (importer, 3), ==, HONE_IMPORT_TARGET_NEW_FIELD);
  g_assert_cmpstr (hone_importer_get_column_field_name (importer, 3), ==, "notes");

  g_assert_cmpuint (hone_importer_get_n_imported (importer), ==, 3);
  g_assert_cmpuint (hone_importer_get_n_fields_created (importer), ==, 1);
  g_assert_cmpuint (hone_importer_get_n_skipped (importer), ==, 0);
  g_assert_cmpfloat (hone_importer_get_progress (importer), ==, 1.0);

  /* run_finish() reread the project */
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 4);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_TRAIN, NULL), ==, 3);

  examples = load_all (project);
  g_assert_cmpstr (value_of (examples, project, 0, "input"), ==, "Hello, world");
  g_assert_cmpstr (value_of (examples, project, 0, "score"), ==, "1.5");
  g_assert_cmpstr (value_of (examples, project, 1, "input"), ==, "two\nlines");
  g_assert_null (value_of (examples, project, 2, "input"));
  g_assert_null (value_of (examples, project, 2, "score"));
  g_assert_cmpstr (value_of (examples, project, 2, "notes"), ==, "third");
  g_assert_cmpint (hone_example_get_source (g_ptr_array_index (examples, 0)), ==, HONE_EXAMPLE_SOURCE_IMPORTED);

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_kinds_guessed (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = new_empty_project (dir, "k.hone");
  g_autoptr(GString) text = g_string_new ("number;flag;category;story;title;code;empty\n");
  g_autoptr(GFile) csv = NULL;
  g_autoptr(HoneImporter) importer = NULL;
  g_autoptr(GError) error = NULL;
  static const HoneFieldKind expected[] = {
    HONE_FIELD_KIND_NUMBER, HONE_FIELD_KIND_YES_NO, HONE_FIELD_KIND_LABEL, HONE_FIELD_KIND_LONG_TEXT,
    HONE_FIELD_KIND_SHORT_TEXT, HONE_FIELD_KIND_SHORT_TEXT, HONE_FIELD_KIND_SHORT_TEXT,
  };

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (text, "%s;%s;%s;\"Once upon a time\nthere was %u\";Title %u;%03u;\n",
                            i % 3 == 0 ? "-1.5" : i % 3 == 1 ? "42" : "1e3",
                            i % 2 ? "true" : "false",
                            i % 3 == 0 ? "news" : i % 3 == 1 ? "sport" : "weather",
                            i, i, i);
  csv = write_file (dir, "kinds.txt", text->str, text->len);

  importer = hone_importer_new (project, csv);
  g_assert_true (hone_importer_load_preview (importer, 10, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hone_importer_get_detected_format (importer), ==, HONE_IMPORT_FORMAT_CSV);
  g_assert_cmpint (hone_importer_get_detected_delimiter (importer), ==, ';');
  g_assert_cmpuint (hone_importer_get_n_preview_rows (importer), ==, 10);
  g_assert_true (hone_importer_get_preview_is_complete (importer));
  g_assert_cmpuint (hone_importer_get_preview_row_line (importer, 1), ==, 4);

  for (guint c = 0; c < G_N_ELEMENTS (expected); c++)
    {
      g_assert_cmpint (hone_importer_get_column_kind_guess (importer, c), ==, expected[c]);
      g_assert_true (hone_importer_get_column_kind_is_auto (importer, c));
    }

  g_assert_true (hone_importer_run (importer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hone_importer_get_n_fields_created (importer), ==, 7);

  for (guint c = 0; c < G_N_ELEMENTS (expected); c++)
    g_assert_cmpint (hone_field_get_kind (hone_project_get_field (project, c)), ==, expected[c]);

  {
    const char * const *labels = hone_field_get_allowed_values (hone_project_find_field (project, "category"));
    g_assert_cmpuint (g_strv_length ((char **) labels), ==, 3);
    g_assert_cmpstr (labels[0], ==, "news");
    g_assert_cmpstr (labels[2], ==, "weather");
  }
  {
    /* Values land as they were: 007 stays 007, 1e3 stays 1e3 */
    g_autoptr(GPtrArray) examples = load_all (project);
    g_assert_cmpstr (value_of (examples, project, 7, "code"), ==, "007");
    g_assert_cmpstr (value_of (examples, project, 2, "number"), ==, "1e3");
  }

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_kind_confirmed_by_whole_file (void)
{
  /* The preview sees numbers; a later value is text: the field becomes
   * text and no value changes */
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = new_empty_project (dir, "w.hone");
  g_autoptr(GString) text = g_string_new ("n\n");
  g_autoptr(GFile) csv = NULL;
  g_autoptr(HoneImporter) importer = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < HONE_IMPORTER_GUESS_ROWS + 10; i++)
    g_string_append_printf (text, "%u\n", i);
  g_string_append (text, " 12 \n");
  csv = write_file (dir, "n.csv", text->str, text->len);

  importer = hone_importer_new (project, csv);
  g_assert_true (hone_importer_load_preview (importer, 5, NULL, &error));
  g_assert_cmpint (hone_importer_get_column_kind_guess (importer, 0), ==, HONE_FIELD_KIND_NUMBER);
  g_assert_false (hone_importer_get_preview_is_complete (importer));
  g_assert_true (hone_importer_run (importer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hone_field_get_kind (hone_project_get_field (project, 0)), ==, HONE_FIELD_KIND_SHORT_TEXT);

  {
    g_autoptr(GPtrArray) examples = load_all (project);
    g_assert_cmpstr (value_of (examples, project, examples->len - 1, "n"), ==, " 12 ");
  }

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_mapping (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "m.hone");
  g_autoptr(GFile) csv = write_file (dir, "m.csv",
                                     "text,ok,ignored,grade\n"
                                     "first,yes,x,1\n"
                                     "second,No,y,2\n", -1);
  g_autoptr(HoneImporter) importer = hone_importer_new (project, csv);
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GError) error = NULL;
  const char *problem = NULL;

  g_assert_true (hone_importer_load_preview (importer, 10, NULL, &error));
  hone_importer_map_column_to_existing_field (importer, 0, "input");
  hone_importer_map_column_to_new_field (importer, 1, "approved", HONE_FIELD_KIND_YES_NO);
  hone_importer_skip_column (importer, 2);
  hone_importer_map_column_to_existing_field (importer, 3, "score");

  /* The preview shows values as they will land */
  g_assert_cmpstr (hone_importer_get_preview_value (importer, 0, 1, &problem), ==, "true");
  g_assert_null (problem);
  g_assert_cmpstr (hone_importer_get_preview_value (importer, 1, 1, NULL), ==, "false");
  g_assert_null (hone_importer_get_preview_value (importer, 0, 2, NULL));
  g_assert_cmpstr (hone_importer_get_column_field_name (importer, 1), ==, "approved");
  g_assert_cmpint (hone_importer_get_column_field_kind (importer, 1), ==, HONE_FIELD_KIND_YES_NO);
  g_assert_false (hone_importer_get_column_kind_is_auto (importer, 1));

  /* A value that will not fit is flagged */
  hone_importer_map_column_to_existing_field (importer, 0, "score");
  g_assert_null (hone_importer_get_preview_value (importer, 0, 0, &problem));
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "number"));

  /* Two columns into one field is refused before anything happens */
  g_assert_false (hone_importer_run (importer, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "score"));
  g_clear_error (&error);

  /* A new field may not take an existing name */
  hone_importer_map_column_to_new_field (importer, 0, "label", HONE_FIELD_KIND_SHORT_TEXT);
  g_assert_false (hone_importer_run (importer, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_EXISTS);
  g_clear_error (&error);

  hone_importer_map_column_to_existing_field (importer, 0, "input");
  g_assert_true (hone_importer_run (importer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hone_importer_get_n_fields_created (importer), ==, 1);

  examples = load_all (project);
  g_assert_cmpuint (examples->len, ==, 2);
  g_assert_cmpstr (value_of (examples, project, 0, "input"), ==, "first");
  g_assert_cmpstr (value_of (examples, project, 0, "approved"), ==, "true");
  g_assert_cmpstr (value_of (examples, project, 1, "approved"), ==, "false");
  g_assert_cmpstr (value_of (examples, project, 1, "score"), ==, "2");
  g_assert_null (hone_project_find_field (project, "ignored"));

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_no_header (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = new_empty_project (dir, "h.hone");
  g_autoptr(GFile) tsv = write_file (dir, "h.tsv", "a\tb\nc\td\te\n", -1);
  g_autoptr(HoneImporter) importer = hone_importer_new (project, tsv);
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GError) error = NULL;

  hone_importer_set_has_header (importer, FALSE);
  g_assert_true (hone_importer_load_preview (importer, 10, NULL, &error));
  g_assert_cmpint (hone_importer_get_detected_format (importer), ==, HONE_IMPORT_FORMAT_TSV);
  g_assert_cmpuint (hone_importer_get_n_columns (importer), ==, 3);
  g_assert_cmpstr (hone_importer_get_column_name (importer, 2), ==, "Column 3");
  g_assert_true (hone_importer_run (importer, NULL, &error));
  g_assert_no_error (error);

  examples = load_all (project);
  g_assert_cmpuint (examples->len, ==, 2);
  g_assert_cmpstr (value_of (examples, project, 0, "Column 1"), ==, "a");
  g_assert_cmpstr (value_of (examples, project, 1, "Column 3"), ==, "e");

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_split_random (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GString) text = g_string_new ("n\n");
  g_autoptr(GFile) csv = NULL;
  char *splits[3] = { NULL, NULL, NULL };
  const guint32 seeds[3] = { 42, 42, 7 };

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "%u\n", i);
  csv = write_file (dir, "s.csv", text->str, text->len);

  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *name = g_strdup_printf ("s%u.hone", k);
      g_autoptr(HoneProject) project = new_empty_project (dir, name);
      g_autoptr(HoneImporter) importer = hone_importer_new (project, csv);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) examples = NULL;
      GString *s = g_string_new (NULL);
      gint64 n_validation;

      hone_importer_set_random_split (importer, 0.2, seeds[k]);
      g_assert_true (hone_importer_run (importer, NULL, &error));
      g_assert_no_error (error);

      n_validation = hone_project_count_examples (project, HONE_SPLIT_VALIDATION, NULL);
      g_assert_cmpint (n_validation, >, 300);
      g_assert_cmpint (n_validation, <, 500);
      g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_TRAIN, NULL), ==, 2000 - n_validation);

      examples = load_all (project);
      for (guint i = 0; i < examples->len; i++)
        g_string_append_c (s, hone_example_get_split (g_ptr_array_index (examples, i)) == HONE_SPLIT_VALIDATION ? 'v' : 't');
      splits[k] = g_string_free (s, FALSE);

      g_clear_object (&importer);
      g_assert_finalize_object (g_steal_pointer (&project));
    }

  /* The same seed gives the same split, another one another */
  g_assert_cmpstr (splits[0], ==, splits[1]);
  g_assert_cmpstr (splits[0], !=, splits[2]);
  for (guint k = 0; k < 3; k++)
    g_free (splits[k]);

  /* One split for all */
  {
    g_autoptr(HoneProject) project = new_empty_project (dir, "x.hone");
    g_autoptr(HoneImporter) importer = hone_importer_new (project, csv);
    g_autoptr(GError) error = NULL;

    hone_importer_set_split (importer, HONE_SPLIT_EXCLUDED);
    g_assert_true (hone_importer_run (importer, NULL, &error));
    g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_EXCLUDED, NULL), ==, 2000);
    g_clear_object (&importer);
    g_assert_finalize_object (g_steal_pointer (&project));
  }

  hone_test_dir_free (g_steal_pointer (&dir));
}

static const char bad_rows_csv[] =
  "input,score\n"                 /* 1 */
  "good one,1\n"                  /* 2 */
  "\"bad\" quote,2\n"             /* 3: text after the closing quote */
  "not a number,twelve\n"         /* 4: score is a number field */
  "good two,3\n"                  /* 5 */
  "too,many,values\n"             /* 6 */
  "\"good\nthree\",4\n";          /* 7 */

static void
test_skip_bad_rows (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "b.hone");
  g_autoptr(GFile) csv = write_file (dir, "bad.csv", bad_rows_csv, -1);
  g_autoptr(HoneImporter) importer = hone_importer_new (project, csv);
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *skipped;
  HoneImportProblem *p;

  g_assert_true (hone_importer_load_preview (importer, 10, NULL, &error));
  /* The preview lists the rows it could not read */
  g_assert_cmpuint (hone_importer_get_preview_problems (importer)->len, ==, 2);

  hone_importer_set_skip_bad_rows (importer, TRUE);
  g_assert_true (hone_importer_run (importer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hone_importer_get_n_imported (importer), ==, 3);
  g_assert_cmpuint (hone_importer_get_n_skipped (importer), ==, 3);

  skipped = hone_importer_get_skipped_rows (importer);
  g_assert_cmpuint (skipped->len, ==, 3);
  p = g_ptr_array_index (skipped, 0);
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_cmpuint (p->column, ==, 6);
  g_assert_true (g_str_has_prefix (p->message, "line 3, column 6: "));
  p = g_ptr_array_index (skipped, 1);
  g_assert_cmpuint (p->line, ==, 4);
  g_assert_cmpstr (p->field, ==, "score");
  g_assert_nonnull (strstr (p->message, "twelve"));
  p = g_ptr_array_index (skipped, 2);
  g_assert_cmpuint (p->line, ==, 6);
  g_test_message ("%s", p->message);
  g_assert_nonnull (strstr (p->reason, "header"));

  examples = load_all (project);
  g_assert_cmpuint (examples->len, ==, 3);
  g_assert_cmpstr (value_of (examples, project, 2, "input"), ==, "good\nthree");

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_error_leaves_project_unchanged (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "u.hone");
  g_autoptr(GString) text = g_string_new ("input,score,new column\n");
  g_autoptr(GFile) csv = NULL;
  g_autoptr(GFile) bad_csv = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  const char *one[] = { "kept", "a", "1" };

  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, one, &error), >, 0);
  before = dump_project (hone_project_get_file (project));

  /* A bad value in the middle, after a new field was made and many rows went in */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "row %u,%s,x\n", i, i == 3000 ? "n/a" : "1");
  csv = write_file (dir, "mid.csv", text->str, text->len);

  g_assert_false (import_file (project, csv, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“mid.csv”, line 3,002: “score” must be a number, and “n/a” is not one.");
  g_clear_error (&error);

  after = dump_project (hone_project_get_file (project));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 3);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, NULL), ==, 1);
  g_clear_pointer (&after, g_free);

  /* A syntax error at the end */
  g_string_truncate (text, 0);
  g_string_append (text, "input,score,new column\n");
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "row %u,1,x\n", i);
  g_string_append (text, "\"never closed\n");
  bad_csv = write_file (dir, "end.csv", text->str, text->len);
  g_assert_false (import_file (project, bad_csv, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "“end.csv”, line 5,002, column 1: a quoted field"));
  after = dump_project (hone_project_get_file (project));
  g_assert_cmpstr (after, ==, before);

  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static GFile *
write_big_csv (const char *dir,
               const char *name,
               guint       n_rows)
{
  g_autoptr(GString) text = g_string_new ("input,label,score\n");

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (text, "\"Row %u, with a comma\nand a second line\",%s,%u\n", i, i % 2 ? "a" : "b", i);
  return write_file (dir, name, text->str, text->len);
}

typedef struct {
  GCancellable *cancellable;
  GMainLoop    *loop;
  GAsyncResult *result;
  guint         n_notifies;
  double        last;
  gboolean      monotonic;
} CancelData;

static void
cancel_on_progress_cb (HoneImporter *importer,
                       GParamSpec   *pspec,
                       CancelData   *data)
{
  double progress = hone_importer_get_progress (importer);

  if (progress < data->last)
    data->monotonic = FALSE;
  data->last = progress;
  data->n_notifies++;
  if (progress > 0.0 && data->cancellable != NULL)
    g_cancellable_cancel (data->cancellable);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CancelData *data = user_data;

  data->result = g_object_ref (result);
  g_main_loop_quit (data->loop);
}

static void
test_cancel_leaves_project_unchanged (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "c.hone");
  g_autoptr(GFile) csv = write_big_csv (dir, "big.csv", 200000);
  g_autoptr(HoneImporter) importer = hone_importer_new (project, csv);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *before = dump_project (hone_project_get_file (project));
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  CancelData data = { cancellable, g_main_loop_new (NULL, FALSE), NULL, 0, 0.0, TRUE };

  g_signal_connect (importer, "notify::progress", G_CALLBACK (cancel_on_progress_cb), &data);
  hone_importer_run_async (importer, cancellable, run_done_cb, &data);
  g_assert_true (hone_importer_is_running (importer));
  g_main_loop_run (data.loop);

  g_assert_false (hone_importer_run_finish (importer, data.result, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_CANCELLED);
  g_assert_false (hone_importer_is_running (importer));

  after = dump_project (hone_project_get_file (project));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, NULL), ==, 0);

  g_clear_object (&data.result);
  g_main_loop_unref (data.loop);
  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_progress (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "g.hone");
  g_autoptr(GFile) csv = write_big_csv (dir, "big.csv", 100000);
  g_autoptr(HoneImporter) importer = hone_importer_new (project, csv);
  g_autoptr(GError) error = NULL;
  CancelData data = { NULL, g_main_loop_new (NULL, FALSE), NULL, 0, 0.0, TRUE };

  g_signal_connect (importer, "notify::progress", G_CALLBACK (cancel_on_progress_cb), &data);
  hone_importer_run_async (importer, NULL, run_done_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_true (hone_importer_run_finish (importer, data.result, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (data.n_notifies, >=, 2);
  g_assert_true (data.monotonic);
  g_assert_cmpfloat (hone_importer_get_progress (importer), ==, 1.0);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, NULL), ==, 100000);

  g_clear_object (&data.result);
  g_main_loop_unref (data.loop);
  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

/* The child of test_sigkill: imports, tells how far it got, and is killed */
static void
child_progress_cb (HoneImporter *importer,
                   GParamSpec   *pspec,
                   gpointer      user_data)
{
  printf ("progress %.3f\n", hone_importer_get_progress (importer));
  fflush (stdout);
}

static int
run_child (const char *project_path,
           const char *csv_path)
{
  g_autoptr(GFile) project_file = g_file_new_for_path (project_path);
  g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = hone_project_open (project_file, HONE_PROJECT_OPEN_NONE, &error);
  g_autoptr(HoneImporter) importer = NULL;

  g_assert_no_error (error);
  importer = hone_importer_new (project, csv);
  g_signal_connect (importer, "notify::progress", G_CALLBACK (child_progress_cb), NULL);
  /* As hone-cli does: let go of the file while the import runs */
  hone_importer_load_preview (importer, 5, NULL, &error);
  g_assert_no_error (error);
  hone_project_close (project);
  hone_importer_run (importer, NULL, &error);
  /* Not reached when the parent kills us in time */
  printf ("done\n");
  fflush (stdout);
  return 0;
}

static char *
journal_mode (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *mode;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return mode;
}

/* With the file to itself (as in hone-cli), the import writes through a
 * rollback journal and sets WAL mode back afterwards */
static void
test_alone_with_the_file (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "alone.hone");
  g_autoptr(GFile) csv = write_big_csv (dir, "big.csv", 20000);
  g_autoptr(HoneImporter) importer = hone_importer_new (project, csv);
  g_autoptr(HoneProject) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *journal = g_build_filename (dir, "alone.hone-journal", NULL);

  g_assert_true (hone_importer_load_preview (importer, 5, NULL, &error));
  hone_project_close (project);
  g_assert_true (hone_importer_run (importer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hone_importer_get_n_imported (importer), ==, 20000);

  mode = journal_mode (hone_project_get_file (project));
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));

  reopened = hone_project_open (hone_project_get_file (project), HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_count_examples (reopened, HONE_SPLIT_ANY, NULL), ==, 20000);
  {
    g_autoptr(GPtrArray) examples = hone_project_load_examples (reopened, 19999, 1, &error);
    g_assert_cmpstr (value_of (examples, reopened, 0, "input"), ==, "Row 19999, with a comma\nand a second line");
    g_assert_cmpstr (value_of (examples, reopened, 0, "score"), ==, "19999");
  }

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&reopened));
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

/* A child process imports and is killed with SIGKILL half-way: the project
 * opens, is intact and unchanged. @alone: the child has the file to itself
 * (rollback journal); else this process keeps it open too (WAL). */
static void
check_sigkill (gboolean alone)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "k.hone");
  g_autoptr(GFile) csv = write_big_csv (dir, "big.csv", 400000);
  g_autofree char *csv_path = g_file_get_path (csv);
  g_autofree char *project_path = g_file_get_path (hone_project_get_file (project));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  const char *one[] = { "kept", "b", "7" };
  g_autofree char *self_path = NULL;
  guint n_progress = 0;

  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, one, &error), >, 0);
  before = dump_project (hone_project_get_file (project));
  if (alone)
    hone_project_close (project);

  g_subprocess_launcher_setenv (launcher, "HONE_TEST_IMPORT_CHILD", "1", TRUE);
  self_path = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  child = g_subprocess_launcher_spawn (launcher, &error, self_path, project_path, csv_path, NULL);
  g_assert_no_error (error);

  /* Kill it once it is well into the import: examples and a new field are
   * written, the transaction is open */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  while (TRUE)
    {
      g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_assert_cmpstr (line, !=, "done");
      if (g_str_has_prefix (line, "progress ") && g_ascii_strtod (line + 9, NULL) > 0.3)
        break;
      n_progress++;
    }
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
  g_test_message ("killed after %u progress reports", n_progress);

  if (!alone)
    {
      /* Still usable, and sees nothing of the import */
      g_assert_true (hone_project_reload (project, &error));
      g_assert_no_error (error);
      g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, NULL), ==, 1);
      hone_project_close (project);
    }
  else
    {
      /* The half import is in a hot journal, for the next opening to undo */
      g_autofree char *journal = g_strconcat (project_path, "-journal", NULL);
      g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
    }

  /* The file opens, is intact (integrity_check in the dump) and unchanged */
  {
    g_autoptr(HoneProject) reopened = hone_project_open (hone_project_get_file (project), HONE_PROJECT_OPEN_NONE, &error);

    g_assert_no_error (error);
    g_assert_cmpint (hone_project_count_examples (reopened, HONE_SPLIT_ANY, NULL), ==, 1);
    g_assert_cmpuint (hone_project_get_n_fields (reopened), ==, 3);
    hone_project_close (reopened);
  }
  after = dump_project (hone_project_get_file (project));
  g_assert_cmpstr (after, ==, before);
  {
    g_autofree char *mode = journal_mode (hone_project_get_file (project));
    g_assert_cmpstr (mode, ==, "wal");
  }

  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_sigkill_alone (void)
{
  check_sigkill (TRUE);
}

static void
test_sigkill_shared (void)
{
  check_sigkill (FALSE);
}

static void
test_jsonl (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = new_empty_project (dir, "j.hone");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GFile) jsonl = NULL;
  g_autoptr(HoneImporter) importer = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 1500; i++)
    g_string_append_printf (text, "{\"prompt\": \"Question %u\", \"n\": %u, \"ok\": %s, \"meta\": {\"k\": [%u]}}\n",
                            i, i, i % 2 ? "true" : "false", i);
  /* A key the preview does not see */
  g_string_append (text, "{\"prompt\": \"last\", \"late key\": \"surprise\"}\n");
  jsonl = write_file (dir, "data.jsonl", text->str, text->len);

  g_assert_true (import_file (project, jsonl, &importer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hone_importer_get_detected_format (importer), ==, HONE_IMPORT_FORMAT_JSONL);
  g_assert_cmpuint (hone_importer_get_n_columns (importer), ==, 4);
  g_assert_cmpuint (hone_importer_get_n_fields_created (importer), ==, 5);
  g_assert_cmpint (hone_field_get_kind (hone_project_find_field (project, "n")), ==, HONE_FIELD_KIND_NUMBER);
  g_assert_cmpint (hone_field_get_kind (hone_project_find_field (project, "ok")), ==, HONE_FIELD_KIND_YES_NO);

  examples = load_all (project);
  g_assert_cmpuint (examples->len, ==, 1501);
  g_assert_cmpstr (value_of (examples, project, 3, "meta"), ==, "{\"k\":[3]}");
  g_assert_cmpstr (value_of (examples, project, 1500, "late key"), ==, "surprise");
  g_assert_null (value_of (examples, project, 1500, "n"));

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_json_array (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = new_empty_project (dir, "a.hone");
  g_autoptr(GFile) json = write_file (dir, "data.json", "[\n {\"a\": \"x\"},\n {\"a\": \"y\", \"b\": null}\n]\n", -1);
  g_autoptr(HoneImporter) importer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (import_file (project, json, &importer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hone_importer_get_detected_format (importer), ==, HONE_IMPORT_FORMAT_JSON);
  g_assert_cmpuint (hone_importer_get_n_imported (importer), ==, 2);
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 2);

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_chat (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = new_empty_project (dir, "chat.hone");
  g_autoptr(GFile) file = write_file (dir, "train.jsonl",
    "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello!\"}]}\n"
    "{\"messages\":[{\"role\":\"user\",\"content\":\"Q1\"},{\"role\":\"assistant\",\"content\":\"A1\"},{\"role\":\"user\",\"content\":\"Q2\"},{\"role\":\"assistant\",\"content\":\"A2\"}]}\n",
    -1);
  g_autoptr(HoneImporter) importer = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (import_file (project, file, &importer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hone_importer_get_detected_format (importer), ==, HONE_IMPORT_FORMAT_CHAT_JSONL);
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 0)), ==, "system");
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 1)), ==, "user");
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 2)), ==, "assistant");
  for (guint i = 0; i < hone_project_get_n_fields (project); i++)
    g_assert_cmpint (hone_field_get_kind (hone_project_get_field (project, i)), ==, HONE_FIELD_KIND_LONG_TEXT);

  examples = load_all (project);
  g_assert_cmpstr (value_of (examples, project, 0, "assistant"), ==, "Hello!");
  g_assert_null (value_of (examples, project, 1, "system"));
  g_assert_cmpstr (value_of (examples, project, 1, "user 2"), ==, "Q2");
  g_assert_cmpstr (value_of (examples, project, 1, "assistant 2"), ==, "A2");

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_encoding (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = new_empty_project (dir, "e.hone");
  g_autoptr(GFile) csv = write_file (dir, "latin1.csv", "name,city\nJos\xe9,M\xfcnchen\n", -1);
  g_autoptr(HoneImporter) importer = hone_importer_new (project, csv);
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (hone_importer_load_preview (importer, 10, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_ENCODING);
  g_assert_true (g_str_has_prefix (error->message, "“latin1.csv”: "));
  g_assert_nonnull (strstr (error->message, "line 2, column 4"));
  g_clear_error (&error);

  g_assert_false (hone_importer_run (importer, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_ENCODING);
  g_clear_error (&error);

  hone_importer_set_encoding (importer, "ISO-8859-1");
  g_assert_true (hone_importer_load_preview (importer, 10, NULL, &error));
  g_assert_cmpstr (hone_importer_get_detected_encoding (importer), ==, "ISO-8859-1");
  g_assert_cmpstr (hone_importer_get_preview_value (importer, 0, 0, NULL), ==, "José");
  g_assert_true (hone_importer_run (importer, NULL, &error));
  g_assert_no_error (error);

  examples = load_all (project);
  g_assert_cmpstr (value_of (examples, project, 0, "city"), ==, "München");

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_field_names (void)
{
  struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "name", "name" },
    { "  padded  ", "padded" },
    { "price (USD/month)", "price (USD-month)" },
    { "a.b", "a-b" },
    { "{{x}}", "--x--" },
    { "two\nlines", "two lines" },
    { "", "Column 3" },
    { "   ", "Column 3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = hone_importer_make_field_name (cases[i].in, 2);
      g_assert_cmpstr (name, ==, cases[i].out);
    }

  {
    g_autofree char *long_name = g_strnfill (150, 'x');
    g_autofree char *name = hone_importer_make_field_name (long_name, 0);
    g_assert_cmpuint (strlen (name), ==, 100);
  }
}

static void
test_duplicate_header_names (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = new_empty_project (dir, "d.hone");
  g_autoptr(GFile) csv = write_file (dir, "d.csv", "a,a,,a.b\n1,2,3,4\n", -1);
  g_autoptr(HoneImporter) importer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (import_file (project, csv, &importer, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 0)), ==, "a");
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 1)), ==, "a 2");
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 2)), ==, "Column 3");
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (project, 3)), ==, "a-b");

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_missing_file (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = new_empty_project (dir, "n.hone");
  g_autoptr(GFile) missing = hone_test_file (dir, "nope.csv");
  g_autoptr(HoneImporter) importer = hone_importer_new (project, missing);
  g_autoptr(GError) error = NULL;

  g_assert_false (hone_importer_run (importer, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nope.csv"));

  g_clear_object (&importer);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  if (g_getenv ("HONE_TEST_IMPORT_CHILD") != NULL && argc == 3)
    return run_child (argv[1], argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/importer/csv-into-existing-fields", test_csv_into_existing_fields);
  g_test_add_func ("/importer/kinds-guessed", test_kinds_guessed);
  g_test_add_func ("/importer/kind-confirmed-by-whole-file", test_kind_confirmed_by_whole_file);
  g_test_add_func ("/importer/mapping", test_mapping);
  g_test_add_func ("/importer/no-header", test_no_header);
  g_test_add_func ("/importer/split-random", test_split_random);
  g_test_add_func ("/importer/skip-bad-rows", test_skip_bad_rows);
  g_test_add_func ("/importer/error-leaves-project-unchanged", test_error_leaves_project_unchanged);
  g_test_add_func ("/importer/cancel-leaves-project-unchanged", test_cancel_leaves_project_unchanged);
  g_test_add_func ("/importer/progress", test_progress);
  g_test_add_func ("/importer/alone-with-the-file", test_alone_with_the_file);
  g_test_add_func ("/importer/sigkill/alone", test_sigkill_alone);
  g_test_add_func ("/importer/sigkill/shared", test_sigkill_shared);
  g_test_add_func ("/importer/jsonl", test_jsonl);
  g_test_add_func ("/importer/json-array", test_json_array);
  g_test_add_func ("/importer/chat", test_chat);
  g_test_add_func ("/importer/encoding", test_encoding);
  g_test_add_func ("/importer/field-names", test_field_names);
  g_test_add_func ("/importer/duplicate-header-names", test_duplicate_header_names);
  g_test_add_func ("/importer/missing-file", test_missing_file);

  return g_test_run ();
}
