/* hone-csv-reader.h: a streaming reader of CSV and TSV files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HONE_TYPE_CSV_READER (hone_csv_reader_get_type ())

G_DECLARE_FINAL_TYPE (HoneCsvReader, hone_csv_reader, HONE, CSV_READER, GObject)

/* The largest row the reader keeps in memory. A longer one almost always
 * comes from a quoted field that is not closed, and is reported as such. */
#define HONE_CSV_READER_MAX_ROW_BYTES (256 * 1024 * 1024)

/* How many bytes from the start are looked at to detect the delimiter */
#define HONE_CSV_READER_DETECT_BYTES (64 * 1024)

/* Reads RFC 4180 CSV from a UTF-8 stream (see hone-text-encoding.h for other
 * encodings), in chunks: the file is never held in memory, only the row being
 * read. What real files do is accepted too:
 *
 * - Line ends LF, CRLF, or a lone CR (old Mac files): outside quotes each
 *   ends a row; inside quotes they are kept byte for byte. Line numbers in
 *   errors count all three.
 * - Blank lines (nothing between two line ends) are skipped.
 * - A quote in the middle of an unquoted field is kept as it is (5'10").
 * - Rows may have different numbers of fields ("ragged"); the caller decides.
 * - Delimiters , ; tab | are detected from the first 64 KB: the one that
 *   gives the most consistent number of fields (more than one) per row; ties
 *   go to the one with more fields, then in that order. A file with one
 *   column reads as comma-separated.
 *
 * Refused: a quoted field that is never closed (fatal), text after the
 * closing quote of a field ("abc"def; the rest of that line is skipped and
 * reading can go on), bytes that are not UTF-8 and zero bytes (fatal,
 * HONE_ERROR_ENCODING). Messages name the line and column (in characters). */

HoneCsvReader      *hone_csv_reader_new                 (GInputStream   *stream);

/* 0 (the default) detects it */
void                hone_csv_reader_set_delimiter       (HoneCsvReader  *self,
                                                         char            delimiter);
/* The delimiter in use; 0 until hone_csv_reader_start() detected it */
char                hone_csv_reader_get_delimiter       (HoneCsvReader  *self);
/* When set (default FALSE), the first row is the header: it is read by
 * hone_csv_reader_start() and not returned as a row. */
void                hone_csv_reader_set_has_header      (HoneCsvReader  *self,
                                                         gboolean        has_header);
gboolean            hone_csv_reader_get_has_header      (HoneCsvReader  *self);

/* Detects the delimiter and reads the header. The first
 * hone_csv_reader_read_row() calls it when the caller did not. */
gboolean            hone_csv_reader_start               (HoneCsvReader  *self,
                                                         GCancellable   *cancellable,
                                                         GError        **error);
/* The names in the header row (NULL-terminated), or NULL without one */
const char * const *hone_csv_reader_get_header          (HoneCsvReader  *self);

/* Reads the next row. Returns FALSE at the end (@error not set) or on an
 * error. After an error, hone_csv_reader_is_error_recoverable() says whether
 * the next call goes on with the row after the bad one. */
gboolean            hone_csv_reader_read_row            (HoneCsvReader  *self,
                                                         GCancellable   *cancellable,
                                                         GError        **error);
guint               hone_csv_reader_get_n_fields        (HoneCsvReader  *self);
/* Borrowed, NUL-terminated, valid until the next read. Empty fields are "". */
const char         *hone_csv_reader_get_field           (HoneCsvReader  *self,
                                                         guint           index,
                                                         gsize          *length);
/* The line the current row starts on (1-based) */
guint64             hone_csv_reader_get_row_line        (HoneCsvReader  *self);
/* Rows returned so far (the header not counted) */
guint64             hone_csv_reader_get_n_rows          (HoneCsvReader  *self);
/* Bytes of the stream consumed up to the end of the current row */
guint64             hone_csv_reader_get_bytes_read      (HoneCsvReader  *self);

/* The place of the last error (column 0 when it is about the whole line) */
guint64             hone_csv_reader_get_error_line      (HoneCsvReader  *self);
guint64             hone_csv_reader_get_error_column    (HoneCsvReader  *self);
gboolean            hone_csv_reader_is_error_recoverable (HoneCsvReader *self);

/* Guesses the delimiter of the start of a file (see above); @is_end says the
 * data is the whole file. Returns ',' when nothing fits better. */
char                hone_csv_detect_delimiter           (const char     *data,
                                                         gsize           len,
                                                         gboolean        is_end);

G_END_DECLS
