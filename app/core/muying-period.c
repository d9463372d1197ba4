/* muying-period.c: reporting periods (dates inclusive)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-period-private.h"
#include "muying-period.h"

static void
set_dmy (GDate *date,
         int    day,
         int    month,
         int    year)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

void
muying_period_init_statistical_year (MuyingPeriod *period,
                                     int           year)
{
  g_return_if_fail (period != NULL);
  g_return_if_fail (year > 1 && year < 9999);

  set_dmy (&period->from, 1, 10, year - 1);
  set_dmy (&period->to, 30, 9, year);
}

void
muying_period_init_calendar_year (MuyingPeriod *period,
                                  int           year)
{
  g_return_if_fail (period != NULL);
  g_return_if_fail (year > 0 && year < 9999);

  set_dmy (&period->from, 1, 1, year);
  set_dmy (&period->to, 31, 12, year);
}

gboolean
muying_period_init_quarter_parse (MuyingPeriod  *period,
                                  const char    *text,
                                  GError       **error)
{
  guint64 year = 0, quarter = 0;
  const char *q;
  g_autofree char *digits = NULL;

  g_return_val_if_fail (period != NULL, FALSE);

  q = text != NULL ? strpbrk (text, "Qq") : NULL;
  if (q != NULL && q > text)
    digits = g_strndup (text, (gsize) (q - text - (q[-1] == '-' ? 1 : 0)));
  if (digits == NULL || strlen (digits) != 4 || strlen (q) != 2 ||
      !g_ascii_string_to_unsigned (digits, 10, 1900, 2999, &year, NULL) ||
      !g_ascii_string_to_unsigned (q + 1, 10, 1, 4, &quarter, NULL))
    {
      /* TRANSLATORS: a quarter of the statistical year is written like 2026Q1 */
      g_set_error (error, MUYING_DATE_ERROR, MUYING_DATE_ERROR_FORMAT,
                   _("“%s” is not a quarter: write the statistical year and the quarter, e.g. 2026Q1 "
                     "(October to December 2025)"),
                   text != NULL ? text : "");
      return FALSE;
    }
  /* Quarter 1 of statistical year Y is October–December of Y−1 (the bureau's reporting year). */
  muying_period_init_statistical_year (period, (int) year);
  g_date_add_months (&period->from, (guint) (3 * (quarter - 1)));
  period->to = period->from;
  g_date_add_months (&period->to, 3);
  g_date_subtract_days (&period->to, 1);
  return TRUE;
}

gboolean
muying_period_init_range (MuyingPeriod *period,
                          const GDate  *from,
                          const GDate  *to,
                          GError      **error)
{
  g_return_val_if_fail (period != NULL, FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);
  g_return_val_if_fail (to != NULL && g_date_valid (to), FALSE);

  if (g_date_compare (from, to) > 0)
    {
      g_autofree char *a = muying_date_format (from);
      g_autofree char *b = muying_date_format (to);

      /* TRANSLATORS: both are dates */
      g_set_error (error, MUYING_DATE_ERROR, MUYING_DATE_ERROR_INVALID,
                   _("The period ends (%s) before it starts (%s)"), b, a);
      return FALSE;
    }
  period->from = *from;
  period->to = *to;
  return TRUE;
}

gboolean
muying_period_init_parse (MuyingPeriod *period,
                          const char   *from,
                          const char   *to,
                          GError      **error)
{
  GDate a, b;

  if (!muying_date_parse (from, &a, error) || !muying_date_parse (to, &b, error))
    return FALSE;
  return muying_period_init_range (period, &a, &b, error);
}

int
muying_period_statistical_year_of (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);

  if (g_date_get_month (date) >= G_DATE_OCTOBER)
    return (int) g_date_get_year (date) + 1;
  return (int) g_date_get_year (date);
}

gboolean
muying_period_contains (const MuyingPeriod *period,
                        const GDate        *date)
{
  g_return_val_if_fail (period != NULL && date != NULL, FALSE);

  return g_date_compare (&period->from, date) <= 0 && g_date_compare (date, &period->to) <= 0;
}

char *
muying_period_dup_from_string (const MuyingPeriod *period)
{
  g_return_val_if_fail (period != NULL, NULL);
  return muying_date_format (&period->from);
}

char *
muying_period_dup_to_string (const MuyingPeriod *period)
{
  g_return_val_if_fail (period != NULL, NULL);
  return muying_date_format (&period->to);
}

guint
muying_period_get_n_months (const MuyingPeriod *period)
{
  int months;

  g_return_val_if_fail (period != NULL, 0);

  months = ((int) g_date_get_year (&period->to) - (int) g_date_get_year (&period->from)) * 12
           + ((int) g_date_get_month (&period->to) - (int) g_date_get_month (&period->from)) + 1;
  return months > 0 ? (guint) months : 0;
}

static void
month_start (const MuyingPeriod *period,
             guint               index,
             int                *year,
             int                *month)
{
  int m0 = (int) g_date_get_month (&period->from) - 1 + (int) index;

  *year = (int) g_date_get_year (&period->from) + m0 / 12;
  *month = m0 % 12 + 1;
}

void
muying_period_get_month (const MuyingPeriod *period,
                         guint               index,
                         MuyingPeriod       *month)
{
  int y, m;

  g_return_if_fail (period != NULL && month != NULL);
  g_return_if_fail (index < muying_period_get_n_months (period));

  month_start (period, index, &y, &m);
  set_dmy (&month->from, 1, m, y);
  set_dmy (&month->to, g_date_get_days_in_month ((GDateMonth) m, (GDateYear) y), m, y);
  if (g_date_compare (&month->from, &period->from) < 0)
    month->from = period->from;
  if (g_date_compare (&month->to, &period->to) > 0)
    month->to = period->to;
}

char *
muying_period_dup_month_key (const MuyingPeriod *period,
                             guint               index)
{
  int y, m;

  g_return_val_if_fail (period != NULL, NULL);

  month_start (period, index, &y, &m);
  return g_strdup_printf ("%04d-%02d", y, m);
}
