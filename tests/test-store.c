/* test-store.c: creating, migrating and refusing database files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "muying-store-settings-private.h"
#include "muying-store-sql.h"
#include "muying-error.h"
#include "muying-store.h"
#include "muying-test-utils.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = muying_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "sub", "muying.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
read_file (const char *path,
           gsize      *len)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, NULL));
  return contents;
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (f->path, &error);
  GStatBuf st;
  int app_id = 0;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (muying_store_get_schema_version (store), ==, MUYING_STORE_SCHEMA_VERSION);

  /* Health data: owner-only permissions. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  stmt = muying_store_prepare (store, "PRAGMA application_id", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  app_id = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (app_id, ==, MUYING_STORE_APPLICATION_ID);

  stmt = muying_store_prepare (store, "PRAGMA journal_mode", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);

  stmt = muying_store_prepare (store, "PRAGMA foreign_keys", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);

  /* Every table of the schema exists. */
  {
    const char *tables[] = { "person", "record", "prenatal", "newborn", "newborn_variant", "two_cancer", "reason",
                             "followup", "followup_step", "review", "app_user", "audit", "setting" };
    for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
      {
        stmt = muying_store_prepare (store, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?",
                                     &error);
        sqlite3_bind_text (stmt, 1, tables[i], -1, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
        sqlite3_finalize (stmt);
      }
  }
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MuyingStore *store = muying_store_create (f->path, &error);

  g_assert_no_error (error);
  g_assert_true (muying_store_set_setting (store, "institution", "市妇幼保健院", &error));
  g_assert_no_error (error);
  g_object_unref (store);

  store = muying_store_open (f->path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *value = muying_store_get_setting (store, "institution");
    g_assert_cmpstr (value, ==, "市妇幼保健院");
  }
  g_object_unref (store);
}

/* An empty file (e.g. made by `touch`) is initialised only when a new database is asked for. */
static void
test_empty_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autofree char *path = g_build_filename (f->dir, "empty.db", NULL);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = muying_store_create (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (muying_store_get_schema_version (store), ==, MUYING_STORE_SCHEMA_VERSION);
}

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

/* Opening a path that does not exist creates nothing: a mistyped --db is not a new database. */
static void
test_refuse_missing (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_open (f->path, &error);
  g_autofree char *dir = g_path_get_dirname (f->path);

  g_assert_null (store);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  assert_no_companions (f->path);
}

static void
assert_refused_unchanged (const char *path,
                          int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize len_before, len_after;

  before = read_file (path, &len_before);
  store = muying_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, MUYING_STORE_ERROR, code);
  g_test_message ("refused: %s", error->message);
  after = read_file (path, &len_after);
  g_assert_cmpmem (before, len_before, after, len_after);
  /* Nothing was created beside a file we refuse (a -wal or -shm of it would be written). */
  assert_no_companions (path);
}

static void
test_refuse_empty_file (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "empty.db", NULL);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  assert_refused_unchanged (path, MUYING_STORE_ERROR_NOT_OURS);
}

/* A 0-byte file with a -wal beside it: SQLite would delete that -wal on opening, so even a new
 * database is refused there, and both files stay as they were. */
static void
test_refuse_empty_with_wal (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autofree char *path = g_build_filename (f->dir, "empty.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *wal_after = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_true (g_file_set_contents (wal, "frames of a lost database", -1, NULL));
  store = muying_store_create (path, &error);
  g_assert_null (store);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS);
  wal_after = read_file (wal, NULL);
  g_assert_cmpstr (wal_after, ==, "frames of a lost database");
}

/* Another program's database in WAL mode, with its -wal and -shm beside it (that program is
 * running, or crashed): refused, and neither it nor its companions are touched. */
static void
test_refuse_foreign_wal (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "other.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autofree char *db_before = NULL, *wal_before = NULL, *shm_before = NULL;
  g_autofree char *db_after = NULL, *wal_after = NULL, *shm_after = NULL;
  gsize n_db, n_wal, n_shm, n_db2, n_wal2, n_shm2;
  sqlite3 *other = NULL;

  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "CREATE TABLE things (a, b); PRAGMA journal_mode = WAL;"
                                        "INSERT INTO things VALUES (1, 2);", NULL, NULL, NULL), ==, SQLITE_OK);
  /* Keep it open: its -wal holds the rows, as while another program is running. */
  db_before = read_file (path, &n_db);
  wal_before = read_file (wal, &n_wal);
  shm_before = read_file (shm, &n_shm);

  store = muying_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS);

  db_after = read_file (path, &n_db2);
  wal_after = read_file (wal, &n_wal2);
  shm_after = read_file (shm, &n_shm2);
  g_assert_cmpmem (db_before, n_db, db_after, n_db2);
  g_assert_cmpmem (wal_before, n_wal, wal_after, n_wal2);
  g_assert_cmpmem (shm_before, n_shm, shm_after, n_shm2);
  sqlite3_close (other);
}

static void
test_refuse_text_file (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "notes.db", NULL);

  g_assert_true (g_file_set_contents (path, "姓名,身份证号\n张三,1101\n", -1, NULL));
  assert_refused_unchanged (path, MUYING_STORE_ERROR_NOT_OURS);
}

static void
make_foreign_db (const char *path,
                 const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_refuse_foreign_sqlite (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "other.sqlite", NULL);

  make_foreign_db (path, "CREATE TABLE things (a, b); INSERT INTO things VALUES (1, 2);");
  assert_refused_unchanged (path, MUYING_STORE_ERROR_NOT_OURS);
}

static void
test_refuse_newer (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "newer.db", NULL);
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d; CREATE TABLE x (y);",
                                          MUYING_STORE_APPLICATION_ID, MUYING_STORE_SCHEMA_VERSION + 1);

  make_foreign_db (path, sql);
  assert_refused_unchanged (path, MUYING_STORE_ERROR_TOO_NEW);
}

static void
test_refuse_corrupt (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "corrupt.db", NULL);
  char buf[4096 * 2] = "SQLite format 3";

  /* A valid magic with garbage after it: SQLite reports "file is not a database". */
  memset (buf + 16, 0xA5, sizeof buf - 16);
  g_assert_true (g_file_set_contents (path, buf, sizeof buf, NULL));
  assert_refused_unchanged (path, MUYING_STORE_ERROR_CORRUPT);
}

static void
test_refuse_directory (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_open (f->dir, &error);

  g_assert_null (store);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS);
}

/* A database written at schema version 0 with our application id (an interrupted first run)
 * is migrated to the current version. */
static void
test_migrate_from_zero (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autofree char *path = g_build_filename (f->dir, "v0.db", NULL);
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d;", MUYING_STORE_APPLICATION_ID);

  make_foreign_db (path, sql);
  store = muying_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (muying_store_get_schema_version (store), ==, MUYING_STORE_SCHEMA_VERSION);
}

/* The schema steps are files of the data folder (data/schema). Without them no database is made
 * (a message for people, no file left behind) and an old one is not upgraded; a database already
 * at the current version opens without them. */
static void
test_schema_files_missing (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("MUYING_DATA_DIR"));
  g_autofree char *empty = g_build_filename (f->dir, "no-data", NULL);
  g_autofree char *old = g_build_filename (f->dir, "v0.db", NULL);
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d;", MUYING_STORE_APPLICATION_ID);

  {
    g_autoptr(MuyingStore) store = muying_store_create (f->path, &error);

    g_assert_no_error (error);
  }
  make_foreign_db (old, sql);

  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  g_setenv ("MUYING_DATA_DIR", empty, TRUE);
  {
    g_autofree char *fresh = g_build_filename (f->dir, "fresh.db", NULL);
    g_autoptr(MuyingStore) store = muying_store_create (fresh, &error);

    g_assert_null (store);
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, empty));
    g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }
  {
    g_autoptr(MuyingStore) store = muying_store_open (old, &error);

    g_assert_null (store);
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autoptr(MuyingStore) store = muying_store_open (f->path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (muying_store_get_schema_version (store), ==, MUYING_STORE_SCHEMA_VERSION);
  }

  /* one step missing is named */
  {
    g_autofree char *schema = g_build_filename (empty, "schema", NULL);
    g_autofree char *step = g_build_filename (schema, "0001-initial.sql", NULL);
    g_autofree char *fresh = g_build_filename (f->dir, "fresh2.db", NULL);
    g_autoptr(MuyingStore) store = NULL;

    g_assert_cmpint (g_mkdir_with_parents (schema, 0700), ==, 0);
    g_assert_true (g_file_set_contents (step, "SELECT 1;", -1, NULL));
    store = muying_store_create (fresh, &error);
    g_assert_null (store);
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, schema));
    g_clear_error (&error);
  }

  if (saved != NULL)
    g_setenv ("MUYING_DATA_DIR", saved, TRUE);
  else
    g_unsetenv ("MUYING_DATA_DIR");
}

static void
test_audit_chain (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (f->path, &error);
  gint64 bad = -1;
  sqlite3 *db;

  g_assert_no_error (error);
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *detail = g_strdup_printf ("{\"n\": %d}", i);
      g_assert_true (muying_store_audit (store, "护士甲", "create", "record", i + 1, detail, &error));
      g_assert_no_error (error);
    }
  g_assert_true (muying_store_verify_audit (store, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);

  /* The triggers refuse changes through SQL… */
  db = muying_store_get_handle (store);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit SET detail = 'x' WHERE id = 3", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit WHERE id = 3", NULL, NULL, NULL), !=, SQLITE_OK);

  /* …and a row altered behind their back is found by the chain. */
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{\"n\": 9}' WHERE id = 3",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (muying_store_verify_audit (store, &bad, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
  g_assert_cmpint (bad, ==, 3);
}

/* A second connection of the same process (a statistics or export thread) must not drop the
 * first one's locks: with them gone, another program closing the database believes it is the
 * last user, removes the WAL and shrinks the shared memory the window still maps (SIGBUS). */
static void
test_second_connection_keeps_locks (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) window = muying_store_create (f->path, &error);
  g_autoptr(MuyingStore) thread = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { "sqlite3", f->path, "SELECT count(*) FROM record;", NULL };
  int status = 0;

  g_assert_no_error (error);
  {
    g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (window, "SELECT count(*) FROM record", &error);
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  }
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  thread = muying_store_open (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&thread);

  if (g_find_program_in_path ("sqlite3") == NULL)
    {
      g_test_skip ("the sqlite3 program is not installed");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_test_message ("sqlite3: %s", out);
  /* Our connection is still open: the other program must have left the WAL alone. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  {
    g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (window, "SELECT count(*) FROM record", &error);
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
#define ADD(name, fn) g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("create", test_create);
  ADD ("reopen", test_reopen);
  ADD ("empty-file", test_empty_file);
  ADD ("refuse-missing", test_refuse_missing);
  ADD ("refuse-empty-file", test_refuse_empty_file);
  ADD ("refuse-empty-with-wal", test_refuse_empty_with_wal);
  ADD ("refuse-foreign-wal", test_refuse_foreign_wal);
  ADD ("refuse-text-file", test_refuse_text_file);
  ADD ("refuse-foreign-sqlite", test_refuse_foreign_sqlite);
  ADD ("refuse-newer", test_refuse_newer);
  ADD ("refuse-corrupt", test_refuse_corrupt);
  ADD ("refuse-directory", test_refuse_directory);
  ADD ("migrate-from-zero", test_migrate_from_zero);
  ADD ("schema-files-missing", test_schema_files_missing);
  ADD ("audit-chain", test_audit_chain);
  ADD ("second-connection-keeps-locks", test_second_connection_keeps_locks);
#undef ADD
  return g_test_run ();
}
