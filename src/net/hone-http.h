/* hone-http.h: the one HTTP session of Hone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Requests give up when nothing arrives for this long */
#define HONE_HTTP_IDLE_TIMEOUT_S 60

/* The user agent sent with every request: "Hone/VERSION" */
const char  *hone_http_get_user_agent (void);

/* A new session with Hone's timeouts, user agent and the system proxy.
 * Provider clients (fine-tuning and inference) share one per application. */
SoupSession *hone_http_session_new    (void);

G_END_DECLS
