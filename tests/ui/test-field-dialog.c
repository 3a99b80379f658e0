/* test-field-dialog.c: the Fields page's dialog (add, rename, change kind,
 * labels) and its delete confirmation, in process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "hone-exporter.h"
#include "hone-importer.h"
#include "hone-project-window.h"
#include "hone-fields-page.h"
#include "dialogs/hone-field-dialog.h"
#include "hone-ui-test-util.h"

static char *tmp_dir;
static guint project_counter;

/* Helpers ------------------------------------------------------------------ */

static GFile *
new_file (const char *stem,
          const char *extension)
{
  g_autofree char *name = g_strdup_printf ("%s-%u%s", stem, ++project_counter, extension);

  return g_file_new_build_filename (tmp_dir, name, NULL);
}

/* Two text fields, a number and three examples */
static HoneProject *
create_project (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = new_file ("fields", ".hone");
  HoneProject *project;

  project = hone_project_create (file, "Fields", &error);
  g_assert_no_error (error);

  g_assert_nonnull (hone_project_add_field (project, "prompt", HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "answer", HONE_FIELD_KIND_LONG_TEXT, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "score", HONE_FIELD_KIND_NUMBER, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("p%u", i + 1);
      /* Only the second answer is a number */
      const char *answer = (const char *[]) { "yes", "12", "no" }[i];
      const char *values[] = { prompt, answer, "1" };

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

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  hone_project_window_show_page (window, "fields");
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

/* The button labelled @label under @root */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Clicks the button labelled @label in @dialog */
static void
press_button (GtkWidget  *dialog,
              const char *label)
{
  GtkWidget *button = find_button (dialog, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* The button showing @icon_name under @root */
static GtkWidget *
find_icon_button (GtkWidget  *root,
                  const char *icon_name)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (root)), icon_name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_icon_button (child, icon_name);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static HoneFieldsPage *
get_fields_page (HoneProjectWindow *window)
{
  GtkWidget *page = find_widget (GTK_WIDGET (window), HONE_TYPE_FIELDS_PAGE);

  g_assert_nonnull (page);
  return HONE_FIELDS_PAGE (page);
}

/* Opens the Add Field dialog (@field_id 0) or the Edit Field dialog */
static HoneFieldDialog *
open_dialog (HoneFieldsPage *page,
             gint64          field_id)
{
  GtkWindow *dialog;

  g_assert_null (hone_fields_page_get_field_dialog (page));
  if (field_id == 0)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.add", NULL));
  else
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.edit", "x", field_id));

  dialog = hone_fields_page_get_field_dialog (page);
  g_assert_true (HONE_IS_FIELD_DIALOG (dialog));
  hone_ui_test_wait_for_frame (GTK_WIDGET (dialog));
  return HONE_FIELD_DIALOG (dialog);
}

/* Presses Add/Save; TRUE when the dialog closed */
static gboolean
save (HoneFieldsPage  *page,
      HoneFieldDialog *dialog)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "field.save", NULL));
  hone_ui_test_spin (20);
  return hone_fields_page_get_field_dialog (page) == NULL;
}

static void
close_dialog (HoneFieldsPage  *page,
              HoneFieldDialog *dialog)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "field.cancel", NULL));
  hone_ui_test_spin (20);
  g_assert_null (hone_fields_page_get_field_dialog (page));
}

static gint64
field_id (HoneProject *project,
          const char  *name)
{
  HoneField *field = hone_project_find_field (project, name);

  g_assert_nonnull (field);
  return hone_field_get_id (field);
}

/* Tests -------------------------------------------------------------------- */

/* A refused change keeps the dialog open, with the reason in it and what
 * was typed kept; fixing it and saving again works */
static void
test_inline_errors (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneFieldsPage *page = get_fields_page (window);
  HoneFieldDialog *dialog;
  GtkWidget *error_label;

  /* Adding a name that is taken */
  dialog = open_dialog (page, 0);
  g_assert_null (hone_field_dialog_get_error (dialog));
  hone_field_dialog_set_name (dialog, "prompt");
  hone_field_dialog_set_kind (dialog, HONE_FIELD_KIND_NUMBER);
  hone_field_dialog_set_description (dialog, "How many");
  g_assert_false (save (page, dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_nonnull (hone_field_dialog_get_error (dialog));
  g_test_message ("add error: %s", hone_field_dialog_get_error (dialog));
  g_assert_nonnull (strstr (hone_field_dialog_get_error (dialog), "“prompt”"));
  /* Shown in the dialog, as typed */
  error_label = find_label (GTK_WIDGET (dialog), hone_field_dialog_get_error (dialog));
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_is_visible (error_label));
  g_assert_cmpstr (hone_field_dialog_get_name (dialog), ==, "prompt");
  g_assert_cmpint (hone_field_dialog_get_kind (dialog), ==, HONE_FIELD_KIND_NUMBER);
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 3);

  /* Fixed: added, and the dialog goes */
  hone_field_dialog_set_name (dialog, "count");
  g_assert_true (save (page, dialog));
  g_assert_cmpuint (hone_project_get_n_fields (project), ==, 4);
  g_assert_cmpint (hone_field_get_kind (hone_project_find_field (project, "count")), ==, HONE_FIELD_KIND_NUMBER);
  g_assert_cmpstr (hone_field_get_description (hone_project_find_field (project, "count")), ==, "How many");

  /* Renaming to a name that is taken */
  dialog = open_dialog (page, field_id (project, "answer"));
  g_assert_cmpstr (hone_field_dialog_get_name (dialog), ==, "answer");
  hone_field_dialog_set_name (dialog, "prompt");
  g_assert_false (save (page, dialog));
  g_assert_nonnull (strstr (hone_field_dialog_get_error (dialog), "“prompt”"));
  g_assert_cmpstr (hone_field_dialog_get_name (dialog), ==, "prompt");
  g_assert_nonnull (hone_project_find_field (project, "answer"));

  /* A kind the values do not fit: how many, and the first one's row (the
   * first and third answers are not numbers) */
  hone_field_dialog_set_name (dialog, "reply");
  hone_field_dialog_set_kind (dialog, HONE_FIELD_KIND_NUMBER);
  g_assert_false (save (page, dialog));
  g_test_message ("kind error: %s", hone_field_dialog_get_error (dialog));
  g_assert_nonnull (strstr (hone_field_dialog_get_error (dialog), "2 examples"));
  g_assert_nonnull (strstr (hone_field_dialog_get_error (dialog), "row 1"));
  g_assert_nonnull (strstr (hone_field_dialog_get_error (dialog), "“yes”"));
  /* Nothing changed, not even the name (one step, all or nothing) */
  g_assert_nonnull (hone_project_find_field (project, "answer"));
  g_assert_cmpint (hone_field_get_kind (hone_project_find_field (project, "answer")), ==, HONE_FIELD_KIND_LONG_TEXT);
  g_assert_cmpstr (hone_field_dialog_get_name (dialog), ==, "reply");
  g_assert_cmpint (hone_field_dialog_get_kind (dialog), ==, HONE_FIELD_KIND_NUMBER);

  /* The rows are those the grid shows: sorted by answer descending, the
   * first that does not fit ("yes") is row 1, then "no" row 2 */
  {
    HoneExamplesPage *grid = hone_project_window_get_examples_page (window);
    HoneExampleModel *model = hone_examples_page_get_model (grid);

    hone_examples_page_sort_by_column (grid, 1, FALSE);
    for (guint i = 0; i < 500 && hone_examples_page_get_busy (grid); i++)
      hone_ui_test_spin (10);
    /* Ascending: "12", "no", "yes" */
    g_assert_cmpint (hone_example_model_get_id (model, 0), ==, 2);
    g_assert_false (save (page, dialog));
    g_test_message ("kind error: %s", hone_field_dialog_get_error (dialog));
    g_assert_nonnull (strstr (hone_field_dialog_get_error (dialog), "row 2"));
    /* and the reason is about that row's value */
    g_assert_nonnull (strstr (hone_field_dialog_get_error (dialog), "“no”"));
  }

  /* Kept as text: the rename goes through */
  hone_field_dialog_set_kind (dialog, HONE_FIELD_KIND_SHORT_TEXT);
  g_assert_true (save (page, dialog));
  g_assert_nonnull (hone_project_find_field (project, "reply"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.undo", NULL));
  g_assert_nonnull (hone_project_find_field (project, "answer"));
  g_assert_cmpint (hone_field_get_kind (hone_project_find_field (project, "answer")), ==, HONE_FIELD_KIND_LONG_TEXT);

  /* Cancel changes nothing */
  dialog = open_dialog (page, field_id (project, "score"));
  hone_field_dialog_set_name (dialog, "points");
  close_dialog (page, dialog);
  g_assert_nonnull (hone_project_find_field (project, "score"));

  close_window (window);
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

/* Labels are edited one per row, so a label may hold a comma; it survives
 * the project file and a CSV export and import */
static void
test_labels_editor (void)
{
  g_autoptr(GError) error = NULL;
  HoneProject *project = create_project ();
  g_autoptr(GFile) file = g_object_ref (hone_project_get_file (project));
  HoneProjectWindow *window = open_window (project);
  HoneFieldsPage *page = get_fields_page (window);
  HoneFieldDialog *dialog;
  GtkEditable *entry;
  const char * const *labels;
  gint64 first_id;

  /* A label field: Add Label, type, Enter for the next one */
  dialog = open_dialog (page, 0);
  hone_field_dialog_set_name (dialog, "verdict");
  hone_field_dialog_set_kind (dialog, HONE_FIELD_KIND_LABEL);
  g_assert_cmpuint (hone_field_dialog_get_n_label_rows (dialog), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "field.add-label", NULL));
  g_assert_cmpuint (hone_field_dialog_get_n_label_rows (dialog), ==, 1);
  entry = hone_field_dialog_get_label_entry (dialog, 0);
  gtk_editable_set_text (entry, "Yes, definitely");
  g_signal_emit_by_name (entry, "entry-activated");
  g_assert_cmpuint (hone_field_dialog_get_n_label_rows (dialog), ==, 2);
  gtk_editable_set_text (hone_field_dialog_get_label_entry (dialog, 1), " No ");
  /* Enter on an empty row adds nothing; empty rows are left out */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "field.add-label", NULL));
  g_signal_emit_by_name (hone_field_dialog_get_label_entry (dialog, 2), "entry-activated");
  g_assert_cmpuint (hone_field_dialog_get_n_label_rows (dialog), ==, 3);
  g_assert_true (save (page, dialog));

  labels = hone_field_get_allowed_values (hone_project_find_field (project, "verdict"));
  g_assert_cmpuint (g_strv_length ((char **) labels), ==, 2);
  g_assert_cmpstr (labels[0], ==, "Yes, definitely");
  g_assert_cmpstr (labels[1], ==, "No");

  /* A value with the comma is accepted */
  first_id = hone_example_model_get_id (hone_examples_page_get_model (hone_project_window_get_examples_page (window)), 0);
  g_assert_true (hone_project_set_value (project, first_id, field_id (project, "verdict"), "Yes, definitely", &error));
  g_assert_no_error (error);

  /* The dialog shows the labels one per row again, comma and all */
  dialog = open_dialog (page, field_id (project, "verdict"));
  g_assert_cmpuint (hone_field_dialog_get_n_label_rows (dialog), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (hone_field_dialog_get_label_entry (dialog, 0)), ==, "Yes, definitely");

  /* Removing a label a value uses is refused, naming the row */
  {
    GtkWidget *remove = find_icon_button (GTK_WIDGET (hone_field_dialog_get_label_entry (dialog, 0)),
                                          "user-trash-symbolic");

    g_assert_nonnull (remove);
    g_signal_emit_by_name (remove, "clicked");
  }
  g_assert_cmpuint (hone_field_dialog_get_n_label_rows (dialog), ==, 1);
  entry = hone_field_dialog_get_label_entry (dialog, 0);
  gtk_editable_set_text (entry, "Yes, definitely");
  g_signal_emit_by_name (entry, "entry-activated");
  g_assert_cmpuint (hone_field_dialog_get_n_label_rows (dialog), ==, 2);
  gtk_editable_set_text (hone_field_dialog_get_label_entry (dialog, 1), " No ");
  /* Enter on an empty row adds nothing; empty rows are left out */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "field.add-label", NULL));
  g_signal_emit_by_name (hone_field_dialog_get_label_entry (dialog, 2), "entry-activated");
  g_assert_cmpuint (hone_field_dialog_get_n_label_rows (dialog), ==, 3);
  g_assert_true (save (page, dialog));

  labels = hone_field_get_allowed_values (hone_project_find_field (project, "verdict"));
  g_assert_cmpuint (g_strv_length ((char **) labels), ==, 2);
  g_assert_cmpstr (labels[0], ==, "Yes, definitely");
  g_assert_cmpstr (labels[1], ==, "No");

  /* A value with the comma is accepted */
  first_id = hone_example_model_get_id (hone_examples_page_get_model (hone_project_window_get_examples_page (window)), 0);
  g_assert_true (hone_project_set_value (project, first_id, field_id (project, "verdict"), "Yes, definitely", &error));
  g_assert_no_error (error);

  /* The dialog shows the labels one per row again, comma and all */
  dialog = open_dialog (page, field_id (project, "verdict"));
  g_assert_cmpuint (hone_field_dialog_get_n_label_rows (dialog), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (hone_field_dialog_get_label_entry (dialog, 0)), ==, "Yes, definitely");

  /* Removing a label a value uses is refused, naming the row */
  {
    GtkWidget *remove = find_widget (GTK_WIDGET (hone_field_dialog_get_label_entry (dialog, 0)), GTK_TYPE_BUTTON);
    GtkWidget *button = remove;

    /* The row's own button: the one with the trash icon */
    while (button != NULL && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (button)), "user-trash-symbolic") != 0)
      button = NULL;
    if (button == NULL)
      {
        /* (the entry row has other buttons: look among all of them) */
        GtkWidget *row = GTK_WIDGET (hone_field_dialog_get_label_entry (dialog, 0));
        GPtrArray *stack = g_ptr_array_new ();

        g_ptr_array_add (stack, row);
        while (stack->len > 0 && button == NULL)
          {
            GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

            if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (w)), "user-trash-symbolic") == 0)
              button = w;
            for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
              g_ptr_array_add (stack, c);
          }
        g_ptr_array_unref (stack);
      }
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
  }
  g_assert_cmpuint (hone_field_dialog_get_n_label_rows (dialog), ==, 1);
  g_assert_false (save (page, dialog));
  g_test_message ("labels error: %s", hone_field_dialog_get_error (dialog));
  g_assert_nonnull (strstr (hone_field_dialog_get_error (dialog), "row 1"));
  g_assert_nonnull (strstr (hone_field_dialog_get_error (dialog), "Yes, definitely"));
  close_dialog (page, dialog);
  g_assert_cmpuint (g_strv_length ((char **) hone_field_get_allowed_values (hone_project_find_field (project, "verdict"))), ==, 2);

  close_window (window);
  g_assert_finalize_object (project);

  /* The project file keeps both */
  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  g_assert_no_error (error);
  labels = hone_field_get_allowed_values (hone_project_find_field (project, "verdict"));
  g_assert_cmpstr (labels[0], ==, "Yes, definitely");
  g_assert_cmpstr (labels[1], ==, "No");
  {
    g_autoptr(GPtrArray) examples = hone_project_load_examples (project, 0, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (hone_example_get_value (g_ptr_array_index (examples, 0), field_id (project, "verdict")),
                     ==, "Yes, definitely");
  }

  /* CSV out, and into a project with the same label field */
  {
    g_autoptr(GFile) csv = new_file ("labels", ".csv");
    g_autoptr(GFile) other_file = new_file ("labels", ".hone");
    g_autoptr(HoneExporter) exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_CSV);
    g_autoptr(HoneProject) other = NULL;
    g_autoptr(HoneImporter) importer = NULL;
    g_autoptr(GPtrArray) examples = NULL;
    g_autofree char *contents = NULL;
    const char *other_labels[] = { "Yes, definitely", "No", NULL };

    g_assert_true (hone_exporter_export (exporter, csv, NULL, &error));
    g_assert_no_error (error);
    contents = read_file (csv);
    g_assert_nonnull (strstr (contents, ",\"Yes, definitely\"\r\n"));

    other = hone_project_create (other_file, "Other", &error);
    g_assert_no_error (error);
    g_assert_nonnull (hone_project_add_field (other, "verdict", HONE_FIELD_KIND_LABEL, NULL, other_labels, &error));
    g_assert_no_error (error);

    importer = hone_importer_new (other, csv);
    g_assert_true (hone_importer_load_preview (importer, 10, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (hone_importer_get_n_columns (importer), ==, 4);
    for (guint c = 0; c < 3; c++)
      hone_importer_skip_column (importer, c);
    g_assert_cmpstr (hone_importer_get_column_name (importer, 3), ==, "verdict");
    hone_importer_map_column_to_existing_field (importer, 3, "verdict");
    g_assert_true (hone_importer_run (importer, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (hone_importer_get_n_imported (importer), ==, 3);

    examples = hone_project_load_examples (other, 0, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (hone_example_get_value (g_ptr_array_index (examples, 0), field_id (other, "verdict")),
                     ==, "Yes, definitely");
  }

  g_assert_finalize_object (project);
}

/* Deleting a field the templates use asks first, listing where; deleting
 * is still allowed and undoable. An unused field goes at once. */
static void
test_delete_used_field (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window = open_window (project);
  HoneFieldsPage *page = get_fields_page (window);
  g_autoptr(GArray) uses = NULL;
  g_autofree char *listed = NULL;
  GtkWindow *confirm;
  gint64 prompt_id = field_id (project, "prompt");

  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER,
                                            "Question:\n  {{prompt}}\n", &error));
  g_assert_no_error (error);
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_SYSTEM,
                                            "You answer {{prompt}} briefly.", &error));
  g_assert_no_error (error);

  uses = hone_project_get_field_template_uses (project, prompt_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uses->len, ==, 2);
  listed = hone_fields_page_describe_template_uses (uses);
  g_test_message ("uses: %s", listed);
  g_assert_nonnull (strstr (listed, "Used in the system prompt, line 1, column "));
  g_assert_nonnull (strstr (listed, "Used in the user message template, line 2, column "));
  {
    const HoneTemplateUse *user_use = NULL;
    g_autofree char *expected = NULL;

    for (guint i = 0; i < uses->len; i++)
      if (g_array_index (uses, HoneTemplateUse, i).role == HONE_TEMPLATE_ROLE_USER)
        user_use = &g_array_index (uses, HoneTemplateUse, i);
    g_assert_nonnull (user_use);
    g_assert_cmpuint (user_use->line, ==, 2);
    expected = g_strdup_printf ("Used in the user message template, line 2, column %u", user_use->column);
    g_assert_nonnull (strstr (listed, expected));
  }

  /* Delete asks, listing the places; Cancel keeps the field */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.delete", "x", prompt_id));
  confirm = hone_fields_page_get_delete_dialog (page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (confirm));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (confirm)), "“prompt”"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)), listed));
  g_assert_nonnull (hone_project_find_field (project, "prompt"));
  press_button (GTK_WIDGET (confirm), "_Cancel");
  hone_ui_test_spin (50);
  g_assert_null (hone_fields_page_get_delete_dialog (page));
  g_assert_nonnull (hone_project_find_field (project, "prompt"));

  /* Delete goes through, and undo brings it back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.delete", "x", prompt_id));
  confirm = hone_fields_page_get_delete_dialog (page);
  g_assert_nonnull (confirm);
  press_button (GTK_WIDGET (confirm), "_Delete");
  hone_ui_test_spin (50);
  g_assert_null (hone_project_find_field (project, "prompt"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.undo", NULL));
  g_assert_nonnull (hone_project_find_field (project, "prompt"));

  /* Unused: no question */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "fields.delete", "x", field_id (project, "score")));
  g_assert_null (hone_fields_page_get_delete_dialog (page));
  g_assert_null (hone_project_find_field (project, "score"));

  close_window (window);
}

/* More places than the list shows: the rest are counted */
static void
test_describe_many_uses (void)
{
  g_autoptr(GArray) uses = g_array_new (FALSE, TRUE, sizeof (HoneTemplateUse));
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < 11; i++)
    {
      HoneTemplateUse use = { HONE_TEMPLATE_ROLE_ASSISTANT, i + 1, 3, 0, 0 };
      g_array_append_val (uses, use);
    }
  text = hone_fields_page_describe_template_uses (uses);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 9);
  g_assert_cmpstr (lines[0], ==, "Used in the assistant message template, line 1, column 3");
  g_assert_cmpstr (lines[7], ==, "Used in the assistant message template, line 8, column 3");
  g_assert_cmpstr (lines[8], ==, "… and 3 more places");
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

  tmp_dir = g_dir_make_tmp ("hone-fields-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (tmp_dir, "data", NULL);
  g_mkdir_with_parents (data_home, 0700);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add_func ("/field-dialog/inline-errors", test_inline_errors);
  g_test_add_func ("/field-dialog/labels-editor", test_labels_editor);
  g_test_add_func ("/field-dialog/delete-used-field", test_delete_used_field);
  g_test_add_func ("/field-dialog/describe-many-uses", test_describe_many_uses);

  return g_test_run ();
}
