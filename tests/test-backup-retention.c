/* test-backup-retention.c: which daily backups the retention keeps (app/core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-backup-retention.h"

#define MB (G_GINT64_CONSTANT (1) << 20)

/* One backup a day for @n days ending on @last (newest first in the array). */
static MuyingBackupEntry *
daily_series (GDate  *last,
              guint   n,
              gint64  size)
{
  MuyingBackupEntry *e = g_new0 (MuyingBackupEntry, n);
  GDate d = *last;

  for (guint i = 0; i < n; i++)
    {
      e[i].year = g_date_get_year (&d);
      e[i].month = g_date_get_month (&d);
      e[i].day = g_date_get_day (&d);
      e[i].size = size;
      g_date_subtract_days (&d, 1);
    }
  return e;
}

static guint
count_kept (const MuyingBackupEntry *e,
            guint                    n)
{
  guint k = 0;

  for (guint i = 0; i < n; i++)
    k += e[i].keep ? 1 : 0;
  return k;
}

static gboolean
kept (const MuyingBackupEntry *e,
      guint                    n,
      int                      y,
      int                      m,
      int                      d)
{
  for (guint i = 0; i < n; i++)
    if (e[i].year == y && e[i].month == m && e[i].day == d)
      return e[i].keep;
  g_assert_not_reached ();
}

/* A year of daily backups: 7 days + the newest of 4 weeks + of 12 months, no space limit. */
static void
test_age (void)
{
  MuyingBackupRetention policy;
  GDate last;
  g_autofree MuyingBackupEntry *e = NULL;
  guint n = 400;

  muying_backup_retention_init_default (&policy);
  policy.space_share = 0;
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 2, G_DATE_DECEMBER, 2026);   /* a Wednesday */
  e = daily_series (&last, n, 10 * MB);
  g_assert_cmpint (muying_backup_retention_select (&policy, e, n, 0), ==, MUYING_BACKUP_SPACE_OK);
  /* The last 7 days. */
  for (int d = 2; d >= 1; d--)
    g_assert_true (kept (e, n, 2026, 12, d));
  for (int d = 30; d >= 26; d--)
    g_assert_true (kept (e, n, 2026, 11, d));
  g_assert_false (kept (e, n, 2026, 11, 25));
  /* Weeks (Monday to Sunday): the week of 30 Nov is in the days; then the Sundays 29, 22, 15 Nov. */
  g_assert_true (kept (e, n, 2026, 11, 29));
  g_assert_true (kept (e, n, 2026, 11, 22));
  g_assert_true (kept (e, n, 2026, 11, 15));
  g_assert_false (kept (e, n, 2026, 11, 8));
  /* Months: the last day of each of the 11 months before December. */
  g_assert_true (kept (e, n, 2026, 10, 31));
  g_assert_true (kept (e, n, 2026, 1, 31));
  g_assert_false (kept (e, n, 2025, 12, 31));
  g_assert_false (kept (e, n, 2026, 10, 30));
  /* 7 days (26 Nov – 2 Dec), 2 more weeks (22 and 15 Nov), 10 more months (31 Oct back to 31 Jan). */
  g_assert_cmpuint (count_kept (e, n), ==, 7 + 2 + 10);
}

/* Order does not matter; a gap in the series (the program not run) keeps older ones. */
static void
test_gaps_and_order (void)
{
  MuyingBackupRetention policy;
  MuyingBackupEntry e[] = {
    { 2026, 3, 1, MB, FALSE },
    { 2026, 12, 2, MB, FALSE },
    { 2026, 1, 15, MB, FALSE },
    { 2026, 1, 20, MB, FALSE },
    { 2025, 6, 1, MB, FALSE },
  };

  muying_backup_retention_init_default (&policy);
  g_assert_cmpint (muying_backup_retention_select (&policy, e, G_N_ELEMENTS (e), 1000 * MB), ==,
                   MUYING_BACKUP_SPACE_OK);
  /* Fewer than 7 dates: all are kept. */
  g_assert_cmpuint (count_kept (e, G_N_ELEMENTS (e)), ==, 5);

  policy.daily = 2;
  policy.weekly = 0;
  policy.monthly = 3;
  muying_backup_retention_select (&policy, e, G_N_ELEMENTS (e), 1000 * MB);
  /* Days: 2 Dec, 1 Mar; months: December, March, January (the 20th, newest of the month). */
  g_assert_true (e[0].keep);
  g_assert_true (e[1].keep);
  g_assert_false (e[2].keep);
  g_assert_true (e[3].keep);
  g_assert_false (e[4].keep);
}

/* A keep below 1 deletes nothing (the old meaning of backup-keep). */
static void
test_keep_all (void)
{
  MuyingBackupRetention policy;
  GDate last;
  g_autofree MuyingBackupEntry *e = NULL;

  muying_backup_retention_init_default (&policy);
  policy.daily = 0;
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 1, G_DATE_JANUARY, 2026);
  e = daily_series (&last, 50, 100 * MB);
  g_assert_cmpint (muying_backup_retention_select (&policy, e, 50, 0), ==, MUYING_BACKUP_SPACE_OK);
  g_assert_cmpuint (count_kept (e, 50), ==, 50);
}

/* Space: the kept backups at most half of (free + their own size); the oldest go first, the
 * newest stays; a newest backup over the share alone says the disk is nearly full. */
static void
test_space (void)
{
  MuyingBackupRetention policy;
  GDate last;
  g_autofree MuyingBackupEntry *e = NULL;
  guint n = 30;

  muying_backup_retention_init_default (&policy);
  g_date_clear (&last, 1);
  g_date_set_dmy (&last, 2, G_DATE_DECEMBER, 2026);
  e = daily_series (&last, n, 600 * MB);
  /* 30 × 600 MB = 18000 MB of backups (the old 30 copies); 2000 MB free: allowed 10000 MB. Age
   * keeps 7 days + 2 more weeks (the series starts on 3 Nov) = 9 × 600 = 5400 MB: fits. */
  g_assert_cmpint (muying_backup_retention_select (&policy, e, n, 2000 * MB), ==, MUYING_BACKUP_SPACE_OK);
  g_assert_cmpuint (count_kept (e, n), ==, 9);

  /* Without the 30 old ones: 10 copies (6000 MB) and 1000 MB free → 3500 MB allowed: 5 kept,
   * the newest 5 of the 7 days. */
  g_assert_cmpint (muying_backup_retention_select (&policy, e, 10, 1000 * MB), ==, MUYING_BACKUP_SPACE_TRIMMED);
  g_assert_cmpuint (count_kept (e, 10), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_true (e[i].keep);

  /* One backup, almost no space left: it stays, and the disk is nearly full. */
  g_assert_cmpint (muying_backup_retention_select (&policy, e, 1, 100 * MB), ==, MUYING_BACKUP_SPACE_EXCEEDED);
  g_assert_true (e[0].keep);

  /* Empty list. */
  g_assert_cmpint (muying_backup_retention_select (&policy, NULL, 0, 0), ==, MUYING_BACKUP_SPACE_OK);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backup-retention/age", test_age);
  g_test_add_func ("/backup-retention/gaps-and-order", test_gaps_and_order);
  g_test_add_func ("/backup-retention/keep-all", test_keep_all);
  g_test_add_func ("/backup-retention/space", test_space);
  return g_test_run ();
}
