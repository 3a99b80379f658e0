/* hone-cli-test-util.h: running the real hone-cli in a fresh directory,
 * for the tests of tests/cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* As in test-cli.c: every test gets a fresh directory; "data" is
 * XDG_DATA_HOME, "work" is where hone-cli runs. */
typedef struct {
  char *root;
  char *data_home;
  char *config_home;
  char *work;
} Fixture;

typedef struct {
  int   status;
  char *out;
  gsize out_len;
  char *err;
} Result;

static G_GNUC_UNUSED void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static G_GNUC_UNUSED void
rm_rf (GFile *file)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;

  enumerator = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (enumerator != NULL)
    {
      while (TRUE)
        {
          GFileInfo *info = NULL;
          GFile *child = NULL;

          if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, NULL) || info == NULL)
            break;
          rm_rf (child);
        }
    }

  g_file_delete (file, NULL, NULL);
}

static G_GNUC_UNUSED void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->root = g_dir_make_tmp ("hone-test-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_home = g_build_filename (f->root, "data", NULL);
  f->config_home = g_build_filename (f->root, "config", NULL);
  f->work = g_build_filename (f->root, "work", NULL);
  g_assert_cmpint (g_mkdir (f->data_home, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (f->work, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (f->config_home, 0700), ==, 0);
}

static G_GNUC_UNUSED void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GFile) root = g_file_new_for_path (f->root);

  rm_rf (root);
  g_clear_pointer (&f->root, g_free);
  g_clear_pointer (&f->data_home, g_free);
  g_clear_pointer (&f->config_home, g_free);
  g_clear_pointer (&f->work, g_free);
}

static G_GNUC_UNUSED const char *
hone_cli_path (void)
{
  const char *path = g_getenv ("HONE_CLI");

  if (path == NULL)
    g_error ("HONE_CLI must name the hone-cli binary to test; run this test with meson test");
  return path;
}

/* Runs hone-cli with ARGS, STDIN_TEXT (may be NULL) on its standard input */
static G_GNUC_UNUSED void
run_cli_full (Fixture            *f,
              Result             *result,
              const char         *stdin_text,
              gssize              stdin_len,
              const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command_line = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  g_ptr_array_add (argv, (char *) hone_cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (stdin_text != NULL)
    {
      flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
      in = g_bytes_new (stdin_text, stdin_len < 0 ? strlen (stdin_text) : (gsize) stdin_len);
    }

  launcher = g_subprocess_launcher_new (flags);
  g_subprocess_launcher_set_cwd (launcher, f->work);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", f->root, TRUE);
  /* Nobody's own settings or model catalogue: only the test's */
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", f->config_home, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, in, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  command_line = g_strjoinv (" ", (char **) args);
  result->status = g_subprocess_get_exit_status (process);
  result->out_len = g_bytes_get_size (out);
  result->out = result->out_len > 0 ? g_strndup (g_bytes_get_data (out, NULL), result->out_len) : g_strdup ("");
  result->err = g_bytes_get_size (err) > 0 ? g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err)) : g_strdup ("");

  if (result->out_len < 4096)
    g_test_message ("hone-cli %s -> %d\n--- stdout:\n%s--- stderr:\n%s---",
                    command_line, result->status, result->out, result->err);
  else
    g_test_message ("hone-cli %s -> %d (%" G_GSIZE_FORMAT " bytes out)\n--- stderr:\n%s---",
                    command_line, result->status, result->out_len, result->err);
}

#define run_cli(f, result, ...) \
  G_STMT_START { \
    const char * const _args[] = { __VA_ARGS__, NULL }; \
    run_cli_full ((f), (result), NULL, 0, _args); \
  } G_STMT_END

#define run_cli_in(f, result, input, ...) \
  G_STMT_START { \
    const char * const _args[] = { __VA_ARGS__, NULL }; \
    run_cli_full ((f), (result), (input), -1, _args); \
  } G_STMT_END

/* Writes @len bytes of @contents (-1: up to the NUL) to @name in the work
 * directory */
static G_GNUC_UNUSED void
write_work_file_len (Fixture    *f,
                     const char *name,
                     const char *contents,
                     gssize      len)
{
  g_autofree char *path = g_build_filename (f->work, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

static G_GNUC_UNUSED void
write_work_file (Fixture    *f,
                 const char *name,
                 const char *contents)
{
  write_work_file_len (f, name, contents, -1);
}

/* SHA-256 of a file's bytes */
static G_GNUC_UNUSED char *
work_file_checksum (Fixture    *f,
                    const char *name)
{
  g_autofree char *path = g_build_filename (f->work, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static G_GNUC_UNUSED char *
read_work_file (Fixture    *f,
                const char *name)
{
  g_autofree char *path = g_build_filename (f->work, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Exit status 1, nothing on stdout, one line on stderr */
static G_GNUC_UNUSED void
assert_user_error (const Result *result)
{
  g_assert_cmpint (result->status, ==, 1);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "hone-cli: "));
  g_assert_true (g_str_has_suffix (result->err, "\n"));
  g_assert_true (strchr (result->err, '\n') == result->err + strlen (result->err) - 1);
}

static G_GNUC_UNUSED void
assert_usage_error (const Result *result)
{
  g_assert_cmpint (result->status, ==, 2);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "hone-cli: "));
  g_assert_nonnull (strstr (result->err, "--help"));
}

static G_GNUC_UNUSED JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}
