/* hone-placeholder-page.c: a page that says what is coming
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-placeholder-page.h"

struct _HonePlaceholderPage
{
  AdwBin         parent_instance;

  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (HonePlaceholderPage, hone_placeholder_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ICON_NAME,
  PROP_TITLE,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hone_placeholder_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HonePlaceholderPage *self = HONE_PLACEHOLDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      g_value_set_string (value, hone_placeholder_page_get_icon_name (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, hone_placeholder_page_get_title (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, hone_placeholder_page_get_description (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_placeholder_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HonePlaceholderPage *self = HONE_PLACEHOLDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      hone_placeholder_page_set_icon_name (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      hone_placeholder_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      hone_placeholder_page_set_description (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_placeholder_page_dispose (GObject *object)
{
  /* The bin would otherwise unparent its child a second time */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), HONE_TYPE_PLACEHOLDER_PAGE);

  G_OBJECT_CLASS (hone_placeholder_page_parent_class)->dispose (object);
}

static void
hone_placeholder_page_class_init (HonePlaceholderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_placeholder_page_dispose;
  object_class->get_property = hone_placeholder_page_get_property;
  object_class->set_property = hone_placeholder_page_set_property;

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-placeholder-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HonePlaceholderPage, status_page);
}

static void
hone_placeholder_page_init (HonePlaceholderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hone_placeholder_page_new (const char *icon_name,
                           const char *title,
                           const char *description)
{
  return g_object_new (HONE_TYPE_PLACEHOLDER_PAGE,
                       "icon-name", icon_name,
                       "title", title,
                       "description", description,
                       NULL);
}

const char *
hone_placeholder_page_get_icon_name (HonePlaceholderPage *self)
{
  g_return_val_if_fail (HONE_IS_PLACEHOLDER_PAGE (self), NULL);

  return adw_status_page_get_icon_name (self->status_page);
}

void
hone_placeholder_page_set_icon_name (HonePlaceholderPage *self,
                                     const char          *icon_name)
{
  g_return_if_fail (HONE_IS_PLACEHOLDER_PAGE (self));

  if (g_strcmp0 (icon_name, adw_status_page_get_icon_name (self->status_page)) == 0)
    return;

  adw_status_page_set_icon_name (self->status_page, icon_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

const char *
hone_placeholder_page_get_title (HonePlaceholderPage *self)
{
  g_return_val_if_fail (HONE_IS_PLACEHOLDER_PAGE (self), NULL);

  return adw_status_page_get_title (self->status_page);
}

void
hone_placeholder_page_set_title (HonePlaceholderPage *self,
                                 const char          *title)
{
  g_return_if_fail (HONE_IS_PLACEHOLDER_PAGE (self));

  if (g_strcmp0 (title, adw_status_page_get_title (self->status_page)) == 0)
    return;

  adw_status_page_set_title (self->status_page, title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
hone_placeholder_page_get_description (HonePlaceholderPage *self)
{
  g_return_val_if_fail (HONE_IS_PLACEHOLDER_PAGE (self), NULL);

  return adw_status_page_get_description (self->status_page);
}

void
hone_placeholder_page_set_description (HonePlaceholderPage *self,
                                       const char          *description)
{
  g_return_if_fail (HONE_IS_PLACEHOLDER_PAGE (self));

  if (g_strcmp0 (description, adw_status_page_get_description (self->status_page)) == 0)
    return;

  adw_status_page_set_description (self->status_page, description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}
