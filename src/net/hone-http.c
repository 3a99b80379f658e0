/* hone-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-http.h"

const char *
hone_http_get_user_agent (void)
{
  return "Hone/" PACKAGE_VERSION;
}

SoupSession *
hone_http_session_new (void)
{
  /* The default GProxyResolver follows the system proxy settings */
  return soup_session_new_with_options ("user-agent", hone_http_get_user_agent (),
                                        "timeout", HONE_HTTP_IDLE_TIMEOUT_S,
                                        "idle-timeout", HONE_HTTP_IDLE_TIMEOUT_S,
                                        "max-conns-per-host", 4,
                                        NULL);
}
