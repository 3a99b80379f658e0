/* hone-fine-tune-wizard-private.h: what the files of HoneFineTuneWizard share
 *
 * The wizard is split along its steps:
 *   hone-fine-tune-wizard.c         data, settings, starting, state, actions, GObject
 *   hone-fine-tune-wizard-model.c   step 1: the key, the provider's live list, provider and model
 *   hone-fine-tune-wizard-review.c  step 4: the check's problems and the estimate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-dataset-check.h"
#include "hone-estimate.h"
#include "hone-fine-tune-runner.h"
#include "hone-fine-tune-wizard.h"
#include "hone-model-catalog.h"

G_BEGIN_DECLS

#define SETTINGS_SCHEMA_ID   "app.hone.Hone"
#define ACCOUNT_ID_KEY       "fireworks-account-id"
/* The share set aside by wizard.split, and its seed (the Examples page's
 * default, so both give the same split) */
#define SPLIT_RATIO          0.10
#define SPLIT_SEED           42
/* Problem kinds listed on the review; the Check page has them all */
#define MAX_REVIEW_CODES     8

struct _HoneFineTuneWizard
{
  AdwWindow               parent_instance;

  HoneProject            *project;
  HoneDatasetCheck       *check;
  GSettings              *settings;

  /* Trainable providers (const HoneProviderInfo *) and their radio
   * buttons; the chosen provider's models and theirs */
  GPtrArray              *providers;
  GPtrArray              *provider_checks;
  GPtrArray              *models;
  GPtrArray              *model_checks;
  GPtrArray              *model_rows;
  const HoneProviderInfo *provider;
  const HoneModelInfo    *model;
  gboolean                syncing;
  gboolean                disposed;

  /* The key of the chosen provider */
  GCancellable           *key_cancellable;
  gboolean                key_checked;
  char                   *api_key;
  char                   *key_error;
  /* The provider's live list of models (NULL: not known, or offline) */
  GCancellable           *live_cancellable;
  GStrv                   live_models;
  GtkWidget              *live_row;

  guint64                 n_split[HONE_N_SPLITS];
  char                   *split_error;
  char                   *target_error;
  char                   *blocker;

  GPtrArray              *problem_rows;
  GPtrArray              *assumption_rows;
  HoneEstimate           *estimate;

  /* Starting */
  HoneFineTuneRunner     *runner;
  GCancellable           *start_cancellable;
  gboolean                running;
  gboolean                close_when_stopped;
  char                   *start_error;
  AdwMessageDialog       *stop_dialog;

  /* Template widgets */
  AdwWindowTitle         *window_title;
  GtkButton              *back_button;
  GtkButton              *next_button;
  GtkButton              *start_button;
  GtkStack               *stack;
  GtkListBox             *provider_list;
  AdwActionRow           *key_row;
  AdwActionRow           *cutoff_row;
  AdwEntryRow            *account_row;
  GtkListBox             *model_list;
  AdwActionRow           *examples_row;
  AdwActionRow           *no_train_row;
  AdwActionRow           *no_validation_row;
  AdwActionRow           *split_row;
  AdwActionRow           *epochs_row;
  GtkSpinButton          *epochs_spin;
  GtkCheckButton         *epochs_auto;
  AdwExpanderRow         *advanced_row;
  AdwActionRow           *batch_row;
  GtkSpinButton          *batch_spin;
  GtkCheckButton         *batch_auto;
  AdwActionRow           *lr_row;
  GtkSpinButton          *lr_spin;
  GtkCheckButton         *lr_auto;
  GtkAdjustment          *lr_adjustment;
  AdwActionRow           *full_row;
  GtkSwitch              *full_switch;
  AdwActionRow           *rank_row;
  GtkSpinButton          *rank_spin;
  GtkCheckButton         *rank_auto;
  AdwActionRow           *alpha_row;
  GtkSpinButton          *alpha_spin;
  GtkCheckButton         *alpha_auto;
  AdwActionRow           *evals_row;
  GtkSpinButton          *evals_spin;
  GtkCheckButton         *evals_auto;
  AdwActionRow           *checkpoints_row;
  GtkSpinButton          *checkpoints_spin;
  GtkCheckButton         *checkpoints_auto;
  AdwActionRow           *seed_row;
  GtkSpinButton          *seed_spin;
  GtkCheckButton         *seed_auto;
  AdwEntryRow            *suffix_row;
  GtkLabel               *suffix_error_label;
  AdwPreferencesGroup    *problems_group;
  AdwActionRow           *checking_row;
  GtkSpinner             *checking_spinner;
  AdwActionRow           *errors_row;
  GtkButton              *show_check_button;
  AdwPreferencesGroup    *warnings_group;
  AdwActionRow           *warnings_row;
  GtkCheckButton         *warnings_check;
  AdwActionRow           *ready_row;
  AdwPreferencesGroup    *estimate_group;
  AdwActionRow           *summary_row;
  AdwActionRow           *tokens_row;
  AdwActionRow           *billed_row;
  AdwActionRow           *price_row;
  GtkLabel               *price_label;
  AdwExpanderRow         *assumptions_row;
  AdwActionRow           *provider_estimate_row;
  GtkImage               *progress_icon;
  GtkLabel               *progress_title;
  GtkProgressBar         *progress_bar;
  GtkLabel               *progress_label;
  GtkButton              *cancel_start_button;
  GtkButton              *review_button;
  AdwPreferencesGroup    *account_group;
};

/* Shared by the files of the wizard (each defined in the file of its step;
 * words and state in hone-fine-tune-wizard.c) */
const char *hone_fine_tune_wizard_approx (gboolean exact);
HoneFineTuneSettings *hone_fine_tune_wizard_build_settings (HoneFineTuneWizard *self);
void hone_fine_tune_wizard_check_changed_cb (HoneFineTuneWizard *self);
HoneValidation *hone_fine_tune_wizard_current_validation (HoneFineTuneWizard *self);
void hone_fine_tune_wizard_fill_providers (HoneFineTuneWizard *self);
GtkWindow *hone_fine_tune_wizard_get_project_window (HoneFineTuneWizard *self);
void hone_fine_tune_wizard_is_active_cb (HoneFineTuneWizard *self);
gboolean hone_fine_tune_wizard_is_provider (HoneFineTuneWizard *self, const char *provider_id);
gboolean hone_fine_tune_wizard_model_withdrawn (HoneFineTuneWizard *self, const HoneModelInfo *model);
void hone_fine_tune_wizard_select_default (HoneFineTuneWizard *self);
void hone_fine_tune_wizard_set_row_class (GtkWidget *row, const char *css_class);
void hone_fine_tune_wizard_set_subtitle (AdwActionRow *row, const char *subtitle);
HoneTrainingType hone_fine_tune_wizard_training_type (HoneFineTuneWizard *self);
void hone_fine_tune_wizard_update_epochs_hint (HoneFineTuneWizard *self);
void hone_fine_tune_wizard_update_review (HoneFineTuneWizard *self);
void hone_fine_tune_wizard_update_settings_rows (HoneFineTuneWizard *self);
void hone_fine_tune_wizard_update_state (HoneFineTuneWizard *self);
const char *hone_fine_tune_wizard_visible_step (HoneFineTuneWizard *self);

G_END_DECLS
