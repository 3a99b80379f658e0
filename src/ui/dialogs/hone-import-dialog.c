/* hone-import-dialog.c: brings the rows of a CSV, TSV, JSON Lines or JSON file into a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hone-import-dialog.h"
#include "hone-project-window.h"
#include "hone-examples-page.h"
#include "hone-text-encoding.h"

/* Characters of a value shown in a preview cell, and in its tooltip */
#define MAX_CELL_CHARS    200
#define MAX_TOOLTIP_CHARS 1500
/* Bad rows of the preview named under it */
#define MAX_PROBLEMS_SHOWN 3

/* Positions in the models of the .ui file */
static const HoneImportFormat formats[] = {
  HONE_IMPORT_FORMAT_AUTO,
  HONE_IMPORT_FORMAT_CSV,
  HONE_IMPORT_FORMAT_TSV,
  HONE_IMPORT_FORMAT_JSONL,
  HONE_IMPORT_FORMAT_JSON,
  HONE_IMPORT_FORMAT_CHAT_JSONL,
};
static const char delimiters[] = { 0, ',', ';', '\t', '|' };
enum {
  SPLIT_ROW_TRAIN,
  SPLIT_ROW_VALIDATION,
  SPLIT_ROW_EXCLUDED,
  SPLIT_ROW_RANDOM,
};

typedef enum {
  MESSAGE_NONE,
  MESSAGE_INFO,
  MESSAGE_ERROR,
} MessageKind;

/* The widgets that map one column of the file */
typedef struct {
  guint           column;
  AdwExpanderRow *expander;
  AdwComboRow    *target_row;
  AdwEntryRow    *name_row;
  AdwComboRow    *kind_row;
  guint           n_fields;   /* existing fields listed in target_row */
} ColumnRows;

/* What the person chose for a column, kept by column name so that it
 * survives a new preview (another delimiter, the header switched) */
typedef struct {
  HoneImportTarget  target;
  char             *field_name;
  HoneFieldKind     kind;
  gboolean          kind_auto;
} ColumnChoice;

struct _HoneImportDialog
{
  AdwWindow          parent_instance;

  HoneProject       *project;
  GFile             *source;
  HoneImporter      *importer;
  char              *display_name;
  gboolean           new_project;

  GCancellable      *preview_cancellable;
  guint              preview_serial;
  gboolean           preview_loading;
  gboolean           preview_ok;

  GCancellable      *run_cancellable;
  gboolean           running;
  gboolean           finished;
  gboolean           disposed;

  GPtrArray         *encodings;      /* names, as the encoding row lists them */
  GHashTable        *choices;        /* column name → ColumnChoice */
  GPtrArray         *column_rows;    /* ColumnRows */
  GtkStringList     *preview_rows;   /* row indices as text */
  gboolean           updating;       /* the code, not the person, sets the widgets */
  char              *message;
  AdwToast          *result_toast;

  /* Template widgets */
  AdwWindowTitle    *window_title;
  GtkButton         *cancel_button;
  GtkButton         *import_button;
  GtkStack          *stack;
  GtkScrolledWindow *scrolled_window;
  GtkBox            *message_box;
  GtkImage          *message_icon;
  GtkLabel          *message_label;
  AdwComboRow       *format_row;
  AdwComboRow       *delimiter_row;
  AdwActionRow      *header_row;
  GtkSwitch         *header_switch;
  AdwComboRow       *encoding_row;
  GtkSpinner        *preview_spinner;
  GtkStack          *preview_stack;
  GtkScrolledWindow *preview_scrolled_window;
  GtkColumnView     *preview_view;
  GtkLabel          *preview_placeholder;
  GtkLabel          *problems_label;
  AdwPreferencesGroup *columns_group;
  AdwComboRow       *split_row;
  AdwActionRow      *ratio_row;
  GtkSpinButton     *ratio_spin;
  AdwActionRow      *seed_row;
  GtkSpinButton     *seed_spin;
  GtkCheckButton    *skip_check;
  GtkProgressBar    *progress_bar;
  GtkButton         *stop_button;
  AdwStatusPage     *running_page;
};

G_DEFINE_FINAL_TYPE (HoneImportDialog, hone_import_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_preview (HoneImportDialog *self);

static void
column_rows_free (ColumnRows *rows)
{
  g_free (rows);
}

static void
column_choice_free (ColumnChoice *choice)
{
  g_free (choice->field_name);
  g_free (choice);
}

/* Text ------------------------------------------------------------------ */

static char *
truncate_utf8 (const char *text,
               glong       max_chars)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);

  head = g_utf8_substring (text, 0, max_chars);
  return g_strconcat (head, "…", NULL);
}

/* One line for a cell: line breaks become "⏎", tabs spaces */
static char *
format_cell (const char *value)
{
  g_autofree char *head = truncate_utf8 (value, MAX_CELL_CHARS);
  GString *line = g_string_sized_new (strlen (head) + 16);

  for (const char *p = head; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
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

char *
hone_import_dialog_format_result (guint64 n_imported,
                                  guint64 n_skipped)
{
  g_autofree char *imported = hone_text_format_count (n_imported);
  g_autofree char *first = NULL;

  /* Translators: %s is a number like “1,204” */
  first = g_strdup_printf (ngettext ("Imported %s example", "Imported %s examples",
                                     (unsigned long) MIN (n_imported, G_MAXULONG)),
                           imported);
  if (n_skipped == 0)
    return g_steal_pointer (&first);

  {
    g_autofree char *skipped = hone_text_format_count (n_skipped);
    g_autofree char *second = NULL;

    /* Translators: %s is a number like “3” */
    second = g_strdup_printf (ngettext ("%s row skipped", "%s rows skipped",
                                        (unsigned long) MIN (n_skipped, G_MAXULONG)),
                              skipped);
    /* Translators: “Imported 1,201 examples · 3 rows skipped” */
    return g_strdup_printf (_("%s · %s"), first, second);
  }
}

static const char *
delimiter_get_label (char delimiter)
{
  switch (delimiter)
    {
    case ',': return _("Comma");
    case ';': return _("Semicolon");
    case '\t': return _("Tab");
    case '|': return _("Pipe");
    default: return NULL;
    }
}

/* State ------------------------------------------------------------------ */

static void
set_message (HoneImportDialog *self,
             MessageKind       kind,
             const char       *text)
{
  /* A dialog for a new project says so whenever it has nothing else to say */
  if (kind == MESSAGE_NONE && self->new_project)
    {
      g_autofree char *name = g_strdup (hone_project_get_name (self->project));
      g_autofree char *note = NULL;

      /* Translators: %s is the name of a project */
      note = g_strdup_printf (_("Hone created the project “%s” for this file. Cancel deletes it again."), name);
      g_free (self->message);
      self->message = NULL;
      gtk_image_set_from_icon_name (self->message_icon, "dialog-information-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_icon), "error");
      gtk_label_set_text (self->message_label, note);
      gtk_widget_set_visible (GTK_WIDGET (self->message_box), TRUE);
      return;
    }

  g_free (self->message);
  self->message = kind != MESSAGE_NONE ? g_strdup (text) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->message_box), kind != MESSAGE_NONE);
  if (kind == MESSAGE_NONE)
    return;

  gtk_image_set_from_icon_name (self->message_icon,
                                kind == MESSAGE_ERROR ? "dialog-error-symbolic" : "dialog-information-symbolic");
  if (kind == MESSAGE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_icon), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_icon), "error");
  gtk_label_set_text (self->message_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_box),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

/* The notice shown while the person chooses an encoding */
static const char *
encoding_notice (void)
{
  return _("This file is not in UTF-8. Choose the encoding it was saved in; the preview shows the result.");
}

static void
scroll_to_top (HoneImportDialog *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
update_actions (HoneImportDialog *self)
{
  gboolean can_import = !self->running && !self->preview_loading && self->preview_ok;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.start", can_import);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), !self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !self->running);
  gtk_spinner_set_spinning (self->preview_spinner, self->preview_loading);
  gtk_stack_set_visible_child_name (self->stack, self->running ? "running" : "settings");
}

const char *
hone_import_dialog_get_state (HoneImportDialog *self)
{
  g_return_val_if_fail (HONE_IS_IMPORT_DIALOG (self), NULL);

  if (self->running)
    return "running";
  if (self->preview_loading)
    return "loading";
  return self->preview_ok ? "preview" : "error";
}

const char *
hone_import_dialog_get_message (HoneImportDialog *self)
{
  g_return_val_if_fail (HONE_IS_IMPORT_DIALOG (self), NULL);

  return self->message;
}

GtkColumnView *
hone_import_dialog_get_preview_view (HoneImportDialog *self)
{
  g_return_val_if_fail (HONE_IS_IMPORT_DIALOG (self), NULL);

  return self->preview_view;
}

AdwToast *
hone_import_dialog_get_result_toast (HoneImportDialog *self)
{
  g_return_val_if_fail (HONE_IS_IMPORT_DIALOG (self), NULL);

  return self->result_toast;
}

/* Preview table ----------------------------------------------------------- */

static guint
list_item_get_row (GtkListItem *list_item)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);

  return (guint) g_ascii_strtoull (gtk_string_object_get_string (item), NULL, 10);
}

static gboolean
cell_query_tooltip_cb (GtkWidget  *label,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (label), "hone-tooltip");
  GtkWidget *content;

  if (text == NULL)
    return FALSE;

  content = g_object_new (GTK_TYPE_LABEL,
                          "label", text,
                          "wrap", TRUE,
                          "wrap-mode", PANGO_WRAP_WORD_CHAR,
                          "max-width-chars", 60,
                          "xalign", 0.0f,
                          NULL);
  gtk_tooltip_set_custom (tooltip, content);
  return TRUE;
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label;

  label = g_object_new (GTK_TYPE_LABEL,
                        "xalign", 0.0f,
                        "single-line-mode", TRUE,
                        "ellipsize", PANGO_ELLIPSIZE_END,
                        NULL);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
  gtk_list_item_set_child (list_item, label);
}

static void
set_cell (GtkLabel   *label,
          const char *text,
          const char *tooltip,
          gboolean    dim,
          gboolean    error)
{
  GtkWidget *widget = GTK_WIDGET (label);

  gtk_label_set_text (label, text);
  if (dim)
    gtk_widget_add_css_class (widget, "dim-label");
  else
    gtk_widget_remove_css_class (widget, "dim-label");
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");

  gtk_widget_set_has_tooltip (widget, tooltip != NULL);
  g_object_set_data_full (G_OBJECT (label), "hone-tooltip", g_strdup (tooltip), g_free);
}

static void
line_cell_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   HoneImportDialog         *self)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  guint row = list_item_get_row (list_item);
  g_autofree char *line = NULL;

  if (row >= hone_importer_get_n_preview_rows (self->importer))
    {
      set_cell (label, "", NULL, TRUE, FALSE);
      return;
    }

  line = hone_text_format_count (hone_importer_get_preview_row_line (self->importer, row));
  set_cell (label, line, NULL, TRUE, FALSE);
}

static void
value_cell_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    HoneImportDialog         *self)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "hone-column"));
  guint row = list_item_get_row (list_item);
  const char *problem = NULL;
  const char *value;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (row >= hone_importer_get_n_preview_rows (self->importer) ||
      column >= hone_importer_get_n_columns (self->importer))
    {
      set_cell (label, "", NULL, TRUE, FALSE);
      return;
    }

  value = hone_importer_get_preview_value (self->importer, row, column, &problem);

  if (problem != NULL)
    {
      /* The value will not fit its field: the cell says so, its tooltip
       * why (the importer does not give the value itself) */
      set_cell (label, _("⚠ Does not fit"), problem, FALSE, TRUE);
      return;
    }

  if (hone_importer_get_column_target (self->importer, column) == HONE_IMPORT_TARGET_SKIP)
    {
      set_cell (label, "", NULL, TRUE, FALSE);
      return;
    }

  if (value == NULL || value[0] == '\0')
    {
      /* Empty: a dimmed dash, so that it is not mistaken for a cell that did not draw */
      set_cell (label, "—", NULL, TRUE, FALSE);
      return;
    }

  text = format_cell (value);
  if (g_utf8_strlen (value, -1) > 40 || strchr (value, '\n') != NULL)
    tooltip = truncate_utf8 (value, MAX_TOOLTIP_CHARS);
  set_cell (label, text, tooltip, FALSE, FALSE);
}

static int
width_for_kind (HoneFieldKind kind)
{
  switch (kind)
    {
    case HONE_FIELD_KIND_LONG_TEXT:
      return 280;
    case HONE_FIELD_KIND_SHORT_TEXT:
      return 180;
    case HONE_FIELD_KIND_LABEL:
      return 140;
    case HONE_FIELD_KIND_NUMBER:
    case HONE_FIELD_KIND_YES_NO:
    default:
      return 110;
    }
}

/* The title of a preview column: where it lands */
static char *
column_title (HoneImportDialog *self,
              guint             column)
{
  const char *name = hone_importer_get_column_name (self->importer, column);

  switch (hone_importer_get_column_target (self->importer, column))
    {
    case HONE_IMPORT_TARGET_SKIP:
      /* Translators: the title of a column of the file that is not imported */
      return g_strdup_printf (_("%s (skipped)"), name);
    case HONE_IMPORT_TARGET_NEW_FIELD:
    case HONE_IMPORT_TARGET_EXISTING_FIELD:
    default:
      return g_strdup (hone_importer_get_column_field_name (self->importer, column));
    }
}

static void
remove_preview_columns (HoneImportDialog *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->preview_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->preview_view, column);
    }
}

static void
append_preview_column (HoneImportDialog   *self,
                       const char         *title,
                       int                 width,
                       GtkListItemFactory *factory)
{
  g_autoptr(GtkColumnViewColumn) column = gtk_column_view_column_new (title, factory);

  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_fixed_width (column, width);
  gtk_column_view_append_column (self->preview_view, column);
}

/* Rebinds every row: the values changed with the mapping */
static void
refresh_preview_cells (HoneImportDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->preview_rows));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  GListModel *columns = gtk_column_view_get_columns (self->preview_view);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_strdup_printf ("%u", i));
  g_ptr_array_add (items, NULL);
  gtk_string_list_splice (self->preview_rows, 0, n, (const char * const *) items->pdata);

  /* The first column holds the line numbers */
  for (guint i = 1; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autofree char *title = NULL;

      if (i - 1 >= hone_importer_get_n_columns (self->importer))
        break;
      title = column_title (self, i - 1);
      gtk_column_view_column_set_title (column, title);
    }
}

static void
rebuild_preview (HoneImportDialog *self)
{
  guint n_rows = hone_importer_get_n_preview_rows (self->importer);
  guint n_columns = hone_importer_get_n_columns (self->importer);
  GtkListItemFactory *factory;

  remove_preview_columns (self);
  gtk_string_list_splice (self->preview_rows, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->preview_rows)), NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (line_cell_bind_cb), self, 0);
  /* Translators: the title of the preview's column of line numbers */
  append_preview_column (self, C_("preview", "Line"), 64, factory);

  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *title = column_title (self, i);

      factory = gtk_signal_list_item_factory_new ();
      g_object_set_data (G_OBJECT (factory), "hone-column", GUINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
      g_signal_connect_object (factory, "bind", G_CALLBACK (value_cell_bind_cb), self, 0);
      append_preview_column (self, title,
                             width_for_kind (hone_importer_get_column_kind_guess (self->importer, i)),
                             factory);
    }

  /* The last column takes the room left: with the columns narrower than
   * the view, GTK 4.8 would draw its overshoot glow at the right edge */
  {
    GListModel *columns = gtk_column_view_get_columns (self->preview_view);
    g_autoptr(GtkColumnViewColumn) last = g_list_model_get_item (columns, g_list_model_get_n_items (columns) - 1);

    gtk_column_view_column_set_expand (last, TRUE);
  }

  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < n_rows; i++)
      g_ptr_array_add (items, g_strdup_printf ("%u", i));
    g_ptr_array_add (items, NULL);
    gtk_string_list_splice (self->preview_rows, 0, 0, (const char * const *) items->pdata);
  }

  /* Room for about ten rows when there are that many */
  gtk_widget_set_size_request (GTK_WIDGET (self->preview_scrolled_window), -1, n_rows > 5 ? 280 : 160);

  if (n_rows == 0)
    {
      gtk_label_set_text (self->preview_placeholder,
                          n_columns == 0 ? _("The file has no rows.")
                                         : _("The file has no rows besides its header."));
      gtk_stack_set_visible_child_name (self->preview_stack, "placeholder");
    }
  else
    gtk_stack_set_visible_child_name (self->preview_stack, "rows");
}

static void
show_preview_placeholder (HoneImportDialog *self,
                          const char       *text)
{
  remove_preview_columns (self);
  gtk_string_list_splice (self->preview_rows, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->preview_rows)), NULL);
  gtk_label_set_text (self->preview_placeholder, text);
  gtk_stack_set_visible_child_name (self->preview_stack, "placeholder");
}

static void
update_problems (HoneImportDialog *self)
{
  GPtrArray *problems = hone_importer_get_preview_problems (self->importer);
  g_autoptr(GString) text = NULL;

  if (problems == NULL || problems->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->problems_label), FALSE);
      return;
    }

  text = g_string_new (NULL);
  if (hone_importer_get_preview_is_complete (self->importer))
    g_string_append_printf (text,
                            ngettext ("%u row of the file cannot be imported:",
                                      "%u rows of the file cannot be imported:",
                                      problems->len),
                            problems->len);
  else
    g_string_append_printf (text,
                            ngettext ("%u row among the first read cannot be imported:",
                                      "%u rows among the first read cannot be imported:",
                                      problems->len),
                            problems->len);

  for (guint i = 0; i < problems->len && i < MAX_PROBLEMS_SHOWN; i++)
    {
      HoneImportProblem *problem = g_ptr_array_index (problems, i);

      g_string_append (text, "\n");
      g_string_append (text, problem->message);
    }
  if (problems->len > MAX_PROBLEMS_SHOWN)
    g_string_append (text, "\n…");

  g_string_append (text, "\n");
  g_string_append (text, _("Turn on “Skip Rows That Cannot Be Imported” to import the others."));

  gtk_label_set_text (self->problems_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);
}

/* Mapping --------------------------------------------------------------- */

static ColumnChoice *
lookup_choice (HoneImportDialog *self,
               guint             column)
{
  return g_hash_table_lookup (self->choices, hone_importer_get_column_name (self->importer, column));
}

static void
remember_choice (HoneImportDialog *self,
                 guint             column)
{
  ColumnChoice *choice = g_new0 (ColumnChoice, 1);

  choice->target = hone_importer_get_column_target (self->importer, column);
  choice->field_name = g_strdup (hone_importer_get_column_field_name (self->importer, column));
  choice->kind = hone_importer_get_column_field_kind (self->importer, column);
  choice->kind_auto = hone_importer_get_column_kind_is_auto (self->importer, column);
  g_hash_table_replace (self->choices,
                        g_strdup (hone_importer_get_column_name (self->importer, column)),
                        choice);
}

/* Applies the choices made for earlier previews to the columns of this one */
static void
apply_choices (HoneImportDialog *self)
{
  guint n = hone_importer_get_n_columns (self->importer);

  for (guint i = 0; i < n; i++)
    {
      ColumnChoice *choice = lookup_choice (self, i);

      if (choice == NULL)
        continue;

      switch (choice->target)
        {
        case HONE_IMPORT_TARGET_SKIP:
          hone_importer_skip_column (self->importer, i);
          break;
        case HONE_IMPORT_TARGET_EXISTING_FIELD:
          if (hone_project_find_field (self->project, choice->field_name) != NULL)
            hone_importer_map_column_to_existing_field (self->importer, i, choice->field_name);
          break;
        case HONE_IMPORT_TARGET_NEW_FIELD:
        default:
          if (choice->kind_auto)
            hone_importer_map_column_to_new_field_auto (self->importer, i, choice->field_name);
          else
            hone_importer_map_column_to_new_field (self->importer, i, choice->field_name, choice->kind);
          break;
        }
    }
}

/* Why a new field cannot have @name, or NULL when it can */
static char *
check_new_field_name (HoneImportDialog *self,
                      guint             column,
                      const char       *name)
{
  g_autoptr(GError) error = NULL;
  guint n = hone_importer_get_n_columns (self->importer);

  if (!hone_field_name_is_valid (name, &error))
    return g_strdup (error->message);

  if (hone_project_find_field (self->project, name) != NULL)
    /* Translators: %s is a field name */
    return g_strdup_printf (_("The project already has a field “%s”. Choose it under “Goes To”, or give the new field another name."), name);

  for (guint i = 0; i < n; i++)
    if (i != column &&
        hone_importer_get_column_target (self->importer, i) != HONE_IMPORT_TARGET_SKIP &&
        g_strcmp0 (hone_importer_get_column_field_name (self->importer, i), name) == 0)
      /* Translators: %s is a field name */
      return g_strdup_printf (_("Another column goes to “%s” already."), name);

  return NULL;
}

static void
update_column_row (HoneImportDialog *self,
                   ColumnRows       *rows)
{
  guint column = rows->column;
  HoneImportTarget target = hone_importer_get_column_target (self->importer, column);
  const char *field_name = hone_importer_get_column_field_name (self->importer, column);
  HoneFieldKind kind = hone_importer_get_column_field_kind (self->importer, column);
  g_autofree char *subtitle = NULL;

  switch (target)
    {
    case HONE_IMPORT_TARGET_SKIP:
      subtitle = g_strdup (_("Skipped"));
      break;
    case HONE_IMPORT_TARGET_EXISTING_FIELD:
      /* Translators: where a column goes; %s is a field name */
      subtitle = g_strdup_printf (_("Into the field “%s”"), field_name);
      break;
    case HONE_IMPORT_TARGET_NEW_FIELD:
    default:
      if (hone_importer_get_column_kind_is_auto (self->importer, column))
        /* Translators: where a column goes; the first %s is a field name, the second a kind like “Number” */
        subtitle = g_strdup_printf (_("New field “%s”, %s (found from its values)"), field_name,
                                    hone_field_kind_get_label (hone_importer_get_column_kind_guess (self->importer, column)));
      else
        /* Translators: where a column goes; the first %s is a field name, the second a kind like “Number” */
        subtitle = g_strdup_printf (_("New field “%s”, %s"), field_name, hone_field_kind_get_label (kind));
      break;
    }

  adw_expander_row_set_subtitle (rows->expander, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (rows->name_row), target == HONE_IMPORT_TARGET_NEW_FIELD);
  gtk_widget_set_visible (GTK_WIDGET (rows->kind_row), target == HONE_IMPORT_TARGET_NEW_FIELD);

  if (target == HONE_IMPORT_TARGET_NEW_FIELD)
    {
      g_autofree char *problem = check_new_field_name (self, column,
                                                       gtk_editable_get_text (GTK_EDITABLE (rows->name_row)));

      if (problem != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (rows->name_row), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (rows->name_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (rows->name_row), problem);
    }
}

static void
update_column_rows (HoneImportDialog *self)
{
  for (guint i = 0; i < self->column_rows->len; i++)
    update_column_row (self, g_ptr_array_index (self->column_rows, i));
}

static ColumnRows *
rows_for_widget (HoneImportDialog *self,
                 gpointer          widget)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "hone-column"));

  if (column == 0 || column > self->column_rows->len)
    return NULL;
  return g_ptr_array_index (self->column_rows, column - 1);
}

/* Sends the column where its widgets say */
static void
apply_column_rows (HoneImportDialog *self,
                   ColumnRows       *rows)
{
  guint target = adw_combo_row_get_selected (rows->target_row);
  guint kind = adw_combo_row_get_selected (rows->kind_row);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (rows->name_row));

  if (target == 0)
    {
      g_autofree char *clean = g_strdup (name);

      /* The importer refuses an empty name later, with a message; map it as typed */
      if (kind == 0 || kind == GTK_INVALID_LIST_POSITION)
        hone_importer_map_column_to_new_field_auto (self->importer, rows->column, clean);
      else
        hone_importer_map_column_to_new_field (self->importer, rows->column, clean, kind - 1);
    }
  else if (target <= rows->n_fields)
    {
      HoneField *field = hone_project_get_field (self->project, target - 1);

      if (field != NULL)
        hone_importer_map_column_to_existing_field (self->importer, rows->column, hone_field_get_name (field));
    }
  else
    hone_importer_skip_column (self->importer, rows->column);

  remember_choice (self, rows->column);
  update_column_rows (self);
  refresh_preview_cells (self);
}

static void
column_target_changed_cb (HoneImportDialog *self,
                          GParamSpec       *pspec,
                          AdwComboRow      *row)
{
  ColumnRows *rows = rows_for_widget (self, row);

  if (self->updating || rows == NULL)
    return;
  apply_column_rows (self, rows);
}

static void
column_name_changed_cb (HoneImportDialog *self,
                        GtkEditable      *editable)
{
  ColumnRows *rows = rows_for_widget (self, editable);

  if (self->updating || rows == NULL)
    return;
  apply_column_rows (self, rows);
}

static void
column_kind_changed_cb (HoneImportDialog *self,
                        GParamSpec       *pspec,
                        AdwComboRow      *row)
{
  ColumnRows *rows = rows_for_widget (self, row);

  if (self->updating || rows == NULL)
    return;
  apply_column_rows (self, rows);
}

static void
remove_column_rows (HoneImportDialog *self)
{
  for (guint i = 0; i < self->column_rows->len; i++)
    {
      ColumnRows *rows = g_ptr_array_index (self->column_rows, i);

      adw_preferences_group_remove (self->columns_group, GTK_WIDGET (rows->expander));
    }
  g_ptr_array_set_size (self->column_rows, 0);
}

static void
build_column_rows (HoneImportDialog *self)
{
  guint n_columns = hone_importer_get_n_columns (self->importer);
  guint n_fields = hone_project_get_n_fields (self->project);

  self->updating = TRUE;
  remove_column_rows (self);

  for (guint i = 0; i < n_columns; i++)
    {
      ColumnRows *rows = g_new0 (ColumnRows, 1);
      g_autoptr(GtkStringList) targets = gtk_string_list_new (NULL);
      g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
      g_autofree char *auto_kind = NULL;
      HoneImportTarget target = hone_importer_get_column_target (self->importer, i);
      const char *field_name = hone_importer_get_column_field_name (self->importer, i);
      guint selected = 0;

      rows->column = i;
      rows->n_fields = n_fields;

      rows->expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (rows->expander), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->expander),
                                     hone_importer_get_column_name (self->importer, i));

      /* Goes to: a new field, each field of the project, or nowhere */
      gtk_string_list_append (targets, _("New field"));
      for (guint f = 0; f < n_fields; f++)
        {
          HoneField *field = hone_project_get_field (self->project, f);

          gtk_string_list_append (targets, hone_field_get_name (field));
          if (target == HONE_IMPORT_TARGET_EXISTING_FIELD &&
              g_strcmp0 (hone_field_get_name (field), field_name) == 0)
            selected = f + 1;
        }
      gtk_string_list_append (targets, _("Skip"));
      if (target == HONE_IMPORT_TARGET_SKIP)
        selected = n_fields + 1;

      rows->target_row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->target_row), _("Goes To"));
      adw_combo_row_set_model (rows->target_row, G_LIST_MODEL (targets));
      adw_combo_row_set_selected (rows->target_row, selected);
      g_object_set_data (G_OBJECT (rows->target_row), "hone-column", GUINT_TO_POINTER (i + 1));
      g_signal_connect_object (rows->target_row, "notify::selected",
                               G_CALLBACK (column_target_changed_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (rows->expander, GTK_WIDGET (rows->target_row));

      /* The new field's name and kind */
      rows->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->name_row), _("Field Name"));
      if (target == HONE_IMPORT_TARGET_NEW_FIELD)
        gtk_editable_set_text (GTK_EDITABLE (rows->name_row), field_name);
      else
        {
          g_autofree char *name = hone_importer_make_field_name (hone_importer_get_column_name (self->importer, i), i);
          gtk_editable_set_text (GTK_EDITABLE (rows->name_row), name);
        }
      g_object_set_data (G_OBJECT (rows->name_row), "hone-column", GUINT_TO_POINTER (i + 1));
      g_signal_connect_object (rows->name_row, "changed",
                               G_CALLBACK (column_name_changed_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (rows->expander, GTK_WIDGET (rows->name_row));

      /* Translators: the kind a new field gets from its values; %s is a kind like “Long text” */
      auto_kind = g_strdup_printf (_("Automatic (%s)"),
                                   hone_field_kind_get_label (hone_importer_get_column_kind_guess (self->importer, i)));
      gtk_string_list_append (kinds, auto_kind);
      for (guint k = HONE_FIELD_KIND_SHORT_TEXT; k <= HONE_FIELD_KIND_YES_NO; k++)
        gtk_string_list_append (kinds, hone_field_kind_get_label (k));

      rows->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->kind_row), _("Kind"));
      adw_combo_row_set_model (rows->kind_row, G_LIST_MODEL (kinds));
      if (target == HONE_IMPORT_TARGET_NEW_FIELD && !hone_importer_get_column_kind_is_auto (self->importer, i))
        adw_combo_row_set_selected (rows->kind_row, hone_importer_get_column_field_kind (self->importer, i) + 1);
      else
        adw_combo_row_set_selected (rows->kind_row, 0);
      g_object_set_data (G_OBJECT (rows->kind_row), "hone-column", GUINT_TO_POINTER (i + 1));
      g_signal_connect_object (rows->kind_row, "notify::selected",
                               G_CALLBACK (column_kind_changed_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (rows->expander, GTK_WIDGET (rows->kind_row));

      adw_preferences_group_add (self->columns_group, GTK_WIDGET (rows->expander));
      g_ptr_array_add (self->column_rows, rows);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->columns_group), n_columns > 0);
  update_column_rows (self);
  self->updating = FALSE;
}

/* Settings ---------------------------------------------------------------- */

static gboolean
format_is_text_table (HoneImportFormat format)
{
  return format == HONE_IMPORT_FORMAT_CSV || format == HONE_IMPORT_FORMAT_TSV;
}

/* Shows what the preview found, and the rows that apply to the format */
static void
update_file_rows (HoneImportDialog *self)
{
  HoneImportFormat chosen = hone_importer_get_format (self->importer);
  HoneImportFormat format = chosen;
  gboolean known = self->preview_ok && hone_importer_has_preview (self->importer);

  if (known)
    format = hone_importer_get_detected_format (self->importer);

  if (chosen == HONE_IMPORT_FORMAT_AUTO && known)
    {
      /* Translators: the format found in the file, such as “CSV” */
      g_autofree char *found = g_strdup_printf (_("Found: %s"), hone_import_format_get_label (format));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row), found);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row), NULL);

  if (hone_importer_get_delimiter (self->importer) == 0 && known &&
      delimiter_get_label (hone_importer_get_detected_delimiter (self->importer)) != NULL)
    {
      /* Translators: the delimiter found in the file, such as “Comma” */
      g_autofree char *found = g_strdup_printf (_("Found: %s"),
                                                delimiter_get_label (hone_importer_get_detected_delimiter (self->importer)));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->delimiter_row), found);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->delimiter_row), NULL);

  /* Before the first preview the format is not known: keep the rows that
   * may apply; a JSON file hides them once it is read */
  gtk_widget_set_visible (GTK_WIDGET (self->delimiter_row),
                          format_is_text_table (format) || format == HONE_IMPORT_FORMAT_AUTO);
  gtk_widget_set_visible (GTK_WIDGET (self->header_row),
                          format_is_text_table (format) || format == HONE_IMPORT_FORMAT_AUTO);
}

static void
show_encoding_row (HoneImportDialog *self)
{
  const char *encoding = hone_importer_get_encoding (self->importer);

  if (encoding == NULL)
    {
      /* The most likely encoding first: the preview then shows whether it is right */
      encoding = g_ptr_array_index (self->encodings, 0);
      hone_importer_set_encoding (self->importer, encoding);
    }

  self->updating = TRUE;
  for (guint i = 0; i < self->encodings->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->encodings, i), encoding) == 0)
      adw_combo_row_set_selected (self->encoding_row, i);
  self->updating = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->encoding_row), TRUE);
}

static void
format_changed_cb (HoneImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  if (self->updating || selected >= G_N_ELEMENTS (formats))
    return;
  hone_importer_set_format (self->importer, formats[selected]);
  load_preview (self);
}

static void
delimiter_changed_cb (HoneImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->delimiter_row);

  if (self->updating || selected >= G_N_ELEMENTS (delimiters))
    return;
  hone_importer_set_delimiter (self->importer, delimiters[selected]);
  load_preview (self);
}

static void
header_changed_cb (HoneImportDialog *self)
{
  if (self->updating)
    return;
  hone_importer_set_has_header (self->importer, gtk_switch_get_active (self->header_switch));
  load_preview (self);
}

static void
encoding_changed_cb (HoneImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->encoding_row);

  if (self->updating || selected >= self->encodings->len)
    return;
  hone_importer_set_encoding (self->importer, g_ptr_array_index (self->encodings, selected));
  load_preview (self);
}

static void
split_changed_cb (HoneImportDialog *self)
{
  gboolean random = adw_combo_row_get_selected (self->split_row) == SPLIT_ROW_RANDOM;

  gtk_widget_set_visible (GTK_WIDGET (self->ratio_row), random);
  gtk_widget_set_visible (GTK_WIDGET (self->seed_row), random);
}

/* Reading the preview ------------------------------------------------------ */

typedef struct {
  HoneImportDialog *self;
  guint             serial;
} PreviewCall;

static void
preview_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PreviewCall *call = user_data;
  g_autoptr(HoneImportDialog) self = call->self;
  g_autoptr(GError) error = NULL;
  guint serial = call->serial;

  g_free (call);

  /* A later preview replaced this one: its result is dropped unread, so
   * that it cannot replace the newer one in the importer */
  if (self->disposed || serial != self->preview_serial)
    return;

  self->preview_loading = FALSE;

  if (!hone_importer_load_preview_finish (self->importer, result, &error))
    {
      self->preview_ok = FALSE;
      remove_column_rows (self);
      gtk_widget_set_visible (GTK_WIDGET (self->columns_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->problems_label), FALSE);

      if (g_error_matches (error, HONE_ERROR, HONE_ERROR_ENCODING) &&
          hone_importer_get_encoding (self->importer) == NULL &&
          self->encodings->len > 0)
        {
          /* Not UTF-8: offer the encodings, the most likely one chosen */
          show_encoding_row (self);
          set_message (self, MESSAGE_INFO, encoding_notice ());
          load_preview (self);
          return;
        }

      set_message (self, MESSAGE_ERROR, error->message);
      show_preview_placeholder (self, _("Nothing to show"));
      update_file_rows (self);
      update_actions (self);
      return;
    }

  self->preview_ok = TRUE;
  apply_choices (self);

  if (gtk_widget_get_visible (GTK_WIDGET (self->encoding_row)))
    set_message (self, MESSAGE_INFO, encoding_notice ());
  else
    set_message (self, MESSAGE_NONE, NULL);

  build_column_rows (self);
  rebuild_preview (self);
  update_problems (self);
  update_file_rows (self);
  update_actions (self);
}

static void
load_preview (HoneImportDialog *self)
{
  PreviewCall *call;

  if (self->running)
    return;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_cancellable = g_cancellable_new ();

  self->preview_loading = TRUE;
  update_actions (self);

  call = g_new0 (PreviewCall, 1);
  call->self = g_object_ref (self);
  call->serial = ++self->preview_serial;
  hone_importer_load_preview_async (self->importer, HONE_IMPORT_DIALOG_PREVIEW_ROWS,
                                    self->preview_cancellable, preview_ready_cb, call);
}

/* Importing ------------------------------------------------------------- */

static void
finish (HoneImportDialog *self,
        gboolean          imported)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  g_signal_emit (self, signals[FINISHED], 0, imported);
}

static HoneImportProblem *
copy_problem (const HoneImportProblem *problem)
{
  HoneImportProblem *copy = g_new0 (HoneImportProblem, 1);

  copy->line = problem->line;
  copy->column = problem->column;
  copy->field = g_strdup (problem->field);
  copy->reason = g_strdup (problem->reason);
  copy->message = g_strdup (problem->message);
  return copy;
}

static void
details_clicked_cb (AdwToast  *toast,
                    GtkWindow *parent)
{
  GPtrArray *problems = g_object_get_data (G_OBJECT (toast), "hone-problems");
  const char *file_name = g_object_get_data (G_OBJECT (toast), "hone-file-name");
  guint64 *n_skipped = g_object_get_data (G_OBJECT (toast), "hone-n-skipped");

  hone_import_dialog_show_skipped_rows (parent, file_name, problems, *n_skipped);
}

static AdwToast *
make_result_toast (HoneImportDialog *self,
                   GtkWindow        *parent)
{
  guint64 n_imported = hone_importer_get_n_imported (self->importer);
  guint64 n_skipped = hone_importer_get_n_skipped (self->importer);
  g_autofree char *title = hone_import_dialog_format_result (n_imported, n_skipped);
  g_autofree char *markup = g_markup_escape_text (title, -1);
  AdwToast *toast = adw_toast_new (markup);

  if (n_skipped > 0)
    {
      GPtrArray *skipped = hone_importer_get_skipped_rows (self->importer);
      GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_import_problem_free);
      guint64 *n = g_new (guint64, 1);

      for (guint i = 0; i < skipped->len; i++)
        g_ptr_array_add (problems, copy_problem (g_ptr_array_index (skipped, i)));
      *n = n_skipped;

      g_object_set_data_full (G_OBJECT (toast), "hone-problems", problems, (GDestroyNotify) g_ptr_array_unref);
      g_object_set_data_full (G_OBJECT (toast), "hone-file-name", g_strdup (self->display_name), g_free);
      g_object_set_data_full (G_OBJECT (toast), "hone-n-skipped", n, g_free);

      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_timeout (toast, 10);
      if (parent != NULL)
        g_signal_connect_object (toast, "button-clicked", G_CALLBACK (details_clicked_cb), parent, 0);
    }

  return toast;
}

static void
progress_changed_cb (HoneImportDialog *self)
{
  double fraction = hone_importer_get_progress (self->importer);
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  /* Translators: the progress of an import, in percent */
  text = g_strdup_printf (_("%d %%"), (int) (fraction * 100.0));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
run_ready_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HoneImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  GtkWindow *parent;

  ok = hone_importer_run_finish (self->importer, result, &error);

  self->running = FALSE;
  g_clear_object (&self->run_cancellable);

  if (self->disposed)
    return;

  if (!ok)
    {
      update_actions (self);

      if (g_error_matches (error, HONE_ERROR, HONE_ERROR_ENCODING) &&
          self->encodings->len > 0)
        {
          /* A byte further in the file than the preview read is not UTF-8 */
          g_autofree char *text = g_strdup_printf ("%s\n\n%s", error->message, encoding_notice ());

          show_encoding_row (self);
          load_preview (self);
          set_message (self, MESSAGE_ERROR, text);
        }
      else if (g_error_matches (error, HONE_ERROR, HONE_ERROR_CANCELLED))
        /* The same words wherever the import was when it stopped */
        set_message (self, MESSAGE_INFO, _("Stopped. Nothing was imported."));
      else
        set_message (self, MESSAGE_ERROR, error->message);

      scroll_to_top (self);
      return;
    }

  /* Done: the project window shows the examples and says how many came */
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_clear_object (&self->result_toast);
  self->result_toast = g_object_ref_sink (make_result_toast (self, parent));

  if (HONE_IS_PROJECT_WINDOW (parent))
    {
      HoneExamplesPage *page = hone_project_window_get_examples_page (HONE_PROJECT_WINDOW (parent));

      /* The fields page follows the project's fields by itself. The import
       * wrote through its own connection and is not a step of the undo
       * stack: earlier steps could now meet ids the import reused, so the
       * history ends here. */
      if (page != NULL)
        {
          hone_undo_stack_clear (hone_examples_page_get_undo_stack (page));
          hone_examples_page_reload (page);
        }
      hone_project_window_add_toast (HONE_PROJECT_WINDOW (parent), g_object_ref (self->result_toast));
    }

  finish (self, TRUE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HoneImportDialog *self = HONE_IMPORT_DIALOG (widget);
  guint split = adw_combo_row_get_selected (self->split_row);

  if (self->running || self->preview_loading || !self->preview_ok)
    return;

  if (split == SPLIT_ROW_RANDOM)
    hone_importer_set_random_split (self->importer,
                                    gtk_spin_button_get_value (self->ratio_spin) / 100.0,
                                    (guint32) gtk_spin_button_get_value_as_int (self->seed_spin));
  else if (split == SPLIT_ROW_VALIDATION)
    hone_importer_set_split (self->importer, HONE_SPLIT_VALIDATION);
  else if (split == SPLIT_ROW_EXCLUDED)
    hone_importer_set_split (self->importer, HONE_SPLIT_EXCLUDED);
  else
    hone_importer_set_split (self->importer, HONE_SPLIT_TRAIN);

  hone_importer_set_skip_bad_rows (self->importer, gtk_check_button_get_active (self->skip_check));

  set_message (self, MESSAGE_NONE, NULL);
  adw_status_page_set_description (self->running_page, self->display_name);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  progress_changed_cb (self);

  self->running = TRUE;
  self->run_cancellable = g_cancellable_new ();
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->stop_button));

  hone_importer_run_async (self->importer, self->run_cancellable, run_ready_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneImportDialog *self = HONE_IMPORT_DIALOG (widget);

  if (self->running)
    {
      g_cancellable_cancel (self->run_cancellable);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

/* Skipped rows ------------------------------------------------------------ */

GtkWindow *
hone_import_dialog_show_skipped_rows (GtkWindow  *parent,
                                      const char *file_name,
                                      GPtrArray  *problems,
                                      guint64     n_skipped)
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *header_bar;
  GtkWidget *scrolled;
  GtkWidget *clamp;
  GtkWidget *content;
  GtkWidget *list;
  GtkWidget *summary;
  GtkEventController *shortcuts;
  g_autofree char *count = hone_text_format_count (n_skipped);
  g_autofree char *summary_text = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  window = g_object_new (ADW_TYPE_WINDOW,
                         "title", _("Skipped Rows"),
                         "modal", TRUE,
                         "transient-for", parent,
                         "destroy-with-parent", TRUE,
                         "default-width", 560,
                         "default-height", 520,
                         "width-request", 360,
                         "height-request", 294,
                         NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header_bar = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header_bar),
                                   adw_window_title_new (_("Skipped Rows"), file_name));
  gtk_box_append (GTK_BOX (box), header_bar);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);

  /* Translators: %s is a number like “3”, then a file name follows */
  summary_text = g_strdup_printf (ngettext ("%s row of “%s” was not imported:",
                                            "%s rows of “%s” were not imported:",
                                            (unsigned long) MIN (n_skipped, G_MAXULONG)),
                                  count, file_name);
  summary = g_object_new (GTK_TYPE_LABEL,
                          "label", summary_text,
                          "xalign", 0.0f,
                          "wrap", TRUE,
                          "wrap-mode", PANGO_WRAP_WORD_CHAR,
                          NULL);
  gtk_box_append (GTK_BOX (content), summary);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, summary, NULL,
                                  -1);
  for (guint i = 0; i < problems->len; i++)
    {
      HoneImportProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *title = hone_text_format_place (problem->line, problem->column);
      GtkWidget *row = adw_action_row_new ();

      /* “line 12” becomes “Line 12” at the start of a row */
      title[0] = g_ascii_toupper (title[0]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_box_append (GTK_BOX (content), list);

  if (n_skipped > problems->len)
    {
      g_autofree char *more = hone_text_format_count (n_skipped - problems->len);
      g_autofree char *more_text = NULL;
      GtkWidget *label;

      /* Translators: %s is a number like “1,204” */
      more_text = g_strdup_printf (ngettext ("%s more row was skipped and is not listed.",
                                             "%s more rows were skipped and are not listed.",
                                             (unsigned long) MIN (n_skipped - problems->len, G_MAXULONG)),
                                   more);
      label = g_object_new (GTK_TYPE_LABEL, "label", more_text, "xalign", 0.0f, "wrap", TRUE, NULL);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (content), label);
    }

  clamp = adw_clamp_new ();
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_window_set_content (ADW_WINDOW (window), box);

  /* Escape closes it, as any dialog */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/* File choosers ----------------------------------------------------------- */

static const char * const importable_suffixes[] = {
  "csv", "tsv", "tab", "txt", "jsonl", "ndjson", "json",
};

gboolean
hone_import_dialog_is_importable_name (const char *name)
{
  g_autofree char *lower = NULL;
  const char *dot;

  if (name == NULL)
    return FALSE;

  lower = g_utf8_strdown (name, -1);
  dot = strrchr (lower, '.');
  if (dot == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (importable_suffixes); i++)
    if (g_str_equal (dot + 1, importable_suffixes[i]))
      return TRUE;

  return FALSE;
}

static void
add_filter (GtkFileChooser     *chooser,
            const char         *name,
            const char * const *suffixes,
            const char * const *mime_types)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes != NULL && suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  for (guint i = 0; mime_types != NULL && mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

GtkFileChooserNative *
hone_import_dialog_new_file_chooser (GtkWindow  *parent,
                                     const char *title)
{
  static const char * const all_suffixes[] = { "csv", "tsv", "tab", "txt", "jsonl", "ndjson", "json", NULL };
  static const char * const all_types[] = {
    "text/csv", "text/tab-separated-values", "application/json", "application/x-ndjson", "application/jsonl", NULL,
  };
  static const char * const csv_suffixes[] = { "csv", NULL };
  static const char * const csv_types[] = { "text/csv", NULL };
  static const char * const tsv_suffixes[] = { "tsv", "tab", NULL };
  static const char * const tsv_types[] = { "text/tab-separated-values", NULL };
  static const char * const jsonl_suffixes[] = { "jsonl", "ndjson", NULL };
  static const char * const jsonl_types[] = { "application/x-ndjson", "application/jsonl", NULL };
  static const char * const json_suffixes[] = { "json", NULL };
  static const char * const json_types[] = { "application/json", NULL };
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  add_filter (GTK_FILE_CHOOSER (chooser), _("CSV, TSV, JSON Lines and JSON files"), all_suffixes, all_types);
  add_filter (GTK_FILE_CHOOSER (chooser), _("CSV files"), csv_suffixes, csv_types);
  add_filter (GTK_FILE_CHOOSER (chooser), _("TSV files (tab-separated)"), tsv_suffixes, tsv_types);
  add_filter (GTK_FILE_CHOOSER (chooser), _("JSON Lines files"), jsonl_suffixes, jsonl_types);
  add_filter (GTK_FILE_CHOOSER (chooser), _("JSON files"), json_suffixes, json_types);

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  /* The first filter, every kind of file Hone imports, is the one shown */
  {
    g_autoptr(GListModel) filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
    g_autoptr(GtkFileFilter) first = g_list_model_get_item (filters, 0);

    gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), first);
  }

  return chooser;
}

/* GtkWindow --------------------------------------------------------------- */

static gboolean
hone_import_dialog_close_request (GtkWindow *window)
{
  HoneImportDialog *self = HONE_IMPORT_DIALOG (window);

  /* Only Cancel stops an import */
  if (self->running)
    return TRUE;

  finish (self, FALSE);

  return GTK_WINDOW_CLASS (hone_import_dialog_parent_class)->close_request (window);
}

/* GObject --------------------------------------------------------------- */

static void
hone_import_dialog_dispose (GObject *object)
{
  HoneImportDialog *self = HONE_IMPORT_DIALOG (object);

  self->disposed = TRUE;

  /* (see parent_destroyed_cb) */
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  g_cancellable_cancel (self->preview_cancellable);
  g_cancellable_cancel (self->run_cancellable);

  if (self->preview_view != NULL)
    remove_preview_columns (self);
  if (self->column_rows != NULL)
    g_ptr_array_set_size (self->column_rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_IMPORT_DIALOG);

  g_clear_object (&self->result_toast);

  G_OBJECT_CLASS (hone_import_dialog_parent_class)->dispose (object);
}

static void
hone_import_dialog_finalize (GObject *object)
{
  HoneImportDialog *self = HONE_IMPORT_DIALOG (object);

  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->importer);
  g_clear_object (&self->project);
  g_clear_object (&self->source);
  g_clear_object (&self->preview_rows);
  g_clear_pointer (&self->encodings, g_ptr_array_unref);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_free (self->display_name);
  g_free (self->message);

  G_OBJECT_CLASS (hone_import_dialog_parent_class)->finalize (object);
}

static void
hone_import_dialog_class_init (HoneImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hone_import_dialog_dispose;
  object_class->finalize = hone_import_dialog_finalize;
  window_class->close_request = hone_import_dialog_close_request;

  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/dialogs/hone-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, message_box);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, message_icon);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, header_row);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, header_switch);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, preview_spinner);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, preview_scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, preview_view);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, preview_placeholder);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, split_row);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, ratio_row);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, ratio_spin);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, seed_row);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, skip_check);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, HoneImportDialog, running_page);
  gtk_widget_class_bind_template_callback (widget_class, format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, delimiter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, header_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, encoding_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, split_changed_cb);

  gtk_widget_class_install_action (widget_class, "import.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);

  /* Escape closes the dialog, but does not stop a running import (only the
   * Cancel button does: an import may have run for minutes) */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hone_import_dialog_init (HoneImportDialog *self)
{
  g_autoptr(GtkStringList) encoding_model = gtk_string_list_new (NULL);
  const char * const *suggestions = hone_text_encoding_list_suggestions ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) column_choice_free);
  self->column_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) column_rows_free);

  /* Only the encodings this system can read */
  self->encodings = g_ptr_array_new ();
  for (guint i = 0; suggestions[i] != NULL; i++)
    if (hone_text_encoding_is_supported (suggestions[i]))
      {
        g_ptr_array_add (self->encodings, (gpointer) suggestions[i]);
        gtk_string_list_append (encoding_model, hone_text_encoding_get_label (suggestions[i]));
      }
  /* Not a choice of the person's: no preview to load yet */
  self->updating = TRUE;
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (encoding_model));
  self->updating = FALSE;

  self->preview_rows = gtk_string_list_new (NULL);
  {
    g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->preview_rows)));
    gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));
  }

  split_changed_cb (self);
}

/* The dialog goes with its parent. Not through "destroy-with-parent": an
 * async call may keep the dialog alive after the parent is freed, and GTK
 * 4.8 then disconnects from the freed parent when the dialog is disposed.
 * Without that flag GTK forgets the parent when it is destroyed. */
static void
parent_destroyed_cb (HoneImportDialog *self)
{
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

HoneImportDialog *
hone_import_dialog_new (GtkWindow   *parent,
                        HoneProject *project,
                        GFile       *source)
{
  HoneImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);

  self = g_object_new (HONE_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  if (parent != NULL)
    {
      gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
      g_signal_connect_object (parent, "destroy", G_CALLBACK (parent_destroyed_cb), self, G_CONNECT_SWAPPED);
    }

  self->project = g_object_ref (project);
  self->source = g_object_ref (source);
  self->importer = hone_importer_new (project, source);
  self->display_name = g_file_get_basename (source);
  if (self->display_name == NULL)
    self->display_name = g_file_get_parse_name (source);

  adw_window_title_set_subtitle (self->window_title, self->display_name);
  g_signal_connect_object (self->importer, "notify::progress",
                           G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);

  show_preview_placeholder (self, _("Reading the file…"));
  set_message (self, MESSAGE_NONE, NULL);
  load_preview (self);

  return self;
}

HoneProject *
hone_import_dialog_get_project (HoneImportDialog *self)
{
  g_return_val_if_fail (HONE_IS_IMPORT_DIALOG (self), NULL);

  return self->project;
}

GFile *
hone_import_dialog_get_source (HoneImportDialog *self)
{
  g_return_val_if_fail (HONE_IS_IMPORT_DIALOG (self), NULL);

  return self->source;
}

HoneImporter *
hone_import_dialog_get_importer (HoneImportDialog *self)
{
  g_return_val_if_fail (HONE_IS_IMPORT_DIALOG (self), NULL);

  return self->importer;
}

void
hone_import_dialog_set_new_project (HoneImportDialog *self,
                                    gboolean          new_project)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (HONE_IS_IMPORT_DIALOG (self));

  self->new_project = !!new_project;

  if (self->new_project)
    /* Translators: the subtitle of the import dialog; the first %s is a file name, the second a project name */
    subtitle = g_strdup_printf (_("%s, into the new project “%s”"),
                                self->display_name, hone_project_get_name (self->project));
  else
    subtitle = g_strdup (self->display_name);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  if (self->message == NULL)
    set_message (self, MESSAGE_NONE, NULL);
}

gboolean
hone_import_dialog_get_new_project (HoneImportDialog *self)
{
  g_return_val_if_fail (HONE_IS_IMPORT_DIALOG (self), FALSE);

  return self->new_project;
}
