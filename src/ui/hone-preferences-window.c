/* hone-preferences-window.c: the preferences of Hone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hone-connection-check.h"
#include "hone-http.h"
#include "hone-preferences-window.h"
#include "hone-secrets.h"

/* The rows of one provider on the Providers page. The key is only ever in
 * the entry and in the keyring: nothing here logs it. */
typedef struct {
  HonePreferencesWindow *self;
  char                  *provider;   /* "together", …, or "compatible:URL" */
  char                  *base_url;   /* NULL: the provider's own */
  char                  *stored_key; /* what the keyring holds, to see edits */
  AdwPreferencesGroup   *group;
  AdwEntryRow           *key_row;
  AdwActionRow          *status_row;
  GtkButton             *test_button;
  GtkButton             *remove_button;
  gboolean               is_compatible;
} ProviderRows;

struct _HonePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *style_row;
  AdwPreferencesPage   *providers_page;

  GSettings            *settings;
  SoupSession          *session;
  GCancellable         *cancellable;
  GPtrArray            *providers;       /* of ProviderRows */
  AdwEntryRow          *compatible_url_row;
  gboolean              keys_loaded;     /* the Providers page was shown */
};

G_DEFINE_FINAL_TYPE (HonePreferencesWindow, hone_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The rows of the style combo, in order */
static const char * const color_schemes[] = { "default", "light", "dark" };

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    {
      if (g_str_equal (scheme, color_schemes[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
color_scheme_set_mapping (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (color_schemes))
    return NULL;

  return g_variant_new_string (color_schemes[selected]);
}

static void
wipe_free (char *key)
{
  if (key != NULL)
    {
      memset (key, 0, strlen (key));
      g_free (key);
    }
}

static void
provider_rows_free (ProviderRows *rows)
{
  g_free (rows->provider);
  g_free (rows->base_url);
  wipe_free (rows->stored_key);
  g_free (rows);
}

static void
set_status (ProviderRows *rows,
            const char   *text,
            gboolean      is_error)
{
  adw_action_row_set_subtitle (rows->status_row, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (rows->status_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (rows->status_row), "error");
}

/* The entry's text without surrounding spaces (a copy to wipe) */
static char *
dup_entry_key (ProviderRows *rows)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows->key_row))));
}

static void
update_buttons (ProviderRows *rows)
{
  g_autofree char *key = dup_entry_key (rows);

  /* A compatible server may need no key; the others do */
  gtk_widget_set_sensitive (GTK_WIDGET (rows->test_button),
                            rows->is_compatible ? rows->base_url != NULL : *key != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (rows->remove_button),
                            rows->stored_key != NULL || *key != '\0');
  memset (key, 0, strlen (key));
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* --- load --- */

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ProviderRows *rows = user_data;
  g_autoptr(HonePreferencesWindow) self = rows->self;
  g_autoptr(GError) error = NULL;
  char *key;

  key = hone_secrets_lookup_finish (result, &error);
  if (is_cancelled (error))
    return;

  if (error != NULL)
    {
      set_status (rows, error->message, TRUE);
      return;
    }

  wipe_free (rows->stored_key);
  rows->stored_key = key;
  gtk_editable_set_text (GTK_EDITABLE (rows->key_row), key != NULL ? key : "");
  set_status (rows,
              key != NULL ? _("Saved in the keyring")
                          : (rows->is_compatible ? _("No key: many local servers need none")
                                                 : _("No key yet: paste the one the provider gave you")),
              FALSE);
  update_buttons (rows);
}

static void
load_key (ProviderRows *rows)
{
  g_object_ref (rows->self);
  hone_secrets_lookup_async (rows->provider, rows->self->cancellable, lookup_cb, rows);
}

/* --- save --- */

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ProviderRows *rows = user_data;
  g_autoptr(HonePreferencesWindow) self = rows->self;
  g_autoptr(GError) error = NULL;

  if (!hone_secrets_store_finish (result, &error))
    {
      if (!is_cancelled (error))
        set_status (rows, error->message, TRUE);
      return;
    }

  set_status (rows, _("Saved in the keyring"), FALSE);
  update_buttons (rows);
}

/* Saves the entry's key when it differs from the keyring's */
static void
save_key (ProviderRows *rows)
{
  g_autofree char *key = dup_entry_key (rows);

  if (*key == '\0' || g_strcmp0 (key, rows->stored_key) == 0)
    {
      memset (key, 0, strlen (key));
      return;
    }

  wipe_free (rows->stored_key);
  rows->stored_key = g_steal_pointer (&key);
  set_status (rows, _("Saving…"), FALSE);
  g_object_ref (rows->self);
  hone_secrets_store_async (rows->provider, rows->stored_key, rows->self->cancellable,
                            store_cb, rows);
}

static void
key_apply_cb (AdwEntryRow  *row,
              ProviderRows *rows)
{
  save_key (rows);
}

static void
key_changed_cb (GtkEditable  *editable,
                ProviderRows *rows)
{
  update_buttons (rows);
}

static void
key_focus_leave_cb (GtkEventControllerFocus *controller,
                    ProviderRows            *rows)
{
  save_key (rows);
}

/* --- remove --- */

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ProviderRows *rows = user_data;
  g_autoptr(HonePreferencesWindow) self = rows->self;
  g_autoptr(GError) error = NULL;

  if (!hone_secrets_clear_finish (result, &error))
    {
      if (!is_cancelled (error))
        set_status (rows, error->message, TRUE);
      return;
    }

  set_status (rows, _("Removed from the keyring"), FALSE);
  update_buttons (rows);
}

static void
remove_clicked_cb (GtkButton    *button,
                   ProviderRows *rows)
{
  g_clear_pointer (&rows->stored_key, wipe_free);
  gtk_editable_set_text (GTK_EDITABLE (rows->key_row), "");
  set_status (rows, _("Removing…"), FALSE);
  g_object_ref (rows->self);
  hone_secrets_clear_async (rows->provider, rows->self->cancellable, clear_cb, rows);
}

/* --- test connection --- */

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ProviderRows *rows = user_data;
  g_autoptr(HonePreferencesWindow) self = rows->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  message = hone_connection_check_finish (result, &error);
  if (is_cancelled (error))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (rows->test_button), TRUE);
  if (error != NULL)
    set_status (rows, error->message, TRUE);
  else
    set_status (rows, message, FALSE);
}

static void
test_clicked_cb (GtkButton    *button,
                 ProviderRows *rows)
{
  g_autofree char *key = dup_entry_key (rows);

  save_key (rows);
  gtk_widget_set_sensitive (GTK_WIDGET (rows->test_button), FALSE);
  set_status (rows, _("Testing the connection…"), FALSE);
  g_object_ref (rows->self);
  hone_connection_check_async (rows->self->session, rows->provider, rows->base_url,
                               key, rows->self->cancellable, check_cb, rows);
  memset (key, 0, strlen (key));
}

static ProviderRows *
add_provider_group (HonePreferencesWindow *self,
                    const char            *provider,
                    const char            *title,
                    const char            *description)
{
  ProviderRows *rows = g_new0 (ProviderRows, 1);
  GtkEventController *focus;
  GtkWidget *box;
  g_autofree char *name = NULL;

  rows->self = self;
  rows->provider = g_strdup (provider);
  rows->is_compatible = g_str_has_prefix (provider, HONE_SECRETS_COMPATIBLE_PREFIX);
  g_ptr_array_add (self->providers, rows);

  rows->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (rows->group, title);
  adw_preferences_group_set_description (rows->group, description);

  rows->key_row = ADW_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->key_row),
                                 rows->is_compatible ? _("API Key (optional)") : _("API Key"));
  adw_entry_row_set_show_apply_button (rows->key_row, TRUE);
  g_signal_connect (rows->key_row, "apply", G_CALLBACK (key_apply_cb), rows);
  g_signal_connect (rows->key_row, "changed", G_CALLBACK (key_changed_cb), rows);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (key_focus_leave_cb), rows);
  gtk_widget_add_controller (GTK_WIDGET (rows->key_row), focus);

  rows->status_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->status_row), _("Connection"));
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  rows->test_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Test Connection")));
  rows->remove_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Remove")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (rows->test_button),
                               _("Ask the provider for its list of models with this key"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (rows->remove_button),
                               _("Remove the key from the keyring"));
  gtk_widget_add_css_class (GTK_WIDGET (rows->remove_button), "destructive-action");
  g_signal_connect (rows->test_button, "clicked", G_CALLBACK (test_clicked_cb), rows);
  g_signal_connect (rows->remove_button, "clicked", G_CALLBACK (remove_clicked_cb), rows);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (rows->test_button));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (rows->remove_button));
  adw_action_row_add_suffix (rows->status_row, box);

  /* Names for tests and for people who theme: "together-key", … */
  name = g_strdup (rows->is_compatible ? "compatible" : provider);
  gtk_widget_set_name (GTK_WIDGET (rows->group), name);

  if (rows->is_compatible)
    {
      self->compatible_url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->compatible_url_row), _("Server Address"));
      adw_entry_row_set_show_apply_button (self->compatible_url_row, TRUE);
      adw_preferences_group_add (rows->group, GTK_WIDGET (self->compatible_url_row));
    }
  adw_preferences_group_add (rows->group, GTK_WIDGET (rows->key_row));
  adw_preferences_group_add (rows->group, GTK_WIDGET (rows->status_row));
  adw_preferences_page_add (self->providers_page, rows->group);

  update_buttons (rows);
  return rows;
}

static ProviderRows *
find_compatible_rows (HonePreferencesWindow *self)
{
  for (guint i = 0; i < self->providers->len; i++)
    {
      ProviderRows *rows = g_ptr_array_index (self->providers, i);

      if (rows->is_compatible)
        return rows;
    }

  return NULL;
}

/* The key of a compatible server is stored under its URL: another URL,
 * another key */
static void
compatible_set_url (HonePreferencesWindow *self,
                    const char            *url)
{
  ProviderRows *rows = find_compatible_rows (self);
  g_autofree char *provider = hone_secrets_dup_compatible_provider (url);

  g_clear_pointer (&rows->base_url, g_free);
  g_clear_pointer (&rows->stored_key, wipe_free);
  g_free (rows->provider);
  rows->provider = g_steal_pointer (&provider);
  gtk_editable_set_text (GTK_EDITABLE (rows->key_row), "");

  if (hone_secrets_provider_is_valid (rows->provider))
    {
      rows->base_url = g_strdup (rows->provider + strlen (HONE_SECRETS_COMPATIBLE_PREFIX));
      gtk_widget_set_sensitive (GTK_WIDGET (rows->key_row), TRUE);
      if (self->keys_loaded)
        load_key (rows);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (rows->key_row), FALSE);
      set_status (rows, _("Give the server’s address first"), FALSE);
    }
  update_buttons (rows);
}

static void
compatible_url_apply_cb (AdwEntryRow           *row,
                         HonePreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  ProviderRows *rows = find_compatible_rows (self);
  g_autofree char *normalized = NULL;

  if (*url != '\0' && !g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://"))
    {
      set_status (rows, _("The address must start with http:// or https://, such as http://localhost:11434/v1."), TRUE);
      return;
    }

  normalized = hone_secrets_dup_compatible_provider (url);
  g_settings_set_string (self->settings, "compatible-base-url",
                         normalized + strlen (HONE_SECRETS_COMPATIBLE_PREFIX));
  compatible_set_url (self, url);
}

/* The keyring is asked only once the Providers page is shown: opening
 * Preferences for the style never wakes it (nor asks to unlock it) */
static void
visible_page_cb (HonePreferencesWindow *self)
{
  AdwPreferencesPage *page = adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (self));

  if (self->keys_loaded || page != self->providers_page)
    return;

  self->keys_loaded = TRUE;
  for (guint i = 0; i < self->providers->len; i++)
    {
      ProviderRows *rows = g_ptr_array_index (self->providers, i);

      if (hone_secrets_provider_is_valid (rows->provider))
        load_key (rows);
    }
}

static void
setup_providers (HonePreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "compatible-base-url");

  add_provider_group (self, HONE_SECRETS_PROVIDER_TOGETHER, _("Together AI"),
                      _("Fine-tuning and inference of open models. hone-cli also reads TOGETHER_API_KEY."));
  add_provider_group (self, HONE_SECRETS_PROVIDER_FIREWORKS, _("Fireworks AI"),
                      _("Fine-tuning and inference of open models. hone-cli also reads FIREWORKS_API_KEY."));
  /* The cut-off: OpenAI takes no new fine-tuning jobs after 2027-01-06
   * (issue 6, checked 2026-11 against OpenAI's announcement) */
  add_provider_group (self, HONE_SECRETS_PROVIDER_OPENAI, _("OpenAI"),
                      _("Fine-tuning for existing customers until 6 January 2027, and inference. hone-cli also reads OPENAI_API_KEY."));

  add_provider_group (self, HONE_SECRETS_COMPATIBLE_PREFIX, _("OpenAI-Compatible Server"),
                      _("Inference only: OpenRouter, Groq, or a local Ollama, llama.cpp or vLLM server."));
  gtk_editable_set_text (GTK_EDITABLE (self->compatible_url_row), url);
  g_signal_connect (self->compatible_url_row, "apply", G_CALLBACK (compatible_url_apply_cb), self);
  compatible_set_url (self, url);

  g_signal_connect_swapped (self, "notify::visible-page", G_CALLBACK (visible_page_cb), self);
  visible_page_cb (self);
}

/**
 * hone_preferences_window_set_base_url:
 * @provider: "together", "fireworks" or "openai"
 * @base_url: (nullable): where Test Connection asks, instead of the
 *   provider's own API (tests point it at 127.0.0.1)
 */
void
hone_preferences_window_set_base_url (HonePreferencesWindow *self,
                                      const char            *provider,
                                      const char            *base_url)
{
  g_return_if_fail (HONE_IS_PREFERENCES_WINDOW (self));

  for (guint i = 0; i < self->providers->len; i++)
    {
      ProviderRows *rows = g_ptr_array_index (self->providers, i);

      if (!rows->is_compatible && g_strcmp0 (rows->provider, provider) == 0)
        {
          g_free (rows->base_url);
          rows->base_url = g_strdup (base_url);
        }
    }
}

HonePreferencesWindow *
hone_preferences_window_new (GtkWindow *parent,
                             GSettings *settings)
{
  HonePreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HONE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);

  self->settings = g_object_ref (settings);
  g_settings_bind_with_mapping (settings, "color-scheme",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                color_scheme_get_mapping,
                                color_scheme_set_mapping,
                                NULL, NULL);
  setup_providers (self);

  return self;
}

static void
hone_preferences_window_dispose (GObject *object)
{
  HonePreferencesWindow *self = HONE_PREFERENCES_WINDOW (object);

  if (self->style_row != NULL)
    g_settings_unbind (self->style_row, "selected");

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (hone_preferences_window_parent_class)->dispose (object);
}

static void
hone_preferences_window_finalize (GObject *object)
{
  HonePreferencesWindow *self = HONE_PREFERENCES_WINDOW (object);

  g_clear_pointer (&self->providers, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hone_preferences_window_parent_class)->finalize (object);
}

static void
hone_preferences_window_class_init (HonePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_preferences_window_dispose;
  object_class->finalize = hone_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/hone-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HonePreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, HonePreferencesWindow, providers_page);
}

static void
hone_preferences_window_init (HonePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->session = hone_http_session_new ();
  self->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) provider_rows_free);
}
