/* test-import-batch.c: an import saves its rows under one savepoint per batch, not per row.
 *
 * A row the store refuses at save time (a signed record, a registered ID number with another name:
 * nothing the validation of the file can see) rolls its batch back and the batch's other rows are
 * written again: exactly that row is rejected, it leaves nothing written (not even the phone it
 * brought), the others are kept, and the report and the database are those of a savepoint per row
 * (a batch of one).
 *
 * Both cases run on database files and, when there is a test server (MUYING_TEST_PG), as
 * "/import-batch/server/…" on server databases; the database is read back through the statement
 * layer of both backends.
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
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

#define PASSWORD "Test2024pw"

static MuyingRuleSet *rules;

static const char header[] = "sample_no,id_number,name,phone,sample_date,test_type,ga_weeks,ga_days,t21_risk,t18_risk\n";

typedef struct
{
  char        *dir;
  MuyingStore *store;
  MuyingUser  *doctor;
  gboolean     on_server; /* "/import-batch/server/…" */
  GPtrArray   *uris;      /* the server databases made for the case, dropped at its end */
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

/* A new database @name with the administrator "boss" and the doctor "doc": a file in the case's
 * directory or, on the server, that file moved to a new server database. */
static MuyingStore *
new_store (Fixture     *f,
           const char  *name,
           MuyingUser **doctor)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) admin = NULL;
  MuyingStore *store = muying_store_create (path, &error);

  g_assert_no_error (error);
  admin = muying_store_create_first_admin (store, "boss", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  *doctor = muying_store_create_user (store, "boss", "doc", "李医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);
  if (f->on_server)
    g_ptr_array_add (f->uris, muying_test_pg_move_store (&store, "importbatch"));
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

/* @sql's rows, on a file or a server: each row's columns joined by ":" (NULL as ""), the rows by
 * "|"; "" for no row. */
static char *
query_text (MuyingStore *store,
            const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, sql, &error);
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;
  int rc;

  g_assert_no_error (error);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      g_string_append (out, n++ ? "|" : "");
      for (int i = 0; i < muying_sql_column_count (stmt); i++)
        {
          const char *text = (const char *) muying_sql_column_text (stmt, i);

          g_string_append_printf (out, "%s%s", i ? ":" : "", text ? text : "");
        }
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  return g_strdup (out->str);
}

/* The ids of @table, each mapped to its rank ("#1" the lowest). */
static GHashTable *
id_ranks (MuyingStore *store,
          const char  *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s ORDER BY id", table);
  g_autofree char *ids = query_text (store, sql);
  g_auto(GStrv) each = g_strsplit (ids, "|", -1);
  GHashTable *ranks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; each[i] != NULL && *each[i] != '\0'; i++)
    g_hash_table_insert (ranks, g_strdup (each[i]), g_strdup_printf ("#%u", i + 1));
  return ranks;
}

typedef struct
{
  GHashTable *records;
  GHashTable *persons;
} Ranks;

/* A record's or a person's id named in an audit detail, replaced by its rank. */
static gboolean
replace_detail_id (const GMatchInfo *match,
                   GString          *result,
                   gpointer          user_data)
{
  const Ranks *ranks = user_data;
  g_autofree char *head = g_match_info_fetch (match, 1);
  g_autofree char *id = g_match_info_fetch (match, 2);
  GHashTable *table = strstr (head, "person") != NULL ? ranks->persons : ranks->records;
  const char *rank = g_hash_table_lookup (table, id);

  g_string_append_printf (result, "%s%s", head, rank ? rank : "?");
  return FALSE;
}

/* What an import leaves in the database, times and hashes left out. Each query's columns are
 * described by a letter: r a record's id, p a person's, x the audit row's own id, d an audit
 * detail, . any other value. On a server the ids are replaced by their ranks and the audit's own
 * ids left out: the sequence numbers a rolled-back batch took are not given back (a PostgreSQL
 * sequence is not transactional, and the store reserves ids in blocks), so the ids there have
 * gaps that depend on the batch size. On a file they are compared as they are. */
static char *
dump (MuyingStore *store)
{
  GString *s = g_string_new (NULL);
  static const struct { const char *sql, *columns; } queries[] = {
    { "SELECT r.id, r.record_key, r.level, r.review_state, p.id, p.name, p.phone, d.t21_risk "
      "FROM record r JOIN person p ON p.id = r.person_id JOIN prenatal d ON d.record_id = r.id ORDER BY r.id",
      "r...p..." },
    { "SELECT id, id_number, name, phone FROM person ORDER BY id", "p..." },
    { "SELECT record_id, code FROM reason ORDER BY record_id, code", "r." },
    { "SELECT record_id, state, due_date FROM followup ORDER BY record_id", "r.." },
    { "SELECT id, action, entity, CASE WHEN entity = 'record' THEN entity_id END, "
      "CASE WHEN entity = 'person' THEN entity_id END, "
      "CASE WHEN entity NOT IN ('record', 'person') THEN entity_id END, detail "
      "FROM audit WHERE action <> 'login' ORDER BY id", "x..rp.d" },
  };
  g_autoptr(GRegex) detail_ids = g_regex_new ("(\"created_record_ids\":\\[|,|\"person\":\\{\"id\":)([0-9]+)",
                                              0, 0, NULL);
  gboolean on_server = muying_store_is_server (store);
  Ranks ranks = { NULL, NULL };

  if (on_server)
    {
      ranks.records = id_ranks (store, "record");
      ranks.persons = id_ranks (store, "person");
    }
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, queries[i].sql, &error);
      guint n = 0;
      int rc;

      g_assert_no_error (error);
      while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
        {
          g_string_append (s, n++ ? "|" : "");
          for (int c = 0; queries[i].columns[c] != '\0'; c++)
            {
              const char *text = (const char *) muying_sql_column_text (stmt, c);
              g_autofree char *shown = NULL;

              if (text == NULL)
                text = "";
              else if (on_server && queries[i].columns[c] == 'x')
                text = "-";
              else if (on_server && queries[i].columns[c] == 'r')
                text = g_hash_table_lookup (ranks.records, text);
              else if (on_server && queries[i].columns[c] == 'p')
                text = g_hash_table_lookup (ranks.persons, text);
              else if (on_server && queries[i].columns[c] == 'd')
                text = shown = g_regex_replace_eval (detail_ids, text, -1, 0, 0, replace_detail_id, &ranks, NULL);
              g_string_append_printf (s, "%s%s", c ? ":" : "", text ? text : "?");
            }
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      g_string_append_c (s, '\n');
    }
  g_clear_pointer (&ranks.records, g_hash_table_unref);
  g_clear_pointer (&ranks.persons, g_hash_table_unref);
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
  f->on_server = GPOINTER_TO_INT (data);
  f->uris = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->doctor);
  g_clear_object (&f->store);
  for (guint i = 0; i < f->uris->len; i++)
    muying_test_pg_drop_database (g_ptr_array_index (f->uris, i));
  g_ptr_array_unref (f->uris);
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
  g_autofree char *new_keys = NULL;
  static const guint refused[] = { 4, 6, 9, 10, 15 };
  gint64 first_bad = 0;
  g_autoptr(GError) error = NULL;

  f->store = new_store (f, "batch.db", &f->doctor);
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
  new_keys = query_text (f->store, "SELECT record_key FROM record WHERE record_key LIKE 'N%' ORDER BY record_key");
  g_assert_cmpstr (new_keys, ==, "N1|N10|N2|N3|N5|N7|N8|N9");
  /* A refused row leaves nothing: the signed record's woman keeps her phone. */
  phone = query_text (f->store, "SELECT phone FROM person WHERE name IN ('王芳', '陈静') ORDER BY id");
  g_assert_cmpstr (phone, ==, "13800000000|13800000004");
  g_assert_true (muying_store_verify_audit (f->store, &first_bad, &error));
  g_assert_no_error (error);

  /* The import's audit row names the range of the records it kept, from N1 to N10: not an id a
   * row of a rolled-back batch took (on a server such an id is not given back). */
  {
    g_autofree char *detail = query_text (f->store, "SELECT detail FROM audit WHERE action = 'import' "
                                                    "ORDER BY id DESC LIMIT 1");
    const char *range = strstr (detail, "\"created_record_ids\":[");
    g_autofree char *sql = NULL;
    g_autofree char *ends = NULL;
    char *next = NULL;
    gint64 first, last;

    g_test_message ("%s", detail);
    g_assert_nonnull (range);
    first = g_ascii_strtoll (range + strlen ("\"created_record_ids\":["), &next, 10);
    g_assert_cmpint (*next, ==, ',');
    last = g_ascii_strtoll (next + 1, NULL, 10);
    sql = g_strdup_printf ("SELECT record_key FROM record WHERE id = %" G_GINT64_FORMAT " OR id = %" G_GINT64_FORMAT
                           " ORDER BY id", first, last);
    ends = query_text (f->store, sql);
    g_assert_cmpstr (ends, ==, "N1|N10");
  }
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
      g_autoptr(MuyingStore) store = new_store (f, name, &doctor);
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

  /* on files and, with a server, on server databases the new files were moved to */
  muying_test_add_file_and_server ("import-batch", "refused-rows", Fixture, fixture_setup, test_refused_rows,
                                   fixture_teardown);
  muying_test_add_file_and_server ("import-batch", "same-as-per-row", Fixture, fixture_setup,
                                   test_same_as_per_row, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&rules);
  return status;
}
