/* hone-cli.c: the command-line companion of Hone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "hone-cli-private.h"

/* The commands, in the order `hone-cli --help` lists them. */
static const HoneCliCommand commands[] = {
  { "create",   N_("Create a new project"),                        hone_cli_create },
  { "info",     N_("Show the fields, examples and templates of a project"), hone_cli_info },
  { "projects", N_("List the projects Hone knows about"),          hone_cli_projects },
  { "import",   N_("Import examples from a CSV, TSV, JSON Lines or JSON file"), hone_cli_import },
  { "export",   N_("Export the examples of a project as CSV, TSV, JSON Lines or chat JSON Lines"), hone_cli_export },
  { "templates", N_("Show or set the templates of a project"),      hone_cli_templates },
  { "render",   N_("Render a template over JSON data, or a project’s templates for its examples"), hone_cli_render },
  { "tokens",   N_("Count the tokens of a text as OpenAI counts them"), hone_cli_tokens },
  { "models",   N_("List the base models each provider fine-tunes, with limits and prices"), hone_cli_models },
  { "validate", N_("Check a project for a provider and model before training"), hone_cli_validate },
  { "estimate", N_("Estimate the tokens, epochs and price of fine-tuning a project"), hone_cli_estimate },
  { "finetune", N_("Start, follow, cancel, resume or give up fine-tunes on a provider"), hone_cli_finetune },
};

#define HELP_COMMAND "help"

static const HoneCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        return &commands[i];
    }

  return NULL;
}

/* Helpers shared by the commands */

GOptionContext *
hone_cli_option_context_new (const char         *command,
                             const char         *parameter_string,
                             const char         *summary,
                             const GOptionEntry *entries)
{
  g_autofree char *prgname = NULL;
  GOptionContext *context;

  /* GOptionContext prints g_get_prgname() in the usage line of --help */
  prgname = g_strdup_printf ("hone-cli %s", command);
  g_set_prgname (prgname);

  context = g_option_context_new (parameter_string);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

gboolean
hone_cli_parse_options (GOptionContext   *context,
                        const char       *command,
                        int              *argc,
                        char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      hone_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

static char *
one_line (const char *message)
{
  g_autofree char *copy = g_strdup (message != NULL ? message : "");
  g_auto(GStrv) lines = NULL;

  g_strstrip (copy);
  lines = g_strsplit_set (copy, "\r\n", -1);

  /* Drop empty pieces so that "a\n\nb" reads "a b" */
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) pieces = NULL;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_strstrip (lines[i]);
        if (lines[i][0] != '\0')
          g_strv_builder_add (builder, lines[i]);
      }

    pieces = g_strv_builder_end (builder);
    return g_strjoinv (" ", pieces);
  }
}

int
hone_cli_usage_error (const char *command,
                      const char *format,
                      ...)
{
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  line = one_line (message);
  g_printerr ("hone-cli: %s\n", line);

  if (command != NULL)
    {
      g_autofree char *help = g_strdup_printf ("hone-cli %s --help", command);
      /* Translators: %s is a command, like “hone-cli create --help” */
      g_printerr (_("Run “%s” to see how to use it.\n"), help);
    }
  else
    {
      /* Translators: “hone-cli --help” is a command, do not translate it */
      g_printerr (_("Run “hone-cli --help” to see the commands.\n"));
    }

  return HONE_CLI_EXIT_USAGE;
}

int
hone_cli_fail (const GError *error)
{
  g_autofree char *line = one_line (error->message);

  g_printerr ("hone-cli: %s\n", line);

  return HONE_CLI_EXIT_FAILURE;
}

void
hone_cli_warn (const char *format,
               ...)
{
  g_autofree char *message = NULL;
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  line = one_line (message);
  g_printerr ("hone-cli: %s\n", line);
}

void
hone_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  /* An empty array or object reads better as [] or {} than split over two
   * lines, which is what the pretty generator does with them. */
  if ((JSON_NODE_HOLDS_ARRAY (root) &&
       json_array_get_length (json_node_get_array (root)) == 0))
    text = g_strdup ("[]");
  else if (JSON_NODE_HOLDS_OBJECT (root) &&
           json_object_get_size (json_node_get_object (root)) == 0)
    text = g_strdup ("{}");
  else
    {
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_indent (generator, 2);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
    }

  /* Not g_print(): JSON is UTF-8 whatever the locale's character set. */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

guint
hone_cli_text_width (const char *text)
{
  guint width = 0;

  if (text == NULL)
    return 0;

  if (!g_utf8_validate (text, -1, NULL))
    return (guint) strlen (text);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;

      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

char *
hone_cli_pad (const char *text,
              guint       width,
              gboolean    align_right)
{
  guint text_width = hone_cli_text_width (text);
  GString *str = g_string_new (NULL);

  if (text == NULL)
    text = "";

  if (!align_right)
    g_string_append (str, text);

  for (guint i = text_width; i < width; i++)
    g_string_append_c (str, ' ');

  if (align_right)
    g_string_append (str, text);

  return g_string_free (str, FALSE);
}

guint
hone_cli_get_text_width (void)
{
  struct winsize size = { 0 };
  const char *columns;
  guint64 width = 0;

  if (isatty (STDOUT_FILENO))
    {
      if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        width = size.ws_col;
      else if ((columns = g_getenv ("COLUMNS")) != NULL)
        width = g_ascii_strtoull (columns, NULL, 10);
    }

  if (width == 0)
    width = 80;

  /* Leave the last column free: some terminals wrap when it is written */
  return (guint) CLAMP (width - 1, 39, 199);
}

GStrv
hone_cli_wrap (const char *text,
               guint       width)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paragraphs = NULL;

  width = MAX (width, 1);
  paragraphs = g_strsplit (text != NULL ? text : "", "\n", -1);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (paragraphs[i], " ", -1);
      g_autoptr(GString) line = g_string_new (NULL);
      guint line_width = 0;

      for (guint j = 0; words[j] != NULL; j++)
        {
          guint word_width = hone_cli_text_width (words[j]);

          if (words[j][0] == '\0')
            continue;

          if (line_width > 0 && line_width + 1 + word_width > width)
            {
              g_strv_builder_add (builder, line->str);
              g_string_truncate (line, 0);
              line_width = 0;
            }

          if (line_width > 0)
            {
              g_string_append_c (line, ' ');
              line_width++;
            }

          g_string_append (line, words[j]);
          line_width += word_width;
        }

      g_strv_builder_add (builder, line->str);
    }

  return g_strv_builder_end (builder);
}

char *
hone_cli_format_local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (unix_time > 0)
    date_time = g_date_time_new_from_unix_local (unix_time);

  if (date_time == NULL)
    return g_strdup ("—");

  return g_date_time_format (date_time, "%Y-%m-%d %H:%M");
}

char *
hone_cli_format_utc_time (gint64 unix_time)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (unix_time > 0)
    date_time = g_date_time_new_from_unix_utc (unix_time);

  if (date_time == NULL)
    return NULL;

  return g_date_time_format (date_time, "%Y-%m-%dT%H:%M:%SZ");
}

char *
hone_cli_display_path (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    return g_file_get_parse_name (file);

  return g_filename_display_name (path);
}

/* hone-cli itself */

static void
print_help (FILE *stream)
{
  guint width = hone_cli_text_width (HELP_COMMAND);
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, hone_cli_text_width (commands[i].name));

  g_string_append_printf (str, "%s\n  %s\n\n",
                          _("Usage:"),
                          /* Translators: COMMAND and OPTION are placeholders */
                          _("hone-cli COMMAND [OPTION…]"));
  g_string_append_printf (str, "%s\n\n",
                          _("Create and inspect Hone projects from a terminal or a script."));

  g_string_append_printf (str, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = hone_cli_pad (commands[i].name, width, FALSE);

      g_string_append_printf (str, "  %s   %s\n", name, _(commands[i].summary));
    }
  {
    g_autofree char *name = hone_cli_pad (HELP_COMMAND, width, FALSE);

    g_string_append_printf (str, "  %s   %s\n", name, _("Show the help of a command"));
  }

  g_string_append_printf (str, "\n%s\n", _("Options:"));
  g_string_append_printf (str, "  -h, --help     %s\n", _("Show this help"));
  g_string_append_printf (str, "  --version      %s\n", _("Show the version of hone-cli"));

  g_string_append_c (str, '\n');
  /* Translators: “hone-cli COMMAND --help” is a command, do not translate it */
  g_string_append_printf (str, "%s\n", _("Run “hone-cli COMMAND --help” to see the options of a command."));

  if (stream == stderr)
    g_printerr ("%s", str->str);
  else
    g_print ("%s", str->str);

  g_string_free (str, TRUE);
}

static int
run_command (const HoneCliCommand  *command,
             int                    argc,
             char                 **argv)
{
  int status;

  status = command->run (argc, argv);
  g_set_prgname ("hone-cli");

  return status;
}

static int
run_help (int    argc,
          char **argv)
{
  const HoneCliCommand *command;
  char *help_argv[] = { NULL, (char *) "--help", NULL };

  if (argc < 2)
    {
      print_help (stdout);
      return HONE_CLI_EXIT_OK;
    }

  if (argc > 2)
    return hone_cli_usage_error (NULL, _("“help” takes one command, not more."));

  command = find_command (argv[1]);
  if (command == NULL)
    return hone_cli_usage_error (NULL, _("There is no command “%s”."), argv[1]);

  help_argv[0] = (char *) command->name;
  return run_command (command, 2, help_argv);
}

int
main (int    argc,
      char **argv)
{
  const HoneCliCommand *command;
  const char *arg;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("hone-cli");
  g_set_application_name ("Hone");

  if (argc < 2)
    {
      g_printerr ("hone-cli: %s\n\n", _("Which command? Give one of the commands below."));
      print_help (stderr);
      return HONE_CLI_EXIT_USAGE;
    }

  arg = argv[1];

  if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h") || g_str_equal (arg, "-?"))
    {
      if (argc > 2)
        return hone_cli_usage_error (NULL, _("“%s” takes nothing after it."), arg);

      print_help (stdout);
      return HONE_CLI_EXIT_OK;
    }

  if (g_str_equal (arg, "--version"))
    {
      if (argc > 2)
        return hone_cli_usage_error (NULL, _("“%s” takes nothing after it."), arg);

      g_print ("hone-cli %s\n", PACKAGE_VERSION);
      return HONE_CLI_EXIT_OK;
    }

  if (arg[0] == '-')
    return hone_cli_usage_error (NULL, _("Unknown option “%s”."), arg);

  if (g_str_equal (arg, HELP_COMMAND))
    return run_help (argc - 1, argv + 1);

  command = find_command (arg);
  if (command == NULL)
    return hone_cli_usage_error (NULL, _("There is no command “%s”."), arg);

  return run_command (command, argc - 1, argv + 1);
}
