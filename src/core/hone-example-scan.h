/* hone-example-scan.h: every example of a project file, one at a time, in
 * a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-example.h"

G_BEGIN_DECLS

/* Called for each example in id order; @example holds its id, split and
 * values (source and times are not read). Return FALSE to stop (the scan
 * then fails with HONE_ERROR_CANCELLED). */
typedef gboolean (*HoneExampleScanFunc) (HoneExample *example,
                                         gpointer     user_data);

/* Reads the examples of the project file at @path that are not excluded,
 * on a read-only connection of its own, in one snapshot, one example at a
 * time (memory does not grow with their number). @n_excluded, when not
 * NULL, receives the number of excluded examples in the same snapshot.
 * Blocking: for a worker thread or hone-cli. */
gboolean hone_example_scan (const char           *path,
                            HoneExampleScanFunc   func,
                            gpointer              user_data,
                            guint64              *n_excluded,
                            GCancellable         *cancellable,
                            GError              **error);

G_END_DECLS
