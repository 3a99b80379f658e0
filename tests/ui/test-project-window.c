/* test-project-window.c: the project window and its pages, in process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "hone-project-window.h"
#include "hone-examples-page.h"
#include "hone-grid-selection.h"
#include "hone-fields-page.h"
#include "hone-templates-page.h"
#include "hone-ui-test-util.h"

static char *tmp_dir;
static guint project_counter;

/* Helpers --------------------------------------------------------------- */

/* Waits until @widget's window has painted a frame (or 5 s went by) */

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

/* The first widget under @root with the style class @css_class */
static GtkWidget *
find_widget_with_class (GtkWidget  *root,
                        const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_with_class (child, css_class);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkListBox *
get_sidebar (HoneProjectWindow *window)
{
  GtkWidget *sidebar = find_widget_with_class (GTK_WIDGET (window), "navigation-sidebar");

  g_assert_true (GTK_IS_LIST_BOX (sidebar));
  return GTK_LIST_BOX (sidebar);
}

static void
collect_widgets (GtkWidget *root,
                 GType      type,
                 GPtrArray *out)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    g_ptr_array_add (out, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, out);
}

static gboolean
has_label_with_text (GtkWidget  *root,
                     const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_widgets (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;

  return FALSE;
}

/* The status page titled @title under @root, or NULL */
static GtkWidget *
find_status_page (GtkWidget  *root,
                  const char *title)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  collect_widgets (root, ADW_TYPE_STATUS_PAGE, pages);
  for (guint i = 0; i < pages->len; i++)
    if (g_strcmp0 (adw_status_page_get_title (g_ptr_array_index (pages, i)), title) == 0)
      return g_ptr_array_index (pages, i);

  return NULL;
}

static GFile *
new_project_file (void)
{
  g_autofree char *name = g_strdup_printf ("project-%u.hone", ++project_counter);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  return g_file_new_for_path (path);
}

static HoneProject *
create_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = new_project_file ();
  HoneProject *project;

  project = hone_sample_create (file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);

  return project;
}

static HoneProject *
create_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = new_project_file ();
  HoneProject *project;

  project = hone_project_create (file, "Empty project", &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);

  return project;
}

static HoneProjectWindow *
open_window (HoneProject *project)
{
  HoneProjectWindow *window = hone_project_window_new (NULL, project);

  g_assert_true (HONE_IS_PROJECT_WINDOW (window));
  g_assert_true (hone_project_window_get_project (window) == project);
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

static GSettings *
get_settings (void)
{
  return g_settings_new ("app.hone.Hone");
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = get_settings ();

  g_settings_reset (settings, "project-window-width");
  g_settings_reset (settings, "project-window-height");
  g_settings_reset (settings, "project-window-maximized");
  g_settings_reset (settings, "last-page");
}

static void
show_page (HoneProjectWindow *window,
           const char        *page_name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "project.show-page", "s", page_name));
}

static GtkWidget *
get_page (HoneProjectWindow *window,
          const char        *page_name)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (find_widget (GTK_WIDGET (window), HONE_TYPE_EXAMPLES_PAGE)));

  return gtk_stack_get_child_by_name (stack, page_name);
}

static GtkStack *
get_stack (HoneProjectWindow *window)
{
  return GTK_STACK (gtk_widget_get_parent (get_page (window, HONE_PAGE_EXAMPLES)));
}

/* Tests ----------------------------------------------------------------- */

static void
test_sample_examples (void)
{
  HoneProject *project;
  HoneProjectWindow *window;
  GtkWidget *examples_page;
  GtkColumnView *column_view;
  GtkSelectionModel *selection;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_examples;

  reset_settings ();
  project = create_sample ();
  window = open_window (project);

  /* The examples page is what a project opens on */
  g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, HONE_PAGE_EXAMPLES);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_stack (window)), ==, HONE_PAGE_EXAMPLES);
  examples_page = get_page (window, HONE_PAGE_EXAMPLES);
  g_assert_true (HONE_IS_EXAMPLES_PAGE (examples_page));
  g_assert_true (gtk_widget_is_drawable (examples_page));

  /* One row per example */
  column_view = GTK_COLUMN_VIEW (find_widget (examples_page, GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (column_view);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (column_view)));
  selection = gtk_column_view_get_model (column_view);
  /* (not a GtkMultiSelection: that one loads every item it selects) */
  g_assert_true (HONE_IS_GRID_SELECTION (selection));
  n_examples = hone_project_count_examples (project, HONE_SPLIT_ANY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_examples, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, n_examples);
  g_assert_true (hone_grid_selection_get_model (HONE_GRID_SELECTION (selection)) ==
                 G_LIST_MODEL (hone_examples_page_get_model (HONE_EXAMPLES_PAGE (examples_page))));

  /* One column per field, then the split, the tokens and the problems */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==,
                    hone_project_get_n_fields (project) + 3);
  for (guint i = 0; i < hone_project_get_n_fields (project); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (gtk_column_view_get_columns (column_view), i);
      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==,
                       hone_field_get_name (hone_project_get_field (project, i)));
      g_assert_true (gtk_column_view_column_get_resizable (column));
      g_assert_cmpint (gtk_column_view_column_get_fixed_width (column), >, 0);
    }

  /* The first example's first value is drawn in the grid */
  first = hone_project_load_examples (project, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 1);
  {
    HoneField *field = hone_project_get_field (project, 0);
    const char *value = hone_example_get_value (g_ptr_array_index (first, 0), hone_field_get_id (field));
    g_autofree char *shown = hone_examples_page_format_cell (field, value);

    g_assert_nonnull (shown);
    g_assert_true (has_label_with_text (GTK_WIDGET (column_view), shown));
    g_assert_true (has_label_with_text (GTK_WIDGET (column_view),
                                        hone_split_get_label (hone_example_get_split (g_ptr_array_index (first, 0)))));
  }

  /* The summary counts the splits */
  {
    g_autofree char *total = g_strdup_printf ("%u examples", (guint) n_examples);
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean found = FALSE;

    collect_widgets (examples_page, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      if (g_str_has_prefix (gtk_label_get_text (g_ptr_array_index (labels, i)), total) &&
          strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), "training") != NULL)
        found = TRUE;
    g_assert_true (found);
  }

  /* The empty state is not shown */
  g_assert_false (gtk_widget_is_drawable (find_status_page (examples_page, "No Examples Yet")));

  close_window (window);
  g_assert_finalize_object (project);
}

static void
test_format_cell (void)
{
  g_autoptr(HoneField) text = hone_field_new (1, "text", HONE_FIELD_KIND_LONG_TEXT, "", NULL, 0);
  g_autoptr(HoneField) yes_no = hone_field_new (2, "ok", HONE_FIELD_KIND_YES_NO, "", NULL, 1);
  g_autoptr(GString) long_value = g_string_new (NULL);
  char *s;

  g_assert_null (hone_examples_page_format_cell (text, NULL));
  g_assert_null (hone_examples_page_format_cell (text, ""));

  s = hone_examples_page_format_cell (text, "one\ntwo\r\nthree\tfour");
  g_assert_cmpstr (s, ==, "one ⏎ two ⏎ three four");
  g_free (s);

  s = hone_examples_page_format_cell (yes_no, "true");
  g_assert_cmpstr (s, ==, "Yes");
  g_free (s);
  s = hone_examples_page_format_cell (yes_no, "false");
  g_assert_cmpstr (s, ==, "No");
  g_free (s);

  /* Long values are cut on a character boundary */
  for (guint i = 0; i < 1000; i++)
    g_string_append (long_value, "é");
  s = hone_examples_page_format_cell (text, long_value->str);
  g_assert_true (g_utf8_validate (s, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (s, -1), <, 1000);
  g_assert_true (g_str_has_suffix (s, "…"));
  g_free (s);
}

static void
test_pages (void)
{
  HoneProject *project;
  HoneProjectWindow *window;
  GtkWidget *fields_page;
  GtkWidget *templates_page;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  reset_settings ();
  project = create_sample ();
  window = open_window (project);

  /* project.show-page switches the stack */
  show_page (window, HONE_PAGE_FIELDS);
  g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, HONE_PAGE_FIELDS);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_stack (window)), ==, HONE_PAGE_FIELDS);
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));

  /* The fields page lists every field by name */
  fields_page = get_page (window, HONE_PAGE_FIELDS);
  g_assert_true (HONE_IS_FIELDS_PAGE (fields_page));
  g_assert_true (gtk_widget_is_drawable (fields_page));
  collect_widgets (fields_page, ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, ==, hone_project_get_n_fields (project));
  for (guint i = 0; i < hone_project_get_n_fields (project); i++)
    {
      HoneField *field = hone_project_get_field (project, i);
      gboolean found = FALSE;

      for (guint j = 0; j < rows->len; j++)
        if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, j)),
                       hone_field_get_name (field)) == 0)
          found = TRUE;
      g_assert_true (found);
    }

  /* The templates page shows the sample's templates */
  show_page (window, HONE_PAGE_TEMPLATES);
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));
  templates_page = get_page (window, HONE_PAGE_TEMPLATES);
  g_assert_true (HONE_IS_TEMPLATES_PAGE (templates_page));
  g_assert_true (gtk_widget_is_drawable (templates_page));
  {
    g_autoptr(GPtrArray) views = g_ptr_array_new ();

    collect_widgets (templates_page, GTK_SOURCE_TYPE_VIEW, views);
    g_assert_cmpuint (views->len, ==, HONE_N_TEMPLATE_ROLES);
    for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
      {
        GtkTextView *view = g_ptr_array_index (views, role);
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
        g_autofree char *text = NULL;
        GtkTextIter start, end;

        /* The templates page edits them */
        g_assert_true (gtk_text_view_get_editable (view));
        gtk_text_buffer_get_bounds (buffer, &start, &end);
        text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
        g_assert_cmpstr (text, ==, hone_project_get_template (project, role));
      }
  }

  /* Every page can be shown, and each placeholder says what is coming */
  for (guint i = 0; i < 9; i++)
    {
      const char *names[] = {
        HONE_PAGE_EXAMPLES, HONE_PAGE_FIELDS, HONE_PAGE_TEMPLATES, HONE_PAGE_CHECK, HONE_PAGE_FINETUNES,
        HONE_PAGE_PLAYGROUND, HONE_PAGE_COMPARE, HONE_PAGE_SYNTHESIZE, HONE_PAGE_FEEDBACK,
      };
      GtkWidget *page;

      show_page (window, names[i]);
      g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, names[i]);
      page = get_page (window, names[i]);
      g_assert_nonnull (page);
      if (i >= 5)   /* from the Playground on */
        {
          AdwStatusPage *status = ADW_STATUS_PAGE (find_widget (page, ADW_TYPE_STATUS_PAGE));
          g_assert_nonnull (status);
          g_assert_nonnull (adw_status_page_get_title (status));
          g_assert_nonnull (strstr (adw_status_page_get_description (status), "later version"));
        }
    }

  /* An unknown page changes nothing */
  show_page (window, HONE_PAGE_COMPARE);
  hone_project_window_show_page (window, "no-such-page");
  g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, HONE_PAGE_COMPARE);

  close_window (window);
  g_assert_finalize_object (project);
}

static gboolean
shortcut_is (GtkShortcut *shortcut,
             guint        keyval,
             GdkModifierType modifiers)
{
  GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

  return GTK_IS_KEYVAL_TRIGGER (trigger) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;
}

/* Runs what the window does for @keyval with @modifiers, as a key press
 * would; returns FALSE when nothing is bound to it */
static gboolean
activate_binding (GtkWidget       *widget,
                  guint            keyval,
                  GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (shortcut_is (shortcut, keyval, modifiers))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

static void
test_shortcuts (void)
{
  const char *names[] = {
    HONE_PAGE_EXAMPLES, HONE_PAGE_FIELDS, HONE_PAGE_TEMPLATES, HONE_PAGE_CHECK, HONE_PAGE_FINETUNES,
    HONE_PAGE_PLAYGROUND, HONE_PAGE_COMPARE, HONE_PAGE_SYNTHESIZE, HONE_PAGE_FEEDBACK,
  };
  HoneProject *project;
  HoneProjectWindow *window;

  reset_settings ();
  project = create_sample ();
  window = open_window (project);

  /* Alt+2 shows the fields, Alt+1 … Alt+9 the pages in sidebar order */
  g_assert_true (activate_binding (GTK_WIDGET (window), GDK_KEY_2, GDK_ALT_MASK));
  g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, HONE_PAGE_FIELDS);

  for (guint i = G_N_ELEMENTS (names); i > 0; i--)
    {
      g_assert_true (activate_binding (GTK_WIDGET (window), GDK_KEY_1 + i - 1, GDK_ALT_MASK));
      g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, names[i - 1]);
    }

  /* The sidebar follows, with its rows in the same order */
  {
    GtkListBox *list = get_sidebar (window);

    g_assert_cmpint (gtk_list_box_get_selection_mode (list), ==, GTK_SELECTION_BROWSE);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

        show_page (window, names[i]);
        g_assert_true (gtk_list_box_get_selected_row (list) == row);
      }

    /* Choosing a row shows its page */
    gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 2));
    g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, HONE_PAGE_TEMPLATES);
  }

  close_window (window);
  g_assert_finalize_object (project);
}

static void
test_empty_project (void)
{
  HoneProject *project;
  HoneProjectWindow *window;
  GtkWidget *examples_page;
  GtkWidget *status;

  reset_settings ();
  project = create_empty ();
  window = open_window (project);

  examples_page = get_page (window, HONE_PAGE_EXAMPLES);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hone_examples_page_get_model (HONE_EXAMPLES_PAGE (examples_page)))), ==, 0);
  status = find_status_page (examples_page, "No Examples Yet");
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_is_drawable (status));
  g_assert_false (gtk_widget_is_drawable (find_widget (examples_page, GTK_TYPE_COLUMN_VIEW)));

  show_page (window, HONE_PAGE_FIELDS);
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));
  status = find_status_page (get_page (window, HONE_PAGE_FIELDS), "No Fields Yet");
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_is_drawable (status));

  show_page (window, HONE_PAGE_TEMPLATES);
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));
  status = find_status_page (get_page (window, HONE_PAGE_TEMPLATES), "No Templates Yet");
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_is_drawable (status));

  /* A field added while the window is open appears on both pages */
  {
    g_autoptr(GError) error = NULL;
    GtkColumnView *column_view;
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    const char *values[] = { "Hello", NULL };

    hone_project_add_field (project, "greeting", HONE_FIELD_KIND_SHORT_TEXT, "", NULL, &error);
    g_assert_no_error (error);

    collect_widgets (get_page (window, HONE_PAGE_FIELDS), ADW_TYPE_ACTION_ROW, rows);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "greeting");

    column_view = GTK_COLUMN_VIEW (find_widget (examples_page, GTK_TYPE_COLUMN_VIEW));
    g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 4);

    /* …and an example, once the page is told to reload */
    hone_project_add_example (project, HONE_SPLIT_VALIDATION, HONE_EXAMPLE_SOURCE_TYPED, values, &error);
    g_assert_no_error (error);
    hone_examples_page_reload (HONE_EXAMPLES_PAGE (examples_page));
    show_page (window, HONE_PAGE_EXAMPLES);
    hone_ui_test_wait_for_frame (GTK_WIDGET (window));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (column_view))), ==, 1);
    g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (column_view)));
    g_assert_false (gtk_widget_is_drawable (find_status_page (examples_page, "No Examples Yet")));
    g_assert_true (has_label_with_text (GTK_WIDGET (column_view), "Hello"));
    g_assert_true (has_label_with_text (GTK_WIDGET (column_view), hone_split_get_label (HONE_SPLIT_VALIDATION)));
    g_assert_true (has_label_with_text (examples_page, "1 example · 0 training · 1 validation · 0 excluded"));
  }

  close_window (window);
  g_assert_finalize_object (project);
}

static void
test_title (void)
{
  g_autoptr(GError) error = NULL;
  HoneProject *project;
  HoneProjectWindow *window;
  g_autofree char *expected = NULL;
  AdwWindowTitle *title_widget;

  reset_settings ();
  project = create_sample ();
  window = open_window (project);

  expected = g_strdup_printf ("%s — Hone", hone_project_get_name (project));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, expected);
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), hone_sample_get_name ()));

  /* The content header shows the project and the page */
  title_widget = NULL;
  {
    g_autoptr(GPtrArray) titles = g_ptr_array_new ();

    collect_widgets (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, titles);
    for (guint i = 0; i < titles->len; i++)
      if (g_strcmp0 (adw_window_title_get_title (g_ptr_array_index (titles, i)),
                     hone_project_get_name (project)) == 0)
        title_widget = g_ptr_array_index (titles, i);
  }
  g_assert_nonnull (title_widget);
  g_assert_cmpstr (adw_window_title_get_subtitle (title_widget), ==, "Examples");
  show_page (window, HONE_PAGE_FINETUNES);
  g_assert_cmpstr (adw_window_title_get_subtitle (title_widget), ==, "Fine-tunes");

  /* A rename is followed */
  g_assert_true (hone_project_set_name (project, "Support tickets", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Support tickets — Hone");
  g_assert_cmpstr (adw_window_title_get_title (title_widget), ==, "Support tickets");

  close_window (window);
  g_assert_finalize_object (project);
}

static void
test_state (void)
{
  g_autoptr(GSettings) settings = get_settings ();
  HoneProject *project;
  HoneProjectWindow *window;
  AdwLeaflet *leaflet;
  g_autofree char *last_page = NULL;

  reset_settings ();
  project = create_sample ();

  /* The last page and the size are restored */
  g_settings_set_string (settings, "last-page", HONE_PAGE_COMPARE);
  g_settings_set_int (settings, "project-window-width", 1100);
  g_settings_set_int (settings, "project-window-height", 700);
  window = open_window (project);
  g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, HONE_PAGE_COMPARE);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 1100);
    g_assert_cmpint (height, ==, 700);
    /* Less the client-side decorations' margin, if any */
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1100);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >, 1000);
  }
  leaflet = ADW_LEAFLET (find_widget (GTK_WIDGET (window), ADW_TYPE_LEAFLET));
  g_assert_false (adw_leaflet_get_folded (leaflet));

  /* The visible page is remembered as it changes */
  show_page (window, HONE_PAGE_TEMPLATES);
  last_page = g_settings_get_string (settings, "last-page");
  g_assert_cmpstr (last_page, ==, HONE_PAGE_TEMPLATES);

  /* Closing keeps the size */
  g_settings_set_int (settings, "project-window-width", 1);
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  hone_ui_test_spin (50);
  g_assert_finalize_object (window);
  g_assert_cmpint (g_settings_get_int (settings, "project-window-width"), ==, 1100);
  g_assert_cmpint (g_settings_get_int (settings, "project-window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "project-window-maximized"));

  /* An unknown page falls back to the examples */
  g_settings_set_string (settings, "last-page", "no-such-page");
  window = open_window (project);
  g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, HONE_PAGE_EXAMPLES);
  close_window (window);

  g_assert_finalize_object (project);
}

static void
test_narrow (void)
{
  g_autoptr(GSettings) settings = get_settings ();
  HoneProject *project;
  HoneProjectWindow *window;
  AdwLeaflet *leaflet;
  GtkListBox *list;

  reset_settings ();
  project = create_sample ();

  g_settings_set_int (settings, "project-window-width", 600);
  g_settings_set_int (settings, "project-window-height", 600);
  window = open_window (project);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 600);

  /* Narrow: one side at a time, the page first */
  leaflet = ADW_LEAFLET (find_widget (GTK_WIDGET (window), ADW_TYPE_LEAFLET));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");

  /* Back shows the sidebar; choosing a page shows it */
  adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "sidebar");
  list = get_sidebar (window);
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 1));
  g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, HONE_PAGE_FIELDS);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");

  /* The shortcuts show the page itself too */
  adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  show_page (window, HONE_PAGE_TEMPLATES);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "content");
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));

  close_window (window);
  g_assert_finalize_object (project);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  tmp_dir = g_dir_make_tmp ("hone-test-project-window-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  data_home = g_build_filename (tmp_dir, "data", NULL);
  g_mkdir_with_parents (data_home, 0700);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/project-window/format-cell", test_format_cell);
  g_test_add_func ("/project-window/sample-examples", test_sample_examples);
  g_test_add_func ("/project-window/pages", test_pages);
  g_test_add_func ("/project-window/shortcuts", test_shortcuts);
  g_test_add_func ("/project-window/empty-project", test_empty_project);
  g_test_add_func ("/project-window/title", test_title);
  g_test_add_func ("/project-window/state", test_state);
  g_test_add_func ("/project-window/narrow", test_narrow);

  ret = g_test_run ();

  gtk_source_finalize ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
