/* test-prompt-check.c: counting the examples that render to empty messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "hone-test-util.h"
#include "hone-prompt-check.h"

/* 1000 examples (more than one page of the worker's cancel checks): every
 * 7th has no answer, every 11th no name, every 13th is excluded */
#define N_EXAMPLES 1000

static HoneProject *
create_project (const char *dir,
                guint64     expected_empty[HONE_N_TEMPLATE_ROLES],
                GArray     *expected_ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = hone_test_file (dir, "check.hone");
  HoneProject *project = hone_project_create (file, "Check", &error);

  g_assert_no_error (error);
  hone_project_add_field (project, "name", HONE_FIELD_KIND_SHORT_TEXT, "", NULL, &error);
  g_assert_no_error (error);
  hone_project_add_field (project, "answer", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error);
  g_assert_no_error (error);
  hone_project_add_field (project, "formal", HONE_FIELD_KIND_YES_NO, "", NULL, &error);
  g_assert_no_error (error);

  g_assert_true (hone_project_begin (project, &error));
  for (guint i = 1; i <= N_EXAMPLES; i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %u", i);
      g_autofree char *answer = g_strdup_printf ("Hello, person %u.", i);
      /* White space only counts as empty */
      const char *values[] = { i % 11 == 0 ? NULL : name, i % 7 == 0 ? " \n\t" : answer, i % 2 ? "true" : "false" };
      gboolean excluded = i % 13 == 0;
      gint64 id;

      id = hone_project_add_example (project, excluded ? HONE_SPLIT_EXCLUDED : (i % 5 ? HONE_SPLIT_TRAIN : HONE_SPLIT_VALIDATION),
                                     HONE_EXAMPLE_SOURCE_TYPED, values, &error);
      g_assert_no_error (error);
      if (excluded)
        continue;
      if (i % 7 == 0)
        expected_empty[HONE_TEMPLATE_ROLE_ASSISTANT]++;
      if (i % 11 == 0)
        expected_empty[HONE_TEMPLATE_ROLE_USER]++;
      if (i % 7 == 0 || i % 11 == 0)
        g_array_append_val (expected_ids, id);
    }
  g_assert_true (hone_project_commit (project, &error));

  return project;
}

static HonePrompt *
compile (HoneProject *project,
         const char  *system,
         const char  *user,
         const char  *assistant)
{
  const char *sources[HONE_N_TEMPLATE_ROLES] = { system, user, assistant };
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GListModel *model = hone_project_get_fields (project);
  HonePrompt *prompt;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (fields, g_list_model_get_item (model, i));
  prompt = hone_prompt_new (sources, fields, NULL, NULL, &error);
  g_assert_no_error (error);
  return prompt;
}

static void
test_counts (void)
{
  char *dir = hone_test_dir_new ();
  guint64 expected[HONE_N_TEMPLATE_ROLES] = { 0, };
  g_autoptr(GArray) expected_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(HoneProject) project = create_project (dir, expected, expected_ids);
  g_autoptr(HonePrompt) prompt = NULL;
  g_autoptr(HonePromptCheck) check = NULL;
  g_autoptr(HonePromptCheck) copy = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = g_file_peek_path (hone_project_get_file (project));

  /* The user message is empty without a name; the system prompt only for
   * informal examples */
  prompt = compile (project, "{{#if formal}}Be formal.{{/if}}", "{{name}}", "{{answer}}");
  check = hone_prompt_check_examples (path, prompt, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);

  g_assert_cmpuint (check->n_checked, ==, N_EXAMPLES - N_EXAMPLES / 13);
  g_assert_cmpuint (check->n_empty[HONE_TEMPLATE_ROLE_USER], ==, expected[HONE_TEMPLATE_ROLE_USER]);
  g_assert_cmpuint (check->n_empty[HONE_TEMPLATE_ROLE_ASSISTANT], ==, expected[HONE_TEMPLATE_ROLE_ASSISTANT]);
  g_assert_cmpuint (check->n_failed, ==, 0);
  g_assert_null (check->first_failure);

  /* Informal examples give an empty system prompt: counted as such, and flagged */
  {
    guint64 informal = 0;

    for (guint i = 1; i <= N_EXAMPLES; i++)
      if (i % 13 != 0 && i % 2 == 0)
        informal++;
    g_assert_cmpuint (check->n_empty[HONE_TEMPLATE_ROLE_SYSTEM], ==, informal);
  }

  /* Copies are deep */
  copy = hone_prompt_check_copy (check);
  g_assert_cmpuint (copy->flagged_ids->len, ==, check->flagged_ids->len);
  g_assert_true (copy->flagged_ids != check->flagged_ids);

  g_clear_pointer (&check, hone_prompt_check_free);
  g_clear_pointer (&prompt, hone_prompt_unref);

  /* Without a system prompt: exactly the examples missing a name or an answer */
  prompt = compile (project, NULL, "{{name}}", "{{answer}}");
  check = hone_prompt_check_examples (path, prompt, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->n_empty[HONE_TEMPLATE_ROLE_SYSTEM], ==, 0);
  g_assert_cmpuint (check->n_flagged, ==, expected_ids->len);
  g_assert_cmpuint (check->flagged_ids->len, ==, expected_ids->len);
  for (guint i = 0; i < expected_ids->len; i++)
    g_assert_cmpint (g_array_index (check->flagged_ids, gint64, i), ==, g_array_index (expected_ids, gint64, i));

  g_clear_pointer (&check, hone_prompt_check_free);
  g_clear_pointer (&prompt, hone_prompt_unref);

  /* No assistant template at all: every example lacks the message */
  prompt = compile (project, NULL, "{{name}}", NULL);
  check = hone_prompt_check_examples (path, prompt, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->n_empty[HONE_TEMPLATE_ROLE_ASSISTANT], ==, check->n_checked);

  g_clear_pointer (&check, hone_prompt_check_free);
  g_clear_pointer (&prompt, hone_prompt_unref);

  /* A rendering that fails (each over two values fails in handlebars.js) */
  prompt = compile (project, NULL, "{{#each name answer}}x{{/each}}", "{{answer}}");
  check = hone_prompt_check_examples (path, prompt, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->n_failed, ==, check->n_checked);
  g_assert_nonnull (check->first_failure);
  g_assert_cmpuint (check->n_flagged, ==, check->n_checked);

  g_clear_object (&project);
  hone_test_dir_free (dir);
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async_and_cancel (void)
{
  char *dir = hone_test_dir_new ();
  guint64 expected[HONE_N_TEMPLATE_ROLES] = { 0, };
  g_autoptr(GArray) expected_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(HoneProject) project = create_project (dir, expected, expected_ids);
  g_autoptr(HonePrompt) prompt = compile (project, NULL, "{{name}}", "{{answer}}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HonePromptCheck) check = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  hone_prompt_check_async (project, prompt, NULL, check_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  check = hone_prompt_check_finish (project, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->n_empty[HONE_TEMPLATE_ROLE_ASSISTANT], ==, expected[HONE_TEMPLATE_ROLE_ASSISTANT]);
  g_clear_object (&result);

  /* Cancelled: no result, whenever the worker notices */
  g_cancellable_cancel (cancellable);
  hone_prompt_check_async (project, prompt, cancellable, check_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (hone_prompt_check_finish (project, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The blocking call notices too */
  g_assert_null (hone_prompt_check_examples (g_file_peek_path (hone_project_get_file (project)), prompt, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_object (&project);
  hone_test_dir_free (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prompt-check/counts", test_counts);
  g_test_add_func ("/prompt-check/async-and-cancel", test_async_and_cancel);

  return g_test_run ();
}
