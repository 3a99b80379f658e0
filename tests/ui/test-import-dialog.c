/* test-import-dialog.c: importing files, exporting examples and dropping files, in process
 *
 * Runs under Xvfb (see tests/ui/meson.build for the environment). Each test
 * writes its files in a fresh temporary folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "hone-application.h"
#include "hone-examples-page.h"
#include "hone-project-window.h"
#include "hone-projects-window.h"
#include "dialogs/hone-export-dialog.h"
#include "dialogs/hone-import-dialog.h"

static char *tmp_dir;
static char *data_home;
static guint file_counter;
static GtkApplication *test_app;

/* Main loop helpers -------------------------------------------------------- */

#define WAIT_TIMEOUT_USEC (20 * G_USEC_PER_SEC)

/* Runs the main loop until @expr holds or 20 s have passed; the caller
 * asserts @expr afterwards, so a timeout fails the test. */
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
  gulong id;

  WAIT_UNTIL (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_get_mapped (widget));

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  WAIT_UNTIL (painted);
  g_signal_handler_disconnect (clock, id);
  g_assert_true (painted);
}

/* libadwaita 1.2 crashes when a toast is dismissed during its show
 * animation (a window going away dismisses its toasts): let it show */
static void
wait_for_toast_shown (void)
{
  spin (600);
}

/* Widgets ------------------------------------------------------------------ */

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

/* The preferences row of @type titled @title under @root */
static gpointer
find_row (gpointer    root,
          GType       type,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (root), type, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);

  return NULL;
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

/* The toplevel titled @title, or NULL */
static GtkWindow *
find_window_titled (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (window), title) == 0)
        return window;
    }

  return NULL;
}

/* Whether the action of the buttons that activate @action_name is enabled
 * (GTK 4.8 has no getter: a button follows its action's state) */
static gboolean
action_enabled (gpointer    root,
                const char *action_name)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (root), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), action_name) == 0)
      return gtk_widget_get_sensitive (g_ptr_array_index (buttons, i));

  g_assert_not_reached ();
}

/* TRUE when @widget binds @keyval + @modifiers to @action_name */
static gboolean
has_binding (GtkWidget       *widget,
             guint            keyval,
             GdkModifierType  modifiers,
             const char      *action_name)
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
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
              GTK_IS_NAMED_ACTION (action) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), action_name) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

/* Files and projects --------------------------------------------------------- */

static GFile *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static GFile *
new_file (const char *prefix,
          const char *suffix)
{
  g_autofree char *name = g_strdup_printf ("%s-%u%s", prefix, ++file_counter, suffix);

  return g_file_new_build_filename (tmp_dir, name, NULL);
}

static HoneProject *
create_project (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = new_file ("project", HONE_PROJECT_EXTENSION);
  HoneProject *project = hone_project_create (file, name, &error);

  g_assert_no_error (error);
  return project;
}

/* A project with the fields "text" (long text) and "score" (number) */
static HoneProject *
create_project_with_fields (void)
{
  g_autoptr(GError) error = NULL;
  HoneProject *project = create_project ("Reviews");

  hone_project_add_field (project, "text", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error);
  g_assert_no_error (error);
  hone_project_add_field (project, "score", HONE_FIELD_KIND_NUMBER, "", NULL, &error);
  g_assert_no_error (error);

  return project;
}

static gint64
count_examples (HoneProject *project)
{
  g_autoptr(GError) error = NULL;
  gint64 n = hone_project_count_examples (project, HONE_SPLIT_ANY, &error);

  g_assert_no_error (error);
  return n;
}

/* The value of the field @field_name of the example at @position (by id) */
static char *
dup_value (HoneProject *project,
           guint        position,
           const char  *field_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) examples = hone_project_load_examples (project, position, 1, &error);
  HoneField *field = hone_project_find_field (project, field_name);

  g_assert_no_error (error);
  g_assert_nonnull (field);
  g_assert_cmpuint (examples->len, ==, 1);

  return g_strdup (hone_example_get_value (g_ptr_array_index (examples, 0), hone_field_get_id (field)));
}

static HoneProjectWindow *
open_window (HoneProject *project)
{
  HoneProjectWindow *window = hone_project_window_new (test_app, project);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (window));

  return window;
}

static void
close_window (HoneProjectWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  g_assert_finalize_object (window);
}

/* The dialog --------------------------------------------------------------- */

static HoneImportDialog *
open_dialog (HoneProjectWindow *window,
             GFile             *file)
{
  HoneImportDialog *dialog = hone_project_window_import_file (window, file);

  g_assert_true (HONE_IS_IMPORT_DIALOG (dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (g_file_equal (hone_import_dialog_get_source (dialog), file));
  g_object_ref (dialog);

  return dialog;
}

static void
wait_for_preview (HoneImportDialog *dialog)
{
  WAIT_UNTIL (g_strcmp0 (hone_import_dialog_get_state (dialog), "loading") != 0);
  g_assert_cmpstr (hone_import_dialog_get_state (dialog), !=, "loading");
}

static guint
preview_n_rows (HoneImportDialog *dialog)
{
  GtkColumnView *view = hone_import_dialog_get_preview_view (dialog);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
}

static guint
preview_n_columns (HoneImportDialog *dialog)
{
  GtkColumnView *view = hone_import_dialog_get_preview_view (dialog);

  return g_list_model_get_n_items (gtk_column_view_get_columns (view));
}

static const char *
preview_column_title (HoneImportDialog *dialog,
                      guint             position)
{
  GtkColumnView *view = hone_import_dialog_get_preview_view (dialog);
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (gtk_column_view_get_columns (view), position);

  return gtk_column_view_column_get_title (column);
}

static const char *
preview_value (HoneImportDialog *dialog,
               guint             row,
               guint             column,
               const char      **problem)
{
  return hone_importer_get_preview_value (hone_import_dialog_get_importer (dialog), row, column, problem);
}

/* Chooses item @position of the combo row titled @title */
static void
choose (gpointer    root,
        const char *title,
        guint       position)
{
  AdwComboRow *row = find_row (root, ADW_TYPE_COMBO_ROW, title);

  g_assert_nonnull (row);
  adw_combo_row_set_selected (row, position);
}

/* The mapping rows of the column @column_name */
static AdwExpanderRow *
column_row (HoneImportDialog *dialog,
            const char       *column_name)
{
  AdwExpanderRow *row = find_row (dialog, ADW_TYPE_EXPANDER_ROW, column_name);

  g_assert_nonnull (row);
  return row;
}

static void
set_skip_rows (HoneImportDialog *dialog,
               gboolean          skip)
{
  AdwActionRow *row = find_row (dialog, ADW_TYPE_ACTION_ROW, "Skip _Rows That Cannot Be Imported");
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  g_assert_nonnull (row);
  collect_widgets (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (checks->len, ==, 1);
  gtk_check_button_set_active (g_ptr_array_index (checks, 0), skip);
}

static void
finished_cb (HoneImportDialog *dialog,
             gboolean          imported,
             int              *result)
{
  *result = imported ? 1 : 0;
}

/* Presses Import and waits until the dialog is done: TRUE when it imported
 * (and closed), FALSE when it stayed open with a message */
static gboolean
run_import (HoneImportDialog *dialog)
{
  int result = -1;
  gulong id = g_signal_connect (dialog, "finished", G_CALLBACK (finished_cb), &result);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.start", NULL));
  g_assert_cmpstr (hone_import_dialog_get_state (dialog), ==, "running");

  WAIT_UNTIL (result != -1 || g_strcmp0 (hone_import_dialog_get_state (dialog), "running") != 0);
  g_assert_cmpstr (hone_import_dialog_get_state (dialog), !=, "running");
  g_signal_handler_disconnect (dialog, id);

  return result == 1;
}

static void
close_dialog (HoneImportDialog *dialog)
{
  /* Whatever is still loading finishes first: it holds the dialog */
  wait_for_preview (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (50);
  g_assert_finalize_object (dialog);
}

/* Tests -------------------------------------------------------------------- */

static const char reviews_csv[] =
  "name,body,stars\r\n"
  "Ada,\"Loved it, truly\",5\r\n"
  "Bob,\"Two lines\nof text\",3\r\n"
  "Cy,Meh,2\r\n"
  "Di,,4\r\n";

static void
test_preview (void)
{
  HoneProject *project = create_project ("Reviews");
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) file = write_file ("reviews.csv", reviews_csv, -1);
  HoneImportDialog *dialog;

  dialog = open_dialog (window, file);
  wait_for_frame (GTK_WIDGET (dialog));
  wait_for_preview (dialog);
  g_assert_cmpstr (hone_import_dialog_get_state (dialog), ==, "preview");
  g_assert_null (hone_import_dialog_get_message (dialog));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (hone_import_dialog_get_preview_view (dialog))));

  /* Four rows; the line numbers, then one column per column of the file */
  g_assert_cmpuint (preview_n_rows (dialog), ==, 4);
  g_assert_cmpuint (preview_n_columns (dialog), ==, 4);
  g_assert_cmpstr (preview_column_title (dialog, 1), ==, "name");
  g_assert_cmpstr (preview_column_title (dialog, 2), ==, "body");
  g_assert_cmpstr (preview_column_title (dialog, 3), ==, "stars");
  g_assert_cmpstr (preview_value (dialog, 0, 1, NULL), ==, "Loved it, truly");
  g_assert_cmpstr (preview_value (dialog, 1, 1, NULL), ==, "Two lines\nof text");
  g_assert_cmpstr (preview_value (dialog, 2, 2, NULL), ==, "2");
  g_assert_null (preview_value (dialog, 3, 1, NULL));
  g_assert_cmpuint (hone_importer_get_preview_row_line (hone_import_dialog_get_importer (dialog), 2), ==, 5);

  /* …as the person sees them: one line per value */
  wait_for_frame (GTK_WIDGET (dialog));
  g_assert_true (has_label_with_text (GTK_WIDGET (hone_import_dialog_get_preview_view (dialog)), "Ada"));
  g_assert_true (has_label_with_text (GTK_WIDGET (hone_import_dialog_get_preview_view (dialog)), "Two lines ⏎ of text"));

  /* What was found is said */
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (dialog, ADW_TYPE_COMBO_ROW, "_Format")), ==, "Found: CSV");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (dialog, ADW_TYPE_COMBO_ROW, "_Delimiter")), ==, "Found: Comma");
  g_assert_false (gtk_widget_get_visible (find_row (dialog, ADW_TYPE_COMBO_ROW, "_Encoding")));

  /* Another delimiter: every line is one value */
  choose (dialog, "_Delimiter", 2);
  g_assert_cmpstr (hone_import_dialog_get_state (dialog), ==, "loading");
  wait_for_preview (dialog);
  g_assert_cmpuint (hone_importer_get_delimiter (hone_import_dialog_get_importer (dialog)), ==, ';');
  g_assert_cmpuint (preview_n_columns (dialog), ==, 2);
  g_assert_cmpstr (preview_column_title (dialog, 1), ==, "name,body,stars");
  /* (the quote in the middle of "Bob,\"Two lines" is a plain character now) */
  g_assert_cmpstr (preview_value (dialog, 3, 0, NULL), ==, "Cy,Meh,2");

  /* No header: the first row is an example too */
  choose (dialog, "_Delimiter", 0);
  {
    g_autoptr(GPtrArray) switches = g_ptr_array_new ();

    collect_widgets (find_row (dialog, ADW_TYPE_ACTION_ROW, "First Row Is a _Header"), GTK_TYPE_SWITCH, switches);
    g_assert_cmpuint (switches->len, ==, 1);
    g_assert_true (gtk_switch_get_active (g_ptr_array_index (switches, 0)));
    gtk_switch_set_active (g_ptr_array_index (switches, 0), FALSE);
  }
  wait_for_preview (dialog);
  g_assert_false (hone_importer_get_has_header (hone_import_dialog_get_importer (dialog)));
  g_assert_cmpuint (preview_n_rows (dialog), ==, 5);
  g_assert_cmpuint (preview_n_columns (dialog), ==, 4);
  g_assert_cmpstr (preview_column_title (dialog, 1), ==, "Column 1");
  g_assert_cmpstr (preview_value (dialog, 0, 0, NULL), ==, "name");

  /* Changes that follow each other quickly: only the last one shows */
  choose (dialog, "_Delimiter", 3);
  choose (dialog, "_Delimiter", 2);
  choose (dialog, "_Delimiter", 1);
  wait_for_preview (dialog);
  g_assert_cmpuint (preview_n_columns (dialog), ==, 4);

  close_dialog (dialog);
  close_window (window);
  g_assert_finalize_object (project);
}

static void
test_encoding (void)
{
  const char latin1[] = "name,dish\nAnn,caf\xe9 cr\xe8me\nBen,na\xefve\n";
  HoneProject *project = create_project ("Menu");
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) file = write_file ("menu.csv", latin1, sizeof latin1 - 1);
  HoneImportDialog *dialog;
  HoneImporter *importer;
  AdwComboRow *encoding_row;

  dialog = open_dialog (window, file);
  importer = hone_import_dialog_get_importer (dialog);
  wait_for_preview (dialog);
  wait_for_preview (dialog);

  /* Not UTF-8: the encodings are offered, the person told, the most likely
   * one tried */
  encoding_row = find_row (dialog, ADW_TYPE_COMBO_ROW, "_Encoding");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (encoding_row)));
  g_assert_cmpstr (hone_import_dialog_get_message (dialog), ==,
                   "This file is not in UTF-8. Choose the encoding it was saved in; the preview shows the result.");
  g_assert_cmpstr (hone_importer_get_encoding (importer), ==, "WINDOWS-1252");
  g_assert_cmpuint (adw_combo_row_get_selected (encoding_row), ==, 0);
  {
    g_autoptr(GtkStringObject) first = g_list_model_get_item (adw_combo_row_get_model (encoding_row), 0);
    g_autoptr(GtkStringObject) second = g_list_model_get_item (adw_combo_row_get_model (encoding_row), 1);

    g_assert_nonnull (strstr (gtk_string_object_get_string (first), "Windows-1252"));
    g_assert_nonnull (strstr (gtk_string_object_get_string (second), "ISO-8859-1"));
  }
  g_assert_cmpstr (hone_import_dialog_get_state (dialog), ==, "preview");
  g_assert_cmpstr (preview_value (dialog, 0, 1, NULL), ==, "café crème");

  /* A wrong choice shows in the preview… */
  for (guint i = 0; i < g_list_model_get_n_items (adw_combo_row_get_model (encoding_row)); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (adw_combo_row_get_model (encoding_row), i);

      if (strstr (gtk_string_object_get_string (item), "Cyrillic (Windows-1251)") != NULL)
        choose (dialog, "_Encoding", i);
    }
  wait_for_preview (dialog);
  g_assert_cmpstr (hone_importer_get_encoding (importer), ==, "WINDOWS-1251");
  g_assert_cmpstr (hone_import_dialog_get_state (dialog), ==, "preview");
  g_assert_cmpstr (preview_value (dialog, 0, 1, NULL), !=, "café crème");

  /* …and choosing Windows-1252 again fixes it */
  choose (dialog, "_Encoding", 0);
  wait_for_preview (dialog);
  g_assert_cmpstr (hone_importer_get_encoding (importer), ==, "WINDOWS-1252");
  g_assert_cmpstr (preview_value (dialog, 0, 1, NULL), ==, "café crème");
  wait_for_frame (GTK_WIDGET (dialog));
  g_assert_true (has_label_with_text (GTK_WIDGET (hone_import_dialog_get_preview_view (dialog)), "café crème"));

  /* ISO-8859-1 reads these bytes the same way; the import keeps them */
  choose (dialog, "_Encoding", 1);
  wait_for_preview (dialog);
  g_assert_cmpstr (preview_value (dialog, 1, 1, NULL), ==, "naïve");
  g_assert_true (run_import (dialog));
  {
    g_autofree char *value = dup_value (project, 0, "dish");

    g_assert_cmpstr (value, ==, "café crème");
  }

  wait_for_toast_shown ();
  g_assert_finalize_object (dialog);
  close_window (window);
  g_assert_finalize_object (project);
}

static void
test_mapping_import (void)
{
  HoneProject *project = create_project_with_fields ();
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) file = write_file ("reviews.csv", reviews_csv, -1);
  HoneImportDialog *dialog;
  AdwExpanderRow *row;
  AdwToast *toast;
  HoneExamplesPage *page;

  g_assert_true (hone_project_window_get_examples_page (window) != NULL);
  page = hone_project_window_get_examples_page (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hone_examples_page_get_model (page))), ==, 0);

  dialog = open_dialog (window, file);
  wait_for_preview (dialog);

  /* One mapping row per column; a new field by default */
  g_assert_cmpuint (hone_importer_get_column_target (hone_import_dialog_get_importer (dialog), 0), ==,
                    HONE_IMPORT_TARGET_NEW_FIELD);

  /* "body" goes into the existing field "text" (the first field: item 1) */
  row = column_row (dialog, "body");
  choose (row, "Goes To", 1);
  g_assert_cmpuint (hone_importer_get_column_target (hone_import_dialog_get_importer (dialog), 1), ==,
                    HONE_IMPORT_TARGET_EXISTING_FIELD);
  g_assert_cmpstr (hone_importer_get_column_field_name (hone_import_dialog_get_importer (dialog), 1), ==, "text");
  g_assert_cmpstr (preview_column_title (dialog, 2), ==, "text");
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, "Into the field “text”");
  g_assert_false (gtk_widget_get_visible (find_row (row, ADW_TYPE_ENTRY_ROW, "Field Name")));

  /* "stars" is skipped (the last item) */
  row = column_row (dialog, "stars");
  choose (row, "Goes To", hone_project_get_n_fields (project) + 1);
  g_assert_cmpuint (hone_importer_get_column_target (hone_import_dialog_get_importer (dialog), 2), ==,
                    HONE_IMPORT_TARGET_SKIP);
  g_assert_null (preview_value (dialog, 0, 2, NULL));
  g_assert_cmpstr (preview_column_title (dialog, 3), ==, "stars (skipped)");

  /* "name" becomes the new field "author", a short text */
  row = column_row (dialog, "name");
  gtk_editable_set_text (GTK_EDITABLE (find_row (row, ADW_TYPE_ENTRY_ROW, "Field Name")), "author");
  choose (row, "Kind", 1 + HONE_FIELD_KIND_SHORT_TEXT);
  g_assert_cmpstr (hone_importer_get_column_field_name (hone_import_dialog_get_importer (dialog), 0), ==, "author");
  g_assert_false (hone_importer_get_column_kind_is_auto (hone_import_dialog_get_importer (dialog), 0));
  g_assert_cmpstr (preview_column_title (dialog, 1), ==, "author");

  /* A name that is taken is marked */
  gtk_editable_set_text (GTK_EDITABLE (find_row (row, ADW_TYPE_ENTRY_ROW, "Field Name")), "score");
  g_assert_true (gtk_widget_has_css_class (find_row (row, ADW_TYPE_ENTRY_ROW, "Field Name"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (find_row (row, ADW_TYPE_ENTRY_ROW, "Field Name")), "author");
  g_assert_false (gtk_widget_has_css_class (find_row (row, ADW_TYPE_ENTRY_ROW, "Field Name"), "error"));

  /* The examples go to validation */
  choose (dialog, "_Split", 1);

  g_assert_true (run_import (dialog));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* Four examples, values as mapped */
  g_assert_cmpint (count_examples (project), ==, 4);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_VALIDATION, NULL), ==, 4);
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 3);
  g_assert_nonnull (hone_project_find_field (project, "author"));
  g_assert_cmpint (hone_field_get_kind (hone_project_find_field (project, "author")), ==, HONE_FIELD_KIND_SHORT_TEXT);
  g_assert_null (hone_project_find_field (project, "stars"));
  g_assert_null (hone_project_find_field (project, "body"));
  {
    g_autofree char *author = dup_value (project, 1, "author");
    g_autofree char *text = dup_value (project, 1, "text");
    g_autofree char *score = dup_value (project, 1, "score");

    g_assert_cmpstr (author, ==, "Bob");
    g_assert_cmpstr (text, ==, "Two lines\nof text");
    g_assert_null (score);
  }

  /* The project window says so, and shows them */
  toast = hone_import_dialog_get_result_toast (dialog);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Imported 4 examples");
  g_assert_null (adw_toast_get_button_label (toast));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hone_examples_page_get_model (page))), ==, 4);

  wait_for_toast_shown ();
  g_assert_finalize_object (dialog);
  close_window (window);
  g_assert_finalize_object (project);
}

/* Five rows; the one at line 4 has a value too many */
static const char bad_row_csv[] =
  "text,score\n"
  "good one,1\n"
  "good two,2\n"
  "bad,3,extra\n"
  "good three,4\n";

static void
test_bad_row (void)
{
  HoneProject *project = create_project_with_fields ();
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) file = write_file ("bad.csv", bad_row_csv, -1);
  HoneImportDialog *dialog;
  GtkWindow *skipped;

  dialog = open_dialog (window, file);
  wait_for_preview (dialog);

  /* The preview names the bad row */
  g_assert_cmpuint (preview_n_rows (dialog), ==, 3);
  {
    GPtrArray *problems = hone_importer_get_preview_problems (hone_import_dialog_get_importer (dialog));

    g_assert_cmpuint (problems->len, ==, 1);
    g_assert_cmpuint (((HoneImportProblem *) g_ptr_array_index (problems, 0))->line, ==, 4);
  }

  /* Without skipping, the import fails at that line and changes nothing */
  g_assert_false (run_import (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (hone_import_dialog_get_state (dialog), ==, "preview");
  g_assert_nonnull (hone_import_dialog_get_message (dialog));
  g_assert_nonnull (strstr (hone_import_dialog_get_message (dialog), "line 4"));
  g_assert_nonnull (strstr (hone_import_dialog_get_message (dialog), "bad.csv"));
  g_assert_cmpint (count_examples (project), ==, 0);
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 2);

  /* Skipping: the good rows land, the bad one is listed */
  set_skip_rows (dialog, TRUE);
  g_assert_true (run_import (dialog));
  g_assert_cmpint (count_examples (project), ==, 3);
  {
    g_autofree char *text = dup_value (project, 2, "text");
    g_autofree char *score = dup_value (project, 2, "score");

    g_assert_cmpstr (text, ==, "good three");
    g_assert_cmpstr (score, ==, "4");
  }

  {
    AdwToast *toast = hone_import_dialog_get_result_toast (dialog);
    g_autofree char *expected = hone_import_dialog_format_result (3, 1);

    g_assert_cmpstr (expected, ==, "Imported 3 examples · 1 row skipped");
    g_assert_cmpstr (adw_toast_get_title (toast), ==, expected);
    g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Details");

    /* Details lists the row, with its line and what is wrong with it */
    wait_for_toast_shown ();
    g_signal_emit_by_name (toast, "button-clicked");
  }

  skipped = find_window_titled ("Skipped Rows");
  g_assert_nonnull (skipped);
  g_assert_true (gtk_window_get_transient_for (skipped) == GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (skipped));
  {
    AdwActionRow *line_row = find_row (skipped, ADW_TYPE_ACTION_ROW, "Line 4");

    g_assert_nonnull (line_row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (line_row), "column 3"));
    g_assert_true (has_label_with_text (GTK_WIDGET (skipped), "1 row of “bad.csv” was not imported:"));
  }
  g_object_ref (skipped);
  gtk_window_destroy (skipped);
  g_assert_finalize_object (skipped);

  g_assert_finalize_object (dialog);
  close_window (window);
  g_assert_finalize_object (project);
}

/* A value that does not fit its field shows in the preview */
static void
test_value_problem (void)
{
  const char csv[] = "text,score\nfine,1\nnot a number,many\n";
  HoneProject *project = create_project_with_fields ();
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) file = write_file ("scores.csv", csv, sizeof csv - 1);
  HoneImportDialog *dialog;
  const char *problem = NULL;

  dialog = open_dialog (window, file);
  wait_for_preview (dialog);

  /* Both columns go to the fields of the same names */
  g_assert_cmpuint (hone_importer_get_column_target (hone_import_dialog_get_importer (dialog), 1), ==,
                    HONE_IMPORT_TARGET_EXISTING_FIELD);
  g_assert_cmpstr (preview_value (dialog, 0, 1, &problem), ==, "1");
  g_assert_null (problem);
  g_assert_null (preview_value (dialog, 1, 1, &problem));
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "many"));

  /* The cell says so, in the error style, with the reason as its tooltip */
  wait_for_frame (GTK_WIDGET (dialog));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    GtkWidget *cell = NULL;

    collect_widgets (GTK_WIDGET (hone_import_dialog_get_preview_view (dialog)), GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "error"))
        cell = g_ptr_array_index (labels, i);
    g_assert_nonnull (cell);
    g_assert_cmpstr (g_object_get_data (G_OBJECT (cell), "hone-tooltip"), ==, problem);
  }

  /* Sent to a new field of text instead, it fits */
  choose (column_row (dialog, "score"), "Goes To", 0);
  gtk_editable_set_text (GTK_EDITABLE (find_row (column_row (dialog, "score"), ADW_TYPE_ENTRY_ROW, "Field Name")),
                         "score text");
  g_assert_cmpstr (preview_value (dialog, 1, 1, &problem), ==, "many");
  g_assert_null (problem);

  close_dialog (dialog);
  g_assert_cmpint (count_examples (project), ==, 0);
  close_window (window);
  g_assert_finalize_object (project);
}

static void
test_random_split (void)
{
  g_autoptr(GString) csv = g_string_new ("text\n");
  HoneProject *project = create_project ("Split");
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) file = NULL;
  HoneImportDialog *dialog;
  GtkSpinButton *ratio;
  gint64 n_validation;

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (csv, "example %u\n", i);
  file = write_file ("split.csv", csv->str, csv->len);

  dialog = open_dialog (window, file);
  wait_for_preview (dialog);

  /* Ratio and seed show only for a random split; 10 % and 1 by default */
  g_assert_false (gtk_widget_get_visible (find_row (dialog, ADW_TYPE_ACTION_ROW, "_Validation Share")));
  choose (dialog, "_Split", 3);
  g_assert_true (gtk_widget_get_visible (find_row (dialog, ADW_TYPE_ACTION_ROW, "_Validation Share")));
  g_assert_true (gtk_widget_get_visible (find_row (dialog, ADW_TYPE_ACTION_ROW, "S_eed")));
  {
    g_autoptr(GPtrArray) spins = g_ptr_array_new ();

    collect_widgets (find_row (dialog, ADW_TYPE_ACTION_ROW, "_Validation Share"), GTK_TYPE_SPIN_BUTTON, spins);
    ratio = g_ptr_array_index (spins, 0);
    g_assert_cmpfloat (gtk_spin_button_get_value (ratio), ==, 10.0);
    g_ptr_array_set_size (spins, 0);
    collect_widgets (find_row (dialog, ADW_TYPE_ACTION_ROW, "S_eed"), GTK_TYPE_SPIN_BUTTON, spins);
    g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (spins, 0)), ==, 1.0);
  }
  gtk_spin_button_set_value (ratio, 50);

  g_assert_true (run_import (dialog));
  g_assert_cmpint (count_examples (project), ==, 200);
  n_validation = hone_project_count_examples (project, HONE_SPLIT_VALIDATION, NULL);
  g_assert_cmpint (n_validation, >, 50);
  g_assert_cmpint (n_validation, <, 150);
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_TRAIN, NULL), ==, 200 - n_validation);
  {
    double fraction;
    guint32 seed;

    g_assert_true (hone_importer_get_random_split (hone_import_dialog_get_importer (dialog), NULL, &fraction, &seed));
    g_assert_cmpfloat (fraction, ==, 0.5);
    g_assert_cmpuint (seed, ==, 1);
  }

  wait_for_toast_shown ();
  g_assert_finalize_object (dialog);
  close_window (window);
  g_assert_finalize_object (project);
}

typedef struct {
  HoneImportDialog *dialog;
  gboolean          cancelled;
  double            progress_at_cancel;
} CancelData;

static void
progress_cb (HoneImporter *importer,
             GParamSpec   *pspec,
             CancelData   *data)
{
  double progress = hone_importer_get_progress (importer);

  if (data->cancelled || progress <= 0.0 || progress >= 1.0)
    return;

  data->cancelled = TRUE;
  data->progress_at_cancel = progress;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (data->dialog), "import.cancel", NULL));
}

static void
test_cancel (void)
{
  g_autoptr(GString) csv = g_string_new ("topic,facts,release\n");
  HoneProject *project = create_project ("Big");
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) file = NULL;
  HoneImportDialog *dialog;
  CancelData data = { 0 };
  gulong id;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (csv, "Topic %u,\"fact one %u\nfact two\",The release number %u is long enough to take a while.\n",
                            i, i, i);
  file = write_file ("big.csv", csv->str, csv->len);

  dialog = open_dialog (window, file);
  wait_for_preview (dialog);
  g_assert_cmpuint (preview_n_rows (dialog), ==, HONE_IMPORT_DIALOG_PREVIEW_ROWS);

  data.dialog = dialog;
  id = g_signal_connect (hone_import_dialog_get_importer (dialog), "notify::progress",
                         G_CALLBACK (progress_cb), &data);

  /* While it runs the dialog cannot be closed, except by Cancel */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.start", NULL));
  g_assert_cmpstr (hone_import_dialog_get_state (dialog), ==, "running");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_false (action_enabled (dialog, "import.start"));

  WAIT_UNTIL (g_strcmp0 (hone_import_dialog_get_state (dialog), "running") != 0);
  g_signal_handler_disconnect (hone_import_dialog_get_importer (dialog), id);
  g_assert_true (data.cancelled);
  g_assert_cmpfloat (data.progress_at_cancel, <, 1.0);

  /* Nothing changed; the dialog is back, saying so */
  g_assert_cmpstr (hone_import_dialog_get_state (dialog), ==, "preview");
  g_assert_cmpstr (hone_import_dialog_get_message (dialog), ==, "Stopped. Nothing was imported.");
  g_assert_cmpint (count_examples (project), ==, 0);
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 0);
  g_assert_true (action_enabled (dialog, "import.start"));

  /* Cancel now closes it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL));
  WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (dialog)));
  spin (50);
  g_assert_finalize_object (dialog);

  close_window (window);
  g_assert_finalize_object (project);
}

static void
test_jsonl (void)
{
  const char jsonl[] =
    "{\"prompt\": \"Say hi\", \"answer\": \"Hi!\", \"ok\": true}\n"
    "{\"prompt\": \"Say bye\", \"answer\": \"Bye.\", \"ok\": false}\n";
  HoneProject *project = create_project ("Chat");
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) file = write_file ("chat.jsonl", jsonl, sizeof jsonl - 1);
  HoneImportDialog *dialog;

  dialog = open_dialog (window, file);
  wait_for_preview (dialog);

  /* JSON has neither delimiter nor header */
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (dialog, ADW_TYPE_COMBO_ROW, "_Format")), ==, "Found: JSON Lines");
  g_assert_false (gtk_widget_get_visible (find_row (dialog, ADW_TYPE_COMBO_ROW, "_Delimiter")));
  g_assert_false (gtk_widget_get_visible (find_row (dialog, ADW_TYPE_ACTION_ROW, "First Row Is a _Header")));
  g_assert_cmpuint (preview_n_rows (dialog), ==, 2);
  g_assert_cmpuint (preview_n_columns (dialog), ==, 4);
  g_assert_cmpstr (preview_value (dialog, 1, 1, NULL), ==, "Bye.");

  g_assert_true (run_import (dialog));
  g_assert_cmpint (count_examples (project), ==, 2);
  g_assert_cmpint (hone_field_get_kind (hone_project_find_field (project, "ok")), ==, HONE_FIELD_KIND_YES_NO);

  wait_for_toast_shown ();
  g_assert_finalize_object (dialog);
  close_window (window);
  g_assert_finalize_object (project);
}

/* A file Hone cannot read at all: the dialog says why and offers no import */
static void
test_unreadable (void)
{
  HoneProject *project = create_project ("Nothing");
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) file = new_file ("missing", ".csv");
  HoneImportDialog *dialog;

  dialog = open_dialog (window, file);
  wait_for_preview (dialog);
  g_assert_cmpstr (hone_import_dialog_get_state (dialog), ==, "error");
  g_assert_nonnull (strstr (hone_import_dialog_get_message (dialog), "There is no file"));
  g_assert_false (action_enabled (dialog, "import.start"));
  g_assert_cmpuint (preview_n_columns (dialog), ==, 0);

  close_dialog (dialog);
  close_window (window);
  g_assert_finalize_object (project);
}

/* Export ------------------------------------------------------------------- */

static HoneProject *
create_export_project (void)
{
  g_autoptr(GError) error = NULL;
  HoneProject *project = create_project ("Press “2025”");
  const char *first[] = { "Ada", "Hello, world", "5" };
  const char *second[] = { "Bob \"B\"", "line one\nline two", NULL };
  const char *third[] = { " Cy", "plain", "2.50" };

  hone_project_add_field (project, "name", HONE_FIELD_KIND_SHORT_TEXT, "", NULL, &error);
  g_assert_no_error (error);
  hone_project_add_field (project, "text", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error);
  g_assert_no_error (error);
  hone_project_add_field (project, "score", HONE_FIELD_KIND_NUMBER, "", NULL, &error);
  g_assert_no_error (error);

  hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, first, &error);
  g_assert_no_error (error);
  hone_project_add_example (project, HONE_SPLIT_VALIDATION, HONE_EXAMPLE_SOURCE_TYPED, second, &error);
  g_assert_no_error (error);
  hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, third, &error);
  g_assert_no_error (error);

  return project;
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

/* Runs an export to @dest through the dialog; TRUE when it closed */
static gboolean
run_export (HoneExportDialog *dialog,
            GFile            *dest)
{
  hone_export_dialog_export_to_file (dialog, dest);
  g_assert_cmpstr (hone_export_dialog_get_state (dialog), ==, "running");
  WAIT_UNTIL (g_strcmp0 (hone_export_dialog_get_state (dialog), "running") != 0);
  g_assert_cmpstr (hone_export_dialog_get_state (dialog), ==, "idle");

  return !gtk_widget_get_visible (GTK_WIDGET (dialog));
}

static void
test_export (void)
{
  HoneProject *project = create_export_project ();
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) csv = new_file ("press", ".csv");
  g_autoptr(GFile) jsonl = new_file ("press", ".jsonl");
  g_autofree char *csv_name = g_file_get_basename (csv);
  HoneExportDialog *dialog;

  g_assert_true (has_binding (GTK_WIDGET (window), GDK_KEY_e, GDK_CONTROL_MASK, "project.export"));
  g_assert_true (has_binding (GTK_WIDGET (window), GDK_KEY_i, GDK_CONTROL_MASK, "project.import"));

  /* project.export opens the dialog over the window */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "project.export", NULL));
  dialog = find_toplevel (HONE_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  wait_for_frame (GTK_WIDGET (dialog));

  /* CSV of everything by default; the counts are shown */
  g_assert_cmpint (hone_export_dialog_get_format (dialog), ==, HONE_EXPORT_FORMAT_CSV);
  g_assert_cmpint (hone_export_dialog_get_split (dialog), ==, HONE_SPLIT_ANY);
  {
    g_autofree char *name = hone_export_dialog_dup_suggested_name (dialog);

    g_assert_cmpstr (name, ==, "Press “2025”.csv");
  }
  {
    AdwComboRow *which = find_row (dialog, ADW_TYPE_COMBO_ROW, "E_xamples");
    g_autoptr(GtkStringObject) all = g_list_model_get_item (adw_combo_row_get_model (which), 0);
    g_autoptr(GtkStringObject) validation = g_list_model_get_item (adw_combo_row_get_model (which), 2);

    g_assert_cmpstr (gtk_string_object_get_string (all), ==, "All examples (3)");
    g_assert_cmpstr (gtk_string_object_get_string (validation), ==, "Validation only (1)");
  }

  g_assert_true (run_export (dialog, csv));
  {
    g_autofree char *contents = read_file (csv);
    g_autofree char *toast = hone_export_dialog_format_result (3, csv_name);

    g_assert_cmpstr (contents, ==,
                     "name,text,score\r\n"
                     "Ada,\"Hello, world\",5\r\n"
                     "\"Bob \"\"B\"\"\",\"line one\nline two\",\r\n"
                     "\" Cy\",plain,2.50\r\n");
    g_assert_cmpstr (adw_toast_get_title (hone_export_dialog_get_result_toast (dialog)), ==, toast);
    g_assert_true (g_str_has_prefix (toast, "Exported 3 examples to press-"));
  }
  wait_for_toast_shown ();
  g_assert_finalize_object (dialog);

  /* JSON Lines of the validation split */
  dialog = hone_export_dialog_new (GTK_WINDOW (window), project);
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  hone_export_dialog_set_format (dialog, HONE_EXPORT_FORMAT_JSONL);
  hone_export_dialog_set_split (dialog, HONE_SPLIT_VALIDATION);
  {
    g_autofree char *name = hone_export_dialog_dup_suggested_name (dialog);

    g_assert_cmpstr (name, ==, "Press “2025”.jsonl");
  }
  g_assert_true (run_export (dialog, jsonl));
  {
    g_autofree char *contents = read_file (jsonl);

    g_assert_cmpstr (contents, ==, "{\"name\":\"Bob \\\"B\\\"\",\"text\":\"line one\\nline two\",\"score\":null}\n");
    g_assert_cmpstr (adw_toast_get_title (hone_export_dialog_get_result_toast (dialog)), !=, NULL);
  }
  wait_for_toast_shown ();
  g_assert_finalize_object (dialog);

  /* A folder that does not exist: the error shows, the dialog stays */
  dialog = hone_export_dialog_new (GTK_WINDOW (window), project);
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  {
    g_autoptr(GFile) nowhere = g_file_new_build_filename (tmp_dir, "no-such-folder", "out.csv", NULL);

    g_assert_false (run_export (dialog, nowhere));
    g_assert_nonnull (hone_export_dialog_get_message (dialog));
    g_assert_nonnull (strstr (hone_export_dialog_get_message (dialog), "out.csv"));
    g_assert_false (g_file_query_exists (nowhere, NULL));
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (50);
  g_assert_finalize_object (dialog);

  close_window (window);
  g_assert_finalize_object (project);
}

/* A CSV Hone exports comes back the same through the import dialog */
static void
test_round_trip (void)
{
  HoneProject *source = create_export_project ();
  HoneProject *project = create_project ("Copy");
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) csv = new_file ("round", ".csv");
  HoneExportDialog *export_dialog;
  HoneImportDialog *dialog;

  export_dialog = hone_export_dialog_new (NULL, source);
  g_object_ref_sink (export_dialog);
  g_assert_true (run_export (export_dialog, csv));
  g_assert_null (hone_export_dialog_get_message (export_dialog));
  g_assert_true (g_file_query_exists (csv, NULL));
  g_assert_finalize_object (export_dialog);

  dialog = open_dialog (window, csv);
  wait_for_preview (dialog);
  /* As text, so that "2.50" stays "2.50" */
  choose (column_row (dialog, "score"), "Kind", 1 + HONE_FIELD_KIND_SHORT_TEXT);
  g_assert_true (run_import (dialog));
  g_assert_cmpint (count_examples (project), ==, 3);
  for (guint i = 0; i < 3; i++)
    for (guint f = 0; f < 3; f++)
      {
        const char *name = hone_field_get_name (hone_project_get_field (source, f));
        g_autofree char *a = dup_value (source, i, name);
        g_autofree char *b = dup_value (project, i, name);

        g_assert_cmpstr (a, ==, b);
      }

  wait_for_toast_shown ();
  g_assert_finalize_object (dialog);
  close_window (window);
  g_assert_finalize_object (project);
  g_assert_finalize_object (source);
}

/* Drag and drop onto a project window ---------------------------------------- */

static void
test_drop_on_project_window (void)
{
  HoneProject *project = create_project ("Drop");
  HoneProjectWindow *window = open_window (project);
  g_autoptr(GFile) csv = write_file ("dropped.csv", reviews_csv, -1);
  static const char zip[] = "PK\x03\x04 not text";
  g_autoptr(GFile) xlsx = write_file ("sheet.xlsx", zip, sizeof zip - 1);
  HoneImportDialog *dialog;

  /* A file Hone cannot read is refused (a toast says why) */
  g_assert_false (hone_project_window_handle_drop (window, xlsx));
  g_assert_null (find_toplevel (HONE_TYPE_IMPORT_DIALOG));
  wait_for_toast_shown ();

  /* A CSV opens the import dialog on it */
  g_assert_true (hone_project_window_handle_drop (window, csv));
  dialog = find_toplevel (HONE_TYPE_IMPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  g_assert_true (g_file_equal (hone_import_dialog_get_source (dialog), csv));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_false (hone_import_dialog_get_new_project (dialog));

  /* One import at a time: a second drop shows the same dialog */
  g_assert_true (hone_project_window_handle_drop (window, csv));
  g_assert_true (hone_project_window_import_file (window, csv) == dialog);

  wait_for_preview (dialog);
  g_assert_true (run_import (dialog));
  g_assert_cmpint (count_examples (project), ==, 4);

  wait_for_toast_shown ();
  g_assert_finalize_object (dialog);
  close_window (window);
  g_assert_finalize_object (project);
}

/* Dropping onto the projects window: a new project (HoneApplication) ----------- */

static void
remove_recursively (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          remove_recursively (child);
          g_object_unref (info);
        }
    }

  g_file_delete (file, NULL, NULL);
}

static void
destroy_all_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
}

static HoneProjectWindow *
find_project_window (HoneApplication *app,
                     const char      *name)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (HONE_IS_PROJECT_WINDOW (l->data) &&
        g_strcmp0 (hone_project_get_name (hone_project_window_get_project (l->data)), name) == 0)
      return l->data;

  return NULL;
}

static void
drop_activate_cb (HoneApplication *app,
                  gpointer         user_data)
{
  HoneProjectsWindow *projects = HONE_PROJECTS_WINDOW (hone_application_get_projects_window (app));
  HoneProjectIndex *index = hone_application_get_index (app);
  g_autoptr(GFile) csv = write_file ("Press releases.csv", reviews_csv, -1);
  g_autoptr(GFile) project_file = NULL;
  HoneProjectWindow *window;
  HoneImportDialog *dialog;

  g_signal_handlers_disconnect_by_func (app, drop_activate_cb, user_data);
  wait_for_frame (GTK_WIDGET (projects));

  /* Dropping a CSV makes a project named after it and opens the import on it */
  g_assert_true (hone_projects_window_handle_drop (projects, csv));
  window = find_project_window (app, "Press releases");
  g_assert_nonnull (window);
  project_file = g_object_ref (hone_project_get_file (hone_project_window_get_project (window)));
  g_assert_nonnull (hone_project_index_lookup (index, project_file));
  dialog = find_toplevel (HONE_TYPE_IMPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (hone_import_dialog_get_new_project (dialog));
  wait_for_preview (dialog);

  /* Cancelling that first import takes the empty project away again, with Undo */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL));
  WAIT_UNTIL (find_project_window (app, "Press releases") == NULL);
  g_assert_null (find_project_window (app, "Press releases"));
  g_assert_null (hone_project_index_lookup (index, project_file));
  g_assert_cmpuint (hone_projects_window_get_n_pending_deletes (projects), ==, 1);
  g_assert_nonnull (hone_projects_window_get_undo_toast (projects));
  g_assert_finalize_object (dialog);
  wait_for_toast_shown ();
  hone_projects_window_finish_pending_deletes (projects);
  g_assert_false (g_file_query_exists (project_file, NULL));
  g_clear_object (&project_file);

  /* Dropping it again and importing keeps the project, with the examples */
  g_assert_true (hone_projects_window_handle_drop (projects, csv));
  window = find_project_window (app, "Press releases");
  g_assert_nonnull (window);
  dialog = find_toplevel (HONE_TYPE_IMPORT_DIALOG);
  g_object_ref (dialog);
  wait_for_preview (dialog);
  g_assert_true (run_import (dialog));
  spin (50);
  g_assert_nonnull (find_project_window (app, "Press releases"));
  g_assert_cmpint (count_examples (hone_project_window_get_project (window)), ==, 4);
  g_assert_cmpuint (hone_projects_window_get_n_pending_deletes (projects), ==, 0);
  project_file = g_object_ref (hone_project_get_file (hone_project_window_get_project (window)));
  wait_for_toast_shown ();
  g_assert_finalize_object (dialog);

  /* A dropped project opens (here: presents its window) */
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
  g_assert_null (find_project_window (app, "Press releases"));
  g_assert_true (hone_projects_window_handle_drop (projects, project_file));
  g_assert_nonnull (find_project_window (app, "Press releases"));

  /* Anything else is refused */
  {
    g_autoptr(GFile) xlsx = write_file ("sheet.xlsx", "PK", 2);

    g_assert_false (hone_projects_window_handle_drop (projects, xlsx));
  }

  /* The import-file action is there for the menu item */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "import-file"));

  wait_for_toast_shown ();
  destroy_all_windows ();
  spin (100);
  g_application_quit (G_APPLICATION (app));
}

static void
test_drop_on_projects_window (void)
{
  g_autoptr(GFile) hone_dir = g_file_new_build_filename (data_home, "hone", NULL);
  HoneApplication *app;
  char *argv[] = { (char *) "test-import-dialog", NULL };

  remove_recursively (hone_dir);

  app = hone_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (drop_activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);

  destroy_all_windows ();
  spin (100);
  g_assert_finalize_object (app);
}

static void
test_format_result (void)
{
  char *s;

  s = hone_import_dialog_format_result (1, 0);
  g_assert_cmpstr (s, ==, "Imported 1 example");
  g_free (s);
  s = hone_import_dialog_format_result (1204, 0);
  g_assert_cmpstr (s, ==, "Imported 1,204 examples");
  g_free (s);
  s = hone_import_dialog_format_result (1201, 3);
  g_assert_cmpstr (s, ==, "Imported 1,201 examples · 3 rows skipped");
  g_free (s);
  s = hone_export_dialog_format_result (25, "press.csv");
  g_assert_cmpstr (s, ==, "Exported 25 examples to press.csv");
  g_free (s);

  g_assert_true (hone_import_dialog_is_importable_name ("a.CSV"));
  g_assert_true (hone_import_dialog_is_importable_name ("b.tsv"));
  g_assert_true (hone_import_dialog_is_importable_name ("c.jsonl"));
  g_assert_true (hone_import_dialog_is_importable_name ("d.json"));
  g_assert_false (hone_import_dialog_is_importable_name ("e.hone"));
  g_assert_false (hone_import_dialog_is_importable_name ("f.xlsx"));
  g_assert_false (hone_import_dialog_is_importable_name ("csv"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Before anything asks GLib for the user data dir: it is cached */
  tmp_dir = g_dir_make_tmp ("hone-test-import-dialog-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  data_home = g_build_filename (tmp_dir, "data", NULL);
  g_mkdir_with_parents (data_home, 0700);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  /* Project windows belong to a plain application, as in the real one */
  test_app = GTK_APPLICATION (adw_application_new ("app.hone.Hone.Test", G_APPLICATION_NON_UNIQUE));
  g_assert_true (g_application_register (G_APPLICATION (test_app), NULL, NULL));

  g_test_add_func ("/import-dialog/format-result", test_format_result);
  g_test_add_func ("/import-dialog/preview", test_preview);
  g_test_add_func ("/import-dialog/encoding", test_encoding);
  g_test_add_func ("/import-dialog/mapping-import", test_mapping_import);
  g_test_add_func ("/import-dialog/bad-row", test_bad_row);
  g_test_add_func ("/import-dialog/value-problem", test_value_problem);
  g_test_add_func ("/import-dialog/random-split", test_random_split);
  g_test_add_func ("/import-dialog/cancel", test_cancel);
  g_test_add_func ("/import-dialog/jsonl", test_jsonl);
  g_test_add_func ("/import-dialog/unreadable", test_unreadable);
  g_test_add_func ("/import-dialog/export", test_export);
  g_test_add_func ("/import-dialog/round-trip", test_round_trip);
  g_test_add_func ("/import-dialog/drop-on-project-window", test_drop_on_project_window);
  g_test_add_func ("/import-dialog/drop-on-projects-window", test_drop_on_projects_window);

  ret = g_test_run ();

  g_clear_object (&test_app);
  gtk_source_finalize ();
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);

    remove_recursively (dir);
  }
  g_free (data_home);
  g_free (tmp_dir);

  return ret;
}
