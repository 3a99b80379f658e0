/* hone-field-dialog.c: adds a field, or changes one (name, kind, description, labels)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-field-dialog.h"

struct _HoneFieldDialog
{
  AdwWindow        parent_instance;

  HoneFieldsPage  *page;
  gint64           field_id;
  char            *error;

  /* Template widgets */
  AdwWindowTitle  *window_title;
  GtkButton       *save_button;
  GtkBox          *error_box;
  GtkLabel        *error_label;
  AdwEntryRow     *name_row;
  AdwComboRow     *kind_row;
  AdwEntryRow     *description_row;
  AdwPreferencesGroup *labels_group;
  GtkListBox      *labels_list;
};

G_DEFINE_FINAL_TYPE (HoneFieldDialog, hone_field_dialog, ADW_TYPE_WINDOW)

/* The error ---------------------------------------------------------------- */

static void
show_error (HoneFieldDialog *self,
            const char      *message)
{
  g_free (self->error);
  self->error = g_strdup (message);

  gtk_widget_set_visible (GTK_WIDGET (self->error_box), message != NULL);
  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
}

const char *
hone_field_dialog_get_error (HoneFieldDialog *self)
{
  g_return_val_if_fail (HONE_IS_FIELD_DIALOG (self), NULL);

  return self->error;
}

/* Labels -------------------------------------------------------------------- */

static GtkWidget *
label_row_at (HoneFieldDialog *self,
              guint            position)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->labels_list, (int) position);

  return row != NULL ? GTK_WIDGET (row) : NULL;
}

guint
hone_field_dialog_get_n_label_rows (HoneFieldDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (HONE_IS_FIELD_DIALOG (self), 0);

  while (label_row_at (self, n) != NULL)
    n++;
  return n;
}

GtkEditable *
hone_field_dialog_get_label_entry (HoneFieldDialog *self,
                                   guint            position)
{
  GtkWidget *row;

  g_return_val_if_fail (HONE_IS_FIELD_DIALOG (self), NULL);

  row = label_row_at (self, position);
  return row != NULL ? GTK_EDITABLE (row) : NULL;
}

static void
renumber_label_rows (HoneFieldDialog *self)
{
  for (guint i = 0; label_row_at (self, i) != NULL; i++)
    {
      GtkWidget *row = label_row_at (self, i);
      g_autofree char *title = NULL;

      /* Translators: the title of the row of a field's first, second … label */
      title = g_strdup_printf (_("Label %u"), i + 1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
}

static void
remove_label_clicked_cb (GtkButton       *button,
                         HoneFieldDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW);
  int index;
  GtkWidget *next;

  if (row == NULL)
    return;

  /* The focus goes to the row that takes its place, or the one before */
  index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  gtk_list_box_remove (self->labels_list, row);
  renumber_label_rows (self);

  next = label_row_at (self, (guint) index);
  if (next == NULL && index > 0)
    next = label_row_at (self, (guint) index - 1);
  if (next != NULL)
    gtk_widget_grab_focus (next);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->labels_list));
}

static GtkWidget *insert_label_row (HoneFieldDialog *self,
                                    int              position,
                                    const char      *text);

/* Enter in a label row that holds text opens a new row after it: typing a
 * list is label, Enter, label, Enter */
static void
label_activated_cb (AdwEntryRow     *row,
                    HoneFieldDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  GtkWidget *next;

  if (text[0] == '\0')
    return;

  next = insert_label_row (self, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1, "");
  gtk_widget_grab_focus (next);
}

static GtkWidget *
insert_label_row (HoneFieldDialog *self,
                  int              position,
                  const char      *text)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove;

  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (label_activated_cb), self, 0);

  remove = g_object_new (GTK_TYPE_BUTTON,
                         "icon-name", "user-trash-symbolic",
                         "tooltip-text", _("Remove Label"),
                         "valign", GTK_ALIGN_CENTER,
                         NULL);
  gtk_widget_add_css_class (remove, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Label"),
                                  -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_label_clicked_cb), self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  gtk_list_box_insert (self->labels_list, row, position);
  renumber_label_rows (self);
  return row;
}

void
hone_field_dialog_set_labels (HoneFieldDialog    *self,
                              const char * const *labels)
{
  GtkWidget *row;

  g_return_if_fail (HONE_IS_FIELD_DIALOG (self));

  while ((row = label_row_at (self, 0)) != NULL)
    gtk_list_box_remove (self->labels_list, row);

  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    insert_label_row (self, -1, labels[i]);
}

char **
hone_field_dialog_dup_labels (HoneFieldDialog *self)
{
  GPtrArray *labels = g_ptr_array_new ();
  GtkWidget *row;

  g_return_val_if_fail (HONE_IS_FIELD_DIALOG (self), NULL);

  for (guint i = 0; (row = label_row_at (self, i)) != NULL; i++)
    {
      char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

      if (text[0] != '\0')
        g_ptr_array_add (labels, text);
      else
        g_free (text);
    }
  g_ptr_array_add (labels, NULL);

  return (char **) g_ptr_array_free (labels, FALSE);
}

static void
add_label_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HoneFieldDialog *self = HONE_FIELD_DIALOG (widget);
  GtkWidget *row = insert_label_row (self, -1, "");

  gtk_widget_grab_focus (row);
}

/* The fields ----------------------------------------------------------------- */

gint64
hone_field_dialog_get_field_id (HoneFieldDialog *self)
{
  g_return_val_if_fail (HONE_IS_FIELD_DIALOG (self), 0);

  return self->field_id;
}

void
hone_field_dialog_set_name (HoneFieldDialog *self,
                            const char      *name)
{
  g_return_if_fail (HONE_IS_FIELD_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
}

const char *
hone_field_dialog_get_name (HoneFieldDialog *self)
{
  g_return_val_if_fail (HONE_IS_FIELD_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

void
hone_field_dialog_set_kind (HoneFieldDialog *self,
                            HoneFieldKind    kind)
{
  g_return_if_fail (HONE_IS_FIELD_DIALOG (self));

  adw_combo_row_set_selected (self->kind_row, kind - HONE_FIELD_KIND_SHORT_TEXT);
}

HoneFieldKind
hone_field_dialog_get_kind (HoneFieldDialog *self)
{
  g_return_val_if_fail (HONE_IS_FIELD_DIALOG (self), HONE_FIELD_KIND_SHORT_TEXT);

  return HONE_FIELD_KIND_SHORT_TEXT + adw_combo_row_get_selected (self->kind_row);
}

void
hone_field_dialog_set_description (HoneFieldDialog *self,
                                   const char      *description)
{
  g_return_if_fail (HONE_IS_FIELD_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->description_row), description != NULL ? description : "");
}

static void
kind_changed_cb (HoneFieldDialog *self)
{
  /* (also while the template is built) */
  if (self->labels_group == NULL || self->kind_row == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->labels_group),
                          hone_field_dialog_get_kind (self) == HONE_FIELD_KIND_LABEL);
}

/* Saving ----------------------------------------------------------------------- */

gboolean
hone_field_dialog_save (HoneFieldDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) labels = NULL;
  HoneFieldKind kind;
  const char *name;
  const char *description;
  gboolean ok;

  g_return_val_if_fail (HONE_IS_FIELD_DIALOG (self), FALSE);

  if (hone_fields_page_get_project (self->page) == NULL)
    return FALSE;

  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  kind = hone_field_dialog_get_kind (self);
  labels = hone_field_dialog_dup_labels (self);

  if (self->field_id == 0)
    ok = hone_fields_page_add_field (self->page, name, kind, description,
                                     (const char * const *) labels, &error);
  else
    ok = hone_fields_page_edit_field (self->page, self->field_id, name, kind, description,
                                      (const char * const *) labels, &error);

  if (!ok)
    {
      /* The dialog stays, with everything as typed, to fix it */
      show_error (self, error->message);
      return FALSE;
    }

  show_error (self, NULL);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hone_field_dialog_save (HONE_FIELD_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

/* GObject ------------------------------------------------------------------------ */

static void
hone_field_dialog_dispose (GObject *object)
{
  HoneFieldDialog *self = HONE_FIELD_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_FIELD_DIALOG);
  g_clear_object (&self->page);

  G_OBJECT_CLASS (hone_field_dialog_parent_class)->dispose (object);
}

static void
hone_field_dialog_finalize (GObject *object)
{
  HoneFieldDialog *self = HONE_FIELD_DIALOG (object);

  g_free (self->error);

  G_OBJECT_CLASS (hone_field_dialog_parent_class)->finalize (object);
}

static void
hone_field_dialog_class_init (HoneFieldDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_field_dialog_dispose;
  object_class->finalize = hone_field_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/dialogs/hone-field-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneFieldDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldDialog, labels_group);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldDialog, labels_list);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "field.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "field.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "field.add-label", NULL, add_label_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "field.cancel", NULL);
}

static void
hone_field_dialog_init (HoneFieldDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (HoneFieldKind k = HONE_FIELD_KIND_SHORT_TEXT; k <= HONE_FIELD_KIND_YES_NO; k++)
    gtk_string_list_append (kinds, hone_field_kind_get_label (k));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  kind_changed_cb (self);
}

HoneFieldDialog *
hone_field_dialog_new (HoneFieldsPage *page,
                       HoneField      *field)
{
  HoneFieldDialog *self;
  GtkRoot *root;

  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (page), NULL);
  g_return_val_if_fail (field == NULL || HONE_IS_FIELD (field), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (page));
  self = g_object_new (HONE_TYPE_FIELD_DIALOG,
                       "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                       "destroy-with-parent", TRUE,
                       NULL);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (GTK_WINDOW (root)));

  self->page = g_object_ref (page);

  if (field != NULL)
    {
      self->field_id = hone_field_get_id (field);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Field"));
      adw_window_title_set_title (self->window_title, _("Edit Field"));
      gtk_button_set_label (self->save_button, _("_Save"));

      hone_field_dialog_set_name (self, hone_field_get_name (field));
      hone_field_dialog_set_kind (self, hone_field_get_kind (field));
      hone_field_dialog_set_description (self, hone_field_get_description (field));
      hone_field_dialog_set_labels (self, hone_field_get_allowed_values (field));
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}
