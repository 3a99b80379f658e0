/* hone-export-dialog.h: writes a project's examples to a CSV, TSV or JSON Lines file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"
#include "hone-exporter.h"

G_BEGIN_DECLS

#define HONE_TYPE_EXPORT_DIALOG (hone_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HoneExportDialog, hone_export_dialog, HONE, EXPORT_DIALOG, AdwWindow)

/* A small modal window over @parent (the project's window): the format
 * (CSV, TSV, JSON Lines of the raw values, or chat JSON Lines rendered
 * through the templates) and which examples (all, one split, or the rows
 * selected in the window's grid when there are some); Export asks
 * where to save ("PROJECT.csv" suggested), then writes the file off the main
 * thread with a progress bar and Cancel. On success @parent (a
 * HoneProjectWindow) shows "Exported 25 examples to press.csv" and the
 * dialog closes; errors are shown in it.
 *
 * Actions: export.choose-file (the Export button), export.cancel. */
HoneExportDialog *hone_export_dialog_new             (GtkWindow        *parent,
                                                      HoneProject      *project);
HoneProject      *hone_export_dialog_get_project     (HoneExportDialog *self);

void              hone_export_dialog_set_format      (HoneExportDialog *self,
                                                      HoneExportFormat  format);
HoneExportFormat  hone_export_dialog_get_format      (HoneExportDialog *self);
/* HONE_SPLIT_ANY for every example */
void              hone_export_dialog_set_split       (HoneExportDialog *self,
                                                      HoneSplit         split);
HoneSplit         hone_export_dialog_get_split       (HoneExportDialog *self);

/* The examples that "Selected examples (N)" exports (any order; none
 * removes the choice). hone_export_dialog_new() takes them from the grid of
 * @parent when it is a HoneProjectWindow with rows selected. */
void              hone_export_dialog_set_selection   (HoneExportDialog *self,
                                                      const gint64     *ids,
                                                      guint             n_ids);
guint             hone_export_dialog_get_n_selected  (HoneExportDialog *self);
/* Whether "Selected examples" is chosen (only when there is a selection) */
void              hone_export_dialog_set_use_selection (HoneExportDialog *self,
                                                      gboolean          use_selection);
gboolean          hone_export_dialog_get_use_selection (HoneExportDialog *self);
/* Chat JSONL: leave out the examples that cannot be rendered (or give an
 * empty message) instead of failing; the toast counts them */
void              hone_export_dialog_set_skip_bad_examples (HoneExportDialog *self,
                                                      gboolean          skip);
gboolean          hone_export_dialog_get_skip_bad_examples (HoneExportDialog *self);

/* "PROJECT.csv": the name the save dialog suggests */
char             *hone_export_dialog_dup_suggested_name (HoneExportDialog *self);
/* Writes the chosen examples to @dest, as the save dialog's Save does (tests
 * call it directly) */
void              hone_export_dialog_export_to_file  (HoneExportDialog *self,
                                                      GFile            *dest);

/* "idle", "running" */
const char       *hone_export_dialog_get_state       (HoneExportDialog *self);
/* The error shown, or NULL */
const char       *hone_export_dialog_get_message     (HoneExportDialog *self);
/* The toast shown on the project window after an export, or NULL */
AdwToast         *hone_export_dialog_get_result_toast (HoneExportDialog *self);

/* "Exported 25 examples to press.csv" */
char             *hone_export_dialog_format_result   (guint64           n_exported,
                                                      const char       *file_name);

G_END_DECLS
