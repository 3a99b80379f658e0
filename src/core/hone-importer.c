/* hone-importer.c: brings rows of a CSV, TSV, JSON Lines, JSON or chat file into a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hone-csv-reader.h"
#include "hone-error.h"
#include "hone-importer.h"
#include "hone-jsonl-reader.h"
#include "hone-store.h"
#include "hone-text-encoding.h"

/* Longest value (in characters) a guessed label or short text may have */
#define LABEL_MAX_CHARS      40
#define SHORT_TEXT_MAX_CHARS 120
/* Most distinct values a guessed label may have */
#define LABEL_MAX_VALUES     20
/* Rows per INSERT statement */
#define EXAMPLES_PER_BATCH   128
#define VALUES_PER_BATCH     256
/* Most labels a new label field collects from the file */
#define MAX_LABELS           100
/* Rows between two looks at the cancellable and the progress */
#define CHECK_EVERY          256
/* Cache of the import's own connection (pages of 4 KB) */
#define IMPORT_CACHE_KB      (8 * 1024)

/* Formats ---------------------------------------------------------------- */

static const char * const format_names[] = {
  "auto", "csv", "tsv", "jsonl", "json", "chat-jsonl",
};

const char *
hone_import_format_to_string (HoneImportFormat format)
{
  g_return_val_if_fail (format <= HONE_IMPORT_FORMAT_CHAT_JSONL, NULL);
  return format_names[format];
}

gboolean
hone_import_format_from_string (const char       *str,
                                HoneImportFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (str, format_names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hone_import_format_get_label (HoneImportFormat format)
{
  switch (format)
    {
    case HONE_IMPORT_FORMAT_AUTO: return _("Detect");
    case HONE_IMPORT_FORMAT_CSV: return _("CSV");
    case HONE_IMPORT_FORMAT_TSV: return _("TSV (tab-separated)");
    case HONE_IMPORT_FORMAT_JSONL: return _("JSON Lines");
    case HONE_IMPORT_FORMAT_JSON: return _("JSON");
    case HONE_IMPORT_FORMAT_CHAT_JSONL: return _("Chat (JSON Lines with messages)");
    default: g_return_val_if_reached (NULL);
    }
}

/* Problems --------------------------------------------------------------- */

void
hone_import_problem_free (HoneImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->reason);
  g_free (problem->message);
  g_free (problem);
}

static HoneImportProblem *
problem_new (guint64     line,
             guint64     column,
             const char *field,
             const char *reason)
{
  HoneImportProblem *problem = g_new0 (HoneImportProblem, 1);
  g_autofree char *place = hone_text_format_place (line, column);

  problem->line = line;
  problem->column = column;
  problem->field = g_strdup (field);
  problem->reason = g_strdup (reason);
  /* Translators: the first %s is a place (“line 3, column 5”), the second what is wrong there */
  problem->message = g_strdup_printf (_("%s: %s"), place, reason);
  return problem;
}

/* A reader's error message starts with the place; the reason is the rest */
static HoneImportProblem *
problem_from_reader (guint64       line,
                     guint64       column,
                     const GError *error)
{
  g_autofree char *place = hone_text_format_place (line, column);
  g_autofree char *prefix = g_strdup_printf (_("%s: %s"), place, "");
  const char *reason = error->message;

  if (g_str_has_prefix (reason, prefix))
    reason += strlen (prefix);
  return problem_new (line, column, NULL, reason);
}

static HoneImportProblem *
problem_copy (const HoneImportProblem *problem)
{
  HoneImportProblem *copy = g_new0 (HoneImportProblem, 1);

  copy->line = problem->line;
  copy->column = problem->column;
  copy->field = g_strdup (problem->field);
  copy->reason = g_strdup (problem->reason);
  copy->message = g_strdup (problem->message);
  return copy;
}

/* Field names ------------------------------------------------------------ */

char *
hone_importer_make_field_name (const char *name,
                               guint       column)
{
  GString *str = g_string_new (NULL);
  g_autofree char *trimmed = NULL;
  glong n_chars;

  /* A name Hone accepts stays as it is (a round trip keeps field names) */
  if (name != NULL && hone_field_name_is_valid (name, NULL))
    {
      g_string_free (str, TRUE);
      return g_strdup (name);
    }

  if (name != NULL && g_utf8_validate (name, -1, NULL))
    for (const char *p = name; *p; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (g_unichar_iscntrl (c) || g_unichar_isspace (c))
          g_string_append_c (str, ' ');
        else if (c < 128 && strchr ("{}[]./", (int) c) != NULL)
          g_string_append_c (str, '-');
        else
          g_string_append_unichar (str, c);
      }

  /* Collapse runs of spaces, trim */
  {
    GString *collapsed = g_string_new (NULL);
    gboolean space = FALSE;

    for (gsize i = 0; i < str->len; i++)
      {
        if (str->str[i] == ' ')
          space = TRUE;
        else
          {
            if (space && collapsed->len > 0)
              g_string_append_c (collapsed, ' ');
            space = FALSE;
            g_string_append_c (collapsed, str->str[i]);
          }
      }
    g_string_free (str, TRUE);
    trimmed = g_string_free (collapsed, FALSE);
  }

  n_chars = g_utf8_strlen (trimmed, -1);
  if (n_chars > 100)
    {
      char *cut = g_utf8_substring (trimmed, 0, 100);
      g_free (trimmed);
      trimmed = g_strstrip (cut);
    }

  if (trimmed[0] == '\0' || !hone_field_name_is_valid (trimmed, NULL))
    {
      /* Translators: the name of a column that has none; %u is its number */
      return g_strdup_printf (_("Column %u"), column + 1);
    }

  return g_steal_pointer (&trimmed);
}

/* Kinds ------------------------------------------------------------------ */

/* What the values of a column look like, to guess its kind */
typedef struct {
  guint64     n;              /* non-empty values */
  gboolean    numbers;        /* every value a plain decimal number */
  gboolean    booleans;       /* every value "true" or "false" */
  gboolean    multi_line;
  guint64     max_chars;
  GHashTable *distinct;       /* up to MAX_LABELS of them */
  gboolean    untracked;      /* some values are not in distinct */
  GPtrArray  *distinct_order;
} KindStats;

static KindStats *
kind_stats_new (void)
{
  KindStats *stats = g_new0 (KindStats, 1);

  stats->numbers = TRUE;
  stats->booleans = TRUE;
  stats->distinct = g_hash_table_new (g_str_hash, g_str_equal);
  stats->distinct_order = g_ptr_array_new_with_free_func (g_free);
  return stats;
}

static void
kind_stats_free (KindStats *stats)
{
  if (stats == NULL)
    return;
  g_hash_table_unref (stats->distinct);
  g_ptr_array_unref (stats->distinct_order);
  g_free (stats);
}

/* A plain decimal number, written the way Hone keeps it: -12, 3.5, 1e-3.
 * Not 007 (a code, not a number), not " 5", not 0x1A or inf. */
static gboolean
is_plain_number (const char *s,
                 gsize       len)
{
  gsize i = 0;
  gsize digits = 0;

  if (i < len && (s[i] == '-' || s[i] == '+'))
    i++;
  if (i < len && s[i] == '0' && i + 1 < len && g_ascii_isdigit (s[i + 1]))
    return FALSE;
  while (i < len && g_ascii_isdigit (s[i]))
    i++, digits++;
  if (i < len && s[i] == '.')
    {
      i++;
      while (i < len && g_ascii_isdigit (s[i]))
        i++, digits++;
    }
  if (digits == 0)
    return FALSE;
  if (i < len && (s[i] == 'e' || s[i] == 'E'))
    {
      gsize exp_digits = 0;

      i++;
      if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
      while (i < len && g_ascii_isdigit (s[i]))
        i++, exp_digits++;
      if (exp_digits == 0 || exp_digits > 3)
        return FALSE;
    }

  return i == len;
}

static void
kind_stats_add (KindStats  *stats,
                const char *value,
                gsize       len)
{
  guint64 chars;

  stats->n++;

  if (stats->numbers && !is_plain_number (value, len))
    stats->numbers = FALSE;
  if (stats->booleans && !g_str_equal (value, "true") && !g_str_equal (value, "false"))
    stats->booleans = FALSE;
  if (!stats->multi_line && (memchr (value, '\n', len) != NULL || memchr (value, '\r', len) != NULL))
    stats->multi_line = TRUE;

  /* Characters, counted only as far as they matter */
  if (stats->max_chars <= SHORT_TEXT_MAX_CHARS)
    {
      chars = len <= SHORT_TEXT_MAX_CHARS ? (guint64) g_utf8_strlen (value, len) : len;
      stats->max_chars = MAX (stats->max_chars, chars);
    }

  if (!stats->untracked && !g_hash_table_contains (stats->distinct, value))
    {
      if (g_hash_table_size (stats->distinct) >= MAX_LABELS || len > 4 * LABEL_MAX_CHARS)
        stats->untracked = TRUE;
      else
        {
          char *copy = g_strndup (value, len);

          g_ptr_array_add (stats->distinct_order, copy);
          g_hash_table_add (stats->distinct, copy);
        }
    }
}

static int
compare_labels (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* The distinct values, sorted, when there are at most @max of them and
 * every value of the column is among them */
static gboolean
kind_stats_get_labels (KindStats *stats,
                       guint      max,
                       GStrv     *labels)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  if (stats->untracked || g_hash_table_size (stats->distinct) > max)
    return FALSE;

  /* In the order people read them in */
  g_ptr_array_sort (stats->distinct_order, compare_labels);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < stats->distinct_order->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (stats->distinct_order, i));

  *labels = g_strv_builder_end (builder);
  return TRUE;
}

static HoneFieldKind
kind_stats_guess (KindStats *stats)
{
  guint n_distinct = g_hash_table_size (stats->distinct);

  if (stats->n == 0)
    return HONE_FIELD_KIND_SHORT_TEXT;
  if (stats->numbers)
    return HONE_FIELD_KIND_NUMBER;
  if (stats->booleans)
    return HONE_FIELD_KIND_YES_NO;
  if (!stats->untracked && !stats->multi_line && stats->max_chars <= LABEL_MAX_CHARS &&
      n_distinct <= LABEL_MAX_VALUES && stats->n >= 2 * (guint64) n_distinct &&
      stats->n >= 4)
    return HONE_FIELD_KIND_LABEL;
  if (stats->multi_line || stats->max_chars > SHORT_TEXT_MAX_CHARS)
    return HONE_FIELD_KIND_LONG_TEXT;
  return HONE_FIELD_KIND_SHORT_TEXT;
}

/* Options ---------------------------------------------------------------- */

/* What the worker needs: a snapshot, never the importer itself */
typedef struct {
  GFile            *file;
  char             *display_name;
  char             *project_path;
  HoneImportFormat  format;
  char              delimiter;
  char             *encoding;
  gboolean          has_header;
  gboolean          skip_bad_rows;
  HoneSplit         split;
  gboolean          random_split;
  double            validation_fraction;
  guint32           seed;
} Options;

static void
options_free (Options *o)
{
  g_clear_object (&o->file);
  g_free (o->display_name);
  g_free (o->project_path);
  g_free (o->encoding);
  g_free (o);
}

/* The source file ---------------------------------------------------------- */

typedef struct {
  const Options    *options;
  GFileInputStream *file_stream;
  GInputStream     *stream;
  guint64           file_size;
  HoneImportFormat  format;     /* as resolved: never AUTO */
  char             *encoding;
  char              delimiter;
  HoneCsvReader    *csv;
  HoneJsonlReader  *jsonl;
  GPtrArray        *names;      /* column names in the file */
  guint             n_header;   /* CSV with a header: the columns it names */
  guint64           error_line;
  guint64           error_column;
  gboolean          error_recoverable;
} Source;

static void
source_clear (Source *s)
{
  g_clear_object (&s->csv);
  g_clear_object (&s->jsonl);
  g_clear_object (&s->stream);
  g_clear_object (&s->file_stream);
  g_clear_pointer (&s->names, g_ptr_array_unref);
  g_clear_pointer (&s->encoding, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Source, source_clear)

/* Prefixes an error with the file's name */
static void
prefix_error (GError     **error,
              const char  *display_name,
              gboolean     with_place)
{
  if (error == NULL || *error == NULL)
    return;
  if (g_error_matches (*error, HONE_ERROR, HONE_ERROR_CANCELLED))
    return;
  if (with_place)
    /* Translators: %s is a file name; a place like “line 3, column 5: …” follows */
    g_prefix_error (error, _("“%s”, "), display_name);
  else
    g_prefix_error (error, _("“%s”: "), display_name);
}

static HoneImportFormat
format_from_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".csv"))
    return HONE_IMPORT_FORMAT_CSV;
  if (g_str_has_suffix (lower, ".tsv") || g_str_has_suffix (lower, ".tab"))
    return HONE_IMPORT_FORMAT_TSV;
  if (g_str_has_suffix (lower, ".jsonl") || g_str_has_suffix (lower, ".ndjson") ||
      g_str_has_suffix (lower, ".json"))
    return HONE_IMPORT_FORMAT_JSONL;
  return HONE_IMPORT_FORMAT_AUTO;
}

/* Looks at the first character of the text: { or [ is JSON */
static gboolean
sniff_json (Source        *s,
            GCancellable  *cancellable,
            GError       **error)
{
  GBufferedInputStream *buffered;
  const guint8 *data;
  gsize len = 0;

  if (!G_IS_BUFFERED_INPUT_STREAM (s->stream))
    {
      GInputStream *wrapped = g_buffered_input_stream_new (s->stream);
      g_object_unref (s->stream);
      s->stream = wrapped;
    }
  buffered = G_BUFFERED_INPUT_STREAM (s->stream);

  while (TRUE)
    {
      gssize n;

      data = g_buffered_input_stream_peek_buffer (buffered, &len);
      for (gsize i = 0; i < len; i++)
        {
          if (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')
            continue;
          return data[i] == '{' || data[i] == '[';
        }
      if (len >= g_buffered_input_stream_get_buffer_size (buffered))
        return FALSE;

      n = g_buffered_input_stream_fill (buffered, 4096, cancellable, NULL);
      if (n <= 0)
        return FALSE;
    }
}

static gboolean
source_open (Source        *s,
             const Options *o,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  const char *encoding = NULL;
  HoneImportFormat format = o->format;

  s->options = o;
  s->names = g_ptr_array_new_with_free_func (g_free);

  s->file_stream = g_file_read (o->file, cancellable, &local_error);
  if (s->file_stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                     _("There is no file “%s”. It may have been moved or deleted."), o->display_name);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error_literal (error, HONE_ERROR, HONE_ERROR_CANCELLED, _("Stopped. Nothing was changed."));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                     _("“%s” is a folder. Choose a CSV, TSV, JSON Lines or JSON file."), o->display_name);
      else
        g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                     _("Could not read “%s”: %s"), o->display_name, local_error->message);
      return FALSE;
    }

  info = g_file_input_stream_query_info (s->file_stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL)
    s->file_size = g_file_info_get_size (info);

  s->stream = hone_text_encoding_open_stream (G_INPUT_STREAM (s->file_stream), o->encoding,
                                              &encoding, cancellable, error);
  if (s->stream == NULL)
    {
      prefix_error (error, o->display_name, FALSE);
      return FALSE;
    }
  s->encoding = g_strdup (encoding);

  if (format == HONE_IMPORT_FORMAT_AUTO)
    {
      format = format_from_name (o->display_name);
      if (format == HONE_IMPORT_FORMAT_AUTO)
        format = sniff_json (s, cancellable, error) ? HONE_IMPORT_FORMAT_JSONL : HONE_IMPORT_FORMAT_CSV;
    }

  if (format == HONE_IMPORT_FORMAT_CSV || format == HONE_IMPORT_FORMAT_TSV)
    {
      s->csv = hone_csv_reader_new (s->stream);
      if (o->delimiter != 0)
        hone_csv_reader_set_delimiter (s->csv, o->delimiter);
      else if (format == HONE_IMPORT_FORMAT_TSV)
        hone_csv_reader_set_delimiter (s->csv, '\t');
      hone_csv_reader_set_has_header (s->csv, o->has_header);

      if (!hone_csv_reader_start (s->csv, cancellable, error))
        {
          prefix_error (error, o->display_name, hone_csv_reader_get_error_line (s->csv) > 0);
          return FALSE;
        }

      s->delimiter = hone_csv_reader_get_delimiter (s->csv);
      s->format = s->delimiter == '\t' ? HONE_IMPORT_FORMAT_TSV : HONE_IMPORT_FORMAT_CSV;
      if (o->has_header)
        {
          const char * const *header = hone_csv_reader_get_header (s->csv);

          for (guint i = 0; header != NULL && header[i] != NULL; i++)
            g_ptr_array_add (s->names, g_strdup (header[i]));
          s->n_header = s->names->len;
        }
    }
  else
    {
      s->jsonl = hone_jsonl_reader_new (s->stream);
      if (o->format == HONE_IMPORT_FORMAT_JSONL)
        hone_jsonl_reader_set_format (s->jsonl, HONE_JSONL_FORMAT_LINES);
      else if (o->format == HONE_IMPORT_FORMAT_JSON)
        hone_jsonl_reader_set_format (s->jsonl, HONE_JSONL_FORMAT_ARRAY);
      else if (o->format == HONE_IMPORT_FORMAT_CHAT_JSONL)
        hone_jsonl_reader_set_format (s->jsonl, HONE_JSONL_FORMAT_CHAT);
      s->format = format;
    }

  return TRUE;
}

/* Names the columns the current row brought */
static void
source_update_names (Source *s)
{
  if (s->jsonl != NULL)
    {
      for (guint i = s->names->len; i < hone_jsonl_reader_get_n_columns (s->jsonl); i++)
        g_ptr_array_add (s->names, g_strdup (hone_jsonl_reader_get_column_name (s->jsonl, i)));
    }
  else if (s->n_header == 0)
    {
      for (guint i = s->names->len; i < hone_csv_reader_get_n_fields (s->csv); i++)
        /* Translators: the name of a column that has none; %u is its number */
        g_ptr_array_add (s->names, g_strdup_printf (_("Column %u"), i + 1));
    }
}

/* Reads a row: 1, 0 at the end, -1 on an error (see error_recoverable) */
static int
source_next (Source        *s,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (s->csv != NULL)
    ok = hone_csv_reader_read_row (s->csv, cancellable, &local_error);
  else
    ok = hone_jsonl_reader_read_row (s->jsonl, cancellable, &local_error);

  if (ok)
    {
      source_update_names (s);
      return 1;
    }
  if (local_error == NULL)
    return 0;

  if (s->csv != NULL)
    {
      s->error_line = hone_csv_reader_get_error_line (s->csv);
      s->error_column = hone_csv_reader_get_error_column (s->csv);
      s->error_recoverable = hone_csv_reader_is_error_recoverable (s->csv);
    }
  else
    {
      s->error_line = hone_jsonl_reader_get_error_line (s->jsonl);
      s->error_column = hone_jsonl_reader_get_error_column (s->jsonl);
      s->error_recoverable = hone_jsonl_reader_is_error_recoverable (s->jsonl);
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return -1;
}

/* The format as the file turned out to be */
static HoneImportFormat
source_get_format (Source *s)
{
  if (s->jsonl != NULL)
    {
      switch (hone_jsonl_reader_get_format (s->jsonl))
        {
        case HONE_JSONL_FORMAT_CHAT: return HONE_IMPORT_FORMAT_CHAT_JSONL;
        case HONE_JSONL_FORMAT_ARRAY: return HONE_IMPORT_FORMAT_JSON;
        case HONE_JSONL_FORMAT_LINES: return HONE_IMPORT_FORMAT_JSONL;
        case HONE_JSONL_FORMAT_AUTO:
        default: return s->format;
        }
    }
  return s->format;
}

static guint
source_n_values (Source *s)
{
  return s->csv != NULL ? hone_csv_reader_get_n_fields (s->csv) : hone_jsonl_reader_get_n_columns (s->jsonl);
}

/* NULL for an empty value */
static inline const char *
source_value (Source *s,
              guint   i,
              gsize  *len)
{
  const char *value;

  if (s->csv != NULL)
    value = hone_csv_reader_get_field (s->csv, i, len);
  else
    value = hone_jsonl_reader_get_value (s->jsonl, i, len);

  return value != NULL && *len > 0 ? value : NULL;
}

static guint64
source_row_line (Source *s)
{
  return s->csv != NULL ? hone_csv_reader_get_row_line (s->csv) : hone_jsonl_reader_get_row_line (s->jsonl);
}

static double
source_fraction (Source *s)
{
  goffset pos;

  if (s->file_size == 0)
    return 0.0;
  pos = g_seekable_tell (G_SEEKABLE (s->file_stream));
  return CLAMP ((double) pos / (double) s->file_size, 0.0, 1.0);
}

/* A CSV row with values beyond the columns of the header: the index of the
 * first such value, or 0 */
static guint
source_extra_value (Source *s)
{
  if (s->csv == NULL || s->n_header == 0)
    return 0;

  for (guint i = s->n_header; i < hone_csv_reader_get_n_fields (s->csv); i++)
    {
      gsize len = 0;

      if (source_value (s, i, &len) != NULL)
        return i;
    }
  return 0;
}

static HoneImportProblem *
extra_value_problem (Source *s,
                     guint   index)
{
  g_autofree char *reason =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                  "this row has a value in column %u, but the header names only %u column. Check the delimiters and quotes of this row.",
                                  "this row has a value in column %u, but the header names only %u columns. Check the delimiters and quotes of this row.",
                                  s->n_header),
                     index + 1, s->n_header);

  return problem_new (source_row_line (s), 0, NULL, reason);
}

/* Mapping ------------------------------------------------------------------ */

typedef struct {
  char             *column_name;  /* in the file */
  HoneImportTarget  target;
  char             *field_name;
  HoneFieldKind     kind;
  gboolean          kind_auto;
} ColumnMap;

static void
column_map_free (ColumnMap *map)
{
  g_free (map->column_name);
  g_free (map->field_name);
  g_free (map);
}

static ColumnMap *
column_map_copy (const ColumnMap *map)
{
  ColumnMap *copy = g_new0 (ColumnMap, 1);

  *copy = *map;
  copy->column_name = g_strdup (map->column_name);
  copy->field_name = g_strdup (map->field_name);
  return copy;
}

/* The preview ------------------------------------------------------------ */

typedef struct {
  HoneImportFormat  format;
  char              delimiter;
  char             *encoding;
  gboolean          complete;
  GPtrArray        *names;      /* column names */
  GArray           *guesses;    /* HoneFieldKind per column */
  GPtrArray        *rows;       /* of GPtrArray of char* (NULL: empty), one per column seen */
  GArray           *lines;      /* guint64 per row */
  GPtrArray        *problems;
} Preview;

static void
preview_free (Preview *p)
{
  if (p == NULL)
    return;
  g_free (p->encoding);
  g_ptr_array_unref (p->names);
  g_array_unref (p->guesses);
  g_ptr_array_unref (p->rows);
  g_array_unref (p->lines);
  g_ptr_array_unref (p->problems);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Preview, preview_free)

typedef struct {
  char   *value;    /* as it lands, or NULL */
  char   *problem;
} Landing;

struct _HoneImporter
{
  GObject           parent_instance;

  HoneProject      *project;
  GFile            *source;

  HoneImportFormat  format;
  char              delimiter;
  char             *encoding;
  gboolean          has_header;
  gboolean          skip_bad_rows;
  HoneSplit         split;
  gboolean          random_split;
  double            validation_fraction;
  guint32           seed;

  Preview          *preview;
  GPtrArray        *maps;           /* ColumnMap, one per preview column */
  GPtrArray        *landing;        /* per preview row: Landing[n_columns] */
  GArray           *landing_valid;  /* gboolean per column */

  GTask            *running;      /* not a reference: the task of the run going on */
  guint             run_serial;
  double            progress;

  guint64           n_imported;
  guint             n_fields_created;
  guint64           n_skipped;
  GPtrArray        *skipped;
};

G_DEFINE_FINAL_TYPE (HoneImporter, hone_importer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
landing_clear (HoneImporter *self)
{
  if (self->landing != NULL)
    {
      guint n = self->preview != NULL ? self->preview->names->len : 0;

      for (guint r = 0; r < self->landing->len; r++)
        {
          Landing *row = g_ptr_array_index (self->landing, r);

          for (guint c = 0; c < n; c++)
            {
              g_free (row[c].value);
              g_free (row[c].problem);
            }
          g_free (row);
        }
      g_clear_pointer (&self->landing, g_ptr_array_unref);
    }
  g_clear_pointer (&self->landing_valid, g_array_unref);
}

static void
hone_importer_finalize (GObject *object)
{
  HoneImporter *self = HONE_IMPORTER (object);

  landing_clear (self);
  g_clear_object (&self->project);
  g_clear_object (&self->source);
  g_free (self->encoding);
  g_clear_pointer (&self->preview, preview_free);
  g_clear_pointer (&self->maps, g_ptr_array_unref);
  g_clear_pointer (&self->skipped, g_ptr_array_unref);

  G_OBJECT_CLASS (hone_importer_parent_class)->finalize (object);
}

static void
hone_importer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HoneImporter *self = HONE_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hone_importer_class_init (HoneImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hone_importer_finalize;
  object_class->get_property = hone_importer_get_property;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hone_importer_init (HoneImporter *self)
{
  self->has_header = TRUE;
  self->split = HONE_SPLIT_TRAIN;
  self->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_import_problem_free);
}

HoneImporter *
hone_importer_new (HoneProject *project,
                   GFile       *source)
{
  HoneImporter *self;

  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);

  self = g_object_new (HONE_TYPE_IMPORTER, NULL);
  self->project = g_object_ref (project);
  self->source = g_object_ref (source);

  return self;
}

HoneProject *
hone_importer_get_project (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), NULL);
  return self->project;
}

GFile *
hone_importer_get_source (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), NULL);
  return self->source;
}

/* Options ---------------------------------------------------------------- */

void
hone_importer_set_format (HoneImporter     *self,
                          HoneImportFormat  format)
{
  g_return_if_fail (HONE_IS_IMPORTER (self));
  g_return_if_fail (format <= HONE_IMPORT_FORMAT_CHAT_JSONL);
  self->format = format;
}

HoneImportFormat
hone_importer_get_format (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), HONE_IMPORT_FORMAT_AUTO);
  return self->format;
}

void
hone_importer_set_delimiter (HoneImporter *self,
                             char          delimiter)
{
  g_return_if_fail (HONE_IS_IMPORTER (self));
  g_return_if_fail (delimiter != '"' && delimiter != '\n' && delimiter != '\r');
  self->delimiter = delimiter;
}

char
hone_importer_get_delimiter (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), 0);
  return self->delimiter;
}

void
hone_importer_set_encoding (HoneImporter *self,
                            const char   *encoding)
{
  g_return_if_fail (HONE_IS_IMPORTER (self));
  g_free (self->encoding);
  self->encoding = encoding != NULL && encoding[0] != '\0' ? g_strdup (encoding) : NULL;
}

const char *
hone_importer_get_encoding (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), NULL);
  return self->encoding;
}

void
hone_importer_set_has_header (HoneImporter *self,
                              gboolean      has_header)
{
  g_return_if_fail (HONE_IS_IMPORTER (self));
  self->has_header = !!has_header;
}

gboolean
hone_importer_get_has_header (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), TRUE);
  return self->has_header;
}

void
hone_importer_set_skip_bad_rows (HoneImporter *self,
                                 gboolean      skip_bad_rows)
{
  g_return_if_fail (HONE_IS_IMPORTER (self));
  self->skip_bad_rows = !!skip_bad_rows;
}

gboolean
hone_importer_get_skip_bad_rows (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), FALSE);
  return self->skip_bad_rows;
}

void
hone_importer_set_split (HoneImporter *self,
                         HoneSplit     split)
{
  g_return_if_fail (HONE_IS_IMPORTER (self));
  g_return_if_fail (split >= HONE_SPLIT_TRAIN && split <= HONE_SPLIT_EXCLUDED);
  self->split = split;
  self->random_split = FALSE;
}

void
hone_importer_set_random_split (HoneImporter *self,
                                double        validation_fraction,
                                guint32       seed)
{
  g_return_if_fail (HONE_IS_IMPORTER (self));
  g_return_if_fail (validation_fraction >= 0.0 && validation_fraction <= 1.0);
  self->random_split = TRUE;
  self->validation_fraction = validation_fraction;
  self->seed = seed;
}

gboolean
hone_importer_get_random_split (HoneImporter *self,
                                HoneSplit    *split,
                                double       *validation_fraction,
                                guint32      *seed)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), FALSE);

  if (split != NULL)
    *split = self->split;
  if (validation_fraction != NULL)
    *validation_fraction = self->validation_fraction;
  if (seed != NULL)
    *seed = self->seed;
  return self->random_split;
}

static Options *
snapshot_options (HoneImporter  *self,
                  GError       **error)
{
  Options *o = g_new0 (Options, 1);
  GFile *project_file = hone_project_get_file (self->project);

  o->file = g_object_ref (self->source);
  o->display_name = g_file_get_basename (self->source);
  o->project_path = project_file != NULL ? g_file_get_path (project_file) : NULL;
  o->format = self->format;
  o->delimiter = self->delimiter;
  o->encoding = g_strdup (self->encoding);
  o->has_header = self->has_header;
  o->skip_bad_rows = self->skip_bad_rows;
  o->split = self->split;
  o->random_split = self->random_split;
  o->validation_fraction = self->validation_fraction;
  o->seed = self->seed;

  if (o->display_name == NULL)
    o->display_name = g_file_get_parse_name (self->source);

  return o;
}

/* Threads ---------------------------------------------------------------- */

/* Work runs in a thread whose task has no source object: whichever thread
 * drops that task's last reference never finalizes the importer (or its
 * project). An outer task, only touched in the calling thread, carries the
 * result to the caller. */
typedef struct {
  GTask          *outer;
  GDestroyNotify  free_result;
} Relay;

static void
relay_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Relay *relay = user_data;
  GError *error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &error);

  if (value == NULL)
    g_task_return_error (relay->outer, error);
  else
    g_task_return_pointer (relay->outer, value, relay->free_result);

  g_object_unref (relay->outer);
  g_free (relay);
}

/* Returns the outer task (a new reference) */
static GTask *
start_in_thread (gpointer             source_object,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag,
                 gpointer             data,
                 GDestroyNotify       data_free,
                 GDestroyNotify       free_result,
                 GTaskThreadFunc      worker)
{
  GTask *outer = g_task_new (source_object, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  Relay *relay = g_new0 (Relay, 1);

  /* The worker says what happened: a commit that raced with a cancel is a
   * success, a rollback says HONE_ERROR_CANCELLED */
  g_task_set_check_cancellable (outer, FALSE);
  g_task_set_source_tag (outer, source_tag);
  relay->outer = g_object_ref (outer);
  relay->free_result = free_result;

  inner = g_task_new (NULL, cancellable, relay_cb, relay);
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, data, data_free);
  g_task_run_in_thread (inner, worker);

  return outer;
}

/* Preview: worker ---------------------------------------------------------- */

typedef struct {
  Options *options;
  guint    max_rows;
} PreviewData;

static void
preview_data_free (PreviewData *data)
{
  options_free (data->options);
  g_free (data);
}

static Preview *
read_preview (const Options  *o,
              guint           max_rows,
              GCancellable   *cancellable,
              GError        **error)
{
  g_auto(Source) s = { 0 };
  g_autoptr(Preview) p = g_new0 (Preview, 1);
  g_autoptr(GPtrArray) stats = g_ptr_array_new_with_free_func ((GDestroyNotify) kind_stats_free);
  guint guess_rows = MAX (max_rows, HONE_IMPORTER_GUESS_ROWS);
  guint n_read = 0;

  p->names = g_ptr_array_new_with_free_func (g_free);
  p->guesses = g_array_new (FALSE, TRUE, sizeof (HoneFieldKind));
  p->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  p->lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  p->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_import_problem_free);

  if (!source_open (&s, o, cancellable, error))
    return NULL;

  while (n_read < guess_rows)
    {
      g_autoptr(GError) local_error = NULL;
      int r = source_next (&s, cancellable, &local_error);
      guint extra;

      if (r == 0)
        {
          p->complete = TRUE;
          break;
        }
      if (r < 0)
        {
          if (!s.error_recoverable)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              prefix_error (error, o->display_name, s.error_line > 0);
              return NULL;
            }
          if (p->problems->len < HONE_IMPORTER_MAX_PROBLEMS)
            g_ptr_array_add (p->problems, problem_from_reader (s.error_line, s.error_column, local_error));
          continue;
        }

      n_read++;
      while (stats->len < s.names->len)
        g_ptr_array_add (stats, kind_stats_new ());

      extra = source_extra_value (&s);
      if (extra > 0)
        {
          if (p->problems->len < HONE_IMPORTER_MAX_PROBLEMS)
            g_ptr_array_add (p->problems, extra_value_problem (&s, extra));
          continue;
        }

      if (p->rows->len < max_rows)
        {
          GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
          guint64 line = source_row_line (&s);

          for (guint i = 0; i < s.names->len; i++)
            {
              gsize len = 0;
              const char *value = i < source_n_values (&s) ? source_value (&s, i, &len) : NULL;

              g_ptr_array_add (row, value != NULL ? g_strndup (value, len) : NULL);
            }
          g_ptr_array_add (p->rows, row);
          g_array_append_val (p->lines, line);
        }

      for (guint i = 0; i < source_n_values (&s) && i < s.names->len; i++)
        {
          gsize len = 0;
          const char *value = source_value (&s, i, &len);

          if (value != NULL)
            kind_stats_add (g_ptr_array_index (stats, i), value, len);
        }
    }

  while (stats->len < s.names->len)
    g_ptr_array_add (stats, kind_stats_new ());

  p->format = source_get_format (&s);
  p->delimiter = s.csv != NULL ? s.delimiter : 0;
  p->encoding = g_strdup (s.encoding);
  for (guint i = 0; i < s.names->len; i++)
    {
      HoneFieldKind kind = kind_stats_guess (g_ptr_array_index (stats, i));

      /* Chat messages are prose */
      if (p->format == HONE_IMPORT_FORMAT_CHAT_JSONL &&
          (kind == HONE_FIELD_KIND_SHORT_TEXT || kind == HONE_FIELD_KIND_LABEL))
        kind = HONE_FIELD_KIND_LONG_TEXT;

      g_ptr_array_add (p->names, g_strdup (g_ptr_array_index (s.names, i)));
      g_array_append_val (p->guesses, kind);
    }

  return g_steal_pointer (&p);
}

static void
preview_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewData *data = task_data;
  GError *error = NULL;
  Preview *p = read_preview (data->options, data->max_rows, cancellable, &error);

  if (p == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, p, (GDestroyNotify) preview_free);
}

/* Preview: main thread ------------------------------------------------------- */

static void
install_preview (HoneImporter *self,
                 Preview      *p)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  landing_clear (self);
  g_clear_pointer (&self->preview, preview_free);
  g_clear_pointer (&self->maps, g_ptr_array_unref);

  self->preview = p;
  self->maps = g_ptr_array_new_with_free_func ((GDestroyNotify) column_map_free);

  for (guint i = 0; i < p->names->len; i++)
    {
      ColumnMap *map = g_new0 (ColumnMap, 1);
      g_autofree char *name = hone_importer_make_field_name (g_ptr_array_index (p->names, i), i);
      HoneField *existing = hone_project_find_field (self->project, name);

      map->column_name = g_strdup (g_ptr_array_index (p->names, i));
      if (existing != NULL && !g_hash_table_contains (taken, name))
        {
          map->target = HONE_IMPORT_TARGET_EXISTING_FIELD;
          map->field_name = g_strdup (name);
          map->kind = hone_field_get_kind (existing);
        }
      else
        {
          g_autofree char *unique = g_strdup (name);

          for (guint n = 2; g_hash_table_contains (taken, unique) ||
                            hone_project_find_field (self->project, unique) != NULL; n++)
            {
              g_free (unique);
              unique = g_strdup_printf ("%s %u", name, n);
            }
          map->target = HONE_IMPORT_TARGET_NEW_FIELD;
          map->field_name = g_steal_pointer (&unique);
          map->kind = g_array_index (p->guesses, HoneFieldKind, i);
          map->kind_auto = TRUE;
        }
      g_hash_table_add (taken, g_strdup (map->field_name));
      g_ptr_array_add (self->maps, map);
    }

  self->landing = g_ptr_array_new ();
  for (guint r = 0; r < p->rows->len; r++)
    g_ptr_array_add (self->landing, g_new0 (Landing, MAX (p->names->len, 1)));
  self->landing_valid = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_array_set_size (self->landing_valid, p->names->len);
}

gboolean
hone_importer_load_preview (HoneImporter  *self,
                            guint          max_rows,
                            GCancellable  *cancellable,
                            GError       **error)
{
  Options *o;
  Preview *p;

  g_return_val_if_fail (HONE_IS_IMPORTER (self), FALSE);

  o = snapshot_options (self, error);
  p = read_preview (o, max_rows, cancellable, error);
  options_free (o);
  if (p == NULL)
    return FALSE;

  install_preview (self, p);
  return TRUE;
}

void
hone_importer_load_preview_async (HoneImporter        *self,
                                  guint                max_rows,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PreviewData *data;

  g_return_if_fail (HONE_IS_IMPORTER (self));

  data = g_new0 (PreviewData, 1);
  data->options = snapshot_options (self, NULL);
  data->max_rows = max_rows;
  task = start_in_thread (self, cancellable, callback, user_data, hone_importer_load_preview_async,
                          data, (GDestroyNotify) preview_data_free, (GDestroyNotify) preview_free,
                          preview_worker);
}

gboolean
hone_importer_load_preview_finish (HoneImporter  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  Preview *p;

  g_return_val_if_fail (HONE_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  p = g_task_propagate_pointer (G_TASK (result), error);
  if (p == NULL)
    return FALSE;

  install_preview (self, p);
  return TRUE;
}

gboolean
hone_importer_has_preview (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), FALSE);
  return self->preview != NULL;
}

HoneImportFormat
hone_importer_get_detected_format (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), HONE_IMPORT_FORMAT_AUTO);
  return self->preview != NULL ? self->preview->format : HONE_IMPORT_FORMAT_AUTO;
}

char
hone_importer_get_detected_delimiter (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), 0);
  return self->preview != NULL ? self->preview->delimiter : 0;
}

const char *
hone_importer_get_detected_encoding (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), NULL);
  return self->preview != NULL ? self->preview->encoding : NULL;
}

gboolean
hone_importer_get_preview_is_complete (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), FALSE);
  return self->preview != NULL && self->preview->complete;
}

guint
hone_importer_get_n_columns (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), 0);
  return self->preview != NULL ? self->preview->names->len : 0;
}

const char *
hone_importer_get_column_name (HoneImporter *self,
                               guint         column)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (column < hone_importer_get_n_columns (self), NULL);
  return g_ptr_array_index (self->preview->names, column);
}

HoneFieldKind
hone_importer_get_column_kind_guess (HoneImporter *self,
                                     guint         column)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), HONE_FIELD_KIND_SHORT_TEXT);
  g_return_val_if_fail (column < hone_importer_get_n_columns (self), HONE_FIELD_KIND_SHORT_TEXT);
  return g_array_index (self->preview->guesses, HoneFieldKind, column);
}

guint
hone_importer_get_n_preview_rows (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), 0);
  return self->preview != NULL ? self->preview->rows->len : 0;
}

guint64
hone_importer_get_preview_row_line (HoneImporter *self,
                                    guint         row)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), 0);
  g_return_val_if_fail (row < hone_importer_get_n_preview_rows (self), 0);
  return g_array_index (self->preview->lines, guint64, row);
}

GPtrArray *
hone_importer_get_preview_problems (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), NULL);
  return self->preview != NULL ? self->preview->problems : NULL;
}

/* The field that checks the values of a mapped column, or NULL when they
 * land as they are */
static HoneField *
map_check_field (HoneImporter *self,
                 ColumnMap    *map)
{
  if (map->target == HONE_IMPORT_TARGET_EXISTING_FIELD)
    {
      HoneField *field = hone_project_find_field (self->project, map->field_name);
      return field != NULL ? g_object_ref (field) : NULL;
    }
  if (map->target == HONE_IMPORT_TARGET_NEW_FIELD && !map->kind_auto)
    return hone_field_new (0, map->field_name, map->kind, "", NULL, 0);
  return NULL;
}

static void
compute_landing (HoneImporter *self,
                 guint         column)
{
  ColumnMap *map = g_ptr_array_index (self->maps, column);
  g_autoptr(HoneField) field = map_check_field (self, map);

  for (guint r = 0; r < self->preview->rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (self->preview->rows, r);
      Landing *landing = &((Landing *) g_ptr_array_index (self->landing, r))[column];
      const char *raw = column < row->len ? g_ptr_array_index (row, column) : NULL;
      g_autoptr(GError) error = NULL;

      g_clear_pointer (&landing->value, g_free);
      g_clear_pointer (&landing->problem, g_free);

      if (raw == NULL || map->target == HONE_IMPORT_TARGET_SKIP)
        continue;
      if (field == NULL)
        landing->value = g_strdup (raw);
      else if (!hone_field_check_value (field, raw, &landing->value, &error))
        landing->problem = g_strdup (error->message);
    }

  g_array_index (self->landing_valid, gboolean, column) = TRUE;
}

const char *
hone_importer_get_preview_value (HoneImporter  *self,
                                 guint          row,
                                 guint          column,
                                 const char   **problem)
{
  Landing *landing;

  g_return_val_if_fail (HONE_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (row < hone_importer_get_n_preview_rows (self), NULL);
  g_return_val_if_fail (column < hone_importer_get_n_columns (self), NULL);

  if (!g_array_index (self->landing_valid, gboolean, column))
    compute_landing (self, column);

  landing = &((Landing *) g_ptr_array_index (self->landing, row))[column];
  if (problem != NULL)
    *problem = landing->problem;
  return landing->value;
}

/* Mapping: main thread ------------------------------------------------------- */

static ColumnMap *
get_map (HoneImporter *self,
         guint         column)
{
  g_return_val_if_fail (column < hone_importer_get_n_columns (self), NULL);
  return g_ptr_array_index (self->maps, column);
}

HoneImportTarget
hone_importer_get_column_target (HoneImporter *self,
                                 guint         column)
{
  ColumnMap *map;

  g_return_val_if_fail (HONE_IS_IMPORTER (self), HONE_IMPORT_TARGET_SKIP);
  map = get_map (self, column);
  return map != NULL ? map->target : HONE_IMPORT_TARGET_SKIP;
}

const char *
hone_importer_get_column_field_name (HoneImporter *self,
                                     guint         column)
{
  ColumnMap *map;

  g_return_val_if_fail (HONE_IS_IMPORTER (self), NULL);
  map = get_map (self, column);
  return map != NULL && map->target != HONE_IMPORT_TARGET_SKIP ? map->field_name : NULL;
}

HoneFieldKind
hone_importer_get_column_field_kind (HoneImporter *self,
                                     guint         column)
{
  ColumnMap *map;

  g_return_val_if_fail (HONE_IS_IMPORTER (self), HONE_FIELD_KIND_SHORT_TEXT);
  map = get_map (self, column);
  return map != NULL ? map->kind : HONE_FIELD_KIND_SHORT_TEXT;
}

gboolean
hone_importer_get_column_kind_is_auto (HoneImporter *self,
                                       guint         column)
{
  ColumnMap *map;

  g_return_val_if_fail (HONE_IS_IMPORTER (self), FALSE);
  map = get_map (self, column);
  return map != NULL && map->target == HONE_IMPORT_TARGET_NEW_FIELD && map->kind_auto;
}

static void
set_map (HoneImporter     *self,
         guint             column,
         HoneImportTarget  target,
         const char       *field_name,
         HoneFieldKind     kind,
         gboolean          kind_auto)
{
  ColumnMap *map = get_map (self, column);

  if (map == NULL)
    return;

  map->target = target;
  g_free (map->field_name);
  map->field_name = g_strdup (field_name);
  map->kind = kind;
  map->kind_auto = kind_auto;
  g_array_index (self->landing_valid, gboolean, column) = FALSE;
}

void
hone_importer_map_column_to_new_field (HoneImporter  *self,
                                       guint          column,
                                       const char    *name,
                                       HoneFieldKind  kind)
{
  g_return_if_fail (HONE_IS_IMPORTER (self));
  g_return_if_fail (name != NULL);
  set_map (self, column, HONE_IMPORT_TARGET_NEW_FIELD, name, kind, FALSE);
}

void
hone_importer_map_column_to_new_field_auto (HoneImporter *self,
                                            guint         column,
                                            const char   *name)
{
  g_return_if_fail (HONE_IS_IMPORTER (self));
  g_return_if_fail (name != NULL);
  set_map (self, column, HONE_IMPORT_TARGET_NEW_FIELD, name,
           hone_importer_get_column_kind_guess (self, column), TRUE);
}

void
hone_importer_map_column_to_existing_field (HoneImporter *self,
                                            guint         column,
                                            const char   *field_name)
{
  HoneField *field;

  g_return_if_fail (HONE_IS_IMPORTER (self));
  g_return_if_fail (field_name != NULL);

  field = hone_project_find_field (self->project, field_name);
  set_map (self, column, HONE_IMPORT_TARGET_EXISTING_FIELD, field_name,
           field != NULL ? hone_field_get_kind (field) : HONE_FIELD_KIND_SHORT_TEXT, FALSE);
}

void
hone_importer_skip_column (HoneImporter *self,
                           guint         column)
{
  g_return_if_fail (HONE_IS_IMPORTER (self));
  set_map (self, column, HONE_IMPORT_TARGET_SKIP, NULL, HONE_FIELD_KIND_SHORT_TEXT, FALSE);
}

/* Checks the mapping against the project as the main thread knows it */
static gboolean
check_mapping (HoneImporter  *self,
               GError       **error)
{
  g_autoptr(GHashTable) targets = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; self->maps != NULL && i < self->maps->len; i++)
    {
      ColumnMap *map = g_ptr_array_index (self->maps, i);
      const char *other;

      if (map->target == HONE_IMPORT_TARGET_SKIP)
        continue;

      if ((other = g_hash_table_lookup (targets, map->field_name)) != NULL)
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                       _("The columns “%s” and “%s” both go to the field “%s”. Send one of them to another field, or skip it."),
                       other, map->column_name, map->field_name);
          return FALSE;
        }
      g_hash_table_insert (targets, map->field_name, map->column_name);

      if (map->target == HONE_IMPORT_TARGET_EXISTING_FIELD &&
          hone_project_find_field (self->project, map->field_name) == NULL)
        {
          g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                       _("The project has no field “%s” for the column “%s”."),
                       map->field_name, map->column_name);
          return FALSE;
        }

      if (map->target == HONE_IMPORT_TARGET_NEW_FIELD)
        {
          if (!hone_field_name_is_valid (map->field_name, error))
            {
              g_prefix_error (error, _("The column “%s” cannot become a new field: "), map->column_name);
              return FALSE;
            }
          if (hone_project_find_field (self->project, map->field_name) != NULL)
            {
              g_set_error (error, HONE_ERROR, HONE_ERROR_EXISTS,
                           _("The project already has a field “%s”. Send the column “%s” to it, or give the new field another name."),
                           map->field_name, map->column_name);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* Run: worker ---------------------------------------------------------------- */

typedef struct {
  Options      *options;
  GPtrArray    *maps;        /* ColumnMap, copies; may be empty */
  /* Progress goes to the importer in this context; the worker never
   * touches the importer, only the callback in the context does */
  GMainContext *context;
  GWeakRef      importer;
  guint         serial;
  gint          progress_pending;
  double        progress;
} RunData;

static void
run_data_free (RunData *data)
{
  options_free (data->options);
  g_ptr_array_unref (data->maps);
  g_main_context_unref (data->context);
  g_weak_ref_clear (&data->importer);
}

static void
run_data_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) run_data_free);
}

typedef struct {
  guint64    n_imported;
  guint      n_fields_created;
  guint64    n_skipped;
  GPtrArray *problems;
} RunResult;

static void
run_result_free (RunResult *result)
{
  g_ptr_array_unref (result->problems);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunResult, run_result_free)

/* A field rows go to */
typedef struct {
  gint64         id;
  char          *name;
  HoneFieldKind  kind;
  gboolean       is_new;
  gboolean       kind_auto;
  gboolean       checks;     /* values go through hone_field_check_value() */
  HoneField     *field;
  KindStats     *stats;      /* new fields: what their values look like */
  /* the current row's value */
  const char    *value;
  gsize          len;
  char          *canonical;
} Target;

static void
target_free (Target *t)
{
  g_free (t->name);
  g_clear_object (&t->field);
  kind_stats_free (t->stats);
  g_free (t->canonical);
  g_free (t);
}

typedef struct {
  const Options *options;
  sqlite3       *db;
  sqlite3_stmt  *insert_field;
  GPtrArray     *fields;       /* the project's fields: Target (not all are targets) */
  GPtrArray     *targets;      /* Target (borrowed from fields), by field id */
  GArray        *column_targets; /* gint per column: index in fields, -1 skip, -2 not yet mapped */
  GPtrArray     *maps;
  GHashTable    *used_names;   /* field names already targeted */
  guint          n_fields_created;
  /* The file is in rollback-journal mode for this import (see import_open()) */
  gboolean       rollback_journal;

  /* Rows are written in batches, a statement of many rows each: SQLite's
   * work per statement is then shared by them (ids are given here, one
   * more than the largest, which is what SQLite would give) */
  gint64         now;
  gint64         next_id;
  sqlite3_stmt  *examples_batch;
  guint          n_examples;
  gint64         example_ids[EXAMPLES_PER_BATCH];
  guint8         example_splits[EXAMPLES_PER_BATCH];
  sqlite3_stmt  *values_batch;
  guint          n_values;
  gint64         value_examples[VALUES_PER_BATCH];
  gint64         value_fields[VALUES_PER_BATCH];
  gsize          value_offsets[VALUES_PER_BATCH];
  gsize          value_lengths[VALUES_PER_BATCH];
  GString       *value_data;
} Import;

/* Sets the journal mode of the file; FALSE when another connection has the
 * file open (leaving WAL needs the file to itself). Never waits. */
static gboolean
set_journal_mode (sqlite3    *db,
                  const char *mode)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA journal_mode = %s;", mode);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  sqlite3_busy_timeout (db, 0);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), mode) == 0;
  sqlite3_finalize (stmt);
  sqlite3_busy_timeout (db, HONE_STORE_BUSY_TIMEOUT_MS);

  return ok;
}

static void
import_clear (Import *im)
{
  g_clear_pointer (&im->examples_batch, sqlite3_finalize);
  g_clear_pointer (&im->values_batch, sqlite3_finalize);
  g_clear_pointer (&im->insert_field, sqlite3_finalize);
  if (im->value_data != NULL)
    g_string_free (g_steal_pointer (&im->value_data), TRUE);
  g_clear_pointer (&im->fields, g_ptr_array_unref);
  g_clear_pointer (&im->targets, g_ptr_array_unref);
  g_clear_pointer (&im->column_targets, g_array_unref);
  g_clear_pointer (&im->used_names, g_hash_table_unref);
  if (im->db != NULL)
    {
      if (!sqlite3_get_autocommit (im->db))
        sqlite3_exec (im->db, "ROLLBACK;", NULL, NULL, NULL);
      /* Back to the write-ahead log every Hone connection expects. Should
       * another connection have come meanwhile, the next hone_project_open()
       * sets it. */
      if (im->rollback_journal && !set_journal_mode (im->db, "wal"))
        g_debug ("Import: could not set the project back to WAL mode");
      sqlite3_close_v2 (im->db);
      im->db = NULL;
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Import, import_clear)

static GStrv
parse_labels (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *root;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (node));
        }
    }

  return g_strv_builder_end (builder);
}

static char *
format_labels (const char * const *labels)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    json_builder_add_string_value (builder, labels[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static sqlite3_stmt *
prepare_examples_batch (Import  *im,
                        guint    n,
                        GError **error)
{
  /* OR FAIL: a failing statement does not undo its own rows, so SQLite
   * needs no statement journal (a temporary file written page by page);
   * the import rolls back the whole transaction on any error anyway */
  g_autoptr(GString) sql = g_string_new ("INSERT OR FAIL INTO examples (id, split, source, created, modified) VALUES ");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s(?%u, ?%u, 'imported', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                            i > 0 ? ", " : "", 2 * i + 1, 2 * i + 2, im->now, im->now);
  return hone_store_prepare (im->db, sql->str, error);
}

static sqlite3_stmt *
prepare_values_batch (Import  *im,
                      guint    n,
                      GError **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT OR FAIL INTO example_values (example_id, field_id, value) VALUES ");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s(?%u, ?%u, ?%u)", i > 0 ? ", " : "", 3 * i + 1, 3 * i + 2, 3 * i + 3);
  return hone_store_prepare (im->db, sql->str, error);
}

static gboolean
run_batch (Import        *im,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, im->db, rc, _("Could not add the examples"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
flush_examples (Import  *im,
                GError **error)
{
  g_autoptr(sqlite3_stmt) partial = NULL;
  sqlite3_stmt *stmt = im->examples_batch;
  gboolean ok;

  if (im->n_examples == 0)
    return TRUE;
  if (im->n_examples < EXAMPLES_PER_BATCH)
    {
      stmt = partial = prepare_examples_batch (im, im->n_examples, error);
      if (stmt == NULL)
        return FALSE;
    }

  for (guint i = 0; i < im->n_examples; i++)
    {
      sqlite3_bind_int64 (stmt, 2 * i + 1, im->example_ids[i]);
      sqlite3_bind_text (stmt, 2 * i + 2, hone_split_to_string (im->example_splits[i]), -1, SQLITE_STATIC);
    }
  ok = run_batch (im, stmt, error);
  im->n_examples = 0;
  return ok;
}

static gboolean
flush_values (Import  *im,
              GError **error)
{
  g_autoptr(sqlite3_stmt) partial = NULL;
  sqlite3_stmt *stmt = im->values_batch;
  gboolean ok;

  if (im->n_values == 0)
    return TRUE;
  if (im->n_values < VALUES_PER_BATCH)
    {
      stmt = partial = prepare_values_batch (im, im->n_values, error);
      if (stmt == NULL)
        return FALSE;
    }

  for (guint i = 0; i < im->n_values; i++)
    {
      sqlite3_bind_int64 (stmt, 3 * i + 1, im->value_examples[i]);
      sqlite3_bind_int64 (stmt, 3 * i + 2, im->value_fields[i]);
      sqlite3_bind_text (stmt, 3 * i + 3, im->value_data->str + im->value_offsets[i],
                         im->value_lengths[i], SQLITE_STATIC);
    }
  ok = run_batch (im, stmt, error);
  /* Let go of big values */
  if (im->value_data->allocated_len > 4 * VALUES_PER_BATCH * 1024)
    {
      g_string_free (im->value_data, TRUE);
      im->value_data = g_string_sized_new (VALUES_PER_BATCH * 1024);
    }
  else
    g_string_truncate (im->value_data, 0);
  im->n_values = 0;
  return ok;
}

static gboolean
add_example (Import     *im,
             gint64      id,
             HoneSplit   split,
             GError    **error)
{
  if (im->n_examples == EXAMPLES_PER_BATCH && !flush_examples (im, error))
    return FALSE;

  im->example_ids[im->n_examples] = id;
  im->example_splits[im->n_examples] = split;
  im->n_examples++;
  return TRUE;
}

static gboolean
add_value (Import      *im,
           gint64       example_id,
           gint64       field_id,
           const char  *value,
           gsize        len,
           GError     **error)
{
  if (im->n_values == VALUES_PER_BATCH && !flush_values (im, error))
    return FALSE;

  im->value_examples[im->n_values] = example_id;
  im->value_fields[im->n_values] = field_id;
  im->value_offsets[im->n_values] = im->value_data->len;
  im->value_lengths[im->n_values] = len;
  g_string_append_len (im->value_data, value, len);
  im->n_values++;
  return TRUE;
}

static gboolean
import_open (Import        *im,
             const Options *o,
             GError       **error)
{
  g_autofree char *display = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  im->options = o;
  if (o->project_path == NULL)
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_IO, _("Projects can only be saved in local folders."));
      return FALSE;
    }

  display = g_path_get_basename (o->project_path);
  if (!hone_store_check_header (o->project_path, display, NULL, error))
    return FALSE;

  /* The connection of a bulk write, used by this thread alone: no mutex.
   * As hone_store_open_db() otherwise. */
  rc = sqlite3_open_v2 (o->project_path, &im->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    {
      hone_store_set_error (error, im->db, rc, _("Could not open the project"));
      g_clear_pointer (&im->db, sqlite3_close_v2);
      return FALSE;
    }
  sqlite3_extended_result_codes (im->db, TRUE);
  sqlite3_busy_timeout (im->db, HONE_STORE_BUSY_TIMEOUT_MS);

  /* What the constraints check, this connection writes by construction,
   * and checking it costs more than the writing:
   * - the CHECKs of examples (split IN (…), source IN (…)) make SQLite build
   *   two temporary tables for every row; the import only writes the split
   *   and source names of hone-enums.c (and fields' kinds from there too);
   * - the foreign keys of example_values cost two lookups per value; the
   *   import only writes values of examples it just inserted, for fields it
   *   read or created in the same transaction. */
  {
    g_autofree char *pragmas = g_strdup_printf ("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;"
                                                " PRAGMA synchronous = NORMAL; PRAGMA cache_size = -%d;",
                                                IMPORT_CACHE_KB);
    if (!hone_store_exec (im->db, pragmas, error))
      return FALSE;
  }

  if (hone_store_query_int (im->db, "PRAGMA user_version;", error) != HONE_STORE_SCHEMA_VERSION)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, HONE_ERROR, HONE_ERROR_FAILED,
                     _("Open “%s” in Hone once before importing into it."), display);
      return FALSE;
    }

  /* Alone with the file (hone-cli, or nobody has the project open), the
   * import writes through a rollback journal: every page goes once into the
   * file, instead of once into the write-ahead log and again into the file
   * at the checkpoint, which halves what a big import writes. New pages
   * need no journal. A crash leaves a hot journal that the next opening
   * rolls back (and hone_project_open() sets WAL again); the mode goes back
   * to WAL at the end. With another connection open, the file stays in WAL
   * mode and the import goes through the log as any other write. */
  if (set_journal_mode (im->db, "delete"))
    {
      im->rollback_journal = TRUE;
      if (!hone_store_exec (im->db, "PRAGMA synchronous = FULL;", error))
        return FALSE;
    }
  g_debug ("Import: %s", im->rollback_journal ? "alone with the file, rollback journal" : "write-ahead log");

  if (!hone_store_exec (im->db, "BEGIN IMMEDIATE;", error))
    return FALSE;

  im->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  im->targets = g_ptr_array_new ();
  im->column_targets = g_array_new (FALSE, FALSE, sizeof (gint));
  im->used_names = g_hash_table_new (g_str_hash, g_str_equal);

  stmt = hone_store_prepare (im->db, "SELECT id, name, kind, allowed_values FROM fields ORDER BY position, id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Target *t = g_new0 (Target, 1);
      g_auto(GStrv) labels = parse_labels ((const char *) sqlite3_column_text (stmt, 3));

      t->id = sqlite3_column_int64 (stmt, 0);
      t->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      t->kind = HONE_FIELD_KIND_LONG_TEXT;
      hone_field_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &t->kind);
      t->field = hone_field_new (t->id, t->name, t->kind, "", (const char * const *) labels, im->fields->len);
      t->checks = t->kind == HONE_FIELD_KIND_NUMBER || t->kind == HONE_FIELD_KIND_YES_NO ||
                  (t->kind == HONE_FIELD_KIND_LABEL && labels[0] != NULL);
      g_ptr_array_add (im->fields, t);
    }
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, im->db, rc, _("Could not read the fields of the project"));
      return FALSE;
    }

  im->next_id = hone_store_query_int (im->db, "SELECT COALESCE (MAX (id), 0) + 1 FROM examples;", error);
  if (im->next_id < 0)
    return FALSE;
  im->now = hone_store_now ();
  im->value_data = g_string_sized_new (VALUES_PER_BATCH * 1024);
  im->examples_batch = prepare_examples_batch (im, EXAMPLES_PER_BATCH, error);
  im->values_batch = prepare_values_batch (im, VALUES_PER_BATCH, error);
  if (im->examples_batch == NULL || im->values_batch == NULL)
    return FALSE;

  im->insert_field = hone_store_prepare (im->db,
                                         "INSERT INTO fields (name, kind, description, allowed_values, position)"
                                         " VALUES (?1, ?2, '', '[]', (SELECT COALESCE (MAX (position) + 1, 0) FROM fields))",
                                         error);

  return im->insert_field != NULL;
}

static Target *
find_field (Import     *im,
            const char *name)
{
  for (guint i = 0; i < im->fields->len; i++)
    {
      Target *t = g_ptr_array_index (im->fields, i);

      if (g_str_equal (t->name, name))
        return t;
    }
  return NULL;
}

static gint
target_index (Import *im,
              Target *t)
{
  guint index = 0;

  g_ptr_array_find (im->fields, t, &index);
  return (gint) index;
}

static gint
add_target (Import *im,
            Target *t)
{
  g_ptr_array_add (im->targets, t);
  g_hash_table_add (im->used_names, t->name);
  return target_index (im, t);
}

static Target *
create_field (Import         *im,
              const char     *name,
              HoneFieldKind   kind,
              gboolean        kind_auto,
              GError        **error)
{
  Target *t;
  int rc;

  if (!hone_field_name_is_valid (name, error))
    return NULL;
  if (find_field (im, name) != NULL)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_EXISTS,
                   _("There is already a field called “%s”."), name);
      return NULL;
    }

  sqlite3_reset (im->insert_field);
  sqlite3_bind_text (im->insert_field, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (im->insert_field, 2, hone_field_kind_to_string (kind), -1, SQLITE_STATIC);
  rc = sqlite3_step (im->insert_field);
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, im->db, rc, _("Could not add the field"));
      return NULL;
    }

  t = g_new0 (Target, 1);
  t->id = sqlite3_last_insert_rowid (im->db);
  t->name = g_strdup (name);
  t->kind = kind;
  t->is_new = TRUE;
  t->kind_auto = kind_auto;
  t->field = hone_field_new (t->id, name, kind, "", NULL, im->fields->len);
  t->checks = !kind_auto && (kind == HONE_FIELD_KIND_NUMBER || kind == HONE_FIELD_KIND_YES_NO);
  t->stats = kind_stats_new ();
  g_ptr_array_add (im->fields, t);
  im->n_fields_created++;
  return t;
}

/* Where column @column goes; -1 when skipped */
static gint
map_column (Import      *im,
            guint        column,
            const char  *column_name,
            GError     **error)
{
  ColumnMap *map = column < im->maps->len ? g_ptr_array_index (im->maps, column) : NULL;
  Target *t;

  if (map != NULL && g_strcmp0 (map->column_name, column_name) != 0)
    {
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("The columns of the file are not the ones of the preview (column %u is “%s”, not “%s”). Load the preview again."),
                   column + 1, column_name, map->column_name);
      return -2;
    }

  if (map != NULL)
    {
      switch (map->target)
        {
        case HONE_IMPORT_TARGET_SKIP:
          return -1;

        case HONE_IMPORT_TARGET_EXISTING_FIELD:
          t = find_field (im, map->field_name);
          if (t == NULL)
            {
              g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                           _("The project has no field “%s” for the column “%s”."),
                           map->field_name, column_name);
              return -2;
            }
          if (g_hash_table_contains (im->used_names, t->name))
            {
              g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                           _("Two columns go to the field “%s”. Send one of them to another field, or skip it."),
                           t->name);
              return -2;
            }
          return add_target (im, t);

        case HONE_IMPORT_TARGET_NEW_FIELD:
          t = create_field (im, map->field_name, map->kind_auto ? HONE_FIELD_KIND_SHORT_TEXT : map->kind,
                            map->kind_auto, error);
          if (t == NULL)
            {
              g_prefix_error (error, _("The column “%s” cannot become a new field: "), column_name);
              return -2;
            }
          return add_target (im, t);

        default:
          g_assert_not_reached ();
        }
    }

  /* A column the preview did not see: the field of the same name, or a new one */
  {
    g_autofree char *name = hone_importer_make_field_name (column_name, column);
    g_autofree char *unique = NULL;

    t = find_field (im, name);
    if (t != NULL && !g_hash_table_contains (im->used_names, t->name))
      return add_target (im, t);

    unique = g_strdup (name);
    for (guint n = 2; find_field (im, unique) != NULL; n++)
      {
        g_free (unique);
        unique = g_strdup_printf ("%s %u", name, n);
      }
    t = create_field (im, unique, HONE_FIELD_KIND_SHORT_TEXT, TRUE, error);
    if (t == NULL)
      return -2;
    return add_target (im, t);
  }
}

/* Decides the kinds of the new fields and their labels */
static gboolean
finish_fields (Import         *im,
               HoneImportFormat format,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;

  update = hone_store_prepare (im->db, "UPDATE fields SET kind = ?2, allowed_values = ?3 WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;

  for (guint i = 0; i < im->fields->len; i++)
    {
      Target *t = g_ptr_array_index (im->fields, i);
      g_auto(GStrv) labels = NULL;
      g_autofree char *json = NULL;
      HoneFieldKind kind = t->kind;
      int rc;

      if (!t->is_new)
        continue;

      if (t->kind_auto)
        {
          kind = kind_stats_guess (t->stats);
          if (format == HONE_IMPORT_FORMAT_CHAT_JSONL &&
              (kind == HONE_FIELD_KIND_SHORT_TEXT || kind == HONE_FIELD_KIND_LABEL))
            kind = HONE_FIELD_KIND_LONG_TEXT;
        }

      if (kind == HONE_FIELD_KIND_LABEL &&
          kind_stats_get_labels (t->stats, t->kind_auto ? LABEL_MAX_VALUES : MAX_LABELS, &labels))
        json = format_labels ((const char * const *) labels);
      else
        json = g_strdup ("[]");

      if (kind == t->kind && g_str_equal (json, "[]"))
        continue;

      sqlite3_reset (update);
      sqlite3_bind_int64 (update, 1, t->id);
      sqlite3_bind_text (update, 2, hone_field_kind_to_string (kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 3, json, -1, SQLITE_STATIC);
      rc = sqlite3_step (update);
      if (rc != SQLITE_DONE)
        {
          hone_store_set_error (error, im->db, rc, _("Could not add the field"));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
import_commit (Import  *im,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, hone_store_now ());
  int rc;

  stmt = hone_store_prepare (im->db,
                             "INSERT INTO meta (key, value) VALUES ('modified', ?1)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, im->db, rc, _("Could not save the project"));
      return FALSE;
    }

  {
    gint64 t0 = g_get_monotonic_time (), t1;

    if (!hone_store_exec (im->db, "COMMIT;", error))
      return FALSE;

    /* Like every write of HoneProject: the .hone file alone is complete */
    t1 = g_get_monotonic_time ();
    if (!im->rollback_journal)
      sqlite3_wal_checkpoint_v2 (im->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    g_debug ("Import: commit %.3f s, checkpoint %.3f s",
             (t1 - t0) / 1e6, (g_get_monotonic_time () - t1) / 1e6);
  }
  return TRUE;
}

static gboolean
progress_cb (gpointer user_data);

static void
report_progress (RunData *data,
                 double   fraction)
{
  data->progress = fraction;
  if (g_atomic_int_compare_and_exchange (&data->progress_pending, 0, 1))
    g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_cb,
                                g_atomic_rc_box_acquire (data), run_data_unref);
}

static gboolean
add_problem (RunResult         *result,
             HoneImportProblem *problem)
{
  result->n_skipped++;
  if (result->problems->len < HONE_IMPORTER_MAX_PROBLEMS)
    g_ptr_array_add (result->problems, problem);
  else
    hone_import_problem_free (problem);
  return TRUE;
}

/* A row that cannot be imported: listed when skipping, else the error */
static gboolean
bad_row (const Options      *o,
         RunResult          *result,
         HoneImportProblem  *problem,
         int                 code,
         GError            **error)
{
  if (o->skip_bad_rows)
    return add_problem (result, problem);

  /* Translators: the first %s is a file name, the second a place and what is wrong */
  g_set_error (error, HONE_ERROR, code, _("“%s”, %s"), o->display_name, problem->message);
  hone_import_problem_free (problem);
  return FALSE;
}

static RunResult *
run_import (RunData       *data,
            GCancellable  *cancellable,
            GError       **error)
{
  const Options *o = data->options;
  g_auto(Source) s = { 0 };
  g_auto(Import) im = { 0 };
  g_autoptr(GRand) rand = NULL;
  g_autoptr(RunResult) result = g_new0 (RunResult, 1);
  gint64 start_time = g_get_monotonic_time ();
  guint64 n_rows = 0;
  gint64 last_report = 0;

  result->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hone_import_problem_free);
  if (o->random_split)
    rand = g_rand_new_with_seed (o->seed);

  if (!source_open (&s, o, cancellable, error))
    return NULL;

  im.maps = data->maps;
  if (!import_open (&im, o, error))
    return NULL;

  while (TRUE)
    {
      g_autoptr(GError) local_error = NULL;
      int r = source_next (&s, cancellable, &local_error);
      HoneImportProblem *problem = NULL;
      int problem_code = HONE_ERROR_INVALID;
      guint n_values;
      HoneSplit split;
      gint64 id;

      if (r == 0)
        break;

      if (r < 0)
        {
          if (!s.error_recoverable || !o->skip_bad_rows)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              prefix_error (error, o->display_name, s.error_line > 0);
              return NULL;
            }
          add_problem (result, problem_from_reader (s.error_line, s.error_column, local_error));
          continue;
        }

      /* Map the columns this row brought */
      while (im.column_targets->len < s.names->len)
        {
          guint column = im.column_targets->len;
          gint index = map_column (&im, column, g_ptr_array_index (s.names, column), error);

          if (index == -2)
            return NULL;
          g_array_append_val (im.column_targets, index);
        }

      for (guint i = 0; i < im.targets->len; i++)
        ((Target *) g_ptr_array_index (im.targets, i))->value = NULL;

      /* A row longer than the header is wrong as a whole */
      {
        guint extra = source_extra_value (&s);

        if (extra > 0)
          {
            problem = extra_value_problem (&s, extra);
            problem_code = HONE_ERROR_PARSE;
          }
      }

      n_values = MIN (source_n_values (&s), im.column_targets->len);
      for (guint i = 0; i < n_values && problem == NULL; i++)
        {
          gint index = g_array_index (im.column_targets, gint, i);
          gsize len = 0;
          const char *value;
          Target *t;

          if (index < 0)
            continue;
          value = source_value (&s, i, &len);
          if (value == NULL)
            continue;

          t = g_ptr_array_index (im.fields, index);
          t->value = value;
          t->len = len;

          if (t->checks)
            {
              g_autoptr(GError) check_error = NULL;

              g_clear_pointer (&t->canonical, g_free);
              if (!hone_field_check_value (t->field, value, &t->canonical, &check_error))
                {
                  problem = problem_new (source_row_line (&s), 0, t->name, check_error->message);
                  break;
                }
              t->value = t->canonical;
              t->len = strlen (t->canonical);
            }
        }

      if (problem != NULL)
        {
          if (!bad_row (o, result, problem, problem_code, error))
            return NULL;
          continue;
        }

      /* The row lands */
      if (rand != NULL)
        split = g_rand_double (rand) < o->validation_fraction ? HONE_SPLIT_VALIDATION : HONE_SPLIT_TRAIN;
      else
        split = o->split;

      id = im.next_id++;
      if (!add_example (&im, id, split, error))
        return NULL;

      for (guint i = 0; i < im.targets->len; i++)
        {
          Target *t = g_ptr_array_index (im.targets, i);

          if (t->value == NULL)
            continue;
          if (t->stats != NULL)
            kind_stats_add (t->stats, t->value, t->len);
          if (!add_value (&im, id, t->id, t->value, t->len, error))
            return NULL;
        }

      result->n_imported++;

      if (++n_rows % CHECK_EVERY == 0)
        {
          gint64 t = g_get_monotonic_time ();

          if (g_cancellable_is_cancelled (cancellable))
            break;
          if (t - last_report > 50 * 1000)
            {
              last_report = t;
              report_progress (data, source_fraction (&s));
            }
        }
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_CANCELLED, _("Stopped. Nothing was imported."));
      return NULL;
    }

  /* Fields of columns that had no row at all still land, as the file names them */
  while (im.column_targets->len < s.names->len)
    {
      guint column = im.column_targets->len;
      gint index = map_column (&im, column, g_ptr_array_index (s.names, column), error);

      if (index == -2)
        return NULL;
      g_array_append_val (im.column_targets, index);
    }

  if (!flush_examples (&im, error) || !flush_values (&im, error))
    return NULL;

  g_debug ("Import: %" G_GUINT64_FORMAT " rows read and inserted in %.3f s",
           result->n_imported, (g_get_monotonic_time () - start_time) / 1e6);

  if (!finish_fields (&im, source_get_format (&s), error) ||
      !import_commit (&im, error))
    return NULL;

  result->n_fields_created = im.n_fields_created;
  return g_steal_pointer (&result);
}

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;
  RunResult *result = run_import (data, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) run_result_free);
}

/* Run: main thread ----------------------------------------------------------- */

static void
set_progress (HoneImporter *self,
              double        progress)
{
  if (self->progress != progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
}

static gboolean
progress_cb (gpointer user_data)
{
  RunData *data = user_data;
  g_autoptr(HoneImporter) self = g_weak_ref_get (&data->importer);

  g_atomic_int_set (&data->progress_pending, 0);
  if (self != NULL && self->running != NULL && self->run_serial == data->serial)
    set_progress (self, data->progress);

  return G_SOURCE_REMOVE;
}

void
hone_importer_run_async (HoneImporter        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  RunData *data;

  g_return_if_fail (HONE_IS_IMPORTER (self));
  g_return_if_fail (self->running == NULL);

  /* The result of a run before is gone */
  self->n_imported = 0;
  self->n_fields_created = 0;
  self->n_skipped = 0;
  g_ptr_array_set_size (self->skipped, 0);

  if (hone_project_is_read_only (self->project))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, hone_importer_run_async);
      g_task_return_new_error (task, HONE_ERROR, HONE_ERROR_READ_ONLY,
                               _("The project was opened for reading only."));
      return;
    }
  if (!check_mapping (self, &error))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, hone_importer_run_async);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_atomic_rc_box_new0 (RunData);
  data->options = snapshot_options (self, NULL);
  data->maps = g_ptr_array_new_with_free_func ((GDestroyNotify) column_map_free);
  for (guint i = 0; self->maps != NULL && i < self->maps->len; i++)
    g_ptr_array_add (data->maps, column_map_copy (g_ptr_array_index (self->maps, i)));
  data->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&data->importer, self);
  data->serial = ++self->run_serial;

  self->running = start_in_thread (self, cancellable, callback, user_data, hone_importer_run_async,
                                   data, run_data_unref, (GDestroyNotify) run_result_free,
                                   run_worker);
  /* The caller's callback holds the task; this is only a marker */
  g_object_unref (self->running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  set_progress (self, 0.0);
}

gboolean
hone_importer_run_finish (HoneImporter  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(GError) reload_error = NULL;
  RunResult *run;

  g_return_val_if_fail (HONE_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (self->running == G_TASK (result))
    {
      self->running = NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }

  run = g_task_propagate_pointer (G_TASK (result), error);
  if (run == NULL)
    {
      set_progress (self, 0.0);
      return FALSE;
    }

  self->n_imported = run->n_imported;
  self->n_fields_created = run->n_fields_created;
  self->n_skipped = run->n_skipped;
  g_ptr_array_set_size (self->skipped, 0);
  for (guint i = 0; i < run->problems->len; i++)
    g_ptr_array_add (self->skipped, problem_copy (g_ptr_array_index (run->problems, i)));
  run_result_free (run);

  set_progress (self, 1.0);

  /* The import wrote through its own connection */
  if (!hone_project_reload (self->project, &reload_error))
    g_debug ("Could not reload the project after an import: %s", reload_error->message);

  return TRUE;
}

static void
run_sync_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

gboolean
hone_importer_run (HoneImporter  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (HONE_IS_IMPORTER (self), FALSE);

  g_main_context_push_thread_default (context);
  hone_importer_run_async (self, cancellable, run_sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  /* Progress updates that were still queued */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  return hone_importer_run_finish (self, result, error);
}

gboolean
hone_importer_is_running (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), FALSE);
  return self->running != NULL;
}

double
hone_importer_get_progress (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), 0.0);
  return self->progress;
}

guint64
hone_importer_get_n_imported (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), 0);
  return self->n_imported;
}

guint
hone_importer_get_n_fields_created (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), 0);
  return self->n_fields_created;
}

guint64
hone_importer_get_n_skipped (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), 0);
  return self->n_skipped;
}

GPtrArray *
hone_importer_get_skipped_rows (HoneImporter *self)
{
  g_return_val_if_fail (HONE_IS_IMPORTER (self), NULL);
  return self->skipped;
}
