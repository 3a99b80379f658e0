/* hone-export-dialog.c: writes a project's examples to a CSV, TSV or JSON Lines file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-export-dialog.h"
#include "hone-examples-page.h"
#include "hone-project-window.h"
#include "hone-text-encoding.h"

/* Positions in the models */
static const HoneExportFormat formats[] = {
  HONE_EXPORT_FORMAT_CSV,
  HONE_EXPORT_FORMAT_TSV,
  HONE_EXPORT_FORMAT_JSONL,
  HONE_EXPORT_FORMAT_CHAT_JSONL,
};
static const HoneSplit splits[] = {
  HONE_SPLIT_ANY,
  HONE_SPLIT_TRAIN,
  HONE_SPLIT_VALIDATION,
  HONE_SPLIT_EXCLUDED,
};
/* The row of which_row after the splits, when there is a selection */
#define SELECTION_ROW G_N_ELEMENTS (splits)

struct _HoneExportDialog
{
  AdwWindow        parent_instance;

  HoneProject     *project;
  HoneExporter    *exporter;       /* while one runs */
  GCancellable    *cancellable;
  char            *dest_name;
  char            *message;
  AdwToast        *result_toast;
  /* The examples selected in the grid when the dialog opened (sorted), or
   * NULL */
  GArray          *selected_ids;
  gboolean         disposed;

  /* Template widgets */
  GtkButton       *cancel_button;
  GtkButton       *export_button;
  GtkStack        *stack;
  GtkBox          *message_box;
  GtkImage        *message_icon;
  GtkLabel        *message_label;
  AdwPreferencesGroup *settings_group;
  AdwComboRow     *format_row;
  AdwComboRow     *which_row;
  AdwActionRow    *skip_row;
  GtkSwitch       *skip_switch;
  GtkLabel        *running_label;
  GtkProgressBar  *progress_bar;
  GtkButton       *stop_button;
};

G_DEFINE_FINAL_TYPE (HoneExportDialog, hone_export_dialog, ADW_TYPE_WINDOW)

char *
hone_export_dialog_format_result (guint64     n_exported,
                                  const char *file_name)
{
  g_autofree char *count = hone_text_format_count (n_exported);

  /* Translators: the first %s is a number like “1,204”, the second a file name */
  return g_strdup_printf (ngettext ("Exported %s example to %s", "Exported %s examples to %s",
                                    (unsigned long) MIN (n_exported, G_MAXULONG)),
                          count, file_name);
}

/* State ------------------------------------------------------------------ */

static void
set_message (HoneExportDialog *self,
             gboolean          is_error,
             const char       *text)
{
  g_free (self->message);
  self->message = g_strdup (text);

  gtk_widget_set_visible (GTK_WIDGET (self->message_box), text != NULL);
  if (text == NULL)
    return;

  gtk_image_set_from_icon_name (self->message_icon,
                                is_error ? "dialog-error-symbolic" : "dialog-information-symbolic");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_icon), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_icon), "error");
  gtk_label_set_text (self->message_label, text);
}

static void
update_state (HoneExportDialog *self)
{
  gboolean running = self->exporter != NULL;

  gtk_stack_set_visible_child_name (self->stack, running ? "running" : "settings");
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose-file", !running);
}

const char *
hone_export_dialog_get_state (HoneExportDialog *self)
{
  g_return_val_if_fail (HONE_IS_EXPORT_DIALOG (self), NULL);

  return self->exporter != NULL ? "running" : "idle";
}

const char *
hone_export_dialog_get_message (HoneExportDialog *self)
{
  g_return_val_if_fail (HONE_IS_EXPORT_DIALOG (self), NULL);

  return self->message;
}

AdwToast *
hone_export_dialog_get_result_toast (HoneExportDialog *self)
{
  g_return_val_if_fail (HONE_IS_EXPORT_DIALOG (self), NULL);

  return self->result_toast;
}

static char *
which_label (HoneSplit   split,
             const char *count)
{
  /* Translators: %s is a number like “1,204” */
  switch (split)
    {
    case HONE_SPLIT_TRAIN: return g_strdup_printf (_("Training only (%s)"), count);
    case HONE_SPLIT_VALIDATION: return g_strdup_printf (_("Validation only (%s)"), count);
    case HONE_SPLIT_EXCLUDED: return g_strdup_printf (_("Excluded only (%s)"), count);
    case HONE_SPLIT_ANY:
    default: return g_strdup_printf (_("All examples (%s)"), count);
    }
}

/* Which examples: the rows of which_row, with their counts (the splits,
 * then the selection when there is one) */
static void
fill_which_model (HoneExportDialog *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = adw_combo_row_get_selected (self->which_row);

  for (guint i = 0; i < G_N_ELEMENTS (splits); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 n = hone_project_count_examples (self->project, splits[i], &error);
      g_autofree char *count = hone_text_format_count (MAX (n, 0));
      g_autofree char *label = which_label (splits[i], count);

      gtk_string_list_append (model, label);
    }

  if (self->selected_ids != NULL)
    {
      g_autofree char *count = hone_text_format_count (self->selected_ids->len);
      /* Translators: %s is a number like “1,204”: the rows selected in the grid */
      g_autofree char *label = g_strdup_printf (_("Selected examples (%s)"), count);

      gtk_string_list_append (model, label);
    }

  adw_combo_row_set_model (self->which_row, G_LIST_MODEL (model));
  if (selected >= g_list_model_get_n_items (G_LIST_MODEL (model)))
    selected = 0;
  adw_combo_row_set_selected (self->which_row, selected);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
ids_sorted (const gint64 *ids,
            guint         n_ids)
{
  for (guint i = 1; i < n_ids; i++)
    if (ids[i - 1] >= ids[i])
      return FALSE;
  return TRUE;
}

void
hone_export_dialog_set_selection (HoneExportDialog *self,
                                  const gint64     *ids,
                                  guint             n_ids)
{
  g_return_if_fail (HONE_IS_EXPORT_DIALOG (self));
  g_return_if_fail (n_ids == 0 || ids != NULL);

  g_clear_pointer (&self->selected_ids, g_array_unref);
  if (n_ids > 0)
    {
      self->selected_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
      g_array_append_vals (self->selected_ids, ids, n_ids);
      /* In the grid's order; the exporter writes them by id. A grid
       * sorted by id gives them in order already (no sort to pay for a
       * million rows). */
      if (!ids_sorted (ids, n_ids))
        g_array_sort (self->selected_ids, compare_ids);
    }

  fill_which_model (self);
}

guint
hone_export_dialog_get_n_selected (HoneExportDialog *self)
{
  g_return_val_if_fail (HONE_IS_EXPORT_DIALOG (self), 0);

  return self->selected_ids != NULL ? self->selected_ids->len : 0;
}

void
hone_export_dialog_set_use_selection (HoneExportDialog *self,
                                      gboolean          use_selection)
{
  g_return_if_fail (HONE_IS_EXPORT_DIALOG (self));

  if (use_selection && self->selected_ids != NULL)
    adw_combo_row_set_selected (self->which_row, SELECTION_ROW);
  else if (!use_selection && hone_export_dialog_get_use_selection (self))
    adw_combo_row_set_selected (self->which_row, 0);
}

void
hone_export_dialog_set_skip_bad_examples (HoneExportDialog *self,
                                          gboolean          skip)
{
  g_return_if_fail (HONE_IS_EXPORT_DIALOG (self));

  gtk_switch_set_active (self->skip_switch, skip);
}

gboolean
hone_export_dialog_get_skip_bad_examples (HoneExportDialog *self)
{
  g_return_val_if_fail (HONE_IS_EXPORT_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->skip_switch);
}

gboolean
hone_export_dialog_get_use_selection (HoneExportDialog *self)
{
  g_return_val_if_fail (HONE_IS_EXPORT_DIALOG (self), FALSE);

  return self->selected_ids != NULL &&
         adw_combo_row_get_selected (self->which_row) == SELECTION_ROW;
}

static const char *
format_description (HoneExportFormat format)
{
  switch (format)
    {
    case HONE_EXPORT_FORMAT_TSV:
      return _("The raw values, one column per field, separated by tabs");
    case HONE_EXPORT_FORMAT_JSONL:
      return _("The raw values, one object per example");
    case HONE_EXPORT_FORMAT_CHAT_JSONL:
      return _("Each example rendered through the templates into the chat messages a model is trained on");
    case HONE_EXPORT_FORMAT_CSV:
    default:
      return _("The raw values, one column per field");
    }
}

static void
format_changed_cb (HoneExportDialog *self)
{
  /* (also while the template is built) */
  if (self->format_row == NULL || self->message_box == NULL)
    return;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row),
                               format_description (hone_export_dialog_get_format (self)));
  if (self->skip_row != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->skip_row),
                            hone_export_dialog_get_format (self) == HONE_EXPORT_FORMAT_CHAT_JSONL);
  if (self->settings_group != NULL)
    adw_preferences_group_set_description (self->settings_group,
                                           hone_export_dialog_get_format (self) == HONE_EXPORT_FORMAT_CHAT_JSONL
                                           ? _("One line per example with its messages, the file fine-tuning services take. Excluded examples are left out.")
                                           : _("Values are written exactly as they are stored: a CSV file Hone exports imports again unchanged."));
  /* An error about the templates is about the other format */
  if (self->message != NULL && self->exporter == NULL)
    set_message (self, FALSE, NULL);
}

void
hone_export_dialog_set_format (HoneExportDialog *self,
                               HoneExportFormat  format)
{
  g_return_if_fail (HONE_IS_EXPORT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i] == format)
      adw_combo_row_set_selected (self->format_row, i);
}

HoneExportFormat
hone_export_dialog_get_format (HoneExportDialog *self)
{
  guint selected;

  g_return_val_if_fail (HONE_IS_EXPORT_DIALOG (self), HONE_EXPORT_FORMAT_CSV);

  selected = adw_combo_row_get_selected (self->format_row);
  return selected < G_N_ELEMENTS (formats) ? formats[selected] : HONE_EXPORT_FORMAT_CSV;
}

void
hone_export_dialog_set_split (HoneExportDialog *self,
                              HoneSplit         split)
{
  g_return_if_fail (HONE_IS_EXPORT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (splits); i++)
    if (splits[i] == split)
      adw_combo_row_set_selected (self->which_row, i);
}

HoneSplit
hone_export_dialog_get_split (HoneExportDialog *self)
{
  guint selected;

  g_return_val_if_fail (HONE_IS_EXPORT_DIALOG (self), HONE_SPLIT_ANY);

  /* (the selection is of every split) */
  selected = adw_combo_row_get_selected (self->which_row);
  return selected < G_N_ELEMENTS (splits) ? splits[selected] : HONE_SPLIT_ANY;
}

char *
hone_export_dialog_dup_suggested_name (HoneExportDialog *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (HONE_IS_EXPORT_DIALOG (self), NULL);

  /* A project name may hold a slash; a file name may not */
  name = g_strdelimit (g_strdup (hone_project_get_name (self->project)), "/\\", '-');
  return g_strconcat (name, hone_export_format_get_extension (hone_export_dialog_get_format (self)), NULL);
}

/* Exporting --------------------------------------------------------------- */

static void
progress_changed_cb (HoneExportDialog *self,
                     GParamSpec       *pspec,
                     HoneExporter     *exporter)
{
  double fraction = hone_exporter_get_progress (exporter);
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  /* Translators: the progress of an export, in percent */
  text = g_strdup_printf (_("%d %%"), (int) (fraction * 100.0));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
export_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HoneExportDialog) self = user_data;
  HoneExporter *exporter = HONE_EXPORTER (object);
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  if (!hone_exporter_export_finish (exporter, result, &error))
    {
      g_clear_object (&self->exporter);
      g_clear_object (&self->cancellable);
      if (self->disposed)
        return;

      set_message (self, !g_error_matches (error, HONE_ERROR, HONE_ERROR_CANCELLED), error->message);
      update_state (self);
      return;
    }

  {
    g_autofree char *title = hone_export_dialog_format_result (hone_exporter_get_n_exported (exporter),
                                                               self->dest_name);
    g_autofree char *markup = NULL;
    guint64 n_skipped = hone_exporter_get_n_skipped (exporter);

    if (n_skipped > 0)
      {
        g_autofree char *count = hone_text_format_count (n_skipped);
        g_autofree char *left_out = NULL;
        g_autofree char *with_skipped = NULL;

        /* Translators: after “Exported 25 examples to press.jsonl”; %s is a number */
        left_out = g_strdup_printf (ngettext ("%s left out: it cannot be rendered",
                                              "%s left out: they cannot be rendered",
                                              (unsigned long) MIN (n_skipped, G_MAXULONG)),
                                    count);
        /* Translators: the result of an export, then what was left out */
        with_skipped = g_strdup_printf (_("%s (%s)"), title, left_out);
        g_free (title);
        title = g_steal_pointer (&with_skipped);
      }
    markup = g_markup_escape_text (title, -1);

    g_clear_object (&self->result_toast);
    self->result_toast = g_object_ref_sink (adw_toast_new (markup));
  }

  g_clear_object (&self->exporter);
  g_clear_object (&self->cancellable);
  if (self->disposed)
    return;

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (HONE_IS_PROJECT_WINDOW (parent))
    hone_project_window_add_toast (HONE_PROJECT_WINDOW (parent), g_object_ref (self->result_toast));

  gtk_window_destroy (GTK_WINDOW (self));
}

void
hone_export_dialog_export_to_file (HoneExportDialog *self,
                                   GFile            *dest)
{
  g_autofree char *label = NULL;

  g_return_if_fail (HONE_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (dest));
  g_return_if_fail (self->exporter == NULL);

  g_free (self->dest_name);
  self->dest_name = g_file_get_basename (dest);

  self->exporter = hone_exporter_new (self->project, hone_export_dialog_get_format (self));
  hone_exporter_set_split (self->exporter, hone_export_dialog_get_split (self));
  if (hone_export_dialog_get_use_selection (self))
    hone_exporter_set_example_ids (self->exporter, (const gint64 *) self->selected_ids->data,
                                   self->selected_ids->len);
  hone_exporter_set_skip_bad_examples (self->exporter, hone_export_dialog_get_skip_bad_examples (self));
  g_signal_connect_object (self->exporter, "notify::progress",
                           G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);
  self->cancellable = g_cancellable_new ();

  set_message (self, FALSE, NULL);
  /* Translators: %s is a file name */
  label = g_strdup_printf (_("Exporting to %s…"), self->dest_name);
  gtk_label_set_text (self->running_label, label);
  progress_changed_cb (self, NULL, self->exporter);
  update_state (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->stop_button));

  hone_exporter_export_async (self->exporter, dest, self->cancellable, export_ready_cb, g_object_ref (self));
}

static void
save_response_cb (GtkNativeDialog  *chooser,
                  int               response,
                  HoneExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->exporter == NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        hone_export_dialog_export_to_file (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HoneExportDialog *self = HONE_EXPORT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = hone_export_dialog_dup_suggested_name (self);
  HoneExportFormat format = hone_export_dialog_get_format (self);

  if (self->exporter != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Examples"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  switch (format)
    {
    case HONE_EXPORT_FORMAT_TSV:
      gtk_file_filter_set_name (filter, _("TSV files (tab-separated)"));
      break;
    case HONE_EXPORT_FORMAT_JSONL:
    case HONE_EXPORT_FORMAT_CHAT_JSONL:
      gtk_file_filter_set_name (filter, _("JSON Lines files"));
      break;
    case HONE_EXPORT_FORMAT_CSV:
    default:
      gtk_file_filter_set_name (filter, _("CSV files"));
      break;
    }
  gtk_file_filter_add_suffix (filter, hone_export_format_get_extension (format) + 1);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneExportDialog *self = HONE_EXPORT_DIALOG (widget);

  if (self->exporter != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

/* GtkWindow / GObject ------------------------------------------------------ */

static gboolean
hone_export_dialog_close_request (GtkWindow *window)
{
  HoneExportDialog *self = HONE_EXPORT_DIALOG (window);

  /* Only Cancel stops an export */
  if (self->exporter != NULL)
    return TRUE;

  return GTK_WINDOW_CLASS (hone_export_dialog_parent_class)->close_request (window);
}

static void
hone_export_dialog_dispose (GObject *object)
{
  HoneExportDialog *self = HONE_EXPORT_DIALOG (object);

  self->disposed = TRUE;

  /* (see parent_destroyed_cb) */
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_EXPORT_DIALOG);

  g_clear_object (&self->result_toast);

  G_OBJECT_CLASS (hone_export_dialog_parent_class)->dispose (object);
}

static void
hone_export_dialog_finalize (GObject *object)
{
  HoneExportDialog *self = HONE_EXPORT_DIALOG (object);

  g_clear_object (&self->exporter);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->project);
  g_clear_pointer (&self->selected_ids, g_array_unref);
  g_free (self->dest_name);
  g_free (self->message);

  G_OBJECT_CLASS (hone_export_dialog_parent_class)->finalize (object);
}

static void
hone_export_dialog_class_init (HoneExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hone_export_dialog_dispose;
  object_class->finalize = hone_export_dialog_finalize;
  window_class->close_request = hone_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/dialogs/hone-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, message_box);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, message_icon);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, settings_group);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, which_row);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, skip_row);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, skip_switch);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, running_label);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HoneExportDialog, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, format_changed_cb);

  gtk_widget_class_install_action (widget_class, "export.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);

  /* Escape closes the dialog, but does not stop a running export */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hone_export_dialog_init (HoneExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The dialog goes with its parent. Not through "destroy-with-parent": an
 * async call may keep the dialog alive after the parent is freed, and GTK
 * 4.8 then disconnects from the freed parent when the dialog is disposed.
 * Without that flag GTK forgets the parent when it is destroyed. */
static void
parent_destroyed_cb (HoneExportDialog *self)
{
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

HoneExportDialog *
hone_export_dialog_new (GtkWindow   *parent,
                        HoneProject *project)
{
  HoneExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);

  self = g_object_new (HONE_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  if (parent != NULL)
    {
      gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
      g_signal_connect_object (parent, "destroy", G_CALLBACK (parent_destroyed_cb), self, G_CONNECT_SWAPPED);
    }

  self->project = g_object_ref (project);
  fill_which_model (self);
  format_changed_cb (self);

  /* Opened over the project's window: the rows selected in its grid can be
   * exported alone */
  if (HONE_IS_PROJECT_WINDOW (parent))
    {
      HoneExamplesPage *page = hone_project_window_get_examples_page (HONE_PROJECT_WINDOW (parent));

      if (page != NULL && hone_examples_page_get_project (page) == project &&
          hone_examples_page_get_n_selected (page) > 0)
        {
          g_autoptr(GArray) ids = hone_examples_page_dup_selected_ids (page);

          hone_export_dialog_set_selection (self, (const gint64 *) ids->data, ids->len);
        }
    }

  update_state (self);

  return self;
}

HoneProject *
hone_export_dialog_get_project (HoneExportDialog *self)
{
  g_return_val_if_fail (HONE_IS_EXPORT_DIALOG (self), NULL);

  return self->project;
}
