/* test-tokenizer-tiktoken.c: Hone's token counts against tiktoken's
 *
 * Generates a multilingual corpus (gen-tokens-corpus: over 1 MB of mixed
 * text, then every code point of the BMP and of the assigned supplementary
 * blocks in a few telling contexts), has tiktoken@1.0.22 from npm (the WASM
 * build of OpenAI's Rust tokenizer) encode every line with cl100k_base and
 * o200k_base (tiktoken-oracle.cjs), and compares, line by line, the number of
 * tokens and a hash of the token ids with Hone's. Every line must match.
 *
 * Needs node and the package in the oracle cache; without them the test is
 * skipped (exit status 77) and says how to install them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "hone-core.h"
#include "hone-pretokenizer.h"
#include "hone-tokenizer.h"
#include "hone-tokenizer-private.h"

#define TIKTOKEN_VERSION "1.0.22"
#define SKIP 77
#define MAX_REPORTED 12

static const char * const encoding_names[] = { "cl100k_base", "o200k_base" };

static char *
oracle_dir (void)
{
  const char *dir = g_getenv ("HONE_ORACLES_DIR");

  if (dir != NULL && dir[0] != '\0')
    return g_strdup (dir);

  return g_build_filename (g_get_user_cache_dir (), "hone-oracles", NULL);
}

static int
skip (const char *why,
      const char *dir)
{
  g_print ("SKIP: %s\n"
           "To run this test, install Node.js and the oracle package:\n"
           "  sudo apt-get install --no-install-recommends nodejs npm\n"
           "  npm install --prefix %s tiktoken@" TIKTOKEN_VERSION "\n"
           "(build-aux/dev.sh test does both.)\n",
           why, dir);
  return SKIP;
}

static guint32
fnv1a (GArray *ids)
{
  guint32 h = 0x811C9DC5u;

  for (guint i = 0; i < ids->len; i++)
    h = (h ^ g_array_index (ids, guint32, i)) * 0x01000193u;

  return h;
}

static char *
run (const char * const  *argv,
     GBytes              *input,
     GError             **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  if (input != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;

  process = g_subprocess_newv (argv, flags, error);
  if (process == NULL)
    return NULL;

  if (!g_subprocess_communicate (process, input, NULL, &out, &err, error))
    return NULL;

  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %.*s", argv[0],
                   (int) MIN (g_bytes_get_size (err), 2000), (const char *) g_bytes_get_data (err, NULL));
      return NULL;
    }

  return g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
}

/* A line of the corpus for a person: escaped, cut if long */
static char *
describe (const char *text)
{
  g_autofree char *cut = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 160));

  return g_strescape (cut, NULL);
}

static void
report_pieces (HoneTokenizer *tokenizer,
               const char    *text)
{
  HonePretokenizer kind = hone_tokenizer_get_pretokenizer (tokenizer);
  g_auto(GStrv) pieces = hone_pretokenizer_split (kind, text, -1);
  g_autoptr(GString) line = g_string_new ("    Hone's pieces:");

  for (guint i = 0; pieces[i] != NULL && i < 40; i++)
    {
      g_autofree char *escaped = g_strescape (pieces[i], NULL);
      g_string_append_printf (line, " \"%s\"", escaped);
    }
  g_print ("%s\n", line->str);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = oracle_dir ();
  g_autofree char *package = NULL;
  g_autofree char *package_json = NULL;
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *corpus = NULL;
  g_autofree char *oracle_out = NULL;
  g_auto(GStrv) corpus_lines = NULL;
  g_auto(GStrv) oracle_lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  HoneTokenizer *tokenizers[G_N_ELEMENTS (encoding_names)];
  const char *generator = g_getenv ("HONE_GEN_TOKENS_CORPUS");
  const char *script = g_getenv ("HONE_TIKTOKEN_ORACLE");
  guint64 n_lines = 0, n_bytes = 0, n_tokens[G_N_ELEMENTS (encoding_names)] = { 0 };
  guint n_bad = 0;
  double oracle_seconds = 0;
  gint64 hone_time = 0;
  guint max_reported = MAX_REPORTED;

  /* HONE_TEST_MAX_REPORTED=N: list more mismatches */
  if (g_getenv ("HONE_TEST_MAX_REPORTED") != NULL)
    max_reported = atoi (g_getenv ("HONE_TEST_MAX_REPORTED"));

  g_assert_nonnull (generator);
  g_assert_nonnull (script);

  if (node == NULL)
    return skip ("node is not installed.", dir);

  package = g_build_filename (dir, "node_modules", "tiktoken", "package.json", NULL);
  if (!g_file_get_contents (package, &package_json, NULL, NULL))
    return skip ("tiktoken is not installed in the oracle cache.", dir);
  if (strstr (package_json, "\"version\": \"" TIKTOKEN_VERSION "\"") == NULL)
    return skip ("the oracle cache has another version of tiktoken.", dir);

  for (guint e = 0; e < G_N_ELEMENTS (encoding_names); e++)
    {
      tokenizers[e] = hone_tokenizer_get (encoding_names[e], &error);
      g_assert_no_error (error);
    }

  /* The corpus (HONE_TEST_CORPUS=FILE.jsonl: that file instead) */
  if (g_getenv ("HONE_TEST_CORPUS") != NULL)
    {
      g_file_get_contents (g_getenv ("HONE_TEST_CORPUS"), &corpus, NULL, &error);
      g_assert_no_error (error);
    }
  else
    {
      const char * const gen_argv[] = { generator, "--bytes", "1200000", "--sweep", NULL };

      corpus = run (gen_argv, NULL, &error);
      g_assert_no_error (error);
    }

  /* tiktoken's counts */
  {
    g_autoptr(GBytes) input = g_bytes_new_static (corpus, strlen (corpus));
    const char * const node_argv[] = { node, script, dir, encoding_names[0], encoding_names[1], NULL };

    oracle_out = run (node_argv, input, &error);
    g_assert_no_error (error);
  }

  corpus_lines = g_strsplit (corpus, "\n", -1);
  oracle_lines = g_strsplit (oracle_out, "\n", -1);

  for (guint i = 0; corpus_lines[i] != NULL && corpus_lines[i][0] != '\0'; i++)
    {
      const char *text;
      g_auto(GStrv) fields = NULL;

      g_assert_nonnull (oracle_lines[i]);
      fields = g_strsplit (oracle_lines[i], " ", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 2 * G_N_ELEMENTS (encoding_names));

      json_parser_load_from_data (parser, corpus_lines[i], -1, &error);
      g_assert_no_error (error);
      text = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "text");
      n_lines++;
      n_bytes += strlen (text);

      for (guint e = 0; e < G_N_ELEMENTS (encoding_names); e++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autoptr(GArray) ids = hone_tokenizer_encode (tokenizers[e], text, -1);
          gsize count = hone_tokenizer_count (tokenizers[e], text, -1);
          guint64 want_count = g_ascii_strtoull (fields[2 * e], NULL, 10);
          guint64 want_hash = g_ascii_strtoull (fields[2 * e + 1], NULL, 10);

          hone_time += g_get_monotonic_time () - start;
          n_tokens[e] += want_count;

          if (count != ids->len || ids->len != want_count || fnv1a (ids) != want_hash)
            {
              if (n_bad < max_reported)
                {
                  g_autofree char *shown = describe (text);

                  g_print ("MISMATCH line %u, %s: Hone %u tokens (count %" G_GSIZE_FORMAT ", hash %u), "
                           "tiktoken %" G_GUINT64_FORMAT " (hash %" G_GUINT64_FORMAT ")\n    \"%s\"\n",
                           i + 1, encoding_names[e], ids->len, count, fnv1a (ids), want_count, want_hash, shown);
                  report_pieces (tokenizers[e], text);
                }
              n_bad++;
            }
        }
    }

  /* The oracle's last line is its time */
  for (guint i = n_lines; oracle_lines[i] != NULL; i++)
    if (g_str_has_prefix (oracle_lines[i], "# seconds "))
      oracle_seconds = g_ascii_strtod (oracle_lines[i] + strlen ("# seconds "), NULL);

  g_print ("%" G_GUINT64_FORMAT " lines, %" G_GUINT64_FORMAT " bytes of text; "
           "tokens: cl100k_base %" G_GUINT64_FORMAT ", o200k_base %" G_GUINT64_FORMAT "; "
           "mismatches: %u (Hone %.2f s, tiktoken %.2f s, encoding and counting)\n",
           n_lines, n_bytes, n_tokens[0], n_tokens[1], n_bad, hone_time / 1e6, oracle_seconds);

  g_assert_cmpuint (n_lines, >, 5000);
  g_assert_cmpuint (n_bytes, >=, 1000 * 1000);

  return n_bad == 0 ? 0 : 1;
}
