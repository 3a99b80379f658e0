/* hone-fake-together.h: a fake Together AI that remembers what it was sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On top of HoneFakeServer (scripted responses still win, so a test can
 * queue a 500 or a lost answer before the fake's own): the upload flow
 * (POST /v1/files → 302 to /storage/…, PUT, preprocess) handing out
 * file-1, file-2 …; POST /v1/fine-tunes making ft-1, ft-2 … from the body
 * sent; GET /v1/fine-tunes (the list); GET /v1/fine-tunes/ID going
 * pending → running → completed over @gets_until_done reads, with events,
 * checkpoints and a loss curve that grow as it runs; POST …/cancel; GET
 * /v1/fine-tunes/models/supported (Qwen3 8B and 14B, Llama 3.1 8B and one
 * model the catalogue does not know). Used by
 * the runner, CLI and UI tests.
 */
#pragma once

#include "hone-fake-server.h"

G_BEGIN_DECLS

typedef struct _HoneFakeTogether HoneFakeTogether;

/* Routes on @server under /v1 */
HoneFakeTogether *hone_fake_together_new        (HoneFakeServer   *server);
void              hone_fake_together_free       (HoneFakeTogether *self);

/* Reads of a job until it ends (default 3: pending, running, completed) */
void              hone_fake_together_set_gets_until_done (HoneFakeTogether *self,
                                                          guint             gets);
/* How a job ends: "completed" (default) or "error" */
void              hone_fake_together_set_final_status    (HoneFakeTogether *self,
                                                          const char       *status);
/* POST /v1/fine-tunes/estimate-price answers $0.52 and, unless set to
 * FALSE here, allowed_to_proceed */
void              hone_fake_together_set_allowed         (HoneFakeTogether *self,
                                                          gboolean          allowed);
/* Jobs created so far, and files uploaded (POST /v1/files) */
guint             hone_fake_together_get_n_jobs  (HoneFakeTogether *self);
guint             hone_fake_together_get_n_files (HoneFakeTogether *self);
/* Files uploaded and not deleted (GET /v1/files lists them, with the
 * file_name sent; DELETE /v1/files/ID deletes one) */
guint             hone_fake_together_get_n_live_files (HoneFakeTogether *self);
/* The JSON body of the @index-th create (0-based), or NULL */
char             *hone_fake_together_dup_create_body (HoneFakeTogether *self,
                                                      guint             index);
/* Adds a job to the list as if someone had created it (a lost answer) */
void              hone_fake_together_add_job     (HoneFakeTogether *self,
                                                  const char       *training_file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneFakeTogether, hone_fake_together_free)

G_END_DECLS
