/* hone-model-catalog.h: the providers and the base models they fine-tune,
 * with their limits and prices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How a model is trained */
typedef enum {
  HONE_TRAINING_LORA,
  HONE_TRAINING_FULL,
} HoneTrainingType;

#define HONE_N_TRAINING_TYPES 2

typedef enum {
  HONE_TRAINING_SFT,
  HONE_TRAINING_DPO,
} HoneTrainingMethod;

#define HONE_N_TRAINING_METHODS 2

/**
 * HonePrice:
 * @usd_per_mtok: US dollars per million tokens; < 0 when not offered
 * @source: where the figure was read (a URL), or NULL when not offered
 * @as_of: the day it was read there, "YYYY-MM-DD", or NULL
 *
 * One price and where it comes from. Prices change: the interface warns
 * when @as_of is more than 90 days old (hone_price_is_stale()).
 */
typedef struct {
  double      usd_per_mtok;
  const char *source;
  const char *as_of;
} HonePrice;

/* How a provider picks the number of epochs when the user leaves it on
 * auto */
typedef enum {
  HONE_EPOCHS_RULE_FIXED,    /* always HoneProviderInfo.default_epochs */
  HONE_EPOCHS_RULE_OPENAI,   /* OpenAI's rule from its cookbook: 3, more for
                              * small datasets (up to 25), fewer for large */
} HoneEpochsRule;

/**
 * HoneProviderInfo:
 * @id: "together", "fireworks", "openai" (stored in projects; never changes)
 * @name: for people ("Together AI")
 * @epochs_rule, @default_epochs, @epochs_source: the epochs on auto
 * @default_evaluations: evaluations on the validation set when on auto
 * @cutoff: "YYYY-MM-DD" after which the provider takes no new fine-tuning
 *   jobs (OpenAI: 2027-01-06), or NULL
 * @notes: what people should know before choosing it, or NULL
 */
typedef struct {
  const char     *id;
  const char     *name;
  HoneEpochsRule  epochs_rule;
  guint           default_epochs;
  const char     *epochs_source;
  guint           default_evaluations;
  const char     *cutoff;
  const char     *notes;
} HoneProviderInfo;

/**
 * HoneModelInfo:
 * @provider: the provider that fine-tunes it
 * @id: the provider's name for the base model ("Qwen/Qwen3-8B")
 * @name: for people ("Qwen3 8B")
 * @tokenizer: an encoding name for hone_tokenizer_get() ("o200k_base",
 *   "qwen2", "llama3")
 * @chat_format: how the messages become tokens (hone-chat-format.h):
 *   "openai", "llama3", "qwen2.5", "qwen3"
 * @context_length: tokens the model reads at inference
 * @max_example_tokens: the longest example the provider trains on, in
 *   tokens (longer ones are refused or cut)
 * @min_examples: fewest training examples the provider accepts
 * @max_file_bytes: largest training file it accepts (0: no known limit)
 * @training: price per million billed tokens, by type and method
 * @input, @output: inference price per million tokens of the fine-tuned
 *   model (serverless where offered), usd_per_mtok < 0 when unknown
 * @limits_source, @limits_as_of: where the limits above were read
 */
typedef struct {
  const HoneProviderInfo *provider;
  const char             *id;
  const char             *name;
  const char             *tokenizer;
  const char             *chat_format;
  guint64                 context_length;
  guint64                 max_example_tokens;
  guint                   min_examples;
  guint64                 max_file_bytes;
  HonePrice               training[HONE_N_TRAINING_TYPES][HONE_N_TRAINING_METHODS];
  HonePrice               input;
  HonePrice               output;
  const char             *limits_source;
  const char             *limits_as_of;
} HoneModelInfo;

#define HONE_TYPE_MODEL_CATALOG (hone_model_catalog_get_type ())
G_DECLARE_FINAL_TYPE (HoneModelCatalog, hone_model_catalog, HONE, MODEL_CATALOG, GObject)

/* The catalogue Hone ships (data/models.json in the GResource), with the
 * user's file merged over it when there is one: @user_path, or NULL for
 * $XDG_CONFIG_HOME/hone/models.json. A broken user file is an error naming
 * the file, line and column (json-glib's), or the entry and member, and what
 * to do; a missing one is not. */
HoneModelCatalog *hone_model_catalog_new         (const char        *user_path,
                                                  GError           **error);

/* Only the shipped catalogue */
HoneModelCatalog *hone_model_catalog_get_default (void);

/* From JSON text (for tests and the user file); @origin names it in errors */
HoneModelCatalog *hone_model_catalog_new_from_data (const char      *json,
                                                    gssize           len,
                                                    const char      *origin,
                                                    GError         **error);

/* Merges the JSON text over this catalogue: a provider or model with an id
 * already there replaces the members it gives, a new one is added. Nothing
 * changes on error. */
gboolean          hone_model_catalog_merge_data  (HoneModelCatalog  *self,
                                                  const char        *json,
                                                  gssize             len,
                                                  const char        *origin,
                                                  GError           **error);

/* Providers in catalogue order; the array and its items belong to @self */
GPtrArray        *hone_model_catalog_get_providers (HoneModelCatalog *self);
const HoneProviderInfo *hone_model_catalog_find_provider (HoneModelCatalog *self,
                                                          const char       *provider_id);

/* Models of @provider_id (NULL: all) in catalogue order, as a new array of
 * const HoneModelInfo * that belong to @self */
GPtrArray        *hone_model_catalog_list_models (HoneModelCatalog  *self,
                                                  const char        *provider_id);

/* NULL and HONE_ERROR_NOT_FOUND ("Together AI has no base model
 * “x” in Hone's catalogue…") when there is none */
const HoneModelInfo *hone_model_catalog_find_model (HoneModelCatalog *self,
                                                    const char       *provider_id,
                                                    const char       *model_id,
                                                    GError          **error);

/* TRUE when @price was read more than 90 days before @today ("YYYY-MM-DD";
 * NULL: today's date) or has no date */
gboolean          hone_price_is_stale            (const HonePrice   *price,
                                                  const char        *today);

/* TRUE when @provider takes no new jobs on @today (NULL: today's date) */
gboolean          hone_provider_is_closed        (const HoneProviderInfo *provider,
                                                  const char             *today);

G_END_DECLS
