/* hone-fine-tunes-page.c: the project's fine-tunes, and each one in detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hone-fine-tunes-page.h"
#include "hone-error.h"
#include "hone-fine-tune-runner.h"
#include "hone-secrets.h"
#include "dialogs/hone-fine-tune-wizard.h"

struct _HoneFineTunesPage
{
  AdwBin            parent_instance;

  HoneProject      *project;
  HoneJobPoller    *poller;
  gboolean          poller_started;
  GCancellable     *cancellable;    /* cancelled when the page goes */

  /* provider id → its API key, "" when the keyring has none */
  GHashTable       *keys;
  /* provider ids being looked up */
  GHashTable       *lookups;
  /* ids of the starts found cut short when the project was opened (the
   * others unfinished are being started now by this Hone) */
  GHashTable       *interrupted_at_open;

  gint64            banner_id;
  gint64            busy_id;        /* the record a resume, give-up or cancel works on */
  int               waiting_op;     /* an Op waiting for its key from the keyring, or -1 */
  char             *last_toast;
  char             *last_notification;
  GtkWindow        *cancel_dialog;  /* weak */
  GtkWindow        *wizard;         /* weak */

  AdwToastOverlay  *toast_overlay;
  AdwLeaflet       *leaflet;
  GtkRevealer      *banner_revealer;
  GtkLabel         *banner_title;
  GtkLabel         *banner_detail;
  GtkButton        *resume_button;
  GtkButton        *give_up_button;
  GtkSpinner       *banner_spinner;
  GtkStack         *list_stack;
  GtkListBox       *list_box;
  HoneFineTuneView *view;
};

G_DEFINE_FINAL_TYPE (HoneFineTunesPage, hone_fine_tunes_page, ADW_TYPE_BIN)

/* Toasts and notifications ------------------------------------------------- */

static void
show_toast (HoneFineTunesPage *self,
            const char        *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (markup);

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  /* Errors are long: let them be read */
  adw_toast_set_timeout (toast, strlen (text) > 60 ? 10 : 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static GApplication *
get_application (HoneFineTunesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  return application != NULL ? G_APPLICATION (application) : g_application_get_default ();
}

static void
job_finished_cb (HoneFineTunesPage *self,
                 gint64             id,
                 const char        *status,
                 HoneJobPoller     *poller)
{
  g_autoptr(HoneFineTuneRecord) record = hone_project_get_fine_tune (self->project, id, NULL);
  g_autofree char *model = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *notification_id = NULL;
  g_autofree char *body = NULL;
  GApplication *application;
  const char *title;

  /* A cancel is the person's own doing: nothing to tell */
  if (record == NULL || g_strcmp0 (status, "cancelled") == 0)
    return;

  model = hone_fine_tune_dup_model_name (record);
  if (g_strcmp0 (status, "succeeded") == 0)
    {
      title = _("Fine-tune succeeded");
      if (record->output_model != NULL)
        /* Translators: a notification; %s is the new model's name */
        body = g_strdup_printf (_("Your model %s is ready."), record->output_model);
      else
        /* Translators: a notification; %s is the base model's name */
        body = g_strdup_printf (_("The fine-tune of %s is done."), model);
    }
  else
    {
      title = _("Fine-tune failed");
      /* Translators: a notification; %s is the base model's name, then why */
      body = g_strdup_printf (_("The fine-tune of %s stopped: %s"), model,
                              record->error_message != NULL ? record->error_message
                                                            : _("the provider did not say why."));
    }

  g_free (self->last_notification);
  self->last_notification = g_strdup (title);

  application = get_application (self);
  if (application == NULL || !g_application_get_is_registered (application))
    return;

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  /* A click opens the project on this fine-tune */
  g_notification_set_default_action_and_target (notification, "app.show-fine-tune", "(sx)",
                                                 g_file_peek_path (hone_project_get_file (self->project)), id);
  notification_id = g_strdup_printf ("fine-tune-%" G_GINT64_FORMAT, id);
  g_application_send_notification (application, notification_id, notification);
}

/* API keys --------------------------------------------------------------- */

static void maybe_start_poller (HoneFineTunesPage *self);
static void run_waiting_op     (HoneFineTunesPage *self);

typedef struct {
  HoneFineTunesPage *self;
  char              *provider_id;
} Lookup;

static void
key_looked_up_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(HoneFineTunesPage) self = lookup->self;
  g_autofree char *provider_id = lookup->provider_id;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  const char *old_key;
  gboolean found;

  g_free (lookup);
  key = hone_secrets_lookup_finish (result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (error != NULL)
    g_debug ("No key for %s from the keyring: %s", provider_id, error->message);

  g_hash_table_remove (self->lookups, provider_id);
  old_key = g_hash_table_lookup (self->keys, provider_id);
  found = key != NULL && key[0] != '\0' && g_strcmp0 (old_key, key) != 0;
  g_hash_table_insert (self->keys, g_strdup (provider_id), g_strdup (key != NULL ? key : ""));

  run_waiting_op (self);

  if (!self->poller_started)
    maybe_start_poller (self);
  else if (found)
    {
      /* A key was added since: follow that provider's jobs again now */
      g_autoptr(GPtrArray) records = hone_project_list_fine_tunes (self->project, NULL);

      for (guint i = 0; records != NULL && i < records->len; i++)
        {
          HoneFineTuneRecord *record = g_ptr_array_index (records, i);

          if (g_strcmp0 (record->provider_id, provider_id) == 0 &&
              hone_job_poller_is_following (self->poller, record->id))
            hone_job_poller_poll_now (self->poller, record->id);
        }
    }
}

static void
lookup_key (HoneFineTunesPage *self,
            const char        *provider_id)
{
  Lookup *lookup;

  if (provider_id == NULL || !hone_secrets_provider_is_valid (provider_id) ||
      g_hash_table_contains (self->lookups, provider_id))
    return;

  g_hash_table_add (self->lookups, g_strdup (provider_id));
  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->provider_id = g_strdup (provider_id);
  hone_secrets_lookup_async (provider_id, self->cancellable, key_looked_up_cb, lookup);
}

/* A provider to reach @record's job with, or NULL and why (@purpose: to
 * follow it, or to do what the person asked) */
static HoneProvider *
make_provider (HoneFineTunesPage        *self,
               const HoneFineTuneRecord *record,
               gboolean                  to_follow,
               GError                  **error)
{
  const char *key = g_hash_table_lookup (self->keys, record->provider_id != NULL ? record->provider_id : "");

  if (key == NULL || key[0] == '\0')
    {
      g_autofree char *name = hone_fine_tune_dup_provider_name (record->provider_id);

      /* It may have been added in Preferences since */
      lookup_key (self, record->provider_id);
      if (to_follow)
        g_set_error (error, HONE_ERROR, HONE_ERROR_AUTH,
                     /* Translators: %s is a provider's name ("Together AI") */
                     _("Add your %s key in Preferences to follow this fine-tune."), name);
      else
        g_set_error (error, HONE_ERROR, HONE_ERROR_AUTH,
                     /* Translators: %s is a provider's name ("Together AI") */
                     _("Add your %s key in Preferences first, then try again."), name);
      return NULL;
    }

  return hone_provider_new (record->provider_id, NULL, key, record->base_url, error);
}

static HoneProvider *
poller_provider_func (const HoneFineTuneRecord  *record,
                      gpointer                   user_data,
                      GError                   **error)
{
  return make_provider (HONE_FINE_TUNES_PAGE (user_data), record, TRUE, error);
}

static void
maybe_start_poller (HoneFineTunesPage *self)
{
  if (self->poller_started || self->poller == NULL || g_hash_table_size (self->lookups) > 0)
    return;

  self->poller_started = TRUE;
  hone_job_poller_start (self->poller);
}

/* The list ---------------------------------------------------------------- */

/* A start that stopped half way and waits for Resume or Give Up, or one
 * that never started and left its files on the provider */
static gboolean
needs_attention (const HoneFineTuneRecord *record)
{
  return hone_fine_tune_step_is_unfinished (record->step) ||
         (record->step == HONE_FINE_TUNE_STEP_NOT_STARTED && !record->files_deleted &&
          record->training_file_id != NULL);
}

/* Whether @record is being started now (by the New Fine-tune window)
 * rather than cut short: it was not there unfinished at the opening, and
 * no step of it failed */
static gboolean
is_starting (HoneFineTunesPage        *self,
             const HoneFineTuneRecord *record)
{
  return hone_fine_tune_step_is_unfinished (record->step) &&
         record->error_message == NULL &&
         !g_hash_table_contains (self->interrupted_at_open, &record->id) &&
         self->busy_id != record->id;
}

static HoneFineTuneRow *
find_row (HoneFineTunesPage *self,
          gint64             id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (HONE_IS_FINE_TUNE_ROW (child) && hone_fine_tune_row_get_id (HONE_FINE_TUNE_ROW (child)) == id)
      return HONE_FINE_TUNE_ROW (child);

  return NULL;
}

static const char *
get_problem (HoneFineTunesPage *self,
             gint64             id)
{
  return self->poller != NULL ? hone_job_poller_get_error (self->poller, id) : NULL;
}

static void
update_row (HoneFineTunesPage        *self,
            HoneFineTuneRow          *row,
            const HoneFineTuneRecord *record)
{
  hone_fine_tune_row_set_record (row, record);
  hone_fine_tune_row_set_starting (row, is_starting (self, record));
  hone_fine_tune_row_set_problem (row, get_problem (self, record->id));
}

static void
update_banner (HoneFineTunesPage *self,
               GPtrArray         *records)
{
  HoneFineTuneRecord *found = NULL;
  gboolean busy = self->busy_id != 0;

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      HoneFineTuneRecord *record = g_ptr_array_index (records, i);

      if (needs_attention (record) && !is_starting (self, record))
        {
          /* The one being dealt with stays in the banner */
          if (found == NULL || record->id == self->busy_id)
            found = record;
        }
    }

  self->banner_id = found != NULL ? found->id : 0;
  gtk_revealer_set_reveal_child (self->banner_revealer, found != NULL);
  if (found == NULL)
    return;

  {
    g_autofree char *provider = hone_fine_tune_dup_provider_name (found->provider_id);
    g_autofree char *when = hone_fine_tune_format_time (found->created, NULL);
    g_autofree char *detail = NULL;
    const char *status = hone_fine_tune_describe_status (found, NULL, NULL);
    gboolean resumable = hone_fine_tune_step_is_unfinished (found->step);

    if (resumable)
      gtk_label_set_text (self->banner_title,
                          _("A fine-tune did not finish starting. Hone can finish it or give it up."));
    else
      gtk_label_set_text (self->banner_title,
                          /* Translators: %s is a provider's name */
                          _("A fine-tune that did not start left its files on the provider. Give it up to delete them."));

    if (!busy)
      {
        g_autofree char *model = hone_fine_tune_dup_model_name (found);

        /* Translators: in the banner about a start cut short: the base
         * model, the provider, when, and how far it got ("Qwen3 8B on
         * Together AI, Today 10:04: Interrupted while sending files") */
        detail = g_strdup_printf (_("%s on %s, %s: %s"), model,
                                  provider, when != NULL ? when : "", status);
        gtk_label_set_text (self->banner_detail, detail);
      }

    gtk_widget_set_visible (GTK_WIDGET (self->resume_button), resumable);
    gtk_widget_set_sensitive (GTK_WIDGET (self->resume_button), !busy);
    gtk_widget_set_sensitive (GTK_WIDGET (self->give_up_button), !busy);
    gtk_spinner_set_spinning (self->banner_spinner, busy);
    gtk_widget_set_visible (GTK_WIDGET (self->banner_spinner), busy);
  }
}

static void
update_view (HoneFineTunesPage        *self,
             const HoneFineTuneRecord *record)
{
  hone_fine_tune_view_set_record (self->view, record);
  hone_fine_tune_view_set_problem (self->view, get_problem (self, record->id));
  hone_fine_tune_view_set_busy (self->view, self->busy_id == record->id);
}

static void
reload (HoneFineTunesPage *self)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  gint64 shown = hone_fine_tunes_page_get_shown_job (self);
  gboolean shown_found = FALSE;

  records = hone_project_list_fine_tunes (self->project, &error);
  if (records == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < records->len; i++)
    {
      HoneFineTuneRecord *record = g_ptr_array_index (records, i);
      GtkWidget *row = hone_fine_tune_row_new (record);

      update_row (self, HONE_FINE_TUNE_ROW (row), record);
      gtk_list_box_append (self->list_box, row);
      if (record->id == shown)
        {
          update_view (self, record);
          shown_found = TRUE;
        }
    }

  gtk_stack_set_visible_child_name (self->list_stack, records->len > 0 ? "list" : "empty");
  update_banner (self, records);
  if (shown != 0 && !shown_found)
    hone_fine_tunes_page_show_list (self);
}

/* One record changed: its row and the job view; the banner looks at all */
static void
fine_tune_changed_cb (HoneFineTunesPage *self,
                      gint64             id,
                      HoneProject       *project)
{
  g_autoptr(HoneFineTuneRecord) record = hone_project_get_fine_tune (project, id, NULL);
  g_autoptr(GPtrArray) records = NULL;
  HoneFineTuneRow *row = find_row (self, id);

  if (record == NULL || row == NULL)
    {
      reload (self);
      return;
    }

  update_row (self, row, record);
  if (hone_fine_tunes_page_get_shown_job (self) == id)
    update_view (self, record);

  records = hone_project_list_fine_tunes (project, NULL);
  update_banner (self, records);
}

static void
problem_changed (HoneFineTunesPage *self,
                 gint64             id)
{
  HoneFineTuneRow *row = find_row (self, id);
  const char *problem = get_problem (self, id);

  if (row != NULL)
    hone_fine_tune_row_set_problem (row, problem);
  if (hone_fine_tunes_page_get_shown_job (self) == id)
    hone_fine_tune_view_set_problem (self->view, problem);
}

static void
poll_failed_cb (HoneFineTunesPage *self,
                gint64             id,
                const char        *message,
                HoneJobPoller     *poller)
{
  problem_changed (self, id);
}

static void
polled_cb (HoneFineTunesPage *self,
           gint64             id,
           gboolean           changed,
           HoneJobPoller     *poller)
{
  problem_changed (self, id);
}

static void
row_activated_cb (HoneFineTunesPage *self,
                  GtkListBoxRow     *row,
                  GtkListBox        *list_box)
{
  if (HONE_IS_FINE_TUNE_ROW (row))
    hone_fine_tunes_page_show_job (self, hone_fine_tune_row_get_id (HONE_FINE_TUNE_ROW (row)));
}

/* Resume, give up, cancel, refresh ---------------------------------------- */

typedef enum {
  OP_RESUME,
  OP_GIVE_UP,
  OP_CANCEL,
  OP_REFRESH,
} Op;

typedef struct {
  HoneFineTunesPage *self;
  Op                 op;
  gint64             id;
} OpData;

static void
set_busy (HoneFineTunesPage *self,
          gint64             id)
{
  g_autoptr(GPtrArray) records = hone_project_list_fine_tunes (self->project, NULL);

  self->busy_id = id;
  update_banner (self, records);
  if (hone_fine_tunes_page_get_shown_job (self) != 0)
    hone_fine_tune_view_set_busy (self->view, id != 0 && hone_fine_tunes_page_get_shown_job (self) == id);
}

static void
runner_message_cb (HoneFineTunesPage  *self,
                   GParamSpec         *pspec,
                   HoneFineTuneRunner *runner)
{
  const char *message = hone_fine_tune_runner_get_message (runner);

  if (message != NULL && self->busy_id == self->banner_id)
    gtk_label_set_text (self->banner_detail, message);
}

static void
op_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  HoneFineTuneRunner *runner = HONE_FINE_TUNE_RUNNER (source);
  OpData *data = user_data;
  g_autoptr(HoneFineTunesPage) self = data->self;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;
  gboolean ok = FALSE;
  Op op = data->op;
  gint64 id = data->id;

  g_free (data);

  switch (op)
    {
    case OP_RESUME:
      ok = hone_fine_tune_runner_resume_finish (runner, result, &error);
      break;
    case OP_GIVE_UP:
      ok = hone_fine_tune_runner_discard_finish (runner, result, &error);
      break;
    case OP_CANCEL:
      ok = hone_fine_tune_runner_cancel_finish (runner, result, &error);
      break;
    case OP_REFRESH:
    default:
      ok = hone_fine_tune_runner_refresh_finish (runner, result, &changed, &error);
      break;
    }

  g_signal_handlers_disconnect_by_data (runner, self);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;   /* the page went */

  set_busy (self, 0);
  reload (self);

  if (!ok)
    {
      /* A give-up that found the job started after all: it is followed
       * now, and the message says so */
      show_toast (self, error->message);
    }
  else if (op == OP_RESUME)
    show_toast (self, _("The fine-tune has started."));
  else if (op == OP_GIVE_UP)
    show_toast (self, _("The fine-tune was given up."));
  else if (op == OP_CANCEL)
    show_toast (self, _("The fine-tune was cancelled."));

  if (ok && self->poller_started && op != OP_GIVE_UP)
    hone_job_poller_poll_now (self->poller, id);
}

static void
run_op (HoneFineTunesPage *self,
        Op                 op,
        gint64             id)
{
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(HoneProvider) provider = NULL;
  g_autoptr(HoneFineTuneRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  OpData *data;

  if (self->project == NULL || id == 0 || self->busy_id != 0)
    return;

  record = hone_project_get_fine_tune (self->project, id, &error);
  if (record != NULL && record->provider_id != NULL &&
      !g_hash_table_contains (self->keys, record->provider_id) &&
      hone_secrets_provider_is_valid (record->provider_id))
    {
      /* The key is not read yet (the project just opened): go on once it is */
      set_busy (self, id);
      self->waiting_op = op;
      lookup_key (self, record->provider_id);
      return;
    }
  if (record != NULL)
    provider = make_provider (self, record, FALSE, &error);
  if (provider == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  runner = hone_fine_tune_runner_new (self->project, provider);
  data = g_new0 (OpData, 1);
  data->self = g_object_ref (self);
  data->op = op;
  data->id = id;
  if (op != OP_REFRESH)
    set_busy (self, id);
  g_signal_connect_object (runner, "notify::message", G_CALLBACK (runner_message_cb), self,
                           G_CONNECT_SWAPPED);

  switch (op)
    {
    case OP_RESUME:
      hone_fine_tune_runner_resume_async (runner, id, self->cancellable, op_done_cb, data);
      break;
    case OP_GIVE_UP:
      hone_fine_tune_runner_discard_async (runner, id, self->cancellable, op_done_cb, data);
      break;
    case OP_CANCEL:
      hone_fine_tune_runner_cancel_async (runner, id, self->cancellable, op_done_cb, data);
      break;
    case OP_REFRESH:
    default:
      hone_fine_tune_runner_refresh_async (runner, id, self->cancellable, op_done_cb, data);
      break;
    }
}

static void
run_waiting_op (HoneFineTunesPage *self)
{
  gint64 id = self->busy_id;
  int op = self->waiting_op;

  if (op < 0)
    return;
  self->waiting_op = -1;
  set_busy (self, 0);
  run_op (self, op, id);
}

/* Actions ------------------------------------------------------------------ */

static void
wizard_started_cb (HoneFineTunesPage *self,
                   gint64             record_id,
                   GtkWindow         *wizard)
{
  hone_fine_tunes_page_show_job (self, record_id);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HoneFineTunesPage *self = HONE_FINE_TUNES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->project == NULL)
    return;

  if (self->wizard == NULL)
    {
      self->wizard = hone_fine_tune_wizard_new (self->project, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
      g_object_add_weak_pointer (G_OBJECT (self->wizard), (gpointer *) &self->wizard);
      g_signal_connect_object (self->wizard, "started", G_CALLBACK (wizard_started_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (self->wizard);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hone_fine_tunes_page_show_job (HONE_FINE_TUNES_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hone_fine_tunes_page_show_list (HONE_FINE_TUNES_PAGE (widget));
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneFineTunesPage *self = HONE_FINE_TUNES_PAGE (widget);

  run_op (self, OP_RESUME, self->banner_id);
}

static void
give_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HoneFineTunesPage *self = HONE_FINE_TUNES_PAGE (widget);

  run_op (self, OP_GIVE_UP, self->banner_id);
}

static void
cancel_response_cb (HoneFineTunesPage *self,
                    const char        *response,
                    AdwMessageDialog  *dialog)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "hone-record-id"));

  if (g_strcmp0 (response, "cancel-job") == 0)
    run_op (self, OP_CANCEL, id);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneFineTunesPage *self = HONE_FINE_TUNES_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *body = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->project == NULL || self->cancel_dialog != NULL)
    return;
  record = hone_project_get_fine_tune (self->project, id, NULL);
  if (record == NULL || record->step != HONE_FINE_TUNE_STEP_STARTED || hone_fine_tune_record_is_final (record))
    return;

  provider = hone_fine_tune_dup_provider_name (record->provider_id);
  /* Translators: %s is a provider's name ("Together AI") */
  body = g_strdup_printf (_("%s stops training and no model is made. The training done so far may still be billed. This cannot be undone."),
                          provider);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Cancel This Fine-tune?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Training"),
                                    "cancel-job", _("_Cancel Fine-tune"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-job",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data (G_OBJECT (dialog), "hone-record-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, G_CONNECT_SWAPPED);

  self->cancel_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->cancel_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HoneFineTunesPage *self = HONE_FINE_TUNES_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (self->poller_started && hone_job_poller_is_following (self->poller, id))
    hone_job_poller_poll_now (self->poller, id);
  else
    /* A finished job is not followed: read it once */
    run_op (self, OP_REFRESH, id);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneFineTunesPage *self = HONE_FINE_TUNES_PAGE (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (parameter, NULL));
  show_toast (self, _("Copied"));
}

/* Public ------------------------------------------------------------------- */

HoneProject *
hone_fine_tunes_page_get_project (HoneFineTunesPage *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), NULL);

  return self->project;
}

void
hone_fine_tunes_page_set_project (HoneFineTunesPage *self,
                                  HoneProject       *project)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HONE_IS_FINE_TUNES_PAGE (self));
  g_return_if_fail (HONE_IS_PROJECT (project));
  g_return_if_fail (self->project == NULL);

  self->project = g_object_ref (project);
  hone_fine_tune_view_set_project (self->view, project);
  g_signal_connect_object (project, "fine-tune-changed", G_CALLBACK (fine_tune_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* The starts a crash or quit cut short: the banner offers them */
  records = hone_project_list_fine_tunes (project, &error);
  if (records == NULL)
    g_debug ("Could not list the fine-tunes: %s", error->message);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      HoneFineTuneRecord *record = g_ptr_array_index (records, i);

      if (hone_fine_tune_step_is_unfinished (record->step))
        g_hash_table_add (self->interrupted_at_open, g_memdup2 (&record->id, sizeof record->id));
    }

  self->poller = hone_job_poller_new (project, poller_provider_func, self, NULL);
  g_signal_connect_object (self->poller, "poll-failed", G_CALLBACK (poll_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poller, "polled", G_CALLBACK (polled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->poller, "job-finished", G_CALLBACK (job_finished_cb), self, G_CONNECT_SWAPPED);

  reload (self);

  /* The keys of the providers the project's fine-tunes ran on, then the
   * following starts */
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      HoneFineTuneRecord *record = g_ptr_array_index (records, i);

      if (!hone_fine_tune_record_is_final (record) || needs_attention (record))
        lookup_key (self, record->provider_id);
    }
  maybe_start_poller (self);
}

HoneJobPoller *
hone_fine_tunes_page_get_poller (HoneFineTunesPage *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), NULL);

  return self->poller;
}

gboolean
hone_fine_tunes_page_show_job (HoneFineTunesPage *self,
                               gint64             id)
{
  g_autoptr(HoneFineTuneRecord) record = NULL;

  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), FALSE);

  if (self->project == NULL)
    return FALSE;
  record = hone_project_get_fine_tune (self->project, id, NULL);
  if (record == NULL)
    return FALSE;

  update_view (self, record);
  adw_leaflet_set_visible_child_name (self->leaflet, "job");
  return TRUE;
}

void
hone_fine_tunes_page_show_list (HoneFineTunesPage *self)
{
  g_return_if_fail (HONE_IS_FINE_TUNES_PAGE (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

gint64
hone_fine_tunes_page_get_shown_job (HoneFineTunesPage *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), 0);

  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "job") != 0)
    return 0;
  return hone_fine_tune_view_get_id (self->view);
}

HoneFineTuneView *
hone_fine_tunes_page_get_view (HoneFineTunesPage *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), NULL);

  return self->view;
}

guint
hone_fine_tunes_page_get_n_rows (HoneFineTunesPage *self)
{
  guint n = 0;

  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (HONE_IS_FINE_TUNE_ROW (child))
      n++;
  return n;
}

HoneFineTuneRow *
hone_fine_tunes_page_get_row (HoneFineTunesPage *self,
                              gint64             id)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), NULL);

  return find_row (self, id);
}

gboolean
hone_fine_tunes_page_is_empty (HoneFineTunesPage *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack), "empty") == 0;
}

gint64
hone_fine_tunes_page_get_banner_id (HoneFineTunesPage *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), 0);

  return gtk_revealer_get_reveal_child (self->banner_revealer) ? self->banner_id : 0;
}

gboolean
hone_fine_tunes_page_is_busy (HoneFineTunesPage *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), FALSE);

  return self->busy_id != 0;
}

GtkWindow *
hone_fine_tunes_page_get_cancel_dialog (HoneFineTunesPage *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), NULL);

  return self->cancel_dialog;
}

const char *
hone_fine_tunes_page_get_last_toast (HoneFineTunesPage *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), NULL);

  return self->last_toast;
}

const char *
hone_fine_tunes_page_get_last_notification (HoneFineTunesPage *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNES_PAGE (self), NULL);

  return self->last_notification;
}

/* GObject ------------------------------------------------------------------ */

static void
hone_fine_tunes_page_dispose (GObject *object)
{
  HoneFineTunesPage *self = HONE_FINE_TUNES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->poller != NULL)
    {
      hone_job_poller_stop (self->poller);
      g_signal_handlers_disconnect_by_data (self->poller, self);
      g_clear_object (&self->poller);
    }
  if (self->cancel_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->cancel_dialog), (gpointer *) &self->cancel_dialog);
      gtk_window_destroy (self->cancel_dialog);
      self->cancel_dialog = NULL;
    }
  if (self->wizard != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->wizard), (gpointer *) &self->wizard);
      self->wizard = NULL;
    }

  /* The toast overlay is both the bin's child and a template child: let
   * the bin let go of it first */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_FINE_TUNES_PAGE);

  g_clear_object (&self->project);

  G_OBJECT_CLASS (hone_fine_tunes_page_parent_class)->dispose (object);
}

static void
hone_fine_tunes_page_finalize (GObject *object)
{
  HoneFineTunesPage *self = HONE_FINE_TUNES_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->lookups, g_hash_table_unref);
  g_clear_pointer (&self->interrupted_at_open, g_hash_table_unref);
  g_free (self->last_toast);
  g_free (self->last_notification);

  G_OBJECT_CLASS (hone_fine_tunes_page_parent_class)->finalize (object);
}

static void
hone_fine_tunes_page_class_init (HoneFineTunesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_fine_tunes_page_dispose;
  object_class->finalize = hone_fine_tunes_page_finalize;

  g_type_ensure (HONE_TYPE_FINE_TUNE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-fine-tunes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneFineTunesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTunesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTunesPage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTunesPage, banner_title);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTunesPage, banner_detail);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTunesPage, resume_button);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTunesPage, give_up_button);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTunesPage, banner_spinner);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTunesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTunesPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTunesPage, view);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "finetune.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "finetune.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "finetune.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "finetune.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "finetune.give-up", NULL, give_up_action);
  gtk_widget_class_install_action (widget_class, "finetune.cancel", "x", cancel_action);
  gtk_widget_class_install_action (widget_class, "finetune.refresh", "x", refresh_action);
  gtk_widget_class_install_action (widget_class, "finetune.copy", "s", copy_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "finetune.back", NULL);
}

static void
hone_fine_tunes_page_init (HoneFineTunesPage *self)
{
  static gboolean css_loaded = FALSE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->waiting_op = -1;
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->lookups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->interrupted_at_open = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* The page's few style rules (banner, notes, cards) */
  if (!css_loaded && gdk_display_get_default () != NULL)
    {
      GtkCssProvider *provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, "/app/hone/Hone/pages/hone-fine-tunes-page.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_object_unref (provider);
      css_loaded = TRUE;
    }
}

GtkWidget *
hone_fine_tunes_page_new (void)
{
  return g_object_new (HONE_TYPE_FINE_TUNES_PAGE, NULL);
}
