/* fuzz-template.c: libFuzzer target for the Handlebars engine
 *
 * The input is a template. It is compiled; a template that compiles is
 * rendered over a fixed datum in both escape modes (twice, to see that
 * rendering changes nothing), checked, its field uses listed and its first
 * field renamed, and the renamed source must compile again. What the
 * engine promises is checked: errors are HONE_ERRORs whose message starts
 * with the place, locations lie inside the source, output is UTF-8.
 *
 * tests/core/test-fuzz-regressions.c runs this on every file of
 * fuzz/corpus/template and fuzz/regressions/template.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "hone-error.h"
#include "hone-template.h"

int hone_fuzz_template (const uint8_t *data,
                        size_t         size);

#define CHECK(cond) G_STMT_START { if (!(cond)) { g_printerr ("check failed: %s\n", #cond); abort (); } } G_STMT_END

static const char datum_json[] =
  "{\"a\":1,\"b\":\"<b>&\\\"'`=\",\"c\":[1,\"two\",null,[3,{}],true],\"d\":{\"2\":\"x\",\"k\":{\"a\":0},\"1\":false},"
  "\"e\":\"\",\"f\":false,\"n\":null,\"z\":0,\"s\":\"h\\u00e9llo \\ud83d\\ude00\",\"list\":[{\"name\":\"x\",\"a\":[]},"
  "{\"name\":\"y\",\"list\":[1,2]},\"str\",-0.5,1e21],\"obj\":{\"toString\":1},\"odd name\":\"o\",\"this\":\"t\","
  "\"true\":\"T\",\"12\":12.5,\"length\":3}";

static JsonNode *
datum (void)
{
  static JsonNode *node;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      node = json_from_string (datum_json, NULL);
      g_once_init_leave (&once, 1);
    }
  return node;
}

static void
check_location (const HoneTemplateLocation *location,
                const GError               *error,
                size_t                      size)
{
  g_autofree char *prefix = g_strdup_printf ("line %u, column %u: ", location->line, location->column);

  CHECK (location->line >= 1);
  CHECK (location->column >= 1);
  CHECK (location->offset <= size);
  CHECK (location->offset + location->length <= size);
  CHECK (g_str_has_prefix (error->message, prefix));
}

static void
render_checked (HoneTemplate       *template,
                HoneTemplateEscape  escape)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again_error = NULL;
  g_autofree char *out = hone_template_render (template, datum (), escape, &error);
  g_autofree char *again = hone_template_render (template, datum (), escape, &again_error);

  if (out == NULL)
    {
      CHECK (error != NULL && error->domain == HONE_ERROR && error->code == HONE_ERROR_INVALID);
      CHECK (g_str_has_prefix (error->message, "line "));
      CHECK (g_utf8_validate (error->message, -1, NULL));
      CHECK (again == NULL && again_error != NULL && g_str_equal (again_error->message, error->message));
      return;
    }
  CHECK (error == NULL);
  CHECK (g_utf8_validate (out, -1, NULL));
  CHECK (again != NULL && g_str_equal (out, again));
}

int
hone_fuzz_template (const uint8_t *data,
                    size_t         size)
{
  g_autofree char *source = g_strndup ((const char *) data, size);
  g_autoptr(HoneTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) uses = NULL;
  HoneTemplateLocation location;

  size = strlen (source);  /* up to a NUL, as a C string is read */
  template = hone_template_new (source, &location, &error);
  if (template == NULL)
    {
      CHECK (error != NULL && error->domain == HONE_ERROR && error->code == HONE_ERROR_PARSE);
      CHECK (g_utf8_validate (error->message, -1, NULL));
      check_location (&location, error, size);
      return 0;
    }
  CHECK (error == NULL);
  CHECK (location.line == 0 && location.offset == 0);
  CHECK (g_str_equal (hone_template_get_source (template), source));

  render_checked (template, HONE_TEMPLATE_ESCAPE_HTML);
  render_checked (template, HONE_TEMPLATE_ESCAPE_NONE);

  if (!hone_template_check (template, &location, &error))
    {
      CHECK (error != NULL && error->domain == HONE_ERROR && error->code == HONE_ERROR_INVALID);
      check_location (&location, error, size);
      g_clear_error (&error);
    }

  uses = hone_template_get_field_uses (template);
  for (guint i = 0; i < uses->len; i++)
    {
      HoneTemplateFieldUse *use = &g_array_index (uses, HoneTemplateFieldUse, i);

      CHECK (use->name != NULL && g_utf8_validate (use->name, -1, NULL));
      CHECK (use->offset + use->length <= size);
      CHECK (use->length >= 1);
      CHECK (i == 0 || use->offset > g_array_index (uses, HoneTemplateFieldUse, i - 1).offset);
    }
  if (uses->len > 0)
    {
      const char *old_name = g_array_index (uses, HoneTemplateFieldUse, 0).name;
      g_autofree char *renamed = hone_template_rename_field (template, old_name, "renamed");
      g_autoptr(HoneTemplate) again = hone_template_new (renamed, NULL, &error);

      CHECK (again != NULL);
      /* renaming to a name with spaces brackets it, and still compiles */
      g_clear_pointer (&renamed, g_free);
      renamed = hone_template_rename_field (template, old_name, "a b]");
      g_clear_pointer (&again, hone_template_unref);
      again = hone_template_new (renamed, NULL, NULL);
      CHECK (again != NULL || strstr (source, "{{{{") != NULL);
    }
  return 0;
}

#ifndef HONE_FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return hone_fuzz_template (data, size);
}
#endif
