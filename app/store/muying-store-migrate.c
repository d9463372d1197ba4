/* muying-store-migrate.c: copy a SQLite database into an empty PostgreSQL database, verified
 *
 * See muying-store-migrate.h for what is guaranteed. How:
 * - The source is read in one read transaction (a consistent snapshot while the program may
 *   still be in use); the server works in one transaction that is committed only after the
 *   verification, so a failure or a lost connection leaves the server database as it was.
 * - Every value is converted by the type of its server column (bigint, double precision, text)
 *   and must arrive unchanged: an integer column holding text, say, stops the migration with
 *   the table, row and column named, rather than being rounded or dropped.
 * - The digest of a table covers each value with its type, in key order, both sides computed by
 *   the same function (text keys ordered by bytes on the server too: COLLATE "C").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-server-private.h"
#include "muying-store-audit-private.h"
#include "muying-store-migrate.h"
#include "muying-store-private.h"
#include "muying-store-schema.h"
#include "muying-store-sql.h"
#include "muying-indicators.h"
#include "muying-stats.h"

#define COPY_CHUNK (256 * 1024)

typedef enum { KIND_INT, KIND_REAL, KIND_TEXT } Kind;

typedef struct
{
  char      *name;
  GPtrArray *columns;     /* char *, SQLite's order */
  GArray    *kinds;       /* Kind per column, from the server's column types */
  GPtrArray *key;         /* char *, primary key columns in key order */
  GPtrArray *references;  /* char *, tables it refers to */
} Table;

static void
table_free (Table *t)
{
  g_free (t->name);
  g_ptr_array_unref (t->columns);
  g_array_unref (t->kinds);
  g_ptr_array_unref (t->key);
  g_ptr_array_unref (t->references);
  g_free (t);
}

static void
migrated_table_free (MuyingMigratedTable *t)
{
  g_free (t->table);
  g_free (t->digest);
  g_free (t);
}

void
muying_migrate_result_free (MuyingMigrateResult *result)
{
  if (result == NULL)
    return;
  g_free (result->server);
  g_ptr_array_unref (result->tables);
  g_free (result->audit_head);
  g_free (result);
}

static char *
quote_ident (const char *name)
{
  g_autoptr(GString) s = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ---- the schema on the server ------------------------------------------------------------ */

/* The baseline and the steps after it (muying-store-schema.c), in the migration's transaction. */
static gboolean
create_schema (MuyingServer  *server,
               GError       **error)
{
  g_autoptr(GPtrArray) steps = muying_store_schema_get_server_steps (error);

  if (steps == NULL)
    return FALSE;
  for (guint i = 0; i < steps->len; i++)
    if (!_muying_server_exec (server, g_ptr_array_index (steps, i), error))
      {
        g_prefix_error (error, _("The database structure could not be made on the server: "));
        return FALSE;
      }
  return TRUE;
}

/* ---- the tables and their order ---------------------------------------------------------- */

static gboolean
read_columns (MuyingStore  *source,
              Table        *t,
              GHashTable   *server_kinds,
              GError      **error)
{
  g_autofree char *quoted = quote_ident (t->name);
  g_autofree char *info_sql = g_strdup_printf ("PRAGMA table_info(%s)", quoted);
  g_autofree char *fk_sql = g_strdup_printf ("PRAGMA foreign_key_list(%s)", quoted);
  g_autoptr(sqlite3_stmt) info = muying_store_prepare (source, info_sql, error);
  g_autoptr(sqlite3_stmt) fk = NULL;
  int rc;

  if (info == NULL)
    return FALSE;
  while ((rc = sqlite3_step (info)) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (info, 1);
      int pk = sqlite3_column_int (info, 5);
      g_autofree char *both = g_strconcat (t->name, ".", column, NULL);
      gpointer kind;

      if (!g_hash_table_lookup_extended (server_kinds, both, NULL, &kind))
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                       _("The server's database structure has no column %s: this program's structure files do not "
                         "match. Reinstall Muying"), both);
          return FALSE;
        }
      g_hash_table_remove (server_kinds, both);
      g_ptr_array_add (t->columns, g_strdup (column));
      g_array_append_val (t->kinds, (Kind) { GPOINTER_TO_INT (kind) });
      /* pk is the column's 1-based position in the key: the key columns in key order */
      if (pk > 0)
        {
          if (t->key->len < (guint) pk)
            g_ptr_array_set_size (t->key, pk);
          t->key->pdata[pk - 1] = g_strdup (column);
        }
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (source, rc, error);
  if (t->key->len == 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("The table %s has no key and cannot be verified after copying"), t->name);
      return FALSE;
    }

  fk = muying_store_prepare (source, fk_sql, error);
  if (fk == NULL)
    return FALSE;
  while ((rc = sqlite3_step (fk)) == SQLITE_ROW)
    {
      const char *parent = (const char *) sqlite3_column_text (fk, 2);

      if (g_strcmp0 (parent, t->name) != 0)
        g_ptr_array_add (t->references, g_strdup (parent));
    }
  return rc == SQLITE_DONE || muying_store_set_error (source, rc, error);
}

/* The source's tables, each after the tables it refers to (the server checks references row by
 * row), matched column for column with the server's. */
static GPtrArray *
read_tables (MuyingStore   *source,
             MuyingServer  *server,
             GError       **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  g_autoptr(GPtrArray) ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  g_autoptr(GHashTable) server_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(PGresult) columns = NULL;
  int rc;

  columns = _muying_server_query (server,
                                  "SELECT table_name, column_name, data_type FROM information_schema.columns "
                                  "WHERE table_schema = current_schema() AND table_name <> 'muying_schema'",
                                  0, NULL, error);
  if (columns == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (columns); i++)
    {
      const char *type = PQgetvalue (columns, i, 2);
      Kind kind = strcmp (type, "bigint") == 0 || strcmp (type, "integer") == 0 ? KIND_INT
                  : strcmp (type, "double precision") == 0 ? KIND_REAL : KIND_TEXT;

      g_hash_table_insert (server_kinds, g_strconcat (PQgetvalue (columns, i, 0), ".", PQgetvalue (columns, i, 1), NULL),
                           GINT_TO_POINTER (kind));
    }

  list = muying_store_prepare (source, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", error);
  if (list == NULL)
    return NULL;
  while ((rc = sqlite3_step (list)) == SQLITE_ROW)
    {
      Table *t = g_new0 (Table, 1);

      t->name = g_strdup ((const char *) sqlite3_column_text (list, 0));
      t->columns = g_ptr_array_new_with_free_func (g_free);
      t->kinds = g_array_new (FALSE, FALSE, sizeof (Kind));
      t->key = g_ptr_array_new_with_free_func (g_free);
      t->references = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (found, t);
      if (!read_columns (source, t, server_kinds, error))
        return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (source, rc, error);
      return NULL;
    }
  if (g_hash_table_size (server_kinds) > 0)
    {
      GHashTableIter iter;
      const char *extra;

      g_hash_table_iter_init (&iter, server_kinds);
      g_hash_table_iter_next (&iter, (gpointer *) &extra, NULL);
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("The server's database structure has a column %s the file does not have: this program's "
                     "structure files do not match. Reinstall Muying"), extra);
      return NULL;
    }

  while (found->len > 0)
    {
      guint before = found->len;

      for (guint i = 0; i < found->len;)
        {
          Table *t = g_ptr_array_index (found, i);
          gboolean ready = TRUE;

          for (guint r = 0; r < t->references->len && ready; r++)
            ready = g_hash_table_contains (placed, g_ptr_array_index (t->references, r));
          if (!ready)
            {
              i++;
              continue;
            }
          g_hash_table_add (placed, t->name);
          g_ptr_array_add (ordered, g_ptr_array_steal_index (found, i));
        }
      if (found->len == before)
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                       _("The tables of the database refer to each other in a circle (%s): they cannot be copied "
                         "one after another"), ((Table *) g_ptr_array_index (found, 0))->name);
          return NULL;
        }
    }
  return g_steal_pointer (&ordered);
}

/* ---- values ------------------------------------------------------------------------------ */

/* One value into the digest: its kind, then the canonical text (length-prefixed for text). */
static void
digest_value (GChecksum  *sum,
              Kind        kind,
              const char *text,
              gsize       len)
{
  char head[32];

  if (text == NULL)
    {
      g_checksum_update (sum, (const guchar *) "N\x1f", 2);
      return;
    }
  if (kind == KIND_TEXT)
    g_snprintf (head, sizeof head, "T%" G_GSIZE_FORMAT ":", len);
  else
    g_snprintf (head, sizeof head, "%c", kind == KIND_INT ? 'I' : 'R');
  g_checksum_update (sum, (const guchar *) head, -1);
  g_checksum_update (sum, (const guchar *) text, (gssize) len);
  g_checksum_update (sum, (const guchar *) "\x1f", 1);
}

static void
format_real (double  v,
             char   *buffer)
{
  if (isinf (v))
    strcpy (buffer, v > 0 ? "Infinity" : "-Infinity");
  else
    g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", v);
}

static void
append_copy_text (GString    *out,
                  const char *text,
                  gsize       len)
{
  for (gsize i = 0; i < len; i++)
    switch (text[i])
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '\t': g_string_append (out, "\\t"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      default: g_string_append_c (out, text[i]); break;
      }
}

/* Appends column @i of the source row to the COPY line and the digest, converted to the server
 * column's kind; FALSE with @why when it cannot arrive unchanged. */
static gboolean
convert_value (sqlite3_stmt *row,
               int           i,
               Kind          kind,
               GString      *out,
               GChecksum    *sum,
               const char  **why)
{
  int type = sqlite3_column_type (row, i);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 16];
  const char *text;
  gsize len;

  if (type == SQLITE_NULL)
    {
      g_string_append (out, "\\N");
      digest_value (sum, kind, NULL, 0);
      return TRUE;
    }
  switch (kind)
    {
    case KIND_INT:
      if (type == SQLITE_INTEGER)
        g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (row, i));
      else if (type == SQLITE_FLOAT && sqlite3_column_double (row, i) == floor (sqlite3_column_double (row, i)) &&
               fabs (sqlite3_column_double (row, i)) < 9.0e15)
        g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_double (row, i));
      else
        {
          *why = N_("a whole number is expected");
          return FALSE;
        }
      break;
    case KIND_REAL:
      if (type == SQLITE_INTEGER && llabs (sqlite3_column_int64 (row, i)) < (1LL << 53))
        format_real ((double) sqlite3_column_int64 (row, i), buffer);
      else if (type == SQLITE_FLOAT)
        format_real (sqlite3_column_double (row, i), buffer);
      else
        {
          *why = N_("a number is expected");
          return FALSE;
        }
      break;
    case KIND_TEXT:
    default:
      text = (const char *) sqlite3_column_text (row, i);
      len = (gsize) sqlite3_column_bytes (row, i);
      if (memchr (text, '\0', len) != NULL || !g_utf8_validate_len (text, len, NULL))
        {
          *why = N_("it is not valid UTF-8 text");
          return FALSE;
        }
      append_copy_text (out, text, len);
      digest_value (sum, kind, text, len);
      return TRUE;
    }
  g_string_append (out, buffer);
  digest_value (sum, kind, buffer, strlen (buffer));
  return TRUE;
}

/* ---- copying ----------------------------------------------------------------------------- */

static char *
column_list (Table      *t,
             GPtrArray  *columns,
             gboolean    collate_text)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < columns->len; i++)
    {
      g_autofree char *q = quote_ident (g_ptr_array_index (columns, i));

      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, q);
      if (collate_text)
        for (guint c = 0; c < t->columns->len; c++)
          if (strcmp (g_ptr_array_index (t->columns, c), g_ptr_array_index (columns, i)) == 0 &&
              g_array_index (t->kinds, Kind, c) == KIND_TEXT)
            g_string_append (s, " COLLATE \"C\"");
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
put_copy (MuyingServer  *server,
          GString       *out,
          GError       **error)
{
  if (out->len > 0 && PQputCopyData (_muying_server_get_conn (server), out->str, (int) out->len) != 1)
    return _muying_server_set_error (server, NULL, error);
  g_string_truncate (out, 0);
  return TRUE;
}

/* Ends the COPY and reads its result. */
static gboolean
end_copy (MuyingServer  *server,
          GError       **error)
{
  PGconn *conn = _muying_server_get_conn (server);
  gboolean ok = TRUE;
  PGresult *res;

  if (PQputCopyEnd (conn, NULL) != 1)
    return _muying_server_set_error (server, NULL, error);
  while ((res = PQgetResult (conn)) != NULL)
    {
      if (ok && PQresultStatus (res) != PGRES_COMMAND_OK)
        ok = _muying_server_set_error (server, res, error);
      PQclear (res);
    }
  return ok;
}

/* Cancels the COPY: the server fails it, and the transaction with it (the caller has the error). */
static void
abort_copy (MuyingServer *server)
{
  PGconn *conn = _muying_server_get_conn (server);
  PGresult *res;

  if (PQputCopyEnd (conn, "the copy was stopped by the client") == 1)
    while ((res = PQgetResult (conn)) != NULL)
      PQclear (res);
}

/* The source row's key for messages: "id = 81", "record_id = 5, code = R3". */
static char *
describe_key (Table        *t,
              sqlite3_stmt *row)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < t->key->len; k++)
    for (guint c = 0; c < t->columns->len; c++)
      if (strcmp (g_ptr_array_index (t->key, k), g_ptr_array_index (t->columns, c)) == 0)
        g_string_append_printf (s, "%s%s = %s", k > 0 ? ", " : "", (const char *) g_ptr_array_index (t->key, k),
                                sqlite3_column_type (row, (int) c) != SQLITE_NULL
                                ? (const char *) sqlite3_column_text (row, (int) c) : "NULL");
  return g_string_free (s, FALSE);
}

static gboolean
copy_table (MuyingStore   *source,
            MuyingServer  *server,
            Table         *t,
            gint64        *n_rows,
            char         **digest,
            GError       **error)
{
  g_autofree char *name = quote_ident (t->name);
  g_autofree char *columns = column_list (t, t->columns, FALSE);
  g_autofree char *key = column_list (t, t->key, FALSE);
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", columns, name, key);
  g_autofree char *copy = g_strdup_printf ("COPY %s (%s) FROM STDIN", name, columns);
  g_autoptr(sqlite3_stmt) rows = muying_store_prepare (source, select, error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) out = g_string_sized_new (COPY_CHUNK + 4096);
  g_autoptr(PGresult) started = NULL;
  gboolean ok = TRUE;
  gint64 n = 0;
  int rc;

  if (rows == NULL)
    return FALSE;
  started = PQexec (_muying_server_get_conn (server), copy);
  if (PQresultStatus (started) != PGRES_COPY_IN)
    return _muying_server_set_error (server, started, error);
  while (ok && (rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      n++;
      for (int i = 0; ok && i < (int) t->columns->len; i++)
        {
          const char *why = NULL;

          if (i > 0)
            g_string_append_c (out, '\t');
          if (!convert_value (rows, i, g_array_index (t->kinds, Kind, i), out, sum, &why))
            {
              g_autofree char *row = describe_key (t, rows);

              /* TRANSLATORS: the table, its key ("id = 81"), the column, its value, why it cannot be copied */
              g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                           _("The row of the table %s with %s cannot be copied unchanged: the column %s holds “%s”, "
                             "but %s. Correct it in the file first"),
                           t->name, row, (const char *) g_ptr_array_index (t->columns, i),
                           (const char *) sqlite3_column_text (rows, i), _(why));
              ok = FALSE;
            }
        }
      g_string_append_c (out, '\n');
      g_checksum_update (sum, (const guchar *) "\x1e", 1);
      if (ok && out->len >= COPY_CHUNK)
        ok = put_copy (server, out, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = muying_store_set_error (source, rc, error);
  if (!ok || !put_copy (server, out, error))
    {
      abort_copy (server);
      return FALSE;
    }
  if (!end_copy (server, error))
    return FALSE;
  *n_rows = n;
  *digest = g_strdup (g_checksum_get_string (sum));
  return TRUE;
}

/* The identity counters continue after the copied ids. */
static gboolean
set_identities (MuyingServer  *server,
                GError       **error)
{
  g_autoptr(PGresult) ids = _muying_server_query (server,
                                                  "SELECT table_name, column_name FROM information_schema.columns "
                                                  "WHERE table_schema = current_schema() AND is_identity = 'YES'",
                                                  0, NULL, error);

  if (ids == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (ids); i++)
    {
      g_autofree char *table = quote_ident (PQgetvalue (ids, i, 0));
      g_autofree char *column = quote_ident (PQgetvalue (ids, i, 1));
      g_autofree char *sql = g_strdup_printf ("SELECT setval(pg_get_serial_sequence($1, $2), "
                                              "COALESCE((SELECT max(%s) FROM %s), 0) + 1, false)", column, table);
      const char *params[] = { PQgetvalue (ids, i, 0), PQgetvalue (ids, i, 1) };
      g_autoptr(PGresult) res = _muying_server_query (server, sql, 2, params, error);

      if (res == NULL)
        return FALSE;
    }
  return TRUE;
}

/* ---- reading back ------------------------------------------------------------------------ */

/* Undoes, in place, the escapes COPY TO writes in its text format (CopyAttributeOutText): a
 * backslash before b, f, n, r, t or v for that control character, or before a backslash or the
 * delimiter for the character itself. It writes no octal or \x escapes: other control
 * characters and every other byte come as they are. Returns the length. */
static gsize
unescape (char *field)
{
  char *in = field, *out = field;

  while (*in != '\0')
    {
      char c = *in++;

      if (c == '\\' && *in != '\0')
        switch (c = *in++)
          {
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case 'n': c = '\n'; break;
          case 'r': c = '\r'; break;
          case 't': c = '\t'; break;
          case 'v': c = '\v'; break;
          default: break;
          }
      *out++ = c;
    }
  *out = '\0';
  return (gsize) (out - field);
}

typedef void (*RowFunc) (char **fields, gsize *lengths, guint n, gpointer data);

/* Runs COPY (@query) TO STDOUT and hands each row's @n_columns fields (NULL for SQL NULL) to
 * @func. @table names the copy in the message when a row does not have @n_columns fields. */
static gboolean
copy_out (MuyingServer  *server,
          const char    *table,
          const char    *query,
          guint          n_columns,
          RowFunc        func,
          gpointer       data,
          GError       **error)
{
  PGconn *conn = _muying_server_get_conn (server);
  g_autofree char *copy = g_strdup_printf ("COPY (%s) TO STDOUT", query);
  g_autoptr(PGresult) started = PQexec (conn, copy);
  g_autofree char **fields = g_new0 (char *, n_columns);
  g_autofree gsize *lengths = g_new0 (gsize, n_columns);
  gboolean ok = TRUE, complete = TRUE;
  PGresult *res;
  char *line;
  int len;

  if (PQresultStatus (started) != PGRES_COPY_OUT)
    return _muying_server_set_error (server, started, error);
  while ((len = PQgetCopyData (conn, &line, 0)) > 0)
    {
      char *field = line;
      guint n = 0;

      if (line[len - 1] == '\n')
        line[len - 1] = '\0';
      /* a tab in a value comes escaped: each tab ends a field */
      for (; field != NULL && n < n_columns; n++)
        {
          char *tab = strchr (field, '\t');

          if (tab != NULL)
            *tab++ = '\0';
          if (strcmp (field, "\\N") == 0)
            fields[n] = NULL, lengths[n] = 0;
          else
            lengths[n] = unescape (field), fields[n] = field;
          field = tab;
        }
      if (n == n_columns && field == NULL)
        func (fields, lengths, n_columns, data);
      else
        complete = FALSE;
      PQfreemem (line);
    }
  if (len == -2)
    return _muying_server_set_error (server, NULL, error);
  while ((res = PQgetResult (conn)) != NULL)
    {
      if (ok && PQresultStatus (res) != PGRES_COMMAND_OK)
        ok = _muying_server_set_error (server, res, error);
      PQclear (res);
    }
  if (ok && !complete)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("The copy of the table %s on the server could not be read back"), table);
      return FALSE;
    }
  return ok;
}

typedef struct
{
  Table     *table;
  GChecksum *sum;
  gint64     rows;
} DigestRead;

static void
digest_row (char   **fields,
            gsize   *lengths,
            guint    n,
            gpointer data)
{
  DigestRead *d = data;

  d->rows++;
  for (guint i = 0; i < n; i++)
    {
      Kind kind = g_array_index (d->table->kinds, Kind, i);

      if (kind == KIND_REAL && fields[i] != NULL)
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE + 16];

          format_real (g_ascii_strtod (fields[i], NULL), buffer);
          digest_value (d->sum, kind, buffer, strlen (buffer));
        }
      else
        digest_value (d->sum, kind, fields[i], lengths[i]);
    }
  g_checksum_update (d->sum, (const guchar *) "\x1e", 1);
}

static gboolean
verify_table (MuyingServer         *server,
              Table                *t,
              MuyingMigratedTable  *copied,
              GError              **error)
{
  g_autofree char *name = quote_ident (t->name);
  g_autofree char *columns = column_list (t, t->columns, FALSE);
  g_autofree char *key = column_list (t, t->key, TRUE);
  g_autofree char *query = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", columns, name, key);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  DigestRead d = { t, sum, 0 };

  if (!copy_out (server, t->name, query, t->columns->len, digest_row, &d, error))
    return FALSE;
  if (d.rows != copied->rows)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                   _("The table %s on the server has %lld rows after copying, the file %lld: the migration was "
                     "undone"), t->name, (long long) d.rows, (long long) copied->rows);
      return FALSE;
    }
  if (strcmp (g_checksum_get_string (sum), copied->digest) != 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                   _("The table %s on the server differs from the file after copying (the same %lld rows, but not "
                     "the same values): the migration was undone"), t->name, (long long) d.rows);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  MuyingAuditChain *chain;
  gint64            first_bad;
} ChainRead;

static void
chain_row (char   **f,
           gsize   *lengths,
           guint    n,
           gpointer data)
{
  ChainRead *c = data;
  MuyingAuditEntry e = {
    .id = g_ascii_strtoll (f[0], NULL, 10), .at = f[1], .user = f[2], .action = f[3], .entity = f[4],
    .entity_id = f[5] != NULL ? g_ascii_strtoll (f[5], NULL, 10) : 0, .detail = f[6], .prev_hash = f[7],
    .hash = f[8], .seal = f[9],
  };

  if (_muying_audit_chain_feed (c->chain, &e) != 0 && c->first_bad == 0)
    c->first_bad = e.id;
}

/* The audit chain on the server, entry by entry, must end where the file's does. */
static gboolean
verify_chain (MuyingStore          *source,
              MuyingServer         *server,
              MuyingMigrateResult  *result,
              GError              **error)
{
  g_autoptr(MuyingAuditChain) chain = _muying_audit_chain_new (_muying_store_get_keyring (source));
  ChainRead c = { chain, 0 };
  g_autofree char *source_hash = NULL;
  gint64 source_id = 0;

  if (!copy_out (server, "audit", "SELECT id, at, user_name, action, entity, entity_id, detail, prev_hash, hash, seal "
                         "FROM audit ORDER BY id", 10, chain_row, &c, error))
    return FALSE;
  if (c.first_bad != 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                   _("The audit trail on the server does not verify (first at entry %lld): the migration was "
                     "undone"), (long long) c.first_bad);
      return FALSE;
    }
  muying_store_get_audit_head (source, &source_id, &source_hash);   /* source_hash stays NULL when empty */
  if (g_strcmp0 (_muying_audit_chain_get_head (chain), source_hash) != 0 ||
      (source_hash != NULL && !_muying_audit_chain_is_keyed (chain) &&
       muying_store_get_schema_version (source) >= MUYING_STORE_KEYED_AUDIT_VERSION))
    {
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                           _("The audit trail on the server does not end at the file's newest entry, or has no "
                             "keyed entry: the migration was undone"));
      return FALSE;
    }
  result->audit_entries = _muying_audit_chain_get_count (chain);
  result->audit_head = g_strdup (_muying_audit_chain_get_head (chain));
  return TRUE;
}

/* ---- the statistics ----------------------------------------------------------------------- */

/* The first and last statistical year with records in the file; FALSE when it has none. */
static gboolean
read_years (MuyingStore  *source,
            int          *first,
            int          *last,
            GError      **error)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (source, "SELECT min(record_date), max(record_date) FROM record",
                                                      error);
  GDate from, to;
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_ROW)
    return muying_store_set_error (source, rc, error);
  if (muying_sql_column_type (stmt, 0) == SQLITE_NULL)
    {
      *first = 1;
      *last = 0;
      return TRUE;
    }
  if (!muying_date_parse ((const char *) muying_sql_column_text (stmt, 0), &from, NULL) ||
      !muying_date_parse ((const char *) muying_sql_column_text (stmt, 1), &to, NULL))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                   _("The records' dates of the file cannot be read (%s … %s)"),
                   muying_sql_column_text (stmt, 0), muying_sql_column_text (stmt, 1));
      return FALSE;
    }
  *first = muying_period_statistical_year_of (&from);
  *last = muying_period_statistical_year_of (&to);
  return TRUE;
}

static gboolean
stats_equal (const MuyingStatsReport *a,
             const MuyingStatsReport *b)
{
  if (memcmp (a->total, b->total, sizeof *a->total) != 0 || a->months->len != b->months->len ||
      a->age_groups->len != b->age_groups->len)
    return FALSE;
  for (guint i = 0; i < a->months->len; i++)
    if (memcmp (g_ptr_array_index (a->months, i), g_ptr_array_index (b->months, i), sizeof (MuyingStats)) != 0)
      return FALSE;
  for (guint i = 0; i < a->age_groups->len; i++)
    if (memcmp (g_ptr_array_index (a->age_groups, i), g_ptr_array_index (b->age_groups, i),
                sizeof (MuyingStats)) != 0)
      return FALSE;
  return TRUE;
}

/* The first indicator whose counts differ (NULL: all equal). */
static const MuyingIndicator *
indicators_differ (const MuyingIndicators *a,
                   const MuyingIndicators *b,
                   const MuyingIndicator **other)
{
  for (guint i = 0; i < a->indicators->len; i++)
    {
      const MuyingIndicator *x = g_ptr_array_index (a->indicators, i);
      const MuyingIndicator *y = i < b->indicators->len ? g_ptr_array_index (b->indicators, i) : NULL;
      gboolean same = y != NULL && g_strcmp0 (x->id, y->id) == 0 && x->n == y->n && x->has_d == y->has_d &&
                      (!x->has_d || x->d == y->d) && x->external == y->external && x->d_missing == y->d_missing &&
                      (x->parts == NULL) == (y->parts == NULL) && (x->parts == NULL || x->parts->len == y->parts->len);

      for (guint k = 0; same && x->parts != NULL && k < x->parts->len; k++)
        {
          const MuyingIndicatorPart *p = g_ptr_array_index (x->parts, k);
          const MuyingIndicatorPart *q = g_ptr_array_index (y->parts, k);

          same = g_strcmp0 (p->group, q->group) == 0 && g_strcmp0 (p->key, q->key) == 0 && p->count == q->count;
        }
      if (!same)
        {
          *other = y;
          return x;
        }
    }
  *other = NULL;
  return NULL;
}

/* The copy's values were already compared one by one: this checks that the server's reading
 * of them (its SQL, its comparisons of dates and text) gives the bureau the same figures. */
gboolean
_muying_store_compare_statistics (MuyingStore  *source,
                                  MuyingStore  *copy,
                                  gint64       *n_years,
                                  GError      **error)
{
  GDate today;
  int first = 1, last = 0;

  muying_date_today (&today);
  if (!read_years (source, &first, &last, error))
    return FALSE;
  for (int year = first; year <= last; year++)
    {
      g_autoptr(MuyingStatsReport) here = NULL;
      g_autoptr(MuyingStatsReport) there = NULL;
      g_autoptr(MuyingIndicators) bureau_here = NULL;
      g_autoptr(MuyingIndicators) bureau_there = NULL;
      const MuyingIndicator *differs, *other;
      MuyingPeriod period;

      muying_period_init_statistical_year (&period, year);
      here = muying_stats_compute_report (source, &period, MUYING_STATS_MONTHS | MUYING_STATS_AGE_GROUPS, &today,
                                          NULL, error);
      if (here == NULL)
        return FALSE;
      bureau_here = muying_store_compute_indicators (source, &period, error);
      if (bureau_here == NULL)
        return FALSE;
      there = muying_stats_compute_report (copy, &period, MUYING_STATS_MONTHS | MUYING_STATS_AGE_GROUPS, &today,
                                           NULL, error);
      if (there != NULL)
        bureau_there = muying_store_compute_indicators (copy, &period, error);
      if (bureau_there == NULL)
        {
          g_prefix_error (error, _("The statistics of %d could not be computed on the server: "), year);
          return FALSE;
        }
      if (!stats_equal (here, there))
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                       _("The statistics of %d computed on the server differ from the file's: the migration was "
                         "undone, nothing was written"), year);
          return FALSE;
        }
      differs = indicators_differ (bureau_here, bureau_there, &other);
      if (differs != NULL)
        {
          /* TRANSLATORS: the year, an indicator ("P4"), its numerator and denominator in the file
           * and on the server */
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                       _("The indicators of %d computed on the server differ from the file's (%s: %lld/%lld in the "
                         "file, %lld/%lld on the server): the migration was undone, nothing was written"),
                       year, differs->id, (long long) differs->n, (long long) differs->d,
                       (long long) (other ? other->n : -1), (long long) (other ? other->d : -1));
          return FALSE;
        }
      (*n_years)++;
    }
  return TRUE;
}

static gboolean
verify_statistics (MuyingStore          *source,
                   MuyingServer         *server,
                   MuyingMigrateResult  *result,
                   GError              **error)
{
  g_autoptr(MuyingStore) copy = _muying_store_new_on_server (server);

  return _muying_store_compare_statistics (source, copy, &result->stats_years, error);
}

/* ---- the whole ---------------------------------------------------------------------------- */

static gboolean
migrate (MuyingStore            *source,
         MuyingServer           *server,
         MuyingMigrateProgress   progress,
         gpointer                user_data,
         MuyingMigrateResult    *result,
         GError                **error)
{
  g_autoptr(GPtrArray) tables = NULL;

  /* The read-back compares numbers exactly: the server prints each double in its shortest exact
   * form whatever the database or account sets (extra_float_digits 0 or less rounds to 15
   * digits, and a copy that arrived whole would be refused). */
  if (!_muying_server_exec (server, "BEGIN; SET LOCAL extra_float_digits = 3", error) ||
      !create_schema (server, error))
    return FALSE;
  tables = read_tables (source, server, error);
  if (tables == NULL)
    return FALSE;
  for (guint i = 0; i < tables->len; i++)
    {
      Table *t = g_ptr_array_index (tables, i);
      MuyingMigratedTable *copied = g_new0 (MuyingMigratedTable, 1);

      copied->table = g_strdup (t->name);
      g_ptr_array_add (result->tables, copied);
      if (!copy_table (source, server, t, &copied->rows, &copied->digest, error))
        return FALSE;
      if (progress != NULL)
        progress (t->name, copied->rows, user_data);
    }
  if (!set_identities (server, error))
    return FALSE;
  if (progress != NULL)
    progress (NULL, 0, user_data);
  for (guint i = 0; i < tables->len; i++)
    if (!verify_table (server, g_ptr_array_index (tables, i), g_ptr_array_index (result->tables, i), error))
      return FALSE;
  /* The planner's statistics of the copied tables (COPY leaves none), for the statistics below
   * and for the first days of work on the server. */
  if (!_muying_server_exec (server, "ANALYZE", error))
    return FALSE;
  if (!verify_chain (source, server, result, error) || !verify_statistics (source, server, result, error))
    return FALSE;
  return _muying_server_exec (server, "COMMIT", error);
}

/* The connection was lost at the COMMIT: the server either committed the whole verified copy or
 * nothing (its commit is atomic), and only asking it again tells which. TRUE when it did. */
static gboolean
committed_anyway (const char  *location,
                  const char  *password,
                  const char  *label,
                  GError     **error)
{
  g_autoptr(MuyingServer) again = _muying_server_connect (location, password, NULL);
  int version = 0;

  if (again == NULL || !_muying_server_read_version (again, &version, NULL))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE,
                   _("The connection to the database server %s was lost while the verified copy was being "
                     "committed, and the server cannot be asked whether it was. Once it answers, run the command "
                     "again: if it then says the database already is a Muying database, the copy was saved "
                     "whole"), label);
      return FALSE;
    }
  if (version == 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE,
                   _("The connection to the database server %s was lost while the copy was being committed: the "
                     "server saved nothing. Run the command again"), label);
      return FALSE;
    }
  return TRUE;
}

MuyingMigrateResult *
muying_store_migrate_to_server (MuyingStore            *source,
                                const char             *location,
                                const char             *password,
                                MuyingMigrateProgress   progress,
                                gpointer                user_data,
                                GError                **error)
{
  g_autoptr(MuyingServer) server = NULL;
  g_autoptr(MuyingMigrateResult) result = NULL;
  g_autoptr(GError) local = NULL;
  int version = 0;
  gboolean ok;

  g_return_val_if_fail (MUYING_IS_STORE (source), NULL);

  server = _muying_server_connect (location, password, error);
  if (server == NULL || !_muying_server_read_version (server, &version, error))
    return NULL;
  if (version != 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("The server database %s already is a Muying database (structure version %d): a file is only "
                     "moved into an empty database. Nothing was written"), _muying_server_get_label (server), version);
      return NULL;
    }

  /* A trail that does not verify here would be copied as it is, and verified as broken there.
   * Read after connecting: a server that asks for a password is answered before the whole trail
   * is read, and the command that retries with the typed password does not read it twice. */
  if (!muying_store_verify_audit (source, NULL, &local))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                   _("The audit trail of the database file does not verify, so its copy could not be verified "
                     "either: %s. Run “muying-cli check” and resolve what it finds first. Nothing was written"),
                   local->message);
      return NULL;
    }

  result = g_new0 (MuyingMigrateResult, 1);
  result->server = g_strdup (_muying_server_get_label (server));
  result->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) migrated_table_free);
  if (!muying_store_exec (source, "BEGIN", error))
    return NULL;
  ok = migrate (source, server, progress, user_data, result, &local);
  muying_store_exec (source, "COMMIT", NULL);   /* ends the read */
  if (!ok && result->audit_head != NULL &&
      g_error_matches (local, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE))
    {
      /* verified, then lost at the commit */
      g_clear_error (&local);
      ok = committed_anyway (location, password, result->server, &local);
    }
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      /* a lost connection rolls back on the server by itself */
      if (PQstatus (_muying_server_get_conn (server)) == CONNECTION_OK &&
          PQtransactionStatus (_muying_server_get_conn (server)) != PQTRANS_IDLE)
        _muying_server_exec (server, "ROLLBACK", NULL);
      return NULL;
    }
  return g_steal_pointer (&result);
}
