/* hone-secrets-test-util.h: a private keyring and a fake "list models"
 * server for the tests of API keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _HoneTestKeyring HoneTestKeyring;

/* A private session bus (GTestDBus) with gnome-keyring-daemon on it, its
 * keyrings in a temporary directory. NULL with a message saying why when it
 * cannot run here (the test should then skip). Sets DBUS_SESSION_BUS_ADDRESS,
 * XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_RUNTIME_DIR (all
 * under its directory) for the rest of the process. Once per
 * process (run a second one in a g_test_trap_subprocess()). */
HoneTestKeyring *hone_test_keyring_start (gboolean          with_daemon,
                                          GError          **error);
/* The temporary directory (keyrings under data/keyrings) */
const char      *hone_test_keyring_get_dir (HoneTestKeyring *self);
void             hone_test_keyring_stop  (HoneTestKeyring  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneTestKeyring, hone_test_keyring_stop)

typedef struct _HoneTestModelsServer HoneTestModelsServer;

/* A SoupServer on 127.0.0.1 answering GET /v1/models: 200 with two models
 * for "Authorization: Bearer @good_key", otherwise 401 with a body that
 * echoes the key it was sent (as careless servers do) */
HoneTestModelsServer *hone_test_models_server_new      (const char *good_key);
/* "http://127.0.0.1:PORT/v1" */
const char           *hone_test_models_server_get_url  (HoneTestModelsServer *self);
guint                 hone_test_models_server_get_hits (HoneTestModelsServer *self);
void                  hone_test_models_server_free     (HoneTestModelsServer *self);

/* Whether @haystack (of @len bytes) holds @needle */
gboolean hone_test_bytes_contain (const void *haystack,
                                  gsize       len,
                                  const char *needle);

G_END_DECLS
