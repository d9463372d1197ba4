/* test-worklist.c: the worklist query (order, filters, counts, paging), review, sign-off and
 * the lock, amendments, follow-up transitions in the store, later results with
 * re-classification, the record history, and `muying-cli worklist`.
 *
 * The fixture is built through muying_store_save_* with the shipped rule set; "today" is fixed
 * at 2026-06-15 so that overdue is deterministic.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "muying-store-sql.h"
#include "muying-date.h"
#include "muying-error.h"
#include "muying-history-text.h"
#include "muying-id-number.h"
#include "muying-rule-set.h"
#include "muying-store-check.h"
#include "muying-store-follow-on.h"
#include "muying-store-persons.h"
#include "muying-store-records.h"
#include "muying-store-users.h"
#include "muying-store-worklist-private.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

#define TODAY "2026-06-15"
#define PASSWORD "secret123"

typedef struct
{
  MuyingTestDb   db;      /* on a server database for "/…/server/…" */
  MuyingRuleSet *rules;
  MuyingUser    *admin;
  MuyingUser    *doctor;
  MuyingUser    *nurse;
  GDate          today;
  GHashTable    *ids;     /* key → record id */
} Fixture;

/* ---- building records ------------------------------------------------------------------- */

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

static MuyingPrenatalRecord *
prenatal_record (const char *key,
                 const char *id17,
                 const char *name,
                 const char *sample_date,
                 int         t21_risk)
{
  MuyingPrenatalRecord *r = muying_prenatal_record_new ();

  r->sample_no = g_strdup (key);
  r->id_number = muying_test_make_id_number (id17);
  r->name = g_strdup (name);
  r->institution = g_strdup ("市妇幼保健院");
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  set_date (&r->sample_date, sample_date);
  r->test_type = MUYING_PRENATAL_TEST_MID_TRIPLE;
  r->ga_days = 16 * 7;
  muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
  r->t21_risk = t21_risk;
  r->t18_risk = 5000;
  return r;
}

static gint64
save_prenatal (Fixture              *f,
               MuyingPrenatalRecord *r,
               const char           *expected_codes)
{
  g_autoptr(MuyingClassification) cls = muying_rule_set_classify_prenatal (f->rules, r);
  g_autofree char *codes = muying_classification_join_codes (cls, ";");
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_cmpstr (codes, ==, expected_codes);
  g_assert_true (muying_store_save_prenatal (f->db.store, r, cls, "nurse", NULL, &id, &error));
  g_assert_no_error (error);
  g_hash_table_insert (f->ids, g_strdup (r->sample_no), GSIZE_TO_POINTER (id));
  return id;
}

static MuyingNewbornRecord *
newborn_record (const char    *key,
                const char    *mother17,
                const char    *mother,
                const char    *birth_date,
                MuyingHearing  left,
                MuyingHearing  right)
{
  MuyingNewbornRecord *r = muying_newborn_record_new ();

  r->sample_no = g_strdup (key);
  r->mother_id_number = muying_test_make_id_number (mother17);
  r->mother_name = g_strdup (mother);
  r->sex = MUYING_SEX_FEMALE;
  set_date (&r->birth_date, birth_date);
  r->hospital = g_strdup ("市妇幼保健院");
  r->panel = g_strdup ("9");
  r->hearing_left = left;
  r->hearing_right = right;
  set_date (&r->hearing_date, birth_date);
  return r;
}

static gint64
save_newborn (Fixture             *f,
              MuyingNewbornRecord *r,
              const char          *expected_codes)
{
  g_autoptr(MuyingClassification) cls = muying_rule_set_classify_newborn (f->rules, r);
  g_autofree char *codes = muying_classification_join_codes (cls, ";");
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_cmpstr (codes, ==, expected_codes);
  g_assert_true (muying_store_save_newborn (f->db.store, r, cls, "nurse", NULL, &id, &error));
  g_assert_no_error (error);
  g_hash_table_insert (f->ids, g_strdup (r->sample_no), GSIZE_TO_POINTER (id));
  return id;
}

static MuyingTwoCancerRecord *
two_cancer_record (const char *key,
                   const char *id17,
                   const char *name,
                   const char *exam_date,
                   const char *hpv_types)
{
  MuyingTwoCancerRecord *r = muying_two_cancer_record_new ();

  r->exam_no = g_strdup (key);
  r->id_number = muying_test_make_id_number (id17);
  r->name = g_strdup (name);
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  set_date (&r->exam_date, exam_date);
  r->hpv = MUYING_HPV_POSITIVE;
  g_assert_true (muying_hpv_types_parse (hpv_types, &r->hpv_types, NULL));
  r->cytology = MUYING_CYTOLOGY_NILM;
  r->cbe = MUYING_EXAM_NORMAL;
  r->us_birads = MUYING_BIRADS_1;
  return r;
}

static gint64
save_two_cancer (Fixture               *f,
                 MuyingTwoCancerRecord *r,
                 const char            *expected_codes)
{
  g_autoptr(MuyingClassification) cls = muying_rule_set_classify_two_cancer (f->rules, r);
  g_autofree char *codes = muying_classification_join_codes (cls, ";");
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_cmpstr (codes, ==, expected_codes);
  g_assert_true (muying_store_save_two_cancer (f->db.store, r, cls, "nurse", NULL, &id, &error));
  g_assert_no_error (error);
  g_hash_table_insert (f->ids, g_strdup (r->exam_no), GSIZE_TO_POINTER (id));
  return id;
}

/* The worklist at 2026-06-15, most urgent first:
 *   P1  prenatal   high          T21_HIGH           due 06-08 (7 days overdue)
 *   N1  newborn    high          MT_AMINOGLYCOSIDE  due 06-12 (3 days overdue)
 *   T1  two_cancer high          HPV16_18           due 06-17
 *   P2  prenatal   intermediate  T21_BORDERLINE     due 06-17 (same day: after the high one)
 *   N2  newborn    intermediate  RESCREEN_DUE       due 06-19
 *   T3  two_cancer intermediate  HPV_OTHER_REPEAT   due 07-12
 * and P3 (low) is not on it. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  muying_test_db_create (&f->db, "worklist.db");
  f->rules = muying_rule_set_new_from_dir (g_getenv ("MUYING_DATA_DIR") ? g_getenv ("MUYING_DATA_DIR")
                                                                        : muying_test_data_dir (), &error);
  g_assert_no_error (error);
  f->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  set_date (&f->today, TODAY);

  f->admin = muying_store_create_first_admin (f->db.store, "admin", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  f->doctor = muying_store_create_user (f->db.store, "admin", "doc", "李医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);
  f->nurse = muying_store_create_user (f->db.store, "admin", "nurse", "张护士", MUYING_ROLE_NURSE, PASSWORD, &error);
  g_assert_no_error (error);

  {
    g_autoptr(MuyingPrenatalRecord) p1 = prenatal_record ("P1", "11010519950101002", "张丽", "2026-06-01", 150);
    g_autoptr(MuyingPrenatalRecord) p2 = prenatal_record ("P2", "11010519960202004", "李娜", "2026-05-18", 500);
    g_autoptr(MuyingPrenatalRecord) p3 = prenatal_record ("P3", "11010519970303006", "王芳", "2026-06-02", 5000);
    g_autoptr(MuyingNewbornRecord) n1 = newborn_record ("N1", "11010519940404008", "赵敏", "2026-06-05",
                                                        MUYING_HEARING_PASS, MUYING_HEARING_PASS);
    g_autoptr(MuyingNewbornRecord) n2 = newborn_record ("N2", "11010519930505000", "钱红", "2026-05-20",
                                                        MUYING_HEARING_REFER, MUYING_HEARING_PASS);
    g_autoptr(MuyingTwoCancerRecord) t1 = two_cancer_record ("T1", "11010519800606002", "孙燕", "2026-06-10", "16");
    g_autoptr(MuyingTwoCancerRecord) t3 = two_cancer_record ("T3", "11010519790707004", "周婷", "2026-06-12", "52");

    g_ptr_array_add (n1->variants, muying_variant_new ("MT-RNR1", "m.1555A>G", MUYING_ZYGOSITY_HOMOPLASMIC));
    save_prenatal (f, p1, "T21_HIGH");
    save_prenatal (f, p2, "T21_BORDERLINE");
    save_prenatal (f, p3, "");
    save_newborn (f, n1, "MT_AMINOGLYCOSIDE");
    save_newborn (f, n2, "RESCREEN_DUE");
    save_two_cancer (f, t1, "HPV16_18");
    save_two_cancer (f, t3, "HPV_OTHER_REPEAT");
  }

  /* The same worklist, reviews, signatures and follow-ups on a database on the server. */
  muying_test_db_move_if (&f->db, GPOINTER_TO_INT (data), "worklist");
}

/* The invariants of muying-store-check and the copies kept by the triggers of schema step 3. */
static void
assert_consistent (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = muying_store_check (f->db.store, NULL, &error);
  g_autoptr(MuyingSqlStmt) stmt = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);

  stmt = muying_store_query (f->db.store,
                               "SELECT count(*) FROM followup f JOIN record r ON r.id = f.record_id WHERE "
                               "f.program IS DISTINCT FROM r.program OR f.level IS DISTINCT FROM r.level OR "
                               "f.review_state IS DISTINCT FROM r.review_state", NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (muying_sql_column_int (stmt, 0), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assert_consistent (f);
  g_clear_object (&f->admin);
  g_clear_object (&f->doctor);
  g_clear_object (&f->nurse);
  g_clear_object (&f->rules);
  g_clear_pointer (&f->ids, g_hash_table_unref);
  muying_test_db_clear (&f->db);
}

static GPtrArray *
page (Fixture                    *f,
      const MuyingWorklistFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = muying_store_worklist_page (f->db.store, filter, &f->today, 0, 100, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  /* The count always agrees with the rows. */
  g_assert_cmpint (muying_store_worklist_count (f->db.store, filter, &f->today, NULL), ==, rows->len);
  return rows;
}

static char *
keys_of (GPtrArray *rows)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      const MuyingWorklistRow *row = g_ptr_array_index (rows, i);

      g_string_append_printf (s, "%s%s", i ? " " : "", row->key);
    }
  return g_string_free (s, FALSE);
}

static char *
worklist_keys (Fixture                    *f,
               const MuyingWorklistFilter *filter)
{
  g_autoptr(GPtrArray) rows = page (f, filter);

  return keys_of (rows);
}

static const MuyingWorklistRow *
find_row (GPtrArray  *rows,
          const char *key)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const MuyingWorklistRow *row = g_ptr_array_index (rows, i);

      if (strcmp (row->key, key) == 0)
        return row;
    }
  return NULL;
}

static gint64
query_int (Fixture    *f,
           const char *sql,
           gint64      id)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (f->db.store, sql, NULL);

  g_assert_nonnull (stmt);
  muying_sql_bind_int64 (stmt, 1, id);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  return muying_sql_column_int64 (stmt, 0);
}

static char *
query_text (Fixture    *f,
            const char *sql,
            gint64      id)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (f->db.store, sql, NULL);

  g_assert_nonnull (stmt);
  muying_sql_bind_int64 (stmt, 1, id);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) muying_sql_column_text (stmt, 0));
}

static MuyingCase *
get_case (Fixture    *f,
          const char *key)
{
  g_autoptr(GError) error = NULL;
  MuyingCase *c = muying_store_get_case (f->db.store, id_of (f, key), &f->today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* ---- the worklist ----------------------------------------------------------------------- */

static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = page (f, NULL);
  g_autofree char *keys = keys_of (rows);
  const MuyingWorklistRow *p1, *n1, *t1, *t3;

  g_assert_cmpstr (keys, ==, "P1 N1 T1 P2 N2 T3");

  p1 = g_ptr_array_index (rows, 0);
  g_assert_cmpint (p1->record_id, ==, id_of (f, "P1"));
  g_assert_cmpint (p1->program, ==, MUYING_PROGRAM_PRENATAL);
  g_assert_cmpstr (p1->name, ==, "张丽");
  g_assert_cmpint (p1->level, ==, MUYING_LEVEL_HIGH);
  g_assert_cmpstr (p1->reasons, ==, "T21_HIGH");
  g_assert_cmpstr (p1->review_state, ==, "pending");
  g_assert_cmpint (p1->followup_state, ==, MUYING_FOLLOWUP_OPEN);
  g_assert_cmpstr (p1->due_date, ==, "2026-06-08");
  g_assert_cmpstr (p1->record_date, ==, "2026-06-01");
  g_assert_true (p1->overdue);
  g_assert_cmpint (p1->days_overdue, ==, 7);
  g_assert_true (g_str_has_prefix (p1->id_number, "110105199501010"));

  n1 = find_row (rows, "N1");
  g_assert_true (n1->overdue);
  g_assert_cmpint (n1->days_overdue, ==, 3);
  g_assert_cmpstr (n1->due_date, ==, "2026-06-12");
  /* A newborn row names the baby and carries the mother's ID number. */
  g_assert_true (g_str_has_prefix (n1->id_number, "110105199404040"));

  t1 = find_row (rows, "T1");
  g_assert_false (t1->overdue);
  g_assert_cmpint (t1->days_overdue, ==, 0);
  t3 = find_row (rows, "T3");
  g_assert_cmpstr (t3->due_date, ==, "2026-07-12");
  g_assert_cmpint (t3->level, ==, MUYING_LEVEL_INTERMEDIATE);

  /* On the due date itself nothing is overdue yet; the day after it is. */
  set_date (&f->today, "2026-06-08");
  {
    g_autoptr(GPtrArray) early = page (f, NULL);

    g_assert_false (((MuyingWorklistRow *) g_ptr_array_index (early, 0))->overdue);
  }
  set_date (&f->today, "2026-06-09");
  {
    g_autoptr(GPtrArray) later = page (f, NULL);

    g_assert_true (((MuyingWorklistRow *) g_ptr_array_index (later, 0))->overdue);
    g_assert_cmpint (((MuyingWorklistRow *) g_ptr_array_index (later, 0))->days_overdue, ==, 1);
  }
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  MuyingWorklistFilter filter;
  MuyingWorklistCounts counts;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;
  g_autofree char *g = NULL;

  muying_worklist_filter_init (&filter);
  filter.program = MUYING_PROGRAM_NEWBORN;
  a = worklist_keys (f, &filter);
  g_assert_cmpstr (a, ==, "N1 N2");

  muying_worklist_filter_init (&filter);
  filter.level = MUYING_LEVEL_HIGH;
  b = worklist_keys (f, &filter);
  g_assert_cmpstr (b, ==, "P1 N1 T1");

  muying_worklist_filter_init (&filter);
  filter.overdue_only = TRUE;
  c = worklist_keys (f, &filter);
  g_assert_cmpstr (c, ==, "P1 N1");

  muying_worklist_filter_init (&filter);
  filter.program = MUYING_PROGRAM_TWO_CANCER;
  filter.level = MUYING_LEVEL_INTERMEDIATE;
  d = worklist_keys (f, &filter);
  g_assert_cmpstr (d, ==, "T3");

  muying_worklist_filter_init (&filter);
  filter.followup_state = MUYING_FOLLOWUP_NOTIFIED;
  e = worklist_keys (f, &filter);
  g_assert_cmpstr (e, ==, "");

  muying_worklist_filter_init (&filter);
  filter.review_pending = TRUE;
  g = worklist_keys (f, &filter);
  g_assert_cmpstr (g, ==, "P1 N1 T1 P2 N2 T3");

  g_assert_true (muying_store_worklist_counts (f->db.store, &f->today, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.total, ==, 6);
  g_assert_cmpint (counts.overdue, ==, 2);
  g_assert_cmpint (counts.review_pending, ==, 6);
  g_assert_cmpint (counts.by_program[MUYING_PROGRAM_PRENATAL], ==, 2);
  g_assert_cmpint (counts.by_program[MUYING_PROGRAM_NEWBORN], ==, 2);
  g_assert_cmpint (counts.by_program[MUYING_PROGRAM_TWO_CANCER], ==, 2);
  g_assert_cmpint (counts.by_level[MUYING_LEVEL_HIGH], ==, 3);
  g_assert_cmpint (counts.by_level[MUYING_LEVEL_INTERMEDIATE], ==, 3);
  g_assert_cmpint (counts.by_level[MUYING_LEVEL_LOW], ==, 0);
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) second = muying_store_worklist_page (f->db.store, NULL, &f->today, 2, 2, &error);
  g_autoptr(GPtrArray) last = NULL;
  g_autoptr(GPtrArray) beyond = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *last_keys = NULL;

  g_assert_no_error (error);
  keys = keys_of (second);
  g_assert_cmpstr (keys, ==, "T1 P2");
  last = muying_store_worklist_page (f->db.store, NULL, &f->today, 4, 10, &error);
  last_keys = keys_of (last);
  g_assert_cmpstr (last_keys, ==, "N2 T3");
  beyond = muying_store_worklist_page (f->db.store, NULL, &f->today, 10, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (beyond->len, ==, 0);
}


static void
set_due_date (Fixture    *f,
              const char *key,
              const char *due)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (f->db.store, "UPDATE followup SET due_date = ? WHERE record_id = ?",
                                                       NULL);

  g_assert_nonnull (stmt);
  muying_sql_bind_text (stmt, 1, due, -1, SQLITE_STATIC);
  muying_sql_bind_int64 (stmt, 2, id_of (f, key));
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_DONE);
}

/* Level before lateness: an intermediate case overdue since 2017 sorts below a high case due
 * today (and below every high case), and above the intermediate ones due later. */
static void
test_urgency_order (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(MuyingPrenatalRecord) old = prenatal_record ("P9", "11010519850808001", "吴静", "2017-03-01", 500);
  g_autoptr(MuyingPrenatalRecord) fresh = prenatal_record ("P8", "11010519980909003", "郑洁", "2026-06-14", 150);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *overdue = NULL;
  const MuyingWorklistRow *p9;
  MuyingWorklistFilter filter;

  save_prenatal (f, old, "T21_BORDERLINE");
  save_prenatal (f, fresh, "T21_HIGH");
  set_due_date (f, "P8", TODAY);

  rows = page (f, NULL);
  keys = keys_of (rows);
  g_assert_cmpstr (keys, ==, "P1 N1 P8 T1 P9 P2 N2 T3");
  p9 = find_row (rows, "P9");
  g_assert_true (p9->overdue);
  g_assert_cmpint (p9->days_overdue, >, 3000);
  g_assert_false (find_row (rows, "P8")->overdue);

  muying_worklist_filter_init (&filter);
  filter.overdue_only = TRUE;
  overdue = worklist_keys (f, &filter);
  g_assert_cmpstr (overdue, ==, "P1 N1 P9");
}

/* Column sorts and the search box, both answered in SQL. */
static void
test_sort_search (Fixture       *f,
                  gconstpointer  data)
{
  static const struct {
    int         sort;
    gboolean    descending;
    const char *search;
    int         level;
    const char *expected;
  } cases[] = {
    { MUYING_WORKLIST_SORT_URGENCY, FALSE, NULL, -1, "P1 N1 T1 P2 N2 T3" },
    { MUYING_WORKLIST_SORT_URGENCY, TRUE, NULL, -1, "T3 N2 P2 T1 N1 P1" },
    { MUYING_WORKLIST_SORT_DUE, FALSE, NULL, -1, "P1 N1 T1 P2 N2 T3" },
    { MUYING_WORKLIST_SORT_DUE, TRUE, NULL, -1, "T3 N2 T1 P2 N1 P1" },
    { MUYING_WORKLIST_SORT_KEY, FALSE, NULL, -1, "N1 N2 P1 P2 T1 T3" },
    { MUYING_WORKLIST_SORT_KEY, TRUE, NULL, 100, "T1 P1 N1" },
    { MUYING_WORKLIST_SORT_PROGRAM, FALSE, NULL, -1, "N1 N2 P1 P2 T1 T3" },
    { MUYING_WORKLIST_SORT_ID_NUMBER, FALSE, NULL, -1, "T3 T1 N2 N1 P1 P2" },
    /* Search: a name, a mother's ID number (the newborn row), a sample number, lower-case x. */
    { MUYING_WORKLIST_SORT_URGENCY, FALSE, "张", -1, "P1" },
    { MUYING_WORKLIST_SORT_URGENCY, FALSE, "赵敏", -1, "N1" },
    { MUYING_WORKLIST_SORT_URGENCY, FALSE, "1101051994", -1, "N1" },
    { MUYING_WORKLIST_SORT_URGENCY, FALSE, "110105", -1, "P1 N1 T1 P2 N2 T3" },
    { MUYING_WORKLIST_SORT_URGENCY, FALSE, " T3 ", -1, "T3" },
    { MUYING_WORKLIST_SORT_NAME, FALSE, "110105", 100, "N1 T1 P1" },
    { MUYING_WORKLIST_SORT_URGENCY, FALSE, "nobody", -1, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MuyingWorklistFilter filter;
      g_autofree char *keys = NULL;

      muying_worklist_filter_init (&filter);
      filter.sort = cases[i].sort;
      filter.descending = cases[i].descending;
      filter.search = cases[i].search;
      filter.level = cases[i].level == 100 ? MUYING_LEVEL_HIGH : -1;
      keys = worklist_keys (f, &filter);
      g_test_message ("case %u", i);
      g_assert_cmpstr (keys, ==, cases[i].expected);
    }
}


static char *
history_keys (Fixture    *f,
              const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingPersonHistory) h = muying_store_get_person_history (f->db.store, id_of (f, key), &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (h);
  g_string_append_printf (s, "%s:", h->name);
  for (guint i = 0; i < h->records->len; i++)
    {
      const MuyingPersonRecord *r = g_ptr_array_index (h->records, i);

      g_string_append_printf (s, " %s", r->key);
    }
  return g_string_free (s, FALSE);
}

/* One woman's records across the programmes, in date order, from any of them: 赵敏 has a
 * prenatal screen (2025-10-01), her newborn N1 (2026-06-05) and a two-cancer exam (2026-06-10
 * is T1's date; hers is 2026-03-01); from the newborn record the view is the mother's. */
static void
test_person_history (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MuyingPrenatalRecord) p = prenatal_record ("PZ", "11010519940404008", "赵敏", "2025-10-01", 5000);
  g_autoptr(MuyingTwoCancerRecord) t = two_cancer_record ("TZ", "11010519940404008", "赵敏", "2026-03-01", "52");
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingPersonHistory) h = NULL;
  const MuyingPersonRecord *first, *baby;

  save_prenatal (f, p, "");
  save_two_cancer (f, t, "HPV_OTHER_REPEAT");
  {
    g_autofree char *from_baby = history_keys (f, "N1");
    g_autofree char *from_prenatal = history_keys (f, "PZ");
    g_autofree char *from_exam = history_keys (f, "TZ");
    g_autofree char *other = history_keys (f, "P1");

    g_assert_cmpstr (from_baby, ==, "赵敏: PZ TZ N1");
    g_assert_cmpstr (from_prenatal, ==, from_baby);
    g_assert_cmpstr (from_exam, ==, from_baby);
    g_assert_cmpstr (other, ==, "张丽: P1");
  }
  h = muying_store_get_person_history (f->db.store, id_of (f, "N1"), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (h->id_number, "110105199404040"));
  first = g_ptr_array_index (h->records, 0);
  g_assert_cmpint (first->program, ==, MUYING_PROGRAM_PRENATAL);
  g_assert_cmpstr (first->record_date, ==, "2025-10-01");
  g_assert_cmpint (first->level, ==, MUYING_LEVEL_LOW);
  g_assert_cmpint (first->followup_state, ==, -1);
  baby = g_ptr_array_index (h->records, 2);
  g_assert_cmpint (baby->program, ==, MUYING_PROGRAM_NEWBORN);
  g_assert_cmpint (baby->level, ==, MUYING_LEVEL_HIGH);
  g_assert_cmpint (baby->followup_state, ==, MUYING_FOLLOWUP_OPEN);
  g_assert_cmpstr (baby->review_state, ==, "pending");
  g_clear_pointer (&h, muying_person_history_free);

  h = muying_store_get_person_history (f->db.store, 999999, &error);
  g_assert_null (h);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
}

static char *
query_plan (Fixture    *f,
            const char *sql)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autofree char *explain = g_strdup_printf ("EXPLAIN QUERY PLAN %s", sql);
  GString *plan = g_string_new (NULL);

  stmt = muying_store_query (f->db.store, explain, NULL);
  g_assert_nonnull (stmt);
  while (muying_sql_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", muying_sql_column_text (stmt, 3));
  g_test_message ("%s\n%s", sql, plan->str);
  return g_string_free (plan, FALSE);
}

/* The worklist is read from covering indexes of the open follow-ups (schema step 3): a page in
 * the index's order without sorting, a count by programme and level as a range. These are the
 * shapes of the queries of muying-store-worklist.c. */
static void
test_query_plan (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *page_plan = NULL;
  g_autofree char *count_plan = NULL;
  g_autofree char *overdue_plan = NULL;

  page_plan = query_plan (f, "SELECT record_id FROM followup INDEXED BY followup_urgency_idx WHERE "
                             "state <> 'done' AND state <> 'declined' AND state <> 'lost' AND program = 'newborn' AND level = 2 "
                             "ORDER BY level DESC, due_date, record_id LIMIT 200 OFFSET 0");
  g_assert_nonnull (strstr (page_plan, "COVERING INDEX followup_urgency_idx"));
  g_assert_null (strstr (page_plan, "TEMP B-TREE FOR ORDER BY"));
  count_plan = query_plan (f, "SELECT count(*) FROM followup WHERE state <> 'done' AND state <> 'declined' AND state <> 'lost' "
                              "AND program = 'newborn' AND level = 2");
  g_assert_nonnull (strstr (count_plan, "COVERING INDEX followup_counts_idx (program=? AND level=?)"));
  overdue_plan = query_plan (f, "SELECT count(*) FROM followup WHERE state <> 'done' AND state <> 'declined' AND state <> 'lost' "
                                "AND due_date < '2026-06-15'");
  g_assert_nonnull (strstr (overdue_plan, "COVERING INDEX"));
  g_assert_nonnull (strstr (overdue_plan, "due_date<?"));
}

/* ---- review ----------------------------------------------------------------------------- */

static gboolean
review (Fixture             *f,
        MuyingUser          *actor,
        const char          *key,
        MuyingReviewAction   action,
        int                  new_level,
        const char          *reason,
        const char          *note,
        GError             **error)
{
  MuyingReview r = { action, new_level, reason, note, PASSWORD };

  return muying_store_review (f->db.store, actor, id_of (f, key), &r, f->rules, &f->today, error);
}

static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCase) p1 = NULL;
  g_autoptr(MuyingCase) p2 = NULL;
  g_autoptr(MuyingCase) n2 = NULL;
  g_autofree char *keys = NULL;

  /* A nurse may not review. */
  g_assert_false (review (f, f->nurse, "P1", MUYING_REVIEW_ACCEPT, -1, NULL, NULL, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);

  g_assert_true (review (f, f->doctor, "P1", MUYING_REVIEW_ACCEPT, -1, NULL, "与孕妇电话确认", &error));
  g_assert_no_error (error);
  p1 = get_case (f, "P1");
  g_assert_cmpstr (p1->review_state, ==, "reviewed");
  g_assert_cmpint (p1->level, ==, MUYING_LEVEL_HIGH);

  /* Raise and lower need a reason and the right direction. */
  g_assert_false (review (f, f->doctor, "P2", MUYING_REVIEW_RAISE, MUYING_LEVEL_HIGH, "  ", NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (review (f, f->doctor, "P2", MUYING_REVIEW_RAISE, MUYING_LEVEL_LOW, "typo", NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (review (f, f->doctor, "P2", MUYING_REVIEW_LOWER, MUYING_LEVEL_HIGH, "typo", NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (review (f, f->doctor, "P2", MUYING_REVIEW_RAISE, MUYING_LEVEL_HIGH, "既往不良孕产史", NULL, &error));
  g_assert_no_error (error);
  p2 = get_case (f, "P2");
  g_assert_cmpint (p2->level, ==, MUYING_LEVEL_HIGH);
  g_assert_cmpint (p2->computed_level, ==, MUYING_LEVEL_INTERMEDIATE);
  g_assert_cmpstr (p2->review_state, ==, "reviewed");
  /* Nobody was contacted yet: the due date follows the new level's first-contact deadline,
   * 7 days from the sample date (05-18), not the intermediate one (06-17). */
  g_assert_cmpstr (p2->followup->due_date, ==, "2026-05-25");

  /* Lowering to low closes the follow-up: N2 leaves the worklist. */
  g_assert_true (review (f, f->doctor, "N2", MUYING_REVIEW_LOWER, MUYING_LEVEL_LOW, "初筛仪器故障，已复测通过", NULL,
                         &error));
  g_assert_no_error (error);
  n2 = get_case (f, "N2");
  g_assert_cmpint (n2->level, ==, MUYING_LEVEL_LOW);
  g_assert_cmpint (n2->followup->state, ==, MUYING_FOLLOWUP_DONE);
  g_assert_nonnull (strstr (n2->followup->outcome, "初筛仪器故障"));
  g_assert_cmpstr (n2->followup->closed_at, ==, TODAY);
  keys = worklist_keys (f, NULL);
  /* P2 is high now and 21 days overdue: first. */
  g_assert_cmpstr (keys, ==, "P2 P1 N1 T1 T3");

  /* A note needs text and goes on any record. */
  g_assert_false (review (f, f->doctor, "T3", MUYING_REVIEW_NOTE, -1, NULL, "", &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (review (f, f->doctor, "T3", MUYING_REVIEW_NOTE, -1, NULL, "已预约阴道镜", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM review WHERE record_id = ?", id_of (f, "T3")), ==, 1);

  /* Raising a low record opens a follow-up due by the first-contact deadline from today. */
  g_assert_true (review (f, f->doctor, "P3", MUYING_REVIEW_RAISE, MUYING_LEVEL_INTERMEDIATE, "家族遗传病史", NULL,
                         &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) p3 = get_case (f, "P3");

    g_assert_nonnull (p3->followup);
    g_assert_cmpint (p3->followup->state, ==, MUYING_FOLLOWUP_OPEN);
    g_assert_cmpstr (p3->followup->due_date, ==, "2026-07-15");
    g_assert_cmpint (p3->level, ==, MUYING_LEVEL_INTERMEDIATE);
  }
  /* … and raising N2 back reopens its closed follow-up. */
  g_assert_true (review (f, f->doctor, "N2", MUYING_REVIEW_RAISE, MUYING_LEVEL_HIGH, "复测仍未通过", NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) again = get_case (f, "N2");

    g_assert_cmpint (again->followup->state, ==, MUYING_FOLLOWUP_OPEN);
    g_assert_cmpstr (again->followup->due_date, ==, "2026-06-22");
    g_assert_null (again->followup->closed_at);
  }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE entity = 'record' AND entity_id = ? "
                                 "AND action = 'review'", id_of (f, "N2")), ==, 2);
}

static void
test_sign_lock (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCase) p1 = NULL;
  g_autofree char *keys = NULL;

  g_assert_false (review (f, f->nurse, "P1", MUYING_REVIEW_SIGN, -1, NULL, NULL, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);
  /* A record nobody flagged cannot be signed. */
  g_assert_false (review (f, f->doctor, "P3", MUYING_REVIEW_SIGN, -1, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Sign straight from pending: the level is accepted with the signature. */
  g_assert_true (review (f, f->doctor, "P1", MUYING_REVIEW_SIGN, -1, NULL, NULL, &error));
  g_assert_no_error (error);
  p1 = get_case (f, "P1");
  g_assert_cmpstr (p1->review_state, ==, "signed");
  g_assert_cmpstr (p1->signed_by, ==, "李医生");
  g_assert_nonnull (p1->signed_at);
  g_assert_cmpint (query_int (f, "SELECT signed_by FROM record WHERE id = ?", id_of (f, "P1")), ==,
                   muying_user_get_id (f->doctor));
  /* Still on the worklist: its follow-up is open. Not waiting for review any more. */
  keys = worklist_keys (f, &(MuyingWorklistFilter) { -1, -1, -1, TRUE, FALSE });
  g_assert_cmpstr (keys, ==, "N1 T1 P2 N2 T3");

  /* Locked: changed data cannot be saved, the level cannot be reviewed, no second signature. */
  {
    g_autoptr(MuyingPrenatalRecord) changed = prenatal_record ("P1", "11010519950101002", "张丽", "2026-06-01", 120);
    g_autoptr(MuyingPrenatalRecord) same = prenatal_record ("P1", "11010519950101002", "张丽", "2026-06-01", 150);
    g_autoptr(MuyingClassification) cls = muying_rule_set_classify_prenatal (f->rules, changed);
    g_autoptr(MuyingClassification) same_cls = muying_rule_set_classify_prenatal (f->rules, same);
    MuyingSaveOutcome outcome;

    g_assert_false (muying_store_save_prenatal (f->db.store, changed, cls, "nurse", &outcome, NULL, &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD);
    g_clear_error (&error);
    /* An identical import row is not a change. */
    g_assert_true (muying_store_save_prenatal (f->db.store, same, same_cls, "nurse", &outcome, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (outcome, ==, MUYING_SAVE_UNCHANGED);
  }
  g_assert_false (review (f, f->doctor, "P1", MUYING_REVIEW_LOWER, MUYING_LEVEL_INTERMEDIATE, "x", NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD);
  g_clear_error (&error);
  g_assert_false (review (f, f->doctor, "P1", MUYING_REVIEW_ACCEPT, -1, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD);
  g_clear_error (&error);
  g_assert_false (review (f, f->admin, "P1", MUYING_REVIEW_SIGN, -1, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD);
  g_clear_error (&error);
  /* A note is still possible. */
  g_assert_true (review (f, f->doctor, "P1", MUYING_REVIEW_NOTE, -1, NULL,
                         "孕妇要求推迟穿刺", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE entity = 'record' AND entity_id = ? "
                                 "AND action = 'sign'", id_of (f, "P1")), ==, 1);
}

/* The store asks for the signer's password itself: without it, or with a wrong one, nothing
 * of the signature is written (the wrong one only counts towards the lock). */
static void
test_sign_needs_password (Fixture       *f,
                          gconstpointer  data)
{
  const char *refused[] = { NULL, "", "wrong-password1" };
  gint64 reviews = query_int (f, "SELECT count(*) FROM review", 0);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      MuyingReview sign = { MUYING_REVIEW_SIGN, -1, NULL, NULL, refused[i] };
      g_autoptr(MuyingCase) p1 = NULL;

      g_assert_false (muying_store_review (f->db.store, f->doctor, id_of (f, "P1"), &sign, f->rules, &f->today, &error));
      g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
      g_clear_error (&error);
      p1 = get_case (f, "P1");
      g_assert_cmpstr (p1->review_state, !=, "signed");
      g_assert_null (p1->signed_by);
    }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM review", 0), ==, reviews);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'sign'", 0), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT signed_by IS NULL FROM record WHERE id = ?", id_of (f, "P1")), ==, 1);

  g_assert_true (review (f, f->doctor, "P1", MUYING_REVIEW_SIGN, -1, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_amend (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCase) p1 = NULL;
  g_autoptr(MuyingCase) p1b = NULL;
  g_autofree char *t21 = NULL;

  /* Only a signed record is amended. */
  g_assert_false (review (f, f->doctor, "P1", MUYING_REVIEW_AMEND, MUYING_LEVEL_INTERMEDIATE, "复核", NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (review (f, f->doctor, "P1", MUYING_REVIEW_SIGN, -1, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A reason is required; a nurse may not amend; an amendment must change something. */
  g_assert_false (review (f, f->admin, "P1", MUYING_REVIEW_AMEND, MUYING_LEVEL_INTERMEDIATE, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (review (f, f->nurse, "P1", MUYING_REVIEW_AMEND, MUYING_LEVEL_INTERMEDIATE, "复核", NULL, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (review (f, f->admin, "P1", MUYING_REVIEW_AMEND, -1, "复核", NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_true (review (f, f->admin, "P1", MUYING_REVIEW_AMEND, MUYING_LEVEL_INTERMEDIATE, "实验室复核风险值", NULL,
                         &error));
  g_assert_no_error (error);
  p1 = get_case (f, "P1");
  g_assert_cmpstr (p1->review_state, ==, "signed");
  g_assert_cmpint (p1->level, ==, MUYING_LEVEL_INTERMEDIATE);
  g_assert_cmpint (p1->computed_level, ==, MUYING_LEVEL_HIGH);
  g_assert_cmpstr (p1->signed_by, ==, "王主任");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM review WHERE record_id = ? AND action = 'amend' "
                                 "AND old_level = 2 AND new_level = 1 AND reason = '实验室复核风险值'", id_of (f, "P1")),
                   ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE entity = 'record' AND entity_id = ? "
                                 "AND action = 'amend'", id_of (f, "P1")), ==, 1);

  /* Amending the data: saved with its update audit, re-signed by the amender. */
  {
    g_autoptr(MuyingPrenatalRecord) changed = prenatal_record ("P1", "11010519950101002", "张丽", "2026-06-01", 120);
    g_autoptr(MuyingPrenatalRecord) other = prenatal_record ("P2", "11010519960202004", "李娜", "2026-05-18", 120);
    g_autoptr(MuyingClassification) cls = muying_rule_set_classify_prenatal (f->rules, changed);
    g_autoptr(MuyingClassification) other_cls = muying_rule_set_classify_prenatal (f->rules, other);

    g_assert_false (muying_store_amend_prenatal (f->db.store, f->doctor, id_of (f, "P1"), changed, cls, -1, "", &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
    g_clear_error (&error);
    /* The record given must be the record amended. */
    g_assert_false (muying_store_amend_prenatal (f->db.store, f->doctor, id_of (f, "P1"), other, other_cls, -1, "错号",
                                                 &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
    g_clear_error (&error);
    g_assert_true (muying_store_amend_prenatal (f->db.store, f->doctor, id_of (f, "P1"), changed, cls,
                                                MUYING_LEVEL_HIGH, "原始报告录入错误", &error));
    g_assert_no_error (error);
  }
  p1b = get_case (f, "P1");
  g_assert_cmpstr (p1b->review_state, ==, "signed");
  g_assert_cmpstr (p1b->signed_by, ==, "李医生");
  g_assert_cmpint (p1b->level, ==, MUYING_LEVEL_HIGH);
  t21 = query_text (f, "SELECT t21_risk FROM prenatal WHERE record_id = ?", id_of (f, "P1"));
  g_assert_cmpstr (t21, ==, "120");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE entity = 'record' AND entity_id = ? "
                                 "AND action = 'update'", id_of (f, "P1")), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM review WHERE record_id = ? AND action = 'amend'",
                              id_of (f, "P1")), ==, 2);
  /* And it is locked again. */
  {
    g_autoptr(MuyingPrenatalRecord) again = prenatal_record ("P1", "11010519950101002", "张丽", "2026-06-01", 100);
    g_autoptr(MuyingClassification) cls = muying_rule_set_classify_prenatal (f->rules, again);

    g_assert_false (muying_store_save_prenatal (f->db.store, again, cls, "nurse", NULL, NULL, &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD);
    g_clear_error (&error);
  }
  /* Nothing changed: refused, and nothing written. */
  {
    g_autoptr(MuyingPrenatalRecord) same = prenatal_record ("P1", "11010519950101002", "张丽", "2026-06-01", 120);
    g_autoptr(MuyingClassification) cls = muying_rule_set_classify_prenatal (f->rules, same);

    g_assert_false (muying_store_amend_prenatal (f->db.store, f->doctor, id_of (f, "P1"), same, cls, -1, "再次核对",
                                                 &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
    g_clear_error (&error);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM review WHERE record_id = ? AND action = 'amend'",
                                id_of (f, "P1")), ==, 2);
    g_assert_cmpint (query_int (f, "SELECT review_state = 'signed' FROM record WHERE id = ?", id_of (f, "P1")), ==, 1);
  }
}

/* ---- follow-up -------------------------------------------------------------------------- */

static gboolean
transition (Fixture              *f,
            MuyingUser           *actor,
            const char           *key,
            MuyingFollowupState   to,
            const char           *date,
            const char           *step,
            const char           *note,
            const char           *outcome,
            int                   attempts,
            gboolean              signed_refusal,
            GError              **error)
{
  MuyingFollowupTransition t = { 0 };

  t.to = to;
  set_date (&t.date, date);
  t.step = step;
  t.note = note;
  t.outcome = outcome;
  t.contact_attempts = attempts;
  t.refusal_signed = signed_refusal;
  return muying_store_followup_transition (f->db.store, actor, id_of (f, key), &t, f->rules, &f->today, error);
}

static void
test_followup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MuyingFollowupState s = MUYING_FOLLOWUP_OPEN;

  /* A nurse records the contact only, not the doctor's steps; an illegal move changes nothing. */
  g_assert_false (transition (f, f->nurse, "P1", MUYING_FOLLOWUP_NEXT_STEP, "2026-06-02", "diagnosis", NULL, NULL, 0,
                              FALSE, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (transition (f, f->nurse, "P1", MUYING_FOLLOWUP_DONE, "2026-06-02", NULL, NULL, "ok", 0, FALSE,
                              &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (transition (f, f->doctor, "P1", MUYING_FOLLOWUP_DONE, "2026-06-02", NULL, NULL, "ok", 0, FALSE,
                              &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_ILLEGAL);
  g_clear_error (&error);
  /* Not before the sample date, not after today. */
  g_assert_false (transition (f, f->doctor, "P1", MUYING_FOLLOWUP_NOTIFIED, "2026-05-31", NULL, NULL, NULL, 0, FALSE,
                              &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (transition (f, f->doctor, "P1", MUYING_FOLLOWUP_NOTIFIED, "2026-06-16", NULL, NULL, NULL, 0, FALSE,
                              &error));
  g_clear_error (&error);

  /* Notified: the suggested next step (prenatal diagnosis) gives the deadline: before 24+0
   * weeks. P1 was at 16+0 on 06-01, so 24+0 is 07-27 and the last day 07-26. */
  g_assert_true (transition (f, f->doctor, "P1", MUYING_FOLLOWUP_NOTIFIED, "2026-06-02", NULL, "电话通知本人", NULL, 0,
                             FALSE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "P1");

    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_NOTIFIED);
    g_assert_cmpstr (c->followup->due_date, ==, "2026-07-26");
    g_assert_cmpstr (c->followup->next_step, ==, "diagnosis");
    g_assert_cmpint (c->followup->contact_attempts, ==, 1);
    g_assert_false (c->followup->overdue);
    g_assert_cmpstr (c->suggested_step, ==, "diagnosis");
  }
  /* The worklist moves it down among the high ones: no longer overdue. */
  {
    g_autofree char *keys = worklist_keys (f, NULL);
    g_assert_cmpstr (keys, ==, "N1 T1 P1 P2 N2 T3");
  }
  /* A step of another programme is refused. */
  g_assert_false (transition (f, f->doctor, "P1", MUYING_FOLLOWUP_NEXT_STEP, "2026-06-05", "colposcopy", NULL, NULL, 0,
                              FALSE, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (transition (f, f->doctor, "P1", MUYING_FOLLOWUP_NEXT_STEP, "2026-06-05", "diagnosis", "转诊产前诊断中心",
                             NULL, 0, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (transition (f, f->doctor, "P1", MUYING_FOLLOWUP_RESULT, "2026-06-12", NULL, "羊水核型 46,XX", NULL, 0,
                             FALSE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "P1");

    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_RESULT);
    g_assert_cmpstr (c->followup->due_date, ==, "2026-07-12");
  }
  g_assert_true (transition (f, f->doctor, "P1", MUYING_FOLLOWUP_DONE, "2026-06-14", NULL, NULL, "产前诊断未见异常，继续妊娠",
                             0, FALSE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "P1");

    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_DONE);
    g_assert_cmpstr (c->followup->outcome, ==, "产前诊断未见异常，继续妊娠");
    g_assert_cmpstr (c->followup->closed_at, ==, "2026-06-14");
  }
  /* Closed and still waiting for review: at the end of the worklist. */
  {
    g_autofree char *keys = worklist_keys (f, NULL);
    g_assert_cmpstr (keys, ==, "N1 T1 P2 N2 T3 P1");
  }
  g_assert_true (review (f, f->doctor, "P1", MUYING_REVIEW_SIGN, -1, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *keys = worklist_keys (f, NULL);
    g_assert_cmpstr (keys, ==, "N1 T1 P2 N2 T3");
  }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM followup_step s JOIN followup f ON f.id = s.followup_id "
                                 "WHERE f.record_id = ?", id_of (f, "P1")), ==, 4);

  /* Closed: nothing moves it but a reopen with a reason (an amendment: doctor or admin). */
  g_assert_false (transition (f, f->doctor, "P1", MUYING_FOLLOWUP_LOST, "2026-06-14", NULL, "搬家", NULL, 2, FALSE,
                              &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (muying_store_followup_reopen (f->db.store, f->doctor, id_of (f, "P1"), "", f->rules, &f->today, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);
  g_clear_error (&error);
  g_assert_false (muying_store_followup_reopen (f->db.store, f->nurse, id_of (f, "P1"), "结局录错", f->rules, &f->today,
                                                &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_true (muying_store_followup_reopen (f->db.store, f->doctor, id_of (f, "P1"), "结局录错", f->rules, &f->today,
                                               &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "P1");

    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_RESULT);
    g_assert_null (c->followup->closed_at);
    g_assert_null (c->followup->outcome);
    g_assert_cmpstr (c->followup->due_date, ==, "2026-07-15");
  }
  {
    /* The audit row says from what to what, why, and the due date before and after. */
    g_autofree char *detail = query_text (f, "SELECT detail FROM audit WHERE entity = 'record' AND entity_id = ? "
                                             "AND action = 'followup_reopen'", id_of (f, "P1"));

    g_assert_nonnull (strstr (detail, "\"from\":\"done\",\"to\":\"result\",\"reason\":\"结局录错\","
                                      "\"due\":[\"2026-07-12\",\"2026-07-15\"]"));
    g_assert_null (strstr (detail, "reversed_step_id"));
  }

  /* Lost: a reason and contact attempts. */
  g_assert_false (transition (f, f->doctor, "N1", MUYING_FOLLOWUP_LOST, "2026-06-14", NULL, "电话停机", NULL, 0, FALSE,
                              &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);
  g_clear_error (&error);
  g_assert_true (muying_store_followup_contact_attempt (f->db.store, f->doctor, id_of (f, "N1"), -1, NULL, "无人接听",
                                                        &f->today, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "N1");

    g_assert_cmpint (c->followup->contact_attempts, ==, 1);
    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_OPEN);
  }
  g_assert_true (transition (f, f->doctor, "N1", MUYING_FOLLOWUP_LOST, "2026-06-14", NULL, "电话停机，地址不详", NULL, 3,
                             FALSE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "N1");

    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_LOST);
    g_assert_cmpint (c->followup->contact_attempts, ==, 3);
    g_assert_cmpstr (c->followup->outcome, ==, "电话停机，地址不详");
  }
  g_assert_false (muying_store_followup_contact_attempt (f->db.store, f->doctor, id_of (f, "N1"), -1, NULL, NULL, &f->today,
                                                         &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_CLOSED);
  g_clear_error (&error);

  /* Declined: only with a signed refusal. */
  g_assert_false (transition (f, f->doctor, "T3", MUYING_FOLLOWUP_DECLINED, "2026-06-14", NULL, "拒绝复查", NULL, 0,
                              FALSE, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);
  g_clear_error (&error);
  g_assert_true (transition (f, f->doctor, "T3", MUYING_FOLLOWUP_DECLINED, "2026-06-14", NULL, "拒绝复查，已签字", NULL,
                             0, TRUE, &error));
  g_assert_no_error (error);
  s = MUYING_FOLLOWUP_OPEN;
  {
    g_autoptr(MuyingCase) c = get_case (f, "T3");

    s = c->followup->state;
  }
  g_assert_cmpint (s, ==, MUYING_FOLLOWUP_DECLINED);

  /* Every change has its audit row. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE entity = 'record' AND entity_id = ? "
                                 "AND action LIKE 'followup%'", id_of (f, "P1")), ==, 5);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE entity = 'record' AND entity_id = ? "
                                 "AND action LIKE 'followup%'", id_of (f, "N1")), ==, 2);

  /* A wrong step is reversed, not deleted: the state and the contact count go back, the audit
   * row names the reversed step, and the reversal itself is not reversed again. */
  g_assert_true (transition (f, f->nurse, "T1", MUYING_FOLLOWUP_NOTIFIED, "2026-06-11", NULL, NULL, NULL, 0, FALSE,
                             &error));
  g_assert_no_error (error);
  g_assert_true (muying_store_followup_reverse_step (f->db.store, f->nurse, id_of (f, "T1"), -1, "点错了", f->rules,
                                                     &f->today, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "T1");
    g_autofree char *detail = query_text (f, "SELECT detail FROM audit WHERE entity = 'record' AND entity_id = ? "
                                             "AND action = 'followup_reverse'", id_of (f, "T1"));
    g_autofree char *named = g_strdup_printf ("\"reversed_step_id\":%" G_GINT64_FORMAT ",\"from\":\"notified\","
                                              "\"to\":\"open\",\"reason\":\"点错了\",\"due\":[",
                                              query_int (f, "SELECT min(s.id) FROM followup_step s JOIN followup f "
                                                            "ON f.id = s.followup_id WHERE f.record_id = ?",
                                                         id_of (f, "T1")));

    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_OPEN);
    g_assert_cmpint (c->followup->contact_attempts, ==, 0);
    g_assert_null (c->followup->outcome);
    g_assert_nonnull (strstr (detail, named));
  }
  g_assert_false (muying_store_followup_reverse_step (f->db.store, f->doctor, id_of (f, "T1"), -1, "再撤一次", f->rules,
                                                      &f->today, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_ILLEGAL);
  g_clear_error (&error);
}

/* ---- later results ---------------------------------------------------------------------- */

static gboolean
enter (Fixture           *f,
       MuyingUser        *actor,
       const char        *key,
       MuyingResultKind   kind,
       const char        *value,
       const char        *value2,
       const char        *date,
       GError           **error)
{
  MuyingLaterResult r = { kind, value, value2, { 0 }, NULL };

  set_date (&r.date, date);
  return muying_store_enter_result (f->db.store, actor, id_of (f, key), &r, f->rules, &f->today, error);
}

/* A prenatal diagnosis of the record @key's woman, entered in the window. */
static gboolean
follow_on_diagnosis (Fixture              *f,
                     const char           *key,
                     const char           *date,
                     MuyingDiagnosisResult result,
                     GError              **error)
{
  g_autoptr(MuyingPrenatalDiagnosis) d = muying_prenatal_diagnosis_new ();
  g_autoptr(MuyingCase) c = get_case (f, key);

  d->diagnosis_no = g_strdup_printf ("D-%s", key);
  d->id_number = g_strdup (c->id_number);
  set_date (&d->procedure_date, date);
  d->procedure = MUYING_PROCEDURE_AMNIOCENTESIS;
  d->result = result;
  return muying_store_edit_follow_on (f->db.store, f->doctor, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, 0, d, f->rules, NULL,
                                       NULL, error);
}

/* An audiology visit (a unilateral moderate loss, fitted the same day) of newborn @key. */
static gboolean
follow_on_audiology (Fixture    *f,
                     const char *key,
                     const char *date,
                     GError    **error)
{
  g_autoptr(MuyingAudiology) a = muying_audiology_new ();

  a->sample_no = g_strdup (key);
  set_date (&a->diagnosis_date, date);
  a->left_degree = MUYING_DEGREE_MODERATE;
  a->right_degree = MUYING_DEGREE_NORMAL;
  a->intervention = MUYING_INTERVENTION_HEARING_AID;
  a->intervention_date = a->diagnosis_date;
  return muying_store_edit_follow_on (f->db.store, f->doctor, MUYING_FOLLOW_ON_AUDIOLOGY, 0, a, f->rules, NULL, NULL, error);
}

static void
test_results (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* T1: notified, sent to colposcopy; the abnormal colposcopy adds COLPOSCOPY_ABNORMAL and
   * moves the follow-up to "result". */
  g_assert_true (transition (f, f->doctor, "T1", MUYING_FOLLOWUP_NOTIFIED, "2026-06-11", NULL, NULL, NULL, 0, FALSE,
                             &error));
  g_assert_true (transition (f, f->doctor, "T1", MUYING_FOLLOWUP_NEXT_STEP, "2026-06-12", "colposcopy", NULL, NULL, 0,
                             FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (enter (f, f->nurse, "T1", MUYING_RESULT_COLPOSCOPY, "abnormal", NULL, "2026-06-13", &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (enter (f, f->doctor, "T1", MUYING_RESULT_HEARING_RESCREEN, "pass", "pass", "2026-06-13",
                         &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (enter (f, f->doctor, "T1", MUYING_RESULT_COLPOSCOPY, "abnormal", NULL, "2026-06-13", &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "T1");
    g_autofree char *codes = g_strjoinv (";", c->reasons);

    g_assert_cmpstr (codes, ==, "COLPOSCOPY_ABNORMAL;HPV16_18");
    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_RESULT);
    g_assert_cmpstr (g_hash_table_lookup (c->results, "colposcopy"), ==, "abnormal");
    g_assert_cmpstr (c->suggested_step, ==, "biopsy");
  }
  /* Biopsy: CIN2 → CERVICAL_PRECANCER (treatment). */
  g_assert_true (transition (f, f->doctor, "T1", MUYING_FOLLOWUP_NEXT_STEP, "2026-06-13", "biopsy", NULL, NULL, 0,
                             FALSE, &error));
  g_assert_true (enter (f, f->doctor, "T1", MUYING_RESULT_CERVICAL_HISTOLOGY, "CIN2", NULL, "2026-06-14", &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "T1");
    g_autofree char *codes = g_strjoinv (";", c->reasons);

    g_assert_cmpstr (codes, ==, "CERVICAL_PRECANCER;COLPOSCOPY_ABNORMAL;HPV16_18");
    g_assert_cmpint (c->level, ==, MUYING_LEVEL_HIGH);
    g_assert_cmpstr (c->suggested_step, ==, "treatment");
  }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE entity = 'record' AND entity_id = ? "
                                 "AND action = 'result'", id_of (f, "T1")), ==, 2);
  /* Entering the same result again writes nothing. */
  g_assert_true (enter (f, f->doctor, "T1", MUYING_RESULT_CERVICAL_HISTOLOGY, "CIN2", NULL, "2026-06-14", &error));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE entity = 'record' AND entity_id = ? "
                                 "AND action = 'result'", id_of (f, "T1")), ==, 2);

  /* The treatment of the precancer: written with its date; "none" is no later result. */
  g_assert_false (enter (f, f->doctor, "T1", MUYING_RESULT_CERVICAL_TREATMENT, "none", NULL, "2026-06-15", &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (enter (f, f->doctor, "T1", MUYING_RESULT_CERVICAL_TREATMENT, "cold_knife_cone", NULL, "2026-06-15",
                        &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "T1");
    g_autofree char *treatment = query_text (f, "SELECT cervical_treatment || ' ' || cervical_treatment_date "
                                                "FROM two_cancer WHERE record_id = ?", id_of (f, "T1"));

    g_assert_cmpstr (treatment, ==, "cold_knife_cone 2026-06-15");
    g_assert_cmpstr (g_hash_table_lookup (c->results, "cervical_treatment"), ==, "cold_knife_cone");
  }

  /* T3: signed at intermediate; CIN3 raises it to high and it stays signed. */
  g_assert_true (review (f, f->doctor, "T3", MUYING_REVIEW_SIGN, -1, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (enter (f, f->doctor, "T3", MUYING_RESULT_CERVICAL_HISTOLOGY, "CIN3", NULL, "2026-06-14", &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "T3");
    g_autofree char *codes = g_strjoinv (";", c->reasons);
    g_autofree char *detail = query_text (f, "SELECT detail FROM audit WHERE entity = 'record' AND entity_id = ? "
                                             "AND action = 'result'", id_of (f, "T3"));

    g_assert_cmpstr (codes, ==, "CERVICAL_PRECANCER;HPV_OTHER_REPEAT");
    g_assert_cmpint (c->level, ==, MUYING_LEVEL_HIGH);
    g_assert_cmpint (c->computed_level, ==, MUYING_LEVEL_HIGH);
    g_assert_cmpstr (c->review_state, ==, "signed");
    g_assert_nonnull (strstr (detail, "\"level\":[\"intermediate\",\"high\"]"));
    g_assert_nonnull (strstr (detail, "\"reasons\":[\"HPV_OTHER_REPEAT\",\"CERVICAL_PRECANCER;HPV_OTHER_REPEAT\"]"));
  }

  /* N2: the rescreen refers in both ears: HEARING_REFER replaces RESCREEN_DUE. */
  g_assert_true (enter (f, f->doctor, "N2", MUYING_RESULT_HEARING_RESCREEN, "refer", "refer", "2026-06-10", &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "N2");
    g_autofree char *codes = g_strjoinv (";", c->reasons);
    g_autofree char *date = query_text (f, "SELECT rescreen_date FROM newborn WHERE record_id = ?", id_of (f, "N2"));

    g_assert_cmpstr (codes, ==, "HEARING_REFER");
    g_assert_cmpint (c->level, ==, MUYING_LEVEL_HIGH);
    g_assert_cmpstr (c->review_state, ==, "pending");
    g_assert_cmpstr (date, ==, "2026-06-10");
    g_assert_cmpstr (g_hash_table_lookup (c->results, "hearing_rescreen"), ==, "refer;refer");
  }
  /* A prenatal diagnosis is a follow-on record (muying-store-follow-on.h), not a later result:
   * stored, not classified; a normal one completes the case. */
  g_assert_true (follow_on_diagnosis (f, "P1", "2026-06-12", MUYING_DIAGNOSIS_NORMAL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "P1");
    g_autoptr(GPtrArray) rows = muying_store_list_case_follow_on (f->db.store, id_of (f, "P1"), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (c->reasons[0], ==, "T21_HIGH");
    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_DONE);
  }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM followup_step s JOIN followup f ON f.id = s.followup_id "
                                 "WHERE f.record_id = ? AND s.step = 'prenatal_diagnosis'", id_of (f, "P1")), ==, 1);
}

/* The follow-on records of a case (a diagnosis, an audiology visit) survive a new save of its
 * screening record, as when the same file is imported again with a correction. */
static void
test_save_keeps_later_results (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (follow_on_diagnosis (f, "P1", "2026-06-12", MUYING_DIAGNOSIS_NORMAL, &error));
  g_assert_true (follow_on_audiology (f, "N2", "2026-06-14", &error));
  /* (A two-cancer treatment is a column of the screening file now: a save writes it like the others.) */
  g_assert_no_error (error);

  {
    g_autoptr(MuyingPrenatalRecord) p1 = prenatal_record ("P1", "11010519950101002", "张丽", "2026-06-01", 150);
    g_autoptr(MuyingNewbornRecord) n2 = newborn_record ("N2", "11010519930505000", "钱红", "2026-05-20",
                                                        MUYING_HEARING_REFER, MUYING_HEARING_PASS);
    g_autoptr(MuyingTwoCancerRecord) t1 = two_cancer_record ("T1", "11010519800606002", "孙燕", "2026-06-10", "16");

    g_free (p1->institution);
    p1->institution = g_strdup ("区妇幼保健院");
    g_free (n2->hospital);
    n2->hospital = g_strdup ("区妇幼保健院");
    g_free (t1->institution);
    t1->institution = g_strdup ("区妇幼保健院");
    save_prenatal (f, p1, "T21_HIGH");
    save_newborn (f, n2, "RESCREEN_DUE");
    save_two_cancer (f, t1, "HPV16_18");
  }
  {
    g_autoptr(MuyingCase) p1 = get_case (f, "P1");
    g_autoptr(MuyingCase) n2 = get_case (f, "N2");
    g_autoptr(MuyingCase) t1 = get_case (f, "T1");
    g_autofree char *hospital = query_text (f, "SELECT hospital FROM newborn WHERE record_id = ?", id_of (f, "N2"));
    g_autoptr(GPtrArray) p1_rows = muying_store_list_case_follow_on (f->db.store, id_of (f, "P1"), &error);
    g_autoptr(GPtrArray) n2_rows = muying_store_list_case_follow_on (f->db.store, id_of (f, "N2"), &error);

    g_assert_cmpstr (hospital, ==, "区妇幼保健院");
    g_assert_no_error (error);
    g_assert_cmpuint (p1_rows->len, ==, 1);
    g_assert_cmpuint (n2_rows->len, ==, 1);
    g_assert_nonnull (p1);
    g_assert_nonnull (n2);
    g_assert_null (g_hash_table_lookup (t1->results, "cervical_treatment"));
  }
}

/* ---- the follow-up after a change of level (muying_followup_plan_level_change) ------------ */

/* A later result that makes a high-risk record low ends its follow-up as no longer needed. */
static void
test_result_ends_followup (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingTwoCancerRecord) t9 = two_cancer_record ("T9", "11010519850808006", "吴静", "2026-06-08", "16");
  g_autofree char *keys = NULL;

  t9->hpv = MUYING_HPV_NEGATIVE;
  t9->hpv_types = 0;
  t9->us_birads = MUYING_BIRADS_4A;
  save_two_cancer (f, t9, "BREAST_SUSPICIOUS");
  {
    g_autoptr(MuyingCase) c = get_case (f, "T9");

    g_assert_cmpint (c->level, ==, MUYING_LEVEL_HIGH);
    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_OPEN);
    g_assert_cmpstr (c->followup->due_date, ==, "2026-06-15");
  }

  /* The repeated ultrasound reads BI-RADS 2: no reason is left. */
  g_assert_true (enter (f, f->doctor, "T9", MUYING_RESULT_BREAST_ULTRASOUND, "2", NULL, "2026-06-14", &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "T9");
    g_autofree char *detail = query_text (f, "SELECT detail FROM audit WHERE entity = 'record' AND entity_id = ? "
                                             "AND action = 'result'", id_of (f, "T9"));

    g_assert_cmpint (c->level, ==, MUYING_LEVEL_LOW);
    g_assert_cmpstr (c->review_state, ==, "none");
    g_assert_nonnull (c->followup);
    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_DONE);
    g_assert_true (muying_followup_state_is_closed (c->followup->state));
    g_assert_cmpstr (c->followup->closed_at, ==, "2026-06-14");
    g_assert_nonnull (c->followup->outcome);
    g_assert_nonnull (strstr (c->followup->outcome, "BI-RADS"));
    g_assert_false (c->followup->overdue);
    g_assert_nonnull (strstr (detail, "\"to\":\"done\""));
  }
  /* One step row: the result, which closed it. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM followup_step s JOIN followup f ON f.id = s.followup_id "
                                 "WHERE f.record_id = ? AND s.state = 'done' AND s.step = 'us_birads'",
                              id_of (f, "T9")), ==, 1);
  keys = worklist_keys (f, NULL);
  g_assert_null (strstr (keys, "T9"));

  /* A later result that flags it again reopens the follow-up, due from the result date. */
  g_assert_true (enter (f, f->doctor, "T9", MUYING_RESULT_MAMMOGRAPHY, "4B", NULL, "2026-06-15", &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "T9");

    g_assert_cmpint (c->level, ==, MUYING_LEVEL_HIGH);
    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_OPEN);
    g_assert_cmpstr (c->followup->due_date, ==, "2026-06-22");
    g_assert_null (c->followup->closed_at);
  }
}

/* A level raised at review moves the due date of a follow-up that waits for the first contact
 * to the new level's deadline, and a later save of the data keeps it there. */
static void
test_raise_redates_followup (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingPrenatalRecord) p9 = prenatal_record ("P9", "11010519920909008", "郑洁", "2026-06-01", 500);

  save_prenatal (f, p9, "T21_BORDERLINE");
  {
    g_autoptr(MuyingCase) c = get_case (f, "P9");

    g_assert_cmpint (c->level, ==, MUYING_LEVEL_INTERMEDIATE);
    g_assert_cmpstr (c->followup->due_date, ==, "2026-07-01");
  }
  g_assert_true (review (f, f->doctor, "P9", MUYING_REVIEW_RAISE, MUYING_LEVEL_HIGH, "超声提示鼻骨缺失", NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MuyingCase) c = get_case (f, "P9");

    g_assert_cmpint (c->level, ==, MUYING_LEVEL_HIGH);
    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_OPEN);
    /* The high deadline: 7 days from the sample date (docs/rules.md). */
    g_assert_cmpstr (c->followup->due_date, ==, "2026-06-08");
    g_assert_true (c->followup->overdue);
  }

  /* A correction of the data keeps the doctor's level, and with it the high deadline. */
  g_free (p9->institution);
  p9->institution = g_strdup ("区妇幼保健院");
  save_prenatal (f, p9, "T21_BORDERLINE");
  {
    g_autoptr(MuyingCase) c = get_case (f, "P9");

    g_assert_cmpint (c->level, ==, MUYING_LEVEL_HIGH);
    g_assert_cmpstr (c->followup->due_date, ==, "2026-06-08");
  }

}

/* A follow-up a doctor opened on a low record survives a correction that leaves it low. */
static void
test_save_keeps_doctor_followup (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingPrenatalRecord) p3 = prenatal_record ("P3", "11010519970303006", "王芳", "2026-06-02", 5000);

  g_assert_true (review (f, f->doctor, "P3", MUYING_REVIEW_RAISE, MUYING_LEVEL_INTERMEDIATE, "家族遗传病史", NULL,
                         &error));
  g_assert_no_error (error);
  g_free (p3->institution);
  p3->institution = g_strdup ("区妇幼保健院");
  save_prenatal (f, p3, "");
  {
    g_autoptr(MuyingCase) c = get_case (f, "P3");

    g_assert_cmpint (c->level, ==, MUYING_LEVEL_INTERMEDIATE);
    g_assert_nonnull (c->followup);
    g_assert_cmpint (c->followup->state, ==, MUYING_FOLLOWUP_OPEN);
    g_assert_cmpstr (c->followup->due_date, ==, "2026-07-15");
  }
}

/* ---- history ---------------------------------------------------------------------------- */

static gboolean
history_has (GPtrArray     *entries,
             MuyingRuleSet *rules,
             const char    *action,
             const char    *text)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const MuyingHistoryEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *description = muying_history_text_entry (e, rules);

      if ((action == NULL || g_strcmp0 (e->action, action) == 0) &&
          (text == NULL || strstr (description, text) != NULL))
        return TRUE;
    }
  return FALSE;
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 p1 = id_of (f, "P1");

  g_assert_true (review (f, f->doctor, "P1", MUYING_REVIEW_ACCEPT, -1, NULL, "已电话确认", &error));
  g_assert_true (review (f, f->doctor, "P1", MUYING_REVIEW_SIGN, -1, NULL, NULL, &error));
  g_assert_true (review (f, f->admin, "P1", MUYING_REVIEW_AMEND, MUYING_LEVEL_INTERMEDIATE, "复核后下调", NULL, &error));
  g_assert_true (transition (f, f->doctor, "P1", MUYING_FOLLOWUP_NOTIFIED, "2026-06-02", NULL, "电话通知", NULL, 0,
                             FALSE, &error));
  g_assert_true (muying_store_followup_contact_attempt (f->db.store, f->doctor, p1, -1, NULL, "无人接听", &f->today, &error));
  /* a prenatal diagnosis is a follow-on record: the record's history has the follow-up it closed */
  g_assert_true (follow_on_diagnosis (f, "P1", "2026-06-12", MUYING_DIAGNOSIS_NORMAL, &error));
  g_assert_no_error (error);
  /* A review row written without its own audit row (e.g. by an older version) still shows. */
  g_assert_true (muying_store_exec (f->db.store,
                                    "INSERT INTO review (record_id, user_name, action, note, at) VALUES "
                                    "((SELECT id FROM record WHERE record_key = 'P1'), 'legacy', 'note', '旧备注', "
                                    "'2000-01-01T00:00:00Z')", &error));
  g_assert_no_error (error);

  entries = muying_store_record_history (f->db.store, p1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  for (guint i = 0; i < entries->len; i++)
    {
      const MuyingHistoryEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *description = muying_history_text_entry (e, f->rules);

      g_test_message ("%s %s %s %s", e->at, e->user ? e->user : "-", e->action, description);
      g_assert_nonnull (description);
      g_assert_cmpstr (description, !=, "");
      if (i > 0)
        g_assert_cmpstr (((MuyingHistoryEntry *) g_ptr_array_index (entries, i - 1))->at, <=, e->at);
    }
  /* record created (with its new person), accept, sign, amend, notified, contact, the follow-up closed
   * by the diagnosis; plus the legacy review: each once. */
  g_assert_cmpuint (entries->len, ==, 8);
  g_assert_true (history_has (entries, f->rules, "followup", "Amniocentesis"));
  g_assert_true (history_has (entries, f->rules, "create", "21三体高风险"));
  g_assert_true (history_has (entries, f->rules, "review", "已电话确认"));
  g_assert_true (history_has (entries, f->rules, "sign", NULL));
  g_assert_true (history_has (entries, f->rules, "amend", "复核后下调"));
  g_assert_true (history_has (entries, f->rules, "followup", "电话通知"));
  g_assert_true (history_has (entries, f->rules, "followup_contact", "无人接听"));
  g_assert_true (history_has (entries, f->rules, "note", "旧备注"));
  g_assert_cmpint (((MuyingHistoryEntry *) g_ptr_array_index (entries, 0))->source, ==, MUYING_HISTORY_REVIEW);
  g_assert_cmpstr (((MuyingHistoryEntry *) g_ptr_array_index (entries, 0))->user, ==, "legacy");
  /* Who did it. */
  for (guint i = 0; i < entries->len; i++)
    {
      const MuyingHistoryEntry *e = g_ptr_array_index (entries, i);

      if (g_strcmp0 (e->action, "amend") == 0)
        g_assert_cmpstr (e->user, ==, "admin");
      if (g_strcmp0 (e->action, "sign") == 0)
        g_assert_cmpstr (e->user, ==, "doc");
    }

  /* The person's own changes are part of the history (a later save with a new phone). */
  {
    g_autoptr(MuyingPrenatalRecord) p2 = prenatal_record ("P2", "11010519960202004", "李娜", "2026-05-18", 500);
    g_autoptr(MuyingClassification) cls = NULL;
    g_autoptr(GPtrArray) p2_entries = NULL;

    p2->phone = g_strdup ("13800000000");
    cls = muying_rule_set_classify_prenatal (f->rules, p2);
    g_assert_true (muying_store_save_prenatal (f->db.store, p2, cls, "nurse", NULL, NULL, &error));
    g_assert_no_error (error);
    p2_entries = muying_store_record_history (f->db.store, id_of (f, "P2"), &error);
    g_assert_no_error (error);
    g_assert_true (history_has (p2_entries, f->rules, "update", "13800000000"));
  }

  /* A changed result reads as the form shows it: the field's label, its values as 1/N. */
  {
    g_autoptr(MuyingPrenatalRecord) p2 = prenatal_record ("P2", "11010519960202004", "李娜", "2026-05-18", 5000);
    g_autoptr(MuyingClassification) cls = NULL;
    g_autoptr(GPtrArray) p2_entries = NULL;

    p2->phone = g_strdup ("13800000000");
    cls = muying_rule_set_classify_prenatal (f->rules, p2);
    g_assert_true (muying_store_save_prenatal (f->db.store, p2, cls, "nurse", NULL, NULL, &error));
    g_assert_no_error (error);
    p2_entries = muying_store_record_history (f->db.store, id_of (f, "P2"), &error);
    g_assert_no_error (error);
    for (guint i = 0; i < p2_entries->len; i++)
      {
        g_autofree char *description = muying_history_text_entry (g_ptr_array_index (p2_entries, i), f->rules);

        g_test_message ("P2: %s", description);
      }
    g_assert_true (history_has (p2_entries, f->rules, "update", "1/500 → 1/5000"));
  }

  g_assert_null (muying_store_record_history (f->db.store, 999999, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
}

/* A review or follow-up step without an audit row of its own (written by an older version): the
 * store returns it with the detail its audit row would have, and it reads like one. */
static void
test_history_without_audit (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 p1 = id_of (f, "P1");
  guint n_review = 0, n_step = 0;

  g_assert_true (muying_store_exec (f->db.store,
                                    "INSERT INTO review (record_id, user_name, action, old_level, new_level, reason, at)"
                                    " VALUES ((SELECT id FROM record WHERE record_key = 'P1'), 'legacy', 'raise', 1, 2,"
                                    " '旧复核', '2000-01-01T00:00:00Z')", &error));
  g_assert_true (muying_store_exec (f->db.store,
                                    "INSERT INTO followup_step (followup_id, state, step, step_date, user_name, note,"
                                    " created_at) VALUES ((SELECT f.id FROM followup f JOIN record r ON r.id = f.record_id"
                                    " WHERE r.record_key = 'P1'), 'notified', NULL, '2000-01-02', 'legacy', '旧随访',"
                                    " '2000-01-02T00:00:00Z')", &error));
  g_assert_no_error (error);

  entries = muying_store_record_history (f->db.store, p1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const MuyingHistoryEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *description = muying_history_text_entry (e, f->rules);
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_test_message ("%s %s %s", e->action, e->detail ? e->detail : "-", description);
      if (e->source == MUYING_HISTORY_AUDIT)
        continue;
      g_assert_cmpstr (e->user, ==, "legacy");
      g_assert_true (json_parser_load_from_data (parser, e->detail, -1, NULL));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      if (e->source == MUYING_HISTORY_REVIEW)
        {
          n_review++;
          g_assert_cmpstr (e->action, ==, "raise");
          g_assert_nonnull (strstr (description, muying_level_get_label (MUYING_LEVEL_INTERMEDIATE)));
          g_assert_nonnull (strstr (description, muying_level_get_label (MUYING_LEVEL_HIGH)));
          g_assert_nonnull (strstr (description, "旧复核"));
        }
      else
        {
          n_step++;
          g_assert_cmpint (e->source, ==, MUYING_HISTORY_FOLLOWUP);
          g_assert_cmpstr (e->action, ==, "followup");
          g_assert_nonnull (strstr (description, muying_followup_state_get_label (MUYING_FOLLOWUP_NOTIFIED)));
          g_assert_nonnull (strstr (description, "2000-01-02"));
          g_assert_nonnull (strstr (description, "旧随访"));
        }
    }
  g_assert_cmpuint (n_review, ==, 1);
  g_assert_cmpuint (n_step, ==, 1);
}

/* ---- muying-cli worklist ---------------------------------------------------------------- */

static JsonArray *
run_json (Fixture    *f,
          JsonParser *parser,
          const char *extra1,
          const char *extra2)
{
  const char *args[] = { "--db", f->db.path, "--user", "nurse", "worklist", "--format", "json", "--today", TODAY,
                         extra1, extra2, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_node_get_array (json_parser_get_root (parser));
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  g_autoptr(JsonParser) parser3 = json_parser_new ();
  JsonArray *all, *newborn, *overdue;
  JsonObject *first;
  JsonArray *reasons;

  all = run_json (f, parser, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (all), ==, 6);
  first = json_array_get_object_element (all, 0);
  g_assert_cmpint (json_object_get_int_member (first, "record_id"), ==, id_of (f, "P1"));
  g_assert_cmpstr (json_object_get_string_member (first, "program"), ==, "prenatal");
  g_assert_cmpstr (json_object_get_string_member (first, "key"), ==, "P1");
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "张丽");
  g_assert_cmpstr (json_object_get_string_member (first, "level"), ==, "high");
  reasons = json_object_get_array_member (first, "reasons");
  g_assert_cmpuint (json_array_get_length (reasons), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (reasons, 0), ==, "T21_HIGH");
  g_assert_cmpstr (json_object_get_string_member (first, "review_state"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (first, "followup_state"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (first, "due_date"), ==, "2026-06-08");
  g_assert_true (json_object_get_boolean_member (first, "overdue"));
  g_assert_cmpint (json_object_get_int_member (first, "days_overdue"), ==, 7);
  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      static const char * const order[] = { "P1", "N1", "T1", "P2", "N2", "T3" };
      JsonObject *o = json_array_get_object_element (all, i);

      g_assert_cmpstr (json_object_get_string_member (o, "key"), ==, order[i]);
    }

  newborn = run_json (f, parser2, "--program", "newborn");
  g_assert_cmpuint (json_array_get_length (newborn), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (newborn, 1), "key"), ==, "N2");
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (newborn, 1), "overdue"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (newborn, 1), "days_overdue"), ==, 0);

  overdue = run_json (f, parser3, "--overdue", NULL);
  g_assert_cmpuint (json_array_get_length (overdue), ==, 2);

  /* Each reading is in the audit trail: who, the command, how many rows. */
  {
    g_autoptr(MuyingSqlStmt) stmt =
      muying_store_query (f->db.store, "SELECT user_name, entity, detail FROM audit WHERE action = 'read' ORDER BY id",
                            NULL);
    const char *rows[] = { "6", "2", "2" };

    g_assert_nonnull (stmt);
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autofree char *expected = g_strdup_printf ("\"rows\":%s", rows[i]);

        g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpstr ((const char *) muying_sql_column_text (stmt, 0), ==, "nurse");
        g_assert_cmpstr ((const char *) muying_sql_column_text (stmt, 1), ==, "worklist");
        g_assert_nonnull (strstr ((const char *) muying_sql_column_text (stmt, 2), "\"command\":\"worklist\""));
        g_assert_nonnull (strstr ((const char *) muying_sql_column_text (stmt, 2), expected));
      }
    g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_DONE);
  }

  /* Names are not shown without a log-in: no --user is bad usage, a wrong password an error,
   * and neither prints a name. */
  {
    const char *anonymous[] = { "--db", f->db.path, "worklist", "--format", "json", NULL };
    const char *wrong[] = { "--db", f->db.path, "--user", "nurse", "worklist", NULL };
    g_autofree char *out = NULL;
    g_autofree char *out2 = NULL;

    g_assert_cmpint (muying_test_run_cli (anonymous, "MUYING_PASSWORD=" PASSWORD, &out, NULL), ==, 2);
    g_assert_null (strstr (out, "张丽"));
    g_assert_cmpint (muying_test_run_cli (wrong, "MUYING_PASSWORD=wrong1234", &out2, NULL), ==, 1);
    g_assert_null (strstr (out2, "张丽"));
  }

  /* The text table is in Chinese. */
  {
    const char *args[] = { "--db", f->db.path, "--user", "doc", "worklist", "--today", TODAY, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 0);
    g_test_message ("%s", out);
    g_assert_nonnull (strstr (out, "张丽"));
    g_assert_nonnull (strstr (out, "高风险"));
    g_assert_nonnull (strstr (out, "2026-06-08"));
  }
  /* Bad usage. */
  {
    const char *bad_format[] = { "--db", f->db.path, "--user", "doc", "worklist", "--format", "xml", NULL };
    const char *bad_program[] = { "--db", f->db.path, "--user", "doc", "worklist", "--program", "dental", NULL };
    const char *bad_date[] = { "--db", f->db.path, "--user", "doc", "worklist", "--today", "tomorrow", NULL };
    const char *extra[] = { "--db", f->db.path, "--user", "doc", "worklist", "extra", NULL };

    g_assert_cmpint (muying_test_run_cli (bad_format, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (muying_test_run_cli (bad_program, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (muying_test_run_cli (bad_date, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (muying_test_run_cli (extra, NULL, NULL, NULL), ==, 2);
  }
}

/* An empty database: an empty list, not an error. */
static void
test_cli_empty (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  const char *json_args[] = { "--db", path, "--user", "admin", "worklist", "--format", "json", NULL };
  const char *text_args[] = { "--db", path, "--user", "admin", "worklist", NULL };
  const char *init_args[] = { "--db", path, "init", NULL };
  g_autofree char *init_out = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(GError) error = NULL;

  /* worklist never creates the database: init makes the empty one. */
  g_assert_cmpint (muying_test_run_cli (json_args, "MUYING_PASSWORD=" PASSWORD, NULL, NULL), ==, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* init prints the path and version: caught, so that it does not land in the TAP stream */
  g_assert_cmpint (muying_test_run_cli (init_args, NULL, &init_out, NULL), ==, 0);
  store = muying_store_open (path, &error);
  g_assert_no_error (error);
  admin = muying_store_create_first_admin (store, "admin", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (muying_test_run_cli (json_args, "MUYING_PASSWORD=" PASSWORD, &out, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "[]");
  g_assert_cmpint (muying_test_run_cli (text_args, "MUYING_PASSWORD=" PASSWORD, &text, NULL), ==, 0);
  g_assert_cmpstr (text, !=, "");
  muying_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* on a file and, with a server, on the same records moved there */
#define ADD(name, func) muying_test_add_file_and_server ("worklist", name, Fixture, fixture_set_up, func, \
                                                         fixture_tear_down)
#define ADD_FILE(name, func) g_test_add ("/worklist/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("order", test_order);
  ADD ("filters", test_filters);
  ADD ("paging", test_paging);
  ADD ("urgency-order", test_urgency_order);
  ADD ("sort-search", test_sort_search);
  ADD ("person-history", test_person_history);
  ADD_FILE ("query-plan", test_query_plan);
  ADD ("review", test_review);
  ADD ("sign-lock", test_sign_lock);
  ADD ("sign-needs-password", test_sign_needs_password);
  ADD ("amend", test_amend);
  ADD ("followup", test_followup);
  ADD ("results", test_results);
  ADD ("save-keeps-later-results", test_save_keeps_later_results);
  ADD ("result-ends-followup", test_result_ends_followup);
  ADD ("raise-redates-followup", test_raise_redates_followup);
  ADD ("save-keeps-doctor-followup", test_save_keeps_doctor_followup);
  ADD ("history", test_history);
  ADD_FILE ("history-without-audit", test_history_without_audit);
  ADD_FILE ("cli", test_cli);
#undef ADD_FILE
#undef ADD
  g_test_add_func ("/worklist/cli-empty", test_cli_empty);
  return g_test_run ();
}
