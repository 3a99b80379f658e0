/* hone-fine-tune-sync.h: keeping a project's record of a fine-tune in step
 * with what the provider says about the job
 *
 * The events, losses and checkpoints are kept in the record as JSON of
 * Hone's own (the same for every provider), so the job page shows them
 * offline and after a restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hone-fine-tune-job.h"
#include "hone-fine-tune-record.h"

G_BEGIN_DECLS

/* [{"time":"2026-11-27T10:00:00Z","level":"info","type":…,"message":…,"step":3}] */
char      *hone_fine_tune_events_to_json      (GPtrArray  *events);
/* (element-type HoneFineTuneEvent); empty for NULL or broken JSON */
GPtrArray *hone_fine_tune_events_from_json    (const char *json);
/* [{"step":1,"train_loss":2.5,"eval_loss":null,"learning_rate":1e-05}] */
char      *hone_fine_tune_metrics_to_json     (GArray     *metrics);
/* (element-type HoneFineTuneMetric); NAN for null; empty for NULL or broken */
GArray    *hone_fine_tune_metrics_from_json   (const char *json);
char      *hone_fine_tune_checkpoints_to_json (GPtrArray  *checkpoints);
GPtrArray *hone_fine_tune_checkpoints_from_json (const char *json);

/* Copies what @job says into @record (step "started", job id, status,
 * output model, error, billed tokens and price, finished time when the job
 * is over). Returns whether anything changed. */
gboolean   hone_fine_tune_record_apply_job    (HoneFineTuneRecord    *record,
                                               const HoneFineTuneJob *job);

/* The status of @record as HoneFineTuneStatus (UNKNOWN before a job) */
HoneFineTuneStatus hone_fine_tune_record_get_status (const HoneFineTuneRecord *record);

G_END_DECLS
