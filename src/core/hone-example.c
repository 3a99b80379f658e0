/* hone-example.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-example.h"

struct _HoneExample
{
  GObject            parent_instance;

  gint64             id;
  HoneSplit          split;
  HoneExampleSource  source;
  gint64             created;
  gint64             modified;
  /* field id (gint64*) → value (char*) */
  GHashTable        *values;
};

G_DEFINE_FINAL_TYPE (HoneExample, hone_example, G_TYPE_OBJECT)

static void
hone_example_finalize (GObject *object)
{
  HoneExample *self = HONE_EXAMPLE (object);

  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (hone_example_parent_class)->finalize (object);
}

static void
hone_example_class_init (HoneExampleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hone_example_finalize;
}

static void
hone_example_init (HoneExample *self)
{
  self->values = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

HoneExample *
hone_example_new (gint64            id,
                  HoneSplit         split,
                  HoneExampleSource source,
                  gint64            created,
                  gint64            modified)
{
  HoneExample *self = g_object_new (HONE_TYPE_EXAMPLE, NULL);

  self->id = id;
  self->split = split;
  self->source = source;
  self->created = created;
  self->modified = modified;

  return self;
}

gint64
hone_example_get_id (HoneExample *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLE (self), 0);
  return self->id;
}

HoneSplit
hone_example_get_split (HoneExample *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLE (self), 0);
  return self->split;
}

HoneExampleSource
hone_example_get_source (HoneExample *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLE (self), 0);
  return self->source;
}

gint64
hone_example_get_created (HoneExample *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLE (self), 0);
  return self->created;
}

gint64
hone_example_get_modified (HoneExample *self)
{
  g_return_val_if_fail (HONE_IS_EXAMPLE (self), 0);
  return self->modified;
}

const char *
hone_example_get_value (HoneExample *self,
                        gint64       field_id)
{
  g_return_val_if_fail (HONE_IS_EXAMPLE (self), NULL);
  return g_hash_table_lookup (self->values, &field_id);
}

void
hone_example_take_value (HoneExample *self,
                         gint64       field_id,
                         char        *value)
{
  g_return_if_fail (HONE_IS_EXAMPLE (self));

  if (value == NULL)
    g_hash_table_remove (self->values, &field_id);
  else
    g_hash_table_insert (self->values, g_memdup2 (&field_id, sizeof field_id), value);
}
