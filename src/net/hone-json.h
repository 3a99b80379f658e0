/* hone-json.h: reading members of the JSON objects providers send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lenient on purpose: a member that is missing, null or of another type
 * reads as absent, so that a field a provider adds, drops or leaves null
 * never breaks a parse; callers decide which members they cannot do
 * without. @object may be NULL (a missing nested object) in all of them.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A string member, or NULL */
const char *hone_json_get_string (JsonObject *object,
                                  const char *name);
/* An object member, or NULL */
JsonObject *hone_json_get_object (JsonObject *object,
                                  const char *name);
/* An integer or floating-point member; FALSE (and @value untouched)
 * without one */
gboolean    hone_json_get_number (JsonObject *object,
                                  const char *name,
                                  double     *value);
/* A number member cut to an integer, or @fallback */
gint64      hone_json_get_int    (JsonObject *object,
                                  const char *name,
                                  gint64      fallback);
/* A boolean member, or @fallback */
gboolean    hone_json_get_bool   (JsonObject *object,
                                  const char *name,
                                  gboolean    fallback);
/* A time as ISO-8601 text or Unix seconds (a number or text), or NULL */
GDateTime  *hone_json_get_time   (JsonObject *object,
                                  const char *name);

G_END_DECLS
