/* muying-server-private.h: a connection to a PostgreSQL server (libpq), for the store's own files
 *
 * Connecting turns libpq's failures into the messages people need (the server does not answer,
 * no password was found, the password was refused, the password file is readable by others, the
 * server is too old) and reads what the database is: empty, Muying's of a version this program
 * knows, Muying's of a newer version, or somebody else's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* Begins a transaction that holds the database's writer lock: an advisory lock every writing
 * transaction takes (its key is "my" in ASCII), so writers go one after another as on a file. */
#define MUYING_SERVER_BEGIN_WRITER "BEGIN; SELECT pg_advisory_xact_lock (28025)"

typedef struct _MuyingServer MuyingServer;

/* Defined once whichever of muying-server-private.h and muying-test-pg.h comes first. */
#ifndef MUYING_PGRESULT_AUTOPTR
#define MUYING_PGRESULT_AUTOPTR
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
#endif

/* Connects to @location (a server URI, muying-store-location.h). @password: (nullable): from
 * the terminal, when a first attempt failed with MUYING_STORE_ERROR_NEEDS_PASSWORD. */
MuyingServer *_muying_server_connect      (const char    *location,
                                           const char    *password,
                                           GError       **error);
void          _muying_server_free         (MuyingServer  *self);
PGconn       *_muying_server_get_conn     (MuyingServer  *self);
/* After the connection was lost (the server restarted, the network went down, the session was
 * ended): connects again with the same parameters, sets the session up again and listens again.
 * TRUE when connected (at once when the connection was not lost); FALSE with
 * MUYING_STORE_ERROR_UNREACHABLE. Prepared statements and cursors of the lost session are gone:
 * the generation says which session a name belongs to. */
gboolean      _muying_server_reconnect    (MuyingServer  *self,
                                           GError       **error);
/* The same without waiting, for a window's timer: one step of connecting again each call (a
 * failed attempt is tried again after a pause); TRUE once connected. */
gboolean      _muying_server_reconnect_step (MuyingServer *self);
/* A connection without waiting is under way. */
gboolean      _muying_server_is_reconnecting (MuyingServer *self);
/* How many times the connection was made again (0 for the first session). */
guint         _muying_server_get_generation (MuyingServer *self);
/* LISTEN on @channel, again on every new session. */
gboolean      _muying_server_listen       (MuyingServer  *self,
                                           const char    *channel,
                                           GError       **error);
/* Listens no more (nor on a new session). */
gboolean      _muying_server_unlisten     (MuyingServer  *self,
                                           GError       **error);
/* "USER@HOST:PORT/DB" */
const char   *_muying_server_get_label    (MuyingServer  *self);

/* Runs @sql (no parameters; several statements allowed). */
gboolean      _muying_server_exec         (MuyingServer  *self,
                                           const char    *sql,
                                           GError       **error);
/* Runs @sql with text parameters $1…; the result (tuples or command ok), or NULL with @error. */
PGresult     *_muying_server_query        (MuyingServer  *self,
                                           const char    *sql,
                                           int            n_params,
                                           const char * const *params,
                                           GError       **error);
/* Sets @error from a failed result (@res may be NULL) or the connection: a lost connection is
 * MUYING_STORE_ERROR_UNREACHABLE, a constraint MUYING_STORE_ERROR_CONSTRAINT. Returns FALSE. */
gboolean      _muying_server_set_error    (MuyingServer   *self,
                                           const PGresult *res,
                                           GError        **error);

/* The schema version of the server database, 0 when it is empty. FALSE with @error when it is
 * not Muying's (MUYING_STORE_ERROR_NOT_OURS) or newer than this program
 * (MUYING_STORE_ERROR_TOO_NEW). */
gboolean      _muying_server_read_version (MuyingServer  *self,
                                           int           *version,
                                           GError       **error);

/* FALSE with @error when @res, the answer to @sql, says the server rolled the transaction back
 * instead (a COMMIT after a statement that failed, whose failure its caller was not told of,
 * such as a write a statement layer sent without waiting, is answered "ROLLBACK"). */
gboolean      _muying_server_check_commit (const char     *sql,
                                           const PGresult *res,
                                           GError        **error);

/* How many notifications from other connections arrived since the last call (reads what the
 * server has sent without waiting); -1 when the connection is lost. */
gint64        _muying_server_take_notifications (MuyingServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingServer, _muying_server_free)

G_END_DECLS
