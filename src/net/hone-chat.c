/* hone-chat.c: chat completions on any OpenAI-compatible endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hone-chat.h"
#include "hone-error.h"
#include "hone-json.h"
#include "hone-openai.h"
#include "hone-sse-reader.h"
#include "hone-together.h"

/* What arrived is quoted in errors up to this many characters */
#define QUOTE_CHARS 200

struct _HoneChat
{
  GObject          parent_instance;

  SoupSession     *session;
  char            *provider_name;
  char            *base_url;
  char            *api_key;
  HoneRetryPolicy  policy;
  gboolean         ask_usage;
};

G_DEFINE_FINAL_TYPE (HoneChat, hone_chat, G_TYPE_OBJECT)

const char *
hone_chat_default_base_url (const char *provider_id)
{
  if (g_strcmp0 (provider_id, "together") == 0)
    return HONE_TOGETHER_DEFAULT_BASE_URL;
  /* Fireworks serves chat on its OpenAI-compatible inference endpoint,
   * not on the management API the fine-tunes use */
  if (g_strcmp0 (provider_id, "fireworks") == 0)
    return "https://api.fireworks.ai/inference/v1";
  if (g_strcmp0 (provider_id, "openai") == 0)
    return HONE_OPENAI_DEFAULT_BASE_URL;
  return NULL;
}

void
hone_chat_result_free (HoneChatResult *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self->finish_reason);
  g_free (self->model);
  g_free (self);
}

static void
hone_chat_finalize (GObject *object)
{
  HoneChat *self = HONE_CHAT (object);

  g_clear_object (&self->session);
  g_free (self->provider_name);
  g_free (self->base_url);
  if (self->api_key != NULL)
    {
      memset (self->api_key, 0, strlen (self->api_key));
      g_free (self->api_key);
    }

  G_OBJECT_CLASS (hone_chat_parent_class)->finalize (object);
}

static void
hone_chat_class_init (HoneChatClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hone_chat_finalize;
}

static void
hone_chat_init (HoneChat *self)
{
  self->policy = HONE_RETRY_POLICY_DEFAULT;
}

HoneChat *
hone_chat_new (SoupSession *session,
               const char  *provider_name,
               const char  *base_url,
               const char  *api_key)
{
  HoneChat *self;
  gsize len;

  g_return_val_if_fail (provider_name != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (HONE_TYPE_CHAT, NULL);
  self->session = session != NULL ? g_object_ref (session) : hone_http_session_new ();
  self->provider_name = g_strdup (provider_name);
  self->base_url = g_strdup (base_url);
  len = strlen (self->base_url);
  if (len > 0 && self->base_url[len - 1] == '/')
    self->base_url[len - 1] = '\0';
  self->api_key = api_key != NULL && api_key[0] != '\0' ? g_strdup (api_key) : NULL;
  return self;
}

const char *
hone_chat_get_base_url (HoneChat *self)
{
  g_return_val_if_fail (HONE_IS_CHAT (self), NULL);
  return self->base_url;
}

void
hone_chat_set_retry_policy (HoneChat              *self,
                            const HoneRetryPolicy *policy)
{
  g_return_if_fail (HONE_IS_CHAT (self));
  self->policy = *policy;
}

void
hone_chat_set_ask_usage (HoneChat *self,
                         gboolean  ask_usage)
{
  g_return_if_fail (HONE_IS_CHAT (self));
  self->ask_usage = ask_usage;
}

JsonNode *
hone_chat_build_body (const char           *model,
                      JsonArray            *messages,
                      const HoneChatParams *params,
                      gboolean              stream,
                      gboolean              ask_usage)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) array = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (array, messages);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);
  json_builder_set_member_name (builder, "messages");
  json_builder_add_value (builder, json_node_copy (array));
  if (params != NULL && !isnan (params->temperature))
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, params->temperature);
    }
  if (params != NULL && !isnan (params->top_p))
    {
      json_builder_set_member_name (builder, "top_p");
      json_builder_add_double_value (builder, params->top_p);
    }
  if (params != NULL && params->max_tokens > 0)
    {
      json_builder_set_member_name (builder, "max_tokens");
      json_builder_add_int_value (builder, params->max_tokens);
    }
  if (params != NULL && params->has_seed)
    {
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, params->seed);
    }
  if (stream)
    {
      json_builder_set_member_name (builder, "stream");
      json_builder_add_boolean_value (builder, TRUE);
      if (ask_usage)
        {
          json_builder_set_member_name (builder, "stream_options");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "include_usage");
          json_builder_add_boolean_value (builder, TRUE);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The answer -------------------------------------------------------------- */

typedef struct {
  HoneChatDeltaFunc  delta;
  gpointer           delta_data;
  HoneSseReader     *reader;
  GString           *text;
  HoneChatResult    *result;
  guint              n_chunks;
} CompleteData;

static void
complete_data_free (CompleteData *data)
{
  g_clear_object (&data->reader);
  if (data->text != NULL)
    g_string_free (data->text, TRUE);
  g_clear_pointer (&data->result, hone_chat_result_free);
  g_free (data);
}

static void
read_usage (HoneChatResult *result,
            JsonObject     *object)
{
  JsonObject *usage = hone_json_get_object (object, "usage");

  if (usage == NULL)
    return;
  result->prompt_tokens = hone_json_get_int (usage, "prompt_tokens", result->prompt_tokens);
  result->completion_tokens = hone_json_get_int (usage, "completion_tokens", result->completion_tokens);
}

/* The first choice of a completion or a chunk, or NULL */
static JsonObject *
first_choice (JsonObject *object)
{
  JsonNode *choices = json_object_get_member (object, "choices");
  JsonArray *array;
  JsonNode *first;

  if (choices == NULL || !JSON_NODE_HOLDS_ARRAY (choices))
    return NULL;
  array = json_node_get_array (choices);
  if (json_array_get_length (array) == 0)
    return NULL;
  first = json_array_get_element (array, 0);
  return JSON_NODE_HOLDS_OBJECT (first) ? json_node_get_object (first) : NULL;
}

static char *
quote (const char *text)
{
  if (g_utf8_strlen (text, -1) <= QUOTE_CHARS)
    return g_strdup (text);
  {
    g_autofree char *start = g_utf8_substring (text, 0, QUOTE_CHARS);
    return g_strconcat (start, "…", NULL);
  }
}

static HoneChatResult *
parse_answer (HoneChat          *self,
              HoneHttpResponse  *response,
              GError           **error)
{
  g_autoptr(HoneChatResult) result = g_new0 (HoneChatResult, 1);
  JsonObject *object, *choice, *message;
  const char *content;

  result->prompt_tokens = result->completion_tokens = -1;
  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    goto bad;
  object = json_node_get_object (response->json);
  choice = first_choice (object);
  message = choice != NULL ? hone_json_get_object (choice, "message") : NULL;
  if (message == NULL)
    goto bad;
  content = hone_json_get_string (message, "content");
  result->text = g_strdup (content != NULL ? content : "");
  result->finish_reason = g_strdup (hone_json_get_string (choice, "finish_reason"));
  result->model = g_strdup (hone_json_get_string (object, "model"));
  read_usage (result, object);
  return g_steal_pointer (&result);

bad:
  {
    g_autofree char *body = response->body != NULL
                            ? g_strndup (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body))
                            : g_strdup ("");
    g_autofree char *shown = quote (body);

    g_set_error (error, HONE_ERROR, HONE_ERROR_PARSE,
                 _("%s sent an answer without a message Hone could read (“%s”): try again; "
                   "if it goes on, check that the address is an OpenAI-compatible chat endpoint."),
                 self->provider_name, shown);
    return NULL;
  }
}

static void next_chunk (GTask *task);

/* The stream ended: cleanly when "[DONE]" or a finish reason came */
static void
stream_ended (GTask *task)
{
  HoneChat *self = g_task_get_source_object (task);
  CompleteData *data = g_task_get_task_data (task);

  if (!hone_sse_reader_get_done (data->reader) && data->result->finish_reason == NULL)
    {
      g_autofree char *shown = quote (data->text->str);

      g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_IO,
                               _("The answer from %s stopped before its end (after %u pieces: “%s”): "
                                 "the connection may have dropped. Try again."),
                               self->provider_name, data->n_chunks, shown);
      return;
    }
  data->result->text = g_strdup (data->text->str);
  g_task_return_pointer (task, g_steal_pointer (&data->result), (GDestroyNotify) hone_chat_result_free);
}

static void
chunk_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HoneChat *self = g_task_get_source_object (task);
  CompleteData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *event = NULL;
  g_autofree char *chunk = NULL;
  JsonObject *object, *choice, *delta;
  const char *content;

  if (!hone_sse_reader_next_finish (HONE_SSE_READER (source), result, &event, &chunk, &error))
    {
      if (error != NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_prefix_error (&error, _("The answer from %s was cut off: "), self->provider_name);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      stream_ended (task);
      return;
    }

  if (!json_parser_load_from_data (parser, chunk, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_autofree char *shown = quote (chunk);

      g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_PARSE,
                               _("%s sent a piece of its answer Hone could not read (piece %u: “%s”)."),
                               self->provider_name, data->n_chunks + 1, shown);
      return;
    }
  data->n_chunks++;
  object = json_node_get_object (json_parser_get_root (parser));

  /* An error in the middle of a stream */
  if (hone_json_get_object (object, "error") != NULL)
    {
      const char *message = hone_json_get_string (hone_json_get_object (object, "error"), "message");
      g_autofree char *shown = quote (message != NULL ? message : chunk);

      g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_IO,
                               _("%s stopped its answer with an error: %s"), self->provider_name, shown);
      return;
    }

  if (data->result->model == NULL)
    data->result->model = g_strdup (hone_json_get_string (object, "model"));
  read_usage (data->result, object);
  choice = first_choice (object);
  delta = choice != NULL ? hone_json_get_object (choice, "delta") : NULL;
  content = delta != NULL ? hone_json_get_string (delta, "content") : NULL;
  if (content != NULL && content[0] != '\0')
    {
      g_string_append (data->text, content);
      if (data->delta != NULL)
        data->delta (content, data->delta_data);
    }
  if (choice != NULL && hone_json_get_string (choice, "finish_reason") != NULL)
    {
      g_free (data->result->finish_reason);
      data->result->finish_reason = g_strdup (hone_json_get_string (choice, "finish_reason"));
    }

  next_chunk (g_steal_pointer (&task));
}

static void
next_chunk (GTask *task)
{
  CompleteData *data = g_task_get_task_data (task);

  hone_sse_reader_next_async (data->reader, g_task_get_cancellable (task), chunk_read_cb, task);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HoneChat *self = g_task_get_source_object (task);
  CompleteData *data = g_task_get_task_data (task);
  g_autoptr(HoneHttpResponse) response = NULL;
  GError *error = NULL;

  if (data->delta == NULL)
    {
      HoneChatResult *answer;

      response = hone_http_send_finish (result, &error);
      answer = response != NULL ? parse_answer (self, response, &error) : NULL;
      if (answer == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, answer, (GDestroyNotify) hone_chat_result_free);
      return;
    }

  response = hone_http_send_stream_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->reader = hone_sse_reader_new (response->stream);
  data->text = g_string_new (NULL);
  data->result = g_new0 (HoneChatResult, 1);
  data->result->prompt_tokens = data->result->completion_tokens = -1;
  next_chunk (g_steal_pointer (&task));
}

void
hone_chat_complete_async (HoneChat             *self,
                          const char           *model,
                          JsonArray            *messages,
                          const HoneChatParams *params,
                          HoneChatDeltaFunc     delta,
                          gpointer              delta_data,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autofree char *url = NULL;
  HoneHttpRequest *request;
  CompleteData *data;
  GTask *task;

  g_return_if_fail (HONE_IS_CHAT (self));
  g_return_if_fail (model != NULL && messages != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_chat_complete_async);
  data = g_new0 (CompleteData, 1);
  data->delta = delta;
  data->delta_data = delta_data;
  g_task_set_task_data (task, data, (GDestroyNotify) complete_data_free);

  url = g_strconcat (self->base_url, "/chat/completions", NULL);
  request = hone_http_request_new (self->provider_name, "POST", url);
  if (self->api_key != NULL)
    hone_http_request_set_bearer (request, self->api_key);
  hone_http_request_take_json (request, hone_chat_build_body (model, messages, params, delta != NULL,
                                                              self->ask_usage));
  /* A second answer costs tokens but changes nothing: still, only a 429
   * (nothing was done) is asked again */
  hone_http_request_set_retry_policy (request, &self->policy);
  if (delta != NULL)
    {
      hone_http_request_set_header (request, "Accept", "text/event-stream");
      hone_http_send_stream_async (self->session, request, cancellable, sent_cb, task);
    }
  else
    hone_http_send_async (self->session, request, cancellable, sent_cb, task);
}

HoneChatResult *
hone_chat_complete_finish (HoneChat      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
