/* test-cli-import.c: `muying-cli classify` and `muying-cli import` (docs/cli.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "muying-store.h"
#include "muying-store-location.h"
#include "muying-test-pg.h"
#include "muying-test-utils.h"

#define ADMIN_PW "Admin2024pw"

static int
run_cli_env (const char * const *args,
             const char         *env,
             char              **out,
             char              **err)
{
  int status = muying_test_run_cli (args, env, out, err);

  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", status, *out, *err);
  return status;
}

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  return run_cli_env (args, NULL, out, err);
}

static void
test_classify_csv (void)
{
  g_autofree char *file = muying_test_data_path ("prenatal-good-en.csv");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *db = muying_store_default_path ();
  const char *args[] = { "classify", "--program", "prenatal", file, NULL };

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==,
                   "line,key,level,reasons\n"
                   "2,P2026-0001,low,\n"
                   "3,P2026-0002,high,T21_HIGH\n"
                   "4,P2026-0003,high,AMA;ONTD_HIGH;T21_BORDERLINE\n"
                   "5,P2026-0004,high,NIPT_HIGH_T21;NTD_ASSESS\n"
                   "6,P2026-0005,intermediate,NIPT_REDRAW;NTD_ASSESS\n"
                   "7,P2026-0006,intermediate,AMA;GA_OUT_OF_WINDOW\n");
  g_assert_cmpstr (err, ==, "");
  /* no database is created or opened */
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

static void
test_classify_json (void)
{
  g_autofree char *file = muying_test_data_path ("newborn-good-en.csv");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *args[] = { "classify", "--program", "newborn", file, "--format", "json", NULL };
  JsonArray *rows, *reasons;
  JsonObject *row;

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 7);

  row = json_array_get_object_element (rows, 0);
  g_assert_cmpint (json_object_get_int_member (row, "line"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "key"), ==, "N2026-0001");
  g_assert_cmpstr (json_object_get_string_member (row, "level"), ==, "low");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (row, "reasons")), ==, 0);

  row = json_array_get_object_element (rows, 2);
  g_assert_cmpint (json_object_get_int_member (row, "line"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (row, "key"), ==, "N2026-0003");
  g_assert_cmpstr (json_object_get_string_member (row, "level"), ==, "high");
  reasons = json_object_get_array_member (row, "reasons");
  g_assert_cmpuint (json_array_get_length (reasons), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (reasons, 0), ==, "GJB2_BIALLELIC");
  g_assert_cmpstr (json_array_get_string_element (reasons, 1), ==, "RESCREEN_DUE");
}

static void
test_classify_rejected (void)
{
  g_autofree char *file = muying_test_data_path ("prenatal-excel-id.csv");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *args[] = { "classify", "--program", "prenatal", "--format", "csv", file, NULL };

  g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "line,key,level,reasons\n2,P2026-4001,low,\n");
  lines = g_strsplit (g_strchomp (err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_nonnull (strstr (lines[0], "1.10105E+17"));
  g_assert_nonnull (strstr (lines[1], "110105199304088000"));
  g_assert_nonnull (strstr (lines[2], "2.02604E+11"));
}

static void
test_classify_usage (void)
{
  g_autofree char *file = muying_test_data_path ("prenatal-good-en.csv");
  g_autofree char *missing = muying_test_data_path ("no-such-file.csv");
  const char *no_program[] = { "classify", file, NULL };
  const char *bad_program[] = { "classify", "--program", "dental", file, NULL };
  const char *no_file[] = { "classify", "--program", "prenatal", NULL };
  const char *two_files[] = { "classify", "--program", "prenatal", file, file, NULL };
  const char *bad_format[] = { "classify", "--program", "prenatal", "--format", "xml", file, NULL };
  const char *bad_option[] = { "classify", "--program", "prenatal", "--frob", file, NULL };
  const char *not_found[] = { "classify", "--program", "prenatal", missing, NULL };
  const char * const *usage[] = { no_program, bad_program, no_file, two_files, bad_format, bad_option };

  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (usage[i], &out, &err), ==, 2);
      g_assert_cmpstr (err, !=, "");
    }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    /* the command ran, the file was not there */
    g_assert_cmpint (run_cli (not_found, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "no-such-file.csv"));
  }
}

#define ON_SERVER GINT_TO_POINTER (1)

/* A new database with the administrator "boss": a file in @dir, or (@data ON_SERVER) the
 * database on the test server that file was moved to — the same commands then run on it. */
static char *
new_database (const char    *dir,
              gconstpointer  data)
{
  g_autofree char *file = g_build_filename (dir, "cli.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *init[] = { "--db", file, "init", "--admin", "boss", NULL };
  char *uri;

  g_assert_cmpint (run_cli_env (init, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 0);
  if (data != ON_SERVER)
    return g_steal_pointer (&file);
  uri = muying_test_pg_create_database ("cliimport");
  {
    const char *move[] = { "--db", file, "--user", "boss", "migrate-db", "--to", uri, NULL };
    g_autofree char *move_out = NULL;
    g_autofree char *move_err = NULL;

    g_assert_cmpint (run_cli_env (move, "MUYING_PASSWORD=" ADMIN_PW, &move_out, &move_err), ==, 0);
  }
  return uri;
}

static void
drop_database (const char *location)
{
  if (muying_store_location_is_server (location))
    muying_test_pg_drop_database (location);
}

static void
test_import (gconstpointer data)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = new_database (dir, data);
  g_autofree char *report = g_build_filename (dir, "rejected.csv", NULL);
  g_autofree char *good = muying_test_data_path ("two-cancer-good-en.csv");
  g_autofree char *bad = muying_test_data_path ("prenatal-excel-id.csv");
  g_autofree char *contents = NULL;
  const char *first[] = { "--db", db, "--user", "boss", "import", "--program", "two_cancer", good, NULL };
  const char *again[] = { "--db", db, "--user", "boss", "import", "--program", "two_cancer", good,
                          "--format", "json", NULL };
  const char *with_bad[] = { "--db", db, "--user", "boss", "import", "--program", "prenatal", bad,
                             "--report", report, NULL };
  const char *no_user[] = { "--db", db, "import", "--program", "two_cancer", good, NULL };
  const char *no_program[] = { "--db", db, "--user", "boss", "import", good, NULL };
  const char *no_file[] = { "--db", db, "--user", "boss", "import", "--program", "two_cancer", NULL };

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli_env (first, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "7"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *summary;

    /* the same file again: idempotent */
    g_assert_cmpint (run_cli_env (again, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    summary = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (summary, "program"), ==, "two_cancer");
    g_assert_cmpint (json_object_get_int_member (summary, "read"), ==, 7);
    g_assert_cmpint (json_object_get_int_member (summary, "inserted"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (summary, "updated"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (summary, "unchanged"), ==, 7);
    g_assert_cmpint (json_object_get_int_member (summary, "rejected"), ==, 0);
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    /* rejected rows: exit 1, the valid row is saved, the report is written */
    g_assert_cmpint (run_cli_env (with_bad, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "1.10105E+17"));
    g_assert_true (g_file_get_contents (report, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "line,column,reason,"));
    g_assert_nonnull (strstr (contents, "\r\n3,id_number,"));
    g_assert_nonnull (strstr (contents, "\r\n4,id_number,"));
    g_assert_nonnull (strstr (contents, "\r\n5,sample_no,"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    /* a write needs a user (bad usage without one) and the right password */
    g_assert_cmpint (run_cli_env (no_user, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli_env (first, "MUYING_PASSWORD=wrong-password-1", &out, &err), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli_env (no_program, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli_env (no_file, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 2);
  }
  drop_database (db);
  muying_test_rm_rf (dir);
}

/* A sample date of 9999-12-31 is a real day outside the accepted years: the message says so,
 * in import, classify and the --today of the worklist. */
static void
test_date_out_of_range (gconstpointer data)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = new_database (dir, data);
  g_autofree char *csv = g_build_filename (dir, "far.csv", NULL);
  g_autofree char *good = muying_test_data_path ("prenatal-good-en.csv");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *far = NULL;
  const char *import[] = { "--db", db, "--user", "boss", "import", "--program", "prenatal", csv, NULL };
  const char *classify[] = { "classify", "--program", "prenatal", csv, NULL };
  const char *worklist[] = { "--db", db, "worklist", "--today", "9999-12-31", NULL };
  const char * const *runs[] = { import, classify, worklist };

  g_assert_true (g_file_get_contents (good, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", 3);
  g_assert_nonnull (strstr (lines[1], ",2026-03-10,"));
  {
    g_auto(GStrv) parts = g_strsplit (lines[1], ",2026-03-10,", 2);
    far = g_strconcat (lines[0], "\n", parts[0], ",9999-12-31,", parts[1], "\n", NULL);
  }
  g_assert_true (g_file_set_contents (csv, far, -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli_env (runs[i], "MUYING_PASSWORD=" ADMIN_PW, &out, &err), !=, 0);
      g_assert_nonnull (strstr (err, "“9999-12-31”超出可接受的日期范围（1900 年至 2999 年）"));
      g_assert_null (strstr (err, "不是有效的日历日期"));
    }
  drop_database (db);
  muying_test_rm_rf (dir);
}

/* An Excel workbook: the same guarantees as a CSV file (rejected rows with Excel's row numbers
 * in the report, exit 1, the valid row saved; a second import changes nothing). */
static void
test_import_xlsx (gconstpointer data)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = new_database (dir, data);
  g_autofree char *report = g_build_filename (dir, "rejected.csv", NULL);
  g_autofree char *file = muying_test_data_path ("prenatal-numeric-id.xlsx");
  g_autofree char *contents = NULL;
  const char *first[] = { "--db", db, "--user", "boss", "import", "--program", "prenatal", file,
                          "--report", report, NULL };
  const char *again[] = { "--db", db, "--user", "boss", "import", "--program", "prenatal", file,
                          "--format", "json", NULL };

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli_env (first, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "1.10105E+17"));
    g_assert_true (g_file_get_contents (report, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "\r\n3,id_number,"));
    g_assert_nonnull (strstr (contents, "\r\n4,id_number,"));
    g_assert_nonnull (strstr (contents, "\r\n5,sample_no,"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *summary;

    g_assert_cmpint (run_cli_env (again, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 1);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    summary = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (summary, "read"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (summary, "inserted"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (summary, "unchanged"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (summary, "rejected"), ==, 3);
  }
  drop_database (db);
  muying_test_rm_rf (dir);
}

/* The follow-on files from the command line: after the screening records, the rows find their
 * cases; a row without one is kept and counted as unlinked (text and JSON, a warning per row); a row
 * the case contradicts is rejected with its reason, line and column, in the report too. */
static void
test_import_follow_on (gconstpointer data)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = new_database (dir, data);
  g_autofree char *report = g_build_filename (dir, "rejected.csv", NULL);
  g_autofree char *prenatal = muying_test_data_path ("prenatal-good-en.csv");
  g_autofree char *newborn = muying_test_data_path ("newborn-good-en.csv");
  g_autofree char *diagnoses = muying_test_data_path ("prenatal-diagnosis-good-en.csv");
  g_autofree char *outcomes = muying_test_data_path ("pregnancy-outcome-invalid.csv");
  g_autofree char *audiology = muying_test_data_path ("audiology-unlinked.csv");
  g_autofree char *contents = NULL;
  const char *seed_prenatal[] = { "--db", db, "--user", "boss", "import", "--program", "prenatal", prenatal, NULL };
  const char *seed_newborn[] = { "--db", db, "--user", "boss", "import", "--program", "newborn", newborn, NULL };
  const char *diagnosis_text[] = { "--db", db, "--user", "boss", "import", "--program", "prenatal_diagnosis",
                                   diagnoses, NULL };
  const char *audiology_json[] = { "--db", db, "--user", "boss", "import", "--program", "audiology", audiology,
                                   "--format", "json", NULL };
  const char *outcome_report[] = { "--db", db, "--user", "boss", "import", "--program", "pregnancy_outcome",
                                   outcomes, "--report", report, NULL };
  const char *bad_kind[] = { "--db", db, "--user", "boss", "import", "--program", "dental", audiology, NULL };
  const char *no_kind[] = { "--db", db, "--user", "boss", "import", audiology, NULL };
  const char * const *seeds[] = { seed_prenatal, seed_newborn };

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli_env (seeds[i], "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 0);
    }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli_env (diagnosis_text, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "读取 3 行：新增 3，更新 0，未变 0，拒绝 0；未关联 0 行（找不到对应的筛查个案，已保存为未关联）\n");
    g_assert_cmpstr (err, ==, "");
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *summary;

    g_assert_cmpint (run_cli_env (audiology_json, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    summary = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (summary, "program"), ==, "audiology");
    g_assert_cmpint (json_object_get_int_member (summary, "read"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (summary, "inserted"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (summary, "rejected"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (summary, "unlinked"), ==, 1);
    g_assert_cmpstr (err, ==, "muying-cli: 第 3 行：找不到对应的筛查个案，已保存为“未关联”，可手工关联\n");
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_cmpint (run_cli_env (outcome_report, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 1);
    g_assert_cmpstr (out, ==, "读取 5 行：新增 1，更新 0，未变 0，拒绝 4；未关联 0 行（找不到对应的筛查个案，已保存为未关联）\n");
    lines = g_strsplit (g_strchomp (err), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 4);
    g_assert_true (g_str_has_prefix (lines[0], "第 2 行，“结局日期”列："));
    g_assert_nonnull (strstr (lines[0], "2026-04-15"));
    g_assert_true (g_str_has_prefix (lines[1], "第 4 行，“结局日期”列："));
    g_assert_nonnull (strstr (lines[1], "2026-10-20"));
    g_assert_true (g_str_has_prefix (lines[2], "第 5 行，“缺陷类别”列："));
    g_assert_true (g_str_has_prefix (lines[3], "第 6 行，“妊娠结局”列：“born”"));
    g_assert_true (g_file_get_contents (report, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "line,column,reason,id_number,edd,end_date,"));
    g_assert_nonnull (strstr (contents, "\r\n2,end_date,"));
    g_assert_nonnull (strstr (contents, "\r\n4,end_date,"));
    g_assert_nonnull (strstr (contents, "\r\n5,condition,"));
    g_assert_nonnull (strstr (contents, "\r\n6,outcome,"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli_env (bad_kind, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "“dental”"));
    g_assert_nonnull (strstr (err, "prenatal_diagnosis、pregnancy_outcome 或 audiology"));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli_env (no_kind, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "prenatal_diagnosis、pregnancy_outcome 或 audiology"));
  }
  drop_database (db);
  muying_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli-import/classify-csv", test_classify_csv);
  g_test_add_func ("/cli-import/classify-json", test_classify_json);
  g_test_add_func ("/cli-import/classify-rejected", test_classify_rejected);
  g_test_add_func ("/cli-import/classify-usage", test_classify_usage);
  g_test_add_data_func ("/cli-import/import", NULL, test_import);
  g_test_add_data_func ("/cli-import/date-out-of-range", NULL, test_date_out_of_range);

  g_test_add_data_func ("/cli-import/import-xlsx", NULL, test_import_xlsx);
  g_test_add_data_func ("/cli-import/import-follow-on", NULL, test_import_follow_on);
  /* The same imports into a database on the server (build-aux/test starts one). */
  if (muying_test_pg_server () != NULL)
    {
      g_setenv ("PGPASSFILE", muying_test_pg_passfile (), TRUE);
      g_test_add_data_func ("/cli-import/server/import", ON_SERVER, test_import);
      g_test_add_data_func ("/cli-import/server/date-out-of-range", ON_SERVER, test_date_out_of_range);
      g_test_add_data_func ("/cli-import/server/import-xlsx", ON_SERVER, test_import_xlsx);
      g_test_add_data_func ("/cli-import/server/import-follow-on", ON_SERVER, test_import_follow_on);
    }
  return g_test_run ();
}
