/* hone-fine-tune-view.h: one fine-tune in detail, on the Fine-tunes page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the project's record says of a job: its status over time, why it
 * failed, the loss curve, the provider's events and checkpoints, the
 * model it made (with Copy and Open in Playground), the settings sent,
 * Hone's estimate beside the price billed, and the examples it trained
 * on. Its buttons activate the page's finetune.* actions (cancel,
 * refresh, copy) and win.open-in-playground.
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"
#include "hone-loss-chart.h"

G_BEGIN_DECLS

#define HONE_TYPE_FINE_TUNE_VIEW (hone_fine_tune_view_get_type ())

G_DECLARE_FINAL_TYPE (HoneFineTuneView, hone_fine_tune_view, HONE, FINE_TUNE_VIEW, AdwBin)

GtkWidget     *hone_fine_tune_view_new         (void);
/* Shows @record (a copy is kept); NULL shows nothing */
void           hone_fine_tune_view_set_record  (HoneFineTuneView         *self,
                                                const HoneFineTuneRecord *record);
const HoneFineTuneRecord *hone_fine_tune_view_get_record (HoneFineTuneView *self);
/* The project, to say what changed in its data since the fine-tune */
void           hone_fine_tune_view_set_project (HoneFineTuneView         *self,
                                                HoneProject              *project);
/* "2 examples changed … since", once worked out; NULL before */
const char    *hone_fine_tune_view_get_changes_text (HoneFineTuneView *self);
/* 0 when showing nothing */
gint64         hone_fine_tune_view_get_id      (HoneFineTuneView         *self);
/* Why following the job fails now (the poller's last error), or NULL */
void           hone_fine_tune_view_set_problem (HoneFineTuneView         *self,
                                                const char               *problem);
/* Whether a Cancel or Refresh is on its way (the buttons wait) */
void           hone_fine_tune_view_set_busy    (HoneFineTuneView         *self,
                                                gboolean                  busy);

/* For tests */
HoneLossChart *hone_fine_tune_view_get_chart       (HoneFineTuneView *self);
const char    *hone_fine_tune_view_get_status_text (HoneFineTuneView *self);
/* The fine-tuned model's name as shown, or "" */
const char    *hone_fine_tune_view_get_output_text (HoneFineTuneView *self);
/* "Hone estimated 19,371 tokens, ≈ $0.01; Together AI billed …" */
const char    *hone_fine_tune_view_get_price_text  (HoneFineTuneView *self);
/* Whether the Cancel button is offered */
gboolean       hone_fine_tune_view_can_cancel      (HoneFineTuneView *self);
guint          hone_fine_tune_view_get_n_events    (HoneFineTuneView *self);
guint          hone_fine_tune_view_get_n_checkpoints (HoneFineTuneView *self);

G_END_DECLS
