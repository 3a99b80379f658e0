/* hone-template-preview.c: what one example becomes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hone-chat-format.h"
#include "hone-template-preview.h"
#include "hone-text-encoding.h"
#include "hone-tokenizer.h"

typedef struct {
  GtkWidget *box;
  GtkLabel  *role_label;
  GtkLabel  *text_label;
} Bubble;

struct _HoneTemplatePreview
{
  AdwBin             parent_instance;

  HoneProject       *project;
  HoneExampleModel  *model;
  HonePrompt        *prompt;
  HoneTemplateStyle  style;
  char              *stale_reason;

  gint64             example_id;
  gint64             notified_id;  /* the last "example-id" notified */
  guint              last_position;
  gint64             followed_id;
  gboolean           follow;

  GArray            *messages;     /* HonePromptMessage of what is shown */
  char              *json;
  char              *render_error;
  guint              update_id;
  gulong             reveal_handler;  /* after-paint, to scroll to an empty message */
  GdkFrameClock     *reveal_clock;

  Bubble             bubbles[HONE_N_TEMPLATE_ROLES];
  GtkLabel          *tokens_label;  /* the example's tokens in all */

  /* What tokens are counted for (NULL: not counted) */
  HoneModelCatalog    *catalog;
  const HoneModelInfo *target;

  GtkToggleButton   *json_button;
  GtkToggleButton   *follow_button;
  GtkLabel          *position_label;
  GtkRevealer       *stale_revealer;
  GtkLabel          *stale_label;
  GtkStack          *content_stack;
  GtkBox            *messages_box;
  GtkScrolledWindow *messages_scroller;
  GtkLabel          *json_label;
  GtkLabel          *error_label;
  AdwStatusPage     *no_prompt_page;
};

G_DEFINE_FINAL_TYPE (HoneTemplatePreview, hone_template_preview, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_EXAMPLE_ID,
  PROP_SHOW_JSON,
  PROP_FOLLOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update (HoneTemplatePreview *self);

/* Bubbles ----------------------------------------------------------------- */

static const char *
role_title (HoneTemplateStyle style,
            HoneTemplateRole  role)
{
  switch (role)
    {
    case HONE_TEMPLATE_ROLE_SYSTEM:
      return C_("message role", "System");
    case HONE_TEMPLATE_ROLE_USER:
      return style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION ? C_("message role", "Prompt")
                                                            : C_("message role", "User");
    case HONE_TEMPLATE_ROLE_ASSISTANT:
      return style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION ? C_("message role", "Completion")
                                                            : C_("message role", "Assistant");
    default:
      return "";
    }
}

/* The text shown is the exact text: wrapping a long word must not add a
 * hyphen that is not in it */
static void
no_hyphens (GtkLabel *label)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

static void
build_bubbles (HoneTemplatePreview *self)
{
  no_hyphens (self->json_label);

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      Bubble *bubble = &self->bubbles[role];

      bubble->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      gtk_widget_add_css_class (bubble->box, "hone-message");
      gtk_widget_add_css_class (bubble->box, hone_template_role_to_string (role));
      /* The user speaks from the right, the assistant answers from the left */
      if (role == HONE_TEMPLATE_ROLE_USER)
        gtk_widget_set_margin_start (bubble->box, 32);
      else if (role == HONE_TEMPLATE_ROLE_ASSISTANT)
        gtk_widget_set_margin_end (bubble->box, 32);

      bubble->role_label = g_object_new (GTK_TYPE_LABEL,
                                         "xalign", 0.0f,
                                         "css-classes", (const char *[]) { "caption-heading", "hone-message-role", NULL },
                                         NULL);
      gtk_box_append (GTK_BOX (bubble->box), GTK_WIDGET (bubble->role_label));

      bubble->text_label = g_object_new (GTK_TYPE_LABEL,
                                         "xalign", 0.0f,
                                         "yalign", 0.0f,
                                         "wrap", TRUE,
                                         "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                         "selectable", TRUE,
                                         "hexpand", TRUE,
                                         NULL);
      no_hyphens (bubble->text_label);
      gtk_box_append (GTK_BOX (bubble->box), GTK_WIDGET (bubble->text_label));

      gtk_box_append (self->messages_box, bubble->box);
    }

  self->tokens_label = g_object_new (GTK_TYPE_LABEL,
                                     "xalign", 0.0f,
                                     "wrap", TRUE,
                                     "visible", FALSE,
                                     "css-classes", (const char *[]) { "caption", "dim-label", NULL },
                                     NULL);
  gtk_box_append (self->messages_box, GTK_WIDGET (self->tokens_label));
}

static void
show_bubble (HoneTemplatePreview *self,
             HoneTemplateRole     role,
             const char          *content,
             gboolean             visible,
             gint64               tokens,
             gboolean             exact)
{
  Bubble *bubble = &self->bubbles[role];
  gboolean empty = TRUE;
  const char *title = role_title (self->style, role);
  g_autofree char *heading = NULL;

  gtk_widget_set_visible (bubble->box, visible);
  if (!visible)
    return;

  for (const char *p = content; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      {
        empty = FALSE;
        break;
      }

  if (tokens >= 0)
    {
      g_autofree char *count = hone_text_format_count (tokens);

      /* Translators: a message's title and its tokens, “User Message · 42 tokens”;
       * the second %s is “≈” when the count is an estimate */
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s%s token", "%s · %s%s tokens", tokens),
                                 title, exact ? "" : "≈", count);
    }
  gtk_label_set_text (bubble->role_label, heading != NULL ? heading : title);
  if (empty)
    {
      gtk_label_set_text (bubble->text_label,
                          _("Empty: a model cannot learn from an empty message. Check that the template uses a field this example fills in."));
      gtk_widget_add_css_class (bubble->box, "empty");
      gtk_widget_add_css_class (GTK_WIDGET (bubble->text_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (bubble->text_label, content);
      gtk_widget_remove_css_class (bubble->box, "empty");
      gtk_widget_remove_css_class (GTK_WIDGET (bubble->text_label), "dim-label");
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (bubble->box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
}

/* Rendering --------------------------------------------------------------- */

static void
clear_rendering (HoneTemplatePreview *self)
{
  g_clear_pointer (&self->messages, g_array_unref);
  g_clear_pointer (&self->json, g_free);
  g_clear_pointer (&self->render_error, g_free);
}

static void
render (HoneTemplatePreview *self,
        HoneExample         *example)
{
  g_autoptr(GError) error = NULL;
  const char *contents[HONE_N_TEMPLATE_ROLES] = { NULL, };
  gint64 tokens[HONE_N_TEMPLATE_ROLES] = { -1, -1, -1 };
  HoneTokenizer *tokenizer = NULL;
  gboolean has_system = FALSE;
  gboolean exact = TRUE;
  guint64 total = 0;

  clear_rendering (self);

  self->messages = hone_prompt_render (self->prompt, example, &error);
  if (self->messages == NULL)
    {
      self->render_error = g_strdup (error->message);
      gtk_label_set_text (self->error_label, self->render_error);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      return;
    }

  if (self->target != NULL)
    tokenizer = hone_tokenizer_get (self->target->tokenizer, NULL);
  if (tokenizer != NULL)
    {
      g_autofree guint64 *per_message = g_new0 (guint64, MAX (self->messages->len, 1));

      total = hone_chat_format_count (self->target->chat_format, tokenizer, self->style,
                                      self->messages, per_message);
      exact = hone_tokenizer_is_exact (tokenizer);
      for (guint i = 0; i < self->messages->len; i++)
        {
          const HonePromptMessage *message = &g_array_index (self->messages, HonePromptMessage, i);

          if ((guint) message->role < HONE_N_TEMPLATE_ROLES)
            tokens[message->role] = per_message[i];
        }
    }

  for (guint i = 0; i < self->messages->len; i++)
    {
      const HonePromptMessage *message = &g_array_index (self->messages, HonePromptMessage, i);

      if ((guint) message->role < HONE_N_TEMPLATE_ROLES)
        contents[message->role] = message->content;
      if (message->role == HONE_TEMPLATE_ROLE_SYSTEM)
        has_system = TRUE;
    }

  /* A user or assistant message is always shown: missing, it is empty */
  show_bubble (self, HONE_TEMPLATE_ROLE_SYSTEM, contents[HONE_TEMPLATE_ROLE_SYSTEM],
               has_system && self->style == HONE_TEMPLATE_STYLE_CHAT,
               tokens[HONE_TEMPLATE_ROLE_SYSTEM], exact);
  show_bubble (self, HONE_TEMPLATE_ROLE_USER, contents[HONE_TEMPLATE_ROLE_USER], TRUE,
               tokens[HONE_TEMPLATE_ROLE_USER], exact);
  show_bubble (self, HONE_TEMPLATE_ROLE_ASSISTANT, contents[HONE_TEMPLATE_ROLE_ASSISTANT], TRUE,
               tokens[HONE_TEMPLATE_ROLE_ASSISTANT], exact);

  gtk_widget_set_visible (GTK_WIDGET (self->tokens_label), tokenizer != NULL);
  if (tokenizer != NULL)
    {
      g_autofree char *count = hone_text_format_count (total);
      g_autofree char *text = NULL;

      /* Translators: “In all, 187 tokens for Qwen3 8B, its chat format included.”;
       * the first %s is “≈” when the count is an estimate */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "In all, %s%s token for %s, its chat format included.",
                                           "In all, %s%s tokens for %s, its chat format included.", total),
                              exact ? "" : "≈", count, self->target->name);
      gtk_label_set_text (self->tokens_label, text);
    }

  self->json = hone_prompt_messages_to_line (self->messages, self->style);
  gtk_label_set_text (self->json_label, self->json);

  gtk_stack_set_visible_child_name (self->content_stack,
                                    gtk_toggle_button_get_active (self->json_button) ? "json" : "messages");
}

static void
set_example_id (HoneTemplatePreview *self,
                gint64               example_id)
{
  self->example_id = example_id;
  if (self->notified_id == example_id)
    return;

  self->notified_id = example_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXAMPLE_ID]);
}

static void
update (HoneTemplatePreview *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  guint position = HONE_EXAMPLE_MODEL_NO_POSITION;
  g_autoptr(HoneExample) example = NULL;
  g_autofree char *position_text = NULL;

  g_clear_handle_id (&self->update_id, g_source_remove);

  gtk_label_set_text (self->stale_label, self->stale_reason != NULL ? self->stale_reason : "");
  gtk_revealer_set_reveal_child (self->stale_revealer, self->stale_reason != NULL && self->prompt != NULL);

  if (n == 0)
    {
      clear_rendering (self);
      set_example_id (self, -1);
      gtk_label_set_text (self->position_label, "");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.previous", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.next", FALSE);
      gtk_stack_set_visible_child_name (self->content_stack, "no-examples");
      return;
    }

  if (self->example_id >= 0)
    position = hone_example_model_get_position (self->model, self->example_id);
  if (position == HONE_EXAMPLE_MODEL_NO_POSITION)
    position = MIN (self->last_position, n - 1);
  self->last_position = position;

  example = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  set_example_id (self, example != NULL ? hone_example_get_id (example) : -1);

  /* Translators: where the preview is among the examples, e.g. "Example 3 of 25" */
  position_text = g_strdup_printf (_("Example %'u of %'u"), position + 1, n);
  gtk_label_set_text (self->position_label, position_text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.previous", position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.next", position + 1 < n);

  if (example == NULL || self->prompt == NULL)
    {
      clear_rendering (self);
      adw_status_page_set_description (self->no_prompt_page,
                                       self->stale_reason != NULL
                                       ? self->stale_reason
                                       : _("Write the templates to see what they make of each example."));
      gtk_stack_set_visible_child_name (self->content_stack, "no-prompt");
      return;
    }

  render (self, example);
}

static gboolean
update_idle_cb (gpointer data)
{
  HoneTemplatePreview *self = data;

  self->update_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (HoneTemplatePreview *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add (update_idle_cb, self);
}

static void
model_items_changed_cb (HoneTemplatePreview *self,
                        guint                position,
                        guint                removed,
                        guint                added,
                        GListModel          *model)
{
  queue_update (self);
}

/* Scrolling to an empty message ------------------------------------------------ */

static void
reveal_after_paint_cb (GdkFrameClock       *clock,
                       HoneTemplatePreview *self)
{
  g_clear_signal_handler (&self->reveal_handler, clock);
  g_clear_object (&self->reveal_clock);

  /* Laid out now: the bubbles have their places */
  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      GtkWidget *box = self->bubbles[role].box;
      GtkAdjustment *adjustment;
      graphene_point_t point;

      if (!gtk_widget_get_visible (box) || !gtk_widget_has_css_class (box, "empty"))
        continue;
      if (!gtk_widget_compute_point (box, GTK_WIDGET (self->messages_box),
                                     &GRAPHENE_POINT_INIT (0, 0), &point))
        break;

      adjustment = gtk_scrolled_window_get_vadjustment (self->messages_scroller);
      gtk_adjustment_set_value (adjustment, MAX (0, point.y - 6));
      break;
    }
}

void
hone_template_preview_reveal_problem (HoneTemplatePreview *self)
{
  GdkFrameClock *clock;

  g_return_if_fail (HONE_IS_TEMPLATE_PREVIEW (self));

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock == NULL)
    return;

  if (self->reveal_clock != NULL)
    g_clear_signal_handler (&self->reveal_handler, self->reveal_clock);
  g_set_object (&self->reveal_clock, clock);
  self->reveal_handler = g_signal_connect (clock, "after-paint",
                                           G_CALLBACK (reveal_after_paint_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Actions and buttons -------------------------------------------------------- */

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  hone_template_preview_step (HONE_TEMPLATE_PREVIEW (widget),
                              g_str_equal (action_name, "preview.previous") ? -1 : 1);
}

static void
json_button_active_cb (HoneTemplatePreview *self,
                       GParamSpec          *pspec,
                       GtkToggleButton     *button)
{
  const char *visible = gtk_stack_get_visible_child_name (self->content_stack);

  if (g_strcmp0 (visible, "messages") == 0 || g_strcmp0 (visible, "json") == 0)
    gtk_stack_set_visible_child_name (self->content_stack,
                                      gtk_toggle_button_get_active (button) ? "json" : "messages");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_JSON]);
}

static void
follow_button_active_cb (HoneTemplatePreview *self,
                         GParamSpec          *pspec,
                         GtkToggleButton     *button)
{
  gboolean follow = gtk_toggle_button_get_active (button);

  if (self->follow == follow)
    return;

  self->follow = follow;
  if (follow && self->followed_id >= 0)
    hone_template_preview_show_example (self, self->followed_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
}

/* GObject --------------------------------------------------------------- */

static void
hone_template_preview_dispose (GObject *object)
{
  HoneTemplatePreview *self = HONE_TEMPLATE_PREVIEW (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->reveal_clock != NULL)
    g_clear_signal_handler (&self->reveal_handler, self->reveal_clock);
  g_clear_object (&self->reveal_clock);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_TEMPLATE_PREVIEW);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_clear_object (&self->model);
  g_clear_object (&self->project);
  g_clear_pointer (&self->prompt, hone_prompt_unref);
  g_clear_object (&self->catalog);
  self->target = NULL;
  clear_rendering (self);

  G_OBJECT_CLASS (hone_template_preview_parent_class)->dispose (object);
}

static void
hone_template_preview_finalize (GObject *object)
{
  HoneTemplatePreview *self = HONE_TEMPLATE_PREVIEW (object);

  g_free (self->stale_reason);

  G_OBJECT_CLASS (hone_template_preview_parent_class)->finalize (object);
}

static void
hone_template_preview_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HoneTemplatePreview *self = HONE_TEMPLATE_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_EXAMPLE_ID:
      g_value_set_int64 (value, self->example_id);
      break;
    case PROP_SHOW_JSON:
      g_value_set_boolean (value, hone_template_preview_get_show_json (self));
      break;
    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_template_preview_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HoneTemplatePreview *self = HONE_TEMPLATE_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_EXAMPLE_ID:
      hone_template_preview_show_example (self, g_value_get_int64 (value));
      break;
    case PROP_SHOW_JSON:
      hone_template_preview_set_show_json (self, g_value_get_boolean (value));
      break;
    case PROP_FOLLOW:
      hone_template_preview_set_follow (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_template_preview_class_init (HoneTemplatePreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hone_template_preview_dispose;
  object_class->finalize = hone_template_preview_finalize;
  object_class->get_property = hone_template_preview_get_property;
  object_class->set_property = hone_template_preview_set_property;

  properties[PROP_EXAMPLE_ID] =
    g_param_spec_int64 ("example-id", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_JSON] =
    g_param_spec_boolean ("show-json", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-template-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatePreview, json_button);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatePreview, follow_button);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatePreview, position_label);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatePreview, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatePreview, stale_label);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatePreview, content_stack);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatePreview, messages_box);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatePreview, messages_scroller);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatePreview, json_label);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatePreview, error_label);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatePreview, no_prompt_page);
  gtk_widget_class_bind_template_callback (widget_class, json_button_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, follow_button_active_cb);

  gtk_widget_class_install_action (widget_class, "preview.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "preview.next", NULL, step_action);
}

static void
hone_template_preview_init (HoneTemplatePreview *self)
{
  self->example_id = -1;
  self->notified_id = -1;
  self->followed_id = -1;
  self->follow = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  build_bubbles (self);
  update (self);
}

GtkWidget *
hone_template_preview_new (void)
{
  return g_object_new (HONE_TYPE_TEMPLATE_PREVIEW, NULL);
}

void
hone_template_preview_set_project (HoneTemplatePreview *self,
                                   HoneProject         *project)
{
  g_return_if_fail (HONE_IS_TEMPLATE_PREVIEW (self));
  g_return_if_fail (project == NULL || HONE_IS_PROJECT (project));

  if (self->project == project)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_clear_object (&self->model);
  g_set_object (&self->project, project);

  if (project != NULL)
    {
      self->model = hone_example_model_new (project);
      g_signal_connect_object (self->model, "items-changed",
                               G_CALLBACK (model_items_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  self->example_id = -1;
  self->last_position = 0;
  update (self);
}

void
hone_template_preview_set_prompt (HoneTemplatePreview *self,
                                  HonePrompt          *prompt,
                                  HoneTemplateStyle    style,
                                  const char          *stale_reason)
{
  g_return_if_fail (HONE_IS_TEMPLATE_PREVIEW (self));

  if (prompt != self->prompt)
    {
      g_clear_pointer (&self->prompt, hone_prompt_unref);
      if (prompt != NULL)
        self->prompt = hone_prompt_ref (prompt);
    }
  self->style = style;
  g_free (self->stale_reason);
  self->stale_reason = g_strdup (stale_reason);

  update (self);
}

gint64
hone_template_preview_get_example_id (HoneTemplatePreview *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_PREVIEW (self), -1);

  return self->example_id;
}

void
hone_template_preview_show_example (HoneTemplatePreview *self,
                                    gint64               example_id)
{
  g_return_if_fail (HONE_IS_TEMPLATE_PREVIEW (self));

  if (self->model != NULL && example_id >= 0)
    {
      guint position = hone_example_model_get_position (self->model, example_id);

      if (position == HONE_EXAMPLE_MODEL_NO_POSITION)
        position = 0;
      self->last_position = position;
    }

  self->example_id = example_id;
  update (self);
}

void
hone_template_preview_step (HoneTemplatePreview *self,
                            int                  delta)
{
  guint n;
  guint position;
  gint64 target;

  g_return_if_fail (HONE_IS_TEMPLATE_PREVIEW (self));

  n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  if (n == 0)
    return;

  position = self->example_id >= 0 ? hone_example_model_get_position (self->model, self->example_id)
                                   : HONE_EXAMPLE_MODEL_NO_POSITION;
  if (position == HONE_EXAMPLE_MODEL_NO_POSITION)
    position = 0;
  else if (delta < 0)
    position = position >= (guint) -delta ? position + delta : 0;
  else
    position = MIN ((guint64) position + delta, n - 1);

  target = hone_example_model_get_id (self->model, position);
  if (target > 0)
    hone_template_preview_show_example (self, target);
}

gboolean
hone_template_preview_get_show_json (HoneTemplatePreview *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_PREVIEW (self), FALSE);

  return gtk_toggle_button_get_active (self->json_button);
}

void
hone_template_preview_set_show_json (HoneTemplatePreview *self,
                                     gboolean             show_json)
{
  g_return_if_fail (HONE_IS_TEMPLATE_PREVIEW (self));

  /* The buttons are a group: activating one deactivates the other */
  if (show_json)
    gtk_toggle_button_set_active (self->json_button, TRUE);
  else
    {
      GtkWidget *messages_button = gtk_widget_get_prev_sibling (GTK_WIDGET (self->json_button));

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (messages_button), TRUE);
    }
}

gboolean
hone_template_preview_get_follow (HoneTemplatePreview *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_PREVIEW (self), FALSE);

  return self->follow;
}

void
hone_template_preview_set_follow (HoneTemplatePreview *self,
                                  gboolean             follow)
{
  g_return_if_fail (HONE_IS_TEMPLATE_PREVIEW (self));

  gtk_toggle_button_set_active (self->follow_button, follow);
}

void
hone_template_preview_set_followed_example_id (HoneTemplatePreview *self,
                                               gint64               example_id)
{
  g_return_if_fail (HONE_IS_TEMPLATE_PREVIEW (self));

  self->followed_id = example_id;
  if (self->follow && example_id >= 0 && example_id != self->example_id)
    hone_template_preview_show_example (self, example_id);
}

static void
clear_message (gpointer data)
{
  HonePromptMessage *message = data;

  g_clear_pointer (&message->content, g_free);
}

GArray *
hone_template_preview_dup_messages (HoneTemplatePreview *self)
{
  GArray *copy;

  g_return_val_if_fail (HONE_IS_TEMPLATE_PREVIEW (self), NULL);

  copy = g_array_new (FALSE, TRUE, sizeof (HonePromptMessage));
  g_array_set_clear_func (copy, clear_message);

  for (guint i = 0; self->messages != NULL && i < self->messages->len; i++)
    {
      HonePromptMessage message = g_array_index (self->messages, HonePromptMessage, i);

      message.content = g_strdup (message.content);
      g_array_append_val (copy, message);
    }

  return copy;
}

const char *
hone_template_preview_get_json (HoneTemplatePreview *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_PREVIEW (self), NULL);

  return self->json;
}

const char *
hone_template_preview_get_render_error (HoneTemplatePreview *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_PREVIEW (self), NULL);

  return self->render_error;
}

void
hone_template_preview_set_model (HoneTemplatePreview *self,
                                 HoneModelCatalog    *catalog,
                                 const HoneModelInfo *model)
{
  g_return_if_fail (HONE_IS_TEMPLATE_PREVIEW (self));
  g_return_if_fail (model == NULL || HONE_IS_MODEL_CATALOG (catalog));

  if (self->target == model && self->catalog == catalog)
    return;

  if (model != NULL)
    g_set_object (&self->catalog, catalog);
  else
    g_clear_object (&self->catalog);
  self->target = model;
  queue_update (self);
}

const char *
hone_template_preview_get_heading (HoneTemplatePreview *self,
                                   HoneTemplateRole     role)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_PREVIEW (self), NULL);
  g_return_val_if_fail ((guint) role < HONE_N_TEMPLATE_ROLES, NULL);

  return gtk_label_get_text (self->bubbles[role].role_label);
}

const char *
hone_template_preview_get_tokens_text (HoneTemplatePreview *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATE_PREVIEW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->tokens_label)))
    return NULL;
  return gtk_label_get_text (self->tokens_label);
}
