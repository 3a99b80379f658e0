/* hone-project-templates.c: a project's templates, their versions, which
 * versions are kept, the template style, and where templates use a field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-project-private.h"
#include "hone-template.h"

/* The key of the template style in the meta table; its values are
 * hone_template_style_to_string()'s ("chat", "prompt-completion") */
#define STYLE_KEY "template_style"

gboolean
hone_project_load_templates (HoneProject  *self,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) style = NULL;
  int rc;

  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      hone_project_set_str (&self->templates[i], "");
      self->template_versions[i] = 0;
      self->template_kept[i] = FALSE;
    }
  self->template_style = HONE_TEMPLATE_STYLE_CHAT;

  stmt = hone_store_prepare (self->db,
                             "SELECT role, version, text, kept FROM template_versions t"
                             " WHERE version = (SELECT max(version) FROM template_versions"
                             "                  WHERE role = t.role)",
                             error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HoneTemplateRole role;

      if (!hone_template_role_from_string ((const char *) sqlite3_column_text (stmt, 0), &role))
        continue;

      self->template_versions[role] = sqlite3_column_int64 (stmt, 1);
      hone_project_set_str (&self->templates[role], (const char *) sqlite3_column_text (stmt, 2));
      self->template_kept[role] = sqlite3_column_int (stmt, 3) != 0;
    }

  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the templates of the project"));
      return FALSE;
    }

  style = hone_store_prepare (self->db, "SELECT value FROM meta WHERE key = '" STYLE_KEY "'", error);
  if (style == NULL)
    return FALSE;
  rc = sqlite3_step (style);
  if (rc == SQLITE_ROW)
    {
      /* An unknown style (from a newer Hone) reads as chat */
      if (!hone_template_style_from_string ((const char *) sqlite3_column_text (style, 0),
                                            &self->template_style))
        self->template_style = HONE_TEMPLATE_STYLE_CHAT;
    }
  else if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the templates of the project"));
      return FALSE;
    }

  return TRUE;
}

const char *
hone_project_get_template (HoneProject      *self,
                           HoneTemplateRole  role)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (role < HONE_N_TEMPLATE_ROLES, NULL);
  return self->templates[role];
}

gint64
hone_project_get_template_version (HoneProject      *self,
                                   HoneTemplateRole  role)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), 0);
  g_return_val_if_fail (role < HONE_N_TEMPLATE_ROLES, 0);
  return self->template_versions[role];
}

gboolean
hone_project_get_template_kept (HoneProject      *self,
                                HoneTemplateRole  role)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (role < HONE_N_TEMPLATE_ROLES, FALSE);
  return self->template_kept[role];
}

gboolean
hone_project_store_template (HoneProject       *self,
                             HoneTemplateRole   role,
                             const char        *text,
                             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 version = self->template_versions[role];
  gint64 now = hone_store_now ();
  int rc;

  if (version > 0 && !self->template_kept[role])
    {
      stmt = hone_store_prepare (self->db,
                                 "UPDATE template_versions SET text = ?3, modified = ?4"
                                 " WHERE role = ?1 AND version = ?2",
                                 error);
    }
  else
    {
      version++;
      stmt = hone_store_prepare (self->db,
                                 "INSERT INTO template_versions (role, version, text, created, modified, kept)"
                                 " VALUES (?1, ?2, ?3, ?4, ?4, 0)",
                                 error);
    }
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, hone_template_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, version);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not save the template"));
      return FALSE;
    }

  return TRUE;
}

gboolean
hone_project_set_template (HoneProject       *self,
                           HoneTemplateRole   role,
                           const char        *text,
                           GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (role < HONE_N_TEMPLATE_ROLES, FALSE);

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    {
      /* Translators: %s is a template, like “User message” */
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("The template “%s” must be valid text (UTF-8)."),
                   hone_template_role_get_label (role));
      return FALSE;
    }

  if (g_str_equal (text, self->templates[role]))
    return TRUE;

  if (!hone_project_write_begin (self, error))
    return FALSE;

  ok = hone_project_store_template (self, role, text, error);

  if (!hone_project_write_end (self, ok, error))
    return FALSE;

  if (self->template_versions[role] == 0 || self->template_kept[role])
    {
      self->template_versions[role]++;
      self->template_kept[role] = FALSE;
    }
  hone_project_set_str (&self->templates[role], text);
  hone_project_emit_templates_changed (self);
  return TRUE;
}

gboolean
hone_project_keep_templates (HoneProject  *self,
                             gint64        out_versions[HONE_N_TEMPLATE_ROLES],
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean changed = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  if (!hone_project_write_begin (self, error))
    return FALSE;

  stmt = hone_store_prepare (self->db,
                             "UPDATE template_versions SET kept = 1"
                             " WHERE role = ?1 AND version = ?2 AND kept = 0",
                             error);
  ok = stmt != NULL;
  for (guint i = 0; ok && i < HONE_N_TEMPLATE_ROLES; i++)
    {
      int rc;

      if (self->template_versions[i] == 0 || self->template_kept[i])
        continue;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, hone_template_role_to_string (i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, self->template_versions[i]);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          hone_store_set_error (error, self->db, rc, _("Could not keep the templates"));
          ok = FALSE;
        }
      changed = TRUE;
    }

  if (!hone_project_write_end (self, ok, error))
    return FALSE;

  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      if (self->template_versions[i] > 0)
        self->template_kept[i] = TRUE;
      if (out_versions != NULL)
        out_versions[i] = self->template_versions[i];
    }
  if (changed)
    hone_project_emit_templates_changed (self);

  return TRUE;
}

char *
hone_project_get_template_version_text (HoneProject       *self,
                                        HoneTemplateRole   role,
                                        gint64             version,
                                        GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (role < HONE_N_TEMPLATE_ROLES, NULL);

  if (version == 0)
    return g_strdup ("");

  if (!hone_project_check_open (self, error))
    return NULL;

  stmt = hone_store_prepare (self->db,
                             "SELECT text FROM template_versions WHERE role = ?1 AND version = ?2",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, hone_template_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      /* Translators: the first %s is a number, the second a template like “User message” */
      g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                   _("There is no version %s of the template “%s” in this project."),
                   number, hone_template_role_get_label (role));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the templates"));
      return NULL;
    }

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gint64
hone_project_count_template_versions (HoneProject       *self,
                                      HoneTemplateRole   role,
                                      GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), -1);

  if (!hone_project_check_open (self, error))
    return -1;

  stmt = hone_store_prepare (self->db, "SELECT count(*) FROM template_versions WHERE role = ?1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, hone_template_role_to_string (role), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the templates"));
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Style ----------------------------------------------------------------- */

HoneTemplateStyle
hone_project_get_template_style (HoneProject *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), HONE_TEMPLATE_STYLE_CHAT);
  return self->template_style;
}

gboolean
hone_project_set_template_style (HoneProject        *self,
                                 HoneTemplateStyle   style,
                                 GError            **error)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (style == HONE_TEMPLATE_STYLE_CHAT ||
                        style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION, FALSE);

  if (style == self->template_style)
    return TRUE;

  if (!hone_project_write_begin (self, error))
    return FALSE;
  if (!hone_project_write_end (self,
                               hone_project_set_meta (self, STYLE_KEY,
                                                      hone_template_style_to_string (style),
                                                      error),
                               error))
    return FALSE;

  self->template_style = style;
  hone_project_notify_template_style (self);
  return TRUE;
}

/* Uses of a field ---------------------------------------------------------- */

/* The 1-based line and column (in characters) of byte @offset of @text */
static void
locate (const char *text,
        gsize       offset,
        guint      *line,
        guint      *column)
{
  const char *line_start = text;

  *line = 1;
  for (const char *p = text; p < text + offset && *p != '\0'; p++)
    if (*p == '\n')
      {
        (*line)++;
        line_start = p + 1;
      }

  *column = 1 + (guint) g_utf8_strlen (line_start, text + offset - line_start);
}

GArray *
hone_project_get_field_template_uses (HoneProject  *self,
                                      gint64        field_id,
                                      GError      **error)
{
  g_autoptr(GArray) uses = NULL;
  HoneField *field;
  const char *name;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);

  field = hone_project_find_field_by_id (self, field_id, error);
  if (field == NULL)
    return NULL;
  name = hone_field_get_name (field);

  uses = g_array_new (FALSE, TRUE, sizeof (HoneTemplateUse));

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      const char *text = self->templates[role];
      g_autoptr(HoneTemplate) template = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GArray) field_uses = NULL;

      if (text[0] == '\0')
        continue;

      template = hone_template_new (text, NULL, &local_error);
      if (template == NULL)
        {
          g_debug ("Not looking for “%s” in the %s template, which does not compile: %s",
                   name, hone_template_role_to_string (role), local_error->message);
          continue;
        }

      field_uses = hone_template_get_field_uses (template);
      for (guint i = 0; i < field_uses->len; i++)
        {
          HoneTemplateFieldUse *field_use = &g_array_index (field_uses, HoneTemplateFieldUse, i);
          HoneTemplateUse use = { 0, };

          if (g_strcmp0 (field_use->name, name) != 0)
            continue;

          use.role = role;
          use.offset = field_use->offset;
          use.length = field_use->length;
          locate (text, use.offset, &use.line, &use.column);
          g_array_append_val (uses, use);
        }
    }

  return g_steal_pointer (&uses);
}

/* Rewrites every use of @old_name in the templates ({{old}}, {{#if old}},
 * {{[old name]}} …) to @new_name, inside the rename's savepoint, so that the
 * rename and the template changes land together. A template that does not
 * compile cannot be rewritten safely and is left as it is. Sets @changed
 * when a template was written. */
gboolean
hone_project_rename_in_templates (HoneProject  *self,
                                  const char   *old_name,
                                  const char   *new_name,
                                  gboolean     *changed,
                                  GError      **error)
{
  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      const char *text = hone_project_get_template (self, role);
      g_autoptr(HoneTemplate) template = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *renamed = NULL;

      if (text[0] == '\0')
        continue;

      template = hone_template_new (text, NULL, &local_error);
      if (template == NULL)
        {
          g_debug ("Renaming “%s” to “%s”: the %s template does not compile, it is left as it is: %s",
                   old_name, new_name, hone_template_role_to_string (role), local_error->message);
          continue;
        }

      renamed = hone_template_rename_field (template, old_name, new_name);
      if (renamed == NULL || g_str_equal (renamed, text))
        continue;

      if (!hone_project_store_template (self, role, renamed, error))
        return FALSE;
      *changed = TRUE;
    }

  return TRUE;
}
