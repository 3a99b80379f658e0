/* hone-field-completion-provider.h: completes field names inside {{ }}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "hone-core.h"

G_BEGIN_DECLS

#define HONE_TYPE_FIELD_COMPLETION_PROVIDER (hone_field_completion_provider_get_type ())

G_DECLARE_FINAL_TYPE (HoneFieldCompletionProvider, hone_field_completion_provider,
                      HONE, FIELD_COMPLETION_PROVIDER, GObject)

/* A GtkSourceCompletionProvider offering the project's fields where a
 * template expects a name: after {{, {{{, {{& , {{#if , {{#each , {{else if ,
 * a helper's arguments and inside a [segment literal]. Choosing one writes
 * its name (or [its name] when it is not a plain identifier) and closes the
 * tag when it is not closed yet. FIELDS is a list model of HoneField (the
 * project's, which stays up to date); NULL for none. */
HoneFieldCompletionProvider *hone_field_completion_provider_new (GListModel *fields);
void        hone_field_completion_provider_set_fields (HoneFieldCompletionProvider *self,
                                                       GListModel                  *fields);

/* The proposals for a cursor at CURSOR (a list model of
 * HoneFieldCompletionProposal, best first; empty when the cursor is not
 * where a name goes). What populate() returns. */
GListModel *hone_field_completion_provider_list_proposals (HoneFieldCompletionProvider *self,
                                                           const GtkTextIter           *cursor);

/* How a template names the field NAME: NAME itself when Handlebars reads it
 * as a plain identifier, else [NAME] ("due date" → "[due date]", "2024" →
 * "[2024]", "true" → "[true]"). */
char       *hone_field_completion_format_path (const char *name);

G_END_DECLS
