/* hone-fine-tune-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "hone-fine-tune-job.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "hone-error.h"
#include "hone-json.h"

G_DEFINE_BOXED_TYPE (HoneFineTuneJob, hone_fine_tune_job,
                     hone_fine_tune_job_copy, hone_fine_tune_job_free)
G_DEFINE_BOXED_TYPE (HoneProviderFile, hone_provider_file,
                     hone_provider_file_copy, hone_provider_file_free)

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
  self->train_loss = NAN;
  self->eval_loss = NAN;
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
  copy->train_loss = self->train_loss;
  copy->eval_loss = self->eval_loss;
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

HoneProviderFile *
hone_provider_file_new (void)
{
  HoneProviderFile *self = g_new0 (HoneProviderFile, 1);

  self->bytes = -1;
  return self;
}

HoneProviderFile *
hone_provider_file_copy (const HoneProviderFile *self)
{
  HoneProviderFile *copy = hone_provider_file_new ();

  copy->id = g_strdup (self->id);
  copy->filename = g_strdup (self->filename);
  copy->bytes = self->bytes;
  copy->created_at = ref_or_null (self->created_at);
  return copy;
}

void
hone_provider_file_free (HoneProviderFile *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->filename);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_free (self);
}

static void
set_files_error (GError     **error,
                 const char  *provider_name,
                 const char  *detail)
{
  g_set_error (error, HONE_ERROR, HONE_ERROR_PARSE,
               _("%s sent a list of files Hone does not understand (%s). "
               "Try again later; if it keeps happening, Hone may need an update."),
               provider_name, detail);
}

GPtrArray *
hone_provider_files_parse (JsonNode    *json,
                           const char  *provider_name,
                           GError     **error)
{
  g_autoptr(GPtrArray) files = NULL;
  JsonNode *data = NULL;
  JsonArray *array;

  if (json != NULL && JSON_NODE_HOLDS_OBJECT (json))
    data = json_object_get_member (json_node_get_object (json), "data");
  else
    {
      set_files_error (error, provider_name, "not a JSON object");
      return NULL;
    }
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      set_files_error (error, provider_name, "no “data” list");
      return NULL;
    }
  array = json_node_get_array (data);
  files = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_provider_file_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      HoneProviderFile *file;

      if (hone_json_get_string (object, "id") == NULL)
        {
          g_autofree char *detail = g_strdup_printf ("file %u of %u has no “id”", i + 1,
                                                     json_array_get_length (array));

          set_files_error (error, provider_name, detail);
          return NULL;
        }
      file = hone_provider_file_new ();
      file->id = g_strdup (hone_json_get_string (object, "id"));
      file->filename = g_strdup (hone_json_get_string (object, "filename"));
      file->bytes = MAX (hone_json_get_int (object, "bytes", -1), -1);
      /* Unix seconds in both specs; ISO-8601 text is taken too */
      file->created_at = hone_json_get_time (object, "created_at");
      g_ptr_array_add (files, file);
    }
  return g_steal_pointer (&files);
}
