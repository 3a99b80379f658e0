/* hone-cli-validate.c: hone-cli models, validate and estimate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "hone-core.h"
#include "hone-estimate.h"
#include "hone-model-catalog.h"
#include "hone-text-encoding.h"
#include "hone-validator.h"

#include "hone-cli-private.h"

/* The provider and model: from the options, else the project's target */
static const HoneModelInfo *
choose_model (const char        *command,
              HoneModelCatalog  *catalog,
              HoneProject       *project,
              const char        *provider_arg,
              const char        *model_arg,
              int               *exit_status)
{
  g_autofree char *provider_id = g_strdup (provider_arg);
  g_autofree char *model_id = g_strdup (model_arg);
  g_autoptr(GError) error = NULL;
  const HoneModelInfo *model;

  if (provider_id == NULL && model_id == NULL)
    hone_project_get_target (project, &provider_id, &model_id);

  if (provider_id == NULL || model_id == NULL)
    {
      *exit_status = hone_cli_usage_error (command,
                                           _("Say which provider and model to check for, with --provider and --model (“hone-cli models” lists them), or choose them in Hone."));
      return NULL;
    }

  if (hone_model_catalog_find_provider (catalog, provider_id) == NULL)
    {
      GPtrArray *providers = hone_model_catalog_get_providers (catalog);
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint i = 0; i < providers->len; i++)
        g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "",
                                ((const HoneProviderInfo *) g_ptr_array_index (providers, i))->id);
      *exit_status = hone_cli_usage_error (command, _("There is no provider “%s”. Use one of: %s."),
                                           provider_id, ids->str);
      return NULL;
    }

  model = hone_model_catalog_find_model (catalog, provider_id, model_id, &error);
  if (model == NULL)
    {
      *exit_status = hone_cli_fail (error);
      return NULL;
    }

  return model;
}

static HoneModelCatalog *
load_catalog (int *exit_status)
{
  g_autoptr(GError) error = NULL;
  HoneModelCatalog *catalog = hone_model_catalog_new (NULL, &error);

  if (catalog == NULL)
    *exit_status = hone_cli_fail (error);
  return catalog;
}

static HoneValidation *
validate_project (HoneProject          *project,
                  HoneModelCatalog     *catalog,
                  const HoneModelInfo  *model,
                  const char           *today,
                  GError              **error)
{
  g_autoptr(HonePrompt) prompt = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *list = hone_project_get_fields (project);
  HoneValidateOptions options = { 0, };

  prompt = hone_prompt_new_for_project (project, NULL, NULL, error);
  if (prompt == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (fields, g_list_model_get_item (list, i));

  options.fields = fields;
  options.style = hone_project_get_template_style (project);
  options.catalog = catalog;
  options.model = model;
  options.today = today;

  return hone_validate_examples (g_file_peek_path (hone_project_get_file (project)),
                                 prompt, &options, NULL, error);
}

void
hone_cli_checked_clear (HoneCliChecked *checked)
{
  g_clear_pointer (&checked->validation, hone_validation_unref);
  checked->model = NULL;
  g_clear_object (&checked->project);
  g_clear_object (&checked->catalog);
}

gboolean
hone_cli_open_and_validate (HoneCliChecked *checked,
                            const char     *command,
                            const char     *path,
                            const char     *provider,
                            const char     *model_id,
                            const char     *today,
                            gboolean        writable,
                            int            *exit_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  checked->catalog = load_catalog (exit_status);
  if (checked->catalog == NULL)
    return FALSE;

  file = g_file_new_for_commandline_arg (path);
  checked->project = hone_project_open (file, writable ? HONE_PROJECT_OPEN_NONE : HONE_PROJECT_OPEN_READ_ONLY,
                                        &error);
  if (checked->project == NULL)
    {
      *exit_status = hone_cli_fail (error);
      return FALSE;
    }

  checked->model = choose_model (command, checked->catalog, checked->project, provider, model_id, exit_status);
  if (checked->model == NULL)
    return FALSE;

  checked->validation = validate_project (checked->project, checked->catalog, checked->model, today, &error);
  if (checked->validation == NULL)
    {
      *exit_status = hone_cli_fail (error);
      return FALSE;
    }

  return TRUE;
}

static void
add_splits (JsonBuilder   *builder,
            const char    *member,
            const guint64 *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  for (guint split = 0; split < HONE_N_SPLITS; split++)
    {
      if (split == HONE_SPLIT_EXCLUDED && values[split] == 0 && !g_str_equal (member, "examples"))
        continue;
      json_builder_set_member_name (builder, hone_split_to_string (split));
      json_builder_add_int_value (builder, values[split]);
    }
  json_builder_end_object (builder);
}

static void
print_validation_json (HoneValidation *v)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, v->provider_id);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, v->model_id);
  json_builder_set_member_name (builder, "exact");
  json_builder_add_boolean_value (builder, v->exact);
  add_splits (builder, "examples", v->n_examples);
  add_splits (builder, "tokens", v->tokens);
  add_splits (builder, "billed_tokens", v->billed_tokens);
  add_splits (builder, "file_bytes", v->file_bytes);
  json_builder_set_member_name (builder, "longest");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "example");
  json_builder_add_int_value (builder, v->longest_id);
  json_builder_set_member_name (builder, "tokens");
  json_builder_add_int_value (builder, v->longest_tokens);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint s = 0; s < HONE_N_SEVERITIES; s++)
    {
      json_builder_set_member_name (builder, hone_severity_to_string (s));
      json_builder_add_int_value (builder, v->n_problems[s]);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < v->problems->len; i++)
    {
      const HoneProblem *p = g_ptr_array_index (v->problems, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, hone_severity_to_string (p->severity));
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, p->code);
      json_builder_set_member_name (builder, "example");
      if (p->example_id != 0)
        json_builder_add_int_value (builder, p->example_id);
      else
        json_builder_add_null_value (builder);
      if (p->other_id != 0)
        {
          json_builder_set_member_name (builder, "other_example");
          json_builder_add_int_value (builder, p->other_id);
        }
      if (p->field != NULL)
        {
          json_builder_set_member_name (builder, "field");
          json_builder_add_string_value (builder, p->field);
        }
      if (p->role >= 0)
        {
          json_builder_set_member_name (builder, "role");
          json_builder_add_string_value (builder, hone_template_role_to_string (p->role));
        }
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, p->message);
      if (p->fix != HONE_FIX_NONE)
        {
          json_builder_set_member_name (builder, "fix");
          json_builder_add_string_value (builder, hone_fix_to_string (p->fix));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  hone_cli_print_json (root);
}

static const char *
approx (HoneValidation *v)
{
  return v->exact ? "" : "≈";
}

static void
print_validation (HoneValidation      *v,
                  const HoneModelInfo *model)
{
  g_autofree char *train = hone_text_format_count (v->n_examples[HONE_SPLIT_TRAIN]);
  g_autofree char *valid = hone_text_format_count (v->n_examples[HONE_SPLIT_VALIDATION]);
  g_autofree char *excluded = hone_text_format_count (v->n_examples[HONE_SPLIT_EXCLUDED]);
  g_autofree char *train_tokens = hone_text_format_count (v->tokens[HONE_SPLIT_TRAIN]);
  g_autofree char *valid_tokens = hone_text_format_count (v->tokens[HONE_SPLIT_VALIDATION]);
  g_autofree char *longest = hone_text_format_count (v->longest_tokens);
  g_autofree char *limit = hone_text_format_count (model->max_example_tokens);
  g_autofree char *size = g_format_size (v->file_bytes[HONE_SPLIT_TRAIN]);
  guint width = hone_cli_get_text_width ();

  /* Translators: “Qwen3 8B on Together AI” */
  g_print (_("%s on %s\n"), model->name, model->provider->name);
  g_print (_("Examples: %s training, %s validation, %s excluded\n"), train, valid, excluded);
  g_print (_("Tokens: %s%s training, %s%s validation\n"), approx (v), train_tokens, approx (v), valid_tokens);
  if (v->longest_id != 0)
    g_print (_("Longest example: %s%s tokens (example %" G_GINT64_FORMAT "); the model trains on up to %s\n"),
             approx (v), longest, v->longest_id, limit);
  g_print (_("Training file: %s\n"), size);
  if (model->provider->cutoff != NULL)
    {
      g_autofree char *day = hone_text_format_day (model->provider->cutoff);
      g_print (_("%s takes no new fine-tuning jobs after %s.\n"), model->provider->name, day);
    }
  if (!v->exact)
    g_print (_("≈: %s’s tokenizer cannot be shipped with Hone; its counts are estimates.\n"), model->name);

  if (v->problems->len == 0)
    {
      g_print (_("\nNo problems found.\n"));
      return;
    }

  g_print ("\n");
  g_print (_("%" G_GUINT64_FORMAT " errors, %" G_GUINT64_FORMAT " warnings, %" G_GUINT64_FORMAT " notes\n"),
           v->n_problems[HONE_SEVERITY_ERROR], v->n_problems[HONE_SEVERITY_WARNING],
           v->n_problems[HONE_SEVERITY_INFO]);

  for (guint i = 0; i < v->problems->len; i++)
    {
      const HoneProblem *p = g_ptr_array_index (v->problems, i);
      g_autofree char *where = NULL;
      g_autofree char *head = NULL;
      g_auto(GStrv) lines = NULL;

      if (p->example_id != 0)
        where = g_strdup_printf (_("example %" G_GINT64_FORMAT), p->example_id);
      else
        where = g_strdup (_("dataset"));
      head = g_strdup_printf ("%-8s %-18s %s", hone_severity_to_string (p->severity), p->code, where);
      g_print ("%s\n", head);
      lines = hone_cli_wrap (p->message, width > 8 ? width - 4 : width);
      for (guint l = 0; lines[l] != NULL; l++)
        g_print ("    %s\n", lines[l]);
    }

  if (v->n_problems[HONE_SEVERITY_ERROR] + v->n_problems[HONE_SEVERITY_WARNING] +
      v->n_problems[HONE_SEVERITY_INFO] > v->problems->len)
    g_print (_("(only the first %u problems are listed)\n"), v->problems->len);
}

int
hone_cli_validate (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(HoneCliChecked) checked = { 0, };
  g_autofree char *provider = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *today = NULL;
  gboolean json = FALSE;
  int status = HONE_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider,
      N_("The provider to check for: together, fireworks or openai (default: the one chosen in Hone)"), N_("PROVIDER") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model_id,
      N_("The base model, as “hone-cli models” lists it"), N_("MODEL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the result as JSON"), NULL },
    { "today", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &today,
      "Check as if today were DATE (YYYY-MM-DD)", "DATE" },
    { NULL }
  };

  context = hone_cli_option_context_new (argv[0], _("FILE.hone"),
                                         _("Check a project before training: the messages its templates give, the\n"
                                           "provider’s and model’s limits, and common mistakes in the data. Counts the\n"
                                           "tokens of every example as the model reads them. The project is only read.\n"
                                           "\n"
                                           "Exit status: 0 when there is no error (warnings allowed), 1 when there are\n"
                                           "errors to fix before training, 2 for a usage error."),
                                         entries);
  if (!hone_cli_parse_options (context, argv[0], &argc, &argv))
    return HONE_CLI_EXIT_USAGE;
  if (argc != 2)
    return hone_cli_usage_error (argv[0], _("Give one project file."));
  if ((provider == NULL) != (model_id == NULL))
    return hone_cli_usage_error (argv[0], _("Give --provider and --model together."));

  if (!hone_cli_open_and_validate (&checked, argv[0], argv[1], provider, model_id, today, FALSE, &status))
    return status;

  if (json)
    print_validation_json (checked.validation);
  else
    print_validation (checked.validation, checked.model);

  return checked.validation->n_problems[HONE_SEVERITY_ERROR] > 0 ? HONE_CLI_EXIT_FAILURE : HONE_CLI_EXIT_OK;
}

static void
print_estimate_json (HoneEstimate        *e,
                     const HoneModelInfo *model,
                     HoneTrainingSettings *settings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, model->provider->id);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model->id);
  json_builder_set_member_name (builder, "training_type");
  if (g_strcmp0 (model->provider->id, "openai") == 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, settings->type == HONE_TRAINING_FULL ? "full" : "lora");
  json_builder_set_member_name (builder, "training_method");
  json_builder_add_string_value (builder, settings->method == HONE_TRAINING_DPO ? "dpo" : "sft");
  json_builder_set_member_name (builder, "exact");
  json_builder_add_boolean_value (builder, e->exact);
  json_builder_set_member_name (builder, "epochs");
  json_builder_add_int_value (builder, e->epochs);
  json_builder_set_member_name (builder, "epochs_auto");
  json_builder_add_boolean_value (builder, e->epochs_auto);
  json_builder_set_member_name (builder, "evaluations");
  json_builder_add_int_value (builder, e->evaluations);
  json_builder_set_member_name (builder, "train_tokens");
  json_builder_add_int_value (builder, e->train_tokens);
  json_builder_set_member_name (builder, "validation_tokens");
  json_builder_add_int_value (builder, e->validation_tokens);
  json_builder_set_member_name (builder, "billed_tokens");
  json_builder_add_int_value (builder, e->billed_tokens);
  json_builder_set_member_name (builder, "price_usd");
  if (e->price >= 0)
    json_builder_add_double_value (builder, e->price);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "usd_per_million_tokens");
  if (e->price_per_mtok.usd_per_mtok >= 0)
    json_builder_add_double_value (builder, e->price_per_mtok.usd_per_mtok);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "price_source");
  json_builder_add_string_value (builder, e->price_per_mtok.source);
  json_builder_set_member_name (builder, "price_as_of");
  json_builder_add_string_value (builder, e->price_per_mtok.as_of);
  json_builder_set_member_name (builder, "price_stale");
  json_builder_add_boolean_value (builder, e->price_stale);
  json_builder_set_member_name (builder, "assumptions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < e->assumptions->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (e->assumptions, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  hone_cli_print_json (root);
}

static void
print_estimate (HoneEstimate        *e,
                const HoneModelInfo *model,
                HoneTrainingSettings *settings)
{
  const char *a = e->exact ? "" : "≈";
  g_autofree char *train = hone_text_format_count (e->train_tokens);
  g_autofree char *valid = hone_text_format_count (e->validation_tokens);
  g_autofree char *billed = hone_text_format_count (e->billed_tokens);
  guint width = hone_cli_get_text_width ();

  if (g_strcmp0 (model->provider->id, "openai") == 0)
    g_print (_("%s on %s, %s\n"), model->name, model->provider->name,
             settings->method == HONE_TRAINING_DPO ? _("DPO") : _("SFT"));
  else
    g_print (_("%s on %s, %s %s\n"), model->name, model->provider->name,
             settings->type == HONE_TRAINING_FULL ? _("full fine-tuning") : _("LoRA"),
             settings->method == HONE_TRAINING_DPO ? _("DPO") : _("SFT"));
  g_print (_("Training tokens per epoch: %s%s\n"), a, train);
  g_print (_("Validation tokens:         %s%s\n"), a, valid);
  g_print (_("Epochs:                    %u%s\n"), e->epochs, e->epochs_auto ? _(" (auto)") : "");
  g_print (_("Evaluations:               %u\n"), e->evaluations);
  g_print (_("Billed tokens:             %s%s\n"), a, billed);
  if (e->price >= 0)
    g_print (_("Price:                     %s$%.2f%s\n"), a, e->price,
             e->price_stale ? _(" (the price is more than 90 days old)") : "");
  else
    g_print (_("Price:                     unknown\n"));

  g_print (_("\nAssumptions:\n"));
  for (guint i = 0; i < e->assumptions->len; i++)
    {
      g_auto(GStrv) lines = hone_cli_wrap (g_ptr_array_index (e->assumptions, i),
                                           width > 8 ? width - 4 : width);

      for (guint l = 0; lines[l] != NULL; l++)
        g_print ("%s%s\n", l == 0 ? "  - " : "    ", lines[l]);
    }
}

int
hone_cli_estimate (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(HoneCliChecked) checked = { 0, };
  g_autoptr(HoneEstimate) estimate = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *today = NULL;
  HoneTrainingSettings settings = HONE_TRAINING_SETTINGS_INIT;
  gboolean json = FALSE, full = FALSE, dpo = FALSE;
  int epochs = 0, evaluations = -1;
  int status = HONE_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider,
      N_("The provider: together, fireworks or openai (default: the one chosen in Hone)"), N_("PROVIDER") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model_id,
      N_("The base model, as “hone-cli models” lists it"), N_("MODEL") },
    { "epochs", 'e', 0, G_OPTION_ARG_INT, &epochs,
      N_("Passes over the training examples (default: the provider’s auto)"), N_("N") },
    { "evaluations", 0, 0, G_OPTION_ARG_INT, &evaluations,
      N_("Evaluations on the validation examples (default: the provider’s)"), N_("N") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full,
      N_("Full fine-tuning instead of LoRA"), NULL },
    { "dpo", 0, 0, G_OPTION_ARG_NONE, &dpo,
      N_("Preference tuning (DPO) instead of supervised (SFT)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the estimate as JSON"), NULL },
    { "today", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &today,
      "Estimate as if today were DATE (YYYY-MM-DD)", "DATE" },
    { NULL }
  };

  context = hone_cli_option_context_new (argv[0], _("FILE.hone"),
                                         _("Estimate what fine-tuning a project would cost: tokens per epoch, the\n"
                                           "epochs the provider picks, the tokens it bills and the price, with every\n"
                                           "assumption listed. Nothing is sent anywhere; the project is only read."),
                                         entries);
  if (!hone_cli_parse_options (context, argv[0], &argc, &argv))
    return HONE_CLI_EXIT_USAGE;
  if (argc != 2)
    return hone_cli_usage_error (argv[0], _("Give one project file."));
  if ((provider == NULL) != (model_id == NULL))
    return hone_cli_usage_error (argv[0], _("Give --provider and --model together."));
  if (epochs < 0 || epochs > 100)
    return hone_cli_usage_error (argv[0], _("--epochs must be between 1 and 100 (or left out for auto)."));
  if (evaluations < -1 || evaluations > 1000)
    return hone_cli_usage_error (argv[0], _("--evaluations must be between 0 and 1000."));

  settings.epochs = epochs;
  settings.evaluations = evaluations;
  settings.type = full ? HONE_TRAINING_FULL : HONE_TRAINING_LORA;
  settings.method = dpo ? HONE_TRAINING_DPO : HONE_TRAINING_SFT;

  if (!hone_cli_open_and_validate (&checked, argv[0], argv[1], provider, model_id, today, FALSE, &status))
    return status;
  if (full && g_strcmp0 (checked.model->provider->id, "openai") == 0)
    return hone_cli_usage_error (argv[0], _("OpenAI offers no choice between LoRA and full fine-tuning: leave out --full."));

  estimate = hone_estimate_new (checked.validation, checked.model, &settings, today);
  if (json)
    print_estimate_json (estimate, checked.model, &settings);
  else
    print_estimate (estimate, checked.model, &settings);

  return HONE_CLI_EXIT_OK;
}

static void
add_price (JsonBuilder     *builder,
           const char      *member,
           const HonePrice *price)
{
  if (price->usd_per_mtok < 0)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "usd_per_mtok");
  json_builder_add_double_value (builder, price->usd_per_mtok);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, price->source);
  json_builder_set_member_name (builder, "as_of");
  json_builder_add_string_value (builder, price->as_of);
  json_builder_end_object (builder);
}

int
hone_cli_models (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HoneModelCatalog) catalog = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autofree char *provider = NULL;
  gboolean json = FALSE;
  int status = HONE_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider,
      N_("Only the models of this provider"), N_("PROVIDER") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the catalogue as JSON"), NULL },
    { NULL }
  };

  context = hone_cli_option_context_new (argv[0], NULL,
                                         _("List the base models Hone knows each provider fine-tunes, with their\n"
                                           "limits and training prices (per million tokens) and when each price was\n"
                                           "read. Your own ~/.config/hone/models.json is merged over Hone’s."),
                                         entries);
  if (!hone_cli_parse_options (context, argv[0], &argc, &argv))
    return HONE_CLI_EXIT_USAGE;
  if (argc > 1)
    return hone_cli_usage_error (argv[0], _("“%s” is not an option of models."), argv[1]);

  catalog = load_catalog (&status);
  if (catalog == NULL)
    return status;
  if (provider != NULL && hone_model_catalog_find_provider (catalog, provider) == NULL)
    return hone_cli_usage_error (argv[0], _("There is no provider “%s”."), provider);

  models = hone_model_catalog_list_models (catalog, provider);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < models->len; i++)
        {
          const HoneModelInfo *m = g_ptr_array_index (models, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "provider");
          json_builder_add_string_value (builder, m->provider->id);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, m->id);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, m->name);
          json_builder_set_member_name (builder, "tokenizer");
          json_builder_add_string_value (builder, m->tokenizer);
          json_builder_set_member_name (builder, "context_length");
          json_builder_add_int_value (builder, m->context_length);
          json_builder_set_member_name (builder, "max_example_tokens");
          json_builder_add_int_value (builder, m->max_example_tokens);
          json_builder_set_member_name (builder, "min_examples");
          json_builder_add_int_value (builder, m->min_examples);
          add_price (builder, "lora_sft", &m->training[HONE_TRAINING_LORA][HONE_TRAINING_SFT]);
          add_price (builder, "full_sft", &m->training[HONE_TRAINING_FULL][HONE_TRAINING_SFT]);
          add_price (builder, "lora_dpo", &m->training[HONE_TRAINING_LORA][HONE_TRAINING_DPO]);
          add_price (builder, "full_dpo", &m->training[HONE_TRAINING_FULL][HONE_TRAINING_DPO]);
          if (m->provider->cutoff != NULL)
            {
              json_builder_set_member_name (builder, "cutoff");
              json_builder_add_string_value (builder, m->provider->cutoff);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      hone_cli_print_json (root);
      return HONE_CLI_EXIT_OK;
    }

  for (guint i = 0; i < models->len; i++)
    {
      const HoneModelInfo *m = g_ptr_array_index (models, i);
      const HonePrice *lora = &m->training[HONE_TRAINING_LORA][HONE_TRAINING_SFT];
      const HonePrice *fullp = &m->training[HONE_TRAINING_FULL][HONE_TRAINING_SFT];
      g_autofree char *context_len = hone_text_format_count (m->context_length);
      g_autoptr(GString) prices = g_string_new (NULL);

      if (i == 0 || ((const HoneModelInfo *) g_ptr_array_index (models, i - 1))->provider != m->provider)
        {
          g_print ("%s%s (%s)\n", i > 0 ? "\n" : "", m->provider->name, m->provider->id);
          if (m->provider->cutoff != NULL)
            g_print (_("  No new fine-tuning jobs after %s.\n"), m->provider->cutoff);
        }
      if (lora->usd_per_mtok >= 0 && g_strcmp0 (m->provider->id, "openai") == 0)
        g_string_append_printf (prices, _("training $%.2f"), lora->usd_per_mtok);
      else if (lora->usd_per_mtok >= 0)
        g_string_append_printf (prices, _("LoRA $%.2f"), lora->usd_per_mtok);
      if (fullp->usd_per_mtok >= 0)
        g_string_append_printf (prices, _("%sfull $%.2f"), prices->len > 0 ? ", " : "", fullp->usd_per_mtok);
      if (lora->as_of != NULL || fullp->as_of != NULL)
        g_string_append_printf (prices, _(" (as of %s%s)"), lora->as_of != NULL ? lora->as_of : fullp->as_of,
                                hone_price_is_stale (lora->as_of != NULL ? lora : fullp, NULL) ? _(", old") : "");
      g_print ("  %-48s %s, context %s, %s\n", m->id, m->name, context_len,
               prices->len > 0 ? prices->str : _("no price known"));
    }

  return HONE_CLI_EXIT_OK;
}
