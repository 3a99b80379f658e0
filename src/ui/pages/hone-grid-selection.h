/* hone-grid-selection.h: a multiple selection that never loads an item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HONE_TYPE_GRID_SELECTION (hone_grid_selection_get_type ())

G_DECLARE_FINAL_TYPE (HoneGridSelection, hone_grid_selection, HONE, GRID_SELECTION, GObject)

/* A GtkSelectionModel over @model (a lazily loaded list) that keeps only a
 * GtkBitset of positions. GTK 4.8's GtkMultiSelection also asks for every
 * item it selects and keeps a reference to each, to follow them through
 * changes: selecting a million examples would load all of them. This one
 * selects a million rows in a few operations on the bitset.
 *
 * Changes of @model: rows inserted or removed move the selection along;
 * rows replaced in place (an edited example is a new item at the same
 * position: items-changed (p, n, n)) keep their selection, so a bulk action
 * does not lose the rows it acted on. */
HoneGridSelection *hone_grid_selection_new       (GListModel        *model);
GListModel        *hone_grid_selection_get_model (HoneGridSelection *self);

G_END_DECLS
