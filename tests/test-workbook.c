/* test-workbook.c: the annual workbook (docs/statistics.md), read back by openpyxl
 *
 * The fixture of test-stats is exported and tests/check-workbook.py (run with /usr/bin/python3)
 * compares every number with the statistics of the same period, checks the cached values of
 * the rate formulas, the register (strings for ID numbers and for names that look like
 * formulas, masking when de-identified) and the charts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "muying-store-sql.h"
#include "muying-error.h"
#include "muying-indicators.h"
#include "muying-stats-format.h"
#include "muying-stats.h"
#include "muying-stats-fixture.h"
#include "muying-workbook.h"

#define PYTHON "/usr/bin/python3"

static gboolean
have_openpyxl (void)
{
  const char *argv[] = { PYTHON, "-c", "import openpyxl", NULL };
  int status = -1;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

static void
add_stats (JsonBuilder       *b,
           const MuyingStats *s)
{
  g_autofree char *json = muying_stats_to_json (s, FALSE);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
}

typedef struct
{
  const char *key;
  const char *name;
  const char *birth;   /* of the woman (the mother for newborns) */
  int         seq;
  const char *reasons; /* the Chinese labels joined by "；", or NULL = not checked */
  int         days;    /* -2 = not checked */
  const char *state;
  int         age;     /* on the record date, shown when de-identified; -1 = not checked */
} RegisterRow;

static char *
labels (StatsFixture *f,
        const char   *codes)
{
  g_auto(GStrv) parts = g_strsplit (codes, ";", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *label = muying_rule_set_dup_reason_text (f->rules, parts[i], "label", "zh_CN");

      g_assert_nonnull (label);
      g_string_append_printf (out, "%s%s", i ? "；" : "", label);
    }
  return g_string_free (out, FALSE);
}

/* {ID: [n, d]} with d null (no denominator) or "未填报" (a figure not entered). */
static void
add_indicators (JsonBuilder            *b,
                const MuyingIndicators *all)
{
  json_builder_begin_object (b);
  for (guint i = 0; i < all->indicators->len; i++)
    {
      const MuyingIndicator *ind = all->indicators->pdata[i];

      json_builder_set_member_name (b, ind->id);
      json_builder_begin_array (b);
      json_builder_add_int_value (b, ind->n);
      if (!ind->has_d)
        json_builder_add_null_value (b);
      else if (ind->d_missing)
        json_builder_add_string_value (b, "未填报");
      else
        json_builder_add_int_value (b, ind->d);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

/* The indicators the workbook must show: the whole period's and each month's. */
static void
add_expected_indicators (JsonBuilder        *b,
                         MuyingStore        *store,
                         const MuyingPeriod *period)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingIndicators) total = muying_store_compute_indicators (store, period, &error);

  g_assert_no_error (error);
  json_builder_set_member_name (b, "indicators");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  add_indicators (b, total);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_object (b);
  for (guint i = 0; i < muying_period_get_n_months (period); i++)
    {
      MuyingPeriod month;
      g_autoptr(MuyingIndicators) all = NULL;
      g_autofree char *label = NULL;

      muying_period_get_month (period, i, &month);
      all = muying_store_compute_indicators (store, &month, &error);
      g_assert_no_error (error);
      label = g_strdup_printf ("%04u年%02u月", g_date_get_year (&month.from), g_date_get_month (&month.from));
      json_builder_set_member_name (b, label);
      add_indicators (b, all);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* Writes the expectations for check-workbook.py. */
static char *
write_expected (StatsFixture       *f,
                const MuyingPeriod *period,
                gboolean            deidentify,
                guint               rows_per_sheet)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStatsReport) report = NULL;
  g_autoptr(GPtrArray) loci = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *p1 = labels (f, "T21_HIGH");
  g_autofree char *p7 = labels (f, "GA_OUT_OF_WINDOW;NT_THICK");
  g_autofree char *t7 = labels (f, "BREAST_PRECANCER;CERVICAL_CANCER;CYTO_UNSATISFACTORY;VIA_VILI_ABNORMAL");
  g_autofree char *path = g_build_filename (f->dir, deidentify ? "expected-deid.json" : "expected.json", NULL);
  const RegisterRow rows[] = {
    { "P1", "王芳", "19950310", 1, p1, 395, "已完成", 29 },
    { "P7", "=HYPERLINK(\"http://example.com\",\"点我\")", "19910202", 6, p7, 225, "待随访", 34 },
    { "N2", "赵丽之女", "19940404", 7, NULL, -2, "已安排下一步", -1 },
    { "N3", "孙红之女", "19960606", 8, NULL, -2, "已出结果", -1 },
    { "T1", "周燕", "19800229", 9, NULL, -2, "已完成", -1 },
    { "T3", "吴霞", "19700505", 10, NULL, -2, "已完成", -1 },
    { "T4", "+86 138 0000 0000", "19950101", 11, NULL, -2, "失访", 30 },
    { "-T7", "@SUM(A1)", "19850303", 14, t7, 31, "拒绝", 40 },
  };
  guint n_rows = G_N_ELEMENTS (rows);
  /* the rows of each register: prenatal (P…), newborn (N…), two-cancer (T…, -T7) */
  const struct
  {
    const char *name;
    guint       n_rows;
  } registers[] = { { "产前高危个案登记", 2 }, { "新生儿高危个案登记", 2 }, { "两癌高危个案登记", 4 } };

  report = muying_stats_compute_report (f->store, period, MUYING_STATS_MONTHS | MUYING_STATS_AGE_GROUPS, &f->today,
                                        NULL, &error);
  g_assert_no_error (error);
  loci = muying_stats_list_loci (f->store, period, &error);
  g_assert_no_error (error);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "deidentify");
  json_builder_add_boolean_value (b, deidentify);
  json_builder_set_member_name (b, "total");
  add_stats (b, report->total);
  json_builder_set_member_name (b, "months");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->months->len; i++)
    add_stats (b, g_ptr_array_index (report->months, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "ages");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->age_groups->len; i++)
    add_stats (b, g_ptr_array_index (report->age_groups, i));
  json_builder_end_array (b);
  add_expected_indicators (b, f->store, period);
  json_builder_set_member_name (b, "loci");
  json_builder_begin_array (b);
  for (guint i = 0; i < loci->len; i++)
    {
      const MuyingStatsLocus *locus = g_ptr_array_index (loci, i);

      json_builder_begin_array (b);
      json_builder_add_string_value (b, locus->gene);
      json_builder_add_string_value (b, locus->variant);
      json_builder_add_int_value (b, locus->newborns);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "register");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rows_per_sheet");
  json_builder_add_int_value (b, rows_per_sheet > 0 ? rows_per_sheet : MUYING_WORKBOOK_MAX_REGISTER_ROWS);
  json_builder_set_member_name (b, "sheets");
  json_builder_begin_array (b);
  for (guint r = 0; r < G_N_ELEMENTS (registers); r++)
    {
      guint n_sheets = rows_per_sheet > 0 ? MAX (1, (registers[r].n_rows + rows_per_sheet - 1) / rows_per_sheet) : 1;

      for (guint i = 0; i < n_sheets; i++)
        {
          g_autofree char *name = i == 0 ? g_strdup (registers[r].name)
                                         : g_strdup_printf ("%s(%u)", registers[r].name, i + 1);

          json_builder_add_string_value (b, name);
        }
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *id = fixture_id_number (rows[i].birth, rows[i].seq);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "key");
      json_builder_add_string_value (b, rows[i].key);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, rows[i].name);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "reasons");
      if (rows[i].reasons)
        json_builder_add_string_value (b, rows[i].reasons);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "days");
      if (rows[i].days >= -1)
        json_builder_add_int_value (b, rows[i].days);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, rows[i].state);
      json_builder_set_member_name (b, "age");
      if (rows[i].age >= 0)
        json_builder_add_int_value (b, rows[i].age);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  g_assert_true (json_generator_to_file (gen, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
run_checker (const char *xlsx,
             const char *expected)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-workbook.py", NULL);
  const char *argv[] = { PYTHON, script, xlsx, expected, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  /* MUYING_TEST_KEEP_WORKBOOKS=DIR keeps a copy of what was checked, for a look by hand. */
  if (g_getenv ("MUYING_TEST_KEEP_WORKBOOKS") != NULL)
    {
      const char *keep[] = { xlsx, expected };

      for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
        {
          g_autofree char *base = g_path_get_basename (keep[i]);
          g_autofree char *copy = g_build_filename (g_getenv ("MUYING_TEST_KEEP_WORKBOOKS"), base, NULL);
          g_autofree char *contents = NULL;
          gsize len;

          if (g_file_get_contents (keep[i], &contents, &len, NULL))
            g_file_set_contents (copy, contents, (gssize) len, NULL);
        }
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("check-workbook.py:\n%s%s", out, err);
      g_test_fail ();
    }
}

typedef struct
{
  double   last;
  guint    calls;
  gboolean monotonic;
  double   cancel_at;
  GCancellable *cancellable;
} Progress;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Progress *p = user_data;

  if (fraction < p->last)
    p->monotonic = FALSE;
  p->last = fraction;
  p->calls++;
  if (p->cancellable != NULL && fraction >= p->cancel_at)
    g_cancellable_cancel (p->cancellable);
}

static char *
export (StatsFixture *f,
        const char   *name,
        gboolean      deidentify,
        guint         rows_per_sheet)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  MuyingWorkbookOptions options = { 0 };
  Progress progress = { 0.0, 0, TRUE, 2.0, NULL };

  muying_period_init_statistical_year (&options.period, 2025);
  options.deidentify = deidentify;
  options.user = "admin";
  options.rule_set = f->rules;
  options.today = &f->today;
  options.max_register_rows = rows_per_sheet;
  g_assert_true (muying_workbook_export (f->store, path, &options, on_progress, &progress, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (progress.monotonic);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  return g_steal_pointer (&path);
}

static void
test_workbook (StatsFixture  *f,
               gconstpointer  data)
{
  g_autofree char *xlsx = NULL;
  g_autofree char *expected = NULL;
  MuyingPeriod period;

  if (!have_openpyxl ())
    {
      g_test_skip ("python3-openpyxl is not installed");
      return;
    }
  muying_period_init_statistical_year (&period, 2025);
  xlsx = export (f, "年报.xlsx", FALSE, 0);
  expected = write_expected (f, &period, FALSE, 0);
  run_checker (xlsx, expected);
}

/* LibreOffice opens the workbook: converted to one CSV per sheet, every sheet is there and the
 * cover names the period. Skipped where LibreOffice is not installed. */
static void
test_libreoffice (StatsFixture  *f,
                  gconstpointer  data)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *xlsx = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *outdir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_csv = 0;
  int status = -1;

  if (soffice == NULL)
    {
      g_test_skip ("LibreOffice (soffice) is not installed");
      return;
    }
  xlsx = export (f, "report.xlsx", FALSE, 0);
  profile = g_strdup_printf ("-env:UserInstallation=file://%s/lo-profile", f->dir);
  outdir = g_build_filename (f->dir, "lo-csv", NULL);
  {
    /* Token 12 = -1: one CSV per sheet (LibreOffice >= 7.2); UTF-8 (76). */
    const char *argv[] = { soffice, profile, "--headless", "--convert-to",
                           "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                           "--outdir", outdir, xlsx, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    g_test_message ("soffice: %s%s", out, err);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  dir = g_dir_open (outdir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (outdir, name, NULL);
      g_autofree char *contents = NULL;

      if (!g_str_has_suffix (name, ".csv"))
        continue;
      n_csv++;
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpuint (strlen (contents), >, 0);
      if (strstr (name, muying_workbook_sheet_names[0]) != NULL)
        g_assert_nonnull (strstr (contents, "2024-10-01"));
    }
  g_assert_cmpuint (n_csv, ==, G_N_ELEMENTS (muying_workbook_sheet_names));
}

/* The workbook prints: LibreOffice makes a PDF of it, and check-workbook-print.py checks the
 * page setup in the file and what came out (A4 landscape, one page wide, headers, footers,
 * fonts, charts clear of the tables). Skipped where LibreOffice is not installed. */
static void
test_print (StatsFixture  *f,
            gconstpointer  data)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-workbook-print.py", NULL);
  g_autofree char *xlsx = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (soffice == NULL)
    {
      g_test_skip ("LibreOffice (soffice) is not installed");
      return;
    }
  xlsx = export (f, "print.xlsx", FALSE, 0);
  profile = g_strdup_printf ("-env:UserInstallation=file://%s/lo-profile-print", f->dir);
  {
    const char *argv[] = { soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", f->dir, xlsx, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  pdf = g_build_filename (f->dir, "print.pdf", NULL);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  {
    const char *argv[] = { PYTHON, script, xlsx, pdf, NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    g_test_message ("check-workbook-print.py:\n%s%s", out, err);
    if (!g_spawn_check_wait_status (status, NULL))
      g_test_fail ();
  }
}

static void
test_deidentified (StatsFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *xlsx = NULL;
  g_autofree char *expected = NULL;
  MuyingPeriod period;

  if (!have_openpyxl ())
    {
      g_test_skip ("python3-openpyxl is not installed");
      return;
    }
  muying_period_init_statistical_year (&period, 2025);
  xlsx = export (f, "deid.xlsx", TRUE, 0);
  expected = write_expected (f, &period, TRUE, 0);
  run_checker (xlsx, expected);
}

static int
run_identity_check (const char *db,
                    const char *xlsx,
                    const char *mode)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-deidentified.py", NULL);
  const char *argv[] = { PYTHON, script, db, xlsx, mode, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("check-deidentified.py %s %s:\n%s%s", xlsx, mode, out, err);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

/* A demo data set exported by the command line, with and without --deidentify: the
 * de-identified workbook holds no name, phone number, ID number (nor 10 characters of one) and
 * no full date of anyone in the database, in any cell of any sheet or any part of the file;
 * the ordinary workbook does hold them (so the search can find them). */
static void
test_deidentified_demo (StatsFixture  *f,
                        gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "demo.db", NULL);
  g_autofree char *deid = g_build_filename (f->dir, "demo-deid.xlsx", NULL);
  g_autofree char *full = g_build_filename (f->dir, "demo-full.xlsx", NULL);
  const char *init[] = { "--db", db, "init", "--admin", "admin", NULL };
  const char *demo[] = { "--db", db, "--user", "admin", "demo", "--records", "20000", "--seed", "7", NULL };
  const char *export_deid[] = { "--db", db, "--user", "admin", "export", "--year", "2026", "--out", deid,
                                "--deidentify", NULL };
  const char *export_full[] = { "--db", db, "--user", "admin", "export", "--year", "2026", "--out", full, NULL };
  const char *odd_period[] = { "--db", db, "--user", "admin", "export", "--from", "2026-03-15", "--to", "2026-03-15",
                               "--out", deid, "--deidentify", NULL };
  const char * const *runs[] = { init, demo, export_deid, export_full };

  if (!have_openpyxl ())
    {
      g_test_skip ("python3-openpyxl is not installed");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (muying_test_run_cli (runs[i], "MUYING_PASSWORD=Muying2025", &out, &err), ==, 0);
    }
  g_assert_cmpint (run_identity_check (db, deid, "absent"), ==, 0);
  g_assert_cmpint (run_identity_check (db, full, "present"), ==, 0);
  g_assert_cmpint (run_identity_check (db, full, "absent"), ==, 1);

  /* A de-identified period is whole months: one day would date every record in it. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (g_unlink (deid), ==, 0);
    g_assert_cmpint (muying_test_run_cli (odd_period, "MUYING_PASSWORD=Muying2025", &out, &err), ==, 1);
    g_assert_false (g_file_test (deid, G_FILE_TEST_EXISTS));
  }
}

static void
test_register_split (StatsFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *xlsx = NULL;
  g_autofree char *expected = NULL;
  MuyingPeriod period;

  if (!have_openpyxl ())
    {
      g_test_skip ("python3-openpyxl is not installed");
      return;
    }
  /* Three rows per sheet instead of Excel's 1,048,575: the 4 two-cancer cases take 2 sheets. */
  muying_period_init_statistical_year (&period, 2025);
  xlsx = export (f, "split.xlsx", FALSE, 3);
  expected = write_expected (f, &period, FALSE, 3);
  run_checker (xlsx, expected);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_audit (StatsFixture  *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *xlsx = export (f, "audit.xlsx", TRUE, 0);
  const char *detail;

  stmt = muying_store_prepare (f->store, "SELECT user_name, detail FROM audit WHERE action = 'export'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "admin");
  detail = (const char *) sqlite3_column_text (stmt, 1);
  g_assert_nonnull (strstr (detail, "\"file\":\"audit.xlsx\""));
  g_assert_nonnull (strstr (detail, "\"from\":\"2024-10-01\""));
  g_assert_nonnull (strstr (detail, "\"to\":\"2025-09-30\""));
  g_assert_nonnull (strstr (detail, "\"deidentified\":true"));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_true (muying_store_verify_audit (f->store, NULL, &error));
  g_assert_no_error (error);
}

static void
test_failures (StatsFixture  *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "年报.xlsx", NULL);
  g_autofree char *out_dir = g_build_filename (f->dir, "out", NULL);
  g_autofree char *late = g_build_filename (out_dir, "late.xlsx", NULL);
  g_autofree char *early = g_build_filename (out_dir, "early.xlsx", NULL);
  MuyingWorkbookOptions options = { 0 };
  Progress progress = { 0.0, 0, TRUE, 0.9, cancellable };

  muying_period_init_statistical_year (&options.period, 2025);
  options.today = &f->today;

  /* A folder that does not exist: a clear error, nothing written. */
  g_assert_false (muying_workbook_export (f->store, missing, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_clear_error (&error);

  /* Cancelled before anything: no file. */
  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  g_cancellable_cancel (cancellable);
  g_assert_false (muying_workbook_export (f->store, early, &options, NULL, NULL, cancellable, &error));
  g_assert_error (error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (out_dir), ==, 0);

  /* Cancelled while the zip is being written (after the last progress report before
   * workbook_close): the temporary file is removed, the destination never appears. */
  g_cancellable_reset (cancellable);
  g_assert_false (muying_workbook_export (f->store, late, &options, on_progress, &progress, cancellable, &error));
  g_assert_error (error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (out_dir), ==, 0);
  g_clear_error (&error);

  /* An existing file is replaced only by a complete workbook. */
  g_assert_true (g_file_set_contents (late, "old", -1, NULL));
  g_cancellable_reset (cancellable);
  progress = (Progress) { 0.0, 0, TRUE, 0.9, cancellable };
  g_assert_false (muying_workbook_export (f->store, late, &options, on_progress, &progress, cancellable, &error));
  g_clear_error (&error);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (late, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "old");
  }
  g_assert_cmpuint (count_files (out_dir), ==, 1);
}

static void
test_cli (StatsFixture  *f,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *xlsx = g_build_filename (f->dir, "cli.xlsx", NULL);
  const char *init[] = { "--db", f->path, "init", "--admin", "admin", NULL };
  const char *export_ok[] = { "--db", f->path, "--user", "admin", "export", "--year", "2025", "--out", xlsx,
                              "--deidentify", NULL };
  const char *no_user[] = { "--db", f->path, "export", "--year", "2025", "--out", xlsx, NULL };
  const char *no_out[] = { "--db", f->path, "--user", "admin", "export", "--year", "2025", NULL };

  g_assert_cmpint (muying_test_run_cli (init, "MUYING_PASSWORD=Muying2025", &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (muying_test_run_cli (export_ok, "MUYING_PASSWORD=Muying2025", &out, &err), ==, 0);
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (g_unlink (xlsx), ==, 0);
  /* Exporting needs a user (docs/cli.md), and the right password. */
  g_assert_cmpint (muying_test_run_cli (no_user, "MUYING_PASSWORD=Muying2025", &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (muying_test_run_cli (export_ok, "MUYING_PASSWORD=wrong-password1", &out, &err), ==, 1);
  g_assert_false (g_file_test (xlsx, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (muying_test_run_cli (no_out, "MUYING_PASSWORD=Muying2025", &out, &err), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/workbook/" path, StatsFixture, NULL, stats_fixture_set_up, func, stats_fixture_tear_down)
  ADD ("read-back", test_workbook);
  ADD ("deidentified", test_deidentified);
  ADD ("deidentified-demo", test_deidentified_demo);
  ADD ("libreoffice", test_libreoffice);
  ADD ("print", test_print);
  ADD ("register-split", test_register_split);
  ADD ("audit", test_audit);
  ADD ("failures", test_failures);
  ADD ("cli", test_cli);
#undef ADD

  return g_test_run ();
}
