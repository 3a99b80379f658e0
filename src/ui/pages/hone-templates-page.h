/* hone-templates-page.h: a project's three templates, read-only for now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"

G_BEGIN_DECLS

#define HONE_TYPE_TEMPLATES_PAGE (hone_templates_page_get_type ())

G_DECLARE_FINAL_TYPE (HoneTemplatesPage, hone_templates_page, HONE, TEMPLATES_PAGE, AdwBin)

GtkWidget   *hone_templates_page_new         (void);
HoneProject *hone_templates_page_get_project (HoneTemplatesPage *self);
void         hone_templates_page_set_project (HoneTemplatesPage *self,
                                              HoneProject       *project);
/* Re-reads the templates (the project does not signal template changes) */
void         hone_templates_page_reload      (HoneTemplatesPage *self);

G_END_DECLS
