/* hone-projects-window.c: the start screen, listing every known project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-project-row.h"
#include "hone-project-window.h"
#include "hone-projects-window.h"

/* A project removed from the list whose file goes to the trash when its
 * toast goes away, unless the person undoes the delete first. */
typedef struct
{
  GFile    *file;
  char     *name;
  AdwToast *toast;
  gulong    dismissed_id;
  gint64    added_at; /* monotonic µs */
} PendingDelete;

/* libadwaita 1.2 crashes when a toast is dismissed while its show animation
 * still runs (the hide animation ends first and frees what the show
 * animation's "done" handler then touches). Toasts dismissed by Hone wait at
 * least this long after they were added. */
#define TOAST_SHOW_GRACE_USEC (500 * 1000)

struct _HoneProjectsWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  GtkToggleButton     *search_button;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkListBox          *list_box;
  AdwStatusPage       *error_page;

  HoneApplication     *application; /* unowned: the application outlives its windows */
  HoneProjectIndex    *index;
  GSettings           *settings;
  GtkStringFilter     *filter;
  GtkFilterListModel  *filter_model;

  GPtrArray           *pending; /* PendingDelete */
  AdwToast            *undo_toast; /* unowned, the newest pending delete's */

  GCancellable        *refresh_cancellable;
  gboolean             refreshing;
  gboolean             refresh_again;
};

G_DEFINE_FINAL_TYPE (HoneProjectsWindow, hone_projects_window, ADW_TYPE_APPLICATION_WINDOW)

static void
pending_delete_free (PendingDelete *pending)
{
  if (pending->toast != NULL && pending->dismissed_id != 0)
    g_signal_handler_disconnect (pending->toast, pending->dismissed_id);
  g_clear_object (&pending->toast);
  g_clear_object (&pending->file);
  g_free (pending->name);
  g_free (pending);
}

static gboolean
dismiss_toast_cb (gpointer data)
{
  adw_toast_dismiss (ADW_TOAST (data));
  return G_SOURCE_REMOVE;
}

static void
dismiss_toast_safely (AdwToast *toast,
                      gint64    added_at)
{
  gint64 wait = added_at + TOAST_SHOW_GRACE_USEC - g_get_monotonic_time ();

  if (wait <= 0)
    adw_toast_dismiss (toast);
  else
    g_timeout_add_full (G_PRIORITY_DEFAULT, wait / 1000 + 1, dismiss_toast_cb,
                        g_object_ref (toast), g_object_unref);
}

/* State */

static void
update_state (HoneProjectsWindow *self)
{
  const char *state;
  guint n_all = 0;

  if (self->index == NULL)
    state = "error";
  else if ((n_all = g_list_model_get_n_items (hone_project_index_get_model (self->index))) == 0)
    state = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    state = "no-results";
  else
    state = "list";

  gtk_stack_set_visible_child_name (self->stack, state);

  /* Searching an empty list makes no sense; keep a search that is on, though,
   * so that the person can still turn it off. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button),
                            n_all > 0 || gtk_toggle_button_get_active (self->search_button));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "projects.search", n_all > 0);
  /* Typing starts a search, when there is something to search */
  gtk_search_bar_set_key_capture_widget (self->search_bar, n_all > 0 ? GTK_WIDGET (self) : NULL);
}

const char *
hone_projects_window_get_visible_state (HoneProjectsWindow *self)
{
  g_return_val_if_fail (HONE_IS_PROJECTS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GListModel *
hone_projects_window_get_model (HoneProjectsWindow *self)
{
  g_return_val_if_fail (HONE_IS_PROJECTS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

GtkListBox *
hone_projects_window_get_list_box (HoneProjectsWindow *self)
{
  g_return_val_if_fail (HONE_IS_PROJECTS_WINDOW (self), NULL);

  return self->list_box;
}

GtkEditable *
hone_projects_window_get_search_entry (HoneProjectsWindow *self)
{
  g_return_val_if_fail (HONE_IS_PROJECTS_WINDOW (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

void
hone_projects_window_add_toast (HoneProjectsWindow *self,
                                AdwToast           *toast)
{
  g_return_if_fail (HONE_IS_PROJECTS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

AdwToast *
hone_projects_window_get_undo_toast (HoneProjectsWindow *self)
{
  g_return_val_if_fail (HONE_IS_PROJECTS_WINDOW (self), NULL);

  return self->undo_toast;
}

guint
hone_projects_window_get_n_pending_deletes (HoneProjectsWindow *self)
{
  g_return_val_if_fail (HONE_IS_PROJECTS_WINDOW (self), 0);

  return self->pending->len;
}

static void
show_toast (HoneProjectsWindow *self,
            const char         *format,
            ...) G_GNUC_PRINTF (2, 3);

/* @format is Pango markup; the arguments are escaped */
static void
show_toast (HoneProjectsWindow *self,
            const char         *format,
            ...)
{
  g_autofree char *title = NULL;
  va_list args;

  va_start (args, format);
  title = g_markup_vprintf_escaped (format, args);
  va_end (args);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* Refreshing the index */

static void refresh (HoneProjectsWindow *self);

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(HoneProjectsWindow) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);

  if (!hone_project_index_refresh_finish (HONE_PROJECT_INDEX (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not refresh the projects index: %s", error->message);

  if (self == NULL)
    return;

  self->refreshing = FALSE;
  if (self->refresh_again)
    refresh (self);
}

static void
refresh (HoneProjectsWindow *self)
{
  GWeakRef *ref;

  if (self->index == NULL)
    return;

  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }

  self->refreshing = TRUE;
  self->refresh_again = FALSE;

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  hone_project_index_refresh_async (self->index, self->refresh_cancellable, refresh_cb, ref);
}

static void
notify_is_active_cb (HoneProjectsWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    refresh (self);
}

/* Operations */

static HoneProjectInfo *
lookup (HoneProjectsWindow  *self,
        GFile               *file,
        GError             **error)
{
  HoneProjectInfo *info = NULL;

  if (self->index != NULL)
    info = hone_project_index_lookup (self->index, file);

  if (info == NULL)
    g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                 _("“%s” is not in the list of projects any more."),
                 g_file_peek_path (file));

  return info;
}

static HoneProject *
find_open_project (HoneProjectsWindow *self,
                   GFile              *file)
{
  GtkWindow *window = hone_application_find_project_window (self->application, file);

  if (window == NULL)
    return NULL;

  return hone_project_window_get_project (HONE_PROJECT_WINDOW (window));
}

static void
add_to_index (HoneProjectsWindow *self,
              HoneProject        *project)
{
  g_autoptr(GError) error = NULL;

  if (hone_project_index_add (self->index, project, FALSE, &error) == NULL)
    show_toast (self, _("“%s” could not be added to the list: %s"),
                hone_project_get_name (project), error->message);
}

gboolean
hone_projects_window_rename_project (HoneProjectsWindow  *self,
                                     GFile               *file,
                                     const char          *name,
                                     GError             **error)
{
  g_autoptr(HoneProject) opened = NULL;
  g_autofree char *clean = NULL;
  HoneProject *project;

  g_return_val_if_fail (HONE_IS_PROJECTS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clean = g_strstrip (g_strdup (name));
  if (clean[0] == '\0')
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("A project needs a name. Type one and try again."));
      return FALSE;
    }

  if (lookup (self, file, error) == NULL)
    return FALSE;

  /* Rename through the open window's project, so that the window follows */
  project = find_open_project (self, file);
  if (project == NULL)
    project = opened = hone_project_open (file, HONE_PROJECT_OPEN_NONE, error);
  if (project == NULL)
    return FALSE;

  if (!hone_project_set_name (project, clean, error))
    return FALSE;

  if (hone_project_index_add (self->index, project, FALSE, error) == NULL)
    return FALSE;

  if (opened != NULL)
    hone_project_close (opened);

  return TRUE;
}

gboolean
hone_projects_window_duplicate_project (HoneProjectsWindow  *self,
                                        GFile               *file,
                                        GFile              **out_file,
                                        GError             **error)
{
  g_autoptr(HoneProject) opened = NULL;
  g_autoptr(HoneProject) copy = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autofree char *new_name = NULL;
  HoneProject *project;

  g_return_val_if_fail (HONE_IS_PROJECTS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (lookup (self, file, error) == NULL)
    return FALSE;

  project = find_open_project (self, file);
  if (project == NULL)
    project = opened = hone_project_open (file, HONE_PROJECT_OPEN_READ_ONLY, error);
  if (project == NULL)
    return FALSE;

  /* Translators: the name of a copy of the project named %s */
  new_name = g_strdup_printf (_("%s (copy)"), hone_project_get_name (project));
  dir = g_file_get_parent (file);
  dest = hone_project_suggest_file (dir, new_name);

  if (!hone_project_duplicate (project, dest, new_name, error))
    return FALSE;

  if (opened != NULL)
    hone_project_close (opened);

  copy = hone_project_open (dest, HONE_PROJECT_OPEN_READ_ONLY, error);
  if (copy == NULL)
    return FALSE;

  if (hone_project_index_add (self->index, copy, FALSE, error) == NULL)
    return FALSE;

  hone_project_close (copy);

  if (out_file != NULL)
    *out_file = g_steal_pointer (&dest);

  return TRUE;
}

static void
close_project_window (HoneProjectsWindow *self,
                      GFile              *file)
{
  GtkWindow *window = hone_application_find_project_window (self->application, file);
  g_autoptr(HoneProject) project = NULL;

  if (window == NULL)
    return;

  project = g_object_ref (hone_project_window_get_project (HONE_PROJECT_WINDOW (window)));
  gtk_window_destroy (window);
  /* Whoever else still holds the project, its file must be closed now */
  hone_project_close (project);
}

static gboolean
finish_delete (HoneProjectsWindow *self,
               PendingDelete      *pending,
               gboolean            report)
{
  g_autoptr(GError) error = NULL;

  /* Opened again while the toast showed (File → Open, the command line):
   * the person wants it after all */
  if ((self->index != NULL && hone_project_index_lookup (self->index, pending->file)) ||
      hone_application_find_project_window (self->application, pending->file) != NULL)
    {
      g_debug ("Not deleting %s: it was opened again", g_file_peek_path (pending->file));
      return FALSE;
    }

  if (hone_project_trash_file (pending->file, NULL, &error))
    return TRUE;

  g_debug ("Could not delete %s: %s", g_file_peek_path (pending->file), error->message);

  if (report)
    {
      g_autoptr(HoneProject) project = NULL;

      /* The file is still there: bring its entry back so it is not lost */
      project = hone_project_open (pending->file, HONE_PROJECT_OPEN_READ_ONLY, NULL);
      if (project != NULL)
        {
          add_to_index (self, project);
          hone_project_close (project);
        }

      show_toast (self, _("“%s” could not be deleted: %s"), pending->name, error->message);
    }

  return FALSE;
}

static PendingDelete *
steal_pending (HoneProjectsWindow *self,
               GFile              *file,
               AdwToast           *toast)
{
  for (guint i = 0; i < self->pending->len; i++)
    {
      PendingDelete *pending = g_ptr_array_index (self->pending, i);

      if ((file != NULL && g_file_equal (pending->file, file)) ||
          (toast != NULL && pending->toast == toast))
        {
          g_signal_handler_disconnect (pending->toast, pending->dismissed_id);
          pending->dismissed_id = 0;
          if (self->undo_toast == pending->toast)
            self->undo_toast = NULL;
          return g_ptr_array_steal_index (self->pending, i);
        }
    }

  return NULL;
}

static void
pending_toast_dismissed_cb (AdwToast           *toast,
                            HoneProjectsWindow *self)
{
  PendingDelete *pending = steal_pending (self, NULL, toast);

  if (pending == NULL)
    return;

  finish_delete (self, pending, TRUE);
  pending_delete_free (pending);
}

static gboolean
forget (HoneProjectsWindow  *self,
        GFile               *file,
        GError             **error)
{
  g_autofree char *name = NULL;
  HoneProjectInfo *info;

  if (!(info = lookup (self, file, error)))
    return FALSE;

  name = g_strdup (hone_project_info_get_name (info));

  if (!hone_project_index_remove (self->index, file, error))
    return FALSE;

  show_toast (self, _("“%s” removed from the list"), name);

  return TRUE;
}

gboolean
hone_projects_window_delete_project (HoneProjectsWindow  *self,
                                     GFile               *file,
                                     GError             **error)
{
  PendingDelete *pending;
  HoneProjectInfo *info;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (HONE_IS_PROJECTS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(info = lookup (self, file, error)))
    return FALSE;

  /* A project that cannot be read is only taken off the list */
  if (!hone_project_info_get_available (info))
    return forget (self, file, error);

  name = g_strdup (hone_project_info_get_name (info));

  close_project_window (self, file);

  if (!hone_project_index_remove (self->index, file, error))
    return FALSE;

  pending = g_new0 (PendingDelete, 1);
  pending->file = g_object_ref (file);
  pending->name = g_steal_pointer (&name);

  title = g_markup_printf_escaped (_("“%s” deleted"), pending->name);
  pending->toast = adw_toast_new (title);
  adw_toast_set_button_label (pending->toast, _("_Undo"));
  adw_toast_set_action_name (pending->toast, "projects.undo-delete");
  adw_toast_set_action_target_value (pending->toast,
                                     g_variant_new_string (g_file_peek_path (file)));
  pending->added_at = g_get_monotonic_time ();
  pending->dismissed_id = g_signal_connect_object (pending->toast, "dismissed",
                                                   G_CALLBACK (pending_toast_dismissed_cb),
                                                   self, 0);
  g_ptr_array_add (self->pending, pending);
  self->undo_toast = pending->toast;

  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (pending->toast));

  return TRUE;
}

gboolean
hone_projects_window_undo_delete (HoneProjectsWindow  *self,
                                  GFile               *file,
                                  GError             **error)
{
  g_autoptr(HoneProject) project = NULL;
  PendingDelete *pending;
  gboolean ret = FALSE;

  g_return_val_if_fail (HONE_IS_PROJECTS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pending = steal_pending (self, file, NULL);
  if (pending == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                   _("“%s” was deleted already and cannot be brought back here. Look for it in the trash."),
                   g_file_peek_path (file));
      return FALSE;
    }

  project = hone_project_open (file, HONE_PROJECT_OPEN_READ_ONLY, error);
  if (project != NULL &&
      hone_project_index_add (self->index, project, FALSE, error) != NULL)
    ret = TRUE;

  if (project != NULL)
    hone_project_close (project);

  dismiss_toast_safely (pending->toast, pending->added_at);
  pending_delete_free (pending);

  return ret;
}

void
hone_projects_window_finish_pending_deletes (HoneProjectsWindow *self)
{
  g_return_if_fail (HONE_IS_PROJECTS_WINDOW (self));

  while (self->pending->len > 0)
    {
      PendingDelete *pending = steal_pending (self, NULL,
                                              ((PendingDelete *) g_ptr_array_index (self->pending, 0))->toast);

      /* The toast stays: this runs as the window goes away */
      finish_delete (self, pending, FALSE);
      pending_delete_free (pending);
    }
}

/* Actions */

static GFile *
file_from_parameter (GVariant *parameter)
{
  return g_file_new_for_path (g_variant_get_string (parameter, NULL));
}

static void
rename_response_cb (AdwMessageDialog   *dialog,
                    const char         *response,
                    HoneProjectsWindow *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "hone-file");
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "rename"))
    return;

  name = hone_name_dialog_dup_name (dialog);
  if (name[0] == '\0')
    return;

  if (!hone_projects_window_rename_project (self, file, name, &error))
    hone_application_show_error (self->application, GTK_WINDOW (self),
                                 _("Could Not Rename the Project"), error);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneProjectsWindow *self = HONE_PROJECTS_WINDOW (widget);
  g_autoptr(GFile) file = file_from_parameter (parameter);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  HoneProjectInfo *info;

  if (!(info = lookup (self, file, &error)))
    {
      show_toast (self, "%s", error->message);
      return;
    }

  dialog = hone_name_dialog_new (GTK_WINDOW (self),
                                 _("Rename Project"),
                                 NULL,
                                 hone_project_info_get_name (info),
                                 "rename", _("_Rename"));
  g_object_set_data_full (G_OBJECT (dialog), "hone-file", g_steal_pointer (&file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HoneProjectsWindow *self = HONE_PROJECTS_WINDOW (widget);
  g_autoptr(GFile) file = file_from_parameter (parameter);
  g_autoptr(GError) error = NULL;

  if (!hone_projects_window_duplicate_project (self, file, NULL, &error))
    hone_application_show_error (self->application, GTK_WINDOW (self),
                                 _("Could Not Duplicate the Project"), error);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneProjectsWindow *self = HONE_PROJECTS_WINDOW (widget);
  g_autoptr(GFile) file = file_from_parameter (parameter);
  g_autoptr(GError) error = NULL;

  if (!hone_projects_window_delete_project (self, file, &error))
    hone_application_show_error (self->application, GTK_WINDOW (self),
                                 _("Could Not Delete the Project"), error);
}

static void
forget_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneProjectsWindow *self = HONE_PROJECTS_WINDOW (widget);
  g_autoptr(GFile) file = file_from_parameter (parameter);
  g_autoptr(GError) error = NULL;

  if (!forget (self, file, &error))
    show_toast (self, "%s", error->message);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HoneProjectsWindow *self = HONE_PROJECTS_WINDOW (widget);
  g_autoptr(GFile) file = file_from_parameter (parameter);
  g_autoptr(GError) error = NULL;

  if (!hone_projects_window_undo_delete (self, file, &error))
    show_toast (self, "%s", error->message);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneProjectsWindow *self = HONE_PROJECTS_WINDOW (widget);

  gtk_toggle_button_set_active (self->search_button,
                                !gtk_toggle_button_get_active (self->search_button));
}

/* Drag and drop */

gboolean
hone_projects_window_handle_drop (HoneProjectsWindow *self,
                                  GFile              *file)
{
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (HONE_IS_PROJECTS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  if (name == NULL)
    return FALSE;

  if (g_str_has_suffix (name, HONE_PROJECT_EXTENSION))
    {
      if (!hone_application_open_project (self->application, file, &error))
        {
          g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

          hone_application_show_error (self->application, GTK_WINDOW (self), heading, error);
          return FALSE;
        }
      return TRUE;
    }

  if (!hone_import_dialog_is_importable_name (name))
    {
      show_toast (self, _("“%s” cannot be imported: Hone reads CSV, TSV, JSON Lines and JSON files, and opens .hone projects."),
                  name);
      return FALSE;
    }

  if (hone_application_import_file (self->application, file, &error) == NULL)
    {
      hone_application_show_error (self->application, GTK_WINDOW (self),
                                   _("Could Not Create the Project"), error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
drop_cb (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         HoneProjectsWindow *self)
{
  GSList *files;
  gboolean handled;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  /* One file at a time: the first one */
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  handled = hone_projects_window_handle_drop (self, files->data);
  g_slist_free (files);
  return handled;
}

/* Callbacks */

static void
search_changed_cb (HoneProjectsWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_string_filter_set_search (self->filter, text[0] ? text : NULL);
}

static void
stop_search_cb (HoneProjectsWindow *self)
{
  gtk_toggle_button_set_active (self->search_button, FALSE);
}

static void
search_activate_cb (HoneProjectsWindow *self)
{
  GtkListBoxRow *row;

  search_changed_cb (self);

  /* Enter opens the first match */
  row = gtk_list_box_get_row_at_index (self->list_box, 0);
  if (row != NULL && gtk_list_box_row_get_activatable (row))
    g_signal_emit_by_name (self->list_box, "row-activated", row);
}

static void
search_mode_cb (HoneProjectsWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_string_filter_set_search (self->filter, NULL);
    }
}

static void
row_activated_cb (HoneProjectsWindow *self,
                  GtkListBoxRow      *row)
{
  HoneProjectInfo *info;
  g_autoptr(GError) error = NULL;

  if (!HONE_IS_PROJECT_ROW (row))
    return;

  info = hone_project_row_get_info (HONE_PROJECT_ROW (row));
  if (!hone_project_info_get_available (info))
    return;

  if (!hone_application_open_project (self->application, hone_project_info_get_file (info), &error))
    {
      g_autofree char *heading = NULL;

      heading = g_strdup_printf (_("Could Not Open “%s”"), hone_project_info_get_name (info));
      hone_application_show_error (self->application, GTK_WINDOW (self), heading, error);
    }
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  return hone_project_row_new (HONE_PROJECT_INFO (item));
}

/* GtkWindow */

static gboolean
hone_projects_window_close_request (GtkWindow *window)
{
  HoneProjectsWindow *self = HONE_PROJECTS_WINDOW (window);

  if (self->settings != NULL)
    {
      gboolean maximized = gtk_window_is_maximized (window);

      g_settings_set_boolean (self->settings, "window-maximized", maximized);
      if (!maximized)
        {
          int width, height;

          gtk_window_get_default_size (window, &width, &height);
          if (width > 0 && height > 0)
            {
              g_settings_set_int (self->settings, "window-width", width);
              g_settings_set_int (self->settings, "window-height", height);
            }
        }
    }

  hone_projects_window_finish_pending_deletes (self);

  return GTK_WINDOW_CLASS (hone_projects_window_parent_class)->close_request (window);
}

static void
hone_projects_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (hone_projects_window_parent_class)->map (widget);

  refresh (HONE_PROJECTS_WINDOW (widget));
}

static void
hone_projects_window_dispose (GObject *object)
{
  HoneProjectsWindow *self = HONE_PROJECTS_WINDOW (object);

  g_cancellable_cancel (self->refresh_cancellable);

  if (self->pending != NULL)
    hone_projects_window_finish_pending_deletes (self);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_PROJECTS_WINDOW);

  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->index);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hone_projects_window_parent_class)->dispose (object);
}

static void
hone_projects_window_finalize (GObject *object)
{
  HoneProjectsWindow *self = HONE_PROJECTS_WINDOW (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->refresh_cancellable);

  G_OBJECT_CLASS (hone_projects_window_parent_class)->finalize (object);
}

static void
hone_projects_window_class_init (HoneProjectsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hone_projects_window_dispose;
  object_class->finalize = hone_projects_window_finalize;
  widget_class->map = hone_projects_window_map;
  window_class->close_request = hone_projects_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/hone-projects-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneProjectsWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectsWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectsWindow, list_box);
  gtk_widget_class_bind_template_child (widget_class, HoneProjectsWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "projects.rename", "s", rename_action);
  gtk_widget_class_install_action (widget_class, "projects.duplicate", "s", duplicate_action);
  gtk_widget_class_install_action (widget_class, "projects.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "projects.forget", "s", forget_action);
  gtk_widget_class_install_action (widget_class, "projects.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "projects.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "projects.search", NULL);
}

static void
hone_projects_window_init (HoneProjectsWindow *self)
{
  GtkExpression *expression;
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Drop a project to open it, or a file to make a project of it. On the
   * window's content: Adwaita draws the drop highlight on any widget but a
   * window. */
  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (adw_application_window_get_content (ADW_APPLICATION_WINDOW (self)),
                             GTK_EVENT_CONTROLLER (drop_target));
  gtk_widget_add_css_class (adw_application_window_get_content (ADW_APPLICATION_WINDOW (self)),
                            "hone-drop-target");

  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_delete_free);
  self->refresh_cancellable = g_cancellable_new ();

  expression = gtk_property_expression_new (HONE_TYPE_PROJECT_INFO, NULL, "name");
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "notify::is-active", G_CALLBACK (notify_is_active_cb), NULL);
}

static void
hone_projects_window_setup (HoneProjectsWindow *self,
                            HoneApplication    *application)
{
  GListModel *model = NULL;

  self->application = application;
  self->settings = hone_application_get_settings (application);
  if (self->settings != NULL)
    {
      g_object_ref (self->settings);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  if (hone_application_get_index (application) != NULL)
    {
      self->index = g_object_ref (hone_application_get_index (application));
      model = hone_project_index_get_model (self->index);
    }
  else
    {
      const GError *error = hone_application_get_index_error (application);
      g_autofree char *description = NULL;

      description = g_strdup_printf (_("%s\n\nYou can still open a project file."),
                                     error ? error->message : "");
      adw_status_page_set_description (self->error_page, description);
    }

  /* A filter list model over nothing when there is no index keeps the code simple */
  if (model != NULL)
    g_object_ref (model);
  else
    model = G_LIST_MODEL (g_list_store_new (HONE_TYPE_PROJECT_INFO));

  self->filter_model = gtk_filter_list_model_new (model, GTK_FILTER (g_object_ref (self->filter)));
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  /* Connected after the filter model's own handler, so that it sees the
   * filtered count already updated; needed when no match changes */
  g_signal_connect_object (model, "items-changed",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filter_model),
                           create_row_cb, NULL, NULL);

  update_state (self);
}

HoneProjectsWindow *
hone_projects_window_new (HoneApplication *application)
{
  HoneProjectsWindow *self;

  g_return_val_if_fail (HONE_IS_APPLICATION (application), NULL);

  self = g_object_new (HONE_TYPE_PROJECTS_WINDOW,
                       "application", application,
                       NULL);
  hone_projects_window_setup (self, application);

  return self;
}
