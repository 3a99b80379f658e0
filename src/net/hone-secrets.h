/* hone-secrets.h: API keys in the desktop keyring (libsecret)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The libsecret schema of Hone's API keys; its one attribute is "provider" */
#define HONE_SECRETS_SCHEMA_NAME "app.hone.Hone.ApiKey"

/* The providers: "together", "fireworks", "openai", or an OpenAI-compatible
 * server as "compatible:" followed by its base URL */
#define HONE_SECRETS_PROVIDER_TOGETHER   "together"
#define HONE_SECRETS_PROVIDER_FIREWORKS  "fireworks"
#define HONE_SECRETS_PROVIDER_OPENAI     "openai"
#define HONE_SECRETS_COMPATIBLE_PREFIX   "compatible:"

/**
 * HoneSecretSource:
 * @HONE_SECRET_SOURCE_NONE: no key was found
 * @HONE_SECRET_SOURCE_KEYRING: the key came from the desktop keyring
 * @HONE_SECRET_SOURCE_ENVIRONMENT: the key came from an environment variable
 */
typedef enum {
  HONE_SECRET_SOURCE_NONE,
  HONE_SECRET_SOURCE_KEYRING,
  HONE_SECRET_SOURCE_ENVIRONMENT,
} HoneSecretSource;

gboolean    hone_secrets_provider_is_valid     (const char *provider);
/* "Together AI", "Fireworks AI", "OpenAI", or the compatible server's URL */
char       *hone_secrets_dup_provider_name     (const char *provider);
/* "TOGETHER_API_KEY", …; NULL for a compatible server */
const char *hone_secrets_get_env_var           (const char *provider);
/* What Seahorse shows: "Hone: Together AI API key" */
char       *hone_secrets_dup_label             (const char *provider);
/* "compatible:" + @base_url without trailing slashes */
char       *hone_secrets_dup_compatible_provider (const char *base_url);

/* Stores @api_key (surrounding spaces removed) for @provider, replacing the
 * one there was. Errors are for people and never contain the key. */
void      hone_secrets_store_async   (const char          *provider,
                                      const char          *api_key,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  hone_secrets_store_finish  (GAsyncResult        *result,
                                      GError             **error);

/* The key of @provider, or NULL without an error when there is none */
void      hone_secrets_lookup_async  (const char          *provider,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
char     *hone_secrets_lookup_finish (GAsyncResult        *result,
                                      GError             **error);
char     *hone_secrets_lookup_sync   (const char          *provider,
                                      GCancellable        *cancellable,
                                      GError             **error);

/* Removes the key of @provider; TRUE also when there was none */
void      hone_secrets_clear_async   (const char          *provider,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  hone_secrets_clear_finish  (GAsyncResult        *result,
                                      GError             **error);

/* For hone-cli (blocking): the key from the environment variable people
 * already use with the provider (TOGETHER_API_KEY, FIREWORKS_API_KEY,
 * OPENAI_API_KEY) when it is set — it wins, as it is set for one command or
 * job — or else from the keyring. Without a key
 * anywhere: HONE_ERROR_NOT_FOUND saying where to put one. @source
 * (optional) says where the key came from. */
char     *hone_secrets_lookup_for_cli (const char         *provider,
                                       HoneSecretSource   *source,
                                       GError            **error);

G_END_DECLS
