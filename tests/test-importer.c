/* test-importer.c: CSV import of the three programmes (docs/import-formats.md) and the bad inputs of
 * tests/data/import-fixtures.md. Each fixture of tests/data has its documented outcome
 * (tests/data/import-fixtures.md) asserted exactly: counts, lines, columns.
 *
 * The cases that write to the store run on a new database file and, when there is a test server
 * (MUYING_TEST_PG), as "/importer/server/…" on a new server database; they read the database back
 * through the statement layer of both backends.
 *
 * The test binary does not select a language, so messages are the English msgids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-csv-reader-private.h"
#include "muying-importer-private.h"
#include "muying-store-sql.h"
#include "muying-csv-reader.h"
#include "muying-error.h"
#include "muying-importer.h"
#include "muying-rule-set.h"
#include "muying-store.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

static MuyingRuleSet *rules;

typedef struct
{
  char        *dir;
  MuyingStore *store;
  gboolean     on_server; /* "/importer/server/…" */
  GPtrArray   *uris;      /* the server databases made for the case, dropped at its end */
} Fixture;

/* A new empty database @name: a file in the case's directory or, on the server, that file moved
 * to a new server database. */
static MuyingStore *
new_store (Fixture    *f,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  MuyingStore *store = muying_store_create (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  if (f->on_server)
    g_ptr_array_add (f->uris, muying_test_pg_move_store (&store, "importer"));
  return store;
}

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  f->dir = muying_test_make_tmpdir ();
  f->on_server = GPOINTER_TO_INT (data);
  f->uris = g_ptr_array_new_with_free_func (g_free);
  f->store = new_store (f, "import.db");
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->store);
  for (guint i = 0; i < f->uris->len; i++)
    muying_test_pg_drop_database (g_ptr_array_index (f->uris, i));
  g_ptr_array_unref (f->uris);
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* Rows accepted by a pass, one line each: "line,key,level,reasons" as `classify` prints them. */
static void
collect_row (const MuyingImportRow *row,
             gpointer               user_data)
{
  GString *out = user_data;
  g_autofree char *codes = muying_classification_join_codes ((MuyingClassification *) row->classification, ";");

  g_string_append_printf (out, "%u,%s,%s,%s\n", row->line, row->key,
                          muying_level_to_string (row->classification->level), codes ? codes : "");
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
validate (MuyingProgram program,
          const char   *name,
          GString      *rows)
{
  g_autoptr(MuyingImporter) importer = new_importer (program);
  g_autofree char *path = muying_test_data_path (name);
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  if (rows != NULL)
    muying_importer_set_row_func (importer, collect_row, rows, NULL);
  report = muying_importer_validate (importer, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_false (report->written);
  g_assert_cmpuint (report->read, ==, report->valid + report->rejected);
  g_assert_cmpuint (report->inserted + report->updated + report->unchanged, ==, 0);
  return report;
}

static MuyingImportReport *
import (Fixture      *f,
        MuyingProgram program,
        const char   *name)
{
  g_autoptr(MuyingImporter) importer = new_importer (program);
  g_autofree char *path = muying_test_data_path (name);
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  report = muying_importer_import (importer, path, f->store, "nurse1", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (report->written);
  g_assert_cmpuint (report->read, ==, report->inserted + report->updated + report->unchanged + report->rejected);
  g_assert_cmpuint (report->valid, ==, report->inserted + report->updated + report->unchanged);
  return report;
}

static void
assert_counts (const MuyingImportReport *report,
               guint                     read,
               guint                     valid,
               guint                     rejected)
{
  g_assert_cmpuint (report->read, ==, read);
  g_assert_cmpuint (report->valid, ==, valid);
  g_assert_cmpuint (report->rejected, ==, rejected);
  g_assert_cmpuint (report->rejected_rows->len, ==, rejected);
}

/* The @index-th rejected row: its line, and its problems' columns ("-" for the whole row). */
static const MuyingImportRejectedRow *
assert_rejected (const MuyingImportReport *report,
                 guint                     index,
                 guint                     line,
                 const char               *columns)
{
  const MuyingImportRejectedRow *row;
  g_autoptr(GString) got = g_string_new (NULL);

  g_assert_cmpuint (index, <, report->rejected_rows->len);
  row = g_ptr_array_index (report->rejected_rows, index);
  g_assert_cmpuint (row->line, ==, line);
  g_assert_cmpuint (row->problems->len, >, 0);
  for (guint i = 0; i < row->problems->len; i++)
    {
      const MuyingImportProblem *p = g_ptr_array_index (row->problems, i);

      g_test_message ("line %u: %s: %s", p->line, p->column ? p->column : "-", p->message);
      g_assert_cmpuint (p->line, ==, line);
      g_string_append_printf (got, "%s%s", i ? "," : "", p->column ? p->column : "-");
    }
  g_assert_cmpstr (got->str, ==, columns);
  return row;
}

static const char *
problem_message (const MuyingImportRejectedRow *row,
                 guint                          index)
{
  return ((const MuyingImportProblem *) g_ptr_array_index (row->problems, index))->message;
}

/* The first column of @sql's first row (@arg bound to its parameter, when given), on a file or
 * a server; NULL for no row or NULL. */
static char *
query_text (Fixture    *f,
            const char *sql,
            const char *arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (f->store, sql, &error);
  int rc;

  g_assert_no_error (error);
  if (arg != NULL)
    muying_sql_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  rc = muying_sql_step (stmt);
  g_assert_true (rc == SQLITE_ROW || rc == SQLITE_DONE);
  return rc == SQLITE_ROW ? g_strdup ((const char *) muying_sql_column_text (stmt, 0)) : NULL;
}

/* The first column of all of @sql's rows, as above, joined by @separator ("" for none). */
static char *
query_rows (Fixture    *f,
            const char *sql,
            const char *arg,
            const char *separator)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (f->store, sql, &error);
  g_autoptr(GString) result = g_string_new (NULL);
  guint n = 0;
  int rc;

  g_assert_no_error (error);
  if (arg != NULL)
    muying_sql_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (result, "%s%s", n++ ? separator : "", muying_sql_column_text (stmt, 0));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  return g_strdup (result->str);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autofree char *text = query_text (f, sql, NULL);

  return text ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* ---- good files ---------------------------------------------------------------------------- */

static const char prenatal_en_rows[] =
  "2,P2026-0001,low,\n"
  "3,P2026-0002,high,T21_HIGH\n"
  "4,P2026-0003,high,AMA;ONTD_HIGH;T21_BORDERLINE\n"
  "5,P2026-0004,high,NIPT_HIGH_T21;NTD_ASSESS\n"
  "6,P2026-0005,intermediate,NIPT_REDRAW;NTD_ASSESS\n"
  "7,P2026-0006,intermediate,AMA;GA_OUT_OF_WINDOW\n";

/* A workbook opened by its path is read whole, not streamed: its report still carries the
 * SHA-256 of its bytes (the import log and the dialog's changed-file check need it). */
static void
test_workbook_sha256 (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-good-en.xlsx", NULL);
  g_autofree char *path = muying_test_data_path ("prenatal-good-en.xlsx");
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  g_assert_cmpstr (report->sha256, ==, sha);
}

static void
test_good_prenatal (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-good-en.csv", rows);
  g_autoptr(MuyingImportReport) zh = NULL;
  g_autoptr(MuyingImportReport) reordered = NULL;
  g_autoptr(MuyingImportReport) imported = NULL;

  assert_counts (report, 6, 6, 0);
  g_assert_cmpuint (report->warnings->len, ==, 0);
  g_assert_cmpint (report->encoding, ==, MUYING_CSV_ENCODING_UTF8);
  g_assert_cmpuint (report->levels[MUYING_LEVEL_LOW], ==, 1);
  g_assert_cmpuint (report->levels[MUYING_LEVEL_INTERMEDIATE], ==, 2);
  g_assert_cmpuint (report->levels[MUYING_LEVEL_HIGH], ==, 3);
  g_assert_cmpstr (rows->str, ==, prenatal_en_rows);

  /* Chinese headers and values, dates as 2026/3/10 and 20260402, "12+3", a plain N risk */
  g_string_truncate (rows, 0);
  zh = validate (MUYING_PROGRAM_PRENATAL, "prenatal-good-zh.csv", rows);
  assert_counts (zh, 4, 4, 0);
  g_assert_cmpuint (zh->warnings->len, ==, 0);
  g_assert_cmpstr (rows->str, ==,
                   "2,P2026-1001,low,\n"
                   "3,P2026-1002,high,T21_HIGH\n"
                   "4,P2026-1003,intermediate,NTD_ASSESS\n"
                   "5,P2026-1004,high,NIPT_HIGH_T18;NTD_ASSESS\n");

  /* columns in another order, keys in any case, one unknown column */
  g_string_truncate (rows, 0);
  reordered = validate (MUYING_PROGRAM_PRENATAL, "prenatal-reordered.csv", rows);
  assert_counts (reordered, 2, 2, 0);
  g_assert_cmpuint (reordered->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (reordered->warnings, 0), "备注"));
  g_assert_cmpstr (rows->str, ==, "2,P2026-2001,low,\n3,P2026-2002,low,\n");

  imported = import (f, MUYING_PROGRAM_PRENATAL, "prenatal-good-en.csv");
  g_assert_cmpuint (imported->inserted, ==, 6);
  g_assert_cmpint (muying_store_count_records (f->store, MUYING_PROGRAM_PRENATAL), ==, 6);
}

static void
test_good_newborn (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) en = validate (MUYING_PROGRAM_NEWBORN, "newborn-good-en.csv", rows);
  g_autoptr(MuyingImportReport) zh = NULL;
  g_autoptr(MuyingImportReport) imported = NULL;
  g_autofree char *variants = NULL;

  assert_counts (en, 7, 7, 0);
  g_assert_cmpstr (rows->str, ==,
                   "2,N2026-0001,low,\n"
                   "3,N2026-0002,intermediate,CARRIER\n"
                   "4,N2026-0003,high,GJB2_BIALLELIC;RESCREEN_DUE\n"
                   "5,N2026-0004,intermediate,DOUBLE_HET\n"
                   "6,N2026-0005,high,MT_AMINOGLYCOSIDE\n"
                   "7,N2026-0006,high,HEARING_REFER\n"
                   "8,N2026-0007,intermediate,HEARING_NOT_SCREENED\n");

  /* 男/女, 9位点, 未检出, 杂合 with a full-width ；, the gene alias 12S rRNA and legacy C1494T */
  g_string_truncate (rows, 0);
  zh = validate (MUYING_PROGRAM_NEWBORN, "newborn-good-zh.csv", rows);
  assert_counts (zh, 3, 3, 0);
  g_assert_cmpstr (rows->str, ==,
                   "2,N2026-1001,low,\n"
                   "3,N2026-1002,high,SLC26A4_BIALLELIC\n"
                   "4,N2026-1003,high,MT_AMINOGLYCOSIDE\n");

  imported = import (f, MUYING_PROGRAM_NEWBORN, "newborn-good-en.csv");
  g_assert_cmpuint (imported->inserted, ==, 7);
  g_clear_pointer (&imported, muying_import_report_free);
  imported = import (f, MUYING_PROGRAM_NEWBORN, "newborn-good-zh.csv");
  g_assert_cmpuint (imported->inserted, ==, 3);

  /* variants are stored with the panel's canonical names */
  variants = query_text (f, "SELECT n.variants FROM newborn n JOIN record r ON r.id = n.record_id "
                            "WHERE r.record_key = ?", "N2026-0003");
  g_assert_cmpstr (variants, ==, "GJB2:c.235delC:hom");
  g_clear_pointer (&variants, g_free);
  variants = query_text (f, "SELECT n.variants FROM newborn n JOIN record r ON r.id = n.record_id "
                            "WHERE r.record_key = ?", "N2026-1003");
  g_assert_cmpstr (variants, ==, "MT-RNR1:m.1494C>T:heteroplasmic");
}

static void
test_good_two_cancer (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) en = validate (MUYING_PROGRAM_TWO_CANCER, "two-cancer-good-en.csv", rows);
  g_autoptr(MuyingImportReport) zh = NULL;
  g_autoptr(MuyingImportReport) imported = NULL;
  g_autofree char *birads = NULL;

  assert_counts (en, 7, 7, 0);
  g_assert_cmpstr (rows->str, ==,
                   "2,T2026-0001,low,\n"
                   "3,T2026-0002,high,HPV16_18\n"
                   "4,T2026-0003,intermediate,HPV_OTHER_REPEAT\n"
                   "5,T2026-0004,intermediate,CYTO_ASCUS_HPV_NEG;US_RECALL\n"
                   "6,T2026-0005,high,BREAST_SUSPICIOUS\n"
                   "7,T2026-0006,high,CERVICAL_PRECANCER;COLPOSCOPY_ABNORMAL;CYTO_ABNORMAL;HPV16_18\n"
                   "8,T2026-0007,high,BREAST_CANCER;BREAST_SUSPICIOUS\n");

  g_string_truncate (rows, 0);
  zh = validate (MUYING_PROGRAM_TWO_CANCER, "two-cancer-good-zh.csv", rows);
  assert_counts (zh, 4, 4, 0);
  g_assert_cmpstr (rows->str, ==,
                   "2,T2026-1001,low,\n"
                   "3,T2026-1002,high,CIN1;COLPOSCOPY_ABNORMAL;CYTO_ABNORMAL;HPV16_18\n"
                   "4,T2026-1003,intermediate,CBE_ABNORMAL_NO_IMAGING\n"
                   "5,T2026-1004,high,BREAST_CANCER;BREAST_SUSPICIOUS;MAMMO_INCOMPLETE\n");

  imported = import (f, MUYING_PROGRAM_TWO_CANCER, "two-cancer-good-en.csv");
  g_assert_cmpuint (imported->inserted, ==, 7);
  /* BI-RADS "4" is stored as 4A */
  birads = query_text (f, "SELECT t.us_birads FROM two_cancer t JOIN record r ON r.id = t.record_id "
                          "WHERE r.record_key = ?", "T2026-0005");
  g_assert_cmpstr (birads, ==, "4A");
}

/* ---- spellings of enumerated values ---------------------------------------------------------- */

static MuyingImportReport *
validate_text (MuyingProgram program,
               const char   *csv,
               GString      *rows)
{
  g_autoptr(MuyingImporter) importer = new_importer (program);
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  if (rows != NULL)
    muying_importer_set_row_func (importer, collect_row, rows, NULL);
  report = muying_importer_validate_bytes (importer, bytes, "spellings.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
collect_two_cancer (const MuyingImportRow *row,
                    gpointer               user_data)
{
  const MuyingTwoCancerRecord *r = row->record;

  g_string_append_printf (user_data, "%s,%s,%s,%s\n", row->key, muying_birads_to_string (r->us_birads),
                          muying_birads_to_string (r->mammo_birads), muying_cancer_stage_to_string (r->cancer_stage));
}

static void
collect_edd (const MuyingImportRow *row,
             gpointer               user_data)
{
  const MuyingPrenatalRecord *r = row->record;
  char edd[16] = "";

  if (g_date_valid (&r->edd))
    g_date_strftime (edd, sizeof edd, "%Y-%m-%d", &r->edd);
  g_string_append_printf (user_data, "%s,%d,%s\n", row->key, r->ga_days, edd);
}

/* The one problem of the @index-th rejected row: "column: message". */
static char *
only_problem (const MuyingImportReport *report,
              guint                     index)
{
  const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, index);
  const MuyingImportProblem *problem;

  g_assert_cmpuint (row->problems->len, ==, 1);
  problem = g_ptr_array_index (row->problems, 0);
  return g_strdup_printf ("%s: %s", problem->column, problem->message);
}

/* BI-RADS and stages as reports write them (prefix, 类/期, full-width, spaces, sub-stages); values
 * outside a column's list are named with the list. */
static void
test_spellings (Fixture      *f,
                gconstpointer data)
{
  static const char two_cancer[] =
    "exam_no,id_number,name,exam_date,cytology,cbe,us_birads,mammo_birads,breast_pathology,cancer_stage\n"
    "T1,110105198001155020,王芳,2026-03-02,NILM,normal,BI-RADS 4a类,４Ｂ,invasive,Ⅱ 期\n"
    "T2,110105198001155020,王芳,2026-03-02,NILM,normal,bi-rads 5,4 类,浸润癌,IIIB\n"
    "T3,110105198001155020,王芳,2026-03-02,NILM,normal,4,ＢＩ－ＲＡＤＳ ３,invasive,ＩＶ期\n"
    "T4,110105198001155020,王芳,2026-03-02,NILM,normal,2,,invasive,V\n"
    "T5,110105198001155020,王芳,2026-03-02,NILM,normal,7,,,\n"
    "T6,110105198001155020,王芳,2026-03-02,NILM,not_done,,,,\n";
  static const char newborn[] =
    "sample_no,mother_id_number,mother_name,sex,birth_date,panel,hearing_left,hearing_right,rescreen_left,"
    "rescreen_right,rescreen_date\n"
    "N1,110105199303032426,王芳,男,2026-08-01,9位点,通过,未通过,not_done,,\n"
    "N2,110105199303032426,王芳,2,2026-08-01,9,pass,refer,,未筛,\n"
    "N3,110105199303032426,王芳,2,2026-08-01,9,PASS,fail,pass,refer,2026-08-20\n";
  static const char prenatal[] =
    "sample_no,id_number,name,sample_date,test_type,ga_weeks,ga_days,t21_risk,t18_risk\n"
    "P1,110105199503120025,王芳,2026-03-10,早唐,12+3,,1/5000,1/20000\n";
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) tc = NULL;
  g_autoptr(MuyingImportReport) nb = NULL;
  g_autoptr(MuyingImportReport) pn = NULL;
  g_autoptr(MuyingImporter) importer = NULL;
  char *problem;

  importer = new_importer (MUYING_PROGRAM_TWO_CANCER);
  muying_importer_set_row_func (importer, collect_two_cancer, rows, NULL);
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (two_cancer, strlen (two_cancer));
    g_autoptr(GError) error = NULL;

    tc = muying_importer_validate_bytes (importer, bytes, "spellings.csv", NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (rows->str, ==,
                   "T1,4A,4B,II\n"
                   "T2,5,4A,III\n"
                   "T3,4A,3,IV\n");
  g_assert_cmpuint (tc->rejected, ==, 3);
  problem = only_problem (tc, 0);
  g_assert_cmpstr (problem, ==, "cancer_stage: “V” is not a valid value; use one of: 0, I, II, III, IV");
  g_free (problem);
  problem = only_problem (tc, 1);
  g_assert_cmpstr (problem, ==, "us_birads: “7” is not a valid value; use one of: 0, 1, 2, 3, 4A, 4B, 4C, 5, 6");
  g_free (problem);
  problem = only_problem (tc, 2);
  g_assert_cmpstr (problem, ==, "cbe: “not_done” is not a valid value; use one of: normal, abnormal");
  g_free (problem);

  /* a rescreen is done or not: "not screened" is no rescreen result, in either language */
  g_string_truncate (rows, 0);
  nb = validate_text (MUYING_PROGRAM_NEWBORN, newborn, rows);
  g_assert_cmpuint (nb->valid, ==, 1);
  g_assert_cmpuint (nb->rejected, ==, 2);
  problem = only_problem (nb, 0);
  g_assert_cmpstr (problem, ==, "rescreen_left: “not_done” is not a valid value; use one of: pass (通过), refer (未通过)");
  g_free (problem);
  problem = only_problem (nb, 1);
  g_assert_cmpstr (problem, ==, "rescreen_right: “未筛” is not a valid value; use one of: pass (通过), refer (未通过)");
  g_free (problem);

  /* "12+3" in the weeks column, the days column empty: the gestation is complete */
  g_string_truncate (rows, 0);
  g_clear_object (&importer);
  importer = new_importer (MUYING_PROGRAM_PRENATAL);
  muying_importer_set_row_func (importer, collect_edd, rows, NULL);
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (prenatal, strlen (prenatal));
    g_autoptr(GError) error = NULL;

    pn = muying_importer_validate_bytes (importer, bytes, "spellings.csv", NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (pn->valid, ==, 1);
  /* 87 days on 2026-03-10: 280 - 87 = 193 days later */
  g_assert_cmpstr (rows->str, ==, "P1,87,2026-09-19\n");
}

/* ---- re-import, update, audit ----------------------------------------------------------------- */

static void
test_reimport (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(MuyingImportReport) first = import (f, MUYING_PROGRAM_PRENATAL, "prenatal-good-en.csv");
  g_autoptr(MuyingImportReport) again = import (f, MUYING_PROGRAM_PRENATAL, "prenatal-good-en.csv");
  g_autoptr(MuyingImportReport) changed = import (f, MUYING_PROGRAM_PRENATAL, "prenatal-good-en-updated.csv");
  g_autofree char *path = muying_test_data_path ("prenatal-good-en.csv");
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *level = NULL;
  gsize len = 0;

  g_assert_cmpuint (first->inserted, ==, 6);
  g_assert_cmpuint (first->updated + first->unchanged + first->rejected, ==, 0);

  /* the same file again: nothing changes */
  g_assert_cmpuint (again->read, ==, 6);
  g_assert_cmpuint (again->inserted, ==, 0);
  g_assert_cmpuint (again->updated, ==, 0);
  g_assert_cmpuint (again->unchanged, ==, 6);
  g_assert_cmpint (muying_store_count_records (f->store, MUYING_PROGRAM_PRENATAL), ==, 6);

  /* one risk changed (1/150 → 1/1500): one update, and the record is no longer high-risk */
  g_assert_cmpuint (changed->updated, ==, 1);
  g_assert_cmpuint (changed->unchanged, ==, 5);
  g_assert_cmpuint (changed->inserted, ==, 0);
  level = query_text (f, "SELECT level FROM record WHERE record_key = ?", "P2026-0002");
  g_assert_cmpstr (level, ==, "0");

  /* one audit row per import, with the file's SHA-256 and the summary */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'import'"), ==, 3);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  g_assert_cmpstr (first->sha256, ==, sha);
  detail = query_text (f, "SELECT detail FROM audit WHERE action = 'import' ORDER BY id LIMIT 1", NULL);
  g_assert_nonnull (strstr (detail, sha));
  g_assert_nonnull (strstr (detail, "\"inserted\":6"));
  g_assert_nonnull (strstr (detail, "\"program\":\"prenatal\""));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'import' AND user_name = 'nurse1'"),
                   ==, 3);

  summary = muying_import_report_format_summary (again);
  g_assert_cmpstr (summary, ==, "Read 6 rows: 0 inserted, 0 updated, 6 unchanged, 0 rejected");
}

/* A signed record cannot be changed by an import: that row is rejected, the others are saved. */
static void
test_signed_record (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr(MuyingImportReport) first = import (f, MUYING_PROGRAM_PRENATAL, "prenatal-good-en.csv");
  g_autoptr(MuyingImportReport) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *risk = NULL;

  g_assert_true (muying_store_exec (f->store, "UPDATE record SET review_state = 'signed' "
                                              "WHERE record_key = 'P2026-0002'", &error));
  g_assert_no_error (error);
  changed = import (f, MUYING_PROGRAM_PRENATAL, "prenatal-good-en-updated.csv");
  g_assert_cmpuint (changed->read, ==, 6);
  g_assert_cmpuint (changed->unchanged, ==, 5);
  g_assert_cmpuint (changed->updated, ==, 0);
  g_assert_cmpuint (changed->rejected, ==, 1);
  assert_rejected (changed, 0, 3, "-");
  risk = query_text (f, "SELECT p.t21_risk FROM prenatal p JOIN record r ON r.id = p.record_id "
                        "WHERE r.record_key = ?", "P2026-0002");
  g_assert_cmpstr (risk, ==, "150");
}

/* ---- bad inputs --------------------------------------------------------- */

static void
test_gb18030 (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-gb18030.csv", rows);
  g_autoptr(MuyingImportReport) imported = NULL;
  g_autofree char *name = NULL;

  g_assert_cmpint (report->encoding, ==, MUYING_CSV_ENCODING_GB18030);
  assert_counts (report, 3, 3, 0);
  /* never guessed silently: the reader says which encoding it used */
  g_assert_cmpuint (report->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (report->warnings, 0), "GB18030"));
  g_assert_cmpstr (rows->str, ==,
                   "2,P2026-3001,low,\n"
                   "3,P2026-3002,high,T21_HIGH\n"
                   "4,P2026-3003,intermediate,NTD_ASSESS\n");

  imported = import (f, MUYING_PROGRAM_PRENATAL, "prenatal-gb18030.csv");
  g_assert_cmpuint (imported->inserted, ==, 3);
  name = query_text (f, "SELECT p.name FROM person p JOIN record r ON r.person_id = p.id WHERE r.record_key = ?",
                     "P2026-3001");
  g_assert_cmpstr (name, ==, "𠮷娜");
}

static void
test_excel_id (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-excel-id.csv", NULL);
  const MuyingImportRejectedRow *row;

  assert_counts (report, 4, 1, 3);
  row = assert_rejected (report, 0, 3, "id_number");
  g_assert_nonnull (strstr (problem_message (row, 0), "1.10105E+17"));
  g_assert_nonnull (strstr (problem_message (row, 0), "spreadsheet"));
  row = assert_rejected (report, 1, 4, "id_number");
  g_assert_nonnull (strstr (problem_message (row, 0), "check digit"));
  g_assert_nonnull (strstr (problem_message (row, 0), "15 digits"));
  row = assert_rejected (report, 2, 5, "sample_no");
  g_assert_nonnull (strstr (problem_message (row, 0), "2.02604E+11"));
  g_assert_nonnull (strstr (problem_message (row, 0), "spreadsheet"));
}

static void
check_digit_row (const MuyingImportRow *row,
                 gpointer               user_data)
{
  GString *ids = user_data;
  const MuyingPrenatalRecord *r = row->record;

  g_string_append_printf (ids, "%u:%s;", row->line, r->id_number);
}

static void
test_check_digit (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_PRENATAL);
  g_autofree char *path = muying_test_data_path ("prenatal-check-digit.csv");
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const MuyingImportRejectedRow *row;

  muying_importer_set_row_func (importer, check_digit_row, ids, NULL);
  report = muying_importer_validate (importer, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 5, 2, 3);
  /* a lower-case x and full-width digits are normalized */
  g_assert_cmpstr (ids->str, ==, "2:11010519900518048X;4:310104199202028488;");
  row = assert_rejected (report, 0, 3, "id_number");
  g_assert_nonnull (strstr (problem_message (row, 0), "check digit"));
  g_assert_null (strstr (problem_message (row, 0), "15 digits"));
  row = assert_rejected (report, 1, 5, "id_number");
  g_assert_nonnull (strstr (problem_message (row, 0), "man"));
  row = assert_rejected (report, 2, 6, "id_number");
  g_assert_nonnull (strstr (problem_message (row, 0), "birth date"));
}

static void
test_ragged (Fixture      *f,
             gconstpointer data)
{
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-ragged.csv", NULL);
  const MuyingImportRejectedRow *row;

  /* line 5 has three empty trailing cells: harmless, accepted */
  assert_counts (report, 5, 3, 2);
  row = assert_rejected (report, 0, 3, "-");
  g_assert_nonnull (strstr (problem_message (row, 0), "9 fields"));
  g_assert_cmpuint (g_strv_length (row->fields), ==, 9);
  row = assert_rejected (report, 1, 4, "-");
  g_assert_nonnull (strstr (problem_message (row, 0), "21 fields"));
}

static void
multiline_row (const MuyingImportRow *row,
               gpointer               user_data)
{
  GString *out = user_data;
  const MuyingTwoCancerRecord *r = row->record;

  g_string_append_printf (out, "%u|%s|%s\n", row->line, r->name, r->institution ? r->institution : "");
}

static void
test_multiline (Fixture      *f,
                gconstpointer data)
{
  g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_TWO_CANCER);
  g_autofree char *path = muying_test_data_path ("two-cancer-multiline.csv");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  muying_importer_set_row_func (importer, multiline_row, out, NULL);
  report = muying_importer_validate (importer, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 4, 3, 1);
  g_assert_cmpstr (out->str, ==,
                   "2|朱红|市妇幼保健院\n宫颈科\n"
                   "4|Anna \"Li\"|第一, 第二门诊\n"
                   "5|秦红|区医院\n妇科\n二楼\n");
  /* the bad row after the multi-line ones is reported on its physical line */
  assert_rejected (report, 0, 8, "exam_date");
}

static void
formula_row (const MuyingImportRow *row,
             gpointer               user_data)
{
  GString *out = user_data;
  const MuyingPrenatalRecord *r = row->record;

  g_string_append_printf (out, "%s|%s|%s\n", r->name, r->phone ? r->phone : "", r->institution ? r->institution : "");
}

static void
test_formula (Fixture      *f,
              gconstpointer data)
{
  g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_PRENATAL);
  g_autofree char *path = muying_test_data_path ("prenatal-formula.csv");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(MuyingImportReport) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *institution = NULL;

  muying_importer_set_row_func (importer, formula_row, out, NULL);
  report = muying_importer_validate (importer, path, NULL, &error);
  g_assert_no_error (error);
  assert_counts (report, 3, 2, 1);
  /* kept as plain text, exactly as written, never interpreted */
  g_assert_cmpstr (out->str, ==,
                   "=HYPERLINK(\"http://evil.example\",\"点我\")|+8613800138000|@SUM(A1:A9)\n"
                   "-王芳||=1+2\n");
  /* a formula where a number is expected is not evaluated: the row is rejected */
  assert_rejected (report, 0, 4, "t21_risk");

  imported = import (f, MUYING_PROGRAM_PRENATAL, "prenatal-formula.csv");
  g_assert_cmpuint (imported->inserted, ==, 2);
  name = query_text (f, "SELECT p.name FROM person p JOIN record r ON r.person_id = p.id WHERE r.record_key = ?",
                     "P2026-7001");
  g_assert_cmpstr (name, ==, "=HYPERLINK(\"http://evil.example\",\"点我\")");
  institution = query_text (f, "SELECT institution FROM record WHERE record_key = ?", "P2026-7002");
  g_assert_cmpstr (institution, ==, "=1+2");
}

static void
test_unknown_variant (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_NEWBORN, "newborn-unknown-variant.csv", rows);
  const MuyingImportRejectedRow *row;

  assert_counts (report, 6, 1, 5);
  /* the same variant is fine on the 15-locus panel */
  g_assert_cmpstr (rows->str, ==, "3,N2026-7002,intermediate,CARRIER\n");
  row = assert_rejected (report, 0, 2, "variants");
  g_assert_nonnull (strstr (problem_message (row, 0), "c.1229C>T"));
  row = assert_rejected (report, 1, 4, "variants");
  g_assert_nonnull (strstr (problem_message (row, 0), "OTOF"));
  assert_rejected (report, 2, 5, "variants");
  row = assert_rejected (report, 3, 6, "panel");
  g_assert_nonnull (strstr (problem_message (row, 0), "99"));
  row = assert_rejected (report, 4, 7, "variants");
  g_assert_nonnull (strstr (problem_message (row, 0), "GJB2-c.235delC-het"));
}

/* Lab reports' spellings (current HGVS, IVS, protein names) import as the panel's HGVS names. */
static void
test_variant_spellings (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_NEWBORN, "newborn-variant-spellings.csv", NULL);
  g_autoptr(MuyingImportReport) imported = NULL;
  const MuyingImportRejectedRow *row;
  const struct { const char *key, *variants; } stored[] = {
    { "N2026-7101", "GJB2:c.235delC:het;SLC26A4:c.1707+5G>A:het" },
    { "N2026-7102", "GJB2:c.235delC:het;GJB2:c.299_300delAT:het" },
    { "N2026-7103", "GJB3:c.538C>T:het" },
    { "N2026-7104", "SLC26A4:c.1174A>T:het;SLC26A4:c.2168A>G:het" },
    { "N2026-7105", "GJB2:c.176_191del16:het;GJB2:c.35delG:het" },
    { "N2026-7106", "GJB2:c.235delC:hom;MT-RNR1:m.1555A>G:homoplasmic" },
  };

  assert_counts (report, 8, 6, 2);
  /* not on the 4-locus panel: the message lists the spellings of SLC26A4 that panel accepts */
  row = assert_rejected (report, 0, 8, "variants");
  g_assert_nonnull (strstr (problem_message (row, 0), "p.His723Arg"));
  g_assert_nonnull (strstr (problem_message (row, 0), "IVS7-2A>G"));
  /* two spellings of one locus are the same variant listed twice */
  row = assert_rejected (report, 1, 9, "variants");
  g_assert_nonnull (strstr (problem_message (row, 0), "c.235delC"));

  imported = import (f, MUYING_PROGRAM_NEWBORN, "newborn-variant-spellings.csv");
  g_assert_cmpuint (imported->inserted, ==, 6);
  for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
    {
      g_autofree char *variants =
        query_rows (f, "SELECT v.gene || ':' || v.variant || ':' || v.zygosity FROM newborn_variant v "
                       "JOIN record r ON r.id = v.record_id WHERE r.record_key = ? ORDER BY v.gene, v.variant",
                    stored[i].key, ";");

      g_assert_cmpstr (variants, ==, stored[i].variants);
    }
}

/* An ID number names a county of a GB/T 2260 province: 00, 99 and a whole province are refused. */
static void
test_region_code (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-region-code.csv", rows);
  const MuyingImportRejectedRow *row;

  assert_counts (report, 4, 1, 3);
  g_assert_true (g_str_has_prefix (rows->str, "5,P2026-5104,"));
  row = assert_rejected (report, 0, 2, "id_number");
  g_assert_nonnull (strstr (problem_message (row, 0), "“00”"));
  row = assert_rejected (report, 1, 3, "id_number");
  g_assert_nonnull (strstr (problem_message (row, 0), "“99”"));
  row = assert_rejected (report, 2, 4, "id_number");
  g_assert_nonnull (strstr (problem_message (row, 0), "440000"));
}

static void
test_duplicate_keys (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-duplicate-keys.csv", NULL);
  g_autoptr(MuyingImportReport) imported = NULL;
  const MuyingImportRejectedRow *row;

  assert_counts (report, 3, 2, 1);
  row = assert_rejected (report, 0, 4, "sample_no");
  g_assert_nonnull (strstr (problem_message (row, 0), "line 2"));

  imported = import (f, MUYING_PROGRAM_PRENATAL, "prenatal-duplicate-keys.csv");
  g_assert_cmpuint (imported->inserted, ==, 2);
  g_assert_cmpuint (imported->rejected, ==, 1);
  g_assert_cmpint (muying_store_count_records (f->store, MUYING_PROGRAM_PRENATAL), ==, 2);
}

static void
test_bom (Fixture      *f,
          gconstpointer data)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_TWO_CANCER, "two-cancer-bom.csv", rows);

  g_assert_cmpint (report->encoding, ==, MUYING_CSV_ENCODING_UTF8_BOM);
  assert_counts (report, 2, 2, 0);
  g_assert_cmpuint (report->warnings->len, ==, 0);
  g_assert_cmpstr (rows->str, ==,
                   "2,T2026-6001,low,\n"
                   "3,T2026-6002,high,CYTO_ABNORMAL;HPV_OTHER_CYTO_ABNORMAL\n");
}

static void
test_crlf (Fixture      *f,
           gconstpointer data)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_NEWBORN, "newborn-crlf.csv", rows);

  assert_counts (report, 3, 2, 1);
  g_assert_cmpstr (rows->str, ==, "2,N2026-8001,low,\n3,N2026-8002,low,\n");
  assert_rejected (report, 0, 5, "sex");
}

static void
test_invalid_values (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-invalid-values.csv", NULL);
  const MuyingImportRejectedRow *row;

  assert_counts (report, 5, 0, 5);
  assert_rejected (report, 0, 2, "t21_risk");            /* a serum test without its T21 risk */
  assert_rejected (report, 1, 3, "t21_risk");            /* a serum risk on an NIPT row */
  row = assert_rejected (report, 2, 4, "sample_date");   /* 2099 */
  g_assert_nonnull (strstr (problem_message (row, 0), "future"));
  row = assert_rejected (report, 3, 5, "test_type");
  g_assert_nonnull (strstr (problem_message (row, 0), "foo"));
  /* the whole row is validated: every problem is reported */
  row = assert_rejected (report, 4, 6, "name,ga_weeks,weight_kg");
  g_assert_nonnull (strstr (problem_message (row, 2), "decimal point"));
}

static void
test_blank_lines (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-blank-lines.csv", rows);

  /* a blank line and a row of empty cells are not rows */
  assert_counts (report, 2, 2, 0);
  g_assert_cmpstr (rows->str, ==, "2,P2026-9101,low,\n5,P2026-9102,low,\n");
}

static void
test_unterminated (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-unterminated.csv", NULL);
  const MuyingImportRejectedRow *row;

  /* the open quote on line 3 swallows line 4: two rows */
  assert_counts (report, 2, 1, 1);
  row = assert_rejected (report, 0, 3, "-");
  g_assert_nonnull (strstr (problem_message (row, 0), "never closed"));
}

static void
test_file_errors (Fixture      *f,
                  gconstpointer data)
{
  struct { const char *name; int code; const char *needle; } cases[] = {
    { "bad-utf16.csv", MUYING_IMPORT_ERROR_ENCODING, "UTF-16" },
    { "prenatal-semicolon.csv", MUYING_IMPORT_ERROR_HEADER, "commas" },
    { "prenatal-missing-column.csv", MUYING_IMPORT_ERROR_HEADER, "身份证号 (id_number)" },
    { "newborn-good-en.csv", MUYING_IMPORT_ERROR_HEADER, "筛查方式 (test_type)" },   /* wrong programme */
    { "empty.csv", MUYING_IMPORT_ERROR_HEADER, "empty" },
    { "no-such-file.csv", MUYING_IMPORT_ERROR_FAILED, "no-such-file.csv" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_PRENATAL);
      g_autofree char *path = muying_test_data_path (cases[i].name);
      g_autoptr(GError) error = NULL;
      MuyingImportReport *report;

      g_test_message ("%s", cases[i].name);
      report = muying_importer_import (importer, path, f->store, "nurse1", NULL, &error);
      g_assert_null (report);
      g_assert_error (error, MUYING_IMPORT_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
  /* nothing was written, not even an audit row */
  g_assert_cmpint (muying_store_count_records (f->store, MUYING_PROGRAM_PRENATAL), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'import'"), ==, 0);

  {
    g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-header-only.csv", NULL);
    assert_counts (report, 0, 0, 0);
  }
}

static void
test_rejected_report (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-excel-id.csv", NULL);
  g_autofree char *out = g_build_filename (f->dir, "rejected.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCsvReader) reader = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (muying_import_report_write_rejected (report, NULL, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "line,column,reason,sample_no,id_number,"));

  reader = muying_csv_reader_new_for_path (out, &error);
  g_assert_no_error (error);
  g_assert_cmpint (muying_csv_reader_get_encoding (reader), ==, MUYING_CSV_ENCODING_UTF8_BOM);
  g_assert_true (muying_csv_reader_next (reader));
  g_assert_cmpuint (muying_csv_reader_get_n_fields (reader), ==, 23);
  g_assert_true (muying_csv_reader_next (reader));
  g_assert_cmpstr (muying_csv_reader_get_field (reader, 0), ==, "3");
  g_assert_cmpstr (muying_csv_reader_get_field (reader, 1), ==, "id_number");
  g_assert_cmpstr (muying_csv_reader_get_field (reader, 3), ==, "P2026-4002");
  g_assert_cmpstr (muying_csv_reader_get_field (reader, 4), ==, "1.10105E+17");
  g_assert_true (muying_csv_reader_next (reader));
  g_assert_cmpstr (muying_csv_reader_get_field (reader, 0), ==, "4");
  /* an 18-digit number gets a leading TAB so a spreadsheet keeps it as text */
  g_assert_cmpstr (muying_csv_reader_get_field (reader, 4), ==, "\t110105199304088000");
  g_assert_true (muying_csv_reader_next (reader));
  g_assert_cmpstr (muying_csv_reader_get_field (reader, 0), ==, "5");
  g_assert_cmpstr (muying_csv_reader_get_field (reader, 1), ==, "sample_no");
  g_assert_false (muying_csv_reader_next (reader));
}

static void
test_formula_report (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(MuyingImportReport) report = validate (MUYING_PROGRAM_PRENATAL, "prenatal-formula.csv", NULL);
  g_autofree char *out = g_build_filename (f->dir, "rejected.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCsvReader) reader = NULL;

  g_assert_true (muying_import_report_write_rejected (report, NULL, out, &error));
  reader = muying_csv_reader_new_for_path (out, &error);
  g_assert_no_error (error);
  g_assert_true (muying_csv_reader_next (reader));
  g_assert_true (muying_csv_reader_next (reader));
  /* a formula-looking cell is written so that a spreadsheet shows it as text */
  g_assert_cmpstr (muying_csv_reader_get_field (reader, 3 + 11), ==, "'=1/100");
}

/* A COMMIT that fails is a failure, never a success, and leaves nothing behind. */
static void
test_commit_failure (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_PRENATAL);
  g_autofree char *path = muying_test_data_path ("prenatal-good-en.csv");
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* a deferred check broken by the import's audit row makes COMMIT itself fail: on a file a
   * deferred foreign key, on a server a deferred constraint trigger (the server's own way) */
  if (f->on_server)
    muying_test_pg_exec (g_ptr_array_index (f->uris, 0),
                         "CREATE FUNCTION break_commit () RETURNS trigger LANGUAGE plpgsql AS "
                         "  $$ BEGIN RAISE EXCEPTION 'deferred check failed'; END $$;"
                         "CREATE CONSTRAINT TRIGGER break_commit AFTER INSERT ON audit "
                         "  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.action = 'import') "
                         "  EXECUTE FUNCTION break_commit ();");
  else
    g_assert_true (muying_store_exec (f->store,
                                      "CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY);"
                                      "CREATE TEMP TABLE child (pid INTEGER REFERENCES parent (id) "
                                      "  DEFERRABLE INITIALLY DEFERRED);"
                                      "CREATE TEMP TRIGGER break_commit AFTER INSERT ON main.audit "
                                      "  WHEN NEW.action = 'import' BEGIN INSERT INTO child VALUES (42); END;",
                                      &error));
  g_assert_no_error (error);

  report = muying_importer_import (importer, path, f->store, "nurse1", NULL, &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Nothing was imported: "));
  g_assert_cmpint (muying_store_count_records (f->store, MUYING_PROGRAM_PRENATAL), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM person"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'import'"), ==, 0);
}

static void
on_progress (guint    rows_read,
             double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_progress_and_cancel (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_PRENATAL);
  g_autofree char *path = muying_test_data_path ("prenatal-good-en.csv");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) other = NULL;
  double last = 0;

  muying_importer_set_progress_func (importer, on_progress, &last, NULL);
  report = muying_importer_import (importer, path, f->store, "nurse1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_clear_pointer (&report, muying_import_report_free);

  /* cancelled: nothing written, not even the audit row */
  g_cancellable_cancel (cancellable);
  other = new_store (f, "cancel.db");
  report = muying_importer_import (importer, path, other, "nurse1", cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (muying_store_count_records (other, MUYING_PROGRAM_PRENATAL), ==, 0);
  g_assert_cmpint (muying_store_count_records (f->store, MUYING_PROGRAM_PRENATAL), ==, 6);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'import'"), ==, 1);
}

/* A current pregnancy: the expected delivery date lies after "today" (1 November 2026) and is
 * accepted; a sample date after today is not. */
static void
test_future_edd (Fixture       *f,
                 gconstpointer  data)
{
  static const char csv[] =
    "sample_no,id_number,name,sample_date,test_type,ga_weeks,ga_days,edd,t21_risk,t18_risk\n"
    "F-1,110105199503120025,王芳,2026-10-20,mid_double,16,0,2027-03-30,1/5000,1/20000\n"
    "F-2,110105199503120025,王芳,2026-11-20,mid_double,16,0,2027-04-30,1/5000,1/20000\n";
  g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_PRENATAL);
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, sizeof csv - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingImportReport) report = muying_importer_validate_bytes (importer, bytes, "edd.csv", NULL, &error);
  MuyingImportRejectedRow *rejected;

  g_assert_no_error (error);
  g_assert_cmpuint (report->valid, ==, 1);
  g_assert_cmpuint (report->rejected, ==, 1);
  rejected = g_ptr_array_index (report->rejected_rows, 0);
  g_assert_cmpuint (rejected->line, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);

  /* The cases that only read files and write reports (validation passes, the rejected rows'
   * file) never touch the store: they run once, on the file fixture. */
#define ADD(path, func) g_test_add ("/importer/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  /* the cases that write to the store: on a file and, with a server, on a server database */
#define ADD_BOTH(path, func) muying_test_add_file_and_server ("importer", path, Fixture, fixture_setup, func, \
                                                              fixture_teardown)
  ADD_BOTH ("good/prenatal", test_good_prenatal);
  ADD_BOTH ("good/newborn", test_good_newborn);
  ADD_BOTH ("good/two-cancer", test_good_two_cancer);
  ADD ("good/workbook-sha256", test_workbook_sha256);
  ADD ("spellings", test_spellings);
  ADD_BOTH ("reimport", test_reimport);
  ADD_BOTH ("signed-record", test_signed_record);
  ADD_BOTH ("bad/gb18030", test_gb18030);
  ADD ("bad/excel-id", test_excel_id);
  ADD ("bad/check-digit", test_check_digit);
  ADD ("bad/ragged", test_ragged);
  ADD ("bad/multiline", test_multiline);
  ADD_BOTH ("bad/formula", test_formula);
  ADD ("bad/unknown-variant", test_unknown_variant);
  ADD_BOTH ("good/variant-spellings", test_variant_spellings);
  ADD ("bad/region-code", test_region_code);
  ADD_BOTH ("bad/duplicate-keys", test_duplicate_keys);
  ADD ("bad/bom", test_bom);
  ADD ("bad/crlf", test_crlf);
  ADD ("bad/invalid-values", test_invalid_values);
  ADD ("bad/blank-lines", test_blank_lines);
  ADD ("bad/unterminated", test_unterminated);
  ADD_BOTH ("bad/file-errors", test_file_errors);
  ADD ("rejected-report", test_rejected_report);
  ADD ("formula-report", test_formula_report);
  ADD_BOTH ("progress-and-cancel", test_progress_and_cancel);
  ADD_BOTH ("commit-failure", test_commit_failure);
  ADD ("future-edd", test_future_edd);
#undef ADD_BOTH
#undef ADD

  status = g_test_run ();
  g_clear_object (&rules);
  return status;
}
