/* hone-project-private.h: what the files of HoneProject share
 *
 * HoneProject is split over several files along its seams:
 *   hone-project.c           opening, creating, metadata, transactions, signals
 *   hone-project-fields.c    fields: add, rename, move, kind, description, labels, delete
 *   hone-project-templates.c templates: versions, kept versions, style, field uses
 *   hone-project-examples.c  examples: add, load, set values, insert, duplicate, delete, splits
 *   hone-project-undo.c      what the undo stack records and how it puts things back
 *   hone-project-fine-tunes.c the fine-tunes started from it and the files that trained them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "hone-project.h"
#include "hone-store.h"
#include "hone-undo-stack.h"

G_BEGIN_DECLS

typedef enum {
  HONE_EXAMPLES_INSERTED,
  HONE_EXAMPLES_REMOVED,
  HONE_EXAMPLES_CHANGED,
} HoneExamplesEvent;

struct _HoneProject
{
  GObject     parent_instance;

  GFile      *file;
  char       *path;
  char       *display_name;
  sqlite3    *db;
  gboolean    read_only;
  int         opened_version;
  guint       transaction_depth;
  /* a change was made inside hone_project_begin(): "modified" is written at commit */
  gboolean    modified_pending;

  /* kept prepared for bulk work */
  sqlite3_stmt *insert_example;
  sqlite3_stmt *insert_value;

  char       *name;
  char       *description;
  gint64      created;
  gint64      modified;

  GListStore *fields;

  /* The newest version of each role (version 0, "" when never set), and
   * whether it is kept (a fine-tune used it: the next edit makes a new one) */
  char       *templates[HONE_N_TEMPLATE_ROLES];
  gint64      template_versions[HONE_N_TEMPLATE_ROLES];
  gboolean    template_kept[HONE_N_TEMPLATE_ROLES];
  HoneTemplateStyle template_style;
  /* "templates-changed" waits for the commit of the open transaction */
  gboolean    templates_changed_pending;

  /* Example signals wait here while a transaction is open, and are sent
   * (in order) when it commits or dropped when it rolls back. */
  GQueue      pending_events;
  /* Counts the changes announced so far (see hone_project_get_serial()) */
  guint64     serial;

  /* The undo stack recording this project's edits (not owned: the stack
   * detaches itself when it goes), and what it needs */
  HoneUndoStack *undo_stack;
  gint64         next_snapshot;
};

/* hone-project.c */
gboolean      hone_project_check_writable      (HoneProject        *self,
                                                GError            **error);
gboolean      hone_project_check_open          (HoneProject        *self,
                                                GError            **error);
/* Every change runs between write_begin() and write_end(): a savepoint, so
 * it nests inside hone_project_begin() and lands whole or not at all. */
gboolean      hone_project_write_begin         (HoneProject        *self,
                                                GError            **error);
gboolean      hone_project_write_end           (HoneProject        *self,
                                                gboolean            ok,
                                                GError            **error);
/* Announces a change of examples: now, or at commit when a transaction is
 * open. Takes @ids (sorted, deduplicated here); NULL only for CHANGED. */
void          hone_project_emit_examples       (HoneProject        *self,
                                                HoneExamplesEvent   event,
                                                GArray             *ids);
void          hone_project_set_str             (char              **ptr,
                                                const char         *value);
/* Writes one key of the meta table (inside a write) */
gboolean      hone_project_set_meta            (HoneProject        *self,
                                                const char         *key,
                                                const char         *value,
                                                GError            **error);
/* "templates-changed": now, or at commit when a transaction is open */
void          hone_project_emit_templates_changed (HoneProject     *self);
void          hone_project_notify_template_style (HoneProject      *self);
void          hone_project_emit_target_changed (HoneProject        *self);
void          hone_project_emit_fine_tune_changed (HoneProject     *self,
                                                gint64              id);
sqlite3      *hone_project_get_db              (HoneProject        *self);
const char   *hone_project_get_path            (HoneProject        *self);
const char   *hone_project_get_display_name    (HoneProject        *self);

/* hone-project-fields.c */
gboolean      hone_project_load_fields         (HoneProject        *self,
                                                GError            **error);
GStrv         hone_project_parse_allowed_values (const char        *json);
char         *hone_project_format_allowed_values (const char * const *values);
HoneField    *hone_project_find_field_by_id    (HoneProject        *self,
                                                gint64              field_id,
                                                GError            **error);

guint64       hone_project_get_serial          (HoneProject        *self);

/* hone-project-templates.c */
/* Rereads the newest version of each template, its kept state and the
 * template style (no signal) */
gboolean      hone_project_load_templates      (HoneProject        *self,
                                                GError            **error);
/* Writes @text as the template of @role inside an open write: updates the
 * newest version in place, or adds a version when there is none or it is
 * kept. Does not touch what is cached in memory: reload the templates after
 * the write ends. */
gboolean      hone_project_store_template      (HoneProject        *self,
                                                HoneTemplateRole    role,
                                                const char         *text,
                                                GError            **error);

/* Rewrites every use of field @old_name in the templates to @new_name
 * inside an open write (templates that do not compile are left alone); sets
 * @changed when one was written. Reload the templates after the write. */
gboolean      hone_project_rename_in_templates (HoneProject        *self,
                                                const char         *old_name,
                                                const char         *new_name,
                                                gboolean           *changed,
                                                GError            **error);

/* hone-project-examples.c */
/* "[1,2,3]": for json_each() in SQL */
char         *hone_project_ids_to_json         (const gint64       *ids,
                                                guint               n_ids);
/* The ids of a statement's first column, in its order, stepping it to the end */
GArray       *hone_project_collect_ids         (HoneProject        *self,
                                                sqlite3_stmt       *stmt,
                                                const char         *what,
                                                GError            **error);
/* The hash that places an example in a random split (see hone_project_random_split()) */
gint64        hone_project_split_hash          (guint64            seed,
                                                gint64             id);

/* hone-project-undo.c: recording edits for the undo stack. Snapshots are
 * taken inside the edit's savepoint; 0 means failure (or none). */
gboolean      hone_project_is_recording        (HoneProject        *self);
gint64        hone_project_new_snapshot        (HoneProject        *self);
/* The examples in @ids_json (a JSON array), with all their values unless
 * only their split will change */
gint64        hone_project_snapshot_rows       (HoneProject        *self,
                                                const char         *ids_json,
                                                gboolean            with_values,
                                                GError            **error);
gboolean      hone_project_snapshot_cell       (HoneProject        *self,
                                                gint64              snapshot,
                                                gint64              example_id,
                                                gint64              field_id,
                                                const char         *value,
                                                GError            **error);
gint64        hone_project_snapshot_field_values (HoneProject      *self,
                                                gint64              field_id,
                                                GError            **error);
/* The whole fields table, as rows for hone_project_record_fields() */
GPtrArray    *hone_project_snapshot_fields     (HoneProject        *self,
                                                GError            **error);
/* Push a step on the undo stack; take @label and the arrays */
void          hone_project_record_rows         (HoneProject        *self,
                                                char               *label,
                                                gint64              before,
                                                gint64              after,
                                                gboolean            with_values);
void          hone_project_record_fields       (HoneProject        *self,
                                                char               *label,
                                                GPtrArray          *before,
                                                GPtrArray          *after,
                                                gint64              values_before,
                                                gint64              values_after,
                                                gboolean            values_changed);

G_END_DECLS
