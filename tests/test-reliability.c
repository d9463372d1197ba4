/* test-reliability.c: what must hold when things go wrong: crashes, I/O errors, damaged files
 *
 *   /reliability/kill-writer        T1: SIGKILL a writer at random moments; every reported commit
 *                                   is there, none is partial, integrity_check = ok
 *   /reliability/io-error/…         T2: a VFS shim fails the k-th write/sync/truncate of a commit,
 *                                   once or forever; a failed commit is reported and its data is
 *                                   not in the file afterwards
 *   /reliability/corrupt/…          T5: a damaged file is refused or reported and never modified
 *   /reliability/audit-tamper/…     a row changed or removed with plain SQL: `check` exits 1
 *   /reliability/backup/…           T6: backup → restore round trip, backup while another
 *                                   program writes, daily retention, restore refusing bad files,
 *                                   scratch copies of a killed restore cleaned up
 *   /reliability/check/consistency  the invariants of muying-store-check.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* unshare() for the full-disk test */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "muying-store-settings-private.h"
#include "muying-store-sql.h"
#include "muying-error.h"
#include "muying-store-backup.h"
#include "muying-store-check.h"
#include "muying-store-users.h"
#include "muying-test-utils.h"

#define WRITER_ROWS 20
#define ADMIN_PW    "Admin2024pw"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

/* ---- helpers --------------------------------------------------------------------------------- */

static gint64
query_int64 (MuyingStore *store,
             const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (MuyingStore *store,
            const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
assert_integrity_ok (MuyingStore *store)
{
  g_autofree char *result = query_text (store, "PRAGMA integrity_check");

  g_assert_cmpstr (result, ==, "ok");
}

static void
add_audit_rows (MuyingStore *store,
                const char  *entity,
                int          n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (muying_store_begin (store, &error));
  for (int i = 0; i < n; i++)
    {
      g_autofree char *detail = g_strdup_printf ("{\"n\":%d,\"pad\":\"%0200d\"}", i, i);

      g_assert_true (muying_store_audit (store, "tester", "test", entity, i, detail, &error));
    }
  g_assert_true (muying_store_commit (store, &error));
  g_assert_no_error (error);
}

static char *
file_digest (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static MuyingStore *
new_store (const char *dir,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  MuyingStore *store = muying_store_create (path, &error);

  g_assert_no_error (error);
  return store;
}

static int
run_cli (char       **out,
         const char  *env,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autofree char *ignored = NULL;
  va_list ap;
  int status;

  if (out == NULL)
    out = &ignored;   /* never let the child write into our TAP output */
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  status = muying_test_run_cli ((const char * const *) args->pdata, env, out, &err);
  g_test_message ("muying-cli → %d; stderr: %s", status, err ? err : "");
  return status;
}

/* ---- T1: kill -9 ----------------------------------------------------------------------------- */

typedef struct
{
  GPid  pid;
  char *out_path;   /* the writer's stdout: a file, so that it never blocks on a full pipe */
} Writer;

static Writer
start_writer (const char *db,
              guint       pause_us)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "muying-writer-helper", NULL);
  g_autofree char *rows = g_strdup_printf ("%d", WRITER_ROWS);
  g_autofree char *pause = g_strdup_printf ("%u", pause_us);
  const char *argv[] = { helper, db, rows, pause, NULL };
  g_autoptr(GError) error = NULL;
  Writer w = { 0, g_strconcat (db, ".out", NULL) };
  int fd = g_open (w.out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_spawn_async_with_pipes_and_fds (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                    -1, fd, -1, NULL, NULL, 0, &w.pid, NULL, NULL, NULL, &error);
  close (fd);
  g_assert_no_error (error);
  return w;
}

/* SIGKILL, reap, and read everything the writer printed: the numbers it reported committed. */
static GArray *
kill_writer (Writer *w)
{
  GArray *reported = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *text = NULL;
  int status = 0;
  const char *line;

  g_assert_cmpint (kill (w->pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (w->pid, &status, 0), ==, w->pid);
  g_spawn_close_pid (w->pid);
  /* If it died on its own, it failed: that is an error too. */
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_assert_true (g_file_get_contents (w->out_path, &text, NULL, NULL));
  g_remove (w->out_path);
  g_clear_pointer (&w->out_path, g_free);

  /* Only complete lines count: a number cut short by the kill was not reported. */
  line = text;
  for (const char *nl; (nl = strchr (line, '\n')) != NULL; line = nl + 1)
    {
      g_autofree char *number = g_strndup (line, nl - line);
      gint64 k = g_ascii_strtoll (number, NULL, 10);

      g_assert_cmpint (k, >, 0);
      g_array_append_val (reported, k);
    }
  return reported;
}

/* Every transaction has all its rows or none; every reported one is there. */
static gint64
assert_writer_data (MuyingStore *store,
                    GArray      *reported)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) partial =
    muying_store_prepare (store, "SELECT entity_id, count(*) FROM audit WHERE entity = 'txn' "
                                 "GROUP BY entity_id HAVING count(*) <> ?", NULL);
  g_autoptr(sqlite3_stmt) present =
    muying_store_prepare (store, "SELECT count(*) FROM audit WHERE entity = 'txn' AND entity_id = ?", NULL);

  sqlite3_bind_int (partial, 1, WRITER_ROWS);
  if (sqlite3_step (partial) == SQLITE_ROW)
    g_error ("transaction %lld is partial: %d rows", (long long) sqlite3_column_int64 (partial, 0),
             sqlite3_column_int (partial, 1));
  for (guint i = 0; reported != NULL && i < reported->len; i++)
    {
      gint64 k = g_array_index (reported, gint64, i);

      sqlite3_reset (present);
      sqlite3_bind_int64 (present, 1, k);
      g_assert_cmpint (sqlite3_step (present), ==, SQLITE_ROW);
      if (sqlite3_column_int (present, 0) != WRITER_ROWS)
        g_error ("transaction %lld was reported committed but has %d rows", (long long) k,
                 sqlite3_column_int (present, 0));
    }
  assert_integrity_ok (store);
  g_assert_true (muying_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  return query_int64 (store, "SELECT count(DISTINCT entity_id) FROM audit WHERE entity = 'txn'");
}

static void
test_kill_writer (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "killed.db", NULL);
  guint total_reported = 0, rounds = 25;
  gint64 last_count = 0;

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MuyingStore) store = NULL;
      g_autoptr(GArray) reported = NULL;
      Writer w = start_writer (db, 0);
      gint64 count;

      /* The first round waits long enough for the schema to be created. */
      g_usleep ((round == 0 ? 300 : g_test_rand_int_range (20, 320)) * 1000);
      reported = kill_writer (&w);
      total_reported += reported->len;

      store = muying_store_open (db, &error);
      g_assert_no_error (error);
      count = assert_writer_data (store, reported);
      /* Nothing committed before is lost by a later kill. */
      g_assert_cmpint (count, >=, last_count);
      last_count = count;
    }
  g_test_message ("%u rounds, %u commits reported, %lld transactions in the file", rounds, total_reported,
                  (long long) last_count);
  g_assert_cmpuint (total_reported, >, 0);
  muying_test_rm_rf (dir);
}

/* A checkpoint cut short by a kill: the main file has the -wal's newest page 1 (the schema's
 * root) but not the schema pages it points to. Read alone it is malformed; read through its
 * -wal it is whole, and it must open (the kill-writer test hits this about once in 30 runs). */
static void
test_checkpoint_cut_short (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cut.db", NULL);
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autofree char *wal = NULL;
  g_autoptr(GError) error = NULL;
  gsize wal_len = 0, page_size, frame_size;
  gssize page1_frame = -1;

  g_object_unref (new_store (dir, "cut.db"));
  {
    g_autoptr(sqlite3) db = NULL;
    int off = 0;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, &off), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_autocheckpoint = 0; BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
    /* enough schema text to grow the schema's tree by new pages */
    for (int i = 0; i < 40; i++)
      {
        g_autofree char *sql = g_strdup_printf ("CREATE TABLE extra_%d (a_rather_long_column_name_%d TEXT, "
                                                "another_rather_long_column_name INTEGER, padding TEXT)", i, i);
        g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      }
    g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  }
  g_assert_true (g_file_get_contents (wal_path, &wal, &wal_len, NULL));
  g_assert_cmpuint (wal_len, >, 32);
  page_size = ((guint8) wal[8] << 24) | ((guint8) wal[9] << 16) | ((guint8) wal[10] << 8) | (guint8) wal[11];
  frame_size = 24 + page_size;
  for (gsize at = 32; at + frame_size <= wal_len; at += frame_size)
    if (((guint8) wal[at] << 24 | (guint8) wal[at + 1] << 16 | (guint8) wal[at + 2] << 8 | (guint8) wal[at + 3]) == 1)
      page1_frame = at;
  g_assert_cmpint (page1_frame, >, 0);
  {
    int fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (pwrite (fd, wal + page1_frame + 24, page_size, 0), ==, (gssize) page_size);
    close (fd);
    g_remove (shm);
  }
  /* the main file alone is unreadable now: the state the kill leaves */
  {
    g_autoptr(sqlite3) db = NULL;
    g_autofree char *uri = g_strconcat ("file:", path, "?mode=ro&immutable=1", NULL);

    g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) & 0xff, ==,
                     SQLITE_CORRUPT);
  }
  {
    g_autoptr(MuyingStore) store = muying_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'extra_%'"), ==, 40);
    assert_integrity_ok (store);
  }
  muying_test_rm_rf (dir);
}

/* ---- T2: I/O errors through a VFS shim ------------------------------------------------------- */

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
} FaultyFile;

static sqlite3_vfs *root_vfs;
static sqlite3_vfs faulty_vfs;
static int fault_countdown = -1;   /* -1: off; k: the (k+1)-th write/sync/truncate fails */
static gboolean fault_forever;
static int fault_hits;

static gboolean
should_fail (void)
{
  if (fault_countdown < 0)
    return FALSE;
  if (fault_countdown > 0)
    {
      fault_countdown--;
      return FALSE;
    }
  fault_hits++;
  if (!fault_forever)
    fault_countdown = -1;
  return TRUE;
}

#define REAL(f) (((FaultyFile *) (f))->real)

static int
faulty_close (sqlite3_file *f)
{
  return REAL (f)->pMethods->xClose (REAL (f));
}

static int
faulty_read (sqlite3_file *f, void *buf, int amount, sqlite3_int64 offset)
{
  return REAL (f)->pMethods->xRead (REAL (f), buf, amount, offset);
}

static gboolean disk_full;          /* every write fails as on a full disk */

static int
faulty_write (sqlite3_file *f, const void *buf, int amount, sqlite3_int64 offset)
{
  if (disk_full)
    return SQLITE_FULL;
  if (should_fail ())
    return SQLITE_IOERR_WRITE;
  return REAL (f)->pMethods->xWrite (REAL (f), buf, amount, offset);
}

static int
faulty_truncate (sqlite3_file *f, sqlite3_int64 size)
{
  if (should_fail ())
    return SQLITE_IOERR_TRUNCATE;
  return REAL (f)->pMethods->xTruncate (REAL (f), size);
}

static int
faulty_sync (sqlite3_file *f, int flags)
{
  if (should_fail ())
    return SQLITE_IOERR_FSYNC;
  return REAL (f)->pMethods->xSync (REAL (f), flags);
}

static int
faulty_file_size (sqlite3_file *f, sqlite3_int64 *size)
{
  return REAL (f)->pMethods->xFileSize (REAL (f), size);
}

static int
faulty_lock (sqlite3_file *f, int level)
{
  return REAL (f)->pMethods->xLock (REAL (f), level);
}

static int
faulty_unlock (sqlite3_file *f, int level)
{
  return REAL (f)->pMethods->xUnlock (REAL (f), level);
}

static int
faulty_check_reserved_lock (sqlite3_file *f, int *out)
{
  return REAL (f)->pMethods->xCheckReservedLock (REAL (f), out);
}

static int
faulty_file_control (sqlite3_file *f, int op, void *arg)
{
  return REAL (f)->pMethods->xFileControl (REAL (f), op, arg);
}

static int
faulty_sector_size (sqlite3_file *f)
{
  return REAL (f)->pMethods->xSectorSize (REAL (f));
}

static int
faulty_device_characteristics (sqlite3_file *f)
{
  return REAL (f)->pMethods->xDeviceCharacteristics (REAL (f));
}

static int
faulty_shm_map (sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
  return REAL (f)->pMethods->xShmMap (REAL (f), page, size, extend, out);
}

static int
faulty_shm_lock (sqlite3_file *f, int offset, int n, int flags)
{
  return REAL (f)->pMethods->xShmLock (REAL (f), offset, n, flags);
}

static void
faulty_shm_barrier (sqlite3_file *f)
{
  REAL (f)->pMethods->xShmBarrier (REAL (f));
}

static int
faulty_shm_unmap (sqlite3_file *f, int delete_flag)
{
  return REAL (f)->pMethods->xShmUnmap (REAL (f), delete_flag);
}

static int
faulty_fetch (sqlite3_file *f, sqlite3_int64 offset, int amount, void **out)
{
  return REAL (f)->pMethods->xFetch (REAL (f), offset, amount, out);
}

static int
faulty_unfetch (sqlite3_file *f, sqlite3_int64 offset, void *p)
{
  return REAL (f)->pMethods->xUnfetch (REAL (f), offset, p);
}

static const sqlite3_io_methods faulty_io = {
  3,
  faulty_close, faulty_read, faulty_write, faulty_truncate, faulty_sync, faulty_file_size,
  faulty_lock, faulty_unlock, faulty_check_reserved_lock, faulty_file_control, faulty_sector_size,
  faulty_device_characteristics,
  faulty_shm_map, faulty_shm_lock, faulty_shm_barrier, faulty_shm_unmap,
  faulty_fetch, faulty_unfetch,
};

static int
faulty_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultyFile *f = (FaultyFile *) file;
  int rc;

  f->real = (sqlite3_file *) (f + 1);
  rc = root_vfs->xOpen (root_vfs, name, f->real, flags, out_flags);
  f->base.pMethods = f->real->pMethods != NULL ? &faulty_io : NULL;
  return rc;
}

static void
register_faulty_vfs (void)
{
  if (root_vfs != NULL)
    return;
  root_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (root_vfs);
  g_assert_cmpint (root_vfs->iVersion, >=, 2);
  faulty_vfs = *root_vfs;   /* everything but opening files is the default VFS's own */
  faulty_vfs.zName = "muying-faulty";
  faulty_vfs.szOsFile = (int) sizeof (FaultyFile) + root_vfs->szOsFile;
  faulty_vfs.pNext = NULL;
  faulty_vfs.xOpen = faulty_open;
  g_assert_cmpint (sqlite3_vfs_register (&faulty_vfs, 0), ==, SQLITE_OK);
}

static void
run_io_error_loop (gboolean forever)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "io.db", NULL);
  int k, failures = 0;

  register_faulty_vfs ();
  {
    g_autoptr(MuyingStore) store = new_store (dir, "io.db");

    add_audit_rows (store, "baseline", 50);
  }

  for (k = 0; k < 100; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MuyingStore) store = NULL;
      g_autoptr(MuyingStore) check = NULL;
      gboolean saved;
      gint64 n;

      store = muying_store_open_with_vfs (db, "muying-faulty", &error);
      g_assert_no_error (error);
      g_assert_true (muying_store_begin (store, &error));
      /* One "save": a transaction of several rows, as an import or a record save makes. */
      for (int i = 0; i < 30; i++)
        g_assert_true (muying_store_audit (store, "nurse", "save", "io", k, "{\"field\":\"value\"}", &error));

      fault_hits = 0;
      fault_forever = forever;
      fault_countdown = k;
      saved = muying_store_commit (store, &error);
      fault_countdown = -1;

      if (!saved)
        {
          /* Reported, never "saved". */
          g_assert_nonnull (error);
          g_assert_true (error->domain == MUYING_STORE_ERROR);
          g_assert_cmpint (fault_hits, >, 0);
          failures++;
          g_test_message ("k=%d: %s", k, error->message);
          g_clear_error (&error);
        }
      else
        g_assert_no_error (error);
      g_clear_object (&store);

      /* Afterwards, without the shim: exactly what was reported. */
      check = muying_store_open (db, &error);
      g_assert_no_error (error);
      assert_integrity_ok (check);
      g_assert_true (muying_store_verify_audit (check, NULL, &error));
      g_assert_no_error (error);
      {
        g_autoptr(sqlite3_stmt) stmt =
          muying_store_prepare (check, "SELECT count(*) FROM audit WHERE entity = 'io' AND entity_id = ?", NULL);

        sqlite3_bind_int (stmt, 1, k);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        n = sqlite3_column_int64 (stmt, 0);
      }
      g_assert_cmpint (n, ==, saved ? 30 : 0);
      g_assert_cmpint (query_int64 (check, "SELECT count(*) FROM audit WHERE entity = 'baseline'"), ==, 50);
      if (saved)
        break;
    }
  g_test_message ("%s: %d injected failures before the commit went through at k=%d",
                  forever ? "forever" : "once", failures, k);
  /* The loop reached a k past every I/O operation of the commit, and failed before that. */
  g_assert_cmpint (k, <, 100);
  g_assert_cmpint (failures, >=, 2);
  muying_test_rm_rf (dir);
}

static void
test_io_error_once (void)
{
  run_io_error_loop (FALSE);
}

static void
test_io_error_forever (void)
{
  run_io_error_loop (TRUE);
}

/* ---- T5: damaged files ----------------------------------------------------------------------- */

static char *
make_damaged (const char *dir,
              gboolean    first_page)
{
  g_autofree char *path = g_build_filename (dir, first_page ? "page1.db" : "middle.db", NULL);
  g_autofree char *wal = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gsize offset, span;

  {
    g_autoptr(MuyingStore) store = new_store (dir, first_page ? "page1.db" : "middle.db");

    add_audit_rows (store, "filler", 400);
  }
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 20 * 4096);
  if (first_page)
    {
      offset = 100;                         /* the b-tree of sqlite_schema, after the header */
      span = 400;
    }
  else
    {
      offset = (length / 4096 / 2) * 4096;  /* one whole page in the middle */
      span = 4096;
    }
  for (gsize i = 0; i < span; i++)
    contents[offset + i] = (char) (0xA5 ^ (i * 7));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return g_steal_pointer (&path);
}

static void
run_corrupt (gboolean first_page)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = make_damaged (dir, first_page);
  g_autofree char *before = file_digest (path);
  g_autofree char *after_cli = NULL;
  g_autofree char *after_open = NULL;
  g_autofree char *after_restore = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;

  /* muying-cli check: refused or reported, exit 1. */
  g_assert_cmpint (run_cli (&out, NULL, "--db", path, "check", NULL), ==, 1);
  after_cli = file_digest (path);
  g_assert_cmpstr (before, ==, after_cli);

  /* The program's open path: refuses, or opens and the check reports. */
  store = muying_store_open (path, &error);
  if (store == NULL)
    {
      g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
      g_test_message ("refused: %s", error->message);
      g_clear_error (&error);
    }
  else
    {
      g_autoptr(GPtrArray) problems = muying_store_check (store, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, >, 0);
      g_test_message ("reported: %s", (const char *) g_ptr_array_index (problems, 0));
      g_clear_object (&store);
    }
  after_open = file_digest (path);
  g_assert_cmpstr (before, ==, after_open);

  /* A backup of it is refused too, and a restore from it. */
  {
    g_autoptr(MuyingStore) good = new_store (dir, "live.db");
    g_autofree char *safety = NULL;

    g_assert_false (muying_store_restore (good, path, "admin", &safety, &error));
    g_assert_nonnull (error);
    g_assert_null (safety);
    g_clear_error (&error);
  }
  after_restore = file_digest (path);
  g_assert_cmpstr (before, ==, after_restore);
  muying_test_rm_rf (dir);
}

static void
test_corrupt_middle (void)
{
  run_corrupt (FALSE);
}

static void
test_corrupt_first_page (void)
{
  run_corrupt (TRUE);
}

/* ---- the audit chain against direct edits ---------------------------------------------------- */

static void
run_tamper (const char *sql,
            gint64      expected_first_bad)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "audit.db", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first_bad = 0;

  {
    g_autoptr(MuyingStore) store = new_store (dir, "audit.db");

    add_audit_rows (store, "record", 6);
  }
  g_assert_cmpint (run_cli (&out, NULL, "--db", path, "check", NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  /* Through the library the triggers refuse; with them dropped, plain SQL can change a row. */
  {
    g_autoptr(sqlite3) db = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE audit SET detail = 'x' WHERE id = 3", NULL, NULL, NULL), !=,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit WHERE id = 3", NULL, NULL, NULL), !=, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  }

  g_assert_cmpint (run_cli (&out, NULL, "--db", path, "check", NULL), ==, 1);
  g_test_message ("check: %s", out);
  g_assert_nonnull (out);
  g_assert_cmpuint (strlen (out), >, 0);

  {
    g_autoptr(MuyingStore) store = new_store (dir, "audit.db");

    g_assert_false (muying_store_verify_audit (store, &first_bad, &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
    g_assert_cmpint (first_bad, ==, expected_first_bad);
    {
      g_autofree char *id = g_strdup_printf ("%lld", (long long) expected_first_bad);
      g_assert_nonnull (strstr (out, id));
    }
  }
  muying_test_rm_rf (dir);
}

static void
test_tamper_update (void)
{
  run_tamper ("DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{\"n\":99}' WHERE id = 3", 3);
}

static void
test_tamper_delete (void)
{
  run_tamper ("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2", 3);
}

static void
test_tamper_user_name (void)
{
  /* Blame someone else for an entry: the user is covered by the hash too. */
  run_tamper ("DROP TRIGGER audit_no_update; UPDATE audit SET user_name = 'someone' WHERE id = 5", 5);
}

/* ---- T6: backup and restore ------------------------------------------------------------------ */

static guint
count_files_with (const char *dir,
                  const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (strstr (name, needle) != NULL)
      n++;
  return n;
}

static void
test_backup_round_trip (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *backup = g_build_filename (dir, "out", "b1.db", NULL);
  g_autofree char *backup_dir = g_path_get_dirname (backup);
  g_autofree char *backup_wal = g_strconcat (backup, "-wal", NULL);
  g_autofree char *safety = NULL;
  g_autofree char *setting = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *last_action = NULL;
  g_autoptr(MuyingStore) store = new_store (dir, "live.db");
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(MuyingUser) nurse = NULL;
  g_autoptr(GError) error = NULL;
  MuyingBackupInfo info = { 0 };
  GStatBuf st;
  gint64 audit_before;

  admin = muying_store_create_first_admin (store, "boss", "院长", ADMIN_PW, &error);
  g_assert_no_error (error);
  add_audit_rows (store, "before", 10);
  g_assert_true (muying_store_set_setting (store, "institution", "某某妇幼保健院", &error));

  /* Backup: a checked, owner-only file under its final name, audited. */
  g_assert_true (muying_store_backup (store, backup, "boss", MUYING_BACKUP_FLAGS_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (g_file_test (backup_wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files_with (backup_dir, ".part"), ==, 0);
  g_assert_true (muying_store_inspect_backup (backup, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.schema_version, ==, MUYING_STORE_SCHEMA_VERSION);
  g_assert_cmpint (info.n_users, ==, 1);
  g_assert_cmpint (info.n_records, ==, 0);
  g_assert_cmpint (info.size, ==, st.st_size);
  sha = file_digest (backup);
  g_assert_cmpstr (info.sha256, ==, sha);
  muying_backup_info_clear (&info);
  {
    g_autofree char *detail = query_text (store, "SELECT detail FROM audit WHERE action = 'backup'");
    g_assert_nonnull (strstr (detail, sha));
  }
  audit_before = query_int64 (store, "SELECT count(*) FROM audit");

  /* Not over an existing file unless asked; never over the database itself. */
  g_assert_false (muying_store_backup (store, backup, "boss", MUYING_BACKUP_FLAGS_NONE, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (muying_store_backup (store, muying_store_get_path (store), "boss",
                                       MUYING_BACKUP_FLAGS_OVERWRITE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Change the live database after the backup. */
  nurse = muying_store_create_user (store, "boss", "nina", "护士甲", MUYING_ROLE_NURSE, "Nurse2024pw", &error);
  g_assert_no_error (error);
  add_audit_rows (store, "after", 5);
  g_assert_true (muying_store_set_setting (store, "institution", "changed", &error));

  /* Restore: the backup's contents, plus a "restore" entry; the replaced state kept aside. */
  g_assert_true (muying_store_restore (store, backup, "boss", &safety, &error));
  g_assert_no_error (error);
  g_assert_nonnull (safety);
  g_assert_true (g_file_test (safety, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (muying_store_count_users (store, NULL), ==, 1);
  setting = muying_store_get_setting (store, "institution");
  g_assert_cmpstr (setting, ==, "某某妇幼保健院");
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit WHERE entity = 'after'"), ==, 0);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit WHERE entity = 'before'"), ==, 10);
  /* The backup had audit_before - 1 rows (its own "backup" row was written after it was made). */
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit"), ==, audit_before - 1 + 1);
  last_action = query_text (store, "SELECT action FROM audit ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (last_action, ==, "restore");
  assert_integrity_ok (store);
  g_assert_true (muying_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  /* The same connection goes on working. */
  add_audit_rows (store, "later", 3);
  g_clear_object (&nurse);
  nurse = muying_store_login (store, "nina", "Nurse2024pw", &error);
  g_assert_null (nurse);
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);

  /* The safety copy holds what was replaced. */
  g_assert_true (muying_store_inspect_backup (safety, &info, &error));
  g_assert_cmpint (info.n_users, ==, 2);
  muying_backup_info_clear (&info);

  /* The file reopens with the normal open path, with the restored contents. */
  g_clear_object (&store);
  store = new_store (dir, "live.db");
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit WHERE entity = 'later'"), ==, 3);
  g_assert_true (muying_store_verify_audit (store, NULL, &error));
  muying_test_rm_rf (dir);
}

static void
test_restore_refuses (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *foreign = g_build_filename (dir, "other.db", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *foreign_sum = NULL;
  g_autoptr(MuyingStore) store = new_store (dir, "live.db");
  g_autoptr(GError) error = NULL;
  gint64 n_audit;

  add_audit_rows (store, "keep", 4);
  n_audit = query_int64 (store, "SELECT count(*) FROM audit");
  {
    g_autoptr(sqlite3) db = NULL;

    g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE audit (x); INSERT INTO audit VALUES (1);", NULL, NULL, NULL),
                     ==, SQLITE_OK);
  }
  foreign_sum = file_digest (foreign);
  g_assert_true (g_file_set_contents (text, "not a database", -1, NULL));

  g_assert_false (muying_store_restore (store, foreign, "boss", NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS);
  g_clear_error (&error);
  g_assert_false (muying_store_restore (store, text, "boss", NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS);
  g_clear_error (&error);
  g_assert_false (muying_store_restore (store, missing, "boss", NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (muying_store_restore (store, muying_store_get_path (store), "boss", NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Nothing changed: not the live database, not the foreign file; no safety copy was needed. */
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit"), ==, n_audit);
  {
    g_autofree char *foreign_after = file_digest (foreign);

    g_assert_cmpstr (foreign_sum, ==, foreign_after);
  }
  g_assert_cmpuint (count_files_with (dir, "before-restore"), ==, 0);
  g_assert_cmpuint (count_files_with (dir, "muying-restore"), ==, 0);
  muying_test_rm_rf (dir);
}

static void
test_backup_while_writing (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "busy.db", NULL);
  g_autoptr(MuyingStore) store = new_store (dir, "busy.db");
  g_autoptr(GArray) reported = NULL;
  gint64 first = 0, last = 0;
  Writer w;

  g_clear_object (&store);
  w = start_writer (db, 2000);
  g_usleep (200 * 1000);
  store = new_store (dir, "busy.db");

  for (int i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("snap-%d.db", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(MuyingStore) copy = NULL;
      gint64 n;

      g_usleep (g_test_rand_int_range (30, 120) * 1000);
      muying_store_backup (store, path, NULL, MUYING_BACKUP_FLAGS_NONE, &error);
      g_assert_no_error (error);
      g_assert_true (muying_store_inspect_backup (path, NULL, &error));
      g_assert_no_error (error);
      /* A consistent snapshot: whole transactions only, an intact chain. */
      copy = muying_store_open (path, &error);
      g_assert_no_error (error);
      n = assert_writer_data (copy, NULL);
      g_assert_cmpint (n, >=, last);
      last = n;
      if (i == 0)
        first = n;
    }
  reported = kill_writer (&w);
  g_test_message ("snapshots: %lld … %lld transactions; writer reported %u", (long long) first, (long long) last,
                  reported->len);
  /* The writer really was writing during the snapshots. */
  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (last, >, first);
  g_clear_object (&store);
  store = new_store (dir, "busy.db");
  assert_writer_data (store, reported);
  muying_test_rm_rf (dir);
}

static void
test_backup_daily (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *folder = g_build_filename (dir, "daily", NULL);
  g_autofree char *other = g_build_filename (folder, "keep-me.db", NULL);
  g_autoptr(MuyingStore) store = new_store (dir, "live.db");
  g_autoptr(GError) error = NULL;

  for (int day = 1; day <= 5; day++)
    {
      g_autoptr(GDateTime) today = g_date_time_new_local (2026, 1, day, 9, 0, 0);
      g_autofree char *made = NULL;
      g_autofree char *again = NULL;
      g_autofree char *expected = g_strdup_printf ("muying-2026-01-%02d.db", day);

      g_assert_true (muying_store_backup_daily_full (store, folder, 3, today, &made, &error));
      g_assert_no_error (error);
      g_assert_nonnull (made);
      g_assert_true (g_str_has_suffix (made, expected));
      g_assert_true (muying_store_inspect_backup (made, NULL, &error));
      /* Once a day only. */
      g_assert_true (muying_store_backup_daily_full (store, folder, 3, today, &again, &error));
      g_assert_null (again);
      if (day == 1)
        g_assert_true (g_file_set_contents (other, "x", -1, NULL));
    }
  g_assert_cmpuint (count_files_with (folder, "muying-2026-01-"), ==, 3);
  for (int day = 3; day <= 5; day++)
    {
      g_autofree char *name = g_strdup_printf ("muying-2026-01-%02d.db", day);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit WHERE action = 'backup'"), ==, 5);

  /* No folder set: "backups" next to the database. */
  g_assert_true (muying_store_backup_daily (store, NULL, 30, &error));
  g_assert_no_error (error);
  {
    g_autofree char *def = muying_store_backup_default_folder (store);

    g_assert_cmpuint (count_files_with (def, "muying-"), ==, 1);
  }
  muying_test_rm_rf (dir);
}

/* A restore killed with SIGKILL leaves its scratch copy (".muying-restore-XXXXXX", often as big
 * as the database) beside the database: the next open or restore removes it, but not the one a
 * running restore holds locked. A normal restore leaves none. */
static int
count_restore_leftovers (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  int n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, ".muying-restore-"))
      n++;
  return n;
}

static void
test_restore_leftovers (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *stale = g_build_filename (dir, ".muying-restore-Ab12Cd", NULL);
  g_autofree char *stale_journal = g_strconcat (stale, "-journal", NULL);
  g_autofree char *busy = g_build_filename (dir, ".muying-restore-Zz99yy", NULL);
  g_autofree char *backup = g_build_filename (dir, "copy.db", NULL);
  g_autofree char *safety = NULL;
  g_autoptr(GError) error = NULL;
  int busy_fd;

  {
    g_autoptr(MuyingStore) store = new_store (dir, "live.db");
    g_autoptr(MuyingUser) admin = muying_store_create_first_admin (store, "boss", "院长", ADMIN_PW, &error);

    g_assert_no_error (error);
    g_assert_true (muying_store_backup (store, backup, "boss", MUYING_BACKUP_FLAGS_NONE, &error));
    g_assert_no_error (error);
  }

  /* What a killed restore leaves, and one a restore in another program is working on. */
  g_assert_true (g_file_set_contents (stale, "SQLite format 3", 16, NULL));
  g_assert_true (g_file_set_contents (stale_journal, "journal", -1, NULL));
  g_assert_true (g_file_set_contents (busy, "SQLite format 3", 16, NULL));
  busy_fd = g_open (busy, O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (busy_fd, >=, 0);
  g_assert_cmpint (flock (busy_fd, LOCK_EX | LOCK_NB), ==, 0);
  g_assert_cmpint (count_restore_leftovers (dir), ==, 3);

  {
    g_autoptr(MuyingStore) store = new_store (dir, "live.db");

    g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (stale_journal, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (busy, G_FILE_TEST_EXISTS));
    close (busy_fd);

    /* Left again (the kill during a restore), then a restore: it is cleaned and leaves none. */
    g_assert_true (g_file_set_contents (stale, "SQLite format 3", 16, NULL));
    g_assert_true (muying_store_restore (store, backup, "boss", &safety, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_restore_leftovers (dir), ==, 0);
  }
  muying_test_rm_rf (dir);
}

static void
test_backup_cli (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "cli.db", NULL);
  g_autofree char *out_db = g_build_filename (dir, "cli-backup.db", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_cli (NULL, "MUYING_PASSWORD=" ADMIN_PW, "--db", db, "init", "--admin", "boss", NULL), ==, 0);
  /* Needs an administrator: no --user is bad usage. */
  g_assert_cmpint (run_cli (NULL, "MUYING_PASSWORD=" ADMIN_PW, "--db", db, "backup", out_db, NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, "MUYING_PASSWORD=" ADMIN_PW, "--db", db, "backup", NULL), ==, 2);
  g_assert_cmpint (run_cli (&out, "MUYING_PASSWORD=" ADMIN_PW, "--db", db, "--user", "boss", "backup", out_db, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, out_db));
  g_clear_pointer (&out, g_free);
  g_assert_true (muying_store_inspect_backup (out_db, NULL, &error));
  g_assert_no_error (error);
  /* Exists: refused; an existing database file is not replaced even with --force (it might be
   * another live database). */
  g_assert_cmpint (run_cli (NULL, "MUYING_PASSWORD=" ADMIN_PW, "--db", db, "--user", "boss", "backup", out_db, NULL),
                   ==, 1);
  g_assert_cmpint (run_cli (NULL, "MUYING_PASSWORD=" ADMIN_PW, "--db", db, "--user", "boss", "backup", "--force",
                            out_db, NULL), ==, 1);

  {
    g_autoptr(MuyingStore) store = muying_store_open (db, &error);

    add_audit_rows (store, "after", 2);
  }
  g_assert_cmpint (run_cli (NULL, "MUYING_PASSWORD=" ADMIN_PW, "--db", db, "--user", "boss", "restore", out_db,
                            NULL), ==, 0);
  {
    g_autoptr(MuyingStore) store = muying_store_open (db, &error);

    g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit WHERE entity = 'after'"), ==, 0);
  }
  g_assert_cmpint (run_cli (NULL, NULL, "--db", db, "check", NULL), ==, 0);
  /* check never creates a database. */
  {
    g_autofree char *nothing = g_build_filename (dir, "nothing.db", NULL);

    g_assert_cmpint (run_cli (NULL, NULL, "--db", nothing, "check", NULL), ==, 1);
    g_assert_false (g_file_test (nothing, G_FILE_TEST_EXISTS));
  }
  muying_test_rm_rf (dir);
}

/* ---- opening: missing, empty, moved and damaged files ---------------------------------------- */

static void
assert_no_companions (const char *path)
{
  const char *suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (path, suffixes[i], NULL);

      g_assert_false (g_file_test (companion, G_FILE_TEST_EXISTS));
    }
}

/* @db: the database argument; @extra: the command and its arguments. Returns the exit status;
 * *err: what it printed on stderr. */
static int
run_cli_err (char       **err,
             const char  *db,
             const char * const *command)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  int status;

  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) db);
  for (guint i = 0; command[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) command[i]);
  g_ptr_array_add (args, NULL);
  status = muying_test_run_cli ((const char * const *) args->pdata, "MUYING_PASSWORD=" ADMIN_PW, &out, err);
  g_test_message ("muying-cli %s → %d; stderr: %s", command[0], status, *err ? *err : "");
  return status;
}

/* A mistyped path or an empty file: every command but init refuses it and creates nothing. */
static void
test_open_missing_and_empty (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.db", NULL);
  g_autofree char *csv = muying_test_data_path ("prenatal-good-en.csv");
  g_autofree char *not_found = g_strdup_printf ("数据库文件不存在：%s", missing);
  const char *stats[] = { "stats", NULL };
  const char *worklist[] = { "worklist", NULL };
  const char *check[] = { "check", NULL };
  const char *import[] = { "--user", "boss", "import", "--program", "prenatal", csv, NULL };
  const char * const *commands[] = { stats, worklist, check, import };

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *err_empty = NULL;
      GStatBuf st;

      g_assert_cmpint (run_cli_err (&err, missing, commands[i]), ==, 1);
      g_assert_nonnull (strstr (err, not_found));
      g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
      assert_no_companions (missing);

      g_assert_cmpint (run_cli_err (&err_empty, empty, commands[i]), ==, 1);
      g_assert_nonnull (strstr (err_empty, "不是母婴筛查数据库"));
      g_assert_cmpint (g_stat (empty, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, 0);
      assert_no_companions (empty);
    }

  /* init is the one command that makes a database, in an empty file too. */
  {
    const char *init[] = { "init", "--admin", "boss", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli_err (&err, empty, init), ==, 0);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli_err (&err, empty, stats), ==, 0);
  }
  muying_test_rm_rf (dir);
}

static gboolean
wait_for_lines (const char *path,
                guint       n_lines,
                guint       timeout_ms)
{
  for (guint waited = 0; waited < timeout_ms; waited += 20)
    {
      g_autofree char *text = NULL;
      guint n = 0;

      if (g_file_get_contents (path, &text, NULL, NULL))
        for (const char *c = text; *c != '\0'; c++)
          n += *c == '\n';
      if (n >= n_lines)
        return TRUE;
      g_usleep (20 * 1000);
    }
  return FALSE;
}

/* The database is moved away while a writer commits into it, and another database is put in
 * its place (a restore by hand, a file manager): the writer must stop with an error at its next
 * commit, not go on "saving" into a -wal beside a file that is no longer its own; the
 * replacement stays intact and the moved file keeps every transaction reported committed. */
static void
test_moved_while_writing (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "live.db", NULL);
  g_autofree char *moved = g_build_filename (dir, "moved.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *text = NULL;
  g_autofree char *replacement_digest = NULL;
  g_autofree char *digest_after = NULL;
  g_autoptr(GArray) reported = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  Writer w;
  int status = 0;
  gboolean exited = FALSE;

  g_object_unref (new_store (dir, "live.db"));
  {
    g_autoptr(MuyingStore) store = new_store (dir, "other.db");

    add_audit_rows (store, "other", 5);
  }
  w = start_writer (db, 2000);
  g_assert_true (wait_for_lines (w.out_path, 3, 20000));

  /* Moved away (only the main file, as a file manager does), another database copied in. */
  g_assert_cmpint (g_rename (db, moved), ==, 0);
  {
    g_autoptr(GFile) from = g_file_new_for_path (other);
    g_autoptr(GFile) to = g_file_new_for_path (db);

    g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  replacement_digest = file_digest (db);

  for (guint waited = 0; waited < 20000 && !exited; waited += 20)
    {
      if (waitpid (w.pid, &status, WNOHANG) == w.pid)
        exited = TRUE;
      else
        g_usleep (20 * 1000);
    }
  if (!exited)
    {
      kill (w.pid, SIGKILL);
      waitpid (w.pid, &status, 0);
    }
  g_spawn_close_pid (w.pid);
  g_assert_true (exited);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);

  g_assert_true (g_file_get_contents (w.out_path, &text, NULL, NULL));
  for (const char *line = text, *nl; (nl = strchr (line, '\n')) != NULL; line = nl + 1)
    {
      g_autofree char *number = g_strndup (line, nl - line);
      gint64 k = g_ascii_strtoll (number, NULL, 10);

      g_array_append_val (reported, k);
    }
  g_remove (w.out_path);
  g_free (w.out_path);

  /* The replacement: byte for byte what was copied in, nothing of the writer in it. */
  digest_after = file_digest (db);
  g_assert_cmpstr (replacement_digest, ==, digest_after);
  {
    g_autoptr(MuyingStore) store = muying_store_open (db, &error);

    g_assert_no_error (error);
    assert_integrity_ok (store);
    g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit WHERE entity = 'txn'"), ==, 0);
    g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit WHERE entity = 'other'"), ==, 5);
  }
  /* The moved file has every transaction the writer reported. */
  {
    g_autoptr(MuyingStore) store = muying_store_open (moved, &error);

    g_assert_no_error (error);
    g_assert_cmpint (assert_writer_data (store, reported), >=, reported->len);
  }
  muying_test_rm_rf (dir);
}

#define DAMAGED_NURSE_PW "Nurse2024pw"

static int run_cli_password (const char *password,
                             char      **out,
                             char      **err,
                             ...) G_GNUC_NULL_TERMINATED;

/* A real database made by the demo generator (administrator "boss", nurse "nina"), with three
 * whole pages in the middle overwritten by garbage. @backup (nullable): a verified backup made
 * before the damage. */
static char *
make_damaged_demo (const char *dir,
                   const char *backup)
{
  g_autofree char *db = g_build_filename (dir, "demo.db", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;
  const char *init[] = { "init", "--admin", "boss", NULL };
  const char *demo[] = { "--user", "boss", "demo", "--records", "3000", "--seed", "7", NULL };
  const char *save[] = { "--user", "boss", "backup", backup, NULL };
  gsize length = 0, n_pages;

  g_assert_cmpint (run_cli_err (&err, db, init), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli_err (&err, db, demo), ==, 0);
  g_clear_pointer (&err, g_free);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MuyingStore) store = muying_store_open (db, &error);
    g_autoptr(MuyingUser) nurse = NULL;

    g_assert_no_error (error);
    nurse = muying_store_create_user (store, "boss", "nina", "护士甲", MUYING_ROLE_NURSE, DAMAGED_NURSE_PW, &error);
    g_assert_no_error (error);
  }
  if (backup != NULL)
    {
      g_assert_cmpint (run_cli_err (&err, db, save), ==, 0);
      g_clear_pointer (&err, g_free);
    }
  assert_no_companions (db);

  /* Garbage over three whole pages at a third, half and two thirds of the file. */
  g_assert_true (g_file_get_contents (db, &contents, &length, NULL));
  n_pages = length / 4096;
  g_assert_cmpuint (n_pages, >=, 100);
  for (guint part = 1; part <= 3; part++)
    {
      gsize offset = (n_pages * (part + 1) / 6) * 4096;

      for (gsize i = 0; i < 4096; i++)
        contents[offset + i] = (char) (0xA5 ^ (i * 7));
    }
  g_assert_true (g_file_set_contents (db, contents, length, NULL));
  return g_steal_pointer (&db);
}

/* A real database (made by the demo generator) with pages damaged in the middle: an import is
 * refused with a message that points at restoring a backup, the file is left as it was, and
 * check still runs and reports the damage. */
static void
test_damaged_refuses_writes (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = make_damaged_demo (dir, NULL);
  g_autofree char *csv = muying_test_data_path ("prenatal-good-en.csv");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  const char *import[] = { "--user", "boss", "import", "--program", "prenatal", csv, NULL };

  before = file_digest (db);

  g_assert_cmpint (run_cli_err (&err, db, import), ==, 1);
  g_assert_nonnull (strstr (err, "已损坏"));
  g_assert_nonnull (strstr (err, "muying-cli restore"));
  g_clear_pointer (&err, g_free);
  after = file_digest (db);
  g_assert_cmpstr (before, ==, after);
  assert_no_companions (db);

  /* check, read-only, runs and lists the damage. */
  g_assert_cmpint (run_cli (&out, NULL, "--db", db, "check", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "已损坏"));
  g_clear_pointer (&after, g_free);
  after = file_digest (db);
  g_assert_cmpstr (before, ==, after);
  muying_test_rm_rf (dir);
}

/* The files "demo.db.damaged-*" in @dir (the raw copies a restore keeps), sorted. */
static GPtrArray *
list_damaged_copies (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "demo.db.damaged-"))
      g_ptr_array_add (found, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (found, (GCompareFunc) g_strcmp0);
  return found;
}

/* What a restore over a damaged file must leave: the copy, byte for byte and owner-only; a
 * database that passes its checks; in its audit, who restored from which backup over a damaged
 * file and where the damaged copy is. */
static void
assert_restored_over_damage (const char *dir,
                             const char *db,
                             const char *backup,
                             const char *damaged_digest)
{
  g_autoptr(GPtrArray) copies = list_damaged_copies (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autofree char *copy_digest = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *backup_abs = g_canonicalize_filename (backup, NULL);
  const char *copy;
  GStatBuf st;

  g_assert_cmpuint (copies->len, ==, 1);
  copy = g_ptr_array_index (copies, 0);
  copy_digest = file_digest (copy);
  g_assert_cmpstr (copy_digest, ==, damaged_digest);
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (run_cli (NULL, NULL, "--db", db, "check", NULL), ==, 0);

  store = muying_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (muying_store_quick_check (store, &error));
  g_assert_no_error (error);
  assert_integrity_ok (store);
  detail = query_text (store, "SELECT detail FROM audit WHERE action = 'restore' ORDER BY id DESC LIMIT 1");
  actor = query_text (store, "SELECT user_name FROM audit WHERE action = 'restore' ORDER BY id DESC LIMIT 1");
  g_test_message ("restore entry: %s", detail);
  g_assert_cmpstr (actor, ==, "boss");
  g_assert_nonnull (strstr (detail, "\"replaced_damaged\""));
  g_assert_nonnull (strstr (detail, copy));
  g_assert_nonnull (strstr (detail, backup_abs));
  /* Writes are taken again. */
  add_audit_rows (store, "after-restore", 1);
}

/* `muying-cli restore` on a damaged database: a nurse and a wrong password are refused and
 * leave everything as it was; the administrator restores the verified backup, the damaged file
 * is kept as a raw copy beside it. */
static void
test_restore_damaged_cli (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *backup = g_build_filename (dir, "before.db", NULL);
  g_autofree char *db = make_damaged_demo (dir, backup);
  g_autofree char *damaged = file_digest (db);
  g_autofree char *now = NULL;

  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli_password (DAMAGED_NURSE_PW, &out, &err, "--db", db, "--user", "nina", "restore", backup,
                                       NULL), ==, 1);
    g_assert_nonnull (strstr (err, "管理员"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli_password ("Wrong2024pw", &out, &err, "--db", db, "--user", "boss", "restore", backup,
                                       NULL), ==, 1);
    g_assert_nonnull (strstr (err, "用户名或密码错误"));
  }
  now = file_digest (db);
  g_assert_cmpstr (now, ==, damaged);
  {
    g_autoptr(GPtrArray) copies = list_damaged_copies (dir);

    g_assert_cmpuint (copies->len, ==, 0);
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli_password (ADMIN_PW, &out, &err, "--db", db, "--user", "boss", "restore", backup, NULL),
                     ==, 0);
    /* The log-in could not be recorded in the damaged file: said on stderr. */
    g_assert_nonnull (strstr (err, "已损坏"));
    g_assert_nonnull (strstr (out, "demo.db.damaged-"));
  }
  assert_restored_over_damage (dir, db, backup, damaged);
  muying_test_rm_rf (dir);
}

/* The window's way through the store: sign-in on a damaged file with
 * MUYING_LOGIN_FLAGS_DAMAGED_FILE (unrecorded, password still verified, other writes still
 * refused), then muying_store_restore. */
static void
test_restore_damaged_store (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *backup = g_build_filename (dir, "before.db", NULL);
  g_autofree char *db = make_damaged_demo (dir, backup);
  g_autofree char *damaged = file_digest (db);
  g_autofree char *safety = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) boss = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean recorded = TRUE;

  {
    g_autoptr(MuyingStore) store = muying_store_open (db, &error);
    g_autoptr(MuyingUser) nurse = NULL;

    g_assert_no_error (error);
    /* Without the flag the sign-in is refused, as every write. */
    g_assert_null (muying_store_login_at (store, "boss", ADMIN_PW, now, &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
    g_clear_error (&error);

    g_assert_null (muying_store_login_full (store, "boss", "Wrong2024pw", now, MUYING_LOGIN_FLAGS_DAMAGED_FILE,
                                            &recorded, &error));
    g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
    g_clear_error (&error);

    /* A nurse's right password: known, but not allowed to restore (the window refuses her). */
    nurse = muying_store_login_full (store, "nina", DAMAGED_NURSE_PW, now, MUYING_LOGIN_FLAGS_DAMAGED_FILE,
                                     &recorded, &error);
    g_assert_no_error (error);
    g_assert_false (recorded);
    g_assert_false (muying_user_require (nurse, MUYING_PERMISSION_BACKUP, NULL));

    boss = muying_store_login_full (store, "boss", ADMIN_PW, now, MUYING_LOGIN_FLAGS_DAMAGED_FILE, &recorded, &error);
    g_assert_no_error (error);
    g_assert_nonnull (boss);
    g_assert_false (recorded);
    g_assert_true (muying_user_require (boss, MUYING_PERMISSION_BACKUP, NULL));

    /* Signed in, but every other write is still refused with the damage message. */
    g_assert_false (muying_store_begin (store, &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "muying-cli restore"));
    g_clear_error (&error);
    {
      g_autofree char *unchanged = file_digest (db);

      g_assert_cmpstr (unchanged, ==, damaged);
    }

    g_assert_true (muying_store_restore (store, backup, "boss", &safety, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (safety, "demo.db.damaged-"));
    /* The same connection takes writes again. */
    add_audit_rows (store, "same-connection", 1);
  }
  assert_restored_over_damage (dir, db, backup, damaged);
  muying_test_rm_rf (dir);
}

static void
on_quick_check_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GError **error = user_data;

  if (muying_store_quick_check_finish (MUYING_STORE (source), result, error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NONE, "passed");
}

static GError *
quick_check_in_thread (MuyingStore *store)
{
  GError *error = NULL;

  muying_store_quick_check_async (store, NULL, on_quick_check_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  return error;
}

/* The window's way: the check runs in a thread after the window is up; a damaged file then
 * refuses every write, a sound one takes them. */
static void
test_quick_check_in_thread (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = make_damaged (dir, FALSE);
  g_autofree char *before = file_digest (path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) result = NULL;

  {
    g_autoptr(MuyingStore) store = muying_store_open (path, &error);

    g_assert_no_error (error);
    result = quick_check_in_thread (store);
    g_assert_error (result, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
    g_assert_false (muying_store_begin (store, &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "muying-cli restore"));
    g_clear_error (&error);
    g_assert_false (muying_store_audit (store, "x", "test", "txn", 1, NULL, &error) &&
                    muying_store_commit (store, NULL));
    g_clear_error (&error);
  }
  after = file_digest (path);
  g_assert_cmpstr (before, ==, after);
  g_clear_error (&result);

  {
    g_autoptr(MuyingStore) store = new_store (dir, "sound.db");

    result = quick_check_in_thread (store);
    g_assert_error (result, G_IO_ERROR, G_IO_ERROR_NONE);
    add_audit_rows (store, "after-check", 3);
    g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit WHERE entity = 'after-check'"), ==, 3);
  }
  muying_test_rm_rf (dir);
}

/* ---- consistency ----------------------------------------------------------------------------- */

static void
test_check_consistency (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autoptr(MuyingStore) store = new_store (dir, "c.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clean = NULL;
  g_autoptr(GPtrArray) broken = NULL;
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(GString) all = g_string_new (NULL);

  admin = muying_store_create_first_admin (store, "boss", NULL, ADMIN_PW, &error);
  clean = muying_store_check (store, "boss", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clean->len, ==, 0);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit WHERE action = 'check'"), ==, 1);

  /* A record written around the program: flagged, but no programme row, reasons or follow-up;
   * and a signed one without its signer. */
  g_assert_true (muying_store_exec (store,
    "INSERT INTO person (id, name, created_at, updated_at) VALUES (1, '王某', 'x', 'x');"
    "INSERT INTO record (id, program, record_key, person_id, record_date, level, computed_level, "
    "  rules_version, review_state, created_at, updated_at) "
    "  VALUES (1, 'prenatal', 'P-BROKEN', 1, '2026-01-05', 2, 2, '1', 'pending', 'x', 'x');"
    "INSERT INTO record (id, program, record_key, person_id, record_date, level, computed_level, "
    "  rules_version, review_state, created_at, updated_at) "
    "  VALUES (2, 'two_cancer', 'T-SIGNED', 1, '2026-01-05', 0, 0, '1', 'signed', 'x', 'x');"
    "INSERT INTO two_cancer (record_id) VALUES (2);"
    "UPDATE app_user SET disabled = 1;", &error));
  g_assert_no_error (error);

  broken = muying_store_check (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < broken->len; i++)
    g_string_append_printf (all, "%s\n", (const char *) g_ptr_array_index (broken, i));
  g_test_message ("%s", all->str);
  /* programme row, level vs reasons, follow-up, signer, administrator; and, from the seals,
   * the account disabled by hand and the record marked signed without a seal */
  g_assert_cmpuint (broken->len, ==, 7);
  g_assert_nonnull (strstr (all->str, "P-BROKEN"));
  g_assert_nonnull (strstr (all->str, "T-SIGNED"));
  muying_test_rm_rf (dir);
}

/* ---- disk full ------------------------------------------------------------------------------ */

#define FULL_ADMIN_PW "Admin2024pw"
#define FULL_NURSE_PW "Nurse2024pw"

static void
add_full_disk_users (MuyingStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(MuyingUser) nurse = NULL;

  admin = muying_store_create_first_admin (store, "boss", "院长", FULL_ADMIN_PW, &error);
  g_assert_no_error (error);
  nurse = muying_store_create_user (store, "boss", "nina", "护士甲", MUYING_ROLE_NURSE, FULL_NURSE_PW, &error);
  g_assert_no_error (error);
}

/* Every write fails with SQLITE_FULL: a read-only log-in with the right password still works
 * (unrecorded), a normal one and a wrong password do not, a backup is made although the audit
 * cannot record it, and a change is refused. */
static void
test_disk_full_store (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "full.db", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autoptr(MuyingUser) user = NULL;
  g_autoptr(MuyingUser) other = NULL;
  gboolean recorded = TRUE;

  register_faulty_vfs ();
  {
    g_autoptr(MuyingStore) setup = new_store (dir, "full.db");

    add_full_disk_users (setup);
  }
  store = muying_store_open_with_vfs (db, "muying-faulty", &error);
  g_assert_no_error (error);
  disk_full = TRUE;

  g_assert_null (muying_store_login (store, "boss", FULL_ADMIN_PW, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FULL);
  g_clear_error (&error);

  user = muying_store_login_full (store, "boss", FULL_ADMIN_PW, g_get_real_time () / G_USEC_PER_SEC,
                                  MUYING_LOGIN_FLAGS_READ_ONLY, &recorded, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_false (recorded);

  g_assert_null (muying_store_login_full (store, "boss", "Wrong2024pw", g_get_real_time () / G_USEC_PER_SEC,
                                          MUYING_LOGIN_FLAGS_READ_ONLY, NULL, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  g_assert_null (muying_store_login_full (store, "ghost", FULL_ADMIN_PW, g_get_real_time () / G_USEC_PER_SEC,
                                          MUYING_LOGIN_FLAGS_READ_ONLY, NULL, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);

  /* The backup goes elsewhere and is made; only its audit row is missing. */
  g_assert_false (muying_store_backup (store, copy, "boss", MUYING_BACKUP_FLAGS_NONE, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_true (muying_store_inspect_backup (copy, NULL, &error));
  g_assert_no_error (error);

  /* A check runs; that its result is not in the audit is no problem of the database. */
  {
    g_autoptr(GError) audit_error = NULL;
    g_autoptr(GPtrArray) problems = muying_store_check_full (store, "boss", &audit_error, &error);

    g_assert_no_error (error);
    g_assert_nonnull (problems);
    g_assert_cmpuint (problems->len, ==, 0);
    g_assert_error (audit_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FULL);
  }

  /* Writes are refused. */
  other = muying_store_create_user (store, "boss", "lily", "护士乙", MUYING_ROLE_NURSE, FULL_NURSE_PW, &error);
  g_assert_null (other);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FULL);
  g_clear_error (&error);

  disk_full = FALSE;
  g_assert_true (muying_store_verify_audit (store, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  muying_test_rm_rf (dir);
}

/* In a mount namespace of its own, a 1 MiB tmpfs holds the database and is then filled up. */
static gboolean
mount_small_tmpfs (const char *where)
{
  if (unshare (CLONE_NEWNS) != 0)
    return FALSE;
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    return FALSE;
  return mount ("tmpfs", where, "tmpfs", 0, "size=1m") == 0;
}

static void
fill_up (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "filler", NULL);
  char block[4096] = { 0 };
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
}

static int
run_cli_password (const char *password,
             char      **out,
             char      **err,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *env = password ? g_strconcat ("MUYING_PASSWORD=", password, NULL) : NULL;
  va_list ap;
  int status;

  va_start (ap, err);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  status = muying_test_run_cli ((const char * const *) args->pdata, env, out, err);
  g_test_message ("muying-cli %s → %d; stderr: %s", (const char *) args->pdata[2], status, *err);
  return status;
}

static void
test_disk_full_cli_child (const char *dir)
{
  g_autofree char *mnt = g_build_filename (dir, "mnt", NULL);
  g_autofree char *db = g_build_filename (mnt, "m.db", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);

  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  g_assert_true (mount_small_tmpfs (mnt));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MuyingStore) store = muying_store_create (db, &error);

    g_assert_no_error (error);
    add_full_disk_users (store);
  }
  fill_up (mnt);

  /* backup: made and checked, with warnings that neither it nor the log-in is in the audit. */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli_password (FULL_ADMIN_PW, &out, &err, "--db", db, "--user", "boss", "backup", copy, NULL),
                     ==, 0);
    g_assert_nonnull (strstr (err, "磁盘已满"));
    g_assert_true (muying_store_inspect_backup (copy, NULL, NULL));
  }
  /* worklist: the right password reads (with a warning), a wrong one does not. */
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *out2 = NULL, *err2 = NULL;

    g_assert_cmpint (run_cli_password (FULL_NURSE_PW, &out, &err, "--db", db, "--user", "nina", "worklist", NULL), ==, 0);
    g_assert_nonnull (strstr (err, "磁盘已满"));
    g_assert_cmpint (run_cli_password ("Wrong2024pw", &out2, &err2, "--db", db, "--user", "nina", "worklist", NULL), ==, 1);
    g_assert_nonnull (strstr (err2, "用户名或密码错误"));
  }
  /* stats and check run; check says that its result could not be recorded. */
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *out2 = NULL, *err2 = NULL;

    g_assert_cmpint (run_cli_password (NULL, &out, &err, "--db", db, "stats", "--format", "json", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "\"prenatal\""));
    /* The database is sound: its result stands, with exit status 3 (docs/cli.md). */
    g_assert_cmpint (run_cli_password (NULL, &out2, &err2, "--db", db, "check", NULL), ==, 3);
    g_assert_nonnull (strstr (out2, "磁盘已满"));
    g_assert_nonnull (strstr (out2, "检查结果未能写入审计日志"));
    g_assert_nonnull (strstr (out2, "数据库完好"));
    g_assert_null (strstr (out2, "个问题"));
    g_assert_null (strstr (err2, "无法打开"));
  }
  /* A change is refused. */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli_password (FULL_ADMIN_PW, &out, &err, "--db", db, "--user", "boss", "user", "unlock", "nina",
                                  NULL), ==, 1);
    g_assert_nonnull (strstr (err, "磁盘已满"));
  }
}

/* Can this process make a mount namespace and mount a tmpfs (root, not in a locked-down
 * container)? Tried in a child, so that nothing changes here. */
static gboolean
can_mount_tmpfs (const char *dir)
{
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (mount_small_tmpfs (dir) ? 0 : 1);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* The database on a really full file system, through muying-cli: backup, check, stats and
 * worklist run; a change does not. Before, the database could not even be opened (the WAL's
 * shared-memory file cannot grow) and the log-in's audit row was required. */
static void
test_disk_full_cli (void)
{
  if (g_test_subprocess ())
    {
      test_disk_full_cli_child (g_getenv ("MUYING_FULL_DIR"));
      return;
    }
  {
    g_autofree char *dir = muying_test_make_tmpdir ();

    if (!can_mount_tmpfs (dir))
      {
        g_test_skip ("cannot mount a tmpfs in a mount namespace here (needs root)");
        muying_test_rm_rf (dir);
        return;
      }
    g_setenv ("MUYING_FULL_DIR", dir, TRUE);
    g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
    muying_test_rm_rf (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/reliability/kill-writer", test_kill_writer);
  g_test_add_func ("/reliability/checkpoint-cut-short", test_checkpoint_cut_short);
  g_test_add_func ("/reliability/io-error/once", test_io_error_once);
  g_test_add_func ("/reliability/io-error/forever", test_io_error_forever);
  g_test_add_func ("/reliability/corrupt/middle-page", test_corrupt_middle);
  g_test_add_func ("/reliability/corrupt/first-page", test_corrupt_first_page);
  g_test_add_func ("/reliability/audit-tamper/update", test_tamper_update);
  g_test_add_func ("/reliability/audit-tamper/delete", test_tamper_delete);
  g_test_add_func ("/reliability/audit-tamper/user-name", test_tamper_user_name);
  g_test_add_func ("/reliability/backup/round-trip", test_backup_round_trip);
  g_test_add_func ("/reliability/backup/restore-refuses", test_restore_refuses);
  g_test_add_func ("/reliability/backup/while-writing", test_backup_while_writing);
  g_test_add_func ("/reliability/backup/daily", test_backup_daily);
  g_test_add_func ("/reliability/backup/cli", test_backup_cli);
  g_test_add_func ("/reliability/backup/restore-leftovers", test_restore_leftovers);
  g_test_add_func ("/reliability/check/consistency", test_check_consistency);
  g_test_add_func ("/reliability/disk-full/store", test_disk_full_store);
  g_test_add_func ("/reliability/disk-full/cli", test_disk_full_cli);
  g_test_add_func ("/reliability/open/missing-and-empty", test_open_missing_and_empty);
  g_test_add_func ("/reliability/open/moved-while-writing", test_moved_while_writing);
  g_test_add_func ("/reliability/open/damaged-refuses-writes", test_damaged_refuses_writes);
  g_test_add_func ("/reliability/open/restore-damaged-cli", test_restore_damaged_cli);
  g_test_add_func ("/reliability/open/restore-damaged-store", test_restore_damaged_store);
  g_test_add_func ("/reliability/open/quick-check-in-thread", test_quick_check_in_thread);
  return g_test_run ();
}
