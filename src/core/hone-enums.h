/* hone-enums.h: the small vocabularies of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The strings returned by the *_to_string() functions are the ones stored in
 * project files and used by hone-cli and JSON output; never change them. The
 * *_get_label() functions return translated text for people. */

typedef enum {
  HONE_FIELD_KIND_SHORT_TEXT,
  HONE_FIELD_KIND_LONG_TEXT,
  HONE_FIELD_KIND_LABEL,
  HONE_FIELD_KIND_NUMBER,
  HONE_FIELD_KIND_YES_NO,
} HoneFieldKind;

typedef enum {
  HONE_SPLIT_TRAIN,
  HONE_SPLIT_VALIDATION,
  HONE_SPLIT_EXCLUDED,
  HONE_SPLIT_ANY = -1, /* in queries only */
} HoneSplit;

#define HONE_N_SPLITS 3

typedef enum {
  HONE_EXAMPLE_SOURCE_TYPED,
  HONE_EXAMPLE_SOURCE_IMPORTED,
  HONE_EXAMPLE_SOURCE_SYNTHESIZED,
  HONE_EXAMPLE_SOURCE_FEEDBACK,
} HoneExampleSource;

typedef enum {
  HONE_TEMPLATE_ROLE_SYSTEM,
  HONE_TEMPLATE_ROLE_USER,
  HONE_TEMPLATE_ROLE_ASSISTANT,
} HoneTemplateRole;

#define HONE_N_TEMPLATE_ROLES 3

/* How a project's templates become training data: chat messages (system,
 * user, assistant), or a prompt and a completion (no system prompt: the user
 * template gives the prompt, the assistant template the completion) for
 * providers that train on {"prompt":…,"completion":…} lines. */
typedef enum {
  HONE_TEMPLATE_STYLE_CHAT,
  HONE_TEMPLATE_STYLE_PROMPT_COMPLETION,
} HoneTemplateStyle;

const char *hone_field_kind_to_string      (HoneFieldKind      kind);
gboolean    hone_field_kind_from_string    (const char        *str,
                                            HoneFieldKind     *kind);
const char *hone_field_kind_get_label      (HoneFieldKind      kind);

const char *hone_split_to_string           (HoneSplit          split);
gboolean    hone_split_from_string         (const char        *str,
                                            HoneSplit         *split);
const char *hone_split_get_label           (HoneSplit          split);

const char *hone_example_source_to_string  (HoneExampleSource  source);
gboolean    hone_example_source_from_string(const char        *str,
                                            HoneExampleSource *source);
const char *hone_example_source_get_label  (HoneExampleSource  source);

const char *hone_template_role_to_string   (HoneTemplateRole   role);
gboolean    hone_template_role_from_string (const char        *str,
                                            HoneTemplateRole  *role);
const char *hone_template_role_get_label   (HoneTemplateRole   role);

const char *hone_template_style_to_string  (HoneTemplateStyle  style);
gboolean    hone_template_style_from_string(const char        *str,
                                            HoneTemplateStyle *style);
const char *hone_template_style_get_label  (HoneTemplateStyle  style);

G_END_DECLS
