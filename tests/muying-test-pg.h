/* muying-test-pg.h: throwaway PostgreSQL databases for the tests
 *
 * The server is the one build-aux/test starts (build-aux/pg-test-server), or a developer's own:
 * MUYING_TEST_PG is its libpq URI (a role that may create databases, checked by password over
 * TCP), MUYING_TEST_PG_PASSFILE the libpq password file for it, MUYING_TEST_PG_CA (when the
 * server speaks TLS) the certificate of the CA that signed the server's. Each test makes databases
 * of its own on it and drops them. Build with `test_pg_sources` and `libpq_dep` (tests/meson.build).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
/* Defined once whichever of muying-server-private.h and muying-test-pg.h comes first. */
#ifndef MUYING_PGRESULT_AUTOPTR
#define MUYING_PGRESULT_AUTOPTR
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
#endif

/* MUYING_TEST_PG, or NULL when no server was given. */
const char *muying_test_pg_server             (void);
/* MUYING_TEST_PG_PASSFILE, or NULL. */
const char *muying_test_pg_passfile           (void);
/* MUYING_TEST_PG_CA, or NULL when the server does not speak TLS (or its CA is not given). */
const char *muying_test_pg_ca                 (void);
/* A CA certificate of another authority, made now with openssl in @dir: one the test server's
 * certificate is not signed by. Aborts the test when openssl fails. */
char       *muying_test_pg_make_other_ca      (const char *dir);
/* TRUE when there is a server; otherwise marks the test skipped (g_test_skip) and returns FALSE. */
gboolean    muying_test_pg_skip_unless_server (void);
/* Connects to @uri with MUYING_TEST_PG_PASSFILE; aborts the test when it fails. */
PGconn     *muying_test_pg_connect            (const char *uri);
/* Connects to @uri with the password file @passfile (NULL: libpq's default) and returns the
 * connection whatever its status (PQstatus), for tests of refused connections. */
PGconn     *muying_test_pg_try_connect        (const char *uri,
                                               const char *passfile);
/* A new empty UTF-8 database muying_t_HINT_RANDOM on the server, text sorted by bytes (C), as
 * docs/server.md has a hospital create it; returns its URI (same role, host and port). */
char       *muying_test_pg_create_database    (const char *hint);
/* The same with @locale: the CREATE DATABASE options of its text order (e.g. "LOCALE_PROVIDER icu
 * ICU_LOCALE 'zh-Hans-CN' LOCALE 'C'"). */
char       *muying_test_pg_create_database_with_locale (const char *hint,
                                                        const char *locale);
/* Drops the database of @uri (made by muying_test_pg_create_database), closing its connections. */
void        muying_test_pg_drop_database      (const char *uri);
/* Runs @sql (one or more statements, no parameters) on @uri; returns the rows the last one
 * touched (0 for statements that touch none). Aborts the test when it fails. */
int         muying_test_pg_exec               (const char *uri,
                                               const char *sql);
/* The first column of the first row of @sql on @uri as text, NULL for SQL NULL or no row. */
char       *muying_test_pg_query_value        (const char *uri,
                                               const char *sql);

G_END_DECLS
