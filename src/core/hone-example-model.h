/* hone-example-model.h: a GListModel of a project's examples, loaded lazily
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hone-example-query.h"
#include "hone-project.h"

G_BEGIN_DECLS

#define HONE_TYPE_EXAMPLE_MODEL (hone_example_model_get_type ())

G_DECLARE_FINAL_TYPE (HoneExampleModel, hone_example_model, HONE, EXAMPLE_MODEL, GObject)

/* A GListModel of HoneExample: the examples a HoneExampleQuery selects, in
 * its order (by default all of them by id).
 *
 * The model computes the list of ids of the query once, in SQL (a sort or
 * filter is one query; every example by id is one count when no example was
 * ever deleted, since the ids are then a plain range), and keeps only those
 * ids: 8 bytes per example. Examples themselves are loaded from the project
 * in pages (HONE_EXAMPLE_MODEL_PAGE_SIZE at a time, by id) when an item is
 * first asked for, keeping a bounded number of pages in memory; it never
 * loads the whole project at once, and any position is one page away.
 *
 * It follows the project's edits with precise items-changed: a changed
 * example is (position, 1, 1); deleted ones are removed where they are;
 * inserted ones go to their place when sorted by id, and at the end
 * otherwise. Edits do not re-sort or re-filter: an example whose new value
 * would sort elsewhere, or no longer matches the filter, stays where it is
 * until the query is set again or the model reloaded (rows do not jump
 * away from under the person editing them). */
#define HONE_EXAMPLE_MODEL_PAGE_SIZE 256

/* Returned by position lookups that found nothing */
#define HONE_EXAMPLE_MODEL_NO_POSITION G_MAXUINT

HoneExampleModel       *hone_example_model_new         (HoneProject      *project);
HoneProject            *hone_example_model_get_project (HoneExampleModel *self);

/* The "query" property */
const HoneExampleQuery *hone_example_model_get_query   (HoneExampleModel *self);
/* Runs @query now and replaces every item (one items-changed). A sort over
 * a million examples takes about a second: use the async variant from the
 * user interface. */
void                    hone_example_model_set_query   (HoneExampleModel       *self,
                                                        const HoneExampleQuery *query);
/* Runs @query in a worker thread on its own connection; the items are
 * replaced when it is done (the model keeps its old items meanwhile). A
 * later call cancels an earlier one. */
void                    hone_example_model_set_query_async  (HoneExampleModel       *self,
                                                             const HoneExampleQuery *query,
                                                             GCancellable           *cancellable,
                                                             GAsyncReadyCallback     callback,
                                                             gpointer                user_data);
gboolean                hone_example_model_set_query_finish (HoneExampleModel  *self,
                                                             GAsyncResult      *result,
                                                             GError           **error);

/* Runs the query again and drops cached pages; emits items-changed. */
void                    hone_example_model_reload      (HoneExampleModel *self);

/* The id at @position without loading its page (0 past the end): for bulk
 * actions over a selection */
gint64                  hone_example_model_get_id      (HoneExampleModel *self,
                                                        guint             position);
/* The position of an example, or HONE_EXAMPLE_MODEL_NO_POSITION */
guint                   hone_example_model_get_position (HoneExampleModel *self,
                                                        gint64            example_id);

/* Find: the first position from @start (included), forwards or backwards,
 * wrapping around once, whose example contains @text (ignoring case, as the
 * query's text filter) in field @field_id, or in any field when 0. The set
 * of matches is computed once in SQL and kept until the project changes,
 * so "find next" is cheap. */
gboolean                hone_example_model_find        (HoneExampleModel *self,
                                                        const char       *text,
                                                        gint64            field_id,
                                                        guint             start,
                                                        gboolean          backwards,
                                                        guint            *position);

/* How many pages were read from the database so far (for tests). */
guint                   hone_example_model_get_n_page_loads (HoneExampleModel *self);

G_END_DECLS
