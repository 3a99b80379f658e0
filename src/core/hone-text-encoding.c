/* hone-text-encoding.c: which encoding a text file is in, and reading it as UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-text-encoding.h"

typedef struct {
  const char *name;
  const char *label;
} EncodingInfo;

/* Suggestions come first, in the order they are offered */
static const EncodingInfo encodings[] = {
  { "WINDOWS-1252", N_("Western (Windows-1252)") },
  { "ISO-8859-1",   N_("Western (ISO-8859-1, Latin-1)") },
  { "UTF-16LE",     N_("Unicode (UTF-16 little-endian)") },
  { "UTF-16BE",     N_("Unicode (UTF-16 big-endian)") },
  { "ISO-8859-15",  N_("Western (ISO-8859-15)") },
  { "MACINTOSH",    N_("Western (Mac OS Roman)") },
  { "WINDOWS-1250", N_("Central European (Windows-1250)") },
  { "ISO-8859-2",   N_("Central European (ISO-8859-2)") },
  { "WINDOWS-1251", N_("Cyrillic (Windows-1251)") },
  { "KOI8-R",       N_("Cyrillic (KOI8-R)") },
  { "WINDOWS-1253", N_("Greek (Windows-1253)") },
  { "WINDOWS-1254", N_("Turkish (Windows-1254)") },
  { "WINDOWS-1255", N_("Hebrew (Windows-1255)") },
  { "WINDOWS-1256", N_("Arabic (Windows-1256)") },
  { "WINDOWS-1257", N_("Baltic (Windows-1257)") },
  { "WINDOWS-1258", N_("Vietnamese (Windows-1258)") },
  { "SHIFT_JIS",    N_("Japanese (Shift JIS)") },
  { "EUC-JP",       N_("Japanese (EUC-JP)") },
  { "GB18030",      N_("Chinese Simplified (GB18030)") },
  { "BIG5",         N_("Chinese Traditional (Big5)") },
  { "EUC-KR",       N_("Korean (EUC-KR)") },
  { "UTF-8",        N_("Unicode (UTF-8)") },
};

const char * const *
hone_text_encoding_list_suggestions (void)
{
  static const char *names[G_N_ELEMENTS (encodings)];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      guint n = 0;

      /* UTF-8 is what the file is not: do not offer it */
      for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
        if (!g_str_equal (encodings[i].name, "UTF-8"))
          names[n++] = encodings[i].name;
      names[n] = NULL;
      g_once_init_leave (&initialized, 1);
    }

  return names;
}

const char *
hone_text_encoding_get_label (const char *encoding)
{
  g_return_val_if_fail (encoding != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (g_ascii_strcasecmp (encodings[i].name, encoding) == 0)
      return _(encodings[i].label);

  return encoding;
}

gboolean
hone_text_encoding_is_utf8 (const char *encoding)
{
  return encoding != NULL &&
         (g_ascii_strcasecmp (encoding, "UTF-8") == 0 ||
          g_ascii_strcasecmp (encoding, "UTF8") == 0);
}

gboolean
hone_text_encoding_is_supported (const char *encoding)
{
  GIConv conv;

  if (encoding == NULL || encoding[0] == '\0')
    return FALSE;
  if (hone_text_encoding_is_utf8 (encoding))
    return TRUE;

  conv = g_iconv_open ("UTF-8", encoding);
  if (conv == (GIConv) -1)
    return FALSE;
  g_iconv_close (conv);
  return TRUE;
}

gboolean
hone_text_utf8_is_cut (const guint8 *data,
                       gsize         len)
{
  gsize need = 0;

  if (len == 0 || len >= 4)
    return FALSE;
  if (data[0] >= 0xC2 && data[0] <= 0xDF)
    need = 2;
  else if (data[0] >= 0xE0 && data[0] <= 0xEF)
    need = 3;
  else if (data[0] >= 0xF0 && data[0] <= 0xF4)
    need = 4;
  if (need <= len)
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if ((data[i] & 0xC0) != 0x80)
      return FALSE;
  return TRUE;
}

gboolean
hone_text_validate_utf8 (const guint8 *data,
                         gsize         len,
                         gsize        *valid_len)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  gsize i = 0;

  while (i < len)
    {
      const char *end = NULL;
      gsize start;

      /* ASCII without zero bytes, eight at a time */
      while (i + 8 <= len)
        {
          guint64 word;

          memcpy (&word, data + i, 8);
          if ((word & high) != 0 || ((word - ones) & ~word & high) != 0)
            break;
          i += 8;
        }
      while (i < len && data[i] > 0 && data[i] < 0x80)
        i++;
      if (i == len)
        break;

      /* Something else: GLib checks it, up to the next ASCII run */
      start = i;
      while (i < len && (data[i] == 0 || data[i] >= 0x80))
        i++;
      /* Include the rest of a character cut by the ASCII run test above */
      if (!g_utf8_validate_len ((const char *) data + start, i - start, &end))
        {
          *valid_len = (const guint8 *) end - data;
          return FALSE;
        }
    }

  *valid_len = len;
  return TRUE;
}

const char *
hone_text_encoding_from_bom (const guint8 *data,
                             gsize         len,
                             gsize        *bom_len)
{
  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      *bom_len = 3;
      return HONE_TEXT_ENCODING_UTF8;
    }
  if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      *bom_len = 2;
      return HONE_TEXT_ENCODING_UTF16LE;
    }
  if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      *bom_len = 2;
      return HONE_TEXT_ENCODING_UTF16BE;
    }

  *bom_len = 0;
  return NULL;
}

/* TRUE when @data (@len bytes, at most 3) is the start of a UTF-8 sequence
 * that more bytes could complete */
static gboolean
is_incomplete_sequence (const guint8 *data,
                        gsize         len)
{
  gsize need;

  if (len == 0)
    return FALSE;

  if (data[0] >= 0xC2 && data[0] <= 0xDF)
    need = 2;
  else if (data[0] >= 0xE0 && data[0] <= 0xEF)
    need = 3;
  else if (data[0] >= 0xF0 && data[0] <= 0xF4)
    need = 4;
  else
    return FALSE;

  if (len >= need)
    return FALSE;

  for (gsize i = 1; i < len; i++)
    if ((data[i] & 0xC0) != 0x80)
      return FALSE;

  return TRUE;
}

gboolean
hone_text_encoding_find_bad_byte (const guint8 *data,
                                  gsize         len,
                                  gboolean      is_whole,
                                  gsize        *offset,
                                  guint64      *line,
                                  guint64      *column)
{
  const char *end = NULL;
  gsize bad;
  guint64 l = 1, c = 1;

  if (g_utf8_validate_len ((const char *) data, len, &end))
    return FALSE;

  bad = (const guint8 *) end - data;
  if (!is_whole && is_incomplete_sequence (data + bad, len - bad))
    return FALSE;

  for (gsize i = 0; i < bad; i++)
    {
      if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= len || data[i + 1] != '\n')))
        {
          l++;
          c = 1;
        }
      else if (data[i] != '\r' && (data[i] & 0xC0) != 0x80)
        c++;
    }

  if (offset != NULL)
    *offset = bad;
  if (line != NULL)
    *line = l;
  if (column != NULL)
    *column = c;

  return TRUE;
}

const char *
hone_text_encoding_detect (const guint8  *data,
                           gsize          len,
                           gboolean       is_whole,
                           gsize         *bom_len,
                           GError       **error)
{
  const char *encoding;
  gsize bom = 0;
  gsize offset = 0;
  guint64 line = 0, column = 0;

  encoding = hone_text_encoding_from_bom (data, len, &bom);
  if (bom_len != NULL)
    *bom_len = bom;
  if (encoding != NULL)
    return encoding;

  if (hone_text_encoding_find_bad_byte (data, len, is_whole, &offset, &line, &column))
    {
      g_autofree char *place = hone_text_format_place (line, column);

      if (data[offset] == 0)
        g_set_error (error, HONE_ERROR, HONE_ERROR_ENCODING,
                     /* Translators: %s is a place in a file, like “line 3, column 5” */
                     _("The file is not UTF-8 text: at %s there is a zero byte, which text files do not have. If the file is in UTF-16 without a byte order mark, choose UTF-16 as its encoding."),
                     place);
      else
        g_set_error (error, HONE_ERROR, HONE_ERROR_ENCODING,
                     /* Translators: %s is a place in a file, like “line 3, column 5”; %02X a byte in hexadecimal */
                     _("The file is not UTF-8 text: the byte 0x%02X at %s is not a UTF-8 character. Choose the encoding the file was saved in; Windows-1252 and ISO-8859-1 (Latin-1) are the most common."),
                     data[offset], place);
      return NULL;
    }

  return HONE_TEXT_ENCODING_UTF8;
}

/* Fills the buffer of @stream with at least @want bytes, or up to the end */
static gboolean
fill_buffer (GBufferedInputStream  *stream,
             gsize                  want,
             gboolean              *at_end,
             GCancellable          *cancellable,
             GError               **error)
{
  *at_end = FALSE;

  while (g_buffered_input_stream_get_available (stream) < want)
    {
      gssize n = g_buffered_input_stream_fill (stream,
                                               want - g_buffered_input_stream_get_available (stream),
                                               cancellable, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          *at_end = TRUE;
          break;
        }
    }

  return TRUE;
}

GInputStream *
hone_text_encoding_open_stream (GInputStream  *base,
                                const char    *encoding,
                                const char   **out_encoding,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GCharsetConverter) converter = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *head;
  gsize head_len = 0;
  gsize bom_len = 0;
  gboolean at_end = FALSE;
  const char *bom_encoding;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);

  buffered = g_buffered_input_stream_new_sized (base, HONE_TEXT_ENCODING_DETECT_BYTES);
  if (!fill_buffer (G_BUFFERED_INPUT_STREAM (buffered),
                    encoding == NULL ? HONE_TEXT_ENCODING_DETECT_BYTES : 4,
                    &at_end, cancellable, &local_error))
    {
      hone_text_encoding_set_read_error (error, local_error, NULL, NULL);
      return NULL;
    }

  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &head_len);
  bom_encoding = hone_text_encoding_from_bom (head, head_len, &bom_len);

  if (encoding == NULL)
    {
      encoding = hone_text_encoding_detect (head, head_len, at_end, &bom_len, error);
      if (encoding == NULL)
        return NULL;
    }
  else
    {
      if (!hone_text_encoding_is_supported (encoding))
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_ENCODING,
                       _("Hone does not know the encoding “%s”. Choose another one, like Windows-1252 or ISO-8859-1."),
                       encoding);
          return NULL;
        }

      /* Skip a byte order mark only when it is the chosen encoding's */
      if (bom_encoding == NULL ||
          !(g_ascii_strcasecmp (bom_encoding, encoding) == 0 ||
            (hone_text_encoding_is_utf8 (bom_encoding) && hone_text_encoding_is_utf8 (encoding)) ||
            (bom_len == 2 && g_ascii_strcasecmp (encoding, "UTF-16") == 0)))
        bom_len = 0;
      /* iconv's "UTF-16" reads the mark itself */
      if (g_ascii_strcasecmp (encoding, "UTF-16") == 0)
        bom_len = 0;
    }

  if (out_encoding != NULL)
    *out_encoding = encoding;

  if (bom_len > 0 &&
      g_input_stream_skip (buffered, bom_len, cancellable, &local_error) != (gssize) bom_len)
    {
      hone_text_encoding_set_read_error (error, local_error, NULL, NULL);
      return NULL;
    }

  if (hone_text_encoding_is_utf8 (encoding))
    return g_steal_pointer (&buffered);

  converter = g_charset_converter_new ("UTF-8", encoding, &local_error);
  if (converter == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_ENCODING,
                   _("Hone cannot read text in the encoding “%s”: %s"),
                   encoding, local_error->message);
      return NULL;
    }

  return g_converter_input_stream_new (buffered, G_CONVERTER (converter));
}

void
hone_text_encoding_set_read_error (GError       **error,
                                   const GError  *read_error,
                                   const char    *encoding,
                                   const char    *place)
{
  g_return_if_fail (read_error != NULL);

  if (read_error->domain == HONE_ERROR)
    {
      g_propagate_error (error, g_error_copy (read_error));
      return;
    }

  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_CANCELLED,
                           _("Stopped. Nothing was changed."));
      return;
    }

  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA) ||
      g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
      g_error_matches (read_error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE) ||
      g_error_matches (read_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT))
    {
      const char *label = encoding != NULL ? hone_text_encoding_get_label (encoding) : NULL;

      if (place != NULL && label != NULL)
        g_set_error (error, HONE_ERROR, HONE_ERROR_ENCODING,
                     /* Translators: the first %s is a place in a file (“line 12”), the second an encoding */
                     _("After %s the file has bytes that are not text in %s. Choose another encoding."),
                     place, label);
      else if (label != NULL)
        g_set_error (error, HONE_ERROR, HONE_ERROR_ENCODING,
                     _("The file has bytes that are not text in %s. Choose another encoding."),
                     label);
      else
        g_set_error_literal (error, HONE_ERROR, HONE_ERROR_ENCODING,
                             _("The file has bytes that are not text in the chosen encoding. Choose another encoding."));
      return;
    }

  g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
               _("The file could not be read: %s"), read_error->message);
}

char *
hone_text_format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  const char *sep = nl_langinfo (THOUSEP);
  GString *str = g_string_new (NULL);
  gsize len = strlen (digits);

  if (sep == NULL || sep[0] == '\0')
    sep = ",";

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (str, sep);
      g_string_append_c (str, digits[i]);
    }

  return g_string_free (str, FALSE);
}

char *
hone_text_format_day (const char *day)
{
  int y, m, d;
  g_autoptr(GDateTime) date = NULL;

  if (day == NULL)
    return NULL;
  if (sscanf (day, "%d-%d-%d", &y, &m, &d) != 3 ||
      (date = g_date_time_new_utc (y, m, d, 0, 0, 0)) == NULL)
    return g_strdup (day);

  /* Translators: a day, as in “6 January 2027” (strftime format) */
  return g_date_time_format (date, _("%-d %B %Y"));
}

char *
hone_text_format_price (double usd)
{
  if (usd > 0 && usd < 0.005)
    return g_strdup (_("less than $0.01"));
  /* Translators: a price in US dollars */
  return g_strdup_printf (_("$%.2f"), usd);
}

char *
hone_text_format_place (guint64 line,
                        guint64 column)
{
  g_autofree char *l = hone_text_format_count (line);

  if (column == 0)
    /* Translators: a place in a file; %s is a line number like “1,204” */
    return g_strdup_printf (_("line %s"), l);
  else
    {
      g_autofree char *c = hone_text_format_count (column);
      /* Translators: a place in a file; the first %s is a line number like “1,204”, the second a column number */
      return g_strdup_printf (_("line %s, column %s"), l, c);
    }
}
