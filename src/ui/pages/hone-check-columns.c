/* hone-check-columns.c: the Tokens and Problems columns of the examples grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-check-columns.h"
#include "hone-core.h"
#include "hone-text-encoding.h"

/* Problems listed in a cell's tooltip */
#define MAX_TOOLTIP_PROBLEMS 8

#define KIND_TOKENS   "tokens"
#define KIND_PROBLEMS "problems"

struct _HoneCheckColumns
{
  GObject         parent_instance;

  HoneValidation *validation;
  GPtrArray      *cells;     /* every cell widget that exists now */
};

G_DEFINE_FINAL_TYPE (HoneCheckColumns, hone_check_columns, G_TYPE_OBJECT)

/* Text ------------------------------------------------------------------ */

char *
hone_check_columns_format_tokens (HoneValidation *validation,
                                  gint64          example_id)
{
  g_autofree char *count = NULL;
  gint64 tokens;

  if (validation == NULL)
    return NULL;
  tokens = hone_validation_get_tokens (validation, example_id);
  if (tokens < 0)
    return NULL;

  count = hone_text_format_count ((guint64) tokens);
  return validation->exact ? g_steal_pointer (&count) : g_strconcat ("≈", count, NULL);
}

char *
hone_check_columns_format_problems (HoneValidation *validation,
                                    gint64          example_id)
{
  GPtrArray *problems;
  GString *text;

  if (validation == NULL)
    return NULL;
  problems = hone_validation_get_example_problems (validation, example_id);
  if (problems == NULL || problems->len == 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < problems->len && i < MAX_TOOLTIP_PROBLEMS; i++)
    {
      const HoneProblem *problem = g_ptr_array_index (problems, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "• %s", problem->message);
    }
  if (problems->len > MAX_TOOLTIP_PROBLEMS)
    {
      guint more = problems->len - MAX_TOOLTIP_PROBLEMS;

      g_string_append_c (text, '\n');
      /* Translators: at the end of the problems of one example */
      g_string_append_printf (text, ngettext ("and %u more", "and %u more", more), more);
    }

  return g_string_free (text, FALSE);
}

/* The worst of the example's problems, or -1 */
static int
worst_severity (HoneValidation *validation,
                gint64          example_id)
{
  GPtrArray *problems;
  int worst = -1;

  if (validation == NULL)
    return -1;
  problems = hone_validation_get_example_problems (validation, example_id);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const HoneProblem *problem = g_ptr_array_index (problems, i);

      if (worst < 0 || (int) problem->severity < worst)
        worst = problem->severity;
    }

  return worst;
}

/* Cells ----------------------------------------------------------------- */

gint64
hone_check_columns_get_cell_example_id (GtkWidget *cell)
{
  GtkListItem *list_item;
  HoneExample *example;

  g_return_val_if_fail (GTK_IS_WIDGET (cell), 0);

  list_item = g_object_get_data (G_OBJECT (cell), "hone-list-item");
  if (list_item == NULL)
    return 0;
  example = gtk_list_item_get_item (list_item);
  return HONE_IS_EXAMPLE (example) ? hone_example_get_id (example) : 0;
}

static void
update_cell (HoneCheckColumns *self,
             GtkWidget        *cell)
{
  const char *kind = g_object_get_data (G_OBJECT (cell), "hone-kind");
  gint64 id = hone_check_columns_get_cell_example_id (cell);

  if (g_strcmp0 (kind, KIND_TOKENS) == 0)
    {
      g_autofree char *text = id > 0 ? hone_check_columns_format_tokens (self->validation, id) : NULL;

      gtk_label_set_text (GTK_LABEL (cell), text != NULL ? text : "");
    }
  else
    {
      g_autofree char *tooltip = id > 0 ? hone_check_columns_format_problems (self->validation, id) : NULL;
      int severity = id > 0 ? worst_severity (self->validation, id) : -1;
      const char *icon = NULL;
      const char *label = NULL;

      gtk_widget_remove_css_class (cell, "error");
      gtk_widget_remove_css_class (cell, "warning");
      gtk_widget_remove_css_class (cell, "dim-label");
      switch (severity)
        {
        case HONE_SEVERITY_ERROR:
          icon = "dialog-error-symbolic";
          label = _("Errors");
          gtk_widget_add_css_class (cell, "error");
          break;
        case HONE_SEVERITY_WARNING:
          icon = "dialog-warning-symbolic";
          label = _("Warnings");
          gtk_widget_add_css_class (cell, "warning");
          break;
        case HONE_SEVERITY_INFO:
          icon = "dialog-information-symbolic";
          label = _("Notes");
          gtk_widget_add_css_class (cell, "dim-label");
          break;
        default:
          break;
        }

      gtk_image_set_from_icon_name (GTK_IMAGE (cell), icon);
      /* The tooltip is asked for when shown (problems_tooltip_cb): setting
       * one re-queries the tooltip under the pointer at every check */
      gtk_widget_set_has_tooltip (cell, tooltip != NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label != NULL ? label : "",
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip != NULL ? tooltip : "",
                                      -1);
    }
}

static gboolean
problems_tooltip_cb (GtkWidget  *cell,
                     int         x,
                     int         y,
                     gboolean    keyboard_mode,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  HoneCheckColumns *self = g_object_get_data (G_OBJECT (cell), "hone-owner");
  gint64 id = hone_check_columns_get_cell_example_id (cell);
  g_autofree char *text = NULL;

  if (self == NULL || id <= 0)
    return FALSE;
  text = hone_check_columns_format_problems (self->validation, id);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
list_item_gone_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  g_object_set_data (G_OBJECT (data), "hone-list-item", NULL);
}

/* Connected without an owner: the cell can outlive the columns object */
static void
cell_destroy_cb (GtkWidget *cell,
                 gpointer   user_data)
{
  HoneCheckColumns *self = g_object_get_data (G_OBJECT (cell), "hone-owner");
  GObject *list_item = g_object_get_data (G_OBJECT (cell), "hone-list-item");

  if (self != NULL)
    g_ptr_array_remove_fast (self->cells, cell);
  if (list_item != NULL)
    g_object_weak_unref (list_item, list_item_gone_cb, cell);
  g_object_set_data (G_OBJECT (cell), "hone-list-item", NULL);
  g_object_set_data (G_OBJECT (cell), "hone-owner", NULL);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               HoneCheckColumns         *self)
{
  const char *kind = g_object_get_data (G_OBJECT (factory), "hone-kind");
  GtkWidget *cell;

  if (g_strcmp0 (kind, KIND_TOKENS) == 0)
    {
      cell = g_object_new (GTK_TYPE_LABEL,
                           "xalign", 1.0f,
                           "hexpand", TRUE,
                           "single-line-mode", TRUE,
                           NULL);
      gtk_widget_add_css_class (cell, "numeric");
    }
  else
    {
      cell = gtk_image_new ();
      gtk_widget_set_halign (cell, GTK_ALIGN_CENTER);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (problems_tooltip_cb), NULL);
    }
  gtk_widget_add_css_class (cell, "hone-check-cell");

  g_object_set_data (G_OBJECT (cell), "hone-kind", (gpointer) kind);
  g_object_set_data (G_OBJECT (cell), "hone-list-item", list_item);
  g_object_set_data (G_OBJECT (cell), "hone-owner", self);
  g_object_weak_ref (G_OBJECT (list_item), list_item_gone_cb, cell);
  g_signal_connect (cell, "destroy", G_CALLBACK (cell_destroy_cb), NULL);
  g_ptr_array_add (self->cells, cell);
  gtk_list_item_set_child (list_item, cell);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              HoneCheckColumns         *self)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  if (cell != NULL)
    update_cell (self, cell);
}

static GtkColumnViewColumn *
make_column (HoneCheckColumns *self,
             const char       *kind,
             const char       *title,
             int               width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "hone-kind", (gpointer) kind);
  g_signal_connect_object (factory, "setup", G_CALLBACK (cell_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (cell_bind_cb), self, 0);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_fixed_width (column, width);
  return column;
}

void
hone_check_columns_append_to (HoneCheckColumns *self,
                              GtkColumnView    *view)
{
  g_autoptr(GtkColumnViewColumn) tokens = NULL;
  g_autoptr(GtkColumnViewColumn) problems = NULL;

  g_return_if_fail (HONE_IS_CHECK_COLUMNS (self));
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  tokens = make_column (self, KIND_TOKENS, _("Tokens"), 90);
  problems = make_column (self, KIND_PROBLEMS, _("Problems"), 90);
  gtk_column_view_append_column (view, tokens);
  gtk_column_view_append_column (view, problems);
}

HoneValidation *
hone_check_columns_get_validation (HoneCheckColumns *self)
{
  g_return_val_if_fail (HONE_IS_CHECK_COLUMNS (self), NULL);

  return self->validation;
}

void
hone_check_columns_set_validation (HoneCheckColumns *self,
                                   HoneValidation   *validation)
{
  g_return_if_fail (HONE_IS_CHECK_COLUMNS (self));

  if (self->validation == validation)
    return;

  g_clear_pointer (&self->validation, hone_validation_unref);
  if (validation != NULL)
    self->validation = hone_validation_ref (validation);

  /* Only the cells that exist: the rows on screen and a few around them */
  for (guint i = 0; i < self->cells->len; i++)
    update_cell (self, g_ptr_array_index (self->cells, i));
}

GPtrArray *
hone_check_columns_list_cells (HoneCheckColumns *self,
                               const char       *column)
{
  GPtrArray *cells;

  g_return_val_if_fail (HONE_IS_CHECK_COLUMNS (self), NULL);

  cells = g_ptr_array_new ();
  for (guint i = 0; i < self->cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (self->cells, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (cell), "hone-kind"), column) == 0)
        g_ptr_array_add (cells, cell);
    }

  return cells;
}

/* GObject --------------------------------------------------------------- */

static void
hone_check_columns_finalize (GObject *object)
{
  HoneCheckColumns *self = HONE_CHECK_COLUMNS (object);

  for (guint i = 0; i < self->cells->len; i++)
    g_object_set_data (g_ptr_array_index (self->cells, i), "hone-owner", NULL);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->validation, hone_validation_unref);

  G_OBJECT_CLASS (hone_check_columns_parent_class)->finalize (object);
}

static void
hone_check_columns_class_init (HoneCheckColumnsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hone_check_columns_finalize;
}

static void
hone_check_columns_init (HoneCheckColumns *self)
{
  self->cells = g_ptr_array_new ();
}

HoneCheckColumns *
hone_check_columns_new (void)
{
  return g_object_new (HONE_TYPE_CHECK_COLUMNS, NULL);
}
