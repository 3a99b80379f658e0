/* hone-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-json.h"

#include "hone-fine-tune-job.h"

static JsonNode *
get_value (JsonObject *object,
           const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_VALUE ? node : NULL;
}

const char *
hone_json_get_string (JsonObject *object,
                      const char *name)
{
  JsonNode *node = get_value (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
hone_json_get_object (JsonObject *object,
                      const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

gboolean
hone_json_get_number (JsonObject *object,
                      const char *name,
                      double     *value)
{
  JsonNode *node = get_value (object, name);
  GType type;

  if (node == NULL)
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

gint64
hone_json_get_int (JsonObject *object,
                   const char *name,
                   gint64      fallback)
{
  double value;

  return hone_json_get_number (object, name, &value) ? (gint64) value : fallback;
}

gboolean
hone_json_get_bool (JsonObject *object,
                    const char *name,
                    gboolean    fallback)
{
  JsonNode *node = get_value (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

GDateTime *
hone_json_get_time (JsonObject *object,
                    const char *name)
{
  const char *text = hone_json_get_string (object, name);
  double seconds;

  if (text != NULL)
    return hone_fine_tune_parse_time (text);
  if (hone_json_get_number (object, name, &seconds) && seconds > 0)
    return g_date_time_new_from_unix_utc ((gint64) seconds);
  return NULL;
}
