/* hone-examples-page.c: the grid of a project's examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hone-examples-page.h"

/* Characters of a value put into a cell; a cell shows one line, so the rest
 * could never be seen and would only cost layout time. */
#define MAX_CELL_CHARS    300
/* Characters of a value shown in a cell's tooltip */
#define MAX_TOOLTIP_CHARS 1500

struct _HoneExamplesPage
{
  AdwBin              parent_instance;

  HoneProject        *project;
  HoneExampleModel   *model;
  gulong              fields_changed_id;

  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkLabel           *summary_label;
  GtkScrolledWindow  *scrolled_window;
  GtkColumnView      *column_view;
};

G_DEFINE_FINAL_TYPE (HoneExamplesPage, hone_examples_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROJECT,
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

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               HoneField                *field)
{
  GtkWidget *label;

  label = g_object_new (GTK_TYPE_LABEL,
                        "xalign", 0.0f,
                        "single-line-mode", TRUE,
                        "ellipsize", PANGO_ELLIPSIZE_END,
                        NULL);

  if (field != NULL && hone_field_get_kind (field) == HONE_FIELD_KIND_NUMBER)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
      gtk_widget_add_css_class (label, "numeric");
    }

  g_signal_connect (label, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
  gtk_list_item_set_child (list_item, label);
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
field_cell_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    HoneField                *field)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  HoneExample *example = gtk_list_item_get_item (list_item);
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
}

static void
split_cell_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  HoneExample *example = gtk_list_item_get_item (list_item);

  set_cell_text (label, hone_split_get_label (hone_example_get_split (example)));
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

static void
append_column (HoneExamplesPage   *self,
               const char         *title,
               int                 width,
               GtkListItemFactory *factory)
{
  g_autoptr(GtkColumnViewColumn) column = NULL;

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_fixed_width (column, width);
  gtk_column_view_append_column (self->column_view, column);
}

static void
rebuild_columns (HoneExamplesPage *self)
{
  GListModel *fields;
  guint n_fields;

  remove_columns (self);

  if (self->project == NULL)
    return;

  fields = hone_project_get_fields (self->project);
  n_fields = g_list_model_get_n_items (fields);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autoptr(HoneField) field = g_list_model_get_item (fields, i);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      g_signal_connect_data (factory, "setup", G_CALLBACK (cell_setup_cb),
                             g_object_ref (field), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
      g_signal_connect_data (factory, "bind", G_CALLBACK (field_cell_bind_cb),
                             g_object_ref (field), (GClosureNotify) (void (*) (void)) g_object_unref, 0);

      /* The column takes the factory */
      append_column (self, hone_field_get_name (field),
                     width_for_kind (hone_field_get_kind (field)), factory);
    }

  {
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (split_cell_bind_cb), NULL);
    append_column (self, _("Split"), 120, factory);
  }
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

/* GObject --------------------------------------------------------------- */

static void
hone_examples_page_dispose (GObject *object)
{
  HoneExamplesPage *self = HONE_EXAMPLES_PAGE (object);

  if (self->project != NULL)
    g_clear_signal_handler (&self->fields_changed_id, hone_project_get_fields (self->project));

  /* The bin would otherwise unparent its child a second time */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_EXAMPLES_PAGE);

  g_clear_object (&self->model);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (hone_examples_page_parent_class)->dispose (object);
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
  object_class->get_property = hone_examples_page_get_property;
  object_class->set_property = hone_examples_page_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         HONE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-examples-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, HoneExamplesPage, column_view);
}

static void
hone_examples_page_init (HoneExamplesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

  if (self->project != NULL)
    g_clear_signal_handler (&self->fields_changed_id, hone_project_get_fields (self->project));

  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->model);
  g_set_object (&self->project, project);

  if (project != NULL)
    {
      g_autoptr(GtkMultiSelection) selection = NULL;

      self->model = hone_example_model_new (project);
      selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

      self->fields_changed_id =
        g_signal_connect_object (hone_project_get_fields (project), "items-changed",
                                 G_CALLBACK (fields_items_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }

  rebuild_columns (self);
  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

void
hone_examples_page_reload (HoneExamplesPage *self)
{
  g_return_if_fail (HONE_IS_EXAMPLES_PAGE (self));

  if (self->model != NULL)
    hone_example_model_reload (self->model);

  update_state (self);
}
