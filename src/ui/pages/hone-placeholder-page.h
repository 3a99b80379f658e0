/* hone-placeholder-page.h: a page that says what is coming
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HONE_TYPE_PLACEHOLDER_PAGE (hone_placeholder_page_get_type ())

G_DECLARE_FINAL_TYPE (HonePlaceholderPage, hone_placeholder_page, HONE, PLACEHOLDER_PAGE, AdwBin)

/* A page for a step Hone does not do yet: a status page with an icon, a
 * title and an honest description of what the page will do. The three are
 * the properties "icon-name", "title" and "description". */
GtkWidget  *hone_placeholder_page_new             (const char          *icon_name,
                                                   const char          *title,
                                                   const char          *description);
const char *hone_placeholder_page_get_icon_name   (HonePlaceholderPage *self);
void        hone_placeholder_page_set_icon_name   (HonePlaceholderPage *self,
                                                   const char          *icon_name);
const char *hone_placeholder_page_get_title       (HonePlaceholderPage *self);
void        hone_placeholder_page_set_title       (HonePlaceholderPage *self,
                                                   const char          *title);
const char *hone_placeholder_page_get_description (HonePlaceholderPage *self);
void        hone_placeholder_page_set_description (HonePlaceholderPage *self,
                                                   const char          *description);

G_END_DECLS
