/* muying-test-pg.c: throwaway PostgreSQL databases for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "muying-test-pg.h"

static const char *
non_empty_env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

const char *
muying_test_pg_server (void)
{
  return non_empty_env ("MUYING_TEST_PG");
}

const char *
muying_test_pg_passfile (void)
{
  return non_empty_env ("MUYING_TEST_PG_PASSFILE");
}

const char *
muying_test_pg_ca (void)
{
  return non_empty_env ("MUYING_TEST_PG_CA");
}

char *
muying_test_pg_make_other_ca (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_build_filename (dir, "other-ca.key", NULL);
  g_autofree char *said = NULL;
  char *cert = g_build_filename (dir, "other-ca.crt", NULL);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                         "-nodes", "-days", "1", "-subj", "/CN=Another CA", "-keyout", key, "-out", cert, NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                &said, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl: %s", said);
  return cert;
}

gboolean
muying_test_pg_skip_unless_server (void)
{
  if (muying_test_pg_server () != NULL)
    return TRUE;
  g_test_skip ("no PostgreSQL server: run the tests through build-aux/test (it starts one), "
               "or set MUYING_TEST_PG and MUYING_TEST_PG_PASSFILE");
  return FALSE;
}

static const char *
require_server (void)
{
  const char *server = muying_test_pg_server ();

  if (server == NULL)
    g_error ("MUYING_TEST_PG is not set: call muying_test_pg_skip_unless_server () first");
  return server;
}

PGconn *
muying_test_pg_try_connect (const char *uri,
                            const char *passfile)
{
  /* The URI may set its own timeout (it comes after); a server that does not answer fails the
   * test instead of hanging it. */
  const char *keywords[] = { "connect_timeout", "dbname", "passfile", NULL };
  const char *values[] = { "10", uri, passfile, NULL };

  return PQconnectdbParams (keywords, values, 1);
}

PGconn *
muying_test_pg_connect (const char *uri)
{
  PGconn *conn = muying_test_pg_try_connect (uri, muying_test_pg_passfile ());

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to %s: %s", uri, PQerrorMessage (conn));
  return conn;
}

/* Runs @sql on @conn; aborts the test when it fails. */
static PGresult *
run (PGconn     *conn,
     const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  return result;
}

/* The value of @keyword in the connection string @uri, or NULL. */
static char *
conninfo_value (const char *uri,
                const char *keyword)
{
  char *message = NULL;
  PQconninfoOption *options = PQconninfoParse (uri, &message);
  char *value = NULL;

  if (options == NULL)
    g_error ("%s: %s", uri, message != NULL ? message : "out of memory");
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, keyword) && o->val != NULL)
      value = g_strdup (o->val);
  PQconninfoFree (options);
  return value;
}

/* A host name or address that can stand in a URI's authority (not a socket folder, not a list). */
static gboolean
is_single_host (const char *host)
{
  return host[0] != '\0' && host[0] != '/' && strchr (host, ',') == NULL;
}

static void
append_query (GString    *query,
              const char *keyword,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_printf (query, "%s%s=%s", query->len == 0 ? "?" : "&", keyword, escaped);
}

/* The URI of the database @dbname on the server of @server (a URI or key=value string): the same
 * role, host, port and other options. */
static char *
uri_with_dbname (const char *server,
                 const char *dbname)
{
  char *message = NULL;
  PQconninfoOption *options = PQconninfoParse (server, &message);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *escaped_db = g_uri_escape_string (dbname, NULL, FALSE);
  const char *user = NULL, *host = NULL, *port = NULL;
  GString *uri = g_string_new ("postgresql://");

  if (options == NULL)
    g_error ("MUYING_TEST_PG: %s", message != NULL ? message : "out of memory");
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (o->val != NULL && g_str_equal (o->keyword, "host") && is_single_host (o->val))
      host = o->val;
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || o->val[0] == '\0' || g_str_equal (o->keyword, "dbname"))
        continue;
      if (g_str_equal (o->keyword, "user"))
        user = o->val;
      else if (g_str_equal (o->keyword, "host") && host != NULL)
        continue;
      else if (g_str_equal (o->keyword, "port") && host != NULL && strchr (o->val, ',') == NULL)
        port = o->val;
      else
        append_query (query, o->keyword, o->val);
    }

  if (user != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (user, NULL, FALSE);
      g_string_append_printf (uri, "%s@", escaped);
    }
  if (host != NULL)
    g_string_append_printf (uri, strchr (host, ':') != NULL ? "[%s]" : "%s", host);
  if (port != NULL)
    g_string_append_printf (uri, ":%s", port);
  g_string_append_printf (uri, "/%s%s", escaped_db, query->str);
  PQconninfoFree (options);
  return g_string_free (uri, FALSE);
}

/* @name as an SQL identifier, in double quotes. */
static char *
quoted_identifier (PGconn     *conn,
                   const char *name)
{
  char *quoted = PQescapeIdentifier (conn, name, strlen (name));
  char *copy;

  if (quoted == NULL)
    g_error ("%s: %s", name, PQerrorMessage (conn));
  copy = g_strdup (quoted);
  PQfreemem (quoted);
  return copy;
}

char *
muying_test_pg_create_database (const char *hint)
{
  return muying_test_pg_create_database_with_locale (hint, "LOCALE 'C'");
}

char *
muying_test_pg_create_database_with_locale (const char *hint,
                                            const char *locale)
{
  g_autoptr(PGconn) conn = muying_test_pg_connect (require_server ());
  g_autoptr(GString) name = g_string_new ("muying_t_");
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;

  /* Lower-case letters, digits and _: the name needs no quoting in a test's own SQL. */
  for (const char *p = hint; *p != '\0' && name->len < 40; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '_');
  g_string_append_printf (name, "_%08x", g_random_int ());

  quoted = quoted_identifier (conn, name->str);
  sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' %s", quoted, locale);
  PQclear (run (conn, sql));
  return uri_with_dbname (require_server (), name->str);
}

void
muying_test_pg_drop_database (const char *uri)
{
  g_autoptr(PGconn) conn = muying_test_pg_connect (require_server ());
  g_autofree char *dbname = conninfo_value (uri, "dbname");
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;

  /* Only a database this fixture made: never the server's own. */
  g_assert_nonnull (dbname);
  g_assert_true (g_str_has_prefix (dbname, "muying_t_"));
  quoted = quoted_identifier (conn, dbname);
  sql = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", quoted);
  PQclear (run (conn, sql));
}

int
muying_test_pg_exec (const char *uri,
                     const char *sql)
{
  g_autoptr(PGconn) conn = muying_test_pg_connect (uri);
  g_autoptr(PGresult) result = run (conn, sql);

  return atoi (PQcmdTuples (result));
}

char *
muying_test_pg_query_value (const char *uri,
                            const char *sql)
{
  g_autoptr(PGconn) conn = muying_test_pg_connect (uri);
  g_autoptr(PGresult) result = run (conn, sql);

  g_assert_cmpint (PQnfields (result), >=, 1);
  if (PQntuples (result) == 0 || PQgetisnull (result, 0, 0))
    return NULL;
  return g_strdup (PQgetvalue (result, 0, 0));
}
