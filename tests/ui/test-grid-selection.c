/* test-grid-selection.c: HoneGridSelection, the grid's selection model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

#include "hone-grid-selection.h"

/* A list whose items count how often they were asked for */
static guint n_get_item;

#define TEST_TYPE_LIST (test_list_get_type ())
G_DECLARE_FINAL_TYPE (TestList, test_list, TEST, LIST, GObject)

struct _TestList
{
  GObject parent_instance;
  guint   n;
};

static GType
test_list_get_item_type (GListModel *list)
{
  return G_TYPE_OBJECT;
}

static guint
test_list_get_n_items (GListModel *list)
{
  return TEST_LIST (list)->n;
}

static gpointer
test_list_get_item (GListModel *list,
                    guint       position)
{
  n_get_item++;
  return position < TEST_LIST (list)->n ? g_object_new (G_TYPE_OBJECT, NULL) : NULL;
}

static void
test_list_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = test_list_get_item_type;
  iface->get_n_items = test_list_get_n_items;
  iface->get_item = test_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestList, test_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, test_list_iface_init))

static void test_list_class_init (TestListClass *klass) { }
static void test_list_init (TestList *self) { }

static void
test_list_change (TestList *self,
                  guint     position,
                  guint     removed,
                  guint     added)
{
  self->n = self->n - removed + added;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* The selection as "0,2,5" */
static char *
describe (GtkSelectionModel *model)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (model);
  GString *out = g_string_new (NULL);
  GtkBitsetIter iter;
  guint p;

  if (gtk_bitset_iter_init_first (&iter, set, &p))
    do
      g_string_append_printf (out, "%s%u", out->len > 0 ? "," : "", p);
    while (gtk_bitset_iter_next (&iter, &p));
  return g_string_free (out, FALSE);
}

static void
changed_cb (GtkSelectionModel *model,
            guint              position,
            guint              n_items,
            GString           *log)
{
  g_string_append_printf (log, "(%u,%u)", position, n_items);
}

#define ASSERT_SELECTION(model, expected) \
  G_STMT_START { \
    g_autofree char *got_ = describe (GTK_SELECTION_MODEL (model)); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
test_select (void)
{
  g_autoptr(TestList) list = g_object_new (TEST_TYPE_LIST, NULL);
  g_autoptr(HoneGridSelection) selection = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  GtkSelectionModel *model;

  list->n = 10;
  selection = hone_grid_selection_new (G_LIST_MODEL (list));
  model = GTK_SELECTION_MODEL (selection);
  g_signal_connect (model, "selection-changed", G_CALLBACK (changed_cb), log);
  g_assert_true (hone_grid_selection_get_model (selection) == G_LIST_MODEL (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 10);

  ASSERT_SELECTION (model, "");
  g_assert_true (gtk_selection_model_select_item (model, 2, FALSE));
  g_assert_true (gtk_selection_model_select_item (model, 5, FALSE));
  ASSERT_SELECTION (model, "2,5");
  g_assert_true (gtk_selection_model_is_selected (model, 5));
  g_assert_false (gtk_selection_model_is_selected (model, 4));
  /* Selecting again changes nothing and says nothing */
  g_string_truncate (log, 0);
  gtk_selection_model_select_item (model, 5, FALSE);
  g_assert_cmpstr (log->str, ==, "");
  /* Unselecting one that is not selected leaves the rest */
  gtk_selection_model_unselect_item (model, 7);
  ASSERT_SELECTION (model, "2,5");
  gtk_selection_model_unselect_item (model, 2);
  ASSERT_SELECTION (model, "5");
  g_assert_cmpstr (log->str, ==, "(2,1)");

  /* Only that one */
  g_string_truncate (log, 0);
  gtk_selection_model_select_item (model, 8, TRUE);
  ASSERT_SELECTION (model, "8");
  g_assert_cmpstr (log->str, ==, "(5,4)");
  gtk_selection_model_select_range (model, 1, 3, FALSE);
  ASSERT_SELECTION (model, "1,2,3,8");
  gtk_selection_model_unselect_range (model, 2, 7);
  ASSERT_SELECTION (model, "1");

  gtk_selection_model_select_all (model);
  ASSERT_SELECTION (model, "0,1,2,3,4,5,6,7,8,9");
  gtk_selection_model_unselect_all (model);
  ASSERT_SELECTION (model, "");

  /* Never past the items */
  gtk_selection_model_select_range (model, 8, 5, FALSE);
  ASSERT_SELECTION (model, "8,9");

  /* No item was asked for */
  g_assert_cmpuint (n_get_item, ==, 0);
}

static void
test_follow_model (void)
{
  g_autoptr(TestList) list = g_object_new (TEST_TYPE_LIST, NULL);
  g_autoptr(HoneGridSelection) selection = NULL;
  GtkSelectionModel *model;

  list->n = 10;
  selection = hone_grid_selection_new (G_LIST_MODEL (list));
  model = GTK_SELECTION_MODEL (selection);
  gtk_selection_model_select_item (model, 2, FALSE);
  gtk_selection_model_select_item (model, 5, FALSE);
  gtk_selection_model_select_item (model, 6, FALSE);

  /* Edited in place: kept */
  test_list_change (list, 5, 1, 1);
  ASSERT_SELECTION (model, "2,5,6");
  test_list_change (list, 2, 5, 5);
  ASSERT_SELECTION (model, "2,5,6");

  /* Removed: gone, the later ones move up */
  test_list_change (list, 5, 1, 0);
  ASSERT_SELECTION (model, "2,5");
  /* Inserted: the later ones move down */
  test_list_change (list, 0, 0, 3);
  ASSERT_SELECTION (model, "5,8");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 12);

  g_assert_cmpuint (n_get_item, ==, 0);
}

/* A million rows selected and changed in a few bitset operations */
static void
test_million (void)
{
  g_autoptr(TestList) list = g_object_new (TEST_TYPE_LIST, NULL);
  g_autoptr(HoneGridSelection) selection = NULL;
  g_autoptr(GtkBitset) set = NULL;
  GtkSelectionModel *model;

  list->n = 1000000;
  selection = hone_grid_selection_new (G_LIST_MODEL (list));
  model = GTK_SELECTION_MODEL (selection);
  gtk_selection_model_select_all (model);
  gtk_selection_model_unselect_item (model, 500000);
  test_list_change (list, 0, 10, 0);
  set = gtk_selection_model_get_selection (model);
  g_assert_cmpuint (gtk_bitset_get_size (set), ==, 1000000 - 11);
  g_assert_false (gtk_bitset_contains (set, 499990));
  g_assert_true (gtk_bitset_contains (set, 499991));
  g_assert_cmpuint (n_get_item, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/grid-selection/select", test_select);
  g_test_add_func ("/grid-selection/follow-model", test_follow_model);
  g_test_add_func ("/grid-selection/million", test_million);

  return g_test_run ();
}
