/* hone-examples-page.c: the grid of a project's examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hone-examples-page.h"
#include "hone-check-columns.h"
#include "hone-grid-selection.h"
#include "hone-project-window.h"

/* Characters of a value put into a cell; a cell shows one line, so the rest
 * could never be seen and would only cost layout time. */
#define MAX_CELL_CHARS    300
/* Characters of a value shown in a cell's tooltip */
#define MAX_TOOLTIP_CHARS 1500
/* The settings that keep the column widths, and how many projects they
 * remember */
#define SETTINGS_SCHEMA_ID  "app.hone.Hone"
#define COLUMN_WIDTHS_KEY   "column-widths"
#define MAX_WIDTH_PROJECTS  50
/* The key of the Split column in a project's widths (no field has an
 * empty name) */
#define SPLIT_WIDTH_KEY     ""

struct _HoneExamplesPage
{
  AdwBin              parent_instance;

  HoneProject        *project;
  HoneExampleModel   *model;
  HoneGridSelection  *selection;
  HoneUndoStack      *undo_stack;
  gulong              fields_changed_id;
  gulong              model_changed_id;
  gulong              inserted_id;
  gulong              removed_id;
  gulong              changed_id;
  gulong              can_undo_id;
  gulong              can_redo_id;

  /* The cell cursor: a row position and a column (the fields in position
   * order, then the split) */
  guint               cursor_row;
  guint               cursor_col;
  /* The example under the cursor ("cursor-example-id"), -1 for none */
  gint64              cursor_example_id;
  gulong              selection_changed_id;
  /* Every cell widget that exists now (the view recycles them) */
  GPtrArray          *cells;

  /* The cell being edited */
  GtkWidget          *editor;
  GtkWidget          *editing_cell;
  gint64              edit_example_id;
  guint               edit_col;
  char               *last_error;

  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkLabel           *summary_label;
  GtkScrolledWindow  *scrolled_window;
  GtkColumnView      *column_view;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *split_filter;

  /* Sorting: which column a header click sorted by */
  int                 sort_probe;
  gulong              sorter_changed_id;
  guint               search_timeout_id;

  /* The sort or filter running in a worker thread (the old rows stay
   * meanwhile); a newer one cancels it */
  GtkSpinner         *query_spinner;
  GCancellable       *query_cancellable;
  HoneExampleQuery   *pending_query;

  /* Column widths the person gave, per project (NULL when the schema is
   * not installed); saved a moment after a resize stops */
  GSettings          *settings;
  guint               save_widths_id;

  /* The side editor: every field of the example under the cursor */
  GtkRevealer        *details_revealer;
  GtkBox             *details_box;

  /* A right click on a cell, or the Menu key */
  GMenuModel         *context_menu;
  GtkPopover         *context_popover;
  gint64              details_id;
  gboolean            details_busy;

  /* The Tokens and Problems columns (hone-check-columns.c), and the
   * example to show once a filter is cleared (0: none) */
  HoneCheckColumns   *check_columns;
  gint64              show_example_id;
};

G_DEFINE_FINAL_TYPE (HoneExamplesPage, hone_examples_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_BUSY,
  PROP_CURSOR_EXAMPLE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Cells ----------------------------------------------------------------- */

static char *
truncate_utf8 (const char *text,
               glong       max_chars)
{
  glong n_chars = g_utf8_strlen (text, -1);
  g_autofree char *head = NULL;

  if (n_chars <= max_chars)
    return g_strdup (text);

  head = g_utf8_substring (text, 0, max_chars);
  return g_strconcat (head, "…", NULL);
}

char *
hone_examples_page_format_cell (HoneField  *field,
                                const char *value)
{
  g_autofree char *head = NULL;
  GString *line;

  g_return_val_if_fail (HONE_IS_FIELD (field), NULL);

  if (value == NULL || value[0] == '\0')
    return NULL;

  if (hone_field_get_kind (field) == HONE_FIELD_KIND_YES_NO)
    {
      if (g_strcmp0 (value, "true") == 0)
        return g_strdup (_("Yes"));
      if (g_strcmp0 (value, "false") == 0)
        return g_strdup (_("No"));
    }

  head = truncate_utf8 (value, MAX_CELL_CHARS);
  line = g_string_sized_new (strlen (head) + 16);

  for (const char *p = head; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          /* A line break, whatever its spelling, is one "⏎" */
          if (*p == '\r' && p[1] == '\n')
            p++;
          g_string_append (line, " ⏎ ");
        }
      else if (*p == '\t')
        g_string_append_c (line, ' ');
      else
        g_string_append_c (line, *p);
    }

  return g_string_free (line, FALSE);
}

/* The tooltip of a text cell: more of the value than the cell can show,
 * wrapped to a readable width (a plain tooltip would run off the screen) */
static gboolean
cell_query_tooltip_cb (GtkWidget  *label,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *value = g_object_get_data (G_OBJECT (label), "hone-tooltip");
  GtkWidget *content;

  if (value == NULL)
    return FALSE;

  content = g_object_new (GTK_TYPE_LABEL,
                          "label", value,
                          "wrap", TRUE,
                          "wrap-mode", PANGO_WRAP_WORD_CHAR,
                          "max-width-chars", 60,
                          "xalign", 0.0f,
                          NULL);
  gtk_tooltip_set_custom (tooltip, content);
  return TRUE;
}

/* A column's cells are made by a factory with this as user data */
typedef struct {
  HoneExamplesPage *page;   /* not a reference: the page outlives its columns */
  HoneField        *field;  /* NULL for the split column */
  guint             col;
} ColumnInfo;

static void
column_info_free (gpointer data,
                  GClosure *closure)
{
  ColumnInfo *info = data;

  g_clear_object (&info->field);
  g_free (info);
}

static void cell_pressed_cb (GtkGestureClick *gesture,
                             int              n_press,
                             double           x,
                             double           y,
                             GtkWidget       *cell);
static void cell_secondary_pressed_cb (GtkGestureClick *gesture,
                                       int              n_press,
                                       double           x,
                                       double           y,
                                       GtkWidget       *cell);
static void refresh_cursor (HoneExamplesPage *self);
static void update_state (HoneExamplesPage *self);
static void cancel_editing (HoneExamplesPage *self);

static void list_item_gone_cb (gpointer  data,
                               GObject  *where_the_object_was);

static void
forget_cell (HoneExamplesPage *self,
             GtkWidget        *cell)
{
  if (self->editing_cell == cell)
    {
      self->editing_cell = NULL;
      self->editor = NULL;
      self->edit_example_id = 0;
    }
  if (self->cells != NULL)
    g_ptr_array_remove_fast (self->cells, cell);
}

static void
cell_destroy_cb (GtkWidget        *cell,
                 HoneExamplesPage *self)
{
  GObject *list_item = g_object_get_data (G_OBJECT (cell), "hone-list-item");

  forget_cell (self, cell);
  if (list_item != NULL)
    g_object_weak_unref (list_item, list_item_gone_cb, cell);
  g_object_set_data (G_OBJECT (cell), "hone-list-item", NULL);
}

static void
list_item_gone_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  GtkWidget *cell = data;
  HoneExamplesPage *self = g_object_get_data (G_OBJECT (cell), "hone-page");

  g_object_set_data (G_OBJECT (cell), "hone-list-item", NULL);
  if (self->cells != NULL && g_ptr_array_find (self->cells, cell, NULL))
    forget_cell (self, cell);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               ColumnInfo               *info)
{
  GtkWidget *cell;
  GtkWidget *label;
  GtkGesture *click;

  cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (cell, "hone-grid-cell");
  gtk_widget_set_hexpand (cell, TRUE);

  label = g_object_new (GTK_TYPE_LABEL,
                        "xalign", 0.0f,
                        "hexpand", TRUE,
                        "single-line-mode", TRUE,
                        "ellipsize", PANGO_ELLIPSIZE_END,
                        NULL);

  if (info->field != NULL && hone_field_get_kind (info->field) == HONE_FIELD_KIND_NUMBER)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
      gtk_widget_add_css_class (label, "numeric");
    }

  g_signal_connect (label, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
  gtk_box_append (GTK_BOX (cell), label);

  g_object_set_data (G_OBJECT (cell), "hone-label", label);
  g_object_set_data (G_OBJECT (cell), "hone-list-item", list_item);
  g_object_set_data (G_OBJECT (cell), "hone-col", GUINT_TO_POINTER (info->col));
  g_object_set_data (G_OBJECT (cell), "hone-page", info->page);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (cell_pressed_cb), cell);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (click));

  /* The context menu */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (cell_secondary_pressed_cb), cell);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (click));

  /* Forget the cell as soon as it or its item goes, whatever the order
   * (removing a column does not always tear its cells down) */
  g_ptr_array_add (info->page->cells, cell);
  g_signal_connect (cell, "destroy", G_CALLBACK (cell_destroy_cb), info->page);
  g_object_weak_ref (G_OBJECT (list_item), list_item_gone_cb, cell);
  gtk_list_item_set_child (list_item, cell);
}

static void
cell_teardown_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  ColumnInfo               *info)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  if (cell != NULL)
    {
      if (info->page->editing_cell == cell)
        cancel_editing (info->page);
    }
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                ColumnInfo               *info)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  /* A recycled cell must not carry an editor to another example */
  if (cell != NULL && info->page->editing_cell == cell)
    cancel_editing (info->page);
}

static void
set_cell_text (GtkLabel   *label,
               const char *text)
{
  if (text == NULL)
    {
      /* An empty value: a dimmed dash, so that empty is not mistaken for a
       * cell that did not draw */
      gtk_label_set_text (label, "—");
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
  else
    {
      gtk_label_set_text (label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
    }
}

static void
update_cell_cursor (HoneExamplesPage *self,
                    GtkWidget        *cell)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (cell), "hone-list-item");
  guint col = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "hone-col"));
  gboolean on = gtk_list_item_get_item (list_item) != NULL &&
                gtk_list_item_get_position (list_item) == self->cursor_row &&
                col == self->cursor_col;

  if (on)
    gtk_widget_add_css_class (cell, "cursor");
  else
    gtk_widget_remove_css_class (cell, "cursor");
}

static void
field_cell_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    ColumnInfo               *info)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  GtkLabel *label = g_object_get_data (G_OBJECT (cell), "hone-label");
  HoneExample *example = gtk_list_item_get_item (list_item);
  HoneField *field = info->field;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  const char *value;

  value = hone_example_get_value (example, hone_field_get_id (field));
  text = hone_examples_page_format_cell (field, value);
  set_cell_text (label, text);

  /* Long values are cut in the cell: their tooltip shows more of them */
  switch (hone_field_get_kind (field))
    {
    case HONE_FIELD_KIND_SHORT_TEXT:
    case HONE_FIELD_KIND_LONG_TEXT:
      if (value != NULL && value[0] != '\0')
        tooltip = truncate_utf8 (value, MAX_TOOLTIP_CHARS);
      break;
    case HONE_FIELD_KIND_LABEL:
    case HONE_FIELD_KIND_NUMBER:
    case HONE_FIELD_KIND_YES_NO:
    default:
      break;
    }
  gtk_widget_set_has_tooltip (GTK_WIDGET (label), tooltip != NULL);
  g_object_set_data_full (G_OBJECT (label), "hone-tooltip", g_steal_pointer (&tooltip), g_free);
  update_cell_cursor (info->page, cell);
}

static void
split_cell_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    ColumnInfo               *info)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  GtkLabel *label = g_object_get_data (G_OBJECT (cell), "hone-label");
  HoneExample *example = gtk_list_item_get_item (list_item);

  set_cell_text (label, hone_split_get_label (hone_example_get_split (example)));
  update_cell_cursor (info->page, cell);
}

static int
width_for_kind (HoneFieldKind kind)
{
  switch (kind)
    {
    case HONE_FIELD_KIND_LONG_TEXT:
      return 360;
    case HONE_FIELD_KIND_SHORT_TEXT:
      return 200;
    case HONE_FIELD_KIND_LABEL:
      return 160;
    case HONE_FIELD_KIND_NUMBER:
      return 110;
    case HONE_FIELD_KIND_YES_NO:
      return 100;
    default:
      return 160;
    }
}

/* Columns --------------------------------------------------------------- */

static void
remove_columns (HoneExamplesPage *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->column_view, column);
    }
}

/* The sorter of a column never sorts anything (the model sorts in SQL):
 * comparing through the view's sorter tells which column is the primary
 * one, as GTK 4.8 has no API for it */
static int
probe_sort_cb (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  HoneExamplesPage *self = g_object_get_data (G_OBJECT (a), "hone-page");
  int col = GPOINTER_TO_INT (user_data) - 1;

  if (self != NULL)
    self->sort_probe = col;
  return GTK_ORDERING_SMALLER;
}

/* Column widths --------------------------------------------------------- */

static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);

  if (schema == NULL || !g_settings_schema_has_key (schema, COLUMN_WIDTHS_KEY))
    {
      g_debug ("The settings schema %s is not installed; column widths are not kept",
               SETTINGS_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

/* The project's key in the column-widths setting: its file's path */
static char *
widths_project_key (HoneExamplesPage *self)
{
  GFile *file;

  if (self->project == NULL)
    return NULL;
  file = hone_project_get_file (self->project);
  if (file == NULL)
    return NULL;
  return g_file_get_path (file);
}

/* The widths saved for the project (field name → width), or NULL */
static GVariant *
lookup_saved_widths (HoneExamplesPage *self)
{
  g_autofree char *project_key = widths_project_key (self);
  g_autoptr(GVariant) all = NULL;

  if (self->settings == NULL || project_key == NULL)
    return NULL;

  all = g_settings_get_value (self->settings, COLUMN_WIDTHS_KEY);
  return g_variant_lookup_value (all, project_key, G_VARIANT_TYPE ("a{si}"));
}

static void
save_widths_now (HoneExamplesPage *self)
{
  g_autofree char *project_key = widths_project_key (self);
  g_autoptr(GVariant) all = NULL;
  GListModel *columns;
  GVariantBuilder widths;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  guint n_kept = 1;

  g_clear_handle_id (&self->save_widths_id, g_source_remove);
  if (self->settings == NULL || project_key == NULL || self->column_view == NULL)
    return;

  g_variant_builder_init (&widths, G_VARIANT_TYPE ("a{si}"));
  columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      const char *width_key = g_object_get_data (G_OBJECT (column), "hone-width-key");
      int width = gtk_column_view_column_get_fixed_width (column);

      if (width_key != NULL && width > 0)
        g_variant_builder_add (&widths, "{si}", width_key, width);
    }

  /* This project first, then the others most recent first */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sa{si}}"));
  g_variant_builder_add (&builder, "{s@a{si}}", project_key, g_variant_builder_end (&widths));

  all = g_settings_get_value (self->settings, COLUMN_WIDTHS_KEY);
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s@a{si}}", &key, &value))
    {
      if (n_kept < MAX_WIDTH_PROJECTS && g_strcmp0 (key, project_key) != 0)
        {
          g_variant_builder_add (&builder, "{s@a{si}}", key, value);
          n_kept++;
        }
      g_variant_unref (value);
    }

  g_settings_set_value (self->settings, COLUMN_WIDTHS_KEY, g_variant_builder_end (&builder));
}

static gboolean
save_widths_timeout_cb (gpointer data)
{
  HoneExamplesPage *self = data;

  self->save_widths_id = 0;
  save_widths_now (self);
  return G_SOURCE_REMOVE;
}

/* A resize notifies at every step: save once it stops */
static void
column_width_changed_cb (HoneExamplesPage *self)
{
  if (self->settings == NULL)
    return;

  g_clear_handle_id (&self->save_widths_id, g_source_remove);
  self->save_widths_id = g_timeout_add (500, save_widths_timeout_cb, self);
}

static void
append_column (HoneExamplesPage   *self,
               const char         *title,
               const char         *width_key,
               int                 width,
               GVariant           *saved_widths,
               GtkListItemFactory *factory)
{
  g_autoptr(GtkColumnViewColumn) column = NULL;
  guint col = g_list_model_get_n_items (gtk_column_view_get_columns (self->column_view));
  g_autoptr(GtkSorter) sorter = NULL;
  gint32 saved;

  /* A width the person gave wins over the one for the kind */
  if (saved_widths != NULL && g_variant_lookup (saved_widths, width_key, "i", &saved) &&
      saved > 0 && saved <= 10000)
    width = saved;

  column = gtk_column_view_column_new (title, factory);
  sorter = GTK_SORTER (gtk_custom_sorter_new (probe_sort_cb, GINT_TO_POINTER (col + 1), NULL));
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_fixed_width (column, width);
  g_object_set_data_full (G_OBJECT (column), "hone-width-key", g_strdup (width_key), g_free);
  g_signal_connect_object (column, "notify::fixed-width",
                           G_CALLBACK (column_width_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_append_column (self->column_view, column);
}

static GtkListItemFactory *
make_factory (HoneExamplesPage *self,
              HoneField        *field,
              guint             col)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  ColumnInfo *info;

  info = g_new0 (ColumnInfo, 1);
  info->page = self;
  info->field = field != NULL ? g_object_ref (field) : NULL;
  info->col = col;

  /* The info lives as long as the setup handler; the others borrow it */
  g_signal_connect_data (factory, "setup", G_CALLBACK (cell_setup_cb),
                         info, column_info_free, 0);
  g_signal_connect (factory, "teardown", G_CALLBACK (cell_teardown_cb), info);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), info);
  g_signal_connect (factory, "bind",
                    field != NULL ? G_CALLBACK (field_cell_bind_cb) : G_CALLBACK (split_cell_bind_cb),
                    info);
  return factory;
}

static void
rebuild_columns (HoneExamplesPage *self)
{
  GListModel *fields;
  guint n_fields;
  g_autoptr(GVariant) saved_widths = NULL;

  cancel_editing (self);
  if (self->column_view == NULL)
    return;
  /* A resize not saved yet is saved before its columns go */
  if (self->save_widths_id != 0)
    save_widths_now (self);
  if (self->sorter_changed_id != 0)
    g_signal_handler_block (gtk_column_view_get_sorter (self->column_view), self->sorter_changed_id);
  remove_columns (self);
  if (self->sorter_changed_id != 0)
    g_signal_handler_unblock (gtk_column_view_get_sorter (self->column_view), self->sorter_changed_id);

  if (self->project == NULL)
    return;

  fields = hone_project_get_fields (self->project);
  n_fields = g_list_model_get_n_items (fields);
  saved_widths = lookup_saved_widths (self);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autoptr(HoneField) field = g_list_model_get_item (fields, i);

      /* The column takes the factory */
      append_column (self, hone_field_get_name (field), hone_field_get_name (field),
                     width_for_kind (hone_field_get_kind (field)),
                     saved_widths, make_factory (self, field, i));
    }

  append_column (self, _("Split"), SPLIT_WIDTH_KEY, 120, saved_widths,
                 make_factory (self, NULL, n_fields));
  /* After the split, out of the cell cursor's reach */
  hone_check_columns_append_to (self->check_columns, self->column_view);

  if (self->cursor_col > n_fields)
    self->cursor_col = n_fields;
}

static void
fields_items_changed_cb (HoneExamplesPage *self,
                         guint             position,
                         guint             removed,
                         guint             added,
                         GListModel       *fields)
{
  rebuild_columns (self);
}

/* State ----------------------------------------------------------------- */

static guint
count_split (HoneExamplesPage *self,
             HoneSplit         split)
{
  g_autoptr(GError) error = NULL;
  gint64 n;

  n = hone_project_count_examples (self->project, split, &error);
  if (n < 0)
    {
      g_debug ("Could not count examples: %s", error->message);
      return 0;
    }

  return (guint) MIN (n, (gint64) G_MAXUINT);
}

static void
update_summary (HoneExamplesPage *self)
{
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  guint n;

  if (self->project == NULL)
    {
      gtk_label_set_text (self->summary_label, "");
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  /* Translators: the start of the summary above the examples grid */
  total = g_strdup_printf (ngettext ("%'u example", "%'u examples", n), n);
  /* Translators: "12 examples · 9 training · 2 validation · 1 excluded" */
  text = g_strdup_printf (_("%s · %'u training · %'u validation · %'u excluded"),
                          total,
                          count_split (self, HONE_SPLIT_TRAIN),
                          count_split (self, HONE_SPLIT_VALIDATION),
                          count_split (self, HONE_SPLIT_EXCLUDED));
  gtk_label_set_text (self->summary_label, text);
}

static void
update_state (HoneExamplesPage *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "grid");
  update_summary (self);
}

/* Errors ---------------------------------------------------------------- */

static void
show_error (HoneExamplesPage *self,
            const char       *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);

  if (message == NULL)
    {
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      return;
    }

  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
dismiss_error_cb (HoneExamplesPage *self)
{
  show_error (self, NULL);
}

/* A toast in the project window, when the page is in one */
static void
add_toast (HoneExamplesPage *self,
           AdwToast         *toast)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), HONE_TYPE_PROJECT_WINDOW);

  if (window != NULL)
    hone_project_window_add_toast (HONE_PROJECT_WINDOW (window), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* Cursor ---------------------------------------------------------------- */

static guint
n_columns (HoneExamplesPage *self)
{
  return self->project != NULL ? hone_project_get_n_fields (self->project) + 1 : 0;
}

static guint
n_rows (HoneExamplesPage *self)
{
  return self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
}

static void details_update (HoneExamplesPage *self);
static void open_details (HoneExamplesPage *self);
static HoneField *column_field (HoneExamplesPage *self,
                                guint             col);

/* Notifies "cursor-example-id" when the example under the cursor is
 * another one (the cursor moved, or rows were sorted, filtered, inserted or
 * removed under it) */
static void
update_cursor_example (HoneExamplesPage *self)
{
  gint64 id = -1;

  if (self->model != NULL && self->cursor_row < n_rows (self))
    {
      id = hone_example_model_get_id (self->model, self->cursor_row);
      if (id <= 0)
        id = -1;
    }

  if (id == self->cursor_example_id)
    return;

  self->cursor_example_id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR_EXAMPLE_ID]);
}

static void
refresh_cursor (HoneExamplesPage *self)
{
  for (guint i = 0; i < self->cells->len; i++)
    update_cell_cursor (self, g_ptr_array_index (self->cells, i));
  details_update (self);
  update_cursor_example (self);
}

static void
selection_changed_cb (HoneExamplesPage *self)
{
  update_cursor_example (self);
}

static GtkWidget *
find_cell (HoneExamplesPage *self,
           guint             row,
           guint             col)
{
  for (guint i = 0; i < self->cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (self->cells, i);
      GtkListItem *list_item = g_object_get_data (G_OBJECT (cell), "hone-list-item");

      if (gtk_list_item_get_item (list_item) != NULL &&
          gtk_list_item_get_position (list_item) == row &&
          GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "hone-col")) == col)
        return cell;
    }

  return NULL;
}

/* GTK 4.8 has no gtk_column_view_scroll_to(): move the adjustment so that
 * @row is in view, from the height of a row that is drawn now */
static void
scroll_to_row (HoneExamplesPage *self,
               guint             row)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  GtkWidget *cell = find_cell (self, row, 0);
  double row_height = 0;
  double top, page;

  if (cell != NULL)
    {
      graphene_point_t point;

      if (gtk_widget_compute_point (cell, GTK_WIDGET (self->scrolled_window),
                                    &GRAPHENE_POINT_INIT (0, 0), &point))
        {
          double header = 0;
          double view_height = gtk_widget_get_height (GTK_WIDGET (self->scrolled_window));
          double cell_height = gtk_widget_get_height (gtk_widget_get_parent (cell));

          /* Roughly the height of the column headers */
          header = 36;
          if (point.y >= header && point.y + cell_height <= view_height)
            return;
        }
    }

  for (guint i = 0; i < self->cells->len && row_height <= 0; i++)
    row_height = gtk_widget_get_height (gtk_widget_get_parent (g_ptr_array_index (self->cells, i)));
  if (row_height <= 0)
    row_height = 36;
  row_height += 1;

  top = row * row_height;
  page = gtk_adjustment_get_page_size (vadj);
  gtk_adjustment_set_value (vadj, MAX (0, top - page / 3));
}

static void
set_cursor (HoneExamplesPage *self,
            guint             row,
            guint             col,
            gboolean          select)
{
  guint rows = n_rows (self);
  guint cols = n_columns (self);

  if (rows == 0 || cols == 0)
    return;

  self->cursor_row = MIN (row, rows - 1);
  self->cursor_col = MIN (col, cols - 1);

  if (select)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), self->cursor_row, TRUE);

  refresh_cursor (self);
  scroll_to_row (self, self->cursor_row);
}

static void
cell_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkWidget       *cell)
{
  HoneExamplesPage *self = g_object_get_data (G_OBJECT (cell), "hone-page");
  GtkListItem *list_item = g_object_get_data (G_OBJECT (cell), "hone-list-item");
  guint col = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "hone-col"));

  if (self->editing_cell == cell || gtk_list_item_get_item (list_item) == NULL)
    return;

  /* Ctrl+click adds the row to the selection or takes it out. GTK 4.8
   * would do it twice (the row and the cell each handle the click), which
   * undoes it: the page does it once and keeps the click. */
  if (n_press == 1 &&
      (gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture)) &
       (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) == GDK_CONTROL_MASK &&
      self->selection != NULL)
    {
      guint position = gtk_list_item_get_position (list_item);

      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      if (self->editor != NULL && !hone_examples_page_commit_edit (self))
        return;
      if (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
        gtk_selection_model_unselect_item (GTK_SELECTION_MODEL (self->selection), position);
      else
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, FALSE);
      self->cursor_row = position;
      self->cursor_col = col;
      refresh_cursor (self);
      if (!gtk_widget_has_focus (GTK_WIDGET (self->column_view)))
        gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
      return;
    }

  self->cursor_row = gtk_list_item_get_position (list_item);
  self->cursor_col = col;
  refresh_cursor (self);

  if (n_press == 2)
    {
      HoneField *field = column_field (self, col);

      if (field != NULL && hone_field_get_kind (field) == HONE_FIELD_KIND_LONG_TEXT)
        open_details (self);
      else
        hone_examples_page_edit_cell (self, NULL);
    }
}

/* Values that do not fit --------------------------------------------------- */

/* Checks @value against @field before it is stored, so that the error names
 * the example as the person sees it: its row in the grid (1-based, in the
 * current sort and filter; 0 for none), and the field. The project checks
 * the same way again, but names examples by their internal id. */
static gboolean
check_cell (HoneField   *field,
            guint        row,
            const char  *value,
            GError     **error)
{
  g_autoptr(GError) reason = NULL;
  const char *name = hone_field_get_name (field);

  if (hone_field_check_value (field, value, NULL, &reason))
    return TRUE;

  if (row > 0 && strstr (reason->message, name) != NULL)
    /* Translators: “Row 12: “score” must be a number, …” */
    g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID, _("Row %u: %s"), row, reason->message);
  else if (row > 0)
    /* Translators: “Row 12, “score”: …” */
    g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID, _("Row %u, “%s”: %s"), row, name, reason->message);
  else if (strstr (reason->message, name) == NULL)
    /* Translators: “score”: the error */
    g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID, _("“%s”: %s"), name, reason->message);
  else
    g_propagate_error (error, g_steal_pointer (&reason));

  return FALSE;
}

/* The row (1-based) the grid shows @example_id in, or 0 */
static guint
row_of_example (HoneExamplesPage *self,
                gint64            example_id)
{
  guint position;

  if (self->model == NULL)
    return 0;
  position = hone_example_model_get_position (self->model, example_id);
  return position != HONE_EXAMPLE_MODEL_NO_POSITION ? position + 1 : 0;
}

/* The context menu, pointing at (@x, @y) of @widget */
static void
popup_context_menu (HoneExamplesPage *self,
                    GtkWidget        *widget,
                    double            x,
                    double            y)
{
  graphene_point_t point;

  if (self->context_popover == NULL)
    return;

  if (widget == NULL ||
      !gtk_widget_compute_point (widget, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    point = GRAPHENE_POINT_INIT (gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                                 gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);

  gtk_popover_set_pointing_to (self->context_popover,
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (self->context_popover);
}

/* A right click: on a selected row the selection stays (the menu acts on
 * all of it); on another row that row alone is selected, as spreadsheets
 * do. The cursor goes to the cell either way. */
static void
cell_secondary_pressed_cb (GtkGestureClick *gesture,
                           int              n_press,
                           double           x,
                           double           y,
                           GtkWidget       *cell)
{
  HoneExamplesPage *self = g_object_get_data (G_OBJECT (cell), "hone-page");
  GtkListItem *list_item = g_object_get_data (G_OBJECT (cell), "hone-list-item");
  guint col = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "hone-col"));
  guint position;

  if (gtk_list_item_get_item (list_item) == NULL || self->selection == NULL)
    return;
  if (self->editor != NULL && !hone_examples_page_commit_edit (self))
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  position = gtk_list_item_get_position (list_item);
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  self->cursor_row = position;
  self->cursor_col = col;
  refresh_cursor (self);

  popup_context_menu (self, cell, x, y);
}

GtkWidget *
hone_examples_page_get_cell (HoneExamplesPage *self,
                             guint             row,
                             guint             col)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), NULL);

  return find_cell (self, row, col);
}

GtkPopover *
hone_examples_page_get_context_menu (HoneExamplesPage *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), NULL);

  return self->context_popover;
}

/* Side editor ---------------------------------------------------------- */

static void details_update (HoneExamplesPage *self);

static char *
text_view_get_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* What the side editor shows for a value: Yes/No for yes/no fields */
static char *
details_text (HoneField  *field,
              const char *value)
{
  if (hone_field_get_kind (field) == HONE_FIELD_KIND_YES_NO)
    {
      if (g_strcmp0 (value, "true") == 0)
        return g_strdup (_("Yes"));
      if (g_strcmp0 (value, "false") == 0)
        return g_strdup (_("No"));
    }

  return g_strdup (value != NULL ? value : "");
}

/* Saves a field of the side editor when the focus leaves it */
static void
details_save (HoneExamplesPage *self,
              GtkTextView      *view)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  g_autofree char *text = NULL;
  gint64 field_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (view), "hone-field-id"));
  HoneField *field;
  const char *stored;

  if (self->project == NULL || self->details_id <= 0)
    return;

  field = hone_project_get_field_by_id (self->project, field_id);
  examples = hone_project_load_examples_by_id (self->project, &self->details_id, 1, NULL);
  if (field == NULL || examples == NULL || examples->len == 0)
    return;

  text = text_view_get_text (view);
  stored = hone_example_get_value (g_ptr_array_index (examples, 0), field_id);
  if (g_strcmp0 (text, stored != NULL ? stored : "") == 0)
    return;

  /* A yes/no field shows Yes or No: compare what it would store */
  if (hone_field_get_kind (field) == HONE_FIELD_KIND_YES_NO)
    {
      g_autofree char *canonical = NULL;
      g_autofree char *shown = details_text (field, stored);

      if (g_strcmp0 (text, shown) == 0)
        return;
      g_strstrip (text);
      if (g_ascii_strcasecmp (text, _("Yes")) == 0)
        text = (g_free (text), g_strdup ("true"));
      else if (g_ascii_strcasecmp (text, _("No")) == 0)
        text = (g_free (text), g_strdup ("false"));
      if (hone_field_check_value (field, text, &canonical, NULL) &&
          g_strcmp0 (canonical, stored) == 0)
        return;
    }

  if (hone_field_get_kind (field) == HONE_FIELD_KIND_NUMBER)
    g_strstrip (text);

  if (!check_cell (field, row_of_example (self, self->details_id), text, &error) ||
      !hone_project_set_value (self->project, self->details_id, field_id, text, &error))
    {
      g_autofree char *message = NULL;

      if (strstr (error->message, hone_field_get_name (field)) == NULL)
        message = g_strdup_printf (_("“%s”: %s"), hone_field_get_name (field), error->message);
      show_error (self, message != NULL ? message : error->message);
      return;
    }

  show_error (self, NULL);
}

static void
details_focus_leave_cb (GtkEventControllerFocus *controller,
                        HoneExamplesPage        *self)
{
  details_save (self, GTK_TEXT_VIEW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))));
}

static void
details_clear (HoneExamplesPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_box))) != NULL)
    gtk_box_remove (self->details_box, child);
  self->details_id = 0;
}

static void
details_rebuild (HoneExamplesPage *self,
                 HoneExample      *example)
{
  guint n_fields = hone_project_get_n_fields (self->project);

  details_clear (self);
  self->details_id = hone_example_get_id (example);

  for (guint i = 0; i < n_fields; i++)
    {
      HoneField *field = hone_project_get_field (self->project, i);
      const char *value = hone_example_get_value (example, hone_field_get_id (field));
      GtkWidget *label, *frame, *view;
      GtkEventController *focus;

      label = g_object_new (GTK_TYPE_LABEL,
                            "label", hone_field_get_name (field),
                            "xalign", 0.0f,
                            "margin-top", i > 0 ? 6 : 0,
                            NULL);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (self->details_box, label);

      view = g_object_new (GTK_TYPE_TEXT_VIEW,
                           "wrap-mode", GTK_WRAP_WORD_CHAR,
                           "accepts-tab", FALSE,
                           "top-margin", 6, "bottom-margin", 6,
                           "left-margin", 6, "right-margin", 6,
                           NULL);
      {
        g_autofree char *shown = details_text (field, value);
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), shown, -1);
      }
      g_object_set_data (G_OBJECT (view), "hone-field-id", GSIZE_TO_POINTER (hone_field_get_id (field)));
      gtk_accessible_update_relation (GTK_ACCESSIBLE (view),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                      -1);
      focus = gtk_event_controller_focus_new ();
      g_signal_connect (focus, "leave", G_CALLBACK (details_focus_leave_cb), self);
      gtk_widget_add_controller (view, focus);

      frame = gtk_frame_new (NULL);
      gtk_frame_set_child (GTK_FRAME (frame), view);
      gtk_box_append (self->details_box, frame);
    }
}

/* The text view of the side editor for the field at @col, or NULL */
GtkWidget *
hone_examples_page_get_details_editor (HoneExamplesPage *self,
                                       guint             col)
{
  HoneField *field;

  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), NULL);

  field = column_field (self, col);
  if (field == NULL || !gtk_revealer_get_reveal_child (self->details_revealer))
    return NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->details_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *view = GTK_IS_FRAME (child) ? gtk_frame_get_child (GTK_FRAME (child)) : NULL;

      if (view != NULL &&
          GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (view), "hone-field-id")) == (gsize) hone_field_get_id (field))
        return view;
    }

  return NULL;
}

static void details_update_real (HoneExamplesPage *self);

static void
details_update (HoneExamplesPage *self)
{

  if (self->details_revealer == NULL || !gtk_revealer_get_reveal_child (self->details_revealer))
    return;

  /* Rebuilding takes the focus from a field, which saves it, which
   * changes the model, which comes back here */
  if (self->details_busy)
    return;
  self->details_busy = TRUE;
  details_update_real (self);
  self->details_busy = FALSE;
}

static void
details_update_real (HoneExamplesPage *self)
{
  g_autoptr(HoneExample) example = NULL;

  if (self->model == NULL || self->cursor_row >= n_rows (self))
    {
      details_clear (self);
      return;
    }

  example = g_list_model_get_item (G_LIST_MODEL (self->model), self->cursor_row);
  if (hone_example_get_id (example) != self->details_id)
    {
      details_rebuild (self, example);
      return;
    }

  /* The same example: bring the fields not being edited up to date */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->details_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *view = GTK_IS_FRAME (child) ? gtk_frame_get_child (GTK_FRAME (child)) : NULL;
      gint64 field_id;
      HoneField *field;
      const char *value;
      g_autofree char *text = NULL;
      g_autofree char *shown = NULL;

      if (view == NULL || gtk_widget_has_focus (view))
        continue;

      field_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (view), "hone-field-id"));
      field = hone_project_get_field_by_id (self->project, field_id);
      if (field == NULL)
        continue;
      value = hone_example_get_value (example, field_id);
      shown = details_text (field, value);
      text = text_view_get_text (GTK_TEXT_VIEW (view));
      if (g_strcmp0 (text, shown) != 0)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), shown, -1);
    }
}

static void
details_revealed_cb (HoneExamplesPage *self)
{
  self->details_id = 0;
  details_update (self);
}

/* Opens the side editor on the field under the cursor */
static void
open_details (HoneExamplesPage *self)
{
  GtkWidget *view;

  gtk_revealer_set_reveal_child (self->details_revealer, TRUE);
  details_update (self);
  view = hone_examples_page_get_details_editor (self, self->cursor_col);
  if (view != NULL)
    gtk_widget_grab_focus (view);
}

static void
details_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (widget);

  if (gtk_revealer_get_reveal_child (self->details_revealer))
    gtk_revealer_set_reveal_child (self->details_revealer, FALSE);
  else
    open_details (self);
}

/* Editing --------------------------------------------------------------- */

static HoneField *
column_field (HoneExamplesPage *self,
              guint             col)
{
  if (self->project == NULL || col >= hone_project_get_n_fields (self->project))
    return NULL;

  return hone_project_get_field (self->project, col);
}

static void
finish_editing (HoneExamplesPage *self)
{
  GtkWidget *cell = self->editing_cell;
  GtkWidget *editor = self->editor;
  gboolean had_focus;

  if (editor == NULL)
    return;

  had_focus = gtk_widget_get_focus_child (cell) != NULL;
  self->editor = NULL;
  self->editing_cell = NULL;
  self->edit_example_id = 0;

  gtk_widget_remove_css_class (cell, "editing");
  gtk_box_remove (GTK_BOX (cell), editor);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (cell), "hone-label"), TRUE);

  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
cancel_editing (HoneExamplesPage *self)
{
  finish_editing (self);
}

/* Stores @value in the cell being edited; on error shows it (naming the
 * field) and keeps the editor open */
static gboolean
store_edit (HoneExamplesPage *self,
            const char       *value)
{
  g_autoptr(GError) error = NULL;
  HoneField *field = column_field (self, self->edit_col);
  gboolean ok;

  if (field != NULL)
    {
      g_autofree char *trimmed = NULL;

      if (hone_field_get_kind (field) == HONE_FIELD_KIND_NUMBER && value != NULL)
        value = trimmed = g_strstrip (g_strdup (value));

      ok = check_cell (field, row_of_example (self, self->edit_example_id), value, &error) &&
           hone_project_set_value (self->project, self->edit_example_id,
                                   hone_field_get_id (field), value, &error);
      if (!ok)
        {
          g_autofree char *message = NULL;

          /* The error names the field, unless it already does */
          if (strstr (error->message, hone_field_get_name (field)) == NULL)
            /* Translators: “score”: the error */
            message = g_strdup_printf (_("“%s”: %s"), hone_field_get_name (field), error->message);
          show_error (self, message != NULL ? message : error->message);
          return FALSE;
        }
    }
  else
    {
      HoneSplit split;

      if (!hone_split_from_string (value, &split))
        return FALSE;
      ok = hone_project_set_split (self->project, &self->edit_example_id, 1, split, &error);
      if (!ok)
        {
          show_error (self, error->message);
          return FALSE;
        }
    }

  show_error (self, NULL);
  return TRUE;
}

gboolean
hone_examples_page_commit_edit (HoneExamplesPage *self)
{
  const char *value = NULL;
  g_autofree char *owned = NULL;

  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), FALSE);

  if (self->editor == NULL)
    return TRUE;

  if (GTK_IS_EDITABLE (self->editor))
    value = gtk_editable_get_text (GTK_EDITABLE (self->editor));
  else if (GTK_IS_DROP_DOWN (self->editor))
    {
      GtkStringObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (self->editor));
      const char *stored = item != NULL ? g_object_get_data (G_OBJECT (item), "hone-value") : NULL;

      value = stored;
    }

  owned = g_strdup (value);
  if (!store_edit (self, owned))
    return FALSE;

  finish_editing (self);
  return TRUE;
}

void
hone_examples_page_cancel_edit (HoneExamplesPage *self)
{
  g_return_if_fail (HONE_IS_EXAMPLES_PAGE (self));

  cancel_editing (self);
}

GtkWidget *
hone_examples_page_get_editor (HoneExamplesPage *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), NULL);

  return self->editor;
}

static gboolean
commit_dropdown_idle (gpointer data)
{
  g_autoptr(GtkWidget) dropdown = data;
  HoneExamplesPage *self = g_object_get_data (G_OBJECT (dropdown), "hone-page");

  if (self != NULL && self->editor == dropdown)
    hone_examples_page_commit_edit (self);

  return G_SOURCE_REMOVE;
}

static void
dropdown_selected_cb (GtkDropDown      *dropdown,
                      GParamSpec       *pspec,
                      HoneExamplesPage *self)
{
  /* Not from inside the dropdown's own signal: committing removes it */
  if (self->editor == GTK_WIDGET (dropdown))
    {
      g_object_set_data (G_OBJECT (dropdown), "hone-page", self);
      g_idle_add (commit_dropdown_idle, g_object_ref (dropdown));
    }
}

static GtkWidget *
make_dropdown (GPtrArray  *labels,
               GPtrArray  *values,
               const char *current)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  GtkWidget *dropdown;
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < labels->len; i++)
    {
      g_autoptr(GtkStringObject) item = NULL;

      gtk_string_list_append (list, g_ptr_array_index (labels, i));
      item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_object_set_data_full (G_OBJECT (item), "hone-value",
                              g_strdup (g_ptr_array_index (values, i)), g_free);
      if (g_strcmp0 (g_ptr_array_index (values, i), current) == 0)
        selected = i;
    }

  dropdown = gtk_drop_down_new (G_LIST_MODEL (list), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected != GTK_INVALID_LIST_POSITION ? selected : 0);
  gtk_widget_set_hexpand (dropdown, TRUE);
  gtk_widget_add_css_class (dropdown, "flat");
  return dropdown;
}

gboolean
hone_examples_page_edit_cell (HoneExamplesPage *self,
                              const char       *initial_text)
{
  g_autoptr(HoneExample) example = NULL;
  HoneField *field;
  GtkWidget *cell;
  GtkWidget *editor = NULL;
  const char *value = NULL;

  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), FALSE);

  if (self->editor != NULL && !hone_examples_page_commit_edit (self))
    return FALSE;

  if (self->cursor_row >= n_rows (self))
    return FALSE;

  /* The cell must be drawn: bring it into view first */
  cell = find_cell (self, self->cursor_row, self->cursor_col);
  if (cell == NULL)
    {
      scroll_to_row (self, self->cursor_row);
      return FALSE;
    }

  example = g_list_model_get_item (G_LIST_MODEL (self->model), self->cursor_row);
  field = column_field (self, self->cursor_col);

  if (field != NULL)
    {
      HoneFieldKind kind = hone_field_get_kind (field);
      const char * const *allowed = hone_field_get_allowed_values (field);

      value = hone_example_get_value (example, hone_field_get_id (field));

      if (kind == HONE_FIELD_KIND_YES_NO && initial_text == NULL)
        {
          g_autoptr(GError) error = NULL;
          const char *next = g_strcmp0 (value, "true") == 0 ? "false" : "true";

          /* A yes/no cell is a toggle: Enter flips it */
          if (!hone_project_set_value (self->project, hone_example_get_id (example),
                                       hone_field_get_id (field), next, &error))
            show_error (self, error->message);
          return TRUE;
        }

      if (kind == HONE_FIELD_KIND_LABEL && allowed != NULL && allowed[0] != NULL)
        {
          g_autoptr(GPtrArray) labels = g_ptr_array_new ();
          g_autoptr(GPtrArray) values = g_ptr_array_new ();

          g_ptr_array_add (labels, (gpointer) _("(Empty)"));
          g_ptr_array_add (values, NULL);
          for (guint i = 0; allowed[i] != NULL; i++)
            {
              g_ptr_array_add (labels, (gpointer) allowed[i]);
              g_ptr_array_add (values, (gpointer) allowed[i]);
            }
          editor = make_dropdown (labels, values, value);
        }
      else
        {
          editor = gtk_text_new ();
          gtk_editable_set_text (GTK_EDITABLE (editor), initial_text != NULL ? initial_text : (value != NULL ? value : ""));
          gtk_widget_set_hexpand (editor, TRUE);
          if (kind == HONE_FIELD_KIND_NUMBER)
            gtk_editable_set_alignment (GTK_EDITABLE (editor), 1.0f);
        }
    }
  else
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autoptr(GPtrArray) values = g_ptr_array_new ();

      for (HoneSplit split = HONE_SPLIT_TRAIN; split <= HONE_SPLIT_EXCLUDED; split++)
        {
          g_ptr_array_add (labels, (gpointer) hone_split_get_label (split));
          g_ptr_array_add (values, (gpointer) hone_split_to_string (split));
        }
      value = hone_split_to_string (hone_example_get_split (example));
      editor = make_dropdown (labels, values, value);
    }

  self->editor = editor;
  self->editing_cell = cell;
  self->edit_example_id = hone_example_get_id (example);
  self->edit_col = self->cursor_col;

  gtk_widget_set_visible (g_object_get_data (G_OBJECT (cell), "hone-label"), FALSE);
  gtk_widget_add_css_class (cell, "editing");
  gtk_box_append (GTK_BOX (cell), editor);
  gtk_widget_grab_focus (editor);

  if (GTK_IS_EDITABLE (editor))
    gtk_editable_set_position (GTK_EDITABLE (editor), -1);
  else
    g_signal_connect_object (editor, "notify::selected",
                             G_CALLBACK (dropdown_selected_cb), self, 0);

  return TRUE;
}

static void
move_cursor (HoneExamplesPage *self,
             int               drow,
             int               dcol,
             gboolean          wrap)
{
  int row = (int) self->cursor_row + drow;
  int col = (int) self->cursor_col + dcol;
  int cols = (int) n_columns (self);

  if (wrap && col >= cols)
    {
      col = 0;
      row++;
    }
  else if (wrap && col < 0)
    {
      col = cols - 1;
      row--;
    }

  row = CLAMP (row, 0, MAX ((int) n_rows (self) - 1, 0));
  col = CLAMP (col, 0, MAX (cols - 1, 0));
  set_cursor (self, row, col, TRUE);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                HoneExamplesPage      *self)
{
  gboolean ctrl_alt = (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0;
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  gunichar c;

  if (self->editor != NULL)
    {
      gboolean is_text = GTK_IS_EDITABLE (self->editor);

      switch (keyval)
        {
        case GDK_KEY_Escape:
          cancel_editing (self);
          return TRUE;
        case GDK_KEY_Return:
        case GDK_KEY_KP_Enter:
        case GDK_KEY_ISO_Enter:
          if (!is_text)
            return FALSE;
          if (hone_examples_page_commit_edit (self))
            move_cursor (self, shift ? -1 : 1, 0, FALSE);
          return TRUE;
        case GDK_KEY_Tab:
        case GDK_KEY_ISO_Left_Tab:
          if (hone_examples_page_commit_edit (self))
            move_cursor (self, 0, keyval == GDK_KEY_ISO_Left_Tab || shift ? -1 : 1, TRUE);
          return TRUE;
        case GDK_KEY_Up:
        case GDK_KEY_Down:
          if (!is_text)
            return FALSE;
          if (hone_examples_page_commit_edit (self))
            move_cursor (self, keyval == GDK_KEY_Up ? -1 : 1, 0, FALSE);
          return TRUE;
        default:
          return FALSE;
        }
    }

  if (ctrl_alt)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_Down:
      if (shift && n_rows (self) > 0)
        {
          /* Shift+arrow adds rows to the selection */
          int row = (int) self->cursor_row + (keyval == GDK_KEY_Up ? -1 : 1);

          row = CLAMP (row, 0, (int) n_rows (self) - 1);
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), row, FALSE);
          self->cursor_row = row;
          refresh_cursor (self);
          scroll_to_row (self, row);
        }
      else
        move_cursor (self, keyval == GDK_KEY_Up ? -1 : 1, 0, FALSE);
      return TRUE;
    case GDK_KEY_Left:
      move_cursor (self, 0, -1, FALSE);
      return TRUE;
    case GDK_KEY_Right:
      move_cursor (self, 0, 1, FALSE);
      return TRUE;
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      {
        gboolean back = keyval == GDK_KEY_ISO_Left_Tab || shift;

        /* Past the first or last cell, Tab leaves the grid as usual */
        if ((back && self->cursor_row == 0 && self->cursor_col == 0) ||
            (!back && self->cursor_row + 1 >= n_rows (self) && self->cursor_col + 1 >= n_columns (self)))
          return FALSE;
        move_cursor (self, 0, back ? -1 : 1, TRUE);
      }
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_F2:
      {
        HoneField *field = column_field (self, self->cursor_col);

        /* A long text is edited in the side editor, with room for it */
        if (keyval != GDK_KEY_F2 && field != NULL &&
            hone_field_get_kind (field) == HONE_FIELD_KIND_LONG_TEXT)
          open_details (self);
        else
          hone_examples_page_edit_cell (self, NULL);
      }
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      gtk_widget_activate_action (GTK_WIDGET (self), "examples.delete", NULL);
      return TRUE;
    case GDK_KEY_Menu:
    case GDK_KEY_F10:
      /* The context menu, at the cursor's cell (F10 with Shift only) */
      if (keyval == GDK_KEY_F10 && !shift)
        return FALSE;
      {
        GtkWidget *cell = find_cell (self, self->cursor_row, self->cursor_col);

        popup_context_menu (self, cell,
                            cell != NULL ? gtk_widget_get_width (cell) / 2.0 : 0,
                            cell != NULL ? gtk_widget_get_height (cell) / 2.0 : 0);
      }
      return TRUE;
    case GDK_KEY_space:
      /* Space toggles a yes/no cell; elsewhere it starts typing */
      {
        HoneField *field = column_field (self, self->cursor_col);
        if (field != NULL && hone_field_get_kind (field) == HONE_FIELD_KIND_YES_NO)
          {
            hone_examples_page_edit_cell (self, NULL);
            return TRUE;
          }
      }
      break;
    default:
      break;
    }

  c = gdk_keyval_to_unicode (keyval);
  if (c != 0 && g_unichar_isprint (c))
    {
      HoneField *field = column_field (self, self->cursor_col);
      char buf[8] = { 0 };

      /* Typing on a yes/no, label or split cell opens it as Enter does */
      if (field == NULL || hone_field_get_kind (field) == HONE_FIELD_KIND_YES_NO ||
          (hone_field_get_kind (field) == HONE_FIELD_KIND_LABEL &&
           hone_field_get_allowed_values (field)[0] != NULL))
        return FALSE;

      g_unichar_to_utf8 (c, buf);
      hone_examples_page_edit_cell (self, buf);
      return TRUE;
    }

  return FALSE;
}

void
hone_examples_page_set_cursor (HoneExamplesPage *self,
                               guint             row,
                               guint             col)
{
  g_return_if_fail (HONE_IS_EXAMPLES_PAGE (self));

  cancel_editing (self);
  set_cursor (self, row, col, TRUE);
}

void
hone_examples_page_get_cursor (HoneExamplesPage *self,
                               guint            *row,
                               guint            *col)
{
  g_return_if_fail (HONE_IS_EXAMPLES_PAGE (self));

  if (row != NULL)
    *row = self->cursor_row;
  if (col != NULL)
    *col = self->cursor_col;
}

const char *
hone_examples_page_get_error (HoneExamplesPage *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), NULL);

  return self->last_error;
}

HoneUndoStack *
hone_examples_page_get_undo_stack (HoneExamplesPage *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), NULL);

  return self->undo_stack;
}

/* Selection ------------------------------------------------------------- */

/* The ids of the selected examples in view order. The model maps a
 * position to its id without loading anything (an array read, or
 * arithmetic when the ids are a range), so a million selected rows take
 * a few milliseconds. */
static GArray *
gather_selected_ids (HoneExamplesPage *self)
{
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  GArray *ids;
  guint64 size;
  guint position;
  guint n = 0;
  guint rows = n_rows (self);

  if (self->model == NULL || self->selection == NULL)
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  size = gtk_bitset_get_size (set);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) MIN (size, rows));
  g_array_set_size (ids, (guint) MIN (size, rows));

  if (gtk_bitset_iter_init_first (&iter, set, &position))
    {
      gint64 *data = (gint64 *) ids->data;

      do
        {
          gint64 id;

          if (position >= rows || n >= ids->len)
            break;
          id = hone_example_model_get_id (self->model, position);
          if (id > 0)
            data[n++] = id;
        }
      while (gtk_bitset_iter_next (&iter, &position));
    }
  g_array_set_size (ids, n);

  return ids;
}

GArray *
hone_examples_page_dup_selected_ids (HoneExamplesPage *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), NULL);

  return gather_selected_ids (self);
}

guint
hone_examples_page_get_n_selected (HoneExamplesPage *self)
{
  g_autoptr(GtkBitset) set = NULL;

  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), 0);

  if (self->selection == NULL)
    return 0;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) MIN (gtk_bitset_get_size (set), n_rows (self));
}

/* The ids of the selected examples in view order (the cursor's when none) */
static GArray *
selected_ids (HoneExamplesPage *self)
{
  GArray *ids = gather_selected_ids (self);

  if (ids->len == 0 && self->model != NULL && self->cursor_row < n_rows (self))
    {
      gint64 id = hone_example_model_get_id (self->model, self->cursor_row);
      if (id > 0)
        g_array_append_val (ids, id);
    }

  return ids;
}

/* Clipboard ------------------------------------------------------------- */

static void
append_tsv_field (GString    *out,
                  const char *value)
{
  if (value == NULL)
    return;

  /* As LibreOffice Calc does: quote a field holding a tab, a line break or
   * a quote, doubling its quotes */
  if (strpbrk (value, "\t\n\r\"") == NULL)
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
hone_examples_page_copy_text (HoneExamplesPage *self)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GError) error = NULL;
  GString *out;
  guint first_col, last_col;
  guint n_fields;

  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), NULL);

  if (self->project == NULL)
    return NULL;

  ids = selected_ids (self);
  if (ids->len == 0)
    return NULL;

  examples = hone_project_load_examples_by_id (self->project, (gint64 *) ids->data, ids->len, &error);
  if (examples == NULL)
    {
      show_error (self, error->message);
      return NULL;
    }

  /* One selected row: the cursor's cell; several: whole rows */
  n_fields = hone_project_get_n_fields (self->project);
  if (ids->len == 1)
    first_col = last_col = self->cursor_col;
  else
    {
      first_col = 0;
      last_col = n_fields;
    }

  out = g_string_new (NULL);
  for (guint r = 0; r < examples->len; r++)
    {
      HoneExample *example = g_ptr_array_index (examples, r);

      for (guint c = first_col; c <= last_col; c++)
        {
          HoneField *field = column_field (self, c);

          if (c > first_col)
            g_string_append_c (out, '\t');
          if (field != NULL)
            append_tsv_field (out, hone_example_get_value (example, hone_field_get_id (field)));
          else
            append_tsv_field (out, hone_split_to_string (hone_example_get_split (example)));
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* Parses tab-separated text as LibreOffice Calc writes it into rows of
 * fields (a GPtrArray of GStrv-like GPtrArrays) */
static GPtrArray *
parse_tsv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;
  gboolean field_started = FALSE;

  while (*p != '\0')
    {
      if (!field_started && *p == '"')
        {
          /* A quoted field runs to the lone closing quote */
          p++;
          while (*p != '\0')
            {
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p++);
            }
          field_started = TRUE;
          continue;
        }

      if (*p == '\t')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          field_started = FALSE;
          p++;
        }
      else if (*p == '\n' || *p == '\r')
        {
          if (*p == '\r' && p[1] == '\n')
            p++;
          p++;
          g_ptr_array_add (row, g_string_free (field, FALSE));
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          field = g_string_new (NULL);
          field_started = FALSE;
        }
      else
        {
          g_string_append_c (field, *p++);
          field_started = TRUE;
        }
    }

  /* The last line, unless the text ended with a line break */
  if (field_started || field->len > 0 || row->len > 0)
    {
      g_ptr_array_add (row, g_string_free (field, FALSE));
      g_ptr_array_add (rows, row);
    }
  else
    {
      g_string_free (field, TRUE);
      g_ptr_array_unref (row);
    }

  return rows;
}

gboolean
hone_examples_page_paste_text (HoneExamplesPage  *self,
                               const char        *text,
                               GError           **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) example_ids = NULL;
  g_autoptr(GArray) field_ids = NULL;
  g_autoptr(GPtrArray) values = NULL;
  guint n_fields, n_cols = 0, start_row, start_col;
  guint total = n_rows (self);

  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (self->project == NULL)
    return TRUE;

  cancel_editing (self);

  rows = parse_tsv (text);
  if (rows->len == 0)
    return TRUE;

  n_fields = hone_project_get_n_fields (self->project);
  start_row = total == 0 ? 0 : self->cursor_row;
  start_col = MIN (self->cursor_col, n_fields);

  for (guint r = 0; r < rows->len; r++)
    n_cols = MAX (n_cols, ((GPtrArray *) g_ptr_array_index (rows, r))->len);
  /* Columns past the last field are left out */
  n_cols = MIN (n_cols, n_fields - MIN (start_col, n_fields));
  if (n_cols == 0)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("Values can only be pasted into the fields’ columns."));
      return FALSE;
    }

  example_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  for (guint r = 0; r < rows->len; r++)
    {
      gint64 id = start_row + r < total ? hone_example_model_get_id (self->model, start_row + r) : 0;
      g_array_append_val (example_ids, id);
    }

  field_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  for (guint c = 0; c < n_cols; c++)
    {
      gint64 id = hone_field_get_id (hone_project_get_field (self->project, start_col + c));
      g_array_append_val (field_ids, id);
    }

  values = g_ptr_array_new ();
  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_cols; c++)
        {
          const char *value = c < row->len ? g_ptr_array_index (row, c) : NULL;

          /* The first value that does not fit is named by its row (rows
           * past the end are added there, so they get the next numbers) */
          if (!check_cell (hone_project_get_field (self->project, start_col + c),
                           start_row + r + 1, value, error))
            return FALSE;
          g_ptr_array_add (values, (gpointer) value);
        }
    }

  if (!hone_project_set_values (self->project,
                                (gint64 *) example_ids->data, example_ids->len,
                                (gint64 *) field_ids->data, field_ids->len,
                                (const char * const *) values->pdata,
                                NULL, error))
    return FALSE;

  return TRUE;
}

static void
paste_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HoneExamplesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  if (text == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  if (!hone_examples_page_paste_text (self, text, &error))
    show_error (self, error->message);
  else
    show_error (self, NULL);
}

/* Sort and filter ------------------------------------------------------- */

static HoneExampleQuery *
build_query (HoneExamplesPage *self)
{
  HoneExampleQuery *query = hone_example_query_new ();
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  guint split_pos = gtk_drop_down_get_selected (self->split_filter);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkSorter *probe_a = NULL;
  GtkSorter *probe_b = NULL;
  GtkOrdering order;

  /* Find out the primary sort column (see probe_sort_cb) */
  self->sort_probe = -1;
  probe_a = GTK_SORTER (gtk_custom_sorter_new (NULL, NULL, NULL));
  g_object_set_data (G_OBJECT (probe_a), "hone-page", self);
  /* gtk_sorter_compare() does not ask anything about an item and itself */
  probe_b = GTK_SORTER (gtk_custom_sorter_new (NULL, NULL, NULL));
  order = gtk_sorter_compare (sorter, probe_a, probe_b);
  g_object_unref (probe_a);
  g_object_unref (probe_b);

  if (order != GTK_ORDERING_EQUAL && self->sort_probe >= 0)
    {
      HoneField *field = column_field (self, self->sort_probe);
      gboolean descending = order == GTK_ORDERING_LARGER;

      if (field != NULL)
        hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_FIELD, hone_field_get_id (field), descending);
      else
        hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_SPLIT, 0, descending);
    }

  /* 0 is every split, then training, validation, excluded */
  if (split_pos != GTK_INVALID_LIST_POSITION && split_pos > 0)
    hone_example_query_set_split (query, (HoneSplit) (split_pos - 1));

  if (text != NULL && text[0] != '\0')
    hone_example_query_set_text (query, text, 0);

  return query;
}

static void
set_busy (HoneExamplesPage *self,
          gboolean          busy)
{
  if (busy == gtk_widget_get_visible (GTK_WIDGET (self->query_spinner)))
    return;

  gtk_spinner_set_spinning (self->query_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->query_spinner), busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Stops the running sort or filter, if any (its rows never come) */
static void
cancel_query (HoneExamplesPage *self)
{
  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  g_clear_pointer (&self->pending_query, hone_example_query_free);
  if (self->query_spinner != NULL)
    set_busy (self, FALSE);
}

typedef struct {
  HoneExamplesPage *page;          /* a reference */
  GCancellable     *cancellable;   /* which query this is */
} QueryData;

static void
set_query_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  QueryData *data = user_data;
  HoneExamplesPage *self = data->page;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = hone_example_model_set_query_finish (HONE_EXAMPLE_MODEL (source), result, &error);

  /* A newer query (or a new project) took over: this one is forgotten */
  if (data->cancellable == self->query_cancellable &&
      !g_cancellable_is_cancelled (data->cancellable) &&
      HONE_EXAMPLE_MODEL (source) == self->model)
    {
      g_clear_object (&self->query_cancellable);
      g_clear_pointer (&self->pending_query, hone_example_query_free);
      set_busy (self, FALSE);

      if (!ok)
        show_error (self, error->message);
      else
        {
          gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
          self->cursor_row = 0;
          refresh_cursor (self);
          gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
          if (self->show_example_id > 0)
            hone_examples_page_show_example (self, self->show_example_id);
        }
      self->show_example_id = 0;
      update_state (self);
    }

  g_object_unref (data->cancellable);
  g_object_unref (data->page);
  g_free (data);
}

static void
apply_query (HoneExamplesPage *self)
{
  g_autoptr(HoneExampleQuery) query = NULL;
  QueryData *data;

  if (self->model == NULL || self->column_view == NULL)
    return;

  cancel_editing (self);
  query = build_query (self);
  if (self->pending_query != NULL && hone_example_query_equal (query, self->pending_query))
    return;

  /* Back to what the model shows: nothing to run, and what ran is void */
  cancel_query (self);
  if (hone_example_query_equal (query, hone_example_model_get_query (self->model)))
    {
      update_state (self);
      return;
    }

  /* The model keeps its old rows until the new ones are ready */
  self->query_cancellable = g_cancellable_new ();
  self->pending_query = hone_example_query_copy (query);
  data = g_new0 (QueryData, 1);
  data->page = g_object_ref (self);
  data->cancellable = g_object_ref (self->query_cancellable);
  set_busy (self, TRUE);
  hone_example_model_set_query_async (self->model, query, self->query_cancellable,
                                      set_query_cb, data);
}

static void
sorter_changed_cb (HoneExamplesPage *self)
{
  apply_query (self);
}

static gboolean
search_timeout_cb (gpointer data)
{
  HoneExamplesPage *self = data;

  self->search_timeout_id = 0;
  apply_query (self);
  return G_SOURCE_REMOVE;
}

/* Filters a moment after the typing stops */
static void
search_changed_cb (HoneExamplesPage *self)
{
  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  self->search_timeout_id = g_timeout_add (150, search_timeout_cb, self);
}

static void
split_filter_changed_cb (HoneExamplesPage *self)
{
  apply_query (self);
}

static void
stop_search_cb (HoneExamplesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (widget);

  cancel_editing (self);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
hone_examples_page_sort_by_column (HoneExamplesPage *self,
                                   guint             col,
                                   gboolean          descending)
{
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_return_if_fail (HONE_IS_EXAMPLES_PAGE (self));

  column = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), col);
  gtk_column_view_sort_by_column (self->column_view, column,
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

/* Random split ---------------------------------------------------------- */

gboolean
hone_examples_page_random_split (HoneExamplesPage  *self,
                                 double             validation_ratio,
                                 guint64            seed,
                                 guint             *n_train,
                                 guint             *n_validation,
                                 GError           **error)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), FALSE);
  g_return_val_if_fail (self->project != NULL, FALSE);

  cancel_editing (self);
  return hone_project_random_split (self->project, NULL, validation_ratio, seed,
                                    n_train, n_validation, error);
}

typedef struct {
  HoneExamplesPage *page;
  GtkSpinButton    *ratio;
  GtkSpinButton    *seed;
  GtkLabel         *counts;
  guint             n_examples;   /* training and validation */
} SplitDialog;

static void
split_dialog_free (gpointer data)
{
  SplitDialog *dialog = data;

  g_object_unref (dialog->page);
  g_free (dialog);
}

/* The counts the split will give: the same rounding as the core's */
static void
split_dialog_update (SplitDialog *dialog)
{
  double ratio = gtk_spin_button_get_value (dialog->ratio) / 100.0;
  guint n_validation = (guint) (ratio * dialog->n_examples + 0.5);
  g_autofree char *text = NULL;

  n_validation = MIN (n_validation, dialog->n_examples);
  /* Translators: what a random split will give */
  text = g_strdup_printf (_("%'u for training, %'u for validation"),
                          dialog->n_examples - n_validation, n_validation);
  gtk_label_set_text (dialog->counts, text);
}

static void
split_dialog_response_cb (AdwMessageDialog *message_dialog,
                          const char       *response,
                          SplitDialog      *dialog)
{
  g_autoptr(GError) error = NULL;
  guint n_train = 0, n_validation = 0;

  if (g_strcmp0 (response, "split") != 0)
    return;

  if (!hone_examples_page_random_split (dialog->page,
                                        gtk_spin_button_get_value (dialog->ratio) / 100.0,
                                        (guint64) gtk_spin_button_get_value (dialog->seed),
                                        &n_train, &n_validation, &error))
    show_error (dialog->page, error->message);
}

static void
random_split_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SplitDialog *dialog;
  GtkWidget *message_dialog, *grid, *label;

  if (self->project == NULL)
    return;

  dialog = g_new0 (SplitDialog, 1);
  dialog->page = g_object_ref (self);
  dialog->n_examples = count_split (self, HONE_SPLIT_TRAIN) + count_split (self, HONE_SPLIT_VALIDATION);

  message_dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           _("Random Split"),
                                           _("Puts a share of the examples aside for validation, picked at random. The same seed always picks the same examples. Excluded examples stay excluded."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (message_dialog),
                                    "cancel", _("_Cancel"),
                                    "split", _("_Split"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (message_dialog), "split", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (message_dialog), "split");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (message_dialog), "cancel");

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

  dialog->ratio = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 100, 1));
  gtk_spin_button_set_value (dialog->ratio, 10);
  label = gtk_label_new_with_mnemonic (_("_Validation share (%)"));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (dialog->ratio));
  gtk_grid_attach (GTK_GRID (grid), label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (dialog->ratio), 1, 0, 1, 1);

  dialog->seed = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 999999, 1));
  gtk_spin_button_set_value (dialog->seed, 42);
  label = gtk_label_new_with_mnemonic (_("S_eed"));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (dialog->seed));
  gtk_grid_attach (GTK_GRID (grid), label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (dialog->seed), 1, 1, 1, 1);

  dialog->counts = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (dialog->counts), "dim-label");
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (dialog->counts), 0, 2, 2, 1);
  split_dialog_update (dialog);
  g_signal_connect_swapped (dialog->ratio, "value-changed", G_CALLBACK (split_dialog_update), dialog);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (message_dialog), grid);
  g_signal_connect_data (message_dialog, "response", G_CALLBACK (split_dialog_response_cb),
                         dialog, (GClosureNotify) (void (*) (void)) split_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (message_dialog));
}

/* Actions --------------------------------------------------------------- */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (widget);
  g_autoptr(GError) error = NULL;

  cancel_editing (self);
  if (self->undo_stack == NULL || !hone_undo_stack_can_undo (self->undo_stack))
    return;

  if (!hone_undo_stack_undo (self->undo_stack, &error))
    show_error (self, error->message);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (widget);
  g_autoptr(GError) error = NULL;

  cancel_editing (self);
  if (self->undo_stack == NULL || !hone_undo_stack_can_redo (self->undo_stack))
    return;

  if (!hone_undo_stack_redo (self->undo_stack, &error))
    show_error (self, error->message);
}

static void
go_to_example (HoneExamplesPage *self,
               gint64            id)
{
  guint position = hone_example_model_get_position (self->model, id);

  if (position == HONE_EXAMPLE_MODEL_NO_POSITION)
    return;

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  set_cursor (self, position, self->cursor_col, TRUE);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  if (self->project == NULL)
    return;

  cancel_editing (self);
  ids = hone_project_insert_examples (self->project, 1, HONE_SPLIT_TRAIN,
                                      HONE_EXAMPLE_SOURCE_TYPED, NULL, 0, NULL, &error);
  if (ids == NULL)
    {
      show_error (self, error->message);
      return;
    }

  self->cursor_col = 0;
  go_to_example (self, g_array_index (ids, gint64, 0));
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = selected_ids (self);
  g_autoptr(GArray) new_ids = NULL;

  if (ids->len == 0)
    return;

  cancel_editing (self);
  new_ids = hone_project_duplicate_examples (self->project, (gint64 *) ids->data, ids->len, &error);
  if (new_ids == NULL)
    {
      show_error (self, error->message);
      return;
    }

  go_to_example (self, g_array_index (new_ids, gint64, 0));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = selected_ids (self);
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (ids->len == 0)
    return;

  cancel_editing (self);
  if (!hone_project_delete_examples (self->project, (gint64 *) ids->data, ids->len, &error))
    {
      show_error (self, error->message);
      return;
    }

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  set_cursor (self, self->cursor_row, self->cursor_col, TRUE);

  title = g_strdup_printf (ngettext ("%u example deleted", "%u examples deleted", ids->len), ids->len);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "examples.undo");
  add_toast (self, toast);
}

static void
set_split_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = selected_ids (self);
  HoneSplit split;

  if (ids->len == 0 || !hone_split_from_string (g_variant_get_string (parameter, NULL), &split))
    return;

  cancel_editing (self);
  if (!hone_project_set_split (self->project, (gint64 *) ids->data, ids->len, split, &error))
    show_error (self, error->message);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hone_examples_page_edit_cell (HONE_EXAMPLES_PAGE (widget), NULL);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (widget);
  g_autofree char *text = NULL;

  if (self->editor != NULL)
    return;

  text = hone_examples_page_copy_text (self);
  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (widget);

  if (self->editor != NULL)
    return;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL,
                                 paste_read_cb, g_object_ref (self));
}

static void
update_undo_actions (HoneExamplesPage *self)
{
  gboolean can_undo = self->undo_stack != NULL && hone_undo_stack_can_undo (self->undo_stack);
  gboolean can_redo = self->undo_stack != NULL && hone_undo_stack_can_redo (self->undo_stack);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "examples.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "examples.redo", can_redo);
}

static void
examples_edited_cb (HoneExamplesPage *self)
{
  update_state (self);
}

static void
model_items_changed_cb (HoneExamplesPage *self)
{
  refresh_cursor (self);
}

/* GObject --------------------------------------------------------------- */

static void
disconnect_project (HoneExamplesPage *self)
{
  if (self->project == NULL)
    return;

  g_clear_signal_handler (&self->fields_changed_id, hone_project_get_fields (self->project));
  g_clear_signal_handler (&self->inserted_id, self->project);
  g_clear_signal_handler (&self->removed_id, self->project);
  g_clear_signal_handler (&self->changed_id, self->project);
  if (self->model != NULL)
    g_clear_signal_handler (&self->model_changed_id, self->model);
  if (self->selection != NULL)
    g_clear_signal_handler (&self->selection_changed_id, self->selection);
  if (self->undo_stack != NULL)
    {
      g_clear_signal_handler (&self->can_undo_id, self->undo_stack);
      g_clear_signal_handler (&self->can_redo_id, self->undo_stack);
    }
}

static void
hone_examples_page_dispose (GObject *object)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (object);

  if (self->save_widths_id != 0)
    save_widths_now (self);
  cancel_editing (self);
  disconnect_project (self);
  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  cancel_query (self);

  if (self->context_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->context_popover));
      self->context_popover = NULL;
    }

  /* The bin would otherwise unparent its child a second time */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_EXAMPLES_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->undo_stack);
  g_clear_object (&self->project);
  g_clear_object (&self->settings);
  g_clear_object (&self->check_columns);

  G_OBJECT_CLASS (hone_examples_page_parent_class)->dispose (object);
}

static void
hone_examples_page_finalize (GObject *object)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (object);

  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (hone_examples_page_parent_class)->finalize (object);
}

static void
hone_examples_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, hone_examples_page_get_busy (self));
      break;
    case PROP_CURSOR_EXAMPLE_ID:
      g_value_set_int64 (value, self->cursor_example_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_examples_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      hone_examples_page_set_project (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_examples_page_class_init (HoneExamplesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_examples_page_dispose;
  object_class->finalize = hone_examples_page_finalize;
  object_class->get_property = hone_examples_page_get_property;
  object_class->set_property = hone_examples_page_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         HONE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURSOR_EXAMPLE_ID] =
    g_param_spec_int64 ("cursor-example-id", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-examples-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, query_spinner);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, context_menu);
  gtk_widget_class_bind_template_callback (widget_class, details_revealed_cb);
  gtk_widget_class_install_action (widget_class, "examples.details", NULL, details_action);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, split_filter);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, split_filter_changed_cb);
  gtk_widget_class_install_action (widget_class, "examples.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "examples.random-split", NULL, random_split_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "examples.find", NULL);

  gtk_widget_class_install_action (widget_class, "examples.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "examples.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "examples.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "examples.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "examples.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "examples.set-split", "s", set_split_action);
  gtk_widget_class_install_action (widget_class, "examples.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "examples.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "examples.paste", NULL, paste_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "examples.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "examples.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "examples.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "examples.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "examples.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "examples.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "examples.duplicate", NULL);
}

static void
ensure_css (void)
{
  static gboolean done;
  GtkCssProvider *provider;

  if (done || gdk_display_get_default () == NULL)
    return;
  done = TRUE;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider,
                                   ".hone-grid-cell { min-height: 24px; }\n"
                                   ".hone-grid-cell.cursor { box-shadow: inset 0 0 0 2px @accent_bg_color; border-radius: 3px; }\n"
                                   ".hone-grid-cell.editing { background: @view_bg_color; box-shadow: inset 0 0 0 2px @accent_color; border-radius: 3px; }\n"
                                   ".hone-grid-cell > text { padding: 0 4px; }\n",
                                   -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (provider);
}

static void
hone_examples_page_init (HoneExamplesPage *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cells = g_ptr_array_new ();
  self->cursor_example_id = -1;
  self->check_columns = hone_check_columns_new ();

  self->context_popover = GTK_POPOVER (gtk_popover_menu_new_from_model (self->context_menu));
  gtk_popover_set_has_arrow (self->context_popover, FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->context_popover), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (self->context_popover), GTK_WIDGET (self));
  self->settings = lookup_settings ();
  ensure_css ();

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);

  self->sorter_changed_id = g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                                                     G_CALLBACK (sorter_changed_cb), self,
                                                     G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  update_undo_actions (self);
  update_state (self);
}

GtkWidget *
hone_examples_page_new (void)
{
  return g_object_new (HONE_TYPE_EXAMPLES_PAGE, NULL);
}

HoneProject *
hone_examples_page_get_project (HoneExamplesPage *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), NULL);

  return self->project;
}

HoneExampleModel *
hone_examples_page_get_model (HoneExamplesPage *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), NULL);

  return self->model;
}

void
hone_examples_page_set_project (HoneExamplesPage *self,
                                HoneProject      *project)
{
  g_return_if_fail (HONE_IS_EXAMPLES_PAGE (self));
  g_return_if_fail (project == NULL || HONE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->save_widths_id != 0)
    save_widths_now (self);
  cancel_editing (self);
  disconnect_project (self);
  cancel_query (self);

  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->undo_stack);
  g_set_object (&self->project, project);
  self->cursor_row = 0;
  self->cursor_col = 0;

  if (project != NULL)
    {
      self->model = hone_example_model_new (project);
      self->selection = hone_grid_selection_new (G_LIST_MODEL (self->model));
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

      /* One undo stack per project window: every edit of the project is
       * recorded on it, the Fields page's too */
      if (!hone_project_is_read_only (project))
        {
          self->undo_stack = hone_undo_stack_new (project);
          self->can_undo_id = g_signal_connect_object (self->undo_stack, "notify::can-undo",
                                                       G_CALLBACK (update_undo_actions), self,
                                                       G_CONNECT_SWAPPED);
          self->can_redo_id = g_signal_connect_object (self->undo_stack, "notify::can-redo",
                                                       G_CALLBACK (update_undo_actions), self,
                                                       G_CONNECT_SWAPPED);
        }

      self->fields_changed_id =
        g_signal_connect_object (hone_project_get_fields (project), "items-changed",
                                 G_CALLBACK (fields_items_changed_cb), self,
                                 G_CONNECT_SWAPPED);
      self->inserted_id = g_signal_connect_object (project, "examples-inserted",
                                                   G_CALLBACK (examples_edited_cb), self,
                                                   G_CONNECT_SWAPPED);
      self->removed_id = g_signal_connect_object (project, "examples-removed",
                                                  G_CALLBACK (examples_edited_cb), self,
                                                  G_CONNECT_SWAPPED);
      self->changed_id = g_signal_connect_object (project, "examples-changed",
                                                  G_CALLBACK (examples_edited_cb), self,
                                                  G_CONNECT_SWAPPED);
      self->model_changed_id = g_signal_connect_object (self->model, "items-changed",
                                                        G_CALLBACK (model_items_changed_cb), self,
                                                        G_CONNECT_SWAPPED);
      self->selection_changed_id = g_signal_connect_object (self->selection, "selection-changed",
                                                            G_CALLBACK (selection_changed_cb), self,
                                                            G_CONNECT_SWAPPED);
    }

  rebuild_columns (self);
  update_undo_actions (self);
  update_state (self);
  update_cursor_example (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

gint64
hone_examples_page_get_cursor_example_id (HoneExamplesPage *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), -1);

  return self->cursor_example_id;
}

gboolean
hone_examples_page_get_busy (HoneExamplesPage *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), FALSE);

  return self->query_cancellable != NULL;
}

HoneCheckColumns *
hone_examples_page_get_check_columns (HoneExamplesPage *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), NULL);

  return self->check_columns;
}

void
hone_examples_page_set_validation (HoneExamplesPage *self,
                                   HoneValidation   *validation)
{
  g_return_if_fail (HONE_IS_EXAMPLES_PAGE (self));

  if (self->check_columns != NULL)
    hone_check_columns_set_validation (self->check_columns, validation);
}

gboolean
hone_examples_page_show_example (HoneExamplesPage *self,
                                 gint64            example_id)
{
  g_return_val_if_fail (HONE_IS_EXAMPLES_PAGE (self), FALSE);

  if (self->model == NULL || example_id <= 0)
    return FALSE;

  cancel_editing (self);
  if (hone_example_model_get_position (self->model, example_id) != HONE_EXAMPLE_MODEL_NO_POSITION)
    {
      go_to_example (self, example_id);
      return TRUE;
    }

  /* Hidden by the search or the split shown: show every example, then it */
  if (gtk_drop_down_get_selected (self->split_filter) == 0 &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), "") == 0)
    return FALSE;

  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_drop_down_set_selected (self->split_filter, 0);
  apply_query (self);
  if (self->query_cancellable == NULL)
    {
      if (hone_example_model_get_position (self->model, example_id) == HONE_EXAMPLE_MODEL_NO_POSITION)
        return FALSE;
      go_to_example (self, example_id);
      return TRUE;
    }
  self->show_example_id = example_id;
  return TRUE;
}

void
hone_examples_page_reload (HoneExamplesPage *self)
{
  g_return_if_fail (HONE_IS_EXAMPLES_PAGE (self));

  if (self->model != NULL)
    hone_example_model_reload (self->model);

  update_state (self);
}

