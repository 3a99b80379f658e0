/* hone-chat-format.c: a training example's tokens as its model reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sources of the formats (read 2026-11-27):
 * - openai: OpenAI Cookbook, "How to count tokens with tiktoken",
 *   num_tokens_from_messages(): tokens_per_message = 3, and "every reply is
 *   primed with <|start|>assistant<|message|>" (3 more).
 * - llama3: the chat_template of meta-llama/Llama-3.1-8B-Instruct's
 *   tokenizer_config.json (Llama 3.3's is the same).
 * - qwen2.5: the chat_template of Qwen/Qwen2.5-7B-Instruct.
 * - qwen3: the chat_template of Qwen/Qwen3-8B.
 */
#include "config.h"

#include <string.h>

#include "hone-chat-format.h"
#include "hone-prompt.h"

static const char * const formats[] = { "openai", "llama3", "qwen2.5", "qwen3", NULL };

#define LLAMA3_DATES "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n"
#define QWEN25_SYSTEM "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."

gboolean
hone_chat_format_is_known (const char *format)
{
  return format != NULL && g_strv_contains (formats, format);
}

const char * const *
hone_chat_format_list (void)
{
  return formats;
}

static guint64
count_str (HoneTokenizer *tokenizer,
           const char    *text)
{
  return hone_tokenizer_count (tokenizer, text, -1);
}

/* Counts the concatenation of @a and @b as one piece */
static guint64
count_joined (HoneTokenizer *tokenizer,
              GString       *buffer,
              const char    *a,
              const char    *b)
{
  g_string_assign (buffer, a);
  g_string_append (buffer, b);
  return hone_tokenizer_count (tokenizer, buffer->str, buffer->len);
}

/* Jinja's trim: white space (Python's str.strip()) off both ends */
static void
strip (const char  *text,
       const char **start,
       gsize       *len)
{
  const char *end = text + strlen (text);

  while (*text != '\0' && g_unichar_isspace (g_utf8_get_char (text)))
    text = g_utf8_next_char (text);
  while (end > text)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  *start = text;
  *len = end - text;
}

static const HonePromptMessage *
message_at (GArray *messages,
            guint   i)
{
  return &g_array_index (messages, HonePromptMessage, i);
}

static guint64
count_openai (HoneTokenizer *tokenizer,
              GArray        *messages,
              guint64       *per_message)
{
  guint64 total = 3;  /* the reply’s priming */

  for (guint i = 0; i < messages->len; i++)
    {
      const HonePromptMessage *message = message_at (messages, i);

      total += 3 + count_str (tokenizer, hone_template_role_to_string (message->role)) + per_message[i];
    }

  return total;
}

static guint64
count_llama3 (HoneTokenizer *tokenizer,
              GArray        *messages,
              guint64       *per_message)
{
  g_autoptr(GString) buffer = g_string_new (NULL);
  guint64 total = 1;  /* <|begin_of_text|> */
  gboolean has_system = messages->len > 0 &&
                        message_at (messages, 0)->role == HONE_TEMPLATE_ROLE_SYSTEM;

  if (!has_system)
    /* <|start_header_id|>system<|end_header_id|>\n\n + dates + <|eot_id|> */
    total += 3 + count_str (tokenizer, "system") + count_str (tokenizer, "\n\n" LLAMA3_DATES);

  for (guint i = 0; i < messages->len; i++)
    {
      const HonePromptMessage *message = message_at (messages, i);
      const char *start;
      gsize len;

      strip (message->content, &start, &len);
      g_string_assign (buffer, "\n\n");
      if (message->role == HONE_TEMPLATE_ROLE_SYSTEM)
        g_string_append (buffer, LLAMA3_DATES);
      g_string_append_len (buffer, start, len);

      total += 3 + count_str (tokenizer, hone_template_role_to_string (message->role)) +
               hone_tokenizer_count (tokenizer, buffer->str, buffer->len);
    }

  (void) per_message;
  return total;
}

static guint64
count_chatml (HoneTokenizer *tokenizer,
              GArray        *messages,
              gboolean       qwen3)
{
  g_autoptr(GString) buffer = g_string_new (NULL);
  guint64 newline = count_str (tokenizer, "\n");
  guint64 total = 0;
  int last_user = -1;

  if (!qwen3 && (messages->len == 0 || message_at (messages, 0)->role != HONE_TEMPLATE_ROLE_SYSTEM))
    total += 2 + count_str (tokenizer, "system\n" QWEN25_SYSTEM) + newline;

  for (guint i = 0; i < messages->len; i++)
    if (message_at (messages, i)->role == HONE_TEMPLATE_ROLE_USER)
      last_user = i;

  for (guint i = 0; i < messages->len; i++)
    {
      const HonePromptMessage *message = message_at (messages, i);
      const char *role = hone_template_role_to_string (message->role);

      /* <|im_start|> … <|im_end|> and the newline after it */
      total += 2 + newline;

      if (qwen3 && message->role == HONE_TEMPLATE_ROLE_ASSISTANT &&
          (int) i > last_user && i + 1 == messages->len)
        {
          const char *content = message->content;

          while (*content == '\n')
            content++;
          /* ROLE\n <think> \n\n </think> \n\nCONTENT */
          g_string_printf (buffer, "%s\n", role);
          total += hone_tokenizer_count (tokenizer, buffer->str, buffer->len) +
                   1 + count_str (tokenizer, "\n\n") + 1 +
                   count_joined (tokenizer, buffer, "\n\n", content);
        }
      else
        {
          g_string_printf (buffer, "%s\n", role);
          g_string_append (buffer, message->content);
          total += hone_tokenizer_count (tokenizer, buffer->str, buffer->len);
        }
    }

  return total;
}

guint64
hone_chat_format_count (const char        *format,
                        HoneTokenizer     *tokenizer,
                        HoneTemplateStyle  style,
                        GArray            *messages,
                        guint64           *per_message)
{
  g_autofree guint64 *own = NULL;
  guint64 total = 0;

  g_return_val_if_fail (tokenizer != NULL, 0);
  g_return_val_if_fail (messages != NULL, 0);

  if (per_message == NULL)
    per_message = own = g_new0 (guint64, MAX (messages->len, 1));

  for (guint i = 0; i < messages->len; i++)
    per_message[i] = count_str (tokenizer, message_at (messages, i)->content);

  if (style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION)
    {
      for (guint i = 0; i < messages->len; i++)
        if (message_at (messages, i)->role != HONE_TEMPLATE_ROLE_SYSTEM)
          total += per_message[i];
      if (g_strcmp0 (format, "llama3") == 0)
        total += 1;  /* <|begin_of_text|> */
      return total;
    }

  if (g_strcmp0 (format, "llama3") == 0)
    return count_llama3 (tokenizer, messages, per_message);
  if (g_strcmp0 (format, "qwen2.5") == 0)
    return count_chatml (tokenizer, messages, FALSE);
  if (g_strcmp0 (format, "qwen3") == 0)
    return count_chatml (tokenizer, messages, TRUE);

  return count_openai (tokenizer, messages, per_message);
}
