/* hone-fake-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "hone-fake-server.h"

struct _HoneFakeResponse
{
  char               *method;
  char               *path;
  HoneFakeAction      action;
  guint               status;
  char               *content_type;
  GBytes             *body;
  SoupMessageHeaders *headers;
};

typedef struct
{
  char            *method;
  char            *path;
  HoneFakeHandler  handler;
  gpointer         user_data;
  GDestroyNotify   destroy;
} Route;

struct _HoneFakeServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *base_url;

  GMutex        lock;       /* guards everything below, and startup */
  GCond         ready;
  gboolean      started;
  GPtrArray    *routes;     /* Route */
  GQueue        scripted;   /* HoneFakeResponse */
  GPtrArray    *requests;   /* HoneFakeRequest */
  GPtrArray    *held;       /* GObject: hanging messages, held streams */
};

static void
response_free (HoneFakeResponse *response)
{
  g_free (response->method);
  g_free (response->path);
  g_free (response->content_type);
  g_clear_pointer (&response->body, g_bytes_unref);
  soup_message_headers_unref (response->headers);
  g_free (response);
}

static void
route_free (Route *route)
{
  if (route->destroy != NULL)
    route->destroy (route->user_data);
  g_free (route->method);
  g_free (route->path);
  g_free (route);
}

void
hone_fake_request_free (HoneFakeRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  soup_message_headers_unref (request->headers);
  g_bytes_unref (request->body);
  g_free (request);
}

static HoneFakeRequest *
request_copy (const HoneFakeRequest *request)
{
  HoneFakeRequest *copy = g_new0 (HoneFakeRequest, 1);

  copy->method = g_strdup (request->method);
  copy->path = g_strdup (request->path);
  copy->query = g_strdup (request->query);
  copy->headers = soup_message_headers_ref (request->headers);
  copy->body = g_bytes_ref (request->body);
  return copy;
}

static gboolean
route_matches (const char *method,
               const char *path,
               const char *want_method,
               const char *want_path)
{
  gsize len;

  if (want_method != NULL && g_ascii_strcasecmp (method, want_method) != 0)
    return FALSE;
  if (want_path == NULL)
    return TRUE;
  len = strlen (want_path);
  if (len > 0 && want_path[len - 1] == '*')
    return strncmp (path, want_path, len - 1) == 0;
  return strcmp (path, want_path) == 0;
}

/* Writes the raw bytes on the stolen connection, then keeps it, closes it
 * or resets it (SO_LINGER 0 makes the close send RST) */
static void
write_raw (HoneFakeServer   *self,
           SoupServerMessage *msg,
           HoneFakeResponse *response)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  GOutputStream *out = g_io_stream_get_output_stream (stream);
  gsize len = 0;
  const char *raw = response->body != NULL ? g_bytes_get_data (response->body, &len) : "";

  g_output_stream_write_all (out, raw, len, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);

  if (response->action == HONE_FAKE_RAW_HOLD)
    {
      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->held, g_object_ref (stream));
      g_mutex_unlock (&self->lock);
      return;
    }
  if (response->action == HONE_FAKE_RAW_RESET && G_IS_SOCKET_CONNECTION (stream))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
      struct linger linger = { 1, 0 };

      setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    }
  g_io_stream_close (stream, NULL, NULL);
}

static void
reply (HoneFakeServer    *self,
       SoupServerMessage *msg,
       HoneFakeResponse  *response)
{
  SoupMessageHeadersIter iter;
  const char *name, *value;

  switch (response->action)
    {
    case HONE_FAKE_HANG:
      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->held, g_object_ref (msg));
      g_mutex_unlock (&self->lock);
      soup_server_message_pause (msg);
      return;
    case HONE_FAKE_RAW_CLOSE:
    case HONE_FAKE_RAW_RESET:
    case HONE_FAKE_RAW_HOLD:
      write_raw (self, msg, response);
      return;
    case HONE_FAKE_REPLY:
    default:
      break;
    }

  soup_message_headers_iter_init (&iter, response->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (soup_server_message_get_response_headers (msg), name, value);
  if (response->body != NULL)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (response->body, &len);

      soup_server_message_set_response (msg,
                                        response->content_type != NULL
                                          ? response->content_type
                                          : "application/octet-stream",
                                        SOUP_MEMORY_COPY, data, len);
    }
  soup_server_message_set_status (msg, response->status, NULL);
}

static void
dispatch (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  HoneFakeServer *self = user_data;
  HoneFakeRequest request = { 0 };
  HoneFakeResponse *response = NULL;
  Route *route = NULL;
  GUri *uri = soup_server_message_get_uri (msg);

  request.method = (char *) soup_server_message_get_method (msg);
  request.path = (char *) path;
  request.query = (char *) g_uri_get_query (uri);
  request.headers = soup_server_message_get_request_headers (msg);
  request.body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->requests, request_copy (&request));
  for (GList *l = self->scripted.head; l != NULL; l = l->next)
    {
      HoneFakeResponse *r = l->data;

      if (route_matches (request.method, path, r->method, r->path))
        {
          response = r;
          g_queue_delete_link (&self->scripted, l);
          break;
        }
    }
  if (response == NULL)
    for (guint i = 0; i < self->routes->len; i++)
      {
        Route *r = g_ptr_array_index (self->routes, i);

        if (route_matches (request.method, path, r->method, r->path))
          {
            route = r;
            break;
          }
      }
  g_mutex_unlock (&self->lock);

  if (response != NULL)
    {
      reply (self, msg, response);
      response_free (response);
    }
  else if (route != NULL)
    route->handler (msg, &request, route->user_data);
  else
    {
      g_autofree char *body = g_strdup_printf ("{\"error\":{\"message\":\"the fake server has no "
                                               "route for %s %s\"}}", request.method, path);

      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        body, strlen (body));
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    }
  g_bytes_unref (request.body);
}

static gpointer
server_thread (gpointer user_data)
{
  HoneFakeServer *self = user_data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new ("server-header", "hone-fake-server", NULL);
  soup_server_add_handler (self->server, NULL, dispatch, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&self->lock);
  self->started = TRUE;
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->held->len; i++)
    if (G_IS_IO_STREAM (g_ptr_array_index (self->held, i)))
      g_io_stream_close (g_ptr_array_index (self->held, i), NULL, NULL);
  g_ptr_array_set_size (self->held, 0);
  g_mutex_unlock (&self->lock);
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

HoneFakeServer *
hone_fake_server_new (void)
{
  HoneFakeServer *self = g_new0 (HoneFakeServer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fake_request_free);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->scripted);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_mutex_lock (&self->lock);
  self->thread = g_thread_new ("hone-fake-server", server_thread, self);
  while (!self->started)
    g_cond_wait (&self->ready, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
hone_fake_server_free (HoneFakeServer *self)
{
  if (self == NULL)
    return;
  g_main_context_invoke (self->context, quit_loop, self->loop);
  g_thread_join (self->thread);

  g_ptr_array_unref (self->held);
  g_ptr_array_unref (self->routes);
  g_ptr_array_unref (self->requests);
  g_queue_clear_full (&self->scripted, (GDestroyNotify) response_free);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self->base_url);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready);
  g_free (self);
}

const char *
hone_fake_server_get_base_url (HoneFakeServer *self)
{
  return self->base_url;
}

char *
hone_fake_server_url (HoneFakeServer *self,
                      const char     *path)
{
  return g_strconcat (self->base_url, path, NULL);
}

void
hone_fake_server_add_route (HoneFakeServer *self,
                            const char     *method,
                            const char     *path,
                            HoneFakeHandler handler,
                            gpointer        user_data,
                            GDestroyNotify  destroy)
{
  Route *route = g_new0 (Route, 1);

  route->method = g_strdup (method);
  route->path = g_strdup (path);
  route->handler = handler;
  route->user_data = user_data;
  route->destroy = destroy;
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->routes, route);
  g_mutex_unlock (&self->lock);
}

HoneFakeResponse *
hone_fake_server_push (HoneFakeServer *self,
                       const char     *method,
                       const char     *path,
                       guint           status,
                       const char     *content_type,
                       const char     *body)
{
  HoneFakeResponse *response = g_new0 (HoneFakeResponse, 1);

  response->method = g_strdup (method);
  response->path = g_strdup (path);
  response->action = HONE_FAKE_REPLY;
  response->status = status;
  response->content_type = g_strdup (content_type);
  response->body = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  response->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->scripted, response);
  g_mutex_unlock (&self->lock);
  return response;
}

HoneFakeResponse *
hone_fake_server_push_json (HoneFakeServer *self,
                            const char     *method,
                            const char     *path,
                            guint           status,
                            const char     *json)
{
  return hone_fake_server_push (self, method, path, status, "application/json", json);
}

HoneFakeResponse *
hone_fake_server_push_raw (HoneFakeServer *self,
                           const char     *method,
                           const char     *path,
                           HoneFakeAction  action,
                           const char     *raw)
{
  HoneFakeResponse *response = hone_fake_server_push (self, method, path, 0, NULL, raw);

  response->action = action;
  return response;
}

/* A response is only read by the server thread once it is taken off the
 * queue: set it up before the request that takes it is sent */
void
hone_fake_response_add_header (HoneFakeResponse *response,
                               const char       *name,
                               const char       *value)
{
  soup_message_headers_append (response->headers, name, value);
}

void
hone_fake_response_set_action (HoneFakeResponse *response,
                               HoneFakeAction    action)
{
  response->action = action;
}

GPtrArray *
hone_fake_server_get_requests (HoneFakeServer *self)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fake_request_free);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->requests->len; i++)
    g_ptr_array_add (copy, request_copy (g_ptr_array_index (self->requests, i)));
  g_mutex_unlock (&self->lock);
  return copy;
}

guint
hone_fake_server_count (HoneFakeServer *self,
                        const char     *method,
                        const char     *path)
{
  guint n = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->requests->len; i++)
    {
      HoneFakeRequest *r = g_ptr_array_index (self->requests, i);

      if (route_matches (r->method, r->path, method, path))
        n++;
    }
  g_mutex_unlock (&self->lock);
  return n;
}

guint
hone_fake_server_pending (HoneFakeServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->scripted.length;
  g_mutex_unlock (&self->lock);
  return n;
}
