/* hone-cli-render.c: render and templates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "hone-core.h"

#include "hone-cli-private.h"

#define INDENT "  "

/* Examples read at a time when rendering a whole split */
#define PAGE_SIZE 1000
/* Compiled templates kept by a batch; past this the cache starts again */
#define MAX_CACHED_TEMPLATES 20000

static const HoneTemplateRole roles[HONE_N_TEMPLATE_ROLES] = {
  HONE_TEMPLATE_ROLE_SYSTEM,
  HONE_TEMPLATE_ROLE_USER,
  HONE_TEMPLATE_ROLE_ASSISTANT,
};

/* Writes bytes to standard output as they are (not through the locale) */
static void
write_out (const char *text,
           gsize       len)
{
  if (len > 0)
    fwrite (text, 1, len, stdout);
}

static void
write_line (const char *text)
{
  write_out (text, strlen (text));
  fputc ('\n', stdout);
}

/* Reads a whole file, or standard input for "-", as UTF-8 text */
static char *
read_text_file (const char  *arg,
                const char  *what,
                GError     **error)
{
  g_autofree char *display = g_filename_display_name (arg);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (g_str_equal (arg, "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
      g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (mem, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &local_error) < 0)
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                       _("Could not read standard input: %s"), local_error->message);
          return NULL;
        }
      len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem));
      contents = g_malloc (len + 1);
      memcpy (contents, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (mem)), len);
      contents[len] = '\0';
    }
  else if (!g_file_get_contents (arg, &contents, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND, _("There is no file “%s”."), display);
      else
        g_set_error (error, HONE_ERROR, HONE_ERROR_IO, _("Could not read “%s”: %s"), display, local_error->message);
      return NULL;
    }

  if (!g_utf8_validate (contents, len, NULL) || memchr (contents, '\0', len) != NULL)
    {
      /* Translators: %s is what the file holds, like “The template” */
      g_set_error (error, HONE_ERROR, HONE_ERROR_ENCODING,
                   _("%s in “%s” is not UTF-8 text. Save it as UTF-8 and try again."),
                   what, display);
      return NULL;
    }

  return g_steal_pointer (&contents);
}

/* hone-cli render TEMPLATE [--data JSON | --data-file FILE] [--escape] ---- */

static int
render_one (const char         *source,
            const char         *data_text,
            HoneTemplateEscape  escape)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneTemplate) template = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  JsonNode *data = NULL;

  if (data_text != NULL)
    {
      parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, data_text, -1, &error))
        {
          g_autoptr(GError) data_error =
            g_error_new (HONE_ERROR, HONE_ERROR_PARSE,
                         _("The data is not valid JSON: %s"), error->message);
          return hone_cli_fail (data_error);
        }
      data = json_parser_get_root (parser);
    }

  template = hone_template_new (source, NULL, &error);
  if (template == NULL)
    return hone_cli_fail (error);

  if (!hone_template_render_to (template, data, escape, out, &error))
    return hone_cli_fail (error);

  write_out (out->str, out->len);
  fflush (stdout);
  return HONE_CLI_EXIT_OK;
}

/* hone-cli render --batch: one JSON line in, one JSON line out ------------ */

typedef struct {
  HoneTemplate *template;  /* or */
  char         *error;
} Compiled;

static void
compiled_free (gpointer data)
{
  Compiled *compiled = data;

  g_clear_pointer (&compiled->template, hone_template_unref);
  g_free (compiled->error);
  g_free (compiled);
}

typedef struct {
  JsonParser    *parser;
  GHashTable    *cache;     /* source → Compiled */
  HoneTemplateEscape default_escape;
  GString       *out;
  GString       *line;
} Batch;

/* {"output":"…"} or {"error":"…"}: compact, escaped as json-glib does
 * (see hone_prompt_append_json_string()) */
static void
batch_answer (Batch      *batch,
              const char *key,
              const char *value)
{
  GString *line = batch->line;

  g_string_truncate (line, 0);
  g_string_append_c (line, '{');
  hone_prompt_append_json_string (line, key);
  g_string_append_c (line, ':');
  hone_prompt_append_json_string (line, value);
  g_string_append (line, "}\n");
  write_out (line->str, line->len);
}

static void
batch_error (Batch      *batch,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
batch_error (Batch      *batch,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  batch_answer (batch, "error", message);
}

static Compiled *
batch_compile (Batch      *batch,
               const char *source)
{
  Compiled *compiled = g_hash_table_lookup (batch->cache, source);
  g_autoptr(GError) error = NULL;

  if (compiled != NULL)
    return compiled;

  if (g_hash_table_size (batch->cache) >= MAX_CACHED_TEMPLATES)
    g_hash_table_remove_all (batch->cache);

  compiled = g_new0 (Compiled, 1);
  compiled->template = hone_template_new (source, NULL, &error);
  if (compiled->template == NULL)
    compiled->error = g_strdup (error->message);
  g_hash_table_insert (batch->cache, g_strdup (source), compiled);

  return compiled;
}

static void
batch_line (Batch      *batch,
            const char *line,
            gsize       len)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root, *member;
  JsonObject *object;
  HoneTemplateEscape escape = batch->default_escape;
  const char *source;
  Compiled *compiled;

  if (!g_utf8_validate (line, len, NULL))
    {
      batch_error (batch, _("This line is not UTF-8 text."));
      return;
    }

  if (!json_parser_load_from_data (batch->parser, line, len, &error))
    {
      batch_error (batch, _("This line is not JSON: %s"), error->message);
      return;
    }

  root = json_parser_get_root (batch->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      batch_error (batch, _("This line is not a JSON object with a “template”."));
      return;
    }
  object = json_node_get_object (root);

  member = json_object_get_member (object, "template");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    {
      batch_error (batch, _("“template” must be a string."));
      return;
    }
  source = json_node_get_string (member);

  member = json_object_get_member (object, "escape");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        {
          batch_error (batch, _("“escape” must be true or false."));
          return;
        }
      escape = json_node_get_boolean (member) ? HONE_TEMPLATE_ESCAPE_HTML : HONE_TEMPLATE_ESCAPE_NONE;
    }

  compiled = batch_compile (batch, source);
  if (compiled->template == NULL)
    {
      batch_answer (batch, "error", compiled->error);
      return;
    }

  g_string_truncate (batch->out, 0);
  if (!hone_template_render_to (compiled->template, json_object_get_member (object, "data"),
                                escape, batch->out, &error))
    {
      batch_answer (batch, "error", error->message);
      return;
    }

  batch_answer (batch, "output", batch->out->str);
}

static int
render_batch (HoneTemplateEscape default_escape)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (in);
  g_autoptr(GError) error = NULL;
  Batch batch = { 0, };

  g_data_input_stream_set_newline_type (lines, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (lines), 64 * 1024);

  batch.parser = json_parser_new ();
  batch.cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, compiled_free);
  batch.default_escape = default_escape;
  batch.out = g_string_new (NULL);
  batch.line = g_string_new (NULL);

  while (TRUE)
    {
      gsize len = 0;
      g_autofree char *line = g_data_input_stream_read_line (lines, &len, NULL, &error);

      if (line == NULL)
        break;
      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';

      batch_line (&batch, line, len);
      /* An answer per question: a program may wait for each */
      fflush (stdout);
    }

  fflush (stdout);
  g_object_unref (batch.parser);
  g_hash_table_unref (batch.cache);
  g_string_free (batch.out, TRUE);
  g_string_free (batch.line, TRUE);

  if (error != NULL)
    {
      g_autoptr(GError) read_error =
        g_error_new (HONE_ERROR, HONE_ERROR_IO, _("Could not read standard input: %s"), error->message);
      return hone_cli_fail (read_error);
    }

  return HONE_CLI_EXIT_OK;
}

/* hone-cli render FILE.hone [--example ID | --split SPLIT] [--json] ------- */

static const char *
message_heading (HoneTemplateRole  role,
                 HoneTemplateStyle style)
{
  if (style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION && role == HONE_TEMPLATE_ROLE_USER)
    return _("Prompt");
  if (style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION && role == HONE_TEMPLATE_ROLE_ASSISTANT)
    return _("Completion");
  return hone_template_role_get_label (role);
}

static void
print_indented (const char *text,
                const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i + 1] == NULL && lines[i][0] == '\0' && i > 0)
        break;
      if (lines[i][0] == '\0')
        g_print ("\n");
      else
        g_print ("%s%s\n", indent, lines[i]);
    }
}

/* Prints one example; FALSE (with the reason on standard error) when it
 * cannot be rendered */
static gboolean
print_example (HonePrompt        *prompt,
               HoneExample       *example,
               HoneTemplateStyle  style,
               gboolean           json,
               gboolean           first)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) messages = hone_prompt_render (prompt, example, &error);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, hone_example_get_id (example));

  if (messages == NULL)
    {
      /* Translators: %s is an example's number, then what went wrong */
      hone_cli_warn (_("Example %s, %s"), id, error->message);
      return FALSE;
    }

  if (json)
    {
      g_autofree char *line = hone_prompt_messages_to_line (messages, style);

      write_line (line);
      return TRUE;
    }

  if (!first)
    g_print ("\n");
  /* Translators: a heading; %s is an example's number */
  g_print (_("Example %s"), id);
  g_print ("\n");
  for (guint i = 0; i < messages->len; i++)
    {
      const HonePromptMessage *message = &g_array_index (messages, HonePromptMessage, i);

      g_print (INDENT "%s\n", message_heading (message->role, style));
      if (message->content[0] == '\0')
        /* Translators: shown for a message that renders to nothing */
        g_print (INDENT INDENT "%s\n", _("(empty)"));
      else
        print_indented (message->content, INDENT INDENT);
    }

  return TRUE;
}

static int
render_project (const char *arg,
                gint64      example_id,
                const char *split_arg,
                gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (arg);
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(HonePrompt) prompt = NULL;
  HoneTemplateStyle style;
  HoneSplit split = HONE_SPLIT_ANY;
  gboolean ok = TRUE;

  if (split_arg != NULL && !hone_split_from_string (split_arg, &split))
    return hone_cli_usage_error ("render", _("There is no split “%s”. Use train, validation or excluded."), split_arg);

  project = hone_project_open (file, HONE_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    return hone_cli_fail (error);

  style = hone_project_get_template_style (project);
  prompt = hone_prompt_new_for_project (project, NULL, NULL, &error);
  if (prompt == NULL)
    return hone_cli_fail (error);

  if (split_arg == NULL)
    {
      g_autoptr(GPtrArray) examples = NULL;

      if (example_id > 0)
        examples = hone_project_load_examples_by_id (project, &example_id, 1, &error);
      else
        examples = hone_project_load_examples (project, 0, 1, &error);
      if (examples == NULL)
        return hone_cli_fail (error);

      if (examples->len == 0)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, example_id);

          if (example_id > 0)
            g_set_error (&error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                         _("There is no example %s in “%s”. “hone-cli export” lists the examples with their numbers."),
                         id, hone_project_get_name (project));
          else
            g_set_error (&error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                         _("“%s” has no examples yet. Import some with “hone-cli import”."),
                         hone_project_get_name (project));
          return hone_cli_fail (error);
        }

      ok = print_example (prompt, g_ptr_array_index (examples, 0), style, json, TRUE);
    }
  else
    {
      gboolean first = TRUE;

      for (guint offset = 0; ; offset += PAGE_SIZE)
        {
          g_autoptr(GPtrArray) examples = hone_project_load_examples (project, offset, PAGE_SIZE, &error);

          if (examples == NULL)
            return hone_cli_fail (error);

          for (guint i = 0; i < examples->len; i++)
            {
              HoneExample *example = g_ptr_array_index (examples, i);

              if (hone_example_get_split (example) != split)
                continue;
              if (!print_example (prompt, example, style, json, first))
                ok = FALSE;
              first = FALSE;
            }

          if (examples->len < PAGE_SIZE)
            break;
        }
    }

  fflush (stdout);
  return ok ? HONE_CLI_EXIT_OK : HONE_CLI_EXIT_FAILURE;
}

int
hone_cli_render (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *data_file = NULL;
  g_autofree char *template_file = NULL;
  g_autofree char *split = NULL;
  g_autofree char *source = NULL;
  g_autofree char *data_text = NULL;
  gint64 example_id = 0;
  gboolean escape = FALSE;
  gboolean no_escape = FALSE;
  gboolean batch = FALSE;
  gboolean json = FALSE;
  gboolean project_mode;
  const GOptionEntry entries[] = {
    { "data", 'd', 0, G_OPTION_ARG_STRING, &data,
      N_("The data to render, as JSON (default: none, every name is empty)"), N_("JSON") },
    { "data-file", 0, 0, G_OPTION_ARG_FILENAME, &data_file,
      N_("Read the data from FILE (“-” for standard input)"), N_("FILE") },
    { "template-file", 't', 0, G_OPTION_ARG_FILENAME, &template_file,
      N_("Read the template from FILE instead of the command line"), N_("FILE") },
    { "escape", 0, 0, G_OPTION_ARG_NONE, &escape,
      N_("Escape & < > \" ' ` = in {{values}} as HTML, like handlebars.js does by default"), NULL },
    { "no-escape", 0, 0, G_OPTION_ARG_NONE, &no_escape,
      N_("Write values as they are, as Hone does in model messages (the default)"), NULL },
    { "batch", 0, 0, G_OPTION_ARG_NONE, &batch,
      N_("Read JSON lines {\"template\":…, \"data\":…, \"escape\":…} from standard input and write one JSON line per input line"), NULL },
    { "example", 'e', 0, G_OPTION_ARG_INT64, &example_id,
      N_("With a project: the example to render (default: the first)"), N_("ID") },
    { "split", 's', 0, G_OPTION_ARG_STRING, &split,
      N_("With a project: render every example of this split (train, validation or excluded)"), N_("SPLIT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("With a project: print chat JSON Lines, as the chat-jsonl export writes them"), NULL },
    { NULL }
  };

  context = hone_cli_option_context_new (argv[0], _("TEMPLATE | FILE.hone"),
                                         _("Render a Handlebars template over JSON data and print what it gives, exactly\n"
                                           "(no line break is added). Values are not escaped unless --escape is given.\n"
                                           "\n"
                                           "With --batch, read one JSON object per line from standard input,\n"
                                           "{\"template\":\"…\", \"data\":{…}, \"escape\":true|false}, and write one line per input\n"
                                           "line, in the same order: {\"output\":\"…\"}, or {\"error\":\"…\"} (for a line that is\n"
                                           "not JSON too). \"escape\" may be left out (then --escape decides).\n"
                                           "\n"
                                           "Given a project (FILE.hone), render its templates for an example into the\n"
                                           "messages a model is trained on. The project is only read, never changed."),
                                         entries);
  if (!hone_cli_parse_options (context, argv[0], &argc, &argv))
    return HONE_CLI_EXIT_USAGE;

  if (escape && no_escape)
    return hone_cli_usage_error (argv[0], _("Give --escape or --no-escape, not both."));
  if (data != NULL && data_file != NULL)
    return hone_cli_usage_error (argv[0], _("Give the data with --data or --data-file, not both."));

  if (batch)
    {
      if (argc > 1)
        return hone_cli_usage_error (argv[0], _("With --batch the templates come from standard input: “%s” is one too many."), argv[1]);
      if (data != NULL || data_file != NULL || template_file != NULL || example_id != 0 || split != NULL || json)
        return hone_cli_usage_error (argv[0], _("With --batch, only --escape or --no-escape can be given."));
      return render_batch (escape ? HONE_TEMPLATE_ESCAPE_HTML : HONE_TEMPLATE_ESCAPE_NONE);
    }

  if (template_file != NULL && argc > 1)
    return hone_cli_usage_error (argv[0], _("Give the template on the command line or with --template-file, not both."));
  if (template_file == NULL && argc < 2)
    return hone_cli_usage_error (argv[0], _("Give the template to render, like “Hello {{name}}”, or a project file."));
  if (argc > 2)
    return hone_cli_usage_error (argv[0], _("Give one template, not more: “%s” is one too many. Quote a template that has spaces."), argv[2]);

  project_mode = template_file == NULL && data == NULL && data_file == NULL &&
                 g_str_has_suffix (argv[1], HONE_PROJECT_EXTENSION);

  if (project_mode)
    {
      if (escape || no_escape)
        return hone_cli_usage_error (argv[0], _("A project’s messages are never escaped: --escape and --no-escape are for a template."));
      if (example_id != 0 && split != NULL)
        return hone_cli_usage_error (argv[0], _("Give --example or --split, not both."));
      if (example_id < 0)
        return hone_cli_usage_error (argv[0], _("Example numbers start at 1."));
      return render_project (argv[1], example_id, split, json);
    }

  if (example_id != 0 || split != NULL || json)
    return hone_cli_usage_error (argv[0], _("--example, --split and --json are for a project file (FILE.hone)."));

  if (template_file != NULL)
    {
      source = read_text_file (template_file, _("The template"), &error);
      if (source == NULL)
        return hone_cli_fail (error);
    }
  else
    source = g_strdup (argv[1]);

  if (!g_utf8_validate (source, -1, NULL))
    {
      g_set_error_literal (&error, HONE_ERROR, HONE_ERROR_ENCODING, _("The template is not UTF-8 text."));
      return hone_cli_fail (error);
    }

  if (data_file != NULL)
    {
      data_text = read_text_file (data_file, _("The data"), &error);
      if (data_text == NULL)
        return hone_cli_fail (error);
    }
  else if (data != NULL)
    data_text = g_strdup (data);

  return render_one (source, data_text, escape ? HONE_TEMPLATE_ESCAPE_HTML : HONE_TEMPLATE_ESCAPE_NONE);
}

/* hone-cli templates FILE.hone [--system TEXT] [--user TEXT] … ------------ */

static void
print_templates_json (HoneProject *project)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "style");
  json_builder_add_string_value (builder, hone_template_style_to_string (hone_project_get_template_style (project)));
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_object (builder);
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      json_builder_set_member_name (builder, hone_template_role_to_string (roles[i]));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, hone_project_get_template (project, roles[i]));
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, hone_project_get_template_version (project, roles[i]));
      json_builder_set_member_name (builder, "kept");
      json_builder_add_boolean_value (builder, hone_project_get_template_kept (project, roles[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  hone_cli_print_json (root);
}

static void
print_templates_text (HoneProject *project)
{
  HoneTemplateStyle style = hone_project_get_template_style (project);

  /* Translators: %s is a template style, like “Chat messages” */
  g_print (_("Template style: %s (%s)"), hone_template_style_get_label (style),
           hone_template_style_to_string (style));
  g_print ("\n");

  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      const char *text = hone_project_get_template (project, roles[i]);
      gint64 version = hone_project_get_template_version (project, roles[i]);
      const char *label = hone_template_role_get_label (roles[i]);

      g_print ("\n");
      if (version <= 0 || text[0] == '\0')
        {
          g_print ("%s\n", label);
          /* Translators: shown under a template that was never written */
          g_print (INDENT "%s\n", _("(not written yet)"));
        }
      else
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

          if (hone_project_get_template_kept (project, roles[i]))
            /* Translators: the first %s is a template, the second a version
             * number; “kept” means a fine-tune used it, so an edit makes a new version */
            g_print (_("%s (version %s, kept)"), label, number);
          else
            /* Translators: the first %s is a template, the second a version number */
            g_print (_("%s (version %s)"), label, number);
          g_print ("\n");
          print_indented (text, INDENT);
        }
      if (roles[i] == HONE_TEMPLATE_ROLE_SYSTEM && style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION)
        g_print (INDENT "%s\n", _("(not used in the prompt and completion style)"));
    }
}

/* Warns about names a template uses that are not fields of the project */
static void
warn_unknown_names (HoneProject      *project,
                    HoneTemplateRole  role,
                    HoneTemplate     *template)
{
  g_autoptr(GArray) uses = hone_template_get_field_uses (template);
  g_autoptr(GHashTable) warned = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < uses->len; i++)
    {
      HoneTemplateFieldUse *use = &g_array_index (uses, HoneTemplateFieldUse, i);

      if (hone_project_find_field (project, use->name) != NULL ||
          !g_hash_table_add (warned, use->name))
        continue;

      /* Translators: the first %s is a template, like “User message”; the second a name */
      hone_cli_warn (_("The %s uses “%s”, which is not a field of this project: it will be empty."),
                     hone_template_role_get_label (role), use->name);
    }
}

int
hone_cli_templates (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HoneProject) project = NULL;
  char *texts[HONE_N_TEMPLATE_ROLES] = { NULL, };
  char *files[HONE_N_TEMPLATE_ROLES] = { NULL, };
  char *sources[HONE_N_TEMPLATE_ROLES] = { NULL, };
  HoneTemplate *compiled[HONE_N_TEMPLATE_ROLES] = { NULL, };
  g_autofree char *style_arg = NULL;
  HoneTemplateStyle style = HONE_TEMPLATE_STYLE_CHAT;
  gboolean json = FALSE;
  gboolean setting = FALSE;
  int status = HONE_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "system", 0, 0, G_OPTION_ARG_STRING, &texts[HONE_TEMPLATE_ROLE_SYSTEM],
      N_("Set the system prompt (\"\" removes it)"), N_("TEXT") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &texts[HONE_TEMPLATE_ROLE_USER],
      N_("Set the user message template"), N_("TEXT") },
    { "assistant", 0, 0, G_OPTION_ARG_STRING, &texts[HONE_TEMPLATE_ROLE_ASSISTANT],
      N_("Set the assistant message template"), N_("TEXT") },
    { "system-file", 0, 0, G_OPTION_ARG_FILENAME, &files[HONE_TEMPLATE_ROLE_SYSTEM],
      N_("Set the system prompt from FILE"), N_("FILE") },
    { "user-file", 0, 0, G_OPTION_ARG_FILENAME, &files[HONE_TEMPLATE_ROLE_USER],
      N_("Set the user message template from FILE"), N_("FILE") },
    { "assistant-file", 0, 0, G_OPTION_ARG_FILENAME, &files[HONE_TEMPLATE_ROLE_ASSISTANT],
      N_("Set the assistant message template from FILE"), N_("FILE") },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style_arg,
      N_("How the templates become training data: chat, or prompt-completion (no system prompt)"), N_("STYLE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print JSON for a script to read"), NULL },
    { NULL }
  };

  context = hone_cli_option_context_new (argv[0], _("FILE.hone"),
                                         _("Show the templates of the project in FILE.hone, or set them.\n"
                                           "Templates are Handlebars: {{field}}, {{#if field}}…{{/if}}, {{#each list}}…{{/each}}.\n"
                                           "A template that does not compile is refused with its line and column, and then\n"
                                           "nothing is changed: the templates given are all saved, or none is."),
                                         entries);
  if (!hone_cli_parse_options (context, argv[0], &argc, &argv))
    goto usage;

  if (argc < 2 || argv[1][0] == '\0')
    {
      status = hone_cli_usage_error (argv[0], _("Give the file of a project, like “Notes.hone”."));
      goto out;
    }
  if (argc > 2)
    {
      status = hone_cli_usage_error (argv[0], _("Give one file, not more: “%s” is one too many."), argv[2]);
      goto out;
    }
  if (style_arg != NULL && !hone_template_style_from_string (style_arg, &style))
    {
      status = hone_cli_usage_error (argv[0], _("There is no template style “%s”. Use chat or prompt-completion."), style_arg);
      goto out;
    }

  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      if (texts[i] != NULL && files[i] != NULL)
        {
          status = hone_cli_usage_error (argv[0], _("Give the %s as text or from a file, not both."),
                                         hone_template_role_get_label (i));
          goto out;
        }
      setting = setting || texts[i] != NULL || files[i] != NULL;
    }
  setting = setting || style_arg != NULL;

  if (setting && json)
    {
      status = hone_cli_usage_error (argv[0], _("--json shows the templates; it cannot be given with templates to set."));
      goto out;
    }

  /* Everything is read and checked before the project is touched */
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      if (files[i] != NULL)
        {
          sources[i] = read_text_file (files[i], hone_template_role_get_label (i), &error);
          if (sources[i] == NULL)
            {
              status = hone_cli_fail (error);
              goto out;
            }
        }
      else if (texts[i] != NULL)
        {
          if (!g_utf8_validate (texts[i], -1, NULL))
            {
              g_set_error (&error, HONE_ERROR, HONE_ERROR_ENCODING,
                           _("The %s is not UTF-8 text."), hone_template_role_get_label (i));
              status = hone_cli_fail (error);
              goto out;
            }
          sources[i] = g_strdup (texts[i]);
        }

      if (sources[i] != NULL && sources[i][0] != '\0')
        {
          g_autoptr(GError) local_error = NULL;

          compiled[i] = hone_template_new (sources[i], NULL, &local_error);
          if (compiled[i] == NULL)
            {
              gsize len = strlen (local_error->message);
              const char *stop = len > 0 && strchr (".!?", local_error->message[len - 1]) != NULL ? "" : ".";

              /* "User message, line 3, column 5: …. Nothing was changed." */
              g_set_error (&error, HONE_ERROR, HONE_ERROR_PARSE,
                           /* Translators: the first %s is a template, like “User message”; the
                            * second says where and what is wrong; the third is “.” or nothing */
                           _("%s, %s%s Nothing was changed."),
                           hone_template_role_get_label (i), local_error->message, stop);
              status = hone_cli_fail (error);
              goto out;
            }
        }
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  project = hone_project_open (file, setting ? HONE_PROJECT_OPEN_NONE : HONE_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    {
      status = hone_cli_fail (error);
      goto out;
    }

  if (!setting)
    {
      if (json)
        print_templates_json (project);
      else
        print_templates_text (project);
      goto out;
    }

  if (!hone_project_begin (project, &error))
    {
      status = hone_cli_fail (error);
      goto out;
    }
  /* All or nothing */
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    if (sources[i] != NULL && !hone_project_set_template (project, i, sources[i], &error))
      break;
  if (error == NULL && style_arg != NULL)
    hone_project_set_template_style (project, style, &error);
  if (error == NULL)
    hone_project_commit (project, &error);
  if (error != NULL)
    {
      hone_project_rollback (project);
      status = hone_cli_fail (error);
      goto out;
    }

  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      g_autofree char *number = NULL;

      if (sources[i] == NULL)
        continue;
      if (compiled[i] != NULL)
        warn_unknown_names (project, i, compiled[i]);

      number = g_strdup_printf ("%" G_GINT64_FORMAT, hone_project_get_template_version (project, i));
      /* Translators: the first %s is a template, like “User message”; the second a version number */
      g_print (_("%s saved (version %s).\n"), hone_template_role_get_label (i), number);
    }
  if (style_arg != NULL)
    {
      /* Translators: %s is a template style, like “Prompt and completion” */
      g_print (_("Template style: %s.\n"), hone_template_style_get_label (style));
      if (style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION &&
          hone_project_get_template (project, HONE_TEMPLATE_ROLE_SYSTEM)[0] != '\0')
        hone_cli_warn (_("The system prompt is kept, but the prompt and completion style does not use it."));
    }

  goto out;

usage:
  status = HONE_CLI_EXIT_USAGE;

out:
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      g_free (texts[i]);
      g_free (files[i]);
      g_free (sources[i]);
      g_clear_pointer (&compiled[i], hone_template_unref);
    }
  return status;
}
