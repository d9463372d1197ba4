/* muying-store-reader-private.h: a second connection that reads what the store's transaction reads
 *
 * The statistics (muying-stats.c) and the indicators (muying-indicators.c) share their walks
 * between the store's connection and a thread of their own with a connection of its own; both
 * must count the same data. On a file the second connection is read-only, to the same
 * file through the same VFS, in a read transaction checked to see what the store's own read
 * transaction sees; on a server it is a second connection on the store's exported snapshot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-sql.h"
#include "muying-store.h"

G_BEGIN_DECLS

/* The snapshot's token: the last audit row (every change of records and follow-ups adds one),
 * read in @db's open transaction. Two read transactions with the same token see the same data. */
gboolean   _muying_store_reader_read_token (MuyingSql   *db,
                                            gint64      *token);
/* The second connection of @store, in a read transaction that sees what the store's sees: call
 * it inside a read transaction the caller opened itself (a savepoint outside any transaction of
 * its caller's: changes not committed yet are the store's connection's alone), with @token read
 * in it. NULL when there can be none, and the store's connection then does all the work: one
 * core, MUYING_STATS_ONE_CONNECTION set, a database in memory, a server location without a
 * password file (or a store of no location), a file that cannot be opened, or a change committed
 * between the two transactions' starts (another token). Thread-safe to use from one other thread once returned. */
MuyingSql *_muying_store_reader_open       (MuyingStore *store,
                                            gint64       token);
void       _muying_store_reader_close      (MuyingSql   *reader);

/* Does item @index of a shared list of work on the connection of @side (the caller's data for
 * one connection): TRUE, or FALSE with @error set. */
typedef gboolean (*MuyingReaderItem) (gpointer   side,
                                      guint      index,
                                      GError   **error);
/* Shares items 0 … @n_items - 1 between a thread of its own (with @thread_side: it works on the
 * second connection) and the caller's thread (with @here_side): each takes the next item when it is
 * done with its last, so the two end at about the same time however the items' costs vary (list
 * them longest first). After a failure neither takes another. When no thread can be made, the
 * caller's thread does them all. Waits for both; TRUE when every item succeeded, otherwise FALSE
 * with the error of the caller's side, or else of the thread's. */
gboolean   _muying_store_reader_share      (const char       *thread_name,
                                            guint             n_items,
                                            MuyingReaderItem  item,
                                            gpointer          thread_side,
                                            gpointer          here_side,
                                            GError          **error);

/* Tests: @hook (nullable) runs in _muying_store_reader_open just before the second connection
 * begins its transaction on a file, as a change of another program could land there. */
void       _muying_store_reader_set_test_hook (void     (*hook) (gpointer data),
                                               gpointer   data);

G_END_DECLS
