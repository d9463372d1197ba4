/* muying-sql-private.h: what muying-sql.c and muying-sql-server.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-sql.h"

G_BEGIN_DECLS

/* The server's type ids of the values sent typed (pg_type.h). */
#define MUYING_SQL_OID_INT8   20
#define MUYING_SQL_OID_FLOAT8 701

typedef struct _MuyingSqlServerStmt MuyingSqlServerStmt;
typedef struct _MuyingSqlServerWatch MuyingSqlServerWatch;

struct _MuyingSql
{
  sqlite3      *lite;
  MuyingServer *server;
  gboolean      owns_server;
  GError       *server_error;    /* what the server said about the last failed step */
  char         *outer_savepoint; /* a SAVEPOINT that began the transaction (SQLite's way) */
  gboolean      inserted;        /* the last INSERT run added rows (lastval() is defined) */
  char         *snapshot;        /* exported by the transaction a SAVEPOINT began (repeatable read) */
  gboolean      unit_open;       /* a transaction was begun and not yet ended (also across a lost
                                  * connection: its unit must fail to its end, never go on in a new
                                  * session) */
  gboolean      writer;          /* the open unit holds the writer lock (BEGIN IMMEDIATE) */
  GHashTable   *id_blocks;       /* table → ids reserved for it in this unit (muying-sql-server.c) */
  guint         n_piped;         /* statements sent in the pipeline since it was entered */
  GArray       *awaiting;        /* Awaiting: look-ups sent ahead (muying_sql_send), their answers to come */
  guint        *n_statements;    /* muying_sql_count_statements on a server (NULL: not counted) */
};

struct _MuyingSqlStmt
{
  MuyingSql           *conn;
  sqlite3_stmt        *lite;     /* NULL on a server */
  MuyingSqlServerStmt *server;
  gboolean             whole;    /* a server reads its rows at once, never through a cursor */
};

MuyingSqlStmt *_muying_sql_server_prepare          (MuyingSql     *self,
                                                    const char    *sql);
gboolean       _muying_sql_server_exec             (MuyingSql     *self,
                                                    const char    *sql,
                                                    GError       **error);
gboolean       _muying_sql_server_in_transaction   (MuyingSql     *self);
gint64         _muying_sql_server_last_insert_id   (MuyingSql     *self);
/* Reads the answers of the writes sent without waiting (their failure stays the connection's). */
void           _muying_sql_server_settle           (MuyingSql     *self);
/* Sends a bound few-rows query inside a transaction now, without waiting (muying_sql_send). */
void           _muying_sql_server_send             (MuyingSqlStmt *stmt);
/* Between units of work, after the connection was lost: connects again (@wait) or takes one
 * step of connecting without waiting (a window's timer); TRUE once connected. */
gboolean       _muying_sql_server_reconnect        (MuyingSql     *self,
                                                    gboolean       wait,
                                                    GError       **error);
MuyingSqlServerWatch *_muying_sql_server_watch     (MuyingSql     *self,
                                                    GCancellable  *cancellable);
void           _muying_sql_server_unwatch          (MuyingSqlServerWatch *watch);
int            _muying_sql_server_step             (MuyingSqlStmt *stmt);
void           _muying_sql_server_reset            (MuyingSqlStmt *stmt);
void           _muying_sql_server_clear_bindings   (MuyingSqlStmt *stmt);
void           _muying_sql_server_finalize         (MuyingSqlStmt *stmt);
/* @value NULL binds NULL; @type 0 leaves the type to the server. */
int            _muying_sql_server_bind             (MuyingSqlStmt *stmt,
                                                    int            index,
                                                    const char    *value,
                                                    int            n_bytes,
                                                    unsigned int   type);
int            _muying_sql_server_parameter_count  (MuyingSqlStmt *stmt);
int            _muying_sql_server_column_count     (MuyingSqlStmt *stmt);
const char    *_muying_sql_server_column_name      (MuyingSqlStmt *stmt,
                                                    int            column);
int            _muying_sql_server_column_type      (MuyingSqlStmt *stmt,
                                                    int            column);
/* NULL for a NULL value. */
const char    *_muying_sql_server_column_text      (MuyingSqlStmt *stmt,
                                                    int            column);
int            _muying_sql_server_column_bytes     (MuyingSqlStmt *stmt,
                                                    int            column);

G_END_DECLS
