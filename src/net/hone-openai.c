/* hone-openai.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-openai.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "hone-error.h"
#include "hone-json.h"

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
  JsonObject *method = hone_json_get_object (job, "method");
  const char *type = method != NULL ? hone_json_get_string (method, "type") : NULL;
  JsonObject *hyper = NULL;

  if (type != NULL)
    hyper = hone_json_get_object (hone_json_get_object (method, type), "hyperparameters");
  if (hyper == NULL)
    hyper = hone_json_get_object (job, "hyperparameters");
  return hyper != NULL ? (gint) hone_json_get_int (hyper, "n_epochs", -1) : -1;
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
  if (hone_json_get_string (object, "id") == NULL)
    {
      set_parse_error (error, _("a fine-tuning job"), "it has no “id”");
      return NULL;
    }

  job = hone_fine_tune_job_new ();
  job->provider = g_strdup (PROVIDER_NAME);
  job->id = g_strdup (hone_json_get_string (object, "id"));
  job->raw_status = g_strdup (hone_json_get_string (object, "status"));
  job->status = status_from_openai (job->raw_status);
  job->base_model = g_strdup (hone_json_get_string (object, "model"));
  job->output_model = g_strdup (hone_json_get_string (object, "fine_tuned_model"));
  job->training_file = g_strdup (hone_json_get_string (object, "training_file"));
  job->validation_file = g_strdup (hone_json_get_string (object, "validation_file"));
  job->created_at = hone_json_get_time (object, "created_at");
  job->finished_at = hone_json_get_time (object, "finished_at");
  job->n_epochs = get_epochs (object);
  job->token_count = hone_json_get_int (object, "trained_tokens", -1);

  /* An object for failed jobs, null otherwise (examples send either) */
  job_error = hone_json_get_object (object, "error");
  if (job_error != NULL && hone_json_get_string (job_error, "message") != NULL)
    {
      const char *param = hone_json_get_string (job_error, "param");

      if (param != NULL)
        job->error_message = g_strdup_printf ("%s (%s)", hone_json_get_string (job_error, "message"),
                                              param);
      else
        job->error_message = g_strdup (hone_json_get_string (job_error, "message"));
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
      checkpoint->step = hone_json_get_int (object, "step_number", -1);
      checkpoint->created_at = hone_json_get_time (object, "created_at");
      checkpoint->path = g_strdup (hone_json_get_string (object, "fine_tuned_model_checkpoint"));
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
  return hone_http_request_new_for_api (PROVIDER_NAME, method, url, self->api_key, idempotent,
                                        &self->retry_policy);
}

static char *
job_url (HoneOpenAI *self,
         const char *job_id,
         const char *tail)
{
  g_autofree char *escaped = g_uri_escape_string (job_id, NULL, FALSE);

  return g_strconcat (self->base_url, "/fine_tuning/jobs/", escaped, tail, NULL);
}

static gpointer
call_finish (HoneOpenAI    *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (HONE_IS_OPENAI (self), NULL);
  return hone_http_call_finish (self, result, source_tag, error);
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
  hone_http_call_async (self->session, make_request (self, method, url, TRUE), self, parse,
                        free_result, source_tag, cancellable, callback, user_data);
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
      hone_http_return_error_later (self, hone_openai_create_fine_tune_async, error,
                                    callback, user_data);
      return;
    }
  body = hone_openai_build_fine_tune_body (settings, &error);
  if (body == NULL)
    {
      hone_http_return_error_later (self, hone_openai_create_fine_tune_async, error,
                                    callback, user_data);
      return;
    }
  url = g_strconcat (self->base_url, "/fine_tuning/jobs", NULL);
  /* Creating a job twice would pay for it twice: never re-sent after it
   * may have been done (hone-http still retries a 429) */
  request = make_request (self, "POST", url, FALSE);
  hone_http_request_take_json (request, body);
  hone_http_call_async (self->session, request, self, parse_job_response,
                        (GDestroyNotify) hone_fine_tune_job_free,
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
  hone_http_call_async (self->session, make_request (self, "GET", url, TRUE), self, parse_job_list,
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
      event->created_at = hone_json_get_time (object, "created_at");
      event->level = g_strdup (hone_json_get_string (object, "level"));
      event->type = g_strdup (hone_json_get_string (object, "type"));
      event->message = g_strdup (hone_json_get_string (object, "message"));
      event->step = hone_json_get_int (hone_json_get_object (object, "data"), "step", -1);
      /* "metrics" events: {"step", "train_loss", "valid_loss", …} in data
       * (the dashboard's loss curve; the spec leaves data free-form) */
      if (g_strcmp0 (event->type, "metrics") == 0)
        {
          JsonObject *metrics = hone_json_get_object (object, "data");

          if (!hone_json_get_number (metrics, "train_loss", &event->train_loss))
            event->train_loss = NAN;
          if (!hone_json_get_number (metrics, "full_valid_loss", &event->eval_loss) &&
              !hone_json_get_number (metrics, "valid_loss", &event->eval_loss))
            event->eval_loss = NAN;
        }
      g_ptr_array_add (data->events, event);
      if (hone_json_get_string (object, "id") != NULL)
        last_id = hone_json_get_string (object, "id");
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

static gpointer
parse_upload (HoneHttpResponse  *response,
              GError           **error)
{
  const char *id = NULL;

  if (response->json != NULL && JSON_NODE_HOLDS_OBJECT (response->json))
    id = hone_json_get_string (json_node_get_object (response->json), "id");
  if (id == NULL)
    {
      set_parse_error (error, _("an answer to the upload"), "no file “id”");
      return NULL;
    }
  return g_strdup (id);
}

static void
upload_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(HoneHttpResponse) response = NULL;
  GError *error = NULL;
  char *id = NULL;

  response = hone_http_upload_finish (result, &error);
  if (response != NULL)
    id = parse_upload (response, &error);
  if (id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
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
  static const char * const fields[] = { "purpose", "fine-tune", NULL };
  g_autofree char *url = NULL;
  HoneHttpRequest *request;
  GTask *task;

  g_return_if_fail (HONE_IS_OPENAI (self));
  g_return_if_fail (contents != NULL);
  g_return_if_fail (file_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_openai_upload_bytes_async);

  url = g_strconcat (self->base_url, "/files", NULL);
  /* It stores a file: sent once, never retried */
  request = make_request (self, "POST", url, FALSE);
  /* CreateFileRequest: purpose and file, as multipart/form-data */
  hone_http_request_set_multipart (request, fields, "file", file_name, "application/jsonl",
                                   contents);
  hone_http_upload_async (self->session, request, file_name, g_bytes_get_size (contents),
                          (HoneHttpProgressFunc) progress, progress_data, cancellable,
                          upload_done, task);
}

char *
hone_openai_upload_finish (HoneOpenAI    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return call_finish (self, result, hone_openai_upload_bytes_async, error);
}

/* ---- stored files ----------------------------------------------------- */

void
hone_openai_list_files_async (HoneOpenAI          *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (HONE_IS_OPENAI (self));

  /* GET /files: listFiles in shared/oracles/openai/openapi.yaml (one page: its limit
   * defaults to 10,000 files) */
  url = g_strconcat (self->base_url, "/files?purpose=fine-tune", NULL);
  hone_http_list_files_async (self->session, make_request (self, "GET", url, TRUE), self,
                              hone_openai_list_files_async, cancellable, callback, user_data);
}

GPtrArray *
hone_openai_list_files_finish (HoneOpenAI   *self,
                               GAsyncResult *result,
                               GError      **error)
{
  return call_finish (self, result, hone_openai_list_files_async, error);
}

void
hone_openai_delete_file_async (HoneOpenAI          *self,
                               const char          *file_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *url = NULL;

  g_return_if_fail (HONE_IS_OPENAI (self));
  g_return_if_fail (file_id != NULL);

  /* DELETE /files/{file_id}: deleteFile in the same spec */
  url = hone_http_build_url (self->base_url, "/files/", file_id);
  hone_http_delete_async (self->session, make_request (self, "DELETE", url, TRUE), self,
                          _("file"), file_id, hone_openai_delete_file_async, cancellable,
                          callback, user_data);
}

gboolean
hone_openai_delete_file_finish (HoneOpenAI   *self,
                                GAsyncResult *result,
                                GError      **error)
{
  return call_finish (self, result, hone_openai_delete_file_async, error) != NULL;
}
