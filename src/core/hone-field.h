/* hone-field.h: one typed column of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "hone-enums.h"

G_BEGIN_DECLS

#define HONE_TYPE_FIELD (hone_field_get_type ())

G_DECLARE_FINAL_TYPE (HoneField, hone_field, HONE, FIELD, GObject)

/* A HoneField is an immutable snapshot of a row of the project's `fields`
 * table. HoneProject hands out new snapshots when fields change. */
HoneField          *hone_field_new                (gint64              id,
                                                   const char         *name,
                                                   HoneFieldKind       kind,
                                                   const char         *description,
                                                   const char * const *allowed_values,
                                                   guint               position);
gint64              hone_field_get_id             (HoneField          *self);
const char         *hone_field_get_name           (HoneField          *self);
HoneFieldKind       hone_field_get_kind           (HoneField          *self);
const char         *hone_field_get_description    (HoneField          *self);
/* NULL-terminated, empty (never NULL) unless the kind is a label */
const char * const *hone_field_get_allowed_values (HoneField          *self);
guint               hone_field_get_position       (HoneField          *self);

/* Checks that @value (already trimmed by the caller if it wants) is
 * acceptable for this field; NULL and "" are always acceptable (empty).
 * On success stores the canonical stored form in @canonical when not NULL
 * (numbers as typed, yes/no as "true"/"false"). */
gboolean            hone_field_check_value        (HoneField          *self,
                                                   const char         *value,
                                                   char              **canonical,
                                                   GError            **error);

/* Checks that @name can be a field name: not empty, at most 100 characters,
 * no leading/trailing space, no control characters, none of {{ }} . [ ] / */
gboolean            hone_field_name_is_valid      (const char         *name,
                                                   GError            **error);

G_END_DECLS
