/* hone-prompt.h: a project's templates compiled together, turning examples
 * into the chat messages a model is trained on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "hone-example.h"
#include "hone-field.h"
#include "hone-project.h"
#include "hone-template.h"

G_BEGIN_DECLS

#define HONE_TYPE_PROMPT (hone_prompt_get_type ())

typedef struct _HonePrompt HonePrompt;

/**
 * HonePromptMessage:
 * @role: "system", "user" or "assistant"
 * @content: the rendered text (no escaping)
 *
 * One message of a rendered example. A role whose template is empty gives
 * no message (a project without a system prompt has two messages).
 */
typedef struct {
  HoneTemplateRole  role;
  char             *content;
} HonePromptMessage;

GType       hone_prompt_get_type     (void) G_GNUC_CONST;

/* Compiles SOURCES (one per HoneTemplateRole, NULL or "" for none) against
 * FIELDS (HoneField, in field order: the names and kinds of the data).
 * On a syntax error: HONE_ERROR_PARSE naming the template, e.g. "User
 * message, line 3, column 5: …"; FAILED_ROLE and LOCATION (both may be NULL)
 * receive which template and where. */
HonePrompt *hone_prompt_new          (const char * const     *sources,
                                      GPtrArray              *fields,
                                      HoneTemplateRole       *failed_role,
                                      HoneTemplateLocation   *location,
                                      GError                **error);
/* The same for PROJECT's templates and fields, as they are now. In the
 * prompt/completion style the system prompt is left out. */
HonePrompt *hone_prompt_new_for_project (HoneProject         *project,
                                      HoneTemplateRole       *failed_role,
                                      HoneTemplateLocation   *location,
                                      GError                **error);
HonePrompt *hone_prompt_ref          (HonePrompt             *self);
void        hone_prompt_unref        (HonePrompt             *self);

/* The template of ROLE, or NULL when that role has none. */
HoneTemplate *hone_prompt_get_template (HonePrompt           *self,
                                        HoneTemplateRole      role);

/* The data an example gives its templates: an object with one member per
 * field, by field name. Values are typed by field kind: text and label
 * fields are strings; a number field is a JSON number when its stored text
 * is written the way JavaScript writes that number ("3", "2.5", "-0.1"),
 * otherwise the stored text as a string (so "3.50" renders as typed); a
 * yes/no field is true or false ("" is null); an empty value is "". */
JsonNode   *hone_prompt_build_data   (HonePrompt             *self,
                                      HoneExample            *example);

/* Renders EXAMPLE into messages (an array of HonePromptMessage, in role order,
 * with a clear func). Fails only when a template fails at run time; the
 * message names the template. */
GArray     *hone_prompt_render       (HonePrompt             *self,
                                      HoneExample            *example,
                                      GError                **error);

/* The messages as one chat JSONL line, without the newline:
 * {"messages":[{"role":"system","content":"…"},…]}, compact, strings
 * written by hone_prompt_append_json_string() */
char       *hone_prompt_messages_to_json (GArray             *messages);
/* The messages as one prompt/completion line, without the newline:
 * {"prompt":"…","completion":"…"} (the user and assistant messages; "" for
 * one that is missing; a system message is left out) */
char       *hone_prompt_messages_to_prompt_completion_json (GArray *messages);
/* One of the two above, as STYLE asks */
char       *hone_prompt_messages_to_line (GArray             *messages,
                                          HoneTemplateStyle   style);

/* Appends TEXT (UTF-8) as a JSON string, exactly as json-glib 1.6 writes
 * one (\" \\ \b \f \n \r \t; other control characters and U+007F as
 * \u00xx in lower case; everything else, "/" and non-ASCII included, as it
 * is), except that U+001F is escaped too: json-glib 1.6 leaves it raw, which
 * is not valid JSON. */
void        hone_prompt_append_json_string (GString          *out,
                                          const char         *text);

/* Finds a message a model cannot learn from: the user or the assistant
 * message missing (its template is empty) or only white space. Returns TRUE
 * and stores its role in EMPTY_ROLE (may be NULL) when there is one. */
gboolean    hone_prompt_messages_find_empty (GArray           *messages,
                                          HoneTemplateRole   *empty_role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HonePrompt, hone_prompt_unref)

G_END_DECLS
