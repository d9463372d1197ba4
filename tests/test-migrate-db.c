/* test-migrate-db.c: moving a database file to a PostgreSQL server (muying-store-migrate.h,
 * `muying-cli migrate-db`) against the real server build-aux/test starts
 *
 * Every refusal is checked for its message and for what it leaves behind: the server database
 * as it was (empty: no table at all), the file's records as they were.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-indicators.h"
#include "muying-server-private.h"
#include "muying-stats.h"
#include "muying-store-location.h"
#include "muying-store-migrate.h"
#include "muying-store-schema.h"
#include "muying-store-private.h"
#include "muying-store-sql.h"
#include "muying-test-pg.h"
#include "muying-test-utils.h"

#define ADMIN_PASSWORD "Boss2024pw"

typedef struct
{
  char        *dir;
  char        *db;
  MuyingStore *store;
  char        *uri;    /* an empty database on the test server */
} Fixture;

/* A file with an administrator and 400 demo records (all three programmes, follow-ups, reviews,
 * signatures: every table has rows but the denominators). */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!muying_test_pg_skip_unless_server ())
    return;
  f->dir = muying_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "source.db", NULL);
  {
    const char *init[] = { "--db", f->db, "init", "--admin", "boss", NULL };
    const char *demo[] = { "--db", f->db, "--user", "boss", "demo", "--records", "400", "--seed", "7", NULL };

    g_assert_cmpint (muying_test_run_cli (init, "MUYING_PASSWORD=" ADMIN_PASSWORD, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (muying_test_run_cli (demo, "MUYING_PASSWORD=" ADMIN_PASSWORD, &out, &err), ==, 0);
  }
  f->store = muying_store_open (f->db, &error);
  g_assert_no_error (error);
  f->uri = muying_test_pg_create_database ((const char *) data);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  if (f->uri != NULL)
    muying_test_pg_drop_database (f->uri);
  g_free (f->uri);
  if (f->dir != NULL)
    muying_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static gint64
file_count (MuyingStore *store,
            const char  *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static gint64
server_count (const char *uri,
              const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autofree char *value = muying_test_pg_query_value (uri, sql);

  return g_ascii_strtoll (value, NULL, 10);
}

/* Nothing was made on the server: not one table. */
static void
assert_server_empty (const char *uri)
{
  g_autofree char *n = muying_test_pg_query_value (uri, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");

  g_assert_cmpstr (n, ==, "0");
}

/* The move of the fixture's file, refused with @code: the server database is left empty. Returns
 * the message (the refusals are checked for what they name). */
static char *
migrate_refused (Fixture               *f,
                 int                    code,
                 MuyingMigrateProgress  progress,
                 gpointer               data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingMigrateResult) result =
    muying_store_migrate_to_server (f->store, f->uri, NULL, progress, data, &error);

  g_assert_null (result);
  g_assert_error (error, MUYING_STORE_ERROR, code);
  g_test_message ("%s", error->message);
  assert_server_empty (f->uri);
  return g_strdup (error->message);
}

/* The file's content tables (not the audit trail) as one fingerprint, to see they are untouched. */
static char *
file_fingerprint (MuyingStore *store)
{
  const char *tables[] = { "person", "record", "prenatal", "newborn", "two_cancer", "reason", "followup",
                           "followup_step", "review", "app_user", "pregnancy" };
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1", tables[i]);
      g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, sql, NULL);

      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          g_string_append_printf (s, "%s\x1f", (const char *) sqlite3_column_text (stmt, c) ?: "\\N");
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, s->str, (gssize) s->len);
}

/* How many statistical years the file's records span. */
static gint64
statistical_years (MuyingStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, "SELECT min(record_date), max(record_date) FROM record",
                                                       NULL);
  GDate first, last;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (muying_date_parse ((const char *) sqlite3_column_text (stmt, 0), &first, NULL));
  g_assert_true (muying_date_parse ((const char *) sqlite3_column_text (stmt, 1), &last, NULL));
  return muying_period_statistical_year_of (&last) - muying_period_statistical_year_of (&first) + 1;
}

/* Every table arrives with its rows, verified; ids continue after the copied ones; the server
 * database is then Muying's, at this program's version. */
static void
test_copy_verified (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingMigrateResult) result = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *max_id = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *version_marker = NULL;
  gint64 total = 0;

  if (f->uri == NULL)
    return;
  before = file_fingerprint (f->store);
  result = muying_store_migrate_to_server (f->store, f->uri, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->tables->len, ==, 18);
  for (guint i = 0; i < result->tables->len; i++)
    {
      MuyingMigratedTable *t = g_ptr_array_index (result->tables, i);

      g_assert_cmpint (t->rows, ==, file_count (f->store, t->table));
      g_assert_cmpint (server_count (f->uri, t->table), ==, t->rows);
      g_assert_cmpuint (strlen (t->digest), ==, 64);
      total += t->rows;
    }
  g_test_message ("%lld rows in %u tables", (long long) total, result->tables->len);
  g_assert_cmpint (server_count (f->uri, "record"), ==, 400);
  g_assert_cmpint (result->audit_entries, ==, file_count (f->store, "audit"));
  g_assert_cmpint (result->audit_entries, >, 1);
  /* the demo's records span several statistical years; each was computed on both sides */
  g_assert_cmpint (result->stats_years, ==, statistical_years (f->store));
  g_assert_cmpint (result->stats_years, >, 1);

  /* identity columns continue: a person added on the server gets the next id */
  max_id = muying_test_pg_query_value (f->uri, "SELECT max(id) FROM person");
  muying_test_pg_exec (f->uri, "INSERT INTO person (name, created_at, updated_at) VALUES ('新', 'x', 'x')");
  new_id = muying_test_pg_query_value (f->uri, "SELECT max(id) FROM person");
  g_assert_cmpint (g_ascii_strtoll (new_id, NULL, 10), ==, g_ascii_strtoll (max_id, NULL, 10) + 1);

  version = muying_test_pg_query_value (f->uri, "SELECT application_id || '/' || version FROM muying_schema");
  version_marker = g_strdup_printf ("%d/%d", MUYING_STORE_APPLICATION_ID, MUYING_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (version, ==, version_marker);
  after = file_fingerprint (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* Text with COPY's special characters (every control character COPY TO escapes, and one it
 * does not), Chinese, an empty string and a NULL, and numbers at the edges of their types arrive
 * byte for byte. */
static void
test_values_exact (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingMigrateResult) result = NULL;
  const char *nasty = "tab\there\nnew line\\back slash\\.\r\n\\N 王小明 \xe2\x80\x8b \b\f\v\x01 end";
  g_autoptr(sqlite3_stmt) put = NULL;
  g_autofree char *text = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *null_value = NULL;
  g_autofree char *real = NULL;
  g_autofree char *big = NULL;
  g_autofree char *db = NULL;
  g_autofree char *alter = NULL;

  if (f->uri == NULL)
    return;
  put = muying_store_prepare (f->store, "INSERT INTO setting (key, value) VALUES (?, ?)", NULL);
  sqlite3_bind_text (put, 1, "nasty", -1, SQLITE_STATIC);
  sqlite3_bind_text (put, 2, nasty, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (put), ==, SQLITE_DONE);
  g_assert_true (muying_store_exec (f->store, "INSERT INTO setting VALUES ('empty', ''), ('null', NULL); "
                                              "UPDATE prenatal SET afp_mom = 0.1, nt_mm = 1e-300, t21_risk = 9007199254740993, "
                                              "weight_kg = 1.0 / 3 "
                                              "WHERE record_id = (SELECT min(record_id) FROM prenatal)", &error));
  g_assert_no_error (error);
  /* a server set to print numbers rounded to 15 digits (PostgreSQL 11's default) */
  db = g_path_get_basename (f->uri);
  alter = g_strdup_printf ("ALTER DATABASE %s SET extra_float_digits = 0", db);
  muying_test_pg_exec (f->uri, alter);

  result = muying_store_migrate_to_server (f->store, f->uri, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  text = muying_test_pg_query_value (f->uri, "SELECT value FROM setting WHERE key = 'nasty'");
  g_assert_cmpstr (text, ==, nasty);
  empty = muying_test_pg_query_value (f->uri, "SELECT value = '' FROM setting WHERE key = 'empty'");
  g_assert_cmpstr (empty, ==, "t");
  null_value = muying_test_pg_query_value (f->uri, "SELECT value IS NULL FROM setting WHERE key = 'null'");
  g_assert_cmpstr (null_value, ==, "t");
  real = muying_test_pg_query_value (f->uri, "SELECT afp_mom = 0.1::float8 AND nt_mm = 1e-300::float8 "
                                             "AND weight_kg = 1.0::float8 / 3 FROM prenatal ORDER BY record_id LIMIT 1");
  g_assert_cmpstr (real, ==, "t");
  big = muying_test_pg_query_value (f->uri, "SELECT t21_risk FROM prenatal ORDER BY record_id LIMIT 1");
  g_assert_cmpstr (big, ==, "9007199254740993");
}

/* A value that would not arrive unchanged (text in a whole-number column) stops the move with
 * the table and column named, before anything is committed. */
static void
test_refuses_unconvertible (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (f->uri == NULL)
    return;
  g_assert_true (muying_store_exec (f->store, "UPDATE followup SET contact_attempts = 'drei' "
                                              "WHERE id = (SELECT max(id) FROM followup)", &error));
  message = migrate_refused (f, MUYING_STORE_ERROR_CONSTRAINT, NULL, NULL);
  g_assert_nonnull (strstr (message, "followup"));
  g_assert_nonnull (strstr (message, "contact_attempts"));
  g_assert_nonnull (strstr (message, "drei"));
}

typedef struct
{
  const char *uri;
  guint       n_tables;
} Cut;

/* After the third table, the server ends the connection (as a network failure or a restart would). */
static void
cut_connection (const char *table,
                gint64      rows,
                gpointer    user_data)
{
  Cut *cut = user_data;
  g_autofree char *db = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *n = NULL;

  if (++cut->n_tables != 3)
    return;
  db = g_path_get_basename (cut->uri);
  sql = g_strdup_printf ("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                         "WHERE datname = '%s' AND application_name = 'muying'", db);
  n = muying_test_pg_query_value (muying_test_pg_server (), sql);
  g_assert_cmpstr (n, ==, "1");
}

static void
test_connection_lost (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingMigrateResult) result = NULL;
  Cut cut = { f->uri, 0 };

  if (f->uri == NULL)
    return;
  g_free (migrate_refused (f, MUYING_STORE_ERROR_UNREACHABLE, cut_connection, &cut));
  /* and once the server is back, the move goes through */
  result = muying_store_migrate_to_server (f->store, f->uri, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (server_count (f->uri, "record"), ==, 400);
}

typedef struct
{
  const char *db;
  guint       n_tables;
} Writer;

/* After the first table, another program adds records to the file and appends to its audit
 * trail (as the desktop program may while the move runs). */
static void
write_meanwhile (const char *table,
                 gint64      rows,
                 gpointer    user_data)
{
  Writer *w = user_data;
  const char *demo[] = { "--db", w->db, "--user", "boss", "demo", "--records", "5", "--seed", "8", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (table == NULL || ++w->n_tables != 1)
    return;
  g_assert_cmpint (muying_test_run_cli (demo, "MUYING_PASSWORD=" ADMIN_PASSWORD, &out, &err), ==, 0);
}

/* The move copies the file as it was when it started reading: what another program writes
 * meanwhile stays in the file only, and the copy still verifies (tables and audit trail). */
static void
test_source_written_meanwhile (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingMigrateResult) result = NULL;
  Writer w = { f->db, 0 };

  if (f->uri == NULL)
    return;
  result = muying_store_migrate_to_server (f->store, f->uri, NULL, write_meanwhile, &w, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (file_count (f->store, "record"), ==, 405);
  g_assert_cmpint (server_count (f->uri, "record"), ==, 400);
  g_assert_cmpint (server_count (f->uri, "audit"), ==, result->audit_entries);
  g_assert_cmpint (file_count (f->store, "audit"), >, result->audit_entries);
}

/* Installs in the server database @uri an event trigger that runs @create_trigger (making the
 * trigger @trigger) once the move has made the table @table: the server then changes or stops
 * what it is given. */
static void
add_trigger_when_created (const char *uri,
                          const char *table,
                          const char *trigger,
                          const char *create_trigger)
{
  g_autofree char *sql = g_strdup_printf (
      "CREATE FUNCTION add_%s() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN "
      "  IF to_regclass('public.%s') IS NOT NULL AND NOT EXISTS "
      "     (SELECT 1 FROM pg_trigger WHERE tgname = '%s') THEN "
      "    %s; "
      "  END IF; END $$; "
      "CREATE EVENT TRIGGER add_%s ON ddl_command_end WHEN TAG IN ('CREATE TABLE') "
      "  EXECUTE FUNCTION add_%s()",
      trigger, table, trigger, create_trigger, trigger, trigger);

  muying_test_pg_exec (uri, sql);
}

/* The connection ends while the verified copy is committed (a deferred trigger makes the server
 * end the session at COMMIT): the command asks the server again and says that nothing was saved,
 * and nothing was. */
static void
test_lost_at_commit (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *message = NULL;

  if (f->uri == NULL)
    return;
  muying_test_pg_exec (f->uri,
                       "CREATE FUNCTION end_session() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       "  PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$");
  add_trigger_when_created (f->uri, "audit", "end_session_at_commit",
                            "CREATE CONSTRAINT TRIGGER end_session_at_commit AFTER INSERT ON audit "
                            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION end_session()");
  message = migrate_refused (f, MUYING_STORE_ERROR_UNREACHABLE, NULL, NULL);
  g_assert_nonnull (strstr (message, "saved nothing"));   /* this test runs untranslated */
}

/* Only into an empty database: a second move, another program's database, a newer Muying's. */
static void
test_refuses_database (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingMigrateResult) first = NULL;
  g_autoptr(MuyingMigrateResult) second = NULL;
  g_autofree char *other = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *latin = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *marker = NULL;

  if (f->uri == NULL)
    return;
  first = muying_store_migrate_to_server (f->store, f->uri, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  second = muying_store_migrate_to_server (f->store, f->uri, NULL, NULL, NULL, &error);
  g_assert_null (second);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED);
  g_assert_cmpint (server_count (f->uri, "record"), ==, 400);
  g_clear_error (&error);

  other = muying_test_pg_create_database ("other");
  muying_test_pg_exec (other, "CREATE TABLE invoices (id int); INSERT INTO invoices VALUES (1)");
  g_assert_null (muying_store_migrate_to_server (f->store, other, NULL, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS);
  tables = muying_test_pg_query_value (other, "SELECT string_agg(tablename, ',') FROM pg_tables "
                                              "WHERE schemaname = 'public'");
  g_assert_cmpstr (tables, ==, "invoices");
  muying_test_pg_drop_database (other);
  g_clear_error (&error);

  latin = muying_test_pg_create_database ("latin");
  {
    /* the fixture makes UTF-8 databases: another one in LATIN1 beside it */
    g_autofree char *name = g_path_get_basename (latin);
    g_autofree char *drop = g_strdup_printf ("DROP DATABASE %s", name);
    g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 ENCODING 'LATIN1' "
                                               "LC_COLLATE 'C' LC_CTYPE 'C'", name);

    muying_test_pg_exec (muying_test_pg_server (), drop);
    muying_test_pg_exec (muying_test_pg_server (), create);
  }
  g_assert_null (muying_store_migrate_to_server (f->store, latin, NULL, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS);
  g_assert_nonnull (strstr (error->message, "LATIN1"));
  g_clear_error (&error);
  {
    g_autofree char *n_tables = muying_test_pg_query_value (latin, "SELECT count(*) FROM pg_tables "
                                                                   "WHERE schemaname = 'public'");
    g_assert_cmpstr (n_tables, ==, "0");
  }
  muying_test_pg_drop_database (latin);

  newer = muying_test_pg_create_database ("newer");
  muying_test_pg_exec (newer, "CREATE TABLE muying_schema (application_id bigint NOT NULL, version integer NOT NULL); "
                              "INSERT INTO muying_schema VALUES (1297439049, 99)");
  g_assert_null (muying_store_migrate_to_server (f->store, newer, NULL, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "99"));
  marker = muying_test_pg_query_value (newer, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
  g_assert_cmpstr (marker, ==, "1");
  muying_test_pg_drop_database (newer);
}

/* The connection's refusals, each before anything is written. */
static void
test_refuses_connection (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *passfile = NULL;
  g_autofree char *with_password = NULL;
  g_autofree char *closed_port = NULL;
  g_autofree char *password_line = NULL;
  g_autofree char *uri_rest = NULL;
  /* a copy: g_setenv may overwrite the string g_getenv returned */
  g_autofree char *old_passfile = g_strdup (g_getenv ("PGPASSFILE"));

  if (f->uri == NULL)
    return;
  /* a password in the address */
  uri_rest = g_strdup (f->uri + strlen ("postgresql://muying_test"));
  with_password = g_strconcat ("postgresql://muying_test:secret", uri_rest, NULL);
  g_assert_null (muying_store_migrate_to_server (f->store, with_password, NULL, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_BAD_LOCATION);
  g_assert_null (strstr (error->message, "secret"));
  g_clear_error (&error);
  g_assert_null (muying_store_location_describe (with_password, &error));
  g_clear_error (&error);

  /* a server that does not answer */
  closed_port = g_strdup ("postgresql://muying_test@127.0.0.1:1/nothing");
  g_assert_null (muying_store_migrate_to_server (f->store, closed_port, NULL, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE);
  g_clear_error (&error);

  /* a wrong password from the password file; then the same file readable by others; then none */
  passfile = g_build_filename (f->dir, "pgpass", NULL);
  g_assert_true (g_file_set_contents (passfile, "*:*:*:muying_test:not-the-password\n", -1, NULL));
  g_assert_cmpint (g_chmod (passfile, 0600), ==, 0);
  g_setenv ("PGPASSFILE", passfile, TRUE);
  g_assert_null (muying_store_migrate_to_server (f->store, f->uri, NULL, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (passfile, 0644), ==, 0);
  g_assert_null (muying_store_migrate_to_server (f->store, f->uri, NULL, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, passfile));
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (passfile), ==, 0);
  g_assert_null (muying_store_migrate_to_server (f->store, f->uri, NULL, NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);
  if (old_passfile != NULL)
    g_setenv ("PGPASSFILE", old_passfile, TRUE);
  else
    g_unsetenv ("PGPASSFILE");

  assert_server_empty (f->uri);
}

/* The command: an administrator's, with its summary, the move recorded in the file's audit
 * trail afterwards, and a server address refused by every other command (before, it became the
 * name of a new SQLite file). */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) entry = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *cwd_file = NULL;

  if (f->uri == NULL)
    return;
  {
    const char *migrate[] = { "--db", f->db, "--user", "boss", "migrate-db", "--to", f->uri, NULL };
    const char *stats[] = { "--db", f->uri, "stats", "--year", "2026", "--format", "json", NULL };
    const char *file_stats[] = { "--db", f->db, "stats", "--year", "2026", "--format", "json", NULL };
    g_autofree char *file_out = NULL;
    g_autofree char *file_err = NULL;
    const char *usage[] = { "--db", f->db, "--user", "boss", "migrate-db", NULL };

    g_assert_cmpint (muying_test_run_cli (migrate, "MUYING_PASSWORD=" ADMIN_PASSWORD, &out, &err), ==, 0);
    g_test_message ("%s%s", out, err);
    g_assert_nonnull (strstr (out, "record"));
    g_assert_nonnull (strstr (out, "400"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (muying_test_run_cli (usage, "MUYING_PASSWORD=" ADMIN_PASSWORD, &out, &err), ==, 2);
    /* the moved database is then used where it is: the same statistics from the server */
    g_assert_cmpint (muying_test_run_cli (stats, NULL, &out2, &err2), ==, 0);
    g_assert_cmpint (muying_test_run_cli (file_stats, NULL, &file_out, &file_err), ==, 0);
    g_assert_nonnull (strstr (out2, "\"screened\""));
    g_assert_cmpstr (out2, ==, file_out);
  }
  cwd_file = g_build_filename (cwd, "postgresql:", NULL);
  g_assert_false (g_file_test (cwd_file, G_FILE_TEST_EXISTS));
  g_assert_cmpint (server_count (f->uri, "record"), ==, 400);

  entry = muying_store_prepare (f->store, "SELECT user_name, detail FROM audit WHERE action = 'migrate_db'", NULL);
  g_assert_cmpint (sqlite3_step (entry), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (entry, 0), ==, "boss");
  g_assert_nonnull (strstr ((const char *) sqlite3_column_text (entry, 1), "\"rows\":"));
  g_assert_true (muying_store_verify_audit (f->store, NULL, &error));
  g_assert_no_error (error);
}

/* A server that changes what it is given (here a trigger slipped in as the tables are made) is
 * caught by the read-back before the commit, with the table named; nothing stays. */
static void
test_detects_changed_copy (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *message = NULL;

  if (f->uri == NULL)
    return;
  muying_test_pg_exec (f->uri,
                       "CREATE FUNCTION tamper_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       "  IF NEW.id = 5 THEN NEW.name := NEW.name || '·'; END IF; RETURN NEW; END $$");
  add_trigger_when_created (f->uri, "person", "tamper",
                            "CREATE TRIGGER tamper BEFORE INSERT ON person FOR EACH ROW EXECUTE FUNCTION tamper_row()");
  message = migrate_refused (f, MUYING_STORE_ERROR_CORRUPT, NULL, NULL);
  g_assert_nonnull (strstr (message, "person"));
}

/* A file whose own audit trail does not verify is not moved: its copy could not be verified. */
static void
test_refuses_broken_source_chain (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (f->uri == NULL)
    return;
  g_assert_true (muying_store_exec (f->store, "DROP TRIGGER audit_no_update; "
                                              "UPDATE audit SET detail = '{}' WHERE id = 2", &error));
  message = migrate_refused (f, MUYING_STORE_ERROR_CORRUPT, NULL, NULL);
}

/* Writes the server step files @names (each holding its own name) into a new data folder and
 * returns what the schema module reads there, with @error. */
static GPtrArray *
server_steps_from (const char * const *names,
                   const char         *data_dir,
                   GError            **error)
{
  g_autofree char *folder = g_build_filename (data_dir, "schema-postgresql", NULL);
  g_autofree char *old_data_dir = g_strdup (g_getenv ("MUYING_DATA_DIR"));
  GPtrArray *steps;

  muying_test_rm_rf (folder);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (folder, names[i], NULL);

      g_assert_true (g_file_set_contents (path, names[i], -1, NULL));
    }
  g_setenv ("MUYING_DATA_DIR", data_dir, TRUE);
  steps = muying_store_schema_get_server_steps (error);
  if (old_data_dir != NULL)
    g_setenv ("MUYING_DATA_DIR", old_data_dir, TRUE);
  else
    g_unsetenv ("MUYING_DATA_DIR");
  return steps;
}

/* The server's structure is the newest baseline, then each step after it once, up to this
 * program's version: a step missing or given twice is refused like a file's (no server needed). */
static void
test_server_steps (void)
{
  const guint v = MUYING_STORE_SCHEMA_VERSION;
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *old_base = g_strdup_printf ("%04u-baseline.sql", v - 2);
  g_autofree char *base = g_strdup_printf ("%04u-baseline.sql", v - 1);
  g_autofree char *base_step = g_strdup_printf ("%04u-shipped.sql", v - 1);
  g_autofree char *last = g_strdup_printf ("%04u-last.sql", v);
  g_autofree char *last_again = g_strdup_printf ("%04u-again.sql", v);
  g_autofree char *newer = g_strdup_printf ("%04u-newer.sql", v + 1);
  const char *good[] = { old_base, base_step, base, last, newer, NULL };
  const char *gap[] = { base, newer, NULL };
  const char *twice[] = { base, last, last_again, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autofree char *missing = g_strdup_printf ("%u", v);

  steps = server_steps_from (good, dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (steps, 0), ==, base);
  g_assert_cmpstr (g_ptr_array_index (steps, 1), ==, last);
  g_clear_pointer (&steps, g_ptr_array_unref);

  steps = server_steps_from (gap, dir, &error);
  g_assert_null (steps);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  steps = server_steps_from (twice, dir, &error);
  g_assert_null (steps);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
  muying_test_rm_rf (dir);
}

/* The server computes the bureau's statistics from the copy, and they are the file's numbers
 * (not zeros); a copy whose content then changes is found out. */
static void
test_statistics_compared (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingMigrateResult) result = NULL;
  g_autoptr(MuyingServer) server = NULL;
  g_autoptr(MuyingStore) copy = NULL;
  g_autoptr(MuyingStatsReport) here = NULL;
  g_autoptr(MuyingStatsReport) there = NULL;
  g_autoptr(MuyingIndicators) bureau_here = NULL;
  g_autoptr(MuyingIndicators) bureau_there = NULL;
  g_autofree char *year_text = NULL;
  g_autofree char *sql = NULL;
  MuyingPeriod period;
  GDate today;
  gint64 years = 0;
  int year;

  if (f->uri == NULL)
    return;
  result = muying_store_migrate_to_server (f->store, f->uri, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  server = _muying_server_connect (f->uri, NULL, &error);
  g_assert_no_error (error);
  copy = _muying_store_new_on_server (server);

  /* the statistical year with the most prenatal records */
  year_text = muying_test_pg_query_value (f->uri,
                                          "SELECT CAST(substr(record_date, 1, 4) AS int) + "
                                          "CASE WHEN substr(record_date, 6, 2) >= '10' THEN 1 ELSE 0 END AS y "
                                          "FROM record WHERE program = 'prenatal' GROUP BY y ORDER BY count(*) DESC, y LIMIT 1");
  year = (int) g_ascii_strtoll (year_text, NULL, 10);
  muying_period_init_statistical_year (&period, year);
  muying_date_today (&today);
  here = muying_stats_compute_report (f->store, &period, MUYING_STATS_MONTHS | MUYING_STATS_AGE_GROUPS, &today, NULL,
                                      &error);
  g_assert_no_error (error);
  there = muying_stats_compute_report (copy, &period, MUYING_STATS_MONTHS | MUYING_STATS_AGE_GROUPS, &today, NULL,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpint (there->total->prenatal.screened, >, 0);
  g_assert_cmpint (there->total->prenatal.screened, ==, here->total->prenatal.screened);
  g_assert_cmpint (there->total->newborn.screened + there->total->cervical.examined, >, 0);
  g_assert_cmpmem (there->total, sizeof (MuyingStats), here->total, sizeof (MuyingStats));
  bureau_here = muying_store_compute_indicators (f->store, &period, &error);
  g_assert_no_error (error);
  bureau_there = muying_store_compute_indicators (copy, &period, &error);
  g_assert_no_error (error);
  g_assert_cmpint (muying_indicators_get (bureau_there, "P1")->n, >, 0);
  g_assert_cmpint (muying_indicators_get (bureau_there, "P1")->n, ==, muying_indicators_get (bureau_here, "P1")->n);
  g_assert_cmpint (muying_indicators_get (bureau_there, "N1")->n, ==, muying_indicators_get (bureau_here, "N1")->n);
  g_assert_cmpint (muying_indicators_get (bureau_there, "C1")->n, ==, muying_indicators_get (bureau_here, "C1")->n);

  g_assert_true (_muying_store_compare_statistics (f->store, copy, &years, &error));
  g_assert_no_error (error);
  g_assert_cmpint (years, ==, statistical_years (f->store));

  /* one record of that year now at another level on the server */
  sql = g_strdup_printf ("UPDATE record SET level = 1 - sign(level - 1) WHERE id = (SELECT min(id) FROM record "
                         "WHERE program = 'prenatal' AND record_date BETWEEN '%d-10-01' AND '%d-09-30')",
                         year - 1, year);
  g_assert_cmpint (muying_test_pg_exec (f->uri, sql), ==, 1);
  years = 0;
  g_assert_false (_muying_store_compare_statistics (f->store, copy, &years, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED);
  /* the first year whose numbers moved: the record's own (statistics by record date) or its
   * pregnancy's cohort year (indicators), which may be earlier */
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "computed on the server differ from the file's"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* the program finds the server's password where a hospital keeps it: libpq's password file */
  if (muying_test_pg_passfile () != NULL)
    g_setenv ("PGPASSFILE", muying_test_pg_passfile (), TRUE);

#define ADD(path, func, hint) \
  g_test_add (path, Fixture, hint, fixture_set_up, func, fixture_tear_down)
  ADD ("/migrate-db/copy-verified", test_copy_verified, "copy");
  ADD ("/migrate-db/values-exact", test_values_exact, "values");
  ADD ("/migrate-db/refuses-unconvertible", test_refuses_unconvertible, "unconv");
  ADD ("/migrate-db/connection-lost", test_connection_lost, "lost");
  ADD ("/migrate-db/source-written-meanwhile", test_source_written_meanwhile, "meanwhile");
  ADD ("/migrate-db/detects-changed-copy", test_detects_changed_copy, "changed");
  ADD ("/migrate-db/refuses-broken-source-chain", test_refuses_broken_source_chain, "chain");
  ADD ("/migrate-db/lost-at-commit", test_lost_at_commit, "commit");
  ADD ("/migrate-db/refuses-database", test_refuses_database, "refuse");
  ADD ("/migrate-db/refuses-connection", test_refuses_connection, "conn");
  ADD ("/migrate-db/cli", test_cli, "cli");
  ADD ("/migrate-db/statistics-compared", test_statistics_compared, "stats");
#undef ADD
  g_test_add_func ("/migrate-db/server-steps", test_server_steps);
  return g_test_run ();
}
