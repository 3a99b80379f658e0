/* hone-importer.h: brings rows of a CSV, TSV, JSON Lines, JSON or chat file into a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-enums.h"
#include "hone-project.h"

G_BEGIN_DECLS

#define HONE_TYPE_IMPORTER (hone_importer_get_type ())

G_DECLARE_FINAL_TYPE (HoneImporter, hone_importer, HONE, IMPORTER, GObject)

typedef enum {
  HONE_IMPORT_FORMAT_AUTO,
  HONE_IMPORT_FORMAT_CSV,
  HONE_IMPORT_FORMAT_TSV,
  HONE_IMPORT_FORMAT_JSONL,
  HONE_IMPORT_FORMAT_JSON,
  HONE_IMPORT_FORMAT_CHAT_JSONL,
} HoneImportFormat;

/* "auto", "csv", "tsv", "jsonl", "json", "chat-jsonl" (hone-cli uses them) */
const char *hone_import_format_to_string   (HoneImportFormat  format);
gboolean    hone_import_format_from_string (const char       *str,
                                            HoneImportFormat *format);
/* "CSV", "JSON Lines (chat)", … for people */
const char *hone_import_format_get_label   (HoneImportFormat  format);

typedef enum {
  HONE_IMPORT_TARGET_NEW_FIELD,
  HONE_IMPORT_TARGET_EXISTING_FIELD,
  HONE_IMPORT_TARGET_SKIP,
} HoneImportTarget;

/* A row that could not be imported */
typedef struct {
  guint64  line;     /* where the row starts */
  guint64  column;   /* character column of a syntax problem; 0 when none */
  char    *field;    /* the field whose value does not fit, or NULL */
  char    *reason;   /* what is wrong, for people, without the place */
  char    *message;  /* "line 12, column 3: …", for people */
} HoneImportProblem;

void               hone_import_problem_free            (HoneImportProblem  *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneImportProblem, hone_import_problem_free)

/* Problems listed at most; more are counted (hone_importer_get_n_skipped()) */
#define HONE_IMPORTER_MAX_PROBLEMS 1000
/* Rows looked at to guess the kind of each column in a preview */
#define HONE_IMPORTER_GUESS_ROWS 1000

/* An importer brings the rows of @source into @project's file, as new
 * examples (source "imported"). Everything lands in one transaction: when
 * the import fails or is cancelled the project is exactly as it was.
 *
 * How it goes: set the options, load a preview (the settings detected, the
 * columns with a guessed kind each, the first rows as they will land), adjust
 * how each column maps to a field, then run. run_finish() rereads the
 * project (hone_project_reload()). The work happens in a worker thread with
 * its own connection to the file; the project object is only used in the
 * thread that created the importer. The project should not be changed while
 * an import runs (the import holds the file's write lock). A caller that can
 * let go of the file (hone_project_close() after the preview, as hone-cli
 * does) makes a big import about twice as fast: alone with the file, the
 * import writes through a rollback journal instead of the write-ahead log
 * (see docs/PERFORMANCE.md); run_finish() then cannot reread the closed
 * project, and the caller opens it again.
 *
 * Columns map by default to the existing field of the same name, or to a new
 * field. A new field whose kind was not chosen gets the kind that fits every
 * value of the whole file (number, yes/no, label, long or short text; see
 * hone_importer_get_column_kind_guess()), and values land exactly as they are
 * in the file. A kind that was chosen, or an existing field, checks each
 * value (hone_field_check_value()) and stores its canonical form (yes → true).
 * Columns that appear only after the preview (keys of later JSON rows) map by
 * the default rule. */

HoneImporter      *hone_importer_new                   (HoneProject        *project,
                                                        GFile              *source);
HoneProject       *hone_importer_get_project           (HoneImporter       *self);
GFile             *hone_importer_get_source            (HoneImporter       *self);

/* Options. Changing one after a preview calls for a new preview. */
void               hone_importer_set_format            (HoneImporter       *self,
                                                        HoneImportFormat    format);
HoneImportFormat   hone_importer_get_format            (HoneImporter       *self);
/* 0 (the default) detects , ; tab or | */
void               hone_importer_set_delimiter         (HoneImporter       *self,
                                                        char                delimiter);
char               hone_importer_get_delimiter         (HoneImporter       *self);
/* NULL (the default) detects UTF-8 and UTF-16 with a byte order mark; any
 * other file fails with HONE_ERROR_ENCODING and needs one */
void               hone_importer_set_encoding          (HoneImporter       *self,
                                                        const char         *encoding);
const char        *hone_importer_get_encoding          (HoneImporter       *self);
/* CSV and TSV: the first row names the columns (default TRUE) */
void               hone_importer_set_has_header        (HoneImporter       *self,
                                                        gboolean            has_header);
gboolean           hone_importer_get_has_header        (HoneImporter       *self);
/* Skip the rows that cannot be imported, and list them (default FALSE: the
 * first one fails the import) */
void               hone_importer_set_skip_bad_rows     (HoneImporter       *self,
                                                        gboolean            skip_bad_rows);
gboolean           hone_importer_get_skip_bad_rows     (HoneImporter       *self);
/* Every row goes to @split (the default: train) */
void               hone_importer_set_split             (HoneImporter       *self,
                                                        HoneSplit           split);
/* Each row goes to validation with probability @validation_fraction, else to
 * train; the same @seed and file give the same splits */
void               hone_importer_set_random_split      (HoneImporter       *self,
                                                        double              validation_fraction,
                                                        guint32             seed);
/* FALSE when every row goes to one split (stored in @split) */
gboolean           hone_importer_get_random_split      (HoneImporter       *self,
                                                        HoneSplit          *split,
                                                        double             *validation_fraction,
                                                        guint32            *seed);

/* Preview: reads the first @max_rows rows (and up to
 * HONE_IMPORTER_GUESS_ROWS to guess kinds). A file that is not UTF-8 fails
 * with HONE_ERROR_ENCODING: set an encoding and load the preview again. */
gboolean           hone_importer_load_preview          (HoneImporter       *self,
                                                        guint               max_rows,
                                                        GCancellable       *cancellable,
                                                        GError            **error);
void               hone_importer_load_preview_async    (HoneImporter       *self,
                                                        guint               max_rows,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gboolean           hone_importer_load_preview_finish   (HoneImporter       *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
gboolean           hone_importer_has_preview           (HoneImporter       *self);

/* What the preview found */
HoneImportFormat   hone_importer_get_detected_format   (HoneImporter       *self);
char               hone_importer_get_detected_delimiter (HoneImporter      *self);
const char        *hone_importer_get_detected_encoding (HoneImporter       *self);
/* TRUE when the preview read the whole file */
gboolean           hone_importer_get_preview_is_complete (HoneImporter     *self);
guint              hone_importer_get_n_columns         (HoneImporter       *self);
/* The column's name in the file (header, key), or "Column 3" */
const char        *hone_importer_get_column_name       (HoneImporter       *self,
                                                        guint               column);
HoneFieldKind      hone_importer_get_column_kind_guess (HoneImporter       *self,
                                                        guint               column);
guint              hone_importer_get_n_preview_rows    (HoneImporter       *self);
guint64            hone_importer_get_preview_row_line  (HoneImporter       *self,
                                                        guint               row);
/* The value as it will land with the current mapping (NULL: empty or
 * skipped). When it will not fit its field, @problem says why. */
const char        *hone_importer_get_preview_value     (HoneImporter       *self,
                                                        guint               row,
                                                        guint               column,
                                                        const char        **problem);
/* Bad rows among those previewed (HoneImportProblem) */
GPtrArray         *hone_importer_get_preview_problems  (HoneImporter       *self);

/* Mapping of the previewed columns */
HoneImportTarget   hone_importer_get_column_target     (HoneImporter       *self,
                                                        guint               column);
/* The name of the new or existing field; NULL when skipped */
const char        *hone_importer_get_column_field_name (HoneImporter       *self,
                                                        guint               column);
HoneFieldKind      hone_importer_get_column_field_kind (HoneImporter       *self,
                                                        guint               column);
/* TRUE when a new field takes the kind that fits the whole file */
gboolean           hone_importer_get_column_kind_is_auto (HoneImporter     *self,
                                                        guint               column);
void               hone_importer_map_column_to_new_field (HoneImporter     *self,
                                                        guint               column,
                                                        const char         *name,
                                                        HoneFieldKind       kind);
/* A new field whose kind is decided by the whole file */
void               hone_importer_map_column_to_new_field_auto (HoneImporter *self,
                                                        guint               column,
                                                        const char         *name);
void               hone_importer_map_column_to_existing_field (HoneImporter *self,
                                                        guint               column,
                                                        const char         *field_name);
void               hone_importer_skip_column           (HoneImporter       *self,
                                                        guint               column);

/* Import. "progress" (0..1) notifies in the thread that called run_async().
 * Cancelling fails with HONE_ERROR_CANCELLED and changes nothing. */
void               hone_importer_run_async             (HoneImporter       *self,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gboolean           hone_importer_run_finish            (HoneImporter       *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
/* The same, blocking (progress still notifies) */
gboolean           hone_importer_run                   (HoneImporter       *self,
                                                        GCancellable       *cancellable,
                                                        GError            **error);
gboolean           hone_importer_is_running            (HoneImporter       *self);
double             hone_importer_get_progress          (HoneImporter       *self);

/* Result of the last run */
guint64            hone_importer_get_n_imported        (HoneImporter       *self);
guint              hone_importer_get_n_fields_created  (HoneImporter       *self);
guint64            hone_importer_get_n_skipped         (HoneImporter       *self);
/* The skipped rows (HoneImportProblem), at most HONE_IMPORTER_MAX_PROBLEMS */
GPtrArray         *hone_importer_get_skipped_rows      (HoneImporter       *self);

/* Turns a column name from a file into a field name Hone accepts: trimmed,
 * without { } [ ] . / or control characters, at most 100 characters;
 * "Column N" (N = @column + 1) when nothing is left. */
char              *hone_importer_make_field_name       (const char         *name,
                                                        guint               column);

G_END_DECLS
