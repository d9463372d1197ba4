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
#include "muying-store.h"
#include "muying-store-private.h"
#include "muying-store-schema.h"

struct _MuyingStore
{
  GObject   parent_instance;

  sqlite3  *db;
  char     *path;
  char     *canonical_path;   /* key of open_paths while the connection is open */
  int       schema_version;
  gboolean  network_fs;
  GHashTable *statements;   /* SQL text → sqlite3_stmt, see muying_store_prepare_cached */
  char     *last_audit_hash; /* hash of the newest audit row, known only inside our own write
                                transaction (nobody else can append then) */
  gboolean  batch;           /* see muying_store_begin_batch */
  gint64    batch_first;
  gint64    batch_last;
};

G_DEFINE_FINAL_TYPE (MuyingStore, muying_store, G_TYPE_OBJECT)

#define SQLITE_MAGIC "SQLite format 3"   /* the first 16 bytes of every SQLite 3 file, NUL included */

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

static void
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
}

static void
muying_store_finalize (GObject *object)
{
  MuyingStore *self = MUYING_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->last_audit_hash, g_free);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  if (self->canonical_path != NULL)
    path_unref (self->canonical_path);
  g_free (self->canonical_path);
  g_free (self->path);

  G_OBJECT_CLASS (muying_store_parent_class)->finalize (object);
}

static void
muying_store_class_init (MuyingStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = muying_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
muying_store_init (MuyingStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

/* ---- helpers shared by the store files ------------------------------------------------------- */

gboolean
muying_store_set_error (MuyingStore *self,
                        int          rc,
                        GError     **error)
{
  int primary = rc & 0xff;
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (primary)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                   _("The database file is damaged (%s). Nothing was written; restore the latest backup"),
                   detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                   _("The data breaks a rule of the database (%s)"), detail);
      break;
    case SQLITE_IOERR:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("The disk could not be read or written (%s): nothing was saved"), detail);
      break;
    case SQLITE_FULL:
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                           _("The disk is full: nothing was saved"));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                           _("The database is busy in another program; try again"));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("The database cannot be written (%s)"), detail);
      break;
    default:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("Database error: %s"), detail);
      break;
    }
  return FALSE;
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

sqlite3_stmt *
muying_store_prepare_cached (MuyingStore *self,
                             const char  *sql,
                             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      muying_store_set_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
exec_cached (MuyingStore *self,
             const char  *sql,
             GError     **error)
{
  g_autoptr(MuyingStmt) stmt = muying_store_prepare_cached (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return muying_store_set_error (self, rc, error);
  return TRUE;
}

gboolean
muying_store_savepoint (MuyingStore *self,
                        GError     **error)
{
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
  return sqlite3_get_autocommit (self->db) ? NULL : self->last_audit_hash;
}

void
_muying_store_set_last_audit_hash (MuyingStore *self,
                                   const char  *hash)
{
  g_free (self->last_audit_hash);
  self->last_audit_hash = sqlite3_get_autocommit (self->db) ? NULL : g_strdup (hash);
}

gboolean
muying_store_exec (MuyingStore *self,
                   const char  *sql,
                   GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return muying_store_set_error (self, rc, error);
  return TRUE;
}

gboolean
muying_store_begin (MuyingStore *self,
                    GError     **error)
{
  g_clear_pointer (&self->last_audit_hash, g_free);
  return muying_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
muying_store_commit (MuyingStore *self,
                     GError     **error)
{
  int rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  g_clear_pointer (&self->last_audit_hash, g_free);
  self->batch = FALSE;
  if (rc != SQLITE_OK)
    {
      /* A failed COMMIT may leave the transaction open: roll it back so nothing half-written
       * survives, and report the failure — the caller must never say "saved". */
      muying_store_set_error (self, rc, error);
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

void
muying_store_rollback (MuyingStore *self)
{
  g_clear_pointer (&self->last_audit_hash, g_free);
  self->batch = FALSE;
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- opening --------------------------------------------------------------------------------- */

char *
muying_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_ID, "muying.db", NULL);
}

/* Refuse anything that is not an SQLite file before SQLite gets to touch it. */
static gboolean
check_file_magic (const char *path,
                  gboolean   *is_empty,
                  GError    **error)
{
  char header[16] = { 0 };
  ssize_t n;
  int fd;

  *is_empty = FALSE;
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("Cannot open “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  n = read (fd, header, sizeof header);
  close (fd);

  if (n == 0)
    {
      *is_empty = TRUE;
      return TRUE;
    }
  if (n != sizeof header || memcmp (header, SQLITE_MAGIC, sizeof header) != 0)
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
  /* Health records: readable by the owner only (ARCHITECTURE.md "Security"). SQLite gives the
   * -wal and -shm files the same permissions as the database. */
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

static gboolean
migrate (MuyingStore *self,
         GError     **error)
{
  guint n_migrations;
  const char * const *migrations = muying_store_schema_get_migrations (&n_migrations);

  while ((guint) self->schema_version < n_migrations)
    {
      g_autofree char *bump = NULL;
      int from = self->schema_version;

      if (!muying_store_begin (self, error))
        return FALSE;
      bump = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                              MUYING_STORE_APPLICATION_ID, from + 1);
      if (!muying_store_exec (self, migrations[from], error) ||
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
 * @path: the database file; created (0600) with the current schema when it does not exist
 *
 * Refuses, without modifying it, a file that is not SQLite, an SQLite database of another
 * program, a damaged file and a database from a newer version of Muying.
 */
MuyingStore *
muying_store_open (const char *path,
                   GError    **error)
{
  return muying_store_open_with_vfs (path, NULL, error);
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
  g_autoptr(MuyingStore) self = NULL;
  gboolean is_empty = TRUE;
  int app_id = 0, n_tables = 0, rc, version = 0;
  g_autofree char *journal = NULL;
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("“%s” is a folder, not a database file"), path);
      return NULL;
    }
  canonical = g_canonicalize_filename (path, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (path_is_open (canonical))
        is_empty = FALSE;
      else if (!check_file_magic (path, &is_empty, error))
        return NULL;
    }
  else if (!create_empty_file (path, error))
    return NULL;

  self = g_object_new (MUYING_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, vfs_name);
  self->canonical_path = g_strdup (canonical);
  path_ref (canonical);
  if (rc != SQLITE_OK)
    {
      muying_store_set_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* Read-only probes first: nothing is written before we know the file is ours. */
  if (!query_int (self, "PRAGMA application_id", &app_id, error) ||
      !query_int (self, "PRAGMA user_version", &version, error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_schema", &n_tables, error))
    {
      g_prefix_error (error, _("“%s” cannot be opened: "), path);
      return NULL;
    }
  if (app_id != MUYING_STORE_APPLICATION_ID && !(app_id == 0 && n_tables == 0 && version == 0))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS,
                   _("“%s” is not a Muying database. The file was not changed"), path);
      return NULL;
    }
  if (version > MUYING_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Muying (database version %d, this program "
                     "knows up to %d). Install the newer program; the file was not changed"),
                   path, version, MUYING_STORE_SCHEMA_VERSION);
      return NULL;
    }
  self->schema_version = version;

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
  if (!migrate (self, error))
    return NULL;

  detect_network_fs (self);
  return g_steal_pointer (&self);
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

/* TRUE when the insert is part of a batch (and so is not audited on its own). */
gboolean
_muying_store_note_batch_insert (MuyingStore *self,
                                 gint64       record_id)
{
  if (!self->batch || sqlite3_get_autocommit (self->db))
    return FALSE;
  if (self->batch_first == 0)
    self->batch_first = record_id;
  self->batch_last = MAX (self->batch_last, record_id);
  return TRUE;
}

void
muying_store_set_cache_size (MuyingStore *self,
                             int          kib)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = -%d", MAX (kib, 256));

  g_return_if_fail (MUYING_IS_STORE (self));
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
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (self, "SELECT value FROM setting WHERE key = ?", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gboolean
muying_store_set_setting (MuyingStore *self,
                          const char  *key,
                          const char  *value,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    muying_store_prepare (self, "INSERT INTO setting (key, value) VALUES (?, ?) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return muying_store_set_error (self, rc, error);
  return TRUE;
}

gint64
muying_store_count_records (MuyingStore   *self,
                            MuyingProgram  program)
{
  g_autoptr(sqlite3_stmt) stmt =
    muying_store_prepare (self, "SELECT count(*) FROM record WHERE program = ?", NULL);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, muying_program_to_string (program), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}
