/* test-project.c: fields, values, templates, names, copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-core.h"
#include "hone-test-util.h"

static void
test_field_names (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "f.hone");
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "", " padded", "trailing ", "a.b", "{{x}}", "line\nbreak", "a/b", "[x]" };
  static const char * const dup_labels[] = { "x", "x", NULL };
  static const char * const empty_label[] = { "x", "", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (hone_project_add_field (project, bad[i], HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, &error));
      g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
      g_clear_error (&error);
    }

  g_assert_null (hone_project_add_field (project, "input", HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_null (hone_project_add_field (project, "l", HONE_FIELD_KIND_LABEL, NULL, dup_labels, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (hone_project_add_field (project, "l", HONE_FIELD_KIND_LABEL, NULL, empty_label, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);

  /* Spaces inside a name are fine: templates reach it as {{[field name]}} */
  g_assert_nonnull (hone_project_add_field (project, "field name ✓", HONE_FIELD_KIND_YES_NO, "d", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 4);
  g_assert_cmpuint (hone_field_get_position (hone_project_get_field (project, 3)), ==, 3);
  g_assert_nonnull (hone_project_find_field (project, "field name ✓"));
  g_assert_null (hone_project_find_field (project, "nope"));

  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_values_checked (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "v.hone");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  HoneField *yes_no;
  const char *bad_label[] = { "x", "c", "1" };
  const char *bad_number[] = { "x", "a", "twelve" };
  const char *inf_number[] = { "x", "a", "inf" };
  const char *bad_utf8[] = { "\xff\xfe", "a", "1" };
  const char *good[] = { "x", "a", " -1.5e3 " };
  g_autofree char *canonical = NULL;

  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, bad_label, &error), ==, 0);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "label"));
  g_clear_error (&error);
  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, bad_number, &error), ==, 0);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "score"));
  g_clear_error (&error);
  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, inf_number, &error), ==, 0);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, bad_utf8, &error), ==, 0);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);

  /* Nothing of the refused examples was written */
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, &error), ==, 0);

  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_EXCLUDED, HONE_EXAMPLE_SOURCE_SYNTHESIZED, good, &error), >, 0);
  g_assert_no_error (error);
  examples = hone_project_load_examples (project, 0, 1, &error);
  g_assert_cmpstr (hone_example_get_value (g_ptr_array_index (examples, 0),
                                           hone_field_get_id (hone_project_find_field (project, "score"))),
                   ==, "-1.5e3");

  yes_no = hone_project_add_field (project, "ok", HONE_FIELD_KIND_YES_NO, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hone_field_check_value (yes_no, "Yes", &canonical, &error));
  g_assert_cmpstr (canonical, ==, "true");
  g_clear_pointer (&canonical, g_free);
  g_assert_true (hone_field_check_value (yes_no, "0", &canonical, &error));
  g_assert_cmpstr (canonical, ==, "false");
  g_clear_pointer (&canonical, g_free);
  g_assert_false (hone_field_check_value (yes_no, "maybe", &canonical, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hone_field_check_value (yes_no, "", &canonical, &error));
  g_assert_null (canonical);

  g_clear_pointer (&examples, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_templates_versions (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "t.hone");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 0);
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "A {{input}}", &error));
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "A {{input}}", &error));
  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 1);
  /* Typing updates the newest version in place until it is kept */
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "B {{input}}", &error));
  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 1);
  g_assert_true (hone_project_keep_templates (project, NULL, &error));
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "C {{input}}", &error));
  g_assert_cmpint (hone_project_get_template_version (project, HONE_TEMPLATE_ROLE_USER), ==, 2);
  g_assert_cmpint (hone_project_count_template_versions (project, HONE_TEMPLATE_ROLE_USER, &error), ==, 2);
  g_assert_cmpint (hone_project_count_template_versions (project, HONE_TEMPLATE_ROLE_SYSTEM, &error), ==, 0);
  g_assert_false (hone_project_set_template (project, HONE_TEMPLATE_ROLE_SYSTEM, "\xc3\x28", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);

  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_name_and_modified (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "n.hone");
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (project, "notify::name", G_CALLBACK (notify_cb), &notified);
  g_assert_false (hone_project_set_name (project, "   ", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (notified, ==, 0);
  g_assert_false (hone_project_set_name (project, "Two\nlines", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hone_project_set_name (project, "  New name ", &error));
  g_assert_cmpstr (hone_project_get_name (project), ==, "New name");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (hone_project_get_modified (project), >=, hone_project_get_created (project));
  g_assert_true (hone_project_set_description (project, "Line one\nLine two", &error));
  g_assert_cmpstr (hone_project_get_description (project), ==, "Line one\nLine two");

  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_create_errors (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GFile) nowhere = hone_test_file (dir, "no/such/folder/p.hone");
  g_autoptr(GFile) file = hone_test_file (dir, "p.hone");
  g_autoptr(GError) error = NULL;

  g_assert_null (hone_project_create (nowhere, "X", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (hone_project_create (file, "  ", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_false (g_file_query_exists (file, NULL));

  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_duplicate_and_trash (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "Original.hone");
  g_autoptr(HoneProject) copy = NULL;
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GFile) next = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dest_name = NULL;
  g_autofree char *next_name = NULL;
  const char *row[] = { "copied", "b", "7" };

  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_VALIDATION, HONE_EXAMPLE_SOURCE_TYPED, row, &error), >, 0);
  dest = hone_project_suggest_file (dir_file, "Original");
  dest_name = g_file_get_basename (dest);
  g_assert_cmpstr (dest_name, ==, "Original (2).hone");

  g_assert_true (hone_project_duplicate (project, dest, "Original (copy)", &error));
  g_assert_no_error (error);
  g_assert_false (hone_project_duplicate (project, dest, "Again", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_EXISTS);
  g_clear_error (&error);

  copy = hone_project_open (dest, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hone_project_get_name (copy), ==, "Original (copy)");
  g_assert_cmpstr (hone_project_get_name (project), ==, "Test project");
  g_assert_cmpint (hone_project_count_examples (copy, HONE_SPLIT_VALIDATION, &error), ==, 1);
  g_assert_cmpuint (hone_project_get_n_fields (copy), ==, 3);
  g_assert_finalize_object (g_steal_pointer (&copy));

  next = hone_project_suggest_file (dir_file, "a/b: c");
  next_name = g_file_get_basename (next);
  g_assert_cmpstr (next_name, ==, "a-b- c.hone");

  g_assert_true (hone_project_trash_file (dest, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_query_exists (dest, NULL));
  g_assert_false (hone_project_trash_file (dest, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);

  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_reload (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) a = hone_test_project_new (dir, "r.hone");
  g_autoptr(HoneProject) b = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  b = hone_project_open (hone_project_get_file (a), HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_signal_connect (b, "notify::name", G_CALLBACK (notify_cb), &notified);

  g_assert_true (hone_project_set_name (a, "Changed by a", &error));
  g_assert_nonnull (hone_project_add_field (a, "extra", HONE_FIELD_KIND_NUMBER, NULL, NULL, &error));
  g_assert_true (hone_project_set_template (a, HONE_TEMPLATE_ROLE_SYSTEM, "Be brief.", &error));

  g_assert_cmpuint (hone_project_get_n_fields (b), ==, 3);
  g_assert_true (hone_project_reload (b, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hone_project_get_name (b), ==, "Changed by a");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (hone_project_get_n_fields (b), ==, 4);
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (b, 3)), ==, "extra");
  g_assert_cmpstr (hone_project_get_template (b, HONE_TEMPLATE_ROLE_SYSTEM), ==, "Be brief.");

  g_assert_finalize_object (g_steal_pointer (&b));
  g_assert_finalize_object (g_steal_pointer (&a));
  hone_test_dir_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = hone_test_dir_new ();

  /* g_file_trash() puts files into the trash of this fake home */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/project/field-names", test_field_names);
  g_test_add_func ("/project/values-checked", test_values_checked);
  g_test_add_func ("/project/templates-versions", test_templates_versions);
  g_test_add_func ("/project/name-and-modified", test_name_and_modified);
  g_test_add_func ("/project/create-errors", test_create_errors);
  g_test_add_func ("/project/duplicate-and-trash", test_duplicate_and_trash);
  g_test_add_func ("/project/reload", test_reload);

  {
    int ret = g_test_run ();
    hone_test_dir_free (g_steal_pointer (&data_home));
    return ret;
  }
}
