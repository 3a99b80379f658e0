/* hone-example-query.c: which examples to show, and in what order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hone-error.h"
#include "hone-example-query-private.h"
#include "hone-store.h"

struct _HoneExampleQuery
{
  HoneExampleSort  sort;
  gint64           sort_field_id;
  gboolean         descending;
  HoneSplit        split;
  char            *text;           /* NULL when there is no text filter */
  char            *folded_text;
  gint64           text_field_id;
};

G_DEFINE_BOXED_TYPE (HoneExampleQuery, hone_example_query,
                     hone_example_query_copy, hone_example_query_free)

HoneExampleQuery *
hone_example_query_new (void)
{
  HoneExampleQuery *self = g_new0 (HoneExampleQuery, 1);

  self->sort = HONE_EXAMPLE_SORT_ID;
  self->split = HONE_SPLIT_ANY;
  return self;
}

HoneExampleQuery *
hone_example_query_copy (const HoneExampleQuery *self)
{
  HoneExampleQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->text = g_strdup (self->text);
  copy->folded_text = g_strdup (self->folded_text);
  return copy;
}

void
hone_example_query_free (HoneExampleQuery *self)
{
  if (self == NULL)
    return;

  g_free (self->text);
  g_free (self->folded_text);
  g_free (self);
}

gboolean
hone_example_query_equal (const HoneExampleQuery *a,
                          const HoneExampleQuery *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->sort == b->sort &&
         (a->sort != HONE_EXAMPLE_SORT_FIELD || a->sort_field_id == b->sort_field_id) &&
         a->descending == b->descending &&
         a->split == b->split &&
         g_strcmp0 (a->text, b->text) == 0 &&
         (a->text == NULL || a->text_field_id == b->text_field_id);
}

void
hone_example_query_set_sort (HoneExampleQuery *self,
                             HoneExampleSort   sort,
                             gint64            field_id,
                             gboolean          descending)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (sort <= HONE_EXAMPLE_SORT_FIELD);

  self->sort = sort;
  self->sort_field_id = sort == HONE_EXAMPLE_SORT_FIELD ? field_id : 0;
  self->descending = !!descending;
}

HoneExampleSort
hone_example_query_get_sort (const HoneExampleQuery *self,
                             gint64                 *field_id,
                             gboolean               *descending)
{
  g_return_val_if_fail (self != NULL, HONE_EXAMPLE_SORT_ID);

  if (field_id != NULL)
    *field_id = self->sort_field_id;
  if (descending != NULL)
    *descending = self->descending;
  return self->sort;
}

void
hone_example_query_set_split (HoneExampleQuery *self,
                              HoneSplit         split)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (split == HONE_SPLIT_ANY || (split >= HONE_SPLIT_TRAIN && split <= HONE_SPLIT_EXCLUDED));

  self->split = split;
}

HoneSplit
hone_example_query_get_split (const HoneExampleQuery *self)
{
  g_return_val_if_fail (self != NULL, HONE_SPLIT_ANY);

  return self->split;
}

void
hone_example_query_set_text (HoneExampleQuery *self,
                             const char       *text,
                             gint64            field_id)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->folded_text, g_free);
  self->text_field_id = 0;

  if (text == NULL || text[0] == '\0' || !g_utf8_validate (text, -1, NULL))
    return;

  self->text = g_strdup (text);
  self->folded_text = hone_example_query_fold_text (text);
  self->text_field_id = field_id;
}

const char *
hone_example_query_get_text (const HoneExampleQuery *self,
                             gint64                 *field_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (field_id != NULL)
    *field_id = self->text_field_id;
  return self->text;
}

gboolean
hone_example_query_is_unfiltered (const HoneExampleQuery *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->split == HONE_SPLIT_ANY && self->text == NULL;
}

/* hone_contains() ---------------------------------------------------------- */

/* Case is ignored character by character, with Unicode's simple lower case
 * mapping (“É” finds “é”, “Ω” finds “ω”); nothing is normalized or
 * expanded (“ß” does not find “ss”). */
static inline gunichar
fold_char (const char **p)
{
  guchar c = (guchar) **p;

  if (c < 0x80)
    {
      (*p)++;
      return g_ascii_tolower (c);
    }
  else
    {
      gunichar u = g_utf8_get_char (*p);

      *p = g_utf8_next_char (*p);
      return g_unichar_tolower (u);
    }
}

char *
hone_example_query_fold_text (const char *text)
{
  GString *folded;

  g_return_val_if_fail (text != NULL, NULL);

  folded = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0';)
    g_string_append_unichar (folded, fold_char (&p));

  return g_string_free (folded, FALSE);
}

typedef struct {
  gunichar *chars;
  guint     n;
} Needle;

static void
needle_free (void *data)
{
  Needle *needle = data;

  g_free (needle->chars);
  g_free (needle);
}

static gboolean
fold_contains (const char   *haystack,
               gsize         length,
               const Needle *needle)
{
  const char *start = haystack;
  const char *end = haystack + length;
  gunichar first = needle->chars[0];
  gboolean first_is_letter = first < 0x80 && g_ascii_islower (first);
  gboolean validated = FALSE;

  while (start < end)
    {
      const char *p = start;
      guint i = 0;

      if ((guchar) *start < 0x80)
        {
          /* Most text is ASCII: skip quickly to a byte that can start a match */
          if (first < 0x80 && (first_is_letter ? (*start | 0x20) : *start) != (char) first)
            {
              start++;
              continue;
            }
        }
      else if (!validated)
        {
          /* Multi-byte characters are decoded only in valid text */
          if (!g_utf8_validate (start, end - start, NULL))
            return FALSE;
          validated = TRUE;
        }

      while (i < needle->n && p < end && fold_char (&p) == needle->chars[i])
        i++;
      if (i == needle->n)
        return TRUE;

      /* Next character */
      if ((guchar) *start < 0x80)
        start++;
      else
        start = g_utf8_next_char (start);
    }

  return FALSE;
}

/* hone_contains (value, text): 1 when @value contains @text, ignoring case.
 * The folded text is kept between rows of the same statement. */
static void
contains_func (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  const char *haystack = (const char *) sqlite3_value_text (argv[0]);
  Needle *needle = sqlite3_get_auxdata (context, 1);

  if (needle == NULL)
    {
      const char *text = (const char *) sqlite3_value_text (argv[1]);
      g_autofree char *valid = NULL;

      if (text == NULL)
        {
          sqlite3_result_int (context, 0);
          return;
        }
      valid = g_utf8_make_valid (text, -1);
      needle = g_new0 (Needle, 1);
      for (const char *p = valid; *p != '\0';)
        {
          needle->chars = g_renew (gunichar, needle->chars, needle->n + 1);
          needle->chars[needle->n++] = fold_char (&p);
        }
      sqlite3_set_auxdata (context, 1, needle, needle_free);
      needle = sqlite3_get_auxdata (context, 1);
      if (needle == NULL)
        {
          sqlite3_result_error_nomem (context);
          return;
        }
    }

  if (haystack == NULL)
    sqlite3_result_int (context, 0);
  else if (needle->n == 0)
    sqlite3_result_int (context, 1);
  else
    sqlite3_result_int (context, fold_contains (haystack, sqlite3_value_bytes (argv[0]), needle));
}

void
hone_example_query_register_functions (sqlite3 *db)
{
  sqlite3_create_function_v2 (db, "hone_contains", 2,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, contains_func, NULL, NULL, NULL);
}

/* SQL --------------------------------------------------------------------- */

/* Appends the filters of the query to a statement over `examples e` (or,
 * with @id_expr other than "e.id", over values without `examples`) */
static void
append_filters (const HoneExampleQuery *self,
                GString                *sql,
                gboolean                have_where,
                const char             *split,
                const char             *id_expr)
{
  const char *glue = have_where ? " AND " : " WHERE ";

  if (split != NULL)
    {
      g_string_append_printf (sql, "%se.split = '%s'", glue, split);
      glue = " AND ";
    }
  else if (self->split != HONE_SPLIT_ANY)
    {
      g_string_append_printf (sql, "%se.split = :split", glue);
      glue = " AND ";
    }

  if (self->text != NULL && self->text_field_id != 0)
    g_string_append_printf (sql,
                            "%sEXISTS (SELECT 1 FROM example_values t"
                            " WHERE t.example_id = %s AND t.field_id = :text_field"
                            " AND hone_contains (t.value, :text))",
                            glue, id_expr);
  else if (self->text != NULL)
    g_string_append_printf (sql,
                            "%sEXISTS (SELECT 1 FROM example_values t"
                            " WHERE t.example_id = %s AND hone_contains (t.value, :text))",
                            glue, id_expr);
}

char *
hone_example_query_to_sql (const HoneExampleQuery *self,
                           sqlite3                *db,
                           const char             *columns,
                           gboolean                ordered)
{
  GString *sql = g_string_new (NULL);
  const char *dir = self->descending ? " DESC" : "";

  g_string_append_printf (sql, "SELECT %s FROM examples e", columns);
  append_filters (self, sql, FALSE, NULL, "e.id");

  if (!ordered)
    return g_string_free (sql, FALSE);

  if (self->sort == HONE_EXAMPLE_SORT_SPLIT)
    g_string_append_printf (sql,
                            " ORDER BY CASE e.split WHEN 'train' THEN 0 WHEN 'validation' THEN 1 ELSE 2 END%s,"
                            " e.id%s",
                            dir, dir);
  else
    g_string_append_printf (sql, " ORDER BY e.id%s", dir);

  return g_string_free (sql, FALSE);
}

static void
bind_named_int (sqlite3_stmt *stmt,
                const char   *name,
                gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

static void
bind_named_text (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

void
hone_example_query_bind (const HoneExampleQuery *self,
                         sqlite3_stmt           *stmt)
{
  if (self->split != HONE_SPLIT_ANY)
    bind_named_text (stmt, ":split", hone_split_to_string (self->split));
  if (self->text != NULL)
    {
      bind_named_text (stmt, ":text", self->folded_text);
      bind_named_int (stmt, ":text_field", self->text_field_id);
    }
  bind_named_int (stmt, ":sort_field", self->sort_field_id);
}

/* Running ----------------------------------------------------------------- */

static int
compare_ids (const void *a,
             const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static int
progress_cb (void *data)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (data));
}

/* Runs @sql and appends the ids of its first column to @ids */
static gboolean
collect (const HoneExampleQuery  *self,
         sqlite3                 *db,
         const char              *sql,
         GArray                  *ids,
         GCancellable            *cancellable,
         GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = hone_store_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  hone_example_query_bind (self, stmt);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }

  if (rc == SQLITE_INTERRUPT && g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, HONE_ERROR, HONE_ERROR_CANCELLED, _("Stopped."));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      hone_store_set_error (error, db, rc, _("Could not read the examples"));
      return FALSE;
    }

  return TRUE;
}

/* The kind of the sort field, or FALSE when it does not exist */
static gboolean
lookup_kind (sqlite3        *db,
             gint64          field_id,
             HoneFieldKind  *kind)
{
  g_autoptr(sqlite3_stmt) stmt = hone_store_prepare (db, "SELECT kind FROM fields WHERE id = ?1", NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, field_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  return hone_field_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), kind);
}

GArray *
hone_example_query_run (const HoneExampleQuery  *self,
                        sqlite3                 *db,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *dir = self->descending ? " DESC" : "";
  HoneFieldKind kind;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (db != NULL, NULL);

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 4096, progress_cb, cancellable);

  if (self->sort == HONE_EXAMPLE_SORT_SPLIT && self->split == HONE_SPLIT_ANY)
    {
      /* One ordered scan of the split index per split, in the splits' own
       * order: no sorting at all */
      for (guint i = 0; ok && i < HONE_N_SPLITS; i++)
        {
          HoneSplit split = self->descending ? HONE_N_SPLITS - 1 - i : i;
          g_autoptr(GString) sql = g_string_new ("SELECT e.id FROM examples e");

          append_filters (self, sql, FALSE, hone_split_to_string (split), "e.id");
          g_string_append_printf (sql, " ORDER BY e.id%s", dir);
          ok = collect (self, db, sql->str, ids, cancellable, error);
        }
    }
  else if (self->sort == HONE_EXAMPLE_SORT_FIELD && lookup_kind (db, self->sort_field_id, &kind))
    {
      /* The examples with a value, sorted (from the values alone unless
       * the split matters); then those without, by id: all the examples
       * the filters select, less those with a value (in C: asking SQLite
       * for each example whether it has a value costs as much as the sort) */
      g_autoptr(GString) with_value = g_string_new (NULL);
      g_autoptr(HoneExampleQuery) by_id = hone_example_query_copy (self);
      g_autofree char *all_sql = NULL;
      g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) with_sorted = NULL;

      if (self->split != HONE_SPLIT_ANY)
        g_string_append (with_value, "SELECT s.example_id FROM example_values s"
                                     " JOIN examples e ON e.id = s.example_id"
                                     " WHERE s.field_id = :sort_field");
      else
        g_string_append (with_value, "SELECT s.example_id FROM example_values s"
                                     " WHERE s.field_id = :sort_field");
      append_filters (self, with_value, TRUE, NULL, "s.example_id");
      if (kind == HONE_FIELD_KIND_NUMBER)
        g_string_append_printf (with_value, " ORDER BY CAST (s.value AS REAL)%s, s.example_id%s", dir, dir);
      else
        g_string_append_printf (with_value, " ORDER BY s.value COLLATE NOCASE%s, s.example_id%s", dir, dir);

      by_id->sort = HONE_EXAMPLE_SORT_ID;
      all_sql = hone_example_query_to_sql (by_id, db, "e.id", TRUE);

      ok = collect (self, db, with_value->str, ids, cancellable, error) &&
           collect (by_id, db, all_sql, all, cancellable, error);

      if (ok)
        {
          with_sorted = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
          g_array_append_vals (with_sorted, ids->data, ids->len);
          g_array_sort (with_sorted, compare_ids);
          for (guint i = 0; i < all->len; i++)
            {
              gint64 id = g_array_index (all, gint64, i);

              if (!bsearch (&id, with_sorted->data, with_sorted->len, sizeof (gint64), compare_ids))
                g_array_append_val (ids, id);
            }
        }
    }
  else
    {
      g_autoptr(HoneExampleQuery) by_id = hone_example_query_copy (self);
      g_autofree char *sql = NULL;

      /* A field that no longer exists sorts like the id */
      if (by_id->sort == HONE_EXAMPLE_SORT_FIELD)
        by_id->sort = HONE_EXAMPLE_SORT_ID;
      sql = hone_example_query_to_sql (by_id, db, "e.id", TRUE);
      ok = collect (by_id, db, sql, ids, cancellable, error);
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);

  if (!ok)
    return NULL;

  return g_steal_pointer (&ids);
}
