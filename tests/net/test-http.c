/* test-http.c: requests, retries and error messages against a fake server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-error.h"
#include "hone-fake-server.h"
#include "hone-http.h"

#define TEST_KEY "sk-test-Zq81xVbN4kTr0pLmC2sW9yHd"

/* Short waits: tests count attempts, they never time them */
static const HoneRetryPolicy quick = { 3, 2, 50 };

typedef struct {
  HoneFakeServer *server;
  SoupSession    *session;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = hone_fake_server_new ();
  f->session = hone_http_session_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, hone_fake_server_free);
}

static HoneHttpRequest *
new_request (Fixture    *f,
             const char *method,
             const char *path)
{
  g_autofree char *url = hone_fake_server_url (f->server, path);
  HoneHttpRequest *request = hone_http_request_new ("Test AI", method, url);

  hone_http_request_set_bearer (request, TEST_KEY);
  hone_http_request_set_retry_policy (request, &quick);
  return request;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Sends on the test's main context, as the app does */
static HoneHttpResponse *
send (Fixture          *f,
      HoneHttpRequest  *request,
      GCancellable     *cancellable,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_http_send_async (f->session, request, cancellable, on_sent, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return hone_http_send_finish (result, error);
}

/* The message never holds the key, nor a long piece of it */
static void
assert_no_key (const char *message)
{
  for (gsize i = 0; i + 6 <= strlen (TEST_KEY); i++)
    {
      g_autofree char *piece = g_strndup (TEST_KEY + i, 6);

      if (strstr (message, piece) != NULL)
        g_error ("“%s” holds a piece of the API key: %s", message, piece);
    }
}

static void
test_ok_json (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HoneHttpRequest) request = new_request (f, "POST", "/v1/things");
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  HoneFakeRequest *seen;

  hone_fake_server_push_json (f->server, "POST", "/v1/things", 200, "{\"id\":\"ft-1\",\"n\":3}");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, "m");
  json_builder_end_object (builder);
  hone_http_request_take_json (request, json_builder_get_root (builder));
  hone_http_request_set_header (request, "X-Test", "yes");

  response = send (f, g_steal_pointer (&request), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (response->attempts, ==, 1);
  g_assert_nonnull (response->json);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (response->json), "id"), ==, "ft-1");

  log = hone_fake_server_get_requests (f->server);
  g_assert_cmpuint (log->len, ==, 1);
  seen = g_ptr_array_index (log, 0);
  g_assert_cmpstr (seen->method, ==, "POST");
  g_assert_cmpstr (seen->path, ==, "/v1/things");
  g_assert_cmpstr (soup_message_headers_get_one (seen->headers, "Authorization"), ==, "Bearer " TEST_KEY);
  g_assert_cmpstr (soup_message_headers_get_one (seen->headers, "User-Agent"), ==, hone_http_get_user_agent ());
  g_assert_cmpstr (soup_message_headers_get_one (seen->headers, "X-Test"), ==, "yes");
  g_assert_cmpstr (soup_message_headers_get_content_type (seen->headers, NULL), ==, "application/json");
  g_assert_cmpmem (g_bytes_get_data (seen->body, NULL), g_bytes_get_size (seen->body),
                   "{\"model\":\"m\"}", strlen ("{\"model\":\"m\"}"));
}

static void
test_retry_5xx_idempotent (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  hone_fake_server_push_json (f->server, "GET", "/v1/models", 500, "{\"error\":\"oops\"}");
  hone_fake_server_push (f->server, "GET", "/v1/models", 502, "text/html", "<html>bad gateway</html>");
  hone_fake_server_push_json (f->server, "GET", "/v1/models", 200, "{\"data\":[]}");

  response = send (f, new_request (f, "GET", "/v1/models"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (response->attempts, ==, 3);
  g_assert_cmpuint (hone_fake_server_count (f->server, "GET", "/v1/models"), ==, 3);
}

static void
test_retry_5xx_gives_up (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    hone_fake_server_push_json (f->server, "GET", "/v1/models", 503, "{\"message\":\"overloaded\"}");

  response = send (f, new_request (f, "GET", "/v1/models"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_null (response);
  g_assert_nonnull (strstr (error->message, "Test AI"));
  g_assert_nonnull (strstr (error->message, "503: overloaded"));
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, NULL), ==, 3);
}

/* A POST that creates something is sent once: a 5xx may have done it */
static void
test_no_retry_post (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  hone_fake_server_push_json (f->server, "POST", "/v1/fine-tunes", 500, "{\"error\":{\"message\":\"internal\"}}");
  hone_fake_server_push_json (f->server, "POST", "/v1/fine-tunes", 200, "{\"id\":\"ft-2\"}");

  response = send (f, new_request (f, "POST", "/v1/fine-tunes"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_cmpuint (hone_fake_server_count (f->server, "POST", "/v1/fine-tunes"), ==, 1);
  g_assert_cmpuint (hone_fake_server_pending (f->server), ==, 1);
}

/* …but a POST marked idempotent is retried */
static void
test_retry_post_marked (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(HoneHttpRequest) request = new_request (f, "POST", "/v1/chat");
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  hone_fake_server_push_json (f->server, "POST", "/v1/chat", 500, "{}");
  hone_fake_server_push_json (f->server, "POST", "/v1/chat", 200, "{}");
  hone_http_request_set_idempotent (request, TRUE);

  response = send (f, g_steal_pointer (&request), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->attempts, ==, 2);
}

/* A 429 was not acted on: even a POST is retried, after the Retry-After */
static void
test_429_retry_after (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HoneHttpRequest) request = new_request (f, "POST", "/v1/fine-tunes");
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  HoneRetryPolicy policy = { 3, 2, 5000 };
  HoneFakeResponse *busy;

  busy = hone_fake_server_push_json (f->server, "POST", "/v1/fine-tunes", 429, "{\"error\":{\"message\":\"slow down\"}}");
  hone_fake_response_add_header (busy, "Retry-After", "1");
  /* An HTTP date in the past: retry at once */
  busy = hone_fake_server_push_json (f->server, "POST", "/v1/fine-tunes", 429, "{}");
  hone_fake_response_add_header (busy, "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");
  hone_fake_server_push_json (f->server, "POST", "/v1/fine-tunes", 201, "{\"id\":\"ft-3\"}");
  hone_http_request_set_retry_policy (request, &policy);

  response = send (f, g_steal_pointer (&request), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 201);
  g_assert_cmpuint (response->attempts, ==, 3);
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, NULL), ==, 3);
}

/* A Retry-After longer than the policy allows fails at once, saying so */
static void
test_429_retry_after_too_long (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(HoneHttpRequest) request = new_request (f, "GET", "/v1/models");
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  HoneRetryPolicy policy = { 5, 2, 100 };
  HoneFakeResponse *busy;

  busy = hone_fake_server_push_json (f->server, "GET", "/v1/models", 429, "{\"error\":{\"message\":\"rate limited\"}}");
  hone_fake_response_add_header (busy, "Retry-After", "1");
  hone_http_request_set_retry_policy (request, &policy);

  response = send (f, g_steal_pointer (&request), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "wait 1 second before"));
  g_assert_nonnull (strstr (error->message, "rate limited"));
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, NULL), ==, 1);

  /* The same with an HTTP date two hours ahead */
  busy = hone_fake_server_push_json (f->server, "GET", "/v1/models", 429, "{}");
  hone_fake_response_add_header (busy, "Retry-After", date);
  request = new_request (f, "GET", "/v1/models");
  hone_http_request_set_retry_policy (request, &policy);
  response = send (f, g_steal_pointer (&request), NULL, &error2);
  g_assert_error (error2, HONE_ERROR, HONE_ERROR_BUSY);
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, NULL), ==, 2);
}

static void
test_429_exhausted (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    hone_fake_server_push_json (f->server, "GET", "/v1/models", 429, "{}");

  response = send (f, new_request (f, "GET", "/v1/models"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "too many requests"));
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, NULL), ==, 3);
}

/* The server never answers: the session's timeout ends each attempt */
static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HoneHttpRequest) request = new_request (f, "GET", "/v1/slow");
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  HoneRetryPolicy policy = { 2, 2, 50 };

  g_object_set (f->session, "timeout", 1, NULL);
  hone_fake_response_set_action (hone_fake_server_push (f->server, "GET", "/v1/slow", 200, NULL, NULL),
                                 HONE_FAKE_HANG);
  hone_fake_response_set_action (hone_fake_server_push (f->server, "GET", "/v1/slow", 200, NULL, NULL),
                                 HONE_FAKE_HANG);
  hone_http_request_set_retry_policy (request, &policy);

  response = send (f, g_steal_pointer (&request), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "did not answer within 1 second:"));
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, NULL), ==, 2);
}

#define PARTIAL_REPLY "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" \
                      "Content-Length: 100\r\n\r\n{\"partial\":"

/* The connection is reset in the middle of the body */
static void
test_reset_mid_body (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  hone_fake_server_push_raw (f->server, "GET", "/v1/files", HONE_FAKE_RAW_RESET, PARTIAL_REPLY);
  hone_fake_server_push_raw (f->server, "GET", "/v1/files", HONE_FAKE_RAW_CLOSE, PARTIAL_REPLY);
  hone_fake_server_push_json (f->server, "GET", "/v1/files", 200, "{\"data\":[1]}");

  response = send (f, new_request (f, "GET", "/v1/files"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->attempts, ==, 3);

  /* Not for a POST: it may have been done */
  hone_fake_server_push_raw (f->server, "POST", "/v1/files", HONE_FAKE_RAW_RESET, PARTIAL_REPLY);
  hone_fake_server_push_json (f->server, "POST", "/v1/files", 200, "{}");
  g_clear_pointer (&response, hone_http_response_free);
  response = send (f, new_request (f, "POST", "/v1/files"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "Test AI"));
  g_assert_cmpuint (hone_fake_server_count (f->server, "POST", "/v1/files"), ==, 1);
}

static void
test_malformed_json (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  hone_fake_server_push_json (f->server, "GET", "/v1/models", 200, "{\"data\": [1, 2");
  response = send (f, new_request (f, "GET", "/v1/models"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "could not read"));
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, NULL), ==, 1);
}

static void
test_401 (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  hone_fake_server_push_json (f->server, "GET", "/v1/models", 401, "{\"error\":{\"message\":\"Invalid API key\"}}");
  response = send (f, new_request (f, "GET", "/v1/models"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==,
                   "The API key was refused by Test AI (401: Invalid API key): check it in Preferences.");
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, NULL), ==, 1);
}

/* A server that echoes the key back: the message masks it */
static void
test_key_masked (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;

  hone_fake_server_push_json (f->server, "GET", "/v1/models", 401,
                              "{\"error\":{\"message\":\"Incorrect API key provided: " TEST_KEY
                              ". You can find your API key at https://example.com\"}}");
  response = send (f, new_request (f, "GET", "/v1/models"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_AUTH);
  assert_no_key (error->message);
  g_assert_nonnull (strstr (error->message, "Incorrect API key provided: [API key]. You can find"));

  /* In plain text, as a header echo, and cut short by the server */
  hone_fake_server_push (f->server, "POST", "/v1/x", 500, "text/plain",
                         "bad header Authorization: Bearer " TEST_KEY "\n");
  response = send (f, new_request (f, "POST", "/v1/x"), NULL, &error2);
  g_assert_error (error2, HONE_ERROR, HONE_ERROR_IO);
  assert_no_key (error2->message);
  g_assert_nonnull (strstr (error2->message, "Bearer [API key]"));

  hone_fake_server_push_json (f->server, "POST", "/v1/x", 400, "{\"detail\":\"key sk-test-Zq81xVb... rejected\"}");
  response = send (f, new_request (f, "POST", "/v1/x"), NULL, &error3);
  g_assert_error (error3, HONE_ERROR, HONE_ERROR_INVALID);
  assert_no_key (error3->message);
}

static void
test_4xx (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GError) error3 = NULL;

  hone_fake_server_push_json (f->server, "GET", "/v1/fine-tunes/ft-9", 404,
                              "{\"message\":\"Job ft-9 not found\"}");
  response = send (f, new_request (f, "GET", "/v1/fine-tunes/ft-9"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "(404: Job ft-9 not found)"));
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, NULL), ==, 1);

  hone_fake_server_push_json (f->server, "POST", "/v1/fine-tunes", 422,
                              "{\"detail\":[{\"loc\":[\"body\",\"model\"],\"msg\":\"field required\"},"
                              "{\"msg\":\"epochs too high\"}]}");
  response = send (f, new_request (f, "POST", "/v1/fine-tunes"), NULL, &error2);
  g_assert_error (error2, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error2->message, "(422: field required; epochs too high)"));

  /* No body at all: the status phrase; and a long message is cut */
  hone_fake_server_push (f->server, "GET", "/v1/forbidden", 403, NULL, NULL);
  response = send (f, new_request (f, "GET", "/v1/forbidden"), NULL, &error3);
  g_assert_error (error3, HONE_ERROR, HONE_ERROR_AUTH);
  g_assert_nonnull (strstr (error3->message, "(403: Forbidden)"));
}

static void
test_long_message_cut (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new ("{\"error\":{\"message\":\"");

  for (guint i = 0; i < 2000; i++)
    g_string_append (body, "é\\n");
  g_string_append (body, "\"}}");
  hone_fake_server_push_json (f->server, "POST", "/v1/x", 400, body->str);
  response = send (f, new_request (f, "POST", "/v1/x"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 500);
  g_assert_nonnull (strstr (error->message, "…)"));
}

static void
test_redirect (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HoneHttpRequest) request = new_request (f, "POST", "/v1/files/upload");
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *elsewhere = hone_fake_server_url (f->server, "/bucket/upload");
  HoneFakeResponse *moved;

  moved = hone_fake_server_push (f->server, "POST", "/v1/files/upload", 302, NULL, NULL);
  hone_fake_response_add_header (moved, "Location", elsewhere);
  hone_http_request_set_follow_redirects (request, FALSE);
  response = send (f, g_steal_pointer (&request), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 302);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Location"), ==, elsewhere);
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, "/bucket/upload"), ==, 0);

  /* Followed by default */
  moved = hone_fake_server_push (f->server, "GET", "/v1/old", 302, NULL, NULL);
  hone_fake_response_add_header (moved, "Location", "/v1/new");
  hone_fake_server_push_json (f->server, "GET", "/v1/new", 200, "{\"ok\":true}");
  g_clear_pointer (&response, hone_http_response_free);
  response = send (f, new_request (f, "GET", "/v1/old"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (hone_fake_server_count (f->server, "GET", "/v1/new"), ==, 1);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(HoneHttpRequest) request = NULL;
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* A port that was free a moment ago: nothing listens there */
  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/v1/models",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  request = hone_http_request_new ("Test AI", "GET", url);
  hone_http_request_set_retry_policy (request, &quick);
  response = send (f, g_steal_pointer (&request), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "Could not reach Test AI"));
}

static void
test_invalid_url (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = send (f, hone_http_request_new ("Test AI", "GET", "not a url"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
}

static gboolean
cancel_when_seen (gpointer user_data)
{
  gpointer *pair = user_data;

  if (hone_fake_server_count (pair[0], NULL, NULL) == 0)
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (pair[1]);
  return G_SOURCE_REMOVE;
}

static gboolean
fail_too_slow (gpointer user_data)
{
  g_error ("the cancelled wait did not end");
  return G_SOURCE_REMOVE;
}

/* Cancelled while waiting out a Retry-After of 30 s: ends at once */
static void
test_cancel_wait (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HoneHttpRequest) request = new_request (f, "GET", "/v1/models");
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  HoneRetryPolicy policy = { 3, 2, 60000 };
  gpointer pair[2] = { f->server, cancellable };
  guint poll, guard;

  hone_fake_response_add_header (hone_fake_server_push_json (f->server, "GET", "/v1/models", 503, "{}"),
                                 "Retry-After", "30");
  hone_http_request_set_retry_policy (request, &policy);
  poll = g_timeout_add (20, cancel_when_seen, pair);
  guard = g_timeout_add_seconds (20, fail_too_slow, NULL);
  response = send (f, g_steal_pointer (&request), cancellable, &error);
  g_source_remove (guard);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, NULL), ==, 1);
  (void) poll;
}

/* Cancelled before it starts */
static void
test_cancel_before (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  response = send (f, new_request (f, "GET", "/v1/models"), cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gpointer
sync_in_thread (gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;
  HoneHttpResponse *response;

  response = hone_http_send_sync (f->session, new_request (f, "GET", "/v1/thread"), NULL, &error);
  g_assert_no_error (error);
  return response;
}

/* Blocking, on the thread that made the session and on another */
static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(HoneHttpResponse) from_thread = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;

  hone_fake_server_push_json (f->server, "GET", "/v1/models", 500, "{}");
  hone_fake_server_push_json (f->server, "GET", "/v1/models", 200, "{\"data\":[]}");
  response = hone_http_send_sync (f->session, new_request (f, "GET", "/v1/models"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->attempts, ==, 2);

  hone_fake_server_push_json (f->server, "GET", "/v1/thread", 503, "{}");
  hone_fake_server_push_json (f->server, "GET", "/v1/thread", 200, "{\"ok\":1}");
  thread = g_thread_new ("sync", sync_in_thread, f);
  from_thread = g_thread_join (thread);
  g_assert_cmpuint (from_thread->status, ==, 200);
  g_assert_cmpuint (from_thread->attempts, ==, 2);

  hone_fake_server_push_json (f->server, "GET", "/v1/models", 401, "{\"error\":{\"message\":\"no\"}}");
  g_clear_pointer (&response, hone_http_response_free);
  response = hone_http_send_sync (f->session, new_request (f, "GET", "/v1/models"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_AUTH);
  g_clear_error (&error);

  /* The connections the private contexts made do not trouble the app's */
  hone_fake_server_push_json (f->server, "GET", "/v1/models", 200, "{}");
  response = send (f, new_request (f, "GET", "/v1/models"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_clear_pointer (&response, hone_http_response_free);
  hone_fake_server_push_json (f->server, "GET", "/v1/models", 200, "{}");
  response = hone_http_send_sync (f->session, new_request (f, "GET", "/v1/models"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
}

static void
echo_path (SoupServerMessage     *msg,
           const HoneFakeRequest *request,
           gpointer               user_data)
{
  g_autofree char *body = g_strdup_printf ("{\"path\":\"%s\",\"tag\":\"%s\"}",
                                           request->path, (const char *) user_data);

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
  soup_server_message_set_status (msg, 200, NULL);
}

/* The fake server itself: routes with a prefix, scripted responses first,
 * 404 for what nobody expected */
static void
test_fake_server_routes (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  hone_fake_server_add_route (f->server, "GET", "/v1/jobs/*", echo_path, g_strdup ("route"), g_free);
  hone_fake_server_push_json (f->server, "GET", "/v1/jobs/*", 200, "{\"tag\":\"scripted\"}");

  response = send (f, new_request (f, "GET", "/v1/jobs/a"), NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (response->json);
  g_assert_cmpstr (json_object_get_string_member (object, "tag"), ==, "scripted");

  g_clear_pointer (&response, hone_http_response_free);
  response = send (f, new_request (f, "GET", "/v1/jobs/b?x=1"), NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (response->json);
  g_assert_cmpstr (json_object_get_string_member (object, "tag"), ==, "route");
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, "/v1/jobs/b");

  g_clear_pointer (&response, hone_http_response_free);
  response = send (f, new_request (f, "DELETE", "/v1/jobs/b"), NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no route for DELETE /v1/jobs/b"));

  g_assert_cmpuint (hone_fake_server_count (f->server, "GET", "/v1/jobs/*"), ==, 2);
  g_assert_cmpuint (hone_fake_server_count (f->server, NULL, NULL), ==, 3);
  {
    g_autoptr(GPtrArray) log = hone_fake_server_get_requests (f->server);
    HoneFakeRequest *second = g_ptr_array_index (log, 1);

    g_assert_cmpstr (second->query, ==, "x=1");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/net/http/ok-json", test_ok_json);
  ADD ("/net/http/retry-5xx-idempotent", test_retry_5xx_idempotent);
  ADD ("/net/http/retry-5xx-gives-up", test_retry_5xx_gives_up);
  ADD ("/net/http/no-retry-post", test_no_retry_post);
  ADD ("/net/http/retry-post-marked", test_retry_post_marked);
  ADD ("/net/http/429-retry-after", test_429_retry_after);
  ADD ("/net/http/429-retry-after-too-long", test_429_retry_after_too_long);
  ADD ("/net/http/429-exhausted", test_429_exhausted);
  ADD ("/net/http/timeout", test_timeout);
  ADD ("/net/http/reset-mid-body", test_reset_mid_body);
  ADD ("/net/http/malformed-json", test_malformed_json);
  ADD ("/net/http/401", test_401);
  ADD ("/net/http/key-masked", test_key_masked);
  ADD ("/net/http/4xx", test_4xx);
  ADD ("/net/http/long-message-cut", test_long_message_cut);
  ADD ("/net/http/redirect", test_redirect);
  ADD ("/net/http/refused", test_refused);
  ADD ("/net/http/invalid-url", test_invalid_url);
  ADD ("/net/http/cancel-wait", test_cancel_wait);
  ADD ("/net/http/cancel-before", test_cancel_before);
  ADD ("/net/http/sync", test_sync);
  ADD ("/net/fake-server/routes", test_fake_server_routes);
#undef ADD

  return g_test_run ();
}
