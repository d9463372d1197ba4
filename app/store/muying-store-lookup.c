/* muying-store-lookup.c: small read-only questions the windows ask about the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-store-sql.h"
#include "muying-error.h"
#include "muying-store-lookup.h"
#include "muying-store-private.h"

/* The single row of @stmt, or FALSE with @error set (an unexpected end is a failure too). */
static gboolean
step_row (MuyingStore  *self,
          MuyingSqlStmt *stmt,
          GError      **error)
{
  int rc = muying_sql_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  muying_store_set_error (self, rc == SQLITE_DONE ? SQLITE_ERROR : rc, error);
  return FALSE;
}

gboolean
muying_store_has_records (MuyingStore  *self,
                          gboolean     *has_records,
                          GError      **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  g_return_val_if_fail (has_records != NULL, FALSE);

  stmt = muying_store_query (self, "SELECT EXISTS (SELECT 1 FROM record)", error);
  if (stmt == NULL || !step_row (self, stmt, error))
    return FALSE;
  *has_records = muying_sql_column_int (stmt, 0) != 0;
  return TRUE;
}

gint64
muying_store_count_audit_rows (MuyingStore  *self,
                               GError      **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;

  g_return_val_if_fail (MUYING_IS_STORE (self), -1);

  stmt = muying_store_query (self, "SELECT count(*) FROM audit", error);
  if (stmt == NULL || !step_row (self, stmt, error))
    return -1;
  return muying_sql_column_int64 (stmt, 0);
}

static void
set_no_record (GError **error,
               gint64   record_id)
{
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
               _("Record %lld does not exist"), (long long) record_id);
}

gboolean
_muying_store_step_record (MuyingStore   *store,
                           MuyingSqlStmt  *stmt,
                           gint64         record_id,
                           GError       **error)
{
  int rc = muying_sql_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    set_no_record (error, record_id);
  else
    muying_store_set_error (store, rc, error);
  return FALSE;
}

gboolean
muying_store_get_record_program (MuyingStore    *self,
                                 gint64          record_id,
                                 MuyingProgram  *program,
                                 GError        **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  g_return_val_if_fail (program != NULL, FALSE);

  stmt = muying_store_query (self, "SELECT program FROM record WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, record_id);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW && muying_program_from_string ((const char *) muying_sql_column_text (stmt, 0), program))
    return TRUE;
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    set_no_record (error, record_id);
  else
    muying_store_set_error (self, rc, error);
  return FALSE;
}

gint64
muying_store_find_record_id (MuyingStore    *self,
                             MuyingProgram   program,
                             const char     *record_key,
                             GError        **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (self), -1);

  if (record_key == NULL)
    return 0;
  stmt = muying_store_query (self, "SELECT id FROM record WHERE program = ? AND record_key = ?", error);
  if (stmt == NULL)
    return -1;
  muying_sql_bind_text (stmt, 1, muying_program_to_string (program), -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 2, record_key, -1, SQLITE_TRANSIENT);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    return muying_sql_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;
  muying_store_set_error (self, rc, error);
  return -1;
}

gboolean
muying_store_get_record_result (MuyingStore    *self,
                                gint64          record_id,
                                MuyingLevel    *level,
                                char          **codes,
                                GError        **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  g_return_val_if_fail (level != NULL && codes != NULL, FALSE);

  stmt = muying_store_query (self,
                               "SELECT r.level, (SELECT group_concat(code, ';') FROM "
                               "(SELECT code FROM reason WHERE record_id = r.id ORDER BY code) AS codes) "
                               "FROM record r WHERE r.id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, record_id);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *level = (MuyingLevel) muying_sql_column_int (stmt, 0);
      *codes = g_strdup ((const char *) muying_sql_column_text (stmt, 1));
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    set_no_record (error, record_id);
  else
    muying_store_set_error (self, rc, error);
  return FALSE;
}
