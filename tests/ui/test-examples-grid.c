/* test-examples-grid.c: editing examples in the grid, in process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "hone-project-window.h"
#include "hone-examples-page.h"
#include "hone-fields-page.h"
#include "hone-ui-test-util.h"

static char *tmp_dir;
static guint project_counter;

/* Helpers --------------------------------------------------------------- */

/* A project with five fields of every kind and three examples */
static HoneProject *
create_project (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("grid-%u.hone", ++project_counter);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  static const char * const tones[] = { "formal", "casual", NULL };
  HoneProject *project;

  project = hone_project_create (file, "Grid", &error);
  g_assert_no_error (error);

  g_assert_nonnull (hone_project_add_field (project, "prompt", HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "answer", HONE_FIELD_KIND_LONG_TEXT, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "score", HONE_FIELD_KIND_NUMBER, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "ok", HONE_FIELD_KIND_YES_NO, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "tone", HONE_FIELD_KIND_LABEL, NULL, tones, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("p%u", i + 1);
      g_autofree char *answer = g_strdup_printf ("a%u", i + 1);
      g_autofree char *score = g_strdup_printf ("%u", i + 1);
      const char *values[] = { prompt, answer, score, "true", "formal" };

      g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED,
                                                 values, &error), >, 0);
      g_assert_no_error (error);
    }

  return project;
}

static HoneProjectWindow *
open_window (HoneProject *project)
{
  HoneProjectWindow *window = hone_project_window_new (NULL, project);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  gtk_window_present (GTK_WINDOW (window));
  hone_project_window_show_page (window, "examples");
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));

  return window;
}

static void
close_window (HoneProjectWindow *window)
{
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  hone_ui_test_spin (100);
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  hone_ui_test_spin (50);
  g_assert_finalize_object (window);
}

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

static GtkSelectionModel *
get_selection (HoneExamplesPage *page)
{
  GtkWidget *view = find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);

  g_assert_nonnull (view);
  return gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
}

static HoneExamplesPage *
get_page (HoneProjectWindow *window)
{
  return hone_project_window_get_examples_page (window);
}

/* The value of @field_name of the example at @position (by id) */
static char *
value_at (HoneProject *project,
          guint        position,
          const char  *field_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) examples = hone_project_load_examples (project, position, 1, &error);
  HoneField *field = hone_project_find_field (project, field_name);

  g_assert_no_error (error);
  g_assert_cmpuint (examples->len, ==, 1);
  return g_strdup (hone_example_get_value (g_ptr_array_index (examples, 0), hone_field_get_id (field)));
}

static void
wait_for_no_editor (HoneExamplesPage *page)
{
  for (guint i = 0; i < 200 && hone_examples_page_get_editor (page) != NULL; i++)
    hone_ui_test_spin (10);
  g_assert_null (hone_examples_page_get_editor (page));
}

/* Sorts and filters run in a worker thread: waits until the page has its
 * rows (the "busy" property goes back to FALSE) */
static void
wait_for_query (HoneExamplesPage *page)
{
  for (guint i = 0; i < 500 && hone_examples_page_get_busy (page); i++)
    hone_ui_test_spin (10);
  g_assert_false (hone_examples_page_get_busy (page));
}

static gint64
count (HoneProject *project)
{
  return hone_project_count_examples (project, HONE_SPLIT_ANY, NULL);
}

static void
activate (HoneExamplesPage *page,
          const char       *action,
          GVariant         *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (page), action, parameter));
}

/* Tests ----------------------------------------------------------------- */

static void
test_edit_undo (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  GtkWidget *editor;
  char *value;

  g_assert_nonnull (hone_examples_page_get_undo_stack (page));

  hone_examples_page_set_cursor (page, 1, 0);
  g_assert_true (hone_examples_page_edit_cell (page, NULL));
  editor = hone_examples_page_get_editor (page);
  g_assert_true (GTK_IS_EDITABLE (editor));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor)), ==, "p2");
  gtk_editable_set_text (GTK_EDITABLE (editor), "Changed");
  g_assert_true (hone_examples_page_commit_edit (page));
  g_assert_null (hone_examples_page_get_editor (page));

  value = value_at (project, 1, "prompt");
  g_assert_cmpstr (value, ==, "Changed");
  g_free (value);

  activate (page, "examples.undo", NULL);
  value = value_at (project, 1, "prompt");
  g_assert_cmpstr (value, ==, "p2");
  g_free (value);

  activate (page, "examples.redo", NULL);
  value = value_at (project, 1, "prompt");
  g_assert_cmpstr (value, ==, "Changed");
  g_free (value);

  /* Escape: the typed text is dropped */
  g_assert_true (hone_examples_page_edit_cell (page, "x"));
  editor = hone_examples_page_get_editor (page);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor)), ==, "x");
  hone_examples_page_cancel_edit (page);
  value = value_at (project, 1, "prompt");
  g_assert_cmpstr (value, ==, "Changed");
  g_free (value);

  /* A yes/no cell toggles */
  hone_examples_page_set_cursor (page, 0, 3);
  g_assert_true (hone_examples_page_edit_cell (page, NULL));
  g_assert_null (hone_examples_page_get_editor (page));
  value = value_at (project, 0, "ok");
  g_assert_cmpstr (value, ==, "false");
  g_free (value);

  /* A label cell with allowed values is a dropdown */
  hone_examples_page_set_cursor (page, 0, 4);
  g_assert_true (hone_examples_page_edit_cell (page, NULL));
  editor = hone_examples_page_get_editor (page);
  g_assert_true (GTK_IS_DROP_DOWN (editor));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (editor), 2);
  wait_for_no_editor (page);
  g_assert_null (hone_examples_page_get_editor (page));
  value = value_at (project, 0, "tone");
  g_assert_cmpstr (value, ==, "casual");
  g_free (value);

  /* The split column */
  hone_examples_page_set_cursor (page, 2, 5);
  g_assert_true (hone_examples_page_edit_cell (page, NULL));
  editor = hone_examples_page_get_editor (page);
  g_assert_true (GTK_IS_DROP_DOWN (editor));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (editor), 1);
  wait_for_no_editor (page);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_VALIDATION, NULL), ==, 1);
  activate (page, "examples.undo", NULL);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_VALIDATION, NULL), ==, 0);

  close_window (window);
}

static void
test_bad_number (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  char *value;

  hone_examples_page_set_cursor (page, 0, 2);
  g_assert_true (hone_examples_page_edit_cell (page, "twelve"));
  g_assert_false (hone_examples_page_commit_edit (page));
  g_assert_nonnull (hone_examples_page_get_error (page));
  g_assert_nonnull (strstr (hone_examples_page_get_error (page), "score"));
  /* The editor stays open to fix the value */
  g_assert_nonnull (hone_examples_page_get_editor (page));
  hone_examples_page_cancel_edit (page);

  value = value_at (project, 0, "score");
  g_assert_cmpstr (value, ==, "1");
  g_free (value);

  /* A number with spaces around it is fine */
  g_assert_true (hone_examples_page_edit_cell (page, " 42 "));
  g_assert_true (hone_examples_page_commit_edit (page));
  g_assert_null (hone_examples_page_get_error (page));
  value = value_at (project, 0, "score");
  g_assert_cmpstr (value, ==, "42");
  g_free (value);

  close_window (window);
}

static void
test_add_duplicate_delete (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  HoneExampleModel *model = hone_examples_page_get_model (page);
  guint row;
  char *value;

  activate (page, "examples.add", NULL);
  g_assert_cmpint (count (project), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  hone_examples_page_get_cursor (page, &row, NULL);
  g_assert_cmpuint (row, ==, 3);
  activate (page, "examples.undo", NULL);
  g_assert_cmpint (count (project), ==, 3);
  activate (page, "examples.redo", NULL);
  g_assert_cmpint (count (project), ==, 4);

  hone_examples_page_set_cursor (page, 0, 0);
  activate (page, "examples.duplicate", NULL);
  g_assert_cmpint (count (project), ==, 5);
  value = value_at (project, 4, "prompt");
  g_assert_cmpstr (value, ==, "p1");
  g_free (value);
  activate (page, "examples.undo", NULL);
  g_assert_cmpint (count (project), ==, 4);

  close_window (window);
}

static void
test_delete (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  HoneExampleModel *model = hone_examples_page_get_model (page);
  char *value;

  hone_examples_page_set_cursor (page, 0, 0);
  gtk_selection_model_select_range (get_selection (page), 0, 2, TRUE);
  activate (page, "examples.delete", NULL);
  g_assert_cmpint (count (project), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  value = value_at (project, 0, "prompt");
  g_assert_cmpstr (value, ==, "p3");
  g_free (value);

  activate (page, "examples.undo", NULL);
  g_assert_cmpint (count (project), ==, 3);
  value = value_at (project, 0, "prompt");
  g_assert_cmpstr (value, ==, "p1");
  g_free (value);

  /* Random split, undoable */
  {
    g_autoptr(GError) error = NULL;
    guint n_train = 0, n_validation = 0;

    g_assert_true (hone_examples_page_random_split (page, 0.34, 7, &n_train, &n_validation, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_train, ==, 2);
    g_assert_cmpuint (n_validation, ==, 1);
    g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_VALIDATION, NULL), ==, 1);
    activate (page, "examples.undo", NULL);
    g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_VALIDATION, NULL), ==, 0);
  }

  /* Bulk split for the selection */
  activate (page, "examples.set-split", g_variant_new_string ("excluded"));
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_EXCLUDED, NULL), >=, 1);
  activate (page, "examples.undo", NULL);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_EXCLUDED, NULL), ==, 0);

  close_window (window);
}

static void
test_copy_paste (void)
{
  g_autoptr(HoneProject) project = create_project ();
  g_autoptr(GError) error = NULL;
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  char *value;

  /* One row: the cursor's cell */
  hone_examples_page_set_cursor (page, 0, 1);
  one = hone_examples_page_copy_text (page);
  g_assert_cmpstr (one, ==, "a1\n");

  /* Quoting as LibreOffice Calc does */
  g_assert_true (hone_project_set_value (project, hone_example_model_get_id (hone_examples_page_get_model (page), 1),
                                         hone_field_get_id (hone_project_find_field (project, "answer")),
                                         "say \"hi\"\tthen\nbye", &error));
  g_assert_no_error (error);
  hone_examples_page_set_cursor (page, 1, 1);
  gtk_selection_model_select_range (get_selection (page), 0, 2, TRUE);
  two = hone_examples_page_copy_text (page);
  g_assert_cmpstr (two, ==,
                   "p1\ta1\t1\ttrue\tformal\ttrain\n"
                   "p2\t\"say \"\"hi\"\"\tthen\nbye\"\t2\ttrue\tformal\ttrain\n");

  /* A 3 × 2 block pasted on the last row adds two rows, in one step */
  gtk_selection_model_unselect_all (get_selection (page));
  hone_examples_page_set_cursor (page, 2, 0);
  g_assert_true (hone_examples_page_paste_text (page, "x1\ty1\r\n\"x\"\"2\"\t\"y\n2\"\r\nx3\ty3\r\n", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (project), ==, 5);
  value = value_at (project, 2, "prompt");
  g_assert_cmpstr (value, ==, "x1");
  g_free (value);
  value = value_at (project, 3, "prompt");
  g_assert_cmpstr (value, ==, "x\"2");
  g_free (value);
  value = value_at (project, 3, "answer");
  g_assert_cmpstr (value, ==, "y\n2");
  g_free (value);
  value = value_at (project, 4, "answer");
  g_assert_cmpstr (value, ==, "y3");
  g_free (value);

  activate (page, "examples.undo", NULL);
  g_assert_cmpint (count (project), ==, 3);
  value = value_at (project, 2, "prompt");
  g_assert_cmpstr (value, ==, "p3");
  g_free (value);

  /* A block with a bad number is refused whole */
  hone_examples_page_set_cursor (page, 0, 2);
  g_assert_false (hone_examples_page_paste_text (page, "5\nfive\n6\n7\n", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "score"));
  g_clear_error (&error);
  g_assert_cmpint (count (project), ==, 3);
  value = value_at (project, 0, "score");
  g_assert_cmpstr (value, ==, "1");
  g_free (value);

  close_window (window);
}

static void
test_sort_find (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  HoneExampleModel *model = hone_examples_page_get_model (page);
  GtkWidget *entry;
  GtkWidget *spinner;
  gint64 first_id = hone_example_model_get_id (model, 0);
  gint64 last_id = hone_example_model_get_id (model, 2);

  /* Descending by score: the last example comes first. The sort runs in
   * a worker thread: the old rows stay until it is done, with a spinner */
  spinner = find_widget (GTK_WIDGET (page), GTK_TYPE_SPINNER);
  g_assert_nonnull (spinner);
  g_assert_false (gtk_widget_get_visible (spinner));
  hone_examples_page_sort_by_column (page, 2, TRUE);
  g_assert_true (hone_examples_page_get_busy (page));
  g_assert_true (gtk_widget_get_visible (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, first_id);
  wait_for_query (page);
  g_assert_false (gtk_widget_get_visible (spinner));
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, last_id);
  g_assert_cmpint (hone_example_model_get_id (model, 2), ==, first_id);
  hone_examples_page_sort_by_column (page, 2, FALSE);
  wait_for_query (page);
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, first_id);

  /* A newer query cancels the older one: only the last one counts */
  hone_examples_page_sort_by_column (page, 2, TRUE);
  hone_examples_page_sort_by_column (page, 0, TRUE);
  hone_examples_page_sort_by_column (page, 2, TRUE);
  wait_for_query (page);
  hone_ui_test_spin (50);
  g_assert_false (hone_examples_page_get_busy (page));
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, last_id);
  hone_examples_page_sort_by_column (page, 2, FALSE);
  wait_for_query (page);
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, first_id);

  /* Find filters the rows that contain the text in any field */
  activate (page, "examples.find", NULL);
  /* (the split dropdown has a search entry of its own) */
  entry = find_widget (find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_BAR), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_BAR))));
  gtk_editable_set_text (GTK_EDITABLE (entry), "A2");
  for (guint i = 0; i < 100 && g_list_model_get_n_items (G_LIST_MODEL (model)) != 1; i++)
    hone_ui_test_spin (10);
  wait_for_query (page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, first_id + 1);

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  for (guint i = 0; i < 100 && g_list_model_get_n_items (G_LIST_MODEL (model)) != 3; i++)
    hone_ui_test_spin (10);
  wait_for_query (page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  /* The split filter */
  g_assert_true (hone_project_set_split (project, &last_id, 1, HONE_SPLIT_VALIDATION, NULL));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN)), 2);
  wait_for_query (page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, last_id);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN)), 0);
  wait_for_query (page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  close_window (window);
}

static GtkColumnViewColumn *
get_column (HoneExamplesPage *page,
            guint             col)
{
  GtkWidget *view = find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  GtkColumnViewColumn *column;

  column = g_list_model_get_item (gtk_column_view_get_columns (GTK_COLUMN_VIEW (view)), col);
  g_assert_nonnull (column);
  g_object_unref (column);   /* the view keeps it */
  return column;
}

/* A column's width is remembered per project, across windows */
static void
test_column_widths (void)
{
  g_autoptr(HoneProject) project = create_project ();
  g_autoptr(HoneProject) other = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  int prompt_width = gtk_column_view_column_get_fixed_width (get_column (page, 0));
  int split_width = gtk_column_view_column_get_fixed_width (get_column (page, 5));

  /* As dragging a header's edge does */
  gtk_column_view_column_set_fixed_width (get_column (page, 1), 222);
  gtk_column_view_column_set_fixed_width (get_column (page, 5), 88);
  hone_ui_test_spin (700);   /* saved a moment after the resize stops */
  close_window (window);

  window = open_window (project);
  page = get_page (window);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (get_column (page, 0)), ==, prompt_width);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (get_column (page, 1)), ==, 222);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (get_column (page, 5)), ==, 88);

  /* A resize is kept even when the window closes right after it */
  gtk_column_view_column_set_fixed_width (get_column (page, 2), 150);
  close_window (window);

  window = open_window (project);
  page = get_page (window);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (get_column (page, 1)), ==, 222);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (get_column (page, 2)), ==, 150);
  close_window (window);

  /* Another project has its own widths */
  window = open_window (other);
  page = get_page (window);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (get_column (page, 1)), !=, 222);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (get_column (page, 5)), ==, split_width);
  close_window (window);
}

/* The toolbar fits in a 600 pixel window: in a narrow window Add Example
 * loses its label, and nothing needs to scroll out of view */
static void
test_narrow_toolbar (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  GtkWidget *scrolled;
  GtkWidget *toolbar;
  int min_width, nat_width;

  /* The toolbar is in the first scrolled window of the page */
  scrolled = find_widget (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  toolbar = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (GTK_IS_VIEWPORT (toolbar))
    toolbar = gtk_viewport_get_child (GTK_VIEWPORT (toolbar));
  g_assert_true (GTK_IS_BOX (toolbar));

  gtk_widget_measure (toolbar, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL, NULL);
  g_test_message ("toolbar: %d px at least, %d px at ease", min_width, nat_width);
  /* (the labels need some 90 pixels) */
  g_assert_cmpint (min_width, <, nat_width - 60);
  g_assert_cmpint (min_width, <=, 570);

  close_window (window);
}

static char *
view_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_details (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  GtkWidget *answer, *prompt;
  char *value;

  hone_examples_page_set_cursor (page, 0, 1);
  g_assert_null (hone_examples_page_get_details_editor (page, 1));
  activate (page, "examples.details", NULL);
  answer = hone_examples_page_get_details_editor (page, 1);
  prompt = hone_examples_page_get_details_editor (page, 0);
  g_assert_true (GTK_IS_TEXT_VIEW (answer));
  g_assert_true (GTK_IS_TEXT_VIEW (prompt));
  value = view_text (answer);
  g_assert_cmpstr (value, ==, "a1");
  g_free (value);
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));

  /* Saved when the focus leaves the field */
  gtk_widget_grab_focus (answer);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (answer)), "A longer\nanswer", -1);
  gtk_widget_grab_focus (prompt);
  value = value_at (project, 0, "answer");
  g_assert_cmpstr (value, ==, "A longer\nanswer");
  g_free (value);

  activate (page, "examples.undo", NULL);
  value = value_at (project, 0, "answer");
  g_assert_cmpstr (value, ==, "a1");
  g_free (value);
  value = view_text (answer);
  g_assert_cmpstr (value, ==, "a1");
  g_free (value);

  /* A yes/no field reads Yes or No; leaving it unchanged stores nothing */
  {
    GtkWidget *ok = hone_examples_page_get_details_editor (page, 3);
    guint n_undo = hone_undo_stack_get_n_undo (hone_examples_page_get_undo_stack (page));

    value = view_text (ok);
    g_assert_cmpstr (value, ==, "Yes");
    g_free (value);
    gtk_widget_grab_focus (ok);
    gtk_widget_grab_focus (prompt);
    g_assert_cmpuint (hone_undo_stack_get_n_undo (hone_examples_page_get_undo_stack (page)), ==, n_undo);

    gtk_widget_grab_focus (ok);
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (ok)), "No", -1);
    gtk_widget_grab_focus (prompt);
    value = value_at (project, 0, "ok");
    g_assert_cmpstr (value, ==, "false");
    g_free (value);
  }

  /* Another row shows that example */
  hone_examples_page_set_cursor (page, 2, 1);
  answer = hone_examples_page_get_details_editor (page, 1);
  value = view_text (answer);
  g_assert_cmpstr (value, ==, "a3");
  g_free (value);

  activate (page, "examples.details", NULL);
  close_window (window);
}

static void
test_fields_page (void)
{
  g_autoptr(HoneProject) project = create_project ();
  g_autoptr(GError) error = NULL;
  HoneProjectWindow *window = open_window (project);
  HoneFieldsPage *page;
  gint64 answer_id = hone_field_get_id (hone_project_find_field (project, "answer"));
  gint64 score_id = hone_field_get_id (hone_project_find_field (project, "score"));
  char *value;

  hone_project_window_show_page (window, "fields");
  page = HONE_FIELDS_PAGE (find_widget (GTK_WIDGET (window), HONE_TYPE_FIELDS_PAGE));
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));

  /* Add, then undo */
  g_assert_true (hone_fields_page_add_field (page, "sentiment", HONE_FIELD_KIND_LABEL, "How it feels",
                                             (const char * const[]) { "positive", "negative", NULL }, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 6);
  g_assert_cmpstr (hone_field_get_allowed_values (hone_project_find_field (project, "sentiment"))[1], ==, "negative");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.undo", NULL));
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.redo", NULL));
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 6);

  /* Rename and describe in one step */
  g_assert_true (hone_fields_page_edit_field (page, answer_id, "reply", HONE_FIELD_KIND_LONG_TEXT,
                                              "What to say", NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (hone_project_find_field (project, "reply"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.undo", NULL));
  g_assert_nonnull (hone_project_find_field (project, "answer"));
  g_assert_null (hone_project_find_field (project, "reply"));

  /* A kind the values do not fit: refused, the error says how many and
   * the row of the first (as the grid shows it) */
  g_assert_false (hone_fields_page_edit_field (page, answer_id, "answer", HONE_FIELD_KIND_NUMBER,
                                               NULL, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_test_message ("kind error: %s", error->message);
  g_assert_nonnull (strstr (error->message, "3 examples"));
  g_assert_nonnull (strstr (error->message, "row 1"));
  g_assert_nonnull (strstr (error->message, "“a1”"));
  g_clear_error (&error);
  g_assert_cmpint (hone_field_get_kind (hone_project_get_field_by_id (project, answer_id)), ==, HONE_FIELD_KIND_LONG_TEXT);

  /* Reorder */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.move-up", "x", answer_id));
  g_assert_cmpuint (hone_field_get_position (hone_project_get_field_by_id (project, answer_id)), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.move-down", "x", answer_id));
  g_assert_cmpuint (hone_field_get_position (hone_project_get_field_by_id (project, answer_id)), ==, 1);

  /* Delete, and undo brings the values back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.delete", "x", score_id));
  g_assert_null (hone_project_find_field (project, "score"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.undo", NULL));
  g_assert_nonnull (hone_project_find_field (project, "score"));
  value = value_at (project, 2, "score");
  g_assert_cmpstr (value, ==, "3");
  g_free (value);

  /* The Examples page shares the stack: its undo goes on from here */
  g_assert_true (hone_undo_stack_can_undo (hone_examples_page_get_undo_stack (get_page (window))));

  close_window (window);
}

static gboolean
press (HoneExamplesPage *page,
       guint             keyval,
       GdkModifierType   state)
{
  GtkWidget *view = find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  GListModel *controllers = gtk_widget_observe_controllers (view);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
          break;
        }
    }
  g_object_unref (controllers);
  return handled;
}

static void
test_keyboard (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  guint row, col;
  char *value;

  hone_examples_page_set_cursor (page, 0, 0);
  g_assert_true (press (page, GDK_KEY_Right, 0));
  hone_examples_page_get_cursor (page, &row, &col);
  g_assert_cmpuint (col, ==, 1);
  g_assert_true (press (page, GDK_KEY_Left, 0));

  /* Typing starts editing with what was typed; Escape drops it */
  g_assert_true (press (page, GDK_KEY_x, 0));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hone_examples_page_get_editor (page))), ==, "x");
  g_assert_true (press (page, GDK_KEY_Escape, 0));
  g_assert_null (hone_examples_page_get_editor (page));

  /* Enter edits; Tab keeps the value and moves right */
  g_assert_true (press (page, GDK_KEY_Return, 0));
  gtk_editable_set_text (GTK_EDITABLE (hone_examples_page_get_editor (page)), "typed");
  g_assert_true (press (page, GDK_KEY_Tab, 0));
  g_assert_null (hone_examples_page_get_editor (page));
  value = value_at (project, 0, "prompt");
  g_assert_cmpstr (value, ==, "typed");
  g_free (value);
  hone_examples_page_get_cursor (page, &row, &col);
  g_assert_cmpuint (row, ==, 0);
  g_assert_cmpuint (col, ==, 1);

  /* Down, then Delete deletes that example */
  g_assert_true (press (page, GDK_KEY_Down, 0));
  hone_examples_page_get_cursor (page, &row, NULL);
  g_assert_cmpuint (row, ==, 1);
  g_assert_true (press (page, GDK_KEY_Delete, 0));
  g_assert_cmpint (count (project), ==, 2);
  activate (page, "examples.undo", NULL);
  g_assert_cmpint (count (project), ==, 3);

  close_window (window);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *n)
{
  (*n)++;
}

/* "cursor-example-id" follows the example under the cell cursor: moving,
 * sorting, filtering, deleting and inserting notify it, and only when it
 * becomes another example */
static void
test_cursor_example_id (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  HoneExampleModel *model = hone_examples_page_get_model (page);
  gint64 first_id = hone_example_model_get_id (model, 0);
  gint64 second_id = hone_example_model_get_id (model, 1);
  gint64 last_id = hone_example_model_get_id (model, 2);
  gint64 property = 0;
  guint n_notify = 0;
  GtkWidget *entry;

  g_signal_connect (page, "notify::cursor-example-id", G_CALLBACK (count_notify_cb), &n_notify);

  hone_examples_page_set_cursor (page, 0, 0);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (page), ==, first_id);
  g_object_get (page, "cursor-example-id", &property, NULL);
  g_assert_cmpint (property, ==, first_id);

  /* Another column of the same example: no notification */
  n_notify = 0;
  hone_examples_page_set_cursor (page, 0, 2);
  g_assert_cmpuint (n_notify, ==, 0);

  /* Another row */
  hone_examples_page_set_cursor (page, 1, 2);
  g_assert_cmpuint (n_notify, ==, 1);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (page), ==, second_id);
  g_assert_true (press (page, GDK_KEY_Down, 0));
  g_assert_cmpuint (n_notify, ==, 2);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (page), ==, last_id);

  /* A sort puts the cursor on row 0, which is now the last example by
   * score descending ... */
  hone_examples_page_set_cursor (page, 0, 0);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (page), ==, first_id);
  n_notify = 0;
  hone_examples_page_sort_by_column (page, 2, TRUE);
  wait_for_query (page);
  g_assert_cmpuint (n_notify, >=, 1);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (page), ==, last_id);
  hone_examples_page_sort_by_column (page, 2, FALSE);
  wait_for_query (page);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (page), ==, first_id);

  /* ... a filter that leaves nothing gives -1 */
  activate (page, "examples.find", NULL);
  entry = find_widget (find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_BAR), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "no such text anywhere");
  for (guint i = 0; i < 200 && g_list_model_get_n_items (G_LIST_MODEL (model)) != 0; i++)
    hone_ui_test_spin (10);
  wait_for_query (page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (page), ==, -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "p2");
  for (guint i = 0; i < 200 && g_list_model_get_n_items (G_LIST_MODEL (model)) != 1; i++)
    hone_ui_test_spin (10);
  wait_for_query (page);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (page), ==, second_id);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  for (guint i = 0; i < 200 && g_list_model_get_n_items (G_LIST_MODEL (model)) != 3; i++)
    hone_ui_test_spin (10);
  wait_for_query (page);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (page), ==, first_id);

  /* Deleting the example under the cursor: the next one comes under it */
  n_notify = 0;
  g_assert_true (hone_project_delete_examples (project, &first_id, 1, NULL));
  g_assert_cmpuint (n_notify, >=, 1);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (page), ==, second_id);
  activate (page, "examples.undo", NULL);

  /* Without a project: -1 */
  hone_examples_page_set_project (page, NULL);
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (page), ==, -1);

  close_window (window);
}

/* Errors about values name the row as the grid shows it (not the internal
 * id of the example) and the field */
static void
test_errors_name_rows (void)
{
  g_autoptr(HoneProject) project = create_project ();
  g_autoptr(GError) error = NULL;
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = get_page (window);
  HoneExampleModel *model = hone_examples_page_get_model (page);
  char *value;

  /* By score, descending: row 1 is the third example (id 3) */
  hone_examples_page_sort_by_column (page, 2, TRUE);
  wait_for_query (page);
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, 3);

  /* Typed into row 1 */
  hone_examples_page_set_cursor (page, 0, 2);
  g_assert_true (hone_examples_page_edit_cell (page, "twelve"));
  g_assert_false (hone_examples_page_commit_edit (page));
  g_test_message ("cell error: %s", hone_examples_page_get_error (page));
  g_assert_true (g_str_has_prefix (hone_examples_page_get_error (page), "Row 1: "));
  g_assert_nonnull (strstr (hone_examples_page_get_error (page), "“score”"));
  g_assert_null (strstr (hone_examples_page_get_error (page), "xample"));
  hone_examples_page_cancel_edit (page);

  /* A pasted block from row 2 whose second value is bad: row 3 */
  hone_examples_page_set_cursor (page, 1, 2);
  g_assert_false (hone_examples_page_paste_text (page, "5\nfive\n", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_test_message ("paste error: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Row 3: "));
  g_assert_nonnull (strstr (error->message, "“score”"));
  g_assert_nonnull (strstr (error->message, "“five”"));
  g_clear_error (&error);

  /* Rows pasted past the end get the numbers they would have */
  hone_examples_page_set_cursor (page, 2, 4);
  g_assert_false (hone_examples_page_paste_text (page, "casual\nformal\nsloppy\n", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_test_message ("paste error: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Row 5: "));
  g_assert_nonnull (strstr (error->message, "“tone”"));
  g_clear_error (&error);
  g_assert_cmpint (count (project), ==, 3);

  /* Nothing was stored */
  value = value_at (project, 2, "score");
  g_assert_cmpstr (value, ==, "3");
  g_free (value);

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  tmp_dir = g_dir_make_tmp ("hone-grid-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (tmp_dir, "data", NULL);
  g_mkdir_with_parents (data_home, 0700);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add_func ("/examples-grid/edit-undo", test_edit_undo);
  g_test_add_func ("/examples-grid/bad-number", test_bad_number);
  g_test_add_func ("/examples-grid/add-duplicate", test_add_duplicate_delete);
  g_test_add_func ("/examples-grid/delete", test_delete);
  g_test_add_func ("/examples-grid/copy-paste", test_copy_paste);
  g_test_add_func ("/examples-grid/sort-find", test_sort_find);
  g_test_add_func ("/examples-grid/details", test_details);
  g_test_add_func ("/examples-grid/fields-page", test_fields_page);
  g_test_add_func ("/examples-grid/keyboard", test_keyboard);
  g_test_add_func ("/examples-grid/column-widths", test_column_widths);
  g_test_add_func ("/examples-grid/narrow-toolbar", test_narrow_toolbar);
  g_test_add_func ("/examples-grid/cursor-example-id", test_cursor_example_id);
  g_test_add_func ("/examples-grid/errors-name-rows", test_errors_name_rows);

  ret = g_test_run ();
  return ret;
}
