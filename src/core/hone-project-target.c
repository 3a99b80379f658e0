/* hone-project-target.c: the provider and model a project is checked for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stored in the meta table under "target_provider" and "target_model" and
 * read when asked (a value another Hone wrote is seen at once).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hone-project-private.h"

#define PROVIDER_KEY "target_provider"
#define MODEL_KEY "target_model"

static char *
read_meta (HoneProject *self,
           const char  *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = hone_store_prepare (self->db, "SELECT value FROM meta WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gboolean
hone_project_get_target (HoneProject  *self,
                         char        **provider_id,
                         char        **model_id)
{
  g_autofree char *provider = NULL;
  g_autofree char *model = NULL;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  provider = read_meta (self, PROVIDER_KEY);
  model = read_meta (self, MODEL_KEY);
  if (provider == NULL || model == NULL || provider[0] == '\0' || model[0] == '\0')
    {
      g_clear_pointer (&provider, g_free);
      g_clear_pointer (&model, g_free);
    }

  if (provider_id != NULL)
    *provider_id = g_strdup (provider);
  if (model_id != NULL)
    *model_id = g_strdup (model);

  return provider != NULL;
}

gboolean
hone_project_set_target (HoneProject  *self,
                         const char   *provider_id,
                         const char   *model_id,
                         GError      **error)
{
  g_autofree char *old_provider = NULL;
  g_autofree char *old_model = NULL;
  gboolean ok;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail ((provider_id == NULL) == (model_id == NULL), FALSE);

  hone_project_get_target (self, &old_provider, &old_model);
  if (g_strcmp0 (old_provider, provider_id) == 0 && g_strcmp0 (old_model, model_id) == 0)
    return TRUE;

  if (!hone_project_write_begin (self, error))
    return FALSE;
  ok = hone_project_set_meta (self, PROVIDER_KEY, provider_id != NULL ? provider_id : "", error) &&
       hone_project_set_meta (self, MODEL_KEY, model_id != NULL ? model_id : "", error);
  if (!hone_project_write_end (self, ok, error))
    return FALSE;

  hone_project_emit_target_changed (self);
  return TRUE;
}
