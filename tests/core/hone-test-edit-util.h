/* hone-test-edit-util.h: helpers for the tests of edits, undo and queries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <sqlite3.h>

#include "hone-test-util.h"

/* Everything a project holds about its fields and examples, as text, read
 * through a connection of its own (so only what was committed counts):
 * two dumps are equal when the fields (ids, names, kinds, descriptions,
 * labels, positions), the examples (ids, splits, sources, created and
 * modified times) and every value are. */
static inline char *
hone_test_dump (HoneProject *project)
{
  static const char * const queries[] = {
    "SELECT 'field', id, name, kind, description, allowed_values, position FROM fields ORDER BY id",
    "SELECT 'example', id, split, source, created, modified FROM examples ORDER BY id",
    "SELECT 'value', example_id, field_id, value FROM example_values ORDER BY example_id, field_id",
  };
  g_autofree char *path = g_file_get_path (hone_project_get_file (project));
  GString *dump = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);
              g_string_append_printf (dump, c == 0 ? "%s" : "|%s", text ? text : "NULL");
            }
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);

  return g_string_free (dump, FALSE);
}

/* Runs SQL on the project file through another connection ("another program") */
static inline void
hone_test_exec_other (HoneProject *project,
                      const char  *sql)
{
  g_autofree char *path = g_file_get_path (hone_project_get_file (project));
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed: %s", message);
  sqlite3_close (db);
}

/* What the project and its fields told their listeners, in order, one line
 * each: "inserted 4,5", "removed 2", "changed 1,3", "changed all",
 * "fields 1 1 1" (position removed added) */
typedef struct {
  GPtrArray   *events;
  HoneProject *project;
} HoneTestRecorder;

static inline void
hone_test_recorder_add_ids (HoneTestRecorder *recorder,
                            const char       *what,
                            GArray           *ids)
{
  GString *line = g_string_new (what);

  if (ids == NULL)
    g_string_append (line, " all");
  else
    for (guint i = 0; i < ids->len; i++)
      g_string_append_printf (line, "%s%" G_GINT64_FORMAT, i == 0 ? " " : ",", g_array_index (ids, gint64, i));
  g_ptr_array_add (recorder->events, g_string_free (line, FALSE));
}

static inline void
hone_test_recorder_inserted_cb (HoneProject *project, GArray *ids, HoneTestRecorder *recorder)
{
  hone_test_recorder_add_ids (recorder, "inserted", ids);
}

static inline void
hone_test_recorder_removed_cb (HoneProject *project, GArray *ids, HoneTestRecorder *recorder)
{
  hone_test_recorder_add_ids (recorder, "removed", ids);
}

static inline void
hone_test_recorder_changed_cb (HoneProject *project, GArray *ids, HoneTestRecorder *recorder)
{
  hone_test_recorder_add_ids (recorder, "changed", ids);
}

static inline void
hone_test_recorder_fields_cb (GListModel       *fields,
                              guint             position,
                              guint             removed,
                              guint             added,
                              HoneTestRecorder *recorder)
{
  g_ptr_array_add (recorder->events, g_strdup_printf ("fields %u %u %u", position, removed, added));
}

static inline HoneTestRecorder *
hone_test_recorder_new (HoneProject *project)
{
  HoneTestRecorder *recorder = g_new0 (HoneTestRecorder, 1);

  recorder->events = g_ptr_array_new_with_free_func (g_free);
  recorder->project = project;
  g_signal_connect (project, "examples-inserted", G_CALLBACK (hone_test_recorder_inserted_cb), recorder);
  g_signal_connect (project, "examples-removed", G_CALLBACK (hone_test_recorder_removed_cb), recorder);
  g_signal_connect (project, "examples-changed", G_CALLBACK (hone_test_recorder_changed_cb), recorder);
  g_signal_connect (hone_project_get_fields (project), "items-changed",
                    G_CALLBACK (hone_test_recorder_fields_cb), recorder);
  return recorder;
}

/* The events so far, joined with "; ", and forgets them */
static inline char *
hone_test_recorder_take (HoneTestRecorder *recorder)
{
  g_ptr_array_add (recorder->events, NULL);
  {
    char *joined = g_strjoinv ("; ", (char **) recorder->events->pdata);
    g_ptr_array_set_size (recorder->events, 0);
    return joined;
  }
}

/* Forgets the events so far */
static inline void
hone_test_recorder_clear (HoneTestRecorder *recorder)
{
  g_ptr_array_set_size (recorder->events, 0);
}

static inline void
hone_test_recorder_free (HoneTestRecorder *recorder)
{
  g_signal_handlers_disconnect_by_data (recorder->project, recorder);
  g_signal_handlers_disconnect_by_data (hone_project_get_fields (recorder->project), recorder);
  g_ptr_array_unref (recorder->events);
  g_free (recorder);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HoneTestRecorder, hone_test_recorder_free)

#define hone_test_assert_events(recorder, expected) \
  G_STMT_START { \
    g_autofree char *hone_events = hone_test_recorder_take (recorder); \
    g_assert_cmpstr (hone_events, ==, (expected)); \
  } G_STMT_END

/* The id of field @name */
static inline gint64
hone_test_field_id (HoneProject *project,
                    const char  *name)
{
  HoneField *field = hone_project_find_field (project, name);

  g_assert_nonnull (field);
  return hone_field_get_id (field);
}

/* One value of one example, read back through the project */
static inline char *
hone_test_get_value (HoneProject *project,
                     gint64       example_id,
                     const char  *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) examples = hone_project_load_examples_by_id (project, &example_id, 1, &error);

  g_assert_no_error (error);
  if (examples->len == 0)
    return NULL;
  return g_strdup (hone_example_get_value (g_ptr_array_index (examples, 0), hone_test_field_id (project, field)));
}

#define hone_test_assert_value(project, example_id, field, expected) \
  G_STMT_START { \
    g_autofree char *hone_value = hone_test_get_value ((project), (example_id), (field)); \
    g_assert_cmpstr (hone_value, ==, (expected)); \
  } G_STMT_END

static inline HoneSplit
hone_test_get_split (HoneProject *project,
                     gint64       example_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) examples = hone_project_load_examples_by_id (project, &example_id, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (examples->len, ==, 1);
  return hone_example_get_split (g_ptr_array_index (examples, 0));
}
