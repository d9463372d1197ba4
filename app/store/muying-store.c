/* muying-store.c: opening, migrating and guarding the SQLite database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "muying-error.h"
#include "muying-store-settings-private.h"
#include "muying-store.h"
#include "muying-store-file-private.h"
#include "muying-store-private.h"
#include "muying-store-pregnancy-private.h"
#include "muying-store-schema.h"
#include "muying-store-location.h"
#include "muying-server-private.h"

struct _MuyingStore
{
  GObject   parent_instance;

  sqlite3  *db;
  char     *path;
  char     *canonical_path;   /* key of open_paths while the connection is open */
  char     *head_file;        /* the key folder's record of our newest audit entry, made once */
  int       schema_version;
  gboolean  network_fs;
  MuyingServer *server;     /* a server database's connection (self->db is then NULL) */
  gint64    notifications;  /* commits other programs announced on the server (data_version) */
  guint     generation;     /* the server session those were counted in (a new one may have missed some) */
  MuyingSql *sql;           /* the connection as the store's modules use it (muying-sql.h): the
                               file's handle, or a server's connection */
  GHashTable *queries;      /* SQL text → MuyingSqlStmt, see muying_store_query_cached */
  char     *last_audit_hash; /* hash of the newest audit row, known only inside our own write
                                transaction (nobody else can append then) */
  MuyingKeyring *keyring;    /* the audit key and the last head seen (muying-store-key.c) */
  char     *chain_key;       /* key id of the newest "audit_key" entry, inside our own write
                                transaction only */
  gboolean  audited;         /* this transaction appended audit entries */
  gboolean  batch;           /* see muying_store_begin_batch */
  gint64    batch_first;
  gint64    batch_last;
  gint64    savepoint_first; /* batch_first and batch_last when the savepoint was taken */
  gint64    savepoint_last;
  guint     last_person_change;   /* MuyingPersonChange of the last save_* (muying-store-records.c) */

  /* The file opened, by identity: every write transaction checks that the path still names it
   * (the file moved or replaced under us must not get, or lose, records silently). */
  dev_t     dev;
  ino_t     ino;

  /* PRAGMA quick_check before the first write; may run in a thread (muying_store_quick_check_async),
   * writers wait for it. Guarded by check_lock. */
  GMutex    check_lock;
  GCond     check_cond;
  int       check_state;     /* CheckState */
  GError   *check_error;     /* the damage found, when CHECK_DAMAGED */
};

typedef enum
{
  CHECK_NOT_RUN,
  CHECK_RUNNING,
  CHECK_PASSED,
  CHECK_DAMAGED,
  CHECK_DEFERRED,   /* to a backup's check of its copy (muying_store_defer_check) */
} CheckState;

G_DEFINE_FINAL_TYPE (MuyingStore, muying_store, G_TYPE_OBJECT)

/* On a server, every commit of a Muying program is announced on this channel, so the other
 * workstations' windows refresh their lists (LISTEN/NOTIFY). */
#define NOTIFY_CHANNEL "muying_changed"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)


/* Database files this process has open (canonical path → number of connections). Closing any
 * file descriptor of a file drops every POSIX lock the process holds on it, SQLite's included:
 * reading the header of a file another connection of ours has open would let a second process
 * think it is the last one and remove the WAL and the shared memory the first still maps
 * (the window then dies of SIGBUS). Such a file was checked when it was first opened. */
G_LOCK_DEFINE_STATIC (open_paths);
static GHashTable *open_paths;

static gboolean
path_is_open (const char *canonical)
{
  gboolean open;

  G_LOCK (open_paths);
  open = open_paths != NULL && g_hash_table_contains (open_paths, canonical);
  G_UNLOCK (open_paths);
  return open;
}

static void
path_ref (const char *canonical)
{
  G_LOCK (open_paths);
  if (open_paths == NULL)
    open_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (open_paths, g_strdup (canonical),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (open_paths, canonical)) + 1));
  G_UNLOCK (open_paths);
}

/* Returns how many connections of this process still have the file open. */
static guint
path_unref (const char *canonical)
{
  guint n;

  G_LOCK (open_paths);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (open_paths, canonical));
  if (n <= 1)
    g_hash_table_remove (open_paths, canonical);
  else
    g_hash_table_insert (open_paths, g_strdup (canonical), GUINT_TO_POINTER (n - 1));
  G_UNLOCK (open_paths);
  return n <= 1 ? 0 : n - 1;
}

static void forget_passed (MuyingStore *self);

static void
muying_store_finalize (GObject *object)
{
  MuyingStore *self = MUYING_STORE (object);
  gboolean file = self->server == NULL;   /* a server database has no open_paths entry */

  g_clear_pointer (&self->queries, g_hash_table_unref);
  g_clear_pointer (&self->sql, muying_sql_free);
  g_clear_pointer (&self->last_audit_hash, g_free);
  g_clear_error (&self->check_error);
  g_mutex_clear (&self->check_lock);
  g_cond_clear (&self->check_cond);
  g_clear_pointer (&self->chain_key, g_free);
  g_clear_pointer (&self->keyring, _muying_keyring_free);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->server, _muying_server_free);
  /* A quick check's pass holds only while the file stays open here: once closed, anything (another
   * program, a restore, a disk error) may change it, and an inode number may be reused. */
  if (file && self->canonical_path != NULL && path_unref (self->canonical_path) == 0)
    forget_passed (self);
  g_free (self->canonical_path);
  g_free (self->head_file);
  g_free (self->path);

  G_OBJECT_CLASS (muying_store_parent_class)->finalize (object);
}

static void
muying_store_class_init (MuyingStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = muying_store_finalize;
}

static void
muying_store_init (MuyingStore *self)
{
  self->queries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) muying_sql_finalize);
  g_mutex_init (&self->check_lock);
  g_cond_init (&self->check_cond);
}

/* ---- helpers shared by the store files ------------------------------------------------------- */

gboolean
muying_store_set_error (MuyingStore *self,
                        int          rc,
                        GError     **error)
{
  /* What the file's handle or the server said (muying-sql.c words both). */
  return muying_sql_set_error (self->sql, rc, error);
}

sqlite3_stmt *
muying_store_prepare (MuyingStore *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      muying_store_set_error (self, rc, error);
      return NULL;
    }
  return stmt;
}

MuyingSqlStmt *
muying_store_query (MuyingStore *self,
                    const char  *sql,
                    GError     **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  return muying_sql_prepare (self->sql, sql, error);
}

MuyingSqlStmt *
muying_store_query_cached (MuyingStore *self,
                           const char  *sql,
                           GError     **error)
{
  MuyingSqlStmt *stmt;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->queries, sql);
  if (stmt != NULL)
    {
      muying_sql_reset (stmt);
      muying_sql_clear_bindings (stmt);
      return stmt;
    }
  if (muying_sql_is_server (self->sql))
    {
      stmt = muying_sql_prepare (self->sql, sql, error);
      if (stmt != NULL)
        muying_sql_stmt_set_few_rows (stmt);
    }
  else
    {
      sqlite3_stmt *lite = NULL;
      int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &lite, NULL);

      if (rc != SQLITE_OK)
        {
          muying_store_set_error (self, rc, error);
          return NULL;
        }
      stmt = muying_sql_wrap_lite (self->sql, lite);
    }
  if (stmt != NULL)
    g_hash_table_insert (self->queries, g_strdup (sql), stmt);
  return stmt;
}

MuyingSql *
muying_store_get_sql (MuyingStore *self)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);
  return self->sql;
}

MuyingStore *
_muying_store_new_on_server (MuyingServer *server)
{
  MuyingStore *self = g_object_new (MUYING_TYPE_STORE, NULL);

  self->sql = muying_sql_new_server (server);
  return self;
}

static gboolean
exec_cached (MuyingStore *self,
             const char  *sql,
             GError     **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  int rc;

  /* On a server the savepoint statements keep SQLite's meaning (muying_sql_exec). */
  if (muying_sql_is_server (self->sql))
    return muying_sql_exec (self->sql, sql, error);
  stmt = muying_store_query_cached (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return muying_store_set_error (self, rc, error);
  return TRUE;
}

gboolean
muying_store_savepoint (MuyingStore *self,
                        GError     **error)
{
  self->savepoint_first = self->batch_first;
  self->savepoint_last = self->batch_last;
  return exec_cached (self, "SAVEPOINT muying_unit", error);
}

gboolean
muying_store_release (MuyingStore *self,
                      GError     **error)
{
  return exec_cached (self, "RELEASE muying_unit", error);
}

void
muying_store_rollback_to (MuyingStore *self)
{
  g_clear_pointer (&self->last_audit_hash, g_free);
  g_clear_pointer (&self->chain_key, g_free);
  /* The records inserted since are gone, and their ids with them: on a server the ids they took
   * are not given back, so the batch's range must not name them. */
  self->batch_first = self->savepoint_first;
  self->batch_last = self->savepoint_last;
  exec_cached (self, "ROLLBACK TO muying_unit", NULL);
  exec_cached (self, "RELEASE muying_unit", NULL);
}

char *
_muying_store_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

const char *
_muying_store_get_last_audit_hash (MuyingStore *self)
{
  return !muying_sql_in_transaction (self->sql) ? NULL : self->last_audit_hash;
}

void
_muying_store_set_last_audit_hash (MuyingStore *self,
                                   const char  *hash)
{
  g_free (self->last_audit_hash);
  self->last_audit_hash = !muying_sql_in_transaction (self->sql) ? NULL : g_strdup (hash);
}

MuyingKeyring *
_muying_store_get_keyring (MuyingStore *self)
{
  if (self->keyring == NULL)
    self->keyring = _muying_keyring_new ();
  return self->keyring;
}

const char *
_muying_store_get_canonical_path (MuyingStore *self)
{
  return self->canonical_path;
}

const char *
_muying_store_get_head_file (MuyingStore *self)
{
  if (self->head_file == NULL)
    self->head_file = _muying_keyring_head_path (_muying_store_get_keyring (self), self->canonical_path);
  return self->head_file;
}

const char *
_muying_store_get_chain_key (MuyingStore *self)
{
  return !muying_sql_in_transaction (self->sql) ? NULL : self->chain_key;
}

void
_muying_store_set_chain_key (MuyingStore *self,
                             const char  *key_id)
{
  g_free (self->chain_key);
  self->chain_key = !muying_sql_in_transaction (self->sql) ? NULL : g_strdup (key_id);
}

void
_muying_store_note_audited (MuyingStore *self)
{
  if (muying_sql_in_transaction (self->sql))
    {
      self->audited = TRUE;
      return;
    }
  /* An entry appended outside a transaction is committed already. */
  _muying_store_record_head (self);
}

static void
reset_transaction_state (MuyingStore *self)
{
  g_clear_pointer (&self->last_audit_hash, g_free);
  g_clear_pointer (&self->chain_key, g_free);
  self->audited = FALSE;
}

gboolean
muying_store_exec (MuyingStore *self,
                   const char  *sql,
                   GError     **error)
{
  int rc;

  if (muying_sql_is_server (self->sql))
    return muying_sql_exec (self->sql, sql, error);
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return muying_store_set_error (self, rc, error);
  return TRUE;
}

/* Does the path still name the file we opened? A database moved, renamed, deleted or replaced
 * while open would otherwise take the commit into a file nobody opens again (or leave it in a
 * -wal beside a replacement). A cheap stat before every BEGIN and COMMIT. */
static gboolean
check_identity (MuyingStore *self,
                GError     **error)
{
  GStatBuf st;

  if (muying_sql_is_server (self->sql) ||
      (g_stat (self->path, &st) == 0 && st.st_dev == self->dev && st.st_ino == self->ino))
    return TRUE;

  /* Transactions committed before the move may still be in the -wal, which keeps the old name.
   * SQLite does not checkpoint a moved database when it closes, so that -wal would stay beside
   * whatever now has the old name and be read into it by the next program to open it. Copy
   * them into the moved file (our open handle follows it) and empty the -wal now. */
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  if (sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
    g_warning ("%s was moved while open; its last transactions could not be copied into it: %s",
               self->path, sqlite3_errmsg (self->db));
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_MOVED,
               _("The database file “%s” was moved, renamed, deleted or replaced while the program was "
                 "using it: nothing was saved. Open the database again from where it is now"), self->path);
  return FALSE;
}

static gboolean ensure_checked (MuyingStore *self,
                                GError     **error);

gboolean
muying_store_begin (MuyingStore *self,
                    GError     **error)
{
  if (!ensure_checked (self, error) || !check_identity (self, error))
    return FALSE;
  reset_transaction_state (self);
  return muying_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
muying_store_commit (MuyingStore *self,
                     GError     **error)
{
  gboolean audited = self->audited;
  int rc;

  if (!check_identity (self, error))
    {
      muying_store_rollback (self);
      return FALSE;
    }
  if (self->server != NULL)
    {
      /* The others' lists follow (muying_store_get_data_version); delivered only if it commits. */
      rc = muying_sql_exec (self->sql, "NOTIFY " NOTIFY_CHANNEL "; COMMIT", NULL) ? SQLITE_OK : SQLITE_ERROR;
    }
  else
    rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  reset_transaction_state (self);
  self->batch = FALSE;
  /* The key folder remembers the newest entry committed, so that a check finds a log cut
   * short or an older copy of the file put in its place. */
  if (rc == SQLITE_OK && audited)
    _muying_store_record_head (self);
  if (rc != SQLITE_OK)
    {
      /* A failed COMMIT may leave the transaction open: roll it back so nothing half-written
       * survives, and report the failure — the caller must never say "saved". */
      muying_store_set_error (self, rc, error);
      if (muying_sql_in_transaction (self->sql))
        muying_sql_exec (self->sql, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

void
muying_store_rollback (MuyingStore *self)
{
  reset_transaction_state (self);
  self->batch = FALSE;
  if (muying_sql_in_transaction (self->sql))
    muying_sql_exec (self->sql, "ROLLBACK", NULL);
}

/* ---- opening --------------------------------------------------------------------------------- */

char *
muying_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_ID, "muying.db", NULL);
}

/* Reads the first bytes of the file before SQLite gets to touch it: refuses anything that is
 * not an SQLite file; *is_empty for a 0-byte file. */
static gboolean
check_file_magic (const char *path,
                  gboolean   *is_empty,
                  GError    **error)
{
  char header[MUYING_SQLITE_HEADER_LEN];
  gssize n;

  *is_empty = FALSE;
  n = _muying_file_read_header (path, header);
  if (n < 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("Cannot open “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  if (n == 0)
    {
      *is_empty = TRUE;
      return TRUE;
    }
  if (!_muying_file_is_sqlite (header, n))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("“%s” is not a Muying database. The file was not changed"), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
create_empty_file (const char *path,
                   GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  /* Health records: readable by the owner only. SQLite gives the -wal and -shm files the same
   * permissions as the database. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("Cannot create the database “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
companion_exists (const char *path,
                  const char *suffix)
{
  g_autofree char *companion = g_strconcat (path, suffix, NULL);

  return g_file_test (companion, G_FILE_TEST_EXISTS);
}

/* The application id and user version straight from the 100-byte file header (big-endian at
 * offsets 68 and 60), for a main file SQLite will not read alone. */
static gboolean
read_header_ids (const char *path,
                 int        *app_id,
                 int        *version)
{
  guint8 header[100];
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gssize n;

  if (fd < 0)
    return FALSE;
  n = read (fd, header, sizeof header);
  close (fd);
  if (n != (gssize) sizeof header)
    return FALSE;
  *app_id = (int) ((guint32) header[68] << 24 | (guint32) header[69] << 16 | (guint32) header[70] << 8 | header[71]);
  *version = (int) ((guint32) header[60] << 24 | (guint32) header[61] << 16 | (guint32) header[62] << 8 | header[63]);
  return TRUE;
}

typedef struct
{
  int app_id;
  int version;
  int n_tables;
} Probe;

/* What the file is, read through a connection that cannot write anything. @live FALSE: the
 * main file alone, as immutable (no locks, no -wal or -shm opened or created), so a file we
 * refuse (another program's database, a newer version, a damaged header) and everything beside
 * it stay byte for byte as they were. @live TRUE: read-only through an existing -wal and -shm
 * (the newest pages of a database in use or of a crash), for a file already known to be ours:
 * such a reader never checkpoints or deletes them, it only takes a read lock in the -shm. */
static gboolean
probe_file (const char *path,
            gboolean    live,
            Probe      *probe,
            GError    **error)
{
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql = "SELECT (SELECT application_id FROM pragma_application_id),"
                    " (SELECT user_version FROM pragma_user_version),"
                    " (SELECT count(*) FROM sqlite_schema)";
  int rc;

  if (live)
    rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  else
    {
      g_autofree char *absolute = g_canonicalize_filename (path, NULL);
      g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
      g_autofree char *ro_uri = g_strconcat (uri, "?mode=ro&immutable=1", NULL);

      rc = sqlite3_open_v2 (ro_uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    }
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, 1);
      sqlite3_busy_timeout (db, 5000);
      rc = sqlite3_exec (db, "PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON; PRAGMA mmap_size = 0",
                         NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          probe->app_id = sqlite3_column_int (stmt, 0);
          probe->version = sqlite3_column_int (stmt, 1);
          probe->n_tables = sqlite3_column_int (stmt, 2);
          return TRUE;
        }
    }
  /* A writer killed in the middle of a checkpoint leaves the main file half copied from its
   * -wal: read alone, the schema pages may contradict each other (SQLite then refuses even the
   * header pragmas) although the database, read through its -wal, is whole. The header bytes
   * are still there: when they say ours and a -wal is there, the caller asks again through the
   * -wal (n_tables -1: not read). */
  if (!live && (rc & 0xff) == SQLITE_CORRUPT && companion_exists (path, "-wal") &&
      read_header_ids (path, &probe->app_id, &probe->version) &&
      probe->app_id == MUYING_STORE_APPLICATION_ID)
    {
      probe->n_tables = -1;
      return TRUE;
    }

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged and cannot be opened (%s). The file was not changed; restore the latest "
                     "backup under Administration, or with “muying-cli restore”"),
                   path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                           _("The database is busy in another program; try again"));
      break;
    default:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("“%s” cannot be opened: %s"), path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      break;
    }
  return FALSE;
}


static gboolean
query_int (MuyingStore *self,
           const char  *sql,
           int         *value,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return muying_store_set_error (self, rc, error);
  *value = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* Reads the identity of the database on the store's own connection. */
static gboolean
probe_connection (MuyingStore *self,
                  int         *app_id,
                  int         *version,
                  int         *n_tables,
                  GError     **error)
{
  return query_int (self, "PRAGMA application_id", app_id, error) &&
         query_int (self, "PRAGMA user_version", version, error) &&
         query_int (self, "SELECT count(*) FROM sqlite_schema", n_tables, error);
}

static gboolean
is_no_room_for_wal_index (int rc)
{
  return rc == SQLITE_FULL || rc == SQLITE_IOERR_SHMSIZE || rc == SQLITE_IOERR_SHMOPEN ||
         rc == SQLITE_IOERR_SHMMAP;
}

static gboolean
open_handle (MuyingStore *self,
             const char  *vfs_name,
             gboolean     exclusive,
             GError     **error)
{
  int rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, vfs_name);

  /* The statements cached on a handle closed before go with it. */
  g_hash_table_remove_all (self->queries);
  g_clear_pointer (&self->sql, muying_sql_free);
  self->sql = muying_sql_new_lite (self->db);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (self->db, 1);
      sqlite3_busy_timeout (self->db, 5000);
      if (exclusive)
        rc = sqlite3_exec (self->db, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    return muying_store_set_error (self, rc, error);
  return TRUE;
}

static gboolean
migrate (MuyingStore *self,
         GError     **error)
{
  guint n_migrations = 0;
  const char * const *migrations = NULL;

  /* an up-to-date database needs no step file */
  if (self->schema_version >= MUYING_STORE_SCHEMA_VERSION)
    return TRUE;
  migrations = muying_store_schema_get_migrations (&n_migrations, error);
  if (migrations == NULL)
    return FALSE;
  while ((guint) self->schema_version < n_migrations)
    {
      g_autofree char *bump = NULL;
      int from = self->schema_version;

      g_autoptr(GArray) sealed = NULL;
      gint64 n_resealed = 0;

      if (!muying_store_begin (self, error))
        return FALSE;
      bump = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                              MUYING_STORE_APPLICATION_ID, from + 1);
      /* Step 6 moves a two-cancer record's stage and treatment, which its seal covers. */
      if ((from + 1 == MUYING_STORE_PREGNANCY_VERSION && (sealed = _muying_store_list_holding_seals (self, error)) == NULL) ||
          !muying_store_exec (self, migrations[from], error) ||
          (from + 1 == MUYING_STORE_KEYED_AUDIT_VERSION && !_muying_store_start_keyed_chain (self, error)) ||
          (from + 1 == MUYING_STORE_PREGNANCY_VERSION && !_muying_store_regroup_all (self, error)) ||
          (sealed != NULL && !_muying_store_reseal_changed (self, sealed, from + 1, &n_resealed, error)) ||
          !muying_store_exec (self, bump, error))
        {
          muying_store_rollback (self);
          g_prefix_error (error, _("Upgrading the database to version %d failed: "), from + 1);
          return FALSE;
        }
      if (!muying_store_commit (self, error))
        return FALSE;
      self->schema_version = from + 1;
    }
  return TRUE;
}

static void
detect_network_fs (MuyingStore *self)
{
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE
                                                            "," G_FILE_ATTRIBUTE_FILESYSTEM_TYPE,
                                                            NULL, NULL);
  const char *type;

  if (info == NULL)
    return;
  type = g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_FILESYSTEM_TYPE);
  self->network_fs = g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE) ||
                     (type != NULL && (g_str_has_prefix (type, "nfs") || g_str_has_prefix (type, "cifs") ||
                                       g_str_has_prefix (type, "smb")));
}

/**
 * muying_store_open:
 * @path: an existing database file
 *
 * Refuses, without modifying it or creating anything beside it, a missing path, an empty
 * file, a file that is not SQLite, an SQLite database of another program, a file damaged
 * beyond reading and a database from a newer version of Muying. A file damaged further in is
 * opened (reading and muying-cli check still work) but refuses every write: see
 * muying_store_quick_check().
 */
MuyingStore *
muying_store_open (const char *path,
                   GError    **error)
{
  return muying_store_open_full (path, MUYING_STORE_OPEN_FLAGS_NONE, NULL, error);
}

/**
 * muying_store_create:
 * @path: the database file; created (0600) with the current schema when it does not exist or
 *   is empty (0 bytes)
 *
 * For an explicit new database only (muying-cli init, the first run on the default database).
 * An existing Muying database is opened (and upgraded) as by muying_store_open().
 */
MuyingStore *
muying_store_create (const char *path,
                     GError    **error)
{
  return muying_store_open_full (path, MUYING_STORE_OPEN_FLAGS_CREATE, NULL, error);
}

/**
 * muying_store_open_with_vfs:
 * @vfs_name: (nullable): a registered sqlite3_vfs (tests inject I/O errors this way), or %NULL
 *   for the default one
 *
 * Same as muying_store_open() through the named VFS.
 */
MuyingStore *
muying_store_open_with_vfs (const char *path,
                            const char *vfs_name,
                            GError    **error)
{
  return muying_store_open_full (path, MUYING_STORE_OPEN_FLAGS_NONE, vfs_name, error);
}

MuyingStore *
muying_store_open_full (const char           *path,
                        MuyingStoreOpenFlags  flags,
                        const char           *vfs_name,
                        GError              **error)
{
  g_autoptr(MuyingStore) self = NULL;
  gboolean create = (flags & MUYING_STORE_OPEN_FLAGS_CREATE) != 0;
  gboolean is_empty = FALSE;
  int app_id = 0, n_tables = 0, rc, version = 0;
  g_autofree char *journal = NULL;
  g_autoptr(GError) probe_error = NULL;
  GStatBuf st;
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* Not a file name: without this, "postgresql://…" would become a new SQLite file of that name. */
  if (muying_store_location_is_server (path))
    {
      if (create || vfs_name != NULL)
        {
          g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_BAD_LOCATION,
                               _("A server database is not created by Muying: move a database file into an empty "
                                 "server database with “muying-cli migrate-db --to” (docs/server.md)"));
          return NULL;
        }
      return muying_store_open_server (path, NULL, error);
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("“%s” is a folder, not a database file"), path);
      return NULL;
    }
  canonical = g_canonicalize_filename (path, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      guint n_migrations;

      if (!create)
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                       _("The database file does not exist: %s"), path);
          return NULL;
        }
      /* nothing is created without the steps that make it a database */
      if (muying_store_schema_get_migrations (&n_migrations, error) == NULL ||
          !create_empty_file (path, error))
        return NULL;
      is_empty = TRUE;
    }
  else if (path_is_open (canonical))
    is_empty = FALSE;   /* checked when first opened; reading it now would drop our locks */
  else if (!check_file_magic (path, &is_empty, error))
    return NULL;

  if (is_empty)
    {
      /* SQLite deletes the -wal of a 0-byte database: never let it take one that is there. */
      if (!create || companion_exists (path, "-wal"))
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                       _("“%s” is an empty file, not a Muying database. The file was not changed"), path);
          return NULL;
        }
    }
  else
    {
      Probe probe = { 0 };

      if (!probe_file (path, FALSE, &probe, error))
        return NULL;
      /* A -wal may hold a newer page 1 than the main file (a crash before the first checkpoint,
       * or the database is open in another program): ask again through it, but only when the
       * main file says ours or is still blank. */
      if ((probe.app_id == MUYING_STORE_APPLICATION_ID ||
           (probe.app_id == 0 && probe.n_tables == 0 && probe.version == 0)) &&
          probe.version <= MUYING_STORE_SCHEMA_VERSION && companion_exists (path, "-wal") &&
          !probe_file (path, TRUE, &probe, error))
        return NULL;
      /* An SQLite file with nothing in it yet (app_id 0, no tables) is new only when asked. */
      if (probe.app_id != MUYING_STORE_APPLICATION_ID &&
          !(create && probe.app_id == 0 && probe.n_tables == 0 && probe.version == 0))
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                       _("“%s” is not a Muying database. The file was not changed"), path);
          return NULL;
        }
      if (probe.version > MUYING_STORE_SCHEMA_VERSION)
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_TOO_NEW,
                       _("“%s” was written by a newer version of Muying (database version %d, this program "
                         "knows up to %d). Install the newer program; the file was not changed"),
                       path, probe.version, MUYING_STORE_SCHEMA_VERSION);
          return NULL;
        }
    }

  self = g_object_new (MUYING_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  self->canonical_path = g_strdup (canonical);
  path_ref (canonical);
  if (!open_handle (self, vfs_name, FALSE, error))
    return NULL;

  /* Read again on the connection that will write (the probe's answer may be a moment old). */
  if (!probe_connection (self, &app_id, &version, &n_tables, &probe_error) &&
      is_no_room_for_wal_index (sqlite3_extended_errcode (self->db)))
    {
      /* A full disk: the shared-memory file of the WAL cannot be made, so nothing at all could
       * be read, not even for a backup. With exclusive locking the WAL index lives in this
       * process's memory instead: reading works, writing fails with "disk full" as it must,
       * and other programs wait until this one closes the database. */
      g_clear_error (&probe_error);
      g_clear_pointer (&self->db, sqlite3_close_v2);
      if (!open_handle (self, vfs_name, TRUE, error))
        return NULL;
      probe_connection (self, &app_id, &version, &n_tables, &probe_error);
    }
  if (probe_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&probe_error), _("“%s” cannot be opened: "), path);
      return NULL;
    }
  if ((app_id != MUYING_STORE_APPLICATION_ID && !(create && app_id == 0 && n_tables == 0 && version == 0)) ||
      version > MUYING_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("“%s” is not a Muying database. The file was not changed"), path);
      return NULL;
    }
  self->schema_version = version;
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                   _("Cannot open “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  self->dev = st.st_dev;
  self->ino = st.st_ino;

  {
    g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (self, "PRAGMA journal_mode = WAL", error);

    if (stmt == NULL)
      return NULL;
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW)
      {
        muying_store_set_error (self, rc, error);
        return NULL;
      }
    journal = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  }
  if (g_ascii_strcasecmp (journal, "wal") != 0)
    g_warning ("journal_mode is %s, not wal", journal);

  /* temp_store: savepoint journals of an import stay in memory; cache_size (KiB when
   * negative): a year's statistics and a large import fit without re-reading pages. */
  if (!muying_store_exec (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
                                "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;", error))
    return NULL;
  /* A migration is a write: it runs the quick check first (muying_store_begin). */
  if (!migrate (self, error))
    return NULL;

  detect_network_fs (self);
  _muying_store_remove_stale_restore_files (path);
  return g_steal_pointer (&self);
}

/* Brings a server database of an earlier structure version to this program's: the steps of
 * data/schema-postgresql after its version, in one transaction under the writer lock (every
 * workstation that starts at once waits; the first one upgrades, the others find it done). All
 * or nothing: a failed step leaves the database as it was. */
static gboolean
upgrade_server (MuyingServer  *server,
                int           *version,
                GError       **error)
{
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GError) local_error = NULL;
  int now = 0;

  if (!_muying_server_exec (server, MUYING_SERVER_BEGIN_WRITER, error))
    return FALSE;
  if (!_muying_server_read_version (server, &now, &local_error) ||
      (now < MUYING_STORE_SCHEMA_VERSION && (steps = muying_store_schema_get_server_upgrade ((guint) now,
                                                                                              &local_error)) == NULL))
    goto failed;
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    if (!_muying_server_exec (server, g_ptr_array_index (steps, i), &local_error))
      goto failed;
  if (!_muying_server_read_version (server, &now, &local_error))
    goto failed;
  if (now != MUYING_STORE_SCHEMA_VERSION)
    {
      g_set_error (&local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("its steps end at structure version %d, not %d"), now, MUYING_STORE_SCHEMA_VERSION);
      goto failed;
    }
  if (!_muying_server_exec (server, "COMMIT", &local_error))
    goto failed;
  g_debug ("Server database %s brought from structure version %d to %d", _muying_server_get_label (server),
             *version, now);
  *version = now;
  return TRUE;

failed:
  _muying_server_exec (server, "ROLLBACK", NULL);
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
               _("The server database %s could not be brought from structure version %d to %d (%s). Nothing was "
                 "changed"), _muying_server_get_label (server), *version, MUYING_STORE_SCHEMA_VERSION,
               local_error->message);
  return FALSE;
}

MuyingStore *
muying_store_open_server (const char  *location,
                          const char  *password,
                          GError     **error)
{
  g_autoptr(MuyingServer) server = NULL;
  g_autoptr(MuyingStore) self = NULL;
  const char *label, *at;
  int version = 0;

  g_return_val_if_fail (location != NULL, NULL);

  server = _muying_server_connect (location, password, error);
  if (server == NULL || !_muying_server_read_version (server, &version, error))
    return NULL;
  label = _muying_server_get_label (server);
  if (version == 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("The server database %s is empty: move a database file into it first with “muying-cli "
                     "migrate-db --to” (docs/server.md). Nothing was written"), label);
      return NULL;
    }
  /* A database of an earlier program is brought to this one's structure (a newer one was
   * refused by _muying_server_read_version). */
  if (version < MUYING_STORE_SCHEMA_VERSION && !upgrade_server (server, &version, error))
    return NULL;

  self = g_object_new (MUYING_TYPE_STORE, NULL);
  self->path = g_strdup (location);
  /* The key folder's record of the newest audit entry is per database, whichever account
   * connects to it: "postgresql://HOST:PORT/DB". */
  at = strchr (label, '@');
  self->canonical_path = g_strconcat ("postgresql://", at != NULL ? at + 1 : label, NULL);
  self->schema_version = version;
  /* The server keeps its own storage whole; there is no file to check. */
  self->check_state = CHECK_PASSED;
  self->server = g_steal_pointer (&server);
  self->sql = muying_sql_new_server (self->server);
  if (!_muying_server_listen (self->server, NOTIFY_CHANNEL, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
muying_store_stop_listening (MuyingStore  *self,
                             GError      **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  return self->server == NULL || _muying_server_unlisten (self->server, error);
}

gboolean
muying_store_is_server (MuyingStore *self)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  return muying_sql_is_server (self->sql);
}

/* ---- quick check ------------------------------------------------------------------------------ */

gint64
_muying_store_shrink_cache (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 cache_size = 0;

  if (sqlite3_prepare_v2 (db, "PRAGMA cache_size", -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    cache_size = sqlite3_column_int64 (stmt, 0);
  sqlite3_exec (db, "PRAGMA cache_size = -2048", NULL, NULL, NULL);
  return cache_size;
}

void
_muying_store_restore_cache (sqlite3 *db,
                             gint64   cache_size)
{
  g_autofree char *restore = NULL;

  if (cache_size == 0)
    return;
  restore = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, cache_size);
  sqlite3_exec (db, restore, NULL, NULL, NULL);
}

/* PRAGMA quick_check (O(N), skips the index-to-table cross-check of integrity_check). */
static gboolean
run_quick_check (sqlite3     *db,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) found = g_string_new (NULL);
  g_autofree char *errmsg = NULL;
  gint64 cache_size;
  int rc;

  /* The check reads every page once: through a small cache, not the connection's 64 MiB (which
   * it would fill with pages nobody needs again, and keep in the process's memory). */
  cache_size = _muying_store_shrink_cache (db);
  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(3)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        const char *line = (const char *) sqlite3_column_text (stmt, 0);

        if (g_strcmp0 (line, "ok") == 0)
          continue;
        if (found->len > 0)
          g_string_append (found, "; ");
        g_string_append (found, line);
      }
  errmsg = g_strdup (sqlite3_errmsg (db));
  g_clear_pointer (&stmt, sqlite3_finalize);
  _muying_store_restore_cache (db, cache_size);
  if (rc != SQLITE_DONE && (rc & 0xff) != SQLITE_CORRUPT && (rc & 0xff) != SQLITE_NOTADB)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("The database could not be checked: %s"), errmsg);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    g_string_append_printf (found, "%s%s", found->len > 0 ? "; " : "", errmsg);
  if (found->len == 0)
    return TRUE;
  g_string_replace (found, "*** in database main ***\n", "", 0);
  g_string_replace (found, "\n", "; ", 0);
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
               _("The database file “%s” is damaged (%s): nothing can be saved in it. Restore the latest backup "
                 "under Administration, or with “muying-cli restore”; “muying-cli check” lists the damage"),
               path, found->str);
  return FALSE;
}

/* Files that passed the check in this process, by identity ("dev:ino"), while some connection of
 * this process has them open: the window's background check also serves the connections its
 * import and statistics threads open. */
static GMutex      passed_lock;
static GHashTable *passed_files;

static char *
identity_key (MuyingStore *self)
{
  return g_strdup_printf ("%llu:%llu", (unsigned long long) self->dev, (unsigned long long) self->ino);
}

static gboolean
passed_before (MuyingStore *self)
{
  g_autofree char *key = identity_key (self);
  gboolean found;

  g_mutex_lock (&passed_lock);
  found = passed_files != NULL && g_hash_table_contains (passed_files, key);
  g_mutex_unlock (&passed_lock);
  return found;
}

static void
forget_passed (MuyingStore *self)
{
  g_autofree char *key = identity_key (self);

  g_mutex_lock (&passed_lock);
  if (passed_files != NULL)
    g_hash_table_remove (passed_files, key);
  g_mutex_unlock (&passed_lock);
}

/* Records the outcome of a check; a check that could not run (busy, I/O) is tried again. */
static void
finish_check (MuyingStore  *self,
              gboolean      passed,
              const GError *damage)
{
  if (passed && self->server == NULL)
    {
      g_mutex_lock (&passed_lock);
      if (passed_files == NULL)
        passed_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (passed_files, identity_key (self));
      g_mutex_unlock (&passed_lock);
    }
  g_mutex_lock (&self->check_lock);
  if (passed)
    self->check_state = CHECK_PASSED;
  else if (damage != NULL && g_error_matches (damage, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT))
    {
      self->check_state = CHECK_DAMAGED;
      g_clear_error (&self->check_error);
      self->check_error = g_error_copy (damage);
      /* Also a write outside muying_store_begin (a single statement) must not reach the file. */
      sqlite3_exec (self->db, "PRAGMA query_only = ON", NULL, NULL, NULL);
    }
  else
    self->check_state = CHECK_NOT_RUN;
  g_cond_broadcast (&self->check_cond);
  g_mutex_unlock (&self->check_lock);
}

/* Before a write: the check's answer, waiting for one running in a thread, or running it now. */
static gboolean
ensure_checked (MuyingStore *self,
                GError     **error)
{
  gboolean passed;
  GError *local_error = NULL;

  g_mutex_lock (&self->check_lock);
  while (self->check_state == CHECK_RUNNING)
    g_cond_wait (&self->check_cond, &self->check_lock);
  switch (self->check_state)
    {
    case CHECK_PASSED:
      g_mutex_unlock (&self->check_lock);
      return TRUE;
    case CHECK_DAMAGED:
      g_propagate_error (error, g_error_copy (self->check_error));
      g_mutex_unlock (&self->check_lock);
      return FALSE;
    case CHECK_DEFERRED:
      /* A backup's check of its copy comes next and settles it (_muying_store_settle_check). */
      g_mutex_unlock (&self->check_lock);
      return TRUE;
    default:
      break;
    }
  if (passed_before (self))
    {
      self->check_state = CHECK_PASSED;
      g_mutex_unlock (&self->check_lock);
      return TRUE;
    }
  self->check_state = CHECK_RUNNING;
  g_mutex_unlock (&self->check_lock);

  passed = run_quick_check (self->db, self->path, &local_error);
  finish_check (self, passed, local_error);
  if (!passed)
    g_propagate_error (error, local_error);
  return passed;
}

void
muying_store_defer_check (MuyingStore *self)
{
  g_return_if_fail (MUYING_IS_STORE (self));

  /* A check already run or running decides by itself. */
  g_mutex_lock (&self->check_lock);
  if (self->check_state == CHECK_NOT_RUN)
    self->check_state = CHECK_DEFERRED;
  g_mutex_unlock (&self->check_lock);
}

void
_muying_store_settle_check (MuyingStore *self,
                            gboolean     copy_passed)
{
  gboolean pending;

  g_mutex_lock (&self->check_lock);
  pending = self->check_state == CHECK_DEFERRED;
  if (pending)
    self->check_state = CHECK_NOT_RUN;
  g_mutex_unlock (&self->check_lock);
  if (!pending)
    return;
  /* The copy is the file's page image at the backup's snapshot: its check is the file's. A
   * failed copy may also be a write error on the backup's disk: the file itself decides. */
  if (copy_passed)
    finish_check (self, TRUE, NULL);
  else
    ensure_checked (self, NULL);
}

gboolean
muying_store_quick_check (MuyingStore *self,
                          GError     **error)
{
  GError *local_error = NULL;
  gboolean passed;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);

  /* A server has no file to check: it keeps its own storage whole. */
  if (self->server != NULL)
    return TRUE;
  /* Run it again even when it passed: the caller asks for a fresh answer. */
  g_mutex_lock (&self->check_lock);
  while (self->check_state == CHECK_RUNNING)
    g_cond_wait (&self->check_cond, &self->check_lock);
  self->check_state = CHECK_RUNNING;
  g_mutex_unlock (&self->check_lock);

  passed = run_quick_check (self->db, self->path, &local_error);
  finish_check (self, passed, local_error);
  if (!passed)
    g_propagate_error (error, local_error);
  return passed;
}

/* In a thread: its own read-only connection, so the window's connection stays free. */
static void
quick_check_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  MuyingStore *self = source_object;
  g_autoptr(sqlite3) db = NULL;
  GError *local_error = NULL;
  gboolean passed = FALSE;
  int rc;

  if (self->server != NULL)
    {
      finish_check (self, TRUE, NULL);   /* nothing to check: releases the writers waiting */
      g_task_return_boolean (task, TRUE);
      return;
    }
  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      passed = run_quick_check (db, self->path, &local_error);
    }
  else
    g_set_error (&local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                 _("The database could not be checked: %s"), sqlite3_errstr (rc));
  finish_check (self, passed, local_error);
  if (passed)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, local_error);
}

/**
 * muying_store_quick_check_async:
 *
 * Runs the quick check in a thread. Until it has finished, muying_store_begin() waits for it;
 * after a failed check every write is refused.
 */
void
muying_store_quick_check_async (MuyingStore         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MUYING_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, muying_store_quick_check_async);
  g_mutex_lock (&self->check_lock);
  while (self->check_state == CHECK_RUNNING)
    g_cond_wait (&self->check_cond, &self->check_lock);
  self->check_state = CHECK_RUNNING;
  g_mutex_unlock (&self->check_lock);
  g_task_run_in_thread (task, quick_check_thread);
}

gboolean
muying_store_quick_check_finish (MuyingStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}


const char *
muying_store_get_path (MuyingStore *self)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);
  return self->path;
}

sqlite3 *
muying_store_get_handle (MuyingStore *self)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);
  return self->db;
}

int
muying_store_get_schema_version (MuyingStore *self)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), 0);
  return self->schema_version;
}

void
muying_store_begin_batch (MuyingStore *self)
{
  g_return_if_fail (MUYING_IS_STORE (self));

  self->batch = TRUE;
  self->batch_first = self->batch_last = 0;
  /* (one savepoint at a time, muying_store_savepoint: nothing of an earlier import's is restored) */
  self->savepoint_first = self->savepoint_last = 0;
}

void
muying_store_end_batch (MuyingStore *self,
                        gint64      *first_id,
                        gint64      *last_id)
{
  g_return_if_fail (MUYING_IS_STORE (self));

  if (first_id != NULL)
    *first_id = self->batch_first;
  if (last_id != NULL)
    *last_id = self->batch_last;
  self->batch = FALSE;
}

guint
_muying_store_get_last_person_change (MuyingStore *self)
{
  return self->last_person_change;
}

void
_muying_store_set_last_person_change (MuyingStore *self,
                                      guint        change)
{
  self->last_person_change = change;
}

/* TRUE when the insert is part of a batch (and so is not audited on its own). */
gboolean
_muying_store_note_batch_insert (MuyingStore *self,
                                 gint64       record_id)
{
  if (!self->batch || !muying_sql_in_transaction (self->sql))
    return FALSE;
  if (self->batch_first == 0)
    self->batch_first = record_id;
  self->batch_last = MAX (self->batch_last, record_id);
  return TRUE;
}

gint64
muying_store_get_data_version (MuyingStore *self)
{
  int version = 0;

  g_return_val_if_fail (MUYING_IS_STORE (self), -1);

  if (self->server != NULL)
    {
      /* Every Muying program's commit notifies the others (muying_store_commit). */
      gint64 arrived = _muying_server_take_notifications (self->server);

      /* The connection was lost: made again a step at a time (this is a window's timer, which
       * must not wait for a server that does not answer); what others did meanwhile was not
       * announced to the new session, so it counts as a change. */
      if (arrived < 0 && !muying_sql_reconnect (self->sql, FALSE, NULL))
        return -1;
      if (_muying_server_get_generation (self->server) != self->generation)
        {
          self->generation = _muying_server_get_generation (self->server);
          arrived = MAX (arrived, 0) + 1;
        }
      self->notifications += MAX (arrived, 0);
      return self->notifications;
    }
  if (!query_int (self, "PRAGMA data_version", &version, NULL))
    return -1;
  return version;
}

int
muying_store_get_cache_size (MuyingStore *self)
{
  int value = 0, page_size = 4096;

  g_return_val_if_fail (MUYING_IS_STORE (self), 0);

  if (self->server != NULL)
    return 0;   /* the server's memory is its own */
  if (!query_int (self, "PRAGMA cache_size", &value, NULL))
    return 64 * 1024;
  if (value < 0)
    return -value;   /* negative: KiB */
  query_int (self, "PRAGMA page_size", &page_size, NULL);
  return (int) MIN ((gint64) value * page_size / 1024, G_MAXINT);   /* positive: pages */
}

void
muying_store_set_cache_size (MuyingStore *self,
                             int          kib)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = -%d", MAX (kib, 256));

  g_return_if_fail (MUYING_IS_STORE (self));
  if (self->db != NULL)
    sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

gboolean
muying_store_is_network_fs (MuyingStore *self)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  return self->network_fs;
}

/* ---- settings -------------------------------------------------------------------------------- */

char *
muying_store_get_setting (MuyingStore *self,
                          const char  *key)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (self, "SELECT value FROM setting WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  muying_sql_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (muying_sql_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) muying_sql_column_text (stmt, 0));
}

gboolean
muying_store_set_setting (MuyingStore *self,
                          const char  *key,
                          const char  *value,
                          GError     **error)
{
  g_autoptr(MuyingSqlStmt) stmt =
    muying_store_query (self, "INSERT INTO setting (key, value) VALUES (?, ?) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_DONE)
    return muying_store_set_error (self, rc, error);
  return TRUE;
}

gint64
muying_store_count_records (MuyingStore   *self,
                            MuyingProgram  program)
{
  g_autoptr(MuyingSqlStmt) stmt =
    muying_store_query (self, "SELECT count(*) FROM record WHERE program = ?", NULL);

  if (stmt == NULL)
    return -1;
  muying_sql_bind_text (stmt, 1, muying_program_to_string (program), -1, SQLITE_STATIC);
  if (muying_sql_step (stmt) != SQLITE_ROW)
    return -1;
  return muying_sql_column_int64 (stmt, 0);
}
