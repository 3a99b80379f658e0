/* hone-projects-window.h: the start screen, listing every known project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-application.h"

G_BEGIN_DECLS

#define HONE_TYPE_PROJECTS_WINDOW (hone_projects_window_get_type ())

G_DECLARE_FINAL_TYPE (HoneProjectsWindow, hone_projects_window, HONE, PROJECTS_WINDOW, AdwApplicationWindow)

/* Window actions (installed on the class; "s" parameters are file paths):
 *   projects.rename "s"       asks for a new name
 *   projects.duplicate "s"    copies the project beside itself as “NAME (copy)”
 *   projects.delete "s"       removes it from the list at once, trashes the file
 *                             when the undo toast goes away
 *   projects.forget "s"       removes an entry from the list, keeps the file
 *   projects.undo-delete "s"  undoes a pending delete
 *   projects.search           toggles the search bar (Ctrl+F) */

HoneProjectsWindow *hone_projects_window_new             (HoneApplication    *application);

/* What the window shows: "empty", "list", "no-results" or "error" */
const char         *hone_projects_window_get_visible_state (HoneProjectsWindow *self);
/* The filtered list of HoneProjectInfo the list box shows */
GListModel         *hone_projects_window_get_model       (HoneProjectsWindow *self);
GtkListBox         *hone_projects_window_get_list_box    (HoneProjectsWindow *self);
GtkEditable        *hone_projects_window_get_search_entry (HoneProjectsWindow *self);

void                hone_projects_window_add_toast       (HoneProjectsWindow *self,
                                                          AdwToast           *toast);
/* The toast of the most recent delete while it is pending, or NULL */
AdwToast           *hone_projects_window_get_undo_toast  (HoneProjectsWindow *self);
guint               hone_projects_window_get_n_pending_deletes (HoneProjectsWindow *self);

gboolean            hone_projects_window_rename_project  (HoneProjectsWindow *self,
                                                          GFile              *file,
                                                          const char         *name,
                                                          GError            **error);
gboolean            hone_projects_window_duplicate_project (HoneProjectsWindow *self,
                                                          GFile              *file,
                                                          GFile             **out_file,
                                                          GError            **error);
gboolean            hone_projects_window_delete_project  (HoneProjectsWindow *self,
                                                          GFile              *file,
                                                          GError            **error);
gboolean            hone_projects_window_undo_delete     (HoneProjectsWindow *self,
                                                          GFile              *file,
                                                          GError            **error);
/* What dropping @file on the window does: a project (.hone) opens; a CSV,
 * TSV, JSON Lines or JSON file becomes a new project named after it, with
 * the import dialog open on it (see hone_application_import_file()).
 * FALSE, with a toast or an error dialog saying why, when nothing opened. */
gboolean            hone_projects_window_handle_drop     (HoneProjectsWindow *self,
                                                          GFile              *file);
/* Trashes the files of every pending delete now (on close and quit). */
void                hone_projects_window_finish_pending_deletes (HoneProjectsWindow *self);

G_END_DECLS
