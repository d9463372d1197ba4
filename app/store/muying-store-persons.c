/* muying-store-persons.c: finding people at entry time, records as form fields, and audited
 * corrections of a person
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "muying-error.h"
#include "muying-followup.h"
#include "muying-store-fields-private.h"
#include "muying-store-persons.h"
#include "muying-store-private.h"
#include "muying-store-users.h"

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
read_match (MuyingSqlStmt *stmt)
{
  MuyingPersonMatch *m = g_new0 (MuyingPersonMatch, 1);

  m->id = muying_sql_column_int64 (stmt, 0);
  m->id_number = g_strdup ((const char *) muying_sql_column_text (stmt, 1));
  m->name = g_strdup ((const char *) muying_sql_column_text (stmt, 2));
  m->birth_date = g_strdup ((const char *) muying_sql_column_text (stmt, 3));
  m->phone = g_strdup ((const char *) muying_sql_column_text (stmt, 4));
  m->n_records = muying_sql_column_int64 (stmt, 5);
  return m;
}

MuyingPersonMatch *
muying_store_find_person (MuyingStore *store,
                          const char  *id_number,
                          GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM person p WHERE p.id_number = ?", person_columns);
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  muying_sql_bind_text (stmt, 1, id_number, -1, SQLITE_TRANSIENT);
  rc = muying_sql_step (stmt);
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
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_person_match_free);
  int rc;

  /* Both arms use person_name_idx (name, birth_date); newborns (no ID number) are not matched. */
  sql = g_strdup_printf ("SELECT %s FROM person p WHERE p.name = ?1 AND p.id_number IS NOT NULL "
                         "AND p.id_number IS DISTINCT FROM ?4 "
                         "AND (p.birth_date = ?2 OR (CAST (?3 AS TEXT) IS NOT NULL AND p.phone = ?3)) LIMIT 20", person_columns);
  stmt = muying_store_query (store, sql, error);
  if (stmt == NULL)
    return NULL;
  muying_sql_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 2, birth_date, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 3, phone && *phone ? phone : NULL, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 4, id_number, -1, SQLITE_TRANSIENT);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, read_match (stmt));
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* What a form reads back is what an import file of the record would say: the descriptor's text
 * of each field. A computed EDD and a serum test's NIPT status were never typed in: the form
 * leaves them empty so that it computes them again. */
static GHashTable *
record_texts (MuyingProgram program,
              gpointer      record)
{
  const MuyingProgramDescriptor *d = muying_program_descriptor_get (program);
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize skip = G_MAXSIZE;   /* the offset of a field not to show */

  if (program == MUYING_PROGRAM_PRENATAL)
    {
      MuyingPrenatalRecord *p = record;

      if (!p->edd_given)
        g_date_clear (&p->edd, 1);
      /* "ok" is also what a serum test stores; only an NIPT has a status to show */
      if (p->test_type != MUYING_PRENATAL_TEST_NIPT)
        skip = G_STRUCT_OFFSET (MuyingPrenatalRecord, nipt_status);
    }
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    {
      g_autofree char *text = f->offset != skip ? muying_field_to_text (f, record) : NULL;

      if (text != NULL && *text != '\0')
        g_hash_table_insert (texts, g_strdup (f->key), g_steal_pointer (&text));
    }
  return texts;
}

GHashTable *
muying_store_load_record_fields (MuyingStore   *store,
                                 gint64         record_id,
                                 MuyingProgram *program,
                                 gint64        *row_version,
                                 GError       **error)
{
  /* kept stepped while the record is read: the version and the fields come from one snapshot */
  g_autoptr(MuyingSqlStmt) which = muying_store_query (store, "SELECT program, row_version FROM record WHERE id = ?",
                                                        error);
  g_autoptr(GHashTable) fields = NULL;
  gpointer record;
  MuyingProgram p;
  int rc;

  if (which == NULL)
    return NULL;
  muying_sql_bind_int64 (which, 1, record_id);
  rc = muying_sql_step (which);
  if (rc != SQLITE_ROW || !muying_program_from_string ((const char *) muying_sql_column_text (which, 0), &p))
    {
      if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                     _("Record %lld does not exist"), (long long) record_id);
      else
        muying_store_set_error (store, rc, error);
      return NULL;
    }
  record = _muying_store_load_record (store, record_id, p, error);
  if (record == NULL)
    return NULL;
  fields = record_texts (p, record);
  muying_program_descriptor_get (p)->record_free (record);
  if (program != NULL)
    *program = p;
  if (row_version != NULL)
    *row_version = muying_sql_column_int64 (which, 1);
  return g_steal_pointer (&fields);
}

/* ---- identity: conflicts, corrections, what was signed ------------------------------------- */

gboolean
muying_store_get_person_name (MuyingStore  *store,
                              const char   *id_number,
                              char        **name,
                              GError      **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  *name = NULL;
  stmt = muying_store_query_cached (store, "SELECT name FROM person WHERE id_number = ?", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_text (stmt, 1, id_number, -1, SQLITE_STATIC);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    *name = g_strdup ((const char *) muying_sql_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

char *
muying_person_name_conflict_message (const char *registered,
                                     const char *given)
{
  return g_strdup_printf (_("The ID number is registered as “%s”, which does not match the name “%s” given here; "
                            "to change the name, a doctor corrects the person's details with a reason"),
                          registered ? registered : "", given ? given : "");
}

static char *
dup_column (MuyingSqlStmt *stmt,
            int           col)
{
  return g_strdup ((const char *) muying_sql_column_text (stmt, col));
}

static void
member_text (JsonBuilder *b,
             const char  *name,
             const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
member_pair (JsonBuilder *b,
             const char  *name,
             const char  *old_value,
             const char  *new_value)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  if (old_value != NULL)
    json_builder_add_string_value (b, old_value);
  else
    json_builder_add_null_value (b);
  if (new_value != NULL)
    json_builder_add_string_value (b, new_value);
  else
    json_builder_add_null_value (b);
  json_builder_end_array (b);
}

/* The woman of a record: the person of a prenatal or two-cancer record, the mother of a newborn. */
static const char record_woman_sql[] =
  "SELECT p.id, p.id_number, p.name, p.phone, r.review_state, r.signed_at FROM record r "
  "LEFT JOIN newborn n ON n.record_id = r.id "
  "JOIN person p ON p.id = coalesce(n.mother_id, r.person_id) WHERE r.id = ?";

gboolean
_muying_store_add_person_snapshot (MuyingStore  *self,
                                   gint64        record_id,
                                   JsonBuilder  *b,
                                   GError      **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (self, record_woman_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, record_id);
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_ROW)
    return muying_store_set_error (self, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  json_builder_set_member_name (b, "person");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, muying_sql_column_int64 (stmt, 0));
  member_text (b, "id_number", (const char *) muying_sql_column_text (stmt, 1));
  member_text (b, "name", (const char *) muying_sql_column_text (stmt, 2));
  member_text (b, "phone", (const char *) muying_sql_column_text (stmt, 3));
  json_builder_end_object (b);
  return TRUE;
}

static gboolean
constraint_error (GError    **error,
                  const char *message)
{
  g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT, message);
  return FALSE;
}

/* A name as a person row keeps it: trimmed, one line, at most 100 characters. */
static char *
clean_name (const char *text,
            GError    **error)
{
  g_autofree char *name = g_strstrip (g_strdup (text));

  if (*name == '\0')
    {
      constraint_error (error, _("The name cannot be empty"));
      return NULL;
    }
  if (!g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 100)
    {
      constraint_error (error, _("The name is too long (at most 100 characters)"));
      return NULL;
    }
  for (const char *c = name; *c; c = g_utf8_next_char (c))
    if (g_unichar_iscntrl (g_utf8_get_char (c)))
      {
        constraint_error (error, _("The name cannot contain line breaks or control characters"));
        return NULL;
      }
  return g_steal_pointer (&name);
}

gboolean
muying_store_correct_person (MuyingStore  *store,
                             MuyingUser   *actor,
                             const char   *id_number,
                             const char   *name,
                             const char   *phone,
                             const char   *reason,
                             GError      **error)
{
  g_autoptr(MuyingSqlStmt) sel = NULL;
  g_autoptr(MuyingSqlStmt) upd = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autofree char *new_name = NULL;
  g_autofree char *new_phone = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *old_phone = NULL;
  g_autofree char *clean_reason = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *now = NULL;
  gboolean name_changed, phone_changed;
  gint64 person_id;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (id_number != NULL, FALSE);

  if (!muying_role_can (muying_user_get_role (actor), MUYING_PERMISSION_SIGN))
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN,
                           _("Only a doctor or an administrator may correct a person's details"));
      return FALSE;
    }
  if (!muying_user_require (actor, MUYING_PERMISSION_SIGN, error))   /* a disabled account */
    return FALSE;
  clean_reason = g_strstrip (g_strdup (reason ? reason : ""));
  if (*clean_reason == '\0')
    return constraint_error (error, _("A correction needs a reason"));
  if (name != NULL && (new_name = clean_name (name, error)) == NULL)
    return FALSE;
  if (phone != NULL)
    {
      new_phone = g_strstrip (g_strdup (phone));
      if (*new_phone == '\0')
        g_clear_pointer (&new_phone, g_free);
      else if (g_utf8_strlen (new_phone, -1) > 100)
        return constraint_error (error, _("The phone number is too long"));
    }

  if (!muying_store_begin (store, error))
    return FALSE;
  sel = muying_store_query (store, "SELECT id, name, phone FROM person WHERE id_number = ?", error);
  if (sel == NULL)
    goto fail;
  muying_sql_bind_text (sel, 1, id_number, -1, SQLITE_STATIC);
  rc = muying_sql_step (sel);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                     _("No person is registered with the ID number %s"), id_number);
      else
        muying_store_set_error (store, rc, error);
      goto fail;
    }
  person_id = muying_sql_column_int64 (sel, 0);
  old_name = dup_column (sel, 1);
  old_phone = dup_column (sel, 2);
  g_clear_pointer (&sel, muying_sql_finalize);

  name_changed = new_name != NULL && g_strcmp0 (new_name, old_name) != 0;
  phone_changed = phone != NULL && g_strcmp0 (new_phone, old_phone) != 0;
  if (!name_changed && !phone_changed)
    {
      constraint_error (error, _("The correction changes nothing: the person already has these details"));
      goto fail;
    }

  now = _muying_store_now_iso ();
  upd = muying_store_query (store, "UPDATE person SET name = ?, phone = ?, updated_at = ? WHERE id = ?", error);
  if (upd == NULL)
    goto fail;
  muying_sql_bind_text (upd, 1, name_changed ? new_name : old_name, -1, SQLITE_STATIC);
  muying_sql_bind_text (upd, 2, phone_changed ? new_phone : old_phone, -1, SQLITE_STATIC);
  muying_sql_bind_text (upd, 3, now, -1, SQLITE_STATIC);
  muying_sql_bind_int64 (upd, 4, person_id);
  if ((rc = muying_sql_step (upd)) != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      goto fail;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  member_text (b, "id_number", id_number);
  if (name_changed)
    member_pair (b, "name", old_name, new_name);
  if (phone_changed)
    member_pair (b, "phone", old_phone, new_phone);
  member_text (b, "reason", clean_reason);
  json_builder_end_object (b);
  {
    g_autoptr(JsonNode) root = json_builder_get_root (b);
    detail = json_to_string (root, FALSE);
  }
  if (!muying_store_audit (store, muying_user_get_login (actor), "correct", "person", person_id, detail, error) ||
      !muying_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  muying_store_rollback (store);
  return FALSE;
}

void
muying_record_person_free (MuyingRecordPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->id_number);
  g_free (person->name);
  g_free (person->phone);
  g_free (person->signed_at);
  g_free (person->signed_name);
  g_free (person->signed_phone);
  g_free (person);
}

MuyingRecordPerson *
muying_store_get_record_person (MuyingStore *store,
                                gint64       record_id,
                                GError     **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autoptr(MuyingSqlStmt) sign = NULL;
  g_autoptr(MuyingSqlStmt) changes = NULL;
  g_autoptr(MuyingRecordPerson) p = NULL;
  gint64 sign_audit_id = 0;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  stmt = muying_store_query (store, record_woman_sql, error);
  if (stmt == NULL)
    return NULL;
  muying_sql_bind_int64 (stmt, 1, record_id);
  if (!_muying_store_step_record (store, stmt, record_id, error))
    return NULL;
  p = g_new0 (MuyingRecordPerson, 1);
  p->person_id = muying_sql_column_int64 (stmt, 0);
  p->id_number = dup_column (stmt, 1);
  p->name = dup_column (stmt, 2);
  p->phone = dup_column (stmt, 3);
  if (g_strcmp0 ((const char *) muying_sql_column_text (stmt, 4), "signed") != 0)
    return g_steal_pointer (&p);
  p->signed_at = dup_column (stmt, 5);

  /* The newest signing (a sign, or an amendment, which signs again). */
  sign = muying_store_query (store,
                               "SELECT id, detail FROM audit WHERE entity = 'record' AND entity_id = ? "
                               "AND (action = 'sign' OR action = 'amend') ORDER BY id DESC LIMIT 1", error);
  if (sign == NULL)
    return NULL;
  muying_sql_bind_int64 (sign, 1, record_id);
  rc = muying_sql_step (sign);
  if (rc == SQLITE_ROW)
    {
      /* The person as signed: "person": {"name", "phone", …} of the detail (read here: JSON
       * in SQL is not the same on a file and on a server). */
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root = _muying_store_parse_detail (parser, (const char *) muying_sql_column_text (sign, 1));

      sign_audit_id = muying_sql_column_int64 (sign, 0);
      if (root != NULL)
        {
          JsonNode *person = json_object_get_member (root, "person");

          p->has_signed_snapshot = person != NULL;
          if (person != NULL && JSON_NODE_HOLDS_OBJECT (person))
            {
              JsonObject *o = json_node_get_object (person);

              p->signed_name = g_strdup (json_object_get_string_member_with_default (o, "name", NULL));
              p->signed_phone = g_strdup (json_object_get_string_member_with_default (o, "phone", NULL));
            }
        }
    }
  else if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }

  /* Changes of the person after it: by audit order when the signing has its row, else by time. */
  changes = muying_store_query (store,
                                  "SELECT count(*) FROM audit WHERE entity = 'person' AND entity_id = ?1 "
                                  "AND action <> 'create' AND (CASE WHEN ?2 > 0 THEN id > ?2 ELSE at > ?3 END)", error);
  if (changes == NULL)
    return NULL;
  muying_sql_bind_int64 (changes, 1, p->person_id);
  muying_sql_bind_int64 (changes, 2, sign_audit_id);
  muying_sql_bind_text (changes, 3, p->signed_at ? p->signed_at : "", -1, SQLITE_STATIC);
  rc = muying_sql_step (changes);
  if (rc != SQLITE_ROW)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }
  p->n_changes_after_signing = (guint) muying_sql_column_int64 (changes, 0);
  return g_steal_pointer (&p);
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
  g_autoptr(MuyingSqlStmt) who = NULL;
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autoptr(MuyingPersonHistory) history = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  /* The woman: a newborn record's mother (as the newborn row names her, else the baby's
   * person row), otherwise the record's own person. */
  who = muying_store_query (store,
                              "SELECT p.id, p.name, p.id_number FROM person p WHERE p.id = ("
                              " SELECT coalesce(n.mother_id, pe.mother_id, r.person_id) FROM record r"
                              " JOIN person pe ON pe.id = r.person_id"
                              " LEFT JOIN newborn n ON n.record_id = r.id WHERE r.id = ?)", error);
  if (who == NULL)
    return NULL;
  muying_sql_bind_int64 (who, 1, record_id);
  if (!_muying_store_step_record (store, who, record_id, error))
    return NULL;
  history = g_new0 (MuyingPersonHistory, 1);
  history->person_id = muying_sql_column_int64 (who, 0);
  history->name = g_strdup ((const char *) muying_sql_column_text (who, 1));
  history->id_number = g_strdup ((const char *) muying_sql_column_text (who, 2));
  history->records = g_ptr_array_new_with_free_func ((GDestroyNotify) person_record_free);

  /* Her records and her newborns' (each arm an index lookup). */
  stmt = muying_store_query (store,
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
  muying_sql_bind_int64 (stmt, 1, history->person_id);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      MuyingPersonRecord *record = g_new0 (MuyingPersonRecord, 1);
      MuyingFollowupState state;

      record->record_id = muying_sql_column_int64 (stmt, 0);
      if (!muying_program_from_string ((const char *) muying_sql_column_text (stmt, 1), &record->program))
        record->program = MUYING_PROGRAM_PRENATAL;
      record->key = g_strdup ((const char *) muying_sql_column_text (stmt, 2));
      record->name = g_strdup ((const char *) muying_sql_column_text (stmt, 3));
      record->record_date = g_strdup ((const char *) muying_sql_column_text (stmt, 4));
      record->level = CLAMP (muying_sql_column_int (stmt, 5), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
      record->review_state = g_strdup ((const char *) muying_sql_column_text (stmt, 6));
      record->followup_state = -1;
      if (muying_sql_column_type (stmt, 7) != SQLITE_NULL &&
          muying_followup_state_from_string ((const char *) muying_sql_column_text (stmt, 7), &state))
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
