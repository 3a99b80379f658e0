/* hone-check-status.c: the line at the bottom of a project window that
 * sums up the check of its examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-check-status.h"
#include "hone-text-encoding.h"

struct _HoneCheckStatus
{
  AdwBin            parent_instance;

  HoneDatasetCheck *check;

  GtkButton        *button;
  GtkImage         *icon;
  GtkLabel         *label;
};

G_DEFINE_FINAL_TYPE (HoneCheckStatus, hone_check_status, ADW_TYPE_BIN)

static void
update (HoneCheckStatus *self)
{
  const HoneModelInfo *model;
  HoneValidation *v;
  HoneEstimate *e;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean running;
  const char *icon = NULL;
  const char *icon_class = NULL;

  if (self->check == NULL)
    {
      gtk_label_set_text (self->label, "");
      return;
    }

  model = hone_dataset_check_get_model (self->check);
  v = hone_dataset_check_get_validation (self->check);
  e = hone_dataset_check_get_estimate (self->check);
  running = hone_dataset_check_get_running (self->check);

  if (model != NULL)
    {
      /* Translators: “Qwen3 8B on Together AI” */
      g_string_append_printf (text, _("%s on %s"), model->name, model->provider->name);
      if (hone_dataset_check_get_model_is_default (self->check))
        g_string_append_printf (text, " %s", _("(default)"));
    }
  else
    g_string_append (text, _("No model"));

  if (running)
    g_string_append_printf (text, " · %s", _("Checking…"));
  else if (hone_dataset_check_get_error (self->check) != NULL)
    {
      g_string_append_printf (text, " · %s", _("The examples cannot be checked"));
      icon = "dialog-error-symbolic";
      icon_class = "error";
    }
  else if (v != NULL && v->n_examples[HONE_SPLIT_TRAIN] + v->n_examples[HONE_SPLIT_VALIDATION] +
                        v->n_examples[HONE_SPLIT_EXCLUDED] == 0)
    g_string_append_printf (text, " · %s", _("No examples yet"));
  else if (v != NULL)
    {
      guint64 tokens = v->tokens[HONE_SPLIT_TRAIN] + v->tokens[HONE_SPLIT_VALIDATION];
      g_autofree char *count = hone_text_format_count (tokens);
      guint64 n_errors = v->n_problems[HONE_SEVERITY_ERROR];
      guint64 n_warnings = v->n_problems[HONE_SEVERITY_WARNING];

      g_string_append_printf (text, " · %s", v->exact ? "" : "≈");
      g_string_append_printf (text, ngettext ("%s token", "%s tokens", tokens), count);
      if (e != NULL && e->price >= 0)
        /* Translators: an estimated price */
        g_string_append_printf (text, _(" · ≈ $%.2f"), e->price);

      if (n_errors > 0 || n_warnings > 0)
        {
          g_autofree char *errors = hone_text_format_count (n_errors);
          g_autofree char *warnings = hone_text_format_count (n_warnings);

          g_string_append (text, " · ");
          g_string_append_printf (text, ngettext ("%s error", "%s errors", n_errors), errors);
          g_string_append (text, ", ");
          g_string_append_printf (text, ngettext ("%s warning", "%s warnings", n_warnings), warnings);
          icon = n_errors > 0 ? "dialog-error-symbolic" : "dialog-warning-symbolic";
          icon_class = n_errors > 0 ? "error" : "warning";
        }
      else
        {
          g_string_append_printf (text, " · %s", _("Ready to train"));
          icon = "emblem-ok-symbolic";
          icon_class = "success";
        }
    }

  gtk_label_set_text (self->label, text->str);
  /* No spinner: the line says "Checking…", and a check follows every
   * edit, so an animation here would flicker as the person types (and keep
   * the window redrawing) */
  gtk_widget_set_visible (GTK_WIDGET (self->icon), !running && icon != NULL);
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
  if (icon_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), icon_class);
  /* A narrow window cuts the line: all of it in the tooltip, asked for
   * when shown (query_tooltip_cb): setting a tooltip re-queries the
   * tooltip under the pointer, wherever it is, at every check */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text->str,
                                  -1);
}

static gboolean
query_tooltip_cb (HoneCheckStatus *self,
                  int              x,
                  int              y,
                  gboolean         keyboard_mode,
                  GtkTooltip      *tooltip)
{
  const char *text = gtk_label_get_text (self->label);

  if (text == NULL || text[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
hone_check_status_dispose (GObject *object)
{
  HoneCheckStatus *self = HONE_CHECK_STATUS (object);

  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_clear_object (&self->check);

  /* The bin would otherwise unparent its child a second time */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_CHECK_STATUS);

  G_OBJECT_CLASS (hone_check_status_parent_class)->dispose (object);
}

static void
hone_check_status_class_init (HoneCheckStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_check_status_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/hone-check-status.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneCheckStatus, button);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckStatus, icon);
  gtk_widget_class_bind_template_child (widget_class, HoneCheckStatus, label);
}

static void
hone_check_status_init (HoneCheckStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->button), TRUE);
  g_signal_connect_object (self->button, "query-tooltip",
                           G_CALLBACK (query_tooltip_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
hone_check_status_new (void)
{
  return g_object_new (HONE_TYPE_CHECK_STATUS, NULL);
}

void
hone_check_status_set_check (HoneCheckStatus  *self,
                             HoneDatasetCheck *check)
{
  g_return_if_fail (HONE_IS_CHECK_STATUS (self));
  g_return_if_fail (check == NULL || HONE_IS_DATASET_CHECK (check));

  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_set_object (&self->check, check);
  if (check != NULL)
    g_signal_connect_object (check, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

const char *
hone_check_status_get_text (HoneCheckStatus *self)
{
  g_return_val_if_fail (HONE_IS_CHECK_STATUS (self), NULL);

  return gtk_label_get_text (self->label);
}
