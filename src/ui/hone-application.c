/* hone-application.c: the Hone application, its projects index and app actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hone-application.h"
#include "hone-preferences-window.h"
#include "hone-project-window.h"
#include "hone-projects-window.h"

#define HONE_WEBSITE   "https://hone.app"
#define HONE_ISSUE_URL "https://hone.app/issues"

struct _HoneApplication
{
  AdwApplication    parent_instance;

  HoneProjectIndex *index;
  GError           *index_error;
  GSettings        *settings;
};

G_DEFINE_FINAL_TYPE (HoneApplication, hone_application, ADW_TYPE_APPLICATION)

HoneApplication *
hone_application_new (void)
{
  return g_object_new (HONE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/app/hone/Hone",
                       NULL);
}

HoneProjectIndex *
hone_application_get_index (HoneApplication *self)
{
  g_return_val_if_fail (HONE_IS_APPLICATION (self), NULL);

  return self->index;
}

const GError *
hone_application_get_index_error (HoneApplication *self)
{
  g_return_val_if_fail (HONE_IS_APPLICATION (self), NULL);

  return self->index_error;
}

GSettings *
hone_application_get_settings (HoneApplication *self)
{
  g_return_val_if_fail (HONE_IS_APPLICATION (self), NULL);

  return self->settings;
}

/* Windows */

GtkWindow *
hone_application_find_project_window (HoneApplication *self,
                                      GFile           *file)
{
  g_return_val_if_fail (HONE_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      HoneProject *project;

      if (!HONE_IS_PROJECT_WINDOW (l->data))
        continue;

      project = hone_project_window_get_project (l->data);
      if (project != NULL && g_file_equal (hone_project_get_file (project), file))
        return l->data;
    }

  return NULL;
}

GtkWindow *
hone_application_get_projects_window (HoneApplication *self)
{
  g_return_val_if_fail (HONE_IS_APPLICATION (self), NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (HONE_IS_PROJECTS_WINDOW (l->data))
        return l->data;
    }

  return GTK_WINDOW (hone_projects_window_new (self));
}

static GtkWindow *
get_dialog_parent (HoneApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = hone_application_get_projects_window (self);
      gtk_window_present (window);
    }

  return window;
}

void
hone_application_show_error (HoneApplication *self,
                             GtkWindow       *parent,
                             const char      *heading,
                             const GError    *error)
{
  GtkWidget *dialog;

  g_return_if_fail (HONE_IS_APPLICATION (self));
  g_return_if_fail (heading != NULL);

  if (parent == NULL)
    parent = get_dialog_parent (self);

  dialog = adw_message_dialog_new (parent, heading, error ? error->message : NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_to_index (HoneApplication *self,
              HoneProject     *project,
              gboolean         opened)
{
  g_autoptr(GError) error = NULL;

  if (self->index == NULL)
    return;

  /* A project that cannot be listed is still usable: only log it. */
  if (hone_project_index_add (self->index, project, opened, &error) == NULL)
    g_debug ("Could not add %s to the projects index: %s",
             g_file_peek_path (hone_project_get_file (project)), error->message);
}

static void
present_project (HoneApplication *self,
                 HoneProject     *project)
{
  HoneProjectWindow *window;

  window = hone_project_window_new (GTK_APPLICATION (self), project);
  gtk_window_present (GTK_WINDOW (window));
}

gboolean
hone_application_open_project (HoneApplication  *self,
                               GFile            *file,
                               GError          **error)
{
  g_autoptr(HoneProject) project = NULL;
  GtkWindow *window;

  g_return_val_if_fail (HONE_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((window = hone_application_find_project_window (self, file)))
    {
      gtk_window_present (window);
      return TRUE;
    }

  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, error);
  if (project == NULL)
    return FALSE;

  add_to_index (self, project, TRUE);
  present_project (self, project);

  return TRUE;
}

static gboolean
make_projects_dir (GFile   *dir,
                   GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_file_make_directory_with_parents (dir, NULL, &local_error) ||
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    return TRUE;

  g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
               _("The folder “%s” could not be created (%s). Check that you may write to it."),
               g_file_peek_path (dir), local_error->message);
  return FALSE;
}

gboolean
hone_application_create_project (HoneApplication  *self,
                                 const char       *name,
                                 GFile           **out_file,
                                 GError          **error)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autofree char *clean = NULL;

  g_return_val_if_fail (HONE_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clean = g_strstrip (g_strdup (name));
  if (clean[0] == '\0')
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("A project needs a name. Type one and try again."));
      return FALSE;
    }

  dir = hone_project_index_get_default_projects_dir ();
  if (!make_projects_dir (dir, error))
    return FALSE;

  file = hone_project_suggest_file (dir, clean);
  project = hone_project_create (file, clean, error);
  if (project == NULL)
    return FALSE;

  add_to_index (self, project, TRUE);
  present_project (self, project);

  if (out_file)
    *out_file = g_steal_pointer (&file);

  return TRUE;
}

/* A new project for a file ----------------------------------------------- */

typedef struct {
  HoneApplication *self;
  GFile           *file;
} RemoveNewProject;

static gboolean
remove_new_project_cb (gpointer user_data)
{
  RemoveNewProject *data = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  window = hone_application_get_projects_window (data->self);
  gtk_window_present (window);
  if (!hone_projects_window_delete_project (HONE_PROJECTS_WINDOW (window), data->file, &error))
    g_debug ("Could not delete the new project %s: %s", g_file_peek_path (data->file), error->message);

  g_object_unref (data->self);
  g_object_unref (data->file);
  g_free (data);
  return G_SOURCE_REMOVE;
}

static void
first_import_finished_cb (HoneImportDialog *dialog,
                          gboolean          imported,
                          HoneApplication  *self)
{
  HoneProject *project = hone_import_dialog_get_project (dialog);
  g_autoptr(GError) error = NULL;
  RemoveNewProject *data;

  if (imported)
    return;

  /* Only a project that is still as it was made goes away */
  if (hone_project_get_n_fields (project) > 0 ||
      hone_project_count_examples (project, HONE_SPLIT_ANY, &error) != 0)
    return;

  /* Once the dialog is gone: deleting closes the project's window */
  data = g_new0 (RemoveNewProject, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (hone_project_get_file (project));
  g_idle_add (remove_new_project_cb, data);
}

HoneImportDialog *
hone_application_import_file (HoneApplication  *self,
                              GFile            *file,
                              GError          **error)
{
  g_autofree char *basename = NULL;
  g_autoptr(GFile) project_file = NULL;
  GtkWindow *window;
  HoneImportDialog *dialog;
  char *dot;

  g_return_val_if_fail (HONE_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* "press releases.csv" makes the project "press releases" */
  basename = g_file_get_basename (file);
  if (basename == NULL || !g_utf8_validate (basename, -1, NULL))
    {
      g_free (basename);
      basename = g_file_get_parse_name (file);
    }
  dot = strrchr (basename, '.');
  if (dot != NULL && dot != basename)
    *dot = '\0';

  if (!hone_application_create_project (self, basename, &project_file, error))
    return NULL;

  window = hone_application_find_project_window (self, project_file);
  g_return_val_if_fail (HONE_IS_PROJECT_WINDOW (window), NULL);

  dialog = hone_project_window_import_file (HONE_PROJECT_WINDOW (window), file);
  hone_import_dialog_set_new_project (dialog, TRUE);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (first_import_finished_cb), self, 0);

  return dialog;
}

static GFile *
find_sample (HoneApplication *self,
             GFile           *dir)
{
  GListModel *model;
  guint n;

  if (self->index == NULL)
    return NULL;

  model = hone_project_index_get_model (self->index);
  n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HoneProjectInfo) info = g_list_model_get_item (model, i);
      GFile *file = hone_project_info_get_file (info);
      g_autoptr(GFile) parent = g_file_get_parent (file);

      if (hone_project_info_get_available (info) &&
          g_strcmp0 (hone_project_info_get_name (info), hone_sample_get_name ()) == 0 &&
          parent != NULL && g_file_equal (parent, dir) &&
          g_file_query_exists (file, NULL))
        return g_object_ref (file);
    }

  return NULL;
}

gboolean
hone_application_open_sample (HoneApplication  *self,
                              GError          **error)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HoneProject) project = NULL;

  g_return_val_if_fail (HONE_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = hone_project_index_get_default_projects_dir ();

  if ((file = find_sample (self, dir)))
    {
      g_autoptr(GError) local_error = NULL;

      if (hone_application_open_project (self, file, &local_error))
        return TRUE;

      /* Damaged or unreadable: make a fresh one below */
      g_debug ("Could not open the sample %s: %s",
               g_file_peek_path (file), local_error->message);
      g_clear_object (&file);
    }

  if (!make_projects_dir (dir, error))
    return FALSE;

  file = hone_project_suggest_file (dir, hone_sample_get_name ());
  project = hone_sample_create (file, error);
  if (project == NULL)
    return FALSE;

  add_to_index (self, project, TRUE);
  present_project (self, project);

  return TRUE;
}

/* Appearance */

static void
apply_color_scheme (HoneApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");

  if (g_str_equal (scheme, "light"))
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (scheme, "dark"))
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* Actions */

static void
name_dialog_changed_cb (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  const char *response = g_object_get_data (G_OBJECT (dialog), "hone-accept-response");

  adw_message_dialog_set_response_enabled (dialog, response, text[0] != '\0');
}

/* A dialog asking for a project name; the entry is its extra child. */
AdwMessageDialog *
hone_name_dialog_new (GtkWindow  *parent,
                      const char *heading,
                      const char *body,
                      const char *initial,
                      const char *accept_response,
                      const char *accept_label)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  g_object_set_data_full (G_OBJECT (dialog), "hone-accept-response",
                          g_strdup (accept_response), g_free);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    accept_response, accept_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, accept_response, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, accept_response);
  adw_message_dialog_set_close_response (dialog, "cancel");

  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Project name"),
                                  -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), initial ? initial : "");
  g_signal_connect_object (entry, "changed", G_CALLBACK (name_dialog_changed_cb), dialog, 0);
  name_dialog_changed_cb (GTK_EDITABLE (entry), dialog);
  adw_message_dialog_set_extra_child (dialog, entry);

  gtk_widget_grab_focus (entry);

  return dialog;
}

char *
hone_name_dialog_dup_name (AdwMessageDialog *dialog)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
new_project_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         HoneApplication  *self)
{
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "create"))
    return;

  name = hone_name_dialog_dup_name (dialog);
  if (name[0] == '\0')
    return;

  if (!hone_application_create_project (self, name, NULL, &error))
    hone_application_show_error (self, NULL, _("Could Not Create the Project"), error);
}

static void
new_project_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HoneApplication *self = user_data;
  AdwMessageDialog *dialog;

  dialog = hone_name_dialog_new (get_dialog_parent (self),
                                 _("New Project"),
                                 _("What will the model learn? Name the project after the task, such as “Press releases” or “Ticket priority”."),
                                 NULL, "create", _("C_reate"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_project_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  HoneApplication *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (file && !hone_application_open_project (self, file, &error))
        {
          g_autofree char *heading = NULL;
          g_autofree char *basename = g_file_get_basename (file);

          heading = g_strdup_printf (_("Could Not Open “%s”"), basename);
          hone_application_show_error (self, NULL, heading, error);
        }
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  HoneApplication *self = user_data;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) projects = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GFile) dir = hone_project_index_get_default_projects_dir ();

  chooser = gtk_file_chooser_native_new (_("Open a Project"),
                                         get_dialog_parent (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (projects, _("Hone projects"));
  gtk_file_filter_add_pattern (projects, "*" HONE_PROJECT_EXTENSION);
  gtk_file_filter_add_mime_type (projects, "application/x-hone-project");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), projects);

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), projects);

  if (g_file_query_exists (dir, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);

  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_file_response_cb (GtkNativeDialog *chooser,
                         int              response,
                         HoneApplication *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (file != NULL && hone_application_import_file (self, file, &error) == NULL)
        hone_application_show_error (self, NULL, _("Could Not Create the Project"), error);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
import_file_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HoneApplication *self = user_data;
  GtkFileChooserNative *chooser;

  chooser = hone_import_dialog_new_file_chooser (get_dialog_parent (self),
                                                 _("Import a File Into a New Project"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_file_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_sample_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HoneApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hone_application_open_sample (self, &error))
    hone_application_show_error (self, NULL, _("Could Not Open the Sample Project"), error);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HoneApplication *self = user_data;
  HonePreferencesWindow *window;

  window = hone_preferences_window_new (get_dialog_parent (self), self->settings);
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  HoneApplication *self = user_data;
  static const char *developers[] = { "The Hone developers", NULL };

  adw_show_about_window (get_dialog_parent (self),
                         "application-name", _("Hone"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Hone developers"),
                         "developers", developers,
                         "copyright", _("© The Hone developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", HONE_WEBSITE,
                         "issue-url", HONE_ISSUE_URL,
                         "comments", _("Fine-tune language models from examples of a task done well."),
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  HoneApplication *self = user_data;

  gtk_show_uri (get_dialog_parent (self), "help:hone", GDK_CURRENT_TIME);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  HoneApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  for (GList *l = windows; l; l = l->next)
    {
      if (HONE_IS_PROJECTS_WINDOW (l->data))
        hone_projects_window_finish_pending_deletes (l->data);
    }

  for (GList *l = windows; l; l = l->next)
    gtk_window_destroy (l->data);

  g_list_free (windows);
  g_application_quit (G_APPLICATION (self));
}

/* app.show-fine-tune (project path, fine-tune id): a notification's click */
static void
show_fine_tune_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  HoneApplication *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = NULL;
  gint64 id = 0;
  GtkWindow *window;

  g_variant_get (parameter, "(&sx)", &path, &id);
  file = g_file_new_for_path (path);
  if (!hone_application_open_project (self, file, &error))
    {
      hone_application_show_error (self, NULL, _("Could Not Open the Project of This Fine-tune"), error);
      return;
    }
  window = hone_application_find_project_window (self, file);
  if (HONE_IS_PROJECT_WINDOW (window))
    hone_project_window_show_fine_tune (HONE_PROJECT_WINDOW (window), id);
}

static const GActionEntry app_actions[] = {
  { "new-project", new_project_action },
  { "open", open_action },
  { "import-file", import_file_action },
  { "open-sample", open_sample_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "help", help_action },
  { "quit", quit_action },
  { "show-fine-tune", show_fine_tune_action, "(sx)" },
};

static void
set_accels (HoneApplication *self)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.new-project", { "<Control>n", NULL } },
    { "app.open", { "<Control>o", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.help", { "F1", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);
}

/* GApplication */

static void
hone_application_startup (GApplication *application)
{
  HoneApplication *self = HONE_APPLICATION (application);

  G_APPLICATION_CLASS (hone_application_parent_class)->startup (application);

  /* Process-wide, and GLib warns when it is set twice (tests make several apps) */
  {
    static gsize named = 0;

    if (g_once_init_enter (&named))
      {
        g_set_application_name (_("Hone"));
        g_once_init_leave (&named, 1);
      }
  }
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);

  g_clear_error (&self->index_error);
  self->index = hone_project_index_new (NULL, &self->index_error);
  if (self->index == NULL)
    g_debug ("The projects index could not be opened: %s", self->index_error->message);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  set_accels (self);
}

static void
hone_application_activate (GApplication *application)
{
  HoneApplication *self = HONE_APPLICATION (application);

  gtk_window_present (hone_application_get_projects_window (self));
}

static void
hone_application_open (GApplication  *application,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  HoneApplication *self = HONE_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_file_get_basename (files[i]);

      /* A CSV, TSV or JSON file is imported into a new project */
      if (hone_import_dialog_is_importable_name (name))
        {
          if (hone_application_import_file (self, files[i], &error) == NULL)
            hone_application_show_error (self, NULL, _("Could Not Create the Project"), error);
          continue;
        }

      if (!hone_application_open_project (self, files[i], &error))
        {
          GtkWindow *window = hone_application_get_projects_window (self);
          g_autofree char *basename = g_file_get_basename (files[i]);
          g_autofree char *heading = NULL;

          gtk_window_present (window);
          heading = g_strdup_printf (_("Could Not Open “%s”"), basename);
          hone_application_show_error (self, window, heading, error);
        }
    }
}

static void
hone_application_shutdown (GApplication *application)
{
  HoneApplication *self = HONE_APPLICATION (application);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (HONE_IS_PROJECTS_WINDOW (l->data))
        hone_projects_window_finish_pending_deletes (l->data);
    }

  G_APPLICATION_CLASS (hone_application_parent_class)->shutdown (application);
}

static void
hone_application_finalize (GObject *object)
{
  HoneApplication *self = HONE_APPLICATION (object);

  g_clear_object (&self->index);
  g_clear_object (&self->settings);
  g_clear_error (&self->index_error);

  G_OBJECT_CLASS (hone_application_parent_class)->finalize (object);
}

static void
hone_application_class_init (HoneApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = hone_application_finalize;

  app_class->startup = hone_application_startup;
  app_class->activate = hone_application_activate;
  app_class->open = hone_application_open;
  app_class->shutdown = hone_application_shutdown;
}

static void
hone_application_init (HoneApplication *self)
{
}
