/* hone-template-parser.c: Handlebars 4.7 source → HtTree
 *
 * Three passes, each the counterpart of a part of handlebars.js so that the
 * same template gives the same tree:
 *  1. a lexer that applies handlebars.l's rules in the same order, in the same
 *     states (content, tag, escaped mustache, long comment, raw block);
 *  2. a recursive-descent parser of handlebars.yy's grammar, building blocks
 *     the way its helpers do (prepareBlock, {{else if}} chains as nested
 *     blocks, preparePath's checks, validateClose);
 *  3. WhitespaceControl: ~ stripping and the standalone-line rules, on the
 *     same structure and with the same regular expressions;
 * then a last pass classifies every call like handlebars' compiler
 * (helper, ambiguous name, plain value, block parameter) and lays the tree
 * out read-only for the renderer.
 *
 * Nesting is capped at HONE_TEMPLATE_MAX_DEPTH so that no input can exhaust
 * the stack; every pass is linear in the source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-template-private.h"

/* ------------------------------------------------------------------ */
/* Arena                                                                */

struct _HtArena
{
  GSList *blocks;
  char *pos;
  gsize left;
};

#define ARENA_BLOCK 8192

HtArena *
ht_arena_new (void)
{
  return g_new0 (HtArena, 1);
}

void
ht_arena_free (HtArena *arena)
{
  if (arena == NULL)
    return;
  g_slist_free_full (arena->blocks, g_free);
  g_free (arena);
}

gpointer
ht_arena_alloc (HtArena *arena,
                gsize    size)
{
  char *mem;

  size = (size + 15) & ~(gsize) 15;
  if (size > arena->left)
    {
      gsize block = MAX (size, ARENA_BLOCK);

      mem = g_malloc0 (block);
      arena->blocks = g_slist_prepend (arena->blocks, mem);
      if (block - size >= arena->left)
        {
          arena->pos = mem + size;
          arena->left = block - size;
        }
      return mem;
    }
  mem = arena->pos;
  arena->pos += size;
  arena->left -= size;
  return mem;
}

char *
ht_arena_strndup (HtArena    *arena,
                  const char *str,
                  gsize       len)
{
  char *copy = ht_arena_alloc (arena, len + 1);

  memcpy (copy, str, len);
  copy[len] = '\0';
  return copy;
}

/* ------------------------------------------------------------------ */
/* Characters as JavaScript's regular expressions see them               */

static gboolean
is_js_space (gunichar c)
{
  switch (c)
    {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000: case 0xFEFF:
      return TRUE;
    default:
      return c >= 0x2000 && c <= 0x200A;
    }
}

/* The code point at S[*I] (valid UTF-8), advancing *I past it */
static gunichar
next_char (const char *s,
           gsize      *i)
{
  guchar b = (guchar) s[*i];
  gunichar c;

  if (b < 0x80)
    {
      (*i)++;
      return b;
    }
  c = g_utf8_get_char (s + *i);
  *i = g_utf8_next_char (s + *i) - s;
  return c;
}

static gboolean
space_at (const char *s,
          gsize       i,
          gsize       end)
{
  if (i >= end)
    return FALSE;
  return is_js_space (next_char (s, &i));
}

/* The code point ending just before S[I] */
static gunichar
prev_char (const char *s,
           gsize       start,
           gsize      *i)
{
  const char *p = g_utf8_find_prev_char (s + start, s + *i);

  if (p == NULL)
    p = s + start;
  *i = p - s;
  return g_utf8_get_char (p);
}

/* handlebars' ID characters: [^\s!"#%-,\.\/;->@\[-\^`\{-~] */
static gboolean
is_id_char (gunichar c)
{
  if (c < 0x80)
    {
      if (c == '!' || c == '"' || c == '#' || (c >= '%' && c <= ',') || c == '.' || c == '/'
          || (c >= ';' && c <= '>') || c == '@' || (c >= '[' && c <= '^') || c == '`'
          || (c >= '{' && c <= '~'))
        return FALSE;
    }
  return !is_js_space (c);
}

void
ht_location_at (const char *source,
                gsize       offset,
                guint      *line,
                guint      *column)
{
  guint l = 1, c = 1;
  gsize i = 0;

  while (i < offset && source[i] != '\0')
    {
      if (source[i] == '\n')
        {
          l++;
          c = 1;
          i++;
        }
      else if (source[i] == '\r')
        {
          l++;
          c = 1;
          i++;
          if (source[i] == '\n' && i < offset)
            i++;
        }
      else
        {
          c++;
          i = g_utf8_next_char (source + i) - source;
        }
    }
  *line = l;
  *column = c;
}

/* ------------------------------------------------------------------ */
/* Lexer                                                                */

typedef enum {
  T_EOF,
  T_CONTENT,
  T_COMMENT,
  T_OPEN,               /* {{ {{& {{* */
  T_OPEN_UNESCAPED,     /* {{{ */
  T_OPEN_BLOCK,         /* {{# {{#* */
  T_OPEN_ENDBLOCK,      /* {{/ */
  T_OPEN_INVERSE,       /* {{^ */
  T_OPEN_INVERSE_CHAIN, /* {{else */
  T_INVERSE,            /* {{^}} {{else}} */
  T_OPEN_PARTIAL,
  T_OPEN_PARTIAL_BLOCK,
  T_OPEN_RAW_BLOCK,
  T_CLOSE_RAW_BLOCK,
  T_END_RAW_BLOCK,
  T_OPEN_SEXPR,
  T_CLOSE_SEXPR,
  T_CLOSE,
  T_CLOSE_UNESCAPED,
  T_EQUALS,
  T_ID,
  T_SEP,
  T_STRING,
  T_NUMBER,
  T_BOOLEAN,
  T_UNDEFINED,
  T_NULL,
  T_DATA,
  T_OPEN_BLOCK_PARAMS,
  T_CLOSE_BLOCK_PARAMS,
  T_INVALID,
  T_ERROR,              /* no rule matched: the message is set */
} TokType;

typedef enum {
  S_INITIAL,
  S_MU,
  S_EMU,
  S_COM,
  S_RAW,
} LexState;

typedef struct {
  TokType type;
  gsize start;       /* the matched text */
  gsize end;
  const char *text;  /* ID (unescaped, brackets kept), STRING (unquoted), END_RAW_BLOCK name */
  gsize text_len;
} Token;

typedef struct {
  gboolean open;
  gboolean close;
} Strip;

typedef struct _PProgram PProgram;
typedef struct _PStmt PStmt;

typedef struct {
  HtExpr *path;        /* path or literal, as parsed */
  GPtrArray *params;   /* HtExpr */
  GPtrArray *hash_keys;
  GPtrArray *hash_values;
  gsize offset;        /* the whole tag */
  gsize length;
} PCall;

struct _PProgram {
  GPtrArray *body;     /* PStmt */
  gboolean chained;
  const char **block_params;
  guint n_block_params;
};

typedef enum {
  P_CONTENT,
  P_COMMENT,
  P_MUSTACHE,
  P_BLOCK,
} PStmtType;

struct _PStmt {
  PStmtType type;
  /* content */
  gsize orig_start;
  gsize orig_end;
  gsize val_start;
  gsize val_end;
  gboolean left_stripped;
  gboolean right_stripped;
  /* comment, mustache */
  Strip strip;
  /* mustache, block */
  PCall *call;
  gboolean escaped;
  gboolean partial;    /* {{> name}}: fails when reached */
  /* block */
  PProgram *program;
  PProgram *inverse;
  Strip open_strip;
  Strip inverse_strip;
  Strip close_strip;
  HtExpr *close_path;
  gboolean raw;
};

typedef struct {
  const char *src;
  gsize len;
  HtArena *arena;
  GArray *states;      /* LexState, the top is the current one */
  gsize pos;
  Token peeked[2];
  guint n_peeked;
  guint depth;
  gsize tag_start;     /* the {{ of the tag being read */
  HtExpr *given_head;  /* the head parse_call () takes instead of reading one */
  gsize raw_start;     /* the {{{{ of the last raw block */
  GPtrArray *garbage;  /* GPtrArrays of the parse tree */
  /* the first error */
  GError *error;
  gsize error_offset;
  gsize error_length;
} Parser;

static gboolean
failed (Parser *p)
{
  return p->error != NULL;
}

G_GNUC_PRINTF (4, 5)
static void
fail_at (Parser     *p,
         gsize       offset,
         gsize       length,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *what = NULL;
  guint line, column;

  if (p->error != NULL)
    return;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  ht_location_at (p->src, offset, &line, &column);
  p->error = g_error_new (HONE_ERROR, HONE_ERROR_PARSE, _("line %u, column %u: %s"), line, column, what);
  p->error_offset = offset;
  p->error_length = length;
}

static GPtrArray *
new_array (Parser *p)
{
  GPtrArray *array = g_ptr_array_new ();

  g_ptr_array_add (p->garbage, array);
  return array;
}

static LexState
lex_top (Parser *p)
{
  return g_array_index (p->states, LexState, p->states->len - 1);
}

static void
lex_begin (Parser   *p,
           LexState  state)
{
  g_array_append_val (p->states, state);
}

static void
lex_pop (Parser *p)
{
  if (p->states->len > 1)
    g_array_set_size (p->states, p->states->len - 1);
}

static gboolean
starts (Parser     *p,
        gsize       i,
        const char *lit)
{
  gsize n = strlen (lit);

  return i + n <= p->len && memcmp (p->src + i, lit, n) == 0;
}

/* [=~}\s\/.)|] */
static gboolean
id_lookahead (Parser *p,
              gsize   i)
{
  if (i >= p->len)
    return FALSE;
  return strchr ("=~}/.)|", p->src[i]) != NULL || space_at (p->src, i, p->len);
}

/* [~}\s)] */
static gboolean
literal_lookahead (Parser *p,
                   gsize   i)
{
  if (i >= p->len)
    return FALSE;
  return strchr ("~})", p->src[i]) != NULL || space_at (p->src, i, p->len);
}

static gsize
skip_spaces (Parser *p,
             gsize   i)
{
  while (i < p->len)
    {
      gsize j = i;

      if (!is_js_space (next_char (p->src, &j)))
        break;
      i = j;
    }
  return i;
}

/* A run of ID characters from I; returns its end */
static gsize
scan_id (Parser *p,
         gsize   i)
{
  while (i < p->len)
    {
      gsize j = i;

      if (!is_id_char (next_char (p->src, &j)))
        break;
      i = j;
    }
  return i;
}

/* The end of a delimited run OPEN ... CLOSE where \CLOSE is an escape, as
 * the greedy regexps /"(\\["]|[^"])*"/ and /\[(\\\]|[^\]])*\]/ match it
 * (with backtracking: without a bare closer, the last escaped one closes).
 * Returns 0 when there is no match. */
static gsize
scan_delimited (Parser *p,
                gsize   i,
                char    close)
{
  gsize last_escaped = 0;

  i++;
  while (i < p->len)
    {
      if (p->src[i] == '\\' && i + 1 < p->len && p->src[i + 1] == close)
        {
          last_escaped = i + 2;
          i += 2;
        }
      else if (p->src[i] == close)
        return i + 1;
      else
        i++;
    }
  return last_escaped;
}

/* Removes the backslash of every \C where C is in SET */
static char *
unescape (Parser     *p,
          const char *s,
          gsize       len,
          const char *set,
          gsize      *out_len)
{
  char *out = ht_arena_alloc (p->arena, len + 1);
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '\\' && i + 1 < len && strchr (set, s[i + 1]) != NULL)
        i++;
      out[n++] = s[i];
    }
  out[n] = '\0';
  *out_len = n;
  return out;
}

static gboolean
lex_mu (Parser *p,
        Token  *t)
{
  const char *s = p->src;
  gsize i = p->pos;

  t->start = i;
  if (i >= p->len)
    {
      t->type = T_EOF;
      t->end = i;
      return TRUE;
    }

#define TOKEN(type_, end_) G_STMT_START { t->type = (type_); t->end = (end_); p->pos = t->end; return TRUE; } G_STMT_END

  if (s[i] == '(')
    TOKEN (T_OPEN_SEXPR, i + 1);
  if (s[i] == ')')
    TOKEN (T_CLOSE_SEXPR, i + 1);
  if (starts (p, i, "{{{{"))
    {
      p->tag_start = p->raw_start = i;
      TOKEN (T_OPEN_RAW_BLOCK, i + 4);
    }
  if (starts (p, i, "}}}}"))
    {
      lex_pop (p);
      lex_begin (p, S_RAW);
      TOKEN (T_CLOSE_RAW_BLOCK, i + 4);
    }
  if (starts (p, i, "{{"))
    {
      gsize q = i + 2 + (s[i + 2] == '~');
      gsize k;

      p->tag_start = i;
      if (s[q] == '>')
        TOKEN (T_OPEN_PARTIAL, q + 1);
      if (s[q] == '#' && s[q + 1] == '>')
        TOKEN (T_OPEN_PARTIAL_BLOCK, q + 2);
      if (s[q] == '#')
        TOKEN (T_OPEN_BLOCK, q + 1 + (s[q + 1] == '*'));
      if (s[q] == '/')
        TOKEN (T_OPEN_ENDBLOCK, q + 1);
      if (s[q] == '^')
        {
          k = skip_spaces (p, q + 1);
          k += (s[k] == '~');
          if (starts (p, k, "}}"))
            {
              lex_pop (p);
              TOKEN (T_INVERSE, k + 2);
            }
        }
      k = skip_spaces (p, q);
      if (starts (p, k, "else"))
        {
          gsize e = skip_spaces (p, k + 4);

          e += (s[e] == '~');
          if (starts (p, e, "}}"))
            {
              lex_pop (p);
              TOKEN (T_INVERSE, e + 2);
            }
        }
      if (s[q] == '^')
        TOKEN (T_OPEN_INVERSE, q + 1);
      if (starts (p, k, "else") && !g_ascii_isalnum (s[k + 4]) && s[k + 4] != '_')
        TOKEN (T_OPEN_INVERSE_CHAIN, k + 4);
      if (s[q] == '{')
        TOKEN (T_OPEN_UNESCAPED, q + 1);
      if (s[q] == '&')
        TOKEN (T_OPEN, q + 1);
      if (starts (p, q, "!--"))
        {
          /* unput, then the long comment state reads it whole */
          lex_pop (p);
          lex_begin (p, S_COM);
          return FALSE;
        }
      if (s[q] == '!')
        {
          const char *end = strstr (s + q + 1, "}}");

          if (end != NULL)
            {
              lex_pop (p);
              TOKEN (T_COMMENT, end - s + 2);
            }
        }
      TOKEN (T_OPEN, q + (s[q] == '*'));
    }
  if (s[i] == '=')
    TOKEN (T_EQUALS, i + 1);
  if (starts (p, i, ".."))
    {
      t->text = "..";
      t->text_len = 2;
      TOKEN (T_ID, i + 2);
    }
  if (s[i] == '.' && id_lookahead (p, i + 1))
    {
      t->text = ".";
      t->text_len = 1;
      TOKEN (T_ID, i + 1);
    }
  if (s[i] == '.' || s[i] == '/')
    TOKEN (T_SEP, i + 1);
  if (space_at (s, i, p->len))
    {
      p->pos = skip_spaces (p, i);
      return FALSE;
    }
  if (starts (p, i, "}}}") || starts (p, i, "}~}}"))
    {
      lex_pop (p);
      TOKEN (T_CLOSE_UNESCAPED, i + (s[i + 1] == '~' ? 4 : 3));
    }
  if (starts (p, i, "}}") || starts (p, i, "~}}"))
    {
      lex_pop (p);
      TOKEN (T_CLOSE, i + (s[i] == '~' ? 3 : 2));
    }
  if (s[i] == '"' || s[i] == '\'')
    {
      gsize end = scan_delimited (p, i, s[i]);

      if (end != 0)
        {
          char set[2] = { s[i], '\0' };

          t->text = unescape (p, s + i + 1, end - i - 2, set, &t->text_len);
          TOKEN (T_STRING, end);
        }
    }
  if (s[i] == '@')
    TOKEN (T_DATA, i + 1);
  {
    static const struct { const char *word; TokType type; } words[] = {
      { "true", T_BOOLEAN }, { "false", T_BOOLEAN }, { "undefined", T_UNDEFINED }, { "null", T_NULL },
    };

    for (guint w = 0; w < G_N_ELEMENTS (words); w++)
      if (starts (p, i, words[w].word) && literal_lookahead (p, i + strlen (words[w].word)))
        TOKEN (words[w].type, i + strlen (words[w].word));
  }
  {
    gsize k = i + (s[i] == '-');

    if (g_ascii_isdigit (s[k]))
      {
        while (g_ascii_isdigit (s[k]))
          k++;
        if (s[k] == '.' && g_ascii_isdigit (s[k + 1]))
          {
            k++;
            while (g_ascii_isdigit (s[k]))
              k++;
          }
        if (literal_lookahead (p, k))
          TOKEN (T_NUMBER, k);
      }
  }
  if (starts (p, i, "as") && space_at (s, i + 2, p->len))
    {
      gsize k = skip_spaces (p, i + 2);

      if (s[k] == '|')
        TOKEN (T_OPEN_BLOCK_PARAMS, k + 1);
    }
  if (s[i] == '|')
    TOKEN (T_CLOSE_BLOCK_PARAMS, i + 1);
  {
    gsize end = scan_id (p, i);

    if (end > i && id_lookahead (p, end))
      {
        t->text = s + i;
        t->text_len = end - i;
        TOKEN (T_ID, end);
      }
  }
  if (s[i] == '[')
    {
      gsize end = scan_delimited (p, i, ']');

      if (end != 0)
        {
          t->text = unescape (p, s + i, end - i, "\\]", &t->text_len);
          TOKEN (T_ID, end);
        }
    }
  {
    gsize k = i;

    next_char (s, &k);
    TOKEN (T_INVALID, k);
  }
#undef TOKEN
}

/* Reads the next token; T_ERROR when no rule matches (the error is set) */
static void
lex (Parser *p,
     Token  *t)
{
  const char *s = p->src;

  memset (t, 0, sizeof *t);
  while (TRUE)
    {
      gsize i = p->pos;

      t->start = i;
      switch (lex_top (p))
        {
        case S_INITIAL:
          {
            const char *open = strstr (s + i, "{{");

            if (open != NULL)
              {
                gsize end = open - s;

                if (end - i >= 2 && s[end - 1] == '\\' && s[end - 2] == '\\')
                  {
                    p->pos = end;
                    lex_begin (p, S_MU);
                    end--;
                  }
                else if (end - i >= 1 && s[end - 1] == '\\')
                  {
                    p->pos = end;
                    lex_begin (p, S_EMU);
                    end--;
                  }
                else
                  {
                    p->pos = end;
                    lex_begin (p, S_MU);
                  }
                if (end > i)
                  {
                    t->type = T_CONTENT;
                    t->end = end;
                    return;
                  }
                continue;
              }
            if (i < p->len)
              {
                t->type = T_CONTENT;
                t->end = p->len;
                p->pos = p->len;
                return;
              }
            t->type = T_EOF;
            t->end = i;
            return;
          }

        case S_EMU:
          {
            /* [^\x00]{2,}?(?=(\{\{|\\\{\{|\\\\\{\{|$)) */
            gsize k = i + 2;

            while (k < p->len && !starts (p, k, "{{") && !starts (p, k, "\\{{") && !starts (p, k, "\\\\{{"))
              k++;
            lex_pop (p);
            t->type = T_CONTENT;
            t->end = MIN (k, p->len);
            p->pos = t->end;
            return;
          }

        case S_COM:
          {
            /* [\s\S]*?--(~)?\}\} */
            const char *k = s + i;

            while ((k = strstr (k, "--")) != NULL)
              {
                if (k[2] == '}' && k[3] == '}')
                  {
                    t->end = k - s + 4;
                    break;
                  }
                if (k[2] == '~' && k[3] == '}' && k[4] == '}')
                  {
                    t->end = k - s + 5;
                    break;
                  }
                k++;
              }
            if (k == NULL)
              {
                fail_at (p, i, 5, _("this comment is never closed: add --}} where it ends"));
                t->type = T_ERROR;
                return;
              }
            lex_pop (p);
            t->type = T_COMMENT;
            p->pos = t->end;
            return;
          }

        case S_RAW:
          {
            if (starts (p, i, "{{{{") && i + 4 < p->len && s[i + 4] != '/')
              {
                lex_begin (p, S_RAW);
                t->type = T_CONTENT;
                t->end = i + 4;
                p->pos = t->end;
                return;
              }
            if (starts (p, i, "{{{{/"))
              {
                gsize end = scan_id (p, i + 5);

                if (end > i + 5 && starts (p, end, "}}}}"))
                  {
                    lex_pop (p);
                    t->end = end + 4;
                    p->pos = t->end;
                    if (lex_top (p) == S_RAW)
                      t->type = T_CONTENT;
                    else
                      {
                        t->type = T_END_RAW_BLOCK;
                        t->text = s + i + 5;
                        t->text_len = end - i - 5;
                      }
                    return;
                  }
              }
            if (i < p->len)
              {
                const char *next = strstr (s + i + 1, "{{{{");

                if (next != NULL)
                  {
                    t->type = T_CONTENT;
                    t->end = next - s;
                    p->pos = t->end;
                    return;
                  }
              }
            if (i >= p->len)
              {
                t->type = T_EOF;
                t->end = i;
                return;
              }
            fail_at (p, p->raw_start, 4, _("this raw block is never closed: add {{{{/name}}}} where it ends"));
            t->type = T_ERROR;
            return;
          }

        case S_MU:
          if (lex_mu (p, t))
            return;
          continue;
        }
    }
}

static Token *
peek_n (Parser *p,
        guint   n)
{
  while (p->n_peeked <= n)
    {
      if (p->n_peeked > 0 && p->peeked[p->n_peeked - 1].type == T_ERROR)
        return &p->peeked[p->n_peeked - 1];
      lex (p, &p->peeked[p->n_peeked]);
      p->n_peeked++;
    }
  return &p->peeked[n];
}

static Token *
peek (Parser *p)
{
  return peek_n (p, 0);
}

static Token
take (Parser *p)
{
  Token t = *peek (p);

  if (t.type != T_ERROR)
    {
      p->peeked[0] = p->peeked[1];
      p->n_peeked--;
    }
  return t;
}

static Strip
strip_flags (Parser      *p,
             const Token *open,
             const Token *close)
{
  Strip strip;
  gsize close_len = close->end - close->start;

  strip.open = open->end - open->start > 2 && p->src[open->start + 2] == '~';
  strip.close = close_len >= 3 && p->src[close->end - 3] == '~';
  return strip;
}

/* ------------------------------------------------------------------ */
/* Parser                                                               */

static char *
describe (Parser      *p,
          const Token *t)
{
  gsize len = t->end - t->start;

  if (t->type == T_EOF)
    return g_strdup (_("the end of the template"));
  if (len > 24)
    {
      const char *end = g_utf8_find_prev_char (p->src + t->start, p->src + t->start + 24);
      g_autofree char *head = g_strndup (p->src + t->start, end - p->src - t->start);

      return g_strdup_printf ("“%s…”", head);
    }
  {
    g_autofree char *text = g_strndup (p->src + t->start, len);

    return g_strdup_printf ("“%s”", text);
  }
}

static void
fail_unexpected (Parser      *p,
                 const Token *t,
                 const char  *expected)
{
  g_autofree char *what = NULL;

  if (t->type == T_ERROR)
    return;
  if (t->type == T_EOF)
    {
      fail_at (p, p->tag_start, 2, _("this tag is never closed: add }}"));
      return;
    }
  if (t->type == T_INVALID && strstr (p->src + t->start, "}}") == NULL)
    {
      fail_at (p, p->tag_start, 2, _("this tag is never closed: add }}"));
      return;
    }
  if (t->type == T_INVALID && is_id_char (g_utf8_get_char (p->src + t->start)))
    {
      /* a name followed by a sign it cannot have: show the whole word */
      gsize end = t->start;
      g_autofree char *word = NULL;

      while (end < p->len && !space_at (p->src, end, p->len) && !starts (p, end, "}}") && !starts (p, end, "~}}"))
        end = g_utf8_next_char (p->src + end) - p->src;
      word = g_strndup (p->src + t->start, end - t->start);
      fail_at (p, t->start, end - t->start,
               _("“%s” is not a valid name: write [%s] for a name with spaces or signs"), word, word);
      return;
    }
  what = describe (p, t);
  if (t->type == T_INVALID)
    fail_at (p, t->start, t->end - t->start, _("%s cannot be used inside {{ }}"), what);
  else if (expected != NULL)
    fail_at (p, t->start, t->end - t->start, _("unexpected %s: %s"), what, expected);
  else
    fail_at (p, t->start, t->end - t->start, _("unexpected %s"), what);
}

static gboolean
expect (Parser      *p,
        TokType      type,
        Token       *out,
        const char  *expected)
{
  Token *t = peek (p);

  if (t->type != type)
    {
      fail_unexpected (p, t, expected);
      return FALSE;
    }
  *out = take (p);
  return TRUE;
}

static gboolean
enter (Parser *p,
       gsize   offset)
{
  if (++p->depth > HONE_TEMPLATE_MAX_DEPTH)
    {
      fail_at (p, offset, 2, _("blocks and ( ) are nested more than %d deep here: simplify the template"),
               HONE_TEMPLATE_MAX_DEPTH);
      return FALSE;
    }
  return TRUE;
}

/* handlebars' yy.id(): [a b] → a b, unless a line break is inside */
static const char *
segment_name (Parser      *p,
              const Token *t,
              gsize       *len)
{
  const char *text = t->text;
  gsize n = t->text_len;

  if (n >= 2 && text[0] == '[' && text[n - 1] == ']')
    {
      gboolean has_break = FALSE;

      for (gsize i = 1; i + 1 < n && !has_break; )
        {
          gunichar c = next_char (text, &i);

          has_break = c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
        }
      if (!has_break)
        {
          *len = n - 2;
          return ht_arena_strndup (p->arena, text + 1, n - 2);
        }
    }
  *len = n;
  return ht_arena_strndup (p->arena, text, n);
}

/* path: ID (SEP ID)*, dataName: DATA path; checked like preparePath() */
static HtExpr *
parse_path (Parser   *p,
            gboolean  data,
            gsize     start)
{
  HtExpr *expr = ht_arena_alloc (p->arena, sizeof *expr);
  GArray *parts = g_array_new (FALSE, TRUE, sizeof (HtPart));
  GString *original = g_string_new (data ? "@" : "");
  Token id = { 0, };

  expr->type = HT_EXPR_PATH;
  expr->path.data = data;
  expr->path.bp_depth = -1;
  expr->offset = start;

  while (TRUE)
    {
      HtPart part;
      gboolean literal;

      if (!expect (p, T_ID, &id, _("a name must follow here")))
        break;
      part.name = segment_name (p, &id, &part.len);
      part.offset = id.start;
      part.length = id.end - id.start;
      literal = part.len != id.text_len;
      g_string_append_len (original, part.name, part.len);
      if (!literal && (g_str_equal (part.name, "..") || g_str_equal (part.name, ".") || g_str_equal (part.name, "this")))
        {
          if (parts->len > 0)
            {
              fail_at (p, start, id.end - start,
                       _("“%s” is not a valid path: “this”, “.” and “..” can only come at its start"),
                       original->str);
              break;
            }
          if (part.name[0] == '.' && part.name[1] == '.')
            expr->path.depth++;
        }
      else
        g_array_append_val (parts, part);

      if (peek (p)->type != T_SEP)
        break;
      {
        Token sep = take (p);

        g_string_append_len (original, p->src + sep.start, 1);
      }
    }

  expr->length = id.end > start ? id.end - start : 0;
  expr->path.n_parts = parts->len;
  expr->path.parts = ht_arena_alloc (p->arena, sizeof (HtPart) * MAX (parts->len, 1));
  if (parts->len > 0)
    memcpy (expr->path.parts, parts->data, sizeof (HtPart) * parts->len);
  expr->path.original = ht_arena_strndup (p->arena, original->str, original->len);
  /* handlebars' scopedId(): /^\.|this\b/ on the original */
  {
    const char *o = expr->path.original;
    const char *t = o;

    expr->path.scoped = o[0] == '.';
    while (!expr->path.scoped && (t = strstr (t, "this")) != NULL)
      {
        expr->path.scoped = !g_ascii_isalnum (t[4]) && t[4] != '_';
        t += 4;
      }
  }
  g_array_unref (parts);
  g_string_free (original, TRUE);
  return failed (p) ? NULL : expr;
}

static PCall *parse_call (Parser   *p,
                          gsize     start,
                          TokType   close,
                          gboolean  block_params,
                          const char ***bps,
                          guint    *n_bps);

/* helperName: path | dataName | STRING | NUMBER | BOOLEAN | UNDEFINED | NULL */
static HtExpr *
parse_helper_name (Parser     *p,
                   const char *expected)
{
  Token *t = peek (p);
  HtExpr *expr;
  Token tok;

  switch (t->type)
    {
    case T_ID:
      return parse_path (p, FALSE, t->start);
    case T_DATA:
      tok = take (p);
      return parse_path (p, TRUE, tok.start);
    case T_STRING: case T_NUMBER: case T_BOOLEAN: case T_UNDEFINED: case T_NULL:
      break;
    default:
      fail_unexpected (p, t, expected);
      return NULL;
    }

  tok = take (p);
  expr = ht_arena_alloc (p->arena, sizeof *expr);
  expr->offset = tok.start;
  expr->length = tok.end - tok.start;
  switch (tok.type)
    {
    case T_STRING:
      expr->type = HT_EXPR_STRING;
      expr->string.str = tok.text;
      expr->string.len = tok.text_len;
      break;
    case T_NUMBER:
      {
        g_autofree char *text = g_strndup (p->src + tok.start, tok.end - tok.start);

        expr->type = HT_EXPR_NUMBER;
        expr->number = g_ascii_strtod (text, NULL);
      }
      break;
    case T_BOOLEAN:
      expr->type = HT_EXPR_BOOLEAN;
      expr->boolean = p->src[tok.start] == 't';
      break;
    case T_UNDEFINED:
      expr->type = HT_EXPR_UNDEFINED;
      break;
    default:
      expr->type = HT_EXPR_NULL;
      break;
    }
  return expr;
}

/* param: helperName | sexpr */
static HtExpr *
parse_param (Parser *p)
{
  Token *t = peek (p);

  if (t->type == T_OPEN_SEXPR)
    {
      Token open = take (p);
      HtExpr *expr;
      PCall *call;

      if (!enter (p, open.start))
        return NULL;
      call = parse_call (p, open.start, T_CLOSE_SEXPR, FALSE, NULL, NULL);
      p->depth--;
      if (call == NULL)
        return NULL;
      expr = ht_arena_alloc (p->arena, sizeof *expr);
      expr->type = HT_EXPR_SEXPR;
      expr->offset = open.start;
      expr->length = call->offset + call->length - open.start;
      /* kept as a PCall until finish (): the pointer is reinterpreted there */
      expr->sexpr = (HtCall *) call;
      return expr;
    }
  return parse_helper_name (p, _("a value, a name or ( ) must come here"));
}

/* helperName param* hash? blockParams? CLOSE, after the opening token */
static PCall *
parse_call (Parser       *p,
            gsize         start,
            TokType       close,
            gboolean      block_params,
            const char ***bps,
            guint        *n_bps)
{
  PCall *call = ht_arena_alloc (p->arena, sizeof *call);
  gboolean in_hash = FALSE;
  Token end;

  call->offset = start;
  call->params = new_array (p);
  call->hash_keys = new_array (p);
  call->hash_values = new_array (p);

  if (p->given_head == NULL && (peek (p)->type == T_CLOSE || peek (p)->type == T_CLOSE_UNESCAPED))
    {
      Token *t = peek (p);

      fail_at (p, p->tag_start, t->end - p->tag_start,
               _("this tag is empty: write a field name or a helper between the braces"));
      return NULL;
    }
  if (p->given_head != NULL)
    {
      call->path = p->given_head;
      p->given_head = NULL;
    }
  else
    call->path = parse_helper_name (p, _("a field name or a helper must come first in a tag"));
  if (call->path == NULL)
    return NULL;

  while (!failed (p))
    {
      Token *t = peek (p);

      if (t->type == close)
        break;
      if (t->type == T_CLOSE || t->type == T_CLOSE_UNESCAPED || t->type == T_CLOSE_SEXPR
          || t->type == T_CLOSE_RAW_BLOCK)
        break;
      if (t->type == T_ID && peek_n (p, 1)->type == T_EQUALS)
        {
          Token key = take (p);
          gsize len;
          HtExpr *value;

          take (p);
          value = parse_param (p);
          if (value == NULL)
            return NULL;
          in_hash = TRUE;
          g_ptr_array_add (call->hash_keys, (gpointer) segment_name (p, &key, &len));
          g_ptr_array_add (call->hash_values, value);
          continue;
        }
      if (t->type == T_OPEN_BLOCK_PARAMS && block_params)
        {
          GPtrArray *names = new_array (p);
          Token first = take (p);
          g_autoptr(GString) joined = g_string_new (NULL);

          while (peek (p)->type == T_ID)
            {
              Token id = take (p);

              /* yy.id() is given the whole list: names keep their brackets */
              g_ptr_array_add (names, ht_arena_strndup (p->arena, id.text, id.text_len));
              if (joined->len > 0)
                g_string_append_c (joined, ',');
              g_string_append_len (joined, id.text, id.text_len);
            }
          if (joined->len >= 2 && joined->str[0] == '[' && joined->str[joined->len - 1] == ']'
              && strpbrk (joined->str, "\n\r") == NULL && strstr (joined->str, "\u2028") == NULL
              && strstr (joined->str, "\u2029") == NULL)
            {
              fail_at (p, first.start, first.end - first.start,
                       _("block parameters cannot be written in [brackets]"));
              return NULL;
            }
          if (names->len == 0)
            {
              fail_unexpected (p, peek (p), _("name the block parameters: as |item index|"));
              return NULL;
            }
          if (!expect (p, T_CLOSE_BLOCK_PARAMS, &end, _("block parameters end with |")))
            return NULL;
          *bps = ht_arena_alloc (p->arena, sizeof (char *) * names->len);
          memcpy (*bps, names->pdata, sizeof (char *) * names->len);
          *n_bps = names->len;
          if (peek (p)->type != close)
            {
              fail_unexpected (p, peek (p), _("the tag must end after its block parameters"));
              return NULL;
            }
          break;
        }
      if (in_hash)
        {
          fail_unexpected (p, t, _("after name=value options only more name=value options can come"));
          return NULL;
        }
      {
        HtExpr *param = parse_param (p);

        if (param == NULL)
          return NULL;
        g_ptr_array_add (call->params, param);
      }
    }
  if (failed (p))
    return NULL;
  if (!expect (p, close, &end, close == T_CLOSE_UNESCAPED ? _("{{{ must be closed with }}}")
                                   : close == T_CLOSE_SEXPR ? _("( must be closed with )")
                                   : close == T_CLOSE_RAW_BLOCK ? _("{{{{ must be closed with }}}}")
                                   : _("the tag must end with }}")))
    return NULL;
  call->length = end.end - call->offset;
  return call;
}

static PProgram *parse_program (Parser *p);

static PStmt *
stmt_new (Parser    *p,
          PStmtType  type)
{
  PStmt *stmt = ht_arena_alloc (p->arena, sizeof *stmt);

  stmt->type = type;
  return stmt;
}

static PProgram *
program_new (Parser *p)
{
  PProgram *program = ht_arena_alloc (p->arena, sizeof *program);

  program->body = new_array (p);
  return program;
}

typedef struct {
  Strip strip;
  PProgram *program;
  gboolean chain;
} Inverse;

typedef struct {
  Token open;
  PCall *call;
  Strip strip;
  const char **bps;
  guint n_bps;
} Open;

/* The name of a block as written in {{#name}}, for messages */
static char *
block_name (Parser *p,
            HtExpr *path)
{
  return g_strndup (p->src + path->offset, path->length);
}

/* handlebars' prepareBlock(); CLOSE_STRIP is NULL for an {{else if}} without
 * a following else (handlebars' `close && close.strip`) */
static PStmt *
prepare_block (Parser      *p,
               Open        *open,
               PProgram    *program,
               Inverse     *inverse,
               const Strip *close_strip,
               gboolean     inverted)
{
  PStmt *block = stmt_new (p, P_BLOCK);

  block->call = open->call;
  program->block_params = open->bps;
  program->n_block_params = open->n_bps;
  block->program = program;
  if (inverse != NULL)
    {
      if (inverse->chain)
        {
          PStmt *chained = g_ptr_array_index (inverse->program->body, 0);

          chained->close_strip = *close_strip;
        }
      block->inverse_strip = inverse->strip;
      block->inverse = inverse->program;
    }
  if (inverted)
    {
      PProgram *swap = block->inverse;

      block->inverse = block->program;
      block->program = swap;
    }
  block->open_strip = open->strip;
  if (close_strip != NULL)
    block->close_strip = *close_strip;
  return block;
}

static gboolean
parse_open (Parser  *p,
            TokType  close,
            Open    *open)
{
  memset (open, 0, sizeof *open);
  open->open = take (p);
  if (!enter (p, open->open.start))
    return FALSE;
  open->call = parse_call (p, open->open.start, close, close == T_CLOSE, &open->bps, &open->n_bps);
  if (open->call == NULL)
    return FALSE;
  {
    Token end = { 0, };

    end.start = open->call->offset + open->call->length - (close == T_CLOSE ? 2 : 4);
    end.end = open->call->offset + open->call->length;
    if (close == T_CLOSE && end.start > 0 && p->src[end.start - 1] == '~')
      end.start--;
    open->strip = strip_flags (p, &open->open, &end);
  }
  return TRUE;
}

static Inverse *
parse_inverse_chain (Parser *p)
{
  Inverse *inverse = ht_arena_alloc (p->arena, sizeof *inverse);
  Token *t = peek (p);

  if (t->type == T_INVERSE)
    {
      Token tok = take (p);

      inverse->strip = strip_flags (p, &tok, &tok);
      inverse->program = parse_program (p);
      return failed (p) ? NULL : inverse;
    }
  else
    {
      Open open;
      PProgram *program;
      Inverse *next = NULL;
      PStmt *block;

      p->tag_start = t->start;
      if (!parse_open (p, T_CLOSE, &open))
        return NULL;
      program = parse_program (p);
      if (failed (p))
        return NULL;
      t = peek (p);
      if (t->type == T_INVERSE || t->type == T_OPEN_INVERSE_CHAIN)
        {
          next = parse_inverse_chain (p);
          if (next == NULL)
            return NULL;
        }
      p->depth--;
      block = prepare_block (p, &open, program, next, next ? &next->strip : NULL, FALSE);
      inverse->program = program_new (p);
      inverse->program->chained = TRUE;
      g_ptr_array_add (inverse->program->body, block);
      inverse->strip = open.strip;
      inverse->chain = TRUE;
      return inverse;
    }
}

/* Literal originals compare by type and value in validateClose() */
static gboolean
same_original (HtExpr *a,
               HtExpr *b)
{
  const char *sa, *sb;
  gsize la, lb;

  if (a->type == HT_EXPR_PATH || a->type == HT_EXPR_STRING)
    {
      if (b->type != HT_EXPR_PATH && b->type != HT_EXPR_STRING)
        return FALSE;
      sa = a->type == HT_EXPR_PATH ? a->path.original : a->string.str;
      la = a->type == HT_EXPR_PATH ? strlen (sa) : a->string.len;
      sb = b->type == HT_EXPR_PATH ? b->path.original : b->string.str;
      lb = b->type == HT_EXPR_PATH ? strlen (sb) : b->string.len;
      return la == lb && memcmp (sa, sb, la) == 0;
    }
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case HT_EXPR_NUMBER:
      return a->number == b->number;
    case HT_EXPR_BOOLEAN:
      return a->boolean == b->boolean;
    default:
      return TRUE;
    }
}

static PStmt *
parse_block (Parser *p)
{
  Token *t = peek (p);
  gboolean inverted = t->type == T_OPEN_INVERSE;
  g_autofree char *name = NULL;
  Open open;
  PProgram *program;
  Inverse *inverse = NULL;
  Token close_open, close_end;
  HtExpr *close_path;
  Strip close_strip;
  gsize block_start = t->start;
  guint line, column;

  if (!parse_open (p, T_CLOSE, &open))
    return NULL;
  program = parse_program (p);
  if (failed (p))
    return NULL;
  t = peek (p);
  if (t->type == T_INVERSE || (!inverted && t->type == T_OPEN_INVERSE_CHAIN))
    {
      inverse = parse_inverse_chain (p);
      if (inverse == NULL)
        return NULL;
    }
  else if (t->type == T_OPEN_INVERSE_CHAIN)
    {
      fail_at (p, t->start, t->end - t->start,
               _("{{else …}} with a helper cannot follow an inverted {{^…}} block: use {{else}} alone"));
      return NULL;
    }

  name = block_name (p, open.call->path);
  t = peek (p);
  if (t->type == T_INVERSE || t->type == T_OPEN_INVERSE_CHAIN)
    {
      fail_at (p, t->start, t->end - t->start,
               _("{{%c%s}} already has its {{else}}: only {{else if …}} can come before it"),
               inverted ? '^' : '#', name);
      return NULL;
    }
  if (t->type != T_OPEN_ENDBLOCK)
    {
      if (t->type == T_EOF)
        fail_at (p, block_start, open.call->offset + open.call->length - block_start,
                 _("{{%c%s}} is never closed: add {{/%s}}"), inverted ? '^' : '#', name, name);
      else
        fail_unexpected (p, t, NULL);
      return NULL;
    }
  close_open = take (p);
  p->tag_start = close_open.start;
  close_path = parse_helper_name (p, _("{{/ must name the block it closes"));
  if (close_path == NULL || !expect (p, T_CLOSE, &close_end, _("the tag must end with }}")))
    return NULL;
  if (!same_original (open.call->path, close_path))
    {
      g_autofree char *closing = block_name (p, close_path);

      ht_location_at (p->src, block_start, &line, &column);
      fail_at (p, close_open.start, close_end.end - close_open.start,
               _("{{/%s}} does not match {{%c%s}} opened on line %u"), closing, inverted ? '^' : '#', name, line);
      return NULL;
    }
  close_strip = strip_flags (p, &close_open, &close_end);
  p->depth--;
  {
    PStmt *block = prepare_block (p, &open, program, inverse, &close_strip, inverted);

    block->close_path = close_path;
    return block;
  }
}

static PStmt *
parse_raw_block (Parser *p)
{
  Token t = *peek (p);
  Open open;
  PProgram *program;
  Token end;
  PStmt *block;

  if (!parse_open (p, T_CLOSE_RAW_BLOCK, &open))
    return NULL;
  program = program_new (p);
  while (peek (p)->type == T_CONTENT)
    {
      Token content = take (p);
      PStmt *stmt = stmt_new (p, P_CONTENT);

      stmt->orig_start = stmt->val_start = content.start;
      stmt->orig_end = stmt->val_end = content.end;
      g_ptr_array_add (program->body, stmt);
    }
  if (peek (p)->type != T_END_RAW_BLOCK)
    {
      g_autofree char *name = block_name (p, open.call->path);

      if (peek (p)->type == T_EOF)
        fail_at (p, t.start, open.call->offset + open.call->length - t.start,
                 _("{{{{%s}}}} is never closed: add {{{{/%s}}}}"), name, name);
      else
        fail_unexpected (p, peek (p), NULL);
      return NULL;
    }
  end = take (p);
  {
    const char *o = open.call->path->type == HT_EXPR_PATH ? open.call->path->path.original : NULL;

    if (o == NULL || strlen (o) != end.text_len || memcmp (o, end.text, end.text_len) != 0)
      {
        g_autofree char *name = block_name (p, open.call->path);
        g_autofree char *closing = g_strndup (end.text, end.text_len);
        guint line, column;

        ht_location_at (p->src, t.start, &line, &column);
        fail_at (p, end.start, end.end - end.start,
                 _("{{{{/%s}}}} does not match {{{{%s}}}} opened on line %u"), closing, name, line);
        return NULL;
      }
  }
  p->depth--;
  block = stmt_new (p, P_BLOCK);
  block->call = open.call;
  block->program = program;
  block->raw = TRUE;
  {
    HtExpr *close_path = ht_arena_alloc (p->arena, sizeof *close_path);

    *close_path = *open.call->path;
    close_path->offset = end.start + 5;
    close_path->length = end.text_len;
    if (close_path->type == HT_EXPR_PATH && close_path->path.n_parts > 0)
      {
        close_path->path.parts = ht_arena_alloc (p->arena, sizeof (HtPart) * close_path->path.n_parts);
        memcpy (close_path->path.parts, open.call->path->path.parts, sizeof (HtPart) * close_path->path.n_parts);
        close_path->path.parts[0].offset = end.start + 5;
      }
    block->close_path = close_path;
  }
  return block;
}

static PStmt *
parse_statement (Parser *p)
{
  Token *t = peek (p);
  PStmt *stmt;

  switch (t->type)
    {
    case T_CONTENT:
      {
        Token tok = take (p);

        stmt = stmt_new (p, P_CONTENT);
        stmt->orig_start = stmt->val_start = tok.start;
        stmt->orig_end = stmt->val_end = tok.end;
        return stmt;
      }

    case T_COMMENT:
      {
        Token tok = take (p);

        stmt = stmt_new (p, P_COMMENT);
        stmt->strip = strip_flags (p, &tok, &tok);
        return stmt;
      }

    case T_OPEN:
    case T_OPEN_UNESCAPED:
      {
        gboolean unescaped = t->type == T_OPEN_UNESCAPED;
        Token open = take (p);
        char flag = p->src[open.end - 1];
        PCall *call;
        Token end = { 0, };

        if (flag == '*')
          {
            fail_at (p, open.start, open.end - open.start,
                     _("decorators ({{*name}}) are not supported in Hone templates"));
            return NULL;
          }
        call = parse_call (p, open.start, unescaped ? T_CLOSE_UNESCAPED : T_CLOSE, FALSE, NULL, NULL);
        if (call == NULL)
          return NULL;
        stmt = stmt_new (p, P_MUSTACHE);
        stmt->call = call;
        stmt->escaped = !unescaped && flag != '&';
        end.end = call->offset + call->length;
        end.start = end.end - (unescaped ? 3 : 2);
        if (unescaped && p->src[end.start] == '~')
          end.start--;
        if (!unescaped && end.start > 0 && p->src[end.start - 1] == '~')
          end.start--;
        stmt->strip = strip_flags (p, &open, &end);
        return stmt;
      }

    case T_OPEN_BLOCK:
    case T_OPEN_INVERSE:
      if (p->src[t->end - 1] == '*')
        {
          fail_at (p, t->start, t->end - t->start,
                   _("decorators ({{#*inline}}) are not supported in Hone templates"));
          return NULL;
        }
      return parse_block (p);

    case T_OPEN_RAW_BLOCK:
      return parse_raw_block (p);

    case T_OPEN_PARTIAL:
      {
        /* handlebars.js parses {{> name context hash}} and fails only when
         * it is reached (no partial is ever registered); Hone does the same,
         * so that a partial in a branch that never runs changes nothing */
        Token open = take (p);
        PCall *call;
        Token end = { 0, };

        /* partialName: helperName | sexpr. A (sexpr) name is parsed and
         * checked, then stands as `this`: the partial never runs anyway */
        if (peek (p)->type == T_OPEN_SEXPR)
          {
            HtExpr *head = parse_param (p);

            if (head == NULL)
              return NULL;
            p->given_head = ht_arena_alloc (p->arena, sizeof *head);
            p->given_head->type = HT_EXPR_PATH;
            p->given_head->offset = head->offset;
            p->given_head->length = head->length;
            p->given_head->path.literal = HT_EXPR_PATH;
            p->given_head->path.parts = NULL;
            p->given_head->path.n_parts = 0;
            p->given_head->path.bp_depth = -1;
            p->given_head->path.original = "this";
          }
        call = parse_call (p, open.start, T_CLOSE, FALSE, NULL, NULL);
        p->given_head = NULL;
        if (call == NULL)
          return NULL;
        if (call->params->len > 1)
          {
            /* handlebars' compiler: "Unsupported number of partial arguments" */
            fail_at (p, call->offset, call->length,
                     _("a partial takes at most one value: {{> name value}}"));
            return NULL;
          }
        stmt = stmt_new (p, P_MUSTACHE);
        stmt->call = call;
        stmt->partial = TRUE;
        end.end = call->offset + call->length;
        end.start = end.end - 2;
        if (end.start > 0 && p->src[end.start - 1] == '~')
          end.start--;
        stmt->strip = strip_flags (p, &open, &end);
        return stmt;
      }

    case T_OPEN_PARTIAL_BLOCK:
      fail_at (p, t->start, t->end - t->start,
               _("partial blocks ({{#> name}}) are not supported in Hone templates"));
      return NULL;

    default:
      fail_unexpected (p, t, NULL);
      return NULL;
    }
}

/* statement* up to what ends a program */
static PProgram *
parse_program (Parser *p)
{
  PProgram *program = program_new (p);

  while (!failed (p))
    {
      Token *t = peek (p);

      if (t->type == T_EOF || t->type == T_OPEN_ENDBLOCK || t->type == T_INVERSE
          || t->type == T_OPEN_INVERSE_CHAIN || t->type == T_ERROR)
        break;
      {
        PStmt *stmt = parse_statement (p);

        if (stmt == NULL)
          break;
        g_ptr_array_add (program->body, stmt);
      }
    }
  return program;
}

/* ------------------------------------------------------------------ */
/* WhitespaceControl                                                     */

typedef struct {
  gboolean open;
  gboolean close;
  gboolean open_standalone;
  gboolean close_standalone;
  gboolean inline_standalone;
} StripInfo;

static PStmt *
body_at (PProgram *program,
         gssize    i)
{
  if (i < 0 || (gsize) i >= program->body->len)
    return NULL;
  return g_ptr_array_index (program->body, i);
}

/* /(?:^|\S)[^\S\n]*\n\s*$/: a line break after which all is white space;
 * ROOT_START adds /^\s*$/ */
static gboolean
ends_line (const char *s,
           gsize       from,
           gsize       to,
           gboolean    root_start)
{
  gsize i = to;

  while (i > from)
    {
      gunichar c = prev_char (s, from, &i);

      if (c == '\n')
        return TRUE;
      if (!is_js_space (c))
        return FALSE;
    }
  return root_start;
}

/* /^\s*?\r?\n/, ROOT_END adds /^\s*?$/ */
static gboolean
starts_line (const char *s,
             gsize       from,
             gsize       to,
             gboolean    root_end)
{
  gsize i = from;

  while (i < to)
    {
      gunichar c = next_char (s, &i);

      if (c == '\n')
        return TRUE;
      if (!is_js_space (c))
        return FALSE;
    }
  return root_end;
}

static gboolean
is_prev_whitespace (Parser   *p,
                    PProgram *program,
                    gssize    i,
                    gboolean  is_root)
{
  PStmt *prev = body_at (program, i - 1);
  PStmt *sibling = body_at (program, i - 2);

  if (prev == NULL)
    return is_root;
  if (prev->type == P_CONTENT)
    return ends_line (p->src, prev->orig_start, prev->orig_end, !(sibling || !is_root));
  return FALSE;
}

static gboolean
is_next_whitespace (Parser   *p,
                    PProgram *program,
                    gssize    i,
                    gboolean  is_root)
{
  PStmt *next = body_at (program, i + 1);
  PStmt *sibling = body_at (program, i + 2);

  if (next == NULL)
    return is_root;
  if (next->type == P_CONTENT)
    return starts_line (p->src, next->orig_start, next->orig_end, !(sibling || !is_root));
  return FALSE;
}

/* omitRight(body, i, multiple): I == -1 stands for handlebars' null */
static void
omit_right (Parser   *p,
            PProgram *program,
            gssize    i,
            gboolean  multiple)
{
  PStmt *current = body_at (program, i < 0 ? 0 : i + 1);
  gsize start;

  if (current == NULL || current->type != P_CONTENT || (!multiple && current->right_stripped))
    return;
  start = current->val_start;
  if (multiple)
    {
      while (current->val_start < current->val_end)
        {
          gsize k = current->val_start;

          if (!is_js_space (next_char (p->src, &k)))
            break;
          current->val_start = k;
        }
    }
  else
    {
      gsize k = current->val_start;

      while (k < current->val_end && (p->src[k] == ' ' || p->src[k] == '\t'))
        k++;
      if (k < current->val_end && p->src[k] == '\r')
        k++;
      if (k < current->val_end && p->src[k] == '\n')
        k++;
      current->val_start = k;
    }
  current->right_stripped = current->val_start != start;
}

static gboolean
omit_left (Parser   *p,
           PProgram *program,
           gssize    i,
           gboolean  multiple)
{
  PStmt *current = body_at (program, i < 0 ? (gssize) program->body->len - 1 : i - 1);
  gsize end;

  if (current == NULL || current->type != P_CONTENT || (!multiple && current->left_stripped))
    return FALSE;
  end = current->val_end;
  while (current->val_end > current->val_start)
    {
      gsize k = current->val_end;
      gunichar c = prev_char (p->src, current->val_start, &k);

      if (multiple ? !is_js_space (c) : (c != ' ' && c != '\t'))
        break;
      current->val_end = k;
    }
  current->left_stripped = current->val_end != end;
  return current->left_stripped;
}

static void wc_program (Parser *p, PProgram *program, gboolean *root_seen);

static gboolean
wc_block (Parser    *p,
          PStmt     *block,
          gboolean  *root_seen,
          StripInfo *strip)
{
  PProgram *program, *inverse, *first_inverse, *last_inverse;

  if (block->program != NULL)
    wc_program (p, block->program, root_seen);
  if (block->inverse != NULL)
    wc_program (p, block->inverse, root_seen);

  program = block->program ? block->program : block->inverse;
  inverse = block->program ? block->inverse : NULL;
  first_inverse = last_inverse = inverse;
  if (inverse != NULL && inverse->chained)
    {
      first_inverse = ((PStmt *) g_ptr_array_index (inverse->body, 0))->program;
      while (last_inverse->chained)
        last_inverse = ((PStmt *) g_ptr_array_index (last_inverse->body, last_inverse->body->len - 1))->program;
    }

  strip->open = block->open_strip.open;
  strip->close = block->close_strip.close;
  strip->open_standalone = is_next_whitespace (p, program, -1, FALSE);
  strip->close_standalone = is_prev_whitespace (p, first_inverse ? first_inverse : program,
                                                (first_inverse ? first_inverse : program)->body->len, FALSE);
  strip->inline_standalone = FALSE;

  if (block->open_strip.close)
    omit_right (p, program, -1, TRUE);
  if (inverse != NULL)
    {
      if (block->inverse_strip.open)
        omit_left (p, program, -1, TRUE);
      if (block->inverse_strip.close)
        omit_right (p, first_inverse, -1, TRUE);
      if (block->close_strip.open)
        omit_left (p, last_inverse, -1, TRUE);
      if (is_prev_whitespace (p, program, program->body->len, FALSE)
          && is_next_whitespace (p, first_inverse, -1, FALSE))
        {
          omit_left (p, program, -1, FALSE);
          omit_right (p, first_inverse, -1, FALSE);
        }
    }
  else if (block->close_strip.open)
    omit_left (p, program, -1, TRUE);
  return TRUE;
}

static void
wc_program (Parser   *p,
            PProgram *program,
            gboolean *root_seen)
{
  gboolean is_root = !*root_seen;

  *root_seen = TRUE;
  for (guint i = 0; i < program->body->len; i++)
    {
      PStmt *current = g_ptr_array_index (program->body, i);
      StripInfo strip = { 0, };
      gboolean prev_ws, next_ws;

      switch (current->type)
        {
        case P_CONTENT:
          continue;
        case P_COMMENT:
          strip.inline_standalone = TRUE;
          strip.open = current->strip.open;
          strip.close = current->strip.close;
          break;
        case P_MUSTACHE:
          strip.open = current->strip.open;
          strip.close = current->strip.close;
          break;
        case P_BLOCK:
          wc_block (p, current, root_seen, &strip);
          break;
        }

      prev_ws = is_prev_whitespace (p, program, i, is_root);
      next_ws = is_next_whitespace (p, program, i, is_root);

      if (strip.close)
        omit_right (p, program, i, TRUE);
      if (strip.open)
        omit_left (p, program, i, TRUE);
      if (strip.inline_standalone && prev_ws && next_ws)
        {
          omit_right (p, program, i, FALSE);
          omit_left (p, program, i, FALSE);
        }
      if (strip.open_standalone && prev_ws)
        {
          omit_right (p, current->program ? current->program : current->inverse, -1, FALSE);
          omit_left (p, program, i, FALSE);
        }
      if (strip.close_standalone && next_ws)
        {
          omit_right (p, program, i, FALSE);
          omit_left (p, current->inverse ? current->inverse : current->program, -1, FALSE);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Compiling: classify calls, resolve block parameters, lay out          */

typedef struct {
  Parser *p;
  HtTree *tree;
  GPtrArray *scopes;   /* HtProgram being compiled, innermost last */
} Compiler;

static const struct {
  const char *name;
  HtHelper helper;
} known_helpers[] = {
  { "if", HT_HELPER_IF },
  { "unless", HT_HELPER_UNLESS },
  { "with", HT_HELPER_WITH },
  { "each", HT_HELPER_EACH },
  { "lookup", HT_HELPER_LOOKUP },
  { "log", HT_HELPER_LOG },
  { "helperMissing", HT_HELPER_MISSING },
  { "blockHelperMissing", HT_HELPER_BLOCK_MISSING },
};

static HtHelper
known_helper (const char *name)
{
  if (name == NULL)
    return HT_HELPER_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (known_helpers); i++)
    if (g_str_equal (name, known_helpers[i].name))
      return known_helpers[i].helper;
  return HT_HELPER_NONE;
}

/* handlebars' blockParamIndex(): [programs up, index] */
static gboolean
block_param_index (Compiler   *c,
                   const char *name,
                   int        *depth,
                   int        *index)
{
  for (guint d = 0; d < c->scopes->len; d++)
    {
      HtProgram *scope = g_ptr_array_index (c->scopes, c->scopes->len - 1 - d);

      for (guint i = 0; i < scope->n_block_params; i++)
        if (g_str_equal (scope->block_params[i], name))
          {
            *depth = d;
            *index = i;
            return TRUE;
          }
    }
  return FALSE;
}

/* handlebars' transformLiteralToPath(): {{"a b"}} reads the key "a b" */
static HtExpr *
literal_to_path (Compiler *c,
                 HtExpr   *literal)
{
  HtExpr *path;
  GString *original;

  if (literal->type == HT_EXPR_PATH)
    return literal;
  original = g_string_new (NULL);
  switch (literal->type)
    {
    case HT_EXPR_STRING:
      g_string_append_len (original, literal->string.str, literal->string.len);
      break;
    case HT_EXPR_NUMBER:
      ht_append_number (original, literal->number);
      break;
    case HT_EXPR_BOOLEAN:
      g_string_append (original, literal->boolean ? "true" : "false");
      break;
    case HT_EXPR_UNDEFINED:
      g_string_append (original, "undefined");
      break;
    default:
      g_string_append (original, "null");
      break;
    }
  path = ht_arena_alloc (c->p->arena, sizeof *path);
  path->type = HT_EXPR_PATH;
  path->offset = literal->offset;
  path->length = literal->length;
  path->path.literal = literal->type;
  path->path.bp_depth = -1;
  path->path.n_parts = 1;
  path->path.parts = ht_arena_alloc (c->p->arena, sizeof (HtPart));
  path->path.parts[0].name = ht_arena_strndup (c->p->arena, original->str, original->len);
  path->path.parts[0].len = original->len;
  path->path.parts[0].offset = literal->offset;
  path->path.parts[0].length = literal->length;
  path->path.original = path->path.parts[0].name;
  {
    const char *t = original->str;

    path->path.scoped = original->str[0] == '.';
    while (!path->path.scoped && (t = strstr (t, "this")) != NULL)
      {
        path->path.scoped = !g_ascii_isalnum (t[4]) && t[4] != '_';
        t += 4;
      }
  }
  g_string_free (original, TRUE);
  return path;
}

static gboolean
simple_id (HtExpr *path)
{
  return path->path.n_parts == 1 && !path->path.scoped && path->path.depth == 0;
}

static void
compile_path (Compiler *c,
              HtExpr   *path)
{
  int depth, index;

  if (path->path.depth > 0)
    c->tree->use_depths = TRUE;
  if (path->path.depth == 0 && !path->path.scoped && path->path.n_parts > 0
      && block_param_index (c, path->path.parts[0].name, &depth, &index))
    {
      path->path.bp_depth = depth;
      path->path.bp_index = index;
      c->tree->use_block_params = TRUE;
    }
}

static HtCall *compile_call (Compiler *c, PCall *pcall, gboolean is_block, gboolean is_sexpr);

static HtExpr *
compile_expr (Compiler *c,
              HtExpr   *expr)
{
  if (expr->type == HT_EXPR_PATH)
    compile_path (c, expr);
  else if (expr->type == HT_EXPR_SEXPR)
    expr->sexpr = compile_call (c, (PCall *) expr->sexpr, FALSE, TRUE);
  return expr;
}

static HtCall *
compile_call (Compiler *c,
              PCall    *pcall,
              gboolean  is_block,
              gboolean  is_sexpr)
{
  HtCall *call = ht_arena_alloc (c->p->arena, sizeof *call);
  HtExpr *path = literal_to_path (c, pcall->path);
  gboolean is_simple = simple_id (path);
  int bp_depth, bp_index;
  gboolean is_block_param = is_simple && block_param_index (c, path->path.parts[0].name, &bp_depth, &bp_index);
  gboolean is_helper = !is_block_param && (is_sexpr || pcall->params->len > 0 || pcall->hash_keys->len > 0);
  gboolean is_eligible = !is_block_param && (is_helper || is_simple);
  HtHelper helper = known_helper (path->path.n_parts > 0 ? path->path.parts[0].name : NULL);

  call->path = path;
  call->offset = pcall->offset;
  call->length = pcall->length;

  if (is_eligible && !is_helper && helper != HT_HELPER_NONE)
    is_helper = TRUE;
  if (is_helper)
    {
      call->kind = helper != HT_HELPER_NONE ? HT_CALL_KNOWN : HT_CALL_UNKNOWN;
      call->helper = helper;
    }
  else
    call->kind = is_eligible ? HT_CALL_AMBIGUOUS : HT_CALL_SIMPLE;

  /* the head is a value unless it names a helper */
  if (call->kind == HT_CALL_SIMPLE || call->kind == HT_CALL_AMBIGUOUS)
    compile_path (c, path);
  else if (path->path.depth > 0)
    c->tree->use_depths = TRUE;

  call->n_params = pcall->params->len;
  call->params = ht_arena_alloc (c->p->arena, sizeof (HtExpr *) * MAX (call->n_params, 1));
  for (guint i = 0; i < call->n_params; i++)
    call->params[i] = compile_expr (c, g_ptr_array_index (pcall->params, i));
  call->n_hash = pcall->hash_keys->len;
  call->hash_keys = ht_arena_alloc (c->p->arena, sizeof (char *) * MAX (call->n_hash, 1));
  call->hash_values = ht_arena_alloc (c->p->arena, sizeof (HtExpr *) * MAX (call->n_hash, 1));
  for (guint i = 0; i < call->n_hash; i++)
    {
      call->hash_keys[i] = g_ptr_array_index (pcall->hash_keys, i);
      call->hash_values[i] = compile_expr (c, g_ptr_array_index (pcall->hash_values, i));
    }

  /* failures certain whenever the call runs */
  /* helperMissing() throws only when given arguments */
  if (call->kind == HT_CALL_UNKNOWN && call->n_params > 0)
    call->fails = HT_FAIL_UNKNOWN_HELPER;
  else if (call->kind == HT_CALL_KNOWN)
    switch (call->helper)
      {
      case HT_HELPER_IF:
      case HT_HELPER_UNLESS:
      case HT_HELPER_WITH:
        if (call->n_params != 1)
          call->fails = HT_FAIL_ONE_VALUE;
        else if (!is_block)
          call->fails = HT_FAIL_NOT_BLOCK;
        break;
      case HT_HELPER_EACH:
        if (call->n_params == 0)
          call->fails = HT_FAIL_EACH_NONE;
        else if (call->n_params > 1)
          call->fails = HT_FAIL_EACH_MANY;
        else if (!is_block)
          call->fails = HT_FAIL_NOT_BLOCK;
        break;
      case HT_HELPER_LOOKUP:
        if (call->n_params == 0)
          call->fails = HT_FAIL_LOOKUP_NONE;
        break;
      case HT_HELPER_MISSING:
      case HT_HELPER_BLOCK_MISSING:
        call->fails = HT_FAIL_HIDDEN;
        break;
      default:
        break;
      }
  return call;
}

static HtProgram *compile_program (Compiler *c, PProgram *program);

static HtStmt *
compile_stmt (Compiler *c,
              PStmt    *stmt)
{
  HtStmt *out = ht_arena_alloc (c->p->arena, sizeof *out);

  switch (stmt->type)
    {
    case P_CONTENT:
      if (stmt->val_end <= stmt->val_start)
        return NULL;
      out->type = HT_STMT_CONTENT;
      out->content.text = c->p->src + stmt->val_start;
      out->content.len = stmt->val_end - stmt->val_start;
      return out;

    case P_COMMENT:
      return NULL;

    case P_MUSTACHE:
      out->type = HT_STMT_MUSTACHE;
      out->mustache.call = compile_call (c, stmt->call, FALSE, FALSE);
      out->mustache.escaped = stmt->escaped;
      if (stmt->partial)
        {
          out->mustache.call->kind = HT_CALL_KNOWN;
          out->mustache.call->helper = HT_HELPER_NONE;
          out->mustache.call->fails = HT_FAIL_PARTIAL;
        }
      return out;

    case P_BLOCK:
      out->type = HT_STMT_BLOCK;
      out->block.raw = stmt->raw;
      out->block.call = compile_call (c, stmt->call, TRUE, FALSE);
      if (stmt->close_path != NULL)
        {
          out->block.close_path = literal_to_path (c, stmt->close_path);
          if (out->block.call->kind == HT_CALL_SIMPLE || out->block.call->kind == HT_CALL_AMBIGUOUS)
            compile_path (c, out->block.close_path);
        }
      if (stmt->program != NULL)
        out->block.program = compile_program (c, stmt->program);
      if (stmt->inverse != NULL)
        out->block.inverse = compile_program (c, stmt->inverse);
      {
        PProgram *with_params = stmt->program && stmt->program->n_block_params ? stmt->program
                              : stmt->inverse && stmt->inverse->n_block_params ? stmt->inverse : NULL;
        HtCall *call = out->block.call;

        if (with_params != NULL
            && !(call->kind == HT_CALL_KNOWN && with_params == stmt->program
                 && (call->helper == HT_HELPER_EACH || call->helper == HT_HELPER_WITH)))
          {
            fail_at (c->p, call->offset, call->length,
                     _("block parameters (as |name|) work only on {{#each}} and {{#with}}"));
            return NULL;
          }
      }
      return out;
    }
  g_return_val_if_reached (NULL);
}

static HtProgram *
compile_program (Compiler *c,
                 PProgram *program)
{
  HtProgram *out = ht_arena_alloc (c->p->arena, sizeof *out);
  HtStmt **stmts = ht_arena_alloc (c->p->arena, sizeof (HtStmt *) * MAX (program->body->len, 1));
  guint n = 0;

  out->n_block_params = program->n_block_params;
  out->block_params = program->block_params;
  out->simple = program->body->len == 1;
  g_ptr_array_add (c->scopes, out);
  for (guint i = 0; i < program->body->len && !failed (c->p); i++)
    {
      HtStmt *stmt = compile_stmt (c, g_ptr_array_index (program->body, i));

      if (stmt == NULL)
        continue;
      if (stmt->type == HT_STMT_BLOCK && stmt->block.call->kind == HT_CALL_AMBIGUOUS)
        out->has_sections = TRUE;
      /* adjacent text renders as one */
      if (stmt->type == HT_STMT_CONTENT && n > 0 && stmts[n - 1]->type == HT_STMT_CONTENT
          && stmts[n - 1]->content.text + stmts[n - 1]->content.len == stmt->content.text)
        {
          stmts[n - 1]->content.len += stmt->content.len;
          continue;
        }
      stmts[n++] = stmt;
    }
  g_ptr_array_set_size (c->scopes, c->scopes->len - 1);
  out->stmts = stmts;
  out->n_stmts = n;
  return out;
}

/* ------------------------------------------------------------------ */

gboolean
ht_parse (const char            *source,
          HtTree                *tree,
          HoneTemplateLocation  *location,
          GError               **error)
{
  Parser p = { 0, };
  PProgram *root;
  LexState initial = S_INITIAL;
  gboolean ok;

  p.src = source;
  p.len = strlen (source);
  p.arena = tree->arena;
  p.states = g_array_new (FALSE, FALSE, sizeof (LexState));
  g_array_append_val (p.states, initial);
  p.garbage = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  root = parse_program (&p);
  if (!failed (&p))
    {
      Token *t = peek (&p);

      if (t->type == T_OPEN_ENDBLOCK)
        {
          Token open = take (&p);
          HtExpr *name = parse_helper_name (&p, NULL);

          if (name != NULL)
            {
              g_autofree char *text = block_name (&p, name);

              p.error = NULL;
              fail_at (&p, open.start, name->offset + name->length + 2 - open.start,
                       _("{{/%s}} closes a block that was never opened"), text);
            }
          else
            {
              g_clear_error (&p.error);
              fail_at (&p, open.start, open.end - open.start, _("{{/…}} closes a block that was never opened"));
            }
        }
      else if (t->type == T_INVERSE || t->type == T_OPEN_INVERSE_CHAIN)
        fail_at (&p, t->start, t->end - t->start,
                 _("{{else}} can only be used inside a block such as {{#if}}…{{/if}}"));
      else if (t->type != T_EOF)
        fail_unexpected (&p, t, NULL);
    }

  if (!failed (&p))
    {
      gboolean root_seen = FALSE;
      Compiler c = { &p, tree, g_ptr_array_new () };

      wc_program (&p, root, &root_seen);
      tree->root = compile_program (&c, root);
      g_ptr_array_unref (c.scopes);
    }

  ok = !failed (&p);
  if (!ok)
    {
      if (location != NULL)
        {
          ht_location_at (source, p.error_offset, &location->line, &location->column);
          location->offset = p.error_offset;
          location->length = MIN (p.error_length, p.len - MIN (p.error_offset, p.len));
        }
      g_propagate_error (error, p.error);
    }
  g_array_unref (p.states);
  g_ptr_array_unref (p.garbage);
  return ok;
}
