/* hone-prompt-check.c: which examples render to empty messages or fail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-example-scan.h"
#include "hone-prompt-check.h"

G_DEFINE_BOXED_TYPE (HonePromptCheck, hone_prompt_check,
                     hone_prompt_check_copy, hone_prompt_check_free)

static HonePromptCheck *
hone_prompt_check_new (void)
{
  HonePromptCheck *self = g_new0 (HonePromptCheck, 1);

  self->flagged_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return self;
}

HonePromptCheck *
hone_prompt_check_copy (const HonePromptCheck *self)
{
  HonePromptCheck *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (HonePromptCheck, 1);
  *copy = *self;
  copy->flagged_ids = g_array_copy (self->flagged_ids);
  copy->first_failure = g_strdup (self->first_failure);
  return copy;
}

void
hone_prompt_check_free (HonePromptCheck *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->flagged_ids, g_array_unref);
  g_free (self->first_failure);
  g_free (self);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* Renders one example and counts what is wrong with it */
static void
check_example (HonePromptCheck *check,
               HonePrompt      *prompt,
               HoneExample     *example)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) messages = NULL;
  gboolean flagged = FALSE;

  check->n_checked++;

  messages = hone_prompt_render (prompt, example, &error);
  if (messages == NULL)
    {
      check->n_failed++;
      if (check->first_failure == NULL)
        check->first_failure = g_strdup (error->message);
      flagged = TRUE;
    }
  else
    {
      gboolean present[HONE_N_TEMPLATE_ROLES] = { FALSE, };

      for (guint i = 0; i < messages->len; i++)
        {
          const HonePromptMessage *message = &g_array_index (messages, HonePromptMessage, i);

          if ((guint) message->role >= HONE_N_TEMPLATE_ROLES)
            continue;
          present[message->role] = TRUE;
          if (is_blank (message->content))
            {
              check->n_empty[message->role]++;
              flagged = TRUE;
            }
        }

      /* No user or assistant template: no such message at all */
      for (guint role = HONE_TEMPLATE_ROLE_USER; role < HONE_N_TEMPLATE_ROLES; role++)
        if (!present[role])
          {
            check->n_empty[role]++;
            flagged = TRUE;
          }
    }

  if (flagged)
    {
      gint64 id = hone_example_get_id (example);

      check->n_flagged++;
      if (check->flagged_ids->len < HONE_PROMPT_CHECK_MAX_IDS)
        g_array_append_val (check->flagged_ids, id);
    }
}

typedef struct {
  HonePromptCheck *check;
  HonePrompt      *prompt;
} Scan;

static gboolean
scan_cb (HoneExample *example,
         gpointer     user_data)
{
  Scan *scan = user_data;

  check_example (scan->check, scan->prompt, example);
  return TRUE;
}

HonePromptCheck *
hone_prompt_check_examples (const char    *path,
                            HonePrompt    *prompt,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(HonePromptCheck) check = NULL;
  Scan scan;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (prompt != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  check = hone_prompt_check_new ();
  scan.check = check;
  scan.prompt = prompt;
  if (!hone_example_scan (path, scan_cb, &scan, NULL, cancellable, error))
    return NULL;

  return g_steal_pointer (&check);
}

/* Asynchronous ------------------------------------------------------------ */

typedef struct {
  char       *path;
  HonePrompt *prompt;
} CheckData;

static void
check_data_free (gpointer data)
{
  CheckData *cd = data;

  g_free (cd->path);
  g_clear_pointer (&cd->prompt, hone_prompt_unref);
  g_free (cd);
}

static void
check_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *cd = task_data;
  g_autoptr(GError) error = NULL;
  HonePromptCheck *check;

  check = hone_prompt_check_examples (cd->path, cd->prompt, cancellable, &error);
  if (check == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, check, (GDestroyNotify) hone_prompt_check_free);
}

void
hone_prompt_check_async (HoneProject         *project,
                         HonePrompt          *prompt,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GFile *file;
  CheckData *cd;

  g_return_if_fail (HONE_IS_PROJECT (project));
  g_return_if_fail (prompt != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_prompt_check_async);
  g_task_set_return_on_cancel (task, FALSE);

  file = hone_project_get_file (project);
  if (file == NULL || g_file_peek_path (file) == NULL)
    {
      g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_FAILED,
                               _("The project is not a file on this computer, so its examples cannot be checked."));
      return;
    }

  cd = g_new0 (CheckData, 1);
  cd->path = g_strdup (g_file_peek_path (file));
  cd->prompt = hone_prompt_ref (prompt);
  g_task_set_task_data (task, cd, check_data_free);
  g_task_run_in_thread (task, check_worker);
}

HonePromptCheck *
hone_prompt_check_finish (HoneProject   *project,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
