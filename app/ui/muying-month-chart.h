/* muying-month-chart.h: a small bar chart of monthly counts, one colour per programme
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MUYING_TYPE_MONTH_CHART (muying_month_chart_get_type ())
G_DECLARE_FINAL_TYPE (MuyingMonthChart, muying_month_chart, MUYING, MONTH_CHART, GtkWidget)

#define MUYING_MONTH_CHART_N_SERIES 3

/* @labels: n_months month labels; @values: n_months × MUYING_MONTH_CHART_N_SERIES counts,
 * month-major. @series_names: MUYING_MONTH_CHART_N_SERIES legend entries. Copies everything. */
void       muying_month_chart_set_data   (MuyingMonthChart   *self,
                                          guint               n_months,
                                          const char * const *labels,
                                          const gint64       *values,
                                          const char * const *series_names);

G_END_DECLS
