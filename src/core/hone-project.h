/* hone-project.h: a project file (.hone), its fields, examples and templates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-enums.h"
#include "hone-example.h"
#include "hone-field.h"

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

/* Fields, in position order. The list model is owned by the project and
 * updated in place when fields change (items are HoneField). */
GListModel   *hone_project_get_fields          (HoneProject          *self);
guint         hone_project_get_n_fields        (HoneProject          *self);
HoneField    *hone_project_get_field           (HoneProject          *self,
                                                guint                 position);
HoneField    *hone_project_find_field          (HoneProject          *self,
                                                const char           *name);
/* Appends a field; returns a borrowed reference to it. */
HoneField    *hone_project_add_field           (HoneProject          *self,
                                                const char           *name,
                                                HoneFieldKind         kind,
                                                const char           *description,
                                                const char * const   *allowed_values,
                                                GError              **error);

/* Examples. @values holds one value per field in field position order
 * (NULL for empty); it may be NULL for an example with every field empty.
 * Values are checked against their field's kind. Returns the new id, or 0. */
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

/* Templates: the newest version of each role ("" when never set). Setting a
 * template to the text it already has keeps the version. */
const char   *hone_project_get_template        (HoneProject          *self,
                                                HoneTemplateRole      role);
/* 0 when never set */
gint64        hone_project_get_template_version(HoneProject          *self,
                                                HoneTemplateRole      role);
gboolean      hone_project_set_template        (HoneProject          *self,
                                                HoneTemplateRole      role,
                                                const char           *text,
                                                GError              **error);
/* Number of stored versions of a role */
gint64        hone_project_count_template_versions (HoneProject      *self,
                                                HoneTemplateRole      role,
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
