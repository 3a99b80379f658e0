/* test-example-model.c: the lazy GListModel of examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "hone-core.h"

typedef struct {
  char        *dir;
  HoneProject *project;
  HoneField   *text;    /* short text */
  HoneField   *number;  /* number */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("hone-test-example-model-XXXXXX", &error);
  g_assert_no_error (error);

  path = g_build_filename (fixture->dir, "model.hone", NULL);
  file = g_file_new_for_path (path);
  fixture->project = hone_project_create (file, "Model test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->project);

  fixture->text = hone_project_add_field (fixture->project, "text",
                                          HONE_FIELD_KIND_SHORT_TEXT, "", NULL, &error);
  g_assert_no_error (error);
  fixture->number = hone_project_add_field (fixture->project, "number",
                                            HONE_FIELD_KIND_NUMBER, "", NULL, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  hone_project_close (fixture->project);
  g_assert_finalize_object (fixture->project);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Adds @n examples numbered from @first: text "example N", number N, split
 * cycling train, validation, excluded. */
static void
add_examples (Fixture *fixture,
              guint    first,
              guint    n)
{
  g_autoptr(GError) error = NULL;

  hone_project_begin (fixture->project, &error);
  g_assert_no_error (error);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *text = g_strdup_printf ("example %u", i);
      g_autofree char *number = g_strdup_printf ("%u", i);
      const char *values[] = { text, number, NULL };
      gint64 id;

      id = hone_project_add_example (fixture->project, i % HONE_N_SPLITS,
                                     HONE_EXAMPLE_SOURCE_TYPED, values, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
    }

  hone_project_commit (fixture->project, &error);
  g_assert_no_error (error);
}

static void
assert_example (Fixture     *fixture,
                HoneExample *example,
                guint        i)
{
  g_autofree char *text = g_strdup_printf ("example %u", i);
  g_autofree char *number = g_strdup_printf ("%u", i);

  g_assert_nonnull (example);
  g_assert_true (HONE_IS_EXAMPLE (example));
  /* Ids start at 1 in a fresh project and are handed out in order */
  g_assert_cmpint (hone_example_get_id (example), ==, (gint64) i + 1);
  g_assert_cmpint (hone_example_get_split (example), ==, (HoneSplit) (i % HONE_N_SPLITS));
  g_assert_cmpstr (hone_example_get_value (example, hone_field_get_id (fixture->text)), ==, text);
  g_assert_cmpstr (hone_example_get_value (example, hone_field_get_id (fixture->number)), ==, number);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = hone_example_model_new (fixture->project);

  g_assert_true (hone_example_model_get_project (model) == fixture->project);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == HONE_TYPE_EXAMPLE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, 0);
}

static void
test_count_and_items (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = NULL;
  GListModel *list;
  guint n;

  add_examples (fixture, 0, 600);
  model = hone_example_model_new (fixture->project);
  list = G_LIST_MODEL (model);

  n = g_list_model_get_n_items (list);
  g_assert_cmpuint (n, ==, 600);
  g_assert_cmpint (hone_project_count_examples (fixture->project, HONE_SPLIT_ANY, NULL), ==, n);

  /* The "n-items" property agrees */
  {
    guint prop_n = 0;

    g_object_get (model, "n-items", &prop_n, NULL);
    g_assert_cmpuint (prop_n, ==, 600);
  }

  /* Every item, across page boundaries */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HoneExample) example = g_list_model_get_item (list, i);
      assert_example (fixture, example, i);
    }

  g_assert_null (g_list_model_get_item (list, n));
  g_assert_null (g_list_model_get_item (list, G_MAXUINT));

  /* 600 examples are three pages of 256 */
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, 3);
}

static void
test_lazy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = NULL;
  g_autoptr(HoneExample) first = NULL;
  g_autoptr(HoneExample) last = NULL;
  GListModel *list;

  add_examples (fixture, 0, 2000);
  model = hone_example_model_new (fixture->project);
  list = G_LIST_MODEL (model);

  /* Counting reads no page */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2000);
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, 0);

  first = g_list_model_get_item (list, 0);
  assert_example (fixture, first, 0);
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, 1);

  last = g_list_model_get_item (list, 1999);
  assert_example (fixture, last, 1999);
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, 2);

  /* Cached pages are not read again, whatever item of them is asked for */
  for (guint i = 0; i < HONE_EXAMPLE_MODEL_PAGE_SIZE; i++)
    {
      g_autoptr(HoneExample) example = g_list_model_get_item (list, i);
      assert_example (fixture, example, i);
    }
  for (guint i = 1999 - (1999 % HONE_EXAMPLE_MODEL_PAGE_SIZE); i < 2000; i++)
    {
      g_autoptr(HoneExample) example = g_list_model_get_item (list, i);
      assert_example (fixture, example, i);
    }
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, 2);

  /* The page after the first one is a new read */
  {
    g_autoptr(HoneExample) example = g_list_model_get_item (list, HONE_EXAMPLE_MODEL_PAGE_SIZE);
    assert_example (fixture, example, HONE_EXAMPLE_MODEL_PAGE_SIZE);
  }
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, 3);
}

static void
test_eviction (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = NULL;
  GListModel *list;
  guint n_pages = 70;
  guint loads;

  /* More pages than the model keeps (64) */
  add_examples (fixture, 0, n_pages * HONE_EXAMPLE_MODEL_PAGE_SIZE);
  model = hone_example_model_new (fixture->project);
  list = G_LIST_MODEL (model);

  for (guint p = 0; p < n_pages; p++)
    {
      g_autoptr(HoneExample) example = g_list_model_get_item (list, p * HONE_EXAMPLE_MODEL_PAGE_SIZE);
      assert_example (fixture, example, p * HONE_EXAMPLE_MODEL_PAGE_SIZE);
    }
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, n_pages);

  /* The most recently used page is still there… */
  {
    g_autoptr(HoneExample) example = g_list_model_get_item (list, (n_pages - 1) * HONE_EXAMPLE_MODEL_PAGE_SIZE + 1);
    assert_example (fixture, example, (n_pages - 1) * HONE_EXAMPLE_MODEL_PAGE_SIZE + 1);
  }
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, n_pages);

  /* …the least recently used one was dropped and is read again */
  {
    g_autoptr(HoneExample) example = g_list_model_get_item (list, 1);
    assert_example (fixture, example, 1);
  }
  loads = hone_example_model_get_n_page_loads (model);
  g_assert_cmpuint (loads, ==, n_pages + 1);

  /* A page touched recently survives the eviction of others: page 0 was just
   * reloaded and is the newest; reading it again costs nothing */
  {
    g_autoptr(HoneExample) example = g_list_model_get_item (list, 2);
    assert_example (fixture, example, 2);
  }
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, loads);
}

typedef struct {
  guint n_emissions;
  guint position;
  guint removed;
  guint added;
  guint n_items_seen;  /* n_items of the model during the emission */
} ItemsChanged;

static void
items_changed_cb (GListModel   *list,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->n_emissions++;
  record->position = position;
  record->removed = removed;
  record->added = added;
  record->n_items_seen = g_list_model_get_n_items (list);
}

static void
test_reload (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = NULL;
  ItemsChanged record = { 0, };
  GListModel *list;

  add_examples (fixture, 0, 300);
  model = hone_example_model_new (fixture->project);
  list = G_LIST_MODEL (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &record);

  {
    g_autoptr(HoneExample) example = g_list_model_get_item (list, 299);
    assert_example (fixture, example, 299);
  }
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, 1);

  add_examples (fixture, 300, 50);
  /* Nothing changes before a reload */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 300);
  g_assert_cmpuint (record.n_emissions, ==, 0);

  hone_example_model_reload (model);
  g_assert_cmpuint (record.n_emissions, ==, 1);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 300);
  g_assert_cmpuint (record.added, ==, 350);
  g_assert_cmpuint (record.n_items_seen, ==, 350);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 350);

  /* The cache was dropped: the page of the new items is read afresh */
  {
    g_autoptr(HoneExample) example = g_list_model_get_item (list, 349);
    assert_example (fixture, example, 349);
  }
  g_assert_cmpuint (hone_example_model_get_n_page_loads (model), ==, 2);

  for (guint i = 0; i < 350; i++)
    {
      g_autoptr(HoneExample) example = g_list_model_get_item (list, i);
      assert_example (fixture, example, i);
    }
}

static void
test_reload_empty (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = hone_example_model_new (fixture->project);
  ItemsChanged record = { 0, };

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &record);

  /* Nothing to tell when nothing changed */
  hone_example_model_reload (model);
  g_assert_cmpuint (record.n_emissions, ==, 0);

  add_examples (fixture, 0, 3);
  hone_example_model_reload (model);
  g_assert_cmpuint (record.n_emissions, ==, 1);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 0);
  g_assert_cmpuint (record.added, ==, 3);
}

static void
test_closed_project (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HoneExampleModel) model = NULL;
  g_autoptr(HoneExample) example = NULL;

  add_examples (fixture, 0, 10);
  model = hone_example_model_new (fixture->project);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);

  /* A project that can no longer be read still answers for every position
   * below n_items, with an empty example */
  hone_project_close (fixture->project);
  example = g_list_model_get_item (G_LIST_MODEL (model), 4);
  g_assert_nonnull (example);
  g_assert_cmpint (hone_example_get_id (example), ==, 0);
  g_assert_null (hone_example_get_value (example, hone_field_get_id (fixture->text)));

  /* A reload finds nothing */
  hone_example_model_reload (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

static void
test_model_keeps_project (Fixture       *fixture,
                          gconstpointer  data)
{
  HoneExampleModel *model = hone_example_model_new (fixture->project);

  /* The model holds a reference to its project and drops it when it goes;
   * the tear-down then checks the project is finalized */
  g_assert_finalize_object (model);
  g_assert_true (HONE_IS_PROJECT (fixture->project));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/example-model/empty", test_empty);
  ADD ("/example-model/count-and-items", test_count_and_items);
  ADD ("/example-model/lazy", test_lazy);
  ADD ("/example-model/eviction", test_eviction);
  ADD ("/example-model/reload", test_reload);
  ADD ("/example-model/reload-empty", test_reload_empty);
  ADD ("/example-model/closed-project", test_closed_project);
  ADD ("/example-model/keeps-project", test_model_keeps_project);

#undef ADD

  return g_test_run ();
}
