/* test-xlsx-reader.c: Excel .xlsx lab files (app/io/muying-xlsx-reader.c)
 *
 * The cell types one by one (tests/data/cell-types*.xlsx, written by hand), then the importer:
 * the fixtures of tests/data/make-xlsx-fixtures.py give exactly the result of the CSV file
 * they were made from (counts, accepted rows with their levels, rejected rows with line, column
 * and reason), an import of the .xlsx gives the same records as the CSV and after it changes
 * nothing, and 100,000 rows written by libxlsxwriter validate as the same rows of CSV do, and
 * import (import-100k, its own meson test) into the same records. The .xls fixtures of
 * tests/data/make-xls-fixtures.py give what their CSV files give too. Refused: a file that is not a
 * workbook, a part larger than the limit (zip bomb), something that is not a regular file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <xlsxwriter.h>

#include <glib/gstdio.h>

#include "muying-csv-reader-private.h"
#include "muying-importer-private.h"
#include "muying-store-sql.h"
#include "muying-csv-reader.h"
#include "muying-error.h"
#include "muying-importer.h"
#include "muying-rule-set.h"
#include "muying-store.h"
#include "muying-test-utils.h"
#include "muying-xls-reader.h"
#include "muying-xlsx-reader-private.h"
#include "muying-xlsx-reader.h"

#define PYTHON "/usr/bin/python3"

static MuyingRuleSet *rules;

static GBytes *
read_data (const char *name)
{
  g_autofree char *path = muying_test_data_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* The next row of @reader is @line with exactly @expected (NULL-terminated). */
static void
assert_row (MuyingXlsxReader   *reader,
            guint               line,
            const char * const *expected)
{
  const char * const *fields;
  guint n = g_strv_length ((char **) expected);

  g_assert_true (muying_xlsx_reader_next (reader));
  g_assert_cmpuint (muying_xlsx_reader_get_line (reader), ==, line);
  g_assert_cmpuint (muying_xlsx_reader_get_n_fields (reader), ==, n);
  fields = muying_xlsx_reader_get_fields (reader);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (fields[i], ==, expected[i]);
  g_assert_null (fields[n]);
  g_assert_cmpint (muying_xlsx_reader_get_flags (reader), ==, MUYING_CSV_ROW_OK);
}

static void
check_cells (const char *name,
             gboolean    date1904)
{
  g_autoptr(GBytes) bytes = read_data (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingXlsxReader) reader = muying_xlsx_reader_new (bytes, &error);
  /* Day 46097 is 2026-03-16 in the 1900 system and 2030-03-17 in the 1904 one; day 60 of 1900
   * is the 29 February that never was (left a number), day 61 is 1 March 1900. */
  const char *date = date1904 ? "2030-03-17" : "2026-03-16";
  const char *header[] = { "sample_no", "name", "v1", "v2", "v3", "v4", "v5", "v6", NULL };
  const char *types[] = { "a & b <c>", "王芳 ", date, date, "TRUE", "#N/A", "1.10105E+17", "12.5", NULL };
  const char *more[] = { "FALSE", "公式", "13800138000", "0.1", "-3", date1904 ? "1904-03-01" : "60",
                         date1904 ? "1904-03-02" : "1900-03-01", "sample_no", NULL };
  const char *sparse[] = { "1", "b", "3", "", "e", "", "", "", NULL };

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  assert_row (reader, 1, header);     /* the first listed sheet, whatever its part's name */
  assert_row (reader, 4, types);      /* row 3 is empty: not a row */
  assert_row (reader, 5, more);
  assert_row (reader, 6, sparse);     /* cells without a reference follow each other; padded */
  g_assert_false (muying_xlsx_reader_next (reader));
  g_assert_cmpfloat (muying_xlsx_reader_get_progress (reader), ==, 1.0);
}

static void
test_cells (void)
{
  check_cells ("cell-types.xlsx", FALSE);
}

static void
test_cells_1904 (void)
{
  check_cells ("cell-types-1904.xlsx", TRUE);
}

/* The CSV reader hands a workbook to the xlsx reader: the same rows through its calls. */
static void
test_through_csv_reader (void)
{
  g_autoptr(GBytes) bytes = read_data ("cell-types.xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCsvReader) reader = muying_csv_reader_new (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpint (muying_csv_reader_get_encoding (reader), ==, MUYING_CSV_ENCODING_XLSX);
  g_assert_cmpstr (muying_csv_encoding_to_string (MUYING_CSV_ENCODING_XLSX), ==, "xlsx");
  g_assert_true (muying_csv_reader_next (reader));
  g_assert_cmpuint (muying_csv_reader_get_line (reader), ==, 1);
  g_assert_cmpstr (muying_csv_reader_get_field (reader, 0), ==, "sample_no");
  g_assert_true (muying_csv_reader_next (reader));
  g_assert_cmpuint (muying_csv_reader_get_line (reader), ==, 4);
  g_assert_cmpuint (muying_csv_reader_get_n_fields (reader), ==, 8);
  g_assert_cmpstr (muying_csv_reader_get_fields (reader)[1], ==, "王芳 ");
  g_assert_true (muying_csv_reader_next (reader));
  g_assert_true (muying_csv_reader_next (reader));
  g_assert_false (muying_csv_reader_next (reader));
}

static void
test_refused (void)
{
  g_autoptr(GBytes) good = read_data ("cell-types.xlsx");
  g_autoptr(GBytes) bomb = read_data ("xml-bomb.xlsx");
  g_autoptr(GBytes) disorder = read_data ("rows-out-of-order.xlsx");
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (good, 0, g_bytes_get_size (good) / 2);
  g_autoptr(GError) error = NULL;
  MuyingXlsxReader *reader;
  const guint8 not_zip[] = "PK\003\004 and then nothing a zip has";

  reader = muying_xlsx_reader_new (cut, &error);
  g_assert_null (reader);
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, ".xlsx"));
  g_clear_error (&error);

  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (not_zip, sizeof not_zip);

    g_assert_null (muying_xlsx_reader_new (bytes, &error));
    g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
    g_clear_error (&error);
  }

  g_assert_null (muying_xlsx_reader_new (disorder, &error));
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "out of order"));
  g_clear_error (&error);

  /* 8 MB of XML in 11 KB: refused past the limit, counted while inflating. */
  reader = muying_xlsx_reader_new_full (bomb, 1024 * 1024, &error);
  g_assert_null (reader);
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "data.xml"));
  g_clear_error (&error);
  reader = muying_xlsx_reader_new (bomb, &error);
  g_assert_no_error (error);
  muying_xlsx_reader_free (reader);
}

/* ---- through the importer ------------------------------------------------------------------- */

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

/* Everything a validation says, as text: counts, accepted rows, rejected rows and reasons. */
static char *
validation_text (MuyingProgram program,
                 const char   *path)
{
  g_autoptr(MuyingImporter) importer = new_importer (program);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingImportReport) report = NULL;

  muying_importer_set_row_func (importer, collect_row, out, NULL);
  report = muying_importer_validate (importer, path, NULL, &error);
  g_assert_no_error (error);
  g_string_append_printf (out, "read %u valid %u rejected %u levels %u/%u/%u\n", report->read, report->valid,
                          report->rejected, report->levels[0], report->levels[1], report->levels[2]);
  for (guint i = 0; i < report->rejected_rows->len; i++)
    {
      const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, i);

      for (guint j = 0; j < row->problems->len; j++)
        {
          g_autofree char *text = muying_import_problem_format (g_ptr_array_index (row->problems, j));

          g_string_append_printf (out, "%s\n", text);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_same_as_csv (void)
{
  static const struct
  {
    MuyingProgram program;
    const char   *csv;
    const char   *xlsx;
  } pairs[] = {
    { MUYING_PROGRAM_PRENATAL, "prenatal-good-en.csv", "prenatal-good-en.xlsx" },
    { MUYING_PROGRAM_PRENATAL, "prenatal-good-en.csv", "prenatal-good-en-1904.xlsx" },
    { MUYING_PROGRAM_PRENATAL, "prenatal-good-zh.csv", "prenatal-good-zh.xlsx" },
    { MUYING_PROGRAM_NEWBORN, "newborn-good-en.csv", "newborn-good-en.xlsx" },
    { MUYING_PROGRAM_TWO_CANCER, "two-cancer-good-zh.csv", "two-cancer-good-zh.xlsx" },
    { MUYING_PROGRAM_PRENATAL, "prenatal-invalid-values.csv", "prenatal-invalid-values.xlsx" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *csv_path = muying_test_data_path (pairs[i].csv);
      g_autofree char *xlsx_path = muying_test_data_path (pairs[i].xlsx);
      g_autofree char *from_csv = validation_text (pairs[i].program, csv_path);
      g_autofree char *from_xlsx = validation_text (pairs[i].program, xlsx_path);

      g_test_message ("%s:\n%s", pairs[i].xlsx, from_xlsx);
      g_assert_cmpstr (from_xlsx, ==, from_csv);
      g_assert_nonnull (strstr (from_xlsx, "read "));
    }
}

/* The .xls fixtures of tests/data/make-xls-fixtures.py give exactly what their CSV files give. */
static void
test_xls_same_as_csv (void)
{
  static const struct
  {
    MuyingProgram program;
    const char   *csv;
    const char   *xls;
  } pairs[] = {
    { MUYING_PROGRAM_PRENATAL, "prenatal-good-en.csv", "prenatal-good-en.xls" },
    { MUYING_PROGRAM_PRENATAL, "prenatal-good-zh.csv", "prenatal-good-zh.xls" },
    { MUYING_PROGRAM_NEWBORN, "newborn-good-en.csv", "newborn-good-en.xls" },
    { MUYING_PROGRAM_TWO_CANCER, "two-cancer-good-zh.csv", "two-cancer-good-zh.xls" },
    { MUYING_PROGRAM_PRENATAL, "prenatal-invalid-values.csv", "prenatal-invalid-values.xls" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *csv_path = muying_test_data_path (pairs[i].csv);
      g_autofree char *xls_path = muying_test_data_path (pairs[i].xls);
      g_autofree char *from_csv = validation_text (pairs[i].program, csv_path);
      g_autofree char *from_xls = validation_text (pairs[i].program, xls_path);

      g_test_message ("%s:\n%s", pairs[i].xls, from_xls);
      g_assert_cmpstr (from_xls, ==, from_csv);
      g_assert_nonnull (strstr (from_xls, "read "));
    }
}

/* The reader's rows of an .xls file: header, date cells as YYYY-MM-DD, numbers in full, the
 * first worksheet only. */
static void
test_xls_rows (void)
{
  g_autofree char *path = muying_test_data_path ("prenatal-good-en.xls");
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCsvReader) reader = muying_csv_reader_new_for_path (path, &error);
  g_autofree char *csv_path = muying_test_data_path ("prenatal-good-en.csv");
  g_autoptr(MuyingCsvReader) csv = muying_csv_reader_new_for_path (csv_path, &error);
  guint rows = 0;

  g_assert_no_error (error);
  g_assert_cmpint (muying_csv_reader_get_encoding (reader), ==, MUYING_CSV_ENCODING_XLS);
  while (muying_csv_reader_next (csv))
    {
      g_assert_true (muying_csv_reader_next (reader));
      g_assert_cmpuint (muying_csv_reader_get_n_fields (reader), ==, muying_csv_reader_get_n_fields (csv));
      for (guint i = 0; i < muying_csv_reader_get_n_fields (csv); i++)
        {
          const char *want = muying_csv_reader_get_field (csv, i);
          const char *got = muying_csv_reader_get_field (reader, i);
          char *end = NULL;
          double number = g_ascii_strtod (want, &end);

          /* A number cell holds the value, not its text: 1.0 comes back as 1. */
          if (*want != '\0' && *end == '\0' && strchr (want, '.') != NULL)
            g_assert_cmpfloat (g_ascii_strtod (got, NULL), ==, number);
          else
            g_assert_cmpstr (got, ==, want);
        }
      rows++;
    }
  g_assert_false (muying_csv_reader_next (reader));
  g_assert_cmpuint (rows, >, 2);
  g_assert_cmpfloat (muying_csv_reader_get_progress (reader), ==, 1.0);
}

/* An 18-digit ID stored as a number in an .xls file: rejected with the CSV file's reason. */
static void
test_xls_numeric_id (void)
{
  g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_PRENATAL);
  g_autofree char *path = muying_test_data_path ("prenatal-numeric-id.xls");
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingImportReport) report = muying_importer_validate (importer, path, NULL, &error);
  guint numeric = 0;

  g_assert_no_error (error);
  g_assert_cmpint (report->encoding, ==, MUYING_CSV_ENCODING_XLS);
  for (guint i = 0; i < report->rejected_rows->len; i++)
    {
      const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, i);
      const MuyingImportProblem *problem = g_ptr_array_index (row->problems, 0);

      if (g_strcmp0 (problem->column, "id_number") == 0 && strstr (problem->message, "1.10105E+17") != NULL &&
          strstr (problem->message, "digits are lost") != NULL)
        numeric++;
    }
  g_assert_cmpuint (numeric, ==, 2);
}

/* A damaged .xls file (cut in half) and bytes that only start like one are refused, saying so. */
static void
test_xls_damaged (void)
{
  g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_PRENATAL);
  g_autofree char *path = muying_test_data_path ("damaged.xls");
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingImportReport) report = muying_importer_validate (importer, path, NULL, &error);
  const guint8 only_signature[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 'x', 'y' };
  g_autoptr(GBytes) bytes = g_bytes_new_static (only_signature, sizeof only_signature);

  g_assert_null (report);
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, ".xls)"));
  g_clear_error (&error);

  g_assert_null (muying_csv_reader_new (bytes, &error));
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, ".xls)"));
  g_clear_error (&error);

  /* A good file with one byte inserted in its workbook stream (found by fuzzing): refused. */
  {
    g_autoptr(GBytes) shifted = read_data ("damaged-shifted.xls");

    g_assert_null (muying_csv_reader_new (shifted, &error));
    g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, ".xls)"));
  }
}

/* FreeXL reads in a child process: when it crashes (FreeXL 1.0.6 may, on some damaged files;
 * here made to abort) the file is refused as damaged and this process goes on. */
static void
test_xls_reader_crash (void)
{
  g_autoptr(GBytes) good = read_data ("prenatal-good-en.xls");
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingSheetRows) rows = NULL;
  g_autoptr(MuyingSheetRows) again = NULL;

  g_setenv ("MUYING_TEST_XLS_CHILD_ABORT", "1", TRUE);
  rows = muying_xls_read_rows (good, &error);
  g_unsetenv ("MUYING_TEST_XLS_CHILD_ABORT");
  g_assert_null (rows);
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "reading it stopped the reader"));
  g_clear_error (&error);

  again = muying_xls_read_rows (good, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_true (muying_sheet_rows_next (again));

  /* Through the command line, in Chinese. */
  {
    g_autofree char *path = muying_test_data_path ("prenatal-good-en.xls");
    const char *args[] = { "classify", "--program", "prenatal", path, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_TEST_XLS_CHILD_ABORT=1", &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "文件已损坏"));
  }
}

/* A good .xls file damaged in many places (cut short, bytes overwritten): each copy is read or
 * refused with a message, never a crash, and a row never holds text that is not UTF-8. */
static void
test_xls_mutations (void)
{
  g_autoptr(GBytes) good = read_data ("prenatal-good-en.xls");
  gsize size = g_bytes_get_size (good);
  guint refused = 0;

  /* From byte 8: the signature stays, so the file goes to the .xls reader. */
  for (gsize at = 8; at < size; at += 61)
    {
      for (guint kind = 0; kind < 3; kind++)
        {
          g_autoptr(GByteArray) copy = g_byte_array_new ();
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(MuyingCsvReader) reader = NULL;
          g_autoptr(GError) error = NULL;

          g_byte_array_append (copy, g_bytes_get_data (good, NULL), size);
          if (kind == 0)
            g_byte_array_set_size (copy, at);
          else
            memset (copy->data + at, kind == 1 ? 0xFF : 0x00, MIN (4, size - at));
          bytes = g_byte_array_free_to_bytes (g_steal_pointer (&copy));
          reader = muying_csv_reader_new (bytes, &error);
          if (reader == NULL)
            {
              g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
              g_assert_true (g_utf8_validate (error->message, -1, NULL));
              refused++;
              continue;
            }
          while (muying_csv_reader_next (reader))
            {
              const char * const *fields = muying_csv_reader_get_fields (reader);

              for (guint i = 0; fields[i] != NULL; i++)
                g_assert_true (g_utf8_validate (fields[i], -1, NULL));
            }
        }
    }
  /* Every cut copy is refused (the file's sectors are missing). */
  g_assert_cmpuint (refused, >=, size / 61);
}

/* An 18-digit ID number typed into a General cell is a number whose last digits are gone:
 * rejected with the reason a CSV file gets for 1.10105E+17. */
static void
test_numeric_id (void)
{
  g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_PRENATAL);
  g_autofree char *path = muying_test_data_path ("prenatal-numeric-id.xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingImportReport) report = muying_importer_validate (importer, path, NULL, &error);
  guint numeric = 0;

  g_assert_no_error (error);
  g_assert_cmpint (report->encoding, ==, MUYING_CSV_ENCODING_XLSX);
  for (guint i = 0; i < report->rejected_rows->len; i++)
    {
      const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, i);
      const MuyingImportProblem *problem = g_ptr_array_index (row->problems, 0);

      if (g_strcmp0 (problem->column, "id_number") == 0 && strstr (problem->message, "1.10105E+17") != NULL &&
          strstr (problem->message, "digits are lost") != NULL)
        numeric++;
    }
  /* Rows 3 and 4 held 18 digits as numbers (row 2's ID has an X: it stayed text). */
  g_assert_cmpuint (numeric, ==, 2);
}

typedef struct
{
  char        *dir;
  MuyingStore *a;
  MuyingStore *b;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  f->dir = muying_test_make_tmpdir ();
  a = g_build_filename (f->dir, "a.db", NULL);
  b = g_build_filename (f->dir, "b.db", NULL);
  f->a = muying_store_create (a, &error);
  g_assert_no_error (error);
  f->b = muying_store_create (b, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
}

static MuyingImportReport *
import (MuyingStore  *store,
        MuyingProgram program,
        const char   *path)
{
  g_autoptr(MuyingImporter) importer = new_importer (program);
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report = muying_importer_import (importer, path, store, "nurse1", NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (report->written);
  return report;
}

/* The prenatal records of @store, one line each, every column that an import writes. */
static char *
dump_prenatal (MuyingStore *store)
{
  sqlite3 *db = muying_store_get_handle (store);
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT r.record_key, r.record_date, r.institution, r.level, "
                                       "r.computed_level, p.id_number, p.name, p.phone, p.birth_date, pr.test_type, "
                                       "pr.ga_days, pr.edd, pr.weight_kg, pr.t21_risk, pr.t18_risk, pr.afp_mom, "
                                       "pr.nt_mm, pr.nipt_t21, pr.nipt_t18, pr.nipt_t13, pr.nipt_sca, pr.nipt_status, "
                                       "(SELECT group_concat(code) FROM reason WHERE record_id = r.id) "
                                       "FROM record r JOIN person p ON p.id = r.person_id "
                                       "JOIN prenatal pr ON pr.record_id = r.id ORDER BY r.record_key",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);

          g_string_append_printf (out, "%s%s", c ? "|" : "", text ? text : "∅");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static void
test_import_twice (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *csv = muying_test_data_path ("prenatal-good-en.csv");
  g_autofree char *xlsx = muying_test_data_path ("prenatal-good-en.xlsx");
  g_autoptr(MuyingImportReport) first = import (f->a, MUYING_PROGRAM_PRENATAL, csv);
  g_autoptr(MuyingImportReport) second = NULL;
  g_autoptr(MuyingImportReport) again = NULL;
  g_autoptr(MuyingImportReport) alone = import (f->b, MUYING_PROGRAM_PRENATAL, xlsx);
  g_autofree char *dump_a = dump_prenatal (f->a);
  g_autofree char *dump_b = dump_prenatal (f->b);

  /* The same records from either file; the workbook after the CSV file changes nothing. */
  g_assert_cmpuint (first->inserted, ==, alone->inserted);
  g_assert_cmpuint (first->inserted, >, 0);
  g_assert_cmpstr (dump_a, ==, dump_b);
  second = import (f->a, MUYING_PROGRAM_PRENATAL, xlsx);
  g_assert_cmpuint (second->unchanged, ==, first->inserted);
  g_assert_cmpuint (second->inserted + second->updated, ==, 0);
  again = import (f->b, MUYING_PROGRAM_PRENATAL, xlsx);
  g_assert_cmpuint (again->unchanged, ==, alone->inserted);
  g_assert_cmpuint (again->inserted + again->updated, ==, 0);
}

/* A FIFO is not a lab file: refused at once (reading it would wait for a writer for ever). */
static void
test_not_regular (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.xlsx", NULL);
  g_autoptr(MuyingImporter) importer = new_importer (MUYING_PROGRAM_PRENATAL);
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  report = muying_importer_validate (importer, fifo, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "not an ordinary file"));
}

static gboolean
is_text_column (const char *name)
{
  return strcmp (name, "sample_no") == 0 || strcmp (name, "id_number") == 0 || strcmp (name, "phone") == 0;
}

/* The rows of @csv written by libxlsxwriter as a lab's spreadsheet holds them: dates as dates,
 * numbers as numbers, ID and phone numbers as text (inline strings in constant_memory mode). */
static void
write_workbook (const char *csv,
                const char *xlsx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCsvReader) reader = muying_csv_reader_new_for_path (csv, &error);
  lxw_workbook_options options = { .constant_memory = LXW_TRUE };
  lxw_workbook *wb = workbook_new_opt (xlsx, &options);
  lxw_worksheet *ws = workbook_add_worksheet (wb, NULL);
  lxw_format *date = workbook_add_format (wb);
  g_auto(GStrv) header = NULL;
  GRegex *number = g_regex_new ("^-?[0-9]{1,9}(\\.[0-9]+)?$", 0, 0, NULL);
  lxw_row_t r = 0;

  g_assert_no_error (error);
  format_set_num_format (date, "yyyy-mm-dd");
  while (muying_csv_reader_next (reader))
    {
      const char * const *fields = muying_csv_reader_get_fields (reader);
      guint n = muying_csv_reader_get_n_fields (reader);

      if (header == NULL)
        header = g_strdupv ((char **) fields);
      for (guint c = 0; c < n; c++)
        {
          const char *v = fields[c];
          int y, m, d;

          if (*v == '\0')
            continue;
          if (r > 0 && c < g_strv_length (header) && !is_text_column (header[c]) && strlen (v) == 10 &&
              sscanf (v, "%4d-%2d-%2d", &y, &m, &d) == 3)
            {
              lxw_datetime dt = { y, m, d, 0, 0, 0 };

              g_assert_cmpint (worksheet_write_datetime (ws, r, (lxw_col_t) c, &dt, date), ==, LXW_NO_ERROR);
              continue;
            }
          if (r > 0 && c < g_strv_length (header) && !is_text_column (header[c]) && g_regex_match (number, v, 0, NULL))
            g_assert_cmpint (worksheet_write_number (ws, r, (lxw_col_t) c, g_ascii_strtod (v, NULL), NULL), ==,
                             LXW_NO_ERROR);
          else
            g_assert_cmpint (worksheet_write_string (ws, r, (lxw_col_t) c, v, NULL), ==, LXW_NO_ERROR);
        }
      r++;
    }
  g_assert_cmpint (workbook_close (wb), ==, LXW_NO_ERROR);
  g_regex_unref (number);
}

/* 100,000 rows: the workbook gives what the CSV file gives (counts, and every accepted row
 * with its level and reasons, every rejected row with its reasons). Validated, not written:
 * writing is the same code for both (see import-twice) and 2 × 100,000 commits would make
 * this test slow on a loaded machine. */
static void
test_big (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *script = muying_test_data_path ("make-import-fixtures.py");
  g_autofree char *csv = g_build_filename (f->dir, "big.csv", NULL);
  g_autofree char *xlsx = g_build_filename (f->dir, "big.xlsx", NULL);
  const char *argv[] = { PYTHON, script, "--big", "100000", csv, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *from_csv = NULL;
  g_autofree char *from_xlsx = NULL;
  int status = -1;
  gint64 t0, t1, t2;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("python3 is not installed");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  write_workbook (csv, xlsx);

  t0 = g_get_monotonic_time ();
  from_csv = validation_text (MUYING_PROGRAM_PRENATAL, csv);
  t1 = g_get_monotonic_time ();
  from_xlsx = validation_text (MUYING_PROGRAM_PRENATAL, xlsx);
  t2 = g_get_monotonic_time ();
  g_test_message ("100000 rows validated: CSV %.2f s, xlsx %.2f s", (t1 - t0) / 1e6, (t2 - t1) / 1e6);

  g_assert_nonnull (strstr (from_csv, "read 100000 valid "));
  g_assert_true (strcmp (from_csv, from_xlsx) == 0);
}

/* The rejected rows of @report as text: line, column and reason of every problem. */
static char *
rejected_text (const MuyingImportReport *report)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < report->rejected_rows->len; i++)
    {
      const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, i);

      for (guint j = 0; j < row->problems->len; j++)
        {
          g_autofree char *text = muying_import_problem_format (g_ptr_array_index (row->problems, j));

          g_string_append_printf (out, "%s\n", text);
        }
    }
  return g_string_free (out, FALSE);
}

/* 100,000 rows imported (written, not only validated) from the CSV file into one database and
 * from the same rows as .xlsx into another: the same counts, the same rejected rows with their
 * reasons and the same records (every column an import writes, with levels and reasons).
 * The generated rows repeat their ID numbers every 10,500 rows under another name: the first
 * 10,500 are inserted, the rest are rejected against the database (a known ID number with
 * another name), which both imports must do alike. Its own meson test (xlsx-import-100k). */
static void
test_import_100k (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *script = muying_test_data_path ("make-import-fixtures.py");
  g_autofree char *csv = g_build_filename (f->dir, "big.csv", NULL);
  g_autofree char *xlsx = g_build_filename (f->dir, "big.xlsx", NULL);
  const char *argv[] = { PYTHON, script, "--big", "100000", csv, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingImportReport) from_csv = NULL;
  g_autoptr(MuyingImportReport) from_xlsx = NULL;
  g_autofree char *rejected_csv = NULL;
  g_autofree char *rejected_xlsx = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  int status = -1;
  gint64 t0, t1, t2;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("python3 is not installed");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  write_workbook (csv, xlsx);

  t0 = g_get_monotonic_time ();
  from_csv = import (f->a, MUYING_PROGRAM_PRENATAL, csv);
  t1 = g_get_monotonic_time ();
  from_xlsx = import (f->b, MUYING_PROGRAM_PRENATAL, xlsx);
  t2 = g_get_monotonic_time ();
  g_test_message ("100000 rows imported: CSV %.2f s, xlsx %.2f s (%u inserted, %u rejected)",
                  (t1 - t0) / 1e6, (t2 - t1) / 1e6, from_csv->inserted, from_csv->rejected);

  g_assert_cmpuint (from_csv->read, ==, 100000);
  g_assert_cmpuint (from_csv->inserted, ==, 10500);
  g_assert_cmpuint (from_csv->rejected, ==, 89500);
  g_assert_cmpuint (from_xlsx->read, ==, from_csv->read);
  g_assert_cmpuint (from_xlsx->inserted, ==, from_csv->inserted);
  g_assert_cmpuint (from_xlsx->updated, ==, from_csv->updated);
  g_assert_cmpuint (from_xlsx->unchanged, ==, from_csv->unchanged);
  g_assert_cmpuint (from_xlsx->rejected, ==, from_csv->rejected);
  for (guint i = 0; i < G_N_ELEMENTS (from_csv->levels); i++)
    g_assert_cmpuint (from_xlsx->levels[i], ==, from_csv->levels[i]);
  rejected_csv = rejected_text (from_csv);
  rejected_xlsx = rejected_text (from_xlsx);
  g_assert_true (strcmp (rejected_csv, rejected_xlsx) == 0);

  dump_a = dump_prenatal (f->a);
  dump_b = dump_prenatal (f->b);
  g_assert_cmpuint (strlen (dump_a), >, 0);
  g_assert_true (strcmp (dump_a, dump_b) == 0);
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

  g_test_add_func ("/xlsx/cells", test_cells);
  g_test_add_func ("/xlsx/cells-1904", test_cells_1904);
  g_test_add_func ("/xlsx/through-csv-reader", test_through_csv_reader);
  g_test_add_func ("/xlsx/refused", test_refused);
  g_test_add_func ("/xlsx/same-as-csv", test_same_as_csv);
  g_test_add_func ("/xlsx/numeric-id", test_numeric_id);
  g_test_add_func ("/xls/same-as-csv", test_xls_same_as_csv);
  g_test_add_func ("/xls/rows", test_xls_rows);
  g_test_add_func ("/xls/numeric-id", test_xls_numeric_id);
  g_test_add_func ("/xls/damaged", test_xls_damaged);
  g_test_add_func ("/xls/reader-crash", test_xls_reader_crash);
  g_test_add_func ("/xls/mutations", test_xls_mutations);
#define ADD(path, func) g_test_add ("/xlsx/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("import-twice", test_import_twice);
  ADD ("not-regular", test_not_regular);
  ADD ("big", test_big);
  ADD ("import-100k", test_import_100k);
  status = g_test_run ();
  g_clear_object (&rules);
  return status;
}
