/* muying-store-check.c: integrity and consistency check of the live database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-error.h"
#include "muying-store-check.h"
#include "muying-store-private.h"
#include "muying-store-schema.h"

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
add_sql_error (GPtrArray *problems,
               MuyingSql *sql)
{
  g_ptr_array_add (problems, g_strdup_printf (_("The check could not run: %s"), muying_sql_errmsg (sql)));
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
  _muying_store_check_audit (self, problems, TRUE, NULL);
}

static const char *
schema_type_label (const char *type)
{
  if (g_strcmp0 (type, "table") == 0)
    return _("table");
  if (g_strcmp0 (type, "index") == 0)
    return _("index");
  if (g_strcmp0 (type, "trigger") == 0)
    return _("trigger");
  if (g_strcmp0 (type, "view") == 0)
    return _("view");
  return type;
}

/* name → "type\x1fsql" of every object of @db but SQLite's own. */
static GHashTable *
read_schema (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (sqlite3_prepare_v2 (db, "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_hash_table_unref (objects);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (objects, g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
                         g_strdup_printf ("%s\x1f%s", (const char *) sqlite3_column_text (stmt, 0),
                                          sqlite3_column_text (stmt, 2) ? (const char *) sqlite3_column_text (stmt, 2)
                                                                         : ""));
  return objects;
}

/* The tables, indexes and triggers must be exactly what the migrations create: a dropped
 * trigger lets the audit be edited, a dropped or changed index or table is an edit by hand. */
static void
check_schema (MuyingStore *self,
              GPtrArray   *problems)
{
  sqlite3 *expected_db = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GHashTable) actual = NULL;
  g_autoptr(GList) names = NULL;
  guint n_migrations;
  g_autoptr(GError) error = NULL;
  const char * const *migrations = muying_store_schema_get_migrations (&n_migrations, &error);
  int version = muying_store_get_schema_version (self);
  GHashTableIter iter;
  gpointer name, value;

  if (migrations == NULL)
    {
      /* without the steps there is nothing to compare with: say so rather than pass */
      g_ptr_array_add (problems, g_strdup_printf (_("The check could not run: %s"), error->message));
      return;
    }
  if (sqlite3_open_v2 (":memory:", &expected_db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      sqlite3_close (expected_db);
      return;
    }
  for (int i = 0; i < version && (guint) i < n_migrations; i++)
    if (sqlite3_exec (expected_db, migrations[i], NULL, NULL, NULL) != SQLITE_OK)
      g_warning ("migration %d failed in memory: %s", i + 1, sqlite3_errmsg (expected_db));
  expected = read_schema (expected_db);
  sqlite3_close (expected_db);
  actual = read_schema (muying_store_get_handle (self));
  if (expected == NULL || actual == NULL)
    {
      add_db_error (problems, muying_store_get_handle (self));
      return;
    }
  names = g_hash_table_get_keys (expected);
  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *want = g_hash_table_lookup (expected, l->data);
      const char *have = g_hash_table_lookup (actual, l->data);
      g_autofree char *type = g_strndup (want, strcspn (want, "\x1f"));

      if (have == NULL)
        /* TRANSLATORS: “table/index/trigger” and its name */
        g_ptr_array_add (problems, g_strdup_printf (_("The database structure was changed outside the program: "
                                                      "the %s “%s” is missing"), schema_type_label (type),
                                                    (const char *) l->data));
      else if (g_strcmp0 (want, have) != 0)
        g_ptr_array_add (problems, g_strdup_printf (_("The database structure was changed outside the program: "
                                                      "the %s “%s” is not what the program created"),
                                                    schema_type_label (type), (const char *) l->data));
    }
  g_hash_table_iter_init (&iter, actual);
  while (g_hash_table_iter_next (&iter, &name, &value))
    if (!g_hash_table_contains (expected, name))
      {
        g_autofree char *type = g_strndup (value, strcspn (value, "\x1f"));

        g_ptr_array_add (problems, g_strdup_printf (_("The database structure was changed outside the program: "
                                                      "the %s “%s” was added"), schema_type_label (type),
                                                    (const char *) name));
      }
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
  g_autoptr(MuyingSqlStmt) stmt = muying_sql_prepare (muying_store_get_sql (self), sql, NULL);
  gint64 n = 0;
  int rc = SQLITE_ERROR;

  if (stmt != NULL)
    while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
      {
        if (n++ < MAX_LISTED)
          g_ptr_array_add (problems, describe (problem, (const char *) muying_sql_column_text (stmt, 0),
                                               (const char *) muying_sql_column_text (stmt, 1)));
      }
  if (rc != SQLITE_DONE)
    add_sql_error (problems, muying_store_get_sql (self));
  add_more (problems, n);
}

static void
check_consistency (MuyingStore *self,
                   GPtrArray   *problems)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;

  check_records (self, problems, RECORD_NO_PROGRAM_ROW,
                 "SELECT r.program, r.record_key FROM record r WHERE NOT CASE r.program "
                 "  WHEN 'prenatal' THEN EXISTS (SELECT 1 FROM prenatal p WHERE p.record_id = r.id) "
                 "  WHEN 'newborn' THEN EXISTS (SELECT 1 FROM newborn n WHERE n.record_id = r.id) "
                 "  WHEN 'two_cancer' THEN EXISTS (SELECT 1 FROM two_cancer t WHERE t.record_id = r.id) "
                 "  ELSE FALSE END ORDER BY r.id");
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

  stmt = muying_sql_prepare (muying_store_get_sql (self),
                             "SELECT count(*), count(*) FILTER (WHERE role = 'admin' AND disabled = 0) FROM app_user",
                             NULL);
  if (stmt != NULL && muying_sql_step (stmt) == SQLITE_ROW)
    {
      if (muying_sql_column_int64 (stmt, 0) > 0 && muying_sql_column_int64 (stmt, 1) == 0)
        g_ptr_array_add (problems, g_strdup (_("There are accounts but no enabled administrator")));
    }
  else
    add_sql_error (problems, muying_store_get_sql (self));
}

GPtrArray *
muying_store_check_full (MuyingStore *self,
                         const char  *actor,
                         GError     **audit_error,
                         GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *detail = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  if (muying_sql_in_transaction (muying_store_get_sql (self)))
    {
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                           _("The check cannot run while changes are being saved"));
      return NULL;
    }
  /* A file's pages, structure and references are checked here; a server keeps its own storage
   * whole and enforces the references itself. */
  if (!muying_store_is_server (self))
    {
      if (!check_structure (self, problems))
        return g_steal_pointer (&problems);
      check_schema (self, problems);
      check_foreign_keys (self, problems);
    }
  check_audit (self, problems);
  check_consistency (self, problems);

  detail = g_strdup_printf ("{\"problems\":%u}", problems->len);
  if (!muying_store_audit_now (self, actor, "check", "database", 0, detail, &local_error))
    g_propagate_error (audit_error, g_steal_pointer (&local_error));
  return g_steal_pointer (&problems);
}

GPtrArray *
muying_store_check (MuyingStore *self,
                    const char  *actor,
                    GError     **error)
{
  g_autoptr(GError) audit_error = NULL;
  GPtrArray *problems = muying_store_check_full (self, actor, &audit_error, error);

  if (problems != NULL && audit_error != NULL)
    g_ptr_array_add (problems, muying_store_check_unrecorded_message (audit_error));
  return problems;
}

char *
muying_store_check_unrecorded_message (const GError *audit_error)
{
  g_return_val_if_fail (audit_error != NULL, NULL);
  return g_strdup_printf (_("The result could not be written to the audit trail: %s"), audit_error->message);
}
