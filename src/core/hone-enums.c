/* hone-enums.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hone-enums.h"

typedef struct {
  const char *str;
  const char *label;
} Name;

static const Name field_kinds[] = {
  [HONE_FIELD_KIND_SHORT_TEXT] = { "short-text", N_("Short text") },
  [HONE_FIELD_KIND_LONG_TEXT]  = { "long-text",  N_("Long text") },
  [HONE_FIELD_KIND_LABEL]      = { "label",      N_("Label") },
  [HONE_FIELD_KIND_NUMBER]     = { "number",     N_("Number") },
  [HONE_FIELD_KIND_YES_NO]     = { "yes-no",     N_("Yes or no") },
};

static const Name splits[] = {
  [HONE_SPLIT_TRAIN]      = { "train",      N_("Training") },
  [HONE_SPLIT_VALIDATION] = { "validation", N_("Validation") },
  [HONE_SPLIT_EXCLUDED]   = { "excluded",   N_("Excluded") },
};

static const Name sources[] = {
  [HONE_EXAMPLE_SOURCE_TYPED]       = { "typed",       N_("Typed") },
  [HONE_EXAMPLE_SOURCE_IMPORTED]    = { "imported",    N_("Imported") },
  [HONE_EXAMPLE_SOURCE_SYNTHESIZED] = { "synthesized", N_("Synthesized") },
  [HONE_EXAMPLE_SOURCE_FEEDBACK]    = { "feedback",    N_("Feedback") },
};

static const Name roles[] = {
  [HONE_TEMPLATE_ROLE_SYSTEM]    = { "system",    N_("System prompt") },
  [HONE_TEMPLATE_ROLE_USER]      = { "user",      N_("User message") },
  [HONE_TEMPLATE_ROLE_ASSISTANT] = { "assistant", N_("Assistant message") },
};

static const Name template_styles[] = {
  [HONE_TEMPLATE_STYLE_CHAT]              = { "chat",              N_("Chat messages") },
  [HONE_TEMPLATE_STYLE_PROMPT_COMPLETION] = { "prompt-completion", N_("Prompt and completion") },
};

static gboolean
lookup (const Name *names,
        guint       n_names,
        const char *str,
        int        *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (names[i].str, str))
        {
          *out = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_NAMES(prefix, Type, table)                                       \
  const char *                                                                  \
  prefix##_to_string (Type value)                                               \
  {                                                                             \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);          \
    return table[value].str;                                                    \
  }                                                                             \
  gboolean                                                                      \
  prefix##_from_string (const char *str,                                        \
                        Type       *value)                                      \
  {                                                                             \
    int v;                                                                      \
    if (!lookup (table, G_N_ELEMENTS (table), str, &v))                         \
      return FALSE;                                                             \
    if (value != NULL)                                                          \
      *value = (Type) v;                                                        \
    return TRUE;                                                                \
  }                                                                             \
  const char *                                                                  \
  prefix##_get_label (Type value)                                               \
  {                                                                             \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);          \
    return g_dgettext (GETTEXT_PACKAGE, table[value].label);                    \
  }

DEFINE_NAMES (hone_field_kind, HoneFieldKind, field_kinds)
DEFINE_NAMES (hone_split, HoneSplit, splits)
DEFINE_NAMES (hone_example_source, HoneExampleSource, sources)
DEFINE_NAMES (hone_template_role, HoneTemplateRole, roles)
DEFINE_NAMES (hone_template_style, HoneTemplateStyle, template_styles)
