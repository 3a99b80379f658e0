/* hone-check-columns.h: the Tokens and Problems columns of the examples grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "hone-validator.h"

G_BEGIN_DECLS

#define HONE_TYPE_CHECK_COLUMNS (hone_check_columns_get_type ())

G_DECLARE_FINAL_TYPE (HoneCheckColumns, hone_check_columns, HONE, CHECK_COLUMNS, GObject)

/* Two columns for a grid of HoneExample rows: the tokens of each example in
 * the current validation ("≈" before estimates, empty while unknown) and an
 * icon for its problems, with their messages as its tooltip. A new
 * validation updates the cells on screen in place: no row is reloaded. */
HoneCheckColumns *hone_check_columns_new            (void);

/* Appends the Tokens and Problems columns to @view (again after the view's
 * columns were removed) */
void              hone_check_columns_append_to      (HoneCheckColumns *self,
                                                     GtkColumnView    *view);

HoneValidation   *hone_check_columns_get_validation (HoneCheckColumns *self);
void              hone_check_columns_set_validation (HoneCheckColumns *self,
                                                     HoneValidation   *validation);

/* The text of a Tokens cell for @example_id ("1,204", "≈1,204", or NULL
 * while unknown), and the tooltip of a Problems cell (NULL: none) */
char             *hone_check_columns_format_tokens  (HoneValidation   *validation,
                                                     gint64            example_id);
char             *hone_check_columns_format_problems (HoneValidation  *validation,
                                                     gint64            example_id);

/* The cell widgets that exist now, for tests: "tokens" (GtkLabel) or
 * "problems" (GtkImage); a new array of borrowed widgets */
GPtrArray        *hone_check_columns_list_cells     (HoneCheckColumns *self,
                                                     const char       *column);
/* The id of the example a cell shows, 0 when it shows none */
gint64            hone_check_columns_get_cell_example_id (GtkWidget   *cell);

G_END_DECLS
