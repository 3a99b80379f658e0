/* hone-fine-tune-sync.c: keeping a project's record of a fine-tune in step
 * with what the provider says about the job
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "hone-fine-tune-sync.h"

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          GDateTime   *time)
{
  g_autofree char *text = NULL;

  if (time == NULL)
    return;
  text = g_date_time_format_iso8601 (time);
  add_string (builder, name, text);
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value) || isinf (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

/* The array at the root of @json, or NULL */
static JsonArray *
parse_array (JsonParser *parser,
             const char *json)
{
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static double
get_number (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64)
    return NAN;
  return json_node_get_double (node);
}

static gint64
get_step (JsonObject *object)
{
  double step = get_number (object, "step");
  return isnan (step) ? -1 : (gint64) step;
}

static GDateTime *
get_time (JsonObject *object,
          const char *name)
{
  const char *text = get_string (object, name);
  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

char *
hone_fine_tune_events_to_json (GPtrArray *events)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      HoneFineTuneEvent *event = g_ptr_array_index (events, i);

      json_builder_begin_object (builder);
      add_time (builder, "time", event->created_at);
      add_string (builder, "level", event->level);
      add_string (builder, "type", event->type);
      add_string (builder, "message", event->message);
      if (event->step >= 0)
        {
          json_builder_set_member_name (builder, "step");
          json_builder_add_int_value (builder, event->step);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return builder_to_string (builder);
}

GPtrArray *
hone_fine_tune_events_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_event_free);
  JsonArray *array = parse_array (parser, json);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      HoneFineTuneEvent *event;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      event = hone_fine_tune_event_new ();
      event->created_at = get_time (object, "time");
      event->level = g_strdup (get_string (object, "level"));
      event->type = g_strdup (get_string (object, "type"));
      event->message = g_strdup (get_string (object, "message"));
      event->step = get_step (object);
      g_ptr_array_add (events, event);
    }
  return events;
}

char *
hone_fine_tune_metrics_to_json (GArray *metrics)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; metrics != NULL && i < metrics->len; i++)
    {
      const HoneFineTuneMetric *metric = &g_array_index (metrics, HoneFineTuneMetric, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "step");
      json_builder_add_int_value (builder, metric->step);
      add_number (builder, "train_loss", metric->train_loss);
      add_number (builder, "eval_loss", metric->eval_loss);
      add_number (builder, "learning_rate", metric->learning_rate);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return builder_to_string (builder);
}

GArray *
hone_fine_tune_metrics_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GArray *metrics = g_array_new (FALSE, FALSE, sizeof (HoneFineTuneMetric));
  JsonArray *array = parse_array (parser, json);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      HoneFineTuneMetric metric;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      metric.step = get_step (object);
      metric.train_loss = get_number (object, "train_loss");
      metric.eval_loss = get_number (object, "eval_loss");
      metric.learning_rate = get_number (object, "learning_rate");
      g_array_append_val (metrics, metric);
    }
  return metrics;
}

char *
hone_fine_tune_checkpoints_to_json (GPtrArray *checkpoints)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; checkpoints != NULL && i < checkpoints->len; i++)
    {
      HoneFineTuneCheckpoint *checkpoint = g_ptr_array_index (checkpoints, i);

      json_builder_begin_object (builder);
      if (checkpoint->step >= 0)
        {
          json_builder_set_member_name (builder, "step");
          json_builder_add_int_value (builder, checkpoint->step);
        }
      add_time (builder, "time", checkpoint->created_at);
      add_string (builder, "path", checkpoint->path);
      add_string (builder, "kind", checkpoint->kind);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return builder_to_string (builder);
}

GPtrArray *
hone_fine_tune_checkpoints_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *checkpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_checkpoint_free);
  JsonArray *array = parse_array (parser, json);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      HoneFineTuneCheckpoint *checkpoint;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      checkpoint = hone_fine_tune_checkpoint_new ();
      checkpoint->step = get_step (object);
      checkpoint->created_at = get_time (object, "time");
      checkpoint->path = g_strdup (get_string (object, "path"));
      checkpoint->kind = g_strdup (get_string (object, "kind"));
      g_ptr_array_add (checkpoints, checkpoint);
    }
  return checkpoints;
}

static gboolean
set_string (char       **ptr,
            const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

gboolean
hone_fine_tune_record_apply_job (HoneFineTuneRecord    *record,
                                 const HoneFineTuneJob *job)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (record != NULL && job != NULL, FALSE);

  if (record->step != HONE_FINE_TUNE_STEP_STARTED)
    {
      record->step = HONE_FINE_TUNE_STEP_STARTED;
      changed = TRUE;
    }
  if (job->id != NULL)
    changed |= set_string (&record->job_id, job->id);
  changed |= set_string (&record->status, hone_fine_tune_status_to_string (job->status));
  changed |= set_string (&record->raw_status, job->raw_status);
  if (job->output_model != NULL)
    changed |= set_string (&record->output_model, job->output_model);
  /* A failed job keeps its reason; a job running again clears it */
  if (job->error_message != NULL || job->status != HONE_FINE_TUNE_STATUS_FAILED)
    changed |= set_string (&record->error_message, job->error_message);
  if (job->token_count >= 0 && job->token_count != record->billed_tokens)
    {
      record->billed_tokens = job->token_count;
      changed = TRUE;
    }
  if (job->total_price >= 0 && job->total_price != record->billed_price)
    {
      record->billed_price = job->total_price;
      changed = TRUE;
    }
  if (job->started_at != NULL && record->started != g_date_time_to_unix (job->started_at))
    {
      record->started = g_date_time_to_unix (job->started_at);
      changed = TRUE;
    }
  if (hone_fine_tune_status_is_final (job->status) && record->finished == 0)
    {
      record->finished = job->finished_at != NULL ? g_date_time_to_unix (job->finished_at)
                       : job->updated_at != NULL ? g_date_time_to_unix (job->updated_at)
                       : g_get_real_time () / G_USEC_PER_SEC;
      changed = TRUE;
    }

  return changed;
}

HoneFineTuneStatus
hone_fine_tune_record_get_status (const HoneFineTuneRecord *record)
{
  static const HoneFineTuneStatus all[] = {
    HONE_FINE_TUNE_STATUS_PENDING, HONE_FINE_TUNE_STATUS_QUEUED, HONE_FINE_TUNE_STATUS_RUNNING,
    HONE_FINE_TUNE_STATUS_SUCCEEDED, HONE_FINE_TUNE_STATUS_FAILED, HONE_FINE_TUNE_STATUS_CANCELLED,
  };

  for (guint i = 0; record->status != NULL && i < G_N_ELEMENTS (all); i++)
    if (g_str_equal (record->status, hone_fine_tune_status_to_string (all[i])))
      return all[i];
  return HONE_FINE_TUNE_STATUS_UNKNOWN;
}
