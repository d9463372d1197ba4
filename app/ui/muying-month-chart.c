/* muying-month-chart.c: a small bar chart of monthly counts, one colour per series
 *
 * Drawn with cairo and pango in snapshot; no chart library in Debian fits GTK 4 well, and the
 * chart is a dozen groups of two or three bars with a legend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-month-chart.h"

struct _MuyingMonthChart
{
  GtkWidget  parent_instance;

  guint      n_months;
  guint      n_series;
  GStrv      labels;
  gint64    *values;
  GStrv      series;
};

G_DEFINE_FINAL_TYPE (MuyingMonthChart, muying_month_chart, GTK_TYPE_WIDGET)

static const double colors[MUYING_MONTH_CHART_N_SERIES][3] = {
  { 0.21, 0.52, 0.89 },   /* blue */
  { 0.85, 0.42, 0.55 },   /* rose */
  { 0.18, 0.62, 0.48 },   /* green */
};

static PangoLayout *
make_layout (GtkWidget  *widget,
             const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_size (font, 9 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

static void
muying_month_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  MuyingMonthChart *self = MUYING_MONTH_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  GdkRGBA fg;
  gint64 max = 1;
  double left = 44, right = 12, top = 28, bottom = 24;
  double plot_w, plot_h, group_w, bar_w;
  guint step = 1;

  if (self->n_months == 0 || width <= left + right || height <= top + bottom)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (guint i = 0; i < self->n_months * self->n_series; i++)
    max = MAX (max, self->values[i]);
  plot_w = width - left - right;
  plot_h = height - top - bottom;
  group_w = plot_w / self->n_months;
  bar_w = MAX (1.0, (group_w - 6) / self->n_series);

  /* Axis and the maximum. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, left, top);
  cairo_line_to (cr, left, top + plot_h);
  cairo_line_to (cr, left + plot_w, top + plot_h);
  cairo_stroke (cr);
  {
    g_autofree char *text = g_strdup_printf ("%lld", (long long) max);
    g_autoptr(PangoLayout) layout = make_layout (widget, text);
    int w, h;

    pango_layout_get_pixel_size (layout, &w, &h);
    cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
    cairo_move_to (cr, left - w - 4, top - h / 2.0);
    pango_cairo_show_layout (cr, layout);
  }

  /* Month labels wider than a group would overlap: every step-th month is labelled. */
  {
    int widest = 0;

    for (guint m = 0; m < self->n_months; m++)
      if (self->labels[m] != NULL && m % step == 0)
        {
          g_autoptr(PangoLayout) layout = make_layout (widget, self->labels[m]);
          int w, h;

          pango_layout_get_pixel_size (layout, &w, &h);
          widest = MAX (widest, w);
        }
    step = MAX (1, (guint) ((widest + 6) / MAX (group_w, 1.0)) + 1);
    if (widest + 6 <= group_w)
      step = 1;
  }

  for (guint m = 0; m < self->n_months; m++)
    {
      double x0 = left + m * group_w + 3;

      for (guint s = 0; s < self->n_series; s++)
        {
          gint64 v = self->values[m * self->n_series + s];
          double h = plot_h * (double) v / (double) max;

          cairo_set_source_rgb (cr, colors[s][0], colors[s][1], colors[s][2]);
          cairo_rectangle (cr, x0 + s * bar_w, top + plot_h - h, bar_w - 1, h);
          cairo_fill (cr);
        }
      if (self->labels[m] != NULL && m % step == 0)
        {
          g_autoptr(PangoLayout) layout = make_layout (widget, self->labels[m]);
          int w, h;

          pango_layout_get_pixel_size (layout, &w, &h);
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.8);
          cairo_move_to (cr, x0 + (group_w - 6 - w) / 2.0, top + plot_h + 4);
          pango_cairo_show_layout (cr, layout);
        }
    }

  /* Legend, top right. */
  {
    double x = left;

    for (guint s = 0; s < self->n_series && self->series != NULL; s++)
      {
        g_autoptr(PangoLayout) layout = make_layout (widget, self->series[s]);
        int w, h;

        pango_layout_get_pixel_size (layout, &w, &h);
        cairo_set_source_rgb (cr, colors[s][0], colors[s][1], colors[s][2]);
        cairo_rectangle (cr, x, 8, 10, 10);
        cairo_fill (cr);
        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
        cairo_move_to (cr, x + 14, 13 - h / 2.0);
        pango_cairo_show_layout (cr, layout);
        x += 14 + w + 16;
      }
  }
  cairo_destroy (cr);
}

static void
muying_month_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 180;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 220;
}

static void
muying_month_chart_finalize (GObject *object)
{
  MuyingMonthChart *self = MUYING_MONTH_CHART (object);

  g_strfreev (self->labels);
  g_strfreev (self->series);
  g_free (self->values);
  G_OBJECT_CLASS (muying_month_chart_parent_class)->finalize (object);
}

static void
muying_month_chart_class_init (MuyingMonthChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = muying_month_chart_finalize;
  widget_class->snapshot = muying_month_chart_snapshot;
  widget_class->measure = muying_month_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "monthchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
muying_month_chart_init (MuyingMonthChart *self)
{
}

void
muying_month_chart_set_data (MuyingMonthChart   *self,
                             guint               n_months,
                             const char * const *labels,
                             guint               n_series,
                             const gint64       *values,
                             const char * const *series_names)
{
  g_return_if_fail (MUYING_IS_MONTH_CHART (self));
  g_return_if_fail (n_series >= 1 && n_series <= MUYING_MONTH_CHART_N_SERIES);

  g_strfreev (self->labels);
  g_strfreev (self->series);
  g_free (self->values);
  self->n_months = n_months;
  self->n_series = n_series;
  self->labels = g_strdupv ((char **) labels);
  self->series = g_strdupv ((char **) series_names);
  self->values = g_memdup2 (values, sizeof (gint64) * n_months * n_series);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
muying_month_chart_get_value (MuyingMonthChart *self,
                              guint             month,
                              guint             series)
{
  g_return_val_if_fail (MUYING_IS_MONTH_CHART (self), -1);

  if (month >= self->n_months || series >= self->n_series)
    return -1;
  return self->values[month * self->n_series + series];
}
