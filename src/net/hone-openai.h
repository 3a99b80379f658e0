/* hone-openai.h: the OpenAI fine-tuning API
 *
 * Paths and fields follow OpenAI's OpenAPI spec 2.3.0
 * (shared/oracles/openai/README.md): POST /files (multipart), and
 * /fine_tuning/jobs with its cancel, events and checkpoints. Responses are
 * read leniently (the spec's own examples break its "required" fields). The
 * API key is only ever sent as a bearer token to the base URL, never logged.
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

#define HONE_OPENAI_DEFAULT_BASE_URL "https://api.openai.com/v1"

/* OpenAI takes no new fine-tuning jobs after 2027-01-06 (issue 6, provider
 * landscape checked 2026-11): from 2027-01-07 UTC, create is refused here.
 * Existing jobs can still be followed and cancelled. */
#define HONE_OPENAI_FINE_TUNING_CUTOFF_YEAR  2027
#define HONE_OPENAI_FINE_TUNING_CUTOFF_MONTH 1
#define HONE_OPENAI_FINE_TUNING_CUTOFF_DAY   6

/* Whether OpenAI's fine-tuning takes no new jobs on @date (any time zone;
 * its UTC day counts); NULL means now */
gboolean hone_openai_is_closed (GDateTime *date);

#define HONE_TYPE_OPENAI (hone_openai_get_type ())

G_DECLARE_FINAL_TYPE (HoneOpenAI, hone_openai, HONE, OPENAI, GObject)

typedef enum {
  HONE_OPENAI_METHOD_DEFAULT,      /* no "method" unless a hyperparameter is set: supervised */
  HONE_OPENAI_METHOD_SUPERVISED,
  HONE_OPENAI_METHOD_DPO,
} HoneOpenAIMethod;

/**
 * HoneOpenAIFineTuneSettings:
 *
 * Call hone_openai_fine_tune_settings_init() first: it marks every field
 * "not sent" (NULL strings, -1 for counts, NAN for fractions).
 *
 * @n_epochs, @batch_size: -1 not sent, 0 "auto", else the number
 * @learning_rate_multiplier, @dpo_beta: NAN not sent, 0 "auto", else the
 *   number (@dpo_beta with %HONE_OPENAI_METHOD_DPO only)
 * @seed: sent when @has_seed (0 … 2147483647)
 */
typedef struct {
  const char       *model;
  const char       *training_file;
  const char       *validation_file;
  const char       *suffix;
  HoneOpenAIMethod  method;
  gint              n_epochs;
  gint              batch_size;
  double            learning_rate_multiplier;
  double            dpo_beta;
  gboolean          has_seed;
  gint              seed;
} HoneOpenAIFineTuneSettings;

void      hone_openai_fine_tune_settings_init (HoneOpenAIFineTuneSettings *settings);

/* The JSON body of POST /fine_tuning/jobs, or NULL and HONE_ERROR_INVALID
 * naming the field */
JsonNode *hone_openai_build_fine_tune_body    (const HoneOpenAIFineTuneSettings *settings,
                                               GError                          **error);

/* A job from OpenAI's FineTuningJob object, or NULL and HONE_ERROR_PARSE */
HoneFineTuneJob *hone_openai_parse_job        (JsonNode  *node,
                                               GError   **error);

/* Called on the caller's main context while an upload sends the file */
typedef void (*HoneOpenAIProgressFunc) (guint64  sent,
                                        guint64  total,
                                        gpointer user_data);

/* @session: (nullable): the application's (hone_http_session_new() when NULL) */
HoneOpenAI   *hone_openai_new               (SoupSession           *session,
                                             const char            *api_key);
const char   *hone_openai_get_base_url      (HoneOpenAI            *self);
/* Default HONE_OPENAI_DEFAULT_BASE_URL; a trailing "/" is dropped */
void          hone_openai_set_base_url      (HoneOpenAI            *self,
                                             const char            *base_url);
void          hone_openai_set_api_key       (HoneOpenAI            *self,
                                             const char            *api_key);
void          hone_openai_set_retry_policy  (HoneOpenAI            *self,
                                             const HoneRetryPolicy *policy);
/* For tests only: the day create checks against the cut-off (NULL: now) */
void          hone_openai_set_today         (HoneOpenAI            *self,
                                             GDateTime             *today);

/* POST /files (multipart: purpose "fine-tune", file); sent once, never
 * retried (it would store the file twice). Returns the file id. */
void          hone_openai_upload_bytes_async  (HoneOpenAI             *self,
                                               GBytes                 *contents,
                                               const char             *file_name,
                                               HoneOpenAIProgressFunc  progress,
                                               gpointer                progress_data,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
char         *hone_openai_upload_finish       (HoneOpenAI             *self,
                                               GAsyncResult           *result,
                                               GError                **error);

/* GET /files?purpose=fine-tune (listFiles in shared/oracles/openai/openapi.yaml; one page, of up to
 * 10,000 files (the API's default limit)): (element-type HoneProviderFile) */
void          hone_openai_list_files_async    (HoneOpenAI          *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray    *hone_openai_list_files_finish   (HoneOpenAI          *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* DELETE /files/{id} (deleteFile, same spec); HONE_ERROR_NOT_FOUND when OpenAI has
 * no such file */
void          hone_openai_delete_file_async   (HoneOpenAI          *self,
                                               const char          *file_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      hone_openai_delete_file_finish  (HoneOpenAI          *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* POST /fine_tuning/jobs; never re-sent once sent, except after a 429.
 * HONE_ERROR_INVALID without a request after the cut-off. */
void             hone_openai_create_fine_tune_async  (HoneOpenAI                       *self,
                                                      const HoneOpenAIFineTuneSettings *settings,
                                                      GCancellable                     *cancellable,
                                                      GAsyncReadyCallback               callback,
                                                      gpointer                          user_data);
HoneFineTuneJob *hone_openai_create_fine_tune_finish (HoneOpenAI    *self,
                                                      GAsyncResult  *result,
                                                      GError       **error);

/* GET /fine_tuning/jobs/{id} */
void             hone_openai_get_job_async     (HoneOpenAI          *self,
                                                const char          *job_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
HoneFineTuneJob *hone_openai_get_job_finish    (HoneOpenAI    *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* POST /fine_tuning/jobs/{id}/cancel */
void             hone_openai_cancel_job_async  (HoneOpenAI          *self,
                                                const char          *job_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
HoneFineTuneJob *hone_openai_cancel_job_finish (HoneOpenAI    *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* GET /fine_tuning/jobs?limit=100 (the newest 100): (element-type HoneFineTuneJob) */
void             hone_openai_list_jobs_async   (HoneOpenAI          *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray       *hone_openai_list_jobs_finish  (HoneOpenAI    *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* GET /fine_tuning/jobs/{id}/events, every page (after=, while has_more),
 * oldest first: (element-type HoneFineTuneEvent) */
void             hone_openai_list_events_async  (HoneOpenAI          *self,
                                                 const char          *job_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray       *hone_openai_list_events_finish (HoneOpenAI    *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);

/* GET /fine_tuning/jobs/{id}/checkpoints (one page of up to 100):
 * (element-type HoneFineTuneCheckpoint); @path is the checkpoint's model name */
void             hone_openai_list_checkpoints_async  (HoneOpenAI          *self,
                                                      const char          *job_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray       *hone_openai_list_checkpoints_finish (HoneOpenAI    *self,
                                                      GAsyncResult  *result,
                                                      GError       **error);

G_END_DECLS
