/* hone-project-index.h: the projects this user has created or opened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-project.h"
#include "hone-project-info.h"

G_BEGIN_DECLS

#define HONE_TYPE_PROJECT_INDEX (hone_project_index_get_type ())

G_DECLARE_FINAL_TYPE (HoneProjectIndex, hone_project_index, HONE, PROJECT_INDEX, GObject)

/* The index is a small SQLite file, by default
 * $XDG_DATA_HOME/hone/projects.sqlite. It is a GListModel of HoneProjectInfo,
 * most recently opened first, kept up to date as entries change. */
GFile            *hone_project_index_get_default_file (void);
/* The directory where new projects are created by default:
 * $XDG_DATA_HOME/hone/projects */
GFile            *hone_project_index_get_default_projects_dir (void);

HoneProjectIndex *hone_project_index_new     (GFile             *index_file,
                                              GError           **error);
GListModel       *hone_project_index_get_model (HoneProjectIndex *self);
HoneProjectInfo  *hone_project_index_lookup  (HoneProjectIndex  *self,
                                              GFile             *file);
/* Adds or updates the entry of an open project (name, counts, modified) and
 * marks it opened now when @opened. Returns the entry (borrowed: the index
 * keeps it), or NULL on error. */
HoneProjectInfo  *hone_project_index_add     (HoneProjectIndex  *self,
                                              HoneProject       *project,
                                              gboolean           opened,
                                              GError           **error);
gboolean          hone_project_index_remove  (HoneProjectIndex  *self,
                                              GFile             *file,
                                              GError           **error);
/* Reads every known project file (read-only) and updates the entries:
 * names, counts, availability. Blocking; see the async variant. */
gboolean          hone_project_index_refresh (HoneProjectIndex  *self,
                                              GCancellable      *cancellable,
                                              GError           **error);
/* Reads the files in a worker thread, applies the result in the main context. */
void              hone_project_index_refresh_async  (HoneProjectIndex    *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean          hone_project_index_refresh_finish (HoneProjectIndex    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
