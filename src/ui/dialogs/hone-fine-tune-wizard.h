/* hone-fine-tune-wizard.h: the New Fine-tune window: provider and model,
 * data, settings, review, and the start itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"

G_BEGIN_DECLS

#define HONE_TYPE_FINE_TUNE_WIZARD (hone_fine_tune_wizard_get_type ())

G_DECLARE_FINAL_TYPE (HoneFineTuneWizard, hone_fine_tune_wizard, HONE, FINE_TUNE_WIZARD, AdwWindow)

/* Step names, in order (also what hone_fine_tune_wizard_get_step() says) */
#define HONE_FINE_TUNE_WIZARD_STEP_MODEL    "model"
#define HONE_FINE_TUNE_WIZARD_STEP_DATA     "data"
#define HONE_FINE_TUNE_WIZARD_STEP_SETTINGS "settings"
#define HONE_FINE_TUNE_WIZARD_STEP_REVIEW   "review"
#define HONE_FINE_TUNE_WIZARD_STEP_PROGRESS "progress"

/* A modal window over @parent that starts a fine-tune of @project's
 * examples. When @parent is the project's window, its check of the
 * examples is shared (the model chosen becomes the project's target).
 *
 * Actions: wizard.back (Alt+Left), wizard.next (Enter: Next is the
 * window's default widget, so it goes on only when the step is complete), wizard.start, wizard.cancel-start, wizard.split (sets 10% of
 * the examples aside for validation; undoable), wizard.show-check (shows
 * the Check page of @parent and closes). Escape closes; while the start
 * runs it asks first.
 *
 * Signals:
 *   started (gint64 record_id): the provider has the job; the window then
 *   closes */
GtkWindow  *hone_fine_tune_wizard_new        (HoneProject        *project,
                                              GtkWindow          *parent);

/* The step shown: one of the HONE_FINE_TUNE_WIZARD_STEP_ names */
const char *hone_fine_tune_wizard_get_step   (HoneFineTuneWizard *self);
/* What the wizard says blocks Next or Start on this step, or NULL */
const char *hone_fine_tune_wizard_get_blocker (HoneFineTuneWizard *self);

/* For tests: a widget by name: "provider:ID" and "model:ID" (the radio
 * buttons), "key-row", "live-row" (the models the provider's live list
 * has that Hone does not know; NULL when none), "cutoff-row", "account-row", "examples-row",
 * "split-row", "epochs-auto", "epochs-spin", "suffix-row",
 * "suffix-error", "errors-row", "warnings-row", "warnings-check", "ready-row",
 * "price-label", "price-row", "billed-row", "provider-estimate-row",
 * "progress-bar", "progress-label", "progress-title", "full-row",
 * "rank-row", "alpha-row", "evals-row", "checkpoints-row", "seed-row",
 * "lr-row", "lr-auto", "batch-row", "advanced-row", "assumptions-row";
 * NULL for any other */
GtkWidget  *hone_fine_tune_wizard_get_widget (HoneFineTuneWizard *self,
                                              const char         *name);

G_END_DECLS
