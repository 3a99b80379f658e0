/* hone-store.h: SQLite plumbing shared by the project and the index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* PRAGMA application_id of a project file: "Hone" in ASCII */
#define HONE_STORE_APPLICATION_ID 0x486F6E65
/* PRAGMA user_version written by this version of Hone.
 *   1: fields, examples, values, one current text per template role
 *   2: every version of every template is kept (template_versions)
 *   3: template versions are kept only once used (template_versions.kept);
 *      the newest one is otherwise updated in place */
#define HONE_STORE_SCHEMA_VERSION 4

#define HONE_STORE_BUSY_TIMEOUT_MS 5000

typedef enum {
  HONE_STORE_OPEN_READ_ONLY = 1 << 0,
  HONE_STORE_OPEN_CREATE    = 1 << 1,
} HoneStoreOpenFlags;

/* Reads the 100-byte SQLite header of @path without opening it as a
 * database: refuses what is not a SQLite file, not a Hone project, or from
 * a newer Hone. Stores the schema version found in the header. */
gboolean      hone_store_check_header   (const char    *path,
                                         const char    *display_name,
                                         int           *out_version,
                                         GError       **error);

/* Opens (or with CREATE, creates) a database connection with the pragmas
 * Hone uses (foreign keys, busy timeout; WAL unless read-only). */
sqlite3      *hone_store_open_db        (const char          *path,
                                         HoneStoreOpenFlags   flags,
                                         GError             **error);

/* Sets @error from the connection's last error, with @what saying what Hone
 * was doing ("Could not save the project"). Maps SQLite codes to HONE_ERROR. */
void          hone_store_set_error      (GError       **error,
                                         sqlite3       *db,
                                         int            rc,
                                         const char    *what);

gboolean      hone_store_exec           (sqlite3       *db,
                                         const char    *sql,
                                         GError       **error);
sqlite3_stmt *hone_store_prepare        (sqlite3       *db,
                                         const char    *sql,
                                         GError       **error);
/* Runs a statement expected to return one integer; -1 on error */
gint64        hone_store_query_int      (sqlite3       *db,
                                         const char    *sql,
                                         GError       **error);

/* Brings a project database from @from_version to HONE_STORE_SCHEMA_VERSION
 * inside one transaction. @from_version 0 is an empty, new database. */
gboolean      hone_store_migrate        (sqlite3       *db,
                                         int            from_version,
                                         GError       **error);
/* For tests: migrates only up to @to_version. */
gboolean      hone_store_migrate_to     (sqlite3       *db,
                                         int            from_version,
                                         int            to_version,
                                         GError       **error);

/* Checks that the tables this version needs are there. */
gboolean      hone_store_check_schema   (sqlite3       *db,
                                         const char    *display_name,
                                         GError       **error);

gint64        hone_store_now            (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
