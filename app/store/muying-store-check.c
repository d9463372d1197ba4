/* muying-store-check.c: integrity and consistency check of the live database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-error.h"
#include "muying-store-check.h"

#define MAX_LISTED 20   /* problems of one kind listed one by one */

static void
add_more (GPtrArray *problems,
          gint64     n_found)
{
  if (n_found > MAX_LISTED)
    g_ptr_array_add (problems, g_strdup_printf (_("… and %lld more of the same kind"),
                                                (long long) (n_found - MAX_LISTED)));
}

/* Returns FALSE when the file itself is damaged (then nothing else should be checked). */
static gboolean
check_structure (MuyingStore *self,
                 GPtrArray   *problems)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = muying_store_get_handle (self);
  gint64 n = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check(100)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        const char *line = (const char *) sqlite3_column_text (stmt, 0);

        if (g_strcmp0 (line, "ok") == 0)
          continue;
        if (n++ < MAX_LISTED)
          g_ptr_array_add (problems, g_strdup_printf (_("The database file is damaged: %s"), line));
      }
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_add (problems, g_strdup_printf (_("The database file is damaged: %s"), sqlite3_errmsg (db)));
      return FALSE;
    }
  add_more (problems, n);
  return n == 0;
}

static void
add_db_error (GPtrArray   *problems,
              sqlite3     *db)
{
  g_ptr_array_add (problems, g_strdup_printf (_("The check could not run: %s"), sqlite3_errmsg (db)));
}

static void
check_foreign_keys (MuyingStore *self,
                    GPtrArray   *problems)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = muying_store_get_handle (self);
  gint64 n = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        if (n++ < MAX_LISTED)
          /* TRANSLATORS: table name, row number, the other table */
          g_ptr_array_add (problems,
                           g_strdup_printf (_("Table %s, row %lld refers to a row of %s that does not exist"),
                                            (const char *) sqlite3_column_text (stmt, 0),
                                            (long long) sqlite3_column_int64 (stmt, 1),
                                            (const char *) sqlite3_column_text (stmt, 2)));
      }
  if (rc != SQLITE_DONE)
    add_db_error (problems, db);
  add_more (problems, n);
}

static void
check_audit (MuyingStore *self,
             GPtrArray   *problems)
{
  g_autoptr(GError) error = NULL;

  if (!muying_store_verify_audit (self, NULL, &error))
    g_ptr_array_add (problems, g_strdup (error->message));
}

typedef enum
{
  RECORD_NO_PROGRAM_ROW,
  RECORD_OTHER_PROGRAM_ROW,
  RECORD_LEVEL_NOT_REASONS,
  RECORD_NO_FOLLOWUP,
  RECORD_SIGNER_MISSING,
} RecordProblem;

static char *
describe (RecordProblem  problem,
          const char    *program_key,
          const char    *record_key)
{
  MuyingProgram program;
  const char *program_label = program_key;

  if (muying_program_from_string (program_key, &program))
    program_label = muying_program_get_label (program);
  switch (problem)
    {
    case RECORD_NO_PROGRAM_ROW:
      /* TRANSLATORS: “<programme> record <number>: …” */
      return g_strdup_printf (_("%s record %s: its screening data is missing"), program_label, record_key);
    case RECORD_OTHER_PROGRAM_ROW:
      return g_strdup_printf (_("%s record %s: it has screening data of another programme"),
                              program_label, record_key);
    case RECORD_LEVEL_NOT_REASONS:
      return g_strdup_printf (_("%s record %s: its risk level does not match its reasons"),
                              program_label, record_key);
    case RECORD_NO_FOLLOWUP:
      return g_strdup_printf (_("%s record %s: it is flagged but has no follow-up"), program_label, record_key);
    case RECORD_SIGNER_MISSING:
      return g_strdup_printf (_("%s record %s: it is signed but the signing doctor is missing"),
                              program_label, record_key);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* @sql selects (program, record_key) of the records with @problem. */
static void
check_records (MuyingStore   *self,
               GPtrArray     *problems,
               RecordProblem  problem,
               const char    *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = muying_store_get_handle (self);
  gint64 n = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        if (n++ < MAX_LISTED)
          g_ptr_array_add (problems, describe (problem, (const char *) sqlite3_column_text (stmt, 0),
                                               (const char *) sqlite3_column_text (stmt, 1)));
      }
  if (rc != SQLITE_DONE)
    add_db_error (problems, db);
  add_more (problems, n);
}

static void
check_consistency (MuyingStore *self,
                   GPtrArray   *problems)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = muying_store_get_handle (self);

  check_records (self, problems, RECORD_NO_PROGRAM_ROW,
                 "SELECT r.program, r.record_key FROM record r WHERE NOT CASE r.program "
                 "  WHEN 'prenatal' THEN EXISTS (SELECT 1 FROM prenatal p WHERE p.record_id = r.id) "
                 "  WHEN 'newborn' THEN EXISTS (SELECT 1 FROM newborn n WHERE n.record_id = r.id) "
                 "  WHEN 'two_cancer' THEN EXISTS (SELECT 1 FROM two_cancer t WHERE t.record_id = r.id) "
                 "  ELSE 0 END ORDER BY r.id");
  check_records (self, problems, RECORD_OTHER_PROGRAM_ROW,
                 "SELECT r.program, r.record_key FROM record r WHERE "
                 "  (r.program <> 'prenatal' AND EXISTS (SELECT 1 FROM prenatal p WHERE p.record_id = r.id)) OR "
                 "  (r.program <> 'newborn' AND EXISTS (SELECT 1 FROM newborn n WHERE n.record_id = r.id)) OR "
                 "  (r.program <> 'two_cancer' AND EXISTS (SELECT 1 FROM two_cancer t WHERE t.record_id = r.id)) "
                 "ORDER BY r.id");
  check_records (self, problems, RECORD_LEVEL_NOT_REASONS,
                 "SELECT r.program, r.record_key FROM record r WHERE r.computed_level <> "
                 "  coalesce ((SELECT max(level) FROM reason WHERE record_id = r.id), 0) ORDER BY r.id");
  check_records (self, problems, RECORD_NO_FOLLOWUP,
                 "SELECT r.program, r.record_key FROM record r WHERE r.computed_level > 0 AND "
                 "  NOT EXISTS (SELECT 1 FROM followup f WHERE f.record_id = r.id) ORDER BY r.id");
  check_records (self, problems, RECORD_SIGNER_MISSING,
                 "SELECT r.program, r.record_key FROM record r WHERE r.review_state = 'signed' AND "
                 "  (r.signed_by IS NULL OR r.signed_at IS NULL) ORDER BY r.id");

  if (sqlite3_prepare_v2 (db, "SELECT count(*), count(*) FILTER (WHERE role = 'admin' AND disabled = 0) "
                              "FROM app_user", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (sqlite3_column_int64 (stmt, 0) > 0 && sqlite3_column_int64 (stmt, 1) == 0)
        g_ptr_array_add (problems, g_strdup (_("There are accounts but no enabled administrator")));
    }
  else
    add_db_error (problems, db);
}

GPtrArray *
muying_store_check (MuyingStore *self,
                    const char  *actor,
                    GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *detail = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  if (!sqlite3_get_autocommit (muying_store_get_handle (self)))
    {
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                           _("The check cannot run while changes are being saved"));
      return NULL;
    }
  if (!check_structure (self, problems))
    return g_steal_pointer (&problems);

  check_foreign_keys (self, problems);
  check_audit (self, problems);
  check_consistency (self, problems);

  detail = g_strdup_printf ("{\"problems\":%u}", problems->len);
  if (!muying_store_begin (self, &local_error) ||
      !muying_store_audit (self, actor, "check", "database", 0, detail, &local_error) ||
      !muying_store_commit (self, &local_error))
    g_ptr_array_add (problems, g_strdup_printf (_("The result could not be written to the audit trail: %s"),
                                                local_error->message));
  muying_store_rollback (self);
  return g_steal_pointer (&problems);
}
