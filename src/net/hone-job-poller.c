/* hone-job-poller.c: following every unfinished fine-tune of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-fine-tune-runner.h"
#include "hone-job-poller.h"

#define DEFAULT_MIN_MS (10 * 1000)
#define DEFAULT_MAX_MS (5 * 60 * 1000)

typedef struct {
  HoneJobPoller *poller;      /* not a reference */
  gint64         id;
  guint          timeout_id;
  guint          interval_ms;
  GCancellable  *cancellable; /* while a read is in flight */
  char          *error;
  gboolean       again;       /* poll_now() during a read */
} Entry;

struct _HoneJobPoller
{
  GObject                    parent_instance;

  HoneProject               *project;
  HoneJobPollerProviderFunc  func;
  gpointer                   func_data;
  GDestroyNotify             func_destroy;
  guint                      min_ms;
  guint                      max_ms;
  gboolean                   running;
  gulong                     changed_id;
  GHashTable                *entries;   /* gint64* id → Entry */
  guint                      n_polls;
};

G_DEFINE_FINAL_TYPE (HoneJobPoller, hone_job_poller, G_TYPE_OBJECT)

enum {
  JOB_FINISHED,
  POLL_FAILED,
  POLLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_free (Entry *entry)
{
  g_clear_handle_id (&entry->timeout_id, g_source_remove);
  if (entry->cancellable != NULL)
    {
      g_cancellable_cancel (entry->cancellable);
      g_clear_object (&entry->cancellable);
    }
  g_free (entry->error);
  g_free (entry);
}

static void
hone_job_poller_dispose (GObject *object)
{
  HoneJobPoller *self = HONE_JOB_POLLER (object);

  hone_job_poller_stop (self);
  g_clear_object (&self->project);
  if (self->func_destroy != NULL)
    g_clear_pointer (&self->func_data, self->func_destroy);

  G_OBJECT_CLASS (hone_job_poller_parent_class)->dispose (object);
}

static void
hone_job_poller_finalize (GObject *object)
{
  HoneJobPoller *self = HONE_JOB_POLLER (object);

  g_hash_table_unref (self->entries);

  G_OBJECT_CLASS (hone_job_poller_parent_class)->finalize (object);
}

static void
hone_job_poller_class_init (HoneJobPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hone_job_poller_dispose;
  object_class->finalize = hone_job_poller_finalize;

  signals[JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  signals[POLL_FAILED] =
    g_signal_new ("poll-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  signals[POLLED] =
    g_signal_new ("polled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_BOOLEAN);
}

static void
hone_job_poller_init (HoneJobPoller *self)
{
  self->min_ms = DEFAULT_MIN_MS;
  self->max_ms = DEFAULT_MAX_MS;
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) entry_free);
}

HoneJobPoller *
hone_job_poller_new (HoneProject               *project,
                     HoneJobPollerProviderFunc  func,
                     gpointer                   user_data,
                     GDestroyNotify             destroy)
{
  HoneJobPoller *self;

  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (HONE_TYPE_JOB_POLLER, NULL);
  self->project = g_object_ref (project);
  self->func = func;
  self->func_data = user_data;
  self->func_destroy = destroy;
  return self;
}

void
hone_job_poller_set_intervals (HoneJobPoller *self,
                               guint          min_ms,
                               guint          max_ms)
{
  g_return_if_fail (HONE_IS_JOB_POLLER (self));

  self->min_ms = MAX (min_ms, 1);
  self->max_ms = MAX (max_ms, self->min_ms);
}

/* Whether the poller should follow @record */
static gboolean
wants (const HoneFineTuneRecord *record)
{
  return record->step == HONE_FINE_TUNE_STEP_STARTED &&
         record->job_id != NULL &&
         !hone_fine_tune_record_is_final (record);
}

static void schedule (Entry *entry, guint delay_ms);

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HoneFineTuneRunner) runner = HONE_FINE_TUNE_RUNNER (source);
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneFineTuneRecord) record = NULL;
  HoneJobPoller *self;
  gboolean changed = FALSE;
  Entry *entry;
  gint64 id;

  hone_fine_tune_runner_refresh_finish (runner, result, &changed, &error);
  if (g_cancellable_is_cancelled (cancellable))
    return;   /* stopped, or the entry went: nothing of it is left */

  self = g_object_get_data (G_OBJECT (cancellable), "poller");
  id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cancellable), "id"));
  entry = g_hash_table_lookup (self->entries, &id);
  if (entry == NULL || entry->cancellable != cancellable)
    return;
  g_clear_object (&entry->cancellable);
  self->n_polls++;

  g_clear_pointer (&entry->error, g_free);
  if (error != NULL)
    {
      entry->error = g_strdup (error->message);
      entry->interval_ms = MIN (MAX (entry->interval_ms, self->min_ms) * 2, self->max_ms);
      g_signal_emit (self, signals[POLL_FAILED], 0, id, entry->error);
    }
  else if (changed)
    entry->interval_ms = self->min_ms;
  else
    entry->interval_ms = MIN (MAX (entry->interval_ms, self->min_ms) * 2, self->max_ms);

  g_signal_emit (self, signals[POLLED], 0, id, changed);

  /* The signal handlers may have stopped the poller */
  entry = g_hash_table_lookup (self->entries, &id);
  if (entry == NULL)
    return;

  record = hone_project_get_fine_tune (self->project, id, NULL);
  if (record == NULL || !wants (record))
    {
      g_hash_table_remove (self->entries, &id);
      if (record != NULL && hone_fine_tune_record_is_final (record))
        g_signal_emit (self, signals[JOB_FINISHED], 0, id, record->status);
      return;
    }

  if (entry->again)
    {
      entry->again = FALSE;
      schedule (entry, 0);
    }
  else
    schedule (entry, entry->interval_ms);
}

static gboolean
poll_cb (gpointer user_data)
{
  Entry *entry = user_data;
  HoneJobPoller *self = entry->poller;
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(HoneProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  HoneFineTuneRunner *runner;

  entry->timeout_id = 0;

  record = hone_project_get_fine_tune (self->project, entry->id, NULL);
  if (record == NULL || !wants (record))
    {
      g_hash_table_remove (self->entries, &entry->id);
      return G_SOURCE_REMOVE;
    }

  provider = self->func (record, self->func_data, &error);
  if (provider == NULL)
    {
      g_free (entry->error);
      entry->error = g_strdup (error != NULL ? error->message : "");
      g_signal_emit (self, signals[POLL_FAILED], 0, entry->id, entry->error);
      /* Asked again later: the key may be added meanwhile */
      entry->interval_ms = self->max_ms;
      if (g_hash_table_contains (self->entries, &record->id))
        schedule (entry, entry->interval_ms);
      return G_SOURCE_REMOVE;
    }

  entry->cancellable = g_cancellable_new ();
  g_object_set_data (G_OBJECT (entry->cancellable), "poller", self);
  g_object_set_data (G_OBJECT (entry->cancellable), "id", GSIZE_TO_POINTER ((gsize) entry->id));
  runner = hone_fine_tune_runner_new (self->project, provider);
  hone_fine_tune_runner_refresh_async (runner, entry->id, entry->cancellable,
                                       refreshed_cb, g_object_ref (entry->cancellable));
  return G_SOURCE_REMOVE;
}

static void
schedule (Entry *entry,
          guint  delay_ms)
{
  g_clear_handle_id (&entry->timeout_id, g_source_remove);
  if (entry->cancellable != NULL)
    return;   /* a read is in flight; it schedules the next */
  entry->timeout_id = g_timeout_add (delay_ms, poll_cb, entry);
  g_source_set_name_by_id (entry->timeout_id, "[hone] job poll");
}

static Entry *
follow (HoneJobPoller *self,
        gint64         id)
{
  Entry *entry = g_hash_table_lookup (self->entries, &id);

  if (entry != NULL)
    return entry;

  entry = g_new0 (Entry, 1);
  entry->poller = self;
  entry->id = id;
  entry->interval_ms = self->min_ms;
  g_hash_table_insert (self->entries, &entry->id, entry);
  schedule (entry, 0);
  return entry;
}

static void
fine_tune_changed_cb (HoneProject   *project,
                      gint64         id,
                      HoneJobPoller *self)
{
  g_autoptr(HoneFineTuneRecord) record = NULL;

  if (g_hash_table_contains (self->entries, &id))
    return;   /* its own reads end in here; the read's callback decides */

  record = hone_project_get_fine_tune (project, id, NULL);
  if (record != NULL && wants (record))
    follow (self, id);
}

void
hone_job_poller_start (HoneJobPoller *self)
{
  g_autoptr(GPtrArray) records = NULL;

  g_return_if_fail (HONE_IS_JOB_POLLER (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->changed_id = g_signal_connect (self->project, "fine-tune-changed",
                                       G_CALLBACK (fine_tune_changed_cb), self);

  records = hone_project_list_fine_tunes (self->project, NULL);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      HoneFineTuneRecord *record = g_ptr_array_index (records, i);
      if (wants (record))
        follow (self, record->id);
    }
}

void
hone_job_poller_stop (HoneJobPoller *self)
{
  g_return_if_fail (HONE_IS_JOB_POLLER (self));

  if (!self->running)
    return;
  self->running = FALSE;
  g_clear_signal_handler (&self->changed_id, self->project);
  g_hash_table_remove_all (self->entries);
}

void
hone_job_poller_poll_now (HoneJobPoller *self,
                          gint64         id)
{
  Entry *entry;

  g_return_if_fail (HONE_IS_JOB_POLLER (self));

  if (!self->running)
    return;

  entry = g_hash_table_lookup (self->entries, &id);
  if (entry == NULL)
    {
      g_autoptr(HoneFineTuneRecord) record = hone_project_get_fine_tune (self->project, id, NULL);
      if (record != NULL && wants (record))
        follow (self, id);
      return;
    }

  entry->interval_ms = self->min_ms;
  if (entry->cancellable != NULL)
    entry->again = TRUE;
  else
    schedule (entry, 0);
}

gboolean
hone_job_poller_is_following (HoneJobPoller *self,
                              gint64         id)
{
  g_return_val_if_fail (HONE_IS_JOB_POLLER (self), FALSE);
  return g_hash_table_contains (self->entries, &id);
}

const char *
hone_job_poller_get_error (HoneJobPoller *self,
                           gint64         id)
{
  Entry *entry;

  g_return_val_if_fail (HONE_IS_JOB_POLLER (self), NULL);

  entry = g_hash_table_lookup (self->entries, &id);
  return entry != NULL ? entry->error : NULL;
}

guint
hone_job_poller_get_n_polls (HoneJobPoller *self)
{
  g_return_val_if_fail (HONE_IS_JOB_POLLER (self), 0);
  return self->n_polls;
}
