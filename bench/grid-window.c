/* bench/grid-window: the real project window's Examples grid, for bench/grid.sh
 *
 *   grid-window --create N FILE     builds a project of N examples in FILE
 *   grid-window FILE [FRAMES]       opens FILE in a HoneProjectWindow and times it
 *
 * The project built by --create is the one bench/grid-model builds (four
 * fields: long text of 10-40 words, label, number, yes/no; one in ten in
 * validation), through hone_project_add_example() in one transaction.
 *
 * Timing mode prints, one "key value" per line:
 *   first_frame_ms  from launch to the end of the window's first painted frame
 *   first_rows_ms   from launch (HONE_BENCH_LAUNCH_NS, the launcher's
 *                   CLOCK_REALTIME in ns, else main()) to the end of the first
 *                   frame painted with the Examples page mapped and, unless
 *                   the project is empty, a row in the column view
 *   rss_mib         VmRSS of the process right after that frame
 *   jump_ms         vadjustment of the column view's scrolled window set to
 *                   its upper bound, until the end of the next painted frame
 *   frame_*_ms      then FRAMES frames (300 by default) each scrolling by a
 *                   page in the frame clock's update phase: the work of each
 *                   frame (update to after-paint) and the interval between
 *                   consecutive painted frames; max and 99th percentile
 *
 * Run under Xvfb with GSK_RENDERER=cairo (bench/grid.sh sets everything up).
 * The window has no GtkApplication (like tests/ui), so Hone's style.css is
 * not loaded; the widgets are the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "hone-core.h"
#include "hone-project-window.h"

static const char * const words[] = {
  "the", "quarterly", "results", "show", "growth", "in", "every", "region", "and", "our",
  "customers", "new", "product", "line", "will", "launch", "next", "month", "with", "a",
  "press", "release", "about", "fox", "Lazy", "dog", "writer", "drafts", "École", "naïve",
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return -1;
  return strtol (line + strlen ("VmRSS:"), NULL, 10) / 1024.0;
}

static int
create (const char *path,
        guint       n)
{
  static const char * const labels[] = { "positive", "negative", "neutral", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(HoneProject) project = hone_project_create (file, "Grid benchmark", &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GString) text = g_string_new (NULL);

  if (project == NULL)
    g_error ("%s", error->message);
  if (!hone_project_add_field (project, "text", HONE_FIELD_KIND_LONG_TEXT, "", NULL, &error) ||
      !hone_project_add_field (project, "label", HONE_FIELD_KIND_LABEL, "", labels, &error) ||
      !hone_project_add_field (project, "score", HONE_FIELD_KIND_NUMBER, "", NULL, &error) ||
      !hone_project_add_field (project, "done", HONE_FIELD_KIND_YES_NO, "", NULL, &error))
    g_error ("%s", error->message);
  if (n == 0)
    return 0;

  if (!hone_project_begin (project, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < n; i++)
    {
      char score[32];
      const char *values[4];
      guint n_words = g_rand_int_range (rand, 10, 40);

      g_string_truncate (text, 0);
      g_string_append_printf (text, "Example %u:", i + 1);
      for (guint w = 0; w < n_words; w++)
        {
          g_string_append_c (text, ' ');
          g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
        }
      g_snprintf (score, sizeof score, "%d", g_rand_int_range (rand, -500, 1000));

      values[0] = text->str;
      values[1] = labels[g_rand_int_range (rand, 0, 3)];
      values[2] = i % 7 == 0 ? NULL : score;
      values[3] = g_rand_boolean (rand) ? "yes" : "no";
      if (hone_project_add_example (project, i % 10 == 0 ? HONE_SPLIT_VALIDATION : HONE_SPLIT_TRAIN,
                                    HONE_EXAMPLE_SOURCE_IMPORTED, values, &error) == 0)
        g_error ("%s", error->message);
    }
  if (!hone_project_commit (project, &error))
    g_error ("%s", error->message);
  return 0;
}

typedef enum {
  STAGE_FIRST_ROWS,
  STAGE_JUMP,
  STAGE_SETTLE,
  STAGE_SCROLL,
  STAGE_DONE,
} Stage;

typedef struct {
  HoneProjectWindow *window;
  GtkWidget         *page;
  GtkWidget         *column_view;
  GtkWidget         *list_view;
  GtkAdjustment     *vadj;
  Stage              stage;
  double             start_ms;     /* on the monotonic clock */
  double             t0;
  double             update_ms;    /* start of this frame's update phase */
  double             last_paint_ms;
  guint              frames;
  guint              settle;
  gboolean           painted;
  GArray            *work;         /* doubles */
  GArray            *interval;
} Bench;

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The Examples page is on screen and, when there are examples, the column
 * view has allocated at least one row */
static gboolean
rows_drawn (Bench *b)
{
  GtkSelectionModel *model;
  GtkWidget *row;

  if (b->column_view == NULL)
    {
      b->column_view = find_widget (b->page, GTK_TYPE_COLUMN_VIEW);
      if (b->column_view == NULL)
        return FALSE;
      b->list_view = find_widget (b->column_view, GTK_TYPE_LIST_VIEW);
    }
  if (!gtk_widget_get_mapped (b->page))
    return FALSE;
  model = gtk_column_view_get_model (GTK_COLUMN_VIEW (b->column_view));
  if (model == NULL || g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    return TRUE;    /* an empty project: the page itself is what is drawn */
  if (!gtk_widget_get_mapped (b->column_view) || b->list_view == NULL)
    return FALSE;
  for (row = gtk_widget_get_first_child (b->list_view); row; row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_mapped (row) && gtk_widget_get_height (row) > 0)
      return TRUE;
  return FALSE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
print_stats (const char *name,
             GArray     *values)
{
  double max, p99;

  if (values->len == 0)
    {
      printf ("%s_max_ms nan\n%s_p99_ms nan\n", name, name);
      return;
    }
  g_array_sort (values, compare_doubles);
  max = g_array_index (values, double, values->len - 1);
  p99 = g_array_index (values, double, MIN (values->len - 1, (guint) (0.99 * values->len)));
  printf ("%s_max_ms %.2f\n%s_p99_ms %.2f\n", name, max, name, p99);
}

static void
update_cb (GdkFrameClock *clock,
           Bench         *b)
{
  b->update_ms = now_ms ();
  if (b->stage == STAGE_SCROLL && b->vadj != NULL)
    gtk_adjustment_set_value (b->vadj, gtk_adjustment_get_value (b->vadj) +
                                       gtk_adjustment_get_page_size (b->vadj));
}

static gboolean
keep_ticking (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  Bench *b = data;

  return b->stage == STAGE_DONE ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  double t = now_ms ();
  GtkWidget *sw;

  if (!b->painted)
    {
      b->painted = TRUE;
      printf ("first_frame_ms %.2f\n", t - b->start_ms);
    }

  switch (b->stage)
    {
    case STAGE_FIRST_ROWS:
      if (!rows_drawn (b))
        break;
      printf ("first_rows_ms %.2f\n", t - b->start_ms);
      printf ("rss_mib %.1f\n", rss_mib ());
      fflush (stdout);
      sw = gtk_widget_get_ancestor (b->column_view, GTK_TYPE_SCROLLED_WINDOW);
      b->vadj = sw ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw)) : NULL;
      b->stage = STAGE_JUMP;
      b->t0 = now_ms ();
      if (b->vadj != NULL)
        gtk_adjustment_set_value (b->vadj, gtk_adjustment_get_upper (b->vadj));
      gtk_widget_queue_draw (GTK_WIDGET (b->window));
      break;

    case STAGE_JUMP:
      printf ("jump_ms %.2f\n", t - b->t0);
      printf ("rows %u\n", b->column_view == NULL ? 0 :
              g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (b->column_view)))));
      fflush (stdout);
      /* back to the top, and a few frames to settle before scrolling */
      if (b->vadj != NULL)
        gtk_adjustment_set_value (b->vadj, 0);
      b->stage = STAGE_SETTLE;
      gtk_widget_add_tick_callback (GTK_WIDGET (b->window), keep_ticking, b, NULL);
      break;

    case STAGE_SETTLE:
      if (++b->settle >= 10)
        {
          b->stage = STAGE_SCROLL;
          b->last_paint_ms = 0;
        }
      break;

    case STAGE_SCROLL:
      g_array_append_vals (b->work, (double[]) { t - b->update_ms }, 1);
      if (b->last_paint_ms > 0)
        g_array_append_vals (b->interval, (double[]) { t - b->last_paint_ms }, 1);
      b->last_paint_ms = t;
      if (b->frames-- == 0)
        b->stage = STAGE_DONE;
      break;

    case STAGE_DONE:
    default:
      break;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HoneProject) project = NULL;
  g_autoptr(GFile) file = NULL;
  const char *launch = g_getenv ("HONE_BENCH_LAUNCH_NS");
  Bench b = { 0 };
  GdkFrameClock *clock;
  guint frames;

  b.start_ms = now_ms ();
  if (launch != NULL)
    b.start_ms -= (g_get_real_time () * 1000.0 - g_ascii_strtod (launch, NULL)) / 1e6;

  if (argc == 4 && strcmp (argv[1], "--create") == 0)
    return create (argv[3], (guint) g_ascii_strtoull (argv[2], NULL, 10));
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s --create N FILE | %s FILE [FRAMES]\n", argv[0], argv[0]);
      return 2;
    }
  frames = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 300;

  gtk_init ();
  adw_init ();
  gtk_source_init ();

  file = g_file_new_for_commandline_arg (argv[1]);
  project = hone_project_open (file, HONE_PROJECT_OPEN_NONE, &error);
  if (project == NULL)
    g_error ("%s", error->message);

  b.frames = frames;
  b.work = g_array_new (FALSE, FALSE, sizeof (double));
  b.interval = g_array_new (FALSE, FALSE, sizeof (double));
  b.window = hone_project_window_new (NULL, project);
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1200, 700);
  hone_project_window_show_page (b.window, HONE_PAGE_EXAMPLES);
  b.page = GTK_WIDGET (hone_project_window_get_examples_page (b.window));
  gtk_widget_realize (GTK_WIDGET (b.window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (b.window));
  g_signal_connect (clock, "update", G_CALLBACK (update_cb), &b);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &b);
  gtk_window_present (GTK_WINDOW (b.window));

  while (b.stage != STAGE_DONE)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handlers_disconnect_by_data (clock, &b);
  print_stats ("frame_work", b.work);
  print_stats ("frame_interval", b.interval);
  printf ("scroll_frames %u\n", b.work->len);
  printf ("final_rss_mib %.1f\n", rss_mib ());
  fflush (stdout);
  g_array_unref (b.work);
  g_array_unref (b.interval);
  /* exit without tearing the window down: not what is measured */
  _exit (0);
}
