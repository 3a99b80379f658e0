/* test-secrets.c: API keys in a real keyring (gnome-keyring-daemon on a
 * private session bus), the environment fallback of hone-cli, and the
 * message when there is no keyring at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsecret/secret.h>

#include "hone-error.h"
#include "hone-secrets.h"
#include "hone-secrets-test-util.h"

#define PLANTED "hone-test-key-3f9c1e7a5b"

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
store (const char  *provider,
       const char  *key,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_secrets_store_async (provider, key, NULL, result_cb, &result);
  return hone_secrets_store_finish (wait_result (&result), error);
}

static char *
lookup (const char  *provider,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_secrets_lookup_async (provider, NULL, result_cb, &result);
  return hone_secrets_lookup_finish (wait_result (&result), error);
}

static gboolean
clear (const char  *provider,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hone_secrets_clear_async (provider, NULL, result_cb, &result);
  return hone_secrets_clear_finish (wait_result (&result), error);
}

/* One keyring for the process, started by the first test that needs it */
static HoneTestKeyring *the_keyring;
static char *no_keyring_reason;

static HoneTestKeyring *
start_keyring_or_skip (void)
{
  g_autoptr(GError) error = NULL;

  if (the_keyring == NULL && no_keyring_reason == NULL)
    {
      the_keyring = hone_test_keyring_start (TRUE, &error);
      if (the_keyring == NULL)
        no_keyring_reason = g_strdup_printf ("No keyring can run here: %s", error->message);
    }

  if (the_keyring == NULL)
    g_test_skip (no_keyring_reason);

  return the_keyring;
}

static void
test_providers (void)
{
  g_autofree char *label = hone_secrets_dup_label ("together");
  g_autofree char *compatible = hone_secrets_dup_compatible_provider (" http://127.0.0.1:8080/v1// ");
  g_autofree char *compatible_label = NULL;

  g_assert_cmpstr (label, ==, "Hone: Together AI API key");
  g_assert_cmpstr (compatible, ==, "compatible:http://127.0.0.1:8080/v1");
  compatible_label = hone_secrets_dup_label (compatible);
  g_assert_cmpstr (compatible_label, ==, "Hone: API key for http://127.0.0.1:8080/v1");

  g_assert_cmpstr (hone_secrets_get_env_var ("together"), ==, "TOGETHER_API_KEY");
  g_assert_cmpstr (hone_secrets_get_env_var ("fireworks"), ==, "FIREWORKS_API_KEY");
  g_assert_cmpstr (hone_secrets_get_env_var ("openai"), ==, "OPENAI_API_KEY");
  g_assert_null (hone_secrets_get_env_var (compatible));

  g_assert_true (hone_secrets_provider_is_valid ("fireworks"));
  g_assert_true (hone_secrets_provider_is_valid (compatible));
  g_assert_false (hone_secrets_provider_is_valid ("compatible:"));
  g_assert_false (hone_secrets_provider_is_valid ("mistral"));
  g_assert_false (hone_secrets_provider_is_valid (NULL));
}

static void
test_store_lookup_clear (void)
{
  HoneTestKeyring *keyring = start_keyring_or_skip ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *other = NULL;
  g_autofree char *sync_key = NULL;
  g_autolist(SecretItem) items = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  static const SecretSchema schema = {
    "app.hone.Hone.ApiKey", SECRET_SCHEMA_NONE,
    { { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } }
  };

  if (keyring == NULL)
    return;

  /* Nothing yet: NULL and no error */
  key = lookup ("together", &error);
  g_assert_no_error (error);
  g_assert_null (key);

  /* Spaces around a pasted key are not part of it */
  g_assert_true (store ("together", "  " PLANTED "  ", &error));
  g_assert_no_error (error);
  g_assert_true (store ("openai", "sk-other", &error));
  g_assert_no_error (error);

  key = lookup ("together", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, PLANTED);
  sync_key = hone_secrets_lookup_sync ("together", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sync_key, ==, PLANTED);
  other = lookup ("openai", &error);
  g_assert_cmpstr (other, ==, "sk-other");

  /* What Seahorse shows: one item per provider, with its label */
  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (gpointer) "provider", (gpointer) "together");
  items = secret_service_search_sync (NULL, &schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_item_get_label (items->data);
  g_assert_cmpstr (label, ==, "Hone: Together AI API key");

  /* Storing again replaces */
  g_assert_true (store ("together", "second-key", &error));
  g_clear_pointer (&key, g_free);
  key = lookup ("together", &error);
  g_assert_cmpstr (key, ==, "second-key");

  /* Clear removes this provider's key only, and twice is fine */
  g_assert_true (clear ("together", &error));
  g_assert_no_error (error);
  g_assert_true (clear ("together", &error));
  g_assert_no_error (error);
  g_clear_pointer (&key, g_free);
  key = lookup ("together", &error);
  g_assert_no_error (error);
  g_assert_null (key);
  g_clear_pointer (&other, g_free);
  other = lookup ("openai", &error);
  g_assert_cmpstr (other, ==, "sk-other");
  g_assert_true (clear ("openai", &error));

  g_clear_list (&items, g_object_unref);
}

static void
test_invalid (void)
{
  HoneTestKeyring *keyring = start_keyring_or_skip ();
  g_autoptr(GError) error = NULL;

  if (keyring == NULL)
    return;

  g_assert_false (store ("together", "   ", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (store ("together", PLANTED "\n" PLANTED, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_null (strstr (error->message, PLANTED));
  g_clear_error (&error);

  g_assert_false (store ("mistral", PLANTED, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_null (strstr (error->message, PLANTED));
  g_clear_error (&error);

}

static void
test_cli_env_fallback (void)
{
  HoneTestKeyring *keyring = start_keyring_or_skip ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *compatible = hone_secrets_dup_compatible_provider ("http://127.0.0.1:1/v1");
  HoneSecretSource source = HONE_SECRET_SOURCE_KEYRING;

  if (keyring == NULL)
    return;

  /* Neither: an error that says where to put a key */
  g_unsetenv ("FIREWORKS_API_KEY");
  key = hone_secrets_lookup_for_cli ("fireworks", &source, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "FIREWORKS_API_KEY"));
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_assert_cmpint (source, ==, HONE_SECRET_SOURCE_NONE);
  g_assert_null (key);
  g_clear_error (&error);

  /* The environment variable */
  g_setenv ("FIREWORKS_API_KEY", " env-" PLANTED "\n", TRUE);
  key = hone_secrets_lookup_for_cli ("fireworks", &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "env-" PLANTED);
  g_assert_cmpint (source, ==, HONE_SECRET_SOURCE_ENVIRONMENT);
  g_clear_pointer (&key, g_free);

  /* The variable wins over the keyring; without it, the keyring */
  g_assert_true (store ("fireworks", "ring-" PLANTED, &error));
  key = hone_secrets_lookup_for_cli ("fireworks", &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "env-" PLANTED);
  g_assert_cmpint (source, ==, HONE_SECRET_SOURCE_ENVIRONMENT);
  g_clear_pointer (&key, g_free);
  g_unsetenv ("FIREWORKS_API_KEY");
  key = hone_secrets_lookup_for_cli ("fireworks", &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "ring-" PLANTED);
  g_assert_cmpint (source, ==, HONE_SECRET_SOURCE_KEYRING);
  g_clear_pointer (&key, g_free);
  g_assert_true (clear ("fireworks", &error));

  /* A compatible server has no variable: the keyring or nothing */
  key = hone_secrets_lookup_for_cli (compatible, &source, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "http://127.0.0.1:1/v1"));
  g_clear_error (&error);
  g_assert_true (store (compatible, "local-key", &error));
  key = hone_secrets_lookup_for_cli (compatible, &source, &error);
  g_assert_cmpstr (key, ==, "local-key");
  g_assert_true (clear (compatible, &error));

}

/* A session bus without any Secret Service on it, in a process of its own */
static void
test_no_service (void)
{
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_autoptr(GError) error = NULL;
  g_autoptr(GError) start_error = NULL;
  g_autofree char *key = NULL;
  HoneTestKeyring *bus_only;
  HoneSecretSource source;

  bus_only = hone_test_keyring_start (FALSE, &start_error);
  if (bus_only == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("No session bus can run here: %s", start_error->message);
      g_test_skip (reason);
      return;
    }

  g_assert_false (store ("together", PLANTED, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_test_message ("No keyring: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Hone could not reach the keyring ("));
  g_assert_nonnull (strstr (error->message, "GNOME Keyring"));
  g_assert_nonnull (strstr (error->message, "TOGETHER_API_KEY"));
  g_assert_null (strstr (error->message, PLANTED));
  g_clear_error (&error);

  key = lookup ("together", &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_null (key);
  g_clear_error (&error);

  /* hone-cli: no keyring is not an error when the variable is set… */
  g_setenv ("TOGETHER_API_KEY", PLANTED, TRUE);
  key = hone_secrets_lookup_for_cli ("together", &source, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, PLANTED);
  g_assert_cmpint (source, ==, HONE_SECRET_SOURCE_ENVIRONMENT);
  g_clear_pointer (&key, g_free);

  /* …and says what happened when it is not */
  g_unsetenv ("TOGETHER_API_KEY");
  key = hone_secrets_lookup_for_cli ("together", &source, &error);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Hone could not reach the keyring ("));
  g_assert_null (key);

  hone_test_keyring_stop (bus_only);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/providers", test_providers);
  g_test_add_func ("/secrets/no-service", test_no_service);
  g_test_add_func ("/secrets/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/secrets/invalid", test_invalid);
  g_test_add_func ("/secrets/cli-env-fallback", test_cli_env_fallback);

  status = g_test_run ();
  g_clear_pointer (&the_keyring, hone_test_keyring_stop);
  g_free (no_keyring_reason);

  return status;
}
