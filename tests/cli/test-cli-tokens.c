/* test-cli-tokens.c: hone-cli tokens
 *
 * Token ids and counts expected here are tiktoken@1.0.22's for the same
 * text, and for qwen2 Hugging Face tokenizers' with Qwen3's tokenizer.json
 * (see tests/core/test-tokenizer.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

typedef struct {
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
run_cli (Result             *result,
         const char         *input,
         gssize              input_len,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("HONE_CLI");

  if (cli == NULL)
    g_error ("HONE_CLI must name the hone-cli binary to test; run this test with meson test");

  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  in = g_bytes_new (input, input_len < 0 ? strlen (input) : (gsize) input_len);
  g_subprocess_communicate (process, in, NULL, &out, &err, &error);
  g_assert_no_error (error);

  result->status = g_subprocess_get_exit_status (process);
  /* (an empty GBytes has no data: g_strndup() would give NULL) */
  result->out = g_strndup (g_bytes_get_size (out) > 0 ? g_bytes_get_data (out, NULL) : "", g_bytes_get_size (out));
  result->err = g_strndup (g_bytes_get_size (err) > 0 ? g_bytes_get_data (err, NULL) : "", g_bytes_get_size (err));
}

#define RUN(result, input, ...) \
  run_cli ((result), (input), -1, (const char * const []) { __VA_ARGS__, NULL })

static void
test_count (void)
{
  {
    g_auto(Result) r = { 0 };

    RUN (&r, "hello world", "tokens", "--encoding", "cl100k_base");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "2\n");
    g_assert_cmpstr (r.err, ==, "");
  }
  {
    /* o200k_base is the default; line breaks are counted */
    g_auto(Result) r = { 0 };

    RUN (&r, "Hello world  \n\n  x", "tokens");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "5\n");
  }
  {
    g_auto(Result) r = { 0 };

    RUN (&r, "Hello world  \n\n  x", "tokens", "-e", "cl100k_base", "--ids");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "9906 1917 19124 220 865\n");
  }
  {
    /* Special tokens' text is text */
    g_auto(Result) r = { 0 };

    RUN (&r, "<|endoftext|>", "tokens", "--encoding", "o200k_base", "--ids");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "27 91 419 1440 919 91 29\n");
  }
  {
    g_auto(Result) r = { 0 };

    RUN (&r, "", "tokens");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "0\n");
  }
  {
    /* Not UTF-8: counted with U+FFFD, and said */
    g_auto(Result) r = { 0 };

    RUN (&r, "\xff", "tokens", "-e", "cl100k_base", "--ids");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "5809\n");
    g_assert_nonnull (strstr (r.err, "not UTF-8"));
  }
}

static void
test_batch (void)
{
  g_auto(Result) r = { 0 };
  g_auto(GStrv) lines = NULL;
  const char *input =
    "{\"text\": \"hello world\"}\n"
    "{\"text\": \"don't DON'T\", \"id\": 7}\r\n"
    "not json\n"
    "[1, 2]\n"
    "{\"txt\": \"x\"}\n"
    "{\"text\": 12}\n"
    "\n"
    "{\"text\": \"\"}\n"
    "{\"text\": \"a\\nb\\u00e9 \\ud83d\\ude00\"}\n"
    "{\"text\": \"\xff\"}\n"
    "{\"text\": \"last line without a line feed\"}";

  run_cli (&r, input, -1, (const char * const []) { "tokens", "--batch", "--encoding", "cl100k_base", NULL });

  /* A bad line gives an error line and the rest is counted */
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 12);
  g_assert_cmpstr (lines[0], ==, "{\"count\":2}");
  g_assert_cmpstr (lines[1], ==, "{\"count\":4}");
  g_assert_true (g_str_has_prefix (lines[2], "{\"error\":\"This line is not JSON"));
  g_assert_true (g_str_has_prefix (lines[3], "{\"error\":\"Each line must be an object"));
  g_assert_cmpstr (lines[4], ==, "{\"error\":\"This line has no \\\"text\\\".\"}");
  g_assert_cmpstr (lines[5], ==, "{\"error\":\"The \\\"text\\\" of this line is not a string.\"}");
  g_assert_true (g_str_has_prefix (lines[6], "{\"error\":"));
  g_assert_cmpstr (lines[7], ==, "{\"count\":0}");
  g_assert_cmpstr (lines[8], ==, "{\"count\":4}");
  g_assert_cmpstr (lines[9], ==, "{\"error\":\"This line is not UTF-8 text.\"}");
  g_assert_cmpstr (lines[10], ==, "{\"count\":6}");
  g_assert_cmpstr (lines[11], ==, "");

  /* Every output line is JSON */
  for (guint i = 0; i < 11; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
    }

  g_assert_nonnull (strstr (r.err, "6 of 11 lines"));
}

static void
test_batch_ids (void)
{
  g_auto(Result) r = { 0 };

  RUN (&r, "{\"text\": \"it's 12345\"}\n{\"text\": \"东京\"}\n", "tokens", "--batch", "--ids", "-e", "o200k_base");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");

  {
    g_autoptr(GArray) want = NULL;
    g_auto(GStrv) lines = g_strsplit (r.out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        g_autoptr(GError) error = NULL;
        JsonObject *object;
        JsonArray *ids;

        json_parser_load_from_data (parser, lines[i], -1, &error);
        g_assert_no_error (error);
        object = json_node_get_object (json_parser_get_root (parser));
        ids = json_object_get_array_member (object, "ids");
        g_assert_cmpint (json_object_get_int_member (object, "count"), ==, json_array_get_length (ids));
        if (i == 0)
          {
            /* "it's" " " "123" "45" */
            g_assert_cmpuint (json_array_get_length (ids), ==, 4);
            g_assert_cmpint (json_array_get_int_element (ids, 2), ==, 7633);
          }
      }
  }
}

/* qwen2 is exact; llama3 is an estimate and says so */
static void
test_open_models (void)
{
  {
    g_auto(Result) r = { 0 };

    /* e + U+0301 is é in NFC: “ é” is one token, as Hugging Face gives it */
    RUN (&r, "hello world e\xcc\x81", "tokens", "--encoding", "qwen2", "--ids");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "14990 1879 3958\n");
    g_assert_cmpstr (r.err, ==, "");
  }
  {
    g_auto(Result) r = { 0 };

    RUN (&r, "{\"text\": \"<|im_start|>user\"}\n", "tokens", "--batch", "-e", "qwen2");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "{\"count\":7}\n");
  }
  {
    g_auto(Result) r = { 0 };

    /* cl100k_base's count, and a warning that it is an estimate */
    RUN (&r, "hello world", "tokens", "--encoding", "llama3");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "2\n");
    g_assert_nonnull (strstr (r.err, "estimate"));
  }
  {
    g_auto(Result) r = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) lines = NULL;
    JsonObject *object;

    RUN (&r, "{\"text\": \"hello world\"}\n{\"text\": \"it's\"}\n", "tokens", "--batch", "--encoding", "llama3");
    g_assert_cmpint (r.status, ==, 0);
    lines = g_strsplit (r.out, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    g_assert_cmpstr (lines[0], ==, "{\"count\":2,\"exact\":false}");
    g_assert_cmpstr (lines[1], ==, "{\"count\":2,\"exact\":false}");

    json_parser_load_from_data (parser, lines[0], -1, &error);
    g_assert_no_error (error);
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_false (json_object_get_boolean_member (object, "exact"));
  }
  {
    g_auto(Result) r = { 0 };

    RUN (&r, "{\"text\": \"hello world\"}\n", "tokens", "--batch", "--ids", "--encoding", "llama3");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "{\"count\":2,\"exact\":false,\"ids\":[15339,1917]}\n");
  }
}

static void
test_usage (void)
{
  {
    g_auto(Result) r = { 0 };

    RUN (&r, "x", "tokens", "--encoding", "gpt2");
    g_assert_cmpint (r.status, ==, 2);
    g_assert_cmpstr (r.out, ==, "");
    g_assert_nonnull (strstr (r.err, "gpt2"));
    g_assert_nonnull (strstr (r.err, "cl100k_base, o200k_base, qwen2, llama3"));
  }
  {
    g_auto(Result) r = { 0 };

    RUN (&r, "x", "tokens", "file.txt");
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "file.txt"));
  }
  {
    g_auto(Result) r = { 0 };

    RUN (&r, "", "tokens", "--help");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "--batch"));
    g_assert_nonnull (strstr (r.out, "--encoding"));
  }
  {
    /* Listed among the commands */
    g_auto(Result) r = { 0 };

    RUN (&r, "", "--help");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "tokens"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/tokens/count", test_count);
  g_test_add_func ("/cli/tokens/batch", test_batch);
  g_test_add_func ("/cli/tokens/batch-ids", test_batch_ids);
  g_test_add_func ("/cli/tokens/open-models", test_open_models);
  g_test_add_func ("/cli/tokens/usage", test_usage);

  return g_test_run ();
}
