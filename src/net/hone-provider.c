/* hone-provider.c: one way to fine-tune, whichever provider trains
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each call starts the matching call of the provider's client and finishes
 * an outer GTask with its result, so callers see one API. What a provider
 * does not have (losses on OpenAI and Fireworks, checkpoints and events on
 * Fireworks) answers with an empty list, never an error.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-fireworks.h"
#include "hone-openai.h"
#include "hone-provider.h"
#include "hone-together.h"

typedef enum {
  KIND_TOGETHER,
  KIND_FIREWORKS,
  KIND_OPENAI,
} Kind;

struct _HoneProvider
{
  GObject        parent_instance;

  Kind           kind;
  char          *id;
  char          *base_url;
  HoneTogether  *together;
  HoneFireworks *fireworks;
  HoneOpenAI    *openai;
};

G_DEFINE_FINAL_TYPE (HoneProvider, hone_provider, G_TYPE_OBJECT)

static void
hone_provider_finalize (GObject *object)
{
  HoneProvider *self = HONE_PROVIDER (object);

  g_clear_object (&self->together);
  g_clear_object (&self->fireworks);
  g_clear_object (&self->openai);
  g_free (self->id);
  g_free (self->base_url);

  G_OBJECT_CLASS (hone_provider_parent_class)->finalize (object);
}

static void
hone_provider_class_init (HoneProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hone_provider_finalize;
}

static void
hone_provider_init (HoneProvider *self)
{
}

gboolean
hone_provider_can_train (const char *provider_id)
{
  return g_strcmp0 (provider_id, "together") == 0 ||
         g_strcmp0 (provider_id, "fireworks") == 0 ||
         g_strcmp0 (provider_id, "openai") == 0;
}

const char *
hone_provider_base_url_variable (const char *provider_id)
{
  if (g_strcmp0 (provider_id, "together") == 0)
    return "HONE_TOGETHER_BASE_URL";
  if (g_strcmp0 (provider_id, "fireworks") == 0)
    return "HONE_FIREWORKS_BASE_URL";
  if (g_strcmp0 (provider_id, "openai") == 0)
    return "HONE_OPENAI_BASE_URL";
  return NULL;
}

HoneProvider *
hone_provider_new (const char   *provider_id,
                   SoupSession  *session,
                   const char   *api_key,
                   const char   *base_url,
                   GError      **error)
{
  g_autoptr(HoneProvider) self = NULL;

  if (!hone_provider_can_train (provider_id))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("Hone cannot fine-tune on “%s”. Choose Together AI (together), Fireworks AI (fireworks) or OpenAI (openai)."),
                   provider_id != NULL ? provider_id : "");
      return NULL;
    }

  /* A gateway or proxy in front of the provider (and the tests' fake) */
  if (base_url == NULL || base_url[0] == '\0')
    base_url = g_getenv (hone_provider_base_url_variable (provider_id));
  if (base_url != NULL && base_url[0] == '\0')
    base_url = NULL;

  self = g_object_new (HONE_TYPE_PROVIDER, NULL);
  self->id = g_strdup (provider_id);
  self->base_url = g_strdup (base_url);
  if (g_str_equal (provider_id, "together"))
    {
      self->kind = KIND_TOGETHER;
      self->together = hone_together_new (session, api_key);
      if (base_url != NULL)
        hone_together_set_base_url (self->together, base_url);
    }
  else if (g_str_equal (provider_id, "fireworks"))
    {
      self->kind = KIND_FIREWORKS;
      self->fireworks = hone_fireworks_new (session, api_key, NULL);
      if (base_url != NULL)
        hone_fireworks_set_base_url (self->fireworks, base_url);
    }
  else
    {
      self->kind = KIND_OPENAI;
      self->openai = hone_openai_new (session, api_key);
      if (base_url != NULL)
        hone_openai_set_base_url (self->openai, base_url);
    }

  return g_steal_pointer (&self);
}

const char *
hone_provider_get_id (HoneProvider *self)
{
  g_return_val_if_fail (HONE_IS_PROVIDER (self), NULL);
  return self->id;
}

const char *
hone_provider_get_base_url (HoneProvider *self)
{
  g_return_val_if_fail (HONE_IS_PROVIDER (self), NULL);
  return self->base_url;
}

const char *
hone_provider_get_name (HoneProvider *self)
{
  g_return_val_if_fail (HONE_IS_PROVIDER (self), NULL);

  switch (self->kind)
    {
    case KIND_TOGETHER:
      return "Together AI";
    case KIND_FIREWORKS:
      return "Fireworks AI";
    case KIND_OPENAI:
    default:
      return "OpenAI";
    }
}

void
hone_provider_set_retry_policy (HoneProvider          *self,
                                const HoneRetryPolicy *policy)
{
  g_return_if_fail (HONE_IS_PROVIDER (self));

  if (self->together != NULL)
    hone_together_set_retry_policy (self->together, policy);
  if (self->fireworks != NULL)
    hone_fireworks_set_retry_policy (self->fireworks, policy);
  if (self->openai != NULL)
    hone_openai_set_retry_policy (self->openai, policy);
}

void
hone_provider_set_account_id (HoneProvider *self,
                              const char   *account_id)
{
  g_return_if_fail (HONE_IS_PROVIDER (self));

  if (self->fireworks != NULL)
    hone_fireworks_set_account_id (self->fireworks, account_id);
}

void
hone_provider_set_today (HoneProvider *self,
                         GDateTime    *today)
{
  g_return_if_fail (HONE_IS_PROVIDER (self));

  if (self->openai != NULL)
    hone_openai_set_today (self->openai, today);
}

gboolean
hone_provider_has_metrics (HoneProvider *self)
{
  g_return_val_if_fail (HONE_IS_PROVIDER (self), FALSE);
  /* Fireworks has no loss report in its API (its SDK reads none) */
  return self->kind != KIND_FIREWORKS;
}

/* Plumbing: the client's callback finishes the outer task ---------------- */

static gpointer
finish_pointer (HoneProvider  *self,
                GAsyncResult  *result,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef enum {
  RESULT_STRING,
  RESULT_JOB,
  RESULT_ARRAY,
  RESULT_GARRAY,
} ResultKind;

static void
return_pointer (GTask      *task,
                gpointer    value,
                GError     *error,
                ResultKind  kind)
{
  GDestroyNotify destroy = NULL;

  if (value == NULL && error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  switch (kind)
    {
    case RESULT_STRING:
      destroy = g_free;
      break;
    case RESULT_JOB:
      destroy = (GDestroyNotify) hone_fine_tune_job_free;
      break;
    case RESULT_ARRAY:
      destroy = (GDestroyNotify) g_ptr_array_unref;
      break;
    case RESULT_GARRAY:
      destroy = (GDestroyNotify) g_array_unref;
      break;
    }
  g_task_return_pointer (task, value, destroy);
}

/* Upload ------------------------------------------------------------------ */

static void
upload_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *id = NULL;

  if (HONE_IS_TOGETHER (source))
    id = hone_together_upload_finish (HONE_TOGETHER (source), result, &error);
  else if (HONE_IS_FIREWORKS (source))
    id = hone_fireworks_upload_dataset_finish (HONE_FIREWORKS (source), result, &error);
  else
    id = hone_openai_upload_finish (HONE_OPENAI (source), result, &error);

  return_pointer (task, id, error, RESULT_STRING);
}

void
hone_provider_upload_async (HoneProvider             *self,
                            GBytes                   *contents,
                            const char               *name,
                            gint64                    n_examples,
                            HoneProviderProgressFunc  progress,
                            gpointer                  progress_data,
                            GCancellable             *cancellable,
                            GAsyncReadyCallback       callback,
                            gpointer                  user_data)
{
  GTask *task;
  g_autofree char *file_name = NULL;

  g_return_if_fail (HONE_IS_PROVIDER (self));
  g_return_if_fail (contents != NULL && name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_provider_upload_async);
  file_name = g_strconcat (name, ".jsonl", NULL);

  switch (self->kind)
    {
    case KIND_TOGETHER:
      hone_together_upload_bytes_async (self->together, contents, file_name,
                                        (HoneTogetherProgressFunc) progress, progress_data,
                                        cancellable, upload_done_cb, task);
      break;
    case KIND_FIREWORKS:
      hone_fireworks_upload_dataset_async (self->fireworks, name, name, n_examples,
                                           contents, file_name,
                                           (HoneFireworksProgressFunc) progress, progress_data,
                                           cancellable, upload_done_cb, task);
      break;
    case KIND_OPENAI:
    default:
      hone_openai_upload_bytes_async (self->openai, contents, file_name,
                                      (HoneOpenAIProgressFunc) progress, progress_data,
                                      cancellable, upload_done_cb, task);
      break;
    }
}

char *
hone_provider_upload_finish (HoneProvider  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_pointer (self, result, error);
}

/* Create ------------------------------------------------------------------ */

/* @settings as Together's; the strings are borrowed */
static void
to_together (HoneTogetherFineTuneSettings *s,
             const char                   *model,
             const char                   *training_file,
             const char                   *validation_file,
             const HoneFineTuneSettings   *settings)
{
  hone_together_fine_tune_settings_init (s);
  s->model = model;
  s->training_file = training_file;
  s->validation_file = validation_file;
  s->suffix = settings->suffix;
  s->n_epochs = settings->n_epochs;
  s->n_evals = validation_file != NULL ? settings->n_evals : -1;
  s->n_checkpoints = settings->n_checkpoints;
  s->batch_size = settings->batch_size;
  s->learning_rate = settings->learning_rate;
  s->lora = settings->lora == 0 ? HONE_TOGETHER_LORA_OFF
          : settings->lora == 1 ? HONE_TOGETHER_LORA_ON : HONE_TOGETHER_LORA_DEFAULT;
  if (settings->lora != 0 && (settings->lora_rank > 0 || settings->lora_alpha > 0))
    {
      /* Together wants both: alpha twice the rank when only the rank is
       * given (the usual choice; the review shows it) */
      s->lora_r = settings->lora_rank > 0 ? settings->lora_rank : MAX (settings->lora_alpha / 2, 1);
      s->lora_alpha = settings->lora_alpha > 0 ? settings->lora_alpha : 2 * settings->lora_rank;
    }
  s->has_seed = settings->has_seed;
  s->seed = settings->seed;
}

static void
create_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  HoneFineTuneJob *job;

  if (HONE_IS_TOGETHER (source))
    job = hone_together_create_fine_tune_finish (HONE_TOGETHER (source), result, &error);
  else if (HONE_IS_FIREWORKS (source))
    job = hone_fireworks_create_job_finish (HONE_FIREWORKS (source), result, &error);
  else
    job = hone_openai_create_fine_tune_finish (HONE_OPENAI (source), result, &error);

  return_pointer (task, job, error, RESULT_JOB);
}

void
hone_provider_create_async (HoneProvider               *self,
                            const char                 *model,
                            const char                 *training_file,
                            const char                 *validation_file,
                            const char                 *job_name,
                            const HoneFineTuneSettings *settings,
                            GCancellable               *cancellable,
                            GAsyncReadyCallback         callback,
                            gpointer                    user_data)
{
  GTask *task;

  g_return_if_fail (HONE_IS_PROVIDER (self));
  g_return_if_fail (model != NULL && training_file != NULL && settings != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_provider_create_async);

  switch (self->kind)
    {
    case KIND_TOGETHER:
      {
        HoneTogetherFineTuneSettings s;

        to_together (&s, model, training_file, validation_file, settings);
        hone_together_create_fine_tune_async (self->together, &s, cancellable, create_done_cb, task);
      }
      break;

    case KIND_FIREWORKS:
      {
        HoneFireworksFineTuneSettings s;

        if (settings->lora == 0)
          {
            g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_INVALID, "%s",
                                     _("Fireworks AI trains LoRA adapters only: turn full fine-tuning off."));
            g_object_unref (task);
            return;
          }
        hone_fireworks_fine_tune_settings_init (&s);
        s.base_model = model;
        s.dataset = training_file;
        s.evaluation_dataset = validation_file;
        s.display_name = settings->suffix != NULL ? settings->suffix : job_name;
        s.job_id = job_name;
        s.epochs = settings->n_epochs;
        s.learning_rate = settings->learning_rate;
        s.lora_rank = settings->lora_rank;
        s.batch_size = settings->batch_size;
        hone_fireworks_create_job_async (self->fireworks, &s, cancellable, create_done_cb, task);
      }
      break;

    case KIND_OPENAI:
    default:
      {
        HoneOpenAIFineTuneSettings s;

        if (settings->lora == 1 || settings->lora_rank > 0)
          {
            g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_INVALID, "%s",
                                     _("OpenAI does not train LoRA adapters: clear the LoRA settings."));
            g_object_unref (task);
            return;
          }
        hone_openai_fine_tune_settings_init (&s);
        s.model = model;
        s.training_file = training_file;
        s.validation_file = validation_file;
        s.suffix = settings->suffix;
        s.n_epochs = settings->n_epochs;
        s.batch_size = settings->batch_size;
        s.learning_rate_multiplier = settings->learning_rate;
        s.has_seed = settings->has_seed;
        s.seed = settings->seed;
        hone_openai_create_fine_tune_async (self->openai, &s, cancellable, create_done_cb, task);
      }
      break;
    }
}

HoneFineTuneJob *
hone_provider_create_finish (HoneProvider  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_pointer (self, result, error);
}

/* Get, cancel, list ------------------------------------------------------- */

static void
get_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  HoneFineTuneJob *job;

  if (HONE_IS_TOGETHER (source))
    job = hone_together_get_job_finish (HONE_TOGETHER (source), result, &error);
  else if (HONE_IS_FIREWORKS (source))
    job = hone_fireworks_get_job_finish (HONE_FIREWORKS (source), result, &error);
  else
    job = hone_openai_get_job_finish (HONE_OPENAI (source), result, &error);

  return_pointer (task, job, error, RESULT_JOB);
}

void
hone_provider_get_job_async (HoneProvider        *self,
                             const char          *job_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HONE_IS_PROVIDER (self));
  g_return_if_fail (job_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_provider_get_job_async);

  if (self->together != NULL)
    hone_together_get_job_async (self->together, job_id, cancellable, get_done_cb, task);
  else if (self->fireworks != NULL)
    hone_fireworks_get_job_async (self->fireworks, job_id, cancellable, get_done_cb, task);
  else
    hone_openai_get_job_async (self->openai, job_id, cancellable, get_done_cb, task);
}

HoneFineTuneJob *
hone_provider_get_job_finish (HoneProvider  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_pointer (self, result, error);
}

static void
fireworks_cancelled_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!hone_fireworks_cancel_job_finish (HONE_FIREWORKS (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Fireworks answers the cancel without the job: read it again */
  hone_fireworks_get_job_async (HONE_FIREWORKS (source), g_task_get_task_data (task),
                                g_task_get_cancellable (task), get_done_cb, g_object_ref (task));
}

static void
cancel_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  HoneFineTuneJob *job;

  if (HONE_IS_TOGETHER (source))
    job = hone_together_cancel_job_finish (HONE_TOGETHER (source), result, &error);
  else
    job = hone_openai_cancel_job_finish (HONE_OPENAI (source), result, &error);

  return_pointer (task, job, error, RESULT_JOB);
}

void
hone_provider_cancel_async (HoneProvider        *self,
                            const char          *job_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HONE_IS_PROVIDER (self));
  g_return_if_fail (job_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_provider_cancel_async);
  g_task_set_task_data (task, g_strdup (job_id), g_free);

  if (self->together != NULL)
    hone_together_cancel_job_async (self->together, job_id, cancellable, cancel_done_cb, task);
  else if (self->fireworks != NULL)
    hone_fireworks_cancel_job_async (self->fireworks, job_id, cancellable, fireworks_cancelled_cb, task);
  else
    hone_openai_cancel_job_async (self->openai, job_id, cancellable, cancel_done_cb, task);
}

HoneFineTuneJob *
hone_provider_cancel_finish (HoneProvider  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_pointer (self, result, error);
}

static void
list_jobs_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *jobs;

  if (HONE_IS_TOGETHER (source))
    jobs = hone_together_list_jobs_finish (HONE_TOGETHER (source), result, &error);
  else if (HONE_IS_FIREWORKS (source))
    jobs = hone_fireworks_list_jobs_finish (HONE_FIREWORKS (source), result, &error);
  else
    jobs = hone_openai_list_jobs_finish (HONE_OPENAI (source), result, &error);

  return_pointer (task, jobs, error, RESULT_ARRAY);
}

void
hone_provider_list_jobs_async (HoneProvider        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HONE_IS_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_provider_list_jobs_async);

  if (self->together != NULL)
    hone_together_list_jobs_async (self->together, cancellable, list_jobs_done_cb, task);
  else if (self->fireworks != NULL)
    hone_fireworks_list_jobs_async (self->fireworks, cancellable, list_jobs_done_cb, task);
  else
    hone_openai_list_jobs_async (self->openai, cancellable, list_jobs_done_cb, task);
}

GPtrArray *
hone_provider_list_jobs_finish (HoneProvider  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pointer (self, result, error);
}

/* Events, checkpoints, metrics ------------------------------------------- */

static void
events_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *events;

  if (HONE_IS_TOGETHER (source))
    events = hone_together_list_events_finish (HONE_TOGETHER (source), result, &error);
  else
    events = hone_openai_list_events_finish (HONE_OPENAI (source), result, &error);

  /* OpenAI sends one "metrics" event per step: they are the losses
   * (get_metrics), not news for people */
  if (events != NULL && HONE_IS_OPENAI (source))
    {
      for (guint i = events->len; i > 0; i--)
        {
          HoneFineTuneEvent *event = g_ptr_array_index (events, i - 1);
          if (g_strcmp0 (event->type, "metrics") == 0)
            g_ptr_array_remove_index (events, i - 1);
        }
    }

  return_pointer (task, events, error, RESULT_ARRAY);
}

void
hone_provider_list_events_async (HoneProvider        *self,
                                 const char          *job_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HONE_IS_PROVIDER (self));
  g_return_if_fail (job_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_provider_list_events_async);

  if (self->together != NULL)
    hone_together_list_events_async (self->together, job_id, cancellable, events_done_cb, task);
  else if (self->openai != NULL)
    hone_openai_list_events_async (self->openai, job_id, cancellable, events_done_cb, task);
  else
    {
      /* Fireworks has no event list for supervised jobs */
      g_task_return_pointer (task, g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_event_free),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
    }
}

GPtrArray *
hone_provider_list_events_finish (HoneProvider  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pointer (self, result, error);
}

static void
checkpoints_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *checkpoints;

  if (HONE_IS_TOGETHER (source))
    checkpoints = hone_together_list_checkpoints_finish (HONE_TOGETHER (source), result, &error);
  else
    checkpoints = hone_openai_list_checkpoints_finish (HONE_OPENAI (source), result, &error);

  return_pointer (task, checkpoints, error, RESULT_ARRAY);
}

void
hone_provider_list_checkpoints_async (HoneProvider        *self,
                                      const char          *job_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HONE_IS_PROVIDER (self));
  g_return_if_fail (job_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_provider_list_checkpoints_async);

  if (self->together != NULL)
    hone_together_list_checkpoints_async (self->together, job_id, cancellable, checkpoints_done_cb, task);
  else if (self->openai != NULL)
    hone_openai_list_checkpoints_async (self->openai, job_id, cancellable, checkpoints_done_cb, task);
  else
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_checkpoint_free),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
    }
}

GPtrArray *
hone_provider_list_checkpoints_finish (HoneProvider  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_pointer (self, result, error);
}

static int
compare_metric_steps (gconstpointer a,
                      gconstpointer b)
{
  gint64 x = ((const HoneFineTuneMetric *) a)->step, y = ((const HoneFineTuneMetric *) b)->step;
  return x < y ? -1 : x > y;
}

static void
metrics_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GArray *metrics;

  if (HONE_IS_TOGETHER (source))
    metrics = hone_together_get_metrics_finish (HONE_TOGETHER (source), result, &error);
  else
    {
      /* OpenAI: the losses are in its "metrics" events */
      g_autoptr(GPtrArray) events = hone_openai_list_events_finish (HONE_OPENAI (source), result, &error);

      metrics = NULL;
      if (events != NULL)
        {
          metrics = g_array_new (FALSE, FALSE, sizeof (HoneFineTuneMetric));
          for (guint i = 0; i < events->len; i++)
            {
              HoneFineTuneEvent *event = g_ptr_array_index (events, i);
              HoneFineTuneMetric metric = { event->step, event->train_loss, event->eval_loss, NAN };

              if (event->step >= 0 && (!isnan (event->train_loss) || !isnan (event->eval_loss)))
                g_array_append_val (metrics, metric);
            }
          g_array_sort (metrics, compare_metric_steps);
        }
    }

  return_pointer (task, metrics, error, RESULT_GARRAY);
}

void
hone_provider_get_metrics_async (HoneProvider        *self,
                                 const char          *job_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HONE_IS_PROVIDER (self));
  g_return_if_fail (job_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_provider_get_metrics_async);

  if (self->together != NULL)
    hone_together_get_metrics_async (self->together, job_id, cancellable, metrics_done_cb, task);
  else if (self->openai != NULL)
    hone_openai_list_events_async (self->openai, job_id, cancellable, metrics_done_cb, task);
  else
    {
      g_task_return_pointer (task, g_array_new (FALSE, FALSE, sizeof (HoneFineTuneMetric)),
                             (GDestroyNotify) g_array_unref);
      g_object_unref (task);
    }
}

GArray *
hone_provider_get_metrics_finish (HoneProvider  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pointer (self, result, error);
}

/* Deleting uploads --------------------------------------------------------- */

typedef struct {
  char      *upload_name;
  GStrv      known_ids;
  GPtrArray *queue;       /* ids to delete */
  guint      next;
  guint      n_deleted;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_free (data->upload_name);
  g_strfreev (data->known_ids);
  g_clear_pointer (&data->queue, g_ptr_array_unref);
  g_free (data);
}

static void delete_next (GTask *task);

static void
deleted_one_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok;

  if (HONE_IS_TOGETHER (source))
    ok = hone_together_delete_file_finish (HONE_TOGETHER (source), result, &error);
  else if (HONE_IS_FIREWORKS (source))
    ok = hone_fireworks_delete_dataset_finish (HONE_FIREWORKS (source), result, &error);
  else
    ok = hone_openai_delete_file_finish (HONE_OPENAI (source), result, &error);

  if (ok)
    data->n_deleted++;
  else if (g_error_matches (error, HONE_ERROR, HONE_ERROR_NOT_FOUND))
    g_clear_error (&error);   /* already gone: what was wanted */
  else
    {
      g_task_return_error (task, error);
      return;
    }

  data->next++;
  delete_next (task);
}

static void
delete_next (GTask *task)
{
  HoneProvider *self = g_task_get_source_object (task);
  DeleteData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *id;

  if (data->next >= data->queue->len)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  id = g_ptr_array_index (data->queue, data->next);
  if (self->together != NULL)
    hone_together_delete_file_async (self->together, id, cancellable, deleted_one_cb, g_object_ref (task));
  else if (self->fireworks != NULL)
    hone_fireworks_delete_dataset_async (self->fireworks, id, cancellable, deleted_one_cb, g_object_ref (task));
  else
    hone_openai_delete_file_async (self->openai, id, cancellable, deleted_one_cb, g_object_ref (task));
}

static void
add_unique (GPtrArray  *queue,
            const char *id)
{
  if (!g_ptr_array_find_with_equal_func (queue, id, g_str_equal, NULL))
    g_ptr_array_add (queue, g_strdup (id));
}

static void
listed_files_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) files = NULL;
  GError *error = NULL;

  if (HONE_IS_TOGETHER (source))
    files = hone_together_list_files_finish (HONE_TOGETHER (source), result, &error);
  else
    files = hone_openai_list_files_finish (HONE_OPENAI (source), result, &error);

  /* Without the list a cut-off upload cannot be found: say so rather
   * than report it all deleted */
  if (files == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < files->len; i++)
    {
      HoneProviderFile *file = g_ptr_array_index (files, i);

      if ((file->filename != NULL && g_str_has_prefix (file->filename, data->upload_name)) ||
          (data->known_ids != NULL && g_strv_contains ((const char * const *) data->known_ids, file->id)))
        add_unique (data->queue, file->id);
    }
  delete_next (task);
}

void
hone_provider_delete_uploads_async (HoneProvider        *self,
                                    const char          *upload_name,
                                    const char * const  *known_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DeleteData *data;

  g_return_if_fail (HONE_IS_PROVIDER (self));
  g_return_if_fail (upload_name != NULL && upload_name[0] != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_provider_delete_uploads_async);
  data = g_new0 (DeleteData, 1);
  data->upload_name = g_strdup (upload_name);
  data->known_ids = g_strdupv ((char **) known_ids);
  data->queue = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) delete_data_free);

  if (self->fireworks != NULL)
    {
      /* Datasets are named by Hone: both names are known even when the
       * upload was cut off */
      g_autofree char *train = g_strconcat (upload_name, "-train", NULL);
      g_autofree char *validation = g_strconcat (upload_name, "-validation", NULL);

      for (guint i = 0; data->known_ids != NULL && data->known_ids[i] != NULL; i++)
        add_unique (data->queue, data->known_ids[i]);
      add_unique (data->queue, train);
      add_unique (data->queue, validation);
      delete_next (task);
      return;
    }

  if (self->together != NULL)
    hone_together_list_files_async (self->together, cancellable, listed_files_cb, g_object_ref (task));
  else
    hone_openai_list_files_async (self->openai, cancellable, listed_files_cb, g_object_ref (task));
}

gboolean
hone_provider_delete_uploads_finish (HoneProvider  *self,
                                     GAsyncResult  *result,
                                     guint         *n_deleted,
                                     GError       **error)
{
  DeleteData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (n_deleted != NULL)
    *n_deleted = data->n_deleted;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The provider's own estimate -------------------------------------------- */

static void
estimated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HoneProviderEstimate *estimate = g_task_get_task_data (task);
  HoneTogetherPriceEstimate together = { 0, };
  GError *error = NULL;

  if (!hone_together_estimate_price_finish (HONE_TOGETHER (source), result, &together, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  estimate->available = together.estimation_available;
  estimate->price = together.estimation_available ? together.total_price : -1;
  estimate->allowed = together.allowed_to_proceed;
  estimate->user_limit = together.user_limit;
  g_task_return_boolean (task, TRUE);
}

void
hone_provider_estimate_async (HoneProvider               *self,
                              const char                 *model,
                              const char                 *training_file,
                              const char                 *validation_file,
                              const HoneFineTuneSettings *settings,
                              GCancellable               *cancellable,
                              GAsyncReadyCallback         callback,
                              gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  HoneProviderEstimate *estimate;

  g_return_if_fail (HONE_IS_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_provider_estimate_async);
  estimate = g_new0 (HoneProviderEstimate, 1);
  estimate->price = -1;
  estimate->user_limit = -1;
  estimate->allowed = TRUE;
  g_task_set_task_data (task, estimate, g_free);

  if (self->together != NULL)
    {
      HoneTogetherFineTuneSettings s;

      to_together (&s, model, training_file, validation_file, settings);
      hone_together_estimate_price_async (self->together, &s, cancellable, estimated_cb, g_object_ref (task));
      return;
    }

  /* OpenAI and Fireworks have no estimate before a job */
  g_task_return_boolean (task, TRUE);
}

gboolean
hone_provider_estimate_finish (HoneProvider          *self,
                               GAsyncResult          *result,
                               HoneProviderEstimate  *estimate,
                               GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (estimate != NULL)
    *estimate = *(HoneProviderEstimate *) g_task_get_task_data (G_TASK (result));
  return TRUE;
}

/* The live list of models ------------------------------------------------- */

static void
listed_models_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GStrv models = hone_together_list_models_finish (HONE_TOGETHER (source), result, &error);

  if (models == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, models, (GDestroyNotify) g_strfreev);
}

void
hone_provider_list_models_async (HoneProvider        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HONE_IS_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_provider_list_models_async);
  if (self->together != NULL)
    hone_together_list_models_async (self->together, cancellable, listed_models_cb, g_object_ref (task));
  else
    g_task_return_pointer (task, NULL, NULL);
}

GStrv
hone_provider_list_models_finish (HoneProvider  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pointer (self, result, error);
}
