/* muying-period.h: reporting periods (dates inclusive)
 *
 * The maternal and child health reporting year ("statistical year" Y) runs from 1 October Y−1
 * to 30 September Y (docs/background.md); it is the default period of the statistics and the annual
 * workbook. A calendar year and any range of dates are also periods. A period is cut into
 * months for the monthly breakdowns; the first and last month are clipped to the period.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  GDate from;   /* first day, inclusive */
  GDate to;     /* last day, inclusive */
} MuyingPeriod;

void     muying_period_init_statistical_year (MuyingPeriod       *period,
                                              int                 year);
void     muying_period_init_calendar_year    (MuyingPeriod       *period,
                                              int                 year);
/* A quarter of the statistical year: "2026Q1" is 1 October … 31 December 2025, "2026Q2" January to
 * March 2026, … "2026Q4" July to September 2026 (also "2026-Q1", "2026q1").
 * MUYING_DATE_ERROR_FORMAT for anything else. */
gboolean muying_period_init_quarter_parse    (MuyingPeriod       *period,
                                              const char         *text,
                                              GError            **error);
/* Fails (MUYING_DATE_ERROR_INVALID) when @to is before @from. */
gboolean muying_period_init_range            (MuyingPeriod       *period,
                                              const GDate        *from,
                                              const GDate        *to,
                                              GError            **error);
/* Parses two dates in the forms of muying_date_parse. */
gboolean muying_period_init_parse            (MuyingPeriod       *period,
                                              const char         *from,
                                              const char         *to,
                                              GError            **error);

/* The statistical year a date belongs to: 1 Oct 2024 … 30 Sep 2025 is 2025. */
int      muying_period_statistical_year_of   (const GDate        *date);

/* ISO "YYYY-MM-DD" of each end (newly allocated). */
char    *muying_period_dup_from_string       (const MuyingPeriod *period);
char    *muying_period_dup_to_string         (const MuyingPeriod *period);

/* Months touched by the period, in order (Oct, Nov, … Sep for a statistical year). */
guint    muying_period_get_n_months          (const MuyingPeriod *period);
/* Month @index of the period, clipped to the period's ends. */
void     muying_period_get_month             (const MuyingPeriod *period,
                                              guint               index,
                                              MuyingPeriod       *month);

G_END_DECLS
