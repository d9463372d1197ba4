/* muying-store-migrate.h: moving a SQLite database up to a PostgreSQL server
 *
 * The server database must be empty. In one server transaction: the PostgreSQL schema
 * (data/schema-postgresql), every table copied with COPY in the order of its references, the
 * identity counters set past the copied ids; then, still before the commit, the copy is read
 * back and verified: per table the row count and a SHA-256 of every value in key order equal
 * the source's, and the audit chain walked on the server entry by entry (links, hashes and keys)
 * ends at the source's newest entry, and the statistics (by month and age group) and the
 * bureau's indicators of every statistical year with records, computed on the server, equal the
 * file's. Anything wrong, or a lost connection, and nothing is committed. The SQLite file is only
 * read (its audit trail records the move afterwards, by the caller).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *table;
  gint64  rows;
  char   *digest;   /* SHA-256 (hex) of the table's values in key order, equal on both sides */
} MuyingMigratedTable;

typedef struct
{
  char      *server;         /* "USER@HOST:PORT/DB" */
  GPtrArray *tables;         /* of MuyingMigratedTable, in copy order */
  gint64     audit_entries;  /* walked on the server */
  char      *audit_head;     /* hash of the newest entry, equal to the source's */
  gint64     stats_years;    /* statistical years whose statistics were computed equal on both */
} MuyingMigrateResult;

/* Called after each table is copied, with its rows, and once with @table NULL before the
 * verification. */
typedef void (*MuyingMigrateProgress) (const char *table,
                                       gint64      rows,
                                       gpointer    user_data);

/* @password: (nullable): see _muying_server_connect (NULL: the password file). */
MuyingMigrateResult *muying_store_migrate_to_server (MuyingStore           *source,
                                                     const char            *location,
                                                     const char            *password,
                                                     MuyingMigrateProgress  progress,
                                                     gpointer               user_data,
                                                     GError               **error);
void                 muying_migrate_result_free     (MuyingMigrateResult   *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingMigrateResult, muying_migrate_result_free)

G_END_DECLS
