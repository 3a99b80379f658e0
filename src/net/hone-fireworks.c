/* hone-fireworks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-fireworks.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "hone-error.h"
#include "hone-json.h"

#define PROVIDER_NAME "Fireworks AI"

struct _HoneFireworks
{
  GObject          parent_instance;

  SoupSession     *session;
  char            *base_url;
  char            *api_key;
  char            *account_id;
  HoneRetryPolicy  retry_policy;
};

G_DEFINE_FINAL_TYPE (HoneFireworks, hone_fireworks, G_TYPE_OBJECT)

static void
hone_fireworks_finalize (GObject *object)
{
  HoneFireworks *self = HONE_FIREWORKS (object);

  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->api_key);
  g_free (self->account_id);

  G_OBJECT_CLASS (hone_fireworks_parent_class)->finalize (object);
}

static void
hone_fireworks_class_init (HoneFireworksClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hone_fireworks_finalize;
}

static void
hone_fireworks_init (HoneFireworks *self)
{
  self->base_url = g_strdup (HONE_FIREWORKS_DEFAULT_BASE_URL);
  self->retry_policy = HONE_RETRY_POLICY_DEFAULT;
}

HoneFireworks *
hone_fireworks_new (SoupSession *session,
                    const char  *api_key,
                    const char  *account_id)
{
  HoneFireworks *self = g_object_new (HONE_TYPE_FIREWORKS, NULL);

  self->session = session != NULL ? g_object_ref (session) : hone_http_session_new ();
  self->api_key = g_strdup (api_key);
  self->account_id = g_strdup (account_id);
  return self;
}

const char *
hone_fireworks_get_base_url (HoneFireworks *self)
{
  g_return_val_if_fail (HONE_IS_FIREWORKS (self), NULL);
  return self->base_url;
}

void
hone_fireworks_set_base_url (HoneFireworks *self,
                             const char    *base_url)
{
  gsize len;

  g_return_if_fail (HONE_IS_FIREWORKS (self));

  g_free (self->base_url);
  self->base_url = g_strdup (base_url != NULL ? base_url : HONE_FIREWORKS_DEFAULT_BASE_URL);
  len = strlen (self->base_url);
  while (len > 0 && self->base_url[len - 1] == '/')
    self->base_url[--len] = '\0';
}

void
hone_fireworks_set_api_key (HoneFireworks *self,
                            const char    *api_key)
{
  g_return_if_fail (HONE_IS_FIREWORKS (self));

  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
}

const char *
hone_fireworks_get_account_id (HoneFireworks *self)
{
  g_return_val_if_fail (HONE_IS_FIREWORKS (self), NULL);
  return self->account_id;
}

void
hone_fireworks_set_account_id (HoneFireworks *self,
                               const char    *account_id)
{
  g_return_if_fail (HONE_IS_FIREWORKS (self));

  g_free (self->account_id);
  self->account_id = g_strdup (account_id);
}

void
hone_fireworks_set_retry_policy (HoneFireworks         *self,
                                 const HoneRetryPolicy *policy)
{
  g_return_if_fail (HONE_IS_FIREWORKS (self));
  g_return_if_fail (policy != NULL);

  self->retry_policy = *policy;
}

/* ---- settings → JSON ------------------------------------------------- */

void
hone_fireworks_fine_tune_settings_init (HoneFireworksFineTuneSettings *settings)
{
  memset (settings, 0, sizeof *settings);
  settings->epochs = -1;
  settings->learning_rate = NAN;
  settings->lora_rank = -1;
  settings->max_context_length = -1;
  settings->batch_size = -1;
  settings->early_stop = -1;
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
               _("No %s was chosen (the “%s” field Fireworks AI needs): choose one and try again."),
               what, field);
  return FALSE;
}

static gboolean
check_account (const char  *account_id,
               GError     **error)
{
  if (account_id != NULL && *account_id != '\0' && strchr (account_id, '/') == NULL)
    return TRUE;
  g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("No Fireworks AI account id was given: enter it in Preferences "
                       "(it is the FIREWORKS_ACCOUNT_ID of Fireworks’ own tools)."));
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
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL || *value == '\0')
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* "accounts/A/datasets/ID" for a bare "ID"; full names are kept */
static char *
dataset_name (const char *account_id,
              const char *dataset)
{
  if (g_str_has_prefix (dataset, "accounts/"))
    return g_strdup (dataset);
  return g_strconcat ("accounts/", account_id, "/datasets/", dataset, NULL);
}

JsonNode *
hone_fireworks_build_fine_tune_body (const HoneFireworksFineTuneSettings *s,
                                     const char                          *account_id,
                                     GError                             **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *dataset = NULL;
  g_autofree char *evaluation = NULL;

  g_return_val_if_fail (s != NULL, NULL);

  if (!check_required (s->base_model, "baseModel", _("base model"), error) ||
      !check_required (s->dataset, "dataset", _("training dataset"), error))
    return NULL;
  if ((!g_str_has_prefix (s->dataset, "accounts/") ||
       (s->evaluation_dataset != NULL && *s->evaluation_dataset != '\0' &&
        !g_str_has_prefix (s->evaluation_dataset, "accounts/"))) &&
      !check_account (account_id, error))
    return NULL;

  dataset = dataset_name (account_id, s->dataset);
  if (s->evaluation_dataset != NULL && *s->evaluation_dataset != '\0')
    evaluation = dataset_name (account_id, s->evaluation_dataset);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "baseModel", s->base_model);
  add_string (builder, "dataset", dataset);
  add_string (builder, "evaluationDataset", evaluation);
  add_string (builder, "outputModel", s->output_model);
  add_string (builder, "displayName", s->display_name);
  add_int (builder, "epochs", s->epochs);
  if (!isnan (s->learning_rate))
    {
      json_builder_set_member_name (builder, "learningRate");
      json_builder_add_double_value (builder, s->learning_rate);
    }
  add_int (builder, "loraRank", s->lora_rank);
  add_int (builder, "maxContextLength", s->max_context_length);
  add_int (builder, "batchSize", s->batch_size);
  if (s->early_stop >= 0)
    {
      json_builder_set_member_name (builder, "earlyStop");
      json_builder_add_boolean_value (builder, s->early_stop != 0);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ---- JSON → structs -------------------------------------------------- */

/* int64 values come as strings ("exampleCount": "120"), small ones as
 * numbers */
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
  else if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      *value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        return FALSE;
    }
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

static void
set_parse_error (GError     **error,
                 const char  *what,
                 const char  *detail)
{
  g_set_error (error, HONE_ERROR, HONE_ERROR_PARSE,
               _("Fireworks AI sent %s Hone does not understand (%s). "
               "Try again later; if it keeps happening, Hone may need an update."),
               what, detail);
}

/* The README's reading of the SDK's JobState: COMPLETED and EARLY_STOPPED
 * are success, FAILED and EXPIRED failures, CANCELLED the person's */
HoneFineTuneStatus
hone_fireworks_status_from_state (const char *state)
{
  static const struct { const char *word; HoneFineTuneStatus status; } map[] = {
    { "JOB_STATE_CREATING", HONE_FINE_TUNE_STATUS_PENDING },
    { "JOB_STATE_VALIDATING", HONE_FINE_TUNE_STATUS_PENDING },
    { "JOB_STATE_CREATING_INPUT_DATASET", HONE_FINE_TUNE_STATUS_PENDING },
    { "JOB_STATE_PENDING", HONE_FINE_TUNE_STATUS_QUEUED },
    { "JOB_STATE_RE_QUEUEING", HONE_FINE_TUNE_STATUS_QUEUED },
    { "JOB_STATE_IDLE", HONE_FINE_TUNE_STATUS_QUEUED },
    { "JOB_STATE_PAUSED", HONE_FINE_TUNE_STATUS_QUEUED },
    { "JOB_STATE_RUNNING", HONE_FINE_TUNE_STATUS_RUNNING },
    { "JOB_STATE_WRITING_RESULTS", HONE_FINE_TUNE_STATUS_RUNNING },
    { "JOB_STATE_CANCELLING", HONE_FINE_TUNE_STATUS_RUNNING },
    { "JOB_STATE_COMPLETED", HONE_FINE_TUNE_STATUS_SUCCEEDED },
    { "JOB_STATE_EARLY_STOPPED", HONE_FINE_TUNE_STATUS_SUCCEEDED },
    { "JOB_STATE_FAILED", HONE_FINE_TUNE_STATUS_FAILED },
    { "JOB_STATE_EXPIRED", HONE_FINE_TUNE_STATUS_FAILED },
    { "JOB_STATE_CANCELLED", HONE_FINE_TUNE_STATUS_CANCELLED },
    /* UNSPECIFIED, DELETING, DELETING_CLEANING_UP: unknown, raw kept */
  };

  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (state, map[i].word))
      return map[i].status;
  return HONE_FINE_TUNE_STATUS_UNKNOWN;
}

/* "accounts/a/supervisedFineTuningJobs/x" → "x" */
static const char *
last_segment (const char *name)
{
  const char *slash = name != NULL ? strrchr (name, '/') : NULL;

  return slash != NULL ? slash + 1 : name;
}

HoneFineTuneJob *
hone_fireworks_parse_job (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  JsonObject *object;
  JsonObject *progress;
  JsonObject *status;
  JsonObject *cost;
  const char *name;
  double percent;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_parse_error (error, _("a fine-tuning job"), "not a JSON object");
      return NULL;
    }
  object = json_node_get_object (node);
  name = hone_json_get_string (object, "name");
  if (name == NULL || *last_segment (name) == '\0')
    {
      set_parse_error (error, _("a fine-tuning job"), "it has no “name”");
      return NULL;
    }

  job = hone_fine_tune_job_new ();
  job->provider = g_strdup (PROVIDER_NAME);
  job->id = g_strdup (last_segment (name));
  job->raw_status = g_strdup (hone_json_get_string (object, "state"));
  job->status = hone_fireworks_status_from_state (job->raw_status);
  job->base_model = g_strdup (hone_json_get_string (object, "baseModel"));
  job->output_model = g_strdup (hone_json_get_string (object, "outputModel"));
  job->training_file = g_strdup (hone_json_get_string (object, "dataset"));
  job->validation_file = g_strdup (hone_json_get_string (object, "evaluationDataset"));
  job->created_at = hone_json_get_time (object, "createTime");
  job->updated_at = hone_json_get_time (object, "updateTime");
  job->finished_at = hone_json_get_time (object, "completedTime");
  job->n_epochs = (gint) get_int (object, "epochs", -1);

  progress = hone_json_get_object (object, "jobProgress");
  job->epochs_completed = (gint) get_int (progress, "epoch", -1);
  if (job->status == HONE_FINE_TUNE_STATUS_SUCCEEDED && job->n_epochs > 0)
    job->epochs_completed = job->n_epochs;
  if (progress != NULL && job->epochs_completed < 0 && job->n_epochs > 0 &&
      get_number (progress, "percent", &percent) && percent >= 0)
    job->epochs_completed = (gint) (job->n_epochs * MIN (percent, 100.0) / 100.0);
  job->token_count = get_int (progress, "inputTokens", -1);

  /* estimatedCost is google.type.Money: units (a string) + nanos */
  cost = hone_json_get_object (object, "estimatedCost");
  if (cost != NULL && g_strcmp0 (hone_json_get_string (cost, "currencyCode"), "USD") == 0)
    {
      double units = 0;
      gint64 nanos = get_int (cost, "nanos", 0);

      if (get_number (cost, "units", &units) || nanos != 0)
        job->total_price = units + nanos / 1e9;
    }

  status = hone_json_get_object (object, "status");
  if (job->status == HONE_FINE_TUNE_STATUS_FAILED || job->status == HONE_FINE_TUNE_STATUS_UNKNOWN)
    {
      const char *message = hone_json_get_string (status, "message");

      if (message != NULL && *message != '\0')
        job->error_message = g_strdup (message);
    }

  return g_steal_pointer (&job);
}

/* ---- requests -------------------------------------------------------- */

static HoneHttpRequest *
make_request (HoneFireworks *self,
              const char    *method,
              const char    *url,
              gboolean       idempotent)
{
  return hone_http_request_new_for_api (PROVIDER_NAME, method, url, self->api_key, idempotent,
                                        &self->retry_policy);
}

/* base/v1/accounts/{account}/{collection}[/{id}{verb}] */
static char *
account_url (HoneFireworks *self,
             const char    *collection,
             const char    *id,
             const char    *verb)
{
  g_autofree char *account = g_uri_escape_string (self->account_id, NULL, FALSE);
  g_autofree char *escaped = id != NULL ? g_uri_escape_string (last_segment (id), NULL, FALSE) : NULL;

  return g_strconcat (self->base_url, "/v1/accounts/", account, "/", collection,
                      escaped != NULL ? "/" : "", escaped != NULL ? escaped : "",
                      verb != NULL ? verb : "", NULL);
}

static gpointer
call_finish (HoneFireworks  *self,
             GAsyncResult   *result,
             gpointer        source_tag,
             GError        **error)
{
  g_return_val_if_fail (HONE_IS_FIREWORKS (self), NULL);
  return hone_http_call_finish (self, result, source_tag, error);
}

static gpointer
parse_job_response (HoneHttpResponse  *response,
                    GError           **error)
{
  return hone_fireworks_parse_job (response->json, error);
}

static gpointer
parse_job_list (HoneHttpResponse  *response,
                GError           **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_job_free);
  JsonNode *list;
  JsonArray *array;

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      set_parse_error (error, _("a list of fine-tuning jobs"), "not a JSON object");
      return NULL;
    }
  list = json_object_get_member (json_node_get_object (response->json), "supervisedFineTuningJobs");
  /* An empty list is sent as {} (proto3 leaves empty fields out) */
  if (list == NULL)
    return g_steal_pointer (&jobs);
  if (!JSON_NODE_HOLDS_ARRAY (list))
    {
      set_parse_error (error, _("a list of fine-tuning jobs"),
                       "“supervisedFineTuningJobs” is not a list");
      return NULL;
    }
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) local_error = NULL;
      HoneFineTuneJob *job = hone_fireworks_parse_job (json_array_get_element (array, i),
                                                       &local_error);

      if (job == NULL)
        {
          g_autofree char *detail = g_strdup_printf ("job %u of %u has no name or is not an object",
                                                     i + 1, json_array_get_length (array));

          set_parse_error (error, _("a list of fine-tuning jobs"), detail);
          return NULL;
        }
      g_ptr_array_add (jobs, job);
    }
  return g_steal_pointer (&jobs);
}

static gpointer
parse_dataset_state (HoneHttpResponse  *response,
                     GError           **error)
{
  const char *state = NULL;

  if (response->json != NULL && JSON_NODE_HOLDS_OBJECT (response->json))
    state = hone_json_get_string (json_node_get_object (response->json), "state");
  if (state == NULL)
    {
      set_parse_error (error, _("a dataset"), "it has no “state”");
      return NULL;
    }
  return g_strdup (state);
}

/* The job calls: on …/supervisedFineTuningJobs/{id}{verb} */
static void
job_call (HoneFireworks       *self,
          const char          *method,
          const char          *job_id,
          const char          *verb,
          HoneHttpParseFunc    parse,
          GDestroyNotify       free_result,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autofree char *url = NULL;
  HoneHttpRequest *request;
  GError *error = NULL;

  g_return_if_fail (HONE_IS_FIREWORKS (self));
  g_return_if_fail (job_id != NULL);

  if (!check_account (self->account_id, &error))
    {
      hone_http_return_error_later (self, source_tag, error, callback, user_data);
      return;
    }
  url = account_url (self, "supervisedFineTuningJobs", job_id, verb);
  /* A GET, a cancel or a delete: doing it twice does no harm */
  request = make_request (self, method, url, TRUE);
  if (g_str_equal (method, "POST"))
    hone_http_request_take_json (request, json_from_string ("{}", NULL));
  hone_http_call_async (self->session, request, self, parse, free_result, source_tag, cancellable,
                        callback, user_data);
}

void
hone_fireworks_create_job_async (HoneFireworks                       *self,
                                 const HoneFireworksFineTuneSettings *settings,
                                 GCancellable                        *cancellable,
                                 GAsyncReadyCallback                  callback,
                                 gpointer                             user_data)
{
  g_autofree char *url = NULL;
  HoneHttpRequest *request;
  GError *error = NULL;
  JsonNode *body;

  g_return_if_fail (HONE_IS_FIREWORKS (self));
  g_return_if_fail (settings != NULL);

  if (!check_account (self->account_id, &error) ||
      (body = hone_fireworks_build_fine_tune_body (settings, self->account_id, &error)) == NULL)
    {
      hone_http_return_error_later (self, hone_fireworks_create_job_async, error,
                                    callback, user_data);
      return;
    }
  url = account_url (self, "supervisedFineTuningJobs", NULL, NULL);
  if (settings->job_id != NULL && *settings->job_id != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (settings->job_id, NULL, FALSE);
      char *with_query = g_strconcat (url, "?supervisedFineTuningJobId=", escaped, NULL);

      g_free (url);
      url = with_query;
    }
  /* Creating a job twice would pay for it twice: never retried after it
   * may have been done (hone-http still retries a 429) */
  request = make_request (self, "POST", url, FALSE);
  hone_http_request_take_json (request, body);
  hone_http_call_async (self->session, request, self, parse_job_response,
                        (GDestroyNotify) hone_fine_tune_job_free, hone_fireworks_create_job_async,
                        cancellable, callback, user_data);
}

HoneFineTuneJob *
hone_fireworks_create_job_finish (HoneFireworks  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  return call_finish (self, result, hone_fireworks_create_job_async, error);
}

void
hone_fireworks_get_job_async (HoneFireworks       *self,
                              const char          *job_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  job_call (self, "GET", job_id, NULL, parse_job_response,
            (GDestroyNotify) hone_fine_tune_job_free, hone_fireworks_get_job_async,
            cancellable, callback, user_data);
}

HoneFineTuneJob *
hone_fireworks_get_job_finish (HoneFireworks  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  return call_finish (self, result, hone_fireworks_get_job_async, error);
}

void
hone_fireworks_cancel_job_async (HoneFireworks       *self,
                                 const char          *job_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  job_call (self, "POST", job_id, ":cancel", hone_http_parse_accepted, NULL,
            hone_fireworks_cancel_job_async, cancellable, callback, user_data);
}

gboolean
hone_fireworks_cancel_job_finish (HoneFireworks  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  return call_finish (self, result, hone_fireworks_cancel_job_async, error) != NULL;
}

void
hone_fireworks_delete_job_async (HoneFireworks       *self,
                                 const char          *job_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  job_call (self, "DELETE", job_id, NULL, hone_http_parse_accepted, NULL,
            hone_fireworks_delete_job_async, cancellable, callback, user_data);
}

gboolean
hone_fireworks_delete_job_finish (HoneFireworks  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  return call_finish (self, result, hone_fireworks_delete_job_async, error) != NULL;
}

void
hone_fireworks_list_jobs_async (HoneFireworks       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *url = NULL;
  g_autofree char *with_query = NULL;
  GError *error = NULL;

  g_return_if_fail (HONE_IS_FIREWORKS (self));

  if (!check_account (self->account_id, &error))
    {
      hone_http_return_error_later (self, hone_fireworks_list_jobs_async, error,
                                    callback, user_data);
      return;
    }
  url = account_url (self, "supervisedFineTuningJobs", NULL, NULL);
  with_query = g_strconcat (url, "?pageSize=200", NULL);
  hone_http_call_async (self->session, make_request (self, "GET", with_query, TRUE), self,
                        parse_job_list, (GDestroyNotify) g_ptr_array_unref,
                        hone_fireworks_list_jobs_async, cancellable, callback, user_data);
}

GPtrArray *
hone_fireworks_list_jobs_finish (HoneFireworks  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  return call_finish (self, result, hone_fireworks_list_jobs_async, error);
}

void
hone_fireworks_get_dataset_state_async (HoneFireworks       *self,
                                        const char          *dataset_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *url = NULL;
  GError *error = NULL;

  g_return_if_fail (HONE_IS_FIREWORKS (self));
  g_return_if_fail (dataset_id != NULL);

  if (!check_account (self->account_id, &error))
    {
      hone_http_return_error_later (self, hone_fireworks_get_dataset_state_async, error,
                                    callback, user_data);
      return;
    }
  url = account_url (self, "datasets", dataset_id, NULL);
  hone_http_call_async (self->session, make_request (self, "GET", url, TRUE), self,
                        parse_dataset_state, g_free, hone_fireworks_get_dataset_state_async,
                        cancellable, callback, user_data);
}

char *
hone_fireworks_get_dataset_state_finish (HoneFireworks  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  return call_finish (self, result, hone_fireworks_get_dataset_state_async, error);
}

void
hone_fireworks_delete_dataset_async (HoneFireworks       *self,
                                     const char          *dataset_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *url = NULL;
  GError *error = NULL;

  g_return_if_fail (HONE_IS_FIREWORKS (self));
  g_return_if_fail (dataset_id != NULL);

  if (!check_account (self->account_id, &error))
    {
      hone_http_return_error_later (self, hone_fireworks_delete_dataset_async, error, callback,
                                    user_data);
      return;
    }
  /* deleteDataset: DELETE /v1/accounts/{account_id}/datasets/{dataset_id}
   * (fireworks-derived.openapi.yaml; answers {}) */
  url = account_url (self, "datasets", dataset_id, NULL);
  hone_http_delete_async (self->session, make_request (self, "DELETE", url, TRUE), self,
                          _("dataset"), last_segment (dataset_id),
                          hone_fireworks_delete_dataset_async, cancellable, callback, user_data);
}

gboolean
hone_fireworks_delete_dataset_finish (HoneFireworks  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return call_finish (self, result, hone_fireworks_delete_dataset_async, error) != NULL;
}

/* ---- dataset upload -------------------------------------------------- */

typedef struct {
  char                      *dataset_id;
  GBytes                    *contents;
  char                      *file_name;
  HoneFireworksProgressFunc  progress;
  gpointer                   progress_data;
} UploadData;

static void
upload_data_free (UploadData *data)
{
  g_free (data->dataset_id);
  g_clear_pointer (&data->contents, g_bytes_unref);
  g_free (data->file_name);
  g_free (data);
}

static void
upload_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HoneFireworks *self = g_task_get_source_object (task);
  UploadData *data = g_task_get_task_data (task);
  g_autoptr(HoneHttpResponse) response = NULL;
  GError *error = NULL;

  response = hone_http_upload_finish (result, &error);
  if (response != NULL)
    {
      g_task_return_pointer (task,
                             g_strconcat ("accounts/", self->account_id, "/datasets/",
                                          data->dataset_id, NULL),
                             g_free);
      return;
    }
  /* The dataset record stays behind the failed upload */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, HONE_ERROR, HONE_ERROR_AUTH))
    g_prefix_error (&error, _("The dataset “%s” was created but its file was not stored: "
                              "upload again to reuse it, or delete it. "), data->dataset_id);
  g_task_return_error (task, error);
}

static void
dataset_created (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HoneFireworks *self = g_task_get_source_object (task);
  UploadData *data = g_task_get_task_data (task);
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autofree char *url = NULL;
  HoneHttpRequest *request;
  GCancellable *cancellable;
  GError *error = NULL;

  response = hone_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  url = account_url (self, "datasets", data->dataset_id, ":upload");
  /* It stores the file: sent once */
  request = make_request (self, "POST", url, FALSE);
  hone_http_request_set_multipart (request, NULL, "file", data->file_name,
                                   "application/octet-stream", data->contents);
  cancellable = g_task_get_cancellable (task);
  hone_http_upload_async (self->session, request, data->file_name,
                          g_bytes_get_size (data->contents),
                          (HoneHttpProgressFunc) data->progress, data->progress_data,
                          cancellable, upload_done, g_steal_pointer (&task));
}

void
hone_fireworks_upload_dataset_async (HoneFireworks             *self,
                                     const char                *dataset_id,
                                     const char                *display_name,
                                     gint64                     example_count,
                                     GBytes                    *contents,
                                     const char                *file_name,
                                     HoneFireworksProgressFunc  progress,
                                     gpointer                   progress_data,
                                     GCancellable              *cancellable,
                                     GAsyncReadyCallback        callback,
                                     gpointer                   user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *url = NULL;
  HoneHttpRequest *request;
  UploadData *data;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (HONE_IS_FIREWORKS (self));
  g_return_if_fail (dataset_id != NULL);
  g_return_if_fail (contents != NULL);
  g_return_if_fail (file_name != NULL);

  if (!check_account (self->account_id, &error))
    {
      hone_http_return_error_later (self, hone_fireworks_upload_dataset_async, error,
                                    callback, user_data);
      return;
    }
  if (g_bytes_get_size (contents) > HONE_FIREWORKS_MAX_UPLOAD_BYTES)
    {
      error = g_error_new (HONE_ERROR, HONE_ERROR_INVALID,
                           _("“%s” is larger than the %d MB Fireworks AI takes in one upload: "
                           "use fewer examples or split the data."),
                           file_name, HONE_FIREWORKS_MAX_UPLOAD_BYTES / 1000 / 1000);
      hone_http_return_error_later (self, hone_fireworks_upload_dataset_async, error,
                                    callback, user_data);
      return;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_fireworks_upload_dataset_async);
  data = g_new0 (UploadData, 1);
  data->dataset_id = g_strdup (last_segment (dataset_id));
  data->contents = g_bytes_ref (contents);
  data->file_name = g_strdup (file_name);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) upload_data_free);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "datasetId", data->dataset_id);
  json_builder_set_member_name (builder, "dataset");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "userUploaded");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  add_string (builder, "displayName", display_name);
  add_string (builder, "format", "CHAT");
  if (example_count >= 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, example_count);

      /* int64 travels as a string */
      add_string (builder, "exampleCount", count);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  url = account_url (self, "datasets", NULL, NULL);
  /* It creates a record: not retried after it may have been done */
  request = make_request (self, "POST", url, FALSE);
  hone_http_request_take_json (request, json_builder_get_root (builder));
  hone_http_send_async (self->session, request, cancellable, dataset_created, task);
}

char *
hone_fireworks_upload_dataset_finish (HoneFireworks  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return call_finish (self, result, hone_fireworks_upload_dataset_async, error);
}
