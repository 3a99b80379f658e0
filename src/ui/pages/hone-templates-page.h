/* hone-templates-page.h: a project's templates, edited with a live preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"
#include "hone-prompt-check.h"
#include "hone-template-editor.h"
#include "hone-template-preview.h"

G_BEGIN_DECLS

#define HONE_TYPE_TEMPLATES_PAGE (hone_templates_page_get_type ())

G_DECLARE_FINAL_TYPE (HoneTemplatesPage, hone_templates_page, HONE, TEMPLATES_PAGE, AdwBin)

/* How long the page waits after the last keystroke before it renders the
 * preview again, and before it saves */
#define HONE_TEMPLATES_PAGE_PREVIEW_DELAY_MS 150
#define HONE_TEMPLATES_PAGE_SAVE_DELAY_MS    500

GtkWidget   *hone_templates_page_new         (void);
HoneProject *hone_templates_page_get_project (HoneTemplatesPage *self);
void         hone_templates_page_set_project (HoneTemplatesPage *self,
                                              HoneProject       *project);
/* Rereads the templates from the project (unsaved edits are saved first) */
void         hone_templates_page_reload      (HoneTemplatesPage *self);

/* The editor of a role, and the preview */
HoneTemplateEditor  *hone_templates_page_get_editor  (HoneTemplatesPage *self,
                                                      HoneTemplateRole   role);
HoneTemplatePreview *hone_templates_page_get_preview (HoneTemplatesPage *self);

/* Saves what was typed now rather than after the delay (also done when an
 * editor loses the focus, the page is hidden or the window closes).
 * FALSE when the project refused it: the page then shows why. */
gboolean     hone_templates_page_save        (HoneTemplatesPage *self,
                                              GError           **error);

/* Writes a first set of templates from the project's fields: the user
 * message lists the input fields with their names, the assistant message
 * is the last field (the "template.start-from-fields" action). */
void         hone_templates_page_start_from_fields (HoneTemplatesPage *self);

/* The "followed-example-id" property: the example under the cursor of the
 * Examples grid (-1 for none); the preview follows it while its Follow
 * button is on. */
void         hone_templates_page_set_followed_example_id (HoneTemplatesPage *self,
                                                          gint64             example_id);

/* The check of every example in a worker thread: whether it runs
 * ("checking" notifies), its last result (NULL while none) and the
 * sentence shown about it (NULL when nothing is flagged). */
gboolean               hone_templates_page_is_checking     (HoneTemplatesPage *self);
const HonePromptCheck *hone_templates_page_get_check       (HoneTemplatesPage *self);
const char            *hone_templates_page_get_flag_message (HoneTemplatesPage *self);

/* Actions (installed on the class):
 *   template.start-from-fields    writes templates from the fields
 *   template.write-own            shows empty editors
 *   template.previous-example     Alt+Left
 *   template.next-example         Alt+Right
 *   template.show-flagged         shows the next flagged example
 *   template.set-style("chat"|"prompt-completion") */

G_END_DECLS
