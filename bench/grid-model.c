/* bench/grid-model: the example model over a project of a million examples
 *
 *   grid-model [--examples N] [--project FILE]
 *
 * Builds a project of N examples (1,000,000 by default; reused when FILE
 * already holds one of that size) with four fields (long text, label,
 * number, yes/no), then times what the Examples grid asks of the model:
 * creating it (the count), the first and the last page, a page in the
 * middle, sorts, filters, a find, an edit, and the same after a deletion
 * (which turns the id range into an id list). Prints the process's peak
 * and current resident memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "hone-core.h"

static const char * const words[] = {
  "the", "quarterly", "results", "show", "growth", "in", "every", "region", "and", "our",
  "customers", "new", "product", "line", "will", "launch", "next", "month", "with", "a",
  "press", "release", "about", "fox", "Lazy", "dog", "writer", "drafts", "École", "naïve",
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static long
rss_kib (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, key);
  if (line == NULL)
    return -1;
  return strtol (line + strlen (key), NULL, 10);
}

static void
print_memory (const char *when)
{
  printf ("  memory %-34s current %6.1f MiB   peak %6.1f MiB\n", when,
          rss_kib ("VmRSS:") / 1024.0, rss_kib ("VmHWM:") / 1024.0);
}

static void
report (const char *what,
        double      ms)
{
  printf ("  %-42s %9.2f ms\n", what, ms);
}

static void
build (GFile *file,
       guint  n)
{
  static const char * const labels[] = { "positive", "negative", "neutral", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = hone_project_create (file, "Grid benchmark", &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GString *text = g_string_new (NULL);
  double t0;

  g_assert_no_error (error);
  hone_project_add_field (project, "text", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error);
  hone_project_add_field (project, "label", HONE_FIELD_KIND_LABEL, "", labels, &error);
  hone_project_add_field (project, "score", HONE_FIELD_KIND_NUMBER, "", NULL, &error);
  hone_project_add_field (project, "done", HONE_FIELD_KIND_YES_NO, "", NULL, &error);
  g_assert_no_error (error);

  t0 = now_ms ();
  hone_project_begin (project, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      char score[32];
      const char *values[4];
      guint n_words = g_rand_int_range (rand, 10, 40);

      g_string_truncate (text, 0);
      g_string_append_printf (text, "Example %u:", i + 1);
      for (guint w = 0; w < n_words; w++)
        {
          g_string_append_c (text, ' ');
          g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
        }
      g_snprintf (score, sizeof score, "%d", g_rand_int_range (rand, -500, 1000));

      values[0] = text->str;
      values[1] = labels[g_rand_int_range (rand, 0, 3)];
      values[2] = i % 7 == 0 ? NULL : score;
      values[3] = g_rand_boolean (rand) ? "yes" : "no";
      if (hone_project_add_example (project, i % 10 == 0 ? HONE_SPLIT_VALIDATION : HONE_SPLIT_TRAIN,
                                    HONE_EXAMPLE_SOURCE_IMPORTED, values, &error) == 0)
        g_error ("%s", error->message);
    }
  hone_project_commit (project, &error);
  g_assert_no_error (error);
  report ("building the project (add_example)", now_ms () - t0);
  g_string_free (text, TRUE);
}

static void
get (HoneExampleModel *model,
     guint             position,
     const char       *what)
{
  double t0 = now_ms ();
  g_autoptr(HoneExample) example = g_list_model_get_item (G_LIST_MODEL (model), position);

  report (what, now_ms () - t0);
  g_assert_nonnull (example);
  g_assert_cmpint (hone_example_get_id (example), !=, 0);
}

static void
query (HoneExampleModel *model,
       HoneExampleQuery *q,
       const char       *what)
{
  g_autofree char *label = NULL;
  double t0 = now_ms ();

  hone_example_model_set_query (model, q);
  label = g_strdup_printf ("%s (%u rows)", what, g_list_model_get_n_items (G_LIST_MODEL (model)));
  report (label, now_ms () - t0);
}

static void
bench_model (HoneProject *project,
             const char  *heading)
{
  g_autoptr(HoneExampleModel) model = NULL;
  g_autoptr(HoneExampleQuery) q = hone_example_query_new ();
  HoneField *text = hone_project_find_field (project, "text");
  HoneField *score = hone_project_find_field (project, "score");
  g_autoptr(GError) error = NULL;
  guint n, position = 0;
  double t0;

  printf ("%s\n", heading);
  t0 = now_ms ();
  model = hone_example_model_new (project);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  report ("create the model (count)", now_ms () - t0);
  get (model, n - 1, "last item, right after creating it");
  get (model, 0, "first item");
  get (model, n / 2, "an item in the middle");
  get (model, n / 2 + 1, "the next item (same page)");
  print_memory ("with the model");

  hone_example_query_set_sort (q, HONE_EXAMPLE_SORT_FIELD, hone_field_get_id (text), FALSE);
  query (model, q, "sort by text");
  get (model, n - 1, "last item, sorted by text");
  hone_example_query_set_sort (q, HONE_EXAMPLE_SORT_FIELD, hone_field_get_id (score), TRUE);
  query (model, q, "sort by number, descending");
  hone_example_query_set_sort (q, HONE_EXAMPLE_SORT_SPLIT, 0, FALSE);
  query (model, q, "sort by split");
  hone_example_query_set_sort (q, HONE_EXAMPLE_SORT_ID, 0, TRUE);
  query (model, q, "sort by id, descending");
  hone_example_query_set_sort (q, HONE_EXAMPLE_SORT_ID, 0, FALSE);
  hone_example_query_set_split (q, HONE_SPLIT_VALIDATION);
  query (model, q, "filter: validation split");
  hone_example_query_set_split (q, HONE_SPLIT_ANY);
  hone_example_query_set_text (q, "Quarterly RESULTS", 0);
  query (model, q, "filter: text in any field");
  hone_example_query_set_text (q, "école", hone_field_get_id (text));
  query (model, q, "filter: text in one field");
  get (model, 0, "first item, filtered");
  print_memory ("after sorts and filters");

  hone_example_query_set_text (q, NULL, 0);
  query (model, q, "back to every example by id");
  t0 = now_ms ();
  hone_example_model_find (model, "naïve dog", 0, n / 3, FALSE, &position);
  report ("find (first search)", now_ms () - t0);
  t0 = now_ms ();
  hone_example_model_find (model, "naïve dog", 0, position + 1, FALSE, &position);
  report ("find next", now_ms () - t0);

  t0 = now_ms ();
  hone_project_set_value (project, hone_example_model_get_id (model, n / 2), hone_field_get_id (score), "7", &error);
  g_assert_no_error (error);
  report ("edit one value (save + items-changed)", now_ms () - t0);
  print_memory ("at the end");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int n_examples = 1000000;
  GOptionEntry entries[] = {
    { "examples", 0, 0, G_OPTION_ARG_INT, &n_examples, "How many examples (1000000)", "N" },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &path, "Project file to build or reuse", "FILE" },
    { NULL }
  };
  double t0;

  context = g_option_context_new ("— time the example model on a large project");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (path == NULL)
    {
      dir = g_dir_make_tmp ("hone-grid-model-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "grid.hone", NULL);
    }
  file = g_file_new_for_path (path);

  printf ("bench/grid-model: %d examples in %s\n", n_examples, path);
  print_memory ("at start");

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
      g_assert_no_error (error);
      if (hone_project_count_examples (project, HONE_SPLIT_ANY, NULL) != n_examples)
        g_error ("%s does not hold %d examples", path, n_examples);
      g_clear_object (&project);
    }
  else
    build (file, n_examples);

  t0 = now_ms ();
  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  report ("open the project", now_ms () - t0);
  print_memory ("project open, no model");

  bench_model (project, "Every id present (the ids are a range):");

  /* One deletion in the middle: the model then needs a list of ids. It
   * is undone at the end, so that a reused project file keeps its size. */
  {
    g_autoptr(HoneUndoStack) undo = hone_undo_stack_new (project);
    g_autoptr(HoneExampleModel) model = hone_example_model_new (project);
    gint64 id = hone_example_model_get_id (model, n_examples / 3);

    g_clear_object (&model);
    hone_project_delete_examples (project, &id, 1, &error);
    g_assert_no_error (error);

    bench_model (project, "After one deletion (a list of ids):");

    t0 = now_ms ();
    hone_undo_stack_undo (undo, &error);
    g_assert_no_error (error);
    report ("undo the deletion", now_ms () - t0);
  }

  {
    struct rusage usage;

    getrusage (RUSAGE_SELF, &usage);
    printf ("peak RSS of the process: %.1f MiB\n", usage.ru_maxrss / 1024.0);
  }

  g_clear_object (&project);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }

  return 0;
}
