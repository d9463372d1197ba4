/* muying-store-schema.h: the numbered schema migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* migrations[i] brings user_version i to i + 1: the files data/schema/NNNN-*.sql, steps 1 to
 * MUYING_STORE_SCHEMA_VERSION. NULL with @error (MUYING_STORE_ERROR_NOT_FOUND, a message for
 * people) when a file is missing or cannot be read. */
const char * const *muying_store_schema_get_migrations (guint   *n_migrations,
                                                        GError **error);

/* The PostgreSQL schema (data/schema-postgresql): the SQL of the newest baseline
 * "NNNN-baseline.sql" up to MUYING_STORE_SCHEMA_VERSION, then of each step after it, in order, to run
 * on an empty server database. NULL with @error (MUYING_STORE_ERROR_NOT_FOUND) when missing. */
GPtrArray          *muying_store_schema_get_server_steps (GError **error);
/* The steps that bring a server database of structure @version (≥ 1) to this program's: the
 * step files of data/schema-postgresql after @version, in order (empty when it is current). */
GPtrArray          *muying_store_schema_get_server_upgrade (guint    version,
                                                           GError **error);

G_END_DECLS
