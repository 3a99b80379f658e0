/* test-openai.c: the OpenAI fine-tuning client against a fake OpenAI server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake answers in the shapes of OpenAI's OpenAPI spec 2.3.0
 * (shared/oracles/openai/): File and FineTuningJob objects, lists with
 * has_more, {"error":{…}} bodies, 429 with Retry-After. Every test also
 * checks what Hone sent.
 */
#include "config.h"

#include <math.h>

#include "hone-error.h"
#include "hone-fake-server.h"
#include "hone-openai.h"
#include "hone-provider.h"

#define API_KEY "sk-proj-secret-test-key"
#define JOB_ID "ftjob-abc123"
#define JOB_PATH "/v1/fine_tuning/jobs/" JOB_ID

static const HoneRetryPolicy fast_policy = { 3, 10, 2000 };

typedef struct {
  HoneFakeServer *server;
  HoneOpenAI     *client;
  gint            job_gets;   /* server thread */
} Fixture;

/* ---- the fake OpenAI ----------------------------------------------- */

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static void
files_post (SoupServerMessage     *msg,
            const HoneFakeRequest *request,
            gpointer               user_data)
{
  set_json (msg, 200, "{\"id\":\"file-abc123\",\"object\":\"file\",\"bytes\":120000,"
                      "\"created_at\":1763630000,\"filename\":\"train.jsonl\","
                      "\"purpose\":\"fine-tune\"}");
}

static void
create_job (SoupServerMessage     *msg,
            const HoneFakeRequest *request,
            gpointer               user_data)
{
  set_json (msg, 200, "{\"object\":\"fine_tuning.job\",\"id\":\"" JOB_ID "\","
                      "\"model\":\"gpt-4o-mini-2024-07-18\",\"created_at\":1763630000,"
                      "\"fine_tuned_model\":null,\"organization_id\":\"org-123\","
                      "\"result_files\":[],\"status\":\"validating_files\","
                      "\"validation_file\":null,\"training_file\":\"file-abc123\","
                      "\"error\":null,\"finished_at\":null,\"trained_tokens\":null,"
                      "\"seed\":7,\"method\":{\"type\":\"supervised\",\"supervised\":"
                      "{\"hyperparameters\":{\"n_epochs\":\"auto\",\"batch_size\":\"auto\","
                      "\"learning_rate_multiplier\":\"auto\"}}}}");
}

/* validating_files, then running, then succeeded */
static void
get_job (SoupServerMessage     *msg,
         const HoneFakeRequest *request,
         gpointer               user_data)
{
  Fixture *fixture = user_data;
  gint n = g_atomic_int_add (&fixture->job_gets, 1);

  if (n == 0)
    create_job (msg, request, NULL);
  else if (n == 1)
    set_json (msg, 200, "{\"object\":\"fine_tuning.job\",\"id\":\"" JOB_ID "\","
                        "\"model\":\"gpt-4o-mini-2024-07-18\",\"created_at\":1763630000,"
                        "\"status\":\"running\",\"training_file\":\"file-abc123\","
                        "\"fine_tuned_model\":null,\"error\":null,\"finished_at\":null,"
                        "\"estimated_finish\":1763640000,"
                        "\"method\":{\"type\":\"supervised\",\"supervised\":"
                        "{\"hyperparameters\":{\"n_epochs\":3,\"batch_size\":1,"
                        "\"learning_rate_multiplier\":1.8}}}}");
  else
    set_json (msg, 200, "{\"object\":\"fine_tuning.job\",\"id\":\"" JOB_ID "\","
                        "\"model\":\"gpt-4o-mini-2024-07-18\",\"created_at\":1763630000,"
                        "\"status\":\"succeeded\",\"training_file\":\"file-abc123\","
                        "\"validation_file\":\"file-val\","
                        "\"fine_tuned_model\":\"ft:gpt-4o-mini-2024-07-18:org:hone:9xYz\","
                        "\"error\":{},\"finished_at\":1763641000,\"trained_tokens\":5768,"
                        "\"hyperparameters\":{\"n_epochs\":3}}");
}

/* Two pages, newest first, as OpenAI lists events */
static void
list_events (SoupServerMessage     *msg,
             const HoneFakeRequest *request,
             gpointer               user_data)
{
  g_autoptr(GHashTable) query = request->query != NULL ? soup_form_decode (request->query) : NULL;
  const char *after = query != NULL ? g_hash_table_lookup (query, "after") : NULL;

  if (after == NULL)
    set_json (msg, 200, "{\"object\":\"list\",\"has_more\":true,\"data\":["
                        "{\"object\":\"fine_tuning.job.event\",\"id\":\"ev-4\",\"created_at\":1763630400,"
                        "\"level\":\"info\",\"message\":\"Step 20/30: training loss=0.12\","
                        "\"type\":\"metrics\",\"data\":{\"step\":20,\"train_loss\":0.12}},"
                        "{\"object\":\"fine_tuning.job.event\",\"id\":\"ev-3\",\"created_at\":1763630300,"
                        "\"level\":\"warn\",\"message\":\"Some lines were long\",\"type\":\"message\"}]}");
  else if (g_str_equal (after, "ev-3"))
    set_json (msg, 200, "{\"object\":\"list\",\"has_more\":false,\"data\":["
                        "{\"object\":\"fine_tuning.job.event\",\"id\":\"ev-2\",\"created_at\":1763630100,"
                        "\"level\":\"info\",\"message\":\"Validating training file\",\"data\":null},"
                        "{\"object\":\"fine_tuning.job.event\",\"id\":\"ev-1\",\"created_at\":1763630000,"
                        "\"level\":\"info\",\"message\":\"Created fine-tuning job\",\"data\":{}}]}");
  else
    set_json (msg, 400, "{\"error\":{\"message\":\"bad cursor\"}}");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *base = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_utc (2026, 11, 20, 12, 0, 0);

  fixture->server = hone_fake_server_new ();
  hone_fake_server_add_route (fixture->server, "POST", "/v1/files", files_post, NULL, NULL);
  hone_fake_server_add_route (fixture->server, "POST", "/v1/fine_tuning/jobs", create_job,
                              NULL, NULL);
  hone_fake_server_add_route (fixture->server, "GET", JOB_PATH, get_job, fixture, NULL);
  hone_fake_server_add_route (fixture->server, "GET", JOB_PATH "/events", list_events,
                              NULL, NULL);

  base = hone_fake_server_url (fixture->server, "/v1/");
  fixture->client = hone_openai_new (NULL, API_KEY);
  hone_openai_set_base_url (fixture->client, base);
  hone_openai_set_retry_policy (fixture->client, &fast_policy);
  /* The tests must not depend on the real date (the cut-off) */
  hone_openai_set_today (fixture->client, today);
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

  g_assert_cmpuint (hone_fake_server_count (fixture->server, method, path), ==, 1);
  for (guint i = 0; i < requests->len; i++)
    {
      HoneFakeRequest *r = g_ptr_array_index (requests, i);

      if (g_str_equal (r->method, method) && g_str_equal (r->path, path))
        return g_ptr_array_steal_index (requests, i);
    }
  g_assert_not_reached ();
}

static void
assert_bearer (HoneFakeRequest *request)
{
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   "Bearer " API_KEY);
}

static char *
body_text (HoneFakeRequest *request)
{
  return g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
}

static JsonObject *
request_json (HoneFakeRequest *request,
              JsonParser      *parser)
{
  GError *error = NULL;

  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (request->headers, NULL),
                                   "application/json"));
  json_parser_load_from_data (parser, g_bytes_get_data (request->body, NULL),
                              g_bytes_get_size (request->body), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_no_key_in (const char *message)
{
  g_assert_null (strstr (message, API_KEY));
  g_assert_null (strstr (message, "secret-test-key"));
}

static void
init_settings (HoneOpenAIFineTuneSettings *s)
{
  hone_openai_fine_tune_settings_init (s);
  s->model = "gpt-4o-mini-2024-07-18";
  s->training_file = "file-abc123";
}

static HoneFineTuneJob *
create_now (Fixture                          *fixture,
            const HoneOpenAIFineTuneSettings *s,
            GError                          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_openai_create_fine_tune_async (fixture->client, s, NULL, got_result, &result);
  return hone_openai_create_fine_tune_finish (fixture->client, wait_result (&result), error);
}

static HoneFineTuneJob *
get_job_now (Fixture  *fixture,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_openai_get_job_async (fixture->client, JOB_ID, NULL, got_result, &result);
  return hone_openai_get_job_finish (fixture->client, wait_result (&result), error);
}

/* ---- the cut-off --------------------------------------------------- */

static void
test_is_closed (void)
{
  g_autoptr(GDateTime) before = g_date_time_new_utc (2026, 11, 27, 9, 0, 0);
  g_autoptr(GDateTime) last_day = g_date_time_new_utc (2027, 1, 6, 23, 59, 59);
  g_autoptr(GDateTime) after = g_date_time_new_utc (2027, 1, 7, 0, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_new_utc (2028, 1, 1, 0, 0, 0);
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (2 * 3600);
  /* 2027-01-07 01:00 at UTC+2 is still the 6th in UTC */
  g_autoptr(GDateTime) local = g_date_time_new (tz, 2027, 1, 7, 1, 0, 0);

  g_assert_false (hone_openai_is_closed (before));
  g_assert_false (hone_openai_is_closed (last_day));
  g_assert_true (hone_openai_is_closed (after));
  g_assert_true (hone_openai_is_closed (later));
  g_assert_false (hone_openai_is_closed (local));
}

static void
test_create_after_cutoff (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GDateTime) after = g_date_time_new_utc (2027, 2, 1, 9, 0, 0);
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneOpenAIFineTuneSettings s;
  GError *error = NULL;

  hone_openai_set_today (fixture->client, after);
  init_settings (&s);
  job = create_now (fixture, &s, &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2027-01-06"));
  g_assert_nonnull (strstr (error->message, "OpenAI"));
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, NULL, NULL), ==, 0);

  /* Following a job still works */
  job = get_job_now (fixture, &error);
  g_assert_no_error (error);
}

/* ---- upload -------------------------------------------------------- */

typedef struct {
  GArray       *sent;
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
test_upload (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_training_bytes (300 * 1024);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFakeRequest) post = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autofree char *file_id = NULL;
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (guint64)), 0, NULL };
  gboolean seen_purpose = FALSE, seen_file = FALSE;
  GError *error = NULL;

  hone_openai_upload_bytes_async (fixture->client, contents, "train.jsonl",
                                  on_progress, &progress, NULL, got_result, &result);
  file_id = hone_openai_upload_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file_id, ==, "file-abc123");

  post = only_request (fixture, "POST", "/v1/files");
  assert_bearer (post);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (post->headers, NULL),
                                   "multipart/form-data"));
  multipart = soup_multipart_new_from_message (post->headers, post->body);
  g_assert_nonnull (multipart);
  g_assert_cmpint (soup_multipart_get_length (multipart), ==, 2);
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *headers;
      GBytes *part;
      g_autoptr(GHashTable) params = NULL;
      char *disposition = NULL;

      g_assert_true (soup_multipart_get_part (multipart, i, &headers, &part));
      g_assert_true (soup_message_headers_get_content_disposition (headers, &disposition, &params));
      g_assert_cmpstr (disposition, ==, "form-data");
      g_free (disposition);
      if (g_str_equal (g_hash_table_lookup (params, "name"), "purpose"))
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (part, NULL), g_bytes_get_size (part));

          g_assert_cmpstr (text, ==, "fine-tune");
          seen_purpose = TRUE;
        }
      else
        {
          g_assert_cmpstr (g_hash_table_lookup (params, "name"), ==, "file");
          g_assert_cmpstr (g_hash_table_lookup (params, "filename"), ==, "train.jsonl");
          g_assert_true (g_bytes_equal (part, contents));
          seen_file = TRUE;
        }
    }
  g_assert_true (seen_purpose && seen_file);

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
test_upload_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_training_bytes (300 * 1024);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *file_id = NULL;
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (guint64)), 0, cancellable };
  GError *error = NULL;

  /* The server never answers: only the cancel ends the upload */
  hone_fake_response_set_action (hone_fake_server_push (fixture->server, "POST", "/v1/files",
                                                        200, NULL, NULL),
                                 HONE_FAKE_HANG);
  hone_openai_upload_bytes_async (fixture->client, contents, "train.jsonl",
                                  on_progress, &progress, cancellable, got_result, &result);
  file_id = hone_openai_upload_finish (fixture->client, wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (file_id);
  g_clear_error (&error);
  g_array_unref (progress.sent);
}

static void
test_upload_401 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_training_bytes (1000);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *file_id = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "POST", "/v1/files", 401,
                              "{\"error\":{\"message\":\"Incorrect API key provided: " API_KEY
                              ". You can find your API key at https://platform.openai.com.\","
                              "\"type\":\"invalid_request_error\",\"param\":null,"
                              "\"code\":\"invalid_api_key\"}}");
  hone_openai_upload_bytes_async (fixture->client, contents, "train.jsonl",
                                  NULL, NULL, NULL, got_result, &result);
  file_id = hone_openai_upload_finish (fixture->client, wait_result (&result), &error);
  g_assert_null (file_id);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Incorrect API key provided"));
  g_assert_nonnull (strstr (error->message, "Preferences"));
  assert_no_key_in (error->message);
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/files"), ==, 1);
}

/* ---- create -------------------------------------------------------- */

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HoneFineTuneJob) job = NULL;
  g_autoptr(HoneFakeRequest) request = NULL;
  HoneOpenAIFineTuneSettings s;
  JsonObject *body, *method, *hyper;
  GError *error = NULL;

  init_settings (&s);
  s.validation_file = "file-val";
  s.suffix = "hone-support";
  s.has_seed = TRUE;
  s.seed = 7;
  s.n_epochs = 3;
  s.batch_size = 0;                     /* "auto" */
  s.learning_rate_multiplier = 1.8;

  job = create_now (fixture, &s, &error);
  g_assert_no_error (error);

  request = only_request (fixture, "POST", "/v1/fine_tuning/jobs");
  assert_bearer (request);
  body = request_json (request, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "gpt-4o-mini-2024-07-18");
  g_assert_cmpstr (json_object_get_string_member (body, "training_file"), ==, "file-abc123");
  g_assert_cmpstr (json_object_get_string_member (body, "validation_file"), ==, "file-val");
  g_assert_cmpstr (json_object_get_string_member (body, "suffix"), ==, "hone-support");
  g_assert_cmpint (json_object_get_int_member (body, "seed"), ==, 7);
  g_assert_false (json_object_has_member (body, "hyperparameters"));   /* deprecated */
  method = json_object_get_object_member (body, "method");
  g_assert_cmpstr (json_object_get_string_member (method, "type"), ==, "supervised");
  g_assert_false (json_object_has_member (method, "dpo"));
  hyper = json_object_get_object_member (json_object_get_object_member (method, "supervised"),
                                         "hyperparameters");
  g_assert_cmpint (json_object_get_int_member (hyper, "n_epochs"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (hyper, "batch_size"), ==, "auto");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (hyper, "learning_rate_multiplier"),
                                  1.8, 1e-12);
  g_assert_false (json_object_has_member (hyper, "beta"));

  g_assert_cmpstr (job->id, ==, JOB_ID);
  g_assert_cmpstr (job->provider, ==, "OpenAI");
  g_assert_cmpint (job->status, ==, HONE_FINE_TUNE_STATUS_PENDING);
  g_assert_cmpstr (job->raw_status, ==, "validating_files");
  g_assert_cmpstr (job->base_model, ==, "gpt-4o-mini-2024-07-18");
  g_assert_null (job->output_model);
  g_assert_null (job->validation_file);
  g_assert_null (job->finished_at);
  g_assert_null (job->error_message);
  g_assert_cmpint (g_date_time_to_unix (job->created_at), ==, 1763630000);
  g_assert_cmpint (job->n_epochs, ==, -1);         /* "auto" so far */
  g_assert_cmpint (job->token_count, ==, -1);
}

static void
test_create_minimal_dpo (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  HoneOpenAIFineTuneSettings s;
  GError *error = NULL;

  /* Unset is not sent */
  {
    g_autoptr(HoneFakeRequest) request = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;
    g_autofree char *json = NULL;

    init_settings (&s);
    job = create_now (fixture, &s, &error);
    g_assert_no_error (error);
    request = only_request (fixture, "POST", "/v1/fine_tuning/jobs");
    json = body_text (request);
    g_assert_cmpstr (json, ==, "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\"file-abc123\"}");
  }
  /* DPO with beta "auto" and a number of epochs */
  {
    g_autoptr(GPtrArray) requests = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;
    JsonObject *body, *method, *hyper;

    init_settings (&s);
    s.method = HONE_OPENAI_METHOD_DPO;
    s.dpo_beta = 0;
    s.n_epochs = 2;
    s.has_seed = TRUE;
    s.seed = 0;
    job = create_now (fixture, &s, &error);
    g_assert_no_error (error);
    requests = hone_fake_server_get_requests (fixture->server);
    g_assert_cmpuint (requests->len, ==, 2);
    body = request_json (g_ptr_array_index (requests, 1), parser);
    g_assert_cmpint (json_object_get_int_member (body, "seed"), ==, 0);
    method = json_object_get_object_member (body, "method");
    g_assert_cmpstr (json_object_get_string_member (method, "type"), ==, "dpo");
    g_assert_false (json_object_has_member (method, "supervised"));
    hyper = json_object_get_object_member (json_object_get_object_member (method, "dpo"),
                                           "hyperparameters");
    g_assert_cmpstr (json_object_get_string_member (hyper, "beta"), ==, "auto");
    g_assert_cmpint (json_object_get_int_member (hyper, "n_epochs"), ==, 2);
    g_assert_false (json_object_has_member (hyper, "batch_size"));
    g_assert_false (json_object_has_member (hyper, "learning_rate_multiplier"));
  }
}

static void
test_settings_refused (void)
{
  HoneOpenAIFineTuneSettings s;
  GError *error = NULL;

  init_settings (&s);
  s.training_file = NULL;
  g_assert_null (hone_openai_build_fine_tune_body (&s, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "training_file"));
  g_clear_error (&error);

  init_settings (&s);
  s.n_epochs = 51;
  g_assert_null (hone_openai_build_fine_tune_body (&s, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "n_epochs"));
  g_clear_error (&error);

  init_settings (&s);
  s.dpo_beta = 0.1;   /* not DPO */
  g_assert_null (hone_openai_build_fine_tune_body (&s, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);

  init_settings (&s);
  s.suffix = "a-suffix-that-is-far-too-long-for-openai-which-allows-sixty-four-chars";
  g_assert_null (hone_openai_build_fine_tune_body (&s, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);
}

static void
test_create_401 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneOpenAIFineTuneSettings s;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "POST", "/v1/fine_tuning/jobs", 401,
                              "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-****-key. "
                              "You can find your API key at https://platform.openai.com/account/api-keys.\","
                              "\"type\":\"invalid_request_error\",\"param\":null,"
                              "\"code\":\"invalid_api_key\"}}");
  init_settings (&s);
  job = create_now (fixture, &s, &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "OpenAI"));
  g_assert_nonnull (strstr (error->message, "Incorrect API key provided"));
  assert_no_key_in (error->message);
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/fine_tuning/jobs"), ==, 1);
}

static void
test_create_500_not_resent (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneOpenAIFineTuneSettings s;
  GError *error = NULL;

  /* The job may have been made before the 500: no second POST */
  hone_fake_server_push_json (fixture->server, "POST", "/v1/fine_tuning/jobs", 500,
                              "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");
  init_settings (&s);
  job = create_now (fixture, &s, &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/fine_tuning/jobs"), ==, 1);
}

static void
test_create_429_resent (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneOpenAIFineTuneSettings s;
  GError *error = NULL;

  hone_fake_response_add_header (hone_fake_server_push_json (fixture->server, "POST",
                                                             "/v1/fine_tuning/jobs", 429,
                                                             "{\"error\":{\"message\":\"Rate limit reached\","
                                                             "\"type\":\"requests\"}}"),
                                 "Retry-After", "1");
  init_settings (&s);
  job = create_now (fixture, &s, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (job->id, ==, JOB_ID);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/fine_tuning/jobs"), ==, 2);
  g_assert_cmpuint (hone_fake_server_pending (fixture->server), ==, 0);
}

/* ---- jobs ---------------------------------------------------------- */

static void
test_job_lifecycle (Fixture       *fixture,
                    gconstpointer  data)
{
  static const HoneFineTuneStatus expected[] = {
    HONE_FINE_TUNE_STATUS_PENDING, HONE_FINE_TUNE_STATUS_RUNNING, HONE_FINE_TUNE_STATUS_SUCCEEDED,
  };
  g_autoptr(HoneFakeRequest) request = NULL;
  g_autoptr(GPtrArray) requests = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(HoneFineTuneJob) job = NULL;
      GError *error = NULL;

      job = get_job_now (fixture, &error);
      g_assert_no_error (error);
      g_assert_cmpint (job->status, ==, expected[i]);
      g_assert_cmpint (hone_fine_tune_status_is_final (job->status), ==, i == 2);
      if (i == 1)
        {
          g_assert_cmpstr (job->raw_status, ==, "running");
          g_assert_cmpint (job->n_epochs, ==, 3);
          g_assert_null (job->output_model);
        }
      if (i == 2)
        {
          g_assert_cmpstr (job->output_model, ==, "ft:gpt-4o-mini-2024-07-18:org:hone:9xYz");
          g_assert_cmpint (job->token_count, ==, 5768);
          g_assert_cmpint (job->n_epochs, ==, 3);    /* the deprecated field */
          g_assert_cmpstr (job->validation_file, ==, "file-val");
          g_assert_cmpint (g_date_time_to_unix (job->finished_at), ==, 1763641000);
          g_assert_null (job->error_message);        /* "error": {} */
        }
    }

  requests = hone_fake_server_get_requests (fixture->server);
  g_assert_cmpuint (requests->len, ==, 3);
  request = g_ptr_array_steal_index (requests, 0);
  assert_bearer (request);
  g_assert_cmpuint (g_bytes_get_size (request->body), ==, 0);
}

static void
test_failed_job (void)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"id\":\"ftjob-x\",\"status\":\"failed\","
                                               "\"error\":{\"code\":\"invalid_training_file\","
                                               "\"message\":\"The file has 3 examples; at least 10 are needed.\","
                                               "\"param\":\"training_file\"},\"trained_tokens\":null}",
                                               NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneFineTuneJob) job = hone_openai_parse_job (node, &error);

  g_assert_no_error (error);
  g_assert_cmpint (job->status, ==, HONE_FINE_TUNE_STATUS_FAILED);
  g_assert_cmpstr (job->error_message, ==,
                   "The file has 3 examples; at least 10 are needed. (training_file)");
  g_assert_cmpint (job->token_count, ==, -1);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "GET", JOB_PATH, 200, "{\"id\":\"ftjob-abc123\",\"status\":");
  job = get_job_now (fixture, &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_clear_error (&error);

  hone_fake_server_push_json (fixture->server, "GET", JOB_PATH, 200, "[1,2]");
  job = get_job_now (fixture, &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "OpenAI"));
  g_clear_error (&error);

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) jobs = NULL;

    hone_fake_server_push_json (fixture->server, "GET", "/v1/fine_tuning/jobs", 200,
                                "{\"object\":\"list\",\"data\":{}}");
    hone_openai_list_jobs_async (fixture->client, NULL, got_result, &result);
    jobs = hone_openai_list_jobs_finish (fixture->client, wait_result (&result), &error);
    g_assert_null (jobs);
    g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
    g_clear_error (&error);
  }
}

static void
test_list_cancel_checkpoints (Fixture       *fixture,
                              gconstpointer  data)
{
  GError *error = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) jobs = NULL;
    g_autoptr(HoneFakeRequest) request = NULL;

    hone_fake_server_push_json (fixture->server, "GET", "/v1/fine_tuning/jobs", 200,
                                "{\"object\":\"list\",\"has_more\":false,\"data\":["
                                "{\"object\":\"fine_tuning.job\",\"id\":\"ftjob-1\",\"status\":\"queued\","
                                "\"model\":\"gpt-4o-mini\"},"
                                "{\"object\":\"fine_tuning.job\",\"id\":\"ftjob-2\",\"status\":\"paused\"}]}");
    hone_openai_list_jobs_async (fixture->client, NULL, got_result, &result);
    jobs = hone_openai_list_jobs_finish (fixture->client, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (jobs->len, ==, 2);
    g_assert_cmpint (((HoneFineTuneJob *) g_ptr_array_index (jobs, 0))->status, ==,
                     HONE_FINE_TUNE_STATUS_QUEUED);
    /* A word Hone does not know is kept */
    g_assert_cmpint (((HoneFineTuneJob *) g_ptr_array_index (jobs, 1))->status, ==,
                     HONE_FINE_TUNE_STATUS_UNKNOWN);
    g_assert_cmpstr (((HoneFineTuneJob *) g_ptr_array_index (jobs, 1))->raw_status, ==, "paused");
    request = only_request (fixture, "GET", "/v1/fine_tuning/jobs");
    g_assert_cmpstr (request->query, ==, "limit=100");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;

    hone_fake_server_push_json (fixture->server, "POST", JOB_PATH "/cancel", 200,
                                "{\"object\":\"fine_tuning.job\",\"id\":\"" JOB_ID "\","
                                "\"status\":\"cancelled\"}");
    hone_openai_cancel_job_async (fixture->client, JOB_ID, NULL, got_result, &result);
    job = hone_openai_cancel_job_finish (fixture->client, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpint (job->status, ==, HONE_FINE_TUNE_STATUS_CANCELLED);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) checkpoints = NULL;
    HoneFineTuneCheckpoint *checkpoint;

    hone_fake_server_push_json (fixture->server, "GET", JOB_PATH "/checkpoints", 200,
                                "{\"object\":\"list\",\"has_more\":false,\"first_id\":\"ftckpt_1\","
                                "\"last_id\":\"ftckpt_1\",\"data\":[{\"object\":\"fine_tuning.job.checkpoint\","
                                "\"id\":\"ftckpt_1\",\"created_at\":1763635000,"
                                "\"fine_tuned_model_checkpoint\":\"ft:gpt-4o-mini:org:hone:9xYz:ckpt-step-20\","
                                "\"fine_tuning_job_id\":\"" JOB_ID "\",\"step_number\":20,"
                                "\"metrics\":{\"step\":20,\"train_loss\":0.12}}]}");
    hone_openai_list_checkpoints_async (fixture->client, JOB_ID, NULL, got_result, &result);
    checkpoints = hone_openai_list_checkpoints_finish (fixture->client, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (checkpoints->len, ==, 1);
    checkpoint = g_ptr_array_index (checkpoints, 0);
    g_assert_cmpint (checkpoint->step, ==, 20);
    g_assert_cmpstr (checkpoint->path, ==, "ft:gpt-4o-mini:org:hone:9xYz:ckpt-step-20");
    g_assert_cmpint (g_date_time_to_unix (checkpoint->created_at), ==, 1763635000);
  }
}

static void
test_events_pages (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const messages[] = {
    "Created fine-tuning job", "Validating training file", "Some lines were long",
    "Step 20/30: training loss=0.12",
  };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  HoneFineTuneEvent *last;
  GError *error = NULL;

  hone_openai_list_events_async (fixture->client, JOB_ID, NULL, got_result, &result);
  events = hone_openai_list_events_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (messages));
  for (guint i = 0; i < events->len; i++)
    g_assert_cmpstr (((HoneFineTuneEvent *) g_ptr_array_index (events, i))->message, ==, messages[i]);
  last = g_ptr_array_index (events, 3);
  g_assert_cmpint (last->step, ==, 20);
  g_assert_cmpstr (last->type, ==, "metrics");
  g_assert_cmpstr (((HoneFineTuneEvent *) g_ptr_array_index (events, 2))->level, ==, "warn");
  g_assert_cmpint (((HoneFineTuneEvent *) g_ptr_array_index (events, 0))->step, ==, -1);

  requests = hone_fake_server_get_requests (fixture->server);
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_cmpstr (((HoneFakeRequest *) g_ptr_array_index (requests, 0))->query, ==, "limit=100");
  g_assert_cmpstr (((HoneFakeRequest *) g_ptr_array_index (requests, 1))->query, ==,
                   "limit=100&after=ev-3");
}

/* Through HoneProvider: the "metrics" events are the loss curve, and not
 * in the events shown to people */
static void
test_provider_metrics (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *base = hone_fake_server_url (fixture->server, "/v1");
  g_autoptr(HoneProvider) provider = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) metrics = NULL;
  g_autoptr(GPtrArray) events = NULL;
  GError *error = NULL;

  provider = hone_provider_new ("openai", NULL, API_KEY, base, &error);
  g_assert_no_error (error);
  g_assert_true (hone_provider_has_metrics (provider));

  hone_provider_get_metrics_async (provider, JOB_ID, NULL, got_result, &result);
  metrics = hone_provider_get_metrics_finish (provider, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (metrics->len, ==, 1);
  g_assert_cmpint (g_array_index (metrics, HoneFineTuneMetric, 0).step, ==, 20);
  g_assert_cmpfloat (g_array_index (metrics, HoneFineTuneMetric, 0).train_loss, ==, 0.12);
  g_assert_true (isnan (g_array_index (metrics, HoneFineTuneMetric, 0).eval_loss));
  g_clear_object (&result);

  hone_provider_list_events_async (provider, JOB_ID, NULL, got_result, &result);
  events = hone_provider_list_events_finish (provider, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  for (guint i = 0; i < events->len; i++)
    g_assert_cmpstr (((HoneFineTuneEvent *) g_ptr_array_index (events, i))->type, !=, "metrics");
}

/* ---- stored files (GET /files?purpose=fine-tune, DELETE /files/{id}) --- */

static void
test_files (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(HoneFakeRequest) list = NULL;
  g_autoptr(HoneFakeRequest) delete = NULL;
  HoneProviderFile *file;
  GError *error = NULL;

  /* ListFilesResponse, as in the spec's example */
  hone_fake_server_push_json (fixture->server, "GET", "/v1/files", 200,
                              "{\"object\":\"list\",\"data\":[{\"id\":\"file-abc123\","
                              "\"object\":\"file\",\"bytes\":175,\"created_at\":1613677385,"
                              "\"expires_at\":null,\"filename\":\"salesOverview.jsonl\","
                              "\"purpose\":\"fine-tune\",\"status\":\"processed\"}],"
                              "\"first_id\":\"file-abc123\",\"last_id\":\"file-abc123\","
                              "\"has_more\":false}");
  hone_openai_list_files_async (fixture->client, NULL, got_result, &result);
  files = hone_openai_list_files_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  file = g_ptr_array_index (files, 0);
  g_assert_cmpstr (file->id, ==, "file-abc123");
  g_assert_cmpstr (file->filename, ==, "salesOverview.jsonl");
  g_assert_cmpint (file->bytes, ==, 175);
  g_assert_cmpint (g_date_time_to_unix (file->created_at), ==, 1613677385);
  list = only_request (fixture, "GET", "/v1/files");
  assert_bearer (list);
  g_assert_cmpstr (list->query, ==, "purpose=fine-tune");

  /* DeleteFileResponse */
  hone_fake_server_push_json (fixture->server, "DELETE", "/v1/files/file-abc123", 200,
                              "{\"id\":\"file-abc123\",\"object\":\"file\",\"deleted\":true}");
  hone_openai_delete_file_async (fixture->client, "file-abc123", NULL, got_result, &deleted);
  g_assert_true (hone_openai_delete_file_finish (fixture->client, wait_result (&deleted), &error));
  g_assert_no_error (error);
  delete = only_request (fixture, "DELETE", "/v1/files/file-abc123");
  assert_bearer (delete);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, NULL, NULL), ==, 2);
}

static void
test_files_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GPtrArray) files = NULL;
  GError *error = NULL;

  /* A file without its id cannot be deleted: the list is refused */
  hone_fake_server_push_json (fixture->server, "GET", "/v1/files", 200,
                              "{\"object\":\"list\",\"data\":[{\"object\":\"file\",\"bytes\":175,"
                              "\"filename\":\"train.jsonl\"}],\"has_more\":false}");
  hone_openai_list_files_async (fixture->client, NULL, got_result, &result);
  files = hone_openai_list_files_finish (fixture->client, wait_result (&result), &error);
  g_assert_null (files);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "OpenAI sent a list of files"));
  g_assert_nonnull (strstr (error->message, "file 1 of 1 has no “id”"));
  g_clear_error (&error);

  hone_fake_server_push_json (fixture->server, "DELETE", "/v1/files/file-gone", 404,
                              "{\"error\":{\"message\":\"No such File object: file-gone\","
                              "\"type\":\"invalid_request_error\",\"param\":\"id\",\"code\":null}}");
  hone_openai_delete_file_async (fixture->client, "file-gone", NULL, got_result, &deleted);
  g_assert_false (hone_openai_delete_file_finish (fixture->client, wait_result (&deleted), &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "The file “file-gone” at OpenAI could not be deleted"));
  g_assert_nonnull (strstr (error->message, "No such File object"));
  assert_no_key_in (error->message);
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "DELETE", "/v1/files/file-gone"), ==, 1);
}

static void
test_base_url (void)
{
  g_autoptr(HoneOpenAI) client = hone_openai_new (NULL, NULL);

  g_assert_cmpstr (hone_openai_get_base_url (client), ==, "https://api.openai.com/v1");
  hone_openai_set_base_url (client, "http://127.0.0.1:4010//");
  g_assert_cmpstr (hone_openai_get_base_url (client), ==, "http://127.0.0.1:4010");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/openai/base-url", test_base_url);
  g_test_add_func ("/openai/is-closed", test_is_closed);
  g_test_add_func ("/openai/settings-refused", test_settings_refused);
  g_test_add_func ("/openai/failed-job", test_failed_job);
  ADD ("/openai/create-after-cutoff", test_create_after_cutoff);
  ADD ("/openai/upload", test_upload);
  ADD ("/openai/upload-cancel", test_upload_cancel);
  ADD ("/openai/upload-401", test_upload_401);
  ADD ("/openai/create", test_create);
  ADD ("/openai/create-minimal-dpo", test_create_minimal_dpo);
  ADD ("/openai/create-401", test_create_401);
  ADD ("/openai/create-500-not-resent", test_create_500_not_resent);
  ADD ("/openai/create-429-resent", test_create_429_resent);
  ADD ("/openai/job-lifecycle", test_job_lifecycle);
  ADD ("/openai/malformed", test_malformed);
  ADD ("/openai/list-cancel-checkpoints", test_list_cancel_checkpoints);
  ADD ("/openai/events-pages", test_events_pages);
  ADD ("/openai/provider-metrics", test_provider_metrics);
  ADD ("/openai/files", test_files);
  ADD ("/openai/files-errors", test_files_errors);

  return g_test_run ();
}
