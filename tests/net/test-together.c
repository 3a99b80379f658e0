/* test-together.c: the Together AI client against a fake Together server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake answers the way Together's API does (shared/oracles/together/
 * README.md): the upload's 302 to a presigned storage URL (served by the
 * same fake on /storage/…), job objects in the spec's shapes, ErrorData
 * bodies, 429 with Retry-After. Every test also checks what Hone sent.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "hone-error.h"
#include "hone-fake-server.h"
#include "hone-together.h"

#define API_KEY "tgp_v1_secret-test-key"
#define JOB_ID "ft-3f2a9c1e-7b7d-4f0c-9d51-1a2b3c4d5e6f"

/* Fast retries: the tests wait for nothing longer than a Retry-After */
static const HoneRetryPolicy fast_policy = { 3, 10, 2000 };

typedef struct {
  HoneFakeServer *server;
  HoneTogether   *client;
  gint            job_gets;   /* GET /v1/fine-tunes/JOB_ID so far (server thread) */
} Fixture;

/* ---- the fake Together --------------------------------------------- */

static const char *
job_json (const char *status)
{
  /* FinetuneResponse, as GET /fine-tunes/{id} sends it */
  if (g_str_equal (status, "completed"))
    return "{\"id\":\"" JOB_ID "\",\"status\":\"completed\","
           "\"created_at\":\"2026-11-20T10:00:00.000Z\",\"updated_at\":\"2026-11-20T11:30:00.000Z\","
           "\"started_at\":\"2026-11-20T10:05:00Z\","
           "\"model\":\"meta-llama/Meta-Llama-3.1-8B-Instruct-Reference\","
           "\"model_output_name\":\"me/Meta-Llama-3.1-8B-Instruct-Reference-hone-3f2a\","
           "\"training_file\":\"file-abc\",\"n_epochs\":3,\"epochs_completed\":3,"
           "\"token_count\":850000,\"total_price\":1500000000,"
           "\"events\":[{\"object\":\"fine-tune-event\",\"created_at\":\"2026-11-20T11:30:00Z\","
           "\"level\":\"info\",\"message\":\"Job finished\",\"type\":\"job_complete\",\"step\":120}]}";
  if (g_str_equal (status, "error"))
    return "{\"id\":\"" JOB_ID "\",\"status\":\"error\","
           "\"created_at\":\"2026-11-20T10:00:00Z\",\"updated_at\":\"2026-11-20T10:10:00Z\","
           "\"model\":\"m\",\"events\":[{\"level\":\"info\",\"message\":\"started\",\"type\":\"job_start\"},"
           "{\"level\":\"error\",\"message\":\"Training file has no assistant turns\",\"type\":\"job_error\"}]}";
  return NULL;
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

/* POST /v1/files: the 302 to presigned storage, as Together answers it */
static void
files_post (SoupServerMessage     *msg,
            const HoneFakeRequest *request,
            gpointer               user_data)
{
  HoneFakeServer *server = user_data;
  g_autofree char *location = hone_fake_server_url (server,
                                                    "/storage/bucket/file-abc?X-Amz-Signature=s1g");
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Location", location);
  soup_message_headers_replace (headers, "X-Together-File-Id", "file-abc");
  soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
}

static void
storage_put (SoupServerMessage     *msg,
             const HoneFakeRequest *request,
             gpointer               user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
preprocess (SoupServerMessage     *msg,
            const HoneFakeRequest *request,
            gpointer               user_data)
{
  /* FileResponse, with the spec's capitalised keys */
  set_json (msg, 200, "{\"id\":\"file-abc\",\"object\":\"file\",\"created_at\":1763630000,"
                      "\"filename\":\"train.jsonl\",\"bytes\":300000,\"purpose\":\"fine-tune\","
                      "\"FileType\":\"jsonl\",\"Processed\":true}");
}

/* POST /v1/fine-tunes: a new pending job made of what was asked */
static void
create_job (SoupServerMessage     *msg,
            const HoneFakeRequest *request,
            gpointer               user_data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonObject *body;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (request->body, NULL),
                                   g_bytes_get_size (request->body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      set_json (msg, 400, "{\"error\":{\"message\":\"Invalid JSON body\"}}");
      return;
    }
  body = json_node_get_object (json_parser_get_root (parser));
  json = g_strdup_printf ("{\"id\":\"" JOB_ID "\",\"status\":\"pending\","
                          "\"created_at\":\"2026-11-20T10:00:00.000Z\","
                          "\"updated_at\":\"2026-11-20T10:00:00.000Z\","
                          "\"model\":\"%s\",\"training_file\":\"%s\",\"n_epochs\":%" G_GINT64_FORMAT ","
                          "\"model_output_name\":\"me/%s-%s\",\"events\":[]}",
                          json_object_get_string_member (body, "model"),
                          json_object_get_string_member (body, "training_file"),
                          json_object_get_int_member_with_default (body, "n_epochs", 1),
                          json_object_get_string_member (body, "model"),
                          json_object_get_string_member_with_default (body, "suffix", "ft"));
  set_json (msg, 200, json);
}

/* GET /v1/fine-tunes/JOB_ID: pending, then running, then completed */
static void
get_job (SoupServerMessage     *msg,
         const HoneFakeRequest *request,
         gpointer               user_data)
{
  Fixture *fixture = user_data;
  gint n = g_atomic_int_add (&fixture->job_gets, 1);
  static const char * const statuses[] = { "pending", "running" };

  if (n < 2)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\":\"" JOB_ID "\",\"status\":\"%s\","
                                               "\"created_at\":\"2026-11-20T10:00:00Z\","
                                               "\"updated_at\":\"2026-11-20T10:0%d:00Z\","
                                               "\"model\":\"meta-llama/Meta-Llama-3.1-8B-Instruct-Reference\","
                                               "\"queue_depth\":0}",
                                               statuses[n], n + 1);

      set_json (msg, 200, json);
    }
  else
    set_json (msg, 200, job_json ("completed"));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *base = NULL;

  fixture->server = hone_fake_server_new ();
  hone_fake_server_add_route (fixture->server, "POST", "/v1/files", files_post,
                              fixture->server, NULL);
  hone_fake_server_add_route (fixture->server, "PUT", "/storage/bucket/file-abc", storage_put,
                              NULL, NULL);
  hone_fake_server_add_route (fixture->server, "POST", "/v1/files/file-abc/preprocess",
                              preprocess, NULL, NULL);
  hone_fake_server_add_route (fixture->server, "POST", "/v1/fine-tunes", create_job, NULL, NULL);
  hone_fake_server_add_route (fixture->server, "GET", "/v1/fine-tunes/" JOB_ID, get_job,
                              fixture, NULL);

  base = hone_fake_server_url (fixture->server, "/v1/");
  fixture->client = hone_together_new (NULL, API_KEY);
  hone_together_set_base_url (fixture->client, base);
  hone_together_set_retry_policy (fixture->client, &fast_policy);
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

/* The one request logged for @method @path (asserts there was exactly one) */
static HoneFakeRequest *
only_request (Fixture    *fixture,
              const char *method,
              const char *path)
{
  g_autoptr(GPtrArray) requests = hone_fake_server_get_requests (fixture->server);
  HoneFakeRequest *found = NULL;

  g_assert_cmpuint (hone_fake_server_count (fixture->server, method, path), ==, 1);
  for (guint i = 0; i < requests->len; i++)
    {
      HoneFakeRequest *r = g_ptr_array_index (requests, i);

      if (g_str_equal (r->method, method) && g_str_equal (r->path, path))
        found = g_ptr_array_steal_index (requests, i);
      if (found != NULL)
        break;
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
init_settings (HoneTogetherFineTuneSettings *s)
{
  hone_together_fine_tune_settings_init (s);
  s->model = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference";
  s->training_file = "file-abc";
}

/* ---- upload -------------------------------------------------------- */

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
test_upload (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_training_bytes (300 * 1024);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFakeRequest) post = NULL;
  g_autoptr(HoneFakeRequest) put = NULL;
  g_autoptr(HoneFakeRequest) prep = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *form_text = NULL;
  g_autofree char *file_id = NULL;
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (guint64)), 0, NULL };
  GError *error = NULL;

  hone_together_upload_bytes_async (fixture->client, contents, "train.jsonl",
                                    on_progress, &progress, NULL, got_result, &result);
  file_id = hone_together_upload_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file_id, ==, "file-abc");

  /* 1. the form POST, with the key, redirect not followed */
  post = only_request (fixture, "POST", "/v1/files");
  assert_bearer (post);
  g_assert_cmpstr (soup_message_headers_get_content_type (post->headers, NULL), ==,
                   "application/x-www-form-urlencoded");
  form_text = g_strndup (g_bytes_get_data (post->body, NULL), g_bytes_get_size (post->body));
  form = soup_form_decode (form_text);
  g_assert_cmpstr (g_hash_table_lookup (form, "purpose"), ==, "fine-tune");
  g_assert_cmpstr (g_hash_table_lookup (form, "file_name"), ==, "train.jsonl");
  g_assert_cmpstr (g_hash_table_lookup (form, "file_type"), ==, "jsonl");
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/storage/bucket/file-abc"), ==, 0);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "GET", "/storage/bucket/file-abc"), ==, 0);

  /* 2. the bytes to the presigned URL, without the key */
  put = only_request (fixture, "PUT", "/storage/bucket/file-abc");
  g_assert_null (soup_message_headers_get_one (put->headers, "Authorization"));
  g_assert_cmpstr (put->query, ==, "X-Amz-Signature=s1g");
  g_assert_cmpstr (soup_message_headers_get_content_type (put->headers, NULL), ==,
                   "application/octet-stream");
  g_assert_true (g_bytes_equal (put->body, contents));

  /* 3. preprocess, with the key */
  prep = only_request (fixture, "POST", "/v1/files/file-abc/preprocess");
  assert_bearer (prep);

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
test_upload_file (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GBytes) contents = make_training_bytes (2000);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFakeRequest) put = NULL;
  g_autoptr(HoneFakeRequest) post = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file_id = NULL;
  g_autofree char *form_text = NULL;
  g_autoptr(GHashTable) form = NULL;
  GError *error = NULL;

  dir = g_dir_make_tmp ("hone-together-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "support chats.csv", NULL);
  g_file_set_contents (path, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);

  hone_together_upload_file_async (fixture->client, file, NULL, NULL, NULL, NULL,
                                   got_result, &result);
  file_id = hone_together_upload_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file_id, ==, "file-abc");

  post = only_request (fixture, "POST", "/v1/files");
  form_text = g_strndup (g_bytes_get_data (post->body, NULL), g_bytes_get_size (post->body));
  form = soup_form_decode (form_text);
  g_assert_cmpstr (g_hash_table_lookup (form, "file_name"), ==, "support chats.csv");
  g_assert_cmpstr (g_hash_table_lookup (form, "file_type"), ==, "csv");
  put = only_request (fixture, "PUT", "/storage/bucket/file-abc");
  g_assert_true (g_bytes_equal (put->body, contents));

  g_unlink (path);
  g_rmdir (dir);
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

  /* Storage never answers: only the cancel ends the upload */
  hone_fake_response_set_action (hone_fake_server_push (fixture->server, "PUT",
                                                        "/storage/bucket/file-abc", 200, NULL, NULL),
                                 HONE_FAKE_HANG);

  hone_together_upload_bytes_async (fixture->client, contents, "train.jsonl",
                                    on_progress, &progress, cancellable, got_result, &result);
  file_id = hone_together_upload_finish (fixture->client, wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (file_id);
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/files/file-abc/preprocess"), ==, 0);
  g_array_unref (progress.sent);
}

/* ---- jobs ---------------------------------------------------------- */

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFineTuneJob) job = NULL;
  g_autoptr(HoneFakeRequest) request = NULL;
  HoneTogetherFineTuneSettings s;
  JsonObject *body, *type, *method;
  GError *error = NULL;

  init_settings (&s);
  s.n_epochs = 3;
  s.n_evals = 2;
  s.validation_file = "file-val";
  s.batch_size = 0;
  s.learning_rate = 2e-5;
  s.warmup_ratio = 0.1;
  s.lora = HONE_TOGETHER_LORA_ON;
  s.lora_r = 16;
  s.lora_alpha = 32;
  s.lora_dropout = 0.05;
  s.lora_trainable_modules = "q_proj,v_proj";
  s.training_method = HONE_TOGETHER_TRAINING_SFT;
  s.train_on_inputs = 0;
  s.suffix = "hone-support";

  hone_together_create_fine_tune_async (fixture->client, &s, NULL, got_result, &result);
  job = hone_together_create_fine_tune_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);

  request = only_request (fixture, "POST", "/v1/fine-tunes");
  assert_bearer (request);
  body = request_json (request, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, s.model);
  g_assert_cmpstr (json_object_get_string_member (body, "training_file"), ==, "file-abc");
  g_assert_cmpstr (json_object_get_string_member (body, "validation_file"), ==, "file-val");
  g_assert_cmpint (json_object_get_int_member (body, "n_epochs"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (body, "n_evals"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (body, "batch_size"), ==, "max");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "learning_rate"), 2e-5, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "warmup_ratio"), 0.1, 1e-12);
  g_assert_cmpstr (json_object_get_string_member (body, "suffix"), ==, "hone-support");
  /* Defaults are left to Together */
  g_assert_false (json_object_has_member (body, "n_checkpoints"));
  g_assert_false (json_object_has_member (body, "max_grad_norm"));
  g_assert_false (json_object_has_member (body, "train_on_inputs"));
  type = json_object_get_object_member (body, "training_type");
  g_assert_cmpstr (json_object_get_string_member (type, "type"), ==, "Lora");
  g_assert_cmpint (json_object_get_int_member (type, "lora_r"), ==, 16);
  g_assert_cmpint (json_object_get_int_member (type, "lora_alpha"), ==, 32);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (type, "lora_dropout"), 0.05, 1e-12);
  g_assert_cmpstr (json_object_get_string_member (type, "lora_trainable_modules"), ==, "q_proj,v_proj");
  method = json_object_get_object_member (body, "training_method");
  g_assert_cmpstr (json_object_get_string_member (method, "method"), ==, "sft");
  g_assert_false (json_object_get_boolean_member (method, "train_on_inputs"));

  g_assert_cmpstr (job->id, ==, JOB_ID);
  g_assert_cmpstr (job->provider, ==, "Together AI");
  g_assert_cmpint (job->status, ==, HONE_FINE_TUNE_STATUS_PENDING);
  g_assert_cmpstr (job->raw_status, ==, "pending");
  g_assert_cmpstr (job->base_model, ==, s.model);
  g_assert_cmpstr (job->output_model, ==, "me/meta-llama/Meta-Llama-3.1-8B-Instruct-Reference-hone-support");
  g_assert_cmpint (job->n_epochs, ==, 3);
  g_assert_nonnull (job->created_at);
  g_assert_cmpint (g_date_time_to_unix (job->created_at), ==, 1795168800);
  g_assert_cmpint (job->token_count, ==, -1);
  g_assert_cmpfloat (job->total_price, <, 0);
}

static void
test_create_full_dpo (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFineTuneJob) job = NULL;
  g_autoptr(HoneFakeRequest) request = NULL;
  HoneTogetherFineTuneSettings s;
  JsonObject *body, *method;
  GError *error = NULL;

  init_settings (&s);
  s.lora = HONE_TOGETHER_LORA_OFF;
  s.training_method = HONE_TOGETHER_TRAINING_DPO;
  s.dpo_beta = 0.2;
  s.batch_size = 8;
  s.lr_scheduler = "cosine";
  s.min_lr_ratio = 0.1;
  s.num_cycles = 0.5;
  s.has_seed = TRUE;
  s.seed = 0;

  hone_together_create_fine_tune_async (fixture->client, &s, NULL, got_result, &result);
  job = hone_together_create_fine_tune_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);

  request = only_request (fixture, "POST", "/v1/fine-tunes");
  body = request_json (request, parser);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "training_type"), "type"),
                   ==, "Full");
  method = json_object_get_object_member (body, "training_method");
  g_assert_cmpstr (json_object_get_string_member (method, "method"), ==, "dpo");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (method, "dpo_beta"), 0.2, 1e-12);
  g_assert_cmpint (json_object_get_int_member (body, "batch_size"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (body, "random_seed"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "lr_scheduler"),
                                                  "lr_scheduler_type"), ==, "cosine");
}

static void
test_settings_refused (Fixture       *fixture,
                       gconstpointer  data)
{
  HoneTogetherFineTuneSettings s;
  GError *error = NULL;
  JsonNode *body;

  init_settings (&s);
  s.model = NULL;
  body = hone_together_build_fine_tune_body (&s, &error);
  g_assert_null (body);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "model"));
  g_clear_error (&error);

  init_settings (&s);
  s.lora_r = 8;   /* no alpha */
  g_assert_null (hone_together_build_fine_tune_body (&s, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);

  init_settings (&s);
  s.lora = HONE_TOGETHER_LORA_OFF;
  s.lora_r = 8;
  s.lora_alpha = 16;
  g_assert_null (hone_together_build_fine_tune_body (&s, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);

  /* Async: refused before anything is sent */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneFineTuneJob) job = NULL;

    init_settings (&s);
    s.training_file = "";
    hone_together_create_fine_tune_async (fixture->client, &s, NULL, got_result, &result);
    job = hone_together_create_fine_tune_finish (fixture->client, wait_result (&result), &error);
    g_assert_null (job);
    g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpuint (hone_fake_server_count (fixture->server, NULL, NULL), ==, 0);
  }

  /* Everything at its default: only the two required fields */
  {
    g_autoptr(JsonNode) node = NULL;
    g_autofree char *json = NULL;

    init_settings (&s);
    node = hone_together_build_fine_tune_body (&s, &error);
    g_assert_no_error (error);
    json = json_to_string (node, FALSE);
    g_assert_cmpstr (json, ==, "{\"model\":\"meta-llama/Meta-Llama-3.1-8B-Instruct-Reference\","
                               "\"training_file\":\"file-abc\"}");
  }
}

static void
test_create_401 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneTogetherFineTuneSettings s;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "POST", "/v1/fine-tunes", 401,
                              "{\"error\":{\"message\":\"Invalid API key provided\","
                              "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
  init_settings (&s);
  hone_together_create_fine_tune_async (fixture->client, &s, NULL, got_result, &result);
  job = hone_together_create_fine_tune_finish (fixture->client, wait_result (&result), &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Together AI"));
  g_assert_nonnull (strstr (error->message, "Invalid API key provided"));
  assert_no_key_in (error->message);
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/fine-tunes"), ==, 1);
}

static void
test_create_never_resent (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneTogetherFineTuneSettings s;
  GError *error = NULL;

  /* A 500 may come after the job was made: no second POST */
  hone_fake_server_push_json (fixture->server, "POST", "/v1/fine-tunes", 500,
                              "{\"error\":{\"message\":\"internal error\"}}");
  init_settings (&s);
  hone_together_create_fine_tune_async (fixture->client, &s, NULL, got_result, &result);
  job = hone_together_create_fine_tune_finish (fixture->client, wait_result (&result), &error);
  g_assert_null (job);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/fine-tunes"), ==, 1);
}

static void
test_create_429 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFineTuneJob) job = NULL;
  HoneTogetherFineTuneSettings s;
  GError *error = NULL;

  /* A 429 was not acted on: the one case a create is sent again */
  hone_fake_response_add_header (hone_fake_server_push_json (fixture->server, "POST", "/v1/fine-tunes", 429,
                                                             "{\"error\":{\"message\":\"rate limited\"}}"),
                                 "Retry-After", "1");
  init_settings (&s);
  hone_together_create_fine_tune_async (fixture->client, &s, NULL, got_result, &result);
  job = hone_together_create_fine_tune_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (job->id, ==, JOB_ID);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/fine-tunes"), ==, 2);
}

static HoneFineTuneJob *
get_job_now (Fixture  *fixture,
             GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_together_get_job_async (fixture->client, JOB_ID, NULL, got_result, &result);
  return hone_together_get_job_finish (fixture->client, wait_result (&result), error);
}

static void
test_get_500_retried (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(HoneFineTuneJob) job = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "GET", "/v1/fine-tunes/" JOB_ID, 500,
                              "{\"error\":{\"message\":\"internal error\"}}");
  job = get_job_now (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (job->status, ==, HONE_FINE_TUNE_STATUS_PENDING);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "GET", "/v1/fine-tunes/" JOB_ID), ==, 2);
  g_assert_cmpuint (hone_fake_server_pending (fixture->server), ==, 0);
}

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
      if (i < 2)
        {
          g_assert_null (job->output_model);
          g_assert_null (job->finished_at);
        }
      else
        {
          g_assert_cmpstr (job->raw_status, ==, "completed");
          g_assert_cmpstr (job->output_model, ==, "me/Meta-Llama-3.1-8B-Instruct-Reference-hone-3f2a");
          g_assert_nonnull (job->finished_at);
          g_assert_cmpint (g_date_time_to_unix (job->finished_at), ==,
                           g_date_time_to_unix (job->updated_at));
          g_assert_cmpint (job->token_count, ==, 850000);
          /* 1.5e9 nanodollars */
          g_assert_cmpfloat_with_epsilon (job->total_price, 1.5, 1e-9);
          g_assert_cmpint (job->epochs_completed, ==, 3);
          g_assert_cmpuint (job->events->len, ==, 1);
          g_assert_cmpstr (((HoneFineTuneEvent *) g_ptr_array_index (job->events, 0))->type, ==,
                           "job_complete");
          g_assert_cmpint (((HoneFineTuneEvent *) g_ptr_array_index (job->events, 0))->step, ==, 120);

          /* The copy keeps it all */
          {
            g_autoptr(HoneFineTuneJob) copy = hone_fine_tune_job_copy (job);

            g_assert_cmpstr (copy->output_model, ==, job->output_model);
            g_assert_cmpuint (copy->events->len, ==, 1);
          }
        }
    }

  requests = hone_fake_server_get_requests (fixture->server);
  g_assert_cmpuint (requests->len, ==, 3);
  request = g_ptr_array_steal_index (requests, 0);
  assert_bearer (request);
  g_assert_cmpuint (g_bytes_get_size (request->body), ==, 0);
}

static void
test_failed_job (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) node = json_from_string (job_json ("error"), NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneFineTuneJob) job = hone_together_parse_job (node, &error);

  g_assert_no_error (error);
  g_assert_cmpint (job->status, ==, HONE_FINE_TUNE_STATUS_FAILED);
  g_assert_cmpstr (job->error_message, ==, "Training file has no assistant turns");
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "GET", "/v1/fine-tunes", 200,
                              "{\"data\":[{\"id\":\"ft-1\",\"status\":\"running\",\"created_at\":\"2026-11-20T10:00:00Z\","
                              "\"updated_at\":\"2026-11-20T10:00:00Z\"},"
                              "{\"id\":\"ft-2\",\"status\":\"cancelled\",\"created_at\":\"2026-11-19T10:00:00Z\","
                              "\"updated_at\":\"2026-11-19T12:00:00Z\"},"
                              "{\"id\":\"ft-3\",\"status\":\"compressing\",\"created_at\":\"2026-11-18T10:00:00Z\","
                              "\"updated_at\":\"2026-11-18T10:00:00Z\"},"
                              "{\"id\":\"ft-4\",\"status\":\"brand_new_state\",\"created_at\":\"2026-11-18T10:00:00Z\","
                              "\"updated_at\":\"2026-11-18T10:00:00Z\"}]}");
  hone_together_list_jobs_async (fixture->client, NULL, got_result, &result);
  jobs = hone_together_list_jobs_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 4);
  g_assert_cmpint (((HoneFineTuneJob *) g_ptr_array_index (jobs, 0))->status, ==, HONE_FINE_TUNE_STATUS_RUNNING);
  g_assert_cmpint (((HoneFineTuneJob *) g_ptr_array_index (jobs, 1))->status, ==, HONE_FINE_TUNE_STATUS_CANCELLED);
  g_assert_cmpint (((HoneFineTuneJob *) g_ptr_array_index (jobs, 2))->status, ==, HONE_FINE_TUNE_STATUS_RUNNING);
  g_assert_cmpstr (((HoneFineTuneJob *) g_ptr_array_index (jobs, 2))->raw_status, ==, "compressing");
  g_assert_cmpint (((HoneFineTuneJob *) g_ptr_array_index (jobs, 3))->status, ==, HONE_FINE_TUNE_STATUS_UNKNOWN);
  g_assert_cmpstr (((HoneFineTuneJob *) g_ptr_array_index (jobs, 3))->raw_status, ==, "brand_new_state");
}

static void
test_list_malformed (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const bodies[] = {
    "{\"data\":[{\"id\":\"ft-1\",\"status\":\"running\"",   /* cut off */
    "{\"data\":{\"id\":\"ft-1\"}}",                           /* not a list */
    "{\"data\":[{\"status\":\"running\"}]}",                  /* a job without id */
    "[]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) jobs = NULL;
      GError *error = NULL;

      hone_fake_server_push_json (fixture->server, "GET", "/v1/fine-tunes", 200, bodies[i]);
      hone_together_list_jobs_async (fixture->client, NULL, got_result, &result);
      jobs = hone_together_list_jobs_finish (fixture->client, wait_result (&result), &error);
      g_assert_null (jobs);
      g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "Together AI"));
      g_clear_error (&error);
    }
  /* A broken body is not retried: the server answered */
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "GET", "/v1/fine-tunes"), ==,
                    G_N_ELEMENTS (bodies));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFineTuneJob) job = NULL;
  g_autoptr(HoneFakeRequest) request = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "POST", "/v1/fine-tunes/" JOB_ID "/cancel", 200,
                              "{\"id\":\"" JOB_ID "\",\"status\":\"cancel_requested\","
                              "\"created_at\":\"2026-11-20T10:00:00Z\",\"updated_at\":\"2026-11-20T10:03:00Z\"}");
  hone_together_cancel_job_async (fixture->client, JOB_ID, NULL, got_result, &result);
  job = hone_together_cancel_job_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (job->status, ==, HONE_FINE_TUNE_STATUS_RUNNING);
  g_assert_cmpstr (job->raw_status, ==, "cancel_requested");
  request = only_request (fixture, "POST", "/v1/fine-tunes/" JOB_ID "/cancel");
  assert_bearer (request);
}

static void
test_events_checkpoints_metrics (Fixture       *fixture,
                                 gconstpointer  data)
{
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "GET", "/v1/fine-tunes/" JOB_ID "/events", 200,
                              "{\"data\":[{\"object\":\"fine-tune-event\",\"created_at\":\"2026-11-20T10:00:01Z\","
                              "\"level\":null,\"message\":\"Fine tune request created\",\"type\":\"job_pending\","
                              "\"param_count\":0,\"token_count\":0,\"total_steps\":0,\"wandb_url\":\"\",\"step\":0,"
                              "\"checkpoint_path\":\"\",\"model_path\":\"\",\"training_offset\":0,\"hash\":\"\"},"
                              "{\"object\":\"fine-tune-event\",\"created_at\":\"2026-11-20T10:20:00Z\","
                              "\"level\":\"info\",\"message\":\"Epoch completed, at step 40\",\"type\":\"epoch_complete\","
                              "\"step\":40}]}");
  hone_fake_server_push_json (fixture->server, "GET", "/v1/fine-tunes/" JOB_ID "/checkpoints", 200,
                              "{\"data\":[{\"step\":40,\"created_at\":\"2026-11-20T10:20:00Z\","
                              "\"path\":\"s3://ckpt/40\",\"checkpoint_type\":\"Intermediate\"}]}");
  hone_fake_server_push_json (fixture->server, "GET", "/v1/fine-tunes/" JOB_ID "/metrics", 200,
                              "{\"metrics\":[{\"train/loss\":0.5,\"train/learning_rate\":0.0001,\"train/global_step\":7},"
                              "{\"train/loss\":0.45,\"train/learning_rate\":0.00009,\"train/global_step\":14},"
                              "{\"eval/loss\":0.61,\"eval/global_step\":14}]}");

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) events = NULL;
    HoneFineTuneEvent *event;

    hone_together_list_events_async (fixture->client, JOB_ID, NULL, got_result, &result);
    events = hone_together_list_events_finish (fixture->client, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (events->len, ==, 2);
    event = g_ptr_array_index (events, 0);
    g_assert_null (event->level);
    g_assert_cmpstr (event->type, ==, "job_pending");
    event = g_ptr_array_index (events, 1);
    g_assert_cmpstr (event->level, ==, "info");
    g_assert_cmpint (event->step, ==, 40);
    g_assert_cmpstr (event->message, ==, "Epoch completed, at step 40");
    g_assert_nonnull (event->created_at);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) checkpoints = NULL;
    HoneFineTuneCheckpoint *checkpoint;

    hone_together_list_checkpoints_async (fixture->client, JOB_ID, NULL, got_result, &result);
    checkpoints = hone_together_list_checkpoints_finish (fixture->client, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (checkpoints->len, ==, 1);
    checkpoint = g_ptr_array_index (checkpoints, 0);
    g_assert_cmpint (checkpoint->step, ==, 40);
    g_assert_cmpstr (checkpoint->path, ==, "s3://ckpt/40");
    g_assert_cmpstr (checkpoint->kind, ==, "Intermediate");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GArray) metrics = NULL;
    g_autoptr(HoneFakeRequest) request = NULL;
    HoneFineTuneMetric *m;

    hone_together_get_metrics_async (fixture->client, JOB_ID, NULL, got_result, &result);
    metrics = hone_together_get_metrics_finish (fixture->client, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (metrics->len, ==, 3);
    m = &g_array_index (metrics, HoneFineTuneMetric, 1);
    g_assert_cmpint (m->step, ==, 14);
    g_assert_cmpfloat_with_epsilon (m->train_loss, 0.45, 1e-12);
    g_assert_true (isnan (m->eval_loss));
    m = &g_array_index (metrics, HoneFineTuneMetric, 2);
    g_assert_true (isnan (m->train_loss));
    g_assert_cmpfloat_with_epsilon (m->eval_loss, 0.61, 1e-12);
    request = only_request (fixture, "GET", "/v1/fine-tunes/" JOB_ID "/metrics");
    g_assert_cmpuint (g_bytes_get_size (request->body), ==, 0);
  }
}

static void
test_estimate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFakeRequest) request = NULL;
  HoneTogetherPriceEstimate estimate;
  HoneTogetherFineTuneSettings s;
  GError *error = NULL;
  JsonObject *body;

  hone_fake_server_push_json (fixture->server, "POST", "/v1/fine-tunes/estimate-price", 200,
                              "{\"estimated_total_price\":4.25,\"allowed_to_proceed\":true,"
                              "\"user_limit\":100.0,\"estimated_train_token_count\":1200000,"
                              "\"estimated_eval_token_count\":30000}");
  init_settings (&s);
  s.n_epochs = 2;
  s.suffix = "not-in-estimate";
  s.batch_size = 0;
  hone_together_estimate_price_async (fixture->client, &s, NULL, got_result, &result);
  g_assert_true (hone_together_estimate_price_finish (fixture->client, wait_result (&result),
                                                      &estimate, &error));
  g_assert_no_error (error);
  g_assert_true (estimate.estimation_available);
  g_assert_cmpfloat_with_epsilon (estimate.total_price, 4.25, 1e-9);
  g_assert_true (estimate.allowed_to_proceed);
  g_assert_cmpfloat_with_epsilon (estimate.user_limit, 100.0, 1e-9);
  g_assert_cmpint (estimate.train_tokens, ==, 1200000);
  g_assert_cmpint (estimate.eval_tokens, ==, 30000);

  request = only_request (fixture, "POST", "/v1/fine-tunes/estimate-price");
  assert_bearer (request);
  body = request_json (request, parser);
  g_assert_cmpstr (json_object_get_string_member (body, "training_file"), ==, "file-abc");
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, s.model);
  g_assert_cmpint (json_object_get_int_member (body, "n_epochs"), ==, 2);
  /* Only the fields the spec lists for an estimate */
  g_assert_false (json_object_has_member (body, "suffix"));
  g_assert_false (json_object_has_member (body, "batch_size"));

  /* The live API's estimation_available: false (files still checked) */
  {
    g_autoptr(GAsyncResult) result2 = NULL;

    hone_fake_server_push_json (fixture->server, "POST", "/v1/fine-tunes/estimate-price", 200,
                                "{\"estimation_available\":false,\"allowed_to_proceed\":true}");
    hone_together_estimate_price_async (fixture->client, &s, NULL, got_result, &result2);
    g_assert_true (hone_together_estimate_price_finish (fixture->client, wait_result (&result2),
                                                        &estimate, &error));
    g_assert_no_error (error);
    g_assert_false (estimate.estimation_available);
    g_assert_cmpfloat (estimate.total_price, <, 0);
  }
}

static void
test_models_429 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) models = NULL;
  GError *error = NULL;

  hone_fake_response_add_header (hone_fake_server_push_json (fixture->server, "GET",
                                                             "/v1/fine-tunes/models/supported", 429,
                                                             "{\"error\":{\"message\":\"slow down\"}}"),
                                 "Retry-After", "1");
  hone_fake_server_push_json (fixture->server, "GET", "/v1/fine-tunes/models/supported", 200,
                              "{\"models\":[\"Qwen/Qwen3-8B\",\"meta-llama/Meta-Llama-3.1-8B-Instruct-Reference\"]}");
  hone_together_list_models_async (fixture->client, NULL, got_result, &result);
  models = hone_together_list_models_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (models), ==, 2);
  g_assert_cmpstr (models[0], ==, "Qwen/Qwen3-8B");
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "GET", "/v1/fine-tunes/models/supported"), ==, 2);

  /* Retry-After longer than the policy allows: fails at once, busy */
  {
    g_autoptr(GAsyncResult) result2 = NULL;
    g_auto(GStrv) models2 = NULL;

    hone_fake_response_add_header (hone_fake_server_push_json (fixture->server, "GET",
                                                               "/v1/fine-tunes/models/supported", 429,
                                                               "{\"error\":{\"message\":\"slow down\"}}"),
                                   "Retry-After", "3600");
    hone_together_list_models_async (fixture->client, NULL, got_result, &result2);
    models2 = hone_together_list_models_finish (fixture->client, wait_result (&result2), &error);
    g_assert_null (models2);
    g_assert_error (error, HONE_ERROR, HONE_ERROR_BUSY);
    g_clear_error (&error);
    g_assert_cmpuint (hone_fake_server_count (fixture->server, "GET", "/v1/fine-tunes/models/supported"), ==, 3);
  }
}

static void
test_limits (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(HoneTogetherModelLimits) limits = NULL;
  g_autoptr(HoneTogetherModelLimits) missing = NULL;
  g_autoptr(HoneFakeRequest) request = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "GET", "/v1/fine-tunes/models/limits", 200,
                              "{\"model_name\":\"meta-llama/Meta-Llama-3.1-8B-Instruct-Reference\","
                              "\"lora_training\":{\"max_batch_size\":32,\"max_batch_size_dpo\":16,"
                              "\"min_batch_size\":8,\"max_rank\":64,"
                              "\"target_modules\":[\"q_proj\",\"k_proj\",\"v_proj\"]},"
                              "\"max_num_epochs\":20,\"max_num_evals\":100,"
                              "\"max_learning_rate\":1,\"min_learning_rate\":1e-8,"
                              "\"supports_vision\":false,\"supports_tools\":true}");
  hone_together_get_model_limits_async (fixture->client, "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
                                        NULL, got_result, &result);
  limits = hone_together_get_model_limits_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_false (limits->full_supported);
  g_assert_true (limits->lora_supported);
  g_assert_cmpint (limits->lora_max_rank, ==, 64);
  g_assert_cmpint (limits->lora_min_batch_size, ==, 8);
  g_assert_cmpint (limits->lora_max_batch_size_dpo, ==, 16);
  g_assert_cmpuint (g_strv_length (limits->lora_target_modules), ==, 3);
  g_assert_cmpint (limits->max_epochs, ==, 20);
  g_assert_cmpfloat_with_epsilon (limits->min_learning_rate, 1e-8, 1e-15);
  g_assert_true (limits->supports_tools);
  request = only_request (fixture, "GET", "/v1/fine-tunes/models/limits");
  g_assert_cmpstr (request->query, ==, "model_name=meta-llama%2FMeta-Llama-3.1-8B-Instruct-Reference");

  hone_fake_server_push_json (fixture->server, "GET", "/v1/fine-tunes/models/limits", 404,
                              "{\"message\":\"Model not supported for fine-tuning\"}");
  hone_together_get_model_limits_async (fixture->client, "gpt-2", NULL, got_result, &result2);
  missing = hone_together_get_model_limits_finish (fixture->client, wait_result (&result2), &error);
  g_assert_null (missing);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Model not supported for fine-tuning"));
  g_clear_error (&error);
}

static void
test_base_url (void)
{
  g_autoptr(HoneTogether) client = hone_together_new (NULL, NULL);

  g_assert_cmpstr (hone_together_get_base_url (client), ==, "https://api.together.ai/v1");
  hone_together_set_base_url (client, "http://127.0.0.1:4010//");
  g_assert_cmpstr (hone_together_get_base_url (client), ==, "http://127.0.0.1:4010");
  hone_together_set_base_url (client, NULL);
  g_assert_cmpstr (hone_together_get_base_url (client), ==, HONE_TOGETHER_DEFAULT_BASE_URL);
}

static void
test_parse_time (void)
{
  g_autoptr(GDateTime) iso = hone_fine_tune_parse_time ("2026-11-20T10:00:00.000Z");
  g_autoptr(GDateTime) unix_time = hone_fine_tune_parse_time ("1795168800");

  g_assert_nonnull (iso);
  g_assert_nonnull (unix_time);
  g_assert_cmpint (g_date_time_to_unix (iso), ==, 1795168800);
  g_assert_true (g_date_time_equal (iso, unix_time));
  g_assert_null (hone_fine_tune_parse_time ("yesterday"));
  g_assert_null (hone_fine_tune_parse_time (""));
  g_assert_null (hone_fine_tune_parse_time (NULL));
  g_assert_cmpstr (hone_fine_tune_status_to_string (HONE_FINE_TUNE_STATUS_SUCCEEDED), ==, "succeeded");
}

static void
test_upload_missing_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/hone/train.jsonl");
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *file_id = NULL;
  GError *error = NULL;

  hone_together_upload_file_async (fixture->client, file, NULL, NULL, NULL, NULL,
                                   got_result, &result);
  file_id = hone_together_upload_finish (fixture->client, wait_result (&result), &error);
  g_assert_null (file_id);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "train.jsonl"));
  g_clear_error (&error);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, NULL, NULL), ==, 0);
}

/* ---- stored files (GET /files, DELETE /files/{id}) -------------------- */

static void
test_list_files (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(HoneFakeRequest) get = NULL;
  HoneProviderFile *file;
  GError *error = NULL;

  /* FileList of FileResponse, with the spec's capitalised keys */
  hone_fake_server_push_json (fixture->server, "GET", "/v1/files", 200,
                              "{\"data\":[{\"id\":\"file-abc\",\"object\":\"file\","
                              "\"created_at\":1763630000,\"filename\":\"train.jsonl\","
                              "\"bytes\":300000,\"purpose\":\"fine-tune\",\"FileType\":\"jsonl\","
                              "\"Processed\":true},"
                              "{\"id\":\"file-old\",\"object\":\"file\",\"created_at\":1700000000,"
                              "\"filename\":\"eval.csv\",\"bytes\":0,\"purpose\":\"eval\","
                              "\"FileType\":\"csv\",\"Processed\":false}]}");
  hone_together_list_files_async (fixture->client, NULL, got_result, &result);
  files = hone_together_list_files_finish (fixture->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 2);
  file = g_ptr_array_index (files, 0);
  g_assert_cmpstr (file->id, ==, "file-abc");
  g_assert_cmpstr (file->filename, ==, "train.jsonl");
  g_assert_cmpint (file->bytes, ==, 300000);
  g_assert_cmpint (g_date_time_to_unix (file->created_at), ==, 1763630000);
  file = g_ptr_array_index (files, 1);
  g_assert_cmpstr (file->id, ==, "file-old");
  g_assert_cmpstr (file->filename, ==, "eval.csv");
  g_assert_cmpint (file->bytes, ==, 0);
  g_assert_cmpint (g_date_time_to_unix (file->created_at), ==, 1700000000);

  get = only_request (fixture, "GET", "/v1/files");
  assert_bearer (get);
  g_assert_null (get->query);
}

static void
test_list_files_malformed (Fixture       *fixture,
                           gconstpointer  data)
{
  static const struct { const char *body; const char *detail; } cases[] = {
    { "[{\"id\":\"file-abc\"}]", "not a JSON object" },
    { "{\"object\":\"list\"}", "no “data” list" },
    { "{\"data\":\"file-abc\"}", "no “data” list" },
    { "{\"data\":[{\"id\":\"file-abc\"},{\"filename\":\"train.jsonl\",\"bytes\":3}]}",
      "file 2 of 2 has no “id”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) files = NULL;
      GError *error = NULL;

      hone_fake_server_push_json (fixture->server, "GET", "/v1/files", 200, cases[i].body);
      hone_together_list_files_async (fixture->client, NULL, got_result, &result);
      files = hone_together_list_files_finish (fixture->client, wait_result (&result), &error);
      g_assert_null (files);
      g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "Together AI sent a list of files"));
      g_assert_nonnull (strstr (error->message, cases[i].detail));
      g_clear_error (&error);
    }
}

static void
test_delete_file (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HoneFakeRequest) delete = NULL;
  GError *error = NULL;

  /* FileDeleteResponse */
  hone_fake_server_push_json (fixture->server, "DELETE", "/v1/files/file-abc", 200,
                              "{\"id\":\"file-abc\",\"deleted\":true}");
  hone_together_delete_file_async (fixture->client, "file-abc", NULL, got_result, &result);
  g_assert_true (hone_together_delete_file_finish (fixture->client, wait_result (&result), &error));
  g_assert_no_error (error);
  delete = only_request (fixture, "DELETE", "/v1/files/file-abc");
  assert_bearer (delete);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, NULL, NULL), ==, 1);
}

static void
test_delete_file_404 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  hone_fake_server_push_json (fixture->server, "DELETE", "/v1/files/file-gone", 404,
                              "{\"error\":{\"message\":\"File not found\","
                              "\"type\":\"invalid_request_error\"}}");
  hone_together_delete_file_async (fixture->client, "file-gone", NULL, got_result, &result);
  g_assert_false (hone_together_delete_file_finish (fixture->client, wait_result (&result), &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“file-gone”"));
  g_assert_nonnull (strstr (error->message, "could not be deleted"));
  g_assert_nonnull (strstr (error->message, "File not found"));
  assert_no_key_in (error->message);
  g_clear_error (&error);
  /* A 404 is an answer: not asked again */
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "DELETE", "/v1/files/file-gone"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/together/base-url", test_base_url);
  g_test_add_func ("/together/parse-time", test_parse_time);
  ADD ("/together/upload", test_upload);
  ADD ("/together/upload-file", test_upload_file);
  ADD ("/together/upload-cancel", test_upload_cancel);
  ADD ("/together/upload-missing-file", test_upload_missing_file);
  ADD ("/together/create", test_create);
  ADD ("/together/create-full-dpo", test_create_full_dpo);
  ADD ("/together/settings-refused", test_settings_refused);
  ADD ("/together/create-401", test_create_401);
  ADD ("/together/create-500-not-resent", test_create_never_resent);
  ADD ("/together/create-429-resent", test_create_429);
  ADD ("/together/get-500-retried", test_get_500_retried);
  ADD ("/together/job-lifecycle", test_job_lifecycle);
  ADD ("/together/failed-job", test_failed_job);
  ADD ("/together/list", test_list);
  ADD ("/together/list-malformed", test_list_malformed);
  ADD ("/together/cancel", test_cancel);
  ADD ("/together/events-checkpoints-metrics", test_events_checkpoints_metrics);
  ADD ("/together/estimate", test_estimate);
  ADD ("/together/models-429", test_models_429);
  ADD ("/together/limits", test_limits);
  ADD ("/together/list-files", test_list_files);
  ADD ("/together/list-files-malformed", test_list_files_malformed);
  ADD ("/together/delete-file", test_delete_file);
  ADD ("/together/delete-file-404", test_delete_file_404);

  return g_test_run ();
}
