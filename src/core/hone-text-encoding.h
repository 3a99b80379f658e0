/* hone-text-encoding.h: which encoding a text file is in, and reading it as UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Names as iconv and GCharsetConverter know them */
#define HONE_TEXT_ENCODING_UTF8    "UTF-8"
#define HONE_TEXT_ENCODING_UTF16LE "UTF-16LE"
#define HONE_TEXT_ENCODING_UTF16BE "UTF-16BE"

/* How many bytes from the start of a file hone_text_encoding_open_stream()
 * looks at to detect the encoding. A bad byte after them is reported by the
 * reader of the stream, with its line, when it gets there. */
#define HONE_TEXT_ENCODING_DETECT_BYTES (256 * 1024)

/* The encoding named by a byte order mark at the start of @data, or NULL.
 * Stores the length of the mark in @bom_len (0 without one). */
const char          *hone_text_encoding_from_bom           (const guint8  *data,
                                                            gsize          len,
                                                            gsize         *bom_len);

/* Detects the encoding of the first @len bytes of a file (@is_whole: that is
 * all of it). A byte order mark names UTF-8, UTF-16LE or UTF-16BE; without one
 * the bytes must be valid UTF-8 (a character cut at the end of a partial
 * sample is fine). Otherwise fails with HONE_ERROR_ENCODING, naming the line
 * and column of the first bad byte: the person then picks an encoding
 * (see hone_text_encoding_list_suggestions()). Returns a static string. */
const char          *hone_text_encoding_detect             (const guint8  *data,
                                                            gsize          len,
                                                            gboolean       is_whole,
                                                            gsize         *bom_len,
                                                            GError       **error);

/* Where in @data (UTF-8, not necessarily valid) the first byte that is not
 * UTF-8 is, as a 1-based line and column (in characters). Line ends are LF,
 * CRLF and a lone CR. Returns FALSE when all of @data is valid. A zero byte
 * counts as bad. A character cut at the end counts as bad only when
 * @is_whole. */
gboolean             hone_text_encoding_find_bad_byte      (const guint8  *data,
                                                            gsize          len,
                                                            gboolean       is_whole,
                                                            gsize         *offset,
                                                            guint64       *line,
                                                            guint64       *column);

/* Checks that @data is UTF-8 without zero bytes, fast on ASCII. Stores in
 * @valid_len how many bytes from the start are valid (up to the first bad
 * or cut character). Like g_utf8_validate_len(). */
gboolean             hone_text_validate_utf8               (const guint8  *data,
                                                            gsize          len,
                                                            gsize         *valid_len);

/* TRUE when the @len bytes at @data (what follows the valid part of a chunk)
 * are the start of a UTF-8 character cut by the end of the chunk, so that
 * the next chunk may complete it; FALSE when they are bad in any case. */
gboolean             hone_text_utf8_is_cut                 (const guint8  *data,
                                                            gsize          len);

/* The encodings offered to a person whose file is not UTF-8, most likely
 * first: Windows-1252 and ISO-8859-1 (Latin-1), then UTF-16 and the common
 * encodings of other scripts. NULL-terminated, static. */
const char * const  *hone_text_encoding_list_suggestions   (void);
/* A translated label for an encoding ("Western (Windows-1252)"); the name
 * itself for one Hone does not know. */
const char          *hone_text_encoding_get_label          (const char    *encoding);
/* TRUE when this system can convert from @encoding to UTF-8 */
gboolean             hone_text_encoding_is_supported       (const char    *encoding);
/* TRUE for UTF-8 in any spelling ("utf8", "UTF-8") */
gboolean             hone_text_encoding_is_utf8            (const char    *encoding);

/* Wraps @base so that it yields UTF-8. With @encoding NULL the encoding is
 * detected (see hone_text_encoding_detect(), on the first
 * HONE_TEXT_ENCODING_DETECT_BYTES) and stored in @out_encoding. A byte order
 * mark is skipped. Non-UTF-8 encodings go through a GCharsetConverter; bytes
 * that are not text in the chosen encoding make reads fail with
 * G_IO_ERROR_INVALID_DATA. Blocking. */
GInputStream        *hone_text_encoding_open_stream        (GInputStream  *base,
                                                            const char    *encoding,
                                                            const char   **out_encoding,
                                                            GCancellable  *cancellable,
                                                            GError       **error);

/* Turns an error of reading a converted stream into a HONE_ERROR for people:
 * bad bytes become HONE_ERROR_ENCODING, cancellation HONE_ERROR_CANCELLED,
 * the rest HONE_ERROR_IO. @place ("line 12") may be NULL. */
void                 hone_text_encoding_set_read_error     (GError       **error,
                                                            const GError  *read_error,
                                                            const char    *encoding,
                                                            const char    *place);

/* "1,204": a count or line number for people, grouped in thousands */
char                *hone_text_format_count                (guint64        n);
/* "6 January 2027" from "2027-01-06" (the text itself when it is not a
 * date; NULL for NULL) */
char                *hone_text_format_day                  (const char    *day);
/* "$0.48", or "less than $0.01" for a price below half a cent */
char                *hone_text_format_price                (double         usd);
/* "line 1,204, column 7", or "line 1,204" when @column is 0 */
char                *hone_text_format_place                (guint64        line,
                                                            guint64        column);

G_END_DECLS
