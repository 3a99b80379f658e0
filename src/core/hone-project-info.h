/* hone-project-info.h: what the projects list shows of one project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HONE_TYPE_PROJECT_INFO (hone_project_info_get_type ())

G_DECLARE_FINAL_TYPE (HoneProjectInfo, hone_project_info, HONE, PROJECT_INFO, GObject)

/* Properties: "file" (GFile), "name", "n-examples" (gint64), "n-fields" (guint),
 * "modified" (gint64, unix seconds), "last-opened" (gint64), "available"
 * (gboolean: FALSE when the file is missing or cannot be read; then
 * "problem" holds a message for the user). All notify on change. */
HoneProjectInfo *hone_project_info_new             (GFile           *file);
GFile           *hone_project_info_get_file        (HoneProjectInfo *self);
/* absolute path, the key of the index */
const char      *hone_project_info_get_path        (HoneProjectInfo *self);
const char      *hone_project_info_get_name        (HoneProjectInfo *self);
void             hone_project_info_set_name        (HoneProjectInfo *self,
                                                    const char      *name);
gint64           hone_project_info_get_n_examples  (HoneProjectInfo *self);
void             hone_project_info_set_n_examples  (HoneProjectInfo *self,
                                                    gint64           n_examples);
guint            hone_project_info_get_n_fields    (HoneProjectInfo *self);
void             hone_project_info_set_n_fields    (HoneProjectInfo *self,
                                                    guint            n_fields);
gint64           hone_project_info_get_modified    (HoneProjectInfo *self);
void             hone_project_info_set_modified    (HoneProjectInfo *self,
                                                    gint64           modified);
gint64           hone_project_info_get_last_opened (HoneProjectInfo *self);
void             hone_project_info_set_last_opened (HoneProjectInfo *self,
                                                    gint64           last_opened);
gboolean         hone_project_info_get_available   (HoneProjectInfo *self);
const char      *hone_project_info_get_problem     (HoneProjectInfo *self);
/* @problem NULL marks the project available */
void             hone_project_info_set_problem     (HoneProjectInfo *self,
                                                    const char      *problem);

G_END_DECLS
