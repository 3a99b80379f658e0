/* hone-fine-tune-diff.h: what changed in the data since a fine-tune
 *
 * Renders the project's examples now, through its templates now, and
 * compares each line with the line the same example gave in the files
 * that trained the fine-tune (kept in the project): the same, changed
 * (a value or a template was edited), removed (deleted, or moved to
 * another split) or added since.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-fine-tune-record.h"
#include "hone-project.h"

G_BEGIN_DECLS

void                    hone_fine_tune_data_change_async  (HoneProject          *project,
                                                           gint64                fine_tune_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
HoneFineTuneDataChange *hone_fine_tune_data_change_finish (HoneProject          *project,
                                                           GAsyncResult         *result,
                                                           GError              **error);
/* Blocking (hone-cli, tests) */
HoneFineTuneDataChange *hone_fine_tune_data_change        (HoneProject          *project,
                                                           gint64                fine_tune_id,
                                                           GCancellable         *cancellable,
                                                           GError              **error);
/* "3 examples changed, 1 removed, 12 added since", or "The data is the
 * same as when it trained." */
char                   *hone_fine_tune_data_change_describe (const HoneFineTuneDataChange *change);

G_END_DECLS
