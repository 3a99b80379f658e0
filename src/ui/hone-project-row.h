/* hone-project-row.h: one project in the projects list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"

G_BEGIN_DECLS

#define HONE_TYPE_PROJECT_ROW (hone_project_row_get_type ())

G_DECLARE_FINAL_TYPE (HoneProjectRow, hone_project_row, HONE, PROJECT_ROW, AdwActionRow)

GtkWidget       *hone_project_row_new      (HoneProjectInfo *info);
HoneProjectInfo *hone_project_row_get_info (HoneProjectRow  *self);

/* "just now", "5 minutes ago", "3 hours ago", "yesterday", "12 March",
 * "12 March 2023" for @time relative to @now (both unix seconds). */
char            *hone_project_row_format_time    (gint64           time,
                                                  gint64           now);
/* "25 examples · 6 fields · changed 3 hours ago" */
char            *hone_project_row_format_summary (HoneProjectInfo *info,
                                                  gint64           now);

G_END_DECLS
