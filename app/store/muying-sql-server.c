/* muying-sql-server.c: statements on a PostgreSQL server, shaped like SQLite's (muying-sql.h)
 *
 * A statement keeps its text (parameters as $N), its bound values as text and, once it runs,
 * the rows read so far. A query inside a transaction runs through a cursor read BATCH rows at a
 * time: a libpq connection carries one result at a time, and the store's code steps several
 * statements side by side (a query's rows, and for each a look-up or an insert). Outside a
 * transaction there is no cursor (it would end with the statement) and the rows are read whole.
 *
 * A statement that fails on the server fails the whole transaction there (SQLite only undoes
 * the statement): the store's code already ends a unit of work at its first error, and a COMMIT
 * after one fails too (the server would roll back and answer as if all were well).
 *
 * Writes whose answer nobody reads (a kept INSERT without RETURNING, a SAVEPOINT or RELEASE
 * inside a transaction) are not waited for: they are sent in libpq's pipeline mode and their
 * answers are read with the next statement that has to wait (a look-up, an INSERT … RETURNING,
 * the COMMIT), in the same round trip. An import's row then costs its look-ups and one insert
 * instead of a round trip per statement. A deferred write that fails is reported by that next
 * statement as a failure of the unit of work (never as the refusal of the row then being saved),
 * and a COMMIT is only reported done after every deferred answer was read.
 *
 * An INSERT … RETURNING id has to wait for its id. When a writing transaction inserts a second
 * row into the same table with such a statement (an import's rows), the statement layer takes
 * ids for that table in blocks from its sequence (one round trip for 16, then 64 … 1,024), sends
 * the INSERT with its id given and without waiting, and answers the id itself. A block is used
 * only in the transaction that took it: every writer holds the writer lock, so ids still grow
 * in the order rows were committed, and the ids a transaction leaves unused are never seen
 * (a gap). The audit table keeps its own ids: its order is the chain's.
 *
 * A lost connection (the server restarted, the network went down) fails the unit of work it
 * happened in, to its end: nothing of it goes on in a new session. The next unit, or a query
 * outside any, connects again first; a BEGIN or such a query that finds the connection gone
 * only then (the server closed it while idle) connects again and runs once more. Nothing else
 * runs twice: a write whose answer was lost may have been done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <math.h>
#include <string.h>

#include "muying-error.h"
#include "muying-server-private.h"
#include "muying-sql-private.h"

#define BATCH 2000
#define REAL_TEXT 32


/* Type ids of pg_type.h (the two values are sent as, muying-sql-private.h). */
#define OID_BOOL    16
#define OID_BYTEA   17
#define OID_INT8    MUYING_SQL_OID_INT8
#define OID_TEXT    25
#define OID_INT2    21
#define OID_INT4    23
#define OID_OID     26
#define OID_FLOAT4  700
#define OID_FLOAT8  MUYING_SQL_OID_FLOAT8
#define OID_NUMERIC 1700

struct _MuyingSqlServerStmt
{
  char      *sql;        /* parameters as $N */
  gboolean   is_query;   /* may be read through a cursor */
  gboolean   is_insert;
  gboolean   deferrable; /* an INSERT without RETURNING: its answer may be read later */
  int        n_params;
  char     **values;     /* n_params, NULL for NULL */
  Oid       *types;      /* n_params, 0 leaves the type to the server */
  gboolean  *used;       /* n_params: the text refers to it (the store binds some it does not use) */
  gboolean   started;
  gboolean   awaiting;   /* sent ahead (muying_sql_send), its answer not read yet */
  PGresult  *res;        /* the rows read last */
  int        row;        /* the current row of res */
  char      *cursor;     /* the open cursor's name */
  char      *prepared;   /* the name it is prepared under on the server (few-rows statements) */
  guint      generation; /* the session (_muying_server_get_generation) of those two names */
  char      *id_table;   /* an INSERT … RETURNING id into this table (not the audit): may be sent with
                          * a reserved id, as id_sql ($N+1 the id), under id_prepared */
  char      *id_sql;
  char      *id_prepared;
  guint      id_generation; /* the session of id_prepared */
  char      *reals;      /* REAL_TEXT bytes per column: a double written as SQLite writes it */
  int        n_reals;
};

static PGconn *
conn_of (MuyingSql *self)
{
  return _muying_server_get_conn (self->server);
}

static gboolean
connected (MuyingSql *self)
{
  return PQstatus (conn_of (self)) == CONNECTION_OK;
}

/* After a statement: whether a transaction is open now. A lost connection says nothing (its
 * status is unknown): the unit stays open until its COMMIT or ROLLBACK. */
/* Ids reserved for one table in the open unit of work. */
typedef struct
{
  guint   inserts;   /* INSERT … RETURNING id into the table in this unit */
  guint   next_size; /* how many the next reservation takes */
  GArray *ids;       /* gint64, ascending; used from the front */
  guint   used;
} IdBlock;

static void
id_block_free (gpointer data)
{
  IdBlock *b = data;

  g_array_unref (b->ids);
  g_free (b);
}

/* The unit of work ended: so did its writer lock and its reserved ids. */
static void
end_unit (MuyingSql *self)
{
  self->unit_open = FALSE;
  self->writer = FALSE;
  if (self->id_blocks != NULL)
    g_hash_table_remove_all (self->id_blocks);
}

static void
note_unit (MuyingSql *self)
{
  if (connected (self) && PQtransactionStatus (conn_of (self)) == PQTRANS_IDLE)
    end_unit (self);
  else if (connected (self))
    self->unit_open = TRUE;
}

gboolean
_muying_sql_server_reconnect (MuyingSql  *self,
                              gboolean    wait,
                              GError    **error)
{
  guint generation = _muying_server_get_generation (self->server);

  if (connected (self) && !_muying_server_is_reconnecting (self->server))
    return TRUE;
  if (self->unit_open)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE,
                   _("The connection to the database server %s was lost. What was not finished was not saved"),
                   _muying_server_get_label (self->server));
      return FALSE;
    }
  if (wait ? !_muying_server_reconnect (self->server, error) : !_muying_server_reconnect_step (self->server))
    return FALSE;
  if (_muying_server_get_generation (self->server) != generation)
    {
      /* what belonged to the lost session */
      g_clear_pointer (&self->outer_savepoint, g_free);
      g_clear_pointer (&self->snapshot, g_free);
      g_clear_error (&self->server_error);
      self->inserted = FALSE;
    }
  return TRUE;
}

/* Takes the failure of @res (may be NULL) as the connection's last error; the SQLite code
 * that says what kind of failure it was. */
static int
fail (MuyingSql      *self,
      const PGresult *res)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;

  /* "The transaction is aborted" after a failure already taken (a write sent without waiting,
   * then a ROLLBACK TO that could not undo it): that failure says why. */
  if (g_strcmp0 (state, "25P02") == 0 && self->server_error != NULL)
    return SQLITE_ERROR;
  g_clear_error (&self->server_error);
  _muying_server_set_error (self->server, res, &self->server_error);
  if (PQstatus (conn_of (self)) != CONNECTION_OK)
    return SQLITE_IOERR;
  if (state != NULL && g_str_has_prefix (state, "23"))
    return SQLITE_CONSTRAINT;
  if (g_strcmp0 (state, "40001") == 0 || g_strcmp0 (state, "40P01") == 0 || g_strcmp0 (state, "55P03") == 0)
    return SQLITE_BUSY;
  return SQLITE_ERROR;
}

static gboolean
starts_with_word (const char *sql,
                  const char *word)
{
  while (g_ascii_isspace (*sql) || *sql == '(')
    sql++;
  return g_ascii_strncasecmp (sql, word, strlen (word)) == 0 &&
         !g_ascii_isalnum (sql[strlen (word)]) && sql[strlen (word)] != '_';
}

/* "INSERT INTO T (C…) VALUES (V…) RETURNING id" as "INSERT INTO T (id, C…) VALUES ($N+1, V…)" (@n_params
 * N), *@table T; NULL for any other shape, and for the audit table. */
static char *
with_given_id (const char  *sql,
               int          n_params,
               char       **table)
{
  g_autoptr(GRegex) shape = g_regex_new ("^\\s*INSERT\\s+INTO\\s+([a-z_]+)\\s*\\((.*)\\)\\s*VALUES\\s*\\((.*)\\)"
                                         "\\s*RETURNING\\s+id\\s*;?\\s*$", G_REGEX_CASELESS | G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *name = NULL, *columns = NULL, *values = NULL;

  if (!g_regex_match (shape, sql, 0, &match))
    return NULL;
  name = g_match_info_fetch (match, 1);
  columns = g_match_info_fetch (match, 2);
  values = g_match_info_fetch (match, 3);
  /* (a column list or values with a bracket of their own would not split as assumed) */
  if (g_ascii_strcasecmp (name, "audit") == 0 || strchr (columns, '(') != NULL || strchr (values, ')') != NULL)
    return NULL;
  *table = g_steal_pointer (&name);
  return g_strdup_printf ("INSERT INTO %s (id, %s) VALUES ($%d, %s)", *table, columns, n_params + 1, values);
}

MuyingSqlStmt *
_muying_sql_server_prepare (MuyingSql  *self,
                            const char *sql)
{
  MuyingSqlStmt *stmt = g_new0 (MuyingSqlStmt, 1);
  MuyingSqlServerStmt *s = g_new0 (MuyingSqlServerStmt, 1);

  s->sql = muying_sql_to_server_text (sql, &s->n_params);
  s->is_insert = starts_with_word (sql, "INSERT");
  s->deferrable = s->is_insert && strstr (s->sql, "RETURNING") == NULL && strstr (s->sql, "returning") == NULL;
  s->is_query = starts_with_word (sql, "SELECT") || starts_with_word (sql, "WITH") ||
                starts_with_word (sql, "VALUES");
  if (s->is_insert)
    s->id_sql = with_given_id (s->sql, s->n_params, &s->id_table);
  s->values = g_new0 (char *, MAX (s->n_params, 1));
  s->types = g_new0 (Oid, MAX (s->n_params, 1));
  s->used = g_new0 (gboolean, MAX (s->n_params, 1));
  for (const char *p = strchr (s->sql, '$'); p != NULL; p = strchr (p + 1, '$'))
    {
      int n = (int) g_ascii_strtoll (p + 1, NULL, 10);

      if (n >= 1 && n <= s->n_params)
        s->used[n - 1] = TRUE;
    }
  s->row = -1;
  stmt->conn = self;
  stmt->server = s;
  return stmt;
}

static gboolean
word_is (const char *word,
         const char *keyword)
{
  return word != NULL && g_ascii_strcasecmp (word, keyword) == 0;
}

/* A look-up sent ahead: the statement and the place of its answer among those of the pipeline. */
typedef struct
{
  MuyingSqlStmt *stmt;    /* NULL once reset before its answer came (the answer is then dropped) */
  guint          index;
} Awaiting;

/* The look-up sent ahead whose answer is the pipeline's @index-th, or NULL. */
static Awaiting *
awaited (MuyingSql *self,
         guint      index)
{
  for (guint i = 0; self->awaiting != NULL && i < self->awaiting->len; i++)
    {
      Awaiting *a = &g_array_index (self->awaiting, Awaiting, i);

      if (a->index == index && a->stmt != NULL)
        return a;
    }
  return NULL;
}

/* The pipeline was read to its end: a look-up sent ahead that got no answer (an earlier
 * statement failed) has none to read; its step reports the failure. */
static void
pipeline_read (MuyingSql *self)
{
  for (guint i = 0; self->awaiting != NULL && i < self->awaiting->len; i++)
    {
      Awaiting *a = &g_array_index (self->awaiting, Awaiting, i);

      if (a->stmt != NULL)
        a->stmt->server->awaiting = FALSE;
    }
  if (self->awaiting != NULL)
    g_array_set_size (self->awaiting, 0);
  self->n_piped = 0;
}

/* Reads the answers of the writes sent without waiting (pipeline mode) and, when @last is
 * given, the answer of the statement sent after them into *@last; leaves pipeline mode. The
 * first failure becomes the connection's error; a deferred write's failure is reported as
 * SQLITE_ERROR, a failure of the unit of work, not as a refusal of whatever is being saved now
 * (it belongs to an earlier statement, possibly an earlier row of an import). */
static int
settle (MuyingSql  *self,
        PGresult  **last)
{
  PGconn *conn = conn_of (self);
  PGresult *failed = NULL;
  gboolean broken = FALSE, deferred_failed = FALSE;
  guint answer = 0;
  int nulls = 0;
  int rc;

  if (PQpipelineStatus (conn) == PQ_PIPELINE_OFF)
    return SQLITE_OK;
  if (!PQpipelineSync (conn))
    broken = TRUE;
  while (!broken)
    {
      PGresult *res = PQgetResult (conn);
      ExecStatusType status;
      Awaiting *a;

      /* NULL ends one statement's answer; two in a row: nothing more will come. */
      if (res == NULL)
        {
          answer++;
          broken = PQstatus (conn) != CONNECTION_OK || ++nulls > 1;
          continue;
        }
      nulls = 0;
      status = PQresultStatus (res);
      if (status == PGRES_PIPELINE_SYNC)
        {
          PQclear (res);
          break;
        }
      /* the answer of a look-up sent ahead is its own */
      if ((status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) && (a = awaited (self, answer)) != NULL)
        {
          g_clear_pointer (&a->stmt->server->res, PQclear);
          a->stmt->server->res = res;
          a->stmt->server->awaiting = FALSE;
          a->stmt = NULL;
          continue;
        }
      if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        {
          if (last != NULL)
            {
              g_clear_pointer (last, PQclear);
              *last = res;
            }
          else
            PQclear (res);
          continue;
        }
      /* The statement sent last was not run: one sent before it failed. */
      if (status == PGRES_PIPELINE_ABORTED)
        deferred_failed = TRUE;
      else if (failed == NULL)
        {
          failed = res;
          res = NULL;
        }
      g_clear_pointer (&res, PQclear);
    }
  if (!broken)
    PQexitPipelineMode (conn);
  pipeline_read (self);
  if (failed == NULL && !broken)
    return SQLITE_OK;
  if (last != NULL)
    g_clear_pointer (last, PQclear);
  /* Without a statement sent last, whatever failed was deferred. */
  deferred_failed = deferred_failed || last == NULL;
  rc = fail (self, failed);
  g_debug ("a write sent without waiting failed on the server: %s",
           failed != NULL ? PQresultErrorMessage (failed) : PQerrorMessage (conn));
  PQclear (failed);
  if (deferred_failed && rc == SQLITE_CONSTRAINT)
    {
      g_autoptr(GError) refused = g_steal_pointer (&self->server_error);

      g_set_error (&self->server_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("An earlier write of this unit of work was refused (%s): nothing of it was saved"),
                   refused->message);
      rc = SQLITE_ERROR;
    }
  /* Broken: the connection stays in pipeline mode, so every later statement fails too and no
   * COMMIT can be reported done. */
  return rc;
}

/* settle () for a caller that reports through @error. */
static gboolean
settle_or_fail (MuyingSql  *self,
                GError    **error)
{
  if (settle (self, NULL) == SQLITE_OK)
    return TRUE;
  if (error != NULL)
    *error = g_error_copy (self->server_error);
  return FALSE;
}

void
_muying_sql_server_settle (MuyingSql *self)
{
  settle (self, NULL);
}

/* Sends @sql (no parameters) without waiting for its answer, in a transaction. */
static gboolean
send_deferred (MuyingSql  *self,
               const char *sql)
{
  PGconn *conn = conn_of (self);

  if (PQpipelineStatus (conn) == PQ_PIPELINE_OFF && !PQenterPipelineMode (conn))
    return FALSE;
  if (PQsendQueryParams (conn, sql, 0, NULL, NULL, NULL, NULL, 0) != 1)
    return FALSE;
  self->n_piped++;
  return TRUE;
}

/* @sql is a ROLLBACK of the whole transaction (not ROLLBACK TO a savepoint). */
static gboolean
rolls_back_all (const char *sql)
{
  g_auto(GStrv) words = NULL;

  if (!starts_with_word (sql, "ROLLBACK"))
    return FALSE;
  words = g_strsplit_set (sql, " \t\n", -1);
  for (guint i = 1; words[i] != NULL; i++)
    if (word_is (words[i], "TO"))
      return FALSE;
  return TRUE;
}

/* Runs @sql (one statement, or several without parameters); *@value (nullable): the first value
 * of the last one's answer. A COMMIT of a transaction a statement failed in is a failure: the
 * server then rolls it all back, and says so only by answering "ROLLBACK". */
static gboolean
exec_one (MuyingSql   *self,
          const char  *sql,
          char       **value,
          GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GError) undone = NULL;
  gboolean rollback = rolls_back_all (sql);
  ExecStatusType status;

  /* A rollback of the transaction undoes the deferred writes whatever their answers; a COMMIT
   * after one that failed rolls back instead, as the server would (the transaction ends either
   * way). A ROLLBACK TO fails and leaves the transaction failed: its SAVEPOINT may have been
   * sent after the write that failed, and so never run; the name then stands for an older
   * savepoint, and going back to it would let the transaction commit without rows whose steps
   * reported them written. */
  if (!settle_or_fail (self, rollback ? NULL : error))
    {
      if (starts_with_word (sql, "COMMIT") || starts_with_word (sql, "END"))
        PQclear (PQexec (conn_of (self), "ROLLBACK"));
      if (!rollback)
        return FALSE;
      g_clear_error (&self->server_error);
    }
  res = PQexec (conn_of (self), sql);
  status = PQresultStatus (res);
  note_unit (self);
  /* The unit ends with its COMMIT or ROLLBACK, whatever the answer (a lost session's transaction
   * ended with it on the server). */
  if (rollback || starts_with_word (sql, "COMMIT") || starts_with_word (sql, "END"))
    end_unit (self);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    fail (self, res);
  else if (_muying_server_check_commit (sql, res, &undone))
    {
      if (value != NULL)
        *value = PQntuples (res) == 1 ? g_strdup (PQgetvalue (res, 0, 0)) : NULL;
      return TRUE;
    }
  else
    {
      g_clear_error (&self->server_error);
      self->server_error = g_steal_pointer (&undone);
    }
  if (error != NULL)
    *error = g_error_copy (self->server_error);
  return FALSE;
}

/* Begins a transaction with @sql; when it fails part way (the writer lock not given, a savepoint
 * refused), none stays open, as after a BEGIN that fails in SQLite. */
static gboolean
begin (MuyingSql   *self,
       const char  *sql,
       const char  *savepoint,
       char       **snapshot,
       GError     **error)
{
  g_autofree char *then = savepoint != NULL ? g_strdup_printf ("SAVEPOINT %s", savepoint) : NULL;

  g_clear_pointer (&self->snapshot, g_free);
  if (exec_one (self, sql, snapshot, error) && (then == NULL || exec_one (self, then, NULL, error)))
    return TRUE;
  if (snapshot != NULL)
    g_clear_pointer (snapshot, g_free);
  if (_muying_sql_server_in_transaction (self))
    PQclear (PQexec (conn_of (self), "ROLLBACK"));
  end_unit (self);
  return FALSE;
}

/* Runs one statement, SQLite's transaction statements as the server takes them:
 *  - BEGIN IMMEDIATE / EXCLUSIVE (a unit of work that writes): BEGIN, read committed, then the
 *    database's writer lock (an advisory lock held to the end of the transaction): one writer at
 *    a time, as on a SQLite file — the audit chain grows one entry after another, and a second
 *    workstation waits for the first instead of failing;
 *  - BEGIN / BEGIN DEFERRED, and a SAVEPOINT outside a transaction (SQLite then begins one):
 *    BEGIN ISOLATION LEVEL REPEATABLE READ — every statement sees the same snapshot, as a SQLite
 *    read transaction does (the statistics read in one); releasing that outermost savepoint
 *    commits, as in SQLite.
 * Anything else goes as it is. */
static gboolean
exec_statement (MuyingSql   *self,
                const char  *statement,
                GError     **error)
{
  g_auto(GStrv) words = g_strsplit_set (statement, " \t\n", -1);
  guint n = g_strv_length (words);
  const char *released = NULL;

  if (word_is (words[0], "BEGIN"))
    {
      if (word_is (words[1], "IMMEDIATE") || word_is (words[1], "EXCLUSIVE"))
        return (self->writer = begin (self, MUYING_SERVER_BEGIN_WRITER, NULL, NULL, error));
      if (n == 1 || word_is (words[1], "DEFERRED") || word_is (words[1], "TRANSACTION"))
        return begin (self, "BEGIN ISOLATION LEVEL REPEATABLE READ", NULL, NULL, error);
      return begin (self, statement, NULL, NULL, error);
    }
  if (n == 2 && word_is (words[0], "SAVEPOINT") && !_muying_sql_server_in_transaction (self))
    {
      char *snapshot = NULL;

      /* The snapshot is exported before the savepoint (a subtransaction cannot): another
       * connection can then read the same data (the statistics' second reader). */
      if (!begin (self, "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT pg_export_snapshot ()", words[1], &snapshot,
                  error))
        return FALSE;
      self->snapshot = snapshot;
      g_free (self->outer_savepoint);
      self->outer_savepoint = g_strdup (words[1]);
      return TRUE;
    }
  if (word_is (words[0], "RELEASE"))
    released = n == 2 ? words[1] : n == 3 && word_is (words[1], "SAVEPOINT") ? words[2] : NULL;
  if (released != NULL && g_strcmp0 (released, self->outer_savepoint) == 0)
    statement = "COMMIT";
  /* A savepoint taken or released, or a notice sent, inside the transaction: nothing to wait for
   * (a failure fails the unit of work, as a deferred insert's does; the store's "NOTIFY; COMMIT"
   * then costs one round trip). */
  else if (((n == 2 && word_is (words[0], "SAVEPOINT")) || released != NULL || word_is (words[0], "NOTIFY")) &&
           _muying_sql_server_in_transaction (self) && PQtransactionStatus (conn_of (self)) != PQTRANS_INERROR &&
           send_deferred (self, statement))
    return TRUE;
  /* The transaction ends, and the snapshot it exported with it (ROLLBACK TO keeps both). */
  if (g_strcmp0 (statement, "COMMIT") == 0 || word_is (words[0], "COMMIT") || word_is (words[0], "END") ||
      (word_is (words[0], "ROLLBACK") && n == 1))
    {
      g_clear_pointer (&self->outer_savepoint, g_free);
      g_clear_pointer (&self->snapshot, g_free);
    }
  return exec_one (self, statement, NULL, error);
}

/* Runs @sql: one statement or several. */
static gboolean
exec_text (MuyingSql   *self,
           const char  *sql,
           GError     **error)
{
  g_auto(GStrv) statements = NULL;

  /* Text with quotes may hold a ';' of its own: it goes whole. */
  if (strchr (sql, '\'') != NULL || strchr (sql, '"') != NULL)
    return exec_one (self, sql, NULL, error);
  statements = g_strsplit (sql, ";", -1);
  for (guint i = 0; statements[i] != NULL; i++)
    if (*g_strstrip (statements[i]) != '\0' && !exec_statement (self, statements[i], error))
      return FALSE;
  return TRUE;
}

gboolean
_muying_sql_server_exec (MuyingSql   *self,
                         const char  *sql,
                         GError     **error)
{

  gboolean opens = !self->unit_open && (starts_with_word (sql, "BEGIN") || starts_with_word (sql, "SAVEPOINT"));
  g_autoptr(GError) local_error = NULL;

  if (!connected (self) && rolls_back_all (sql) && !_muying_server_is_reconnecting (self->server))
    {
      /* the server ended the lost session's transaction itself */
      end_unit (self);
      return TRUE;
    }
  if (!self->unit_open && !_muying_sql_server_reconnect (self, TRUE, error))
    return FALSE;
  if (self->n_statements != NULL)
    (*self->n_statements)++;
  if (exec_text (self, sql, &local_error))
    return TRUE;
  /* The connection was found gone by the BEGIN itself: nothing of the unit ran yet. */
  if (opens && !connected (self) && !self->unit_open && _muying_sql_server_reconnect (self, TRUE, NULL))
    {
      g_clear_error (&local_error);
      return exec_text (self, sql, error);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
_muying_sql_server_in_transaction (MuyingSql *self)
{
  PGTransactionStatusType status = PQtransactionStatus (conn_of (self));

  /* a unit whose connection was lost is open until it is ended */
  if (!connected (self))
    return self->unit_open;
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

/* The value the last identity column handed out on this connection: asked only after an INSERT
 * that added rows (lastval() would fail, and end the transaction, before any). The store's
 * tables have no triggers that insert, so it is the row that INSERT added. */
gint64
_muying_sql_server_last_insert_id (MuyingSql *self)
{
  g_autoptr(PGresult) res = NULL;

  if (!self->inserted || settle (self, NULL) != SQLITE_OK)
    return 0;
  res = PQexec (conn_of (self), "SELECT lastval()");
  if (PQresultStatus (res) != PGRES_TUPLES_OK || PQntuples (res) != 1)
    {
      fail (self, res);   /* what the next statement, failing in the aborted transaction, reports */
      return 0;
    }
  return g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
}

/* A cancellable's cancel request, sent while the statement runs in another thread. */
struct _MuyingSqlServerWatch
{
  GCancellable *cancellable;
  gulong        handler;
  PGcancel     *cancel;
  GThread      *sender;   /* sends the request; set by the handler, which runs once */
};

static gpointer
send_cancel_thread (gpointer user_data)
{
  MuyingSqlServerWatch *watch = user_data;
  char why[256];

  if (!PQcancel (watch->cancel, why, sizeof why))
    g_debug ("the cancel request was not sent: %s", why);
  return NULL;
}

/* Runs in the thread that cancels, often the window's: PQcancel connects to the server and waits
 * for its answer, which a server that stopped answering never gives, so it runs in a thread of
 * its own. */
static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  MuyingSqlServerWatch *watch = user_data;

  if (watch->cancel != NULL)
    watch->sender = g_thread_new ("muying-cancel", send_cancel_thread, watch);
}

MuyingSqlServerWatch *
_muying_sql_server_watch (MuyingSql    *self,
                          GCancellable *cancellable)
{
  MuyingSqlServerWatch *watch = g_new0 (MuyingSqlServerWatch, 1);

  watch->cancellable = g_object_ref (cancellable);
  watch->cancel = PQgetCancel (conn_of (self));
  watch->handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), watch, NULL);
  return watch;
}

void
_muying_sql_server_unwatch (MuyingSqlServerWatch *watch)
{
  /* waits for a handler running in another thread, then for the request it sends: none may
   * arrive later and cancel the connection's next statement */
  g_cancellable_disconnect (watch->cancellable, watch->handler);
  if (watch->sender != NULL)
    g_thread_join (watch->sender);
  if (watch->cancel != NULL)
    PQfreeCancel (watch->cancel);
  g_object_unref (watch->cancellable);
  g_free (watch);
}

/* Reads the cursor's next rows: SQLITE_OK or the failure's code. */
static int
fetch (MuyingSqlStmt *stmt)
{
  MuyingSqlServerStmt *s = stmt->server;
  g_autofree char *sql = g_strdup_printf ("FETCH FORWARD %d FROM %s", BATCH, s->cursor);
  int rc;

  g_clear_pointer (&s->res, PQclear);
  s->row = 0;
  /* Rows are read between writes sent without waiting (an insert per row read). */
  if ((rc = settle (stmt->conn, NULL)) != SQLITE_OK)
    return rc;
  s->res = PQexec (conn_of (stmt->conn), sql);
  return PQresultStatus (s->res) == PGRES_TUPLES_OK ? SQLITE_OK : fail (stmt->conn, s->res);
}

static void
close_cursor (MuyingSqlStmt *stmt)
{
  MuyingSqlServerStmt *s = stmt->server;
  PGconn *conn = conn_of (stmt->conn);

  if (s->cursor == NULL)
    return;
  if (s->generation != _muying_server_get_generation (stmt->conn->server))
    {
      g_clear_pointer (&s->cursor, g_free);
      return;
    }
  /* An ended transaction closed it already; one failed keeps it until it is rolled back.
   * Between writes sent without waiting (the transaction's status then reads "active") the CLOSE
   * goes without waiting as well: a look-up read through a cursor for each row of an import
   * would otherwise leave one open per row. */
  if (PQpipelineStatus (conn) != PQ_PIPELINE_OFF || PQtransactionStatus (conn) == PQTRANS_INTRANS)
    {
      g_autofree char *sql = g_strdup_printf ("CLOSE %s", s->cursor);

      if (PQpipelineStatus (conn) != PQ_PIPELINE_OFF)
        send_deferred (stmt->conn, sql);
      else
        PQclear (PQexec (conn, sql));
    }
  g_clear_pointer (&s->cursor, g_free);
}

/* A name for a cursor or a prepared statement, never given before in this program: a server
 * connection keeps its prepared statements to its end, whichever MuyingSql prepared them (the
 * migration's check runs a store of its own on the migration's connection). */
static char *
new_name (const char *prefix)
{
  static gint last = 0;

  return g_strdup_printf ("%s%u", prefix, (guint) g_atomic_int_add (&last, 1) + 1);
}

static int
compare_ids (const gint64 *a,
             const gint64 *b)
{
  return *a < *b ? -1 : *a > *b;
}

/* insert_with_reserved_id () sent nothing: the statement goes the usual way. */
#define NOT_RESERVED (-1)

/* Takes the next block of ids for @table from its sequence (one round trip, after the writes
 * sent without waiting). */
static int
reserve_ids (MuyingSql  *self,
             const char *table,
             IdBlock    *b)
{
  g_autofree char *size = g_strdup_printf ("%u", b->next_size);
  const char *values[] = { table, size };
  g_autoptr(PGresult) res = NULL;
  int rc;

  if ((rc = settle (self, NULL)) != SQLITE_OK)
    return rc;
  res = PQexecParams (conn_of (self), "SELECT nextval (pg_get_serial_sequence ($1, 'id')) "
                                      "FROM generate_series (1, $2::integer)", 2, NULL, values, NULL, NULL, 0);
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    return fail (self, res);
  g_array_set_size (b->ids, 0);
  b->used = 0;
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

      g_array_append_val (b->ids, id);
    }
  /* (each nextval is the sequence's next: ascending, whatever order the rows came in) */
  g_array_sort (b->ids, (GCompareFunc) (void (*) (void)) compare_ids);
  b->next_size = MIN (b->next_size * 4, 1024);
  return b->ids->len > 0 ? SQLITE_OK : fail (self, NULL);
}

/* A result of one row, one bigint column "id": @id. */
static PGresult *
id_result (PGconn *conn,
           gint64  id)
{
  PGresAttDesc column = { (char *) "id", 0, 0, 0, OID_INT8, 8, -1 };
  char text[24];
  PGresult *res = PQmakeEmptyPGresult (conn, PGRES_TUPLES_OK);

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, id);
  if (res == NULL || !PQsetResultAttrs (res, 1, &column) || !PQsetvalue (res, 0, 0, text, (int) strlen (text)))
    g_clear_pointer (&res, PQclear);
  return res;
}

/* An INSERT … RETURNING id, the second or a later one into its table in a writer's unit of work
 * (an import's rows; a save in the window inserts one and keeps the usual way, and its ids stay
 * without gaps): sent with the next id of the table's block without waiting, the id answered
 * here. SQLITE_OK when sent, NOT_RESERVED when it goes the usual way, else the failure. */
static int
insert_with_reserved_id (MuyingSqlStmt *stmt)
{
  MuyingSql *self = stmt->conn;
  MuyingSqlServerStmt *s = stmt->server;
  PGconn *conn = conn_of (self);
  g_autofree const char **values = NULL;
  g_autofree Oid *types = NULL;
  char id_text[24];
  IdBlock *b;
  gint64 id;
  int rc;

  if (s->id_sql == NULL || !self->writer || !self->unit_open)
    return NOT_RESERVED;
  if (self->id_blocks == NULL)
    self->id_blocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, id_block_free);
  b = g_hash_table_lookup (self->id_blocks, s->id_table);
  if (b == NULL)
    {
      b = g_new0 (IdBlock, 1);
      b->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      b->next_size = 16;
      g_hash_table_insert (self->id_blocks, g_strdup (s->id_table), b);
    }
  if (++b->inserts < 2)
    return NOT_RESERVED;
  if (b->used == b->ids->len && (rc = reserve_ids (self, s->id_table, b)) != SQLITE_OK)
    return rc;
  id = g_array_index (b->ids, gint64, b->used++);

  values = g_new0 (const char *, s->n_params + 1);
  types = g_new0 (Oid, s->n_params + 1);
  memcpy (values, s->values, sizeof (char *) * (gsize) s->n_params);
  memcpy (types, s->types, sizeof (Oid) * (gsize) s->n_params);
  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, id);
  values[s->n_params] = id_text;
  types[s->n_params] = OID_INT8;
  if (s->id_prepared != NULL && s->id_generation != _muying_server_get_generation (self->server))
    g_clear_pointer (&s->id_prepared, g_free);
  if (s->id_prepared == NULL)
    {
      g_autofree char *name = new_name ("muying_p");
      g_autoptr(PGresult) res = NULL;

      if ((rc = settle (self, NULL)) != SQLITE_OK)
        return rc;
      res = PQprepare (conn, name, s->id_sql, s->n_params + 1, types);
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        return fail (self, res);
      s->id_prepared = g_steal_pointer (&name);
      s->id_generation = _muying_server_get_generation (self->server);
    }
  if ((PQpipelineStatus (conn) == PQ_PIPELINE_OFF && !PQenterPipelineMode (conn)) ||
      PQsendQueryPrepared (conn, s->id_prepared, s->n_params + 1, values, NULL, NULL, 0) != 1)
    return fail (self, NULL);
  self->n_piped++;
  s->res = id_result (conn, id);
  if (s->res == NULL)
    return fail (self, NULL);
  self->inserted = TRUE;
  s->row = -1;
  return SQLITE_OK;
}

static int
start_once (MuyingSqlStmt *stmt)
{
  MuyingSqlServerStmt *s = stmt->server;
  PGconn *conn = conn_of (stmt->conn);
  const char * const *values = (const char * const *) s->values;
  /* Writes are sent without waiting only inside a transaction: pipeline mode means one is open. */
  gboolean piped = PQpipelineStatus (conn) != PQ_PIPELINE_OFF;
  gboolean in_transaction = piped || PQtransactionStatus (conn) == PQTRANS_INTRANS;
  ExecStatusType status;
  int rc;

  s->started = TRUE;
  if (stmt->conn->n_statements != NULL)
    (*stmt->conn->n_statements)++;
  /* A parameter the text does not use (bound or not) must still have a type for the server. */
  for (int i = 0; i < s->n_params; i++)
    if (!s->used[i])
      s->types[i] = OID_TEXT;
  if (s->is_query && !stmt->whole && in_transaction)
    {
      g_autofree char *name = new_name ("muying_c");
      g_autofree char *sql = g_strdup_printf ("DECLARE %s NO SCROLL CURSOR FOR %s", name, s->sql);
      g_autoptr(PGresult) res = NULL;

      if ((rc = settle (stmt->conn, NULL)) != SQLITE_OK)
        return rc;
      res = PQexecParams (conn, sql, s->n_params, s->types, values, NULL, NULL, 0);
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        return fail (stmt->conn, res);
      s->cursor = g_steal_pointer (&name);
      s->generation = _muying_server_get_generation (stmt->conn->server);
      note_unit (stmt->conn);
      if ((rc = fetch (stmt)) != SQLITE_OK)
        return rc;
      s->row = -1;
      return SQLITE_OK;
    }
  if (stmt->whole && (rc = insert_with_reserved_id (stmt)) != NOT_RESERVED)
    return rc;
  if (stmt->whole)
    {
      /* A look-up run again and again (an import's): parsed and planned once per connection,
       * outside the pipeline (a name sent in one that then fails would be kept, never made). */
      /* (a name of a lost session is no more) */
      if (s->prepared != NULL && s->generation != _muying_server_get_generation (stmt->conn->server))
        g_clear_pointer (&s->prepared, g_free);
      if (s->prepared == NULL)
        {
          g_autofree char *name = new_name ("muying_p");
          g_autoptr(PGresult) res = NULL;

          if ((rc = settle (stmt->conn, NULL)) != SQLITE_OK)
            return rc;
          piped = FALSE;
          res = PQprepare (conn, name, s->sql, s->n_params, s->types);
          if (PQresultStatus (res) != PGRES_COMMAND_OK)
            return fail (stmt->conn, res);
          s->prepared = g_steal_pointer (&name);
          s->generation = _muying_server_get_generation (stmt->conn->server);
        }
      if (s->deferrable && in_transaction)
        {
          if ((!piped && !PQenterPipelineMode (conn)) ||
              PQsendQueryPrepared (conn, s->prepared, s->n_params, values, NULL, NULL, 0) != 1)
            return fail (stmt->conn, NULL);
          stmt->conn->n_piped++;
          /* No answer to read now: the step is done (SQLITE_DONE), the row counted as added. */
          stmt->conn->inserted = TRUE;
          s->row = -1;
          return SQLITE_OK;
        }
      if (piped)
        {
          /* Its answer follows the deferred writes' answers, in the same round trip. */
          if (PQsendQueryPrepared (conn, s->prepared, s->n_params, values, NULL, NULL, 0) != 1)
            return fail (stmt->conn, NULL);
          stmt->conn->n_piped++;
          if ((rc = settle (stmt->conn, &s->res)) != SQLITE_OK)
            return rc;
        }
      else
        s->res = PQexecPrepared (conn, s->prepared, s->n_params, values, NULL, NULL, 0);
    }
  else
    {
      if ((rc = settle (stmt->conn, NULL)) != SQLITE_OK)
        return rc;
      s->res = PQexecParams (conn, s->sql, s->n_params, s->types, values, NULL, NULL, 0);
    }
  status = PQresultStatus (s->res);
  note_unit (stmt->conn);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    return fail (stmt->conn, s->res);
  if (s->is_insert)
    stmt->conn->inserted = g_strcmp0 (PQcmdTuples (s->res), "0") != 0;
  s->row = -1;
  return SQLITE_OK;
}

void
_muying_sql_server_send (MuyingSqlStmt *stmt)
{
  MuyingSql *self = stmt->conn;
  MuyingSqlServerStmt *s = stmt->server;
  PGconn *conn = conn_of (self);
  Awaiting a = { stmt, 0 };

  /* A look-up prepared by an earlier step (preparing waits), inside an open unit: anything else
   * runs at its step. */
  if (!stmt->whole || !s->is_query || s->started || s->prepared == NULL || !self->unit_open || !connected (self) ||
      s->generation != _muying_server_get_generation (self->server))
    return;
  if ((PQpipelineStatus (conn) == PQ_PIPELINE_OFF && !PQenterPipelineMode (conn)) ||
      PQsendQueryPrepared (conn, s->prepared, s->n_params, (const char * const *) s->values, NULL, NULL, 0) != 1)
    return;   /* (the step then finds the connection's failure) */
  a.index = self->n_piped++;
  if (self->n_statements != NULL)
    (*self->n_statements)++;
  if (self->awaiting == NULL)
    self->awaiting = g_array_new (FALSE, FALSE, sizeof (Awaiting));
  g_array_append_val (self->awaiting, a);
  s->started = TRUE;
  s->awaiting = TRUE;
  s->row = -1;
}

/* Runs the statement; outside a unit of work, after connecting again when the connection was
 * lost, and a query once more when it found the connection gone only now. */
static int
start (MuyingSqlStmt *stmt)
{
  MuyingSql *self = stmt->conn;
  gboolean outside = !self->unit_open;
  int rc;

  if (outside && !connected (self))
    {
      g_autoptr(GError) error = NULL;

      if (!_muying_sql_server_reconnect (self, TRUE, &error))
        {
          g_clear_error (&self->server_error);
          self->server_error = g_steal_pointer (&error);
          return SQLITE_IOERR;
        }
    }
  rc = start_once (stmt);
  if (rc == SQLITE_IOERR && outside && stmt->server->is_query && !connected (self) && !self->unit_open &&
      _muying_sql_server_reconnect (self, TRUE, NULL))
    {
      g_clear_pointer (&stmt->server->res, PQclear);
      g_clear_pointer (&stmt->server->cursor, g_free);
      rc = start_once (stmt);
    }
  return rc;
}

int
_muying_sql_server_step (MuyingSqlStmt *stmt)
{
  MuyingSqlServerStmt *s = stmt->server;

  if (s->awaiting)
    {
      /* sent ahead: its answer comes with those before it */
      int rc = settle (stmt->conn, NULL);

      note_unit (stmt->conn);
      if (rc != SQLITE_OK)
        return rc;
      if (s->res == NULL)
        return fail (stmt->conn, NULL);
    }
  if (!s->started)
    {
      int rc = start (stmt);

      if (rc != SQLITE_OK)
        {
          g_debug ("statement failed on the server: %s", s->sql);
          g_clear_pointer (&s->res, PQclear);
          return rc;
        }
    }
  if (s->res == NULL)
    return SQLITE_DONE;
  s->row++;
  if (s->row < PQntuples (s->res))
    return SQLITE_ROW;
  if (s->cursor != NULL && PQntuples (s->res) == BATCH)
    {
      int rc = fetch (stmt);

      if (rc != SQLITE_OK)
        return rc;
      if (PQntuples (s->res) > 0)
        return SQLITE_ROW;
    }
  return SQLITE_DONE;
}

void
_muying_sql_server_reset (MuyingSqlStmt *stmt)
{
  MuyingSqlServerStmt *s = stmt->server;

  if (s->awaiting)
    {
      Awaiting *a;

      for (guint i = 0; (a = awaited (stmt->conn, i)) != NULL || i < stmt->conn->n_piped; i++)
        if (a != NULL && a->stmt == stmt)
          a->stmt = NULL;
      s->awaiting = FALSE;
    }

  close_cursor (stmt);
  g_clear_pointer (&s->res, PQclear);
  s->started = FALSE;
  s->row = -1;
}

void
_muying_sql_server_clear_bindings (MuyingSqlStmt *stmt)
{
  MuyingSqlServerStmt *s = stmt->server;

  for (int i = 0; i < s->n_params; i++)
    {
      g_clear_pointer (&s->values[i], g_free);
      s->types[i] = 0;
    }
}

void
_muying_sql_server_finalize (MuyingSqlStmt *stmt)
{
  MuyingSqlServerStmt *s = stmt->server;

  _muying_sql_server_reset (stmt);
  _muying_sql_server_clear_bindings (stmt);
  g_free (s->values);
  g_free (s->types);
  g_free (s->used);
  g_free (s->prepared);
  g_free (s->id_table);
  g_free (s->id_sql);
  g_free (s->id_prepared);
  g_free (s->reals);
  g_free (s->sql);
  g_free (s);
}

int
_muying_sql_server_bind (MuyingSqlStmt *stmt,
                         int            index,
                         const char    *value,
                         int            n_bytes,
                         unsigned int   type)
{
  MuyingSqlServerStmt *s = stmt->server;

  if (index < 1 || index > s->n_params)
    return SQLITE_RANGE;
  if (s->started)
    _muying_sql_server_reset (stmt);
  g_free (s->values[index - 1]);
  s->values[index - 1] = value == NULL ? NULL : n_bytes < 0 ? g_strdup (value) : g_strndup (value, n_bytes);
  s->types[index - 1] = value == NULL ? 0 : type;
  return SQLITE_OK;
}

int
_muying_sql_server_parameter_count (MuyingSqlStmt *stmt)
{
  return stmt->server->n_params;
}

static gboolean
has_row (MuyingSqlServerStmt *s,
         int                  column)
{
  return s->res != NULL && s->row >= 0 && s->row < PQntuples (s->res) && column >= 0 &&
         column < PQnfields (s->res);
}

int
_muying_sql_server_column_count (MuyingSqlStmt *stmt)
{
  return stmt->server->res != NULL ? PQnfields (stmt->server->res) : 0;
}

const char *
_muying_sql_server_column_name (MuyingSqlStmt *stmt,
                                int            column)
{
  return stmt->server->res != NULL ? PQfname (stmt->server->res, column) : NULL;
}

int
_muying_sql_server_column_type (MuyingSqlStmt *stmt,
                                int            column)
{
  MuyingSqlServerStmt *s = stmt->server;

  if (!has_row (s, column) || PQgetisnull (s->res, s->row, column))
    return SQLITE_NULL;
  switch (PQftype (s->res, column))
    {
    case OID_BOOL:
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
      return SQLITE_INTEGER;
    case OID_NUMERIC:
      /* sum() of bigints is numeric: a whole number is an integer, as SQLite's sum() gives. */
      return strchr (PQgetvalue (s->res, s->row, column), '.') == NULL ? SQLITE_INTEGER : SQLITE_FLOAT;
    case OID_FLOAT4:
    case OID_FLOAT8:
      return SQLITE_FLOAT;
    case OID_BYTEA:
      return SQLITE_BLOB;
    default:
      return SQLITE_TEXT;
    }
}

/* @v as SQLite writes a REAL as text ("%!.15g": 15 significant digits, always a decimal point:
 * 3.0, 0.1, 1.0e+20), so that whatever is built from a value's text — the seal of a signed
 * record, a list's cell — is the same on both backends. */
static const char *
real_text (double  v,
           char   *buf)
{
  char digits[32];
  char *e;

  if (isinf (v))
    return v > 0 ? "Inf" : "-Inf";
  if (isnan (v))
    return "NaN";
  g_snprintf (digits, sizeof digits, "%.15g", v);
  e = strchr (digits, 'e');
  if (strchr (digits, '.') != NULL)
    g_strlcpy (buf, digits, REAL_TEXT);
  else if (e != NULL)
    g_snprintf (buf, REAL_TEXT, "%.*s.0%s", (int) (e - digits), digits, e);
  else
    g_snprintf (buf, REAL_TEXT, "%s.0", digits);
  return buf;
}

const char *
_muying_sql_server_column_text (MuyingSqlStmt *stmt,
                                int            column)
{
  MuyingSqlServerStmt *s = stmt->server;

  if (!has_row (s, column) || PQgetisnull (s->res, s->row, column))
    return NULL;
  switch (PQftype (s->res, column))
    {
    case OID_BOOL:
      return *PQgetvalue (s->res, s->row, column) == 't' ? "1" : "0";
    case OID_FLOAT4:
    case OID_FLOAT8:
      if (s->n_reals < PQnfields (s->res))
        {
          s->n_reals = PQnfields (s->res);
          s->reals = g_realloc (s->reals, (gsize) s->n_reals * REAL_TEXT);
        }
      return real_text (g_ascii_strtod (PQgetvalue (s->res, s->row, column), NULL), s->reals + column * REAL_TEXT);
    default:
      return PQgetvalue (s->res, s->row, column);
    }
}

int
_muying_sql_server_column_bytes (MuyingSqlStmt *stmt,
                                 int            column)
{
  const char *text = _muying_sql_server_column_text (stmt, column);

  return text != NULL ? (int) strlen (text) : 0;
}
