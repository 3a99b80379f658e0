/* hone-project.h: a project file (.hone), its fields, examples and templates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-enums.h"
#include "hone-example.h"
#include "hone-example-query.h"
#include "hone-field.h"
#include "hone-fine-tune-record.h"

G_BEGIN_DECLS

#define HONE_TYPE_PROJECT (hone_project_get_type ())

G_DECLARE_FINAL_TYPE (HoneProject, hone_project, HONE, PROJECT, GObject)

#define HONE_PROJECT_EXTENSION ".hone"

typedef enum {
  HONE_PROJECT_OPEN_NONE      = 0,
  /* Never write to the file: no migration, every setter fails with
   * HONE_ERROR_READ_ONLY. Used to read the summary of a project. */
  HONE_PROJECT_OPEN_READ_ONLY = 1 << 0,
} HoneProjectOpenFlags;

/* Creates a new, empty project at @file (which must not exist). */
HoneProject  *hone_project_create              (GFile                *file,
                                                const char           *name,
                                                GError              **error);
/* Opens an existing project. A file that is not a Hone project, comes from
 * a newer Hone or is damaged is refused with HONE_ERROR_NOT_A_PROJECT,
 * HONE_ERROR_TOO_NEW or HONE_ERROR_CORRUPT and is never modified. A project
 * from an older Hone is upgraded in place after a backup copy is written
 * beside it (NAME.hone.vN.bak). */
HoneProject  *hone_project_open                (GFile                *file,
                                                HoneProjectOpenFlags  flags,
                                                GError              **error);

GFile        *hone_project_get_file            (HoneProject          *self);
gboolean      hone_project_is_read_only        (HoneProject          *self);
/* The schema version the file had when it was opened (before any upgrade). */
int           hone_project_get_opened_version  (HoneProject          *self);

/* Metadata. "name" and "modified" are GObject properties and notify. */
const char   *hone_project_get_name            (HoneProject          *self);
gboolean      hone_project_set_name            (HoneProject          *self,
                                                const char           *name,
                                                GError              **error);
const char   *hone_project_get_description     (HoneProject          *self);
gboolean      hone_project_set_description     (HoneProject          *self,
                                                const char           *description,
                                                GError              **error);
/* Unix time, seconds */
gint64        hone_project_get_created         (HoneProject          *self);
gint64        hone_project_get_modified        (HoneProject          *self);

/* Editing, signals and undo
 *
 * Every editing function below is one transaction: it lands whole or not at
 * all, and checks everything before it writes anything (a refused edit
 * changes nothing). Inside hone_project_begin()/commit() they join that
 * transaction. While a HoneUndoStack exists for the project, each edit is
 * recorded on it (see hone-undo-stack.h).
 *
 * Views are told what changed, once it is committed:
 *   - fields: the list model of hone_project_get_fields() emits items-changed
 *     for exactly the positions that changed (a rename replaces one item; a
 *     move or delete replaces the positions between);
 *   - examples: the signals "examples-inserted", "examples-removed" and
 *     "examples-changed", each with a GArray of gint64 ids in ascending
 *     order ("examples-changed" has NULL when any example may have changed:
 *     a field was deleted, or the values of a field were put back by undo
 *     or redo). Edits inside a transaction are announced at commit, in
 *     order, and not at all if it is rolled back.
 *
 * Examples and fields are named by id: ids stay the same through renames,
 * moves, sorts and undo. */

/* Fields, in position order. The list model is owned by the project and
 * updated in place when fields change (items are HoneField). */
GListModel   *hone_project_get_fields          (HoneProject          *self);
guint         hone_project_get_n_fields        (HoneProject          *self);
HoneField    *hone_project_get_field           (HoneProject          *self,
                                                guint                 position);
HoneField    *hone_project_find_field          (HoneProject          *self,
                                                const char           *name);
/* NULL when there is no such field */
HoneField    *hone_project_get_field_by_id     (HoneProject          *self,
                                                gint64                field_id);
/* Appends a field; returns a borrowed reference to it. */
HoneField    *hone_project_add_field           (HoneProject          *self,
                                                const char           *name,
                                                HoneFieldKind         kind,
                                                const char           *description,
                                                const char * const   *allowed_values,
                                                GError              **error);
/* Renames a field (HONE_ERROR_EXISTS when the name is taken). The templates
 * that use the old name are rewritten to the new one in the same
 * transaction ({{old}} → {{new}}, {{#each old}}, {{[old name]}} …; a
 * template that does not compile is left as it is), as a new version when
 * the current one is kept; "templates-changed" tells the views. Undo puts
 * the field's name back, not the templates. */
gboolean      hone_project_rename_field        (HoneProject          *self,
                                                gint64                field_id,
                                                const char           *name,
                                                GError              **error);
/* Moves a field to @position (0 is first); the others shift */
gboolean      hone_project_move_field          (HoneProject          *self,
                                                gint64                field_id,
                                                guint                 position,
                                                GError              **error);
/* Changes the kind of a field after checking that every value it holds
 * fits the new kind; the first that does not is named in the error
 * (example id and value) and nothing changes. Values are rewritten in the
 * kind's stored form (yes/no as true/false, numbers trimmed). A field that
 * becomes a label has no list of labels (any value is a label); a field
 * that stops being one loses its list. */
gboolean      hone_project_set_field_kind      (HoneProject          *self,
                                                gint64                field_id,
                                                HoneFieldKind         kind,
                                                GError              **error);
gboolean      hone_project_set_field_description (HoneProject        *self,
                                                gint64                field_id,
                                                const char           *description,
                                                GError              **error);
/* The labels a label field accepts (NULL or empty: any); every value the
 * field holds must be one of them, or the first that is not is named */
gboolean      hone_project_set_field_allowed_values (HoneProject     *self,
                                                gint64                field_id,
                                                const char * const   *allowed_values,
                                                GError              **error);
/* Deletes a field and all its values. The templates are left as they are:
 * ask hone_project_get_field_template_uses() first to warn the person. */
gboolean      hone_project_delete_field        (HoneProject          *self,
                                                gint64                field_id,
                                                GError              **error);
/* The examples whose value of a field @as_field would refuse: @as_field is
 * the field as it would be after a change of kind or of labels (made with
 * hone_field_new(), with the field's id). A new array of their ids,
 * ascending (empty when every value fits); @first_reason, when not NULL,
 * receives why the first one does not fit. Lets the Fields page say how
 * many examples and which row before it asks for the change. */
GArray       *hone_project_find_unfit_examples (HoneProject          *self,
                                                HoneField            *as_field,
                                                char                **first_reason,
                                                GError              **error);

/* Examples. @values holds one value per field in field position order
 * (NULL for empty); it may be NULL for an example with every field empty.
 * Values are checked against their field's kind. Returns the new id, or 0.
 * This is the bulk path for importers: it emits no signal and is not
 * recorded for undo. Edits use hone_project_insert_examples(). */
gint64        hone_project_add_example         (HoneProject          *self,
                                                HoneSplit             split,
                                                HoneExampleSource     source,
                                                const char * const   *values,
                                                GError              **error);
/* @split may be HONE_SPLIT_ANY. Returns -1 on error. */
gint64        hone_project_count_examples      (HoneProject          *self,
                                                HoneSplit             split,
                                                GError              **error);
/* Examples ordered by id, @limit of them from @offset. Items are HoneExample. */
GPtrArray    *hone_project_load_examples       (HoneProject          *self,
                                                guint                 offset,
                                                guint                 limit,
                                                GError              **error);
/* The examples with these (distinct) ids, in the order given; ids that do
 * not exist are left out. Items are HoneExample. */
GPtrArray    *hone_project_load_examples_by_id (HoneProject          *self,
                                                const gint64         *example_ids,
                                                guint                 n_examples,
                                                GError              **error);

/* Sets one value (NULL or "" clears it), checked against the field's kind.
 * The example's modified time is updated when the value changes. */
gboolean      hone_project_set_value           (HoneProject          *self,
                                                gint64                example_id,
                                                gint64                field_id,
                                                const char           *value,
                                                GError              **error);
/* Sets a block of values (a paste): @values holds @n_examples rows of
 * @n_fields values (row after row; NULL entries and a NULL @values are
 * empty). An id of 0 makes a new example (training, typed) at the end; their
 * ids are returned in @new_ids when not NULL. All or nothing: the first bad
 * cell is named ("Example 12, field “score”: …"). */
gboolean      hone_project_set_values          (HoneProject          *self,
                                                const gint64         *example_ids,
                                                guint                 n_examples,
                                                const gint64         *field_ids,
                                                guint                 n_fields,
                                                const char * const   *values,
                                                GArray              **new_ids,
                                                GError              **error);
/* Adds @n_examples examples after every other (ids grow, so they come
 * last in id order), with @values laid out as for hone_project_set_values()
 * (may be NULL). Returns their ids (gint64), or NULL on error. */
GArray       *hone_project_insert_examples     (HoneProject          *self,
                                                guint                 n_examples,
                                                HoneSplit             split,
                                                HoneExampleSource     source,
                                                const gint64         *field_ids,
                                                guint                 n_fields,
                                                const char * const   *values,
                                                GError              **error);
/* Copies examples (split, source and values; created and modified are now)
 * to new examples at the end, in the order given. Returns the new ids. */
GArray       *hone_project_duplicate_examples  (HoneProject          *self,
                                                const gint64         *example_ids,
                                                guint                 n_examples,
                                                GError              **error);
gboolean      hone_project_delete_examples     (HoneProject          *self,
                                                const gint64         *example_ids,
                                                guint                 n_examples,
                                                GError              **error);
gboolean      hone_project_set_split           (HoneProject          *self,
                                                const gint64         *example_ids,
                                                guint                 n_examples,
                                                HoneSplit             split,
                                                GError              **error);
/* Splits the examples @filter selects (NULL: all) between training and
 * validation. Excluded examples are left out. Reproducible: the same seed
 * on the same examples always gives the same assignment, whatever their
 * order, and an example keeps its place in the ranking when others are
 * added. The algorithm: each example gets h = the id-th output of
 * SplitMix64 seeded with @seed (z = seed + id × 0x9E3779B97F4A7C15, mixed by
 * SplitMix64's finaliser, shifted right by one); the examples are ranked by
 * (h, id) and the first round(@validation_ratio × n) go to validation, the
 * rest to training, so the counts are exact. Returns the counts. */
gboolean      hone_project_random_split        (HoneProject          *self,
                                                const HoneExampleQuery *filter,
                                                double                validation_ratio,
                                                guint64               seed,
                                                guint                *n_train,
                                                guint                *n_validation,
                                                GError              **error);

/* Templates
 *
 * Each role has versions 1, 2, 3…; the newest is the template. Templates are
 * saved as the person types: an edit updates the newest version in place,
 * unless that version is kept (a fine-tune used it, see
 * hone_project_keep_templates()), and then the edit starts a new version.
 * So every version a fine-tune used stays as it was, and typing does not
 * pile up versions. Any text is accepted (a template being typed is often
 * not valid yet); compile it with hone_template_new() to check it. Template
 * edits are not recorded on the undo stack (the editor has its own). */

/* The newest version of @role ("" when never set) */
const char   *hone_project_get_template        (HoneProject          *self,
                                                HoneTemplateRole      role);
/* Its number; 0 when never set */
gint64        hone_project_get_template_version(HoneProject          *self,
                                                HoneTemplateRole      role);
/* Whether the newest version of @role is kept (the next edit makes a new one) */
gboolean      hone_project_get_template_kept   (HoneProject          *self,
                                                HoneTemplateRole      role);
/* Sets the template of @role (NULL is ""). Setting the text it already has
 * changes nothing. Emits "templates-changed". */
gboolean      hone_project_set_template        (HoneProject          *self,
                                                HoneTemplateRole      role,
                                                const char           *text,
                                                GError              **error);
/* Marks the newest version of every role as kept and stores their numbers
 * in @out_versions (0 for a role never set, whose template is ""): a
 * fine-tune calls this when it starts and records the numbers. The next
 * edit of a role then makes a new version. */
gboolean      hone_project_keep_templates      (HoneProject          *self,
                                                gint64                out_versions[HONE_N_TEMPLATE_ROLES],
                                                GError              **error);
/* The text of version @version of @role ("" for version 0);
 * HONE_ERROR_NOT_FOUND when there is no such version. */
char         *hone_project_get_template_version_text (HoneProject    *self,
                                                HoneTemplateRole      role,
                                                gint64                version,
                                                GError              **error);
/* Number of stored versions of a role */
gint64        hone_project_count_template_versions (HoneProject      *self,
                                                HoneTemplateRole      role,
                                                GError              **error);

/* How the templates become training data ("template-style" notifies).
 * A new project is HONE_TEMPLATE_STYLE_CHAT. In the prompt/completion style
 * the system prompt is kept but not used. */
HoneTemplateStyle hone_project_get_template_style (HoneProject       *self);
gboolean      hone_project_set_template_style  (HoneProject          *self,
                                                HoneTemplateStyle     style,
                                                GError              **error);

/* The provider and model the project is checked and estimated for
 * (ids of the model catalogue), or NULL for both when none was chosen.
 * Setting them emits "target-changed". Not on the undo stack. */
gboolean      hone_project_get_target          (HoneProject          *self,
                                                char                **provider_id,
                                                char                **model_id);
gboolean      hone_project_set_target          (HoneProject          *self,
                                                const char           *provider_id,
                                                const char           *model_id,
                                                GError              **error);

/* Fine-tunes (see hone-fine-tune-record.h). Recording them is not an edit:
 * not on the undo stack, "modified" stays. Every write emits
 * "fine-tune-changed" with the id. */

/* Adds @record (its id is ignored, then set); sets created and updated.
 * Returns the new id, or 0 */
gint64        hone_project_add_fine_tune       (HoneProject          *self,
                                                HoneFineTuneRecord   *record,
                                                GError              **error);
/* Writes every member of @record over the stored one; sets updated */
gboolean      hone_project_update_fine_tune    (HoneProject          *self,
                                                HoneFineTuneRecord   *record,
                                                GError              **error);
HoneFineTuneRecord *hone_project_get_fine_tune (HoneProject          *self,
                                                gint64                id,
                                                GError              **error);
/* By the provider's job id, else by Hone's number for it */
HoneFineTuneRecord *hone_project_find_fine_tune (HoneProject         *self,
                                                const char           *id_or_job_id,
                                                GError              **error);
/* (element-type HoneFineTuneRecord): newest first */
GPtrArray    *hone_project_list_fine_tunes     (HoneProject          *self,
                                                GError              **error);
/* Only a fine-tune that is over and left nothing on the provider */
gboolean      hone_project_delete_fine_tune    (HoneProject          *self,
                                                gint64                id,
                                                GError              **error);
/* Keeps the exact file sent to the provider and the example behind each of
 * its lines (@row_ids: gint64, in line order), replacing one kept before */
gboolean      hone_project_store_fine_tune_file (HoneProject         *self,
                                                gint64                id,
                                                HoneFineTuneFileRole  role,
                                                GBytes               *content,
                                                GArray               *row_ids,
                                                GError              **error);
/* The same in two halves, so the slow one runs in a worker thread: pack
 * (compress, checksum; any thread, no project), then store (the project's
 * thread) */
typedef struct _HoneFineTuneFilePack HoneFineTuneFilePack;
HoneFineTuneFilePack *hone_fine_tune_file_pack (GBytes                  *content,
                                                GArray                  *row_ids,
                                                GError                 **error);
const char   *hone_fine_tune_file_pack_get_sha256 (const HoneFineTuneFilePack *self);
void          hone_fine_tune_file_pack_free    (HoneFineTuneFilePack    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneFineTuneFilePack, hone_fine_tune_file_pack_free)
gboolean      hone_project_store_fine_tune_pack (HoneProject             *self,
                                                gint64                   id,
                                                HoneFineTuneFileRole     role,
                                                const HoneFineTuneFilePack *pack,
                                                GError                 **error);
/* The file as it was sent (checked against its SHA-256), and @row_ids */
GBytes       *hone_project_dup_fine_tune_file  (HoneProject          *self,
                                                gint64                id,
                                                HoneFineTuneFileRole  role,
                                                GArray              **row_ids,
                                                GError              **error);

/**
 * HoneTemplateUse:
 * @role: the template
 * @line: 1-based line of the use
 * @column: 1-based column, in characters
 * @offset: byte offset of the name in the template
 * @length: its length in bytes (brackets included: `[due date]`)
 *
 * Where a template uses a field.
 */
typedef struct {
  HoneTemplateRole role;
  guint            line;
  guint            column;
  gsize            offset;
  gsize            length;
} HoneTemplateUse;

/* Where the templates use the field @field_id (an array of HoneTemplateUse,
 * in role then source order; empty when unused), so that deleting it can
 * warn and list them. A template that does not compile is not searched.
 * NULL with HONE_ERROR_NOT_FOUND when there is no such field. */
GArray       *hone_project_get_field_template_uses (HoneProject      *self,
                                                gint64                field_id,
                                                GError              **error);

/* Group several writes into one transaction: all of them land, or none. */
gboolean      hone_project_begin               (HoneProject          *self,
                                                GError              **error);
gboolean      hone_project_commit              (HoneProject          *self,
                                                GError              **error);
void          hone_project_rollback            (HoneProject          *self);

/* Writes a consistent copy of the project to @dest (must not exist) and
 * names the copy @new_name. */
gboolean      hone_project_duplicate           (HoneProject          *self,
                                                GFile                *dest,
                                                const char           *new_name,
                                                GError              **error);

/* Rereads what the project keeps in memory (name, description, fields,
 * templates) after another connection (a worker thread, hone-cli) changed
 * the file. Emits notify and items-changed on the fields as needed. */
gboolean      hone_project_reload              (HoneProject          *self,
                                                GError              **error);

/* Closes the database; any later call fails. Called by dispose too. */
void          hone_project_close               (HoneProject          *self);

/* Moves a project file (and its -wal/-shm companions) to the trash, or
 * deletes it where there is no trash. The project must not be open. */
gboolean      hone_project_trash_file          (GFile                *file,
                                                GCancellable         *cancellable,
                                                GError              **error);

/* A file name that does not exist yet in @dir for a project called @name:
 * "Press releases.hone", "Press releases (2).hone", … */
GFile        *hone_project_suggest_file        (GFile                *dir,
                                                const char           *name);

G_END_DECLS
