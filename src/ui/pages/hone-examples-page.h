/* hone-examples-page.h: the grid of a project's examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"
#include "hone-check-columns.h"
#include "hone-validator.h"

G_BEGIN_DECLS

#define HONE_TYPE_EXAMPLES_PAGE (hone_examples_page_get_type ())

G_DECLARE_FINAL_TYPE (HoneExamplesPage, hone_examples_page, HONE, EXAMPLES_PAGE, AdwBin)

GtkWidget        *hone_examples_page_new         (void);
HoneProject      *hone_examples_page_get_project (HoneExamplesPage *self);
void              hone_examples_page_set_project (HoneExamplesPage *self,
                                                  HoneProject      *project);
/* The examples shown (NULL without a project) */
HoneExampleModel *hone_examples_page_get_model   (HoneExamplesPage *self);
/* Re-reads the examples and the counts, after examples were added or
 * changed behind the page's back (an import, hone-cli). */
void              hone_examples_page_reload      (HoneExamplesPage *self);

/* The undo stack of the project (one per project window; NULL without a
 * project or for a read-only one). Every edit of the project is recorded
 * on it, the Fields page's too.
 *
 * Actions (installed on the class):
 *   examples.undo       Ctrl+Z         examples.redo   Ctrl+Shift+Z
 *   examples.add        adds an empty example at the end
 *   examples.duplicate  Ctrl+D         examples.delete Delete
 *   examples.set-split  "s": train, validation or excluded, for the selection
 *   examples.edit       Enter: edits the cell under the cursor
 *   examples.copy       Ctrl+C         examples.paste  Ctrl+V */
HoneUndoStack    *hone_examples_page_get_undo_stack (HoneExamplesPage *self);

/* The selected rows: how many, and the ids of their examples in view order
 * (a new array of gint64; empty when none is selected). Fast enough for a
 * million selected rows: positions map to ids without loading examples. */
guint             hone_examples_page_get_n_selected (HoneExamplesPage *self);
GArray           *hone_examples_page_dup_selected_ids (HoneExamplesPage *self);

/* The cell cursor: a row position of the model, a column (the fields in
 * position order, then the split) */
void              hone_examples_page_set_cursor  (HoneExamplesPage *self,
                                                  guint             row,
                                                  guint             col);
void              hone_examples_page_get_cursor  (HoneExamplesPage *self,
                                                  guint            *row,
                                                  guint            *col);
/* The id of the example under the cell cursor, -1 when there is none (no
 * project, no rows). The "cursor-example-id" property is notified whenever
 * it becomes another example: the cursor moved, or the rows under it were
 * sorted, filtered, inserted or removed. */
gint64            hone_examples_page_get_cursor_example_id (HoneExamplesPage *self);
/* Starts editing the cell under the cursor, with @initial_text in place
 * of its value when not NULL (typing). A yes/no cell is toggled at once.
 * FALSE when the cell is not on screen. */
gboolean          hone_examples_page_edit_cell   (HoneExamplesPage *self,
                                                  const char       *initial_text);
/* The widget editing a cell (GtkText or GtkDropDown), or NULL */
GtkWidget        *hone_examples_page_get_editor  (HoneExamplesPage *self);
/* Stores the edited value; a value that does not fit its field is not
 * stored, the error (naming the field) is shown and FALSE returned */
gboolean          hone_examples_page_commit_edit (HoneExamplesPage *self);
void              hone_examples_page_cancel_edit (HoneExamplesPage *self);
/* The last error shown above the grid, or NULL */
const char       *hone_examples_page_get_error   (HoneExamplesPage *self);

/* Copy and paste as tab-separated text, quoted as LibreOffice Calc does.
 * Copy: the cursor's cell when one row is selected, else the selected rows
 * (every field and the split). Paste: a block from the cursor; rows past
 * the last example are added; one undo step. */
char             *hone_examples_page_copy_text   (HoneExamplesPage *self);
gboolean          hone_examples_page_paste_text  (HoneExamplesPage *self,
                                                  const char       *text,
                                                  GError          **error);

/* The context menu of the grid (a right click on a cell, the Menu key or
 * Shift+F10): edit, copy, paste, duplicate, delete and set the split of the
 * selected rows. A right click on a row outside the selection selects that
 * row alone first. */
GtkPopover       *hone_examples_page_get_context_menu (HoneExamplesPage *self);
/* The widget drawn for the cell at @row, @col, or NULL when it is not on
 * screen */
GtkWidget        *hone_examples_page_get_cell    (HoneExamplesPage *self,
                                                  guint             row,
                                                  guint             col);

/* The side editor (examples.details toggles it; Enter or a double click
 * on a long text opens it): every field of the example under the cursor,
 * each saved when the focus leaves it. The text view of the field at @col,
 * or NULL when the side editor is closed. */
GtkWidget        *hone_examples_page_get_details_editor (HoneExamplesPage *self,
                                                  guint             col);

/* TRUE while a sort or filter runs in a worker thread (the "busy"
 * property; the rows shown are the old ones until it is done) */
gboolean          hone_examples_page_get_busy    (HoneExamplesPage *self);
/* Sorts by a column as a click on its header does (in SQL, in a worker
 * thread: see "busy"); the Find bar (examples.find, Ctrl+F) and the split
 * dropdown filter the rows the same way */
void              hone_examples_page_sort_by_column (HoneExamplesPage *self,
                                                  guint             col,
                                                  gboolean          descending);

/* Splits the training and validation examples at random (undoable); the
 * examples.random-split action asks for the share and seed first */
gboolean          hone_examples_page_random_split (HoneExamplesPage *self,
                                                  double            validation_ratio,
                                                  guint64           seed,
                                                  guint            *n_train,
                                                  guint            *n_validation,
                                                  GError          **error);

/* The Tokens and Problems columns (after the split; the cell cursor does
 * not go there) and the validation they show */
HoneCheckColumns *hone_examples_page_get_check_columns (HoneExamplesPage *self);
void              hone_examples_page_set_validation (HoneExamplesPage *self,
                                                  HoneValidation   *validation);
/* Moves the cursor to the example @example_id and selects it; a search or
 * split filter that hides it is cleared first (the cursor moves when the
 * examples are shown again). FALSE when there is no such example. */
gboolean          hone_examples_page_show_example (HoneExamplesPage *self,
                                                  gint64            example_id);

/* Formats a stored value of @field for one line of the grid: newlines
 * become "⏎", yes/no reads "Yes"/"No", NULL or "" gives NULL. Very long
 * values are cut, as only the start of them can be seen. */
char             *hone_examples_page_format_cell (HoneField        *field,
                                                  const char       *value);

G_END_DECLS
