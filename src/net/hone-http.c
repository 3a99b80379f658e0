/* hone-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: since libsoup 3.2 a SoupSession may send messages from any
 * thread, as long as that thread has a thread-default main context for the
 * async API; everything else about the session (properties, features) must
 * stay in the thread that made it, before the first request.
 * hone_http_send_sync() pushes a main context of its own and runs the async
 * path in it, so one session serves the UI thread, hone-cli and worker
 * threads alike. (With libsoup 3.0 one would need a session per thread.)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hone-error.h"
#include "hone-fine-tune-job.h"
#include "hone-http.h"

/* Longest piece of a provider's message quoted in an error */
#define MESSAGE_MAX_CHARS 300
/* A run of this many characters of the API key in a text is masked */
#define KEY_MASK_MIN_RUN 6
/* libsoup 3.2 has no name for it */
#define STATUS_TOO_MANY_REQUESTS 429

struct _HoneHttpRequest
{
  char            *provider_name;
  char            *method;
  char            *url;
  char            *api_key;
  GPtrArray       *headers;       /* name, value, name, value… */
  char            *content_type;
  GBytes          *body;
  gboolean         idempotent;
  gboolean         follow_redirects;
  HoneRetryPolicy  policy;
};

const char *
hone_http_get_user_agent (void)
{
  return "Hone/" PACKAGE_VERSION;
}

SoupSession *
hone_http_session_new (void)
{
  /* The default GProxyResolver follows the system proxy settings */
  return soup_session_new_with_options ("user-agent", hone_http_get_user_agent (),
                                        "timeout", HONE_HTTP_IDLE_TIMEOUT_S,
                                        "idle-timeout", HONE_HTTP_IDLE_TIMEOUT_S,
                                        "max-conns-per-host", 4,
                                        NULL);
}

/* "1 second", "3 minutes": a wait, for messages */
static char *
format_wait (gint64 seconds)
{
  if (seconds < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", (gulong) seconds),
                            (guint) seconds);
  if (seconds < 2 * 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", (gulong) (seconds / 60)),
                            (guint) (seconds / 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", (gulong) (seconds / 3600)),
                          (guint) MIN (seconds / 3600, G_MAXUINT));
}

/* Requests */

HoneHttpRequest *
hone_http_request_new (const char *provider_name,
                       const char *method,
                       const char *url)
{
  HoneHttpRequest *self;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  self = g_new0 (HoneHttpRequest, 1);
  self->provider_name = g_strdup (provider_name != NULL ? provider_name : "the server");
  self->method = g_ascii_strup (method, -1);
  self->url = g_strdup (url);
  self->headers = g_ptr_array_new_with_free_func (g_free);
  self->follow_redirects = TRUE;
  self->policy = HONE_RETRY_POLICY_DEFAULT;
  /* The methods HTTP itself calls idempotent (RFC 9110, 9.2.2); POST and
   * PATCH must be marked by the caller when a repeat does no harm */
  self->idempotent = g_strv_contains ((const char * const[]) { "GET", "HEAD", "OPTIONS", "PUT", "DELETE", NULL },
                                      self->method);
  return self;
}

void
hone_http_request_free (HoneHttpRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->provider_name);
  g_free (self->method);
  g_free (self->url);
  if (self->api_key != NULL)
    {
      memset (self->api_key, 0, strlen (self->api_key));
      g_free (self->api_key);
    }
  g_ptr_array_unref (self->headers);
  g_free (self->content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

void
hone_http_request_set_bearer (HoneHttpRequest *self,
                              const char      *api_key)
{
  g_return_if_fail (self != NULL);

  g_free (self->api_key);
  self->api_key = (api_key != NULL && *api_key != '\0') ? g_strdup (api_key) : NULL;
}

void
hone_http_request_set_header (HoneHttpRequest *self,
                              const char      *name,
                              const char      *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  for (guint i = 0; i + 1 < self->headers->len; i += 2)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->headers, i), name) == 0)
      {
        g_free (g_ptr_array_index (self->headers, i + 1));
        self->headers->pdata[i + 1] = g_strdup (value != NULL ? value : "");
        return;
      }
  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value != NULL ? value : ""));
}

void
hone_http_request_take_json (HoneHttpRequest *self,
                             JsonNode        *body)
{
  g_autoptr(JsonGenerator) generator = NULL;
  char *text;
  gsize len = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (body != NULL);

  generator = json_generator_new ();
  json_generator_set_root (generator, body);
  text = json_generator_to_data (generator, &len);
  json_node_unref (body);

  g_free (self->content_type);
  self->content_type = g_strdup ("application/json");
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = g_bytes_new_take (text, len);
}

void
hone_http_request_set_body (HoneHttpRequest *self,
                            const char      *content_type,
                            GBytes          *body)
{
  g_return_if_fail (self != NULL);

  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body != NULL ? g_bytes_ref (body) : NULL;
}

void
hone_http_request_set_idempotent (HoneHttpRequest *self,
                                  gboolean         idempotent)
{
  g_return_if_fail (self != NULL);
  self->idempotent = !!idempotent;
}

void
hone_http_request_set_follow_redirects (HoneHttpRequest *self,
                                        gboolean         follow)
{
  g_return_if_fail (self != NULL);
  self->follow_redirects = !!follow;
}

void
hone_http_request_set_retry_policy (HoneHttpRequest       *self,
                                    const HoneRetryPolicy *policy)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (policy != NULL);
  self->policy = *policy;
}

void
hone_http_response_free (HoneHttpResponse *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->json, json_node_unref);
  g_clear_object (&self->stream);
  g_free (self);
}

/* Messages for people */

/* Every run of KEY_MASK_MIN_RUN or more characters that also appears in
 * @key is replaced, so that neither the key nor a long piece of it survives
 * a server that echoes it back */
static char *
mask_key (const char *text,
          const char *key)
{
  gsize text_len, key_len;
  g_autofree gboolean *masked = NULL;
  GString *out;

  if (key == NULL || *key == '\0')
    return g_strdup (text);

  text_len = strlen (text);
  key_len = strlen (key);
  masked = g_new0 (gboolean, text_len + 1);
  for (gsize i = 0; i < text_len; i++)
    for (gsize j = 0; j < key_len; j++)
      {
        gsize run = 0;

        while (i + run < text_len && j + run < key_len && text[i + run] == key[j + run])
          run++;
        if (run >= MIN (KEY_MASK_MIN_RUN, key_len))
          for (gsize k = i; k < i + run; k++)
            masked[k] = TRUE;
      }

  out = g_string_new (NULL);
  for (gsize i = 0; i < text_len; i++)
    {
      if (!masked[i])
        g_string_append_c (out, text[i]);
      else if (i == 0 || !masked[i - 1])
        g_string_append (out, "[API key]");
    }
  return g_string_free (out, FALSE);
}

/* A one-line, valid, not too long piece of text */
static char *
tidy_text (const char *text,
           gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (text, len);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  glong n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }
      if (n >= MESSAGE_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
        }
      space = FALSE;
      g_string_append_unichar (out, c);
      n++;
    }
  return g_string_free (out, FALSE);
}

static const char *
json_string_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* What the provider said: its JSON "error.message" (or "error" as a string),
 * "message" or "detail" (a string, or FastAPI's list of {"msg"}), else a
 * short plain-text body, else the status phrase */
static char *
provider_says (guint        status,
               const char  *content_type,
               GBytes      *body,
               const char  *api_key)
{
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  g_autofree char *said = NULL;
  g_autofree char *masked = NULL;

  if (data != NULL && len > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, data, len, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *root = json_node_get_object (json_parser_get_root (parser));
          JsonNode *error = json_object_get_member (root, "error");
          JsonNode *detail = json_object_get_member (root, "detail");
          const char *text = NULL;

          if (error != NULL && JSON_NODE_HOLDS_OBJECT (error))
            text = json_string_member (json_node_get_object (error), "message");
          if (text == NULL)
            text = json_string_member (root, "error");
          if (text == NULL)
            text = json_string_member (root, "message");
          if (text == NULL)
            text = json_string_member (root, "detail");
          if (text != NULL)
            said = g_strdup (text);
          else if (detail != NULL && JSON_NODE_HOLDS_ARRAY (detail))
            {
              JsonArray *items = json_node_get_array (detail);
              GString *joined = g_string_new (NULL);

              for (guint i = 0; i < json_array_get_length (items); i++)
                {
                  JsonNode *item = json_array_get_element (items, i);
                  const char *msg = NULL;

                  if (JSON_NODE_HOLDS_OBJECT (item))
                    msg = json_string_member (json_node_get_object (item), "msg");
                  if (msg != NULL)
                    g_string_append_printf (joined, "%s%s", joined->len > 0 ? "; " : "", msg);
                }
              said = g_string_free (joined, joined->len == 0);
            }
        }
      else if (content_type != NULL && g_str_has_prefix (content_type, "text/plain"))
        said = g_strndup (data, len);
    }

  if (said == NULL || *said == '\0')
    {
      g_free (said);
      said = g_strdup (soup_status_get_phrase (status));
    }
  /* Mask before cutting (the cut could split the key) and after tidying */
  masked = mask_key (said, api_key);
  {
    g_autofree char *tidy = tidy_text (masked, strlen (masked));
    return mask_key (tidy, api_key);
  }
}

/* Sets @error for an HTTP status that is a failure */
static void
set_status_error (GError         **error,
                  HoneHttpRequest *request,
                  guint            status,
                  const char      *content_type,
                  GBytes          *body)
{
  g_autofree char *said = provider_says (status, content_type, body, request->api_key);
  const char *name = request->provider_name;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error (error, HONE_ERROR, HONE_ERROR_AUTH,
                 _("The API key was refused by %s (%u: %s): check it in Preferences."),
                 name, status, said);
  else if (status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, HONE_ERROR, HONE_ERROR_AUTH,
                 _("%s does not allow this API key to do that (%u: %s): check the key and "
                   "its permissions in Preferences and on the provider's site."),
                 name, status, said);
  else if (status == SOUP_STATUS_NOT_FOUND)
    g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                 _("%s does not know what was asked for (%u: %s): check the model, file "
                   "or job name, and the server address."),
                 name, status, said);
  else if (status == STATUS_TOO_MANY_REQUESTS)
    g_set_error (error, HONE_ERROR, HONE_ERROR_BUSY,
                 _("%s is receiving too many requests (%u: %s): wait a minute and try again, "
                   "or check the limits of your plan."),
                 name, status, said);
  else if (status >= 400 && status < 500)
    g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                 _("%s refused the request (%u: %s): check the settings it mentions."),
                 name, status, said);
  else
    g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                 _("%s had a problem answering (%u: %s): try again later; if it goes on, "
                   "look at the provider's status page."),
                 name, status, said);
}

/* Network failures that a repeat may cure */
static gboolean
is_transient_network_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

static void
set_network_error (GError         **error,
                   HoneHttpRequest *request,
                   SoupSession     *session,
                   const GError    *cause)
{
  g_autofree char *cause_text = mask_key (cause->message, request->api_key);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_autofree char *wait = format_wait (soup_session_get_timeout (session));

      g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                   _("%s did not answer within %s: check the internet connection, "
                     "or try again later."),
                   request->provider_name, wait);
    }
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT)
           || g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
           || g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                 _("The connection to %s was cut before the whole answer came (%s): "
                   "check the internet connection and try again."),
                 request->provider_name, cause_text);
  else
    g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                 _("Could not reach %s (%s): check the internet connection, the proxy "
                   "settings and the server address."),
                 request->provider_name, cause_text);
}

/* The wait a Retry-After asks for, in ms; -1 without one */
static gint64
parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;
  GTimeSpan span;

  if (value == NULL)
    return -1;
  value += strspn (value, " \t");
  if (g_ascii_isdigit (*value))
    {
      char *end = NULL;

      seconds = g_ascii_strtoull (value, &end, 10);
      if (end != NULL && (*end == '\0' || g_ascii_isspace (*end)))
        return (gint64) MIN (seconds, (guint64) G_MAXINT64 / 1000 / 2) * 1000;
      return -1;
    }
  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (when, now);
  return span > 0 ? span / 1000 : 0;
}

/* The backoff before attempt @attempt + 1 */
static guint
backoff_ms (const HoneRetryPolicy *policy,
            guint                  attempt)
{
  guint64 delay = policy->base_delay_ms;

  for (guint i = 1; i < attempt && delay < policy->max_delay_ms; i++)
    delay *= 2;
  delay = MIN (delay, policy->max_delay_ms);
  if (delay > 1)
    delay += (guint64) g_random_int_range (0, (gint32) MIN (delay / 2, G_MAXINT32 - 1) + 1);
  return (guint) MIN (delay, policy->max_delay_ms);
}

/* Sending */

typedef struct
{
  SoupSession     *session;
  HoneHttpRequest *request;
  SoupMessage     *message;
  GSource         *wait_source;
  GSource         *cancel_source;
  guint            attempt;
  /* hone_http_send_stream_async(): the 2xx body is handed over unread */
  gboolean         stream;
  GInputStream    *error_stream;
} SendData;

static void
send_data_free (SendData *data)
{
  if (data->wait_source != NULL)
    {
      g_source_destroy (data->wait_source);
      g_source_unref (data->wait_source);
    }
  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_source_unref (data->cancel_source);
    }
  g_clear_object (&data->message);
  g_clear_object (&data->error_stream);
  g_clear_object (&data->session);
  hone_http_request_free (data->request);
  g_free (data);
}

static void start_attempt (GTask *task);

static gboolean
on_wait_done (gpointer user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  GSource *wait = data->wait_source, *cancel = data->cancel_source;

  data->wait_source = data->cancel_source = NULL;
  g_source_destroy (cancel);
  g_source_unref (cancel);
  g_source_unref (wait);
  start_attempt (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  GSource *wait = data->wait_source, *cancel = data->cancel_source;

  data->wait_source = data->cancel_source = NULL;
  g_source_destroy (wait);
  g_source_unref (wait);
  g_source_unref (cancel);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The request was cancelled."));
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/* Waits @delay_ms, or less when cancelled, then tries again */
static void
retry_after (GTask *task,
             guint  delay_ms)
{
  SendData *data = g_task_get_task_data (task);
  GMainContext *context = g_task_get_context (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  data->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (data->wait_source, on_wait_done, task, NULL);
  g_source_set_static_name (data->wait_source, "[hone] http retry wait");
  /* A cancellable source for a NULL cancellable never fires */
  data->cancel_source = g_cancellable_source_new (cancellable);
  g_source_set_callback (data->cancel_source, G_SOURCE_FUNC (on_wait_cancelled), task, NULL);
  g_source_attach (data->wait_source, context);
  g_source_attach (data->cancel_source, context);
}

/* The response to @message (2xx or 3xx), its JSON parsed; a 2xx whose
 * JSON is broken is a HONE_ERROR_PARSE */
static HoneHttpResponse *
response_new (SoupMessage      *message,
              GBytes           *body,
              guint             attempts,
              HoneHttpRequest  *request,
              GError          **error)
{
  g_autoptr(HoneHttpResponse) response = g_new0 (HoneHttpResponse, 1);
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  gsize len = 0;
  const char *bytes = g_bytes_get_data (body, &len);

  response->status = soup_message_get_status (message);
  response->headers = soup_message_headers_ref (headers);
  response->body = g_bytes_ref (body);
  response->attempts = attempts;
  if (content_type != NULL && strstr (content_type, "json") != NULL && len > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) parse_error = NULL;

      if (!json_parser_load_from_data (parser, bytes, len, &parse_error))
        {
          g_autofree char *cause = mask_key (parse_error->message, request->api_key);

          if (response->status < 300)
            {
              g_set_error (error, HONE_ERROR, HONE_ERROR_PARSE,
                           _("%s sent an answer Hone could not read (%s): try "
                             "again; if it goes on, the provider may have "
                             "changed its API and Hone needs an update."),
                           request->provider_name, cause);
              return NULL;
            }
        }
      else if (json_parser_get_root (parser) != NULL)
        response->json = json_node_ref (json_parser_get_root (parser));
    }
  return g_steal_pointer (&response);
}

/* The message for @request: method, address, headers, key and body */
static SoupMessage *
message_new (HoneHttpRequest  *request,
             GError          **error)
{
  SoupMessage *message = soup_message_new (request->method, request->url);
  SoupMessageHeaders *headers;

  if (message == NULL)
    {
      g_autofree char *url = mask_key (request->url, request->api_key);

      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("The address “%s” for %s is not valid: check the server "
                     "address in Preferences."),
                   url, request->provider_name);
      return NULL;
    }

  headers = soup_message_get_request_headers (message);
  for (guint i = 0; i + 1 < request->headers->len; i += 2)
    soup_message_headers_replace (headers,
                                  g_ptr_array_index (request->headers, i),
                                  g_ptr_array_index (request->headers, i + 1));
  if (request->api_key != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", request->api_key, NULL);

      soup_message_headers_replace (headers, "Authorization", auth);
      memset (auth, 0, strlen (auth));
    }
  if (soup_message_headers_get_one (headers, "Accept") == NULL)
    soup_message_headers_replace (headers, "Accept", "application/json");
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (message,
                                              request->content_type != NULL
                                                ? request->content_type
                                                : "application/octet-stream",
                                              request->body);
  if (!request->follow_redirects)
    soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  return message;
}

/* A network failure (no response): retried when the request allows */
static void
handle_network_error (GTask  *task,
                      GError *local_error)
{
  SendData *data = g_task_get_task_data (task);
  HoneHttpRequest *request = data->request;
  const HoneRetryPolicy *policy = &request->policy;
  gboolean attempts_left = data->attempt < MAX (policy->max_attempts, 1);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The request was cancelled."));
    }
  else if (request->idempotent && attempts_left && is_transient_network_error (local_error))
    {
      retry_after (task, backoff_ms (policy, data->attempt));
      return;
    }
  else
    {
      GError *error = NULL;

      set_network_error (&error, request, data->session, local_error);
      g_task_return_error (task, error);
    }
  g_object_unref (task);
}

/* A response that is not a success: retried, or the error for people */
static void
handle_failure (GTask  *task,
                GBytes *body)
{
  SendData *data = g_task_get_task_data (task);
  HoneHttpRequest *request = data->request;
  const HoneRetryPolicy *policy = &request->policy;
  gboolean attempts_left = data->attempt < MAX (policy->max_attempts, 1);
  guint status = soup_message_get_status (data->message);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->message);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);

  if (attempts_left
      && (status == STATUS_TOO_MANY_REQUESTS
          || (request->idempotent
              && (status == 500 || status == 502 || status == 503 || status == 504))))
    {
      gint64 asked = parse_retry_after (headers);

      if (asked > (gint64) policy->max_delay_ms)
        {
          g_autofree char *said = provider_says (status, content_type, body, request->api_key);
          g_autofree char *wait = format_wait ((asked + 999) / 1000);

          g_task_return_new_error (task, HONE_ERROR,
                                   status == STATUS_TOO_MANY_REQUESTS ? HONE_ERROR_BUSY : HONE_ERROR_IO,
                                   _("%s asks to wait %s before trying again (%u: %s): try "
                                     "again later."),
                                   request->provider_name, wait, status, said);
          g_object_unref (task);
          return;
        }
      retry_after (task, asked >= 0 ? (guint) asked : backoff_ms (policy, data->attempt));
      return;
    }

  {
    GError *error = NULL;

    set_status_error (&error, request, status, content_type, body);
    g_task_return_error (task, error);
    g_object_unref (task);
  }
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;  /* owns a reference while a request runs */
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &local_error);
  if (body == NULL)
    {
      handle_network_error (task, local_error);
      return;
    }

  status = soup_message_get_status (data->message);
  if (status >= 200 && status < 400)
    {
      GError *error = NULL;
      HoneHttpResponse *response = response_new (data->message, body, data->attempt, data->request,
                                                 &error);

      if (response == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, response, (GDestroyNotify) hone_http_response_free);
      g_object_unref (task);
      return;
    }

  handle_failure (task, body);
}

/* Streaming: the body of a failure is read whole for its message */
static void
on_error_body (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);

  g_clear_object (&data->error_stream);
  if (body == NULL)
    body = g_bytes_new (NULL, 0);
  handle_failure (task, body);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &local_error);
  if (stream == NULL)
    {
      handle_network_error (task, local_error);
      return;
    }

  status = soup_message_get_status (data->message);
  if (status >= 200 && status < 300)
    {
      HoneHttpResponse *response = g_new0 (HoneHttpResponse, 1);

      response->status = status;
      response->headers = soup_message_headers_ref (soup_message_get_response_headers (data->message));
      response->stream = g_steal_pointer (&stream);
      response->attempts = data->attempt;
      g_task_return_pointer (task, response, (GDestroyNotify) hone_http_response_free);
      g_object_unref (task);
      return;
    }

  /* An error body is short: 64 KiB is plenty for its message */
  data->error_stream = g_steal_pointer (&stream);
  g_input_stream_read_bytes_async (data->error_stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_error_body, task);
}

static void
start_attempt (GTask *task)
{
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_object (&data->message);
  data->message = message_new (data->request, &error);
  if (data->message == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  data->attempt++;
  if (data->stream)
    soup_session_send_async (data->session, data->message, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), on_sent, task);
  else
    soup_session_send_and_read_async (data->session, data->message, G_PRIORITY_DEFAULT,
                                      g_task_get_cancellable (task), on_read, task);
}

/* The task of a send (streamed or read whole); its own reference is
 * handed from step to step and dropped when it returns */
static void
start_send (SoupSession         *session,
            HoneHttpRequest     *request,
            gboolean             stream,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task;
  SendData *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (request != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, stream ? "[hone] http send stream" : "[hone] http send");
  data = g_new0 (SendData, 1);
  data->session = g_object_ref (session);
  data->request = request;
  data->stream = stream;
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  start_attempt (task);
}

void
hone_http_send_async (SoupSession         *session,
                      HoneHttpRequest     *request,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  start_send (session, request, FALSE, hone_http_send_async, cancellable, callback, user_data);
}

void
hone_http_send_stream_async (SoupSession         *session,
                             HoneHttpRequest     *request,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  start_send (session, request, TRUE, hone_http_send_stream_async, cancellable, callback, user_data);
}

HoneHttpResponse *
hone_http_send_stream_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hone_http_send_stream_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

HoneHttpResponse *
hone_http_send_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hone_http_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

HoneHttpResponse *
hone_http_send_sync (SoupSession      *session,
                     HoneHttpRequest  *request,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  g_main_context_push_thread_default (context);
  hone_http_send_async (session, request, cancellable, on_sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return hone_http_send_finish (result, error);
}

/* Send and parse ------------------------------------------------------------ */

typedef struct {
  HoneHttpParseFunc  parse;
  GDestroyNotify     free_result;
  char              *error_prefix;
} CallData;

static void
call_data_free (CallData *data)
{
  g_free (data->error_prefix);
  g_free (data);
}

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallData *data = g_task_get_task_data (task);
  g_autoptr(HoneHttpResponse) response = NULL;
  GError *error = NULL;
  gpointer parsed;

  response = hone_http_send_finish (result, &error);
  if (response == NULL)
    {
      if (data->error_prefix != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, "%s", data->error_prefix);
      g_task_return_error (task, error);
      return;
    }
  parsed = data->parse (response, &error);
  if (parsed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, parsed, data->free_result);
}

static void
call_async (SoupSession         *session,
            HoneHttpRequest     *request,
            gpointer             source_object,
            HoneHttpParseFunc    parse,
            GDestroyNotify       free_result,
            char                *error_prefix,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);
  CallData *data = g_new0 (CallData, 1);

  data->parse = parse;
  data->free_result = free_result;
  data->error_prefix = error_prefix;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);
  hone_http_send_async (session, request, cancellable, call_done, task);
}

void
hone_http_call_async (SoupSession         *session,
                      HoneHttpRequest     *request,
                      gpointer             source_object,
                      HoneHttpParseFunc    parse,
                      GDestroyNotify       free_result,
                      gpointer             source_tag,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  call_async (session, request, source_object, parse, free_result, NULL, source_tag,
              cancellable, callback, user_data);
}

gpointer
hone_http_parse_accepted (HoneHttpResponse  *response,
                          GError           **error)
{
  return GINT_TO_POINTER (TRUE);
}

void
hone_http_delete_async (SoupSession         *session,
                        HoneHttpRequest     *request,
                        gpointer             source_object,
                        const char          *kind,
                        const char          *id,
                        gpointer             source_tag,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (kind != NULL);
  g_return_if_fail (id != NULL);

  call_async (session, request, source_object, hone_http_parse_accepted, NULL,
              /* TRANSLATORS: "The file “file-abc” at OpenAI could not be deleted. ";
               * the first %s is "file" or "dataset" */
              g_strdup_printf (_("The %s “%s” at %s could not be deleted. "), kind, id,
                               request->provider_name),
              source_tag, cancellable, callback, user_data);
}

char *
hone_http_build_url (const char *base_url,
                     const char *path,
                     const char *id)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat (base_url, path, escaped, NULL);
}

static void
list_files_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *provider_name = g_task_get_task_data (task);
  g_autoptr(HoneHttpResponse) response = NULL;
  GError *error = NULL;
  GPtrArray *files = NULL;

  response = hone_http_send_finish (result, &error);
  if (response != NULL)
    files = hone_provider_files_parse (response->json, provider_name, &error);
  if (files == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, files, (GDestroyNotify) g_ptr_array_unref);
}

void
hone_http_list_files_async (SoupSession         *session,
                            HoneHttpRequest     *request,
                            gpointer             source_object,
                            gpointer             source_tag,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_strdup (request->provider_name), g_free);
  hone_http_send_async (session, request, cancellable, list_files_done, task);
}

/* What every provider client does ------------------------------------------- */

HoneHttpRequest *
hone_http_request_new_for_api (const char            *provider_name,
                               const char            *method,
                               const char            *url,
                               const char            *api_key,
                               gboolean               idempotent,
                               const HoneRetryPolicy *policy)
{
  HoneHttpRequest *request = hone_http_request_new (provider_name, method, url);

  if (api_key != NULL)
    hone_http_request_set_bearer (request, api_key);
  hone_http_request_set_header (request, "Accept", "application/json");
  hone_http_request_set_idempotent (request, idempotent);
  if (policy != NULL)
    hone_http_request_set_retry_policy (request, policy);
  return request;
}

gpointer
hone_http_call_finish (gpointer       source_object,
                       GAsyncResult  *result,
                       gpointer       source_tag,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
hone_http_return_error_later (gpointer             source_object,
                              gpointer             source_tag,
                              GError              *error,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
}

/* Uploads ---------------------------------------------------------------------- */

void
hone_http_request_set_multipart (HoneHttpRequest    *self,
                                 const char * const *fields,
                                 const char         *file_field,
                                 const char         *file_name,
                                 const char         *file_type,
                                 GBytes             *contents)
{
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;

  g_return_if_fail (self != NULL);
  g_return_if_fail (file_field != NULL);
  g_return_if_fail (file_name != NULL);
  g_return_if_fail (contents != NULL);

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  for (guint i = 0; fields != NULL && fields[i] != NULL && fields[i + 1] != NULL; i += 2)
    soup_multipart_append_form_string (multipart, fields[i], fields[i + 1]);
  soup_multipart_append_form_file (multipart, file_field, file_name,
                                   file_type != NULL ? file_type : "application/octet-stream",
                                   contents);
  /* The boundary comes back in the Content-Type */
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_multipart_to_message (multipart, headers, &body);
  hone_http_request_set_body (self, soup_message_headers_get_one (headers, "Content-Type"), body);
  soup_message_headers_unref (headers);
}

typedef struct
{
  HoneHttpRequest      *request;
  SoupMessage          *message;
  char                 *file_name;
  guint64               sent;
  guint64               total;
  HoneHttpProgressFunc  progress;
  gpointer              progress_data;
} UploadData;

static void
upload_data_free (UploadData *data)
{
  if (data->message != NULL)
    g_signal_handlers_disconnect_by_data (data->message, data);
  g_clear_object (&data->message);
  hone_http_request_free (data->request);
  g_free (data->file_name);
  g_free (data);
}

static void
upload_report (UploadData *data)
{
  if (data->progress != NULL)
    data->progress (MIN (data->sent, data->total), data->total, data->progress_data);
}

static void
upload_wrote_body_data (SoupMessage *message,
                        guint        chunk_size,
                        gpointer     user_data)
{
  UploadData *data = user_data;

  /* A multipart body is a little larger than the file: the count stops at
   * the file's size */
  data->sent += chunk_size;
  upload_report (data);
}

static void
upload_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UploadData *data = g_task_get_task_data (task);
  HoneHttpRequest *request = data->request;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  HoneHttpResponse *response;
  SoupMessageHeaders *headers;
  const char *content_type;
  GError *error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &local_error);
  if (body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The upload was cancelled."));
      else
        {
          g_autofree char *cause = mask_key (local_error->message, request->api_key);

          g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_IO,
                                   _("“%s” could not be sent to %s (%s): check the internet "
                                     "connection and try again."),
                                   data->file_name, request->provider_name, cause);
        }
      return;
    }

  status = soup_message_get_status (data->message);
  headers = soup_message_get_response_headers (data->message);
  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    {
      g_autofree char *said = provider_says (status, content_type, body, request->api_key);

      g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_INVALID,
                               _("%s refused “%s” as too large (%u: %s): use fewer examples "
                                 "or split the file."),
                               request->provider_name, data->file_name, status, said);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      set_status_error (&error, request, status, content_type, body);
      g_prefix_error (&error, _("“%s” was not uploaded. "), data->file_name);
      g_task_return_error (task, error);
      return;
    }

  response = response_new (data->message, body, 1, request, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->sent = data->total;
  upload_report (data);
  g_task_return_pointer (task, response, (GDestroyNotify) hone_http_response_free);
}

void
hone_http_upload_async (SoupSession          *session,
                        HoneHttpRequest      *request,
                        const char           *file_name,
                        guint64               total,
                        HoneHttpProgressFunc  progress,
                        gpointer              progress_data,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  UploadData *data;
  GError *error = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (request != NULL);
  g_return_if_fail (file_name != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_http_upload_async);
  g_task_set_name (task, "[hone] http upload");
  data = g_new0 (UploadData, 1);
  data->request = request;
  data->file_name = g_strdup (file_name);
  data->total = total;
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) upload_data_free);

  data->message = message_new (request, &error);
  if (data->message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* libsoup emits it where the message runs: the thread-default main
   * context of this call, so @progress is called there too */
  g_signal_connect (data->message, "wrote-body-data", G_CALLBACK (upload_wrote_body_data), data);
  upload_report (data);
  soup_session_send_and_read_async (session, data->message, G_PRIORITY_DEFAULT, cancellable,
                                    upload_done, g_steal_pointer (&task));
}

HoneHttpResponse *
hone_http_upload_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hone_http_upload_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
