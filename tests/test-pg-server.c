/* test-pg-server.c: the PostgreSQL test server and its fixture (tests/muying-test-pg.c)
 *
 * Skips without a server (MUYING_TEST_PG); build-aux/test starts one (build-aux/pg-test-server).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "muying-test-pg.h"
#include "muying-test-utils.h"

static void
assert_value (const char *uri,
              const char *sql,
              const char *expected)
{
  g_autofree char *value = muying_test_pg_query_value (uri, sql);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_databases_distinct_and_empty (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *name_a = NULL;
  g_autofree char *name_b = NULL;
  g_autofree char *gone = NULL;

  if (!muying_test_pg_skip_unless_server ())
    return;

  a = muying_test_pg_create_database ("server-A");
  b = muying_test_pg_create_database ("server-A");
  g_test_message ("databases %s and %s", a, b);
  g_assert_cmpstr (a, !=, b);

  /* Each URI reaches its own database, as the test role, in UTF-8. */
  name_a = muying_test_pg_query_value (a, "SELECT current_database()");
  name_b = muying_test_pg_query_value (b, "SELECT current_database()");
  g_assert_true (g_str_has_prefix (name_a, "muying_t_server_a_"));
  g_assert_true (g_str_has_prefix (name_b, "muying_t_server_a_"));
  g_assert_cmpstr (name_a, !=, name_b);
  assert_value (a, "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()",
                "UTF8");
  assert_value (a, "SELECT '中文'::text", "中文");

  /* Empty: no table of their own; a table made in one is not in the other. */
  assert_value (a, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')", "0");
  assert_value (b, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')", "0");
  g_assert_cmpint (muying_test_pg_exec (a, "CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2), (3)"), ==, 3);
  assert_value (a, "SELECT sum(x) FROM t", "6");
  assert_value (b, "SELECT to_regclass('t')", NULL);
  assert_value (a, "SELECT NULL", NULL);

  muying_test_pg_drop_database (a);
  muying_test_pg_drop_database (b);
  gone = g_strdup_printf ("SELECT count(*) FROM pg_database WHERE datname IN ('%s', '%s')", name_a, name_b);
  assert_value (muying_test_pg_server (), gone, "0");
}

/* A connection with the password file @content: refused, and the reason contains @reason. */
static void
assert_refused (const char *uri,
                const char *content,
                const char *reason)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *passfile = g_build_filename (dir, "pgpass", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;

  /* libpq ignores a password file that others may read. */
  g_file_set_contents_full (passfile, content, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
  conn = muying_test_pg_try_connect (uri, passfile);
  g_test_message ("%s", PQerrorMessage (conn));
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_BAD);
  g_assert_nonnull (strstr (PQerrorMessage (conn), reason));
  muying_test_rm_rf (dir);
}

static void
test_password_checked (void)
{
  g_autoptr(PGconn) conn = NULL;

  if (!muying_test_pg_skip_unless_server ())
    return;

  /* The right password (MUYING_TEST_PG_PASSFILE) lets the role in ... */
  conn = muying_test_pg_connect (muying_test_pg_server ());
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  g_assert_true (PQconnectionUsedPassword (conn));
  /* ... a wrong one, or none, does not: the server checks it. */
  assert_refused (muying_test_pg_server (), "*:*:*:*:not-the-password\n", "password authentication failed");
  assert_refused (muying_test_pg_server (), "", "no password supplied");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pg/server/databases-distinct-and-empty", test_databases_distinct_and_empty);
  g_test_add_func ("/pg/server/password-checked", test_password_checked);
  return g_test_run ();
}
