/* hone-example-model.c: a GListModel of a project's examples, loaded lazily
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-example-model.h"
#include "hone-example-query-private.h"
#include "hone-project-private.h"

/* At most this many pages stay in memory (16,384 examples with pages of
 * 256); the least recently used page goes first. */
#define MAX_CACHED_PAGES 64

/* Removals and insertions in more separate runs than this are announced as
 * one change from the first of them to the end; changes in more runs than
 * MAX_CHANGED_RUNS as one change over the range they span. */
#define MAX_RUNS         16
#define MAX_CHANGED_RUNS 64

typedef struct {
  guint      index;     /* page number: first position is index * PAGE_SIZE */
  GPtrArray *examples;  /* HoneExample, or NULL where the example is gone */
  GList      link;      /* in HoneExampleModel.lru, data = this page */
} Page;

/* Which id is at which position: a plain array, or (when it would only hold
 * a run of consecutive ids, as in a project where nothing was ever deleted)
 * first + step × position without any array */
typedef struct {
  GArray *ids;    /* gint64, or NULL for a range */
  gint64  first;
  gint64  step;   /* 1 or -1 */
  guint   n;
} IdList;

struct _HoneExampleModel
{
  GObject           parent_instance;

  HoneProject      *project;
  HoneExampleQuery *query;

  IdList            list;
  /* the ids are in id order, ascending or descending */
  gboolean          sorted_by_id;
  gboolean          descending;

  GHashTable       *pages;       /* page index → Page*, owns the pages */
  GQueue            lru;         /* Page links, most recently used first */
  guint             n_page_loads;

  /* Find: the ids (sorted) of the examples that contain find_text */
  char             *find_text;
  gint64            find_field_id;
  guint64           find_serial;
  GArray           *find_matches;

  GCancellable     *query_cancellable;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HoneExampleModel, hone_example_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_QUERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Id lists ------------------------------------------------------------------ */

static void
id_list_clear (IdList *list)
{
  g_clear_pointer (&list->ids, g_array_unref);
  list->first = 0;
  list->step = 1;
  list->n = 0;
}

static inline gint64
id_at (HoneExampleModel *self,
       guint             position)
{
  if (self->list.ids != NULL)
    return g_array_index (self->list.ids, gint64, position);
  return self->list.first + self->list.step * (gint64) position;
}

/* Turns a range into an array before it is edited in the middle */
static void
materialize (HoneExampleModel *self)
{
  if (self->list.ids != NULL)
    return;

  self->list.ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->list.n);
  g_array_set_size (self->list.ids, self->list.n);
  for (guint p = 0; p < self->list.n; p++)
    g_array_index (self->list.ids, gint64, p) = self->list.first + self->list.step * (gint64) p;
}

/* Computes the ids of @query on @db (the project's connection, or a worker
 * thread's own) */
static gboolean
compute_id_list (sqlite3                 *db,
                 const HoneExampleQuery  *query,
                 GCancellable            *cancellable,
                 IdList                  *list,
                 GError                 **error)
{
  gboolean descending;
  GArray *ids;

  id_list_clear (list);

  if (hone_example_query_is_unfiltered (query) &&
      hone_example_query_get_sort (query, NULL, &descending) == HONE_EXAMPLE_SORT_ID)
    {
      /* Every example by id: a count (it reads the small split index) and
       * the first and last ids (one b-tree descent each) say whether the
       * ids are a plain range. Asked in one statement, they would make
       * SQLite read the whole table. */
      gint64 n, min, max;

      n = hone_store_query_int (db, "SELECT count(*) FROM examples", error);
      if (n < 0)
        return FALSE;
      min = hone_store_query_int (db, "SELECT coalesce (min(id), 0) FROM examples", error);
      max = min < 0 ? -1 : hone_store_query_int (db, "SELECT coalesce (max(id), 0) FROM examples", error);
      if (min < 0 || max < 0)
        return FALSE;

      if (n == 0 || (n <= G_MAXUINT && max - min + 1 == n))
        {
          list->n = (guint) n;
          list->first = descending ? max : min;
          list->step = descending ? -1 : 1;
          return TRUE;
        }
    }

  ids = hone_example_query_run (query, db, cancellable, error);
  if (ids == NULL)
    return FALSE;

  list->ids = ids;
  list->n = MIN (ids->len, G_MAXUINT - 1);
  return TRUE;
}

/* Pages --------------------------------------------------------------------- */

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->examples);
  g_free (page);
}

static void
drop_pages (HoneExampleModel *self)
{
  /* The links live inside the pages: empty the queue before freeing them */
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
}

static void
drop_page (HoneExampleModel *self,
           guint             index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page == NULL)
    return;
  g_queue_unlink (&self->lru, &page->link);
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (index));
}

/* Drops the pages holding @position and everything after it */
static void
drop_pages_from (HoneExampleModel *self,
                 guint             position)
{
  guint first = position / HONE_EXAMPLE_MODEL_PAGE_SIZE;
  g_autoptr(GArray) victims = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (GPOINTER_TO_UINT (key) >= first)
      {
        guint index = GPOINTER_TO_UINT (key);
        g_array_append_val (victims, index);
      }

  for (guint i = 0; i < victims->len; i++)
    drop_page (self, g_array_index (victims, guint, i));
}

static Page *
load_page (HoneExampleModel *self,
           guint             index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autofree gint64 *ids = NULL;
  guint start = index * HONE_EXAMPLE_MODEL_PAGE_SIZE;
  guint end = MIN (start + HONE_EXAMPLE_MODEL_PAGE_SIZE, self->list.n);
  Page *page;
  guint j = 0;

  ids = g_new (gint64, end - start + 1);
  for (guint p = start; p < end; p++)
    ids[p - start] = id_at (self, p);

  loaded = hone_project_load_examples_by_id (self->project, ids, end - start, &error);
  if (loaded == NULL)
    {
      g_debug ("Could not load examples %u–%u: %s", start, end - 1, error->message);
      return NULL;
    }

  self->n_page_loads++;

  page = g_new0 (Page, 1);
  page->index = index;
  page->examples = g_ptr_array_new_full (end - start, g_object_unref);
  page->link.data = page;

  /* The examples come in the order asked for, without those that are gone */
  g_ptr_array_set_free_func (loaded, NULL);
  for (guint p = 0; p < end - start; p++)
    {
      HoneExample *example = j < loaded->len ? g_ptr_array_index (loaded, j) : NULL;

      if (example != NULL && hone_example_get_id (example) == ids[p])
        {
          g_ptr_array_add (page->examples, example);
          j++;
        }
      else
        g_ptr_array_add (page->examples, NULL);
    }
  for (; j < loaded->len; j++)
    g_object_unref (g_ptr_array_index (loaded, j));

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);

  while (g_queue_get_length (&self->lru) > MAX_CACHED_PAGES)
    {
      GList *oldest = g_queue_pop_tail_link (&self->lru);
      Page *victim = oldest->data;

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (victim->index));
    }

  return page;
}

/* GListModel ---------------------------------------------------------------- */

static GType
hone_example_model_get_item_type (GListModel *model)
{
  return HONE_TYPE_EXAMPLE;
}

static guint
hone_example_model_get_n_items (GListModel *model)
{
  return HONE_EXAMPLE_MODEL (model)->list.n;
}

static gpointer
hone_example_model_get_item (GListModel *model,
                             guint       position)
{
  HoneExampleModel *self = HONE_EXAMPLE_MODEL (model);
  guint index = position / HONE_EXAMPLE_MODEL_PAGE_SIZE;
  guint offset = position % HONE_EXAMPLE_MODEL_PAGE_SIZE;
  Page *page;

  if (position >= self->list.n)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page != NULL)
    {
      if (self->lru.head != &page->link)
        {
          g_queue_unlink (&self->lru, &page->link);
          g_queue_push_head_link (&self->lru, &page->link);
        }
    }
  else
    page = load_page (self, index);

  if (page != NULL && offset < page->examples->len && g_ptr_array_index (page->examples, offset) != NULL)
    return g_object_ref (g_ptr_array_index (page->examples, offset));

  /* The project could not be read, or it lost examples since the ids were
   * read: a GListModel must still return an item for every position below
   * n_items. An empty example with id 0 stands in until the next reload. */
  g_debug ("No example at position %u; returning an empty one", position);
  return hone_example_new (0, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, 0, 0);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hone_example_model_get_item_type;
  iface->get_n_items = hone_example_model_get_n_items;
  iface->get_item = hone_example_model_get_item;
}

/* Replacing everything -------------------------------------------------------- */

/* Takes @list */
static void
replace_list (HoneExampleModel *self,
              IdList           *list)
{
  guint old_n = self->list.n;

  drop_pages (self);
  id_list_clear (&self->list);
  self->list = *list;
  *list = (IdList) { NULL, 0, 1, 0 };
  self->sorted_by_id = hone_example_query_get_sort (self->query, NULL, &self->descending) == HONE_EXAMPLE_SORT_ID;

  if (old_n == 0 && self->list.n == 0)
    return;

  /* Every cached example may have changed, so all positions are replaced */
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->list.n);
  if (old_n != self->list.n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
requery (HoneExampleModel *self)
{
  g_autoptr(GError) error = NULL;
  IdList list = { NULL, 0, 1, 0 };
  sqlite3 *db = hone_project_get_db (self->project);

  if (db == NULL ||
      !compute_id_list (db, self->query, NULL, &list, &error))
    {
      g_debug ("Could not read the examples of a project: %s",
               error != NULL ? error->message : "it is closed");
      id_list_clear (&list);
    }

  replace_list (self, &list);
}

/* Following the project's edits ---------------------------------------------- */

/* Is @id in @sorted (ascending)? */
static gboolean
sorted_contains (GArray *sorted,
                 gint64  id)
{
  guint lo = 0, hi = sorted->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 v = g_array_index (sorted, gint64, mid);

      if (v == id)
        return TRUE;
      if (v < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return FALSE;
}

/* In an id-sorted list: the first position whose id is not before @id in
 * the list's order */
static guint
lower_bound (HoneExampleModel *self,
             gint64            id)
{
  guint lo = 0, hi = self->list.n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 v = id_at (self, mid);

      if (self->descending ? v > id : v < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The positions (ascending) of the examples @ids (ascending) */
static GArray *
find_positions (HoneExampleModel *self,
                GArray           *ids)
{
  GArray *positions = g_array_new (FALSE, FALSE, sizeof (guint));

  if (self->sorted_by_id || self->list.ids == NULL)
    {
      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);
          guint p = lower_bound (self, id);

          if (p < self->list.n && id_at (self, p) == id)
            g_array_append_val (positions, p);
        }
      if (positions->len > 1 && g_array_index (positions, guint, 0) > g_array_index (positions, guint, 1))
        {
          /* Descending ids: positions came in reverse */
          for (guint i = 0; i < positions->len / 2; i++)
            {
              guint t = g_array_index (positions, guint, i);
              g_array_index (positions, guint, i) = g_array_index (positions, guint, positions->len - 1 - i);
              g_array_index (positions, guint, positions->len - 1 - i) = t;
            }
        }
    }
  else
    {
      /* One pass over the list */
      for (guint p = 0; p < self->list.n; p++)
        if (sorted_contains (ids, g_array_index (self->list.ids, gint64, p)))
          g_array_append_val (positions, p);
    }

  return positions;
}

typedef struct {
  guint start;
  guint length;
} Run;

static GArray *
runs_of (GArray *positions)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (Run));

  for (guint i = 0; i < positions->len; i++)
    {
      guint p = g_array_index (positions, guint, i);
      Run *last = runs->len > 0 ? &g_array_index (runs, Run, runs->len - 1) : NULL;

      if (last != NULL && last->start + last->length == p)
        last->length++;
      else
        {
          Run run = { p, 1 };
          g_array_append_val (runs, run);
        }
    }

  return runs;
}

static void
examples_removed_cb (HoneExampleModel *self,
                     GArray           *ids,
                     HoneProject      *project)
{
  g_autoptr(GArray) positions = find_positions (self, ids);
  g_autoptr(GArray) runs = NULL;
  guint old_n = self->list.n;

  if (positions->len == 0)
    return;

  runs = runs_of (positions);

  /* A range that loses its end or its start stays a range */
  if (self->list.ids == NULL && runs->len == 1)
    {
      Run *run = &g_array_index (runs, Run, 0);

      if (run->start + run->length == self->list.n || run->start == 0)
        {
          if (run->start == 0)
            self->list.first += self->list.step * run->length;
          self->list.n -= run->length;
          drop_pages_from (self, run->start);
          g_list_model_items_changed (G_LIST_MODEL (self), run->start, run->length, 0);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
          return;
        }
    }

  materialize (self);

  if (runs->len <= MAX_RUNS)
    {
      /* Last run first, so that the positions of the others stay right */
      for (guint i = runs->len; i > 0; i--)
        {
          Run *run = &g_array_index (runs, Run, i - 1);

          g_array_remove_range (self->list.ids, run->start, run->length);
          self->list.n -= run->length;
          drop_pages_from (self, run->start);
          g_list_model_items_changed (G_LIST_MODEL (self), run->start, run->length, 0);
        }
    }
  else
    {
      guint first = g_array_index (positions, guint, 0);
      guint j = first, k = 0;

      for (guint p = first; p < old_n; p++)
        {
          if (k < positions->len && g_array_index (positions, guint, k) == p)
            k++;
          else
            g_array_index (self->list.ids, gint64, j++) = g_array_index (self->list.ids, gint64, p);
        }
      g_array_set_size (self->list.ids, j);
      self->list.n = j;
      drop_pages_from (self, first);
      g_list_model_items_changed (G_LIST_MODEL (self), first, old_n - first, self->list.n - first);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
examples_inserted_cb (HoneExampleModel *self,
                      GArray           *ids,
                      HoneProject      *project)
{
  g_autoptr(GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (guint), ids->len);
  gboolean descending = FALSE;
  guint old_n = self->list.n;
  guint n_runs = 0;

  if (ids->len == 0 || self->list.n > G_MAXUINT - 1 - ids->len)
    return;

  hone_example_query_get_sort (self->query, NULL, &descending);

  /* A range that grows at its end (or at its start, descending) stays one */
  if (self->list.ids == NULL && self->sorted_by_id)
    {
      gint64 lo = g_array_index (ids, gint64, 0);
      gint64 hi = g_array_index (ids, gint64, ids->len - 1);
      gboolean consecutive = hi - lo + 1 == (gint64) ids->len;

      if (consecutive && self->list.n == 0)
        {
          self->list.first = descending ? hi : lo;
          self->list.n = ids->len;
          g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, ids->len);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
          return;
        }
      if (consecutive && !descending && lo == self->list.first + (gint64) self->list.n)
        {
          self->list.n += ids->len;
          drop_pages_from (self, old_n);
          g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, ids->len);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
          return;
        }
      if (consecutive && descending && lo == self->list.first + 1)
        {
          self->list.first = hi;
          self->list.n += ids->len;
          drop_pages_from (self, 0);
          g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, ids->len);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
          return;
        }
    }

  materialize (self);

  /* Where each goes: its place in id order, or the end */
  if (self->sorted_by_id)
    {
      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, descending ? ids->len - 1 - i : i);
          guint p = lower_bound (self, id);

          g_array_append_val (points, p);
        }
    }
  else
    {
      for (guint i = 0; i < ids->len; i++)
        g_array_append_val (points, old_n);
    }

  /* points is ascending and in the list's order */
  for (guint i = 0; i < points->len; i++)
    if (i == 0 || g_array_index (points, guint, i) != g_array_index (points, guint, i - 1))
      n_runs++;

  if (n_runs <= MAX_RUNS)
    {
      /* Last insertion point first: the earlier points stay right */
      guint end = points->len;

      while (end > 0)
        {
          guint point = g_array_index (points, guint, end - 1);
          guint begin = end - 1;

          while (begin > 0 && g_array_index (points, guint, begin - 1) == point)
            begin--;

          {
            g_autofree gint64 *block = g_new (gint64, end - begin);

            for (guint i = begin; i < end; i++)
              block[i - begin] = g_array_index (ids, gint64, descending && self->sorted_by_id ? ids->len - 1 - i : i);
            g_array_insert_vals (self->list.ids, point, block, end - begin);
          }
          self->list.n += end - begin;
          drop_pages_from (self, point);
          g_list_model_items_changed (G_LIST_MODEL (self), point, 0, end - begin);
          end = begin;
        }
    }
  else
    {
      /* Merge in one pass and announce everything from the first point */
      g_autoptr(GArray) merged = g_array_sized_new (FALSE, FALSE, sizeof (gint64), old_n + ids->len);
      guint first = g_array_index (points, guint, 0);
      guint k = 0;

      for (guint p = 0; p <= old_n; p++)
        {
          while (k < points->len && g_array_index (points, guint, k) == p)
            {
              gint64 id = g_array_index (ids, gint64, descending && self->sorted_by_id ? ids->len - 1 - k : k);
              g_array_append_val (merged, id);
              k++;
            }
          if (p < old_n)
            g_array_append_val (merged, g_array_index (self->list.ids, gint64, p));
        }

      g_array_unref (self->list.ids);
      self->list.ids = g_steal_pointer (&merged);
      self->list.n = self->list.ids->len;
      drop_pages_from (self, first);
      g_list_model_items_changed (G_LIST_MODEL (self), first, old_n - first, self->list.n - first);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
examples_changed_cb (HoneExampleModel *self,
                     GArray           *ids,
                     HoneProject      *project)
{
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GArray) runs = NULL;

  if (ids == NULL)
    {
      drop_pages (self);
      if (self->list.n > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, self->list.n, self->list.n);
      return;
    }

  positions = find_positions (self, ids);
  if (positions->len == 0)
    return;

  runs = runs_of (positions);
  for (guint i = 0; i < runs->len; i++)
    {
      Run *run = &g_array_index (runs, Run, i);

      for (guint index = run->start / HONE_EXAMPLE_MODEL_PAGE_SIZE;
           index <= (run->start + run->length - 1) / HONE_EXAMPLE_MODEL_PAGE_SIZE;
           index++)
        drop_page (self, index);
    }

  if (runs->len <= MAX_CHANGED_RUNS)
    {
      for (guint i = 0; i < runs->len; i++)
        {
          Run *run = &g_array_index (runs, Run, i);
          g_list_model_items_changed (G_LIST_MODEL (self), run->start, run->length, run->length);
        }
    }
  else
    {
      guint first = g_array_index (positions, guint, 0);
      guint last = g_array_index (positions, guint, positions->len - 1);

      g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1, last - first + 1);
    }
}

static void
fields_changed_cb (HoneExampleModel *self,
                   guint             position,
                   guint             removed,
                   guint             added,
                   GListModel       *fields)
{
  g_autoptr(HoneExampleQuery) query = NULL;
  gint64 sort_field_id = 0, text_field_id = 0;
  gboolean descending;
  const char *text;

  /* A query about a field that is gone falls back to what is left */
  query = hone_example_query_copy (self->query);
  if (hone_example_query_get_sort (query, &sort_field_id, &descending) == HONE_EXAMPLE_SORT_FIELD &&
      hone_project_get_field_by_id (self->project, sort_field_id) == NULL)
    hone_example_query_set_sort (query, HONE_EXAMPLE_SORT_ID, 0, descending);
  text = hone_example_query_get_text (query, &text_field_id);
  if (text != NULL && text_field_id != 0 &&
      hone_project_get_field_by_id (self->project, text_field_id) == NULL)
    hone_example_query_set_text (query, NULL, 0);

  if (!hone_example_query_equal (query, self->query))
    hone_example_model_set_query (self, query);
}

/* GObject ------------------------------------------------------------------- */

static void
hone_example_model_constructed (GObject *object)
{
  HoneExampleModel *self = HONE_EXAMPLE_MODEL (object);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  G_OBJECT_CLASS (hone_example_model_parent_class)->constructed (object);

  g_assert (self->project != NULL);

  self->query = hone_example_query_new ();
  self->sorted_by_id = TRUE;

  db = hone_project_get_db (self->project);
  if (db == NULL || !compute_id_list (db, self->query, NULL, &self->list, &error))
    {
      g_debug ("Could not read the examples of a project: %s",
               error != NULL ? error->message : "it is closed");
      id_list_clear (&self->list);
    }

  g_signal_connect_object (self->project, "examples-inserted",
                           G_CALLBACK (examples_inserted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "examples-removed",
                           G_CALLBACK (examples_removed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "examples-changed",
                           G_CALLBACK (examples_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (hone_project_get_fields (self->project), "items-changed",
                           G_CALLBACK (fields_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
hone_example_model_dispose (GObject *object)
{
  HoneExampleModel *self = HONE_EXAMPLE_MODEL (object);

  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);

  G_OBJECT_CLASS (hone_example_model_parent_class)->dispose (object);
}

static void
hone_example_model_finalize (GObject *object)
{
  HoneExampleModel *self = HONE_EXAMPLE_MODEL (object);

  drop_pages (self);
  g_hash_table_unref (self->pages);
  id_list_clear (&self->list);
  g_clear_pointer (&self->query, hone_example_query_free);
  g_clear_pointer (&self->find_text, g_free);
  g_clear_pointer (&self->find_matches, g_array_unref);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (hone_example_model_parent_class)->finalize (object);
}

static void
hone_example_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HoneExampleModel *self = HONE_EXAMPLE_MODEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, HONE_TYPE_EXAMPLE);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->list.n);
      break;
    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_example_model_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HoneExampleModel *self = HONE_EXAMPLE_MODEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      if (g_value_get_boxed (value) != NULL)
        hone_example_model_set_query (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_example_model_class_init (HoneExampleModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hone_example_model_constructed;
  object_class->dispose = hone_example_model_dispose;
  object_class->finalize = hone_example_model_finalize;
  object_class->get_property = hone_example_model_get_property;
  object_class->set_property = hone_example_model_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         HONE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL,
                        HONE_TYPE_EXAMPLE_QUERY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hone_example_model_init (HoneExampleModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
  self->list.step = 1;
}

/* API ------------------------------------------------------------------------- */

HoneExampleModel *
hone_example_model_new (HoneProject *project)
{
  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);

  return g_object_new (HONE_TYPE_EXAMPLE_MODEL,
                       "project", project,
                       NULL);
}

HoneProject *
hone_example_model_get_project (HoneExampleModel *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLE_MODEL (self), NULL);

  return self->project;
}

const HoneExampleQuery *
hone_example_model_get_query (HoneExampleModel *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLE_MODEL (self), NULL);

  return self->query;
}

static void
set_query_only (HoneExampleModel       *self,
                const HoneExampleQuery *query)
{
  gboolean same = hone_example_query_equal (query, self->query);

  if (!same)
    {
      hone_example_query_free (self->query);
      self->query = hone_example_query_copy (query);
    }
  if (!same)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

void
hone_example_model_set_query (HoneExampleModel       *self,
                              const HoneExampleQuery *query)
{
  g_return_if_fail (HONE_IS_EXAMPLE_MODEL (self));
  g_return_if_fail (query != NULL);

  /* A pending asynchronous query would overwrite this one */
  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);

  hone_example_query_free (self->query);
  self->query = hone_example_query_copy (query);
  requery (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

/* Asynchronous queries ---------------------------------------------------------- */

typedef struct {
  HoneExampleQuery *query;
  char             *path;
  guint64           serial;   /* of the project when the worker started */
  IdList            list;
  GTask            *outer;    /* the caller's task */
} QueryData;

static void
query_data_free (gpointer data)
{
  QueryData *qd = data;

  hone_example_query_free (qd->query);
  g_free (qd->path);
  id_list_clear (&qd->list);
  g_free (qd);
}

static void
query_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *qd = task_data;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  gboolean ok;

  /* Its own connection: a worker never touches the project's */
  db = hone_store_open_db (qd->path, HONE_STORE_OPEN_READ_ONLY, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  hone_example_query_register_functions (db);

  ok = compute_id_list (db, qd->query, cancellable, &qd->list, &error);
  sqlite3_close_v2 (db);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void start_worker (HoneExampleModel *self,
                          GTask            *outer);

static void
worker_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HoneExampleModel *self = HONE_EXAMPLE_MODEL (object);
  g_autoptr(GTask) outer = user_data;
  GTask *inner = G_TASK (result);
  QueryData *qd = g_task_get_task_data (inner);
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (outer))
    return;

  if (!g_task_propagate_boolean (inner, &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  /* The project changed while the worker read it: the ids may be stale */
  if (qd->serial != hone_project_get_serial (self->project))
    {
      start_worker (self, g_steal_pointer (&outer));
      return;
    }

  set_query_only (self, qd->query);
  replace_list (self, &qd->list);
  g_task_return_boolean (outer, TRUE);
}

static void
start_worker (HoneExampleModel *self,
              GTask            *outer)
{
  g_autoptr(GTask) inner = NULL;
  const char *path = hone_project_get_path (self->project);
  QueryData *qd;

  if (hone_project_get_db (self->project) == NULL || path == NULL)
    {
      g_task_return_new_error (outer, HONE_ERROR, HONE_ERROR_FAILED,
                               _("The project “%s” is closed."),
                               hone_project_get_display_name (self->project));
      g_object_unref (outer);
      return;
    }

  qd = g_new0 (QueryData, 1);
  qd->query = hone_example_query_copy (g_task_get_task_data (outer));
  qd->path = g_strdup (path);
  qd->serial = hone_project_get_serial (self->project);
  qd->list.step = 1;

  inner = g_task_new (self, g_task_get_cancellable (outer), worker_done_cb, outer);
  g_task_set_source_tag (inner, start_worker);
  g_task_set_task_data (inner, qd, query_data_free);
  g_task_run_in_thread (inner, query_worker);
}

void
hone_example_model_set_query_async (HoneExampleModel       *self,
                                    const HoneExampleQuery *query,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data)
{
  GTask *outer;

  g_return_if_fail (HONE_IS_EXAMPLE_MODEL (self));
  g_return_if_fail (query != NULL);

  /* A later query wins */
  if (self->query_cancellable != NULL)
    g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);
  self->query_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (g_cancellable_cancel),
                           g_object_ref (self->query_cancellable), g_object_unref);

  outer = g_task_new (self, self->query_cancellable, callback, user_data);
  g_task_set_source_tag (outer, hone_example_model_set_query_async);
  g_task_set_return_on_cancel (outer, FALSE);
  g_task_set_task_data (outer, hone_example_query_copy (query), (GDestroyNotify) hone_example_query_free);

  start_worker (self, outer);
}

gboolean
hone_example_model_set_query_finish (HoneExampleModel  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (HONE_IS_EXAMPLE_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (g_task_propagate_boolean (G_TASK (result), &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, HONE_ERROR, HONE_ERROR_CANCELLED, _("Stopped."));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Lookups ------------------------------------------------------------------------ */

void
hone_example_model_reload (HoneExampleModel *self)
{
  g_return_if_fail (HONE_IS_EXAMPLE_MODEL (self));

  requery (self);
}

gint64
hone_example_model_get_id (HoneExampleModel *self,
                           guint             position)
{
  g_return_val_if_fail (HONE_IS_EXAMPLE_MODEL (self), 0);

  if (position >= self->list.n)
    return 0;
  return id_at (self, position);
}

guint
hone_example_model_get_position (HoneExampleModel *self,
                                 gint64            example_id)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) positions = NULL;

  g_return_val_if_fail (HONE_IS_EXAMPLE_MODEL (self), HONE_EXAMPLE_MODEL_NO_POSITION);

  g_array_append_val (ids, example_id);
  positions = find_positions (self, ids);
  return positions->len > 0 ? g_array_index (positions, guint, 0) : HONE_EXAMPLE_MODEL_NO_POSITION;
}

static gboolean
update_find_matches (HoneExampleModel  *self,
                     const char        *text,
                     gint64             field_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folded = NULL;
  sqlite3 *db = hone_project_get_db (self->project);

  if (self->find_matches != NULL &&
      g_strcmp0 (self->find_text, text) == 0 &&
      self->find_field_id == field_id &&
      self->find_serial == hone_project_get_serial (self->project))
    return TRUE;

  g_clear_pointer (&self->find_matches, g_array_unref);
  g_clear_pointer (&self->find_text, g_free);
  if (db == NULL)
    return FALSE;

  folded = hone_example_query_fold_text (text);
  stmt = hone_store_prepare (db,
                             field_id != 0
                             ? "SELECT DISTINCT example_id FROM example_values"
                               " WHERE field_id = ?2 AND hone_contains (value, ?1) ORDER BY example_id"
                             : "SELECT DISTINCT example_id FROM example_values"
                               " WHERE hone_contains (value, ?1) ORDER BY example_id",
                             &error);
  if (stmt == NULL)
    {
      g_debug ("Could not search the examples: %s", error->message);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, folded, -1, SQLITE_STATIC);
  if (field_id != 0)
    sqlite3_bind_int64 (stmt, 2, field_id);

  self->find_matches = hone_project_collect_ids (self->project, stmt, _("Could not search the examples"), &error);
  if (self->find_matches == NULL)
    {
      g_debug ("Could not search the examples: %s", error->message);
      return FALSE;
    }
  self->find_text = g_strdup (text);
  self->find_field_id = field_id;
  self->find_serial = hone_project_get_serial (self->project);
  return TRUE;
}

gboolean
hone_example_model_find (HoneExampleModel *self,
                         const char       *text,
                         gint64            field_id,
                         guint             start,
                         gboolean          backwards,
                         guint            *position)
{
  guint n;

  g_return_val_if_fail (HONE_IS_EXAMPLE_MODEL (self), FALSE);

  n = self->list.n;
  if (text == NULL || text[0] == '\0' || !g_utf8_validate (text, -1, NULL) || n == 0)
    return FALSE;

  if (!update_find_matches (self, text, field_id) || self->find_matches->len == 0)
    return FALSE;

  start = MIN (start, n - 1);
  for (guint i = 0; i < n; i++)
    {
      guint p = backwards ? (start + n - i) % n : (start + i) % n;

      if (sorted_contains (self->find_matches, id_at (self, p)))
        {
          if (position != NULL)
            *position = p;
          return TRUE;
        }
    }

  return FALSE;
}

guint
hone_example_model_get_n_page_loads (HoneExampleModel *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLE_MODEL (self), 0);

  return self->n_page_loads;
}
