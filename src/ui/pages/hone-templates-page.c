/* hone-templates-page.c: a project's three templates, read-only for now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "hone-templates-page.h"

typedef struct {
  GtkLabel        *version_label;
  GtkStack        *content;       /* "text" or "unset" */
  GtkSourceBuffer *buffer;
  GtkSourceView   *view;
} Section;

struct _HoneTemplatesPage
{
  AdwBin       parent_instance;

  HoneProject *project;
  Section      sections[HONE_N_TEMPLATE_ROLES];

  GtkStack    *stack;
  GtkBox      *sections_box;
};

G_DEFINE_FINAL_TYPE (HoneTemplatesPage, hone_templates_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
role_explanation (HoneTemplateRole role)
{
  switch (role)
    {
    case HONE_TEMPLATE_ROLE_SYSTEM:
      return _("The standing instructions, sent first with every example.");
    case HONE_TEMPLATE_ROLE_USER:
      return _("What the model is given: the request built from each example’s fields.");
    case HONE_TEMPLATE_ROLE_ASSISTANT:
      return _("What the model should answer: the part it learns to write.");
    default:
      return "";
    }
}

static void
update_style_scheme (HoneTemplatesPage *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes,
                                                       adw_style_manager_get_dark (style_manager)
                                                       ? "Adwaita-dark" : "Adwaita");

  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    gtk_source_buffer_set_style_scheme (self->sections[i].buffer, scheme);
}

static void
build_section (HoneTemplatesPage *self,
               HoneTemplateRole   role)
{
  Section *section = &self->sections[role];
  GtkSourceLanguage *language;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *title;
  GtkWidget *explanation;
  GtkWidget *frame;
  GtkWidget *unset;
  const char *role_label = hone_template_role_get_label (role);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  title = g_object_new (GTK_TYPE_LABEL,
                        "label", role_label,
                        "xalign", 0.0f,
                        "hexpand", TRUE,
                        "wrap", TRUE,
                        "css-classes", (const char *[]) { "heading", NULL },
                        "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING,
                        NULL);
  gtk_box_append (GTK_BOX (header), title);

  section->version_label = g_object_new (GTK_TYPE_LABEL,
                                         "xalign", 1.0f,
                                         "valign", GTK_ALIGN_BASELINE,
                                         "css-classes", (const char *[]) { "dim-label", "caption", "numeric", NULL },
                                         NULL);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (section->version_label));
  gtk_box_append (GTK_BOX (box), header);

  explanation = g_object_new (GTK_TYPE_LABEL,
                              "label", role_explanation (role),
                              "xalign", 0.0f,
                              "wrap", TRUE,
                              "css-classes", (const char *[]) { "dim-label", "caption", NULL },
                              NULL);
  gtk_box_append (GTK_BOX (box), explanation);

  section->buffer = gtk_source_buffer_new (NULL);
  language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                       "hone-handlebars");
  if (language != NULL)
    gtk_source_buffer_set_language (section->buffer, language);
  gtk_source_buffer_set_highlight_matching_brackets (section->buffer, FALSE);

  section->view = g_object_new (GTK_SOURCE_TYPE_VIEW,
                                "buffer", section->buffer,
                                "editable", FALSE,
                                "cursor-visible", FALSE,
                                "monospace", TRUE,
                                "wrap-mode", GTK_WRAP_WORD_CHAR,
                                "top-margin", 12,
                                "bottom-margin", 12,
                                "left-margin", 12,
                                "right-margin", 12,
                                NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (section->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, role_label,
                                  -1);

  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (section->view));

  unset = g_object_new (GTK_TYPE_LABEL,
                        "label", _("Not set: this message is left out."),
                        "xalign", 0.0f,
                        "wrap", TRUE,
                        "css-classes", (const char *[]) { "dim-label", NULL },
                        NULL);

  section->content = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (section->content, FALSE);
  gtk_stack_add_named (section->content, frame, "text");
  gtk_stack_add_named (section->content, unset, "unset");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (section->content));

  gtk_box_append (self->sections_box, box);
}

static void
update_templates (HoneTemplatesPage *self)
{
  gboolean any = FALSE;

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      Section *section = &self->sections[role];
      const char *text = "";
      gint64 version = 0;

      if (self->project != NULL)
        {
          text = hone_project_get_template (self->project, role);
          version = hone_project_get_template_version (self->project, role);
          if (text == NULL)
            text = "";
        }

      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (section->buffer), text, -1);

      if (text[0] != '\0')
        {
          g_autofree char *version_text = NULL;

          any = TRUE;
          /* Translators: the version of a template; it grows with each change */
          version_text = g_strdup_printf (_("Version %" G_GINT64_FORMAT), version);
          gtk_label_set_text (section->version_label, version_text);
          gtk_stack_set_visible_child_name (section->content, "text");
        }
      else
        {
          gtk_label_set_text (section->version_label, "");
          gtk_stack_set_visible_child_name (section->content, "unset");
        }
    }

  gtk_stack_set_visible_child_name (self->stack, any ? "templates" : "empty");
}

static void
hone_templates_page_dispose (GObject *object)
{
  HoneTemplatesPage *self = HONE_TEMPLATES_PAGE (object);

  /* The bin would otherwise unparent its child a second time */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_TEMPLATES_PAGE);

  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    g_clear_object (&self->sections[i].buffer);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (hone_templates_page_parent_class)->dispose (object);
}

static void
hone_templates_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HoneTemplatesPage *self = HONE_TEMPLATES_PAGE (object);

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
hone_templates_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HoneTemplatesPage *self = HONE_TEMPLATES_PAGE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      hone_templates_page_set_project (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_templates_page_class_init (HoneTemplatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_templates_page_dispose;
  object_class->get_property = hone_templates_page_get_property;
  object_class->set_property = hone_templates_page_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         HONE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-templates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, sections_box);
}

static void
hone_templates_page_init (HoneTemplatesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    build_section (self, role);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self,
                           G_CONNECT_SWAPPED);
  update_style_scheme (self);
  update_templates (self);
}

GtkWidget *
hone_templates_page_new (void)
{
  return g_object_new (HONE_TYPE_TEMPLATES_PAGE, NULL);
}

HoneProject *
hone_templates_page_get_project (HoneTemplatesPage *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATES_PAGE (self), NULL);

  return self->project;
}

void
hone_templates_page_set_project (HoneTemplatesPage *self,
                                 HoneProject       *project)
{
  g_return_if_fail (HONE_IS_TEMPLATES_PAGE (self));
  g_return_if_fail (project == NULL || HONE_IS_PROJECT (project));

  if (!g_set_object (&self->project, project))
    return;

  update_templates (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

void
hone_templates_page_reload (HoneTemplatesPage *self)
{
  g_return_if_fail (HONE_IS_TEMPLATES_PAGE (self));

  update_templates (self);
}
