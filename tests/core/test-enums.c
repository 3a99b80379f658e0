/* test-enums.c: the stored names never change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-core.h"

static void
test_names (void)
{
  HoneFieldKind kind;
  HoneSplit split;
  HoneExampleSource source;
  HoneTemplateRole role;
  HoneTemplateStyle style;

  /* These strings are in every project file: they are part of the format */
  g_assert_cmpstr (hone_field_kind_to_string (HONE_FIELD_KIND_SHORT_TEXT), ==, "short-text");
  g_assert_cmpstr (hone_field_kind_to_string (HONE_FIELD_KIND_LONG_TEXT), ==, "long-text");
  g_assert_cmpstr (hone_field_kind_to_string (HONE_FIELD_KIND_LABEL), ==, "label");
  g_assert_cmpstr (hone_field_kind_to_string (HONE_FIELD_KIND_NUMBER), ==, "number");
  g_assert_cmpstr (hone_field_kind_to_string (HONE_FIELD_KIND_YES_NO), ==, "yes-no");
  g_assert_cmpstr (hone_split_to_string (HONE_SPLIT_VALIDATION), ==, "validation");
  g_assert_cmpstr (hone_example_source_to_string (HONE_EXAMPLE_SOURCE_FEEDBACK), ==, "feedback");
  g_assert_cmpstr (hone_template_role_to_string (HONE_TEMPLATE_ROLE_ASSISTANT), ==, "assistant");
  g_assert_cmpstr (hone_template_style_to_string (HONE_TEMPLATE_STYLE_CHAT), ==, "chat");
  g_assert_cmpstr (hone_template_style_to_string (HONE_TEMPLATE_STYLE_PROMPT_COMPLETION), ==, "prompt-completion");

  for (guint i = 0; i <= HONE_FIELD_KIND_YES_NO; i++)
    {
      g_assert_true (hone_field_kind_from_string (hone_field_kind_to_string (i), &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_nonnull (hone_field_kind_get_label (i));
    }
  for (guint i = 0; i < HONE_N_SPLITS; i++)
    {
      g_assert_true (hone_split_from_string (hone_split_to_string (i), &split));
      g_assert_cmpint (split, ==, i);
    }
  for (guint i = 0; i <= HONE_EXAMPLE_SOURCE_FEEDBACK; i++)
    {
      g_assert_true (hone_example_source_from_string (hone_example_source_to_string (i), &source));
      g_assert_cmpint (source, ==, i);
    }
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      g_assert_true (hone_template_role_from_string (hone_template_role_to_string (i), &role));
      g_assert_cmpint (role, ==, i);
    }

  g_assert_false (hone_field_kind_from_string ("Label", &kind));
  g_assert_false (hone_split_from_string ("", &split));
  g_assert_false (hone_split_from_string (NULL, &split));
  g_assert_false (hone_template_role_from_string ("tool", &role));
  g_assert_true (hone_template_style_from_string ("prompt-completion", &style));
  g_assert_cmpint (style, ==, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION);
  g_assert_false (hone_template_style_from_string ("completion", &style));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/enums/names", test_names);
  return g_test_run ();
}
