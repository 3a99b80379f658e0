/* test-fine-tunes-page.c: the Fine-tunes page against a fake Together AI
 * on 127.0.0.1, with the API key in a private keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A job started through HoneFineTuneRunner shows as Pending, is followed
 * by the page's poller to Succeeded (with a notification), and its view
 * shows the loss chart, the model made and the price billed beside Hone's
 * estimate. A running job is cancelled through the confirmation. Starts
 * cut short show the banner: Resume finishes one, Give Up on one whose job
 * exists after all says so and keeps it. A provider without a key says so
 * on the row.
 *
 * With HONE_SCREENSHOT_DIR set, /fine-tunes/screenshots saves PNGs of the
 * page in a project window (empty, a list, a job; wide, narrow and dark).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "hone-fake-together.h"
#include "hone-fine-tune-runner.h"
#include "hone-fine-tunes-page.h"
#include "dialogs/hone-fine-tune-wizard.h"
#include "hone-project-window.h"
#include "hone-secrets.h"
#include "hone-secrets-test-util.h"
#include "hone-ui-test-util.h"

#define API_KEY "tgp_v1_ui-page-key-3f9a"

static HoneTestKeyring *keyring;
static char *no_keyring_reason;

typedef struct {
  char             *dir;
  GFile            *file;
  HoneFakeServer   *server;
  HoneFakeTogether *together;
  HoneProject      *project;
  GtkWidget        *window;
  HoneFineTunesPage *page;
} Fixture;

/* Main loop --------------------------------------------------------------- */

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

/* Spins until @condition holds; fails the test after 60 s rather than
 * hanging it (no timing is asserted) */
static void
wait_until (Fixture       *fixture,
            Condition      condition,
            gconstpointer  data,
            const char    *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (60, hone_ui_test_timeout_cb, &timed_out);

  while (!timed_out && !condition (fixture, data))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Fixture ----------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;

  fixture->dir = g_dir_make_tmp ("hone-fine-tunes-page-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "sample.hone", NULL);
  fixture->file = g_file_new_for_path (path);
  fixture->project = hone_sample_create (fixture->file, &error);
  g_assert_no_error (error);

  fixture->server = hone_fake_server_new ();
  fixture->together = hone_fake_together_new (fixture->server);
  /* Every Together AI client of this process, the page's too, talks to it */
  base = hone_fake_server_url (fixture->server, "/v1");
  g_setenv ("HONE_TOGETHER_BASE_URL", base, TRUE);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      g_assert_finalize_object (g_steal_pointer (&fixture->window));
    }
  /* Reads cancelled with the poller let go of the project */
  hone_ui_test_spin (100);
  g_assert_finalize_object (g_steal_pointer (&fixture->project));
  g_clear_pointer (&fixture->together, hone_fake_together_free);
  g_clear_pointer (&fixture->server, hone_fake_server_free);
  g_clear_object (&fixture->file);
  g_unsetenv ("HONE_TOGETHER_BASE_URL");
  remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* The page alone in a window, following jobs every few milliseconds; the
 * poller waits for the keyring, so nothing is read before the main loop
 * runs */
static void
make_page (Fixture *fixture)
{
  fixture->window = gtk_window_new ();
  g_object_ref_sink (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  fixture->page = HONE_FINE_TUNES_PAGE (hone_fine_tunes_page_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->page));
  hone_fine_tunes_page_set_project (fixture->page, fixture->project);
  hone_job_poller_set_intervals (hone_fine_tunes_page_get_poller (fixture->page), 5, 20);
}

static void
present_page (Fixture *fixture)
{
  gtk_window_present (GTK_WINDOW (fixture->window));
  hone_ui_test_wait_for_frame (fixture->window);
}

static void
show_page (Fixture *fixture)
{
  make_page (fixture);
  present_page (fixture);
}

static gint64
start_job (Fixture *fixture)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneProvider) provider = NULL;
  g_autoptr(HoneFineTuneRunner) runner = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* The address comes from HONE_TOGETHER_BASE_URL, as the page's does */
  provider = hone_provider_new ("together", NULL, API_KEY, NULL, &error);
  g_assert_no_error (error);
  runner = hone_fine_tune_runner_new (fixture->project, provider);
  settings->n_epochs = 2;
  settings->suffix = g_strdup ("support");
  hone_fine_tune_runner_start_async (runner, "Qwen/Qwen3-8B", settings, 19371, 0.01,
                                     NULL, got_result, &result);
  id = hone_fine_tune_runner_start_finish (runner, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
refresh_job (Fixture *fixture,
             gint64   id)
{
  g_autoptr(HoneProvider) provider = hone_provider_new ("together", NULL, API_KEY, NULL, NULL);
  g_autoptr(HoneFineTuneRunner) runner = hone_fine_tune_runner_new (fixture->project, provider);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hone_fine_tune_runner_refresh_async (runner, id, NULL, got_result, &result);
  hone_fine_tune_runner_refresh_finish (runner, wait_for (&result), NULL, &error);
  g_assert_no_error (error);
}

static const char *
row_status (Fixture *fixture,
            gint64   id)
{
  HoneFineTuneRow *row = hone_fine_tunes_page_get_row (fixture->page, id);

  return row != NULL ? hone_fine_tune_row_get_status_text (row) : NULL;
}

static gboolean
row_says (Fixture       *fixture,
          gconstpointer  data)
{
  const char * const *want = data;   /* { id as text, status } */

  return g_strcmp0 (row_status (fixture, g_ascii_strtoll (want[0], NULL, 10)), want[1]) == 0;
}

static void
wait_row (Fixture    *fixture,
          gint64      id,
          const char *status)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *want[] = { id_text, status };
  g_autofree char *what = g_strdup_printf ("the row to say “%s”", status);

  wait_until (fixture, row_says, want, what);
}

static gboolean
not_busy (Fixture       *fixture,
          gconstpointer  data)
{
  return !hone_fine_tunes_page_is_busy (fixture->page);
}

static HoneFineTuneRecord *
get_record (Fixture *fixture,
            gint64   id)
{
  g_autoptr(GError) error = NULL;
  HoneFineTuneRecord *record = hone_project_get_fine_tune (fixture->project, id, &error);

  g_assert_no_error (error);
  return record;
}

static GtkWidget *find_widget_of_type (GtkWidget *root,
                                       GType      type);

/* Tests ------------------------------------------------------------------- */

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }

  show_page (fixture);
  g_assert_true (hone_fine_tunes_page_is_empty (fixture->page));
  g_assert_cmpuint (hone_fine_tunes_page_get_n_rows (fixture->page), ==, 0);
  g_assert_cmpint (hone_fine_tunes_page_get_banner_id (fixture->page), ==, 0);
  g_assert_nonnull (hone_fine_tunes_page_get_poller (fixture->page));

  /* The empty state's button opens the New Fine-tune window */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    GtkWindow *wizard = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "finetune.new", NULL));
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (HONE_IS_FINE_TUNE_WIZARD (toplevel))
          wizard = toplevel;
      }
    g_assert_nonnull (wizard);
    g_assert_true (gtk_window_get_transient_for (wizard) == GTK_WINDOW (fixture->window));
    hone_ui_test_spin (100);
    gtk_window_destroy (wizard);
  }
}

static gboolean
changes_say (Fixture       *fixture,
             gconstpointer  data)
{
  return g_strcmp0 (hone_fine_tune_view_get_changes_text (hone_fine_tunes_page_get_view (fixture->page)),
                    data) == 0;
}

static void
test_follow_to_success (Fixture       *fixture,
                        gconstpointer  data)
{
  HoneFineTuneView *view;
  gint64 id;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }

  id = start_job (fixture);
  make_page (fixture);
  g_assert_false (hone_fine_tunes_page_is_empty (fixture->page));
  g_assert_cmpuint (hone_fine_tunes_page_get_n_rows (fixture->page), ==, 1);
  /* As the start left it: nothing was read yet */
  g_assert_cmpstr (row_status (fixture, id), ==, "Pending");
  g_assert_cmpint (hone_fine_tunes_page_get_banner_id (fixture->page), ==, 0);

  present_page (fixture);
  wait_row (fixture, id, "Succeeded");
  g_assert_cmpstr (hone_fine_tunes_page_get_last_notification (fixture->page), ==, "Fine-tune succeeded");
  g_assert_null (hone_fine_tune_row_get_problem (hone_fine_tunes_page_get_row (fixture->page, id)));

  /* The job view, as a click on the row shows it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "finetune.open", "x", id));
  g_assert_cmpint (hone_fine_tunes_page_get_shown_job (fixture->page), ==, id);
  view = hone_fine_tunes_page_get_view (fixture->page);
  hone_ui_test_wait_for_frame (fixture->window);
  g_assert_cmpstr (hone_fine_tune_view_get_status_text (view), ==, "Succeeded");
  g_assert_cmpuint (hone_loss_chart_get_n_points (hone_fine_tune_view_get_chart (view)), >, 0);
  g_assert_true (g_str_has_prefix (hone_fine_tune_view_get_output_text (view), "me/"));
  g_assert_cmpstr (hone_fine_tune_view_get_output_text (view), ==, "me/Qwen/Qwen3-8B-support");
  g_test_message ("price: %s", hone_fine_tune_view_get_price_text (view));
  g_assert_cmpstr (hone_fine_tune_view_get_price_text (view), ==,
                   "Hone estimated 19,371 tokens, ≈ $0.01; Together AI estimated $0.52; Together AI billed 123,456 tokens, $0.48");
  g_assert_cmpuint (hone_fine_tune_view_get_n_events (view), ==, 3);
  g_assert_cmpuint (hone_fine_tune_view_get_n_checkpoints (view), ==, 1);
  g_assert_false (hone_fine_tune_view_can_cancel (view));

  /* What changed since it trained: nothing, then one edited example */
  wait_until (fixture, changes_say, "The data is the same as when it trained.", "the data to be compared");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) rows = NULL;
    g_autoptr(GBytes) kept = hone_project_dup_fine_tune_file (fixture->project, id, HONE_FINE_TUNE_FILE_TRAIN,
                                                              &rows, &error);
    HoneField *field = hone_project_get_field (fixture->project, 0);

    g_assert_no_error (error);
    g_assert_true (hone_project_set_value (fixture->project, g_array_index (rows, gint64, 0),
                                           hone_field_get_id (field), "Edited since", &error));
    g_assert_no_error (error);
  }
  wait_until (fixture, changes_say, "1 example changed since this fine-tune trained.",
              "the edit to be seen as a change since the fine-tune");

  /* Copy puts the model's name on the clipboard */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "finetune.copy", "s",
                                             hone_fine_tune_view_get_output_text (view)));
  g_assert_cmpstr (hone_fine_tunes_page_get_last_toast (fixture->page), ==, "Copied");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "finetune.back", NULL));
  g_assert_cmpint (hone_fine_tunes_page_get_shown_job (fixture->page), ==, 0);
}

static gboolean
cancel_dialog_gone (Fixture       *fixture,
                    gconstpointer  data)
{
  return hone_fine_tunes_page_get_cancel_dialog (fixture->page) == NULL;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HoneFineTuneRecord) record = NULL;
  HoneFineTuneView *view;
  GtkWindow *dialog;
  gint64 id;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }

  hone_fake_together_set_gets_until_done (fixture->together, 100000);
  id = start_job (fixture);
  show_page (fixture);
  wait_row (fixture, id, "Running");

  g_assert_true (hone_fine_tunes_page_show_job (fixture->page, id));
  view = hone_fine_tunes_page_get_view (fixture->page);
  g_assert_true (hone_fine_tune_view_can_cancel (view));

  /* Asked first: keeping it training changes nothing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "finetune.cancel", "x", id));
  dialog = hone_fine_tunes_page_get_cancel_dialog (fixture->page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  /* As a click on a button does: the response, then the dialog closes */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  gtk_window_destroy (dialog);
  wait_until (fixture, cancel_dialog_gone, NULL, "the dialog to close");
  /* (a cancel would be on its way by now) */
  g_assert_false (hone_fine_tunes_page_is_busy (fixture->page));
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/fine-tunes/ft-1/cancel"), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "finetune.cancel", "x", id));
  dialog = hone_fine_tunes_page_get_cancel_dialog (fixture->page);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel-job");
  gtk_window_destroy (dialog);
  wait_row (fixture, id, "Cancelled");
  wait_until (fixture, not_busy, NULL, "the cancel to end");

  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/fine-tunes/ft-1/cancel"), ==, 1);
  record = get_record (fixture, id);
  g_assert_cmpstr (record->status, ==, "cancelled");
  g_assert_cmpstr (hone_fine_tune_view_get_status_text (view), ==, "Cancelled");
  g_assert_false (hone_fine_tune_view_can_cancel (view));
  /* Cancelled by the person: no notification */
  g_assert_null (hone_fine_tunes_page_get_last_notification (fixture->page));
}

/* A record as a crash leaves it while "create" was on its way */
static gint64
add_interrupted (Fixture    *fixture,
                 const char *training_file)
{
  g_autoptr(HoneFineTuneRecord) record = hone_fine_tune_record_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  record->provider_id = g_strdup ("together");
  record->model_id = g_strdup ("Qwen/Qwen3-8B");
  record->settings_json = g_strdup ("{\"epochs\":1}");
  record->step = HONE_FINE_TUNE_STEP_CREATING;
  record->training_file_id = g_strdup (training_file);
  record->estimate_tokens = 1000;
  record->estimate_price = 0.02;
  id = hone_project_add_fine_tune (fixture->project, record, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_interrupted (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(HoneFineTuneRecord) record = NULL;
  gint64 resumed, given_up;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }

  /* Both jobs were made, but their answers were lost */
  given_up = add_interrupted (fixture, "file-1");
  hone_fake_together_add_job (fixture->together, "file-1");
  resumed = add_interrupted (fixture, "file-2");
  hone_fake_together_add_job (fixture->together, "file-2");

  show_page (fixture);
  g_assert_cmpuint (hone_fine_tunes_page_get_n_rows (fixture->page), ==, 2);
  g_assert_cmpstr (row_status (fixture, resumed), ==, "Interrupted while starting the job");
  /* The newest first */
  g_assert_cmpint (hone_fine_tunes_page_get_banner_id (fixture->page), ==, resumed);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "finetune.resume", NULL));
  g_assert_true (hone_fine_tunes_page_is_busy (fixture->page));
  wait_until (fixture, not_busy, NULL, "the resume to end");
  g_test_message ("toast: %s", hone_fine_tunes_page_get_last_toast (fixture->page));
  record = get_record (fixture, resumed);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_STARTED);
  g_assert_cmpstr (record->job_id, ==, "ft-2");
  g_assert_cmpstr (hone_fine_tunes_page_get_last_toast (fixture->page), ==, "The fine-tune has started.");
  /* No second job was asked for */
  g_assert_cmpuint (hone_fake_together_get_n_jobs (fixture->together), ==, 2);

  /* The other one is next */
  g_assert_cmpint (hone_fine_tunes_page_get_banner_id (fixture->page), ==, given_up);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "finetune.give-up", NULL));
  wait_until (fixture, not_busy, NULL, "the give-up to end");
  g_test_message ("toast: %s", hone_fine_tunes_page_get_last_toast (fixture->page));
  g_assert_nonnull (strstr (hone_fine_tunes_page_get_last_toast (fixture->page), "after all"));
  g_clear_pointer (&record, hone_fine_tune_record_free);
  record = get_record (fixture, given_up);
  g_assert_cmpint (record->step, ==, HONE_FINE_TUNE_STEP_STARTED);
  g_assert_cmpstr (record->job_id, ==, "ft-1");

  g_assert_cmpint (hone_fine_tunes_page_get_banner_id (fixture->page), ==, 0);
  g_assert_cmpuint (hone_fake_together_get_n_jobs (fixture->together), ==, 2);

  /* A start made now (by the New Fine-tune window) is not offered for
   * resuming while it runs; once a step of it fails, it is */
  {
    gint64 starting = add_interrupted (fixture, "file-3");
    g_autoptr(HoneFineTuneRecord) later = get_record (fixture, starting);
    g_autoptr(GError) error = NULL;

    g_assert_cmpstr (row_status (fixture, starting), ==, "Starting…");
    g_assert_cmpint (hone_fine_tunes_page_get_banner_id (fixture->page), ==, 0);
    later->error_message = g_strdup ("Together AI did not answer.");
    g_assert_true (hone_project_update_fine_tune (fixture->project, later, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (row_status (fixture, starting), ==, "Interrupted while starting the job");
    g_assert_cmpint (hone_fine_tunes_page_get_banner_id (fixture->page), ==, starting);
  }
}

static gboolean
row_has_problem (Fixture       *fixture,
                 gconstpointer  data)
{
  HoneFineTuneRow *row = hone_fine_tunes_page_get_row (fixture->page, *(const gint64 *) data);

  return row != NULL && hone_fine_tune_row_get_problem (row) != NULL;
}

/* Fireworks has no key in the keyring: the row says what to do */
static void
test_no_key (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HoneFineTuneRecord) record = hone_fine_tune_record_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }

  record->provider_id = g_strdup ("fireworks");
  record->model_id = g_strdup ("accounts/fireworks/models/llama-v3p1-8b-instruct");
  record->settings_json = g_strdup ("{}");
  record->step = HONE_FINE_TUNE_STEP_STARTED;
  record->job_id = g_strdup ("accounts/me/supervisedFineTuningJobs/hone-1");
  record->status = g_strdup ("running");
  id = hone_project_add_fine_tune (fixture->project, record, &error);
  g_assert_no_error (error);

  show_page (fixture);
  wait_until (fixture, row_has_problem, &id, "the row to say why it is not followed");
  g_assert_cmpstr (hone_fine_tune_row_get_problem (hone_fine_tunes_page_get_row (fixture->page, id)), ==,
                   "Add your Fireworks AI key in Preferences to follow this fine-tune.");
  g_assert_true (hone_fine_tunes_page_show_job (fixture->page, id));
  g_assert_cmpstr (hone_fine_tune_view_get_status_text (hone_fine_tunes_page_get_view (fixture->page)), ==,
                   "Running");
  /* Nothing went to Together */
  g_assert_cmpuint (hone_fake_server_count (fixture->server, NULL, NULL), ==, 0);
}

/* In a project window: the page is there, and Open in Playground goes to
 * the Playground */
static void
test_in_project_window (Fixture       *fixture,
                        gconstpointer  data)
{
  HoneProjectWindow *window = hone_project_window_new (NULL, fixture->project);

  g_object_ref_sink (window);
  hone_project_window_show_page (window, HONE_PAGE_FINETUNES);
  gtk_window_present (GTK_WINDOW (window));
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (find_widget_of_type (GTK_WIDGET (window), HONE_TYPE_FINE_TUNES_PAGE)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-in-playground", "s",
                                             "me/Qwen/Qwen3-8B-support"));
  g_assert_cmpstr (hone_project_window_get_visible_page (window), ==, HONE_PAGE_PLAYGROUND);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Screenshots (HONE_SCREENSHOT_DIR) ------------------------------------------ */

static GtkWidget *
find_widget_of_type (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
save_png (GtkWidget  *window,
          const char *name)
{
  const char *dir = g_getenv ("HONE_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  hone_ui_test_spin (400);   /* the revealers and the leaflet settle */
  hone_ui_test_wait_for_frame (window);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

static void
make_three_jobs (Fixture *fixture,
                 gint64  *failed,
                 gint64  *succeeded,
                 gint64  *running)
{
  hone_fake_together_set_final_status (fixture->together, "error");
  *failed = start_job (fixture);
  for (guint i = 0; i < 3; i++)
    refresh_job (fixture, *failed);

  hone_fake_together_set_final_status (fixture->together, "completed");
  *succeeded = start_job (fixture);
  for (guint i = 0; i < 3; i++)
    refresh_job (fixture, *succeeded);

  hone_fake_together_set_gets_until_done (fixture->together, 100000);
  *running = start_job (fixture);
  for (guint i = 0; i < 2; i++)
    refresh_job (fixture, *running);
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  HoneProjectWindow *window;
  HoneFineTunesPage *page;
  gint64 failed, succeeded, running;

  if (g_getenv ("HONE_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Set HONE_SCREENSHOT_DIR to save screenshots of the page");
      return;
    }
  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }

  /* Empty */
  window = hone_project_window_new (NULL, fixture->project);
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  hone_project_window_show_page (window, HONE_PAGE_FINETUNES);
  gtk_window_present (GTK_WINDOW (window));
  save_png (GTK_WIDGET (window), "fine-tunes-empty.png");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  /* A list: failed, succeeded, running (newest) */
  make_three_jobs (fixture, &failed, &succeeded, &running);
  add_interrupted (fixture, "file-99");
  window = hone_project_window_new (NULL, fixture->project);
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  hone_project_window_show_page (window, HONE_PAGE_FINETUNES);
  gtk_window_present (GTK_WINDOW (window));
  page = HONE_FINE_TUNES_PAGE (find_widget_of_type (GTK_WIDGET (window), HONE_TYPE_FINE_TUNES_PAGE));
  save_png (GTK_WIDGET (window), "fine-tunes-list.png");

  hone_fine_tunes_page_show_job (page, succeeded);
  save_png (GTK_WIDGET (window), "fine-tunes-job.png");
  {
    GtkWidget *scrolled = find_widget_of_type (GTK_WIDGET (hone_fine_tunes_page_get_view (page)),
                                               GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, 560);
    save_png (GTK_WIDGET (window), "fine-tunes-job-middle.png");
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    save_png (GTK_WIDGET (window), "fine-tunes-job-bottom.png");
    gtk_adjustment_set_value (adjustment, 0);
  }
  hone_fine_tunes_page_show_job (page, failed);
  save_png (GTK_WIDGET (window), "fine-tunes-job-failed.png");
  hone_fine_tunes_page_show_job (page, running);
  save_png (GTK_WIDGET (window), "fine-tunes-job-running.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  hone_fine_tunes_page_show_job (page, succeeded);
  save_png (GTK_WIDGET (window), "fine-tunes-job-dark.png");
  hone_fine_tunes_page_show_list (page);
  save_png (GTK_WIDGET (window), "fine-tunes-list-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  /* Narrow */
  window = hone_project_window_new (NULL, fixture->project);
  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  hone_project_window_show_page (window, HONE_PAGE_FINETUNES);
  gtk_window_present (GTK_WINDOW (window));
  page = HONE_FINE_TUNES_PAGE (find_widget_of_type (GTK_WIDGET (window), HONE_TYPE_FINE_TUNES_PAGE));
  save_png (GTK_WIDGET (window), "fine-tunes-list-narrow.png");
  hone_fine_tunes_page_show_job (page, succeeded);
  save_png (GTK_WIDGET (window), "fine-tunes-job-narrow.png");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* main --------------------------------------------------------------------- */

static gboolean
stored (GAsyncResult **result)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = hone_secrets_store_finish (wait_for (result), &error);

  g_assert_no_error (error);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  keyring = hone_test_keyring_start (TRUE, &error);
  if (keyring == NULL)
    no_keyring_reason = g_strdup_printf ("No keyring can run here: %s", error->message);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  if (keyring != NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;

      hone_secrets_store_async ("together", API_KEY, NULL, got_result, &result);
      g_assert_true (stored (&result));
    }

  g_test_add ("/fine-tunes/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/fine-tunes/follow-to-success", Fixture, NULL, fixture_set_up, test_follow_to_success, fixture_tear_down);
  g_test_add ("/fine-tunes/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/fine-tunes/interrupted", Fixture, NULL, fixture_set_up, test_interrupted, fixture_tear_down);
  g_test_add ("/fine-tunes/no-key", Fixture, NULL, fixture_set_up, test_no_key, fixture_tear_down);
  g_test_add ("/fine-tunes/in-project-window", Fixture, NULL, fixture_set_up, test_in_project_window, fixture_tear_down);
  g_test_add ("/fine-tunes/screenshots", Fixture, NULL, fixture_set_up, test_screenshots, fixture_tear_down);

  status = g_test_run ();
  g_clear_pointer (&keyring, hone_test_keyring_stop);
  g_free (no_keyring_reason);

  return status;
}
