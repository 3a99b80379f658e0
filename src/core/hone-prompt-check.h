/* hone-prompt-check.h: which examples a project's templates turn into empty
 * messages, or fail to render
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-project.h"
#include "hone-prompt.h"

G_BEGIN_DECLS

/* At most this many flagged ids are kept (the counts are always exact) */
#define HONE_PROMPT_CHECK_MAX_IDS 100000

#define HONE_TYPE_PROMPT_CHECK (hone_prompt_check_get_type ())

/**
 * HonePromptCheck:
 * @n_checked: examples rendered (every example in training or validation;
 *   excluded examples are not trained on and are left out)
 * @n_empty: per role, examples whose message of that role is empty or only
 *   white space. A user or assistant template that is not set leaves every
 *   example without that message, which counts as empty; a system prompt
 *   that is not set is not counted (it is optional).
 * @n_failed: examples whose rendering failed
 * @n_flagged: examples counted in any of the above (each once)
 * @flagged_ids: the ids of the flagged examples (gint64), ascending; the
 *   first HONE_PROMPT_CHECK_MAX_IDS of them
 * @first_failure: the message of the first failure, or NULL
 *
 * The result of hone_prompt_check_examples().
 */
typedef struct {
  guint64  n_checked;
  guint64  n_empty[HONE_N_TEMPLATE_ROLES];
  guint64  n_failed;
  guint64  n_flagged;
  GArray  *flagged_ids;
  char    *first_failure;
} HonePromptCheck;

GType            hone_prompt_check_get_type   (void) G_GNUC_CONST;
HonePromptCheck *hone_prompt_check_copy       (const HonePromptCheck *self);
void             hone_prompt_check_free       (HonePromptCheck       *self);

/* Renders every example of the project file at PATH through PROMPT, one at
 * a time in id order on a read-only connection of its own (one consistent
 * snapshot; memory does not grow with the number of examples). Blocking:
 * meant for a worker thread or hone-cli. PROMPT must have been compiled
 * against the project's fields. */
HonePromptCheck *hone_prompt_check_examples   (const char            *path,
                                               HonePrompt            *prompt,
                                               GCancellable          *cancellable,
                                               GError               **error);

/* The same in a worker thread (the project itself is not touched there). */
void             hone_prompt_check_async      (HoneProject           *project,
                                               HonePrompt            *prompt,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
HonePromptCheck *hone_prompt_check_finish     (HoneProject           *project,
                                               GAsyncResult          *result,
                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HonePromptCheck, hone_prompt_check_free)

G_END_DECLS
