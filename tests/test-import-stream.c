/* test-import-stream.c: a large CSV file is imported in a stream, never whole in memory.
 *
 * The test writes a prenatal file of 200,000 rows, each with an unknown "remarks" column of
 * 900 bytes (a warning, not stored): about 197 MB, twice the bound. It imports the file from
 * its path and checks the peak resident size of the process (getrusage ru_maxrss) stays under
 * 100 MB: a reader that held the file (or its decoded text) whole would pass the bound on the
 * file alone. The check before the import (validation, asking the store for each woman's name)
 * stays under the bound too. Three rows are bad (an invalid ID number, an unknown test type, a sample number
 * given twice): each is rejected on its own with its line, column and reason, the rest is kept,
 * in one transaction with one audit row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "muying-id-number.h"
#include "muying-importer-private.h"
#include "muying-rule-set.h"
#include "muying-store-sql.h"
#include "muying-store-users.h"
#include "muying-test-utils.h"

#define N_ROWS        200000
#define REMARKS_BYTES 900
#define RSS_BOUND_MB  100

/* Lines of the bad rows (the header is line 1, row i is on line i + 2). */
#define BAD_ID_LINE    1002
#define BAD_TEST_LINE  100002
#define DUPLICATE_LINE 199002

static gint64
peak_rss_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;   /* KiB on Linux */
}

/* Woman @i's ID number: born on one of 5,000 days from 1 January 1985, female. */
static void
id_number (guint  i,
           char   out[19])
{
  GDate birth;
  char first17[18];

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, 1, G_DATE_JANUARY, 1985);
  g_date_add_days (&birth, i % 5000);
  g_snprintf (first17, sizeof first17, "110105%04u%02u%02u%03u", g_date_get_year (&birth), g_date_get_month (&birth),
              g_date_get_day (&birth), (i / 5000) * 2 % 1000);
  g_snprintf (out, 19, "%s%c", first17, muying_id_number_check_char (first17));
}

/* Writes the file row by row (never whole in memory here either); returns its size. */
static gsize
write_file (const char *path)
{
  static const char * const names[] = { "王芳", "李娜", "张丽", "刘洋", "陈静", "杨敏", "赵霞", "黄婷" };
  char remarks[REMARKS_BYTES + 1];
  FILE *out = fopen (path, "w");
  GStatBuf st;

  g_assert_nonnull (out);
  memset (remarks, 'x', REMARKS_BYTES);
  remarks[REMARKS_BYTES] = '\0';
  fputs ("sample_no,id_number,name,sample_date,test_type,ga_weeks,ga_days,t21_risk,t18_risk,remarks\n", out);
  for (guint i = 0; i < N_ROWS; i++)
    {
      guint line = i + 2;
      char id[19];

      id_number (i, id);
      if (line == BAD_ID_LINE)
        id[17] = id[17] == '0' ? '1' : '0';   /* a wrong check digit */
      fprintf (out, "S%07u,%s,%s,2026-03-10,%s,12,3,1/%u,1/20000,\"%s\"\n",
               line == DUPLICATE_LINE ? 7u : i, id, names[i % G_N_ELEMENTS (names)],
               line == BAD_TEST_LINE ? "triple_plus" : "early_combined", 100 + (i % 50) * 40, remarks);
    }
  g_assert_cmpint (fclose (out), ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gsize) st.st_size;
}

static gboolean
has_problem (const MuyingImportReport *report,
             guint                     line,
             const char               *column)
{
  for (guint i = 0; i < report->rejected_rows->len; i++)
    {
      const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, i);

      if (row->line != line)
        continue;
      for (guint j = 0; j < row->problems->len; j++)
        {
          const MuyingImportProblem *p = g_ptr_array_index (row->problems, j);
          g_autofree char *text = muying_import_problem_format (p);

          g_test_message ("line %u: %s", line, text);
          if (g_strcmp0 (p->column, column) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static gint64
count (MuyingStore *store,
       const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (muying_store_get_handle (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_large_file (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "province.csv", NULL);
  g_autofree char *db = g_build_filename (dir, "import.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_autoptr(MuyingStore) store = NULL;
  g_autoptr(MuyingImporter) importer = NULL;
  g_autoptr(MuyingImportReport) report = NULL;
  gsize size;
  gint64 before, after;
  GDate today;

  g_assert_no_error (error);
  size = write_file (csv);
  g_test_message ("file: %" G_GSIZE_FORMAT " bytes", size);
  /* The file alone is more than the bound: holding it whole fails the test. */
  g_assert_cmpuint (size, >, (gsize) RSS_BOUND_MB * 3 / 2 * 1024 * 1024);

  store = muying_store_create (db, &error);
  g_assert_no_error (error);

  importer = muying_importer_new (MUYING_PROGRAM_PRENATAL, rules);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_JULY, 2026);
  muying_importer_set_today (importer, &today);
  before = peak_rss_kib ();
  /* The check before an import (the dialog's), asking the store for each woman's name. */
  {
    g_autoptr(MuyingImportReport) check = NULL;

    muying_importer_set_lookup_store (importer, store);
    check = muying_importer_validate (importer, csv, NULL, &error);
    muying_importer_set_lookup_store (importer, NULL);
    g_assert_no_error (error);
    g_assert_cmpuint (check->valid, ==, N_ROWS - 3);
    g_assert_cmpuint (check->rejected, ==, 3);
    g_test_message ("peak RSS after the check %" G_GINT64_FORMAT " KiB", peak_rss_kib ());
    g_assert_cmpint (peak_rss_kib (), <, RSS_BOUND_MB * 1024);
    /* The import writes only the file the check read. */
    muying_importer_set_expected_sha256 (importer, check->sha256);
  }
  report = muying_importer_import (importer, csv, store, "boss", NULL, &error);
  after = peak_rss_kib ();
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_test_message ("peak RSS before the check %" G_GINT64_FORMAT " KiB, after the import %" G_GINT64_FORMAT " KiB",
                  before, after);
  g_assert_cmpint (after, <, RSS_BOUND_MB * 1024);

  /* Each bad row rejected on its own, the rest kept, in one transaction. */
  g_assert_true (report->written);
  g_assert_cmpuint (report->read, ==, N_ROWS);
  g_assert_cmpuint (report->rejected, ==, 3);
  g_assert_cmpuint (report->inserted, ==, N_ROWS - 3);
  g_assert_true (has_problem (report, BAD_ID_LINE, "id_number"));
  g_assert_true (has_problem (report, BAD_TEST_LINE, "test_type"));
  g_assert_true (has_problem (report, DUPLICATE_LINE, "sample_no"));
  g_assert_cmpuint (report->warnings->len, ==, 1);   /* the unknown column */
  g_assert_cmpuint (strlen (report->sha256), ==, 64);
  g_assert_cmpint (count (store, "SELECT count(*) FROM record"), ==, N_ROWS - 3);
  g_assert_cmpint (count (store, "SELECT count(*) FROM audit WHERE action = 'import'"), ==, 1);
  g_assert_cmpint (count (store, "SELECT count(*) FROM record WHERE record_key IN ('S0001000', 'S0100000')"), ==, 0);

  g_clear_object (&store);
  muying_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import-stream/large-file", test_large_file);
  return g_test_run ();
}
