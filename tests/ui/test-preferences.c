/* test-preferences.c: the Providers page of Preferences — a key entered,
 * saved in a private keyring, tested against a fake server on 127.0.0.1
 * (accepted, then refused with the key echoed back), and removed; the
 * OpenAI-compatible server's address in GSettings and its key not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "hone-preferences-window.h"
#include "hone-secrets.h"
#include "hone-secrets-test-util.h"
#include "hone-ui-test-util.h"

#define GOOD_KEY    "good-5a1d7c03e9b2"
#define PLANTED_KEY "planted-ui-8c41f0b7d2e6"

static HoneTestKeyring *keyring;
static char *no_keyring_reason;

typedef struct {
  AdwEntryRow  *key_row;
  AdwActionRow *status_row;
  GtkButton    *test_button;
  GtkButton    *remove_button;
} Rows;

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_rows (GtkWidget *widget,
              Rows      *rows)
{
  if (ADW_IS_PASSWORD_ENTRY_ROW (widget))
    rows->key_row = ADW_ENTRY_ROW (widget);
  else if (ADW_IS_ACTION_ROW (widget)
           && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), "Connection") == 0)
    rows->status_row = ADW_ACTION_ROW (widget);
  else if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Test Connection") == 0)
    rows->test_button = GTK_BUTTON (widget);
  else if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Remove") == 0)
    rows->remove_button = GTK_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static Rows
get_rows (GtkWidget  *window,
          const char *group_name)
{
  GtkWidget *group = find_named (window, group_name);
  Rows rows = { 0 };

  g_assert_nonnull (group);
  collect_rows (group, &rows);
  g_assert_nonnull (rows.key_row);
  g_assert_nonnull (rows.status_row);
  g_assert_nonnull (rows.test_button);
  g_assert_nonnull (rows.remove_button);

  return rows;
}

static const char *
status_of (Rows *rows)
{
  return adw_action_row_get_subtitle (rows->status_row);
}

/* Spins until the status starts with @prefix (an answer that never comes
 * fails the test after 60 s rather than hanging it) */
static void
wait_status (Rows       *rows,
             const char *prefix)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (60, hone_ui_test_timeout_cb, &timed_out);

  while (!timed_out && (status_of (rows) == NULL || !g_str_has_prefix (status_of (rows), prefix)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  g_test_message ("status: %s", status_of (rows));
  g_assert_nonnull (status_of (rows));
  g_assert_true (g_str_has_prefix (status_of (rows), prefix));
}

/* Spins until a test is over: the button comes back */
static void
wait_tested (Rows *rows)
{
  while (!gtk_widget_get_sensitive (GTK_WIDGET (rows->test_button))
         || g_str_has_prefix (status_of (rows), "Testing"))
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("status: %s", status_of (rows));
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static char *
keyring_lookup (const char *provider)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *key;

  hone_secrets_lookup_async (provider, NULL, lookup_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  key = hone_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);

  return key;
}

static void
enter_key (Rows       *rows,
           const char *key)
{
  gtk_editable_set_text (GTK_EDITABLE (rows->key_row), key);
  g_signal_emit_by_name (rows->key_row, "apply");
  wait_status (rows, "Saved in the keyring");
}

static void
test_providers_page (void)
{
  g_autoptr(GSettings) settings = NULL;
  HoneTestModelsServer *server;
  HonePreferencesWindow *window;
  Rows together, compatible;
  AdwEntryRow *url_row = NULL;
  g_autofree char *key = NULL;
  g_autofree char *keyfile_path = NULL;
  g_autofree char *keyfile = NULL;
  g_autofree char *compatible_provider = NULL;
  g_autofree char *stored_url = NULL;
  guint hits;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }

  settings = g_settings_new ("app.hone.Hone");
  server = hone_test_models_server_new (GOOD_KEY);

  window = hone_preferences_window_new (NULL, settings);
  hone_preferences_window_set_base_url (window, "together", hone_test_models_server_get_url (server));
  gtk_window_present (GTK_WINDOW (window));
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));

  /* The keyring is not asked before the Providers page is shown */
  together = get_rows (GTK_WIDGET (window), "together");
  hone_ui_test_spin (100);
  g_assert_cmpstr (status_of (&together) != NULL ? status_of (&together) : "", ==, "");
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "providers");
  wait_status (&together, "No key yet");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (together.test_button)));

  /* A key entered and applied goes to the keyring */
  enter_key (&together, GOOD_KEY);
  key = keyring_lookup ("together");
  g_assert_cmpstr (key, ==, GOOD_KEY);
  g_clear_pointer (&key, g_free);

  /* Test Connection, accepted */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (together.test_button)));
  g_signal_emit_by_name (together.test_button, "clicked");
  wait_tested (&together);
  g_assert_cmpstr (status_of (&together), ==, "Connected: 2 models available.");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (together.status_row), "error"));

  /* Refused: the server's message is shown, without the key it echoed */
  hits = hone_test_models_server_get_hits (server);
  enter_key (&together, PLANTED_KEY);
  g_signal_emit_by_name (together.test_button, "clicked");
  wait_tested (&together);
  g_assert_cmpuint (hone_test_models_server_get_hits (server), >, hits);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (together.status_row), "error"));
  g_assert_null (strstr (status_of (&together), PLANTED_KEY));
  g_assert_nonnull (strstr (status_of (&together), "Invalid API key provided"));

  /* Leaving the entry saves too, without Enter */
  gtk_widget_grab_focus (GTK_WIDGET (together.key_row));
  gtk_editable_set_text (GTK_EDITABLE (together.key_row), GOOD_KEY);
  hone_ui_test_spin (50);
  key = keyring_lookup ("together");
  g_assert_cmpstr (key, ==, PLANTED_KEY); /* not on each keystroke */
  g_clear_pointer (&key, g_free);
  gtk_widget_grab_focus (GTK_WIDGET (together.test_button));
  wait_status (&together, "Saved in the keyring");
  key = keyring_lookup ("together");
  g_assert_cmpstr (key, ==, GOOD_KEY);
  g_clear_pointer (&key, g_free);

  /* Remove */
  g_signal_emit_by_name (together.remove_button, "clicked");
  wait_status (&together, "Removed from the keyring");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (together.key_row)), ==, "");
  key = keyring_lookup ("together");
  g_assert_null (key);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (together.test_button)));

  /* The OpenAI-compatible server: its address in GSettings */
  compatible = get_rows (GTK_WIDGET (window), "compatible");
  for (GtkWidget *w = gtk_widget_get_parent (GTK_WIDGET (compatible.key_row)); w != NULL && url_row == NULL; )
    {
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        if (ADW_IS_ENTRY_ROW (c) && !ADW_IS_PASSWORD_ENTRY_ROW (c))
          url_row = ADW_ENTRY_ROW (c);
      w = NULL;
    }
  g_assert_nonnull (url_row);
  gtk_editable_set_text (GTK_EDITABLE (url_row), "ftp://127.0.0.1/");
  g_signal_emit_by_name (url_row, "apply");
  g_assert_true (g_str_has_prefix (status_of (&compatible), "The address must start with http://"));
  stored_url = g_settings_get_string (settings, "compatible-base-url");
  g_assert_cmpstr (stored_url, ==, "");
  g_clear_pointer (&stored_url, g_free);
  gtk_editable_set_text (GTK_EDITABLE (url_row), hone_test_models_server_get_url (server));
  g_signal_emit_by_name (url_row, "apply");
  stored_url = g_settings_get_string (settings, "compatible-base-url");
  g_assert_cmpstr (stored_url, ==, hone_test_models_server_get_url (server));
  wait_status (&compatible, "No key");

  /* Without a key: refused by this server */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (compatible.test_button)));
  g_signal_emit_by_name (compatible.test_button, "clicked");
  wait_tested (&compatible);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (compatible.status_row), "error"));

  /* With one: accepted, and the key is under the server's address */
  enter_key (&compatible, GOOD_KEY);
  g_signal_emit_by_name (compatible.test_button, "clicked");
  wait_tested (&compatible);
  g_assert_cmpstr (status_of (&compatible), ==, "Connected: 2 models available.");
  compatible_provider = hone_secrets_dup_compatible_provider (hone_test_models_server_get_url (server));
  key = keyring_lookup (compatible_provider);
  g_assert_cmpstr (key, ==, GOOD_KEY);
  g_clear_pointer (&key, g_free);

  /* Settings (a keyfile here) hold the address, never a key */
  g_settings_sync ();
  keyfile_path = g_build_filename (g_getenv ("XDG_CONFIG_HOME"), "glib-2.0", "settings", "keyfile", NULL);
  g_assert_true (g_file_get_contents (keyfile_path, &keyfile, NULL, NULL));
  g_assert_nonnull (strstr (keyfile, hone_test_models_server_get_url (server)));
  g_assert_null (strstr (keyfile, GOOD_KEY));
  g_assert_null (strstr (keyfile, PLANTED_KEY));

  g_signal_emit_by_name (compatible.remove_button, "clicked");
  wait_status (&compatible, "Removed from the keyring");

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  hone_test_models_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Settings in a keyfile that the test reads back, in the keyring's
   * directory (XDG_CONFIG_HOME) */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);

  keyring = hone_test_keyring_start (TRUE, &error);
  if (keyring == NULL)
    no_keyring_reason = g_strdup_printf ("No keyring can run here: %s", error->message);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/preferences/providers", test_providers_page);

  status = g_test_run ();
  g_clear_pointer (&keyring, hone_test_keyring_stop);
  g_free (no_keyring_reason);

  return status;
}
