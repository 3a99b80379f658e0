/* test-jsonl-reader.c: JSON Lines, JSON arrays and chat files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-core.h"
#include "hone-jsonl-reader.h"

#include "hone-test-streams.h"

static const gsize chunk_sizes[] = { 0, 1, 2, 5, 64 };

/* Reads @text and renders what the reader saw as one string:
 *   columns "a,b" then each row as "a=1;b=(null)" lines, and "!LINE:COL" for
 *   each recoverable error, "!!LINE:COL" for a fatal one. */
static char *
render (const char      *text,
        HoneJsonlFormat  format,
        gsize            chunk,
        GError         **first_error)
{
  g_autoptr(GInputStream) stream = hone_test_chunk_stream_new (text, strlen (text), chunk);
  g_autoptr(HoneJsonlReader) reader = hone_jsonl_reader_new (stream);
  GString *rows = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  hone_jsonl_reader_set_format (reader, format);

  while (TRUE)
    {
      g_autoptr(GError) error = NULL;

      if (hone_jsonl_reader_read_row (reader, NULL, &error))
        {
          g_string_append_printf (rows, "%" G_GUINT64_FORMAT ":", hone_jsonl_reader_get_row_line (reader));
          for (guint i = 0; i < hone_jsonl_reader_get_n_columns (reader); i++)
            {
              gsize len = 0;
              const char *value = hone_jsonl_reader_get_value (reader, i, &len);

              if (value != NULL)
                g_assert_cmpuint (strlen (value), ==, len);
              if (i > 0)
                g_string_append_c (rows, ';');
              g_string_append_printf (rows, "%s=%s", hone_jsonl_reader_get_column_name (reader, i),
                                      value != NULL ? value : "(null)");
            }
          g_string_append_c (rows, '\n');
          continue;
        }
      if (error == NULL)
        break;

      if (first_error != NULL && *first_error == NULL)
        *first_error = g_error_copy (error);
      g_string_append_printf (rows, "%s%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT "\n",
                              hone_jsonl_reader_is_error_recoverable (reader) ? "!" : "!!",
                              hone_jsonl_reader_get_error_line (reader),
                              hone_jsonl_reader_get_error_column (reader));
      if (!hone_jsonl_reader_is_error_recoverable (reader))
        break;
    }

  for (guint i = 0; i < hone_jsonl_reader_get_n_columns (reader); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "," : "", hone_jsonl_reader_get_column_name (reader, i));
  g_string_append_printf (out, "\n%s", rows->str);
  g_string_free (rows, TRUE);

  return g_string_free (out, FALSE);
}

static void
check (const char      *text,
       HoneJsonlFormat  format,
       const char      *expected)
{
  for (guint i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    {
      g_autofree char *got = render (text, format, chunk_sizes[i], NULL);
      g_assert_cmpstr (got, ==, expected);
    }
}

static void
test_lines (void)
{
  check ("", HONE_JSONL_FORMAT_AUTO, "\n");
  check ("{\"a\":\"x\",\"b\":\"y\"}\n{\"b\":\"z\",\"c\":\"w\"}\n", HONE_JSONL_FORMAT_AUTO,
         "a,b,c\n1:a=x;b=y\n2:a=(null);b=z;c=w\n");
  /* CRLF, blank lines, no final line end, spaces */
  check ("\r\n  {\"a\" : \"x\"}  \r\n\r\n\n{\"a\":\"y\"}", HONE_JSONL_FORMAT_LINES,
         "a\n2:a=x\n5:a=y\n");
}

static void
test_values (void)
{
  check ("{\"n\":1.50,\"i\":-0,\"e\":1E+5,\"t\":true,\"f\":false,\"z\":null,\"s\":\"\",\"o\":{\"x\": [1, \"a b\", {}]},\"l\":[]}\n",
         HONE_JSONL_FORMAT_AUTO,
         "n,i,e,t,f,z,s,o,l\n1:n=1.50;i=-0;e=1E+5;t=true;f=false;z=(null);s=;o={\"x\":[1,\"a b\",{}]};l=[]\n");
  /* Escapes, unescaped; Unicode as it is */
  check ("{\"s\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83c\\udf89 é\"}\n", HONE_JSONL_FORMAT_AUTO,
         "s\n1:s=q\" b\\ s/ \b\f\n\r\t é 🎉 é\n");
  /* Nested strings are escaped again in the JSON text */
  check ("{\"o\":{\"k\":\"line\\nbreak \\\"q\\\" \\u0001\"}}\n", HONE_JSONL_FORMAT_AUTO,
         "o\n1:o={\"k\":\"line\\nbreak \\\"q\\\" \\u0001\"}\n");
  /* Keys with escapes */
  check ("{\"a\\u0020b\":\"1\"}", HONE_JSONL_FORMAT_AUTO, "a b\n1:a b=1\n");
}

static void
test_array (void)
{
  check ("[\n  {\"a\": \"x\",\n   \"b\": 2},\n  {\"a\": \"y\"}\n]\n", HONE_JSONL_FORMAT_AUTO,
         "a,b\n2:a=x;b=2\n4:a=y;b=(null)\n");
  check ("[]", HONE_JSONL_FORMAT_AUTO, "\n");
  check (" [ ] \n", HONE_JSONL_FORMAT_ARRAY, "\n");
  /* A trailing comma is forgiven */
  check ("[{\"a\":1},]", HONE_JSONL_FORMAT_AUTO, "a\n1:a=1\n");
  /* On one line: columns count from the start of the line */
  check ("[{\"a\":1},{\"a\":\"\\x\"},{\"a\":3}]", HONE_JSONL_FORMAT_AUTO, "a\n1:a=1\n!1:16\n1:a=3\n");
  check ("[{\"a\":\"]}\"}]", HONE_JSONL_FORMAT_AUTO, "a\n1:a=]}\n");
}

static void
test_chat (void)
{
  const char *single =
    "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
    "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\",\"weight\":1}]}\n"
    "{\"messages\":[{\"role\":\"user\",\"content\":\"Q1\"},{\"role\":\"assistant\",\"content\":\"A1\"},"
    "{\"role\":\"user\",\"content\":\"Q2\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"A2\"}]}],\"id\":7}\n";

  check (single, HONE_JSONL_FORMAT_AUTO,
         "system,user,assistant,assistant weight,user 2,assistant 2,id\n"
         "1:system=Be brief.;user=Hi;assistant=Hello;assistant weight=1\n"
         "2:system=(null);user=Q1;assistant=A1;assistant weight=(null);user 2=Q2;assistant 2=[{\"type\":\"text\",\"text\":\"A2\"}];id=7\n");

  /* Forced to plain JSON Lines, the messages stay JSON text */
  check ("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}\n", HONE_JSONL_FORMAT_LINES,
         "messages\n1:messages=[{\"role\":\"user\",\"content\":\"Hi\"}]\n");

  /* Bad chat rows are skipped one by one */
  check ("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}\n"
         "{\"prompt\":\"x\"}\n"
         "{\"messages\":[{\"content\":\"no role\"}]}\n"
         "{\"messages\":[\"text\"]}\n"
         "{\"messages\":{}}\n"
         "{\"messages\":[{\"role\":\"user\",\"content\":\"Bye\"}]}\n",
         HONE_JSONL_FORMAT_AUTO,
         "system,user,assistant\n"
         "1:system=(null);user=Hi;assistant=(null)\n"
         "!2:1\n!3:14\n!4:14\n!5:13\n"
         "6:system=(null);user=Bye;assistant=(null)\n");

  /* An array of chats */
  check ("[{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}]", HONE_JSONL_FORMAT_CHAT,
         "system,user,assistant\n1:system=(null);user=Hi;assistant=(null)\n");
}

static void
test_errors (void)
{
  /* Recoverable: one line each */
  check ("{\"a\":1}\n{\"a\":}\n{\"a\":2}\n", HONE_JSONL_FORMAT_AUTO, "a\n1:a=1\n!2:6\n3:a=2\n");
  check ("{\"a\":1}\n{\"a\":1,\"a\":2}\n", HONE_JSONL_FORMAT_AUTO, "a\n1:a=1\n!2:8\n");
  check ("{\"a\":'x'}\n", HONE_JSONL_FORMAT_AUTO, "\n!1:6\n");
  check ("{\"a\":\"x\"} {\"b\":1}\n", HONE_JSONL_FORMAT_AUTO, "\n!1:11\n");
  check ("{\"é\":\"x\nb\"}\n{\"a\":1}\n", HONE_JSONL_FORMAT_AUTO, "a\n!1:6\n!2:1\n3:a=1\n");
  check ("[1,2]\n", HONE_JSONL_FORMAT_LINES, "\n!1:1\n");
  check ("{\"a\":\"\\ud800\"}\n", HONE_JSONL_FORMAT_AUTO, "\n!1:7\n");
  check ("{\"a\":\"\\u0000\"}\n", HONE_JSONL_FORMAT_AUTO, "\n!1:7\n");
  check ("{\"a\":01}\n", HONE_JSONL_FORMAT_AUTO, "\n!1:7\n");
  check ("{\"a\":tru}\n", HONE_JSONL_FORMAT_AUTO, "\n!1:6\n");
  /* Fatal */
  check ("a,b\n1,2\n", HONE_JSONL_FORMAT_AUTO, "\n!!1:1\n");
  check ("[{\"a\":1}", HONE_JSONL_FORMAT_AUTO, "a\n1:a=1\n!!1:9\n");
  check ("[{\"a\":1} {\"a\":2}]", HONE_JSONL_FORMAT_AUTO, "a\n1:a=1\n!!1:10\n");
  check ("[{\"a\":\n1", HONE_JSONL_FORMAT_AUTO, "\n!!1:2\n");
  check ("[{\"a\":1}] x", HONE_JSONL_FORMAT_AUTO, "a\n1:a=1\n!!1:11\n");
  check ("{\"a\":1}", HONE_JSONL_FORMAT_ARRAY, "\n!!1:1\n");
  check ("{\"a\":\"\xe9\"}\n", HONE_JSONL_FORMAT_AUTO, "\n!!1:7\n");
}

static void
test_error_messages (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 1; i < 1204; i++)
    g_string_append_printf (text, "{\"n\":%u}\n", i);
  g_string_append (text, "{\"n\":\"unclosed}\n");

  out = render (text->str, HONE_JSONL_FORMAT_AUTO, 0, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "line 1,204, column 6: this string has no closing quote (\").");
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) text = g_string_new ("{\"a\":");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}\n{\"a\":1}\n");

  out = render (text->str, HONE_JSONL_FORMAT_AUTO, 0, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested"));
  g_assert_true (g_str_has_suffix (out, "\n2:a=1\n"));
}

static void
test_long_value (void)
{
  g_autoptr(GString) text = g_string_new ("{\"a\":\"");
  g_autoptr(GString) expected = g_string_new ("a\n1:a=");
  g_autofree char *out = NULL;

  for (guint i = 0; i < 200000; i++)
    {
      g_string_append (text, i % 3 == 0 ? "\\n" : "é");
      g_string_append (expected, i % 3 == 0 ? "\n" : "é");
    }
  g_string_append (text, "\"}\n");
  g_string_append (expected, "\n");

  out = render (text->str, HONE_JSONL_FORMAT_AUTO, 0, NULL);
  g_assert_true (g_str_equal (out, expected->str));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/jsonl-reader/lines", test_lines);
  g_test_add_func ("/jsonl-reader/values", test_values);
  g_test_add_func ("/jsonl-reader/array", test_array);
  g_test_add_func ("/jsonl-reader/chat", test_chat);
  g_test_add_func ("/jsonl-reader/errors", test_errors);
  g_test_add_func ("/jsonl-reader/error-messages", test_error_messages);
  g_test_add_func ("/jsonl-reader/deep-nesting", test_deep_nesting);
  g_test_add_func ("/jsonl-reader/long-value", test_long_value);

  return g_test_run ();
}
