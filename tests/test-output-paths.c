/* test-output-paths.c: no output may land on the database (muying-output-path.h)
 *
 *   /output-paths/cli/…        one mistyped argument of muying-cli: refused with exit status 1
 *                              and a Chinese message, the database byte for byte as it was
 *   /output-paths/check        the rules of muying_output_path_check one by one
 *   /output-paths/permissions  report, workbook and backup are owner-only even under umask 000
 *   /output-paths/failure      a failed export leaves the earlier file and no temporary file
 *   /output-paths/stale-temp   the old temporary file of a killed export goes at the next export
 *   /output-paths/input/…      devices, pipes and folders refused; the size cap counted on read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "muying-csv-reader.h"
#include "muying-error.h"
#include "muying-i18n.h"
#include "muying-importer.h"
#include "muying-output-path.h"
#include "muying-store-backup.h"
#include "muying-test-utils.h"
#include "muying-workbook.h"

#define ADMIN_PW "Admin2024pw"

typedef struct
{
  char *dir;
  char *db;
  char *db_bytes;
  gsize db_len;
} CliFixture;

static void
read_file (const char *path,
           char      **contents,
           gsize      *len)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, contents, len, &error));
  g_assert_no_error (error);
}

static void
cli_fixture_set_up (CliFixture    *f,
                    gconstpointer  data)
{
  const char *init[] = { "--db", NULL, "init", "--admin", "boss", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *wal = NULL;

  f->dir = muying_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "m.db", NULL);
  init[1] = f->db;
  g_assert_cmpint (muying_test_run_cli (init, "MUYING_PASSWORD=" ADMIN_PW, &out, &err), ==, 0);
  wal = g_strconcat (f->db, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  read_file (f->db, &f->db_bytes, &f->db_len);
}

static void
cli_fixture_tear_down (CliFixture    *f,
                       gconstpointer  data)
{
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->db_bytes);
}

static void
assert_db_unchanged (CliFixture *f)
{
  g_autofree char *now = NULL;
  gsize len = 0;

  read_file (f->db, &now, &len);
  g_assert_cmpmem (now, len, f->db_bytes, f->db_len);
}

/* Runs muying-cli with @args after "--db DB --user boss"; asserts the refusal. */
static void
assert_refused (CliFixture         *f,
                const char * const *args,
                const char         *message)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  g_ptr_array_add (argv, (gpointer) "--user");
  g_ptr_array_add (argv, (gpointer) "boss");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  status = muying_test_run_cli ((const char * const *) argv->pdata, "MUYING_PASSWORD=" ADMIN_PW, &out, &err);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", status, out, err);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, message));
  assert_db_unchanged (f);
}

static void
test_cli_export_db (CliFixture    *f,
                    gconstpointer  data)
{
  const char *args[] = { "export", "--year", "2026", "--out", f->db, NULL };

  assert_refused (f, args, "就是数据库文件本身");
}

static void
test_cli_export_dot_db (CliFixture    *f,
                        gconstpointer  data)
{
  g_autofree char *dotted = g_build_filename (f->dir, ".", "m.db", NULL);
  const char *args[] = { "export", "--year", "2026", "--out", dotted, NULL };

  assert_refused (f, args, "就是数据库文件本身");
}

static void
test_cli_export_wal (CliFixture    *f,
                     gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  const char *args[] = { "export", "--year", "2026", "--out", wal, NULL };

  assert_refused (f, args, "数据库的工作文件");
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_cli_export_symlink (CliFixture    *f,
                         gconstpointer  data)
{
  g_autofree char *link = g_build_filename (f->dir, "report.xlsx", NULL);
  const char *args[] = { "export", "--year", "2026", "--out", link, NULL };

  g_assert_cmpint (symlink (f->db, link), ==, 0);
  assert_refused (f, args, "就是数据库文件本身");
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
}

static void
test_cli_export_other_database (CliFixture    *f,
                                gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;
  const char *args[] = { "export", "--year", "2026", "--out", other, NULL };

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MuyingStore) store = muying_store_create (other, &error);

    g_assert_no_error (error);
  }
  read_file (other, &before, &before_len);
  assert_refused (f, args, "是数据库文件，不会被覆盖");
  read_file (other, &after, &after_len);
  g_assert_cmpmem (after, after_len, before, before_len);
}

static void
test_cli_export_backups_folder (CliFixture    *f,
                                gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *inside = g_build_filename (folder, "2026.xlsx", NULL);
  const char *args[] = { "export", "--year", "2026", "--out", inside, NULL };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  assert_refused (f, args, "位于备份文件夹");
  g_assert_false (g_file_test (inside, G_FILE_TEST_EXISTS));
}

static void
test_cli_report_db (CliFixture    *f,
                    gconstpointer  data)
{
  g_autofree char *csv = muying_test_data_path ("prenatal-excel-id.csv");
  const char *args[] = { "import", "--program", "prenatal", csv, "--report", f->db, NULL };

  /* Refused before anything is imported: the database is not touched at all. */
  assert_refused (f, args, "就是数据库文件本身");
}

static void
test_cli_backup_db (CliFixture    *f,
                    gconstpointer  data)
{
  const char *args[] = { "backup", "--force", f->db, NULL };
  g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);
  const char *args_shm[] = { "backup", "--force", shm, NULL };

  assert_refused (f, args, "就是数据库文件本身");
  assert_refused (f, args_shm, "数据库的工作文件");
}

/* ---- the rules one by one, in-process ------------------------------------------------------- */

static void
test_check (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "m.db", NULL);
  g_autofree char *journal = g_strconcat (db, "-journal", NULL);
  g_autofree char *hard = g_build_filename (dir, "hard-link", NULL);
  g_autofree char *fine = g_build_filename (dir, "fine.xlsx", NULL);
  g_autofree char *chosen = g_build_filename (dir, "chosen-backups", NULL);
  g_autofree char *in_chosen = g_build_filename (chosen, "a.csv", NULL);
  g_autofree char *text = g_build_filename (dir, "old.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (db, &error);

  g_assert_no_error (error);
  g_assert_true (muying_output_path_check (store, fine, &error));
  g_assert_no_error (error);

  /* an existing text file may be replaced */
  g_assert_true (g_file_set_contents (text, "a,b\n", -1, NULL));
  g_assert_true (muying_output_path_check (store, text, &error));
  g_assert_no_error (error);

  g_assert_false (muying_output_path_check (store, journal, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* the same file under another name */
  g_assert_cmpint (link (db, hard), ==, 0);
  g_assert_false (muying_output_path_check (store, hard, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* the folder of the daily-backup setting */
  g_assert_true (muying_output_path_check (store, in_chosen, &error));
  muying_output_path_protect_folder (chosen);
  g_assert_false (muying_output_path_check (store, in_chosen, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* folders and devices */
  g_assert_false (muying_output_path_check (store, dir, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (muying_output_path_check (NULL, "/dev/null", &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* without a store: still never over a database */
  g_assert_false (muying_output_path_check (NULL, db, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_clear_object (&store);
  muying_test_rm_rf (dir);
}

/* ---- permissions and failures --------------------------------------------------------------- */

static MuyingImportReport *
rejected_report (void)
{
  g_autofree char *csv = muying_test_data_path ("prenatal-excel-id.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) rules = muying_rule_set_new_default (&error);
  g_autoptr(MuyingImporter) importer = NULL;
  MuyingImportReport *report;

  g_assert_no_error (error);
  importer = muying_importer_new (MUYING_PROGRAM_PRENATAL, rules);
  report = muying_importer_validate (importer, csv, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->rejected_rows->len, >, 0);
  return report;
}

static void
assert_owner_only (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
assert_no_temp_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_test_message ("in the folder: %s", name);
      g_assert_false (name[0] == '.');
      g_assert_null (strstr (name, ".part-"));
    }
}

static void
test_permissions (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *db = g_build_filename (dir, "m.db", NULL);
  g_autofree char *report_path = g_build_filename (out_dir, "rejected.csv", NULL);
  g_autofree char *workbook = g_build_filename (out_dir, "2026.xlsx", NULL);
  g_autofree char *backup = g_build_filename (out_dir, "copy.db", NULL);
  g_autoptr(MuyingImportReport) report = rejected_report ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (db, &error);
  MuyingWorkbookOptions options = { 0 };
  mode_t old_umask;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  old_umask = umask (0);

  g_assert_true (muying_import_report_write_rejected (report, store, report_path, &error));
  g_assert_no_error (error);
  assert_owner_only (report_path);
  /* replacing an existing world-readable file gives an owner-only one too */
  g_assert_cmpint (g_chmod (report_path, 0666), ==, 0);
  g_assert_true (muying_import_report_write_rejected (report, store, report_path, &error));
  assert_owner_only (report_path);

  muying_period_init_statistical_year (&options.period, 2026);
  g_assert_true (muying_workbook_export (store, workbook, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_owner_only (workbook);

  g_assert_true (muying_store_backup (store, backup, NULL, MUYING_BACKUP_FLAGS_NONE, &error));
  g_assert_no_error (error);
  assert_owner_only (backup);

  umask (old_umask);
  assert_no_temp_files (out_dir);
  g_clear_object (&store);
  muying_test_rm_rf (dir);
}

static void
test_failure_keeps_old_file (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *db = g_build_filename (dir, "m.db", NULL);
  g_autofree char *workbook = g_build_filename (out_dir, "2026.xlsx", NULL);
  g_autofree char *report_path = g_build_filename (out_dir, "rejected.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(MuyingImportReport) report = rejected_report ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (db, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  MuyingWorkbookOptions options = { 0 };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (workbook, "previous", -1, NULL));

  /* a cancelled export: the earlier file stays as it was, no temporary file is left */
  muying_period_init_statistical_year (&options.period, 2026);
  g_cancellable_cancel (cancellable);
  g_assert_false (muying_workbook_export (store, workbook, &options, NULL, NULL, cancellable, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (workbook, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "previous");
  g_clear_pointer (&contents, g_free);

  /* a report that cannot be written (read-only folder): nothing changes */
  g_assert_true (g_file_set_contents (report_path, "previous report", -1, NULL));
  g_assert_cmpint (g_chmod (out_dir, 0500), ==, 0);
  if (access (out_dir, W_OK) != 0)   /* root may write anyway */
    {
      g_assert_false (muying_import_report_write_rejected (report, store, report_path, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      g_assert_true (g_file_get_contents (report_path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "previous report");
    }
  g_assert_cmpint (g_chmod (out_dir, 0700), ==, 0);
  assert_no_temp_files (out_dir);

  g_clear_object (&store);
  muying_test_rm_rf (dir);
}

static void
make_file_aged (const char *path,
                gint64      age_seconds)
{
  struct utimbuf times;

  g_assert_true (g_file_set_contents (path, "records of a killed export", -1, NULL));
  times.actime = times.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - age_seconds);
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* A killed export leaves its temporary file: the next export of the same name removes it when it
 * is old, and keeps a young one (a write in progress), another name's and a foreign file. */
static void
test_stale_temp_removed (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "m.db", NULL);
  g_autofree char *workbook = g_build_filename (dir, "2026.xlsx", NULL);
  g_autofree char *stale = g_build_filename (dir, ".2026.xlsx.a1B2c3", NULL);
  g_autofree char *young = g_build_filename (dir, ".2026.xlsx.Zz9Yy8", NULL);
  g_autofree char *other = g_build_filename (dir, ".2025.xlsx.a1B2c3", NULL);
  g_autofree char *foreign = g_build_filename (dir, ".2026.xlsx.notes", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (db, &error);
  MuyingWorkbookOptions options = { 0 };

  g_assert_no_error (error);
  make_file_aged (stale, 2 * MUYING_OUTPUT_PATH_STALE_SECONDS);
  make_file_aged (young, 60);
  make_file_aged (other, 2 * MUYING_OUTPUT_PATH_STALE_SECONDS);
  make_file_aged (foreign, 2 * MUYING_OUTPUT_PATH_STALE_SECONDS);

  muying_period_init_statistical_year (&options.period, 2026);
  g_assert_true (muying_workbook_export (store, workbook, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (workbook, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (young, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (foreign, G_FILE_TEST_IS_REGULAR));

  g_clear_object (&store);
  muying_test_rm_rf (dir);
}

/* ---- input files ---------------------------------------------------------------------------- */

static void
test_input_not_regular (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *fifo = g_build_filename (dir, "pipe.csv", NULL);
  const char *refused[] = { "/dev/zero", fifo, dir };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gint64 start = g_get_monotonic_time ();

      g_test_message ("input %s", refused[i]);
      bytes = muying_csv_read_file (refused[i], MUYING_CSV_MAX_FILE_SIZE, &error);
      g_assert_null (bytes);
      g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
      g_assert_true (strstr (error->message, "不是普通文件") != NULL || strstr (error->message, "是文件夹") != NULL);
      /* refused at once, not after reading: a pipe without a writer does not block */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
    }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *args[] = { "classify", "--program", "prenatal", "/dev/zero", NULL };

    g_assert_cmpint (muying_test_run_cli (args, NULL, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "不是普通文件"));
  }
  muying_test_rm_rf (dir);
}

static void
test_input_cap_counted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GStatBuf st;

  /* /proc files say size 0 but have contents: only counting while reading catches them. */
  g_assert_cmpint (g_stat ("/proc/self/maps", &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);
  bytes = muying_csv_read_file ("/proc/self/maps", 64, &error);
  g_assert_null (bytes);
  g_assert_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "拆分"));
  g_clear_error (&error);

  bytes = muying_csv_read_file ("/proc/self/maps", 64 * 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  muying_i18n_init ();

#define ADD_CLI(name, func) \
  g_test_add ("/output-paths/cli/" name, CliFixture, NULL, cli_fixture_set_up, func, cli_fixture_tear_down)
  ADD_CLI ("export-out-db", test_cli_export_db);
  ADD_CLI ("export-out-dot-db", test_cli_export_dot_db);
  ADD_CLI ("export-out-wal", test_cli_export_wal);
  ADD_CLI ("export-out-symlink", test_cli_export_symlink);
  ADD_CLI ("export-out-other-database", test_cli_export_other_database);
  ADD_CLI ("export-out-backups-folder", test_cli_export_backups_folder);
  ADD_CLI ("import-report-db", test_cli_report_db);
  ADD_CLI ("backup-onto-db", test_cli_backup_db);
#undef ADD_CLI
  g_test_add_func ("/output-paths/check", test_check);
  g_test_add_func ("/output-paths/permissions", test_permissions);
  g_test_add_func ("/output-paths/failure", test_failure_keeps_old_file);
  g_test_add_func ("/output-paths/stale-temp", test_stale_temp_removed);
  g_test_add_func ("/output-paths/input/not-regular", test_input_not_regular);
  g_test_add_func ("/output-paths/input/cap-counted", test_input_cap_counted);

  return g_test_run ();
}
