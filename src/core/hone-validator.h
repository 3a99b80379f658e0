/* hone-validator.h: what will go wrong at the provider, and how many tokens
 * a dataset is, before anything is spent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-model-catalog.h"
#include "hone-project.h"
#include "hone-prompt.h"

G_BEGIN_DECLS

typedef enum {
  HONE_SEVERITY_ERROR,    /* the provider refuses the job, or the model
                           * learns something wrong: fix before training */
  HONE_SEVERITY_WARNING,  /* probably a mistake */
  HONE_SEVERITY_INFO,     /* worth knowing */
} HoneSeverity;

#define HONE_N_SEVERITIES 3

/* A fix that one click can apply (hone_validation_apply_fix()) */
typedef enum {
  HONE_FIX_NONE,
  HONE_FIX_EXCLUDE,           /* move the example to "excluded" */
  HONE_FIX_REMOVE_DUPLICATE,  /* delete this copy (the first one stays) */
  HONE_FIX_MOVE_TO_TRAIN,     /* move the example to "train" */
} HoneFix;

/**
 * HoneProblem:
 * @severity: how bad
 * @code: what kind of problem, stable for scripts (static string):
 *   format (OpenAI cookbook's checks, on the rendered messages):
 *     "no-messages", "missing-content", "no-assistant", "no-user",
 *     "render-failed";
 *   provider and model limits:
 *     "provider-closed", "too-few-examples", "too-long", "file-too-large";
 *   dataset lint:
 *     "empty-field" (not for a field the templates test with {{#if}} or
 *     {{#unless}}: they deal with it being empty), "duplicate", "leak",
 *     "near-empty-output",
 *     "label-not-allowed", "unbalanced-label"
 * @example_id: the example (0: the whole dataset)
 * @other_id: the example it repeats ("duplicate", "leak"), else 0
 * @field: the field concerned, or NULL
 * @role: the message concerned (a HoneTemplateRole), or -1
 * @message: for people: what is wrong, where, and what to do
 * @fix: the one-click fix, or HONE_FIX_NONE
 */
typedef struct {
  HoneSeverity  severity;
  const char   *code;
  gint64        example_id;
  gint64        other_id;
  char         *field;
  int           role;
  char         *message;
  HoneFix       fix;
} HoneProblem;

/* At most this many problems are kept, and at most
 * HONE_VALIDATION_MAX_PROBLEMS_PER_CODE of one code (the counts per
 * severity are always exact) */
#define HONE_VALIDATION_MAX_PROBLEMS 20000
#define HONE_VALIDATION_MAX_PROBLEMS_PER_CODE 2000

#define HONE_TYPE_VALIDATION (hone_validation_get_type ())

/**
 * HoneValidation:
 * @provider_id, @model_id: what it was checked for (NULL: no model; then
 *   tokens are counted with o200k_base in OpenAI's chat accounting and no
 *   limits are checked)
 * @exact: whether the token counts are exact (FALSE for an estimating
 *   tokenizer: show them with "≈")
 * @n_examples: per split
 * @tokens: per split, the tokens of its examples as the model reads them
 *   (templates applied, the chat format's tokens included); excluded
 *   examples are not counted
 * @billed_tokens: the same with each example cut at the model's longest
 *   example (what a provider bills for one epoch)
 * @file_bytes: per split, the size of the chat JSONL file it uploads
 * @longest_tokens, @longest_id: the longest example
 * @ids, @example_tokens: every rendered example's id (gint64, ascending)
 *   and its tokens (guint32, same order)
 * @problems: HoneProblem, dataset problems first, then by example id; the
 *   first HONE_VALIDATION_MAX_PROBLEMS (HONE_VALIDATION_MAX_PROBLEMS_PER_CODE
 *   of each code)
 * @n_problems: exact count per severity
 *
 * The result of hone_validate_examples().
 */
typedef struct {
  char       *provider_id;
  char       *model_id;
  gboolean    exact;
  guint64     n_examples[HONE_N_SPLITS];
  guint64     tokens[HONE_N_SPLITS];
  guint64     billed_tokens[HONE_N_SPLITS];
  guint64     file_bytes[HONE_N_SPLITS];
  guint64     longest_tokens;
  gint64      longest_id;
  GArray     *ids;
  GArray     *example_tokens;
  GPtrArray  *problems;
  guint64     n_problems[HONE_N_SEVERITIES];
  /*< private >*/
  GHashTable *by_example;
} HoneValidation;

GType           hone_validation_get_type   (void) G_GNUC_CONST;
HoneValidation *hone_validation_ref        (HoneValidation *self);
void            hone_validation_unref      (HoneValidation *self);

/* The tokens of example @id, or -1 when it was not rendered (excluded,
 * failed, or not there) */
gint64          hone_validation_get_tokens (HoneValidation *self,
                                            gint64          id);

/* The problems of example @id (const HoneProblem *; NULL when none). The
 * array belongs to @self. */
GPtrArray      *hone_validation_get_example_problems (HoneValidation *self,
                                                      gint64          id);

/* How many problems with @code there are (exact); @first receives the
 * first kept one, or NULL */
guint64         hone_validation_count_code (HoneValidation     *self,
                                            const char         *code,
                                            const HoneProblem **first);

/* Applies @fix to every kept problem that offers it and has @code (NULL:
 * any code), as one undoable edit; returns how many examples changed, or
 * -1 with @error */
gint64          hone_validation_apply_fix  (HoneValidation *self,
                                            HoneProject    *project,
                                            HoneFix         fix,
                                            const char     *code,
                                            GError        **error);

const char     *hone_severity_to_string    (HoneSeverity    severity);
const char     *hone_fix_to_string         (HoneFix         fix);
/* "Exclude these examples"… for a button */
const char     *hone_fix_get_label         (HoneFix         fix);

/**
 * HoneValidateOptions:
 * @fields: the project's fields (HoneField), in order
 * @style: the template style
 * @catalog, @model: the model to check for, or NULL
 * @today: "YYYY-MM-DD" for the provider's cut-off, NULL for today
 */
typedef struct {
  GPtrArray          *fields;
  HoneTemplateStyle   style;
  HoneModelCatalog   *catalog;
  const HoneModelInfo *model;
  const char         *today;
} HoneValidateOptions;

/* Renders and checks every example of the project file at @path on a
 * read-only connection of its own (one snapshot). Blocking: for a worker
 * thread or hone-cli. @prompt was compiled against @options->fields. */
HoneValidation *hone_validate_examples     (const char                *path,
                                            HonePrompt                *prompt,
                                            const HoneValidateOptions *options,
                                            GCancellable              *cancellable,
                                            GError                   **error);

/* The same for @project as it is now, in a worker thread; @model (from
 * @catalog, which is kept alive meanwhile) may be NULL */
void            hone_validate_async        (HoneProject          *project,
                                            HoneModelCatalog     *catalog,
                                            const HoneModelInfo  *model,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
HoneValidation *hone_validate_finish       (HoneProject          *project,
                                            GAsyncResult         *result,
                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneValidation, hone_validation_unref)

G_END_DECLS
