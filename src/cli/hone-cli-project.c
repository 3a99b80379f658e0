/* hone-cli-project.c: create, info and projects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "hone-core.h"

#include "hone-cli-private.h"

/* Indentation of the lines under a heading in text output */
#define INDENT "  "
/* Space between columns */
#define GAP    "   "

static const HoneSplit splits[HONE_N_SPLITS] = {
  HONE_SPLIT_TRAIN,
  HONE_SPLIT_VALIDATION,
  HONE_SPLIT_EXCLUDED,
};

static const HoneTemplateRole roles[HONE_N_TEMPLATE_ROLES] = {
  HONE_TEMPLATE_ROLE_SYSTEM,
  HONE_TEMPLATE_ROLE_USER,
  HONE_TEMPLATE_ROLE_ASSISTANT,
};

/* Removes a project file we made and its SQLite companions. */
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

/* Checks the file name of a new project: it must end in .hone, so that the
 * desktop (and Hone's own file chooser) recognizes it. */
static gboolean
check_project_file_name (const char  *arg,
                         GError     **error)
{
  g_autofree char *display = g_filename_display_name (arg);
  g_autofree char *basename = g_path_get_basename (arg);
  g_autofree char *stem = NULL;
  g_autofree char *suggestion = NULL;
  gsize len = strlen (display);
  gsize ext_len = strlen (HONE_PROJECT_EXTENSION);

  if (g_str_has_suffix (arg, HONE_PROJECT_EXTENSION) &&
      !g_str_equal (basename, HONE_PROJECT_EXTENSION))
    return TRUE;

  /* "Notes.HONE" → "Notes.hone" rather than "Notes.HONE.hone" */
  if (len > ext_len &&
      g_ascii_strcasecmp (display + len - ext_len, HONE_PROJECT_EXTENSION) == 0)
    stem = g_strndup (display, len - ext_len);
  else
    stem = g_strdup (display);

  if (g_str_has_suffix (stem, "/") || g_str_equal (basename, HONE_PROJECT_EXTENSION))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   /* Translators: %s is a file name, like “Notes.hone” */
                   _("“%s” is not a file name for a project. Give a name that ends in .hone, like “Notes.hone”."),
                   display);
      return FALSE;
    }

  suggestion = g_strconcat (stem, HONE_PROJECT_EXTENSION, NULL);
  g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
               /* Translators: both %s are file names */
               _("The name of a project file ends in .hone, and “%s” does not. Use “%s” instead."),
               display, suggestion);
  return FALSE;
}

static gboolean
check_project_name (const char  *name,
                    GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("The name of the project is empty. Give the project a name with --name."));
      return FALSE;
    }

  return TRUE;
}

/* hone-cli create FILE.hone --name NAME [--sample] */

int
hone_cli_create (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(HoneProjectIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  gboolean sample = FALSE;
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
      N_("The name of the project, as Hone shows it"), N_("NAME") },
    { "sample", 's', 0, G_OPTION_ARG_NONE, &sample,
      N_("Fill the project with the sample fields, templates and examples"), NULL },
    { NULL }
  };

  context = hone_cli_option_context_new (argv[0], _("FILE.hone"),
                                         _("Create a new project in FILE.hone and add it to Hone’s list of projects.\n"
                                           "Prints the full path of the new file."),
                                         entries);
  if (!hone_cli_parse_options (context, argv[0], &argc, &argv))
    return HONE_CLI_EXIT_USAGE;

  if (argc < 2 || argv[1][0] == '\0')
    return hone_cli_usage_error (argv[0], _("Give the file of the new project, like “Notes.hone”."));
  if (argc > 2)
    return hone_cli_usage_error (argv[0], _("Give one file, not more: “%s” is one too many."), argv[2]);
  if (name == NULL && !sample)
    return hone_cli_usage_error (argv[0], _("Give the project a name with --name NAME."));

  if (!check_project_file_name (argv[1], &error) ||
      (name != NULL && !check_project_name (name, &error)))
    return hone_cli_fail (error);

  file = g_file_new_for_commandline_arg (argv[1]);
  display = hone_cli_display_path (file);

  /* The core refuses too, but a message in the words of a command line reads
   * better, and this way an existing file is never opened. */
  if (g_file_query_exists (file, NULL))
    {
      g_set_error (&error, HONE_ERROR, HONE_ERROR_EXISTS,
                   _("“%s” already exists. Choose another file name."),
                   display);
      return hone_cli_fail (error);
    }

  if (sample)
    project = hone_sample_create (file, &error);
  else
    project = hone_project_create (file, name, &error);

  if (project == NULL)
    return hone_cli_fail (error);

  if (sample && name != NULL && !hone_project_set_name (project, name, &error))
    {
      hone_project_close (project);
      delete_project_file (file);
      return hone_cli_fail (error);
    }

  /* The project exists now, whatever happens to the index: say where it is.
   * Not with g_print(): the path is printed as the bytes it is made of,
   * whatever the locale, so that scripts can use it. */
  path = g_file_get_path (file);
  fputs (path != NULL ? path : display, stdout);
  fputc ('\n', stdout);
  fflush (stdout);

  index = hone_project_index_new (NULL, &error);
  if (index == NULL ||
      hone_project_index_add (index, project, TRUE, &error) == NULL)
    {
      hone_cli_warn (_("The project was created, but Hone could not add it to its list of projects: %s"),
                     error->message);
    }

  return HONE_CLI_EXIT_OK;
}

/* hone-cli info FILE.hone [--json] */

typedef struct {
  gint64 counts[HONE_N_SPLITS];
  gint64 total;
} ExampleCounts;

static gboolean
count_examples (HoneProject    *project,
                ExampleCounts  *counts,
                GError        **error)
{
  for (guint i = 0; i < HONE_N_SPLITS; i++)
    {
      counts->counts[i] = hone_project_count_examples (project, splits[i], error);
      if (counts->counts[i] < 0)
        return FALSE;
    }

  counts->total = hone_project_count_examples (project, HONE_SPLIT_ANY, error);
  if (counts->total < 0)
    return FALSE;

  return TRUE;
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *member,
                 gint64       unix_time)
{
  g_autofree char *text = hone_cli_format_utc_time (unix_time);

  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
print_info_json (HoneProject         *project,
                 const ExampleCounts *counts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *file = hone_cli_display_path (hone_project_get_file (project));
  const char *description = hone_project_get_description (project);
  GListModel *fields = hone_project_get_fields (project);
  guint n_fields = g_list_model_get_n_items (fields);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, hone_project_get_name (project));
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description != NULL ? description : "");
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, file);
  add_time_member (builder, "created", hone_project_get_created (project));
  add_time_member (builder, "modified", hone_project_get_modified (project));

  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autoptr(HoneField) field = g_list_model_get_item (fields, i);
      const char *field_description = hone_field_get_description (field);
      const char * const *allowed = hone_field_get_allowed_values (field);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, hone_field_get_name (field));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, hone_field_kind_to_string (hone_field_get_kind (field)));
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, field_description != NULL ? field_description : "");
      json_builder_set_member_name (builder, "allowed_values");
      json_builder_begin_array (builder);
      for (guint j = 0; allowed != NULL && allowed[j] != NULL; j++)
        json_builder_add_string_value (builder, allowed[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "examples");
  json_builder_begin_object (builder);
  for (guint i = 0; i < HONE_N_SPLITS; i++)
    {
      json_builder_set_member_name (builder, hone_split_to_string (splits[i]));
      json_builder_add_int_value (builder, counts->counts[i]);
    }
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, counts->total);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "templates");
  json_builder_begin_object (builder);
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      const char *text = hone_project_get_template (project, roles[i]);

      json_builder_set_member_name (builder, hone_template_role_to_string (roles[i]));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text != NULL ? text : "");
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, hone_project_get_template_version (project, roles[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  hone_cli_print_json (root);
}

/* Prints "  LABEL   VALUE" lines with the labels aligned */
typedef struct {
  const char *label;
  char       *value;
} Row;

static void
print_rows (const Row *rows,
            guint      n_rows,
            gboolean   values_right)
{
  guint label_width = 0;
  guint value_width = 0;

  for (guint i = 0; i < n_rows; i++)
    {
      label_width = MAX (label_width, hone_cli_text_width (rows[i].label));
      value_width = MAX (value_width, hone_cli_text_width (rows[i].value));
    }

  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *label = hone_cli_pad (rows[i].label, label_width, FALSE);
      g_autofree char *value = hone_cli_pad (rows[i].value, values_right ? value_width : 0, values_right);

      g_print (INDENT "%s" GAP "%s\n", label, value);
    }
}

/* Prints @text with every line indented by @indent */
static void
print_indented (const char *text,
                const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* A text that ends in a newline has nothing after it */
      if (lines[i + 1] == NULL && lines[i][0] == '\0' && i > 0)
        break;

      if (lines[i][0] == '\0')
        g_print ("\n");
      else
        g_print ("%s%s\n", indent, lines[i]);
    }
}

static void
print_info_text (HoneProject         *project,
                 const ExampleCounts *counts)
{
  g_autofree char *file = hone_cli_display_path (hone_project_get_file (project));
  g_autofree char *created = hone_cli_format_local_time (hone_project_get_created (project));
  g_autofree char *modified = hone_cli_format_local_time (hone_project_get_modified (project));
  const char *description = hone_project_get_description (project);
  GListModel *fields = hone_project_get_fields (project);
  guint n_fields = g_list_model_get_n_items (fields);
  guint text_width = hone_cli_get_text_width ();

  /* Title and description */
  g_print ("%s\n", hone_project_get_name (project));
  if (description != NULL && description[0] != '\0')
    {
      g_auto(GStrv) lines = hone_cli_wrap (description, text_width);

      g_print ("\n");
      for (guint i = 0; lines[i] != NULL; i++)
        g_print ("%s\n", lines[i]);
    }
  g_print ("\n");

  {
    Row rows[] = {
      { _("File"), file },
      { _("Created"), created },
      { _("Last change"), modified },
    };

    print_rows (rows, G_N_ELEMENTS (rows), FALSE);
  }

  /* Fields */
  g_print ("\n%s\n", _("Fields"));
  if (n_fields == 0)
    {
      g_print (INDENT "%s\n", _("No fields yet."));
    }
  else
    {
      guint name_width = 0;
      guint kind_width = 0;
      guint column;
      guint wrap_width;
      g_autofree char *indent = NULL;

      for (guint i = 0; i < n_fields; i++)
        {
          g_autoptr(HoneField) field = g_list_model_get_item (fields, i);

          name_width = MAX (name_width, hone_cli_text_width (hone_field_get_name (field)));
          kind_width = MAX (kind_width, hone_cli_text_width (hone_field_kind_get_label (hone_field_get_kind (field))));
        }

      /* Descriptions go in a third column when it is wide enough, else
       * under the name, indented. */
      column = (guint) strlen (INDENT) + name_width + kind_width + 2 * (guint) strlen (GAP);
      if (column + 30 <= text_width)
        {
          indent = hone_cli_pad ("", column, FALSE);
          wrap_width = text_width - column;
        }
      else
        {
          indent = g_strdup (INDENT INDENT);
          wrap_width = text_width - 2 * (guint) strlen (INDENT);
        }

      for (guint i = 0; i < n_fields; i++)
        {
          g_autoptr(HoneField) field = g_list_model_get_item (fields, i);
          HoneFieldKind kind = hone_field_get_kind (field);
          const char *field_description = hone_field_get_description (field);
          const char * const *allowed = hone_field_get_allowed_values (field);
          g_autofree char *name = hone_cli_pad (hone_field_get_name (field), name_width, FALSE);
          g_autofree char *kind_label = hone_cli_pad (hone_field_kind_get_label (kind), kind_width, FALSE);
          g_autoptr(GString) text = g_string_new (NULL);
          g_auto(GStrv) lines = NULL;
          guint first = 0;

          if (field_description != NULL)
            g_string_append (text, field_description);

          if (kind == HONE_FIELD_KIND_LABEL && allowed != NULL && allowed[0] != NULL)
            {
              g_autofree char *values = g_strjoinv (", ", (char **) allowed);

              if (text->len > 0)
                g_string_append_c (text, '\n');
              /* Translators: %s is a list of labels, like “formal, casual” */
              g_string_append_printf (text, _("One of: %s"), values);
            }

          lines = hone_cli_wrap (text->str, wrap_width);

          /* The first line of the description beside the kind, when it fits */
          if (lines[0] != NULL && lines[0][0] != '\0' && wrap_width == text_width - column)
            {
              g_print (INDENT "%s" GAP "%s" GAP "%s\n", name, kind_label, lines[0]);
              first = 1;
            }
          else
            {
              g_print (INDENT "%s" GAP "%s\n", name, g_strchomp (kind_label));
            }

          for (guint j = first; lines[j] != NULL; j++)
            {
              if (lines[j][0] == '\0')
                g_print ("\n");
              else
                g_print ("%s%s\n", indent, lines[j]);
            }
        }
    }

  /* Examples */
  g_print ("\n%s\n", _("Examples"));
  {
    Row rows[HONE_N_SPLITS + 1];

    for (guint i = 0; i < HONE_N_SPLITS; i++)
      {
        rows[i].label = hone_split_get_label (splits[i]);
        rows[i].value = g_strdup_printf ("%" G_GINT64_FORMAT, counts->counts[i]);
      }
    rows[HONE_N_SPLITS].label = _("Total");
    rows[HONE_N_SPLITS].value = g_strdup_printf ("%" G_GINT64_FORMAT, counts->total);

    print_rows (rows, G_N_ELEMENTS (rows), TRUE);

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      g_free (rows[i].value);
  }

  /* Templates */
  g_print ("\n%s\n", _("Templates"));
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      const char *text = hone_project_get_template (project, roles[i]);
      gint64 version = hone_project_get_template_version (project, roles[i]);

      if (i > 0)
        g_print ("\n");

      if (version <= 0 || text == NULL || text[0] == '\0')
        {
          g_print (INDENT "%s\n", hone_template_role_get_label (roles[i]));
          /* Translators: shown under a template that was never written */
          g_print (INDENT INDENT "%s\n", _("(not written yet)"));
        }
      else
        {
          g_autofree char *heading = NULL;
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

          /* Translators: the first %s is a template, like “System prompt”;
           * the second is a number that grows each time it is changed */
          heading = g_strdup_printf (_("%s (version %s)"),
                                     hone_template_role_get_label (roles[i]), number);
          g_print (INDENT "%s\n", heading);
          print_indented (text, INDENT INDENT);
        }
    }
}

int
hone_cli_info (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  ExampleCounts counts = { { 0 }, 0 };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print JSON for a script to read"), NULL },
    { NULL }
  };

  context = hone_cli_option_context_new (argv[0], _("FILE.hone"),
                                         _("Show the name, fields, examples and templates of the project in FILE.hone.\n"
                                           "The file is only read, never changed."),
                                         entries);
  if (!hone_cli_parse_options (context, argv[0], &argc, &argv))
    return HONE_CLI_EXIT_USAGE;

  if (argc < 2 || argv[1][0] == '\0')
    return hone_cli_usage_error (argv[0], _("Give the file of a project, like “Notes.hone”."));
  if (argc > 2)
    return hone_cli_usage_error (argv[0], _("Give one file, not more: “%s” is one too many."), argv[2]);

  file = g_file_new_for_commandline_arg (argv[1]);
  project = hone_project_open (file, HONE_PROJECT_OPEN_READ_ONLY, &error);
  if (project == NULL)
    return hone_cli_fail (error);

  if (!count_examples (project, &counts, &error))
    return hone_cli_fail (error);

  if (json)
    print_info_json (project, &counts);
  else
    print_info_text (project, &counts);

  return HONE_CLI_EXIT_OK;
}

/* hone-cli projects [--json] */

static void
print_projects_json (GListModel *model)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_items = g_list_model_get_n_items (model);

  json_builder_begin_array (builder);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(HoneProjectInfo) info = g_list_model_get_item (model, i);
      g_autofree char *file = hone_cli_display_path (hone_project_info_get_file (info));
      const char *name = hone_project_info_get_name (info);
      const char *problem = hone_project_info_get_problem (info);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name != NULL ? name : "");
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, file);
      json_builder_set_member_name (builder, "examples");
      json_builder_add_int_value (builder, hone_project_info_get_n_examples (info));
      json_builder_set_member_name (builder, "fields");
      json_builder_add_int_value (builder, hone_project_info_get_n_fields (info));
      add_time_member (builder, "modified", hone_project_info_get_modified (info));
      add_time_member (builder, "last_opened", hone_project_info_get_last_opened (info));
      json_builder_set_member_name (builder, "available");
      json_builder_add_boolean_value (builder, hone_project_info_get_available (info));
      json_builder_set_member_name (builder, "problem");
      if (problem != NULL)
        json_builder_add_string_value (builder, problem);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  hone_cli_print_json (root);
}

typedef struct {
  char *name;
  char *examples;
  char *modified;
  char *file;
  char *problem;
} ProjectLine;

static void
project_line_clear (gpointer data)
{
  ProjectLine *line = data;

  g_free (line->name);
  g_free (line->examples);
  g_free (line->modified);
  g_free (line->file);
  g_free (line->problem);
}

static void
print_projects_text (GListModel *model)
{
  g_autoptr(GArray) lines = NULL;
  guint n_items = g_list_model_get_n_items (model);
  guint widths[3];
  const char *heading_name = _("Name");
  const char *heading_examples = _("Examples");
  const char *heading_modified = _("Last change");
  const char *heading_file = _("File");

  if (n_items == 0)
    {
      /* Translators: “hone-cli create FILE.hone --name NAME” is a command */
      g_print ("%s\n", _("No projects yet. Create one with “hone-cli create FILE.hone --name NAME”."));
      return;
    }

  lines = g_array_sized_new (FALSE, TRUE, sizeof (ProjectLine), n_items);
  g_array_set_clear_func (lines, project_line_clear);

  widths[0] = hone_cli_text_width (heading_name);
  widths[1] = hone_cli_text_width (heading_examples);
  widths[2] = hone_cli_text_width (heading_modified);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(HoneProjectInfo) info = g_list_model_get_item (model, i);
      const char *name = hone_project_info_get_name (info);
      const char *problem = hone_project_info_get_problem (info);
      ProjectLine line;

      line.name = g_strdup (name != NULL && name[0] != '\0' ? name : "—");
      if (hone_project_info_get_available (info))
        line.examples = g_strdup_printf ("%" G_GINT64_FORMAT, hone_project_info_get_n_examples (info));
      else
        line.examples = g_strdup ("—");
      line.modified = hone_cli_format_local_time (hone_project_info_get_modified (info));
      line.file = hone_cli_display_path (hone_project_info_get_file (info));
      line.problem = (!hone_project_info_get_available (info) && problem != NULL) ? g_strdup (problem) : NULL;

      widths[0] = MAX (widths[0], hone_cli_text_width (line.name));
      widths[1] = MAX (widths[1], hone_cli_text_width (line.examples));
      widths[2] = MAX (widths[2], hone_cli_text_width (line.modified));

      g_array_append_val (lines, line);
    }

  {
    g_autofree char *name = hone_cli_pad (heading_name, widths[0], FALSE);
    g_autofree char *examples = hone_cli_pad (heading_examples, widths[1], TRUE);
    g_autofree char *modified = hone_cli_pad (heading_modified, widths[2], FALSE);

    g_print ("%s" GAP "%s" GAP "%s" GAP "%s\n", name, examples, modified, heading_file);
  }

  for (guint i = 0; i < lines->len; i++)
    {
      ProjectLine *line = &g_array_index (lines, ProjectLine, i);
      g_autofree char *name = hone_cli_pad (line->name, widths[0], FALSE);
      g_autofree char *examples = hone_cli_pad (line->examples, widths[1], TRUE);
      g_autofree char *modified = hone_cli_pad (line->modified, widths[2], FALSE);

      if (line->problem != NULL)
        g_print ("%s" GAP "%s" GAP "%s" GAP "%s" GAP "(%s)\n",
                 name, examples, modified, line->file, line->problem);
      else
        g_print ("%s" GAP "%s" GAP "%s" GAP "%s\n", name, examples, modified, line->file);
    }
}

int
hone_cli_projects (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HoneProjectIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print JSON for a script to read"), NULL },
    { NULL }
  };

  context = hone_cli_option_context_new (argv[0], NULL,
                                         _("List the projects that Hone’s Projects window shows, most recently opened first."),
                                         entries);
  if (!hone_cli_parse_options (context, argv[0], &argc, &argv))
    return HONE_CLI_EXIT_USAGE;

  if (argc > 1)
    return hone_cli_usage_error (argv[0], _("“projects” takes no file; “%s” is one too many."), argv[1]);

  index = hone_project_index_new (NULL, &error);
  if (index == NULL)
    return hone_cli_fail (error);

  if (!hone_project_index_refresh (index, NULL, &error))
    return hone_cli_fail (error);

  if (json)
    print_projects_json (hone_project_index_get_model (index));
  else
    print_projects_text (hone_project_index_get_model (index));

  return HONE_CLI_EXIT_OK;
}
