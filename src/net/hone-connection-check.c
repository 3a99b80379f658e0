/* hone-connection-check.c: "Test connection" — an API key tried on a provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hone-connection-check.h"
#include "hone-error.h"
#include "hone-http.h"
#include "hone-secrets.h"

/* The providers' documented API roots (their "list models" endpoints are
 * GET <root>/models: docs.together.ai, docs.fireworks.ai,
 * platform.openai.com/docs/api-reference/models) */
char *
hone_connection_check_dup_base_url (const char *provider)
{
  if (g_strcmp0 (provider, HONE_SECRETS_PROVIDER_TOGETHER) == 0)
    return g_strdup ("https://api.together.ai/v1");
  if (g_strcmp0 (provider, HONE_SECRETS_PROVIDER_FIREWORKS) == 0)
    return g_strdup ("https://api.fireworks.ai/inference/v1");
  if (g_strcmp0 (provider, HONE_SECRETS_PROVIDER_OPENAI) == 0)
    return g_strdup ("https://api.openai.com/v1");
  if (provider != NULL && g_str_has_prefix (provider, HONE_SECRETS_COMPATIBLE_PREFIX)
      && hone_secrets_provider_is_valid (provider))
    return g_strdup (provider + strlen (HONE_SECRETS_COMPATIBLE_PREFIX));

  return NULL;
}

char *
hone_connection_check_scrub (const char *text,
                             const char *secret)
{
  GString *out;
  gsize secret_len;
  const char *p;
  const char *hit;

  if (text == NULL)
    return NULL;
  if (secret == NULL || *secret == '\0')
    return g_strdup (text);

  out = g_string_new (NULL);
  secret_len = strlen (secret);
  p = text;
  while ((hit = strstr (p, secret)) != NULL)
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, _("[API key]"));
      p = hit + secret_len;
    }
  g_string_append (out, p);

  return g_string_free (out, FALSE);
}

typedef struct {
  char *provider;
  char *api_key;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->provider);
  if (data->api_key != NULL)
    {
      memset (data->api_key, 0, strlen (data->api_key));
      g_free (data->api_key);
    }
  g_free (data);
}

/* Together answers a bare array, OpenAI and Fireworks {"data": [...]} */
static int
count_models (JsonNode *json)
{
  if (json == NULL)
    return -1;
  if (JSON_NODE_HOLDS_ARRAY (json))
    return (int) json_array_get_length (json_node_get_array (json));
  if (JSON_NODE_HOLDS_OBJECT (json))
    {
      JsonObject *object = json_node_get_object (json);
      JsonNode *data = json_object_get_member (object, "data");

      if (data != NULL && JSON_NODE_HOLDS_ARRAY (data))
        return (int) json_array_get_length (json_node_get_array (data));
    }

  return -1;
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(HoneHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  int count;

  response = hone_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_autofree char *message = hone_connection_check_scrub (error->message, data->api_key);

      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      return;
    }

  count = count_models (response->json);
  if (count < 0)
    g_task_return_pointer (task, g_strdup (_("Connected.")), g_free);
  else
    g_task_return_pointer (task,
                           g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Connected: %d model available.",
                                                         "Connected: %d models available.",
                                                         count),
                                            count),
                           g_free);
}

void
hone_connection_check_async (SoupSession         *session,
                             const char          *provider,
                             const char          *base_url,
                             const char          *api_key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *root = NULL;
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  HoneHttpRequest *request;
  CheckData *data;
  gsize len;
  /* Quick feedback: one retry at most */
  static const HoneRetryPolicy policy = { 2, 1000, 5000 };

  g_return_if_fail (SOUP_IS_SESSION (session));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_connection_check_async);

  root = base_url != NULL && *base_url != '\0'
         ? g_strstrip (g_strdup (base_url))
         : hone_connection_check_dup_base_url (provider);
  if (root == NULL || !(g_str_has_prefix (root, "http://") || g_str_has_prefix (root, "https://")))
    {
      g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_INVALID,
                               _("“%s” is not a server address: give one that starts with http:// or https://, such as http://localhost:11434/v1."),
                               root != NULL ? root : "");
      return;
    }

  len = strlen (root);
  while (len > 0 && root[len - 1] == '/')
    root[--len] = '\0';
  url = g_strconcat (root, "/models", NULL);

  data = g_new0 (CheckData, 1);
  data->provider = g_strdup (provider);
  data->api_key = api_key != NULL ? g_strstrip (g_strdup (api_key)) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  name = hone_secrets_dup_provider_name (provider);
  request = hone_http_request_new (name, "GET", url);
  if (data->api_key != NULL && *data->api_key != '\0')
    hone_http_request_set_bearer (request, data->api_key);
  hone_http_request_set_idempotent (request, TRUE);
  hone_http_request_set_retry_policy (request, &policy);

  g_debug ("Testing the connection to %s", url);
  hone_http_send_async (session, request, cancellable, send_cb, g_steal_pointer (&task));
}

char *
hone_connection_check_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
