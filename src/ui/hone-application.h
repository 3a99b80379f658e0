/* hone-application.h: the Hone application, its projects index and app actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"
#include "dialogs/hone-import-dialog.h"

G_BEGIN_DECLS

#define HONE_TYPE_APPLICATION (hone_application_get_type ())

G_DECLARE_FINAL_TYPE (HoneApplication, hone_application, HONE, APPLICATION, AdwApplication)

HoneApplication  *hone_application_new            (void);
/* The index of known projects; NULL when it could not be opened (see
 * hone_application_get_index_error()). */
HoneProjectIndex *hone_application_get_index      (HoneApplication  *self);
const GError     *hone_application_get_index_error (HoneApplication *self);
GSettings        *hone_application_get_settings   (HoneApplication  *self);

/* Presents the window of @file if one is open, or opens the project, adds it
 * to the index and opens its window. */
gboolean          hone_application_open_project   (HoneApplication  *self,
                                                   GFile            *file,
                                                   GError          **error);
/* Creates a new, empty project called @name in the default projects folder
 * and opens its window. */
gboolean          hone_application_create_project (HoneApplication  *self,
                                                   const char       *name,
                                                   GFile           **out_file,
                                                   GError          **error);
/* Creates a new project named after @file ("press.csv" makes "press"),
 * opens its window and the import dialog on @file over it. If that first
 * import is cancelled, the new project is deleted again, with Undo on the
 * projects window. Returns the dialog (borrowed). */
HoneImportDialog *hone_application_import_file    (HoneApplication  *self,
                                                   GFile            *file,
                                                   GError          **error);
/* Opens the sample project, creating it first when there is none yet. */
gboolean          hone_application_open_sample    (HoneApplication  *self,
                                                   GError          **error);

/* The window of an open project, or NULL */
GtkWindow        *hone_application_find_project_window (HoneApplication *self,
                                                   GFile            *file);
/* The start screen, created when there is none yet */
GtkWindow        *hone_application_get_projects_window (HoneApplication *self);

/* Shows @error in an AdwMessageDialog over the projects window (or the
 * active window): @heading names what failed. */
void              hone_application_show_error     (HoneApplication  *self,
                                                   GtkWindow        *parent,
                                                   const char       *heading,
                                                   const GError     *error);

/* A dialog asking for a project name (a GtkEntry as its extra child, Enter
 * accepts, @accept_response is disabled while the name is empty). */
AdwMessageDialog *hone_name_dialog_new            (GtkWindow        *parent,
                                                   const char       *heading,
                                                   const char       *body,
                                                   const char       *initial,
                                                   const char       *accept_response,
                                                   const char       *accept_label);
/* The name typed, without leading or trailing space */
char             *hone_name_dialog_dup_name       (AdwMessageDialog *dialog);

G_END_DECLS
