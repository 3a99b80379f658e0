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
 * @stream: the body to read, from hone_http_send_stream_async() (@body and
 *   @json are then NULL)
 */
typedef struct {
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;
  guint               attempts;
  GInputStream       *stream;
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

/* The same for a body read as it comes (server-sent events): a 2xx
 * response is returned with its @stream unread; anything else is read
 * whole and is the same error as above (a 429 is retried the same way) */
void              hone_http_send_stream_async    (SoupSession         *session,
                                                  HoneHttpRequest     *request,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
HoneHttpResponse *hone_http_send_stream_finish   (GAsyncResult        *result,
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

/* A parse function for calls whose answer does not matter: any 2xx is
 * GINT_TO_POINTER (TRUE) */
gpointer          hone_http_parse_accepted       (HoneHttpResponse    *response,
                                                  GError             **error);

/* hone_http_call_async() for a DELETE (or any call whose answer does not
 * matter): TRUE (GINT_TO_POINTER) on a 2xx; an error starts with "The
 * @kind “@id” at PROVIDER could not be deleted." (@kind: _("file"),
 * _("dataset")) and keeps the code of hone_http_send_async()
 * (HONE_ERROR_NOT_FOUND for a 404) */
void              hone_http_delete_async         (SoupSession         *session,
                                                  HoneHttpRequest     *request,
                                                  gpointer             source_object,
                                                  const char          *kind,
                                                  const char          *id,
                                                  gpointer             source_tag,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/* @base_url @path @id, with @id escaped for a path segment */
char             *hone_http_build_url            (const char          *base_url,
                                                  const char          *path,
                                                  const char          *id);

/* hone_http_call_async() for a {"data": [file …]} list (Together AI's and
 * OpenAI's GET /files): the result is a GPtrArray of HoneProviderFile
 * (hone_provider_files_parse()) */
void              hone_http_list_files_async     (SoupSession         *session,
                                                  HoneHttpRequest     *request,
                                                  gpointer             source_object,
                                                  gpointer             source_tag,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/* What the provider clients share: a request to @provider_name's API with
 * the bearer @api_key (none when NULL), "Accept: application/json", whether
 * a repeat does no harm, and @policy (the default when NULL) */
HoneHttpRequest  *hone_http_request_new_for_api  (const char            *provider_name,
                                                  const char            *method,
                                                  const char            *url,
                                                  const char            *api_key,
                                                  gboolean               idempotent,
                                                  const HoneRetryPolicy *policy);

/* The result of hone_http_call_async() (or of any GTask of @source_object
 * tagged @source_tag that returns a pointer) */
gpointer          hone_http_call_finish          (gpointer             source_object,
                                                  GAsyncResult        *result,
                                                  gpointer             source_tag,
                                                  GError             **error);

/* Fails an _async call at once (in the next main-loop turn) with @error
 * (taken), as a GTask of @source_object tagged @source_tag: for settings
 * refused before anything is sent */
void              hone_http_return_error_later   (gpointer             source_object,
                                                  gpointer             source_tag,
                                                  GError              *error,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

/* Uploads ------------------------------------------------------------------ */

/* A multipart/form-data body: the string @fields (name, value, name, value …,
 * NULL-terminated; may be NULL), then @contents as the file part
 * @file_field named @file_name of type @file_type */
void              hone_http_request_set_multipart (HoneHttpRequest    *self,
                                                   const char * const *fields,
                                                   const char         *file_field,
                                                   const char         *file_name,
                                                   const char         *file_type,
                                                   GBytes             *contents);

/* Bytes of the file sent so far, of @total */
typedef void (*HoneHttpProgressFunc) (guint64  sent,
                                      guint64  total,
                                      gpointer user_data);

/* Sends @request (taken) once, never retried (an upload stores something,
 * and a repeat of gigabytes is the caller's choice), calling @progress on
 * the thread-default main context of this call: 0 at the start, as the body
 * goes out (counted up to @total: a multipart body is a little larger than
 * the file), and @total when the server took it. @file_name is for
 * messages. A 2xx response is returned (its JSON parsed as for
 * hone_http_send_async()); otherwise a HONE_ERROR naming the file, with the
 * codes of hone_http_send_async() (413: HONE_ERROR_INVALID, "too large"),
 * or G_IO_ERROR_CANCELLED. */
void              hone_http_upload_async         (SoupSession          *session,
                                                  HoneHttpRequest      *request,
                                                  const char           *file_name,
                                                  guint64               total,
                                                  HoneHttpProgressFunc  progress,
                                                  gpointer              progress_data,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
HoneHttpResponse *hone_http_upload_finish        (GAsyncResult         *result,
                                                  GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneHttpRequest, hone_http_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneHttpResponse, hone_http_response_free)

G_END_DECLS
