/* test-row-versions.c: two workstations on one database file (two MuyingStore connections on
 * the same SQLite file). What one of them changed after the other looked at it is never silently
 * overwritten: a record form's save, a review or signature, a follow-up step carry the row
 * version their user saw, and the store refuses with MUYING_STORE_ERROR_CONFLICT, naming who
 * changed it and when. Every change of a record or a follow-up raises its version; the seal of a
 * signed record does not cover it; a database of schema version 7 opens at version 8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-id-number.h"
#include "muying-importer.h"
#include "muying-program-descriptor.h"
#include "muying-rule-set.h"
#include "muying-store-check.h"
#include "muying-store-persons.h"
#include "muying-store-records.h"
#include "muying-store-sql.h"
#include "muying-store-users.h"
#include "muying-store-worklist.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

#define TODAY "2026-06-15"
#define PASSWORD "secret123"

typedef struct
{
  char          *dir;
  char          *path;
  MuyingStore   *a;        /* workstation A */
  MuyingStore   *b;        /* workstation B, its own connection on the same file */
  MuyingRuleSet *rules;
  MuyingUser    *doctor_a;
  MuyingUser    *doctor_b;
  MuyingUser    *nurse_a;
  MuyingUser    *nurse_b;
  GDate          today;
  gint64         p1;       /* a high-risk prenatal record: pending, with a follow-up */
  char          *uri;      /* "/row-versions/server/…": two workstations on a server database */
} Fixture;

static void
set_date (GDate      *date,
          const char *iso)
{
  g_assert_true (muying_date_parse (iso, date, NULL));
}

/* @sql bound to @id, stepped to its one row (on a file or a server). */
static MuyingSqlStmt *
query_row (MuyingStore *store,
           const char  *sql,
           gint64       id)
{
  MuyingSqlStmt *stmt = muying_store_query (store, sql, NULL);

  g_assert_nonnull (stmt);
  muying_sql_bind_int64 (stmt, 1, id);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  return stmt;
}

static gint64
query_int (MuyingStore *store,
           const char  *sql,
           gint64       id)
{
  g_autoptr(MuyingSqlStmt) stmt = query_row (store, sql, id);

  return muying_sql_column_int64 (stmt, 0);
}

static char *
query_text (MuyingStore *store,
            const char  *sql,
            gint64       id)
{
  g_autoptr(MuyingSqlStmt) stmt = query_row (store, sql, id);

  return g_strdup ((const char *) muying_sql_column_text (stmt, 0));
}

static gint64
record_version (Fixture *f)
{
  return query_int (f->a, "SELECT row_version FROM record WHERE id = ?", f->p1);
}

static gint64
followup_version (Fixture *f)
{
  return query_int (f->a, "SELECT row_version FROM followup WHERE record_id = ?", f->p1);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;

  f->dir = muying_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "shared.db", NULL);
  f->a = muying_store_create (f->path, &error);
  g_assert_no_error (error);
  f->rules = muying_rule_set_new_from_dir (g_getenv ("MUYING_DATA_DIR") ? g_getenv ("MUYING_DATA_DIR")
                                                                        : muying_test_data_dir (), &error);
  g_assert_no_error (error);
  set_date (&f->today, TODAY);

  admin = muying_store_create_first_admin (f->a, "admin", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  f->doctor_a = muying_store_create_user (f->a, "admin", "doc_a", "李医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);
  f->doctor_b = muying_store_create_user (f->a, "admin", "doc_b", "赵医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);
  f->nurse_a = muying_store_create_user (f->a, "admin", "nurse_a", "张护士", MUYING_ROLE_NURSE, PASSWORD, &error);
  g_assert_no_error (error);
  f->nurse_b = muying_store_create_user (f->a, "admin", "nurse_b", "钱护士", MUYING_ROLE_NURSE, PASSWORD, &error);
  g_assert_no_error (error);

  r->sample_no = g_strdup ("P1");
  r->id_number = muying_test_make_id_number ("11010519950101002");
  r->name = g_strdup ("张丽");
  r->institution = g_strdup ("市妇幼保健院");
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  set_date (&r->sample_date, "2026-06-01");
  r->test_type = MUYING_PRENATAL_TEST_MID_TRIPLE;
  r->ga_days = 16 * 7;
  muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
  r->t21_risk = 150;
  r->t18_risk = 5000;
  cls = muying_rule_set_classify_prenatal (f->rules, r);
  g_assert_true (muying_store_save_prenatal (f->a, r, cls, "nurse_a", NULL, &f->p1, &error));
  g_assert_no_error (error);

  /* two workstations on a server database: the file moved there, both connect to it */
  if (GPOINTER_TO_INT (data))
    f->uri = muying_test_pg_move_store (&f->a, "rowversions");
  /* the second workstation opens the same database */
  f->b = muying_store_open (f->uri != NULL ? f->uri : f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  g_clear_object (&f->rules);
  g_clear_object (&f->doctor_a);
  g_clear_object (&f->doctor_b);
  g_clear_object (&f->nurse_a);
  g_clear_object (&f->nurse_b);
  if (f->uri != NULL)
    muying_test_pg_drop_database (f->uri);
  g_free (f->uri);
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* ---- the record form: load, edit, save through the importer as the form does ----------------- */

/* The CSV the form writes of @fields (import keys → text). */
static GBytes *
fields_as_csv (GHashTable *fields)
{
  const MuyingProgramDescriptor *d = muying_program_descriptor_get (MUYING_PROGRAM_PRENATAL);
  GString *csv = g_string_new (NULL);

  for (int pass = 0; pass < 2; pass++)
    {
      gboolean first = TRUE;

      for (const MuyingField *field = d->fields; field->key != NULL; field++)
        {
          const char *value = g_hash_table_lookup (fields, field->key);

          if (MUYING_FIELD_IS (field, MUYING_FIELD_IMPORT_ONLY))
            continue;
          if (!first)
            g_string_append_c (csv, ',');
          first = FALSE;
          if (pass == 0)
            g_string_append (csv, field->key);
          else if (value != NULL)
            {
              g_string_append_c (csv, '"');
              for (const char *p = value; *p; p++)
                g_string_append (csv, *p == '"' ? "\"\"" : (char[]) { *p, 0 });
              g_string_append_c (csv, '"');
            }
        }
      g_string_append (csv, "\r\n");
    }
  return g_string_free_to_bytes (csv);
}

/* Saves @fields as the record form does: over @seen_version of the record with their sample number. */
static MuyingImportReport *
form_save (Fixture    *f,
           MuyingStore *store,
           const char *user,
           GHashTable *fields,
           gint64      seen_version,
           gint64     *saved_version)
{
  g_autoptr(MuyingImporter) importer = muying_importer_new (MUYING_PROGRAM_PRENATAL, f->rules);
  g_autoptr(GBytes) csv = fields_as_csv (fields);
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  muying_importer_expect_version (importer, g_hash_table_lookup (fields, "sample_no"), seen_version);
  report = muying_importer_import_bytes (importer, csv, "entry form", store, user, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  if (saved_version != NULL)
    *saved_version = muying_importer_get_saved_version (importer);
  return report;
}

static const char *
first_problem (MuyingImportReport *report)
{
  MuyingImportRejectedRow *row;
  MuyingImportProblem *problem;

  g_assert_cmpuint (report->rejected_rows->len, ==, 1);
  row = g_ptr_array_index (report->rejected_rows, 0);
  problem = g_ptr_array_index (row->problems, 0);
  return problem->message;
}

static void
test_form_save (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) on_a = NULL;
  g_autoptr(GHashTable) on_b = NULL;
  g_autoptr(MuyingImportReport) saved_a = NULL;
  g_autoptr(MuyingImportReport) refused_b = NULL;
  g_autoptr(MuyingImportReport) again_a = NULL;
  g_autofree char *institution = NULL;
  g_autofree char *phone = NULL;
  gint64 version_a = -1, version_b = -1, after_a = -1, after_again = -1;
  const char *message;

  /* A and B open the same record */
  on_a = muying_store_load_record_fields (f->a, f->p1, NULL, &version_a, &error);
  g_assert_no_error (error);
  on_b = muying_store_load_record_fields (f->b, f->p1, NULL, &version_b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (version_a, ==, version_b);

  /* A changes the institution and saves */
  g_hash_table_insert (on_a, g_strdup ("institution"), g_strdup ("县妇幼保健院"));
  saved_a = form_save (f, f->a, "nurse_a", on_a, version_a, &after_a);
  g_assert_true (saved_a->written);
  g_assert_cmpuint (saved_a->updated, ==, 1);
  g_assert_cmpint (after_a, ==, version_a + 1);
  g_assert_cmpint (record_version (f), ==, after_a);

  /* B, still on the old version, changes the phone: refused, and nothing of B is written */
  g_hash_table_insert (on_b, g_strdup ("phone"), g_strdup ("13900000000"));
  refused_b = form_save (f, f->b, "nurse_b", on_b, version_b, NULL);
  g_assert_cmpuint (refused_b->updated, ==, 0);
  g_assert_cmpuint (refused_b->rejected, ==, 1);
  message = first_problem (refused_b);
  g_test_message ("%s", message);
  /* who changed it (the display name of nurse_a) and when */
  g_assert_nonnull (strstr (message, "P1"));
  g_assert_nonnull (strstr (message, "张护士"));
  g_assert_nonnull (strstr (message, "2026-"));
  institution = query_text (f->a, "SELECT institution FROM record WHERE id = ?", f->p1);
  g_assert_cmpstr (institution, ==, "县妇幼保健院");
  phone = query_text (f->a, "SELECT coalesce(p.phone, '') FROM record r JOIN person p ON p.id = r.person_id "
                            "WHERE r.id = ?", f->p1);
  g_assert_cmpstr (phone, !=, "13900000000");
  g_assert_cmpint (record_version (f), ==, after_a);

  /* A's form goes on from the version it saved: its next save is not a conflict */
  g_hash_table_insert (on_a, g_strdup ("institution"), g_strdup ("市妇幼保健院"));
  again_a = form_save (f, f->a, "nurse_a", on_a, after_a, &after_again);
  g_assert_cmpuint (again_a->updated, ==, 1);
  g_assert_cmpint (after_again, ==, after_a + 1);
}

/* Two new-record forms typed with the same sample number: the first save creates the record, the
 * second is refused, naming who created it and when, instead of silently updating it. */
static void
test_form_new_taken (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) on_a = muying_store_load_record_fields (f->a, f->p1, NULL, NULL, &error);
  g_autoptr(GHashTable) on_b = muying_store_load_record_fields (f->b, f->p1, NULL, NULL, &error);
  g_autoptr(MuyingImportReport) created_b = NULL;
  g_autoptr(MuyingImportReport) refused_a = NULL;
  g_autoptr(MuyingImportReport) imported_a = NULL;
  g_autofree char *institution = NULL;
  gint64 p2 = 0, version = -1, after_b = -1;
  const char *message;

  g_assert_no_error (error);
  /* A and B each start a new record P2 */
  g_hash_table_insert (on_a, g_strdup ("sample_no"), g_strdup ("P2"));
  g_hash_table_insert (on_a, g_strdup ("institution"), g_strdup ("县妇幼保健院"));
  g_hash_table_insert (on_b, g_strdup ("sample_no"), g_strdup ("P2"));
  g_hash_table_insert (on_b, g_strdup ("institution"), g_strdup ("区妇幼保健院"));

  /* B saves first: there was none, so it is created */
  created_b = form_save (f, f->b, "nurse_b", on_b, MUYING_ROW_VERSION_NEW, &after_b);
  g_assert_cmpuint (created_b->inserted, ==, 1);
  g_assert_cmpint (after_b, ==, 0);
  p2 = query_int (f->a, "SELECT id FROM record WHERE record_key = 'P2' AND id <> ?", f->p1);
  g_assert_cmpint (query_int (f->a, "SELECT row_version FROM record WHERE id = ?", p2), ==, after_b);
  /* and doctor A changed it since: the refusal names who created it */
  g_assert_true (muying_store_exec (f->b, "UPDATE record SET updated_by = 'doc_a', row_version = row_version + 1 "
                                          "WHERE record_key = 'P2'", &error));
  g_assert_no_error (error);
  version = query_int (f->a, "SELECT row_version FROM record WHERE id = ?", p2);

  /* A's save of its new P2 is refused, naming nurse B and when; nothing of A is written */
  refused_a = form_save (f, f->a, "nurse_a", on_a, MUYING_ROW_VERSION_NEW, NULL);
  g_assert_cmpuint (refused_a->inserted + refused_a->updated, ==, 0);
  g_assert_cmpuint (refused_a->rejected, ==, 1);
  message = first_problem (refused_a);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "P2"));
  g_assert_nonnull (strstr (message, "钱护士"));
  g_assert_null (strstr (message, "李医生"));
  g_assert_nonnull (strstr (message, "2026-"));
  institution = query_text (f->a, "SELECT institution FROM record WHERE id = ?", p2);
  g_assert_cmpstr (institution, ==, "区妇幼保健院");
  g_assert_cmpint (query_int (f->a, "SELECT row_version FROM record WHERE id = ?", p2), ==, version);

  /* the same row without a version seen (an import) is not checked: it updates P2 */
  imported_a = form_save (f, f->a, "nurse_a", on_a, MUYING_ROW_VERSION_UNCHECKED, NULL);
  g_assert_cmpuint (imported_a->updated, ==, 1);
  g_free (institution);
  institution = query_text (f->a, "SELECT institution FROM record WHERE id = ?", p2);
  g_assert_cmpstr (institution, ==, "县妇幼保健院");
}

/* An import (nobody looked at the record) is not checked, as before row versions. */
static void
test_import_unchecked (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = muying_store_load_record_fields (f->a, f->p1, NULL, NULL, &error);
  g_autoptr(MuyingImporter) importer = muying_importer_new (MUYING_PROGRAM_PRENATAL, f->rules);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(MuyingImportReport) report = NULL;
  gint64 before = record_version (f);

  g_assert_no_error (error);
  g_hash_table_insert (fields, g_strdup ("institution"), g_strdup ("县妇幼保健院"));
  csv = fields_as_csv (fields);
  /* another connection changed it meanwhile */
  g_assert_true (muying_store_exec (f->b, "UPDATE record SET row_version = row_version + 5", &error));
  report = muying_importer_import_bytes (importer, csv, "import.csv", f->a, "nurse_a", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpint (record_version (f), ==, before + 6);
  g_assert_cmpint (muying_importer_get_saved_version (importer), ==, -1);
}

/* ---- review: two doctors ------------------------------------------------------------------------- */

static MuyingCase *
open_case (Fixture     *f,
           MuyingStore *store)
{
  g_autoptr(GError) error = NULL;
  MuyingCase *c = muying_store_get_case (store, f->p1, &f->today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static gboolean
review (Fixture            *f,
        MuyingStore        *store,
        MuyingUser         *doctor,
        const MuyingCase   *seen,
        MuyingReviewAction  action,
        int                 new_level,
        GError            **error)
{
  MuyingReview r = { action, new_level, "复核", "复核", PASSWORD };

  r.check_version = seen != NULL;
  r.seen_version = seen ? seen->row_version : 0;
  return muying_store_review (store, doctor, f->p1, &r, f->rules, &f->today, error);
}

static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCase) seen_a = NULL;
  g_autoptr(MuyingCase) seen_b = NULL;
  g_autoptr(MuyingCase) now = NULL;
  gint64 reviews;

  /* the record starts intermediate (T21 1:150 is borderline or high by the rules): lower it is
   * always possible from high, raise from intermediate; take what the rules gave */
  seen_a = open_case (f, f->a);
  seen_b = open_case (f, f->b);
  g_assert_cmpint (seen_a->row_version, ==, seen_b->row_version);
  g_assert_cmpstr (seen_a->review_state, ==, "pending");

  /* doctor A changes the level */
  if (seen_a->level == MUYING_LEVEL_HIGH)
    g_assert_true (review (f, f->a, f->doctor_a, seen_a, MUYING_REVIEW_LOWER, MUYING_LEVEL_INTERMEDIATE, &error));
  else
    g_assert_true (review (f, f->a, f->doctor_a, seen_a, MUYING_REVIEW_RAISE, MUYING_LEVEL_HIGH, &error));
  g_assert_no_error (error);
  reviews = query_int (f->a, "SELECT count(*) FROM review WHERE record_id = ?", f->p1);
  g_assert_cmpint (record_version (f), >, seen_a->row_version);

  /* doctor B accepts the level B saw: refused, naming doctor A */
  g_assert_false (review (f, f->b, f->doctor_b, seen_b, MUYING_REVIEW_ACCEPT, -1, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "李医生"));
  g_clear_error (&error);
  /* a note on what B saw too */
  g_assert_false (review (f, f->b, f->doctor_b, seen_b, MUYING_REVIEW_NOTE, -1, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->a, "SELECT count(*) FROM review WHERE record_id = ?", f->p1), ==, reviews);
  now = open_case (f, f->a);
  g_assert_cmpint (now->level, !=, seen_b->level);

  /* both sign what they see now: the first signs, the second gets the conflict */
  g_clear_pointer (&seen_a, muying_case_free);
  g_clear_pointer (&seen_b, muying_case_free);
  seen_a = open_case (f, f->a);
  seen_b = open_case (f, f->b);
  g_assert_true (review (f, f->a, f->doctor_a, seen_a, MUYING_REVIEW_SIGN, -1, &error));
  g_assert_no_error (error);
  g_assert_false (review (f, f->b, f->doctor_b, seen_b, MUYING_REVIEW_SIGN, -1, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->a, "SELECT count(*) FROM review WHERE record_id = ? AND action = 'sign'", f->p1), ==,
                   1);
}

/* Without a version seen (a caller that did not show the record) the review is not checked. */
static void
test_review_unchecked (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (muying_store_exec (f->b, "UPDATE record SET row_version = row_version + 1", &error));
  g_assert_true (review (f, f->a, f->doctor_a, NULL, MUYING_REVIEW_ACCEPT, -1, &error));
  g_assert_no_error (error);
}

/* ---- follow-up: a nurse records the contact, a doctor who saw none closes the case ----------- */

/* Moves the follow-up on to @to (notified, or lost after one contact attempt) over @seen. */
static gboolean
step (Fixture                  *f,
      MuyingStore              *store,
      MuyingUser               *user,
      const MuyingFollowupInfo *seen,
      MuyingFollowupState       to,
      GError                  **error)
{
  MuyingFollowupTransition t = { 0 };

  t.to = to;
  t.note = "电话无人接听";
  t.contact_attempts = 1;
  set_date (&t.date, TODAY);
  t.check_version = TRUE;
  t.seen_version = seen->row_version;
  return muying_store_followup_transition (store, user, f->p1, &t, f->rules, &f->today, error);
}

static void
test_followup_step (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCase) seen_a = open_case (f, f->a);
  g_autoptr(MuyingCase) seen_b = open_case (f, f->b);
  gint64 steps;

  g_assert_nonnull (seen_a->followup);
  g_assert_cmpint (seen_a->followup->row_version, ==, seen_b->followup->row_version);

  g_assert_true (step (f, f->a, f->nurse_a, seen_a->followup, MUYING_FOLLOWUP_NOTIFIED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (followup_version (f), ==, seen_a->followup->row_version + 1);
  steps = query_int (f->a, "SELECT count(*) FROM followup_step s JOIN followup u ON u.id = s.followup_id "
                           "WHERE u.record_id = ?", f->p1);

  /* B, who saw no contact yet, closes the follow-up as lost: refused, naming nurse A (without
   * the check the step would be taken: lost follows notified as it follows open) */
  g_assert_false (step (f, f->b, f->doctor_b, seen_b->followup, MUYING_FOLLOWUP_LOST, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "张护士"));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->a, "SELECT count(*) FROM followup_step s JOIN followup u ON u.id = s.followup_id "
                                    "WHERE u.record_id = ?", f->p1), ==, steps);
  g_assert_cmpint (query_int (f->a, "SELECT contact_attempts FROM followup WHERE record_id = ?", f->p1), ==, 1);
  g_assert_cmpint (query_int (f->a, "SELECT state = 'notified' FROM followup WHERE record_id = ?", f->p1), ==, 1);

  /* a failed contact attempt and a reversal carry the version seen as well */
  g_assert_false (muying_store_followup_contact_attempt (f->b, f->nurse_b, f->p1, seen_b->followup->row_version, NULL,
                                                         "无人接听", &f->today, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (muying_store_followup_reverse_step (f->b, f->nurse_b, f->p1, seen_b->followup->row_version, "点错了",
                                                      f->rules, &f->today, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->a, "SELECT count(*) FROM followup_step s JOIN followup u ON u.id = s.followup_id "
                                    "WHERE u.record_id = ?", f->p1), ==, steps);
  /* on the version they see now they are taken */
  g_assert_true (muying_store_followup_contact_attempt (f->b, f->nurse_b, f->p1, followup_version (f), NULL, "无人接听",
                                                        &f->today, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->a, "SELECT contact_attempts FROM followup WHERE record_id = ?", f->p1), ==, 2);
}

/* A later result on a record changed since it was shown: a newborn to rescreen, whose level a
 * doctor accepted on the other workstation meanwhile. */
static void
test_result (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingNewbornRecord) n = muying_newborn_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(MuyingCase) seen_a = NULL;
  g_autoptr(MuyingCase) seen_b = NULL;
  MuyingLaterResult result = { MUYING_RESULT_HEARING_RESCREEN, "pass", "pass", { 0 }, NULL };
  MuyingReview accept = { MUYING_REVIEW_ACCEPT, -1, NULL, NULL, NULL };
  gint64 id = 0;

  n->sample_no = g_strdup ("N1");
  n->mother_id_number = muying_test_make_id_number ("11010519930505000");
  n->mother_name = g_strdup ("钱红");
  n->sex = MUYING_SEX_FEMALE;
  set_date (&n->birth_date, "2026-05-20");
  n->hospital = g_strdup ("市妇幼保健院");
  n->panel = g_strdup ("9");
  n->hearing_left = MUYING_HEARING_REFER;
  n->hearing_right = MUYING_HEARING_PASS;
  set_date (&n->hearing_date, "2026-05-20");
  cls = muying_rule_set_classify_newborn (f->rules, n);
  g_assert_true (muying_store_save_newborn (f->a, n, cls, "nurse_a", NULL, &id, &error));
  g_assert_no_error (error);

  seen_b = muying_store_get_case (f->b, id, &f->today, &error);
  g_assert_no_error (error);
  seen_a = muying_store_get_case (f->a, id, &f->today, &error);
  g_assert_no_error (error);
  accept.check_version = TRUE;
  accept.seen_version = seen_a->row_version;
  g_assert_true (muying_store_review (f->a, f->doctor_a, id, &accept, f->rules, &f->today, &error));
  g_assert_no_error (error);

  set_date (&result.date, TODAY);
  result.check_version = TRUE;
  result.seen_version = seen_b->row_version;
  g_assert_false (muying_store_enter_result (f->b, f->doctor_b, id, &result, f->rules, &f->today, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->a, "SELECT count(*) FROM audit WHERE action = 'result' AND entity_id = ?", id), ==, 0);
  /* on the version it has now the result is taken, and raises the version */
  result.seen_version = query_int (f->a, "SELECT row_version FROM record WHERE id = ?", id);
  g_assert_true (muying_store_enter_result (f->b, f->doctor_b, id, &result, f->rules, &f->today, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->a, "SELECT row_version FROM record WHERE id = ?", id), >, result.seen_version);
}

/* ---- what raises a version, and what does not --------------------------------------------------- */

static void
test_bumps (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MuyingCase) c = open_case (f, f->a);
  gint64 v = record_version (f), fv = followup_version (f);
  MuyingFollowupTransition t = { 0 };

  g_assert_cmpint (v, ==, 0);   /* a new record */
  g_assert_true (review (f, f->a, f->doctor_a, c, MUYING_REVIEW_ACCEPT, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (record_version (f), ==, v + 1);
  /* signing writes the seal too: one change of the record all the same */
  g_clear_pointer (&c, muying_case_free);
  c = open_case (f, f->a);
  g_assert_true (review (f, f->a, f->doctor_a, c, MUYING_REVIEW_SIGN, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (record_version (f), ==, v + 2);
  /* the seal does not cover the version: the signed record still verifies */
  problems = muying_store_check (f->a, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  /* a follow-up step, and the copies of the record's level and state kept in the follow-up
   * (the worklist's triggers) do not count as steps */
  g_assert_cmpint (followup_version (f), ==, fv);
  t.to = MUYING_FOLLOWUP_NOTIFIED;
  set_date (&t.date, TODAY);
  g_assert_true (muying_store_followup_transition (f->a, f->nurse_a, f->p1, &t, f->rules, &f->today, &error));
  g_assert_no_error (error);
  g_assert_cmpint (followup_version (f), ==, fv + 1);
}

/* ---- a database of schema version 7 -------------------------------------------------------------- */

static void
test_from_version_7 (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(MuyingCase) c = open_case (f, f->a);
  sqlite3 *db = NULL;

  g_assert_true (review (f, f->a, f->doctor_a, c, MUYING_REVIEW_SIGN, -1, &error));
  g_assert_no_error (error);
  g_clear_object (&f->a);
  g_clear_object (&f->b);

  /* step 8 undone: the file as version 7 left it */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE record DROP COLUMN row_version;"
                                     "ALTER TABLE followup DROP COLUMN row_version;"
                                     "PRAGMA user_version = 7;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->a = muying_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (muying_store_get_schema_version (f->a), ==, 8);
  g_assert_cmpint (record_version (f), ==, 0);
  g_assert_cmpint (followup_version (f), ==, 0);
  /* the schema is the one the steps create, the audit trail and the seal hold */
  problems = muying_store_check_full (f->a, "admin", &audit_error, &error);
  g_assert_no_error (error);
  g_assert_no_error (audit_error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("check: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* on a file and, with a server, on the same records moved there */
#define ADD(name, fn) muying_test_add_file_and_server ("row-versions", name, Fixture, fixture_set_up, fn, \
                                                       fixture_tear_down)
  ADD ("form-save", test_form_save);
  ADD ("form-new-taken", test_form_new_taken);
  ADD ("import-unchecked", test_import_unchecked);
  ADD ("review", test_review);
  ADD ("review-unchecked", test_review_unchecked);
  ADD ("followup-step", test_followup_step);
  ADD ("result", test_result);
  ADD ("bumps", test_bumps);
  g_test_add ("/row-versions/from-version-7", Fixture, NULL, fixture_set_up, test_from_version_7, fixture_tear_down);
#undef ADD
  return g_test_run ();
}
