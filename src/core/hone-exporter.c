/* hone-exporter.c: writes the examples of a project as CSV, TSV or JSON
 * Lines, or rendered through its templates as chat JSON Lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-exporter.h"
#include "hone-prompt.h"
#include "hone-store.h"

/* Bytes gathered before a write */
#define FLUSH_BYTES (256 * 1024)
/* Rows between two looks at the cancellable and the progress */
#define CHECK_EVERY 256
/* Ids of skipped examples kept (the count is always exact) */
#define MAX_SKIPPED_IDS 10000

static const char * const format_names[] = { "csv", "tsv", "jsonl", "chat-jsonl" };
static const char * const format_extensions[] = { ".csv", ".tsv", ".jsonl", ".jsonl" };

const char *
hone_export_format_to_string (HoneExportFormat format)
{
  g_return_val_if_fail (format <= HONE_EXPORT_FORMAT_CHAT_JSONL, NULL);
  return format_names[format];
}

gboolean
hone_export_format_from_string (const char       *str,
                                HoneExportFormat *format)
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
hone_export_format_get_extension (HoneExportFormat format)
{
  g_return_val_if_fail (format <= HONE_EXPORT_FORMAT_CHAT_JSONL, NULL);
  return format_extensions[format];
}

struct _HoneExporter
{
  GObject           parent_instance;

  HoneProject      *project;
  HoneExportFormat  format;
  HoneSplit         split;
  GArray           *ids;
  gboolean          skip_bad_examples;

  GTask            *running;   /* not a reference */
  guint             run_serial;
  double            progress;
  guint64           n_exported;
  guint64           n_skipped;
  GArray           *skipped_ids;
  gboolean          keep_ids;
  GArray           *written_ids;
};

/* What a run gives back */
typedef struct {
  guint64  n_exported;
  guint64  n_skipped;
  GArray  *skipped_ids;
  GArray  *written_ids;
} ExportResult;

static void
export_result_free (gpointer data)
{
  ExportResult *result = data;

  g_clear_pointer (&result->skipped_ids, g_array_unref);
  g_clear_pointer (&result->written_ids, g_array_unref);
  g_free (result);
}

G_DEFINE_FINAL_TYPE (HoneExporter, hone_exporter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hone_exporter_finalize (GObject *object)
{
  HoneExporter *self = HONE_EXPORTER (object);

  g_clear_object (&self->project);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->skipped_ids, g_array_unref);
  g_clear_pointer (&self->written_ids, g_array_unref);

  G_OBJECT_CLASS (hone_exporter_parent_class)->finalize (object);
}

static void
hone_exporter_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HoneExporter *self = HONE_EXPORTER (object);

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
hone_exporter_class_init (HoneExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hone_exporter_finalize;
  object_class->get_property = hone_exporter_get_property;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hone_exporter_init (HoneExporter *self)
{
  self->split = HONE_SPLIT_ANY;
  self->skipped_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

HoneExporter *
hone_exporter_new (HoneProject      *project,
                   HoneExportFormat  format)
{
  HoneExporter *self;

  g_return_val_if_fail (HONE_IS_PROJECT (project), NULL);
  g_return_val_if_fail (format <= HONE_EXPORT_FORMAT_CHAT_JSONL, NULL);

  self = g_object_new (HONE_TYPE_EXPORTER, NULL);
  self->project = g_object_ref (project);
  self->format = format;

  return self;
}

HoneExportFormat
hone_exporter_get_format (HoneExporter *self)
{
  g_return_val_if_fail (HONE_IS_EXPORTER (self), HONE_EXPORT_FORMAT_CSV);
  return self->format;
}

void
hone_exporter_set_split (HoneExporter *self,
                         HoneSplit     split)
{
  g_return_if_fail (HONE_IS_EXPORTER (self));
  g_return_if_fail (split == HONE_SPLIT_ANY || (split >= HONE_SPLIT_TRAIN && split <= HONE_SPLIT_EXCLUDED));
  self->split = split;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

void
hone_exporter_set_example_ids (HoneExporter *self,
                               const gint64 *ids,
                               guint         n_ids)
{
  g_return_if_fail (HONE_IS_EXPORTER (self));

  g_clear_pointer (&self->ids, g_array_unref);
  if (ids != NULL)
    {
      self->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
      g_array_append_vals (self->ids, ids, n_ids);
      g_array_sort (self->ids, compare_ids);
    }
}

void
hone_exporter_set_skip_bad_examples (HoneExporter *self,
                                     gboolean      skip)
{
  g_return_if_fail (HONE_IS_EXPORTER (self));
  self->skip_bad_examples = !!skip;
}

guint64
hone_exporter_get_n_skipped (HoneExporter *self)
{
  g_return_val_if_fail (HONE_IS_EXPORTER (self), 0);
  return self->n_skipped;
}

GArray *
hone_exporter_get_skipped_ids (HoneExporter *self)
{
  g_return_val_if_fail (HONE_IS_EXPORTER (self), NULL);
  return self->skipped_ids;
}

gboolean
hone_exporter_is_running (HoneExporter *self)
{
  g_return_val_if_fail (HONE_IS_EXPORTER (self), FALSE);
  return self->running != NULL;
}

double
hone_exporter_get_progress (HoneExporter *self)
{
  g_return_val_if_fail (HONE_IS_EXPORTER (self), 0.0);
  return self->progress;
}

guint64
hone_exporter_get_n_exported (HoneExporter *self)
{
  g_return_val_if_fail (HONE_IS_EXPORTER (self), 0);
  return self->n_exported;
}

/* Writing values -------------------------------------------------------- */

static void
append_csv_value (GString    *out,
                  const char *value,
                  char        delimiter)
{
  gsize len = strlen (value);
  gboolean quote = FALSE;

  if (len == 0)
    return;

  if (value[0] == ' ' || value[0] == '\t' || value[len - 1] == ' ' || value[len - 1] == '\t')
    quote = TRUE;
  for (gsize i = 0; !quote && i < len; i++)
    {
      char c = value[i];
      if (c == delimiter || c == '"' || c == '\r' || c == '\n')
        quote = TRUE;
    }

  if (!quote)
    {
      g_string_append_len (out, value, len);
      return;
    }

  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (value[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, value[i]);
    }
  g_string_append_c (out, '"');
}

static void
append_json_string (GString    *out,
                    const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      guint8 c = (guint8) *p;

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
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* A number exactly as JSON writes one: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
is_json_number (const char *s)
{
  const char *p = s;

  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (g_ascii_isdigit (*p))
      p++;
  else
    return FALSE;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  return *p == '\0';
}

static void
append_json_value (GString       *out,
                   const char    *value,
                   HoneFieldKind  kind)
{
  if (value == NULL || value[0] == '\0')
    g_string_append (out, "null");
  else if (kind == HONE_FIELD_KIND_NUMBER && is_json_number (value))
    g_string_append (out, value);
  else if (kind == HONE_FIELD_KIND_YES_NO && (g_str_equal (value, "true") || g_str_equal (value, "false")))
    g_string_append (out, value);
  else
    append_json_string (out, value);
}

/* The worker ------------------------------------------------------------- */

typedef struct {
  char             *project_path;
  char             *project_name;
  HoneExportFormat  format;
  HoneSplit         split;
  GArray           *ids;
  gboolean          skip_bad_examples;
  GFile            *dest;      /* or */
  GOutputStream    *stream;
  GMainContext     *context;
  GWeakRef          exporter;
  guint             serial;
  gint              progress_pending;
  double            progress;
  /* Chat JSON Lines: the examples left out (with skip_bad_examples) */
  guint64           n_skipped;
  GArray           *skipped_ids;
  /* Chat JSON Lines: the example of every line written, when asked */
  GArray           *written_ids;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->project_path);
  g_free (data->project_name);
  g_clear_pointer (&data->ids, g_array_unref);
  g_clear_pointer (&data->skipped_ids, g_array_unref);
  g_clear_pointer (&data->written_ids, g_array_unref);
  g_clear_object (&data->dest);
  g_clear_object (&data->stream);
  g_main_context_unref (data->context);
  g_weak_ref_clear (&data->exporter);
}

static void
export_data_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) export_data_free);
}

static void
set_progress (HoneExporter *self,
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
  ExportData *data = user_data;
  g_autoptr(HoneExporter) self = g_weak_ref_get (&data->exporter);

  g_atomic_int_set (&data->progress_pending, 0);
  if (self != NULL && self->running != NULL && self->run_serial == data->serial)
    set_progress (self, data->progress);

  return G_SOURCE_REMOVE;
}

static void
report_progress (ExportData *data,
                 double      fraction)
{
  data->progress = fraction;
  if (g_atomic_int_compare_and_exchange (&data->progress_pending, 0, 1))
    g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_cb,
                                g_atomic_rc_box_acquire (data), export_data_unref);
}

static char *
ids_to_json (GArray *ids)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (ids, gint64, i));
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

static gboolean
write_out (GOutputStream  *stream,
           GString        *buffer,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error_literal (error, HONE_ERROR, HONE_ERROR_CANCELLED, _("Stopped. No file was written."));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        g_set_error_literal (error, HONE_ERROR, HONE_ERROR_IO, _("The disk is full. Free some space and try again."));
      else
        g_set_error (error, HONE_ERROR, HONE_ERROR_IO, _("Could not write the file: %s"), local_error->message);
      return FALSE;
    }

  g_string_truncate (buffer, 0);
  return TRUE;
}

typedef struct {
  gint64         id;
  char          *name;
  HoneFieldKind  kind;
} ExportField;

/* Chat JSON Lines ------------------------------------------------------- */

/* @message as a sentence, to put another after it */
static char *
end_sentence (const char *message)
{
  gsize len = strlen (message);

  if (len > 0 && strchr (".!?", message[len - 1]) == NULL &&
      !g_str_has_suffix (message, "…"))
    return g_strconcat (message, ".", NULL);
  return g_strdup (message);
}

/* The newest text of each template and the template style, as the
 * snapshot has them (a version 1 file kept one text per role) */
static gboolean
read_templates (sqlite3            *db,
                char               *sources[HONE_N_TEMPLATE_ROLES],
                HoneTemplateStyle  *style,
                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean versions;
  int rc;

  versions = hone_store_query_int (db, "SELECT count(*) FROM sqlite_master"
                                       " WHERE type = 'table' AND name = 'template_versions'", error) > 0;
  stmt = hone_store_prepare (db,
                             versions
                             ? "SELECT role, text FROM template_versions t"
                               " WHERE version = (SELECT max(version) FROM template_versions"
                               "                  WHERE role = t.role)"
                             : "SELECT role, text FROM templates",
                             error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HoneTemplateRole role;

      if (hone_template_role_from_string ((const char *) sqlite3_column_text (stmt, 0), &role))
        {
          g_free (sources[role]);
          sources[role] = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
    }
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, db, rc, _("Could not read the templates of the project"));
      return FALSE;
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  *style = HONE_TEMPLATE_STYLE_CHAT;
  stmt = hone_store_prepare (db, "SELECT value FROM meta WHERE key = 'template_style'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW &&
      !hone_template_style_from_string ((const char *) sqlite3_column_text (stmt, 0), style))
    *style = HONE_TEMPLATE_STYLE_CHAT;

  return TRUE;
}

/* Compiles the templates of the snapshot, or says which one is wrong and
 * where, or which one is missing, before anything is written */
static HonePrompt *
compile_templates (sqlite3            *db,
                   GArray             *fields,
                   HoneTemplateStyle  *style,
                   GError            **error)
{
  char *sources[HONE_N_TEMPLATE_ROLES] = { NULL, };
  g_autoptr(GPtrArray) field_objects = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  HonePrompt *prompt = NULL;

  if (!read_templates (db, sources, style, error))
    goto out;

  if (*style == HONE_TEMPLATE_STYLE_PROMPT_COMPLETION)
    g_clear_pointer (&sources[HONE_TEMPLATE_ROLE_SYSTEM], g_free);

  for (HoneTemplateRole role = HONE_TEMPLATE_ROLE_USER; role <= HONE_TEMPLATE_ROLE_ASSISTANT; role++)
    if (sources[role] == NULL || sources[role][0] == '\0')
      {
        /* Translators: %s is a template, like “Assistant message” */
        g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                     _("The template “%s” is not written yet, so the examples cannot become training data. Write it on the Templates page, then export again."),
                     hone_template_role_get_label (role));
        goto out;
      }

  for (guint i = 0; i < fields->len; i++)
    {
      ExportField *field = &g_array_index (fields, ExportField, i);

      g_ptr_array_add (field_objects, hone_field_new (field->id, field->name, field->kind, NULL, NULL, i));
    }

  prompt = hone_prompt_new ((const char * const *) sources, field_objects, NULL, NULL, &local_error);
  if (prompt == NULL)
    {
      g_autofree char *sentence = end_sentence (local_error->message);

      /* Translators: %s says which template is wrong and where, like “User message, line 3, column 5: …” */
      g_set_error (error, HONE_ERROR, HONE_ERROR_PARSE,
                   _("%s Correct the template, then export again."), sentence);
    }

out:
  for (guint i = 0; i < HONE_N_TEMPLATE_ROLES; i++)
    g_free (sources[i]);
  return prompt;
}

/* Renders one example as a line of @out, or skips it (with
 * skip_bad_examples) or fails when it cannot be rendered or a message the
 * model needs is empty. Takes the values of @row. */
static gboolean
append_chat_line (ExportData         *data,
                  HonePrompt         *prompt,
                  HoneTemplateStyle   style,
                  gint64              id,
                  GArray             *fields,
                  GPtrArray          *row,
                  GString            *out,
                  GError            **error)
{
  g_autoptr(HoneExample) example = hone_example_new (id, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, 0, 0);
  g_autoptr(GArray) messages = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  HoneTemplateRole empty_role;

  for (guint i = 0; i < fields->len; i++)
    if (g_ptr_array_index (row, i) != NULL)
      hone_example_take_value (example, g_array_index (fields, ExportField, i).id,
                               g_steal_pointer (&g_ptr_array_index (row, i)));

  messages = hone_prompt_render (prompt, example, &local_error);
  if (messages == NULL)
    {
      g_autofree char *sentence = NULL;

      if (data->skip_bad_examples)
        goto skip;
      sentence = end_sentence (local_error->message);
      /* Translators: the first %s is an example's number; the second names
       * the template and what went wrong, like “User message: …” */
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("Example %s, %s Correct the template or the example, or leave out the examples that cannot be rendered."),
                   id_str, sentence);
      return FALSE;
    }

  if (hone_prompt_messages_find_empty (messages, &empty_role))
    {
      if (data->skip_bad_examples)
        goto skip;
      /* Translators: the first %s is an example's number, the second a template like “Assistant message” */
      g_set_error (error, HONE_ERROR, HONE_ERROR_INVALID,
                   _("Example %s, %s: the message is empty, and a model cannot learn from an empty message. Fill in the fields its template uses, exclude the example, or leave out the examples with an empty message."),
                   id_str, hone_template_role_get_label (empty_role));
      return FALSE;
    }

  line = hone_prompt_messages_to_line (messages, style);
  g_string_append (out, line);
  g_string_append_c (out, '\n');
  if (data->written_ids != NULL)
    g_array_append_val (data->written_ids, id);
  return TRUE;

skip:
  data->n_skipped++;
  if (data->skipped_ids->len < MAX_SKIPPED_IDS)
    g_array_append_val (data->skipped_ids, id);
  return TRUE;
}

static guint64
export_rows (ExportData     *data,
             GOutputStream  *stream,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autofree char *display = g_path_get_basename (data->project_path);
  g_autoptr(GString) out = g_string_sized_new (FLUSH_BYTES + 4096);
  g_autoptr(GArray) fields = g_array_new (FALSE, TRUE, sizeof (ExportField));
  g_autoptr(GHashTable) field_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) row = g_ptr_array_new ();
  g_autoptr(HonePrompt) prompt = NULL;
  HoneTemplateStyle style = HONE_TEMPLATE_STYLE_CHAT;
  gboolean chat = data->format == HONE_EXPORT_FORMAT_CHAT_JSONL;
  g_autofree char *ids_json = NULL;
  GString *where = g_string_new (NULL);
  g_autofree char *where_sql = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  char delimiter = data->format == HONE_EXPORT_FORMAT_TSV ? '\t' : ',';
  gint64 total = 0;
  gint64 current = -1;
  guint64 n = 0;
  gboolean ok = FALSE;
  int rc;

  if (!hone_store_check_header (data->project_path, display, NULL, error))
    goto out;
  db = hone_store_open_db (data->project_path, HONE_STORE_OPEN_READ_ONLY, error);
  if (db == NULL)
    goto out;
  /* One snapshot from the first read to the last */
  if (!hone_store_exec (db, "BEGIN;", error))
    goto out;

  {
    g_autoptr(sqlite3_stmt) f = hone_store_prepare (db, "SELECT id, name, kind FROM fields ORDER BY position, id", error);

    if (f == NULL)
      goto out;
    while ((rc = sqlite3_step (f)) == SQLITE_ROW)
      {
        ExportField field = { 0 };

        field.id = sqlite3_column_int64 (f, 0);
        field.name = g_strdup ((const char *) sqlite3_column_text (f, 1));
        field.kind = HONE_FIELD_KIND_LONG_TEXT;
        hone_field_kind_from_string ((const char *) sqlite3_column_text (f, 2), &field.kind);
        g_array_append_val (fields, field);
      }
    if (rc != SQLITE_DONE)
      {
        hone_store_set_error (error, db, rc, _("Could not read the fields of the project"));
        goto out;
      }
  }
  for (guint i = 0; i < fields->len; i++)
    g_hash_table_insert (field_index, &g_array_index (fields, ExportField, i).id, GUINT_TO_POINTER (i));
  g_ptr_array_set_size (row, fields->len);

  if (chat)
    {
      prompt = compile_templates (db, fields, &style, error);
      if (prompt == NULL)
        goto out;
    }

  if (data->split != HONE_SPLIT_ANY)
    g_string_append (where, " AND e.split = ?1");
  else if (chat)
    /* Excluded examples are not training data */
    g_string_append (where, " AND e.split <> 'excluded'");
  if (data->ids != NULL)
    {
      g_string_append (where, " AND e.id IN (SELECT value FROM json_each (?2))");
      ids_json = ids_to_json (data->ids);
    }
  where_sql = g_string_free (where, FALSE);

  {
    g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM examples e WHERE 1%s", where_sql);
    g_autoptr(sqlite3_stmt) count = hone_store_prepare (db, count_sql, error);

    if (count == NULL)
      goto out;
    if (data->split != HONE_SPLIT_ANY)
      sqlite3_bind_text (count, 1, hone_split_to_string (data->split), -1, SQLITE_STATIC);
    if (ids_json != NULL)
      sqlite3_bind_text (count, 2, ids_json, -1, SQLITE_STATIC);
    if (sqlite3_step (count) == SQLITE_ROW)
      total = sqlite3_column_int64 (count, 0);
  }

  sql = g_strdup_printf ("SELECT e.id, v.field_id, v.value FROM examples e"
                         " LEFT JOIN example_values v ON v.example_id = e.id"
                         " WHERE 1%s ORDER BY e.id", where_sql);
  stmt = hone_store_prepare (db, sql, error);
  if (stmt == NULL)
    goto out;
  if (data->split != HONE_SPLIT_ANY)
    sqlite3_bind_text (stmt, 1, hone_split_to_string (data->split), -1, SQLITE_STATIC);
  if (ids_json != NULL)
    sqlite3_bind_text (stmt, 2, ids_json, -1, SQLITE_STATIC);

  /* The header */
  if (data->format == HONE_EXPORT_FORMAT_CSV || data->format == HONE_EXPORT_FORMAT_TSV)
    {
      for (guint i = 0; i < fields->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, delimiter);
          append_csv_value (out, g_array_index (fields, ExportField, i).name, delimiter);
        }
      g_string_append (out, "\r\n");
    }

  while (TRUE)
    {
      gint64 id = -1;

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      else if (rc != SQLITE_DONE)
        {
          hone_store_set_error (error, db, rc, _("Could not read the examples"));
          goto out;
        }

      /* The previous example is complete */
      if (current >= 0 && id != current)
        {
          if (data->format == HONE_EXPORT_FORMAT_JSONL)
            {
              g_string_append_c (out, '{');
              for (guint i = 0; i < fields->len; i++)
                {
                  ExportField *field = &g_array_index (fields, ExportField, i);

                  if (i > 0)
                    g_string_append_c (out, ',');
                  append_json_string (out, field->name);
                  g_string_append_c (out, ':');
                  append_json_value (out, g_ptr_array_index (row, i), field->kind);
                }
              g_string_append (out, "}\n");
            }
          else if (chat)
            {
              if (!append_chat_line (data, prompt, style, current, fields, row, out, error))
                goto out;
            }
          else
            {
              gboolean all_empty = TRUE;

              for (guint i = 0; i < fields->len; i++)
                {
                  const char *value = g_ptr_array_index (row, i);

                  if (i > 0)
                    g_string_append_c (out, delimiter);
                  if (value != NULL)
                    {
                      append_csv_value (out, value, delimiter);
                      all_empty = FALSE;
                    }
                }
              /* A single empty field would be a blank line, which readers skip */
              if (all_empty && fields->len <= 1)
                g_string_append (out, "\"\"");
              g_string_append (out, "\r\n");
            }

          for (guint i = 0; i < fields->len; i++)
            g_clear_pointer (&g_ptr_array_index (row, i), g_free);
          n++;

          if (out->len >= FLUSH_BYTES && !write_out (stream, out, cancellable, error))
            goto out;
          if (n % CHECK_EVERY == 0)
            {
              if (g_cancellable_is_cancelled (cancellable))
                {
                  g_set_error_literal (error, HONE_ERROR, HONE_ERROR_CANCELLED, _("Stopped. No file was written."));
                  goto out;
                }
              report_progress (data, total > 0 ? MIN (1.0, (double) n / total) : 0.0);
            }
        }

      if (rc == SQLITE_DONE)
        break;

      current = id;
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        {
          gint64 field_id = sqlite3_column_int64 (stmt, 1);
          gpointer index;

          if (g_hash_table_lookup_extended (field_index, &field_id, NULL, &index))
            {
              guint i = GPOINTER_TO_UINT (index);

              g_free (g_ptr_array_index (row, i));
              g_ptr_array_index (row, i) = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
            }
        }
    }

  if (!write_out (stream, out, cancellable, error))
    goto out;

  ok = TRUE;

out:
  for (guint i = 0; i < row->len; i++)
    g_free (g_ptr_array_index (row, i));
  for (guint i = 0; i < fields->len; i++)
    g_free (g_array_index (fields, ExportField, i).name);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (db != NULL)
    {
      sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
      sqlite3_close_v2 (db);
    }

  return ok ? n - data->n_skipped : G_MAXUINT64;
}

static void
set_write_error (GError       **error,
                 GFile         *dest,
                 const GError  *local_error)
{
  g_autofree char *name = g_file_get_parse_name (dest);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, HONE_ERROR, HONE_ERROR_CANCELLED, _("Stopped. No file was written."));
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND,
                 _("Could not write “%s”: its folder does not exist."), name);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                 _("Could not write “%s”: the disk is full. Free some space and try again."), name);
  else
    g_set_error (error, HONE_ERROR, HONE_ERROR_IO,
                 _("Could not write “%s”: %s"), name, local_error->message);
}

/* A new file beside @dest, to write into before it takes @dest's place */
static GFileOutputStream *
create_temporary (GFile   *dest,
                  GFile  **out_tmp,
                  GError **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (dest);
  g_autofree char *base = g_file_get_basename (dest);

  for (guint attempt = 0; ; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());
      g_autoptr(GFile) tmp = g_file_get_child (parent, name);
      g_autoptr(GError) local_error = NULL;
      GFileOutputStream *stream = g_file_create (tmp, G_FILE_CREATE_NONE, NULL, &local_error);

      if (stream != NULL)
        {
          *out_tmp = g_steal_pointer (&tmp);
          return stream;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS) || attempt > 100)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
}

/* Runs the export; returns the number of examples written, or G_MAXUINT64.
 * A file is written beside the destination and renamed over it at the end:
 * a failed or cancelled export leaves the destination as it was, and no
 * half file anywhere. */
static guint64
run_export (ExportData    *data,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFileOutputStream) file_stream = NULL;
  g_autoptr(GFile) tmp = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 n;

  if (data->stream != NULL)
    return export_rows (data, data->stream, cancellable, error);

  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    {
      set_write_error (error, data->dest, local_error);
      return G_MAXUINT64;
    }

  file_stream = create_temporary (data->dest, &tmp, &local_error);
  if (file_stream == NULL)
    {
      set_write_error (error, data->dest, local_error);
      return G_MAXUINT64;
    }

  n = export_rows (data, G_OUTPUT_STREAM (file_stream), cancellable, error);

  if (n != G_MAXUINT64 &&
      !g_output_stream_close (G_OUTPUT_STREAM (file_stream), NULL, &local_error))
    {
      set_write_error (error, data->dest, local_error);
      n = G_MAXUINT64;
    }

  if (n != G_MAXUINT64 &&
      !g_file_move (tmp, data->dest, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                    NULL, NULL, NULL, &local_error))
    {
      set_write_error (error, data->dest, local_error);
      n = G_MAXUINT64;
    }

  if (n == G_MAXUINT64)
    {
      g_output_stream_close (G_OUTPUT_STREAM (file_stream), NULL, NULL);
      g_file_delete (tmp, NULL, NULL);
    }

  return n;
}

static void
export_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;
  guint64 n = run_export (data, cancellable, &error);
  ExportResult *result;

  if (n == G_MAXUINT64)
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_new0 (ExportResult, 1);
  result->n_exported = n;
  result->n_skipped = data->n_skipped;
  result->skipped_ids = g_array_ref (data->skipped_ids);
  if (data->written_ids != NULL)
    result->written_ids = g_array_ref (data->written_ids);
  g_task_return_pointer (task, result, export_result_free);
}

/* As in HoneImporter: the thread's task never holds the exporter, an outer
 * task in the calling thread carries the result */
static void
relay_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *outer = user_data;
  GError *error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &error);

  if (value == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, value, export_result_free);
  g_object_unref (outer);
}

static void
start_export (HoneExporter        *self,
              GFile               *dest,
              GOutputStream       *stream,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GFile *project_file = hone_project_get_file (self->project);
  g_autoptr(GTask) outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  ExportData *data;

  g_task_set_source_tag (outer, hone_exporter_export_async);
  g_task_set_check_cancellable (outer, FALSE);

  data = g_atomic_rc_box_new0 (ExportData);
  data->project_path = project_file != NULL ? g_file_get_path (project_file) : NULL;
  data->format = self->format;
  data->split = self->split;
  data->ids = self->ids != NULL ? g_array_ref (self->ids) : NULL;
  data->skip_bad_examples = self->skip_bad_examples;
  data->skipped_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (self->keep_ids)
    data->written_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  data->dest = dest != NULL ? g_object_ref (dest) : NULL;
  data->stream = stream != NULL ? g_object_ref (stream) : NULL;
  data->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&data->exporter, self);
  data->serial = ++self->run_serial;

  if (data->project_path == NULL)
    {
      export_data_unref (data);
      g_task_return_new_error (outer, HONE_ERROR, HONE_ERROR_IO,
                               _("Projects can only be read from local folders."));
      return;
    }

  self->running = outer;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  set_progress (self, 0.0);

  inner = g_task_new (NULL, cancellable, relay_cb, g_object_ref (outer));
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, data, export_data_unref);
  g_task_run_in_thread (inner, export_worker);
}

void
hone_exporter_export_async (HoneExporter        *self,
                            GFile               *dest,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HONE_IS_EXPORTER (self));
  g_return_if_fail (G_IS_FILE (dest));
  g_return_if_fail (self->running == NULL);

  start_export (self, dest, NULL, cancellable, callback, user_data);
}

void
hone_exporter_export_to_stream_async (HoneExporter        *self,
                                      GOutputStream       *stream,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (HONE_IS_EXPORTER (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));
  g_return_if_fail (self->running == NULL);

  start_export (self, NULL, stream, cancellable, callback, user_data);
}

void
hone_exporter_set_keep_ids (HoneExporter *self,
                            gboolean      keep_ids)
{
  g_return_if_fail (HONE_IS_EXPORTER (self));
  self->keep_ids = keep_ids;
}

GArray *
hone_exporter_get_written_ids (HoneExporter *self)
{
  g_return_val_if_fail (HONE_IS_EXPORTER (self), NULL);
  return self->written_ids;
}

gboolean
hone_exporter_export_finish (HoneExporter  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  ExportResult *run = NULL;

  g_return_val_if_fail (HONE_IS_EXPORTER (self), FALSE);
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

  self->n_exported = run->n_exported;
  self->n_skipped = run->n_skipped;
  g_clear_pointer (&self->skipped_ids, g_array_unref);
  self->skipped_ids = g_array_ref (run->skipped_ids);
  g_clear_pointer (&self->written_ids, g_array_unref);
  if (run->written_ids != NULL)
    self->written_ids = g_array_ref (run->written_ids);
  export_result_free (run);
  set_progress (self, 1.0);
  return TRUE;
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static gboolean
export_sync (HoneExporter   *self,
             GFile          *dest,
             GOutputStream  *stream,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_main_context_push_thread_default (context);
  start_export (self, dest, stream, cancellable, sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  return hone_exporter_export_finish (self, result, error);
}

gboolean
hone_exporter_export (HoneExporter  *self,
                      GFile         *dest,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (HONE_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);
  g_return_val_if_fail (self->running == NULL, FALSE);

  return export_sync (self, dest, NULL, cancellable, error);
}

gboolean
hone_exporter_export_to_stream (HoneExporter   *self,
                                GOutputStream  *stream,
                                GCancellable   *cancellable,
                                GError        **error)
{
  g_return_val_if_fail (HONE_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (self->running == NULL, FALSE);

  return export_sync (self, NULL, stream, cancellable, error);
}
