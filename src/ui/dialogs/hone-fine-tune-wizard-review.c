/* hone-fine-tune-wizard-review.c: the wizard's review: the check's
 * problems to fix or accept, and the estimate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
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


/* Step 4: review --------------------------------------------------------- */

/* The check's result, when it is for the chosen model and up to date */
HoneValidation *
hone_fine_tune_wizard_current_validation (HoneFineTuneWizard *self)
{
  HoneValidation *v = hone_dataset_check_get_validation (self->check);

  if (v == NULL || self->model == NULL || hone_dataset_check_get_running (self->check))
    return NULL;
  if (g_strcmp0 (v->provider_id, self->model->provider->id) != 0 ||
      g_strcmp0 (v->model_id, self->model->id) != 0)
    return NULL;
  return v;
}

static void
clear_problem_rows (HoneFineTuneWizard *self)
{
  for (guint i = 0; i < self->problem_rows->len; i++)
    adw_preferences_group_remove (self->problems_group, g_ptr_array_index (self->problem_rows, i));
  g_ptr_array_set_size (self->problem_rows, 0);
  for (guint i = 0; i < self->assumption_rows->len; i++)
    adw_expander_row_remove (self->assumptions_row, g_ptr_array_index (self->assumption_rows, i));
  g_ptr_array_set_size (self->assumption_rows, 0);
}

static void
add_problem_rows (HoneFineTuneWizard *self,
                  HoneValidation     *v)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  /* One row per kind of error or warning, worst first */
  for (int severity = HONE_SEVERITY_ERROR; severity <= HONE_SEVERITY_WARNING; severity++)
    for (guint i = 0; i < v->problems->len; i++)
      {
        const HoneProblem *problem = g_ptr_array_index (v->problems, i);
        const HoneProblem *first = NULL;
        g_autofree char *title = NULL;
        g_autofree char *count = NULL;
        GtkWidget *row, *icon;
        guint64 n;
        gboolean seen = FALSE;

        if ((int) problem->severity != severity)
          continue;
        for (guint j = 0; j < codes->len; j++)
          if (g_str_equal (g_ptr_array_index (codes, j), problem->code))
            seen = TRUE;
        if (seen || codes->len >= MAX_REVIEW_CODES)
          continue;
        g_ptr_array_add (codes, (gpointer) problem->code);

        n = hone_validation_count_code (v, problem->code, &first);
        count = hone_text_format_count (n);
        /* Translators: “Exact copies (3)” */
        title = g_strdup_printf (_("%s (%s)"), hone_check_page_get_code_title (problem->code), count);
        row = adw_action_row_new ();
        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        hone_fine_tune_wizard_set_subtitle (ADW_ACTION_ROW (row), first != NULL ? first->message : problem->message);
        adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
        icon = gtk_image_new_from_icon_name (severity == HONE_SEVERITY_ERROR ? "dialog-error-symbolic"
                                                                             : "dialog-warning-symbolic");
        gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        hone_fine_tune_wizard_set_row_class (row, severity == HONE_SEVERITY_ERROR ? "hone-error-row" : "hone-warning-row");
        adw_preferences_group_add (self->problems_group, row);
        g_ptr_array_add (self->problem_rows, row);
      }
}

static void
update_estimate_rows (HoneFineTuneWizard *self,
                      HoneValidation     *v)
{
  HoneTrainingSettings ts = HONE_TRAINING_SETTINGS_INIT;
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_wizard_build_settings (self);
  g_autofree char *described = hone_fine_tune_settings_describe (settings);
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  HoneEstimate *e;

  /* Translators: “Qwen3 8B on Together AI” */
  summary = g_strdup_printf (_("%s on %s"), self->model->name, self->provider->name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->summary_row), summary);
  hone_fine_tune_wizard_set_subtitle (self->summary_row, described);

  g_clear_pointer (&self->estimate, hone_estimate_free);
  if (v == NULL)
    {
      hone_fine_tune_wizard_set_subtitle (self->tokens_row, NULL);
      hone_fine_tune_wizard_set_subtitle (self->billed_row, NULL);
      hone_fine_tune_wizard_set_subtitle (self->price_row, NULL);
      gtk_label_set_text (self->price_label, "");
      return;
    }

  ts.epochs = settings->n_epochs > 0 ? (guint) settings->n_epochs : 0;
  ts.evaluations = settings->n_evals;
  ts.type = hone_fine_tune_wizard_training_type (self);
  self->estimate = e = hone_estimate_new (v, self->model, &ts, NULL);

  {
    g_autofree char *train = hone_text_format_count (v->tokens[HONE_SPLIT_TRAIN]);
    g_autofree char *valid = hone_text_format_count (v->tokens[HONE_SPLIT_VALIDATION]);

    /* Translators: tokens, “≈12,345 training · ≈1,234 validation” */
    text = g_strdup_printf (_("%s%s training · %s%s validation"),
                            hone_fine_tune_wizard_approx (v->exact), train, hone_fine_tune_wizard_approx (v->exact), valid);
    hone_fine_tune_wizard_set_subtitle (self->tokens_row, text);
    g_clear_pointer (&text, g_free);
  }

  text = hone_estimate_describe_billed (e);
  hone_fine_tune_wizard_set_subtitle (self->billed_row, text);
  g_clear_pointer (&text, g_free);

  {
    g_autofree char *basis = NULL;
    g_autofree char *label = hone_estimate_describe_price (e, &basis);

    gtk_label_set_text (self->price_label, label);
    hone_fine_tune_wizard_set_subtitle (self->price_row, basis);
  }
  if (e->price_stale)
    gtk_widget_add_css_class (GTK_WIDGET (self->price_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->price_label), "warning");

  for (guint i = 0; e->assumptions != NULL && i < e->assumptions->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_ptr_array_index (e->assumptions, i));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, "hone-assumption");
      adw_expander_row_add_row (self->assumptions_row, row);
      g_ptr_array_add (self->assumption_rows, row);
    }
}

void
hone_fine_tune_wizard_update_review (HoneFineTuneWizard *self)
{
  HoneValidation *v = hone_fine_tune_wizard_current_validation (self);
  const char *check_error = self->target_error != NULL ? self->target_error
                                                      : hone_dataset_check_get_error (self->check);
  guint64 n_errors = v != NULL ? v->n_problems[HONE_SEVERITY_ERROR] : 0;
  guint64 n_warnings = v != NULL ? v->n_problems[HONE_SEVERITY_WARNING] : 0;
  gboolean checking = v == NULL && check_error == NULL;

  if (self->model == NULL || self->provider == NULL)
    return;

  clear_problem_rows (self);

  gtk_widget_set_visible (GTK_WIDGET (self->checking_row), checking);
  gtk_spinner_set_spinning (self->checking_spinner, checking);
  if (checking)
    {
      g_autofree char *text = NULL;

      /* Translators: “For Qwen3 8B: its limits, its tokens and its price” */
      text = g_strdup_printf (_("For %s: its limits, its tokens and its price"), self->model->name);
      hone_fine_tune_wizard_set_subtitle (self->checking_row, text);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->errors_row), check_error != NULL || n_errors > 0);
  if (check_error != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->errors_row),
                                     _("The examples cannot be checked"));
      hone_fine_tune_wizard_set_subtitle (self->errors_row, check_error);
    }
  else if (n_errors > 0)
    {
      g_autofree char *count = hone_text_format_count (n_errors);
      g_autofree char *title = NULL;

      /* Translators: “3 problems must be fixed before training” */
      title = g_strdup_printf (ngettext ("%s problem must be fixed before training",
                                         "%s problems must be fixed before training", n_errors),
                               count);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->errors_row), title);
      hone_fine_tune_wizard_set_subtitle (self->errors_row,
                    _("The provider would refuse these examples, or the model would learn something wrong."));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->show_check_button), hone_fine_tune_wizard_get_project_window (self) != NULL);

  /* Under the warnings, so that they are read first */
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_row), v != NULL && n_errors == 0 && n_warnings > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), v != NULL && n_errors == 0 && n_warnings > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->ready_row), v != NULL && n_errors == 0 && n_warnings == 0);
  if (v != NULL)
    add_problem_rows (self, v);

  gtk_widget_set_sensitive (GTK_WIDGET (self->estimate_group), v != NULL);
  update_estimate_rows (self, v);

  gtk_widget_set_visible (GTK_WIDGET (self->provider_estimate_row), hone_fine_tune_wizard_is_provider (self, "together"));
  if (hone_fine_tune_wizard_is_provider (self, "together"))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->provider_estimate_row),
                                     _("Together AI’s own estimate is asked for once the files are sent"));
      hone_fine_tune_wizard_set_subtitle (self->provider_estimate_row,
                    _("It needs the uploaded files, and nothing is sent before you press Start."));
    }
}

void
hone_fine_tune_wizard_check_changed_cb (HoneFineTuneWizard *self)
{
  if (g_str_equal (hone_fine_tune_wizard_visible_step (self), HONE_FINE_TUNE_WIZARD_STEP_REVIEW))
    hone_fine_tune_wizard_update_review (self);
  hone_fine_tune_wizard_update_state (self);
}

