/* muying-sql.c: statements on a SQLite file or a PostgreSQL server (see muying-sql.h)
 *
 * On SQLite every call is SQLite's own. The server's side is in muying-sql-server.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-error.h"
#include "muying-server-private.h"
#include "muying-sql-private.h"

MuyingSql *
muying_sql_new_lite (sqlite3 *db)
{
  MuyingSql *self = g_new0 (MuyingSql, 1);

  self->lite = db;
  return self;
}

MuyingSql *
muying_sql_new_server (MuyingServer *server)
{
  MuyingSql *self = g_new0 (MuyingSql, 1);

  self->server = server;
  return self;
}

MuyingSql *
muying_sql_new_server_owned (MuyingServer *server)
{
  MuyingSql *self = muying_sql_new_server (server);

  self->owns_server = TRUE;
  return self;
}

void
muying_sql_free (MuyingSql *self)
{
  if (self == NULL)
    return;
  if (self->owns_server)
    _muying_server_free (self->server);
  else if (self->server != NULL)
    _muying_sql_server_settle (self);   /* the connection's owner goes on with it */
  g_clear_error (&self->server_error);
  g_free (self->outer_savepoint);
  g_free (self->snapshot);
  g_clear_pointer (&self->id_blocks, g_hash_table_unref);
  g_clear_pointer (&self->awaiting, g_array_unref);
  g_free (self);
}

gboolean
muying_sql_is_server (MuyingSql *self)
{
  return self->server != NULL;
}

sqlite3 *
muying_sql_get_lite (MuyingSql *self)
{
  return self->lite;
}

MuyingSqlStmt *
muying_sql_prepare (MuyingSql   *self,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *lite = NULL;
  int rc;

  if (self->server != NULL)
    return _muying_sql_server_prepare (self, sql);
  rc = sqlite3_prepare_v2 (self->lite, sql, -1, &lite, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_finalize (lite);
      muying_sql_set_error (self, rc, error);
      return NULL;
    }
  return muying_sql_wrap_lite (self, lite);
}

MuyingSqlStmt *
muying_sql_wrap_lite (MuyingSql    *self,
                       sqlite3_stmt *lite)
{
  MuyingSqlStmt *stmt = g_new0 (MuyingSqlStmt, 1);

  stmt->conn = self;
  stmt->lite = lite;
  return stmt;
}

gboolean
muying_sql_exec (MuyingSql   *self,
                 const char  *sql,
                 GError     **error)
{
  int rc;

  if (self->server != NULL)
    return _muying_sql_server_exec (self, sql, error);
  rc = sqlite3_exec (self->lite, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return muying_sql_set_error (self, rc, error);
  return TRUE;
}

const char *
muying_sql_get_snapshot (MuyingSql *self)
{
  return self->snapshot;
}

gboolean
muying_sql_reconnect (MuyingSql  *self,
                      gboolean    wait,
                      GError    **error)
{
  if (self->server == NULL)
    return TRUE;
  return _muying_sql_server_reconnect (self, wait, error);
}

gboolean
muying_sql_in_transaction (MuyingSql *self)
{
  if (self->server != NULL)
    return _muying_sql_server_in_transaction (self);
  return !sqlite3_get_autocommit (self->lite);
}

gint64
muying_sql_last_insert_id (MuyingSql *self)
{
  if (self->server != NULL)
    return _muying_sql_server_last_insert_id (self);
  return sqlite3_last_insert_rowid (self->lite);
}

const char *
muying_sql_errmsg (MuyingSql *self)
{
  if (self->server != NULL)
    return self->server_error != NULL ? self->server_error->message : "";
  return sqlite3_errmsg (self->lite);
}

static int
count_statement_cb (unsigned  type,
                    void     *counter,
                    void     *statement,
                    void     *text)
{
  (*(guint *) counter)++;
  return 0;
}

void
muying_sql_count_statements (MuyingSql *self,
                             guint     *counter)
{
  if (self->server != NULL)
    self->n_statements = counter;
  else if (counter != NULL)
    sqlite3_trace_v2 (self->lite, SQLITE_TRACE_STMT, count_statement_cb, counter);
  else
    sqlite3_trace_v2 (self->lite, 0, NULL, NULL);
}

struct _MuyingSqlWatch
{
  MuyingSql            *sql;
  GCancellable         *cancellable;
  MuyingSqlServerWatch *server;
};

/* SQLite calls this every thousand steps of a statement: a non-zero answer interrupts it. */
static int
on_progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (user_data));
}

MuyingSqlWatch *
muying_sql_watch (MuyingSql    *self,
                  GCancellable *cancellable)
{
  MuyingSqlWatch *watch;

  if (cancellable == NULL)
    return NULL;
  watch = g_new0 (MuyingSqlWatch, 1);
  watch->sql = self;
  watch->cancellable = g_object_ref (cancellable);
  if (self->server != NULL)
    watch->server = _muying_sql_server_watch (self, cancellable);
  else if (self->lite != NULL)
    sqlite3_progress_handler (self->lite, 1000, on_progress_cb, cancellable);
  return watch;
}

void
muying_sql_unwatch (MuyingSqlWatch *watch)
{
  if (watch == NULL)
    return;
  if (watch->server != NULL)
    _muying_sql_server_unwatch (watch->server);
  else if (watch->sql->lite != NULL)
    sqlite3_progress_handler (watch->sql->lite, 0, NULL, NULL);
  g_object_unref (watch->cancellable);
  g_free (watch);
}

gboolean
muying_sql_set_error (MuyingSql *self,
                      int        rc,
                      GError   **error)
{
  const char *detail;

  if (self->server != NULL && self->server_error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->server_error);
      return FALSE;
    }
  /* What SQLite's code means when there is no handle (it could not be opened). */
  detail = self->server == NULL && self->lite == NULL ? sqlite3_errstr (rc) : muying_sql_errmsg (self);
  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                   _("The database file is damaged (%s). Nothing was written; restore the latest backup"),
                   detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                   _("The data breaks a rule of the database (%s)"), detail);
      break;
    case SQLITE_IOERR:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("The disk could not be read or written (%s): nothing was saved"), detail);
      break;
    case SQLITE_FULL:
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FULL,
                           _("The disk is full: nothing was saved"));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                           _("The database is busy in another program; try again"));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_PERMISSION,
                   _("The database cannot be written (%s)"), detail);
      break;
    default:
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("Database error: %s"), detail);
      break;
    }
  return FALSE;
}

/* ---- statements ---------------------------------------------------------------------------- */

#define SERVER(stmt) G_UNLIKELY ((stmt)->lite == NULL)

int
muying_sql_step (MuyingSqlStmt *stmt)
{
  if (SERVER (stmt))
    return _muying_sql_server_step (stmt);
  return sqlite3_step (stmt->lite);
}

void
muying_sql_reset (MuyingSqlStmt *stmt)
{
  if (SERVER (stmt))
    _muying_sql_server_reset (stmt);
  else
    sqlite3_reset (stmt->lite);
}

void
muying_sql_clear_bindings (MuyingSqlStmt *stmt)
{
  if (SERVER (stmt))
    _muying_sql_server_clear_bindings (stmt);
  else
    sqlite3_clear_bindings (stmt->lite);
}

void
muying_sql_finalize (MuyingSqlStmt *stmt)
{
  if (stmt == NULL)
    return;
  if (SERVER (stmt))
    _muying_sql_server_finalize (stmt);
  else
    sqlite3_finalize (stmt->lite);
  g_free (stmt);
}

void
muying_sql_stmt_set_few_rows (MuyingSqlStmt *stmt)
{
  stmt->whole = TRUE;
}

void
muying_sql_send (MuyingSqlStmt *stmt)
{
  if (SERVER (stmt))
    _muying_sql_server_send (stmt);
}

int
muying_sql_bind_text (MuyingSqlStmt *stmt,
                      int            index,
                      const char    *value,
                      int            n_bytes,
                      void         (*destroy) (void *))
{
  if (SERVER (stmt))
    return _muying_sql_server_bind (stmt, index, value, n_bytes, 0);
  return sqlite3_bind_text (stmt->lite, index, value, n_bytes, destroy);
}

int
muying_sql_bind_int (MuyingSqlStmt *stmt,
                     int            index,
                     int            value)
{
  return muying_sql_bind_int64 (stmt, index, value);
}

int
muying_sql_bind_int64 (MuyingSqlStmt *stmt,
                       int            index,
                       gint64         value)
{
  if (SERVER (stmt))
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
      return _muying_sql_server_bind (stmt, index, text, -1, MUYING_SQL_OID_INT8);
    }
  return sqlite3_bind_int64 (stmt->lite, index, value);
}

int
muying_sql_bind_double (MuyingSqlStmt *stmt,
                        int            index,
                        double         value)
{
  if (SERVER (stmt))
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      /* The shortest text that reads back as the same double. */
      g_ascii_dtostr (text, sizeof text, value);
      return _muying_sql_server_bind (stmt, index, text, -1, MUYING_SQL_OID_FLOAT8);
    }
  return sqlite3_bind_double (stmt->lite, index, value);
}

int
muying_sql_bind_null (MuyingSqlStmt *stmt,
                      int            index)
{
  if (SERVER (stmt))
    return _muying_sql_server_bind (stmt, index, NULL, 0, 0);
  return sqlite3_bind_null (stmt->lite, index);
}

int
muying_sql_bind_parameter_count (MuyingSqlStmt *stmt)
{
  if (SERVER (stmt))
    return _muying_sql_server_parameter_count (stmt);
  return sqlite3_bind_parameter_count (stmt->lite);
}

int
muying_sql_column_count (MuyingSqlStmt *stmt)
{
  if (SERVER (stmt))
    return _muying_sql_server_column_count (stmt);
  return sqlite3_column_count (stmt->lite);
}

const char *
muying_sql_column_name (MuyingSqlStmt *stmt,
                        int            column)
{
  if (SERVER (stmt))
    return _muying_sql_server_column_name (stmt, column);
  return sqlite3_column_name (stmt->lite, column);
}

int
muying_sql_column_type (MuyingSqlStmt *stmt,
                        int            column)
{
  if (SERVER (stmt))
    return _muying_sql_server_column_type (stmt, column);
  return sqlite3_column_type (stmt->lite, column);
}

const unsigned char *
muying_sql_column_text (MuyingSqlStmt *stmt,
                        int            column)
{
  if (SERVER (stmt))
    return (const unsigned char *) _muying_sql_server_column_text (stmt, column);
  return sqlite3_column_text (stmt->lite, column);
}

int
muying_sql_column_bytes (MuyingSqlStmt *stmt,
                         int            column)
{
  if (SERVER (stmt))
    return _muying_sql_server_column_bytes (stmt, column);
  return sqlite3_column_bytes (stmt->lite, column);
}

gint64
muying_sql_column_int64 (MuyingSqlStmt *stmt,
                         int            column)
{
  const char *text;

  if (!SERVER (stmt))
    return sqlite3_column_int64 (stmt->lite, column);
  text = _muying_sql_server_column_text (stmt, column);
  /* A numeric or a double: its integer part, as SQLite casts (a boolean reads as "1" or "0"). */
  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

int
muying_sql_column_int (MuyingSqlStmt *stmt,
                       int            column)
{
  if (!SERVER (stmt))
    return sqlite3_column_int (stmt->lite, column);
  return (int) muying_sql_column_int64 (stmt, column);
}

double
muying_sql_column_double (MuyingSqlStmt *stmt,
                          int            column)
{
  const char *text;

  if (!SERVER (stmt))
    return sqlite3_column_double (stmt->lite, column);
  text = _muying_sql_server_column_text (stmt, column);
  return text != NULL ? g_ascii_strtod (text, NULL) : 0.0;
}

/* ---- parameters ---------------------------------------------------------------------------- */

char *
muying_sql_to_server_text (const char *sql,
                             int        *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  int highest = 0;

  for (const char *p = sql; *p != '\0';)
    {
      if (*p == '\'' || *p == '"')
        {
          /* Quoted text or a quoted name, a doubled quote inside. */
          char quote = *p;
          const char *q = p + 1;

          while (*q != '\0' && !(*q == quote && q[1] != quote))
            q += (*q == quote) ? 2 : 1;
          if (*q == quote)
            q++;
          g_string_append_len (out, p, q - p);
          p = q;
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          const char *q = strchr (p, '\n');

          q = q != NULL ? q : p + strlen (p);
          g_string_append_len (out, p, q - p);
          p = q;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *q = strstr (p + 2, "*/");

          q = q != NULL ? q + 2 : p + strlen (p);
          g_string_append_len (out, p, q - p);
          p = q;
        }
      else if (strncmp (p, "CROSS JOIN ", 11) == 0 && (p == sql || !(g_ascii_isalnum (p[-1]) || p[-1] == '_')))
        {
          /* SQLite's way to fix the order of a join; the server's planner takes a plain JOIN. */
          g_string_append (out, "JOIN ");
          p += 11;
        }
      else if (strncmp (p, "INDEXED BY ", 11) == 0 && (p == sql || !(g_ascii_isalnum (p[-1]) || p[-1] == '_')))
        {
          /* SQLite's choice of index; the server's planner makes its own. */
          p += 11;
          while (g_ascii_isalnum (*p) || *p == '_')
            p++;
        }
      else if (g_ascii_strncasecmp (p, "group_concat", 12) == 0 &&
               (p == sql || !(g_ascii_isalnum (p[-1]) || p[-1] == '_')) && !(g_ascii_isalnum (p[12]) || p[12] == '_'))
        {
          /* SQLite's group_concat (X, SEPARATOR) is the server's string_agg (always with the
           * separator: the server has no default). */
          g_string_append (out, "string_agg");
          p += 12;
        }
      else if (*p == '?')
        {
          int n;

          p++;
          if (g_ascii_isdigit (*p))
            {
              n = 0;
              while (g_ascii_isdigit (*p))
                n = n * 10 + (*p++ - '0');
            }
          else
            n = highest + 1;
          highest = MAX (highest, n);
          g_string_append_printf (out, "$%d", n);
        }
      else
        g_string_append_c (out, *p++);
    }
  if (n_params != NULL)
    *n_params = highest;
  return g_string_free (out, FALSE);
}
