/* hone-examples-page.h: the grid of a project's examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "hone-core.h"

G_BEGIN_DECLS

#define HONE_TYPE_EXAMPLES_PAGE (hone_examples_page_get_type ())

G_DECLARE_FINAL_TYPE (HoneExamplesPage, hone_examples_page, HONE, EXAMPLES_PAGE, AdwBin)

GtkWidget        *hone_examples_page_new         (void);
HoneProject      *hone_examples_page_get_project (HoneExamplesPage *self);
void              hone_examples_page_set_project (HoneExamplesPage *self,
                                                  HoneProject      *project);
/* The examples shown (NULL without a project) */
HoneExampleModel *hone_examples_page_get_model   (HoneExamplesPage *self);
/* Re-reads the examples and the counts, after examples were added or
 * changed behind the page's back (an import, hone-cli). */
void              hone_examples_page_reload      (HoneExamplesPage *self);

/* Formats a stored value of @field for one line of the grid: newlines
 * become "⏎", yes/no reads "Yes"/"No", NULL or "" gives NULL. Very long
 * values are cut, as only the start of them can be seen. */
char             *hone_examples_page_format_cell (HoneField        *field,
                                                  const char       *value);

G_END_DECLS
