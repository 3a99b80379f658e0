/* test-template.c: the Handlebars engine (hone-template.h), feature by
 * feature, with the outputs handlebars.js 4.7.10 gives for the same input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "hone-core.h"
#include "hone-error.h"
#include "hone-template.h"

static JsonNode *
parse_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (json == NULL)
    return NULL;
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
render (const char         *source,
        const char         *json,
        HoneTemplateEscape  escape)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneTemplate) template = hone_template_new (source, NULL, &error);
  g_autoptr(JsonNode) data = parse_json (json);
  char *out;

  g_assert_no_error (error);
  g_assert_nonnull (template);
  out = hone_template_render (template, data, escape, &error);
  g_assert_no_error (error);
  return out;
}

/* Each case: template, data (JSON, NULL for none), what handlebars.js
 * writes with its default HTML escaping, and with noEscape (NULL: the same) */
typedef struct {
  const char *source;
  const char *data;
  const char *html;
  const char *plain;
} Case;

static void
run_cases (const Case *cases,
           gsize       n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *html = render (cases[i].source, cases[i].data, HONE_TEMPLATE_ESCAPE_HTML);
      g_autofree char *plain = render (cases[i].source, cases[i].data, HONE_TEMPLATE_ESCAPE_NONE);

      g_test_message ("%s", cases[i].source);
      g_assert_cmpstr (html, ==, cases[i].html);
      g_assert_cmpstr (plain, ==, cases[i].plain ? cases[i].plain : cases[i].html);
    }
}

static void
test_interpolation (void)
{
  static const Case cases[] = {
    { "Hello, {{name}}!", "{\"name\":\"Ada\"}", "Hello, Ada!", NULL },
    { "{{a.b.c}}|{{a/b/c}}", "{\"a\":{\"b\":{\"c\":\"deep\"}}}", "deep|deep", NULL },
    { "{{a.b.c}}", "{\"a\":{}}", "", NULL },
    { "{{missing}}{{missing.x}}", "{}", "", NULL },
    { "{{x}}", "{\"x\":null}", "", NULL },
    { "{{{x}}} {{&x}} {{x}}", "{\"x\":\"<b>\"}", "<b> <b> &lt;b&gt;", "<b> <b> <b>" },
    { "{{x}}", "{\"x\":\"& < > \\\" ' ` =\"}", "&amp; &lt; &gt; &quot; &#x27; &#x60; &#x3D;", "& < > \" ' ` =" },
    { "{{this}} {{.}}", "\"str\"", "str str", NULL },
    { "{{this.a}} {{./a}}", "{\"a\":1}", "1 1", NULL },
    { "{{[odd name]}}", "{\"odd name\":\"yes\"}", "yes", NULL },
    { "{{list.[1]}} {{list.length}} {{s.length}}", "{\"list\":[\"a\",\"b\"],\"s\":\"héllo\"}", "b 2 5", NULL },
    { "{{@root.a}}", "{\"a\":\"root\"}", "root", NULL },
    { "{{b}} {{t}} {{f}} {{n}} {{arr}} {{obj}}",
      "{\"b\":true,\"t\":\"\",\"f\":false,\"n\":-0.5,\"arr\":[1,[2,null,\"x\"],{}],\"obj\":{\"k\":1}}",
      "true  false -0.5 1,2,,x,[object Object] [object Object]", NULL },
    /* literals as the name of a mustache are keys (handlebars' transformLiteralToPath) */
    { "{{12}} {{true}} {{\"a b\"}} {{'c'}} {{null}}", "{\"12\":\"n\",\"true\":\"t\",\"a b\":\"s\",\"c\":\"q\",\"null\":\"z\"}",
      "n t s q z", NULL },
    { "{{false}}|{{12.50}}", "{\"false\":\"f\",\"12.5\":\"x\"}", "f|x", NULL },
    /* JavaScript's own-property rules: nothing from the prototype */
    { "{{constructor}}{{toString}}{{list.constructor}}", "{\"list\":[]}", "", NULL },
    { "\\{{name}} \\\\{{name}}", "{\"name\":\"x\"}", "{{name}} \\x", NULL },
    { "{{! comment }}a{{!-- long }} comment --}}b", "{}", "ab", NULL },
    { "{{log name}}{{log}}", "{\"name\":\"x\"}", "", NULL },
    /* adjacent unescaped numbers are added, as in handlebars' compiled code */
    { "{{{a}}}{{{b}}} {{a}}{{b}}", "{\"a\":1,\"b\":2}", "3 12", NULL },
    { "{{a}}{{b}}", "{\"a\":1,\"b\":2}", "12", "3" },
    { "{{{a}}}{{{b}}}", "{\"a\":true,\"b\":2}", "3", NULL },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_blocks (void)
{
  static const Case cases[] = {
    { "{{#if a}}yes{{else}}no{{/if}}", "{\"a\":1}", "yes", NULL },
    { "{{#if a}}yes{{else}}no{{/if}}", "{\"a\":[]}", "no", NULL },
    { "{{#if a}}yes{{else}}no{{/if}}", "{\"a\":{}}", "yes", NULL },
    { "{{#if a}}yes{{^}}no{{/if}}", "{\"a\":0}", "no", NULL },
    { "{{#if a includeZero=true}}yes{{else}}no{{/if}}", "{\"a\":0}", "yes", NULL },
    { "{{#unless a}}none{{/unless}}", "{\"a\":\"\"}", "none", NULL },
    { "{{#if a}}A{{else if b}}B{{else unless c}}C{{else}}D{{/if}}", "{\"b\":0,\"c\":1}", "D", NULL },
    { "{{#if a}}A{{else with b}}{{x}}{{else}}none{{/if}}", "{\"b\":{\"x\":\"bx\"}}", "bx", NULL },
    { "{{#each list}}{{@index}}:{{this}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}},{{/each}}",
      "{\"list\":[\"a\",\"b\",\"c\"]}", "0:aF,1:b,2:cL,", NULL },
    { "{{#each obj}}{{@key}}={{this}}({{@index}}) {{/each}}", "{\"obj\":{\"b\":1,\"2\":2,\"a\":3,\"1\":4}}",
      "1=4(0) 2=2(1) b=1(2) a=3(3) ", NULL },
    { "{{#each list}}x{{else}}empty{{/each}}", "{\"list\":[]}", "empty", NULL },
    { "{{#each list}}x{{else}}empty{{/each}}", "{\"list\":\"str\"}", "empty", NULL },
    { "{{#each list as |item i|}}{{i}}={{item.n}} {{/each}}", "{\"list\":[{\"n\":\"a\"},{\"n\":\"b\"}]}",
      "0=a 1=b ", NULL },
    { "{{#with person}}{{first}} {{last}}{{else}}nobody{{/with}}", "{\"person\":{\"first\":\"A\",\"last\":\"L\"}}",
      "A L", NULL },
    { "{{#with person}}x{{else}}nobody{{/with}}", "{}", "nobody", NULL },
    { "{{#with n}}[{{this}}]{{/with}}", "{\"n\":0}", "[0]", NULL },
    /* mustache-style sections (blockHelperMissing) */
    { "{{#flag}}on {{name}}{{/flag}}", "{\"flag\":true,\"name\":\"n\"}", "on n", NULL },
    { "{{#list}}{{.}}{{/list}}", "{\"list\":[1,2]}", "12", NULL },
    { "{{#obj}}{{k}}{{/obj}}", "{\"obj\":{\"k\":\"v\"}}", "v", NULL },
    { "{{#s}}[{{.}}]{{/s}}{{^s}}none{{/s}}", "{\"s\":\"\"}", "[]", NULL },
    { "{{^list}}none{{/list}}", "{\"list\":[]}", "none", NULL },
    { "{{#foo}}{{bar}}{{/foo}}", "{\"foo\":0,\"bar\":\"OK\"}", "", NULL },
    /* lookup */
    { "{{lookup obj \"k\"}} {{lookup . \"x\"}}", "{\"obj\":{\"k\":\"v\"},\"x\":\"<\"}", "v &lt;", "v <" },
    { "{{#each keys}}{{lookup ../obj this}}{{/each}}", "{\"keys\":[\"a\",\"b\"],\"obj\":{\"a\":1,\"b\":2}}", "12", NULL },
    { "{{#each list}}{{lookup ../names @index}}{{/each}}", "{\"list\":[0,0],\"names\":[\"x\",\"y\"]}", "xy", NULL },
    { "{{lookup (lookup obj \"a\") \"b\"}}", "{\"obj\":{\"a\":{\"b\":\"ab\"}}}", "ab", NULL },
    /* raw blocks */
    { "{{{{raw}}}}{{x}}{{{{/raw}}}}", "{\"raw\":true}", "{{x}}", NULL },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_parent_paths (void)
{
  static const Case cases[] = {
    { "{{#each list}}{{../title}}:{{name}} {{/each}}", "{\"title\":\"T\",\"list\":[{\"name\":\"a\"},{\"name\":\"b\"}]}",
      "T:a T:b ", NULL },
    /* #if does not change the context: ../ inside it goes up from the each */
    { "{{#each list}}{{#if this}}{{../title}}{{/if}}{{/each}}", "{\"title\":\"T\",\"list\":[1]}", "T", NULL },
    { "{{#with a}}{{#with b}}{{../../top}}{{../x}}{{c}}{{/with}}{{/with}}",
      "{\"top\":\"0\",\"a\":{\"x\":\"1\",\"b\":{\"c\":\"2\"}}}", "012", NULL },
    { "{{#each a}}{{#each b}}{{@../index}}{{@index}} {{/each}}{{/each}}", "{\"a\":[{\"b\":[1,2]},{\"b\":[1]}]}",
      "00 01 10 ", "0 1 1 " },
    /* a context equal (==) to the current one is not pushed: ["1"] == "1" */
    { "{{#each a}}{{#each this}}{{../x}}{{/each}}{{/each}}", "{\"x\":\"R\",\"a\":[[\"1\"]]}", "R", NULL },
    { "{{#each a}}{{#each this}}{{../x}}{{/each}}{{/each}}", "{\"x\":\"R\",\"a\":[[\"1\",\"2\"]]}", "", NULL },
    /* null items: helpers see handlebars' nullContext */
    { "{{#each a}}{{#if this}}x{{else}}[{{this}}]{{/if}}{{/each}}", "{\"a\":[null]}", "[[object Object]]", NULL },
    { "{{../x}}", "{\"x\":1}", "", NULL },
  };

  run_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_whitespace (void)
{
  static const Case cases[] = {
    /* standalone block lines vanish with their line break */
    { "<ul>\n  {{#each list}}\n  <li>{{.}}</li>\n  {{/each}}\n</ul>\n", "{\"list\":[1,2]}",
      "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n", NULL },
    { "{{#if a}}\nyes\n{{else}}\nno\n{{/if}}\n", "{}", "no\n", NULL },
    { "a\n  {{! comment }}\nb", "{}", "a\nb", NULL },
    { "a\n  {{!-- comment --}}  \r\nb", "{}", "a\nb", NULL },
    /* but not simple mustaches */
    { "a\n  {{x}}\nb", "{\"x\":\"X\"}", "a\n  X\nb", NULL },
    { "  {{#a}}\n  x\n  {{/a}}", "{\"a\":true}", "  x\n", NULL },
    /* ~ strips white space on its side, line breaks included */
    { " {{~x~}} ", "{\"x\":\"<\"}", "&lt;", "<" },
    { "a \n {{~#if t~}} \n b \n {{~/if~}} \n c", "{\"t\":true}", "abc", NULL },
    { "{{#if t~}} b {{~^~}} c {{~/if}}", "{}", "c", NULL },
    { "x {{~! c ~}} y", "{}", "xy", NULL },
    { "x {{~{y}~}} z", "{\"y\":\"<\"}", "x<z", NULL },
    { "x {{~&y~}} z", "{\"y\":\"<\"}", "x<z", NULL },
    { "x {{~else~}} y", NULL, NULL, NULL },
    /* handlebars' odd reuse of an {{else if}}'s own ~ for the chain's close */
    { "{{#if a}}A{{else if b}}B{{~else if c}}C {{/if}}", "{\"c\":true}", "C", NULL },
    { "{{#if a}}\nA\n{{else if b}}\nB\n{{else}}\nC\n  {{/if}}\n", "{}", "C\n  ", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (cases[i].html != NULL)
      run_cases (&cases[i], 1);
}

static void
test_javascript_values (void)
{
  static const struct {
    double number;
    const char *text;
  } numbers[] = {
    { 0.1 + 0.2, "0.30000000000000004" },
    { 1e21, "1e+21" },
    { 1e20, "100000000000000000000" },
    { 1e-7, "1e-7" },
    { 1e-6, "0.000001" },
    { -0.0, "0" },
    { 123456789012345680000.0, "123456789012345680000" },
    { 5e-324, "5e-324" },
    { 1.7976931348623157e308, "1.7976931348623157e+308" },
    { 42, "42" },
    { -1.5, "-1.5" },
    { 9007199254740993.0, "9007199254740992" },
    { 0.000001234, "0.000001234" },
    { 1.23e-20, "1.23e-20" },
    { 100, "100" },
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_string_truncate (out, 0);
      json_node_set_double (node, numbers[i].number);
      hone_template_append_value (out, node);
      g_assert_cmpstr (out->str, ==, numbers[i].text);
    }

  {
    static const struct {
      const char *json;
      const char *text;
    } values[] = {
      { "\"<a & b>\"", "<a & b>" },
      { "true", "true" },
      { "false", "false" },
      { "null", "" },
      { "[1,\"a\",null,[2,[3]],true]", "1,a,,2,3,true" },
      { "{\"a\":1}", "[object Object]" },
      { "[]", "" },
      { "12", "12" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        g_autoptr(JsonNode) value = parse_json (values[i].json);

        g_string_truncate (out, 0);
        hone_template_append_value (out, value);
        g_assert_cmpstr (out->str, ==, values[i].text);
      }
  }

  /* a number in a template: the same formatting, and a literal's key */
  {
    g_autoptr(JsonNode) data = json_node_new (JSON_NODE_OBJECT);
    g_autoptr(JsonObject) object = json_object_new ();
    g_autoptr(HoneTemplate) template = hone_template_new ("{{n}}|{{{n}}}", NULL, NULL);
    g_autofree char *text = NULL;

    json_object_set_double_member (object, "n", 123456789012345680000.0);
    json_node_set_object (data, object);
    text = hone_template_render (template, data, HONE_TEMPLATE_ESCAPE_HTML, NULL);
    g_assert_cmpstr (text, ==, "123456789012345680000|123456789012345680000");
  }
}

static void
test_escape_modes (void)
{
  g_autoptr(HoneTemplate) template = hone_template_new ("{{x}}|{{{x}}}|{{#lookup . \"x\"}}{{/lookup}}", NULL, NULL);
  g_autoptr(JsonNode) data = parse_json ("{\"x\":\"&<>\\\"'`=\"}");
  g_autofree char *html = hone_template_render (template, data, HONE_TEMPLATE_ESCAPE_HTML, NULL);
  g_autofree char *plain = hone_template_render (template, data, HONE_TEMPLATE_ESCAPE_NONE, NULL);
  g_autoptr(GString) appended = g_string_new ("before:");

  g_assert_cmpstr (html, ==, "&amp;&lt;&gt;&quot;&#x27;&#x60;&#x3D;|&<>\"'`=|&<>\"'`=");
  g_assert_cmpstr (plain, ==, "&<>\"'`=|&<>\"'`=|&<>\"'`=");
  g_assert_true (hone_template_render_to (template, data, HONE_TEMPLATE_ESCAPE_NONE, appended, NULL));
  g_assert_true (g_str_has_prefix (appended->str, "before:&<>"));

  /* NULL data renders like {} */
  {
    g_autoptr(HoneTemplate) t = hone_template_new ("[{{a}}]{{#if this}}{{this}}{{/if}}", NULL, NULL);
    g_autofree char *text = hone_template_render (t, NULL, HONE_TEMPLATE_ESCAPE_NONE, NULL);

    g_assert_cmpstr (text, ==, "[][object Object]");
  }
}

static void
expect_parse_error (const char *source,
                    guint       line,
                    guint       column,
                    const char *message)
{
  g_autoptr(GError) error = NULL;
  HoneTemplateLocation location = { 99, 99, 99, 99 };
  HoneTemplate *template = hone_template_new (source, &location, &error);
  g_autofree char *prefix = g_strdup_printf ("line %u, column %u: ", line, column);

  g_test_message ("%s", source);
  g_assert_null (template);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  if (message != NULL)
    g_assert_nonnull (strstr (error->message, message));
  g_assert_cmpuint (location.line, ==, line);
  g_assert_cmpuint (location.column, ==, column);
  g_assert_cmpuint (location.offset, <=, strlen (source));
  if (location.offset < strlen (source))
    g_assert_cmpuint (location.length, >=, 1);
}

static void
test_parse_errors (void)
{
  expect_parse_error ("a\nb\n\n  {{/each}}", 4, 3, "{{/each}} closes a block that was never opened");
  expect_parse_error ("{{#if x}}", 1, 1, "{{#if}} is never closed: add {{/if}}");
  expect_parse_error ("{{#each list}}\n  x {{/with}}", 2, 5, "{{/with}} does not match {{#each}} opened on line 1");
  expect_parse_error ("ab {{name", 1, 4, "never closed");
  expect_parse_error ("{{x}}\n{{else}}", 2, 1, "{{else}} can only be used inside a block");
  expect_parse_error ("{{!-- open", 1, 1, "--}}");
  expect_parse_error ("{{a b\"}}", 1, 5, "“b\"” is not a valid name");
  expect_parse_error ("{{}}", 1, 1, "empty");
  expect_parse_error ("{{{a}}", 1, 5, "}}}");
  expect_parse_error ("{{a}}}", 1, 4, "must end with }}");
  expect_parse_error ("{{a.this}}", 1, 3, "not a valid path");
  expect_parse_error ("{{foo/../bar}}", 1, 3, "not a valid path");
  expect_parse_error ("{{#if a}}{{else}}{{else}}{{/if}}", 1, 18, "already has its {{else}}");
  expect_parse_error ("{{#> layout}}x{{/layout}}", 1, 1, "partial blocks");
  expect_parse_error ("{{#if a}}{{> p a b}}{{/if}}", 1, 10, "at most one value");
  expect_parse_error ("{{#*inline \"x\"}}{{/inline}}", 1, 1, "decorators");
  expect_parse_error ("{{a x=1 b}}", 1, 9, NULL);
  expect_parse_error ("{{{{raw}}}} x", 1, 1, "never closed");
  expect_parse_error ("{{#if a as |x|}}{{/if}}", 1, 1, "block parameters");
  expect_parse_error ("é {{#with\n   a}}", 1, 3, "is never closed");
  /* columns count characters, offsets bytes */
  {
    g_autoptr(GError) error = NULL;
    HoneTemplateLocation location;

    g_assert_null (hone_template_new ("éé {{/x}}", &location, &error));
    g_assert_cmpuint (location.line, ==, 1);
    g_assert_cmpuint (location.column, ==, 4);
    g_assert_cmpuint (location.offset, ==, 5);
    g_assert_cmpuint (location.length, ==, 6);
  }
  /* not UTF-8 */
  {
    g_autoptr(GError) error = NULL;
    HoneTemplateLocation location;

    g_assert_null (hone_template_new ("ok\n\xff", &location, &error));
    g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
    g_assert_cmpuint (location.line, ==, 2);
    g_assert_cmpuint (location.offset, ==, 3);
  }
  /* success zeroes the location */
  {
    HoneTemplateLocation location = { 1, 2, 3, 4 };
    g_autoptr(HoneTemplate) template = hone_template_new ("{{a}}", &location, NULL);

    g_assert_nonnull (template);
    g_assert_cmpuint (location.line, ==, 0);
    g_assert_cmpuint (location.length, ==, 0);
  }
}

static void
expect_render_error (const char *source,
                     const char *json,
                     const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneTemplate) template = hone_template_new (source, NULL, &error);
  g_autoptr(JsonNode) data = parse_json (json);
  g_autofree char *out = NULL;

  g_test_message ("%s", source);
  g_assert_no_error (error);
  out = hone_template_render (template, data, HONE_TEMPLATE_ESCAPE_NONE, &error);
  g_assert_null (out);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, message));
}

static void
test_render_errors (void)
{
  expect_render_error ("x\n{{#if}}{{/if}}", "{}", "line 2, column 1: {{#if}} needs exactly one value");
  /* handlebars.js parses partials and fails only when one is reached */
  expect_render_error ("a {{> name}} b", "{}", "line 1, column 3: partials ({{> name}}) are not supported");
  expect_render_error ("{{> (lookup . 'p') this}}", "{}", "partials");
  {
    /* …so a partial in a branch that does not run changes nothing, and
     * hone_template_check() still points at it for the editor */
    g_autofree char *out = render ("{{#if x}}\n  {{> p}}\n{{/if}}end", "{}", HONE_TEMPLATE_ESCAPE_NONE);
    g_autoptr(HoneTemplate) template = hone_template_new ("ab\n{{#if x}}{{> p}}{{/if}}", NULL, NULL);
    g_autoptr(GError) error = NULL;
    HoneTemplateLocation location;

    g_assert_cmpstr (out, ==, "end");
    g_assert_false (hone_template_check (template, &location, &error));
    g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
    g_assert_cmpuint (location.line, ==, 2);
    g_assert_cmpuint (location.column, ==, 10);
  }
  expect_render_error ("{{#if a b}}{{/if}}", "{}", "exactly one value");
  expect_render_error ("{{#unless}}{{/unless}}", "{}", "exactly one value");
  expect_render_error ("{{#with}}{{/with}}", "{}", "exactly one value");
  expect_render_error ("{{#each}}{{/each}}", "{}", "{{#each}} needs the list");
  expect_render_error ("{{#each a b}}{{/each}}", "{}", "exactly one list");
  expect_render_error ("{{if a}}", "{\"a\":1}", "only works as a block");
  expect_render_error ("{{each a}}", "{}", "only works as a block");
  expect_render_error ("{{upper name}}", "{}", "“upper” is not a helper");
  expect_render_error ("{{lookup}}", "{}", "lookup needs");
  expect_render_error ("{{lookup a}}", "{\"a\":1}", "lookup needs");
  expect_render_error ("{{helperMissing}}", "{}", "not a helper");
  expect_render_error ("{{o}}", "{\"o\":{\"toString\":1}}", "cannot be written");

  /* like handlebars, only when reached */
  {
    g_autoptr(HoneTemplate) template = hone_template_new ("{{#if a}}{{#if}}{{/if}}{{upper x}}{{/if}}ok", NULL, NULL);
    g_autofree char *out = hone_template_render (template, NULL, HONE_TEMPLATE_ESCAPE_NONE, NULL);
    g_autoptr(GError) error = NULL;
    HoneTemplateLocation location;

    g_assert_cmpstr (out, ==, "ok");
    /* and hone_template_check () finds it at once */
    g_assert_false (hone_template_check (template, &location, &error));
    g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
    g_assert_cmpuint (location.line, ==, 1);
    g_assert_cmpuint (location.column, ==, 10);
    g_assert_cmpuint (location.offset, ==, 9);
    g_assert_cmpuint (location.length, ==, 7);
  }
  {
    g_autoptr(HoneTemplate) template = hone_template_new ("{{#each a}}{{lookup ../b @index}}{{/each}}", NULL, NULL);

    g_assert_true (hone_template_check (template, NULL, NULL));
  }
  /* a helper with only name=value options returns nothing, as helperMissing does */
  {
    g_autofree char *out = render ("[{{nothing x=1}}]", "{}", HONE_TEMPLATE_ESCAPE_NONE);

    g_assert_cmpstr (out, ==, "[]");
  }
}

static void
test_depth_limit (void)
{
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  HoneTemplate *template;

  for (int i = 0; i < 100000; i++)
    g_string_append (source, "{{#if a}}");
  template = hone_template_new (source->str, NULL, &error);
  g_assert_null (template);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested"));
  g_clear_error (&error);

  g_string_truncate (source, 0);
  for (int i = 0; i < 100000; i++)
    g_string_append (source, "{{lookup (");
  template = hone_template_new (source->str, NULL, &error);
  g_assert_null (template);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_clear_error (&error);

  /* 200 levels are fine */
  g_string_truncate (source, 0);
  for (int i = 0; i < 200; i++)
    g_string_append (source, "{{#each a}}");
  g_string_append (source, "{{x}}");
  for (int i = 0; i < 200; i++)
    g_string_append (source, "{{/each}}");
  {
    g_autoptr(HoneTemplate) deep = hone_template_new (source->str, NULL, &error);
    g_autoptr(JsonNode) data = parse_json ("{\"a\":[{\"x\":1}]}");
    g_autofree char *out = NULL;

    g_assert_no_error (error);
    out = hone_template_render (deep, data, HONE_TEMPLATE_ESCAPE_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (out, ==, "");
  }

  /* a long flat template compiles */
  g_string_truncate (source, 0);
  for (int i = 0; i < 50000; i++)
    g_string_append (source, "x{{a}}{{#if b}}y{{else}}z{{/if}}\n");
  {
    g_autoptr(HoneTemplate) big = hone_template_new (source->str, NULL, &error);
    g_autofree char *out = NULL;

    g_assert_no_error (error);
    out = hone_template_render (big, NULL, HONE_TEMPLATE_ESCAPE_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (out), ==, 50000 * 3);
  }
}

static void
assert_uses (const char  *source,
             const char **names,
             const char **texts)
{
  g_autoptr(HoneTemplate) template = hone_template_new (source, NULL, NULL);
  g_autoptr(GArray) uses = NULL;
  guint n = g_strv_length ((char **) names);

  g_test_message ("%s", source);
  g_assert_nonnull (template);
  uses = hone_template_get_field_uses (template);
  g_assert_cmpuint (uses->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      HoneTemplateFieldUse *use = &g_array_index (uses, HoneTemplateFieldUse, i);
      g_autofree char *text = g_strndup (source + use->offset, use->length);

      g_assert_cmpstr (use->name, ==, names[i]);
      g_assert_cmpstr (text, ==, texts[i]);
    }
}

static void
test_field_uses (void)
{
  assert_uses ("{{title}} {{[due date]}} {{a.b}} {{this.c}} {{./d}}",
               (const char *[]) { "title", "due date", "a", "c", "d", NULL },
               (const char *[]) { "title", "[due date]", "a", "c", "d", NULL });
  assert_uses ("{{#each tags}}{{name}}{{../owner}}{{@root.id}}{{lookup . \"x\"}}{{/each}}",
               (const char *[]) { "tags", "owner", "id", NULL },
               (const char *[]) { "tags", "owner", "id", NULL });
  assert_uses ("{{#if done}}{{title}}{{else}}{{other}}{{/if}}",
               (const char *[]) { "done", "title", "other", NULL },
               (const char *[]) { "done", "title", "other", NULL });
  assert_uses ("{{#with p}}{{q}}{{else}}{{r}}{{/with}}{{#each l}}{{else}}{{e}}{{/each}}",
               (const char *[]) { "p", "r", "l", "e", NULL },
               (const char *[]) { "p", "r", "l", "e", NULL });
  assert_uses ("{{#sec}}{{inner}}{{/sec}}{{^inv}}{{x}}{{/inv}}",
               (const char *[]) { "sec", "sec", "inv", "x", "inv", NULL },
               (const char *[]) { "sec", "sec", "inv", "x", "inv", NULL });
  assert_uses ("{{#each a as |item|}}{{item.x}}{{/each}}{{lookup obj \"k\"}}{{#if x includeZero=z}}{{/if}}",
               (const char *[]) { "a", "obj", "x", "z", NULL },
               (const char *[]) { "a", "obj", "x", "z", NULL });
  assert_uses ("{{if}}{{log a}}{{upper b}}{{\"lit name\"}}{{12}}{{@index}}",
               (const char *[]) { "a", "b", "lit name", NULL },
               (const char *[]) { "a", "b", "\"lit name\"", NULL });
  assert_uses ("{{#if a}}{{else if b}}{{else each c}}{{d}}{{/if}}",
               (const char *[]) { "a", "b", "c", NULL },
               (const char *[]) { "a", "b", "c", NULL });
}

static void
test_rename (void)
{
  static const struct {
    const char *source;
    const char *old_name;
    const char *new_name;
    const char *result;
  } cases[] = {
    { "Hi {{name}}, {{ name }} {{{name}}} {{name.first}} {{names}}", "name", "who", "Hi {{who}}, {{ who }} {{{who}}} {{who.first}} {{names}}" },
    { "{{#each list}}{{name}}{{../name}}{{@root.name}}{{/each}}", "name", "n", "{{#each list}}{{name}}{{../n}}{{@root.n}}{{/each}}" },
    { "{{#sec}}x{{/sec}}", "sec", "due date", "{{#[due date]}}x{{/[due date]}}" },
    { "{{[due date]}}", "due date", "due", "{{due}}" },
    { "{{a}}", "a", "x]y\\", "{{[x\\]y\\\\]}}" },
    { "{{a}}", "a", "true", "{{[true]}}" },
    { "{{a}}", "a", "12", "{{[12]}}" },
    { "{{a}}", "a", "else", "{{[else]}}" },
    /* a [segment] needs nothing after it, a plain name does */
    { "{{lookup [x]\"k\"}}", "x", "y", "{{lookup [y]\"k\"}}" },
    { "{{#if a}}{{a}}{{/if}} {{! a }} a", "a", "b", "{{#if b}}{{b}}{{/if}} {{! a }} a" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HoneTemplate) template = hone_template_new (cases[i].source, NULL, NULL);
      g_autofree char *renamed = hone_template_rename_field (template, cases[i].old_name, cases[i].new_name);
      g_autoptr(HoneTemplate) again = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (renamed, ==, cases[i].result);
      /* the result still compiles, and reads the renamed field */
      again = hone_template_new (renamed, NULL, &error);
      g_assert_no_error (error);
    }

  /* the renamed template renders the new field as the old one rendered the old */
  {
    g_autoptr(HoneTemplate) template = hone_template_new ("{{#each items}}{{../who}}{{/each}}|{{who}}", NULL, NULL);
    g_autofree char *renamed = hone_template_rename_field (template, "who", "odd name");
    g_autofree char *before = render (hone_template_get_source (template), "{\"who\":\"W\",\"items\":[1]}",
                                      HONE_TEMPLATE_ESCAPE_NONE);
    g_autofree char *after = render (renamed, "{\"odd name\":\"W\",\"items\":[1]}", HONE_TEMPLATE_ESCAPE_NONE);

    g_assert_cmpstr (before, ==, "W|W");
    g_assert_cmpstr (after, ==, before);
  }
}

typedef struct {
  HoneTemplate *template;
  JsonNode *data;
  const char *expected;
  gboolean ok;
} ThreadData;

static gpointer
render_thread (gpointer user_data)
{
  ThreadData *td = user_data;

  td->ok = TRUE;
  for (int i = 0; i < 2000; i++)
    {
      g_autofree char *out = hone_template_render (td->template, td->data, HONE_TEMPLATE_ESCAPE_HTML, NULL);

      if (g_strcmp0 (out, td->expected) != 0)
        td->ok = FALSE;
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(HoneTemplate) template =
    hone_template_new ("{{#each rows}}{{@index}}:{{name}}{{#if ../flag}}!{{/if}} {{/each}}{{{a}}}{{{b}}}", NULL, NULL);
  g_autoptr(JsonNode) data = parse_json ("{\"flag\":true,\"a\":1,\"b\":2,\"rows\":[{\"name\":\"<x>\"},{\"name\":\"y\"}]}");
  g_autofree char *expected = hone_template_render (template, data, HONE_TEMPLATE_ESCAPE_HTML, NULL);
  ThreadData td[4];
  GThread *threads[4];

  g_assert_cmpstr (expected, ==, "0:&lt;x&gt;! 1:y! 12");
  for (int i = 0; i < 4; i++)
    {
      td[i] = (ThreadData) { template, data, expected, FALSE };
      threads[i] = g_thread_new ("render", render_thread, &td[i]);
    }
  for (int i = 0; i < 4; i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (td[i].ok);
    }
}

static void
test_boxed (void)
{
  g_autoptr(HoneTemplate) template = hone_template_new ("{{a}}", NULL, NULL);
  HoneTemplate *copy = g_boxed_copy (HONE_TYPE_TEMPLATE, template);

  g_assert_true (copy == template);
  g_assert_cmpstr (hone_template_get_source (copy), ==, "{{a}}");
  g_boxed_free (HONE_TYPE_TEMPLATE, copy);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/interpolation", test_interpolation);
  g_test_add_func ("/template/blocks", test_blocks);
  g_test_add_func ("/template/parent-paths", test_parent_paths);
  g_test_add_func ("/template/whitespace", test_whitespace);
  g_test_add_func ("/template/javascript-values", test_javascript_values);
  g_test_add_func ("/template/escape-modes", test_escape_modes);
  g_test_add_func ("/template/parse-errors", test_parse_errors);
  g_test_add_func ("/template/render-errors", test_render_errors);
  g_test_add_func ("/template/depth-limit", test_depth_limit);
  g_test_add_func ("/template/field-uses", test_field_uses);
  g_test_add_func ("/template/rename", test_rename);
  g_test_add_func ("/template/threads", test_threads);
  g_test_add_func ("/template/boxed", test_boxed);

  return g_test_run ();
}
