/* hone-secrets.c: API keys in the desktop keyring (libsecret)
 *
 * The key only ever goes from the keyring to the request's Authorization
 * header: nothing here logs it or puts it in a message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "hone-error.h"
#include "hone-secrets.h"

static const SecretSchema *
hone_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    HONE_SECRETS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

typedef struct {
  const char *id;
  const char *name;
  const char *env_var;
} ProviderInfo;

static const ProviderInfo providers[] = {
  { HONE_SECRETS_PROVIDER_TOGETHER,  N_("Together AI"),  "TOGETHER_API_KEY" },
  { HONE_SECRETS_PROVIDER_FIREWORKS, N_("Fireworks AI"), "FIREWORKS_API_KEY" },
  { HONE_SECRETS_PROVIDER_OPENAI,    N_("OpenAI"),       "OPENAI_API_KEY" },
};

static const ProviderInfo *
find_provider (const char *provider)
{
  if (provider == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    if (g_str_equal (provider, providers[i].id))
      return &providers[i];

  return NULL;
}

static gboolean
is_compatible (const char *provider)
{
  return provider != NULL
         && g_str_has_prefix (provider, HONE_SECRETS_COMPATIBLE_PREFIX)
         && provider[strlen (HONE_SECRETS_COMPATIBLE_PREFIX)] != '\0';
}

gboolean
hone_secrets_provider_is_valid (const char *provider)
{
  return find_provider (provider) != NULL || is_compatible (provider);
}

char *
hone_secrets_dup_provider_name (const char *provider)
{
  const ProviderInfo *info = find_provider (provider);

  if (info != NULL)
    return g_strdup (_(info->name));
  if (is_compatible (provider))
    return g_strdup (provider + strlen (HONE_SECRETS_COMPATIBLE_PREFIX));

  return g_strdup (provider != NULL ? provider : "");
}

const char *
hone_secrets_get_env_var (const char *provider)
{
  const ProviderInfo *info = find_provider (provider);

  return info != NULL ? info->env_var : NULL;
}

char *
hone_secrets_dup_label (const char *provider)
{
  g_autofree char *name = hone_secrets_dup_provider_name (provider);

  if (is_compatible (provider))
    /* TRANSLATORS: shown in the keyring manager (Seahorse); %s is a URL */
    return g_strdup_printf (_("Hone: API key for %s"), name);

  /* TRANSLATORS: shown in the keyring manager (Seahorse); %s is "Together AI" */
  return g_strdup_printf (_("Hone: %s API key"), name);
}

char *
hone_secrets_dup_compatible_provider (const char *base_url)
{
  g_autofree char *url = g_strstrip (g_strdup (base_url != NULL ? base_url : ""));
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  return g_strconcat (HONE_SECRETS_COMPATIBLE_PREFIX, url, NULL);
}

/* A libsecret or D-Bus error, said for people. libsecret's messages never
 * carry the secret. */
static GError *
keyring_error (const char   *provider,
               const GError *error)
{
  const char *env_var = hone_secrets_get_env_var (provider);
  g_autofree char *advice = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (env_var != NULL)
    advice = g_strdup_printf (_("check that a keyring such as GNOME Keyring or KWallet runs and is unlocked in your desktop session, then try again; hone-cli can also take the key from the %s environment variable"),
                              env_var);
  else
    advice = g_strdup (_("check that a keyring such as GNOME Keyring or KWallet runs and is unlocked in your desktop session, then try again"));

  return g_error_new (HONE_ERROR, HONE_ERROR_IO,
                      _("Hone could not reach the keyring (%s): %s."),
                      error->message, advice);
}

static gboolean
check_provider (const char  *provider,
                GError     **error)
{
  if (hone_secrets_provider_is_valid (provider))
    return TRUE;

  g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
               _("“%s” is not a provider Hone knows: use together, fireworks, openai, or compatible: followed by a server’s address."),
               provider != NULL ? provider : "");
  return FALSE;
}

/* The key without surrounding spaces, or NULL with an error. The key itself
 * is never part of the message. */
static char *
clean_key (const char  *api_key,
           GError     **error)
{
  g_autofree char *key = g_strstrip (g_strdup (api_key != NULL ? api_key : ""));

  if (*key == '\0')
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("The API key is empty: paste the key the provider gave you."));
      return NULL;
    }

  for (const char *p = key; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p))
        {
          g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                               _("The API key has a line break or another invisible character in it: copy it again from the provider’s site and paste it on its own."));
          return NULL;
        }
    }

  return g_steal_pointer (&key);
}

/* --- store --- */

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (g_task_get_task_data (task), error));
  else
    g_task_return_boolean (task, TRUE);
}

void
hone_secrets_store_async (const char          *provider,
                          const char          *api_key,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  char *key;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_secrets_store_async);

  if (!check_provider (provider, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  key = clean_key (api_key, &error);
  if (key == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, g_strdup (provider), g_free);
  label = hone_secrets_dup_label (provider);
  g_debug ("Storing the API key of %s in the keyring", provider);
  secret_password_store (hone_secrets_get_schema (), SECRET_COLLECTION_DEFAULT,
                         label, key, cancellable,
                         store_cb, g_steal_pointer (&task),
                         "provider", provider,
                         NULL);
  secret_password_free (key);
}

gboolean
hone_secrets_store_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- lookup --- */

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (g_task_get_task_data (task), error));
  else
    g_task_return_pointer (task, key, (GDestroyNotify) secret_password_free);
}

void
hone_secrets_lookup_async (const char          *provider,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_secrets_lookup_async);

  if (!check_provider (provider, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, g_strdup (provider), g_free);
  secret_password_lookup (hone_secrets_get_schema (), cancellable,
                          lookup_cb, g_steal_pointer (&task),
                          "provider", provider,
                          NULL);
}

/* The key, in memory that libsecret wipes when freed: free it with
 * g_free() or secret_password_free() */
char *
hone_secrets_lookup_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
hone_secrets_lookup_sync (const char    *provider,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *key;

  if (!check_provider (provider, error))
    return NULL;

  key = secret_password_lookup_sync (hone_secrets_get_schema (), cancellable, &local_error,
                                     "provider", provider,
                                     NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, keyring_error (provider, local_error));
      return NULL;
    }

  return key;
}

/* --- clear --- */

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to remove */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (g_task_get_task_data (task), error));
  else
    g_task_return_boolean (task, TRUE);
}

void
hone_secrets_clear_async (const char          *provider,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_secrets_clear_async);

  if (!check_provider (provider, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, g_strdup (provider), g_free);
  g_debug ("Removing the API key of %s from the keyring", provider);
  secret_password_clear (hone_secrets_get_schema (), cancellable,
                         clear_cb, g_steal_pointer (&task),
                         "provider", provider,
                         NULL);
}

gboolean
hone_secrets_clear_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- hone-cli --- */

char *
hone_secrets_lookup_for_cli (const char        *provider,
                             HoneSecretSource  *source,
                             GError           **error)
{
  g_autoptr(GError) keyring_failure = NULL;
  g_autofree char *name = NULL;
  const char *env_var;
  const char *value;
  char *key;

  if (source != NULL)
    *source = HONE_SECRET_SOURCE_NONE;

  if (!check_provider (provider, error))
    return NULL;

  /* The variable first: set for one command or one CI job, it says what
   * to use now, and the keyring (which may ask to be unlocked) is not
   * needed at all */
  env_var = hone_secrets_get_env_var (provider);
  value = env_var != NULL ? g_getenv (env_var) : NULL;
  if (value != NULL)
    {
      g_autoptr(GError) invalid = NULL;

      key = clean_key (value, &invalid);
      if (key != NULL)
        {
          g_debug ("The API key of %s comes from %s", provider, env_var);
          if (source != NULL)
            *source = HONE_SECRET_SOURCE_ENVIRONMENT;
          return key;
        }
    }

  key = hone_secrets_lookup_sync (provider, NULL, &keyring_failure);
  if (key != NULL && *key != '\0')
    {
      if (source != NULL)
        *source = HONE_SECRET_SOURCE_KEYRING;
      return key;
    }
  g_clear_pointer (&key, secret_password_free);

  if (keyring_failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&keyring_failure));
      return NULL;
    }

  name = hone_secrets_dup_provider_name (provider);
  if (env_var != NULL)
    g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                 _("There is no API key for %s: add one in Hone’s Preferences (Providers), or set the %s environment variable."),
                 name, env_var);
  else
    g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                 _("There is no API key for %s: add one in Hone’s Preferences (Providers)."),
                 name);
  return NULL;
}
