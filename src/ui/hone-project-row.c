/* hone-project-row.c: one project in the projects list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-project-row.h"

struct _HoneProjectRow
{
  AdwActionRow     parent_instance;

  GtkMenuButton   *menu_button;

  HoneProjectInfo *info;
};

G_DEFINE_FINAL_TYPE (HoneProjectRow, hone_project_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
hone_project_row_new (HoneProjectInfo *info)
{
  g_return_val_if_fail (HONE_IS_PROJECT_INFO (info), NULL);

  return g_object_new (HONE_TYPE_PROJECT_ROW, "info", info, NULL);
}

HoneProjectInfo *
hone_project_row_get_info (HoneProjectRow *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_ROW (self), NULL);

  return self->info;
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

char *
hone_project_row_format_time (gint64 time,
                              gint64 now)
{
  g_autoptr(GDateTime) then_dt = NULL;
  g_autoptr(GDateTime) now_dt = NULL;
  g_autoptr(GDateTime) yesterday = NULL;
  gint64 diff = now - time;

  /* A time a little in the future (another machine's clock) is "just now" too */
  if (diff < 60)
    return g_strdup (_("just now"));

  if (diff < 60 * 60)
    {
      int minutes = diff / 60;

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d minute ago", "%d minutes ago",
                                           minutes),
                              minutes);
    }

  then_dt = g_date_time_new_from_unix_local (time);
  now_dt = g_date_time_new_from_unix_local (now);
  if (then_dt == NULL || now_dt == NULL)
    return g_strdup ("");

  if (same_day (then_dt, now_dt))
    {
      int hours = diff / (60 * 60);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d hour ago", "%d hours ago",
                                           hours),
                              hours);
    }

  yesterday = g_date_time_add_days (now_dt, -1);
  if (same_day (then_dt, yesterday))
    return g_strdup (_("yesterday"));

  if (g_date_time_get_year (then_dt) == g_date_time_get_year (now_dt))
    /* Translators: a date in this year, see the GDateTime format docs */
    return g_date_time_format (then_dt, _("%-d %B"));

  /* Translators: a date in another year, see the GDateTime format docs */
  return g_date_time_format (then_dt, _("%-d %B %Y"));
}

char *
hone_project_row_format_summary (HoneProjectInfo *info,
                                 gint64           now)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *examples = NULL;
  gint64 n_examples;
  guint n_fields;
  gint64 modified;

  g_return_val_if_fail (HONE_IS_PROJECT_INFO (info), NULL);

  n_examples = MAX (0, hone_project_info_get_n_examples (info));
  n_fields = hone_project_info_get_n_fields (info);
  modified = hone_project_info_get_modified (info);

  examples = g_strdup_printf ("%'" G_GINT64_FORMAT, n_examples);
  g_ptr_array_add (parts,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s example", "%s examples",
                                                 (gulong) n_examples),
                                    examples));
  g_ptr_array_add (parts,
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%u field", "%u fields",
                                                 n_fields),
                                    n_fields));

  if (modified > 0)
    {
      g_autofree char *when = hone_project_row_format_time (modified, now);

      /* Translators: %s is a time such as “3 hours ago” or “12 March” */
      g_ptr_array_add (parts, g_strdup_printf (_("changed %s"), when));
    }

  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between the parts of a project's summary */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static GMenuModel *
build_menu (HoneProjectRow *self)
{
  GMenu *menu = g_menu_new ();
  const char *path = hone_project_info_get_path (self->info);
  GVariant *target = g_variant_new_string (path);
  g_autoptr(GMenuItem) item = NULL;

  g_variant_ref_sink (target);

  if (hone_project_info_get_available (self->info))
    {
      item = g_menu_item_new (_("_Rename…"), NULL);
      g_menu_item_set_action_and_target_value (item, "projects.rename", target);
      g_menu_append_item (menu, item);
      g_clear_object (&item);

      item = g_menu_item_new (_("_Duplicate"), NULL);
      g_menu_item_set_action_and_target_value (item, "projects.duplicate", target);
      g_menu_append_item (menu, item);
      g_clear_object (&item);

      item = g_menu_item_new (_("_Delete"), NULL);
      g_menu_item_set_action_and_target_value (item, "projects.delete", target);
      g_menu_append_item (menu, item);
    }
  else
    {
      item = g_menu_item_new (_("_Remove from List"), NULL);
      g_menu_item_set_action_and_target_value (item, "projects.forget", target);
      g_menu_append_item (menu, item);
    }

  g_variant_unref (target);

  return G_MENU_MODEL (menu);
}

static void
update (HoneProjectRow *self)
{
  g_autoptr(GMenuModel) menu = NULL;
  const char *name;
  gboolean available;

  if (self->info == NULL)
    return;

  name = hone_project_info_get_name (self->info);
  available = hone_project_info_get_available (self->info);

  if (name == NULL || name[0] == '\0')
    {
      g_autofree char *basename = g_file_get_basename (hone_project_info_get_file (self->info));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), basename);
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);

  if (available)
    {
      g_autofree char *summary = NULL;

      summary = hone_project_row_format_summary (self->info, g_get_real_time () / G_USEC_PER_SEC);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), summary);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (self), NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "unavailable");
    }
  else
    {
      const char *problem = hone_project_info_get_problem (self->info);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                                   problem ? problem : _("This project cannot be opened."));
      adw_action_row_set_icon_name (ADW_ACTION_ROW (self), "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self), "unavailable");
    }

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), available);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), hone_project_info_get_path (self->info));

  menu = build_menu (self);
  gtk_menu_button_set_menu_model (self->menu_button, menu);

  {
    g_autofree char *label = NULL;

    /* Translators: the accessible name of a project's menu button */
    label = g_strdup_printf (_("Menu of “%s”"), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)));
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  }
}

static void
hone_project_row_set_info (HoneProjectRow  *self,
                           HoneProjectInfo *info)
{
  if (!g_set_object (&self->info, info))
    return;

  if (info != NULL)
    g_signal_connect_object (info, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  update (self);
}

static void
hone_project_row_dispose (GObject *object)
{
  HoneProjectRow *self = HONE_PROJECT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_PROJECT_ROW);
  g_clear_object (&self->info);

  G_OBJECT_CLASS (hone_project_row_parent_class)->dispose (object);
}

static void
hone_project_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HoneProjectRow *self = HONE_PROJECT_ROW (object);

  switch (prop_id)
    {
    case PROP_INFO:
      g_value_set_object (value, self->info);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_project_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HoneProjectRow *self = HONE_PROJECT_ROW (object);

  switch (prop_id)
    {
    case PROP_INFO:
      hone_project_row_set_info (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_project_row_class_init (HoneProjectRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_project_row_dispose;
  object_class->get_property = hone_project_row_get_property;
  object_class->set_property = hone_project_row_set_property;

  properties[PROP_INFO] =
    g_param_spec_object ("info", NULL, NULL,
                         HONE_TYPE_PROJECT_INFO,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/hone-project-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneProjectRow, menu_button);
}

static void
hone_project_row_init (HoneProjectRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
