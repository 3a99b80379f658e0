/* hone-fine-tune-settings.c: how to train, said once for every provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hone-error.h"
#include "hone-fine-tune-settings.h"

HoneFineTuneSettings *
hone_fine_tune_settings_new (void)
{
  HoneFineTuneSettings *self = g_new0 (HoneFineTuneSettings, 1);

  self->n_epochs = -1;
  self->batch_size = -1;
  self->learning_rate = NAN;
  self->lora = -1;
  self->lora_rank = -1;
  self->lora_alpha = -1;
  self->n_evals = -1;
  self->n_checkpoints = -1;
  return self;
}

HoneFineTuneSettings *
hone_fine_tune_settings_copy (const HoneFineTuneSettings *self)
{
  HoneFineTuneSettings *copy = g_memdup2 (self, sizeof *self);

  copy->suffix = g_strdup (self->suffix);
  copy->account_id = g_strdup (self->account_id);
  return copy;
}

void
hone_fine_tune_settings_free (HoneFineTuneSettings *self)
{
  if (self == NULL)
    return;
  g_free (self->suffix);
  g_free (self->account_id);
  g_free (self);
}

static const struct {
  const char *name;
  gsize       offset;
} int_members[] = {
  { "epochs", G_STRUCT_OFFSET (HoneFineTuneSettings, n_epochs) },
  { "batch_size", G_STRUCT_OFFSET (HoneFineTuneSettings, batch_size) },
  { "lora", G_STRUCT_OFFSET (HoneFineTuneSettings, lora) },
  { "lora_rank", G_STRUCT_OFFSET (HoneFineTuneSettings, lora_rank) },
  { "lora_alpha", G_STRUCT_OFFSET (HoneFineTuneSettings, lora_alpha) },
  { "evaluations", G_STRUCT_OFFSET (HoneFineTuneSettings, n_evals) },
  { "checkpoints", G_STRUCT_OFFSET (HoneFineTuneSettings, n_checkpoints) },
};

char *
hone_fine_tune_settings_to_json (const HoneFineTuneSettings *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (int_members); i++)
    {
      gint value = G_STRUCT_MEMBER (gint, self, int_members[i].offset);
      if (value >= 0)
        {
          json_builder_set_member_name (builder, int_members[i].name);
          json_builder_add_int_value (builder, value);
        }
    }
  if (!isnan (self->learning_rate))
    {
      json_builder_set_member_name (builder, "learning_rate");
      json_builder_add_double_value (builder, self->learning_rate);
    }
  if (self->suffix != NULL)
    {
      json_builder_set_member_name (builder, "suffix");
      json_builder_add_string_value (builder, self->suffix);
    }
  if (self->account_id != NULL)
    {
      json_builder_set_member_name (builder, "account_id");
      json_builder_add_string_value (builder, self->account_id);
    }
  if (self->has_seed)
    {
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, self->seed);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

HoneFineTuneSettings *
hone_fine_tune_settings_from_json (const char  *json,
                                   GError     **error)
{
  g_autoptr(HoneFineTuneSettings) self = hone_fine_tune_settings_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *node;

  if (json == NULL || json[0] == '\0')
    return g_steal_pointer (&self);

  if (!json_parser_load_from_data (parser, json, -1, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_PARSE,
                   _("The settings stored with this fine-tune cannot be read: %s"),
                   local_error != NULL ? local_error->message : _("they are not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  for (guint i = 0; i < G_N_ELEMENTS (int_members); i++)
    {
      node = json_object_get_member (object, int_members[i].name);
      if (node == NULL)
        continue;
      if (!is_number (node))
        goto wrong_type;
      G_STRUCT_MEMBER (gint, self, int_members[i].offset) = (gint) json_node_get_int (node);
    }
  if ((node = json_object_get_member (object, "learning_rate")) != NULL)
    {
      if (!is_number (node))
        goto wrong_type;
      self->learning_rate = json_node_get_double (node);
    }
  if ((node = json_object_get_member (object, "suffix")) != NULL)
    {
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        goto wrong_type;
      self->suffix = g_strdup (json_node_get_string (node));
    }
  if ((node = json_object_get_member (object, "account_id")) != NULL)
    {
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        goto wrong_type;
      self->account_id = g_strdup (json_node_get_string (node));
    }
  if ((node = json_object_get_member (object, "seed")) != NULL)
    {
      if (!is_number (node))
        goto wrong_type;
      self->has_seed = TRUE;
      self->seed = (gint) json_node_get_int (node);
    }

  return g_steal_pointer (&self);

wrong_type:
  g_set_error_literal (error, HONE_ERROR, HONE_ERROR_PARSE,
                       _("The settings stored with this fine-tune cannot be read: a value has the wrong type."));
  return NULL;
}

static void
append_auto (GString    *text,
             const char *what,
             gint        value)
{
  if (text->len > 0)
    g_string_append (text, ", ");
  if (value < 0)
    g_string_append_printf (text, _("%s auto"), what);
  else
    g_string_append_printf (text, "%s %d", what, value);
}

char *
hone_fine_tune_settings_describe (const HoneFineTuneSettings *self)
{
  GString *text = g_string_new (NULL);

  append_auto (text, _("epochs"), self->n_epochs);
  append_auto (text, _("batch size"), self->batch_size);
  if (isnan (self->learning_rate))
    g_string_append (text, _(", learning rate auto"));
  else
    g_string_append_printf (text, _(", learning rate %g"), self->learning_rate);
  if (self->lora == 0)
    g_string_append (text, _(", full fine-tuning"));
  else
    append_auto (text, _("LoRA rank"), self->lora_rank);
  if (self->n_evals >= 0)
    append_auto (text, _("evaluations"), self->n_evals);
  if (self->n_checkpoints >= 0)
    append_auto (text, _("checkpoints"), self->n_checkpoints);
  if (self->suffix != NULL)
    g_string_append_printf (text, _(", name suffix “%s”"), self->suffix);
  return g_string_free (text, FALSE);
}
