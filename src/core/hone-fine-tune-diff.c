/* hone-fine-tune-diff.c: what changed in the data since a fine-tune
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kept files are read on the main thread (one SQLite read each), the
 * current ones rendered by HoneExporter in its worker, and the comparison
 * of the lines runs in a thread of its own.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-exporter.h"
#include "hone-fine-tune-diff.h"

#define MAX_IDS 10000

typedef struct {
  HoneProject *project;
  gint64       id;
  /* [role]: the kept file and its rows, and the one rendered now */
  GBytes      *kept[2];
  GArray      *kept_ids[2];
  GBytes      *now[2];
  GArray      *now_ids[2];
  guint        role;       /* being rendered */
  HoneExporter *exporter;
  GOutputStream *memory;
} DiffData;

static void
diff_data_free (DiffData *data)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&data->kept[i], g_bytes_unref);
      g_clear_pointer (&data->kept_ids[i], g_array_unref);
      g_clear_pointer (&data->now[i], g_bytes_unref);
      g_clear_pointer (&data->now_ids[i], g_array_unref);
    }
  g_clear_object (&data->exporter);
  g_clear_object (&data->memory);
  g_clear_object (&data->project);
  g_free (data);
}

/* Example id → its line (pointing into @bytes) */
static GHashTable *
index_lines (GBytes *bytes,
             GArray *ids)
{
  GHashTable *lines = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  gsize size = 0;
  const char *p = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;
  const char *end = p + size;

  for (guint i = 0; ids != NULL && i < ids->len && p != NULL && p < end; i++)
    {
      const char *nl = memchr (p, '\n', end - p);
      gsize len = nl != NULL ? (gsize) (nl - p) : (gsize) (end - p);
      /* the line's text, behind its length, NUL-free as JSON is */
      g_hash_table_insert (lines, &g_array_index (ids, gint64, i), g_strndup (p, len));
      p = nl != NULL ? nl + 1 : end;
    }
  return lines;
}

static void
append_id (GArray *ids,
           gint64  id)
{
  if (ids->len < MAX_IDS)
    g_array_append_val (ids, id);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
compare_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DiffData *data = task_data;
  HoneFineTuneDataChange *change = g_new0 (HoneFineTuneDataChange, 1);

  change->changed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  change->removed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  change->added_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint role = 0; role < 2; role++)
    {
      g_autoptr(GHashTable) kept = index_lines (data->kept[role], data->kept_ids[role]);
      g_autoptr(GHashTable) now = index_lines (data->now[role], data->now_ids[role]);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, kept);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *line = g_hash_table_lookup (now, key);

          if (line == NULL)
            {
              change->n_removed++;
              append_id (change->removed_ids, *(gint64 *) key);
            }
          else if (!g_str_equal (line, value))
            {
              change->n_changed++;
              append_id (change->changed_ids, *(gint64 *) key);
            }
          else
            change->n_same++;
        }

      g_hash_table_iter_init (&iter, now);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_hash_table_contains (kept, key))
          {
            change->n_added++;
            append_id (change->added_ids, *(gint64 *) key);
          }
    }

  g_array_sort (change->changed_ids, compare_ids);
  g_array_sort (change->removed_ids, compare_ids);
  g_array_sort (change->added_ids, compare_ids);
  g_task_return_pointer (task, change, (GDestroyNotify) hone_fine_tune_data_change_free);
}

static void render_next (GTask *task);

static void
rendered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DiffData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GArray *ids;

  if (!hone_exporter_export_finish (HONE_EXPORTER (source), result, &error))
    {
      /* A template that does not compile now: every line changed */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      g_prefix_error (&error, _("The examples cannot be rendered now to compare them: "));
      g_task_return_error (task, error);
      return;
    }

  g_output_stream_close (data->memory, NULL, NULL);
  data->now[data->role] = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (data->memory));
  ids = hone_exporter_get_written_ids (HONE_EXPORTER (source));
  data->now_ids[data->role] = ids != NULL ? g_array_ref (ids) : g_array_new (FALSE, FALSE, sizeof (gint64));
  g_clear_object (&data->memory);
  data->role++;
  render_next (task);
}

static void
render_next (GTask *task)
{
  DiffData *data = g_task_get_task_data (task);

  if (data->role >= 2)
    {
      /* The thread lets go of the task when it likes: it must not be what
       * keeps the project open */
      g_clear_object (&data->exporter);
      g_clear_object (&data->project);
      g_task_run_in_thread (task, compare_worker);
      return;
    }

  g_clear_object (&data->exporter);
  data->exporter = hone_exporter_new (data->project, HONE_EXPORT_FORMAT_CHAT_JSONL);
  hone_exporter_set_split (data->exporter, data->role == HONE_FINE_TUNE_FILE_TRAIN ? HONE_SPLIT_TRAIN
                                                                                   : HONE_SPLIT_VALIDATION);
  hone_exporter_set_keep_ids (data->exporter, TRUE);
  /* Examples that cannot be rendered now are left out: they count as removed */
  hone_exporter_set_skip_bad_examples (data->exporter, TRUE);
  data->memory = g_memory_output_stream_new_resizable ();
  hone_exporter_export_to_stream_async (data->exporter, data->memory, g_task_get_cancellable (task),
                                        rendered_cb, g_object_ref (task));
}

void
hone_fine_tune_data_change_async (HoneProject         *project,
                                  gint64               fine_tune_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  DiffData *data;

  g_return_if_fail (HONE_IS_PROJECT (project));

  /* No source object, for the same reason (see render_next()) */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_fine_tune_data_change_async);
  data = g_new0 (DiffData, 1);
  data->project = g_object_ref (project);
  data->id = fine_tune_id;
  g_task_set_task_data (task, data, (GDestroyNotify) diff_data_free);

  for (guint role = 0; role < 2; role++)
    {
      data->kept[role] = hone_project_dup_fine_tune_file (project, fine_tune_id, role,
                                                          &data->kept_ids[role], &error);
      if (data->kept[role] == NULL)
        {
          /* A fine-tune without validation examples has no such file */
          if (role == HONE_FINE_TUNE_FILE_VALIDATION && g_error_matches (error, HONE_ERROR, HONE_ERROR_NOT_FOUND))
            {
              g_clear_error (&error);
              continue;
            }
          g_task_return_error (task, error);
          return;
        }
    }

  render_next (task);
}

HoneFineTuneDataChange *
hone_fine_tune_data_change_finish (HoneProject   *project,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hone_fine_tune_data_change_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sync_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

HoneFineTuneDataChange *
hone_fine_tune_data_change (HoneProject   *project,
                            gint64         fine_tune_id,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  HoneFineTuneDataChange *change;

  g_main_context_push_thread_default (context);
  hone_fine_tune_data_change_async (project, fine_tune_id, cancellable, sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  change = hone_fine_tune_data_change_finish (project, result, error);
  g_main_context_pop_thread_default (context);
  return change;
}

char *
hone_fine_tune_data_change_describe (const HoneFineTuneDataChange *change)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (change->n_changed + change->n_removed + change->n_added == 0)
    return g_strdup (_("The data is the same as when it trained."));

  if (change->n_changed > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " example changed",
                                               "%" G_GINT64_FORMAT " examples changed", change->n_changed),
                            change->n_changed);
  if (change->n_removed > 0)
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " removed or moved",
                                                 "%" G_GINT64_FORMAT " removed or moved", change->n_removed),
                              change->n_removed);
    }
  if (change->n_added > 0)
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " added",
                                                 "%" G_GINT64_FORMAT " added", change->n_added),
                              change->n_added);
    }
  /* Translators: follows a list like “3 examples changed, 12 added” */
  g_string_append (text, _(" since this fine-tune trained."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}
