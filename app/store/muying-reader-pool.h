/* muying-reader-pool.h: idle read connections to a server database, kept between searches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

/* A store to read @location with, from any thread: an idle one given back earlier when it is a
 * server's, else opened now (muying_store_open). Give it back with muying_reader_pool_give. */
MuyingStore *muying_reader_pool_take  (const char   *location,
                                       GError      **error);
/* Takes @reader (transfer full): kept for the next muying_reader_pool_take of its location when
 * it is a server's, idle (no transaction open), its work was not cancelled (@cancellable,
 * nullable: the server's cancel request could land on the next query) and the pool is not full;
 * else closed. */
void         muying_reader_pool_give  (MuyingStore  *reader,
                                       GCancellable *cancellable);
/* Closes the idle ones (a test's end, or a database closed for good). */
void         muying_reader_pool_clear (void);
/* How many connections the pool opened and how many times it gave one back out (tests). */
void         muying_reader_pool_get_counts (guint *opened,
                                            guint *reused);

G_END_DECLS
