/* hone-template-preview.h: what one example becomes: the messages a model
 * sees, as bubbles or as the exact JSON line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"
#include "hone-model-catalog.h"

G_BEGIN_DECLS

#define HONE_TYPE_TEMPLATE_PREVIEW (hone_template_preview_get_type ())

G_DECLARE_FINAL_TYPE (HoneTemplatePreview, hone_template_preview, HONE, TEMPLATE_PREVIEW, AdwBin)

GtkWidget   *hone_template_preview_new          (void);

/* The examples to step through (all of the project's, by id) */
void         hone_template_preview_set_project  (HoneTemplatePreview *self,
                                                 HoneProject         *project);

/* The compiled templates to render with (NULL: none yet). STALE_REASON,
 * when not NULL, says that PROMPT is an earlier version kept while the
 * templates being edited do not compile. */
void         hone_template_preview_set_prompt   (HoneTemplatePreview *self,
                                                 HonePrompt          *prompt,
                                                 HoneTemplateStyle    style,
                                                 const char          *stale_reason);

/* The example shown ("example-id", -1 when none). Showing an example that
 * does not exist shows the first one. */
gint64       hone_template_preview_get_example_id (HoneTemplatePreview *self);
void         hone_template_preview_show_example (HoneTemplatePreview *self,
                                                 gint64               example_id);
/* Steps to the previous or next example ("preview.previous", "preview.next") */
void         hone_template_preview_step         (HoneTemplatePreview *self,
                                                 int                  delta);

/* Once the example shown is laid out, scrolls to its first empty message */
void         hone_template_preview_reveal_problem (HoneTemplatePreview *self);

/* "show-json": the exact JSON line instead of the bubbles */
gboolean     hone_template_preview_get_show_json (HoneTemplatePreview *self);
void         hone_template_preview_set_show_json (HoneTemplatePreview *self,
                                                 gboolean             show_json);

/* "follow": show the example under the cursor of the Examples grid (the
 * value of "followed-example-id") whenever it changes */
gboolean     hone_template_preview_get_follow   (HoneTemplatePreview *self);
void         hone_template_preview_set_follow   (HoneTemplatePreview *self,
                                                 gboolean             follow);
void         hone_template_preview_set_followed_example_id (HoneTemplatePreview *self,
                                                 gint64               example_id);

/* What is shown, for tests and accessibility: the messages' text (a new
 * array of HonePromptMessage, empty when nothing is rendered) or the JSON
 * line (NULL when none) */
GArray      *hone_template_preview_dup_messages (HoneTemplatePreview *self);
const char  *hone_template_preview_get_json     (HoneTemplatePreview *self);
/* The error of the rendering shown, or NULL */
const char  *hone_template_preview_get_render_error (HoneTemplatePreview *self);

/* Counts each message's tokens, and the example's, for @model (from
 * @catalog, kept alive meanwhile); NULL: no counts */
void         hone_template_preview_set_model    (HoneTemplatePreview *self,
                                                 HoneModelCatalog    *catalog,
                                                 const HoneModelInfo *model);

/* The heading of a message's bubble ("User Message · 42 tokens") and the
 * line with the example's tokens in all (NULL when not counted), as shown */
const char  *hone_template_preview_get_heading  (HoneTemplatePreview *self,
                                                 HoneTemplateRole     role);
const char  *hone_template_preview_get_tokens_text (HoneTemplatePreview *self);

G_END_DECLS
