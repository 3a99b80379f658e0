/* hone-together.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-together.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "hone-error.h"
#include "hone-json.h"

#define PROVIDER_NAME "Together AI"

struct _HoneTogether
{
  GObject          parent_instance;

  SoupSession     *session;
  char            *base_url;
  char            *api_key;
  HoneRetryPolicy  retry_policy;
};

G_DEFINE_FINAL_TYPE (HoneTogether, hone_together, G_TYPE_OBJECT)

static void
hone_together_finalize (GObject *object)
{
  HoneTogether *self = HONE_TOGETHER (object);

  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->api_key);

  G_OBJECT_CLASS (hone_together_parent_class)->finalize (object);
}

static void
hone_together_class_init (HoneTogetherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hone_together_finalize;
}

static void
hone_together_init (HoneTogether *self)
{
  self->base_url = g_strdup (HONE_TOGETHER_DEFAULT_BASE_URL);
  self->retry_policy = HONE_RETRY_POLICY_DEFAULT;
}

HoneTogether *
hone_together_new (SoupSession *session,
                   const char  *api_key)
{
  HoneTogether *self = g_object_new (HONE_TYPE_TOGETHER, NULL);

  self->session = session != NULL ? g_object_ref (session) : hone_http_session_new ();
  self->api_key = g_strdup (api_key);
  return self;
}

const char *
hone_together_get_base_url (HoneTogether *self)
{
  g_return_val_if_fail (HONE_IS_TOGETHER (self), NULL);
  return self->base_url;
}

void
hone_together_set_base_url (HoneTogether *self,
                            const char   *base_url)
{
  gsize len;

  g_return_if_fail (HONE_IS_TOGETHER (self));

  g_free (self->base_url);
  self->base_url = g_strdup (base_url != NULL ? base_url : HONE_TOGETHER_DEFAULT_BASE_URL);
  len = strlen (self->base_url);
  while (len > 0 && self->base_url[len - 1] == '/')
    self->base_url[--len] = '\0';
}

void
hone_together_set_api_key (HoneTogether *self,
                           const char   *api_key)
{
  g_return_if_fail (HONE_IS_TOGETHER (self));

  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
}

void
hone_together_set_retry_policy (HoneTogether          *self,
                                const HoneRetryPolicy *policy)
{
  g_return_if_fail (HONE_IS_TOGETHER (self));
  g_return_if_fail (policy != NULL);

  self->retry_policy = *policy;
}

/* ---- settings → JSON ------------------------------------------------- */

void
hone_together_fine_tune_settings_init (HoneTogetherFineTuneSettings *settings)
{
  memset (settings, 0, sizeof *settings);
  settings->n_epochs = -1;
  settings->n_checkpoints = -1;
  settings->n_evals = -1;
  settings->batch_size = -1;
  settings->max_seq_length = -1;
  settings->learning_rate = NAN;
  settings->warmup_ratio = NAN;
  settings->max_grad_norm = NAN;
  settings->weight_decay = NAN;
  settings->min_lr_ratio = NAN;
  settings->num_cycles = NAN;
  settings->train_on_inputs = -1;
  settings->dpo_beta = NAN;
  settings->lora_r = -1;
  settings->lora_alpha = -1;
  settings->lora_dropout = NAN;
}

static gboolean
check_required (const char  *value,
                const char  *field,
                const char  *what,
                GError     **error)
{
  if (value != NULL && *value != '\0')
    return TRUE;
  g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
               _("No %s was chosen (the “%s” field Together AI needs): choose one and try again."),
               what, field);
  return FALSE;
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint         value)
{
  if (value < 0)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  if (isnan (value))
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL || *value == '\0')
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static gboolean
add_training_method (JsonBuilder                        *builder,
                     const HoneTogetherFineTuneSettings *s,
                     GError                            **error)
{
  if (s->training_method == HONE_TOGETHER_TRAINING_DEFAULT)
    {
      if (!isnan (s->dpo_beta))
        {
          g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                               _("A DPO beta was set but the training method is not DPO: "
                               "choose DPO or clear the beta."));
          return FALSE;
        }
      /* train_on_inputs alone: it belongs in an SFT training method */
      if (s->train_on_inputs < 0)
        return TRUE;
    }

  json_builder_set_member_name (builder, "training_method");
  json_builder_begin_object (builder);
  if (s->training_method == HONE_TOGETHER_TRAINING_DPO)
    {
      add_string (builder, "method", "dpo");
      add_double (builder, "dpo_beta", s->dpo_beta);
    }
  else
    {
      add_string (builder, "method", "sft");
      /* The spec requires it; "auto" is the API's default */
      json_builder_set_member_name (builder, "train_on_inputs");
      if (s->train_on_inputs < 0)
        json_builder_add_string_value (builder, "auto");
      else
        json_builder_add_boolean_value (builder, s->train_on_inputs != 0);
    }
  json_builder_end_object (builder);
  return TRUE;
}

static gboolean
add_training_type (JsonBuilder                        *builder,
                   const HoneTogetherFineTuneSettings *s,
                   GError                            **error)
{
  gboolean lora_fields = s->lora_r >= 0 || s->lora_alpha >= 0 ||
                         !isnan (s->lora_dropout) || s->lora_trainable_modules != NULL;

  if (s->lora == HONE_TOGETHER_LORA_OFF)
    {
      if (lora_fields)
        {
          g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                               _("LoRA settings were given for full fine-tuning: "
                               "turn LoRA on or clear them."));
          return FALSE;
        }
      json_builder_set_member_name (builder, "training_type");
      json_builder_begin_object (builder);
      add_string (builder, "type", "Full");
      json_builder_end_object (builder);
      return TRUE;
    }

  /* Together trains LoRA when training_type is left out */
  if (!lora_fields)
    return TRUE;

  if (s->lora_r <= 0 || s->lora_alpha <= 0)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("LoRA needs both a rank (r) and an alpha when any LoRA setting "
                           "is given: set both, or clear the LoRA settings."));
      return FALSE;
    }
  json_builder_set_member_name (builder, "training_type");
  json_builder_begin_object (builder);
  add_string (builder, "type", "Lora");   /* the spec's spelling */
  add_int (builder, "lora_r", s->lora_r);
  add_int (builder, "lora_alpha", s->lora_alpha);
  add_double (builder, "lora_dropout", s->lora_dropout);
  add_string (builder, "lora_trainable_modules", s->lora_trainable_modules);
  json_builder_end_object (builder);
  return TRUE;
}

JsonNode *
hone_together_build_fine_tune_body (const HoneTogetherFineTuneSettings *s,
                                    GError                            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (s != NULL, NULL);

  if (!check_required (s->model, "model", _("base model"), error) ||
      !check_required (s->training_file, "training_file", _("training file"), error))
    return NULL;

  json_builder_begin_object (builder);
  add_string (builder, "model", s->model);
  add_string (builder, "training_file", s->training_file);
  add_string (builder, "validation_file", s->validation_file);
  add_int (builder, "n_epochs", s->n_epochs);
  add_int (builder, "n_checkpoints", s->n_checkpoints);
  add_int (builder, "n_evals", s->n_evals);
  if (s->batch_size == 0)
    add_string (builder, "batch_size", "max");
  else
    add_int (builder, "batch_size", s->batch_size);
  add_double (builder, "learning_rate", s->learning_rate);
  add_double (builder, "warmup_ratio", s->warmup_ratio);
  add_double (builder, "max_grad_norm", s->max_grad_norm);
  add_double (builder, "weight_decay", s->weight_decay);
  add_int (builder, "max_seq_length", s->max_seq_length);
  add_string (builder, "suffix", s->suffix);
  add_string (builder, "from_checkpoint", s->from_checkpoint);
  add_string (builder, "wandb_api_key", s->wandb_api_key);
  add_string (builder, "wandb_project_name", s->wandb_project_name);
  if (s->has_seed)
    {
      json_builder_set_member_name (builder, "random_seed");
      json_builder_add_int_value (builder, s->seed);
    }

  if (s->lr_scheduler != NULL)
    {
      gboolean cosine = g_str_equal (s->lr_scheduler, "cosine");

      if (!cosine && !g_str_equal (s->lr_scheduler, "linear"))
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("“%s” is not a learning-rate schedule Together AI knows: "
                       "choose linear or cosine."), s->lr_scheduler);
          return NULL;
        }
      json_builder_set_member_name (builder, "lr_scheduler");
      json_builder_begin_object (builder);
      add_string (builder, "lr_scheduler_type", s->lr_scheduler);
      if (!isnan (s->min_lr_ratio) || (cosine && !isnan (s->num_cycles)))
        {
          json_builder_set_member_name (builder, "lr_scheduler_args");
          json_builder_begin_object (builder);
          add_double (builder, "min_lr_ratio", s->min_lr_ratio);
          if (cosine)
            add_double (builder, "num_cycles", s->num_cycles);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }

  if (!add_training_method (builder, s, error) ||
      !add_training_type (builder, s, error))
    return NULL;
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
hone_together_build_estimate_body (const HoneTogetherFineTuneSettings *s,
                                   GError                            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (s != NULL, NULL);

  if (!check_required (s->training_file, "training_file", _("training file"), error))
    return NULL;

  json_builder_begin_object (builder);
  add_string (builder, "training_file", s->training_file);
  add_string (builder, "validation_file", s->validation_file);
  add_string (builder, "model", s->model);
  add_int (builder, "n_epochs", s->n_epochs);
  add_int (builder, "n_evals", s->n_evals);
  add_string (builder, "from_checkpoint", s->from_checkpoint);
  if (!add_training_method (builder, s, error) ||
      !add_training_type (builder, s, error))
    return NULL;
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- JSON → structs -------------------------------------------------- */

static void
set_parse_error (GError     **error,
                 const char  *what,
                 const char  *detail)
{
  g_set_error (error, HONE_ERROR, HONE_ERROR_PARSE,
               _("Together AI sent %s Hone does not understand (%s). "
               "Try again later; if it keeps happening, Hone may need an update."),
               what, detail);
}

static HoneFineTuneStatus
status_from_together (const char *status)
{
  static const struct { const char *word; HoneFineTuneStatus status; } map[] = {
    { "pending", HONE_FINE_TUNE_STATUS_PENDING },
    { "queued", HONE_FINE_TUNE_STATUS_QUEUED },
    { "running", HONE_FINE_TUNE_STATUS_RUNNING },
    { "compressing", HONE_FINE_TUNE_STATUS_RUNNING },
    { "uploading", HONE_FINE_TUNE_STATUS_RUNNING },
    { "cancel_requested", HONE_FINE_TUNE_STATUS_RUNNING },
    { "completed", HONE_FINE_TUNE_STATUS_SUCCEEDED },
    { "error", HONE_FINE_TUNE_STATUS_FAILED },
    { "cancelled", HONE_FINE_TUNE_STATUS_CANCELLED },
  };

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (status, map[i].word))
      return map[i].status;
  return HONE_FINE_TUNE_STATUS_UNKNOWN;
}

static HoneFineTuneEvent *
parse_event (JsonObject *object)
{
  HoneFineTuneEvent *event = hone_fine_tune_event_new ();

  event->created_at = hone_json_get_time (object, "created_at");
  event->level = g_strdup (hone_json_get_string (object, "level"));
  event->type = g_strdup (hone_json_get_string (object, "type"));
  event->message = g_strdup (hone_json_get_string (object, "message"));
  event->step = hone_json_get_int (object, "step", -1);
  return event;
}

HoneFineTuneJob *
hone_together_parse_job (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  JsonObject *object;
  JsonArray *events;
  double price;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_parse_error (error, _("a fine-tuning job"), "not a JSON object");
      return NULL;
    }
  object = json_node_get_object (node);
  if (hone_json_get_string (object, "id") == NULL)
    {
      set_parse_error (error, _("a fine-tuning job"), "it has no “id”");
      return NULL;
    }

  job = hone_fine_tune_job_new ();
  job->provider = g_strdup (PROVIDER_NAME);
  job->id = g_strdup (hone_json_get_string (object, "id"));
  job->raw_status = g_strdup (hone_json_get_string (object, "status"));
  job->status = status_from_together (job->raw_status);
  job->base_model = g_strdup (hone_json_get_string (object, "model"));
  job->output_model = g_strdup (hone_json_get_string (object, "model_output_name"));
  job->suffix = g_strdup (hone_json_get_string (object, "suffix"));
  job->training_file = g_strdup (hone_json_get_string (object, "training_file"));
  job->validation_file = g_strdup (hone_json_get_string (object, "validation_file"));
  job->created_at = hone_json_get_time (object, "created_at");
  job->updated_at = hone_json_get_time (object, "updated_at");
  job->started_at = hone_json_get_time (object, "started_at");
  if (hone_fine_tune_status_is_final (job->status) && job->updated_at != NULL)
    job->finished_at = g_date_time_ref (job->updated_at);
  job->n_epochs = (gint) hone_json_get_int (object, "n_epochs", -1);
  job->epochs_completed = (gint) hone_json_get_int (object, "epochs_completed", -1);
  job->token_count = hone_json_get_int (object, "token_count", -1);
  /* total_price is in nanodollars (together-python, utils/tools.py,
   * finetune_price_to_dollars: price / NANODOLLAR) */
  if (hone_json_get_number (object, "total_price", &price) && price >= 0)
    job->total_price = price / 1e9;

  events = json_object_get_member (object, "events") != NULL &&
           JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "events"))
             ? json_object_get_array_member (object, "events") : NULL;
  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      JsonNode *item = json_array_get_element (events, i);

      if (JSON_NODE_HOLDS_OBJECT (item))
        g_ptr_array_add (job->events, parse_event (json_node_get_object (item)));
    }

  /* The last error event says why a job failed */
  if (job->status == HONE_FINE_TUNE_STATUS_FAILED)
    for (guint i = job->events->len; i > 0; i--)
      {
        HoneFineTuneEvent *event = g_ptr_array_index (job->events, i - 1);

        if (g_strcmp0 (event->level, "error") == 0 || g_strcmp0 (event->type, "job_error") == 0)
          {
            job->error_message = g_strdup (event->message);
            break;
          }
      }

  return g_steal_pointer (&job);
}

/* The "data" array of a list response, or NULL and an error */
static JsonArray *
get_data_array (JsonNode    *json,
                const char  *member,
                const char  *what,
                GError     **error)
{
  JsonNode *data;

  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    {
      set_parse_error (error, what, "not a JSON object");
      return NULL;
    }
  data = json_object_get_member (json_node_get_object (json), member);
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      g_autofree char *detail = g_strdup_printf ("no “%s” list", member);

      set_parse_error (error, what, detail);
      return NULL;
    }
  return json_node_get_array (data);
}

static gpointer
parse_job_response (HoneHttpResponse  *response,
                    GError           **error)
{
  return hone_together_parse_job (response->json, error);
}

static gpointer
parse_job_list (HoneHttpResponse  *response,
                GError           **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_job_free);
  JsonArray *data = get_data_array (response->json, "data", "a list of fine-tuning jobs", error);

  if (data == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      g_autoptr(GError) local_error = NULL;
      HoneFineTuneJob *job = hone_together_parse_job (json_array_get_element (data, i),
                                                      &local_error);

      if (job == NULL)
        {
          g_autofree char *detail = g_strdup_printf ("job %u of %u: %s", i + 1,
                                                     json_array_get_length (data),
                                                     json_array_get_element (data, i) != NULL &&
                                                     JSON_NODE_HOLDS_OBJECT (json_array_get_element (data, i))
                                                       ? "it has no “id”" : "not a JSON object");

          set_parse_error (error, _("a list of fine-tuning jobs"), detail);
          return NULL;
        }
      g_ptr_array_add (jobs, job);
    }
  return g_steal_pointer (&jobs);
}

static gpointer
parse_event_list (HoneHttpResponse  *response,
                  GError           **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_event_free);
  JsonArray *data = get_data_array (response->json, "data", "a list of job events", error);

  if (data == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *item = json_array_get_element (data, i);

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          set_parse_error (error, _("a list of job events"), "an event is not a JSON object");
          return NULL;
        }
      g_ptr_array_add (events, parse_event (json_node_get_object (item)));
    }
  return g_steal_pointer (&events);
}

static gpointer
parse_checkpoint_list (HoneHttpResponse  *response,
                       GError           **error)
{
  g_autoptr(GPtrArray) checkpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_checkpoint_free);
  JsonArray *data = get_data_array (response->json, "data", "a list of checkpoints", error);

  if (data == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *item = json_array_get_element (data, i);
      HoneFineTuneCheckpoint *checkpoint;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          set_parse_error (error, _("a list of checkpoints"), "a checkpoint is not a JSON object");
          return NULL;
        }
      object = json_node_get_object (item);
      checkpoint = hone_fine_tune_checkpoint_new ();
      checkpoint->step = hone_json_get_int (object, "step", -1);
      checkpoint->created_at = hone_json_get_time (object, "created_at");
      checkpoint->path = g_strdup (hone_json_get_string (object, "path"));
      checkpoint->kind = g_strdup (hone_json_get_string (object, "checkpoint_type"));
      g_ptr_array_add (checkpoints, checkpoint);
    }
  return g_steal_pointer (&checkpoints);
}

static gpointer
parse_metrics (HoneHttpResponse  *response,
               GError           **error)
{
  g_autoptr(GArray) metrics = g_array_new (FALSE, FALSE, sizeof (HoneFineTuneMetric));
  JsonArray *data = get_data_array (response->json, "metrics", "training metrics", error);

  if (data == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *item = json_array_get_element (data, i);
      HoneFineTuneMetric metric = { -1, NAN, NAN, NAN };
      JsonObject *object;
      double step;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      object = json_node_get_object (item);
      /* Flat dicts: "train/loss", "train/global_step", "eval/loss" … */
      if (!hone_json_get_number (object, "train/global_step", &step) &&
          !hone_json_get_number (object, "eval/global_step", &step) &&
          !hone_json_get_number (object, "global_step", &step))
        continue;
      metric.step = (gint64) step;
      hone_json_get_number (object, "train/loss", &metric.train_loss);
      hone_json_get_number (object, "eval/loss", &metric.eval_loss);
      hone_json_get_number (object, "train/learning_rate", &metric.learning_rate);
      g_array_append_val (metrics, metric);
    }
  return g_steal_pointer (&metrics);
}

static gpointer
parse_models (HoneHttpResponse  *response,
              GError           **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *data = get_data_array (response->json, "models", "a list of models", error);

  if (data == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *item = json_array_get_element (data, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (item));
    }
  return g_strv_builder_end (builder);
}

void
hone_together_model_limits_free (HoneTogetherModelLimits *limits)
{
  if (limits == NULL)
    return;
  g_free (limits->model);
  g_strfreev (limits->lora_target_modules);
  g_free (limits);
}

static gpointer
parse_limits (HoneHttpResponse  *response,
              GError           **error)
{
  g_autoptr(HoneTogetherModelLimits) limits = NULL;
  JsonObject *object;
  JsonNode *part;
  double value;

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      set_parse_error (error, _("model limits"), "not a JSON object");
      return NULL;
    }
  object = json_node_get_object (response->json);

  limits = g_new0 (HoneTogetherModelLimits, 1);
  limits->model = g_strdup (hone_json_get_string (object, "model_name"));
  limits->full_min_batch_size = limits->full_max_batch_size = limits->full_max_batch_size_dpo = -1;
  limits->lora_min_batch_size = limits->lora_max_batch_size = limits->lora_max_batch_size_dpo = -1;
  limits->lora_max_rank = -1;

  part = json_object_get_member (object, "full_training");
  if (part != NULL && JSON_NODE_HOLDS_OBJECT (part))
    {
      JsonObject *full = json_node_get_object (part);

      limits->full_supported = TRUE;
      limits->full_min_batch_size = (gint) hone_json_get_int (full, "min_batch_size", -1);
      limits->full_max_batch_size = (gint) hone_json_get_int (full, "max_batch_size", -1);
      limits->full_max_batch_size_dpo = (gint) hone_json_get_int (full, "max_batch_size_dpo", -1);
    }
  part = json_object_get_member (object, "lora_training");
  if (part != NULL && JSON_NODE_HOLDS_OBJECT (part))
    {
      JsonObject *lora = json_node_get_object (part);
      JsonNode *modules = json_object_get_member (lora, "target_modules");

      limits->lora_supported = TRUE;
      limits->lora_min_batch_size = (gint) hone_json_get_int (lora, "min_batch_size", -1);
      limits->lora_max_batch_size = (gint) hone_json_get_int (lora, "max_batch_size", -1);
      limits->lora_max_batch_size_dpo = (gint) hone_json_get_int (lora, "max_batch_size_dpo", -1);
      limits->lora_max_rank = (gint) hone_json_get_int (lora, "max_rank", -1);
      if (modules != NULL && JSON_NODE_HOLDS_ARRAY (modules))
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          JsonArray *array = json_node_get_array (modules);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *item = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
                g_strv_builder_add (builder, json_node_get_string (item));
            }
          limits->lora_target_modules = g_strv_builder_end (builder);
        }
    }
  limits->max_epochs = (gint) hone_json_get_int (object, "max_num_epochs", -1);
  limits->max_evals = (gint) hone_json_get_int (object, "max_num_evals", -1);
  limits->min_learning_rate = hone_json_get_number (object, "min_learning_rate", &value)
                              ? value : NAN;
  limits->max_learning_rate = hone_json_get_number (object, "max_learning_rate", &value)
                              ? value : NAN;
  limits->supports_vision = hone_json_get_bool (object, "supports_vision", FALSE);
  limits->supports_tools = hone_json_get_bool (object, "supports_tools", FALSE);
  limits->supports_reasoning = hone_json_get_bool (object, "supports_reasoning", FALSE);
  return g_steal_pointer (&limits);
}

static gpointer
parse_estimate (HoneHttpResponse  *response,
                GError           **error)
{
  HoneTogetherPriceEstimate *estimate;
  JsonObject *object;

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      set_parse_error (error, _("a price estimate"), "not a JSON object");
      return NULL;
    }
  object = json_node_get_object (response->json);

  estimate = g_new0 (HoneTogetherPriceEstimate, 1);
  /* Live API only (docs reference page), absent from spec 2.0.0: optional */
  estimate->estimation_available = hone_json_get_bool (object, "estimation_available", TRUE);
  if (!hone_json_get_number (object, "estimated_total_price", &estimate->total_price))
    estimate->total_price = -1;
  if (!hone_json_get_number (object, "user_limit", &estimate->user_limit))
    estimate->user_limit = -1;
  estimate->allowed_to_proceed = hone_json_get_bool (object, "allowed_to_proceed", FALSE);
  estimate->train_tokens = hone_json_get_int (object, "estimated_train_token_count", -1);
  estimate->eval_tokens = hone_json_get_int (object, "estimated_eval_token_count", -1);
  if (estimate->total_price < 0)
    estimate->estimation_available = FALSE;
  return estimate;
}

/* ---- requests -------------------------------------------------------- */

static HoneHttpRequest *
make_request (HoneTogether *self,
              const char   *method,
              const char   *url,
              gboolean      idempotent)
{
  return hone_http_request_new_for_api (PROVIDER_NAME, method, url, self->api_key, idempotent,
                                        &self->retry_policy);
}

static char *
job_url (HoneTogether *self,
         const char   *job_id,
         const char   *tail)
{
  g_autofree char *escaped = g_uri_escape_string (job_id, NULL, FALSE);

  return g_strconcat (self->base_url, "/fine-tunes/", escaped, tail, NULL);
}

static gpointer
call_finish (HoneTogether  *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (HONE_IS_TOGETHER (self), NULL);
  return hone_http_call_finish (self, result, source_tag, error);
}

/* The job calls: GET or POST on /fine-tunes/{id}{tail} */
static void
job_call (HoneTogether        *self,
          const char          *method,
          const char          *job_id,
          const char          *tail,
          HoneHttpParseFunc    parse,
          GDestroyNotify       free_result,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (HONE_IS_TOGETHER (self));
  g_return_if_fail (job_id != NULL);

  url = job_url (self, job_id, tail);
  /* A GET, and a cancel (cancelling twice does no harm) */
  hone_http_call_async (self->session, make_request (self, method, url, TRUE), self, parse,
                        free_result, source_tag, cancellable, callback, user_data);
}

void
hone_together_create_fine_tune_async (HoneTogether                       *self,
                                      const HoneTogetherFineTuneSettings *settings,
                                      GCancellable                       *cancellable,
                                      GAsyncReadyCallback                 callback,
                                      gpointer                            user_data)
{
  g_autofree char *url = NULL;
  HoneHttpRequest *request;
  GError *error = NULL;
  JsonNode *body;

  g_return_if_fail (HONE_IS_TOGETHER (self));
  g_return_if_fail (settings != NULL);

  body = hone_together_build_fine_tune_body (settings, &error);
  if (body == NULL)
    {
      hone_http_return_error_later (self, hone_together_create_fine_tune_async, error,
                                    callback, user_data);
      return;
    }
  url = g_strconcat (self->base_url, "/fine-tunes", NULL);
  /* Creating a job twice would pay for it twice: never retried after it
   * may have been done (hone-http still retries a 429) */
  request = make_request (self, "POST", url, FALSE);
  hone_http_request_take_json (request, body);
  hone_http_call_async (self->session, request, self, parse_job_response,
                        (GDestroyNotify) hone_fine_tune_job_free,
                        hone_together_create_fine_tune_async, cancellable, callback, user_data);
}

HoneFineTuneJob *
hone_together_create_fine_tune_finish (HoneTogether  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return call_finish (self, result, hone_together_create_fine_tune_async, error);
}

void
hone_together_get_job_async (HoneTogether        *self,
                             const char          *job_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  job_call (self, "GET", job_id, "", parse_job_response,
            (GDestroyNotify) hone_fine_tune_job_free, hone_together_get_job_async,
            cancellable, callback, user_data);
}

HoneFineTuneJob *
hone_together_get_job_finish (HoneTogether  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return call_finish (self, result, hone_together_get_job_async, error);
}

void
hone_together_cancel_job_async (HoneTogether        *self,
                                const char          *job_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  job_call (self, "POST", job_id, "/cancel", parse_job_response,
            (GDestroyNotify) hone_fine_tune_job_free, hone_together_cancel_job_async,
            cancellable, callback, user_data);
}

HoneFineTuneJob *
hone_together_cancel_job_finish (HoneTogether  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return call_finish (self, result, hone_together_cancel_job_async, error);
}

void
hone_together_list_jobs_async (HoneTogether        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (HONE_IS_TOGETHER (self));

  url = g_strconcat (self->base_url, "/fine-tunes", NULL);
  hone_http_call_async (self->session, make_request (self, "GET", url, TRUE), self, parse_job_list,
                        (GDestroyNotify) g_ptr_array_unref, hone_together_list_jobs_async,
                        cancellable, callback, user_data);
}

GPtrArray *
hone_together_list_jobs_finish (HoneTogether  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return call_finish (self, result, hone_together_list_jobs_async, error);
}

void
hone_together_list_events_async (HoneTogether        *self,
                                 const char          *job_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  job_call (self, "GET", job_id, "/events", parse_event_list,
            (GDestroyNotify) g_ptr_array_unref, hone_together_list_events_async,
            cancellable, callback, user_data);
}

GPtrArray *
hone_together_list_events_finish (HoneTogether  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return call_finish (self, result, hone_together_list_events_async, error);
}

void
hone_together_list_checkpoints_async (HoneTogether        *self,
                                      const char          *job_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  job_call (self, "GET", job_id, "/checkpoints", parse_checkpoint_list,
            (GDestroyNotify) g_ptr_array_unref, hone_together_list_checkpoints_async,
            cancellable, callback, user_data);
}

GPtrArray *
hone_together_list_checkpoints_finish (HoneTogether  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return call_finish (self, result, hone_together_list_checkpoints_async, error);
}

void
hone_together_get_metrics_async (HoneTogether        *self,
                                 const char          *job_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  /* No body: "all metrics" (proxies may drop a GET body anyway) */
  job_call (self, "GET", job_id, "/metrics", parse_metrics,
            (GDestroyNotify) g_array_unref, hone_together_get_metrics_async,
            cancellable, callback, user_data);
}

GArray *
hone_together_get_metrics_finish (HoneTogether  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return call_finish (self, result, hone_together_get_metrics_async, error);
}

void
hone_together_estimate_price_async (HoneTogether                       *self,
                                    const HoneTogetherFineTuneSettings *settings,
                                    GCancellable                       *cancellable,
                                    GAsyncReadyCallback                 callback,
                                    gpointer                            user_data)
{
  g_autofree char *url = NULL;
  HoneHttpRequest *request;
  GError *error = NULL;
  JsonNode *body;

  g_return_if_fail (HONE_IS_TOGETHER (self));
  g_return_if_fail (settings != NULL);

  body = hone_together_build_estimate_body (settings, &error);
  if (body == NULL)
    {
      hone_http_return_error_later (self, hone_together_estimate_price_async, error,
                                    callback, user_data);
      return;
    }
  url = g_strconcat (self->base_url, "/fine-tunes/estimate-price", NULL);
  /* Asking twice changes nothing */
  request = make_request (self, "POST", url, TRUE);
  hone_http_request_take_json (request, body);
  hone_http_call_async (self->session, request, self, parse_estimate, g_free,
                        hone_together_estimate_price_async, cancellable, callback, user_data);
}

gboolean
hone_together_estimate_price_finish (HoneTogether               *self,
                                     GAsyncResult               *result,
                                     HoneTogetherPriceEstimate  *estimate,
                                     GError                    **error)
{
  g_autofree HoneTogetherPriceEstimate *parsed = NULL;

  g_return_val_if_fail (estimate != NULL, FALSE);

  parsed = call_finish (self, result, hone_together_estimate_price_async, error);
  if (parsed == NULL)
    return FALSE;
  *estimate = *parsed;
  return TRUE;
}

void
hone_together_list_models_async (HoneTogether        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (HONE_IS_TOGETHER (self));

  url = g_strconcat (self->base_url, "/fine-tunes/models/supported", NULL);
  hone_http_call_async (self->session, make_request (self, "GET", url, TRUE), self, parse_models,
                        (GDestroyNotify) g_strfreev, hone_together_list_models_async, cancellable,
                        callback, user_data);
}

GStrv
hone_together_list_models_finish (HoneTogether  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return call_finish (self, result, hone_together_list_models_async, error);
}

void
hone_together_get_model_limits_async (HoneTogether        *self,
                                      const char          *model,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (HONE_IS_TOGETHER (self));
  g_return_if_fail (model != NULL);

  escaped = g_uri_escape_string (model, NULL, FALSE);
  url = g_strconcat (self->base_url, "/fine-tunes/models/limits?model_name=", escaped, NULL);
  hone_http_call_async (self->session, make_request (self, "GET", url, TRUE), self, parse_limits,
                        (GDestroyNotify) hone_together_model_limits_free,
                        hone_together_get_model_limits_async, cancellable, callback, user_data);
}

HoneTogetherModelLimits *
hone_together_get_model_limits_finish (HoneTogether  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return call_finish (self, result, hone_together_get_model_limits_async, error);
}

/* ---- upload ---------------------------------------------------------- */

typedef struct {
  GBytes                   *contents;
  char                     *file_name;
  char                     *file_id;
  HoneTogetherProgressFunc  progress;
  gpointer                  progress_data;
} UploadData;

static void
upload_data_free (UploadData *data)
{
  g_clear_pointer (&data->contents, g_bytes_unref);
  g_free (data->file_name);
  g_free (data->file_id);
  g_free (data);
}

static const char *
file_type_for_name (const char *file_name)
{
  if (g_str_has_suffix (file_name, ".csv"))
    return "csv";
  if (g_str_has_suffix (file_name, ".parquet"))
    return "parquet";
  return "jsonl";
}

static void
preprocess_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UploadData *data = g_task_get_task_data (task);
  g_autoptr(HoneHttpResponse) response = NULL;
  GError *error = NULL;
  const char *id = NULL;

  response = hone_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_prefix_error (&error, _("“%s” was sent but Together AI could not prepare it: "),
                      data->file_name);
      g_task_return_error (task, error);
      return;
    }
  if (response->json != NULL && JSON_NODE_HOLDS_OBJECT (response->json))
    id = hone_json_get_string (json_node_get_object (response->json), "id");
  g_task_return_pointer (task, g_strdup (id != NULL ? id : data->file_id), g_free);
}

static void
put_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HoneTogether *self = g_task_get_source_object (task);
  UploadData *data = g_task_get_task_data (task);
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  HoneHttpRequest *request;
  GCancellable *cancellable;
  GError *error = NULL;

  response = hone_http_upload_finish (result, &error);
  if (response == NULL && g_error_matches (error, HONE_ERROR, HONE_ERROR_AUTH))
    {
      /* No key goes to storage: a presigned address that was refused */
      g_clear_error (&error);
      g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_IO,
                               _("Together AI’s storage refused “%s” (its upload address may "
                               "have expired): upload it again."), data->file_name);
      return;
    }
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  escaped = g_uri_escape_string (data->file_id, NULL, FALSE);
  url = g_strconcat (self->base_url, "/files/", escaped, "/preprocess", NULL);
  /* Preparing a stored file twice does no harm */
  request = make_request (self, "POST", url, TRUE);
  cancellable = g_task_get_cancellable (task);
  hone_http_send_async (self->session, request, cancellable,
                        preprocess_done, g_steal_pointer (&task));
}

static void
files_post_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HoneTogether *self = g_task_get_source_object (task);
  UploadData *data = g_task_get_task_data (task);
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *location = NULL;
  const char *file_id = NULL;
  g_autofree char *storage_url = NULL;
  HoneHttpRequest *put;
  GCancellable *cancellable;
  GError *error = NULL;

  response = hone_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (response->headers != NULL)
    {
      location = soup_message_headers_get_one (response->headers, "Location");
      file_id = soup_message_headers_get_one (response->headers, "X-Together-File-Id");
    }
  if (response->status != SOUP_STATUS_FOUND || location == NULL || file_id == NULL ||
      *file_id == '\0')
    {
      g_autofree char *detail = g_strdup_printf ("HTTP %u%s%s", response->status,
                                                 location == NULL ? ", no storage address" : "",
                                                 file_id == NULL ? ", no file id" : "");

      set_parse_error (&error, _("an answer to the upload"), detail);
      g_task_return_error (task, error);
      return;
    }
  /* The storage address may be relative to the API's */
  {
    g_autoptr(GUri) base = g_uri_parse (self->base_url, G_URI_FLAGS_ENCODED, NULL);

    uri = base != NULL ? g_uri_parse_relative (base, location, G_URI_FLAGS_ENCODED, NULL)
                       : g_uri_parse (location, G_URI_FLAGS_ENCODED, NULL);
  }
  if (uri == NULL)
    {
      set_parse_error (&error, _("an answer to the upload"), "its storage address is not a URL");
      g_task_return_error (task, error);
      return;
    }
  data->file_id = g_strdup (file_id);

  /* The storage URL is presigned: no Authorization header goes there */
  storage_url = g_uri_to_string (uri);
  put = hone_http_request_new (_("Together AI’s storage"), "PUT", storage_url);
  hone_http_request_set_body (put, "application/octet-stream", data->contents);
  cancellable = g_task_get_cancellable (task);
  hone_http_upload_async (self->session, put, data->file_name, g_bytes_get_size (data->contents),
                          (HoneHttpProgressFunc) data->progress, data->progress_data,
                          cancellable, put_done, g_steal_pointer (&task));
}

void
hone_together_upload_bytes_async (HoneTogether             *self,
                                  GBytes                   *contents,
                                  const char               *file_name,
                                  HoneTogetherProgressFunc  progress,
                                  gpointer                  progress_data,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  g_autofree char *url = NULL;
  g_autofree char *form = NULL;
  g_autoptr(GBytes) form_bytes = NULL;
  gsize form_length;
  HoneHttpRequest *request;
  UploadData *data;
  GTask *task;

  g_return_if_fail (HONE_IS_TOGETHER (self));
  g_return_if_fail (contents != NULL);
  g_return_if_fail (file_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_together_upload_bytes_async);
  data = g_new0 (UploadData, 1);
  data->contents = g_bytes_ref (contents);
  data->file_name = g_strdup (file_name);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) upload_data_free);

  form = soup_form_encode ("purpose", "fine-tune",
                           "file_name", file_name,
                           "file_type", file_type_for_name (file_name),
                           NULL);
  form_length = strlen (form);
  url = g_strconcat (self->base_url, "/files", NULL);
  /* It creates a file record: not retried after it may have been done */
  request = make_request (self, "POST", url, FALSE);
  hone_http_request_set_follow_redirects (request, FALSE);
  form_bytes = g_bytes_new_take (g_steal_pointer (&form), form_length);
  hone_http_request_set_body (request, "application/x-www-form-urlencoded", form_bytes);
  hone_http_send_async (self->session, request, cancellable, files_post_done, task);
}

typedef struct {
  char                     *file_name;
  HoneTogetherProgressFunc  progress;
  gpointer                  progress_data;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->file_name);
  g_free (data);
}

static void
upload_inner_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *file_id;

  file_id = g_task_propagate_pointer (G_TASK (result), &error);
  if (file_id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file_id, g_free);
}

static void
file_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  HoneTogether *self;
  GCancellable *cancellable;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *contents_data = NULL;
  GError *error = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents_data, &length,
                                    NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *wrapped = g_error_new (HONE_ERROR, HONE_ERROR_IO,
                                         _("“%s” could not be read (%s): check that it still exists."),
                                         data->file_name, error->message);
          g_error_free (error);
          error = wrapped;
        }
      g_task_return_error (task, error);
      return;
    }
  contents = g_bytes_new_take (g_steal_pointer (&contents_data), length);
  self = g_task_get_source_object (task);
  cancellable = g_task_get_cancellable (task);
  hone_together_upload_bytes_async (self, contents, data->file_name, data->progress,
                                    data->progress_data, cancellable, upload_inner_done,
                                    g_steal_pointer (&task));
}

void
hone_together_upload_file_async (HoneTogether             *self,
                                 GFile                    *file,
                                 const char               *file_name,
                                 HoneTogetherProgressFunc  progress,
                                 gpointer                  progress_data,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  LoadData *data;
  GTask *task;

  g_return_if_fail (HONE_IS_TOGETHER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_together_upload_bytes_async);
  data = g_new0 (LoadData, 1);
  data->file_name = file_name != NULL ? g_strdup (file_name) : g_file_get_basename (file);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  /* A local file is mapped, not copied: training files can be gigabytes */
  if (g_file_peek_path (file) != NULL)
    {
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (g_file_peek_path (file), FALSE, NULL);

      if (mapped != NULL)
        {
          g_autoptr(GBytes) contents = g_mapped_file_get_bytes (mapped);

          hone_together_upload_bytes_async (self, contents, data->file_name, progress,
                                            progress_data, cancellable, upload_inner_done, task);
          return;
        }
    }
  /* Not local, or the mapping failed: read it (with a proper error) */
  g_file_load_contents_async (file, cancellable, file_loaded, task);
}

char *
hone_together_upload_finish (HoneTogether  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return call_finish (self, result, hone_together_upload_bytes_async, error);
}

/* ---- stored files ----------------------------------------------------- */

void
hone_together_list_files_async (HoneTogether        *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (HONE_IS_TOGETHER (self));

  /* GET /files: FileList of Together's spec 2.0.0 (shared/oracles/together/openapi.yaml) */
  url = g_strconcat (self->base_url, "/files", NULL);
  hone_http_list_files_async (self->session, make_request (self, "GET", url, TRUE), self,
                              hone_together_list_files_async, cancellable, callback, user_data);
}

GPtrArray *
hone_together_list_files_finish (HoneTogether *self,
                                 GAsyncResult *result,
                                 GError      **error)
{
  return call_finish (self, result, hone_together_list_files_async, error);
}

void
hone_together_delete_file_async (HoneTogether        *self,
                                 const char          *file_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (HONE_IS_TOGETHER (self));
  g_return_if_fail (file_id != NULL);

  /* DELETE /files/{id}: FileDeleteResponse {id, deleted} in the same spec */
  url = hone_http_build_url (self->base_url, "/files/", file_id);
  hone_http_delete_async (self->session, make_request (self, "DELETE", url, TRUE), self,
                          _("file"), file_id, hone_together_delete_file_async, cancellable,
                          callback, user_data);
}

gboolean
hone_together_delete_file_finish (HoneTogether *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  return call_finish (self, result, hone_together_delete_file_async, error) != NULL;
}
