/* test-dashboard.c: the projects window (start screen) and the application
 *
 * Runs under Xvfb (see tests/ui/meson.build for the environment). Every test
 * gets a fresh HoneApplication over an empty $XDG_DATA_HOME/hone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "hone-application.h"
#include "hone-preferences-window.h"
#include "hone-project-row.h"
#include "hone-project-window.h"
#include "hone-projects-window.h"
#include "pages/hone-fine-tunes-page.h"

static char *data_home;

/* Main loop helpers */

#define WAIT_TIMEOUT_USEC (10 * G_USEC_PER_SEC)

/* Runs the main loop until @expr holds or 10 s have passed; the caller
 * asserts @expr afterwards, so a timeout fails the test. */
#define WAIT_UNTIL(expr)                                                  \
  G_STMT_START {                                                          \
    gint64 _end = g_get_monotonic_time () + WAIT_TIMEOUT_USEC;            \
    while (!(expr) && g_get_monotonic_time () < _end)                     \
      {                                                                   \
        if (!g_main_context_iteration (NULL, FALSE))                      \
          g_usleep (1000);                                                \
      }                                                                   \
  } G_STMT_END

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;

  WAIT_UNTIL (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_get_mapped (widget));

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  WAIT_UNTIL (painted);
  g_signal_handler_disconnect (clock, id);
  g_assert_true (painted);
}

/* libadwaita 1.2 crashes when a toast is dismissed during its show
 * animation; a person cannot click that fast, a test can */
static void
wait_for_toast_shown (void)
{
  spin (600);
}

static void
remove_recursively (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;
      GFile *child;

      while (g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info)
        remove_recursively (child);
    }

  g_file_delete (file, NULL, NULL);
}

/* Fixture: a fresh HoneApplication, run with g_application_run() so that it
 * goes through startup, activate and shutdown (and unregisters from D-Bus)
 * as in real life; the test body runs from the end of "activate", with the
 * projects window shown. */

typedef struct
{
  HoneApplication    *app;
  HoneProjectsWindow *window;
  HoneProjectIndex   *index;
} Fixture;

typedef void (*TestBody) (Fixture *f, gconstpointer data);

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GFile) hone_dir = g_file_new_build_filename (data_home, "hone", NULL);
  g_autoptr(GFile) trash_dir = g_file_new_build_filename (data_home, "Trash", NULL);

  remove_recursively (hone_dir);
  remove_recursively (trash_dir);

  f->app = hone_application_new ();
  /* Never talk to another running Hone */
  g_application_set_flags (G_APPLICATION (f->app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
}

static void
destroy_all_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Project windows, dialogs, the projects window */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
}

static void
activate_cb (GApplication *app,
             Fixture      *f)
{
  TestBody body = g_object_get_data (G_OBJECT (app), "test-body");

  /* Once: a test may activate the application again */
  g_signal_handlers_disconnect_by_func (app, activate_cb, f);

  f->index = hone_application_get_index (f->app);
  g_assert_nonnull (f->index);

  /* The application's own activate handler ran first */
  f->window = HONE_PROJECTS_WINDOW (hone_application_get_projects_window (f->app));
  g_assert_true (HONE_IS_PROJECTS_WINDOW (f->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  g_object_ref (f->window);
  wait_for_frame (GTK_WIDGET (f->window));

  body (f, NULL);

  destroy_all_windows ();
  spin (100);
  g_application_quit (app);
}

static void
run_test (Fixture       *f,
          gconstpointer  data)
{
  char *argv[] = { (char *) "test-dashboard", NULL };

  g_object_set_data (G_OBJECT (f->app), "test-body", (gpointer) data);
  g_signal_connect_after (f->app, "activate", G_CALLBACK (activate_cb), f);
  g_assert_cmpint (g_application_run (G_APPLICATION (f->app), 1, argv), ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  destroy_all_windows ();
  spin (100);

  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->app);
}

static guint
count_project_windows (HoneApplication *app)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (HONE_IS_PROJECT_WINDOW (l->data))
      n++;

  return n;
}

/* Makes a project the way another program would: with core only, no window */
static GFile *
make_project (Fixture    *f,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = hone_project_index_get_default_projects_dir ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(HoneProject) project = NULL;

  g_file_make_directory_with_parents (dir, NULL, NULL);
  file = hone_project_suggest_file (dir, name);
  project = hone_project_create (file, name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hone_project_index_add (f->index, project, FALSE, &error));
  g_assert_no_error (error);
  hone_project_close (project);

  return g_steal_pointer (&file);
}

static gboolean
model_has_name (GListModel *model,
                const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HoneProjectInfo) info = g_list_model_get_item (model, i);

      if (g_strcmp0 (hone_project_info_get_name (info), name) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
model_has_file (GListModel *model,
                GFile      *file)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HoneProjectInfo) info = g_list_model_get_item (model, i);

      if (g_file_equal (hone_project_info_get_file (info), file))
        return TRUE;
    }

  return FALSE;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* Tests */

static void
test_empty_state (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *search_entry;

  g_assert_cmpuint (g_list_model_get_n_items (hone_project_index_get_model (f->index)), ==, 0);
  g_assert_cmpstr (hone_projects_window_get_visible_state (f->window), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (hone_projects_window_get_model (f->window)), ==, 0);
  g_assert_null (gtk_list_box_get_row_at_index (hone_projects_window_get_list_box (f->window), 0));

  /* The search has nothing to search */
  search_entry = GTK_WIDGET (hone_projects_window_get_search_entry (f->window));
  g_assert_false (gtk_widget_get_mapped (search_entry));

  /* The window is the only one, and it is the start screen */
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (f->app))), ==, 1);
  g_assert_true (hone_application_get_projects_window (f->app) == GTK_WINDOW (f->window));

  gtk_test_accessible_assert_role (hone_projects_window_get_list_box (f->window),
                                   GTK_ACCESSIBLE_ROLE_LIST);
}

static void
test_create_project (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) dir = hone_project_index_get_default_projects_dir ();
  g_autoptr(GFile) parent = NULL;
  GListModel *model = hone_projects_window_get_model (f->window);
  GtkListBoxRow *row;
  GtkWindow *project_window;

  g_assert_true (hone_application_create_project (f->app, "  Press releases ", &file, &error));
  g_assert_no_error (error);
  g_assert_nonnull (file);

  /* The file is in the default folder, and exists */
  g_assert_true (g_file_query_exists (file, NULL));
  parent = g_file_get_parent (file);
  g_assert_true (g_file_equal (parent, dir));

  /* It is in the index and in the dashboard's list */
  g_assert_nonnull (hone_project_index_lookup (f->index, file));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_true (model_has_name (model, "Press releases"));
  g_assert_cmpstr (hone_projects_window_get_visible_state (f->window), ==, "list");

  row = gtk_list_box_get_row_at_index (hone_projects_window_get_list_box (f->window), 0);
  g_assert_true (HONE_IS_PROJECT_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Press releases");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "0 examples"));

  /* Its window is open; opening it again presents that window */
  project_window = hone_application_find_project_window (f->app, file);
  g_assert_nonnull (project_window);
  g_assert_true (hone_application_open_project (f->app, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_project_windows (f->app), ==, 1);

  /* An empty name is refused */
  g_assert_false (hone_application_create_project (f->app, "   ", NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A notification's click (app.show-fine-tune): the project opens on the
 * fine-tune; a project that is gone says so */
static void
test_show_fine_tune_action (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (data_home, "notified.hone", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HoneFineTuneRecord) record = hone_fine_tune_record_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  gint64 id;

  {
    g_autoptr(HoneProject) project = hone_project_create (file, "Notified", &error);

    g_assert_no_error (error);
    record->provider_id = g_strdup ("together");
    record->model_id = g_strdup ("Qwen/Qwen3-8B");
    record->step = HONE_FINE_TUNE_STEP_STARTED;
    record->job_id = g_strdup ("ft-1");
    record->status = g_strdup ("succeeded");
    record->output_model = g_strdup ("me/Qwen/Qwen3-8B-notified");
    id = hone_project_add_fine_tune (project, record, &error);
    g_assert_no_error (error);
    hone_project_close (project);
  }

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "show-fine-tune",
                                  g_variant_new ("(sx)", path, id));
  WAIT_UNTIL (count_project_windows (f->app) == 1);
  window = hone_application_find_project_window (f->app, file);
  g_assert_nonnull (window);
  wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (hone_project_window_get_visible_page (HONE_PROJECT_WINDOW (window)), ==, HONE_PAGE_FINETUNES);
  g_assert_cmpint (hone_fine_tunes_page_get_shown_job (HONE_FINE_TUNES_PAGE (find_descendant (GTK_WIDGET (window),
                                                                                           HONE_TYPE_FINE_TUNES_PAGE))),
                   ==, id);

  /* A project that is not there any more */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "show-fine-tune",
                                  g_variant_new ("(sx)", "/nonexistent/gone.hone", (gint64) 1));
  WAIT_UNTIL (find_message_dialog () != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (find_message_dialog ()), ==,
                   "Could Not Open the Project of This Fine-tune");
}

static void
test_new_project_action (Fixture       *f,
                         gconstpointer  data)
{
  GListModel *model = hone_projects_window_get_model (f->window);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "new-project", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  wait_for_frame (GTK_WIDGET (dialog));

  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));

  /* An empty name cannot be confirmed */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "create"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Ticket priority");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));

  /* Enter in the entry confirms: the key binding emits "activate" on the
   * entry's text, which activates the dialog's default response */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (entry)), "activate");
  WAIT_UNTIL (g_list_model_get_n_items (model) == 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_true (model_has_name (model, "Ticket priority"));
  g_assert_cmpuint (count_project_windows (f->app), ==, 1);

  WAIT_UNTIL (find_message_dialog () == NULL);
  g_assert_null (find_message_dialog ());
}

static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) other = NULL;
  GListModel *model = hone_projects_window_get_model (f->window);
  AdwToast *toast;

  other = make_project (f, "Address cleanup");
  g_assert_true (hone_application_create_project (f->app, "Press releases", &file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_nonnull (hone_application_find_project_window (f->app, file));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "projects.delete", "s", g_file_peek_path (file));

  /* Gone from the list at once; its window closed; the file still there */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_false (model_has_file (model, file));
  g_assert_null (hone_project_index_lookup (f->index, file));
  g_assert_null (hone_application_find_project_window (f->app, file));
  g_assert_true (g_file_query_exists (file, NULL));

  /* A toast offers to undo */
  toast = hone_projects_window_get_undo_toast (f->window);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "Press releases"));
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "projects.undo-delete");
  g_assert_cmpuint (hone_projects_window_get_n_pending_deletes (f->window), ==, 1);
  g_object_ref (toast);

  /* Undo through the action the toast's button activates */
  gtk_widget_activate_action_variant (GTK_WIDGET (f->window),
                                      adw_toast_get_action_name (toast),
                                      adw_toast_get_action_target_value (toast));

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_true (model_has_file (model, file));
  g_assert_nonnull (hone_project_index_lookup (f->index, file));
  g_assert_true (g_file_query_exists (file, NULL));
  g_assert_cmpuint (hone_projects_window_get_n_pending_deletes (f->window), ==, 0);
  g_assert_null (hone_projects_window_get_undo_toast (f->window));

  /* The toast goes away, and its going deletes nothing */
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) &toast);
  g_object_unref (toast);
  WAIT_UNTIL (toast == NULL);
  g_assert_null (toast);
  g_assert_true (g_file_query_exists (file, NULL));
  g_assert_true (model_has_file (model, file));

  /* The other project was never touched */
  g_assert_true (model_has_file (model, other));
  g_assert_true (g_file_query_exists (other, NULL));
}

static void
test_delete_dismiss (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) kept = NULL;
  GListModel *model = hone_projects_window_get_model (f->window);
  AdwToast *toast;

  kept = make_project (f, "Ticket priority");
  file = make_project (f, "Press releases");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "projects.delete", "s", g_file_peek_path (file));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_true (g_file_query_exists (file, NULL));

  toast = hone_projects_window_get_undo_toast (f->window);
  g_assert_nonnull (toast);
  wait_for_toast_shown ();
  adw_toast_dismiss (toast);

  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_null (hone_project_index_lookup (f->index, file));
  g_assert_false (model_has_file (model, file));
  g_assert_cmpuint (hone_projects_window_get_n_pending_deletes (f->window), ==, 0);
  g_assert_true (g_file_query_exists (kept, NULL));

  /* Undo is no longer possible */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "projects.undo-delete", "s", g_file_peek_path (file));
  g_assert_false (model_has_file (model, file));

  /* Deleting the last project shows the empty state */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "projects.delete", "s", g_file_peek_path (kept));
  g_assert_cmpstr (hone_projects_window_get_visible_state (f->window), ==, "empty");
  g_assert_true (g_file_query_exists (kept, NULL));

  /* A project opened again while its delete is pending is kept */
  {
    g_autoptr(GFile) again = make_project (f, "Launch notes");
    g_autoptr(HoneProject) project = NULL;
    g_autoptr(GError) error = NULL;

    gtk_widget_activate_action (GTK_WIDGET (f->window), "projects.delete", "s", g_file_peek_path (again));
    g_assert_false (model_has_file (model, again));
    project = hone_project_open (again, HONE_PROJECT_OPEN_NONE, &error);
    g_assert_no_error (error);
    g_assert_nonnull (hone_project_index_add (f->index, project, TRUE, &error));
    g_assert_no_error (error);
    hone_project_close (project);

    toast = hone_projects_window_get_undo_toast (f->window);
    g_assert_nonnull (toast);
    wait_for_toast_shown ();
    adw_toast_dismiss (toast);
    g_assert_true (g_file_query_exists (again, NULL));
    g_assert_true (model_has_file (model, again));
    g_assert_cmpuint (hone_projects_window_get_n_pending_deletes (f->window), ==, 1);
    gtk_widget_activate_action (GTK_WIDGET (f->window), "projects.delete", "s", g_file_peek_path (again));
    g_assert_cmpuint (hone_projects_window_get_n_pending_deletes (f->window), ==, 2);
    g_set_object (&file, again);
  }

  /* Closing the window finishes the pending deletes */
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_false (g_file_query_exists (kept, NULL));
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_cmpuint (hone_projects_window_get_n_pending_deletes (f->window), ==, 0);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) a = make_project (f, "Press releases");
  g_autoptr(GFile) b = make_project (f, "Ticket priority");
  g_autoptr(GFile) c = make_project (f, "Address cleanup");
  GListModel *model = hone_projects_window_get_model (f->window);
  GtkEditable *entry = hone_projects_window_get_search_entry (f->window);
  g_autoptr(HoneProjectInfo) info = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "projects.search", NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (entry)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (entry)));

  /* Case does not matter; search-changed comes after a short delay */
  gtk_editable_set_text (entry, "PRESS");
  WAIT_UNTIL (g_list_model_get_n_items (model) == 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  info = g_list_model_get_item (model, 0);
  g_assert_cmpstr (hone_project_info_get_name (info), ==, "Press releases");
  g_assert_cmpstr (hone_projects_window_get_visible_state (f->window), ==, "list");

  gtk_editable_set_text (entry, "sS");
  WAIT_UNTIL (g_list_model_get_n_items (model) == 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_true (model_has_name (model, "Press releases"));
  g_assert_true (model_has_name (model, "Address cleanup"));
  g_assert_false (model_has_name (model, "Ticket priority"));
  g_assert_cmpuint (gtk_widget_get_visible (GTK_WIDGET (gtk_list_box_get_row_at_index (hone_projects_window_get_list_box (f->window), 1))), ==, TRUE);
  g_assert_null (gtk_list_box_get_row_at_index (hone_projects_window_get_list_box (f->window), 2));

  gtk_editable_set_text (entry, "no such project");
  WAIT_UNTIL (g_list_model_get_n_items (model) == 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (hone_projects_window_get_visible_state (f->window), ==, "no-results");

  /* Turning search off shows everything again */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "projects.search", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_cmpstr (hone_projects_window_get_visible_state (f->window), ==, "list");
}

static void
test_open_sample (Fixture       *f,
                  gconstpointer  data)
{
  GtkWindow *project_window = NULL;
  HoneProject *project;
  HoneProjectInfo *info;
  guint n_before;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "open-sample", NULL);
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (count_project_windows (f->app), ==, 1);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->app)); l; l = l->next)
    if (HONE_IS_PROJECT_WINDOW (l->data))
      project_window = l->data;
  g_assert_nonnull (project_window);

  project = hone_project_window_get_project (HONE_PROJECT_WINDOW (project_window));
  g_assert_cmpstr (hone_project_get_name (project), ==, hone_sample_get_name ());
  g_assert_cmpint (hone_project_count_examples (project, HONE_SPLIT_ANY, NULL), >, 0);

  info = hone_project_index_lookup (f->index, hone_project_get_file (project));
  g_assert_nonnull (info);
  g_assert_cmpstr (hone_project_info_get_name (info), ==, hone_sample_get_name ());
  g_assert_true (model_has_name (hone_projects_window_get_model (f->window), hone_sample_get_name ()));

  /* Opening the sample again presents the same project, it makes no second one */
  n_before = g_list_model_get_n_items (hone_project_index_get_model (f->index));
  wait_for_frame (GTK_WIDGET (project_window));
  gtk_window_destroy (project_window);
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "open-sample", NULL);
  g_assert_cmpuint (count_project_windows (f->app), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (hone_project_index_get_model (f->index)), ==, n_before);
}

static void
test_rename_duplicate (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = make_project (f, "Press releases");
  g_autoptr(GFile) copy = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) copy_parent = NULL;
  GListModel *model = hone_projects_window_get_model (f->window);
  GtkListBoxRow *row;

  g_assert_true (hone_projects_window_rename_project (f->window, file, "Launch notes", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hone_project_info_get_name (hone_project_index_lookup (f->index, file)), ==, "Launch notes");
  row = gtk_list_box_get_row_at_index (hone_projects_window_get_list_box (f->window), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Launch notes");

  /* Empty names are refused */
  g_assert_false (hone_projects_window_rename_project (f->window, file, "  ", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (hone_project_info_get_name (hone_project_index_lookup (f->index, file)), ==, "Launch notes");

  /* Duplicate: beside the original, named “… (copy)”, listed */
  g_assert_true (hone_projects_window_duplicate_project (f->window, file, &copy, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_query_exists (copy, NULL));
  parent = g_file_get_parent (file);
  copy_parent = g_file_get_parent (copy);
  g_assert_true (g_file_equal (parent, copy_parent));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_true (model_has_name (model, "Launch notes (copy)"));
  g_assert_true (model_has_name (model, "Launch notes"));

  /* The same through the action */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "projects.duplicate", "s", g_file_peek_path (file));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
}

static void
test_unavailable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = make_project (f, "Press releases");
  GListModel *model = hone_projects_window_get_model (f->window);
  HoneProjectInfo *info;
  GtkListBoxRow *row;

  /* The file goes away behind Hone's back; a refresh notices */
  g_assert_true (g_file_delete (file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hone_project_index_refresh (f->index, NULL, &error));
  g_assert_no_error (error);

  info = hone_project_index_lookup (f->index, file);
  g_assert_nonnull (info);
  g_assert_false (hone_project_info_get_available (info));

  row = gtk_list_box_get_row_at_index (hone_projects_window_get_list_box (f->window), 0);
  g_assert_true (HONE_IS_PROJECT_ROW (row));
  g_assert_false (gtk_list_box_row_get_activatable (row));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "unavailable"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, hone_project_info_get_problem (info));

  /* Delete on a missing project only removes it from the list, with no undo */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "projects.forget", "s", g_file_peek_path (file));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_null (hone_project_index_lookup (f->index, file));
  g_assert_cmpuint (hone_projects_window_get_n_pending_deletes (f->window), ==, 0);
}

static void
test_open_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (data_home, "notes.hone", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  g_assert_true (g_file_set_contents (path, "these are my notes, not a project\n", -1, &error));
  g_assert_no_error (error);

  g_application_open (G_APPLICATION (f->app), &file, 1, "");

  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "notes.hone"));
  g_assert_nonnull (adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), !=, "");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  g_assert_cmpuint (count_project_windows (f->app), ==, 0);
  g_assert_null (hone_project_index_lookup (f->index, file));

  /* The file was not touched */
  g_assert_true (g_file_query_exists (file, NULL));
  g_unlink (path);
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  GSettings *settings = hone_application_get_settings (f->app);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWindow *prefs = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (HONE_IS_PREFERENCES_WINDOW (window))
        prefs = window;
    }
  g_assert_nonnull (prefs);
  g_assert_true (gtk_window_get_transient_for (prefs) == GTK_WINDOW (f->window));

  g_settings_set_string (settings, "color-scheme", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_settings_set_string (settings, "color-scheme", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_settings_set_string (settings, "color-scheme", "default");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_quit_finishes_delete (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GFile) file = make_project (f, "Press releases");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "projects.delete", "s", g_file_peek_path (file));
  g_assert_true (g_file_query_exists (file, NULL));
  g_assert_cmpuint (hone_projects_window_get_n_pending_deletes (f->window), ==, 1);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "quit", NULL);
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (f->app))), ==, 0);
}

static void
test_window_size (Fixture       *f,
                  gconstpointer  data)
{
  GSettings *settings = hone_application_get_settings (f->app);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), !=, 720);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 720, 520);
  gtk_window_close (GTK_WINDOW (f->window));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 720);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 520);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next projects window opens at that size */
  g_application_activate (G_APPLICATION (f->app));
  {
    GtkWindow *window = hone_application_get_projects_window (f->app);
    int width, height;

    g_assert_true (window != GTK_WINDOW (f->window));
    gtk_window_get_default_size (window, &width, &height);
    g_assert_cmpint (width, ==, 720);
    g_assert_cmpint (height, ==, 520);
  }

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
test_format_time (void)
{
  g_autoptr(GDateTime) noon = g_date_time_new_local (2024, 3, 12, 12, 0, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_new_local (2024, 3, 11, 9, 0, 0);
  g_autoptr(GDateTime) last_year = g_date_time_new_local (2023, 7, 4, 9, 0, 0);
  g_autoptr(GDateTime) this_year = g_date_time_new_local (2024, 1, 2, 9, 0, 0);
  gint64 now = g_date_time_to_unix (noon);
  g_autofree char *s1 = hone_project_row_format_time (now - 10, now);
  g_autofree char *s2 = hone_project_row_format_time (now - 60, now);
  g_autofree char *s3 = hone_project_row_format_time (now - 25 * 60, now);
  g_autofree char *s4 = hone_project_row_format_time (now - 3 * 3600 - 10, now);
  g_autofree char *s5 = hone_project_row_format_time (g_date_time_to_unix (yesterday), now);
  g_autofree char *s6 = hone_project_row_format_time (g_date_time_to_unix (this_year), now);
  g_autofree char *s7 = hone_project_row_format_time (g_date_time_to_unix (last_year), now);
  g_autofree char *s8 = hone_project_row_format_time (now + 30, now);

  g_assert_cmpstr (s1, ==, "just now");
  g_assert_cmpstr (s2, ==, "1 minute ago");
  g_assert_cmpstr (s3, ==, "25 minutes ago");
  g_assert_cmpstr (s4, ==, "3 hours ago");
  g_assert_cmpstr (s5, ==, "yesterday");
  g_assert_cmpstr (s6, ==, "2 January");
  g_assert_cmpstr (s7, ==, "4 July 2023");
  g_assert_cmpstr (s8, ==, "just now");
}

static void
test_format_summary (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/a.hone");
  g_autoptr(HoneProjectInfo) info = hone_project_info_new (file);
  gint64 now = 1700000000;
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;

  hone_project_info_set_n_examples (info, 25);
  hone_project_info_set_n_fields (info, 6);
  hone_project_info_set_modified (info, now - 3 * 3600 - 5);
  s1 = hone_project_row_format_summary (info, now);
  g_assert_cmpstr (s1, ==, "25 examples · 6 fields · changed 3 hours ago");

  hone_project_info_set_n_examples (info, 1);
  hone_project_info_set_n_fields (info, 1);
  hone_project_info_set_modified (info, 0);
  s2 = hone_project_row_format_summary (info, now);
  g_assert_cmpstr (s2, ==, "1 example · 1 field");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Before anything asks GLib for the user data dir: it is cached */
  data_home = g_dir_make_tmp ("hone-test-dashboard-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_assert_cmpstr (g_get_user_data_dir (), ==, data_home);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(name, func) \
  g_test_add (name, Fixture, (gconstpointer) func, fixture_setup, run_test, fixture_teardown)

  ADD ("/dashboard/empty-state", test_empty_state);
  ADD ("/dashboard/create-project", test_create_project);
  ADD ("/dashboard/new-project-action", test_new_project_action);
  ADD ("/dashboard/show-fine-tune-action", test_show_fine_tune_action);
  ADD ("/dashboard/delete-undo", test_delete_undo);
  ADD ("/dashboard/delete-dismiss", test_delete_dismiss);
  ADD ("/dashboard/search", test_search);
  ADD ("/dashboard/open-sample", test_open_sample);
  ADD ("/dashboard/rename-duplicate", test_rename_duplicate);
  ADD ("/dashboard/unavailable", test_unavailable);
  ADD ("/dashboard/open-error", test_open_error);
  ADD ("/dashboard/preferences", test_preferences);
  ADD ("/dashboard/quit-finishes-delete", test_quit_finishes_delete);
  ADD ("/dashboard/window-size", test_window_size);
  g_test_add_func ("/dashboard/format-time", test_format_time);
  g_test_add_func ("/dashboard/format-summary", test_format_summary);

#undef ADD

  ret = g_test_run ();

  {
    g_autoptr(GFile) dir = g_file_new_for_path (data_home);
    remove_recursively (dir);
  }
  g_free (data_home);

  return ret;
}
