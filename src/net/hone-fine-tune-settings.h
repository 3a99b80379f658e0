/* hone-fine-tune-settings.h: how to train, said once for every provider
 *
 * The wizard and `hone-cli finetune start` fill one of these; HoneProvider
 * turns it into the provider's own request, leaving out what is on "auto"
 * so the provider's default applies. It is stored with the fine-tune as
 * JSON (only the values that are set).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HoneFineTuneSettings:
 * @n_epochs: -1 auto, else 1 …
 * @batch_size: -1 auto
 * @learning_rate: NAN auto. OpenAI takes a multiplier of its own
 *   learning rate instead: this number is sent as that.
 * @lora: -1 the provider's default, 1 LoRA, 0 full fine-tuning
 * @lora_rank, @lora_alpha: -1 auto
 * @n_evals: evaluations on the validation file (Together), -1 auto
 * @n_checkpoints: checkpoints kept (Together), -1 auto
 * @suffix: added to the fine-tuned model's name, or NULL
 * @account_id: the Fireworks account, or NULL (others)
 * @seed: sent when @has_seed
 */
typedef struct {
  gint      n_epochs;
  gint      batch_size;
  double    learning_rate;
  gint      lora;
  gint      lora_rank;
  gint      lora_alpha;
  gint      n_evals;
  gint      n_checkpoints;
  char     *suffix;
  char     *account_id;
  gboolean  has_seed;
  gint      seed;
} HoneFineTuneSettings;

/* Every value on auto */
HoneFineTuneSettings *hone_fine_tune_settings_new       (void);
HoneFineTuneSettings *hone_fine_tune_settings_copy      (const HoneFineTuneSettings *self);
void                  hone_fine_tune_settings_free      (HoneFineTuneSettings       *self);
/* {"epochs":3,"suffix":"support"}: only what is set */
char                 *hone_fine_tune_settings_to_json   (const HoneFineTuneSettings *self);
/* Reads what to_json() wrote; unknown members are ignored (a newer Hone
 * may store more), a value of the wrong type is HONE_ERROR_PARSE */
HoneFineTuneSettings *hone_fine_tune_settings_from_json (const char                 *json,
                                                         GError                    **error);
/* One line for people: "3 epochs, batch size auto, LoRA rank 16 …" */
char                 *hone_fine_tune_settings_describe  (const HoneFineTuneSettings *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneFineTuneSettings, hone_fine_tune_settings_free)

G_END_DECLS
