/* hone-jsonl-reader.h: a streaming reader of JSON Lines, JSON arrays and chat files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HONE_TYPE_JSONL_READER (hone_jsonl_reader_get_type ())

G_DECLARE_FINAL_TYPE (HoneJsonlReader, hone_jsonl_reader, HONE, JSONL_READER, GObject)

/* The longest line (or array element) the reader keeps in memory */
#define HONE_JSONL_READER_MAX_ROW_BYTES (256 * 1024 * 1024)
/* How deeply arrays and objects may nest inside a row */
#define HONE_JSONL_READER_MAX_DEPTH 128

typedef enum {
  HONE_JSONL_FORMAT_AUTO,   /* decided by the first row */
  HONE_JSONL_FORMAT_LINES,  /* JSON Lines: one flat object per line */
  HONE_JSONL_FORMAT_ARRAY,  /* one JSON array of flat objects */
  HONE_JSONL_FORMAT_CHAT,   /* chat files: {"messages": [{"role": …, "content": …}, …]} */
} HoneJsonlFormat;

/* Reads rows of values from a UTF-8 stream (see hone-text-encoding.h), one
 * line or array element at a time: the file is never held in memory.
 *
 * Each row is an object; its keys are the columns, in the order they first
 * appear in the file. Values become text: strings as they are (unescaped),
 * numbers and true/false as their JSON text ("1.50" stays "1.50"), null as no
 * value, and nested arrays and objects as compact JSON text. A key that
 * appears twice in one object is an error (one of the values would be lost).
 *
 * Chat files: each row has "messages", a list of {"role", "content"}. The
 * columns are system, user and assistant (always, in that order). A
 * conversation with more turns keeps every message: the second user message
 * goes to "user 2", the second assistant message to "assistant 2", and so on
 * (any role the same way, like "tool"). Other keys of a message go to
 * "ROLE KEY" ("assistant weight"), other keys of the row to their own
 * column. Content that is not a string (a list of parts) is kept as JSON.
 *
 * JSON Lines: lines end in LF or CRLF; blank lines are skipped. A JSON
 * array may span any number of lines. In AUTO the format is an array when
 * the file starts with "[", and chat when the first row has a "messages"
 * list.
 *
 * Errors name the line and column (in characters). A bad line of JSON Lines,
 * or a bad element of an array whose brackets still match, is recoverable:
 * the next read goes on after it. Broken structure, bytes that are not UTF-8
 * and read errors are fatal. */

HoneJsonlReader   *hone_jsonl_reader_new                (GInputStream     *stream);

void               hone_jsonl_reader_set_format         (HoneJsonlReader  *self,
                                                         HoneJsonlFormat   format);
/* After the first row: LINES, ARRAY or CHAT */
HoneJsonlFormat    hone_jsonl_reader_get_format         (HoneJsonlReader  *self);

/* Returns FALSE at the end (@error not set) or on an error. */
gboolean           hone_jsonl_reader_read_row           (HoneJsonlReader  *self,
                                                         GCancellable     *cancellable,
                                                         GError          **error);
/* The columns seen so far; the number grows as rows bring new keys */
guint              hone_jsonl_reader_get_n_columns      (HoneJsonlReader  *self);
const char        *hone_jsonl_reader_get_column_name    (HoneJsonlReader  *self,
                                                         guint             column);
/* The value of @column in the current row, or NULL when the row has none.
 * Borrowed, NUL-terminated, valid until the next read. */
const char        *hone_jsonl_reader_get_value          (HoneJsonlReader  *self,
                                                         guint             column,
                                                         gsize            *length);
guint64            hone_jsonl_reader_get_row_line       (HoneJsonlReader  *self);
guint64            hone_jsonl_reader_get_n_rows         (HoneJsonlReader  *self);
guint64            hone_jsonl_reader_get_bytes_read     (HoneJsonlReader  *self);

guint64            hone_jsonl_reader_get_error_line     (HoneJsonlReader  *self);
guint64            hone_jsonl_reader_get_error_column   (HoneJsonlReader  *self);
gboolean           hone_jsonl_reader_is_error_recoverable (HoneJsonlReader *self);

G_END_DECLS
