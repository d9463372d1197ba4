/* muying-store-location.h: where a database is — a file (SQLite) or a server (PostgreSQL)
 *
 * A location is a file path, or a libpq URI "postgresql://USER@HOST:PORT/DB[?sslmode=…]"
 * ("postgres://" too). A server's password never appears in the location: libpq finds it in
 * the owner-only password file (PGPASSFILE or ~/.pgpass), or the command asks on the terminal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @location names a database server rather than a file. */
gboolean muying_store_location_is_server (const char  *location);
/* "USER@HOST:PORT/DB" for messages: never a password. NULL with @error
 * (MUYING_STORE_ERROR_BAD_LOCATION) when @location cannot be read or carries a password. */
char    *muying_store_location_describe  (const char  *location,
                                          GError     **error);

G_END_DECLS
