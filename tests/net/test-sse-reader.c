/* test-sse-reader.c: server-sent events, from memory and over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-error.h"
#include "hone-fake-server.h"
#include "hone-http.h"
#include "hone-sse-reader.h"

static HoneSseReader *
reader_for (const char *text)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_strdup (text), -1, g_free);

  return hone_sse_reader_new (stream);
}

/* Reads every event synchronously as "type|data" lines */
static char *
read_all (HoneSseReader  *reader,
          GError        **error)
{
  GString *out = g_string_new (NULL);
  char *type = NULL, *data = NULL;

  while (hone_sse_reader_next (reader, &type, &data, NULL, error))
    {
      g_string_append_printf (out, "%s|%s\n", type != NULL ? type : "-", data);
      g_clear_pointer (&type, g_free);
      g_clear_pointer (&data, g_free);
    }
  g_assert_null (type);
  g_assert_null (data);
  return g_string_free (out, FALSE);
}

static void
test_events (void)
{
  g_autoptr(HoneSseReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;

  reader = reader_for (": keep-alive\n"
                       "\n"
                       "data: {\"a\":1}\n"
                       "\n"
                       "id: 7\r\n"
                       "retry: 100\r\n"
                       "event: delta\r\n"
                       "data:{\"b\":2}\r\n"
                       "\r\n"
                       "data: line one\n"
                       ": a comment in the middle\n"
                       "data: line two\n"
                       "data\n"
                       "data:  indented\n"
                       "\n"
                       "data: [DONE]\n"
                       "\n"
                       "data: after the end\n\n");
  events = read_all (reader, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (events, ==,
                   "-|{\"a\":1}\n"
                   "delta|{\"b\":2}\n"
                   "-|line one\nline two\n\n indented\n");
  g_assert_true (hone_sse_reader_get_done (reader));
  g_assert_cmpuint (hone_sse_reader_get_n_events (reader), ==, 3);
}

/* A stream that ends between events without [DONE]: the end, not an error */
static void
test_end_without_done (void)
{
  g_autoptr(HoneSseReader) reader = reader_for ("data: x\n\n: bye\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *events = read_all (reader, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (events, ==, "-|x\n");
  g_assert_false (hone_sse_reader_get_done (reader));
}

/* Cut in the middle of an event: an error naming what arrived */
static void
test_truncated (void)
{
  g_autoptr(HoneSseReader) reader = reader_for ("data: {\"a\":1}\n\nevent: delta\ndata: {\"choices\":[{\"de");
  g_autoptr(GError) error = NULL;
  g_autofree char *events = read_all (reader, &error);

  g_assert_cmpstr (events, ==, "-|{\"a\":1}\n");
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "after 1 complete events"));
  g_assert_nonnull (strstr (error->message, "event: delta data: {\"choices\":[{\"de"));

  /* Complete lines, but no blank line to end the event */
  g_clear_object (&reader);
  g_clear_error (&error);
  reader = reader_for ("data: x\n");
  g_free (read_all (reader, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(HoneSseReader) reader = reader_for ("data: \xff\xfe\n\n");
  g_autoptr(GError) error = NULL;

  g_free (read_all (reader, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
}

/* Over HTTP, async */

typedef struct {
  HoneFakeServer *server;
  SoupSession    *session;
  GAsyncResult   *result;
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
  g_assert_null (f->result);
  g_clear_object (&f->session);
  g_clear_pointer (&f->server, hone_fake_server_free);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Fixture *f)
{
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (&f->result);
}

static HoneSseReader *
open_stream (Fixture *f)
{
  g_autofree char *url = hone_fake_server_url (f->server, "/v1/chat/completions");
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  soup_session_send_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_done, f);
  result = wait_result (f);
  stream = soup_session_send_finish (f->session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return hone_sse_reader_new (stream);
}

/* The next event, async; NULL at the end or on error */
static char *
next_data (Fixture       *f,
           HoneSseReader *reader,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  char *data = NULL;

  hone_sse_reader_next_async (reader, cancellable, on_done, f);
  result = wait_result (f);
  if (!hone_sse_reader_next_finish (reader, result, NULL, &data, error))
    g_assert_null (data);
  return data;
}

static void
test_http_stream (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HoneSseReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *second = NULL, *end = NULL;

  hone_fake_server_push (f->server, "POST", "/v1/chat/completions", 200, "text/event-stream",
                         "data: {\"delta\":\"Hel\"}\n\n"
                         "data: {\"delta\":\n"
                         "data: \"lo\"}\n\n"
                         "data: [DONE]\n\n");
  reader = open_stream (f);
  first = next_data (f, reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "{\"delta\":\"Hel\"}");
  second = next_data (f, reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, "{\"delta\":\n\"lo\"}");
  end = next_data (f, reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (end);
  g_assert_true (hone_sse_reader_get_done (reader));
}

static void
test_http_truncated (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HoneSseReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *second = NULL;

  hone_fake_server_push_raw (f->server, "POST", "/v1/chat/completions", HONE_FAKE_RAW_CLOSE,
                             "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                             "Connection: close\r\n\r\n"
                             "data: one\n\ndata: {\"tw");
  reader = open_stream (f);
  first = next_data (f, reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "one");
  second = next_data (f, reader, NULL, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "data: {\"tw"));
  g_assert_false (hone_sse_reader_get_done (reader));
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
fail_too_slow (gpointer user_data)
{
  g_error ("the cancelled read did not end");
  return G_SOURCE_REMOVE;
}

/* The server sends one event and then nothing: cancelling ends the wait */
static void
test_http_cancel (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HoneSseReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *first = NULL, *second = NULL;
  guint guard;

  hone_fake_server_push_raw (f->server, "POST", "/v1/chat/completions", HONE_FAKE_RAW_HOLD,
                             "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"
                             "data: one\n\ndata: tw");
  reader = open_stream (f);
  first = next_data (f, reader, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "one");

  g_idle_add (cancel_soon, cancellable);
  guard = g_timeout_add_seconds (20, fail_too_slow, NULL);
  second = next_data (f, reader, cancellable, &error);
  g_source_remove (guard);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/net/sse/events", test_events);
  g_test_add_func ("/net/sse/end-without-done", test_end_without_done);
  g_test_add_func ("/net/sse/truncated", test_truncated);
  g_test_add_func ("/net/sse/invalid-utf8", test_invalid_utf8);
  g_test_add ("/net/sse/http-stream", Fixture, NULL, fixture_set_up, test_http_stream, fixture_tear_down);
  g_test_add ("/net/sse/http-truncated", Fixture, NULL, fixture_set_up, test_http_truncated, fixture_tear_down);
  g_test_add ("/net/sse/http-cancel", Fixture, NULL, fixture_set_up, test_http_cancel, fixture_tear_down);

  return g_test_run ();
}
