/* muying-store-backup.c: verified backups and restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"
/* sync_file_range (fcntl.h) is a Linux extension. */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#if HAVE_NETTLE
#include <nettle/sha2.h>
#endif

#include "muying-backup-retention.h"
#include "muying-error.h"
#include "muying-output-path.h"
#include "muying-store-backup.h"
#include "muying-store-file-private.h"
#include "muying-store-private.h"

#define BUSY_RETRIES 200   /* × 50 ms */
#define RESTORE_SCRATCH_PREFIX ".muying-restore-"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

void
muying_backup_info_clear (MuyingBackupInfo *info)
{
  g_clear_pointer (&info->last_audit_at, g_free);
  g_clear_pointer (&info->sha256, g_free);
  g_clear_pointer (&info->audit_head_hash, g_free);
}

/* ---- helpers ---------------------------------------------------------------------------------- */

static gboolean
set_db_error (sqlite3     *db,
              const char  *path,
              int          rc,
              GError     **error)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged (%s)"), path, detail);
      break;
    case SQLITE_FULL:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("The disk is full: “%s” could not be written"), path);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("“%s” cannot be opened or written (%s)"), path, detail);
      break;
    default:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("Database error with “%s”: %s"), path, detail);
      break;
    }
  return FALSE;
}

static gboolean
query_int64 (sqlite3     *db,
             const char  *path,
             const char  *sql,
             gint64      *value,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return set_db_error (db, path, rc, error);
  *value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
sync_path (const char  *path,
           gboolean     is_dir,
           GError     **error)
{
  int fd = g_open (path, (is_dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC, 0);
  int saved;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
               _("“%s” could not be written to the disk: %s"), path, g_strerror (saved));
  return FALSE;
}

/* SHA-256 of the file read in 1 MiB chunks: constant memory whatever the size (a whole-file
 * mapping would count every page of the file in the process's resident memory). With nettle
 * the CPU's SHA instructions do it (about 1 GB/s), else GLib's GChecksum (about 0.25 GB/s). */
#define HASH_CHUNK (1 << 20)

#if HAVE_NETTLE
typedef struct sha256_ctx Sha256;
#define sha256_begin(s)          sha256_init (s)
#define sha256_add(s, buf, n)    sha256_update ((s), (n), (buf))
static char *
sha256_end (Sha256 *s)
{
  guint8 digest[SHA256_DIGEST_SIZE];
  GString *hex = g_string_sized_new (2 * SHA256_DIGEST_SIZE);

  sha256_digest (s, sizeof digest, digest);
  for (guint i = 0; i < sizeof digest; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_string_free (hex, FALSE);
}
#else
typedef struct { GChecksum *sum; } Sha256;
#define sha256_begin(s)          ((s)->sum = g_checksum_new (G_CHECKSUM_SHA256))
#define sha256_add(s, buf, n)    g_checksum_update ((s)->sum, (buf), (n))
static char *
sha256_end (Sha256 *s)
{
  char *hex = g_strdup (g_checksum_get_string (s->sum));

  g_checksum_free (s->sum);
  return hex;
}
#endif

static char *
file_sha256 (const char *path,
             gint64     *size,
             GError    **error)
{
  g_autofree guchar *buf = g_malloc (HASH_CHUNK);
  Sha256 sum;
  gint64 total = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("Cannot open “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  sha256_begin (&sum);
  for (;;)
    {
      ssize_t n = read (fd, buf, HASH_CHUNK);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          g_free (sha256_end (&sum));
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                       _("Cannot read “%s”: %s"), path, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      sha256_add (&sum, buf, n);
      total += n;
    }
  close (fd);
  if (size != NULL)
    *size = total;
  return sha256_end (&sum);
}

/* Removes @path and the -wal, -shm and -journal files SQLite may have left beside it. */
static void
remove_database_file (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      g_remove (name);
    }
}

/* Copies all of @src into @dest (both "main"), retrying while another connection holds a lock. */
static gboolean
copy_database (sqlite3     *dest,
               sqlite3     *src,
               const char  *dest_label,
               GError     **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (dest, "main", src, "main");
  int rc, tries = 0;

  if (backup == NULL)
    return set_db_error (dest, dest_label, sqlite3_errcode (dest), error);
  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while ((rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++tries < BUSY_RETRIES);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        {
          g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                               _("The database is busy in another program; try again"));
          return FALSE;
        }
      /* The error of the failed step is on whichever connection it came from. */
      if (sqlite3_errcode (dest) != SQLITE_OK)
        return set_db_error (dest, dest_label, rc, error);
      return set_db_error (src, dest_label, rc, error);
    }
  return TRUE;
}

/* Pages copied per sqlite3_backup_step: 4096 pages (16 MiB at 4 KiB) is a few hundredths of a
 * second, short enough to report progress and to stop at once when cancelled. */
#define BACKUP_STEP_PAGES 4096

/* Copies the database of @src into @dest in steps, from one snapshot: @src holds a read
 * transaction for the whole copy. In WAL mode a reader never blocks a writer, so other
 * connections keep committing meanwhile (into the WAL, which is checkpointed afterwards);
 * without the held snapshot each of their commits would restart the copy from page 1, and a
 * busy database would never finish. @dest is a new scratch file: no journal and no syncs
 * while it is filled (a failed copy is deleted; the caller syncs the finished file). */
static gboolean
copy_snapshot (sqlite3                 *dest,
               sqlite3                 *src,
               const char              *dest_label,
               MuyingBackupProgressFunc progress,
               gpointer                 progress_data,
               GCancellable            *cancellable,
               GError                 **error)
{
  sqlite3_backup *backup = NULL;
  gboolean ok = FALSE;
  int rc, busy = 0;
#ifdef __linux__
  /* The copy goes to the disk as it grows (sync_file_range after each step). Left to the final
   * fsync, gigabytes of dirty pages went out at once and the window waited behind them: frame
   * gaps of 100-170 ms around the end of the copy at 10M records (README, Performance). */
  int writeback_fd = g_open (sqlite3_db_filename (dest, "main"), O_WRONLY | O_CLOEXEC, 0);
#endif

  rc = sqlite3_exec (dest, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return set_db_error (dest, dest_label, rc, error);
  rc = sqlite3_exec (src, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_exec (src, "ROLLBACK", NULL, NULL, NULL);
      return set_db_error (src, dest_label, rc, error);
    }
  backup = sqlite3_backup_init (dest, "main", src, "main");
  if (backup == NULL)
    {
      set_db_error (dest, dest_label, sqlite3_errcode (dest), error);
      goto out;
    }
  for (;;)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      rc = sqlite3_backup_step (backup, BACKUP_STEP_PAGES);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        {
          if (++busy >= BUSY_RETRIES)
            break;
          sqlite3_sleep (50);
          continue;
        }
      if (rc != SQLITE_OK && rc != SQLITE_DONE)
        break;
#ifdef __linux__
      if (writeback_fd >= 0)
        sync_file_range (writeback_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
      if (progress != NULL)
        {
          int total = sqlite3_backup_pagecount (backup);
          int left = sqlite3_backup_remaining (backup);

          progress (total > 0 ? (double) (total - left) / total : 1.0, progress_data);
        }
      if (rc == SQLITE_DONE)
        break;
    }
  sqlite3_backup_finish (g_steal_pointer (&backup));
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                         _("The database is busy in another program; try again"));
  else if (rc != SQLITE_DONE)
    set_db_error (sqlite3_errcode (dest) != SQLITE_OK ? dest : src, dest_label, rc, error);
  else
    ok = TRUE;

out:
  if (backup != NULL)
    sqlite3_backup_finish (backup);
  sqlite3_exec (src, "COMMIT", NULL, NULL, NULL);
#ifdef __linux__
  if (writeback_fd >= 0)
    close (writeback_fd);
#endif
  return ok;
}

static char *
json_object_text (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* ---- inspecting a file ------------------------------------------------------------------------ */

/* Opens a database file that came from elsewhere, read-only and defensively
 * (SQLite's advice for files that may come from elsewhere), and checks that it is ours. */
static sqlite3 *
open_foreign (const char  *path,
              int         *schema_version,
              GError     **error)
{
  g_autoptr(sqlite3) db = NULL;
  char header[MUYING_SQLITE_HEADER_LEN];
  gint64 app_id = 0, version = 0, n_tables = 0;
  gssize n;
  int rc;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                   _("There is no file “%s”"), path);
      return NULL;
    }
  n = _muying_file_read_header (path, header);
  if (n < 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("Cannot open “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (!_muying_file_is_sqlite (header, n))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("“%s” is not a Muying database"), path);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (db, path, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);
  rc = sqlite3_exec (db, "PRAGMA cell_size_check = ON; PRAGMA mmap_size = 0; PRAGMA trusted_schema = OFF;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (db, path, rc, error);
      return NULL;
    }
  if (!query_int64 (db, path, "PRAGMA application_id", &app_id, error) ||
      !query_int64 (db, path, "PRAGMA user_version", &version, error) ||
      !query_int64 (db, path, "SELECT count(*) FROM sqlite_schema", &n_tables, error))
    return NULL;
  if (app_id != MUYING_STORE_APPLICATION_ID || version < 1 || n_tables == 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("“%s” is not a Muying database"), path);
      return NULL;
    }
  if (version > MUYING_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Muying (database version %d, this program "
                     "knows up to %d)"), path, (int) version, MUYING_STORE_SCHEMA_VERSION);
      return NULL;
    }
  if (schema_version != NULL)
    *schema_version = (int) version;
  return g_steal_pointer (&db);
}

/* ---- the quick check of a copy, on every core ------------------------------------------------- */

/* PRAGMA quick_check keeps one core busy: for an 8 GB file about 13 s, more than the copy itself.
 * Here its work is shared by one connection per core (up to COPY_CHECK_WORKERS), as jobs:
 * quick_check(TABLE) of each table (its B-tree, its indexes' B-trees and its rows; "sqlite_schema"
 * with the freelist) and, because a check limited to some tables skips SQLite's whole-file page
 * accounting, that accounting, done once: every page of the file is in exactly
 * one B-tree (dbstat), in the freelist or SQLite's lock-byte page. Together they find what one
 * quick_check of the whole file finds. */
#define COPY_CHECK_WORKERS   4
#define COPY_CHECK_FINDINGS  10           /* as quick_check(10) */
#define SQLITE_PENDING_BYTE  0x40000000   /* the lock-byte page holds it: never used by SQLite */

typedef struct
{
  const char *path;
  GPtrArray  *jobs;       /* the SQL of each job; NULL for the page accounting */
  guint       next_job;
  GMutex      lock;
  GString    *found;      /* the findings, "; " between them */
  guint       n_found;
  GError     *error;      /* the first failure that is not a finding */
} CopyCheck;

static gboolean
copy_check_take (CopyCheck *check,
                 guint     *job)
{
  gboolean more;

  g_mutex_lock (&check->lock);
  more = check->next_job < check->jobs->len && check->n_found < COPY_CHECK_FINDINGS && check->error == NULL;
  if (more)
    *job = check->next_job++;
  g_mutex_unlock (&check->lock);
  return more;
}

static void
copy_check_found (CopyCheck  *check,
                  const char *finding)
{
  g_mutex_lock (&check->lock);
  if (check->n_found++ < COPY_CHECK_FINDINGS)
    g_string_append_printf (check->found, "%s%s", check->found->len > 0 ? "; " : "", finding);
  g_mutex_unlock (&check->lock);
}

static void
copy_check_fail (CopyCheck *check,
                 GError    *error)
{
  g_mutex_lock (&check->lock);
  if (check->error == NULL)
    check->error = g_steal_pointer (&error);
  g_mutex_unlock (&check->lock);
  g_clear_error (&error);
}

static void
copy_check_fail_db (CopyCheck *check,
                    sqlite3   *db,
                    int        rc)
{
  GError *error = NULL;

  set_db_error (db, check->path, rc, &error);
  copy_check_fail (check, error);
}

static void
copy_check_pragma (CopyCheck  *check,
                   sqlite3    *db,
                   const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      const char *line;

      rc = sqlite3_step (stmt);
      line = rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0) : "ok";
      if (g_strcmp0 (line, "ok") != 0)
        copy_check_found (check, line != NULL ? line : "?");
    }
  if (rc != SQLITE_DONE)
    copy_check_fail_db (check, db, rc);
}

/* Marks @page used; a page outside the file or used twice is a finding. */
static gboolean
copy_check_mark (CopyCheck *check,
                 guint8    *used,
                 gint64     n_pages,
                 gint64     page)
{
  g_autofree char *finding = NULL;

  if (page < 1 || page > n_pages)
    /* TRANSLATORS: a finding of the check of a database file; the number of a page of it */
    finding = g_strdup_printf (_("page %lld is outside the file"), (long long) page);
  else if (used[page / 8] & (1u << (page % 8)))
    /* TRANSLATORS: a finding of the check of a database file; the number of a page of it */
    finding = g_strdup_printf (_("page %lld is used twice"), (long long) page);
  else
    {
      used[page / 8] |= 1u << (page % 8);
      return TRUE;
    }
  copy_check_found (check, finding);
  return FALSE;
}

/* The big-endian 32-bit number at @p (SQLite's page numbers and counts). */
static gint64
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Marks the freelist's pages, read from the file (SQLite's check of "sqlite_schema" checks the
 * list itself). */
static void
copy_check_mark_freelist (CopyCheck *check,
                          guint8    *used,
                          gint64     n_pages,
                          gint64     page_size)
{
  g_autofree guint8 *buf = g_malloc (page_size);
  gint64 trunk, max_leaves = page_size / 4 - 2;
  int fd = g_open (check->path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0 || pread (fd, buf, 100, 0) != 100)
    {
      int saved = errno;
      GError *error = NULL;

      g_set_error (&error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("Cannot read “%s”: %s"), check->path, g_strerror (saved));
      copy_check_fail (check, error);
      if (fd >= 0)
        close (fd);
      return;
    }
  /* Each trunk: the next trunk, its number of leaves, the leaves (big-endian 32-bit numbers). */
  for (trunk = read_be32 (buf + 32); trunk != 0;
       trunk = read_be32 (buf))
    {
      gint64 n_leaves;

      /* Marking a page twice stops a loop. */
      if (!copy_check_mark (check, used, n_pages, trunk) ||
          pread (fd, buf, page_size, (trunk - 1) * page_size) != page_size)
        break;
      n_leaves = read_be32 (buf + 4);
      if (n_leaves > max_leaves)
        break;   /* SQLite's check of the freelist says what is wrong */
      for (gint64 i = 0; i < n_leaves; i++)
        copy_check_mark (check, used, n_pages, read_be32 (buf + 8 + 4 * i));
    }
  close (fd);
}

/* The whole-file part of quick_check: each page in one B-tree, the freelist or the lock-byte page. */
static void
copy_check_account (CopyCheck *check,
                    sqlite3   *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree guint8 *used = NULL;
  GError *error = NULL;
  gint64 n_pages = 0, page_size = 0, lock_page;
  int rc;

  if (!query_int64 (db, check->path, "PRAGMA page_count", &n_pages, &error) ||
      !query_int64 (db, check->path, "PRAGMA page_size", &page_size, &error))
    {
      copy_check_fail (check, error);
      return;
    }
  used = g_malloc0 (n_pages / 8 + 1);
  lock_page = SQLITE_PENDING_BYTE / page_size + 1;
  if (lock_page <= n_pages)
    copy_check_mark (check, used, n_pages, lock_page);
  copy_check_mark_freelist (check, used, n_pages, page_size);
  rc = sqlite3_prepare_v2 (db, "SELECT pageno FROM dbstat", -1, &stmt, NULL);
  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        copy_check_mark (check, used, n_pages, sqlite3_column_int64 (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    {
      copy_check_fail_db (check, db, rc);
      return;
    }
  for (gint64 page = 1; page <= n_pages && check->n_found < COPY_CHECK_FINDINGS; page++)
    {
      if ((used[page / 8] & (1u << (page % 8))) == 0)
        {
          /* TRANSLATORS: a finding of the check of a database file; the number of a page of it */
          g_autofree char *finding = g_strdup_printf (_("page %lld is never used"), (long long) page);

          copy_check_found (check, finding);
        }
    }
}

static void
copy_check_work (CopyCheck *check,
                 sqlite3   *db)
{
  guint job;

  while (copy_check_take (check, &job))
    {
      const char *sql = g_ptr_array_index (check->jobs, job);

      if (sql != NULL)
        copy_check_pragma (check, db, sql);
      else
        copy_check_account (check, db);
    }
}

static gpointer
copy_check_thread (gpointer data)
{
  CopyCheck *check = data;
  GError *error = NULL;
  g_autoptr(sqlite3) db = open_foreign (check->path, NULL, &error);

  if (db == NULL)
    copy_check_fail (check, error);
  else
    copy_check_work (check, db);
  return NULL;
}

/* The jobs of the check of @db, the longest first (a table's largest rowid stands for its size):
 * the page accounting, then each table. Only one job, the whole quick_check, on one core or when
 * the file cannot be accounted for here (auto-vacuum's pointer-map pages, no dbstat). */
static GPtrArray *
copy_check_jobs (sqlite3 *db,
                 guint    n_workers)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 auto_vacuum = -1;

  if (n_workers < 2 || !query_int64 (db, NULL, "PRAGMA auto_vacuum", &auto_vacuum, NULL) || auto_vacuum != 0 ||
      sqlite3_prepare_v2 (db, "SELECT name FROM dbstat LIMIT 0", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_ptr_array_add (jobs, g_strdup ("PRAGMA quick_check(10)"));
      return g_steal_pointer (&jobs);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_ptr_array_add (jobs, NULL);
  g_ptr_array_add (jobs, g_strdup ("PRAGMA quick_check(sqlite_schema)"));
  if (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table'", -1, &stmt, NULL) != SQLITE_OK)
    return g_steal_pointer (&jobs);   /* the copy's check of sqlite_schema says why */
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      char *sql = sqlite3_mprintf ("SELECT max(rowid) FROM \"%w\"", table);
      gint64 size = 0;
      guint at = 2;

      query_int64 (db, NULL, sql, &size, NULL);
      sqlite3_free (sql);
      sql = sqlite3_mprintf ("PRAGMA quick_check(%Q)", table);
      while (at < jobs->len && g_array_index (sizes, gint64, at - 2) >= size)
        at++;
      g_ptr_array_insert (jobs, at, g_strdup (sql));
      g_array_insert_val (sizes, at - 2, size);
      sqlite3_free (sql);
    }
  return g_steal_pointer (&jobs);
}

/* Runs @jobs (copy_check_jobs) on @db, the file @path, and up to @n_workers - 1 more connections:
 * TRUE when sound, else MUYING_STORE_ERROR_CORRUPT with the first findings. Takes @jobs. */
static gboolean
run_check_jobs (sqlite3     *db,
                const char  *path,
                GPtrArray   *jobs,
                guint        n_workers,
                GError     **error)
{
  CopyCheck check = { .path = path, .jobs = jobs, .found = g_string_new (NULL) };
  GThread *threads[COPY_CHECK_WORKERS] = { NULL };
  gboolean ok;

  g_mutex_init (&check.lock);
  n_workers = MIN (n_workers, check.jobs->len);
  for (guint i = 1; i < n_workers; i++)
    threads[i] = g_thread_new ("muying-backup-check", copy_check_thread, &check);
  copy_check_work (&check, db);
  for (guint i = 1; i < n_workers; i++)
    g_thread_join (threads[i]);
  ok = check.error == NULL && check.n_found == 0;
  if (check.error != NULL)
    g_propagate_error (error, g_steal_pointer (&check.error));
  else if (check.n_found > 0)
    g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                 _("“%s” is damaged (%s)"), path, check.found->str);
  g_ptr_array_unref (check.jobs);
  g_string_free (check.found, TRUE);
  g_mutex_clear (&check.lock);
  return ok;
}

/* @pragma (integrity_check or quick_check of the whole file) on @db alone: TRUE when "ok", else
 * MUYING_STORE_ERROR_CORRUPT with the first findings. */
static gboolean
run_check (sqlite3     *db,
           const char  *path,
           const char  *pragma,
           GError     **error)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (jobs, g_strdup (pragma));
  return run_check_jobs (db, path, jobs, 1, error);
}

static gboolean
check_integrity (sqlite3     *db,
                 const char  *path,
                 GError     **error)
{
  return run_check (db, path, "PRAGMA integrity_check(10)", error);
}

/* PRAGMA quick_check of @db (the file @path) on every core. */
static gboolean
check_copy_quick (sqlite3     *db,
                  const char  *path,
                  GError     **error)
{
  guint n_workers = MIN (g_get_num_processors (), COPY_CHECK_WORKERS);

  return run_check_jobs (db, path, copy_check_jobs (db, n_workers), n_workers, error);
}

typedef struct
{
  const char *path;
  gboolean    sync;    /* fsync the file first (a new backup) */
  char       *sha256;
  gint64      size;
  GError     *error;
} HashJob;

static gpointer
hash_thread (gpointer data)
{
  HashJob *job = data;

  if (job->sync && !sync_path (job->path, FALSE, &job->error))
    return NULL;
  job->sha256 = file_sha256 (job->path, &job->size, &job->error);
  return NULL;
}

/* Checks @path (@pragma: the full integrity_check, or NULL for the quick check on every core) and
 * reads what @info holds.
 * The SHA-256 of the file is computed in a second thread meanwhile (after its fsync when @sync):
 * both read the same file, now in the page cache, and on two cores neither the hash nor the
 * wait for the disk costs time of its own. */
static gboolean
check_and_describe (const char        *path,
                    const char        *pragma,
                    gboolean           sync,
                    MuyingBackupInfo  *info,
                    GError           **error)
{
  g_autoptr(sqlite3) db = NULL;
  HashJob hash = { path, sync, NULL, 0, NULL };
  GThread *hasher = NULL;
  int version = 0;
  gboolean ok = FALSE;

  db = open_foreign (path, &version, error);
  if (db == NULL)
    return FALSE;
  if (info != NULL)
    {
      memset (info, 0, sizeof *info);
      hasher = g_thread_new ("muying-backup-hash", hash_thread, &hash);
    }
  if (pragma != NULL ? !run_check (db, path, pragma, error) : !check_copy_quick (db, path, error))
    goto out;
  if (info != NULL)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      info->schema_version = version;
      if (!query_int64 (db, path, "SELECT count(*) FROM record", &info->n_records, error) ||
          !query_int64 (db, path, "SELECT count(*) FROM app_user", &info->n_users, error))
        goto out;
      if (sqlite3_prepare_v2 (db, "SELECT max(at) FROM audit", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        info->last_audit_at = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (sqlite3_prepare_v2 (db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        {
          info->audit_head_id = sqlite3_column_int64 (stmt, 0);
          info->audit_head_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
    }
  ok = TRUE;

out:
  if (hasher != NULL)
    {
      g_thread_join (hasher);
      if (ok && hash.error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&hash.error));
          ok = FALSE;
        }
      g_clear_error (&hash.error);
      info->sha256 = g_steal_pointer (&hash.sha256);
      info->size = hash.size;
      if (!ok)
        muying_backup_info_clear (info);
    }
  return ok;
}

gboolean
muying_store_inspect_backup (const char        *path,
                             MuyingBackupInfo  *info,
                             GError           **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  /* A file from elsewhere about to be restored: the full check, indexes against tables. */
  return check_and_describe (path, "PRAGMA integrity_check(10)", FALSE, info, error);
}

/* ---- backup ----------------------------------------------------------------------------------- */

static gboolean
not_in_transaction (MuyingStore *self,
                    GError     **error)
{
  if (!sqlite3_get_autocommit (muying_store_get_handle (self)))
    {
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                           _("A backup or restore cannot run while changes are being saved"));
      return FALSE;
    }
  return TRUE;
}

/* Writes a verified copy of the database of @self to @dest (see the header). Does not audit.
 * @own_name: the program chose the name (the daily backup, the safety copy before a restore):
 * the one writer allowed into the backups folder. @info (optional) gets what the one check of
 * the copy found (its size, SHA-256, newest audit entry), so nobody reads the file again. */
static gboolean
write_backup (MuyingStore             *self,
              const char              *dest_path,
              MuyingBackupFlags        flags,
              gboolean                 own_name,
              MuyingBackupProgressFunc progress,
              gpointer                 progress_data,
              GCancellable            *cancellable,
              MuyingBackupInfo        *info,
              GError                 **error)
{
  sqlite3 *src = muying_store_get_handle (self);
  g_autofree char *dir = g_path_get_dirname (dest_path);
  g_autofree char *tmp = g_strconcat (dest_path, ".part-XXXXXX", NULL);
  g_autoptr(sqlite3) dest = NULL;
  MuyingBackupInfo local_info = { 0 };
  gint64 cache_size = 0;
  gboolean copied;
  int fd, rc;

  /* Never the database, its working files, another database or (but for a name of our own)
   * the backups folder. */
  if (own_name ? !muying_output_path_check_backup (self, dest_path, error)
               : !muying_output_path_check (self, dest_path, error))
    return FALSE;
  if ((flags & MUYING_BACKUP_FLAGS_OVERWRITE) == 0 && g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                   _("“%s” already exists; choose another name"), dest_path);
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  /* Owner-only, like the database: a backup holds the same health records. */
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("Cannot create the backup “%s”: %s"), dest_path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (tmp, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (dest, dest_path, rc, error);
      goto fail;
    }
  sqlite3_busy_timeout (dest, 5000);
  /* Every page passes through the source's cache once: a small cache for the copy keeps the
   * memory flat (the store's own is 64 MiB), and the store gets its size back afterwards. */
  cache_size = _muying_store_shrink_cache (src);
  copied = copy_snapshot (dest, src, dest_path, progress, progress_data, cancellable, error);
  _muying_store_restore_cache (src, cache_size);
  if (!copied)
    goto fail;
  /* One self-contained file: no -wal beside it (the copied header still says WAL). */
  rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (dest, dest_path, rc, error);
      goto fail;
    }
  rc = sqlite3_close (g_steal_pointer (&dest));
  if (rc != SQLITE_OK)
    {
      set_db_error (NULL, dest_path, rc, error);
      goto fail;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;
  /* The one check of this backup, on the copy; its fsync and SHA-256 in a second thread. */
  if (!check_and_describe (tmp, (flags & MUYING_BACKUP_FLAGS_FULL_CHECK) != 0 ? "PRAGMA integrity_check(10)" : NULL,
                           TRUE, info != NULL ? info : &local_info, error))
    {
      g_prefix_error (error, _("The backup failed its check and was deleted: "));
      goto fail;
    }
  /* The copy passed: so did the file it is the image of (muying_store_defer_check). */
  _muying_store_settle_check (self, TRUE);
  muying_backup_info_clear (&local_info);
  /* Cancelled during the check: still nothing under the backup's name. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;
  if (g_rename (tmp, dest_path) != 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("Cannot create the backup “%s”: %s"), dest_path, g_strerror (saved));
      goto fail;
    }
  return sync_path (dir, TRUE, error);

fail:
  g_clear_pointer (&dest, sqlite3_close);
  remove_database_file (tmp);
  if (info != NULL)
    muying_backup_info_clear (info);
  return FALSE;
}

/* @info: what the check of the file at @path found (muying_store_inspect_backup). */
static gboolean
audit_file (MuyingStore            *self,
            const char             *actor,
            const char             *action,
            const char             *path,
            const MuyingBackupInfo *info,
            GError                **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);

  /* The copy's newest audit entry: this chain must keep holding it, so a backup kept
   * elsewhere shows a later rewrite of the log. */
  if (info->audit_head_hash != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "audit_head");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, info->audit_head_id);
      json_builder_set_member_name (b, "hash");
      json_builder_add_string_value (b, info->audit_head_hash);
      json_builder_end_object (b);
    }
  else
    json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, absolute);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, info->size);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, info->sha256);
  json_builder_set_member_name (b, "integrity_check");
  json_builder_add_string_value (b, "ok");
  json_builder_end_object (b);
  detail = json_object_text (b);
  return muying_store_audit_now (self, actor, action, "database", 0, detail, error);
}

/* A server database is backed up and restored with the server's tools, where its
 * administrator keeps them (docs/server.md); what is written here is a file's copy. */
static gboolean
refuse_server (MuyingStore  *self,
               GError      **error)
{
  if (!muying_store_is_server (self))
    return TRUE;
  g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_BAD_LOCATION,
                       _("The database is on a server: it is backed up and restored with the server’s own tools "
                         "(pg_dump and pg_restore, see docs/server.md), not by Muying. Nothing was written"));
  return FALSE;
}

static gboolean
backup_to (MuyingStore             *self,
           const char              *dest_path,
           const char              *actor,
           MuyingBackupFlags        flags,
           gboolean                 own_name,
           MuyingBackupProgressFunc progress,
           gpointer                 progress_data,
           GCancellable            *cancellable,
           MuyingBackupInfo        *info_out,
           GError                 **error)
{
  MuyingBackupInfo info = { 0 };
  gboolean ok;

  if (!refuse_server (self, error))
    return FALSE;
  if (!not_in_transaction (self, error) ||
      !write_backup (self, dest_path, flags, own_name, progress, progress_data, cancellable, &info, error))
    {
      muying_backup_info_clear (&info);
      /* No copy passed (whichever step refused): a deferred check of the file runs now, before
       * anything more is written. */
      _muying_store_settle_check (self, FALSE);
      return FALSE;
    }
  ok = audit_file (self, actor, "backup", dest_path, &info, error);
  if (!ok)
    g_prefix_error (error, _("The backup “%s” was made, but the audit trail could not record it: "), dest_path);
  /* Even when the audit failed (a full disk), the backup exists: say what it holds. */
  if (info_out != NULL)
    *info_out = info;
  else
    muying_backup_info_clear (&info);
  return ok;
}

gboolean
muying_store_backup (MuyingStore       *self,
                     const char        *dest_path,
                     const char        *actor,
                     MuyingBackupFlags  flags,
                     GError           **error)
{
  return muying_store_backup_full (self, dest_path, actor, flags, NULL, error);
}

gboolean
muying_store_backup_full (MuyingStore       *self,
                          const char        *dest_path,
                          const char        *actor,
                          MuyingBackupFlags  flags,
                          MuyingBackupInfo  *info,
                          GError           **error)
{
  return muying_store_backup_with_progress (self, dest_path, actor, flags, NULL, NULL, NULL, info, error);
}

gboolean
muying_store_backup_with_progress (MuyingStore             *self,
                                   const char              *dest_path,
                                   const char              *actor,
                                   MuyingBackupFlags        flags,
                                   MuyingBackupProgressFunc progress,
                                   gpointer                 progress_data,
                                   GCancellable            *cancellable,
                                   MuyingBackupInfo        *info,
                                   GError                 **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  return backup_to (self, dest_path, actor, flags, FALSE, progress, progress_data, cancellable, info, error);
}

/* ---- restore ---------------------------------------------------------------------------------- */

/* Copies @from byte for byte to @to, a new owner-only file (never over an existing one), and
 * syncs it. */
static gboolean
copy_raw (const char  *from,
          const char  *to,
          GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GFile) dest = g_file_new_for_path (to);
  gboolean ok;

  in = g_file_read (source, NULL, error);
  if (in == NULL)
    return FALSE;
  out = g_file_create (dest, G_FILE_CREATE_PRIVATE, NULL, error);
  if (out == NULL)
    return FALSE;
  ok = g_output_stream_splice (G_OUTPUT_STREAM (out), G_INPUT_STREAM (in),
                               G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, NULL, error) >= 0 &&
       sync_path (to, FALSE, error) &&
       g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
  if (!ok)
    g_unlink (to);
  return ok;
}

/* A damaged database cannot pass the check a backup must pass, so what is being replaced is kept
 * as it is, byte for byte: "NAME.damaged-DATE-TIME" beside it, with its write-ahead log as
 * "NAME.damaged-DATE-TIME-wal" (the name under which SQLite finds it when the copy is opened).
 * Nothing of the damaged file is deleted; it can still be examined or taken to a specialist. */
static char *
keep_damaged_copy (MuyingStore  *self,
                   const char   *stamp,
                   GError      **error)
{
  const char *path = muying_store_get_path (self);
  g_autofree char *copy = g_strdup_printf ("%s.damaged-%s", path, stamp);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *wal_copy = g_strconcat (copy, "-wal", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;

  if (!copy_raw (path, copy, error))
    return NULL;
  if (g_stat (wal, &st) == 0 && st.st_size > 0 && !copy_raw (wal, wal_copy, error))
    {
      g_unlink (copy);
      return NULL;
    }
  if (!sync_path (dir, TRUE, error))
    return NULL;
  return g_steal_pointer (&copy);
}

gboolean
muying_store_restore (MuyingStore *self,
                      const char  *src_path,
                      const char  *actor,
                      char       **safety_copy,
                      GError     **error)
{
  g_autofree char *live_dir = NULL;
  g_autofree char *scratch = NULL;
  g_autofree char *safety = NULL;
  g_autoptr(sqlite3) src = NULL;
  g_autoptr(MuyingStore) upgraded = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *safety_name = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *replaced_head_hash = NULL;
  gint64 replaced_head_id = 0;
  g_autoptr(GError) damage = NULL;
  gboolean damaged, ok = FALSE;
  int fd, scratch_lock;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  if (!refuse_server (self, error))
    return FALSE;
  g_return_val_if_fail (src_path != NULL, FALSE);

  if (safety_copy != NULL)
    *safety_copy = NULL;
  if (!not_in_transaction (self, error))
    return FALSE;
  if (_muying_file_same (src_path, muying_store_get_path (self)))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("“%s” is the database itself: choose a backup file"), src_path);
      return FALSE;
    }

  /* 1. Is it ours and intact? Read-only, so a bad file is left exactly as it was. */
  src = open_foreign (src_path, NULL, error);
  if (src == NULL || !check_integrity (src, src_path, error))
    return FALSE;
  sha = file_sha256 (src_path, NULL, error);
  if (sha == NULL)
    return FALSE;

  /* 2. A scratch copy next to the database, upgraded to this program's schema. It is locked
   * while we work on it; one left by a restore that was killed is removed here or at the next
   * open of the database. */
  live_dir = g_path_get_dirname (muying_store_get_path (self));
  _muying_store_remove_stale_restore_files (muying_store_get_path (self));
  scratch = g_build_filename (live_dir, RESTORE_SCRATCH_PREFIX "XXXXXX", NULL);
  fd = g_mkstemp_full (scratch, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 || flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        {
          close (fd);
          g_unlink (scratch);
        }
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("Cannot create a file in “%s”: %s"), live_dir, g_strerror (saved));
      return FALSE;
    }
  scratch_lock = fd;
  {
    g_autoptr(sqlite3) copy = NULL;
    int rc = sqlite3_open_v2 (scratch, &copy, SQLITE_OPEN_READWRITE, NULL);

    if (rc != SQLITE_OK)
      {
        set_db_error (copy, scratch, rc, error);
        goto out;
      }
    if (!copy_database (copy, src, scratch, error))
      goto out;
  }
  g_clear_pointer (&src, sqlite3_close);
  upgraded = muying_store_open (scratch, error);
  if (upgraded == NULL)
    goto out;

  /* 3. Keep what is being replaced: a checked backup, or a raw copy of a damaged file (which
   * refuses every write, so the "backup" audit row could not be written to it either). */
  damaged = !muying_store_quick_check (self, &damage) &&
            g_error_matches (damage, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
  if (damaged)
    {
      safety = keep_damaged_copy (self, stamp, error);
      if (safety == NULL)
        {
          g_prefix_error (error, _("Nothing was restored: the damaged database could not be copied first: "));
          goto out;
        }
    }
  else
    {
      safety_name = g_strdup_printf ("muying-before-restore-%s.db", stamp);
      safety = g_build_filename (live_dir, safety_name, NULL);
      if (!backup_to (self, safety, actor, MUYING_BACKUP_FLAGS_NONE, TRUE, NULL, NULL, NULL, NULL, error))
        {
          g_prefix_error (error, _("Nothing was restored: the current database could not be backed up first: "));
          goto out;
        }
    }

  /* 4. Replace the live contents in one step. */
  if (!muying_store_get_audit_head (self, &replaced_head_id, &replaced_head_hash))
    replaced_head_id = 0;
  /* The damaged file's connection is query_only; the copy replaces every page of it. */
  if (damaged)
    sqlite3_exec (muying_store_get_handle (self), "PRAGMA query_only = OFF", NULL, NULL, NULL);
  if (!copy_database (muying_store_get_handle (self), muying_store_get_handle (upgraded),
                      muying_store_get_path (self), error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      /* Still the damaged contents: back to refusing every write. */
      if (damaged)
        muying_store_quick_check (self, NULL);
      goto out;
    }
  /* The check found damage in the old contents: check the new ones, so that writes (the audit
   * entry below first) are taken again. */
  if (damaged && !muying_store_quick_check (self, error))
    {
      g_prefix_error (error, _("The backup was restored, but the database does not pass its check: "));
      goto out;
    }

  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autofree char *detail = NULL;
    g_autofree char *absolute = g_canonicalize_filename (src_path, NULL);

    json_builder_begin_object (b);
    if (replaced_head_hash != NULL)
      {
        json_builder_set_member_name (b, "replaced_audit_head");
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "id");
        json_builder_add_int_value (b, replaced_head_id);
        json_builder_set_member_name (b, "hash");
        json_builder_add_string_value (b, replaced_head_hash);
        json_builder_end_object (b);
      }
    json_builder_set_member_name (b, "from");
    json_builder_add_string_value (b, absolute);
    json_builder_set_member_name (b, "sha256");
    json_builder_add_string_value (b, sha);
    json_builder_set_member_name (b, damaged ? "damaged_copy" : "safety_copy");
    json_builder_add_string_value (b, safety);
    if (damaged)
      {
        /* Restored over a damaged file: what the check found in it. */
        json_builder_set_member_name (b, "replaced_damaged");
        json_builder_add_string_value (b, damage->message);
      }
    json_builder_end_object (b);
    detail = json_object_text (b);
    /* The database now legitimately ends at an older entry: the newest one seen before is
     * kept in this entry (and in the safety copy), not in the key folder. */
    _muying_keyring_forget_head (_muying_store_get_keyring (self), muying_store_get_path (self));
    if (!muying_store_audit_now (self, actor, "restore", "database", 0, detail, error))
      {
        g_prefix_error (error, _("The backup was restored, but the audit trail could not record it: "));
        goto out;
      }
  }
  ok = TRUE;
  if (safety_copy != NULL)
    *safety_copy = g_steal_pointer (&safety);

out:
  g_clear_object (&upgraded);
  /* Upgrading an old backup wrote to the scratch copy: no head record for it. */
  _muying_keyring_forget_head (_muying_store_get_keyring (self), scratch);
  remove_database_file (scratch);
  close (scratch_lock);
  return ok;
}

/* ".muying-restore-" and the six characters of g_mkstemp. */
static gboolean
is_restore_scratch_name (const char *name)
{
  return g_str_has_prefix (name, RESTORE_SCRATCH_PREFIX) && strlen (name) == strlen (RESTORE_SCRATCH_PREFIX) + 6;
}

void
_muying_store_remove_stale_restore_files (const char *database_path)
{
  g_autofree char *folder = g_path_get_dirname (database_path);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      int fd;

      if (!is_restore_scratch_name (name))
        continue;
      /* A restore in progress holds the lock: its file stays. */
      path = g_build_filename (folder, name, NULL);
      fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
      if (fd < 0)
        continue;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        g_ptr_array_add (stale, g_steal_pointer (&path));
      close (fd);
    }
  for (guint i = 0; i < stale->len; i++)
    {
      const char *path = g_ptr_array_index (stale, i);

      g_debug ("removing %s, left by an interrupted restore", path);
      remove_database_file (path);
    }
}

char *
muying_store_restore_warning (MuyingStore            *self,
                              const char             *src_path,
                              const MuyingBackupInfo *info)
{
  MuyingAuditHead seen = { 0 };
  g_autofree char *first_hash = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *warning = NULL;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);
  g_return_val_if_fail (info != NULL, NULL);

  if (!_muying_keyring_read_head (_muying_store_get_keyring (self), muying_store_get_path (self), &seen))
    return NULL;
  if (sqlite3_open_v2 (src_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT hash FROM audit ORDER BY id LIMIT 1", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    first_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (g_strcmp0 (first_hash, seen.origin) == 0 && info->audit_head_id < seen.id)
    /* TRANSLATORS: audit entry numbers */
    warning = g_strdup_printf (_("This backup ends at audit entry %lld, but this database already reached "
                                 "entry %lld: restoring it discards what was recorded after the backup"),
                               (long long) info->audit_head_id, (long long) seen.id);
  _muying_audit_head_clear (&seen);
  return warning;
}

/* ---- daily backups ---------------------------------------------------------------------------- */

char *
muying_store_backup_default_folder (MuyingStore *self)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);
  dir = g_path_get_dirname (muying_store_get_path (self));
  return g_build_filename (dir, "backups", NULL);
}

static gboolean
is_daily_name (const char *name)
{
  /* muying-YYYY-MM-DD.db */
  static const char pattern[] = "muying-0000-00-00.db";

  if (strlen (name) != sizeof pattern - 1)
    return FALSE;
  for (guint i = 0; pattern[i] != '\0'; i++)
    {
      if (pattern[i] == '0' ? !g_ascii_isdigit (name[i]) : name[i] != pattern[i])
        return FALSE;
    }
  return TRUE;
}

/* Bytes free for this user on the disk of @folder, or -1 when the disk does not say. */
static gint64
free_space_of (const char *folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);

  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return -1;
  return (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
}

static char *
space_warning_text (MuyingBackupSpace  space,
                    const char        *folder,
                    gint64             free_space,
                    gint64             kept)
{
  g_autofree char *free_text = g_format_size (MAX (free_space, 0));
  g_autofree char *kept_text = g_format_size (kept);

  if (space == MUYING_BACKUP_SPACE_TRIMMED)
    /* TRANSLATORS: the backups folder, the free space, the space the kept backups take */
    return g_strdup_printf (_("The disk of the backups folder “%s” is short of space (%s free): older backups "
                              "were deleted so that the backups take at most half of it (%s kept). Free "
                              "disk space or choose a backup folder on a larger disk"),
                            folder, free_text, kept_text);
  /* TRANSLATORS: the backups folder, the free space, the size of the newest backup */
  return g_strdup_printf (_("The disk of the backups folder “%s” is nearly full (%s free; the newest backup "
                            "takes %s): the next backup may fail. Free disk space or choose a backup folder "
                            "on a larger disk now"),
                          folder, free_text, kept_text);
}

/* Deletes what the retention (muying-backup-retention.h) does not keep; never @just_made. */
static gboolean
prune_daily (const char         *folder,
             int                 keep,
             gint64              free_space,
             const char         *just_made,
             MuyingDailyBackup  *daily,
             GError            **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (MuyingBackupEntry));
  MuyingBackupRetention policy;
  MuyingBackupSpace space;
  const char *name;
  gint64 kept = 0;

  if (keep < 1)
    return TRUE;
  dir = g_dir_open (folder, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      MuyingBackupEntry e = { 0 };
      GStatBuf st;

      if (!is_daily_name (name))
        continue;
      path = g_build_filename (folder, name, NULL);
      e.year = atoi (name + 7);
      e.month = atoi (name + 12);
      e.day = atoi (name + 15);
      e.size = g_stat (path, &st) == 0 ? st.st_size : 0;
      g_array_append_val (entries, e);
      g_ptr_array_add (names, g_steal_pointer (&path));
    }
  muying_backup_retention_init_default (&policy);
  policy.daily = keep;
  if (free_space < 0)
    policy.space_share = 0;   /* the disk does not say: by age only */
  space = muying_backup_retention_select (&policy, (MuyingBackupEntry *) entries->data, entries->len, free_space);
  for (guint i = 0; i < entries->len; i++)
    {
      MuyingBackupEntry *e = &g_array_index (entries, MuyingBackupEntry, i);
      const char *path = g_ptr_array_index (names, i);

      if (e->keep || g_strcmp0 (path, just_made) == 0)
        {
          kept += e->size;
          continue;
        }
      if (g_remove (path) != 0)
        {
          int saved = errno;
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                       _("Cannot delete the old backup “%s”: %s"), path, g_strerror (saved));
          return FALSE;
        }
      daily->n_deleted++;
    }
  if (space != MUYING_BACKUP_SPACE_OK)
    {
      g_free (daily->space_warning);
      daily->space_warning = space_warning_text (space, folder, free_space, kept);
    }
  return TRUE;
}

/* A daily backup interrupted by the program's end leaves "muying-DATE.db.part-XXXXXX" behind
 * (never under the final name): such leftovers are removed before the next one. */
static void
remove_interrupted (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      const char *part = strstr (name, ".db.part-");

      if (g_str_has_prefix (name, "muying-") && part != NULL && strlen (part) == strlen (".db.part-XXXXXX"))
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          g_remove (path);
        }
    }
}

void
muying_daily_backup_clear (MuyingDailyBackup *daily)
{
  g_clear_pointer (&daily->made, g_free);
  g_clear_pointer (&daily->space_warning, g_free);
}

gboolean
muying_store_backup_daily_run (MuyingStore        *self,
                               MuyingDailyBackup  *daily,
                               GError            **error)
{
  g_autofree char *default_folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) now = NULL;
  const char *folder;
  GDateTime *today;
  gint64 free_space, needed;
  gboolean created = FALSE;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  if (!refuse_server (self, error))
    return FALSE;
  g_return_val_if_fail (daily != NULL, FALSE);

  daily->made = NULL;
  daily->space_warning = NULL;
  daily->n_deleted = 0;
  folder = daily->folder;
  if (folder == NULL || *folder == '\0')
    folder = default_folder = muying_store_backup_default_folder (self);
  today = daily->today;
  if (today == NULL)
    today = now = g_date_time_new_now_local ();
  name = g_date_time_format (today, "muying-%Y-%m-%d.db");
  path = g_build_filename (folder, name, NULL);

  remove_interrupted (folder);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      GStatBuf st;

      /* Not enough room for a copy of the database: say so before writing half of one. */
      free_space = daily->free_space >= 0 ? daily->free_space : free_space_of (folder);
      needed = g_stat (muying_store_get_path (self), &st) == 0 ? st.st_size : 0;
      if (free_space >= 0 && needed > free_space)
        {
          g_autofree char *free_text = g_format_size (free_space);
          g_autofree char *needed_text = g_format_size (needed);

          /* TRANSLATORS: the backups folder, the free space, the size of the database */
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                       _("Not enough disk space for the daily backup in “%s”: %s free, the database takes %s. "
                         "Free disk space or choose a backup folder on a larger disk"),
                       folder, free_text, needed_text);
          daily->space_warning = g_strdup ((*error)->message);
          _muying_store_settle_check (self, FALSE);
          return FALSE;
        }
      if (!backup_to (self, path, NULL, MUYING_BACKUP_FLAGS_NONE, TRUE, daily->progress, daily->progress_data,
                      daily->cancellable, NULL, error))
        return FALSE;
      created = TRUE;
    }
  /* Today's existed (or was made, and settled it): a check deferred to this backup
   * (muying_store_defer_check) runs now. */
  _muying_store_settle_check (self, FALSE);
  free_space = daily->free_space >= 0 ? daily->free_space : free_space_of (folder);
  if (!prune_daily (folder, daily->keep, free_space, path, daily, error))
    return FALSE;
  if (created)
    daily->made = g_steal_pointer (&path);
  return TRUE;
}

gboolean
muying_store_backup_daily_full (MuyingStore  *self,
                                const char   *folder,
                                int           keep,
                                GDateTime    *today,
                                char        **made,
                                GError      **error)
{
  MuyingDailyBackup daily = { .folder = folder, .keep = keep, .today = today, .free_space = -1 };
  gboolean ok = muying_store_backup_daily_run (self, &daily, error);

  if (made != NULL)
    *made = g_steal_pointer (&daily.made);
  muying_daily_backup_clear (&daily);
  return ok;
}

gboolean
muying_store_backup_daily (MuyingStore *self,
                           const char  *folder,
                           int          keep,
                           GError     **error)
{
  return muying_store_backup_daily_full (self, folder, keep, NULL, NULL, error);
}
