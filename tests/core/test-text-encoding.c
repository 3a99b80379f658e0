/* test-text-encoding.c: detecting encodings and reading files as UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-core.h"
#include "hone-csv-reader.h"
#include "hone-text-encoding.h"

#include "hone-test-streams.h"

/* Reads all of @stream */
static char *
read_all (GInputStream  *stream,
          GError       **error)
{
  GString *out = g_string_new (NULL);
  char buf[7];

  while (TRUE)
    {
      gssize n = g_input_stream_read (stream, buf, sizeof buf, NULL, error);

      if (n < 0)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (n == 0)
        break;
      g_string_append_len (out, buf, n);
    }

  return g_string_free (out, FALSE);
}

static char *
open_and_read (const char  *bytes,
               gsize        len,
               const char  *encoding,
               const char **detected,
               GError     **error)
{
  g_autoptr(GInputStream) base = hone_test_chunk_stream_new (bytes, len, 3);
  g_autoptr(GInputStream) stream = hone_text_encoding_open_stream (base, encoding, detected, NULL, error);

  if (stream == NULL)
    return NULL;
  return read_all (stream, error);
}

static void
test_bom (void)
{
  gsize bom = 99;

  g_assert_cmpstr (hone_text_encoding_from_bom ((const guint8 *) "\xef\xbb\xbfx", 4, &bom), ==, "UTF-8");
  g_assert_cmpuint (bom, ==, 3);
  g_assert_cmpstr (hone_text_encoding_from_bom ((const guint8 *) "\xff\xfex\0", 4, &bom), ==, "UTF-16LE");
  g_assert_cmpuint (bom, ==, 2);
  g_assert_cmpstr (hone_text_encoding_from_bom ((const guint8 *) "\xfe\xff\0x", 4, &bom), ==, "UTF-16BE");
  g_assert_cmpuint (bom, ==, 2);
  g_assert_null (hone_text_encoding_from_bom ((const guint8 *) "abc", 3, &bom));
  g_assert_cmpuint (bom, ==, 0);
  g_assert_null (hone_text_encoding_from_bom ((const guint8 *) "\xef\xbb", 2, &bom));
}

static void
test_detect_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  gsize bom = 9;
  const char *text = "a,b\né,日本\n";

  g_assert_cmpstr (hone_text_encoding_detect ((const guint8 *) text, strlen (text), TRUE, &bom, &error), ==, "UTF-8");
  g_assert_no_error (error);
  g_assert_cmpuint (bom, ==, 0);

  /* A character cut at the end of a partial sample is fine, not at the end
   * of the whole file */
  g_assert_cmpstr (hone_text_encoding_detect ((const guint8 *) "ab\xe6\x97", 4, FALSE, &bom, &error), ==, "UTF-8");
  g_assert_no_error (error);
  g_assert_null (hone_text_encoding_detect ((const guint8 *) "ab\xe6\x97", 4, TRUE, &bom, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_ENCODING);
}

static void
test_detect_latin1 (void)
{
  const char *latin1 = "name,city\r\nJos\xe9,M\xfcnchen\r\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *detected = NULL;
  gsize offset = 0;
  guint64 line = 0, column = 0;

  g_assert_true (hone_text_encoding_find_bad_byte ((const guint8 *) latin1, strlen (latin1), TRUE,
                                                   &offset, &line, &column));
  g_assert_cmpuint (offset, ==, 14);
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (column, ==, 4);

  /* Not UTF-8 and no mark: the person must choose */
  g_assert_null (hone_text_encoding_detect ((const guint8 *) latin1, strlen (latin1), TRUE, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "line 2, column 4"));
  g_assert_nonnull (strstr (error->message, "0xE9"));
  g_assert_nonnull (strstr (error->message, "Windows-1252"));
  g_clear_error (&error);

  g_assert_null (open_and_read (latin1, strlen (latin1), NULL, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_ENCODING);
  g_clear_error (&error);

  /* Chosen: converted */
  text = open_and_read (latin1, strlen (latin1), "ISO-8859-1", &detected, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (detected, ==, "ISO-8859-1");
  g_assert_cmpstr (text, ==, "name,city\r\nJosé,München\r\n");
  g_clear_pointer (&text, g_free);

  text = open_and_read ("\x80 \x93quoted\x94", 10, "windows-1252", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "€ “quoted”");
}

static void
test_bad_bytes_in_chosen_encoding (void)
{
  /* 0x81 is not a character of Windows-1252 */
  const char *bytes = "a,b\nx\x81,y\n";
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_data (bytes, strlen (bytes), NULL);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(HoneCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  stream = hone_text_encoding_open_stream (base, "WINDOWS-1252", NULL, NULL, &error);
  g_assert_no_error (error);
  reader = hone_csv_reader_new (stream);
  while (hone_csv_reader_read_row (reader, NULL, &error))
    ;
  g_assert_error (error, HONE_ERROR, HONE_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "not text in the chosen encoding"));
}

static void
test_utf16 (void)
{
  /* "id,text\n1,é🎉\n" in UTF-16 with a mark, both byte orders */
  const char *utf8 = "id,text\n1,é🎉\n";
  g_autofree gunichar2 *units = NULL;
  glong n_units = 0;
  g_autoptr(GByteArray) le = g_byte_array_new ();
  g_autoptr(GByteArray) be = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  units = g_utf8_to_utf16 (utf8, -1, NULL, &n_units, &error);
  g_assert_no_error (error);

  g_byte_array_append (le, (const guint8 *) "\xff\xfe", 2);
  g_byte_array_append (be, (const guint8 *) "\xfe\xff", 2);
  for (glong i = 0; i < n_units; i++)
    {
      guint8 lo = units[i] & 0xff, hi = units[i] >> 8;

      g_byte_array_append (le, &lo, 1);
      g_byte_array_append (le, &hi, 1);
      g_byte_array_append (be, &hi, 1);
      g_byte_array_append (be, &lo, 1);
    }

  {
    const char *detected = NULL;
    g_autofree char *text = open_and_read ((const char *) le->data, le->len, NULL, &detected, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (detected, ==, "UTF-16LE");
    g_assert_cmpstr (text, ==, utf8);
  }
  {
    const char *detected = NULL;
    g_autofree char *text = open_and_read ((const char *) be->data, be->len, NULL, &detected, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (detected, ==, "UTF-16BE");
    g_assert_cmpstr (text, ==, utf8);
  }
  /* Chosen by hand, the mark is skipped too */
  {
    g_autofree char *text = open_and_read ((const char *) le->data, le->len, "UTF-16LE", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, utf8);
  }
  /* Without a mark, UTF-16 has zero bytes: refused with a hint */
  {
    g_autofree char *text = open_and_read ((const char *) le->data + 2, le->len - 2, NULL, NULL, &error);

    g_assert_null (text);
    g_assert_error (error, HONE_ERROR, HONE_ERROR_ENCODING);
    g_assert_nonnull (strstr (error->message, "UTF-16"));
    g_clear_error (&error);
  }
}

static void
test_utf8_bom_skipped (void)
{
  g_autoptr(GError) error = NULL;
  const char *detected = NULL;
  g_autofree char *a = open_and_read ("\xef\xbb\xbfid\n", 6, NULL, &detected, &error);
  g_autofree char *b = open_and_read ("\xef\xbb\xbfid\n", 6, "utf8", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (detected, ==, "UTF-8");
  g_assert_cmpstr (a, ==, "id\n");
  g_assert_cmpstr (b, ==, "id\n");
}

static void
test_bad_byte_after_sample (void)
{
  /* Valid for longer than the detection looks: the reader finds it, with
   * its line */
  g_autoptr(GString) text = g_string_new ("id,text\n");
  g_autoptr(GInputStream) base = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(HoneCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint line = 1;

  while (text->len < HONE_TEXT_ENCODING_DETECT_BYTES + 1000)
    {
      g_string_append_printf (text, "%u,some text\n", line);
      line++;
    }
  g_string_append (text, "x,caf\xe9\n");

  base = g_memory_input_stream_new_from_data (text->str, text->len, NULL);
  stream = hone_text_encoding_open_stream (base, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  reader = hone_csv_reader_new (stream);
  while (hone_csv_reader_read_row (reader, NULL, &error))
    ;
  g_assert_error (error, HONE_ERROR, HONE_ERROR_ENCODING);
  g_assert_cmpuint (hone_csv_reader_get_error_line (reader), ==, line + 1);
  g_assert_cmpuint (hone_csv_reader_get_error_column (reader), ==, 6);
}

static void
test_suggestions (void)
{
  const char * const *suggestions = hone_text_encoding_list_suggestions ();

  g_assert_cmpstr (suggestions[0], ==, "WINDOWS-1252");
  g_assert_cmpstr (suggestions[1], ==, "ISO-8859-1");
  for (guint i = 0; suggestions[i] != NULL; i++)
    {
      g_assert_true (hone_text_encoding_is_supported (suggestions[i]));
      g_assert_false (hone_text_encoding_is_utf8 (suggestions[i]));
      g_assert_cmpstr (hone_text_encoding_get_label (suggestions[i]), !=, suggestions[i]);
    }

  g_assert_cmpstr (hone_text_encoding_get_label ("windows-1252"), ==, "Western (Windows-1252)");
  g_assert_cmpstr (hone_text_encoding_get_label ("X-UNKNOWN"), ==, "X-UNKNOWN");
  g_assert_false (hone_text_encoding_is_supported ("X-NO-SUCH-ENCODING"));
  g_assert_true (hone_text_encoding_is_utf8 ("utf8"));

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GInputStream) base = g_memory_input_stream_new_from_data ("x", 1, NULL);

    g_assert_null (hone_text_encoding_open_stream (base, "X-NO-SUCH-ENCODING", NULL, NULL, &error));
    g_assert_error (error, HONE_ERROR, HONE_ERROR_ENCODING);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-encoding/bom", test_bom);
  g_test_add_func ("/text-encoding/detect-utf8", test_detect_utf8);
  g_test_add_func ("/text-encoding/detect-latin1", test_detect_latin1);
  g_test_add_func ("/text-encoding/bad-bytes-in-chosen-encoding", test_bad_bytes_in_chosen_encoding);
  g_test_add_func ("/text-encoding/utf16", test_utf16);
  g_test_add_func ("/text-encoding/utf8-bom-skipped", test_utf8_bom_skipped);
  g_test_add_func ("/text-encoding/bad-byte-after-sample", test_bad_byte_after_sample);
  g_test_add_func ("/text-encoding/suggestions", test_suggestions);

  return g_test_run ();
}
