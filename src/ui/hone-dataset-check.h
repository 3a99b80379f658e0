/* hone-dataset-check.h: keeps the check of a project's examples current
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-core.h"
#include "hone-estimate.h"
#include "hone-model-catalog.h"
#include "hone-validator.h"

G_BEGIN_DECLS

#define HONE_TYPE_DATASET_CHECK (hone_dataset_check_get_type ())

G_DECLARE_FINAL_TYPE (HoneDatasetCheck, hone_dataset_check, HONE, DATASET_CHECK, GObject)

/* How long after the last edit the examples are checked again */
#define HONE_DATASET_CHECK_DELAY_MS 500

/* A HoneDatasetCheck checks the examples of @project for the project's
 * target model (hone_project_get_target(); a default model when it has
 * none, which is not written to the project) in a worker thread, and again
 * a moment after anything that changes the result: examples, fields,
 * templates, the template style or the target. A newer check cancels an
 * older one; the main loop never waits for one.
 *
 * Properties (all notify):
 *   "validation"  HoneValidation, the last result (NULL before the first)
 *   "estimate"    HoneEstimate * for "validation" and the training settings
 *   "model"       const HoneModelInfo *, what the examples are checked for
 *   "running"     TRUE from a change until its check is done
 *   "error"       why the last check could not run (a template that does
 *                 not compile), or NULL
 *
 * The catalogue is the shipped one with the user's file merged over it; a
 * user file that cannot be read is left out and its error kept
 * (hone_dataset_check_get_catalog_error()). */
HoneDatasetCheck    *hone_dataset_check_new               (HoneProject          *project);

HoneProject         *hone_dataset_check_get_project       (HoneDatasetCheck     *self);
HoneModelCatalog    *hone_dataset_check_get_catalog       (HoneDatasetCheck     *self);
/* The user's catalogue file was refused: its error (naming the file),
 * else NULL */
const char          *hone_dataset_check_get_catalog_error (HoneDatasetCheck     *self);

const HoneModelInfo *hone_dataset_check_get_model         (HoneDatasetCheck     *self);
/* TRUE when the project has no target (or one the catalogue does not
 * know) and the default model is used */
gboolean             hone_dataset_check_get_model_is_default (HoneDatasetCheck  *self);
/* The project's target is not in the catalogue: why, else NULL */
const char          *hone_dataset_check_get_target_error  (HoneDatasetCheck     *self);
/* The model used when the project has none: the first Together AI model
 * of the catalogue whose token counts are exact (else its first), else the
 * catalogue's first model */
const HoneModelInfo *hone_dataset_check_get_default_model (HoneDatasetCheck     *self);
/* Chooses the model the project is checked for (stored in the project) */
gboolean             hone_dataset_check_set_model         (HoneDatasetCheck     *self,
                                                           const HoneModelInfo  *model,
                                                           GError              **error);

HoneValidation      *hone_dataset_check_get_validation    (HoneDatasetCheck     *self);
HoneEstimate        *hone_dataset_check_get_estimate      (HoneDatasetCheck     *self);
gboolean             hone_dataset_check_get_running       (HoneDatasetCheck     *self);
const char          *hone_dataset_check_get_error         (HoneDatasetCheck     *self);

/* LoRA or full, epochs and evaluations of the estimate (not stored) */
void                 hone_dataset_check_get_settings      (HoneDatasetCheck     *self,
                                                           HoneTrainingSettings *settings);
void                 hone_dataset_check_set_settings      (HoneDatasetCheck     *self,
                                                           const HoneTrainingSettings *settings);

/* Checks again after HONE_DATASET_CHECK_DELAY_MS (edits call this) */
void                 hone_dataset_check_queue             (HoneDatasetCheck     *self);

G_END_DECLS
