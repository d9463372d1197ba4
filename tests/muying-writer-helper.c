/* muying-writer-helper.c: a writer for the crash and backup tests
 *
 *   muying-writer-helper DB [ROWS [PAUSE_US]]
 *
 * Opens DB through the program's own open path and commits numbered transactions forever:
 * transaction k appends ROWS (default 20) audit rows with entity "txn" and entity_id k, through
 * muying_store_begin / muying_store_audit / muying_store_commit, and only after the commit
 * returned prints "k" on its own line on stdout (flushed). Numbering continues after the
 * highest k already in the database. PAUSE_US (default 0) is a pause between transactions, so
 * that another connection waiting for the write lock gets it (a tight loop of BEGIN IMMEDIATE can
 * starve it). The test kills it with SIGKILL at a random moment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "muying-store-sql.h"
#include "muying-store.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 k = 1;
  int rows = 20;
  gulong pause_us = 0;

  if (argc < 2)
    {
      g_printerr ("usage: %s DB [ROWS [PAUSE_US]]\n", argv[0]);
      return 2;
    }
  if (argc > 2)
    rows = atoi (argv[2]);
  if (argc > 3)
    pause_us = strtoul (argv[3], NULL, 10);

  store = muying_store_create (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  stmt = muying_store_prepare (store, "SELECT coalesce(max(entity_id), 0) FROM audit WHERE entity = 'txn'", &error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_printerr ("cannot read the last transaction\n");
      return 1;
    }
  k = sqlite3_column_int64 (stmt, 0) + 1;
  g_clear_pointer (&stmt, sqlite3_finalize);

  for (;; k++)
    {
      gboolean ok = muying_store_begin (store, &error);

      for (int i = 0; ok && i < rows; i++)
        {
          g_autofree char *detail = g_strdup_printf ("{\"row\":%d}", i);

          ok = muying_store_audit (store, "writer", "test", "txn", k, detail, &error);
        }
      if (ok)
        ok = muying_store_commit (store, &error);
      else
        muying_store_rollback (store);
      if (!ok)
        {
          g_printerr ("transaction %" G_GINT64_FORMAT ": %s\n", k, error->message);
          return 1;
        }
      printf ("%" G_GINT64_FORMAT "\n", k);
      fflush (stdout);
      if (pause_us > 0)
        g_usleep (pause_us);
    }
  return 0;
}
