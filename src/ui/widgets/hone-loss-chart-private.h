/* hone-loss-chart-private.h: the parts of HoneLossChart the tests reach
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hone-loss-chart.h"

G_BEGIN_DECLS

/* Tick values for an axis from MIN to MAX: at most MAX_TICKS (2 or more)
 * multiples of a 1, 2 or 5 × 10^k step, the first at or below MIN and the
 * last at or above MAX. OUT holds MAX_TICKS values; *N gets how many were
 * written. MIN == MAX gets a range around the value. Returns FALSE (and
 * *N = 0) for a non-finite MIN or MAX or MAX_TICKS < 2. */
gboolean     hone_loss_chart_nice_ticks     (double                    min,
                                             double                    max,
                                             guint                     max_ticks,
                                             double                   *out,
                                             guint                    *n);

/* The label for tick VALUE on an axis whose ticks are STEP apart: as
 * many decimals as STEP needs, in exponent form when STEP is below 1e-4 or
 * 1e5 and above */
char        *hone_loss_chart_format_tick    (double                    value,
                                             double                    step);

/* What the pointer at (X, Y) in widget coordinates does: highlights the
 * nearest step, or nothing when outside the plot */
void         hone_loss_chart_hover_at       (HoneLossChart            *self,
                                             double                    x,
                                             double                    y);
void         hone_loss_chart_hover_clear    (HoneLossChart            *self);

/* Where STEP is drawn, in widget coordinates at the current size (NAN when
 * nothing is drawn) */
double       hone_loss_chart_x_for_step     (HoneLossChart            *self,
                                             gint64                    step);

/* The colours the lines are drawn with, from the current style */
void         hone_loss_chart_get_colors     (HoneLossChart            *self,
                                             GdkRGBA                  *train,
                                             GdkRGBA                  *eval);

G_END_DECLS
