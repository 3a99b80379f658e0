/* hone-cli-tokens.c: counting tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "hone-core.h"
#include "hone-tokenizer.h"

#include "hone-cli-private.h"

#define DEFAULT_ENCODING "o200k_base"

static void
print_ids (GString *out,
           GArray  *ids,
           char     separator)
{
  for (guint i = 0; i < ids->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, separator);
      g_string_append_printf (out, "%u", g_array_index (ids, guint32, i));
    }
}

/* {"error":"…"} on one line */
static void
print_error_line (const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

/* The "text" of one line of --batch input, or NULL with @message set */
static char *
read_batch_line (JsonParser  *parser,
                 const char  *line,
                 gsize        len,
                 char       **message)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root, *text;
  JsonObject *object;

  if (!g_utf8_validate_len (line, len, NULL))
    {
      *message = g_strdup (_("This line is not UTF-8 text."));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, line, len, &error))
    {
      /* Translators: %s says what is wrong, from the JSON reader */
      *message = g_strdup_printf (_("This line is not JSON: %s"), error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *message = g_strdup (_("Each line must be an object like {\"text\": \"…\"}."));
      return NULL;
    }

  object = json_node_get_object (root);
  text = json_object_get_member (object, "text");
  if (text == NULL)
    {
      *message = g_strdup (_("This line has no \"text\"."));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (text) || json_node_get_value_type (text) != G_TYPE_STRING)
    {
      *message = g_strdup (_("The \"text\" of this line is not a string."));
      return NULL;
    }

  return json_node_dup_string (text);
}

/* An estimating tokenizer's lines say so: {"count":N,"exact":false} */
static const char *
exact_member (HoneTokenizer *tokenizer)
{
  return hone_tokenizer_is_exact (tokenizer) ? "" : ",\"exact\":false";
}

static int
count_batch (HoneTokenizer *tokenizer,
             gboolean       with_ids)
{
  g_autoptr(GInputStream) base = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GDataInputStream) input = g_data_input_stream_new (base);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GString) out = g_string_new (NULL);
  guint64 n_lines = 0, n_bad = 0;

  g_data_input_stream_set_newline_type (input, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (input), 256 * 1024);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;
      g_autofree char *text = NULL;
      g_autofree char *message = NULL;
      gsize len = 0;

      /* Whoever writes a line and waits for its answer gets it */
      if (g_buffered_input_stream_get_available (G_BUFFERED_INPUT_STREAM (input)) == 0)
        fflush (stdout);

      line = g_data_input_stream_read_line (input, &len, NULL, &error);
      if (line == NULL)
        {
          if (error != NULL)
            return hone_cli_fail (error);
          break;
        }

      n_lines++;
      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';

      text = read_batch_line (parser, line, len, &message);
      if (text == NULL)
        {
          n_bad++;
          print_error_line (message);
          continue;
        }

      g_string_truncate (out, 0);
      if (with_ids)
        {
          g_autoptr(GArray) ids = hone_tokenizer_encode (tokenizer, text, -1);

          g_string_append_printf (out, "{\"count\":%u%s,\"ids\":[", ids->len, exact_member (tokenizer));
          print_ids (out, ids, ',');
          g_string_append (out, "]}\n");
        }
      else
        g_string_append_printf (out, "{\"count\":%" G_GSIZE_FORMAT "%s}\n",
                                hone_tokenizer_count (tokenizer, text, -1), exact_member (tokenizer));
      fwrite (out->str, 1, out->len, stdout);
    }

  fflush (stdout);

  if (n_bad > 0)
    {
      /* Translators: the first number says how many lines; the plural is chosen by it */
      hone_cli_warn (g_dngettext (GETTEXT_PACKAGE,
                                  "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " lines could not be read; its output line is an {\"error\": …}.",
                                  "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " lines could not be read; their output lines are {\"error\": …}.",
                                  n_bad),
                     n_bad, n_lines);
    }

  /* Like render --batch: the error lines are the answer, not a failure */
  return HONE_CLI_EXIT_OK;
}

static int
count_all (HoneTokenizer *tokenizer,
           gboolean       with_ids)
{
  g_autoptr(GInputStream) input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      guint8 buffer[64 * 1024];
      gssize n = g_input_stream_read (input, buffer, sizeof buffer, NULL, &error);

      if (n < 0)
        return hone_cli_fail (error);
      if (n == 0)
        break;
      g_byte_array_append (data, buffer, n);
    }

  if (!g_utf8_validate_len ((const char *) data->data, data->len, NULL) &&
      memchr (data->data, '\0', data->len) == NULL)
    hone_cli_warn (_("The input is not UTF-8 text: each bad byte sequence was counted as one “�”."));

  if (!hone_tokenizer_is_exact (tokenizer))
    /* Translators: %s is the name of a tokenizer, like “llama3” */
    hone_cli_warn (_("“%s” is an estimate: the number may be higher than the model's own count."),
                   hone_tokenizer_get_name (tokenizer));

  if (with_ids)
    {
      g_autoptr(GArray) ids = hone_tokenizer_encode (tokenizer, (const char *) data->data, data->len);

      print_ids (out, ids, ' ');
    }
  else
    g_string_append_printf (out, "%" G_GSIZE_FORMAT,
                            hone_tokenizer_count (tokenizer, (const char *) data->data, data->len));

  g_string_append_c (out, '\n');
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);

  return HONE_CLI_EXIT_OK;
}

int
hone_cli_tokens (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *known = NULL;
  g_autofree char *summary = NULL;
  gboolean batch = FALSE;
  gboolean with_ids = FALSE;
  HoneTokenizer *tokenizer;
  const GOptionEntry entries[] = {
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &encoding,
      N_("The tokenizer: o200k_base (GPT-4o, GPT-4.1; the default), cl100k_base (GPT-4, GPT-3.5), qwen2 (Qwen2.5, Qwen3) or llama3 (an estimate)"), N_("NAME") },
    { "batch", 'b', 0, G_OPTION_ARG_NONE, &batch,
      N_("Read JSON lines {\"text\": \"…\"} and write one {\"count\": N} line for each"), NULL },
    { "ids", 0, 0, G_OPTION_ARG_NONE, &with_ids,
      N_("Print the token ids instead of their number (with --batch: as \"ids\" beside \"count\")"), NULL },
    { NULL }
  };

  known = g_strjoinv (", ", (char **) hone_tokenizer_list_encodings ());
  summary = g_strdup_printf (_("Count the tokens of the text on standard input, exactly as OpenAI or Qwen\n"
                               "counts them, and print the number. Special tokens are not recognized:\n"
                               "“<|endoftext|>” in the text is counted as the characters it is made of.\n"
                               "With --batch each line of input is a JSON object with a \"text\"; each line of\n"
                               "output is {\"count\": N} for it, or {\"error\": \"…\"} when the line cannot be read\n"
                               "(the other lines are still counted). An estimating tokenizer (llama3: Hone\n"
                               "cannot ship Llama 3's, and counts with cl100k_base) adds \"exact\": false.\n"
                               "Tokenizers: %s."),
                             known);

  context = hone_cli_option_context_new (argv[0], NULL, summary, entries);
  if (!hone_cli_parse_options (context, argv[0], &argc, &argv))
    return HONE_CLI_EXIT_USAGE;

  if (argc > 1)
    return hone_cli_usage_error (argv[0], _("“tokens” reads standard input and takes no file: “%s” is one too many."), argv[1]);

  tokenizer = hone_tokenizer_get (encoding != NULL ? encoding : DEFAULT_ENCODING, &error);
  if (tokenizer == NULL)
    {
      if (g_error_matches (error, HONE_ERROR, HONE_ERROR_NOT_FOUND))
        return hone_cli_usage_error (argv[0], "%s", error->message);
      return hone_cli_fail (error);
    }

  if (batch)
    return count_batch (tokenizer, with_ids);

  return count_all (tokenizer, with_ids);
}
