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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT ?1");
  guint n = muying_program_descriptor_count (d);
  int col = 0;

  for (guint i = 2; i <= n; i++)
    g_string_append_printf (sql, ", ?%u", i);
  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    _muying_store_bind_field (stmt, ++col, f, record);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
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
  g_clear_pointer (&stmt, sqlite3_finalize);
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
  row.results[MUYING_RESULT_PREGNANCY_OUTCOME] = "live_birth";
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
  outcome = text (fx->store, "SELECT pregnancy_outcome FROM prenatal");
  g_assert_cmpstr (outcome, ==, "live_birth");
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
  g_test_add ("/store-bulk/abort", Fixture, NULL, fixture_set_up, test_abort, fixture_tear_down);
  return g_test_run ();
}
