/* hone-example.h: one row of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hone-enums.h"

G_BEGIN_DECLS

#define HONE_TYPE_EXAMPLE (hone_example_get_type ())

G_DECLARE_FINAL_TYPE (HoneExample, hone_example, HONE, EXAMPLE, GObject)

/* A HoneExample is a snapshot of one example as read from the project file.
 * Values are keyed by field id; a missing value reads as NULL (empty). */
HoneExample       *hone_example_new          (gint64             id,
                                              HoneSplit          split,
                                              HoneExampleSource  source,
                                              gint64             created,
                                              gint64             modified);
gint64             hone_example_get_id       (HoneExample       *self);
HoneSplit          hone_example_get_split    (HoneExample       *self);
HoneExampleSource  hone_example_get_source   (HoneExample       *self);
/* Unix time in seconds, UTC */
gint64             hone_example_get_created  (HoneExample       *self);
gint64             hone_example_get_modified (HoneExample       *self);
const char        *hone_example_get_value    (HoneExample       *self,
                                              gint64             field_id);
/* Used by the store while loading; takes ownership of @value */
void               hone_example_take_value   (HoneExample       *self,
                                              gint64             field_id,
                                              char              *value);

G_END_DECLS
