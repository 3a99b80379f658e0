/* test-secrets-leak.c: a planted API key must not be found anywhere Hone
 * writes or says things — the project file, the settings (a keyfile here),
 * exports, every log line (G_MESSAGES_DEBUG=all), hone-cli's output and the
 * error of a refused "Test connection" whose server echoed the key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "hone-connection-check.h"
#include "hone-http.h"
#include "hone-secrets.h"
#include "hone-secrets-test-util.h"

/* Unique enough to never be in a file by chance */
#define PLANTED "hone-planted-key-7d3a9f41c2b86e05"

static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append_printf (captured_log, "%s=%s ", fields[i].key, (const char *) fields[i].value);
      else
        {
          g_string_append_printf (captured_log, "%s=", fields[i].key);
          g_string_append_len (captured_log, fields[i].value, fields[i].length);
          g_string_append_c (captured_log, ' ');
        }
    }
  g_string_append_c (captured_log, '\n');

  /* Still fatal for criticals and warnings (G_DEBUG=fatal-warnings) */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* Every file under @dir holding @needle, but for the keyring's own files */
static void
find_in_tree (const char *dir,
              const char *needle,
              GPtrArray  *found,
              guint      *n_files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          /* The keyring is the one place the key belongs (encrypted) */
          if (!g_str_equal (name, "keyrings"))
            find_in_tree (path, needle, found, n_files);
          continue;
        }
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      (*n_files)++;
      g_test_message ("Searching %s", path);
      if (g_file_get_contents (path, &contents, &len, NULL)
          && hone_test_bytes_contain (contents, len, needle))
        g_ptr_array_add (found, g_steal_pointer (&path));
    }
}

static void
run_cli (GString    *outputs,
         const char *work_dir,
         gboolean    must_succeed,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("HONE_CLI"));
  va_start (args, must_succeed);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "TOGETHER_API_KEY", PLANTED, TRUE);
  envp = g_environ_setenv (envp, "FIREWORKS_API_KEY", PLANTED, TRUE);
  envp = g_environ_setenv (envp, "OPENAI_API_KEY", PLANTED, TRUE);
  envp = g_environ_setenv (envp, "G_MESSAGES_DEBUG", "all", TRUE);

  g_spawn_sync (work_dir, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("hone-cli %s: exit %d, %zu + %zu bytes of output",
                  (const char *) argv->pdata[1], status, strlen (out), strlen (err));
  if (must_succeed)
    {
      if (!g_spawn_check_wait_status (status, NULL))
        g_printerr ("%s", err);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }

  g_string_append (outputs, out);
  g_string_append (outputs, err);
}

static void
test_planted_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneTestKeyring) keyring = NULL;
  HoneTestModelsServer *server;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) stored_compatible = NULL;
  g_autoptr(GAsyncResult) checked = NULL;
  g_autoptr(GString) outputs = g_string_new (NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *compatible = NULL;
  g_autofree char *message = NULL;
  g_autofree char *project = NULL;
  g_autofree char *control = NULL;
  g_autofree char *lookup_key = NULL;
  const char *dir;
  guint n_files = 0;

  keyring = hone_test_keyring_start (TRUE, &error);
  if (keyring == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("No keyring can run here: %s", error->message);
      g_test_skip (reason);
      return;
    }
  dir = hone_test_keyring_get_dir (keyring);
  server = hone_test_models_server_new ("the-good-key");

  /* The key in the keyring, for Together and for a compatible server */
  hone_secrets_store_async ("together", PLANTED, NULL, result_cb, &stored);
  g_assert_true (hone_secrets_store_finish (wait_result (&stored), &error));
  g_assert_no_error (error);
  compatible = hone_secrets_dup_compatible_provider (hone_test_models_server_get_url (server));
  hone_secrets_store_async (compatible, PLANTED, NULL, result_cb, &stored_compatible);
  g_assert_true (hone_secrets_store_finish (wait_result (&stored_compatible), &error));
  lookup_key = hone_secrets_lookup_for_cli ("together", NULL, &error);
  g_assert_cmpstr (lookup_key, ==, PLANTED);

  /* Settings: the server's address (what Preferences stores) */
  settings = g_settings_new ("app.hone.Hone");
  g_settings_set_string (settings, "compatible-base-url", hone_test_models_server_get_url (server));
  g_settings_sync ();

  /* Test connection, refused by a server that echoes the key */
  session = hone_http_session_new ();
  hone_connection_check_async (session, compatible, NULL, PLANTED, NULL, result_cb, &checked);
  message = hone_connection_check_finish (wait_result (&checked), &error);
  g_assert_null (message);
  g_assert_nonnull (error);
  g_test_message ("Refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, "401"));
  g_string_append (outputs, error->message);
  g_assert_cmpuint (hone_test_models_server_get_hits (server), >=, 1);

  /* hone-cli, with the key in the environment and every debug message on */
  project = g_build_filename (dir, "planted.hone", NULL);
  run_cli (outputs, dir, TRUE, "create", project, "--sample", NULL);
  run_cli (outputs, dir, TRUE, "info", project, NULL);
  run_cli (outputs, dir, TRUE, "projects", NULL);
  run_cli (outputs, dir, TRUE, "export", project, "--format", "jsonl", "-o", "out.jsonl", NULL);
  run_cli (outputs, dir, TRUE, "export", project, "--format", "chat-jsonl", "-o", "out-chat.jsonl", NULL);
  run_cli (outputs, dir, TRUE, "export", project, "--format", "csv", "-o", "out.csv", NULL);
  run_cli (outputs, dir, FALSE, "validate", project, "--provider", "together", "--model", "Qwen/Qwen3-8B", NULL);
  run_cli (outputs, dir, FALSE, "estimate", project, "--provider", "openai", "--model", "gpt-4.1-mini-2025-04-14", NULL);
  run_cli (outputs, dir, FALSE, "models", NULL);
  g_assert_true (g_file_test (project, G_FILE_TEST_EXISTS));

  /* The search itself must be able to find it: a control file */
  control = g_build_filename (dir, "control.txt", NULL);
  g_assert_true (g_file_set_contents (control, "x " PLANTED " y", -1, NULL));
  find_in_tree (dir, PLANTED, found, &n_files);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (found, 0), ==, control);
  g_ptr_array_set_size (found, 0);
  g_unlink (control);
  n_files = 0;

  /* The planted key is nowhere: files (project, settings keyfile, exports,
   * hone-cli's index of projects, …), outputs, messages, logs */
  find_in_tree (dir, PLANTED, found, &n_files);
  g_test_message ("Searched %u files, %zu bytes of output and %zu of log",
                  n_files, outputs->len, captured_log->len);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("The key was found in %s", (const char *) g_ptr_array_index (found, i));
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_cmpuint (n_files, >=, 5);
  g_assert_null (strstr (outputs->str, PLANTED));
  g_assert_null (strstr (captured_log->str, PLANTED));
  /* The logs did run: debug messages were captured */
  g_assert_nonnull (strstr (captured_log->str, "Storing the API key of together"));

  hone_test_models_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Settings in a keyfile under the test's directory (see
   * hone_test_keyring_start()), so they can be searched */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);

  /* Every message, into a buffer that is searched */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add_func ("/secrets/planted-key", test_planted_key);

  return g_test_run ();
}
