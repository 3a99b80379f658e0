/* hone-check-status.h: the line at the bottom of a project window that
 * sums up the check of its examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-dataset-check.h"

G_BEGIN_DECLS

#define HONE_TYPE_CHECK_STATUS (hone_check_status_get_type ())

G_DECLARE_FINAL_TYPE (HoneCheckStatus, hone_check_status, HONE, CHECK_STATUS, AdwBin)

/* A flat button: "Qwen3 8B on Together AI · 12,345 tokens · ≈ $0.42 ·
 * 2 errors, 3 warnings" (or "… · Checking…"); clicking it shows the Check
 * page (the project.show-page action). */
GtkWidget        *hone_check_status_new       (void);
void              hone_check_status_set_check (HoneCheckStatus  *self,
                                               HoneDatasetCheck *check);
/* The text shown */
const char       *hone_check_status_get_text  (HoneCheckStatus  *self);

G_END_DECLS
