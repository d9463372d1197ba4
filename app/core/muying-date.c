/* muying-date.c: calendar dates, ages and gestational-age arithmetic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-date-private.h"
#include "muying-date.h"
#include "muying-error.h"

static gboolean
read_digits (const char *p,
             guint       n,
             guint      *out)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (guint) (p[i] - '0');
    }
  *out = v;
  return TRUE;
}

/**
 * muying_date_parse:
 * Accepts YYYY-MM-DD, YYYY/MM/DD (month and day may have one digit) and YYYYMMDD,
 * the forms docs/import-formats.md lists. Surrounding white space is ignored.
 */
gboolean
muying_date_parse (const char  *text,
                   GDate       *date,
                   GError     **error)
{
  g_autofree char *s = NULL;
  guint y, m, d;
  gboolean ok = FALSE;
  size_t len;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  s = g_strstrip (g_strdup (text ? text : ""));
  len = strlen (s);

  if (len == 8 && read_digits (s, 4, &y) && read_digits (s + 4, 2, &m) && read_digits (s + 6, 2, &d))
    ok = TRUE;
  else if (len >= 8 && len <= 10 && read_digits (s, 4, &y) && (s[4] == '-' || s[4] == '/'))
    {
      char sep = s[4];
      const char *p = s + 5;
      const char *q = strchr (p, sep);

      if (q != NULL && (q - p == 1 || q - p == 2) && read_digits (p, (guint) (q - p), &m))
        {
          size_t rest = strlen (q + 1);
          if ((rest == 1 || rest == 2) && read_digits (q + 1, (guint) rest, &d))
            ok = TRUE;
        }
    }

  if (!ok)
    {
      g_set_error (error, MUYING_DATE_ERROR, MUYING_DATE_ERROR_FORMAT,
                   _("“%s” is not a date; use YYYY-MM-DD"), s);
      return FALSE;
    }
  if (y < 1 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, MUYING_DATE_ERROR, MUYING_DATE_ERROR_INVALID,
                   _("“%s” is not a valid calendar date"), s);
      return FALSE;
    }
  if (y < MUYING_DATE_MIN_YEAR || y > MUYING_DATE_MAX_YEAR)
    {
      /* TRANSLATORS: the date, then the first and last year accepted */
      g_set_error (error, MUYING_DATE_ERROR, MUYING_DATE_ERROR_OUT_OF_RANGE,
                   _("“%s” is outside the accepted range of dates (years %d to %d)"), s,
                   MUYING_DATE_MIN_YEAR, MUYING_DATE_MAX_YEAR);
      return FALSE;
    }
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

char *
muying_date_format (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  if (!g_date_valid (date))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}

void
muying_date_today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/* Signed number of days from @from to @to. */
int
muying_date_days_between (const GDate *from,
                          const GDate *to)
{
  return g_date_days_between (from, to);
}

/**
 * muying_date_age_on:
 * Completed years at @on. A birthday that falls on @on counts (docs/rules.md: age at EDD).
 * Someone born on 29 February has their birthday on 1 March in common years.
 */
int
muying_date_age_on (const GDate *birth,
                    const GDate *on)
{
  int age;
  guint bm, bd, om, od;

  g_return_val_if_fail (g_date_valid (birth) && g_date_valid (on), -1);

  age = (int) g_date_get_year (on) - (int) g_date_get_year (birth);
  bm = g_date_get_month (birth);
  bd = g_date_get_day (birth);
  om = g_date_get_month (on);
  od = g_date_get_day (on);

  /* 29 Feb birthday in a common year: treat as 1 Mar. */
  if (bm == 2 && bd == 29 && !g_date_is_leap_year (g_date_get_year (on)))
    {
      bm = 3;
      bd = 1;
    }
  if (om < bm || (om == bm && od < bd))
    age--;
  return age;
}

/* docs/rules.md: EDD = sample date + (280 − gestational age in days at sampling). */
void
muying_date_edd_from_ga (const GDate *sample_date,
                         int          ga_days,
                         GDate       *edd)
{
  *edd = *sample_date;
  muying_date_add_days (edd, MUYING_TERM_DAYS - ga_days);
}

/* Gestational age in days on @on for a pregnancy with @edd. */
int
muying_date_ga_days_on (const GDate *edd,
                        const GDate *on)
{
  return MUYING_TERM_DAYS - g_date_days_between (on, edd);
}

/* "12+3" — weeks+days, the form used on Chinese lab reports. */
char *
muying_date_format_ga (int ga_days)
{
  if (ga_days < 0)
    return g_strdup_printf ("-%d+%d", (-ga_days) / 7, (-ga_days) % 7);
  return g_strdup_printf ("%d+%d", ga_days / 7, ga_days % 7);
}

void
muying_date_add_days (GDate *date,
                      int    days)
{
  if (days >= 0)
    g_date_add_days (date, (guint) days);
  else
    g_date_subtract_days (date, (guint) -days);
}
