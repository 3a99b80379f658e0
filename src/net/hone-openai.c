/* hone-openai.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-openai.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "hone-error.h"

#define PROVIDER_NAME "OpenAI"

/* Events pages followed at most (100 events each) */
#define MAX_EVENT_PAGES 50

struct _HoneOpenAI
{
  GObject          parent_instance;

  SoupSession     *session;
  char            *base_url;
  char            *api_key;
  HoneRetryPolicy  retry_policy;
  GDateTime       *today;
};

G_DEFINE_FINAL_TYPE (HoneOpenAI, hone_openai, G_TYPE_OBJECT)

gboolean
hone_openai_is_closed (GDateTime *date)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) utc = NULL;
  gint year, month, day;

  if (date == NULL)
    date = now = g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (date);
  g_date_time_get_ymd (utc, &year, &month, &day);
  if (year != HONE_OPENAI_FINE_TUNING_CUTOFF_YEAR)
    return year > HONE_OPENAI_FINE_TUNING_CUTOFF_YEAR;
  if (month != HONE_OPENAI_FINE_TUNING_CUTOFF_MONTH)
    return month > HONE_OPENAI_FINE_TUNING_CUTOFF_MONTH;
  return day > HONE_OPENAI_FINE_TUNING_CUTOFF_DAY;
}

static void
hone_openai_finalize (GObject *object)
{
  HoneOpenAI *self = HONE_OPENAI (object);

  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->api_key);
  g_clear_pointer (&self->today, g_date_time_unref);

  G_OBJECT_CLASS (hone_openai_parent_class)->finalize (object);
}

static void
hone_openai_class_init (HoneOpenAIClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hone_openai_finalize;
}

static void
hone_openai_init (HoneOpenAI *self)
{
  self->base_url = g_strdup (HONE_OPENAI_DEFAULT_BASE_URL);
  self->retry_policy = HONE_RETRY_POLICY_DEFAULT;
}

HoneOpenAI *
hone_openai_new (SoupSession *session,
                 const char  *api_key)
{
  HoneOpenAI *self = g_object_new (HONE_TYPE_OPENAI, NULL);

  self->session = session != NULL ? g_object_ref (session) : hone_http_session_new ();
  self->api_key = g_strdup (api_key);
  return self;
}

const char *
hone_openai_get_base_url (HoneOpenAI *self)
{
  g_return_val_if_fail (HONE_IS_OPENAI (self), NULL);
  return self->base_url;
}

void
hone_openai_set_base_url (HoneOpenAI *self,
                          const char *base_url)
{
  gsize len;

  g_return_if_fail (HONE_IS_OPENAI (self));

  g_free (self->base_url);
  self->base_url = g_strdup (base_url != NULL ? base_url : HONE_OPENAI_DEFAULT_BASE_URL);
  len = strlen (self->base_url);
  while (len > 0 && self->base_url[len - 1] == '/')
    self->base_url[--len] = '\0';
}

void
hone_openai_set_api_key (HoneOpenAI *self,
                         const char *api_key)
{
  g_return_if_fail (HONE_IS_OPENAI (self));

  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
}

void
hone_openai_set_retry_policy (HoneOpenAI            *self,
                              const HoneRetryPolicy *policy)
{
  g_return_if_fail (HONE_IS_OPENAI (self));
  g_return_if_fail (policy != NULL);

  self->retry_policy = *policy;
}

void
hone_openai_set_today (HoneOpenAI *self,
                       GDateTime  *today)
{
  g_return_if_fail (HONE_IS_OPENAI (self));

  g_clear_pointer (&self->today, g_date_time_unref);
  if (today != NULL)
    self->today = g_date_time_ref (today);
}

/* ---- settings → JSON ------------------------------------------------- */

void
hone_openai_fine_tune_settings_init (HoneOpenAIFineTuneSettings *settings)
{
  memset (settings, 0, sizeof *settings);
  settings->n_epochs = -1;
  settings->batch_size = -1;
  settings->learning_rate_multiplier = NAN;
  settings->dpo_beta = NAN;
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
               _("No %s was chosen (the “%s” field OpenAI needs): choose one and try again."),
               what, field);
  return FALSE;
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

/* -1 not sent, 0 "auto", else the number */
static void
add_auto_int (JsonBuilder *builder,
              const char  *name,
              gint         value)
{
  if (value < 0)
    return;
  json_builder_set_member_name (builder, name);
  if (value == 0)
    json_builder_add_string_value (builder, "auto");
  else
    json_builder_add_int_value (builder, value);
}

/* NAN not sent, 0 "auto", else the number */
static void
add_auto_double (JsonBuilder *builder,
                 const char  *name,
                 double       value)
{
  if (isnan (value))
    return;
  json_builder_set_member_name (builder, name);
  if (value == 0)
    json_builder_add_string_value (builder, "auto");
  else
    json_builder_add_double_value (builder, value);
}

static gboolean
check_range (gint         value,
             gint         max,
             const char  *what,
             const char  *field,
             GError     **error)
{
  if (value <= max)
    return TRUE;
  g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
               _("The %s (%d) is more than OpenAI allows (“%s” goes up to %d): "
               "choose a smaller one or “auto”."), what, value, field, max);
  return FALSE;
}

JsonNode *
hone_openai_build_fine_tune_body (const HoneOpenAIFineTuneSettings *s,
                                  GError                          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  HoneOpenAIMethod method;
  gboolean hyper;

  g_return_val_if_fail (s != NULL, NULL);

  if (!check_required (s->model, "model", _("base model"), error) ||
      !check_required (s->training_file, "training_file", _("training file"), error))
    return NULL;
  /* Limits from CreateFineTuningJobRequest and FineTune*Hyperparameters */
  if (!check_range (s->n_epochs, 50, _("number of epochs"), "n_epochs", error) ||
      !check_range (s->batch_size, 256, _("batch size"), "batch_size", error))
    return NULL;
  if (s->suffix != NULL && g_utf8_strlen (s->suffix, -1) > 64)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("The model name suffix “%s” is longer than the 64 characters OpenAI "
                   "allows: shorten it."), s->suffix);
      return NULL;
    }
  if (!isnan (s->learning_rate_multiplier) && s->learning_rate_multiplier < 0)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("The learning rate multiplier must be more than 0 (or “auto”)."));
      return NULL;
    }
  if (!isnan (s->dpo_beta) && s->method != HONE_OPENAI_METHOD_DPO)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("A DPO beta was set but the training method is not DPO: "
                           "choose DPO or clear the beta."));
      return NULL;
    }
  if (!isnan (s->dpo_beta) && (s->dpo_beta < 0 || s->dpo_beta > 2))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("The DPO beta (%g) must be more than 0 and at most 2 (or “auto”)."),
                   s->dpo_beta);
      return NULL;
    }
  if (s->has_seed && s->seed < 0)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("The seed (%d) cannot be negative: choose 0 or more."), s->seed);
      return NULL;
    }

  json_builder_begin_object (builder);
  add_string (builder, "model", s->model);
  add_string (builder, "training_file", s->training_file);
  add_string (builder, "validation_file", s->validation_file);
  add_string (builder, "suffix", s->suffix);
  if (s->has_seed)
    {
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, s->seed);
    }

  /* Hyperparameters go in "method" (the top-level ones are deprecated) */
  hyper = s->n_epochs >= 0 || s->batch_size >= 0 || !isnan (s->learning_rate_multiplier) ||
          !isnan (s->dpo_beta);
  method = s->method;
  if (method == HONE_OPENAI_METHOD_DEFAULT && hyper)
    method = HONE_OPENAI_METHOD_SUPERVISED;
  if (method != HONE_OPENAI_METHOD_DEFAULT)
    {
      const char *type = method == HONE_OPENAI_METHOD_DPO ? "dpo" : "supervised";

      json_builder_set_member_name (builder, "method");
      json_builder_begin_object (builder);
      add_string (builder, "type", type);
      if (hyper)
        {
          json_builder_set_member_name (builder, type);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "hyperparameters");
          json_builder_begin_object (builder);
          add_auto_int (builder, "n_epochs", s->n_epochs);
          add_auto_int (builder, "batch_size", s->batch_size);
          add_auto_double (builder, "learning_rate_multiplier", s->learning_rate_multiplier);
          if (method == HONE_OPENAI_METHOD_DPO)
            add_auto_double (builder, "beta", s->dpo_beta);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- JSON → structs -------------------------------------------------- */

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_number (JsonObject *object,
            const char *name,
            double     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  GType type;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static gint64
get_int (JsonObject *object,
         const char *name,
         gint64      fallback)
{
  double value;

  return get_number (object, name, &value) ? (gint64) value : fallback;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* OpenAI sends Unix seconds */
static GDateTime *
get_time (JsonObject *object,
          const char *name)
{
  const char *text = get_string (object, name);
  double seconds;

  if (text != NULL)
    return hone_fine_tune_parse_time (text);
  if (get_number (object, name, &seconds) && seconds > 0)
    return g_date_time_new_from_unix_utc ((gint64) seconds);
  return NULL;
}

static void
set_parse_error (GError     **error,
                 const char  *what,
                 const char  *detail)
{
  g_set_error (error, HONE_ERROR, HONE_ERROR_PARSE,
               _("OpenAI sent %s Hone does not understand (%s). "
               "Try again later; if it keeps happening, Hone may need an update."),
               what, detail);
}

static HoneFineTuneStatus
status_from_openai (const char *status)
{
  static const struct { const char *word; HoneFineTuneStatus status; } map[] = {
    { "validating_files", HONE_FINE_TUNE_STATUS_PENDING },
    { "queued", HONE_FINE_TUNE_STATUS_QUEUED },
    { "running", HONE_FINE_TUNE_STATUS_RUNNING },
    { "succeeded", HONE_FINE_TUNE_STATUS_SUCCEEDED },
    { "failed", HONE_FINE_TUNE_STATUS_FAILED },
    { "cancelled", HONE_FINE_TUNE_STATUS_CANCELLED },
  };

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (status, map[i].word))
      return map[i].status;
  return HONE_FINE_TUNE_STATUS_UNKNOWN;
}

/* n_epochs as the job says it: an integer once known ("auto" before) */
static gint
get_epochs (JsonObject *job)
{
  JsonObject *method = get_object (job, "method");
  const char *type = method != NULL ? get_string (method, "type") : NULL;
  JsonObject *hyper = NULL;

  if (type != NULL)
    hyper = get_object (get_object (method, type), "hyperparameters");
  if (hyper == NULL)
    hyper = get_object (job, "hyperparameters");
  return hyper != NULL ? (gint) get_int (hyper, "n_epochs", -1) : -1;
}

HoneFineTuneJob *
hone_openai_parse_job (JsonNode  *node,
                       GError   **error)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  JsonObject *object;
  JsonObject *job_error;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_parse_error (error, _("a fine-tuning job"), "not a JSON object");
      return NULL;
    }
  object = json_node_get_object (node);
  if (get_string (object, "id") == NULL)
    {
      set_parse_error (error, _("a fine-tuning job"), "it has no “id”");
      return NULL;
    }

  job = hone_fine_tune_job_new ();
  job->provider = g_strdup (PROVIDER_NAME);
  job->id = g_strdup (get_string (object, "id"));
  job->raw_status = g_strdup (get_string (object, "status"));
  job->status = status_from_openai (job->raw_status);
  job->base_model = g_strdup (get_string (object, "model"));
  job->output_model = g_strdup (get_string (object, "fine_tuned_model"));
  job->training_file = g_strdup (get_string (object, "training_file"));
  job->validation_file = g_strdup (get_string (object, "validation_file"));
  job->created_at = get_time (object, "created_at");
  job->finished_at = get_time (object, "finished_at");
  job->n_epochs = get_epochs (object);
  job->token_count = get_int (object, "trained_tokens", -1);

  /* An object for failed jobs, null otherwise (examples send either) */
  job_error = get_object (object, "error");
  if (job_error != NULL && get_string (job_error, "message") != NULL)
    {
      const char *param = get_string (job_error, "param");

      if (param != NULL)
        job->error_message = g_strdup_printf ("%s (%s)", get_string (job_error, "message"), param);
      else
        job->error_message = g_strdup (get_string (job_error, "message"));
    }

  return g_steal_pointer (&job);
}

static JsonArray *
get_data_array (JsonNode    *json,
                const char  *what,
                GError     **error)
{
  JsonNode *data;

  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    {
      set_parse_error (error, what, "not a JSON object");
      return NULL;
    }
  data = json_object_get_member (json_node_get_object (json), "data");
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      set_parse_error (error, what, "no “data” list");
      return NULL;
    }
  return json_node_get_array (data);
}

static gpointer
parse_job_response (HoneHttpResponse  *response,
                    GError           **error)
{
  return hone_openai_parse_job (response->json, error);
}

static gpointer
parse_job_list (HoneHttpResponse  *response,
                GError           **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_job_free);
  JsonArray *data = get_data_array (response->json, "a list of fine-tuning jobs", error);

  if (data == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      HoneFineTuneJob *job = hone_openai_parse_job (json_array_get_element (data, i), NULL);

      if (job == NULL)
        {
          g_autofree char *detail = g_strdup_printf ("job %u of %u is not a job object", i + 1,
                                                     json_array_get_length (data));

          set_parse_error (error, _("a list of fine-tuning jobs"), detail);
          return NULL;
        }
      g_ptr_array_add (jobs, job);
    }
  return g_steal_pointer (&jobs);
}

static gpointer
parse_checkpoint_list (HoneHttpResponse  *response,
                       GError           **error)
{
  g_autoptr(GPtrArray) checkpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_checkpoint_free);
  JsonArray *data = get_data_array (response->json, "a list of checkpoints", error);

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
      checkpoint->step = get_int (object, "step_number", -1);
      checkpoint->created_at = get_time (object, "created_at");
      checkpoint->path = g_strdup (get_string (object, "fine_tuned_model_checkpoint"));
      g_ptr_array_add (checkpoints, checkpoint);
    }
  return g_steal_pointer (&checkpoints);
}

/* ---- requests -------------------------------------------------------- */

static HoneHttpRequest *
make_request (HoneOpenAI *self,
              const char *method,
              const char *url,
              gboolean    idempotent)
{
  HoneHttpRequest *request = hone_http_request_new (PROVIDER_NAME, method, url);

  if (self->api_key != NULL)
    hone_http_request_set_bearer (request, self->api_key);
  hone_http_request_set_header (request, "Accept", "application/json");
  hone_http_request_set_idempotent (request, idempotent);
  hone_http_request_set_retry_policy (request, &self->retry_policy);
  return request;
}

static char *
job_url (HoneOpenAI *self,
         const char *job_id,
         const char *tail)
{
  g_autofree char *escaped = g_uri_escape_string (job_id, NULL, FALSE);

  return g_strconcat (self->base_url, "/fine_tuning/jobs/", escaped, tail, NULL);
}

static void
call (HoneOpenAI          *self,
      HoneHttpRequest     *request,
      HoneHttpParseFunc    parse,
      GDestroyNotify       free_result,
      gpointer             source_tag,
      GCancellable        *cancellable,
      GAsyncReadyCallback  callback,
      gpointer             user_data)
{
  hone_http_call_async (self->session, request, self, parse, free_result, source_tag,
                        cancellable, callback, user_data);
}

static gpointer
call_finish (HoneOpenAI    *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (HONE_IS_OPENAI (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
return_error_later (HoneOpenAI          *self,
                    gpointer             source_tag,
                    GError              *error,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
}

static void
job_call (HoneOpenAI          *self,
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

  g_return_if_fail (HONE_IS_OPENAI (self));
  g_return_if_fail (job_id != NULL);

  url = job_url (self, job_id, tail);
  /* A GET, and a cancel (cancelling twice does no harm) */
  call (self, make_request (self, method, url, TRUE), parse, free_result,
        source_tag, cancellable, callback, user_data);
}

void
hone_openai_create_fine_tune_async (HoneOpenAI                       *self,
                                    const HoneOpenAIFineTuneSettings *settings,
                                    GCancellable                     *cancellable,
                                    GAsyncReadyCallback               callback,
                                    gpointer                          user_data)
{
  g_autofree char *url = NULL;
  HoneHttpRequest *request;
  GError *error = NULL;
  JsonNode *body;

  g_return_if_fail (HONE_IS_OPENAI (self));
  g_return_if_fail (settings != NULL);

  if (hone_openai_is_closed (self->today))
    {
      error = g_error_new (HONE_ERROR, HONE_ERROR_INVALID,
                           _("OpenAI takes no new fine-tuning jobs after %04d-%02d-%02d: "
                           "choose another provider. Jobs already started can still be "
                           "followed, and their models used."),
                           HONE_OPENAI_FINE_TUNING_CUTOFF_YEAR,
                           HONE_OPENAI_FINE_TUNING_CUTOFF_MONTH,
                           HONE_OPENAI_FINE_TUNING_CUTOFF_DAY);
      return_error_later (self, hone_openai_create_fine_tune_async, error, callback, user_data);
      return;
    }
  body = hone_openai_build_fine_tune_body (settings, &error);
  if (body == NULL)
    {
      return_error_later (self, hone_openai_create_fine_tune_async, error, callback, user_data);
      return;
    }
  url = g_strconcat (self->base_url, "/fine_tuning/jobs", NULL);
  /* Creating a job twice would pay for it twice: never re-sent after it
   * may have been done (hone-http still retries a 429) */
  request = make_request (self, "POST", url, FALSE);
  hone_http_request_take_json (request, body);
  call (self, request, parse_job_response, (GDestroyNotify) hone_fine_tune_job_free,
        hone_openai_create_fine_tune_async, cancellable, callback, user_data);
}

HoneFineTuneJob *
hone_openai_create_fine_tune_finish (HoneOpenAI    *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return call_finish (self, result, hone_openai_create_fine_tune_async, error);
}

void
hone_openai_get_job_async (HoneOpenAI          *self,
                           const char          *job_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  job_call (self, "GET", job_id, "", parse_job_response,
            (GDestroyNotify) hone_fine_tune_job_free, hone_openai_get_job_async,
            cancellable, callback, user_data);
}

HoneFineTuneJob *
hone_openai_get_job_finish (HoneOpenAI    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return call_finish (self, result, hone_openai_get_job_async, error);
}

void
hone_openai_cancel_job_async (HoneOpenAI          *self,
                              const char          *job_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  job_call (self, "POST", job_id, "/cancel", parse_job_response,
            (GDestroyNotify) hone_fine_tune_job_free, hone_openai_cancel_job_async,
            cancellable, callback, user_data);
}

HoneFineTuneJob *
hone_openai_cancel_job_finish (HoneOpenAI    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return call_finish (self, result, hone_openai_cancel_job_async, error);
}

void
hone_openai_list_jobs_async (HoneOpenAI          *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (HONE_IS_OPENAI (self));

  url = g_strconcat (self->base_url, "/fine_tuning/jobs?limit=100", NULL);
  call (self, make_request (self, "GET", url, TRUE), parse_job_list,
        (GDestroyNotify) g_ptr_array_unref, hone_openai_list_jobs_async,
        cancellable, callback, user_data);
}

GPtrArray *
hone_openai_list_jobs_finish (HoneOpenAI    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return call_finish (self, result, hone_openai_list_jobs_async, error);
}

void
hone_openai_list_checkpoints_async (HoneOpenAI          *self,
                                    const char          *job_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  job_call (self, "GET", job_id, "/checkpoints?limit=100", parse_checkpoint_list,
            (GDestroyNotify) g_ptr_array_unref, hone_openai_list_checkpoints_async,
            cancellable, callback, user_data);
}

GPtrArray *
hone_openai_list_checkpoints_finish (HoneOpenAI    *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return call_finish (self, result, hone_openai_list_checkpoints_async, error);
}

/* ---- events, page after page ---------------------------------------- */

typedef struct {
  char      *job_id;
  GPtrArray *events;   /* newest first, as OpenAI lists them */
  char      *after;
  guint      pages;
} EventsData;

static void
events_data_free (EventsData *data)
{
  g_free (data->job_id);
  g_ptr_array_unref (data->events);
  g_free (data->after);
  g_free (data);
}

static void events_next_page (GTask *task);

static gint
compare_event_times (gconstpointer a,
                     gconstpointer b)
{
  const HoneFineTuneEvent *ea = *(HoneFineTuneEvent * const *) a;
  const HoneFineTuneEvent *eb = *(HoneFineTuneEvent * const *) b;

  if (ea->created_at == NULL || eb->created_at == NULL)
    return 0;
  return g_date_time_compare (ea->created_at, eb->created_at);
}

static void
events_page_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EventsData *data = g_task_get_task_data (task);
  g_autoptr(HoneHttpResponse) response = NULL;
  const char *last_id = NULL;
  GError *error = NULL;
  JsonArray *array;
  JsonNode *has_more;
  gboolean more;

  response = hone_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  array = get_data_array (response->json, _("a list of job events"), &error);
  if (array == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      HoneFineTuneEvent *event;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          set_parse_error (&error, _("a list of job events"), "an event is not a JSON object");
          g_task_return_error (task, error);
          return;
        }
      object = json_node_get_object (item);
      event = hone_fine_tune_event_new ();
      event->created_at = get_time (object, "created_at");
      event->level = g_strdup (get_string (object, "level"));
      event->type = g_strdup (get_string (object, "type"));
      event->message = g_strdup (get_string (object, "message"));
      event->step = get_int (get_object (object, "data"), "step", -1);
      g_ptr_array_add (data->events, event);
      if (get_string (object, "id") != NULL)
        last_id = get_string (object, "id");
    }

  has_more = json_object_get_member (json_node_get_object (response->json), "has_more");
  more = has_more != NULL && JSON_NODE_HOLDS_VALUE (has_more) &&
         json_node_get_value_type (has_more) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (has_more);
  if (more && last_id != NULL && g_strcmp0 (last_id, data->after) != 0 &&
      data->pages < MAX_EVENT_PAGES)
    {
      g_free (data->after);
      data->after = g_strdup (last_id);
      events_next_page (g_steal_pointer (&task));
      return;
    }

  /* Oldest first; a stable sort keeps the order of events of one second */
  g_ptr_array_ref (data->events);
  for (guint i = 0, j = data->events->len; j > 1 && i < j - 1; i++, j--)
    {
      gpointer tmp = data->events->pdata[i];

      data->events->pdata[i] = data->events->pdata[j - 1];
      data->events->pdata[j - 1] = tmp;
    }
  g_ptr_array_sort (data->events, compare_event_times);
  g_task_return_pointer (task, data->events, (GDestroyNotify) g_ptr_array_unref);
}

static void
events_next_page (GTask *task)
{
  HoneOpenAI *self = g_task_get_source_object (task);
  EventsData *data = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autofree char *escaped = NULL;

  data->pages++;
  if (data->after != NULL)
    {
      escaped = g_uri_escape_string (data->after, NULL, FALSE);
      g_autofree char *tail = g_strconcat ("/events?limit=100&after=", escaped, NULL);

      url = job_url (self, data->job_id, tail);
    }
  else
    url = job_url (self, data->job_id, "/events?limit=100");
  hone_http_send_async (self->session, make_request (self, "GET", url, TRUE),
                        g_task_get_cancellable (task), events_page_done, task);
}

void
hone_openai_list_events_async (HoneOpenAI          *self,
                               const char          *job_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  EventsData *data;
  GTask *task;

  g_return_if_fail (HONE_IS_OPENAI (self));
  g_return_if_fail (job_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_openai_list_events_async);
  data = g_new0 (EventsData, 1);
  data->job_id = g_strdup (job_id);
  data->events = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_event_free);
  g_task_set_task_data (task, data, (GDestroyNotify) events_data_free);
  events_next_page (task);
}

GPtrArray *
hone_openai_list_events_finish (HoneOpenAI    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return call_finish (self, result, hone_openai_list_events_async, error);
}

/* ---- upload ---------------------------------------------------------- */

typedef struct {
  GBytes                 *contents;
  char                   *file_name;
  HoneOpenAIProgressFunc  progress;
  gpointer                progress_data;
  guint64                 sent;
  SoupMessage            *message;
} UploadData;

static void
upload_data_free (UploadData *data)
{
  g_clear_pointer (&data->contents, g_bytes_unref);
  g_free (data->file_name);
  if (data->message != NULL)
    g_signal_handlers_disconnect_by_data (data->message, data);
  g_clear_object (&data->message);
  g_free (data);
}

static void
report_progress (UploadData *data)
{
  if (data->progress != NULL)
    data->progress (data->sent, g_bytes_get_size (data->contents), data->progress_data);
}

static void
wrote_body_data (SoupMessage *message,
                 guint        chunk_size,
                 gpointer     user_data)
{
  UploadData *data = user_data;

  /* The multipart body is a little larger than the file */
  data->sent = MIN (data->sent + chunk_size, g_bytes_get_size (data->contents));
  report_progress (data);
}

/* OpenAI's {"error":{"message":…}}, cut short, without the key */
static char *
error_text (HoneOpenAI *self,
            GBytes     *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *error_object = NULL;
  const char *message = NULL;
  g_autofree char *text = NULL;

  if (body != NULL && json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                  g_bytes_get_size (body), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      error_object = get_object (json_node_get_object (json_parser_get_root (parser)), "error");
      if (error_object != NULL)
        message = get_string (error_object, "message");
    }
  if (message == NULL)
    return NULL;
  text = g_utf8_make_valid (message, -1);
  if (g_utf8_strlen (text, -1) > 300)
    {
      char *end = g_utf8_offset_to_pointer (text, 300);

      strcpy (end, "…");
    }
  if (self->api_key != NULL && *self->api_key != '\0' && strstr (text, self->api_key) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, self->api_key, -1);

      g_free (text);
      text = g_strjoinv ("…", parts);
    }
  return g_steal_pointer (&text);
}

static void
upload_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HoneOpenAI *self = g_task_get_source_object (task);
  UploadData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *json = NULL;
  g_autofree char *said = NULL;
  g_autofree char *detail = NULL;
  const char *id = NULL;
  GError *error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, error);
      else
        {
          g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_IO,
                                   _("“%s” could not be sent to OpenAI (%s): "
                                   "check the connection and try again."),
                                   data->file_name, error->message);
          g_error_free (error);
        }
      return;
    }

  status = soup_message_get_status (data->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      said = error_text (self, body);
      detail = said != NULL ? g_strdup_printf ("%u: %s", status, said)
                            : g_strdup_printf ("%u", status);
      if (status == 401 || status == 403)
        g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_AUTH,
                                 _("The API key was refused by OpenAI (%s): check it in Preferences."),
                                 detail);
      else if (status == 429)
        g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_BUSY,
                                 _("OpenAI is busy or the account’s limit was reached (%s): "
                                 "wait a little and upload “%s” again."), detail, data->file_name);
      else if (status >= 400 && status < 500)
        g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_INVALID,
                                 _("OpenAI refused “%s” (%s): fix what it says and upload it again."),
                                 data->file_name, detail);
      else
        g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_IO,
                                 _("OpenAI could not store “%s” (%s): try again later."),
                                 data->file_name, detail);
      return;
    }

  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                  g_bytes_get_size (body), NULL))
    json = json_parser_get_root (parser);
  if (json != NULL && JSON_NODE_HOLDS_OBJECT (json))
    id = get_string (json_node_get_object (json), "id");
  if (id == NULL)
    {
      set_parse_error (&error, _("an answer to the upload"), "no file “id”");
      g_task_return_error (task, error);
      return;
    }
  data->sent = g_bytes_get_size (data->contents);
  report_progress (data);
  g_task_return_pointer (task, g_strdup (id), g_free);
}

void
hone_openai_upload_bytes_async (HoneOpenAI             *self,
                                GBytes                 *contents,
                                const char             *file_name,
                                HoneOpenAIProgressFunc  progress,
                                gpointer                progress_data,
                                GCancellable           *cancellable,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  g_autofree char *content_type = NULL;
  SoupMessageHeaders *headers;
  UploadData *data;
  GTask *task;

  g_return_if_fail (HONE_IS_OPENAI (self));
  g_return_if_fail (contents != NULL);
  g_return_if_fail (file_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_openai_upload_bytes_async);
  data = g_new0 (UploadData, 1);
  data->contents = g_bytes_ref (contents);
  data->file_name = g_strdup (file_name);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) upload_data_free);

  url = g_strconcat (self->base_url, "/files", NULL);
  data->message = soup_message_new ("POST", url);
  if (data->message == NULL)
    {
      g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_INVALID,
                               _("“%s” is not a web address OpenAI can be reached at: "
                               "check the base URL in Preferences."), self->base_url);
      g_object_unref (task);
      return;
    }
  /* CreateFileRequest: purpose and file, as multipart/form-data */
  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_string (multipart, "purpose", "fine-tune");
  soup_multipart_append_form_file (multipart, "file", file_name, "application/jsonl", contents);
  headers = soup_message_get_request_headers (data->message);
  soup_multipart_to_message (multipart, headers, &body);
  content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  soup_message_set_request_body_from_bytes (data->message, content_type, body);
  if (self->api_key != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->api_key, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  soup_message_headers_replace (headers, "Accept", "application/json");
  /* It stores a file: sent once, never retried */
  g_signal_connect (data->message, "wrote-body-data", G_CALLBACK (wrote_body_data), data);
  data->sent = 0;
  report_progress (data);
  soup_session_send_and_read_async (self->session, data->message, G_PRIORITY_DEFAULT,
                                    cancellable, upload_done, task);
}

char *
hone_openai_upload_finish (HoneOpenAI    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return call_finish (self, result, hone_openai_upload_bytes_async, error);
}
