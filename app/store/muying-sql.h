/* muying-sql.h: one way to run SQL on either backend — a SQLite file or a PostgreSQL server
 *
 * The store's modules prepare, bind, step and read statements through these functions, so the
 * same code and, where the two dialects agree, the same SQL text run on both. The calls mirror
 * SQLite's (same arguments, same result codes: SQLITE_ROW, SQLITE_DONE, SQLITE_CONSTRAINT, …)
 * so that a module moves over without its logic changing.
 *
 * On the server a statement's "?" and "?N" become "$N" (muying_sql_to_server_text); integers and doubles are sent typed,
 * text untyped (the server infers the type from where the value is used, as SQLite's affinity
 * does). A SELECT inside a transaction reads through a cursor, a batch of rows at a time, so a
 * long scan neither holds every row in memory nor stops other statements from running on the
 * same connection between its rows (the statistics walk several statements side by side);
 * outside a transaction the result is read whole. Values come back as text and are converted
 * by the column_* functions (a boolean reads as 1 or 0).
 *
 * Only the store's files include this header (tests/check-sql-sealed.py).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _MuyingSql     MuyingSql;
typedef struct _MuyingSqlStmt MuyingSqlStmt;
typedef struct _MuyingServer  MuyingServer;

/* A connection: wraps, does not own, the SQLite handle or the server connection. */
MuyingSql     *muying_sql_new_lite             (sqlite3        *db);
MuyingSql     *muying_sql_new_server           (MuyingServer   *server);
/* … and frees @server with itself. */
MuyingSql     *muying_sql_new_server_owned     (MuyingServer   *server);
void           muying_sql_free                 (MuyingSql      *self);
gboolean       muying_sql_is_server            (MuyingSql      *self);
/* The SQLite handle; NULL on a server. */
sqlite3       *muying_sql_get_lite             (MuyingSql      *self);

/* NULL with @error (MUYING_STORE_ERROR) when the statement cannot be prepared. On a server the
 * text is only checked when the statement first runs. */
MuyingSqlStmt *muying_sql_prepare              (MuyingSql      *self,
                                                const char     *sql,
                                                GError        **error);
/* A statement of @self (a SQLite connection) around a SQLite statement prepared on its handle;
 * takes it over. */
MuyingSqlStmt *muying_sql_wrap_lite            (MuyingSql      *self,
                                                sqlite3_stmt   *lite);
/* Runs @sql (several statements allowed, no parameters). SQLite's transaction statements keep
 * their meaning on a server: BEGIN IMMEDIATE (a unit that writes) is a read-committed BEGIN that
 * locks rows as it writes them; a plain BEGIN, and a SAVEPOINT outside a transaction, begin a
 * repeatable-read one (one snapshot, as a SQLite read transaction); releasing the savepoint that
 * began a transaction commits it. */
gboolean       muying_sql_exec                 (MuyingSql      *self,
                                                const char     *sql,
                                                GError        **error);
gboolean       muying_sql_in_transaction       (MuyingSql      *self);
/* On a server whose connection was lost, between units of work: connects again, waiting (@wait)
 * or a step at a time without waiting (a window's timer; TRUE once connected). Units of work and
 * queries outside one do this themselves (muying-sql-server.c). TRUE at once on a file. */
gboolean       muying_sql_reconnect            (MuyingSql      *self,
                                                gboolean        wait,
                                                GError        **error);
/* On a server, inside a transaction a SAVEPOINT began: the id of its exported snapshot, for a
 * second connection to read the same data (SET TRANSACTION SNAPSHOT). NULL otherwise. */
const char    *muying_sql_get_snapshot         (MuyingSql      *self);
/* The id given to the row the last INSERT added on this connection. */
gint64         muying_sql_last_insert_id       (MuyingSql      *self);
/* Sets @error from a result code a step returned (and what the connection said about it):
 * MUYING_STORE_ERROR_CONSTRAINT, _UNREACHABLE (a server that went away) or _FAILED; on a file
 * also _CORRUPT, _FULL and _PERMISSION (the store's messages, muying_store_set_error).
 * Returns FALSE. */
gboolean       muying_sql_set_error            (MuyingSql      *self,
                                                int             rc,
                                                GError        **error);
/* What the connection said last (for messages). */
const char    *muying_sql_errmsg               (MuyingSql      *self);
/* Adds to *@counter each statement @self runs from now on (NULL: no longer counts): on a file
 * each one SQLite starts (its trace), on a server each one sent (a text of several statements
 * given to muying_sql_exec counts once). For the tests that check how often work asks the
 * database. */
void           muying_sql_count_statements     (MuyingSql      *self,
                                                guint          *counter);

/* Lets @cancellable (nullable) interrupt the statements that run on @self, also from another
 * thread, until muying_sql_unwatch: on a file SQLite's progress handler, on a server a cancel
 * request. The interrupted step fails; the caller tells that from a failure by the cancellable.
 * Returns what muying_sql_unwatch takes (NULL for no cancellable). */
typedef struct _MuyingSqlWatch MuyingSqlWatch;
MuyingSqlWatch *muying_sql_watch               (MuyingSql      *self,
                                                GCancellable   *cancellable);
void           muying_sql_unwatch              (MuyingSqlWatch *watch);

/* Statements: the same arguments and results as sqlite3_step, sqlite3_bind_*, sqlite3_column_*.
 * Text bound on a server is always copied (@destroy is SQLite's SQLITE_STATIC or
 * SQLITE_TRANSIENT). */
int            muying_sql_step                 (MuyingSqlStmt  *stmt);
void           muying_sql_reset                (MuyingSqlStmt  *stmt);
void           muying_sql_clear_bindings       (MuyingSqlStmt  *stmt);
void           muying_sql_finalize             (MuyingSqlStmt  *stmt);
/* A statement that reads a few rows (a look-up by key): on a server its rows come in one answer,
 * not through a cursor (three round trips: declare, fetch, close). The store's cached
 * statements are such look-ups. */
void           muying_sql_stmt_set_few_rows    (MuyingSqlStmt  *stmt);
/* A look-up whose answer is needed soon (a save's record and person): bound, it is sent now
 * inside a transaction on a server, without waiting; several sent so come back in one round trip,
 * read by their first step. Nothing on a file (the step runs it). Only for few-rows statements. */
void           muying_sql_send                 (MuyingSqlStmt  *stmt);

int            muying_sql_bind_text            (MuyingSqlStmt  *stmt,
                                                int             index,
                                                const char     *value,
                                                int             n_bytes,
                                                void          (*destroy) (void *));
int            muying_sql_bind_int             (MuyingSqlStmt  *stmt,
                                                int             index,
                                                int             value);
int            muying_sql_bind_int64           (MuyingSqlStmt  *stmt,
                                                int             index,
                                                gint64          value);
int            muying_sql_bind_double          (MuyingSqlStmt  *stmt,
                                                int             index,
                                                double          value);
int            muying_sql_bind_null            (MuyingSqlStmt  *stmt,
                                                int             index);
int            muying_sql_bind_parameter_count (MuyingSqlStmt  *stmt);

int            muying_sql_column_count         (MuyingSqlStmt  *stmt);
const char    *muying_sql_column_name          (MuyingSqlStmt  *stmt,
                                                int             column);
/* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT or SQLITE_BLOB. On a server the type
 * is the column's (a boolean is an integer). */
int            muying_sql_column_type          (MuyingSqlStmt  *stmt,
                                                int             column);
const unsigned char *muying_sql_column_text    (MuyingSqlStmt  *stmt,
                                                int             column);
int            muying_sql_column_bytes         (MuyingSqlStmt  *stmt,
                                                int             column);
int            muying_sql_column_int           (MuyingSqlStmt  *stmt,
                                                int             column);
gint64         muying_sql_column_int64         (MuyingSqlStmt  *stmt,
                                                int             column);
double         muying_sql_column_double        (MuyingSqlStmt  *stmt,
                                                int             column);

/* The text of @sql as the server reads it: SQLite's "?" and "?N" parameters written as "$N", and
 * "CROSS JOIN … ON" (SQLite's way to fix a join's order) as "JOIN … ON" — so a join without ON
 * is written with a comma — SQLite's "INDEXED BY name" left out, and group_concat (X, SEP) as
 * string_agg (X, SEP) (so always written with its separator, and a subquery in FROM with an
 * alias). Quoted text, quoted names and comments are left alone.
 * *@n_params: the highest parameter number used. */
char          *muying_sql_to_server_text       (const char     *sql,
                                                int            *n_params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingSqlStmt, muying_sql_finalize)

G_END_DECLS
