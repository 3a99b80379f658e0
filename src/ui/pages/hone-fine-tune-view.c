/* hone-fine-tune-view.c: one fine-tune in detail, on the Fine-tunes page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "hone-fine-tune-diff.h"
#include "hone-fine-tune-view.h"
#include "hone-fine-tune-row.h"
#include "hone-fine-tune-settings.h"
#include "hone-fine-tune-sync.h"
#include "hone-secrets.h"
#include "hone-text-encoding.h"

struct _HoneFineTuneView
{
  AdwBin              parent_instance;

  HoneFineTuneRecord *record;
  HoneProject        *project;
  GCancellable       *changes_cancellable;
  guint               changes_timeout;
  char               *problem;
  const char         *status_text;
  char               *price_text;
  gboolean            busy;
  guint               n_events;
  guint               n_checkpoints;

  GtkImage           *status_icon;
  GtkLabel           *status_label;
  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  GtkButton          *refresh_button;
  GtkButton          *cancel_button;
  GtkRevealer        *problem_revealer;
  GtkLabel           *problem_label;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
  AdwPreferencesGroup *model_group;
  GtkLabel           *output_label;
  GtkButton          *copy_button;
  GtkButton          *playground_button;
  HoneLossChart      *chart;
  GtkLabel           *chart_note;
  AdwActionRow       *created_row;
  AdwActionRow       *started_row;
  AdwActionRow       *finished_row;
  AdwActionRow       *raw_status_row;
  GtkLabel           *price_label;
  AdwActionRow       *examples_row;
  AdwActionRow       *changes_row;
  AdwActionRow       *settings_row;
  AdwActionRow       *job_row;
  AdwPreferencesGroup *events_group;
  GtkListBox         *events_list;
  AdwPreferencesGroup *checkpoints_group;
  GtkListBox         *checkpoints_list;
};

G_DEFINE_FINAL_TYPE (HoneFineTuneView, hone_fine_tune_view, ADW_TYPE_BIN)

/* What changed in the data since the fine-tune trained: worked out
 * (rendering every example) when a fine-tune is shown, and again when the
 * project's examples or templates change while it is */
static void
data_change_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HoneFineTuneView) self = user_data;
  g_autoptr(HoneFineTuneDataChange) change = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  change = hone_fine_tune_data_change_finish (HONE_PROJECT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->changes_cancellable);
  if (change != NULL)
    text = hone_fine_tune_data_change_describe (change);
  else
    text = g_strdup (error->message);
  adw_action_row_set_subtitle (self->changes_row, text);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_row), TRUE);
}

static void
update_data_change (HoneFineTuneView *self)
{
  if (self->changes_cancellable != NULL)
    {
      g_cancellable_cancel (self->changes_cancellable);
      g_clear_object (&self->changes_cancellable);
    }

  /* Only once the files that trained it are kept */
  if (self->project == NULL || self->record == NULL || self->record->train_sha256 == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->changes_row), FALSE);
      return;
    }

  self->changes_cancellable = g_cancellable_new ();
  adw_action_row_set_subtitle (self->changes_row, _("Comparing with the examples now…"));
  gtk_widget_set_visible (GTK_WIDGET (self->changes_row), TRUE);
  hone_fine_tune_data_change_async (self->project, self->record->id, self->changes_cancellable,
                                    data_change_cb, g_object_ref (self));
}

static gboolean
data_change_timeout_cb (gpointer user_data)
{
  HoneFineTuneView *self = user_data;

  self->changes_timeout = 0;
  update_data_change (self);
  return G_SOURCE_REMOVE;
}

/* Edits come in bursts (typing, a paste): compare once they settle */
static void
project_data_changed_cb (HoneFineTuneView *self)
{
  if (self->record == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  g_clear_handle_id (&self->changes_timeout, g_source_remove);
  self->changes_timeout = g_timeout_add (1000, data_change_timeout_cb, self);
}

void
hone_fine_tune_view_set_project (HoneFineTuneView *self,
                                 HoneProject      *project)
{
  static const char * const signals[] = {
    "examples-inserted", "examples-removed", "examples-changed", "templates-changed",
  };

  g_return_if_fail (HONE_IS_FINE_TUNE_VIEW (self));

  if (self->project == project)
    return;
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
      g_signal_connect_object (project, signals[i], G_CALLBACK (project_data_changed_cb), self, G_CONNECT_SWAPPED);
}

const char *
hone_fine_tune_view_get_changes_text (HoneFineTuneView *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_VIEW (self), NULL);

  return self->changes_cancellable != NULL ? NULL : adw_action_row_get_subtitle (self->changes_row);
}

static const char * const status_classes[] = {
  "success", "error", "warning", "accent", "dim-label",
};

static void
set_row_subtitle (AdwActionRow *row,
                  const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (row), text != NULL);
}

/* A hidden revealer would still take the box's spacing */
static void
show_revealer (GtkRevealer *revealer,
               gboolean     show)
{
  gtk_widget_set_visible (GTK_WIDGET (revealer), show);
  gtk_revealer_set_reveal_child (revealer, show);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
format_date_time (GDateTime *time)
{
  return time != NULL ? hone_fine_tune_format_time (g_date_time_to_unix (time), NULL) : NULL;
}

/* When training started, as the provider's events tell it, or 0 */
static gint64
find_started (GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      HoneFineTuneEvent *event = g_ptr_array_index (events, i);

      if (event->created_at == NULL)
        continue;
      if ((event->type != NULL && strstr (event->type, "start") != NULL) ||
          (event->message != NULL && g_str_has_prefix (event->message, "Training started")))
        return g_date_time_to_unix (event->created_at);
    }
  return 0;
}

static const char *
icon_for_level (const char *level)
{
  if (level == NULL)
    return "dialog-information-symbolic";
  if (g_ascii_strcasecmp (level, "error") == 0 || g_ascii_strcasecmp (level, "fatal") == 0)
    return "dialog-error-symbolic";
  if (g_ascii_strncasecmp (level, "warn", 4) == 0)
    return "dialog-warning-symbolic";
  return "dialog-information-symbolic";
}

static void
fill_events (HoneFineTuneView *self,
             GPtrArray        *events)
{
  clear_list (self->events_list);

  /* Newest first: what is happening now is on top */
  for (guint i = events->len; i > 0; i--)
    {
      HoneFineTuneEvent *event = g_ptr_array_index (events, i - 1);
      g_autofree char *time = format_date_time (event->created_at);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *icon;

      if (event->step >= 0)
        /* Translators: under an event of a fine-tune: when, and at which
         * training step ("Today 10:04 · step 20") */
        subtitle = g_strdup_printf (_("%s · step %" G_GINT64_FORMAT), time != NULL ? time : "", event->step);
      else
        subtitle = g_strdup (time);

      row = g_object_new (ADW_TYPE_ACTION_ROW,
                          "use-markup", FALSE,
                          "title", event->message != NULL ? event->message : "",
                          "title-lines", 0,
                          "subtitle", subtitle != NULL ? subtitle : "",
                          NULL);
      icon = gtk_image_new_from_icon_name (icon_for_level (event->level));
      if (g_strcmp0 (icon_for_level (event->level), "dialog-error-symbolic") == 0)
        gtk_widget_add_css_class (icon, "error");
      else if (g_strcmp0 (icon_for_level (event->level), "dialog-warning-symbolic") == 0)
        gtk_widget_add_css_class (icon, "warning");
      else
        gtk_widget_add_css_class (icon, "dim-label");
      gtk_widget_set_tooltip_text (icon, event->level);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->events_list, row);
    }

  self->n_events = events->len;
  gtk_widget_set_visible (GTK_WIDGET (self->events_group), events->len > 0);
}

static void
fill_checkpoints (HoneFineTuneView *self,
                  GPtrArray        *checkpoints)
{
  clear_list (self->checkpoints_list);

  for (guint i = 0; i < checkpoints->len; i++)
    {
      HoneFineTuneCheckpoint *checkpoint = g_ptr_array_index (checkpoints, i);
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (checkpoint->step >= 0 && checkpoint->kind != NULL)
        /* Translators: a checkpoint of a fine-tune: its step and its kind
         * as the provider says it ("Step 20 · final") */
        title = g_strdup_printf (_("Step %" G_GINT64_FORMAT " · %s"), checkpoint->step, checkpoint->kind);
      else if (checkpoint->step >= 0)
        title = g_strdup_printf (_("Step %" G_GINT64_FORMAT), checkpoint->step);
      else
        title = g_strdup (checkpoint->kind != NULL ? checkpoint->kind : _("Checkpoint"));

      row = g_object_new (ADW_TYPE_ACTION_ROW,
                          "use-markup", FALSE,
                          "title", title,
                          "subtitle", checkpoint->path != NULL ? checkpoint->path : "",
                          "subtitle-lines", 0,
                          NULL);
      if (checkpoint->path != NULL)
        {
          GtkWidget *button = g_object_new (GTK_TYPE_BUTTON,
                                            "icon-name", "edit-copy-symbolic",
                                            "tooltip-text", _("Copy the Checkpoint’s Name"),
                                            "valign", GTK_ALIGN_CENTER,
                                            "action-name", "finetune.copy",
                                            "action-target", g_variant_new_string (checkpoint->path),
                                            NULL);
          gtk_widget_add_css_class (button, "flat");
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy the Checkpoint’s Name"),
                                          -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_list_box_append (self->checkpoints_list, row);
    }

  self->n_checkpoints = checkpoints->len;
  gtk_widget_set_visible (GTK_WIDGET (self->checkpoints_group), checkpoints->len > 0);
}

static char *
describe_price (const HoneFineTuneRecord *record,
                const char               *provider)
{
  GString *text = g_string_new (NULL);

  if (record->estimate_tokens >= 0 || record->estimate_price >= 0)
    {
      g_autofree char *tokens = record->estimate_tokens >= 0 ? hone_text_format_count (record->estimate_tokens) : NULL;
      g_autofree char *price = record->estimate_price >= 0 ? hone_fine_tune_format_price (record->estimate_price) : NULL;

      if (tokens != NULL && price != NULL)
        /* Translators: Hone's estimate before a fine-tune started: billed
         * tokens and a price ("Hone estimated 19,371 tokens, ≈ $0.01") */
        g_string_append_printf (text, _("Hone estimated %s tokens, ≈ %s"), tokens, price);
      else if (tokens != NULL)
        g_string_append_printf (text, _("Hone estimated %s tokens"), tokens);
      else
        g_string_append_printf (text, _("Hone estimated ≈ %s"), price);
    }
  else
    g_string_append (text, _("Hone made no estimate"));

  /* Translators: between Hone's estimate and the provider's bill */
  g_string_append (text, _("; "));

  /* Together's own estimate, asked once the files were sent */
  if (record->provider_estimate >= 0)
    {
      g_autofree char *price = hone_fine_tune_format_price (record->provider_estimate);

      /* Translators: the provider's own estimate ("Together AI estimated $0.52") */
      g_string_append_printf (text, _("%s estimated %s"), provider, price);
      g_string_append (text, _("; "));
    }

  if (record->billed_tokens >= 0 || record->billed_price >= 0)
    {
      g_autofree char *tokens = record->billed_tokens >= 0 ? hone_text_format_count (record->billed_tokens) : NULL;
      g_autofree char *price = record->billed_price >= 0 ? hone_fine_tune_format_price (record->billed_price) : NULL;

      if (tokens != NULL && price != NULL)
        /* Translators: what the provider billed: its name, tokens and the
         * price ("Together AI billed 123,456 tokens, $0.48") */
        g_string_append_printf (text, _("%s billed %s tokens, %s"), provider, tokens, price);
      else if (tokens != NULL)
        g_string_append_printf (text, _("%s billed %s tokens"), provider, tokens);
      else
        g_string_append_printf (text, _("%s billed %s"), provider, price);
    }
  else if (hone_fine_tune_record_is_final (record))
    /* Translators: %s is a provider's name */
    g_string_append_printf (text, _("%s did not say what it billed"), provider);
  else
    /* Translators: %s is a provider's name */
    g_string_append_printf (text, _("%s bills when the job is done"), provider);

  return g_string_free (text, FALSE);
}

static void
update (HoneFineTuneView *self)
{
  const HoneFineTuneRecord *record = self->record;
  const char *icon_name = NULL;
  const char *style_class = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *created = NULL;
  g_autofree char *started_text = NULL;
  g_autofree char *finished = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *examples = NULL;
  g_autofree char *settings_text = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) checkpoints = NULL;
  g_autoptr(GArray) metrics = NULL;
  g_autoptr(HoneFineTuneSettings) settings = NULL;
  HoneFineTuneStatus status;
  gboolean has_metrics;
  gboolean unfinished;
  gint64 started;

  if (record == NULL)
    return;

  provider = hone_fine_tune_dup_provider_name (record->provider_id);

  /* Status */
  self->status_text = hone_fine_tune_describe_status (record, &icon_name, &style_class);
  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_label_set_text (self->status_label, self->status_text);
  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), status_classes[i]);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), status_classes[i]);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), style_class);

  {
    g_autofree char *model = hone_fine_tune_dup_model_name (record);

    gtk_label_set_text (self->title_label, model);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), record->model_id);
  }
  /* Translators: under a fine-tune's base model: where it runs */
  subtitle = g_strdup_printf (_("Fine-tuned on %s"), provider);
  gtk_label_set_text (self->subtitle_label, subtitle);

  unfinished = record->step == HONE_FINE_TUNE_STEP_STARTED && !hone_fine_tune_record_is_final (record);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), unfinished);
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_button), record->step == HONE_FINE_TUNE_STEP_STARTED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), !self->busy);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->cancel_button), g_variant_new_int64 (record->id));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->refresh_button), g_variant_new_int64 (record->id));

  /* Why following it fails now; why it failed */
  if (self->problem != NULL)
    gtk_label_set_text (self->problem_label, self->problem);
  show_revealer (self->problem_revealer, self->problem != NULL && !hone_fine_tune_record_is_final (record));
  if (record->error_message != NULL)
    gtk_label_set_text (self->error_label, record->error_message);
  show_revealer (self->error_revealer, record->error_message != NULL);

  /* The model it made (a running job's model is named ahead: it is shown
   * but cannot answer yet; a failed or cancelled job made none) */
  status = hone_fine_tune_record_get_status (record);
  gtk_widget_set_visible (GTK_WIDGET (self->model_group),
                          record->output_model != NULL &&
                          status != HONE_FINE_TUNE_STATUS_FAILED &&
                          status != HONE_FINE_TUNE_STATUS_CANCELLED);
  adw_preferences_group_set_description (self->model_group,
                                         status == HONE_FINE_TUNE_STATUS_SUCCEEDED ? NULL
                                         : _("The model will have this name once training is done."));
  gtk_label_set_text (self->output_label, record->output_model != NULL ? record->output_model : "");
  if (record->output_model != NULL)
    {
      GVariant *target = g_variant_new_string (record->output_model);

      g_variant_ref_sink (target);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->copy_button), target);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->playground_button), target);
      g_variant_unref (target);
      /* Only a finished model can answer */
      gtk_widget_set_visible (GTK_WIDGET (self->playground_button),
                              status == HONE_FINE_TUNE_STATUS_SUCCEEDED);
    }

  /* Losses */
  metrics = hone_fine_tune_metrics_from_json (record->metrics_json);
  hone_loss_chart_set_metrics (self->chart, (const HoneFineTuneMetric *) metrics->data, metrics->len);
  /* Together's metrics and OpenAI's metric events; Fireworks has none */
  has_metrics = g_strcmp0 (record->provider_id, HONE_SECRETS_PROVIDER_FIREWORKS) != 0;
  gtk_widget_set_visible (GTK_WIDGET (self->chart_note), !has_metrics);

  /* Timeline */
  events = hone_fine_tune_events_from_json (record->events_json);
  created = hone_fine_tune_format_time (record->created, NULL);
  set_row_subtitle (self->created_row, created);
  /* Together says when it started; others only in their events */
  started = record->started > 0 ? record->started : find_started (events);
  started_text = started > 0 ? hone_fine_tune_format_time (started, NULL) : NULL;
  set_row_subtitle (self->started_row, started_text);
  finished = hone_fine_tune_format_time (record->finished, NULL);
  set_row_subtitle (self->finished_row, finished);
  /* Translators: the provider's own word for a job's status */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->raw_status_row), _("Provider’s status"));
  if (record->raw_status != NULL)
    /* Translators: %s is the provider's name, then its word for the status */
    raw = g_strdup_printf (_("%s says “%s”"), provider, record->raw_status);
  set_row_subtitle (self->raw_status_row, raw);
  set_row_subtitle (self->job_row, record->job_id);

  /* Price */
  g_free (self->price_text);
  self->price_text = describe_price (record, provider);
  gtk_label_set_text (self->price_label, self->price_text);

  /* What it trained on, and how */
  if (record->n_train >= 0)
    {
      g_autofree char *n_train = hone_text_format_count (record->n_train);
      g_autofree char *n_validation = hone_text_format_count (MAX (record->n_validation, 0));

      /* Translators: the examples a fine-tune was trained on */
      examples = g_strdup_printf (_("%s training examples, %s validation examples"), n_train, n_validation);
    }
  set_row_subtitle (self->examples_row, examples);
  settings = hone_fine_tune_settings_from_json (record->settings_json != NULL ? record->settings_json : "{}", NULL);
  if (settings != NULL)
    settings_text = hone_fine_tune_settings_describe (settings);
  set_row_subtitle (self->settings_row, settings_text);

  fill_events (self, events);
  checkpoints = hone_fine_tune_checkpoints_from_json (record->checkpoints_json);
  fill_checkpoints (self, checkpoints);
}

void
hone_fine_tune_view_set_record (HoneFineTuneView         *self,
                                const HoneFineTuneRecord *record)
{
  gboolean other;

  g_return_if_fail (HONE_IS_FINE_TUNE_VIEW (self));

  other = record == NULL || self->record == NULL || self->record->id != record->id ||
          g_strcmp0 (self->record->train_sha256, record->train_sha256) != 0;
  g_clear_pointer (&self->record, hone_fine_tune_record_free);
  if (record != NULL)
    self->record = hone_fine_tune_record_copy (record);
  update (self);
  if (other)
    update_data_change (self);
}

const HoneFineTuneRecord *
hone_fine_tune_view_get_record (HoneFineTuneView *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_VIEW (self), NULL);

  return self->record;
}

gint64
hone_fine_tune_view_get_id (HoneFineTuneView *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_VIEW (self), 0);

  return self->record != NULL ? self->record->id : 0;
}

void
hone_fine_tune_view_set_problem (HoneFineTuneView *self,
                                 const char       *problem)
{
  g_return_if_fail (HONE_IS_FINE_TUNE_VIEW (self));

  if (g_strcmp0 (problem, self->problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  update (self);
}

void
hone_fine_tune_view_set_busy (HoneFineTuneView *self,
                              gboolean          busy)
{
  g_return_if_fail (HONE_IS_FINE_TUNE_VIEW (self));

  self->busy = !!busy;
  update (self);
}

HoneLossChart *
hone_fine_tune_view_get_chart (HoneFineTuneView *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_VIEW (self), NULL);

  return self->chart;
}

const char *
hone_fine_tune_view_get_status_text (HoneFineTuneView *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_VIEW (self), NULL);

  return self->status_text;
}

const char *
hone_fine_tune_view_get_output_text (HoneFineTuneView *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_VIEW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->model_group)) ? gtk_label_get_text (self->output_label) : "";
}

const char *
hone_fine_tune_view_get_price_text (HoneFineTuneView *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_VIEW (self), NULL);

  return self->price_text;
}

gboolean
hone_fine_tune_view_can_cancel (HoneFineTuneView *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_VIEW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->cancel_button)) &&
         gtk_widget_get_sensitive (GTK_WIDGET (self->cancel_button));
}

guint
hone_fine_tune_view_get_n_events (HoneFineTuneView *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_VIEW (self), 0);

  return self->n_events;
}

guint
hone_fine_tune_view_get_n_checkpoints (HoneFineTuneView *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_VIEW (self), 0);

  return self->n_checkpoints;
}

static void
hone_fine_tune_view_dispose (GObject *object)
{
  HoneFineTuneView *self = HONE_FINE_TUNE_VIEW (object);

  g_clear_handle_id (&self->changes_timeout, g_source_remove);
  if (self->changes_cancellable != NULL)
    {
      g_cancellable_cancel (self->changes_cancellable);
      g_clear_object (&self->changes_cancellable);
    }
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (object), HONE_TYPE_FINE_TUNE_VIEW);

  G_OBJECT_CLASS (hone_fine_tune_view_parent_class)->dispose (object);
}

static void
hone_fine_tune_view_finalize (GObject *object)
{
  HoneFineTuneView *self = HONE_FINE_TUNE_VIEW (object);

  g_clear_pointer (&self->record, hone_fine_tune_record_free);
  g_clear_object (&self->project);
  g_free (self->problem);
  g_free (self->price_text);

  G_OBJECT_CLASS (hone_fine_tune_view_parent_class)->finalize (object);
}

static void
hone_fine_tune_view_class_init (HoneFineTuneViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_fine_tune_view_dispose;
  object_class->finalize = hone_fine_tune_view_finalize;

  g_type_ensure (HONE_TYPE_LOSS_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-fine-tune-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, status_icon);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, status_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, title_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, problem_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, error_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, model_group);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, output_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, playground_button);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, chart);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, chart_note);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, created_row);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, started_row);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, finished_row);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, raw_status_row);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, price_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, examples_row);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, changes_row);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, settings_row);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, job_row);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, events_group);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, events_list);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, checkpoints_group);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneView, checkpoints_list);
}

static void
hone_fine_tune_view_init (HoneFineTuneView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hone_fine_tune_view_new (void)
{
  return g_object_new (HONE_TYPE_FINE_TUNE_VIEW, NULL);
}
