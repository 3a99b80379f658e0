/* test-fireworks.c: the Fireworks AI client against a fake Fireworks server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake answers the way shared/oracles/fireworks/README.md says Fireworks
 * does (read from the official Python SDK): resources under
 * /v1/accounts/{account}/…, custom verbs after a colon (…/datasets/ID:upload),
 * camelCase JSON, int64 as strings, JOB_STATE_* states, google-style error
 * bodies {code, message}. Every test also checks what Hone sent.
 */
#include "config.h"

#include <math.h>

#include "hone-error.h"
#include "hone-fake-server.h"
#include "hone-fireworks.h"

#define API_KEY "fw_secret-test-key-0123"
#define ACCOUNT "acme-ml"
#define JOBS "/v1/accounts/" ACCOUNT "/supervisedFineTuningJobs"
#define JOB_ID "sftj-7a1b2c"
#define JOB_PATH JOBS "/" JOB_ID
#define DATASETS "/v1/accounts/" ACCOUNT "/datasets"
#define BASE_MODEL "accounts/fireworks/models/qwen3-8b"

static const HoneRetryPolicy fast_policy = { 3, 10, 2000 };

typedef struct {
  HoneFakeServer *server;
  HoneFireworks  *client;
  gint            job_gets;   /* GETs of JOB_PATH so far (server thread) */
} Fixture;

/* ---- the fake Fireworks -------------------------------------------- */

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static JsonObject *
parse_body (GBytes     *body,
            JsonParser *parser)
{
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_get_object (json_parser_get_root (parser));
}

/* POST …/datasets: a Dataset, still UPLOADING */
static void
create_dataset (SoupServerMessage     *msg,
                const HoneFakeRequest *request,
                gpointer               user_data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body = parse_body (request->body, parser);
  g_autofree char *json = NULL;

  if (body == NULL || !json_object_has_member (body, "datasetId"))
    {
      set_json (msg, 400, "{\"code\":3,\"message\":\"datasetId is required\"}");
      return;
    }
  json = g_strdup_printf ("{\"name\":\"accounts/" ACCOUNT "/datasets/%s\",\"state\":\"UPLOADING\","
                          "\"createTime\":\"2026-11-20T10:00:00Z\",\"userUploaded\":{},"
                          "\"format\":\"CHAT\",\"exampleCount\":\"0\"}",
                          json_object_get_string_member (body, "datasetId"));
  set_json (msg, 200, json);
}

/* POST …/datasets/ds-1:upload: the SDK's file object */
static void
upload_dataset (SoupServerMessage     *msg,
                const HoneFakeRequest *request,
                gpointer               user_data)
{
  set_json (msg, 200, "{\"id\":\"ds-1\",\"object\":\"file\",\"bytes\":300000,"
                      "\"created_at\":1763630000,\"filename\":\"train.jsonl\",\"purpose\":\"fine-tune\"}");
}

/* POST …/supervisedFineTuningJobs: a new job made of what was asked */
static void
create_job (SoupServerMessage     *msg,
            const HoneFakeRequest *request,
            gpointer               user_data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body = parse_body (request->body, parser);
  g_autofree char *json = NULL;

  if (body == NULL || !json_object_has_member (body, "dataset"))
    {
      set_json (msg, 400, "{\"code\":3,\"message\":\"dataset is required\"}");
      return;
    }
  json = g_strdup_printf ("{\"name\":\"accounts/" ACCOUNT "/supervisedFineTuningJobs/" JOB_ID "\","
                          "\"state\":\"JOB_STATE_CREATING\",\"createTime\":\"2026-11-20T10:00:00Z\","
                          "\"baseModel\":\"%s\",\"dataset\":\"%s\",\"epochs\":%" G_GINT64_FORMAT ","
                          "\"outputModel\":\"accounts/" ACCOUNT "/models/%s\"}",
                          json_object_get_string_member_with_default (body, "baseModel", ""),
                          json_object_get_string_member (body, "dataset"),
                          json_object_get_int_member_with_default (body, "epochs", 1),
                          json_object_get_string_member_with_default (body, "outputModel", JOB_ID));
  set_json (msg, 200, json);
}

/* GET JOB_PATH: validating, pending, running, writing results, completed */
static void
get_job (SoupServerMessage     *msg,
         const HoneFakeRequest *request,
         gpointer               user_data)
{
  static const char * const states[] = {
    "JOB_STATE_VALIDATING", "JOB_STATE_PENDING", "JOB_STATE_RUNNING", "JOB_STATE_WRITING_RESULTS",
  };
  Fixture *fixture = user_data;
  gint n = g_atomic_int_add (&fixture->job_gets, 1);
  g_autofree char *json = NULL;

  if (n < (gint) G_N_ELEMENTS (states))
    json = g_strdup_printf ("{\"name\":\"accounts/" ACCOUNT "/supervisedFineTuningJobs/" JOB_ID "\","
                            "\"state\":\"%s\",\"createTime\":\"2026-11-20T10:00:00Z\","
                            "\"updateTime\":\"2026-11-20T10:0%d:00Z\",\"baseModel\":\"" BASE_MODEL "\","
                            "\"dataset\":\"accounts/" ACCOUNT "/datasets/ds-1\",\"epochs\":2,"
                            "\"status\":{\"code\":\"OK\",\"message\":\"\"},"
                            "\"jobProgress\":{\"percent\":%d,\"epoch\":%d}}",
                            states[n], n + 1, n * 25, n >= 2 ? 1 : 0);
  else
    json = g_strdup ("{\"name\":\"accounts/" ACCOUNT "/supervisedFineTuningJobs/" JOB_ID "\","
                     "\"state\":\"JOB_STATE_COMPLETED\",\"createTime\":\"2026-11-20T10:00:00Z\","
                     "\"updateTime\":\"2026-11-20T11:30:00Z\",\"completedTime\":\"2026-11-20T11:29:00Z\","
                     "\"baseModel\":\"" BASE_MODEL "\",\"dataset\":\"accounts/" ACCOUNT "/datasets/ds-1\","
                     "\"outputModel\":\"accounts/" ACCOUNT "/models/support-bot\",\"epochs\":2,"
                     "\"status\":{\"code\":\"OK\"},"
                     "\"jobProgress\":{\"percent\":100,\"epoch\":2,\"inputTokens\":\"850000\"},"
                     "\"estimatedCost\":{\"currencyCode\":\"USD\",\"units\":\"1\",\"nanos\":500000000}}");
  set_json (msg, 200, json);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = hone_fake_server_new ();
  hone_fake_server_add_route (fixture->server, "POST", DATASETS, create_dataset, NULL, NULL);
  hone_fake_server_add_route (fixture->server, "POST", DATASETS "/ds-1:upload", upload_dataset,
                              NULL, NULL);
  hone_fake_server_add_route (fixture->server, "POST", JOBS, create_job, NULL, NULL);
  hone_fake_server_add_route (fixture->server, "GET", JOB_PATH, get_job, fixture, NULL);

  fixture->client = hone_fireworks_new (NULL, API_KEY, ACCOUNT);
  hone_fireworks_set_base_url (fixture->client, hone_fake_server_get_base_url (fixture->server));
  hone_fireworks_set_retry_policy (fixture->client, &fast_policy);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, hone_fake_server_free);
}

/* ---- helpers ------------------------------------------------------- */

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static HoneFakeRequest *
only_request (Fixture    *fixture,
              const char *method,
              const char *path)
{
  g_autoptr(GPtrArray) requests = hone_fake_server_get_requests (fixture->server);
  HoneFakeRequest *found = NULL;

  g_assert_cmpuint (hone_fake_server_count (fixture->server, method, path), ==, 1);
  for (guint i = 0; i < requests->len && found == NULL; i++)
    {
      HoneFakeRequest *r = g_ptr_array_index (requests, i);

      if (g_str_equal (r->method, method) && g_str_equal (r->path, path))
        found = g_ptr_array_steal_index (requests, i);
    }
  g_assert_nonnull (found);
  return found;
}

static void
assert_bearer (HoneFakeRequest *request)
{
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   "Bearer " API_KEY);
}

static JsonObject *
request_json (HoneFakeRequest *request,
              JsonParser      *parser)
{
  JsonObject *object;

  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (request->headers, NULL),
                                   "application/json"));
  object = parse_body (request->body, parser);
  g_assert_nonnull (object);
  return object;
}

static void
init_settings (HoneFireworksFineTuneSettings *s)
{
  hone_fireworks_fine_tune_settings_init (s);
  s->base_model = BASE_MODEL;
  s->dataset = "ds-1";
}

static HoneFineTuneJob *
create_now (Fixture                             *fixture,
            const HoneFireworksFineTuneSettings *s,
            GError                             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_fireworks_create_job_async (fixture->client, s, NULL, got_result, &result);
  return hone_fireworks_create_job_finish (fixture->client, wait_result (&result), error);
}

static HoneFineTuneJob *
get_job_now (Fixture  *fixture,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_fireworks_get_job_async (fixture->client, JOB_ID, NULL, got_result, &result);
  return hone_fireworks_get_job_finish (fixture->client, wait_result (&result), error);
}

/* ---- datasets ------------------------------------------------------ */

typedef struct {
  GArray       *sent;       /* guint64 */
  guint64       total;
  GCancellable *cancel_on_first_bytes;
} Progress;

static void
on_progress (guint64  sent,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_array_append_val (progress->sent, sent);
  progress->total = total;
  if (progress->cancel_on_first_bytes != NULL && sent > 0)
    g_cancellable_cancel (progress->cancel_on_first_bytes);
}

static GBytes *
make_training_bytes (gsize size)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; text->len < size; i++)
    g_string_append_printf (text, "{\"messages\":[{\"role\":\"user\",\"content\":\"question %u\"},"
                                  "{\"role\":\"assistant\",\"content\":\"answer %u\"}]}\n", i, i);
  return g_string_free_to_bytes (text);
}

static void
test_dataset_upload (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_training_bytes (300 * 1024);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFakeRequest) create = NULL;
  g_autoptr(HoneFakeRequest) upload = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autofree char *name = NULL;
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (guint64)), 0, NULL };
  JsonObject *body;
  JsonObject *dataset;
  SoupMessageHeaders *part_headers = NULL;
  GBytes *part_body = NULL;
  GHashTable *params = NULL;
  GError *error = NULL;

  hone_fireworks_upload_dataset_async (fixture->client, "ds-1", "Support chats", 120,
                                       contents, "train.jsonl", on_progress, &progress,
                                       NULL, got_result, &result);
  name = hone_fireworks_upload_dataset_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "accounts/" ACCOUNT "/datasets/ds-1");

  /* 1. the dataset record */
  create = only_request (fixture, "POST", DATASETS);
  assert_bearer (create);
  body = request_json (create, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "datasetId"), ==, "ds-1");
  dataset = json_object_get_object_member (body, "dataset");
  g_assert_nonnull (dataset);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (dataset, "userUploaded")));
  g_assert_cmpstr (json_object_get_string_member (dataset, "format"), ==, "CHAT");
  g_assert_cmpstr (json_object_get_string_member (dataset, "displayName"), ==, "Support chats");
  /* int64 as a string, as Fireworks' JSON has it */
  g_assert_cmpstr (json_object_get_string_member (dataset, "exampleCount"), ==, "120");

  /* 2. the file, multipart part "file", with the key */
  upload = only_request (fixture, "POST", DATASETS "/ds-1:upload");
  assert_bearer (upload);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (upload->headers, NULL),
                                   "multipart/form-data"));
  multipart = soup_multipart_new_from_message (upload->headers, upload->body);
  g_assert_nonnull (multipart);
  g_assert_cmpint (soup_multipart_get_length (multipart), ==, 1);
  g_assert_true (soup_multipart_get_part (multipart, 0, &part_headers, &part_body));
  g_assert_true (soup_message_headers_get_content_disposition (part_headers, NULL, &params));
  g_assert_cmpstr (g_hash_table_lookup (params, "name"), ==, "file");
  g_assert_cmpstr (g_hash_table_lookup (params, "filename"), ==, "train.jsonl");
  g_hash_table_unref (params);
  g_assert_true (g_bytes_equal (part_body, contents));

  /* Progress: from 0 to the whole, never backwards */
  g_assert_cmpuint (progress.total, ==, g_bytes_get_size (contents));
  g_assert_cmpuint (progress.sent->len, >=, 3);
  g_assert_cmpuint (g_array_index (progress.sent, guint64, 0), ==, 0);
  for (guint i = 1; i < progress.sent->len; i++)
    g_assert_cmpuint (g_array_index (progress.sent, guint64, i), >=,
                      g_array_index (progress.sent, guint64, i - 1));
  g_assert_cmpuint (g_array_index (progress.sent, guint64, progress.sent->len - 1), ==,
                    g_bytes_get_size (contents));
  g_array_unref (progress.sent);
}

static void
test_dataset_upload_cancel (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_training_bytes (300 * 1024);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *name = NULL;
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (guint64)), 0, cancellable };
  GError *error = NULL;

  /* The upload never gets an answer: only the cancel ends it */
  hone_fake_response_set_action (hone_fake_server_push (fixture->server, "POST",
                                                        DATASETS "/ds-1:upload", 200, NULL, NULL),
                                 HONE_FAKE_HANG);
  hone_fireworks_upload_dataset_async (fixture->client, "ds-1", NULL, -1, contents, "train.jsonl",
                                       on_progress, &progress, cancellable, got_result, &result);
  name = hone_fireworks_upload_dataset_finish (fixture->client, wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (name);
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", DATASETS), ==, 1);
  g_array_unref (progress.sent);
}

static void
test_dataset_upload_refused (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_training_bytes (2000);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "POST", DATASETS "/ds-1:upload", 401,
                              "{\"code\":16,\"message\":\"unauthenticated: bad key\"}");
  hone_fireworks_upload_dataset_async (fixture->client, "ds-1", NULL, -1, contents, "train.jsonl",
                                       NULL, NULL, NULL, got_result, &result);
  name = hone_fireworks_upload_dataset_finish (fixture->client, wait_result (&result), &error);
  g_assert_null (name);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Fireworks AI"));
  g_assert_nonnull (strstr (error->message, "bad key"));
  g_assert_null (strstr (error->message, API_KEY));
  g_clear_error (&error);
}

static void
test_dataset_state (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *state = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "GET", DATASETS "/ds-1", 200,
                              "{\"name\":\"accounts/" ACCOUNT "/datasets/ds-1\",\"state\":\"READY\","
                              "\"exampleCount\":\"120\"}");
  hone_fireworks_get_dataset_state_async (fixture->client, "accounts/" ACCOUNT "/datasets/ds-1",
                                          NULL, got_result, &result);
  state = hone_fireworks_get_dataset_state_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (state, ==, "READY");
}

/* ---- jobs ---------------------------------------------------------- */

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  g_autoptr(HoneFakeRequest) request = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  HoneFireworksFineTuneSettings s;
  JsonObject *body;
  GError *error = NULL;

  init_settings (&s);
  s.evaluation_dataset = "accounts/other/datasets/eval-1";
  s.epochs = 3;
  s.learning_rate = 0.0001;
  s.lora_rank = 16;
  s.max_context_length = 8192;
  s.output_model = "support-bot";
  s.display_name = "Support bot";
  job = create_now (fixture, &s, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (job->provider, ==, "Fireworks AI");
  g_assert_cmpstr (job->id, ==, JOB_ID);
  g_assert_cmpint (job->status, ==, HONE_FINE_TUNE_STATUS_PENDING);
  g_assert_cmpstr (job->raw_status, ==, "JOB_STATE_CREATING");
  g_assert_cmpstr (job->base_model, ==, BASE_MODEL);
  g_assert_cmpstr (job->training_file, ==, "accounts/" ACCOUNT "/datasets/ds-1");
  g_assert_cmpstr (job->output_model, ==, "accounts/" ACCOUNT "/models/support-bot");
  g_assert_cmpint (job->n_epochs, ==, 3);

  request = only_request (fixture, "POST", JOBS);
  assert_bearer (request);
  g_assert_null (request->query);
  body = request_json (request, parser);
  g_assert_cmpuint (json_object_get_size (body), ==, 9);
  g_assert_cmpstr (json_object_get_string_member (body, "baseModel"), ==, BASE_MODEL);
  g_assert_cmpstr (json_object_get_string_member (body, "dataset"), ==,
                   "accounts/" ACCOUNT "/datasets/ds-1");
  g_assert_cmpstr (json_object_get_string_member (body, "evaluationDataset"), ==,
                   "accounts/other/datasets/eval-1");
  g_assert_cmpint (json_object_get_int_member (body, "epochs"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "learningRate"), 0.0001, 1e-12);
  g_assert_cmpint (json_object_get_int_member (body, "loraRank"), ==, 16);
  g_assert_cmpint (json_object_get_int_member (body, "maxContextLength"), ==, 8192);
  g_assert_cmpstr (json_object_get_string_member (body, "outputModel"), ==, "support-bot");
  g_assert_cmpstr (json_object_get_string_member (body, "displayName"), ==, "Support bot");
}

static void
test_create_minimal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  g_autoptr(HoneFakeRequest) request = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  HoneFireworksFineTuneSettings s;
  JsonObject *body;
  GError *error = NULL;

  /* Unset = not sent; a job id goes in the query */
  init_settings (&s);
  s.job_id = "my-job";
  job = create_now (fixture, &s, &error);
  g_assert_no_error (error);
  request = only_request (fixture, "POST", JOBS);
  g_assert_cmpstr (request->query, ==, "supervisedFineTuningJobId=my-job");
  body = request_json (request, parser);
  g_assert_cmpuint (json_object_get_size (body), ==, 2);
  g_assert_true (json_object_has_member (body, "baseModel"));
  g_assert_true (json_object_has_member (body, "dataset"));
}

static void
test_settings_refused (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneFireworksFineTuneSettings s;
  GError *error = NULL;

  init_settings (&s);
  s.dataset = NULL;
  job = create_now (fixture, &s, &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "dataset"));
  g_clear_error (&error);

  /* No account: nothing can be named */
  hone_fireworks_set_account_id (fixture->client, NULL);
  init_settings (&s);
  job = create_now (fixture, &s, &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "account"));
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, NULL, NULL), ==, 0);
}

static void
test_create_401 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneFireworksFineTuneSettings s;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "POST", JOBS, 401,
                              "{\"code\":16,\"message\":\"invalid API key\",\"details\":[]}");
  init_settings (&s);
  job = create_now (fixture, &s, &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Fireworks AI"));
  g_assert_nonnull (strstr (error->message, "invalid API key"));
  g_assert_null (strstr (error->message, API_KEY));
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", JOBS), ==, 1);
}

static void
test_create_never_resent (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneFireworksFineTuneSettings s;
  GError *error = NULL;

  /* A 500 may come after the job was made: no second POST */
  hone_fake_server_push_json (fixture->server, "POST", JOBS, 500,
                              "{\"code\":13,\"message\":\"internal error\"}");
  init_settings (&s);
  job = create_now (fixture, &s, &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", JOBS), ==, 1);
}

static void
test_create_429 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneFireworksFineTuneSettings s;
  GError *error = NULL;

  /* A 429 was not acted on: the one case a create is sent again */
  hone_fake_response_add_header (hone_fake_server_push_json (fixture->server, "POST", JOBS, 429,
                                                             "{\"code\":8,\"message\":\"rate limited\"}"),
                                 "Retry-After", "1");
  init_settings (&s);
  job = create_now (fixture, &s, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (job->id, ==, JOB_ID);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", JOBS), ==, 2);
  g_assert_cmpuint (hone_fake_server_pending (fixture->server), ==, 0);
}

static void
test_job_lifecycle (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct { HoneFineTuneStatus status; const char *raw; } expected[] = {
    { HONE_FINE_TUNE_STATUS_PENDING, "JOB_STATE_VALIDATING" },
    { HONE_FINE_TUNE_STATUS_QUEUED, "JOB_STATE_PENDING" },
    { HONE_FINE_TUNE_STATUS_RUNNING, "JOB_STATE_RUNNING" },
    { HONE_FINE_TUNE_STATUS_RUNNING, "JOB_STATE_WRITING_RESULTS" },
    { HONE_FINE_TUNE_STATUS_SUCCEEDED, "JOB_STATE_COMPLETED" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(HoneFineTuneJob) job = NULL;
      GError *error = NULL;

      job = get_job_now (fixture, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (job->id, ==, JOB_ID);
      g_assert_cmpint (job->status, ==, expected[i].status);
      g_assert_cmpstr (job->raw_status, ==, expected[i].raw);
      g_assert_cmpint (hone_fine_tune_status_is_final (job->status), ==,
                       i == G_N_ELEMENTS (expected) - 1);
      g_assert_nonnull (job->created_at);
      if (i == 2)
        g_assert_cmpint (job->epochs_completed, ==, 1);
      if (i == G_N_ELEMENTS (expected) - 1)
        {
          g_autofree char *finished = g_date_time_format_iso8601 (job->finished_at);

          g_assert_cmpstr (finished, ==, "2026-11-20T11:29:00Z");
          g_assert_cmpstr (job->output_model, ==, "accounts/" ACCOUNT "/models/support-bot");
          g_assert_cmpint (job->n_epochs, ==, 2);
          g_assert_cmpint (job->epochs_completed, ==, 2);
          g_assert_cmpint (job->token_count, ==, 850000);
          g_assert_cmpfloat_with_epsilon (job->total_price, 1.5, 1e-9);
          g_assert_null (job->error_message);
        }
    }
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "GET", JOB_PATH), ==,
                    G_N_ELEMENTS (expected));
}

static void
test_states (void)
{
  static const struct { const char *state; HoneFineTuneStatus status; } map[] = {
    { "JOB_STATE_CREATING", HONE_FINE_TUNE_STATUS_PENDING },
    { "JOB_STATE_CREATING_INPUT_DATASET", HONE_FINE_TUNE_STATUS_PENDING },
    { "JOB_STATE_RE_QUEUEING", HONE_FINE_TUNE_STATUS_QUEUED },
    { "JOB_STATE_CANCELLING", HONE_FINE_TUNE_STATUS_RUNNING },
    { "JOB_STATE_EARLY_STOPPED", HONE_FINE_TUNE_STATUS_SUCCEEDED },
    { "JOB_STATE_FAILED", HONE_FINE_TUNE_STATUS_FAILED },
    { "JOB_STATE_EXPIRED", HONE_FINE_TUNE_STATUS_FAILED },
    { "JOB_STATE_CANCELLED", HONE_FINE_TUNE_STATUS_CANCELLED },
    { "JOB_STATE_UNSPECIFIED", HONE_FINE_TUNE_STATUS_UNKNOWN },
    { "JOB_STATE_SOMETHING_NEW", HONE_FINE_TUNE_STATUS_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    g_assert_cmpint (hone_fireworks_status_from_state (map[i].state), ==, map[i].status);
}

static void
test_failed_job (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "GET", JOB_PATH, 200,
                              "{\"name\":\"accounts/" ACCOUNT "/supervisedFineTuningJobs/" JOB_ID "\","
                              "\"state\":\"JOB_STATE_FAILED\",\"status\":{\"code\":\"INVALID_ARGUMENT\","
                              "\"message\":\"dataset has fewer than 3 examples\"}}");
  job = get_job_now (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (job->status, ==, HONE_FINE_TUNE_STATUS_FAILED);
  g_assert_cmpstr (job->error_message, ==, "dataset has fewer than 3 examples");
  g_assert_cmpfloat (job->total_price, <, 0);
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(HoneFakeRequest) request = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "GET", JOBS, 200,
                              "{\"supervisedFineTuningJobs\":["
                              "{\"name\":\"accounts/" ACCOUNT "/supervisedFineTuningJobs/a\",\"state\":\"JOB_STATE_RUNNING\"},"
                              "{\"name\":\"accounts/" ACCOUNT "/supervisedFineTuningJobs/b\",\"state\":\"JOB_STATE_CANCELLED\"}],"
                              "\"nextPageToken\":\"\"}");
  hone_fireworks_list_jobs_async (fixture->client, NULL, got_result, &result);
  jobs = hone_fireworks_list_jobs_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 2);
  g_assert_cmpstr (((HoneFineTuneJob *) jobs->pdata[0])->id, ==, "a");
  g_assert_cmpint (((HoneFineTuneJob *) jobs->pdata[1])->status, ==, HONE_FINE_TUNE_STATUS_CANCELLED);
  request = only_request (fixture, "GET", JOBS);
  assert_bearer (request);
  g_assert_cmpstr (request->query, ==, "pageSize=200");
}

static void
test_list_empty (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  GError *error = NULL;

  /* proto3 JSON leaves an empty list out */
  hone_fake_server_push_json (fixture->server, "GET", JOBS, 200, "{}");
  hone_fireworks_list_jobs_async (fixture->client, NULL, got_result, &result);
  jobs = hone_fireworks_list_jobs_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 0);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const list_bodies[] = {
    "{\"supervisedFineTuningJobs\":[{\"name\":\"a\"",              /* cut off */
    "{\"supervisedFineTuningJobs\":{\"name\":\"a\"}}",             /* not a list */
    "{\"supervisedFineTuningJobs\":[{\"state\":\"JOB_STATE_RUNNING\"}]}", /* no name */
    "[]",
  };
  static const char * const job_bodies[] = {
    "{\"name\":\"accounts/x/supervisedFineTuningJobs/",             /* cut off */
    "{\"state\":\"JOB_STATE_RUNNING\"}",                            /* no name */
    "\"JOB_STATE_RUNNING\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (list_bodies); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) jobs = NULL;
      GError *error = NULL;

      hone_fake_server_push_json (fixture->server, "GET", JOBS, 200, list_bodies[i]);
      hone_fireworks_list_jobs_async (fixture->client, NULL, got_result, &result);
      jobs = hone_fireworks_list_jobs_finish (fixture->client, wait_result (&result), &error);
      g_assert_null (jobs);
      g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "Fireworks AI"));
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (job_bodies); i++)
    {
      g_autoptr(HoneFineTuneJob) job = NULL;
      GError *error = NULL;

      hone_fake_server_push_json (fixture->server, "GET", JOB_PATH, 200, job_bodies[i]);
      job = get_job_now (fixture, &error);
      g_assert_null (job);
      g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
      g_clear_error (&error);
    }
  /* A broken body is not retried: the server answered */
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "GET", JOBS), ==,
                    G_N_ELEMENTS (list_bodies));
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "GET", JOB_PATH), ==,
                    G_N_ELEMENTS (job_bodies));
}

static void
test_cancel_delete (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(HoneFakeRequest) cancel = NULL;
  g_autoptr(HoneFakeRequest) delete = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "POST", JOB_PATH ":cancel", 200, "{}");
  hone_fireworks_cancel_job_async (fixture->client, JOB_ID, NULL, got_result, &result);
  g_assert_true (hone_fireworks_cancel_job_finish (fixture->client, wait_result (&result), &error));
  g_assert_no_error (error);
  cancel = only_request (fixture, "POST", JOB_PATH ":cancel");
  assert_bearer (cancel);

  hone_fake_server_push_json (fixture->server, "DELETE", JOB_PATH, 200, "{}");
  hone_fireworks_delete_job_async (fixture->client, JOB_ID, NULL, got_result, &result2);
  g_assert_true (hone_fireworks_delete_job_finish (fixture->client, wait_result (&result2), &error));
  g_assert_no_error (error);
  delete = only_request (fixture, "DELETE", JOB_PATH);
  assert_bearer (delete);
}

static void
test_delete_dataset (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) by_name = NULL;
  g_autoptr(GAsyncResult) gone = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  GError *error = NULL;

  /* deleteDataset answers {} */
  hone_fake_server_push_json (fixture->server, "DELETE", DATASETS "/ds-1", 200, "{}");
  hone_fireworks_delete_dataset_async (fixture->client, "ds-1", NULL, got_result, &result);
  g_assert_true (hone_fireworks_delete_dataset_finish (fixture->client, wait_result (&result),
                                                       &error));
  g_assert_no_error (error);

  /* The full name, as upload_dataset returns it, reaches the same path */
  hone_fake_server_push_json (fixture->server, "DELETE", DATASETS "/ds-1", 200, "{}");
  hone_fireworks_delete_dataset_async (fixture->client, "accounts/" ACCOUNT "/datasets/ds-1",
                                       NULL, got_result, &by_name);
  g_assert_true (hone_fireworks_delete_dataset_finish (fixture->client, wait_result (&by_name),
                                                       &error));
  g_assert_no_error (error);
  requests = hone_fake_server_get_requests (fixture->server);
  g_assert_cmpuint (requests->len, ==, 2);
  for (guint i = 0; i < requests->len; i++)
    {
      HoneFakeRequest *request = g_ptr_array_index (requests, i);

      g_assert_cmpstr (request->method, ==, "DELETE");
      g_assert_cmpstr (request->path, ==, DATASETS "/ds-1");
      assert_bearer (request);
    }

  /* google.rpc.Status NOT_FOUND */
  hone_fake_server_push_json (fixture->server, "DELETE", DATASETS "/ds-gone", 404,
                              "{\"code\":5,\"message\":\"dataset not found\"}");
  hone_fireworks_delete_dataset_async (fixture->client, "ds-gone", NULL, got_result, &gone);
  g_assert_false (hone_fireworks_delete_dataset_finish (fixture->client, wait_result (&gone),
                                                        &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "The dataset “ds-gone” at Fireworks AI could not be deleted"));
  g_assert_nonnull (strstr (error->message, "dataset not found"));
  g_assert_null (strstr (error->message, API_KEY));
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "DELETE", DATASETS "/ds-gone"), ==, 1);
}

static void
test_base_url (void)
{
  g_autoptr(HoneFireworks) client = hone_fireworks_new (NULL, NULL, "a");

  g_assert_cmpstr (hone_fireworks_get_base_url (client), ==, "https://api.fireworks.ai");
  hone_fireworks_set_base_url (client, "http://127.0.0.1:4012//");
  g_assert_cmpstr (hone_fireworks_get_base_url (client), ==, "http://127.0.0.1:4012");
  g_assert_cmpstr (hone_fireworks_get_account_id (client), ==, "a");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/fireworks/base-url", test_base_url);
  g_test_add_func ("/fireworks/states", test_states);
  ADD ("/fireworks/dataset-upload", test_dataset_upload);
  ADD ("/fireworks/dataset-upload-cancel", test_dataset_upload_cancel);
  ADD ("/fireworks/dataset-upload-refused", test_dataset_upload_refused);
  ADD ("/fireworks/dataset-state", test_dataset_state);
  ADD ("/fireworks/delete-dataset", test_delete_dataset);
  ADD ("/fireworks/create", test_create);
  ADD ("/fireworks/create-minimal", test_create_minimal);
  ADD ("/fireworks/settings-refused", test_settings_refused);
  ADD ("/fireworks/create-401", test_create_401);
  ADD ("/fireworks/create-500-not-resent", test_create_never_resent);
  ADD ("/fireworks/create-429-resent", test_create_429);
  ADD ("/fireworks/job-lifecycle", test_job_lifecycle);
  ADD ("/fireworks/failed-job", test_failed_job);
  ADD ("/fireworks/list", test_list);
  ADD ("/fireworks/list-empty", test_list_empty);
  ADD ("/fireworks/malformed", test_malformed);
  ADD ("/fireworks/cancel-delete", test_cancel_delete);

  return g_test_run ();
}
