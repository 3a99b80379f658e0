/* hone-cli-data.c: import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "hone-core.h"
#include "hone-exporter.h"
#include "hone-importer.h"
#include "hone-text-encoding.h"

#include "hone-cli-private.h"

/* Skipped rows listed in the summary; the rest are counted */
#define MAX_LISTED_PROBLEMS 20

static const struct {
  const char *word;
  char        delimiter;
} delimiter_words[] = {
  { "comma", ',' },
  { "semicolon", ';' },
  { "tab", '\t' },
  { "pipe", '|' },
};

static gboolean
parse_delimiter (const char *arg,
                 char       *delimiter)
{
  for (guint i = 0; i < G_N_ELEMENTS (delimiter_words); i++)
    if (g_ascii_strcasecmp (arg, delimiter_words[i].word) == 0)
      {
        *delimiter = delimiter_words[i].delimiter;
        return TRUE;
      }

  if (g_str_equal (arg, "\\t"))
    {
      *delimiter = '\t';
      return TRUE;
    }

  /* One ASCII character that can separate fields */
  if (strlen (arg) == 1 && arg[0] != '"' && arg[0] != '\r' && arg[0] != '\n' &&
      (g_ascii_isprint (arg[0]) || arg[0] == '\t') && !g_ascii_isalnum (arg[0]))
    {
      *delimiter = arg[0];
      return TRUE;
    }

  return FALSE;
}

static const char *
delimiter_label (char delimiter)
{
  for (guint i = 0; i < G_N_ELEMENTS (delimiter_words); i++)
    if (delimiter_words[i].delimiter == delimiter)
      return delimiter_words[i].word;
  return NULL;
}

/* The project file must end in .hone, like the ones `create` makes */
static gboolean
check_project_file (const char  *arg,
                    GError     **error)
{
  g_autofree char *display = g_filename_display_name (arg);
  g_autofree char *basename = g_path_get_basename (arg);

  if (g_str_has_suffix (arg, HONE_PROJECT_EXTENSION) && !g_str_equal (basename, HONE_PROJECT_EXTENSION))
    return TRUE;

  g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
               /* Translators: %s is a file name */
               _("The name of a project file ends in .hone, and “%s” does not. Give one like “Notes.hone”."),
               display);
  return FALSE;
}

/* Removes a project file this command made, and its SQLite companions */
static void
delete_project_file (GFile *file)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (path, suffixes[i], NULL);
      g_autoptr(GFile) companion_file = g_file_new_for_path (companion);

      g_file_delete (companion_file, NULL, NULL);
    }
}

/* "reviews" for "reviews.csv" */
static char *
project_name_for (GFile *source)
{
  g_autofree char *basename = g_file_get_basename (source);
  g_autofree char *display = g_filename_display_name (basename);
  char *dot = strrchr (display, '.');

  if (dot != NULL && dot != display)
    *dot = '\0';
  g_strstrip (display);
  if (display[0] == '\0')
    return g_strdup (_("Imported examples"));
  return g_steal_pointer (&display);
}

static void
progress_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  double progress = 0.0;

  g_object_get (object, "progress", &progress, NULL);
  g_printerr ("\r");
  /* Translators: shown while importing; %d is a percentage */
  g_printerr (_("Importing… %d%%"), (int) (progress * 100));
}

/* The files are named as the command line named them */
static void
print_summary (HoneImporter *importer,
               HoneProject  *project,
               const char   *source_arg,
               const char   *project_arg,
               gboolean      created)
{
  g_autofree char *source_name = g_filename_display_name (source_arg);
  g_autofree char *project_name = g_filename_display_name (project_arg);
  g_autofree char *count = hone_text_format_count (hone_importer_get_n_imported (importer));
  HoneImportFormat format = hone_importer_get_detected_format (importer);
  const char *encoding = hone_importer_get_detected_encoding (importer);
  g_autoptr(GString) settings = g_string_new (hone_import_format_get_label (format));
  guint n_fields = hone_project_get_n_fields (project);
  guint n_new = hone_importer_get_n_fields_created (importer);
  GPtrArray *skipped = hone_importer_get_skipped_rows (importer);
  guint64 n_skipped = hone_importer_get_n_skipped (importer);

  if (format == HONE_IMPORT_FORMAT_CSV || format == HONE_IMPORT_FORMAT_TSV)
    {
      char delimiter = hone_importer_get_detected_delimiter (importer);
      const char *word = delimiter_label (delimiter);

      if (format == HONE_IMPORT_FORMAT_CSV && word != NULL)
        /* Translators: the delimiter of a CSV file, like “comma” */
        g_string_append_printf (settings, _(", delimiter %s"), word);
      else if (format == HONE_IMPORT_FORMAT_CSV)
        g_string_append_printf (settings, _(", delimiter “%c”"), delimiter);
      if (!hone_importer_get_has_header (importer))
        g_string_append (settings, _(", no header row"));
    }
  if (encoding != NULL)
    g_string_append_printf (settings, ", %s", hone_text_encoding_get_label (encoding));

  /* Translators: “Imported 1,204 examples from “data.csv” into “P.hone” (CSV, delimiter comma, Unicode (UTF-8)).” */
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Imported %s example from “%s” into “%s” (%s).\n",
                        "Imported %s examples from “%s” into “%s” (%s).\n",
                        hone_importer_get_n_imported (importer)),
           count, source_name, project_name, settings->str);
  if (created)
    g_print (_("The project “%s” was created for it.\n"), hone_project_get_name (project));

  if (n_new > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      /* New fields come last */
      for (guint i = n_fields - n_new; i < n_fields; i++)
        {
          HoneField *field = hone_project_get_field (project, i);

          if (list->len > 0)
            g_string_append (list, ", ");
          g_string_append_printf (list, "%s (%s)", hone_field_get_name (field),
                                  hone_field_kind_get_label (hone_field_get_kind (field)));
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "New field: %s\n", "New fields: %s\n", n_new), list->str);
    }

  if (n_skipped > 0)
    {
      g_autofree char *n = hone_text_format_count (n_skipped);

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Skipped %s row that could not be imported:\n",
                            "Skipped %s rows that could not be imported:\n",
                            n_skipped),
               n);
      for (guint i = 0; i < skipped->len && i < MAX_LISTED_PROBLEMS; i++)
        {
          HoneImportProblem *problem = g_ptr_array_index (skipped, i);
          g_autofree char *line = g_strdelimit (g_strdup (problem->message), "\r\n", ' ');

          g_print ("  %s\n", line);
        }
      if (n_skipped > MIN (skipped->len, MAX_LISTED_PROBLEMS))
        {
          g_autofree char *more = hone_text_format_count (n_skipped - MIN (skipped->len, MAX_LISTED_PROBLEMS));

          g_print (_("  … and %s more\n"), more);
        }
    }
}

/* hone-cli import FILE --project P.hone [OPTION…] */

int
hone_cli_import (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) project_file = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(HoneImporter) importer = NULL;
  g_autofree char *project_arg = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *delimiter_arg = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *split_arg = NULL;
  gboolean no_header = FALSE;
  gboolean skip_bad_rows = FALSE;
  gboolean created = FALSE;
  gboolean show_progress;
  HoneImportFormat format = HONE_IMPORT_FORMAT_AUTO;
  HoneSplit split = HONE_SPLIT_TRAIN;
  char delimiter = 0;
  gulong handler = 0;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "project", 'p', 0, G_OPTION_ARG_FILENAME, &project_arg,
      N_("The project to import into; created when it does not exist"), N_("FILE.hone") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg,
      N_("csv, tsv, jsonl, json or chat-jsonl (default: from the file)"), N_("FORMAT") },
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &delimiter_arg,
      N_("The character between fields: one character, or comma, semicolon, tab, pipe (default: detected)"), N_("C") },
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &encoding,
      N_("The text encoding of the file, like windows-1252 (default: UTF-8 or UTF-16 with a byte order mark)"), N_("ENCODING") },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &no_header,
      N_("The first row of a CSV or TSV file is data, not column names"), NULL },
    { "split", 's', 0, G_OPTION_ARG_STRING, &split_arg,
      N_("Where the examples go: train (default), validation or excluded"), N_("SPLIT") },
    { "skip-bad-rows", 0, 0, G_OPTION_ARG_NONE, &skip_bad_rows,
      N_("Import the rows that can be, and list the others"), NULL },
    { NULL }
  };

  context = hone_cli_option_context_new (argv[0], _("FILE"),
                                         _("Import the rows of FILE (CSV, TSV, JSON Lines, JSON, or chat JSON Lines) as examples.\n"
                                           "Every column goes to the field of the same name, or to a new field whose kind fits its values.\n"
                                           "Nothing is imported unless everything is (or, with --skip-bad-rows, every row that can be)."),
                                         entries);
  if (!hone_cli_parse_options (context, argv[0], &argc, &argv))
    return HONE_CLI_EXIT_USAGE;

  if (argc < 2 || argv[1][0] == '\0')
    return hone_cli_usage_error (argv[0], _("Give the file to import, like “examples.csv”."));
  if (argc > 2)
    return hone_cli_usage_error (argv[0], _("Give one file, not more: “%s” is one too many."), argv[2]);
  if (project_arg == NULL)
    return hone_cli_usage_error (argv[0], _("Give the project to import into with --project FILE.hone."));
  if (format_arg != NULL && !hone_import_format_from_string (format_arg, &format))
    return hone_cli_usage_error (argv[0], _("There is no format “%s”. Use csv, tsv, jsonl, json or chat-jsonl."), format_arg);
  if (delimiter_arg != NULL && !parse_delimiter (delimiter_arg, &delimiter))
    return hone_cli_usage_error (argv[0], _("“%s” cannot separate fields. Give one character, or comma, semicolon, tab or pipe."), delimiter_arg);
  if (split_arg != NULL && !hone_split_from_string (split_arg, &split))
    return hone_cli_usage_error (argv[0], _("There is no split “%s”. Use train, validation or excluded."), split_arg);
  if (encoding != NULL && !hone_text_encoding_is_supported (encoding))
    return hone_cli_usage_error (argv[0], _("Hone does not know the encoding “%s”. Common ones are windows-1252, iso-8859-1 and utf-16."), encoding);
  if (!check_project_file (project_arg, &error))
    return hone_cli_fail (error);

  source = g_file_new_for_commandline_arg (argv[1]);
  project_file = g_file_new_for_commandline_arg (project_arg);

  if (!g_file_query_exists (source, NULL))
    {
      g_autofree char *display = hone_cli_display_path (source);

      g_set_error (&error, HONE_ERROR, HONE_ERROR_NOT_FOUND, _("There is no file “%s”."), display);
      return hone_cli_fail (error);
    }

  if (g_file_query_exists (project_file, NULL))
    project = hone_project_open (project_file, HONE_PROJECT_OPEN_NONE, &error);
  else
    {
      g_autofree char *name = project_name_for (source);

      project = hone_project_create (project_file, name, &error);
      created = project != NULL;
    }
  if (project == NULL)
    return hone_cli_fail (error);

  importer = hone_importer_new (project, source);
  hone_importer_set_format (importer, format);
  hone_importer_set_delimiter (importer, delimiter);
  hone_importer_set_encoding (importer, encoding);
  hone_importer_set_has_header (importer, !no_header);
  hone_importer_set_split (importer, split);
  hone_importer_set_skip_bad_rows (importer, skip_bad_rows);

  show_progress = isatty (STDERR_FILENO);
  if (show_progress)
    handler = g_signal_connect (importer, "notify::progress", G_CALLBACK (progress_cb), NULL);

  /* This process lets go of the file while the import runs: alone with it,
   * the import writes every page once (see hone-importer.c) */
  ok = hone_importer_load_preview (importer, 1, NULL, &error);
  if (ok)
    {
      hone_project_close (project);
      ok = hone_importer_run (importer, NULL, &error);
    }

  if (handler != 0)
    {
      g_signal_handler_disconnect (importer, handler);
      g_printerr ("\r\033[K");
    }

  if (!ok)
    {
      if (created)
        {
          hone_project_close (project);
          delete_project_file (project_file);
        }
      if (encoding == NULL && g_error_matches (error, HONE_ERROR, HONE_ERROR_ENCODING))
        {
          g_autoptr(GError) hint =
            g_error_new (HONE_ERROR, HONE_ERROR_ENCODING,
                         /* Translators: %s is what is wrong with the file; “--encoding windows-1252” is a command-line option */
                         _("%s To import it, run the command again with --encoding windows-1252 (or the file’s encoding: iso-8859-1, utf-16le, …)."),
                         error->message);
          return hone_cli_fail (hint);
        }
      return hone_cli_fail (error);
    }

  g_clear_object (&project);
  project = hone_project_open (project_file, HONE_PROJECT_OPEN_NONE, &error);
  if (project == NULL)
    return hone_cli_fail (error);

  print_summary (importer, project, argv[1], project_arg, created);

  /* Keep Hone's list of projects up to date */
  {
    g_autoptr(GError) index_error = NULL;
    g_autoptr(HoneProjectIndex) index = hone_project_index_new (NULL, &index_error);

    if (index != NULL &&
        (created || hone_project_index_lookup (index, project_file) != NULL) &&
        hone_project_index_add (index, project, created, &index_error) == NULL)
      index = NULL;
    if (index == NULL && index_error != NULL)
      hone_cli_warn (_("The examples were imported, but Hone could not update its list of projects: %s"),
                     index_error->message);
  }

  return HONE_CLI_EXIT_OK;
}

/* hone-cli export P.hone --format csv|tsv|jsonl|chat-jsonl [--split S] [-o FILE] */

int
hone_cli_export (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(HoneExporter) exporter = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *split_arg = NULL;
  g_autofree char *output = NULL;
  HoneExportFormat format = HONE_EXPORT_FORMAT_CSV;
  HoneSplit split = HONE_SPLIT_ANY;
  gboolean skip_bad_examples = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg,
      N_("csv, tsv, jsonl or chat-jsonl (default: from the name of the output file)"), N_("FORMAT") },
    { "split", 's', 0, G_OPTION_ARG_STRING, &split_arg,
      N_("Only the examples of this split: train, validation or excluded"), N_("SPLIT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { "skip-bad-examples", 0, 0, G_OPTION_ARG_NONE, &skip_bad_examples,
      N_("chat-jsonl: leave out the examples that cannot be rendered or give an empty message, and list them"), NULL },
    { NULL }
  };

  context = hone_cli_option_context_new (argv[0], _("FILE.hone"),
                                         _("Write the examples of the project in FILE.hone as CSV, TSV or JSON Lines:\n"
                                           "one row (or object) per example, one column (or key) per field, values as they are stored.\n"
                                           "chat-jsonl renders every example through the project’s templates instead, one\n"
                                           "{\"messages\":[…]} line each (excluded examples are left out), the format providers\n"
                                           "train on; it stops at the first example that cannot be rendered or whose user or\n"
                                           "assistant message is empty, unless --skip-bad-examples is given.\n"
                                           "The project is only read, never changed."),
                                         entries);
  if (!hone_cli_parse_options (context, argv[0], &argc, &argv))
    return HONE_CLI_EXIT_USAGE;

  if (argc < 2 || argv[1][0] == '\0')
    return hone_cli_usage_error (argv[0], _("Give the file of a project, like “Notes.hone”."));
  if (argc > 2)
    return hone_cli_usage_error (argv[0], _("Give one file, not more: “%s” is one too many."), argv[2]);

  if (format_arg != NULL)
    {
      if (!hone_export_format_from_string (format_arg, &format))
        return hone_cli_usage_error (argv[0], _("There is no format “%s”. Use csv, tsv, jsonl or chat-jsonl."), format_arg);
    }
  else
    {
      gboolean found = FALSE;

      for (HoneExportFormat f = HONE_EXPORT_FORMAT_CSV; output != NULL && f <= HONE_EXPORT_FORMAT_JSONL; f++)
        if (g_str_has_suffix (output, hone_export_format_get_extension (f)))
          {
            format = f;
            found = TRUE;
          }
      if (!found)
        return hone_cli_usage_error (argv[0], _("Give the format with --format csv, tsv, jsonl or chat-jsonl."));
    }
  if (split_arg != NULL && !hone_split_from_string (split_arg, &split))
    return hone_cli_usage_error (argv[0], _("There is no split “%s”. Use train, validation or excluded."), split_arg);
  if (skip_bad_examples && format != HONE_EXPORT_FORMAT_CHAT_JSONL)
    return hone_cli_usage_error (argv[0], _("--skip-bad-examples is for --format chat-jsonl."));

  file = g_file_new_for_commandline_arg (argv[1]);
  project = hone_project_open (file, HONE_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    return hone_cli_fail (error);

  exporter = hone_exporter_new (project, format);
  hone_exporter_set_split (exporter, split);
  hone_exporter_set_skip_bad_examples (exporter, skip_bad_examples);

  if (output != NULL)
    {
      g_autoptr(GFile) dest = g_file_new_for_commandline_arg (output);

      if (!hone_exporter_export (exporter, dest, NULL, &error))
        return hone_cli_fail (error);
    }
  else
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      fflush (stdout);
      if (!hone_exporter_export_to_stream (exporter, out, NULL, &error))
        return hone_cli_fail (error);
    }

  if (hone_exporter_get_n_skipped (exporter) > 0)
    {
      GArray *ids = hone_exporter_get_skipped_ids (exporter);
      guint64 n_skipped = hone_exporter_get_n_skipped (exporter);
      g_autofree char *count = hone_text_format_count (n_skipped);
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < ids->len && i < MAX_LISTED_PROBLEMS; i++)
        g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "", g_array_index (ids, gint64, i));
      if (n_skipped > MIN (ids->len, MAX_LISTED_PROBLEMS))
        g_string_append (list, ", …");

      /* On standard error: standard output may be the exported file */
      hone_cli_warn (g_dngettext (GETTEXT_PACKAGE,
                                  "Left out %s example that could not be rendered or has an empty message: %s",
                                  "Left out %s examples that could not be rendered or have an empty message: %s",
                                  n_skipped),
                     count, list->str);
    }

  return HONE_CLI_EXIT_OK;
}
