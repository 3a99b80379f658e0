/* hone-secrets-test-util.c: a private keyring and a fake "list models"
 * server for the tests of API keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hone-secrets-test-util.h"

struct _HoneTestKeyring {
  char     *dir;
  GTestDBus *bus;
  GPid      daemon_pid;
};

const char *
hone_test_keyring_get_dir (HoneTestKeyring *self)
{
  return self->dir;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  gboolean *appeared = user_data;

  *appeared = TRUE;
}

HoneTestKeyring *
hone_test_keyring_start (gboolean   with_daemon,
                         GError   **error)
{
  HoneTestKeyring *self;
  g_autofree char *daemon_path = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *run_dir = NULL;
  g_autofree char *display = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  const char *argv[] = { NULL, "--foreground", "--unlock", "--components=secrets", NULL };
  const char *password = "hone-test-keyring";
  int stdin_fd = -1;
  gboolean appeared = FALSE;
  gboolean timed_out = FALSE;
  guint watch_id;
  guint timeout_id;

  {
    g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");

    if (dbus_daemon == NULL)
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             "dbus-daemon is not installed (Debian package dbus; build-aux/dev.sh installs it)");
        return NULL;
      }
  }
  if (with_daemon)
    {
      daemon_path = g_find_program_in_path ("gnome-keyring-daemon");
      if (daemon_path == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "gnome-keyring-daemon is not installed (Debian package gnome-keyring; build-aux/dev.sh installs it)");
          return NULL;
        }
    }

  self = g_new0 (HoneTestKeyring, 1);
  self->dir = g_dir_make_tmp ("hone-keyring-XXXXXX", error);
  if (self->dir == NULL)
    {
      g_free (self);
      return NULL;
    }
  data_dir = g_build_filename (self->dir, "data", NULL);
  run_dir = g_build_filename (self->dir, "run", NULL);
  g_mkdir_with_parents (data_dir, 0700);
  g_mkdir_with_parents (run_dir, 0700);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", run_dir, TRUE);
  for (guint i = 0; i < 2; i++)
    {
      const char *sub = i == 0 ? "config" : "cache";
      g_autofree char *path = g_build_filename (self->dir, sub, NULL);

      g_mkdir_with_parents (path, 0700);
      g_setenv (i == 0 ? "XDG_CONFIG_HOME" : "XDG_CACHE_HOME", path, TRUE);
    }

  /* g_test_dbus_up() unsets DISPLAY (against X11 autolaunch); the ui
   * tests need it back */
  display = g_strdup (g_getenv ("DISPLAY"));
  self->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (self->bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  if (!with_daemon)
    return self;

  /* The daemon is not ours to make warnings fatal in */
  envp = g_get_environ ();
  envp = g_environ_unsetenv (envp, "G_DEBUG");
  envp = g_environ_unsetenv (envp, "G_MESSAGES_DEBUG");
  envp = g_environ_unsetenv (envp, "MALLOC_CHECK_");
  argv[0] = daemon_path;
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                 NULL, NULL, &self->daemon_pid,
                                 &stdin_fd, NULL, NULL, error))
    {
      hone_test_keyring_stop (self);
      return NULL;
    }
  /* --unlock reads the password of the login keyring on stdin */
  if (write (stdin_fd, password, strlen (password)) < 0)
    g_debug ("Could not give the keyring its password");
  close (stdin_fd);

  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (connection == NULL)
    {
      hone_test_keyring_stop (self);
      return NULL;
    }
  watch_id = g_bus_watch_name_on_connection (connection, "org.freedesktop.secrets",
                                             G_BUS_NAME_WATCHER_FLAGS_NONE,
                                             name_appeared_cb, NULL,
                                             &appeared, NULL);
  /* Not a timed assertion: a daemon that never comes is a skip */
  timeout_id = g_timeout_add_seconds (60, wait_timeout_cb, &timed_out);
  while (!appeared && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch_id);
  if (!timed_out)
    g_source_remove (timeout_id);

  if (!appeared)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           "gnome-keyring-daemon did not appear on the test's session bus in 60 s");
      hone_test_keyring_stop (self);
      return NULL;
    }

  return self;
}

static gboolean
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  return g_rmdir (path) == 0;
}

void
hone_test_keyring_stop (HoneTestKeyring *self)
{
  if (self == NULL)
    return;

  /* libsecret keeps the bus connection in its service singleton */
  secret_service_disconnect ();

  if (self->daemon_pid != 0)
    {
      kill (self->daemon_pid, SIGTERM);
      waitpid (self->daemon_pid, NULL, 0);
      g_spawn_close_pid (self->daemon_pid);
    }

  /* Not g_test_dbus_down(): it waits for every reference to the session
   * bus connection to go (libsecret's proxies keep some), then warns. The
   * bus is stopped and the GTestDBus kept until the process exits: one
   * keyring per test process. */
  if (self->bus != NULL)
    g_test_dbus_stop (self->bus);

  remove_tree (self->dir);
  g_free (self->dir);
  g_free (self);
}

/* --- the fake models server --- */

struct _HoneTestModelsServer {
  SoupServer *server;
  char       *good_key;
  char       *url;
  guint       hits;
};

static void
models_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  HoneTestModelsServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *expected = g_strconcat ("Bearer ", self->good_key, NULL);
  g_autofree char *body = NULL;
  const char *sent;
  gsize len;

  self->hits++;

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  if (g_strcmp0 (auth, expected) == 0)
    {
      body = g_strdup ("{\"object\":\"list\",\"data\":[{\"id\":\"model-a\",\"object\":\"model\"},"
                       "{\"id\":\"model-b\",\"object\":\"model\"}]}");
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  else
    {
      sent = auth != NULL && g_str_has_prefix (auth, "Bearer ") ? auth + 7 : "(none)";
      body = g_strdup_printf ("{\"error\":{\"message\":\"Invalid API key provided: %s\","
                              "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}",
                              sent);
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
    }

  len = strlen (body);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&body), len);
}

HoneTestModelsServer *
hone_test_models_server_new (const char *good_key)
{
  HoneTestModelsServer *self = g_new0 (HoneTestModelsServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;

  self->good_key = g_strdup (good_key);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, "/v1/models", models_cb, self, NULL);
  if (!soup_server_listen (self->server, address, 0, &error))
    g_error ("The fake server could not listen on 127.0.0.1: %s", error->message);

  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("http://127.0.0.1:%d/v1", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return self;
}

const char *
hone_test_models_server_get_url (HoneTestModelsServer *self)
{
  return self->url;
}

guint
hone_test_models_server_get_hits (HoneTestModelsServer *self)
{
  return self->hits;
}

void
hone_test_models_server_free (HoneTestModelsServer *self)
{
  if (self == NULL)
    return;

  soup_server_disconnect (self->server);
  g_object_unref (self->server);
  g_free (self->good_key);
  g_free (self->url);
  g_free (self);
}

gboolean
hone_test_bytes_contain (const void *haystack,
                         gsize       len,
                         const char *needle)
{
  gsize needle_len = strlen (needle);
  const char *h = haystack;

  if (needle_len == 0 || len < needle_len)
    return FALSE;

  for (gsize i = 0; i + needle_len <= len; i++)
    if (h[i] == needle[0] && memcmp (h + i, needle, needle_len) == 0)
      return TRUE;

  return FALSE;
}
