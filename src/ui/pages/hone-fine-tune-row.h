/* hone-fine-tune-row.h: one fine-tune in the list of the Fine-tunes page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row shows a record as the project keeps it: its status (a coloured
 * icon and word), the base model and provider, when it started, its price
 * (billed, else Hone's estimate) and the model it made. The functions
 * below word the same things for the job view.
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"

G_BEGIN_DECLS

#define HONE_TYPE_FINE_TUNE_ROW (hone_fine_tune_row_get_type ())

G_DECLARE_FINAL_TYPE (HoneFineTuneRow, hone_fine_tune_row, HONE, FINE_TUNE_ROW, GtkListBoxRow)

GtkWidget  *hone_fine_tune_row_new        (const HoneFineTuneRecord *record);
/* Shows @record (a copy is kept) */
void        hone_fine_tune_row_set_record (HoneFineTuneRow          *self,
                                           const HoneFineTuneRecord *record);
const HoneFineTuneRecord *hone_fine_tune_row_get_record (HoneFineTuneRow *self);
gint64      hone_fine_tune_row_get_id     (HoneFineTuneRow          *self);
/* Why following the job fails ("Add your Together AI key …"), or NULL */
void        hone_fine_tune_row_set_problem (HoneFineTuneRow         *self,
                                            const char              *problem);
const char *hone_fine_tune_row_get_problem (HoneFineTuneRow         *self);
/* A start that is running now in this Hone (the New Fine-tune window):
 * "Starting…" rather than "Interrupted …" */
void        hone_fine_tune_row_set_starting (HoneFineTuneRow        *self,
                                             gboolean                starting);
/* The status word shown ("Running", "Interrupted while sending files") */
const char *hone_fine_tune_row_get_status_text (HoneFineTuneRow     *self);

/* Wording shared with the job view ---------------------------------------- */

/* The status of @record for people ("Succeeded", "Interrupted while sending
 * files" …) with an icon name and a style class ("success", "error",
 * "warning", "accent" or "dim-label") */
const char *hone_fine_tune_describe_status (const HoneFineTuneRecord *record,
                                            const char              **icon_name,
                                            const char              **style_class);
/* "Today 10:04", "Yesterday 18:30", "Mon 09:12", "3 Nov 09:12",
 * "3 Nov 2025" for @unix_time in local time; relative to @now (NULL: now) */
char       *hone_fine_tune_format_time     (gint64                    unix_time,
                                            GDateTime                *now);
/* "$0.48", "< $0.01" */
char       *hone_fine_tune_format_price    (double                    dollars);
/* The price for the list: "$0.48" when billed, else "≈ $0.48 estimated",
 * else NULL */
char       *hone_fine_tune_describe_price  (const HoneFineTuneRecord *record);
/* "Together AI" for "together" */
char       *hone_fine_tune_dup_provider_name (const char             *provider_id);
/* "Qwen3 8B": the catalogue's name of the record's base model, else its id */
char       *hone_fine_tune_dup_model_name  (const HoneFineTuneRecord *record);

G_END_DECLS
