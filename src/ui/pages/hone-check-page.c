/* hone-check-page.c: the Check page: the model, the totals, the estimate
 * and the problems of a project's examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "hone-check-page.h"
#include "hone-project-window.h"
#include "hone-text-encoding.h"

struct _HoneCheckPage
{
  AdwBin                parent_instance;

  HoneDatasetCheck     *check;
  HoneUndoStack        *undo_stack;

  /* The providers and models in the combo rows: the catalogue they come
   * from, the provider shown and its models (const HoneModelInfo *). The
   * rows' lists are replaced only when these change: never while a row's
   * selection changes. */
  HoneModelCatalog     *shown_catalog;
  const HoneProviderInfo *shown_provider;
  GPtrArray            *models;
  /* Set while the page moves its own controls */
  gboolean              syncing;
  /* The problems changed while the page was not on screen */
  gboolean              problems_dirty;

  /* Rows added to the problems group and to the assumptions */
  GPtrArray            *problem_rows;
  GPtrArray            *assumption_rows;
  /* Codes whose group is open; kept across checks */
  GHashTable           *expanded_codes;
  GtkWidget            *ready_row;
  gint64                longest_id;

  GtkStack             *stack;
  AdwPreferencesGroup  *model_group;
  AdwComboRow          *provider_row;
  AdwComboRow          *model_row;
  AdwActionRow         *cutoff_row;
  AdwActionRow         *stale_row;
  AdwActionRow         *target_row;
  AdwActionRow         *catalog_row;
  AdwComboRow          *type_row;
  AdwActionRow         *epochs_row;
  GtkSpinButton        *epochs_spin;
  AdwActionRow         *evaluations_row;
  GtkSpinButton        *evaluations_spin;
  AdwPreferencesGroup  *totals_group;
  GtkWidget            *running_box;
  GtkSpinner           *spinner;
  AdwActionRow         *examples_row;
  AdwActionRow         *tokens_row;
  AdwActionRow         *file_row;
  AdwActionRow         *longest_row;
  GtkButton            *longest_button;
  AdwPreferencesGroup  *estimate_group;
  AdwActionRow         *billed_row;
  AdwActionRow         *price_row;
  GtkLabel             *price_label;
  AdwExpanderRow       *assumptions_row;
  AdwPreferencesGroup  *problems_group;
};

G_DEFINE_FINAL_TYPE (HoneCheckPage, hone_check_page, ADW_TYPE_BIN)

enum {
  SIGNAL_SHOW_EXAMPLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Words ------------------------------------------------------------------- */

const char *
hone_check_page_get_code_title (const char *code)
{
  static const struct {
    const char *code;
    const char *title;
  } titles[] = {
    { "no-messages", N_("The templates are empty") },
    { "no-user", N_("No user message") },
    { "no-assistant", N_("No assistant message") },
    { "render-failed", N_("The templates fail on some examples") },
    { "missing-content", N_("Empty messages") },
    { "provider-closed", N_("The provider takes no new fine-tunes") },
    { "too-few-examples", N_("Too few training examples") },
    { "too-long", N_("Too long for the model") },
    { "file-too-large", N_("The training file is too large") },
    { "empty-field", N_("Empty fields") },
    { "duplicate", N_("Exact copies") },
    { "leak", N_("Validation examples that are also in training") },
    { "near-empty-output", N_("Answers of one or two characters") },
    { "label-not-allowed", N_("Labels not in the field’s list") },
    { "unbalanced-label", N_("Unbalanced labels") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (titles[i].code, code) == 0)
      return _(titles[i].title);

  return code;
}

static char *
format_count (guint64 n)
{
  return hone_text_format_count (n);
}

/* "≈" before counts that are estimates */
static const char *
approx (gboolean exact)
{
  return exact ? "" : "≈";
}

static const HonePrice *
training_price (const HoneModelInfo *model,
                HoneTrainingType     type)
{
  return &model->training[type][HONE_TRAINING_SFT];
}

static void
add_toast (HoneCheckPage *self,
           AdwToast      *toast)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), HONE_TYPE_PROJECT_WINDOW);

  if (window != NULL)
    hone_project_window_add_toast (HONE_PROJECT_WINDOW (window), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* Rows from code: their text is never markup */
static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
set_subtitle (AdwActionRow *row,
              const char   *subtitle)
{
  adw_action_row_set_subtitle (row, subtitle != NULL ? subtitle : "");
}

/* The model --------------------------------------------------------------- */

static void update_all (HoneCheckPage *self);

static void
fill_models (HoneCheckPage          *self,
             const HoneProviderInfo *provider)
{
  g_autoptr(GtkStringList) names = NULL;

  if (self->models != NULL && provider == self->shown_provider)
    return;

  names = gtk_string_list_new (NULL);
  self->shown_provider = provider;
  g_clear_pointer (&self->models, g_ptr_array_unref);
  self->models = hone_model_catalog_list_models (hone_dataset_check_get_catalog (self->check),
                                                 provider != NULL ? provider->id : "");
  for (guint i = 0; self->models != NULL && i < self->models->len; i++)
    gtk_string_list_append (names, ((const HoneModelInfo *) g_ptr_array_index (self->models, i))->name);
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (names));
}

static HoneTrainingType
selected_type (HoneCheckPage *self)
{
  return adw_combo_row_get_selected (self->type_row) == 1 ? HONE_TRAINING_FULL : HONE_TRAINING_LORA;
}

/* Brings the provider and model rows in line with the check's model, and
 * says what there is to know about it */
static void
update_model (HoneCheckPage *self)
{
  HoneModelCatalog *catalog = hone_dataset_check_get_catalog (self->check);
  const HoneModelInfo *model = hone_dataset_check_get_model (self->check);
  GPtrArray *providers = hone_model_catalog_get_providers (catalog);
  guint provider_pos = GTK_INVALID_LIST_POSITION;
  guint model_pos = GTK_INVALID_LIST_POSITION;
  const char *catalog_error = hone_dataset_check_get_catalog_error (self->check);
  const char *target_error = hone_dataset_check_get_target_error (self->check);
  gboolean has_types = model == NULL || g_strcmp0 (model->provider->id, "openai") != 0;

  /* OpenAI offers no choice between LoRA and full fine-tuning (its one
   * price is filed under LoRA) */
  gtk_widget_set_visible (GTK_WIDGET (self->type_row), has_types);
  if (!has_types)
    {
      HoneTrainingSettings settings;

      hone_dataset_check_get_settings (self->check, &settings);
      if (settings.type != HONE_TRAINING_LORA)
        {
          settings.type = HONE_TRAINING_LORA;
          hone_dataset_check_set_settings (self->check, &settings);
        }
    }

  self->syncing = TRUE;

  if (self->shown_catalog != catalog)
    {
      g_autoptr(GtkStringList) provider_names = gtk_string_list_new (NULL);

      for (guint i = 0; i < providers->len; i++)
        gtk_string_list_append (provider_names, ((const HoneProviderInfo *) g_ptr_array_index (providers, i))->name);
      adw_combo_row_set_model (self->provider_row, G_LIST_MODEL (provider_names));
      self->shown_catalog = catalog;
      g_clear_pointer (&self->models, g_ptr_array_unref);
    }
  for (guint i = 0; i < providers->len; i++)
    if (model != NULL && g_ptr_array_index (providers, i) == model->provider)
      provider_pos = i;
  if (adw_combo_row_get_selected (self->provider_row) != provider_pos)
    adw_combo_row_set_selected (self->provider_row, provider_pos);

  fill_models (self, model != NULL ? model->provider : NULL);
  for (guint i = 0; self->models != NULL && i < self->models->len; i++)
    if (g_ptr_array_index (self->models, i) == model)
      model_pos = i;
  if (adw_combo_row_get_selected (self->model_row) != model_pos)
    adw_combo_row_set_selected (self->model_row, model_pos);

  self->syncing = FALSE;

  if (hone_dataset_check_get_model_is_default (self->check))
    adw_preferences_group_set_description (self->model_group,
                                           _("No model chosen yet: the examples are checked for this one until you choose the one to train."));
  else
    adw_preferences_group_set_description (self->model_group,
                                           _("The examples are checked and the cost estimated for this model."));

  /* Context and price */
  if (model != NULL)
    {
      const HonePrice *price = training_price (model, selected_type (self));
      g_autofree char *context = format_count (model->context_length);
      g_autofree char *subtitle = NULL;

      if (price->usd_per_mtok >= 0)
        /* Translators: “40,960 tokens of context · $0.48 per million training tokens” */
        subtitle = g_strdup_printf (_("%s tokens of context · $%.2f per million training tokens"),
                                    context, price->usd_per_mtok);
      else
        subtitle = g_strdup_printf (_("%s tokens of context · no price known for this kind of training"),
                                    context);
      set_subtitle (ADW_ACTION_ROW (self->model_row), subtitle);

      /* The price's age */
      if (price->usd_per_mtok >= 0 && hone_price_is_stale (price, NULL))
        {
          g_autofree char *day = hone_text_format_day (price->as_of);
          g_autofree char *text = NULL;

          if (day != NULL)
            text = g_strdup_printf (_("Hone’s price was read on %s, more than 90 days ago. Check it on %s."),
                                    day, price->source != NULL ? price->source : _("the provider’s pricing page"));
          else
            text = g_strdup_printf (_("Hone does not know when its price was read. Check it on %s."),
                                    price->source != NULL ? price->source : _("the provider’s pricing page"));
          set_subtitle (self->stale_row, text);
          gtk_widget_set_visible (GTK_WIDGET (self->stale_row), TRUE);
        }
      else
        gtk_widget_set_visible (GTK_WIDGET (self->stale_row), FALSE);

      /* The provider's cut-off */
      if (model->provider->cutoff != NULL)
        {
          g_autofree char *day = hone_text_format_day (model->provider->cutoff);
          g_autofree char *title = NULL;
          gboolean closed = hone_provider_is_closed (model->provider, NULL);

          if (closed)
            title = g_strdup_printf (_("No new fine-tuning jobs since %s"), day);
          else
            title = g_strdup_printf (_("No new fine-tuning jobs after %s"), day);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cutoff_row), title);
          set_subtitle (self->cutoff_row, model->provider->notes);
          if (closed)
            {
              gtk_widget_remove_css_class (GTK_WIDGET (self->cutoff_row), "hone-warning-row");
              gtk_widget_add_css_class (GTK_WIDGET (self->cutoff_row), "hone-error-row");
            }
          else
            {
              gtk_widget_remove_css_class (GTK_WIDGET (self->cutoff_row), "hone-error-row");
              gtk_widget_add_css_class (GTK_WIDGET (self->cutoff_row), "hone-warning-row");
            }
          gtk_widget_set_visible (GTK_WIDGET (self->cutoff_row), TRUE);
        }
      else
        gtk_widget_set_visible (GTK_WIDGET (self->cutoff_row), FALSE);
    }
  else
    {
      set_subtitle (ADW_ACTION_ROW (self->model_row), _("The catalogue has no models"));
      gtk_widget_set_visible (GTK_WIDGET (self->stale_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->cutoff_row), FALSE);
    }

  set_subtitle (self->target_row, target_error);
  gtk_widget_set_visible (GTK_WIDGET (self->target_row), target_error != NULL);
  set_subtitle (self->catalog_row, catalog_error);
  gtk_widget_set_visible (GTK_WIDGET (self->catalog_row), catalog_error != NULL);
}

static void
choose_model (HoneCheckPage       *self,
              const HoneModelInfo *model)
{
  g_autoptr(GError) error = NULL;

  if (model == NULL || self->check == NULL)
    return;

  if (!hone_dataset_check_set_model (self->check, model, &error))
    {
      add_toast (self, adw_toast_new (error->message));
      update_model (self);
    }
}

static void
provider_selected_cb (HoneCheckPage *self)
{
  guint pos = adw_combo_row_get_selected (self->provider_row);
  GPtrArray *providers;

  if (self->syncing || self->check == NULL || pos == GTK_INVALID_LIST_POSITION)
    return;

  providers = hone_model_catalog_get_providers (hone_dataset_check_get_catalog (self->check));
  if (pos >= providers->len)
    return;

  /* Another provider: its first model */
  self->syncing = TRUE;
  fill_models (self, g_ptr_array_index (providers, pos));
  self->syncing = FALSE;
  if (self->models != NULL && self->models->len > 0)
    choose_model (self, g_ptr_array_index (self->models, 0));
}

static void
model_selected_cb (HoneCheckPage *self)
{
  guint pos = adw_combo_row_get_selected (self->model_row);

  if (self->syncing || self->models == NULL || pos >= self->models->len)
    return;

  choose_model (self, g_ptr_array_index (self->models, pos));
}

/* Training settings ------------------------------------------------------- */

static gboolean
auto_spin_output_cb (GtkSpinButton *spin,
                     gpointer       user_data)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);

  if (gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment))
    {
      /* Translators: epochs or evaluations left to the provider */
      gtk_editable_set_text (GTK_EDITABLE (spin), C_("epochs", "Auto"));
      return TRUE;
    }

  return FALSE;
}

static int
auto_spin_input_cb (GtkSpinButton *spin,
                    double        *new_value,
                    gpointer       user_data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (stripped[0] == '\0' ||
      g_utf8_collate (stripped, C_("epochs", "Auto")) == 0 ||
      g_ascii_strcasecmp (stripped, "auto") == 0)
    {
      *new_value = gtk_adjustment_get_lower (gtk_spin_button_get_adjustment (spin));
      return TRUE;
    }

  return FALSE;
}

static void
settings_changed_cb (HoneCheckPage *self)
{
  HoneTrainingSettings settings;

  if (self->syncing || self->check == NULL)
    return;

  hone_dataset_check_get_settings (self->check, &settings);
  settings.type = selected_type (self);
  settings.epochs = (guint) MAX (0, gtk_spin_button_get_value_as_int (self->epochs_spin));
  settings.evaluations = gtk_spin_button_get_value_as_int (self->evaluations_spin);
  if (settings.evaluations < 0)
    settings.evaluations = -1;
  hone_dataset_check_set_settings (self->check, &settings);
  /* The model's price follows the type */
  update_model (self);
}

static void
update_settings (HoneCheckPage *self)
{
  HoneTrainingSettings settings;

  hone_dataset_check_get_settings (self->check, &settings);
  self->syncing = TRUE;
  adw_combo_row_set_selected (self->type_row, settings.type == HONE_TRAINING_FULL ? 1 : 0);
  gtk_spin_button_set_value (self->epochs_spin, settings.epochs);
  gtk_spin_button_set_value (self->evaluations_spin, settings.evaluations < 0 ? -1 : settings.evaluations);
  self->syncing = FALSE;
}

/* Totals and estimate ----------------------------------------------------- */

static guint64
n_examples (HoneValidation *v)
{
  return v->n_examples[HONE_SPLIT_TRAIN] + v->n_examples[HONE_SPLIT_VALIDATION] +
         v->n_examples[HONE_SPLIT_EXCLUDED];
}

static void
update_totals (HoneCheckPage *self)
{
  HoneValidation *v = hone_dataset_check_get_validation (self->check);
  const HoneModelInfo *model = hone_dataset_check_get_model (self->check);
  g_autofree char *train = NULL, *valid = NULL, *excluded = NULL;
  g_autofree char *text = NULL;

  /* While the first check runs: there, but dimmed; when the examples
   * cannot be checked: gone, so that the reason (under Problems) is near */
  gtk_widget_set_sensitive (GTK_WIDGET (self->totals_group), v != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->estimate_group), v != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->totals_group),
                          v != NULL || hone_dataset_check_get_error (self->check) == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->estimate_group),
                          v != NULL || hone_dataset_check_get_error (self->check) == NULL);
  if (v == NULL)
    {
      set_subtitle (self->examples_row, NULL);
      set_subtitle (self->tokens_row, NULL);
      set_subtitle (self->file_row, NULL);
      set_subtitle (self->longest_row, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->longest_button), FALSE);
      self->longest_id = 0;
      return;
    }

  train = format_count (v->n_examples[HONE_SPLIT_TRAIN]);
  valid = format_count (v->n_examples[HONE_SPLIT_VALIDATION]);
  excluded = format_count (v->n_examples[HONE_SPLIT_EXCLUDED]);
  /* Translators: “9 training · 2 validation · 1 excluded” */
  text = g_strdup_printf (_("%s training · %s validation · %s excluded"), train, valid, excluded);
  set_subtitle (self->examples_row, text);

  g_clear_pointer (&train, g_free);
  g_clear_pointer (&valid, g_free);
  g_clear_pointer (&text, g_free);
  train = format_count (v->tokens[HONE_SPLIT_TRAIN]);
  valid = format_count (v->tokens[HONE_SPLIT_VALIDATION]);
  /* Translators: tokens, “≈12,345 training · ≈1,234 validation” */
  text = g_strdup_printf (_("%s%s training · %s%s validation"),
                          approx (v->exact), train, approx (v->exact), valid);
  set_subtitle (self->tokens_row, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tokens_row),
                               v->exact ? NULL : _("≈: this model’s tokenizer cannot be shipped with Hone, so its counts are estimates."));

  g_clear_pointer (&text, g_free);
  {
    g_autofree char *size = g_format_size (v->file_bytes[HONE_SPLIT_TRAIN]);

    if (model != NULL && model->max_file_bytes > 0)
      {
        g_autofree char *limit = g_format_size (model->max_file_bytes);

        /* Translators: “48.1 kB; Together AI takes files up to 5.0 GB” */
        text = g_strdup_printf (_("%s; %s takes files up to %s"), size, model->provider->name, limit);
      }
    else
      text = g_strdup (size);
    set_subtitle (self->file_row, text);
  }

  g_clear_pointer (&text, g_free);
  self->longest_id = v->longest_id;
  if (v->longest_id > 0)
    {
      g_autofree char *longest = format_count (v->longest_tokens);

      if (model != NULL)
        {
          g_autofree char *limit = format_count (model->max_example_tokens);

          /* Translators: “1,234 tokens (example 12); Qwen3 8B trains on up to 40,960” */
          text = g_strdup_printf (_("%s%s tokens (example %" G_GINT64_FORMAT "); %s trains on up to %s"),
                                  approx (v->exact), longest, v->longest_id, model->name, limit);
        }
      else
        text = g_strdup_printf (_("%s%s tokens (example %" G_GINT64_FORMAT ")"),
                                approx (v->exact), longest, v->longest_id);
    }
  set_subtitle (self->longest_row, text);
  gtk_widget_set_visible (GTK_WIDGET (self->longest_button), v->longest_id > 0);
}

static void
update_estimate (HoneCheckPage *self)
{
  HoneEstimate *e = hone_dataset_check_get_estimate (self->check);
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->assumption_rows->len; i++)
    adw_expander_row_remove (self->assumptions_row, g_ptr_array_index (self->assumption_rows, i));
  g_ptr_array_set_size (self->assumption_rows, 0);

  if (e == NULL)
    {
      set_subtitle (self->epochs_row, _("Passes over the training examples"));
      set_subtitle (self->evaluations_row, _("Times the validation examples are scored during training"));
      set_subtitle (self->billed_row, NULL);
      set_subtitle (self->price_row, NULL);
      gtk_label_set_text (self->price_label, "");
      return;
    }

  /* On auto, what the provider picks */
  if (e->epochs_auto)
    text = g_strdup_printf (ngettext ("Passes over the training examples; on Auto the provider makes %u",
                                      "Passes over the training examples; on Auto the provider makes %u",
                                      e->epochs),
                            e->epochs);
  else
    text = g_strdup (_("Passes over the training examples"));
  set_subtitle (self->epochs_row, text);
  g_clear_pointer (&text, g_free);
  if (gtk_spin_button_get_value_as_int (self->evaluations_spin) < 0)
    text = g_strdup_printf (ngettext ("Times the validation examples are scored during training; on Auto %u",
                                      "Times the validation examples are scored during training; on Auto %u",
                                      e->evaluations),
                            e->evaluations);
  else
    text = g_strdup (_("Times the validation examples are scored during training"));
  set_subtitle (self->evaluations_row, text);

  g_clear_pointer (&text, g_free);
  text = hone_estimate_describe_billed (e);
  set_subtitle (self->billed_row, text);

  g_clear_pointer (&text, g_free);
  {
    g_autofree char *basis = NULL;
    g_autofree char *label = hone_estimate_describe_price (e, &basis);

    gtk_label_set_text (self->price_label, label);
    set_subtitle (self->price_row, basis);
  }
  if (e->price_stale)
    gtk_widget_add_css_class (GTK_WIDGET (self->price_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->price_label), "warning");

  for (guint i = 0; e->assumptions != NULL && i < e->assumptions->len; i++)
    {
      GtkWidget *row = new_row (g_ptr_array_index (e->assumptions, i), NULL);

      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, "hone-assumption");
      adw_expander_row_add_row (self->assumptions_row, row);
      g_ptr_array_add (self->assumption_rows, row);
    }
}

/* Problems ---------------------------------------------------------------- */

typedef struct {
  const char   *code;
  HoneSeverity  severity;     /* the worst */
  HoneFix       fix;
  guint64       count;
  GPtrArray    *problems;     /* the first HONE_CHECK_PAGE_MAX_GROUP_ROWS */
  guint         order;
} Group;

static void
group_free (gpointer data)
{
  Group *group = data;

  g_ptr_array_unref (group->problems);
  g_free (group);
}

static int
group_compare (gconstpointer a,
               gconstpointer b)
{
  const Group *ga = *(const Group * const *) a;
  const Group *gb = *(const Group * const *) b;

  if (ga->severity != gb->severity)
    return ga->severity < gb->severity ? -1 : 1;
  return ga->order < gb->order ? -1 : ga->order > gb->order;
}

static const char *
severity_icon (HoneSeverity severity)
{
  switch (severity)
    {
    case HONE_SEVERITY_ERROR: return "dialog-error-symbolic";
    case HONE_SEVERITY_WARNING: return "dialog-warning-symbolic";
    case HONE_SEVERITY_INFO:
    default: return "dialog-information-symbolic";
    }
}

static const char *
severity_class (HoneSeverity severity)
{
  switch (severity)
    {
    case HONE_SEVERITY_ERROR: return "error";
    case HONE_SEVERITY_WARNING: return "warning";
    case HONE_SEVERITY_INFO:
    default: return "dim-label";
    }
}

static void
show_clicked_cb (GtkButton     *button,
                 HoneCheckPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "hone-example-id");

  if (id != NULL)
    g_signal_emit (self, signals[SIGNAL_SHOW_EXAMPLE], 0, *id);
}

static GtkWidget *
new_show_button (HoneCheckPage *self,
                 gint64         example_id)
{
  GtkWidget *button = gtk_button_new_with_label (_("Show"));
  gint64 *id = g_new (gint64, 1);
  g_autofree char *tooltip = NULL;

  *id = example_id;
  g_object_set_data_full (G_OBJECT (button), "hone-example-id", id, g_free);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  tooltip = g_strdup_printf (_("Show example %" G_GINT64_FORMAT " in the Examples grid"), example_id);
  gtk_widget_set_tooltip_text (button, tooltip);
  g_signal_connect_object (button, "clicked", G_CALLBACK (show_clicked_cb), self, 0);
  return button;
}

static void
fix_clicked_cb (GtkButton     *button,
                HoneCheckPage *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "hone-code");
  g_autoptr(GError) error = NULL;

  if (hone_check_page_apply_fix (self, code, &error) < 0)
    add_toast (self, adw_toast_new (error->message));
}

static void
expanded_cb (AdwExpanderRow *row,
             GParamSpec     *pspec,
             HoneCheckPage  *self)
{
  const char *code = g_object_get_data (G_OBJECT (row), "hone-code");

  if (adw_expander_row_get_expanded (row))
    g_hash_table_add (self->expanded_codes, g_strdup (code));
  else
    g_hash_table_remove (self->expanded_codes, code);
}

static void
add_problem_row (HoneCheckPage *self,
                 GtkWidget     *row)
{
  adw_preferences_group_add (self->problems_group, row);
  g_ptr_array_add (self->problem_rows, row);
}

static GtkWidget *
new_group_row (HoneCheckPage *self,
               Group         *group)
{
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (severity_icon (group->severity));
  const HoneProblem *first = g_ptr_array_index (group->problems, 0);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), hone_check_page_get_code_title (group->code));
  g_object_set_data_full (G_OBJECT (expander), "hone-code", g_strdup (group->code), g_free);
  gtk_widget_add_css_class (icon, severity_class (group->severity));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  hone_severity_to_string (group->severity), -1);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander), icon);

  if (first->example_id == 0 && group->count == 1)
    subtitle = g_strdup (_("The whole dataset"));
  else
    {
      g_autofree char *n = format_count (group->count);

      subtitle = g_strdup_printf (ngettext ("%s example", "%s examples", group->count), n);
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

  if (group->fix != HONE_FIX_NONE)
    {
      GtkWidget *button = gtk_button_new_with_label (hone_fix_get_label (group->fix));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "hone-code", g_strdup (group->code), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (fix_clicked_cb), self, 0);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), button);
    }

  for (guint i = 0; i < group->problems->len; i++)
    {
      const HoneProblem *problem = g_ptr_array_index (group->problems, i);
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (problem->example_id > 0)
        title = g_strdup_printf (_("Example %" G_GINT64_FORMAT), problem->example_id);
      else
        title = g_strdup (_("The whole dataset"));
      row = new_row (title, problem->message);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      if (problem->example_id > 0)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_show_button (self, problem->example_id));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }

  if (group->count > group->problems->len)
    {
      g_autofree char *n = format_count (group->count - group->problems->len);
      g_autofree char *text = g_strdup_printf (_("%s more are not listed here"), n);
      GtkWidget *row = new_row (text, NULL);

      gtk_widget_add_css_class (row, "dim-label");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander),
                                 g_hash_table_contains (self->expanded_codes, group->code));
  g_signal_connect_object (expander, "notify::expanded", G_CALLBACK (expanded_cb), self, 0);
  return expander;
}

static void
clear_problems (HoneCheckPage *self)
{
  for (guint i = 0; i < self->problem_rows->len; i++)
    adw_preferences_group_remove (self->problems_group, g_ptr_array_index (self->problem_rows, i));
  g_ptr_array_set_size (self->problem_rows, 0);
  self->ready_row = NULL;
}

static void
update_problems (HoneCheckPage *self)
{
  HoneValidation *v = hone_dataset_check_get_validation (self->check);
  const char *error = hone_dataset_check_get_error (self->check);
  g_autoptr(GHashTable) by_code = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *description = NULL;
  guint64 total;

  self->problems_dirty = FALSE;
  clear_problems (self);

  if (error != NULL)
    {
      GtkWidget *row = new_row (_("The Examples Cannot Be Checked"), error);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Templates"));

      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (icon, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "project.show-page");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", "templates");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      add_problem_row (self, row);
    }

  if (v == NULL)
    {
      adw_preferences_group_set_description (self->problems_group, NULL);
      return;
    }

  total = v->n_problems[HONE_SEVERITY_ERROR] + v->n_problems[HONE_SEVERITY_WARNING] +
          v->n_problems[HONE_SEVERITY_INFO];
  if (total == 0)
    {
      GtkWidget *row = new_row (_("Ready to Train"),
                                _("Hone found nothing to fix in these examples for this model."));
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      gtk_widget_add_css_class (icon, "success");
      gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "hone-ready");
      add_problem_row (self, row);
      self->ready_row = row;
      adw_preferences_group_set_description (self->problems_group, NULL);
      return;
    }

  {
    g_autofree char *errors = format_count (v->n_problems[HONE_SEVERITY_ERROR]);
    g_autofree char *warnings = format_count (v->n_problems[HONE_SEVERITY_WARNING]);
    g_autofree char *notes = format_count (v->n_problems[HONE_SEVERITY_INFO]);
    g_autofree char *n_errors = NULL, *n_warnings = NULL, *n_notes = NULL;
    const char *what = v->n_problems[HONE_SEVERITY_ERROR] > 0 ?
                       _("Fix the errors before training; the warnings are probably mistakes.") :
                       _("Nothing stops training, but the warnings are probably mistakes.");

    n_errors = g_strdup_printf (ngettext ("%s error", "%s errors", v->n_problems[HONE_SEVERITY_ERROR]), errors);
    n_warnings = g_strdup_printf (ngettext ("%s warning", "%s warnings", v->n_problems[HONE_SEVERITY_WARNING]), warnings);
    n_notes = g_strdup_printf (ngettext ("%s note", "%s notes", v->n_problems[HONE_SEVERITY_INFO]), notes);
    /* Translators: “2 errors, 3 warnings, 0 notes. Fix the errors…” */
    description = g_strdup_printf (_("%s, %s, %s. %s"), n_errors, n_warnings, n_notes, what);
    adw_preferences_group_set_description (self->problems_group, description);
  }

  /* One group per code, worst first, then in the order they come */
  by_code = g_hash_table_new (g_str_hash, g_str_equal);
  groups = g_ptr_array_new_with_free_func (group_free);
  for (guint i = 0; i < v->problems->len; i++)
    {
      const HoneProblem *problem = g_ptr_array_index (v->problems, i);
      Group *group = g_hash_table_lookup (by_code, problem->code);

      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->code = problem->code;
          group->severity = problem->severity;
          group->fix = HONE_FIX_NONE;
          group->problems = g_ptr_array_new ();
          group->order = groups->len;
          g_hash_table_insert (by_code, (gpointer) problem->code, group);
          g_ptr_array_add (groups, group);
        }
      group->count++;
      if (problem->severity < group->severity)
        group->severity = problem->severity;
      if (group->fix == HONE_FIX_NONE && problem->fix != HONE_FIX_NONE)
        group->fix = problem->fix;
      if (group->problems->len < HONE_CHECK_PAGE_MAX_GROUP_ROWS)
        g_ptr_array_add (group->problems, (gpointer) problem);
    }
  g_ptr_array_sort (groups, group_compare);

  for (guint i = 0; i < groups->len; i++)
    add_problem_row (self, new_group_row (self, g_ptr_array_index (groups, i)));

  if (total > v->problems->len)
    {
      g_autofree char *kept = format_count (v->problems->len);
      g_autofree char *text = g_strdup_printf (_("Only the first %s problems are listed; fix them, and the next ones appear."), kept);
      GtkWidget *row = new_row (text, NULL);

      gtk_widget_add_css_class (row, "dim-label");
      add_problem_row (self, row);
    }
}

/* Applying a fix ---------------------------------------------------------- */

static void
undo_clicked_cb (HoneCheckPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->undo_stack == NULL || !hone_undo_stack_can_undo (self->undo_stack))
    return;
  if (!hone_undo_stack_undo (self->undo_stack, &error))
    add_toast (self, adw_toast_new (error->message));
}

gint64
hone_check_page_apply_fix (HoneCheckPage  *self,
                           const char     *code,
                           GError        **error)
{
  HoneValidation *v;
  HoneProject *project;
  g_autofree char *title = NULL;
  HoneFix fix = HONE_FIX_NONE;
  AdwToast *toast;
  gint64 n;

  g_return_val_if_fail (HONE_IS_CHECK_PAGE (self), -1);
  g_return_val_if_fail (code != NULL, -1);

  if (self->check == NULL || (v = hone_dataset_check_get_validation (self->check)) == NULL)
    return 0;
  project = hone_dataset_check_get_project (self->check);

  /* The fix of the group: what its problems offer */
  for (guint i = 0; i < v->problems->len && fix == HONE_FIX_NONE; i++)
    {
      const HoneProblem *problem = g_ptr_array_index (v->problems, i);

      if (g_strcmp0 (problem->code, code) == 0 && problem->example_id > 0)
        fix = problem->fix;
    }
  if (fix == HONE_FIX_NONE)
    return 0;

  n = hone_validation_apply_fix (v, project, fix, code, error);
  if (n <= 0)
    return n;

  switch (fix)
    {
    case HONE_FIX_EXCLUDE:
      /* Translators: a toast after the fix of a problem */
      title = g_strdup_printf (ngettext ("Excluded %u example", "Excluded %u examples", (guint) n), (guint) n);
      break;
    case HONE_FIX_MOVE_TO_TRAIN:
      title = g_strdup_printf (ngettext ("Moved %u example to training", "Moved %u examples to training", (guint) n), (guint) n);
      break;
    case HONE_FIX_REMOVE_DUPLICATE:
    default:
      title = g_strdup_printf (ngettext ("Removed %u copy", "Removed %u copies", (guint) n), (guint) n);
      break;
    }

  toast = adw_toast_new (title);
  if (self->undo_stack != NULL)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self,
                               G_CONNECT_SWAPPED);
    }
  add_toast (self, toast);

  return n;
}

/* State ------------------------------------------------------------------- */

static void
update_running (HoneCheckPage *self)
{
  gboolean running = self->check != NULL && hone_dataset_check_get_running (self->check);

  gtk_widget_set_visible (self->running_box, running);
  gtk_spinner_set_spinning (self->spinner, running);
}

static void
update_state (HoneCheckPage *self)
{
  HoneValidation *v = self->check != NULL ? hone_dataset_check_get_validation (self->check) : NULL;
  gboolean empty = v != NULL && n_examples (v) == 0 && hone_dataset_check_get_error (self->check) == NULL;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "check");
}

static void
update_all (HoneCheckPage *self)
{
  if (self->check == NULL)
    return;

  update_state (self);
  update_model (self);
  update_totals (self);
  update_estimate (self);
  update_running (self);
  /* Many rows: built when they can be seen */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_problems (self);
  else
    self->problems_dirty = TRUE;
}

static void
check_notify_cb (HoneCheckPage *self,
                 GParamSpec    *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "running"))
    update_running (self);
  else if (g_str_equal (name, "estimate"))
    update_estimate (self);
  else if (g_str_equal (name, "model"))
    update_model (self);
  else
    update_all (self);
}

static void
longest_clicked_cb (HoneCheckPage *self)
{
  if (self->longest_id > 0)
    g_signal_emit (self, signals[SIGNAL_SHOW_EXAMPLE], 0, self->longest_id);
}

/* GObject ----------------------------------------------------------------- */

static void
hone_check_page_map (GtkWidget *widget)
{
  HoneCheckPage *self = HONE_CHECK_PAGE (widget);

  GTK_WIDGET_CLASS (hone_check_page_parent_class)->map (widget);

  if (self->problems_dirty && self->check != NULL)
    update_problems (self);
}

static void
hone_check_page_dispose (GObject *object)
{
  HoneCheckPage *self = HONE_CHECK_PAGE (object);

  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_clear_object (&self->check);
  g_clear_object (&self->undo_stack);

  /* The bin would otherwise unparent its child a second time */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_CHECK_PAGE);

  G_OBJECT_CLASS (hone_check_page_parent_class)->dispose (object);
}

static void
hone_check_page_finalize (GObject *object)
{
  HoneCheckPage *self = HONE_CHECK_PAGE (object);

  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  g_clear_pointer (&self->assumption_rows, g_ptr_array_unref);
  g_clear_pointer (&self->expanded_codes, g_hash_table_unref);

  G_OBJECT_CLASS (hone_check_page_parent_class)->finalize (object);
}

static void
hone_check_page_class_init (HoneCheckPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_check_page_dispose;
  object_class->finalize = hone_check_page_finalize;
  widget_class->map = hone_check_page_map;

  signals[SIGNAL_SHOW_EXAMPLE] =
    g_signal_new ("show-example",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-check-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, model_group);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, provider_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, cutoff_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, stale_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, target_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, catalog_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, epochs_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, evaluations_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, evaluations_spin);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, totals_group);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, running_box);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, examples_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, tokens_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, file_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, longest_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, longest_button);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, estimate_group);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, billed_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, price_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, price_label);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, assumptions_row);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckPage, problems_group);
  gtk_widget_class_bind_template_callback (widget_class, provider_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, model_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, settings_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, auto_spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, auto_spin_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, longest_clicked_cb);
}

static void
hone_check_page_init (HoneCheckPage *self)
{
  AdwActionRow *rows[11];

  self->problem_rows = g_ptr_array_new ();
  self->assumption_rows = g_ptr_array_new ();
  self->expanded_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  rows[0] = self->cutoff_row;
  rows[1] = self->stale_row;
  rows[2] = self->target_row;
  rows[3] = self->catalog_row;
  rows[4] = self->examples_row;
  rows[5] = self->tokens_row;
  rows[6] = self->file_row;
  rows[7] = self->longest_row;
  rows[8] = self->epochs_row;
  rows[9] = self->billed_row;
  rows[10] = self->price_row;
  /* Their text comes from data (paths, messages): never markup */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (rows[i]), FALSE);
      adw_action_row_set_subtitle_lines (rows[i], 0);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->model_row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->provider_row), FALSE);
}

GtkWidget *
hone_check_page_new (void)
{
  return g_object_new (HONE_TYPE_CHECK_PAGE, NULL);
}

HoneDatasetCheck *
hone_check_page_get_check (HoneCheckPage *self)
{
  g_return_val_if_fail (HONE_IS_CHECK_PAGE (self), NULL);

  return self->check;
}

void
hone_check_page_set_check (HoneCheckPage    *self,
                           HoneDatasetCheck *check)
{
  g_return_if_fail (HONE_IS_CHECK_PAGE (self));
  g_return_if_fail (check == NULL || HONE_IS_DATASET_CHECK (check));

  if (self->check == check)
    return;

  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_set_object (&self->check, check);
  clear_problems (self);
  self->shown_catalog = NULL;
  self->shown_provider = NULL;
  g_clear_pointer (&self->models, g_ptr_array_unref);

  if (check != NULL)
    {
      g_signal_connect_object (check, "notify", G_CALLBACK (check_notify_cb), self, G_CONNECT_SWAPPED);
      update_settings (self);
      update_all (self);
    }
}

void
hone_check_page_set_undo_stack (HoneCheckPage *self,
                                HoneUndoStack *undo_stack)
{
  g_return_if_fail (HONE_IS_CHECK_PAGE (self));

  g_set_object (&self->undo_stack, undo_stack);
}

GtkWidget *
hone_check_page_get_group_row (HoneCheckPage *self,
                               const char    *code)
{
  g_return_val_if_fail (HONE_IS_CHECK_PAGE (self), NULL);

  if (self->problems_dirty && self->check != NULL)
    update_problems (self);

  for (guint i = 0; i < self->problem_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->problem_rows, i);

      if (ADW_IS_EXPANDER_ROW (row) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (row), "hone-code"), code) == 0)
        return row;
    }

  return NULL;
}

GtkWidget *
hone_check_page_get_row (HoneCheckPage *self,
                         const char    *name)
{
  static const struct {
    const char *name;
    gsize       offset;
  } rows[] = {
    { "examples", G_STRUCT_OFFSET (HoneCheckPage, examples_row) },
    { "tokens", G_STRUCT_OFFSET (HoneCheckPage, tokens_row) },
    { "file", G_STRUCT_OFFSET (HoneCheckPage, file_row) },
    { "longest", G_STRUCT_OFFSET (HoneCheckPage, longest_row) },
    { "epochs", G_STRUCT_OFFSET (HoneCheckPage, epochs_row) },
    { "evaluations", G_STRUCT_OFFSET (HoneCheckPage, evaluations_row) },
    { "billed", G_STRUCT_OFFSET (HoneCheckPage, billed_row) },
    { "price", G_STRUCT_OFFSET (HoneCheckPage, price_row) },
    { "model", G_STRUCT_OFFSET (HoneCheckPage, model_row) },
    { "provider", G_STRUCT_OFFSET (HoneCheckPage, provider_row) },
    { "cutoff", G_STRUCT_OFFSET (HoneCheckPage, cutoff_row) },
    { "stale", G_STRUCT_OFFSET (HoneCheckPage, stale_row) },
    { "catalog", G_STRUCT_OFFSET (HoneCheckPage, catalog_row) },
    { "target", G_STRUCT_OFFSET (HoneCheckPage, target_row) },
    { "type", G_STRUCT_OFFSET (HoneCheckPage, type_row) },
  };

  g_return_val_if_fail (HONE_IS_CHECK_PAGE (self), NULL);

  if (g_strcmp0 (name, "ready") == 0)
    {
      if (self->problems_dirty && self->check != NULL)
        update_problems (self);
      return self->ready_row;
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_strcmp0 (rows[i].name, name) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset);

  return NULL;
}

const char *
hone_check_page_get_state (HoneCheckPage *self)
{
  g_return_val_if_fail (HONE_IS_CHECK_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
