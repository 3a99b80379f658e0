/* hone-template-editor.c: one template in a source editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hone-template-editor.h"
#include "hone-field-completion-provider.h"

#define LANGUAGE_SPECS_RESOURCE "resource:///app/hone/Hone/language-specs"

struct _HoneTemplateEditor
{
  AdwBin                       parent_instance;

  HoneTemplateRole             role;
  GListModel                  *fields;
  HoneFieldCompletionProvider *provider;
  GMenu                       *fields_menu;
  GtkTextTag                  *error_tag;
  char                        *error;

  GtkLabel                    *title_label;
  GtkLabel                    *status_label;
  GtkMenuButton               *insert_button;
  GtkLabel                    *explanation_label;
  GtkSourceView               *view;
  GtkRevealer                 *error_revealer;
  GtkLabel                    *error_label;
};

G_DEFINE_FINAL_TYPE (HoneTemplateEditor, hone_template_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ROLE,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The language ------------------------------------------------------------- */

GtkSourceLanguage *
hone_template_editor_get_language (void)
{
  static gsize initialized = 0;
  static GtkSourceLanguageManager *own_manager = NULL;
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *language;

  if (g_once_init_enter (&initialized))
    {
      /* GtkSourceView 5.4 and later read search paths in resources */
      gtk_source_language_manager_append_search_path (manager, LANGUAGE_SPECS_RESOURCE);
      g_once_init_leave (&initialized, 1);
    }

  language = gtk_source_language_manager_get_language (manager, HONE_HANDLEBARS_LANGUAGE_ID);
  if (language != NULL)
    return language;

  /* The default manager had read its languages before the path was added,
   * and never reads them again: a manager of Hone's own, kept for good (a
   * language refers to its manager) */
  if (own_manager == NULL)
    {
      g_debug ("The default language manager was read before Hone’s languages were added: using one of Hone’s own");
      own_manager = gtk_source_language_manager_new ();
      gtk_source_language_manager_append_search_path (own_manager, LANGUAGE_SPECS_RESOURCE);
    }

  return gtk_source_language_manager_get_language (own_manager, HONE_HANDLEBARS_LANGUAGE_ID);
}

/* Fields --------------------------------------------------------------- */

/* A menu label shows a field's name as it is: underscores are not mnemonics */
static char *
escape_underscores (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '_')
        g_string_append_c (out, '_');
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
rebuild_fields_menu (HoneTemplateEditor *self)
{
  guint n = self->fields != NULL ? g_list_model_get_n_items (self->fields) : 0;

  g_menu_remove_all (self->fields_menu);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HoneField) field = g_list_model_get_item (self->fields, i);
      g_autofree char *label = escape_underscores (hone_field_get_name (field));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "editor.insert-field",
                                               g_variant_new_string (hone_field_get_name (field)));
      g_menu_append_item (self->fields_menu, item);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->insert_button), n > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->insert_button),
                               n > 0 ? _("Put a field’s value here: its name in double braces")
                                     : _("The project has no fields yet: add them on the Fields page"));
}

static void
fields_changed_cb (HoneTemplateEditor *self,
                   guint               position,
                   guint               removed,
                   guint               added,
                   GListModel         *fields)
{
  rebuild_fields_menu (self);
}

static void
insert_field_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HoneTemplateEditor *self = HONE_TEMPLATE_EDITOR (widget);

  hone_template_editor_insert_field (self, g_variant_get_string (parameter, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* Style ----------------------------------------------------------------- */

static void
update_style_scheme (HoneTemplateEditor *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;
  GtkSourceBuffer *buffer = hone_template_editor_get_buffer (self);
  GdkRGBA red;

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes,
                                                       adw_style_manager_get_dark (style_manager)
                                                       ? "Adwaita-dark" : "Adwaita");
  gtk_source_buffer_set_style_scheme (buffer, scheme);

  /* Adwaita's red 3 in the light style, red 1 in the dark one */
  gdk_rgba_parse (&red, adw_style_manager_get_dark (style_manager) ? "#f66151" : "#e01b24");
  g_object_set (self->error_tag, "underline-rgba", &red, NULL);
}

/* GObject --------------------------------------------------------------- */

static void
hone_template_editor_dispose (GObject *object)
{
  HoneTemplateEditor *self = HONE_TEMPLATE_EDITOR (object);

  if (self->provider != NULL && self->view != NULL)
    gtk_source_completion_remove_provider (gtk_source_view_get_completion (self->view),
                                           GTK_SOURCE_COMPLETION_PROVIDER (self->provider));

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_TEMPLATE_EDITOR);

  if (self->fields != NULL)
    g_signal_handlers_disconnect_by_func (self->fields, fields_changed_cb, self);
  g_clear_object (&self->fields);
  g_clear_object (&self->provider);
  g_clear_object (&self->fields_menu);

  G_OBJECT_CLASS (hone_template_editor_parent_class)->dispose (object);
}

static void
hone_template_editor_finalize (GObject *object)
{
  HoneTemplateEditor *self = HONE_TEMPLATE_EDITOR (object);

  g_free (self->error);

  G_OBJECT_CLASS (hone_template_editor_parent_class)->finalize (object);
}

static void
hone_template_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HoneTemplateEditor *self = HONE_TEMPLATE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;
    case PROP_TITLE:
      g_value_set_string (value, hone_template_editor_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_template_editor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HoneTemplateEditor *self = HONE_TEMPLATE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_value_get_int (value);
      break;
    case PROP_TITLE:
      hone_template_editor_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_template_editor_class_init (HoneTemplateEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_template_editor_dispose;
  object_class->finalize = hone_template_editor_finalize;
  object_class->get_property = hone_template_editor_get_property;
  object_class->set_property = hone_template_editor_set_property;

  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL,
                      HONE_TEMPLATE_ROLE_SYSTEM, HONE_TEMPLATE_ROLE_ASSISTANT, HONE_TEMPLATE_ROLE_USER,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-template-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneTemplateEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplateEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplateEditor, insert_button);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplateEditor, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplateEditor, view);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplateEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplateEditor, error_label);

  gtk_widget_class_install_action (widget_class, "editor.insert-field", "s", insert_field_action);
}

static void
hone_template_editor_init (HoneTemplateEditor *self)
{
  GtkSourceBuffer *buffer;
  GtkSourceLanguage *language;
  GtkSourceCompletion *completion;

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)));
  language = hone_template_editor_get_language ();
  if (language != NULL)
    gtk_source_buffer_set_language (buffer, language);
  else
    g_warning ("The Handlebars language definition is missing from the resources");
  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);

  self->error_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (buffer), "hone-template-error",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                NULL);

  self->fields_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->insert_button, G_MENU_MODEL (self->fields_menu));
  rebuild_fields_menu (self);

  self->provider = hone_field_completion_provider_new (NULL);
  completion = gtk_source_view_get_completion (self->view);
  g_object_set (completion,
                "select-on-show", TRUE,
                "show-icons", FALSE,
                NULL);
  gtk_source_completion_add_provider (completion, GTK_SOURCE_COMPLETION_PROVIDER (self->provider));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self,
                           G_CONNECT_SWAPPED);
  update_style_scheme (self);
}

GtkWidget *
hone_template_editor_new (HoneTemplateRole role)
{
  return g_object_new (HONE_TYPE_TEMPLATE_EDITOR, "role", role, NULL);
}

HoneTemplateRole
hone_template_editor_get_role (HoneTemplateEditor *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_EDITOR (self), HONE_TEMPLATE_ROLE_USER);

  return self->role;
}

GtkSourceBuffer *
hone_template_editor_get_buffer (HoneTemplateEditor *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_EDITOR (self), NULL);

  return GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)));
}

GtkSourceView *
hone_template_editor_get_view (HoneTemplateEditor *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_EDITOR (self), NULL);

  return self->view;
}

void
hone_template_editor_set_title (HoneTemplateEditor *self,
                                const char         *title)
{
  g_return_if_fail (HONE_IS_TEMPLATE_EDITOR (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->title_label)) == 0)
    return;

  gtk_label_set_label (self->title_label, title != NULL ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title != NULL ? title : "",
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
hone_template_editor_get_title (HoneTemplateEditor *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_EDITOR (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
hone_template_editor_set_explanation (HoneTemplateEditor *self,
                                      const char         *explanation)
{
  g_return_if_fail (HONE_IS_TEMPLATE_EDITOR (self));

  gtk_label_set_label (self->explanation_label, explanation != NULL ? explanation : "");
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), explanation != NULL && explanation[0] != '\0');
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, explanation != NULL ? explanation : "",
                                  -1);
}

void
hone_template_editor_set_status (HoneTemplateEditor *self,
                                 const char         *status)
{
  g_return_if_fail (HONE_IS_TEMPLATE_EDITOR (self));

  gtk_label_set_label (self->status_label, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL && status[0] != '\0');
}

void
hone_template_editor_set_fields (HoneTemplateEditor *self,
                                 GListModel         *fields)
{
  g_return_if_fail (HONE_IS_TEMPLATE_EDITOR (self));
  g_return_if_fail (fields == NULL || G_IS_LIST_MODEL (fields));

  if (self->fields == fields)
    return;

  if (self->fields != NULL)
    g_signal_handlers_disconnect_by_func (self->fields, fields_changed_cb, self);
  g_set_object (&self->fields, fields);
  if (self->fields != NULL)
    g_signal_connect_object (self->fields, "items-changed",
                             G_CALLBACK (fields_changed_cb), self,
                             G_CONNECT_SWAPPED);

  hone_field_completion_provider_set_fields (self->provider, fields);
  rebuild_fields_menu (self);
}

char *
hone_template_editor_dup_text (HoneTemplateEditor *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (HONE_IS_TEMPLATE_EDITOR (self), NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
hone_template_editor_set_text (HoneTemplateEditor *self,
                               const char         *text)
{
  GtkSourceBuffer *buffer;

  g_return_if_fail (HONE_IS_TEMPLATE_EDITOR (self));

  buffer = hone_template_editor_get_buffer (self);
  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text != NULL ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (buffer));
}

void
hone_template_editor_insert_field (HoneTemplateEditor *self,
                                   const char         *name)
{
  GtkTextBuffer *buffer;
  g_autofree char *path = NULL;
  g_autofree char *tag = NULL;

  g_return_if_fail (HONE_IS_TEMPLATE_EDITOR (self));
  g_return_if_fail (name != NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  path = hone_field_completion_format_path (name);
  tag = g_strdup_printf ("{{%s}}", path);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_insert_at_cursor (buffer, tag, -1);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self->view), gtk_text_buffer_get_insert (buffer));
}

void
hone_template_editor_set_error (HoneTemplateEditor *self,
                                const char         *message,
                                gsize               offset,
                                gsize               length)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (HONE_IS_TEMPLATE_EDITOR (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);

  g_free (self->error);
  self->error = g_strdup (message);

  if (message == NULL)
    {
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->view), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_STATE_INVALID);
      return;
    }

  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->view),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);

  /* Byte offsets into the text, as the engine gives them */
  {
    g_autofree char *text = hone_template_editor_dup_text (self);
    gsize text_len = strlen (text);
    gsize from = MIN (offset, text_len);
    gsize to = MIN (from + length, text_len);
    glong start_char, end_char;

    /* Stay on character boundaries */
    while (from > 0 && (text[from] & 0xC0) == 0x80)
      from--;
    while (to < text_len && (text[to] & 0xC0) == 0x80)
      to++;

    start_char = g_utf8_pointer_to_offset (text, text + from);
    end_char = g_utf8_pointer_to_offset (text, text + to);

    /* At the very end (an unclosed block): underline the last character */
    if (end_char == start_char)
      {
        if (start_char > 0 && to == text_len)
          start_char--;
        else
          end_char++;
      }

    gtk_text_buffer_get_iter_at_offset (buffer, &start, start_char);
    gtk_text_buffer_get_iter_at_offset (buffer, &end, end_char);
    /* A newline shows no underline: take the character before it */
    if (gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start) == 1 &&
        gtk_text_iter_ends_line (&start) && !gtk_text_iter_starts_line (&start))
      {
        gtk_text_iter_backward_char (&start);
        gtk_text_iter_backward_char (&end);
      }
    gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
  }
}

const char *
hone_template_editor_get_error (HoneTemplateEditor *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_EDITOR (self), NULL);

  return self->error;
}

gboolean
hone_template_editor_get_error_range (HoneTemplateEditor *self,
                                      int                *start_offset,
                                      int                *end_offset)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter, end;

  g_return_val_if_fail (HONE_IS_TEMPLATE_EDITOR (self), FALSE);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  gtk_text_buffer_get_start_iter (buffer, &iter);

  if (!gtk_text_iter_starts_tag (&iter, self->error_tag) &&
      !gtk_text_iter_forward_to_tag_toggle (&iter, self->error_tag))
    return FALSE;

  end = iter;
  gtk_text_iter_forward_to_tag_toggle (&end, self->error_tag);

  if (start_offset != NULL)
    *start_offset = gtk_text_iter_get_offset (&iter);
  if (end_offset != NULL)
    *end_offset = gtk_text_iter_get_offset (&end);
  return TRUE;
}
