/* test-project-index.c: the list of known projects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-core.h"
#include "hone-test-util.h"

static HoneProjectInfo *
info_at (HoneProjectIndex *index,
         guint             position)
{
  g_autoptr(HoneProjectInfo) info = g_list_model_get_item (hone_project_index_get_model (index), position);
  return info;
}

static void
test_add_remove_persist (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) index_file = hone_test_file (dir, "index.sqlite");
  g_autoptr(HoneProjectIndex) index = NULL;
  g_autoptr(HoneProject) a = hone_test_project_new (dir, "a.hone");
  g_autoptr(HoneProject) b = hone_test_project_new (dir, "b.hone");
  g_autoptr(GError) error = NULL;
  const char *row[] = { "x", "a", "1" };
  HoneProjectInfo *info;

  index = hone_project_index_new (index_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (hone_project_index_get_model (index)), ==, 0);

  g_assert_true (hone_project_set_name (a, "Alpha", &error));
  g_assert_cmpint (hone_project_add_example (a, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, row, &error), >, 0);
  info = hone_project_index_add (index, a, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hone_project_info_get_name (info), ==, "Alpha");
  g_assert_cmpint (hone_project_info_get_n_examples (info), ==, 1);
  g_assert_cmpuint (hone_project_info_get_n_fields (info), ==, 3);
  g_assert_true (hone_project_info_get_available (info));

  /* b was never opened, a was: a comes first */
  g_assert_true (hone_project_set_name (b, "Beta", &error));
  g_assert_nonnull (hone_project_index_add (index, b, FALSE, &error));
  g_assert_cmpuint (g_list_model_get_n_items (hone_project_index_get_model (index)), ==, 2);
  g_assert_cmpstr (hone_project_info_get_name (info_at (index, 0)), ==, "Alpha");

  /* Adding again updates the entry, it does not duplicate it */
  g_assert_true (hone_project_set_name (a, "Alpha 2", &error));
  g_assert_nonnull (hone_project_index_add (index, a, TRUE, &error));
  g_assert_cmpuint (g_list_model_get_n_items (hone_project_index_get_model (index)), ==, 2);
  g_assert_cmpstr (hone_project_info_get_name (hone_project_index_lookup (index, hone_project_get_file (a))), ==, "Alpha 2");

  /* Persisted */
  g_assert_finalize_object (g_steal_pointer (&index));
  index = hone_project_index_new (index_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (hone_project_index_get_model (index)), ==, 2);
  g_assert_cmpstr (hone_project_info_get_name (info_at (index, 0)), ==, "Alpha 2");
  g_assert_cmpstr (hone_project_info_get_name (info_at (index, 1)), ==, "Beta");

  g_assert_true (hone_project_index_remove (index, hone_project_get_file (a), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (hone_project_index_get_model (index)), ==, 1);
  g_assert_null (hone_project_index_lookup (index, hone_project_get_file (a)));
  g_assert_finalize_object (g_steal_pointer (&index));
  index = hone_project_index_new (index_file, &error);
  g_assert_cmpuint (g_list_model_get_n_items (hone_project_index_get_model (index)), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&index));
  g_assert_finalize_object (g_steal_pointer (&a));
  g_assert_finalize_object (g_steal_pointer (&b));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_index_refresh_finish (HONE_PROJECT_INDEX (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_refresh (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) index_file = hone_test_file (dir, "index.sqlite");
  g_autoptr(HoneProjectIndex) index = hone_project_index_new (index_file, NULL);
  g_autoptr(HoneProject) a = hone_test_project_new (dir, "a.hone");
  g_autoptr(HoneProject) b = hone_test_project_new (dir, "b.hone");
  g_autoptr(GFile) b_file = g_object_ref (hone_project_get_file (b));
  g_autoptr(GError) error = NULL;
  const char *row[] = { "x", "a", "1" };
  HoneProjectInfo *info_a, *info_b;
  gboolean done = FALSE;

  info_a = hone_project_index_add (index, a, TRUE, &error);
  info_b = hone_project_index_add (index, b, TRUE, &error);
  g_assert_no_error (error);

  /* Changed behind the index's back (say, by hone-cli) */
  g_assert_true (hone_project_set_name (a, "Changed elsewhere", &error));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (hone_project_add_example (a, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, row, &error), >, 0);
  g_assert_finalize_object (g_steal_pointer (&b));
  g_assert_true (g_file_delete (b_file, NULL, &error));

  hone_project_index_refresh_async (index, NULL, refreshed_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (hone_project_info_get_name (info_a), ==, "Changed elsewhere");
  g_assert_cmpint (hone_project_info_get_n_examples (info_a), ==, 3);
  g_assert_true (hone_project_info_get_available (info_a));
  g_assert_false (hone_project_info_get_available (info_b));
  g_assert_nonnull (hone_project_info_get_problem (info_b));
  g_assert_cmpstr (hone_project_info_get_name (info_b), ==, "Test project");

  /* A change made through the index while a refresh reads the files wins
   * over what the refresh read */
  done = FALSE;
  hone_project_index_refresh_async (index, NULL, refreshed_cb, &done);
  g_assert_true (hone_project_set_name (a, "Renamed meanwhile", &error));
  g_assert_nonnull (hone_project_index_add (index, a, FALSE, &error));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (hone_project_info_get_name (info_a), ==, "Renamed meanwhile");

  /* The blocking variant does the same */
  g_assert_true (hone_project_set_name (a, "Again", &error));
  g_assert_true (hone_project_index_refresh (index, NULL, &error));
  g_assert_cmpstr (hone_project_info_get_name (info_a), ==, "Again");

  g_assert_finalize_object (g_steal_pointer (&index));
  g_assert_finalize_object (g_steal_pointer (&a));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_damaged_index (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) index_file = hone_test_file (dir, "index.sqlite");
  g_autoptr(HoneProjectIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = g_strnfill (8192, 'x');

  memcpy (junk, "SQLite format 3", 16);
  g_file_replace_contents (index_file, junk, 8192, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);

  index = hone_project_index_new (index_file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (index);
  g_assert_cmpuint (g_list_model_get_n_items (hone_project_index_get_model (index)), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&index));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_default_locations (void)
{
  g_autoptr(GFile) file = hone_project_index_get_default_file ();
  g_autoptr(GFile) dir = hone_project_index_get_default_projects_dir ();
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *dir_path = g_file_get_path (dir);

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (path, "/hone/projects.sqlite"));
  g_assert_true (g_str_has_suffix (dir_path, "/hone/projects"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/index/add-remove-persist", test_add_remove_persist);
  g_test_add_func ("/index/refresh", test_refresh);
  g_test_add_func ("/index/damaged", test_damaged_index);
  g_test_add_func ("/index/default-locations", test_default_locations);

  return g_test_run ();
}
