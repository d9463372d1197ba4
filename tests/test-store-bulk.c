/* test-store-bulk.c: the store's bulk load (muying-store-bulk.h) and the binding of a programme's
 * fields (muying-store-fields-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "muying-store-sql.h"
#include "muying-error.h"
#include "muying-follow-on.h"
#include "muying-program-descriptor.h"
#include "muying-store-bulk.h"
#include "muying-store-fields-private.h"
#include "muying-test-utils.h"

/* ---- binding a field gives what muying_field_get_value gives ----------------------------- */

static void
check_binding (const MuyingProgramDescriptor *d,
               gconstpointer                  record)
{
  sqlite3 *db = NULL;
  MuyingSql *conn;
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT ?1");
  guint n = muying_program_descriptor_count (d);
  int col = 0;

  for (guint i = 2; i <= n; i++)
    g_string_append_printf (sql, ", ?%u", i);
  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  conn = muying_sql_new_lite (db);
  stmt = muying_sql_prepare (conn, sql->str, NULL);
  g_assert_nonnull (stmt);
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    _muying_store_bind_field (stmt, ++col, f, record);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  col = 0;
  for (const MuyingField *f = d->fields; f->key != NULL; f++, col++)
    {
      g_autoptr(GVariant) expected = muying_field_get_value (f, record);
      g_autoptr(GVariant) bound = _muying_store_column_value (stmt, col);

      g_test_message ("%s", f->key);
      if (expected == NULL)
        g_assert_null (bound);
      else
        g_assert_true (bound != NULL && g_variant_equal (expected, bound));
    }
  g_clear_pointer (&stmt, muying_sql_finalize);
  muying_sql_free (conn);
  sqlite3_close (db);
}

static void
test_bind_fields (void)
{
  g_autoptr(MuyingPrenatalRecord) p = muying_prenatal_record_new ();
  g_autoptr(MuyingNewbornRecord) n = muying_newborn_record_new ();
  g_autoptr(MuyingTwoCancerRecord) t = muying_two_cancer_record_new ();

  check_binding (&muying_prenatal_descriptor, p);
  check_binding (&muying_newborn_descriptor, n);
  check_binding (&muying_two_cancer_descriptor, t);

  p->sample_no = g_strdup ("P1");
  p->id_number = g_strdup ("110101199001011237");
  p->name = g_strdup ("王芳");
  p->phone = g_strdup ("");
  g_date_set_dmy (&p->sample_date, 5, 3, 2026);
  p->test_type = MUYING_PRENATAL_TEST_NIPT;
  p->ga_days = 16 * 7 + 3;
  g_date_set_dmy (&p->edd, 1, 8, 2026);
  p->weight_kg = 61.5;
  p->t21_risk = 270;
  p->nt_mm = 3.1;
  p->nipt_t21 = MUYING_NIPT_CALL_HIGH;
  p->nipt_sca = MUYING_NIPT_SCA_NONE;
  p->nipt_status = MUYING_NIPT_STATUS_FAIL;
  check_binding (&muying_prenatal_descriptor, p);

  n->sample_no = g_strdup ("N1");
  n->sex = MUYING_SEX_FEMALE;
  n->panel = g_strdup ("9");
  g_date_set_dmy (&n->birth_date, 9, 9, 2025);
  g_ptr_array_add (n->variants, muying_variant_new ("GJB2", "c.235delC", MUYING_ZYGOSITY_HOM));
  n->hearing_left = MUYING_HEARING_REFER;
  n->rescreen_right = MUYING_HEARING_PASS;
  check_binding (&muying_newborn_descriptor, n);

  t->exam_no = g_strdup ("T1");
  t->hpv = MUYING_HPV_POSITIVE;
  t->hpv_types = MUYING_HPV_TYPES_16_18;
  t->us_birads = MUYING_BIRADS_4B;
  t->cervical_stage = MUYING_CANCER_STAGE_III;
  t->area_code = g_strdup ("500101");
  t->us_birads_left = MUYING_BIRADS_4B;
  t->cervical_treatment = MUYING_TREATMENT_COLD_KNIFE_CONE;
  check_binding (&muying_two_cancer_descriptor, t);
}

/* ---- the bulk load ----------------------------------------------------------------------- */

typedef struct
{
  char        *dir;
  MuyingStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fx->dir = muying_test_make_tmpdir ();
  path = g_build_filename (fx->dir, "bulk.db", NULL);
  fx->store = muying_store_create (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  muying_test_rm_rf (fx->dir);
  g_free (fx->dir);
}

static gint64
count (MuyingStore *store,
       const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
text (MuyingStore *store,
      const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
test_load (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingPrenatalRecord) p = muying_prenatal_record_new ();
  g_autoptr(MuyingNewbornRecord) n = muying_newborn_record_new ();
  g_autoptr(MuyingTwoCancerRecord) t = muying_two_cancer_record_new ();
  g_autoptr(MuyingClassification) high = muying_classification_new ("test-1");
  g_autoptr(MuyingClassification) low = muying_classification_new ("test-1");
  g_autofree char *outcome = NULL, *treatment = NULL, *variants = NULL, *due = NULL;
  MuyingBulkRecord row = { 0 };
  MuyingBulkFollowup f = { 0 };
  MuyingStoreBulk *bulk;
  gint64 mother = 0, baby = 0, record = 0, followup = 0, other = 0;
  GDate birth, date;

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 2, 4, 1992);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 10, 3, 2026);
  muying_classification_add (high, "T21_HIGH", MUYING_LEVEL_HIGH, 7);
  muying_classification_finish (high, &date);
  muying_classification_finish (low, &date);

  bulk = muying_store_bulk_begin (fx->store, "admin", 3, &error);
  g_assert_no_error (error);
  g_assert_true (muying_store_bulk_add_person (bulk, "110101199204021244", "王芳", MUYING_SEX_FEMALE, &birth,
                                               "13800000000", 0, "2026-03-10T02:00:00Z", &mother, &error));
  g_assert_no_error (error);
  /* A taken ID number is refused and the load goes on. */
  g_assert_false (muying_store_bulk_add_person (bulk, "110101199204021244", "李娜", MUYING_SEX_FEMALE, &birth, NULL,
                                                0, "2026-03-10T02:00:00Z", &other, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  p->sample_no = g_strdup ("CQ1");
  p->birth_date = birth;
  p->sample_date = date;
  p->test_type = MUYING_PRENATAL_TEST_MID_DOUBLE;
  p->ga_days = 16 * 7;
  g_date_set_dmy (&p->edd, 25, 8, 2026);
  p->t21_risk = 150;
  p->t18_risk = 5000;
  row.person_id = mother;
  row.institution = "妇幼保健院";
  row.level = MUYING_LEVEL_HIGH;
  row.review_state = "reviewed";
  row.created_at = "2026-03-10T02:00:00Z";
  g_assert_true (muying_store_bulk_add_prenatal (bulk, p, high, &row, &record, &error));
  g_assert_no_error (error);
  g_assert_true (muying_store_bulk_add_review (bulk, record, "doctor1", "accept", MUYING_LEVEL_HIGH,
                                               MUYING_LEVEL_HIGH, NULL, "2026-03-11T03:00:00Z", &error));
  f.state = MUYING_FOLLOWUP_NOTIFIED;
  f.due = &high->due_date;
  f.next_step = "diagnosis";
  f.attempts = 1;
  f.opened_at = "2026-03-10T02:00:00Z";
  f.program = MUYING_PROGRAM_PRENATAL;
  f.level = MUYING_LEVEL_HIGH;
  f.review_state = "reviewed";
  g_assert_true (muying_store_bulk_add_followup (bulk, record, &f, &followup, &error));
  g_assert_true (muying_store_bulk_add_followup_step (bulk, followup, MUYING_FOLLOWUP_NOTIFIED, NULL, &date,
                                                      "nurse1", "电话通知本人", "2026-03-11T04:00:00Z", &error));
  g_assert_no_error (error);

  g_assert_true (muying_store_bulk_add_person (bulk, NULL, "王芳之子", MUYING_SEX_MALE, &date, NULL, mother,
                                               "2026-03-10T05:00:00Z", &baby, &error));
  n->sample_no = g_strdup ("XS1");
  n->birth_date = date;
  n->sex = MUYING_SEX_MALE;
  n->hospital = g_strdup ("人民医院");
  n->panel = g_strdup ("9");
  g_ptr_array_add (n->variants, muying_variant_new ("GJB2", "c.235delC", MUYING_ZYGOSITY_HET));
  g_ptr_array_add (n->variants, muying_variant_new ("MT-RNR1", "m.1555A>G", MUYING_ZYGOSITY_HOMOPLASMIC));
  memset (&row, 0, sizeof row);
  row.person_id = baby;
  row.mother_id = mother;
  row.institution = n->hospital;
  row.level = MUYING_LEVEL_LOW;
  row.review_state = "none";
  row.created_at = "2026-03-10T05:00:00Z";
  g_assert_true (muying_store_bulk_add_newborn (bulk, n, low, &row, &record, &error));
  g_assert_no_error (error);

  t->exam_no = g_strdup ("LA1");
  t->exam_date = date;
  t->hpv = MUYING_HPV_NEGATIVE;
  memset (&row, 0, sizeof row);
  row.person_id = mother;
  row.level = MUYING_LEVEL_LOW;
  row.review_state = "none";
  row.created_at = "2026-03-10T06:00:00Z";
  /* A treatment is a screening column of its own now: written with the fields. */
  t->cervical_treatment = MUYING_TREATMENT_LEEP;
  t->cervical_treatment_date = date;
  g_assert_true (muying_store_bulk_add_two_cancer (bulk, t, low, &row, &record, &error));
  g_assert_no_error (error);

  g_assert_true (muying_store_bulk_commit (bulk, "test-load", "{\"records\":3}", &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (fx->store, "SELECT count(*) FROM person"), ==, 2);
  g_assert_cmpint (count (fx->store, "SELECT count(*) FROM record"), ==, 3);
  g_assert_cmpint (count (fx->store, "SELECT count(*) FROM reason"), ==, 1);
  g_assert_cmpint (count (fx->store, "SELECT count(*) FROM newborn_variant"), ==, 2);
  g_assert_cmpint (count (fx->store, "SELECT count(*) FROM review"), ==, 1);
  g_assert_cmpint (count (fx->store, "SELECT count(*) FROM followup_step"), ==, 1);
  g_assert_cmpint (count (fx->store, "SELECT age_at_edd FROM prenatal"), ==, 34);
  g_assert_cmpint (count (fx->store, "SELECT t21_risk FROM prenatal"), ==, 150);
  g_assert_cmpint (count (fx->store, "SELECT mother_id FROM newborn"), ==, mother);
  g_assert_cmpint (count (fx->store, "SELECT count(*) FROM record WHERE record_key = 'CQ1' AND level = 2 AND "
                                     "review_state = 'reviewed' AND record_date = '2026-03-10' AND created_by = 'admin'"), ==, 1);
  /* step 5's single outcome column is no longer written (outcomes are follow-on rows) */
  outcome = text (fx->store, "SELECT pregnancy_outcome FROM prenatal");
  g_assert_null (outcome);
  treatment = text (fx->store, "SELECT cervical_treatment FROM two_cancer");
  g_assert_cmpstr (treatment, ==, "leep");
  variants = text (fx->store, "SELECT variants FROM newborn");
  g_assert_cmpstr (variants, ==, "GJB2:c.235delC:het;MT-RNR1:m.1555A>G:homoplasmic");
  due = text (fx->store, "SELECT due_date FROM followup");
  g_assert_cmpstr (due, ==, "2026-03-17");
  g_assert_cmpint (muying_store_count_audit (fx->store, "test-load", NULL), ==, 1);
  /* Foreign keys are checked again after the load. */
  g_assert_cmpint (count (fx->store, "PRAGMA foreign_keys"), ==, 1);
}

/* A prenatal record of @person for the follow-on test. */
static gint64
add_prenatal (MuyingStoreBulk             *bulk,
              const MuyingClassification  *low,
              gint64                       person,
              const char                  *sample_no,
              const char                  *id_number,
              int                          day,
              int                          month,
              int                          year,
              int                          edd_day,
              int                          edd_month,
              int                          edd_year)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingPrenatalRecord) p = muying_prenatal_record_new ();
  MuyingBulkRecord row = { 0 };
  gint64 id = 0;

  p->sample_no = g_strdup (sample_no);
  p->id_number = g_strdup (id_number);
  g_date_set_dmy (&p->birth_date, 2, 4, 1992);
  g_date_set_dmy (&p->sample_date, day, month, year);
  p->test_type = MUYING_PRENATAL_TEST_NIPT;
  p->ga_days = 12 * 7;
  g_date_set_dmy (&p->edd, edd_day, edd_month, edd_year);
  p->nipt_status = MUYING_NIPT_STATUS_OK;
  row.person_id = person;
  row.level = MUYING_LEVEL_LOW;
  row.review_state = "none";
  row.created_at = "2026-01-10T02:00:00Z";
  g_assert_true (muying_store_bulk_add_prenatal (bulk, p, low, &row, &id, &error));
  g_assert_no_error (error);
  return id;
}

/* The follow-on records go in with the woman's ID number and dates; the commit links the
 * prenatal ones to her pregnancies, an audiology diagnosis is linked to its record as written. */
static void
test_follow_on (Fixture       *fx,
                gconstpointer  data)
{
  static const char her[] = "110101199204021244";
  static const char other_woman[] = "11010119900101123X";
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingClassification) low = muying_classification_new ("test-1");
  g_autoptr(MuyingPrenatalDiagnosis) dx = muying_prenatal_diagnosis_new ();
  g_autoptr(MuyingPregnancyOutcome) first = muying_pregnancy_outcome_new ();
  g_autoptr(MuyingPregnancyOutcome) second = muying_pregnancy_outcome_new ();
  g_autoptr(MuyingPregnancyOutcome) unlinked = muying_pregnancy_outcome_new ();
  g_autoptr(MuyingNewbornRecord) n = muying_newborn_record_new ();
  g_autoptr(MuyingAudiology) a = muying_audiology_new ();
  MuyingBulkRecord row = { 0 };
  MuyingStoreBulk *bulk;
  gint64 woman = 0, other = 0, baby = 0, serum = 0, nipt = 0, later = 0, newborn = 0;
  GDate birth;

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 2, 4, 1992);
  muying_classification_finish (low, &birth);
  bulk = muying_store_bulk_begin (fx->store, "admin", 4, &error);
  g_assert_no_error (error);
  g_assert_true (muying_store_bulk_add_person (bulk, her, "王芳", MUYING_SEX_FEMALE, &birth, NULL, 0,
                                               "2026-01-10T02:00:00Z", &woman, &error));
  g_assert_true (muying_store_bulk_add_person (bulk, other_woman, "李娜", MUYING_SEX_FEMALE, &birth, NULL, 0,
                                               "2026-01-10T02:00:00Z", &other, &error));
  g_assert_no_error (error);
  /* her first pregnancy (two records, EDDs 3 days apart) and her second */
  serum = add_prenatal (bulk, low, woman, "CQ1", her, 10, 1, 2025, 1, 7, 2025);
  nipt = add_prenatal (bulk, low, woman, "CQ2", her, 1, 2, 2025, 4, 7, 2025);
  later = add_prenatal (bulk, low, woman, "CQ3", her, 10, 1, 2026, 20, 7, 2026);

  /* a diagnosis of the first, known by its EDD */
  dx->diagnosis_no = g_strdup ("ZD1");
  dx->id_number = g_strdup (her);
  g_date_set_dmy (&dx->edd, 2, 7, 2025);
  g_date_set_dmy (&dx->procedure_date, 20, 3, 2025);
  dx->procedure = MUYING_PROCEDURE_AMNIOCENTESIS;
  dx->method = MUYING_METHOD_KARYOTYPE;
  dx->result = MUYING_DIAGNOSIS_ABNORMAL;
  dx->condition = MUYING_CONDITION_T21;
  dx->detail = g_strdup ("47,XX,+21");
  g_assert_true (muying_store_bulk_add_follow_on (bulk, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, dx, woman, 0,
                                                  "2026-01-10T03:00:00Z", NULL, &error));
  g_assert_no_error (error);
  /* its end, by its EDD; the second's, by its date alone */
  first->id_number = g_strdup (her);
  first->edd = dx->edd;
  g_date_set_dmy (&first->end_date, 5, 4, 2025);
  first->outcome = MUYING_OUTCOME_TERMINATION;
  first->ga_weeks = 21;
  first->babies = 1;
  first->birth_defect = MUYING_BIRTH_DEFECT_YES;
  first->condition = MUYING_CONDITION_T21;
  g_assert_true (muying_store_bulk_add_follow_on (bulk, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, first, woman, 0,
                                                  "2026-01-10T03:00:00Z", NULL, &error));
  second->id_number = g_strdup (her);
  g_date_set_dmy (&second->end_date, 15, 7, 2026);
  second->outcome = MUYING_OUTCOME_LIVE_BIRTH;
  second->babies = 2;
  second->birth_defect = MUYING_BIRTH_DEFECT_NONE;
  g_assert_true (muying_store_bulk_add_follow_on (bulk, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, second, woman, 0,
                                                  "2026-01-10T03:00:00Z", NULL, &error));
  /* a woman without a screened pregnancy: kept, not linked */
  unlinked->id_number = g_strdup (other_woman);
  g_date_set_dmy (&unlinked->end_date, 15, 7, 2026);
  unlinked->outcome = MUYING_OUTCOME_LIVE_BIRTH;
  unlinked->babies = 1;
  g_assert_true (muying_store_bulk_add_follow_on (bulk, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, unlinked, other, 0,
                                                  "2026-01-10T03:00:00Z", NULL, &error));
  g_assert_no_error (error);

  g_assert_true (muying_store_bulk_add_person (bulk, NULL, "王芳之子", MUYING_SEX_MALE, &birth, NULL, woman,
                                               "2026-01-10T05:00:00Z", &baby, &error));
  n->sample_no = g_strdup ("XS1");
  g_date_set_dmy (&n->birth_date, 15, 7, 2026);
  n->sex = MUYING_SEX_MALE;
  n->panel = g_strdup ("9");
  row.person_id = baby;
  row.mother_id = woman;
  row.level = MUYING_LEVEL_LOW;
  row.review_state = "none";
  row.created_at = "2026-07-16T05:00:00Z";
  g_assert_true (muying_store_bulk_add_newborn (bulk, n, low, &row, &newborn, &error));
  a->sample_no = g_strdup ("XS1");
  g_date_set_dmy (&a->diagnosis_date, 1, 10, 2026);
  a->left_degree = MUYING_DEGREE_NORMAL;
  a->right_degree = MUYING_DEGREE_SEVERE;
  a->loss_type = MUYING_LOSS_SENSORINEURAL;
  a->intervention = MUYING_INTERVENTION_HEARING_AID;
  g_date_set_dmy (&a->intervention_date, 1, 12, 2026);
  g_assert_true (muying_store_bulk_add_follow_on (bulk, MUYING_FOLLOW_ON_AUDIOLOGY, a, 0, newborn,
                                                  "2026-10-01T03:00:00Z", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (muying_store_bulk_commit (bulk, "test-load", "{}", &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (fx->store, "SELECT count(*) FROM pregnancy"), ==, 2);
  g_assert_cmpint (count (fx->store, "SELECT count(DISTINCT pregnancy_id) FROM prenatal"), ==, 2);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT (SELECT pregnancy_id FROM prenatal WHERE record_id = %" G_GINT64_FORMAT
                                            ") = (SELECT pregnancy_id FROM prenatal WHERE record_id = %" G_GINT64_FORMAT ")",
                                            serum, nipt);
    g_autofree char *dx_sql = g_strdup_printf ("SELECT count(*) FROM prenatal_diagnosis d JOIN prenatal n ON "
                                               "n.pregnancy_id = d.pregnancy_id WHERE n.record_id = %" G_GINT64_FORMAT
                                               " AND d.person_id = %" G_GINT64_FORMAT " AND d.condition = 'T21' AND "
                                               "d.created_by = 'admin' AND d.updated_at = d.created_at", serum, woman);
    g_autofree char *first_sql = g_strdup_printf ("SELECT count(*) FROM pregnancy_outcome o JOIN prenatal n ON "
                                                  "n.pregnancy_id = o.pregnancy_id WHERE n.record_id = %" G_GINT64_FORMAT
                                                  " AND o.outcome = 'termination' AND o.ga_weeks = 21", nipt);
    g_autofree char *second_sql = g_strdup_printf ("SELECT count(*) FROM pregnancy_outcome o JOIN prenatal n ON "
                                                   "n.pregnancy_id = o.pregnancy_id WHERE n.record_id = %" G_GINT64_FORMAT
                                                   " AND o.outcome = 'live_birth' AND o.babies = 2 AND o.edd IS NULL",
                                                   later);
    g_autofree char *audiology_sql = g_strdup_printf ("SELECT count(*) FROM audiology WHERE record_id = %" G_GINT64_FORMAT
                                                      " AND hearing_loss = 'unilateral' AND right_degree = 'severe' AND "
                                                      "intervention = 'hearing_aid' AND intervention_date = '2026-12-01'",
                                                      newborn);
    g_autofree char *unlinked_sql = g_strdup_printf ("SELECT count(*) FROM pregnancy_outcome WHERE pregnancy_id IS NULL "
                                                     "AND person_id = %" G_GINT64_FORMAT, other);

    g_assert_cmpint (count (fx->store, sql), ==, 1);
    g_assert_cmpint (count (fx->store, dx_sql), ==, 1);
    g_assert_cmpint (count (fx->store, first_sql), ==, 1);
    g_assert_cmpint (count (fx->store, second_sql), ==, 1);
    g_assert_cmpint (count (fx->store, audiology_sql), ==, 1);
    g_assert_cmpint (count (fx->store, unlinked_sql), ==, 1);
  }
  /* nothing is written to the step-5 columns, and the load is one audit row */
  g_assert_cmpint (count (fx->store, "SELECT count(*) FROM prenatal WHERE diagnosis_result IS NOT NULL OR "
                                     "pregnancy_outcome IS NOT NULL"), ==, 0);
  g_assert_cmpint (muying_store_count_audit (fx->store, "test-load", NULL), ==, 1);
}

static void
test_abort (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MuyingStoreBulk *bulk;
  gint64 id = 0;
  GDate birth;

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 2, 4, 1992);
  bulk = muying_store_bulk_begin (fx->store, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_true (muying_store_bulk_add_person (bulk, "110101199204021244", "王芳", MUYING_SEX_FEMALE, &birth, NULL,
                                               0, "2026-03-10T02:00:00Z", &id, &error));
  muying_store_bulk_abort (bulk);
  g_assert_cmpint (count (fx->store, "SELECT count(*) FROM person"), ==, 0);
  g_assert_cmpint (muying_store_count_audit (fx->store, "test-load", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/store-bulk/bind-fields", test_bind_fields);
  g_test_add ("/store-bulk/load", Fixture, NULL, fixture_set_up, test_load, fixture_tear_down);
  g_test_add ("/store-bulk/follow-on", Fixture, NULL, fixture_set_up, test_follow_on, fixture_tear_down);
  g_test_add ("/store-bulk/abort", Fixture, NULL, fixture_set_up, test_abort, fixture_tear_down);
  return g_test_run ();
}
