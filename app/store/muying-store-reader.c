/* muying-store-reader.c: a second connection reading the store's snapshot (muying-store-reader-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include "muying-server-private.h"
#include "muying-store-reader-private.h"
#include "muying-store-sql.h"

static void (*test_hook) (gpointer data);
static gpointer test_hook_data;

gboolean
_muying_store_reader_read_token (MuyingSql *db,
                                 gint64    *token)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_sql_prepare (db, "SELECT coalesce(max(id), 0) FROM audit", NULL);

  if (stmt == NULL || muying_sql_step (stmt) != SQLITE_ROW)
    return FALSE;
  *token = muying_sql_column_int64 (stmt, 0);
  return TRUE;
}

void
_muying_store_reader_close (MuyingSql *reader)
{
  if (reader == NULL)
    return;
  if (muying_sql_get_lite (reader) != NULL)
    sqlite3_close_v2 (muying_sql_get_lite (reader));
  muying_sql_free (reader);   /* a server's connection with it */
}

void
_muying_store_reader_set_test_hook (void   (*hook) (gpointer data),
                                    gpointer data)
{
  test_hook = hook;
  test_hook_data = data;
}

/* On a server: a second connection reading the store's own snapshot (exported by its
 * repeatable-read transaction), so the two halves see the same data. NULL when there is none:
 * the password was typed, not in the password file, or the store has no location of its own
 * (the migration's check runs on the migration's connection). */
static MuyingSql *
open_server_reader (MuyingStore *store)
{
  const char *snapshot = muying_sql_get_snapshot (muying_store_get_sql (store));
  const char *location = muying_store_get_path (store);
  g_autofree char *begin = NULL;
  MuyingServer *server;
  MuyingSql *reader;

  if (snapshot == NULL || location == NULL)
    return NULL;
  begin = g_strdup_printf ("BEGIN ISOLATION LEVEL REPEATABLE READ; SET TRANSACTION SNAPSHOT '%s'", snapshot);
  server = _muying_server_connect (location, NULL, NULL);
  if (server == NULL)
    return NULL;
  reader = muying_sql_new_server_owned (server);
  if (!muying_sql_exec (reader, begin, NULL))
    {
      muying_sql_free (reader);
      return NULL;
    }
  return reader;
}

MuyingSql *
_muying_store_reader_open (MuyingStore *store,
                           gint64       token)
{
  sqlite3 *main_db = muying_sql_get_lite (muying_store_get_sql (store));
  const char *path = main_db != NULL ? sqlite3_db_filename (main_db, "main") : NULL;
  sqlite3_vfs *vfs = NULL;
  sqlite3 *db = NULL;
  MuyingSql *reader;
  gint64 reader_token = -1;

  if (g_get_num_processors () < 2 || g_getenv ("MUYING_STATS_ONE_CONNECTION") != NULL)
    return NULL;
  if (main_db == NULL)
    return open_server_reader (store);
  if (path == NULL || *path == '\0')
    return NULL;
  if (sqlite3_file_control (main_db, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) != SQLITE_OK)
    vfs = NULL;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, vfs ? vfs->zName : NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  reader = muying_sql_new_lite (db);
  if (test_hook != NULL)
    test_hook (test_hook_data);
  if (!muying_sql_exec (reader, "BEGIN", NULL) || !_muying_store_reader_read_token (reader, &reader_token) ||
      reader_token != token)
    {
      g_debug ("no parallel reading (token %" G_GINT64_FORMAT " vs %" G_GINT64_FORMAT ")", reader_token, token);
      _muying_store_reader_close (reader);
      return NULL;
    }
  return reader;
}

typedef struct
{
  MuyingReaderItem  item;
  gpointer          side;
  guint             n_items;
  gint             *next;     /* shared: the index of the next item to take */
  gint             *failed;   /* shared: set by the side that failed */
  GError           *error;
  gboolean          ok;
} Half;

static gboolean
take_items (Half    *h,
            GError **error)
{
  gint i;

  while (!g_atomic_int_get (h->failed) && (i = g_atomic_int_add (h->next, 1)) < (gint) h->n_items)
    if (!h->item (h->side, (guint) i, error))
      {
        g_atomic_int_set (h->failed, 1);
        return FALSE;
      }
  return TRUE;
}

static gpointer
half_thread (gpointer data)
{
  Half *h = data;

  h->ok = take_items (h, &h->error);
  return NULL;
}

gboolean
_muying_store_reader_share (const char       *thread_name,
                            guint             n_items,
                            MuyingReaderItem  item,
                            gpointer          thread_side,
                            gpointer          here_side,
                            GError          **error)
{
  gint next = 0, failed = 0;
  Half other = { item, thread_side, n_items, &next, &failed, NULL, TRUE };
  Half here = { item, here_side, n_items, &next, &failed, NULL, TRUE };
  GThread *thread = g_thread_try_new (thread_name, half_thread, &other, NULL);
  gboolean ok = take_items (&here, error);

  if (thread != NULL)
    g_thread_join (thread);
  if (ok && !other.ok)
    {
      g_propagate_error (error, g_steal_pointer (&other.error));
      ok = FALSE;
    }
  g_clear_error (&other.error);
  return ok;
}
