/* hone-example-query-private.h: running a HoneExampleQuery in SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "hone-example-query.h"

G_BEGIN_DECLS

/* Installs the SQL functions the queries use on a connection:
 * hone_contains(value, folded_text) → 1 when value contains the text */
void        hone_example_query_register_functions (sqlite3                 *db);

/* "SELECT <columns> FROM examples e WHERE <filters>", with ORDER BY when
 * @ordered (by split or id; a sort by field is done by
 * hone_example_query_run() alone). The parameters are bound by
 * hone_example_query_bind(); the text filter needs hone_contains(). */
char       *hone_example_query_to_sql      (const HoneExampleQuery  *self,
                                            sqlite3                 *db,
                                            const char              *columns,
                                            gboolean                 ordered);
void        hone_example_query_bind        (const HoneExampleQuery  *self,
                                            sqlite3_stmt            *stmt);

/* The ids of the examples the query selects, in its order. Works on any
 * connection (a worker thread's too); @cancellable interrupts SQLite. */
GArray     *hone_example_query_run         (const HoneExampleQuery  *self,
                                            sqlite3                 *db,
                                            GCancellable            *cancellable,
                                            GError                 **error);

G_END_DECLS
