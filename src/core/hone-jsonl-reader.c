/* hone-jsonl-reader.c: a streaming reader of JSON Lines, JSON arrays and chat files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-jsonl-reader.h"
#include "hone-text-encoding.h"

#define READ_SIZE  (64 * 1024)
#define BLOCK_SIZE (64 * 1024)

/* A parsed JSON value. Lives in the reader's arena until the next row. */
typedef enum {
  JV_NULL,
  JV_FALSE,
  JV_TRUE,
  JV_NUMBER,
  JV_STRING,
  JV_ARRAY,
  JV_OBJECT,
} JvType;

typedef struct _Jv Jv;
struct _Jv
{
  JvType  type;
  gsize   pos;      /* offset in the row's text where the value starts */
  char   *str;      /* STRING: unescaped text; NUMBER: as written */
  gsize   len;
  Jv    **items;    /* ARRAY: the values; OBJECT: key, value, key, value… */
  guint   n_items;
};

typedef struct {
  char  *value;     /* NULL: no value in this row */
  gsize  len;
  guint  stamp;     /* the row that set it */
} Cell;

struct _HoneJsonlReader
{
  GObject          parent_instance;

  GInputStream    *stream;
  HoneJsonlFormat  format;      /* as set */
  gboolean         started;
  gboolean         is_array;
  int              chat;        /* -1: not decided yet */
  int              array_state; /* 0: before the first element, 1: after one, 2: ended */

  /* Input, as in HoneCsvReader: indices are at or after rec_start */
  guint8          *buf;
  gsize            cap;
  gsize            len;
  gsize            pos;
  gsize            rec_start;
  gsize            valid;
  gboolean         bad_byte;
  gboolean         eof;
  guint64          buf_offset;

  guint64          line;
  gsize            line_start;
  guint64          line_chars_before; /* characters of this line dropped from buf */

  /* The current row */
  GPtrArray       *columns;     /* names */
  GHashTable      *column_index;
  GArray          *cells;       /* of Cell, one per column */
  guint            stamp;
  guint64          row_line;
  guint64          n_rows;

  /* Per row scratch */
  GPtrArray       *blocks;
  guint8          *block_cur;
  gsize            block_left;
  GPtrArray       *stack;
  GHashTable      *role_counts;
  GString         *json;

  guint64          error_line;
  guint64          error_column;
  gboolean         error_recoverable;
  GError          *fatal_error;
};

G_DEFINE_FINAL_TYPE (HoneJsonlReader, hone_jsonl_reader, G_TYPE_OBJECT)

static void
hone_jsonl_reader_finalize (GObject *object)
{
  HoneJsonlReader *self = HONE_JSONL_READER (object);

  g_clear_object (&self->stream);
  g_free (self->buf);
  g_ptr_array_unref (self->columns);
  g_hash_table_unref (self->column_index);
  g_array_unref (self->cells);
  g_ptr_array_unref (self->blocks);
  g_ptr_array_unref (self->stack);
  g_hash_table_unref (self->role_counts);
  g_string_free (self->json, TRUE);
  g_clear_error (&self->fatal_error);

  G_OBJECT_CLASS (hone_jsonl_reader_parent_class)->finalize (object);
}

static void
hone_jsonl_reader_class_init (HoneJsonlReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hone_jsonl_reader_finalize;
}

static void
hone_jsonl_reader_init (HoneJsonlReader *self)
{
  self->line = 1;
  self->chat = -1;
  self->columns = g_ptr_array_new_with_free_func (g_free);
  self->column_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->stack = g_ptr_array_new ();
  self->role_counts = g_hash_table_new (g_str_hash, g_str_equal);
  self->json = g_string_new (NULL);
  /* The first block is a full one: arena_reset() reuses it */
  g_ptr_array_add (self->blocks, g_malloc (BLOCK_SIZE));
}

HoneJsonlReader *
hone_jsonl_reader_new (GInputStream *stream)
{
  HoneJsonlReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_object_new (HONE_TYPE_JSONL_READER, NULL);
  self->stream = g_object_ref (stream);

  return self;
}

void
hone_jsonl_reader_set_format (HoneJsonlReader *self,
                              HoneJsonlFormat  format)
{
  g_return_if_fail (HONE_IS_JSONL_READER (self));
  g_return_if_fail (!self->started);

  self->format = format;
}

HoneJsonlFormat
hone_jsonl_reader_get_format (HoneJsonlReader *self)
{
  g_return_val_if_fail (HONE_IS_JSONL_READER (self), HONE_JSONL_FORMAT_AUTO);

  if (self->chat == 1 || self->format == HONE_JSONL_FORMAT_CHAT)
    return HONE_JSONL_FORMAT_CHAT;
  if (!self->started)
    return self->format;
  return self->is_array ? HONE_JSONL_FORMAT_ARRAY : HONE_JSONL_FORMAT_LINES;
}

guint
hone_jsonl_reader_get_n_columns (HoneJsonlReader *self)
{
  g_return_val_if_fail (HONE_IS_JSONL_READER (self), 0);
  return self->columns->len;
}

const char *
hone_jsonl_reader_get_column_name (HoneJsonlReader *self,
                                   guint            column)
{
  g_return_val_if_fail (HONE_IS_JSONL_READER (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  return g_ptr_array_index (self->columns, column);
}

const char *
hone_jsonl_reader_get_value (HoneJsonlReader *self,
                             guint            column,
                             gsize           *length)
{
  Cell *cell;

  g_return_val_if_fail (HONE_IS_JSONL_READER (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  cell = &g_array_index (self->cells, Cell, column);
  if (cell->stamp != self->stamp || cell->value == NULL)
    {
      if (length != NULL)
        *length = 0;
      return NULL;
    }

  if (length != NULL)
    *length = cell->len;
  return cell->value;
}

guint64
hone_jsonl_reader_get_row_line (HoneJsonlReader *self)
{
  g_return_val_if_fail (HONE_IS_JSONL_READER (self), 0);
  return self->row_line;
}

guint64
hone_jsonl_reader_get_n_rows (HoneJsonlReader *self)
{
  g_return_val_if_fail (HONE_IS_JSONL_READER (self), 0);
  return self->n_rows;
}

guint64
hone_jsonl_reader_get_bytes_read (HoneJsonlReader *self)
{
  g_return_val_if_fail (HONE_IS_JSONL_READER (self), 0);
  return self->buf_offset + self->pos;
}

guint64
hone_jsonl_reader_get_error_line (HoneJsonlReader *self)
{
  g_return_val_if_fail (HONE_IS_JSONL_READER (self), 0);
  return self->error_line;
}

guint64
hone_jsonl_reader_get_error_column (HoneJsonlReader *self)
{
  g_return_val_if_fail (HONE_IS_JSONL_READER (self), 0);
  return self->error_column;
}

gboolean
hone_jsonl_reader_is_error_recoverable (HoneJsonlReader *self)
{
  g_return_val_if_fail (HONE_IS_JSONL_READER (self), FALSE);
  return self->error_recoverable;
}

/* Arena ----------------------------------------------------------------- */

static void
arena_reset (HoneJsonlReader *self)
{
  if (self->blocks->len > 1)
    g_ptr_array_set_size (self->blocks, 1);
  if (self->blocks->len == 1)
    {
      self->block_cur = g_ptr_array_index (self->blocks, 0);
      self->block_left = BLOCK_SIZE;
    }
  else
    {
      self->block_cur = NULL;
      self->block_left = 0;
    }
}

static gpointer
arena_alloc (HoneJsonlReader *self,
             gsize            size)
{
  gpointer p;

  size = (size + 7) & ~(gsize) 7;
  if (size > self->block_left)
    {
      if (size > BLOCK_SIZE / 4)
        {
          /* Big pieces get their own block, kept after the current one */
          p = g_malloc (size);
          g_ptr_array_add (self->blocks, p);
          return p;
        }
      self->block_cur = g_malloc (BLOCK_SIZE);
      self->block_left = BLOCK_SIZE;
      g_ptr_array_add (self->blocks, self->block_cur);
    }

  p = self->block_cur;
  self->block_cur += size;
  self->block_left -= size;
  return p;
}

static char *
arena_strndup (HoneJsonlReader *self,
               const char      *str,
               gsize            len)
{
  char *copy = arena_alloc (self, len + 1);

  memcpy (copy, str, len);
  copy[len] = '\0';
  return copy;
}

/* Errors ---------------------------------------------------------------- */

static guint64
count_chars (const guint8 *data,
             gsize         len)
{
  guint64 n = 0;

  for (gsize i = 0; i < len; i++)
    if ((data[i] & 0xC0) != 0x80)
      n++;

  return n;
}

/* Column of buf[index], which is on the current line */
static guint64
column_of (HoneJsonlReader *self,
           gsize            index)
{
  return self->line_chars_before + count_chars (self->buf + self->line_start, index - self->line_start) + 1;
}

static void set_error (HoneJsonlReader  *self,
                       GError          **error,
                       gboolean          fatal,
                       guint64           line,
                       guint64           column,
                       int               code,
                       const char       *format,
                       ...) G_GNUC_PRINTF (7, 8);

static void
set_error (HoneJsonlReader  *self,
           GError          **error,
           gboolean          fatal,
           guint64           line,
           guint64           column,
           int               code,
           const char       *format,
           ...)
{
  g_autofree char *place = hone_text_format_place (line, column);
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  self->error_line = line;
  self->error_column = column;
  self->error_recoverable = !fatal;

  if (fatal)
    {
      g_clear_error (&self->fatal_error);
      /* Translators: the first %s is a place (“line 3, column 5”), the second what is wrong there */
      self->fatal_error = g_error_new (HONE_ERROR, code, _("%s: %s"), place, what);
      if (error != NULL)
        *error = g_error_copy (self->fatal_error);
    }
  else
    g_set_error (error, HONE_ERROR, code, _("%s: %s"), place, what);
}

/* Input ----------------------------------------------------------------- */

static void
check_utf8 (HoneJsonlReader *self)
{
  gsize good = 0;
  gsize bad;

  if (self->bad_byte || self->valid == self->len)
    return;

  if (hone_text_validate_utf8 (self->buf + self->valid, self->len - self->valid, &good))
    {
      self->valid = self->len;
      return;
    }

  bad = self->valid + good;
  self->valid = bad;

  /* A character cut by the end of the chunk: wait for the rest */
  if (!self->eof && hone_text_utf8_is_cut (self->buf + bad, self->len - bad))
    return;

  self->bad_byte = TRUE;
}

/* Makes more checked bytes available after buf[valid]: 1 when there are, 0
 * at the end, -1 on an error. Bytes before rec_start may be dropped. */
static int
more (HoneJsonlReader  *self,
      GCancellable     *cancellable,
      GError          **error)
{
  while (TRUE)
    {
      gsize old_valid;
      g_autoptr(GError) read_error = NULL;
      gssize n;

      if (self->fatal_error != NULL)
        {
          if (error != NULL)
            *error = g_error_copy (self->fatal_error);
          self->error_recoverable = FALSE;
          return -1;
        }

      if (self->bad_byte)
        {
          /* The reader only asks for more at buf[valid], on the current line */
          guint64 column = column_of (self, self->valid);

          if (self->buf[self->valid] == 0)
            set_error (self, error, TRUE, self->line, column, HONE_ERROR_ENCODING,
                       _("the file has a zero byte here, which text files do not have. If it is in UTF-16 without a byte order mark, choose UTF-16 as its encoding."));
          else
            set_error (self, error, TRUE, self->line, column, HONE_ERROR_ENCODING,
                       _("the byte 0x%02X is not UTF-8 text. Choose the encoding the file was saved in; Windows-1252 and ISO-8859-1 (Latin-1) are the most common."),
                       self->buf[self->valid]);
          return -1;
        }

      if (self->eof)
        return 0;

      if (self->cap - self->len < READ_SIZE)
        {
          if (self->rec_start > 0)
            {
              gsize shift = self->rec_start;

              if (self->line_start < shift)
                {
                  self->line_chars_before += count_chars (self->buf + self->line_start,
                                                          shift - self->line_start);
                  self->line_start = shift;
                }
              memmove (self->buf, self->buf + shift, self->len - shift);
              self->buf_offset += shift;
              self->len -= shift;
              self->pos -= shift;
              self->valid -= shift;
              self->line_start -= shift;
              self->rec_start = 0;
            }

          if (self->cap - self->len < READ_SIZE)
            {
              if (self->len >= HONE_JSONL_READER_MAX_ROW_BYTES)
                {
                  set_error (self, error, TRUE, self->row_line, 0, HONE_ERROR_PARSE,
                             _("the row that starts here is longer than %d MB. Hone cannot import rows this long."),
                             HONE_JSONL_READER_MAX_ROW_BYTES / (1024 * 1024));
                  return -1;
                }
              self->cap = MAX (self->cap * 2, 4 * READ_SIZE);
              self->buf = g_realloc (self->buf, self->cap);
            }
        }

      /* After the buffer moved */
      old_valid = self->valid;
      n = g_input_stream_read (self->stream, self->buf + self->len,
                               MIN (self->cap - self->len, (gsize) 4 * READ_SIZE),
                               cancellable, &read_error);
      if (n < 0)
        {
          g_autofree char *place = hone_text_format_place (self->line, 0);

          hone_text_encoding_set_read_error (&self->fatal_error, read_error, NULL, place);
          self->error_line = self->line;
          self->error_column = 0;
          self->error_recoverable = FALSE;
          if (error != NULL)
            *error = g_error_copy (self->fatal_error);
          if (g_error_matches (self->fatal_error, HONE_ERROR, HONE_ERROR_CANCELLED))
            g_clear_error (&self->fatal_error);
          return -1;
        }

      if (n == 0)
        self->eof = TRUE;
      self->len += n;
      check_utf8 (self);

      if (self->valid > old_valid)
        return 1;
    }
}

static inline void
new_line (HoneJsonlReader *self,
          gsize            next)
{
  self->line++;
  self->line_start = next;
  self->line_chars_before = 0;
}

/* JSON ------------------------------------------------------------------ */

typedef struct {
  HoneJsonlReader *self;
  const guint8    *data;
  gsize            len;
  gsize            pos;
  guint            depth;
  gsize            err_pos;
  char            *err;
} Parser;

static gboolean parser_fail (Parser     *p,
                             gsize       pos,
                             const char *format,
                             ...) G_GNUC_PRINTF (3, 4);

static gboolean
parser_fail (Parser     *p,
             gsize       pos,
             const char *format,
             ...)
{
  va_list args;

  if (p->err != NULL)
    return FALSE;

  va_start (args, format);
  p->err = g_strdup_vprintf (format, args);
  va_end (args);
  p->err_pos = pos;
  return FALSE;
}

static inline void
skip_ws (Parser *p)
{
  while (p->pos < p->len)
    {
      guint8 c = p->data[p->pos];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      p->pos++;
    }
}

static Jv *
jv_new (Parser *p,
        JvType  type,
        gsize   pos)
{
  Jv *v = arena_alloc (p->self, sizeof (Jv));

  memset (v, 0, sizeof *v);
  v->type = type;
  v->pos = pos;
  return v;
}

static int
hex_value (guint8 c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Parser  *p,
           gsize    at,
           guint   *out)
{
  guint v = 0;

  if (at + 4 > p->len)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int h = hex_value (p->data[at + i]);
      if (h < 0)
        return FALSE;
      v = v * 16 + h;
    }
  *out = v;
  return TRUE;
}

static Jv *
parse_string (Parser *p)
{
  gsize start = p->pos;
  gsize i = start + 1;
  gboolean escapes = FALSE;
  Jv *v;
  char *out;
  gsize n = 0;

  /* Find the end first */
  while (i < p->len && p->data[i] != '"')
    {
      if (p->data[i] < 0x20)
        {
          parser_fail (p, i, _("a line break or control character inside a string must be written with a backslash (\\n, \\t)."));
          return NULL;
        }
      if (p->data[i] == '\\')
        {
          escapes = TRUE;
          i++;
        }
      i++;
    }
  if (i >= p->len)
    {
      parser_fail (p, start, _("this string has no closing quote (\")."));
      return NULL;
    }

  v = jv_new (p, JV_STRING, start);
  if (!escapes)
    {
      v->str = arena_strndup (p->self, (const char *) p->data + start + 1, i - start - 1);
      v->len = i - start - 1;
      p->pos = i + 1;
      return v;
    }

  out = arena_alloc (p->self, i - start);
  for (gsize j = start + 1; j < i; j++)
    {
      guint8 c = p->data[j];
      guint cp, low;

      if (c != '\\')
        {
          out[n++] = (char) c;
          continue;
        }

      j++;
      switch (p->data[j])
        {
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '/': out[n++] = '/'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u':
          if (!read_hex4 (p, j + 1, &cp))
            {
              parser_fail (p, j - 1, _("\\u must be followed by four hexadecimal digits."));
              return NULL;
            }
          j += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF)
            {
              if (j + 2 < i && p->data[j + 1] == '\\' && p->data[j + 2] == 'u' &&
                  read_hex4 (p, j + 3, &low) && low >= 0xDC00 && low <= 0xDFFF)
                {
                  cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                  j += 6;
                }
              else
                {
                  parser_fail (p, j - 5, _("this \\u escape is half of a character (a lone surrogate): the other half is missing."));
                  return NULL;
                }
            }
          else if (cp >= 0xDC00 && cp <= 0xDFFF)
            {
              parser_fail (p, j - 5, _("this \\u escape is half of a character (a lone surrogate): the other half is missing."));
              return NULL;
            }
          if (cp == 0)
            {
              parser_fail (p, j - 5, _("\\u0000 (a zero character) cannot be kept in a value."));
              return NULL;
            }
          n += g_unichar_to_utf8 (cp, out + n);
          break;
        default:
          parser_fail (p, j - 1, _("“\\%c” is not an escape JSON knows. Write a backslash as \\\\."),
                       g_ascii_isprint (p->data[j]) ? p->data[j] : '?');
          return NULL;
        }
    }
  out[n] = '\0';
  v->str = out;
  v->len = n;
  p->pos = i + 1;
  return v;
}

static Jv *
parse_number (Parser *p)
{
  gsize start = p->pos;
  gsize i = start;
  Jv *v;

  if (i < p->len && p->data[i] == '-')
    i++;
  if (i < p->len && p->data[i] == '0')
    i++;
  else if (i < p->len && p->data[i] >= '1' && p->data[i] <= '9')
    while (i < p->len && g_ascii_isdigit (p->data[i]))
      i++;
  else
    goto bad;

  if (i < p->len && p->data[i] == '.')
    {
      i++;
      if (i >= p->len || !g_ascii_isdigit (p->data[i]))
        goto bad;
      while (i < p->len && g_ascii_isdigit (p->data[i]))
        i++;
    }
  if (i < p->len && (p->data[i] == 'e' || p->data[i] == 'E'))
    {
      i++;
      if (i < p->len && (p->data[i] == '+' || p->data[i] == '-'))
        i++;
      if (i >= p->len || !g_ascii_isdigit (p->data[i]))
        goto bad;
      while (i < p->len && g_ascii_isdigit (p->data[i]))
        i++;
    }

  v = jv_new (p, JV_NUMBER, start);
  v->str = arena_strndup (p->self, (const char *) p->data + start, i - start);
  v->len = i - start;
  p->pos = i;
  return v;

bad:
  parser_fail (p, start, _("this is not a JSON value. Text must be in double quotes (\"…\"); numbers are written like 12 or -3.5."));
  return NULL;
}

static gboolean
match_word (Parser     *p,
            const char *word)
{
  gsize n = strlen (word);

  if (p->pos + n <= p->len && memcmp (p->data + p->pos, word, n) == 0)
    {
      p->pos += n;
      return TRUE;
    }
  return FALSE;
}

static Jv *parse_value (Parser *p);

static Jv *
finish_container (Parser *p,
                  Jv     *v,
                  guint   stack_start)
{
  GPtrArray *stack = p->self->stack;

  v->n_items = stack->len - stack_start;
  v->items = arena_alloc (p->self, MAX (v->n_items, 1) * sizeof (Jv *));
  /* An empty stack may have no array at all */
  if (v->n_items > 0)
    memcpy (v->items, stack->pdata + stack_start, v->n_items * sizeof (Jv *));
  g_ptr_array_set_size (stack, stack_start);
  return v;
}

static Jv *
parse_container (Parser *p)
{
  GPtrArray *stack = p->self->stack;
  guint stack_start = stack->len;
  gboolean is_object = p->data[p->pos] == '{';
  guint8 close = is_object ? '}' : ']';
  Jv *v = jv_new (p, is_object ? JV_OBJECT : JV_ARRAY, p->pos);

  if (++p->depth > HONE_JSONL_READER_MAX_DEPTH)
    {
      parser_fail (p, p->pos, _("the values here are nested more than %d levels deep."),
                   HONE_JSONL_READER_MAX_DEPTH);
      goto fail;
    }

  p->pos++;
  skip_ws (p);
  if (p->pos < p->len && p->data[p->pos] == close)
    {
      p->pos++;
      p->depth--;
      return finish_container (p, v, stack_start);
    }

  while (TRUE)
    {
      Jv *item;

      skip_ws (p);
      if (is_object)
        {
          Jv *key;

          if (p->pos >= p->len || p->data[p->pos] != '"')
            {
              parser_fail (p, MIN (p->pos, p->len), _("a key in double quotes (\"name\") was expected here."));
              goto fail;
            }
          key = parse_string (p);
          if (key == NULL)
            goto fail;
          g_ptr_array_add (stack, key);
          skip_ws (p);
          if (p->pos >= p->len || p->data[p->pos] != ':')
            {
              parser_fail (p, MIN (p->pos, p->len), _("a colon (:) was expected after the key."));
              goto fail;
            }
          p->pos++;
          skip_ws (p);
        }

      item = parse_value (p);
      if (item == NULL)
        goto fail;
      g_ptr_array_add (stack, item);

      skip_ws (p);
      if (p->pos < p->len && p->data[p->pos] == ',')
        {
          p->pos++;
          continue;
        }
      if (p->pos < p->len && p->data[p->pos] == close)
        {
          p->pos++;
          break;
        }
      if (is_object)
        parser_fail (p, MIN (p->pos, p->len), _("a comma (,) or the end of the object (}) was expected here."));
      else
        parser_fail (p, MIN (p->pos, p->len), _("a comma (,) or the end of the list (]) was expected here."));
      goto fail;
    }

  p->depth--;
  return finish_container (p, v, stack_start);

fail:
  g_ptr_array_set_size (stack, stack_start);
  return NULL;
}

static Jv *
parse_value (Parser *p)
{
  gsize start = p->pos;

  if (p->pos >= p->len)
    {
      parser_fail (p, p->len, _("a value was expected here, but the line ends."));
      return NULL;
    }

  switch (p->data[p->pos])
    {
    case '{':
    case '[':
      return parse_container (p);
    case '"':
      return parse_string (p);
    case 't':
      if (match_word (p, "true"))
        return jv_new (p, JV_TRUE, start);
      break;
    case 'f':
      if (match_word (p, "false"))
        return jv_new (p, JV_FALSE, start);
      break;
    case 'n':
      if (match_word (p, "null"))
        return jv_new (p, JV_NULL, start);
      break;
    default:
      return parse_number (p);
    }

  return parse_number (p);
}

/* Compact JSON text of a value */
static void
serialize (GString *out,
           Jv      *v)
{
  switch (v->type)
    {
    case JV_NULL:
      g_string_append (out, "null");
      break;
    case JV_TRUE:
      g_string_append (out, "true");
      break;
    case JV_FALSE:
      g_string_append (out, "false");
      break;
    case JV_NUMBER:
      g_string_append_len (out, v->str, v->len);
      break;
    case JV_STRING:
      g_string_append_c (out, '"');
      for (gsize i = 0; i < v->len; i++)
        {
          guint8 c = (guint8) v->str[i];

          switch (c)
            {
            case '"': g_string_append (out, "\\\""); break;
            case '\\': g_string_append (out, "\\\\"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            case '\b': g_string_append (out, "\\b"); break;
            case '\f': g_string_append (out, "\\f"); break;
            default:
              if (c < 0x20)
                g_string_append_printf (out, "\\u%04x", c);
              else
                g_string_append_c (out, (char) c);
            }
        }
      g_string_append_c (out, '"');
      break;
    case JV_ARRAY:
      g_string_append_c (out, '[');
      for (guint i = 0; i < v->n_items; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          serialize (out, v->items[i]);
        }
      g_string_append_c (out, ']');
      break;
    case JV_OBJECT:
      g_string_append_c (out, '{');
      for (guint i = 0; i + 1 < v->n_items; i += 2)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          serialize (out, v->items[i]);
          g_string_append_c (out, ':');
          serialize (out, v->items[i + 1]);
        }
      g_string_append_c (out, '}');
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Rows ------------------------------------------------------------------ */

static guint
column_for (HoneJsonlReader *self,
            const char      *name)
{
  gpointer index;
  char *copy;

  if (g_hash_table_lookup_extended (self->column_index, name, NULL, &index))
    return GPOINTER_TO_UINT (index);

  copy = g_strdup (name);
  g_ptr_array_add (self->columns, copy);
  g_array_set_size (self->cells, self->columns->len);
  g_hash_table_insert (self->column_index, copy, GUINT_TO_POINTER (self->columns->len - 1));
  return self->columns->len - 1;
}

/* Sets the value of column @name from @v; FALSE (with the parser's error)
 * when the row already has one. */
static gboolean
set_cell (Parser     *p,
          const char *name,
          Jv         *v,
          gsize       key_pos)
{
  HoneJsonlReader *self = p->self;
  guint column = column_for (self, name);
  Cell *cell = &g_array_index (self->cells, Cell, column);

  if (cell->stamp == self->stamp)
    return parser_fail (p, key_pos, _("“%s” appears twice in this row; one of its values would be lost. Keep one."),
                        name);

  cell->stamp = self->stamp;
  switch (v->type)
    {
    case JV_NULL:
      cell->value = NULL;
      cell->len = 0;
      break;
    case JV_TRUE:
      cell->value = (char *) "true";
      cell->len = 4;
      break;
    case JV_FALSE:
      cell->value = (char *) "false";
      cell->len = 5;
      break;
    case JV_NUMBER:
    case JV_STRING:
      cell->value = v->str;
      cell->len = v->len;
      break;
    case JV_ARRAY:
    case JV_OBJECT:
      g_string_truncate (self->json, 0);
      serialize (self->json, v);
      cell->value = arena_strndup (self, self->json->str, self->json->len);
      cell->len = self->json->len;
      break;
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static Jv *
object_get (Jv         *object,
            const char *key)
{
  for (guint i = 0; i + 1 < object->n_items; i += 2)
    if (g_str_equal (object->items[i]->str, key))
      return object->items[i + 1];
  return NULL;
}

static gboolean
is_chat_row (Jv *row)
{
  Jv *messages = object_get (row, "messages");
  return messages != NULL && messages->type == JV_ARRAY;
}

static gboolean
set_message_cells (Parser *p,
                   Jv     *messages)
{
  HoneJsonlReader *self = p->self;

  g_hash_table_remove_all (self->role_counts);

  for (guint m = 0; m < messages->n_items; m++)
    {
      Jv *message = messages->items[m];
      Jv *role = object_get (message, "role");
      g_autofree char *column = NULL;
      guint count;

      count = GPOINTER_TO_UINT (g_hash_table_lookup (self->role_counts, role->str)) + 1;
      g_hash_table_insert (self->role_counts, role->str, GUINT_TO_POINTER (count));
      if (count == 1)
        column = g_strdup (role->str);
      else
        column = g_strdup_printf ("%s %u", role->str, count);

      for (guint i = 0; i + 1 < message->n_items; i += 2)
        {
          Jv *key = message->items[i];
          Jv *value = message->items[i + 1];

          if (g_str_equal (key->str, "role"))
            continue;
          if (g_str_equal (key->str, "content"))
            {
              if (!set_cell (p, column, value, key->pos))
                return FALSE;
            }
          else
            {
              g_autofree char *name = g_strdup_printf ("%s %s", column, key->str);

              if (!set_cell (p, name, value, key->pos))
                return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
set_chat_cells (Parser *p,
                Jv     *row)
{
  Jv *messages = NULL;

  /* Check the whole row before any value lands */
  for (guint i = 0; i + 1 < row->n_items; i += 2)
    if (g_str_equal (row->items[i]->str, "messages"))
      {
        if (messages != NULL)
          return parser_fail (p, row->items[i]->pos, _("“messages” appears twice in this row; one of them would be lost. Keep one."));
        messages = row->items[i + 1];
      }

  if (messages == NULL)
    return parser_fail (p, row->pos, _("this row has no “messages” list. In a chat file each line is {\"messages\": [{\"role\": …, \"content\": …}, …]}."));
  if (messages->type != JV_ARRAY)
    return parser_fail (p, messages->pos, _("“messages” must be a list ([…]) of messages."));

  for (guint m = 0; m < messages->n_items; m++)
    {
      Jv *message = messages->items[m];
      Jv *role;

      if (message->type != JV_OBJECT)
        return parser_fail (p, message->pos, _("each message must be an object like {\"role\": \"user\", \"content\": \"…\"}."));
      role = object_get (message, "role");
      if (role == NULL || role->type != JV_STRING || role->len == 0)
        return parser_fail (p, message->pos, _("this message has no “role” (system, user or assistant)."));
    }

  /* In the order of the row's keys */
  for (guint i = 0; i + 1 < row->n_items; i += 2)
    {
      Jv *key = row->items[i];

      if (g_str_equal (key->str, "messages"))
        {
          if (!set_message_cells (p, messages))
            return FALSE;
        }
      else if (!set_cell (p, key->str, row->items[i + 1], key->pos))
        return FALSE;
    }

  return TRUE;
}

/* Parses the row in data[0, len): fills the cells, or sets the parser's error */
static gboolean
parse_row (Parser *p)
{
  HoneJsonlReader *self = p->self;
  Jv *row;

  skip_ws (p);
  if (p->pos < p->len && p->data[p->pos] != '{')
    {
      if (p->data[p->pos] == '[' && !self->is_array)
        return parser_fail (p, p->pos, _("each line must be one JSON object ({…}); this one is a list. A file that is one list of objects is read as JSON, not JSON Lines."));
      return parser_fail (p, p->pos, _("each row must be a JSON object ({…})."));
    }

  row = parse_value (p);
  if (row == NULL)
    return FALSE;

  skip_ws (p);
  if (p->pos < p->len)
    return parser_fail (p, p->pos, _("there is more text after the end of the object. Each line must hold one object."));

  self->stamp++;

  if (self->chat < 0)
    {
      self->chat = self->format == HONE_JSONL_FORMAT_CHAT ||
                   (self->format == HONE_JSONL_FORMAT_AUTO && is_chat_row (row));
      if (self->chat)
        {
          column_for (self, "system");
          column_for (self, "user");
          column_for (self, "assistant");
        }
    }

  if (self->chat)
    return set_chat_cells (p, row);

  for (guint i = 0; i + 1 < row->n_items; i += 2)
    if (!set_cell (p, row->items[i]->str, row->items[i + 1], row->items[i]->pos))
      return FALSE;

  return TRUE;
}

/* Turns the parser's error into one at its place in the file; the row
 * text started at @line, @column */
static void
set_parser_error (HoneJsonlReader  *self,
                  Parser           *p,
                  guint64           line,
                  guint64           column,
                  GError          **error)
{
  gsize last_line_start = 0;
  gboolean new_lines = FALSE;

  for (gsize i = 0; i < p->err_pos && i < p->len; i++)
    if (p->data[i] == '\n')
      {
        line++;
        last_line_start = i + 1;
        new_lines = TRUE;
      }

  if (new_lines)
    column = count_chars (p->data + last_line_start, MIN (p->err_pos, p->len) - last_line_start) + 1;
  else
    column += count_chars (p->data, MIN (p->err_pos, p->len));

  set_error (self, error, FALSE, line, column, HONE_ERROR_PARSE, "%s", p->err);
}

/* Skips whitespace, counting lines. Returns 1 at a non-space byte, 0 at the
 * end, -1 on an error. */
static int
skip_space (HoneJsonlReader  *self,
            GCancellable     *cancellable,
            GError          **error)
{
  while (TRUE)
    {
      while (self->pos < self->valid)
        {
          guint8 c = self->buf[self->pos];

          if (c == '\n')
            new_line (self, self->pos + 1);
          else if (c != ' ' && c != '\t' && c != '\r')
            return 1;
          self->pos++;
        }

      self->rec_start = self->pos;
      {
        int r = more (self, cancellable, error);
        if (r <= 0)
          return r;
      }
    }
}

static gboolean
start (HoneJsonlReader  *self,
       GCancellable     *cancellable,
       GError          **error)
{
  int r;

  if (self->started)
    return TRUE;

  r = skip_space (self, cancellable, error);
  if (r < 0)
    return FALSE;

  self->started = TRUE;
  self->is_array = FALSE;

  if (r == 0)
    return TRUE;

  if (self->buf[self->pos] == '[' && self->format != HONE_JSONL_FORMAT_LINES)
    {
      self->is_array = TRUE;
      self->pos++;
      return TRUE;
    }

  if (self->format == HONE_JSONL_FORMAT_ARRAY)
    {
      set_error (self, error, TRUE, self->line, column_of (self, self->pos), HONE_ERROR_PARSE,
                 _("a JSON file for Hone is a list of objects and starts with “[”. If the file has one object per line, import it as JSON Lines."));
      return FALSE;
    }

  if (self->buf[self->pos] != '{' && self->buf[self->pos] != '[')
    {
      set_error (self, error, TRUE, self->line, column_of (self, self->pos), HONE_ERROR_PARSE,
                 _("the file does not start with “{” or “[”, so it is not JSON. Is it a CSV file?"));
      return FALSE;
    }

  return TRUE;
}

/* JSON Lines: the next line that is not blank, in buf[rec_start, *end).
 * 1 for a line, 0 at the end, -1 on an error. */
static int
next_line (HoneJsonlReader  *self,
           gsize            *end,
           GCancellable     *cancellable,
           GError          **error)
{
  while (TRUE)
    {
      gsize scan = self->pos;
      gboolean blank = TRUE;
      gboolean last;

      self->rec_start = self->pos;
      self->row_line = self->line;

      while (TRUE)
        {
          const guint8 *nl = memchr (self->buf + scan, '\n', self->valid - scan);
          gsize offset;
          int r;

          if (nl != NULL)
            {
              *end = nl - self->buf;
              self->pos = *end + 1;
              break;
            }

          offset = self->valid - self->rec_start;
          r = more (self, cancellable, error);
          if (r < 0)
            return -1;
          if (r == 0)
            {
              /* The last line, without a line end */
              *end = self->valid;
              self->pos = self->valid;
              break;
            }
          scan = self->rec_start + offset;
        }

      for (gsize i = self->rec_start; blank && i < *end; i++)
        if (self->buf[i] != ' ' && self->buf[i] != '\t' && self->buf[i] != '\r')
          blank = FALSE;

      last = self->pos == *end;
      if (!last)
        new_line (self, self->pos);
      if (!blank)
        return 1;
      if (last)
        return 0;
    }
}

/* JSON array: the next element in buf[rec_start, pos). 1 for an element,
 * 0 at the end of the list, -1 on an error. */
static int
next_element (HoneJsonlReader  *self,
              guint64          *line,
              guint64          *column,
              GCancellable     *cancellable,
              GError          **error)
{
  int r;
  guint8 c;

  if (self->array_state == 2)
    return 0;

  while (TRUE)
    {
      r = skip_space (self, cancellable, error);
      if (r < 0)
        return -1;
      if (r == 0)
        {
          set_error (self, error, TRUE, self->line, column_of (self, self->pos), HONE_ERROR_PARSE,
                     _("the file ends before the list of objects is closed with “]”."));
          return -1;
        }

      c = self->buf[self->pos];
      if (c == ']')
        {
          self->pos++;
          self->array_state = 2;
          /* Only space may follow */
          r = skip_space (self, cancellable, error);
          if (r < 0)
            return -1;
          if (r > 0)
            {
              set_error (self, error, TRUE, self->line, column_of (self, self->pos), HONE_ERROR_PARSE,
                         _("there is more text after the end of the list (“]”)."));
              return -1;
            }
          return 0;
        }
      if (self->array_state == 1)
        {
          if (c != ',')
            {
              set_error (self, error, TRUE, self->line, column_of (self, self->pos), HONE_ERROR_PARSE,
                         _("a comma (,) or the end of the list (]) was expected here."));
              return -1;
            }
          self->pos++;
          self->array_state = 0;
          continue;
        }
      break;
    }

  /* An element: find where it ends, counting lines */
  self->rec_start = self->pos;
  self->row_line = self->line;
  *line = self->line;
  *column = column_of (self, self->pos);

  {
    guint depth = 0;
    gboolean in_string = FALSE;
    gboolean scalar = c != '{' && c != '[' && c != '"';
    gboolean done = FALSE;

    while (!done)
      {
        while (self->pos < self->valid)
          {
            c = self->buf[self->pos];

            if (scalar)
              {
                if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
                  {
                    done = TRUE;
                    break;
                  }
              }
            else if (in_string)
              {
                if (c == '\\')
                  {
                    /* The escaped byte must be there too */
                    if (self->pos + 1 >= self->valid)
                      break;
                    self->pos++;
                    c = self->buf[self->pos];
                  }
                else if (c == '"')
                  {
                    in_string = FALSE;
                    if (depth == 0)
                      done = TRUE;
                  }
              }
            else if (c == '"')
              in_string = TRUE;
            else if (c == '{' || c == '[')
              depth++;
            else if (c == '}' || c == ']')
              {
                if (depth == 0)
                  {
                    /* A stray closing bracket: the element ends before it */
                    done = TRUE;
                    break;
                  }
                if (--depth == 0)
                  done = TRUE;
              }

            if (c == '\n')
              new_line (self, self->pos + 1);
            self->pos++;
            if (done)
              break;
          }

        if (done)
          break;

        r = more (self, cancellable, error);
        if (r < 0)
          return -1;
        if (r == 0)
          {
            if (scalar)
              break;
            set_error (self, error, TRUE, *line, *column, HONE_ERROR_PARSE,
                       _("the value that starts here is not closed before the end of the file."));
            return -1;
          }
      }
  }

  self->array_state = 1;
  return 1;
}

gboolean
hone_jsonl_reader_read_row (HoneJsonlReader  *self,
                            GCancellable     *cancellable,
                            GError          **error)
{
  Parser p = { 0 };
  guint64 line, column;
  gsize end;
  int r;

  g_return_val_if_fail (HONE_IS_JSONL_READER (self), FALSE);

  self->error_recoverable = FALSE;

  if (self->fatal_error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->fatal_error);
      return FALSE;
    }

  if (!start (self, cancellable, error))
    return FALSE;

  arena_reset (self);

  if (self->is_array)
    {
      r = next_element (self, &line, &column, cancellable, error);
      end = self->pos;
    }
  else
    {
      r = next_line (self, &end, cancellable, error);
      line = self->row_line;
      column = 1;
    }

  if (r <= 0)
    return FALSE;

  p.self = self;
  p.data = self->buf + self->rec_start;
  p.len = end - self->rec_start;

  if (!parse_row (&p))
    {
      set_parser_error (self, &p, line, column, error);
      g_free (p.err);
      self->stamp++;
      return FALSE;
    }

  self->n_rows++;
  return TRUE;
}
