/* muying-stats-fixture.h: the statistics fixture shared by test-stats and test-workbook
 *
 * A database with records of the three programmes saved through muying_store_save_*, each
 * classified by the default rule set (data/rules), around the boundaries of statistical year
 * 2025 (1 Oct 2024 … 30 Sep 2025). The expected figures in test-stats.c are counted by hand
 * from the comments below.
 *
 * Prenatal (record date = sample date):
 *   P1 woman A 2024-10-01 early_combined 12+0, T21 1/100              → T21_HIGH            high
 *   P2 woman A 2025-02-10 nipt 16+0, all low, AFP 1.0 MoM              → —                   low
 *   P3 woman B 2025-09-30 mid_triple 17+0, T21 1/500, 40 at EDD        → T21_BORDERLINE, AMA intermediate
 *   P4 woman C 2024-09-30 mid_quad 16+0, AFP 2.6 MoM (stat. year 2024) → ONTD_HIGH           high
 *   P5 woman D 2025-10-01 nipt 13+0, T21 high, AFP 1.0 (stat. year 2026) → NIPT_HIGH_T21     high
 *   P6 woman E 2025-03-03 nipt 14+0, failed, AFP 1.0                   → NIPT_REDRAW         intermediate
 *   (the NIPT rows carry an AFP: without one they would also get NTD_ASSESS)
 *   P7 woman F 2025-04-04 early_combined 8+0, NT 3.2 mm                → GA_OUT_OF_WINDOW, NT_THICK high
 *   P1 diagnosis abnormal + outcome termination, P2 outcome live birth, P3 diagnosis normal.
 * Newborn (record date = birth date):
 *   N1 2024-12-01 mother A, GJB2 c.235delC het, hearing pass/pass      → CARRIER             intermediate
 *   N2 2025-01-15 mother G, GJB2 c.235delC hom + MT-RNR1 m.1555A>G, initial refer/pass, no rescreen
 *                                                                      → GJB2_BIALLELIC, MT_AMINOGLYCOSIDE, RESCREEN_DUE high
 *   N3 2025-05-05 mother H, wild type, refer/refer, rescreen pass/refer → HEARING_REFER      high
 *   N4 2025-06-06 mother A, wild type, pass/not_done                   → HEARING_NOT_SCREENED intermediate
 *   N5 2025-10-02 mother H, SLC26A4 het + GJB3 het (stat. year 2026)   → DOUBLE_HET          intermediate
 * Two cancers (record date = exam date; age on that date):
 *   T1 woman I (born 1980-02-29) 2025-02-28, age 44: HPV 16 +, NILM; US 2  → HPV16_18      high
 *   T2 woman I 2025-08-01, age 45: HPV −, ASC-US                           → CYTO_ASCUS_HPV_NEG intermediate
 *   T3 woman J (born 1970-05-05) 2025-05-05, age 55: CBE normal, US 4A, mammo 3, DCIS; flagged by rule
 *      set 2026.1 (kept with its version) → BREAST_CANCER, BREAST_SUSPICIOUS, MAMMO_ASSESS high
 *   T4 woman K 2025-06-01, age 30: HPV 52 +, HSIL, colposcopy abnormal, CIN2; CBE abnormal, mammo 6
 *        → BREAST_CANCER, CBE_ABNORMAL_NO_IMAGING, CERVICAL_PRECANCER, COLPOSCOPY_ABNORMAL, CYTO_ABNORMAL,
 *          HPV_OTHER_CYTO_ABNORMAL high
 *   T5 woman L 2025-12-30 (stat. year 2026): HPV −, NILM                    → —             low
 *   T6 woman M (born 1975-07-07) 2024-10-01, age 49: HPV not done; US 0     → US_RECALL     intermediate
 *   T7 woman N (born 1985-03-03) 2025-09-30, age 40: UNSAT, VIA/VILI abnormal, invasive; atypical hyperplasia
 *        → BREAST_PRECANCER, CERVICAL_CANCER, CYTO_UNSATISFACTORY, VIA_VILI_ABNORMAL high
 * Follow-ups (states and due dates set directly, "today" = 2025-11-15):
 *   P1 done, P3 declined, P6 lost, P7 open due 2025-11-14 (overdue), N1 notified due 2025-11-15 (due
 *   today: not overdue), N2 next_step due 2025-11-01 (overdue), N3 result due 2025-12-01, N4 open,
 *   T1 done, T2 open due 2025-01-01 (overdue), T3 done, T4 lost, T6 open, T7 declined.
 * Names meant to look like formulas: woman F "=HYPERLINK(…)", woman K "+86 138 0000 0000",
 * woman N "@SUM(A1)", and T7's exam number "-T7".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>
#include <string.h>

#include "muying-store-sql.h"
#include "muying-date.h"
#include "muying-id-number.h"
#include "muying-rule-set.h"
#include "muying-store-records.h"
#include "muying-store.h"
#include "muying-test-utils.h"
#ifdef MUYING_STATS_FIXTURE_SERVER
#include "muying-test-pg-store.h"
#endif

typedef struct
{
  char          *dir;
  char          *path;
  MuyingStore   *store;
  MuyingRuleSet *rules;
  GDate          today;
  char          *uri;     /* the server database the records were moved to (STATS_ON_SERVER) */
} StatsFixture;

/* The fixture's data: the records stay in the file, or (with MUYING_STATS_FIXTURE_SERVER
 * defined before this header, and the test server of build-aux/test) are moved to a server
 * database that f->store then is. */
#define STATS_ON_SERVER GINT_TO_POINTER (1)

/* A valid resident ID number for a woman born on @birth ("YYYYMMDD"); @seq odd, even = female. */
static G_GNUC_UNUSED char *
fixture_id_number (const char *birth,
                   int         seq)
{
  g_autofree char *first17 = g_strdup_printf ("110101%s%03d", birth, (seq * 2) % 1000);

  return g_strdup_printf ("%s%c", first17, muying_id_number_check_char (first17));
}

static G_GNUC_UNUSED void
fixture_date (GDate      *date,
              const char *iso)
{
  g_assert_true (muying_date_parse (iso, date, NULL));
}

static G_GNUC_UNUSED gint64
fixture_add_prenatal (StatsFixture       *f,
                      const char         *key,
                      const char         *id_number,
                      const char         *name,
                      const char         *sample_date,
                      MuyingPrenatalTest  test,
                      int                 ga_days,
                      int                 t21,
                      int                 t18,
                      double              afp,
                      double              nt,
                      MuyingNiptCall      nipt_t21,
                      MuyingNiptStatus    status)
{
  g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  r->sample_no = g_strdup (key);
  r->id_number = g_strdup (id_number);
  r->name = g_strdup (name);
  g_assert_true (muying_id_number_validate (id_number, NULL, &r->birth_date, NULL, NULL));
  fixture_date (&r->sample_date, sample_date);
  r->test_type = test;
  r->ga_days = ga_days;
  muying_date_edd_from_ga (&r->sample_date, ga_days, &r->edd);
  r->t21_risk = t21;
  r->t18_risk = t18;
  r->afp_mom = afp;
  r->nt_mm = nt;
  if (test == MUYING_PRENATAL_TEST_NIPT)
    {
      r->nipt_t21 = nipt_t21;
      r->nipt_t18 = status == MUYING_NIPT_STATUS_OK ? MUYING_NIPT_CALL_LOW : MUYING_NIPT_CALL_NOT_RECORDED;
      r->nipt_t13 = r->nipt_t18;
      r->nipt_sca = status == MUYING_NIPT_STATUS_OK ? MUYING_NIPT_SCA_NONE : MUYING_NIPT_SCA_NOT_RECORDED;
      r->nipt_status = status;
    }
  cls = muying_rule_set_classify_prenatal (f->rules, r);
  g_assert_true (muying_store_save_prenatal (f->store, r, cls, "fixture", NULL, &id, &error));
  g_assert_no_error (error);
  return id;
}

static G_GNUC_UNUSED gint64
fixture_add_newborn (StatsFixture  *f,
                     const char    *key,
                     const char    *mother_id,
                     const char    *mother_name,
                     const char    *birth_date,
                     const char    *variants,   /* "GENE:VARIANT:ZYGOSITY;…" */
                     MuyingHearing  left,
                     MuyingHearing  right,
                     MuyingHearing  rescreen_left,
                     MuyingHearing  rescreen_right)
{
  g_autoptr(MuyingNewbornRecord) r = muying_newborn_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) items = g_strsplit (variants, ";", -1);
  gint64 id = 0;

  r->sample_no = g_strdup (key);
  r->mother_id_number = g_strdup (mother_id);
  r->mother_name = g_strdup (mother_name);
  r->baby_name = g_strdup_printf ("%s之女", mother_name);
  r->sex = MUYING_SEX_FEMALE;
  fixture_date (&r->birth_date, birth_date);
  r->panel = g_strdup ("9");
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      MuyingZygosity zygosity;

      if (*items[i] == '\0')
        continue;
      parts = g_strsplit (items[i], ":", 3);
      g_assert_true (muying_zygosity_from_string (parts[2], &zygosity));
      g_ptr_array_add (r->variants, muying_variant_new (parts[0], parts[1], zygosity));
    }
  r->hearing_left = left;
  r->hearing_right = right;
  r->rescreen_left = rescreen_left;
  r->rescreen_right = rescreen_right;
  if (rescreen_left != MUYING_HEARING_NOT_RECORDED)
    {
      r->rescreen_date = r->birth_date;
      g_date_add_days (&r->rescreen_date, 42);
    }
  cls = muying_rule_set_classify_newborn (f->rules, r);
  g_assert_true (muying_store_save_newborn (f->store, r, cls, "fixture", NULL, &id, &error));
  g_assert_no_error (error);
  return id;
}

typedef struct
{
  MuyingHpv               hpv;
  const char             *hpv_types;
  MuyingCytology          cytology;
  MuyingExamResult        via_vili;
  MuyingExamResult        colposcopy;
  MuyingCervicalHistology histology;
  MuyingExamResult        cbe;
  MuyingBirads            us;
  MuyingBirads            mammo;
  MuyingBreastPathology   pathology;
  gboolean                rule_set_2026_1;   /* flagged by rule set 2026.1 (below) */
} FixtureExam;

static G_GNUC_UNUSED gint64
fixture_add_two_cancer (StatsFixture      *f,
                        const char        *key,
                        const char        *id_number,
                        const char        *name,
                        const char        *exam_date,
                        const FixtureExam *x)
{
  g_autoptr(MuyingTwoCancerRecord) r = muying_two_cancer_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  r->exam_no = g_strdup (key);
  r->id_number = g_strdup (id_number);
  r->name = g_strdup (name);
  g_assert_true (muying_id_number_validate (id_number, NULL, &r->birth_date, NULL, NULL));
  fixture_date (&r->exam_date, exam_date);
  r->hpv = x->hpv;
  g_assert_true (muying_hpv_types_parse (x->hpv_types ? x->hpv_types : "", &r->hpv_types, NULL));
  r->cytology = x->cytology;
  r->via_vili = x->via_vili;
  r->colposcopy = x->colposcopy;
  r->cervical_histology = x->histology;
  r->cbe = x->cbe;
  r->us_birads = x->us;
  r->mammo_birads = x->mammo;
  r->breast_pathology = x->pathology;
  if (x->pathology == MUYING_BREAST_PATHOLOGY_DCIS)
    r->cancer_stage = MUYING_CANCER_STAGE_0;
  cls = muying_rule_set_classify_two_cancer (f->rules, r);
  if (x->rule_set_2026_1)
    {
      /* A record rule set 2026.1 flagged keeps what it gave, with its version: mammography
       * BI-RADS 0 or 3 was MAMMO_ASSESS (docs/rules.md). */
      MuyingClassification *old = muying_classification_new ("2026.1");

      for (guint i = 0; i < cls->reasons->len; i++)
        {
          const MuyingReason *reason = g_ptr_array_index (cls->reasons, i);

          if (strcmp (reason->code, "MAMMO_INCOMPLETE") == 0 || strcmp (reason->code, "MAMMO_SHORT_INTERVAL") == 0)
            muying_classification_add (old, "MAMMO_ASSESS", MUYING_LEVEL_INTERMEDIATE, 30);
          else
            muying_classification_add (old, reason->code, reason->level, reason->deadline_days);
        }
      muying_classification_finish (old, &r->exam_date);
      muying_classification_free (cls);
      cls = old;
    }
  g_assert_true (muying_store_save_two_cancer (f->store, r, cls, "fixture", NULL, &id, &error));
  g_assert_no_error (error);
  return id;
}

static G_GNUC_UNUSED void
fixture_exec (StatsFixture *f,
              const char   *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (muying_store_exec (f->store, sql, &error));
  g_assert_no_error (error);
}

/* Sets the follow-up of the record with @key (any programme). */
static G_GNUC_UNUSED void
fixture_followup (StatsFixture *f,
                  const char   *key,
                  const char   *state,
                  const char   *due_date)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE followup SET state = '%s', due_date = '%s' "
                                          "WHERE record_id = (SELECT id FROM record WHERE record_key = '%s')",
                                          state, due_date, key);
  fixture_exec (f, sql);
  g_assert_cmpint (sqlite3_changes (muying_store_get_handle (f->store)), ==, 1);
}

static G_GNUC_UNUSED void
stats_fixture_set_up (StatsFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = fixture_id_number ("19950310", 1);
  g_autofree char *b = fixture_id_number ("19850601", 2);
  g_autofree char *c = fixture_id_number ("19920101", 3);
  g_autofree char *d = fixture_id_number ("19950505", 4);
  g_autofree char *e = fixture_id_number ("19930707", 5);
  g_autofree char *ff = fixture_id_number ("19910202", 6);
  g_autofree char *g = fixture_id_number ("19940404", 7);
  g_autofree char *h = fixture_id_number ("19960606", 8);
  g_autofree char *i = fixture_id_number ("19800229", 9);
  g_autofree char *j = fixture_id_number ("19700505", 10);
  g_autofree char *k = fixture_id_number ("19950101", 11);
  g_autofree char *l = fixture_id_number ("19601231", 12);
  g_autofree char *m = fixture_id_number ("19750707", 13);
  g_autofree char *n = fixture_id_number ("19850303", 14);
  const MuyingNiptCall none = MUYING_NIPT_CALL_NOT_RECORDED;
  const MuyingNiptStatus ok = MUYING_NIPT_STATUS_OK;

  f->dir = muying_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "stats.db", NULL);
  f->store = muying_store_create (f->path, &error);
  g_assert_no_error (error);
  f->rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);
  fixture_date (&f->today, "2025-11-15");

  g_assert_true (muying_store_begin (f->store, &error));

  fixture_add_prenatal (f, "P1", a, "王芳", "2024-10-01", MUYING_PRENATAL_TEST_EARLY_COMBINED, 84, 100, 5000, NAN,
                        1.5, none, ok);
  fixture_add_prenatal (f, "P2", a, "王芳", "2025-02-10", MUYING_PRENATAL_TEST_NIPT, 112, 0, 0, 1.0, NAN,
                        MUYING_NIPT_CALL_LOW, ok);
  fixture_add_prenatal (f, "P3", b, "李娜", "2025-09-30", MUYING_PRENATAL_TEST_MID_TRIPLE, 119, 500, 10000, 1.0,
                        NAN, none, ok);
  fixture_add_prenatal (f, "P4", c, "张敏", "2024-09-30", MUYING_PRENATAL_TEST_MID_QUAD, 112, 2000, 2000, 2.6, NAN,
                        none, ok);
  fixture_add_prenatal (f, "P5", d, "刘洋", "2025-10-01", MUYING_PRENATAL_TEST_NIPT, 91, 0, 0, 1.0, NAN,
                        MUYING_NIPT_CALL_HIGH, ok);
  fixture_add_prenatal (f, "P6", e, "陈静", "2025-03-03", MUYING_PRENATAL_TEST_NIPT, 98, 0, 0, 1.0, NAN, none,
                        MUYING_NIPT_STATUS_FAIL);
  fixture_add_prenatal (f, "P7", ff, "=HYPERLINK(\"http://example.com\",\"点我\")", "2025-04-04",
                        MUYING_PRENATAL_TEST_EARLY_COMBINED, 56, 5000, 5000, NAN, 3.2, none, ok);

  fixture_add_newborn (f, "N1", a, "王芳", "2024-12-01", "GJB2:c.235delC:het", MUYING_HEARING_PASS,
                       MUYING_HEARING_PASS, MUYING_HEARING_NOT_RECORDED, MUYING_HEARING_NOT_RECORDED);
  fixture_add_newborn (f, "N2", g, "赵丽", "2025-01-15", "GJB2:c.235delC:hom;MT-RNR1:m.1555A>G:homoplasmic",
                       MUYING_HEARING_REFER, MUYING_HEARING_PASS, MUYING_HEARING_NOT_RECORDED,
                       MUYING_HEARING_NOT_RECORDED);
  fixture_add_newborn (f, "N3", h, "孙红", "2025-05-05", "", MUYING_HEARING_REFER, MUYING_HEARING_REFER,
                       MUYING_HEARING_PASS, MUYING_HEARING_REFER);
  fixture_add_newborn (f, "N4", a, "王芳", "2025-06-06", "", MUYING_HEARING_PASS, MUYING_HEARING_NOT_DONE,
                       MUYING_HEARING_NOT_RECORDED, MUYING_HEARING_NOT_RECORDED);
  fixture_add_newborn (f, "N5", h, "孙红", "2025-10-02", "SLC26A4:c.919-2A>G:het;GJB3:c.538C>T:het",
                       MUYING_HEARING_PASS, MUYING_HEARING_PASS, MUYING_HEARING_NOT_RECORDED,
                       MUYING_HEARING_NOT_RECORDED);

  fixture_add_two_cancer (f, "T1", i, "周燕", "2025-02-28",
                          &(FixtureExam) { .hpv = MUYING_HPV_POSITIVE, .hpv_types = "16",
                                           .cytology = MUYING_CYTOLOGY_NILM, .us = MUYING_BIRADS_2 });
  fixture_add_two_cancer (f, "T2", i, "周燕", "2025-08-01",
                          &(FixtureExam) { .hpv = MUYING_HPV_NEGATIVE, .cytology = MUYING_CYTOLOGY_ASC_US });
  fixture_add_two_cancer (f, "T3", j, "吴霞", "2025-05-05",
                          &(FixtureExam) { .cbe = MUYING_EXAM_NORMAL, .us = MUYING_BIRADS_4A,
                                           .mammo = MUYING_BIRADS_3,
                                           .pathology = MUYING_BREAST_PATHOLOGY_DCIS, .rule_set_2026_1 = TRUE });
  fixture_add_two_cancer (f, "T4", k, "+86 138 0000 0000", "2025-06-01",
                          &(FixtureExam) { .hpv = MUYING_HPV_POSITIVE, .hpv_types = "52",
                                           .cytology = MUYING_CYTOLOGY_HSIL, .colposcopy = MUYING_EXAM_ABNORMAL,
                                           .histology = MUYING_CERVICAL_HISTOLOGY_CIN2,
                                           .cbe = MUYING_EXAM_ABNORMAL, .mammo = MUYING_BIRADS_6 });
  fixture_add_two_cancer (f, "T5", l, "郑梅", "2025-12-30",
                          &(FixtureExam) { .hpv = MUYING_HPV_NEGATIVE, .cytology = MUYING_CYTOLOGY_NILM });
  fixture_add_two_cancer (f, "T6", m, "冯雪", "2024-10-01",
                          &(FixtureExam) { .hpv = MUYING_HPV_NOT_DONE, .us = MUYING_BIRADS_0 });
  fixture_add_two_cancer (f, "-T7", n, "@SUM(A1)", "2025-09-30",
                          &(FixtureExam) { .cytology = MUYING_CYTOLOGY_UNSAT, .via_vili = MUYING_EXAM_ABNORMAL,
                                           .histology = MUYING_CERVICAL_HISTOLOGY_INVASIVE,
                                           .pathology = MUYING_BREAST_PATHOLOGY_ATYPICAL_HYPERPLASIA });

  /* Follow-on records of the prenatal records' pregnancies (entered or imported during follow-up). */
  fixture_exec (f, "INSERT INTO prenatal_diagnosis (diagnosis_no, id_number, person_id, pregnancy_id, procedure_date, "
                   "procedure, result, condition, created_at, updated_at) SELECT 'D1', p.id_number, r.person_id, "
                   "n.pregnancy_id, '2024-10-20', 'cvs', 'abnormal', 'T21', r.created_at, r.created_at FROM record r "
                   "JOIN prenatal n ON n.record_id = r.id JOIN person p ON p.id = r.person_id WHERE r.record_key = 'P1'");
  fixture_exec (f, "INSERT INTO pregnancy_outcome (id_number, end_date, person_id, pregnancy_id, outcome, created_at, "
                   "updated_at) SELECT p.id_number, '2024-11-02', r.person_id, n.pregnancy_id, 'termination', r.created_at, "
                   "r.created_at FROM record r JOIN prenatal n ON n.record_id = r.id JOIN person p ON p.id = r.person_id "
                   "WHERE r.record_key = 'P1'");
  fixture_exec (f, "INSERT INTO pregnancy_outcome (id_number, end_date, person_id, pregnancy_id, outcome, created_at, "
                   "updated_at) SELECT p.id_number, '2025-07-20', r.person_id, n.pregnancy_id, 'live_birth', r.created_at, "
                   "r.created_at FROM record r JOIN prenatal n ON n.record_id = r.id JOIN person p ON p.id = r.person_id "
                   "WHERE r.record_key = 'P2'");
  fixture_exec (f, "INSERT INTO prenatal_diagnosis (diagnosis_no, id_number, person_id, pregnancy_id, procedure_date, "
                   "procedure, result, created_at, updated_at) SELECT 'D3', p.id_number, r.person_id, n.pregnancy_id, "
                   "'2025-10-20', 'amniocentesis', 'normal', r.created_at, r.created_at FROM record r "
                   "JOIN prenatal n ON n.record_id = r.id JOIN person p ON p.id = r.person_id WHERE r.record_key = 'P3'");

  fixture_followup (f, "P1", "done", "2024-10-08");
  fixture_followup (f, "P3", "declined", "2025-10-30");
  fixture_followup (f, "P6", "lost", "2025-04-02");
  fixture_followup (f, "P7", "open", "2025-11-14");
  fixture_followup (f, "N1", "notified", "2025-11-15");
  fixture_followup (f, "N2", "next_step", "2025-11-01");
  fixture_followup (f, "N3", "result", "2025-12-01");
  fixture_followup (f, "N4", "open", "2026-01-31");
  fixture_followup (f, "T1", "done", "2025-03-07");
  fixture_followup (f, "T2", "open", "2025-01-01");
  fixture_followup (f, "T3", "done", "2025-05-12");
  fixture_followup (f, "T4", "lost", "2025-06-08");
  fixture_followup (f, "T6", "open", "2026-06-30");
  fixture_followup (f, "-T7", "declined", "2025-10-07");
  fixture_exec (f, "UPDATE followup SET closed_at = '2025-10-31T08:00:00Z' WHERE state IN ('done', 'declined', 'lost')");

  g_assert_true (muying_store_commit (f->store, &error));
  g_assert_no_error (error);
#ifdef MUYING_STATS_FIXTURE_SERVER
  if (data == STATS_ON_SERVER)
    f->uri = muying_test_pg_move_store (&f->store, "stats");
#endif
}

static G_GNUC_UNUSED void
stats_fixture_tear_down (StatsFixture  *f,
                         gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->rules);
#ifdef MUYING_STATS_FIXTURE_SERVER
  if (f->uri != NULL)
    muying_test_pg_drop_database (f->uri);
#endif
  g_free (f->uri);
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}
