/* test-exporter.c: exporting examples, and importing them back unchanged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hone-core.h"
#include "hone-exporter.h"
#include "hone-importer.h"
#include "hone-test-util.h"

/* Tricky text values; NULL is no value */
static const char * const texts[] = {
  "plain", "", NULL, "with \"quotes\" inside", "\"", "\"\"", "\"starts with a quote",
  "a,b;c\td|e", "line 1\nline 2", "crlf\r\nline", "cr\ronly", "\r", "\n", "\r\n\r\n",
  " leading space", "trailing space ", "  ", "\t tab first", "unicode é 日本語 🎉 Ω",
  "=SUM(A1)", "007", "1.50", "null", "true", "{\"json\": [1, 2]}", "back\\slash",
  "control \x01 char", "x", "-", "#", "'quoted'", "ends with comma,", ",", "\t",
};

/* Numbers as a number field keeps them (already trimmed) */
static const char * const numbers[] = {
  "007", "1.50", "-0", "1e3", "+5", "3.14159265358979323846264338327950288", ".5", "42", NULL, "-12.5E-3",
};

static const char * const flags[] = { "true", "false", NULL };
static const char * const labels[] = { "a", "b, c", "\"d\"", NULL };

static HoneProject *
tricky_project (const char *dir,
                const char *name,
                guint      *n_examples,
                GPtrArray **long_value_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = hone_test_file (dir, name);
  HoneProject *project = hone_project_create (file, "Tricky", &error);
  g_autoptr(GString) long_value = g_string_new (NULL);
  guint n = G_N_ELEMENTS (texts);

  g_assert_no_error (error);
  g_assert_nonnull (hone_project_add_field (project, "text", HONE_FIELD_KIND_LONG_TEXT, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "short, with comma", HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "num", HONE_FIELD_KIND_NUMBER, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "flag", HONE_FIELD_KIND_YES_NO, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "lab \"q\"", HONE_FIELD_KIND_LABEL, NULL, labels, &error));
  g_assert_no_error (error);

  /* A long value with everything in it */
  while (long_value->len < 1024 * 1024)
    g_string_append (long_value, "Long text, \"quoted\"\r\nnext line\ttab é;|\n");

  g_assert_true (hone_project_begin (project, &error));
  for (guint i = 0; i <= n; i++)
    {
      const char *values[5];

      values[0] = i < n ? texts[i] : long_value->str;
      values[1] = texts[(i * 7 + 3) % n];
      values[2] = numbers[i % G_N_ELEMENTS (numbers)];
      values[3] = flags[i % G_N_ELEMENTS (flags)];
      values[4] = i % 5 == 4 ? NULL : labels[i % 3];
      g_assert_cmpint (hone_project_add_example (project, i % 3 == 0 ? HONE_SPLIT_VALIDATION : HONE_SPLIT_TRAIN,
                                                 HONE_EXAMPLE_SOURCE_TYPED, values, &error), >, 0);
      g_assert_no_error (error);
    }
  /* An example with no value at all */
  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, NULL, &error), >, 0);
  g_assert_true (hone_project_commit (project, &error));
  g_assert_no_error (error);

  *n_examples = n + 2;
  return project;
}

/* Every value of every example of @a is in @b, field by field name */
static void
assert_same_values (HoneProject *a,
                    HoneProject *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ea = hone_project_load_examples (a, 0, G_MAXUINT, &error);
  g_autoptr(GPtrArray) eb = hone_project_load_examples (b, 0, G_MAXUINT, &error);
  guint64 compared = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (ea->len, ==, eb->len);
  g_assert_cmpuint (hone_project_get_n_fields (a), ==, hone_project_get_n_fields (b));

  for (guint f = 0; f < hone_project_get_n_fields (a); f++)
    {
      HoneField *fa = hone_project_get_field (a, f);
      HoneField *fb = hone_project_find_field (b, hone_field_get_name (fa));

      g_assert_nonnull (fb);
      g_assert_cmpuint (hone_field_get_position (fb), ==, f);
      for (guint i = 0; i < ea->len; i++)
        {
          const char *va = hone_example_get_value (g_ptr_array_index (ea, i), hone_field_get_id (fa));
          const char *vb = hone_example_get_value (g_ptr_array_index (eb, i), hone_field_get_id (fb));

          if (g_strcmp0 (va, vb) != 0)
            {
              g_autofree char *ca = va != NULL ? g_strescape (va, NULL) : g_strdup ("(none)");
              g_autofree char *cb = vb != NULL ? g_strescape (vb, NULL) : g_strdup ("(none)");

              if (strlen (ca) > 200)
                ca[200] = '\0';
              if (strlen (cb) > 200)
                cb[200] = '\0';
              g_error ("example %u, field “%s”: “%s” became “%s”", i, hone_field_get_name (fa), ca, cb);
            }
          compared++;
        }
    }
  g_assert_cmpuint (compared, >, 0);
}

static void
check_round_trip (HoneExportFormat format)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(HoneExporter) exporter = NULL;
  g_autofree char *name = g_strconcat ("export", hone_export_format_get_extension (format), NULL);
  g_autoptr(GFile) dest = hone_test_file (dir, name);
  g_autoptr(GError) error = NULL;
  guint n_examples = 0;

  project = tricky_project (dir, "tricky.hone", &n_examples, NULL);
  exporter = hone_exporter_new (project, format);
  g_assert_true (hone_exporter_export (exporter, dest, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hone_exporter_get_n_exported (exporter), ==, n_examples);
  g_assert_cmpfloat (hone_exporter_get_progress (exporter), ==, 1.0);

  /* Into a new project: every field new, kinds from the file */
  {
    g_autoptr(GFile) file = hone_test_file (dir, "new.hone");
    g_autoptr(HoneProject) copy = hone_project_create (file, "Copy", &error);
    g_autoptr(HoneImporter) importer = hone_importer_new (copy, dest);

    g_assert_no_error (error);
    g_assert_true (hone_importer_run (importer, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (hone_importer_get_n_imported (importer), ==, n_examples);
    assert_same_values (project, copy);
    g_clear_object (&importer);
    g_assert_finalize_object (g_steal_pointer (&copy));
  }

  /* Into a project with the same fields: values are checked and kept */
  {
    g_autoptr(GFile) file = hone_test_file (dir, "same.hone");
    g_autoptr(HoneProject) copy = hone_project_create (file, "Same", &error);
    g_autoptr(HoneImporter) importer = NULL;

    g_assert_no_error (error);
    for (guint f = 0; f < hone_project_get_n_fields (project); f++)
      {
        HoneField *field = hone_project_get_field (project, f);
        g_assert_nonnull (hone_project_add_field (copy, hone_field_get_name (field), hone_field_get_kind (field), NULL,
                                                  hone_field_get_allowed_values (field), &error));
      }
    importer = hone_importer_new (copy, dest);
    g_assert_true (hone_importer_load_preview (importer, 10, NULL, &error));
    for (guint c = 0; c < hone_importer_get_n_columns (importer); c++)
      g_assert_cmpint (hone_importer_get_column_target (importer, c), ==, HONE_IMPORT_TARGET_EXISTING_FIELD);
    g_assert_true (hone_importer_run (importer, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (hone_importer_get_n_fields_created (importer), ==, 0);
    assert_same_values (project, copy);
    g_clear_object (&importer);
    g_assert_finalize_object (g_steal_pointer (&copy));
  }

  /* And once more: export the copy, compare the files byte for byte */
  {
    g_autoptr(GFile) file = hone_test_file (dir, "new.hone");
    g_autoptr(HoneProject) copy = hone_project_open (file, HONE_PROJECT_OPEN_READ_ONLY, &error);
    g_autoptr(HoneExporter) again = hone_exporter_new (copy, format);
    g_autoptr(GFile) dest2 = hone_test_file (dir, "again.out");
    g_autofree char *a = hone_test_checksum (dest);
    g_autofree char *b = NULL;

    g_assert_no_error (error);
    g_assert_true (hone_exporter_export (again, dest2, NULL, &error));
    g_assert_no_error (error);
    b = hone_test_checksum (dest2);
    /* JSON writes a number field's values by kind, and the copy guessed
     * text for the numbers that are not plain ("007"): only CSV/TSV are
     * the same file */
    if (format != HONE_EXPORT_FORMAT_JSONL)
      g_assert_cmpstr (a, ==, b);
    g_clear_object (&again);
    g_assert_finalize_object (g_steal_pointer (&copy));
  }

  g_clear_object (&exporter);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_round_trip_csv (void)
{
  check_round_trip (HONE_EXPORT_FORMAT_CSV);
}

static void
test_round_trip_tsv (void)
{
  check_round_trip (HONE_EXPORT_FORMAT_TSV);
}

static void
test_round_trip_jsonl (void)
{
  check_round_trip (HONE_EXPORT_FORMAT_JSONL);
}

static char *
export_to_string (HoneExporter *exporter)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_exporter_export_to_stream (exporter, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_formats (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "f.hone");
  g_autoptr(GError) error = NULL;
  const char *one[] = { "Say \"hi\",\nthen go", "a", "007" };
  const char *two[] = { " x", NULL, "1.50" };
  HoneField *flag;

  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, one, &error), >, 0);
  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_VALIDATION, HONE_EXAMPLE_SOURCE_TYPED, two, &error), >, 0);
  flag = hone_project_add_field (project, "ok", HONE_FIELD_KIND_YES_NO, NULL, NULL, &error);
  g_assert_nonnull (flag);
  {
    const char *three[] = { "t", "b", NULL, "yes" };
    g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, three, &error), >, 0);
    g_assert_no_error (error);
  }

  {
    g_autoptr(HoneExporter) exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_CSV);
    g_autofree char *text = export_to_string (exporter);

    g_assert_cmpstr (text, ==,
                     "input,label,score,ok\r\n"
                     "\"Say \"\"hi\"\",\nthen go\",a,007,\r\n"
                     "\" x\",,1.50,\r\n"
                     "t,b,,true\r\n");
  }
  {
    g_autoptr(HoneExporter) exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_TSV);
    g_autofree char *text = export_to_string (exporter);

    g_assert_cmpstr (text, ==,
                     "input\tlabel\tscore\tok\r\n"
                     "\"Say \"\"hi\"\",\nthen go\"\ta\t007\t\r\n"
                     "\" x\"\t\t1.50\t\r\n"
                     "t\tb\t\ttrue\r\n");
  }
  {
    g_autoptr(HoneExporter) exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_JSONL);
    g_autofree char *text = export_to_string (exporter);

    g_assert_cmpstr (text, ==,
                     "{\"input\":\"Say \\\"hi\\\",\\nthen go\",\"label\":\"a\",\"score\":\"007\",\"ok\":null}\n"
                     "{\"input\":\" x\",\"label\":null,\"score\":1.50,\"ok\":null}\n"
                     "{\"input\":\"t\",\"label\":\"b\",\"score\":null,\"ok\":true}\n");
  }

  /* One split */
  {
    g_autoptr(HoneExporter) exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_CSV);
    g_autofree char *text = NULL;

    hone_exporter_set_split (exporter, HONE_SPLIT_VALIDATION);
    text = export_to_string (exporter);
    g_assert_cmpstr (text, ==, "input,label,score,ok\r\n\" x\",,1.50,\r\n");
    g_assert_cmpuint (hone_exporter_get_n_exported (exporter), ==, 1);
  }

  /* A selection, in id order whatever order it was given in */
  {
    g_autoptr(HoneExporter) exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_JSONL);
    g_autofree char *text = NULL;
    const gint64 ids[] = { 3, 1, 99 };

    hone_exporter_set_example_ids (exporter, ids, G_N_ELEMENTS (ids));
    text = export_to_string (exporter);
    g_assert_cmpstr (text, ==,
                     "{\"input\":\"Say \\\"hi\\\",\\nthen go\",\"label\":\"a\",\"score\":\"007\",\"ok\":null}\n"
                     "{\"input\":\"t\",\"label\":\"b\",\"score\":null,\"ok\":true}\n");
    g_assert_cmpuint (hone_exporter_get_n_exported (exporter), ==, 2);

    /* Selection and split together */
    hone_exporter_set_split (exporter, HONE_SPLIT_VALIDATION);
    g_free (text);
    text = export_to_string (exporter);
    g_assert_cmpstr (text, ==, "");
  }

  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_single_field_empty_rows (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = hone_test_file (dir, "one.hone");
  g_autoptr(HoneProject) project = hone_project_create (file, "One", &error);
  g_autoptr(HoneExporter) exporter = NULL;
  g_autofree char *text = NULL;
  const char *a[] = { "x" };
  const char *b[] = { NULL };

  g_assert_nonnull (hone_project_add_field (project, "only", HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, &error));
  hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, a, &error);
  hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, b, &error);
  hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, a, &error);
  g_assert_no_error (error);

  exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_CSV);
  text = export_to_string (exporter);
  /* Not a blank line, which readers skip */
  g_assert_cmpstr (text, ==, "only\r\nx\r\n\"\"\r\nx\r\n");

  g_clear_object (&exporter);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} AsyncData;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = g_object_ref (result);
  g_main_loop_quit (data->loop);
}

static void
cancel_on_progress_cb (HoneExporter *exporter,
                       GParamSpec   *pspec,
                       GCancellable *cancellable)
{
  if (hone_exporter_get_progress (exporter) > 0.0)
    g_cancellable_cancel (cancellable);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_cancel_keeps_old_file (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "c.hone");
  g_autoptr(HoneExporter) exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_CSV);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  AsyncData data = { g_main_loop_new (NULL, FALSE), NULL };

  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  dest = hone_test_file (out_dir, "out.csv");
  g_assert_true (g_file_set_contents (g_file_peek_path (dest), "old contents\n", -1, NULL));

  g_assert_true (hone_project_begin (project, &error));
  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *text = g_strdup_printf ("Example number %u, with some text to make it longer", i);
      const char *values[] = { text, i % 2 ? "a" : "b", "1" };
      hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, values, &error);
    }
  g_assert_true (hone_project_commit (project, &error));
  g_assert_no_error (error);

  g_signal_connect (exporter, "notify::progress", G_CALLBACK (cancel_on_progress_cb), cancellable);
  hone_exporter_export_async (exporter, dest, cancellable, done_cb, &data);
  g_assert_true (hone_exporter_is_running (exporter));
  g_main_loop_run (data.loop);
  g_assert_false (hone_exporter_export_finish (exporter, data.result, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_CANCELLED);
  g_assert_false (hone_exporter_is_running (exporter));

  /* The old file is as it was, and no temporary file is left */
  g_assert_true (g_file_get_contents (g_file_peek_path (dest), &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old contents\n");
  g_assert_cmpuint (count_files (out_dir), ==, 1);

  /* Into a new file: nothing at all */
  {
    g_autoptr(GFile) fresh = hone_test_file (out_dir, "fresh.csv");
    g_autoptr(GCancellable) c2 = g_cancellable_new ();
    AsyncData d2 = { data.loop, NULL };

    g_clear_error (&error);
    g_signal_handlers_disconnect_by_func (exporter, cancel_on_progress_cb, cancellable);
    g_signal_connect (exporter, "notify::progress", G_CALLBACK (cancel_on_progress_cb), c2);
    hone_exporter_export_async (exporter, fresh, c2, done_cb, &d2);
    g_main_loop_run (d2.loop);
    g_assert_false (hone_exporter_export_finish (exporter, d2.result, &error));
    g_assert_error (error, HONE_ERROR, HONE_ERROR_CANCELLED);
    g_assert_false (g_file_query_exists (fresh, NULL));
    g_assert_cmpuint (count_files (out_dir), ==, 1);
    g_clear_object (&d2.result);
  }

  /* Not cancelled: the file is replaced */
  g_clear_error (&error);
  g_signal_handlers_disconnect_by_func (exporter, cancel_on_progress_cb, cancellable);
  g_assert_true (hone_exporter_export (exporter, dest, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hone_exporter_get_n_exported (exporter), ==, 100000);
  g_assert_cmpuint (count_files (out_dir), ==, 1);

  g_clear_object (&data.result);
  g_main_loop_unref (data.loop);
  g_clear_object (&exporter);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&out_dir));
  hone_test_dir_free (g_steal_pointer (&dir));
}

static void
test_missing_folder (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = hone_test_project_new (dir, "m.hone");
  g_autoptr(HoneExporter) exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_JSONL);
  g_autofree char *path = g_build_filename (dir, "no", "such", "out.jsonl", NULL);
  g_autoptr(GFile) dest = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_false (hone_exporter_export (exporter, dest, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_NOT_FOUND);

  g_clear_object (&exporter);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

/* Chat JSON Lines ----------------------------------------------------------- */

/* input (long text), label (a, b), score (number); five examples, 2 in
 * validation, 5 excluded */
static HoneProject *
chat_project (const char *dir)
{
  const char *rows[][3] = {
    { "Ship <fast> & \"safe\"", "a", "1" },
    { "Line 1\nLine 2 é ✓", "b", "2.50" },
    { "third", "a", "0" },
    { "fourth", "b", NULL },
    { "excluded one", "a", "5" },
  };
  g_autoptr(GError) error = NULL;
  HoneProject *project = hone_test_project_new (dir, "chat.hone");

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpint (hone_project_add_example (project,
                                               i == 1 ? HONE_SPLIT_VALIDATION : i == 4 ? HONE_SPLIT_EXCLUDED : HONE_SPLIT_TRAIN,
                                               HONE_EXAMPLE_SOURCE_TYPED, rows[i], &error), ==, i + 1);
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_SYSTEM, "Sort it.", &error));
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER,
                                            "{{input}}{{#if score}} (score {{score}}){{/if}}", &error));
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_ASSISTANT, "{{label}}", &error));
  g_assert_no_error (error);

  return project;
}

static void
test_chat_jsonl (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = chat_project (dir);
  g_autoptr(HoneExporter) exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_CHAT_JSONL);
  g_autoptr(GFile) dest = hone_test_file (dir, "train.jsonl");
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *validation = NULL;
  g_autofree char *pc = NULL;
  g_autofree char *from_file = NULL;

  g_assert_cmpstr (hone_export_format_to_string (HONE_EXPORT_FORMAT_CHAT_JSONL), ==, "chat-jsonl");

  /* Every example but the excluded one, rendered without escaping */
  all = export_to_string (exporter);
  g_assert_cmpstr (all, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"Sort it.\"},{\"role\":\"user\",\"content\":\"Ship <fast> & \\\"safe\\\" (score 1)\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n"
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"Sort it.\"},{\"role\":\"user\",\"content\":\"Line 1\\nLine 2 é ✓ (score 2.50)\"},{\"role\":\"assistant\",\"content\":\"b\"}]}\n"
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"Sort it.\"},{\"role\":\"user\",\"content\":\"third\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n"
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"Sort it.\"},{\"role\":\"user\",\"content\":\"fourth\"},{\"role\":\"assistant\",\"content\":\"b\"}]}\n");
  g_assert_cmpuint (hone_exporter_get_n_exported (exporter), ==, 4);
  g_assert_cmpuint (hone_exporter_get_n_skipped (exporter), ==, 0);

  /* One split */
  hone_exporter_set_split (exporter, HONE_SPLIT_VALIDATION);
  validation = export_to_string (exporter);
  g_assert_cmpstr (validation, ==,
                   "{\"messages\":[{\"role\":\"system\",\"content\":\"Sort it.\"},{\"role\":\"user\",\"content\":\"Line 1\\nLine 2 é ✓ (score 2.50)\"},{\"role\":\"assistant\",\"content\":\"b\"}]}\n");

  /* To a file: the same bytes */
  hone_exporter_set_split (exporter, HONE_SPLIT_ANY);
  g_assert_true (hone_exporter_export (exporter, dest, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (g_file_peek_path (dest), &from_file, NULL, NULL));
  g_assert_cmpstr (from_file, ==, all);

  /* The prompt/completion style: no system prompt */
  g_assert_true (hone_project_set_template_style (project, HONE_TEMPLATE_STYLE_PROMPT_COMPLETION, &error));
  hone_exporter_set_split (exporter, HONE_SPLIT_TRAIN);
  pc = export_to_string (exporter);
  g_assert_cmpstr (pc, ==,
                   "{\"prompt\":\"Ship <fast> & \\\"safe\\\" (score 1)\",\"completion\":\"a\"}\n"
                   "{\"prompt\":\"third\",\"completion\":\"a\"}\n"
                   "{\"prompt\":\"fourth\",\"completion\":\"b\"}\n");

  g_clear_object (&exporter);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

/* Templates that do not compile, or are missing, fail before anything is written */
static void
test_chat_jsonl_bad_templates (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = chat_project (dir);
  g_autoptr(HoneExporter) exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_CHAT_JSONL);
  g_autoptr(GFile) dest = hone_test_file (dir, "out.jsonl");
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "Hi\n{{#each input}}", &error));
  g_assert_false (hone_exporter_export (exporter, dest, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "User message, line 2, column "));
  g_assert_false (g_file_query_exists (dest, NULL));
  g_clear_error (&error);

  /* To a stream: not a byte */
  g_assert_false (hone_exporter_export_to_stream (exporter, out, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_PARSE);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, 0);
  g_clear_error (&error);

  /* No assistant template */
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_USER, "{{input}}", &error));
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_ASSISTANT, "", &error));
  g_assert_false (hone_exporter_export (exporter, dest, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Assistant message"));
  g_assert_false (g_file_query_exists (dest, NULL));
  g_clear_error (&error);

  /* Other formats do not care about templates */
  {
    g_autoptr(HoneExporter) csv = hone_exporter_new (project, HONE_EXPORT_FORMAT_CSV);
    g_autofree char *text = export_to_string (csv);

    g_assert_true (g_str_has_prefix (text, "input,label,score\r\n"));
  }

  g_clear_object (&exporter);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

/* An example that renders an empty message, or fails to render, fails the
 * export naming it, unless such examples are skipped */
static void
test_chat_jsonl_bad_examples (void)
{
  g_autofree char *dir = hone_test_dir_new ();
  g_autoptr(HoneProject) project = chat_project (dir);
  g_autoptr(HoneExporter) exporter = hone_exporter_new (project, HONE_EXPORT_FORMAT_CHAT_JSONL);
  g_autoptr(GFile) dest = hone_test_file (dir, "out.jsonl");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *no_label[] = { "no label", NULL, "7" };
  GArray *skipped;

  g_assert_true (g_file_set_contents (g_file_peek_path (dest), "old\n", -1, NULL));
  /* Example 6 has no label: its assistant message is empty */
  g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED, no_label, &error), ==, 6);

  g_assert_false (hone_exporter_export (exporter, dest, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Example 6, Assistant message: "));
  g_assert_true (g_file_get_contents (g_file_peek_path (dest), &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "old\n");
  g_clear_pointer (&text, g_free);
  g_clear_error (&error);

  /* Skipped instead */
  hone_exporter_set_skip_bad_examples (exporter, TRUE);
  g_assert_true (hone_exporter_export (exporter, dest, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hone_exporter_get_n_exported (exporter), ==, 4);
  g_assert_cmpuint (hone_exporter_get_n_skipped (exporter), ==, 1);
  skipped = hone_exporter_get_skipped_ids (exporter);
  g_assert_cmpuint (skipped->len, ==, 1);
  g_assert_cmpint (g_array_index (skipped, gint64, 0), ==, 6);
  g_assert_true (g_file_get_contents (g_file_peek_path (dest), &text, NULL, NULL));
  g_assert_null (strstr (text, "no label"));
  g_assert_nonnull (strstr (text, "fourth"));
  g_clear_pointer (&text, g_free);

  /* A failure at run time is named the same way */
  hone_exporter_set_skip_bad_examples (exporter, FALSE);
  g_assert_true (hone_project_set_template (project, HONE_TEMPLATE_ROLE_ASSISTANT,
                                            "{{#each input label}}x{{/each}}{{label}}", &error));
  g_assert_false (hone_exporter_export (exporter, dest, NULL, &error));
  g_assert_error (error, HONE_ERROR, HONE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Example 1, Assistant message: "));
  g_clear_error (&error);

  hone_exporter_set_skip_bad_examples (exporter, TRUE);
  g_assert_true (hone_exporter_export (exporter, dest, NULL, &error));
  g_assert_cmpuint (hone_exporter_get_n_exported (exporter), ==, 0);
  g_assert_cmpuint (hone_exporter_get_n_skipped (exporter), ==, 5);
  g_assert_true (g_file_get_contents (g_file_peek_path (dest), &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "");

  g_clear_object (&exporter);
  g_assert_finalize_object (g_steal_pointer (&project));
  hone_test_dir_free (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/exporter/round-trip/csv", test_round_trip_csv);
  g_test_add_func ("/exporter/round-trip/tsv", test_round_trip_tsv);
  g_test_add_func ("/exporter/round-trip/jsonl", test_round_trip_jsonl);
  g_test_add_func ("/exporter/formats", test_formats);
  g_test_add_func ("/exporter/single-field-empty-rows", test_single_field_empty_rows);
  g_test_add_func ("/exporter/cancel-keeps-old-file", test_cancel_keeps_old_file);
  g_test_add_func ("/exporter/missing-folder", test_missing_folder);
  g_test_add_func ("/exporter/chat-jsonl", test_chat_jsonl);
  g_test_add_func ("/exporter/chat-jsonl/bad-templates", test_chat_jsonl_bad_templates);
  g_test_add_func ("/exporter/chat-jsonl/bad-examples", test_chat_jsonl_bad_examples);

  return g_test_run ();
}
