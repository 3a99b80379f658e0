/* hone-http.h: the one HTTP session of Hone, and JSON requests with retries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Requests give up when nothing arrives for this long */
#define HONE_HTTP_IDLE_TIMEOUT_S 60

/* The user agent sent with every request: "Hone/VERSION" */
const char  *hone_http_get_user_agent (void);

/* A new session with Hone's timeouts, user agent and the system proxy.
 * Provider clients (fine-tuning and inference) share one per application. */
SoupSession *hone_http_session_new    (void);

/**
 * HoneRetryPolicy:
 * @max_attempts: tries in all (1: no retry)
 * @base_delay_ms: the first wait; each retry waits twice the one before,
 *   with random jitter of up to half of it, capped at @max_delay_ms
 * @max_delay_ms: the longest wait, also for a Retry-After the server asks
 *   (a longer Retry-After fails at once with the server's wait in the
 *   message)
 *
 * Which failures are retried: HTTP 429, 500, 502, 503, 504, a connection
 * refused, reset or closed before the whole response came, and a timeout —
 * and only for requests marked idempotent (hone_http_request_set_idempotent())
 * or that the server answered with 429 (it did not act on them). Never 4xx
 * otherwise. A POST that creates something is not idempotent: it is not
 * retried after a 5xx or a reset, because it may have been done.
 */
typedef struct {
  guint max_attempts;
  guint base_delay_ms;
  guint max_delay_ms;
} HoneRetryPolicy;

/* 5 attempts, from 1 s up to 60 s */
#define HONE_RETRY_POLICY_DEFAULT ((HoneRetryPolicy) { 5, 1000, 60000 })

typedef struct _HoneHttpRequest HoneHttpRequest;

/* A request to @provider_name's API ("Together AI", for messages) */
HoneHttpRequest *hone_http_request_new           (const char          *provider_name,
                                                  const char          *method,
                                                  const char          *url);
void             hone_http_request_free          (HoneHttpRequest     *self);

/* "Authorization: Bearer KEY"; the key never appears in messages or logs */
void             hone_http_request_set_bearer    (HoneHttpRequest     *self,
                                                  const char          *api_key);
void             hone_http_request_set_header    (HoneHttpRequest     *self,
                                                  const char          *name,
                                                  const char          *value);
/* A JSON body (taken) */
void             hone_http_request_take_json     (HoneHttpRequest     *self,
                                                  JsonNode            *body);
/* Any body */
void             hone_http_request_set_body      (HoneHttpRequest     *self,
                                                  const char          *content_type,
                                                  GBytes              *body);
void             hone_http_request_set_idempotent (HoneHttpRequest    *self,
                                                   gboolean            idempotent);
/* Redirects are followed unless turned off (Together's upload wants the
 * 302 itself) */
void             hone_http_request_set_follow_redirects (HoneHttpRequest *self,
                                                         gboolean         follow);
void             hone_http_request_set_retry_policy (HoneHttpRequest     *self,
                                                     const HoneRetryPolicy *policy);

/**
 * HoneHttpResponse:
 * @status: the HTTP status
 * @headers: the response headers
 * @body: the body
 * @json: the body parsed, when it is JSON; NULL otherwise
 * @attempts: how many tries it took
 */
typedef struct {
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
  guint               attempts;
} HoneHttpResponse;

void             hone_http_response_free         (HoneHttpResponse    *self);

/* Sends @request (taken) on @session, retrying as its policy says. A 2xx or
 * 3xx response is returned; anything else is a HONE_ERROR whose message is
 * for people: what the provider said (its JSON "error.message", "message"
 * or "detail", cut to a sensible length) and what to do, e.g. "The API key
 * was refused by Together AI (401: invalid api key): check it in
 * Preferences." Codes: HONE_ERROR_AUTH for 401/403, HONE_ERROR_NOT_FOUND
 * for 404, HONE_ERROR_INVALID for other 4xx, HONE_ERROR_BUSY for 429 when
 * retries ran out, HONE_ERROR_IO for 5xx, network and timeouts,
 * HONE_ERROR_PARSE for a 2xx whose JSON is broken, G_IO_ERROR_CANCELLED
 * when cancelled. */
void              hone_http_send_async           (SoupSession         *session,
                                                  HoneHttpRequest     *request,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
HoneHttpResponse *hone_http_send_finish          (GAsyncResult        *result,
                                                  GError             **error);

/* The same, blocking, for hone-cli and worker threads: runs the request in
 * a main context of its own */
HoneHttpResponse *hone_http_send_sync            (SoupSession         *session,
                                                  HoneHttpRequest     *request,
                                                  GCancellable        *cancellable,
                                                  GError             **error);

/* Turns a successful response into a result, or fails with @error */
typedef gpointer (*HoneHttpParseFunc) (HoneHttpResponse  *response,
                                       GError           **error);

/* What the provider clients share: sends @request (taken) and parses the
 * response with @parse, as a GTask of @source_object tagged @source_tag;
 * the result (freed with @free_result) comes from g_task_propagate_pointer() */
void              hone_http_call_async           (SoupSession         *session,
                                                  HoneHttpRequest     *request,
                                                  gpointer             source_object,
                                                  HoneHttpParseFunc    parse,
                                                  GDestroyNotify       free_result,
                                                  gpointer             source_tag,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneHttpRequest, hone_http_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneHttpResponse, hone_http_response_free)

G_END_DECLS
