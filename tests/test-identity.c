/* test-identity.c: an ID number names one woman. An import or a save never renames her (a
 * known ID number with another name is a rejected row, in the file as against the database);
 * a new phone is taken as her contact number, audited and reported; her details change only by
 * an audited correction with a reason; a signed record keeps whom it was signed for.
 *
 * The test binary does not select a language, so messages are the English msgids; the command
 * line runs in zh_CN (LANGUAGE of the test environment).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "muying-importer-private.h"
#include "muying-store-sql.h"
#include "muying-error.h"
#include "muying-history-text.h"
#include "muying-importer.h"
#include "muying-rule-set.h"
#include "muying-store-persons.h"
#include "muying-store-records.h"
#include "muying-store-users.h"
#include "muying-store-worklist.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

#define PASSWORD "Test2024pw"
#define ID_WANG  "110105199503120025"
#define ID_LI    "440305199207080249"

static MuyingRuleSet *rules;

typedef struct
{
  MuyingTestDb db;        /* on a server database for "/…/server/…" */
  MuyingUser  *admin;
  MuyingUser  *doctor;
  MuyingUser  *nurse;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  muying_test_db_create (&f->db, "identity.db");
  f->admin = muying_store_create_first_admin (f->db.store, "boss", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  f->doctor = muying_store_create_user (f->db.store, "boss", "doc", "李医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);
  f->nurse = muying_store_create_user (f->db.store, "boss", "nurse", "张护士", MUYING_ROLE_NURSE, PASSWORD, &error);
  g_assert_no_error (error);
  muying_test_db_move_if (&f->db, GPOINTER_TO_INT (data), "identity");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->admin);
  g_clear_object (&f->doctor);
  g_clear_object (&f->nurse);
  muying_test_db_clear (&f->db);
}

static const char prenatal_header[] = "sample_no,id_number,name,phone,sample_date,test_type,ga_weeks,ga_days,t21_risk,t18_risk\n";

/* A prenatal row: early combined test at 12+3 weeks, T21 risk 1/@t21 (150: high risk). */
static void
add_prenatal_row (GString    *csv,
                  const char *sample_no,
                  const char *id_number,
                  const char *name,
                  const char *phone,
                  int         t21)
{
  g_string_append_printf (csv, "%s,%s,%s,%s,2026-03-10,early_combined,12,3,1/%d,1/20000\n", sample_no, id_number,
                          name, phone ? phone : "", t21);
}

static MuyingImporter *
new_importer (MuyingProgram program)
{
  MuyingImporter *importer = muying_importer_new (program, rules);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_NOVEMBER, 2026);
  muying_importer_set_today (importer, &today);
  return importer;
}

static MuyingImportReport *
import_csv (Fixture      *f,
            MuyingProgram program,
            GString      *csv)
{
  g_autoptr(MuyingImporter) importer = new_importer (program);
  g_autoptr(GBytes) bytes = g_bytes_new (csv->str, csv->len);
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  report = muying_importer_import_bytes (importer, bytes, "lab.csv", f->db.store, "nurse", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (report->written);
  /* the summary adds up (docs/import-formats.md) */
  g_assert_cmpuint (report->read, ==, report->inserted + report->updated + report->unchanged + report->rejected);
  g_assert_cmpuint (report->rejected, ==, report->rejected_rows->len);
  return report;
}

static MuyingImportReport *
validate_csv (MuyingProgram program,
              GString      *csv,
              MuyingStore  *lookup)
{
  g_autoptr(MuyingImporter) importer = new_importer (program);
  g_autoptr(GBytes) bytes = g_bytes_new (csv->str, csv->len);
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  muying_importer_set_lookup_store (importer, lookup);
  report = muying_importer_validate_bytes (importer, bytes, "lab.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_false (report->written);
  g_assert_cmpuint (report->read, ==, report->valid + report->rejected);
  return report;
}

/* The @index-th rejected row: its line, its one problem's column, and the message. */
static const char *
rejected_message (const MuyingImportReport *report,
                  guint                     index,
                  guint                     line,
                  const char               *column)
{
  const MuyingImportRejectedRow *row;
  const MuyingImportProblem *problem;

  g_assert_cmpuint (index, <, report->rejected_rows->len);
  row = g_ptr_array_index (report->rejected_rows, index);
  g_assert_cmpuint (row->line, ==, line);
  g_assert_cmpuint (row->problems->len, ==, 1);
  problem = g_ptr_array_index (row->problems, 0);
  g_test_message ("line %u, %s: %s", problem->line, problem->column ? problem->column : "-", problem->message);
  g_assert_cmpuint (problem->line, ==, line);
  g_assert_cmpstr (problem->column, ==, column);
  return problem->message;
}

/* @sql (bound to @arg, when given) stepped to its first row, on a file or a server; NULL
 * when there is none. */
static MuyingSqlStmt *
query_row (Fixture    *f,
           const char *sql,
           const char *arg)
{
  MuyingSqlStmt *stmt = muying_store_query (f->db.store, sql, NULL);

  g_assert_nonnull (stmt);
  if (arg != NULL)
    muying_sql_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (muying_sql_step (stmt) != SQLITE_ROW)
    g_clear_pointer (&stmt, muying_sql_finalize);
  return stmt;
}

static char *
query_text (Fixture    *f,
            const char *sql,
            const char *arg)
{
  g_autoptr(MuyingSqlStmt) stmt = query_row (f, sql, arg);

  return stmt != NULL ? g_strdup ((const char *) muying_sql_column_text (stmt, 0)) : NULL;
}

/* -1 for no row or NULL; a truth value reads as 1 or 0 on both backends. */
static gint64
query_int (Fixture    *f,
           const char *sql,
           const char *arg)
{
  g_autoptr(MuyingSqlStmt) stmt = query_row (f, sql, arg);

  return stmt != NULL && muying_sql_column_type (stmt, 0) != SQLITE_NULL ? muying_sql_column_int64 (stmt, 0) : -1;
}

/* The member @path (names separated by dots) of the JSON object in the first column of @sql's
 * first row, as JSON text (a string without its quotes, as json_extract gives it); NULL when
 * there is no such row or member. Read here: the server has no json_extract. */
static char *
query_json (Fixture    *f,
            const char *sql,
            const char *path)
{
  g_autofree char *detail = query_text (f, sql, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) names = g_strsplit (path, ".", -1);
  JsonNode *node;

  if (detail == NULL)
    return NULL;
  g_assert_true (json_parser_load_from_data (parser, detail, -1, NULL));
  node = json_parser_get_root (parser);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node) || !json_object_has_member (json_node_get_object (node), names[i]))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), names[i]);
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static gint64
query_json_int (Fixture    *f,
                const char *sql,
                const char *path)
{
  g_autofree char *text = query_json (f, sql, path);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

static gint64
record_id (Fixture    *f,
           const char *key)
{
  return query_int (f, "SELECT id FROM record WHERE record_key = ?", key);
}

static void
sign (Fixture    *f,
      const char *key)
{
  g_autoptr(GError) error = NULL;
  MuyingReview review = { MUYING_REVIEW_SIGN, -1, NULL, NULL, PASSWORD };

  g_assert_true (muying_store_review (f->db.store, f->doctor, record_id (f, key), &review, rules, NULL, &error));
  g_assert_no_error (error);
}

/* Wang Fang has two records (P1 high risk, then signed; P2), Li Na one. */
static void
import_first_file (Fixture *f)
{
  g_autoptr(GString) csv = g_string_new (prenatal_header);
  g_autoptr(MuyingImportReport) report = NULL;

  add_prenatal_row (csv, "P1", ID_WANG, "王芳", "13800138000", 150);
  add_prenatal_row (csv, "P2", ID_WANG, "王芳", "13800138000", 5000);
  add_prenatal_row (csv, "P3", ID_LI, "李娜", NULL, 5000);
  report = import_csv (f, MUYING_PROGRAM_PRENATAL, csv);
  g_assert_cmpuint (report->inserted, ==, 3);
  g_assert_cmpuint (report->phones_updated, ==, 0);
  sign (f, "P1");
}

/* ---- the defect: an import renamed an existing woman on all her records --------------------- */

static void
test_import_rename_refused (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new (prenatal_header);
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(MuyingImportReport) checked = NULL;
  g_autoptr(MuyingImportReport) unchecked = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *name = NULL;
  const char *message;

  import_first_file (f);

  /* A new sample and a changed old one under Wang Fang's ID number with another name, and a
   * good row for Li Na. */
  add_prenatal_row (csv, "P4", ID_WANG, "张三", "13800138000", 5000);
  add_prenatal_row (csv, "P2", ID_WANG, "张三", "13800138000", 4000);
  add_prenatal_row (csv, "P5", ID_LI, "李娜", NULL, 5000);

  /* The check before importing (the window's preview) says so already, with the database. */
  checked = validate_csv (MUYING_PROGRAM_PRENATAL, csv, f->db.store);
  g_assert_cmpuint (checked->valid, ==, 1);
  g_assert_cmpuint (checked->rejected, ==, 2);
  message = rejected_message (checked, 0, 2, "name");
  g_assert_nonnull (strstr (message, "“王芳”"));
  g_assert_nonnull (strstr (message, "“张三”"));
  rejected_message (checked, 1, 3, "name");
  /* without a database to look in, a file alone cannot tell */
  unchecked = validate_csv (MUYING_PROGRAM_PRENATAL, csv, NULL);
  g_assert_cmpuint (unchecked->rejected, ==, 0);

  report = import_csv (f, MUYING_PROGRAM_PRENATAL, csv);
  g_assert_cmpuint (report->read, ==, 3);
  g_assert_cmpuint (report->inserted, ==, 1);
  g_assert_cmpuint (report->updated, ==, 0);
  g_assert_cmpuint (report->unchanged, ==, 0);
  g_assert_cmpuint (report->rejected, ==, 2);
  message = rejected_message (report, 0, 2, "name");
  g_assert_nonnull (strstr (message, "“王芳”"));
  g_assert_nonnull (strstr (message, "“张三”"));
  rejected_message (report, 1, 3, "name");
  summary = muying_import_report_format_summary (report);
  g_assert_cmpstr (summary, ==, "Read 3 rows: 1 inserted, 0 updated, 0 unchanged, 2 rejected");

  /* Her name is unchanged on every record, the signed one included; nothing else was written. */
  name = query_text (f, "SELECT name FROM person WHERE id_number = ?", ID_WANG);
  g_assert_cmpstr (name, ==, "王芳");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM record r JOIN person p ON p.id = r.person_id "
                                 "WHERE p.name = '王芳'", NULL), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM person WHERE name = '张三'", NULL), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM record WHERE record_key = 'P4'", NULL), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT x.t21_risk FROM prenatal x JOIN record r ON r.id = x.record_id "
                                 "WHERE r.record_key = 'P2'", NULL), ==, 5000);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE entity = 'person' AND action <> 'create'", NULL),
                   ==, 0);
  /* the import's audit row has the truthful summary */
  g_assert_cmpint (query_json_int (f, "SELECT detail FROM audit WHERE action = 'import' ORDER BY id DESC LIMIT 1",
                                      "rejected"), ==, 2);
}

/* The newborn file names the mother: the same rule. */
static void
test_import_mother_rename_refused (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("sample_no,mother_id_number,mother_name,sex,birth_date,panel,"
                                         "hearing_left,hearing_right\n");
  g_autoptr(MuyingImportReport) report = NULL;
  g_autofree char *name = NULL;

  import_first_file (f);
  g_string_append (csv, "N1," ID_WANG ",王芳,1,2026-08-01,9,pass,pass\n");
  g_string_append (csv, "N2," ID_WANG ",汪芳,2,2026-08-02,9,pass,pass\n");
  report = import_csv (f, MUYING_PROGRAM_NEWBORN, csv);
  g_assert_cmpuint (report->inserted, ==, 1);
  g_assert_cmpuint (report->rejected, ==, 1);
  g_assert_nonnull (strstr (rejected_message (report, 0, 3, "mother_name"), "“汪芳”"));
  name = query_text (f, "SELECT name FROM person WHERE id_number = ?", ID_WANG);
  g_assert_cmpstr (name, ==, "王芳");
}

/* A validation pass asks the database once per ID number: the rows of a woman whose name does
 * not match, each rejected, cost no further query (they were asked again for every row). */
static void
test_lookup_once_per_woman (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new (prenatal_header);
  g_autoptr(MuyingImportReport) checked = NULL;
  guint n_statements = 0;

  import_first_file (f);
  add_prenatal_row (csv, "P4", ID_WANG, "张三", "13800138000", 5000);
  add_prenatal_row (csv, "P5", ID_WANG, "张三", "13800138000", 4000);
  add_prenatal_row (csv, "P6", ID_WANG, "张三", "13800138000", 3000);
  add_prenatal_row (csv, "P7", ID_LI, "李娜", NULL, 5000);
  add_prenatal_row (csv, "P8", ID_LI, "李娜", NULL, 5000);

  muying_sql_count_statements (muying_store_get_sql (f->db.store), &n_statements);
  checked = validate_csv (MUYING_PROGRAM_PRENATAL, csv, f->db.store);
  muying_sql_count_statements (muying_store_get_sql (f->db.store), NULL);

  g_assert_cmpuint (checked->valid, ==, 2);
  g_assert_cmpuint (checked->rejected, ==, 3);
  /* every row of the conflict is rejected, not only the first */
  rejected_message (checked, 0, 2, "name");
  rejected_message (checked, 1, 3, "name");
  rejected_message (checked, 2, 4, "name");
  /* two women, two questions */
  g_assert_cmpuint (n_statements, ==, 2);
}

/* Two rows of one file give one ID number two names: the second is rejected, in the check as in
 * the import (where the first row is not yet in the database during the check). */
static void
test_same_file_conflict (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new (prenatal_header);
  g_autoptr(MuyingImportReport) checked = NULL;
  g_autoptr(MuyingImportReport) report = NULL;
  g_autofree char *name = NULL;
  const char *message;

  add_prenatal_row (csv, "P1", ID_WANG, "王芳", NULL, 5000);
  add_prenatal_row (csv, "P2", ID_LI, "李娜", NULL, 5000);
  add_prenatal_row (csv, "P3", ID_WANG, "王芳华", NULL, 5000);
  add_prenatal_row (csv, "P4", ID_WANG, "王芳", NULL, 5000);

  checked = validate_csv (MUYING_PROGRAM_PRENATAL, csv, f->db.store);
  g_assert_cmpuint (checked->valid, ==, 3);
  g_assert_cmpuint (checked->rejected, ==, 1);
  message = rejected_message (checked, 0, 4, "name");
  g_assert_nonnull (strstr (message, "line 2"));
  g_assert_nonnull (strstr (message, "“王芳华”"));

  report = import_csv (f, MUYING_PROGRAM_PRENATAL, csv);
  g_assert_cmpuint (report->inserted, ==, 3);
  g_assert_cmpuint (report->rejected, ==, 1);
  g_assert_nonnull (strstr (rejected_message (report, 0, 4, "name"), "line 2"));
  name = query_text (f, "SELECT name FROM person WHERE id_number = ?", ID_WANG);
  g_assert_cmpstr (name, ==, "王芳");
}

/* ---- phone numbers change ------------------------------------------------------------------- */

static void
test_new_phone (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new (prenatal_header);
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(MuyingRecordPerson) person = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *state = NULL;
  g_autofree char *change = NULL;

  import_first_file (f);
  /* P1 (signed) and P2 as they are, with a new phone number; P6 a new sample. */
  add_prenatal_row (csv, "P1", ID_WANG, "王芳", "13900139000", 150);
  add_prenatal_row (csv, "P2", ID_WANG, "王芳", "13900139000", 5000);
  add_prenatal_row (csv, "P6", ID_LI, "李娜", NULL, 5000);
  report = import_csv (f, MUYING_PROGRAM_PRENATAL, csv);

  /* The first row changed the phone: an update, not "unchanged"; the second finds it changed. */
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpuint (report->unchanged, ==, 1);
  g_assert_cmpuint (report->inserted, ==, 1);
  g_assert_cmpuint (report->rejected, ==, 0);
  g_assert_cmpuint (report->phones_updated, ==, 1);
  summary = muying_import_report_format_summary (report);
  g_assert_cmpstr (summary, ==, "Read 3 rows: 1 inserted, 1 updated, 1 unchanged, 0 rejected; "
                                "1 rows gave a new contact phone number (the old one is kept in the audit log)");

  phone = query_text (f, "SELECT phone FROM person WHERE id_number = ?", ID_WANG);
  g_assert_cmpstr (phone, ==, "13900139000");
  change = query_json (f, "SELECT detail FROM audit WHERE entity = 'person' AND action = 'update'", "phone");
  g_assert_cmpstr (change, ==, "[\"13800138000\",\"13900139000\"]");
  g_assert_cmpint (query_json_int (f, "SELECT detail FROM audit WHERE action = 'import' ORDER BY id DESC LIMIT 1",
                                      "phones_updated"), ==, 1);

  /* The signed record stays signed; the number it was signed with is still known. */
  state = query_text (f, "SELECT review_state FROM record WHERE record_key = ?", "P1");
  g_assert_cmpstr (state, ==, "signed");
  person = muying_store_get_record_person (f->db.store, record_id (f, "P1"), &error);
  g_assert_no_error (error);
  g_assert_true (person->has_signed_snapshot);
  g_assert_cmpstr (person->signed_phone, ==, "13800138000");
  g_assert_cmpstr (person->phone, ==, "13900139000");
  g_assert_cmpstr (person->signed_name, ==, "王芳");
  g_assert_cmpuint (person->n_changes_after_signing, ==, 1);
}

/* A signed newborn record: the baby's name is part of it and cannot change by an import. */
static void
test_signed_baby_locked (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("sample_no,mother_id_number,mother_name,baby_name,sex,birth_date,panel,"
                                         "hearing_left,hearing_right\n");
  g_autoptr(GString) again = g_string_new (csv->str);
  g_autoptr(MuyingImportReport) first = NULL;
  g_autoptr(MuyingImportReport) second = NULL;
  g_autofree char *baby = NULL;

  g_string_append (csv, "N1," ID_WANG ",王芳,王小宝,1,2026-08-01,9,refer,pass\n");
  first = import_csv (f, MUYING_PROGRAM_NEWBORN, csv);
  g_assert_cmpuint (first->inserted, ==, 1);
  sign (f, "N1");
  g_string_append (again, "N1," ID_WANG ",王芳,王大宝,1,2026-08-01,9,refer,pass\n");
  second = import_csv (f, MUYING_PROGRAM_NEWBORN, again);
  g_assert_cmpuint (second->rejected, ==, 1);
  g_assert_cmpuint (second->unchanged, ==, 0);
  baby = query_text (f, "SELECT p.name FROM person p JOIN record r ON r.person_id = p.id WHERE r.record_key = ?",
                     "N1");
  g_assert_cmpstr (baby, ==, "王小宝");
}

/* ---- the correction ------------------------------------------------------------------------- */

static void
test_correct_person (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRecordPerson) person = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GString) csv = g_string_new (prenatal_header);
  g_autoptr(MuyingImportReport) report = NULL;
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *signed_name = NULL;
  gboolean found = FALSE;
  gint64 p1;

  import_first_file (f);
  p1 = record_id (f, "P1");

  /* who may, and what a correction needs */
  g_assert_false (muying_store_correct_person (f->db.store, f->nurse, ID_WANG, "王芳芳", NULL, "录入错误", &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (muying_store_correct_person (f->db.store, f->doctor, ID_WANG, "王芳芳", NULL, "  ", &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (muying_store_correct_person (f->db.store, f->doctor, ID_WANG, "", NULL, "录入错误", &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (muying_store_correct_person (f->db.store, f->doctor, ID_WANG, "王芳", "13800138000", "录入错误",
                                               &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (muying_store_correct_person (f->db.store, f->doctor, "11010519900101002X", "王芳芳", NULL, "录入错误",
                                               &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'correct'", NULL), ==, 0);

  g_assert_true (muying_store_correct_person (f->db.store, f->doctor, ID_WANG, " 王芳芳 ", NULL, "登记时姓名录错",
                                              &error));
  g_assert_no_error (error);
  name = query_text (f, "SELECT name FROM person WHERE id_number = ?", ID_WANG);
  g_assert_cmpstr (name, ==, "王芳芳");

  /* one audit row: old → new and the reason, by the doctor */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'correct' AND entity = 'person' "
                                 "AND user_name = 'doc'", NULL), ==, 1);
  detail = query_text (f, "SELECT detail FROM audit WHERE action = 'correct'", NULL);
  g_assert_nonnull (strstr (detail, "\"name\":[\"王芳\",\"王芳芳\"]"));
  g_assert_nonnull (strstr (detail, "\"reason\":\"登记时姓名录错\""));
  g_assert_null (strstr (detail, "phone"));

  /* The signed record keeps whom it was signed for: its sign audit row is unchanged. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT detail FROM audit WHERE action = 'sign' AND entity_id = %lld",
                                            (long long) p1);
    signed_name = query_json (f, sql, "person.name");
  }
  g_assert_cmpstr (signed_name, ==, "王芳");
  person = muying_store_get_record_person (f->db.store, p1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->signed_at, !=, NULL);
  g_assert_true (person->has_signed_snapshot);
  g_assert_cmpstr (person->signed_name, ==, "王芳");
  g_assert_cmpstr (person->name, ==, "王芳芳");
  g_assert_cmpuint (person->n_changes_after_signing, ==, 1);
  g_assert_true (muying_store_verify_audit (f->db.store, NULL, &error));
  g_assert_no_error (error);

  /* The record's history shows the correction with its reason. */
  history = muying_store_record_history (f->db.store, p1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      MuyingHistoryEntry *e = g_ptr_array_index (history, i);
      g_autofree char *description = muying_history_text_entry (e, rules);

      g_test_message ("%s %s", e->action, description);
      if (g_strcmp0 (e->action, "correct") == 0)
        {
          found = TRUE;
          g_assert_nonnull (strstr (description, "王芳 → 王芳芳"));
          g_assert_nonnull (strstr (description, "登记时姓名录错"));
        }
    }
  g_assert_true (found);

  /* From now on the old name is the wrong one. */
  add_prenatal_row (csv, "P7", ID_WANG, "王芳", NULL, 5000);
  report = import_csv (f, MUYING_PROGRAM_PRENATAL, csv);
  g_assert_cmpuint (report->rejected, ==, 1);
  g_assert_nonnull (strstr (rejected_message (report, 0, 2, "name"), "“王芳芳”"));

  /* A phone correction alone; an empty phone removes the number. */
  g_assert_true (muying_store_correct_person (f->db.store, f->admin, ID_WANG, NULL, "", "号码已停用", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT phone IS NULL FROM person WHERE id_number = ?", ID_WANG), ==, 1);
}

/* A save through the store API (the entry form, an amendment) cannot rename either. */
static void
test_save_refuses_rename (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  MuyingSaveOutcome outcome;

  import_first_file (f);
  r->sample_no = g_strdup ("P9");
  r->id_number = g_strdup (ID_LI);
  r->name = g_strdup ("李娜娜");
  r->test_type = MUYING_PRENATAL_TEST_NIPT;
  r->nipt_t21 = r->nipt_t18 = r->nipt_t13 = MUYING_NIPT_CALL_LOW;
  r->ga_days = 13 * 7;
  g_date_set_dmy (&r->sample_date, 10, G_DATE_MARCH, 2026);
  cls = muying_rule_set_classify_prenatal (rules, r);
  g_assert_false (muying_store_save_prenatal (f->db.store, r, cls, "nurse", &outcome, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_IDENTITY_CONFLICT);
  g_assert_nonnull (strstr (error->message, "“李娜”"));
  name = query_text (f, "SELECT name FROM person WHERE id_number = ?", ID_LI);
  g_assert_cmpstr (name, ==, "李娜");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM record WHERE record_key = 'P9'", NULL), ==, 0);
}

/* ---- the command line ----------------------------------------------------------------------- */

static int
run_cli (const char * const *args,
         const char         *env,
         char              **out,
         char              **err)
{
  int status;

  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  status = muying_test_run_cli (args, env, out, err);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", status, *out, *err);
  return status;
}

static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *first = g_build_filename (f->db.dir, "first.csv", NULL);
  g_autofree char *second = g_build_filename (f->db.dir, "second.csv", NULL);
  g_autofree char *report = g_build_filename (f->db.dir, "rejected.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *rejected = NULL;
  g_autoptr(GString) csv = g_string_new (prenatal_header);
  g_autoptr(GString) csv2 = g_string_new (prenatal_header);
  g_autoptr(GError) error = NULL;
  const char *pw = "MUYING_PASSWORD=" PASSWORD;
  const char *db = f->db.uri != NULL ? f->db.uri : f->db.path;

  add_prenatal_row (csv, "P1", ID_WANG, "王芳", "13800138000", 5000);
  add_prenatal_row (csv2, "P2", ID_WANG, "李四", "13800138000", 5000);
  g_assert_true (g_file_set_contents (first, csv->str, -1, &error));
  g_assert_true (g_file_set_contents (second, csv2->str, -1, &error));
  g_clear_object (&f->db.store);   /* the command line opens the database itself */

  {
    const char *args[] = { "--db", db, "--user", "nurse", "import", "--program", "prenatal", first, NULL };
    g_assert_cmpint (run_cli (args, pw, &out, &err), ==, 0);
  }
  {
    const char *args[] = { "--db", db, "--user", "nurse", "import", "--program", "prenatal", second,
                           "--report", report, "--format", "json", NULL };
    g_assert_cmpint (run_cli (args, pw, &out, &err), ==, 1);
    g_assert_nonnull (strstr (out, "\"inserted\":0"));
    g_assert_nonnull (strstr (out, "\"updated\":0"));
    g_assert_nonnull (strstr (out, "\"rejected\":1"));
    /* the reason in Chinese, with line and column */
    g_assert_nonnull (strstr (err, "第 2 行"));
    g_assert_nonnull (strstr (err, "身份证号已登记为“王芳”，与所填姓名“李四”不符"));
    g_assert_true (g_file_get_contents (report, &rejected, NULL, &error));
    g_assert_nonnull (strstr (rejected, "2,name,身份证号已登记为“王芳”"));
  }
  {
    const char *args[] = { "--db", db, "--user", "nurse", "person", "correct", ID_WANG, "--name", "李四",
                           "--reason", "身份证核对后更正", NULL };
    g_assert_cmpint (run_cli (args, pw, &out, &err), ==, 1);   /* a nurse may not */
  }
  {
    const char *args[] = { "--db", db, "--user", "doc", "person", "correct", ID_WANG, "--name", "李四", NULL };
    g_assert_cmpint (run_cli (args, pw, &out, &err), ==, 2);   /* no reason */
  }
  {
    const char *args[] = { "--db", db, "--user", "doc", "person", "correct", ID_WANG, "--name", "李四",
                           "--reason", "身份证核对后更正", NULL };
    g_assert_cmpint (run_cli (args, pw, &out, &err), ==, 0);
  }
  {
    /* A name and a phone are personal data: no user, nothing shown. */
    const char *args[] = { "--db", db, "person", "show", ID_WANG, "--format", "json", NULL };
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_cli (args, NULL, &out, &err), !=, 0);
    g_assert_null (strstr (out ? out : "", "李四"));
  }
  {
    const char *args[] = { "--db", db, "--user", "doc", "person", "show", ID_WANG, "--format", "json", NULL };
    g_assert_cmpint (run_cli (args, pw, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "\"name\":\"李四\""));
    g_assert_nonnull (strstr (out, "\"records\":1"));
  }
  {
    const char *args[] = { "--db", db, "check", NULL };
    g_assert_cmpint (run_cli (args, NULL, &out, &err), ==, 0);
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

  /* on a file and, with a server, on the same records moved there */
#define ADD(name, func) muying_test_add_file_and_server ("identity", name, Fixture, fixture_setup, func, \
                                                         fixture_teardown)
  ADD ("import-rename-refused", test_import_rename_refused);
  ADD ("import-mother-rename-refused", test_import_mother_rename_refused);
  ADD ("same-file-conflict", test_same_file_conflict);
  ADD ("lookup-once-per-woman", test_lookup_once_per_woman);
  ADD ("new-phone", test_new_phone);
  ADD ("signed-baby-locked", test_signed_baby_locked);
  ADD ("correct-person", test_correct_person);
  ADD ("save-refuses-rename", test_save_refuses_rename);
  ADD ("cli", test_cli);
#undef ADD

  status = g_test_run ();
  g_clear_object (&rules);
  return status;
}
