/* test-example-query.c: sorts, filters and find of HoneExampleModel against
 * a brute-force computation in C over every row, and the items-changed the
 * model emits as the project is edited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "hone-core.h"
#include "hone-test-edit-util.h"

#define N_ROWS 3000

enum { F_TEXT, F_NUM, F_TAG, F_FLAG, N_FIELDS };

static const char * const texts[] = {
  "apple", "Apple", "APPLE pie", "banana", "Banana split", "cherry", "École", "école",
  "éclair", "Zebra", "zebra", "ärger", "Ärger", "ñandú", "Ωmega", "ωmega", "straße",
  "STRASSE", "10 apples", "2 apples", "a", "A", "line one\nline two", "tab\there", "İstanbul",
};
static const char * const tags[] = { "pos", "neg", "neu", "Pos" };

typedef struct {
  char        *dir;
  HoneProject *project;
  gint64       fields[N_FIELDS];
  GPtrArray   *rows;  /* HoneExample, all of them, by id */
} Fixture;

static void
load_rows (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&fixture->rows, g_ptr_array_unref);
  fixture->rows = hone_project_load_examples (fixture->project, 0, G_MAXUINT, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct { const char *name; HoneFieldKind kind; } fields[N_FIELDS] = {
    { "text", HONE_FIELD_KIND_SHORT_TEXT },
    { "num", HONE_FIELD_KIND_NUMBER },
    { "tag", HONE_FIELD_KIND_LABEL },
    { "flag", HONE_FIELD_KIND_YES_NO },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261127);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GArray) doomed = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_rows = GPOINTER_TO_UINT (data);

  fixture->dir = hone_test_dir_new ();
  file = hone_test_file (fixture->dir, "query.hone");
  fixture->project = hone_project_create (file, "Query test", &error);
  g_assert_no_error (error);
  for (guint f = 0; f < N_FIELDS; f++)
    {
      HoneField *field = hone_project_add_field (fixture->project, fields[f].name, fields[f].kind, "", NULL, &error);
      g_assert_no_error (error);
      fixture->fields[f] = hone_field_get_id (field);
    }

  g_assert_true (hone_project_begin (fixture->project, &error));
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *num = NULL;
      const char *values[N_FIELDS] = { NULL, };
      gint64 id;

      if (g_rand_int_range (rand, 0, 10) != 0)
        {
          const char *base = texts[g_rand_int_range (rand, 0, G_N_ELEMENTS (texts))];
          text = g_rand_boolean (rand) ? g_strdup (base) : g_strdup_printf ("%s %d", base, g_rand_int_range (rand, 0, 50));
        }
      switch (g_rand_int_range (rand, 0, 7))
        {
        case 0: break;
        case 1: num = g_strdup_printf ("%.2f", g_rand_double_range (rand, -100, 100)); break;
        default: num = g_strdup_printf ("%d", g_rand_int_range (rand, -1000, 1000)); break;
        }
      values[F_TEXT] = text;
      values[F_NUM] = num;
      values[F_TAG] = g_rand_int_range (rand, 0, 5) == 0 ? NULL : tags[g_rand_int_range (rand, 0, G_N_ELEMENTS (tags))];
      values[F_FLAG] = g_rand_int_range (rand, 0, 3) == 0 ? NULL : g_rand_boolean (rand) ? "yes" : "no";

      id = hone_project_add_example (fixture->project, g_rand_int_range (rand, 0, HONE_N_SPLITS),
                                     HONE_EXAMPLE_SOURCE_IMPORTED, values, &error);
      g_assert_no_error (error);
      /* About one in twenty goes again, so that ids have gaps */
      if (g_rand_int_range (rand, 0, 20) == 0)
        g_array_append_val (doomed, id);
    }
  g_assert_true (hone_project_commit (fixture->project, &error));
  g_assert_true (hone_project_delete_examples (fixture->project, (gint64 *) doomed->data, doomed->len, &error));
  g_assert_no_error (error);

  load_rows (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->rows, g_ptr_array_unref);
  g_assert_finalize_object (fixture->project);
  hone_test_dir_free (fixture->dir);
}

/* Brute force ------------------------------------------------------------------ */

typedef struct {
  HoneExampleSort sort;
  gint64          field_id;
  gboolean        numeric;
  gboolean        descending;
} Order;

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  HoneExample *x = *(HoneExample * const *) a;
  HoneExample *y = *(HoneExample * const *) b;
  const Order *order = user_data;
  int sign = order->descending ? -1 : 1;
  gint64 ix = hone_example_get_id (x), iy = hone_example_get_id (y);
  int c = 0;

  switch (order->sort)
    {
    case HONE_EXAMPLE_SORT_ID:
      break;
    case HONE_EXAMPLE_SORT_SPLIT:
      c = (int) hone_example_get_split (x) - (int) hone_example_get_split (y);
      break;
    case HONE_EXAMPLE_SORT_FIELD:
      {
        const char *vx = hone_example_get_value (x, order->field_id);
        const char *vy = hone_example_get_value (y, order->field_id);

        /* Empty values last, whatever the direction */
        if ((vx == NULL) != (vy == NULL))
          return vx == NULL ? 1 : -1;
        if (vx != NULL && order->numeric)
          {
            double dx = g_ascii_strtod (vx, NULL), dy = g_ascii_strtod (vy, NULL);
            c = dx < dy ? -1 : dx > dy;
          }
        else if (vx != NULL)
          c = g_ascii_strcasecmp (vx, vy);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  if (c == 0)
    c = ix < iy ? -1 : ix > iy;
  return sign * (c < 0 ? -1 : c > 0);
}

/* Per-character lower case, written independently of Hone's */
static gunichar *
lower_chars (const char *text,
             glong      *n)
{
  gunichar *chars = g_utf8_to_ucs4_fast (text, -1, n);

  for (glong i = 0; i < *n; i++)
    chars[i] = g_unichar_tolower (chars[i]);
  return chars;
}

static gboolean
contains_ignoring_case (const char *haystack,
                        const char *needle)
{
  glong nh, nn;
  g_autofree gunichar *h = lower_chars (haystack, &nh);
  g_autofree gunichar *n = lower_chars (needle, &nn);

  for (glong i = 0; i + nn <= nh; i++)
    if (memcmp (h + i, n, nn * sizeof (gunichar)) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
row_matches (Fixture     *fixture,
             HoneExample *row,
             HoneSplit    split,
             const char  *text,
             gint64       text_field)
{
  if (split != HONE_SPLIT_ANY && hone_example_get_split (row) != split)
    return FALSE;
  if (text == NULL)
    return TRUE;
  for (guint f = 0; f < N_FIELDS; f++)
    {
      const char *value = hone_example_get_value (row, fixture->fields[f]);

      if ((text_field == 0 || text_field == fixture->fields[f]) &&
          value != NULL && contains_ignoring_case (value, text))
        return TRUE;
    }
  return FALSE;
}

static GArray *
expected_ids (Fixture                *fixture,
              const HoneExampleQuery *query)
{
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 text_field = 0;
  const char *text = hone_example_query_get_text (query, &text_field);
  Order order;

  order.sort = hone_example_query_get_sort (query, &order.field_id, &order.descending);
  order.numeric = order.sort == HONE_EXAMPLE_SORT_FIELD &&
                  hone_field_get_kind (hone_project_get_field_by_id (fixture->project, order.field_id)) == HONE_FIELD_KIND_NUMBER;

  for (guint i = 0; i < fixture->rows->len; i++)
    if (row_matches (fixture, g_ptr_array_index (fixture->rows, i),
                     hone_example_query_get_split (query), text, text_field))
      g_ptr_array_add (selected, g_ptr_array_index (fixture->rows, i));

  g_ptr_array_sort_with_data (selected, compare_rows, &order);
  for (guint i = 0; i < selected->len; i++)
    {
      gint64 id = hone_example_get_id (g_ptr_array_index (selected, i));
      g_array_append_val (ids, id);
    }
  return ids;
}

static void
assert_model_is (HoneExampleModel *model,
                 GArray           *expected)
{
  GListModel *list = G_LIST_MODEL (model);

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, expected->len);
  for (guint p = 0; p < expected->len; p++)
    if (hone_example_model_get_id (model, p) != g_array_index (expected, gint64, p))
      g_error ("position %u: id %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
               p, hone_example_model_get_id (model, p), g_array_index (expected, gint64, p));

  /* The items themselves agree, including across a page boundary */
  for (guint p = 0; p < expected->len; p += 97)
    {
      g_autoptr(HoneExample) example = g_list_model_get_item (list, p);
      g_assert_cmpint (hone_example_get_id (example), ==, g_array_index (expected, gint64, p));
    }
  g_assert_null (g_list_model_get_item (list, expected->len));
}

/* Sorting and filtering ---------------------------------------------------------- */

static void
check_query (Fixture          *fixture,
             HoneExampleModel *model,
             HoneExampleQuery *query)
{
  g_autoptr(GArray) expected = expected_ids (fixture, query);

  hone_example_model_set_query (model, query);
  g_assert_true (hone_example_query_equal (hone_example_model_get_query (model), query));
  assert_model_is (model, expected);
}

static void
check_every_sort (Fixture          *fixture,
                  HoneExampleModel *model,
                  HoneExampleQuery *query)
{
  for (int d = 0; d < 2; d++)
    {
      hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_ID, 0, d);
      check_query (fixture, model, query);
      hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_SPLIT, 0, d);
      check_query (fixture, model, query);
      for (guint f = 0; f < N_FIELDS; f++)
        {
          hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_FIELD, fixture->fields[f], d);
          check_query (fixture, model, query);
        }
    }
}

static void
test_sort (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = hone_example_model_new (fixture->project);
  g_autoptr(HoneExampleQuery) query = hone_example_query_new ();

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, fixture->rows->len);
  check_every_sort (fixture, model, query);

  /* A field that does not exist sorts by id */
  {
    g_autoptr(GArray) expected = NULL;

    hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_FIELD, 999, FALSE);
    hone_example_model_set_query (model, query);
    hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_ID, 0, FALSE);
    expected = expected_ids (fixture, query);
    assert_model_is (model, expected);
  }
}

static void
test_filter_split (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = hone_example_model_new (fixture->project);
  g_autoptr(HoneExampleQuery) query = hone_example_query_new ();

  for (HoneSplit split = HONE_SPLIT_TRAIN; split <= HONE_SPLIT_EXCLUDED; split++)
    {
      hone_example_query_set_split (query, split);
      check_every_sort (fixture, model, query);
      g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                       hone_project_count_examples (fixture->project, split, NULL));
    }
}

static void
test_filter_text (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const needles[] = {
    "apple", "APPLE", "école", "ÉCOLE", "Ärger", "ωMEGA", "Ω", "pie", "1", "an",
    "straße", "line two", "\t", "İ", "i", "zzz", "a", "-", ".5", "true",
  };
  g_autoptr(HoneExampleModel) model = hone_example_model_new (fixture->project);
  g_autoptr(HoneExampleQuery) query = hone_example_query_new ();

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      hone_example_query_set_text (query, needles[i], 0);
      hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_ID, 0, FALSE);
      check_query (fixture, model, query);
      hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_FIELD, fixture->fields[F_TEXT], TRUE);
      check_query (fixture, model, query);

      for (guint f = 0; f < N_FIELDS; f++)
        {
          hone_example_query_set_text (query, needles[i], fixture->fields[f]);
          check_query (fixture, model, query);
        }
    }

  /* Every filter at once */
  hone_example_query_set_text (query, "APPLE", 0);
  hone_example_query_set_split (query, HONE_SPLIT_VALIDATION);
  check_every_sort (fixture, model, query);

  /* Text that matches nothing */
  hone_example_query_set_text (query, "no such thing", 0);
  check_query (fixture, model, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  static const char * const needles[] = { "école", "APPLE", "ωmega", "zzz", "7" };
  g_autoptr(HoneExampleModel) model = hone_example_model_new (fixture->project);
  g_autoptr(HoneExampleQuery) query = hone_example_query_new ();
  g_autoptr(GArray) order = NULL;
  guint n;

  hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_FIELD, fixture->fields[F_NUM], FALSE);
  hone_example_model_set_query (model, query);
  order = expected_ids (fixture, query);
  n = order->len;

  for (guint k = 0; k < G_N_ELEMENTS (needles); k++)
    for (int backwards = 0; backwards < 2; backwards++)
      for (guint start = 0; start < n; start += 211)
        {
          guint expected = G_MAXUINT, found = G_MAXUINT;
          gboolean ok;

          for (guint i = 0; i < n && expected == G_MAXUINT; i++)
            {
              guint p = backwards ? (start + n - i) % n : (start + i) % n;
              gint64 id = g_array_index (order, gint64, p);

              for (guint r = 0; r < fixture->rows->len; r++)
                if (hone_example_get_id (g_ptr_array_index (fixture->rows, r)) == id &&
                    row_matches (fixture, g_ptr_array_index (fixture->rows, r), HONE_SPLIT_ANY, needles[k], 0))
                  expected = p;
            }

          ok = hone_example_model_find (model, needles[k], 0, start, backwards, &found);
          g_assert_cmpint (ok, ==, expected != G_MAXUINT);
          if (ok)
            g_assert_cmpuint (found, ==, expected);
        }

  /* Positions and ids agree */
  for (guint p = 0; p < n; p += 101)
    g_assert_cmpuint (hone_example_model_get_position (model, g_array_index (order, gint64, p)), ==, p);
  g_assert_cmpuint (hone_example_model_get_position (model, 999999), ==, HONE_EXAMPLE_MODEL_NO_POSITION);
  g_assert_cmpint (hone_example_model_get_id (model, n), ==, 0);
}

/* items-changed ------------------------------------------------------------------- */

typedef struct {
  GString          *log;
  HoneExampleModel *model;
} ItemsLog;

static void
items_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  ItemsLog   *log)
{
  /* During the signal the model already holds the new items */
  g_string_append_printf (log->log, "%s(%u,%u,%u)", log->log->len ? " " : "", position, removed, added);
  if (position + added > 0)
    {
      g_autoptr(HoneExample) example = g_list_model_get_item (list, position + added - 1);
      g_assert_nonnull (example);
    }
}

static ItemsLog *
items_log_new (HoneExampleModel *model)
{
  ItemsLog *log = g_new0 (ItemsLog, 1);

  log->log = g_string_new (NULL);
  log->model = model;
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), log);
  return log;
}

static void
items_log_free (ItemsLog *log)
{
  g_signal_handlers_disconnect_by_data (log->model, log);
  g_string_free (log->log, TRUE);
  g_free (log);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ItemsLog, items_log_free)

#define assert_items_changed(log, expected) \
  G_STMT_START { \
    g_assert_cmpstr ((log)->log->str, ==, (expected)); \
    g_string_truncate ((log)->log, 0); \
  } G_STMT_END

/* A model edited along the way holds what a fresh one with its query does */
static void
assert_like_fresh (Fixture          *fixture,
                   HoneExampleModel *model)
{
  g_autoptr(HoneExampleModel) fresh = g_object_new (HONE_TYPE_EXAMPLE_MODEL,
                                                    "project", fixture->project,
                                                    "query", hone_example_model_get_query (model),
                                                    NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fresh));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  for (guint p = 0; p < n; p++)
    g_assert_cmpint (hone_example_model_get_id (model, p), ==, hone_example_model_get_id (fresh, p));
}

static void
test_items_changed_by_id (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = hone_example_model_new (fixture->project);
  g_autoptr(ItemsLog) log = items_log_new (model);
  g_autoptr(HoneUndoStack) undo = hone_undo_stack_new (fixture->project);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *expected = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  gint64 at10 = hone_example_model_get_id (model, 10);
  gint64 scattered[3] = {
    hone_example_model_get_id (model, 5),
    hone_example_model_get_id (model, 700),
    hone_example_model_get_id (model, 701),
  };

  /* Load some pages: they must not go stale */
  for (guint p = 0; p < n; p += 100)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), p));

  /* An edited example is replaced where it is */
  g_assert_true (hone_project_set_value (fixture->project, at10, fixture->fields[F_TEXT], "edited", &error));
  assert_items_changed (log, "(10,1,1)");
  {
    g_autoptr(HoneExample) example = g_list_model_get_item (G_LIST_MODEL (model), 10);
    g_assert_cmpstr (hone_example_get_value (example, fixture->fields[F_TEXT]), ==, "edited");
  }

  /* Deleted ones go from where they are, the last first */
  g_assert_true (hone_project_delete_examples (fixture->project, scattered, 3, &error));
  assert_items_changed (log, "(700,2,0) (5,1,0)");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n - 3);
  assert_like_fresh (fixture, model);

  /* Undone, they come back to their places (the later run first: in the
   * list as it then is, it goes back at 699) */
  g_assert_true (hone_undo_stack_undo (undo, &error));
  g_assert_no_error (error);
  assert_items_changed (log, "(699,0,2) (5,0,1)");
  g_assert_cmpint (hone_example_model_get_id (model, 5), ==, scattered[0]);
  g_assert_cmpint (hone_example_model_get_id (model, 700), ==, scattered[1]);
  assert_like_fresh (fixture, model);

  /* New examples at the end */
  ids = hone_project_insert_examples (fixture->project, 2, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, NULL, 0, NULL, &error);
  expected = g_strdup_printf ("(%u,0,2)", n);
  assert_items_changed (log, expected);
  assert_like_fresh (fixture, model);
  {
    g_autoptr(HoneExample) last = g_list_model_get_item (G_LIST_MODEL (model), n + 1);
    g_assert_cmpint (hone_example_get_id (last), ==, g_array_index (ids, gint64, 1));
  }

  /* Many scattered deletions: one change from the first to the end */
  {
    g_autoptr(GArray) many = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autofree char *one = NULL;
    guint now = g_list_model_get_n_items (G_LIST_MODEL (model));

    for (guint p = 100; p < 100 + 2 * 40; p += 2)
      {
        gint64 id = hone_example_model_get_id (model, p);
        g_array_append_val (many, id);
      }
    g_assert_true (hone_project_delete_examples (fixture->project, (gint64 *) many->data, many->len, &error));
    one = g_strdup_printf ("(100,%u,%u)", now - 100, now - 100 - 40);
    assert_items_changed (log, one);
    assert_like_fresh (fixture, model);

    /* …and back the same way */
    g_assert_true (hone_undo_stack_undo (undo, &error));
    g_clear_pointer (&one, g_free);
    one = g_strdup_printf ("(100,%u,%u)", now - 100 - 40, now - 100);
    assert_items_changed (log, one);
    assert_like_fresh (fixture, model);
  }

  /* Changes to many examples: one change over their span */
  {
    g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autofree char *span = NULL;
    guint now = g_list_model_get_n_items (G_LIST_MODEL (model));
    guint first = G_MAXUINT, last = 0;

    for (guint p = 3; p < now; p += 3)
      {
        gint64 id = hone_example_model_get_id (model, p);
        if (hone_test_get_split (fixture->project, id) != HONE_SPLIT_EXCLUDED)
          {
            g_array_append_val (all, id);
            first = MIN (first, p);
            last = MAX (last, p);
          }
      }
    g_assert_true (hone_project_set_split (fixture->project, (gint64 *) all->data, all->len, HONE_SPLIT_EXCLUDED, &error));
    span = g_strdup_printf ("(%u,%u,%u)", first, last - first + 1, last - first + 1);
    assert_items_changed (log, span);
  }

  /* A field deleted: every item replaced */
  {
    g_autofree char *everything = NULL;
    guint now = g_list_model_get_n_items (G_LIST_MODEL (model));

    g_assert_true (hone_project_delete_field (fixture->project, fixture->fields[F_FLAG], &error));
    everything = g_strdup_printf ("(0,%u,%u)", now, now);
    assert_items_changed (log, everything);
  }
  g_assert_no_error (error);
}

static void
test_items_changed_descending (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = hone_example_model_new (fixture->project);
  g_autoptr(HoneExampleQuery) query = hone_example_query_new ();
  g_autoptr(ItemsLog) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 third;

  hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_ID, 0, TRUE);
  hone_example_model_set_query (model, query);
  log = items_log_new (model);

  /* Newest first: new examples come first */
  ids = hone_project_insert_examples (fixture->project, 3, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, NULL, 0, NULL, &error);
  assert_items_changed (log, "(0,0,3)");
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, g_array_index (ids, gint64, 2));
  assert_like_fresh (fixture, model);

  third = hone_example_model_get_id (model, 2);
  g_assert_true (hone_project_delete_examples (fixture->project, &third, 1, &error));
  assert_items_changed (log, "(2,1,0)");
  g_assert_true (hone_project_set_value (fixture->project, hone_example_model_get_id (model, 4),
                                         fixture->fields[F_NUM], "4", &error));
  assert_items_changed (log, "(4,1,1)");
  assert_like_fresh (fixture, model);
}

static void
test_items_changed_sorted (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = hone_example_model_new (fixture->project);
  g_autoptr(HoneExampleQuery) query = hone_example_query_new ();
  g_autoptr(ItemsLog) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *expected = NULL;
  guint n;
  gint64 first_id, at50;

  hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_FIELD, fixture->fields[F_TEXT], FALSE);
  hone_example_model_set_query (model, query);
  log = items_log_new (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));

  /* An edit that would sort elsewhere stays put until the query runs again */
  first_id = hone_example_model_get_id (model, 0);
  g_assert_true (hone_project_set_value (fixture->project, first_id, fixture->fields[F_TEXT], "zzzz", &error));
  assert_items_changed (log, "(0,1,1)");
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, first_id);

  /* New examples go to the end */
  ids = hone_project_insert_examples (fixture->project, 1, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED,
                                      &fixture->fields[F_TEXT], 1, (const char *[]) { "aaaa" }, &error);
  expected = g_strdup_printf ("(%u,0,1)", n);
  assert_items_changed (log, expected);
  g_assert_cmpint (hone_example_model_get_id (model, n), ==, g_array_index (ids, gint64, 0));

  at50 = hone_example_model_get_id (model, 50);
  g_assert_true (hone_project_delete_examples (fixture->project, &at50, 1, &error));
  assert_items_changed (log, "(50,1,0)");

  /* Running the query again puts everything in order: one reset */
  hone_example_model_reload (model);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("(0,%u,%u)", n, n);
  assert_items_changed (log, expected);
  load_rows (fixture);
  {
    g_autoptr(GArray) sorted = expected_ids (fixture, query);
    assert_model_is (model, sorted);
  }

  /* Deleting the sort field goes back to id order */
  g_assert_true (hone_project_delete_field (fixture->project, fixture->fields[F_TEXT], &error));
  g_assert_no_error (error);
  g_assert_cmpint (hone_example_query_get_sort (hone_example_model_get_query (model), NULL, NULL), ==, HONE_EXAMPLE_SORT_ID);
  assert_like_fresh (fixture, model);
}

/* A project where no example was ever deleted: the ids are a range */
static void
test_range (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "range.hone");
  g_autoptr(HoneExampleModel) model = NULL;
  g_autoptr(ItemsLog) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 id;

  g_assert_true (hone_project_begin (project, &error));
  for (guint i = 0; i < 1000; i++)
    hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, NULL, &error);
  g_assert_true (hone_project_commit (project, &error));
  g_assert_no_error (error);

  model = hone_example_model_new (project);
  log = items_log_new (model);
  g_assert_cmpint (hone_example_model_get_id (model, 999), ==, 1000);
  g_assert_cmpuint (hone_example_model_get_position (model, 500), ==, 499);

  /* The last and the first go; new ones come at the end */
  id = 1000;
  g_assert_true (hone_project_delete_examples (project, &id, 1, &error));
  id = 1;
  g_assert_true (hone_project_delete_examples (project, &id, 1, &error));
  ids = hone_project_insert_examples (project, 2, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, NULL, 0, NULL, &error);
  g_assert_no_error (error);
  /* SQLite hands out max + 1: 1000 again */
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 1000);
  assert_items_changed (log, "(999,1,0) (0,1,0) (998,0,2)");
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, 2);
  g_assert_cmpint (hone_example_model_get_id (model, 999), ==, 1001);

  /* One in the middle: a list from there on */
  id = 500;
  g_assert_true (hone_project_delete_examples (project, &id, 1, &error));
  assert_items_changed (log, "(498,1,0)");
  g_assert_cmpint (hone_example_model_get_id (model, 498), ==, 501);
  {
    g_autoptr(HoneExample) example = g_list_model_get_item (G_LIST_MODEL (model), 998);
    g_assert_cmpint (hone_example_get_id (example), ==, 1001);
  }

  g_clear_pointer (&log, items_log_free);
  g_clear_object (&model);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

/* Asynchronous queries ------------------------------------------------------------ */

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} AsyncResult;

static void
set_query_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->ok = hone_example_model_set_query_finish (HONE_EXAMPLE_MODEL (object), result, &r->error);
  r->done = TRUE;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = hone_example_model_new (fixture->project);
  g_autoptr(HoneExampleQuery) first = hone_example_query_new ();
  g_autoptr(HoneExampleQuery) second = hone_example_query_new ();
  g_autoptr(GArray) expected = NULL;
  AsyncResult r1 = { 0, }, r2 = { 0, };

  hone_example_query_set_sort (first, HONE_EXAMPLE_SORT_FIELD, fixture->fields[F_NUM], TRUE);
  hone_example_query_set_sort (second, HONE_EXAMPLE_SORT_FIELD, fixture->fields[F_TEXT], FALSE);
  hone_example_query_set_text (second, "apple", 0);

  /* A second query cancels the first */
  hone_example_model_set_query_async (model, first, NULL, set_query_cb, &r1);
  hone_example_model_set_query_async (model, second, NULL, set_query_cb, &r2);
  while (!r1.done || !r2.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (r1.ok);
  g_assert_error (r1.error, HONE_ERROR, HONE_ERROR_CANCELLED);
  g_clear_error (&r1.error);
  g_assert_true (r2.ok);
  g_assert_no_error (r2.error);

  g_assert_true (hone_example_query_equal (hone_example_model_get_query (model), second));
  expected = expected_ids (fixture, second);
  assert_model_is (model, expected);

  /* An edit while the worker runs makes it read again */
  {
    AsyncResult r3 = { 0, };
    gint64 id = hone_example_model_get_id (model, 0);

    hone_example_model_set_query_async (model, first, NULL, set_query_cb, &r3);
    g_assert_true (hone_project_delete_examples (fixture->project, &id, 1, NULL));
    while (!r3.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (r3.ok);
    load_rows (fixture);
    g_clear_pointer (&expected, g_array_unref);
    expected = expected_ids (fixture, first);
    assert_model_is (model, expected);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, n, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

  ADD ("/example-query/sort", N_ROWS, test_sort);
  ADD ("/example-query/filter/split", N_ROWS, test_filter_split);
  ADD ("/example-query/filter/text", N_ROWS, test_filter_text);
  ADD ("/example-query/find", N_ROWS, test_find);
  ADD ("/example-query/items-changed/by-id", N_ROWS, test_items_changed_by_id);
  ADD ("/example-query/items-changed/descending", N_ROWS, test_items_changed_descending);
  ADD ("/example-query/items-changed/sorted", N_ROWS, test_items_changed_sorted);
  g_test_add_func ("/example-query/range", test_range);
  ADD ("/example-query/async", N_ROWS, test_async);

#undef ADD

  return g_test_run ();
}
