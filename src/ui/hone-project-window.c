/* hone-project-window.c: one window per open project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-project-window.h"
#include "hone-application.h"
#include "hone-check-page.h"
#include "hone-check-status.h"
#include "hone-examples-page.h"
#include "hone-fields-page.h"
#include "hone-fine-tunes-page.h"
#include "hone-placeholder-page.h"
#include "hone-templates-page.h"
#include "dialogs/hone-export-dialog.h"
#include "dialogs/hone-fine-tune-wizard.h"

#define SETTINGS_SCHEMA_ID "app.hone.Hone"

/* In sidebar order; Alt+1 … Alt+9 show them */
static const char * const page_names[] = {
  HONE_PAGE_EXAMPLES,
  HONE_PAGE_FIELDS,
  HONE_PAGE_TEMPLATES,
  HONE_PAGE_CHECK,
  HONE_PAGE_FINETUNES,
  HONE_PAGE_PLAYGROUND,
  HONE_PAGE_COMPARE,
  HONE_PAGE_SYNTHESIZE,
  HONE_PAGE_FEEDBACK,
};

struct _HoneProjectWindow
{
  AdwApplicationWindow  parent_instance;

  HoneProject          *project;
  GSettings            *settings;   /* NULL when the schema is not installed */

  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkStack             *stack;
  AdwWindowTitle       *window_title;
  GtkButton            *back_button;
  HoneExamplesPage     *examples_page;
  HoneFieldsPage       *fields_page;
  HoneTemplatesPage    *templates_page;
  HoneCheckPage        *check_page;
  HoneFineTunesPage    *fine_tunes_page;
  HoneCheckStatus      *check_status;
  AdwToastOverlay      *toast_overlay;

  HoneDatasetCheck     *dataset_check;

  HoneImportDialog     *import_dialog;  /* weak: the one open, if any */
};

G_DEFINE_FINAL_TYPE (HoneProjectWindow, hone_project_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_VISIBLE_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Title ----------------------------------------------------------------- */

static void
update_title (HoneProjectWindow *self)
{
  const char *name = hone_project_get_name (self->project);
  const char *page_name = gtk_stack_get_visible_child_name (self->stack);
  const char *page_title = NULL;
  g_autofree char *title = NULL;

  if (page_name != NULL)
    {
      GtkWidget *child = gtk_stack_get_child_by_name (self->stack, page_name);
      page_title = gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child));
    }

  /* Translators: the title of a project window; %s is the project's name */
  title = g_strdup_printf (_("%s — Hone"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);

  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, page_title);
}

static void
project_name_changed_cb (HoneProjectWindow *self,
                         GParamSpec        *pspec,
                         HoneProject       *project)
{
  update_title (self);
}

/* Pages ----------------------------------------------------------------- */

static GtkListBoxRow *
find_row (HoneProjectWindow *self,
          const char        *page_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "hone-page-name"), page_name) == 0)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

static void
build_sidebar (HoneProjectWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    {
      GtkWidget *child = gtk_stack_get_child_by_name (self->stack, page_names[i]);
      GtkStackPage *page = gtk_stack_get_page (self->stack, child);
      GtkWidget *row;
      GtkWidget *box;
      GtkWidget *label;
      g_autofree char *shortcut = NULL;

      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (gtk_stack_page_get_icon_name (page)));
      label = gtk_label_new (gtk_stack_page_get_title (page));
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);

      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "hone-page-name", g_strdup (page_names[i]), g_free);
      /* Translators: the keyboard shortcut of a page, shown as its tooltip */
      shortcut = g_strdup_printf (_("Alt+%u"), i + 1);
      gtk_widget_set_tooltip_text (row, shortcut);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_stack_page_get_title (page),
                                      GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, shortcut,
                                      -1);
      gtk_list_box_append (self->sidebar_list, row);
    }
}

/* Shows @page_name without moving a folded leaflet */
static gboolean
set_page (HoneProjectWindow *self,
          const char        *page_name)
{
  if (page_name == NULL || gtk_stack_get_child_by_name (self->stack, page_name) == NULL)
    {
      g_debug ("No page called “%s” in a project window", page_name ? page_name : "(null)");
      return FALSE;
    }

  gtk_stack_set_visible_child_name (self->stack, page_name);
  return TRUE;
}

static void
stack_visible_child_cb (HoneProjectWindow *self,
                        GParamSpec        *pspec,
                        GtkStack          *stack)
{
  const char *page_name = gtk_stack_get_visible_child_name (self->stack);
  GtkListBoxRow *row = find_row (self, page_name);

  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);

  if (self->project != NULL)
    update_title (self);

  if (self->settings != NULL && page_name != NULL)
    g_settings_set_string (self->settings, "last-page", page_name);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_PAGE]);
}

static void
sidebar_row_selected_cb (HoneProjectWindow *self,
                         GtkListBoxRow     *row,
                         GtkListBox        *list_box)
{
  if (row != NULL)
    set_page (self, g_object_get_data (G_OBJECT (row), "hone-page-name"));
}

static void
sidebar_row_activated_cb (HoneProjectWindow *self,
                          GtkListBoxRow     *row,
                          GtkListBox        *list_box)
{
  if (set_page (self, g_object_get_data (G_OBJECT (row), "hone-page-name")))
    adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
back_clicked_cb (HoneProjectWindow *self,
                 GtkButton         *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  hone_project_window_show_page (HONE_PROJECT_WINDOW (widget),
                                 g_variant_get_string (parameter, NULL));
}

/* win.open-in-playground (s: a model's name), from a fine-tune's view */
static void
open_in_playground_activated (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  HoneProjectWindow *self = HONE_PROJECT_WINDOW (user_data);

  /* The Playground page does not take a model yet */
  g_debug ("Opening %s in the Playground", g_variant_get_string (parameter, NULL));
  hone_project_window_show_page (self, HONE_PAGE_PLAYGROUND);
}

/* Check ------------------------------------------------------------------- */

static void
validation_changed_cb (HoneProjectWindow *self)
{
  hone_examples_page_set_validation (self->examples_page,
                                     hone_dataset_check_get_validation (self->dataset_check));
}

/* The template preview counts tokens for the model the examples are
 * checked for */
static void
check_model_changed_cb (HoneProjectWindow *self)
{
  hone_template_preview_set_model (hone_templates_page_get_preview (self->templates_page),
                                   hone_dataset_check_get_catalog (self->dataset_check),
                                   hone_dataset_check_get_model (self->dataset_check));
}

/* A Show button of the Check page */
static void
show_example_cb (HoneProjectWindow *self,
                 gint64             example_id,
                 HoneCheckPage     *page)
{
  if (hone_examples_page_show_example (self->examples_page, example_id))
    hone_project_window_show_page (self, HONE_PAGE_EXAMPLES);
}

/* Import ------------------------------------------------------------------ */

static void
import_chooser_response_cb (GtkNativeDialog   *chooser,
                            int                response,
                            HoneProjectWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        hone_project_window_import_file (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneProjectWindow *self = HONE_PROJECT_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (self->import_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->import_dialog));
      return;
    }

  chooser = hone_import_dialog_new_file_chooser (GTK_WINDOW (self), _("Import Examples"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

HoneImportDialog *
hone_project_window_import_file (HoneProjectWindow *self,
                                 GFile             *file)
{
  g_return_val_if_fail (HONE_IS_PROJECT_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* One import at a time */
  if (self->import_dialog == NULL)
    {
      self->import_dialog = hone_import_dialog_new (GTK_WINDOW (self), self->project, file);
      g_object_add_weak_pointer (G_OBJECT (self->import_dialog), (gpointer *) &self->import_dialog);
      /* The import writes through a connection of its own, which the
       * project does not announce: check the examples again after it */
      g_signal_connect_object (self->import_dialog, "destroy",
                               G_CALLBACK (hone_dataset_check_queue), self->dataset_check,
                               G_CONNECT_SWAPPED);
    }

  gtk_window_present (GTK_WINDOW (self->import_dialog));
  return self->import_dialog;
}

/* Export ------------------------------------------------------------------ */

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneProjectWindow *self = HONE_PROJECT_WINDOW (widget);
  HoneExportDialog *dialog = hone_export_dialog_new (GTK_WINDOW (self), self->project);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* New fine-tune ----------------------------------------------------------- */

static void
new_fine_tune_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  HoneProjectWindow *self = user_data;

  gtk_window_present (hone_fine_tune_wizard_new (self->project, GTK_WINDOW (self)));
}

static const GActionEntry win_actions[] = {
  { "new-fine-tune", new_fine_tune_action },
  { "open-in-playground", open_in_playground_activated, "s" },
};

/* Drag and drop ------------------------------------------------------------- */

/* A file Hone can import: by its name, or text of a kind without one */
static gboolean
is_importable (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFileInfo) info = NULL;
  const char *type;

  if (hone_import_dialog_is_importable_name (name))
    return TRUE;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                                  G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return FALSE;

  type = g_file_info_get_content_type (info);
  return type != NULL && g_content_type_is_a (type, "text/plain");
}

static void
show_toast (HoneProjectWindow *self,
            const char        *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

gboolean
hone_project_window_handle_drop (HoneProjectWindow *self,
                                 GFile             *file)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (HONE_IS_PROJECT_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);

  if (name != NULL && g_str_has_suffix (name, HONE_PROJECT_EXTENSION))
    {
      GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
      g_autoptr(GError) error = NULL;

      if (!HONE_IS_APPLICATION (application))
        return FALSE;
      if (!hone_application_open_project (HONE_APPLICATION (application), file, &error))
        {
          g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

          hone_application_show_error (HONE_APPLICATION (application), GTK_WINDOW (self), heading, error);
          return FALSE;
        }
      return TRUE;
    }

  if (!is_importable (file))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a file name */
      text = g_strdup_printf (_("“%s” cannot be imported: Hone reads CSV, TSV, JSON Lines and JSON files. Save it in one of them first."),
                              name != NULL ? name : "");
      show_toast (self, text);
      return FALSE;
    }

  hone_project_window_import_file (self, file);
  return TRUE;
}

static gboolean
drop_cb (GtkDropTarget     *target,
         const GValue      *value,
         double             x,
         double             y,
         HoneProjectWindow *self)
{
  GSList *files;
  gboolean handled;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  /* One file at a time: the first one */
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  handled = hone_project_window_handle_drop (self, files->data);
  g_slist_free (files);
  return handled;
}

/* Window state ---------------------------------------------------------- */

static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);

  if (schema == NULL)
    {
      g_debug ("The settings schema %s is not installed; window state is not kept",
               SETTINGS_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
restore_state (HoneProjectWindow *self)
{
  g_autofree char *last_page = NULL;
  int width, height;

  if (self->settings == NULL)
    {
      hone_project_window_show_page (self, HONE_PAGE_EXAMPLES);
      return;
    }

  width = g_settings_get_int (self->settings, "project-window-width");
  height = g_settings_get_int (self->settings, "project-window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "project-window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_page = g_settings_get_string (self->settings, "last-page");
  if (last_page == NULL || gtk_stack_get_child_by_name (self->stack, last_page) == NULL)
    {
      g_debug ("Unknown last page “%s”; showing the examples", last_page ? last_page : "(null)");
      g_clear_pointer (&last_page, g_free);
      last_page = g_strdup (HONE_PAGE_EXAMPLES);
    }
  hone_project_window_show_page (self, last_page);
}

static void
save_state (HoneProjectWindow *self)
{
  int width, height;
  gboolean maximized;

  if (self->settings == NULL)
    return;

  maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  g_settings_set_boolean (self->settings, "project-window-maximized", maximized);

  /* The default size follows the window's size while it is not maximized */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (!maximized && !gtk_window_is_fullscreen (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "project-window-width", width);
      g_settings_set_int (self->settings, "project-window-height", height);
    }

  if (gtk_stack_get_visible_child_name (self->stack) != NULL)
    g_settings_set_string (self->settings, "last-page", gtk_stack_get_visible_child_name (self->stack));
}

static gboolean
hone_project_window_close_request (GtkWindow *window)
{
  save_state (HONE_PROJECT_WINDOW (window));

  return GTK_WINDOW_CLASS (hone_project_window_parent_class)->close_request (window);
}

/* GObject --------------------------------------------------------------- */

static void
hone_project_window_constructed (GObject *object)
{
  HoneProjectWindow *self = HONE_PROJECT_WINDOW (object);

  G_OBJECT_CLASS (hone_project_window_parent_class)->constructed (object);

  g_assert (HONE_IS_PROJECT (self->project));

  hone_examples_page_set_project (self->examples_page, self->project);
  hone_fields_page_set_project (self->fields_page, self->project);
  hone_templates_page_set_project (self->templates_page, self->project);
  /* Also starts following the project's unfinished fine-tunes */
  hone_fine_tunes_page_set_project (self->fine_tunes_page, self->project);
  /* The templates' preview follows the example under the grid's cursor */
  g_object_bind_property (self->examples_page, "cursor-example-id",
                          self->templates_page, "followed-example-id",
                          G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->project, "notify::name",
                           G_CALLBACK (project_name_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* The check of the examples: the Check page, the status bar and the
   * grid's Tokens and Problems columns show it */
  self->dataset_check = hone_dataset_check_new (self->project);
  hone_check_page_set_check (self->check_page, self->dataset_check);
  hone_check_page_set_undo_stack (self->check_page,
                                  hone_examples_page_get_undo_stack (self->examples_page));
  hone_check_status_set_check (self->check_status, self->dataset_check);
  g_signal_connect_object (self->dataset_check, "notify::validation",
                           G_CALLBACK (validation_changed_cb), self,
                           G_CONNECT_SWAPPED);
  validation_changed_cb (self);
  g_signal_connect_object (self->dataset_check, "notify::model",
                           G_CALLBACK (check_model_changed_cb), self,
                           G_CONNECT_SWAPPED);
  check_model_changed_cb (self);

  self->settings = lookup_settings ();
  restore_state (self);

  /* The first page was visible before the project arrived: bring the
   * sidebar and the title in line with whichever page is shown now */
  stack_visible_child_cb (self, NULL, self->stack);
}

static void
hone_project_window_dispose (GObject *object)
{
  HoneProjectWindow *self = HONE_PROJECT_WINDOW (object);

  if (self->import_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->import_dialog), (gpointer *) &self->import_dialog);
      self->import_dialog = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_PROJECT_WINDOW);

  g_clear_object (&self->dataset_check);
  g_clear_object (&self->settings);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (hone_project_window_parent_class)->dispose (object);
}

static void
hone_project_window_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HoneProjectWindow *self = HONE_PROJECT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_VISIBLE_PAGE:
      g_value_set_string (value, hone_project_window_get_visible_page (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_project_window_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HoneProjectWindow *self = HONE_PROJECT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_project_window_class_init (HoneProjectWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = hone_project_window_constructed;
  object_class->dispose = hone_project_window_dispose;
  object_class->get_property = hone_project_window_get_property;
  object_class->set_property = hone_project_window_set_property;

  window_class->close_request = hone_project_window_close_request;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         HONE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE_PAGE] =
    g_param_spec_string ("visible-page", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HONE_TYPE_EXAMPLES_PAGE);
  g_type_ensure (HONE_TYPE_FIELDS_PAGE);
  g_type_ensure (HONE_TYPE_PLACEHOLDER_PAGE);
  g_type_ensure (HONE_TYPE_TEMPLATES_PAGE);
  g_type_ensure (HONE_TYPE_CHECK_PAGE);
  g_type_ensure (HONE_TYPE_FINE_TUNES_PAGE);
  g_type_ensure (HONE_TYPE_CHECK_STATUS);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/hone-project-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, examples_page);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, fields_page);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, templates_page);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, check_page);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, fine_tunes_page);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, check_status);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_example_cb);

  gtk_widget_class_install_action (widget_class, "project.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "project.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "project.export", NULL, export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "project.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "project.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.new-fine-tune", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.new-fine-tune", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "project.show-page", "s", page_names[i]);
}

static void
hone_project_window_init (HoneProjectWindow *self)
{
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* win.new-fine-tune (Ctrl+Shift+N) opens the New Fine-tune wizard */
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);

  build_sidebar (self);

  /* Drop a file to import it. On the window's content, not the window:
   * Adwaita draws the drop highlight on any widget but a window. */
  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->leaflet), GTK_EVENT_CONTROLLER (drop_target));
  gtk_widget_add_css_class (GTK_WIDGET (self->leaflet), "hone-drop-target");
}

HoneProjectWindow *
hone_project_window_new (GtkApplication *application,
                         HoneProject    *project)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);

  return g_object_new (HONE_TYPE_PROJECT_WINDOW,
                       "application", application,
                       "project", project,
                       NULL);
}

HoneProject *
hone_project_window_get_project (HoneProjectWindow *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_WINDOW (self), NULL);

  return self->project;
}

void
hone_project_window_show_page (HoneProjectWindow *self,
                               const char        *page_name)
{
  g_return_if_fail (HONE_IS_PROJECT_WINDOW (self));

  /* A folded window shows the page itself rather than the sidebar */
  if (set_page (self, page_name))
    adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

gboolean
hone_project_window_show_fine_tune (HoneProjectWindow *self,
                                    gint64             id)
{
  g_return_val_if_fail (HONE_IS_PROJECT_WINDOW (self), FALSE);

  hone_project_window_show_page (self, HONE_PAGE_FINETUNES);
  return hone_fine_tunes_page_show_job (self->fine_tunes_page, id);
}

const char *
hone_project_window_get_visible_page (HoneProjectWindow *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

HoneExamplesPage *
hone_project_window_get_examples_page (HoneProjectWindow *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_WINDOW (self), NULL);

  return self->examples_page;
}

HoneDatasetCheck *
hone_project_window_get_dataset_check (HoneProjectWindow *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_WINDOW (self), NULL);

  return self->dataset_check;
}

void
hone_project_window_add_toast (HoneProjectWindow *self,
                               AdwToast          *toast)
{
  g_return_if_fail (HONE_IS_PROJECT_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
