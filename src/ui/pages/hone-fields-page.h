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
 * Adds a field; @allowed_values is a comma-separated list (labels only) */
gboolean        hone_fields_page_add_field   (HoneFieldsPage  *self,
                                              const char      *name,
                                              HoneFieldKind    kind,
                                              const char      *description,
                                              const char      *allowed_values,
                                              GError         **error);
/* Changes what differs (name, kind, description, labels) as one undo
 * step; nothing changes when one of them is refused */
gboolean        hone_fields_page_edit_field  (HoneFieldsPage  *self,
                                              gint64           field_id,
                                              const char      *name,
                                              HoneFieldKind    kind,
                                              const char      *description,
                                              const char      *allowed_values,
                                              GError         **error);
/* The last error shown on the page, or NULL */
const char     *hone_fields_page_get_error   (HoneFieldsPage  *self);

G_END_DECLS
