/* test-demo.c: `muying-cli demo` and its generator (muying-demo.h)
 *
 * One 20,000-record database (seed 2024, today fixed) is built once and read by most cases:
 * every ID number valid with a real area code, the rates within the published bands, every
 * follow-up state present, and every record's stored level and reasons equal to a fresh
 * classification of its stored fields by the real rule set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "muying-store-sql.h"
#include "muying-date.h"
#include "muying-demo-names.h"
#include "muying-error.h"
#include "muying-id-number.h"
#include "muying-rule-set.h"
#include "muying-store-check.h"
#include "muying-demo.h"
#include "muying-store-lookup.h"
#include "muying-store-users.h"
#include "muying-test-utils.h"

#define TODAY      "2026-06-15"
#define ADMIN_PW   "demo-admin-pw-1"
#define DOCTOR_PW  "demo-doctor-pw-1"
#define N_BIG      20000

static char *tmpdir;
static MuyingStore *big;          /* the shared 20,000-record database */
static MuyingRuleSet *rules;
static MuyingDemoSummary big_summary;

static void
get_today (GDate *today)
{
  g_assert_true (muying_date_parse (TODAY, today, NULL));
}

static MuyingStore *
make_db (const char        *name,
         guint32            seed,
         guint64            n,
         int                year,
         MuyingDemoSummary *summary)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(MuyingStore) store = muying_store_create (path, &error);
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(MuyingUser) doctor = NULL;
  MuyingDemoOptions options;

  g_assert_no_error (error);
  admin = muying_store_create_first_admin (store, "admin", "管理员甲", ADMIN_PW, &error);
  g_assert_no_error (error);
  doctor = muying_store_create_user (store, "admin", "doctor1", "医生乙", MUYING_ROLE_DOCTOR, DOCTOR_PW, &error);
  g_assert_no_error (error);

  muying_demo_options_init (&options);
  options.n_records = n;
  options.seed = seed;
  options.year = year;
  options.user = "admin";
  get_today (&options.today);
  g_assert_true (muying_demo_generate (store, rules, &options, NULL, NULL, summary, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static gint64
count (MuyingStore *store,
       const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (muying_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static double
percent (MuyingStore *store,
         const char  *numerator,
         const char  *denominator)
{
  gint64 num = count (store, numerator), den = count (store, denominator);

  g_assert_cmpint (den, >, 0);
  return 100.0 * (double) num / (double) den;
}

/* SHA-256 over every row of the tables a demo writes (not the audit: it has real times). */
static char *
digest (MuyingStore *store)
{
  static const char * const tables[] = {
    "person", "record", "prenatal", "newborn", "newborn_variant", "two_cancer", "reason", "followup",
    "followup_step", "review", "pregnancy", "prenatal_diagnosis", "pregnancy_outcome", "audiology",
  };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2, 3", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (muying_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const char *text = (const char *) sqlite3_column_text (stmt, c);

            g_checksum_update (sum, (const guchar *) (text ? text : "\x01"), -1);
            g_checksum_update (sum, (const guchar *) "\x1f", 1);
          }
      sqlite3_finalize (stmt);
    }
  return g_strdup (g_checksum_get_string (sum));
}

/* ---- cases ------------------------------------------------------------------------------- */

static void
test_deterministic (void)
{
  MuyingDemoSummary s1, s2, s3;
  g_autoptr(MuyingStore) a = make_db ("a.db", 11, 3000, 0, &s1);
  g_autoptr(MuyingStore) b = make_db ("b.db", 11, 3000, 0, &s2);
  g_autoptr(MuyingStore) c = make_db ("c.db", 12, 3000, 0, &s3);
  g_autofree char *da = digest (a);
  g_autofree char *db = digest (b);
  g_autofree char *dc = digest (c);

  g_assert_cmpstr (da, ==, db);
  g_assert_cmpstr (da, !=, dc);
  /* the follow-on records are part of what a seed decides */
  g_assert_cmpuint (s1.diagnoses, ==, s2.diagnoses);
  g_assert_cmpuint (s1.outcomes, ==, s2.outcomes);
  g_assert_cmpuint (s1.audiology, ==, s2.audiology);
  g_assert_cmpuint (s1.outcomes, >, 0);
  g_assert_cmpint (count (a, "SELECT count(*) FROM pregnancy_outcome"), ==, (gint64) s1.outcomes);
  g_assert_cmpuint (s1.records[MUYING_PROGRAM_PRENATAL] + s1.records[MUYING_PROGRAM_NEWBORN] +
                    s1.records[MUYING_PROGRAM_TWO_CANCER], ==, 3000);
  g_assert_cmpuint (s1.records[MUYING_PROGRAM_PRENATAL], ==, 1200);
  g_assert_cmpuint (s1.records[MUYING_PROGRAM_NEWBORN], ==, 900);
  g_assert_cmpint (count (a, "SELECT count(*) FROM record"), ==, 3000);
  /* one audit row for the whole demo, after the two accounts */
  g_assert_cmpint (count (a, "SELECT count(*) FROM audit WHERE action = 'demo' AND detail LIKE '{\"records\":3000,\"seed\":11,%'"),
                   ==, 1);
}

static void
test_second_run (void)
{
  g_autoptr(GError) error = NULL;
  MuyingDemoSummary s;
  g_autoptr(MuyingStore) store = make_db ("twice.db", 5, 500, 0, &s);
  MuyingDemoOptions options;

  /* The same seed again into the same database: new keys, new persons, no collision. */
  muying_demo_options_init (&options);
  options.n_records = 500;
  options.seed = 5;
  get_today (&options.today);
  g_assert_true (muying_demo_generate (store, rules, &options, NULL, NULL, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "SELECT count(*) FROM record"), ==, 1000);
  g_assert_cmpint (count (store, "SELECT count(*) FROM record WHERE record_key LIKE '%-2'"), ==, 500);
  g_assert_cmpint (count (store, "SELECT count(*) FROM audit WHERE action = 'demo'"), ==, 2);
}

static void
test_year (void)
{
  g_autoptr(GError) error = NULL;
  MuyingDemoSummary s;
  g_autoptr(MuyingStore) store = make_db ("year.db", 3, 2000, 2025, &s);
  MuyingDemoOptions options;
  GDate from, to;

  g_assert_cmpint (count (store, "SELECT count(*) FROM record WHERE record_date BETWEEN '2024-10-01' AND '2025-09-30'"),
                   ==, 2000);
  /* Spread over the whole year: every month has records. */
  g_assert_cmpint (count (store, "SELECT count(DISTINCT substr(record_date, 1, 7)) FROM record"), ==, 12);

  /* The current statistical year ends today; a future one is refused. */
  muying_demo_options_init (&options);
  get_today (&options.today);
  options.year = 2026;
  g_assert_true (muying_demo_get_period (&options, &from, &to, &error));
  g_assert_true (g_date_compare (&to, &options.today) == 0);
  options.year = 2028;
  g_assert_false (muying_demo_get_period (&options, &from, &to, &error));
  g_assert_nonnull (error);
}

static void
test_ids (void)
{
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  const MuyingDemoArea *areas;
  sqlite3_stmt *stmt = NULL;
  GDate today;
  guint n_areas, n = 0;

  get_today (&today);
  areas = muying_demo_names_get_areas (&n_areas);
  g_assert_cmpuint (n_areas, >=, 300);
  for (guint i = 0; i < n_areas; i++)
    {
      g_assert_cmpuint (strlen (areas[i].code), ==, 6);
      g_assert_false (g_hash_table_contains (codes, areas[i].code));
      g_hash_table_add (codes, (gpointer) areas[i].code);
    }

  g_assert_cmpint (sqlite3_prepare_v2 (muying_store_get_handle (big),
                                       "SELECT id_number, birth_date, sex, name FROM person WHERE id_number IS NOT NULL",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GError) error = NULL;
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      char area[7];
      g_autofree char *birth_text = NULL;
      GDate birth;
      MuyingSex sex;

      g_assert_true (muying_id_number_validate (id, &today, &birth, &sex, &error));
      g_assert_no_error (error);
      g_assert_cmpint (sex, ==, MUYING_SEX_FEMALE);
      g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, MUYING_SEX_FEMALE);
      birth_text = muying_date_format (&birth);
      g_assert_cmpstr (birth_text, ==, (const char *) sqlite3_column_text (stmt, 1));
      memcpy (area, id, 6);
      area[6] = '\0';
      g_assert_true (g_hash_table_contains (codes, area));
      g_assert_true (g_utf8_validate ((const char *) sqlite3_column_text (stmt, 3), -1, NULL));
      g_assert_cmpint (g_utf8_strlen ((const char *) sqlite3_column_text (stmt, 3), -1), >=, 2);
      n++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n, >, N_BIG / 2);
  g_assert_cmpint (count (big, "SELECT count(*) - count(DISTINCT id_number) FROM person WHERE id_number IS NOT NULL"),
                   ==, 0);
  /* Newborns have no ID number and link to their mother. */
  g_assert_cmpint (count (big, "SELECT count(*) FROM record r JOIN person p ON p.id = r.person_id "
                               "WHERE r.program = 'newborn' AND (p.id_number IS NOT NULL OR p.mother_id IS NULL)"), ==, 0);
}

static void
test_rates (void)
{
  double t21_high, carriers, mt, hpv, cyto, birads4, ama, nipt, outside;
  gint64 commonest_235;

  g_assert_cmpint (count (big, "SELECT count(*) FROM record"), ==, N_BIG);

  /* docs/background.md: T21 high ≈ 3–5 % of serum screens */
  t21_high = percent (big, "SELECT count(*) FROM prenatal WHERE test_type <> 'nipt' AND t21_risk <= 270",
                      "SELECT count(*) FROM prenatal WHERE test_type <> 'nipt' AND t21_risk IS NOT NULL");
  g_assert_cmpfloat (t21_high, >=, 2.5);
  g_assert_cmpfloat (t21_high, <=, 6.0);
  ama = percent (big, "SELECT count(*) FROM prenatal WHERE age_at_edd >= 35", "SELECT count(*) FROM prenatal");
  g_assert_cmpfloat (ama, >=, 10.0);
  g_assert_cmpfloat (ama, <=, 25.0);
  nipt = percent (big, "SELECT count(*) FROM prenatal WHERE test_type = 'nipt'", "SELECT count(*) FROM prenatal");
  g_assert_cmpfloat (nipt, >=, 15.0);
  g_assert_cmpfloat (nipt, <=, 50.0);

  /* B3: carriers ≈ 3–4 % of newborns, GJB2 c.235delC the commonest, MT-RNR1 ≈ 0.2–0.3 % */
  carriers = percent (big, "SELECT count(DISTINCT record_id) FROM newborn_variant", "SELECT count(*) FROM newborn");
  g_assert_cmpfloat (carriers, >=, 2.5);
  g_assert_cmpfloat (carriers, <=, 5.0);
  mt = percent (big, "SELECT count(DISTINCT record_id) FROM newborn_variant WHERE gene = 'MT-RNR1'",
                "SELECT count(*) FROM newborn");
  g_assert_cmpfloat (mt, >=, 0.08);
  g_assert_cmpfloat (mt, <=, 0.5);
  commonest_235 = count (big, "SELECT variant = 'c.235delC' FROM newborn_variant GROUP BY gene, variant "
                              "ORDER BY count(*) DESC LIMIT 1");
  g_assert_cmpint (commonest_235, ==, 1);

  /* C2/C3: HPV positive 10–15 % of tested, cytology ≥ ASC-US ≈ 3 %, BI-RADS 4–5 < 1 % */
  hpv = percent (big, "SELECT count(*) FROM two_cancer WHERE hpv = 'positive'",
                 "SELECT count(*) FROM two_cancer WHERE hpv IN ('positive', 'negative')");
  g_assert_cmpfloat (hpv, >=, 9.0);
  g_assert_cmpfloat (hpv, <=, 16.0);
  cyto = percent (big, "SELECT count(*) FROM two_cancer WHERE cytology NOT IN ('NILM', 'UNSAT')",
                  "SELECT count(*) FROM two_cancer WHERE cytology IS NOT NULL");
  g_assert_cmpfloat (cyto, >=, 2.0);
  g_assert_cmpfloat (cyto, <=, 4.5);
  birads4 = percent (big, "SELECT count(*) FROM two_cancer WHERE us_birads IN ('4A','4B','4C','5') "
                          "OR mammo_birads IN ('4A','4B','4C','5')",
                     "SELECT count(*) FROM two_cancer WHERE us_birads IS NOT NULL OR mammo_birads IS NOT NULL");
  g_assert_cmpfloat (birads4, >, 0.0);
  g_assert_cmpfloat (birads4, <, 1.0);

  /* The background columns: a county code of the city (its province known), mostly the free programme,
   * rural about 60 %, dibao about 3 %, twins about 1.5 %, IVF about 2 %, NICU about 8 %, mostly OAE,
   * gestation 35–41 weeks. */
  {
    static const char * const tables[] = { "prenatal", "newborn", "two_cancer" };

    for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
      {
        g_autofree char *area = g_strdup_printf ("SELECT count(*) FROM %s WHERE area_code IS NOT NULL", tables[t]);
        g_autofree char *all = g_strdup_printf ("SELECT count(*) FROM %s", tables[t]);
        g_autofree char *bad = g_strdup_printf ("SELECT count(*) FROM %s WHERE area_code NOT GLOB '4101[0-9][0-9]'",
                                                tables[t]);
        g_autofree char *free = g_strdup_printf ("SELECT count(*) FROM %s WHERE funding = 'free_programme'", tables[t]);

        g_assert_cmpfloat (percent (big, area, all), >=, 90.0);
        g_assert_cmpint (count (big, bad), ==, 0);
        g_assert_cmpfloat (percent (big, free, all), >=, 70.0);
        g_assert_cmpfloat (percent (big, free, all), <=, 90.0);
      }
    g_assert_cmpfloat (percent (big, "SELECT count(*) FROM two_cancer WHERE residence = 'rural'",
                                "SELECT count(*) FROM two_cancer"), >=, 55.0);
    g_assert_cmpfloat (percent (big, "SELECT count(*) FROM prenatal WHERE residence = 'rural'",
                                "SELECT count(*) FROM prenatal"), <=, 65.0);
    g_assert_cmpfloat (percent (big, "SELECT count(*) FROM prenatal WHERE dibao = 'yes'",
                                "SELECT count(*) FROM prenatal"), >=, 1.5);
    g_assert_cmpfloat (percent (big, "SELECT count(*) FROM two_cancer WHERE dibao = 'yes'",
                                "SELECT count(*) FROM two_cancer"), <=, 5.0);
    g_assert_cmpfloat (percent (big, "SELECT count(*) FROM prenatal WHERE pregnancy_type IN ('twins', 'higher')",
                                "SELECT count(*) FROM prenatal"), >=, 0.7);
    g_assert_cmpfloat (percent (big, "SELECT count(*) FROM prenatal WHERE pregnancy_type IN ('twins', 'higher')",
                                "SELECT count(*) FROM prenatal"), <=, 3.0);
    g_assert_cmpfloat (percent (big, "SELECT count(*) FROM prenatal WHERE ivf = 'yes'",
                                "SELECT count(*) FROM prenatal"), <=, 4.0);
    g_assert_cmpfloat (percent (big, "SELECT count(*) FROM newborn WHERE nicu = 'yes'",
                                "SELECT count(*) FROM newborn"), >=, 5.0);
    g_assert_cmpfloat (percent (big, "SELECT count(*) FROM newborn WHERE nicu = 'yes'",
                                "SELECT count(*) FROM newborn"), <=, 12.0);
    g_assert_cmpfloat (percent (big, "SELECT count(*) FROM newborn WHERE hearing_method = 'oae'",
                                "SELECT count(*) FROM newborn"), >=, 60.0);
    g_assert_cmpint (count (big, "SELECT count(*) FROM newborn WHERE gestation_weeks NOT BETWEEN 35 AND 41 "
                                 "OR typeof (gestation_weeks) <> 'integer'"), ==, 0);
    g_assert_cmpfloat (percent (big, "SELECT count(*) FROM newborn WHERE gestation_weeks BETWEEN 38 AND 40",
                                "SELECT count(*) FROM newborn"), >=, 60.0);
    /* Each breast no worse than the single column, one of them equal to it. */
    g_assert_cmpint (count (big, "SELECT count(*) FROM two_cancer WHERE us_birads_left IS NOT NULL AND "
                                 "us_birads NOT IN (us_birads_left, us_birads_right)"), ==, 0);
    g_assert_cmpint (count (big, "SELECT count(*) FROM two_cancer WHERE mammo_birads_left IS NOT NULL AND "
                                 "mammo_birads NOT IN (mammo_birads_left, mammo_birads_right)"), ==, 0);
    g_assert_cmpint (count (big, "SELECT count(*) FROM two_cancer WHERE us_birads_left IS NOT NULL"), >, 0);
    /* A treatment has its date, not before the exam; a histology or pathology its biopsy. */
    g_assert_cmpint (count (big, "SELECT count(*) FROM two_cancer x JOIN record r ON r.id = x.record_id WHERE "
                                 "(cervical_treatment IS NOT NULL AND (cervical_treatment_date IS NULL OR "
                                 "cervical_treatment_date < r.record_date)) OR (breast_treatment IS NOT NULL AND "
                                 "(breast_treatment_date IS NULL OR breast_treatment_date < r.record_date))"), ==, 0);
    g_assert_cmpint (count (big, "SELECT count(*) FROM two_cancer x JOIN record r ON r.id = x.record_id WHERE "
                                 "(cervical_histology IS NOT NULL OR breast_pathology IS NOT NULL) AND "
                                 "(biopsy_date IS NULL OR biopsy_date < r.record_date)"), ==, 0);
    g_assert_cmpint (count (big, "SELECT count(*) FROM two_cancer WHERE cervical_treatment IS NOT NULL OR "
                                 "breast_treatment IS NOT NULL"), >, 0);
    g_assert_cmpint (count (big, "SELECT count(*) FROM two_cancer WHERE cervical_stage IS NOT NULL AND "
                                 "cervical_histology NOT IN ('micro_invasive', 'invasive')"), ==, 0);
  }

  /* plausible values (the importer's ranges) */
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal WHERE weight_kg NOT BETWEEN 40 AND 110 OR "
                               "nt_mm NOT BETWEEN 0.6 AND 6 OR afp_mom NOT BETWEEN 0.2 AND 10 OR "
                               "ga_days NOT BETWEEN 42 AND 200 OR t21_risk NOT BETWEEN 10 AND 100000"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal WHERE test_type <> 'nipt' AND "
                               "(t21_risk IS NULL OR t18_risk IS NULL)"), ==, 0);

  /* C1: women 35–64, a few outside (a warning, not a reason) */
  outside = percent (big, "SELECT count(*) FROM record r JOIN person p ON p.id = r.person_id WHERE r.program = "
                          "'two_cancer' AND (p.birth_date > date(r.record_date, '-35 years') OR "
                          "p.birth_date <= date(r.record_date, '-65 years'))",
                     "SELECT count(*) FROM record WHERE program = 'two_cancer'");
  g_assert_cmpfloat (outside, >, 0.1);
  g_assert_cmpfloat (outside, <, 4.0);
}

static void
test_followups (void)
{
  static const char * const states[] = { "open", "notified", "next_step", "result", "done", "declined", "lost" };
  g_autofree char *overdue_sql = g_strdup_printf ("SELECT count(*) FROM followup WHERE state NOT IN "
                                                  "('done','declined','lost') AND due_date < '%s'", TODAY);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM followup WHERE state = '%s'", states[i]);

      if (count (big, sql) == 0)
        g_error ("no follow-up in state %s", states[i]);
    }
  g_assert_cmpint (count (big, overdue_sql), >, 0);
  /* every flagged record has its follow-up; closed ones say when; steps end in the state */
  g_assert_cmpint (count (big, "SELECT count(*) FROM record r WHERE r.computed_level > 0 AND NOT EXISTS "
                               "(SELECT 1 FROM followup f WHERE f.record_id = r.id)"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM followup WHERE (state IN ('done','declined','lost')) <> "
                               "(closed_at IS NOT NULL)"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM followup f WHERE state <> 'open' AND state <> (SELECT s.state "
                               "FROM followup_step s WHERE s.followup_id = f.id ORDER BY s.id DESC LIMIT 1)"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM followup f JOIN record r ON r.id = f.record_id WHERE "
                               "f.program IS NOT r.program OR f.level <> r.level OR f.review_state <> r.review_state"),
                   ==, 0);
  /* nothing in the future */
  g_assert_cmpint (count (big, "SELECT count(*) FROM followup_step WHERE step_date > '" TODAY "'"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM record WHERE record_date > '" TODAY "'"), ==, 0);
  g_assert_cmpuint (big_summary.followups, ==, (guint64) count (big, "SELECT count(*) FROM followup"));

  /* As in a real clinic, old cases have been closed: of the follow-ups of records more than half
   * a year old only a small share is still open (overdue), but some are. */
  {
    double open_old = percent (big, "SELECT count(*) FROM followup f JOIN record r ON r.id = f.record_id WHERE "
                                    "r.record_date < date('" TODAY "', '-180 days') AND "
                                    "f.state NOT IN ('done','declined','lost')",
                               "SELECT count(*) FROM followup f JOIN record r ON r.id = f.record_id WHERE "
                               "r.record_date < date('" TODAY "', '-180 days')");

    g_test_message ("open among old follow-ups: %.2f %%", open_old);
    g_assert_cmpfloat (open_old, <, 2.0);
    g_assert_cmpfloat (open_old, >, 0.0);
  }
}


/* ---- the follow-on records: diagnoses, outcomes, audiology ------------------------------ */

/* A pregnancy "at high risk": one of its records has a flag whose next step is prenatal
 * diagnosis, dated at least 60 days before today (time for the procedure and its report). */
#define HIGH_RISK_PREGNANCIES(codes) \
  "SELECT DISTINCT n.pregnancy_id AS id FROM prenatal n JOIN record r ON r.id = n.record_id " \
  "JOIN reason x ON x.record_id = r.id WHERE x.code IN (" codes ") AND r.record_date < date('" TODAY "', '-60 days')"
#define CHROMOSOMAL_FLAGS "'T21_HIGH', 'T18_HIGH', 'NT_THICK', 'NIPT_HIGH_T21', 'NIPT_HIGH_T18', 'NIPT_HIGH_T13'"
#define NIPT_HIGH "'NIPT_HIGH_T21', 'NIPT_HIGH_T18', 'NIPT_HIGH_T13'"
#define BIRTHS "FROM pregnancy_outcome WHERE outcome IN ('live_birth', 'stillbirth')"

static void
test_follow_on_rates (void)
{
  double uptake, ppv, known, share, prevalence;

  /* nothing goes to step 5's single columns any more */
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal WHERE diagnosis_result IS NOT NULL OR "
                               "pregnancy_outcome IS NOT NULL"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM newborn WHERE audiology_result IS NOT NULL OR "
                               "intervention IS NOT NULL"), ==, 0);
  g_assert_cmpuint (big_summary.diagnoses, ==, (guint64) count (big, "SELECT count(*) FROM prenatal_diagnosis"));
  g_assert_cmpuint (big_summary.outcomes, ==, (guint64) count (big, "SELECT count(*) FROM pregnancy_outcome"));
  g_assert_cmpuint (big_summary.audiology, ==, (guint64) count (big, "SELECT count(*) FROM audiology"));

  /* Prenatal diagnosis for 70–90 % of the pregnancies at high risk; a few others (the mother's age). */
  uptake = percent (big, "SELECT count(*) FROM (" HIGH_RISK_PREGNANCIES (CHROMOSOMAL_FLAGS) ") h WHERE EXISTS "
                         "(SELECT 1 FROM prenatal_diagnosis d WHERE d.pregnancy_id = h.id)",
                    "SELECT count(*) FROM (" HIGH_RISK_PREGNANCIES (CHROMOSOMAL_FLAGS) ")");
  g_test_message ("diagnosis uptake of high-risk pregnancies: %.1f %%", uptake);
  g_assert_cmpfloat (uptake, >=, 70.0);
  g_assert_cmpfloat (uptake, <=, 90.0);
  share = percent (big, "SELECT count(*) FROM prenatal_diagnosis d WHERE d.pregnancy_id NOT IN "
                        "(SELECT n.pregnancy_id FROM prenatal n JOIN record r ON r.id = n.record_id WHERE r.level = 2)",
                   "SELECT count(*) FROM prenatal_diagnosis");
  g_test_message ("diagnoses of pregnancies not at high risk: %.1f %%", share);
  g_assert_cmpfloat (share, >, 0.0);
  g_assert_cmpfloat (share, <, 50.0);
  /* mostly amniocentesis, some CVS and cordocentesis; karyotype, CMA and CNV-seq; a few failed */
  g_assert_cmpfloat (percent (big, "SELECT count(*) FROM prenatal_diagnosis WHERE procedure = 'amniocentesis'",
                              "SELECT count(*) FROM prenatal_diagnosis"), >=, 70.0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal_diagnosis WHERE procedure = 'cvs'"), >, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal_diagnosis WHERE procedure = 'cordocentesis'"), >, 0);
  g_assert_cmpint (count (big, "SELECT count(DISTINCT method) FROM prenatal_diagnosis"), ==, 3);
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal_diagnosis WHERE method NOT IN ('karyotype', 'cma', "
                               "'cnv_seq')"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal_diagnosis WHERE result = 'failed'"), >, 0);
  g_assert_cmpfloat (percent (big, "SELECT count(*) FROM prenatal_diagnosis WHERE result = 'failed'",
                              "SELECT count(*) FROM prenatal_diagnosis"), <, 3.0);
  /* an abnormal result has its class, the others none; the class is the flag's */
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal_diagnosis WHERE (result = 'abnormal') <> "
                               "(condition IS NOT NULL)"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal_diagnosis d JOIN (" HIGH_RISK_PREGNANCIES ("'NIPT_HIGH_T21'")
                               ") h ON h.id = d.pregnancy_id WHERE d.result = 'abnormal' AND d.condition <> 'T21'"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal_diagnosis d JOIN (" HIGH_RISK_PREGNANCIES ("'NIPT_HIGH_T18'")
                               ") h ON h.id = d.pregnancy_id WHERE d.result = 'abnormal' AND d.condition <> 'T18' "
                               "AND d.pregnancy_id NOT IN (" HIGH_RISK_PREGNANCIES ("'NIPT_HIGH_T21'") ")"), ==, 0);
  /* PPV: about 70 % after a high NIPT for T21 (50 % for T18, 30 % for T13: at 20,000 records a
   * dozen pregnancies in all), about 5 % after a high serum risk */
  ppv = percent (big, "SELECT count(*) FROM prenatal_diagnosis d JOIN (" HIGH_RISK_PREGNANCIES (NIPT_HIGH)
                      ") h ON h.id = d.pregnancy_id WHERE d.result = 'abnormal'",
                 "SELECT count(*) FROM prenatal_diagnosis d JOIN (" HIGH_RISK_PREGNANCIES (NIPT_HIGH)
                 ") h ON h.id = d.pregnancy_id WHERE d.result <> 'failed'");
  g_test_message ("PPV of NIPT high: %.1f %%", ppv);
  g_assert_cmpfloat (ppv, >=, 30.0);
  g_assert_cmpfloat (ppv, <=, 95.0);
  ppv = percent (big, "SELECT count(*) FROM prenatal_diagnosis d JOIN (" HIGH_RISK_PREGNANCIES ("'T21_HIGH', 'T18_HIGH'")
                      ") h ON h.id = d.pregnancy_id WHERE d.result = 'abnormal'",
                 "SELECT count(*) FROM prenatal_diagnosis d JOIN (" HIGH_RISK_PREGNANCIES ("'T21_HIGH', 'T18_HIGH'")
                 ") h ON h.id = d.pregnancy_id WHERE d.result <> 'failed'");
  g_test_message ("PPV of a high serum risk: %.1f %%", ppv);
  g_assert_cmpfloat (ppv, >, 0.0);
  g_assert_cmpfloat (ppv, <=, 12.0);

  /* The outcome of about 95 % of the pregnancies that have ended. */
  known = percent (big, "SELECT count(*) FROM pregnancy g WHERE g.edd < date('" TODAY "', '-60 days') AND EXISTS "
                        "(SELECT 1 FROM pregnancy_outcome o WHERE o.pregnancy_id = g.id)",
                   "SELECT count(*) FROM pregnancy WHERE edd < date('" TODAY "', '-60 days')");
  g_test_message ("outcomes known: %.1f %%", known);
  g_assert_cmpfloat (known, >=, 90.0);
  g_assert_cmpfloat (known, <=, 99.0);
  /* one per pregnancy, never in the future */
  g_assert_cmpint (count (big, "SELECT count(*) FROM (SELECT pregnancy_id FROM pregnancy_outcome GROUP BY 1 "
                               "HAVING count(*) > 1)"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM pregnancy_outcome WHERE end_date > '" TODAY "'"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal_diagnosis WHERE procedure_date > '" TODAY "'"), ==, 0);
  /* a birth has as many babies as the pregnancy's record says (pregnancies of one record) */
  g_assert_cmpint (count (big, "SELECT count(*) FROM pregnancy_outcome o JOIN prenatal n ON n.pregnancy_id = "
                               "o.pregnancy_id WHERE o.outcome = 'live_birth' AND o.pregnancy_id IN (SELECT pregnancy_id "
                               "FROM prenatal GROUP BY 1 HAVING count(*) = 1) AND o.babies <> CASE n.pregnancy_type "
                               "WHEN 'twins' THEN 2 WHEN 'higher' THEN 3 ELSE 1 END"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM pregnancy_outcome WHERE babies = 2"), >, 0);
  g_assert_cmpfloat (percent (big, "SELECT count(*) FROM pregnancy_outcome WHERE outcome = 'live_birth'",
                              "SELECT count(*) FROM pregnancy_outcome"), >=, 95.0);
  share = percent (big, "SELECT count(*) FROM pregnancy_outcome WHERE outcome = 'miscarriage'",
                   "SELECT count(*) FROM pregnancy_outcome");
  g_assert_cmpfloat (share, >=, 0.8);
  g_assert_cmpfloat (share, <=, 2.5);
  share = percent (big, "SELECT count(*) FROM pregnancy_outcome WHERE outcome = 'stillbirth'",
                   "SELECT count(*) FROM pregnancy_outcome");
  g_assert_cmpfloat (share, >, 0.0);
  g_assert_cmpfloat (share, <=, 1.0);
  g_assert_cmpfloat (percent (big, "SELECT count(*) FROM pregnancy_outcome WHERE outcome = 'ectopic'",
                              "SELECT count(*) FROM pregnancy_outcome"), <, 0.2);
  /* most abnormal diagnoses end in a termination */
  share = percent (big, "SELECT count(*) FROM prenatal_diagnosis d JOIN pregnancy_outcome o ON o.pregnancy_id = "
                        "d.pregnancy_id WHERE d.result = 'abnormal' AND o.outcome = 'termination'",
                   "SELECT count(*) FROM prenatal_diagnosis d JOIN pregnancy_outcome o ON o.pregnancy_id = "
                   "d.pregnancy_id WHERE d.result = 'abnormal'");
  g_test_message ("terminations after an abnormal diagnosis: %.1f %%", share);
  g_assert_cmpfloat (share, >=, 75.0);
  /* birth defects in 1–2 % of births, each with its class; a chromosomal one the screen missed,
   * about 1 in 2,000 low-risk pregnancies */
  share = percent (big, "SELECT count(*) " BIRTHS " AND birth_defect = 'yes'", "SELECT count(*) " BIRTHS);
  g_test_message ("birth defects: %.2f %% of births", share);
  g_assert_cmpfloat (share, >=, 0.8);
  g_assert_cmpfloat (share, <=, 2.5);
  g_assert_cmpint (count (big, "SELECT count(*) FROM pregnancy_outcome WHERE (birth_defect = 'yes') <> "
                               "(condition IS NOT NULL)"), ==, 0);
  share = percent (big, "SELECT count(*) " BIRTHS " AND condition IN ('T21', 'T18', 'T13') AND pregnancy_id NOT IN "
                        "(SELECT n.pregnancy_id FROM prenatal n JOIN record r ON r.id = n.record_id WHERE r.level > 0)",
                   "SELECT count(*) " BIRTHS " AND pregnancy_id NOT IN (SELECT n.pregnancy_id FROM prenatal n JOIN "
                   "record r ON r.id = n.record_id WHERE r.level > 0)");
  g_test_message ("trisomies missed by the screen: %.3f %% of low-risk births", share);
  g_assert_cmpfloat (share, >, 0.0);
  g_assert_cmpfloat (share, <, 0.2);

  /* Audiology: a hearing loss in 1–3 ‰ of the newborns old enough to have been diagnosed. */
  prevalence = 10.0 * percent (big, "SELECT count(*) FROM audiology a JOIN record r ON r.id = a.record_id WHERE "
                                    "a.hearing_loss <> 'none' AND r.record_date < date('" TODAY "', '-180 days')",
                               "SELECT count(*) FROM record WHERE program = 'newborn' AND "
                               "record_date < date('" TODAY "', '-180 days')");
  g_test_message ("hearing loss: %.2f per 1000 newborns", prevalence);
  g_assert_cmpfloat (prevalence, >=, 1.0);
  g_assert_cmpfloat (prevalence, <=, 3.0);
  /* diagnosed: most of those who failed the rescreen or have a biallelic genotype */
  share = percent (big, "SELECT count(*) FROM record r JOIN newborn n ON n.record_id = r.id WHERE "
                        "r.record_date < date('" TODAY "', '-180 days') AND (n.rescreen_left = 'refer' OR "
                        "n.rescreen_right = 'refer' OR EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND "
                        "x.code IN ('GJB2_BIALLELIC', 'SLC26A4_BIALLELIC'))) AND EXISTS "
                        "(SELECT 1 FROM audiology a WHERE a.record_id = r.id)",
                   "SELECT count(*) FROM record r JOIN newborn n ON n.record_id = r.id WHERE "
                   "r.record_date < date('" TODAY "', '-180 days') AND (n.rescreen_left = 'refer' OR "
                   "n.rescreen_right = 'refer' OR EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND "
                   "x.code IN ('GJB2_BIALLELIC', 'SLC26A4_BIALLELIC')))");
  g_test_message ("audiology after a failed rescreen or a biallelic genotype: %.1f %%", share);
  g_assert_cmpfloat (share, >=, 60.0);
  /* the ears agree with the loss; mostly sensorineural; diagnosed by 3 months, treated by 6 */
  g_assert_cmpint (count (big, "SELECT count(*) FROM audiology WHERE hearing_loss IS NOT CASE WHEN left_degree = "
                               "'normal' AND right_degree = 'normal' THEN 'none' WHEN left_degree = 'normal' OR "
                               "right_degree = 'normal' THEN 'unilateral' ELSE 'bilateral' END"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(DISTINCT left_degree) FROM audiology"), >=, 4);
  g_assert_cmpfloat (percent (big, "SELECT count(*) FROM audiology WHERE hearing_loss <> 'none' AND "
                                   "loss_type = 'sensorineural'",
                              "SELECT count(*) FROM audiology WHERE hearing_loss <> 'none'"), >=, 60.0);
  g_assert_cmpfloat (percent (big, "SELECT count(*) FROM audiology a JOIN record r ON r.id = a.record_id WHERE "
                                   "a.diagnosis_date <= date(r.record_date, '+90 days')",
                              "SELECT count(*) FROM audiology"), >=, 60.0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM audiology a JOIN record r ON r.id = a.record_id WHERE "
                               "a.diagnosis_date < r.record_date OR a.intervention_date <= a.diagnosis_date"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM audiology WHERE (intervention IN ('hearing_aid', "
                               "'cochlear_implant', 'other')) <> (intervention_date IS NOT NULL)"), ==, 0);
  share = percent (big, "SELECT count(*) FROM audiology a JOIN record r ON r.id = a.record_id WHERE "
                        "a.hearing_loss <> 'none' AND a.intervention IN ('hearing_aid', 'cochlear_implant', 'other') "
                        "AND r.record_date < date('" TODAY "', '-1 year')",
                   "SELECT count(*) FROM audiology a JOIN record r ON r.id = a.record_id WHERE "
                   "a.hearing_loss <> 'none' AND r.record_date < date('" TODAY "', '-1 year')");
  g_test_message ("confirmed losses with an intervention: %.1f %%", share);
  g_assert_cmpfloat (share, >=, 50.0);
  g_assert_cmpfloat (percent (big, "SELECT count(*) FROM audiology a JOIN record r ON r.id = a.record_id WHERE "
                                   "a.intervention = 'hearing_aid' AND a.intervention_date <= date(r.record_date, "
                                   "'+183 days')",
                              "SELECT count(*) FROM audiology WHERE intervention = 'hearing_aid'"), >=, 60.0);
}

static void
test_follow_on_linked (void)
{
  /* every prenatal record has its pregnancy, every follow-on record its case */
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal WHERE pregnancy_id IS NULL"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal_diagnosis d LEFT JOIN pregnancy g ON g.id = "
                               "d.pregnancy_id LEFT JOIN person p ON p.id = g.person_id WHERE g.id IS NULL OR "
                               "d.person_id IS NOT g.person_id OR p.id_number IS NOT d.id_number"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM pregnancy_outcome o LEFT JOIN pregnancy g ON g.id = "
                               "o.pregnancy_id LEFT JOIN person p ON p.id = g.person_id WHERE g.id IS NULL OR "
                               "o.person_id IS NOT g.person_id OR p.id_number IS NOT o.id_number"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM audiology a LEFT JOIN record r ON r.id = a.record_id WHERE "
                               "r.program IS NOT 'newborn' OR r.record_key IS NOT a.sample_no"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM prenatal_diagnosis WHERE linked_by IS NOT NULL"), ==, 0);
  /* an outcome is not before the pregnancy's first screening */
  g_assert_cmpint (count (big, "SELECT count(*) FROM pregnancy_outcome o JOIN pregnancy g ON g.id = o.pregnancy_id "
                               "WHERE o.end_date < g.first_date"), ==, 0);

  /* The follow-ups agree with them: a normal diagnosis, an outcome, an intervention close the
   * case (a case closed otherwise before, as lost or declined, stays so). */
  g_assert_cmpint (count (big, "SELECT count(*) FROM followup f JOIN prenatal n ON n.record_id = f.record_id WHERE "
                               "f.state NOT IN ('done', 'declined', 'lost') AND n.pregnancy_id IN (SELECT pregnancy_id "
                               "FROM pregnancy_outcome UNION SELECT pregnancy_id FROM prenatal_diagnosis WHERE result = "
                               "'normal')"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM audiology a JOIN followup f ON f.record_id = a.record_id WHERE "
                               "f.state <> 'done' AND (a.hearing_loss = 'none' OR a.intervention IN ('hearing_aid', "
                               "'cochlear_implant', 'other'))"), ==, 0);
  /* a loss waiting for its intervention: the follow-up says so */
  g_assert_cmpint (count (big, "SELECT count(*) FROM audiology a JOIN followup f ON f.record_id = a.record_id WHERE "
                               "a.hearing_loss <> 'none' AND a.intervention IS NULL AND f.state NOT IN ('declined', "
                               "'lost') AND NOT (f.state = 'next_step' AND f.next_step = 'intervention')"), ==, 0);
  /* every follow-on record's step is on its case's timeline, dated like it */
  g_assert_cmpint (count (big, "SELECT count(*) FROM audiology a WHERE NOT EXISTS (SELECT 1 FROM followup f JOIN "
                               "followup_step s ON s.followup_id = f.id WHERE f.record_id = a.record_id AND "
                               "s.step_date = a.diagnosis_date)"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM pregnancy_outcome o JOIN prenatal n ON n.pregnancy_id = "
                               "o.pregnancy_id JOIN followup f ON f.record_id = n.record_id JOIN followup_step s ON "
                               "s.followup_id = f.id AND s.step = 'pregnancy_outcome' WHERE s.step_date <> o.end_date"),
                   ==, 0);
}

static void
test_reviews (void)
{
  g_assert_cmpint (count (big, "SELECT count(*) FROM record WHERE review_state = 'signed'"), >, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM record WHERE review_state = 'reviewed'"), >, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM record WHERE review_state = 'pending'"), >, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM record WHERE review_state = 'signed' AND "
                               "(signed_by IS NULL OR signed_at IS NULL)"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM record WHERE (review_state = 'none') <> (computed_level = 0)"),
                   ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM record r WHERE review_state IN ('reviewed', 'signed') AND NOT "
                               "EXISTS (SELECT 1 FROM review v WHERE v.record_id = r.id)"), ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM review WHERE action = 'sign'"), ==,
                   count (big, "SELECT count(*) FROM record WHERE review_state = 'signed'"));
  g_assert_cmpuint (big_summary.signed_records, ==,
                    (guint64) count (big, "SELECT count(*) FROM record WHERE review_state = 'signed'"));
}

static void
test_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = muying_store_check (big, "admin", &error);

  g_assert_no_error (error);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpint (count (big, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (count (big, "PRAGMA foreign_keys"), ==, 1);
}

/* ---- re-classification of the stored fields ---------------------------------------------- */

static const char *
col (sqlite3_stmt *stmt,
     int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

static void
set_birth_from_id (const char *id_number,
                   GDate      *birth)
{
  g_assert_true (muying_id_number_validate (id_number, NULL, birth, NULL, NULL));
}

static void
check_one (sqlite3_stmt               *stmt,
           const MuyingClassification *c,
           int                         level_col,
           int                         codes_col,
           int                         version_col)
{
  g_autofree char *codes = muying_classification_join_codes ((MuyingClassification *) c, ";");
  const char *stored = col (stmt, codes_col);

  if (g_strcmp0 (codes, stored ? stored : "") != 0 || (int) c->level != sqlite3_column_int (stmt, level_col))
    g_error ("record %lld: stored %s (level %d), classified %s (level %d)", (long long) sqlite3_column_int64 (stmt, 0),
             stored, sqlite3_column_int (stmt, level_col), codes, c->level);
  g_assert_cmpstr (c->rules_version, ==, col (stmt, version_col));
}

#define CODES "(SELECT group_concat(code, ';') FROM (SELECT code FROM reason WHERE record_id = r.id ORDER BY code))"

static void
test_classification (void)
{
  sqlite3 *db = muying_store_get_handle (big);
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  /* prenatal */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT r.id, r.computed_level, " CODES ", r.rules_version, r.record_date, p.id_number, x.test_type, x.ga_days, "
    "x.edd, x.edd_given, x.t21_risk, x.t18_risk, x.afp_mom, x.nt_mm, x.nipt_t21, x.nipt_t18, x.nipt_t13, x.nipt_sca, "
    "x.nipt_status, x.age_at_edd, x.pregnancy_type, x.ivf, x.transfusion_12m, x.us_anomaly "
    "FROM record r JOIN person p ON p.id = r.person_id JOIN prenatal x ON x.record_id = r.id",
    -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
      g_autoptr(MuyingClassification) c = NULL;

      g_assert_true (muying_date_parse (col (stmt, 4), &r->sample_date, NULL));
      set_birth_from_id (col (stmt, 5), &r->birth_date);
      g_assert_true (muying_prenatal_test_from_string (col (stmt, 6), &r->test_type));
      r->ga_days = sqlite3_column_int (stmt, 7);
      g_assert_true (muying_date_parse (col (stmt, 8), &r->edd, NULL));
      r->edd_given = sqlite3_column_int (stmt, 9);
      r->t21_risk = sqlite3_column_int (stmt, 10);
      r->t18_risk = sqlite3_column_int (stmt, 11);
      if (sqlite3_column_type (stmt, 12) != SQLITE_NULL)
        r->afp_mom = sqlite3_column_double (stmt, 12);
      if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
        r->nt_mm = sqlite3_column_double (stmt, 13);
      if (col (stmt, 14))
        g_assert_true (muying_nipt_call_from_string (col (stmt, 14), &r->nipt_t21));
      if (col (stmt, 15))
        g_assert_true (muying_nipt_call_from_string (col (stmt, 15), &r->nipt_t18));
      if (col (stmt, 16))
        g_assert_true (muying_nipt_call_from_string (col (stmt, 16), &r->nipt_t13));
      if (col (stmt, 17))
        g_assert_true (muying_nipt_sca_from_string (col (stmt, 17), &r->nipt_sca));
      g_assert_true (muying_nipt_status_from_string (col (stmt, 18), &r->nipt_status));
      g_assert_cmpint (sqlite3_column_int (stmt, 19), ==, muying_date_age_on (&r->birth_date, &r->edd));
      /* what rule set 2026.2 reads besides (NIPT_LIMITED) */
      if (col (stmt, 20))
        g_assert_true (muying_pregnancy_type_from_string (col (stmt, 20), &r->pregnancy_type));
      if (col (stmt, 21))
        g_assert_true (muying_yes_no_from_string (col (stmt, 21), &r->ivf));
      if (col (stmt, 22))
        g_assert_true (muying_yes_no_from_string (col (stmt, 22), &r->transfusion_12m));
      if (col (stmt, 23))
        g_assert_true (muying_yes_no_from_string (col (stmt, 23), &r->us_anomaly));
      /* a derived EDD is the sample date + (280 − GA) */
      if (!r->edd_given)
        {
          GDate derived;

          muying_date_edd_from_ga (&r->sample_date, r->ga_days, &derived);
          g_assert_true (g_date_compare (&derived, &r->edd) == 0);
        }
      c = muying_rule_set_classify_prenatal (rules, r);
      check_one (stmt, c, 1, 2, 3);
      n++;
    }
  sqlite3_finalize (stmt);

  /* newborn */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT r.id, r.computed_level, " CODES ", r.rules_version, r.record_date, x.panel, x.variants, x.hearing_left, "
    "x.hearing_right, x.rescreen_left, x.rescreen_right, (SELECT count(*) FROM newborn_variant v WHERE "
    "v.record_id = r.id), x.nicu, x.hearing_method FROM record r JOIN newborn x ON x.record_id = r.id", -1, &stmt,
    NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(MuyingNewbornRecord) r = muying_newborn_record_new ();
      g_autoptr(MuyingClassification) c = NULL;
      g_auto(GStrv) variants = NULL;
      guint n_variants = 0;

      g_assert_true (muying_date_parse (col (stmt, 4), &r->birth_date, NULL));
      g_assert_true (muying_rule_set_has_panel (rules, col (stmt, 5)));
      r->panel = g_strdup (col (stmt, 5));   /* no panel, no gene reason */
      variants = g_strsplit (col (stmt, 6), ";", -1);
      for (guint i = 0; variants[i] != NULL && variants[i][0] != '\0'; i++)
        {
          g_auto(GStrv) parts = g_strsplit (variants[i], ":", 3);
          g_autofree char *canonical = NULL;
          MuyingZygosity zygosity;

          g_assert_cmpuint (g_strv_length (parts), ==, 3);
          g_assert_true (muying_rule_set_resolve_variant (rules, col (stmt, 5), parts[0], parts[1], &canonical, NULL));
          g_assert_cmpstr (canonical, ==, parts[1]);
          g_assert_true (muying_zygosity_from_string (parts[2], &zygosity));
          g_ptr_array_add (r->variants, muying_variant_new (parts[0], parts[1], zygosity));
          n_variants++;
        }
      g_assert_cmpint (sqlite3_column_int (stmt, 11), ==, (int) n_variants);
      g_assert_true (muying_hearing_from_string (col (stmt, 7), &r->hearing_left));
      g_assert_true (muying_hearing_from_string (col (stmt, 8), &r->hearing_right));
      if (col (stmt, 9))
        g_assert_true (muying_hearing_from_string (col (stmt, 9), &r->rescreen_left));
      if (col (stmt, 10))
        g_assert_true (muying_hearing_from_string (col (stmt, 10), &r->rescreen_right));
      if (col (stmt, 12))
        g_assert_true (muying_yes_no_from_string (col (stmt, 12), &r->nicu));
      if (col (stmt, 13))
        g_assert_true (muying_hearing_method_from_string (col (stmt, 13), &r->hearing_method));
      c = muying_rule_set_classify_newborn (rules, r);
      check_one (stmt, c, 1, 2, 3);
      n++;
    }
  sqlite3_finalize (stmt);

  /* two cancers */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT r.id, r.computed_level, " CODES ", r.rules_version, r.record_date, p.id_number, x.hpv, x.hpv_types, "
    "x.cytology, x.via_vili, x.colposcopy, x.cervical_histology, x.cbe, x.us_birads, x.mammo_birads, "
    "x.breast_pathology, x.cervical_stage, x.visible_lesion, x.us_birads_left, x.us_birads_right, "
    "x.mammo_birads_left, x.mammo_birads_right FROM record r JOIN person p ON p.id = r.person_id "
    "JOIN two_cancer x ON x.record_id = r.id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(MuyingTwoCancerRecord) r = muying_two_cancer_record_new ();
      g_autoptr(MuyingClassification) c = NULL;

      g_assert_true (muying_date_parse (col (stmt, 4), &r->exam_date, NULL));
      set_birth_from_id (col (stmt, 5), &r->birth_date);
      if (col (stmt, 6))
        g_assert_true (muying_hpv_from_string (col (stmt, 6), &r->hpv));
      g_assert_true (muying_hpv_types_parse (col (stmt, 7), &r->hpv_types, NULL));
      if (col (stmt, 8))
        g_assert_true (muying_cytology_from_string (col (stmt, 8), &r->cytology));
      if (col (stmt, 9))
        g_assert_true (muying_exam_result_from_string (col (stmt, 9), &r->via_vili));
      if (col (stmt, 10))
        g_assert_true (muying_exam_result_from_string (col (stmt, 10), &r->colposcopy));
      if (col (stmt, 11))
        g_assert_true (muying_cervical_histology_from_string (col (stmt, 11), &r->cervical_histology));
      if (col (stmt, 12))
        g_assert_true (muying_exam_result_from_string (col (stmt, 12), &r->cbe));
      if (col (stmt, 13))
        g_assert_true (muying_birads_from_string (col (stmt, 13), &r->us_birads));
      if (col (stmt, 14))
        g_assert_true (muying_birads_from_string (col (stmt, 14), &r->mammo_birads));
      if (col (stmt, 15))
        g_assert_true (muying_breast_pathology_from_string (col (stmt, 15), &r->breast_pathology));
      if (col (stmt, 16))
        g_assert_true (muying_cancer_stage_from_string (col (stmt, 16), &r->cervical_stage));
      if (col (stmt, 17))
        g_assert_true (muying_yes_no_from_string (col (stmt, 17), &r->visible_lesion));
      if (col (stmt, 18))
        g_assert_true (muying_birads_from_string (col (stmt, 18), &r->us_birads_left));
      if (col (stmt, 19))
        g_assert_true (muying_birads_from_string (col (stmt, 19), &r->us_birads_right));
      if (col (stmt, 20))
        g_assert_true (muying_birads_from_string (col (stmt, 20), &r->mammo_birads_left));
      if (col (stmt, 21))
        g_assert_true (muying_birads_from_string (col (stmt, 21), &r->mammo_birads_right));
      c = muying_rule_set_classify_two_cancer (rules, r);
      check_one (stmt, c, 1, 2, 3);
      n++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n, ==, N_BIG);
}

static void
test_cli (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "cli.db", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *init[] = { "--db", db, "init", "--admin", "boss", NULL };
  const char *no_records[] = { "--db", db, "--user", "boss", "demo", NULL };
  const char *bad_records[] = { "--db", db, "--user", "boss", "demo", "--records", "zero", NULL };
  const char *no_user[] = { "--db", db, "demo", "--records", "10", NULL };
  const char *ok[] = { "--db", db, "--user", "boss", "demo", "--records", "300", "--seed", "9", NULL };

  g_assert_cmpint (muying_test_run_cli (init, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (muying_test_run_cli (no_records, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (muying_test_run_cli (bad_records, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (muying_test_run_cli (no_user, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (muying_test_run_cli (ok, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "300"));
  g_assert_nonnull (strstr (out, "9"));
}

/* The read-only lookups the windows use instead of SQL (muying-store-lookup.h), checked
 * against the database itself; a failed query comes back as an error, never as "nothing". */
static void
test_lookups (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "lookup-empty.db", NULL);
  g_autoptr(MuyingStore) empty = muying_store_create (path, &error);
  MuyingDemoSummary s;
  g_autoptr(MuyingStore) store = make_db ("lookup.db", 11, 30, 0, &s);
  gboolean has = TRUE;
  MuyingProgram program;
  MuyingLevel level;
  g_autofree char *codes = NULL;
  g_autofree char *expected_codes = NULL;
  g_autofree char *key = NULL;
  gint64 id, expected_level;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_true (muying_store_has_records (empty, &has, &error));
  g_assert_no_error (error);
  g_assert_false (has);
  g_assert_true (muying_store_has_records (store, &has, &error));
  g_assert_no_error (error);
  g_assert_true (has);
  g_assert_cmpint (muying_store_count_audit_rows (store, &error), ==, count (store, "SELECT count(*) FROM audit"));
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "SELECT count(*) FROM audit"), >, 0);

  /* A record with reasons: its programme, key, level and reasons as stored. */
  id = count (store, "SELECT min(record_id) FROM reason");
  g_assert_cmpint (id, >, 0);
  g_assert_true (muying_store_get_record_program (store, id, &program, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (muying_store_get_handle (store),
                                       "SELECT record_key, level, program, (SELECT group_concat(code, ';') FROM "
                                       "(SELECT code FROM reason WHERE record_id = ?1 ORDER BY code)) "
                                       "FROM record WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  expected_level = sqlite3_column_int64 (stmt, 1);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, muying_program_to_string (program));
  expected_codes = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_assert_nonnull (expected_codes);
  g_assert_cmpint (muying_store_find_record_id (store, program, key, &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (muying_store_find_record_id (store, program, "no-such-key", &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (muying_store_get_record_result (store, id, &level, &codes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (level, ==, expected_level);
  g_assert_cmpstr (codes, ==, expected_codes);

  /* No such record. */
  g_assert_false (muying_store_get_record_program (store, 999999, &program, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (muying_store_get_record_result (store, 999999, &level, &codes, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A query that fails (the tables are gone) reports an error rather than an empty answer. */
  g_assert_cmpint (sqlite3_exec (muying_store_get_handle (empty),
                                 "PRAGMA foreign_keys = OFF; DROP TABLE record; DROP TABLE audit",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (muying_store_has_records (empty, &has, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (muying_store_count_audit_rows (empty, &error), ==, -1);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (muying_store_find_record_id (empty, MUYING_PROGRAM_NEWBORN, key, &error), ==, -1);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (muying_store_get_record_program (empty, 1, &program, &error));
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = muying_test_make_tmpdir ();
  rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);
  big = make_db ("big.db", 2024, N_BIG, 0, &big_summary);

  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/second-run", test_second_run);
  g_test_add_func ("/demo/year", test_year);
  g_test_add_func ("/demo/ids", test_ids);
  g_test_add_func ("/demo/rates", test_rates);
  g_test_add_func ("/demo/followups", test_followups);
  g_test_add_func ("/demo/follow-on-rates", test_follow_on_rates);
  g_test_add_func ("/demo/follow-on-linked", test_follow_on_linked);
  g_test_add_func ("/demo/reviews", test_reviews);
  g_test_add_func ("/demo/classification", test_classification);
  g_test_add_func ("/demo/check", test_check);
  g_test_add_func ("/demo/cli", test_cli);
  g_test_add_func ("/demo/lookups", test_lookups);
  status = g_test_run ();

  g_clear_object (&big);
  g_clear_object (&rules);
  muying_test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
