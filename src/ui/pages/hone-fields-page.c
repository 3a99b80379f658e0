/* hone-fields-page.c: the list of a project's fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-fields-page.h"

struct _HoneFieldsPage
{
  AdwBin       parent_instance;

  HoneProject *project;
  gulong       fields_changed_id;

  GtkStack    *stack;
  GtkListBox  *list_box;
};

G_DEFINE_FINAL_TYPE (HoneFieldsPage, hone_fields_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
icon_for_kind (HoneFieldKind kind)
{
  switch (kind)
    {
    case HONE_FIELD_KIND_SHORT_TEXT:
      return "insert-text-symbolic";
    case HONE_FIELD_KIND_LONG_TEXT:
      return "format-justify-left-symbolic";
    case HONE_FIELD_KIND_LABEL:
      return "view-list-bullet-symbolic";
    case HONE_FIELD_KIND_NUMBER:
      return "input-dialpad-symbolic";
    case HONE_FIELD_KIND_YES_NO:
      return "checkbox-checked-symbolic";
    default:
      return "text-x-generic-symbolic";
    }
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  HoneField *field = item;
  HoneFieldKind kind = hone_field_get_kind (field);
  const char *description = hone_field_get_description (field);
  GString *subtitle = g_string_new (hone_field_kind_get_label (kind));
  g_autofree char *subtitle_text = NULL;
  GtkWidget *row;
  GtkWidget *icon;

  if (description != NULL && description[0] != '\0')
    {
      /* Translators: between a field's kind and its description */
      g_string_append (subtitle, _(" · "));
      g_string_append (subtitle, description);
    }

  if (kind == HONE_FIELD_KIND_LABEL)
    {
      const char * const *values = hone_field_get_allowed_values (field);
      g_autofree char *joined = g_strjoinv (", ", (char **) values);

      g_string_append_c (subtitle, '\n');
      if (values[0] != NULL)
        /* Translators: the values a label field accepts, separated by commas */
        g_string_append_printf (subtitle, _("Values: %s"), joined);
      else
        g_string_append (subtitle, _("No values are allowed yet"));
    }

  subtitle_text = g_string_free (subtitle, FALSE);

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "use-markup", FALSE,
                      "title", hone_field_get_name (field),
                      "subtitle", subtitle_text,
                      "subtitle-lines", 0,
                      NULL);

  icon = gtk_image_new_from_icon_name (icon_for_kind (kind));
  gtk_widget_set_tooltip_text (icon, hone_field_kind_get_label (kind));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
update_state (HoneFieldsPage *self)
{
  gboolean empty = self->project == NULL || hone_project_get_n_fields (self->project) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
fields_items_changed_cb (HoneFieldsPage *self,
                         guint           position,
                         guint           removed,
                         guint           added,
                         GListModel     *fields)
{
  update_state (self);
}

static void
hone_fields_page_dispose (GObject *object)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (object);

  if (self->project != NULL)
    g_clear_signal_handler (&self->fields_changed_id, hone_project_get_fields (self->project));

  /* The bin would otherwise unparent its child a second time */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_FIELDS_PAGE);

  g_clear_object (&self->project);

  G_OBJECT_CLASS (hone_fields_page_parent_class)->dispose (object);
}

static void
hone_fields_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_fields_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      hone_fields_page_set_project (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_fields_page_class_init (HoneFieldsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_fields_page_dispose;
  object_class->get_property = hone_fields_page_get_property;
  object_class->set_property = hone_fields_page_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         HONE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-fields-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneFieldsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldsPage, list_box);
}

static void
hone_fields_page_init (HoneFieldsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

GtkWidget *
hone_fields_page_new (void)
{
  return g_object_new (HONE_TYPE_FIELDS_PAGE, NULL);
}

HoneProject *
hone_fields_page_get_project (HoneFieldsPage *self)
{
  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (self), NULL);

  return self->project;
}

void
hone_fields_page_set_project (HoneFieldsPage *self,
                              HoneProject    *project)
{
  g_return_if_fail (HONE_IS_FIELDS_PAGE (self));
  g_return_if_fail (project == NULL || HONE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_clear_signal_handler (&self->fields_changed_id, hone_project_get_fields (self->project));

  g_set_object (&self->project, project);

  if (project != NULL)
    {
      GListModel *fields = hone_project_get_fields (project);

      gtk_list_box_bind_model (self->list_box, fields, create_row, NULL, NULL);
      self->fields_changed_id =
        g_signal_connect_object (fields, "items-changed",
                                 G_CALLBACK (fields_items_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }
  else
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);

  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}
