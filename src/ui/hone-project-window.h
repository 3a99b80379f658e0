/* hone-project-window.h: one window per open project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"
#include "hone-dataset-check.h"
#include "hone-examples-page.h"
#include "dialogs/hone-import-dialog.h"

G_BEGIN_DECLS

#define HONE_TYPE_PROJECT_WINDOW (hone_project_window_get_type ())

G_DECLARE_FINAL_TYPE (HoneProjectWindow, hone_project_window, HONE, PROJECT_WINDOW, AdwApplicationWindow)

/* Page names, in sidebar order; also the values of the "last-page" setting
 * and the argument of the "project.show-page" action. */
#define HONE_PAGE_EXAMPLES   "examples"
#define HONE_PAGE_FIELDS     "fields"
#define HONE_PAGE_TEMPLATES  "templates"
#define HONE_PAGE_CHECK      "check"
#define HONE_PAGE_FINETUNES  "fine-tunes"
#define HONE_PAGE_PLAYGROUND "playground"
#define HONE_PAGE_COMPARE    "compare"
#define HONE_PAGE_SYNTHESIZE "synthesize"
#define HONE_PAGE_FEEDBACK   "feedback"

HoneProjectWindow *hone_project_window_new       (GtkApplication    *application,
                                                  HoneProject       *project);
HoneProject       *hone_project_window_get_project (HoneProjectWindow *self);
/* Shows a page by name; unknown names are ignored with a g_debug. */
void               hone_project_window_show_page (HoneProjectWindow *self,
                                                  const char        *page_name);
const char        *hone_project_window_get_visible_page (HoneProjectWindow *self);
/* The Fine-tunes page with @id's job shown; FALSE when there is no such
 * fine-tune (the page is shown anyway) */
gboolean           hone_project_window_show_fine_tune (HoneProjectWindow *self,
                                                       gint64             id);

/* Actions (installed on the class):
 *   project.import   Ctrl+I  asks for a file, then opens the import dialog
 *   project.export   Ctrl+E  opens the export dialog */

HoneExamplesPage  *hone_project_window_get_examples_page (HoneProjectWindow *self);
/* The check of the project's examples that the Check page, the status bar
 * and the grid's Tokens and Problems columns show */
HoneDatasetCheck  *hone_project_window_get_dataset_check (HoneProjectWindow *self);
void               hone_project_window_add_toast (HoneProjectWindow *self,
                                                  AdwToast          *toast);
/* Opens the import dialog on @file (or presents the one already open);
 * returns it, borrowed */
HoneImportDialog  *hone_project_window_import_file (HoneProjectWindow *self,
                                                  GFile             *file);
/* What dropping @file on the window does: a project (.hone) opens, a file
 * Hone can import opens the import dialog. FALSE (with a toast saying why)
 * for anything else. */
gboolean           hone_project_window_handle_drop (HoneProjectWindow *self,
                                                  GFile             *file);

G_END_DECLS
