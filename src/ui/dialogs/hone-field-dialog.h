/* hone-field-dialog.h: adds a field, or changes one (name, kind, description, labels)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"
#include "hone-fields-page.h"

G_BEGIN_DECLS

#define HONE_TYPE_FIELD_DIALOG (hone_field_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HoneFieldDialog, hone_field_dialog, HONE, FIELD_DIALOG, AdwWindow)

/* A modal window over @page's window: the name, kind and description of a
 * field, and for a label field its labels, one per row (a label may hold
 * commas: "Yes, definitely"). Save stores the change through @page (one
 * undo step); when the project refuses it (a name taken, values that do not
 * fit the new kind) the dialog stays open with the reason shown in it and
 * what was typed kept.
 *
 * Actions: field.save (Add or Save), field.cancel, field.add-label (a new
 * empty label row, focused), field.remove-label ("u": the row's position). */
HoneFieldDialog *hone_field_dialog_new          (HoneFieldsPage  *page,
                                                 HoneField       *field);
/* The id of the field edited, 0 when adding one */
gint64           hone_field_dialog_get_field_id (HoneFieldDialog *self);

void             hone_field_dialog_set_name     (HoneFieldDialog *self,
                                                 const char      *name);
const char      *hone_field_dialog_get_name     (HoneFieldDialog *self);
void             hone_field_dialog_set_kind     (HoneFieldDialog *self,
                                                 HoneFieldKind    kind);
HoneFieldKind    hone_field_dialog_get_kind     (HoneFieldDialog *self);
void             hone_field_dialog_set_description (HoneFieldDialog *self,
                                                 const char      *description);
/* The label rows: set replaces them; dup gives their texts without spaces
 * around them, empty rows left out, in order */
void             hone_field_dialog_set_labels   (HoneFieldDialog *self,
                                                 const char * const *labels);
char           **hone_field_dialog_dup_labels   (HoneFieldDialog *self);
/* The entry of label row @position, or NULL */
GtkEditable     *hone_field_dialog_get_label_entry (HoneFieldDialog *self,
                                                 guint            position);
guint            hone_field_dialog_get_n_label_rows (HoneFieldDialog *self);

/* What field.save does: TRUE when the change was stored (the dialog then
 * closes); FALSE with the reason shown in the dialog */
gboolean         hone_field_dialog_save         (HoneFieldDialog *self);
/* The reason shown, or NULL */
const char      *hone_field_dialog_get_error    (HoneFieldDialog *self);

G_END_DECLS
