/* hone-template.h: a Handlebars 4.7 template, compiled once, rendered many times
 *
 * The engine behind every prompt Hone builds. It follows handlebars.js 4.7
 * (not the Mustache spec where the two differ): {{path}}, {{{raw}}}, {{& raw}},
 * dotted and ../ paths, this, [segment literals], comments, #if / #unless /
 * else / else if chains, #each over arrays and objects (@index @key @first
 * @last, else for empty), #with, lookup, Mustache-style {{#name}} / {{^name}}
 * sections, whitespace control {{~ ~}} and the standalone-line rules.
 *
 * Data is a JsonNode tree (json-glib); a NULL node renders like `{}`.
 * A HoneTemplate is immutable once compiled: any thread may render it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * HoneTemplateEscape:
 * @HONE_TEMPLATE_ESCAPE_NONE: {{x}} writes values as they are: what Hone
 *   puts into model messages (escaping would put `&amp;` into training data)
 * @HONE_TEMPLATE_ESCAPE_HTML: {{x}} escapes `& < > " ' ` =` like
 *   handlebars.js by default; {{{x}}} never escapes
 */
typedef enum {
  HONE_TEMPLATE_ESCAPE_NONE,
  HONE_TEMPLATE_ESCAPE_HTML,
} HoneTemplateEscape;

/**
 * HoneTemplateLocation:
 * @line: 1-based line of the problem
 * @column: 1-based column, in characters (not bytes)
 * @offset: byte offset of the problem in the source
 * @length: bytes to underline from @offset (at least 1 unless at the end)
 *
 * Where a template failed to compile, for an editor to underline.
 */
typedef struct {
  guint line;
  guint column;
  gsize offset;
  gsize length;
} HoneTemplateLocation;

#define HONE_TYPE_TEMPLATE (hone_template_get_type ())

typedef struct _HoneTemplate HoneTemplate;

GType         hone_template_get_type     (void) G_GNUC_CONST;

/* Compiles SOURCE (UTF-8). On a syntax error returns NULL with HONE_ERROR_PARSE
 * and a message a writer understands, starting with the place: "line 3,
 * column 5: {{/each}} closes a block that was never opened". LOCATION, when
 * not NULL, receives the place of the error (zeroed on success). */
HoneTemplate *hone_template_new          (const char            *source,
                                          HoneTemplateLocation  *location,
                                          GError               **error);
HoneTemplate *hone_template_ref          (HoneTemplate          *self);
void          hone_template_unref        (HoneTemplate          *self);
const char   *hone_template_get_source   (HoneTemplate          *self);

/* Appends the rendering of DATA to OUT. Fails (HONE_ERROR_INVALID, OUT
 * possibly partly written) only where handlebars.js fails at run time, e.g.
 * {{#each}} given more than one value. */
gboolean      hone_template_render_to    (HoneTemplate          *self,
                                          JsonNode              *data,
                                          HoneTemplateEscape     escape,
                                          GString               *out,
                                          GError               **error);
/* The same, as a new string; NULL on error. */
char         *hone_template_render       (HoneTemplate          *self,
                                          JsonNode              *data,
                                          HoneTemplateEscape     escape,
                                          GError               **error);

/* Reports the first tag that fails whenever it is rendered: {{#if}} without
 * a value, a helper that does not exist ({{upper name}}), a block helper
 * written without # ({{each items}}). Like handlebars.js, rendering fails
 * only when such a tag is reached (an {{#if}} that is never true hides it),
 * so a template can compile and still hold one; an editor underlines it
 * with this. HONE_ERROR_INVALID, message and LOCATION as for a parse error. */
gboolean      hone_template_check        (HoneTemplate          *self,
                                          HoneTemplateLocation  *location,
                                          GError               **error);

/**
 * HoneTemplateFieldUse:
 * @name: the top-level name used (the first segment of a path read in the
 *   root context: `{{title}}`, `{{[due date]}}`, `{{#each tags}}`, `{{../x}}`
 *   when that reaches the root, `{{lookup . "x"}}` is not counted)
 * @offset: byte offset of that segment in the source
 * @length: its length in bytes, brackets included (`[due date]`)
 *
 * One use of a project field by a template.
 */
typedef struct {
  char  *name;
  gsize  offset;
  gsize  length;
} HoneTemplateFieldUse;

/* Every use of a root-context name, in source order (an array of
 * HoneTemplateFieldUse, freed with g_array_unref). The context changes in the
 * body of #each, #with and {{#name}} sections (not in their {{else}}), as
 * in handlebars; #if and #unless keep it. `{{#name}}…{{/name}}` counts both
 * tags, so that renaming keeps them matched. */
GArray       *hone_template_get_field_uses (HoneTemplate        *self);

/* The source with every root-context use of OLD_NAME renamed to NEW_NAME,
 * written as `NEW_NAME` or `[NEW_NAME]` when it is not a plain identifier.
 * Everything else is kept byte for byte. */
char         *hone_template_rename_field (HoneTemplate          *self,
                                          const char            *old_name,
                                          const char            *new_name);

/* Appends VALUE as handlebars.js writes it ({{x}} without escaping): strings
 * as they are, numbers as JavaScript's Number#toString, true/false, arrays as
 * their items joined with ",", objects as "[object Object]", null as "". */
void          hone_template_append_value (GString               *out,
                                          JsonNode              *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneTemplate, hone_template_unref)

G_END_DECLS
