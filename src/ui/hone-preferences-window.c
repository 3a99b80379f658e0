/* hone-preferences-window.c: the preferences of Hone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-preferences-window.h"

struct _HonePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *style_row;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (HonePreferencesWindow, hone_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The rows of the style combo, in order */
static const char * const color_schemes[] = { "default", "light", "dark" };

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    {
      if (g_str_equal (scheme, color_schemes[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
color_scheme_set_mapping (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (color_schemes))
    return NULL;

  return g_variant_new_string (color_schemes[selected]);
}

HonePreferencesWindow *
hone_preferences_window_new (GtkWindow *parent,
                             GSettings *settings)
{
  HonePreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HONE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);

  self->settings = g_object_ref (settings);
  g_settings_bind_with_mapping (settings, "color-scheme",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                color_scheme_get_mapping,
                                color_scheme_set_mapping,
                                NULL, NULL);

  return self;
}

static void
hone_preferences_window_dispose (GObject *object)
{
  HonePreferencesWindow *self = HONE_PREFERENCES_WINDOW (object);

  if (self->style_row != NULL)
    g_settings_unbind (self->style_row, "selected");

  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hone_preferences_window_parent_class)->dispose (object);
}

static void
hone_preferences_window_class_init (HonePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/hone-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HonePreferencesWindow, style_row);
}

static void
hone_preferences_window_init (HonePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
