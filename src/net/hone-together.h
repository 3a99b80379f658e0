/* hone-together.h: the Together AI fine-tuning API
 *
 * Paths and fields follow Together's OpenAPI spec 2.0.0 and, for the file
 * upload the spec leaves out, what its official SDKs do (see
 * shared/oracles/together/README.md). The API key is the caller's; it is
 * only ever sent as a bearer token to the base URL, never to the storage
 * URL an upload is redirected to, and never logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hone-fine-tune-job.h"
#include "hone-http.h"

G_BEGIN_DECLS

#define HONE_TOGETHER_DEFAULT_BASE_URL "https://api.together.ai/v1"

#define HONE_TYPE_TOGETHER (hone_together_get_type ())

G_DECLARE_FINAL_TYPE (HoneTogether, hone_together, HONE, TOGETHER, GObject)

typedef enum {
  HONE_TOGETHER_TRAINING_DEFAULT,   /* not sent: SFT */
  HONE_TOGETHER_TRAINING_SFT,
  HONE_TOGETHER_TRAINING_DPO,
} HoneTogetherTrainingMethod;

typedef enum {
  HONE_TOGETHER_LORA_DEFAULT,       /* not sent: Together trains LoRA */
  HONE_TOGETHER_LORA_ON,
  HONE_TOGETHER_LORA_OFF,           /* full fine-tuning */
} HoneTogetherLora;

/**
 * HoneTogetherFineTuneSettings:
 *
 * What to fine-tune and how. Call hone_together_fine_tune_settings_init()
 * first: it marks every field "provider default" (NULL strings, -1 for
 * numbers, NAN for fractions), and a default is never sent.
 *
 * @batch_size: -1 default, 0 for "max", else the size
 * @train_on_inputs: -1 default ("auto" for SFT), 0 no, 1 yes
 * @lora_r, @lora_alpha: both needed when a LoRA field is set
 * @lr_scheduler: "linear" or "cosine", or NULL; @min_lr_ratio and
 *   @num_cycles (cosine only) go with it
 * @seed: sent when @has_seed
 */
typedef struct {
  const char                 *model;
  const char                 *training_file;
  const char                 *validation_file;
  const char                 *suffix;
  const char                 *from_checkpoint;
  gint                        n_epochs;
  gint                        n_checkpoints;
  gint                        n_evals;
  gint                        batch_size;
  gint                        max_seq_length;
  double                      learning_rate;
  double                      warmup_ratio;
  double                      max_grad_norm;
  double                      weight_decay;
  const char                 *lr_scheduler;
  double                      min_lr_ratio;
  double                      num_cycles;
  HoneTogetherTrainingMethod  training_method;
  gint                        train_on_inputs;
  double                      dpo_beta;
  HoneTogetherLora            lora;
  gint                        lora_r;
  gint                        lora_alpha;
  double                      lora_dropout;
  const char                 *lora_trainable_modules;
  gboolean                    has_seed;
  gint                        seed;
  const char                 *wandb_api_key;
  const char                 *wandb_project_name;
} HoneTogetherFineTuneSettings;

void      hone_together_fine_tune_settings_init (HoneTogetherFineTuneSettings *settings);

/* The JSON body of POST /fine-tunes for @settings, or NULL and
 * HONE_ERROR_INVALID naming the field when they cannot be sent */
JsonNode *hone_together_build_fine_tune_body    (const HoneTogetherFineTuneSettings *settings,
                                                 GError                            **error);
/* The body of POST /fine-tunes/estimate-price: the fields the spec lists */
JsonNode *hone_together_build_estimate_body     (const HoneTogetherFineTuneSettings *settings,
                                                 GError                            **error);

/* A job from one of Together's job objects (FinetuneResponse or its
 * truncated form), or NULL and HONE_ERROR_PARSE */
HoneFineTuneJob *hone_together_parse_job        (JsonNode  *node,
                                                 GError   **error);

/**
 * HoneTogetherPriceEstimate:
 * @estimation_available: FALSE when Together could not estimate yet (the
 *   files are still being checked); the numbers are then unknown
 * @total_price: US dollars, or negative when unknown
 * @allowed_to_proceed: whether Together would start the job (enough credit)
 * @user_limit: the account's credit limit in US dollars, or negative
 * @train_tokens, @eval_tokens: estimated tokens, or -1
 */
typedef struct {
  gboolean estimation_available;
  double   total_price;
  gboolean allowed_to_proceed;
  double   user_limit;
  gint64   train_tokens;
  gint64   eval_tokens;
} HoneTogetherPriceEstimate;

/**
 * HoneTogetherModelLimits:
 * @model: the model's name
 * @full_supported, @lora_supported: which training types it allows
 * @{full,lora}_{min,max}_batch_size, @*_max_batch_size_dpo: or -1
 * @lora_max_rank: or -1
 * @lora_target_modules: (nullable): the modules LoRA can train
 * @max_epochs, @max_evals: or -1
 * @min_learning_rate, @max_learning_rate: or NAN
 * @supports_vision, @supports_tools, @supports_reasoning
 */
typedef struct {
  char     *model;
  gboolean  full_supported;
  gint      full_min_batch_size;
  gint      full_max_batch_size;
  gint      full_max_batch_size_dpo;
  gboolean  lora_supported;
  gint      lora_min_batch_size;
  gint      lora_max_batch_size;
  gint      lora_max_batch_size_dpo;
  gint      lora_max_rank;
  GStrv     lora_target_modules;
  gint      max_epochs;
  gint      max_evals;
  double    min_learning_rate;
  double    max_learning_rate;
  gboolean  supports_vision;
  gboolean  supports_tools;
  gboolean  supports_reasoning;
} HoneTogetherModelLimits;

void hone_together_model_limits_free (HoneTogetherModelLimits *limits);

/* Called on the caller's main context while an upload sends the file */
typedef void (*HoneTogetherProgressFunc) (guint64  sent,
                                          guint64  total,
                                          gpointer user_data);

/* @session: (nullable): the application's (hone_http_session_new() when NULL) */
HoneTogether *hone_together_new               (SoupSession           *session,
                                               const char            *api_key);
const char   *hone_together_get_base_url      (HoneTogether          *self);
/* Default HONE_TOGETHER_DEFAULT_BASE_URL; a trailing "/" is dropped */
void          hone_together_set_base_url      (HoneTogether          *self,
                                               const char            *base_url);
void          hone_together_set_api_key       (HoneTogether          *self,
                                               const char            *api_key);
/* For every request after this (default HONE_RETRY_POLICY_DEFAULT) */
void          hone_together_set_retry_policy  (HoneTogether          *self,
                                               const HoneRetryPolicy *policy);

/* Uploads @contents as @file_name for fine-tuning: POST /files (the 302 to
 * a storage URL), PUT of the bytes there, POST /files/{id}/preprocess.
 * Returns the file id. */
void          hone_together_upload_bytes_async  (HoneTogether             *self,
                                                 GBytes                   *contents,
                                                 const char               *file_name,
                                                 HoneTogetherProgressFunc  progress,
                                                 gpointer                  progress_data,
                                                 GCancellable             *cancellable,
                                                 GAsyncReadyCallback       callback,
                                                 gpointer                  user_data);
/* The same with a file's contents; @file_name NULL for its base name */
void          hone_together_upload_file_async   (HoneTogether             *self,
                                                 GFile                    *file,
                                                 const char               *file_name,
                                                 HoneTogetherProgressFunc  progress,
                                                 gpointer                  progress_data,
                                                 GCancellable             *cancellable,
                                                 GAsyncReadyCallback       callback,
                                                 gpointer                  user_data);
char         *hone_together_upload_finish       (HoneTogether             *self,
                                                 GAsyncResult             *result,
                                                 GError                  **error);

/* GET /files (FileList in Together's spec 2.0.0, shared/oracles/together/openapi.yaml; every
 * purpose): (element-type HoneProviderFile) */
void          hone_together_list_files_async    (HoneTogether        *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray    *hone_together_list_files_finish   (HoneTogether        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* DELETE /files/{id} (FileDeleteResponse, same spec); HONE_ERROR_NOT_FOUND when Together has
 * no such file */
void          hone_together_delete_file_async   (HoneTogether        *self,
                                                 const char          *file_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean      hone_together_delete_file_finish  (HoneTogether        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* POST /fine-tunes; never retried once sent, except after a 429 */
void             hone_together_create_fine_tune_async  (HoneTogether                       *self,
                                                        const HoneTogetherFineTuneSettings *settings,
                                                        GCancellable                       *cancellable,
                                                        GAsyncReadyCallback                 callback,
                                                        gpointer                            user_data);
HoneFineTuneJob *hone_together_create_fine_tune_finish (HoneTogether  *self,
                                                        GAsyncResult  *result,
                                                        GError       **error);

/* GET /fine-tunes/{id} */
void             hone_together_get_job_async     (HoneTogether         *self,
                                                  const char           *job_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
HoneFineTuneJob *hone_together_get_job_finish    (HoneTogether         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* POST /fine-tunes/{id}/cancel: the job as it is after the request */
void             hone_together_cancel_job_async  (HoneTogether         *self,
                                                  const char           *job_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
HoneFineTuneJob *hone_together_cancel_job_finish (HoneTogether         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* GET /fine-tunes: (element-type HoneFineTuneJob) */
void             hone_together_list_jobs_async   (HoneTogether         *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray       *hone_together_list_jobs_finish  (HoneTogether         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* GET /fine-tunes/{id}/events: (element-type HoneFineTuneEvent) */
void             hone_together_list_events_async  (HoneTogether        *self,
                                                   const char          *job_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray       *hone_together_list_events_finish (HoneTogether        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* GET /fine-tunes/{id}/checkpoints: (element-type HoneFineTuneCheckpoint) */
void             hone_together_list_checkpoints_async  (HoneTogether        *self,
                                                        const char          *job_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray       *hone_together_list_checkpoints_finish (HoneTogether        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* GET /fine-tunes/{id}/metrics (all of them, no body): a GArray of
 * HoneFineTuneMetric, by step */
void             hone_together_get_metrics_async  (HoneTogether        *self,
                                                   const char          *job_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GArray          *hone_together_get_metrics_finish (HoneTogether        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* POST /fine-tunes/estimate-price (model, files, epochs, evals, method,
 * training type, checkpoint of @settings) */
void             hone_together_estimate_price_async  (HoneTogether                       *self,
                                                      const HoneTogetherFineTuneSettings *settings,
                                                      GCancellable                       *cancellable,
                                                      GAsyncReadyCallback                 callback,
                                                      gpointer                            user_data);
gboolean         hone_together_estimate_price_finish (HoneTogether               *self,
                                                      GAsyncResult               *result,
                                                      HoneTogetherPriceEstimate  *estimate,
                                                      GError                    **error);

/* GET /fine-tunes/models/supported: the models Together can fine-tune */
void             hone_together_list_models_async  (HoneTogether        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GStrv            hone_together_list_models_finish (HoneTogether        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* GET /fine-tunes/models/limits?model_name=…; HONE_ERROR_NOT_FOUND when
 * the model cannot be fine-tuned */
void                     hone_together_get_model_limits_async  (HoneTogether        *self,
                                                                const char          *model,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
HoneTogetherModelLimits *hone_together_get_model_limits_finish (HoneTogether        *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneTogetherModelLimits, hone_together_model_limits_free)

G_END_DECLS
