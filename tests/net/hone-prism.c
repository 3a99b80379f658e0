/* hone-prism.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-chat.h"
#include "hone-error.h"
#include "hone-prism.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>

struct _HonePrism
{
  GSubprocess *process;
  char        *tmp_dir;
  char        *log_path;
  char        *base_url;
  gboolean     exited;
};

void
hone_prism_got_result (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

GAsyncResult *
hone_prism_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* The spec's path, or NULL when it is not there */
static char *
find_spec (const char *spec)
{
  const char *dir = g_getenv ("HONE_ORACLES_DIR");
  g_autofree char *fallback = NULL;
  char *path;

  if (dir == NULL && g_getenv ("HONE_SOURCE_ROOT") != NULL)
    dir = fallback = g_build_filename (g_getenv ("HONE_SOURCE_ROOT"), "..", "shared", "oracles", NULL);
  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, spec, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&path, g_free);
  return path;
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GError *error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
prism_ended (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  HonePrism *self = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  self->exited = TRUE;
}

/* Prism takes from a few seconds (Together's spec) to half a minute
 * (OpenAI's 3 MB one) to load a spec */
static gboolean
wait_for_prism (HonePrism  *self,
                const char *probe_path,
                guint       timeout_s)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (self->base_url, probe_path, NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (self->exited)
        return FALSE;
      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", "Bearer test");
      body = soup_session_send_and_read (session, message, NULL, NULL);
      if (body != NULL && soup_message_get_status (message) == SOUP_STATUS_OK)
        return TRUE;
      g_usleep (200 * 1000);
    }
  return FALSE;
}

HonePrism *
hone_prism_start (const char    *spec,
                  const char    *spec_description,
                  HonePrismMode  mode,
                  const char    *probe_path,
                  guint          timeout_s)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *spec_path = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *prism_bin = NULL;
  g_autofree char *node = NULL;
  g_autofree char *port = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  HonePrism *self;
  GError *error = NULL;

  spec_path = find_spec (spec);
  if (spec_path == NULL)
    {
      g_print ("SKIP: %s (%s) was not found (set HONE_ORACLES_DIR, or put shared/oracles "
               "beside the source tree).\n", spec_description, spec);
      return NULL;
    }
  cache = g_build_filename (g_get_user_cache_dir (), "hone-oracles", NULL);
  prism_bin = g_build_filename (cache, "node_modules", ".bin", "prism", NULL);
  node = g_find_program_in_path ("node");
  if (node == NULL || !g_file_test (prism_bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_print ("SKIP: node or Prism is missing (%s): run build-aux/dev.sh test, which installs "
               "@stoplight/prism-cli@5.14.2 there.\n", prism_bin);
      return NULL;
    }

  self = g_new0 (HonePrism, 1);
  self->tmp_dir = g_dir_make_tmp ("hone-prism-XXXXXX", &error);
  g_assert_no_error (error);
  self->log_path = g_build_filename (self->tmp_dir, "prism.log", NULL);
  port = g_strdup_printf ("%u", free_port ());
  self->base_url = g_strdup_printf ("http://127.0.0.1:%s", port);

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, prism_bin);
  g_ptr_array_add (argv, (char *) "mock");
  if (mode == HONE_PRISM_ERRORS)
    g_ptr_array_add (argv, (char *) "--errors");
  g_ptr_array_add (argv, (char *) "-h");
  g_ptr_array_add (argv, (char *) "127.0.0.1");
  g_ptr_array_add (argv, (char *) "-p");
  g_ptr_array_add (argv, port);
  g_ptr_array_add (argv, spec_path);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_stdout_file_path (launcher, self->log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, self->log_path);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (self->process, NULL, prism_ended, self);

  if (!wait_for_prism (self, probe_path, timeout_s))
    {
      hone_prism_print_log (self);
      g_subprocess_force_exit (self->process);
      g_error ("Prism did not start on %s within %u s", self->base_url, timeout_s);
    }
  return self;
}

const char *
hone_prism_get_base_url (HonePrism *self)
{
  return self->base_url;
}

void
hone_prism_print_log (HonePrism *self)
{
  g_autofree char *log = NULL;

  if (g_file_get_contents (self->log_path, &log, NULL, NULL))
    {
      gsize len = strlen (log);

      g_printerr ("---- Prism's log (end) ----\n%s\n", len > 20000 ? log + len - 20000 : log);
    }
}

void
hone_prism_assert_accepted (HonePrism  *self,
                            GError     *error,
                            const char *what)
{
  if (error == NULL)
    return;
  hone_prism_print_log (self);
  g_error ("Prism refused %s: %s", what, error->message);
}

void
hone_prism_stop (HonePrism *self)
{
  if (self == NULL)
    return;
  g_subprocess_send_signal (self->process, SIGTERM);
  while (!self->exited)
    g_main_context_iteration (NULL, TRUE);
  if (g_getenv ("HONE_PRISM_LOG") != NULL)
    hone_prism_print_log (self);
  g_unlink (self->log_path);
  g_rmdir (self->tmp_dir);
  g_object_unref (self->process);
  g_free (self->log_path);
  g_free (self->tmp_dir);
  g_free (self->base_url);
  g_free (self);
}

static void
ignore_delta (const char *delta,
              gpointer    user_data)
{
}

void
hone_prism_check_chat (HonePrism  *self,
                       const char *model,
                       gboolean    ask_usage)
{
  static const HoneRetryPolicy no_retry = { 1, 10, 10 };
  g_autoptr(HoneChat) chat = hone_chat_new (NULL, "the mock", hone_prism_get_base_url (self), "test-key");
  g_autoptr(JsonArray) messages = json_array_new ();
  JsonObject *system = json_object_new ();
  JsonObject *user = json_object_new ();
  HoneChatParams params = HONE_CHAT_PARAMS_INIT;
  GError *error = NULL;

  json_object_set_string_member (system, "role", "system");
  json_object_set_string_member (system, "content", "Answer briefly.");
  json_object_set_string_member (user, "role", "user");
  json_object_set_string_member (user, "content", "Hello");
  json_array_add_object_element (messages, system);
  json_array_add_object_element (messages, user);
  params.temperature = 0.7;
  params.top_p = 0.9;
  params.max_tokens = 64;
  params.has_seed = TRUE;
  params.seed = 7;
  hone_chat_set_retry_policy (chat, &no_retry);
  hone_chat_set_ask_usage (chat, ask_usage);

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneChatResult) answer = NULL;

    hone_chat_complete_async (chat, model, messages, &params, NULL, NULL, NULL,
                              hone_prism_got_result, &result);
    answer = hone_chat_complete_finish (chat, hone_prism_wait_result (&result), &error);
    hone_prism_assert_accepted (self, error, "POST /chat/completions");
    g_assert_nonnull (answer);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HoneChatResult) answer = NULL;

    hone_chat_complete_async (chat, model, messages, &params, ignore_delta, NULL, NULL,
                              hone_prism_got_result, &result);
    answer = hone_chat_complete_finish (chat, hone_prism_wait_result (&result), &error);
    if (g_error_matches (error, HONE_ERROR, HONE_ERROR_INVALID))
      hone_prism_assert_accepted (self, error, "POST /chat/completions (stream)");
    g_clear_error (&error);
  }
}
