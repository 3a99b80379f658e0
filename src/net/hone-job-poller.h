/* hone-job-poller.h: following every unfinished fine-tune of a project
 *
 * Each job that has started and is not over is read from its provider
 * (hone_fine_tune_runner_refresh_async()) on a timer of its own: soon after
 * a change, then less and less often while nothing changes (doubling up to
 * the longest interval), and backing off the same way after a failure
 * (the network is down, the key was removed), which is kept for the UI to
 * show. New jobs are picked up through the project's "fine-tune-changed";
 * jobs recorded by an earlier run of Hone are picked up at start, so
 * following resumes after a restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-project.h"
#include "hone-provider.h"

G_BEGIN_DECLS

#define HONE_TYPE_JOB_POLLER (hone_job_poller_get_type ())

G_DECLARE_FINAL_TYPE (HoneJobPoller, hone_job_poller, HONE, JOB_POLLER, GObject)

/* A provider to read @record's job with (a new reference), or NULL and an
 * error saying what is missing ("no API key for Together AI …") */
typedef HoneProvider *(*HoneJobPollerProviderFunc) (const HoneFineTuneRecord  *record,
                                                    gpointer                   user_data,
                                                    GError                   **error);

HoneJobPoller *hone_job_poller_new           (HoneProject               *project,
                                              HoneJobPollerProviderFunc  func,
                                              gpointer                   user_data,
                                              GDestroyNotify             destroy);
/* Default 10 s after a change, up to 5 min */
void           hone_job_poller_set_intervals (HoneJobPoller *self,
                                              guint          min_ms,
                                              guint          max_ms);
/* Starts following the project's unfinished jobs (and new ones) */
void           hone_job_poller_start         (HoneJobPoller *self);
/* Stops every timer and cancels the reads in flight */
void           hone_job_poller_stop          (HoneJobPoller *self);
/* Reads @id's job now (the person asked), whatever its timer says */
void           hone_job_poller_poll_now      (HoneJobPoller *self,
                                              gint64         id);
/* Whether @id is being followed */
gboolean       hone_job_poller_is_following  (HoneJobPoller *self,
                                              gint64         id);
/* Why the last read of @id failed, or NULL */
const char    *hone_job_poller_get_error     (HoneJobPoller *self,
                                              gint64         id);
/* Reads done so far (all jobs; for tests and the debug log) */
guint          hone_job_poller_get_n_polls   (HoneJobPoller *self);

/*
 * Signals:
 *   "job-finished" (gint64 id, const char *status): a job followed here
 *     ended ("succeeded", "failed" or "cancelled")
 *   "poll-failed" (gint64 id, const char *message): a read failed (it is
 *     tried again later)
 *   "polled" (gint64 id, gboolean changed): a read ended
 */

G_END_DECLS
