/* hone-store.c: SQLite plumbing shared by the project and the index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-store.h"

/* Each migration takes a database of version N-1 to version N. They are
 * never edited once released: a file written by any earlier Hone must
 * still open. tests/core/test-store.c opens a frozen file of each version. */
static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE fields ("
  "  id             INTEGER PRIMARY KEY,"
  "  name           TEXT NOT NULL UNIQUE,"
  "  kind           TEXT NOT NULL CHECK (kind IN ('short-text', 'long-text', 'label', 'number', 'yes-no')),"
  "  description    TEXT NOT NULL DEFAULT '',"
  "  allowed_values TEXT NOT NULL DEFAULT '[]',"
  "  position       INTEGER NOT NULL"
  ");"
  "CREATE TABLE examples ("
  "  id       INTEGER PRIMARY KEY,"
  "  split    TEXT NOT NULL DEFAULT 'train' CHECK (split IN ('train', 'validation', 'excluded')),"
  "  source   TEXT NOT NULL DEFAULT 'typed' CHECK (source IN ('typed', 'imported', 'synthesized', 'feedback')),"
  "  created  INTEGER NOT NULL,"
  "  modified INTEGER NOT NULL"
  ");"
  "CREATE INDEX examples_by_split ON examples (split);"
  "CREATE TABLE example_values ("
  "  example_id INTEGER NOT NULL REFERENCES examples (id) ON DELETE CASCADE,"
  "  field_id   INTEGER NOT NULL REFERENCES fields (id) ON DELETE CASCADE,"
  "  value      TEXT NOT NULL,"
  "  PRIMARY KEY (example_id, field_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE templates ("
  "  role     TEXT PRIMARY KEY NOT NULL CHECK (role IN ('system', 'user', 'assistant')),"
  "  text     TEXT NOT NULL,"
  "  modified INTEGER NOT NULL"
  ") WITHOUT ROWID;",

  /* 1 → 2: keep every version of a template, so a fine-tune can point at
   * the exact version that trained it. */
  "CREATE TABLE template_versions ("
  "  id      INTEGER PRIMARY KEY,"
  "  role    TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),"
  "  version INTEGER NOT NULL,"
  "  text    TEXT NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  UNIQUE (role, version)"
  ");"
  "INSERT INTO template_versions (role, version, text, created)"
  "  SELECT role, 1, text, modified FROM templates;"
  "DROP TABLE templates;",

  /* 2 → 3: typing no longer makes a version per keystroke. The newest
   * version of a role is updated in place until it is kept (a fine-tune
   * used it); the next edit then starts a new version. Versions written
   * before may be what something outside points at: they are all kept. */
  "ALTER TABLE template_versions ADD COLUMN kept INTEGER NOT NULL DEFAULT 0 CHECK (kept IN (0, 1));"
  "ALTER TABLE template_versions ADD COLUMN modified INTEGER NOT NULL DEFAULT 0;"
  "UPDATE template_versions SET kept = 1, modified = created;",

  /* 3 → 4: the fine-tunes started from the project, recorded at every step
   * of starting them, and the exact files that trained each one
   * (hone-project-fine-tunes.c). */
  "CREATE TABLE fine_tunes ("
  "  id                INTEGER PRIMARY KEY,"
  "  provider          TEXT NOT NULL,"
  "  model             TEXT NOT NULL,"
  "  base_url          TEXT,"
  "  upload_name       TEXT NOT NULL,"
  "  step              TEXT NOT NULL CHECK (step IN ('preparing', 'uploading', 'creating', 'started', 'not-started')),"
  "  settings          TEXT NOT NULL DEFAULT '{}',"
  "  training_file     TEXT,"
  "  validation_file   TEXT,"
  "  files_deleted     INTEGER NOT NULL DEFAULT 0 CHECK (files_deleted IN (0, 1)),"
  "  job_id            TEXT,"
  "  status            TEXT,"
  "  raw_status        TEXT,"
  "  output_model      TEXT,"
  "  error_message     TEXT,"
  "  estimate_tokens   INTEGER,"
  "  estimate_price    REAL,"
  "  provider_estimate REAL,"
  "  billed_tokens     INTEGER,"
  "  billed_price      REAL,"
  "  system_version    INTEGER NOT NULL DEFAULT 0,"
  "  user_version      INTEGER NOT NULL DEFAULT 0,"
  "  assistant_version INTEGER NOT NULL DEFAULT 0,"
  "  template_style    TEXT NOT NULL DEFAULT 'chat',"
  "  n_train           INTEGER NOT NULL DEFAULT 0,"
  "  n_validation      INTEGER NOT NULL DEFAULT 0,"
  "  train_sha256      TEXT,"
  "  validation_sha256 TEXT,"
  "  created           INTEGER NOT NULL,"
  "  updated           INTEGER NOT NULL,"
  "  started           INTEGER,"
  "  finished          INTEGER,"
  "  events            TEXT,"
  "  metrics           TEXT,"
  "  checkpoints       TEXT"
  ");"
  "CREATE INDEX fine_tunes_by_job ON fine_tunes (job_id);"
  "CREATE TABLE fine_tune_files ("
  "  fine_tune_id INTEGER NOT NULL REFERENCES fine_tunes (id) ON DELETE CASCADE,"
  "  role         TEXT NOT NULL CHECK (role IN ('train', 'validation')),"
  "  sha256       TEXT NOT NULL,"
  "  n_rows       INTEGER NOT NULL,"
  "  size         INTEGER NOT NULL,"
  "  row_ids      TEXT NOT NULL,"
  "  content      BLOB NOT NULL,"
  "  PRIMARY KEY (fine_tune_id, role)"
  ") WITHOUT ROWID;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == HONE_STORE_SCHEMA_VERSION);

/* The tables a database of the current version must have */
static const char * const required_tables[] = {
  "meta", "fields", "examples", "example_values", "template_versions",
  "fine_tunes", "fine_tune_files",
};

gint64
hone_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

gboolean
hone_store_check_header (const char  *path,
                         const char  *display_name,
                         int         *out_version,
                         GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 header[100];
  gsize n_read = 0;
  guint32 app_id, version;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                     _("There is no file “%s”. It may have been moved or deleted."),
                     display_name);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_A_PROJECT,
                     _("“%s” is a folder, not a Hone project."), display_name);
      else
        g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                     _("Could not read “%s”: %s"), display_name, local_error->message);
      return FALSE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header,
                                &n_read, NULL, &local_error))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                   _("Could not read “%s”: %s"), display_name, local_error->message);
      return FALSE;
    }

  if (n_read < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_A_PROJECT,
                   _("“%s” is not a Hone project. Hone opens files that end in .hone and were saved by Hone."),
                   display_name);
      return FALSE;
    }

  app_id = read_be32 (header + 68);
  version = read_be32 (header + 60);

  if (app_id != HONE_STORE_APPLICATION_ID)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_A_PROJECT,
                   _("“%s” is a database, but not a Hone project. Hone opens files that end in .hone and were saved by Hone."),
                   display_name);
      return FALSE;
    }

  if (version > HONE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Hone (project format %u; this version reads formats up to %d). Update Hone to open it."),
                   display_name, version, HONE_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  if (version == 0)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_CORRUPT,
                   _("“%s” is an unfinished or damaged Hone project and cannot be opened."),
                   display_name);
      return FALSE;
    }

  if (out_version != NULL)
    *out_version = (int) version;

  return TRUE;
}

void
hone_store_set_error (GError     **error,
                      sqlite3     *db,
                      int          rc,
                      const char  *what)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, HONE_ERROR, HONE_ERROR_BUSY,
                   _("%s: the project is being changed by another program. Try again in a moment."),
                   what);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, HONE_ERROR, HONE_ERROR_CORRUPT,
                   _("%s: the project file is damaged (%s). Open a backup copy if you have one."),
                   what, detail);
      break;

    case SQLITE_FULL:
      g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                   _("%s: the disk is full. Free some space and try again."), what);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                   _("%s: Hone is not allowed to write to the project file or its folder (%s)."),
                   what, detail);
      break;

    case SQLITE_IOERR:
      g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                   _("%s: the file could not be read or written (%s)."), what, detail);
      break;

    case SQLITE_CONSTRAINT:
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID, "%s: %s", what, detail);
      break;

    default:
      g_set_error (error, HONE_ERROR, HONE_ERROR_FAILED, "%s: %s", what, detail);
      break;
    }
}

gboolean
hone_store_exec (sqlite3     *db,
                 const char  *sql,
                 GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      hone_store_set_error (error, db, rc, _("Could not update the project"));
      return FALSE;
    }

  return TRUE;
}

sqlite3_stmt *
hone_store_prepare (sqlite3     *db,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      hone_store_set_error (error, db, rc, _("Could not read the project"));
      return NULL;
    }

  return stmt;
}

gint64
hone_store_query_int (sqlite3     *db,
                      const char  *sql,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = hone_store_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      hone_store_set_error (error, db, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
                            _("Could not read the project"));
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

sqlite3 *
hone_store_open_db (const char          *path,
                    HoneStoreOpenFlags   flags,
                    GError             **error)
{
  sqlite3 *db = NULL;
  int open_flags;
  int rc;

  if (flags & HONE_STORE_OPEN_READ_ONLY)
    open_flags = SQLITE_OPEN_READONLY;
  else
    open_flags = SQLITE_OPEN_READWRITE;
  if (flags & HONE_STORE_OPEN_CREATE)
    open_flags |= SQLITE_OPEN_CREATE;

  rc = sqlite3_open_v2 (path, &db, open_flags | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    {
      hone_store_set_error (error, db, rc, _("Could not open the project"));
      sqlite3_close_v2 (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, HONE_STORE_BUSY_TIMEOUT_MS);

  if (!hone_store_exec (db, "PRAGMA foreign_keys = ON;", error))
    {
      sqlite3_close_v2 (db);
      return NULL;
    }

  return db;
}

gboolean
hone_store_migrate_to (sqlite3  *db,
                       int       from_version,
                       int       to_version,
                       GError  **error)
{
  g_autofree char *set_version = NULL;

  g_return_val_if_fail (from_version >= 0, FALSE);
  g_return_val_if_fail (to_version <= HONE_STORE_SCHEMA_VERSION, FALSE);

  if (from_version >= to_version)
    return TRUE;

  if (!hone_store_exec (db, "SAVEPOINT hone_migrate;", error))
    return FALSE;

  if (from_version == 0)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d;",
                                              HONE_STORE_APPLICATION_ID);
      if (!hone_store_exec (db, sql, error))
        goto fail;
    }

  for (int v = from_version; v < to_version; v++)
    {
      if (!hone_store_exec (db, migrations[v], error))
        goto fail;
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d;", to_version);
  if (!hone_store_exec (db, set_version, error))
    goto fail;

  return hone_store_exec (db, "RELEASE hone_migrate;", error);

fail:
  sqlite3_exec (db, "ROLLBACK TO hone_migrate; RELEASE hone_migrate;", NULL, NULL, NULL);
  return FALSE;
}

gboolean
hone_store_migrate (sqlite3  *db,
                    int       from_version,
                    GError  **error)
{
  return hone_store_migrate_to (db, from_version, HONE_STORE_SCHEMA_VERSION, error);
}

gboolean
hone_store_check_schema (sqlite3     *db,
                         const char  *display_name,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = hone_store_prepare (db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (required_tables); i++)
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, required_tables[i], -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_CORRUPT,
                       _("“%s” is a damaged Hone project: part of it (%s) is missing."),
                       display_name, required_tables[i]);
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        {
          hone_store_set_error (error, db, rc, _("Could not read the project"));
          return FALSE;
        }
    }

  return TRUE;
}
