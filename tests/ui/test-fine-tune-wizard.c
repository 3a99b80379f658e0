/* test-fine-tune-wizard.c: the New Fine-tune wizard walked step by step
 * against a fake Together AI on 127.0.0.1, with the API key in a private
 * keyring: the job it creates, a missing key, and a refusal shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "hone-core.h"
#include "hone-fake-together.h"
#include "hone-provider.h"
#include "hone-secrets.h"
#include "hone-secrets-test-util.h"
#include "hone-project-window.h"
#include "hone-ui-test-util.h"
#include "dialogs/hone-fine-tune-wizard.h"
#include "pages/hone-fine-tune-row.h"
#include "pages/hone-fine-tunes-page.h"

#define API_KEY "wizard-key-3f9c1e77a0"
#define MODEL   "Qwen/Qwen3-8B"

static HoneTestKeyring *keyring;
static char *no_keyring_reason;

typedef struct {
  char             *dir;
  GFile            *file;
  HoneProject      *project;
  HoneFakeServer   *server;
  HoneFakeTogether *together;
  gint64            started_id;
  guint             n_started;
} Fixture;

/* Main loop ---------------------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

/* Spins until @condition holds (an answer that never comes fails the test
 * after 60 s rather than hanging it) */
static void
wait_for (Condition   condition,
          gpointer    data,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (60, hone_ui_test_timeout_cb, &timed_out);

  while (!timed_out && !condition (data))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  if (timed_out)
    g_error ("Waited 60 s for %s", what);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
store_key (const char *provider,
           const char *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hone_secrets_store_async (provider, key, NULL, store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (hone_secrets_store_finish (result, &error));
  g_assert_no_error (error);
}

/* Fixture ----------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;

  fixture->dir = g_dir_make_tmp ("hone-wizard-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "sample.hone", NULL);
  fixture->file = g_file_new_for_path (path);
  fixture->project = hone_sample_create (fixture->file, &error);
  g_assert_no_error (error);

  fixture->server = hone_fake_server_new ();
  fixture->together = hone_fake_together_new (fixture->server);
  base = hone_fake_server_url (fixture->server, "/v1");
  g_setenv ("HONE_TOGETHER_BASE_URL", base, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_file_get_path (fixture->file);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_assert_finalize_object (g_steal_pointer (&fixture->project));
  g_clear_pointer (&fixture->together, hone_fake_together_free);
  g_clear_pointer (&fixture->server, hone_fake_server_free);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_clear_object (&fixture->file);
  g_unsetenv ("HONE_TOGETHER_BASE_URL");
}

/* The wizard --------------------------------------------------------------- */

static HoneFineTuneWizard *
open_wizard (Fixture *fixture)
{
  GtkWindow *window = hone_fine_tune_wizard_new (fixture->project, NULL);

  g_assert_true (HONE_IS_FINE_TUNE_WIZARD (window));
  gtk_window_present (window);
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));
  return HONE_FINE_TUNE_WIZARD (window);
}

static void
close_wizard (HoneFineTuneWizard *wizard)
{
  g_object_ref (wizard);
  gtk_window_destroy (GTK_WINDOW (wizard));
  g_assert_finalize_object (wizard);
}

static GtkWidget *
get (HoneFineTuneWizard *wizard,
     const char         *name)
{
  GtkWidget *widget = hone_fine_tune_wizard_get_widget (wizard, name);

  if (widget == NULL)
    g_error ("The wizard has no widget “%s”", name);
  return widget;
}

static gboolean
key_known (gpointer data)
{
  const char *blocker = hone_fine_tune_wizard_get_blocker (data);

  return blocker == NULL || !g_str_has_prefix (blocker, "Looking for the API key");
}

/* Clicks a radio button, and waits for the key of its provider */
static void
choose (HoneFineTuneWizard *wizard,
        const char         *name)
{
  GtkWidget *check = get (wizard, name);

  gtk_widget_activate (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  wait_for (key_known, wizard, "the keyring");
}

static void
next (HoneFineTuneWizard *wizard,
      const char         *expected_step)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  g_assert_cmpstr (hone_fine_tune_wizard_get_step (wizard), ==, expected_step);
}

static gboolean
checked (gpointer data)
{
  HoneFineTuneWizard *wizard = data;

  return gtk_widget_get_visible (get (wizard, "ready-row")) ||
         gtk_widget_get_visible (get (wizard, "warnings-row")) ||
         gtk_widget_get_visible (get (wizard, "errors-row"));
}

/* Step 4: waits for the check, and reads the warnings if there are any */
static void
review (HoneFineTuneWizard *wizard)
{
  GtkWidget *warnings = get (wizard, "warnings-check");
  const char *price;

  wait_for (checked, wizard, "the check of the examples");
  g_assert_false (gtk_widget_get_visible (get (wizard, "errors-row")));

  price = gtk_label_get_text (GTK_LABEL (get (wizard, "price-label")));
  g_test_message ("price: %s (%s)", price,
                  adw_action_row_get_subtitle (ADW_ACTION_ROW (get (wizard, "price-row"))));
  g_assert_true (g_str_has_prefix (price, "$") || g_str_has_prefix (price, "≈$"));
  g_assert_true (gtk_widget_get_visible (get (wizard, "provider-estimate-row")));

  if (gtk_widget_get_visible (get (wizard, "warnings-row")))
    {
      g_test_message ("blocked by: %s", hone_fine_tune_wizard_get_blocker (wizard));
      g_assert_nonnull (hone_fine_tune_wizard_get_blocker (wizard));
      gtk_widget_activate (warnings);
    }
  g_assert_null (hone_fine_tune_wizard_get_blocker (wizard));
}

static gboolean
on_review (gpointer data)
{
  return g_str_equal (hone_fine_tune_wizard_get_step (data), "review");
}

static void
started_cb (HoneFineTuneWizard *wizard,
            gint64              record_id,
            Fixture            *fixture)
{
  fixture->started_id = record_id;
  fixture->n_started++;
}

static gboolean
has_started (gpointer data)
{
  return ((Fixture *) data)->n_started > 0;
}

static gboolean
did_not_start (gpointer data)
{
  const char *title = gtk_label_get_text (GTK_LABEL (get (data, "progress-title")));

  return g_str_equal (title, "The Fine-tune Did Not Start") || g_str_equal (title, "Stopped");
}

/* Walks steps 1-3 with Together AI, Qwen3 8B, 2 epochs and "support" */
static void
walk_to_review (HoneFineTuneWizard *wizard)
{
  GtkWidget *suffix;

  /* 1. Provider and model */
  g_assert_cmpstr (hone_fine_tune_wizard_get_step (wizard), ==, "model");
  choose (wizard, "provider:together");
  choose (wizard, "model:" MODEL);
  g_assert_false (gtk_widget_get_visible (get (wizard, "key-row")));
  g_assert_null (hone_fine_tune_wizard_get_blocker (wizard));
  next (wizard, "data");

  /* 2. Data: the sample has 20 training and 5 validation examples */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (get (wizard, "examples-row"))), ==,
                   "20 training examples, 5 validation examples");
  g_assert_false (gtk_widget_get_visible (get (wizard, "split-row")));
  next (wizard, "settings");

  /* 3. Settings: Together takes them all */
  g_assert_true (gtk_widget_get_visible (get (wizard, "full-row")));
  g_assert_true (gtk_widget_get_visible (get (wizard, "evals-row")));
  g_assert_false (gtk_widget_get_visible (get (wizard, "epochs-spin")));
  gtk_widget_activate (get (wizard, "epochs-auto"));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (get (wizard, "epochs-auto"))));
  g_assert_true (gtk_widget_get_visible (get (wizard, "epochs-spin")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (get (wizard, "epochs-spin")), 2);

  /* A space in the suffix is refused, and said so */
  suffix = get (wizard, "suffix-row");
  gtk_editable_set_text (GTK_EDITABLE (suffix), "sup port");
  g_assert_true (gtk_widget_get_visible (get (wizard, "suffix-error")));
  g_assert_nonnull (hone_fine_tune_wizard_get_blocker (wizard));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  g_assert_cmpstr (hone_fine_tune_wizard_get_step (wizard), ==, "settings");
  gtk_editable_set_text (GTK_EDITABLE (suffix), "support");
  g_assert_false (gtk_widget_get_visible (get (wizard, "suffix-error")));
  next (wizard, "review");
}

/* Tests --------------------------------------------------------------------- */

static void
test_start (Fixture       *fixture,
            gconstpointer  data)
{
  HoneFineTuneWizard *wizard;
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  JsonObject *object;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }
  store_key (HONE_SECRETS_PROVIDER_TOGETHER, API_KEY);

  wizard = open_wizard (fixture);
  g_signal_connect (wizard, "started", G_CALLBACK (started_cb), fixture);
  g_object_ref (wizard);

  walk_to_review (wizard);
  review (wizard);

  /* Back (Alt+Left), then Enter (the default widget) comes forward; on
   * the review Enter does not start anything */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.back", NULL));
  g_assert_cmpstr (hone_fine_tune_wizard_get_step (wizard), ==, "settings");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "default.activate", NULL));
  wait_for (on_review, wizard, "Enter to go to the review");
  gtk_widget_activate_action (GTK_WIDGET (wizard), "default.activate", NULL);
  hone_ui_test_spin (400);
  g_assert_cmpstr (hone_fine_tune_wizard_get_step (wizard), ==, "review");
  review (wizard);

  /* 5. Start */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.start", NULL));
  g_assert_cmpstr (hone_fine_tune_wizard_get_step (wizard), ==, "progress");
  wait_for (has_started, fixture, "the fine-tune to start");

  g_assert_cmpuint (fixture->n_started, ==, 1);
  g_assert_cmpint (fixture->started_id, >, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (wizard)));

  /* Exactly one job, as asked */
  g_assert_cmpuint (hone_fake_together_get_n_jobs (fixture->together), ==, 1);
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/fine-tunes"), ==, 1);
  body = hone_fake_together_dup_create_body (fixture->together, 0);
  g_test_message ("create: %s", body);
  g_assert_true (json_parser_load_from_data (parser, body, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member_with_default (object, "n_epochs", -1), ==, 2);
  g_assert_cmpstr (json_object_get_string_member_with_default (object, "suffix", ""), ==, "support");
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, MODEL);

  /* The record the signal names has started */
  record = hone_project_get_fine_tune (fixture->project, fixture->started_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hone_fine_tune_step_to_string (record->step), ==, "started");
  g_assert_cmpstr (record->model_id, ==, MODEL);

  g_assert_finalize_object (wizard);
}

static gboolean
live_list_known (gpointer data)
{
  return hone_fine_tune_wizard_get_widget (data, "live-row") != NULL;
}

/* Together's live list: a catalogue model it no longer fine-tunes cannot
 * be chosen, and the models Hone does not know are counted */
static void
test_live_models (Fixture       *fixture,
                  gconstpointer  data)
{
  HoneFineTuneWizard *wizard;
  const char *blocker;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }
  store_key (HONE_SECRETS_PROVIDER_TOGETHER, API_KEY);

  wizard = open_wizard (fixture);
  choose (wizard, "provider:together");
  wait_for (live_list_known, wizard, "Together's list of models");
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "GET", "/v1/fine-tunes/models/supported"), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (get (wizard, "live-row"))), ==,
                   "1 more model on Together AI");
  g_assert_true (gtk_widget_is_sensitive (get (wizard, "model:" MODEL)));
  g_assert_false (gtk_widget_is_sensitive (get (wizard, "model:Qwen/Qwen3-32B")));

  /* chosen anyway (it was the project's target, say): Next says why not */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get (wizard, "model:Qwen/Qwen3-32B")), TRUE);
  blocker = hone_fine_tune_wizard_get_blocker (wizard);
  g_assert_cmpstr (blocker, ==, "Together AI does not fine-tune Qwen3 32B now: choose another model.");
  choose (wizard, "model:" MODEL);
  g_assert_null (hone_fine_tune_wizard_get_blocker (wizard));
  close_wizard (wizard);
}

/* Without a key Next stays off and the step says where to add one */
static void
test_missing_key (Fixture       *fixture,
                  gconstpointer  data)
{
  HoneFineTuneWizard *wizard;
  const char *blocker;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }
  store_key (HONE_SECRETS_PROVIDER_TOGETHER, API_KEY);

  wizard = open_wizard (fixture);
  choose (wizard, "provider:fireworks");
  g_assert_true (gtk_widget_get_visible (get (wizard, "key-row")));
  g_assert_true (gtk_widget_get_visible (get (wizard, "account-row")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (get (wizard, "key-row"))), ==,
                   "No API key for Fireworks AI");
  blocker = hone_fine_tune_wizard_get_blocker (wizard);
  g_assert_nonnull (blocker);
  g_assert_nonnull (strstr (blocker, "API key"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  g_assert_cmpstr (hone_fine_tune_wizard_get_step (wizard), ==, "model");
  gtk_test_accessible_assert_property (get (wizard, "provider:fireworks"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Fireworks AI");

  /* The account is remembered in the settings (not a secret) */
  gtk_editable_set_text (GTK_EDITABLE (get (wizard, "account-row")), "my-account");
  {
    g_autoptr(GSettings) settings = g_settings_new ("app.hone.Hone");
    g_autofree char *account = g_settings_get_string (settings, "fireworks-account-id");

    g_assert_cmpstr (account, ==, "my-account");
  }

  /* Together has its key */
  choose (wizard, "provider:together");
  g_assert_false (gtk_widget_get_visible (get (wizard, "key-row")));
  g_assert_false (gtk_widget_get_visible (get (wizard, "account-row")));
  g_assert_null (hone_fine_tune_wizard_get_blocker (wizard));

  /* With the key gone, Together is blocked too */
  {
    g_autoptr(GAsyncResult) result = NULL;

    hone_secrets_clear_async (HONE_SECRETS_PROVIDER_TOGETHER, NULL, store_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (hone_secrets_clear_finish (result, NULL));
  }
  choose (wizard, "provider:openai");
  choose (wizard, "provider:together");
  g_assert_true (gtk_widget_get_visible (get (wizard, "key-row")));
  g_assert_nonnull (hone_fine_tune_wizard_get_blocker (wizard));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  g_assert_cmpstr (hone_fine_tune_wizard_get_step (wizard), ==, "model");
  /* Nothing was sent: the only request is the list of models, asked while
   * Together's key was there */
  g_assert_cmpuint (hone_fake_server_count (fixture->server, NULL, NULL), ==,
                    hone_fake_server_count (fixture->server, "GET", "/v1/fine-tunes/models/supported"));
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", NULL), ==, 0);

  close_wizard (wizard);
}

/* The provider refuses the job: its reason is shown, the wizard stays
 * open, and Back returns to the review */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  HoneFineTuneWizard *wizard;
  const char *message;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }
  store_key (HONE_SECRETS_PROVIDER_TOGETHER, API_KEY);
  hone_fake_server_push_json (fixture->server, "POST", "/v1/fine-tunes", 400,
                              "{\"error\":{\"message\":\"n_epochs must be at most 1 for this model\"}}");

  wizard = open_wizard (fixture);
  g_signal_connect (wizard, "started", G_CALLBACK (started_cb), fixture);
  walk_to_review (wizard);
  review (wizard);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.start", NULL));
  wait_for (did_not_start, wizard, "the refusal");

  message = gtk_label_get_text (GTK_LABEL (get (wizard, "progress-label")));
  g_test_message ("shown: %s", message);
  g_assert_nonnull (strstr (message, "n_epochs must be at most 1 for this model"));
  g_assert_cmpuint (fixture->n_started, ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (wizard)));
  g_assert_cmpstr (hone_fine_tune_wizard_get_step (wizard), ==, "progress");
  g_assert_cmpuint (hone_fake_together_get_n_jobs (fixture->together), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.back", NULL));
  g_assert_cmpstr (hone_fine_tune_wizard_get_step (wizard), ==, "review");

  close_wizard (wizard);
}


static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
uploading (gpointer data)
{
  Fixture *fixture = data;

  return hone_fake_server_count (fixture->server, "POST", "/v1/files") > 0;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Closing while the files are sent asks first; Stop cancels, the record
 * says so, and the window goes */
static void
test_close_while_starting (Fixture       *fixture,
                           gconstpointer  data)
{
  HoneFineTuneWizard *wizard;
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  HoneFineTuneRecord *record;
  gpointer weak;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }
  store_key (HONE_SECRETS_PROVIDER_TOGETHER, API_KEY);
  /* The upload never gets an answer */
  hone_fake_response_set_action (hone_fake_server_push (fixture->server, "POST", "/v1/files", 200, NULL, NULL),
                                 HONE_FAKE_HANG);

  wizard = open_wizard (fixture);
  g_signal_connect (wizard, "started", G_CALLBACK (started_cb), fixture);
  walk_to_review (wizard);
  review (wizard);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.start", NULL));
  wait_for (uploading, fixture, "the upload");

  /* Escape asks; Keep Going keeps it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "window.close", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Stop starting the fine-tune?");
  adw_message_dialog_response (dialog, "continue");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (wizard)));

  /* Stop: cancelled, recorded, closed */
  weak = wizard;
  g_object_add_weak_pointer (G_OBJECT (wizard), &weak);
  g_object_ref (wizard);
  gtk_window_close (GTK_WINDOW (wizard));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "stop");
  g_object_unref (wizard);
  wait_for (is_gone, &weak, "the wizard to close");

  g_assert_cmpuint (fixture->n_started, ==, 0);
  g_assert_cmpuint (hone_fake_together_get_n_jobs (fixture->together), ==, 0);
  records = hone_project_list_fine_tunes (fixture->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_test_message ("record: %s, %s", hone_fine_tune_step_to_string (record->step), record->error_message);
  g_assert_cmpstr (hone_fine_tune_step_to_string (record->step), ==, "not-started");
}

static HoneFineTuneWizard *
find_wizard (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (HONE_IS_FINE_TUNE_WIZARD (window))
        return HONE_FINE_TUNE_WIZARD (window);
    }
  return NULL;
}

/* The project window's win.new-fine-tune opens the wizard over it, on the
 * window's own check of the examples: the model chosen becomes the
 * project's target */
static void
test_project_window_action (Fixture       *fixture,
                            gconstpointer  data)
{
  HoneProjectWindow *window;
  HoneFineTuneWizard *wizard;
  g_autofree char *provider_id = NULL;
  g_autofree char *model_id = NULL;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }
  store_key (HONE_SECRETS_PROVIDER_TOGETHER, API_KEY);

  window = hone_project_window_new (NULL, fixture->project);
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));

  g_assert_null (find_wizard ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-fine-tune", NULL));
  wizard = find_wizard ();
  g_assert_nonnull (wizard);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (wizard)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (wizard)));

  choose (wizard, "provider:together");
  choose (wizard, "model:Qwen/Qwen3-14B");
  next (wizard, "data");
  hone_project_get_target (fixture->project, &provider_id, &model_id);
  g_assert_cmpstr (provider_id, ==, "together");
  g_assert_cmpstr (model_id, ==, "Qwen/Qwen3-14B");
  g_assert_true (hone_dataset_check_get_model (hone_project_window_get_dataset_check (window))->id != NULL);
  g_assert_cmpstr (hone_dataset_check_get_model (hone_project_window_get_dataset_check (window))->id, ==,
                   "Qwen/Qwen3-14B");

  close_wizard (wizard);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static gboolean
record_not_started (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GPtrArray) records = hone_project_list_fine_tunes (fixture->project, NULL);

  return records != NULL && records->len == 1 &&
         ((HoneFineTuneRecord *) g_ptr_array_index (records, 0))->step == HONE_FINE_TUNE_STEP_NOT_STARTED;
}

/* A window destroyed while starting (its project closed) stops the start
 * and goes without touching its widgets again */
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

typedef struct {
  HoneFineTunesPage *page;
  gint64             id;
  const char        *status;
} RowWait;

static gboolean
row_is (gpointer data)
{
  RowWait *wait = data;
  HoneFineTuneRow *row = hone_fine_tunes_page_get_row (wait->page, wait->id);

  return row != NULL && g_strcmp0 (hone_fine_tune_row_get_status_text (row), wait->status) == 0;
}

static gboolean
poller_ready (gpointer data)
{
  return hone_fine_tunes_page_get_poller (data) != NULL;
}

static gboolean
project_let_go (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

/* The whole way in the project window: New Fine-tune (Ctrl+Shift+N's
 * action), every step, Start, then the job on the Fine-tunes page, followed
 * in the background until it succeeds, with its loss chart */
static void
test_to_succeeded (Fixture       *fixture,
                   gconstpointer  data)
{
  HoneProjectWindow *window;
  HoneFineTuneWizard *wizard;
  HoneFineTunesPage *page;
  HoneFineTuneView *view;
  RowWait wait = { NULL, 0, "Succeeded" };

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }
  store_key (HONE_SECRETS_PROVIDER_TOGETHER, API_KEY);
  hone_fake_together_set_gets_until_done (fixture->together, 4);

  window = hone_project_window_new (NULL, fixture->project);
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));
  page = HONE_FINE_TUNES_PAGE (find_descendant (GTK_WIDGET (window), HONE_TYPE_FINE_TUNES_PAGE));
  g_assert_nonnull (page);
  g_assert_true (hone_fine_tunes_page_is_empty (page));
  wait_for (poller_ready, page, "the page's poller");
  hone_job_poller_set_intervals (hone_fine_tunes_page_get_poller (page), 5, 20);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-fine-tune", NULL));
  wizard = find_wizard ();
  g_assert_nonnull (wizard);
  g_object_ref (wizard);
  g_signal_connect (wizard, "started", G_CALLBACK (started_cb), fixture);
  walk_to_review (wizard);
  review (wizard);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.start", NULL));
  wait_for (has_started, fixture, "the fine-tune to start");
  {
    gpointer weak = wizard;

    g_object_add_weak_pointer (G_OBJECT (wizard), &weak);
    g_object_unref (wizard);
    wait_for (is_gone, &weak, "the wizard to close");
  }

  /* On the Fine-tunes page, followed to the end */
  hone_project_window_show_page (window, HONE_PAGE_FINETUNES);
  g_assert_false (hone_fine_tunes_page_is_empty (page));
  g_assert_cmpuint (hone_fine_tunes_page_get_n_rows (page), ==, 1);
  wait.page = page;
  wait.id = fixture->started_id;
  wait_for (row_is, &wait, "the job to succeed");
  g_assert_cmpstr (hone_fine_tunes_page_get_last_notification (page), ==, "Fine-tune succeeded");

  g_assert_true (hone_fine_tunes_page_show_job (page, fixture->started_id));
  view = hone_fine_tunes_page_get_view (page);
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (hone_fine_tune_view_get_status_text (view), ==, "Succeeded");
  g_assert_cmpuint (hone_loss_chart_get_n_points (hone_fine_tune_view_get_chart (view)), ==, 24);
  g_assert_cmpstr (hone_fine_tune_view_get_output_text (view), ==, "me/" MODEL "-support");
  g_assert_cmpuint (hone_fake_server_count (fixture->server, "POST", "/v1/fine-tunes"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  /* The job view was comparing the data with what trained the job: that
   * work, cancelled with the window, lets go of the project when its
   * worker ends */
  wait_for (project_let_go, fixture->project, "the comparison to let go of the project");
}

static void
test_destroyed_while_starting (Fixture       *fixture,
                               gconstpointer  data)
{
  HoneFineTuneWizard *wizard;
  gpointer weak;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }
  store_key (HONE_SECRETS_PROVIDER_TOGETHER, API_KEY);
  hone_fake_response_set_action (hone_fake_server_push (fixture->server, "POST", "/v1/files", 200, NULL, NULL),
                                 HONE_FAKE_HANG);

  wizard = open_wizard (fixture);
  g_signal_connect (wizard, "started", G_CALLBACK (started_cb), fixture);
  walk_to_review (wizard);
  review (wizard);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.start", NULL));
  wait_for (uploading, fixture, "the upload");

  /* The start holds the window until it has stopped, then lets it go */
  weak = wizard;
  g_object_add_weak_pointer (G_OBJECT (wizard), &weak);
  gtk_window_destroy (GTK_WINDOW (wizard));
  wait_for (record_not_started, fixture, "the start to stop");
  wait_for (is_gone, &weak, "the wizard to be finalized");
  g_assert_cmpuint (fixture->n_started, ==, 0);
}

/* Screenshots (HONE_SCREENSHOT_DIR) ---------------------------------------- */

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
  int width, height;

  hone_ui_test_spin (500);   /* the stack's transition ends */
  hone_ui_test_wait_for_frame (window);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

static void
shoot_all (Fixture    *fixture,
           const char *variant,
           int         width)
{
  HoneFineTuneWizard *wizard;
  g_autofree char *name = NULL;

#define SHOT(step) \
  G_STMT_START { \
    g_free (name); \
    name = g_strdup_printf ("wizard-%s-%s.png", step, variant); \
    save_png (GTK_WIDGET (wizard), name); \
  } G_STMT_END

  wizard = HONE_FINE_TUNE_WIZARD (hone_fine_tune_wizard_new (fixture->project, NULL));
  gtk_window_set_default_size (GTK_WINDOW (wizard), width, 720);
  gtk_window_present (GTK_WINDOW (wizard));
  hone_ui_test_wait_for_frame (GTK_WIDGET (wizard));
  g_signal_connect (wizard, "started", G_CALLBACK (started_cb), fixture);

  choose (wizard, "provider:fireworks");
  SHOT ("1-fireworks-no-key");
  choose (wizard, "provider:openai");
  SHOT ("1-openai");
  choose (wizard, "provider:together");
  choose (wizard, "model:" MODEL);
  SHOT ("1-model");
  next (wizard, "data");
  SHOT ("2-data");
  next (wizard, "settings");
  gtk_widget_activate (get (wizard, "epochs-auto"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (get (wizard, "advanced-row")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (get (wizard, "suffix-row")), "support v2");
  SHOT ("3-settings");
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (get (wizard, "suffix-row"), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_check_button_set_active (GTK_CHECK_BUTTON (get (wizard, "lr-auto")), FALSE);
    hone_ui_test_spin (100);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    SHOT ("3-settings-bottom");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (get (wizard, "lr-auto")), TRUE);
  }
  gtk_editable_set_text (GTK_EDITABLE (get (wizard, "suffix-row")), "support");
  next (wizard, "review");
  review (wizard);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (get (wizard, "assumptions-row")), TRUE);
  SHOT ("4-review");

  /* Sending, then stopped */
  hone_fake_response_set_action (hone_fake_server_push (fixture->server, "POST", "/v1/files", 200, NULL, NULL),
                                 HONE_FAKE_HANG);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.start", NULL));
  wait_for (uploading, fixture, "the upload");
  SHOT ("5-sending");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.cancel-start", NULL));
  wait_for (did_not_start, wizard, "the stop");
  SHOT ("5-stopped");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.back", NULL));
  review (wizard);

  hone_fake_server_push_json (fixture->server, "POST", "/v1/fine-tunes", 400,
                              "{\"error\":{\"message\":\"n_epochs must be at most 1 for this model\"}}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.start", NULL));
  wait_for (did_not_start, wizard, "the refusal");
  SHOT ("6-refused");
  close_wizard (wizard);
#undef SHOT
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (g_getenv ("HONE_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Set HONE_SCREENSHOT_DIR to save screenshots of the wizard");
      return;
    }
  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }
  store_key (HONE_SECRETS_PROVIDER_TOGETHER, API_KEY);

  shoot_all (fixture, "light", 600);
  shoot_all (fixture, "narrow", 360);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  shoot_all (fixture, "dark", 600);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  /* Warnings (a copy of an example), then errors (no answers) */
  {
    g_autoptr(GPtrArray) examples = hone_project_load_examples (fixture->project, 0, 1000, NULL);
    g_autoptr(GArray) copies = NULL;
    HoneFineTuneWizard *wizard;
    gint64 first = hone_example_get_id (g_ptr_array_index (examples, 0));

    copies = hone_project_duplicate_examples (fixture->project, &first, 1, NULL);
    g_assert_nonnull (copies);
    wizard = open_wizard (fixture);
    wait_for (key_known, wizard, "the keyring");
    next (wizard, "data");
    next (wizard, "settings");
    next (wizard, "review");
    wait_for (checked, wizard, "the check of the examples");
    save_png (GTK_WIDGET (wizard), "wizard-4-review-warnings.png");
    close_wizard (wizard);

    /* No assistant message in any example */
    g_assert_true (hone_project_set_template (fixture->project, HONE_TEMPLATE_ROLE_ASSISTANT, "", NULL));
    wizard = open_wizard (fixture);
    wait_for (key_known, wizard, "the keyring");
    next (wizard, "data");
    next (wizard, "settings");
    next (wizard, "review");
    wait_for (checked, wizard, "the check of the examples");
    save_png (GTK_WIDGET (wizard), "wizard-4-review-errors.png");
    close_wizard (wizard);
  }
}

/* Without validation examples the data step offers to set 10% aside, as
 * one undoable edit */
static void
test_split (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(HoneUndoStack) undo = NULL;
  g_autoptr(GError) error = NULL;
  HoneFineTuneWizard *wizard;

  if (keyring == NULL)
    {
      g_test_skip (no_keyring_reason);
      return;
    }
  store_key (HONE_SECRETS_PROVIDER_TOGETHER, API_KEY);

  examples = hone_project_load_examples (fixture->project, 0, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < examples->len; i++)
    {
      gint64 id = hone_example_get_id (g_ptr_array_index (examples, i));

      g_array_append_val (ids, id);
    }
  g_assert_true (hone_project_set_split (fixture->project, (gint64 *) (gpointer) ids->data, ids->len,
                                         HONE_SPLIT_TRAIN, &error));
  g_assert_no_error (error);
  undo = hone_undo_stack_new (fixture->project);

  wizard = open_wizard (fixture);
  wait_for (key_known, wizard, "the keyring");
  next (wizard, "data");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (get (wizard, "examples-row"))), ==,
                   "25 training examples, 0 validation examples");
  g_assert_true (gtk_widget_get_visible (get (wizard, "split-row")));
  if (g_getenv ("HONE_SCREENSHOT_DIR") != NULL)
    save_png (GTK_WIDGET (wizard), "wizard-2-data-no-validation.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.split", NULL));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (get (wizard, "examples-row"))), ==,
                   "22 training examples, 3 validation examples");
  g_assert_false (gtk_widget_get_visible (get (wizard, "split-row")));
  g_assert_cmpint (hone_project_count_examples (fixture->project, HONE_SPLIT_VALIDATION, NULL), ==, 3);
  if (g_getenv ("HONE_SCREENSHOT_DIR") != NULL)
    save_png (GTK_WIDGET (wizard), "wizard-2-data-split.png");

  /* Undone in one step; the wizard follows */
  g_assert_true (hone_undo_stack_undo (undo, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (get (wizard, "examples-row"))), ==,
                   "25 training examples, 0 validation examples");
  g_assert_true (gtk_widget_get_visible (get (wizard, "split-row")));

  close_wizard (wizard);
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

  g_test_add ("/fine-tune-wizard/start", Fixture, NULL, fixture_set_up, test_start, fixture_tear_down);
  g_test_add ("/fine-tune-wizard/missing-key", Fixture, NULL, fixture_set_up, test_missing_key, fixture_tear_down);
  g_test_add ("/fine-tune-wizard/live-models", Fixture, NULL, fixture_set_up, test_live_models, fixture_tear_down);
  g_test_add ("/fine-tune-wizard/to-succeeded", Fixture, NULL, fixture_set_up, test_to_succeeded, fixture_tear_down);
  g_test_add ("/fine-tune-wizard/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/fine-tune-wizard/close-while-starting", Fixture, NULL, fixture_set_up, test_close_while_starting, fixture_tear_down);
  g_test_add ("/fine-tune-wizard/destroyed-while-starting", Fixture, NULL, fixture_set_up, test_destroyed_while_starting, fixture_tear_down);
  g_test_add ("/fine-tune-wizard/project-window-action", Fixture, NULL, fixture_set_up, test_project_window_action, fixture_tear_down);
  g_test_add ("/fine-tune-wizard/split", Fixture, NULL, fixture_set_up, test_split, fixture_tear_down);
  g_test_add ("/fine-tune-wizard/screenshots", Fixture, NULL, fixture_set_up, test_screenshots, fixture_tear_down);

  status = g_test_run ();
  g_clear_pointer (&keyring, hone_test_keyring_stop);
  g_free (no_keyring_reason);

  return status;
}
