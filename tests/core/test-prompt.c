/* test-prompt.c: a project's templates compiled together: the typed data of
 * an example, the messages it becomes, errors that name the template, and
 * the exact JSON lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-core.h"
#include "hone-test-util.h"

/* Fields of every kind, one with a space in its name */
static GPtrArray *
make_fields (void)
{
  static const char * const tones[] = { "formal", "casual", NULL };
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (fields, hone_field_new (1, "title", HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, 0));
  g_ptr_array_add (fields, hone_field_new (2, "body text", HONE_FIELD_KIND_LONG_TEXT, NULL, NULL, 1));
  g_ptr_array_add (fields, hone_field_new (3, "tone", HONE_FIELD_KIND_LABEL, NULL, tones, 2));
  g_ptr_array_add (fields, hone_field_new (4, "score", HONE_FIELD_KIND_NUMBER, NULL, NULL, 3));
  g_ptr_array_add (fields, hone_field_new (5, "urgent", HONE_FIELD_KIND_YES_NO, NULL, NULL, 4));

  return fields;
}

/* An example with VALUES for fields 1…5 (NULL: empty) */
static HoneExample *
make_example (gint64              id,
              const char * const  values[5])
{
  HoneExample *example = hone_example_new (id, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, 0, 0);

  for (guint i = 0; i < 5; i++)
    if (values[i] != NULL)
      hone_example_take_value (example, i + 1, g_strdup (values[i]));

  return example;
}

static HonePrompt *
compile (const char *system,
         const char *user,
         const char *assistant)
{
  const char *sources[HONE_N_TEMPLATE_ROLES] = { system, user, assistant };
  g_autoptr(GPtrArray) fields = make_fields ();
  g_autoptr(GError) error = NULL;
  HonePrompt *prompt = hone_prompt_new (sources, fields, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (prompt);
  return prompt;
}

/* The data as "name=type:value …", values as JavaScript writes them */
static char *
data_json (HonePrompt  *prompt,
           HoneExample *example)
{
  g_autoptr(JsonNode) data = hone_prompt_build_data (prompt, example);
  g_autoptr(GList) members = json_object_get_members (json_node_get_object (data));
  GString *out = g_string_new (NULL);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (json_node_get_object (data), l->data);
      GType type = JSON_NODE_HOLDS_NULL (value) ? G_TYPE_NONE : json_node_get_value_type (value);

      g_string_append_printf (out, "%s%s=%s:", out->len > 0 ? " " : "", (const char *) l->data,
                              type == G_TYPE_STRING ? "string" :
                              type == G_TYPE_BOOLEAN ? "boolean" :
                              type == G_TYPE_NONE ? "null" : "number");
      hone_template_append_value (out, value);
    }

  return g_string_free (out, FALSE);
}

/* Values are typed by field kind: numbers stay exactly as stored */
static void
test_data_types (void)
{
  g_autoptr(HonePrompt) prompt = compile (NULL, "{{title}}", "{{tone}}");
  struct {
    const char *values[5];
    const char *json;
  } cases[] = {
    { { "A & B", "Line 1\nLine 2", "formal", "3", "true" },
      "title=string:A & B body text=string:Line 1\nLine 2 tone=string:formal score=number:3 urgent=boolean:true" },
    /* Empty values: "" for text and numbers, null for yes/no */
    { { NULL, NULL, NULL, NULL, NULL },
      "title=string: body text=string: tone=string: score=string: urgent=null:" },
    { { "x", "y", "casual", "2.5", "false" },
      "title=string:x body text=string:y tone=string:casual score=number:2.5 urgent=boolean:false" },
    { { "x", "y", "casual", "-0.1", NULL },
      "title=string:x body text=string:y tone=string:casual score=number:-0.1 urgent=null:" },
    { { "x", "y", "casual", "-12", NULL },
      "title=string:x body text=string:y tone=string:casual score=number:-12 urgent=null:" },
    { { "x", "y", "casual", "0", "maybe" },
      "title=string:x body text=string:y tone=string:casual score=number:0 urgent=string:maybe" },
    { { "x", "y", "casual", "1e-7", NULL },
      "title=string:x body text=string:y tone=string:casual score=number:1e-7 urgent=null:" },
    { { "x", "y", "casual", "123456789012345678", NULL },
      "title=string:x body text=string:y tone=string:casual score=string:123456789012345678 urgent=null:" },
  };
  /* Numbers JavaScript would write differently stay text, so they render as typed */
  const char *as_text[] = { "3.50", "007", "-0", "+5", ".5", "1e21", "1E3", "0x10", "1.0", "Infinity" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HoneExample) example = make_example (i + 1, cases[i].values);
      g_autofree char *json = data_json (prompt, example);

      g_assert_cmpstr (json, ==, cases[i].json);
    }

  for (guint i = 0; i < G_N_ELEMENTS (as_text); i++)
    {
      const char *values[5] = { NULL, NULL, NULL, as_text[i], NULL };
      g_autoptr(HoneExample) example = make_example (1, values);
      g_autoptr(JsonNode) data = hone_prompt_build_data (prompt, example);
      JsonNode *score = json_object_get_member (json_node_get_object (data), "score");

      g_test_message ("score %s", as_text[i]);
      g_assert_cmpint (json_node_get_value_type (score), ==, G_TYPE_STRING);
      g_assert_cmpstr (json_node_get_string (score), ==, as_text[i]);
    }
}

/* Messages in role order, values never escaped, an empty template gives no message */
static void
test_render (void)
{
  g_autoptr(HonePrompt) prompt = NULL;
  g_autoptr(GArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  const char *values[5] = { "<Tom & Jerry>", "He said \"hi\"", "casual", "0", "false" };
  g_autoptr(HoneExample) example = make_example (7, values);
  HonePromptMessage *m;

  prompt = compile ("Be {{tone}}.",
                    "{{title}}\n{{[body text]}}{{#if score}} (scored){{/if}}",
                    "{{#if urgent}}urgent{{else}}not urgent{{/if}}, {{score}}");
  messages = hone_prompt_render (prompt, example, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 3);

  m = &g_array_index (messages, HonePromptMessage, 0);
  g_assert_cmpint (m->role, ==, HONE_TEMPLATE_ROLE_SYSTEM);
  g_assert_cmpstr (m->content, ==, "Be casual.");
  m = &g_array_index (messages, HonePromptMessage, 1);
  g_assert_cmpint (m->role, ==, HONE_TEMPLATE_ROLE_USER);
  /* 0 is false for #if; nothing is HTML-escaped */
  g_assert_cmpstr (m->content, ==, "<Tom & Jerry>\nHe said \"hi\"");
  m = &g_array_index (messages, HonePromptMessage, 2);
  g_assert_cmpint (m->role, ==, HONE_TEMPLATE_ROLE_ASSISTANT);
  g_assert_cmpstr (m->content, ==, "not urgent, 0");

  /* Without a system prompt: two messages */
  g_clear_pointer (&prompt, hone_prompt_unref);
  g_clear_pointer (&messages, g_array_unref);
  prompt = compile ("", "{{title}}", "{{score}}");
  g_assert_null (hone_prompt_get_template (prompt, HONE_TEMPLATE_ROLE_SYSTEM));
  g_assert_nonnull (hone_prompt_get_template (prompt, HONE_TEMPLATE_ROLE_USER));
  messages = hone_prompt_render (prompt, example, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpint (g_array_index (messages, HonePromptMessage, 0).role, ==, HONE_TEMPLATE_ROLE_USER);
  g_assert_cmpint (g_array_index (messages, HonePromptMessage, 1).role, ==, HONE_TEMPLATE_ROLE_ASSISTANT);
  g_assert_false (hone_prompt_messages_find_empty (messages, NULL));
}

/* A template that does not compile is named, with its line and column */
static void
test_parse_error (void)
{
  const char *sources[HONE_N_TEMPLATE_ROLES] = {
    "Fine.",
    "Line one\nLine two\nNow {{#each title}}x{{/if}}",
    "{{/each}",
  };
  g_autoptr(GPtrArray) fields = make_fields ();
  g_autoptr(GError) error = NULL;
  HoneTemplateRole role = HONE_TEMPLATE_ROLE_SYSTEM;
  HoneTemplateLocation location = { 0, };
  HonePrompt *prompt;

  prompt = hone_prompt_new (sources, fields, &role, &location, &error);
  g_assert_null (prompt);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_cmpint (role, ==, HONE_TEMPLATE_ROLE_USER);
  g_assert_true (g_str_has_prefix (error->message, "User message, line 3, column "));
  g_assert_cmpuint (location.line, ==, 3);
  g_assert_cmpuint (location.column, >=, 5);
  g_assert_cmpuint (location.offset, >=, strlen ("Line one\nLine two\nNow "));

  /* The first one that fails is named */
  g_clear_error (&error);
  sources[HONE_TEMPLATE_ROLE_USER] = "{{title}}";
  prompt = hone_prompt_new (sources, fields, &role, NULL, &error);
  g_assert_null (prompt);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_cmpint (role, ==, HONE_TEMPLATE_ROLE_ASSISTANT);
  g_assert_true (g_str_has_prefix (error->message, "Assistant message, line 1, column "));
}

/* A failure at run time names the template too */
static void
test_render_error (void)
{
  g_autoptr(HonePrompt) prompt = compile (NULL, "{{#each title tone}}x{{/each}}", "{{title}}");
  const char *values[5] = { "a", NULL, "formal", NULL, NULL };
  g_autoptr(HoneExample) example = make_example (1, values);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) messages = hone_prompt_render (prompt, example, &error);

  g_assert_null (messages);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "User message: "));
}

static GArray *
messages_new (void)
{
  GArray *messages = g_array_new (FALSE, TRUE, sizeof (HonePromptMessage));

  return messages;
}

static void
messages_add (GArray           *messages,
              HoneTemplateRole  role,
              const char       *content)
{
  HonePromptMessage message = { role, (char *) content };

  g_array_append_val (messages, message);
}

/* The exact lines: compact, escaped as JSON requires, UTF-8 kept */
static void
test_json_lines (void)
{
  g_autoptr(GArray) messages = messages_new ();
  g_autofree char *chat = NULL;
  g_autofree char *pc = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *tricky = "a\"b\\c\nd\te\r\b\f\x01\x1f\x7f é ✓ 日本語 </x> 😀";
  JsonArray *array;

  messages_add (messages, HONE_TEMPLATE_ROLE_SYSTEM, "Be brief.");
  messages_add (messages, HONE_TEMPLATE_ROLE_USER, tricky);
  messages_add (messages, HONE_TEMPLATE_ROLE_ASSISTANT, "");

  chat = hone_prompt_messages_to_json (messages);
  g_assert_cmpstr (chat, ==,
                   "{\"messages\":["
                   "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                   "{\"role\":\"user\",\"content\":\"a\\\"b\\\\c\\nd\\te\\r\\b\\f\\u0001\\u001f\\u007f é ✓ 日本語 </x> 😀\"},"
                   "{\"role\":\"assistant\",\"content\":\"\"}]}");

  /* And a JSON reader gets the same text back */
  json_parser_load_from_data (parser, chat, -1, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "messages");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "content"), ==, tricky);

  pc = hone_prompt_messages_to_prompt_completion_json (messages);
  g_assert_cmpstr (pc, ==,
                   "{\"prompt\":\"a\\\"b\\\\c\\nd\\te\\r\\b\\f\\u0001\\u001f\\u007f é ✓ 日本語 </x> 😀\","
                   "\"completion\":\"\"}");
  g_clear_pointer (&pc, g_free);
  pc = hone_prompt_messages_to_line (messages, HONE_TEMPLATE_STYLE_CHAT);
  g_assert_cmpstr (pc, ==, chat);

  /* Every control character, as json-glib writes them (and U+001F, which json-glib 1.6 leaves raw) */
  for (int c = 1; c < 0x80; c++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *glib_json = NULL;
      char text[2] = { (char) c, '\0' };

      hone_prompt_append_json_string (out, text);
      node = json_node_init_string (json_node_alloc (), text);
      glib_json = json_to_string (node, FALSE);
      if (c == 0x1f)
        g_assert_cmpstr (out->str, ==, "\"\\u001f\"");
      else
        g_assert_cmpstr (out->str, ==, glib_json);
    }
}

static void
test_find_empty (void)
{
  g_autoptr(GArray) messages = messages_new ();
  HoneTemplateRole role = HONE_TEMPLATE_ROLE_SYSTEM;

  /* No user message at all */
  messages_add (messages, HONE_TEMPLATE_ROLE_SYSTEM, "");
  messages_add (messages, HONE_TEMPLATE_ROLE_ASSISTANT, "yes");
  g_assert_true (hone_prompt_messages_find_empty (messages, &role));
  g_assert_cmpint (role, ==, HONE_TEMPLATE_ROLE_USER);

  /* Only white space is empty; an empty system prompt is fine */
  g_array_set_size (messages, 0);
  messages_add (messages, HONE_TEMPLATE_ROLE_SYSTEM, "");
  messages_add (messages, HONE_TEMPLATE_ROLE_USER, "Q");
  messages_add (messages, HONE_TEMPLATE_ROLE_ASSISTANT, " \n\t\u3000");
  g_assert_true (hone_prompt_messages_find_empty (messages, &role));
  g_assert_cmpint (role, ==, HONE_TEMPLATE_ROLE_ASSISTANT);

  g_array_set_size (messages, 0);
  messages_add (messages, HONE_TEMPLATE_ROLE_SYSTEM, "");
  messages_add (messages, HONE_TEMPLATE_ROLE_USER, "Q");
  messages_add (messages, HONE_TEMPLATE_ROLE_ASSISTANT, " A");
  g_assert_false (hone_prompt_messages_find_empty (messages, &role));
}

/* From a project: its templates and fields; the prompt/completion style
 * leaves the system prompt out */
static void
test_for_project (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "p.hone");
  g_autoptr(HonePrompt) prompt = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  HoneTemplateRole role;
  const char * const values[] = { "Hello", "b", "10", NULL };

  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, values, &error), ==, 1);
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_SYSTEM, "Sys", &error));
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "{{input}} ({{score}})", &error));
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_ASSISTANT, "{{label}}", &error));
  g_assert_no_error (error);
  examples = hone_project_load_examples (project, 0, 10, &error);
  g_assert_no_error (error);

  prompt = hone_prompt_new_for_project (project, NULL, NULL, &error);
  g_assert_no_error (error);
  messages = hone_prompt_render (prompt, g_ptr_array_index (examples, 0), &error);
  g_assert_no_error (error);
  line = hone_prompt_messages_to_line (messages, hone_project_get_template_style (project));
  g_assert_cmpstr (line, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"Sys\"},"
                   "{\"role\":\"user\",\"content\":\"Hello (10)\"},"
                   "{\"role\":\"assistant\",\"content\":\"b\"}]}");

  g_assert_true (hone_project_set_template_style (project, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION, &error));
  g_clear_pointer (&prompt, hone_prompt_unref);
  g_clear_pointer (&messages, g_array_unref);
  g_clear_pointer (&line, g_free);
  prompt = hone_prompt_new_for_project (project, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (hone_prompt_get_template (prompt, HONE_TEMPLATE_ROLE_SYSTEM));
  messages = hone_prompt_render (prompt, g_ptr_array_index (examples, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  line = hone_prompt_messages_to_line (messages, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION);
  g_assert_cmpstr (line, ==, "{\"prompt\":\"Hello (10)\",\"completion\":\"b\"}");

  /* A broken project template is named */
  g_clear_pointer (&prompt, hone_prompt_unref);
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_ASSISTANT, "{{#if label}}", &error));
  prompt = hone_prompt_new_for_project (project, &role, NULL, &error);
  g_assert_null (prompt);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_cmpint (role, ==, HONE_TEMPLATE_ROLE_ASSISTANT);
  g_assert_true (g_str_has_prefix (error->message, "Assistant message, line 1, column "));

  g_clear_pointer (&examples, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

/* A compiled prompt renders in many threads at once */
typedef struct {
  HonePrompt *prompt;
  gboolean    ok;
} ThreadData;

static gpointer
render_thread (gpointer user_data)
{
  ThreadData *data = user_data;

  data->ok = TRUE;
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *score = g_strdup_printf ("%u", i);
      const char *values[5] = { "T", NULL, NULL, score, NULL };
      g_autoptr(HoneExample) example = make_example (i + 1, values);
      g_autoptr(GArray) messages = hone_prompt_render (data->prompt, example, NULL);
      g_autofree char *expected = g_strdup_printf ("T %u", i);

      if (messages == NULL || messages->len != 2 ||
          g_strcmp0 (g_array_index (messages, HonePromptMessage, 0).content, expected) != 0)
        data->ok = FALSE;
    }

  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(HonePrompt) prompt = compile (NULL, "{{title}} {{score}}", "x");
  ThreadData data[4];
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      data[i].prompt = prompt;
      threads[i] = g_thread_new ("render", render_thread, &data[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (data[i].ok);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prompt/data-types", test_data_types);
  g_test_add_func ("/prompt/render", test_render);
  g_test_add_func ("/prompt/parse-error", test_parse_error);
  g_test_add_func ("/prompt/render-error", test_render_error);
  g_test_add_func ("/prompt/json-lines", test_json_lines);
  g_test_add_func ("/prompt/find-empty", test_find_empty);
  g_test_add_func ("/prompt/for-project", test_for_project);
  g_test_add_func ("/prompt/threads", test_threads);

  return g_test_run ();
}
