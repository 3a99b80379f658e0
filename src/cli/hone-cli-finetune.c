/* hone-cli-finetune.c: hone-cli finetune start, list, status, watch,
 * cancel, resume and discard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same runner as the app (src/net/hone-fine-tune-runner.c): the
 * project records every step, so a start cut short here is resumed or
 * given up by `finetune resume|discard` or in Hone. Keys come from the
 * provider's usual environment variable or the keyring and are never
 * printed.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gio/gio.h>

#include "hone-core.h"
#include "hone-estimate.h"
#include "hone-fine-tune-runner.h"
#include "hone-fine-tune-sync.h"
#include "hone-provider.h"
#include "hone-secrets.h"
#include "hone-text-encoding.h"

#include "hone-cli-private.h"

/* Waiting for async work in a command ------------------------------------ */

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Ctrl+C while starting: stop cleanly, so the record says where it stopped */
static gboolean
interrupt_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/* Printing a record -------------------------------------------------------- */

static const char *
status_label (const HoneFineTuneRecord *record)
{
  switch (record->step)
    {
    case HONE_FINE_TUNE_STEP_PREPARING:
      return _("interrupted while preparing the files");
    case HONE_FINE_TUNE_STEP_UPLOADING:
      return _("interrupted while sending the files");
    case HONE_FINE_TUNE_STEP_CREATING:
      return _("interrupted while starting");
    case HONE_FINE_TUNE_STEP_NOT_STARTED:
      return _("not started");
    case HONE_FINE_TUNE_STEP_STARTED:
    default:
      return record->status != NULL ? record->status : "unknown";
    }
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_count (JsonBuilder *builder,
           const char  *name,
           gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_price (JsonBuilder *builder,
           const char  *name,
           double       value)
{
  json_builder_set_member_name (builder, name);
  if (value >= 0)
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       unix_time)
{
  g_autofree char *text = hone_cli_format_utc_time (unix_time);
  add_string (builder, name, text);
}

static void
build_record (JsonBuilder              *builder,
              const HoneFineTuneRecord *record)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) metrics = hone_fine_tune_metrics_from_json (record->metrics_json);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, record->id);
  add_string (builder, "provider", record->provider_id);
  add_string (builder, "model", record->model_id);
  add_string (builder, "step", hone_fine_tune_step_to_string (record->step));
  add_string (builder, "job", record->job_id);
  add_string (builder, "status", record->status);
  add_string (builder, "provider_status", record->raw_status);
  add_string (builder, "output_model", record->output_model);
  add_string (builder, "error", record->error_message);
  add_count (builder, "training_examples", record->n_train);
  add_count (builder, "validation_examples", record->n_validation);
  add_string (builder, "training_file", record->training_file_id);
  add_string (builder, "validation_file", record->validation_file_id);
  add_count (builder, "estimated_tokens", record->estimate_tokens);
  add_price (builder, "estimated_price_usd", record->estimate_price);
  add_price (builder, "provider_estimate_usd", record->provider_estimate);
  add_count (builder, "billed_tokens", record->billed_tokens);
  add_price (builder, "billed_price_usd", record->billed_price);
  add_time (builder, "created", record->created);
  add_time (builder, "finished", record->finished);
  json_builder_set_member_name (builder, "settings");
  if (json_parser_load_from_data (parser, record->settings_json != NULL ? record->settings_json : "{}", -1, NULL))
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "losses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < metrics->len; i++)
    {
      const HoneFineTuneMetric *m = &g_array_index (metrics, HoneFineTuneMetric, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "step");
      json_builder_add_int_value (builder, m->step);
      json_builder_set_member_name (builder, "training");
      if (isnan (m->train_loss))
        json_builder_add_null_value (builder);
      else
        json_builder_add_double_value (builder, m->train_loss);
      json_builder_set_member_name (builder, "validation");
      if (isnan (m->eval_loss))
        json_builder_add_null_value (builder);
      else
        json_builder_add_double_value (builder, m->eval_loss);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_record_json (const HoneFineTuneRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  build_record (builder, record);
  root = json_builder_get_root (builder);
  hone_cli_print_json (root);
}

/* The last training and validation loss, or NAN */
static void
last_losses (const HoneFineTuneRecord *record,
             double                   *train,
             double                   *eval,
             gint64                   *step)
{
  g_autoptr(GArray) metrics = hone_fine_tune_metrics_from_json (record->metrics_json);

  *train = *eval = NAN;
  *step = -1;
  for (guint i = 0; i < metrics->len; i++)
    {
      const HoneFineTuneMetric *m = &g_array_index (metrics, HoneFineTuneMetric, i);

      if (!isnan (m->train_loss))
        {
          *train = m->train_loss;
          *step = MAX (*step, m->step);
        }
      if (!isnan (m->eval_loss))
        *eval = m->eval_loss;
    }
}

static void
print_record (const HoneFineTuneRecord *record)
{
  g_autofree char *created = hone_cli_format_local_time (record->created);
  g_autofree char *provider = hone_secrets_dup_provider_name (record->provider_id);
  double train, eval;
  gint64 step;

  g_print (_("Fine-tune %" G_GINT64_FORMAT ": %s\n"), record->id, status_label (record));
  g_print (_("  Model:       %s on %s\n"), record->model_id, provider);
  if (record->job_id != NULL)
    g_print (_("  Job:         %s\n"), record->job_id);
  g_print (_("  Started:     %s\n"), created);
  if (record->finished > 0)
    {
      g_autofree char *finished = hone_cli_format_local_time (record->finished);
      g_print (_("  Finished:    %s\n"), finished);
    }
  g_print (_("  Examples:    %" G_GINT64_FORMAT " training, %" G_GINT64_FORMAT " validation\n"),
           record->n_train, record->n_validation);
  if (record->estimate_tokens >= 0)
    {
      g_autofree char *tokens = hone_text_format_count (record->estimate_tokens);
      if (record->estimate_price >= 0)
        g_print (_("  Estimated:   %s billed tokens, ≈ $%.2f\n"), tokens, record->estimate_price);
      else
        g_print (_("  Estimated:   %s billed tokens\n"), tokens);
    }
  if (record->provider_estimate >= 0)
    {
      g_autofree char *provider_name = hone_secrets_dup_provider_name (record->provider_id);
      g_print (_("  %s’s estimate: $%.2f\n"), provider_name, record->provider_estimate);
    }
  if (record->billed_tokens >= 0 || record->billed_price >= 0)
    {
      g_autofree char *tokens = record->billed_tokens >= 0 ? hone_text_format_count (record->billed_tokens)
                                                           : g_strdup ("?");
      if (record->billed_price >= 0)
        g_print (_("  Billed:      %s tokens, $%.2f\n"), tokens, record->billed_price);
      else
        g_print (_("  Billed:      %s tokens\n"), tokens);
    }
  last_losses (record, &train, &eval, &step);
  if (!isnan (train))
    {
      if (!isnan (eval))
        g_print (_("  Loss:        %.4f training, %.4f validation (step %" G_GINT64_FORMAT ")\n"), train, eval, step);
      else
        g_print (_("  Loss:        %.4f training (step %" G_GINT64_FORMAT ")\n"), train, step);
    }
  if (record->output_model != NULL)
    g_print (_("  Output:      %s\n"), record->output_model);
  if (record->error_message != NULL)
    g_print (_("  Problem:     %s\n"), record->error_message);
}

/* Opening, keys, providers -------------------------------------------------- */

static HoneProject *
open_project (const char  *path,
              int         *exit_status)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  HoneProject *project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);

  if (project == NULL)
    *exit_status = hone_cli_fail (error);
  return project;
}

/* A provider for @provider_id with its key from the environment or the
 * keyring, or NULL with @exit_status set */
static HoneProvider *
make_provider (const char *provider_id,
               const char *base_url,
               const char *account_id,
               int        *exit_status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  HoneProvider *provider;

  key = hone_secrets_lookup_for_cli (provider_id, NULL, &error);
  if (key == NULL)
    {
      *exit_status = hone_cli_fail (error);
      return NULL;
    }
  provider = hone_provider_new (provider_id, NULL, key, base_url, &error);
  if (provider == NULL)
    {
      *exit_status = hone_cli_fail (error);
      return NULL;
    }
  if (account_id != NULL)
    hone_provider_set_account_id (provider, account_id);
  return provider;
}

/* The provider of @record, at the address it was started on */
static HoneProvider *
provider_for_record (const HoneFineTuneRecord *record,
                     const char               *base_url,
                     int                      *exit_status)
{
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_from_json (record->settings_json, NULL);

  return make_provider (record->provider_id, base_url != NULL ? base_url : record->base_url,
                        settings != NULL ? settings->account_id : NULL, exit_status);
}

static HoneFineTuneRecord *
find_record (HoneProject *project,
             const char  *job,
             int         *exit_status)
{
  g_autoptr(GError) error = NULL;
  HoneFineTuneRecord *record = hone_project_find_fine_tune (project, job, &error);

  if (record == NULL)
    *exit_status = hone_cli_fail (error);
  return record;
}

static gboolean
is_suffix_valid (const char *suffix)
{
  for (const char *p = suffix; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return suffix[0] != '\0';
}

/* start ----------------------------------------------------------------- */

typedef struct {
  gboolean  quiet;
  char     *last_message;
  int       last_percent;
} Progress;

static void
progress_cb (HoneFineTuneRunner *runner,
             GParamSpec         *pspec,
             Progress           *progress)
{
  const char *message = hone_fine_tune_runner_get_message (runner);
  int percent = (int) (hone_fine_tune_runner_get_progress (runner) * 100);

  if (progress->quiet || message == NULL)
    return;
  if (g_strcmp0 (message, progress->last_message) == 0 && percent / 10 == progress->last_percent / 10)
    return;
  g_free (progress->last_message);
  progress->last_message = g_strdup (message);
  progress->last_percent = percent;
  g_printerr ("%s %d%%\n", message, percent);
}

static void
print_problems (HoneValidation *validation,
                HoneSeverity    severity,
                guint           max)
{
  guint shown = 0;

  for (guint i = 0; i < validation->problems->len && shown < max; i++)
    {
      const HoneProblem *p = g_ptr_array_index (validation->problems, i);

      if (p->severity != severity)
        continue;
      g_printerr ("  - %s\n", p->message);
      shown++;
    }
}

static int
finetune_start (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(HoneCliChecked) checked = { 0, };
  g_autoptr(HoneEstimate) estimate = NULL;
  g_autoptr(HoneFineTuneSettings) settings = hone_fine_tune_settings_new ();
  g_autoptr(HoneProvider) provider = NULL;
  g_autoptr(HoneFineTuneRunner) runner = NULL;
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *provider_id = NULL;
  g_autofree char *model_id = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *account = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *today = NULL;
  g_autofree char *learning_rate = NULL;
  HoneTrainingSettings training = HONE_TRAINING_SETTINGS_INIT;
  Progress progress = { 0, };
  gboolean json = FALSE, full = FALSE, accept_warnings = FALSE;
  int epochs = -1, batch_size = -1, lora_rank = -1, lora_alpha = -1, evaluations = -1, checkpoints = -1;
  int seed = -1;
  int status = HONE_CLI_EXIT_OK;
  guint sigint_id;
  gint64 id;
  const GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider_id,
      N_("Where to train: together, fireworks or openai (default: the one chosen in Hone)"), N_("PROVIDER") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model_id,
      N_("The base model, as “hone-cli models” lists it"), N_("MODEL") },
    { "epochs", 'e', 0, G_OPTION_ARG_INT, &epochs,
      N_("Passes over the training examples (default: the provider’s auto)"), N_("N") },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &batch_size,
      N_("Examples per training step (default: auto)"), N_("N") },
    { "learning-rate", 0, 0, G_OPTION_ARG_STRING, &learning_rate,
      N_("The learning rate; for OpenAI, the multiplier of its own (default: auto)"), N_("RATE") },
    { "lora-rank", 0, 0, G_OPTION_ARG_INT, &lora_rank,
      N_("LoRA rank (default: the provider’s)"), N_("N") },
    { "lora-alpha", 0, 0, G_OPTION_ARG_INT, &lora_alpha,
      N_("LoRA alpha (default: twice the rank when a rank is given)"), N_("N") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full,
      N_("Full fine-tuning instead of LoRA (Together)"), NULL },
    { "evaluations", 0, 0, G_OPTION_ARG_INT, &evaluations,
      N_("Evaluations on the validation examples (Together)"), N_("N") },
    { "checkpoints", 0, 0, G_OPTION_ARG_INT, &checkpoints,
      N_("Checkpoints to keep (Together)"), N_("N") },
    { "suffix", 0, 0, G_OPTION_ARG_STRING, &suffix,
      N_("Added to the fine-tuned model’s name (letters, digits, - and _)"), N_("TEXT") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed,
      N_("Random seed, for a run that can be repeated"), N_("N") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account,
      N_("The Fireworks account (default: $FIREWORKS_ACCOUNT_ID)"), N_("ID") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("Send to this address instead of the provider’s own (a gateway or proxy)"), N_("URL") },
    { "accept-warnings", 0, 0, G_OPTION_ARG_NONE, &accept_warnings,
      N_("Start although the check gave warnings"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the started fine-tune as JSON"), NULL },
    { "today", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &today,
      "Check as if today were DATE (YYYY-MM-DD)", "DATE" },
    { NULL }
  };

  context = hone_cli_option_context_new ("finetune start", _("FILE.hone"),
                                         _("Start a fine-tune: check the project for the model (errors stop it;\n"
                                           "warnings need --accept-warnings), show the estimate, render the training\n"
                                           "and validation examples through the templates, send them and create the\n"
                                           "job. The project keeps the files, the templates and the settings that\n"
                                           "trained it. The API key comes from TOGETHER_API_KEY, FIREWORKS_API_KEY or\n"
                                           "OPENAI_API_KEY, else from the keyring (Hone’s Preferences)."),
                                         entries);
  if (!hone_cli_parse_options (context, "finetune start", &argc, &argv))
    return HONE_CLI_EXIT_USAGE;
  if (argc != 2)
    return hone_cli_usage_error ("finetune start", _("Give one project file."));
  if ((provider_id == NULL) != (model_id == NULL))
    return hone_cli_usage_error ("finetune start", _("Give --provider and --model together."));
  if (epochs == 0 || epochs > 100)
    return hone_cli_usage_error ("finetune start", _("--epochs must be between 1 and 100 (or left out for auto)."));
  if (suffix != NULL && !is_suffix_valid (suffix))
    return hone_cli_usage_error ("finetune start", _("--suffix may hold letters, digits, - and _ only."));
  if (learning_rate != NULL)
    {
      char *end = NULL;
      settings->learning_rate = g_ascii_strtod (learning_rate, &end);
      if (end == learning_rate || *end != '\0' || !(settings->learning_rate > 0))
        return hone_cli_usage_error ("finetune start", _("--learning-rate must be a positive number, like 0.00002 or 2e-5."));
    }
  if (full && (lora_rank >= 0 || lora_alpha >= 0))
    return hone_cli_usage_error ("finetune start", _("--full trains without LoRA: leave out --lora-rank and --lora-alpha."));

  settings->n_epochs = epochs;
  settings->batch_size = batch_size;
  settings->lora = full ? 0 : -1;
  settings->lora_rank = lora_rank;
  settings->lora_alpha = lora_alpha;
  settings->n_evals = evaluations;
  settings->n_checkpoints = checkpoints;
  settings->suffix = g_steal_pointer (&suffix);
  if (seed >= 0)
    {
      settings->has_seed = TRUE;
      settings->seed = seed;
    }

  if (!hone_cli_open_and_validate (&checked, "finetune start", argv[1], provider_id, model_id, today, TRUE, &status))
    return status;

  if (!hone_provider_can_train (checked.model->provider->id))
    return hone_cli_usage_error ("finetune start", _("%s is for trying models only; Hone cannot fine-tune there."),
                                 checked.model->provider->name);
  if (g_str_equal (checked.model->provider->id, "fireworks"))
    {
      if (account == NULL && g_getenv ("FIREWORKS_ACCOUNT_ID") != NULL)
        account = g_strdup (g_getenv ("FIREWORKS_ACCOUNT_ID"));
      if (account == NULL)
        return hone_cli_usage_error ("finetune start",
                                     _("Fireworks AI needs your account id: give --account or set FIREWORKS_ACCOUNT_ID."));
      settings->account_id = g_strdup (account);
    }

  if (checked.validation->n_problems[HONE_SEVERITY_ERROR] > 0)
    {
      g_printerr (_("hone-cli: The project has %" G_GUINT64_FORMAT " errors to fix before it can train %s:\n"),
                  checked.validation->n_problems[HONE_SEVERITY_ERROR], checked.model->name);
      print_problems (checked.validation, HONE_SEVERITY_ERROR, 5);
      g_printerr (_("“hone-cli validate %s” lists them all. Nothing was sent.\n"), argv[1]);
      return HONE_CLI_EXIT_FAILURE;
    }
  if (checked.validation->n_problems[HONE_SEVERITY_WARNING] > 0 && !accept_warnings)
    {
      g_printerr (_("hone-cli: The check gave %" G_GUINT64_FORMAT " warnings:\n"),
                  checked.validation->n_problems[HONE_SEVERITY_WARNING]);
      print_problems (checked.validation, HONE_SEVERITY_WARNING, 5);
      g_printerr (_("Read them (“hone-cli validate %s”), then start again with --accept-warnings. Nothing was sent.\n"),
                  argv[1]);
      return HONE_CLI_EXIT_FAILURE;
    }

  training.epochs = epochs > 0 ? epochs : 0;
  training.evaluations = evaluations;
  training.type = full ? HONE_TRAINING_FULL : HONE_TRAINING_LORA;
  estimate = hone_estimate_new (checked.validation, checked.model, &training, today);

  provider = make_provider (checked.model->provider->id, base_url, account, &status);
  if (provider == NULL)
    return status;
  if (today != NULL)
    {
      g_autofree char *iso = g_strconcat (today, "T12:00:00Z", NULL);
      g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, NULL);
      if (date != NULL)
        hone_provider_set_today (provider, date);
    }

  if (!json)
    {
      g_autofree char *billed = hone_text_format_count (estimate->billed_tokens);
      const HoneProviderInfo *info = checked.model->provider;

      if (info->cutoff != NULL)
        {
          g_autofree char *day = hone_text_format_day (info->cutoff);
          g_print (_("%s takes no new fine-tuning jobs after %s.\n"), info->name, day);
        }
      const char *a = estimate->exact ? "" : "≈";

      if (estimate->price >= 0)
        g_print (_("Estimate: %s%s billed tokens, %s$%.2f (“hone-cli estimate” shows the assumptions)\n"),
                 a, billed, a, estimate->price);
      else
        g_print (_("Estimate: %s%s billed tokens (the price of this model is not known)\n"), a, billed);
    }

  runner = hone_fine_tune_runner_new (checked.project, provider);
  progress.quiet = json;
  g_signal_connect (runner, "notify::progress", G_CALLBACK (progress_cb), &progress);
  g_signal_connect (runner, "notify::message", G_CALLBACK (progress_cb), &progress);
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, cancellable);
  hone_fine_tune_runner_start_async (runner, checked.model->id, settings,
                                     estimate->billed_tokens, estimate->price,
                                     cancellable, got_result_cb, &result);
  id = hone_fine_tune_runner_start_finish (runner, wait_for (&result), &error);
  g_source_remove (sigint_id);
  g_free (progress.last_message);

  if (id == 0)
    {
      gint64 record_id = hone_fine_tune_runner_get_record_id (runner);

      status = hone_cli_fail (error);
      if (record_id > 0)
        {
          g_autoptr(HoneFineTuneRecord) failed = hone_project_get_fine_tune (checked.project, record_id, NULL);

          if (failed != NULL && hone_fine_tune_step_is_unfinished (failed->step))
            g_printerr (_("The fine-tune is recorded as %" G_GINT64_FORMAT ". Go on with “hone-cli finetune resume %s %" G_GINT64_FORMAT "”, "
                          "or give it up with “hone-cli finetune discard %s %" G_GINT64_FORMAT "”.\n"),
                        record_id, argv[1], record_id, argv[1], record_id);
        }
      return status;
    }

  record = hone_project_get_fine_tune (checked.project, id, &error);
  if (record == NULL)
    return hone_cli_fail (error);

  if (json)
    print_record_json (record);
  else
    {
      g_print (_("Started fine-tune %" G_GINT64_FORMAT " on %s: job %s (%s).\n"),
               record->id, hone_provider_get_name (provider), record->job_id, record->status);
      if (record->provider_estimate >= 0)
        g_print (_("%s estimates it at $%.2f.\n"), hone_provider_get_name (provider), record->provider_estimate);
      g_print (_("Follow it with: hone-cli finetune watch %s %s\n"), argv[1], record->job_id);
    }
  return HONE_CLI_EXIT_OK;
}

/* list ------------------------------------------------------------------ */

static int
finetune_list (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status = HONE_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the list as JSON"), NULL },
    { NULL }
  };

  context = hone_cli_option_context_new ("finetune list", _("FILE.hone"),
                                         _("List the fine-tunes started from a project, newest first, as Hone last\n"
                                           "saw them (nothing is asked of the providers)."),
                                         entries);
  if (!hone_cli_parse_options (context, "finetune list", &argc, &argv))
    return HONE_CLI_EXIT_USAGE;
  if (argc != 2)
    return hone_cli_usage_error ("finetune list", _("Give one project file."));

  project = open_project (argv[1], &status);
  if (project == NULL)
    return status;
  records = hone_project_list_fine_tunes (project, &error);
  if (records == NULL)
    return hone_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < records->len; i++)
        build_record (builder, g_ptr_array_index (records, i));
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      hone_cli_print_json (root);
      return HONE_CLI_EXIT_OK;
    }

  if (records->len == 0)
    {
      g_print (_("No fine-tunes yet. Start one with “hone-cli finetune start %s”.\n"), argv[1]);
      return HONE_CLI_EXIT_OK;
    }

  for (guint i = 0; i < records->len; i++)
    {
      HoneFineTuneRecord *record = g_ptr_array_index (records, i);
      g_autofree char *created = hone_cli_format_local_time (record->created);
      g_autofree char *price = NULL;

      if (record->billed_price >= 0)
        price = g_strdup_printf ("$%.2f", record->billed_price);
      else if (record->estimate_price >= 0)
        price = g_strdup_printf ("≈ $%.2f", record->estimate_price);
      else
        price = g_strdup ("—");
      g_print ("%-4" G_GINT64_FORMAT " %-24s %-12s %-16s %-8s %s\n", record->id,
               record->job_id != NULL ? record->job_id : "—", status_label (record), created, price,
               record->model_id);
    }
  return HONE_CLI_EXIT_OK;
}

/* status, watch ------------------------------------------------------------- */

static gboolean
refresh (HoneProject  *project,
         HoneProvider *provider,
         gint64        id,
         gboolean     *changed,
         GError      **error)
{
  g_autoptr(HoneFineTuneRunner) runner = hone_fine_tune_runner_new (project, provider);
  g_autoptr(GAsyncResult) result = NULL;

  hone_fine_tune_runner_refresh_async (runner, id, NULL, got_result_cb, &result);
  return hone_fine_tune_runner_refresh_finish (runner, wait_for (&result), changed, error);
}

/* Exit status for a job that is over */
static int
final_status (const HoneFineTuneRecord *record)
{
  return g_strcmp0 (record->status, "succeeded") == 0 ? HONE_CLI_EXIT_OK : HONE_CLI_EXIT_FAILURE;
}

static int
finetune_status (int    argc,
                 char **argv,
                 gboolean watch)
{
  const char *command = watch ? "finetune watch" : "finetune status";
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(HoneProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  gboolean json = FALSE, offline = FALSE;
  double interval = 30;
  int status = HONE_CLI_EXIT_OK;
  guint n_events_shown = 0;
  const char *last_status = NULL;
  g_autofree char *last_status_copy = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      watch ? N_("Print each change as one line of JSON") : N_("Print the fine-tune as JSON"), NULL },
    { "offline", 0, watch ? G_OPTION_FLAG_HIDDEN : 0, G_OPTION_ARG_NONE, &offline,
      N_("Show what Hone last saw, without asking the provider"), NULL },
    { "interval", 0, watch ? 0 : G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, &interval,
      N_("Seconds between two looks at the job (default 30)"), N_("SECONDS") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("Ask this address instead of the one the fine-tune was started on"), N_("URL") },
    { NULL }
  };

  context = hone_cli_option_context_new (command, _("FILE.hone JOB"),
                                         watch ? _("Follow a fine-tune until it ends, printing its status and events as they\n"
                                                   "come. JOB is the provider’s job id or Hone’s number for it (“finetune\n"
                                                   "list”). Exit status: 0 when it succeeded, 1 when it failed or was\n"
                                                   "cancelled.")
                                               : _("Show a fine-tune as its provider reports it now, and keep that in the\n"
                                                   "project. JOB is the provider’s job id or Hone’s number for it."),
                                         entries);
  if (!hone_cli_parse_options (context, command, &argc, &argv))
    return HONE_CLI_EXIT_USAGE;
  if (argc != 3)
    return hone_cli_usage_error (command, _("Give a project file and a job."));
  if (!(interval >= 0.01))
    return hone_cli_usage_error (command, _("--interval must be a positive number of seconds."));

  project = open_project (argv[1], &status);
  if (project == NULL)
    return status;
  record = find_record (project, argv[2], &status);
  if (record == NULL)
    return status;

  if (record->step != HONE_FINE_TUNE_STEP_STARTED || offline)
    {
      if (watch && record->step != HONE_FINE_TUNE_STEP_STARTED)
        {
          g_printerr (_("hone-cli: Fine-tune %" G_GINT64_FORMAT " has no job to follow (%s).\n"),
                      record->id, status_label (record));
          return HONE_CLI_EXIT_FAILURE;
        }
      if (json)
        print_record_json (record);
      else
        print_record (record);
      return HONE_CLI_EXIT_OK;
    }

  provider = provider_for_record (record, base_url, &status);
  if (provider == NULL)
    return status;

  for (;;)
    {
      g_autoptr(GPtrArray) events = NULL;
      gboolean changed = FALSE;

      if (!refresh (project, provider, record->id, &changed, &error))
        {
          if (!watch)
            return hone_cli_fail (error);
          /* A look that failed is tried again: the job goes on meanwhile */
          hone_cli_warn ("%s", error->message);
          g_clear_error (&error);
        }
      else
        {
          gint64 id = record->id;

          g_clear_pointer (&record, hone_fine_tune_record_free);
          record = hone_project_get_fine_tune (project, id, &error);
          if (record == NULL)
            return hone_cli_fail (error);
        }

      if (!watch)
        {
          if (json)
            print_record_json (record);
          else
            print_record (record);
          return HONE_CLI_EXIT_OK;
        }

      /* watch: the status when it changes, and new events */
      events = hone_fine_tune_events_from_json (record->events_json);
      if (g_strcmp0 (last_status, record->status) != 0)
        {
          double train, eval;
          gint64 step;

          g_free (last_status_copy);
          last_status = last_status_copy = g_strdup (record->status);
          last_losses (record, &train, &eval, &step);
          if (json)
            {
              g_autoptr(JsonBuilder) builder = json_builder_new ();
              g_autoptr(JsonNode) root = NULL;
              g_autoptr(JsonGenerator) generator = json_generator_new ();
              g_autofree char *line = NULL;

              build_record (builder, record);
              root = json_builder_get_root (builder);
              json_generator_set_root (generator, root);
              line = json_generator_to_data (generator, NULL);
              g_print ("%s\n", line);
            }
          else if (!isnan (train))
            g_print (_("%s — loss %.4f at step %" G_GINT64_FORMAT "\n"), record->status, train, step);
          else
            g_print ("%s\n", record->status);
        }
      for (; !json && n_events_shown < events->len; n_events_shown++)
        {
          HoneFineTuneEvent *event = g_ptr_array_index (events, n_events_shown);
          g_autoptr(GDateTime) local = event->created_at != NULL ? g_date_time_to_local (event->created_at) : NULL;
          g_autofree char *time = local != NULL ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("");

          g_print ("  %s %s\n", time, event->message != NULL ? event->message : "");
        }
      fflush (stdout);

      if (hone_fine_tune_record_is_final (record))
        {
          if (!json)
            print_record (record);
          return final_status (record);
        }

      g_usleep ((gulong) (interval * G_USEC_PER_SEC));
    }
}

/* cancel, resume, discard ---------------------------------------------------- */

typedef enum {
  ACT_CANCEL,
  ACT_RESUME,
  ACT_DISCARD,
} Act;

static int
finetune_act (int    argc,
              char **argv,
              Act    act)
{
  static const char * const commands[] = { "finetune cancel", "finetune resume", "finetune discard" };
  const char *command = commands[act];
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(HoneFineTuneRecord) record = NULL;
  g_autoptr(HoneProvider) provider = NULL;
  g_autoptr(HoneFineTuneRunner) runner = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  gboolean json = FALSE, ok;
  int status = HONE_CLI_EXIT_OK;
  gint64 id;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the fine-tune as JSON"), NULL },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("Send to this address instead of the one the fine-tune was started on"), N_("URL") },
    { NULL }
  };
  static const char * const summaries[] = {
    N_("Ask the provider to stop a fine-tune. What was trained so far is billed."),
    N_("Go on with a start that was cut short (Hone quit, the network failed): the\n"
       "files kept in the project are sent as they were, and a job the provider\n"
       "made although its answer was lost is found instead of made twice."),
    N_("Give up a start that was cut short. If the provider made the job after all,\n"
       "it is kept and followed instead (exit status 1 says so)."),
  };

  context = hone_cli_option_context_new (command, _("FILE.hone JOB"), _(summaries[act]), entries);
  if (!hone_cli_parse_options (context, command, &argc, &argv))
    return HONE_CLI_EXIT_USAGE;
  if (argc != 3)
    return hone_cli_usage_error (command, _("Give a project file and a job."));

  project = open_project (argv[1], &status);
  if (project == NULL)
    return status;
  record = find_record (project, argv[2], &status);
  if (record == NULL)
    return status;

  provider = provider_for_record (record, base_url, &status);
  if (provider == NULL)
    return status;
  runner = hone_fine_tune_runner_new (project, provider);
  id = record->id;

  switch (act)
    {
    case ACT_CANCEL:
      hone_fine_tune_runner_cancel_async (runner, id, NULL, got_result_cb, &result);
      ok = hone_fine_tune_runner_cancel_finish (runner, wait_for (&result), &error);
      break;
    case ACT_RESUME:
      hone_fine_tune_runner_resume_async (runner, id, NULL, got_result_cb, &result);
      ok = hone_fine_tune_runner_resume_finish (runner, wait_for (&result), &error);
      break;
    case ACT_DISCARD:
    default:
      hone_fine_tune_runner_discard_async (runner, id, NULL, got_result_cb, &result);
      ok = hone_fine_tune_runner_discard_finish (runner, wait_for (&result), &error);
      break;
    }
  if (!ok)
    return hone_cli_fail (error);

  g_clear_pointer (&record, hone_fine_tune_record_free);
  record = hone_project_get_fine_tune (project, id, &error);
  if (record == NULL)
    return hone_cli_fail (error);
  if (json)
    print_record_json (record);
  else
    print_record (record);
  return HONE_CLI_EXIT_OK;
}

/* The command ---------------------------------------------------------------- */

int
hone_cli_finetune (int    argc,
                   char **argv)
{
  static const struct {
    const char *name;
    const char *summary;
  } actions[] = {
    { "start",   N_("check, send and start a fine-tune") },
    { "list",    N_("the fine-tunes of a project") },
    { "status",  N_("a fine-tune as its provider reports it now") },
    { "watch",   N_("follow a fine-tune until it ends") },
    { "cancel",  N_("stop a running fine-tune") },
    { "resume",  N_("go on with a start that was cut short") },
    { "discard", N_("give up a start that was cut short") },
  };
  const char *action = argc > 1 ? argv[1] : NULL;

  if (action == NULL || g_str_equal (action, "--help") || g_str_equal (action, "-h"))
    {
      g_print (_("Usage:\n  hone-cli finetune ACTION FILE.hone [JOB] [OPTION…]\n\nActions:\n"));
      for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
        g_print ("  %-9s %s\n", actions[i].name, _(actions[i].summary));
      g_print (_("\n“hone-cli finetune ACTION --help” tells more.\n"));
      return action == NULL ? HONE_CLI_EXIT_USAGE : HONE_CLI_EXIT_OK;
    }

  /* "finetune start …" runs as "start …" */
  argc--;
  argv++;
  if (g_str_equal (action, "start"))
    return finetune_start (argc, argv);
  if (g_str_equal (action, "list"))
    return finetune_list (argc, argv);
  if (g_str_equal (action, "status"))
    return finetune_status (argc, argv, FALSE);
  if (g_str_equal (action, "watch"))
    return finetune_status (argc, argv, TRUE);
  if (g_str_equal (action, "cancel"))
    return finetune_act (argc, argv, ACT_CANCEL);
  if (g_str_equal (action, "resume"))
    return finetune_act (argc, argv, ACT_RESUME);
  if (g_str_equal (action, "discard"))
    return finetune_act (argc, argv, ACT_DISCARD);

  return hone_cli_usage_error ("finetune", _("There is no action “%s”: use start, list, status, watch, cancel, resume or discard."),
                               action);
}
