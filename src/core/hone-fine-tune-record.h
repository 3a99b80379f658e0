/* hone-fine-tune-record.h: what a project remembers of a fine-tune
 *
 * A fine-tune is recorded before anything is sent to a provider and after
 * every step of starting it (files rendered, each file uploaded, the job
 * asked for, the job created), so a quit or a crash in the middle can be
 * resumed or cleaned up at the next start: Hone never forgets a file it
 * uploaded or a job it may have started. Once the job exists, the record
 * keeps what the provider last said about it (status, output model, events,
 * losses, checkpoints, billed tokens and price) so the Fine-tunes page
 * shows it offline, beside Hone's own estimate.
 *
 * With the record, the project keeps the exact files that trained the model
 * (compressed), which example each line came from, the template versions
 * (kept, so they are never edited in place) and the settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hone-enums.h"

G_BEGIN_DECLS

/**
 * HoneFineTuneStep:
 * @HONE_FINE_TUNE_STEP_PREPARING: the files are being rendered; nothing
 *   was sent
 * @HONE_FINE_TUNE_STEP_UPLOADING: files are being uploaded; the ones with
 *   an id are on the provider, one may be half sent
 * @HONE_FINE_TUNE_STEP_CREATING: the job was asked for; the answer did not
 *   arrive (yet), so the job may exist
 * @HONE_FINE_TUNE_STEP_STARTED: the provider has the job (job_id is set)
 * @HONE_FINE_TUNE_STEP_NOT_STARTED: given up before a job existed (the
 *   error message says why); uploaded files were deleted when
 *   files_deleted is set
 */
typedef enum {
  HONE_FINE_TUNE_STEP_PREPARING,
  HONE_FINE_TUNE_STEP_UPLOADING,
  HONE_FINE_TUNE_STEP_CREATING,
  HONE_FINE_TUNE_STEP_STARTED,
  HONE_FINE_TUNE_STEP_NOT_STARTED,
} HoneFineTuneStep;

/* "preparing", "uploading", "creating", "started", "not-started" */
const char *hone_fine_tune_step_to_string   (HoneFineTuneStep  step);
gboolean    hone_fine_tune_step_from_string (const char       *str,
                                             HoneFineTuneStep *step);
/* Whether a start was cut short here (a record Hone must resume or clean up) */
gboolean    hone_fine_tune_step_is_unfinished (HoneFineTuneStep step);

/**
 * HoneFineTuneRecord:
 * @id: the record's id in the project (0 until it is added)
 * @provider_id, @model_id: catalogue ids ("together", the provider's model
 *   name)
 * @base_url: the provider address used, or NULL for the provider's own
 * @upload_name: a name unique to this fine-tune that every uploaded file
 *   starts with, so a file whose upload was cut off can be found again
 * @step: how far starting it got
 * @settings_json: the settings asked for, as JSON (see hone-fine-tune-settings.h)
 * @training_file_id, @validation_file_id: the provider's file ids, or NULL
 * @files_deleted: the uploaded files were deleted from the provider
 * @job_id: the provider's job id, or NULL before there is one
 * @status: the job's status word ("pending", "running", "succeeded" …,
 *   see hone_fine_tune_status_to_string()), or NULL before there is a job
 * @raw_status: the provider's own word for it, or NULL
 * @output_model: the fine-tuned model's name, once there is one
 * @error_message: why it failed or did not start, for people, or NULL
 * @estimate_tokens, @estimate_price: Hone's estimate before the start
 *   (billed tokens, US dollars), or -1
 * @provider_estimate: the provider's own price estimate in US dollars
 *   (Together gives one once the files are sent), or -1
 * @billed_tokens, @billed_price: what the provider reported, or -1
 * @template_versions: the template versions that rendered the files
 * @template_style: the template style they were rendered in
 * @n_train, @n_validation: the number of examples in each file
 * @train_sha256, @validation_sha256: the files' SHA-256, or NULL
 * @created, @updated: Unix times (seconds)
 * @started: when the provider started training it, or 0
 * @finished: when the job ended (as Hone saw it), or 0
 * @events_json, @metrics_json, @checkpoints_json: the provider's last
 *   answers, in Hone's own JSON (see hone-fine-tune-sync.h), or NULL
 */
typedef struct {
  gint64             id;
  char              *provider_id;
  char              *model_id;
  char              *base_url;
  char              *upload_name;
  HoneFineTuneStep   step;
  char              *settings_json;
  char              *training_file_id;
  char              *validation_file_id;
  gboolean           files_deleted;
  char              *job_id;
  char              *status;
  char              *raw_status;
  char              *output_model;
  char              *error_message;
  gint64             estimate_tokens;
  double             estimate_price;
  double             provider_estimate;
  gint64             billed_tokens;
  double             billed_price;
  gint64             template_versions[HONE_N_TEMPLATE_ROLES];
  HoneTemplateStyle  template_style;
  gint64             n_train;
  gint64             n_validation;
  char              *train_sha256;
  char              *validation_sha256;
  gint64             created;
  gint64             updated;
  gint64             started;
  gint64             finished;
  char              *events_json;
  char              *metrics_json;
  char              *checkpoints_json;
} HoneFineTuneRecord;

#define HONE_TYPE_FINE_TUNE_RECORD (hone_fine_tune_record_get_type ())

GType               hone_fine_tune_record_get_type (void) G_GNUC_CONST;
/* Every number unknown (-1), step "preparing", a fresh upload_name */
HoneFineTuneRecord *hone_fine_tune_record_new      (void);
HoneFineTuneRecord *hone_fine_tune_record_copy     (const HoneFineTuneRecord *self);
void                hone_fine_tune_record_free     (HoneFineTuneRecord       *self);

/* Whether the job is over: succeeded, failed or cancelled, or never started */
gboolean            hone_fine_tune_record_is_final (const HoneFineTuneRecord *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneFineTuneRecord, hone_fine_tune_record_free)

/**
 * HoneFineTuneFileRole:
 * @HONE_FINE_TUNE_FILE_TRAIN: the training file
 * @HONE_FINE_TUNE_FILE_VALIDATION: the validation file
 */
typedef enum {
  HONE_FINE_TUNE_FILE_TRAIN,
  HONE_FINE_TUNE_FILE_VALIDATION,
} HoneFineTuneFileRole;

/**
 * HoneFineTuneDataChange:
 * @n_same: examples that trained the model and would render the same now
 * @n_changed: examples that trained it and render differently now (an
 *   edited value, or a template edited since)
 * @n_removed: examples that trained it and are gone or no longer in the
 *   same split
 * @n_added: examples of the split now that did not train it
 * @changed_ids, @removed_ids, @added_ids: (element-type gint64): their ids,
 *   ascending (the first 10,000 of each)
 */
typedef struct {
  gint64  n_same;
  gint64  n_changed;
  gint64  n_removed;
  gint64  n_added;
  GArray *changed_ids;
  GArray *removed_ids;
  GArray *added_ids;
} HoneFineTuneDataChange;

void hone_fine_tune_data_change_free (HoneFineTuneDataChange *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneFineTuneDataChange, hone_fine_tune_data_change_free)

G_END_DECLS
