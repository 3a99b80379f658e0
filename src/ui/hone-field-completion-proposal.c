/* hone-field-completion-proposal.c: one field offered by the completion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hone-field-completion-proposal.h"
#include "hone-field-completion-provider.h"

struct _HoneFieldCompletionProposal
{
  GObject    parent_instance;

  HoneField *field;
  char      *path;
  guint      score;
};

static void proposal_iface_init (GtkSourceCompletionProposalInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HoneFieldCompletionProposal, hone_field_completion_proposal, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_SOURCE_TYPE_COMPLETION_PROPOSAL, proposal_iface_init))

static char *
hone_field_completion_proposal_get_typed_text (GtkSourceCompletionProposal *proposal)
{
  HoneFieldCompletionProposal *self = HONE_FIELD_COMPLETION_PROPOSAL (proposal);

  return g_strdup (self->path);
}

static void
proposal_iface_init (GtkSourceCompletionProposalInterface *iface)
{
  iface->get_typed_text = hone_field_completion_proposal_get_typed_text;
}

static void
hone_field_completion_proposal_finalize (GObject *object)
{
  HoneFieldCompletionProposal *self = HONE_FIELD_COMPLETION_PROPOSAL (object);

  g_clear_object (&self->field);
  g_free (self->path);

  G_OBJECT_CLASS (hone_field_completion_proposal_parent_class)->finalize (object);
}

static void
hone_field_completion_proposal_class_init (HoneFieldCompletionProposalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hone_field_completion_proposal_finalize;
}

static void
hone_field_completion_proposal_init (HoneFieldCompletionProposal *self)
{
}

HoneFieldCompletionProposal *
hone_field_completion_proposal_new (HoneField *field)
{
  HoneFieldCompletionProposal *self;

  g_return_val_if_fail (HONE_IS_FIELD (field), NULL);

  self = g_object_new (HONE_TYPE_FIELD_COMPLETION_PROPOSAL, NULL);
  self->field = g_object_ref (field);
  self->path = hone_field_completion_format_path (hone_field_get_name (field));
  return self;
}

HoneField *
hone_field_completion_proposal_get_field (HoneFieldCompletionProposal *self)
{
  g_return_val_if_fail (HONE_IS_FIELD_COMPLETION_PROPOSAL (self), NULL);

  return self->field;
}

const char *
hone_field_completion_proposal_get_name (HoneFieldCompletionProposal *self)
{
  g_return_val_if_fail (HONE_IS_FIELD_COMPLETION_PROPOSAL (self), NULL);

  return hone_field_get_name (self->field);
}

const char *
hone_field_completion_proposal_get_path (HoneFieldCompletionProposal *self)
{
  g_return_val_if_fail (HONE_IS_FIELD_COMPLETION_PROPOSAL (self), NULL);

  return self->path;
}

guint
hone_field_completion_proposal_get_score (HoneFieldCompletionProposal *self)
{
  g_return_val_if_fail (HONE_IS_FIELD_COMPLETION_PROPOSAL (self), 0);

  return self->score;
}

void
hone_field_completion_proposal_set_score (HoneFieldCompletionProposal *self,
                                          guint                        score)
{
  g_return_if_fail (HONE_IS_FIELD_COMPLETION_PROPOSAL (self));

  self->score = score;
}
