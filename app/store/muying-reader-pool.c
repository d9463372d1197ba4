/* muying-reader-pool.c: idle read connections to a server database, kept between searches
 *
 * A window runs each search, and each count of a list, in a thread on a connection of its own, so
 * that the window's connection stays free for saving. On a file, opening one is cheap. On a
 * server it costs a TCP (and, across a network, TLS) handshake, the sign-in and the checks of
 * muying_store_open: milliseconds per key typed. The pool keeps a few such connections idle
 * between searches. A connection the server closed meanwhile is made again by its next query
 * (muying-sql-server.c). Files are opened each time: a file replaced by a restore must be read
 * from its new self.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <gio/gio.h>

#include "muying-reader-pool.h"
#include "muying-store-location.h"
#include "muying-store-sql.h"

/* A search and the count of its matches run at once; the window's lists take turns. */
#define MAX_IDLE 2

static GMutex pool_lock;
static GPtrArray *idle;   /* MuyingStore, most recently given back last */
static guint n_opened, n_reused;

MuyingStore *
muying_reader_pool_take (const char  *location,
                         GError     **error)
{
  MuyingStore *reader = NULL;

  g_return_val_if_fail (location != NULL, NULL);

  if (muying_store_location_is_server (location))
    {
      g_mutex_lock (&pool_lock);
      for (guint i = idle != NULL ? idle->len : 0; reader == NULL && i > 0; i--)
        if (g_strcmp0 (muying_store_get_path (g_ptr_array_index (idle, i - 1)), location) == 0)
          {
            reader = g_ptr_array_steal_index (idle, i - 1);
            n_reused++;
          }
      g_mutex_unlock (&pool_lock);
      if (reader != NULL)
        return reader;
    }
  reader = muying_store_open (location, error);
  /* Kept idle, it would not read other programs' commit notices, and the server keeps every
   * notice until each listener has read it. */
  if (reader != NULL && muying_store_is_server (reader) && !muying_store_stop_listening (reader, error))
    g_clear_object (&reader);
  if (reader != NULL)
    {
      g_mutex_lock (&pool_lock);
      n_opened++;
      g_mutex_unlock (&pool_lock);
    }
  return reader;
}

void
muying_reader_pool_give (MuyingStore  *reader,
                         GCancellable *cancellable)
{
  MuyingStore *dropped = NULL;

  if (reader == NULL)
    return;
  /* (a search cancelled inside its transaction leaves one open; a cancel request sent late would
   * stop the next query: such a connection is not reused) */
  if (!muying_store_is_server (reader) || muying_sql_in_transaction (muying_store_get_sql (reader)) ||
      g_cancellable_is_cancelled (cancellable))
    {
      g_object_unref (reader);
      return;
    }
  g_mutex_lock (&pool_lock);
  if (idle == NULL)
    idle = g_ptr_array_new ();
  g_ptr_array_add (idle, reader);
  if (idle->len > MAX_IDLE)
    dropped = g_ptr_array_steal_index (idle, 0);
  g_mutex_unlock (&pool_lock);
  /* closed outside the lock: closing talks to the server */
  g_clear_object (&dropped);
}

void
muying_reader_pool_clear (void)
{
  g_autoptr(GPtrArray) closing = NULL;

  g_mutex_lock (&pool_lock);
  closing = g_steal_pointer (&idle);
  g_mutex_unlock (&pool_lock);
  for (guint i = 0; closing != NULL && i < closing->len; i++)
    g_object_unref (g_ptr_array_index (closing, i));
}

void
muying_reader_pool_get_counts (guint *opened,
                               guint *reused)
{
  g_mutex_lock (&pool_lock);
  if (opened != NULL)
    *opened = n_opened;
  if (reused != NULL)
    *reused = n_reused;
  g_mutex_unlock (&pool_lock);
}
