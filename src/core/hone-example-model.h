/* hone-example-model.h: a GListModel of a project's examples, loaded lazily
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-project.h"

G_BEGIN_DECLS

#define HONE_TYPE_EXAMPLE_MODEL (hone_example_model_get_type ())

G_DECLARE_FINAL_TYPE (HoneExampleModel, hone_example_model, HONE, EXAMPLE_MODEL, GObject)

/* A GListModel of HoneExample in id order. It knows the count up front and
 * loads examples from the project in pages (HONE_EXAMPLE_MODEL_PAGE_SIZE at
 * a time) when an item is first asked for, keeping a bounded number of pages
 * in memory; it never loads the whole project at once. */
#define HONE_EXAMPLE_MODEL_PAGE_SIZE 256

HoneExampleModel *hone_example_model_new         (HoneProject      *project);
HoneProject      *hone_example_model_get_project (HoneExampleModel *self);
/* Re-reads the count and drops cached pages; emits items-changed. */
void              hone_example_model_reload      (HoneExampleModel *self);
/* How many pages were read from the database so far (for tests). */
guint             hone_example_model_get_n_page_loads (HoneExampleModel *self);

G_END_DECLS
