/* hone-validator.c: checks a dataset against the OpenAI cookbook's format
 * rules, the chosen model's limits and a few lint rules, counting its tokens
 * on the way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format checks follow the OpenAI Cookbook's "Data preparation and
 * analysis for chat model fine-tuning" (format error checks: missing
 * messages, unrecognised roles or keys, missing content, no assistant
 * message). Hone writes the JSON itself, so roles and keys are always
 * right; what remains is what templates can get wrong: a message that is
 * missing or renders empty, or an example that does not render.
 *
 * Duplicates and leaks are found by 64-bit FNV-1a hashes of the rendered
 * example (all messages) and of its input (every message but the
 * assistant's), sorted: two different examples with the same 64-bit hash
 * would be taken for copies; with a million examples the odds of that are
 * about 3 in 100 million.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-chat-format.h"
#include "hone-error.h"
#include "hone-example-scan.h"
#include "hone-text-encoding.h"
#include "hone-tokenizer.h"
#include "hone-validator.h"

/* An output this short (in characters, white space trimmed) is flagged */
#define NEAR_EMPTY_CHARS 2
/* A label is unbalanced when its most common value has this many times the
 * examples of its least common, counted over at least MIN_LABELLED */
#define UNBALANCED_RATIO 10
#define MIN_LABELLED 20

static HoneValidation *
hone_validation_new (void)
{
  HoneValidation *self = g_atomic_rc_box_new0 (HoneValidation);

  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->example_tokens = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->problems = g_ptr_array_new ();
  self->longest_id = 0;
  return self;
}

static void
problem_free (HoneProblem *problem)
{
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static void
hone_validation_clear (HoneValidation *self)
{
  g_free (self->provider_id);
  g_free (self->model_id);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->example_tokens, g_array_unref);
  if (self->problems != NULL)
    {
      for (guint i = 0; i < self->problems->len; i++)
        problem_free (g_ptr_array_index (self->problems, i));
      g_ptr_array_unref (self->problems);
    }
  g_clear_pointer (&self->by_example, g_hash_table_unref);
}

HoneValidation *
hone_validation_ref (HoneValidation *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
hone_validation_unref (HoneValidation *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) hone_validation_clear);
}

G_DEFINE_BOXED_TYPE (HoneValidation, hone_validation, hone_validation_ref, hone_validation_unref)

const char *
hone_severity_to_string (HoneSeverity severity)
{
  switch (severity)
    {
    case HONE_SEVERITY_ERROR: return "error";
    case HONE_SEVERITY_WARNING: return "warning";
    case HONE_SEVERITY_INFO: return "info";
    default: return "unknown";
    }
}

const char *
hone_fix_to_string (HoneFix fix)
{
  switch (fix)
    {
    case HONE_FIX_EXCLUDE: return "exclude";
    case HONE_FIX_REMOVE_DUPLICATE: return "remove-duplicate";
    case HONE_FIX_MOVE_TO_TRAIN: return "move-to-train";
    case HONE_FIX_NONE:
    default: return "none";
    }
}

const char *
hone_fix_get_label (HoneFix fix)
{
  switch (fix)
    {
    case HONE_FIX_EXCLUDE: return _("Exclude from Training");
    case HONE_FIX_REMOVE_DUPLICATE: return _("Remove Duplicates");
    case HONE_FIX_MOVE_TO_TRAIN: return _("Move to Training");
    case HONE_FIX_NONE:
    default: return NULL;
    }
}

gint64
hone_validation_get_tokens (HoneValidation *self,
                            gint64          id)
{
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, -1);

  hi = self->ids->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 at = g_array_index (self->ids, gint64, mid);

      if (at == id)
        return g_array_index (self->example_tokens, guint32, mid);
      if (at < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return -1;
}

GPtrArray *
hone_validation_get_example_problems (HoneValidation *self,
                                      gint64          id)
{
  g_return_val_if_fail (self != NULL, NULL);

  /* Built on first use, from one thread (the one that owns the result) */
  if (self->by_example == NULL)
    {
      self->by_example = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                (GDestroyNotify) g_ptr_array_unref);
      for (guint i = 0; i < self->problems->len; i++)
        {
          HoneProblem *problem = g_ptr_array_index (self->problems, i);
          GPtrArray *list;

          if (problem->example_id == 0)
            continue;
          list = g_hash_table_lookup (self->by_example, &problem->example_id);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (self->by_example, &problem->example_id, list);
            }
          g_ptr_array_add (list, problem);
        }
    }

  return g_hash_table_lookup (self->by_example, &id);
}

guint64
hone_validation_count_code (HoneValidation     *self,
                            const char         *code,
                            const HoneProblem **first)
{
  guint64 n = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (first != NULL)
    *first = NULL;

  for (guint i = 0; i < self->problems->len; i++)
    {
      HoneProblem *problem = g_ptr_array_index (self->problems, i);

      if (g_strcmp0 (problem->code, code) != 0)
        continue;
      if (n == 0 && first != NULL)
        *first = problem;
      n++;
    }

  return n;
}

gint64
hone_validation_apply_fix (HoneValidation *self,
                           HoneProject    *project,
                           HoneFix         fix,
                           const char     *code,
                           GError        **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 last = 0;
  gboolean ok;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (HONE_IS_PROJECT (project), -1);

  /* Problems are in example order: a plain "not the one before" removes
   * an example's repeats */
  for (guint i = 0; i < self->problems->len; i++)
    {
      HoneProblem *problem = g_ptr_array_index (self->problems, i);

      if (problem->fix != fix || problem->example_id == 0 || problem->example_id == last ||
          (code != NULL && g_strcmp0 (problem->code, code) != 0))
        continue;
      g_array_append_val (ids, problem->example_id);
      last = problem->example_id;
    }

  if (ids->len == 0)
    return 0;

  switch (fix)
    {
    case HONE_FIX_EXCLUDE:
      ok = hone_project_set_split (project, (const gint64 *) ids->data, ids->len,
                                   HONE_SPLIT_EXCLUDED, error);
      break;
    case HONE_FIX_MOVE_TO_TRAIN:
      ok = hone_project_set_split (project, (const gint64 *) ids->data, ids->len,
                                   HONE_SPLIT_TRAIN, error);
      break;
    case HONE_FIX_REMOVE_DUPLICATE:
      ok = hone_project_delete_examples (project, (const gint64 *) ids->data, ids->len, error);
      break;
    case HONE_FIX_NONE:
    default:
      return 0;
    }

  return ok ? (gint64) ids->len : -1;
}

/* The check ----------------------------------------------------------------- */

typedef struct {
  guint64 hash;
  gint64  id;
  int     split;
} Digest;

typedef struct {
  HoneField  *field;
  GHashTable *counts;    /* value → guint count (label fields) */
} LabelStats;

typedef struct {
  const HoneValidateOptions *options;
  HonePrompt     *prompt;
  HoneTokenizer  *tokenizer;
  const char     *chat_format;
  const char     *model_name;
  guint64         max_example_tokens;   /* 0: no limit */
  HoneValidation *result;
  gboolean        has_template[HONE_N_TEMPLATE_ROLES];
  /* For each field in options->fields: used by a template, and where */
  gboolean       *field_used;
  char          **field_used_in;   /* a role's label, for messages */
  GArray         *full;            /* Digest */
  GArray         *inputs;          /* Digest */
  GPtrArray      *labels;          /* LabelStats, for label fields */
  guint64         n_outputs;
  guint64         n_near_empty;
  GPtrArray      *near_empty;      /* HoneProblem held back: see finish () */
  guint64        *per_message;
  guint           per_message_size;
  GHashTable     *kept_per_code;   /* code → problems kept */
  /* For each field: used as the condition of an {{#if}} or {{#unless}}
   * somewhere, so the templates deal with it being empty */
  gboolean       *field_guarded;
} Checker;

static void
add_problem (Checker      *checker,
             HoneSeverity  severity,
             const char   *code,
             gint64        example_id,
             gint64        other_id,
             const char   *field,
             int           role,
             HoneFix       fix,
             char         *message)
{
  HoneValidation *result = checker->result;
  HoneProblem *problem;

  guint kept;

  result->n_problems[severity]++;
  /* Capped in all and per kind, so that one kind of problem on every
   * example cannot crowd the others out of the list */
  kept = GPOINTER_TO_UINT (g_hash_table_lookup (checker->kept_per_code, code));
  if (result->problems->len >= HONE_VALIDATION_MAX_PROBLEMS ||
      kept >= HONE_VALIDATION_MAX_PROBLEMS_PER_CODE)
    {
      g_free (message);
      return;
    }
  g_hash_table_insert (checker->kept_per_code, (gpointer) code, GUINT_TO_POINTER (kept + 1));

  problem = g_new0 (HoneProblem, 1);
  problem->severity = severity;
  problem->code = code;
  problem->example_id = example_id;
  problem->other_id = other_id;
  problem->field = g_strdup (field);
  problem->role = role;
  problem->fix = fix;
  problem->message = message;
  g_ptr_array_add (result->problems, problem);
}

static guint64
fnv1a (guint64     hash,
       const char *data,
       gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      hash ^= (guchar) data[i];
      hash *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return hash;
}

#define FNV_OFFSET G_GUINT64_CONSTANT (0xcbf29ce484222325)

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* Whether @text has at most NEAR_EMPTY_CHARS characters besides white
 * space (it stops looking once it has seen more) */
static gboolean
is_near_empty (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)) && ++n > NEAR_EMPTY_CHARS)
      return FALSE;
  return TRUE;
}

static const char *
role_label (int role)
{
  switch (role)
    {
    case HONE_TEMPLATE_ROLE_SYSTEM: return _("system prompt");
    case HONE_TEMPLATE_ROLE_USER: return _("user message");
    case HONE_TEMPLATE_ROLE_ASSISTANT: return _("assistant message");
    default: return "";
    }
}

/* Fields: empty ones the templates use (unless a message is reported
 * empty already: that says it), labels outside their set */
static void
check_fields (Checker     *checker,
              HoneExample *example,
              gboolean     message_missing)
{
  const HoneValidateOptions *options = checker->options;
  gint64 id = hone_example_get_id (example);

  for (guint i = 0; i < options->fields->len; i++)
    {
      HoneField *field = g_ptr_array_index (options->fields, i);
      const char *value = hone_example_get_value (example, hone_field_get_id (field));
      gboolean empty = value == NULL || value[0] == '\0';

      if (empty && checker->field_used[i] && !checker->field_guarded[i] && !message_missing)
        add_problem (checker, HONE_SEVERITY_WARNING, "empty-field", id, 0,
                     hone_field_get_name (field), -1, HONE_FIX_NONE,
                     /* Translators: “%s” a field name, then where it is used */
                     g_strdup_printf (_("“%s” is empty, and the %s uses it: fill it in, or exclude the example."),
                                      hone_field_get_name (field), checker->field_used_in[i]));

      if (!empty && hone_field_get_kind (field) == HONE_FIELD_KIND_LABEL)
        {
          const char * const *allowed = hone_field_get_allowed_values (field);
          LabelStats *stats = NULL;

          for (guint j = 0; j < checker->labels->len; j++)
            if (((LabelStats *) g_ptr_array_index (checker->labels, j))->field == field)
              stats = g_ptr_array_index (checker->labels, j);

          if (allowed[0] != NULL && !g_strv_contains (allowed, value))
            add_problem (checker, HONE_SEVERITY_ERROR, "label-not-allowed", id, 0,
                         hone_field_get_name (field), -1, HONE_FIX_NONE,
                         g_strdup_printf (_("“%s” is “%s”, which is not one of its labels: choose one of them, or add it to the field’s labels."),
                                          hone_field_get_name (field), value));
          else if (stats != NULL)
            {
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (stats->counts, value));
              g_hash_table_insert (stats->counts, g_strdup (value), GUINT_TO_POINTER (n + 1));
            }
        }
    }

}

static void
check_example (Checker     *checker,
               HoneExample *example,
               HoneSplit    split)
{
  HoneValidation *result = checker->result;
  const HoneValidateOptions *options = checker->options;
  gint64 id = hone_example_get_id (example);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) messages = NULL;
  guint64 tokens, input_hash = FNV_OFFSET;
  guint32 stored;
  Digest digest;
  gboolean message_missing = FALSE;

  result->n_examples[split]++;

  messages = hone_prompt_render (checker->prompt, example, &error);
  if (messages == NULL)
    {
      add_problem (checker, HONE_SEVERITY_ERROR, "render-failed", id, 0, NULL, -1, HONE_FIX_EXCLUDE,
                   g_strdup_printf (_("The templates fail on this example: %s"), error->message));
      check_fields (checker, example, TRUE);
      return;
    }

  /* The cookbook's checks: every message has content; there is an
   * assistant message (a missing template is reported once, for all) */
  for (guint i = 0; i < messages->len; i++)
    {
      const HonePromptMessage *message = &g_array_index (messages, HonePromptMessage, i);

      if (is_blank (message->content))
        message_missing = TRUE;
      if (is_blank (message->content))
        add_problem (checker,
                     message->role == HONE_TEMPLATE_ROLE_SYSTEM ? HONE_SEVERITY_WARNING : HONE_SEVERITY_ERROR,
                     "missing-content", id, 0, NULL, message->role, HONE_FIX_EXCLUDE,
                     g_strdup_printf (_("The %s of this example is empty: a model cannot learn from it. Fill in the fields it uses, or exclude the example."),
                                      role_label (message->role)));
      else if (message->role == HONE_TEMPLATE_ROLE_ASSISTANT)
        {
          checker->n_outputs++;
          if (is_near_empty (message->content))
            {
              HoneProblem *problem = g_new0 (HoneProblem, 1);

              checker->n_near_empty++;
              problem->example_id = id;
              problem->role = message->role;
              g_ptr_array_add (checker->near_empty, problem);
            }
        }

      if (message->role != HONE_TEMPLATE_ROLE_ASSISTANT)
        {
          input_hash = fnv1a (input_hash, hone_template_role_to_string (message->role), 1);
          input_hash = fnv1a (input_hash, message->content, strlen (message->content) + 1);
        }
    }
  check_fields (checker, example, message_missing);

  /* Tokens */
  if (checker->per_message_size < messages->len)
    {
      checker->per_message_size = messages->len;
      checker->per_message = g_renew (guint64, checker->per_message, messages->len);
    }
  tokens = hone_chat_format_count (checker->chat_format, checker->tokenizer,
                                   options->style, messages, checker->per_message);
  stored = (guint32) MIN (tokens, G_MAXUINT32);
  g_array_append_val (result->ids, id);
  g_array_append_val (result->example_tokens, stored);
  result->tokens[split] += tokens;
  result->billed_tokens[split] += checker->max_example_tokens > 0 ?
                                  MIN (tokens, checker->max_example_tokens) : tokens;
  if (tokens > result->longest_tokens)
    {
      result->longest_tokens = tokens;
      result->longest_id = id;
    }
  if (checker->max_example_tokens > 0 && tokens > checker->max_example_tokens)
    {
      g_autofree char *count = hone_text_format_count (tokens);
      g_autofree char *limit = hone_text_format_count (checker->max_example_tokens);

      add_problem (checker, HONE_SEVERITY_ERROR, "too-long", id, 0, NULL, -1, HONE_FIX_EXCLUDE,
                   g_strdup_printf (_("This example is %s tokens; %s trains on at most %s. Shorten it, or exclude it."),
                                    count, checker->model_name, limit));
    }

  /* The file it becomes, and its digests */
  {
    g_autofree char *line = hone_prompt_messages_to_line (messages, options->style);

    result->file_bytes[split] += strlen (line) + 1;
    digest.hash = fnv1a (FNV_OFFSET, line, strlen (line));
  }
  digest.id = id;
  digest.split = split;
  g_array_append_val (checker->full, digest);
  digest.hash = input_hash;
  g_array_append_val (checker->inputs, digest);
}

static gboolean
scan_cb (HoneExample *example,
         gpointer     user_data)
{
  check_example (user_data, example, hone_example_get_split (example));
  return TRUE;
}

static int
digest_compare (gconstpointer a,
                gconstpointer b)
{
  const Digest *da = a, *db = b;

  if (da->hash != db->hash)
    return da->hash < db->hash ? -1 : 1;
  return da->id < db->id ? -1 : da->id > db->id;
}

/* Copies: every example after the first of its group */
static GHashTable *
find_duplicates (Checker *checker)
{
  GArray *full = checker->full;
  GHashTable *duplicates = g_hash_table_new (g_int64_hash, g_int64_equal);

  g_array_sort (full, digest_compare);
  for (guint i = 1; i < full->len; i++)
    {
      Digest *d = &g_array_index (full, Digest, i);
      guint first = i;

      while (first > 0 && g_array_index (full, Digest, first - 1).hash == d->hash)
        first--;
      if (first == i)
        continue;

      g_hash_table_add (duplicates, &d->id);
      add_problem (checker, HONE_SEVERITY_WARNING, "duplicate", d->id,
                   g_array_index (full, Digest, first).id, NULL, -1, HONE_FIX_REMOVE_DUPLICATE,
                   g_strdup_printf (_("This example is an exact copy of example %" G_GINT64_FORMAT ": copies weigh more in training than the examples around them. Remove the copy."),
                                    g_array_index (full, Digest, first).id));
    }

  return duplicates;
}

/* Validation examples whose input is also in training (and that are not
 * plain copies, reported above) */
static void
find_leaks (Checker    *checker,
            GHashTable *duplicates)
{
  GArray *inputs = checker->inputs;
  guint start = 0;

  g_array_sort (inputs, digest_compare);
  while (start < inputs->len)
    {
      guint end = start;
      gint64 train_id = 0;

      while (end < inputs->len && g_array_index (inputs, Digest, end).hash == g_array_index (inputs, Digest, start).hash)
        {
          if (train_id == 0 && g_array_index (inputs, Digest, end).split == HONE_SPLIT_TRAIN)
            train_id = g_array_index (inputs, Digest, end).id;
          end++;
        }

      for (guint i = start; train_id != 0 && i < end; i++)
        {
          Digest *d = &g_array_index (inputs, Digest, i);

          if (d->split != HONE_SPLIT_VALIDATION || g_hash_table_contains (duplicates, &d->id))
            continue;
          add_problem (checker, HONE_SEVERITY_WARNING, "leak", d->id, train_id, NULL, -1,
                       HONE_FIX_MOVE_TO_TRAIN,
                       g_strdup_printf (_("This validation example has the same input as training example %" G_GINT64_FORMAT ", so validation would measure memory, not learning. Move it to training."),
                                        train_id));
        }
      start = end;
    }
}

static void
check_labels (Checker *checker)
{
  for (guint i = 0; i < checker->labels->len; i++)
    {
      LabelStats *stats = g_ptr_array_index (checker->labels, i);
      GHashTableIter iter;
      gpointer key, value;
      const char *most = NULL, *least = NULL;
      guint n_most = 0, n_least = G_MAXUINT;
      guint64 total = 0;

      g_hash_table_iter_init (&iter, stats->counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint n = GPOINTER_TO_UINT (value);

          total += n;
          if (n > n_most || (n == n_most && g_strcmp0 (key, most) < 0))
            most = key, n_most = n;
          if (n < n_least || (n == n_least && g_strcmp0 (key, least) < 0))
            least = key, n_least = n;
        }

      if (g_hash_table_size (stats->counts) < 2 || total < MIN_LABELLED ||
          (guint64) n_most < (guint64) n_least * UNBALANCED_RATIO)
        continue;

      {
        g_autofree char *n_most_text = hone_text_format_count (n_most);
        g_autofree char *n_least_text = hone_text_format_count (n_least);

        add_problem (checker, HONE_SEVERITY_WARNING, "unbalanced-label", 0, 0,
                     hone_field_get_name (stats->field), -1, HONE_FIX_NONE,
                     g_strdup_printf (_("“%s” is unbalanced: %s examples are “%s” but only %s are “%s”. The model will learn to say “%s”; add examples of the rare labels."),
                                      hone_field_get_name (stats->field), n_most_text, most, n_least_text, least, most));
      }
    }
}

static void
check_dataset (Checker *checker)
{
  HoneValidation *result = checker->result;
  const HoneValidateOptions *options = checker->options;
  const HoneModelInfo *model = options->model;

  if (!checker->has_template[HONE_TEMPLATE_ROLE_USER] &&
      !checker->has_template[HONE_TEMPLATE_ROLE_ASSISTANT] &&
      !checker->has_template[HONE_TEMPLATE_ROLE_SYSTEM])
    add_problem (checker, HONE_SEVERITY_ERROR, "no-messages", 0, 0, NULL, -1, HONE_FIX_NONE,
                 g_strdup (_("The templates are empty, so every example has no messages. Write them on the Templates page.")));
  else
    {
      if (!checker->has_template[HONE_TEMPLATE_ROLE_USER])
        add_problem (checker, HONE_SEVERITY_ERROR, "no-user", 0, 0, NULL, HONE_TEMPLATE_ROLE_USER, HONE_FIX_NONE,
                     g_strdup (_("There is no user message template, so the model sees no input. Write one on the Templates page.")));
      if (!checker->has_template[HONE_TEMPLATE_ROLE_ASSISTANT])
        add_problem (checker, HONE_SEVERITY_ERROR, "no-assistant", 0, 0, NULL, HONE_TEMPLATE_ROLE_ASSISTANT, HONE_FIX_NONE,
                     g_strdup (_("There is no assistant message template, so the model has no answer to learn. Write one on the Templates page.")));
    }

  if (model == NULL)
    return;

  if (hone_provider_is_closed (model->provider, options->today))
    add_problem (checker, HONE_SEVERITY_ERROR, "provider-closed", 0, 0, NULL, -1, HONE_FIX_NONE,
                 g_strdup_printf (_("%s takes no new fine-tuning jobs since %s. Choose another provider."),
                                  model->provider->name, model->provider->cutoff));

  if (result->n_examples[HONE_SPLIT_TRAIN] < model->min_examples)
    {
      g_autofree char *count = hone_text_format_count (result->n_examples[HONE_SPLIT_TRAIN]);
      g_autofree char *minimum = hone_text_format_count (model->min_examples);

      add_problem (checker, HONE_SEVERITY_ERROR, "too-few-examples", 0, 0, NULL, -1, HONE_FIX_NONE,
                   g_strdup_printf (_("There are %s training examples; %s needs at least %s. Add examples, or move some from validation to training."),
                                    count, model->provider->name, minimum));
    }

  if (model->max_file_bytes > 0 && result->file_bytes[HONE_SPLIT_TRAIN] > model->max_file_bytes)
    {
      g_autofree char *size = g_format_size (result->file_bytes[HONE_SPLIT_TRAIN]);
      g_autofree char *limit = g_format_size (model->max_file_bytes);

      add_problem (checker, HONE_SEVERITY_ERROR, "file-too-large", 0, 0, NULL, -1, HONE_FIX_NONE,
                   g_strdup_printf (_("The training file would be %s; %s takes files up to %s. Exclude some examples."),
                                    size, model->provider->name, limit));
    }
}

/* Near-empty answers are flagged only when they are the exception: when
 * most answers are that short (a classifier's labels), it is the design */
static void
check_near_empty (Checker *checker)
{
  gboolean flag = checker->n_near_empty * 2 < checker->n_outputs;

  for (guint i = 0; i < checker->near_empty->len; i++)
    {
      HoneProblem *held = g_ptr_array_index (checker->near_empty, i);

      if (flag)
        add_problem (checker, HONE_SEVERITY_WARNING, "near-empty-output", held->example_id, 0, NULL,
                     held->role, HONE_FIX_EXCLUDE,
                     g_strdup (_("The assistant message of this example is only one or two characters, unlike most others. Check its fields, or exclude it.")));
      problem_free (held);
    }
  g_ptr_array_set_size (checker->near_empty, 0);
}

static int
problem_compare (gconstpointer a,
                 gconstpointer b)
{
  const HoneProblem *pa = *(HoneProblem **) a, *pb = *(HoneProblem **) b;

  if (pa->example_id != pb->example_id)
    return pa->example_id < pb->example_id ? -1 : 1;
  return (int) pa->severity - (int) pb->severity;
}

static void
label_stats_free (LabelStats *stats)
{
  g_hash_table_unref (stats->counts);
  g_free (stats);
}

/* Whether the use of a name at @offset of @source is the condition of an
 * {{#if}}, {{#unless}} or {{else if}} ("{{#if notes}}"), or a section of
 * its own ("{{#notes}}") */
static gboolean
is_condition (const char *source,
              gsize       offset)
{
  static const char * const keywords[] = { "#if", "#unless", "else if", "else unless" };
  gsize end = offset;

  /* A section on the name itself: {{#notes}}…{{/notes}}, {{^notes}} */
  if (offset > 0 && (source[offset - 1] == '#' || source[offset - 1] == '^'))
    return TRUE;

  while (end > 0 && g_ascii_isspace (source[end - 1]))
    end--;
  for (guint k = 0; k < G_N_ELEMENTS (keywords); k++)
    {
      gsize len = strlen (keywords[k]);

      if (end >= len && strncmp (source + end - len, keywords[k], len) == 0 &&
          end > 0 && g_ascii_isspace (source[offset - 1]))
        return TRUE;
    }
  return FALSE;
}

static void
checker_init (Checker                   *checker,
              HonePrompt                *prompt,
              const HoneValidateOptions *options,
              HoneValidation            *result)
{
  memset (checker, 0, sizeof *checker);
  checker->options = options;
  checker->prompt = prompt;
  checker->result = result;
  checker->full = g_array_new (FALSE, FALSE, sizeof (Digest));
  checker->inputs = g_array_new (FALSE, FALSE, sizeof (Digest));
  checker->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) label_stats_free);
  checker->near_empty = g_ptr_array_new ();
  checker->field_used = g_new0 (gboolean, options->fields->len + 1);
  checker->field_guarded = g_new0 (gboolean, options->fields->len + 1);
  checker->kept_per_code = g_hash_table_new (g_str_hash, g_str_equal);
  checker->field_used_in = g_new0 (char *, options->fields->len + 1);

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      HoneTemplate *template = hone_prompt_get_template (prompt, role);
      g_autoptr(GArray) uses = NULL;

      checker->has_template[role] = template != NULL;
      if (template == NULL)
        continue;

      uses = hone_template_get_field_uses (template);
      for (guint u = 0; u < uses->len; u++)
        {
          const HoneTemplateFieldUse *use = &g_array_index (uses, HoneTemplateFieldUse, u);

          for (guint i = 0; i < options->fields->len; i++)
            {
              if (g_strcmp0 (use->name, hone_field_get_name (g_ptr_array_index (options->fields, i))) != 0)
                continue;
              if (is_condition (hone_template_get_source (template), use->offset))
                checker->field_guarded[i] = TRUE;
              if (!checker->field_used[i])
                {
                  checker->field_used[i] = TRUE;
                  checker->field_used_in[i] = g_strdup (role_label (role));
                }
            }
        }
    }

  for (guint i = 0; i < options->fields->len; i++)
    {
      HoneField *field = g_ptr_array_index (options->fields, i);

      if (hone_field_get_kind (field) == HONE_FIELD_KIND_LABEL)
        {
          LabelStats *stats = g_new0 (LabelStats, 1);

          stats->field = field;
          stats->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_ptr_array_add (checker->labels, stats);
        }
    }
}

static void
checker_clear (Checker *checker)
{
  g_clear_pointer (&checker->full, g_array_unref);
  g_clear_pointer (&checker->inputs, g_array_unref);
  g_clear_pointer (&checker->labels, g_ptr_array_unref);
  if (checker->near_empty != NULL)
    {
      for (guint i = 0; i < checker->near_empty->len; i++)
        problem_free (g_ptr_array_index (checker->near_empty, i));
      g_ptr_array_unref (checker->near_empty);
    }
  for (guint i = 0; checker->field_used_in != NULL && i < checker->options->fields->len; i++)
    g_free (checker->field_used_in[i]);
  g_free (checker->field_used_in);
  g_free (checker->field_used);
  g_free (checker->field_guarded);
  g_clear_pointer (&checker->kept_per_code, g_hash_table_unref);
  g_free (checker->per_message);
}

HoneValidation *
hone_validate_examples (const char                *path,
                        HonePrompt                *prompt,
                        const HoneValidateOptions *options,
                        GCancellable              *cancellable,
                        GError                   **error)
{
  g_autoptr(HoneValidation) result = NULL;
  g_autoptr(GHashTable) duplicates = NULL;
  const HoneModelInfo *model;
  Checker checker;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (prompt != NULL, NULL);
  g_return_val_if_fail (options != NULL && options->fields != NULL, NULL);

  model = options->model;
  result = hone_validation_new ();
  checker_init (&checker, prompt, options, result);

  if (model != NULL)
    {
      result->provider_id = g_strdup (model->provider->id);
      result->model_id = g_strdup (model->id);
      checker.chat_format = model->chat_format;
      checker.model_name = model->name;
      checker.max_example_tokens = model->max_example_tokens;
      checker.tokenizer = hone_tokenizer_get (model->tokenizer, error);
    }
  else
    {
      checker.chat_format = "openai";
      checker.model_name = "";
      checker.tokenizer = hone_tokenizer_get ("o200k_base", error);
    }
  if (checker.tokenizer == NULL)
    {
      checker_clear (&checker);
      return NULL;
    }
  result->exact = hone_tokenizer_is_exact (checker.tokenizer);

  ok = hone_example_scan (path, scan_cb, &checker, &result->n_examples[HONE_SPLIT_EXCLUDED],
                          cancellable, error);

  if (ok)
    {
      check_near_empty (&checker);
      /* Without templates every example is the same nothing */
      if (checker.has_template[HONE_TEMPLATE_ROLE_SYSTEM] ||
          checker.has_template[HONE_TEMPLATE_ROLE_USER] ||
          checker.has_template[HONE_TEMPLATE_ROLE_ASSISTANT])
        {
          duplicates = find_duplicates (&checker);
          find_leaks (&checker, duplicates);
        }
      check_labels (&checker);
      check_dataset (&checker);
      g_ptr_array_sort (result->problems, problem_compare);
    }
  checker_clear (&checker);

  return ok ? g_steal_pointer (&result) : NULL;
}

/* Asynchronous ------------------------------------------------------------ */

typedef struct {
  char                *path;
  HonePrompt          *prompt;
  HoneValidateOptions  options;
} ValidateData;

static void
validate_data_free (gpointer data)
{
  ValidateData *vd = data;

  g_free (vd->path);
  g_clear_pointer (&vd->prompt, hone_prompt_unref);
  g_clear_pointer (&vd->options.fields, g_ptr_array_unref);
  g_clear_object (&vd->options.catalog);
  g_free (vd);
}

static void
validate_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ValidateData *vd = task_data;
  g_autoptr(GError) error = NULL;
  HoneValidation *result;

  result = hone_validate_examples (vd->path, vd->prompt, &vd->options, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) hone_validation_unref);
}

void
hone_validate_async (HoneProject         *project,
                     HoneModelCatalog    *catalog,
                     const HoneModelInfo *model,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HonePrompt) prompt = NULL;
  GListModel *fields;
  ValidateData *vd;
  GFile *file;

  g_return_if_fail (HONE_IS_PROJECT (project));
  g_return_if_fail (model == NULL || HONE_IS_MODEL_CATALOG (catalog));

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, hone_validate_async);
  g_task_set_return_on_cancel (task, FALSE);

  file = hone_project_get_file (project);
  if (file == NULL || g_file_peek_path (file) == NULL)
    {
      g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_FAILED,
                               _("The project is not a file on this computer, so its examples cannot be checked."));
      return;
    }

  prompt = hone_prompt_new_for_project (project, NULL, NULL, &error);
  if (prompt == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  vd = g_new0 (ValidateData, 1);
  vd->path = g_strdup (g_file_peek_path (file));
  vd->prompt = g_steal_pointer (&prompt);
  vd->options.fields = g_ptr_array_new_with_free_func (g_object_unref);
  fields = hone_project_get_fields (project);
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    g_ptr_array_add (vd->options.fields, g_list_model_get_item (fields, i));
  vd->options.style = hone_project_get_template_style (project);
  vd->options.catalog = catalog != NULL ? g_object_ref (catalog) : NULL;
  vd->options.model = model;
  g_task_set_task_data (task, vd, validate_data_free);
  g_task_run_in_thread (task, validate_worker);
}

HoneValidation *
hone_validate_finish (HoneProject   *project,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
