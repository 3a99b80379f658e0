/* hone-chat-format.h: the tokens a model reads for one training example,
 * its messages wrapped the way the model's chat format wraps them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "hone-enums.h"
#include "hone-tokenizer.h"

G_BEGIN_DECLS

/**
 * The chat formats (the "chat_format" of a model in the catalogue):
 *
 * - "openai": OpenAI's accounting from its cookbook ("How to count tokens
 *   with tiktoken", num_tokens_from_messages): 3 tokens per message, the
 *   tokens of the role and of the content, and 3 that prime the reply.
 * - "llama3": Llama 3.1 and 3.3's chat template: <|begin_of_text|>, then
 *   each message as <|start_header_id|>ROLE<|end_header_id|>\n\n CONTENT
 *   (trimmed) <|eot_id|>; the system message always comes first and starts
 *   with the template's dates ("Cutting Knowledge Date: December 2023\n
 *   Today Date: 26 Jul 2024\n\n"), even when the project has none.
 * - "qwen2.5": ChatML: <|im_start|>ROLE\nCONTENT<|im_end|>\n per message;
 *   without a system message the template adds Qwen's default one ("You are
 *   Qwen, created by Alibaba Cloud. You are a helpful assistant.").
 * - "qwen3": ChatML without a default system message; the assistant's
 *   answer (the last message, after the user's) starts with an empty
 *   thinking block: <think>\n\n</think>\n\n, and its leading newlines go.
 *
 * Text between special tokens is counted as one piece, the way Hugging Face
 * tokenizers split a rendered chat template at its special tokens, so the
 * counts are exact whenever the tokenizer is.
 *
 * In the prompt/completion style (no roles) every format counts the
 * prompt and the completion as the text they are, one after the other,
 * plus the begin-of-text token where the model has one.
 */

/* TRUE when @format is one of the names above */
gboolean  hone_chat_format_is_known   (const char        *format);

/* The names above, NULL-terminated, static */
const char * const *hone_chat_format_list (void);

/* Counts @messages (HonePromptMessage, from hone_prompt_render()) as
 * @format wraps them in @style. @per_message, when not NULL, receives the
 * tokens of each message's content alone (@messages->len of them); the
 * rest of the total is the format's own tokens. An unknown @format is
 * counted as "openai". */
guint64   hone_chat_format_count      (const char        *format,
                                       HoneTokenizer     *tokenizer,
                                       HoneTemplateStyle  style,
                                       GArray            *messages,
                                       guint64           *per_message);

G_END_DECLS
