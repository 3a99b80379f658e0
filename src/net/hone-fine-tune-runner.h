/* hone-fine-tune-runner.h: starting a fine-tune, step by recorded step,
 * and following it
 *
 * Start: record the fine-tune in the project, render the training and
 * validation files through the templates (kept in the project with the
 * example behind each line), upload them, create the job. The record is
 * written before each step, so a quit, crash or failure at any point
 * leaves a record saying how far it got; resume() takes it from there
 * (finding a job whose answer was lost in the provider's list instead of
 * creating a second one) and discard() gives it up.
 *
 * Refresh: read the job, its events, checkpoints and losses into the
 * record. Cancel: ask the provider to stop the job.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-fine-tune-settings.h"
#include "hone-project.h"
#include "hone-provider.h"

G_BEGIN_DECLS

/**
 * HoneFineTuneRunnerPhase:
 * @HONE_FINE_TUNE_RUNNER_IDLE: nothing running
 * @HONE_FINE_TUNE_RUNNER_PREPARING: rendering the files
 * @HONE_FINE_TUNE_RUNNER_UPLOADING: sending them ("progress" moves)
 * @HONE_FINE_TUNE_RUNNER_CREATING: asking for the job
 * @HONE_FINE_TUNE_RUNNER_CHECKING: looking for a job whose answer was lost
 * @HONE_FINE_TUNE_RUNNER_CLEANING_UP: deleting uploaded files
 */
typedef enum {
  HONE_FINE_TUNE_RUNNER_IDLE,
  HONE_FINE_TUNE_RUNNER_PREPARING,
  HONE_FINE_TUNE_RUNNER_UPLOADING,
  HONE_FINE_TUNE_RUNNER_CREATING,
  HONE_FINE_TUNE_RUNNER_CHECKING,
  HONE_FINE_TUNE_RUNNER_CLEANING_UP,
} HoneFineTuneRunnerPhase;

#define HONE_TYPE_FINE_TUNE_RUNNER (hone_fine_tune_runner_get_type ())

G_DECLARE_FINAL_TYPE (HoneFineTuneRunner, hone_fine_tune_runner, HONE, FINE_TUNE_RUNNER, GObject)

HoneFineTuneRunner *hone_fine_tune_runner_new (HoneProject  *project,
                                               HoneProvider *provider);

HoneProvider *hone_fine_tune_runner_get_provider (HoneFineTuneRunner *self);
/* "phase", "progress" (0…1 of the whole start) and "message" (what is
 * happening, for people) notify as the work goes */
HoneFineTuneRunnerPhase hone_fine_tune_runner_get_phase (HoneFineTuneRunner *self);
double        hone_fine_tune_runner_get_progress (HoneFineTuneRunner *self);
const char   *hone_fine_tune_runner_get_message  (HoneFineTuneRunner *self);
/* The record the last start made, or 0 */
gint64        hone_fine_tune_runner_get_record_id (HoneFineTuneRunner *self);

/* Starts a fine-tune of @model with @settings; @estimate_tokens and
 * @estimate_price (or -1) are kept beside what the provider bills. Returns
 * the record's id. On failure the record stays (see the step it shows). */
void          hone_fine_tune_runner_start_async   (HoneFineTuneRunner         *self,
                                                   const char                 *model,
                                                   const HoneFineTuneSettings *settings,
                                                   gint64                      estimate_tokens,
                                                   double                      estimate_price,
                                                   GCancellable               *cancellable,
                                                   GAsyncReadyCallback         callback,
                                                   gpointer                    user_data);
gint64        hone_fine_tune_runner_start_finish  (HoneFineTuneRunner  *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Goes on with a start that stopped (step preparing, uploading or
 * creating): what was rendered is sent as it was kept */
void          hone_fine_tune_runner_resume_async  (HoneFineTuneRunner  *self,
                                                   gint64               record_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      hone_fine_tune_runner_resume_finish (HoneFineTuneRunner  *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Gives up a start that stopped: a job that did get created is kept and
 * followed instead (HONE_ERROR_EXISTS says so); else the uploaded files
 * are deleted from the provider and the record marked "not started" */
void          hone_fine_tune_runner_discard_async  (HoneFineTuneRunner  *self,
                                                    gint64               record_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      hone_fine_tune_runner_discard_finish (HoneFineTuneRunner  *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Reads the job, its events, checkpoints and losses into the record;
 * @changed says whether anything new came */
void          hone_fine_tune_runner_refresh_async  (HoneFineTuneRunner  *self,
                                                    gint64               record_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      hone_fine_tune_runner_refresh_finish (HoneFineTuneRunner  *self,
                                                    GAsyncResult        *result,
                                                    gboolean            *changed,
                                                    GError             **error);

void          hone_fine_tune_runner_cancel_async   (HoneFineTuneRunner  *self,
                                                    gint64               record_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      hone_fine_tune_runner_cancel_finish  (HoneFineTuneRunner  *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
