/* hone-fine-tune-record.c: what a project remembers of a fine-tune
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-fine-tune-record.h"

static const char * const step_names[] = {
  "preparing", "uploading", "creating", "started", "not-started",
};

const char *
hone_fine_tune_step_to_string (HoneFineTuneStep step)
{
  g_return_val_if_fail ((guint) step < G_N_ELEMENTS (step_names), NULL);
  return step_names[step];
}

gboolean
hone_fine_tune_step_from_string (const char       *str,
                                 HoneFineTuneStep *step)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (step_names); i++)
    {
      if (g_str_equal (str, step_names[i]))
        {
          *step = (HoneFineTuneStep) i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
hone_fine_tune_step_is_unfinished (HoneFineTuneStep step)
{
  return step == HONE_FINE_TUNE_STEP_PREPARING ||
         step == HONE_FINE_TUNE_STEP_UPLOADING ||
         step == HONE_FINE_TUNE_STEP_CREATING;
}

HoneFineTuneRecord *
hone_fine_tune_record_new (void)
{
  HoneFineTuneRecord *self = g_new0 (HoneFineTuneRecord, 1);
  g_autofree char *uuid = g_uuid_string_random ();

  self->step = HONE_FINE_TUNE_STEP_PREPARING;
  /* "hone-" and 12 hex digits: short enough for every provider's file and
   * dataset names (Fireworks takes lower case, digits and "-"), unique
   * enough for one account */
  self->upload_name = g_strdup_printf ("hone-%.8s%.4s", uuid, uuid + 9);
  self->estimate_tokens = -1;
  self->estimate_price = -1;
  self->provider_estimate = -1;
  self->billed_tokens = -1;
  self->billed_price = -1;
  return self;
}

HoneFineTuneRecord *
hone_fine_tune_record_copy (const HoneFineTuneRecord *self)
{
  HoneFineTuneRecord *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->provider_id = g_strdup (self->provider_id);
  copy->model_id = g_strdup (self->model_id);
  copy->base_url = g_strdup (self->base_url);
  copy->upload_name = g_strdup (self->upload_name);
  copy->settings_json = g_strdup (self->settings_json);
  copy->training_file_id = g_strdup (self->training_file_id);
  copy->validation_file_id = g_strdup (self->validation_file_id);
  copy->job_id = g_strdup (self->job_id);
  copy->status = g_strdup (self->status);
  copy->raw_status = g_strdup (self->raw_status);
  copy->output_model = g_strdup (self->output_model);
  copy->error_message = g_strdup (self->error_message);
  copy->train_sha256 = g_strdup (self->train_sha256);
  copy->validation_sha256 = g_strdup (self->validation_sha256);
  copy->events_json = g_strdup (self->events_json);
  copy->metrics_json = g_strdup (self->metrics_json);
  copy->checkpoints_json = g_strdup (self->checkpoints_json);
  return copy;
}

void
hone_fine_tune_record_free (HoneFineTuneRecord *self)
{
  if (self == NULL)
    return;

  g_free (self->provider_id);
  g_free (self->model_id);
  g_free (self->base_url);
  g_free (self->upload_name);
  g_free (self->settings_json);
  g_free (self->training_file_id);
  g_free (self->validation_file_id);
  g_free (self->job_id);
  g_free (self->status);
  g_free (self->raw_status);
  g_free (self->output_model);
  g_free (self->error_message);
  g_free (self->train_sha256);
  g_free (self->validation_sha256);
  g_free (self->events_json);
  g_free (self->metrics_json);
  g_free (self->checkpoints_json);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (HoneFineTuneRecord, hone_fine_tune_record,
                     hone_fine_tune_record_copy, hone_fine_tune_record_free)

gboolean
hone_fine_tune_record_is_final (const HoneFineTuneRecord *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->step == HONE_FINE_TUNE_STEP_NOT_STARTED)
    return TRUE;
  if (self->step != HONE_FINE_TUNE_STEP_STARTED)
    return FALSE;
  return g_strcmp0 (self->status, "succeeded") == 0 ||
         g_strcmp0 (self->status, "failed") == 0 ||
         g_strcmp0 (self->status, "cancelled") == 0;
}

void
hone_fine_tune_data_change_free (HoneFineTuneDataChange *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->changed_ids, g_array_unref);
  g_clear_pointer (&self->removed_ids, g_array_unref);
  g_clear_pointer (&self->added_ids, g_array_unref);
  g_free (self);
}
