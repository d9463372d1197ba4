/* test-date.c: date parsing, ages and gestational-age arithmetic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-date-private.h"
#include "muying-date.h"
#include "muying-error.h"

static GDate
d (const char *text)
{
  GDate date;
  g_autoptr(GError) error = NULL;

  g_assert_true (muying_date_parse (text, &date, &error));
  g_assert_no_error (error);
  return date;
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  g_autofree char *text = muying_date_format (date);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_parse_forms (void)
{
  GDate a = d ("2024-02-29"), b = d ("2024/2/29"), c = d ("20240229"), e = d (" 2024/02/29 ");

  assert_date (&a, "2024-02-29");
  assert_date (&b, "2024-02-29");
  assert_date (&c, "2024-02-29");
  assert_date (&e, "2024-02-29");
}

static void
test_parse_bad (void)
{
  const char *bad[] = { "", "2023-02-29", "2024-13-01", "2024-00-10", "24-01-01", "2024.01.01", "01/02/2024",
                        "2024-1-32", "abc", "2024-01-01x", "202401011" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GDate date;
      g_autoptr(GError) error = NULL;
      int expected;

      g_test_message ("bad date %s", bad[i]);
      g_assert_false (muying_date_parse (bad[i], &date, &error));
      expected = (i == 1 || i == 2 || i == 3 || i == 7) ? MUYING_DATE_ERROR_INVALID : MUYING_DATE_ERROR_FORMAT;

      g_assert_error (error, MUYING_DATE_ERROR, expected);
    }
}

/* Real calendar days outside the years the program accepts are told as such, not as "not a
 * valid calendar date". */
static void
test_parse_out_of_range (void)
{
  const char *outside[] = { "9999-12-31", "3000-01-01", "1899-12-31", "0001-01-01", "99991231" };
  GDate date;

  for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("date %s", outside[i]);
      g_assert_false (muying_date_parse (outside[i], &date, &error));
      g_assert_error (error, MUYING_DATE_ERROR, MUYING_DATE_ERROR_OUT_OF_RANGE);
      g_assert_nonnull (strstr (error->message, "1900"));
      g_assert_nonnull (strstr (error->message, "2999"));
    }
  {
    g_autoptr(GError) error = NULL;

    /* not a day at all stays "invalid", even in a year out of range */
    g_assert_false (muying_date_parse ("9999-02-30", &date, &error));
    g_assert_error (error, MUYING_DATE_ERROR, MUYING_DATE_ERROR_INVALID);
  }
  g_assert_true (muying_date_parse ("2999-12-31", &date, NULL));
  g_assert_true (muying_date_parse ("1900-01-01", &date, NULL));
}

static void
test_age (void)
{
  GDate birth = d ("1990-06-15");
  GDate leap = d ("1992-02-29");
  GDate on;

  on = d ("2025-06-14");
  g_assert_cmpint (muying_date_age_on (&birth, &on), ==, 34);
  on = d ("2025-06-15");   /* the birthday itself counts */
  g_assert_cmpint (muying_date_age_on (&birth, &on), ==, 35);
  on = d ("2025-12-31");
  g_assert_cmpint (muying_date_age_on (&birth, &on), ==, 35);

  on = d ("2027-02-28");   /* common year: a 29 February birthday falls on 1 March */
  g_assert_cmpint (muying_date_age_on (&leap, &on), ==, 34);
  on = d ("2027-03-01");
  g_assert_cmpint (muying_date_age_on (&leap, &on), ==, 35);
  on = d ("2028-02-29");
  g_assert_cmpint (muying_date_age_on (&leap, &on), ==, 36);
}

static void
test_edd (void)
{
  GDate sample, edd;

  /* 12+0 weeks on 2024-01-31: 280 - 84 = 196 days later, across the leap day. */
  sample = d ("2024-01-31");
  muying_date_edd_from_ga (&sample, 84, &edd);
  assert_date (&edd, "2024-08-14");
  g_assert_cmpint (muying_date_ga_days_on (&edd, &sample), ==, 84);

  /* Across a year end. */
  sample = d ("2025-12-20");
  muying_date_edd_from_ga (&sample, 16 * 7 + 3, &edd);
  assert_date (&edd, "2026-06-03");

  /* Same arithmetic in a common year: one day later than in the leap year. */
  sample = d ("2023-01-31");
  muying_date_edd_from_ga (&sample, 84, &edd);
  assert_date (&edd, "2023-08-15");
}

static void
test_format_ga (void)
{
  g_autofree char *a = muying_date_format_ga (97);
  g_autofree char *b = muying_date_format_ga (63);

  g_assert_cmpstr (a, ==, "13+6");
  g_assert_cmpstr (b, ==, "9+0");
}

static void
test_month_ends (void)
{
  GDate date = d ("2024-01-31");

  muying_date_add_days (&date, 29);
  assert_date (&date, "2024-02-29");
  muying_date_add_days (&date, 1);
  assert_date (&date, "2024-03-01");
  muying_date_add_days (&date, -366);
  assert_date (&date, "2023-03-01");
  {
    GDate end = d ("2024-03-01");
    g_assert_cmpint (muying_date_days_between (&date, &end), ==, 366);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/date/parse-forms", test_parse_forms);
  g_test_add_func ("/date/parse-bad", test_parse_bad);
  g_test_add_func ("/date/parse-out-of-range", test_parse_out_of_range);
  g_test_add_func ("/date/age", test_age);
  g_test_add_func ("/date/edd", test_edd);
  g_test_add_func ("/date/format-ga", test_format_ga);
  g_test_add_func ("/date/month-ends", test_month_ends);
  return g_test_run ();
}
