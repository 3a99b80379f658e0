/* hone-loss-chart.h: training and validation loss against the training
 * step, for a fine-tuning job
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hone-fine-tune-job.h"

G_BEGIN_DECLS

#define HONE_TYPE_LOSS_CHART (hone_loss_chart_get_type ())

G_DECLARE_FINAL_TYPE (HoneLossChart, hone_loss_chart, HONE, LOSS_CHART, GtkWidget)

GtkWidget   *hone_loss_chart_new            (void);

/* Replaces the points shown with a copy of METRICS (N of them, in any
 * order: they are sorted by step). NAN in a loss means "not reported". */
void         hone_loss_chart_set_metrics    (HoneLossChart            *self,
                                             const HoneFineTuneMetric *metrics,
                                             guint                     n);

/* How many metrics the chart holds (after set_metrics) */
guint        hone_loss_chart_get_n_points   (HoneLossChart            *self);

/* The step under the pointer: TRUE and *STEP set while one is highlighted */
gboolean     hone_loss_chart_get_hover_step (HoneLossChart            *self,
                                             gint64                   *step);

/* The one-sentence summary also given as the accessible description
 * ("Training loss 2.31 → 0.84 over 120 steps; …"); owned by the chart */
const char  *hone_loss_chart_get_summary    (HoneLossChart            *self);

G_END_DECLS
