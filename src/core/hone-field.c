/* hone-field.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-field.h"

#define MAX_NAME_CHARS 100

struct _HoneField
{
  GObject        parent_instance;

  gint64         id;
  char          *name;
  HoneFieldKind  kind;
  char          *description;
  GStrv          allowed_values;
  guint          position;
};

G_DEFINE_FINAL_TYPE (HoneField, hone_field, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_DESCRIPTION,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hone_field_finalize (GObject *object)
{
  HoneField *self = HONE_FIELD (object);

  g_free (self->name);
  g_free (self->description);
  g_strfreev (self->allowed_values);

  G_OBJECT_CLASS (hone_field_parent_class)->finalize (object);
}

static void
hone_field_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HoneField *self = HONE_FIELD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_field_class_init (HoneFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hone_field_finalize;
  object_class->get_property = hone_field_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, 0, HONE_FIELD_KIND_YES_NO, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hone_field_init (HoneField *self)
{
}

HoneField *
hone_field_new (gint64              id,
                const char         *name,
                HoneFieldKind       kind,
                const char         *description,
                const char * const *allowed_values,
                guint               position)
{
  HoneField *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (HONE_TYPE_FIELD, NULL);
  self->id = id;
  self->name = g_strdup (name);
  self->kind = kind;
  self->description = g_strdup (description ? description : "");
  if (allowed_values != NULL && kind == HONE_FIELD_KIND_LABEL)
    self->allowed_values = g_strdupv ((char **) allowed_values);
  else
    self->allowed_values = g_new0 (char *, 1);
  self->position = position;

  return self;
}

gint64
hone_field_get_id (HoneField *self)
{
  g_return_val_if_fail (HONE_IS_FIELD (self), 0);
  return self->id;
}

const char *
hone_field_get_name (HoneField *self)
{
  g_return_val_if_fail (HONE_IS_FIELD (self), NULL);
  return self->name;
}

HoneFieldKind
hone_field_get_kind (HoneField *self)
{
  g_return_val_if_fail (HONE_IS_FIELD (self), 0);
  return self->kind;
}

const char *
hone_field_get_description (HoneField *self)
{
  g_return_val_if_fail (HONE_IS_FIELD (self), NULL);
  return self->description;
}

const char * const *
hone_field_get_allowed_values (HoneField *self)
{
  g_return_val_if_fail (HONE_IS_FIELD (self), NULL);
  return (const char * const *) self->allowed_values;
}

guint
hone_field_get_position (HoneField *self)
{
  g_return_val_if_fail (HONE_IS_FIELD (self), 0);
  return self->position;
}

static gboolean
parse_yes_no (const char *value,
              gboolean   *out)
{
  static const char * const yes[] = { "true", "yes", "y", "1", "on", NULL };
  static const char * const no[] = { "false", "no", "n", "0", "off", NULL };

  for (guint i = 0; yes[i] != NULL; i++)
    if (g_ascii_strcasecmp (value, yes[i]) == 0)
      return (*out = TRUE, TRUE);
  for (guint i = 0; no[i] != NULL; i++)
    if (g_ascii_strcasecmp (value, no[i]) == 0)
      return (*out = FALSE, TRUE);

  return FALSE;
}

static char *
shorten (const char *value)
{
  if (g_utf8_strlen (value, -1) <= 40)
    return g_strdup (value);
  else
    {
      g_autofree char *head = g_utf8_substring (value, 0, 39);
      return g_strconcat (head, "…", NULL);
    }
}

gboolean
hone_field_check_value (HoneField   *self,
                        const char  *value,
                        char       **canonical,
                        GError     **error)
{
  g_return_val_if_fail (HONE_IS_FIELD (self), FALSE);

  if (canonical != NULL)
    *canonical = NULL;

  if (value == NULL || value[0] == '\0')
    return TRUE;

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("The value of “%s” is not valid text (it is not UTF-8)."),
                   self->name);
      return FALSE;
    }

  switch (self->kind)
    {
    case HONE_FIELD_KIND_SHORT_TEXT:
    case HONE_FIELD_KIND_LONG_TEXT:
      if (canonical != NULL)
        *canonical = g_strdup (value);
      return TRUE;

    case HONE_FIELD_KIND_LABEL:
      if (self->allowed_values[0] != NULL &&
          !g_strv_contains ((const char * const *) self->allowed_values, value))
        {
          g_autofree char *shown = shorten (value);
          g_autofree char *allowed = g_strjoinv (", ", self->allowed_values);
          g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("“%s” is not one of the labels of “%s” (%s)."),
                       shown, self->name, allowed);
          return FALSE;
        }
      if (canonical != NULL)
        *canonical = g_strdup (value);
      return TRUE;

    case HONE_FIELD_KIND_NUMBER:
      {
        g_autofree char *trimmed = g_strstrip (g_strdup (value));
        char *end = NULL;
        double d = g_ascii_strtod (trimmed, &end);

        if (trimmed[0] == '\0' || end == NULL || *end != '\0' || !isfinite (d))
          {
            g_autofree char *shown = shorten (value);
            g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                         _("“%s” must be a number, and “%s” is not one."),
                         self->name, shown);
            return FALSE;
          }
        if (canonical != NULL)
          *canonical = g_steal_pointer (&trimmed);
        return TRUE;
      }

    case HONE_FIELD_KIND_YES_NO:
      {
        g_autofree char *trimmed = g_strstrip (g_strdup (value));
        gboolean b;

        if (!parse_yes_no (trimmed, &b))
          {
            g_autofree char *shown = shorten (value);
            g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                         _("“%s” must be yes or no, and “%s” is neither."),
                         self->name, shown);
            return FALSE;
          }
        if (canonical != NULL)
          *canonical = g_strdup (b ? "true" : "false");
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

gboolean
hone_field_name_is_valid (const char  *name,
                          GError     **error)
{
  static const char forbidden[] = "{}[]./";
  const char *p;

  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("A field needs a name."));
      return FALSE;
    }

  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("A field name must be valid text (UTF-8)."));
      return FALSE;
    }

  if (g_utf8_strlen (name, -1) > MAX_NAME_CHARS)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("A field name can have at most %d characters."), MAX_NAME_CHARS);
      return FALSE;
    }

  if (g_unichar_isspace (g_utf8_get_char (name)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (name + strlen (name)))))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("The field name “%s” starts or ends with a space. Remove the space."), name);
      return FALSE;
    }

  for (p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        {
          g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                               _("A field name cannot contain line breaks or tabs."));
          return FALSE;
        }
      if (c < 128 && strchr (forbidden, (char) c) != NULL)
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("The field name “%s” contains “%c”. Field names cannot contain { } [ ] . or /, because templates use them."),
                       name, (char) c);
          return FALSE;
        }
    }

  return TRUE;
}
