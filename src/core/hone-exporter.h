/* hone-exporter.h: writes the examples of a project as CSV, TSV or JSON
 * Lines, or rendered through its templates as chat JSON Lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-enums.h"
#include "hone-project.h"

G_BEGIN_DECLS

#define HONE_TYPE_EXPORTER (hone_exporter_get_type ())

G_DECLARE_FINAL_TYPE (HoneExporter, hone_exporter, HONE, EXPORTER, GObject)

typedef enum {
  HONE_EXPORT_FORMAT_CSV,
  HONE_EXPORT_FORMAT_TSV,
  HONE_EXPORT_FORMAT_JSONL,
  HONE_EXPORT_FORMAT_CHAT_JSONL,
} HoneExportFormat;

/* "csv", "tsv", "jsonl", "chat-jsonl" (hone-cli uses them) */
const char   *hone_export_format_to_string   (HoneExportFormat   format);
gboolean      hone_export_format_from_string (const char        *str,
                                              HoneExportFormat  *format);
/* ".csv", ".tsv", ".jsonl", ".jsonl" */
const char   *hone_export_format_get_extension (HoneExportFormat format);

/* Writes the raw values of the examples, one row or object per example in
 * id order, columns or keys the fields in field order.
 *
 * CSV and TSV: UTF-8 without a byte order mark, rows end in CRLF, the first
 * row names the fields. A value is quoted (with quotes doubled) when it holds
 * the delimiter, a quote, a CR or LF, or starts or ends with a space or tab;
 * quoted values keep their line ends byte for byte. An empty value is an
 * empty field (Hone does not tell empty from missing). So a file Hone
 * exports imports again with exactly the same values.
 *
 * JSON Lines: one object per example; every field is a key, null when the
 * example has no value. Text is a JSON string with exactly the stored
 * characters. A number field's value is a JSON number when its stored text is
 * one as written ("1.50", "-3e2": the same bytes), else a string ("007",
 * "+5", ".5"), so no value changes. A yes/no field's value is true or false.
 *
 * Chat JSON Lines: each example rendered through the project's templates
 * (see hone-prompt.h), one {"messages":[{"role":"system","content":…},…]}
 * line each, or {"prompt":…,"completion":…} in the prompt/completion
 * template style; the format providers train on. Excluded examples are left
 * out unless the split asked for is "excluded". The templates are compiled
 * once, before anything is written: one that does not compile fails the
 * export with HONE_ERROR_PARSE naming it and its line and column, and a
 * user or assistant template that is not written fails it with
 * HONE_ERROR_INVALID. An example that fails to render, or whose user or
 * assistant message is empty (or only white space), fails the export with
 * HONE_ERROR_INVALID naming the example's id and the template, unless
 * hone_exporter_set_skip_bad_examples() was set: it is then left out and
 * counted (hone_exporter_get_n_skipped()).
 *
 * The work happens in a worker thread with its own connection to the file,
 * reading one consistent snapshot. The destination is written through a
 * temporary file beside it (".NAME.XXXXXXXX.part") that is renamed over it
 * at the end, so a failed or cancelled export leaves the destination as it
 * was and no half file behind. */

HoneExporter *hone_exporter_new              (HoneProject       *project,
                                              HoneExportFormat   format);
HoneExportFormat hone_exporter_get_format    (HoneExporter      *self);
/* HONE_SPLIT_ANY (the default) for every split */
void          hone_exporter_set_split        (HoneExporter      *self,
                                              HoneSplit          split);
/* Only these examples (NULL for all of the split) */
void          hone_exporter_set_example_ids  (HoneExporter      *self,
                                              const gint64      *ids,
                                              guint              n_ids);
/* Chat JSON Lines: leave out the examples that cannot be rendered or give
 * an empty message, instead of failing (off by default) */
void          hone_exporter_set_skip_bad_examples (HoneExporter *self,
                                              gboolean           skip);

void          hone_exporter_export_async     (HoneExporter      *self,
                                              GFile             *dest,
                                              GCancellable      *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer           user_data);
/* The same into @stream (written from a worker thread: a memory stream or
 * another stream nobody else uses meanwhile); finish with export_finish() */
void          hone_exporter_export_to_stream_async (HoneExporter  *self,
                                              GOutputStream     *stream,
                                              GCancellable      *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer           user_data);
gboolean      hone_exporter_export_finish    (HoneExporter      *self,
                                              GAsyncResult      *result,
                                              GError           **error);
/* Blocking: to a file (through a temporary file), or to a stream (standard
 * output); "progress" notifies either way. */
gboolean      hone_exporter_export           (HoneExporter      *self,
                                              GFile             *dest,
                                              GCancellable      *cancellable,
                                              GError           **error);
gboolean      hone_exporter_export_to_stream (HoneExporter      *self,
                                              GOutputStream     *stream,
                                              GCancellable      *cancellable,
                                              GError           **error);

gboolean      hone_exporter_is_running       (HoneExporter      *self);
double        hone_exporter_get_progress     (HoneExporter      *self);
/* Examples written by the last export */
guint64       hone_exporter_get_n_exported   (HoneExporter      *self);
/* Examples the last export left out (skip_bad_examples), and the ids of
 * the first 10,000 of them (gint64, ascending; owned by the exporter) */
guint64       hone_exporter_get_n_skipped    (HoneExporter      *self);
GArray       *hone_exporter_get_skipped_ids  (HoneExporter      *self);
/* Chat JSON Lines: remember which example each written line came from
 * (off by default; a fine-tune keeps them with its files) */
void          hone_exporter_set_keep_ids     (HoneExporter      *self,
                                              gboolean           keep_ids);
/* (element-type gint64): the example of each line of the last export, in
 * line order, or NULL when not kept */
GArray       *hone_exporter_get_written_ids  (HoneExporter      *self);

G_END_DECLS
