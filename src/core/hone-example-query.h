/* hone-example-query.h: which examples to show, and in what order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hone-enums.h"

G_BEGIN_DECLS

/**
 * HoneExampleSort:
 * @HONE_EXAMPLE_SORT_ID: by id, that is in the order the examples were added
 * @HONE_EXAMPLE_SORT_SPLIT: training, then validation, then excluded
 * @HONE_EXAMPLE_SORT_FIELD: by the value of one field: numerically for number
 *   fields, as text otherwise (ignoring the case of A–Z, otherwise by
 *   character code); yes/no sorts No before Yes
 *
 * Ties are broken by id. Descending reverses the whole order (ties too),
 * except that examples with an empty value stay at the end.
 */
typedef enum {
  HONE_EXAMPLE_SORT_ID,
  HONE_EXAMPLE_SORT_SPLIT,
  HONE_EXAMPLE_SORT_FIELD,
} HoneExampleSort;

#define HONE_TYPE_EXAMPLE_QUERY (hone_example_query_get_type ())

/* A HoneExampleQuery is a plain value (a boxed type): a sort and filters.
 * The default query is every example by id, ascending. */
typedef struct _HoneExampleQuery HoneExampleQuery;

GType              hone_example_query_get_type     (void) G_GNUC_CONST;
HoneExampleQuery  *hone_example_query_new          (void);
HoneExampleQuery  *hone_example_query_copy         (const HoneExampleQuery  *self);
void               hone_example_query_free         (HoneExampleQuery        *self);
gboolean           hone_example_query_equal        (const HoneExampleQuery  *a,
                                                    const HoneExampleQuery  *b);

/* @field_id is used with HONE_EXAMPLE_SORT_FIELD only */
void               hone_example_query_set_sort     (HoneExampleQuery        *self,
                                                    HoneExampleSort          sort,
                                                    gint64                   field_id,
                                                    gboolean                 descending);
HoneExampleSort    hone_example_query_get_sort     (const HoneExampleQuery  *self,
                                                    gint64                  *field_id,
                                                    gboolean                *descending);

/* Only examples of @split; HONE_SPLIT_ANY (the default) for all */
void               hone_example_query_set_split    (HoneExampleQuery        *self,
                                                    HoneSplit                split);
HoneSplit          hone_example_query_get_split    (const HoneExampleQuery  *self);

/* Only examples where @text appears in a value, ignoring case character
 * by character (Unicode lower case, so “É” finds “é”; nothing is expanded,
 * so “ß” does not find “ss”): in the field @field_id, or in any field when
 * @field_id is 0. NULL or "" for no text filter. */
void               hone_example_query_set_text     (HoneExampleQuery        *self,
                                                    const char              *text,
                                                    gint64                   field_id);
const char        *hone_example_query_get_text     (const HoneExampleQuery  *self,
                                                    gint64                  *field_id);

/* TRUE when the query shows every example (it may still sort them) */
gboolean           hone_example_query_is_unfiltered (const HoneExampleQuery *self);

/* @text folded the way the text filter compares it (lower case) */
char              *hone_example_query_fold_text    (const char              *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneExampleQuery, hone_example_query_free)

G_END_DECLS
