/* muying-store-audit.c: the append-only, hash-chained audit trail
 *
 * Each row's hash covers the previous row's hash and the row's own fields, so changing or
 * removing a row anywhere breaks the chain from there on; the triggers of the schema make
 * UPDATE and DELETE fail for ordinary use, and muying_store_verify_audit finds direct edits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-error.h"
#include "muying-store.h"
#include "muying-store-private.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static char *
compute_hash (const char *prev_hash,
              const char *at,
              const char *user,
              const char *action,
              const char *entity,
              gint64      entity_id,
              const char *detail)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  char id_text[32];
  /* U+001F (unit separator) between fields: it cannot occur in any of them by accident. */
  const char *parts[] = { prev_hash, at, user ? user : "", action, entity ? entity : "", id_text,
                          detail ? detail : "" };

  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, entity_id);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (i > 0)
        g_checksum_update (sum, (const guchar *) "\x1f", 1);
      g_checksum_update (sum, (const guchar *) parts[i], -1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

gboolean
muying_store_audit (MuyingStore *self,
                    const char  *user,
                    const char  *action,
                    const char  *entity,
                    gint64       entity_id,
                    const char  *detail,
                    GError     **error)
{
  sqlite3 *db = muying_store_get_handle (self);
  g_autoptr(MuyingStmt) last = NULL;
  g_autoptr(MuyingStmt) insert = NULL;
  g_autofree char *at = _muying_store_now_iso ();
  g_autofree char *prev = NULL;
  g_autofree char *hash = NULL;
  int rc;

  g_return_val_if_fail (action != NULL, FALSE);

  if (_muying_store_get_last_audit_hash (self) != NULL)
    prev = g_strdup (_muying_store_get_last_audit_hash (self));
  else
    {
      last = muying_store_prepare_cached (self, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", error);
      if (last == NULL)
        return FALSE;
      rc = sqlite3_step (last);
      if (rc == SQLITE_ROW)
        prev = g_strdup ((const char *) sqlite3_column_text (last, 0));
      else if (rc == SQLITE_DONE)
        prev = g_strdup (GENESIS_HASH);
      else
        return muying_store_set_error (self, rc, error);
    }

  hash = compute_hash (prev, at, user, action, entity, entity_id, detail);
  insert = muying_store_prepare_cached (self,
                                 "INSERT INTO audit (at, user_name, action, entity, entity_id, detail, "
                                 "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, user, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, entity, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 5, entity_id);
  sqlite3_bind_text (insert, 6, detail, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, prev, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    return muying_store_set_error (self, rc, error);
  _muying_store_set_last_audit_hash (self, hash);
  (void) db;
  return TRUE;
}

/**
 * muying_store_verify_audit:
 * @first_bad_id: (out) (optional): the first row whose hash or link is wrong, 0 when none
 *
 * Returns: %TRUE when the whole chain verifies; %FALSE with @error set on a broken chain
 * (MUYING_STORE_ERROR_CORRUPT) or a database error.
 */
gboolean
muying_store_verify_audit (MuyingStore *self,
                           gint64      *first_bad_id,
                           GError     **error)
{
  g_autoptr(MuyingStmt) stmt = NULL;
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  int rc;

  if (first_bad_id != NULL)
    *first_bad_id = 0;
  stmt = muying_store_prepare_cached (self,
                               "SELECT id, at, user_name, action, entity, entity_id, detail, prev_hash, hash "
                               "FROM audit ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 7);
      const char *stored_hash = (const char *) sqlite3_column_text (stmt, 8);
      g_autofree char *expected =
        compute_hash (prev,
                      (const char *) sqlite3_column_text (stmt, 1),
                      (const char *) sqlite3_column_text (stmt, 2),
                      (const char *) sqlite3_column_text (stmt, 3),
                      (const char *) sqlite3_column_text (stmt, 4),
                      sqlite3_column_int64 (stmt, 5),
                      (const char *) sqlite3_column_text (stmt, 6));

      if (g_strcmp0 (stored_prev, prev) != 0 || g_strcmp0 (stored_hash, expected) != 0)
        {
          if (first_bad_id != NULL)
            *first_bad_id = id;
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT,
                       _("The audit trail was altered at entry %lld"), (long long) id);
          return FALSE;
        }
      g_free (prev);
      prev = g_strdup (stored_hash);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (self, rc, error);
  return TRUE;
}

void
muying_audit_row_free (MuyingAuditRow *row)
{
  if (row == NULL)
    return;
  g_free (row->at);
  g_free (row->user);
  g_free (row->action);
  g_free (row->entity);
  g_free (row->detail);
  g_free (row);
}

GPtrArray *
muying_store_list_audit (MuyingStore *self,
                         const char  *text,
                         const char  *from,
                         const char  *to,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(MuyingStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_audit_row_free);
  int rc;

  /* at is ISO 8601 UTC text, so a date prefix compares correctly. */
  stmt = muying_store_prepare_cached (self,
                               "SELECT id, at, user_name, action, entity, entity_id, detail FROM audit "
                               "WHERE (?1 IS NULL OR user_name = ?1 OR action = ?1 OR entity = ?1) "
                               "AND (?2 IS NULL OR at >= ?2) AND (?3 IS NULL OR at < date(?3, '+1 day')) "
                               "ORDER BY id DESC LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, text && *text ? text : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from && *from ? from : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to && *to ? to : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MuyingAuditRow *row = g_new0 (MuyingAuditRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->user = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->action = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      row->entity_id = sqlite3_column_int64 (stmt, 5);
      row->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}
