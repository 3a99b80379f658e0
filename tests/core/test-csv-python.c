/* test-csv-python.c: the CSV reader against Python's csv module
 *
 * Generates tricky, well-formed CSV files from a fixed seed (quotes,
 * delimiters, CR / LF / CRLF inside and between rows, spaces, empty fields,
 * ragged rows, Unicode, long values), reads each with Hone and with
 * Python's csv.reader (strict mode, so Python too says the file is
 * well-formed), and compares every value.
 *
 * Where the two differ by design (documented in hone-csv-reader.h):
 * - blank lines: Python returns an empty row, Hone skips the line; the
 *   comparison drops Python's empty rows.
 * - malformed input ("abc"def, a quote never closed): Python (not strict)
 *   joins the pieces or keeps the rest of the file in one field; Hone reports
 *   the place. Those files are not generated here; test-csv-reader checks
 *   Hone's messages.
 * - a zero byte: Hone refuses it (it cannot be text); not generated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hone-core.h"
#include "hone-csv-reader.h"
#include "hone-test-util.h"

#include "hone-test-streams.h"

#define N_FILES 250
#define SEED    20261127

static const char python_script[] =
  "import csv, json, sys\n"
  "csv.field_size_limit(sys.maxsize)\n"
  "out = []\n"
  "for arg in sys.argv[1:]:\n"
  "    path, d = arg.rsplit(':', 1)\n"
  "    with open(path, newline='', encoding='utf-8') as f:\n"
  "        out.append([r for r in csv.reader(f, delimiter=chr(int(d)), strict=True) if r != []])\n"
  "json.dump(out, sys.stdout)\n";

static const char * const pieces[] = {
  "a", "plain text", " leading space", "trailing space ", "  ", "with,comma",
  "with;semicolon", "tab\there", "pipe|here", "quote\"inside", "\"", "\"\"",
  "line\nbreak", "crlf\r\nbreak", "cr\ronly", "\n", "\r\n", "\r", "007", "3.14",
  "-0", "1e5", "é", "日本語", "🎉 emoji", "Ω≈ç√", "null", "NULL", "=SUM(A1)",
  ",", ";", "|", "\t",
};

static const char delimiters[] = { ',', ';', '\t', '|' };

static char *
random_value (GRand *rand)
{
  GString *value = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 4);

  /* Now and then a long one */
  if (g_rand_int_range (rand, 0, 50) == 0)
    n = g_rand_int_range (rand, 200, 3000);

  for (guint i = 0; i < n; i++)
    g_string_append (value, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

  return g_string_free (value, FALSE);
}

static gboolean
needs_quotes (const char *value,
              char        delimiter)
{
  return value[0] == '"' ||
         strchr (value, delimiter) != NULL ||
         strchr (value, '\r') != NULL ||
         strchr (value, '\n') != NULL;
}

static void
append_field (GString    *out,
              const char *value,
              char        delimiter,
              GRand      *rand)
{
  if (needs_quotes (value, delimiter) || g_rand_int_range (rand, 0, 4) == 0)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
}

/* One generated file: its text and the rows it was made from */
typedef struct {
  GString   *text;
  GPtrArray *rows;   /* of GStrv */
  char       delimiter;
  char      *path;
} Generated;

static void
generated_free (Generated *g)
{
  g_string_free (g->text, TRUE);
  g_ptr_array_unref (g->rows);
  g_free (g->path);
  g_free (g);
}

static Generated *
generate (GRand *rand)
{
  static const char * const terminators[] = { "\n", "\r\n", "\r" };
  Generated *g = g_new0 (Generated, 1);
  guint n_rows = g_rand_int_range (rand, 1, 40);
  guint n_fields = g_rand_int_range (rand, 1, 9);
  gboolean ragged = g_rand_int_range (rand, 0, 4) == 0;
  int terminator = g_rand_int_range (rand, -1, 3); /* -1: mixed */
  gboolean last_terminated = g_rand_boolean (rand);

  g->text = g_string_new (NULL);
  g->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g->delimiter = delimiters[g_rand_int_range (rand, 0, G_N_ELEMENTS (delimiters))];

  for (guint r = 0; r < n_rows; r++)
    {
      GStrvBuilder *builder = g_strv_builder_new ();
      guint n = ragged ? (guint) g_rand_int_range (rand, 1, 9) : n_fields;

      for (guint f = 0; f < n; f++)
        {
          g_autofree char *value = random_value (rand);

          if (f > 0)
            g_string_append_c (g->text, g->delimiter);
          append_field (g->text, value, g->delimiter, rand);
          g_strv_builder_add (builder, value);
        }
      g_ptr_array_add (g->rows, g_strv_builder_end (builder));
      g_strv_builder_unref (builder);

      if (r + 1 < n_rows || last_terminated)
        g_string_append (g->text, terminators[terminator >= 0 ? terminator : g_rand_int_range (rand, 0, 3)]);
    }

  return g;
}

static GPtrArray *
read_with_hone (Generated *g,
                gsize      chunk)
{
  g_autoptr(GInputStream) stream = hone_test_chunk_stream_new (g->text->str, g->text->len, chunk);
  g_autoptr(HoneCsvReader) reader = hone_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  hone_csv_reader_set_delimiter (reader, g->delimiter);
  while (hone_csv_reader_read_row (reader, NULL, &error))
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      for (guint i = 0; i < hone_csv_reader_get_n_fields (reader); i++)
        g_strv_builder_add (builder, hone_csv_reader_get_field (reader, i, NULL));
      g_ptr_array_add (rows, g_strv_builder_end (builder));
      g_strv_builder_unref (builder);
    }
  g_assert_no_error (error);

  return rows;
}

static char *
escape (const char *text)
{
  return g_strescape (text, NULL);
}

static void
compare_rows (const char *what,
              Generated  *g,
              GPtrArray  *hone,
              JsonArray  *python)
{
  if (hone->len != json_array_get_length (python))
    {
      g_autofree char *text = escape (g->text->str);
      g_error ("%s: Hone read %u rows, Python %u, in %s", what, hone->len,
               json_array_get_length (python), text);
    }

  for (guint r = 0; r < hone->len; r++)
    {
      char **row = g_ptr_array_index (hone, r);
      JsonArray *prow = json_array_get_array_element (python, r);

      if (g_strv_length (row) != json_array_get_length (prow))
        {
          g_autofree char *text = escape (g->text->str);
          g_error ("%s: row %u has %u fields for Hone, %u for Python, in %s", what, r,
                   g_strv_length (row), json_array_get_length (prow), text);
        }
      for (guint f = 0; row[f] != NULL; f++)
        {
          const char *pvalue = json_array_get_string_element (prow, f);

          if (!g_str_equal (row[f], pvalue))
            {
              g_autofree char *a = escape (row[f]);
              g_autofree char *b = escape (pvalue);
              g_error ("%s: row %u field %u: Hone “%s”, Python “%s”", what, r, f, a, b);
            }
        }
    }
}

static void
test_against_python (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) generated_free);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) python = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *results;
  guint64 n_values = 0;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/python3 is not installed");
      return;
    }

  dir = hone_test_dir_new ();

  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup (python_script));

  for (guint i = 0; i < N_FILES; i++)
    {
      Generated *g = generate (rand);
      g_autofree char *name = g_strdup_printf ("tricky-%03u.csv", i);

      g->path = g_build_filename (dir, name, NULL);
      g_file_set_contents (g->path, g->text->str, g->text->len, &error);
      g_assert_no_error (error);
      g_ptr_array_add (argv, g_strdup_printf ("%s:%d", g->path, g->delimiter));
      g_ptr_array_add (files, g);
    }
  g_ptr_array_add (argv, NULL);

  python = g_subprocess_newv ((const char * const *) argv->pdata,
                              G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error);
  g_assert_no_error (error);
  g_subprocess_communicate (python, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (python))
    g_error ("python3 failed: %.*s", (int) g_bytes_get_size (err),
             (const char *) g_bytes_get_data (err, NULL));

  json_parser_load_from_data (parser, g_bytes_get_data (out, NULL), g_bytes_get_size (out), &error);
  g_assert_no_error (error);
  results = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (results), ==, N_FILES);

  for (guint i = 0; i < N_FILES; i++)
    {
      Generated *g = g_ptr_array_index (files, i);
      JsonArray *python_rows = json_array_get_array_element (results, i);
      gsize chunk = g_rand_int_range (rand, 1, 100);
      g_autoptr(GPtrArray) whole = read_with_hone (g, 0);
      g_autoptr(GPtrArray) chunked = read_with_hone (g, chunk);
      g_autofree char *what = g_strdup_printf ("%s (delimiter %d)", g->path, g->delimiter);

      compare_rows (what, g, whole, python_rows);
      compare_rows (what, g, chunked, python_rows);

      for (guint r = 0; r < whole->len; r++)
        n_values += g_strv_length (g_ptr_array_index (whole, r));
    }

  g_test_message ("%u files, %" G_GUINT64_FORMAT " values compared", N_FILES, n_values);
  g_assert_cmpuint (n_values, >, 10000);

  hone_test_dir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-reader/against-python", test_against_python);

  return g_test_run ();
}
