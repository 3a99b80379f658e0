/* test-fuzz-regressions.c: every fuzz seed and every input the fuzzers
 * ever found, through the same code as the fuzz targets (fuzz/)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

/* The targets' code, without libFuzzer's entry point */
#define HONE_FUZZ_NO_ENTRY
#include "../../fuzz/fuzz-csv-reader.c"
#include "../../fuzz/fuzz-jsonl-reader.c"
#include "../../fuzz/fuzz-template.c"

typedef int (*FuzzFunc) (const uint8_t *data,
                         size_t         size);

static guint
run_dir (const char *dir,
         FuzzFunc    func,
         FuzzFunc    other)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;
      g_autoptr(GError) error = NULL;

      if (name[0] == '.' || g_str_has_suffix (name, ".md"))
        continue;

      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      g_test_message ("%s (%" G_GSIZE_FORMAT " bytes)", path, len);

      func ((const uint8_t *) contents, len);
      /* The other reader gets it too: it is a strange file for it */
      other ((const uint8_t *) contents, len);
      n++;
    }

  return n;
}

static const char *
source_root (void)
{
  const char *root = g_getenv ("HONE_SOURCE_ROOT");

  if (root == NULL)
    g_error ("HONE_SOURCE_ROOT must name the source tree; run this test with meson test");
  return root;
}

static void
test_target (gconstpointer data)
{
  const char *target = data;
  FuzzFunc func = g_str_equal (target, "csv-reader") ? hone_fuzz_csv_reader
                : g_str_equal (target, "template") ? hone_fuzz_template : hone_fuzz_jsonl_reader;
  FuzzFunc other = func == hone_fuzz_csv_reader ? hone_fuzz_jsonl_reader : hone_fuzz_csv_reader;
  g_autofree char *corpus = g_build_filename (source_root (), "fuzz", "corpus", target, NULL);
  g_autofree char *regressions = g_build_filename (source_root (), "fuzz", "regressions", target, NULL);
  guint n_corpus = run_dir (corpus, func, other);
  guint n_regressions = run_dir (regressions, func, other);

  g_test_message ("%s: %u seeds, %u regressions", target, n_corpus, n_regressions);
  g_assert_cmpuint (n_corpus, >=, 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/fuzz-regressions/csv-reader", "csv-reader", test_target);
  g_test_add_data_func ("/fuzz-regressions/jsonl-reader", "jsonl-reader", test_target);
  g_test_add_data_func ("/fuzz-regressions/template", "template", test_target);

  return g_test_run ();
}
