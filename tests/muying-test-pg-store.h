/* muying-test-pg-store.h: a test's database moved to the PostgreSQL test server
 *
 * The tests that run their hand-built data on both backends build it in a file, then move it
 * to a new server database (migrate-db) and go on with the store opened there. Include after
 * muying-store.h; link test_pg_dep (tests/meson.build, pg_tests).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store-migrate.h"
#include "muying-test-pg.h"
#include "muying-test-utils.h"

/* Moves the database of *@store to a new server database named after @hint, and replaces
 * *@store by that database opened on the server. Returns its URI (drop it with
 * muying_test_pg_drop_database). Call only when muying_test_pg_server () is set. */
static inline char *
muying_test_pg_move_store (MuyingStore **store,
                           const char   *hint)
{
  g_autoptr(MuyingMigrateResult) moved = NULL;
  g_autoptr(GError) error = NULL;
  char *uri;

  /* the program finds the server's password where a hospital keeps it */
  g_setenv ("PGPASSFILE", muying_test_pg_passfile (), TRUE);
  uri = muying_test_pg_create_database (hint);
  moved = muying_store_migrate_to_server (*store, uri, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (store);
  *store = muying_store_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (muying_store_is_server (*store));
  return uri;
}

/* A test's database: a new file in a folder of its own, built there and then, for the
 * "/…/server/…" variant of a test, moved to the server (muying_test_db_move_if). */
typedef struct
{
  char        *dir;
  char        *path;
  MuyingStore *store;
  char        *uri;    /* the server database it was moved to, or NULL */
} MuyingTestDb;

/* Creates @file_name in a new temporary folder and opens it as @db->store. */
static inline void
muying_test_db_create (MuyingTestDb *db,
                       const char   *file_name)
{
  g_autoptr(GError) error = NULL;

  db->dir = muying_test_make_tmpdir ();
  db->path = g_build_filename (db->dir, file_name, NULL);
  db->store = muying_store_create (db->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db->store);
}

/* Moves @db to a new server database named after @hint when @on_server (a fixture's data of
 * muying_test_add_file_and_server); @db->store is then the one on the server. */
static inline void
muying_test_db_move_if (MuyingTestDb *db,
                        gboolean      on_server,
                        const char   *hint)
{
  if (on_server)
    db->uri = muying_test_pg_move_store (&db->store, hint);
}

/* Closes @db, drops its server database if it has one and removes its folder. */
static inline void
muying_test_db_clear (MuyingTestDb *db)
{
  g_clear_object (&db->store);
  if (db->uri != NULL)
    muying_test_pg_drop_database (db->uri);
  g_clear_pointer (&db->uri, g_free);
  if (db->dir != NULL)
    muying_test_rm_rf (db->dir);
  g_clear_pointer (&db->path, g_free);
  g_clear_pointer (&db->dir, g_free);
}

/* Adds the fixture test @test as "/SUITE/NAME" and, when there is a server, as
 * "/SUITE/server/NAME" with the data GINT_TO_POINTER (1): there @set_up moves the records it
 * built to the server (muying_test_pg_move_store). @suite and @name are string literals. */
#define muying_test_add_file_and_server(suite, name, Fixture, set_up, test, tear_down)                    \
  G_STMT_START                                                                                          \
  {                                                                                                     \
    g_test_add ("/" suite "/" name, Fixture, NULL, set_up, test, tear_down);                            \
    if (muying_test_pg_server () != NULL)                                                               \
      g_test_add ("/" suite "/server/" name, Fixture, GINT_TO_POINTER (1), set_up, test, tear_down);    \
  }                                                                                                     \
  G_STMT_END
