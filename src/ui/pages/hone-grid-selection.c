/* hone-grid-selection.c: a multiple selection that never loads an item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-grid-selection.h"

struct _HoneGridSelection
{
  GObject     parent_instance;

  GListModel *model;
  GtkBitset  *selected;
  gulong      items_changed_id;
};

static void list_model_iface_init      (GListModelInterface        *iface);
static void selection_model_iface_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HoneGridSelection, hone_grid_selection, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

/* GListModel: the model's items as they are ------------------------------- */

static GType
hone_grid_selection_get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (HONE_GRID_SELECTION (list)->model);
}

static guint
hone_grid_selection_get_n_items (GListModel *list)
{
  return g_list_model_get_n_items (HONE_GRID_SELECTION (list)->model);
}

static gpointer
hone_grid_selection_get_item (GListModel *list,
                              guint       position)
{
  return g_list_model_get_item (HONE_GRID_SELECTION (list)->model, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hone_grid_selection_get_item_type;
  iface->get_n_items = hone_grid_selection_get_n_items;
  iface->get_item = hone_grid_selection_get_item;
}

/* GtkSelectionModel: a bitset of positions ---------------------------------- */

static gboolean
hone_grid_selection_is_selected (GtkSelectionModel *model,
                                 guint              position)
{
  return gtk_bitset_contains (HONE_GRID_SELECTION (model)->selected, position);
}

static GtkBitset *
hone_grid_selection_get_selection_in_range (GtkSelectionModel *model,
                                            guint              position,
                                            guint              n_items)
{
  /* A reference, as GtkMultiSelection gives: it changes with the selection */
  return gtk_bitset_ref (HONE_GRID_SELECTION (model)->selected);
}

static gboolean
hone_grid_selection_set_selection (GtkSelectionModel *model,
                                   GtkBitset         *selected,
                                   GtkBitset         *mask)
{
  HoneGridSelection *self = HONE_GRID_SELECTION (model);
  g_autoptr(GtkBitset) changes = NULL;
  g_autoptr(GtkBitset) current = NULL;
  guint n_items = g_list_model_get_n_items (self->model);
  guint min, max;

  /* changes = (selected XOR self->selected) AND mask, worked out within
   * the mask only: one row more or less costs as little with a million
   * selected as with none (gtk_bitset_difference is the symmetric
   * difference) */
  changes = gtk_bitset_copy (selected);
  gtk_bitset_intersect (changes, mask);
  current = gtk_bitset_copy (mask);
  gtk_bitset_intersect (current, self->selected);
  gtk_bitset_difference (changes, current);

  if (gtk_bitset_is_empty (changes))
    return TRUE;

  /* Nothing past the items */
  max = gtk_bitset_get_maximum (changes);
  if (max >= n_items)
    {
      if (n_items == 0)
        gtk_bitset_remove_all (changes);
      else
        gtk_bitset_remove_range_closed (changes, n_items, max);
      if (gtk_bitset_is_empty (changes))
        return TRUE;
    }

  min = gtk_bitset_get_minimum (changes);
  max = gtk_bitset_get_maximum (changes);
  gtk_bitset_difference (self->selected, changes);
  gtk_selection_model_selection_changed (model, min, max - min + 1);

  return TRUE;
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  /* The other calls (select_item, select_all, …) come through set_selection */
  iface->is_selected = hone_grid_selection_is_selected;
  iface->get_selection_in_range = hone_grid_selection_get_selection_in_range;
  iface->set_selection = hone_grid_selection_set_selection;
}

/* Following the model ---------------------------------------------------------- */

static void
items_changed_cb (GListModel        *model,
                  guint              position,
                  guint              removed,
                  guint              added,
                  HoneGridSelection *self)
{
  /* Replaced in place: the same rows, edited; they stay selected */
  if (removed != added)
    gtk_bitset_splice (self->selected, position, removed, added);

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
hone_grid_selection_dispose (GObject *object)
{
  HoneGridSelection *self = HONE_GRID_SELECTION (object);

  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (hone_grid_selection_parent_class)->dispose (object);
}

static void
hone_grid_selection_finalize (GObject *object)
{
  HoneGridSelection *self = HONE_GRID_SELECTION (object);

  g_clear_pointer (&self->selected, gtk_bitset_unref);

  G_OBJECT_CLASS (hone_grid_selection_parent_class)->finalize (object);
}

static void
hone_grid_selection_class_init (HoneGridSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hone_grid_selection_dispose;
  object_class->finalize = hone_grid_selection_finalize;
}

static void
hone_grid_selection_init (HoneGridSelection *self)
{
  self->selected = gtk_bitset_new_empty ();
}

HoneGridSelection *
hone_grid_selection_new (GListModel *model)
{
  HoneGridSelection *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (HONE_TYPE_GRID_SELECTION, NULL);
  self->model = g_object_ref (model);
  self->items_changed_id = g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), self);
  return self;
}

GListModel *
hone_grid_selection_get_model (HoneGridSelection *self)
{
  g_return_val_if_fail (HONE_IS_GRID_SELECTION (self), NULL);

  return self->model;
}
