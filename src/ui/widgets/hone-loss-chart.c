/* hone-loss-chart.c: training and validation loss against the training
 * step, for a fine-tuning job
 *
 * Drawn with cairo into the widget's snapshot. Text comes from the widget's
 * own Pango context and colours from its style, so the theme font, large
 * text and dark mode all apply. The training loss is a line (providers
 * report it often); the validation loss is markers joined by a thin line
 * (a handful of evaluations). The pointer, or Left/Right with the keyboard
 * focus, highlights one step; the accessible description summarises the
 * whole run in one sentence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hone-loss-chart-private.h"

#define MIN_WIDTH       320
#define MIN_HEIGHT      200
#define NAT_WIDTH       640
#define NAT_HEIGHT      360
#define PAD             8.0
#define MAX_TICKS       10
#define HOVER_SLOP      8.0   /* pixels around the plot that still hover */

struct _HoneLossChart
{
  GtkWidget parent_instance;

  GArray *metrics;            /* HoneFineTuneMetric, sorted by step */
  guint n_train;              /* metrics with a finite train_loss */
  guint n_eval;               /* metrics with a finite eval_loss */
  gint64 step_min, step_max;  /* over metrics with any finite loss */
  double loss_min, loss_max;  /* over all finite losses */

  gboolean hovering;
  gint64 hover_step;

  char *summary;
};

G_DEFINE_FINAL_TYPE (HoneLossChart, hone_loss_chart, GTK_TYPE_WIDGET)

typedef struct
{
  double width, height;
  double line_h;                /* height of a line of text */
  graphene_rect_t plot;         /* the data area */
  double x0, x1;                /* steps at the plot's left and right */
  double y0, y1;                /* losses at the plot's bottom and top */
  double xticks[MAX_TICKS];
  guint n_xticks;
  double xstep;
  double yticks[MAX_TICKS];
  guint n_yticks;
  double ystep;
} ChartLayout;

typedef struct
{
  GdkRGBA fg;
  GdkRGBA bg;
  GdkRGBA train;
  GdkRGBA eval;
} ChartPalette;

static inline gboolean
metric_has_loss (const HoneFineTuneMetric *m)
{
  return isfinite (m->train_loss) || isfinite (m->eval_loss);
}

/* Ticks */

/* m × 10^k, computed so that 0.2 × 3 gives the double nearest 0.6 */
static double
tick_value (double i,
            double m,
            int    k)
{
  double p = 1.0;
  int e = ABS (k);

  if (e > 22)
    p = pow (10.0, e);
  else
    for (int j = 0; j < e; j++)
      p *= 10.0;

  return k >= 0 ? (i * m) * p : (i * m) / p;
}

static gboolean
nice_ticks_full (double    min,
                 double    max,
                 guint     max_ticks,
                 gboolean  integer,
                 double   *out,
                 guint    *n,
                 double   *step_out)
{
  static const double mantissas[] = { 1.0, 2.0, 5.0 };
  double range, raw;
  int k0;

  *n = 0;
  if (step_out)
    *step_out = 0;
  if (!isfinite (min) || !isfinite (max) || max_ticks < 2)
    return FALSE;

  if (min > max)
    {
      double t = min;
      min = max;
      max = t;
    }
  if (min == max)
    {
      double pad = integer || min == 0 ? 1.0 : fabs (min) * 0.1;

      min -= pad;
      max += pad;
    }

  range = max - min;
  if (!isfinite (range) || range <= 0)
    return FALSE;

  raw = range / (max_ticks - 1);
  k0 = (int) floor (log10 (raw));

  for (int k = k0; k <= k0 + 3; k++)
    for (guint j = 0; j < G_N_ELEMENTS (mantissas); j++)
      {
        double m = mantissas[j];
        double step = tick_value (1, m, k);
        double lo, hi;

        if (integer && step < 1.0)
          continue;

        /* a little slack so that 0.6 / 0.2 = 2.9999… still counts as 3 */
        lo = floor (min / step + 1e-9);
        hi = ceil (max / step - 1e-9);
        if (hi - lo + 1 > max_ticks)
          continue;

        for (double i = lo; i <= hi; i++)
          {
            double v = tick_value (i, m, k);

            out[(*n)++] = v == 0 ? 0.0 : v;   /* no "-0" */
          }
        if (step_out)
          *step_out = step;
        return TRUE;
      }

  /* Only when MAX_TICKS is 2 and the range straddles a multiple of every
   * candidate step: the ends themselves */
  out[0] = min;
  out[1] = max;
  *n = 2;
  if (step_out)
    *step_out = range;
  return TRUE;
}

gboolean
hone_loss_chart_nice_ticks (double  min,
                            double  max,
                            guint   max_ticks,
                            double *out,
                            guint  *n)
{
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (n != NULL, FALSE);

  return nice_ticks_full (min, max, max_ticks, FALSE, out, n, NULL);
}

char *
hone_loss_chart_format_tick (double value,
                             double step)
{
  int k;

  if (value == 0 || !isfinite (value))
    return g_strdup (value == 0 ? "0" : "–");
  if (!(step > 0) || !isfinite (step))
    return g_strdup_printf ("%g", value);

  /* the step alone decides the form, so that an axis's labels agree */
  k = (int) floor (log10 (step) + 1e-9);
  if (k >= -4 && k < 5)
    return g_strdup_printf ("%.*f", MAX (0, -k), value);
  else
    {
      int digits = (int) floor (log10 (fabs (value)) + 1e-9) - k;

      return g_strdup_printf ("%.*e", CLAMP (digits, 0, 6), value);
    }
}

/* A loss for people: three significant digits ("0.812", "2.31") */
static char *
format_loss (double value)
{
  return g_strdup_printf ("%.3g", value);
}

/* Layout */

static void
text_size (PangoLayout *layout,
           const char  *text,
           double      *w,
           double      *h)
{
  int pw, ph;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &pw, &ph);
  if (w)
    *w = pw;
  if (h)
    *h = ph;
}

/* FALSE when there is nothing to plot */
static gboolean
compute_layout (HoneLossChart *self,
                ChartLayout   *l)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(PangoLayout) layout = NULL;
  double ylabel_w = 0, xlabel_w, left, right, top, bottom;
  guint max_y, max_x;
  double xs[MAX_TICKS];
  guint n_xs;

  memset (l, 0, sizeof *l);
  l->width = gtk_widget_get_width (widget);
  l->height = gtk_widget_get_height (widget);

  if (self->n_train == 0 && self->n_eval == 0)
    return FALSE;

  layout = gtk_widget_create_pango_layout (widget, NULL);
  text_size (layout, "0", NULL, &l->line_h);

  top = PAD + l->line_h + 10;                         /* legend */
  bottom = l->height - PAD - l->line_h - 4 - l->line_h - 4;  /* title, labels */

  /* The loss axis ends on nice values; its tick count follows the height */
  max_y = (guint) CLAMP ((bottom - top) / (l->line_h * 2.2) + 1, 3, MAX_TICKS);
  nice_ticks_full (self->loss_min, self->loss_max, max_y, FALSE,
                   l->yticks, &l->n_yticks, &l->ystep);
  if (l->n_yticks < 2)
    return FALSE;
  l->y0 = l->yticks[0];
  l->y1 = l->yticks[l->n_yticks - 1];

  for (guint i = 0; i < l->n_yticks; i++)
    {
      g_autofree char *label = hone_loss_chart_format_tick (l->yticks[i], l->ystep);
      double w;

      text_size (layout, label, &w, NULL);
      ylabel_w = MAX (ylabel_w, w);
    }

  /* The step axis spans the data; ticks are whole steps inside it */
  l->x0 = self->step_min;
  l->x1 = self->step_max;
  if (l->x0 == l->x1)
    {
      l->x0 -= 1;
      l->x1 += 1;
    }
  {
    g_autofree char *widest = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               ABS (self->step_max) > ABS (self->step_min)
                                               ? self->step_max : self->step_min);
    text_size (layout, widest, &xlabel_w, NULL);
  }

  left = PAD + l->line_h + 6 + ylabel_w + 6;
  right = l->width - MAX (PAD, xlabel_w / 2 + 2);
  if (right - left < 10 || bottom - top < 10)
    return FALSE;

  graphene_rect_init (&l->plot, left, top, right - left, bottom - top);

  max_x = (guint) CLAMP (l->plot.size.width / (xlabel_w + 28), 3, MAX_TICKS);
  nice_ticks_full (l->x0, l->x1, max_x, TRUE, xs, &n_xs, &l->xstep);
  for (guint i = 0; i < n_xs; i++)
    if (xs[i] >= l->x0 - 1e-9 && xs[i] <= l->x1 + 1e-9)
      l->xticks[l->n_xticks++] = xs[i];

  return TRUE;
}

static inline double
layout_x (const ChartLayout *l,
          double             step)
{
  return l->plot.origin.x + (step - l->x0) / (l->x1 - l->x0) * l->plot.size.width;
}

static inline double
layout_y (const ChartLayout *l,
          double             loss)
{
  double y = l->plot.origin.y + l->plot.size.height
             - (loss - l->y0) / (l->y1 - l->y0) * l->plot.size.height;

  /* the ticks cover every loss; this only guards against rounding */
  return CLAMP (y, l->plot.origin.y, l->plot.origin.y + l->plot.size.height);
}

/* Colours */

static gboolean
is_dark (const GdkRGBA *fg)
{
  return 0.2126 * fg->red + 0.7152 * fg->green + 0.0722 * fg->blue > 0.5;
}

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *out)
{
  if (!gtk_style_context_lookup_color (context, name, out))
    gdk_rgba_parse (out, fallback);
}

static void
get_palette (HoneLossChart *self,
             ChartPalette  *p)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gboolean dark;

  gtk_style_context_get_color (context, &p->fg);
  dark = is_dark (&p->fg);

  /* libadwaita's named colours; the fallbacks are the same values
   * (GNOME HIG palette) for plain GTK */
  lookup_color (context, "window_bg_color", dark ? "#242424" : "#fafafa", &p->bg);
  lookup_color (context, "accent_color", dark ? "#78aeed" : "#1c71d8", &p->train);
  lookup_color (context, dark ? "orange_2" : "orange_4",
                dark ? "#ffa348" : "#e66100", &p->eval);
}

void
hone_loss_chart_get_colors (HoneLossChart *self,
                            GdkRGBA       *train,
                            GdkRGBA       *eval)
{
  ChartPalette p;

  g_return_if_fail (HONE_IS_LOSS_CHART (self));

  get_palette (self, &p);
  if (train)
    *train = p.train;
  if (eval)
    *eval = p.eval;
}

static void
set_source_alpha (cairo_t       *cr,
                  const GdkRGBA *color,
                  double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* Drawing */

static void
draw_empty (HoneLossChart      *self,
            cairo_t            *cr,
            const ChartPalette *p,
            double              width,
            double              height)
{
  g_autoptr(PangoLayout) layout = NULL;
  int tw, th;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                           _("No loss reported yet. The provider sends it once training starts."));
  pango_layout_set_width (layout, (int) MAX (1, width - 4 * PAD) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &tw, &th);

  set_source_alpha (cr, &p->fg, 0.55);
  cairo_move_to (cr, (width - tw) / 2, MAX (0, (height - th) / 2));
  pango_cairo_show_layout (cr, layout);
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       xalign,
           double       yalign)
{
  double w, h;

  text_size (layout, text, &w, &h);
  cairo_move_to (cr, round (x - w * xalign), round (y - h * yalign));
  pango_cairo_show_layout (cr, layout);
}

static void
draw_marker (cairo_t            *cr,
             const ChartPalette *p,
             const GdkRGBA      *color,
             double              x,
             double              y,
             double              radius)
{
  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius + 1.5, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &p->bg);
  cairo_fill (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_fill (cr);
}

static void
draw_axes (HoneLossChart      *self,
           cairo_t            *cr,
           const ChartPalette *p,
           const ChartLayout  *l,
           PangoLayout        *layout)
{
  const graphene_rect_t *r = &l->plot;
  double bottom = r->origin.y + r->size.height;
  double w;

  cairo_set_line_width (cr, 1);

  /* horizontal grid at the loss ticks, on half pixels to stay crisp */
  set_source_alpha (cr, &p->fg, 0.12);
  for (guint i = 0; i < l->n_yticks; i++)
    {
      double y = floor (layout_y (l, l->yticks[i])) + 0.5;

      cairo_move_to (cr, r->origin.x, y);
      cairo_line_to (cr, r->origin.x + r->size.width, y);
    }
  cairo_stroke (cr);

  /* the axes themselves */
  set_source_alpha (cr, &p->fg, 0.35);
  cairo_move_to (cr, floor (r->origin.x) + 0.5, r->origin.y);
  cairo_line_to (cr, floor (r->origin.x) + 0.5, floor (bottom) + 0.5);
  cairo_line_to (cr, r->origin.x + r->size.width, floor (bottom) + 0.5);
  for (guint i = 0; i < l->n_xticks; i++)
    {
      double x = floor (layout_x (l, l->xticks[i])) + 0.5;

      cairo_move_to (cr, x, floor (bottom) + 0.5);
      cairo_line_to (cr, x, floor (bottom) + 4.5);
    }
  cairo_stroke (cr);

  /* tick labels */
  set_source_alpha (cr, &p->fg, 0.7);
  for (guint i = 0; i < l->n_yticks; i++)
    {
      g_autofree char *label = hone_loss_chart_format_tick (l->yticks[i], l->ystep);

      show_text (cr, layout, label, r->origin.x - 6, layout_y (l, l->yticks[i]), 1.0, 0.5);
    }
  for (guint i = 0; i < l->n_xticks; i++)
    {
      g_autofree char *label = hone_loss_chart_format_tick (l->xticks[i], l->xstep);

      show_text (cr, layout, label, layout_x (l, l->xticks[i]), bottom + 4, 0.5, 0.0);
    }

  /* axis titles: "Step" under the labels, "Loss" turned up the left edge */
  show_text (cr, layout, _("Step"), r->origin.x + r->size.width / 2,
             l->height - PAD, 0.5, 1.0);

  text_size (layout, _("Loss"), &w, NULL);
  cairo_save (cr);
  cairo_translate (cr, PAD, round (r->origin.y + r->size.height / 2 + w / 2));
  cairo_rotate (cr, -G_PI / 2);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
draw_series (HoneLossChart      *self,
             cairo_t            *cr,
             const ChartPalette *p,
             const ChartLayout  *l)
{
  const HoneFineTuneMetric *m = (const HoneFineTuneMetric *) self->metrics->data;
  guint n = self->metrics->len;
  gboolean first;

  cairo_save (cr);
  cairo_rectangle (cr, l->plot.origin.x - 6, l->plot.origin.y - 6,
                   l->plot.size.width + 12, l->plot.size.height + 12);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* validation: a thin line under its markers */
  if (self->n_eval > 1)
    {
      first = TRUE;
      for (guint i = 0; i < n; i++)
        {
          double x, y;

          if (!isfinite (m[i].eval_loss))
            continue;
          x = layout_x (l, m[i].step);
          y = layout_y (l, m[i].eval_loss);
          if (first)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
          first = FALSE;
        }
      set_source_alpha (cr, &p->eval, 0.6);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }

  /* training: a line, or a dot when there is one value */
  if (self->n_train == 1)
    {
      for (guint i = 0; i < n; i++)
        if (isfinite (m[i].train_loss))
          {
            cairo_arc (cr, layout_x (l, m[i].step), layout_y (l, m[i].train_loss),
                       3.5, 0, 2 * G_PI);
            gdk_cairo_set_source_rgba (cr, &p->train);
            cairo_fill (cr);
          }
    }
  else if (self->n_train > 1)
    {
      first = TRUE;
      for (guint i = 0; i < n; i++)
        {
          double x, y;

          if (!isfinite (m[i].train_loss))
            continue;
          x = layout_x (l, m[i].step);
          y = layout_y (l, m[i].train_loss);
          if (first)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
          first = FALSE;
        }
      gdk_cairo_set_source_rgba (cr, &p->train);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < n; i++)
    if (isfinite (m[i].eval_loss))
      draw_marker (cr, p, &p->eval, layout_x (l, m[i].step), layout_y (l, m[i].eval_loss), 4);

  cairo_restore (cr);
}

static void
draw_legend (HoneLossChart      *self,
             cairo_t            *cr,
             const ChartPalette *p,
             const ChartLayout  *l,
             PangoLayout        *layout)
{
  const char *train_label = _("Training loss");
  const char *eval_label = _("Validation loss");
  double tw = 0, ew = 0, total = 0, x, cy;

  if (self->n_train > 0)
    {
      text_size (layout, train_label, &tw, NULL);
      total += 24 + tw;
    }
  if (self->n_eval > 0)
    {
      text_size (layout, eval_label, &ew, NULL);
      total += (total > 0 ? 16 : 0) + 24 + ew;
    }

  /* under the plot's left edge when it fits there, else from the margin */
  x = l->plot.origin.x;
  if (x + total > l->width - PAD)
    x = MAX (PAD, l->width - PAD - total);
  cy = PAD + l->line_h / 2;

  if (self->n_train > 0)
    {
      cairo_move_to (cr, x, round (cy));
      cairo_line_to (cr, x + 18, round (cy));
      gdk_cairo_set_source_rgba (cr, &p->train);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      set_source_alpha (cr, &p->fg, 0.85);
      show_text (cr, layout, train_label, x + 24, cy, 0.0, 0.5);
      x += 24 + tw + 16;
    }
  if (self->n_eval > 0)
    {
      draw_marker (cr, p, &p->eval, x + 9, cy, 4);
      set_source_alpha (cr, &p->fg, 0.85);
      show_text (cr, layout, eval_label, x + 24, cy, 0.0, 0.5);
    }
}

static const HoneFineTuneMetric *
find_step (HoneLossChart *self,
           gint64         step)
{
  for (guint i = 0; i < self->metrics->len; i++)
    {
      const HoneFineTuneMetric *m = &g_array_index (self->metrics, HoneFineTuneMetric, i);

      if (m->step == step && metric_has_loss (m))
        return m;
    }
  return NULL;
}

static char *
hover_text (const HoneFineTuneMetric *m)
{
  GString *s = g_string_new (NULL);
  g_autofree char *step = g_strdup_printf ("%" G_GINT64_FORMAT, m->step);

  g_string_append_printf (s, _("Step %s"), step);
  if (isfinite (m->train_loss))
    {
      g_autofree char *v = format_loss (m->train_loss);

      /* Translators: after "Step N" in the loss chart's hover label */
      g_string_append_printf (s, _(" · training %s"), v);
    }
  if (isfinite (m->eval_loss))
    {
      g_autofree char *v = format_loss (m->eval_loss);

      /* Translators: after "Step N" in the loss chart's hover label */
      g_string_append_printf (s, _(" · validation %s"), v);
    }
  return g_string_free (s, FALSE);
}

static void
draw_hover (HoneLossChart      *self,
            cairo_t            *cr,
            const ChartPalette *p,
            const ChartLayout  *l)
{
  const HoneFineTuneMetric *m;
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = NULL;
  double x, bx, by, bw, bh;
  int tw, th;

  if (!self->hovering || !(m = find_step (self, self->hover_step)))
    return;

  x = floor (layout_x (l, m->step)) + 0.5;
  cairo_set_line_width (cr, 1);
  set_source_alpha (cr, &p->fg, 0.45);
  cairo_move_to (cr, x, l->plot.origin.y);
  cairo_line_to (cr, x, l->plot.origin.y + l->plot.size.height);
  cairo_stroke (cr);

  if (isfinite (m->train_loss))
    draw_marker (cr, p, &p->train, layout_x (l, m->step), layout_y (l, m->train_loss), 4);
  if (isfinite (m->eval_loss))
    draw_marker (cr, p, &p->eval, layout_x (l, m->step), layout_y (l, m->eval_loss), 5);

  text = hover_text (m);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_layout_set_width (layout, (int) MAX (1, l->width - 2 * PAD - 12) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &tw, &th);

  /* beside the line, on whichever side has room, inside the widget */
  bw = tw + 12;
  bh = th + 6;
  bx = x + 8;
  if (bx + bw > l->width - PAD)
    bx = x - 8 - bw;
  if (bw <= l->plot.size.width)
    bx = CLAMP (bx, l->plot.origin.x, l->plot.origin.x + l->plot.size.width - bw);
  bx = round (CLAMP (bx, PAD, MAX (PAD, l->width - PAD - bw)));
  by = round (l->plot.origin.y + 4);

  cairo_new_path (cr);
  cairo_arc (cr, bx + bw - 4, by + 4, 4, -G_PI / 2, 0);
  cairo_arc (cr, bx + bw - 4, by + bh - 4, 4, 0, G_PI / 2);
  cairo_arc (cr, bx + 4, by + bh - 4, 4, G_PI / 2, G_PI);
  cairo_arc (cr, bx + 4, by + 4, 4, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  set_source_alpha (cr, &p->bg, 0.95);
  cairo_fill_preserve (cr);
  set_source_alpha (cr, &p->fg, 0.25);
  cairo_stroke (cr);

  gdk_cairo_set_source_rgba (cr, &p->fg);
  cairo_move_to (cr, bx + 6, by + 3);
  pango_cairo_show_layout (cr, layout);
}

static void
hone_loss_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  HoneLossChart *self = HONE_LOSS_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  ChartPalette p;
  ChartLayout l;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  get_palette (self, &p);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!compute_layout (self, &l))
    {
      if (self->n_train == 0 && self->n_eval == 0)
        draw_empty (self, cr, &p, width, height);
    }
  else
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);

      draw_axes (self, cr, &p, &l, layout);
      draw_series (self, cr, &p, &l);
      draw_legend (self, cr, &p, &l, layout);
      draw_hover (self, cr, &p, &l);
    }

  cairo_destroy (cr);
}

/* Hover and keyboard */

static void
set_hover (HoneLossChart *self,
           gboolean       hovering,
           gint64         step)
{
  if (self->hovering == hovering && (!hovering || self->hover_step == step))
    return;

  self->hovering = hovering;
  self->hover_step = hovering ? step : 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hone_loss_chart_hover_clear (HoneLossChart *self)
{
  g_return_if_fail (HONE_IS_LOSS_CHART (self));

  set_hover (self, FALSE, 0);
}

void
hone_loss_chart_hover_at (HoneLossChart *self,
                          double         x,
                          double         y)
{
  const graphene_rect_t *r;
  ChartLayout l;
  double best = G_MAXDOUBLE;
  gint64 best_step = 0;

  g_return_if_fail (HONE_IS_LOSS_CHART (self));

  if (!compute_layout (self, &l))
    {
      set_hover (self, FALSE, 0);
      return;
    }

  r = &l.plot;
  if (x < r->origin.x - HOVER_SLOP || x > r->origin.x + r->size.width + HOVER_SLOP ||
      y < r->origin.y - HOVER_SLOP || y > r->origin.y + r->size.height + HOVER_SLOP)
    {
      set_hover (self, FALSE, 0);
      return;
    }

  for (guint i = 0; i < self->metrics->len; i++)
    {
      const HoneFineTuneMetric *m = &g_array_index (self->metrics, HoneFineTuneMetric, i);
      double d;

      if (!metric_has_loss (m))
        continue;
      d = fabs (layout_x (&l, m->step) - x);
      if (d < best)
        {
          best = d;
          best_step = m->step;
        }
    }

  set_hover (self, best < G_MAXDOUBLE, best_step);
}

double
hone_loss_chart_x_for_step (HoneLossChart *self,
                            gint64         step)
{
  ChartLayout l;

  g_return_val_if_fail (HONE_IS_LOSS_CHART (self), NAN);

  if (!compute_layout (self, &l))
    return NAN;
  return layout_x (&l, step);
}

gboolean
hone_loss_chart_get_hover_step (HoneLossChart *self,
                                gint64        *step)
{
  g_return_val_if_fail (HONE_IS_LOSS_CHART (self), FALSE);

  if (step)
    *step = self->hovering ? self->hover_step : 0;
  return self->hovering;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           HoneLossChart            *self)
{
  hone_loss_chart_hover_at (self, x, y);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          HoneLossChart            *self)
{
  hone_loss_chart_hover_clear (self);
}

/* Left/Right (and Home/End) move the highlight from step to step */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                HoneLossChart         *self)
{
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint current = 0;
  gboolean found = FALSE;
  guint target;

  for (guint i = 0; i < self->metrics->len; i++)
    {
      const HoneFineTuneMetric *m = &g_array_index (self->metrics, HoneFineTuneMetric, i);

      if (!metric_has_loss (m))
        continue;
      if (self->hovering && m->step == self->hover_step && !found)
        {
          current = steps->len;
          found = TRUE;
        }
      g_array_append_val (steps, m->step);
    }
  if (steps->len == 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      target = !found ? steps->len - 1 : current > 0 ? current - 1 : 0;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      target = !found ? steps->len - 1 : MIN (current + 1, steps->len - 1);
      break;
    case GDK_KEY_Home:
      target = 0;
      break;
    case GDK_KEY_End:
      target = steps->len - 1;
      break;
    case GDK_KEY_Escape:
      if (!self->hovering)
        return GDK_EVENT_PROPAGATE;
      hone_loss_chart_hover_clear (self);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  set_hover (self, TRUE, g_array_index (steps, gint64, target));
  return GDK_EVENT_STOP;
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                HoneLossChart           *self)
{
  hone_loss_chart_hover_clear (self);
}

/* Data */

static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const HoneFineTuneMetric *ma = a;
  const HoneFineTuneMetric *mb = b;

  return (ma->step > mb->step) - (ma->step < mb->step);
}

static void
update_summary (HoneLossChart *self)
{
  const HoneFineTuneMetric *m = (const HoneFineTuneMetric *) self->metrics->data;
  const HoneFineTuneMetric *first_train = NULL, *last_train = NULL, *last_eval = NULL;
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->metrics->len; i++)
    {
      if (isfinite (m[i].train_loss))
        {
          if (!first_train)
            first_train = &m[i];
          last_train = &m[i];
        }
      if (isfinite (m[i].eval_loss))
        last_eval = &m[i];
    }

  if (first_train && first_train != last_train)
    {
      g_autofree char *a = format_loss (first_train->train_loss);
      g_autofree char *b = format_loss (last_train->train_loss);
      /* steps trained: the last step when they count from 0 or 1 */
      gint64 steps = first_train->step >= 0
                     ? last_train->step : last_train->step - first_train->step;

      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, steps);

      g_string_append_printf (s, ngettext ("Training loss %s → %s over %s step",
                                           "Training loss %s → %s over %s steps",
                                           (gulong) CLAMP (steps, 0, G_MAXLONG)),
                              a, b, n);
    }
  else if (first_train)
    {
      g_autofree char *a = format_loss (first_train->train_loss);
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, first_train->step);

      g_string_append_printf (s, _("Training loss %s at step %s"), a, n);
    }

  if (last_eval)
    {
      g_autofree char *v = format_loss (last_eval->eval_loss);
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, last_eval->step);

      if (s->len > 0)
        g_string_append_printf (s, _("; validation %s at the last evaluation"), v);
      else
        g_string_append_printf (s, _("Validation loss %s at the last evaluation (step %s)"), v, n);
    }

  if (s->len == 0)
    g_string_append (s, _("No loss reported yet. The provider sends it once training starts."));

  g_free (self->summary);
  self->summary = g_string_free (s, FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
}

void
hone_loss_chart_set_metrics (HoneLossChart            *self,
                             const HoneFineTuneMetric *metrics,
                             guint                     n)
{
  g_return_if_fail (HONE_IS_LOSS_CHART (self));
  g_return_if_fail (metrics != NULL || n == 0);

  g_array_set_size (self->metrics, 0);
  if (n > 0)
    g_array_append_vals (self->metrics, metrics, n);
  g_array_sort (self->metrics, compare_steps);

  self->n_train = 0;
  self->n_eval = 0;
  self->loss_min = INFINITY;
  self->loss_max = -INFINITY;
  self->step_min = G_MAXINT64;
  self->step_max = G_MININT64;

  for (guint i = 0; i < self->metrics->len; i++)
    {
      const HoneFineTuneMetric *m = &g_array_index (self->metrics, HoneFineTuneMetric, i);

      if (isfinite (m->train_loss))
        {
          self->n_train++;
          self->loss_min = MIN (self->loss_min, m->train_loss);
          self->loss_max = MAX (self->loss_max, m->train_loss);
        }
      if (isfinite (m->eval_loss))
        {
          self->n_eval++;
          self->loss_min = MIN (self->loss_min, m->eval_loss);
          self->loss_max = MAX (self->loss_max, m->eval_loss);
        }
      if (metric_has_loss (m))
        {
          self->step_min = MIN (self->step_min, m->step);
          self->step_max = MAX (self->step_max, m->step);
        }
    }

  /* the highlighted step may be gone */
  if (self->hovering && !find_step (self, self->hover_step))
    self->hovering = FALSE;

  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
hone_loss_chart_get_n_points (HoneLossChart *self)
{
  g_return_val_if_fail (HONE_IS_LOSS_CHART (self), 0);

  return self->metrics->len;
}

const char *
hone_loss_chart_get_summary (HoneLossChart *self)
{
  g_return_val_if_fail (HONE_IS_LOSS_CHART (self), NULL);

  return self->summary;
}

/* GtkWidget */

static void
hone_loss_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NAT_WIDTH;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = NAT_HEIGHT;
    }
}

static void
hone_loss_chart_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (hone_loss_chart_parent_class)->css_changed (widget, change);

  /* colours and fonts are read while drawing */
  gtk_widget_queue_draw (widget);
}

static void
hone_loss_chart_finalize (GObject *object)
{
  HoneLossChart *self = HONE_LOSS_CHART (object);

  g_clear_pointer (&self->metrics, g_array_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (hone_loss_chart_parent_class)->finalize (object);
}

static void
hone_loss_chart_class_init (HoneLossChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hone_loss_chart_finalize;

  widget_class->snapshot = hone_loss_chart_snapshot;
  widget_class->measure = hone_loss_chart_measure;
  widget_class->css_changed = hone_loss_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "losschart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hone_loss_chart_init (HoneLossChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;

  self->metrics = g_array_new (FALSE, FALSE, sizeof (HoneFineTuneMetric));

  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);
  gtk_widget_set_focusable (widget, TRUE);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loss chart"),
                                  -1);
  update_summary (self);
}

GtkWidget *
hone_loss_chart_new (void)
{
  return g_object_new (HONE_TYPE_LOSS_CHART, NULL);
}
