/* test-loss-chart.c: HoneLossChart, the fine-tune job's loss chart
 *
 * Runs under Xvfb (see tests/ui/meson.build for the environment). The
 * chart is rendered to a texture with the window's renderer and its pixels
 * checked. With HONE_LOSS_CHART_PNG_DIR set, /loss-chart/png also saves
 * the chart in light and dark at two sizes there, for people to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "hone-loss-chart-private.h"
#include "hone-ui-test-util.h"

/* Ticks */

static void
assert_ticks (double        min,
              double        max,
              guint         max_ticks,
              const double *expected,
              guint         n_expected)
{
  double out[16];
  guint n = 99;

  g_assert_cmpuint (max_ticks, <=, G_N_ELEMENTS (out));
  g_assert_true (hone_loss_chart_nice_ticks (min, max, max_ticks, out, &n));
  g_assert_cmpuint (n, ==, n_expected);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (out[i], ==, expected[i]);
}

static void
test_ticks (void)
{
  double out[16];
  guint n = 99;

  assert_ticks (0, 1, 6, (double[]) { 0, 0.2, 0.4, 0.6, 0.8, 1.0 }, 6);
  assert_ticks (0.83, 2.31, 6, (double[]) { 0.5, 1.0, 1.5, 2.0, 2.5 }, 5);
  assert_ticks (0.83, 2.31, 10, (double[]) { 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.2, 2.4 }, 9);
  /* MIN > MAX is the same range */
  assert_ticks (2.31, 0.83, 6, (double[]) { 0.5, 1.0, 1.5, 2.0, 2.5 }, 5);
  /* one value: 10 % either side of it, or ±1 around 0 */
  assert_ticks (1, 1, 6, (double[]) { 0.9, 0.95, 1.0, 1.05, 1.1 }, 5);
  assert_ticks (0, 0, 6, (double[]) { -1, -0.5, 0, 0.5, 1 }, 5);
  /* tiny and huge */
  assert_ticks (1e-6, 3e-6, 5, (double[]) { 1e-6, 1.5e-6, 2e-6, 2.5e-6, 3e-6 }, 5);
  assert_ticks (1.2e-6, 1.7e-6, 6, (double[]) { 1.2e-6, 1.3e-6, 1.4e-6, 1.5e-6, 1.6e-6, 1.7e-6 }, 6);
  assert_ticks (0, 1e6, 6, (double[]) { 0, 2e5, 4e5, 6e5, 8e5, 1e6 }, 6);
  assert_ticks (-5, 5, 5, (double[]) { -5, 0, 5 }, 3);
  /* two ticks across 0 cannot be nice: the ends */
  assert_ticks (-0.5, 0.5, 2, (double[]) { -0.5, 0.5 }, 2);

  g_assert_false (hone_loss_chart_nice_ticks (NAN, 1, 6, out, &n));
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (hone_loss_chart_nice_ticks (0, INFINITY, 6, out, &n));
  g_assert_false (hone_loss_chart_nice_ticks (0, 1, 1, out, &n));
}

/* Whatever the range: at most MAX_TICKS, evenly spaced, covering it */
static void
test_ticks_cover (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 5000; round++)
    {
      double scale = pow (10, g_rand_int_range (rand, -9, 9));
      double a = g_rand_double_range (rand, -1, 1) * scale;
      double b = a + g_rand_double (rand) * scale * pow (10, g_rand_int_range (rand, -3, 2));
      guint max_ticks = g_rand_int_range (rand, 3, 11);
      double out[16];
      guint n;

      g_assert_true (hone_loss_chart_nice_ticks (a, b, max_ticks, out, &n));
      g_assert_cmpuint (n, >=, 2);
      g_assert_cmpuint (n, <=, max_ticks);
      g_assert_cmpfloat (out[0], <=, a);
      g_assert_cmpfloat (out[n - 1], >=, b);
      for (guint i = 1; i < n; i++)
        g_assert_cmpfloat_with_epsilon (out[i] - out[i - 1], out[1] - out[0],
                                        fabs (out[1] - out[0]) * 1e-6);
    }
}

static void
assert_tick_label (double      value,
                   double      step,
                   const char *expected)
{
  g_autofree char *label = hone_loss_chart_format_tick (value, step);

  g_assert_cmpstr (label, ==, expected);
}

static void
test_format_tick (void)
{
  assert_tick_label (0, 0.2, "0");
  assert_tick_label (0.6, 0.2, "0.6");
  assert_tick_label (1.5, 0.5, "1.5");
  assert_tick_label (2, 0.5, "2.0");
  assert_tick_label (1.05, 0.05, "1.05");
  assert_tick_label (120, 20, "120");
  assert_tick_label (-5, 5, "-5");
  assert_tick_label (1.5e-6, 5e-7, "1.5e-06");
  assert_tick_label (2e6, 5e5, "2.0e+06");
  assert_tick_label (5e5, 5e5, "5e+05");
  assert_tick_label (1.2e6, 1e4, "1200000");
  assert_tick_label (99000, 1e4, "99000");
}

/* Windows and pixels */

static GtkWidget *
show_chart (int width,
            int height)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *chart = hone_loss_chart_new ();

  adw_window_set_content (ADW_WINDOW (window), chart);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  hone_ui_test_wait_for_frame (chart);

  return chart;
}

static void
close_chart (GtkWidget *chart)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (chart));

  g_object_add_weak_pointer (G_OBJECT (chart), (gpointer *) &chart);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (chart);
}

/* The chart over the window's background, as the window's renderer draws it */
static GdkTexture *
render (GtkWidget *chart)
{
  GtkNative *native = gtk_widget_get_native (chart);
  int width = gtk_widget_get_width (chart);
  int height = gtk_widget_get_height (chart);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  GdkRGBA bg;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (chart),
                                       "window_bg_color", &bg))
    gdk_rgba_parse (&bg, "white");

  paintable = gtk_widget_paintable_new (chart);
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

typedef struct
{
  int width, height;
  gsize stride;
  guchar *data;   /* cairo ARGB32: B G R A in memory on little endian */
} Pixels;

static void
pixels_init (Pixels     *p,
             GdkTexture *texture)
{
  p->width = gdk_texture_get_width (texture);
  p->height = gdk_texture_get_height (texture);
  p->stride = (gsize) p->width * 4;
  p->data = g_malloc (p->stride * p->height);
  gdk_texture_download (texture, p->data, p->stride);
}

static void
pixel_rgb (const Pixels *p,
           int           x,
           int           y,
           int          *r,
           int          *g,
           int          *b)
{
  guint32 v = *(guint32 *) (p->data + y * p->stride + x * 4);

  *r = (v >> 16) & 0xff;
  *g = (v >> 8) & 0xff;
  *b = v & 0xff;
}

/* Pixels within TOLERANCE (per channel, 0–255) of COLOR */
static guint
count_color (const Pixels  *p,
             const GdkRGBA *color,
             int            tolerance)
{
  int cr = (int) round (color->red * 255);
  int cg = (int) round (color->green * 255);
  int cb = (int) round (color->blue * 255);
  guint count = 0;

  for (int y = 0; y < p->height; y++)
    for (int x = 0; x < p->width; x++)
      {
        int r, g, b;

        pixel_rgb (p, x, y, &r, &g, &b);
        if (ABS (r - cr) <= tolerance && ABS (g - cg) <= tolerance && ABS (b - cb) <= tolerance)
          count++;
      }
  return count;
}

/* The bounding box of the pixels near COLOR; FALSE when there are none */
static gboolean
color_bounds (const Pixels  *p,
              const GdkRGBA *color,
              int           *x0,
              int           *y0,
              int           *x1,
              int           *y1)
{
  int cr = (int) round (color->red * 255);
  int cg = (int) round (color->green * 255);
  int cb = (int) round (color->blue * 255);
  gboolean found = FALSE;

  *x0 = *y0 = G_MAXINT;
  *x1 = *y1 = -1;
  for (int y = 0; y < p->height; y++)
    for (int x = 0; x < p->width; x++)
      {
        int r, g, b;

        pixel_rgb (p, x, y, &r, &g, &b);
        if (ABS (r - cr) <= 8 && ABS (g - cg) <= 8 && ABS (b - cb) <= 8)
          {
            found = TRUE;
            *x0 = MIN (*x0, x);
            *y0 = MIN (*y0, y);
            *x1 = MAX (*x1, x);
            *y1 = MAX (*y1, y);
          }
      }
  return found;
}

/* With $HONE_LOSS_CHART_PNG_DIR set, saves TEXTURE there as NAME */
static void
maybe_save_png (GdkTexture *texture,
                const char *name)
{
  const char *dir = g_getenv ("HONE_LOSS_CHART_PNG_DIR");
  g_autofree char *path = NULL;

  if (!dir)
    return;
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s (%dx%d)", path, gdk_texture_get_width (texture),
                  gdk_texture_get_height (texture));
}

static void
pixels_clear (Pixels *p)
{
  g_clear_pointer (&p->data, g_free);
}

/* A run: training loss decaying with noise at steps 1..120, validation
 * every 20 steps */
static HoneFineTuneMetric *
make_run (guint *n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  HoneFineTuneMetric *m = g_new (HoneFineTuneMetric, 120);

  for (guint i = 0; i < 120; i++)
    {
      double s = i + 1;

      m[i].step = i + 1;
      m[i].train_loss = 0.8 + 1.5 * exp (-s / 25) + g_rand_double_range (rand, -0.08, 0.08);
      m[i].eval_loss = (i + 1) % 20 == 0 ? 0.9 + 1.2 * exp (-s / 30) : NAN;
      m[i].learning_rate = 1e-5;
    }
  *n = 120;
  return m;
}

static void
test_draw (void)
{
  GtkWidget *chart = show_chart (640, 360);
  guint n;
  g_autofree HoneFineTuneMetric *run = make_run (&n);
  g_autoptr(GdkTexture) empty = NULL;
  g_autoptr(GdkTexture) filled = NULL;
  Pixels pe, pf;
  GdkRGBA train, eval, bg;
  int x0, y0, x1, y1;

  hone_loss_chart_get_colors (HONE_LOSS_CHART (chart), &train, &eval);
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (chart),
                                                 "window_bg_color", &bg));
  g_assert_false (gdk_rgba_equal (&train, &eval));

  /* empty: the message, no line */
  g_assert_cmpuint (hone_loss_chart_get_n_points (HONE_LOSS_CHART (chart)), ==, 0);
  empty = render (chart);
  pixels_init (&pe, empty);
  g_assert_cmpuint (count_color (&pe, &train, 24), ==, 0);
  g_assert_cmpuint (count_color (&pe, &bg, 0), <, (guint) (pe.width * pe.height) - 200);

  hone_loss_chart_set_metrics (HONE_LOSS_CHART (chart), run, n);
  g_assert_cmpuint (hone_loss_chart_get_n_points (HONE_LOSS_CHART (chart)), ==, 120);
  hone_ui_test_wait_for_frame (chart);
  filled = render (chart);
  pixels_init (&pf, filled);
  g_assert_cmpint (pf.width, ==, pe.width);
  g_assert_cmpint (pf.height, ==, pe.height);
  g_assert_true (memcmp (pe.data, pf.data, pe.stride * pe.height) != 0);

  /* the training line crosses most of the width; 6 validation markers */
  g_assert_cmpuint (count_color (&pf, &train, 24), >, 400);
  g_assert_cmpuint (count_color (&pf, &eval, 24), >, 6 * 20);
  g_assert_true (color_bounds (&pf, &train, &x0, &y0, &x1, &y1));
  g_assert_cmpint (x1 - x0, >, pf.width / 2);
  g_assert_cmpint (y1 - y0, >, pf.height / 3);

  pixels_clear (&pe);
  pixels_clear (&pf);
  close_chart (chart);
}

/* Dark mode takes the dark palette and still draws the line */
static void
test_dark (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *chart = show_chart (640, 360);
  guint n;
  g_autofree HoneFineTuneMetric *run = make_run (&n);
  g_autoptr(GdkTexture) texture = NULL;
  GdkRGBA light_train, dark_train;
  Pixels p;

  hone_loss_chart_set_metrics (HONE_LOSS_CHART (chart), run, n);
  hone_loss_chart_get_colors (HONE_LOSS_CHART (chart), &light_train, NULL);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  hone_ui_test_wait_for_frame (chart);
  hone_loss_chart_get_colors (HONE_LOSS_CHART (chart), &dark_train, NULL);
  g_assert_false (gdk_rgba_equal (&light_train, &dark_train));

  texture = render (chart);
  pixels_init (&p, texture);
  g_assert_cmpuint (count_color (&p, &dark_train, 24), >, 400);
  pixels_clear (&p);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  close_chart (chart);
}

/* Odd data draws inside the widget without warnings */
static void
test_edge_cases (void)
{
  GtkWidget *chart = show_chart (320, 200);
  HoneFineTuneMetric one[] = { { 5, 1.25, NAN, NAN } };
  HoneFineTuneMetric equal[] = { { 1, 0.5, 0.5, NAN }, { 2, 0.5, NAN, NAN }, { 3, 0.5, 0.5, NAN } };
  HoneFineTuneMetric wide[] = { { 0, 1e6, NAN, NAN }, { 10, 1e-6, 1e-6, NAN }, { 20, 3e5, NAN, NAN } };
  HoneFineTuneMetric tiny[] = { { 0, 1.2e-6, NAN, NAN }, { 1, 1.7e-6, NAN, NAN }, { 2, 1.3e-6, NAN, NAN } };
  HoneFineTuneMetric unsorted[] = { { 30, 0.7, NAN, NAN }, { -10, 2.0, 2.1, NAN },
                                    { 10, 1.1, NAN, NAN }, { 0, 1.5, 1.6, NAN } };
  HoneFineTuneMetric missing[] = { { 1, NAN, NAN, 1e-5 }, { 2, NAN, NAN, 1e-5 } };
  struct { const HoneFineTuneMetric *m; guint n; gboolean line; } cases[] = {
    { one, G_N_ELEMENTS (one), TRUE },
    { equal, G_N_ELEMENTS (equal), TRUE },
    { wide, G_N_ELEMENTS (wide), TRUE },
    { tiny, G_N_ELEMENTS (tiny), TRUE },
    { unsorted, G_N_ELEMENTS (unsorted), TRUE },
    { missing, G_N_ELEMENTS (missing), FALSE },
    { NULL, 0, FALSE },
  };
  GdkRGBA train;

  hone_loss_chart_get_colors (HONE_LOSS_CHART (chart), &train, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GdkTexture) texture = NULL;
      Pixels p;
      int x0, y0, x1, y1;

      g_test_message ("case %u", i);
      hone_loss_chart_set_metrics (HONE_LOSS_CHART (chart), cases[i].m, cases[i].n);
      g_assert_cmpuint (hone_loss_chart_get_n_points (HONE_LOSS_CHART (chart)), ==, cases[i].n);
      hone_ui_test_wait_for_frame (chart);
      texture = render (chart);
      pixels_init (&p, texture);
      {
        g_autofree char *name = g_strdup_printf ("loss-chart-edge-%u.png", i);

        maybe_save_png (texture, name);
      }

      if (cases[i].line)
        {
          /* beyond the legend's swatch, which sits in the top rows */
          g_assert_true (color_bounds (&p, &train, &x0, &y0, &x1, &y1));
          g_assert_cmpint (y1, >, 40);
        }
      else
        g_assert_false (color_bounds (&p, &train, &x0, &y0, &x1, &y1));

      pixels_clear (&p);
    }

  /* unsorted input is sorted by step: first and last are by step, x grows
   * with the step */
  hone_loss_chart_set_metrics (HONE_LOSS_CHART (chart), unsorted, G_N_ELEMENTS (unsorted));
  g_assert_cmpstr (hone_loss_chart_get_summary (HONE_LOSS_CHART (chart)), ==,
                   "Training loss 2 → 0.7 over 40 steps; validation 1.6 at the last evaluation");
  g_assert_cmpfloat (hone_loss_chart_x_for_step (HONE_LOSS_CHART (chart), -10), <,
                     hone_loss_chart_x_for_step (HONE_LOSS_CHART (chart), 0));
  g_assert_cmpfloat (hone_loss_chart_x_for_step (HONE_LOSS_CHART (chart), 0), <,
                     hone_loss_chart_x_for_step (HONE_LOSS_CHART (chart), 30));
  g_assert_cmpfloat (hone_loss_chart_x_for_step (HONE_LOSS_CHART (chart), -10), >=, 0);
  g_assert_cmpfloat (hone_loss_chart_x_for_step (HONE_LOSS_CHART (chart), 30), <=,
                     gtk_widget_get_width (chart));

  close_chart (chart);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;   /* the widget keeps it */
    }
  g_assert_not_reached ();
}

static void
test_hover (void)
{
  GtkWidget *chart = show_chart (640, 360);
  HoneLossChart *self;
  guint n;
  g_autofree HoneFineTuneMetric *run = make_run (&n);
  g_autoptr(GdkTexture) plain = NULL;
  g_autoptr(GdkTexture) hovered = NULL;
  GtkEventController *motion;
  Pixels pp, ph;
  double x, y = gtk_widget_get_height (chart) / 2.0;
  gint64 step = -1;

  self = HONE_LOSS_CHART (chart);
  hone_loss_chart_set_metrics (self, run, n);
  hone_ui_test_wait_for_frame (chart);
  plain = render (chart);
  g_assert_false (hone_loss_chart_get_hover_step (self, &step));

  /* nearest step, from either side */
  x = hone_loss_chart_x_for_step (self, 60);
  g_assert_true (isfinite (x));
  hone_loss_chart_hover_at (self, x, y);
  g_assert_true (hone_loss_chart_get_hover_step (self, &step));
  g_assert_cmpint (step, ==, 60);
  hone_loss_chart_hover_at (self, x + 1, y);
  g_assert_true (hone_loss_chart_get_hover_step (self, &step));
  g_assert_cmpint (step, ==, 60);
  hone_loss_chart_hover_at (self, hone_loss_chart_x_for_step (self, 100) - 1, y);
  g_assert_true (hone_loss_chart_get_hover_step (self, &step));
  g_assert_cmpint (step, ==, 100);

  /* the highlight is drawn */
  hone_ui_test_wait_for_frame (chart);
  hovered = render (chart);
  pixels_init (&pp, plain);
  pixels_init (&ph, hovered);
  g_assert_true (memcmp (pp.data, ph.data, pp.stride * pp.height) != 0);
  pixels_clear (&pp);
  pixels_clear (&ph);

  /* outside the plot: nothing */
  hone_loss_chart_hover_at (self, 1, 1);
  g_assert_false (hone_loss_chart_get_hover_step (self, NULL));

  /* through the motion controller, as the pointer does it */
  motion = find_controller (chart, GTK_TYPE_EVENT_CONTROLLER_MOTION);
  g_signal_emit_by_name (motion, "motion", hone_loss_chart_x_for_step (self, 1), y);
  g_assert_true (hone_loss_chart_get_hover_step (self, &step));
  g_assert_cmpint (step, ==, 1);
  g_signal_emit_by_name (motion, "leave");
  g_assert_false (hone_loss_chart_get_hover_step (self, NULL));

  /* new data without the hovered step clears it */
  hone_loss_chart_hover_at (self, hone_loss_chart_x_for_step (self, 120), y);
  g_assert_true (hone_loss_chart_get_hover_step (self, &step));
  g_assert_cmpint (step, ==, 120);
  hone_loss_chart_set_metrics (self, run, 60);
  g_assert_false (hone_loss_chart_get_hover_step (self, NULL));

  close_chart (chart);
}

static gboolean
press_key (GtkEventController *keys,
           guint               keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, 0, &handled);
  return handled;
}

/* Without a mouse: the arrow keys step through, the description summarises */
static void
test_keyboard_and_summary (void)
{
  GtkWidget *chart = show_chart (640, 360);
  HoneLossChart *self = HONE_LOSS_CHART (chart);
  HoneFineTuneMetric m[120];
  GtkEventController *keys;
  gint64 step;

  for (guint i = 0; i < 120; i++)
    {
      m[i].step = i + 1;
      m[i].train_loss = 2.31 - (2.31 - 0.84) * i / 119.0;
      m[i].eval_loss = (i + 1) % 30 == 0 ? 1.0 - 0.05 * (i + 1) / 30.0 : NAN;
      m[i].learning_rate = NAN;
    }

  g_assert_cmpstr (hone_loss_chart_get_summary (self), ==,
                   "No loss reported yet. The provider sends it once training starts.");

  hone_loss_chart_set_metrics (self, m, 120);
  g_assert_cmpstr (hone_loss_chart_get_summary (self), ==,
                   "Training loss 2.31 → 0.84 over 120 steps; "
                   "validation 0.8 at the last evaluation");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       hone_loss_chart_get_summary (self));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG);

  hone_loss_chart_set_metrics (self, m + 29, 1);
  g_assert_cmpstr (hone_loss_chart_get_summary (self), ==,
                   "Training loss 1.95 at step 30; validation 0.95 at the last evaluation");

  hone_loss_chart_set_metrics (self, m, 120);
  keys = find_controller (chart, GTK_TYPE_EVENT_CONTROLLER_KEY);
  g_assert_true (press_key (keys, GDK_KEY_Left));
  g_assert_true (hone_loss_chart_get_hover_step (self, &step));
  g_assert_cmpint (step, ==, 120);
  g_assert_true (press_key (keys, GDK_KEY_Left));
  g_assert_true (hone_loss_chart_get_hover_step (self, &step));
  g_assert_cmpint (step, ==, 119);
  g_assert_true (press_key (keys, GDK_KEY_Home));
  g_assert_true (hone_loss_chart_get_hover_step (self, &step));
  g_assert_cmpint (step, ==, 1);
  g_assert_true (press_key (keys, GDK_KEY_Left));
  g_assert_true (hone_loss_chart_get_hover_step (self, &step));
  g_assert_cmpint (step, ==, 1);
  g_assert_true (press_key (keys, GDK_KEY_Escape));
  g_assert_false (hone_loss_chart_get_hover_step (self, NULL));
  g_assert_false (press_key (keys, GDK_KEY_a));

  close_chart (chart);
}

/* For people: PNGs in $HONE_LOSS_CHART_PNG_DIR */
static void
test_png (void)
{
  const char *dir = g_getenv ("HONE_LOSS_CHART_PNG_DIR");
  AdwStyleManager *manager = adw_style_manager_get_default ();
  const struct { int w, h; } sizes[] = { { 640, 360 }, { 320, 240 } };
  guint n;
  g_autofree HoneFineTuneMetric *run = make_run (&n);

  if (!dir)
    {
      g_test_skip ("Set HONE_LOSS_CHART_PNG_DIR to a folder to save pictures of the chart there");
      return;
    }

  for (guint dark = 0; dark < 2; dark++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint hover = 0; hover < 3; hover++)
        {
          GtkWidget *chart;
          g_autoptr(GdkTexture) texture = NULL;
          g_autofree char *name = NULL;

          adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                            : ADW_COLOR_SCHEME_FORCE_LIGHT);
          chart = show_chart (sizes[s].w, sizes[s].h);
          /* exactly that size, whatever the window's borders */
          gtk_widget_set_size_request (chart, sizes[s].w, sizes[s].h);
          if (hover < 2)
            hone_loss_chart_set_metrics (HONE_LOSS_CHART (chart), run, n);
          if (hover == 1)
            hone_loss_chart_hover_at (HONE_LOSS_CHART (chart),
                                      hone_loss_chart_x_for_step (HONE_LOSS_CHART (chart), 100),
                                      gtk_widget_get_height (chart) / 2.0);
          hone_ui_test_wait_for_frame (chart);
          texture = render (chart);
          g_assert_cmpint (gdk_texture_get_width (texture), ==, sizes[s].w);
          g_assert_cmpint (gdk_texture_get_height (texture), ==, sizes[s].h);

          name = g_strdup_printf ("loss-chart-%s-%dx%d%s.png", dark ? "dark" : "light",
                                  sizes[s].w, sizes[s].h,
                                  hover == 1 ? "-hover" : hover == 2 ? "-empty" : "");
          maybe_save_png (texture, name);
          close_chart (chart);
        }

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  /* the expected labels use "." for decimals */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/loss-chart/ticks", test_ticks);
  g_test_add_func ("/loss-chart/ticks-cover", test_ticks_cover);
  g_test_add_func ("/loss-chart/format-tick", test_format_tick);
  g_test_add_func ("/loss-chart/draw", test_draw);
  g_test_add_func ("/loss-chart/dark", test_dark);
  g_test_add_func ("/loss-chart/edge-cases", test_edge_cases);
  g_test_add_func ("/loss-chart/hover", test_hover);
  g_test_add_func ("/loss-chart/keyboard-and-summary", test_keyboard_and_summary);
  g_test_add_func ("/loss-chart/png", test_png);

  return g_test_run ();
}
