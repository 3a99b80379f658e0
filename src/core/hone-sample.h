/* hone-sample.h: the bundled sample project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hone-project.h"

G_BEGIN_DECLS

/* The name the sample project gets */
const char  *hone_sample_get_name (void);
/* Creates the sample project (fields, templates, examples) at @file, which
 * must not exist, from the data compiled into Hone. */
HoneProject *hone_sample_create   (GFile   *file,
                                   GError **error);

G_END_DECLS
