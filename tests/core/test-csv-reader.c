/* test-csv-reader.c: the CSV reader, case by case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-core.h"
#include "hone-csv-reader.h"
#include "hone-text-encoding.h"

#include "hone-test-streams.h"

/* Every input is read whole, and in chunks of these sizes */
static const gsize chunk_sizes[] = { 0, 1, 2, 3, 7, 64 };

typedef struct {
  GPtrArray *rows;    /* of GStrv */
  GPtrArray *lines;   /* of GUINT_TO_POINTER (first line of each row) */
  GStrv      header;
  char       delimiter;
  GError    *error;   /* the first error */
  GPtrArray *errors;  /* messages of recoverable errors */
} Parsed;

static void
parsed_free (Parsed *p)
{
  g_ptr_array_unref (p->rows);
  g_ptr_array_unref (p->lines);
  g_ptr_array_unref (p->errors);
  g_strfreev (p->header);
  g_clear_error (&p->error);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

static Parsed *
parse_full (const char *text,
            gssize      len,
            char        delimiter,
            gboolean    has_header,
            gsize       chunk,
            gboolean    continue_after_errors)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(HoneCsvReader) reader = NULL;
  Parsed *p = g_new0 (Parsed, 1);

  if (len < 0)
    len = strlen (text);

  p->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  p->lines = g_ptr_array_new ();
  p->errors = g_ptr_array_new_with_free_func (g_free);

  stream = hone_test_chunk_stream_new (text, len, chunk);
  reader = hone_csv_reader_new (stream);
  hone_csv_reader_set_delimiter (reader, delimiter);
  hone_csv_reader_set_has_header (reader, has_header);

  if (!hone_csv_reader_start (reader, NULL, &p->error))
    return p;
  p->header = g_strdupv ((char **) hone_csv_reader_get_header (reader));
  p->delimiter = hone_csv_reader_get_delimiter (reader);

  while (TRUE)
    {
      g_autoptr(GError) error = NULL;

      if (hone_csv_reader_read_row (reader, NULL, &error))
        {
          GStrvBuilder *builder = g_strv_builder_new ();

          for (guint i = 0; i < hone_csv_reader_get_n_fields (reader); i++)
            {
              gsize flen = 0;
              const char *field = hone_csv_reader_get_field (reader, i, &flen);

              g_assert_cmpuint (strlen (field), ==, flen);
              g_strv_builder_add (builder, field);
            }
          g_ptr_array_add (p->rows, g_strv_builder_end (builder));
          g_ptr_array_add (p->lines, GUINT_TO_POINTER ((guint) hone_csv_reader_get_row_line (reader)));
          g_strv_builder_unref (builder);
          continue;
        }

      if (error == NULL)
        break;

      if (p->error == NULL)
        p->error = g_error_copy (error);
      if (!continue_after_errors || !hone_csv_reader_is_error_recoverable (reader))
        break;
      g_ptr_array_add (p->errors, g_strdup (error->message));
    }

  return p;
}

/* g_strsplit() gives no pieces for "": here it gives one */
static GStrv
split (const char *text,
       char        sep)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *start = text;
  GStrv result;

  for (const char *p = text; ; p++)
    if (*p == sep || *p == '\0')
      {
        g_autofree char *piece = g_strndup (start, p - start);
        g_strv_builder_add (builder, piece);
        if (*p == '\0')
          break;
        start = p + 1;
      }

  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

/* "a|b|c/d|e" style expectations: rows split by '/', fields by '|'; NULL
 * for no rows at all */
static void
assert_rows (Parsed     *p,
             const char *expected)
{
  g_auto(GStrv) rows = NULL;

  if (expected == NULL)
    {
      g_assert_cmpuint (p->rows->len, ==, 0);
      return;
    }

  rows = split (expected, '/');

  g_assert_cmpuint (p->rows->len, ==, g_strv_length (rows));
  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_auto(GStrv) fields = split (rows[i], '|');
      char **got = g_ptr_array_index (p->rows, i);

      g_assert_cmpuint (g_strv_length (got), ==, g_strv_length (fields));
      for (guint j = 0; fields[j] != NULL; j++)
        g_assert_cmpstr (got[j], ==, fields[j]);
    }
}

/* Parses @text with every chunk size, checks the rows each time */
static void
check (const char *text,
       char        delimiter,
       const char *expected)
{
  for (guint i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    {
      g_autoptr(Parsed) p = parse_full (text, -1, delimiter, FALSE, chunk_sizes[i], FALSE);

      if (p->error != NULL)
        g_error ("%s: %s", text, p->error->message);
      assert_rows (p, expected);
    }
}

static void
check_error (const char *text,
             char        delimiter,
             int         code,
             guint64     line,
             guint64     column,
             const char *message_part)
{
  for (guint i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    {
      g_autoptr(GInputStream) stream = hone_test_chunk_stream_new (text, strlen (text), chunk_sizes[i]);
      g_autoptr(HoneCsvReader) reader = hone_csv_reader_new (stream);
      g_autoptr(GError) error = NULL;

      hone_csv_reader_set_delimiter (reader, delimiter);
      while (hone_csv_reader_read_row (reader, NULL, &error))
        ;
      g_assert_error (error, HONE_ERROR, code);
      g_assert_cmpuint (hone_csv_reader_get_error_line (reader), ==, line);
      g_assert_cmpuint (hone_csv_reader_get_error_column (reader), ==, column);
      if (message_part != NULL && strstr (error->message, message_part) == NULL)
        g_error ("“%s” does not contain “%s”", error->message, message_part);
    }
}

static void
test_basic (void)
{
  check ("", ',', NULL);
  check ("\n\r\n", ',', NULL);
  check ("a", ',', "a");
  check ("a,b,c\n1,2,3\n", ',', "a|b|c/1|2|3");
  check ("a,b,c\n1,2,3", ',', "a|b|c/1|2|3");
  check ("a;b\n1;2\n", ';', "a|b/1|2");
  check ("a\tb\n1\t2\n", '\t', "a|b/1|2");
  check ("a|b\n1|2\n", '|', "a|b/1|2");
}

static void
test_line_ends (void)
{
  check ("a,b\r\n1,2\r\n", ',', "a|b/1|2");
  check ("a,b\r\n1,2", ',', "a|b/1|2");
  /* A lone CR ends a row too (old Mac files) */
  check ("a,b\r1,2\r", ',', "a|b/1|2");
  check ("a,b\r1,2\n3,4\r\n5,6", ',', "a|b/1|2/3|4/5|6");
  /* Blank lines are skipped, whatever their line ends */
  check ("\n\na,b\n\n\r\n\r1,2\n\n", ',', "a|b/1|2");
}

static void
test_quotes (void)
{
  check ("\"a,b\",c\n", ',', "a,b|c");
  check ("\"say \"\"hi\"\"\",x\n", ',', "say \"hi\"|x");
  check ("\"\"\"\",\"\"\n", ',', "\"|");
  check ("\"line 1\nline 2\",x\n", ',', "line 1\nline 2|x");
  /* Line ends inside quotes are kept byte for byte */
  check ("\"a\r\nb\rc\nd\",x\r\n", ',', "a\r\nb\rc\nd|x");
  check ("\"a\"", ',', "a");
  check ("\"\"", ',', "");
  check ("x,\"\"", ',', "x|");
  /* A quote inside an unquoted field is text */
  check ("5'10\",x\nab\"c\"d,y\n", ',', "5'10\"|x/ab\"c\"d|y");
  /* A space before the quote: the field is not quoted */
  check (" \"a\",b\n", ',', " \"a\"|b");
  check ("\"a;b\";c\n", ';', "a;b|c");
  check ("\"a\tb\"\tc\n", '\t', "a\tb|c");
}

static void
test_empty_fields (void)
{
  check (",,\n", ',', "||");
  check ("a,\n", ',', "a|");
  check ("a,", ',', "a|");
  check (",a", ',', "|a");
  check ("\"\",\"\"\n", ',', "|");
  check ("a,,b\n", ',', "a||b");
}

static void
test_ragged (void)
{
  check ("a,b,c\n1\n1,2\n1,2,3,4\n", ',', "a|b|c/1/1|2/1|2|3|4");
}

static void
test_unicode (void)
{
  check ("é,日本語\n🎉,\"ü\nß\"\n", ',', "é|日本語/🎉|ü\nß");
}

static void
test_header (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    {
      g_autoptr(Parsed) p = parse_full ("name,\"the text\"\r\nx,y\r\n", -1, 0, TRUE, chunk_sizes[i], FALSE);

      g_assert_no_error (p->error);
      g_assert_nonnull (p->header);
      g_assert_cmpuint (g_strv_length (p->header), ==, 2);
      g_assert_cmpstr (p->header[0], ==, "name");
      g_assert_cmpstr (p->header[1], ==, "the text");
      assert_rows (p, "x|y");
      g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (p->lines, 0)), ==, 2);
    }

  {
    g_autoptr(Parsed) p = parse_full ("", -1, 0, TRUE, 0, FALSE);
    g_assert_no_error (p->error);
    g_assert_nonnull (p->header);
    g_assert_cmpuint (g_strv_length (p->header), ==, 0);
    assert_rows (p, NULL);
  }

  {
    g_autoptr(Parsed) p = parse_full ("a,b\n1,2\n", -1, 0, FALSE, 0, FALSE);
    g_assert_null (p->header);
    assert_rows (p, "a|b/1|2");
  }
}

static void
test_row_lines (void)
{
  g_autoptr(Parsed) p = parse_full ("a\n\"b\nc\"\r\nd\r\n\ne\r\"f\r\n\rg\"\nh", -1, ',', FALSE, 0, FALSE);

  g_assert_no_error (p->error);
  assert_rows (p, "a/b\nc/d/e/f\r\n\rg/h");
  g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (p->lines, 0)), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (p->lines, 1)), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (p->lines, 2)), ==, 4);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (p->lines, 3)), ==, 6);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (p->lines, 4)), ==, 7);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (p->lines, 5)), ==, 10);
}

static void
test_detect_delimiter (void)
{
  struct {
    const char *text;
    char        expected;
  } cases[] = {
    { "a,b,c\n1,2,3\n", ',' },
    { "a;b;c\n1,5;2,5;3\n4;5;6\n", ';' },
    { "name\tnotes\nx\tone, two, three\ny\tfour, five\n", '\t' },
    { "a|b\n1|2\n", '|' },
    { "just one column\nanother line\n", ',' },
    { "\"a;b\",c\n\"d;e\",f\n", ',' },
    { "\"x,y\";z;w\n\"1,2\";3;4\n", ';' },
    { "", ',' },
    /* A header alone */
    { "id;title;text", ';' },
    /* Commas in the text but tabs between the fields */
    { "a\tb\tc\none, two\tthree\tfour, five, six\nx\ty\tz\n", '\t' },
    /* Multi-line quoted fields do not confuse it */
    { "id,text\n1,\"a;b\nc;d;e\"\n2,\"f;g\"\n", ',' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (hone_csv_detect_delimiter (cases[i].text, strlen (cases[i].text), TRUE), ==, cases[i].expected);

      for (guint j = 0; j < G_N_ELEMENTS (chunk_sizes); j++)
        {
          g_autoptr(Parsed) p = parse_full (cases[i].text, -1, 0, FALSE, chunk_sizes[j], FALSE);
          g_assert_no_error (p->error);
          g_assert_cmpint (p->delimiter, ==, cases[i].expected);
        }
    }
}

static void
test_errors (void)
{
  /* The place is the opening quote */
  check_error ("a,b\n1,\"two\n3,4\n", ',', HONE_ERROR_PARSE, 2, 3, "not closed");
  check_error ("é,\"", ',', HONE_ERROR_PARSE, 1, 3, "not closed");
  check_error ("a\n\"x\"\"", ',', HONE_ERROR_PARSE, 2, 1, "not closed");
  /* Text after a closing quote: the place is that text */
  check_error ("a,b\n\"x\"y,z\n", ',', HONE_ERROR_PARSE, 2, 4, "more text follows");
  check_error ("\"a\nb\" c\n", ',', HONE_ERROR_PARSE, 2, 3, "more text follows");
  /* Not UTF-8 */
  check_error ("a,b\nc,d\xe9\n", ',', HONE_ERROR_ENCODING, 2, 4, "0xE9");
  check_error ("a,\"x\ny\xff\"\n", ',', HONE_ERROR_ENCODING, 2, 2, "0xFF");
  check_error ("ab\xc3", ',', HONE_ERROR_ENCODING, 1, 3, "0xC3");
}

static void
test_error_message (void)
{
  g_autoptr(GString) text = g_string_new ("id,text\n");
  g_autoptr(Parsed) p = NULL;

  for (guint i = 2; i < 1204; i++)
    g_string_append_printf (text, "%u,x\n", i);
  g_string_append (text, "1204,\"é\",\"never closed\n1205,x\n");

  p = parse_full (text->str, -1, 0, TRUE, 0, FALSE);
  g_assert_error (p->error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (p->error->message, "line 1,204, column 10: a quoted field"));
  g_assert_cmpuint (p->rows->len, ==, 1202);
}

static void
test_recover (void)
{
  g_autoptr(Parsed) p = parse_full ("a,b\n\"x\"y,z\n1,2\n\"p\" ,q\n3,4", -1, ',', FALSE, 0, TRUE);

  g_assert_error (p->error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_cmpuint (p->errors->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (p->errors, 0), "line 2, column 4:"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (p->errors, 1), "line 4, column 4:"));
  assert_rows (p, "a|b/1|2/3|4");
}

static void
test_fatal_is_sticky (void)
{
  g_autoptr(GInputStream) stream = hone_test_chunk_stream_new ("a\n\"b", 4, 0);
  g_autoptr(HoneCsvReader) reader = hone_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;

  hone_csv_reader_set_delimiter (reader, ',');
  g_assert_true (hone_csv_reader_read_row (reader, NULL, &error));
  g_assert_false (hone_csv_reader_read_row (reader, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_false (hone_csv_reader_is_error_recoverable (reader));
  g_clear_error (&error);
  g_assert_false (hone_csv_reader_read_row (reader, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
}

static void
test_zero_byte (void)
{
  static const char text[] = "a,b\nc\0d,e\n";
  g_autoptr(Parsed) p = parse_full (text, sizeof text - 1, ',', FALSE, 0, FALSE);

  g_assert_error (p->error, HONE_ERROR, HONE_ERROR_ENCODING);
  g_assert_true (g_str_has_prefix (p->error->message, "line 2, column 2:"));
  g_assert_nonnull (strstr (p->error->message, "zero byte"));
  assert_rows (p, "a|b");
}

static void
test_bom_and_encodings (void)
{
  /* What an importer does: the encoding layer, then the reader */
  struct {
    const char *bytes;
    gsize       len;
    const char *encoding;
  } cases[] = {
    { "\xef\xbb\xbf" "a,b\n\xc3\xa9,2\n", 12, "UTF-8" },
    { "\xff\xfe" "a\0,\0b\0\n\0\xe9\0,\0" "2\0\n\0", 18, "UTF-16LE" },
    { "\xfe\xff" "\0a\0,\0b\0\n\0\xe9\0,\0" "2\0\n", 18, "UTF-16BE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GInputStream) base = g_memory_input_stream_new_from_data (cases[i].bytes, cases[i].len, NULL);
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(HoneCsvReader) reader = NULL;
      g_autoptr(GError) error = NULL;
      const char *encoding = NULL;

      stream = hone_text_encoding_open_stream (base, NULL, &encoding, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (encoding, ==, cases[i].encoding);

      reader = hone_csv_reader_new (stream);
      hone_csv_reader_set_has_header (reader, TRUE);
      g_assert_true (hone_csv_reader_read_row (reader, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (hone_csv_reader_get_delimiter (reader), ==, ',');
      g_assert_cmpstr (hone_csv_reader_get_header (reader)[0], ==, "a");
      g_assert_cmpstr (hone_csv_reader_get_field (reader, 0, NULL), ==, "é");
      g_assert_cmpstr (hone_csv_reader_get_field (reader, 1, NULL), ==, "2");
      g_assert_false (hone_csv_reader_read_row (reader, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
test_long_values (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);
  g_autoptr(Parsed) p = NULL;

  for (guint i = 0; i < 300000; i++)
    g_string_append_c (value, "ab,\"\n c"[i % 7]);

  g_string_append (text, "x,\"");
  for (gsize i = 0; i < value->len; i++)
    {
      if (value->str[i] == '"')
        g_string_append_c (text, '"');
      g_string_append_c (text, value->str[i]);
    }
  g_string_append (text, "\",y\nlast,row\n");

  p = parse_full (text->str, text->len, ',', FALSE, 0, FALSE);
  g_assert_no_error (p->error);
  g_assert_cmpuint (p->rows->len, ==, 2);
  g_assert_cmpstr (((char **) g_ptr_array_index (p->rows, 0))[1], ==, value->str);
  g_assert_cmpstr (((char **) g_ptr_array_index (p->rows, 1))[0], ==, "last");
}

static void
test_bytes_read (void)
{
  const char *text = "a,b\n\"c\nd\",e\n";
  g_autoptr(GInputStream) stream = hone_test_chunk_stream_new (text, strlen (text), 3);
  g_autoptr(HoneCsvReader) reader = hone_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_csv_reader_read_row (reader, NULL, &error));
  g_assert_cmpuint (hone_csv_reader_get_bytes_read (reader), ==, 4);
  g_assert_true (hone_csv_reader_read_row (reader, NULL, &error));
  g_assert_cmpuint (hone_csv_reader_get_bytes_read (reader), ==, strlen (text));
  g_assert_cmpuint (hone_csv_reader_get_n_rows (reader), ==, 2);
  g_assert_false (hone_csv_reader_read_row (reader, NULL, &error));
  g_assert_no_error (error);
}

static void
test_cancel (void)
{
  const char *text = "a,b\n1,2\n";
  g_autoptr(GInputStream) stream = hone_test_chunk_stream_new (text, strlen (text), 2);
  g_autoptr(HoneCsvReader) reader = hone_csv_reader_new (stream);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  hone_csv_reader_set_delimiter (reader, ',');
  g_cancellable_cancel (cancellable);
  g_assert_false (hone_csv_reader_read_row (reader, cancellable, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_CANCELLED);
}

static void
test_format_place (void)
{
  g_autofree char *a = hone_text_format_place (1204, 7);
  g_autofree char *b = hone_text_format_place (12, 0);
  g_autofree char *c = hone_text_format_count (1234567);

  g_assert_cmpstr (a, ==, "line 1,204, column 7");
  g_assert_cmpstr (b, ==, "line 12");
  g_assert_cmpstr (c, ==, "1,234,567");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-reader/basic", test_basic);
  g_test_add_func ("/csv-reader/line-ends", test_line_ends);
  g_test_add_func ("/csv-reader/quotes", test_quotes);
  g_test_add_func ("/csv-reader/empty-fields", test_empty_fields);
  g_test_add_func ("/csv-reader/ragged", test_ragged);
  g_test_add_func ("/csv-reader/unicode", test_unicode);
  g_test_add_func ("/csv-reader/header", test_header);
  g_test_add_func ("/csv-reader/row-lines", test_row_lines);
  g_test_add_func ("/csv-reader/detect-delimiter", test_detect_delimiter);
  g_test_add_func ("/csv-reader/errors", test_errors);
  g_test_add_func ("/csv-reader/error-message", test_error_message);
  g_test_add_func ("/csv-reader/recover", test_recover);
  g_test_add_func ("/csv-reader/fatal-is-sticky", test_fatal_is_sticky);
  g_test_add_func ("/csv-reader/zero-byte", test_zero_byte);
  g_test_add_func ("/csv-reader/bom-and-encodings", test_bom_and_encodings);
  g_test_add_func ("/csv-reader/long-values", test_long_values);
  g_test_add_func ("/csv-reader/bytes-read", test_bytes_read);
  g_test_add_func ("/csv-reader/cancel", test_cancel);
  g_test_add_func ("/csv-reader/format-place", test_format_place);

  return g_test_run ();
}
