/* hone-fine-tunes-page.h: the project's fine-tunes, and each one in detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list (newest first) follows the project's "fine-tune-changed". A
 * start that was cut short (a quit or crash while sending files or asking
 * for the job) shows a banner with Resume and Give Up. Clicking a row
 * shows its HoneFineTuneView.
 *
 * The page follows every unfinished job in the background with a
 * HoneJobPoller, from the moment the project is set until the page goes;
 * the API keys come from the keyring (looked up once per provider, again
 * when one was missing). A job that ends sends a desktop notification.
 *
 * Actions (on the class): finetune.new (the New Fine-tune window),
 * finetune.open (x: a record id), finetune.back, finetune.resume and
 * finetune.give-up (the banner's record), finetune.cancel (x: asks
 * first), finetune.refresh (x: reads the job now), finetune.copy (s: puts
 * the text on the clipboard).
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"
#include "hone-fine-tune-row.h"
#include "hone-fine-tune-view.h"
#include "hone-job-poller.h"

G_BEGIN_DECLS

#define HONE_TYPE_FINE_TUNES_PAGE (hone_fine_tunes_page_get_type ())

G_DECLARE_FINAL_TYPE (HoneFineTunesPage, hone_fine_tunes_page, HONE, FINE_TUNES_PAGE, AdwBin)

GtkWidget        *hone_fine_tunes_page_new           (void);
HoneProject      *hone_fine_tunes_page_get_project   (HoneFineTunesPage *self);
/* Shows @project's fine-tunes and starts following its unfinished jobs
 * (once the keys are looked up); once only */
void              hone_fine_tunes_page_set_project   (HoneFineTunesPage *self,
                                                      HoneProject       *project);
/* The poller following the jobs (NULL before a project) */
HoneJobPoller    *hone_fine_tunes_page_get_poller    (HoneFineTunesPage *self);

/* Shows @id's job view; FALSE when there is no such fine-tune */
gboolean          hone_fine_tunes_page_show_job      (HoneFineTunesPage *self,
                                                      gint64             id);
/* Back to the list */
void              hone_fine_tunes_page_show_list     (HoneFineTunesPage *self);
/* The job shown, or 0 when the list is */
gint64            hone_fine_tunes_page_get_shown_job (HoneFineTunesPage *self);
HoneFineTuneView *hone_fine_tunes_page_get_view      (HoneFineTunesPage *self);

/* For tests */
guint             hone_fine_tunes_page_get_n_rows    (HoneFineTunesPage *self);
HoneFineTuneRow  *hone_fine_tunes_page_get_row       (HoneFineTunesPage *self,
                                                      gint64             id);
/* Whether the empty state is shown */
gboolean          hone_fine_tunes_page_is_empty      (HoneFineTunesPage *self);
/* The record the "did not finish starting" banner is about, or 0 when it
 * is hidden */
gint64            hone_fine_tunes_page_get_banner_id (HoneFineTunesPage *self);
/* Whether a resume, give-up or cancel is on its way */
gboolean          hone_fine_tunes_page_is_busy       (HoneFineTunesPage *self);
/* The Cancel confirmation while it is open, else NULL */
GtkWindow        *hone_fine_tunes_page_get_cancel_dialog (HoneFineTunesPage *self);
/* The text of the last toast, and the title of the last notification
 * sent, or NULL */
const char       *hone_fine_tunes_page_get_last_toast (HoneFineTunesPage *self);
const char       *hone_fine_tunes_page_get_last_notification (HoneFineTunesPage *self);

G_END_DECLS
