/* hone-project.c: a project file (.hone): opening and creating, metadata,
 * transactions and the signals of edits. Fields, examples and templates are
 * in hone-project-fields.c, hone-project-examples.c and
 * hone-project-templates.c (see hone-project-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hone-error.h"
#include "hone-example-query-private.h"
#include "hone-project-private.h"
#include "hone-undo-stack-private.h"

/* Files bigger than this skip the full page check on open (it reads every
 * page); damage in them is still reported on first read of a bad page. */
#define QUICK_CHECK_MAX_BYTES (64 * 1024 * 1024)

G_DEFINE_FINAL_TYPE (HoneProject, hone_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_MODIFIED,
  PROP_TEMPLATE_STYLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EXAMPLES_INSERTED,
  EXAMPLES_REMOVED,
  EXAMPLES_CHANGED,
  TEMPLATES_CHANGED,
  TARGET_CHANGED,
  FINE_TUNE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  HoneExamplesEvent  event;
  GArray            *ids;  /* NULL: every example (CHANGED only) */
} PendingEvent;

static void
pending_event_free (gpointer data)
{
  PendingEvent *pending = data;

  g_clear_pointer (&pending->ids, g_array_unref);
  g_free (pending);
}

static void
drop_pending_events (HoneProject *self)
{
  g_queue_clear_full (&self->pending_events, pending_event_free);
  self->templates_changed_pending = FALSE;
}

static void
hone_project_dispose (GObject *object)
{
  HoneProject *self = HONE_PROJECT (object);

  hone_project_close (self);

  G_OBJECT_CLASS (hone_project_parent_class)->dispose (object);
}

static void
hone_project_finalize (GObject *object)
{
  HoneProject *self = HONE_PROJECT (object);

  g_clear_object (&self->file);
  g_clear_object (&self->fields);
  g_free (self->path);
  g_free (self->display_name);
  g_free (self->name);
  g_free (self->description);
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    g_free (self->templates[i]);
  drop_pending_events (self);

  G_OBJECT_CLASS (hone_project_parent_class)->finalize (object);
}

static void
hone_project_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HoneProject *self = HONE_PROJECT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_MODIFIED:
      g_value_set_int64 (value, self->modified);
      break;
    case PROP_TEMPLATE_STYLE:
      g_value_set_int (value, self->template_style);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_project_class_init (HoneProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hone_project_dispose;
  object_class->finalize = hone_project_finalize;
  object_class->get_property = hone_project_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_int64 ("modified", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A HoneTemplateStyle */
  properties[PROP_TEMPLATE_STYLE] =
    g_param_spec_int ("template-style", NULL, NULL,
                      HONE_TEMPLATE_STYLE_CHAT, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION,
                      HONE_TEMPLATE_STYLE_CHAT,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HoneProject::examples-inserted:
   * @ids: (element-type gint64): the new examples' ids, ascending
   *
   * Examples were added by an edit (not by hone_project_add_example(), the
   * bulk path), or came back through undo or redo. Emitted once the change
   * is committed.
   */
  signals[EXAMPLES_INSERTED] =
    g_signal_new ("examples-inserted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * HoneProject::examples-removed:
   * @ids: (element-type gint64): the removed examples' ids, ascending
   */
  signals[EXAMPLES_REMOVED] =
    g_signal_new ("examples-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * HoneProject::examples-changed:
   * @ids: (element-type gint64) (nullable): the changed examples' ids,
   *   ascending, or %NULL when any example may have changed (a field was
   *   deleted, or a field's values were put back by undo or redo)
   *
   * Values or the split of existing examples changed.
   */
  signals[EXAMPLES_CHANGED] =
    g_signal_new ("examples-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * HoneProject::templates-changed:
   *
   * The text, version or kept state of one or more templates changed: set
   * by hone_project_set_template(), rewritten by a field rename, kept by
   * hone_project_keep_templates(), or reread by hone_project_reload().
   * Emitted once the change is committed (at most once per transaction).
   * An editor that saved the text itself should compare before reloading.
   */
  signals[TEMPLATES_CHANGED] =
    g_signal_new ("templates-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * HoneProject::target-changed:
   *
   * The provider and model the project is checked for changed
   * (hone_project_set_target()).
   */
  signals[TARGET_CHANGED] =
    g_signal_new ("target-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * HoneProject::fine-tune-changed:
   * @id: the fine-tune's id
   *
   * A fine-tune was added, updated or removed (see
   * hone_project_add_fine_tune()). Emitted after the write.
   */
  signals[FINE_TUNE_CHANGED] =
    g_signal_new ("fine-tune-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
hone_project_init (HoneProject *self)
{
  self->fields = g_list_store_new (HONE_TYPE_FIELD);
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    self->templates[i] = g_strdup ("");
  g_queue_init (&self->pending_events);
  self->next_snapshot = 1;
}

/* g_set_str() arrived in GLib 2.76, after our floor */
void
hone_project_set_str (char       **ptr,
                      const char  *value)
{
  if (*ptr != value)
    {
      g_free (*ptr);
      *ptr = g_strdup (value);
    }
}

static HoneProject *
project_new_for_file (GFile *file)
{
  HoneProject *self = g_object_new (HONE_TYPE_PROJECT, NULL);

  self->file = g_object_ref (file);
  self->path = g_file_get_path (file);
  self->display_name = g_file_get_basename (file);

  return self;
}

/* Trims @name and checks it can name a project: not empty, valid UTF-8, on
 * one line. Returns the trimmed name or NULL. */
static char *
check_project_name (const char  *name,
                    GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID, _("A project needs a name."));
      return NULL;
    }
  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("A project name must be valid text (UTF-8)."));
      return NULL;
    }
  for (const char *p = trimmed; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                             _("A project name must fit on one line: it cannot contain tabs or line breaks."));
        return NULL;
      }

  return g_steal_pointer (&trimmed);
}

/* Writes ---------------------------------------------------------------- */

gboolean
hone_project_check_open (HoneProject  *self,
                         GError      **error)
{
  if (self->db == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_FAILED,
                   _("The project “%s” is closed."), self->display_name);
      return FALSE;
    }

  return TRUE;
}

gboolean
hone_project_check_writable (HoneProject  *self,
                             GError      **error)
{
  if (!hone_project_check_open (self, error))
    return FALSE;

  if (self->read_only)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_READ_ONLY,
                   _("The project “%s” was opened for reading only."), self->display_name);
      return FALSE;
    }

  return TRUE;
}

gboolean
hone_project_write_begin (HoneProject  *self,
                          GError      **error)
{
  if (!hone_project_check_writable (self, error))
    return FALSE;

  return hone_store_exec (self->db, "SAVEPOINT hone_write;", error);
}

gboolean
hone_project_set_meta (HoneProject  *self,
                       const char   *key,
                       const char   *value,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = hone_store_prepare (self->db,
                             "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not save the project"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_modified (HoneProject  *self,
                gint64        now,
                GError      **error)
{
  g_autofree char *now_str = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  return hone_project_set_meta (self, "modified", now_str, error);
}

/* Copies committed pages from the write-ahead log into the project file, so
 * that the .hone file alone is complete: a person may copy it, mail it or
 * back it up while Hone is open. PASSIVE never waits for readers. */
static void
checkpoint (HoneProject *self)
{
  sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

gboolean
hone_project_write_end (HoneProject  *self,
                        gboolean      ok,
                        GError      **error)
{
  gint64 now = hone_store_now ();

  if (ok && self->transaction_depth > 0)
    self->modified_pending = TRUE;
  else if (ok)
    ok = write_modified (self, now, error);

  if (ok)
    ok = hone_store_exec (self->db, "RELEASE hone_write;", error);

  if (!ok)
    {
      sqlite3_exec (self->db, "ROLLBACK TO hone_write; RELEASE hone_write;", NULL, NULL, NULL);
      return FALSE;
    }

  if (self->transaction_depth == 0)
    checkpoint (self);

  if (self->modified != now)
    {
      self->modified = now;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }

  return TRUE;
}

/* Signals --------------------------------------------------------------- */

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
sort_unique_ids (GArray *ids)
{
  guint j = 0;

  g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    if (j == 0 || g_array_index (ids, gint64, i) != g_array_index (ids, gint64, j - 1))
      g_array_index (ids, gint64, j++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, j);
}

static void
emit_now (HoneProject       *self,
          HoneExamplesEvent  event,
          GArray            *ids)
{
  static const guint event_signals[] = {
    [HONE_EXAMPLES_INSERTED] = EXAMPLES_INSERTED,
    [HONE_EXAMPLES_REMOVED] = EXAMPLES_REMOVED,
    [HONE_EXAMPLES_CHANGED] = EXAMPLES_CHANGED,
  };

  if (ids != NULL)
    sort_unique_ids (ids);
  if (ids != NULL && ids->len == 0)
    return;

  self->serial++;
  g_signal_emit (self, signals[event_signals[event]], 0, ids);
}

void
hone_project_emit_examples (HoneProject       *self,
                            HoneExamplesEvent  event,
                            GArray            *ids)
{
  g_autoptr(GArray) owned = ids;
  PendingEvent *last;

  g_return_if_fail (ids != NULL || event == HONE_EXAMPLES_CHANGED);

  if (ids != NULL && ids->len == 0)
    return;

  if (self->transaction_depth == 0)
    {
      emit_now (self, event, ids);
      return;
    }

  /* Inside a transaction: keep it for the commit, merged with the previous
   * event of the same kind (the order of kinds matters and is kept) */
  last = g_queue_peek_tail (&self->pending_events);
  if (last != NULL && last->event == event)
    {
      if (last->ids == NULL)
        return;
      if (ids == NULL)
        g_clear_pointer (&last->ids, g_array_unref);
      else
        g_array_append_vals (last->ids, ids->data, ids->len);
      return;
    }

  last = g_new0 (PendingEvent, 1);
  last->event = event;
  last->ids = g_steal_pointer (&owned);
  g_queue_push_tail (&self->pending_events, last);
}

static void
flush_pending_events (HoneProject *self)
{
  PendingEvent *pending;

  g_object_ref (self);
  while ((pending = g_queue_pop_head (&self->pending_events)) != NULL)
    {
      emit_now (self, pending->event, pending->ids);
      pending_event_free (pending);
    }
  if (self->templates_changed_pending)
    {
      self->templates_changed_pending = FALSE;
      g_signal_emit (self, signals[TEMPLATES_CHANGED], 0);
    }
  g_object_unref (self);
}

void
hone_project_emit_templates_changed (HoneProject *self)
{
  if (self->transaction_depth > 0)
    self->templates_changed_pending = TRUE;
  else
    g_signal_emit (self, signals[TEMPLATES_CHANGED], 0);
}

void
hone_project_emit_target_changed (HoneProject *self)
{
  g_signal_emit (self, signals[TARGET_CHANGED], 0);
}

void
hone_project_emit_fine_tune_changed (HoneProject *self,
                                     gint64       id)
{
  g_signal_emit (self, signals[FINE_TUNE_CHANGED], 0, id);
}

void
hone_project_notify_template_style (HoneProject *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE_STYLE]);
}

guint64
hone_project_get_serial (HoneProject *self)
{
  return self->serial;
}

/* Transactions ---------------------------------------------------------- */

gboolean
hone_project_begin (HoneProject  *self,
                    GError      **error)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  if (!hone_project_check_writable (self, error))
    return FALSE;

  if (self->transaction_depth == 0 &&
      !hone_store_exec (self->db, "BEGIN IMMEDIATE;", error))
    return FALSE;

  self->transaction_depth++;
  return TRUE;
}

gboolean
hone_project_commit (HoneProject  *self,
                     GError      **error)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->transaction_depth == 1)
    {
      if (self->modified_pending &&
          !write_modified (self, hone_store_now (), error))
        return FALSE;
      if (!hone_store_exec (self->db, "COMMIT;", error))
        return FALSE;
      self->modified_pending = FALSE;
      checkpoint (self);
    }

  self->transaction_depth--;

  if (self->transaction_depth == 0)
    {
      /* The edits recorded inside become one undo step, then the views
       * hear about what changed */
      if (self->undo_stack != NULL)
        hone_undo_stack_transaction_done (self->undo_stack, TRUE);
      flush_pending_events (self);
    }

  return TRUE;
}

static gboolean load_metadata  (HoneProject *self, GError **error);

void
hone_project_rollback (HoneProject *self)
{
  g_return_if_fail (HONE_IS_PROJECT (self));
  g_return_if_fail (self->transaction_depth > 0);

  self->transaction_depth = 0;
  self->modified_pending = FALSE;
  sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);

  /* Nothing happened, so nothing is announced or recorded */
  drop_pending_events (self);
  if (self->undo_stack != NULL)
    hone_undo_stack_transaction_done (self->undo_stack, FALSE);

  /* What is cached in memory may have changed inside the transaction */
  load_metadata (self, NULL);
  hone_project_load_fields (self, NULL);
  hone_project_load_templates (self, NULL);
}

/* Loading --------------------------------------------------------------- */

static gboolean
load_metadata (HoneProject  *self,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = hone_store_prepare (self->db, "SELECT key, value FROM meta", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (g_strcmp0 (key, "name") == 0)
        hone_project_set_str (&self->name, value);
      else if (g_strcmp0 (key, "description") == 0)
        hone_project_set_str (&self->description, value);
      else if (g_strcmp0 (key, "created") == 0)
        self->created = g_ascii_strtoll (value, NULL, 10);
      else if (g_strcmp0 (key, "modified") == 0)
        self->modified = g_ascii_strtoll (value, NULL, 10);
    }

  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not read the project"));
      return FALSE;
    }

  if (self->name == NULL)
    {
      g_autofree char *stem = g_strdup (self->display_name);
      char *dot = g_strrstr (stem, ".");

      if (dot != NULL && dot != stem)
        *dot = '\0';
      self->name = g_steal_pointer (&stem);
    }
  if (self->description == NULL)
    self->description = g_strdup ("");

  return TRUE;
}

static gboolean
load_all (HoneProject  *self,
          GError      **error)
{
  hone_example_query_register_functions (self->db);

  return load_metadata (self, error) &&
         hone_project_load_fields (self, error) &&
         hone_project_load_templates (self, error);
}

/* Opening and creating -------------------------------------------------- */

static void
remove_file_and_companions (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
}

HoneProject *
hone_project_create (GFile       *file,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(HoneProject) self = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *now = NULL;
  g_autofree char *checked_name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = project_new_for_file (file);

  checked_name = check_project_name (name, error);
  if (checked_name == NULL)
    return NULL;

  if (self->path == NULL)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_IO,
                           _("Projects can only be saved in local folders."));
      return NULL;
    }

  if (g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_EXISTS,
                   _("There is already a file called “%s”. Choose another name."),
                   self->display_name);
      return NULL;
    }

  parent = g_file_get_parent (file);
  if (parent != NULL && !g_file_query_exists (parent, NULL))
    {
      g_autofree char *parent_path = g_file_get_path (parent);
      g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                   _("The folder “%s” does not exist."), parent_path);
      return NULL;
    }

  self->db = hone_store_open_db (self->path, HONE_STORE_OPEN_CREATE, error);
  if (self->db == NULL)
    return NULL;

  now = g_strdup_printf ("%" G_GINT64_FORMAT, hone_store_now ());

  if (!hone_store_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", error) ||
      !hone_store_exec (self->db, "BEGIN IMMEDIATE;", error) ||
      !hone_store_migrate (self->db, 0, error) ||
      !hone_project_set_meta (self, "name", checked_name, error) ||
      !hone_project_set_meta (self, "description", "", error) ||
      !hone_project_set_meta (self, "created", now, error) ||
      !hone_project_set_meta (self, "modified", now, error) ||
      !hone_project_set_meta (self, "created_by", "Hone " PACKAGE_VERSION, error) ||
      !hone_store_exec (self->db, "COMMIT;", error) ||
      !hone_store_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE);", error) ||
      !load_all (self, error))
    {
      g_autofree char *path = g_strdup (self->path);

      g_prefix_error (error, _("Could not create the project “%s”: "), self->display_name);
      hone_project_close (self);
      remove_file_and_companions (path);
      return NULL;
    }

  self->opened_version = HONE_STORE_SCHEMA_VERSION;

  return g_steal_pointer (&self);
}

/* Copies an older read-only project into memory and upgrades the copy,
 * leaving the file as it is. */
static sqlite3 *
open_upgraded_in_memory (HoneProject  *self,
                         sqlite3      *file_db,
                         int           version,
                         GError      **error)
{
  sqlite3 *mem = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (":memory:", &mem, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      hone_store_set_error (error, mem, rc, _("Could not open the project"));
      sqlite3_close_v2 (mem);
      return NULL;
    }

  backup = sqlite3_backup_init (mem, "main", file_db, "main");
  if (backup == NULL)
    {
      hone_store_set_error (error, mem, sqlite3_errcode (mem), _("Could not read the project"));
      sqlite3_close_v2 (mem);
      return NULL;
    }
  sqlite3_backup_step (backup, -1);
  rc = sqlite3_backup_finish (backup);
  if (rc != SQLITE_OK)
    {
      hone_store_set_error (error, mem, rc, _("Could not read the project"));
      sqlite3_close_v2 (mem);
      return NULL;
    }

  if (!hone_store_migrate (mem, version, error))
    {
      sqlite3_close_v2 (mem);
      return NULL;
    }

  return mem;
}

HoneProject *
hone_project_open (GFile                 *file,
                   HoneProjectOpenFlags   flags,
                   GError               **error)
{
  g_autoptr(HoneProject) self = NULL;
  gboolean read_only = (flags & HONE_PROJECT_OPEN_READ_ONLY) != 0;
  int header_version = 0;
  gint64 app_id, version;
  goffset size = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = project_new_for_file (file);
  self->read_only = read_only;

  if (self->path == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                   _("“%s” is not in a local folder. Copy it to your computer first."),
                   self->display_name);
      return NULL;
    }

  /* Refuse what is plainly not ours before SQLite touches the file */
  if (!hone_store_check_header (self->path, self->display_name, &header_version, error))
    return NULL;

  self->db = hone_store_open_db (self->path,
                                 read_only ? HONE_STORE_OPEN_READ_ONLY : 0,
                                 error);
  if (self->db == NULL)
    return NULL;

  /* The header may be older than the write-ahead log: ask SQLite too */
  app_id = hone_store_query_int (self->db, "PRAGMA application_id;", error);
  if (app_id < 0)
    goto corrupt;
  version = hone_store_query_int (self->db, "PRAGMA user_version;", error);
  if (version < 0)
    goto corrupt;

  if (app_id != HONE_STORE_APPLICATION_ID || version < 1)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_A_PROJECT,
                   _("“%s” is not a Hone project."), self->display_name);
      return NULL;
    }
  if (version > HONE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Hone (project format %d; this version reads formats up to %d). Update Hone to open it."),
                   self->display_name, (int) version, HONE_STORE_SCHEMA_VERSION);
      return NULL;
    }

  {
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
    if (info != NULL)
      size = g_file_info_get_size (info);
  }

  if (size <= QUICK_CHECK_MAX_BYTES)
    {
      g_autoptr(sqlite3_stmt) stmt = hone_store_prepare (self->db, "PRAGMA quick_check(1);", error);
      int rc;

      if (stmt == NULL)
        goto corrupt;
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          hone_store_set_error (error, self->db, rc, _("Could not read the project"));
          goto corrupt;
        }
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_CORRUPT, "quick_check: %s",
                       (const char *) sqlite3_column_text (stmt, 0));
          goto corrupt;
        }
    }

  self->opened_version = (int) version;

  if (version < HONE_STORE_SCHEMA_VERSION)
    {
      if (!hone_store_check_schema (self->db, self->display_name, NULL) &&
          version == HONE_STORE_SCHEMA_VERSION)
        goto corrupt;

      if (read_only)
        {
          sqlite3 *mem = open_upgraded_in_memory (self, self->db, (int) version, error);

          if (mem == NULL)
            return NULL;
          sqlite3_close_v2 (self->db);
          self->db = mem;
        }
      else
        {
          /* Keep the file as it was before changing its format */
          g_autofree char *backup = g_strdup_printf ("%s.v%d.bak", self->path, (int) version);
          g_autoptr(sqlite3_stmt) stmt = NULL;
          int rc;

          if (!g_file_test (backup, G_FILE_TEST_EXISTS))
            {
              stmt = hone_store_prepare (self->db, "VACUUM INTO ?1;", error);
              if (stmt == NULL)
                return NULL;
              sqlite3_bind_text (stmt, 1, backup, -1, SQLITE_STATIC);
              rc = sqlite3_step (stmt);
              if (rc != SQLITE_DONE)
                {
                  hone_store_set_error (error, self->db, rc,
                                        _("Could not keep a copy of the project before upgrading it"));
                  return NULL;
                }
            }

          if (!hone_store_exec (self->db, "BEGIN IMMEDIATE;", error))
            return NULL;
          if (!hone_store_migrate (self->db, (int) version, error))
            {
              sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
              g_prefix_error (error, _("Could not upgrade “%s” to this version of Hone: "),
                              self->display_name);
              return NULL;
            }
          /* Put the new format into the file's header at once: other
           * readers look there before opening it */
          if (!hone_store_exec (self->db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);", error))
            return NULL;
        }
    }

  if (!hone_store_check_schema (self->db, self->display_name, error))
    return NULL;

  if (!read_only &&
      !hone_store_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", error))
    return NULL;

  if (!load_all (self, error))
    goto corrupt;

  return g_steal_pointer (&self);

corrupt:
  /* Say which file is damaged; busy or unreadable files keep their message */
  if (error != NULL && *error != NULL &&
      (*error)->code != HONE_ERROR_BUSY && (*error)->code != HONE_ERROR_IO)
    {
      g_debug ("Opening %s failed: %s", self->path, (*error)->message);
      g_clear_error (error);
      g_set_error (error, HONE_ERROR, HONE_ERROR_CORRUPT,
                   _("“%s” is damaged and cannot be opened. Open a backup copy if you have one."),
                   self->display_name);
    }
  return NULL;
}

gboolean
hone_project_reload (HoneProject  *self,
                     GError      **error)
{
  g_autofree char *old_name = NULL;
  g_autofree char *old_description = NULL;
  g_auto(GStrv) old_templates = g_new0 (char *, HONE_N_TEMPLATE_ROLES + 1);
  gint64 old_versions[HONE_N_TEMPLATE_ROLES];
  gboolean old_kept[HONE_N_TEMPLATE_ROLES];
  gboolean templates_changed = FALSE;
  HoneTemplateStyle old_style;
  gint64 old_modified;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  if (self->db == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_FAILED,
                   _("The project “%s” is closed."), self->display_name);
      return FALSE;
    }

  old_name = g_strdup (self->name);
  old_description = g_strdup (self->description);
  old_modified = self->modified;
  old_style = self->template_style;
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    {
      old_templates[i] = g_strdup (self->templates[i]);
      old_versions[i] = self->template_versions[i];
      old_kept[i] = self->template_kept[i];
    }

  if (!load_all (self, error))
    return FALSE;

  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    templates_changed = templates_changed ||
                        g_strcmp0 (old_templates[i], self->templates[i]) != 0 ||
                        old_versions[i] != self->template_versions[i] ||
                        old_kept[i] != self->template_kept[i];

  /* Examples may have changed too: views that care reload themselves */
  self->serial++;

  if (g_strcmp0 (old_name, self->name) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (g_strcmp0 (old_description, self->description) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
  if (old_modified != self->modified)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  if (old_style != self->template_style)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE_STYLE]);
  if (templates_changed)
    hone_project_emit_templates_changed (self);

  return TRUE;
}

void
hone_project_close (HoneProject *self)
{
  g_return_if_fail (HONE_IS_PROJECT (self));

  g_clear_pointer (&self->insert_example, sqlite3_finalize);
  g_clear_pointer (&self->insert_value, sqlite3_finalize);

  if (self->db != NULL)
    {
      if (self->transaction_depth > 0)
        {
          sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
          drop_pending_events (self);
          if (self->undo_stack != NULL)
            hone_undo_stack_transaction_done (self->undo_stack, FALSE);
        }
      self->transaction_depth = 0;
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
}

/* Getters --------------------------------------------------------------- */

sqlite3 *
hone_project_get_db (HoneProject *self)
{
  return self->db;
}

const char *
hone_project_get_path (HoneProject *self)
{
  return self->path;
}

const char *
hone_project_get_display_name (HoneProject *self)
{
  return self->display_name;
}

GFile *
hone_project_get_file (HoneProject *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);
  return self->file;
}

gboolean
hone_project_is_read_only (HoneProject *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), TRUE);
  return self->read_only;
}

int
hone_project_get_opened_version (HoneProject *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), 0);
  return self->opened_version;
}

const char *
hone_project_get_name (HoneProject *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);
  return self->name;
}

const char *
hone_project_get_description (HoneProject *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), NULL);
  return self->description;
}

gint64
hone_project_get_created (HoneProject *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), 0);
  return self->created;
}

gint64
hone_project_get_modified (HoneProject *self)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), 0);
  return self->modified;
}

/* Metadata -------------------------------------------------------------- */

gboolean
hone_project_set_name (HoneProject  *self,
                       const char   *name,
                       GError      **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  trimmed = check_project_name (name, error);
  if (trimmed == NULL)
    return FALSE;

  if (g_strcmp0 (trimmed, self->name) == 0)
    return TRUE;

  if (!hone_project_write_begin (self, error))
    return FALSE;
  if (!hone_project_write_end (self, hone_project_set_meta (self, "name", trimmed, error), error))
    return FALSE;

  hone_project_set_str (&self->name, trimmed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  return TRUE;
}

gboolean
hone_project_set_description (HoneProject  *self,
                              const char   *description,
                              GError      **error)
{
  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);

  if (description == NULL)
    description = "";
  if (!g_utf8_validate (description, -1, NULL))
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("A project description must be valid text (UTF-8)."));
      return FALSE;
    }
  if (g_strcmp0 (description, self->description) == 0)
    return TRUE;

  if (!hone_project_write_begin (self, error))
    return FALSE;
  if (!hone_project_write_end (self, hone_project_set_meta (self, "description", description, error), error))
    return FALSE;

  hone_project_set_str (&self->description, description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
  return TRUE;
}

/* Files ----------------------------------------------------------------- */

gboolean
hone_project_duplicate (HoneProject  *self,
                        GFile        *dest,
                        const char   *new_name,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(HoneProject) copy = NULL;
  g_autofree char *dest_path = NULL;
  g_autofree char *dest_name = NULL;
  int rc;

  g_return_val_if_fail (HONE_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);

  dest_path = g_file_get_path (dest);
  dest_name = g_file_get_basename (dest);

  if (self->db == NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_FAILED,
                   _("The project “%s” is closed."), self->display_name);
      return FALSE;
    }
  if (dest_path == NULL)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_IO,
                           _("Projects can only be saved in local folders."));
      return FALSE;
    }
  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_EXISTS,
                   _("There is already a file called “%s”."), dest_name);
      return FALSE;
    }

  stmt = hone_store_prepare (self->db, "VACUUM INTO ?1;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, dest_path, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, self->db, rc, _("Could not copy the project"));
      remove_file_and_companions (dest_path);
      return FALSE;
    }

  copy = hone_project_open (dest, HONE_PROJECT_OPEN_NONE, error);
  if (copy == NULL || (new_name != NULL && !hone_project_set_name (copy, new_name, error)))
    {
      g_clear_object (&copy);
      remove_file_and_companions (dest_path);
      return FALSE;
    }

  {
    g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, hone_store_now ());
    if (!hone_project_write_begin (copy, error) || !hone_project_write_end (copy, hone_project_set_meta (copy, "created", now, error), error))
      {
        hone_project_close (copy);
        remove_file_and_companions (dest_path);
        return FALSE;
      }
  }

  return TRUE;
}

gboolean
hone_project_trash_file (GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display_name = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  display_name = g_file_get_basename (file);

  if (!g_file_trash (file, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                       _("There is no file “%s”."), display_name);
          return FALSE;
        }

      /* No trash on this file system: delete it */
      g_clear_error (&local_error);
      if (!g_file_delete (file, cancellable, &local_error))
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                       _("Could not delete “%s”: %s"), display_name, local_error->message);
          return FALSE;
        }
    }

  /* The companions hold nothing once the last connection closed cleanly,
   * and belong to the file that went to the trash. */
  if (path != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_unlink (wal);
      g_unlink (shm);
    }

  return TRUE;
}

static char *
sanitize_file_name (const char *name)
{
  GString *s = g_string_new (NULL);

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || g_unichar_iscntrl (c) || c == ':')
        g_string_append_c (s, '-');
      else
        g_string_append_unichar (s, c);
    }

  g_strstrip (s->str);
  s->len = strlen (s->str);
  while (s->len > 0 && s->str[0] == '.')
    g_string_erase (s, 0, 1);
  if (s->len == 0)
    g_string_assign (s, _("Project"));

  return g_string_free (s, FALSE);
}

GFile *
hone_project_suggest_file (GFile      *dir,
                           const char *name)
{
  g_autofree char *base = sanitize_file_name (name ? name : "");

  for (guint i = 1; ; i++)
    {
      g_autofree char *file_name = NULL;
      g_autoptr(GFile) file = NULL;

      if (i == 1)
        file_name = g_strconcat (base, HONE_PROJECT_EXTENSION, NULL);
      else
        file_name = g_strdup_printf ("%s (%u)%s", base, i, HONE_PROJECT_EXTENSION);

      file = g_file_get_child (dir, file_name);
      if (!g_file_query_exists (file, NULL))
        return g_steal_pointer (&file);
    }
}
