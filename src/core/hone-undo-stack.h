/* hone-undo-stack.h: undo and redo for the edits of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hone-project.h"

G_BEGIN_DECLS

#define HONE_TYPE_UNDO_STACK (hone_undo_stack_get_type ())

G_DECLARE_FINAL_TYPE (HoneUndoStack, hone_undo_stack, HONE, UNDO_STACK, GObject)

/* How many steps can be undone unless hone_undo_stack_set_max_depth() says
 * otherwise; the oldest step is forgotten when a new one would exceed it. */
#define HONE_UNDO_STACK_DEFAULT_DEPTH 200

/* A HoneUndoStack records the edits made to @project while it exists: every
 * editing function of HoneProject (set values, insert, duplicate, delete,
 * splits, and every field edit) pushes one step that can be undone and
 * redone exactly, including the ids, times, splits and sources of examples
 * and the ids and positions of fields. A project has at most one stack.
 *
 * Edits inside hone_project_begin()/hone_project_commit() (or a group) are
 * one step; a rolled back transaction records nothing. A new edit clears
 * what could be redone. Each undo and redo is one transaction: when it fails
 * (another program changed the file in a conflicting way, the disk is full)
 * nothing changes, the step stays where it was and the error is returned.
 *
 * What a step needs to invert itself is kept in temporary tables of the
 * project's SQLite connection (on disk, not in memory), so that deleting a
 * million examples can be undone without holding them in memory. */
HoneUndoStack *hone_undo_stack_new            (HoneProject    *project);
HoneProject   *hone_undo_stack_get_project    (HoneUndoStack  *self);

/* "can-undo", "can-redo", "undo-label" and "redo-label" are properties
 * and notify when they change. */
gboolean       hone_undo_stack_can_undo       (HoneUndoStack  *self);
gboolean       hone_undo_stack_can_redo       (HoneUndoStack  *self);
/* "Undo Delete 3 Examples", or "Undo" when there is nothing to undo */
const char    *hone_undo_stack_get_undo_label (HoneUndoStack  *self);
const char    *hone_undo_stack_get_redo_label (HoneUndoStack  *self);

gboolean       hone_undo_stack_undo           (HoneUndoStack  *self,
                                               GError        **error);
gboolean       hone_undo_stack_redo           (HoneUndoStack  *self,
                                               GError        **error);

/* Several edits as one step called @label ("Paste"): begin_group starts a
 * transaction, end_group commits it (or fails and leaves it open: cancel
 * it then), cancel_group rolls everything back and records nothing. */
gboolean       hone_undo_stack_begin_group    (HoneUndoStack  *self,
                                               const char     *label,
                                               GError        **error);
gboolean       hone_undo_stack_end_group      (HoneUndoStack  *self,
                                               GError        **error);
void           hone_undo_stack_cancel_group   (HoneUndoStack  *self);

/* Forgets every step */
void           hone_undo_stack_clear          (HoneUndoStack  *self);
guint          hone_undo_stack_get_n_undo     (HoneUndoStack  *self);
guint          hone_undo_stack_get_n_redo     (HoneUndoStack  *self);
guint          hone_undo_stack_get_max_depth  (HoneUndoStack  *self);
void           hone_undo_stack_set_max_depth  (HoneUndoStack  *self,
                                               guint           max_depth);

G_END_DECLS
