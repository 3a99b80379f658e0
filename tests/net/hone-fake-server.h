/* hone-fake-server.h: a scriptable HTTP server on 127.0.0.1 for the network
 * and provider tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server runs in a thread of its own (with its own main context), so
 * both async clients on the test's main loop and hone_http_send_sync() can
 * talk to it. Handlers therefore run in the server thread: they must only
 * touch the message they are given and their own data.
 *
 * For each request, in this order: the next scripted response queued for
 * its method and path (hone_fake_server_push()), else the route's handler
 * (hone_fake_server_add_route()), else 404 with a JSON error naming the
 * route, so that an unexpected request fails the test visibly. Every request
 * is logged (hone_fake_server_get_requests()). A method of NULL matches any
 * method; a path ending in "*" matches every path that starts with the rest
 * (a job id, a file id), in routes, scripted responses and counts alike.
 *
 *   g_autoptr(HoneFakeServer) server = hone_fake_server_new ();
 *   hone_fake_server_push (server, "GET", "/v1/models", 500, NULL, NULL);
 *   hone_fake_server_push_json (server, "GET", "/v1/models", 200, "{\"data\":[]}");
 *   g_autofree char *url = hone_fake_server_url (server, "/v1/models");
 *   … send …
 *   g_assert_cmpuint (hone_fake_server_count (server, "GET", "/v1/models"), ==, 2);
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _HoneFakeServer HoneFakeServer;

/* One request as the server saw it */
typedef struct {
  char               *method;
  char               *path;
  char               *query;    /* NULL without one */
  SoupMessageHeaders *headers;
  GBytes             *body;
} HoneFakeRequest;

typedef enum {
  HONE_FAKE_REPLY,        /* status, headers and body */
  HONE_FAKE_HANG,         /* never answer (the client's timeout ends it) */
  HONE_FAKE_RAW_CLOSE,    /* write the raw bytes on the socket, then close it */
  HONE_FAKE_RAW_RESET,    /* write the raw bytes, then reset the connection (RST) */
  HONE_FAKE_RAW_HOLD,     /* write the raw bytes, then keep the socket open */
} HoneFakeAction;

typedef struct _HoneFakeResponse HoneFakeResponse;

/* Called in the server thread; set the status and body of @msg */
typedef void (*HoneFakeHandler) (SoupServerMessage     *msg,
                                 const HoneFakeRequest *request,
                                 gpointer               user_data);

HoneFakeServer   *hone_fake_server_new           (void);
void              hone_fake_server_free          (HoneFakeServer *self);

/* "http://127.0.0.1:PORT" */
const char       *hone_fake_server_get_base_url  (HoneFakeServer *self);
/* The base URL + @path */
char             *hone_fake_server_url           (HoneFakeServer *self,
                                                  const char     *path);

void              hone_fake_server_add_route     (HoneFakeServer *self,
                                                  const char     *method,
                                                  const char     *path,
                                                  HoneFakeHandler handler,
                                                  gpointer        user_data,
                                                  GDestroyNotify  destroy);

/* Queues a response for the next request to @method @path; @content_type
 * and @body may be NULL. The returned response belongs to the server and
 * may be given headers or another action before the request comes. */
HoneFakeResponse *hone_fake_server_push          (HoneFakeServer *self,
                                                  const char     *method,
                                                  const char     *path,
                                                  guint           status,
                                                  const char     *content_type,
                                                  const char     *body);
HoneFakeResponse *hone_fake_server_push_json     (HoneFakeServer *self,
                                                  const char     *method,
                                                  const char     *path,
                                                  guint           status,
                                                  const char     *json);
/* Raw bytes on the socket (one of the HONE_FAKE_RAW_ actions) */
HoneFakeResponse *hone_fake_server_push_raw      (HoneFakeServer *self,
                                                  const char     *method,
                                                  const char     *path,
                                                  HoneFakeAction  action,
                                                  const char     *raw);
void              hone_fake_response_add_header  (HoneFakeResponse *response,
                                                  const char       *name,
                                                  const char       *value);
void              hone_fake_response_set_action  (HoneFakeResponse *response,
                                                  HoneFakeAction    action);

/* A copy of the log so far (HoneFakeRequest, oldest first) */
GPtrArray        *hone_fake_server_get_requests  (HoneFakeServer *self);
/* How many requests came for @method @path (NULL: any) */
guint             hone_fake_server_count         (HoneFakeServer *self,
                                                  const char     *method,
                                                  const char     *path);
/* Scripted responses still waiting (a test can assert all were used) */
guint             hone_fake_server_pending       (HoneFakeServer *self);

void              hone_fake_request_free         (HoneFakeRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneFakeServer, hone_fake_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneFakeRequest, hone_fake_request_free)

G_END_DECLS
