/* hone-fields-page.c: the list of a project's fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-fields-page.h"
#include "hone-project-window.h"

struct _HoneFieldsPage
{
  AdwBin       parent_instance;

  HoneProject *project;
  gulong       fields_changed_id;

  GtkStack    *stack;
  GtkListBox  *list_box;
  GtkRevealer *error_revealer;
  GtkLabel    *error_label;
  char        *last_error;
};

G_DEFINE_FINAL_TYPE (HoneFieldsPage, hone_fields_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
icon_for_kind (HoneFieldKind kind)
{
  switch (kind)
    {
    case HONE_FIELD_KIND_SHORT_TEXT:
      return "insert-text-symbolic";
    case HONE_FIELD_KIND_LONG_TEXT:
      return "format-justify-left-symbolic";
    case HONE_FIELD_KIND_LABEL:
      return "view-list-bullet-symbolic";
    case HONE_FIELD_KIND_NUMBER:
      return "input-dialpad-symbolic";
    case HONE_FIELD_KIND_YES_NO:
      return "checkbox-checked-symbolic";
    default:
      return "text-x-generic-symbolic";
    }
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  HoneField *field = item;
  HoneFieldKind kind = hone_field_get_kind (field);
  const char *description = hone_field_get_description (field);
  GString *subtitle = g_string_new (hone_field_kind_get_label (kind));
  g_autofree char *subtitle_text = NULL;
  GtkWidget *row;
  GtkWidget *icon;

  if (description != NULL && description[0] != '\0')
    {
      /* Translators: between a field's kind and its description */
      g_string_append (subtitle, _(" · "));
      g_string_append (subtitle, description);
    }

  if (kind == HONE_FIELD_KIND_LABEL)
    {
      const char * const *values = hone_field_get_allowed_values (field);
      g_autofree char *joined = g_strjoinv (", ", (char **) values);

      g_string_append_c (subtitle, '\n');
      if (values[0] != NULL)
        /* Translators: the values a label field accepts, separated by commas */
        g_string_append_printf (subtitle, _("Values: %s"), joined);
      else
        g_string_append (subtitle, _("No values are allowed yet"));
    }

  subtitle_text = g_string_free (subtitle, FALSE);

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "use-markup", FALSE,
                      "title", hone_field_get_name (field),
                      "subtitle", subtitle_text,
                      "subtitle-lines", 0,
                      NULL);

  icon = gtk_image_new_from_icon_name (icon_for_kind (kind));
  gtk_widget_set_tooltip_text (icon, hone_field_kind_get_label (kind));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  {
    static const struct {
      const char *action;
      const char *icon;
      const char *tooltip;
    } buttons[] = {
      { "fields.move-up", "go-up-symbolic", N_("Move Up") },
      { "fields.move-down", "go-down-symbolic", N_("Move Down") },
      { "fields.edit", "document-edit-symbolic", N_("Edit Field") },
      { "fields.delete", "user-trash-symbolic", N_("Delete Field") },
    };
    guint position = hone_field_get_position (field);
    guint n_fields = g_list_model_get_n_items (G_LIST_MODEL (user_data));

    for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
      {
        GtkWidget *button = g_object_new (GTK_TYPE_BUTTON,
                                          "icon-name", buttons[i].icon,
                                          "tooltip-text", _(buttons[i].tooltip),
                                          "valign", GTK_ALIGN_CENTER,
                                          "action-name", buttons[i].action,
                                          "action-target", g_variant_new_int64 (hone_field_get_id (field)),
                                          NULL);

        gtk_widget_add_css_class (button, "flat");
        if ((i == 0 && position == 0) || (i == 1 && position + 1 >= n_fields))
          gtk_widget_set_sensitive (button, FALSE);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      }
  }

  return row;
}

/* Editing -------------------------------------------------------------- */

static void
show_error (HoneFieldsPage *self,
            const char     *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
dismiss_error_cb (HoneFieldsPage *self)
{
  show_error (self, NULL);
}

const char *
hone_fields_page_get_error (HoneFieldsPage *self)
{
  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (self), NULL);

  return self->last_error;
}

/* The project window's undo stack (shared with the Examples page) */
static HoneUndoStack *
get_undo_stack (HoneFieldsPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), HONE_TYPE_PROJECT_WINDOW);

  if (window == NULL)
    return NULL;

  return hone_examples_page_get_undo_stack (hone_project_window_get_examples_page (HONE_PROJECT_WINDOW (window)));
}

static char **
split_values (const char *text)
{
  g_auto(GStrv) parts = NULL;
  GPtrArray *values = g_ptr_array_new ();

  if (text != NULL)
    {
      parts = g_strsplit (text, ",", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *value = g_strstrip (parts[i]);

          if (value[0] != '\0')
            g_ptr_array_add (values, g_strdup (value));
        }
    }
  g_ptr_array_add (values, NULL);
  return (char **) g_ptr_array_free (values, FALSE);
}

gboolean
hone_fields_page_add_field (HoneFieldsPage  *self,
                            const char      *name,
                            HoneFieldKind    kind,
                            const char      *description,
                            const char      *allowed_values,
                            GError         **error)
{
  g_auto(GStrv) values = NULL;

  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (self), FALSE);
  g_return_val_if_fail (self->project != NULL, FALSE);

  values = split_values (kind == HONE_FIELD_KIND_LABEL ? allowed_values : NULL);
  if (hone_project_add_field (self->project, name, kind, description,
                              (const char * const *) values, error) == NULL)
    return FALSE;

  show_error (self, NULL);
  return TRUE;
}

gboolean
hone_fields_page_edit_field (HoneFieldsPage  *self,
                             gint64           field_id,
                             const char      *name,
                             HoneFieldKind    kind,
                             const char      *description,
                             const char      *allowed_values,
                             GError         **error)
{
  HoneUndoStack *stack = get_undo_stack (self);
  HoneField *field;
  g_autofree char *old_values = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (self), FALSE);
  g_return_val_if_fail (self->project != NULL, FALSE);

  field = hone_project_get_field_by_id (self->project, field_id);
  if (field == NULL)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_NOT_FOUND, _("The field does not exist any more."));
      return FALSE;
    }
  old_values = g_strjoinv (", ", (char **) hone_field_get_allowed_values (field));

  /* Every change of the dialog is one undo step */
  if (stack != NULL)
    ok = hone_undo_stack_begin_group (stack, _("Edit Field"), error);
  else
    ok = hone_project_begin (self->project, error);
  if (!ok)
    return FALSE;

  /* A rename replaces the field object: keep what it was first */
  {
    g_autofree char *old_name = g_strdup (hone_field_get_name (field));
    g_autofree char *old_description = g_strdup (hone_field_get_description (field) != NULL ? hone_field_get_description (field) : "");
    HoneFieldKind old_kind = hone_field_get_kind (field);

    if (ok && g_strcmp0 (name, old_name) != 0)
      ok = hone_project_rename_field (self->project, field_id, name, error);
    if (ok && kind != old_kind)
      ok = hone_project_set_field_kind (self->project, field_id, kind, error);
    if (ok && g_strcmp0 (description != NULL ? description : "", old_description) != 0)
      ok = hone_project_set_field_description (self->project, field_id, description, error);
    if (ok && kind == HONE_FIELD_KIND_LABEL &&
        (old_kind != HONE_FIELD_KIND_LABEL || g_strcmp0 (allowed_values != NULL ? allowed_values : "", old_values) != 0))
      {
        g_auto(GStrv) values = split_values (allowed_values);
        ok = hone_project_set_field_allowed_values (self->project, field_id, (const char * const *) values, error);
      }
  }
  field = NULL;

  if (stack != NULL)
    {
      if (ok)
        ok = hone_undo_stack_end_group (stack, error);
      if (!ok)
        hone_undo_stack_cancel_group (stack);
    }
  else
    {
      if (ok)
        ok = hone_project_commit (self->project, error);
      if (!ok)
        hone_project_rollback (self->project);
    }

  if (ok)
    show_error (self, NULL);
  return ok;
}

/* The dialog that adds or edits a field */
typedef struct {
  HoneFieldsPage *page;
  gint64          field_id;   /* 0 to add */
  GtkEditable    *name;
  GtkDropDown    *kind;
  GtkEditable    *description;
  GtkEditable    *values;
  GtkWidget      *values_row;
} FieldDialog;

static void
field_dialog_free (gpointer data)
{
  FieldDialog *dialog = data;

  g_object_unref (dialog->page);
  g_free (dialog);
}

static void
field_dialog_kind_cb (GtkDropDown *kind,
                      GParamSpec  *pspec,
                      FieldDialog *dialog)
{
  gtk_widget_set_visible (dialog->values_row,
                          gtk_drop_down_get_selected (kind) == HONE_FIELD_KIND_LABEL);
}

static void
field_dialog_response_cb (AdwMessageDialog *message_dialog,
                          const char       *response,
                          FieldDialog      *dialog)
{
  g_autoptr(GError) error = NULL;
  const char *name = gtk_editable_get_text (dialog->name);
  HoneFieldKind kind = gtk_drop_down_get_selected (dialog->kind);
  const char *description = gtk_editable_get_text (dialog->description);
  const char *values = gtk_editable_get_text (dialog->values);
  gboolean ok;

  if (g_strcmp0 (response, "save") != 0)
    return;

  if (dialog->field_id == 0)
    ok = hone_fields_page_add_field (dialog->page, name, kind, description, values, &error);
  else
    ok = hone_fields_page_edit_field (dialog->page, dialog->field_id, name, kind, description, values, &error);

  if (!ok)
    show_error (dialog->page, error->message);
}

static GtkWidget *
labelled (const char *label,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), widget);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static void
open_field_dialog (HoneFieldsPage *self,
                   HoneField      *field)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  FieldDialog *dialog = g_new0 (FieldDialog, 1);
  GtkWidget *message_dialog, *box, *kind;
  GtkStringList *kinds = gtk_string_list_new (NULL);

  for (HoneFieldKind k = HONE_FIELD_KIND_SHORT_TEXT; k <= HONE_FIELD_KIND_YES_NO; k++)
    gtk_string_list_append (kinds, hone_field_kind_get_label (k));

  dialog->page = g_object_ref (self);
  dialog->field_id = field != NULL ? hone_field_get_id (field) : 0;

  message_dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           field != NULL ? _("Edit Field") : _("Add Field"),
                                           NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (message_dialog),
                                    "cancel", _("_Cancel"),
                                    "save", field != NULL ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (message_dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (message_dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (message_dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  dialog->name = GTK_EDITABLE (gtk_entry_new ());
  gtk_entry_set_activates_default (GTK_ENTRY (dialog->name), TRUE);
  gtk_box_append (GTK_BOX (box), labelled (_("_Name"), GTK_WIDGET (dialog->name)));

  kind = gtk_drop_down_new (G_LIST_MODEL (kinds), NULL);
  dialog->kind = GTK_DROP_DOWN (kind);
  gtk_box_append (GTK_BOX (box), labelled (_("_Kind"), kind));

  dialog->description = GTK_EDITABLE (gtk_entry_new ());
  gtk_box_append (GTK_BOX (box), labelled (_("_Description"), GTK_WIDGET (dialog->description)));

  dialog->values = GTK_EDITABLE (gtk_entry_new ());
  gtk_entry_set_placeholder_text (GTK_ENTRY (dialog->values), _("positive, negative, neutral"));
  dialog->values_row = labelled (_("_Labels, separated by commas"), GTK_WIDGET (dialog->values));
  gtk_box_append (GTK_BOX (box), dialog->values_row);

  if (field != NULL)
    {
      g_autofree char *values = g_strjoinv (", ", (char **) hone_field_get_allowed_values (field));

      gtk_editable_set_text (dialog->name, hone_field_get_name (field));
      gtk_drop_down_set_selected (dialog->kind, hone_field_get_kind (field));
      gtk_editable_set_text (dialog->description, hone_field_get_description (field) != NULL ? hone_field_get_description (field) : "");
      gtk_editable_set_text (dialog->values, values);
    }
  gtk_widget_set_visible (dialog->values_row, gtk_drop_down_get_selected (dialog->kind) == HONE_FIELD_KIND_LABEL);
  g_signal_connect (kind, "notify::selected", G_CALLBACK (field_dialog_kind_cb), dialog);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (message_dialog), box);
  g_signal_connect_data (message_dialog, "response", G_CALLBACK (field_dialog_response_cb),
                         dialog, (GClosureNotify) (void (*) (void)) field_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (message_dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (widget);

  if (self->project != NULL)
    open_field_dialog (self, NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (widget);
  HoneField *field;

  if (self->project == NULL)
    return;
  field = hone_project_get_field_by_id (self->project, g_variant_get_int64 (parameter));
  if (field != NULL)
    open_field_dialog (self, field);
}

static void
move_field (HoneFieldsPage *self,
            gint64          field_id,
            int             delta)
{
  g_autoptr(GError) error = NULL;
  HoneField *field;
  int position;

  if (self->project == NULL)
    return;
  field = hone_project_get_field_by_id (self->project, field_id);
  if (field == NULL)
    return;

  position = (int) hone_field_get_position (field) + delta;
  if (position < 0 || position >= (int) hone_project_get_n_fields (self->project))
    return;

  if (!hone_project_move_field (self->project, field_id, position, &error))
    show_error (self, error->message);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move_field (HONE_FIELDS_PAGE (widget), g_variant_get_int64 (parameter), -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_field (HONE_FIELDS_PAGE (widget), g_variant_get_int64 (parameter), 1);
}

static void
add_toast (HoneFieldsPage *self,
           AdwToast       *toast)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), HONE_TYPE_PROJECT_WINDOW);

  if (window != NULL)
    hone_project_window_add_toast (HONE_PROJECT_WINDOW (window), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  HoneField *field;
  AdwToast *toast;

  if (self->project == NULL)
    return;
  field = hone_project_get_field_by_id (self->project, g_variant_get_int64 (parameter));
  if (field == NULL)
    return;

  name = g_strdup (hone_field_get_name (field));
  if (!hone_project_delete_field (self->project, hone_field_get_id (field), &error))
    {
      show_error (self, error->message);
      return;
    }

  /* Translators: a toast; %s is a field's name */
  title = g_strdup_printf (_("Field “%s” deleted"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "fields.undo");
  add_toast (self, toast);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (widget);
  HoneUndoStack *stack = get_undo_stack (self);
  g_autoptr(GError) error = NULL;

  if (stack != NULL && hone_undo_stack_can_undo (stack) && !hone_undo_stack_undo (stack, &error))
    show_error (self, error->message);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (widget);
  HoneUndoStack *stack = get_undo_stack (self);
  g_autoptr(GError) error = NULL;

  if (stack != NULL && hone_undo_stack_can_redo (stack) && !hone_undo_stack_redo (stack, &error))
    show_error (self, error->message);
}

static void
update_state (HoneFieldsPage *self)
{
  gboolean empty = self->project == NULL || hone_project_get_n_fields (self->project) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
fields_items_changed_cb (HoneFieldsPage *self,
                         guint           position,
                         guint           removed,
                         guint           added,
                         GListModel     *fields)
{
  /* The first and last rows' move buttons depend on the others: make
   * every row again (a project has few fields) */
  gtk_list_box_bind_model (self->list_box, fields, create_row, fields, NULL);
  update_state (self);
}

static void
hone_fields_page_dispose (GObject *object)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (object);

  if (self->project != NULL)
    g_clear_signal_handler (&self->fields_changed_id, hone_project_get_fields (self->project));

  /* The bin would otherwise unparent its child a second time */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_FIELDS_PAGE);

  g_clear_object (&self->project);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (hone_fields_page_parent_class)->dispose (object);
}

static void
hone_fields_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_fields_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HoneFieldsPage *self = HONE_FIELDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      hone_fields_page_set_project (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_fields_page_class_init (HoneFieldsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_fields_page_dispose;
  object_class->get_property = hone_fields_page_get_property;
  object_class->set_property = hone_fields_page_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         HONE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-fields-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneFieldsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldsPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldsPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HoneFieldsPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_error_cb);

  gtk_widget_class_install_action (widget_class, "fields.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "fields.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "fields.move-up", "x", move_up_action);
  gtk_widget_class_install_action (widget_class, "fields.move-down", "x", move_down_action);
  gtk_widget_class_install_action (widget_class, "fields.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "fields.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "fields.redo", NULL, redo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "fields.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "fields.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "fields.redo", NULL);
}

static void
hone_fields_page_init (HoneFieldsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

GtkWidget *
hone_fields_page_new (void)
{
  return g_object_new (HONE_TYPE_FIELDS_PAGE, NULL);
}

HoneProject *
hone_fields_page_get_project (HoneFieldsPage *self)
{
  g_return_val_if_fail (HONE_IS_FIELDS_PAGE (self), NULL);

  return self->project;
}

void
hone_fields_page_set_project (HoneFieldsPage *self,
                              HoneProject    *project)
{
  g_return_if_fail (HONE_IS_FIELDS_PAGE (self));
  g_return_if_fail (project == NULL || HONE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->project != NULL)
    g_clear_signal_handler (&self->fields_changed_id, hone_project_get_fields (self->project));

  g_set_object (&self->project, project);

  if (project != NULL)
    {
      GListModel *fields = hone_project_get_fields (project);

      gtk_list_box_bind_model (self->list_box, fields, create_row, fields, NULL);
      self->fields_changed_id =
        g_signal_connect_object (fields, "items-changed",
                                 G_CALLBACK (fields_items_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }
  else
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);

  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}
