/* hone-templates-page.c: a project's templates, edited with a live preview
 *
 * Three editors (system prompt, user message, assistant message; the first
 * hidden in the prompt/completion style) beside a preview of the chosen
 * example. As the person types, the templates are compiled and the preview
 * rendered again after HONE_TEMPLATES_PAGE_PREVIEW_DELAY_MS (one example:
 * microseconds), and saved after HONE_TEMPLATES_PAGE_SAVE_DELAY_MS, or at
 * once when an editor loses the focus, the page is hidden or the window
 * closes. A template that does not compile is saved all the same (the text
 * is never lost) and its error is shown under it. Once the templates
 * compile, every example is rendered in a worker thread (its own read-only
 * connection, one example at a time) to count those that give an empty
 * message or fail; edits cancel and restart it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "hone-templates-page.h"
#include "hone-field-completion-provider.h"

/* After an edit of the examples, the check waits this long for more */
#define CHECK_DELAY_MS 1000
/* Below this width the preview goes under the editors, above it beside them
 * (two values, so that a width in between never flips back and forth) */
#define NARROW_WIDTH 760
#define WIDE_WIDTH   820

struct _HoneTemplatesPage
{
  AdwBin               parent_instance;

  HoneProject         *project;
  HoneTemplateEditor  *editors[HONE_N_TEMPLATE_ROLES];
  /* The text each role had when last loaded or saved */
  char                *saved[HONE_N_TEMPLATE_ROLES];
  gboolean             loading;     /* the buffers are being filled from the project */
  gboolean             editing;     /* "Write them myself" on a project without templates */
  HoneTemplateStyle    style;
  guint                save_id;
  guint                compile_id;

  HonePrompt          *prompt;      /* the last templates that compiled */

  GCancellable        *check_cancellable;
  guint                check_id;
  gboolean             checking;    /* "checking", as last notified */
  HonePromptCheck     *check;
  char                *flag_message;

  gint64               followed_example_id;
  gboolean             vertical;
  guint                relayout_id;
  gboolean             position_set;

  GtkStack            *stack;
  GtkButton           *start_button;
  GtkLabel            *no_fields_label;
  GtkToggleButton     *chat_button;
  GtkToggleButton     *completion_button;
  GtkRevealer         *save_error_revealer;
  GtkLabel            *save_error_label;
  GtkPaned            *paned;
  GtkBox              *editors_box;
  GtkRevealer         *flag_revealer;
  GtkLabel            *flag_label;
  GtkSpinner          *check_spinner;
  GtkButton           *flag_button;
  HoneTemplatePreview *preview;
};

G_DEFINE_FINAL_TYPE (HoneTemplatesPage, hone_templates_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_FOLLOWED_EXAMPLE_ID,
  PROP_CHECKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void queue_compile  (HoneTemplatesPage *self);
static void schedule_check (HoneTemplatesPage *self);
static void compile_now    (HoneTemplatesPage *self);
static void compile        (HoneTemplatesPage *self,
                            gboolean           typing);
static void cancel_check   (HoneTemplatesPage *self);

/* Words --------------------------------------------------------------------- */

static const char *
editor_title (HoneTemplateStyle style,
              HoneTemplateRole  role)
{
  switch (role)
    {
    case HONE_TEMPLATE_ROLE_SYSTEM:
      return _("System Prompt");
    case HONE_TEMPLATE_ROLE_USER:
      return style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION ? _("Prompt") : _("User Message");
    case HONE_TEMPLATE_ROLE_ASSISTANT:
      return style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION ? _("Completion") : _("Assistant Message");
    default:
      return "";
    }
}

static const char *
editor_explanation (HoneTemplateStyle style,
                    HoneTemplateRole  role)
{
  switch (role)
    {
    case HONE_TEMPLATE_ROLE_SYSTEM:
      return _("The standing instructions, sent first with every example. Optional.");
    case HONE_TEMPLATE_ROLE_USER:
      return style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION
             ? _("What the model is given: the text built from each example’s fields.")
             : _("What the model is given: the request built from each example’s fields.");
    case HONE_TEMPLATE_ROLE_ASSISTANT:
      return style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION
             ? _("What the model should write after the prompt: the part it learns.")
             : _("What the model should answer: the part it learns to write.");
    default:
      return "";
    }
}

/* "the user message", as the flag sentences name a message */
static const char *
message_name (HoneTemplateStyle style,
              HoneTemplateRole  role)
{
  switch (role)
    {
    case HONE_TEMPLATE_ROLE_SYSTEM:
      return _("system prompt");
    case HONE_TEMPLATE_ROLE_USER:
      return style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION ? _("prompt") : _("user message");
    case HONE_TEMPLATE_ROLE_ASSISTANT:
      return style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION ? _("completion") : _("assistant message");
    default:
      return "";
    }
}

/* Loading and saving -------------------------------------------------------- */

static void
update_versions (HoneTemplatesPage *self)
{
  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      gint64 version = self->project != NULL ? hone_project_get_template_version (self->project, role) : 0;
      g_autofree char *text = NULL;

      if (version > 0)
        /* Translators: the version of a template; it grows with each fine-tune that used it */
        text = g_strdup_printf (_("Version %" G_GINT64_FORMAT), version);
      hone_template_editor_set_status (self->editors[role], text);
    }
}

static gboolean
has_templates (HoneTemplatesPage *self)
{
  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    if (self->saved[role] != NULL && self->saved[role][0] != '\0')
      return TRUE;

  return FALSE;
}

static void
update_visible_child (HoneTemplatesPage *self)
{
  gboolean has_fields = self->project != NULL && hone_project_get_n_fields (self->project) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "template.start-from-fields", has_fields);
  gtk_widget_set_visible (GTK_WIDGET (self->no_fields_label), self->project != NULL && !has_fields);

  gtk_stack_set_visible_child_name (self->stack,
                                    self->project != NULL && (self->editing || has_templates (self))
                                    ? "templates" : "empty");
}

static void
show_save_error (HoneTemplatesPage *self,
                 const GError      *error)
{
  if (error == NULL)
    {
      gtk_revealer_set_reveal_child (self->save_error_revealer, FALSE);
      return;
    }

  {
    /* Translators: %s says why, e.g. the file could not be written */
    g_autofree char *text = g_strdup_printf (_("The templates could not be saved: %s"), error->message);

    gtk_label_set_text (self->save_error_label, text);
    gtk_revealer_set_reveal_child (self->save_error_revealer, TRUE);
  }
}

gboolean
hone_templates_page_save (HoneTemplatesPage  *self,
                          GError            **error)
{
  g_return_val_if_fail (HONE_IS_TEMPLATES_PAGE (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);

  if (self->project == NULL)
    return TRUE;

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      g_autofree char *text = hone_template_editor_dup_text (self->editors[role]);
      g_autoptr(GError) local_error = NULL;

      if (g_strcmp0 (text, self->saved[role]) == 0)
        continue;

      /* Saved whether it compiles or not: the person's text is never lost */
      g_free (self->saved[role]);
      self->saved[role] = g_strdup (text);
      if (!hone_project_set_template (self->project, role, text, &local_error))
        {
          /* Try again at the next save */
          g_clear_pointer (&self->saved[role], g_free);
          show_save_error (self, local_error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  show_save_error (self, NULL);
  update_versions (self);
  return TRUE;
}

static void
save_quietly (HoneTemplatesPage *self)
{
  /* The page shows the error */
  hone_templates_page_save (self, NULL);
}

static gboolean
save_timeout_cb (gpointer data)
{
  HoneTemplatesPage *self = data;

  self->save_id = 0;
  save_quietly (self);
  return G_SOURCE_REMOVE;
}

static void
load_templates (HoneTemplatesPage *self)
{
  self->loading = TRUE;

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      const char *text = self->project != NULL ? hone_project_get_template (self->project, role) : "";

      if (text == NULL)
        text = "";
      g_free (self->saved[role]);
      self->saved[role] = g_strdup (text);
      hone_template_editor_set_text (self->editors[role], text);
    }

  self->loading = FALSE;

  update_versions (self);
  update_visible_child (self);
  compile_now (self);
}

static void
buffer_changed_cb (HoneTemplatesPage *self,
                   GtkTextBuffer     *buffer)
{
  if (self->loading || self->project == NULL)
    return;

  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (HONE_TEMPLATES_PAGE_SAVE_DELAY_MS, save_timeout_cb, self);
  queue_compile (self);
}

static void
editor_focus_leave_cb (HoneTemplatesPage        *self,
                       GtkEventControllerFocus  *controller)
{
  if (self->save_id != 0)
    save_quietly (self);
}

/* The project changed the templates itself (a field rename rewrote them) */
static void
templates_changed_cb (HoneTemplatesPage *self,
                      HoneProject       *project)
{
  gboolean changed = FALSE;

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      const char *text = hone_project_get_template (project, role);
      g_autofree char *current = NULL;

      if (g_strcmp0 (text, self->saved[role]) == 0)
        continue;

      /* Unsaved typing wins over a change made elsewhere */
      current = hone_template_editor_dup_text (self->editors[role]);
      if (g_strcmp0 (current, self->saved[role]) != 0)
        continue;

      g_free (self->saved[role]);
      self->saved[role] = g_strdup (text);

      {
        GtkTextBuffer *buffer = GTK_TEXT_BUFFER (hone_template_editor_get_buffer (self->editors[role]));
        GtkTextIter iter;
        int offset;

        gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
        offset = gtk_text_iter_get_offset (&iter);
        self->loading = TRUE;
        hone_template_editor_set_text (self->editors[role], text);
        self->loading = FALSE;
        gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
        gtk_text_buffer_place_cursor (buffer, &iter);
      }
      changed = TRUE;
    }

  update_versions (self);
  if (changed)
    {
      update_visible_child (self);
      compile_now (self);
    }
}

/* Compiling, the preview and the check -------------------------------------- */

static void
set_flag_message (HoneTemplatesPage *self,
                  const char        *message)
{
  g_free (self->flag_message);
  self->flag_message = g_strdup (message);

  if (message != NULL)
    gtk_label_set_text (self->flag_label, message);
  gtk_revealer_set_reveal_child (self->flag_revealer, message != NULL);
}

static char *
describe_check (HoneTemplatesPage     *self,
                const HonePromptCheck *check)
{
  GString *text = g_string_new (NULL);
  static const HoneTemplateRole order[] = {
    HONE_TEMPLATE_ROLE_ASSISTANT, HONE_TEMPLATE_ROLE_USER, HONE_TEMPLATE_ROLE_SYSTEM,
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      guint64 n = check->n_empty[order[i]];

      if (n == 0)
        continue;
      if (order[i] == HONE_TEMPLATE_ROLE_SYSTEM && self->style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text,
                              /* Translators: %s is "assistant message", "user message", "prompt"… */
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%'lu example gives an empty %s.",
                                           "%'lu examples give an empty %s.",
                                           (gulong) n),
                              (gulong) n, message_name (self->style, order[i]));
    }

  if (check->n_failed > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%'lu example cannot be rendered: %s",
                                           "%'lu examples cannot be rendered. The first: %s",
                                           (gulong) check->n_failed),
                              (gulong) check->n_failed,
                              check->first_failure != NULL ? check->first_failure : "");
    }

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }

  return g_string_free (text, FALSE);
}

/* "checking": a check runs, or waits to start */
static void
update_checking (HoneTemplatesPage *self)
{
  gboolean checking = self->check_id != 0 || self->check_cancellable != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), checking);
  if (checking)
    gtk_spinner_start (self->check_spinner);
  else
    gtk_spinner_stop (self->check_spinner);

  if (checking != self->checking)
    {
      self->checking = checking;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
    }
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  HonePromptCheck *check;
  HoneTemplatesPage *self;

  check = hone_prompt_check_finish (HONE_PROJECT (object), result, &error);
  if (check == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a newer check, or the page went away */

  self = HONE_TEMPLATES_PAGE (user_data);
  g_clear_object (&self->check_cancellable);

  g_clear_pointer (&self->check, hone_prompt_check_free);
  if (check == NULL)
    {
      g_debug ("Could not check the examples: %s", error->message);
      set_flag_message (self, NULL);
    }
  else
    {
      g_autofree char *message = NULL;

      self->check = check;
      message = describe_check (self, check);
      set_flag_message (self, message);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "template.show-flagged",
                                 self->check != NULL && self->check->flagged_ids->len > 0);

  update_checking (self);
}

static void
stop_running_check (HoneTemplatesPage *self)
{
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
}

/* Renders every example in a worker thread; the sentence shown before stays
 * (with a spinner) until the new one is known */
static void
start_check (HoneTemplatesPage *self)
{
  stop_running_check (self);

  if (self->project != NULL && self->prompt != NULL)
    {
      self->check_cancellable = g_cancellable_new ();
      hone_prompt_check_async (self->project, self->prompt, self->check_cancellable,
                               check_done_cb, self);
    }
  else
    set_flag_message (self, NULL);

  update_checking (self);
}

/* No check while the templates do not compile */
static void
cancel_check (HoneTemplatesPage *self)
{
  stop_running_check (self);
  g_clear_pointer (&self->check, hone_prompt_check_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "template.show-flagged", FALSE);
  set_flag_message (self, NULL);
  update_checking (self);
}

static gboolean
check_timeout_cb (gpointer data)
{
  HoneTemplatesPage *self = data;

  self->check_id = 0;
  start_check (self);
  return G_SOURCE_REMOVE;
}

/* Checks again in a moment, unless something else comes first */
static void
schedule_check (HoneTemplatesPage *self)
{
  stop_running_check (self);
  self->check_id = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
  update_checking (self);
}

static void
examples_changed_cb (HoneTemplatesPage *self)
{
  if (self->prompt != NULL)
    schedule_check (self);
}

/* "line 3, column 5: …" reads better as "Line 3, column 5: …" */
static char *
sentence_case (const char *message)
{
  char *text = g_strdup (message);

  if (g_ascii_islower (text[0]))
    text[0] = g_ascii_toupper (text[0]);
  return text;
}

static void
compile_now (HoneTemplatesPage *self)
{
  compile (self, FALSE);
}

/* Compiles the templates: errors under the editors, the preview, and the
 * check of every example (which waits a little longer while the person is
 * TYPING: over a million examples it takes seconds of a worker's time) */
static void
compile (HoneTemplatesPage *self,
         gboolean           typing)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HonePrompt) prompt = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) texts = g_new0 (char *, HONE_N_TEMPLATE_ROLES + 1);
  const char *sources[HONE_N_TEMPLATE_ROLES] = { NULL, };
  HoneTemplateRole failed_role = HONE_TEMPLATE_ROLE_USER;
  HoneTemplateLocation location = { 0, };
  const char *failed_title = NULL;

  g_clear_handle_id (&self->compile_id, g_source_remove);

  if (self->project == NULL)
    {
      g_clear_pointer (&self->prompt, hone_prompt_unref);
      hone_template_preview_set_prompt (self->preview, NULL, self->style, NULL);
      cancel_check (self);
      return;
    }

  /* Each template on its own, so that every editor shows its own error */
  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      g_autoptr(HoneTemplate) template = NULL;
      g_autoptr(GError) local_error = NULL;
      HoneTemplateLocation where = { 0, };

      texts[role] = hone_template_editor_dup_text (self->editors[role]);

      if ((role == HONE_TEMPLATE_ROLE_SYSTEM && self->style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION) ||
          texts[role][0] == '\0')
        {
          hone_template_editor_set_error (self->editors[role], NULL, 0, 0);
          continue;
        }

      template = hone_template_new (texts[role], &where, &local_error);
      if (template == NULL)
        {
          g_autofree char *message = sentence_case (local_error->message);

          hone_template_editor_set_error (self->editors[role], message, where.offset, where.length);
          if (failed_title == NULL)
            failed_title = editor_title (self->style, role);
          continue;
        }

      hone_template_editor_set_error (self->editors[role], NULL, 0, 0);
      sources[role] = texts[role];
    }

  if (failed_title == NULL)
    {
      GListModel *model = hone_project_get_fields (self->project);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (fields, g_list_model_get_item (model, i));

      prompt = hone_prompt_new (sources, fields, &failed_role, &location, &error);
      if (prompt == NULL)
        {
          g_autofree char *message = sentence_case (error->message);

          hone_template_editor_set_error (self->editors[failed_role], message, location.offset, location.length);
          failed_title = editor_title (self->style, failed_role);
        }
    }

  if (prompt != NULL)
    {
      g_clear_pointer (&self->prompt, hone_prompt_unref);
      self->prompt = g_steal_pointer (&prompt);
      hone_template_preview_set_prompt (self->preview, self->prompt, self->style, NULL);
      if (typing)
        schedule_check (self);
      else
        start_check (self);
    }
  else
    {
      g_autofree char *reason = NULL;

      if (self->prompt != NULL)
        /* Translators: %s is the title of a template, e.g. "User Message" */
        reason = g_strdup_printf (_("The preview shows the templates as they last worked: fix the error in the %s to bring it up to date."),
                                  failed_title);
      else
        /* Translators: %s is the title of a template, e.g. "User Message" */
        reason = g_strdup_printf (_("Fix the error in the %s to see what the templates make of each example."),
                                  failed_title);
      hone_template_preview_set_prompt (self->preview, self->prompt, self->style, reason);
      cancel_check (self);
    }
}

static gboolean
compile_timeout_cb (gpointer data)
{
  HoneTemplatesPage *self = data;

  self->compile_id = 0;
  compile (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
queue_compile (HoneTemplatesPage *self)
{
  g_clear_handle_id (&self->compile_id, g_source_remove);
  self->compile_id = g_timeout_add (HONE_TEMPLATES_PAGE_PREVIEW_DELAY_MS, compile_timeout_cb, self);
}

static void
fields_changed_cb (HoneTemplatesPage *self,
                   guint              position,
                   guint              removed,
                   guint              added,
                   GListModel        *fields)
{
  update_visible_child (self);
  queue_compile (self);
}

/* Style --------------------------------------------------------------------- */

static void
update_style (HoneTemplatesPage *self)
{
  self->style = self->project != NULL ? hone_project_get_template_style (self->project)
                                      : HONE_TEMPLATE_STYLE_CHAT;

  g_signal_handlers_block_matched (self->chat_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_block_matched (self->completion_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_toggle_button_set_active (self->style == HONE_TEMPLATE_STYLE_CHAT ? self->chat_button : self->completion_button, TRUE);
  g_signal_handlers_unblock_matched (self->chat_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  g_signal_handlers_unblock_matched (self->completion_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      hone_template_editor_set_title (self->editors[role], editor_title (self->style, role));
      hone_template_editor_set_explanation (self->editors[role], editor_explanation (self->style, role));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->editors[HONE_TEMPLATE_ROLE_SYSTEM]),
                          self->style == HONE_TEMPLATE_STYLE_CHAT);
}

static void
set_style (HoneTemplatesPage *self,
           HoneTemplateStyle  style)
{
  g_autoptr(GError) error = NULL;

  if (self->project == NULL || hone_project_get_template_style (self->project) == style)
    return;

  if (!hone_project_set_template_style (self->project, style, &error))
    {
      show_save_error (self, error);
      update_style (self);
    }
  /* The project's notify brings the page in line */
}

static void
template_style_changed_cb (HoneTemplatesPage *self,
                           GParamSpec        *pspec,
                           HoneProject       *project)
{
  update_style (self);
  compile_now (self);
}

static void
style_button_active_cb (HoneTemplatesPage *self,
                        GParamSpec        *pspec,
                        GtkToggleButton   *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  set_style (self, button == self->completion_button ? HONE_TEMPLATE_STYLE_PROMPT_COMPLETION
                                                     : HONE_TEMPLATE_STYLE_CHAT);
}

static void
set_style_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HoneTemplatesPage *self = HONE_TEMPLATES_PAGE (widget);
  HoneTemplateStyle style;

  if (!hone_template_style_from_string (g_variant_get_string (parameter, NULL), &style))
    {
      g_debug ("Unknown template style “%s”", g_variant_get_string (parameter, NULL));
      return;
    }

  set_style (self, style);
}

/* Starting ------------------------------------------------------------------ */

/* "word_target" → "Word target" */
static char *
field_label (const char *name)
{
  g_autofree char *spaced = g_strdup (name);
  GString *out;

  g_strdelimit (spaced, "_-", ' ');
  g_strstrip (spaced);
  if (spaced[0] == '\0')
    return g_strdup (name);

  out = g_string_new (NULL);
  g_string_append_unichar (out, g_unichar_totitle (g_utf8_get_char (spaced)));
  g_string_append (out, g_utf8_next_char (spaced));
  return g_string_free (out, FALSE);
}

static char *
user_template_from_fields (GListModel *fields,
                           guint       n_inputs)
{
  GString *out = g_string_new (NULL);
  gboolean after_block = FALSE;

  for (guint i = 0; i < n_inputs; i++)
    {
      g_autoptr(HoneField) field = g_list_model_get_item (fields, i);
      g_autofree char *label = field_label (hone_field_get_name (field));
      g_autofree char *path = hone_field_completion_format_path (hone_field_get_name (field));

      switch (hone_field_get_kind (field))
        {
        case HONE_FIELD_KIND_LONG_TEXT:
          /* A block of its own, between blank lines */
          if (out->len > 0)
            g_string_append (out, "\n");
          g_string_append_printf (out, "%s:\n{{%s}}\n", label, path);
          after_block = TRUE;
          break;

        case HONE_FIELD_KIND_YES_NO:
          if (after_block)
            g_string_append (out, "\n");
          g_string_append_printf (out, "%s: {{#if %s}}yes{{else}}no{{/if}}\n", label, path);
          after_block = FALSE;
          break;

        case HONE_FIELD_KIND_SHORT_TEXT:
        case HONE_FIELD_KIND_LABEL:
        case HONE_FIELD_KIND_NUMBER:
        default:
          if (after_block)
            g_string_append (out, "\n");
          g_string_append_printf (out, "%s: {{%s}}\n", label, path);
          after_block = FALSE;
          break;
        }
    }

  /* No newline after the last line: the message ends with its text */
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

void
hone_templates_page_start_from_fields (HoneTemplatesPage *self)
{
  GListModel *fields;
  guint n;
  g_autofree char *user = NULL;
  g_autofree char *assistant = NULL;

  g_return_if_fail (HONE_IS_TEMPLATES_PAGE (self));

  if (self->project == NULL)
    return;

  fields = hone_project_get_fields (self->project);
  n = g_list_model_get_n_items (fields);
  if (n == 0)
    return;

  if (n == 1)
    user = user_template_from_fields (fields, 1);
  else
    {
      g_autoptr(HoneField) last = g_list_model_get_item (fields, n - 1);
      g_autofree char *path = hone_field_completion_format_path (hone_field_get_name (last));

      user = user_template_from_fields (fields, n - 1);
      assistant = g_strdup_printf ("{{%s}}", path);
    }

  self->editing = TRUE;
  hone_template_editor_set_text (self->editors[HONE_TEMPLATE_ROLE_USER], user);
  hone_template_editor_set_text (self->editors[HONE_TEMPLATE_ROLE_ASSISTANT], assistant);
  save_quietly (self);
  update_visible_child (self);
  compile_now (self);
  gtk_widget_grab_focus (GTK_WIDGET (hone_template_editor_get_view (self->editors[HONE_TEMPLATE_ROLE_USER])));
}

static void
start_from_fields_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  hone_templates_page_start_from_fields (HONE_TEMPLATES_PAGE (widget));
}

static void
write_own_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HoneTemplatesPage *self = HONE_TEMPLATES_PAGE (widget);

  self->editing = TRUE;
  update_visible_child (self);
  gtk_widget_grab_focus (GTK_WIDGET (hone_template_editor_get_view (
    self->editors[self->style == HONE_TEMPLATE_STYLE_CHAT ? HONE_TEMPLATE_ROLE_SYSTEM : HONE_TEMPLATE_ROLE_USER])));
}

/* Stepping through examples --------------------------------------------------- */

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HoneTemplatesPage *self = HONE_TEMPLATES_PAGE (widget);

  hone_template_preview_step (self->preview,
                              g_str_equal (action_name, "template.previous-example") ? -1 : 1);
}

static void
show_flagged_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HoneTemplatesPage *self = HONE_TEMPLATES_PAGE (widget);
  gint64 current = hone_template_preview_get_example_id (self->preview);
  GArray *ids;
  gint64 target;

  if (self->check == NULL || self->check->flagged_ids->len == 0)
    return;

  /* The next flagged example after the one shown, around to the first */
  ids = self->check->flagged_ids;
  target = g_array_index (ids, gint64, 0);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) > current)
      {
        target = g_array_index (ids, gint64, i);
        break;
      }

  /* The person chose this example: the grid's cursor must not take it away */
  hone_template_preview_set_follow (self->preview, FALSE);
  hone_template_preview_show_example (self->preview, target);
  hone_template_preview_reveal_problem (self->preview);
}

/* Layout ---------------------------------------------------------------------- */

static gboolean
relayout_cb (gpointer data)
{
  HoneTemplatesPage *self = data;
  int width = gtk_widget_get_width (GTK_WIDGET (self->paned));
  int height = gtk_widget_get_height (GTK_WIDGET (self->paned));

  self->relayout_id = 0;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned),
                                  self->vertical ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  /* Editors a little wider than the preview side by side; half and half
   * one above the other */
  if (self->vertical && height > 0)
    gtk_paned_set_position (self->paned, height / 2);
  else if (width > 0)
    gtk_paned_set_position (self->paned, width * 11 / 20);
  self->position_set = TRUE;

  return G_SOURCE_REMOVE;
}

/* AdwBin lays its child out with a GtkBinLayout, which would never call
 * size_allocate(): the page has no layout manager and does the same itself */
static void
hone_templates_page_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
hone_templates_page_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  HoneTemplatesPage *self = HONE_TEMPLATES_PAGE (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));
  gboolean vertical = self->vertical;

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);

  if (width < NARROW_WIDTH)
    vertical = TRUE;
  else if (width >= WIDE_WIDTH)
    vertical = FALSE;

  /* Changing the layout while it is being allocated would allocate again:
   * do it right after */
  if ((vertical != self->vertical || !self->position_set) && self->relayout_id == 0 &&
      gtk_widget_get_width (GTK_WIDGET (self->paned)) > 0)
    {
      self->vertical = vertical;
      self->relayout_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, relayout_cb, self, NULL);
    }
}

static void
hone_templates_page_unmap (GtkWidget *widget)
{
  HoneTemplatesPage *self = HONE_TEMPLATES_PAGE (widget);

  /* Another page, or the window closing */
  if (self->save_id != 0)
    save_quietly (self);

  GTK_WIDGET_CLASS (hone_templates_page_parent_class)->unmap (widget);
}

/* GObject --------------------------------------------------------------- */

static void
disconnect_project (HoneTemplatesPage *self)
{
  if (self->project == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->project, self);
  g_signal_handlers_disconnect_by_data (hone_project_get_fields (self->project), self);
}

static void
hone_templates_page_dispose (GObject *object)
{
  HoneTemplatesPage *self = HONE_TEMPLATES_PAGE (object);

  if (self->save_id != 0)
    save_quietly (self);

  g_clear_handle_id (&self->compile_id, g_source_remove);
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);

  disconnect_project (self);

  /* The bin would otherwise unparent its child a second time */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HONE_TYPE_TEMPLATES_PAGE);

  g_clear_pointer (&self->prompt, hone_prompt_unref);
  g_clear_pointer (&self->check, hone_prompt_check_free);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (hone_templates_page_parent_class)->dispose (object);
}

static void
hone_templates_page_finalize (GObject *object)
{
  HoneTemplatesPage *self = HONE_TEMPLATES_PAGE (object);

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    g_free (self->saved[role]);
  g_free (self->flag_message);

  G_OBJECT_CLASS (hone_templates_page_parent_class)->finalize (object);
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
    case PROP_FOLLOWED_EXAMPLE_ID:
      g_value_set_int64 (value, self->followed_example_id);
      break;
    case PROP_CHECKING:
      g_value_set_boolean (value, hone_templates_page_is_checking (self));
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
    case PROP_FOLLOWED_EXAMPLE_ID:
      hone_templates_page_set_followed_example_id (self, g_value_get_int64 (value));
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
  object_class->finalize = hone_templates_page_finalize;
  object_class->get_property = hone_templates_page_get_property;
  object_class->set_property = hone_templates_page_set_property;

  widget_class->measure = hone_templates_page_measure;
  widget_class->size_allocate = hone_templates_page_size_allocate;
  widget_class->unmap = hone_templates_page_unmap;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         HONE_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOWED_EXAMPLE_ID] =
    g_param_spec_int64 ("followed-example-id", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HONE_TYPE_TEMPLATE_PREVIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/hone/Hone/pages/hone-templates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, no_fields_label);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, chat_button);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, completion_button);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, save_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, paned);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, editors_box);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, flag_revealer);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, flag_label);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, flag_button);
  gtk_widget_class_bind_template_child (widget_class, HoneTemplatesPage, preview);
  gtk_widget_class_bind_template_callback (widget_class, style_button_active_cb);

  gtk_widget_class_install_action (widget_class, "template.start-from-fields", NULL, start_from_fields_action);
  gtk_widget_class_install_action (widget_class, "template.write-own", NULL, write_own_action);
  gtk_widget_class_install_action (widget_class, "template.previous-example", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "template.next-example", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "template.show-flagged", NULL, show_flagged_action);
  gtk_widget_class_install_action (widget_class, "template.set-style", "s", set_style_action);
}

static void
hone_templates_page_init (HoneTemplatesPage *self)
{
  GtkEventController *shortcuts;

  self->followed_example_id = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* measure() and size_allocate() below lay the child out */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      self->editors[role] = HONE_TEMPLATE_EDITOR (hone_template_editor_new (role));
      gtk_box_append (self->editors_box, GTK_WIDGET (self->editors[role]));

      g_signal_connect_object (hone_template_editor_get_buffer (self->editors[role]), "changed",
                               G_CALLBACK (buffer_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (focus, "leave", G_CALLBACK (editor_focus_leave_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_widget_add_controller (GTK_WIDGET (hone_template_editor_get_view (self->editors[role])), focus);
    }

  /* Alt+Left and Alt+Right step through the examples, even from an editor
   * (where GtkSourceView would otherwise move words): the capture phase */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Left, GDK_ALT_MASK),
                                                          gtk_named_action_new ("template.previous-example")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Right, GDK_ALT_MASK),
                                                          gtk_named_action_new ("template.next-example")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "template.show-flagged", FALSE);

  update_style (self);
  load_templates (self);
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

  if (self->project == project)
    return;

  if (self->save_id != 0)
    save_quietly (self);
  cancel_check (self);
  disconnect_project (self);
  g_clear_pointer (&self->prompt, hone_prompt_unref);
  g_set_object (&self->project, project);
  self->editing = FALSE;

  if (project != NULL)
    {
      GListModel *fields = hone_project_get_fields (project);

      g_signal_connect_object (project, "templates-changed",
                               G_CALLBACK (templates_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "notify::template-style",
                               G_CALLBACK (template_style_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "examples-inserted",
                               G_CALLBACK (examples_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "examples-removed",
                               G_CALLBACK (examples_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "examples-changed",
                               G_CALLBACK (examples_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (fields, "items-changed",
                               G_CALLBACK (fields_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    hone_template_editor_set_fields (self->editors[role],
                                     project != NULL ? hone_project_get_fields (project) : NULL);
  hone_template_preview_set_project (self->preview, project);

  update_style (self);
  load_templates (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

void
hone_templates_page_reload (HoneTemplatesPage *self)
{
  g_return_if_fail (HONE_IS_TEMPLATES_PAGE (self));

  if (self->save_id != 0)
    save_quietly (self);
  update_style (self);
  load_templates (self);
}

HoneTemplateEditor *
hone_templates_page_get_editor (HoneTemplatesPage *self,
                                HoneTemplateRole   role)
{
  g_return_val_if_fail (HONE_IS_TEMPLATES_PAGE (self), NULL);
  g_return_val_if_fail ((guint) role < HONE_N_TEMPLATE_ROLES, NULL);

  return self->editors[role];
}

HoneTemplatePreview *
hone_templates_page_get_preview (HoneTemplatesPage *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATES_PAGE (self), NULL);

  return self->preview;
}

void
hone_templates_page_set_followed_example_id (HoneTemplatesPage *self,
                                             gint64             example_id)
{
  g_return_if_fail (HONE_IS_TEMPLATES_PAGE (self));

  if (self->followed_example_id == example_id)
    return;

  self->followed_example_id = example_id;
  hone_template_preview_set_followed_example_id (self->preview, example_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWED_EXAMPLE_ID]);
}

gboolean
hone_templates_page_is_checking (HoneTemplatesPage *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATES_PAGE (self), FALSE);

  return self->checking;
}

const HonePromptCheck *
hone_templates_page_get_check (HoneTemplatesPage *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATES_PAGE (self), NULL);

  return self->check;
}

const char *
hone_templates_page_get_flag_message (HoneTemplatesPage *self)
{
  g_return_val_if_fail (HONE_IS_TEMPLATES_PAGE (self), NULL);

  return self->flag_message;
}
