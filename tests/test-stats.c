/* test-stats.c: periods and the indicators of docs/statistics.md against hand-counted figures
 *
 * The fixture (muying-stats-fixture.h) lists every record with its expected classification;
 * the expected numbers below are counted from that list, not from the code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "muying-period-private.h"
#include "muying-store-sql.h"
#include "muying-error.h"
#include "muying-period.h"
#include "muying-stats-format.h"
#include "muying-stats.h"
#include "muying-stats-private.h"
#include "muying-store-case-register.h"
#define MUYING_STATS_FIXTURE_SERVER
#include "muying-stats-fixture.h"

/* ---- periods ----------------------------------------------------------------------------- */

static void
assert_date (const GDate *date,
             const char  *iso)
{
  g_autofree char *text = muying_date_format (date);

  g_assert_cmpstr (text, ==, iso);
}

static void
test_period_years (void)
{
  MuyingPeriod p, month;
  GDate d;
  g_autofree char *key0 = NULL;
  g_autofree char *key11 = NULL;

  muying_period_init_statistical_year (&p, 2025);
  assert_date (&p.from, "2024-10-01");
  assert_date (&p.to, "2025-09-30");
  g_assert_cmpuint (muying_period_get_n_months (&p), ==, 12);
  muying_period_get_month (&p, 0, &month);
  assert_date (&month.from, "2024-10-01");
  assert_date (&month.to, "2024-10-31");
  muying_period_get_month (&p, 4, &month);
  assert_date (&month.from, "2025-02-01");
  assert_date (&month.to, "2025-02-28");
  muying_period_get_month (&p, 11, &month);
  assert_date (&month.from, "2025-09-01");
  assert_date (&month.to, "2025-09-30");
  key0 = muying_period_dup_month_key (&p, 0);
  key11 = muying_period_dup_month_key (&p, 11);
  g_assert_cmpstr (key0, ==, "2024-10");
  g_assert_cmpstr (key11, ==, "2025-09");

  fixture_date (&d, "2025-09-30");
  g_assert_cmpint (muying_period_statistical_year_of (&d), ==, 2025);
  g_assert_true (muying_period_contains (&p, &d));
  fixture_date (&d, "2025-10-01");
  g_assert_cmpint (muying_period_statistical_year_of (&d), ==, 2026);
  g_assert_false (muying_period_contains (&p, &d));
  fixture_date (&d, "2024-09-30");
  g_assert_false (muying_period_contains (&p, &d));
  fixture_date (&d, "2024-10-01");
  g_assert_true (muying_period_contains (&p, &d));

  muying_period_init_calendar_year (&p, 2024);
  assert_date (&p.from, "2024-01-01");
  assert_date (&p.to, "2024-12-31");
  g_assert_cmpuint (muying_period_get_n_months (&p), ==, 12);
  muying_period_get_month (&p, 1, &month);
  assert_date (&month.to, "2024-02-29");
}

static void
test_period_range (void)
{
  g_autoptr(GError) error = NULL;
  MuyingPeriod p, month;

  /* A range is clipped month by month. */
  g_assert_true (muying_period_init_parse (&p, "2025-01-15", "2025/03/10", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (muying_period_get_n_months (&p), ==, 3);
  muying_period_get_month (&p, 0, &month);
  assert_date (&month.from, "2025-01-15");
  assert_date (&month.to, "2025-01-31");
  muying_period_get_month (&p, 2, &month);
  assert_date (&month.from, "2025-03-01");
  assert_date (&month.to, "2025-03-10");

  g_assert_true (muying_period_init_parse (&p, "2025-03-10", "2025-03-10", &error));
  g_assert_cmpuint (muying_period_get_n_months (&p), ==, 1);

  g_assert_false (muying_period_init_parse (&p, "2025-03-10", "2025-03-09", &error));
  g_assert_error (error, MUYING_DATE_ERROR, MUYING_DATE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (muying_period_init_parse (&p, "2025-02-30", "2025-03-09", &error));
  g_assert_error (error, MUYING_DATE_ERROR, MUYING_DATE_ERROR_INVALID);
}

/* Quarters of the statistical year (stats and export --quarter): 2024Q1 is October–December 2023,
 * 2024Q2 has a 29 February, Q4 ends on 30 September. */
static void
test_period_quarter (void)
{
  const struct
  {
    const char *text;
    const char *from;
    const char *to;
  } good[] = {
    { "2024Q1", "2023-10-01", "2023-12-31" },
    { "2024-q2", "2024-01-01", "2024-03-31" },
    { "2026Q2", "2026-01-01", "2026-03-31" },
    { "2026Q3", "2026-04-01", "2026-06-30" },
    { "2026Q4", "2026-07-01", "2026-09-30" },
  };
  const char *bad[] = { "2026Q0", "2026Q5", "2026", "26Q1", "2026Q12", "Q1", "2026Q", "", "1899Q4" };
  MuyingPeriod p;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (muying_period_init_quarter_parse (&p, good[i].text, &error));
      g_assert_no_error (error);
      assert_date (&p.from, good[i].from);
      assert_date (&p.to, good[i].to);
      g_assert_cmpuint (muying_period_get_n_months (&p), ==, 3);
    }
  g_assert_true (muying_period_init_quarter_parse (&p, "2024Q2", NULL));
  g_assert_true (g_date_is_leap_year (g_date_get_year (&p.to)));
  g_assert_cmpint (g_date_get_day (&p.to), ==, 31);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (muying_period_init_quarter_parse (&p, bad[i], &error));
      g_assert_error (error, MUYING_DATE_ERROR, MUYING_DATE_ERROR_FORMAT);
    }
}

/* ---- the indicators ---------------------------------------------------------------------- */

static MuyingStats *
compute (StatsFixture *f,
         int           statistical_year,
         int           calendar_year)
{
  g_autoptr(GError) error = NULL;
  MuyingPeriod period;
  MuyingStats *s;

  if (statistical_year)
    muying_period_init_statistical_year (&period, statistical_year);
  else
    muying_period_init_calendar_year (&period, calendar_year);
  s = muying_stats_compute (f->store, &period, &f->today, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

static gint64
reason (const gint64       *values,
        const char * const *codes,
        guint               n,
        const char         *code)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (codes[i], code) == 0)
      return values[i];
  g_assert_not_reached ();
}

#define PRENATAL_REASON(s, code) \
  reason ((s)->prenatal.reasons, muying_stats_prenatal_reasons, MUYING_STATS_N_PRENATAL_REASONS, code)
#define NEWBORN_REASON(s, code) \
  reason ((s)->newborn.reasons, muying_stats_newborn_reasons, MUYING_STATS_N_NEWBORN_REASONS, code)
#define CERVICAL_REASON(s, code) \
  reason ((s)->cervical.reasons, muying_stats_cervical_reasons, MUYING_STATS_N_CERVICAL_REASONS, code)
#define BREAST_REASON(s, code) \
  reason ((s)->breast.reasons, muying_stats_breast_reasons, MUYING_STATS_N_BREAST_REASONS, code)

static gint64
sum (const gint64 *values,
     guint         n)
{
  gint64 total = 0;

  for (guint i = 0; i < n; i++)
    total += values[i];
  return total;
}

static void
test_fixture_classification (StatsFixture  *f,
                             gconstpointer  data)
{
  /* The fixture's premise: which records are flagged at which level (see its header). */
  static const struct
  {
    const char *key;
    int         level;
    const char *codes;
  } expected[] = {
    { "P1", 2, "T21_HIGH" }, { "P2", 0, "" }, { "P3", 1, "AMA;T21_BORDERLINE" }, { "P4", 2, "ONTD_HIGH" },
    { "P5", 2, "NIPT_HIGH_T21" }, { "P6", 1, "NIPT_REDRAW" }, { "P7", 2, "GA_OUT_OF_WINDOW;NT_THICK" },
    { "N1", 1, "CARRIER" }, { "N2", 2, "GJB2_BIALLELIC;MT_AMINOGLYCOSIDE;RESCREEN_DUE" },
    { "N3", 2, "HEARING_REFER" }, { "N4", 1, "HEARING_NOT_SCREENED" }, { "N5", 1, "DOUBLE_HET" },
    { "T1", 2, "HPV16_18" }, { "T2", 1, "CYTO_ASCUS_HPV_NEG" },
    { "T3", 2, "BREAST_CANCER;BREAST_SUSPICIOUS;MAMMO_ASSESS" },
    { "T4", 2, "BREAST_CANCER;CBE_ABNORMAL_NO_IMAGING;CERVICAL_PRECANCER;COLPOSCOPY_ABNORMAL;CYTO_ABNORMAL;"
               "HPV_OTHER_CYTO_ABNORMAL" },
    { "T5", 0, "" }, { "T6", 1, "US_RECALL" },
    { "-T7", 2, "BREAST_PRECANCER;CERVICAL_CANCER;CYTO_UNSATISFACTORY;VIA_VILI_ABNORMAL" },
  };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = muying_store_prepare (f->store,
                               "SELECT r.level, (SELECT coalesce(group_concat(code, ';'), '') FROM "
                               "(SELECT code FROM reason WHERE record_id = r.id ORDER BY code)) "
                               "FROM record r WHERE r.record_key = ?", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, expected[i].key, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_test_message ("%s", expected[i].key);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, expected[i].codes);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, expected[i].level);
    }
}

static void
test_statistical_year (StatsFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(MuyingStats) s = compute (f, 2025, 0);

  /* Prenatal: P1 P2 P3 P6 P7; woman A screened twice counts once. */
  g_assert_cmpint (s->prenatal.screened, ==, 4);
  g_assert_cmpint (s->prenatal.by_test[MUYING_PRENATAL_TEST_EARLY_COMBINED], ==, 2);
  g_assert_cmpint (s->prenatal.by_test[MUYING_PRENATAL_TEST_MID_DOUBLE], ==, 0);
  g_assert_cmpint (s->prenatal.by_test[MUYING_PRENATAL_TEST_MID_TRIPLE], ==, 1);
  g_assert_cmpint (s->prenatal.by_test[MUYING_PRENATAL_TEST_MID_QUAD], ==, 0);
  g_assert_cmpint (s->prenatal.by_test[MUYING_PRENATAL_TEST_NIPT], ==, 2);
  g_assert_cmpint (s->prenatal.high, ==, 2);
  g_assert_cmpint (s->prenatal.intermediate, ==, 2);
  g_assert_cmpint (s->prenatal.low, ==, 1);
  g_assert_cmpint (PRENATAL_REASON (s, "T21_HIGH"), ==, 1);
  g_assert_cmpint (PRENATAL_REASON (s, "T21_BORDERLINE"), ==, 1);
  g_assert_cmpint (PRENATAL_REASON (s, "AMA"), ==, 1);
  g_assert_cmpint (PRENATAL_REASON (s, "NT_THICK"), ==, 1);
  g_assert_cmpint (PRENATAL_REASON (s, "GA_OUT_OF_WINDOW"), ==, 1);
  g_assert_cmpint (PRENATAL_REASON (s, "NIPT_REDRAW"), ==, 1);
  g_assert_cmpint (PRENATAL_REASON (s, "ONTD_HIGH"), ==, 0);       /* P4 is in statistical year 2024 */
  g_assert_cmpint (PRENATAL_REASON (s, "NIPT_HIGH_T21"), ==, 0);   /* P5 is in statistical year 2026 */
  g_assert_cmpint (sum (s->prenatal.reasons, MUYING_STATS_N_PRENATAL_REASONS), ==, 6);
  g_assert_cmpint (s->prenatal.diagnosed, ==, 2);
  g_assert_cmpint (s->prenatal.diagnosed_abnormal, ==, 1);
  g_assert_cmpint (s->prenatal.outcome_known, ==, 2);

  /* Newborn: N1–N4 (N5 is born 2 Oct 2025). */
  g_assert_cmpint (s->newborn.screened, ==, 4);
  g_assert_cmpint (s->newborn.carriers, ==, 2);
  g_assert_cmpint (s->newborn.by_gene[0], ==, 2);   /* GJB2: N1, N2 */
  g_assert_cmpint (s->newborn.by_gene[1], ==, 0);   /* GJB3 */
  g_assert_cmpint (s->newborn.by_gene[2], ==, 0);   /* SLC26A4 */
  g_assert_cmpint (s->newborn.by_gene[3], ==, 1);   /* MT-RNR1: N2 */
  g_assert_cmpint (s->newborn.high, ==, 2);
  g_assert_cmpint (s->newborn.intermediate, ==, 2);
  g_assert_cmpint (s->newborn.low, ==, 0);
  g_assert_cmpint (NEWBORN_REASON (s, "CARRIER"), ==, 1);
  g_assert_cmpint (NEWBORN_REASON (s, "GJB2_BIALLELIC"), ==, 1);
  g_assert_cmpint (NEWBORN_REASON (s, "MT_AMINOGLYCOSIDE"), ==, 1);
  g_assert_cmpint (NEWBORN_REASON (s, "RESCREEN_DUE"), ==, 1);
  g_assert_cmpint (NEWBORN_REASON (s, "HEARING_REFER"), ==, 1);
  g_assert_cmpint (NEWBORN_REASON (s, "HEARING_NOT_SCREENED"), ==, 1);
  g_assert_cmpint (NEWBORN_REASON (s, "DOUBLE_HET"), ==, 0);
  g_assert_cmpint (sum (s->newborn.reasons, MUYING_STATS_N_NEWBORN_REASONS), ==, 6);
  g_assert_cmpint (s->newborn.hearing_initial_refer, ==, 2);
  g_assert_cmpint (s->newborn.rescreened, ==, 1);
  g_assert_cmpint (s->newborn.rescreen_refer, ==, 1);

  /* Cervical: T1 T2 T4 T6 T7 have a cervical item (T6 only "HPV not done"); woman I twice. */
  g_assert_cmpint (s->cervical.examined, ==, 4);
  g_assert_cmpint (s->cervical.hpv_tested, ==, 3);
  g_assert_cmpint (s->cervical.hpv_positive, ==, 2);
  g_assert_cmpint (s->cervical.cytology_done, ==, 4);
  g_assert_cmpint (s->cervical.cytology_abnormal, ==, 2);
  g_assert_cmpint (s->cervical.colposcopy_done, ==, 1);
  g_assert_cmpint (s->cervical.cin1, ==, 0);
  g_assert_cmpint (s->cervical.precancer, ==, 1);
  g_assert_cmpint (s->cervical.cancer, ==, 1);
  g_assert_cmpint (s->cervical.high, ==, 3);
  g_assert_cmpint (CERVICAL_REASON (s, "HPV16_18"), ==, 1);
  g_assert_cmpint (CERVICAL_REASON (s, "HPV_OTHER_CYTO_ABNORMAL"), ==, 1);
  g_assert_cmpint (CERVICAL_REASON (s, "HPV_OTHER_TRIAGE"), ==, 0);
  g_assert_cmpint (CERVICAL_REASON (s, "HPV_OTHER_REPEAT"), ==, 0);
  g_assert_cmpint (CERVICAL_REASON (s, "CYTO_ABNORMAL"), ==, 1);
  g_assert_cmpint (CERVICAL_REASON (s, "CYTO_ASCUS_HPV_NEG"), ==, 1);
  g_assert_cmpint (CERVICAL_REASON (s, "CYTO_UNSATISFACTORY"), ==, 1);
  g_assert_cmpint (CERVICAL_REASON (s, "VIA_VILI_ABNORMAL"), ==, 1);
  g_assert_cmpint (CERVICAL_REASON (s, "COLPOSCOPY_ABNORMAL"), ==, 1);
  g_assert_cmpint (CERVICAL_REASON (s, "CIN1"), ==, 0);
  g_assert_cmpint (CERVICAL_REASON (s, "CERVICAL_PRECANCER"), ==, 1);
  g_assert_cmpint (CERVICAL_REASON (s, "CERVICAL_CANCER"), ==, 1);

  /* Breast: T1 T3 T4 T6 T7. BI-RADS by the higher of the two: T1 2, T3 4A (US 4A, mammo 3),
   * T4 6 (mammo only), T6 0. */
  g_assert_cmpint (s->breast.examined, ==, 5);
  g_assert_cmpint (s->breast.us_done, ==, 3);
  g_assert_cmpint (s->breast.mammo_done, ==, 2);
  g_assert_cmpint (s->breast.birads[0], ==, 1);
  g_assert_cmpint (s->breast.birads[1], ==, 0);
  g_assert_cmpint (s->breast.birads[2], ==, 1);
  g_assert_cmpint (s->breast.birads[3], ==, 0);
  g_assert_cmpint (s->breast.birads[4], ==, 1);
  g_assert_cmpint (s->breast.birads[5], ==, 0);
  g_assert_cmpint (s->breast.birads[6], ==, 0);
  g_assert_cmpint (s->breast.birads[7], ==, 0);
  g_assert_cmpint (s->breast.birads[8], ==, 1);
  g_assert_cmpint (s->breast.precancer, ==, 1);
  g_assert_cmpint (s->breast.cancer, ==, 1);
  g_assert_cmpint (s->breast.high, ==, 3);
  g_assert_cmpint (BREAST_REASON (s, "CBE_ABNORMAL_NO_IMAGING"), ==, 1);
  g_assert_cmpint (BREAST_REASON (s, "US_RECALL"), ==, 1);
  g_assert_cmpint (BREAST_REASON (s, "MAMMO_ASSESS"), ==, 1);
  g_assert_cmpint (BREAST_REASON (s, "BREAST_SUSPICIOUS"), ==, 1);
  g_assert_cmpint (BREAST_REASON (s, "BREAST_PRECANCER"), ==, 1);
  g_assert_cmpint (BREAST_REASON (s, "BREAST_CANCER"), ==, 2);

  /* Follow-ups of the 14 flagged records of the year; today 2025-11-15. N1 is due today: not
   * overdue yet. */
  g_assert_cmpint (s->followup.open, ==, 7);
  g_assert_cmpint (s->followup.overdue, ==, 3);
  g_assert_cmpint (s->followup.done, ==, 3);
  g_assert_cmpint (s->followup.declined, ==, 2);
  g_assert_cmpint (s->followup.lost, ==, 2);
}

static void
test_year_boundaries (StatsFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(MuyingStats) s2024 = compute (f, 2024, 0);
  g_autoptr(MuyingStats) s2026 = compute (f, 2026, 0);
  g_autoptr(MuyingStats) c2025 = compute (f, 0, 2025);
  g_autoptr(MuyingStats) c2024 = compute (f, 0, 2024);

  /* Statistical year 2024 ends on 30 Sep 2024: only P4. */
  g_assert_cmpint (s2024->prenatal.screened, ==, 1);
  g_assert_cmpint (s2024->prenatal.high, ==, 1);
  g_assert_cmpint (PRENATAL_REASON (s2024, "ONTD_HIGH"), ==, 1);
  g_assert_cmpint (s2024->newborn.screened, ==, 0);
  g_assert_cmpint (s2024->cervical.examined, ==, 0);
  g_assert_cmpint (s2024->followup.open, ==, 1);   /* P4's follow-up, never touched */

  /* Statistical year 2026 starts on 1 Oct 2025: P5, N5, T5. */
  g_assert_cmpint (s2026->prenatal.screened, ==, 1);
  g_assert_cmpint (PRENATAL_REASON (s2026, "NIPT_HIGH_T21"), ==, 1);
  g_assert_cmpint (s2026->newborn.screened, ==, 1);
  g_assert_cmpint (NEWBORN_REASON (s2026, "DOUBLE_HET"), ==, 1);
  g_assert_cmpint (s2026->newborn.carriers, ==, 1);
  g_assert_cmpint (s2026->newborn.by_gene[1], ==, 1);
  g_assert_cmpint (s2026->newborn.by_gene[2], ==, 1);
  g_assert_cmpint (s2026->cervical.examined, ==, 1);
  g_assert_cmpint (s2026->cervical.hpv_tested, ==, 1);
  g_assert_cmpint (s2026->breast.examined, ==, 0);

  /* Calendar year 2025: P2 P3 P5 P6 P7 (women A B D E F); N2–N5; T1–T5, T7 (not T6, 2024). */
  g_assert_cmpint (c2025->prenatal.screened, ==, 5);
  g_assert_cmpint (c2025->prenatal.by_test[MUYING_PRENATAL_TEST_NIPT], ==, 3);
  g_assert_cmpint (c2025->prenatal.high, ==, 2);
  g_assert_cmpint (c2025->newborn.screened, ==, 4);
  g_assert_cmpint (c2025->cervical.examined, ==, 4);   /* I (twice), K, L, N */
  g_assert_cmpint (c2025->breast.examined, ==, 4);     /* I, J, K, N */
  g_assert_cmpint (c2025->breast.us_done, ==, 2);

  /* Calendar year 2024: P1, P4; N1; T6. */
  g_assert_cmpint (c2024->prenatal.screened, ==, 2);
  g_assert_cmpint (c2024->newborn.screened, ==, 1);
  g_assert_cmpint (c2024->cervical.examined, ==, 1);
  g_assert_cmpint (c2024->cervical.hpv_tested, ==, 0);
  g_assert_cmpint (c2024->breast.birads[0], ==, 1);
}

static void
test_single_day (StatsFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStats) s = NULL;
  MuyingPeriod p;

  /* 30 Sep 2025: P3 and T7, both ends of a period are inclusive. */
  g_assert_true (muying_period_init_parse (&p, "2025-09-30", "2025-09-30", &error));
  s = muying_stats_compute (f->store, &p, &f->today, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->prenatal.screened, ==, 1);
  g_assert_cmpint (s->prenatal.intermediate, ==, 1);
  g_assert_cmpint (s->cervical.examined, ==, 1);
  g_assert_cmpint (s->cervical.cancer, ==, 1);
  g_assert_cmpint (s->breast.precancer, ==, 1);
  g_assert_cmpint (s->newborn.screened, ==, 0);
  g_assert_cmpint (s->followup.declined, ==, 2);
}

static void
test_overdue_today (StatsFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStats) later = NULL;
  g_autoptr(MuyingStats) earlier = NULL;
  MuyingPeriod p;
  GDate day;

  muying_period_init_statistical_year (&p, 2025);
  /* A day later N1 (due 2025-11-15) is overdue too. */
  fixture_date (&day, "2025-11-16");
  later = muying_stats_compute (f->store, &p, &day, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (later->followup.overdue, ==, 4);
  /* On 2025-01-01 only … nothing is past its due date (T2 is due that day). */
  fixture_date (&day, "2025-01-01");
  earlier = muying_stats_compute (f->store, &p, &day, NULL, &error);
  g_assert_cmpint (earlier->followup.overdue, ==, 0);
  g_assert_cmpint (earlier->followup.open, ==, 7);
}

static void
test_groups (StatsFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStatsReport) report = NULL;
  g_autoptr(MuyingStats) total = NULL;
  MuyingPeriod p;
  const MuyingStats *m;
  gint64 by_test = 0, reasons = 0, birads = 0;

  muying_period_init_statistical_year (&p, 2025);
  report = muying_stats_compute_report (f->store, &p, MUYING_STATS_MONTHS | MUYING_STATS_AGE_GROUPS, &f->today,
                                        NULL, &error);
  g_assert_no_error (error);
  total = compute (f, 2025, 0);
  /* The report's total is the plain computation. */
  g_assert_cmpmem (report->total, sizeof (MuyingStats), total, sizeof (MuyingStats));
  g_assert_cmpuint (report->months->len, ==, 12);
  g_assert_cmpuint (report->age_groups->len, ==, MUYING_STATS_N_AGE_GROUPS);

  /* October 2024: P1, T6. */
  m = g_ptr_array_index (report->months, 0);
  assert_date (&m->period.from, "2024-10-01");
  assert_date (&m->period.to, "2024-10-31");
  g_assert_cmpint (m->prenatal.screened, ==, 1);
  g_assert_cmpint (m->prenatal.high, ==, 1);
  g_assert_cmpint (m->cervical.examined, ==, 1);
  g_assert_cmpint (m->breast.birads[0], ==, 1);
  g_assert_cmpint (m->followup.done, ==, 1);
  g_assert_cmpint (m->followup.open, ==, 1);
  /* February 2025: P2 (woman A again: counted in this month too), T1. */
  m = g_ptr_array_index (report->months, 4);
  g_assert_cmpint (m->prenatal.screened, ==, 1);
  g_assert_cmpint (m->prenatal.low, ==, 1);
  g_assert_cmpint (m->cervical.hpv_positive, ==, 1);
  g_assert_cmpint (CERVICAL_REASON (m, "HPV16_18"), ==, 1);
  /* Record counts add up over the months; women do not (A in Oct and Feb: 5 vs 4). */
  for (guint i = 0; i < report->months->len; i++)
    {
      m = g_ptr_array_index (report->months, i);
      by_test += sum (m->prenatal.by_test, MUYING_N_PRENATAL_TESTS);
      reasons += sum (m->cervical.reasons, MUYING_STATS_N_CERVICAL_REASONS);
      birads += sum (m->breast.birads, MUYING_STATS_N_BIRADS);
    }
  g_assert_cmpint (by_test, ==, sum (total->prenatal.by_test, MUYING_N_PRENATAL_TESTS));
  g_assert_cmpint (reasons, ==, sum (total->cervical.reasons, MUYING_STATS_N_CERVICAL_REASONS));
  g_assert_cmpint (birads, ==, 4);

  /* Age groups on the exam date: T1 44 (born 29 Feb: not yet 45 on 28 Feb), T7 40 → 40–44;
   * T2 45, T6 49 → 45–49; T3 55 (birthday that day) → 55–59; T4 30 → other. */
  m = g_ptr_array_index (report->age_groups, 1);
  g_assert_cmpint (m->cervical.examined, ==, 2);
  g_assert_cmpint (m->breast.examined, ==, 2);
  g_assert_cmpint (m->cervical.hpv_positive, ==, 1);
  g_assert_cmpint (m->cervical.cancer, ==, 1);
  g_assert_cmpint (m->cervical.high, ==, 2);
  m = g_ptr_array_index (report->age_groups, 2);
  g_assert_cmpint (m->cervical.examined, ==, 2);
  g_assert_cmpint (m->breast.examined, ==, 1);
  m = g_ptr_array_index (report->age_groups, 3);
  g_assert_cmpint (m->cervical.examined, ==, 0);
  g_assert_cmpint (m->breast.examined, ==, 0);
  m = g_ptr_array_index (report->age_groups, 4);
  g_assert_cmpint (m->breast.examined, ==, 1);
  g_assert_cmpint (m->breast.cancer, ==, 1);
  g_assert_cmpint (m->breast.birads[4], ==, 1);
  g_assert_cmpint (m->breast.high, ==, 1);
  m = g_ptr_array_index (report->age_groups, MUYING_STATS_AGE_GROUP_OTHER);
  g_assert_cmpint (m->cervical.examined, ==, 1);
  g_assert_cmpint (m->cervical.precancer, ==, 1);
  g_assert_cmpint (m->breast.birads[8], ==, 1);
  g_assert_cmpstr (muying_stats_age_group_label (0), ==, "35–39");
  g_assert_cmpstr (muying_stats_age_group_label (5), ==, "60–64");
}

static void
test_month_equals_total (StatsFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStatsReport) report = NULL;
  g_autoptr(MuyingStats) total = NULL;
  MuyingStats month;
  MuyingPeriod p;

  /* For a one-month period the month's group and the total are the same numbers. */
  g_assert_true (muying_period_init_parse (&p, "2025-02-01", "2025-02-28", &error));
  report = muying_stats_compute_report (f->store, &p, MUYING_STATS_MONTHS, &f->today, NULL, &error);
  g_assert_no_error (error);
  total = muying_stats_compute (f->store, &p, &f->today, NULL, &error);
  g_assert_cmpuint (report->months->len, ==, 1);
  month = *(MuyingStats *) g_ptr_array_index (report->months, 0);
  g_assert_cmpmem (&month, sizeof month, total, sizeof (MuyingStats));
}

static void
test_one_connection (StatsFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStatsReport) parallel = NULL;
  g_autoptr(MuyingStatsReport) single = NULL;
  MuyingPeriod p;

  /* Half of the scans run on a second connection in a thread when the database is a file;
   * the store's connection alone gives the same numbers. */
  muying_period_init_statistical_year (&p, 2025);
  parallel = muying_stats_compute_report (f->store, &p, MUYING_STATS_MONTHS | MUYING_STATS_AGE_GROUPS, &f->today,
                                          NULL, &error);
  g_assert_no_error (error);
  g_setenv ("MUYING_STATS_ONE_CONNECTION", "1", TRUE);
  single = muying_stats_compute_report (f->store, &p, MUYING_STATS_MONTHS | MUYING_STATS_AGE_GROUPS, &f->today,
                                        NULL, &error);
  g_unsetenv ("MUYING_STATS_ONE_CONNECTION");
  g_assert_no_error (error);
  g_assert_cmpmem (parallel->total, sizeof (MuyingStats), single->total, sizeof (MuyingStats));
  for (guint i = 0; i < parallel->months->len; i++)
    g_assert_cmpmem (g_ptr_array_index (parallel->months, i), sizeof (MuyingStats),
                     g_ptr_array_index (single->months, i), sizeof (MuyingStats));
  for (guint i = 0; i < parallel->age_groups->len; i++)
    g_assert_cmpmem (g_ptr_array_index (parallel->age_groups, i), sizeof (MuyingStats),
                     g_ptr_array_index (single->age_groups, i), sizeof (MuyingStats));
}

static void
test_inside_transaction (StatsFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStats) s = NULL;
  MuyingPeriod p;

  /* Called while the caller's own write transaction is open (unsaved changes are counted:
   * the second connection cannot see them, so the store's connection does all the work). */
  muying_period_init_statistical_year (&p, 2025);
  g_assert_true (muying_store_begin (f->store, &error));
  fixture_exec (f, "UPDATE record SET level = 2 WHERE record_key = 'P2'");
  fixture_exec (f, "UPDATE two_cancer SET hpv = 'positive' WHERE record_id = (SELECT id FROM record WHERE record_key = 'T2')");
  s = muying_stats_compute (f->store, &p, &f->today, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->prenatal.high, ==, 3);
  g_assert_cmpint (s->prenatal.low, ==, 0);
  g_assert_cmpint (s->cervical.hpv_positive, ==, 3);
  muying_store_rollback (f->store);
  g_clear_pointer (&s, muying_stats_free);
  s = muying_stats_compute (f->store, &p, &f->today, NULL, &error);
  g_assert_cmpint (s->prenatal.high, ==, 2);
  g_assert_cmpint (s->cervical.hpv_positive, ==, 2);
}

static gboolean
collect_row (const MuyingCaseRegisterRow *case_row,
             gpointer                     user_data,
             GError                     **error)
{
  const MuyingRegisterRow *row = &case_row->base;
  GPtrArray *rows = user_data;

  g_ptr_array_add (rows, g_strdup_printf ("%d|%s|%s|%s|%s|%s|%d", row->program, row->key, row->date, row->reasons,
                                          row->followup_state ? row->followup_state : "-", row->id_number,
                                          row->days_open));
  return TRUE;
}

static void
test_register (StatsFixture  *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *mother_g = fixture_id_number ("19940404", 7);
  g_autofree char *n2 = NULL;
  MuyingPeriod p;
  gint64 n = 0;

  muying_period_init_statistical_year (&p, 2025);
  /* the three registers of the workbook, in programme order */
  for (MuyingProgram program = 0; program < MUYING_N_PROGRAMS; program++)
    {
      n += muying_store_count_case_register (f->store, &p, program, &error);
      g_assert_true (muying_store_foreach_case_register (f->store, &p, program, &f->today, collect_row, rows, NULL,
                                                         &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (n, ==, 8);
  g_assert_cmpuint (rows->len, ==, 8);
  /* Prenatal, newborn, two-cancer; each by date. P1: done, closed 2025-10-31 → 395 days. */
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 0), "0|P1|2024-10-01|T21_HIGH|done|"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (rows, 0), "|395"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 1), "0|P7|2025-04-04|GA_OUT_OF_WINDOW;NT_THICK|open|"));
  /* P7 is open: 2025-04-04 → today 2025-11-15 = 225 days. */
  g_assert_true (g_str_has_suffix (g_ptr_array_index (rows, 1), "|225"));
  /* A newborn carries its mother's ID number. */
  n2 = g_strdup_printf ("1|N2|2025-01-15|GJB2_BIALLELIC;MT_AMINOGLYCOSIDE;RESCREEN_DUE|next_step|%s|", mother_g);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 2), n2));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 3), "1|N3|"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 4), "2|T1|"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 5), "2|T3|"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 6), "2|T4|"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 7), "2|-T7|2025-09-30|"));
}

static char *
loci_text (StatsFixture *f,
           int           year)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loci = NULL;
  GString *text = g_string_new (NULL);
  MuyingPeriod p;

  muying_period_init_statistical_year (&p, year);
  loci = muying_stats_list_loci (f->store, &p, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < loci->len; i++)
    {
      const MuyingStatsLocus *locus = g_ptr_array_index (loci, i);

      g_string_append_printf (text, "%s %s %" G_GINT64_FORMAT ";", locus->gene, locus->variant, locus->newborns);
    }
  return g_string_free (text, FALSE);
}

/* The variants of the period's newborns, in gene order (GJB2, GJB3, SLC26A4, MT-RNR1), each
 * with the newborns carrying it: N1 and N2 in year 2025, N5 in 2026 (the fixture's header). */
static void
test_loci (StatsFixture  *f,
           gconstpointer  data)
{
  g_autofree char *y2025 = loci_text (f, 2025);
  g_autofree char *y2026 = loci_text (f, 2026);
  g_autofree char *y2024 = loci_text (f, 2024);

  g_assert_cmpstr (y2025, ==, "GJB2 c.235delC 2;MT-RNR1 m.1555A>G 1;");
  g_assert_cmpstr (y2026, ==, "GJB3 c.538C>T 1;SLC26A4 c.919-2A>G 1;");
  g_assert_cmpstr (y2024, ==, "");
}

/* ---- JSON, text, the command line --------------------------------------------------------- */

/* Rule set 2026.2's codes are counted, and a record rule set 2026.1 flagged still counts under
 * MAMMO_ASSESS. Records of statistical year 2027 (none of the fixture's), by hand:
 *   R1 nipt 16+0, all low, twins, no AFP             → NIPT_LIMITED, NTD_ASSESS       intermediate
 *   R2 newborn in NICU, OAE, initial refer/pass      → HEARING_REFER, NICU_AABR       high
 *   R3 visible lesion, HPV −, NILM                   → VISIBLE_LESION                 high
 *   R4 mammography BI-RADS 0                         → MAMMO_INCOMPLETE               intermediate
 *   R5 mammography BI-RADS 3                         → MAMMO_SHORT_INTERVAL           intermediate
 *   R6 mammography BI-RADS 3, flagged by 2026.1      → MAMMO_ASSESS                   intermediate
 * Every stored reason of the period is counted under its code: the sums equal the reason rows. */
static void
test_rule_set_2_reasons (StatsFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *a = fixture_id_number ("19950808", 21);
  g_autofree char *b = fixture_id_number ("19800909", 22);
  g_autofree char *c = fixture_id_number ("19781010", 23);
  g_autofree char *d = fixture_id_number ("19761111", 24);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStats) s = NULL;
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  gint64 id = 0, reason_rows;

  {
    g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
    g_autoptr(MuyingClassification) cls = NULL;
    g_autofree char *codes = NULL;

    r->sample_no = g_strdup ("R1");
    r->id_number = g_strdup (a);
    r->name = g_strdup ("林静");
    g_assert_true (muying_id_number_validate (a, NULL, &r->birth_date, NULL, NULL));
    fixture_date (&r->sample_date, "2026-11-02");
    r->test_type = MUYING_PRENATAL_TEST_NIPT;
    r->ga_days = 16 * 7;
    muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
    r->nipt_t21 = r->nipt_t18 = r->nipt_t13 = MUYING_NIPT_CALL_LOW;
    r->nipt_sca = MUYING_NIPT_SCA_NONE;
    r->nipt_status = MUYING_NIPT_STATUS_OK;
    r->pregnancy_type = MUYING_PREGNANCY_TYPE_TWINS;
    r->afp_mom = NAN;
    cls = muying_rule_set_classify_prenatal (f->rules, r);
    codes = muying_classification_join_codes (cls, ";");
    g_assert_cmpstr (codes, ==, "NIPT_LIMITED;NTD_ASSESS");
    g_assert_true (muying_store_save_prenatal (f->store, r, cls, "fixture", NULL, &id, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(MuyingNewbornRecord) r = muying_newborn_record_new ();
    g_autoptr(MuyingClassification) cls = NULL;
    g_autofree char *codes = NULL;

    r->sample_no = g_strdup ("R2");
    r->mother_id_number = g_strdup (a);
    r->mother_name = g_strdup ("林静");
    r->baby_name = g_strdup ("林静之子");
    r->sex = MUYING_SEX_MALE;
    fixture_date (&r->birth_date, "2026-11-20");
    r->panel = g_strdup ("9");
    r->nicu = MUYING_YES;
    r->hearing_method = MUYING_HEARING_METHOD_OAE;
    r->hearing_left = MUYING_HEARING_REFER;
    r->hearing_right = MUYING_HEARING_PASS;
    cls = muying_rule_set_classify_newborn (f->rules, r);
    codes = muying_classification_join_codes (cls, ";");
    g_assert_cmpstr (codes, ==, "HEARING_REFER;NICU_AABR");
    g_assert_true (muying_store_save_newborn (f->store, r, cls, "fixture", NULL, &id, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(MuyingTwoCancerRecord) r = muying_two_cancer_record_new ();
    g_autoptr(MuyingClassification) cls = NULL;
    g_autofree char *codes = NULL;

    r->exam_no = g_strdup ("R3");
    r->id_number = g_strdup (b);
    r->name = g_strdup ("何琳");
    g_assert_true (muying_id_number_validate (b, NULL, &r->birth_date, NULL, NULL));
    fixture_date (&r->exam_date, "2026-12-01");
    r->hpv = MUYING_HPV_NEGATIVE;
    r->cytology = MUYING_CYTOLOGY_NILM;
    r->visible_lesion = MUYING_YES;
    cls = muying_rule_set_classify_two_cancer (f->rules, r);
    codes = muying_classification_join_codes (cls, ";");
    g_assert_cmpstr (codes, ==, "VISIBLE_LESION");
    g_assert_true (muying_store_save_two_cancer (f->store, r, cls, "fixture", NULL, &id, &error));
    g_assert_no_error (error);
  }
  fixture_add_two_cancer (f, "R4", c, "罗兰", "2026-12-02", &(FixtureExam) { .mammo = MUYING_BIRADS_0 });
  fixture_add_two_cancer (f, "R5", d, "梁玉", "2026-12-03", &(FixtureExam) { .mammo = MUYING_BIRADS_3 });
  fixture_add_two_cancer (f, "R6", d, "梁玉", "2027-01-04",
                          &(FixtureExam) { .mammo = MUYING_BIRADS_3, .rule_set_2026_1 = TRUE });

  s = compute (f, 2027, 0);
  g_assert_cmpint (PRENATAL_REASON (s, "NIPT_LIMITED"), ==, 1);
  g_assert_cmpint (PRENATAL_REASON (s, "NTD_ASSESS"), ==, 1);
  g_assert_cmpint (sum (s->prenatal.reasons, MUYING_STATS_N_PRENATAL_REASONS), ==, 2);
  g_assert_cmpint (s->prenatal.intermediate, ==, 1);
  g_assert_cmpint (NEWBORN_REASON (s, "HEARING_REFER"), ==, 1);
  g_assert_cmpint (NEWBORN_REASON (s, "NICU_AABR"), ==, 1);
  g_assert_cmpint (NEWBORN_REASON (s, "RESCREEN_DUE"), ==, 0);
  g_assert_cmpint (sum (s->newborn.reasons, MUYING_STATS_N_NEWBORN_REASONS), ==, 2);
  g_assert_cmpint (CERVICAL_REASON (s, "VISIBLE_LESION"), ==, 1);
  g_assert_cmpint (sum (s->cervical.reasons, MUYING_STATS_N_CERVICAL_REASONS), ==, 1);
  /* A visible lesion alone makes the woman a high-risk cervical case. */
  g_assert_cmpint (s->cervical.high, ==, 1);
  g_assert_cmpint (BREAST_REASON (s, "MAMMO_INCOMPLETE"), ==, 1);
  g_assert_cmpint (BREAST_REASON (s, "MAMMO_SHORT_INTERVAL"), ==, 1);
  g_assert_cmpint (BREAST_REASON (s, "MAMMO_ASSESS"), ==, 1);
  g_assert_cmpint (sum (s->breast.reasons, MUYING_STATS_N_BREAST_REASONS), ==, 3);
  g_assert_cmpint (s->breast.high, ==, 0);

  /* No stored code of the period is left out. */
  stmt = muying_store_query (f->store, "SELECT count(*) FROM reason x JOIN record r ON r.id = x.record_id "
                                       "WHERE r.record_date BETWEEN '2026-10-01' AND '2027-09-30'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  reason_rows = muying_sql_column_int64 (stmt, 0);
  g_assert_cmpint (reason_rows, ==, 8);
  g_assert_cmpint (sum (s->prenatal.reasons, MUYING_STATS_N_PRENATAL_REASONS) +
                   sum (s->newborn.reasons, MUYING_STATS_N_NEWBORN_REASONS) +
                   sum (s->cervical.reasons, MUYING_STATS_N_CERVICAL_REASONS) +
                   sum (s->breast.reasons, MUYING_STATS_N_BREAST_REASONS), ==, reason_rows);
}

static void
test_json (StatsFixture  *f,
           gconstpointer  data)
{
  static const char * const top[] = { "period", "prenatal", "newborn", "cervical", "breast", "followup" };
  static const char * const prenatal_keys[] = {
    "screened", "by_test", "high", "intermediate", "low", "reasons", "diagnosed", "diagnosed_abnormal",
    "outcome_known",
  };
  g_autoptr(MuyingStats) s = compute (f, 2025, 0);
  g_autofree char *json = muying_stats_to_json (s, FALSE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root, *o;
  guint i = 0;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  /* The order of docs/statistics.md. */
  members = json_object_get_members (root);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (top));
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_cmpstr (l->data, ==, top[i++]);
  g_clear_pointer (&members, g_list_free);
  o = json_object_get_object_member (root, "prenatal");
  members = json_object_get_members (o);
  i = 0;
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_cmpstr (l->data, ==, prenatal_keys[i++]);

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "period"), "from"), ==,
                   "2024-10-01");
  g_assert_cmpint (json_object_get_int_member (o, "screened"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "by_test"), "nipt"), ==, 2);
  /* Every code of the programme is present, 0 when none. */
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (o, "reasons")), ==,
                    MUYING_STATS_N_PRENATAL_REASONS);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "reasons"), "NIPT_SCA"), ==, 0);
  o = json_object_get_object_member (root, "newborn");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (o, "reasons")), ==,
                    MUYING_STATS_N_NEWBORN_REASONS);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "by_gene"), "MT-RNR1"), ==, 1);
  o = json_object_get_object_member (root, "cervical");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (o, "reasons")), ==,
                    MUYING_STATS_N_CERVICAL_REASONS);
  o = json_object_get_object_member (root, "breast");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (o, "reasons")), ==,
                    MUYING_STATS_N_BREAST_REASONS);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "birads"), "4A"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "birads"), "6"), ==, 1);
  o = json_object_get_object_member (root, "followup");
  g_assert_cmpint (json_object_get_int_member (o, "overdue"), ==, 3);
}

static void
test_text (StatsFixture  *f,
           gconstpointer  data)
{
  g_autoptr(MuyingStats) s = compute (f, 2025, 0);
  g_autofree char *text = muying_stats_to_text (s, f->rules);

  g_assert_nonnull (strstr (text, "2024-10-01"));
  g_assert_nonnull (strstr (text, "T21_HIGH"));
  /* The user's language (zh_CN in the test environment) for the labels. */
  g_assert_nonnull (strstr (text, "21三体高风险"));
}

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  return muying_test_run_cli (args, NULL, out, err);
}

static void
test_cli (StatsFixture  *f,
          gconstpointer  data)
{
  g_autoptr(MuyingStats) s = compute (f, 2025, 0);
  g_autoptr(JsonParser) cli = json_parser_new ();
  g_autoptr(JsonParser) lib = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingIndicators) indicators = muying_store_compute_indicators (f->store, &s->period, &error);
  g_autofree char *json = muying_stats_to_json_full (s, indicators, NULL, NULL, FALSE);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *a, *b;
  const char *year[] = { "--db", f->path, "stats", "--year", "2025", "--format", "json", NULL };
  const char *range[] = { "--db", f->path, "stats", "--from", "2024-10-01", "--to", "2025-09-30", "--format", "json",
                          NULL };
  const char *calendar[] = { "--db", f->path, "stats", "--calendar-year", "2025", "--format", "json", NULL };
  const char *text[] = { "--db", f->path, "stats", "--year", "2025", NULL };
  const char *both[] = { "--db", f->path, "stats", "--year", "2025", "--from", "2025-01-01", "--to", "2025-02-01",
                         NULL };
  const char *half[] = { "--db", f->path, "stats", "--from", "2025-01-01", NULL };
  const char *bad_date[] = { "--db", f->path, "stats", "--from", "2025-13-01", "--to", "2025-12-31", NULL };
  const char *reversed[] = { "--db", f->path, "stats", "--from", "2025-12-31", "--to", "2025-01-01", NULL };
  const char *bad_format[] = { "--db", f->path, "stats", "--format", "xml", NULL };

  /* The store is closed by nobody here: WAL lets the CLI read while we hold it open. */
  g_assert_cmpint (run_cli (year, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (cli, out, -1, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (lib, json, -1, &error));
  a = json_node_get_object (json_parser_get_root (cli));
  b = json_node_get_object (json_parser_get_root (lib));
  /* Everything but "overdue", which depends on the real today. */
  json_object_remove_member (json_object_get_object_member (a, "followup"), "overdue");
  json_object_remove_member (json_object_get_object_member (b, "followup"), "overdue");
  g_assert_true (json_node_equal (json_parser_get_root (cli), json_parser_get_root (lib)));

  g_assert_cmpint (run_cli (range, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"screened\" : 4"));
  g_assert_cmpint (run_cli (calendar, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"from\" : \"2025-01-01\""));
  g_assert_nonnull (strstr (out, "\"screened\" : 5"));
  g_assert_cmpint (run_cli (text, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "2024-10-01"));

  g_assert_cmpint (run_cli (both, &out, &err), ==, 2);
  g_assert_cmpint (run_cli (half, &out, &err), ==, 2);
  g_assert_cmpint (run_cli (bad_date, &out, &err), ==, 2);
  g_assert_cmpint (run_cli (reversed, &out, &err), ==, 2);
  g_assert_cmpint (run_cli (bad_format, &out, &err), ==, 2);
}

static void
test_query_plans (StatsFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) plan = g_string_new (NULL);

  /* The year's records are found through the covering index of schema step 2. */
  stmt = muying_store_prepare (f->store,
                               "EXPLAIN QUERY PLAN SELECT count(*) FROM record r "
                               "WHERE r.program = 'prenatal' AND r.record_date BETWEEN '2024-10-01' AND '2025-09-30' "
                               "AND r.level = 2", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  g_test_message ("%s", plan->str);
  g_assert_nonnull (strstr (plan->str, "COVERING INDEX record_stats_idx"));
}

static char *
explain (StatsFixture *f,
         const char   *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *explain_sql = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);

  stmt = muying_store_prepare (f->store, explain_sql, &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  return g_string_free (plan, FALSE);
}

/* Every statement of the statistics, the loci and the register walks the period's records in
 * record_stats_idx and finds their reasons, follow-ups and variants by record_id: no table is
 * read whole, so the cost follows the period and not the database. The fixture holds records
 * outside the year too; a month is a small part of its dates. */
static void
test_statement_plans (StatsFixture  *f,
                      gconstpointer  data)
{
  static const char * const scanned[] = {
    "SCAN r", "SCAN x", "SCAN f", "SCAN v", "SCAN p ", "SCAN n ", "SCAN t ", "SCAN pe", "SCAN mo",
    "SCAN reason", "SCAN followup", "SCAN newborn_variant", "SCAN record", "AUTOMATIC",
  };
  static const MuyingStatsGroups groups[] = { 0, MUYING_STATS_MONTHS | MUYING_STATS_AGE_GROUPS };
  g_autoptr(GError) error = NULL;
  MuyingPeriod periods[2];

  /* A month, a small part of the fixture's dates, and the statistical year, nearly all of them. */
  g_assert_true (muying_period_init_parse (&periods[0], "2025-01-01", "2025-01-31", &error));
  muying_period_init_statistical_year (&periods[1], 2025);
  for (guint n = 0; n < G_N_ELEMENTS (periods); n++)
    for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
      {
        g_autoptr(GPtrArray) statements = muying_stats_dup_statements (f->store, &periods[n], groups[g], &error);

        g_assert_no_error (error);
        /* Six passes of the statistics, the loci, the registers' count and the rows of each
         * programme's register. */
        g_assert_cmpuint (statements->len, ==, 11);
        for (guint i = 0; i < statements->len; i++)
          {
            const char *sql = g_ptr_array_index (statements, i);
            g_autofree char *plan = explain (f, sql);
            g_autofree char *padded = g_strconcat (plan, " ", NULL);

            g_test_message ("%s\n%s", sql, plan);
            g_assert_nonnull (strstr (plan, "record_stats_idx (program=? AND record_date>? AND record_date<?)"));
            for (guint k = 0; k < G_N_ELEMENTS (scanned); k++)
              if (strstr (padded, scanned[k]) != NULL)
                g_error ("statement %u reads a table whole (%s):\n%s\n%s", i, scanned[k], sql, plan);
          }
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/period/years", test_period_years);
  g_test_add_func ("/period/range", test_period_range);
  g_test_add_func ("/period/quarter", test_period_quarter);
  /* on a file and, with a server, the same hand-counted statistics from the records moved there
   * (STATS_ON_SERVER) */
#define ADD(name, func) \
  muying_test_add_file_and_server ("stats", name, StatsFixture, stats_fixture_set_up, func, stats_fixture_tear_down)
#define ADD_FILE(name, func) \
  g_test_add ("/stats/" name, StatsFixture, NULL, stats_fixture_set_up, func, stats_fixture_tear_down)
  ADD_FILE ("fixture-classification", test_fixture_classification);
  ADD ("statistical-year", test_statistical_year);
  ADD ("year-boundaries", test_year_boundaries);
  ADD ("single-day", test_single_day);
  ADD ("overdue-today", test_overdue_today);
  ADD ("groups", test_groups);
  ADD ("month-equals-total", test_month_equals_total);
  ADD_FILE ("one-connection", test_one_connection);
  ADD_FILE ("inside-transaction", test_inside_transaction);
  ADD ("register", test_register);
  ADD ("loci", test_loci);
  ADD ("rule-set-2-reasons", test_rule_set_2_reasons);
  ADD_FILE ("json", test_json);
  ADD_FILE ("text", test_text);
  ADD_FILE ("cli", test_cli);
  ADD_FILE ("query-plans", test_query_plans);
  ADD_FILE ("statement-plans", test_statement_plans);
#undef ADD_FILE
#undef ADD
  return g_test_run ();
}
