/* hone-example-scan.c: every example of a project file, one at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-example-scan.h"
#include "hone-store.h"

/* How often the scan looks at its cancellable, in rows */
#define CANCEL_CHECK_INTERVAL 256

static gboolean
scan (sqlite3              *db,
      HoneExampleScanFunc   func,
      gpointer              user_data,
      guint64              *n_excluded,
      GCancellable         *cancellable,
      GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(HoneExample) example = NULL;
  guint64 n_rows = 0;
  int rc;

  if (n_excluded != NULL)
    {
      g_autoptr(sqlite3_stmt) count = NULL;

      count = hone_store_prepare (db, "SELECT count(*) FROM examples WHERE split = 'excluded'", error);
      if (count == NULL)
        return FALSE;
      rc = sqlite3_step (count);
      if (rc != SQLITE_ROW)
        {
          hone_store_set_error (error, db, rc, _("Could not read the examples"));
          return FALSE;
        }
      *n_excluded = sqlite3_column_int64 (count, 0);
    }

  stmt = hone_store_prepare (db,
                             "SELECT e.id, e.split, v.field_id, v.value FROM examples e"
                             " LEFT JOIN example_values v ON v.example_id = e.id"
                             " WHERE e.split != 'excluded'"
                             " ORDER BY e.id",
                             error);
  if (stmt == NULL)
    return FALSE;

  while (TRUE)
    {
      gint64 id = -1;

      if (++n_rows % CANCEL_CHECK_INTERVAL == 0 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      else if (rc != SQLITE_DONE)
        {
          hone_store_set_error (error, db, rc, _("Could not read the examples"));
          return FALSE;
        }

      /* The previous example is complete */
      if (example != NULL && id != hone_example_get_id (example))
        {
          if (!func (example, user_data))
            {
              g_set_error_literal (error, HONE_ERROR, HONE_ERROR_CANCELLED,
                                   _("The examples were not all read: it was stopped."));
              return FALSE;
            }
          g_clear_object (&example);
        }

      if (rc == SQLITE_DONE)
        break;

      if (example == NULL)
        {
          HoneSplit split;

          if (!hone_split_from_string ((const char *) sqlite3_column_text (stmt, 1), &split) ||
              split == HONE_SPLIT_EXCLUDED)
            split = HONE_SPLIT_TRAIN;
          example = hone_example_new (id, split, HONE_EXAMPLE_SOURCE_TYPED, 0, 0);
        }
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        hone_example_take_value (example, sqlite3_column_int64 (stmt, 2),
                                 g_strdup ((const char *) sqlite3_column_text (stmt, 3)));
    }

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

gboolean
hone_example_scan (const char           *path,
                   HoneExampleScanFunc   func,
                   gpointer              user_data,
                   guint64              *n_excluded,
                   GCancellable         *cancellable,
                   GError              **error)
{
  g_autofree char *display = NULL;
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  display = g_path_get_basename (path);
  if (!hone_store_check_header (path, display, NULL, error))
    return FALSE;
  db = hone_store_open_db (path, HONE_STORE_OPEN_READ_ONLY, error);
  if (db == NULL)
    return FALSE;

  /* One snapshot from the first example to the last */
  ok = hone_store_exec (db, "BEGIN;", error) &&
       scan (db, func, user_data, n_excluded, cancellable, error);

  sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
  sqlite3_close_v2 (db);
  return ok;
}
