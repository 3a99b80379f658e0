/* test-template-spec.c: the template engine against what handlebars.js 4.7
 * gives for the Mustache spec and for handlebars' own test suite
 *
 * The cases are the oracle files in shared/oracles (found beside the source
 * tree, or in $HONE_ORACLES_DIR):
 *  - mustache-spec/handlebars-4.7-cases.jsonl: every case must give
 *    handlebars' output (where handlebars departs from Mustache, handlebars
 *    wins);
 *  - hbs-spec/handlebars-4.7.9-spec-cases.jsonl: every case that uses only
 *    features Hone supports must give handlebars' output, or fail where
 *    handlebars fails.
 * Rendering uses handlebars' default HTML escaping, as the oracle did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-core.h"
#include "hone-template.h"

/* Features of the hbs-spec cases that Hone refuses on purpose (see the
 * case file's README for the names): partials ({{> name}}, {{#> name}})
 * and decorators ({{#*inline}}). Custom helpers and runtime options are
 * not in the file at all. */
static const char *const unsupported_features[] = {
  "partial",
  "decorator",
};

/* Both files hold more than this many cases Hone runs: the test cannot pass
 * by skipping */
#define MIN_MUSTACHE_CASES 110
#define MIN_HBS_CASES 195

static char *
oracles_dir (void)
{
  const char *env = g_getenv ("HONE_ORACLES_DIR");
  const char *root = g_getenv ("HONE_SOURCE_ROOT");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (root == NULL)
    return NULL;
  return g_build_filename (root, "..", "shared", "oracles", NULL);
}

static GPtrArray *
read_cases (const char *relative_path)
{
  g_autofree char *dir = oracles_dir ();
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *cases;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, relative_path, NULL);
  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      g_test_message ("%s: %s", path, error->message);
      return NULL;
    }

  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (cases, json_node_copy (json_parser_get_root (parser)));
    }
  return cases;
}

static gboolean
is_supported (JsonObject *c)
{
  JsonArray *features = json_object_get_array_member (c, "features");

  for (guint i = 0; i < json_array_get_length (features); i++)
    for (guint k = 0; k < G_N_ELEMENTS (unsupported_features); k++)
      if (g_str_equal (json_array_get_string_element (features, i), unsupported_features[k]))
        return FALSE;
  return TRUE;
}

/* Renders case C; TRUE when Hone gives what handlebars gave */
static gboolean
run_case (JsonObject *c)
{
  const char *source = json_object_get_string_member (c, "template");
  JsonNode *data = json_object_has_member (c, "data") ? json_object_get_member (c, "data") : NULL;
  JsonObject *expected = json_object_get_object_member (c, "expected");
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneTemplate) template = hone_template_new (source, NULL, &error);
  g_autofree char *out = NULL;

  if (template != NULL)
    out = hone_template_render (template, data, HONE_TEMPLATE_ESCAPE_HTML, &error);

  if (json_object_has_member (expected, "error"))
    {
      if (out == NULL)
        return TRUE;
      g_test_message ("FAIL %s: %s — handlebars fails (%s), Hone wrote “%s”",
                      json_object_get_string_member (c, "test"), source,
                      json_object_get_string_member (expected, "error"), out);
      return FALSE;
    }
  if (out != NULL && g_str_equal (out, json_object_get_string_member (expected, "output")))
    return TRUE;
  g_test_message ("FAIL %s: %s — expected “%s”, got %s%s%s",
                  json_object_get_string_member (c, "test"), source,
                  json_object_get_string_member (expected, "output"),
                  out ? "“" : "the error ", out ? out : error->message, out ? "”" : "");
  return FALSE;
}

static void
test_mustache_spec (void)
{
  g_autoptr(GPtrArray) cases = read_cases ("mustache-spec/handlebars-4.7-cases.jsonl");
  guint failed = 0;

  if (cases == NULL)
    {
      g_test_skip ("the oracle shared/oracles/mustache-spec is not beside the source tree (set HONE_ORACLES_DIR)");
      return;
    }
  for (guint i = 0; i < cases->len; i++)
    if (!run_case (json_node_get_object (g_ptr_array_index (cases, i))))
      failed++;
  g_test_message ("mustache spec: %u cases run, %u failed", cases->len, failed);
  g_assert_cmpuint (cases->len, >=, MIN_MUSTACHE_CASES);
  g_assert_cmpuint (failed, ==, 0);
}

static void
test_hbs_spec (void)
{
  g_autoptr(GPtrArray) cases = read_cases ("hbs-spec/handlebars-4.7.9-spec-cases.jsonl");
  guint run = 0, skipped = 0, failed = 0;

  if (cases == NULL)
    {
      g_test_skip ("the oracle shared/oracles/hbs-spec is not beside the source tree (set HONE_ORACLES_DIR)");
      return;
    }
  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *c = json_node_get_object (g_ptr_array_index (cases, i));

      if (!is_supported (c))
        {
          skipped++;
          continue;
        }
      run++;
      if (!run_case (c))
        failed++;
    }
  g_test_message ("handlebars spec: %u cases run, %u skipped (partials, decorators), %u failed", run, skipped, failed);
  g_printerr ("# handlebars spec: %u cases run, %u skipped (partials, decorators), %u failed\n", run, skipped, failed);
  g_assert_cmpuint (run, >=, MIN_HBS_CASES);
  g_assert_cmpuint (failed, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template-spec/mustache", test_mustache_spec);
  g_test_add_func ("/template-spec/handlebars", test_hbs_spec);

  return g_test_run ();
}
