/* muying-store-version.c: row versions, so that no write silently overwrites another's
 *
 * record.row_version and followup.row_version (schema step 8) go up by one with every store
 * statement that changes the row's content or state (the seal-only update and the worklist copy
 * triggers excepted). Whoever looked at a record or a case and then acts on it passes the version
 * seen; these checks run inside the action's write transaction (BEGIN IMMEDIATE: no other
 * connection writes between the check and the change) and refuse with
 * MUYING_STORE_ERROR_CONFLICT, naming who changed the row and when. A new record's form passes
 * MUYING_ROW_VERSION_NEW: a record with its key there now is refused the same way, naming who
 * created it. An import (nobody looked at anything) passes no version and is not checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-error.h"
#include "muying-store-action-private.h"
#include "muying-store-records.h"

/* "2026-12-03 21:50" in local time for a stored ISO 8601 UTC time; the text as stored if it is not one. */
static char *
local_time_text (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup (iso ? iso : "");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* Who (the display name of a login, else the login) and when, from one row of @sql bound to @id. */
static gboolean
read_who_and_when (MuyingStore  *store,
                   const char   *sql,
                   gint64        id,
                   char        **who,
                   char        **when,
                   GError      **error)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, sql, error);
  int rc;

  *who = NULL;
  *when = NULL;
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, id);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *login = (const char *) muying_sql_column_text (stmt, 0);
      const char *name = (const char *) muying_sql_column_text (stmt, 1);

      *who = g_strdup (name ? name : login);
      *when = local_time_text ((const char *) muying_sql_column_text (stmt, 2));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

#define WHO_CHANGED_RECORD                                                                          \
  "SELECT r.updated_by, (SELECT u.display_name FROM app_user u WHERE u.login = r.updated_by), r.updated_at" \
  " FROM record r WHERE r.id = ?"

/* @created: a new record's form whose key another connection (or an earlier save) has taken
 * meanwhile, named by who created it; else a record changed since its user opened it. */
static gboolean
record_conflict (MuyingStore  *store,
                 gint64        record_id,
                 const char   *key,
                 gboolean      created,
                 GError      **error)
{
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;

  if (!read_who_and_when (store,
                          created ? "SELECT r.created_by, (SELECT u.display_name FROM app_user u"
                                    " WHERE u.login = r.created_by), r.created_at FROM record r WHERE r.id = ?"
                                  : WHO_CHANGED_RECORD,
                          record_id, &who, &when, error))
    return FALSE;
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONFLICT,
               created ? _("Record %s was created by %s at %s; your new record was not saved. "
                           "Open that record, check it, then change it, or give this record another number")
                       : _("Record %s was changed by %s at %s after you opened it; your change was not saved. "
                           "Open the record again, check it, then change it"),
               key, who ? who : _("another user"), when ? when : "");
  return FALSE;
}

gboolean
_muying_store_check_record_seen (MuyingStore            *store,
                                 const MuyingRecordInfo *r,
                                 gboolean                check,
                                 gint64                  seen_version,
                                 GError                **error)
{
  if (!check || seen_version == r->row_version)
    return TRUE;
  return record_conflict (store, r->id, r->key, FALSE, error);
}

gboolean
_muying_store_check_followup_seen (MuyingStore             *store,
                                   const MuyingRecordInfo  *r,
                                   const MuyingFollowupRow *f,
                                   gboolean                 check,
                                   gint64                   seen_version,
                                   GError                 **error)
{
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;

  if (!check || seen_version == f->row_version)
    return TRUE;
  /* the newest step says who moved it; a follow-up only re-dated by a save of the record has the record's */
  if (!read_who_and_when (store,
                          "SELECT s.user_name, (SELECT u.display_name FROM app_user u WHERE u.login = s.user_name),"
                          " s.created_at FROM followup_step s WHERE s.followup_id = ? ORDER BY s.id DESC LIMIT 1",
                          f->id, &who, &when, error) ||
      (who == NULL && !read_who_and_when (store, WHO_CHANGED_RECORD, r->id, &who, &when, error)))
    return FALSE;
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONFLICT,
               _("The follow-up of record %s was changed by %s at %s after you opened it; your step was not saved. "
                 "Open the case again, check it, then record the step"),
               r->key, who ? who : _("another user"), when ? when : "");
  return FALSE;
}

gboolean
_muying_store_check_save_seen (MuyingStore  *store,
                               const char   *key,
                               gint64        record_id,
                               gint64        row_version,
                               gint64        seen_version,
                               GError      **error)
{
  /* a record that is not there (any more) is not overwritten: the save inserts it */
  if (seen_version == MUYING_ROW_VERSION_UNCHECKED || record_id == 0 || row_version == seen_version)
    return TRUE;
  return record_conflict (store, record_id, key, seen_version == MUYING_ROW_VERSION_NEW, error);
}
