/* hone-connection-check.h: "Test connection" — an API key tried on a provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The API base URL of @provider (see hone-secrets.h): Together AI
 * "https://api.together.ai/v1", Fireworks AI
 * "https://api.fireworks.ai/inference/v1", OpenAI "https://api.openai.com/v1",
 * a compatible server its own; NULL when unknown */
char *hone_connection_check_dup_base_url   (const char *provider);

/* GETs @base_url/models (@base_url NULL: the provider's) with @api_key
 * (NULL or empty: no key, for local servers). On success, a sentence for
 * people ("Connected: 12 models available."); on failure a HONE_ERROR from
 * hone-http with the key, should the server have echoed it, taken out. */
void  hone_connection_check_async          (SoupSession         *session,
                                            const char          *provider,
                                            const char          *base_url,
                                            const char          *api_key,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char *hone_connection_check_finish         (GAsyncResult        *result,
                                            GError             **error);

/* @text with every occurrence of @secret replaced by "[API key]" (a copy) */
char *hone_connection_check_scrub          (const char          *text,
                                            const char          *secret);

G_END_DECLS
