/* hone-chat.h: chat completions on any OpenAI-compatible endpoint
 *
 * Together AI, Fireworks AI (its /inference/v1 endpoint), OpenAI and any
 * server that speaks the same API (OpenRouter, Groq, a local Ollama,
 * llama.cpp or vLLM) answer POST {base}/chat/completions the same way:
 * {model, messages, temperature, top_p, max_tokens, seed, stream}, and
 * either one JSON answer or, with "stream": true, server-sent events of
 * chunks ending in "data: [DONE]". Field names from OpenAI's official
 * spec (shared/oracles/openai), which Together's spec follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "hone-http.h"

G_BEGIN_DECLS

#define HONE_TYPE_CHAT (hone_chat_get_type ())

G_DECLARE_FINAL_TYPE (HoneChat, hone_chat, HONE, CHAT, GObject)

/* The chat endpoint of a provider Hone knows ("together", "fireworks",
 * "openai"), or NULL: an OpenAI-compatible server has the address the
 * person gives */
const char *hone_chat_default_base_url (const char *provider_id);

/**
 * HoneChatParams:
 * @temperature, @top_p: NAN for the server's default
 * @max_tokens: -1 for the server's default
 * @seed: sent when @has_seed
 */
typedef struct {
  double   temperature;
  double   top_p;
  gint     max_tokens;
  gboolean has_seed;
  gint     seed;
} HoneChatParams;

#define HONE_CHAT_PARAMS_INIT ((HoneChatParams) { NAN, NAN, -1, FALSE, 0 })

/**
 * HoneChatResult:
 * @text: the answer
 * @finish_reason: "stop", "length" … as the server says, or NULL
 * @model: the model that answered, as the server names it, or NULL
 * @prompt_tokens, @completion_tokens: what the server counted, or -1
 */
typedef struct {
  char   *text;
  char   *finish_reason;
  char   *model;
  gint64  prompt_tokens;
  gint64  completion_tokens;
} HoneChatResult;

void hone_chat_result_free (HoneChatResult *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneChatResult, hone_chat_result_free)

/* Called on the caller's main context with each piece of a streamed answer */
typedef void (*HoneChatDeltaFunc) (const char *delta,
                                   gpointer    user_data);

/* @provider_name: for messages ("Together AI", "your server");
 * @api_key: (nullable): a local server often needs none */
HoneChat   *hone_chat_new              (SoupSession           *session,
                                        const char            *provider_name,
                                        const char            *base_url,
                                        const char            *api_key);
const char *hone_chat_get_base_url     (HoneChat              *self);
void        hone_chat_set_retry_policy (HoneChat              *self,
                                        const HoneRetryPolicy *policy);
/* OpenAI counts the tokens of a streamed answer only when asked
 * ("stream_options": {"include_usage": true}); other servers may refuse
 * the member, so it is off unless set */
void        hone_chat_set_ask_usage    (HoneChat              *self,
                                        gboolean               ask_usage);

/* Asks @model to answer @messages (a JSON array of {"role", "content"}).
 * With @delta, the answer is streamed and @delta called as it comes; a
 * stream cut before its end is an error that says how much arrived. A
 * 429 is retried after its Retry-After; nothing else is sent twice. */
void            hone_chat_complete_async  (HoneChat              *self,
                                           const char            *model,
                                           JsonArray             *messages,
                                           const HoneChatParams  *params,
                                           HoneChatDeltaFunc      delta,
                                           gpointer               delta_data,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
HoneChatResult *hone_chat_complete_finish (HoneChat              *self,
                                           GAsyncResult          *result,
                                           GError               **error);

/* The JSON body sent for these arguments (tests, and the playground's
 * "exact request") */
JsonNode       *hone_chat_build_body      (const char            *model,
                                           JsonArray             *messages,
                                           const HoneChatParams  *params,
                                           gboolean               stream,
                                           gboolean               ask_usage);

G_END_DECLS
