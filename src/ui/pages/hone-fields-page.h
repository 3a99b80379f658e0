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

G_END_DECLS
