/* test-export-selection.c: exporting the rows selected in the grid, and chat
 * JSON Lines through the templates, from the export dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "hone-project-window.h"
#include "hone-examples-page.h"
#include "dialogs/hone-export-dialog.h"

static char *tmp_dir;
static guint file_counter;

/* Helpers ------------------------------------------------------------------ */

#define WAIT_TIMEOUT_USEC (60 * G_USEC_PER_SEC)

/* Runs the main loop until @expr holds or 60 s have passed; the caller
 * asserts @expr afterwards, so a timeout fails on that assertion. */
#define WAIT_UNTIL(expr)                                                  \
  G_STMT_START {                                                          \
    gint64 _end = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;            \
    while (!(expr) && g_get_monotonic_time () < _end)                     \
      {                                                                   \
        if (!g_main_context_iteration (NULL, FALSE))                      \
          g_usleep (1000);                                                \
      }                                                                   \
  } G_STMT_END

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  WAIT_UNTIL (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_get_mapped (widget));
  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  WAIT_UNTIL (painted);
  g_signal_handler_disconnect (clock, handler);
  g_assert_true (painted);
}

static GFile *
new_file (const char *stem,
          const char *extension)
{
  g_autofree char *name = g_strdup_printf ("%s-%u%s", stem, ++file_counter, extension);

  return g_file_new_build_filename (tmp_dir, name, NULL);
}

static char *
read_file (GFile *file)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* @n examples with prompt "pN", answer "aN" and score N */
static HoneProject *
create_project (guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = new_file ("export", ".hone");
  HoneProject *project;

  project = hone_project_create (file, "Selection", &error);
  g_assert_no_error (error);
  g_assert_nonnull (hone_project_add_field (project, "prompt", HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "answer", HONE_FIELD_KIND_LONG_TEXT, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "score", HONE_FIELD_KIND_NUMBER, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (hone_project_begin (project, &error));
  for (guint i = 1; i <= n; i++)
    {
      char prompt[32], answer[32], score[32];
      const char *values[] = { prompt, answer, score };

      g_snprintf (prompt, sizeof prompt, "p%u", i);
      g_snprintf (answer, sizeof answer, "a%u", i);
      g_snprintf (score, sizeof score, "%u", i);
      g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED,
                                                 values, &error), >, 0);
    }
  g_assert_true (hone_project_commit (project, &error));
  g_assert_no_error (error);

  return project;
}

static HoneProjectWindow *
open_window (HoneProject *project)
{
  HoneProjectWindow *window = hone_project_window_new (NULL, project);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  hone_project_window_show_page (window, "examples");
  wait_for_frame (GTK_WIDGET (window));

  return window;
}

static void
close_window (HoneProjectWindow *window)
{
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  spin (100);
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
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

/* The label showing @text under @root */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkSelectionModel *
get_selection (HoneExamplesPage *page)
{
  return gtk_column_view_get_model (GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW)));
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type))
        return window;
    }

  return NULL;
}

/* The rows of a combo row, as text */
static char **
combo_items (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      g_ptr_array_add (items, g_strdup (gtk_string_object_get_string (item)));
    }
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_free (items, FALSE);
}

/* The combo row titled @title in @dialog */
static AdwComboRow *
find_combo (GtkWidget  *root,
            const char *title)
{
  if (ADW_IS_COMBO_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_COMBO_ROW (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found = find_combo (child, title);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The preferences row titled @title under @root */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Opens the export dialog as Ctrl+E does */
static HoneExportDialog *
open_export (HoneProjectWindow *window)
{
  HoneExportDialog *dialog;

  g_assert_null (find_toplevel (HONE_TYPE_EXPORT_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "project.export", NULL));
  dialog = find_toplevel (HONE_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  wait_for_frame (GTK_WIDGET (dialog));
  return dialog;
}

/* Exports to @dest; TRUE when the dialog closed (success) */
static gboolean
run_export (HoneExportDialog *dialog,
            GFile            *dest)
{
  hone_export_dialog_export_to_file (dialog, dest);
  WAIT_UNTIL (g_strcmp0 (hone_export_dialog_get_state (dialog), "running") != 0);
  g_assert_cmpstr (hone_export_dialog_get_state (dialog), ==, "idle");
  return !gtk_widget_get_visible (GTK_WIDGET (dialog));
}

static void
finish_dialog (HoneExportDialog *dialog)
{
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
  spin (50);
  g_assert_finalize_object (dialog);
}

/* Tests -------------------------------------------------------------------- */

/* Rows selected in the grid, in a sorted view: "Selected examples (2)" is
 * offered, and exports exactly those examples */
static void
test_selection (void)
{
  g_autoptr(HoneProject) project = create_project (5);
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = hone_project_window_get_examples_page (window);
  g_autoptr(GFile) dest = new_file ("selected", ".jsonl");
  g_auto(GStrv) items = NULL;
  g_autofree char *contents = NULL;
  HoneExportDialog *dialog;

  /* Nothing selected: all, or one split */
  dialog = open_export (window);
  g_assert_cmpuint (hone_export_dialog_get_n_selected (dialog), ==, 0);
  items = combo_items (find_combo (GTK_WIDGET (dialog), "E_xamples"));
  g_assert_cmpuint (g_strv_length (items), ==, 4);
  g_assert_false (hone_export_dialog_get_use_selection (dialog));
  finish_dialog (dialog);
  g_clear_pointer (&items, g_strfreev);

  /* By score, descending: rows 1 and 3 are examples 5 and 3 */
  hone_examples_page_sort_by_column (page, 2, TRUE);
  for (guint i = 0; i < 500 && hone_examples_page_get_busy (page); i++)
    spin (10);
  g_assert_false (hone_examples_page_get_busy (page));
  gtk_selection_model_select_item (get_selection (page), 0, TRUE);
  gtk_selection_model_select_item (get_selection (page), 2, FALSE);
  g_assert_cmpuint (hone_examples_page_get_n_selected (page), ==, 2);

  dialog = open_export (window);
  g_assert_cmpuint (hone_export_dialog_get_n_selected (dialog), ==, 2);
  items = combo_items (find_combo (GTK_WIDGET (dialog), "E_xamples"));
  g_assert_cmpuint (g_strv_length (items), ==, 5);
  g_assert_cmpstr (items[0], ==, "All examples (5)");
  g_assert_cmpstr (items[4], ==, "Selected examples (2)");
  /* All by default */
  g_assert_false (hone_export_dialog_get_use_selection (dialog));
  hone_export_dialog_set_format (dialog, HONE_EXPORT_FORMAT_JSONL);
  hone_export_dialog_set_use_selection (dialog, TRUE);
  g_assert_true (hone_export_dialog_get_use_selection (dialog));
  g_assert_cmpint (hone_export_dialog_get_split (dialog), ==, HONE_SPLIT_ANY);
  g_assert_true (run_export (dialog, dest));
  contents = read_file (dest);
  /* In id order, as every export */
  g_assert_cmpstr (contents, ==,
                   "{\"prompt\":\"p3\",\"answer\":\"a3\",\"score\":3}\n"
                   "{\"prompt\":\"p5\",\"answer\":\"a5\",\"score\":5}\n");
  g_assert_nonnull (strstr (adw_toast_get_title (hone_export_dialog_get_result_toast (dialog)), "Exported 2 examples"));
  finish_dialog (dialog);

  /* A split instead: the selection does not count */
  dialog = open_export (window);
  hone_export_dialog_set_use_selection (dialog, TRUE);
  hone_export_dialog_set_split (dialog, HONE_SPLIT_TRAIN);
  g_assert_false (hone_export_dialog_get_use_selection (dialog));
  finish_dialog (dialog);

  close_window (window);
}

/* Many rows selected (every one of them): the ids are gathered from the
 * positions without loading the examples, and all of them are exported */
static void
test_large_selection (void)
{
  const guint n = 200000;
  g_autoptr(HoneProject) project = create_project (n);
  HoneProjectWindow *window = open_window (project);
  HoneExamplesPage *page = hone_project_window_get_examples_page (window);
  HoneExampleModel *model = hone_examples_page_get_model (page);
  g_autoptr(GFile) dest = new_file ("all-selected", ".csv");
  g_autoptr(GArray) ids = NULL;
  HoneExportDialog *dialog;
  guint loads_before;

  /* Every row (as Ctrl+A does), then all but the first: no example is
   * loaded for it (GtkMultiSelection would load and keep every one) */
  loads_before = hone_example_model_get_n_page_loads (model);
  gtk_selection_model_select_all (get_selection (page));
  g_assert_cmpuint (hone_examples_page_get_n_selected (page), ==, n);
  gtk_selection_model_unselect_item (get_selection (page), 0);
  g_assert_cmpuint (hone_examples_page_get_n_selected (page), ==, n - 1);
  ids = hone_examples_page_dup_selected_ids (page);
  g_assert_cmpuint (ids->len, ==, n - 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, n - 2), ==, n);
  /* No example was read to get them */
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, loads_before);

  dialog = open_export (window);
  g_assert_cmpuint (hone_export_dialog_get_n_selected (dialog), ==, n - 1);
  hone_export_dialog_set_use_selection (dialog, TRUE);
  g_assert_true (run_export (dialog, dest));
  {
    g_autofree char *contents = read_file (dest);
    guint lines = 0;

    for (const char *p = contents; *p != '\0'; p++)
      lines += *p == '\n';
    /* The header and every selected row; not the first example */
    g_assert_cmpuint (lines, ==, n);
    g_assert_true (g_str_has_prefix (contents, "prompt,answer,score\r\np2,a2,2\r\n"));
  }
  finish_dialog (dialog);

  close_window (window);
}

/* Chat JSON Lines: offered with its explanation; the rendered messages are
 * written; a template that does not compile is named in the dialog */
static void
test_chat_jsonl (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = create_project (2);
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) dest = new_file ("chat", ".jsonl");
  g_autoptr(GFile) bad_dest = new_file ("bad-chat", ".jsonl");
  g_auto(GStrv) items = NULL;
  HoneExportDialog *dialog;
  AdwComboRow *format_row;

  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "Say {{prompt}}", &error));
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_ASSISTANT, "{{answer}}", &error));
  g_assert_no_error (error);

  dialog = open_export (window);
  format_row = find_combo (GTK_WIDGET (dialog), "_Format");
  g_assert_nonnull (format_row);
  items = combo_items (format_row);
  g_assert_cmpuint (g_strv_length (items), ==, 4);
  g_assert_cmpstr (items[3], ==, "Chat JSONL (rendered through the templates)");
  hone_export_dialog_set_format (dialog, HONE_EXPORT_FORMAT_CHAT_JSONL);
  g_assert_cmpint (hone_export_dialog_get_format (dialog), ==, HONE_EXPORT_FORMAT_CHAT_JSONL);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (format_row)), "templates"));
  {
    g_autofree char *name = hone_export_dialog_dup_suggested_name (dialog);
    g_assert_true (g_str_has_suffix (name, ".jsonl"));
  }
  g_assert_true (run_export (dialog, dest));
  {
    g_autofree char *contents = read_file (dest);

    g_assert_cmpstr (contents, ==,
                     "{\"messages\":[{\"role\":\"user\",\"content\":\"Say p1\"},{\"role\":\"assistant\",\"content\":\"a1\"}]}\n"
                     "{\"messages\":[{\"role\":\"user\",\"content\":\"Say p2\"},{\"role\":\"assistant\",\"content\":\"a2\"}]}\n");
  }
  finish_dialog (dialog);

  /* An example with no answer gives an empty assistant message: the export
   * stops, unless such examples are left out (then counted) */
  {
    g_autoptr(GFile) skip_dest = new_file ("skip-chat", ".jsonl");
    const char *values[] = { "p3", NULL, "3" };
    AdwActionRow *skip_row;

    g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED,
                                               values, &error), >, 0);
    g_assert_no_error (error);
    hone_examples_page_reload (hone_project_window_get_examples_page (window));

    dialog = open_export (window);
    skip_row = ADW_ACTION_ROW (find_row (GTK_WIDGET (dialog), "_Leave Out Examples That Cannot Be Rendered"));
    g_assert_nonnull (skip_row);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (skip_row)));
    hone_export_dialog_set_format (dialog, HONE_EXPORT_FORMAT_CHAT_JSONL);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (skip_row)));
    g_assert_false (hone_export_dialog_get_skip_bad_examples (dialog));
    g_assert_false (run_export (dialog, skip_dest));
    g_test_message ("empty message: %s", hone_export_dialog_get_message (dialog));
    g_assert_nonnull (hone_export_dialog_get_message (dialog));
    g_assert_false (g_file_query_exists (skip_dest, NULL));

    hone_export_dialog_set_skip_bad_examples (dialog, TRUE);
    g_assert_true (run_export (dialog, skip_dest));
    {
      g_autofree char *contents = read_file (skip_dest);
      const char *title = adw_toast_get_title (hone_export_dialog_get_result_toast (dialog));

      g_assert_null (strstr (contents, "p3"));
      g_test_message ("toast: %s", title);
      g_assert_nonnull (strstr (title, "Exported 2 examples"));
      g_assert_nonnull (strstr (title, "1 left out"));
    }
    finish_dialog (dialog);
  }

  /* A template that does not compile: the dialog stays and says which one
   * and where; no file is written */
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "Say\n{{#if prompt}}{{prompt}}", &error));
  g_assert_no_error (error);
  dialog = open_export (window);
  hone_export_dialog_set_format (dialog, HONE_EXPORT_FORMAT_CHAT_JSONL);
  g_assert_false (run_export (dialog, bad_dest));
  g_assert_nonnull (hone_export_dialog_get_message (dialog));
  g_test_message ("template error: %s", hone_export_dialog_get_message (dialog));
  g_assert_nonnull (strstr (hone_export_dialog_get_message (dialog), hone_template_role_get_label (HONE_TEMPLATE_ROLE_USER)));
  g_assert_nonnull (strstr (hone_export_dialog_get_message (dialog), "line 2"));
  g_assert_nonnull (strstr (hone_export_dialog_get_message (dialog), "column"));
  g_assert_false (g_file_query_exists (bad_dest, NULL));
  /* Shown, not only kept */
  {
    GtkWidget *label = find_label (GTK_WIDGET (dialog), hone_export_dialog_get_message (dialog));

    g_assert_nonnull (label);
    g_assert_true (gtk_widget_is_visible (label));
  }
  /* Another format: the message about the templates goes */
  hone_export_dialog_set_format (dialog, HONE_EXPORT_FORMAT_CSV);
  g_assert_null (hone_export_dialog_get_message (dialog));
  finish_dialog (dialog);

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  tmp_dir = g_dir_make_tmp ("hone-export-sel-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (tmp_dir, "data", NULL);
  g_mkdir_with_parents (data_home, 0700);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add_func ("/export-selection/selection", test_selection);
  g_test_add_func ("/export-selection/large-selection", test_large_selection);
  g_test_add_func ("/export-selection/chat-jsonl", test_chat_jsonl);

  return g_test_run ();
}
