/* test-project-templates.c: a project's templates: versions updated in place
 * until kept, old versions, the template style, what listeners hear, and
 * templates following a field rename; where a field is used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-core.h"
#include "hone-test-edit-util.h"

typedef struct {
  char        *dir;
  HoneProject *project;
  guint        n_changed;  /* "templates-changed" */
  guint        n_style;    /* notify::template-style */
} Fixture;

static void
templates_changed_cb (HoneProject *project,
                      Fixture     *fixture)
{
  fixture->n_changed++;
}

static void
style_cb (GObject    *object,
          GParamSpec *pspec,
          Fixture    *fixture)
{
  fixture->n_style++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = hone_test_dir_new ();
  fixture->project = hone_test_project_new (fixture->dir, "templates.hone");
  g_signal_connect (fixture->project, "templates-changed", G_CALLBACK (templates_changed_cb), fixture);
  g_signal_connect (fixture->project, "notify::template-style", G_CALLBACK (style_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (fixture->project, fixture);
  g_assert_finalize_object (fixture->project);
  hone_test_dir_free (fixture->dir);
}

static void
set_template (Fixture          *fixture,
              HoneTemplateRole  role,
              const char       *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_set_template (fixture->project, role, text, &error));
  g_assert_no_error (error);
}

static gint64
count_versions (Fixture          *fixture,
                HoneTemplateRole  role)
{
  g_autoptr(GError) error = NULL;
  gint64 n = hone_project_count_template_versions (fixture->project, role, &error);

  g_assert_no_error (error);
  return n;
}

static char *
version_text (Fixture          *fixture,
              HoneTemplateRole  role,
              gint64            version)
{
  g_autoptr(GError) error = NULL;
  char *text = hone_project_get_template_version_text (fixture->project, role, version, &error);

  g_assert_no_error (error);
  return text;
}

static HoneProject *
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  HoneProject *project = hone_project_open (hone_project_get_file (fixture->project),
                                            HONE_PROJECT_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return project;
}

/* Typing updates the newest version; keeping it makes the next edit a new
 * version; old versions read back as they were */
static void
test_versions (Fixture       *fixture,
               gconstpointer  data)
{
  HoneTemplateRole user = HONE_TEMPLATE_ROLE_USER;
  gint64 kept[HONE_N_TEMPLATE_ROLES] = { -1, -1, -1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) other = NULL;
  g_autofree char *text = NULL;

  /* "" on a template never set changes nothing */
  set_template (fixture, user, "");
  g_assert_cmpint (hone_project_get_template_version (fixture->project, user), ==, 0);
  g_assert_cmpuint (fixture->n_changed, ==, 0);

  /* Keystrokes */
  set_template (fixture, user, "H");
  set_template (fixture, user, "He");
  set_template (fixture, user, "Hello {{input}}");
  g_assert_cmpint (hone_project_get_template_version (fixture->project, user), ==, 1);
  g_assert_false (hone_project_get_template_kept (fixture->project, user));
  g_assert_cmpint (count_versions (fixture, user), ==, 1);
  g_assert_cmpuint (fixture->n_changed, ==, 3);
  set_template (fixture, user, "Hello {{input}}");
  g_assert_cmpuint (fixture->n_changed, ==, 3);

  /* A fine-tune keeps them */
  set_template (fixture, HONE_TEMPLATE_ROLE_ASSISTANT, "{{label}}");
  g_assert_true (hone_project_keep_templates (fixture->project, kept, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kept[HONE_TEMPLATE_ROLE_SYSTEM], ==, 0);
  g_assert_cmpint (kept[HONE_TEMPLATE_ROLE_USER], ==, 1);
  g_assert_cmpint (kept[HONE_TEMPLATE_ROLE_ASSISTANT], ==, 1);
  g_assert_true (hone_project_get_template_kept (fixture->project, user));
  g_assert_false (hone_project_get_template_kept (fixture->project, HONE_TEMPLATE_ROLE_SYSTEM));
  g_assert_cmpuint (fixture->n_changed, ==, 5);

  /* Keeping what is kept changes nothing */
  g_assert_true (hone_project_keep_templates (fixture->project, kept, &error));
  g_assert_cmpuint (fixture->n_changed, ==, 5);

  /* The next edit is version 2, and the ones after update it */
  set_template (fixture, user, "Hello {{input}}!");
  g_assert_cmpint (hone_project_get_template_version (fixture->project, user), ==, 2);
  g_assert_false (hone_project_get_template_kept (fixture->project, user));
  set_template (fixture, user, "Hello, {{input}}!");
  g_assert_cmpint (hone_project_get_template_version (fixture->project, user), ==, 2);
  g_assert_cmpint (count_versions (fixture, user), ==, 2);
  g_assert_cmpint (hone_project_get_template_version (fixture->project, HONE_TEMPLATE_ROLE_ASSISTANT), ==, 1);

  text = version_text (fixture, user, 1);
  g_assert_cmpstr (text, ==, "Hello {{input}}");
  g_clear_pointer (&text, g_free);
  text = version_text (fixture, user, 2);
  g_assert_cmpstr (text, ==, "Hello, {{input}}!");
  g_clear_pointer (&text, g_free);
  text = version_text (fixture, HONE_TEMPLATE_ROLE_SYSTEM, 0);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  text = hone_project_get_template_version_text (fixture->project, user, 3, &error);
  g_assert_null (text);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* What is in the file */
  other = reopen (fixture);
  g_assert_cmpstr (hone_project_get_template (other, user), ==, "Hello, {{input}}!");
  g_assert_cmpint (hone_project_get_template_version (other, user), ==, 2);
  g_assert_false (hone_project_get_template_kept (other, user));
  g_assert_true (hone_project_get_template_kept (other, HONE_TEMPLATE_ROLE_ASSISTANT));
  g_assert_finalize_object (g_steal_pointer (&other));

  /* Not valid text is refused, naming the template */
  g_assert_false (hone_project_set_template (fixture->project, user, "\xff", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "User message"));
  g_clear_error (&error);

  /* A read-only project changes nothing */
  other = reopen (fixture);
  g_assert_false (hone_project_set_template (other, user, "x", &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (hone_project_keep_templates (other, kept, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* Inside a transaction listeners hear once, at commit; nothing on rollback,
 * and what is in memory goes back */
static void
test_transaction (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_begin (fixture->project, &error));
  set_template (fixture, HONE_TEMPLATE_ROLE_SYSTEM, "S");
  set_template (fixture, HONE_TEMPLATE_ROLE_USER, "U");
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_assert_true (hone_project_commit (fixture->project, &error));
  g_assert_cmpuint (fixture->n_changed, ==, 1);

  g_assert_true (hone_project_keep_templates (fixture->project, NULL, &error));
  g_assert_cmpuint (fixture->n_changed, ==, 2);

  g_assert_true (hone_project_begin (fixture->project, &error));
  set_template (fixture, HONE_TEMPLATE_ROLE_USER, "U2");
  set_template (fixture, HONE_TEMPLATE_ROLE_ASSISTANT, "A");
  g_assert_cmpint (hone_project_get_template_version (fixture->project, HONE_TEMPLATE_ROLE_USER), ==, 2);
  hone_project_rollback (fixture->project);
  g_assert_cmpuint (fixture->n_changed, ==, 2);
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_USER), ==, "U");
  g_assert_cmpint (hone_project_get_template_version (fixture->project, HONE_TEMPLATE_ROLE_USER), ==, 1);
  g_assert_true (hone_project_get_template_kept (fixture->project, HONE_TEMPLATE_ROLE_USER));
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_ASSISTANT), ==, "");
  g_assert_cmpint (count_versions (fixture, HONE_TEMPLATE_ROLE_USER), ==, 1);
}

/* Another program changed the templates: reload tells listeners */
static void
test_reload (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  set_template (fixture, HONE_TEMPLATE_ROLE_USER, "U");
  fixture->n_changed = 0;

  g_assert_true (hone_project_reload (fixture->project, &error));
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_assert_cmpuint (fixture->n_style, ==, 0);

  hone_test_exec_other (fixture->project,
                        "UPDATE template_versions SET text = 'V' WHERE role = 'user';"
                        "INSERT INTO meta VALUES ('template_style', 'prompt-completion');");
  g_assert_true (hone_project_reload (fixture->project, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpuint (fixture->n_style, ==, 1);
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_USER), ==, "V");
  g_assert_cmpint (hone_project_get_template_style (fixture->project), ==, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION);

  /* A style this Hone does not know reads as chat */
  hone_test_exec_other (fixture->project, "UPDATE meta SET value = 'tools' WHERE key = 'template_style';");
  g_assert_true (hone_project_reload (fixture->project, &error));
  g_assert_cmpint (hone_project_get_template_style (fixture->project), ==, HONE_TEMPLATE_STYLE_CHAT);
}

static void
test_style (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) other = NULL;
  int style = -1;

  g_assert_cmpint (hone_project_get_template_style (fixture->project), ==, HONE_TEMPLATE_STYLE_CHAT);
  g_assert_true (hone_project_set_template_style (fixture->project, HONE_TEMPLATE_STYLE_CHAT, &error));
  g_assert_cmpuint (fixture->n_style, ==, 0);

  g_assert_true (hone_project_set_template_style (fixture->project, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_style, ==, 1);
  g_object_get (fixture->project, "template-style", &style, NULL);
  g_assert_cmpint (style, ==, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION);

  other = reopen (fixture);
  g_assert_cmpint (hone_project_get_template_style (other), ==, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION);
  g_assert_false (hone_project_set_template_style (other, HONE_TEMPLATE_STYLE_CHAT, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_READ_ONLY);
  g_assert_finalize_object (g_steal_pointer (&other));

  /* In a transaction rolled back, the style goes back too */
  g_clear_error (&error);
  g_assert_true (hone_project_begin (fixture->project, &error));
  g_assert_true (hone_project_set_template_style (fixture->project, HONE_TEMPLATE_STYLE_CHAT, &error));
  hone_project_rollback (fixture->project);
  g_assert_cmpint (hone_project_get_template_style (fixture->project), ==, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION);
}

/* Renaming a field rewrites the templates that use it, in the same
 * transaction; a kept version stays as it was */
static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 input = hone_test_field_id (fixture->project, "input");
  gint64 label = hone_test_field_id (fixture->project, "label");
  g_autofree char *text = NULL;

  set_template (fixture, HONE_TEMPLATE_ROLE_SYSTEM, "No fields here, {{inputs}}.");
  set_template (fixture, HONE_TEMPLATE_ROLE_USER,
                "Text: {{input}}\n{{#if input}}[{{input.length}}]{{/if}} {{label}} {{inputs}}");
  set_template (fixture, HONE_TEMPLATE_ROLE_ASSISTANT, "{{label}} {{#each items}}{{this}}{{/each}}");
  g_assert_true (hone_project_keep_templates (fixture->project, NULL, &error));
  fixture->n_changed = 0;

  g_assert_true (hone_project_rename_field (fixture->project, input, "body text", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_USER), ==,
                   "Text: {{[body text]}}\n{{#if [body text]}}[{{[body text].length}}]{{/if}} {{label}} {{inputs}}");
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  /* The kept version 1 is still there; the rewrite is version 2 */
  g_assert_cmpint (hone_project_get_template_version (fixture->project, HONE_TEMPLATE_ROLE_USER), ==, 2);
  text = version_text (fixture, HONE_TEMPLATE_ROLE_USER, 1);
  g_assert_true (g_str_has_prefix (text, "Text: {{input}}"));
  g_clear_pointer (&text, g_free);
  /* Templates that do not use it are not touched */
  g_assert_cmpint (hone_project_get_template_version (fixture->project, HONE_TEMPLATE_ROLE_ASSISTANT), ==, 1);
  g_assert_cmpint (hone_project_get_template_version (fixture->project, HONE_TEMPLATE_ROLE_SYSTEM), ==, 1);
  g_assert_true (hone_project_get_template_kept (fixture->project, HONE_TEMPLATE_ROLE_ASSISTANT));

  /* Not kept: rewritten in place */
  g_assert_true (hone_project_rename_field (fixture->project, input, "body", &error));
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_USER), ==,
                   "Text: {{body}}\n{{#if body}}[{{body.length}}]{{/if}} {{label}} {{inputs}}");
  g_assert_cmpint (hone_project_get_template_version (fixture->project, HONE_TEMPLATE_ROLE_USER), ==, 2);
  g_assert_cmpuint (fixture->n_changed, ==, 2);

  /* A template that does not compile is left as it is */
  set_template (fixture, HONE_TEMPLATE_ROLE_ASSISTANT, "{{#if label}}{{label}}");
  fixture->n_changed = 0;
  g_assert_true (hone_project_rename_field (fixture->project, label, "tone", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_ASSISTANT), ==,
                   "{{#if label}}{{label}}");
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_USER), ==,
                   "Text: {{body}}\n{{#if body}}[{{body.length}}]{{/if}} {{tone}} {{inputs}}");
  g_assert_cmpuint (fixture->n_changed, ==, 1);

  /* In a transaction rolled back, the templates go back with the name */
  g_assert_true (hone_project_begin (fixture->project, &error));
  g_assert_true (hone_project_rename_field (fixture->project, label, "mood", &error));
  g_assert_nonnull (strstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_USER), "{{mood}}"));
  hone_project_rollback (fixture->project);
  g_assert_nonnull (strstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_USER), "{{tone}}"));
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  {
    g_autoptr(HoneProject) other = reopen (fixture);

    g_assert_cmpstr (hone_project_get_template (other, HONE_TEMPLATE_ROLE_USER), ==,
                     "Text: {{body}}\n{{#if body}}[{{body.length}}]{{/if}} {{tone}} {{inputs}}");
    g_assert_finalize_object (g_steal_pointer (&other));
  }
}

/* Undoing a rename gives the field its old name back and the templates
 * their old uses of it, keeping the templates' other edits since; redo
 * does the rename again */
static void
test_rename_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneUndoStack) undo = hone_undo_stack_new (fixture->project);
  gint64 input = hone_test_field_id (fixture->project, "input");

  set_template (fixture, HONE_TEMPLATE_ROLE_USER, "Text: {{input}} {{label}}");
  set_template (fixture, HONE_TEMPLATE_ROLE_ASSISTANT, "{{#if input}}{{input}}{{/if}}");
  fixture->n_changed = 0;

  g_assert_true (hone_project_rename_field (fixture->project, input, "body text", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  /* An edit of the template after the rename (not on the undo stack) */
  set_template (fixture, HONE_TEMPLATE_ROLE_USER, "Texte : {{[body text]}} {{label}}");
  fixture->n_changed = 0;

  g_assert_true (hone_undo_stack_undo (undo, &error));
  g_assert_no_error (error);
  g_assert_nonnull (hone_project_find_field (fixture->project, "input"));
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_USER), ==,
                   "Texte : {{input}} {{label}}");
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_ASSISTANT), ==,
                   "{{#if input}}{{input}}{{/if}}");
  g_assert_cmpuint (fixture->n_changed, ==, 1);

  g_assert_true (hone_undo_stack_redo (undo, &error));
  g_assert_no_error (error);
  g_assert_nonnull (hone_project_find_field (fixture->project, "body text"));
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_USER), ==,
                   "Texte : {{[body text]}} {{label}}");
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_ASSISTANT), ==,
                   "{{#if [body text]}}{{[body text]}}{{/if}}");
  g_assert_cmpuint (fixture->n_changed, ==, 2);

  /* What landed is on disk */
  {
    g_autoptr(HoneProject) other = reopen (fixture);

    g_assert_cmpstr (hone_project_get_template (other, HONE_TEMPLATE_ROLE_ASSISTANT), ==,
                     "{{#if [body text]}}{{[body text]}}{{/if}}");
    g_assert_finalize_object (g_steal_pointer (&other));
  }

  /* Undoing an edit that changed no name leaves the templates alone */
  g_assert_true (hone_project_set_field_description (fixture->project, input, "What the user wrote", &error));
  g_assert_no_error (error);
  fixture->n_changed = 0;
  g_assert_true (hone_undo_stack_undo (undo, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_changed, ==, 0);
}

/* Where a field is used, to warn before deleting it */
static void
test_field_uses (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) uses = NULL;
  gint64 input = hone_test_field_id (fixture->project, "input");
  gint64 score = hone_test_field_id (fixture->project, "score");
  HoneTemplateUse *use;

  set_template (fixture, HONE_TEMPLATE_ROLE_SYSTEM, "Écrit: {{input}}");
  set_template (fixture, HONE_TEMPLATE_ROLE_USER, "Line 1\n  {{#if input}}x{{/if}}\n{{label}}");
  set_template (fixture, HONE_TEMPLATE_ROLE_ASSISTANT, "{{#if input}}");  /* does not compile */

  uses = hone_project_get_field_template_uses (fixture->project, input, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uses->len, ==, 2);
  use = &g_array_index (uses, HoneTemplateUse, 0);
  g_assert_cmpint (use->role, ==, HONE_TEMPLATE_ROLE_SYSTEM);
  g_assert_cmpuint (use->line, ==, 1);
  g_assert_cmpuint (use->column, ==, 10);  /* characters: "Écrit: {{" is 9 */
  g_assert_cmpuint (use->offset, ==, strlen ("Écrit: {{"));
  g_assert_cmpuint (use->length, ==, 5);
  use = &g_array_index (uses, HoneTemplateUse, 1);
  g_assert_cmpint (use->role, ==, HONE_TEMPLATE_ROLE_USER);
  g_assert_cmpuint (use->line, ==, 2);
  g_assert_cmpuint (use->column, ==, 9);
  g_clear_pointer (&uses, g_array_unref);

  uses = hone_project_get_field_template_uses (fixture->project, score, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (uses->len, ==, 0);
  g_clear_pointer (&uses, g_array_unref);

  uses = hone_project_get_field_template_uses (fixture->project, 999, &error);
  g_assert_null (uses);
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Deleting a used field is not refused; the templates stay as they are */
  g_assert_true (hone_project_delete_field (fixture->project, input, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hone_project_get_template (fixture->project, HONE_TEMPLATE_ROLE_SYSTEM), ==, "Écrit: {{input}}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/project-templates/versions", test_versions);
  ADD ("/project-templates/transaction", test_transaction);
  ADD ("/project-templates/reload", test_reload);
  ADD ("/project-templates/style", test_style);
  ADD ("/project-templates/rename", test_rename);
  ADD ("/project-templates/rename-undo", test_rename_undo);
  ADD ("/project-templates/field-uses", test_field_uses);

#undef ADD

  return g_test_run ();
}
