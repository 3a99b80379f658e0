/* hone-estimate.c: what a fine-tune will cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Billing, by provider (the sources are in data/models.json beside each
 * price; the formulas here were read on 2026-11-27):
 * - OpenAI: training tokens × epochs; examples longer than the model's
 *   limit are cut to it (the cookbook's "Data preparation and analysis for
 *   chat model fine-tuning": n_epochs × Σ min(max_tokens, tokens)).
 *   Validation examples are not billed.
 * - Together AI: epochs × training tokens + evaluations × validation tokens
 *   (docs.together.ai, fine-tuning pricing).
 * - Fireworks AI and providers Hone does not know: epochs × training
 *   tokens.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hone-estimate.h"
#include "hone-text-encoding.h"

/* OpenAI Cookbook, "Data preparation and analysis for chat model
 * fine-tuning", "Cost Estimation" */
#define OPENAI_TARGET_EPOCHS 3
#define OPENAI_MIN_TARGET_EXAMPLES 100
#define OPENAI_MAX_TARGET_EXAMPLES 25000
#define OPENAI_MIN_DEFAULT_EPOCHS 1
#define OPENAI_MAX_DEFAULT_EPOCHS 25

guint
hone_estimate_openai_epochs (guint64 n_train)
{
  guint epochs = OPENAI_TARGET_EPOCHS;

  if (n_train == 0)
    return epochs;
  if (n_train * OPENAI_TARGET_EPOCHS < OPENAI_MIN_TARGET_EXAMPLES)
    epochs = MIN (OPENAI_MAX_DEFAULT_EPOCHS, OPENAI_MIN_TARGET_EXAMPLES / n_train);
  else if (n_train * OPENAI_TARGET_EPOCHS > OPENAI_MAX_TARGET_EXAMPLES)
    epochs = MAX (OPENAI_MIN_DEFAULT_EPOCHS, OPENAI_MAX_TARGET_EXAMPLES / n_train);

  return epochs;
}

void
hone_estimate_free (HoneEstimate *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->assumptions, g_ptr_array_unref);
  g_free (self);
}

static void
assume (HoneEstimate *self,
        char         *text)
{
  g_ptr_array_add (self->assumptions, text);
}

static const char *
type_label (HoneTrainingType type)
{
  return type == HONE_TRAINING_FULL ? _("full fine-tuning") : _("LoRA");
}

static const char *
method_label (HoneTrainingMethod method)
{
  return method == HONE_TRAINING_DPO ? _("preference (DPO)") : _("supervised (SFT)");
}

HoneEstimate *
hone_estimate_new (HoneValidation             *validation,
                   const HoneModelInfo        *model,
                   const HoneTrainingSettings *settings,
                   const char                 *today)
{
  HoneTrainingSettings defaults = HONE_TRAINING_SETTINGS_INIT;
  const HoneProviderInfo *provider;
  const HonePrice *price;
  HoneEstimate *self;
  guint64 n_train, n_validation;
  gboolean is_openai;

  g_return_val_if_fail (validation != NULL, NULL);
  g_return_val_if_fail (model != NULL, NULL);

  if (settings == NULL)
    settings = &defaults;

  provider = model->provider;
  is_openai = g_strcmp0 (provider->id, "openai") == 0;
  self = g_new0 (HoneEstimate, 1);
  self->assumptions = g_ptr_array_new_with_free_func (g_free);
  self->exact = validation->exact;
  n_train = validation->n_examples[HONE_SPLIT_TRAIN];
  n_validation = validation->n_examples[HONE_SPLIT_VALIDATION];

  /* Epochs */
  self->epochs_auto = settings->epochs == 0;
  if (!self->epochs_auto)
    self->epochs = settings->epochs;
  else if (provider->epochs_rule == HONE_EPOCHS_RULE_OPENAI)
    {
      self->epochs = hone_estimate_openai_epochs (n_train);
      assume (self, g_strdup_printf (_("Epochs on auto: %s picks %u for %" G_GUINT64_FORMAT " training examples (3, more for small sets up to 25, fewer for large ones; its cookbook’s rule)."),
                                     provider->name, self->epochs, n_train));
    }
  else
    {
      self->epochs = MAX (provider->default_epochs, 1);
      assume (self, g_strdup_printf (_("Epochs on auto: %s’s default, %u."),
                                     provider->name, self->epochs));
    }

  /* Evaluations */
  if (settings->evaluations >= 0)
    self->evaluations = settings->evaluations;
  else
    self->evaluations = provider->default_evaluations;
  if (n_validation == 0)
    self->evaluations = 0;

  /* Tokens */
  self->train_tokens = validation->billed_tokens[HONE_SPLIT_TRAIN];
  self->validation_tokens = validation->billed_tokens[HONE_SPLIT_VALIDATION];
  if (validation->tokens[HONE_SPLIT_TRAIN] > validation->billed_tokens[HONE_SPLIT_TRAIN])
    assume (self, g_strdup_printf (_("Examples longer than %" G_GUINT64_FORMAT " tokens are cut to that length and billed for it."),
                                   model->max_example_tokens));

  if (g_strcmp0 (provider->id, "openai") == 0)
    {
      self->billed_tokens = self->epochs * self->train_tokens;
      assume (self, g_strdup_printf (_("%s bills the training examples’ tokens once per epoch; validation examples are not billed."),
                                     provider->name));
    }
  else if (g_strcmp0 (provider->id, "together") == 0)
    {
      self->billed_tokens = self->epochs * self->train_tokens +
                            (guint64) self->evaluations * self->validation_tokens;
      assume (self, g_strdup_printf (_("%s bills epochs × training tokens + evaluations × validation tokens (%u × %" G_GUINT64_FORMAT " + %u × %" G_GUINT64_FORMAT ")."),
                                     provider->name, self->epochs, self->train_tokens,
                                     self->evaluations, self->validation_tokens));
    }
  else
    {
      self->billed_tokens = self->epochs * self->train_tokens;
      assume (self, g_strdup_printf (_("%s bills epochs × training tokens; validation is assumed free."),
                                     provider->name));
    }

  assume (self, g_strdup_printf (_("Tokens are counted after the templates, with %s’s chat format (%s) and tokenizer (%s)."),
                                 model->name, model->chat_format, model->tokenizer));
  if (!self->exact)
    assume (self, g_strdup_printf (_("The tokenizer of %s cannot be shipped with Hone, so its counts are estimates (≈): expect them to be off by a few percent."),
                                   model->name));

  /* Price */
  price = &model->training[settings->type][settings->method];
  self->price_per_mtok = *price;
  if (price->usd_per_mtok < 0)
    {
      self->price = -1;
      assume (self, g_strdup_printf (_("Hone’s catalogue has no price for %s %s of %s on %s."),
                                     method_label (settings->method), type_label (settings->type),
                                     model->name, provider->name));
    }
  else
    {
      self->price = price->usd_per_mtok * (double) self->billed_tokens / 1e6;
      self->price_stale = hone_price_is_stale (price, today);
      /* OpenAI does not say how it trains: one price, filed under LoRA */
      assume (self, g_strdup_printf (_("Price: $%.2f per million tokens for %s%s%s training, from %s as of %s."),
                                     price->usd_per_mtok, method_label (settings->method),
                                     is_openai ? "" : " ", is_openai ? "" : type_label (settings->type),
                                     price->source != NULL ? price->source : _("an unknown source"),
                                     price->as_of != NULL ? price->as_of : _("an unknown date")));
      if (self->price_stale)
        assume (self, g_strdup (_("This price is more than 90 days old: check the provider’s page before you start.")));
    }

  if (provider->cutoff != NULL)
    assume (self, g_strdup_printf (_("%s takes no new fine-tuning jobs after %s."),
                                   provider->name, provider->cutoff));

  return self;
}

static const char *
approx (gboolean exact)
{
  return exact ? "" : "≈";
}

char *
hone_estimate_describe_billed (const HoneEstimate *e)
{
  g_autofree char *billed = hone_text_format_count (e->billed_tokens);
  g_autofree char *train = hone_text_format_count (e->train_tokens);
  g_autofree char *epochs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u epoch", "%u epochs", e->epochs),
                                             e->epochs);

  if (e->billed_tokens > (guint64) e->epochs * e->train_tokens)
    {
      g_autofree char *valid = hone_text_format_count (e->validation_tokens);
      g_autofree char *evaluations = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evaluation",
                                                                   "%u evaluations", e->evaluations),
                                                      e->evaluations);

      /* Translators: “≈37,035: 3 epochs × ≈12,345 training tokens + 2 evaluations × ≈1,234 validation tokens” */
      return g_strdup_printf (_("%s%s: %s × %s%s training tokens + %s × %s%s validation tokens"),
                              approx (e->exact), billed, epochs, approx (e->exact), train,
                              evaluations, approx (e->exact), valid);
    }
  /* Translators: “≈37,035: 3 epochs × ≈12,345 training tokens” */
  return g_strdup_printf (_("%s%s: %s × %s%s training tokens"),
                          approx (e->exact), billed, epochs, approx (e->exact), train);
}

char *
hone_estimate_describe_price (const HoneEstimate  *e,
                              char               **basis)
{
  g_autofree char *price = NULL;
  g_autofree char *day = NULL;
  char *text;

  if (e->price < 0)
    {
      if (basis != NULL)
        *basis = g_strdup (_("Hone’s catalogue has no price for this model and kind of training."));
      return g_strdup (_("Unknown"));
    }

  price = hone_text_format_price (e->price);
  day = hone_text_format_day (e->price_per_mtok.as_of);
  if (day != NULL)
    /* Translators: “At $0.48 per million tokens, read on 9 September 2026” */
    text = g_strdup_printf (_("At $%.2f per million tokens, read on %s"), e->price_per_mtok.usd_per_mtok, day);
  else
    text = g_strdup_printf (_("At $%.2f per million tokens"), e->price_per_mtok.usd_per_mtok);
  if (e->price_stale)
    {
      char *with = g_strconcat (text, " ", _("(more than 90 days ago: check it)"), NULL);
      g_free (text);
      text = with;
    }
  if (basis != NULL)
    *basis = text;
  else
    g_free (text);
  return g_strconcat (approx (e->exact), price, NULL);
}
