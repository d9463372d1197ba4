/* test-backup.c: the backup at scale — flat memory, progress, cancellation, space
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "muying-error.h"
#include "muying-store-backup.h"
#include "muying-store-sql.h"
#include "muying-store-users.h"
#include "muying-test-utils.h"

#define ADMIN_PASSWORD "Boss2024pw"
#define MB (G_GINT64_CONSTANT (1) << 20)

/* A database with an administrator and @megabytes of filler rows (random, so they do not
 * compress and every page is different). */
static MuyingStore *
make_filled_store (const char *path,
                   int         megabytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) boss = NULL;
  g_autofree char *sql = NULL;
  MuyingStore *store = muying_store_create (path, &error);

  g_assert_no_error (error);
  boss = muying_store_create_first_admin (store, "boss", "管理员", ADMIN_PASSWORD, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("CREATE TABLE filler (x BLOB); "
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
                         "INSERT INTO filler SELECT randomblob(4000) FROM n",
                         megabytes * 256);
  g_assert_true (muying_store_exec (store, "BEGIN", &error));
  g_assert_true (muying_store_exec (store, sql, &error));
  g_assert_true (muying_store_exec (store, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_assert_no_error (error);
  return store;
}

/* Runs muying-cli with @args and returns its peak resident memory in KiB (ru_maxrss of the
 * child, measured by the kernel over the child's whole life). */
static long
cli_peak_kib (const char * const *args,
              int                *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "MUYING_PASSWORD", ADMIN_PASSWORD, TRUE);
  g_autoptr(GError) error = NULL;
  struct rusage usage = { 0 };
  GPid pid;
  int raw = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MUYING_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_async (NULL, (char **) argv->pdata, envp,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wait4 (pid, &raw, 0, &usage), ==, pid);
  g_assert_true (WIFEXITED (raw));
  *status = WEXITSTATUS (raw);
  return usage.ru_maxrss;
}

/* The backup of a 192 MB database costs the command no more memory than signing in to it: the
 * copy, the check and the SHA-256 all stream (a whole-file mapping to hash it put every page of
 * the file in the process's resident memory, and with it 192 MB more; a check of the file
 * through the store's 64 MiB page cache filled all of it). */
static void
test_memory_flat (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "big.db", NULL);
  g_autofree char *out = g_build_filename (dir, "copy.db", NULL);
  g_autoptr(MuyingStore) store = make_filled_store (db, 192);
  const char *login_args[] = { "--db", db, "--user", "boss", "user", "list", NULL };
  const char *backup_args[] = { "--db", db, "--user", "boss", "backup", out, NULL };
  GStatBuf st;
  long login_kib, backup_kib;
  int status;

  g_clear_object (&store);
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 190 * MB);
  login_kib = cli_peak_kib (login_args, &status);
  g_assert_cmpint (status, ==, 0);
  backup_kib = cli_peak_kib (backup_args, &status);
  g_assert_cmpint (status, ==, 0);
  g_test_message ("database %lld MB; peak memory: sign-in %ld MiB, sign-in and backup %ld MiB",
                  (long long) (st.st_size / MB), login_kib / 1024, backup_kib / 1024);
  g_assert_true (muying_store_inspect_backup (out, NULL, NULL));
  /* The backup's own share: a few MiB of page cache, a 1 MiB read buffer, a thread; the whole
   * command (Argon2id's 64 MiB for the sign-in included) stays under 100 MiB, well under the
   * file's 192 MB. */
  g_assert_cmpint (backup_kib - login_kib, <, 32 * 1024);
  g_assert_cmpint (backup_kib, <, 100 * 1024);
  muying_test_rm_rf (dir);
}

static gboolean
no_part_files (const char *folder)
{
  g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (strstr (name, ".part-") != NULL)
      return FALSE;
  return TRUE;
}

typedef struct
{
  GArray       *fractions;
  GCancellable *cancel_at_half;
} Progress;

static void
record_progress (double   fraction,
                 gpointer user_data)
{
  Progress *p = user_data;

  g_array_append_val (p->fractions, fraction);
  if (p->cancel_at_half != NULL && fraction >= 0.5)
    g_cancellable_cancel (p->cancel_at_half);
}

/* The copy goes in steps that report progress, from 0 to 1; cancelled half-way it stops and
 * leaves neither the backup nor its unfinished file. */
static void
test_progress_and_cancel (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "live.db", NULL);
  g_autofree char *out = g_build_filename (dir, "out", "copy.db", NULL);
  g_autofree char *out_dir = g_path_get_dirname (out);
  g_autoptr(MuyingStore) store = make_filled_store (db, 48);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  Progress p = { fractions, cancellable };
  MuyingBackupInfo info = { 0 };

  g_assert_false (muying_store_backup_with_progress (store, out, "boss", MUYING_BACKUP_FLAGS_NONE, record_progress, &p,
                                                     cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_true (no_part_files (out_dir));
  g_assert_cmpuint (fractions->len, >=, 2);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), <, 1.0);
  g_clear_error (&error);

  /* The store is usable afterwards (no transaction left open), and a whole backup reports up to 1. */
  g_array_set_size (fractions, 0);
  p.cancel_at_half = NULL;
  g_assert_true (muying_store_backup_with_progress (store, out, "boss", MUYING_BACKUP_FLAGS_NONE, record_progress, &p,
                                                    NULL, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fractions->len, >=, 3);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  g_assert_cmpint (info.size, >, 48 * MB);
  g_assert_cmpuint (strlen (info.sha256), ==, 64);
  muying_backup_info_clear (&info);
  g_assert_true (no_part_files (out_dir));

  /* The full check by request. */
  {
    g_autofree char *full = g_build_filename (out_dir, "full.db", NULL);

    g_assert_true (muying_store_backup_full (store, full, "boss", MUYING_BACKUP_FLAGS_FULL_CHECK, NULL, &error));
    g_assert_no_error (error);
  }
  muying_test_rm_rf (dir);
}

/* The daily retention with little space: old backups go (oldest first), the newest stays, and
 * a warning says why; with no room for a copy of the database at all, nothing is written and
 * the error says so. */
static void
test_daily_space (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "live.db", NULL);
  g_autofree char *folder = g_build_filename (dir, "daily", NULL);
  g_autoptr(MuyingStore) store = make_filled_store (db, 2);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gint64 size;
  guint n = 0;

  for (int day = 1; day <= 6; day++)
    {
      g_autoptr(GDateTime) today = g_date_time_new_local (2026, 3, day, 22, 0, 0);
      MuyingDailyBackup daily = { .folder = folder, .keep = 7, .today = today, .free_space = G_MAXINT32 };

      g_assert_true (muying_store_backup_daily_run (store, &daily, &error));
      g_assert_no_error (error);
      g_assert_nonnull (daily.made);
      g_assert_null (daily.space_warning);
      muying_daily_backup_clear (&daily);
    }
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  size = st.st_size;
  {
    /* 7 backups of about the database's size; half of (free + theirs) is room for 4. */
    g_autoptr(GDateTime) today = g_date_time_new_local (2026, 3, 7, 22, 0, 0);
    g_autoptr(GDir) d = NULL;
    MuyingDailyBackup daily = { .folder = folder, .keep = 7, .today = today, .free_space = size * 3 / 2 };
    const char *name;

    g_assert_true (muying_store_backup_daily_run (store, &daily, &error));
    g_assert_no_error (error);
    g_assert_nonnull (daily.space_warning);
    g_test_message ("%s", daily.space_warning);
    g_assert_cmpuint (daily.n_deleted, ==, 3);
    d = g_dir_open (folder, 0, NULL);
    while ((name = g_dir_read_name (d)) != NULL)
      {
        n++;
        g_assert_true (strcmp (name, "muying-2026-03-04.db") >= 0);
      }
    g_assert_cmpuint (n, ==, 4);
    muying_daily_backup_clear (&daily);
  }
  {
    g_autoptr(GDateTime) today = g_date_time_new_local (2026, 3, 8, 22, 0, 0);
    g_autofree char *path = g_build_filename (folder, "muying-2026-03-08.db", NULL);
    MuyingDailyBackup daily = { .folder = folder, .keep = 7, .today = today, .free_space = size / 2 };

    g_assert_false (muying_store_backup_daily_run (store, &daily, &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED);
    g_assert_nonnull (daily.space_warning);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_true (no_part_files (folder));
    muying_daily_backup_clear (&daily);
  }
  muying_test_rm_rf (dir);
}

/* `backup --daily` from the command line (for the system's scheduler): today's file once, then
 * "exists already"; a usage error for a daily backup with an output file. */
static void
test_cli_daily (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "live.db", NULL);
  g_autofree char *folder = g_build_filename (dir, "daily", NULL);
  g_autoptr(MuyingStore) store = make_filled_store (db, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "muying-%Y-%m-%d.db");
  g_autofree char *made = g_build_filename (folder, name, NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  const char *daily[] = { "--db", db, "--user", "boss", "backup", "--daily", "--folder", folder, NULL };
  const char *both[] = { "--db", db, "--user", "boss", "backup", "--daily", "x.db", NULL };

  g_clear_object (&store);
  g_assert_cmpint (muying_test_run_cli (daily, "MUYING_PASSWORD=" ADMIN_PASSWORD, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, made));
  g_assert_true (muying_store_inspect_backup (made, NULL, NULL));
  g_assert_cmpint (muying_test_run_cli (daily, "MUYING_PASSWORD=" ADMIN_PASSWORD, &out2, &err2), ==, 0);
  g_assert_null (strstr (out2, made));
  g_assert_cmpint (muying_test_run_cli (both, "MUYING_PASSWORD=" ADMIN_PASSWORD, &out3, &err3), ==, 2);
  muying_test_rm_rf (dir);
}

/* The copy's check stands for the check of the file before its first write
 * (muying_store_defer_check): a damaged file fails the copy's check, and the file itself is then
 * checked and refuses every write, as when it is checked first. */
static void
test_deferred_check (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "live.db", NULL);
  g_autofree char *out = g_build_filename (dir, "copy.db", NULL);
  g_autofree char *out2 = g_build_filename (dir, "copy2.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(MuyingStore) store = make_filled_store (db, 2);
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  /* A sound file: the backup passes and writes go on. */
  g_clear_object (&store);
  store = muying_store_open (db, &error);
  g_assert_no_error (error);
  muying_store_defer_check (store);
  g_assert_true (muying_store_backup (store, out, "boss", MUYING_BACKUP_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_true (muying_store_begin (store, &error));
  muying_store_rollback (store);
  g_clear_object (&store);

  /* Garbage over a page in the middle of the filler. */
  g_assert_true (g_file_get_contents (db, &contents, &length, NULL));
  for (gsize i = 0; i < 4096; i++)
    contents[(length / 4096 / 2) * 4096 + i] = (char) (0xA5 ^ (i * 7));
  g_assert_true (g_file_set_contents (db, contents, length, NULL));
  store = muying_store_open (db, &error);
  g_assert_no_error (error);
  muying_store_defer_check (store);
  g_assert_false (muying_store_backup (store, out2, "boss", MUYING_BACKUP_FLAGS_NONE, &error));
  g_test_message ("%s", error->message);
  g_assert_false (g_file_test (out2, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_false (muying_store_begin (store, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  g_clear_object (&store);

  /* A backup refused before any copy (its name is taken) settles the deferred check as well. */
  store = muying_store_open (db, &error);
  g_assert_no_error (error);
  muying_store_defer_check (store);
  g_assert_false (muying_store_backup (store, out, "boss", MUYING_BACKUP_FLAGS_NONE, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (muying_store_begin (store, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
  g_clear_object (&store);
  muying_test_rm_rf (dir);
}

/* The copy's check is shared by the cores, table by table, and a check limited to tables does not
 * see a page that no table uses: the whole-file page accounting still does, once. Free pages are
 * accounted for (a sound file with a freelist passes); a page added at the end of the file (its
 * header counting it) is in no table, no index and not in the freelist. */
static void
test_check_unused_page (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "live.db", NULL);
  g_autofree char *out = g_build_filename (dir, "copy.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(MuyingStore) store = make_filled_store (db, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *last_page = NULL;
  GByteArray *grown;
  gsize length = 0;
  guint32 n_pages;

  /* Every other filler row deleted: their pages go to the freelist. */
  g_assert_true (muying_store_exec (store, "DELETE FROM filler WHERE rowid % 2 = 0; "
                                    "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  g_assert_no_error (error);
  g_assert_true (muying_store_backup (store, out, "boss", MUYING_BACKUP_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_remove (out);
  g_clear_object (&store);

  g_assert_true (g_file_get_contents (db, &contents, &length, NULL));
  g_assert_cmpuint (length % 4096, ==, 0);
  last_page = g_strdup_printf ("%u", (guint) (length / 4096 + 1));
  n_pages = GUINT32_TO_BE ((guint32) (length / 4096 + 1));
  memcpy (contents + 28, &n_pages, 4);
  grown = g_byte_array_new_take ((guint8 *) g_steal_pointer (&contents), length);
  g_byte_array_set_size (grown, length + 4096);
  memset (grown->data + length, 0, 4096);
  g_assert_true (g_file_set_contents (db, (const char *) grown->data, grown->len, NULL));
  g_byte_array_unref (grown);

  store = muying_store_open (db, &error);
  g_assert_no_error (error);
  muying_store_defer_check (store);
  g_assert_false (muying_store_backup (store, out, "boss", MUYING_BACKUP_FLAGS_NONE, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, last_page));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_object (&store);
  muying_test_rm_rf (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/backup/memory-flat", test_memory_flat);
  g_test_add_func ("/backup/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/backup/daily-space", test_daily_space);
  g_test_add_func ("/backup/cli-daily", test_cli_daily);
  g_test_add_func ("/backup/deferred-check", test_deferred_check);
  g_test_add_func ("/backup/check-unused-page", test_check_unused_page);
  return g_test_run ();
}
