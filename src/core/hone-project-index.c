/* hone-project-index.c: the projects this user has created or opened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hone-error.h"
#include "hone-project-index.h"
#include "hone-store.h"

/* "HonI": not a project, so the index can never be opened as one */
#define INDEX_APPLICATION_ID 0x486F6E49
#define INDEX_SCHEMA_VERSION 1

struct _HoneProjectIndex
{
  GObject     parent_instance;

  GFile      *file;
  sqlite3    *db;
  GListStore *model;
  /* path → serial of its last change through this index: a refresh that
   * read a file before that change must not undo it */
  GHashTable *serials;
  guint64     serial;
};

G_DEFINE_FINAL_TYPE (HoneProjectIndex, hone_project_index, G_TYPE_OBJECT)

static void
hone_project_index_finalize (GObject *object)
{
  HoneProjectIndex *self = HONE_PROJECT_INDEX (object);

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_object (&self->file);
  g_clear_object (&self->model);
  g_clear_pointer (&self->serials, g_hash_table_unref);

  G_OBJECT_CLASS (hone_project_index_parent_class)->finalize (object);
}

static void
hone_project_index_class_init (HoneProjectIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hone_project_index_finalize;
}

static void
hone_project_index_init (HoneProjectIndex *self)
{
  self->model = g_list_store_new (HONE_TYPE_PROJECT_INFO);
  self->serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
mark_changed (HoneProjectIndex *self,
              const char       *path)
{
  g_hash_table_replace (self->serials, g_strdup (path), GSIZE_TO_POINTER ((gsize) ++self->serial));
}

static guint64
get_serial (HoneProjectIndex *self,
            const char       *path)
{
  return (guint64) GPOINTER_TO_SIZE (g_hash_table_lookup (self->serials, path));
}

GFile *
hone_project_index_get_default_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "hone", "projects.sqlite", NULL);
  return g_file_new_for_path (path);
}

GFile *
hone_project_index_get_default_projects_dir (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "hone", "projects", NULL);
  return g_file_new_for_path (path);
}

/* Most recently opened first, then most recently changed, then by name */
static int
compare_infos (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  HoneProjectInfo *ia = (HoneProjectInfo *) a;
  HoneProjectInfo *ib = (HoneProjectInfo *) b;
  gint64 la = hone_project_info_get_last_opened (ia);
  gint64 lb = hone_project_info_get_last_opened (ib);
  gint64 ma = hone_project_info_get_modified (ia);
  gint64 mb = hone_project_info_get_modified (ib);

  if (la != lb)
    return la > lb ? -1 : 1;
  if (ma != mb)
    return ma > mb ? -1 : 1;
  return g_utf8_collate (hone_project_info_get_name (ia), hone_project_info_get_name (ib));
}

/* g_ptr_array_sort_with_data() passes pointers to the elements */
static int
compare_info_ptrs (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return compare_infos (*(gconstpointer *) a, *(gconstpointer *) b, user_data);
}

static gboolean
open_index_db (HoneProjectIndex  *self,
               GError           **error)
{
  g_autofree char *path = g_file_get_path (self->file);
  g_autoptr(GFile) dir = g_file_get_parent (self->file);
  g_autofree char *dir_path = g_file_get_path (dir);
  gint64 app_id, version;

  if (g_mkdir_with_parents (dir_path, 0700) != 0)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                   _("Could not create the folder “%s” for the list of projects."), dir_path);
      return FALSE;
    }

  self->db = hone_store_open_db (path, HONE_STORE_OPEN_CREATE, error);
  if (self->db == NULL)
    return FALSE;

  if (!hone_store_exec (self->db, "PRAGMA journal_mode = WAL;", error))
    return FALSE;

  app_id = hone_store_query_int (self->db, "PRAGMA application_id;", error);
  version = hone_store_query_int (self->db, "PRAGMA user_version;", error);
  if (app_id < 0 || version < 0)
    return FALSE;

  if (version == 0)
    {
      g_autofree char *sql =
        g_strdup_printf ("BEGIN IMMEDIATE;"
                         "PRAGMA application_id = %d;"
                         "CREATE TABLE IF NOT EXISTS projects ("
                         "  path        TEXT PRIMARY KEY NOT NULL,"
                         "  name        TEXT NOT NULL,"
                         "  n_examples  INTEGER NOT NULL DEFAULT 0,"
                         "  n_fields    INTEGER NOT NULL DEFAULT 0,"
                         "  modified    INTEGER NOT NULL DEFAULT 0,"
                         "  last_opened INTEGER NOT NULL DEFAULT 0"
                         ");"
                         "PRAGMA user_version = %d;"
                         "COMMIT;",
                         INDEX_APPLICATION_ID, INDEX_SCHEMA_VERSION);

      if (!hone_store_exec (self->db, sql, error))
        {
          sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
          return FALSE;
        }
    }
  else if (app_id != INDEX_APPLICATION_ID || version > INDEX_SCHEMA_VERSION)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_TOO_NEW,
                   _("The list of projects in “%s” was written by a newer version of Hone."),
                   path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_entries (HoneProjectIndex  *self,
              GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  stmt = hone_store_prepare (self->db,
                             "SELECT path, name, n_examples, n_fields, modified, last_opened"
                             " FROM projects",
                             error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GFile) file = g_file_new_for_path ((const char *) sqlite3_column_text (stmt, 0));
      HoneProjectInfo *info = hone_project_info_new (file);

      hone_project_info_set_name (info, (const char *) sqlite3_column_text (stmt, 1));
      hone_project_info_set_n_examples (info, sqlite3_column_int64 (stmt, 2));
      hone_project_info_set_n_fields (info, (guint) sqlite3_column_int64 (stmt, 3));
      hone_project_info_set_modified (info, sqlite3_column_int64 (stmt, 4));
      hone_project_info_set_last_opened (info, sqlite3_column_int64 (stmt, 5));
      g_ptr_array_add (infos, info);
    }

  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the list of projects"));
      return FALSE;
    }

  g_ptr_array_sort_with_data (infos, compare_info_ptrs, NULL);
  g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                       infos->pdata, infos->len);
  return TRUE;
}

HoneProjectIndex *
hone_project_index_new (GFile   *index_file,
                        GError **error)
{
  g_autoptr(HoneProjectIndex) self = g_object_new (HONE_TYPE_PROJECT_INDEX, NULL);
  g_autoptr(GError) local_error = NULL;

  self->file = index_file ? g_object_ref (index_file) : hone_project_index_get_default_file ();

  if (!open_index_db (self, &local_error) || !load_entries (self, &local_error))
    {
      g_autofree char *path = g_file_get_path (self->file);
      g_autofree char *aside = NULL;

      if (!g_error_matches (local_error, HONE_ERROR, HONE_ERROR_CORRUPT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      /* A damaged list of projects is only a list: keep it aside and start
       * again. The project files themselves are untouched. */
      g_debug ("Project index %s is damaged (%s); starting a new one", path, local_error->message);
      g_clear_pointer (&self->db, sqlite3_close_v2);
      aside = g_strdup_printf ("%s.damaged-%" G_GINT64_FORMAT, path, hone_store_now ());
      if (g_rename (path, aside) != 0)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!open_index_db (self, error) || !load_entries (self, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

GListModel *
hone_project_index_get_model (HoneProjectIndex *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT_INDEX (self), NULL);
  return G_LIST_MODEL (self->model);
}

static gboolean
find_info (HoneProjectIndex *self,
           const char       *path,
           guint            *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HoneProjectInfo) info = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (g_strcmp0 (hone_project_info_get_path (info), path) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

HoneProjectInfo *
hone_project_index_lookup (HoneProjectIndex *self,
                           GFile            *file)
{
  g_autofree char *path = NULL;
  guint position;

  g_return_val_if_fail (HONE_IS_PROJECT_INDEX (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path != NULL && find_info (self, path, &position))
    {
      g_autoptr(HoneProjectInfo) info = g_list_model_get_item (G_LIST_MODEL (self->model), position);
      return info; /* borrowed: the model holds a reference */
    }

  return NULL;
}

static gboolean
save_info (HoneProjectIndex  *self,
           HoneProjectInfo   *info,
           GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = hone_store_prepare (self->db,
                             "INSERT INTO projects (path, name, n_examples, n_fields, modified, last_opened)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                             " ON CONFLICT (path) DO UPDATE SET"
                             "   name = excluded.name, n_examples = excluded.n_examples,"
                             "   n_fields = excluded.n_fields, modified = excluded.modified,"
                             "   last_opened = excluded.last_opened",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, hone_project_info_get_path (info), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hone_project_info_get_name (info), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, hone_project_info_get_n_examples (info));
  sqlite3_bind_int64 (stmt, 4, hone_project_info_get_n_fields (info));
  sqlite3_bind_int64 (stmt, 5, hone_project_info_get_modified (info));
  sqlite3_bind_int64 (stmt, 6, hone_project_info_get_last_opened (info));

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not update the list of projects"));
      return FALSE;
    }

  return TRUE;
}

/* Moves @info to where the sort order puts it */
static void
place_info (HoneProjectIndex *self,
            HoneProjectInfo  *info)
{
  guint position;

  g_object_ref (info);
  if (find_info (self, hone_project_info_get_path (info), &position))
    g_list_store_remove (self->model, position);
  g_list_store_insert_sorted (self->model, info, compare_infos, NULL);
  g_object_unref (info);
}

HoneProjectInfo *
hone_project_index_add (HoneProjectIndex  *self,
                        HoneProject       *project,
                        gboolean           opened,
                        GError           **error)
{
  g_autoptr(HoneProjectInfo) info = NULL;
  g_autofree char *path = NULL;
  gint64 n_examples;
  guint position;

  g_return_val_if_fail (HONE_IS_PROJECT_INDEX (self), NULL);
  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);

  path = g_file_get_path (hone_project_get_file (project));
  if (path == NULL)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_IO,
                           _("Only projects in local folders can be listed."));
      return NULL;
    }

  n_examples = hone_project_count_examples (project, HONE_SPLIT_ANY, error);
  if (n_examples < 0)
    return NULL;

  if (find_info (self, path, &position))
    info = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  else
    info = hone_project_info_new (hone_project_get_file (project));

  hone_project_info_set_name (info, hone_project_get_name (project));
  hone_project_info_set_n_examples (info, n_examples);
  hone_project_info_set_n_fields (info, hone_project_get_n_fields (project));
  hone_project_info_set_modified (info, hone_project_get_modified (project));
  hone_project_info_set_problem (info, NULL);
  if (opened)
    hone_project_info_set_last_opened (info, MAX (hone_store_now (),
                                                  hone_project_info_get_last_opened (info)));

  if (!save_info (self, info, error))
    return NULL;

  mark_changed (self, path);
  place_info (self, info);
  return info; /* borrowed: the model holds a reference */
}

gboolean
hone_project_index_remove (HoneProjectIndex  *self,
                           GFile             *file,
                           GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *path = NULL;
  guint position;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT_INDEX (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);

  stmt = hone_store_prepare (self->db, "DELETE FROM projects WHERE path = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not update the list of projects"));
      return FALSE;
    }

  if (path != NULL)
    mark_changed (self, path);
  if (path != NULL && find_info (self, path, &position))
    g_list_store_remove (self->model, position);

  return TRUE;
}

/* Refreshing ------------------------------------------------------------ */

typedef struct {
  char   *path;
  guint64 serial; /* of the entry when the read started */
  char   *name;
  gint64  n_examples;
  guint   n_fields;
  gint64  modified;
  char   *problem;
} Summary;

static void
summary_free (Summary *s)
{
  g_free (s->path);
  g_free (s->name);
  g_free (s->problem);
  g_free (s);
}

static void
read_summary (Summary *s)
{
  g_autoptr(GFile) file = g_file_new_for_path (s->path);
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(GError) error = NULL;

  project = hone_project_open (file, HONE_PROJECT_OPEN_READ_ONLY, &error);
  if (project != NULL)
    s->n_examples = hone_project_count_examples (project, HONE_SPLIT_ANY, &error);

  if (project == NULL || s->n_examples < 0)
    {
      s->problem = g_strdup (error->message);
      s->n_examples = 0;
      return;
    }

  s->name = g_strdup (hone_project_get_name (project));
  s->n_fields = hone_project_get_n_fields (project);
  s->modified = hone_project_get_modified (project);
}

/* The entries to read, as empty summaries holding path and serial */
static GPtrArray *
list_entries (HoneProjectIndex *self)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) summary_free);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HoneProjectInfo) info = g_list_model_get_item (G_LIST_MODEL (self->model), i);
      Summary *s = g_new0 (Summary, 1);

      s->path = g_strdup (hone_project_info_get_path (info));
      s->serial = get_serial (self, s->path);
      g_ptr_array_add (entries, s);
    }

  return entries;
}

static gboolean
apply_summaries (HoneProjectIndex  *self,
                 GPtrArray         *summaries,
                 GError           **error)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < summaries->len; i++)
    {
      Summary *s = g_ptr_array_index (summaries, i);
      HoneProjectInfo *info;
      guint position;

      /* It may have been removed or changed while the files were read */
      if (get_serial (self, s->path) != s->serial || !find_info (self, s->path, &position))
        continue;
      info = g_list_model_get_item (G_LIST_MODEL (self->model), position);

      hone_project_info_set_problem (info, s->problem);
      if (s->problem == NULL)
        {
          hone_project_info_set_name (info, s->name);
          hone_project_info_set_n_examples (info, s->n_examples);
          hone_project_info_set_n_fields (info, s->n_fields);
          hone_project_info_set_modified (info, s->modified);
          if (ok && !save_info (self, info, error))
            ok = FALSE;
        }

      g_object_unref (info);
    }

  return ok;
}

gboolean
hone_project_index_refresh (HoneProjectIndex  *self,
                            GCancellable      *cancellable,
                            GError           **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (HONE_IS_PROJECT_INDEX (self), FALSE);

  entries = list_entries (self);
  for (guint i = 0; i < entries->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      read_summary (g_ptr_array_index (entries, i));
    }

  return apply_summaries (self, entries, error);
}

static void
refresh_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GPtrArray *entries = task_data;

  for (guint i = 0; i < entries->len; i++)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      read_summary (g_ptr_array_index (entries, i));
    }

  g_task_return_pointer (task, g_ptr_array_ref (entries), (GDestroyNotify) g_ptr_array_unref);
}

void
hone_project_index_refresh_async (HoneProjectIndex    *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HONE_IS_PROJECT_INDEX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_project_index_refresh_async);
  g_task_set_task_data (task, list_entries (self), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, refresh_worker);
}

gboolean
hone_project_index_refresh_finish (HoneProjectIndex  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_autoptr(GPtrArray) summaries = NULL;

  g_return_val_if_fail (HONE_IS_PROJECT_INDEX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  summaries = g_task_propagate_pointer (G_TASK (result), error);
  if (summaries == NULL)
    return FALSE;

  return apply_summaries (self, summaries, error);
}
