/* hone-provider.h: one way to fine-tune, whichever provider trains
 *
 * Wraps the Together AI, Fireworks AI and OpenAI clients behind the calls a
 * fine-tune needs (upload, create, follow, cancel, clean up), with the
 * provider-neutral settings and job structs. The wizard, the job poller
 * and `hone-cli finetune` use only this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "hone-fine-tune-job.h"
#include "hone-fine-tune-settings.h"
#include "hone-http.h"

G_BEGIN_DECLS

#define HONE_TYPE_PROVIDER (hone_provider_get_type ())

G_DECLARE_FINAL_TYPE (HoneProvider, hone_provider, HONE, PROVIDER, GObject)

typedef void (*HoneProviderProgressFunc) (guint64  sent,
                                          guint64  total,
                                          gpointer user_data);

/* Whether Hone can fine-tune on @provider_id ("together", "fireworks",
 * "openai") */
gboolean      hone_provider_can_train        (const char            *provider_id);

/* The environment variable that moves @provider_id's address (a gateway
 * or proxy in front of it): "HONE_TOGETHER_BASE_URL" … */
const char   *hone_provider_base_url_variable (const char           *provider_id);

/* @session: (nullable): the application's; @base_url: (nullable): else the
 * address in hone_provider_base_url_variable(), else the provider's own.
 * HONE_ERROR_INVALID for a provider Hone cannot train on. */
HoneProvider *hone_provider_new              (const char            *provider_id,
                                              SoupSession           *session,
                                              const char            *api_key,
                                              const char            *base_url,
                                              GError               **error);
const char   *hone_provider_get_id           (HoneProvider          *self);
/* The address given to hone_provider_new(), or NULL for the provider's own */
const char   *hone_provider_get_base_url     (HoneProvider          *self);
/* "Together AI" */
const char   *hone_provider_get_name         (HoneProvider          *self);
void          hone_provider_set_retry_policy (HoneProvider          *self,
                                              const HoneRetryPolicy *policy);
/* Fireworks names everything under an account */
void          hone_provider_set_account_id   (HoneProvider          *self,
                                              const char            *account_id);
/* OpenAI's cut-off is checked against this date (tests) */
void          hone_provider_set_today        (HoneProvider          *self,
                                              GDateTime             *today);
/* Whether the provider reports training and validation loss by step */
gboolean      hone_provider_has_metrics      (HoneProvider          *self);

/* Uploads a chat JSONL file as @name (no extension: ".jsonl" is added; on
 * Fireworks it is the dataset id) and returns the id to train on. Never
 * re-sent once sent. */
void          hone_provider_upload_async     (HoneProvider             *self,
                                              GBytes                   *contents,
                                              const char               *name,
                                              gint64                    n_examples,
                                              HoneProviderProgressFunc  progress,
                                              gpointer                  progress_data,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data);
char         *hone_provider_upload_finish    (HoneProvider          *self,
                                              GAsyncResult          *result,
                                              GError               **error);

/* Creates the job. @job_name: Hone's name for it (Fireworks uses it as the
 * job id, so a job whose answer was lost can be found by it). Never
 * re-sent once sent, except after a 429. */
void          hone_provider_create_async     (HoneProvider               *self,
                                              const char                 *model,
                                              const char                 *training_file,
                                              const char                 *validation_file,
                                              const char                 *job_name,
                                              const HoneFineTuneSettings *settings,
                                              GCancellable               *cancellable,
                                              GAsyncReadyCallback         callback,
                                              gpointer                    user_data);
HoneFineTuneJob *hone_provider_create_finish (HoneProvider          *self,
                                              GAsyncResult          *result,
                                              GError               **error);

void          hone_provider_get_job_async    (HoneProvider          *self,
                                              const char            *job_id,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
HoneFineTuneJob *hone_provider_get_job_finish (HoneProvider         *self,
                                              GAsyncResult          *result,
                                              GError               **error);

/* Asks the provider to stop the job; returns the job as it is afterwards */
void          hone_provider_cancel_async     (HoneProvider          *self,
                                              const char            *job_id,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
HoneFineTuneJob *hone_provider_cancel_finish (HoneProvider          *self,
                                              GAsyncResult          *result,
                                              GError               **error);

/* The newest jobs of the account (one page): (element-type HoneFineTuneJob) */
void          hone_provider_list_jobs_async  (HoneProvider          *self,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
GPtrArray    *hone_provider_list_jobs_finish (HoneProvider          *self,
                                              GAsyncResult          *result,
                                              GError               **error);

/* (element-type HoneFineTuneEvent), oldest first; empty where the
 * provider has none */
void          hone_provider_list_events_async  (HoneProvider        *self,
                                                const char          *job_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray    *hone_provider_list_events_finish (HoneProvider        *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* (element-type HoneFineTuneCheckpoint); empty where the provider has none */
void          hone_provider_list_checkpoints_async  (HoneProvider        *self,
                                                     const char          *job_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GPtrArray    *hone_provider_list_checkpoints_finish (HoneProvider        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* (element-type HoneFineTuneMetric) by step; empty where the provider does
 * not report losses (hone_provider_has_metrics()) */
void          hone_provider_get_metrics_async  (HoneProvider        *self,
                                                const char          *job_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GArray       *hone_provider_get_metrics_finish (HoneProvider        *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The base models the provider fine-tunes now, from its live list
 * (Together's supported models); NULL without an error when the provider
 * has no such list (OpenAI, Fireworks) */
void          hone_provider_list_models_async  (HoneProvider        *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GStrv         hone_provider_list_models_finish (HoneProvider        *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/**
 * HoneProviderEstimate:
 * @available: whether the provider gave one (only Together does, once the
 *   files are uploaded)
 * @price: its estimate in US dollars, or -1
 * @allowed: FALSE when the provider says the account cannot pay for it
 * @user_limit: the account's limit in US dollars, or -1
 */
typedef struct {
  gboolean available;
  double   price;
  gboolean allowed;
  double   user_limit;
} HoneProviderEstimate;

void          hone_provider_estimate_async   (HoneProvider               *self,
                                              const char                 *model,
                                              const char                 *training_file,
                                              const char                 *validation_file,
                                              const HoneFineTuneSettings *settings,
                                              GCancellable               *cancellable,
                                              GAsyncReadyCallback         callback,
                                              gpointer                    user_data);
gboolean      hone_provider_estimate_finish  (HoneProvider          *self,
                                              GAsyncResult          *result,
                                              HoneProviderEstimate  *estimate,
                                              GError               **error);

/* Deletes what a fine-tune uploaded: the files in @known_ids (NULL-ended,
 * may be NULL) and every file whose name starts with @upload_name (one
 * whose upload was cut off before Hone learnt its id). A file already gone
 * counts as deleted. Returns how many were deleted. */
void          hone_provider_delete_uploads_async  (HoneProvider        *self,
                                                   const char          *upload_name,
                                                   const char * const  *known_ids,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      hone_provider_delete_uploads_finish (HoneProvider        *self,
                                                   GAsyncResult        *result,
                                                   guint               *n_deleted,
                                                   GError             **error);

G_END_DECLS
