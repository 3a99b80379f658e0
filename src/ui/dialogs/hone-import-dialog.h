/* hone-import-dialog.h: brings the rows of a CSV, TSV, JSON Lines or JSON file into a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"
#include "hone-importer.h"

G_BEGIN_DECLS

#define HONE_TYPE_IMPORT_DIALOG (hone_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HoneImportDialog, hone_import_dialog, HONE, IMPORT_DIALOG, AdwWindow)

/* Rows of the file the preview shows */
#define HONE_IMPORT_DIALOG_PREVIEW_ROWS 50

/* A modal window over @parent (the project's window) that reads @source,
 * shows the first rows as they will land, lets the person choose the format,
 * delimiter, encoding, how each column maps to a field and which split the
 * rows go to, and imports them off the main thread.
 *
 * On success it reloads the Examples page of @parent (a HoneProjectWindow),
 * shows a toast there ("Imported 1,204 examples") and closes. Errors and a
 * cancelled import keep it open with the project unchanged. It cannot be
 * closed while an import runs, except by its Cancel button.
 *
 * Actions: import.start (the Import button), import.cancel (stops a running
 * import, or closes the dialog).
 *
 * Signal "finished" (gboolean imported): emitted once, when the import
 * succeeded (TRUE) or the person closed the dialog (FALSE); not when the
 * dialog is destroyed with its window (say, as Hone quits). */
HoneImportDialog *hone_import_dialog_new              (GtkWindow        *parent,
                                                       HoneProject      *project,
                                                       GFile            *source);
HoneProject      *hone_import_dialog_get_project      (HoneImportDialog *self);
GFile            *hone_import_dialog_get_source       (HoneImportDialog *self);
HoneImporter     *hone_import_dialog_get_importer     (HoneImportDialog *self);

/* The project was created for this file: the dialog says so, and that a
 * cancel takes the project away again (the caller does that on "finished") */
void              hone_import_dialog_set_new_project  (HoneImportDialog *self,
                                                       gboolean          new_project);
gboolean          hone_import_dialog_get_new_project  (HoneImportDialog *self);

/* What the dialog shows: "loading" (a preview is being read), "preview",
 * "error" (no preview: the message says why), "running" */
const char       *hone_import_dialog_get_state        (HoneImportDialog *self);
/* The message shown above the settings (an error, the encoding notice, a
 * stopped import), or NULL */
const char       *hone_import_dialog_get_message      (HoneImportDialog *self);
/* The preview: one row per previewed row; a "Line" column, then one column
 * per column of the file */
GtkColumnView    *hone_import_dialog_get_preview_view (HoneImportDialog *self);
/* The toast shown on the project window after a successful import (kept for
 * tests), or NULL */
AdwToast         *hone_import_dialog_get_result_toast (HoneImportDialog *self);

/* "Imported 1,204 examples", "Imported 1 example · 3 rows skipped" */
char             *hone_import_dialog_format_result    (guint64           n_imported,
                                                       guint64           n_skipped);

/* A window listing skipped rows (HoneImportProblem) with their line and
 * reason, over @parent; @n_skipped may exceed the rows listed. */
GtkWindow        *hone_import_dialog_show_skipped_rows (GtkWindow       *parent,
                                                       const char       *file_name,
                                                       GPtrArray        *problems,
                                                       guint64           n_skipped);

/* A file chooser for files Hone imports (CSV, TSV, JSON Lines, JSON), with
 * filters; the caller connects "response" and shows it. */
GtkFileChooserNative *hone_import_dialog_new_file_chooser (GtkWindow    *parent,
                                                       const char       *title);
/* TRUE for a file name Hone imports by its extension (.csv, .tsv, .tab,
 * .txt, .jsonl, .ndjson, .json) */
gboolean          hone_import_dialog_is_importable_name (const char     *name);

G_END_DECLS
