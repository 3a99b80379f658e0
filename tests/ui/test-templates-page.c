/* test-templates-page.c: the Templates page, in process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "hone-templates-page.h"
#include "hone-tokenizer.h"
#include "hone-field-completion-provider.h"
#include "hone-field-completion-proposal.h"
#include "hone-project-window.h"
#include "hone-ui-test-util.h"

static char *tmp_dir;
static guint project_counter;

/* Helpers --------------------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until CONDITION holds; gives up (FALSE) after 20 s so
 * that a broken build fails rather than hangs. Never a timed assertion:
 * every wait is for a state. */
static gboolean
wait_until (Condition condition,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, hone_ui_test_timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

static GFile *
new_project_file (void)
{
  g_autofree char *name = g_strdup_printf ("templates-%u.hone", ++project_counter);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  return g_file_new_for_path (path);
}

/* Three fields (the last one has a space in its name) and three examples;
 * the second has no answer */
static HoneProject *
create_project (gboolean with_templates)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = new_project_file ();
  HoneProject *project;
  const char *rows[][3] = {
    { "Ada", "Hello Ada, welcome.", "Monday" },
    { "Bob", NULL, "Tuesday" },
    { "Cy", "Hi Cy.", NULL },
  };

  project = hone_project_create (file, "Greetings", &error);
  g_assert_no_error (error);

  hone_project_add_field (project, "name", HONE_FIELD_KIND_SHORT_TEXT, "Who to greet", NULL, &error);
  g_assert_no_error (error);
  hone_project_add_field (project, "answer", HONE_FIELD_KIND_LONG_TEXT, "The greeting", NULL, &error);
  g_assert_no_error (error);
  hone_project_add_field (project, "due date", HONE_FIELD_KIND_SHORT_TEXT, "", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *values[] = { rows[i][0], rows[i][2], rows[i][1] };
      /* Fields are name, answer, due date */
      const char *ordered[] = { values[0], values[2], values[1] };

      g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED,
                                                 ordered, &error), >, 0);
      g_assert_no_error (error);
    }

  if (with_templates)
    {
      hone_project_set_template (project, HONE_TEMPLATE_ROLE_SYSTEM, "Greet people warmly.", &error);
      g_assert_no_error (error);
      hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "Greet {{name}}.", &error);
      g_assert_no_error (error);
      hone_project_set_template (project, HONE_TEMPLATE_ROLE_ASSISTANT, "{{answer}}", &error);
      g_assert_no_error (error);
    }

  return project;
}

typedef struct {
  GtkWindow         *window;
  HoneTemplatesPage *page;
  HoneProject       *project;
} Fixture;

static void
fixture_open (Fixture     *fixture,
              HoneProject *project,
              int          width)
{
  fixture->project = project;
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, width, 700);
  fixture->page = HONE_TEMPLATES_PAGE (hone_templates_page_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  hone_templates_page_set_project (fixture->page, project);
  gtk_window_present (fixture->window);
  hone_ui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static gboolean
not_checking (gpointer data)
{
  return !hone_templates_page_is_checking (HONE_TEMPLATES_PAGE (data));
}

static void
fixture_close (Fixture *fixture)
{
  /* Nothing of the page may outlive the window: let the check finish */
  g_assert_true (wait_until (not_checking, fixture->page));

  g_object_ref (fixture->window);
  gtk_window_destroy (fixture->window);
  hone_ui_test_spin (50);
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->project);
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkTextBuffer *
editor_buffer (HoneTemplatesPage *page,
               HoneTemplateRole   role)
{
  return GTK_TEXT_BUFFER (hone_template_editor_get_buffer (hone_templates_page_get_editor (page, role)));
}

static void
type_at_end (GtkTextBuffer *buffer,
             const char    *text)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_text_buffer_end_user_action (buffer);
}

/* The text of the message of ROLE in the preview, or NULL */
static char *
preview_message (HoneTemplatesPage *page,
                 HoneTemplateRole   role)
{
  g_autoptr(GArray) messages = hone_template_preview_dup_messages (hone_templates_page_get_preview (page));

  for (guint i = 0; i < messages->len; i++)
    {
      HonePromptMessage *message = &g_array_index (messages, HonePromptMessage, i);

      if (message->role == role)
        return g_strdup (message->content);
    }

  return NULL;
}

typedef struct {
  HoneTemplatesPage *page;
  HoneTemplateRole   role;
  const char        *text;
} MessageWait;

static gboolean
message_is (gpointer data)
{
  MessageWait *wait = data;
  g_autofree char *text = preview_message (wait->page, wait->role);

  return g_strcmp0 (text, wait->text) == 0;
}

/* Tests ----------------------------------------------------------------- */

/* The Handlebars language comes from the resources and highlights */
static void
test_language (void)
{
  GtkSourceLanguage *language;
  g_autoptr(GtkSourceBuffer) buffer = NULL;
  const char *text = "Hi {{name}} {{!-- a note --}} {{#each items}}{{@index}}{{/each}} {{lookup . \"x\"}}";
  GtkTextIter iter, end;
  const char *comment = strstr (text, "a note");
  const char *string = strstr (text, "\"x\"");

  /* Something else read the default manager's languages first (it then
   * never reads them again): the language must be found all the same */
  g_assert_nonnull (gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "json"));
  language = hone_template_editor_get_language ();
  g_assert_nonnull (language);
  g_assert_cmpstr (gtk_source_language_get_id (language), ==, HONE_HANDLEBARS_LANGUAGE_ID);

  buffer = gtk_source_buffer_new_with_language (language);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text, -1);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &iter, &end);
  gtk_source_buffer_ensure_highlight (buffer, &iter, &end);

  /* The comment is a comment, the quoted text a string, the plain text neither */
  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (buffer), &iter, g_utf8_pointer_to_offset (text, comment));
  g_assert_true (gtk_source_buffer_iter_has_context_class (buffer, &iter, "comment"));
  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (buffer), &iter, g_utf8_pointer_to_offset (text, string) + 1);
  g_assert_true (gtk_source_buffer_iter_has_context_class (buffer, &iter, "string"));
  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (buffer), &iter, 1);
  g_assert_false (gtk_source_buffer_iter_has_context_class (buffer, &iter, "comment"));
  g_assert_false (gtk_source_buffer_iter_has_context_class (buffer, &iter, "string"));
}

/* Typing updates the preview, after the delay */
static void
test_preview_follows_typing (void)
{
  Fixture f;
  GtkTextBuffer *user;
  MessageWait wait;
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  const char *json;

  fixture_open (&f, create_project (TRUE), 1200);

  /* The first example, rendered */
  wait = (MessageWait) { f.page, HONE_TEMPLATE_ROLE_USER, "Greet Ada." };
  g_assert_true (wait_until (message_is, &wait));
  before = preview_message (f.page, HONE_TEMPLATE_ROLE_ASSISTANT);
  g_assert_cmpstr (before, ==, "Hello Ada, welcome.");
  g_clear_pointer (&before, g_free);
  before = preview_message (f.page, HONE_TEMPLATE_ROLE_SYSTEM);
  g_assert_cmpstr (before, ==, "Greet people warmly.");

  /* The JSON line is the one the project's export writes */
  json = hone_template_preview_get_json (hone_templates_page_get_preview (f.page));
  g_assert_cmpstr (json, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"Greet people warmly.\"},"
                   "{\"role\":\"user\",\"content\":\"Greet Ada.\"},"
                   "{\"role\":\"assistant\",\"content\":\"Hello Ada, welcome.\"}]}");

  /* Typing does not render at once (typing is never held up) … */
  user = editor_buffer (f.page, HONE_TEMPLATE_ROLE_USER);
  type_at_end (user, " Due: {{[due date]}}");
  now = preview_message (f.page, HONE_TEMPLATE_ROLE_USER);
  g_assert_cmpstr (now, ==, "Greet Ada.");

  /* … but once the person pauses */
  wait.text = "Greet Ada. Due: Monday";
  g_assert_true (wait_until (message_is, &wait));

  /* Stepping to the next example renders it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "template.next-example", NULL));
  wait.text = "Greet Bob. Due: Tuesday";
  g_assert_true (wait_until (message_is, &wait));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "template.previous-example", NULL));
  wait.text = "Greet Ada. Due: Monday";
  g_assert_true (wait_until (message_is, &wait));

  /* The JSON view shows the same line */
  hone_template_preview_set_show_json (hone_templates_page_get_preview (f.page), TRUE);
  g_assert_true (hone_template_preview_get_show_json (hone_templates_page_get_preview (f.page)));
  g_assert_nonnull (strstr (hone_template_preview_get_json (hone_templates_page_get_preview (f.page)),
                            "Greet Ada. Due: Monday"));

  fixture_close (&f);
}

/* With a model chosen, each message shows its tokens and the example its
 * total, the chat format included (OpenAI's: 3 per message, the role, 3) */
typedef struct {
  HoneTemplatePreview *preview;
  const char          *text;
} TokensWait;

static gboolean
tokens_text_is (gpointer data)
{
  TokensWait *wait = data;

  return g_strcmp0 (hone_template_preview_get_tokens_text (wait->preview), wait->text) == 0;
}

static gboolean
tokens_text_has_approx (gpointer data)
{
  const char *text = hone_template_preview_get_tokens_text (HONE_TEMPLATE_PREVIEW (data));

  return text != NULL && g_str_has_prefix (text, "In all, ≈");
}

static void
test_preview_tokens (void)
{
  Fixture f;
  MessageWait wait;
  TokensWait tokens_wait;
  g_autoptr(GError) error = NULL;
  HoneModelCatalog *catalog = hone_model_catalog_get_default ();
  const HoneModelInfo *model = hone_model_catalog_find_model (catalog, "openai", "gpt-4o-mini-2024-07-18", &error);
  HoneTokenizer *tokenizer = hone_tokenizer_get ("o200k_base", &error);
  HoneTemplatePreview *preview;
  g_autofree char *user_heading = NULL;
  g_autofree char *total_text = NULL;
  guint64 total = 3;
  const char *texts[][2] = { { "system", "Greet people warmly." }, { "user", "Greet Ada." },
                             { "assistant", "Hello Ada, welcome." } };

  g_assert_no_error (error);
  fixture_open (&f, create_project (TRUE), 1200);
  preview = hone_templates_page_get_preview (f.page);
  wait = (MessageWait) { f.page, HONE_TEMPLATE_ROLE_USER, "Greet Ada." };
  g_assert_true (wait_until (message_is, &wait));
  g_assert_null (hone_template_preview_get_tokens_text (preview));
  g_assert_cmpstr (hone_template_preview_get_heading (preview, HONE_TEMPLATE_ROLE_USER), ==, "User");

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    total += 3 + hone_tokenizer_count (tokenizer, texts[i][0], -1) + hone_tokenizer_count (tokenizer, texts[i][1], -1);
  total_text = g_strdup_printf ("In all, %" G_GUINT64_FORMAT " tokens for GPT-4o mini, its chat format included.", total);
  user_heading = g_strdup_printf ("User · %" G_GSIZE_FORMAT " tokens",
                                  hone_tokenizer_count (tokenizer, "Greet Ada.", -1));

  hone_template_preview_set_model (preview, catalog, model);
  tokens_wait = (TokensWait) { preview, total_text };
  g_assert_true (wait_until (tokens_text_is, &tokens_wait));
  g_assert_cmpstr (hone_template_preview_get_heading (preview, HONE_TEMPLATE_ROLE_USER), ==, user_heading);

  /* An estimating tokenizer says so */
  model = hone_model_catalog_find_model (catalog, "together", "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", &error);
  g_assert_no_error (error);
  hone_template_preview_set_model (preview, catalog, model);
  g_assert_true (wait_until (tokens_text_has_approx, preview));
  g_assert_true (g_str_has_prefix (hone_template_preview_get_heading (preview, HONE_TEMPLATE_ROLE_USER), "User · ≈"));

  hone_template_preview_set_model (preview, NULL, NULL);
  tokens_wait.text = NULL;
  g_assert_true (wait_until (tokens_text_is, &tokens_wait));

  fixture_close (&f);
}

static gboolean
has_error (gpointer data)
{
  return hone_template_editor_get_error (HONE_TEMPLATE_EDITOR (data)) != NULL;
}

static gboolean
has_no_error (gpointer data)
{
  return hone_template_editor_get_error (HONE_TEMPLATE_EDITOR (data)) == NULL;
}

/* A template that does not compile: its error is underlined where the
 * engine says, and said in words with the line and column */
static void
test_error_underlined (void)
{
  Fixture f;
  HoneTemplateEditor *editor;
  GtkTextBuffer *user;
  /* Characters of several bytes before the error check bytes → characters */
  const char *bad = "Café ☕ for {{name}}\nand then\n  {{/each}} done";
  g_autoptr(HoneTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  HoneTemplateLocation location = { 0, };
  int start, end;
  const char *message;

  fixture_open (&f, create_project (TRUE), 1200);
  editor = hone_templates_page_get_editor (f.page, HONE_TEMPLATE_ROLE_USER);
  user = editor_buffer (f.page, HONE_TEMPLATE_ROLE_USER);

  /* What the engine says about it */
  template = hone_template_new (bad, &location, &error);
  g_assert_null (template);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_cmpuint (location.line, ==, 3);
  g_assert_cmpuint (location.column, ==, 3);
  g_assert_cmpuint (location.length, >, 0);

  gtk_text_buffer_set_text (user, bad, -1);
  g_assert_true (wait_until (has_error, editor));

  /* The underline covers exactly the engine's range, in characters */
  g_assert_true (hone_template_editor_get_error_range (editor, &start, &end));
  g_assert_cmpint (start, ==, g_utf8_pointer_to_offset (bad, bad + location.offset));
  g_assert_cmpint (end, ==, g_utf8_pointer_to_offset (bad, bad + location.offset + location.length));
  /* … which is the {{/each}} on line 3 */
  {
    GtkTextIter iter;

    gtk_text_buffer_get_iter_at_offset (user, &iter, start);
    g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, 2);
    g_assert_cmpint (gtk_text_iter_get_line_offset (&iter), ==, 2);
  }

  /* The message says where, in words */
  message = hone_template_editor_get_error (editor);
  g_assert_nonnull (strstr (message, "ine 3, column 3"));
  g_assert_nonnull (strstr (message, "each"));

  /* The preview keeps the last templates that worked, and says so */
  {
    g_autofree char *text = preview_message (f.page, HONE_TEMPLATE_ROLE_USER);

    g_assert_cmpstr (text, ==, "Greet Ada.");
  }

  /* The text is saved all the same */
  g_assert_true (hone_templates_page_save (f.page, NULL));
  g_assert_cmpstr (hone_project_get_template (f.project, HONE_TEMPLATE_ROLE_USER), ==, bad);

  /* Fixing it clears the underline and the message */
  gtk_text_buffer_set_text (user, "Fixed for {{name}}", -1);
  g_assert_true (wait_until (has_no_error, editor));
  g_assert_false (hone_template_editor_get_error_range (editor, NULL, NULL));

  fixture_close (&f);
}

static gboolean
template_saved (gpointer data)
{
  HoneProject *project = data;

  return g_strcmp0 (hone_project_get_template (project, HONE_TEMPLATE_ROLE_ASSISTANT),
                    "{{answer}} See you {{[due date]}}!") == 0;
}

/* What is typed reaches the project file */
static void
test_save (void)
{
  Fixture f;
  g_autoptr(GFile) file = NULL;
  g_autoptr(HoneProject) reopened = NULL;
  g_autoptr(GError) error = NULL;

  fixture_open (&f, create_project (TRUE), 1200);
  file = g_object_ref (hone_project_get_file (f.project));

  type_at_end (editor_buffer (f.page, HONE_TEMPLATE_ROLE_ASSISTANT), " See you {{[due date]}}!");
  /* Saved after the pause, without anything else happening */
  g_assert_true (wait_until (template_saved, f.project));

  /* Typing more, then closing the window at once, still saves */
  type_at_end (editor_buffer (f.page, HONE_TEMPLATE_ROLE_SYSTEM), " Be brief.");
  fixture_close (&f);

  reopened = hone_project_open (file, HONE_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hone_project_get_template (reopened, HONE_TEMPLATE_ROLE_ASSISTANT), ==,
                   "{{answer}} See you {{[due date]}}!");
  g_assert_cmpstr (hone_project_get_template (reopened, HONE_TEMPLATE_ROLE_SYSTEM), ==,
                   "Greet people warmly. Be brief.");
  g_assert_cmpstr (hone_project_get_template (reopened, HONE_TEMPLATE_ROLE_USER), ==, "Greet {{name}}.");
}

/* The provider's populate(), as GtkSourceCompletion calls it */
static GListModel *
populate (HoneFieldCompletionProvider  *provider,
          GtkSourceCompletionContext   *context,
          GError                      **error)
{
  GtkSourceCompletionProviderInterface *iface =
    GTK_SOURCE_COMPLETION_PROVIDER_GET_IFACE (GTK_SOURCE_COMPLETION_PROVIDER (provider));

  g_assert_nonnull (iface->populate);
  return iface->populate (GTK_SOURCE_COMPLETION_PROVIDER (provider), context, error);
}

/* Completion offers the fields after {{ and writes them properly */
static void
test_completion (void)
{
  Fixture f;
  HoneTemplateEditor *editor;
  GtkSourceView *view;
  GtkTextBuffer *buffer;
  g_autoptr(HoneFieldCompletionProvider) provider = NULL;
  g_autoptr(GtkSourceCompletionContext) context = NULL;
  g_autoptr(GListModel) proposals = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter end;

  fixture_open (&f, create_project (TRUE), 1200);
  editor = hone_templates_page_get_editor (f.page, HONE_TEMPLATE_ROLE_USER);
  view = hone_template_editor_get_view (editor);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  provider = hone_field_completion_provider_new (hone_project_get_fields (f.project));
  context = g_object_new (GTK_SOURCE_TYPE_COMPLETION_CONTEXT,
                          "completion", gtk_source_view_get_completion (view),
                          NULL);

  /* Right after {{: every field, in field order */
  gtk_text_buffer_set_text (buffer, "Greet {{", -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  proposals = populate (provider, context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (proposals), ==, 3);
  {
    const char *expected[] = { "name", "answer", "due date" };

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(HoneFieldCompletionProposal) proposal = g_list_model_get_item (proposals, i);

        g_assert_cmpstr (hone_field_completion_proposal_get_name (proposal), ==, expected[i]);
      }
  }
  g_clear_object (&proposals);

  /* What was typed narrows them */
  gtk_text_buffer_set_text (buffer, "Greet {{#if du", -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  proposals = populate (provider, context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (proposals), >=, 1);
  {
    g_autoptr(HoneFieldCompletionProposal) proposal = g_list_model_get_item (proposals, 0);

    g_assert_cmpstr (hone_field_completion_proposal_get_name (proposal), ==, "due date");
    /* A name with a space is written as a segment literal, and the tag closed */
    g_assert_cmpstr (hone_field_completion_proposal_get_path (proposal), ==, "[due date]");
    gtk_source_completion_provider_activate (GTK_SOURCE_COMPLETION_PROVIDER (provider), context,
                                             GTK_SOURCE_COMPLETION_PROPOSAL (proposal));
  }
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "Greet {{#if [due date]}}");
  g_clear_object (&proposals);
  g_clear_pointer (&text, g_free);

  /* A plain name, in the middle of a closed tag: only the name changes */
  gtk_text_buffer_set_text (buffer, "Hi {{na}} there", -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, strlen ("Hi {{na"));
  gtk_text_buffer_place_cursor (buffer, &end);
  proposals = populate (provider, context, &error);
  g_assert_cmpuint (g_list_model_get_n_items (proposals), >=, 1);
  {
    g_autoptr(HoneFieldCompletionProposal) proposal = g_list_model_get_item (proposals, 0);

    g_assert_cmpstr (hone_field_completion_proposal_get_name (proposal), ==, "name");
    gtk_source_completion_provider_activate (GTK_SOURCE_COMPLETION_PROVIDER (provider), context,
                                             GTK_SOURCE_COMPLETION_PROPOSAL (proposal));
  }
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "Hi {{name}} there");
  g_clear_object (&proposals);

  /* Outside a tag, in a comment or after a closed tag: nothing */
  {
    const char *nothing[] = { "Greet na", "{{! na", "{{name}} na", "{{#ea", "{{/na", "{{x.na" };

    for (guint i = 0; i < G_N_ELEMENTS (nothing); i++)
      {
        gtk_text_buffer_set_text (buffer, nothing[i], -1);
        gtk_text_buffer_get_end_iter (buffer, &end);
        gtk_text_buffer_place_cursor (buffer, &end);
        proposals = populate (provider, context, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (g_list_model_get_n_items (proposals), ==, 0);
        g_clear_object (&proposals);
      }
  }

  /* Names that Handlebars cannot read plainly get brackets */
  {
    const char *cases[][2] = {
      { "title", "title" }, { "due date", "[due date]" }, { "2024", "[2024]" },
      { "true", "[true]" }, { "a-b", "a-b" }, { "x=y", "[x=y]" }, { "café", "café" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *path = hone_field_completion_format_path (cases[i][0]);

        g_assert_cmpstr (path, ==, cases[i][1]);
      }
  }

  /* The Insert Field menu does the same at the cursor */
  gtk_text_buffer_set_text (buffer, "Hi ", -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.insert-field", "s", "due date"));
  g_clear_pointer (&text, g_free);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "Hi {{[due date]}}");

  g_clear_object (&context);
  fixture_close (&f);
}

/* The prompt/completion style hides the system prompt and renames the others */
static void
test_style (void)
{
  Fixture f;
  HoneTemplateEditor *system;
  MessageWait wait;
  g_autofree char *system_message = NULL;

  fixture_open (&f, create_project (TRUE), 1200);
  system = hone_templates_page_get_editor (f.page, HONE_TEMPLATE_ROLE_SYSTEM);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (system)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "template.set-style", "s", "prompt-completion"));
  hone_ui_test_wait_for_frame (GTK_WIDGET (f.window));

  g_assert_cmpint (hone_project_get_template_style (f.project), ==, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (system)));
  g_assert_cmpstr (hone_template_editor_get_title (hone_templates_page_get_editor (f.page, HONE_TEMPLATE_ROLE_USER)), ==, "Prompt");
  g_assert_cmpstr (hone_template_editor_get_title (hone_templates_page_get_editor (f.page, HONE_TEMPLATE_ROLE_ASSISTANT)), ==, "Completion");
  /* The system prompt is kept, but left out of what the model sees */
  g_assert_cmpstr (hone_project_get_template (f.project, HONE_TEMPLATE_ROLE_SYSTEM), ==, "Greet people warmly.");
  wait = (MessageWait) { f.page, HONE_TEMPLATE_ROLE_USER, "Greet Ada." };
  g_assert_true (wait_until (message_is, &wait));
  system_message = preview_message (f.page, HONE_TEMPLATE_ROLE_SYSTEM);
  g_assert_null (system_message);
  g_assert_cmpstr (hone_template_preview_get_json (hone_templates_page_get_preview (f.page)), ==,
                   "{\"prompt\":\"Greet Ada.\",\"completion\":\"Hello Ada, welcome.\"}");

  /* And back */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "template.set-style", "s", "chat"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (system)));
  g_assert_cmpstr (hone_template_editor_get_title (hone_templates_page_get_editor (f.page, HONE_TEMPLATE_ROLE_USER)), ==, "User Message");

  fixture_close (&f);
}

static gboolean
check_done (gpointer data)
{
  HoneTemplatesPage *page = data;

  return !hone_templates_page_is_checking (page) && hone_templates_page_get_check (page) != NULL;
}

typedef struct {
  HoneTemplatesPage *page;
  HoneTemplateRole   role;
  guint64            n_empty;
} CheckWait;

/* The check is done and counts N_EMPTY empty messages of ROLE */
static gboolean
check_counts (gpointer data)
{
  CheckWait *wait = data;
  const HonePromptCheck *check = hone_templates_page_get_check (wait->page);

  return check_done (wait->page) && check->n_empty[wait->role] == wait->n_empty;
}

static gboolean
shows_example (gpointer data)
{
  gint64 *wanted = data;
  HoneTemplatesPage *page = *(HoneTemplatesPage **) (wanted + 1);

  return hone_template_preview_get_example_id (hone_templates_page_get_preview (page)) == wanted[0];
}

/* Examples that give an empty message are counted, and can be shown */
static void
test_flagged (void)
{
  Fixture f;
  const HonePromptCheck *check;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GError) error = NULL;
  gint64 bob_id;
  struct { gint64 id; HoneTemplatesPage *page; } wanted;

  fixture_open (&f, create_project (TRUE), 1200);
  examples = hone_project_load_examples (f.project, 0, 10, &error);
  g_assert_no_error (error);
  bob_id = hone_example_get_id (g_ptr_array_index (examples, 1));

  g_assert_true (wait_until (check_done, f.page));
  check = hone_templates_page_get_check (f.page);
  g_assert_cmpuint (check->n_checked, ==, 3);
  g_assert_cmpuint (check->n_empty[HONE_TEMPLATE_ROLE_ASSISTANT], ==, 1);
  g_assert_cmpuint (check->n_empty[HONE_TEMPLATE_ROLE_USER], ==, 0);
  g_assert_cmpuint (check->n_failed, ==, 0);
  g_assert_cmpuint (check->flagged_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (check->flagged_ids, gint64, 0), ==, bob_id);
  g_assert_cmpstr (hone_templates_page_get_flag_message (f.page), ==, "1 example gives an empty assistant message.");

  /* Show takes the preview there */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "template.show-flagged", NULL));
  wanted.id = bob_id;
  wanted.page = f.page;
  g_assert_true (wait_until (shows_example, &wanted));

  /* A template that uses a field Cy lacks: now two are flagged, both ways */
  gtk_text_buffer_set_text (editor_buffer (f.page, HONE_TEMPLATE_ROLE_USER), "{{[due date]}}", -1);
  {
    CheckWait wait = { f.page, HONE_TEMPLATE_ROLE_USER, 1 };

    g_assert_true (wait_until (check_counts, &wait));
  }
  check = hone_templates_page_get_check (f.page);
  g_assert_cmpuint (check->n_empty[HONE_TEMPLATE_ROLE_USER], ==, 1);
  g_assert_cmpuint (check->n_empty[HONE_TEMPLATE_ROLE_ASSISTANT], ==, 1);
  g_assert_cmpuint (check->n_flagged, ==, 2);
  g_assert_cmpstr (hone_templates_page_get_flag_message (f.page), ==,
                   "1 example gives an empty assistant message.\n"
                   "1 example gives an empty user message.");

  /* Filling in Bob's answer restarts the check by itself */
  {
    HoneField *answer = hone_project_find_field (f.project, "answer");
    CheckWait wait = { f.page, HONE_TEMPLATE_ROLE_ASSISTANT, 0 };

    g_assert_true (hone_project_set_value (f.project, bob_id, hone_field_get_id (answer), "Hey Bob.", &error));
    g_assert_no_error (error);
    g_assert_true (wait_until (check_counts, &wait));
  }
  check = hone_templates_page_get_check (f.page);
  g_assert_cmpuint (check->n_flagged, ==, 1);
  g_assert_cmpstr (hone_templates_page_get_flag_message (f.page), ==, "1 example gives an empty user message.");

  fixture_close (&f);
}

/* A project without templates explains them and starts from its fields */
static void
test_empty_state (void)
{
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = new_project_file ();
  HoneProject *project;
  GtkStack *stack;

  /* The sample project's fields */
  project = hone_project_create (file, "Press releases", &error);
  g_assert_no_error (error);
  hone_project_add_field (project, "company", HONE_FIELD_KIND_SHORT_TEXT, "", NULL, &error);
  hone_project_add_field (project, "announcement", HONE_FIELD_KIND_LABEL, "", NULL, &error);
  hone_project_add_field (project, "facts", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error);
  hone_project_add_field (project, "word_target", HONE_FIELD_KIND_NUMBER, "", NULL, &error);
  hone_project_add_field (project, "include_boilerplate", HONE_FIELD_KIND_YES_NO, "", NULL, &error);
  hone_project_add_field (project, "press_release", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error);
  g_assert_no_error (error);

  fixture_open (&f, project, 1200);
  stack = GTK_STACK (adw_bin_get_child (ADW_BIN (f.page)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "template.start-from-fields", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "templates");
  g_assert_cmpstr (hone_project_get_template (project, HONE_TEMPLATE_ROLE_USER), ==,
                   "Company: {{company}}\n"
                   "Announcement: {{announcement}}\n"
                   "\n"
                   "Facts:\n"
                   "{{facts}}\n"
                   "\n"
                   "Word target: {{word_target}}\n"
                   "Include boilerplate: {{#if include_boilerplate}}yes{{else}}no{{/if}}");
  g_assert_cmpstr (hone_project_get_template (project, HONE_TEMPLATE_ROLE_ASSISTANT), ==, "{{press_release}}");
  g_assert_cmpstr (hone_project_get_template (project, HONE_TEMPLATE_ROLE_SYSTEM), ==, "");

  fixture_close (&f);
}

/* The preview follows the example of the grid while Follow is on */
static void
test_follow (void)
{
  Fixture f;
  g_autoptr(GPtrArray) examples = NULL;
  g_autoptr(GError) error = NULL;
  HoneTemplatePreview *preview;
  gint64 ids[3];

  fixture_open (&f, create_project (TRUE), 1200);
  preview = hone_templates_page_get_preview (f.page);
  examples = hone_project_load_examples (f.project, 0, 10, &error);
  for (guint i = 0; i < 3; i++)
    ids[i] = hone_example_get_id (g_ptr_array_index (examples, i));

  g_assert_cmpint (hone_template_preview_get_example_id (preview), ==, ids[0]);
  g_object_set (f.page, "followed-example-id", ids[2], NULL);
  g_assert_cmpint (hone_template_preview_get_example_id (preview), ==, ids[2]);

  hone_template_preview_set_follow (preview, FALSE);
  g_object_set (f.page, "followed-example-id", ids[1], NULL);
  g_assert_cmpint (hone_template_preview_get_example_id (preview), ==, ids[2]);
  /* Turned on again, it catches up */
  hone_template_preview_set_follow (preview, TRUE);
  g_assert_cmpint (hone_template_preview_get_example_id (preview), ==, ids[1]);

  fixture_close (&f);
}

/* A narrow window puts the preview under the editors */
static void
test_narrow (void)
{
  Fixture f;
  GtkPaned *paned;
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  fixture_open (&f, create_project (TRUE), 640);
  hone_ui_test_wait_for_frame (GTK_WIDGET (f.window));
  hone_ui_test_spin (50);

  for (GtkWidget *w = GTK_WIDGET (hone_templates_page_get_preview (f.page)); w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_PANED (w))
      {
        g_ptr_array_add (found, w);
        break;
      }
  g_assert_cmpuint (found->len, ==, 1);
  paned = g_ptr_array_index (found, 0);
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)), ==, GTK_ORIENTATION_VERTICAL);

  /* Wide again: side by side */
  gtk_window_set_default_size (f.window, 1200, 700);
  hone_ui_test_wait_for_frame (GTK_WIDGET (f.window));
  hone_ui_test_spin (50);
  hone_ui_test_wait_for_frame (GTK_WIDGET (f.window));
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)), ==, GTK_ORIENTATION_HORIZONTAL);

  fixture_close (&f);
}

/* In the project window, the grid's cursor reaches the preview */
static gboolean
preview_counts (gpointer data)
{
  return hone_template_preview_get_tokens_text (HONE_TEMPLATE_PREVIEW (data)) != NULL;
}

static void
test_project_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = new_project_file ();
  HoneProject *project = hone_sample_create (file, &error);
  HoneProjectWindow *window;
  HoneExamplesPage *examples_page;
  HoneTemplatesPage *page = NULL;

  g_assert_no_error (error);
  window = hone_project_window_new (NULL, project);
  gtk_window_present (GTK_WINDOW (window));
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));

  examples_page = hone_project_window_get_examples_page (window);
  hone_project_window_show_page (window, HONE_PAGE_TEMPLATES);
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));
  for (GtkWidget *w = gtk_widget_get_next_sibling (GTK_WIDGET (examples_page)); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (HONE_IS_TEMPLATES_PAGE (w))
      page = HONE_TEMPLATES_PAGE (w);
  g_assert_nonnull (page);

  hone_examples_page_set_cursor (examples_page, 4, 0);
  g_assert_cmpint (hone_template_preview_get_example_id (hone_templates_page_get_preview (page)), ==,
                   hone_examples_page_get_cursor_example_id (examples_page));
  g_assert_cmpint (hone_examples_page_get_cursor_example_id (examples_page), >, 0);

  /* The preview counts tokens for the model the Check page checks for */
  {
    HoneDatasetCheck *check = hone_project_window_get_dataset_check (window);
    g_autofree char *expected = g_strdup_printf ("tokens for %s, its chat format included.",
                                                 hone_dataset_check_get_model (check)->name);

    g_assert_true (wait_until (preview_counts, hone_templates_page_get_preview (page)));
    g_assert_true (g_str_has_suffix (hone_template_preview_get_tokens_text (hone_templates_page_get_preview (page)),
                                     expected));
  }

  g_assert_true (wait_until (not_checking, page));
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  hone_ui_test_spin (50);
  g_assert_finalize_object (window);
  g_assert_finalize_object (project);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  tmp_dir = g_dir_make_tmp ("hone-test-templates-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/templates-page/language", test_language);
  g_test_add_func ("/templates-page/preview-follows-typing", test_preview_follows_typing);
  g_test_add_func ("/templates-page/preview-tokens", test_preview_tokens);
  g_test_add_func ("/templates-page/error-underlined", test_error_underlined);
  g_test_add_func ("/templates-page/save", test_save);
  g_test_add_func ("/templates-page/completion", test_completion);
  g_test_add_func ("/templates-page/style", test_style);
  g_test_add_func ("/templates-page/flagged", test_flagged);
  g_test_add_func ("/templates-page/empty-state", test_empty_state);
  g_test_add_func ("/templates-page/follow", test_follow);
  g_test_add_func ("/templates-page/narrow", test_narrow);
  g_test_add_func ("/templates-page/project-window", test_project_window);

  ret = g_test_run ();

  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);
    g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);

  return ret;
}
