/* hone-ui-test-util.h: main-loop helpers shared by the ui tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

static inline gboolean
hone_ui_test_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds */
static inline void
hone_ui_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, hone_ui_test_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static inline void
hone_ui_test_after_paint_cb (GdkFrameClock *clock,
                             gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits until @widget is mapped and a frame was painted (5 s at most) */
static inline void
hone_ui_test_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gboolean timed_out = FALSE;
  guint timeout_id;
  gulong handler;

  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (hone_ui_test_after_paint_cb), &painted);
  timeout_id = g_timeout_add (5000, hone_ui_test_timeout_cb, &timed_out);
  gtk_widget_queue_draw (widget);

  while (!painted && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (clock, handler);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_true (painted);
}
