/* muying-month-chart.h: a small bar chart of monthly counts, one colour per series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MUYING_TYPE_MONTH_CHART (muying_month_chart_get_type ())
G_DECLARE_FINAL_TYPE (MuyingMonthChart, muying_month_chart, MUYING, MONTH_CHART, GtkWidget)

#define MUYING_MONTH_CHART_N_SERIES 3   /* the most series a chart draws */

/* @labels: n_months month labels; @values: n_months × @n_series counts, month-major.
 * @series_names: @n_series legend entries (1 … MUYING_MONTH_CHART_N_SERIES). Copies everything. */
void       muying_month_chart_set_data   (MuyingMonthChart   *self,
                                          guint               n_months,
                                          const char * const *labels,
                                          guint               n_series,
                                          const gint64       *values,
                                          const char * const *series_names);
/* The value drawn for month @month of series @series (tests). */
gint64     muying_month_chart_get_value  (MuyingMonthChart   *self,
                                          guint               month,
                                          guint               series);

G_END_DECLS
