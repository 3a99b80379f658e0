/* hone-estimate.h: epochs, billed tokens and the price of a fine-tune,
 * with every assumption said
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hone-model-catalog.h"
#include "hone-validator.h"

G_BEGIN_DECLS

/**
 * HoneTrainingSettings:
 * @epochs: passes over the training examples; 0 for the provider's auto
 * @evaluations: evaluations on the validation examples during training;
 *   -1 for the provider's default
 * @type: LoRA or full
 * @method: supervised (SFT) or preference (DPO)
 */
typedef struct {
  guint               epochs;
  int                 evaluations;
  HoneTrainingType    type;
  HoneTrainingMethod  method;
} HoneTrainingSettings;

#define HONE_TRAINING_SETTINGS_INIT { 0, -1, HONE_TRAINING_LORA, HONE_TRAINING_SFT }

/**
 * HoneEstimate:
 * @epochs: the epochs the job runs (the provider's pick when on auto)
 * @epochs_auto: TRUE when @epochs is the provider's pick
 * @evaluations: evaluations on the validation examples
 * @train_tokens: training tokens in one epoch (examples cut at the model's
 *   longest example where the provider cuts them)
 * @validation_tokens: the validation examples' tokens, one evaluation
 * @billed_tokens: the tokens the provider bills
 * @price: the price in US dollars; < 0 when the catalogue has no price for
 *   this model, type and method
 * @price_per_mtok: the price used (one per million billed tokens)
 * @price_stale: the price was read more than 90 days ago
 * @exact: the token counts are exact (else show "≈")
 * @assumptions: what the figures rest on, for people (char *)
 */
typedef struct {
  guint      epochs;
  gboolean   epochs_auto;
  guint      evaluations;
  guint64    train_tokens;
  guint64    validation_tokens;
  guint64    billed_tokens;
  double     price;
  HonePrice  price_per_mtok;
  gboolean   price_stale;
  gboolean   exact;
  GPtrArray *assumptions;
} HoneEstimate;

/* The epochs OpenAI picks on auto for @n_train examples (its cookbook:
 * 3, raised so that small sets see at least 100 examples, up to 25; lowered
 * so that large ones see at most 25,000, down to 1) */
guint         hone_estimate_openai_epochs (guint64                     n_train);

/* Estimates a job on @model (the one @validation was made for) with
 * @settings; @today for the price's age ("YYYY-MM-DD", NULL: today) */
HoneEstimate *hone_estimate_new    (HoneValidation             *validation,
                                    const HoneModelInfo        *model,
                                    const HoneTrainingSettings *settings,
                                    const char                 *today);
void          hone_estimate_free   (HoneEstimate               *self);

/* For people, as the Check page and the wizard say it:
 * "≈37,035: 3 epochs × ≈12,345 training tokens + 2 evaluations × ≈1,234
 * validation tokens" */
char         *hone_estimate_describe_billed (const HoneEstimate *self);
/* "≈$0.02" (or "Unknown"), and in @basis what it rests on: "At $0.48 per
 * million tokens, read on 9 September 2026", with a word when the price
 * is old, or that the catalogue has none */
char         *hone_estimate_describe_price  (const HoneEstimate *self,
                                             char              **basis);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneEstimate, hone_estimate_free)

G_END_DECLS
