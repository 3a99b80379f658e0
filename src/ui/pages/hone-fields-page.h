/* hone-fields-page.h: the list of a project's fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"

G_BEGIN_DECLS

#define HONE_TYPE_FIELDS_PAGE (hone_fields_page_get_type ())

G_DECLARE_FINAL_TYPE (HoneFieldsPage, hone_fields_page, HONE, FIELDS_PAGE, AdwBin)

GtkWidget   *hone_fields_page_new         (void);
HoneProject *hone_fields_page_get_project (HoneFieldsPage *self);
/* The page follows the project's field list as it changes */
void         hone_fields_page_set_project (HoneFieldsPage *self,
                                           HoneProject    *project);

/* Actions (installed on the class): fields.add opens the Add Field
 * dialog; fields.edit, fields.move-up, fields.move-down and fields.delete
 * take a field id ("x"); fields.undo and fields.redo use the project
 * window's undo stack, shared with the Examples page.
 *
 * fields.add and fields.edit open a HoneFieldDialog, which stays open with
 * the reason shown when the project refuses the change. fields.delete
 * deletes at once (with Undo in a toast) unless the templates use the
 * field: then it asks first, listing where.
 *
 * Adds a field; @allowed_values are its labels (label fields only; NULL
 * or empty for none) */
gboolean        hone_fields_page_add_field   (HoneFieldsPage      *self,
                                              const char          *name,
                                              HoneFieldKind        kind,
                                              const char          *description,
                                              const char * const  *allowed_values,
                                              GError             **error);
/* Changes what differs (name, kind, description, labels) as one undo
 * step; nothing changes when one of them is refused. A kind or list of
 * labels that values already there do not fit is refused saying how many
 * examples and the row of the first (as the Examples grid shows it now). */
gboolean        hone_fields_page_edit_field  (HoneFieldsPage      *self,
                                              gint64               field_id,
                                              const char          *name,
                                              HoneFieldKind        kind,
                                              const char          *description,
                                              const char * const  *allowed_values,
                                              GError             **error);
/* The Add/Edit Field dialog (a HoneFieldDialog) or the delete confirmation
 * (an AdwMessageDialog) while one is open, else NULL */
GtkWindow      *hone_fields_page_get_field_dialog  (HoneFieldsPage *self);
GtkWindow      *hone_fields_page_get_delete_dialog (HoneFieldsPage *self);
/* The places of @uses (HoneTemplateUse), one per line: "Used in the user
 * message template, line 2, column 7" (the first eight, then how many more) */
char           *hone_fields_page_describe_template_uses (GArray *uses);
/* The last error shown on the page, or NULL */
const char     *hone_fields_page_get_error   (HoneFieldsPage  *self);

G_END_DECLS
