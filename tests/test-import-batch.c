/* test-import-batch.c: an import saves its rows under one savepoint per batch, not per row.
 *
 * A row the store refuses at save time (a signed record, a registered ID number with another name:
 * nothing the validation of the file can see) rolls its batch back and the batch's other rows are
 * written again: exactly that row is rejected, it leaves nothing written (not even the phone it
 * brought), the others are kept, and the report and the database are those of a savepoint per row
 * (a batch of one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-id-number.h"
#include "muying-importer-private.h"
#include "muying-rule-set.h"
#include "muying-store-records.h"
#include "muying-store-sql.h"
#include "muying-store-users.h"
#include "muying-store-worklist.h"
#include "muying-test-utils.h"

#define PASSWORD "Test2024pw"

static MuyingRuleSet *rules;

static const char header[] = "sample_no,id_number,name,phone,sample_date,test_type,ga_weeks,ga_days,t21_risk,t18_risk\n";

typedef struct
{
  char        *dir;
  MuyingStore *store;
  MuyingUser  *doctor;
} Fixture;

/* A woman's ID number: born 1 January 1990, sequence @i, female. */
static char *
id_number (guint i)
{
  g_autofree char *first17 = g_strdup_printf ("11010519900101%02u2", i % 100);

  return g_strdup_printf ("%s%c", first17, muying_id_number_check_char (first17));
}

static void
add_row (GString    *csv,
         const char *sample_no,
         guint       woman,
         const char *name,
         const char *phone,
         int         t21)
{
  g_autofree char *id = id_number (woman);

  g_string_append_printf (csv, "%s,%s,%s,%s,2026-03-10,early_combined,12,3,1/%d,1/20000\n", sample_no, id, name,
                          phone, t21);
}

static MuyingStore *
new_store (const char *dir,
           const char *name,
           MuyingUser **doctor)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) admin = NULL;
  MuyingStore *store = muying_store_create (path, &error);

  g_assert_no_error (error);
  admin = muying_store_create_first_admin (store, "boss", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  *doctor = muying_store_create_user (store, "boss", "doc", "李医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);
  return store;
}

static MuyingImportReport *
import_csv (MuyingStore *store,
            GString     *csv,
            guint        batch_size)
{
  g_autoptr(MuyingImporter) importer = muying_importer_new (MUYING_PROGRAM_PRENATAL, rules);
  g_autoptr(GBytes) bytes = g_bytes_new (csv->str, csv->len);
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_NOVEMBER, 2026);
  muying_importer_set_today (importer, &today);
  muying_importer_set_batch_size (importer, batch_size);
  report = muying_importer_import_bytes (importer, bytes, "lab.csv", store, "boss", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (report->written);
  g_assert_cmpuint (report->read, ==, report->inserted + report->updated + report->unchanged + report->rejected);
  return report;
}

static char *
query_text (MuyingStore *store,
            const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (muying_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return result;
}

/* What an import leaves in the database, times and hashes left out. */
static char *
dump (MuyingStore *store)
{
  GString *s = g_string_new (NULL);
  static const char *queries[] = {
    "SELECT group_concat(x, '|') FROM (SELECT r.id || ':' || r.record_key || ':' || r.level || ':' || r.review_state "
    "|| ':' || p.id || ':' || p.name || ':' || coalesce(p.phone, '') || ':' || d.t21_risk AS x "
    "FROM record r JOIN person p ON p.id = r.person_id JOIN prenatal d ON d.record_id = r.id ORDER BY r.id)",
    "SELECT group_concat(x, '|') FROM (SELECT id || ':' || coalesce(id_number, '') || ':' || name || ':' "
    "|| coalesce(phone, '') AS x FROM person ORDER BY id)",
    "SELECT group_concat(x, '|') FROM (SELECT record_id || ':' || code AS x FROM reason ORDER BY record_id, code)",
    "SELECT group_concat(x, '|') FROM (SELECT record_id || ':' || state || ':' || due_date AS x FROM followup "
    "ORDER BY record_id)",
    "SELECT group_concat(x, '|') FROM (SELECT id || ':' || action || ':' || entity || ':' || coalesce(entity_id, '') "
    "|| ':' || coalesce(detail, '') AS x FROM audit WHERE action <> 'login' ORDER BY id)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *part = query_text (store, queries[i]);

      g_string_append_printf (s, "%s\n", part ? part : "");
    }
  return g_string_free (s, FALSE);
}

static char *
describe_report (const MuyingImportReport *report)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "read %u inserted %u updated %u unchanged %u rejected %u phones %u valid %u\n",
                          report->read, report->inserted, report->updated, report->unchanged, report->rejected,
                          report->phones_updated, report->valid);
  for (guint i = 0; i < report->rejected_rows->len; i++)
    {
      const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, i);

      for (guint j = 0; j < row->problems->len; j++)
        {
          const MuyingImportProblem *p = g_ptr_array_index (row->problems, j);

          g_string_append_printf (s, "%u %s %s\n", row->line, p->column ? p->column : "-", p->message);
        }
    }
  return g_string_free (s, FALSE);
}

/* The first file: women 0–4, samples S0–S4; the high-risk S0, S3 and S4 are then signed. */
static void
first_file (MuyingStore *store,
            MuyingUser  *doctor)
{
  g_autoptr(GString) csv = g_string_new (header);
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  MuyingReview review = { MUYING_REVIEW_SIGN, -1, NULL, NULL, PASSWORD };

  add_row (csv, "S0", 0, "王芳", "13800000000", 150);
  add_row (csv, "S1", 1, "李娜", "13800000001", 5000);
  add_row (csv, "S2", 2, "张敏", "13800000002", 5000);
  add_row (csv, "S3", 3, "刘丽", "13800000003", 150);
  add_row (csv, "S4", 4, "陈静", "13800000004", 150);
  report = import_csv (store, csv, 500);
  g_assert_cmpuint (report->inserted, ==, 5);
  for (const char *const *key = (const char *const[]) { "S0", "S3", "S4", NULL }; *key != NULL; key++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM record WHERE record_key = '%s'", *key);
      g_autofree char *id = query_text (store, sql);

      g_assert_true (muying_store_review (store, doctor, g_ascii_strtoll (id, NULL, 10), &review, rules, NULL, &error));
      g_assert_no_error (error);
    }
}

/* The second file, 14 rows: refused at save time are line 4 (the signed S0 changed, with a new
 * phone of its woman, written before the store finds the record signed), line 6 (woman 1's ID
 * number with another name), line 9 and line 10 (the signed S3 changed, its woman's ID number with
 * another name; with batches of 4, the last row of the second batch and the first of the third)
 * and line 15 (the signed S4 changed with a new phone, the last row of the file). The other rows
 * are new samples, a known woman's new phone, and an unchanged row. */
static GString *
second_file (void)
{
  GString *csv = g_string_new (header);

  add_row (csv, "N1", 10, "赵一", "13900000010", 5000);                    /* line 2 */
  add_row (csv, "N2", 11, "钱二", "13900000011", 150);                     /* 3 */
  add_row (csv, "S0", 0, "王芳", "13911111111", 5000);                     /* 4: signed, changed */
  add_row (csv, "N3", 12, "孙三", "13900000012", 5000);                    /* 5 */
  add_row (csv, "N4", 1, "李四", "13800000001", 5000);                     /* 6: not 李娜 */
  add_row (csv, "N5", 2, "张敏", "13922222222", 5000);                     /* 7: new phone */
  add_row (csv, "S1", 1, "李娜", "13800000001", 5000);                     /* 8: unchanged */
  add_row (csv, "S3", 3, "刘丽", "13800000003", 4000);                     /* 9: signed, changed */
  add_row (csv, "N6", 3, "刘三", "13800000003", 5000);                     /* 10: not 刘丽 */
  add_row (csv, "N7", 13, "周七", "13900000013", 5000);                    /* 11 */
  add_row (csv, "N8", 14, "吴八", "13900000014", 150);                     /* 12 */
  add_row (csv, "N9", 15, "郑九", "13900000015", 5000);                    /* 13 */
  add_row (csv, "N10", 16, "王十", "13900000016", 5000);                   /* 14 */
  add_row (csv, "S4", 4, "陈静", "13933333333", 5000);                     /* 15: signed, changed */
  return csv;
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  f->dir = muying_test_make_tmpdir ();
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->doctor);
  g_clear_object (&f->store);
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
test_refused_rows (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GString) csv = second_file ();
  g_autoptr(MuyingImportReport) report = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *n_records = NULL;
  g_autofree char *missing = NULL;
  static const guint refused[] = { 4, 6, 9, 10, 15 };
  gint64 first_bad = 0;
  g_autoptr(GError) error = NULL;

  f->store = new_store (f->dir, "batch.db", &f->doctor);
  first_file (f->store, f->doctor);
  report = import_csv (f->store, csv, 4);

  /* Exactly the refused rows are rejected, each with the store's reason. */
  g_assert_cmpuint (report->read, ==, 14);
  g_assert_cmpuint (report->rejected, ==, G_N_ELEMENTS (refused));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, i);
      const MuyingImportProblem *p = g_ptr_array_index (row->problems, 0);

      g_test_message ("line %u: %s", row->line, p->message);
      g_assert_cmpuint (row->line, ==, refused[i]);
      g_assert_cmpuint (row->problems->len, ==, 1);
      if (refused[i] == 6 || refused[i] == 10)
        g_assert_nonnull (strstr (p->message, "does not match the name"));
      else
        g_assert_nonnull (strstr (p->message, "locked"));
    }
  /* The other rows of their batches are kept. */
  g_assert_cmpuint (report->inserted, ==, 8);
  g_assert_cmpuint (report->unchanged, ==, 1);
  g_assert_cmpuint (report->phones_updated, ==, 1);
  n_records = query_text (f->store, "SELECT count(*) FROM record");
  g_assert_cmpstr (n_records, ==, "13");
  missing = query_text (f->store, "SELECT group_concat(k) FROM (SELECT 'N' || value AS k FROM json_each('[1,2,3,5,7,8,9,10]')) "
                                  "WHERE k NOT IN (SELECT record_key FROM record)");
  g_assert_null (missing);
  /* A refused row leaves nothing: the signed record's woman keeps her phone. */
  phone = query_text (f->store, "SELECT group_concat(phone) FROM person WHERE name IN ('王芳', '陈静')");
  g_assert_cmpstr (phone, ==, "13800000000,13800000004");
  g_assert_true (muying_store_verify_audit (f->store, &first_bad, &error));
  g_assert_no_error (error);
}

/* Batches of 1 (a savepoint per row, as before), 2, 4, 500: the same report, the same database. */
static void
test_same_as_per_row (Fixture      *f,
                      gconstpointer data)
{
  static const guint sizes[] = { 1, 2, 3, 4, 500 };
  g_autofree char *want_report = NULL;
  g_autofree char *want_dump = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("batch-%u.db", sizes[i]);
      g_autoptr(MuyingUser) doctor = NULL;
      g_autoptr(MuyingStore) store = new_store (f->dir, name, &doctor);
      g_autoptr(GString) csv = second_file ();
      g_autoptr(MuyingImportReport) report = NULL;
      g_autofree char *got_report = NULL;
      g_autofree char *got_dump = NULL;

      first_file (store, doctor);
      report = import_csv (store, csv, sizes[i]);
      got_report = describe_report (report);
      got_dump = dump (store);
      g_test_message ("batch %u:\n%s%s", sizes[i], got_report, got_dump);
      if (want_report == NULL)
        {
          want_report = g_steal_pointer (&got_report);
          want_dump = g_steal_pointer (&got_dump);
          continue;
        }
      g_assert_cmpstr (got_report, ==, want_report);
      g_assert_cmpstr (got_dump, ==, want_dump);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  rules = muying_rule_set_new_from_dir (g_getenv ("MUYING_DATA_DIR") ? g_getenv ("MUYING_DATA_DIR")
                                                                     : muying_test_data_dir (), &error);
  g_assert_no_error (error);

  g_test_add ("/import-batch/refused-rows", Fixture, NULL, fixture_setup, test_refused_rows, fixture_teardown);
  g_test_add ("/import-batch/same-as-per-row", Fixture, NULL, fixture_setup, test_same_as_per_row, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&rules);
  return status;
}
