/* test-indicators.c: every indicator against a data set counted by hand
 *
 * The statistical year 2026 (2025-10-01 … 2026-09-30); the administrator's figures: 100
 * deliveries, 90 live births, 50 women due for cervical and 40 for breast screening.
 *
 * Prenatal (the unit is the pregnancy):
 *   A  serum 2025-11-03 T21 1/150 (high) + NIPT 2025-11-13 low: one pregnancy (EDDs 10 days apart);
 *      amniocentesis 2025-12-01 abnormal T21; outcome termination 2025-12-20
 *   B  serum 2026-01-05 low; outcome live birth 2026-06-20 with a T21 defect (a false negative)
 *   C  NIPT 2026-02-01 failed (NIPT_REDRAW, intermediate); lost to follow-up
 *   D  serum 2026-03-01 T21 1/500, 40 at the EDD (T21_BORDERLINE + AMA, intermediate);
 *      amniocentesis normal; outcome live birth
 *   E  serum 2025-08-01 high (last period); its abnormal diagnosis of 2025-10-15 counts nowhere here
 *
 *   P1 4 | P2 4/100 | P3 triple 3, nipt 2 | P4 1/4 | P5 2/4 | P6 1/4 | P7 1/1 | P8 2 | P9 1/2 (T21 1)
 *   P10 3/4 | P11 1/3 (A, C, D had a follow-up; C lost) | P12 2 (A, B) | P13 1/2 | P14 1/1 (B; low: B)
 *   P15 1/2 (C of A, C) | P16 1/2
 *
 * Newborn (the unit is the newborn):
 *   a 2026-01-10 pass/pass (screened day 2), panel 9, nothing found
 *   b 2026-02-10 refer/pass (day 1), rescreen refer/pass; audiology 2026-04-20 left moderate
 *     sensorineural (day 69), hearing aid 2026-06-01 (day 111)
 *   c 2026-03-05 not screened in either ear; MT-RNR1 m.1555A>G, its drug-warning card printed
 *   d 2026-04-01 pass/refer (day 44), NICU, not rescreened; GJB2 c.235delC homozygous
 *   x 2025-09-01 (last period) refer/refer with an audiology diagnosis in this period
 *
 *   N1 3/90 (a b d) | N2 2/3 (b d) | N3 3 (b c d) | N4 1/3 | N5 1/1 | N6 2 (b; d biallelic) | N7 1/2
 *   N8 1/3 (moderate 1, sensorineural 1) | N9 1/1 | N10 2/3 (a b), diagnosis ≤ 90 days 1 of 1,
 *   intervention ≤ 180 days 1 of 1 | N11 4/90 | N12 2/4 (GJB2 1, MT-RNR1 1) | N13 1/1 | N14 0/3
 *
 * Two cancers (the unit is the woman, her most advanced result):
 *   W1 2026-01-10 HPV 16+, NILM, colposcopy abnormal, CIN2, LEEP; CBE normal, US 1
 *   W2 2026-02-10 HPV −, ASC-US; CBE abnormal, US 3, mammography 2
 *   W3 2026-03-10 HPV 52+, LSIL and 2026-06-10 VIA/VILI abnormal, invasive cervical cancer IB;
 *      US 4B, invasive breast cancer II, surgery
 *   W4 2026-04-10 US 0 (no mammography)
 *   W5 2025-09-20 (last period) HPV 16+
 *
 *   C1 3/50 | C2 2/3 (tested 3, 16/18 1) | C3 2/3 (NILM 1, ASC-US 1, LSIL 1) | C4 1/1 | C5 2 (W1 W3)
 *   C6 1/2 | C7 1/1 | C8 CIN2 1, invasive 1 | C9 2/3 | C10 2/2 | C11 1/2
 *   B1 4/40 | B2 1/4 | B3 4/4 (1, 3, 4B, 0) | B4 1/2 (W2 W4) | B5 1/1 | B6 1/4 (cancer II 1) | B7 0/1 | B8 1/1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-document.h"
#include "muying-id-number.h"
#include "muying-indicators.h"
#include "muying-indicators-private.h"
#include "muying-rule-set.h"
#include "muying-store-denominators.h"
#include "muying-store-follow-on.h"
#include "muying-store-records.h"
#include "muying-store-sql.h"
#include "muying-store-users.h"
#include "muying-store-worklist.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"
#include "muying-workbook-breakdowns.h"
#include "muying-workbook.h"
#include "muying-xlsx-reader-private.h"

#define PASSWORD "secret123"

typedef struct
{
  MuyingTestDb   db;      /* on a server database for "/…/server/…" */
  MuyingRuleSet *rules;
  MuyingUser    *admin;
  MuyingUser    *doctor;
  GHashTable    *ids;     /* key → record id */
} Fixture;

static void
set_date (GDate      *date,
          const char *iso)
{
  g_assert_true (muying_date_parse (iso, date, NULL));
}

static gint64
id_of (Fixture    *f,
       const char *key)
{
  gpointer id = g_hash_table_lookup (f->ids, key);

  g_assert_nonnull (id);
  return GPOINTER_TO_SIZE (id);
}

/* ---- prenatal ---------------------------------------------------------------------------- */

static void
prenatal (Fixture           *f,
          const char        *key,
          const char        *id17,
          const char        *sample_date,
          MuyingPrenatalTest test,
          int                t21_risk,
          const char        *expected_codes)
{
  g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *codes = NULL;
  gint64 id = 0;

  r->sample_no = g_strdup (key);
  r->id_number = muying_test_make_id_number (id17);
  r->name = g_strdup ("孕妇");
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  set_date (&r->sample_date, sample_date);
  r->test_type = test;
  r->ga_days = 16 * 7;
  muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
  if (test == MUYING_PRENATAL_TEST_NIPT)
    {
      r->afp_mom = 1.0;       /* the NTD risk assessed: no NTD_ASSESS */
      if (t21_risk < 0)
        r->nipt_status = MUYING_NIPT_STATUS_FAIL;
      else
        r->nipt_t21 = r->nipt_t18 = r->nipt_t13 = MUYING_NIPT_CALL_LOW;
    }
  else
    {
      r->t21_risk = t21_risk;
      r->t18_risk = 5000;
    }
  cls = muying_rule_set_classify_prenatal (f->rules, r);
  codes = muying_classification_join_codes (cls, ";");
  g_assert_cmpstr (codes, ==, expected_codes);
  g_assert_true (muying_store_save_prenatal (f->db.store, r, cls, "nurse", NULL, &id, &error));
  g_assert_no_error (error);
  g_hash_table_insert (f->ids, g_strdup (key), GSIZE_TO_POINTER (id));
}

static void
save_follow_on (Fixture           *f,
                MuyingFollowOnKind kind,
                gconstpointer      record,
                gboolean           expect_linked)
{
  g_autoptr(GError) error = NULL;
  gboolean linked = FALSE;

  g_assert_true (muying_store_edit_follow_on (f->db.store, f->doctor, kind, 0, record, f->rules, NULL, &linked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (linked, ==, expect_linked);
}

static void
diagnosis (Fixture              *f,
           const char           *no,
           const char           *id17,
           const char           *date,
           MuyingDiagnosisResult result,
           MuyingCondition       condition)
{
  g_autoptr(MuyingPrenatalDiagnosis) d = muying_prenatal_diagnosis_new ();

  d->diagnosis_no = g_strdup (no);
  d->id_number = muying_test_make_id_number (id17);
  set_date (&d->procedure_date, date);
  d->procedure = MUYING_PROCEDURE_AMNIOCENTESIS;
  d->method = MUYING_METHOD_KARYOTYPE;
  d->result = result;
  d->condition = condition;
  save_follow_on (f, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, d, TRUE);
}

static void
outcome (Fixture                   *f,
         const char                *id17,
         const char                *date,
         MuyingPregnancyOutcomeKind kind,
         MuyingCondition            defect)
{
  g_autoptr(MuyingPregnancyOutcome) o = muying_pregnancy_outcome_new ();

  o->id_number = muying_test_make_id_number (id17);
  set_date (&o->end_date, date);
  o->outcome = kind;
  o->babies = 1;
  o->birth_defect = defect != MUYING_CONDITION_NOT_RECORDED ? MUYING_BIRTH_DEFECT_YES : MUYING_BIRTH_DEFECT_NONE;
  o->condition = defect;
  save_follow_on (f, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, o, TRUE);
}

static void
lose (Fixture    *f,
      const char *key,
      const char *date)
{
  g_autoptr(GError) error = NULL;
  MuyingFollowupTransition t = { MUYING_FOLLOWUP_LOST };
  GDate today;

  set_date (&t.date, date);
  t.note = "电话空号，地址查无此人";
  t.contact_attempts = 3;
  set_date (&today, "2026-11-30");
  g_assert_true (muying_store_followup_transition (f->db.store, f->doctor, id_of (f, key), &t, f->rules, &today, &error));
  g_assert_no_error (error);
}

static void
add_prenatal (Fixture *f)
{
  prenatal (f, "PA1", "11010519950101002", "2025-11-03", MUYING_PRENATAL_TEST_MID_TRIPLE, 150, "T21_HIGH");
  prenatal (f, "PA2", "11010519950101002", "2025-11-13", MUYING_PRENATAL_TEST_NIPT, 0, "");
  prenatal (f, "PB1", "11010519960202004", "2026-01-05", MUYING_PRENATAL_TEST_MID_TRIPLE, 5000, "");
  prenatal (f, "PC1", "11010519940303006", "2026-02-01", MUYING_PRENATAL_TEST_NIPT, -1, "NIPT_REDRAW");
  prenatal (f, "PD1", "11010519850404008", "2026-03-01", MUYING_PRENATAL_TEST_MID_TRIPLE, 500, "AMA;T21_BORDERLINE");
  prenatal (f, "PE1", "11010519970505000", "2025-08-01", MUYING_PRENATAL_TEST_MID_TRIPLE, 100, "T21_HIGH");

  diagnosis (f, "DA", "11010519950101002", "2025-12-01", MUYING_DIAGNOSIS_ABNORMAL, MUYING_CONDITION_T21);
  outcome (f, "11010519950101002", "2025-12-20", MUYING_OUTCOME_TERMINATION, MUYING_CONDITION_NOT_RECORDED);
  outcome (f, "11010519960202004", "2026-06-20", MUYING_OUTCOME_LIVE_BIRTH, MUYING_CONDITION_T21);
  diagnosis (f, "DD", "11010519850404008", "2026-03-20", MUYING_DIAGNOSIS_NORMAL, MUYING_CONDITION_NOT_RECORDED);
  outcome (f, "11010519850404008", "2026-08-20", MUYING_OUTCOME_LIVE_BIRTH, MUYING_CONDITION_NOT_RECORDED);
  diagnosis (f, "DE", "11010519970505000", "2025-10-15", MUYING_DIAGNOSIS_ABNORMAL, MUYING_CONDITION_T18);
  lose (f, "PC1", "2026-03-01");
}

/* ---- newborn ----------------------------------------------------------------------------- */

static void
newborn (Fixture       *f,
         const char    *key,
         const char    *mother17,
         const char    *birth,
         MuyingHearing  left,
         MuyingHearing  right,
         const char    *hearing_date,
         MuyingHearing  rescreen_left,
         MuyingHearing  rescreen_right,
         const char    *variant,          /* "GENE:VARIANT:ZYGOSITY" or NULL */
         const char    *expected_codes)
{
  g_autoptr(MuyingNewbornRecord) r = muying_newborn_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *codes = NULL;
  gint64 id = 0;

  r->sample_no = g_strdup (key);
  r->mother_id_number = muying_test_make_id_number (mother17);
  r->mother_name = g_strdup ("母亲");
  r->sex = MUYING_SEX_FEMALE;
  set_date (&r->birth_date, birth);
  r->panel = g_strdup ("9");
  r->hearing_left = left;
  r->hearing_right = right;
  if (hearing_date != NULL)
    set_date (&r->hearing_date, hearing_date);
  r->rescreen_left = rescreen_left;
  r->rescreen_right = rescreen_right;
  if (rescreen_left != MUYING_HEARING_NOT_RECORDED)
    {
      r->rescreen_date = r->birth_date;
      g_date_add_days (&r->rescreen_date, 38);
    }
  if (variant != NULL)
    {
      g_auto(GStrv) v = g_strsplit (variant, ":", 3);
      MuyingZygosity z = g_strcmp0 (v[2], "hom") == 0 ? MUYING_ZYGOSITY_HOM : MUYING_ZYGOSITY_HOMOPLASMIC;

      g_ptr_array_add (r->variants, muying_variant_new (v[0], v[1], z));
    }
  cls = muying_rule_set_classify_newborn (f->rules, r);
  codes = muying_classification_join_codes (cls, ";");
  g_assert_cmpstr (codes, ==, expected_codes);
  g_assert_true (muying_store_save_newborn (f->db.store, r, cls, "nurse", NULL, &id, &error));
  g_assert_no_error (error);
  g_hash_table_insert (f->ids, g_strdup (key), GSIZE_TO_POINTER (id));
}

static void
audiology (Fixture            *f,
           const char         *key,
           const char         *date,
           MuyingHearingDegree left,
           MuyingHearingDegree right,
           const char         *intervention_date)
{
  g_autoptr(MuyingAudiology) a = muying_audiology_new ();

  a->sample_no = g_strdup (key);
  set_date (&a->diagnosis_date, date);
  a->left_degree = left;
  a->right_degree = right;
  a->loss_type = MUYING_LOSS_SENSORINEURAL;
  if (intervention_date != NULL)
    {
      a->intervention = MUYING_INTERVENTION_HEARING_AID;
      set_date (&a->intervention_date, intervention_date);
    }
  save_follow_on (f, MUYING_FOLLOW_ON_AUDIOLOGY, a, TRUE);
}

static void
add_newborn (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  newborn (f, "Na", "11010519900101001", "2026-01-10", MUYING_HEARING_PASS, MUYING_HEARING_PASS, "2026-01-12",
           MUYING_HEARING_NOT_RECORDED, MUYING_HEARING_NOT_RECORDED, NULL, "");
  newborn (f, "Nb", "11010519910202002", "2026-02-10", MUYING_HEARING_REFER, MUYING_HEARING_PASS, "2026-02-11",
           MUYING_HEARING_REFER, MUYING_HEARING_PASS, NULL, "HEARING_REFER");
  newborn (f, "Nc", "11010519920303003", "2026-03-05", MUYING_HEARING_NOT_DONE, MUYING_HEARING_NOT_DONE, NULL,
           MUYING_HEARING_NOT_RECORDED, MUYING_HEARING_NOT_RECORDED, "MT-RNR1:m.1555A>G:homoplasmic",
           "HEARING_NOT_SCREENED;MT_AMINOGLYCOSIDE");
  newborn (f, "Nd", "11010519930404004", "2026-04-01", MUYING_HEARING_PASS, MUYING_HEARING_REFER, "2026-05-15",
           MUYING_HEARING_NOT_RECORDED, MUYING_HEARING_NOT_RECORDED, "GJB2:c.235delC:hom", "GJB2_BIALLELIC;RESCREEN_DUE");
  newborn (f, "Nx", "11010519940505005", "2025-09-01", MUYING_HEARING_REFER, MUYING_HEARING_REFER, "2025-09-02",
           MUYING_HEARING_REFER, MUYING_HEARING_REFER, NULL, "HEARING_REFER");
  audiology (f, "Nb", "2026-04-20", MUYING_DEGREE_MODERATE, MUYING_DEGREE_NORMAL, "2026-06-01");
  audiology (f, "Nx", "2025-11-01", MUYING_DEGREE_SEVERE, MUYING_DEGREE_SEVERE, NULL);
  g_assert_true (muying_store_audit_printed (f->db.store, "doc", id_of (f, "Nc"), MUYING_DOCUMENT_DRUG_CARD, &error));
  g_assert_no_error (error);
}

/* ---- two cancers ------------------------------------------------------------------------- */

typedef struct
{
  MuyingHpv                hpv;
  const char              *types;
  MuyingCytology           cytology;
  MuyingExamResult         via, colposcopy, cbe;
  MuyingCervicalHistology  histology;
  MuyingBirads             us, mammo;
  MuyingBreastPathology    pathology;
} Exam;

static void
exam (Fixture    *f,
      const char *key,
      const char *id17,
      const char *date,
      const Exam *e,
      const char *expected_codes)
{
  g_autoptr(MuyingTwoCancerRecord) r = muying_two_cancer_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *codes = NULL;
  gint64 id = 0;

  r->exam_no = g_strdup (key);
  r->id_number = muying_test_make_id_number (id17);
  r->name = g_strdup ("妇女");
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  set_date (&r->exam_date, date);
  r->hpv = e->hpv;
  if (e->types != NULL)
    g_assert_true (muying_hpv_types_parse (e->types, &r->hpv_types, NULL));
  r->cytology = e->cytology;
  r->via_vili = e->via;
  r->colposcopy = e->colposcopy;
  r->cbe = e->cbe;
  r->cervical_histology = e->histology;
  r->us_birads = e->us;
  r->mammo_birads = e->mammo;
  r->breast_pathology = e->pathology;
  cls = muying_rule_set_classify_two_cancer (f->rules, r);
  codes = muying_classification_join_codes (cls, ";");
  g_assert_cmpstr (codes, ==, expected_codes);
  g_assert_true (muying_store_save_two_cancer (f->db.store, r, cls, "nurse", NULL, &id, &error));
  g_assert_no_error (error);
  g_hash_table_insert (f->ids, g_strdup (key), GSIZE_TO_POINTER (id));
}

/* The stage and treatment columns, as the form or an import writes them. */
static void
exec_on (Fixture    *f,
         const char *sql,
         const char *key)
{
  /* on the file or on the server the records were moved to */
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (f->db.store, sql, NULL);

  g_assert_nonnull (stmt);
  muying_sql_bind_int64 (stmt, 1, id_of (f, key));
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_DONE);
}

static void
add_two_cancer (Fixture *f)
{
  exam (f, "W1", "11010519800606006", "2026-01-10",
        &(Exam) { MUYING_HPV_POSITIVE, "16", MUYING_CYTOLOGY_NILM, .colposcopy = MUYING_EXAM_ABNORMAL,
                  .cbe = MUYING_EXAM_NORMAL, .histology = MUYING_CERVICAL_HISTOLOGY_CIN2, .us = MUYING_BIRADS_1 },
        "CERVICAL_PRECANCER;COLPOSCOPY_ABNORMAL;HPV16_18");
  exam (f, "W2", "11010519810707007", "2026-02-10",
        &(Exam) { MUYING_HPV_NEGATIVE, NULL, MUYING_CYTOLOGY_ASC_US, .cbe = MUYING_EXAM_ABNORMAL, .us = MUYING_BIRADS_3,
                  .mammo = MUYING_BIRADS_2 },
        "CYTO_ASCUS_HPV_NEG");
  exam (f, "W3", "11010519820808008", "2026-03-10",
        &(Exam) { MUYING_HPV_POSITIVE, "52", MUYING_CYTOLOGY_LSIL, .us = MUYING_BIRADS_4B,
                  .pathology = MUYING_BREAST_PATHOLOGY_INVASIVE },
        "BREAST_CANCER;BREAST_SUSPICIOUS;CYTO_ABNORMAL;HPV_OTHER_CYTO_ABNORMAL");
  exam (f, "W3b", "11010519820808008", "2026-06-10",
        &(Exam) { .via = MUYING_EXAM_ABNORMAL, .histology = MUYING_CERVICAL_HISTOLOGY_INVASIVE },
        "CERVICAL_CANCER;VIA_VILI_ABNORMAL");
  exam (f, "W4", "11010519830909009", "2026-04-10", &(Exam) { .us = MUYING_BIRADS_0 }, "US_RECALL");
  exam (f, "W5", "11010519841010001", "2025-09-20", &(Exam) { MUYING_HPV_POSITIVE, "16" }, "HPV16_18");
  exec_on (f, "UPDATE two_cancer SET cervical_treatment = 'leep', cervical_treatment_date = '2026-02-01' "
              "WHERE record_id = ?", "W1");
  exec_on (f, "UPDATE two_cancer SET cervical_stage = 'IB', breast_stage = 'II', breast_treatment = 'surgery', "
              "breast_treatment_date = '2026-07-01' WHERE record_id = ?", "W3b");
}

/* ---- the fixture ------------------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MuyingDenominators figures;

  muying_test_db_create (&f->db, "indicators.db");
  f->rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);
  f->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->admin = muying_store_create_first_admin (f->db.store, "admin", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  f->doctor = muying_store_create_user (f->db.store, "admin", "doc", "李医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);

  muying_denominators_init (&figures);
  figures.year = 2026;
  figures.deliveries = 100;
  figures.live_births = 90;
  figures.cervical_due = 50;
  figures.breast_due = 40;
  g_assert_true (muying_store_set_denominators (f->db.store, f->admin, &figures, &error));
  g_assert_no_error (error);

  add_prenatal (f);
  add_newborn (f);
  add_two_cancer (f);

  /* The same hand-counted records, moved to the PostgreSQL server: the same counts there. */
  muying_test_db_move_if (&f->db, GPOINTER_TO_INT (data), "indicators");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->ids, g_hash_table_unref);
  g_clear_object (&f->doctor);
  g_clear_object (&f->admin);
  g_clear_object (&f->rules);
  muying_test_db_clear (&f->db);
}

static MuyingIndicators *
compute (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  MuyingIndicators *indicators;
  MuyingPeriod year;

  muying_period_init_statistical_year (&year, 2026);
  indicators = muying_store_compute_indicators (f->db.store, &year, &error);
  g_assert_no_error (error);
  return indicators;
}

/* n and d of @id; d < 0: the indicator has no denominator */
static void
expect (const MuyingIndicators *all,
        const char             *id,
        gint64                  n,
        gint64                  d)
{
  const MuyingIndicator *ind = muying_indicators_get (all, id);

  g_assert_nonnull (ind);
  g_test_message ("%s: %lld / %lld", id, (long long) ind->n, (long long) ind->d);
  g_assert_cmpint (ind->n, ==, n);
  if (d < 0)
    g_assert_false (ind->has_d);
  else
    {
      g_assert_true (ind->has_d);
      g_assert_false (ind->d_missing);
      g_assert_cmpint (ind->d, ==, d);
    }
}

static void
expect_part (const MuyingIndicators *all,
             const char             *id,
             const char             *group,
             const char             *key,
             gint64                  count)
{
  g_assert_cmpint (muying_indicator_get_part (muying_indicators_get (all, id), group, key), ==, count);
}

static void
test_prenatal (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(MuyingIndicators) all = compute (f);

  expect (all, "P1", 4, -1);
  expect (all, "P2", 4, 100);
  expect (all, "P3", 4, -1);
  expect_part (all, "P3", "by_test", "mid_triple", 3);
  expect_part (all, "P3", "by_test", "nipt", 2);
  expect_part (all, "P3", "by_test", "early_combined", 0);
  expect (all, "P4", 1, 4);
  expect (all, "P5", 2, 4);
  expect (all, "P6", 1, 4);
  expect (all, "P7", 1, 1);
  expect (all, "P8", 2, -1);
  expect (all, "P9", 1, 2);
  expect_part (all, "P9", "by_condition", "T21", 1);
  expect_part (all, "P9", "by_condition", "T18", 0);
  expect (all, "P10", 3, 4);
  expect (all, "P11", 1, 3);
  expect (all, "P12", 2, -1);
  expect (all, "P13", 1, 2);
  expect (all, "P14", 1, 1);
  expect (all, "P15", 1, 2);
  expect (all, "P16", 1, 2);
}

static void
test_newborn (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MuyingIndicators) all = compute (f);

  expect (all, "N1", 3, 90);
  expect (all, "N2", 2, 3);
  expect (all, "N3", 3, -1);
  expect (all, "N4", 1, 3);
  expect (all, "N5", 1, 1);
  expect (all, "N6", 2, -1);
  expect (all, "N7", 1, 2);
  expect (all, "N8", 1, 3);
  expect_part (all, "N8", "by_degree", "moderate", 1);
  expect_part (all, "N8", "by_type", "sensorineural", 1);
  expect (all, "N9", 1, 1);
  expect (all, "N10", 2, 3);
  expect_part (all, "N10", NULL, "diagnosis_90_days", 1);
  expect_part (all, "N10", NULL, "diagnosed", 1);
  expect_part (all, "N10", NULL, "intervention_180_days", 1);
  expect_part (all, "N10", NULL, "intervened", 1);
  expect (all, "N11", 4, 90);
  expect (all, "N12", 2, 4);
  expect_part (all, "N12", "by_gene", "GJB2", 1);
  expect_part (all, "N12", "by_gene", "MT-RNR1", 1);
  expect_part (all, "N12", "by_locus", "GJB2:c.235delC", 1);
  expect (all, "N13", 1, 1);
  expect (all, "N14", 0, 3);
}

static void
test_two_cancer (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MuyingIndicators) all = compute (f);

  expect (all, "C1", 3, 50);
  expect (all, "C2", 2, 3);
  expect_part (all, "C2", NULL, "tested", 3);
  expect_part (all, "C2", NULL, "hpv_16_18", 1);
  expect (all, "C3", 2, 3);
  expect_part (all, "C3", "by_category", "NILM", 1);
  expect_part (all, "C3", "by_category", "ASC-US", 1);
  expect_part (all, "C3", "by_category", "LSIL", 1);
  expect (all, "C4", 1, 1);
  expect (all, "C5", 2, -1);
  expect (all, "C6", 1, 2);
  expect (all, "C7", 1, 1);
  expect (all, "C8", 2, -1);
  expect_part (all, "C8", NULL, "CIN2", 1);
  expect_part (all, "C8", NULL, "invasive", 1);
  expect (all, "C9", 2, 3);
  expect (all, "C10", 2, 2);
  expect (all, "C11", 1, 2);
  expect (all, "B1", 4, 40);
  expect (all, "B2", 1, 4);
  expect (all, "B3", 4, 4);
  expect_part (all, "B3", "by_birads", "0", 1);
  expect_part (all, "B3", "by_birads", "4B", 1);
  expect (all, "B4", 1, 2);
  expect (all, "B5", 1, 1);
  expect (all, "B6", 1, 4);
  expect_part (all, "B6", "cancer_by_stage", "II", 1);
  expect (all, "B7", 0, 1);
  expect (all, "B8", 1, 1);
}

/* Without the administrator's figures, the four external rates are not reported (未填报). */
static void
test_missing_denominators (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (path, &error);
  g_autoptr(MuyingIndicators) all = NULL;
  MuyingPeriod year;
  double rate;

  g_assert_no_error (error);
  muying_period_init_statistical_year (&year, 2026);
  all = muying_store_compute_indicators (store, &year, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->indicators->len; i++)
    {
      const MuyingIndicator *ind = all->indicators->pdata[i];

      g_assert_cmpint (ind->n, ==, 0);
      g_assert_cmpint (ind->d_missing, ==, ind->external);
      g_assert_false (muying_indicator_get_rate (ind, &rate));
    }
  g_clear_object (&store);
  muying_test_rm_rf (dir);
}

/* No rate of the hand-built set exceeds 100 % (the subset rule). */
static void
test_subset_rule (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MuyingIndicators) all = compute (f);
  g_autoptr(GPtrArray) problems = muying_indicators_check (all);

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (const char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
  for (guint i = 0; i < all->indicators->len; i++)
    {
      const MuyingIndicator *ind = all->indicators->pdata[i];
      double rate;

      if (muying_indicator_get_rate (ind, &rate) && ind->unit == MUYING_RATE_PERCENT)
        g_assert_cmpfloat (rate, <=, 100.0);
    }
}

static gboolean
contains (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* The cases behind every count: as many as the count, each in its denominator's cases; and those of
 * a few by name (the first record of each unit). */
static void
test_drill_down (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MuyingIndicators) all = compute (f);
  g_autoptr(GError) error = NULL;
  MuyingPeriod year;

  muying_period_init_statistical_year (&year, 2026);
  for (guint i = 0; i < all->indicators->len; i++)
    {
      const MuyingIndicator *ind = all->indicators->pdata[i];
      g_autoptr(GArray) num = muying_store_list_indicator_records (f->db.store, &year, MUYING_INDICATORS_BY_NONE, NULL,
                                                                   ind->id, FALSE, &error);

      g_assert_no_error (error);
      g_assert_cmpint (num->len, ==, ind->n);
      if (ind->has_d && !ind->external)
        {
          g_autoptr(GArray) den = muying_store_list_indicator_records (f->db.store, &year, MUYING_INDICATORS_BY_NONE, NULL,
                                                                       ind->id, TRUE, &error);

          g_assert_cmpint (den->len, ==, ind->d);
          for (guint k = 0; k < num->len; k++)
            g_assert_true (contains (den, g_array_index (num, gint64, k)));
        }
    }
  {
    g_autoptr(GArray) p7 = muying_store_list_indicator_records (f->db.store, &year, MUYING_INDICATORS_BY_NONE, NULL, "P7",
                                                                FALSE, &error);
    g_autoptr(GArray) p14 = muying_store_list_indicator_records (f->db.store, &year, MUYING_INDICATORS_BY_NONE, NULL, "P14",
                                                                 FALSE, &error);
    g_autoptr(GArray) c9 = muying_store_list_indicator_records (f->db.store, &year, MUYING_INDICATORS_BY_NONE, NULL, "C9",
                                                                FALSE, &error);
    g_autoptr(GArray) none = muying_store_list_indicator_records (f->db.store, &year, MUYING_INDICATORS_BY_NONE, NULL, "X9",
                                                                  FALSE, &error);

    g_assert_cmpuint (p7->len, ==, 1);
    g_assert_cmpint (g_array_index (p7, gint64, 0), ==, id_of (f, "PA1"));
    g_assert_cmpint (g_array_index (p14, gint64, 0), ==, id_of (f, "PB1"));
    g_assert_cmpuint (c9->len, ==, 2);
    g_assert_true (contains (c9, id_of (f, "W1")) && contains (c9, id_of (f, "W3")));
    g_assert_null (none);
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
  }
}

/* By month: each unit in the month of its first screening, the months add up to the total (a woman
 * counts once, in the month of her first exam), and each month keeps the subset rule. */
static void
test_by_month (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(MuyingIndicators) total = compute (f);
  g_autoptr(GPtrArray) months = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const counts[] = { "P1", "P4", "P12", "N1", "N3", "N11", "C1", "C9", "B1", "B6" };
  MuyingPeriod year;

  muying_period_init_statistical_year (&year, 2026);
  months = muying_store_compute_indicators_by (f->db.store, &year, MUYING_INDICATORS_BY_MONTH, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (counts); k++)
    {
      gint64 sum = 0;

      for (guint i = 0; i < months->len; i++)
        sum += muying_indicators_get (months->pdata[i], counts[k])->n;
      g_assert_cmpint (sum, ==, muying_indicators_get (total, counts[k])->n);
    }
  for (guint i = 0; i < months->len; i++)
    {
      g_autoptr(GPtrArray) problems = muying_indicators_check (months->pdata[i]);
      const MuyingIndicators *month = months->pdata[i];

      g_assert_cmpuint (problems->len, ==, 0);
      /* no population figures per month: 未填报, not 0 */
      g_assert_true (muying_indicators_get (month, "P2")->d_missing);
    }
  /* A (2025-11: serum and NIPT, one pregnancy), W3 in March only (her June exam is the same woman) */
  g_assert_cmpstr (((MuyingIndicators *) months->pdata[0])->group, ==, "2025-11");
  g_assert_cmpint (muying_indicators_get (months->pdata[0], "P1")->n, ==, 1);
  for (guint i = 0; i < months->len; i++)
    if (g_strcmp0 (((MuyingIndicators *) months->pdata[i])->group, "2026-06") == 0)
      g_assert_cmpint (muying_indicators_get (months->pdata[i], "C1")->n, ==, 0);
}

/* The figures from the command line: an administrator sets and imports them, a bad row is named
 * by line and column, a nurse may not; stats --format json carries n and d. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *csv = g_build_filename (f->db.dir, "figures.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) nurse = muying_store_create_user (f->db.store, "admin", "nurse", "张护士", MUYING_ROLE_NURSE,
                                                          PASSWORD, &error);

  g_assert_no_error (error);
  {
    const char *args[] = { "--db", f->db.path, "--user", "admin", "denominators", "set", "--year", "2026",
                           "--live-births", "120", NULL };

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", f->db.path, "--user", "nurse", "denominators", "set", "--year", "2026",
                           "--live-births", "1", NULL };

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, &err), !=, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  g_assert_true (g_file_set_contents (csv, "year,quarter,area_code,deliveries,live_births,cervical_due,breast_due\n"
                                           "2026,2,110105,30,29,,\n2026,7,,1,,,\n", -1, NULL));
  {
    const char *args[] = { "--db", f->db.path, "--user", "admin", "denominators", "import", csv, NULL };

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "3"));
    g_assert_nonnull (strstr (err, "quarter"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", f->db.path, "denominators", "list", "--year", "2026", "--format", "json", NULL };

    g_assert_cmpint (muying_test_run_cli (args, NULL, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "\"live_births\":120"));
    g_assert_nonnull (strstr (out, "\"area_code\":\"110105\""));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", f->db.path, "stats", "--year", "2026", "--format", "json", NULL };

    g_assert_cmpint (muying_test_run_cli (args, NULL, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "\"N1\" : {\n        \"n\" : 3,\n        \"d\" : 120"));
    g_assert_nonnull (strstr (out, "\"P7\" : {\n        \"n\" : 1,\n        \"d\" : 1"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *check[] = { "--db", f->db.path, "check", "--stats", "--year", "2026", NULL };
    const char *fewer[] = { "--db", f->db.path, "--user", "admin", "denominators", "set", "--year", "2026",
                            "--cervical-due", "2", NULL };

    g_assert_cmpint (muying_test_run_cli (check, NULL, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    /* 3 women examined of 2 due: the form logic (应查 ≥ 实查) fails, with both counts */
    g_assert_cmpint (muying_test_run_cli (fewer, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (muying_test_run_cli (check, NULL, &out, &err), ==, 1);
    g_assert_nonnull (strstr (out, "C1"));
    g_assert_nonnull (strstr (out, " 3 "));
    g_assert_nonnull (strstr (out, " 2"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* the figure was a mistake: `none` makes it not given again, and the check passes */
    const char *check[] = { "--db", f->db.path, "check", "--stats", "--year", "2026", NULL };
    const char *none[] = { "--db", f->db.path, "--user", "admin", "denominators", "set", "--year", "2026",
                           "--cervical-due", "none", NULL };
    const char *remove[] = { "--db", f->db.path, "--user", "admin", "denominators", "delete", "--year", "2026",
                             "--quarter", "2", "--area", "110105", NULL };
    const char *list[] = { "--db", f->db.path, "denominators", "list", "--year", "2026", "--format", "json", NULL };

    g_assert_cmpint (muying_test_run_cli (none, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (muying_test_run_cli (check, NULL, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    /* the county row goes; deleting it again says there is none */
    g_assert_cmpint (muying_test_run_cli (remove, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (muying_test_run_cli (list, NULL, &out, &err), ==, 0);
    g_assert_null (strstr (out, "110105"));
    g_assert_nonnull (strstr (out, "\"live_births\":120"));
    g_assert_null (strstr (out, "cervical_due\":2"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (muying_test_run_cli (remove, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 1);
    g_test_message ("%s", err);
    g_assert_nonnull (strstr (err, "110105"));
  }
}

/* ---- the workbook ------------------------------------------------------------------------ *
 * The annual workbook of the same data set, read back by tests/check-workbook.py (openpyxl):
 * every indicator cell equals the hand count above (numerator and denominator; the rate is
 * their formula with its cached value), months and quarters are computed on their own (C1 of
 * the months January, February, March and June add up to 4, the year and the quarters count W3
 * once), no % anywhere exceeds 100, 未填报 where a figure was not entered, and the 校验 sheet
 * reports a figure entered below its numerator.
 */

#define PYTHON "/usr/bin/python3"

typedef struct
{
  const char *id;
  gint64      n;
  gint64      d;   /* -1: no denominator; -2: 未填报 */
} Expected;

static const Expected year_counts[] = {
  { "P1", 4, -1 }, { "P2", 4, 100 }, { "P3", 4, -1 }, { "P4", 1, 4 }, { "P5", 2, 4 }, { "P6", 1, 4 }, { "P7", 1, 1 },
  { "P8", 2, -1 }, { "P9", 1, 2 }, { "P10", 3, 4 }, { "P11", 1, 3 }, { "P12", 2, -1 }, { "P13", 1, 2 },
  { "P14", 1, 1 }, { "P15", 1, 2 }, { "P16", 1, 2 },
  { "N1", 3, 90 }, { "N2", 2, 3 }, { "N3", 3, -1 }, { "N4", 1, 3 }, { "N5", 1, 1 }, { "N6", 2, -1 }, { "N7", 1, 2 },
  { "N8", 1, 3 }, { "N9", 1, 1 }, { "N10", 2, 3 }, { "N11", 4, 90 }, { "N12", 2, 4 }, { "N13", 1, 1 },
  { "N14", 0, 3 },
  { "C1", 3, 50 }, { "C2", 2, 3 }, { "C3", 2, 3 }, { "C4", 1, 1 }, { "C5", 2, -1 }, { "C6", 1, 2 }, { "C7", 1, 1 },
  { "C8", 2, -1 }, { "C9", 2, 3 }, { "C10", 2, 2 }, { "C11", 1, 2 },
  { "B1", 4, 40 }, { "B2", 1, 4 }, { "B3", 4, 4 }, { "B4", 1, 2 }, { "B5", 1, 1 }, { "B6", 1, 4 }, { "B7", 0, 1 },
  { "B8", 1, 1 },
};

/* Months and quarters: no population figures of their own (the year's are entered). */
static const struct
{
  const char *group;
  Expected    counts;
} group_counts[] = {
  { "2025年10月", { "P1", 0, -1 } },
  { "2025年11月", { "P1", 1, -1 } },
  { "2025年11月", { "P2", 1, -2 } },
  { "2025年11月", { "P4", 1, 1 } },
  { "2026年01月", { "P1", 1, -1 } },
  { "2026年03月", { "P5", 1, 1 } },
  { "2026年01月", { "C1", 1, -2 } },
  { "2026年02月", { "C1", 1, -2 } },
  { "2026年03月", { "C1", 1, -2 } },
  { "2026年06月", { "C1", 1, -2 } },
  { "2026年04月", { "C1", 0, -2 } },
  { "2026年04月", { "C9", 0, 0 } },
  { "2025年10–12月小计", { "P1", 1, -1 } },
  { "2026年1–3月小计", { "P1", 3, -1 } },
  { "2026年1–3月小计", { "P2", 3, -2 } },
  { "2026年1–3月小计", { "C1", 3, -2 } },
  { "2026年4–6月小计", { "C1", 1, -2 } },
  { "2026年1–3月小计", { "N1", 2, -2 } },
};

static void
add_expected (JsonBuilder    *b,
              const Expected *e)
{
  json_builder_set_member_name (b, e->id);
  json_builder_begin_array (b);
  json_builder_add_int_value (b, e->n);
  if (e->d == -1)
    json_builder_add_null_value (b);
  else if (e->d == -2)
    json_builder_add_string_value (b, "未填报");
  else
    json_builder_add_int_value (b, e->d);
  json_builder_end_array (b);
}

static void
set_strv_member (JsonBuilder        *b,
                 const char         *name,
                 const char * const *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

/* Writes @name.json for check-workbook.py: @totals for the whole period, the months and quarters when @with_groups, the 校验 failures expected. */
static char *
write_expectations (Fixture            *f,
                    const char         *name,
                    const Expected     *totals,
                    guint               n_totals,
                    gboolean            with_groups,
                    guint               n_failures,
                    const char * const *failing)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s.json", name);
  char *path = g_build_filename (f->db.dir, file, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "indicators_only");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "indicators");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_begin_object (b);
  for (guint i = 0; i < n_totals; i++)
    add_expected (b, &totals[i]);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_object (b);
  for (guint i = 0; with_groups && i < G_N_ELEMENTS (group_counts); i++)
    {
      guint j;

      /* one object per group, its indicators together */
      for (j = 0; j < i; j++)
        if (strcmp (group_counts[j].group, group_counts[i].group) == 0)
          break;
      if (j < i)
        continue;
      json_builder_set_member_name (b, group_counts[i].group);
      json_builder_begin_object (b);
      for (j = i; j < G_N_ELEMENTS (group_counts); j++)
        if (strcmp (group_counts[j].group, group_counts[i].group) == 0)
          add_expected (b, &group_counts[j].counts);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "checks");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "failures");
  json_builder_add_int_value (b, n_failures);
  set_strv_member (b, "failing", failing);
  json_builder_end_object (b);
  set_strv_member (b, "over_100", failing);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  g_assert_true (json_generator_to_file (gen, path, &error));
  g_assert_no_error (error);
  return path;
}

static gboolean
have_openpyxl (void)
{
  const char *argv[] = { PYTHON, "-c", "import openpyxl", NULL };
  int status = -1;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

static char *
export_workbook (Fixture            *f,
                 const char         *name,
                 const MuyingPeriod *period)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s.xlsx", name);
  char *path = g_build_filename (f->db.dir, file, NULL);
  MuyingWorkbookOptions options = { 0 };

  options.period = *period;
  options.user = "admin";
  options.rule_set = f->rules;
  g_assert_true (muying_workbook_export (f->db.store, path, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static gboolean
workbook_checks (const char *xlsx,
                 const char *expected)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-workbook.py", NULL);
  const char *argv[] = { PYTHON, script, xlsx, expected, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("check-workbook.py %s:\n%s%s", expected, out, err);
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_workbook (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *expected = NULL;
  MuyingPeriod year, calendar;
  MuyingDenominators fewer;
  const char * const c1[] = { "C1", NULL };
  /* The calendar year 2026 has no figures: the four rates over them are 未填报. A is of 2025. */
  const Expected calendar_counts[] = {
    { "P1", 3, -1 }, { "P2", 3, -2 }, { "N1", 3, -2 }, { "N11", 4, -2 }, { "C1", 3, -2 }, { "B1", 4, -2 },
  };

  if (!have_openpyxl ())
    {
      g_test_skip ("python3-openpyxl is not installed");
      return;
    }
  muying_period_init_statistical_year (&year, 2026);
  xlsx = export_workbook (f, "year", &year);
  expected = write_expectations (f, "year", year_counts, G_N_ELEMENTS (year_counts), TRUE, 0, NULL);
  g_assert_true (workbook_checks (xlsx, expected));
  g_clear_pointer (&xlsx, g_free);
  g_clear_pointer (&expected, g_free);

  muying_period_init_calendar_year (&calendar, 2026);
  xlsx = export_workbook (f, "calendar", &calendar);
  expected = write_expectations (f, "calendar", calendar_counts, G_N_ELEMENTS (calendar_counts), FALSE, 0, NULL);
  g_assert_true (workbook_checks (xlsx, expected));
  g_clear_pointer (&xlsx, g_free);
  g_clear_pointer (&expected, g_free);

  /* 应查人数 entered as 2, below the 3 women examined: C1 fails its check (and its rate is the
   * one above 100 %); the checker also fails on the year's expectations, which have no failure. */
  muying_denominators_init (&fewer);
  fewer.year = 2026;
  fewer.cervical_due = 2;
  g_assert_true (muying_store_set_denominators (f->db.store, f->admin, &fewer, &error));
  g_assert_no_error (error);
  muying_denominators_clear (&fewer);
  xlsx = export_workbook (f, "fewer", &year);
  {
    Expected counts[G_N_ELEMENTS (year_counts)];

    memcpy (counts, year_counts, sizeof counts);
    for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
      if (strcmp (counts[i].id, "C1") == 0)
        counts[i].d = 2;
    expected = write_expectations (f, "fewer", counts, G_N_ELEMENTS (counts), TRUE, 1, c1);
  }
  g_assert_true (workbook_checks (xlsx, expected));
  g_clear_pointer (&expected, g_free);
  expected = write_expectations (f, "fewer-unnoticed", year_counts, G_N_ELEMENTS (year_counts), TRUE, 0, NULL);
  g_assert_false (workbook_checks (xlsx, expected));
}

/* ---- breakdowns ---------------------------------------------------------------------------- *
 * The data set above with institutions, areas, funding and residence set on some records (the
 * rest not recorded). A unit counts in the groups of its first screening record of the period:
 *
 *   prenatal   PA1 甲医院 110105 (PA2 乙医院 free: not A's first record), PB1 乙医院 free
 *              by institution P1: （未填写）2 (C D), 甲医院 1 (A), 乙医院 1 (B); P4 甲医院 1
 *              by funding P1: free 1 (B), other 3
 *   newborn    Na Nb 甲医院 (Na 110105), Nc Nd 乙医院: N1 甲 2 (a b), 乙 1 (d); N11 甲 2, 乙 2
 *   two-cancer W1 甲医院 110105 free rural; W2 甲医院 110105 self_paid urban dibao; W3 乙医院 110106
 *              free urban (W3b 甲医院 110105 self_paid rural: not her first exam); W4 nothing
 *              by institution C1 甲 2 乙 1, B1 甲 2 乙 1 （未填写）1 (W4), C9 甲 1 (W1) 乙 1 (W3)
 *              by area C1 110105 2, 110106 1; B1 110105 2, 110106 1, （未填写）1
 *              by funding C1 free 2, other 1; B1 free 2, other 2; C9 free 2
 *              by residence C1 农村 1, 城镇低保 1, 城镇 1; B1 the same and （未填写）1; C9 农村 1 城镇 1;
 *              B6 城镇 1 (W3)
 *              by age (W1 45 on 2026-01-10, W2 44, W3 43, W4 42) C1 45–49 1, 40–44 2;
 *              B1 45–49 1, 40–44 3; and prenatal P1 40–44 1 (D, 40), other 3
 */
static void
add_breakdown_columns (Fixture *f)
{
  static const struct
  {
    const char *key;
    const char *sql;
  } updates[] = {
    { "PA1", "UPDATE prenatal SET area_code = '110105' WHERE record_id = ?1" },
    { "PA1", "UPDATE record SET institution = '甲医院' WHERE id = ?1" },
    { "PA2", "UPDATE record SET institution = '乙医院' WHERE id = ?1" },
    { "PA2", "UPDATE prenatal SET funding = 'free_programme' WHERE record_id = ?1" },
    { "PB1", "UPDATE record SET institution = '乙医院' WHERE id = ?1" },
    { "PB1", "UPDATE prenatal SET funding = 'free_programme' WHERE record_id = ?1" },
    { "Na", "UPDATE record SET institution = '甲医院' WHERE id = ?1" },
    { "Na", "UPDATE newborn SET area_code = '110105' WHERE record_id = ?1" },
    { "Nb", "UPDATE record SET institution = '甲医院' WHERE id = ?1" },
    { "Nc", "UPDATE record SET institution = '乙医院' WHERE id = ?1" },
    { "Nd", "UPDATE record SET institution = '乙医院' WHERE id = ?1" },
    { "W1", "UPDATE record SET institution = '甲医院' WHERE id = ?1" },
    { "W1", "UPDATE two_cancer SET area_code = '110105', funding = 'free_programme', residence = 'rural' "
            "WHERE record_id = ?1" },
    { "W2", "UPDATE record SET institution = '甲医院' WHERE id = ?1" },
    { "W2", "UPDATE two_cancer SET area_code = '110105', funding = 'self_paid', residence = 'urban', dibao = 'yes' "
            "WHERE record_id = ?1" },
    { "W3", "UPDATE record SET institution = '乙医院' WHERE id = ?1" },
    { "W3", "UPDATE two_cancer SET area_code = '110106', funding = 'free_programme', residence = 'urban', "
            "dibao = 'no' WHERE record_id = ?1" },
    { "W3b", "UPDATE record SET institution = '甲医院' WHERE id = ?1" },
    { "W3b", "UPDATE two_cancer SET area_code = '110105', funding = 'self_paid', residence = 'rural' "
             "WHERE record_id = ?1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (updates); i++)
    exec_on (f, updates[i].sql, updates[i].key);
}

/* The count of @id in group @key of @groups (its numerator, or its denominator); -1 when the
 * group is not there. */
static gint64
group_count (GPtrArray  *groups,
             const char *key,
             const char *id,
             gboolean    denominator)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const MuyingIndicators *group = groups->pdata[i];

      if (g_strcmp0 (group->group, key) == 0)
        return denominator ? muying_indicators_get (group, id)->d : muying_indicators_get (group, id)->n;
    }
  return -1;
}

enum { B_TOTAL, B_INSTITUTION, B_AREA, B_FREE, B_RESIDENCE, B_AGE, B_MONTH, N_B };

static void
compute_breakdowns (Fixture    *f,
                    GPtrArray **results)
{
  static const MuyingIndicatorsBy bys[N_B] = {
    MUYING_INDICATORS_BY_NONE, MUYING_INDICATORS_BY_INSTITUTION, MUYING_INDICATORS_BY_AREA,
    MUYING_INDICATORS_BY_FREE_PROGRAMME, MUYING_INDICATORS_BY_RESIDENCE, MUYING_INDICATORS_BY_AGE,
    MUYING_INDICATORS_BY_MONTH,
  };
  g_autoptr(GError) error = NULL;
  MuyingPeriod year;

  muying_period_init_statistical_year (&year, 2026);
  g_assert_true (muying_store_compute_indicators_multi (f->db.store, &year, bys, N_B, results, &error));
  g_assert_no_error (error);
}

static void
free_breakdowns (GPtrArray **results)
{
  for (guint b = 0; b < N_B; b++)
    g_ptr_array_unref (results[b]);
}

static void
test_breakdowns (Fixture       *f,
                 gconstpointer  data)
{
  GPtrArray *r[N_B];
  static const struct
  {
    int         by;
    const char *key;
    const char *id;
    gint64      n;
  } expected[] = {
    { B_INSTITUTION, "", "P1", 2 }, { B_INSTITUTION, "甲医院", "P1", 1 }, { B_INSTITUTION, "乙医院", "P1", 1 },
    { B_INSTITUTION, "甲医院", "P4", 1 }, { B_INSTITUTION, "乙医院", "P4", 0 },
    { B_INSTITUTION, "甲医院", "N1", 2 }, { B_INSTITUTION, "乙医院", "N1", 1 },
    { B_INSTITUTION, "甲医院", "N11", 2 }, { B_INSTITUTION, "乙医院", "N11", 2 },
    { B_INSTITUTION, "甲医院", "C1", 2 }, { B_INSTITUTION, "乙医院", "C1", 1 }, { B_INSTITUTION, "", "C1", 0 },
    { B_INSTITUTION, "甲医院", "B1", 2 }, { B_INSTITUTION, "乙医院", "B1", 1 }, { B_INSTITUTION, "", "B1", 1 },
    { B_INSTITUTION, "甲医院", "C9", 1 }, { B_INSTITUTION, "乙医院", "C9", 1 },
    { B_AREA, "110105", "C1", 2 }, { B_AREA, "110106", "C1", 1 }, { B_AREA, "110105", "B1", 2 },
    { B_AREA, "110106", "B1", 1 }, { B_AREA, "", "B1", 1 }, { B_AREA, "110105", "P1", 1 },
    { B_FREE, "free_programme", "P1", 1 }, { B_FREE, "other", "P1", 3 },
    { B_FREE, "free_programme", "C1", 2 }, { B_FREE, "other", "C1", 1 }, { B_FREE, "free_programme", "B1", 2 },
    { B_FREE, "other", "B1", 2 }, { B_FREE, "free_programme", "C9", 2 },
    { B_RESIDENCE, "rural", "C1", 1 }, { B_RESIDENCE, "urban_dibao", "C1", 1 }, { B_RESIDENCE, "urban", "C1", 1 },
    { B_RESIDENCE, "", "C1", 0 }, { B_RESIDENCE, "rural", "B1", 1 }, { B_RESIDENCE, "urban_dibao", "B1", 1 },
    { B_RESIDENCE, "urban", "B1", 1 }, { B_RESIDENCE, "", "B1", 1 }, { B_RESIDENCE, "rural", "C9", 1 },
    { B_RESIDENCE, "urban", "C9", 1 }, { B_RESIDENCE, "urban", "B6", 1 }, { B_RESIDENCE, "rural", "B6", 0 },
    { B_AGE, "45-49", "C1", 1 }, { B_AGE, "40-44", "C1", 2 }, { B_AGE, "45-49", "B1", 1 },
    { B_AGE, "40-44", "B1", 3 }, { B_AGE, "40-44", "P1", 1 }, { B_AGE, "other", "P1", 3 },
    { B_AGE, "45-49", "C9", 1 }, { B_AGE, "40-44", "C9", 1 },
  };

  add_breakdown_columns (f);
  compute_breakdowns (f, r);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("%s %s by %d", expected[i].id, expected[i].key, expected[i].by);
      g_assert_cmpint (group_count (r[expected[i].by], expected[i].key, expected[i].id, FALSE), ==, expected[i].n);
    }
  /* a counted denominator by group: C2 (HPV tested) 农村 1 (W1), 城镇低保 1 (W2), 城镇 1 (W3) */
  g_assert_cmpint (group_count (r[B_RESIDENCE], "urban_dibao", "C2", TRUE), ==, 1);
  /* the groups of the two cancers' breakdowns: only these */
  g_assert_cmpuint (r[B_RESIDENCE]->len, ==, 4);
  g_assert_cmpuint (r[B_FREE]->len, ==, 2);
  /* the total of the same walk is the total of its own */
  {
    g_autoptr(MuyingIndicators) total = compute (f);

    for (guint i = 0; i < total->indicators->len; i++)
      {
        const MuyingIndicator *a = total->indicators->pdata[i];
        const MuyingIndicator *b = muying_indicators_get (r[B_TOTAL]->pdata[0], a->id);

        g_assert_cmpint (a->n, ==, b->n);
        g_assert_cmpint (a->d, ==, b->d);
      }
  }
  free_breakdowns (r);
}

/* N12 by gene and by locus in a walk of several breakdowns: two GJB2 newborns of different months
 * are two for the whole period and one for each month. */
static void
test_breakdown_genes (Fixture       *f,
                      gconstpointer  data)
{
  GPtrArray *r[N_B];
  guint months = 0;

  newborn (f, "Ne", "11010519950606006", "2026-05-02", MUYING_HEARING_PASS, MUYING_HEARING_PASS, "2026-05-03",
           MUYING_HEARING_NOT_RECORDED, MUYING_HEARING_NOT_RECORDED, "GJB2:c.235delC:hom", "GJB2_BIALLELIC");
  compute_breakdowns (f, r);
  expect_part (r[B_TOTAL]->pdata[0], "N12", "by_gene", "GJB2", 2);
  expect_part (r[B_TOTAL]->pdata[0], "N12", "by_locus", "GJB2:c.235delC", 2);
  expect_part (r[B_TOTAL]->pdata[0], "N12", "by_gene", "MT-RNR1", 1);
  for (guint i = 0; i < r[B_MONTH]->len; i++)
    {
      const MuyingIndicators *month = r[B_MONTH]->pdata[i];

      if (g_strcmp0 (month->group, "2026-04") == 0 || g_strcmp0 (month->group, "2026-05") == 0)
        {
          expect_part (month, "N12", "by_gene", "GJB2", 1);
          months++;
        }
    }
  g_assert_cmpuint (months, ==, 2);
  free_breakdowns (r);
}

/* The sums over institutions, areas and months equal the total; a group changed by hand breaks
 * the check, which names the pair and its two counts (in the store's sentences and in the
 * workbook's). */
static void
test_sum_checks (Fixture       *f,
                 gconstpointer  data)
{
  GPtrArray *r[N_B];
  const char * const names[] = { "institutions", "areas", "months" };
  const MuyingIndicators *total;
  MuyingIndicator *c1 = NULL;

  add_breakdown_columns (f);
  compute_breakdowns (f, r);
  total = r[B_TOTAL]->pdata[0];
  {
    GPtrArray *by[] = { r[B_INSTITUTION], r[B_AREA], r[B_MONTH] };
    g_autoptr(GPtrArray) problems = muying_indicators_check_sums (total, by, names, 3);
    g_autoptr(GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);
    GPtrArray *workbook_order[WORKBOOK_N_BREAKDOWNS] = { NULL };

    g_assert_cmpuint (problems->len, ==, 0);
    workbook_order[WORKBOOK_BREAKDOWN_INSTITUTION] = r[B_INSTITUTION];
    workbook_order[WORKBOOK_BREAKDOWN_AREA] = r[B_AREA];
    workbook_order[WORKBOOK_BREAKDOWN_MONTH] = r[B_MONTH];
    muying_workbook_add_sum_failures (workbook_order, total, sentences);
    g_assert_cmpuint (sentences->len, ==, 0);
  }

  /* 乙医院 with one woman more for C1: the institutions add up to 4, the total and the other
   * breakdowns to 3 */
  for (guint i = 0; i < r[B_INSTITUTION]->len; i++)
    if (g_strcmp0 (((MuyingIndicators *) r[B_INSTITUTION]->pdata[i])->group, "乙医院") == 0)
      c1 = (MuyingIndicator *) muying_indicators_get (r[B_INSTITUTION]->pdata[i], "C1");
  g_assert_nonnull (c1);
  c1->n++;
  {
    GPtrArray *by[] = { r[B_INSTITUTION], r[B_AREA], r[B_MONTH] };
    g_autoptr(GPtrArray) problems = muying_indicators_check_sums (total, by, names, 3);
    g_autoptr(GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);
    GPtrArray *workbook_order[WORKBOOK_N_BREAKDOWNS] = { NULL };

    /* institutions against the total, against the areas and against the months */
    g_assert_cmpuint (problems->len, ==, 3);
    for (guint i = 0; i < problems->len; i++)
      g_test_message ("%s", (char *) problems->pdata[i]);
    g_assert_nonnull (strstr (problems->pdata[0], "C1"));
    g_assert_nonnull (strstr (problems->pdata[0], "institutions is 4, the total is 3"));
    g_assert_nonnull (strstr (problems->pdata[1], "institutions is 4, over the areas 3"));
    g_assert_nonnull (strstr (problems->pdata[2], "institutions is 4, over the months 3"));

    workbook_order[WORKBOOK_BREAKDOWN_INSTITUTION] = r[B_INSTITUTION];
    workbook_order[WORKBOOK_BREAKDOWN_AREA] = r[B_AREA];
    workbook_order[WORKBOOK_BREAKDOWN_MONTH] = r[B_MONTH];
    muying_workbook_add_sum_failures (workbook_order, total, sentences);
    g_assert_cmpuint (sentences->len, ==, 3);
    g_assert_nonnull (strstr (sentences->pdata[0], "C1"));
    g_assert_nonnull (strstr (sentences->pdata[0], "分子按机构合计 4，全期 3"));
    g_assert_nonnull (strstr (sentences->pdata[1], "分子按机构合计 4，按地区合计 3"));
  }
  /* a counted denominator too: C2's (HPV tested) over the areas */
  c1->n--;
  for (guint i = 0; i < r[B_AREA]->len; i++)
    if (g_strcmp0 (((MuyingIndicators *) r[B_AREA]->pdata[i])->group, "110106") == 0)
      ((MuyingIndicator *) muying_indicators_get (r[B_AREA]->pdata[i], "C2"))->d = 0;
  {
    GPtrArray *by[] = { r[B_INSTITUTION], r[B_AREA], r[B_MONTH] };
    g_autoptr(GPtrArray) problems = muying_indicators_check_sums (total, by, names, 3);

    g_assert_cmpuint (problems->len, ==, 3);
    g_assert_nonnull (strstr (problems->pdata[0], "C2"));
    g_assert_nonnull (strstr (problems->pdata[0], "denominator: the sum over the areas is 2, the total is 3"));
  }
  free_breakdowns (r);
}

/* The rows of worksheet @name of @xlsx, read back with the project's reader (GStrv each). */
static GPtrArray *
read_sheet (const char *xlsx,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (xlsx, FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MuyingXlsxReader) reader = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  reader = muying_xlsx_reader_new_for_sheet (bytes, MUYING_XLSX_MAX_PART_SIZE, name, &error);
  g_assert_no_error (error);
  while (muying_xlsx_reader_next (reader))
    {
      const char * const *fields = muying_xlsx_reader_get_fields (reader);
      guint n = muying_xlsx_reader_get_n_fields (reader);
      char **row = g_new0 (char *, n + 1);

      for (guint i = 0; i < n; i++)
        row[i] = g_strdup (fields[i] != NULL ? fields[i] : "");
      g_ptr_array_add (rows, row);
    }
  return rows;
}

/* The index of the row whose first cell is @caption, or fails. */
static guint
find_caption (GPtrArray  *rows,
              const char *caption)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (((char **) rows->pdata[i])[0], caption) == 0)
      return i;
  g_error ("no row “%s”", caption);
  return 0;
}

/* Below @caption: the group labels of its first block (every third cell from column C; groups in
 * the order of their keys' bytes) and, in the row of indicator @id, the numerators under them, as
 * "乙医院 1, 甲医院 2, 合计 3". */
static char *
breakdown_line (GPtrArray  *rows,
                const char *caption,
                const char *id)
{
  guint at = find_caption (rows, caption);
  char **groups = rows->pdata[at + 1];
  GString *line = g_string_new (NULL);

  for (guint r = at + 3; r < rows->len; r++)
    {
      char **row = rows->pdata[r];

      if (g_strcmp0 (row[0], id) != 0)
        continue;
      for (guint c = 2; c < g_strv_length (groups) && c < g_strv_length (row); c += 3)
        if (*groups[c] != '\0')
          g_string_append_printf (line, "%s%s %s", line->len ? ", " : "", groups[c], row[c]);
      break;
    }
  return g_string_free (line, FALSE);
}

static void
test_workbook_breakdowns (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *xlsx = NULL;
  g_autoptr(GPtrArray) prenatal_rows = NULL;
  g_autoptr(GPtrArray) cervical = NULL;
  g_autoptr(GPtrArray) breast = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  MuyingPeriod year;
  struct
  {
    GPtrArray  **rows;
    const char  *caption;
    const char  *id;
    const char  *line;
  } expected[] = {
    { &prenatal_rows, "三、考核指标（按机构）", "P1", "（未填写） 2, 乙医院 1, 甲医院 1, 合计 4" },
    { &prenatal_rows, "五、考核指标（按资金来源：免费项目/其他）", "P1", "免费项目 1, 其他 3, 合计 4" },
    { &cervical, "三、考核指标（按机构）", "C1", "乙医院 1, 甲医院 2, 合计 3" },
    { &cervical, "三、考核指标（按机构）", "C9", "乙医院 1, 甲医院 1, 合计 2" },
    { &cervical, "四、考核指标（按地区，居住地区划代码）", "C1", "110105 2, 110106 1, 合计 3" },
    { &cervical, "五、考核指标（按资金来源：免费项目/其他）", "C1", "免费项目 2, 其他 1, 合计 3" },
    { &cervical, "六、考核指标（按户籍：农村/城镇低保/城镇）", "C1", "农村 1, 城镇低保 1, 城镇 1, 合计 3" },
    { &cervical, "七、考核指标（按年龄组，首次检查日期时的年龄）", "C1", "40–44岁 2, 45–49岁 1, 合计 3" },
    { &breast, "三、考核指标（按机构）", "B1", "（未填写） 1, 乙医院 1, 甲医院 2, 合计 4" },
    { &breast, "四、考核指标（按地区，居住地区划代码）", "B1", "（未填写） 1, 110105 2, 110106 1, 合计 4" },
    { &breast, "六、考核指标（按户籍：农村/城镇低保/城镇）", "B1", "农村 1, 城镇低保 1, 城镇 1, （未填写） 1" },
    { &breast, "六、考核指标（按户籍：农村/城镇低保/城镇）", "B6", "农村 0, 城镇低保 0, 城镇 1, （未填写） 0" },
    { &breast, "七、考核指标（按年龄组，首次检查日期时的年龄）", "B1", "40–44岁 3, 45–49岁 1, 合计 4" },
  };

  add_breakdown_columns (f);
  muying_period_init_statistical_year (&year, 2026);
  xlsx = export_workbook (f, "breakdowns", &year);
  prenatal_rows = read_sheet (xlsx, "产前筛查");
  cervical = read_sheet (xlsx, "宫颈癌检查");
  breast = read_sheet (xlsx, "乳腺癌检查");
  checks = read_sheet (xlsx, "校验");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *line = breakdown_line (*expected[i].rows, expected[i].caption, expected[i].id);

      g_assert_cmpstr (line, ==, expected[i].line);
    }
  /* 合计 of the residence table of 乳腺癌检查 is in its second block (five groups) */
  {
    guint at = find_caption (breast, "六、考核指标（按户籍：农村/城镇低保/城镇）");
    guint second = at + 3;

    while (g_strcmp0 (((char **) breast->pdata[second])[0], "指标编号") != 0)
      second++;
    g_assert_cmpstr (((char **) breast->pdata[second])[2], ==, "合计");
  }
  /* 校验: every sum check passes, and there is one per numerator and counted denominator */
  {
    guint at = find_caption (checks, "三、分组合计校验（各机构之和 = 各地区之和 = 各月之和 = 全期）");
    guint n = 0;

    for (guint r = at + 2; r < checks->len; r++)
      {
        char **row = checks->pdata[r];

        g_assert_cmpstr (row[7], ==, "通过");
        g_assert_cmpstr (row[3], ==, row[6]);
        g_assert_cmpstr (row[4], ==, row[6]);
        g_assert_cmpstr (row[5], ==, row[6]);
        n++;
      }
    g_assert_cmpuint (n, >, 50);
  }
}

/* The cell of row @key (its 样本/检查编号) under @header in a register read back; NULL when
 * there is no such row or column. */
static const char *
register_cell (GPtrArray  *rows,
               const char *key,
               const char *header)
{
  char **headers = rows->pdata[0];
  guint col = 0;

  while (headers[col] != NULL && g_strcmp0 (headers[col], header) != 0)
    col++;
  if (headers[col] == NULL)
    return NULL;
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = rows->pdata[r];

      if (g_strcmp0 (row[1], key) == 0)
        return col < g_strv_length (row) ? row[col] : NULL;
    }
  return NULL;
}

/* The keys of a register's rows, in order: "PA1 PA2". */
static char *
register_keys (GPtrArray *rows)
{
  GString *keys = g_string_new (NULL);

  for (guint r = 1; r < rows->len; r++)
    g_string_append_printf (keys, "%s%s", keys->len ? " " : "", ((char **) rows->pdata[r])[1]);
  return g_string_free (keys, FALSE);
}

/* The rows of register sheet @name of @xlsx, after checking that its keys are @keys ("PA1 PA2"). */
static GPtrArray *
read_register (const char *xlsx,
               const char *name,
               const char *keys)
{
  GPtrArray *rows = read_sheet (xlsx, name);
  g_autofree char *found = register_keys (rows);

  g_assert_cmpstr (found, ==, keys);
  return rows;
}

/* The three registers of the year: the high-risk cases of each programme (the cases at level
 * high of the data set: PA1 T21_HIGH; Nd GJB2_BIALLELIC; W1 CIN2, W3 breast cancer, W3b cervical
 * cancer; PE1 and W5 are of the last period), each with its diagnosis, outcome, treatment and
 * follow-up from the follow-on records:
 *   PA1  amniocentesis (羊膜腔穿刺) 2025-12-01 abnormal T21; outcome termination 2025-12-20
 *   W1   CIN2, LEEP 2026-02-01;  W3b  invasive IB, breast cancer II, surgery 2026-07-01 */
static void
test_registers (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *xlsx = NULL;
  g_autoptr(GPtrArray) prenatal_rows = NULL;
  g_autoptr(GPtrArray) newborn_rows = NULL;
  g_autoptr(GPtrArray) cancer_rows = NULL;
  MuyingPeriod year;

  muying_period_init_statistical_year (&year, 2026);
  xlsx = export_workbook (f, "registers", &year);
  prenatal_rows = read_register (xlsx, "产前高危个案登记", "PA1");
  newborn_rows = read_register (xlsx, "新生儿高危个案登记", "Nb Nc Nd");
  cancer_rows = read_register (xlsx, "两癌高危个案登记", "W1 W3 W3b");
  {
    static const struct
    {
      int         reg;   /* 0 prenatal, 1 newborn, 2 two cancers */
      const char *key;
      const char *header;
      const char *value;
    } cells[] = {
      /* screening */
      { 0, "PA1", "筛查方式", "中孕三联" }, { 0, "PA1", "21三体风险", "1/150" }, { 0, "PA1", "孕周", "16+0" },
      /* diagnosis and outcome, from the follow-on records of the pregnancy */
      { 0, "PA1", "取材日期", "2025-12-01" }, { 0, "PA1", "取材方式", "羊膜腔穿刺" }, { 0, "PA1", "检测方法", "核型分析" },
      { 0, "PA1", "诊断结果", "异常" }, { 0, "PA1", "异常类别", "21三体" }, { 0, "PA1", "结局日期", "2025-12-20" },
      { 0, "PA1", "妊娠结局", "引产/治疗性终止" }, { 0, "PA1", "出生缺陷", "无" },
      /* follow-up: closed done by the outcome */
      { 0, "PA1", "随访状态", "已完成" }, { 0, "PA1", "结案日期", "2025-12-20" },
      { 1, "Nb", "初筛左耳", "未通过" }, { 1, "Nb", "复筛左耳", "未通过" }, { 1, "Nb", "诊断日期", "2026-04-20" },
      { 1, "Nb", "左耳程度", "中度" }, { 1, "Nb", "右耳程度", "正常" }, { 1, "Nb", "干预方式", "助听器" },
      { 1, "Nb", "干预日期", "2026-06-01" }, { 1, "Nc", "检出突变", "MT-RNR1:m.1555A>G:homoplasmic" },
      { 1, "Nc", "诊断日期", "" }, { 1, "Nd", "随访状态", "待随访" },
      { 2, "W1", "HPV分型", "16" }, { 2, "W1", "阴道镜", "异常" }, { 2, "W1", "宫颈病理", "CIN2" },
      { 2, "W1", "宫颈治疗", "LEEP" }, { 2, "W1", "宫颈治疗日期", "2026-02-01" }, { 2, "W3", "乳腺病理", "浸润癌" },
      { 2, "W3", "乳腺超声BI-RADS", "4B" }, { 2, "W3b", "宫颈病理", "浸润癌" }, { 2, "W3b", "宫颈癌分期", "IB" },
      { 2, "W3b", "乳腺癌分期", "II" }, { 2, "W3b", "乳腺治疗", "手术" }, { 2, "W3b", "乳腺治疗日期", "2026-07-01" },
    };
    GPtrArray *registers[] = { prenatal_rows, newborn_rows, cancer_rows };

    for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
      {
        g_test_message ("%s %s", cells[i].key, cells[i].header);
        g_assert_cmpstr (register_cell (registers[cells[i].reg], cells[i].key, cells[i].header), ==, cells[i].value);
      }
  }
}

/* A register longer than its sheets hold continues on NAME(2): two rows per sheet, the three
 * two-cancer cases on 两癌高危个案登记 and 两癌高危个案登记(2); the others on one sheet each. */
static void
test_register_split (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->db.dir, "split.xlsx", NULL);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) newborn_rows = NULL;
  MuyingWorkbookOptions options = { 0 };

  muying_period_init_statistical_year (&options.period, 2026);
  options.user = "admin";
  options.rule_set = f->rules;
  options.max_register_rows = 2;
  g_assert_true (muying_workbook_export (f->db.store, path, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  first = read_register (path, "两癌高危个案登记", "W1 W3");
  second = read_register (path, "两癌高危个案登记(2)", "W3b");
  newborn_rows = read_register (path, "新生儿高危个案登记(2)", "Nd");
  g_assert_cmpstr (((char **) second->pdata[0])[18], ==, "宫颈病理");
}

/* Every count and part of @a and @b, the same. */
static void
assert_same_indicators (const MuyingIndicators *a,
                        const MuyingIndicators *b)
{
  g_assert_cmpuint (a->indicators->len, ==, b->indicators->len);
  for (guint i = 0; i < a->indicators->len; i++)
    {
      const MuyingIndicator *x = a->indicators->pdata[i];
      const MuyingIndicator *y = b->indicators->pdata[i];

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpint (x->n, ==, y->n);
      g_assert_cmpint (x->d, ==, y->d);
      g_assert_cmpint (x->d_missing, ==, y->d_missing);
      g_assert_cmpuint (x->parts->len, ==, y->parts->len);
      for (guint k = 0; k < x->parts->len; k++)
        {
          const MuyingIndicatorPart *px = x->parts->pdata[k];
          const MuyingIndicatorPart *py = y->parts->pdata[k];

          g_assert_cmpstr (px->group, ==, py->group);
          g_assert_cmpstr (px->key, ==, py->key);
          g_assert_cmpint (px->count, ==, py->count);
        }
    }
}

/* The sub-periods of one walk (the workbook's months and quarters) count as a walk of each alone:
 * a pregnancy in the month of its first screening, a newborn in its month, a woman in each month
 * she had an exam in (W3 in March and in June), her results of that month only. Overlapping parts,
 * a part cut inside a month and a part with no case too. */
static void
test_parts (Fixture       *f,
            gconstpointer  data)
{
  static const char * const ranges[][2] = {
    { "2026-03-05", "2026-06-10" }, { "2026-06-10", "2026-06-10" }, { "2026-09-30", "2026-09-30" },
  };
  g_autoptr(GArray) parts = g_array_new (FALSE, TRUE, sizeof (MuyingPeriod));
  g_autofree MuyingIndicators **results = NULL;
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(MuyingIndicators) total = compute (f);
  g_autoptr(GError) error = NULL;
  MuyingIndicatorsBy by = MUYING_INDICATORS_BY_NONE;
  MuyingPeriod year;
  gboolean some_case = FALSE;

  muying_period_init_statistical_year (&year, 2026);
  for (guint i = 0; i < muying_period_get_n_months (&year); i++)
    {
      MuyingPeriod month;

      muying_period_get_month (&year, i, &month);
      g_array_append_val (parts, month);
    }
  for (guint q = 1; q <= 4; q++)
    {
      g_autofree char *name = g_strdup_printf ("2026Q%u", q);
      MuyingPeriod quarter;

      g_assert_true (muying_period_init_quarter_parse (&quarter, name, NULL));
      g_array_append_val (parts, quarter);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      MuyingPeriod range;

      g_assert_true (muying_period_init_parse (&range, ranges[i][0], ranges[i][1], NULL));
      g_array_append_val (parts, range);
    }
  results = g_new0 (MuyingIndicators *, parts->len);
  g_assert_true (muying_store_compute_indicators_with_parts (f->db.store, &year, &by, 1, &whole,
                                                             (const MuyingPeriod *) (const void *) parts->data,
                                                             parts->len, results, &error));
  g_assert_no_error (error);
  assert_same_indicators (whole->pdata[0], total);
  for (guint i = 0; i < parts->len; i++)
    {
      const MuyingPeriod *part = &g_array_index (parts, MuyingPeriod, i);
      g_autoptr(MuyingIndicators) alone = muying_store_compute_indicators (f->db.store, part, &error);

      g_assert_no_error (error);
      g_assert_null (results[i]->group);
      g_assert_cmpint (g_date_compare (&results[i]->period.from, &part->from), ==, 0);
      g_assert_cmpint (g_date_compare (&results[i]->period.to, &part->to), ==, 0);
      assert_same_indicators (results[i], alone);
      some_case = some_case || muying_indicators_get (alone, "C1")->n > 0;
      muying_indicators_free (results[i]);
    }
  g_assert_true (some_case);
}

/* Every walk of the indicators starts from the period's part of a date index (the pregnancies by
 * first_date, the records by record_stats_idx) and reaches every other row by its key: no table is
 * read whole, so a year costs the same in a database of ten years as in one of one. */
static void
test_statement_plans (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const ranges[] = {
    "record_stats_idx (program=? AND record_date>? AND record_date<?)",
    "pregnancy_first_date_idx (first_date>? AND first_date<?)",
  };
  g_autoptr(GPtrArray) statements = muying_indicators_dup_statements ();

  /* five walks for each of the eight breakdowns, the five walks of them all at once (the
   * workbook's), the genes by month of a walk with sub-periods, the diagnoses and the outcomes */
  g_assert_cmpuint (statements->len, ==, 49);
  for (guint i = 0; i < statements->len; i++)
    {
      const char *sql = g_ptr_array_index (statements, i);
      g_autofree char *explain_sql = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (f->db.store, explain_sql, &error);
      g_autoptr(GString) plan = g_string_new (NULL);
      g_autofree char *first = NULL;
      gboolean from_range = FALSE;

      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *detail = (const char *) sqlite3_column_text (stmt, 3);

          g_string_append_printf (plan, "%s\n", detail);
          if (first == NULL)
            first = g_strdup (detail);
        }
      g_test_message ("%s\n%s", sql, plan->str);
      /* the outer loop: the period's entries of a date index */
      for (guint k = 0; first != NULL && k < G_N_ELEMENTS (ranges); k++)
        from_range = from_range || (g_str_has_prefix (first, "SEARCH") && strstr (first, ranges[k]) != NULL);
      if (!from_range)
        g_error ("statement %u does not start from the period's dates:\n%s\n%s", i, sql, plan->str);
      if (strstr (plan->str, "SCAN ") != NULL || strstr (plan->str, "AUTOMATIC") != NULL)
        g_error ("statement %u reads a table whole:\n%s\n%s", i, sql, plan->str);
      /* the pregnancies in the index's order, not sorted: the walk keeps one in memory */
      if (strstr (sql, "pregnancy g") != NULL && strstr (plan->str, "TEMP B-TREE") != NULL)
        g_error ("statement %u sorts the pregnancies:\n%s\n%s", i, sql, plan->str);
    }
}

static void
skip_without_server (void)
{
  muying_test_pg_skip_unless_server ();
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  /* The bureau's numbers from the records on a file and, with a server (build-aux/test starts
   * one), from the same records moved there. */
#define ADD(name, fn) muying_test_add_file_and_server ("indicators", name, Fixture, fixture_set_up, fn, \
                                                       fixture_tear_down)
#define ADD_FILE(name, fn) g_test_add ("/indicators/" name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("prenatal", test_prenatal);
  ADD ("newborn", test_newborn);
  ADD ("two-cancer", test_two_cancer);
  ADD ("subset-rule", test_subset_rule);
  ADD ("by-month", test_by_month);
  ADD ("parts", test_parts);
  ADD_FILE ("drill-down", test_drill_down);
  ADD_FILE ("cli", test_cli);
  ADD_FILE ("workbook", test_workbook);
  ADD ("breakdowns", test_breakdowns);
  ADD ("breakdown-genes", test_breakdown_genes);
  ADD ("sum-checks", test_sum_checks);
  ADD_FILE ("workbook-breakdowns", test_workbook_breakdowns);
  ADD ("registers", test_registers);
  ADD ("register-split", test_register_split);
  ADD_FILE ("statement-plans", test_statement_plans);
#undef ADD_FILE
#undef ADD
  g_test_add_func ("/indicators/missing-denominators", test_missing_denominators);
  if (muying_test_pg_server () == NULL)
    g_test_add_func ("/indicators/server", skip_without_server);
  return g_test_run ();
}
