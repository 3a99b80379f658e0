/* hone-cli-private.h: what the files of hone-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "hone-model-catalog.h"
#include "hone-project.h"
#include "hone-validator.h"

G_BEGIN_DECLS

/* Exit statuses of hone-cli; scripts rely on them (see help/C/cli.page). */
typedef enum {
  HONE_CLI_EXIT_OK      = 0, /* the command did what was asked */
  HONE_CLI_EXIT_FAILURE = 1, /* the command failed: the message says why */
  HONE_CLI_EXIT_USAGE   = 2, /* the command was used wrongly */
} HoneCliExit;

/* A subcommand. @argv[0] is the name of the command, the rest are its
 * arguments; the function may rearrange @argv (GOptionContext does). Returns
 * a HoneCliExit. */
typedef int (*HoneCliRunFunc) (int    argc,
                               char **argv);

typedef struct {
  const char     *name;
  const char     *summary; /* untranslated, marked with N_() */
  HoneCliRunFunc  run;
} HoneCliCommand;

/* Commands, one group per file. Adding a command: write its run function in
 * src/cli/hone-cli-GROUP.c, declare it here and add it to the table in
 * hone-cli.c. */

/* hone-cli-project.c */
int             hone_cli_create                (int                  argc,
                                                char               **argv);
int             hone_cli_info                  (int                  argc,
                                                char               **argv);
int             hone_cli_projects              (int                  argc,
                                                char               **argv);

/* hone-cli-data.c */
int             hone_cli_import                (int                  argc,
                                                char               **argv);
int             hone_cli_export                (int                  argc,
                                                char               **argv);

/* hone-cli-render.c */
int             hone_cli_render                (int                  argc,
                                                char               **argv);
int             hone_cli_templates             (int                  argc,
                                                char               **argv);

/* hone-cli-tokens.c */
int             hone_cli_tokens                (int                  argc,
                                                char               **argv);

/* hone-cli-validate.c */
int             hone_cli_models                (int                  argc,
                                                char               **argv);
int             hone_cli_validate              (int                  argc,
                                                char               **argv);
int             hone_cli_estimate              (int                  argc,
                                                char               **argv);

/* What validate, estimate and finetune start share: the catalogue, the
 * project, the model and its check */
typedef struct {
  HoneModelCatalog    *catalog;
  HoneProject         *project;
  const HoneModelInfo *model;
  HoneValidation      *validation;
} HoneCliChecked;

void            hone_cli_checked_clear         (HoneCliChecked      *checked);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HoneCliChecked, hone_cli_checked_clear)

/* Opens @path (read only unless @writable), chooses the provider and model
 * (options, else the project's target) and validates the project for it.
 * FALSE with @exit_status set and the message printed when it cannot. */
gboolean        hone_cli_open_and_validate     (HoneCliChecked      *checked,
                                                const char          *command,
                                                const char          *path,
                                                const char          *provider,
                                                const char          *model_id,
                                                const char          *today,
                                                gboolean             writable,
                                                int                 *exit_status);

/* hone-cli-finetune.c */
int             hone_cli_finetune              (int                  argc,
                                                char               **argv);

/* Helpers, in hone-cli.c */

/* A GOptionContext for @command, which prints "hone-cli COMMAND [OPTION…]
 * @parameter_string" in its usage line. @summary is translated already. */
GOptionContext *hone_cli_option_context_new    (const char          *command,
                                                const char          *parameter_string,
                                                const char          *summary,
                                                const GOptionEntry  *entries);
/* Parses the options of @command. On a usage error prints it with a hint
 * and returns FALSE: the command then returns HONE_CLI_EXIT_USAGE. --help
 * prints the help and exits with status 0. */
gboolean        hone_cli_parse_options         (GOptionContext      *context,
                                                const char          *command,
                                                int                 *argc,
                                                char              ***argv);
/* Prints a usage error of @command (NULL for hone-cli itself) with a hint to
 * its --help; returns HONE_CLI_EXIT_USAGE. */
int             hone_cli_usage_error           (const char          *command,
                                                const char          *format,
                                                ...) G_GNUC_PRINTF (2, 3);
/* Prints "hone-cli: MESSAGE" on one line of stderr; returns
 * HONE_CLI_EXIT_FAILURE. */
int             hone_cli_fail                  (const GError        *error);
/* Prints a warning that does not make the command fail. */
void            hone_cli_warn                  (const char          *format,
                                                ...) G_GNUC_PRINTF (1, 2);

/* Prints @root, pretty, on stdout (always UTF-8), followed by a newline. */
void            hone_cli_print_json            (JsonNode            *root);

/* Number of terminal columns @text takes. */
guint           hone_cli_text_width            (const char          *text);
/* @text padded with spaces to @width columns, on the right (or on the left
 * when @align_right). Never cuts @text. */
char           *hone_cli_pad                   (const char          *text,
                                                guint                width,
                                                gboolean             align_right);

/* The width to wrap text for people at: the terminal's when stdout is one,
 * otherwise 80 columns. */
guint           hone_cli_get_text_width        (void);
/* Splits @text into lines of at most @width columns, at spaces; keeps the
 * line breaks @text has (and words longer than @width whole). */
GStrv           hone_cli_wrap                  (const char          *text,
                                                guint                width);

/* "2026-11-26 11:00" in local time, or "—" for 0 */
char           *hone_cli_format_local_time     (gint64               unix_time);
/* "2026-11-26T10:00:00Z", or NULL for 0 */
char           *hone_cli_format_utc_time       (gint64               unix_time);

/* A path for people and for JSON: valid UTF-8 whatever the file name is. */
char           *hone_cli_display_path          (GFile               *file);

G_END_DECLS
