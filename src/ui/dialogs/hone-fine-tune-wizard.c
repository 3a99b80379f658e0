/* hone-fine-tune-wizard.c: the New Fine-tune window: provider and model,
 * data, settings, review, and the start itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard only gathers choices and shows what the core says about
 * them: the catalogue (models, prices, cut-offs), the key in the keyring,
 * the counts of the splits, the check of the examples (HoneDatasetCheck,
 * the project window's when there is one) and the estimate. Start hands
 * everything to a HoneFineTuneRunner, which records each step in the
 * project; the wizard shows its progress and message.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "hone-fine-tune-wizard-private.h"
#include "hone-check-page.h"
#include "hone-dataset-check.h"
#include "hone-error.h"
#include "hone-estimate.h"
#include "hone-fine-tune-runner.h"
#include "hone-project-window.h"
#include "hone-provider.h"
#include "hone-secrets.h"
#include "hone-text-encoding.h"

static const char * const step_names[] = {
  HONE_FINE_TUNE_WIZARD_STEP_MODEL,
  HONE_FINE_TUNE_WIZARD_STEP_DATA,
  HONE_FINE_TUNE_WIZARD_STEP_SETTINGS,
  HONE_FINE_TUNE_WIZARD_STEP_REVIEW,
};

#define N_STEPS G_N_ELEMENTS (step_names)

G_DEFINE_FINAL_TYPE (HoneFineTuneWizard, hone_fine_tune_wizard, ADW_TYPE_WINDOW)

enum {
  SIGNAL_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


/* Words ------------------------------------------------------------------- */

/* "≈" before counts that are estimates */
const char *
hone_fine_tune_wizard_approx (gboolean exact)
{
  return exact ? "" : "≈";
}

void
hone_fine_tune_wizard_set_subtitle (AdwActionRow *row,
                                    const char   *subtitle)
{
  adw_action_row_set_subtitle (row, subtitle != NULL ? subtitle : "");
}

void
hone_fine_tune_wizard_set_row_class (GtkWidget  *row,
                                     const char *css_class)
{
  gtk_widget_remove_css_class (row, "hone-warning-row");
  gtk_widget_remove_css_class (row, "hone-error-row");
  if (css_class != NULL)
    gtk_widget_add_css_class (row, css_class);
}

gboolean
hone_fine_tune_wizard_is_provider (HoneFineTuneWizard *self,
                                   const char         *provider_id)
{
  return self->provider != NULL && g_str_equal (self->provider->id, provider_id);
}

HoneTrainingType
hone_fine_tune_wizard_training_type (HoneFineTuneWizard *self)
{
  return hone_fine_tune_wizard_is_provider (self, "together") && gtk_switch_get_active (self->full_switch)
         ? HONE_TRAINING_FULL : HONE_TRAINING_LORA;
}

const char *
hone_fine_tune_wizard_visible_step (HoneFineTuneWizard *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  return name != NULL ? name : HONE_FINE_TUNE_WIZARD_STEP_MODEL;
}

static int
step_index (const char *name)
{
  for (guint i = 0; i < N_STEPS; i++)
    if (g_str_equal (step_names[i], name))
      return (int) i;
  return -1;
}

GtkWindow *
hone_fine_tune_wizard_get_project_window (HoneFineTuneWizard *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL && HONE_IS_PROJECT_WINDOW (parent) &&
      hone_project_window_get_project (HONE_PROJECT_WINDOW (parent)) == self->project)
    return parent;
  return NULL;
}

/* The suffix ------------------------------------------------------------ */

/* NULL when @suffix is fine (letters, digits, - and _), else why not */
static char *
check_suffix (const char *suffix)
{
  for (const char *p = suffix; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char text[8] = { 0 };

      if (c < 128 && (g_ascii_isalnum (c) || c == '-' || c == '_'))
        continue;

      if (c == ' ')
        return g_strdup (_("Use only letters, digits, “-” and “_”: spaces cannot be in the name."));
      g_unichar_to_utf8 (c, text);
      /* Translators: %s is the character typed */
      return g_strdup_printf (_("Use only letters, digits, “-” and “_”: “%s” cannot be in the name."), text);
    }

  return NULL;
}

static char *
dup_suffix (HoneFineTuneWizard *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->suffix_row)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* The settings ------------------------------------------------------------ */

static int
spin_or_auto (GtkCheckButton *check,
              GtkSpinButton  *spin)
{
  return gtk_check_button_get_active (check) ? -1 : gtk_spin_button_get_value_as_int (spin);
}

static gboolean
row_shown (AdwActionRow *row)
{
  return gtk_widget_get_visible (GTK_WIDGET (row));
}

HoneFineTuneSettings *
hone_fine_tune_wizard_build_settings (HoneFineTuneWizard *self)
{
  HoneFineTuneSettings *settings = hone_fine_tune_settings_new ();

  settings->n_epochs = spin_or_auto (self->epochs_auto, self->epochs_spin);
  settings->batch_size = spin_or_auto (self->batch_auto, self->batch_spin);
  if (!gtk_check_button_get_active (self->lr_auto))
    settings->learning_rate = gtk_spin_button_get_value (self->lr_spin);
  if (row_shown (self->full_row) && gtk_switch_get_active (self->full_switch))
    settings->lora = 0;
  else
    {
      if (row_shown (self->rank_row))
        settings->lora_rank = spin_or_auto (self->rank_auto, self->rank_spin);
      if (row_shown (self->alpha_row))
        settings->lora_alpha = spin_or_auto (self->alpha_auto, self->alpha_spin);
    }
  if (row_shown (self->evals_row) && self->n_split[HONE_SPLIT_VALIDATION] > 0)
    settings->n_evals = spin_or_auto (self->evals_auto, self->evals_spin);
  if (row_shown (self->checkpoints_row))
    settings->n_checkpoints = spin_or_auto (self->checkpoints_auto, self->checkpoints_spin);
  if (row_shown (self->seed_row) && !gtk_check_button_get_active (self->seed_auto))
    {
      settings->has_seed = TRUE;
      settings->seed = gtk_spin_button_get_value_as_int (self->seed_spin);
    }
  settings->suffix = dup_suffix (self);
  if (hone_fine_tune_wizard_is_provider (self, "fireworks"))
    {
      g_autofree char *account = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->account_row)));

      g_strstrip (account);
      settings->account_id = *account != '\0' ? g_steal_pointer (&account) : NULL;
    }

  return settings;
}

/* The settings each provider takes */
void
hone_fine_tune_wizard_update_settings_rows (HoneFineTuneWizard *self)
{
  gboolean together = hone_fine_tune_wizard_is_provider (self, "together");
  gboolean openai = hone_fine_tune_wizard_is_provider (self, "openai");

  gtk_widget_set_visible (GTK_WIDGET (self->full_row), together);
  if (!together)
    gtk_switch_set_active (self->full_switch, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->rank_row), !openai);
  gtk_widget_set_visible (GTK_WIDGET (self->alpha_row), together);
  gtk_widget_set_visible (GTK_WIDGET (self->evals_row), together);
  gtk_widget_set_visible (GTK_WIDGET (self->checkpoints_row), together);
  gtk_widget_set_visible (GTK_WIDGET (self->seed_row), !hone_fine_tune_wizard_is_provider (self, "fireworks"));

  /* OpenAI takes a multiplier of its own learning rate */
  if (openai)
    {
      hone_fine_tune_wizard_set_subtitle (self->lr_row, _("A multiplier of OpenAI’s own learning rate"));
      gtk_spin_button_set_digits (self->lr_spin, 2);
      gtk_adjustment_configure (self->lr_adjustment, 1.0, 0.01, 10.0, 0.1, 1.0, 0.0);
    }
  else
    {
      hone_fine_tune_wizard_set_subtitle (self->lr_row, _("How far each step moves the weights"));
      gtk_spin_button_set_digits (self->lr_spin, 6);
      gtk_adjustment_configure (self->lr_adjustment, 0.00001, 0.000001, 0.01, 0.000001, 0.00001, 0.0);
    }

  if (openai)
    adw_expander_row_set_subtitle (self->advanced_row, _("Batch size, learning rate, seed"));
  else if (together)
    adw_expander_row_set_subtitle (self->advanced_row, _("Batch size, learning rate, LoRA, evaluations, seed"));
  else
    adw_expander_row_set_subtitle (self->advanced_row, _("Batch size, learning rate, LoRA rank"));
}

void
hone_fine_tune_wizard_update_epochs_hint (HoneFineTuneWizard *self)
{
  g_autofree char *text = NULL;
  guint epochs;

  if (self->provider == NULL)
    return;

  if (self->provider->epochs_rule == HONE_EPOCHS_RULE_OPENAI)
    epochs = hone_estimate_openai_epochs (self->n_split[HONE_SPLIT_TRAIN]);
  else
    epochs = self->provider->default_epochs;

  /* Translators: “Passes over the training examples; on Auto Together AI makes 1” */
  text = g_strdup_printf (ngettext ("Passes over the training examples; on Auto %s makes %u",
                                    "Passes over the training examples; on Auto %s makes %u",
                                    epochs),
                          self->provider->name, epochs);
  hone_fine_tune_wizard_set_subtitle (self->epochs_row, text);
}

static void
update_suffix (HoneFineTuneWizard *self)
{
  g_autofree char *error = check_suffix (gtk_editable_get_text (GTK_EDITABLE (self->suffix_row)));

  gtk_widget_set_visible (GTK_WIDGET (self->suffix_error_label), error != NULL);
  gtk_label_set_text (self->suffix_error_label, error != NULL ? error : "");
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->suffix_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->suffix_row), "error");
}

/* Step 2: data ----------------------------------------------------------- */

static void
update_data (HoneFineTuneWizard *self)
{
  g_autofree char *train = NULL, *valid = NULL, *excluded = NULL;
  g_autofree char *train_text = NULL, *valid_text = NULL, *title = NULL;
  g_autofree char *subtitle = NULL;
  guint64 n_train, n_valid, n_excluded;
  HoneSplit splits[] = { HONE_SPLIT_TRAIN, HONE_SPLIT_VALIDATION, HONE_SPLIT_EXCLUDED };

  for (guint i = 0; i < G_N_ELEMENTS (splits); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 n = hone_project_count_examples (self->project, splits[i], &error);

      if (n < 0)
        g_debug ("Counting the examples failed: %s", error->message);
      self->n_split[splits[i]] = MAX (n, 0);
    }
  n_train = self->n_split[HONE_SPLIT_TRAIN];
  n_valid = self->n_split[HONE_SPLIT_VALIDATION];
  n_excluded = self->n_split[HONE_SPLIT_EXCLUDED];

  train = hone_text_format_count (n_train);
  valid = hone_text_format_count (n_valid);
  excluded = hone_text_format_count (n_excluded);
  /* Translators: “412 training examples” */
  train_text = g_strdup_printf (ngettext ("%s training example", "%s training examples", n_train), train);
  /* Translators: “46 validation examples” */
  valid_text = g_strdup_printf (ngettext ("%s validation example", "%s validation examples", n_valid), valid);
  /* Translators: “412 training examples, 46 validation examples” */
  title = g_strdup_printf (_("%s, %s"), train_text, valid_text);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->examples_row), title);
  if (n_excluded > 0)
    /* Translators: “12 excluded are left out” */
    subtitle = g_strdup_printf (ngettext ("%s excluded is left out", "%s excluded are left out", n_excluded),
                                excluded);
  hone_fine_tune_wizard_set_subtitle (self->examples_row, subtitle);

  gtk_widget_set_visible (GTK_WIDGET (self->no_train_row), n_train == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_validation_row), n_train > 0 && n_valid == 0);
  /* 10% of fewer than 5 rounds to none */
  gtk_widget_set_visible (GTK_WIDGET (self->split_row),
                          n_valid == 0 && (guint64) (SPLIT_RATIO * n_train + 0.5) > 0);
  if (self->split_error != NULL)
    {
      hone_fine_tune_wizard_set_subtitle (self->split_row, self->split_error);
      hone_fine_tune_wizard_set_row_class (GTK_WIDGET (self->split_row), "hone-error-row");
    }

  hone_fine_tune_wizard_update_epochs_hint (self);
}

static void
examples_changed_cb (HoneFineTuneWizard *self)
{
  update_data (self);
  hone_fine_tune_wizard_update_state (self);
}

/* Step 5: starting -------------------------------------------------------- */

static void
show_start_error (HoneFineTuneWizard *self,
                  const char         *title,
                  const char         *message)
{
  gtk_image_set_from_icon_name (self->progress_icon, "dialog-error-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->progress_icon), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_icon), "error");
  gtk_label_set_text (self->progress_title, title);
  gtk_label_set_text (self->progress_label, message);
  gtk_label_set_selectable (self->progress_label, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_start_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->review_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->review_button));
}

static void
reset_progress (HoneFineTuneWizard *self)
{
  gtk_image_set_from_icon_name (self->progress_icon, "document-send-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->progress_icon), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_icon), "dim-label");
  gtk_label_set_text (self->progress_title, _("Starting the Fine-tune"));
  gtk_label_set_text (self->progress_label, "");
  gtk_label_set_selectable (self->progress_label, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_start_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->review_button), FALSE);
}

static void
runner_progress_cb (HoneFineTuneWizard *self)
{
  const char *message;

  if (self->runner == NULL || !self->running)
    return;
  message = hone_fine_tune_runner_get_message (self->runner);
  gtk_progress_bar_set_fraction (self->progress_bar, hone_fine_tune_runner_get_progress (self->runner));
  if (message != NULL)
    gtk_label_set_text (self->progress_label, message);
}

static void
start_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HoneFineTuneWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 record_id;

  record_id = hone_fine_tune_runner_start_finish (HONE_FINE_TUNE_RUNNER (source), result, &error);
  self->running = FALSE;
  /* The window went meanwhile: the record says what happened */
  if (self->disposed)
    return;
  g_clear_object (&self->start_cancellable);
  if (self->stop_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stop_dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->stop_dialog));
    }

  if (record_id > 0)
    {
      g_signal_emit (self, signals[SIGNAL_STARTED], 0, record_id);
      if (gtk_widget_get_realized (GTK_WIDGET (self)))
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  g_debug ("The fine-tune did not start: %s", error->message);
  if (self->close_when_stopped)
    {
      if (gtk_widget_get_realized (GTK_WIDGET (self)))
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  g_free (self->start_error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, HONE_ERROR, HONE_ERROR_CANCELLED))
    {
      /* What the runner wrote in the record says where it stopped */
      g_autoptr(HoneFineTuneRecord) record = NULL;
      gint64 id = hone_fine_tune_runner_get_record_id (HONE_FINE_TUNE_RUNNER (source));

      if (id > 0)
        record = hone_project_get_fine_tune (self->project, id, NULL);
      self->start_error = g_strdup_printf ("%s %s",
                                           record != NULL && record->error_message != NULL
                                             ? record->error_message : _("Stopped before the fine-tune started."),
                                           _("Nothing is trained; the Fine-tunes page lists the attempt."));
      hone_fine_tune_wizard_update_state (self);
      show_start_error (self, _("Stopped"), self->start_error);
      return;
    }

  self->start_error = g_strdup (error->message);
  hone_fine_tune_wizard_update_state (self);
  show_start_error (self, _("The Fine-tune Did Not Start"), error->message);
}

static void
start (HoneFineTuneWizard *self)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_wizard_build_settings (self);
  g_autoptr(HoneProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->start_error, g_free);
  reset_progress (self);
  gtk_stack_set_visible_child_name (self->stack, HONE_FINE_TUNE_WIZARD_STEP_PROGRESS);

  provider = hone_provider_new (self->provider->id, NULL, self->api_key, NULL, &error);
  if (provider == NULL)
    {
      self->start_error = g_strdup (error->message);
      hone_fine_tune_wizard_update_state (self);
      show_start_error (self, _("The Fine-tune Did Not Start"), error->message);
      return;
    }
  if (settings->account_id != NULL)
    hone_provider_set_account_id (provider, settings->account_id);

  g_clear_object (&self->runner);
  self->runner = hone_fine_tune_runner_new (self->project, provider);
  g_signal_connect_object (self->runner, "notify::progress",
                           G_CALLBACK (runner_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runner, "notify::message",
                           G_CALLBACK (runner_progress_cb), self, G_CONNECT_SWAPPED);

  self->running = TRUE;
  self->start_cancellable = g_cancellable_new ();
  hone_fine_tune_runner_start_async (self->runner, self->model->id, settings,
                                     self->estimate != NULL ? (gint64) self->estimate->billed_tokens : -1,
                                     self->estimate != NULL && self->estimate->price >= 0
                                       ? self->estimate->price : -1,
                                     self->start_cancellable, start_cb, g_object_ref (self));
  hone_fine_tune_wizard_update_state (self);
}

/* State ------------------------------------------------------------------ */

/* Why the step shown cannot go on, or NULL */
static char *
find_blocker (HoneFineTuneWizard *self)
{
  const char *step = hone_fine_tune_wizard_visible_step (self);

  if (g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_PROGRESS))
    return self->running ? g_strdup (_("The fine-tune is starting.")) : NULL;

  /* Step 1 */
  if (self->provider == NULL || self->model == NULL)
    return g_strdup (_("Choose a provider and a base model."));
  if (self->provider->cutoff != NULL && hone_provider_is_closed (self->provider, NULL))
    {
      g_autofree char *day = hone_text_format_day (self->provider->cutoff);

      return g_strdup_printf (_("%s takes no new fine-tuning jobs since %s: choose another provider."),
                              self->provider->name, day);
    }
  if (!self->key_checked)
    return g_strdup (_("Looking for the API key in the keyring…"));
  if (self->key_error != NULL)
    return g_strdup (self->key_error);
  if (self->api_key == NULL)
    return g_strdup_printf (_("No API key for %s: add one in Preferences."), self->provider->name);
  if (hone_fine_tune_wizard_model_withdrawn (self, self->model))
    return g_strdup_printf (_("%s does not fine-tune %s now: choose another model."),
                            self->provider->name, self->model->name);
  if (hone_fine_tune_wizard_is_provider (self, "fireworks"))
    {
      g_autofree char *account = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->account_row)));

      if (*g_strstrip (account) == '\0')
        return g_strdup (_("Enter your Fireworks account ID: Fireworks AI names everything under it."));
    }
  if (g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_MODEL))
    return NULL;

  /* Step 2 */
  if (self->n_split[HONE_SPLIT_TRAIN] == 0)
    return g_strdup (_("There are no training examples to fine-tune on."));
  if (g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_DATA))
    return NULL;

  /* Step 3 */
  {
    char *error = check_suffix (gtk_editable_get_text (GTK_EDITABLE (self->suffix_row)));

    if (error != NULL)
      return error;
  }
  if (g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_SETTINGS))
    return NULL;

  /* Step 4 */
  {
    HoneValidation *v = hone_fine_tune_wizard_current_validation (self);
    const char *check_error = self->target_error != NULL ? self->target_error
                                                        : hone_dataset_check_get_error (self->check);

    if (check_error != NULL)
      return g_strdup (check_error);
    if (v == NULL)
      return g_strdup (_("Checking the examples…"));
    if (v->n_problems[HONE_SEVERITY_ERROR] > 0)
      return g_strdup_printf (ngettext ("%" G_GUINT64_FORMAT " problem must be fixed before training.",
                                        "%" G_GUINT64_FORMAT " problems must be fixed before training.",
                                        v->n_problems[HONE_SEVERITY_ERROR]),
                              v->n_problems[HONE_SEVERITY_ERROR]);
    if (v->n_problems[HONE_SEVERITY_WARNING] > 0 && !gtk_check_button_get_active (self->warnings_check))
      return g_strdup (_("Read the warnings, then tick “Start anyway”."));
  }

  return NULL;
}

void
hone_fine_tune_wizard_update_state (HoneFineTuneWizard *self)
{
  const char *step = hone_fine_tune_wizard_visible_step (self);
  int index = step_index (step);
  gboolean progress = g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_PROGRESS);
  GtkStackPage *page = gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack));
  g_autofree char *subtitle = NULL;

  g_free (self->blocker);
  self->blocker = find_blocker (self);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), progress ? !self->running : index > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), index >= 0 && index + 1 < (int) N_STEPS);
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_REVIEW));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back",
                                 progress ? !self->running : index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 index >= 0 && index + 1 < (int) N_STEPS && self->blocker == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.start",
                                 g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_REVIEW) && self->blocker == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.cancel-start", self->running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.show-check", hone_fine_tune_wizard_get_project_window (self) != NULL);

  /* Enter is Next (the window's default), never Start: that is a click */
  gtk_window_set_default_widget (GTK_WINDOW (self),
                                 index >= 0 && index + 1 < (int) N_STEPS ? GTK_WIDGET (self->next_button) : NULL);

  /* Say why Next waits */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->next_button), self->blocker);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button), self->blocker);

  if (index >= 0)
    /* Translators: “Step 2 of 4: Data” */
    subtitle = g_strdup_printf (_("Step %d of %u: %s"), index + 1, (guint) N_STEPS,
                                gtk_stack_page_get_title (page));
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
}

static void
show_step (HoneFineTuneWizard *self,
           const char         *step)
{
  gtk_stack_set_visible_child_name (self->stack, step);
  if (g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_DATA))
    update_data (self);
  else if (g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_SETTINGS))
    hone_fine_tune_wizard_update_epochs_hint (self);
  else if (g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_REVIEW))
    {
      gtk_check_button_set_active (self->warnings_check, FALSE);
      hone_fine_tune_wizard_update_review (self);
    }
  hone_fine_tune_wizard_update_state (self);
}

/* Actions ------------------------------------------------------------------ */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneFineTuneWizard *self = HONE_FINE_TUNE_WIZARD (widget);
  const char *step = hone_fine_tune_wizard_visible_step (self);
  int index = step_index (step);

  if (g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_PROGRESS))
    {
      if (!self->running)
        show_step (self, HONE_FINE_TUNE_WIZARD_STEP_REVIEW);
      return;
    }
  if (index > 0)
    show_step (self, step_names[index - 1]);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneFineTuneWizard *self = HONE_FINE_TUNE_WIZARD (widget);
  const char *step = hone_fine_tune_wizard_visible_step (self);
  int index = step_index (step);

  hone_fine_tune_wizard_update_state (self);
  if (index < 0 || index + 1 >= (int) N_STEPS || self->blocker != NULL)
    return;

  /* The model chosen is the one the project is checked for from now on */
  if (g_str_equal (step, HONE_FINE_TUNE_WIZARD_STEP_MODEL))
    {
      g_autoptr(GError) error = NULL;

      g_clear_pointer (&self->target_error, g_free);
      if (!hone_dataset_check_set_model (self->check, self->model, &error))
        self->target_error = g_strdup (error->message);
    }

  show_step (self, step_names[index + 1]);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HoneFineTuneWizard *self = HONE_FINE_TUNE_WIZARD (widget);

  hone_fine_tune_wizard_update_state (self);
  if (self->blocker != NULL || self->running ||
      !g_str_equal (hone_fine_tune_wizard_visible_step (self), HONE_FINE_TUNE_WIZARD_STEP_REVIEW))
    return;

  start (self);
}

static void
cancel_start_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HoneFineTuneWizard *self = HONE_FINE_TUNE_WIZARD (widget);

  if (self->start_cancellable != NULL)
    g_cancellable_cancel (self->start_cancellable);
}

static void
split_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HoneFineTuneWizard *self = HONE_FINE_TUNE_WIZARD (widget);
  g_autoptr(GError) error = NULL;
  guint n_train = 0, n_validation = 0;

  g_clear_pointer (&self->split_error, g_free);
  if (!hone_project_random_split (self->project, NULL, SPLIT_RATIO, SPLIT_SEED,
                                  &n_train, &n_validation, &error))
    self->split_error = g_strdup (error->message);
  update_data (self);
  hone_fine_tune_wizard_update_state (self);
}

static void
show_check_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HoneFineTuneWizard *self = HONE_FINE_TUNE_WIZARD (widget);
  GtkWindow *window = hone_fine_tune_wizard_get_project_window (self);

  if (window == NULL || self->running)
    return;
  hone_project_window_show_page (HONE_PROJECT_WINDOW (window), HONE_PAGE_CHECK);
  gtk_window_close (GTK_WINDOW (self));
}

/* Closing ---------------------------------------------------------------- */

static void
stop_response_cb (AdwMessageDialog   *dialog,
                  const char         *response,
                  HoneFineTuneWizard *self)
{
  /* The dialog closes itself */
  if (self->stop_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->stop_dialog), (gpointer *) &self->stop_dialog);
      self->stop_dialog = NULL;
    }
  if (g_strcmp0 (response, "stop") != 0 || !self->running)
    return;

  self->close_when_stopped = TRUE;
  if (self->start_cancellable != NULL)
    g_cancellable_cancel (self->start_cancellable);
}

static gboolean
hone_fine_tune_wizard_close_request (GtkWindow *window)
{
  HoneFineTuneWizard *self = HONE_FINE_TUNE_WIZARD (window);
  GtkWidget *dialog;

  if (!self->running)
    return GTK_WINDOW_CLASS (hone_fine_tune_wizard_parent_class)->close_request (window);

  if (self->stop_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->stop_dialog));
      return TRUE;
    }

  dialog = adw_message_dialog_new (window, _("Stop starting the fine-tune?"),
                                   _("Hone stops sending the files. Nothing is trained, and the fine-tune is listed as not started."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "continue", _("_Keep Going"),
                                    "stop", _("_Stop"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_signal_connect_object (dialog, "response", G_CALLBACK (stop_response_cb), self, 0);
  self->stop_dialog = ADW_MESSAGE_DIALOG (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->stop_dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/* Destroyed while starting (its project closed): the start stops, and the
 * runner records it */
static void
hone_fine_tune_wizard_unrealize (GtkWidget *widget)
{
  HoneFineTuneWizard *self = HONE_FINE_TUNE_WIZARD (widget);

  if (self->running)
    {
      self->close_when_stopped = TRUE;
      g_cancellable_cancel (self->start_cancellable);
    }

  GTK_WIDGET_CLASS (hone_fine_tune_wizard_parent_class)->unrealize (widget);
}

/* GObject ----------------------------------------------------------------- */

static void
state_changed_cb (HoneFineTuneWizard *self)
{
  hone_fine_tune_wizard_update_state (self);
}

static void
suffix_changed_cb (HoneFineTuneWizard *self)
{
  update_suffix (self);
  hone_fine_tune_wizard_update_state (self);
}

static void
settings_changed_cb (HoneFineTuneWizard *self)
{
  if (g_str_equal (hone_fine_tune_wizard_visible_step (self), HONE_FINE_TUNE_WIZARD_STEP_REVIEW))
    hone_fine_tune_wizard_update_review (self);
}

static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, ACCOUNT_ID_KEY))
    {
      g_debug ("No settings key %s; the Fireworks account is not remembered", ACCOUNT_ID_KEY);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
hone_fine_tune_wizard_dispose (GObject *object)
{
  HoneFineTuneWizard *self = HONE_FINE_TUNE_WIZARD (object);

  /* The check may be the project window's, and the runner may still
   * work: neither calls in once the widgets are gone */
  self->disposed = TRUE;
  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  if (self->stop_dialog != NULL)
    {
      GtkWindow *dialog = GTK_WINDOW (self->stop_dialog);

      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->stop_dialog);
      self->stop_dialog = NULL;
      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (dialog);
    }

  if (self->key_cancellable != NULL)
    g_cancellable_cancel (self->key_cancellable);
  g_clear_object (&self->key_cancellable);
  if (self->live_cancellable != NULL)
    g_cancellable_cancel (self->live_cancellable);
  g_clear_object (&self->live_cancellable);
  if (self->start_cancellable != NULL)
    g_cancellable_cancel (self->start_cancellable);
  g_clear_object (&self->start_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_FINE_TUNE_WIZARD);

  g_clear_object (&self->runner);
  g_clear_object (&self->check);
  g_clear_object (&self->settings);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (hone_fine_tune_wizard_parent_class)->dispose (object);
}

static void
hone_fine_tune_wizard_finalize (GObject *object)
{
  HoneFineTuneWizard *self = HONE_FINE_TUNE_WIZARD (object);

  g_clear_pointer (&self->providers, g_ptr_array_unref);
  g_clear_pointer (&self->provider_checks, g_ptr_array_unref);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->model_checks, g_ptr_array_unref);
  g_clear_pointer (&self->model_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  g_clear_pointer (&self->assumption_rows, g_ptr_array_unref);
  g_clear_pointer (&self->estimate, hone_estimate_free);
  g_free (self->api_key);
  g_free (self->key_error);
  g_strfreev (self->live_models);
  g_free (self->split_error);
  g_free (self->target_error);
  g_free (self->blocker);
  g_free (self->start_error);

  G_OBJECT_CLASS (hone_fine_tune_wizard_parent_class)->finalize (object);
}

static void
hone_fine_tune_wizard_class_init (HoneFineTuneWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hone_fine_tune_wizard_dispose;
  object_class->finalize = hone_fine_tune_wizard_finalize;
  widget_class->unrealize = hone_fine_tune_wizard_unrealize;
  window_class->close_request = hone_fine_tune_wizard_close_request;

  signals[SIGNAL_STARTED] =
    g_signal_new ("started",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/dialogs/hone-fine-tune-wizard.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HoneFineTuneWizard, name)
  BIND (window_title);
  BIND (back_button);
  BIND (next_button);
  BIND (start_button);
  BIND (stack);
  BIND (provider_list);
  BIND (key_row);
  BIND (cutoff_row);
  BIND (account_row);
  BIND (model_list);
  BIND (examples_row);
  BIND (no_train_row);
  BIND (no_validation_row);
  BIND (split_row);
  BIND (epochs_row);
  BIND (epochs_spin);
  BIND (epochs_auto);
  BIND (advanced_row);
  BIND (batch_row);
  BIND (batch_spin);
  BIND (batch_auto);
  BIND (lr_row);
  BIND (lr_spin);
  BIND (lr_auto);
  BIND (lr_adjustment);
  BIND (full_row);
  BIND (full_switch);
  BIND (rank_row);
  BIND (rank_spin);
  BIND (rank_auto);
  BIND (alpha_row);
  BIND (alpha_spin);
  BIND (alpha_auto);
  BIND (evals_row);
  BIND (evals_spin);
  BIND (evals_auto);
  BIND (checkpoints_row);
  BIND (checkpoints_spin);
  BIND (checkpoints_auto);
  BIND (seed_row);
  BIND (seed_spin);
  BIND (seed_auto);
  BIND (suffix_row);
  BIND (suffix_error_label);
  BIND (problems_group);
  BIND (checking_row);
  BIND (checking_spinner);
  BIND (errors_row);
  BIND (show_check_button);
  BIND (warnings_group);
  BIND (warnings_row);
  BIND (warnings_check);
  BIND (ready_row);
  BIND (estimate_group);
  BIND (summary_row);
  BIND (tokens_row);
  BIND (billed_row);
  BIND (price_row);
  BIND (price_label);
  BIND (assumptions_row);
  BIND (provider_estimate_row);
  BIND (progress_icon);
  BIND (progress_title);
  BIND (progress_bar);
  BIND (progress_label);
  BIND (cancel_start_button);
  BIND (review_button);
  BIND (account_group);
#undef BIND

  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "wizard.cancel-start", NULL, cancel_start_action);
  gtk_widget_class_install_action (widget_class, "wizard.split", NULL, split_action);
  gtk_widget_class_install_action (widget_class, "wizard.show-check", NULL, show_check_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, GDK_ALT_MASK, "wizard.back", NULL);
}

static void
hone_fine_tune_wizard_init (HoneFineTuneWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->providers = g_ptr_array_new ();
  self->provider_checks = g_ptr_array_new ();
  self->model_checks = g_ptr_array_new ();
  self->model_rows = g_ptr_array_new ();
  self->problem_rows = g_ptr_array_new ();
  self->assumption_rows = g_ptr_array_new ();

  g_signal_connect_swapped (self->suffix_row, "changed", G_CALLBACK (suffix_changed_cb), self);
  g_signal_connect_swapped (self->account_row, "changed", G_CALLBACK (state_changed_cb), self);
  g_signal_connect_swapped (self->warnings_check, "notify::active", G_CALLBACK (state_changed_cb), self);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (hone_fine_tune_wizard_is_active_cb), NULL);

  /* What the estimate depends on */
  {
    GObject *inputs[] = {
      G_OBJECT (self->epochs_auto), G_OBJECT (self->epochs_spin),
      G_OBJECT (self->evals_auto), G_OBJECT (self->evals_spin),
      G_OBJECT (self->full_switch),
    };

    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      g_signal_connect_swapped (inputs[i],
                                GTK_IS_SPIN_BUTTON (inputs[i]) ? "value-changed" : "notify::active",
                                G_CALLBACK (settings_changed_cb), self);
  }
}

GtkWindow *
hone_fine_tune_wizard_new (HoneProject *project,
                           GtkWindow   *parent)
{
  HoneFineTuneWizard *self;

  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (HONE_TYPE_FINE_TUNE_WIZARD,
                       "transient-for", parent,
                       NULL);
  self->project = g_object_ref (project);

  /* The project window's check when there is one: the model chosen
   * becomes the project's target and the Check page follows */
  if (hone_fine_tune_wizard_get_project_window (self) != NULL)
    self->check = g_object_ref (hone_project_window_get_dataset_check (HONE_PROJECT_WINDOW (parent)));
  else
    self->check = hone_dataset_check_new (project);

  g_signal_connect_object (self->check, "notify::validation",
                           G_CALLBACK (hone_fine_tune_wizard_check_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->check, "notify::running",
                           G_CALLBACK (hone_fine_tune_wizard_check_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->check, "notify::error",
                           G_CALLBACK (hone_fine_tune_wizard_check_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (project, "examples-inserted",
                           G_CALLBACK (examples_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (project, "examples-removed",
                           G_CALLBACK (examples_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (project, "examples-changed",
                           G_CALLBACK (examples_changed_cb), self, G_CONNECT_SWAPPED);

  self->settings = lookup_settings ();
  if (self->settings != NULL)
    g_settings_bind (self->settings, ACCOUNT_ID_KEY, self->account_row, "text", G_SETTINGS_BIND_DEFAULT);

  update_data (self);
  hone_fine_tune_wizard_fill_providers (self);
  hone_fine_tune_wizard_select_default (self);
  update_suffix (self);
  show_step (self, HONE_FINE_TUNE_WIZARD_STEP_MODEL);

  return GTK_WINDOW (self);
}

const char *
hone_fine_tune_wizard_get_step (HoneFineTuneWizard *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_WIZARD (self), NULL);

  return hone_fine_tune_wizard_visible_step (self);
}

const char *
hone_fine_tune_wizard_get_blocker (HoneFineTuneWizard *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_WIZARD (self), NULL);

  return self->blocker;
}

GtkWidget *
hone_fine_tune_wizard_get_widget (HoneFineTuneWizard *self,
                                  const char         *name)
{
  static const struct {
    const char *name;
    gsize       offset;
  } widgets[] = {
    { "key-row", G_STRUCT_OFFSET (HoneFineTuneWizard, key_row) },
    { "live-row", G_STRUCT_OFFSET (HoneFineTuneWizard, live_row) },
    { "cutoff-row", G_STRUCT_OFFSET (HoneFineTuneWizard, cutoff_row) },
    { "account-row", G_STRUCT_OFFSET (HoneFineTuneWizard, account_row) },
    { "examples-row", G_STRUCT_OFFSET (HoneFineTuneWizard, examples_row) },
    { "split-row", G_STRUCT_OFFSET (HoneFineTuneWizard, split_row) },
    { "epochs-auto", G_STRUCT_OFFSET (HoneFineTuneWizard, epochs_auto) },
    { "epochs-spin", G_STRUCT_OFFSET (HoneFineTuneWizard, epochs_spin) },
    { "suffix-row", G_STRUCT_OFFSET (HoneFineTuneWizard, suffix_row) },
    { "suffix-error", G_STRUCT_OFFSET (HoneFineTuneWizard, suffix_error_label) },
    { "errors-row", G_STRUCT_OFFSET (HoneFineTuneWizard, errors_row) },
    { "warnings-check", G_STRUCT_OFFSET (HoneFineTuneWizard, warnings_check) },
    { "warnings-row", G_STRUCT_OFFSET (HoneFineTuneWizard, warnings_row) },
    { "ready-row", G_STRUCT_OFFSET (HoneFineTuneWizard, ready_row) },
    { "price-label", G_STRUCT_OFFSET (HoneFineTuneWizard, price_label) },
    { "price-row", G_STRUCT_OFFSET (HoneFineTuneWizard, price_row) },
    { "billed-row", G_STRUCT_OFFSET (HoneFineTuneWizard, billed_row) },
    { "provider-estimate-row", G_STRUCT_OFFSET (HoneFineTuneWizard, provider_estimate_row) },
    { "progress-bar", G_STRUCT_OFFSET (HoneFineTuneWizard, progress_bar) },
    { "progress-label", G_STRUCT_OFFSET (HoneFineTuneWizard, progress_label) },
    { "progress-title", G_STRUCT_OFFSET (HoneFineTuneWizard, progress_title) },
    { "full-row", G_STRUCT_OFFSET (HoneFineTuneWizard, full_row) },
    { "rank-row", G_STRUCT_OFFSET (HoneFineTuneWizard, rank_row) },
    { "alpha-row", G_STRUCT_OFFSET (HoneFineTuneWizard, alpha_row) },
    { "evals-row", G_STRUCT_OFFSET (HoneFineTuneWizard, evals_row) },
    { "checkpoints-row", G_STRUCT_OFFSET (HoneFineTuneWizard, checkpoints_row) },
    { "seed-row", G_STRUCT_OFFSET (HoneFineTuneWizard, seed_row) },
    { "lr-row", G_STRUCT_OFFSET (HoneFineTuneWizard, lr_row) },
    { "batch-row", G_STRUCT_OFFSET (HoneFineTuneWizard, batch_row) },
    { "advanced-row", G_STRUCT_OFFSET (HoneFineTuneWizard, advanced_row) },
    { "assumptions-row", G_STRUCT_OFFSET (HoneFineTuneWizard, assumptions_row) },
    { "lr-auto", G_STRUCT_OFFSET (HoneFineTuneWizard, lr_auto) },
  };

  g_return_val_if_fail (HONE_IS_FINE_TUNE_WIZARD (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_has_prefix (name, "provider:"))
    {
      for (guint i = 0; i < self->providers->len; i++)
        if (g_str_equal (((const HoneProviderInfo *) g_ptr_array_index (self->providers, i))->id,
                         name + strlen ("provider:")))
          return g_ptr_array_index (self->provider_checks, i);
      return NULL;
    }
  if (g_str_has_prefix (name, "model:"))
    {
      for (guint i = 0; self->models != NULL && i < self->models->len; i++)
        if (g_str_equal (((const HoneModelInfo *) g_ptr_array_index (self->models, i))->id,
                         name + strlen ("model:")))
          return g_ptr_array_index (self->model_checks, i);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    if (g_str_equal (widgets[i].name, name))
      return G_STRUCT_MEMBER (GtkWidget *, self, widgets[i].offset);

  return NULL;
}
