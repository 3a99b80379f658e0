/* test-chat.c: chat completions against a fake OpenAI-compatible server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "hone-chat.h"
#include "hone-error.h"
#include "hone-fake-server.h"

#define API_KEY "sk-chat-test-0123456789abcdef"
#define PATH "/v1/chat/completions"

static const HoneRetryPolicy fast_policy = { 3, 10, 2000 };

typedef struct {
  HoneFakeServer *server;
  HoneChat       *chat;
  GString        *deltas;
  guint           n_deltas;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *base = NULL;

  fixture->server = hone_fake_server_new ();
  base = hone_fake_server_url (fixture->server, "/v1/");
  fixture->chat = hone_chat_new (NULL, "Together AI", base, data != NULL ? NULL : API_KEY);
  hone_chat_set_retry_policy (fixture->chat, &fast_policy);
  fixture->deltas = g_string_new (NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->chat);
  g_clear_pointer (&fixture->server, hone_fake_server_free);
  g_string_free (fixture->deltas, TRUE);
}

static JsonArray *
messages (void)
{
  JsonArray *array = json_array_new ();
  JsonObject *system = json_object_new ();
  JsonObject *user = json_object_new ();

  json_object_set_string_member (system, "role", "system");
  json_object_set_string_member (system, "content", "You answer briefly.");
  json_object_set_string_member (user, "role", "user");
  json_object_set_string_member (user, "content", "Say hello «world» ✓");
  json_array_add_object_element (array, system);
  json_array_add_object_element (array, user);
  return array;
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
delta_cb (const char *delta,
          gpointer    user_data)
{
  Fixture *fixture = user_data;

  g_string_append (fixture->deltas, delta);
  fixture->n_deltas++;
}

static HoneChatResult *
complete (Fixture  *fixture,
          gboolean  stream,
          GError  **error)
{
  g_autoptr(JsonArray) array = messages ();
  g_autoptr(GAsyncResult) result = NULL;
  HoneChatParams params = HONE_CHAT_PARAMS_INIT;

  params.temperature = 0.2;
  params.max_tokens = 50;
  hone_chat_complete_async (fixture->chat, "Qwen/Qwen3-8B", array, &params,
                            stream ? delta_cb : NULL, fixture, NULL, got_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return hone_chat_complete_finish (fixture->chat, result, error);
}

static JsonObject *
sent_body (Fixture    *fixture,
           JsonParser *parser,
           guint       index)
{
  g_autoptr(GPtrArray) requests = hone_fake_server_get_requests (fixture->server);
  HoneFakeRequest *request = g_ptr_array_index (requests, index);
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (request->body, NULL),
                              g_bytes_get_size (request->body), &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static const char *
sent_header (Fixture    *fixture,
             guint       index,
             const char *name)
{
  g_autoptr(GPtrArray) requests = hone_fake_server_get_requests (fixture->server);
  static char value[256];
  const char *v = soup_message_headers_get_one (((HoneFakeRequest *) g_ptr_array_index (requests, index))->headers, name);

  if (v == NULL)
    return NULL;
  g_strlcpy (value, v, sizeof value);
  return value;
}

/* One answer: the text, why it stopped, the tokens; what was sent */
static void
test_answer (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HoneChatResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  hone_fake_server_push_json (fixture->server, "POST", PATH, 200,
                              "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1763630000,"
                              "\"model\":\"Qwen/Qwen3-8B\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                              "\"content\":\"Hello, world ✓\"},\"finish_reason\":\"stop\"}],"
                              "\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":5,\"total_tokens\":26}}");
  result = complete (fixture, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->text, ==, "Hello, world ✓");
  g_assert_cmpstr (result->finish_reason, ==, "stop");
  g_assert_cmpstr (result->model, ==, "Qwen/Qwen3-8B");
  g_assert_cmpint (result->prompt_tokens, ==, 21);
  g_assert_cmpint (result->completion_tokens, ==, 5);

  body = sent_body (fixture, parser, 0);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "Qwen/Qwen3-8B");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "messages")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (body, "messages"), 1), "content"),
                   ==, "Say hello «world» ✓");
  g_assert_cmpfloat (json_object_get_double_member (body, "temperature"), ==, 0.2);
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 50);
  g_assert_false (json_object_has_member (body, "stream"));
  g_assert_false (json_object_has_member (body, "top_p"));
  g_assert_cmpstr (sent_header (fixture, 0, "Authorization"), ==, "Bearer " API_KEY);
}

#define CHUNK(content) \
  "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" content "\"},\"finish_reason\":null}]}\n\n"

/* Streamed: the pieces as they come, the whole at the end */
static void
test_stream (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HoneChatResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  hone_fake_server_push (fixture->server, "POST", PATH, 200, "text/event-stream",
                         ": keep-alive\n\n"
                         CHUNK ("Hel") CHUNK ("lo, ") CHUNK ("world")
                         "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"
                         "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":3}}\n\n"
                         "data: [DONE]\n\n");
  hone_chat_set_ask_usage (fixture->chat, TRUE);
  result = complete (fixture, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->text, ==, "Hello, world");
  g_assert_cmpstr (fixture->deltas->str, ==, "Hello, world");
  g_assert_cmpuint (fixture->n_deltas, ==, 3);
  g_assert_cmpstr (result->finish_reason, ==, "length");
  g_assert_cmpint (result->completion_tokens, ==, 3);

  body = sent_body (fixture, parser, 0);
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (body, "stream_options"), "include_usage"));
  g_assert_cmpstr (sent_header (fixture, 0, "Accept"), ==, "text/event-stream");
}

/* The connection drops in the middle of a piece: an error that says what
 * had arrived, never a short answer taken for a whole one */
static void
test_stream_cut (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HoneChatResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hone_fake_server_push_raw (fixture->server, "POST", PATH, HONE_FAKE_RAW_CLOSE,
                             "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                             CHUNK ("Hel") "data: {\"choices\":[{\"delta\":{\"cont");
  result = complete (fixture, TRUE, &error);
  g_assert_null (result);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "cut off"));
  g_clear_error (&error);
  g_assert_cmpstr (fixture->deltas->str, ==, "Hel");

  /* Whole pieces, then the end without [DONE] or a finish reason */
  g_string_truncate (fixture->deltas, 0);
  hone_fake_server_push_raw (fixture->server, "POST", PATH, HONE_FAKE_RAW_CLOSE,
                             "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                             CHUNK ("Hel") CHUNK ("lo"));
  result = complete (fixture, TRUE, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "stopped before its end"));
  g_assert_nonnull (strstr (error->message, "“Hello”"));
}

/* Broken pieces and errors sent inside the stream */
static void
test_stream_bad (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HoneChatResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hone_fake_server_push (fixture->server, "POST", PATH, 200, "text/event-stream",
                         CHUNK ("Hi") "data: {not json}\n\n" "data: [DONE]\n\n");
  result = complete (fixture, TRUE, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "piece 2"));
  g_assert_nonnull (strstr (error->message, "{not json}"));
  g_clear_error (&error);

  hone_fake_server_push (fixture->server, "POST", PATH, 200, "text/event-stream",
                         CHUNK ("Hi") "data: {\"error\":{\"message\":\"model overloaded\"}}\n\n");
  result = complete (fixture, TRUE, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "model overloaded"));
  g_clear_error (&error);

  /* A 200 that is not an answer */
  hone_fake_server_push_json (fixture->server, "POST", PATH, 200, "{\"object\":\"list\",\"data\":[]}");
  result = complete (fixture, FALSE, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "OpenAI-compatible"));
}

/* Refusals say what to do and never show the key; a 429 waits and asks
 * again; a 500 is not sent twice */
static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HoneChatResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HoneFakeResponse *busy;

  hone_fake_server_push_json (fixture->server, "POST", PATH, 401,
                              "{\"error\":{\"message\":\"Invalid API key " API_KEY "\"}}");
  result = complete (fixture, TRUE, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_assert_null (strstr (error->message, "0123456789abcdef"));
  g_clear_error (&error);

  busy = hone_fake_server_push_json (fixture->server, "POST", PATH, 429, "{\"error\":{\"message\":\"slow down\"}}");
  hone_fake_response_add_header (busy, "Retry-After", "0");
  hone_fake_server_push (fixture->server, "POST", PATH, 200, "text/event-stream",
                         CHUNK ("ok") "data: [DONE]\n\n");
  result = complete (fixture, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->text, ==, "ok");
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", PATH), ==, 3);
  g_clear_pointer (&result, hone_chat_result_free);

  hone_fake_server_push_json (fixture->server, "POST", PATH, 500, "{\"error\":{\"message\":\"boom\"}}");
  result = complete (fixture, FALSE, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", PATH), ==, 4);
}

/* A local server without a key: no Authorization header at all */
static void
test_no_key (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HoneChatResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hone_fake_server_push_json (fixture->server, "POST", PATH, 200,
                              "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"local\"},\"finish_reason\":\"stop\"}]}");
  result = complete (fixture, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->text, ==, "local");
  g_assert_cmpint (result->prompt_tokens, ==, -1);
  g_assert_null (sent_header (fixture, 0, "Authorization"));
  g_assert_cmpstr (hone_chat_default_base_url ("fireworks"), ==, "https://api.fireworks.ai/inference/v1");
  g_assert_null (hone_chat_default_base_url ("compatible"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/chat/answer", test_answer, NULL);
  ADD ("/chat/stream", test_stream, NULL);
  ADD ("/chat/stream-cut", test_stream_cut, NULL);
  ADD ("/chat/stream-bad", test_stream_bad, NULL);
  ADD ("/chat/errors", test_errors, NULL);
  ADD ("/chat/no-key", test_no_key, "no key");

  return g_test_run ();
}
