/* test-check-page.c: the Check page, the status bar and the grid's Tokens
 * and Problems columns, in process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "hone-check-columns.h"
#include "hone-check-page.h"
#include "hone-check-status.h"
#include "hone-dataset-check.h"
#include "hone-examples-page.h"
#include "hone-project-window.h"
#include "hone-text-encoding.h"
#include "hone-ui-test-util.h"

static char *tmp_dir;
static char *catalog_path;
static guint project_counter;

/* A provider of the test's own, merged over the shipped catalogue from the
 * user's file: two models with different tokenizers, and a limit of 60
 * tokens per example that one example of the project passes */
static const char test_catalog[] =
  "{\n"
  "  \"version\": 1,\n"
  "  \"providers\": [\n"
  "    {\n"
  "      \"id\": \"hone-test\",\n"
  "      \"name\": \"Test Provider\",\n"
  "      \"epochs\": { \"rule\": \"fixed\", \"default\": 2, \"source\": \"test\" },\n"
  "      \"models\": [\n"
  "        {\n"
  "          \"id\": \"short-o200k\", \"name\": \"Short O200K\",\n"
  "          \"tokenizer\": \"o200k_base\", \"chat_format\": \"openai\",\n"
  "          \"context_length\": 1000, \"max_example_tokens\": 60,\n"
  "          \"training\": { \"lora\": { \"sft\": { \"usd_per_mtok\": 1.0, \"source\": \"test\", \"as_of\": \"2026-11-01\" } } }\n"
  "        },\n"
  "        {\n"
  "          \"id\": \"short-qwen\", \"name\": \"Short Qwen\",\n"
  "          \"tokenizer\": \"qwen2\", \"chat_format\": \"qwen3\",\n"
  "          \"context_length\": 1000, \"max_example_tokens\": 60\n"
  "        }\n"
  "      ]\n"
  "    }\n"
  "  ]\n"
  "}\n";

/* Helpers --------------------------------------------------------------- */

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
write_catalog (const char *text)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      g_remove (catalog_path);
      return;
    }
  g_file_set_contents (catalog_path, text, -1, &error);
  g_assert_no_error (error);
}

static gint64 ids[6];

/* A small project: a copy (2 of 1), an example too long for the test
 * models (3), and a validation example (4) */
static HoneProject *
create_project (gboolean with_target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("check-%u.hone", ++project_counter);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) long_text = g_string_new (NULL);
  HoneProject *project;
  struct {
    HoneSplit   split;
    const char *input;
    const char *output;
  } examples[] = {
    { HONE_SPLIT_TRAIN, "What is two and two?", "Two and two make four." },
    { HONE_SPLIT_TRAIN, "What is two and two?", "Two and two make four." },
    { HONE_SPLIT_TRAIN, NULL, "A long answer." },
    { HONE_SPLIT_VALIDATION, "Name a colour.", "Blue is a colour." },
    { HONE_SPLIT_TRAIN, "Name a fruit.", "An apple is a fruit." },
  };

  for (guint i = 0; i < 40; i++)
    g_string_append (long_text, "The quick brown fox jumps over the lazy dog. ");

  project = hone_project_create (file, "Check", &error);
  g_assert_no_error (error);
  hone_project_add_field (project, "input", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error);
  g_assert_no_error (error);
  hone_project_add_field (project, "output", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error);
  g_assert_no_error (error);
  hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "{{input}}", &error);
  g_assert_no_error (error);
  hone_project_set_template (project, HONE_TEMPLATE_ROLE_ASSISTANT, "{{output}}", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      const char *values[] = {
        examples[i].input != NULL ? examples[i].input : long_text->str,
        examples[i].output,
      };

      ids[i + 1] = hone_project_add_example (project, examples[i].split, HONE_EXAMPLE_SOURCE_TYPED,
                                             values, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ids[i + 1], >, 0);
    }

  if (with_target)
    {
      hone_project_set_target (project, "hone-test", "short-o200k", &error);
      g_assert_no_error (error);
    }

  return project;
}

static HoneProjectWindow *
open_window (HoneProject *project,
             const char  *page)
{
  g_autoptr(GSettings) settings = g_settings_new ("app.hone.Hone");
  HoneProjectWindow *window;

  g_settings_set_string (settings, "last-page", page);
  window = hone_project_window_new (NULL, project);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));

  return window;
}

static void
close_window (HoneProjectWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  hone_ui_test_spin (50);
  g_assert_finalize_object (window);
}

/* Waits until the check is done: "running" is TRUE from the change that
 * queues a check until its result is in */
static HoneValidation *
wait_for_check (HoneProjectWindow *window)
{
  HoneDatasetCheck *check = hone_project_window_get_dataset_check (window);

  while (hone_dataset_check_get_running (check))
    g_main_context_iteration (NULL, TRUE);
  /* and the frame that shows it */
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));

  return hone_dataset_check_get_validation (check);
}

static HoneCheckPage *
get_check_page (HoneProjectWindow *window)
{
  GtkWidget *page = find_widget (GTK_WIDGET (window), HONE_TYPE_CHECK_PAGE);

  g_assert_true (HONE_IS_CHECK_PAGE (page));
  return HONE_CHECK_PAGE (page);
}

static const char *
row_subtitle (HoneCheckPage *page,
              const char    *name)
{
  GtkWidget *row = hone_check_page_get_row (page, name);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static HoneSplit
split_of (HoneProject *project,
          gint64       id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) examples = hone_project_load_examples_by_id (project, &id, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (examples->len, ==, 1);
  return hone_example_get_split (g_ptr_array_index (examples, 0));
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

/* Tests ------------------------------------------------------------------- */

static void
test_totals_and_problems (void)
{
  HoneProject *project;
  HoneProjectWindow *window;
  HoneCheckPage *page;
  HoneValidation *v;
  HoneDatasetCheck *check;
  HoneCheckStatus *status;
  GtkWidget *row;
  g_autofree char *train_tokens = NULL;
  g_autofree char *size = NULL;
  const char *text;

  write_catalog (test_catalog);
  project = create_project (TRUE);
  window = open_window (project, HONE_PAGE_CHECK);
  page = get_check_page (window);
  check = hone_project_window_get_dataset_check (window);
  v = wait_for_check (window);

  g_assert_nonnull (v);
  g_assert_cmpstr (hone_dataset_check_get_model (check)->id, ==, "short-o200k");
  g_assert_false (hone_dataset_check_get_model_is_default (check));
  g_assert_null (hone_dataset_check_get_catalog_error (check));
  g_assert_cmpstr (hone_check_page_get_state (page), ==, "check");

  /* The totals */
  g_assert_true (v->exact);
  g_assert_cmpuint (v->n_examples[HONE_SPLIT_TRAIN], ==, 4);
  g_assert_cmpuint (v->n_examples[HONE_SPLIT_VALIDATION], ==, 1);
  g_assert_cmpstr (row_subtitle (page, "examples"), ==, "4 training · 1 validation · 0 excluded");
  train_tokens = hone_text_format_count (v->tokens[HONE_SPLIT_TRAIN]);
  text = row_subtitle (page, "tokens");
  g_assert_true (g_str_has_prefix (text, train_tokens));
  g_assert_null (strstr (text, "≈"));
  size = g_format_size (v->file_bytes[HONE_SPLIT_TRAIN]);
  g_assert_cmpstr (row_subtitle (page, "file"), ==, size);
  g_assert_cmpint (v->longest_id, ==, ids[3]);
  g_assert_nonnull (strstr (row_subtitle (page, "longest"), "(example 3)"));

  /* The estimate: the provider's 2 epochs at $1 per million tokens */
  g_assert_nonnull (hone_dataset_check_get_estimate (check));
  g_assert_cmpuint (hone_dataset_check_get_estimate (check)->epochs, ==, 2);
  g_assert_cmpstr (row_subtitle (page, "epochs"), ==, "Passes over the training examples; on Auto the provider makes 2");
  g_assert_true (g_str_has_prefix (row_subtitle (page, "price"), "At $1.00 per million tokens"));

  /* The problems: the long example and the copy, one group each */
  g_assert_cmpuint (v->n_problems[HONE_SEVERITY_ERROR], ==, 1);
  g_assert_cmpuint (v->n_problems[HONE_SEVERITY_WARNING], ==, 1);
  row = hone_check_page_get_group_row (page, "too-long");
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Too long for the model");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, "1 example");
  row = hone_check_page_get_group_row (page, "duplicate");
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  g_assert_null (hone_check_page_get_group_row (page, "leak"));
  g_assert_null (hone_check_page_get_row (page, "ready"));

  /* The status bar sums it up */
  status = HONE_CHECK_STATUS (find_widget (GTK_WIDGET (window), HONE_TYPE_CHECK_STATUS));
  text = hone_check_status_get_text (status);
  g_assert_true (g_str_has_prefix (text, "Short O200K on Test Provider · "));
  g_assert_nonnull (strstr (text, "1 error, 1 warning"));
  g_assert_nonnull (strstr (text, "≈ $"));

  /* …and opens the page: from the examples, a click on it shows the check */
  hone_project_window_show_page (window, HONE_PAGE_EXAMPLES);
  g_signal_emit_by_name (find_widget (GTK_WIDGET (status), GTK_TYPE_BUTTON), "clicked");
  g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, HONE_PAGE_CHECK);

  /* A Show button moves the grid to its example */
  g_signal_emit_by_name (page, "show-example", ids[3]);
  g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, HONE_PAGE_EXAMPLES);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (hone_project_window_get_examples_page (window)),
                   ==, ids[3]);

  /* …even one that the split shown hides: every split is shown again */
  {
    HoneExamplesPage *examples_page = hone_project_window_get_examples_page (window);
    GtkDropDown *split_filter = GTK_DROP_DOWN (find_widget (GTK_WIDGET (examples_page), GTK_TYPE_DROP_DOWN));

    gtk_drop_down_set_selected (split_filter, 2);   /* validation */
    while (hone_examples_page_get_busy (examples_page))
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hone_examples_page_get_model (examples_page))), ==, 1);
    g_assert_true (hone_examples_page_show_example (examples_page, ids[5]));
    while (hone_examples_page_get_busy (examples_page))
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (gtk_drop_down_get_selected (split_filter), ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hone_examples_page_get_model (examples_page))), ==, 5);
    g_assert_cmpint (hone_examples_page_get_cursor_example_id (examples_page), ==, ids[5]);
  }

  close_window (window);
  g_assert_finalize_object (project);
}

static void
test_fix_and_undo (void)
{
  HoneProject *project;
  HoneProjectWindow *window;
  HoneCheckPage *page;
  HoneUndoStack *undo_stack;
  HoneValidation *v;
  g_autoptr(GError) error = NULL;
  gint64 n;

  write_catalog (test_catalog);
  project = create_project (TRUE);
  window = open_window (project, HONE_PAGE_CHECK);
  page = get_check_page (window);
  undo_stack = hone_examples_page_get_undo_stack (hone_project_window_get_examples_page (window));
  wait_for_check (window);
  g_assert_nonnull (hone_check_page_get_group_row (page, "too-long"));

  /* Exclude the example that is too long */
  n = hone_check_page_apply_fix (page, "too-long", &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpint (split_of (project, ids[3]), ==, HONE_SPLIT_EXCLUDED);
  /* (the copy is another group, with another fix: it stays) */
  g_assert_cmpint (split_of (project, ids[2]), ==, HONE_SPLIT_TRAIN);
  v = wait_for_check (window);
  g_assert_cmpuint (v->n_problems[HONE_SEVERITY_ERROR], ==, 0);
  g_assert_cmpuint (v->n_examples[HONE_SPLIT_EXCLUDED], ==, 1);
  g_assert_null (hone_check_page_get_group_row (page, "too-long"));
  g_assert_nonnull (hone_check_page_get_group_row (page, "duplicate"));

  /* Undo puts it back, and the check follows */
  g_assert_true (hone_undo_stack_undo (undo_stack, &error));
  g_assert_no_error (error);
  g_assert_cmpint (split_of (project, ids[3]), ==, HONE_SPLIT_TRAIN);
  v = wait_for_check (window);
  g_assert_cmpuint (v->n_problems[HONE_SEVERITY_ERROR], ==, 1);
  g_assert_nonnull (hone_check_page_get_group_row (page, "too-long"));

  /* Remove the copy: example 2 goes, example 1 stays */
  n = hone_check_page_apply_fix (page, "duplicate", &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 1);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, &error), ==, 4);
  v = wait_for_check (window);
  g_assert_cmpuint (v->n_problems[HONE_SEVERITY_WARNING], ==, 0);
  g_assert_null (hone_check_page_get_group_row (page, "duplicate"));
  g_assert_true (hone_undo_stack_undo (undo_stack, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, &error), ==, 5);
  v = wait_for_check (window);
  g_assert_cmpuint (v->n_problems[HONE_SEVERITY_WARNING], ==, 1);

  close_window (window);
  g_assert_finalize_object (project);
}

/* Every Tokens cell on screen shows what the validation says */
static guint
check_token_cells (HoneCheckColumns *columns,
                   HoneValidation   *v)
{
  g_autoptr(GPtrArray) cells = hone_check_columns_list_cells (columns, "tokens");
  guint n_checked = 0;

  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);
      gint64 id = hone_check_columns_get_cell_example_id (cell);
      gint64 tokens;
      g_autofree char *expected = NULL;

      if (id <= 0)
        continue;
      tokens = hone_validation_get_tokens (v, id);
      g_assert_cmpint (tokens, >, 0);
      expected = hone_text_format_count (tokens);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, expected);
      n_checked++;
    }

  return n_checked;
}

static void
test_columns_and_model_change (void)
{
  HoneProject *project;
  HoneProjectWindow *window;
  HoneExamplesPage *examples_page;
  HoneCheckColumns *columns;
  HoneCheckPage *page;
  HoneValidation *v;
  g_autoptr(HoneValidation) before = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  AdwComboRow *model_row;
  guint page_loads;
  gboolean found = FALSE;

  write_catalog (test_catalog);
  project = create_project (TRUE);
  window = open_window (project, HONE_PAGE_EXAMPLES);
  examples_page = hone_project_window_get_examples_page (window);
  columns = hone_examples_page_get_check_columns (examples_page);
  v = wait_for_check (window);
  g_assert_true (hone_check_columns_get_validation (columns) == v);

  /* The grid's Tokens column says what hone_validation_get_tokens() says */
  g_assert_cmpuint (check_token_cells (columns, v), ==, 5);

  /* The Problems column flags the long example, with the reason */
  cells = hone_check_columns_list_cells (columns, "problems");
  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);
      gint64 id = hone_check_columns_get_cell_example_id (cell);

      if (id == ids[3])
        {
          g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (cell)), ==, "dialog-error-symbolic");
          g_autofree char *tooltip = hone_check_columns_format_problems (v, id);

          g_assert_true (gtk_widget_get_has_tooltip (cell));
          g_assert_nonnull (strstr (tooltip, "trains on at most 60"));
          found = TRUE;
        }
      else if (id == ids[5])
        {
          g_assert_null (gtk_image_get_icon_name (GTK_IMAGE (cell)));
          g_assert_false (gtk_widget_get_has_tooltip (cell));
        }
    }
  g_assert_true (found);

  /* Another model with another tokenizer: checked again, the counts change
   * in the cells on screen, and no example is read again for it */
  before = hone_validation_ref (v);
  page_loads = hone_example_model_get_n_page_loads (hone_examples_page_get_model (examples_page));
  hone_project_window_show_page (window, HONE_PAGE_CHECK);
  page = get_check_page (window);
  model_row = ADW_COMBO_ROW (hone_check_page_get_row (page, "model"));
  g_assert_cmpuint (adw_combo_row_get_selected (model_row), ==, 0);
  adw_combo_row_set_selected (model_row, 1);
  g_assert_true (hone_dataset_check_get_running (hone_project_window_get_dataset_check (window)));
  v = wait_for_check (window);
  g_assert_cmpstr (v->model_id, ==, "short-qwen");
  {
    g_autofree char *provider_id = NULL;
    g_autofree char *model_id = NULL;

    hone_project_get_target (project, &provider_id, &model_id);
    g_assert_cmpstr (model_id, ==, "short-qwen");
  }
  g_assert_cmpuint (v->tokens[HONE_SPLIT_TRAIN], !=, before->tokens[HONE_SPLIT_TRAIN]);
  hone_project_window_show_page (window, HONE_PAGE_EXAMPLES);
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpuint (check_token_cells (columns, v), ==, 5);
  g_assert_cmpuint (hone_example_model_get_n_page_loads (hone_examples_page_get_model (examples_page)), ==,
                    page_loads);

  close_window (window);
  g_assert_finalize_object (project);
}

static void
test_default_model (void)
{
  HoneProject *project;
  HoneProjectWindow *window;
  HoneDatasetCheck *check;
  HoneCheckStatus *status;
  g_autofree char *provider_id = NULL;
  g_autofree char *model_id = NULL;

  write_catalog (NULL);
  project = create_project (FALSE);
  window = open_window (project, HONE_PAGE_CHECK);
  check = hone_project_window_get_dataset_check (window);
  g_assert_nonnull (wait_for_check (window));

  /* The first Together AI model, shown as the default, and not written */
  g_assert_true (hone_dataset_check_get_model_is_default (check));
  g_assert_true (hone_dataset_check_get_model (check) == hone_dataset_check_get_default_model (check));
  g_assert_cmpstr (hone_dataset_check_get_model (check)->provider->id, ==, "together");
  hone_project_get_target (project, &provider_id, &model_id);
  g_assert_null (provider_id);
  g_assert_null (model_id);
  status = HONE_CHECK_STATUS (find_widget (GTK_WIDGET (window), HONE_TYPE_CHECK_STATUS));
  g_assert_nonnull (strstr (hone_check_status_get_text (status), "(default)"));

  /* Together offers LoRA and full fine-tuning; OpenAI no such choice: the
   * row goes, and a full fine-tune chosen before falls back to LoRA */
  {
    HoneCheckPage *page = get_check_page (window);
    HoneModelCatalog *catalog = hone_dataset_check_get_catalog (check);
    HoneTrainingSettings settings;
    g_autoptr(GError) error = NULL;
    const HoneModelInfo *openai = hone_model_catalog_find_model (catalog, "openai", "gpt-4o-mini-2024-07-18", &error);

    g_assert_no_error (error);
    g_assert_true (gtk_widget_get_visible (hone_check_page_get_row (page, "type")));
    hone_dataset_check_get_settings (check, &settings);
    settings.type = HONE_TRAINING_FULL;
    hone_dataset_check_set_settings (check, &settings);

    g_assert_true (hone_dataset_check_set_model (check, openai, &error));
    g_assert_no_error (error);
    g_assert_nonnull (wait_for_check (window));
    hone_ui_test_wait_for_frame (GTK_WIDGET (window));
    g_assert_false (gtk_widget_get_visible (hone_check_page_get_row (page, "type")));
    hone_dataset_check_get_settings (check, &settings);
    g_assert_cmpint (settings.type, ==, HONE_TRAINING_LORA);
  }

  close_window (window);
  g_assert_finalize_object (project);
}

static void
test_broken_catalog (void)
{
  HoneProject *project;
  HoneProjectWindow *window;
  HoneDatasetCheck *check;
  GtkWidget *row;

  write_catalog ("{ \"version\": 1, \"providers\": [ { \"id\": ");
  project = create_project (FALSE);
  window = open_window (project, HONE_PAGE_CHECK);
  check = hone_project_window_get_dataset_check (window);
  g_assert_nonnull (wait_for_check (window));

  /* Said, with the file's name; the shipped catalogue is used */
  g_assert_nonnull (hone_dataset_check_get_catalog_error (check));
  g_assert_nonnull (strstr (hone_dataset_check_get_catalog_error (check), "models.json"));
  row = hone_check_page_get_row (get_check_page (window), "catalog");
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   hone_dataset_check_get_catalog_error (check));
  g_assert_cmpstr (hone_dataset_check_get_model (check)->provider->id, ==, "together");

  close_window (window);
  g_assert_finalize_object (project);
  write_catalog (NULL);
}

static void
test_empty_project (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "empty.hone", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HoneProject *project;
  HoneProjectWindow *window;
  HoneCheckPage *page;

  write_catalog (NULL);
  project = hone_project_create (file, "Empty", &error);
  g_assert_no_error (error);
  window = open_window (project, HONE_PAGE_CHECK);
  page = get_check_page (window);
  g_assert_nonnull (wait_for_check (window));

  g_assert_cmpstr (hone_check_page_get_state (page), ==, "empty");

  close_window (window);
  g_assert_finalize_object (project);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config_dir = NULL;
  int ret;

  tmp_dir = g_dir_make_tmp ("hone-test-check-XXXXXX", &error);
  g_assert_no_error (error);
  config_dir = g_build_filename (tmp_dir, "config", NULL);
  g_mkdir_with_parents (config_dir, 0700);
  catalog_path = g_build_filename (config_dir, "hone", "models.json", NULL);
  {
    g_autofree char *hone_dir = g_path_get_dirname (catalog_path);

    g_mkdir_with_parents (hone_dir, 0700);
  }
  /* Before GLib reads them */
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/check-page/totals-and-problems", test_totals_and_problems);
  g_test_add_func ("/check-page/fix-and-undo", test_fix_and_undo);
  g_test_add_func ("/check-page/columns-and-model-change", test_columns_and_model_change);
  g_test_add_func ("/check-page/default-model", test_default_model);
  g_test_add_func ("/check-page/broken-catalog", test_broken_catalog);
  g_test_add_func ("/check-page/empty-project", test_empty_project);

  ret = g_test_run ();

  remove_tree (tmp_dir);

  return ret;
}
