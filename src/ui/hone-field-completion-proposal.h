/* hone-field-completion-proposal.h: one field offered by the completion of
 * a template
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "hone-core.h"

G_BEGIN_DECLS

#define HONE_TYPE_FIELD_COMPLETION_PROPOSAL (hone_field_completion_proposal_get_type ())

G_DECLARE_FINAL_TYPE (HoneFieldCompletionProposal, hone_field_completion_proposal,
                      HONE, FIELD_COMPLETION_PROPOSAL, GObject)

HoneFieldCompletionProposal *hone_field_completion_proposal_new (HoneField *field);
HoneField  *hone_field_completion_proposal_get_field (HoneFieldCompletionProposal *self);
/* The field's name */
const char *hone_field_completion_proposal_get_name  (HoneFieldCompletionProposal *self);
/* What goes into the template: the name, or [name] when it is not a plain
 * Handlebars identifier */
const char *hone_field_completion_proposal_get_path  (HoneFieldCompletionProposal *self);
/* How well it matched what was typed (lower is better) */
guint       hone_field_completion_proposal_get_score (HoneFieldCompletionProposal *self);
void        hone_field_completion_proposal_set_score (HoneFieldCompletionProposal *self,
                                                      guint                        score);

G_END_DECLS
