/* hone-check-page.h: the Check page: the model, the totals, the estimate
 * and the problems of a project's examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"
#include "hone-dataset-check.h"

G_BEGIN_DECLS

#define HONE_TYPE_CHECK_PAGE (hone_check_page_get_type ())

G_DECLARE_FINAL_TYPE (HoneCheckPage, hone_check_page, HONE, CHECK_PAGE, AdwBin)

/* Problems listed under one group; the group's count is exact */
#define HONE_CHECK_PAGE_MAX_GROUP_ROWS 100

GtkWidget        *hone_check_page_new           (void);
HoneDatasetCheck *hone_check_page_get_check     (HoneCheckPage    *self);
/* The check the page shows (the project window's) */
void              hone_check_page_set_check     (HoneCheckPage    *self,
                                                 HoneDatasetCheck *check);
/* Where a fix's Undo goes (the project window's stack), or NULL */
void              hone_check_page_set_undo_stack (HoneCheckPage   *self,
                                                 HoneUndoStack    *undo_stack);

/* A plain-language title for a problem code ("Too long for the model") */
const char       *hone_check_page_get_code_title (const char      *code);

/* Applies the fix of the problems with @code (the group's button): the
 * examples they name are excluded, removed or moved, as one undoable edit,
 * and a toast says so with Undo. Returns how many examples changed, or -1
 * with @error. */
gint64            hone_check_page_apply_fix     (HoneCheckPage    *self,
                                                 const char       *code,
                                                 GError          **error);

/* For tests: the row of the problems group for @code (an AdwExpanderRow),
 * or NULL; and a row by name: "examples", "tokens", "file", "longest",
 * "epochs", "evaluations", "billed", "price", "ready" (no problems), "model", "cutoff",
 * "stale", "catalog", "target", "type" (LoRA or full; hidden for OpenAI) */
GtkWidget        *hone_check_page_get_group_row (HoneCheckPage    *self,
                                                 const char       *code);
GtkWidget        *hone_check_page_get_row       (HoneCheckPage    *self,
                                                 const char       *name);
/* "empty" (no examples) or "check" */
const char       *hone_check_page_get_state     (HoneCheckPage    *self);

/* Signals:
 *   show-example (gint64 id): a Show button asks for an example in the
 *   Examples grid */

G_END_DECLS
