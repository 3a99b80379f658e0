/* hone-fine-tune-runner.c: starting a fine-tune, step by recorded step,
 * and following it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every step writes the record before it acts, so the record never claims
 * less than what may have happened on the provider: "uploading" before the
 * first byte is sent, "creating" before the job is asked for. A failure
 * that certainly left no job (the provider refused the request) ends in
 * "not started"; one that may have (a timeout, a lost answer) stays in
 * "creating" for resume() to settle by looking at the provider's list.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-exporter.h"
#include "hone-fine-tune-runner.h"
#include "hone-fine-tune-sync.h"

struct _HoneFineTuneRunner
{
  GObject                  parent_instance;

  HoneProject             *project;
  HoneProvider            *provider;
  HoneFineTuneRunnerPhase  phase;
  double                   progress;
  char                    *message;
  gint64                   record_id;
};

G_DEFINE_FINAL_TYPE (HoneFineTuneRunner, hone_fine_tune_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PHASE,
  PROP_PROGRESS,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Shares of the whole start in "progress" */
#define PREPARE_SHARE 0.05
#define UPLOAD_SHARE  0.90

static void
hone_fine_tune_runner_dispose (GObject *object)
{
  HoneFineTuneRunner *self = HONE_FINE_TUNE_RUNNER (object);

  g_clear_object (&self->project);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (hone_fine_tune_runner_parent_class)->dispose (object);
}

static void
hone_fine_tune_runner_finalize (GObject *object)
{
  HoneFineTuneRunner *self = HONE_FINE_TUNE_RUNNER (object);

  g_free (self->message);

  G_OBJECT_CLASS (hone_fine_tune_runner_parent_class)->finalize (object);
}

static void
hone_fine_tune_runner_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HoneFineTuneRunner *self = HONE_FINE_TUNE_RUNNER (object);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_int (value, self->phase);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_fine_tune_runner_class_init (HoneFineTuneRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hone_fine_tune_runner_dispose;
  object_class->finalize = hone_fine_tune_runner_finalize;
  object_class->get_property = hone_fine_tune_runner_get_property;

  properties[PROP_PHASE] =
    g_param_spec_int ("phase", NULL, NULL,
                      HONE_FINE_TUNE_RUNNER_IDLE, HONE_FINE_TUNE_RUNNER_CLEANING_UP,
                      HONE_FINE_TUNE_RUNNER_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hone_fine_tune_runner_init (HoneFineTuneRunner *self)
{
}

HoneFineTuneRunner *
hone_fine_tune_runner_new (HoneProject  *project,
                           HoneProvider *provider)
{
  HoneFineTuneRunner *self;

  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);
  g_return_val_if_fail (HONE_IS_PROVIDER (provider), NULL);

  self = g_object_new (HONE_TYPE_FINE_TUNE_RUNNER, NULL);
  self->project = g_object_ref (project);
  self->provider = g_object_ref (provider);
  return self;
}

HoneProvider *
hone_fine_tune_runner_get_provider (HoneFineTuneRunner *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_RUNNER (self), NULL);
  return self->provider;
}

HoneFineTuneRunnerPhase
hone_fine_tune_runner_get_phase (HoneFineTuneRunner *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_RUNNER (self), HONE_FINE_TUNE_RUNNER_IDLE);
  return self->phase;
}

double
hone_fine_tune_runner_get_progress (HoneFineTuneRunner *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_RUNNER (self), 0.0);
  return self->progress;
}

const char *
hone_fine_tune_runner_get_message (HoneFineTuneRunner *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_RUNNER (self), NULL);
  return self->message;
}

gint64
hone_fine_tune_runner_get_record_id (HoneFineTuneRunner *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_RUNNER (self), 0);
  return self->record_id;
}

static void
set_progress (HoneFineTuneRunner *self,
              double              progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (progress == self->progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_phase (HoneFineTuneRunner      *self,
           HoneFineTuneRunnerPhase  phase,
           const char              *message)
{
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (self->phase != phase)
    {
      self->phase = phase;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
    }
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, HONE_ERROR, HONE_ERROR_CANCELLED);
}

/* Whether the provider certainly did not create a job: it answered the
 * request with a refusal (a timeout or a lost answer proves nothing) */
static gboolean
is_refusal (const GError *error)
{
  return g_error_matches (error, HONE_ERROR, HONE_ERROR_INVALID) ||
         g_error_matches (error, HONE_ERROR, HONE_ERROR_AUTH) ||
         g_error_matches (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
}

/* One start, resume, discard, refresh or cancel */
typedef struct {
  HoneFineTuneRecord   *record;
  HoneFineTuneSettings *settings;
  GBytes               *files[2];
  GArray               *row_ids[2];
  guint64               upload_done;   /* bytes of files already sent */
  guint64               upload_total;
  gboolean              changed;
  HoneExporter         *exporter;
  GOutputStream        *memory;
} Run;

static void
run_free (Run *run)
{
  g_clear_pointer (&run->record, hone_fine_tune_record_free);
  g_clear_pointer (&run->settings, hone_fine_tune_settings_free);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&run->files[i], g_bytes_unref);
      g_clear_pointer (&run->row_ids[i], g_array_unref);
    }
  g_clear_object (&run->exporter);
  g_clear_object (&run->memory);
  g_free (run);
}

static GTask *
new_task (HoneFineTuneRunner  *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_new0 (Run, 1), (GDestroyNotify) run_free);
  return task;
}

static Run *
get_run (GTask *task)
{
  return g_task_get_task_data (task);
}

static HoneFineTuneRunner *
get_self (GTask *task)
{
  return g_task_get_source_object (task);
}

static gboolean
save (GTask   *task,
      GError **error)
{
  return hone_project_update_fine_tune (get_self (task)->project, get_run (task)->record, error);
}

/* Ends the work: the record says what happened */
static void
finish (GTask  *task,
        GError *error)
{
  HoneFineTuneRunner *self = get_self (task);

  set_phase (self, HONE_FINE_TUNE_RUNNER_IDLE, error != NULL ? error->message : NULL);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Giving up: after the files were (maybe) sent, they are deleted from the
 * provider, so nothing is left there that the person pays to keep */
typedef struct {
  GTask  *task;
  GError *error;   /* what the task ends with */
} Cleanup;

static void
cleaned_up_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Cleanup *cleanup = user_data;
  GTask *task = cleanup->task;
  Run *run = get_run (task);
  g_autoptr(GError) delete_error = NULL;
  GError *save_error = NULL;
  GError *error = cleanup->error;

  g_free (cleanup);
  if (hone_provider_delete_uploads_finish (HONE_PROVIDER (source), result, NULL, &delete_error))
    run->record->files_deleted = TRUE;
  else
    {
      g_autofree char *message = g_strdup_printf (_("%s The files sent could not be deleted from %s: %s"),
                                                  run->record->error_message,
                                                  hone_provider_get_name (HONE_PROVIDER (source)),
                                                  delete_error->message);
      g_free (run->record->error_message);
      run->record->error_message = g_steal_pointer (&message);
      /* discard() asked for the deletion: its failure is the answer */
      if (g_error_matches (error, HONE_ERROR, HONE_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          error = g_error_new_literal (HONE_ERROR, delete_error->code == HONE_ERROR_CANCELLED ? HONE_ERROR_IO : delete_error->code,
                                       run->record->error_message);
        }
    }

  if (!save (task, &save_error))
    {
      g_clear_error (&error);
      error = save_error;
    }
  finish (task, error);
  g_object_unref (task);
}

/* Marks the record "not started" with @error's message (or @message),
 * deletes what it may have uploaded, and ends with @error */
static void
give_up (GTask      *task,
         GError     *error,
         const char *message)
{
  HoneFineTuneRunner *self = get_self (task);
  Run *run = get_run (task);
  GError *save_error = NULL;
  gboolean sent = run->record->step == HONE_FINE_TUNE_STEP_UPLOADING ||
                  run->record->step == HONE_FINE_TUNE_STEP_CREATING ||
                  run->record->training_file_id != NULL ||
                  run->record->validation_file_id != NULL;
  g_autofree char *text = g_strdup (message != NULL ? message : error->message);

  /* The person's stop: say it in the runner's words, not GIO's */
  if (message != NULL && is_cancelled (error))
    {
      g_clear_error (&error);
      error = g_error_new_literal (HONE_ERROR, HONE_ERROR_CANCELLED, message);
    }

  run->record->step = HONE_FINE_TUNE_STEP_NOT_STARTED;
  g_free (run->record->error_message);
  run->record->error_message = g_steal_pointer (&text);
  if (!sent)
    run->record->files_deleted = TRUE;
  if (!save (task, &save_error))
    {
      g_clear_error (&error);
      finish (task, save_error);
      return;
    }

  if (sent && !run->record->files_deleted)
    {
      const char *known[3] = { NULL, };
      Cleanup *cleanup = g_new0 (Cleanup, 1);
      guint n = 0;

      if (run->record->training_file_id != NULL)
        known[n++] = run->record->training_file_id;
      if (run->record->validation_file_id != NULL)
        known[n++] = run->record->validation_file_id;
      cleanup->task = g_object_ref (task);
      cleanup->error = error;
      set_phase (self, HONE_FINE_TUNE_RUNNER_CLEANING_UP, _("Deleting the files that were sent…"));
      /* Not the task's cancellable: it may be what stopped the start */
      hone_provider_delete_uploads_async (self->provider, run->record->upload_name, known, NULL,
                                          cleaned_up_cb, cleanup);
      return;
    }

  finish (task, error);
}

/* Keeps @error's message in the record (its step stays) and ends with it */
static void
stop_here (GTask  *task,
           GError *error)
{
  Run *run = get_run (task);

  g_free (run->record->error_message);
  run->record->error_message = g_strdup (error->message);
  save (task, NULL);
  finish (task, error);
}

/* Create ------------------------------------------------------------------ */

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneFineTuneRunner *self = get_self (task);
  Run *run = get_run (task);
  GError *error = NULL;

  job = hone_provider_create_finish (HONE_PROVIDER (source), result, &error);
  if (job == NULL)
    {
      if (is_refusal (error))
        give_up (task, error, NULL);
      else
        stop_here (task, error);
      return;
    }

  g_clear_pointer (&run->record->error_message, g_free);
  hone_fine_tune_record_apply_job (run->record, job);
  set_progress (self, 1.0);
  if (!save (task, &error))
    {
      finish (task, error);
      return;
    }
  finish (task, NULL);
}

static void
create_job (GTask *task);

/* Together's own estimate, asked once the files are there: kept beside
 * Hone's, and a "no" for lack of credit stops the start before a job
 * that would fail */
static void
provider_estimated_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = get_run (task);
  HoneProviderEstimate estimate;
  g_autoptr(GError) error = NULL;

  if (!hone_provider_estimate_finish (HONE_PROVIDER (source), result, &estimate, &error))
    {
      /* Advice only: the job can start without it */
      g_debug ("No price estimate from the provider: %s", error->message);
      create_job (task);
      return;
    }

  if (estimate.available)
    run->record->provider_estimate = estimate.price;
  if (estimate.available && !estimate.allowed)
    {
      g_autofree char *message = NULL;

      if (estimate.user_limit >= 0)
        message = g_strdup_printf (_("%s estimates this fine-tune at $%.2f, more than your account allows ($%.2f). Add credit or raise the limit on its site, then start again."),
                                   hone_provider_get_name (HONE_PROVIDER (source)), estimate.price, estimate.user_limit);
      else
        message = g_strdup_printf (_("%s estimates this fine-tune at $%.2f and says your account cannot pay for it. Add credit on its site, then start again."),
                                   hone_provider_get_name (HONE_PROVIDER (source)), estimate.price);
      give_up (task, g_error_new_literal (HONE_ERROR, HONE_ERROR_INVALID, message), NULL);
      return;
    }
  create_job (task);
}

static void
ask_provider_estimate (GTask *task)
{
  HoneFineTuneRunner *self = get_self (task);
  Run *run = get_run (task);

  set_phase (self, HONE_FINE_TUNE_RUNNER_CREATING, _("Asking for the provider’s price estimate…"));
  hone_provider_estimate_async (self->provider, run->record->model_id,
                                run->record->training_file_id, run->record->validation_file_id,
                                run->settings, g_task_get_cancellable (task),
                                provider_estimated_cb, g_object_ref (task));
}

static void
create_job (GTask *task)
{
  HoneFineTuneRunner *self = get_self (task);
  Run *run = get_run (task);
  GError *error = NULL;

  run->record->step = HONE_FINE_TUNE_STEP_CREATING;
  if (!save (task, &error))
    {
      finish (task, error);
      return;
    }

  set_phase (self, HONE_FINE_TUNE_RUNNER_CREATING, _("Starting the fine-tune…"));
  set_progress (self, PREPARE_SHARE + UPLOAD_SHARE);
  hone_provider_create_async (self->provider, run->record->model_id,
                              run->record->training_file_id, run->record->validation_file_id,
                              run->record->upload_name, run->settings,
                              g_task_get_cancellable (task), created_cb, g_object_ref (task));
}

/* Uploads ----------------------------------------------------------------- */

static void upload_next (GTask *task);

static void
upload_progress_cb (guint64  sent,
                    guint64  total,
                    gpointer user_data)
{
  GTask *task = user_data;
  Run *run = get_run (task);

  if (run->upload_total > 0)
    set_progress (get_self (task),
                  PREPARE_SHARE + UPLOAD_SHARE * (double) (run->upload_done + sent) / run->upload_total);
}

static void
uploaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = get_run (task);
  GError *error = NULL;
  g_autofree char *id = hone_provider_upload_finish (HONE_PROVIDER (source), result, &error);

  if (id == NULL)
    {
      if (is_cancelled (error))
        give_up (task, error, _("Stopped while sending the files."));
      else
        stop_here (task, error);
      return;
    }

  if (run->record->training_file_id == NULL)
    {
      run->record->training_file_id = g_steal_pointer (&id);
      run->upload_done += g_bytes_get_size (run->files[HONE_FINE_TUNE_FILE_TRAIN]);
    }
  else
    {
      run->record->validation_file_id = g_steal_pointer (&id);
      run->upload_done += g_bytes_get_size (run->files[HONE_FINE_TUNE_FILE_VALIDATION]);
    }
  if (!save (task, &error))
    {
      finish (task, error);
      return;
    }
  upload_next (task);
}

static void
upload_next (GTask *task)
{
  HoneFineTuneRunner *self = get_self (task);
  Run *run = get_run (task);
  HoneFineTuneFileRole role;
  g_autofree char *name = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      give_up (task, g_error_new_literal (HONE_ERROR, HONE_ERROR_CANCELLED,
                                          _("Stopped while sending the files.")), NULL);
      return;
    }

  if (run->record->training_file_id == NULL)
    role = HONE_FINE_TUNE_FILE_TRAIN;
  else if (run->files[HONE_FINE_TUNE_FILE_VALIDATION] != NULL && run->record->validation_file_id == NULL)
    role = HONE_FINE_TUNE_FILE_VALIDATION;
  else
    {
      ask_provider_estimate (task);
      return;
    }

  set_phase (self, HONE_FINE_TUNE_RUNNER_UPLOADING,
             role == HONE_FINE_TUNE_FILE_TRAIN ? _("Sending the training examples…")
                                               : _("Sending the validation examples…"));
  name = g_strconcat (run->record->upload_name,
                      role == HONE_FINE_TUNE_FILE_TRAIN ? "-train" : "-validation", NULL);
  hone_provider_upload_async (self->provider, run->files[role], name,
                              run->row_ids[role] != NULL ? (gint64) run->row_ids[role]->len : -1,
                              upload_progress_cb, task,
                              g_task_get_cancellable (task), uploaded_cb, g_object_ref (task));
}

static void
start_uploads (GTask *task)
{
  Run *run = get_run (task);
  GError *error = NULL;

  run->upload_total = 0;
  run->upload_done = 0;
  for (guint i = 0; i < 2; i++)
    if (run->files[i] != NULL)
      run->upload_total += g_bytes_get_size (run->files[i]);
  if (run->record->training_file_id != NULL)
    run->upload_done += g_bytes_get_size (run->files[HONE_FINE_TUNE_FILE_TRAIN]);

  run->record->step = HONE_FINE_TUNE_STEP_UPLOADING;
  if (!save (task, &error))
    {
      finish (task, error);
      return;
    }
  upload_next (task);
}

/* Preparing --------------------------------------------------------------- */

static void export_split (GTask *task, HoneFineTuneFileRole role);

/* After the file of @role is kept (or there is none): the next file, or
 * the uploads */
static void
prepared (GTask                *task,
          HoneFineTuneFileRole  role)
{
  HoneFineTuneRunner *self = get_self (task);

  if (role == HONE_FINE_TUNE_FILE_TRAIN)
    {
      set_progress (self, PREPARE_SHARE / 2);
      export_split (task, HONE_FINE_TUNE_FILE_VALIDATION);
      return;
    }

  set_progress (self, PREPARE_SHARE);
  start_uploads (task);
}

/* Compressing and checksumming a file of 100 MB takes seconds: a worker
 * thread does it, with nothing but the bytes (see hone_fine_tune_file_pack()) */
typedef struct {
  GTask                *task;    /* the start */
  HoneFineTuneFileRole  role;
  GBytes               *bytes;
  GArray               *ids;
} PackJob;

static void
pack_job_free (PackJob *job)
{
  g_clear_object (&job->task);
  g_bytes_unref (job->bytes);
  g_array_unref (job->ids);
  g_free (job);
}

static void
pack_worker (GTask        *pack_task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PackJob *job = task_data;
  GError *error = NULL;
  HoneFineTuneFilePack *pack = hone_fine_tune_file_pack (job->bytes, job->ids, &error);

  if (pack == NULL)
    g_task_return_error (pack_task, error);
  else
    g_task_return_pointer (pack_task, pack, (GDestroyNotify) hone_fine_tune_file_pack_free);
}

static void
packed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PackJob *job = g_task_get_task_data (G_TASK (result));
  /* Let go of the start here, on its own thread: the worker may drop the
   * pack task (and the job) last */
  g_autoptr(GTask) task = g_steal_pointer (&job->task);
  HoneFineTuneRunner *self = get_self (task);
  Run *run = get_run (task);
  g_autoptr(HoneFineTuneFilePack) pack = NULL;
  GError *error = NULL;

  pack = g_task_propagate_pointer (G_TASK (result), &error);
  if (pack == NULL ||
      !hone_project_store_fine_tune_pack (self->project, run->record->id, job->role, pack, &error))
    {
      give_up (task, error, NULL);
      return;
    }

  run->files[job->role] = g_bytes_ref (job->bytes);
  run->row_ids[job->role] = g_array_ref (job->ids);
  if (job->role == HONE_FINE_TUNE_FILE_TRAIN)
    {
      run->record->n_train = job->ids->len;
      run->record->train_sha256 = g_strdup (hone_fine_tune_file_pack_get_sha256 (pack));
    }
  else
    {
      run->record->n_validation = job->ids->len;
      run->record->validation_sha256 = g_strdup (hone_fine_tune_file_pack_get_sha256 (pack));
    }
  prepared (task, job->role);
}

static void
pack_file (GTask                *task,
           HoneFineTuneFileRole  role,
           GBytes               *bytes,
           GArray               *ids)
{
  g_autoptr(GTask) pack_task = g_task_new (NULL, NULL, packed_cb, NULL);
  PackJob *job = g_new0 (PackJob, 1);

  job->task = g_object_ref (task);
  job->role = role;
  job->bytes = g_bytes_ref (bytes);
  job->ids = g_array_ref (ids);
  g_task_set_task_data (pack_task, job, (GDestroyNotify) pack_job_free);
  g_task_run_in_thread (pack_task, pack_worker);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = get_run (task);
  HoneExporter *exporter = HONE_EXPORTER (source);
  HoneFineTuneFileRole role = run->files[HONE_FINE_TUNE_FILE_TRAIN] == NULL
                              ? HONE_FINE_TUNE_FILE_TRAIN : HONE_FINE_TUNE_FILE_VALIDATION;
  g_autoptr(GBytes) bytes = NULL;
  GArray *ids;
  GError *error = NULL;

  if (!hone_exporter_export_finish (exporter, result, &error))
    {
      give_up (task, error, is_cancelled (error) ? _("Stopped while preparing the files; nothing was sent.") : NULL);
      return;
    }

  g_output_stream_close (run->memory, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (run->memory));
  ids = hone_exporter_get_written_ids (exporter);
  g_clear_object (&run->memory);

  if (role == HONE_FINE_TUNE_FILE_TRAIN && (ids == NULL || ids->len == 0))
    {
      give_up (task, g_error_new_literal (HONE_ERROR, HONE_ERROR_INVALID,
                                          _("There are no training examples to fine-tune on. Add examples, or move some from Excluded to Training.")),
               NULL);
      return;
    }

  if (ids != NULL && ids->len > 0)
    {
      pack_file (task, role, bytes, ids);
      return;
    }

  prepared (task, role);
}

static void
export_split (GTask                *task,
              HoneFineTuneFileRole  role)
{
  HoneFineTuneRunner *self = get_self (task);
  Run *run = get_run (task);

  g_clear_object (&run->exporter);
  run->exporter = hone_exporter_new (self->project, HONE_EXPORT_FORMAT_CHAT_JSONL);
  hone_exporter_set_split (run->exporter, role == HONE_FINE_TUNE_FILE_TRAIN ? HONE_SPLIT_TRAIN
                                                                             : HONE_SPLIT_VALIDATION);
  hone_exporter_set_keep_ids (run->exporter, TRUE);
  run->memory = g_memory_output_stream_new_resizable ();
  hone_exporter_export_to_stream_async (run->exporter, run->memory, g_task_get_cancellable (task),
                                        exported_cb, g_object_ref (task));
}

void
hone_fine_tune_runner_start_async (HoneFineTuneRunner         *self,
                                   const char                 *model,
                                   const HoneFineTuneSettings *settings,
                                   gint64                      estimate_tokens,
                                   double                      estimate_price,
                                   GCancellable               *cancellable,
                                   GAsyncReadyCallback         callback,
                                   gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Run *run;

  g_return_if_fail (HONE_IS_FINE_TUNE_RUNNER (self));
  g_return_if_fail (model != NULL && settings != NULL);

  task = new_task (self, hone_fine_tune_runner_start_async, cancellable, callback, user_data);
  run = get_run (task);
  run->settings = hone_fine_tune_settings_copy (settings);
  run->record = hone_fine_tune_record_new ();
  run->record->provider_id = g_strdup (hone_provider_get_id (self->provider));
  run->record->model_id = g_strdup (model);
  run->record->base_url = g_strdup (hone_provider_get_base_url (self->provider));
  run->record->settings_json = hone_fine_tune_settings_to_json (settings);
  run->record->estimate_tokens = estimate_tokens;
  run->record->estimate_price = estimate_price;
  run->record->template_style = hone_project_get_template_style (self->project);
  if (settings->account_id != NULL)
    hone_provider_set_account_id (self->provider, settings->account_id);

  set_progress (self, 0.0);
  set_phase (self, HONE_FINE_TUNE_RUNNER_PREPARING, _("Preparing the files…"));

  /* The versions that render the files are kept: a later edit makes a new
   * version and this fine-tune still points at what trained it */
  if (!hone_project_keep_templates (self->project, run->record->template_versions, &error) ||
      hone_project_add_fine_tune (self->project, run->record, &error) == 0)
    {
      finish (task, error);
      return;
    }
  self->record_id = run->record->id;

  export_split (task, HONE_FINE_TUNE_FILE_TRAIN);
}

gint64
hone_fine_tune_runner_start_finish (HoneFineTuneRunner  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return 0;
  return get_run (G_TASK (result))->record->id;
}

/* Resume, discard --------------------------------------------------------- */

/* Loads the record and its settings into the run; FALSE (and the task
 * ended) when it cannot */
static gboolean
load_record (GTask  *task,
             gint64  record_id)
{
  HoneFineTuneRunner *self = get_self (task);
  Run *run = get_run (task);
  GError *error = NULL;

  run->record = hone_project_get_fine_tune (self->project, record_id, &error);
  if (run->record != NULL)
    run->settings = hone_fine_tune_settings_from_json (run->record->settings_json, &error);
  if (run->settings == NULL)
    {
      finish (task, error);
      return FALSE;
    }
  if (g_strcmp0 (run->record->provider_id, hone_provider_get_id (self->provider)) != 0)
    {
      finish (task, g_error_new (HONE_ERROR, HONE_ERROR_INVALID,
                                 _("Fine-tune %" G_GINT64_FORMAT " runs on another provider (%s)."),
                                 record_id, run->record->provider_id));
      return FALSE;
    }
  if (run->settings->account_id != NULL)
    hone_provider_set_account_id (self->provider, run->settings->account_id);
  return TRUE;
}

/* Whether @job is the one this record asked for */
static gboolean
job_matches (const HoneFineTuneJob    *job,
             const HoneFineTuneRecord *record)
{
  if (job->training_file != NULL && record->training_file_id != NULL &&
      g_str_equal (job->training_file, record->training_file_id))
    return TRUE;
  /* Fireworks' job id is the name Hone gave it ("accounts/A/…/NAME") */
  return job->id != NULL && record->upload_name != NULL &&
         (g_str_equal (job->id, record->upload_name) ||
          (g_str_has_suffix (job->id, record->upload_name) &&
           job->id[strlen (job->id) - strlen (record->upload_name) - 1] == '/'));
}

typedef enum {
  AFTER_CHECK_CREATE,    /* resume: no job found, ask for it */
  AFTER_CHECK_GIVE_UP,   /* discard: no job found, give up */
} AfterCheck;

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) jobs = NULL;
  Run *run = get_run (task);
  AfterCheck after = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "after-check"));
  GError *error = NULL;

  jobs = hone_provider_list_jobs_finish (HONE_PROVIDER (source), result, &error);
  if (jobs == NULL)
    {
      /* Without the list nothing can be settled: the step stays */
      finish (task, error);
      return;
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      HoneFineTuneJob *job = g_ptr_array_index (jobs, i);

      if (!job_matches (job, run->record))
        continue;

      g_clear_pointer (&run->record->error_message, g_free);
      hone_fine_tune_record_apply_job (run->record, job);
      if (!save (task, &error))
        {
          finish (task, error);
          return;
        }
      if (after == AFTER_CHECK_GIVE_UP)
        finish (task, g_error_new (HONE_ERROR, HONE_ERROR_EXISTS,
                                   _("The fine-tune had started on %s after all (job %s). Hone follows it now; cancel it if you do not want it."),
                                   hone_provider_get_name (get_self (task)->provider), job->id));
      else
        finish (task, NULL);
      return;
    }

  if (after == AFTER_CHECK_CREATE)
    create_job (task);
  else
    give_up (task, g_error_new_literal (HONE_ERROR, HONE_ERROR_CANCELLED, _("Given up before it started.")),
             NULL);
}

static void
check_for_job (GTask      *task,
               AfterCheck  after)
{
  HoneFineTuneRunner *self = get_self (task);

  g_object_set_data (G_OBJECT (task), "after-check", GINT_TO_POINTER (after));
  set_phase (self, HONE_FINE_TUNE_RUNNER_CHECKING,
             _("Looking for the fine-tune on the provider…"));
  hone_provider_list_jobs_async (self->provider, g_task_get_cancellable (task),
                                 checked_cb, g_object_ref (task));
}

void
hone_fine_tune_runner_resume_async (HoneFineTuneRunner  *self,
                                    gint64               record_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;
  GError *error = NULL;

  g_return_if_fail (HONE_IS_FINE_TUNE_RUNNER (self));

  task = new_task (self, hone_fine_tune_runner_resume_async, cancellable, callback, user_data);
  if (!load_record (task, record_id))
    return;
  run = get_run (task);
  self->record_id = record_id;
  g_clear_pointer (&run->record->error_message, g_free);

  switch (run->record->step)
    {
    case HONE_FINE_TUNE_STEP_PREPARING:
      /* Nothing was sent; the files are rendered again */
      give_up (task,
               g_error_new_literal (HONE_ERROR, HONE_ERROR_CANCELLED,
                                    _("Hone stopped while preparing the files; nothing was sent. Start the fine-tune again.")),
               NULL);
      return;

    case HONE_FINE_TUNE_STEP_UPLOADING:
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GError) local_error = NULL;

          run->files[i] = hone_project_dup_fine_tune_file (self->project, record_id, i,
                                                           &run->row_ids[i], &local_error);
          if (run->files[i] == NULL && !g_error_matches (local_error, HONE_ERROR, HONE_ERROR_NOT_FOUND))
            {
              finish (task, g_steal_pointer (&local_error));
              return;
            }
        }
      if (run->files[HONE_FINE_TUNE_FILE_TRAIN] == NULL)
        {
          finish (task, g_error_new_literal (HONE_ERROR, HONE_ERROR_CORRUPT,
                                             _("The training file of this fine-tune is missing from the project: give it up and start again.")));
          return;
        }
      set_progress (self, PREPARE_SHARE);
      start_uploads (task);
      return;

    case HONE_FINE_TUNE_STEP_CREATING:
      check_for_job (task, AFTER_CHECK_CREATE);
      return;

    case HONE_FINE_TUNE_STEP_STARTED:
    case HONE_FINE_TUNE_STEP_NOT_STARTED:
    default:
      error = g_error_new_literal (HONE_ERROR, HONE_ERROR_INVALID,
                                   _("This fine-tune is not waiting to be resumed."));
      finish (task, error);
      return;
    }
}

gboolean
hone_fine_tune_runner_resume_finish (HoneFineTuneRunner  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
hone_fine_tune_runner_discard_async (HoneFineTuneRunner  *self,
                                     gint64               record_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (HONE_IS_FINE_TUNE_RUNNER (self));

  task = new_task (self, hone_fine_tune_runner_discard_async, cancellable, callback, user_data);
  if (!load_record (task, record_id))
    return;
  run = get_run (task);

  if (run->record->step == HONE_FINE_TUNE_STEP_STARTED)
    {
      finish (task, g_error_new_literal (HONE_ERROR, HONE_ERROR_INVALID,
                                         _("This fine-tune has started: cancel it instead.")));
      return;
    }

  /* A job may exist when the answer to "create" was lost */
  if (run->record->step == HONE_FINE_TUNE_STEP_CREATING)
    {
      check_for_job (task, AFTER_CHECK_GIVE_UP);
      return;
    }

  give_up (task, g_error_new_literal (HONE_ERROR, HONE_ERROR_CANCELLED, _("Given up before it started.")),
           run->record->step == HONE_FINE_TUNE_STEP_NOT_STARTED ? run->record->error_message : NULL);
}

gboolean
hone_fine_tune_runner_discard_finish (HoneFineTuneRunner  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  /* Giving up is what was asked: its own "cancelled" is success */
  if (!g_task_propagate_boolean (G_TASK (result), &local_error) &&
      !g_error_matches (local_error, HONE_ERROR, HONE_ERROR_CANCELLED))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_clear_error (&local_error);
  return TRUE;
}

/* Refresh, cancel --------------------------------------------------------- */

static void
set_json (char     **ptr,
          char      *json,
          gboolean  *changed)
{
  if (g_strcmp0 (*ptr, json) != 0)
    {
      g_free (*ptr);
      *ptr = json;
      *changed = TRUE;
    }
  else
    g_free (json);
}

static void refresh_step (GTask *task, guint step);

static void
refresh_part_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HoneProvider *provider = HONE_PROVIDER (source);
  Run *run = get_run (task);
  guint step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "refresh-step"));
  g_autoptr(GError) error = NULL;

  switch (step)
    {
    case 0:
      {
        g_autoptr(HoneFineTuneJob) job = hone_provider_get_job_finish (provider, result, &error);

        if (job == NULL)
          {
            finish (task, g_steal_pointer (&error));
            return;
          }
        run->changed |= hone_fine_tune_record_apply_job (run->record, job);
      }
      break;
    case 1:
      {
        g_autoptr(GPtrArray) events = hone_provider_list_events_finish (provider, result, &error);
        if (events != NULL)
          set_json (&run->record->events_json, hone_fine_tune_events_to_json (events), &run->changed);
      }
      break;
    case 2:
      {
        g_autoptr(GPtrArray) checkpoints = hone_provider_list_checkpoints_finish (provider, result, &error);
        if (checkpoints != NULL)
          set_json (&run->record->checkpoints_json, hone_fine_tune_checkpoints_to_json (checkpoints), &run->changed);
      }
      break;
    case 3:
    default:
      {
        g_autoptr(GArray) metrics = hone_provider_get_metrics_finish (provider, result, &error);
        if (metrics != NULL)
          set_json (&run->record->metrics_json, hone_fine_tune_metrics_to_json (metrics), &run->changed);
      }
      break;
    }

  /* The job's own state is what matters; a list that failed keeps what
   * was shown before and is asked again next time */
  if (error != NULL)
    g_debug ("Refreshing fine-tune %" G_GINT64_FORMAT ": %s", run->record->id, error->message);

  refresh_step (task, step + 1);
}

static void
refresh_step (GTask *task,
              guint  step)
{
  HoneFineTuneRunner *self = get_self (task);
  Run *run = get_run (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *job_id = run->record->job_id;
  GError *error = NULL;

  g_object_set_data (G_OBJECT (task), "refresh-step", GUINT_TO_POINTER (step));
  switch (step)
    {
    case 0:
      hone_provider_get_job_async (self->provider, job_id, cancellable, refresh_part_cb, g_object_ref (task));
      return;
    case 1:
      hone_provider_list_events_async (self->provider, job_id, cancellable, refresh_part_cb, g_object_ref (task));
      return;
    case 2:
      hone_provider_list_checkpoints_async (self->provider, job_id, cancellable, refresh_part_cb, g_object_ref (task));
      return;
    case 3:
      if (hone_provider_has_metrics (self->provider))
        {
          hone_provider_get_metrics_async (self->provider, job_id, cancellable, refresh_part_cb, g_object_ref (task));
          return;
        }
      G_GNUC_FALLTHROUGH;
    default:
      if (run->changed && !save (task, &error))
        {
          finish (task, error);
          return;
        }
      g_task_return_boolean (task, TRUE);
      return;
    }
}

void
hone_fine_tune_runner_refresh_async (HoneFineTuneRunner  *self,
                                     gint64               record_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HONE_IS_FINE_TUNE_RUNNER (self));

  task = new_task (self, hone_fine_tune_runner_refresh_async, cancellable, callback, user_data);
  if (!load_record (task, record_id))
    return;
  if (get_run (task)->record->job_id == NULL)
    {
      finish (task, g_error_new_literal (HONE_ERROR, HONE_ERROR_INVALID,
                                         _("This fine-tune has no job on the provider yet.")));
      return;
    }
  refresh_step (task, 0);
}

gboolean
hone_fine_tune_runner_refresh_finish (HoneFineTuneRunner  *self,
                                      GAsyncResult        *result,
                                      gboolean            *changed,
                                      GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (changed != NULL)
    *changed = get_run (G_TASK (result))->changed;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(HoneFineTuneJob) job = NULL;
  GError *error = NULL;

  job = hone_provider_cancel_finish (HONE_PROVIDER (source), result, &error);
  if (job == NULL)
    {
      finish (task, error);
      return;
    }
  hone_fine_tune_record_apply_job (get_run (task)->record, job);
  if (!save (task, &error))
    {
      finish (task, error);
      return;
    }
  finish (task, NULL);
}

void
hone_fine_tune_runner_cancel_async (HoneFineTuneRunner  *self,
                                    gint64               record_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HONE_IS_FINE_TUNE_RUNNER (self));

  task = new_task (self, hone_fine_tune_runner_cancel_async, cancellable, callback, user_data);
  if (!load_record (task, record_id))
    return;
  if (get_run (task)->record->job_id == NULL)
    {
      finish (task, g_error_new_literal (HONE_ERROR, HONE_ERROR_INVALID,
                                         _("This fine-tune has no job on the provider to cancel.")));
      return;
    }
  hone_provider_cancel_async (self->provider, get_run (task)->record->job_id, cancellable,
                              cancelled_cb, g_object_ref (task));
}

gboolean
hone_fine_tune_runner_cancel_finish (HoneFineTuneRunner  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
