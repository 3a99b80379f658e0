/* hone-template-editor.h: one template in a source editor, with field
 * completion, an Insert Field menu and its errors underlined
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "hone-core.h"

G_BEGIN_DECLS

#define HONE_TYPE_TEMPLATE_EDITOR (hone_template_editor_get_type ())

G_DECLARE_FINAL_TYPE (HoneTemplateEditor, hone_template_editor, HONE, TEMPLATE_EDITOR, AdwBin)

/* The GtkSourceLanguage id of Hone's Handlebars highlighting, shipped in
 * the resources (language-specs/hone-handlebars.lang) */
#define HONE_HANDLEBARS_LANGUAGE_ID "hone-handlebars"

/* Adds the resource directory of Hone's language definitions to the
 * default language manager's search path (once) and returns the
 * Handlebars language, or NULL when it could not be loaded. */
GtkSourceLanguage *hone_template_editor_get_language (void);

GtkWidget       *hone_template_editor_new         (HoneTemplateRole    role);
HoneTemplateRole hone_template_editor_get_role    (HoneTemplateEditor *self);
GtkSourceBuffer *hone_template_editor_get_buffer  (HoneTemplateEditor *self);
GtkSourceView   *hone_template_editor_get_view    (HoneTemplateEditor *self);

/* The heading and the line explaining the template */
void             hone_template_editor_set_title   (HoneTemplateEditor *self,
                                                   const char         *title);
const char      *hone_template_editor_get_title   (HoneTemplateEditor *self);
void             hone_template_editor_set_explanation (HoneTemplateEditor *self,
                                                   const char         *explanation);
/* The small text beside the heading ("Version 3"), or NULL */
void             hone_template_editor_set_status  (HoneTemplateEditor *self,
                                                   const char         *status);

/* The fields offered by completion and the Insert Field menu (a list model
 * of HoneField, or NULL) */
void             hone_template_editor_set_fields  (HoneTemplateEditor *self,
                                                   GListModel         *fields);

/* The whole text (a new string) and setting it (not an undoable edit) */
char            *hone_template_editor_dup_text    (HoneTemplateEditor *self);
void             hone_template_editor_set_text    (HoneTemplateEditor *self,
                                                   const char         *text);

/* Inserts {{NAME}} (or {{[NAME]}}) at the cursor, replacing the selection */
void             hone_template_editor_insert_field (HoneTemplateEditor *self,
                                                   const char         *name);

/* Shows MESSAGE below the editor and underlines LENGTH bytes of the text
 * from byte OFFSET (a HoneTemplateLocation); NULL MESSAGE clears it. */
void             hone_template_editor_set_error   (HoneTemplateEditor *self,
                                                   const char         *message,
                                                   gsize               offset,
                                                   gsize               length);
/* The message shown, or NULL */
const char      *hone_template_editor_get_error   (HoneTemplateEditor *self);
/* The underlined range in characters; FALSE when nothing is underlined */
gboolean         hone_template_editor_get_error_range (HoneTemplateEditor *self,
                                                   int                *start_offset,
                                                   int                *end_offset);

G_END_DECLS
