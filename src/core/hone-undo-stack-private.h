/* hone-undo-stack-private.h: how edits become steps of a HoneUndoStack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hone-undo-stack.h"

G_BEGIN_DECLS

typedef struct _HoneUndoCommand HoneUndoCommand;

typedef struct {
  /* Undoes (@redo FALSE) or redoes the command, inside a transaction the
   * stack opened; emits what changed through the project's signals */
  gboolean (*apply) (HoneUndoCommand  *command,
                     HoneProject      *project,
                     gboolean          redo,
                     GError          **error);
  /* Frees the command and what it keeps; @project is NULL or closed when
   * nothing can be cleaned up there */
  void     (*free)  (HoneUndoCommand  *command,
                     HoneProject      *project);
} HoneUndoCommandClass;

struct _HoneUndoCommand
{
  const HoneUndoCommandClass *klass;
  char                       *label;  /* "Delete 3 Examples" */
};

/* Called by the project after each edit: takes @command. Inside a
 * transaction it waits for hone_undo_stack_transaction_done(). */
void          hone_undo_stack_record           (HoneUndoStack   *self,
                                                HoneUndoCommand *command);
/* Called by the project when its outermost transaction ends */
void          hone_undo_stack_transaction_done (HoneUndoStack   *self,
                                                gboolean         committed);
/* TRUE while an undo or redo runs: nothing is recorded then */
gboolean      hone_undo_stack_is_replaying     (HoneUndoStack   *self);

void          hone_undo_command_free           (HoneUndoCommand *command,
                                                HoneProject     *project);

G_END_DECLS
