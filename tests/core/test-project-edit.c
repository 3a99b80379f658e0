/* test-project-edit.c: every editing function of HoneProject: what it
 * changes, what it refuses (changing nothing), and what it tells listeners
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "hone-core.h"
#include "hone-test-edit-util.h"

typedef struct {
  char             *dir;
  HoneProject      *project;
  HoneTestRecorder *recorder;
  gint64            input, label, score, ok;  /* field ids */
} Fixture;

/* Five examples (ids 1–5) over input (long text), label (a, b), score
 * (number) and ok (yes/no); example 2 is in validation */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *rows[][4] = {
    { "first", "a", "1", "yes" },
    { "second", "b", "2", NULL },
    { NULL, NULL, NULL, NULL },
    { "fourth", "a", "4.5", "no" },
    { "fifth", "b", "-3", "true" },
  };
  g_autoptr(GError) error = NULL;

  fixture->dir = hone_test_dir_new ();
  fixture->project = hone_test_project_new (fixture->dir, "edit.hone");
  g_assert_nonnull (hone_project_add_field (fixture->project, "ok", HONE_FIELD_KIND_YES_NO, "", NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpint (hone_project_add_example (fixture->project,
                                               i == 1 ? HONE_SPLIT_VALIDATION : HONE_SPLIT_TRAIN,
                                               HONE_EXAMPLE_SOURCE_TYPED, rows[i], &error), ==, i + 1);
  g_assert_no_error (error);

  fixture->input = hone_test_field_id (fixture->project, "input");
  fixture->label = hone_test_field_id (fixture->project, "label");
  fixture->score = hone_test_field_id (fixture->project, "score");
  fixture->ok = hone_test_field_id (fixture->project, "ok");
  fixture->recorder = hone_test_recorder_new (fixture->project);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  hone_test_recorder_free (fixture->recorder);
  g_assert_finalize_object (fixture->project);
  hone_test_dir_free (fixture->dir);
}

static char *
value (Fixture    *fixture,
       gint64      example_id,
       const char *field)
{
  return hone_test_get_value (fixture->project, example_id, field);
}

#define assert_value(fixture, id, field, expected) \
  G_STMT_START { \
    g_autofree char *v = value (fixture, id, field); \
    g_assert_cmpstr (v, ==, expected); \
  } G_STMT_END

static gint64
modified_of (Fixture *fixture,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) examples = hone_project_load_examples_by_id (fixture->project, &id, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (examples->len, ==, 1);
  return hone_example_get_modified (g_ptr_array_index (examples, 0));
}

/* Runs a refused edit: @func must fail with @code, leave the project as it
 * was and tell nobody anything */
#define assert_refused(fixture, code, call) \
  G_STMT_START { \
    g_autofree char *before = hone_test_dump ((fixture)->project); \
    g_autofree char *after = NULL; \
    g_autoptr(GError) error = NULL; \
    g_assert_false (call); \
    g_assert_error (error, HONE_ERROR, (int) (code)); \
    after = hone_test_dump ((fixture)->project); \
    g_assert_cmpstr (before, ==, after); \
    hone_test_assert_events ((fixture)->recorder, ""); \
  } G_STMT_END

/* Values ------------------------------------------------------------------ */

static void
test_set_value (Fixture       *fixture,
                gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;

  hone_test_exec_other (p, "UPDATE examples SET modified = 1000");

  /* Stored in the field's own form */
  g_assert_true (hone_project_set_value (p, 1, fixture->score, " 12 ", &error));
  g_assert_no_error (error);
  assert_value (fixture, 1, "score", "12");
  hone_test_assert_events (fixture->recorder, "changed 1");
  g_assert_cmpint (modified_of (fixture, 1), >, 1000);
  g_assert_cmpint (modified_of (fixture, 2), ==, 1000);

  g_assert_true (hone_project_set_value (p, 1, fixture->ok, "No", &error));
  assert_value (fixture, 1, "ok", "false");
  hone_test_assert_events (fixture->recorder, "changed 1");

  /* Empty clears */
  g_assert_true (hone_project_set_value (p, 2, fixture->input, "", &error));
  assert_value (fixture, 2, "input", NULL);
  hone_test_assert_events (fixture->recorder, "changed 2");

  /* Nothing changes, nothing is said, nothing is written */
  hone_test_exec_other (p, "UPDATE examples SET modified = 1000");
  g_assert_true (hone_project_set_value (p, 2, fixture->input, NULL, &error));
  g_assert_true (hone_project_set_value (p, 1, fixture->score, "12", &error));
  g_assert_no_error (error);
  hone_test_assert_events (fixture->recorder, "");
  g_assert_cmpint (modified_of (fixture, 1), ==, 1000);

  /* Refusals */
  assert_refused (fixture, HONE_ERROR_INVALID, hone_project_set_value (p, 1, fixture->score, "abc", &error));
  assert_refused (fixture, HONE_ERROR_INVALID, hone_project_set_value (p, 1, fixture->label, "c", &error));
  assert_refused (fixture, HONE_ERROR_INVALID, hone_project_set_value (p, 1, fixture->ok, "maybe", &error));
  assert_refused (fixture, HONE_ERROR_INVALID, hone_project_set_value (p, 1, fixture->input, "\xff\xfe", &error));
  assert_refused (fixture, HONE_ERROR_NOT_FOUND, hone_project_set_value (p, 99, fixture->input, "x", &error));
  assert_refused (fixture, HONE_ERROR_NOT_FOUND, hone_project_set_value (p, 0, fixture->input, "x", &error));
  assert_refused (fixture, HONE_ERROR_NOT_FOUND, hone_project_set_value (p, 1, 999, "x", &error));

  /* The messages say what is wrong where */
  g_assert_false (hone_project_set_value (p, 99, fixture->input, "x", &error));
  g_assert_nonnull (strstr (error->message, "99"));
  g_clear_error (&error);
}

static void
test_set_value_read_only (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) reader = hone_project_open (hone_project_get_file (fixture->project),
                                                     HONE_PROJECT_OPEN_READ_ONLY, &error);
  gint64 id = 1;

  g_assert_no_error (error);
  g_assert_false (hone_project_set_value (reader, 1, fixture->input, "x", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (hone_project_delete_examples (reader, &id, 1, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (hone_project_rename_field (reader, fixture->input, "text", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_finalize_object (g_steal_pointer (&reader));
}

static void
test_set_values (Fixture       *fixture,
                 gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) new_ids = NULL;
  gint64 fields[] = { fixture->input, fixture->score };

  /* A 2 × 2 block */
  {
    gint64 ids[] = { 2, 4 };
    const char *values[] = { "x2", "20", "x4", "40" };

    g_assert_true (hone_project_set_values (p, ids, 2, fields, 2, values, &new_ids, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (new_ids->len, ==, 0);
    g_clear_pointer (&new_ids, g_array_unref);
    assert_value (fixture, 2, "input", "x2");
    assert_value (fixture, 2, "score", "20");
    assert_value (fixture, 4, "input", "x4");
    assert_value (fixture, 4, "score", "40");
    hone_test_assert_events (fixture->recorder, "changed 2,4");
  }

  /* Only rows that change count as changed */
  {
    gint64 ids[] = { 2, 5 };
    const char *values[] = { "x2", "20", "x5", NULL };

    g_assert_true (hone_project_set_values (p, ids, 2, fields, 2, values, NULL, &error));
    hone_test_assert_events (fixture->recorder, "changed 5");
    assert_value (fixture, 5, "score", NULL);
  }

  /* Past the last row: new examples */
  {
    gint64 ids[] = { 5, 0, 0 };
    const char *values[] = { "y5", "5", "new one", NULL, NULL, "7" };

    g_assert_true (hone_project_set_values (p, ids, 3, fields, 2, values, &new_ids, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (new_ids->len, ==, 2);
    g_assert_cmpint (g_array_index (new_ids, gint64, 0), ==, 6);
    g_assert_cmpint (g_array_index (new_ids, gint64, 1), ==, 7);
    g_clear_pointer (&new_ids, g_array_unref);
    assert_value (fixture, 6, "input", "new one");
    assert_value (fixture, 7, "score", "7");
    assert_value (fixture, 7, "input", NULL);
    g_assert_cmpint (hone_test_get_split (p, 6), ==, HONE_SPLIT_TRAIN);
    hone_test_assert_events (fixture->recorder, "inserted 6,7; changed 5");
  }

  /* All or nothing, naming the first bad cell */
  {
    gint64 ids[] = { 1, 2, 4 };
    const char *values[] = { "ok", "1", "ok", "2", "ok", "three" };
    g_autofree char *before = hone_test_dump (p);
    g_autofree char *after = NULL;

    g_assert_false (hone_project_set_values (p, ids, 3, fields, 2, values, NULL, &error));
    g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "Example 4, field “score”: "));
    g_assert_nonnull (strstr (error->message, "three"));
    g_clear_error (&error);
    after = hone_test_dump (p);
    g_assert_cmpstr (before, ==, after);
    hone_test_assert_events (fixture->recorder, "");
  }
  {
    gint64 ids[] = { 1, 0, 0 };
    const char *values[] = { "1", "2", "x" };

    g_assert_false (hone_project_set_values (p, ids, 3, &fixture->score, 1, values, NULL, &error));
    g_assert_true (g_str_has_prefix (error->message, "New example 2, field “score”: "));
    g_clear_error (&error);
    g_assert_cmpint (hone_project_count_examples (p, HONE_SPLIT_ANY, NULL), ==, 7);
  }

  /* Refusals */
  {
    gint64 ids[] = { 1, 42 };
    gint64 twice[] = { 1, 1 };
    gint64 same_field[] = { fixture->input, fixture->input };

    assert_refused (fixture, HONE_ERROR_NOT_FOUND,
                    hone_project_set_values (p, ids, 2, fields, 2, NULL, NULL, &error));
    assert_refused (fixture, HONE_ERROR_INVALID,
                    hone_project_set_values (p, twice, 2, fields, 2, NULL, NULL, &error));
    assert_refused (fixture, HONE_ERROR_INVALID,
                    hone_project_set_values (p, ids, 1, same_field, 2, NULL, NULL, &error));
    g_assert_false (hone_project_set_values (p, ids, 2, fields, 2, NULL, NULL, &error));
    g_assert_cmpstr (error->message, ==, "Example 42 does not exist any more. It may have been deleted.");
    g_clear_error (&error);
  }
}

/* Examples ---------------------------------------------------------------- */

static void
test_insert (Fixture       *fixture,
             gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *values[] = { "n1", "a", "n2", "b" };
  gint64 fields[] = { fixture->input, fixture->label };
  g_autoptr(GPtrArray) examples = NULL;

  ids = hone_project_insert_examples (p, 2, HONE_SPLIT_VALIDATION, HONE_EXAMPLE_SOURCE_SYNTHESIZED,
                                      fields, 2, values, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 6);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 7);
  hone_test_assert_events (fixture->recorder, "inserted 6,7");

  examples = hone_project_load_examples_by_id (p, (gint64 *) ids->data, ids->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hone_example_get_split (g_ptr_array_index (examples, 1)), ==, HONE_SPLIT_VALIDATION);
  g_assert_cmpint (hone_example_get_source (g_ptr_array_index (examples, 1)), ==, HONE_EXAMPLE_SOURCE_SYNTHESIZED);
  g_assert_cmpint (hone_example_get_created (g_ptr_array_index (examples, 1)), >, 1700000000);
  assert_value (fixture, 7, "input", "n2");
  assert_value (fixture, 7, "label", "b");
  g_clear_pointer (&ids, g_array_unref);

  /* Empty examples */
  ids = hone_project_insert_examples (p, 3, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  hone_test_assert_events (fixture->recorder, "inserted 8,9,10");
  assert_value (fixture, 10, "input", NULL);
  g_clear_pointer (&ids, g_array_unref);

  ids = hone_project_insert_examples (p, 0, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  hone_test_assert_events (fixture->recorder, "");
  g_clear_pointer (&ids, g_array_unref);

  /* A bad value: no example at all */
  {
    const char *bad[] = { "ok", "c" };
    g_autofree char *before = hone_test_dump (p);
    g_autofree char *after = NULL;

    g_assert_null (hone_project_insert_examples (p, 1, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED,
                                                 fields, 2, bad, &error));
    g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "New example 1, field “label”: "));
    g_clear_error (&error);
    after = hone_test_dump (p);
    g_assert_cmpstr (before, ==, after);
    hone_test_assert_events (fixture->recorder, "");
  }
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 which[] = { 2, 1 };

  ids = hone_project_duplicate_examples (p, which, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 6);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 7);
  hone_test_assert_events (fixture->recorder, "inserted 6,7");

  /* In the order given, with everything copied */
  assert_value (fixture, 6, "input", "second");
  assert_value (fixture, 6, "score", "2");
  assert_value (fixture, 6, "ok", NULL);
  g_assert_cmpint (hone_test_get_split (p, 6), ==, HONE_SPLIT_VALIDATION);
  assert_value (fixture, 7, "input", "first");
  assert_value (fixture, 7, "ok", "true");
  g_assert_cmpint (hone_test_get_split (p, 7), ==, HONE_SPLIT_TRAIN);
  /* The originals are untouched */
  assert_value (fixture, 2, "input", "second");

  {
    gint64 missing[] = { 1, 77 };
    assert_refused (fixture, HONE_ERROR_NOT_FOUND,
                    hone_project_duplicate_examples (p, missing, 2, &error) != NULL);
  }
}

static gint64
count_values_of (HoneProject *project,
                 const char  *where)
{
  g_autofree char *path = g_file_get_path (hone_project_get_file (project));
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM example_values WHERE %s", where);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  gint64 which[] = { 4, 2 };

  g_assert_cmpint (count_values_of (p, "example_id = 2"), ==, 3);
  g_assert_true (hone_project_delete_examples (p, which, 2, &error));
  g_assert_no_error (error);
  hone_test_assert_events (fixture->recorder, "removed 2,4");
  g_assert_cmpint (hone_project_count_examples (p, HONE_SPLIT_ANY, NULL), ==, 3);
  g_assert_cmpint (count_values_of (p, "example_id IN (2, 4)"), ==, 0);

  /* All or nothing */
  {
    gint64 some_missing[] = { 1, 2 };
    assert_refused (fixture, HONE_ERROR_NOT_FOUND, hone_project_delete_examples (p, some_missing, 2, &error));
    g_assert_cmpint (hone_project_count_examples (p, HONE_SPLIT_ANY, NULL), ==, 3);
  }

  g_assert_true (hone_project_delete_examples (p, NULL, 0, &error));
  hone_test_assert_events (fixture->recorder, "");
}

static void
test_set_split (Fixture       *fixture,
                gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  gint64 which[] = { 3, 2, 1 };

  hone_test_exec_other (p, "UPDATE examples SET modified = 1000");
  g_assert_true (hone_project_set_split (p, which, 3, HONE_SPLIT_VALIDATION, &error));
  g_assert_no_error (error);
  /* Example 2 was there already */
  hone_test_assert_events (fixture->recorder, "changed 1,3");
  g_assert_cmpint (hone_project_count_examples (p, HONE_SPLIT_VALIDATION, NULL), ==, 3);
  g_assert_cmpint (modified_of (fixture, 1), >, 1000);
  g_assert_cmpint (modified_of (fixture, 2), ==, 1000);

  g_assert_true (hone_project_set_split (p, which, 3, HONE_SPLIT_VALIDATION, &error));
  hone_test_assert_events (fixture->recorder, "");

  {
    gint64 missing[] = { 4, 50 };
    assert_refused (fixture, HONE_ERROR_NOT_FOUND,
                    hone_project_set_split (p, missing, 2, HONE_SPLIT_EXCLUDED, &error));
  }
}

/* Random split -------------------------------------------------------------- */

/* An implementation of the documented algorithm, independent of Hone's */
static guint64
splitmix64 (guint64 seed,
            guint64 n)
{
  guint64 z = seed + n * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

typedef struct {
  gint64 hash;
  gint64 id;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* "tvvte…": the split of every example, by id */
static char *
splits_of (HoneProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) examples = hone_project_load_examples (project, 0, G_MAXUINT, &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < examples->len; i++)
    g_string_append_c (s, "tve"[hone_example_get_split (g_ptr_array_index (examples, i))]);
  return g_string_free (s, FALSE);
}

static void
test_random_split (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) p = hone_test_project_new (dir, "split.hone");
  g_autoptr(HoneTestRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *other = NULL;
  g_autofree char *again = NULL;
  guint n_train = 0, n_val = 0;
  const guint n = 1000;

  /* Every tenth example is excluded; odd and even examples say so */
  g_assert_true (hone_project_begin (p, &error));
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *text = g_strdup_printf ("example %u is %s", i, i % 2 ? "odd" : "even");
      const char *values[] = { text, NULL, NULL };

      g_assert_cmpint (hone_project_add_example (p, i % 10 == 0 ? HONE_SPLIT_EXCLUDED : HONE_SPLIT_TRAIN,
                                                 HONE_EXAMPLE_SOURCE_IMPORTED, values, &error), ==, i);
    }
  g_assert_true (hone_project_commit (p, &error));
  recorder = hone_test_recorder_new (p);

  /* Exact counts; excluded examples stay out */
  g_assert_true (hone_project_random_split (p, NULL, 0.2, 42, &n_train, &n_val, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_val, ==, 180);
  g_assert_cmpuint (n_train, ==, 720);
  g_assert_cmpint (hone_project_count_examples (p, HONE_SPLIT_VALIDATION, NULL), ==, 180);
  g_assert_cmpint (hone_project_count_examples (p, HONE_SPLIT_EXCLUDED, NULL), ==, 100);
  first = splits_of (p);
  {
    /* Only the examples that moved are announced */
    g_autofree char *events = hone_test_recorder_take (recorder);
    g_assert_true (g_str_has_prefix (events, "changed "));
    g_assert_null (strchr (events, ';'));
  }

  /* The documented algorithm, computed here independently */
  {
    g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));

    for (guint i = 1; i <= n; i++)
      if (i % 10 != 0)
        {
          Ranked r = { (gint64) (splitmix64 (42, i) >> 1), i };
          g_array_append_val (ranked, r);
        }
    g_array_sort (ranked, compare_ranked);
    for (guint k = 0; k < ranked->len; k++)
      {
        Ranked *r = &g_array_index (ranked, Ranked, k);
        g_assert_cmpint (first[r->id - 1], ==, k < 180 ? 'v' : 't');
      }
  }

  /* Spread over the whole set, not a block: the validation ids' mean is
   * near the middle, and both halves get their share (within 4 σ) */
  {
    double sum = 0;
    guint first_half = 0;

    for (guint i = 1; i <= n; i++)
      if (first[i - 1] == 'v')
        {
          sum += i;
          first_half += i <= n / 2;
        }
    g_assert_cmpfloat (fabs (sum / 180 - 500.5), <, 4 * 288.7 / sqrt (180));
    g_assert_cmpfloat (fabs ((double) first_half - 90), <, 4 * sqrt (180 * 0.25));
  }

  /* Reproducible: another seed differs, the same seed gives it back */
  g_assert_true (hone_project_random_split (p, NULL, 0.2, 7, &n_train, &n_val, &error));
  other = splits_of (p);
  g_assert_cmpstr (first, !=, other);
  g_assert_cmpuint (n_val, ==, 180);
  g_assert_true (hone_project_random_split (p, NULL, 0.2, 42, &n_train, &n_val, &error));
  again = splits_of (p);
  g_assert_cmpstr (first, ==, again);

  /* Same seed twice: nothing moves, nothing is said */
  hone_test_recorder_clear (recorder);
  g_assert_true (hone_project_random_split (p, NULL, 0.2, 42, &n_train, &n_val, &error));
  hone_test_assert_events (recorder, "");

  /* The ratio within tolerance over many seeds (it is exact each time) */
  for (guint64 seed = 100; seed < 110; seed++)
    {
      g_assert_true (hone_project_random_split (p, NULL, 0.3333, seed, &n_train, &n_val, &error));
      g_assert_cmpuint (n_val, ==, 300);
      g_assert_cmpuint (n_train + n_val, ==, 900);
    }

  /* The edges */
  g_assert_true (hone_project_random_split (p, NULL, 0.0, 42, &n_train, &n_val, &error));
  g_assert_cmpuint (n_val, ==, 0);
  g_assert_cmpint (hone_project_count_examples (p, HONE_SPLIT_TRAIN, NULL), ==, 900);
  g_assert_true (hone_project_random_split (p, NULL, 1.0, 42, &n_train, &n_val, &error));
  g_assert_cmpuint (n_train, ==, 0);
  g_assert_cmpint (hone_project_count_examples (p, HONE_SPLIT_VALIDATION, NULL), ==, 900);

  /* Of a filter: only the odd examples move */
  {
    g_autoptr(HoneExampleQuery) odd = hone_example_query_new ();
    g_autofree char *after = NULL;

    hone_example_query_set_text (odd, "ODD", 0);
    g_assert_true (hone_project_random_split (p, odd, 0.5, 42, &n_train, &n_val, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_train, ==, 250);
    g_assert_cmpuint (n_val, ==, 250);
    after = splits_of (p);
    for (guint i = 1; i <= n; i++)
      if (i % 2 == 0)
        g_assert_cmpint (after[i - 1], ==, i % 10 == 0 ? 'e' : 'v');
  }

  /* Refusals */
  hone_test_recorder_clear (recorder);
  {
    g_autofree char *before = hone_test_dump (p);
    g_autofree char *after = NULL;
    const double bad[] = { -0.1, 1.5, NAN, INFINITY };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (hone_project_random_split (p, NULL, bad[i], 42, NULL, NULL, &error));
        g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
        g_clear_error (&error);
      }
    after = hone_test_dump (p);
    g_assert_cmpstr (before, ==, after);
    hone_test_assert_events (recorder, "");
  }

  g_clear_pointer (&recorder, hone_test_recorder_free);
  g_assert_finalize_object (g_steal_pointer (&p));
  hone_test_dir_free (g_steal_pointer (&dir));
}

/* Fields -------------------------------------------------------------------- */

static void
test_rename_field (Fixture       *fixture,
                   gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_rename_field (p, fixture->score, "points", &error));
  g_assert_no_error (error);
  hone_test_assert_events (fixture->recorder, "fields 2 1 1");
  g_assert_null (hone_project_find_field (p, "score"));
  g_assert_cmpint (hone_field_get_id (hone_project_find_field (p, "points")), ==, fixture->score);
  g_assert_cmpuint (hone_field_get_position (hone_project_find_field (p, "points")), ==, 2);
  assert_value (fixture, 1, "points", "1");

  /* Same name: nothing to do */
  g_assert_true (hone_project_rename_field (p, fixture->score, "points", &error));
  hone_test_assert_events (fixture->recorder, "");

  assert_refused (fixture, HONE_ERROR_EXISTS, hone_project_rename_field (p, fixture->score, "label", &error));
  assert_refused (fixture, HONE_ERROR_INVALID, hone_project_rename_field (p, fixture->score, "a{b", &error));
  assert_refused (fixture, HONE_ERROR_INVALID, hone_project_rename_field (p, fixture->score, "", &error));
  assert_refused (fixture, HONE_ERROR_NOT_FOUND, hone_project_rename_field (p, 999, "x", &error));
}

static char *
field_names (HoneProject *project)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < hone_project_get_n_fields (project); i++)
    {
      HoneField *field = hone_project_get_field (project, i);

      g_assert_cmpuint (hone_field_get_position (field), ==, i);
      g_string_append_printf (s, "%s%s", i ? "," : "", hone_field_get_name (field));
    }
  return g_string_free (s, FALSE);
}

#define assert_field_names(project, expected) \
  G_STMT_START { \
    g_autofree char *names = field_names (project); \
    g_assert_cmpstr (names, ==, expected); \
  } G_STMT_END

static void
test_move_field (Fixture       *fixture,
                 gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_move_field (p, fixture->input, 2, &error));
  g_assert_no_error (error);
  hone_test_assert_events (fixture->recorder, "fields 0 3 3");
  assert_field_names (p, "label,score,input,ok");

  g_assert_true (hone_project_move_field (p, fixture->ok, 0, &error));
  hone_test_assert_events (fixture->recorder, "fields 0 4 4");
  assert_field_names (p, "ok,label,score,input");

  g_assert_true (hone_project_move_field (p, fixture->ok, 0, &error));
  hone_test_assert_events (fixture->recorder, "");

  assert_refused (fixture, HONE_ERROR_INVALID, hone_project_move_field (p, fixture->ok, 4, &error));
  assert_refused (fixture, HONE_ERROR_NOT_FOUND, hone_project_move_field (p, 999, 0, &error));

  /* The order is in the file */
  {
    g_autoptr(HoneProject) reopened = hone_project_open (hone_project_get_file (p), HONE_PROJECT_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    assert_field_names (reopened, "ok,label,score,input");
    g_assert_finalize_object (g_steal_pointer (&reopened));
  }
}

static void
test_set_field_kind (Fixture       *fixture,
                     gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  HoneField *flag;
  gint64 flag_id;

  /* Long text to short text: every value fits */
  g_assert_true (hone_project_set_field_kind (p, fixture->input, HONE_FIELD_KIND_SHORT_TEXT, &error));
  g_assert_no_error (error);
  hone_test_assert_events (fixture->recorder, "fields 0 1 1");
  g_assert_cmpint (hone_field_get_kind (hone_project_get_field_by_id (p, fixture->input)), ==, HONE_FIELD_KIND_SHORT_TEXT);

  /* To yes/no: "first" does not fit; the message names example and value */
  g_assert_false (hone_project_set_field_kind (p, fixture->input, HONE_FIELD_KIND_YES_NO, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "example 1 "));
  g_assert_nonnull (strstr (error->message, "“first”"));
  g_clear_error (&error);
  assert_refused (fixture, HONE_ERROR_INVALID,
                  hone_project_set_field_kind (p, fixture->input, HONE_FIELD_KIND_NUMBER, &error));

  /* Text that reads as yes/no becomes true/false */
  flag = hone_project_add_field (p, "flag", HONE_FIELD_KIND_SHORT_TEXT, "", NULL, &error);
  g_assert_no_error (error);
  flag_id = hone_field_get_id (flag);
  g_assert_true (hone_project_set_value (p, 1, flag_id, "Yes", &error));
  g_assert_true (hone_project_set_value (p, 3, flag_id, "no", &error));
  g_assert_true (hone_project_set_value (p, 4, flag_id, "false", &error));
  hone_test_recorder_clear (fixture->recorder);

  g_assert_true (hone_project_set_field_kind (p, flag_id, HONE_FIELD_KIND_YES_NO, &error));
  g_assert_no_error (error);
  hone_test_assert_events (fixture->recorder, "fields 4 1 1; changed 1,3");
  assert_value (fixture, 1, "flag", "true");
  assert_value (fixture, 3, "flag", "false");
  assert_value (fixture, 4, "flag", "false");

  /* Numbers are trimmed */
  g_assert_true (hone_project_set_field_kind (p, flag_id, HONE_FIELD_KIND_SHORT_TEXT, &error));
  g_assert_true (hone_project_set_value (p, 1, flag_id, " 12 ", &error));
  g_assert_true (hone_project_set_value (p, 3, flag_id, "3.5", &error));
  g_assert_true (hone_project_set_value (p, 4, flag_id, NULL, &error));
  hone_test_recorder_clear (fixture->recorder);
  g_assert_true (hone_project_set_field_kind (p, flag_id, HONE_FIELD_KIND_NUMBER, &error));
  hone_test_assert_events (fixture->recorder, "fields 4 1 1; changed 1");
  assert_value (fixture, 1, "flag", "12");

  /* A label field loses its list when it stops being one, and a new label
   * field takes any value */
  g_assert_true (hone_project_set_field_kind (p, fixture->label, HONE_FIELD_KIND_SHORT_TEXT, &error));
  g_assert_true (hone_project_set_field_kind (p, fixture->label, HONE_FIELD_KIND_LABEL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) hone_field_get_allowed_values (hone_project_get_field_by_id (p, fixture->label))), ==, 0);
  g_assert_true (hone_project_set_value (p, 1, fixture->label, "anything", &error));
  hone_test_assert_events (fixture->recorder, "fields 1 1 1; fields 1 1 1; changed 1");

  assert_refused (fixture, HONE_ERROR_NOT_FOUND,
                  hone_project_set_field_kind (p, 999, HONE_FIELD_KIND_NUMBER, &error));
}

static void
test_describe_field (Fixture       *fixture,
                     gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_set_field_description (p, fixture->score, "How good, 1 to 5", &error));
  g_assert_no_error (error);
  hone_test_assert_events (fixture->recorder, "fields 2 1 1");
  g_assert_cmpstr (hone_field_get_description (hone_project_get_field_by_id (p, fixture->score)), ==, "How good, 1 to 5");

  g_assert_true (hone_project_set_field_description (p, fixture->score, "How good, 1 to 5", &error));
  hone_test_assert_events (fixture->recorder, "");

  g_assert_true (hone_project_set_field_description (p, fixture->score, NULL, &error));
  g_assert_cmpstr (hone_field_get_description (hone_project_get_field_by_id (p, fixture->score)), ==, "");
  hone_test_recorder_clear (fixture->recorder);

  assert_refused (fixture, HONE_ERROR_INVALID,
                  hone_project_set_field_description (p, fixture->score, "bad \xc3", &error));
  assert_refused (fixture, HONE_ERROR_NOT_FOUND,
                  hone_project_set_field_description (p, 999, "x", &error));
}

static void
test_allowed_values (Fixture       *fixture,
                     gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  const char * const abc[] = { "a", "b", "c", NULL };
  const char * const only_a[] = { "a", NULL };
  const char * const twice[] = { "a", "a", NULL };
  const char * const empty_label[] = { "a", "", NULL };

  g_assert_true (hone_project_set_field_allowed_values (p, fixture->label, abc, &error));
  g_assert_no_error (error);
  hone_test_assert_events (fixture->recorder, "fields 1 1 1");
  g_assert_cmpstrv (hone_field_get_allowed_values (hone_project_get_field_by_id (p, fixture->label)), abc);
  g_assert_true (hone_project_set_value (p, 3, fixture->label, "c", &error));
  hone_test_recorder_clear (fixture->recorder);

  /* Example 2 has "b": it must be changed first */
  g_assert_false (hone_project_set_field_allowed_values (p, fixture->label, only_a, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Example 2 has the label “b” in “label”"));
  g_clear_error (&error);
  assert_refused (fixture, HONE_ERROR_INVALID,
                  hone_project_set_field_allowed_values (p, fixture->label, only_a, &error));
  assert_refused (fixture, HONE_ERROR_INVALID,
                  hone_project_set_field_allowed_values (p, fixture->label, twice, &error));
  assert_refused (fixture, HONE_ERROR_INVALID,
                  hone_project_set_field_allowed_values (p, fixture->label, empty_label, &error));
  assert_refused (fixture, HONE_ERROR_INVALID,
                  hone_project_set_field_allowed_values (p, fixture->score, abc, &error));

  /* No list: any label */
  g_assert_true (hone_project_set_field_allowed_values (p, fixture->label, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hone_project_set_value (p, 3, fixture->label, "zebra", &error));
  g_assert_no_error (error);
}

static void
test_delete_field (Fixture       *fixture,
                   gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = g_strdup_printf ("field_id = %" G_GINT64_FORMAT, fixture->label);

  g_assert_cmpint (count_values_of (p, where), ==, 4);
  g_assert_true (hone_project_delete_field (p, fixture->label, &error));
  g_assert_no_error (error);
  hone_test_assert_events (fixture->recorder, "fields 1 3 2; changed all");
  assert_field_names (p, "input,score,ok");
  g_assert_cmpint (count_values_of (p, where), ==, 0);
  g_assert_null (hone_project_get_field_by_id (p, fixture->label));

  assert_refused (fixture, HONE_ERROR_NOT_FOUND, hone_project_delete_field (p, fixture->label, &error));

  /* The last one */
  g_assert_true (hone_project_delete_field (p, fixture->ok, &error));
  hone_test_assert_events (fixture->recorder, "fields 2 1 0; changed all");

  /* A field added now goes last */
  g_assert_nonnull (hone_project_add_field (p, "new", HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, &error));
  hone_test_assert_events (fixture->recorder, "fields 2 0 1");
  assert_field_names (p, "input,score,new");
}

/* Transactions -------------------------------------------------------------- */

static void
test_transaction_signals (Fixture       *fixture,
                          gconstpointer  data)
{
  HoneProject *p = fixture->project;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 two = 2, three = 3;

  /* Announced at commit, in order, merged where they follow each other */
  g_assert_true (hone_project_begin (p, &error));
  g_assert_true (hone_project_set_value (p, 1, fixture->input, "one", &error));
  g_assert_true (hone_project_set_value (p, 3, fixture->input, "three", &error));
  ids = hone_project_insert_examples (p, 1, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, NULL, 0, NULL, &error);
  g_assert_true (hone_project_delete_examples (p, &two, 1, &error));
  g_assert_no_error (error);
  hone_test_assert_events (fixture->recorder, "");
  g_assert_true (hone_project_commit (p, &error));
  hone_test_assert_events (fixture->recorder, "changed 1,3; inserted 6; removed 2");

  /* Rolled back: nothing to tell, nothing changed */
  {
    g_autofree char *before = hone_test_dump (p);
    g_autofree char *after = NULL;

    g_assert_true (hone_project_begin (p, &error));
    g_assert_true (hone_project_set_value (p, 1, fixture->input, "uno", &error));
    g_assert_true (hone_project_delete_examples (p, &three, 1, &error));
    g_assert_true (hone_project_rename_field (p, fixture->input, "text", &error));
    hone_project_rollback (p);
    after = hone_test_dump (p);
    g_assert_cmpstr (before, ==, after);
    g_assert_nonnull (hone_project_find_field (p, "input"));
  }
  /* The rename was seen by the fields list (it is updated at once) and put
   * back by the rollback */
  hone_test_assert_events (fixture->recorder, "fields 0 1 1; fields 0 1 1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/project-edit/set-value", test_set_value);
  ADD ("/project-edit/set-value/read-only", test_set_value_read_only);
  ADD ("/project-edit/set-values", test_set_values);
  ADD ("/project-edit/insert", test_insert);
  ADD ("/project-edit/duplicate", test_duplicate);
  ADD ("/project-edit/delete", test_delete);
  ADD ("/project-edit/set-split", test_set_split);
  g_test_add_func ("/project-edit/random-split", test_random_split);
  ADD ("/project-edit/field/rename", test_rename_field);
  ADD ("/project-edit/field/move", test_move_field);
  ADD ("/project-edit/field/kind", test_set_field_kind);
  ADD ("/project-edit/field/describe", test_describe_field);
  ADD ("/project-edit/field/allowed-values", test_allowed_values);
  ADD ("/project-edit/field/delete", test_delete_field);
  ADD ("/project-edit/transaction-signals", test_transaction_signals);

#undef ADD

  return g_test_run ();
}
