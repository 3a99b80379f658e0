/* hone-prompt.c: a project's templates compiled together, turning examples
 * into the chat messages a model is trained on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-prompt.h"

/* What the data of an example needs to know of a field */
typedef struct {
  gint64         id;
  char          *name;
  HoneFieldKind  kind;
} PromptField;

struct _HonePrompt
{
  gatomicrefcount  ref_count;
  HoneTemplate    *templates[HONE_N_TEMPLATE_ROLES];
  PromptField     *fields;
  guint            n_fields;
};

G_DEFINE_BOXED_TYPE (HonePrompt, hone_prompt, hone_prompt_ref, hone_prompt_unref)

static void
prompt_free (HonePrompt *self)
{
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    g_clear_pointer (&self->templates[i], hone_template_unref);
  for (guint i = 0; i < self->n_fields; i++)
    g_free (self->fields[i].name);
  g_free (self->fields);
  g_free (self);
}

HonePrompt *
hone_prompt_new (const char * const     *sources,
                 GPtrArray              *fields,
                 HoneTemplateRole       *failed_role,
                 HoneTemplateLocation   *location,
                 GError                **error)
{
  HonePrompt *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (location != NULL)
    memset (location, 0, sizeof *location);

  self = g_new0 (HonePrompt, 1);
  g_atomic_ref_count_init (&self->ref_count);

  for (guint role = 0; sources != NULL && role < HONE_N_TEMPLATE_ROLES; role++)
    {
      g_autoptr(GError) local_error = NULL;

      if (sources[role] == NULL || sources[role][0] == '\0')
        continue;

      self->templates[role] = hone_template_new (sources[role], location, &local_error);
      if (self->templates[role] == NULL)
        {
          /* "User message, line 3, column 5: …" */
          g_set_error (error, HONE_ERROR,
                       local_error->domain == HONE_ERROR ? local_error->code : HONE_ERROR_PARSE,
                       /* Translators: the first %s is a template, like “User message”;
                        * the second says where and what is wrong, like “line 3, column 5: …” */
                       _("%s, %s"),
                       hone_template_role_get_label (role), local_error->message);
          if (failed_role != NULL)
            *failed_role = role;
          prompt_free (self);
          return NULL;
        }
    }

  self->n_fields = fields != NULL ? fields->len : 0;
  self->fields = g_new0 (PromptField, MAX (self->n_fields, 1));
  for (guint i = 0; i < self->n_fields; i++)
    {
      HoneField *field = g_ptr_array_index (fields, i);

      self->fields[i].id = hone_field_get_id (field);
      self->fields[i].name = g_strdup (hone_field_get_name (field));
      self->fields[i].kind = hone_field_get_kind (field);
    }

  return self;
}

HonePrompt *
hone_prompt_new_for_project (HoneProject           *project,
                             HoneTemplateRole      *failed_role,
                             HoneTemplateLocation  *location,
                             GError               **error)
{
  const char *sources[HONE_N_TEMPLATE_ROLES];
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model;

  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    sources[role] = hone_project_get_template (project, role);
  if (hone_project_get_template_style (project) == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION)
    sources[HONE_TEMPLATE_ROLE_SYSTEM] = NULL;

  model = hone_project_get_fields (project);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (fields, g_list_model_get_item (model, i));

  return hone_prompt_new (sources, fields, failed_role, location, error);
}

HonePrompt *
hone_prompt_ref (HonePrompt *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hone_prompt_unref (HonePrompt *self)
{
  g_return_if_fail (self != NULL);
  if (g_atomic_ref_count_dec (&self->ref_count))
    prompt_free (self);
}

HoneTemplate *
hone_prompt_get_template (HonePrompt       *self,
                          HoneTemplateRole  role)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (role < HONE_N_TEMPLATE_ROLES, NULL);
  return self->templates[role];
}

/* Data -------------------------------------------------------------------- */

/* An integer as JSON writes it, small enough to be exact in a double */
static gboolean
is_plain_integer (const char *s)
{
  const char *p = s;
  gsize digits;

  if (*p == '-')
    p++;
  if (*p == '0')
    return p[1] == '\0' && s[0] != '-';  /* "0", but "-0" prints as "0" */
  digits = strspn (p, "0123456789");
  return digits > 0 && digits <= 15 && p[digits] == '\0';
}

/* A number field's value: a number when JavaScript writes that number
 * exactly as it is stored, so it renders the same; otherwise the text */
static JsonNode *
number_node (const char *value)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) written = NULL;
  char *end = NULL;
  double d;

  if (is_plain_integer (value))
    return json_node_init_int (json_node_alloc (), g_ascii_strtoll (value, NULL, 10));

  /* Only what strtod reads whole, without spaces, hex or words */
  if (value[0] == '\0' || g_ascii_isspace (value[0]) ||
      strpbrk (value, "xXnNiI") != NULL)
    return json_node_init_string (json_node_alloc (), value);

  d = g_ascii_strtod (value, &end);
  if (end == NULL || *end != '\0' || !isfinite (d))
    return json_node_init_string (json_node_alloc (), value);

  node = json_node_init_double (json_node_alloc (), d);
  written = g_string_new (NULL);
  hone_template_append_value (written, node);
  if (g_str_equal (written->str, value))
    return g_steal_pointer (&node);

  return json_node_init_string (json_node_alloc (), value);
}

static JsonNode *
value_node (HoneFieldKind  kind,
            const char    *value)
{
  switch (kind)
    {
    case HONE_FIELD_KIND_NUMBER:
      if (value == NULL || value[0] == '\0')
        return json_node_init_string (json_node_alloc (), "");
      return number_node (value);

    case HONE_FIELD_KIND_YES_NO:
      if (value == NULL || value[0] == '\0')
        return json_node_init_null (json_node_alloc ());
      if (g_str_equal (value, "true"))
        return json_node_init_boolean (json_node_alloc (), TRUE);
      if (g_str_equal (value, "false"))
        return json_node_init_boolean (json_node_alloc (), FALSE);
      return json_node_init_string (json_node_alloc (), value);

    case HONE_FIELD_KIND_SHORT_TEXT:
    case HONE_FIELD_KIND_LONG_TEXT:
    case HONE_FIELD_KIND_LABEL:
    default:
      return json_node_init_string (json_node_alloc (), value != NULL ? value : "");
    }
}

JsonNode *
hone_prompt_build_data (HonePrompt  *self,
                        HoneExample *example)
{
  JsonObject *object;
  JsonNode *root;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (HONE_IS_EXAMPLE (example), NULL);

  object = json_object_new ();
  for (guint i = 0; i < self->n_fields; i++)
    {
      const PromptField *field = &self->fields[i];

      json_object_set_member (object, field->name,
                              value_node (field->kind, hone_example_get_value (example, field->id)));
    }

  root = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return root;
}

/* Rendering --------------------------------------------------------------- */

static void
message_clear (gpointer data)
{
  HonePromptMessage *message = data;

  g_clear_pointer (&message->content, g_free);
}

GArray *
hone_prompt_render (HonePrompt   *self,
                    HoneExample  *example,
                    GError      **error)
{
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GArray) messages = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (HONE_IS_EXAMPLE (example), NULL);

  data = hone_prompt_build_data (self, example);
  messages = g_array_sized_new (FALSE, TRUE, sizeof (HonePromptMessage), HONE_N_TEMPLATE_ROLES);
  g_array_set_clear_func (messages, message_clear);

  for (guint role = 0; role < HONE_N_TEMPLATE_ROLES; role++)
    {
      g_autoptr(GError) local_error = NULL;
      HonePromptMessage message = { role, NULL };

      if (self->templates[role] == NULL)
        continue;

      message.content = hone_template_render (self->templates[role], data,
                                              HONE_TEMPLATE_ESCAPE_NONE, &local_error);
      if (message.content == NULL)
        {
          g_set_error (error, HONE_ERROR,
                       local_error->domain == HONE_ERROR ? local_error->code : HONE_ERROR_INVALID,
                       /* Translators: the first %s is a template, like “User message”;
                        * the second says what went wrong */
                       _("%s: %s"),
                       hone_template_role_get_label (role), local_error->message);
          return NULL;
        }
      g_array_append_val (messages, message);
    }

  return g_steal_pointer (&messages);
}

/* Lines ------------------------------------------------------------------- */

void
hone_prompt_append_json_string (GString    *out,
                                const char *text)
{
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guint8 c = (guint8) *p;
      const char *escape = NULL;
      char buffer[8];

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;

      switch (c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
          g_snprintf (buffer, sizeof buffer, "\\u%04x", c);
          escape = buffer;
        }

      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

char *
hone_prompt_messages_to_json (GArray *messages)
{
  GString *out;

  g_return_val_if_fail (messages != NULL, NULL);

  out = g_string_sized_new (256);
  g_string_append (out, "{\"messages\":[");
  for (guint i = 0; i < messages->len; i++)
    {
      const HonePromptMessage *message = &g_array_index (messages, HonePromptMessage, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"role\":");
      hone_prompt_append_json_string (out, hone_template_role_to_string (message->role));
      g_string_append (out, ",\"content\":");
      hone_prompt_append_json_string (out, message->content != NULL ? message->content : "");
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");

  return g_string_free (out, FALSE);
}

static const char *
find_content (GArray           *messages,
              HoneTemplateRole  role)
{
  for (guint i = 0; i < messages->len; i++)
    {
      const HonePromptMessage *message = &g_array_index (messages, HonePromptMessage, i);

      if (message->role == role)
        return message->content;
    }

  return NULL;
}

char *
hone_prompt_messages_to_prompt_completion_json (GArray *messages)
{
  GString *out;
  const char *prompt, *completion;

  g_return_val_if_fail (messages != NULL, NULL);

  prompt = find_content (messages, HONE_TEMPLATE_ROLE_USER);
  completion = find_content (messages, HONE_TEMPLATE_ROLE_ASSISTANT);

  out = g_string_sized_new (256);
  g_string_append (out, "{\"prompt\":");
  hone_prompt_append_json_string (out, prompt != NULL ? prompt : "");
  g_string_append (out, ",\"completion\":");
  hone_prompt_append_json_string (out, completion != NULL ? completion : "");
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

char *
hone_prompt_messages_to_line (GArray            *messages,
                              HoneTemplateStyle  style)
{
  if (style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION)
    return hone_prompt_messages_to_prompt_completion_json (messages);
  return hone_prompt_messages_to_json (messages);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

gboolean
hone_prompt_messages_find_empty (GArray           *messages,
                                 HoneTemplateRole *empty_role)
{
  static const HoneTemplateRole required[] = {
    HONE_TEMPLATE_ROLE_USER,
    HONE_TEMPLATE_ROLE_ASSISTANT,
  };

  g_return_val_if_fail (messages != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (is_blank (find_content (messages, required[i])))
      {
        if (empty_role != NULL)
          *empty_role = required[i];
        return TRUE;
      }

  return FALSE;
}
