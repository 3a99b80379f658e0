/* hone-fine-tune-job.h: a fine-tuning job as any provider reports it
 *
 * The Together AI, OpenAI and Fireworks clients all fill these structs, so
 * the UI and the CLI show a job the same way whoever runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * HoneFineTuneStatus:
 * @HONE_FINE_TUNE_STATUS_UNKNOWN: the provider said something Hone does not
 *   know (the raw status says what)
 * @HONE_FINE_TUNE_STATUS_PENDING: accepted, not yet scheduled (also while
 *   the provider validates the files)
 * @HONE_FINE_TUNE_STATUS_QUEUED: waiting for a machine
 * @HONE_FINE_TUNE_STATUS_RUNNING: training, or saving/uploading the result
 * @HONE_FINE_TUNE_STATUS_SUCCEEDED: done; the output model can be used
 * @HONE_FINE_TUNE_STATUS_FAILED: stopped by an error
 * @HONE_FINE_TUNE_STATUS_CANCELLED: stopped by the person
 */
typedef enum {
  HONE_FINE_TUNE_STATUS_UNKNOWN,
  HONE_FINE_TUNE_STATUS_PENDING,
  HONE_FINE_TUNE_STATUS_QUEUED,
  HONE_FINE_TUNE_STATUS_RUNNING,
  HONE_FINE_TUNE_STATUS_SUCCEEDED,
  HONE_FINE_TUNE_STATUS_FAILED,
  HONE_FINE_TUNE_STATUS_CANCELLED,
} HoneFineTuneStatus;

/* "pending", "queued", "running", "succeeded", "failed", "cancelled" or
 * "unknown" (stable, for the CLI and logs) */
const char *hone_fine_tune_status_to_string (HoneFineTuneStatus status);
/* Whether the job will not change any more */
gboolean    hone_fine_tune_status_is_final  (HoneFineTuneStatus status);

/**
 * HoneFineTuneEvent:
 * @created_at: when (NULL if the provider did not say)
 * @level: "info", "warning", "error" … as the provider says, or NULL
 * @type: the provider's event type ("checkpoint_save" …), or NULL
 * @message: the text, for people
 * @step: the training step, or -1
 * @train_loss, @eval_loss: the losses an event of metrics carries (OpenAI
 *   sends one such event per step), or NAN
 */
typedef struct {
  GDateTime *created_at;
  char      *level;
  char      *type;
  char      *message;
  gint64     step;
  double     train_loss;
  double     eval_loss;
} HoneFineTuneEvent;

HoneFineTuneEvent *hone_fine_tune_event_new  (void);
HoneFineTuneEvent *hone_fine_tune_event_copy (const HoneFineTuneEvent *self);
void               hone_fine_tune_event_free (HoneFineTuneEvent       *self);

/**
 * HoneFineTuneCheckpoint:
 * @step: the training step it was saved at, or -1
 * @created_at: when, or NULL
 * @path: where the provider keeps it (a name to pass back to it), or NULL
 * @kind: the provider's checkpoint type ("intermediate", "final" …), or NULL
 */
typedef struct {
  gint64     step;
  GDateTime *created_at;
  char      *path;
  char      *kind;
} HoneFineTuneCheckpoint;

HoneFineTuneCheckpoint *hone_fine_tune_checkpoint_new  (void);
void                    hone_fine_tune_checkpoint_free (HoneFineTuneCheckpoint *self);

/**
 * HoneFineTuneMetric:
 * @step: the training step
 * @train_loss: the training loss there, or NAN
 * @eval_loss: the validation loss there, or NAN
 * @learning_rate: the learning rate there, or NAN
 */
typedef struct {
  gint64 step;
  double train_loss;
  double eval_loss;
  double learning_rate;
} HoneFineTuneMetric;

/**
 * HoneFineTuneJob:
 * @provider: the provider's name, for people ("Together AI")
 * @id: the provider's job id
 * @status: what the job is doing
 * @raw_status: the provider's own word for it ("compressing", "error" …)
 * @base_model: the model being fine-tuned
 * @output_model: the name to call the result by, once there is one
 * @suffix: the suffix asked for, or NULL
 * @training_file, @validation_file: the provider's file ids, or NULL
 * @created_at, @updated_at, @started_at, @finished_at: or NULL
 * @n_epochs: epochs asked for, or -1
 * @epochs_completed: epochs done, or -1
 * @token_count: tokens trained on (all epochs), or -1
 * @total_price: what the job costs in US dollars, or a negative number
 *   when the provider did not say
 * @error_message: why it failed, for people, or NULL
 * @events: (element-type HoneFineTuneEvent): the events the provider sent
 *   with the job, oldest first (often none: list them separately)
 */
typedef struct {
  char               *provider;
  char               *id;
  HoneFineTuneStatus  status;
  char               *raw_status;
  char               *base_model;
  char               *output_model;
  char               *suffix;
  char               *training_file;
  char               *validation_file;
  GDateTime          *created_at;
  GDateTime          *updated_at;
  GDateTime          *started_at;
  GDateTime          *finished_at;
  gint                n_epochs;
  gint                epochs_completed;
  gint64              token_count;
  double              total_price;
  char               *error_message;
  GPtrArray          *events;
} HoneFineTuneJob;

#define HONE_TYPE_FINE_TUNE_JOB (hone_fine_tune_job_get_type ())

GType            hone_fine_tune_job_get_type (void) G_GNUC_CONST;
/* An empty job: every number unknown (-1), status unknown, no events */
HoneFineTuneJob *hone_fine_tune_job_new      (void);
HoneFineTuneJob *hone_fine_tune_job_copy     (const HoneFineTuneJob *self);
void             hone_fine_tune_job_free     (HoneFineTuneJob       *self);

/* An ISO-8601 time or a Unix time in seconds, as providers send them; NULL
 * when @text is NULL or not a time */
GDateTime       *hone_fine_tune_parse_time   (const char            *text);

/**
 * HoneProviderFile:
 * @id: the provider's file id (what a job's training_file names)
 * @filename: the name it was uploaded under, or NULL
 * @bytes: its size, or -1 when the provider did not say
 * @created_at: when it was uploaded, or NULL
 *
 * A file stored at a provider, as its file list reports it (to find and
 * delete uploads left behind by a crash).
 */
typedef struct {
  char      *id;
  char      *filename;
  gint64     bytes;
  GDateTime *created_at;
} HoneProviderFile;

#define HONE_TYPE_PROVIDER_FILE (hone_provider_file_get_type ())

GType             hone_provider_file_get_type (void) G_GNUC_CONST;
HoneProviderFile *hone_provider_file_new      (void);
HoneProviderFile *hone_provider_file_copy     (const HoneProviderFile *self);
void              hone_provider_file_free     (HoneProviderFile       *self);

/* The files in a {"data": [{"id", "filename", "bytes", "created_at"} …]}
 * list, as Together AI and OpenAI send it (created_at in Unix seconds or
 * ISO 8601), in a new array of HoneProviderFile; a HONE_ERROR_PARSE that
 * names @provider_name and what is wrong when the list or a file in it
 * (one without an "id") is not understood */
GPtrArray        *hone_provider_files_parse   (JsonNode               *json,
                                               const char             *provider_name,
                                               GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneFineTuneJob, hone_fine_tune_job_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneFineTuneEvent, hone_fine_tune_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneFineTuneCheckpoint, hone_fine_tune_checkpoint_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneProviderFile, hone_provider_file_free)

G_END_DECLS
