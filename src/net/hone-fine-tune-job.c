/* hone-fine-tune-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-fine-tune-job.h"

#include <stdlib.h>

G_DEFINE_BOXED_TYPE (HoneFineTuneJob, hone_fine_tune_job,
                     hone_fine_tune_job_copy, hone_fine_tune_job_free)

const char *
hone_fine_tune_status_to_string (HoneFineTuneStatus status)
{
  switch (status)
    {
    case HONE_FINE_TUNE_STATUS_PENDING:   return "pending";
    case HONE_FINE_TUNE_STATUS_QUEUED:    return "queued";
    case HONE_FINE_TUNE_STATUS_RUNNING:   return "running";
    case HONE_FINE_TUNE_STATUS_SUCCEEDED: return "succeeded";
    case HONE_FINE_TUNE_STATUS_FAILED:    return "failed";
    case HONE_FINE_TUNE_STATUS_CANCELLED: return "cancelled";
    case HONE_FINE_TUNE_STATUS_UNKNOWN:
    default:
      return "unknown";
    }
}

gboolean
hone_fine_tune_status_is_final (HoneFineTuneStatus status)
{
  return status == HONE_FINE_TUNE_STATUS_SUCCEEDED ||
         status == HONE_FINE_TUNE_STATUS_FAILED ||
         status == HONE_FINE_TUNE_STATUS_CANCELLED;
}

static GDateTime *
ref_or_null (GDateTime *time)
{
  return time != NULL ? g_date_time_ref (time) : NULL;
}

HoneFineTuneEvent *
hone_fine_tune_event_new (void)
{
  HoneFineTuneEvent *self = g_new0 (HoneFineTuneEvent, 1);

  self->step = -1;
  return self;
}

HoneFineTuneEvent *
hone_fine_tune_event_copy (const HoneFineTuneEvent *self)
{
  HoneFineTuneEvent *copy = hone_fine_tune_event_new ();

  copy->created_at = ref_or_null (self->created_at);
  copy->level = g_strdup (self->level);
  copy->type = g_strdup (self->type);
  copy->message = g_strdup (self->message);
  copy->step = self->step;
  return copy;
}

void
hone_fine_tune_event_free (HoneFineTuneEvent *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_free (self->level);
  g_free (self->type);
  g_free (self->message);
  g_free (self);
}

HoneFineTuneCheckpoint *
hone_fine_tune_checkpoint_new (void)
{
  HoneFineTuneCheckpoint *self = g_new0 (HoneFineTuneCheckpoint, 1);

  self->step = -1;
  return self;
}

void
hone_fine_tune_checkpoint_free (HoneFineTuneCheckpoint *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_free (self->path);
  g_free (self->kind);
  g_free (self);
}

HoneFineTuneJob *
hone_fine_tune_job_new (void)
{
  HoneFineTuneJob *self = g_new0 (HoneFineTuneJob, 1);

  self->status = HONE_FINE_TUNE_STATUS_UNKNOWN;
  self->n_epochs = -1;
  self->epochs_completed = -1;
  self->token_count = -1;
  self->total_price = -1;
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_event_free);
  return self;
}

HoneFineTuneJob *
hone_fine_tune_job_copy (const HoneFineTuneJob *self)
{
  HoneFineTuneJob *copy = hone_fine_tune_job_new ();

  copy->provider = g_strdup (self->provider);
  copy->id = g_strdup (self->id);
  copy->status = self->status;
  copy->raw_status = g_strdup (self->raw_status);
  copy->base_model = g_strdup (self->base_model);
  copy->output_model = g_strdup (self->output_model);
  copy->suffix = g_strdup (self->suffix);
  copy->training_file = g_strdup (self->training_file);
  copy->validation_file = g_strdup (self->validation_file);
  copy->created_at = ref_or_null (self->created_at);
  copy->updated_at = ref_or_null (self->updated_at);
  copy->started_at = ref_or_null (self->started_at);
  copy->finished_at = ref_or_null (self->finished_at);
  copy->n_epochs = self->n_epochs;
  copy->epochs_completed = self->epochs_completed;
  copy->token_count = self->token_count;
  copy->total_price = self->total_price;
  copy->error_message = g_strdup (self->error_message);
  for (guint i = 0; self->events != NULL && i < self->events->len; i++)
    g_ptr_array_add (copy->events,
                     hone_fine_tune_event_copy (g_ptr_array_index (self->events, i)));
  return copy;
}

void
hone_fine_tune_job_free (HoneFineTuneJob *self)
{
  if (self == NULL)
    return;
  g_free (self->provider);
  g_free (self->id);
  g_free (self->raw_status);
  g_free (self->base_model);
  g_free (self->output_model);
  g_free (self->suffix);
  g_free (self->training_file);
  g_free (self->validation_file);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_free (self->error_message);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_free (self);
}

GDateTime *
hone_fine_tune_parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;
  GDateTime *time;
  char *end = NULL;
  gint64 seconds;

  if (text == NULL || *text == '\0')
    return NULL;

  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time != NULL)
    return time;

  /* Some APIs send Unix seconds, as a number or as text */
  seconds = g_ascii_strtoll (text, &end, 10);
  if (end != text && *end == '\0' && seconds > 0)
    return g_date_time_new_from_unix_utc (seconds);

  return NULL;
}
