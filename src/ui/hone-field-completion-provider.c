/* hone-field-completion-provider.c: completes field names inside {{ }}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "hone-field-completion-provider.h"
#include "hone-field-completion-proposal.h"

/* How far back from the cursor a tag's opening braces are looked for */
#define LOOK_BACK_CHARS 512

struct _HoneFieldCompletionProvider
{
  GObject     parent_instance;

  GListModel *fields;
  /* What was typed of the name at the last populate or refilter */
  char       *typed;
};

static void provider_iface_init (GtkSourceCompletionProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HoneFieldCompletionProvider, hone_field_completion_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_SOURCE_TYPE_COMPLETION_PROVIDER, provider_iface_init))

/* Names ------------------------------------------------------------------ */

/* A character Handlebars does not allow in an identifier (its lexer's ID
 * rule excludes white space and !"#%&'()*+,./;<=>@[\]^`{|}~) */
static gboolean
is_id_stop (gunichar c)
{
  return g_unichar_isspace (c) || (c < 128 && strchr ("!\"#%&'()*+,./;<=>@[\\]^`{|}~", (int) c) != NULL);
}

static gboolean
is_number_literal (const char *name)
{
  const char *p = name;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

char *
hone_field_completion_format_path (const char *name)
{
  static const char * const reserved[] = {
    "true", "false", "null", "undefined", "this", "else", "as", NULL
  };
  gboolean plain = TRUE;

  g_return_val_if_fail (name != NULL, NULL);

  if (*name == '\0' || is_number_literal (name) || g_strv_contains (reserved, name))
    plain = FALSE;

  for (const char *p = name; plain && *p != '\0'; p = g_utf8_next_char (p))
    if (is_id_stop (g_utf8_get_char (p)))
      plain = FALSE;

  return plain ? g_strdup (name) : g_strdup_printf ("[%s]", name);
}

/* Where the cursor is ----------------------------------------------------- */

typedef struct {
  GtkTextIter  start;     /* where the name being typed begins ('[' included) */
  char        *typed;     /* what was typed of it, without the '[' */
  gboolean     bracketed; /* inside [ … */
  guint        n_braces;  /* the braces that close the tag: 2, or 3 for {{{ */
} TagPrefix;

static void
tag_prefix_clear (TagPrefix *prefix)
{
  g_clear_pointer (&prefix->typed, g_free);
}

static const char *
skip_space (const char *p)
{
  while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p;
}

/* Finds the name being typed at CURSOR when the cursor is inside a tag,
 * where a name may go */
static gboolean
find_tag_prefix (const GtkTextIter *cursor,
                 TagPrefix         *out)
{
  GtkTextIter limit = *cursor;
  g_autofree char *text = NULL;
  const char *open;
  const char *p;
  const char *token = NULL;
  gboolean bracketed = FALSE;
  guint n_braces = 2;

  memset (out, 0, sizeof *out);

  gtk_text_iter_backward_chars (&limit, LOOK_BACK_CHARS);
  text = gtk_text_iter_get_slice (&limit, cursor);

  open = g_strrstr (text, "{{");
  if (open == NULL)
    return FALSE;
  /* \{{ is not a tag */
  if (open > text && open[-1] == '\\')
    return FALSE;
  if (open > text && open[-1] == '{')
    n_braces = 3;

  p = open + 2;
  /* A tag that is already closed before the cursor */
  if (strchr (p, '}') != NULL)
    return FALSE;

  if (*p == '~')
    p++;
  p = skip_space (p);

  switch (*p)
    {
    case '!':   /* a comment */
    case '/':   /* a closing tag */
    case '>':   /* a partial */
      return FALSE;

    case '&':
      p = skip_space (p + 1);
      break;

    case '#':
    case '^':
      /* The block's keyword (if, each, with, unless or a helper), then its
       * arguments: no field while the keyword is being typed */
      p = skip_space (p + 1);
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        return FALSE;
      break;

    default:
      if (g_str_has_prefix (p, "else") && g_unichar_isspace (g_utf8_get_char (p + 4)))
        {
          p = skip_space (p + 4);
          if ((g_str_has_prefix (p, "if") && g_unichar_isspace (g_utf8_get_char (p + 2))))
            p = skip_space (p + 2);
          else if (g_str_has_prefix (p, "unless") && g_unichar_isspace (g_utf8_get_char (p + 6)))
            p = skip_space (p + 6);
        }
      break;
    }

  /* The tokens up to the cursor: the last one is being typed. White space
   * separates them, except inside [ ] and quotes. */
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          token = NULL;
          bracketed = FALSE;
          p = g_utf8_next_char (p);
          continue;
        }

      if (token == NULL)
        {
          token = p;
          bracketed = FALSE;
        }

      if (c == '[')
        {
          const char *close = strchr (p, ']');

          if (close == NULL)
            {
              /* Inside an open segment literal: the rest is the name */
              if (p != token)
                return FALSE;   /* a.[b: a path, not a field */
              bracketed = TRUE;
              break;
            }
          p = close + 1;
          continue;
        }

      if (c == '"' || c == '\'')
        {
          const char *close = strchr (p + 1, (int) c);

          if (close == NULL)
            return FALSE;   /* inside a string */
          p = close + 1;
          continue;
        }

      p = g_utf8_next_char (p);
    }

  if (token == NULL)
    token = p;   /* right after a space: an empty name */

  if (bracketed)
    {
      out->typed = g_strdup (token + 1);
    }
  else
    {
      /* Only a plain name can be completed: not a.b, ../x, @index, "text", x=y */
      for (const char *q = token; *q != '\0'; q = g_utf8_next_char (q))
        if (is_id_stop (g_utf8_get_char (q)))
          return FALSE;
      out->typed = g_strdup (token);
    }

  out->bracketed = bracketed;
  out->n_braces = n_braces;
  out->start = *cursor;
  gtk_text_iter_backward_chars (&out->start, g_utf8_strlen (token, -1));
  return TRUE;
}

/* Proposals --------------------------------------------------------------- */

static int
compare_proposals (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  /* g_ptr_array_sort_with_data() passes pointers to the elements */
  guint sa = hone_field_completion_proposal_get_score (*(HoneFieldCompletionProposal **) a);
  guint sb = hone_field_completion_proposal_get_score (*(HoneFieldCompletionProposal **) b);

  return sa < sb ? -1 : sa > sb;
}

/* The fields matching TYPED: those starting with it first (in field order),
 * then the fuzzy matches, best first */
static void
fill_proposals (HoneFieldCompletionProvider *self,
                const char                  *typed,
                GListStore                  *store)
{
  g_autofree char *folded = g_utf8_casefold (typed != NULL ? typed : "", -1);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = self->fields != NULL ? g_list_model_get_n_items (self->fields) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HoneField) field = g_list_model_get_item (self->fields, i);
      g_autofree char *name = g_utf8_casefold (hone_field_get_name (field), -1);
      HoneFieldCompletionProposal *proposal;
      guint priority = 0;
      guint score;

      if (g_str_has_prefix (name, folded))
        score = i;
      else if (gtk_source_completion_fuzzy_match (name, folded, &priority))
        score = 100000 + MIN (priority, 100000u) * 1000 + MIN (i, 999u);
      else
        continue;

      proposal = hone_field_completion_proposal_new (field);
      hone_field_completion_proposal_set_score (proposal, score);
      g_ptr_array_add (found, proposal);
    }

  g_ptr_array_sort_with_data (found, compare_proposals, NULL);
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       found->pdata, found->len);
}

GListModel *
hone_field_completion_provider_list_proposals (HoneFieldCompletionProvider *self,
                                               const GtkTextIter           *cursor)
{
  GListStore *store;
  TagPrefix prefix;

  g_return_val_if_fail (HONE_IS_FIELD_COMPLETION_PROVIDER (self), NULL);
  g_return_val_if_fail (cursor != NULL, NULL);

  store = g_list_store_new (HONE_TYPE_FIELD_COMPLETION_PROPOSAL);
  if (find_tag_prefix (cursor, &prefix))
    {
      g_free (self->typed);
      self->typed = g_strdup (prefix.typed);
      fill_proposals (self, prefix.typed, store);
      tag_prefix_clear (&prefix);
    }

  return G_LIST_MODEL (store);
}

/* GtkSourceCompletionProvider --------------------------------------------- */

static void
get_cursor (GtkSourceCompletionContext *context,
            GtkTextIter                *cursor)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (gtk_source_completion_context_get_buffer (context));

  gtk_text_buffer_get_iter_at_mark (buffer, cursor, gtk_text_buffer_get_insert (buffer));
}

static char *
hone_field_completion_provider_get_title (GtkSourceCompletionProvider *provider)
{
  return g_strdup (_("Fields"));
}

static gboolean
hone_field_completion_provider_is_trigger (GtkSourceCompletionProvider *provider,
                                           const GtkTextIter           *iter,
                                           gunichar                     ch)
{
  /* {{ and [ open a place for a name */
  return ch == '{' || ch == '[';
}

static GListModel *
hone_field_completion_provider_populate (GtkSourceCompletionProvider  *provider,
                                         GtkSourceCompletionContext   *context,
                                         GError                      **error)
{
  HoneFieldCompletionProvider *self = HONE_FIELD_COMPLETION_PROVIDER (provider);
  GtkTextIter cursor;

  get_cursor (context, &cursor);
  return hone_field_completion_provider_list_proposals (self, &cursor);
}

static void
hone_field_completion_provider_refilter (GtkSourceCompletionProvider *provider,
                                         GtkSourceCompletionContext  *context,
                                         GListModel                  *model)
{
  HoneFieldCompletionProvider *self = HONE_FIELD_COMPLETION_PROVIDER (provider);
  GtkTextIter cursor;
  TagPrefix prefix;

  if (!G_IS_LIST_STORE (model))
    return;

  get_cursor (context, &cursor);
  if (find_tag_prefix (&cursor, &prefix))
    {
      g_free (self->typed);
      self->typed = g_strdup (prefix.typed);
      fill_proposals (self, prefix.typed, G_LIST_STORE (model));
      tag_prefix_clear (&prefix);
    }
  else
    g_list_store_remove_all (G_LIST_STORE (model));
}

static void
hone_field_completion_provider_display (GtkSourceCompletionProvider *provider,
                                        GtkSourceCompletionContext  *context,
                                        GtkSourceCompletionProposal *proposal,
                                        GtkSourceCompletionCell     *cell)
{
  HoneFieldCompletionProvider *self = HONE_FIELD_COMPLETION_PROVIDER (provider);
  HoneField *field = hone_field_completion_proposal_get_field (HONE_FIELD_COMPLETION_PROPOSAL (proposal));
  const char *name = hone_field_get_name (field);

  switch (gtk_source_completion_cell_get_column (cell))
    {
    case GTK_SOURCE_COMPLETION_COLUMN_TYPED_TEXT:
      {
        PangoAttrList *attrs = NULL;

        if (self->typed != NULL && self->typed[0] != '\0')
          attrs = gtk_source_completion_fuzzy_highlight (name, self->typed);
        gtk_source_completion_cell_set_text_with_attributes (cell, name, attrs);
        g_clear_pointer (&attrs, pango_attr_list_unref);
      }
      break;

    case GTK_SOURCE_COMPLETION_COLUMN_COMMENT:
      gtk_source_completion_cell_set_text (cell, hone_field_kind_get_label (hone_field_get_kind (field)));
      break;

    case GTK_SOURCE_COMPLETION_COLUMN_DETAILS:
      gtk_source_completion_cell_set_text (cell, hone_field_get_description (field));
      break;

    case GTK_SOURCE_COMPLETION_COLUMN_ICON:
    case GTK_SOURCE_COMPLETION_COLUMN_BEFORE:
    case GTK_SOURCE_COMPLETION_COLUMN_AFTER:
    default:
      gtk_source_completion_cell_set_text (cell, NULL);
      break;
    }
}

static void
hone_field_completion_provider_activate (GtkSourceCompletionProvider *provider,
                                         GtkSourceCompletionContext  *context,
                                         GtkSourceCompletionProposal *proposal)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (gtk_source_completion_context_get_buffer (context));
  const char *path = hone_field_completion_proposal_get_path (HONE_FIELD_COMPLETION_PROPOSAL (proposal));
  GtkTextIter cursor, start, end, after;
  TagPrefix prefix;
  gboolean closed = FALSE;
  guint n_braces = 2;
  g_autofree char *rest = NULL;

  get_cursor (context, &cursor);
  start = end = cursor;

  if (find_tag_prefix (&cursor, &prefix))
    {
      start = prefix.start;
      n_braces = prefix.n_braces;

      /* The rest of the name when the cursor was inside it */
      while (!gtk_text_iter_is_end (&end))
        {
          gunichar c = gtk_text_iter_get_char (&end);

          if (prefix.bracketed ? (c == ']' || c == '\n') : is_id_stop (c))
            break;
          gtk_text_iter_forward_char (&end);
        }
      if (prefix.bracketed && gtk_text_iter_get_char (&end) == ']')
        gtk_text_iter_forward_char (&end);
      tag_prefix_clear (&prefix);

      /* Is the tag closed already? */
      after = end;
      gtk_text_iter_forward_chars (&after, 64);
      rest = gtk_text_iter_get_slice (&end, &after);
      {
        const char *r = skip_space (rest);

        closed = *r == '}' || g_str_has_prefix (r, "~}") || *r == '=' || *r == '.' || *r == '/';
        /* More arguments follow on this line: leave them */
        if (!closed && r != rest && *r != '\0' && *r != '\n' && strstr (r, "}}") != NULL &&
            (strchr (r, '\n') == NULL || strstr (r, "}}") < strchr (r, '\n')))
          closed = TRUE;
      }
    }
  else
    closed = TRUE;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, path, -1);
  if (!closed)
    gtk_text_buffer_insert (buffer, &start, n_braces == 3 ? "}}}" : "}}", -1);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_buffer_end_user_action (buffer);
}

static void
provider_iface_init (GtkSourceCompletionProviderInterface *iface)
{
  iface->get_title = hone_field_completion_provider_get_title;
  iface->is_trigger = hone_field_completion_provider_is_trigger;
  iface->populate = hone_field_completion_provider_populate;
  iface->refilter = hone_field_completion_provider_refilter;
  iface->display = hone_field_completion_provider_display;
  iface->activate = hone_field_completion_provider_activate;
}

/* GObject ------------------------------------------------------------------ */

static void
hone_field_completion_provider_finalize (GObject *object)
{
  HoneFieldCompletionProvider *self = HONE_FIELD_COMPLETION_PROVIDER (object);

  g_clear_object (&self->fields);
  g_free (self->typed);

  G_OBJECT_CLASS (hone_field_completion_provider_parent_class)->finalize (object);
}

static void
hone_field_completion_provider_class_init (HoneFieldCompletionProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hone_field_completion_provider_finalize;
}

static void
hone_field_completion_provider_init (HoneFieldCompletionProvider *self)
{
}

HoneFieldCompletionProvider *
hone_field_completion_provider_new (GListModel *fields)
{
  HoneFieldCompletionProvider *self;

  g_return_val_if_fail (fields == NULL || G_IS_LIST_MODEL (fields), NULL);

  self = g_object_new (HONE_TYPE_FIELD_COMPLETION_PROVIDER, NULL);
  hone_field_completion_provider_set_fields (self, fields);
  return self;
}

void
hone_field_completion_provider_set_fields (HoneFieldCompletionProvider *self,
                                           GListModel                  *fields)
{
  g_return_if_fail (HONE_IS_FIELD_COMPLETION_PROVIDER (self));
  g_return_if_fail (fields == NULL || G_IS_LIST_MODEL (fields));

  g_set_object (&self->fields, fields);
}
