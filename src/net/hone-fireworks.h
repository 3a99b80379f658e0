/* hone-fireworks.h: the Fireworks AI fine-tuning API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Endpoints as the official Python SDK (fw-ai-external/python-sdk) calls
 * them; see shared/oracles/fireworks/README.md. Everything lives under an
 * account: accounts/{account}/datasets/{id},
 * accounts/{account}/supervisedFineTuningJobs/{id}, so the client takes
 * the account id beside the key. Users find it where the official SDK does:
 * the FIREWORKS_ACCOUNT_ID they set for it, or GET /v1/accounts, which lists
 * the accounts the key can see (oracle README, "Conventions").
 *
 * Training data goes in two steps: a dataset record is created, then the
 * JSONL file is sent to it (multipart, at most 150 MB in one request; the
 * signed-URL flow for larger files is not done here). Wait for the dataset
 * to be READY before a job names it.
 *
 * Cancelling: the SDK has no REST cancel for supervised fine-tuning jobs;
 * firectl has `supervised-fine-tuning-job cancel`, and by analogy with the
 * reinforcement jobs it is POST …/supervisedFineTuningJobs/{id}:cancel,
 * which is what hone_fireworks_cancel_job_async() sends (unverified against
 * the live API). DELETE is the documented way to remove a job
 * (hone_fireworks_delete_job_async()).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hone-fine-tune-job.h"
#include "hone-http.h"

G_BEGIN_DECLS

#define HONE_FIREWORKS_DEFAULT_BASE_URL "https://api.fireworks.ai"

/* The largest file one :upload request takes (SDK docstring) */
#define HONE_FIREWORKS_MAX_UPLOAD_BYTES (150 * 1000 * 1000)

#define HONE_TYPE_FIREWORKS (hone_fireworks_get_type ())

G_DECLARE_FINAL_TYPE (HoneFireworks, hone_fireworks, HONE, FIREWORKS, GObject)

/**
 * HoneFireworksFineTuneSettings:
 * @base_model: "accounts/fireworks/models/qwen3-8b" (required)
 * @dataset: the training dataset's id or full resource name (required)
 * @evaluation_dataset: the validation dataset, or NULL
 * @output_model: the id of the resulting model, or NULL (Fireworks uses the
 *   job id)
 * @display_name: or NULL
 * @job_id: sent as ?supervisedFineTuningJobId=, or NULL (Fireworks picks one)
 * @epochs, @lora_rank, @max_context_length, @batch_size: or -1
 * @learning_rate: or NAN
 * @early_stop: -1 not sent, 0 or 1
 *
 * Unset values are not sent, so Fireworks' defaults apply.
 */
typedef struct {
  const char *base_model;
  const char *dataset;
  const char *evaluation_dataset;
  const char *output_model;
  const char *display_name;
  const char *job_id;
  gint        epochs;
  double      learning_rate;
  gint        lora_rank;
  gint        max_context_length;
  gint        batch_size;
  gint        early_stop;
} HoneFireworksFineTuneSettings;

void      hone_fireworks_fine_tune_settings_init (HoneFireworksFineTuneSettings *settings);

/* The JSON body of POST …/supervisedFineTuningJobs, or NULL and
 * HONE_ERROR_INVALID when a required field is missing; bare dataset ids
 * are made full names under @account_id */
JsonNode *hone_fireworks_build_fine_tune_body    (const HoneFireworksFineTuneSettings *settings,
                                                  const char                          *account_id,
                                                  GError                             **error);

/* A job from a SupervisedFineTuningJob object; id is the last part of its
 * "name" */
HoneFineTuneJob *hone_fireworks_parse_job        (JsonNode  *node,
                                                  GError   **error);
/* JOB_STATE_* to Hone's status */
HoneFineTuneStatus hone_fireworks_status_from_state (const char *state);

typedef void (*HoneFireworksProgressFunc) (guint64  sent,
                                           guint64  total,
                                           gpointer user_data);

/* @session: (nullable): the application's (hone_http_session_new() when NULL) */
HoneFireworks *hone_fireworks_new              (SoupSession           *session,
                                                const char            *api_key,
                                                const char            *account_id);
const char    *hone_fireworks_get_base_url     (HoneFireworks         *self);
/* Default HONE_FIREWORKS_DEFAULT_BASE_URL (no /v1); a trailing "/" is dropped */
void           hone_fireworks_set_base_url     (HoneFireworks         *self,
                                                const char            *base_url);
void           hone_fireworks_set_api_key      (HoneFireworks         *self,
                                                const char            *api_key);
const char    *hone_fireworks_get_account_id   (HoneFireworks         *self);
void           hone_fireworks_set_account_id   (HoneFireworks         *self,
                                                const char            *account_id);
void           hone_fireworks_set_retry_policy (HoneFireworks         *self,
                                                const HoneRetryPolicy *policy);

/* POST …/datasets {datasetId, dataset: {userUploaded, format: "CHAT",
 * exampleCount, displayName}} (not retried once sent, except after a 429),
 * then POST …/datasets/{id}:upload with @contents as the multipart part
 * "file" named @file_name, calling @progress as bytes go. Returns the
 * dataset's full name ("accounts/A/datasets/ID"). @example_count < 0: not
 * sent. Files over HONE_FIREWORKS_MAX_UPLOAD_BYTES fail at once with
 * HONE_ERROR_INVALID. */
void     hone_fireworks_upload_dataset_async  (HoneFireworks             *self,
                                               const char                *dataset_id,
                                               const char                *display_name,
                                               gint64                     example_count,
                                               GBytes                    *contents,
                                               const char                *file_name,
                                               HoneFireworksProgressFunc  progress,
                                               gpointer                   progress_data,
                                               GCancellable              *cancellable,
                                               GAsyncReadyCallback        callback,
                                               gpointer                   user_data);
char    *hone_fireworks_upload_dataset_finish (HoneFireworks             *self,
                                               GAsyncResult              *result,
                                               GError                   **error);

/* GET …/datasets/{id}: its state ("UPLOADING", "READY" …), or NULL and an
 * error */
void     hone_fireworks_get_dataset_state_async  (HoneFireworks        *self,
                                                  const char           *dataset_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char    *hone_fireworks_get_dataset_state_finish (HoneFireworks        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* DELETE …/datasets/{id} (deleteDataset in the derived description,
 * shared/oracles/fireworks/fireworks-derived.openapi.yaml, from Fireworks'
 * Python SDK); @dataset_id bare or "accounts/…/datasets/ID".
 * HONE_ERROR_NOT_FOUND when Fireworks has no such dataset. */
void     hone_fireworks_delete_dataset_async     (HoneFireworks        *self,
                                                  const char           *dataset_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean hone_fireworks_delete_dataset_finish    (HoneFireworks        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* POST …/supervisedFineTuningJobs; never retried once sent, except after
 * a 429 (a second job would be paid for twice) */
void             hone_fireworks_create_job_async  (HoneFireworks                       *self,
                                                   const HoneFireworksFineTuneSettings *settings,
                                                   GCancellable                        *cancellable,
                                                   GAsyncReadyCallback                  callback,
                                                   gpointer                             user_data);
HoneFineTuneJob *hone_fireworks_create_job_finish (HoneFireworks  *self,
                                                   GAsyncResult   *result,
                                                   GError        **error);

/* GET …/supervisedFineTuningJobs/{id} */
void             hone_fireworks_get_job_async     (HoneFireworks        *self,
                                                   const char           *job_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
HoneFineTuneJob *hone_fireworks_get_job_finish    (HoneFireworks        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* GET …/supervisedFineTuningJobs?pageSize=200 (one page, the largest
 * Fireworks gives): (element-type HoneFineTuneJob) */
void             hone_fireworks_list_jobs_async   (HoneFireworks        *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray       *hone_fireworks_list_jobs_finish  (HoneFireworks        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* POST …/supervisedFineTuningJobs/{id}:cancel {} (see the top of this file:
 * unverified); TRUE when Fireworks accepted it. Follow with a get. */
void             hone_fireworks_cancel_job_async  (HoneFireworks        *self,
                                                   const char           *job_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         hone_fireworks_cancel_job_finish (HoneFireworks        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* DELETE …/supervisedFineTuningJobs/{id} */
void             hone_fireworks_delete_job_async  (HoneFireworks        *self,
                                                   const char           *job_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         hone_fireworks_delete_job_finish (HoneFireworks        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
