/* hone-fine-tune-row.c: one fine-tune in the list of the Fine-tunes page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-fine-tune-row.h"
#include "hone-model-catalog.h"
#include "hone-fine-tune-sync.h"
#include "hone-secrets.h"

struct _HoneFineTuneRow
{
  GtkListBoxRow       parent_instance;

  HoneFineTuneRecord *record;
  char               *problem;
  const char         *status_text;
  gboolean            starting;

  GtkImage           *status_icon;
  GtkLabel           *status_label;
  GtkLabel           *title_label;
  GtkLabel           *details_label;
  GtkLabel           *price_label;
  GtkLabel           *output_label;
  GtkLabel           *problem_label;
};

G_DEFINE_FINAL_TYPE (HoneFineTuneRow, hone_fine_tune_row, GTK_TYPE_LIST_BOX_ROW)

static const char * const status_classes[] = {
  "success", "error", "warning", "accent", "dim-label",
};

/* Wording ------------------------------------------------------------------ */

const char *
hone_fine_tune_describe_status (const HoneFineTuneRecord *record,
                                const char              **icon_name,
                                const char              **style_class)
{
  const char *icon = "content-loading-symbolic";
  const char *klass = "accent";
  const char *text;

  g_return_val_if_fail (record != NULL, NULL);

  switch (record->step)
    {
    case HONE_FINE_TUNE_STEP_PREPARING:
      text = _("Interrupted while preparing files");
      icon = "dialog-warning-symbolic";
      klass = "warning";
      break;
    case HONE_FINE_TUNE_STEP_UPLOADING:
      text = _("Interrupted while sending files");
      icon = "dialog-warning-symbolic";
      klass = "warning";
      break;
    case HONE_FINE_TUNE_STEP_CREATING:
      text = _("Interrupted while starting the job");
      icon = "dialog-warning-symbolic";
      klass = "warning";
      break;
    case HONE_FINE_TUNE_STEP_NOT_STARTED:
      text = _("Not started");
      icon = "process-stop-symbolic";
      klass = "dim-label";
      break;
    case HONE_FINE_TUNE_STEP_STARTED:
    default:
      switch (hone_fine_tune_record_get_status (record))
        {
        case HONE_FINE_TUNE_STATUS_PENDING:
          text = _("Pending");
          break;
        case HONE_FINE_TUNE_STATUS_QUEUED:
          text = _("Queued");
          break;
        case HONE_FINE_TUNE_STATUS_RUNNING:
          text = _("Running");
          icon = "emblem-synchronizing-symbolic";
          break;
        case HONE_FINE_TUNE_STATUS_SUCCEEDED:
          text = _("Succeeded");
          icon = "emblem-ok-symbolic";
          klass = "success";
          break;
        case HONE_FINE_TUNE_STATUS_FAILED:
          text = _("Failed");
          icon = "dialog-error-symbolic";
          klass = "error";
          break;
        case HONE_FINE_TUNE_STATUS_CANCELLED:
          text = _("Cancelled");
          icon = "process-stop-symbolic";
          klass = "dim-label";
          break;
        case HONE_FINE_TUNE_STATUS_UNKNOWN:
        default:
          /* Translators: a job whose status Hone does not know yet */
          text = _("Unknown");
          icon = "dialog-question-symbolic";
          klass = "dim-label";
          break;
        }
      break;
    }

  if (icon_name != NULL)
    *icon_name = icon;
  if (style_class != NULL)
    *style_class = klass;
  return text;
}

char *
hone_fine_tune_format_time (gint64     unix_time,
                            GDateTime *now)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *clock = NULL;
  GTimeSpan days;

  if (unix_time <= 0)
    return NULL;

  time = g_date_time_new_from_unix_local (unix_time);
  if (time == NULL)
    return NULL;
  local_now = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  today = g_date_time_new_local (g_date_time_get_year (local_now),
                                 g_date_time_get_month (local_now),
                                 g_date_time_get_day_of_month (local_now), 0, 0, 0);
  clock = g_date_time_format (time, "%H:%M");

  /* Whole days before today's midnight (negative: later today or after) */
  days = g_date_time_difference (today, time);
  if (days <= 0)
    /* Translators: a time today, e.g. "Today 10:04" */
    return g_strdup_printf (_("Today %s"), clock);
  if (days <= G_TIME_SPAN_DAY)
    /* Translators: a time yesterday, e.g. "Yesterday 18:30" */
    return g_strdup_printf (_("Yesterday %s"), clock);
  if (days <= 6 * G_TIME_SPAN_DAY)
    /* Translators: a time in the last week: the weekday and the time
     * ("Mon 09:12"), see strftime */
    return g_date_time_format (time, _("%a %H:%M"));
  if (g_date_time_get_year (time) == g_date_time_get_year (local_now))
    /* Translators: a date this year and the time ("3 Nov 09:12"), see strftime */
    return g_date_time_format (time, _("%-d %b %H:%M"));
  /* Translators: a date in another year ("3 Nov 2025"), see strftime */
  return g_date_time_format (time, _("%-d %b %Y"));
}

char *
hone_fine_tune_format_price (double dollars)
{
  if (dollars > 0 && dollars < 0.005)
    /* Translators: a price below one cent, in US dollars */
    return g_strdup (_("< $0.01"));
  /* Translators: a price in US dollars */
  return g_strdup_printf (_("$%.2f"), dollars);
}

char *
hone_fine_tune_describe_price (const HoneFineTuneRecord *record)
{
  g_autofree char *price = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  if (record->billed_price >= 0)
    return hone_fine_tune_format_price (record->billed_price);
  if (record->estimate_price >= 0)
    {
      price = hone_fine_tune_format_price (record->estimate_price);
      /* Translators: Hone's own estimate of a fine-tune's price, before the
       * provider bills it; %s is a price ("$0.48") */
      return g_strdup_printf (_("≈ %s estimated"), price);
    }
  return NULL;
}

char *
hone_fine_tune_dup_provider_name (const char *provider_id)
{
  if (provider_id == NULL)
    return g_strdup (_("an unknown provider"));
  if (!hone_secrets_provider_is_valid (provider_id))
    return g_strdup (provider_id);
  return hone_secrets_dup_provider_name (provider_id);
}

char *
hone_fine_tune_dup_model_name (const HoneFineTuneRecord *record)
{
  const HoneModelInfo *model;

  if (record->model_id == NULL)
    return g_strdup (_("Unknown model"));
  /* The shipped catalogue knows the names people use ("Qwen3 8B"); a
   * model it does not know is shown by the provider's name for it */
  model = hone_model_catalog_find_model (hone_model_catalog_get_default (), record->provider_id,
                                         record->model_id, NULL);
  return g_strdup (model != NULL ? model->name : record->model_id);
}

/* The row ---------------------------------------------------------------- */

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}

static void
update (HoneFineTuneRow *self)
{
  const HoneFineTuneRecord *record = self->record;
  const char *icon_name = NULL;
  const char *style_class = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *details = NULL;
  g_autofree char *started = NULL;
  g_autofree char *price = NULL;
  g_autofree char *output = NULL;
  g_autofree char *accessible = NULL;
  const char *problem = self->problem;

  if (record == NULL)
    return;

  self->status_text = hone_fine_tune_describe_status (record, &icon_name, &style_class);
  if (self->starting && hone_fine_tune_step_is_unfinished (record->step))
    {
      self->status_text = _("Starting…");
      icon_name = "content-loading-symbolic";
      style_class = "accent";
    }
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

    set_label (self->title_label, model);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), record->model_id);
  }

  provider = hone_fine_tune_dup_provider_name (record->provider_id);
  started = hone_fine_tune_format_time (record->created, NULL);
  if (started != NULL)
    /* Translators: under a fine-tune's base model: the provider and when
     * it started ("Together AI · Today 10:04") */
    details = g_strdup_printf (_("%s · %s"), provider, started);
  else
    details = g_strdup (provider);
  set_label (self->details_label, details);

  price = hone_fine_tune_describe_price (record);
  set_label (self->price_label, price);

  /* Only a model that can answer (a running job's is named ahead) */
  if (record->output_model != NULL &&
      hone_fine_tune_record_get_status (record) == HONE_FINE_TUNE_STATUS_SUCCEEDED)
    /* Translators: the fine-tuned model's name, in the list of fine-tunes */
    output = g_strdup_printf (_("Model: %s"), record->output_model);
  set_label (self->output_label, output);

  /* Why it failed or did not start, or why it cannot be followed */
  if (problem == NULL && !hone_fine_tune_record_is_final (record) &&
      record->step != HONE_FINE_TUNE_STEP_STARTED)
    problem = record->error_message;
  if (problem == NULL && hone_fine_tune_record_get_status (record) == HONE_FINE_TUNE_STATUS_FAILED)
    problem = record->error_message;
  if (problem == NULL && record->step == HONE_FINE_TUNE_STEP_NOT_STARTED)
    problem = record->error_message;
  set_label (self->problem_label, problem);

  /* Translators: what a screen reader says of a row of the fine-tunes list:
   * the status, the base model and the details */
  accessible = g_strdup_printf (_("%s: %s, %s"), self->status_text,
                                gtk_label_get_text (self->title_label), details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

void
hone_fine_tune_row_set_record (HoneFineTuneRow          *self,
                               const HoneFineTuneRecord *record)
{
  g_return_if_fail (HONE_IS_FINE_TUNE_ROW (self));
  g_return_if_fail (record != NULL);

  g_clear_pointer (&self->record, hone_fine_tune_record_free);
  self->record = hone_fine_tune_record_copy (record);
  update (self);
}

const HoneFineTuneRecord *
hone_fine_tune_row_get_record (HoneFineTuneRow *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_ROW (self), NULL);

  return self->record;
}

gint64
hone_fine_tune_row_get_id (HoneFineTuneRow *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_ROW (self), 0);

  return self->record != NULL ? self->record->id : 0;
}

void
hone_fine_tune_row_set_problem (HoneFineTuneRow *self,
                                const char      *problem)
{
  g_return_if_fail (HONE_IS_FINE_TUNE_ROW (self));

  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  update (self);
}

void
hone_fine_tune_row_set_starting (HoneFineTuneRow *self,
                                 gboolean         starting)
{
  g_return_if_fail (HONE_IS_FINE_TUNE_ROW (self));

  if (self->starting == !!starting)
    return;
  self->starting = !!starting;
  update (self);
}

const char *
hone_fine_tune_row_get_problem (HoneFineTuneRow *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_ROW (self), NULL);

  return self->problem;
}

const char *
hone_fine_tune_row_get_status_text (HoneFineTuneRow *self)
{
  g_return_val_if_fail (HONE_IS_FINE_TUNE_ROW (self), NULL);

  return self->status_text;
}

static void
hone_fine_tune_row_finalize (GObject *object)
{
  HoneFineTuneRow *self = HONE_FINE_TUNE_ROW (object);

  g_clear_pointer (&self->record, hone_fine_tune_record_free);
  g_free (self->problem);

  G_OBJECT_CLASS (hone_fine_tune_row_parent_class)->finalize (object);
}

static void
hone_fine_tune_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HONE_TYPE_FINE_TUNE_ROW);

  G_OBJECT_CLASS (hone_fine_tune_row_parent_class)->dispose (object);
}

static void
hone_fine_tune_row_class_init (HoneFineTuneRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_fine_tune_row_dispose;
  object_class->finalize = hone_fine_tune_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-fine-tune-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneRow, price_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneRow, output_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFineTuneRow, problem_label);
}

static void
hone_fine_tune_row_init (HoneFineTuneRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hone_fine_tune_row_new (const HoneFineTuneRecord *record)
{
  HoneFineTuneRow *self = g_object_new (HONE_TYPE_FINE_TUNE_ROW, NULL);

  if (record != NULL)
    hone_fine_tune_row_set_record (self, record);
  return GTK_WIDGET (self);
}
