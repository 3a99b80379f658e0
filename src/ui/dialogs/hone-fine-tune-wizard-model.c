/* hone-fine-tune-wizard-model.c: the wizard's first step: the key, the
 * provider's live list of models, the provider and the model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "hone-fine-tune-wizard-private.h"
#include "hone-check-page.h"
#include "hone-dataset-check.h"
#include "hone-error.h"
#include "hone-estimate.h"
#include "hone-fine-tune-runner.h"
#include "hone-project-window.h"
#include "hone-provider.h"
#include "hone-secrets.h"
#include "hone-text-encoding.h"


/* The key ------------------------------------------------------------------ */

/* The group of the key, the cut-off and the account: gone when all are */
static void
update_account_group (HoneFineTuneWizard *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->account_group),
                          gtk_widget_get_visible (GTK_WIDGET (self->key_row)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->cutoff_row)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->account_row)));
}

static void
update_key_row (HoneFineTuneWizard *self)
{
  g_autofree char *title = NULL;
  gboolean missing = self->key_checked && self->api_key == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->key_row), missing && self->provider != NULL);
  update_account_group (self);
  if (!missing || self->provider == NULL)
    return;

  if (self->key_error != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                     _("The keyring could not be read"));
      hone_fine_tune_wizard_set_subtitle (self->key_row, self->key_error);
      return;
    }

  /* Translators: %s is a provider, “Together AI” */
  title = g_strdup_printf (_("No API key for %s"), self->provider->name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), title);
  hone_fine_tune_wizard_set_subtitle (self->key_row,
                _("Hone needs the key to send the examples. Add it in Preferences, under Providers; this window notices when it is there."));
}

/* The live list of models ------------------------------------------------ */

/* Whether the provider's live list, when known, leaves @model out */
gboolean
hone_fine_tune_wizard_model_withdrawn (HoneFineTuneWizard  *self,
                                       const HoneModelInfo *model)
{
  return self->live_models != NULL && model != NULL &&
         !g_strv_contains ((const char * const *) self->live_models, model->id);
}

static char *model_subtitle (const HoneModelInfo *model);

/* Marks the catalogue's models the provider no longer fine-tunes, and
 * says how many it fine-tunes that Hone does not know */
static void
apply_live_models (HoneFineTuneWizard *self)
{
  guint n_unknown = 0;

  for (guint i = 0; self->models != NULL && i < self->models->len; i++)
    {
      const HoneModelInfo *model = g_ptr_array_index (self->models, i);
      GtkWidget *row = g_ptr_array_index (self->model_rows, i);

      if (hone_fine_tune_wizard_model_withdrawn (self, model))
        {
          /* Translators: %s is a provider, “Together AI” */
          g_autofree char *text = g_strdup_printf (_("%s does not fine-tune this model now"), self->provider->name);
          hone_fine_tune_wizard_set_subtitle (ADW_ACTION_ROW (row), text);
          gtk_widget_set_sensitive (row, FALSE);
        }
    }

  if (self->live_row != NULL)
    {
      gtk_list_box_remove (self->model_list, self->live_row);
      self->live_row = NULL;
    }
  for (guint i = 0; self->live_models != NULL && self->live_models[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; self->models != NULL && j < self->models->len && !known; j++)
        known = g_str_equal (((const HoneModelInfo *) g_ptr_array_index (self->models, j))->id,
                             self->live_models[i]);
      n_unknown += !known;
    }
  if (n_unknown > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u more model on %s",
                                                             "%u more models on %s", n_unknown),
                                                n_unknown, self->provider->name);

      self->live_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->live_row), title);
      hone_fine_tune_wizard_set_subtitle (ADW_ACTION_ROW (self->live_row),
                    _("Hone knows no price, limits or tokenizer for them, so it cannot check or estimate them. "
                      "To train one, describe it in ~/.config/hone/models.json (see Help)."));
      gtk_widget_add_css_class (self->live_row, "dim-label");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->live_row), FALSE);
      gtk_list_box_append (self->model_list, self->live_row);
    }
}

static void
live_models_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  /* Holds the cancellable, not the wizard: a list that comes late must
   * not keep a closed wizard alive; dispose() cancels it */
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(GError) error = NULL;
  GStrv models = hone_provider_list_models_finish (HONE_PROVIDER (source), result, &error);
  HoneFineTuneWizard *self;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_strfreev (models);
      return;
    }
  self = g_object_get_data (G_OBJECT (cancellable), "wizard");
  g_clear_object (&self->live_cancellable);
  /* Offline or refused: the catalogue stands as it is */
  if (error != NULL)
    g_debug ("No live list of models: %s", error->message);
  g_strfreev (self->live_models);
  self->live_models = models;
  apply_live_models (self);
  hone_fine_tune_wizard_update_state (self);
}

static void
fetch_live_models (HoneFineTuneWizard *self)
{
  g_autoptr(HoneProvider) provider = NULL;

  if (self->live_cancellable != NULL)
    g_cancellable_cancel (self->live_cancellable);
  g_clear_object (&self->live_cancellable);
  g_clear_pointer (&self->live_models, g_strfreev);
  if (self->provider == NULL || self->api_key == NULL || !hone_provider_can_train (self->provider->id))
    return;

  provider = hone_provider_new (self->provider->id, NULL, self->api_key, NULL, NULL);
  if (provider == NULL)
    return;
  self->live_cancellable = g_cancellable_new ();
  g_object_set_data (G_OBJECT (self->live_cancellable), "wizard", self);
  hone_provider_list_models_async (provider, self->live_cancellable, live_models_cb,
                                   g_object_ref (self->live_cancellable));
}

typedef struct {
  HoneFineTuneWizard *self;
  GCancellable       *cancellable;
} KeyLookup;

static void
key_lookup_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  KeyLookup *lookup = user_data;
  g_autoptr(HoneFineTuneWizard) self = lookup->self;
  g_autoptr(GCancellable) cancellable = lookup->cancellable;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  g_free (lookup);
  key = hone_secrets_lookup_finish (result, &error);
  /* A newer lookup took over (another provider), or the window went */
  if (cancellable != self->key_cancellable || g_cancellable_is_cancelled (cancellable))
    return;

  g_clear_object (&self->key_cancellable);
  g_clear_pointer (&self->api_key, g_free);
  g_clear_pointer (&self->key_error, g_free);
  self->api_key = g_steal_pointer (&key);
  if (error != NULL)
    self->key_error = g_strdup (error->message);
  self->key_checked = TRUE;

  update_key_row (self);
  fetch_live_models (self);
  hone_fine_tune_wizard_update_state (self);
}

static void
look_up_key (HoneFineTuneWizard *self)
{
  KeyLookup *lookup;

  if (self->key_cancellable != NULL)
    g_cancellable_cancel (self->key_cancellable);
  g_clear_object (&self->key_cancellable);
  if (self->provider == NULL)
    return;

  self->key_cancellable = g_cancellable_new ();
  lookup = g_new0 (KeyLookup, 1);
  lookup->self = g_object_ref (self);
  lookup->cancellable = g_object_ref (self->key_cancellable);
  hone_secrets_lookup_async (self->provider->id, self->key_cancellable, key_lookup_cb, lookup);
}

/* Back from Preferences: the key may be there now */
void
hone_fine_tune_wizard_is_active_cb (HoneFineTuneWizard *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->key_checked && self->api_key == NULL &&
      self->key_cancellable == NULL)
    look_up_key (self);
}

/* Step 1: provider and model ---------------------------------------------- */

static void model_toggled_cb (GtkCheckButton *check, HoneFineTuneWizard *self);

static void
update_cutoff_row (HoneFineTuneWizard *self)
{
  const HoneProviderInfo *provider = self->provider;
  g_autofree char *day = NULL;
  g_autofree char *title = NULL;
  gboolean closed;

  gtk_widget_set_visible (GTK_WIDGET (self->cutoff_row), provider != NULL && provider->cutoff != NULL);
  if (provider == NULL || provider->cutoff == NULL)
    return;

  day = hone_text_format_day (provider->cutoff);
  closed = hone_provider_is_closed (provider, NULL);
  if (closed)
    /* Translators: “OpenAI takes no new fine-tuning jobs since 6 January 2027” */
    title = g_strdup_printf (_("%s takes no new fine-tuning jobs since %s"), provider->name, day);
  else
    title = g_strdup_printf (_("%s takes no new fine-tuning jobs after %s"), provider->name, day);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cutoff_row), title);
  hone_fine_tune_wizard_set_subtitle (self->cutoff_row, provider->notes);
  hone_fine_tune_wizard_set_row_class (GTK_WIDGET (self->cutoff_row), closed ? "hone-error-row" : "hone-warning-row");
}

static char *
model_subtitle (const HoneModelInfo *model)
{
  const HonePrice *price = &model->training[HONE_TRAINING_LORA][HONE_TRAINING_SFT];
  g_autofree char *context = hone_text_format_count (model->context_length);

  if (model->context_length > 0 && price->usd_per_mtok >= 0)
    /* Translators: “40,960 tokens of context · $0.48 per million training tokens” */
    return g_strdup_printf (_("%s tokens of context · $%.2f per million training tokens"),
                            context, price->usd_per_mtok);
  if (model->context_length > 0)
    return g_strdup_printf (_("%s tokens of context · no price known for this kind of training"),
                            context);
  if (price->usd_per_mtok >= 0)
    return g_strdup_printf (_("$%.2f per million training tokens"), price->usd_per_mtok);
  return NULL;
}

static void
select_model (HoneFineTuneWizard  *self,
              const HoneModelInfo *model)
{
  self->model = model;
  for (guint i = 0; i < self->models->len; i++)
    if (g_ptr_array_index (self->models, i) == model)
      {
        self->syncing = TRUE;
        gtk_check_button_set_active (g_ptr_array_index (self->model_checks, i), TRUE);
        self->syncing = FALSE;
      }
  hone_fine_tune_wizard_update_state (self);
}

static void
fill_models (HoneFineTuneWizard *self)
{
  GtkCheckButton *group = NULL;

  for (guint i = 0; i < self->model_rows->len; i++)
    gtk_list_box_remove (self->model_list, g_ptr_array_index (self->model_rows, i));
  if (self->live_row != NULL)
    gtk_list_box_remove (self->model_list, self->live_row);
  self->live_row = NULL;
  if (self->live_cancellable != NULL)
    g_cancellable_cancel (self->live_cancellable);
  g_clear_object (&self->live_cancellable);
  g_clear_pointer (&self->live_models, g_strfreev);
  g_ptr_array_set_size (self->model_rows, 0);
  g_ptr_array_set_size (self->model_checks, 0);
  g_clear_pointer (&self->models, g_ptr_array_unref);

  self->models = hone_model_catalog_list_models (hone_dataset_check_get_catalog (self->check),
                                                 self->provider->id);
  for (guint i = 0; i < self->models->len; i++)
    {
      const HoneModelInfo *model = g_ptr_array_index (self->models, i);
      g_autofree char *subtitle = model_subtitle (model);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), model->name);
      hone_fine_tune_wizard_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      gtk_widget_set_tooltip_text (row, model->id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, model->name,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle != NULL ? subtitle : "",
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (model_toggled_cb), self, 0);
      gtk_list_box_append (self->model_list, row);
      g_ptr_array_add (self->model_rows, row);
      g_ptr_array_add (self->model_checks, check);
    }
}

static void
model_toggled_cb (GtkCheckButton     *check,
                  HoneFineTuneWizard *self)
{
  if (self->syncing || !gtk_check_button_get_active (check))
    return;

  for (guint i = 0; i < self->model_checks->len; i++)
    if (g_ptr_array_index (self->model_checks, i) == check)
      select_model (self, g_ptr_array_index (self->models, i));
}

static void
select_provider (HoneFineTuneWizard     *self,
                 const HoneProviderInfo *provider,
                 const HoneModelInfo    *model)
{
  if (provider != self->provider)
    {
      self->provider = provider;
      self->key_checked = FALSE;
      g_clear_pointer (&self->api_key, g_free);
      g_clear_pointer (&self->key_error, g_free);
      fill_models (self);
      update_key_row (self);
      update_cutoff_row (self);
      hone_fine_tune_wizard_update_settings_rows (self);
      hone_fine_tune_wizard_update_epochs_hint (self);
      gtk_widget_set_visible (GTK_WIDGET (self->account_row), hone_fine_tune_wizard_is_provider (self, "fireworks"));
      update_account_group (self);
      look_up_key (self);
    }

  for (guint i = 0; i < self->providers->len; i++)
    if (g_ptr_array_index (self->providers, i) == provider)
      {
        self->syncing = TRUE;
        gtk_check_button_set_active (g_ptr_array_index (self->provider_checks, i), TRUE);
        self->syncing = FALSE;
      }

  if (model == NULL && self->models->len > 0)
    model = g_ptr_array_index (self->models, 0);
  select_model (self, model);
}

static void
provider_toggled_cb (GtkCheckButton     *check,
                     HoneFineTuneWizard *self)
{
  if (self->syncing || !gtk_check_button_get_active (check))
    return;

  for (guint i = 0; i < self->provider_checks->len; i++)
    if (g_ptr_array_index (self->provider_checks, i) == check)
      select_provider (self, g_ptr_array_index (self->providers, i), NULL);
}

/* Providers that take no new jobs go last */
static int
provider_compare (gconstpointer a,
                  gconstpointer b)
{
  const HoneProviderInfo *pa = *(const HoneProviderInfo **) a;
  const HoneProviderInfo *pb = *(const HoneProviderInfo **) b;

  return (pa->cutoff != NULL) - (pb->cutoff != NULL);
}

void
hone_fine_tune_wizard_fill_providers (HoneFineTuneWizard *self)
{
  HoneModelCatalog *catalog = hone_dataset_check_get_catalog (self->check);
  GPtrArray *all = hone_model_catalog_get_providers (catalog);
  GtkCheckButton *group = NULL;

  for (guint i = 0; i < all->len; i++)
    {
      const HoneProviderInfo *provider = g_ptr_array_index (all, i);

      if (hone_provider_can_train (provider->id))
        g_ptr_array_add (self->providers, (gpointer) provider);
    }
  /* Stable: g_ptr_array_sort is a merge sort */
  g_ptr_array_sort (self->providers, provider_compare);

  for (guint i = 0; i < self->providers->len; i++)
    {
      const HoneProviderInfo *provider = g_ptr_array_index (self->providers, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), provider->name);
      if (provider->cutoff != NULL)
        {
          g_autofree char *day = hone_text_format_day (provider->cutoff);
          g_autofree char *subtitle = NULL;

          if (hone_provider_is_closed (provider, NULL))
            subtitle = g_strdup_printf (_("No new fine-tuning jobs since %s"), day);
          else
            subtitle = g_strdup_printf (_("No new fine-tuning jobs after %s"), day);
          hone_fine_tune_wizard_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, provider->name,
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (provider_toggled_cb), self, 0);
      gtk_list_box_append (self->provider_list, row);
      g_ptr_array_add (self->provider_checks, check);
    }
}

/* The project's target when Hone can train it there, else the first
 * Together AI model */
void
hone_fine_tune_wizard_select_default (HoneFineTuneWizard *self)
{
  HoneModelCatalog *catalog = hone_dataset_check_get_catalog (self->check);
  g_autofree char *provider_id = NULL;
  g_autofree char *model_id = NULL;
  const HoneModelInfo *model = NULL;

  hone_project_get_target (self->project, &provider_id, &model_id);
  if (provider_id != NULL && model_id != NULL && hone_provider_can_train (provider_id))
    model = hone_model_catalog_find_model (catalog, provider_id, model_id, NULL);
  if (model != NULL && hone_provider_is_closed (model->provider, NULL))
    model = NULL;

  if (model != NULL)
    {
      select_provider (self, model->provider, model);
      return;
    }

  for (guint i = 0; i < self->providers->len; i++)
    {
      const HoneProviderInfo *provider = g_ptr_array_index (self->providers, i);

      if (g_str_equal (provider->id, "together") || i + 1 == self->providers->len)
        {
          select_provider (self, provider, NULL);
          return;
        }
    }
}

