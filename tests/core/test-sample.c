/* test-sample.c: the bundled sample project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-core.h"
#include "hone-test-util.h"

static void
test_sample (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) file = hone_test_file (dir, "sample.hone");
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = hone_sample_create (file, &error);
  g_autoptr(GPtrArray) examples = NULL;
  gint64 n, n_train, n_validation;

  g_assert_no_error (error);
  g_assert_cmpstr (hone_project_get_name (project), ==, hone_sample_get_name ());
  g_assert_cmpstr (hone_project_get_description (project), !=, "");

  n = hone_project_count_examples (project, HONE_SPLIT_ANY, &error);
  n_train = hone_project_count_examples (project, HONE_SPLIT_TRAIN, &error);
  n_validation = hone_project_count_examples (project, HONE_SPLIT_VALIDATION, &error);
  g_assert_cmpint (n, >=, 20);
  g_assert_cmpint (n, <=, 40);
  g_assert_cmpint (n_train, >, n_validation);
  g_assert_cmpint (n_validation, >, 0);

  /* Every kind of field is there */
  {
    gboolean seen[HONE_FIELD_KIND_YES_NO + 1] = { FALSE, };
    for (guint i = 0; i < hone_project_get_n_fields (project); i++)
      seen[hone_field_get_kind (hone_project_get_field (project, i))] = TRUE;
    for (guint k = 0; k <= HONE_FIELD_KIND_YES_NO; k++)
      g_assert_true (seen[k]);
  }

  for (guint r = 0; r < HONE_N_TEMPLATE_ROLES; r++)
    g_assert_cmpstr (hone_project_get_template (project, r), !=, "");

  /* Every example has every field filled in */
  examples = hone_project_load_examples (project, 0, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (examples->len, ==, n);
  for (guint i = 0; i < examples->len; i++)
    for (guint f = 0; f < hone_project_get_n_fields (project); f++)
      {
        HoneField *field = hone_project_get_field (project, f);
        const char *value = hone_example_get_value (g_ptr_array_index (examples, i), hone_field_get_id (field));

        g_assert_nonnull (value);
        g_assert_true (hone_field_check_value (field, value, NULL, &error));
      }

  g_clear_pointer (&examples, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&project));

  /* Not over an existing file, and that file is left alone */
  {
    g_autofree char *before = hone_test_checksum (file);
    g_autofree char *after = NULL;

    g_assert_null (hone_sample_create (file, &error));
    g_assert_error (error, HONE_ERROR, HONE_ERROR_EXISTS);
    after = hone_test_checksum (file);
    g_assert_cmpstr (before, ==, after);
  }

  hone_test_dir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sample/create", test_sample);
  return g_test_run ();
}
