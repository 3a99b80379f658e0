/* test-validator.c: dataset checks, token counts and cost estimates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-core.h"
#include "hone-chat-format.h"
#include "hone-estimate.h"
#include "hone-model-catalog.h"
#include "hone-test-edit-util.h"
#include "hone-tokenizer.h"
#include "hone-validator.h"

/* A provider and model of our own, so that limits are small */
static const HoneProviderInfo together = {
  .id = "together", .name = "Together AI", .epochs_rule = HONE_EPOCHS_RULE_FIXED,
  .default_epochs = 1, .default_evaluations = 0,
};
static const HoneProviderInfo openai = {
  .id = "openai", .name = "OpenAI", .epochs_rule = HONE_EPOCHS_RULE_OPENAI,
  .default_epochs = 3, .cutoff = "2027-01-06",
};

#define NO_PRICE { -1, NULL, NULL }

static HoneModelInfo
make_model (const HoneProviderInfo *provider,
            guint64                 max_example_tokens,
            guint                   min_examples,
            guint64                 max_file_bytes)
{
  HoneModelInfo model = {
    .provider = provider, .id = "test/model", .name = "Test Model",
    .tokenizer = "o200k_base", .chat_format = "openai",
    .context_length = 1000, .max_example_tokens = max_example_tokens,
    .min_examples = min_examples, .max_file_bytes = max_file_bytes,
    .training = { { { 2.0, "https://example.com/price", "2026-11-01" }, NO_PRICE },
                  { { 3.0, "https://example.com/price", "2026-11-01" }, NO_PRICE } },
    .input = NO_PRICE, .output = NO_PRICE,
  };
  return model;
}

typedef struct {
  char        *dir;
  HoneProject *project;
  gint64       field_question, field_answer, field_tone, field_notes;
} Fixture;

static gint64
add (Fixture     *fixture,
     HoneSplit    split,
     const char  *question,
     const char  *answer,
     const char  *tone,
     const char  *notes)
{
  g_autoptr(GError) error = NULL;
  const char *values[] = { question, answer, tone, notes };
  gint64 id = hone_project_add_example (fixture->project, split, HONE_EXAMPLE_SOURCE_TYPED, values, &error);

  g_assert_no_error (error);
  return id;
}

static void
set_templates (Fixture    *fixture,
               const char *system,
               const char *user,
               const char *assistant)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_set_template (fixture->project, HONE_TEMPLATE_ROLE_SYSTEM, system, &error));
  g_assert_true (hone_project_set_template (fixture->project, HONE_TEMPLATE_ROLE_USER, user, &error));
  g_assert_true (hone_project_set_template (fixture->project, HONE_TEMPLATE_ROLE_ASSISTANT, assistant, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const tones[] = { "friendly", "formal", NULL };
  g_autoptr(GError) error = NULL;
  HoneField *field;

  g_autoptr(GFile) file = NULL;

  fixture->dir = hone_test_dir_new ();
  file = hone_test_file (fixture->dir, "validate.hone");
  fixture->project = hone_project_create (file, "Validate", &error);
  g_assert_no_error (error);
  field = hone_project_add_field (fixture->project, "question", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error);
  fixture->field_question = hone_field_get_id (field);
  field = hone_project_add_field (fixture->project, "answer", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error);
  fixture->field_answer = hone_field_get_id (field);
  field = hone_project_add_field (fixture->project, "tone", HONE_FIELD_KIND_LABEL, "", tones, &error);
  fixture->field_tone = hone_field_get_id (field);
  field = hone_project_add_field (fixture->project, "notes", HONE_FIELD_KIND_SHORT_TEXT, "", NULL, &error);
  fixture->field_notes = hone_field_get_id (field);
  g_assert_no_error (error);
  set_templates (fixture, "Answer in a {{tone}} tone.", "{{question}}\n{{notes}}", "{{answer}}");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->project);
  hone_test_dir_free (fixture->dir);
}

static HoneValidation *
validate (Fixture             *fixture,
          const HoneModelInfo *model,
          const char          *today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HonePrompt) prompt = hone_prompt_new_for_project (fixture->project, NULL, NULL, &error);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *list = hone_project_get_fields (fixture->project);
  HoneValidateOptions options = { 0, };
  g_autofree char *path = g_file_get_path (hone_project_get_file (fixture->project));
  HoneValidation *validation;

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (fields, g_list_model_get_item (list, i));
  options.fields = fields;
  options.style = hone_project_get_template_style (fixture->project);
  options.model = model;
  options.today = today;

  validation = hone_validate_examples (path, prompt, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (validation);
  return validation;
}

/* The problems as "code:example" (example as its index in @ids, or "-"
 * for the dataset), one per line, in order */
static char *
summarise (HoneValidation *validation,
           const gint64   *ids,
           guint           n_ids)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < validation->problems->len; i++)
    {
      const HoneProblem *problem = g_ptr_array_index (validation->problems, i);
      int index = -1;

      for (guint j = 0; j < n_ids; j++)
        if (ids[j] == problem->example_id)
          index = j;
      if (problem->example_id == 0)
        g_string_append_printf (out, "%s:-", problem->code);
      else
        g_string_append_printf (out, "%s:%d", problem->code, index);
      if (problem->field != NULL)
        g_string_append_printf (out, ":%s", problem->field);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* Every rendered example's tokens are its messages counted in the model's
 * chat format; totals per split; excluded examples are not counted; the
 * file size is that of the chat JSONL lines */
static void
test_counts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneValidation) validation = NULL;
  g_autoptr(HonePrompt) prompt = NULL;
  g_autoptr(GPtrArray) examples = NULL;
  HoneModelInfo model = make_model (&together, 100000, 1, 0);
  HoneTokenizer *tokenizer = hone_tokenizer_get ("o200k_base", &error);
  guint64 tokens[HONE_N_SPLITS] = { 0, }, bytes[HONE_N_SPLITS] = { 0, };
  guint64 longest = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *question = g_strdup_printf ("Question %u: ¿qué tal? 東京 %s", i, i % 3 ? "" : "and more words here");
      g_autofree char *answer = g_strdup_printf ("Answer number %u, with some words.", i * 7);

      add (fixture, i % 10 == 9 ? HONE_SPLIT_EXCLUDED : i % 4 == 0 ? HONE_SPLIT_VALIDATION : HONE_SPLIT_TRAIN,
           question, answer, i % 2 ? "friendly" : "formal", "n");
    }

  validation = validate (fixture, &model, "2026-11-27");
  g_assert_true (validation->exact);

  prompt = hone_prompt_new_for_project (fixture->project, NULL, NULL, &error);
  examples = hone_project_load_examples (fixture->project, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (examples->len, ==, 40);
  for (guint i = 0; i < examples->len; i++)
    {
      HoneExample *example = g_ptr_array_index (examples, i);
      HoneSplit split = hone_example_get_split (example);
      g_autoptr(GArray) messages = hone_prompt_render (prompt, example, &error);
      g_autofree char *line = hone_prompt_messages_to_line (messages, HONE_TEMPLATE_STYLE_CHAT);
      guint64 n = hone_chat_format_count ("openai", tokenizer, HONE_TEMPLATE_STYLE_CHAT, messages, NULL);

      if (split == HONE_SPLIT_EXCLUDED)
        {
          g_assert_cmpint (hone_validation_get_tokens (validation, hone_example_get_id (example)), ==, -1);
          continue;
        }
      g_assert_cmpint (hone_validation_get_tokens (validation, hone_example_get_id (example)), ==, n);
      tokens[split] += n;
      bytes[split] += strlen (line) + 1;
      longest = MAX (longest, n);
    }

  g_assert_cmpuint (validation->n_examples[HONE_SPLIT_TRAIN], ==, 26);
  g_assert_cmpuint (validation->n_examples[HONE_SPLIT_VALIDATION], ==, 10);
  g_assert_cmpuint (validation->n_examples[HONE_SPLIT_EXCLUDED], ==, 4);
  for (guint split = 0; split < HONE_SPLIT_EXCLUDED; split++)
    {
      g_assert_cmpuint (validation->tokens[split], ==, tokens[split]);
      g_assert_cmpuint (validation->billed_tokens[split], ==, tokens[split]);
      g_assert_cmpuint (validation->file_bytes[split], ==, bytes[split]);
    }
  g_assert_cmpuint (validation->tokens[HONE_SPLIT_EXCLUDED], ==, 0);
  g_assert_cmpuint (validation->longest_tokens, ==, longest);
  g_assert_cmpuint (validation->ids->len, ==, 36);
  /* Nothing is wrong with these */
  g_assert_cmpuint (validation->problems->len, ==, 0);
  g_assert_cmpint (hone_validation_get_tokens (validation, 9999), ==, -1);
}

/* Each kind of problem, on the example it concerns, in example order after
 * the dataset's */
static void
test_problems (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HoneValidation) validation = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *long_question = NULL;
  g_autofree char *expected = NULL;
  HoneModelInfo model = make_model (&openai, 60, 30, 100);
  gint64 ids[40];
  guint n = 0;
  GPtrArray *problems;
  const HoneProblem *first;

  long_question = g_strnfill (400, 'a');
  long_question[100] = ' ';
  ids[n++] = add (fixture, HONE_SPLIT_TRAIN, "What time is it?", "Noon, give or take.", "friendly", "x");       /* 0 */
  ids[n++] = add (fixture, HONE_SPLIT_TRAIN, "What time is it?", "Noon, give or take.", "friendly", "x");       /* 1: copy of 0 */
  ids[n++] = add (fixture, HONE_SPLIT_VALIDATION, "What time is it?", "Two o'clock.", "friendly", "x");          /* 2: leak */
  ids[n++] = add (fixture, HONE_SPLIT_TRAIN, long_question, "A long one.", "formal", "x");                      /* 3: too long */
  ids[n++] = add (fixture, HONE_SPLIT_TRAIN, "Where is it?", "There, by the door.", "formal", "");              /* 4: notes empty */
  ids[n++] = add (fixture, HONE_SPLIT_TRAIN, "Who is it?", "", "friendly", "x");                                /* 5: no answer */
  ids[n++] = add (fixture, HONE_SPLIT_TRAIN, "Why is it?", "k", "friendly", "x");                               /* 6: near empty */
  ids[n++] = add (fixture, HONE_SPLIT_EXCLUDED, "", "", "", "");                                                /* 7: excluded, never checked */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *q = g_strdup_printf ("Question %u?", i);
      g_autofree char *a = g_strdup_printf ("Answer %u, in words.", i);

      ids[n++] = add (fixture, HONE_SPLIT_TRAIN, q, a, "friendly", "x");                                        /* 8…27 */
    }
  /* A label that is no longer allowed (another program wrote it) */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE example_values SET value = 'rude' WHERE example_id = %" G_GINT64_FORMAT
                                            " AND field_id = %" G_GINT64_FORMAT, ids[10], fixture->field_tone);
    hone_test_exec_other (fixture->project, sql);
  }

  validation = validate (fixture, &model, "2027-01-07");
  summary = summarise (validation, ids, n);
  expected = g_strjoin ("\n",
                        "provider-closed:-",
                        "too-few-examples:-",
                        "file-too-large:-",
                        "unbalanced-label:-:tone",
                        "duplicate:1",
                        "leak:2",
                        "too-long:3",
                        "empty-field:4:notes",
                        "missing-content:5",
                        "near-empty-output:6",
                        "label-not-allowed:10:tone",
                        "", NULL);
  g_assert_cmpstr (summary, ==, expected);

  /* Severities, counts, what each repeats */
  g_assert_cmpuint (validation->n_problems[HONE_SEVERITY_ERROR], ==, 6);
  g_assert_cmpuint (validation->n_problems[HONE_SEVERITY_WARNING], ==, 5);
  g_assert_cmpuint (hone_validation_count_code (validation, "duplicate", &first), ==, 1);
  g_assert_cmpint (first->other_id, ==, ids[0]);
  g_assert_cmpint (first->fix, ==, HONE_FIX_REMOVE_DUPLICATE);
  g_assert_cmpuint (hone_validation_count_code (validation, "leak", &first), ==, 1);
  g_assert_cmpint (first->other_id, ==, ids[0]);
  g_assert_cmpint (first->fix, ==, HONE_FIX_MOVE_TO_TRAIN);
  g_assert_cmpuint (hone_validation_count_code (validation, "too-long", &first), ==, 1);
  g_assert_cmpint (first->fix, ==, HONE_FIX_EXCLUDE);
  g_assert_nonnull (strstr (first->message, "at most 60"));
  g_assert_cmpuint (hone_validation_count_code (validation, "missing-content", &first), ==, 1);
  g_assert_cmpint (first->role, ==, HONE_TEMPLATE_ROLE_ASSISTANT);
  g_assert_cmpint (first->severity, ==, HONE_SEVERITY_ERROR);
  g_assert_nonnull (strstr (validation->problems->pdata[0] ? ((HoneProblem *) validation->problems->pdata[0])->message : "", "2027-01-06"));

  problems = hone_validation_get_example_problems (validation, ids[4]);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_null (hone_validation_get_example_problems (validation, ids[8]));

  /* The longest example is cut to the limit in what is billed */
  g_assert_cmpuint (validation->longest_tokens, >, 60);
  g_assert_cmpint (validation->longest_id, ==, ids[3]);
  g_assert_cmpuint (validation->billed_tokens[HONE_SPLIT_TRAIN], ==,
                    validation->tokens[HONE_SPLIT_TRAIN] - validation->longest_tokens + 60);

  /* On the cut-off day itself OpenAI still takes jobs */
  {
    g_autoptr(HoneValidation) before = validate (fixture, &model, "2027-01-06");

    g_assert_cmpuint (hone_validation_count_code (before, "provider-closed", NULL), ==, 0);
  }
}

/* The fixes change exactly the examples flagged, as one undoable step each */
static void
test_fixes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneValidation) validation = NULL;
  g_autoptr(HoneValidation) again = NULL;
  g_autoptr(HoneUndoStack) undo = hone_undo_stack_new (fixture->project);
  g_autofree char *before = NULL;
  g_autofree char *long_question = g_strnfill (300, 'b');
  HoneModelInfo model = make_model (&together, 40, 1, 0);
  gint64 copy_a, copy_b, copy_c, leak, too_long;
  g_autoptr(GPtrArray) loaded = NULL;

  copy_a = add (fixture, HONE_SPLIT_TRAIN, "Same?", "Same.", "formal", "x");
  copy_b = add (fixture, HONE_SPLIT_TRAIN, "Same?", "Same.", "formal", "x");
  copy_c = add (fixture, HONE_SPLIT_TRAIN, "Same?", "Same.", "formal", "x");
  leak = add (fixture, HONE_SPLIT_VALIDATION, "Same?", "Different.", "formal", "x");
  too_long = add (fixture, HONE_SPLIT_TRAIN, long_question, "Long.", "formal", "x");
  before = hone_test_dump (fixture->project);

  validation = validate (fixture, &model, NULL);
  g_assert_cmpuint (hone_validation_count_code (validation, "duplicate", NULL), ==, 2);
  /* A code that does not offer the fix changes nothing */
  g_assert_cmpint (hone_validation_apply_fix (validation, fixture->project, HONE_FIX_EXCLUDE, "duplicate", &error), ==, 0);

  g_assert_cmpint (hone_validation_apply_fix (validation, fixture->project, HONE_FIX_REMOVE_DUPLICATE, NULL, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (hone_validation_apply_fix (validation, fixture->project, HONE_FIX_MOVE_TO_TRAIN, NULL, &error), ==, 1);
  g_assert_cmpint (hone_validation_apply_fix (validation, fixture->project, HONE_FIX_EXCLUDE, NULL, &error), ==, 1);
  g_assert_cmpint (hone_validation_apply_fix (validation, fixture->project, HONE_FIX_NONE, NULL, &error), ==, 0);
  g_assert_no_error (error);

  loaded = hone_project_load_examples_by_id (fixture->project, (gint64[]) { copy_a, copy_b, copy_c, leak, too_long }, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);
  g_assert_cmpint (hone_example_get_id (g_ptr_array_index (loaded, 0)), ==, copy_a);
  g_assert_cmpint (hone_example_get_split (g_ptr_array_index (loaded, 1)), ==, HONE_SPLIT_TRAIN);
  g_assert_cmpint (hone_example_get_split (g_ptr_array_index (loaded, 2)), ==, HONE_SPLIT_EXCLUDED);

  again = validate (fixture, &model, NULL);
  g_assert_cmpuint (again->problems->len, ==, 0);

  /* Three steps back is where it started */
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (hone_undo_stack_undo (undo, &error));
      g_assert_no_error (error);
    }
  {
    g_autofree char *after = hone_test_dump (fixture->project);

    g_assert_cmpstr (after, ==, before);
  }
}

/* A field the templates test with {{#if}} may be empty; one kind of
 * problem on every example does not crowd the others out of the list */
static void
test_guarded_and_capped (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneValidation) validation = NULL;
  HoneModelInfo model = make_model (&together, 100000, 1, 0);
  guint n = HONE_VALIDATION_MAX_PROBLEMS_PER_CODE + 300;

  set_templates (fixture, "Answer in a {{tone}} tone.",
                 "{{question}}{{#if notes}} (notes: {{notes}}){{/if}}", "{{answer}}");
  g_assert_true (hone_project_begin (fixture->project, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *q = g_strdup_printf ("Question %u?", i);

      /* tone empty on every example but the copies' */
      add (fixture, HONE_SPLIT_TRAIN, q, "An answer.", i < 2 ? "formal" : "", "");
    }
  add (fixture, HONE_SPLIT_TRAIN, "Question 0?", "An answer.", "formal", "");
  g_assert_true (hone_project_commit (fixture->project, &error));
  g_assert_no_error (error);

  validation = validate (fixture, &model, NULL);
  /* notes: guarded, never flagged; tone: flagged, but only so many kept */
  g_assert_cmpuint (validation->n_problems[HONE_SEVERITY_WARNING], ==, (n - 2) + 1);
  g_assert_cmpuint (hone_validation_count_code (validation, "empty-field", NULL), ==,
                    HONE_VALIDATION_MAX_PROBLEMS_PER_CODE);
  for (guint i = 0; i < validation->problems->len; i++)
    g_assert_cmpstr (((HoneProblem *) validation->problems->pdata[i])->field, !=, "notes");
  /* The copy is still listed */
  g_assert_cmpuint (hone_validation_count_code (validation, "duplicate", NULL), ==, 1);
}

/* Template problems are said once, for the dataset */
static void
test_templates (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(HoneValidation) validation = NULL;
  g_autofree char *summary = NULL;
  HoneModelInfo model = make_model (&together, 1000, 1, 0);

  add (fixture, HONE_SPLIT_TRAIN, "Q?", "A.", "formal", "x");
  add (fixture, HONE_SPLIT_TRAIN, "R?", "B.", "formal", "x");
  set_templates (fixture, "", "{{question}}", "");
  validation = validate (fixture, &model, NULL);
  summary = summarise (validation, NULL, 0);
  g_assert_cmpstr (summary, ==, "no-assistant:-\n");
  g_clear_pointer (&validation, hone_validation_unref);

  set_templates (fixture, "", "", "");
  validation = validate (fixture, &model, NULL);
  g_clear_pointer (&summary, g_free);
  summary = summarise (validation, NULL, 0);
  g_assert_cmpstr (summary, ==, "no-messages:-\n");
}

/* OpenAI's epochs on auto, from its cookbook */
static void
test_openai_epochs (void)
{
  static const struct { guint64 n; guint epochs; } cases[] = {
    { 0, 3 }, { 1, 25 }, { 3, 25 }, { 4, 25 }, { 5, 20 }, { 10, 10 }, { 30, 3 }, { 33, 3 },
    { 34, 3 }, { 100, 3 }, { 8333, 3 }, { 8334, 2 }, { 12500, 2 }, { 12501, 1 }, { 1000000, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%" G_GUINT64_FORMAT " examples", cases[i].n);
      g_assert_cmpuint (hone_estimate_openai_epochs (cases[i].n), ==, cases[i].epochs);
    }
}

static void
test_estimate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HoneValidation) validation = NULL;
  HoneModelInfo model = make_model (&together, 100000, 1, 0);
  HoneModelInfo closed = make_model (&openai, 20, 1, 0);
  HoneTrainingSettings settings = HONE_TRAINING_SETTINGS_INIT;
  guint64 train, valid;

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *q = g_strdup_printf ("Question %u?", i);

      add (fixture, i < 9 ? HONE_SPLIT_TRAIN : HONE_SPLIT_VALIDATION, q, "An answer of some length.", "formal", "x");
    }
  validation = validate (fixture, &model, NULL);
  train = validation->tokens[HONE_SPLIT_TRAIN];
  valid = validation->tokens[HONE_SPLIT_VALIDATION];

  /* Together on auto: its default epochs, no evaluations */
  {
    g_autoptr(HoneEstimate) e = hone_estimate_new (validation, &model, &settings, "2026-11-27");

    g_assert_cmpuint (e->epochs, ==, 1);
    g_assert_true (e->epochs_auto);
    g_assert_cmpuint (e->evaluations, ==, 0);
    g_assert_cmpuint (e->billed_tokens, ==, train);
    g_assert_cmpfloat_with_epsilon (e->price, 2.0 * train / 1e6, 1e-12);
    g_assert_false (e->price_stale);
    g_assert_true (e->exact);
    g_assert_cmpuint (e->assumptions->len, >, 2);
  }

  /* Together with evaluations: epochs × train + evaluations × validation */
  settings.epochs = 4;
  settings.evaluations = 2;
  settings.type = HONE_TRAINING_FULL;
  {
    g_autoptr(HoneEstimate) e = hone_estimate_new (validation, &model, &settings, "2027-02-15");

    g_assert_cmpuint (e->billed_tokens, ==, 4 * train + 2 * valid);
    g_assert_cmpfloat_with_epsilon (e->price, 3.0 * (4 * train + 2 * valid) / 1e6, 1e-12);
    /* 106 days after 2026-11-01 */
    g_assert_true (e->price_stale);
  }

  /* DPO has no price here */
  settings.method = HONE_TRAINING_DPO;
  {
    g_autoptr(HoneEstimate) e = hone_estimate_new (validation, &model, &settings, NULL);

    g_assert_cmpfloat (e->price, <, 0);
  }

  /* OpenAI: its epochs rule, examples cut at the limit, validation free */
  {
    g_autoptr(HoneValidation) v = validate (fixture, &closed, NULL);
    HoneTrainingSettings auto_settings = HONE_TRAINING_SETTINGS_INIT;
    g_autoptr(HoneEstimate) e = hone_estimate_new (v, &closed, &auto_settings, NULL);

    g_assert_cmpuint (e->epochs, ==, 11);  /* 100 / 9 */
    g_assert_cmpuint (v->billed_tokens[HONE_SPLIT_TRAIN], ==, 9 * 20);
    g_assert_cmpuint (e->billed_tokens, ==, 11 * 9 * 20);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/validator/counts", test_counts);
  ADD ("/validator/problems", test_problems);
  ADD ("/validator/fixes", test_fixes);
  ADD ("/validator/templates", test_templates);
  ADD ("/validator/guarded-and-capped", test_guarded_and_capped);
  ADD ("/validator/estimate", test_estimate);
  g_test_add_func ("/validator/openai-epochs", test_openai_epochs);

#undef ADD

  return g_test_run ();
}
