/* test-undo-stack.c: every edit undone and redone exactly, and the stack's
 * own rules (labels, redo cleared, depth, groups, failures)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-core.h"
#include "hone-project-private.h"
#include "hone-test-edit-util.h"

typedef struct {
  char          *dir;
  HoneProject   *project;
  HoneUndoStack *undo;
  gint64         input, label, score;
} Fixture;

/* Six examples over input, label (a, b), score; with varied splits, sources
 * and times, so that putting them back exactly is tested */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *rows[][3] = {
    { "one", "a", "1" },
    { "two", "b", NULL },
    { NULL, NULL, "3" },
    { "four\nlines", "a", "4.5" },
    { "five", NULL, "-5" },
    { "six ✓", "b", "6" },
  };
  g_autoptr(GError) error = NULL;

  fixture->dir = hone_test_dir_new ();
  fixture->project = hone_test_project_new (fixture->dir, "undo.hone");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpint (hone_project_add_example (fixture->project, i % HONE_N_SPLITS, i % 4,
                                               rows[i], &error), ==, i + 1);
  g_assert_no_error (error);
  /* Times from the past, each different */
  hone_test_exec_other (fixture->project,
                        "UPDATE examples SET created = 1700000000 + id, modified = 1700001000 + id");

  fixture->input = hone_test_field_id (fixture->project, "input");
  fixture->label = hone_test_field_id (fixture->project, "label");
  fixture->score = hone_test_field_id (fixture->project, "score");
  fixture->undo = hone_undo_stack_new (fixture->project);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->undo);
  g_assert_finalize_object (fixture->project);
  hone_test_dir_free (fixture->dir);
}

/* @edit ran between @before and now: undo must give @before back exactly,
 * redo the state after it, and undo again @before; each step announced.
 * Leaves the project as after the edit (redone). */
static void
check_round_trip (Fixture    *fixture,
                  const char *before,
                  const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after = hone_test_dump (fixture->project);
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  g_autofree char *undone_again = NULL;
  g_autofree char *undo_label = g_strdup_printf ("Undo %s", label);
  g_autofree char *redo_label = g_strdup_printf ("Redo %s", label);

  g_assert_cmpstr (before, !=, after);
  g_assert_true (hone_undo_stack_can_undo (fixture->undo));
  g_assert_cmpstr (hone_undo_stack_get_undo_label (fixture->undo), ==, undo_label);

  g_assert_true (hone_undo_stack_undo (fixture->undo, &error));
  g_assert_no_error (error);
  undone = hone_test_dump (fixture->project);
  g_assert_cmpstr (undone, ==, before);
  g_assert_true (hone_undo_stack_can_redo (fixture->undo));
  g_assert_cmpstr (hone_undo_stack_get_redo_label (fixture->undo), ==, redo_label);

  g_assert_true (hone_undo_stack_redo (fixture->undo, &error));
  g_assert_no_error (error);
  redone = hone_test_dump (fixture->project);
  g_assert_cmpstr (redone, ==, after);

  g_assert_true (hone_undo_stack_undo (fixture->undo, &error));
  undone_again = hone_test_dump (fixture->project);
  g_assert_cmpstr (undone_again, ==, before);
  g_assert_true (hone_undo_stack_redo (fixture->undo, &error));
  g_assert_no_error (error);
}

/* Also checks the in-memory fields agree with the file */
static void
assert_fields_match_file (HoneProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) reader = hone_project_open (hone_project_get_file (project),
                                                     HONE_PROJECT_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hone_project_get_n_fields (reader), ==, hone_project_get_n_fields (project));
  for (guint i = 0; i < hone_project_get_n_fields (project); i++)
    {
      HoneField *a = hone_project_get_field (project, i);
      HoneField *b = hone_project_get_field (reader, i);

      g_assert_cmpint (hone_field_get_id (a), ==, hone_field_get_id (b));
      g_assert_cmpstr (hone_field_get_name (a), ==, hone_field_get_name (b));
      g_assert_cmpint (hone_field_get_kind (a), ==, hone_field_get_kind (b));
      g_assert_cmpstr (hone_field_get_description (a), ==, hone_field_get_description (b));
      g_assert_cmpstrv (hone_field_get_allowed_values (a), hone_field_get_allowed_values (b));
      g_assert_cmpuint (hone_field_get_position (a), ==, hone_field_get_position (b));
    }
  g_assert_finalize_object (g_steal_pointer (&reader));
}

/* Examples ------------------------------------------------------------------ */

static void
test_set_value (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_set_value (fixture->project, 2, fixture->score, "22", &error));
  g_assert_no_error (error);
  check_round_trip (fixture, before, "Edit “score”");

  /* Clearing a value, too */
  g_clear_pointer (&before, g_free);
  before = hone_test_dump (fixture->project);
  g_assert_true (hone_project_set_value (fixture->project, 4, fixture->input, NULL, &error));
  check_round_trip (fixture, before, "Edit “input”");
}

static void
test_set_values (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) new_ids = NULL;
  gint64 ids[] = { 3, 5, 0, 0 };
  gint64 fields[] = { fixture->label, fixture->input };
  const char *values[] = { "a", "three", NULL, NULL, "b", "new", NULL, "newer" };

  g_assert_true (hone_project_set_values (fixture->project, ids, 4, fields, 2, values, &new_ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (new_ids->len, ==, 2);
  check_round_trip (fixture, before, "Edit 8 Values");
}

static void
test_insert (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *values[] = { "x", "y" };

  ids = hone_project_insert_examples (fixture->project, 2, HONE_SPLIT_EXCLUDED, HONE_EXAMPLE_SOURCE_FEEDBACK,
                                      &fixture->input, 1, values, &error);
  g_assert_no_error (error);
  check_round_trip (fixture, before, "Add 2 Examples");

  /* Redo brings them back with the same ids */
  hone_test_assert_value (fixture->project, 8, "input", "y");
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 which[] = { 4, 1, 6 };

  ids = hone_project_duplicate_examples (fixture->project, which, 3, &error);
  g_assert_no_error (error);
  check_round_trip (fixture, before, "Duplicate 3 Examples");
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneTestRecorder) recorder = hone_test_recorder_new (fixture->project);
  gint64 which[] = { 6, 2, 4 };

  g_assert_true (hone_project_delete_examples (fixture->project, which, 3, &error));
  g_assert_no_error (error);
  hone_test_assert_events (recorder, "removed 2,4,6");

  /* The same ids, values, times, splits and sources come back */
  check_round_trip (fixture, before, "Delete 3 Examples");
  hone_test_assert_events (recorder, "inserted 2,4,6; removed 2,4,6; inserted 2,4,6; removed 2,4,6");
}

static void
test_delete_one (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;
  gint64 last = 6;

  /* The last id: a new example would get it again; undo must not clash */
  g_assert_true (hone_project_delete_examples (fixture->project, &last, 1, &error));
  check_round_trip (fixture, before, "Delete Example");
}

static void
test_set_split (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneTestRecorder) recorder = hone_test_recorder_new (fixture->project);
  gint64 which[] = { 1, 2, 3, 4, 5, 6 };

  g_assert_true (hone_project_set_split (fixture->project, which, 6, HONE_SPLIT_EXCLUDED, &error));
  g_assert_no_error (error);
  /* 3 and 6 were excluded already */
  hone_test_assert_events (recorder, "changed 1,2,4,5");
  check_round_trip (fixture, before, "Set Split of 6 Examples");
  hone_test_assert_events (recorder, "changed 1,2,4,5; changed 1,2,4,5; changed 1,2,4,5; changed 1,2,4,5");
}

static void
test_random_split (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;
  guint n_train, n_val;

  g_assert_true (hone_project_random_split (fixture->project, NULL, 0.5, 3, &n_train, &n_val, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_train + n_val, ==, 4);
  check_round_trip (fixture, before, "Random Split");
}

/* Fields ---------------------------------------------------------------- */

static void
test_add_field (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;
  HoneField *field = hone_project_add_field (fixture->project, "notes", HONE_FIELD_KIND_LONG_TEXT,
                                             "Anything", NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (field);
  check_round_trip (fixture, before, "Add Field “notes”");
  assert_fields_match_file (fixture->project);
  g_assert_nonnull (hone_project_find_field (fixture->project, "notes"));
}

static void
test_rename_field (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_rename_field (fixture->project, fixture->label, "category", &error));
  g_assert_no_error (error);
  check_round_trip (fixture, before, "Rename Field “label”");
  assert_fields_match_file (fixture->project);

  /* Names swapped over two steps come back too */
  g_clear_pointer (&before, g_free);
  before = hone_test_dump (fixture->project);
  g_assert_true (hone_project_rename_field (fixture->project, fixture->input, "tmp", &error));
  g_assert_true (hone_project_rename_field (fixture->project, fixture->score, "input", &error));
  g_assert_true (hone_project_rename_field (fixture->project, fixture->input, "score", &error));
  g_assert_true (hone_undo_stack_undo (fixture->undo, &error));
  g_assert_true (hone_undo_stack_undo (fixture->undo, &error));
  g_assert_true (hone_undo_stack_undo (fixture->undo, &error));
  g_assert_no_error (error);
  {
    g_autofree char *now = hone_test_dump (fixture->project);
    g_assert_cmpstr (now, ==, before);
  }
  assert_fields_match_file (fixture->project);
}

static void
test_move_field (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_move_field (fixture->project, fixture->score, 0, &error));
  g_assert_no_error (error);
  check_round_trip (fixture, before, "Move Field “score”");
  assert_fields_match_file (fixture->project);
  g_assert_cmpstr (hone_field_get_name (hone_project_get_field (fixture->project, 0)), ==, "score");
}

static void
test_field_kind (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  HoneField *flag;

  /* A text field whose values become yes/no: converted, and back */
  flag = hone_project_add_field (fixture->project, "flag", HONE_FIELD_KIND_SHORT_TEXT, "", NULL, &error);
  g_assert_true (hone_project_set_value (fixture->project, 1, hone_field_get_id (flag), "Yes", &error));
  g_assert_true (hone_project_set_value (fixture->project, 2, hone_field_get_id (flag), "off", &error));
  g_assert_true (hone_project_set_value (fixture->project, 3, hone_field_get_id (flag), "true", &error));
  g_assert_no_error (error);

  before = hone_test_dump (fixture->project);
  g_assert_true (hone_project_set_field_kind (fixture->project, hone_field_get_id (flag), HONE_FIELD_KIND_YES_NO, &error));
  g_assert_no_error (error);
  check_round_trip (fixture, before, "Change Kind of “flag”");
  assert_fields_match_file (fixture->project);

  /* A label field with its list: the list comes back */
  g_clear_pointer (&before, g_free);
  before = hone_test_dump (fixture->project);
  g_assert_true (hone_project_set_field_kind (fixture->project, fixture->label, HONE_FIELD_KIND_LONG_TEXT, &error));
  check_round_trip (fixture, before, "Change Kind of “label”");
  assert_fields_match_file (fixture->project);
}

static void
test_describe_field (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_set_field_description (fixture->project, fixture->score, "Stars, 1–5", &error));
  g_assert_no_error (error);
  check_round_trip (fixture, before, "Describe Field “score”");
  assert_fields_match_file (fixture->project);
}

static void
test_allowed_values (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;
  const char * const labels[] = { "b", "a", "c", NULL };

  g_assert_true (hone_project_set_field_allowed_values (fixture->project, fixture->label, labels, &error));
  g_assert_no_error (error);
  check_round_trip (fixture, before, "Change Labels of “label”");
  assert_fields_match_file (fixture->project);
}

static void
test_delete_field (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneTestRecorder) recorder = hone_test_recorder_new (fixture->project);

  /* The middle field: it comes back with its id, position and values */
  g_assert_true (hone_project_delete_field (fixture->project, fixture->label, &error));
  g_assert_no_error (error);
  hone_test_assert_events (recorder, "fields 1 2 1; changed all");
  check_round_trip (fixture, before, "Delete Field “label”");
  assert_fields_match_file (fixture->project);
  g_assert_null (hone_project_find_field (fixture->project, "label"));

  g_assert_true (hone_undo_stack_undo (fixture->undo, &error));
  g_assert_cmpint (hone_field_get_id (hone_project_get_field (fixture->project, 1)), ==, fixture->label);
  hone_test_assert_value (fixture->project, 2, "label", "b");
  assert_fields_match_file (fixture->project);
}

/* The stack ------------------------------------------------------------- */

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           GString    *log)
{
  g_string_append_printf (log, "%s;", pspec->name);
}

static void
test_labels_and_notify (Fixture       *fixture,
                        gconstpointer  data)
{
  HoneUndoStack *undo = fixture->undo;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  gint64 which[] = { 1, 2, 3 };
  gboolean can_undo = TRUE;
  g_autofree char *label = NULL;

  g_assert_false (hone_undo_stack_can_undo (undo));
  g_assert_false (hone_undo_stack_can_redo (undo));
  g_assert_cmpstr (hone_undo_stack_get_undo_label (undo), ==, "Undo");
  g_assert_cmpstr (hone_undo_stack_get_redo_label (undo), ==, "Redo");
  g_assert_false (hone_undo_stack_undo (undo, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (hone_undo_stack_redo (undo, &error));
  g_clear_error (&error);

  g_signal_connect (undo, "notify", G_CALLBACK (notify_cb), log);
  g_assert_true (hone_project_delete_examples (fixture->project, which, 3, &error));
  g_assert_cmpstr (log->str, ==, "undo-label;can-undo;");
  g_assert_cmpstr (hone_undo_stack_get_undo_label (undo), ==, "Undo Delete 3 Examples");
  g_object_get (undo, "can-undo", &can_undo, "undo-label", &label, NULL);
  g_assert_true (can_undo);
  g_assert_cmpstr (label, ==, "Undo Delete 3 Examples");

  g_string_truncate (log, 0);
  g_assert_true (hone_undo_stack_undo (undo, &error));
  g_assert_cmpstr (log->str, ==, "undo-label;redo-label;can-undo;can-redo;");
  g_assert_cmpstr (hone_undo_stack_get_redo_label (undo), ==, "Redo Delete 3 Examples");

  /* Refused edits record nothing */
  g_assert_false (hone_project_set_value (fixture->project, 1, fixture->score, "many", &error));
  g_clear_error (&error);
  g_assert_cmpuint (hone_undo_stack_get_n_undo (undo), ==, 0);
  /* Edits that change nothing record nothing */
  g_assert_true (hone_project_set_value (fixture->project, 1, fixture->score, "1", &error));
  g_assert_cmpuint (hone_undo_stack_get_n_undo (undo), ==, 0);
  g_assert_cmpuint (hone_undo_stack_get_n_redo (undo), ==, 1);

  g_signal_handlers_disconnect_by_data (undo, log);
}

static void
test_new_edit_clears_redo (Fixture       *fixture,
                           gconstpointer  data)
{
  HoneUndoStack *undo = fixture->undo;
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_set_value (fixture->project, 1, fixture->input, "a", &error));
  g_assert_true (hone_project_set_value (fixture->project, 1, fixture->input, "b", &error));
  g_assert_true (hone_undo_stack_undo (undo, &error));
  g_assert_true (hone_undo_stack_can_redo (undo));
  g_assert_cmpuint (hone_undo_stack_get_n_redo (undo), ==, 1);

  g_assert_true (hone_project_set_value (fixture->project, 1, fixture->input, "c", &error));
  g_assert_false (hone_undo_stack_can_redo (undo));
  g_assert_cmpuint (hone_undo_stack_get_n_undo (undo), ==, 2);

  /* Undo all: "a" then the original */
  g_assert_true (hone_undo_stack_undo (undo, &error));
  hone_test_assert_value (fixture->project, 1, "input", "a");
  g_assert_true (hone_undo_stack_undo (undo, &error));
  hone_test_assert_value (fixture->project, 1, "input", "one");
  g_assert_false (hone_undo_stack_can_undo (undo));
}

static void
test_depth (Fixture       *fixture,
            gconstpointer  data)
{
  HoneUndoStack *undo = fixture->undo;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (hone_undo_stack_get_max_depth (undo), ==, HONE_UNDO_STACK_DEFAULT_DEPTH);
  g_assert_cmpuint (HONE_UNDO_STACK_DEFAULT_DEPTH, ==, 200);

  /* The default bound holds */
  for (guint i = 0; i < 205; i++)
    {
      g_autofree char *v = g_strdup_printf ("%u", i);
      g_assert_true (hone_project_set_value (fixture->project, 1, fixture->score, v, &error));
    }
  g_assert_no_error (error);
  g_assert_cmpuint (hone_undo_stack_get_n_undo (undo), ==, 200);

  /* A smaller one forgets the oldest steps */
  hone_undo_stack_set_max_depth (undo, 3);
  g_assert_cmpuint (hone_undo_stack_get_n_undo (undo), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (hone_undo_stack_undo (undo, &error));
  g_assert_no_error (error);
  g_assert_false (hone_undo_stack_can_undo (undo));
  hone_test_assert_value (fixture->project, 1, "score", "201");

  hone_undo_stack_clear (undo);
  g_assert_false (hone_undo_stack_can_redo (undo));
  g_assert_cmpuint (hone_undo_stack_get_n_redo (undo), ==, 0);

  /* Forgotten steps leave nothing behind in the temporary tables */
  g_assert_cmpint (hone_store_query_int (hone_project_get_db (fixture->project),
                                         "SELECT count(*) FROM temp.hone_undo_examples", NULL), ==, 0);
  g_assert_cmpint (hone_store_query_int (hone_project_get_db (fixture->project),
                                         "SELECT count(*) FROM temp.hone_undo_values", NULL), ==, 0);
}

static void
test_group (Fixture       *fixture,
            gconstpointer  data)
{
  HoneUndoStack *undo = fixture->undo;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autoptr(GArray) ids = NULL;
  gint64 two = 2;

  /* A paste past the end: rows added, then values, one step */
  g_assert_true (hone_undo_stack_begin_group (undo, "Paste", &error));
  ids = hone_project_insert_examples (fixture->project, 2, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, NULL, 0, NULL, &error);
  g_assert_true (hone_project_set_values (fixture->project, (gint64 *) ids->data, 2, &fixture->input, 1,
                                          (const char *[]) { "p1", "p2" }, NULL, &error));
  g_assert_true (hone_project_delete_examples (fixture->project, &two, 1, &error));
  g_assert_no_error (error);
  g_assert_false (hone_undo_stack_can_undo (undo));
  g_assert_true (hone_undo_stack_end_group (undo, &error));
  g_assert_cmpuint (hone_undo_stack_get_n_undo (undo), ==, 1);
  check_round_trip (fixture, before, "Paste");

  /* A cancelled group changes and records nothing */
  g_clear_pointer (&before, g_free);
  before = hone_test_dump (fixture->project);
  g_assert_true (hone_undo_stack_begin_group (undo, "Paste", &error));
  g_assert_true (hone_project_set_value (fixture->project, 1, fixture->input, "gone", &error));
  hone_undo_stack_cancel_group (undo);
  g_assert_cmpuint (hone_undo_stack_get_n_undo (undo), ==, 1);
  {
    g_autofree char *now = hone_test_dump (fixture->project);
    g_assert_cmpstr (now, ==, before);
  }

  /* A plain transaction is one step too, named after its first edit */
  g_assert_true (hone_project_begin (fixture->project, &error));
  g_assert_true (hone_project_set_value (fixture->project, 1, fixture->input, "x", &error));
  g_assert_true (hone_project_set_value (fixture->project, 3, fixture->input, "y", &error));
  g_assert_true (hone_project_commit (fixture->project, &error));
  g_assert_cmpuint (hone_undo_stack_get_n_undo (undo), ==, 2);
  g_assert_cmpstr (hone_undo_stack_get_undo_label (undo), ==, "Undo Edit “input”");
  g_assert_true (hone_undo_stack_undo (undo, &error));
  hone_test_assert_value (fixture->project, 1, "input", "one");
  hone_test_assert_value (fixture->project, 3, "input", NULL);

  /* No undo while a transaction is open */
  g_assert_true (hone_project_begin (fixture->project, &error));
  g_assert_false (hone_undo_stack_undo (undo, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_true (hone_project_commit (fixture->project, &error));
}

static void
test_failed_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  HoneUndoStack *undo = fixture->undo;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = hone_test_dump (fixture->project);
  g_autofree char *deleted = NULL;
  g_autofree char *still = NULL;

  g_assert_true (hone_project_set_value (fixture->project, 1, fixture->input, "edited", &error));
  g_assert_true (hone_project_delete_field (fixture->project, fixture->label, &error));
  g_assert_no_error (error);
  deleted = hone_test_dump (fixture->project);

  /* Another program adds a field with the deleted field's name: putting it
   * back must fail, change nothing, and keep the step */
  hone_test_exec_other (fixture->project,
                        "INSERT INTO fields (id, name, kind, position) VALUES (99, 'label', 'short-text', 5)");
  g_clear_pointer (&deleted, g_free);
  deleted = hone_test_dump (fixture->project);

  g_assert_false (hone_undo_stack_undo (undo, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Could not undo “Delete Field “label””: "));
  g_clear_error (&error);
  still = hone_test_dump (fixture->project);
  g_assert_cmpstr (still, ==, deleted);
  g_assert_cmpuint (hone_undo_stack_get_n_undo (undo), ==, 2);
  g_assert_cmpuint (hone_undo_stack_get_n_redo (undo), ==, 0);
  g_assert_cmpstr (hone_undo_stack_get_undo_label (undo), ==, "Undo Delete Field “label”");
  assert_fields_match_file (fixture->project);

  /* Once the other field is gone, the same step works */
  hone_test_exec_other (fixture->project, "DELETE FROM fields WHERE id = 99");
  g_assert_true (hone_undo_stack_undo (undo, &error));
  g_assert_no_error (error);
  g_assert_true (hone_undo_stack_undo (undo, &error));
  g_assert_no_error (error);
  {
    g_autofree char *now = hone_test_dump (fixture->project);
    g_assert_cmpstr (now, ==, before);
  }
  g_assert_true (hone_undo_stack_redo (undo, &error));
  g_assert_true (hone_undo_stack_redo (undo, &error));
  g_assert_no_error (error);
  g_assert_null (hone_project_find_field (fixture->project, "label"));
}

static void
test_closed_project (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_set_value (fixture->project, 1, fixture->input, "x", &error));
  hone_project_close (fixture->project);
  g_assert_false (hone_undo_stack_undo (fixture->undo, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (hone_undo_stack_can_undo (fixture->undo));
}

/* Undo and redo follow through to a model -------------------------------- */

static void
assert_model_matches_fresh (HoneExampleModel *model,
                            HoneProject      *project)
{
  g_autoptr(HoneExampleModel) fresh = hone_example_model_new (project);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fresh));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HoneExample) a = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autoptr(HoneExample) b = g_list_model_get_item (G_LIST_MODEL (fresh), i);

      g_assert_cmpint (hone_example_get_id (a), ==, hone_example_get_id (b));
      g_assert_cmpint (hone_example_get_split (a), ==, hone_example_get_split (b));
      for (guint f = 0; f < hone_project_get_n_fields (project); f++)
        {
          gint64 field = hone_field_get_id (hone_project_get_field (project, f));
          g_assert_cmpstr (hone_example_get_value (a, field), ==, hone_example_get_value (b, field));
        }
    }
}

static void
test_model_follows (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = hone_example_model_new (fixture->project);
  g_autoptr(GError) error = NULL;
  gint64 which[] = { 2, 5 };

  /* Load every page so that stale pages would show */
  assert_model_matches_fresh (model, fixture->project);

  g_assert_true (hone_project_delete_examples (fixture->project, which, 2, &error));
  assert_model_matches_fresh (model, fixture->project);
  g_assert_true (hone_project_set_value (fixture->project, 3, fixture->input, "three", &error));
  assert_model_matches_fresh (model, fixture->project);
  g_assert_true (hone_project_delete_field (fixture->project, fixture->label, &error));
  assert_model_matches_fresh (model, fixture->project);
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (hone_undo_stack_undo (fixture->undo, &error));
      g_assert_no_error (error);
      assert_model_matches_fresh (model, fixture->project);
    }
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (hone_undo_stack_redo (fixture->undo, &error));
      g_assert_no_error (error);
      assert_model_matches_fresh (model, fixture->project);
    }
}

static void
test_one_stack_per_project (Fixture       *fixture,
                            gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(HoneUndoStack) second = hone_undo_stack_new (fixture->project);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*already has an undo stack*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/undo-stack/examples/set-value", test_set_value);
  ADD ("/undo-stack/examples/set-values", test_set_values);
  ADD ("/undo-stack/examples/insert", test_insert);
  ADD ("/undo-stack/examples/duplicate", test_duplicate);
  ADD ("/undo-stack/examples/delete", test_delete);
  ADD ("/undo-stack/examples/delete-last", test_delete_one);
  ADD ("/undo-stack/examples/set-split", test_set_split);
  ADD ("/undo-stack/examples/random-split", test_random_split);
  ADD ("/undo-stack/fields/add", test_add_field);
  ADD ("/undo-stack/fields/rename", test_rename_field);
  ADD ("/undo-stack/fields/move", test_move_field);
  ADD ("/undo-stack/fields/kind", test_field_kind);
  ADD ("/undo-stack/fields/describe", test_describe_field);
  ADD ("/undo-stack/fields/allowed-values", test_allowed_values);
  ADD ("/undo-stack/fields/delete", test_delete_field);
  ADD ("/undo-stack/labels-and-notify", test_labels_and_notify);
  ADD ("/undo-stack/new-edit-clears-redo", test_new_edit_clears_redo);
  ADD ("/undo-stack/depth", test_depth);
  ADD ("/undo-stack/group", test_group);
  ADD ("/undo-stack/failed-undo", test_failed_undo);
  ADD ("/undo-stack/closed-project", test_closed_project);
  ADD ("/undo-stack/model-follows", test_model_follows);
  ADD ("/undo-stack/one-per-project", test_one_stack_per_project);

#undef ADD

  return g_test_run ();
}
