/* hone-test-util.h: small helpers shared by the core tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>

#include "hone-core.h"

/* A fresh temporary directory, removed (with its files) by hone_test_dir_free() */
static inline char *
hone_test_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hone-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
hone_test_dir_free (char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        hone_test_dir_free (g_strdup (path));
      else
        g_unlink (path);
    }
  if (d != NULL)
    g_dir_close (d);
  g_rmdir (dir);
  g_free (dir);
}

static inline GFile *
hone_test_file (const char *dir,
                const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  return g_file_new_for_path (path);
}

/* SHA-256 of a file's bytes, to prove that a refused file was not modified */
static inline char *
hone_test_checksum (GFile *file)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_load_contents (file, NULL, &contents, &len, NULL, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* A project with the fields "input" (long text), "label" (label: a, b) and
 * "score" (number) */
static inline HoneProject *
hone_test_project_new (const char *dir,
                       const char *name)
{
  static const char * const labels[] = { "a", "b", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = hone_test_file (dir, name);
  HoneProject *project = hone_project_create (file, "Test project", &error);

  g_assert_no_error (error);
  g_assert_nonnull (hone_project_add_field (project, "input", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (hone_project_add_field (project, "label", HONE_FIELD_KIND_LABEL, "", labels, &error));
  g_assert_no_error (error);
  g_assert_nonnull (hone_project_add_field (project, "score", HONE_FIELD_KIND_NUMBER, "", NULL, &error));
  g_assert_no_error (error);

  return project;
}
