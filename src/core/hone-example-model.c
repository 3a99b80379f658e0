/* hone-example-model.c: a GListModel of a project's examples, loaded lazily
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-example-model.h"

/* At most this many pages stay in memory (16,384 examples with pages of
 * 256); the least recently used page goes first. */
#define MAX_CACHED_PAGES 64

typedef struct {
  guint      index;     /* page number: first position is index * PAGE_SIZE */
  GPtrArray *examples;  /* HoneExample, at most PAGE_SIZE */
  GList      link;      /* in HoneExampleModel.lru, data = this page */
} Page;

struct _HoneExampleModel
{
  GObject      parent_instance;

  HoneProject *project;
  guint        n_items;
  GHashTable  *pages;       /* page index → Page*, owns the pages */
  GQueue       lru;         /* Page links, most recently used first */
  guint        n_page_loads;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HoneExampleModel, hone_example_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static guint
count_items (HoneExampleModel *self)
{
  g_autoptr(GError) error = NULL;
  gint64 n;

  n = hone_project_count_examples (self->project, HONE_SPLIT_ANY, &error);
  if (n < 0)
    {
      g_debug ("Could not count the examples of a project: %s", error->message);
      return 0;
    }

  return (guint) MIN (n, (gint64) G_MAXUINT);
}

static Page *
load_page (HoneExampleModel *self,
           guint             index)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *examples;
  Page *page;

  examples = hone_project_load_examples (self->project,
                                         index * HONE_EXAMPLE_MODEL_PAGE_SIZE,
                                         HONE_EXAMPLE_MODEL_PAGE_SIZE,
                                         &error);
  if (examples == NULL)
    {
      g_debug ("Could not load examples %u–%u: %s",
               index * HONE_EXAMPLE_MODEL_PAGE_SIZE,
               (index + 1) * HONE_EXAMPLE_MODEL_PAGE_SIZE - 1,
               error->message);
      return NULL;
    }

  self->n_page_loads++;

  page = g_new0 (Page, 1);
  page->index = index;
  page->examples = examples;
  page->link.data = page;

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

static GType
hone_example_model_get_item_type (GListModel *model)
{
  return HONE_TYPE_EXAMPLE;
}

static guint
hone_example_model_get_n_items (GListModel *model)
{
  return HONE_EXAMPLE_MODEL (model)->n_items;
}

static gpointer
hone_example_model_get_item (GListModel *model,
                             guint       position)
{
  HoneExampleModel *self = HONE_EXAMPLE_MODEL (model);
  guint index = position / HONE_EXAMPLE_MODEL_PAGE_SIZE;
  guint offset = position % HONE_EXAMPLE_MODEL_PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
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

  if (page != NULL && offset < page->examples->len)
    return g_object_ref (g_ptr_array_index (page->examples, offset));

  /* The project could not be read, or it lost examples since the count was
   * taken: a GListModel must still return an item for every position below
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

static void
hone_example_model_constructed (GObject *object)
{
  HoneExampleModel *self = HONE_EXAMPLE_MODEL (object);

  G_OBJECT_CLASS (hone_example_model_parent_class)->constructed (object);

  g_assert (self->project != NULL);
  self->n_items = count_items (self);
}

static void
hone_example_model_finalize (GObject *object)
{
  HoneExampleModel *self = HONE_EXAMPLE_MODEL (object);

  drop_pages (self);
  g_hash_table_unref (self->pages);
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
      g_value_set_uint (value, self->n_items);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_example_model_class_init (HoneExampleModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hone_example_model_constructed;
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hone_example_model_init (HoneExampleModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
}

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

void
hone_example_model_reload (HoneExampleModel *self)
{
  guint old_n_items;

  g_return_if_fail (HONE_IS_EXAMPLE_MODEL (self));

  old_n_items = self->n_items;
  drop_pages (self);
  self->n_items = count_items (self);

  if (old_n_items == 0 && self->n_items == 0)
    return;

  /* Every cached example may have changed, so all positions are replaced */
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

guint
hone_example_model_get_n_page_loads (HoneExampleModel *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLE_MODEL (self), 0);

  return self->n_page_loads;
}
