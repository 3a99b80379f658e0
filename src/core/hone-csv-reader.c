/* hone-csv-reader.c: a streaming reader of CSV and TSV files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-csv-reader.h"
#include "hone-error.h"
#include "hone-text-encoding.h"

#define READ_SIZE (64 * 1024)
/* Rows looked at to detect the delimiter */
#define DETECT_ROWS 64

struct _HoneCsvReader
{
  GObject       parent_instance;

  GInputStream *stream;
  char          delimiter;
  gboolean      has_header;
  gboolean      started;

  /* Input. buf[0, len) came from the stream; bytes before the start of the
   * current row are dropped when more room is needed, so every index below
   * is at or after rec_start. */
  guint8       *buf;
  gsize         cap;
  gsize         len;
  gsize         pos;
  gsize         rec_start;
  gsize         valid;        /* buf[0, valid) is checked UTF-8 */
  gboolean      bad_byte;     /* buf[valid] is not UTF-8 (or a zero byte) */
  gboolean      eof;
  guint64       buf_offset;   /* stream offset of buf[0] */

  guint64       line;         /* line of buf[pos] */
  gsize         line_start;   /* where that line starts in buf */

  /* The current row: fields one after the other, each NUL-terminated */
  char         *row;
  gsize         row_len;
  gsize         row_cap;
  gsize        *starts;
  guint         n_fields;
  guint         starts_cap;
  guint64       row_line;
  guint64       n_rows;

  GStrv         header;

  guint64       error_line;
  guint64       error_column;
  gboolean      error_recoverable;
  GError       *fatal_error;

  guint8        special[256];        /* outside quotes: delimiter, CR, LF */
};

G_DEFINE_FINAL_TYPE (HoneCsvReader, hone_csv_reader, G_TYPE_OBJECT)

static void
hone_csv_reader_finalize (GObject *object)
{
  HoneCsvReader *self = HONE_CSV_READER (object);

  g_clear_object (&self->stream);
  g_free (self->buf);
  g_free (self->row);
  g_free (self->starts);
  g_strfreev (self->header);
  g_clear_error (&self->fatal_error);

  G_OBJECT_CLASS (hone_csv_reader_parent_class)->finalize (object);
}

static void
hone_csv_reader_class_init (HoneCsvReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hone_csv_reader_finalize;
}

static void
hone_csv_reader_init (HoneCsvReader *self)
{
  self->line = 1;
}

HoneCsvReader *
hone_csv_reader_new (GInputStream *stream)
{
  HoneCsvReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_object_new (HONE_TYPE_CSV_READER, NULL);
  self->stream = g_object_ref (stream);

  return self;
}

void
hone_csv_reader_set_delimiter (HoneCsvReader *self,
                               char           delimiter)
{
  g_return_if_fail (HONE_IS_CSV_READER (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (delimiter != '"' && delimiter != '\r' && delimiter != '\n');

  self->delimiter = delimiter;
}

char
hone_csv_reader_get_delimiter (HoneCsvReader *self)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), 0);
  return self->delimiter;
}

void
hone_csv_reader_set_has_header (HoneCsvReader *self,
                                gboolean       has_header)
{
  g_return_if_fail (HONE_IS_CSV_READER (self));
  g_return_if_fail (!self->started);

  self->has_header = !!has_header;
}

gboolean
hone_csv_reader_get_has_header (HoneCsvReader *self)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), FALSE);
  return self->has_header;
}

const char * const *
hone_csv_reader_get_header (HoneCsvReader *self)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), NULL);
  return (const char * const *) self->header;
}

guint
hone_csv_reader_get_n_fields (HoneCsvReader *self)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), 0);
  return self->n_fields;
}

const char *
hone_csv_reader_get_field (HoneCsvReader *self,
                           guint          index,
                           gsize         *length)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), NULL);
  g_return_val_if_fail (index < self->n_fields, NULL);

  if (length != NULL)
    {
      gsize end = index + 1 < self->n_fields ? self->starts[index + 1] : self->row_len;
      *length = end - self->starts[index] - 1;
    }

  return self->row + self->starts[index];
}

guint64
hone_csv_reader_get_row_line (HoneCsvReader *self)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), 0);
  return self->row_line;
}

guint64
hone_csv_reader_get_n_rows (HoneCsvReader *self)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), 0);
  return self->n_rows;
}

guint64
hone_csv_reader_get_bytes_read (HoneCsvReader *self)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), 0);
  return self->buf_offset + self->pos;
}

guint64
hone_csv_reader_get_error_line (HoneCsvReader *self)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), 0);
  return self->error_line;
}

guint64
hone_csv_reader_get_error_column (HoneCsvReader *self)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), 0);
  return self->error_column;
}

gboolean
hone_csv_reader_is_error_recoverable (HoneCsvReader *self)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), FALSE);
  return self->error_recoverable;
}

/* Errors ---------------------------------------------------------------- */

/* Column (1-based, in characters) of buf[index] on a line starting at
 * buf[line_start]. Both are in the buffer: lines never start before the
 * current row. */
static guint64
column_at (HoneCsvReader *self,
           gsize          line_start,
           gsize          index)
{
  guint64 column = 1;

  for (gsize i = line_start; i < index; i++)
    if ((self->buf[i] & 0xC0) != 0x80)
      column++;

  return column;
}

static void set_error (HoneCsvReader  *self,
                       GError        **error,
                       gboolean        fatal,
                       guint64         line,
                       guint64         column,
                       int             code,
                       const char     *format,
                       ...) G_GNUC_PRINTF (7, 8);

static void
set_error (HoneCsvReader  *self,
           GError        **error,
           gboolean        fatal,
           guint64         line,
           guint64         column,
           int             code,
           const char     *format,
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

  /* Translators: the first %s is a place (“line 3, column 5”), the second what is wrong there */
  if (fatal)
    {
      g_clear_error (&self->fatal_error);
      self->fatal_error = g_error_new (HONE_ERROR, code, _("%s: %s"), place, what);
      if (error != NULL)
        *error = g_error_copy (self->fatal_error);
    }
  else
    g_set_error (error, HONE_ERROR, code, _("%s: %s"), place, what);
}

static void
set_bad_byte_error (HoneCsvReader  *self,
                    GError        **error)
{
  guint64 column = column_at (self, self->line_start, self->valid);

  if (self->buf[self->valid] == 0)
    set_error (self, error, TRUE, self->line, column, HONE_ERROR_ENCODING,
               _("the file has a zero byte here, which text files do not have. If it is in UTF-16 without a byte order mark, choose UTF-16 as its encoding."));
  else
    set_error (self, error, TRUE, self->line, column, HONE_ERROR_ENCODING,
               _("the byte 0x%02X is not UTF-8 text. Choose the encoding the file was saved in; Windows-1252 and ISO-8859-1 (Latin-1) are the most common."),
               self->buf[self->valid]);
}

/* Input ----------------------------------------------------------------- */

static void
check_utf8 (HoneCsvReader *self)
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

/* Makes more checked bytes available after buf[valid]. Returns 1 when there
 * are, 0 at the end of the stream, -1 on an error. May move the buffer. */
static int
more (HoneCsvReader  *self,
      GCancellable   *cancellable,
      GError        **error)
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
          set_bad_byte_error (self, error);
          return -1;
        }

      if (self->eof)
        return 0;

      if (self->cap - self->len < READ_SIZE)
        {
          /* Drop what is before the current row */
          if (self->rec_start > 0)
            {
              gsize shift = self->rec_start;

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
              if (self->len >= HONE_CSV_READER_MAX_ROW_BYTES)
                {
                  set_error (self, error, TRUE, self->row_line, 0, HONE_ERROR_PARSE,
                             _("the row that starts here is longer than %d MB. A quoted field in it is probably not closed: check that every opening quote (\") has a closing one."),
                             HONE_CSV_READER_MAX_ROW_BYTES / (1024 * 1024));
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
          /* Cancelling is not a property of the file: let a retry happen */
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

/* The index of @c in buf[from, to), or @to */
static inline gsize
find_byte (const guint8 *buf,
           gsize         from,
           gsize         to,
           guint8        c)
{
  const guint8 *p = from < to ? memchr (buf + from, c, to - from) : NULL;
  return p != NULL ? (gsize) (p - buf) : to;
}

/* Appends bytes to the current row */
static inline void
row_append (HoneCsvReader *self,
            const guint8  *data,
            gsize          len)
{
  if (G_UNLIKELY (self->row_len + len + 1 > self->row_cap))
    {
      self->row_cap = MAX (self->row_cap * 2, self->row_len + len + 1);
      self->row_cap = MAX (self->row_cap, 4096);
      self->row = g_realloc (self->row, self->row_cap);
    }
  memcpy (self->row + self->row_len, data, len);
  self->row_len += len;
}

static inline void
row_append_c (HoneCsvReader *self,
              char           c)
{
  guint8 b = (guint8) c;
  row_append (self, &b, 1);
}

static inline void
field_begin (HoneCsvReader *self)
{
  if (G_UNLIKELY (self->n_fields == self->starts_cap))
    {
      self->starts_cap = MAX (self->starts_cap * 2, 32);
      self->starts = g_renew (gsize, self->starts, self->starts_cap);
    }
  self->starts[self->n_fields++] = self->row_len;
}

static inline void
new_line (HoneCsvReader *self)
{
  self->line++;
  self->line_start = self->pos;
}

/* Consumes a line end at buf[pos] (CR, LF or CRLF). Returns -1 on an error. */
static int
take_line_end (HoneCsvReader  *self,
               GCancellable   *cancellable,
               GError        **error)
{
  if (self->buf[self->pos] == '\r')
    {
      self->pos++;
      if (self->pos == self->valid && more (self, cancellable, error) < 0)
        return -1;
      if (self->pos < self->valid && self->buf[self->pos] == '\n')
        self->pos++;
    }
  else
    self->pos++;

  new_line (self);
  return 0;
}

/* After an error in a row: skip to the start of the next line */
static int
skip_rest_of_line (HoneCsvReader  *self,
                   GCancellable   *cancellable,
                   GError        **error)
{
  while (TRUE)
    {
      int r;

      while (self->pos < self->valid &&
             self->buf[self->pos] != '\n' && self->buf[self->pos] != '\r')
        self->pos++;
      if (self->pos < self->valid)
        return take_line_end (self, cancellable, error);

      r = more (self, cancellable, error);
      if (r <= 0)
        return r;
    }
}

/* Reads one row. Returns 1 for a row, 0 at the end, -1 on an error. */
static int
parse_record (HoneCsvReader  *self,
              GCancellable   *cancellable,
              GError        **error)
{
  const guint8 delimiter = (guint8) self->delimiter;
  int r;

  self->row_len = 0;
  self->n_fields = 0;
  self->rec_start = self->pos;

  /* Skip blank lines */
  while (TRUE)
    {
      if (self->pos == self->valid)
        {
          r = more (self, cancellable, error);
          if (r <= 0)
            return r;
          continue;
        }
      if (self->buf[self->pos] != '\n' && self->buf[self->pos] != '\r')
        break;
      if (take_line_end (self, cancellable, error) < 0)
        return -1;
      self->rec_start = self->pos;
    }

  self->rec_start = self->pos;
  self->row_line = self->line;

  while (TRUE)
    {
      gboolean at_end = FALSE;

      field_begin (self);

      if (self->pos == self->valid)
        {
          /* The last field, after a delimiter at the very end */
          r = more (self, cancellable, error);
          if (r < 0)
            return -1;
          at_end = r == 0;
        }

      if (!at_end && self->buf[self->pos] == '"')
        {
          gsize quote_off = self->pos - self->rec_start;
          gsize quote_line_off = self->line_start - self->rec_start;
          guint64 quote_line = self->line;

          /* Where the next quote, LF and CR are: found with memchr() (fast
           * on long texts), each looked for again only once passed */
          gsize next_quote = 0, next_lf = 0, next_cr = 0;
          gboolean known = FALSE;

          self->pos++;
          while (TRUE)
            {
              gsize start = self->pos;
              gsize end = self->valid;
              const guint8 *b = self->buf;
              gsize i;
              guint8 c;

              if (!known || next_quote < start)
                {
                  next_quote = find_byte (b, start, end, '"');
                  next_lf = find_byte (b, start, next_quote, '\n');
                  next_cr = find_byte (b, start, next_quote, '\r');
                  known = TRUE;
                }
              else
                {
                  if (next_lf < start)
                    next_lf = find_byte (b, start, next_quote, '\n');
                  if (next_cr < start)
                    next_cr = find_byte (b, start, next_quote, '\r');
                }
              i = MIN (next_quote, MIN (next_lf, next_cr));

              row_append (self, b + start, i - start);
              self->pos = i;

              if (i == end)
                {
                  known = FALSE;
                  r = more (self, cancellable, error);
                  if (r < 0)
                    return -1;
                  if (r == 0)
                    {
                      guint64 column = column_at (self, self->rec_start + quote_line_off,
                                                  self->rec_start + quote_off);
                      set_error (self, error, TRUE, quote_line, column, HONE_ERROR_PARSE,
                                 _("a quoted field starts here and is not closed. Check that every opening quote (\") has a closing one, and that quotes inside a field are doubled (\"\")."));
                      return -1;
                    }
                  continue;
                }

              c = b[i];
              if (c == '"')
                {
                  self->pos++;
                  if (self->pos == self->valid)
                    {
                      known = FALSE;
                      r = more (self, cancellable, error);
                      if (r < 0)
                        return -1;
                      if (r == 0)
                        break;
                    }
                  if (self->buf[self->pos] == '"')
                    {
                      row_append_c (self, '"');
                      self->pos++;
                      continue;
                    }
                  break;
                }

              /* A line end inside the quotes: kept as it is */
              row_append_c (self, (char) c);
              self->pos++;
              if (c == '\r')
                {
                  if (self->pos == self->valid)
                    {
                      known = FALSE;
                      if (more (self, cancellable, error) < 0)
                        return -1;
                    }
                  if (self->pos < self->valid && self->buf[self->pos] == '\n')
                    {
                      row_append_c (self, '\n');
                      self->pos++;
                    }
                }
              new_line (self);
            }

          /* After the closing quote: a delimiter, a line end or the end */
          if (self->pos < self->valid)
            {
              guint8 c = self->buf[self->pos];

              if (c != delimiter && c != '\n' && c != '\r')
                {
                  guint64 line = self->line;
                  guint64 column = column_at (self, self->line_start, self->pos);

                  if (skip_rest_of_line (self, cancellable, NULL) < 0 && self->fatal_error != NULL)
                    {
                      if (error != NULL)
                        *error = g_error_copy (self->fatal_error);
                      self->error_recoverable = FALSE;
                      return -1;
                    }
                  set_error (self, error, FALSE, line, column, HONE_ERROR_PARSE,
                             _("a quoted field ends just before this, and more text follows it. Put the whole field inside the quotes, and double the quotes inside it (\"\")."));
                  return -1;
                }
            }
          else
            at_end = TRUE;
        }
      else if (!at_end)
        {
          while (TRUE)
            {
              gsize start = self->pos;
              gsize end = self->valid;
              const guint8 *b = self->buf;
              gsize i = start;

              while (i < end && !self->special[b[i]])
                i++;
              row_append (self, b + start, i - start);
              self->pos = i;

              if (i < end)
                break;

              r = more (self, cancellable, error);
              if (r < 0)
                return -1;
              if (r == 0)
                {
                  at_end = TRUE;
                  break;
                }
            }
        }

      row_append_c (self, '\0');

      if (at_end)
        return 1;

      if (self->buf[self->pos] == delimiter)
        {
          self->pos++;
          continue;
        }

      /* A line end */
      if (take_line_end (self, cancellable, error) < 0)
        return -1;
      return 1;
    }
}

/* Delimiter detection --------------------------------------------------- */

static const char candidates[] = { ',', ';', '\t', '|' };

/* Counts the fields of up to @max rows of @data; returns the number of
 * complete rows. */
static guint
count_fields (const guint8 *data,
              gsize         len,
              gboolean      is_end,
              char          delimiter,
              guint        *counts,
              guint         max)
{
  gsize i = 0;
  guint n = 0;

  while (n < max && i < len)
    {
      guint fields = 1;
      gboolean complete = FALSE;

      if (data[i] == '\n' || data[i] == '\r')
        {
          i++;
          continue;
        }

      while (i < len)
        {
          if (data[i] == '"')
            {
              gboolean closed = FALSE;

              i++;
              while (i < len)
                {
                  if (data[i] == '"')
                    {
                      if (i + 1 < len && data[i + 1] == '"')
                        i += 2;
                      else
                        {
                          i++;
                          closed = TRUE;
                          break;
                        }
                    }
                  else
                    i++;
                }
              if (!closed)
                return n;
            }

          while (i < len && data[i] != (guint8) delimiter && data[i] != '\n' && data[i] != '\r')
            i++;

          if (i == len)
            {
              complete = is_end;
              break;
            }
          if (data[i] == (guint8) delimiter)
            {
              fields++;
              i++;
              if (i == len)
                complete = is_end;
              continue;
            }
          complete = TRUE;
          break;
        }

      if (!complete)
        break;
      counts[n++] = fields;
    }

  return n;
}

char
hone_csv_detect_delimiter (const char *data,
                           gsize       len,
                           gboolean    is_end)
{
  char best = ',';
  double best_score = 0.0;
  guint best_fields = 1;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      guint counts[DETECT_ROWS];
      guint n = count_fields ((const guint8 *) data, len, is_end, candidates[c], counts, DETECT_ROWS);
      guint mode = 0, mode_freq = 0;
      double score;

      /* The most frequent number of fields */
      for (guint i = 0; i < n; i++)
        {
          guint freq = 0;

          for (guint j = 0; j < n; j++)
            if (counts[j] == counts[i])
              freq++;
          if (freq > mode_freq || (freq == mode_freq && counts[i] > mode))
            {
              mode = counts[i];
              mode_freq = freq;
            }
        }

      if (n == 0 || mode <= 1)
        continue;

      score = (double) mode_freq / n;
      if (score > best_score + 1e-9 ||
          (score > best_score - 1e-9 && mode > best_fields))
        {
          best = candidates[c];
          best_score = score;
          best_fields = mode;
        }
    }

  return best;
}

/* Reading --------------------------------------------------------------- */

gboolean
hone_csv_reader_start (HoneCsvReader  *self,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_return_val_if_fail (HONE_IS_CSV_READER (self), FALSE);

  if (self->started)
    return TRUE;

  if (self->delimiter == 0)
    {
      /* Look at the first bytes (as many as are valid: a bad byte is
       * reported when the rows get to it, with its place) */
      while (!self->eof && !self->bad_byte && self->valid < HONE_CSV_READER_DETECT_BYTES)
        {
          g_autoptr(GError) local_error = NULL;
          int r = more (self, cancellable, &local_error);

          if (r < 0 && self->bad_byte)
            {
              g_clear_error (&self->fatal_error);
              break;
            }
          if (r < 0)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (r == 0)
            break;
        }
      self->delimiter = hone_csv_detect_delimiter ((const char *) self->buf, self->valid,
                                                   self->eof && !self->bad_byte && self->valid == self->len);
    }

  self->special[(guint8) self->delimiter] = 1;
  self->special['\r'] = 1;
  self->special['\n'] = 1;
  self->started = TRUE;

  if (self->has_header)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      int r = parse_record (self, cancellable, error);

      if (r < 0)
        return FALSE;

      for (guint i = 0; r > 0 && i < self->n_fields; i++)
        g_strv_builder_add (builder, self->row + self->starts[i]);
      self->header = g_strv_builder_end (builder);
      self->n_fields = 0;
      self->row_len = 0;
    }

  return TRUE;
}

gboolean
hone_csv_reader_read_row (HoneCsvReader  *self,
                          GCancellable   *cancellable,
                          GError        **error)
{
  int r;

  g_return_val_if_fail (HONE_IS_CSV_READER (self), FALSE);

  if (!self->started && !hone_csv_reader_start (self, cancellable, error))
    return FALSE;

  self->error_recoverable = FALSE;
  r = parse_record (self, cancellable, error);
  if (r <= 0)
    {
      self->n_fields = 0;
      return FALSE;
    }

  self->n_rows++;
  return TRUE;
}
