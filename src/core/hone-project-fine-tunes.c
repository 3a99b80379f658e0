/* hone-project-fine-tunes.c: the fine-tunes a project remembers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of fine_tunes per fine-tune, written at every step of starting
 * it and whenever the provider says something new about the job, and the
 * files that trained it in fine_tune_files, compressed with zlib. These
 * writes are not edits of the dataset: they are not on the undo stack and
 * do not change the project's "modified" time. Each write is a savepoint
 * of its own and lands whole or not at all.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hone-error.h"
#include "hone-project-private.h"

#define RECORD_COLUMNS \
  "id, provider, model, base_url, upload_name, step, settings," \
  " training_file, validation_file, files_deleted, job_id, status, raw_status," \
  " output_model, error_message, estimate_tokens, estimate_price," \
  " provider_estimate, billed_tokens, billed_price, system_version, user_version," \
  " assistant_version, template_style, n_train, n_validation, train_sha256," \
  " validation_sha256, created, updated, started, finished, events, metrics, checkpoints"

static const char * const role_names[] = { "train", "validation" };

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static gint64
column_int_or (sqlite3_stmt *stmt,
               int           col,
               gint64        fallback)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return fallback;
  return sqlite3_column_int64 (stmt, col);
}

static double
column_double_or (sqlite3_stmt *stmt,
                  int           col,
                  double        fallback)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return fallback;
  return sqlite3_column_double (stmt, col);
}

static HoneFineTuneRecord *
record_from_row (sqlite3_stmt *stmt)
{
  HoneFineTuneRecord *record = g_new0 (HoneFineTuneRecord, 1);
  g_autofree char *step = NULL;
  g_autofree char *style = NULL;
  int c = 0;

  record->id = sqlite3_column_int64 (stmt, c++);
  record->provider_id = column_dup (stmt, c++);
  record->model_id = column_dup (stmt, c++);
  record->base_url = column_dup (stmt, c++);
  record->upload_name = column_dup (stmt, c++);
  step = column_dup (stmt, c++);
  if (!hone_fine_tune_step_from_string (step, &record->step))
    record->step = HONE_FINE_TUNE_STEP_NOT_STARTED;
  record->settings_json = column_dup (stmt, c++);
  record->training_file_id = column_dup (stmt, c++);
  record->validation_file_id = column_dup (stmt, c++);
  record->files_deleted = sqlite3_column_int (stmt, c++) != 0;
  record->job_id = column_dup (stmt, c++);
  record->status = column_dup (stmt, c++);
  record->raw_status = column_dup (stmt, c++);
  record->output_model = column_dup (stmt, c++);
  record->error_message = column_dup (stmt, c++);
  record->estimate_tokens = column_int_or (stmt, c++, -1);
  record->estimate_price = column_double_or (stmt, c++, -1);
  record->provider_estimate = column_double_or (stmt, c++, -1);
  record->billed_tokens = column_int_or (stmt, c++, -1);
  record->billed_price = column_double_or (stmt, c++, -1);
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    record->template_versions[i] = sqlite3_column_int64 (stmt, c++);
  style = column_dup (stmt, c++);
  if (!hone_template_style_from_string (style, &record->template_style))
    record->template_style = HONE_TEMPLATE_STYLE_CHAT;
  record->n_train = sqlite3_column_int64 (stmt, c++);
  record->n_validation = sqlite3_column_int64 (stmt, c++);
  record->train_sha256 = column_dup (stmt, c++);
  record->validation_sha256 = column_dup (stmt, c++);
  record->created = sqlite3_column_int64 (stmt, c++);
  record->updated = sqlite3_column_int64 (stmt, c++);
  record->started = column_int_or (stmt, c++, 0);
  record->finished = column_int_or (stmt, c++, 0);
  record->events_json = column_dup (stmt, c++);
  record->metrics_json = column_dup (stmt, c++);
  record->checkpoints_json = column_dup (stmt, c++);
  return record;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           col,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
}

static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           col,
                  gint64        value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_int64 (stmt, col, value);
}

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int           col,
                     double        value)
{
  if (!(value >= 0))
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_double (stmt, col, value);
}

/* Binds every column of RECORD_COLUMNS but the id, as ?2 … */
static void
bind_record (sqlite3_stmt             *stmt,
             const HoneFineTuneRecord *record)
{
  int c = 2;

  bind_text_or_null (stmt, c++, record->provider_id);
  bind_text_or_null (stmt, c++, record->model_id);
  bind_text_or_null (stmt, c++, record->base_url);
  bind_text_or_null (stmt, c++, record->upload_name);
  bind_text_or_null (stmt, c++, hone_fine_tune_step_to_string (record->step));
  bind_text_or_null (stmt, c++, record->settings_json != NULL ? record->settings_json : "{}");
  bind_text_or_null (stmt, c++, record->training_file_id);
  bind_text_or_null (stmt, c++, record->validation_file_id);
  sqlite3_bind_int (stmt, c++, record->files_deleted ? 1 : 0);
  bind_text_or_null (stmt, c++, record->job_id);
  bind_text_or_null (stmt, c++, record->status);
  bind_text_or_null (stmt, c++, record->raw_status);
  bind_text_or_null (stmt, c++, record->output_model);
  bind_text_or_null (stmt, c++, record->error_message);
  bind_int_or_null (stmt, c++, record->estimate_tokens);
  bind_double_or_null (stmt, c++, record->estimate_price);
  bind_double_or_null (stmt, c++, record->provider_estimate);
  bind_int_or_null (stmt, c++, record->billed_tokens);
  bind_double_or_null (stmt, c++, record->billed_price);
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    sqlite3_bind_int64 (stmt, c++, MAX (record->template_versions[i], 0));
  bind_text_or_null (stmt, c++, hone_template_style_to_string (record->template_style));
  sqlite3_bind_int64 (stmt, c++, MAX (record->n_train, 0));
  sqlite3_bind_int64 (stmt, c++, MAX (record->n_validation, 0));
  bind_text_or_null (stmt, c++, record->train_sha256);
  bind_text_or_null (stmt, c++, record->validation_sha256);
  sqlite3_bind_int64 (stmt, c++, record->created);
  sqlite3_bind_int64 (stmt, c++, record->updated);
  if (record->started > 0)
    sqlite3_bind_int64 (stmt, c++, record->started);
  else
    sqlite3_bind_null (stmt, c++);
  if (record->finished > 0)
    sqlite3_bind_int64 (stmt, c++, record->finished);
  else
    sqlite3_bind_null (stmt, c++);
  bind_text_or_null (stmt, c++, record->events_json);
  bind_text_or_null (stmt, c++, record->metrics_json);
  bind_text_or_null (stmt, c++, record->checkpoints_json);
}

/* A savepoint that does not touch "modified" (see the top of the file) */
static gboolean
record_write_begin (HoneProject  *self,
                    GError      **error)
{
  if (!hone_project_check_writable (self, error))
    return FALSE;
  return hone_store_exec (hone_project_get_db (self), "SAVEPOINT hone_fine_tune;", error);
}

static gboolean
record_write_end (HoneProject  *self,
                  gboolean      ok,
                  GError      **error)
{
  sqlite3 *db = hone_project_get_db (self);

  if (ok)
    ok = hone_store_exec (db, "RELEASE hone_fine_tune;", error);
  if (!ok)
    sqlite3_exec (db, "ROLLBACK TO hone_fine_tune; RELEASE hone_fine_tune;", NULL, NULL, NULL);
  return ok;
}

static gboolean
check_record (const HoneFineTuneRecord  *record,
              GError                   **error)
{
  if (record->provider_id == NULL || record->model_id == NULL || record->upload_name == NULL)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("A fine-tune needs a provider and a model."));
      return FALSE;
    }
  return TRUE;
}

gint64
hone_project_add_fine_tune (HoneProject         *self,
                            HoneFineTuneRecord  *record,
                            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  gint64 now = hone_store_now ();
  gint64 id = 0;
  gboolean ok;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), 0);
  g_return_val_if_fail (record != NULL, 0);

  if (!check_record (record, error) || !record_write_begin (self, error))
    return 0;

  db = hone_project_get_db (self);
  stmt = hone_store_prepare (db,
                             "INSERT INTO fine_tunes (" RECORD_COLUMNS ") VALUES (NULL,"
                             " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                             " ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29,"
                             " ?30, ?31, ?32, ?33, ?34, ?35)",
                             error);
  ok = stmt != NULL;
  if (ok)
    {
      gint64 created = record->created, updated = record->updated;

      record->created = created > 0 ? created : now;
      record->updated = now;
      bind_record (stmt, record);
      rc = sqlite3_step (stmt);
      ok = rc == SQLITE_DONE;
      if (!ok)
        {
          hone_store_set_error (error, db, rc, _("Could not save the fine-tune in the project"));
          record->created = created;
          record->updated = updated;
        }
      else
        id = sqlite3_last_insert_rowid (db);
    }

  if (!record_write_end (self, ok, error))
    return 0;

  record->id = id;
  hone_project_emit_fine_tune_changed (self, id);
  return id;
}

gboolean
hone_project_update_fine_tune (HoneProject         *self,
                               HoneFineTuneRecord  *record,
                               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  gint64 updated;
  gboolean ok;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->id > 0, FALSE);

  if (!check_record (record, error) || !record_write_begin (self, error))
    return FALSE;

  db = hone_project_get_db (self);
  stmt = hone_store_prepare (db,
                             "UPDATE fine_tunes SET (" RECORD_COLUMNS ") = (?1,"
                             " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                             " ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29,"
                             " ?30, ?31, ?32, ?33, ?34, ?35) WHERE id = ?1",
                             error);
  ok = stmt != NULL;
  updated = record->updated;
  if (ok)
    {
      record->updated = hone_store_now ();
      sqlite3_bind_int64 (stmt, 1, record->id);
      bind_record (stmt, record);
      rc = sqlite3_step (stmt);
      ok = rc == SQLITE_DONE;
      if (!ok)
        hone_store_set_error (error, db, rc, _("Could not save the fine-tune in the project"));
      else if (sqlite3_changes (db) == 0)
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                       _("The fine-tune %" G_GINT64_FORMAT " is no longer in the project."),
                       record->id);
          ok = FALSE;
        }
    }

  if (!record_write_end (self, ok, error))
    {
      record->updated = updated;
      return FALSE;
    }

  hone_project_emit_fine_tune_changed (self, record->id);
  return TRUE;
}

HoneFineTuneRecord *
hone_project_get_fine_tune (HoneProject  *self,
                            gint64        id,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);

  if (!hone_project_check_open (self, error))
    return NULL;

  stmt = hone_store_prepare (hone_project_get_db (self),
                             "SELECT " RECORD_COLUMNS " FROM fine_tunes WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return record_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                 _("There is no fine-tune %" G_GINT64_FORMAT " in this project."), id);
  else
    hone_store_set_error (error, hone_project_get_db (self), rc, _("Could not read the fine-tunes"));
  return NULL;
}

HoneFineTuneRecord *
hone_project_find_fine_tune (HoneProject  *self,
                             const char   *id_or_job_id,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;
  char *end = NULL;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);
  g_return_val_if_fail (id_or_job_id != NULL, NULL);

  if (!hone_project_check_open (self, error))
    return NULL;

  /* The provider's job id first: some providers' ids are digits only */
  stmt = hone_store_prepare (hone_project_get_db (self),
                             "SELECT " RECORD_COLUMNS " FROM fine_tunes WHERE job_id = ?1"
                             " ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id_or_job_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return record_from_row (stmt);
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, hone_project_get_db (self), rc, _("Could not read the fine-tunes"));
      return NULL;
    }

  id = g_ascii_strtoll (id_or_job_id, &end, 10);
  if (id_or_job_id[0] != '\0' && end != NULL && *end == '\0' && id > 0)
    return hone_project_get_fine_tune (self, id, error);

  g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
               _("This project has no fine-tune “%s”. Its fine-tunes are listed by “hone-cli finetune list”."),
               id_or_job_id);
  return NULL;
}

GPtrArray *
hone_project_list_fine_tunes (HoneProject  *self,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);

  if (!hone_project_check_open (self, error))
    return NULL;

  stmt = hone_store_prepare (hone_project_get_db (self),
                             "SELECT " RECORD_COLUMNS " FROM fine_tunes ORDER BY created DESC, id DESC",
                             error);
  if (stmt == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_fine_tune_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, hone_project_get_db (self), rc, _("Could not read the fine-tunes"));
      return NULL;
    }

  return g_steal_pointer (&records);
}

gboolean
hone_project_delete_fine_tune (HoneProject  *self,
                               gint64        id,
                               GError      **error)
{
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  record = hone_project_get_fine_tune (self, id, error);
  if (record == NULL)
    return FALSE;

  /* Forgetting a job that still runs, or a start that may have left files
   * on the provider, would hide what the person pays for */
  if (!hone_fine_tune_record_is_final (record) ||
      (record->step == HONE_FINE_TUNE_STEP_NOT_STARTED && !record->files_deleted &&
       (record->training_file_id != NULL || record->validation_file_id != NULL)))
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("This fine-tune is not over, or left files on the provider. Cancel it or clean it up first."));
      return FALSE;
    }

  if (!record_write_begin (self, error))
    return FALSE;
  stmt = hone_store_prepare (hone_project_get_db (self), "DELETE FROM fine_tunes WHERE id = ?1", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      ok = rc == SQLITE_DONE;
      if (!ok)
        hone_store_set_error (error, hone_project_get_db (self), rc, _("Could not remove the fine-tune"));
    }
  if (!record_write_end (self, ok, error))
    return FALSE;

  hone_project_emit_fine_tune_changed (self, id);
  return TRUE;
}

/* Files ------------------------------------------------------------------ */

static GBytes *
convert_bytes (GConverter  *converter,
               GBytes      *input,
               GError     **error)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, converter);
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (input, &size);

  if (!g_output_stream_write_all (out, data, size, NULL, NULL, error) ||
      !g_output_stream_close (out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static char *
ids_to_json (GArray *row_ids)
{
  if (row_ids == NULL || row_ids->len == 0)
    return g_strdup ("[]");
  return hone_project_ids_to_json ((const gint64 *) row_ids->data, row_ids->len);
}

struct _HoneFineTuneFilePack
{
  GBytes *compressed;
  char   *sha256;
  gsize   size;
  guint   n_rows;
  char   *ids_json;
};

void
hone_fine_tune_file_pack_free (HoneFineTuneFilePack *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->compressed, g_bytes_unref);
  g_free (self->sha256);
  g_free (self->ids_json);
  g_free (self);
}

const char *
hone_fine_tune_file_pack_get_sha256 (const HoneFineTuneFilePack *self)
{
  return self->sha256;
}

/* zlib level 3: a fifth of level 6's time on chat JSONL for 15% more bytes
 * (bench/finetune-prepare.sh, docs/PERFORMANCE.md) */
#define PACK_LEVEL 3

HoneFineTuneFilePack *
hone_fine_tune_file_pack (GBytes   *content,
                          GArray   *row_ids,
                          GError  **error)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, PACK_LEVEL);
  HoneFineTuneFilePack *pack;
  GBytes *compressed;

  g_return_val_if_fail (content != NULL, NULL);

  compressed = convert_bytes (G_CONVERTER (compressor), content, error);
  if (compressed == NULL)
    return NULL;
  pack = g_new0 (HoneFineTuneFilePack, 1);
  pack->compressed = compressed;
  pack->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  pack->size = g_bytes_get_size (content);
  pack->n_rows = row_ids != NULL ? row_ids->len : 0;
  pack->ids_json = ids_to_json (row_ids);
  return pack;
}

gboolean
hone_project_store_fine_tune_pack (HoneProject                *self,
                                   gint64                      id,
                                   HoneFineTuneFileRole        role,
                                   const HoneFineTuneFilePack *pack,
                                   GError                    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), FALSE);
  g_return_val_if_fail (pack != NULL, FALSE);

  if (!record_write_begin (self, error))
    return FALSE;
  stmt = hone_store_prepare (hone_project_get_db (self),
                             "INSERT OR REPLACE INTO fine_tune_files"
                             " (fine_tune_id, role, sha256, n_rows, size, row_ids, content)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                             error);
  ok = stmt != NULL;
  if (ok)
    {
      gsize csize = 0;
      gconstpointer cdata = g_bytes_get_data (pack->compressed, &csize);

      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, role_names[role], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, pack->sha256, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, pack->n_rows);
      sqlite3_bind_int64 (stmt, 5, pack->size);
      sqlite3_bind_text (stmt, 6, pack->ids_json, -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (stmt, 7, cdata, csize, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      ok = rc == SQLITE_DONE;
      if (!ok)
        hone_store_set_error (error, hone_project_get_db (self), rc,
                              _("Could not keep the fine-tune’s files in the project"));
    }
  return record_write_end (self, ok, error);
}

gboolean
hone_project_store_fine_tune_file (HoneProject           *self,
                                   gint64                 id,
                                   HoneFineTuneFileRole   role,
                                   GBytes                *content,
                                   GArray                *row_ids,
                                   GError               **error)
{
  g_autoptr(HoneFineTuneFilePack) pack = NULL;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  pack = hone_fine_tune_file_pack (content, row_ids, error);
  return pack != NULL && hone_project_store_fine_tune_pack (self, id, role, pack, error);
}

GBytes *
hone_project_dup_fine_tune_file (HoneProject           *self,
                                 gint64                 id,
                                 HoneFineTuneFileRole   role,
                                 GArray               **row_ids,
                                 GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *stored_sha = NULL;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);

  if (!hone_project_check_open (self, error))
    return NULL;

  stmt = hone_store_prepare (hone_project_get_db (self),
                             "SELECT content, sha256, row_ids FROM fine_tune_files"
                             " WHERE fine_tune_id = ?1 AND role = ?2",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, role_names[role], -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                   role == HONE_FINE_TUNE_FILE_TRAIN
                   ? _("The project has no training file for fine-tune %" G_GINT64_FORMAT ".")
                   : _("The project has no validation file for fine-tune %" G_GINT64_FORMAT "."),
                   id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      hone_store_set_error (error, hone_project_get_db (self), rc, _("Could not read the fine-tune’s files"));
      return NULL;
    }

  compressed = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  stored_sha = column_dup (stmt, 1);
  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  content = convert_bytes (G_CONVERTER (decompressor), compressed, NULL);
  if (content != NULL)
    sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  if (content == NULL || g_strcmp0 (sha, stored_sha) != 0)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_CORRUPT,
                   _("The copy of the files that trained fine-tune %" G_GINT64_FORMAT " is damaged in the project."),
                   id);
      return NULL;
    }

  if (row_ids != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonArray *array;

      *row_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 2), -1, NULL) &&
          JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        {
          array = json_node_get_array (json_parser_get_root (parser));
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              gint64 row = json_array_get_int_element (array, i);
              g_array_append_val (*row_ids, row);
            }
        }
    }

  return g_steal_pointer (&content);
}
