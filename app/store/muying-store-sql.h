/* muying-store-sql.h: running SQL on a store's connection
 *
 * Only the store's own files (and the tests that check what they wrote) include this header:
 * everything else asks the store's functions, so that no SQL and no SQLite type appears
 * outside app/store (tests/check-sql-sealed.py checks it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "muying-sql.h"
#include "muying-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

sqlite3      *muying_store_get_handle     (MuyingStore  *self);
sqlite3_stmt *muying_store_prepare        (MuyingStore  *self,
                                           const char   *sql,
                                           GError      **error);
gboolean      muying_store_exec           (MuyingStore  *self,
                                           const char   *sql,
                                           GError      **error);
/* The same on either backend (muying-sql.h): a statement on the store's connection, the
 * file's or the server's. New and moved code uses these; the sqlite3 ones above remain for
 * what only a file has (backups, integrity checks, the file's own pragmas). */
MuyingSql     *muying_store_get_sql       (MuyingStore  *self);
MuyingSqlStmt *muying_store_query         (MuyingStore  *self,
                                           const char   *sql,
                                           GError      **error);
/* Kept by the store, returned reset with its bindings cleared; do not finalize it. For the
 * hot look-ups and writes of a unit of work: on a server a query's rows come in one answer
 * (muying_sql_stmt_set_few_rows), so keep scans of many rows on muying_store_query.
 * g_autoptr(MuyingSqlCachedStmt) resets it when done. */
MuyingSqlStmt *muying_store_query_cached  (MuyingStore  *self,
                                           const char   *sql,
                                           GError      **error);
typedef MuyingSqlStmt MuyingSqlCachedStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingSqlCachedStmt, muying_sql_reset)

/* Sets @error from the SQLite result code @rc (and the connection's message); returns FALSE. */
gboolean      muying_store_set_error      (MuyingStore  *self,
                                           int           rc,
                                           GError      **error);

G_END_DECLS
