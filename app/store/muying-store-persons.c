/* muying-store-persons.c: finding people at entry time, and records as form fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-error.h"
#include "muying-followup.h"
#include "muying-store-persons.h"

void
muying_person_match_free (MuyingPersonMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->id_number);
  g_free (match->name);
  g_free (match->birth_date);
  g_free (match->phone);
  g_free (match);
}

static const char person_columns[] =
  "p.id, p.id_number, p.name, p.birth_date, p.phone, "
  "(SELECT count(*) FROM record r WHERE r.person_id = p.id) + "
  "(SELECT count(*) FROM newborn n WHERE n.mother_id = p.id)";

static MuyingPersonMatch *
read_match (sqlite3_stmt *stmt)
{
  MuyingPersonMatch *m = g_new0 (MuyingPersonMatch, 1);

  m->id = sqlite3_column_int64 (stmt, 0);
  m->id_number = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  m->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  m->birth_date = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  m->phone = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  m->n_records = sqlite3_column_int64 (stmt, 5);
  return m;
}

MuyingPersonMatch *
muying_store_find_person (MuyingStore *store,
                          const char  *id_number,
                          GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM person p WHERE p.id_number = ?", person_columns);
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_match (stmt);
  if (rc != SQLITE_DONE)
    muying_store_set_error (store, rc, error);
  return NULL;
}

GPtrArray *
muying_store_find_possible_duplicates (MuyingStore *store,
                                       const char  *name,
                                       const char  *birth_date,
                                       const char  *phone,
                                       const char  *id_number,
                                       GError     **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_person_match_free);
  int rc;

  /* Both arms use person_name_idx (name, birth_date); newborns (no ID number) are not matched. */
  sql = g_strdup_printf ("SELECT %s FROM person p WHERE p.name = ?1 AND p.id_number IS NOT NULL "
                         "AND p.id_number IS NOT ?4 "
                         "AND (p.birth_date = ?2 OR (?3 IS NOT NULL AND p.phone = ?3)) LIMIT 20", person_columns);
  stmt = muying_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, birth_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, phone && *phone ? phone : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, id_number, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, read_match (stmt));
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static void
put_columns (GHashTable   *fields,
             sqlite3_stmt *stmt)
{
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const char *value = (const char *) sqlite3_column_text (stmt, i);

      if (value != NULL)
        g_hash_table_insert (fields, g_strdup (sqlite3_column_name (stmt, i)), g_strdup (value));
    }
}

/* Each query names its columns as the import file does, so a form reads them as a CSV row. */
static const char * const load_sql[] = {
  [MUYING_PROGRAM_PRENATAL] =
    "SELECT r.record_key AS sample_no, p.id_number AS id_number, p.name AS name, p.phone AS phone, "
    "r.institution AS institution, r.record_date AS sample_date, x.test_type AS test_type, "
    "x.ga_days / 7 AS ga_weeks, x.ga_days % 7 AS ga_days, CASE WHEN x.edd_given THEN x.edd END AS edd, "
    "x.weight_kg AS weight_kg, CASE WHEN x.t21_risk IS NOT NULL THEN '1/' || x.t21_risk END AS t21_risk, "
    "CASE WHEN x.t18_risk IS NOT NULL THEN '1/' || x.t18_risk END AS t18_risk, x.afp_mom AS afp_mom, "
    "x.nt_mm AS nt_mm, x.nipt_t21 AS nipt_t21, x.nipt_t18 AS nipt_t18, x.nipt_t13 AS nipt_t13, "
    "x.nipt_sca AS nipt_sca, CASE WHEN x.test_type = 'nipt' THEN x.nipt_status END AS nipt_status "
    "FROM record r JOIN person p ON p.id = r.person_id JOIN prenatal x ON x.record_id = r.id "
    "WHERE r.id = ?",
  [MUYING_PROGRAM_NEWBORN] =
    "SELECT r.record_key AS sample_no, m.id_number AS mother_id_number, m.name AS mother_name, "
    "b.name AS baby_name, b.sex AS sex, r.record_date AS birth_date, x.hospital AS hospital, x.panel AS panel, "
    "x.variants AS variants, x.hearing_left AS hearing_left, x.hearing_right AS hearing_right, "
    "x.hearing_date AS hearing_date, x.rescreen_left AS rescreen_left, x.rescreen_right AS rescreen_right, "
    "x.rescreen_date AS rescreen_date "
    "FROM record r JOIN person b ON b.id = r.person_id JOIN newborn x ON x.record_id = r.id "
    "JOIN person m ON m.id = x.mother_id WHERE r.id = ?",
  [MUYING_PROGRAM_TWO_CANCER] =
    "SELECT r.record_key AS exam_no, p.id_number AS id_number, p.name AS name, r.record_date AS exam_date, "
    "r.institution AS institution, x.hpv AS hpv, x.hpv_types AS hpv_types, x.cytology AS cytology, "
    "x.via_vili AS via_vili, x.colposcopy AS colposcopy, x.cervical_histology AS cervical_histology, "
    "x.cbe AS cbe, x.us_birads AS us_birads, x.mammo_birads AS mammo_birads, "
    "x.breast_pathology AS breast_pathology, x.cancer_stage AS cancer_stage "
    "FROM record r JOIN person p ON p.id = r.person_id JOIN two_cancer x ON x.record_id = r.id "
    "WHERE r.id = ?",
};

GHashTable *
muying_store_load_record_fields (MuyingStore   *store,
                                 gint64         record_id,
                                 MuyingProgram *program,
                                 GError       **error)
{
  g_autoptr(sqlite3_stmt) which = muying_store_prepare (store, "SELECT program FROM record WHERE id = ?", error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) fields = NULL;
  MuyingProgram p;
  int rc;

  if (which == NULL)
    return NULL;
  sqlite3_bind_int64 (which, 1, record_id);
  rc = sqlite3_step (which);
  if (rc != SQLITE_ROW || !muying_program_from_string ((const char *) sqlite3_column_text (which, 0), &p))
    {
      if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                     _("Record %lld does not exist"), (long long) record_id);
      else
        muying_store_set_error (store, rc, error);
      return NULL;
    }
  stmt = muying_store_prepare (store, load_sql[p], error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, record_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      muying_store_set_error (store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
      return NULL;
    }
  fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  put_columns (fields, stmt);
  if (program != NULL)
    *program = p;
  return g_steal_pointer (&fields);
}

/* ---- one woman's records ------------------------------------------------------------------ */

static void
person_record_free (MuyingPersonRecord *record)
{
  g_free (record->key);
  g_free (record->name);
  g_free (record->record_date);
  g_free (record->review_state);
  g_free (record);
}

void
muying_person_history_free (MuyingPersonHistory *history)
{
  if (history == NULL)
    return;
  g_free (history->name);
  g_free (history->id_number);
  g_clear_pointer (&history->records, g_ptr_array_unref);
  g_free (history);
}

MuyingPersonHistory *
muying_store_get_person_history (MuyingStore  *store,
                                 gint64        record_id,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) who = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(MuyingPersonHistory) history = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  /* The woman: a newborn record's mother (as the newborn row names her, else the baby's
   * person row), otherwise the record's own person. */
  who = muying_store_prepare (store,
                              "SELECT p.id, p.name, p.id_number FROM person p WHERE p.id = ("
                              " SELECT coalesce(n.mother_id, pe.mother_id, r.person_id) FROM record r"
                              " JOIN person pe ON pe.id = r.person_id"
                              " LEFT JOIN newborn n ON n.record_id = r.id WHERE r.id = ?)", error);
  if (who == NULL)
    return NULL;
  sqlite3_bind_int64 (who, 1, record_id);
  rc = sqlite3_step (who);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND, _("Record %lld does not exist"),
                   (long long) record_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }
  history = g_new0 (MuyingPersonHistory, 1);
  history->person_id = sqlite3_column_int64 (who, 0);
  history->name = g_strdup ((const char *) sqlite3_column_text (who, 1));
  history->id_number = g_strdup ((const char *) sqlite3_column_text (who, 2));
  history->records = g_ptr_array_new_with_free_func ((GDestroyNotify) person_record_free);

  /* Her records and her newborns' (each arm an index lookup). */
  stmt = muying_store_prepare (store,
                               "SELECT r.id, r.program, r.record_key, pe.name, r.record_date, r.level, r.review_state,"
                               " f.state FROM record r JOIN person pe ON pe.id = r.person_id"
                               " LEFT JOIN followup f ON f.record_id = r.id"
                               " WHERE r.id IN (SELECT id FROM record WHERE person_id = ?1"
                               "  UNION SELECT record_id FROM newborn WHERE mother_id = ?1"
                               "  UNION SELECT x.id FROM record x WHERE x.person_id IN"
                               "   (SELECT id FROM person WHERE mother_id = ?1))"
                               " ORDER BY r.record_date, r.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, history->person_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MuyingPersonRecord *record = g_new0 (MuyingPersonRecord, 1);
      MuyingFollowupState state;

      record->record_id = sqlite3_column_int64 (stmt, 0);
      if (!muying_program_from_string ((const char *) sqlite3_column_text (stmt, 1), &record->program))
        record->program = MUYING_PROGRAM_PRENATAL;
      record->key = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      record->name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      record->record_date = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      record->level = CLAMP (sqlite3_column_int (stmt, 5), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
      record->review_state = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      record->followup_state = -1;
      if (sqlite3_column_type (stmt, 7) != SQLITE_NULL &&
          muying_followup_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &state))
        record->followup_state = state;
      g_ptr_array_add (history->records, record);
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&history);
}
