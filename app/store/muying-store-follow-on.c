/* muying-store-follow-on.c: saving, linking and listing follow-on records
 * (the semantics are in muying-store-follow-on.h)
 *
 * The columns of a kind's table are its descriptor's fields (named by their keys) plus the link
 * (person_id and pregnancy_id, or record_id), linked_by and the created/updated stamps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-followup-step.h"
#include "muying-pregnancy.h"
#include "muying-store-action-private.h"
#include "muying-store-fields-private.h"
#include "muying-store-follow-on.h"
#include "muying-store-follow-on-private.h"
#include "muying-store-users.h"

/* The columns every kind has before its fields, in the order load_row reads them. */
#define ROW_COLUMNS "id, person_id, pregnancy_id, record_id, linked_by, created_at, created_by, updated_at, updated_by"

/* The kind's table as SELECT sees it: the audiology table has no person or pregnancy, the
 * prenatal ones no record; the missing ones read as NULL. */
static char *
select_sql (const MuyingFollowOnDescriptor *d,
            const char                     *where)
{
  g_autoptr(GString) sql = g_string_new ("SELECT t.id, ");

  if (d->id_field != NULL)
    g_string_append (sql, "t.person_id, t.pregnancy_id, NULL, ");
  else
    g_string_append (sql, "NULL, NULL, t.record_id, ");
  g_string_append (sql, "t.linked_by, t.created_at, t.created_by, t.updated_at, t.updated_by, ");
  if (d->id_field != NULL)
    g_string_append (sql, "(SELECT name FROM person WHERE id = t.person_id)");
  else
    g_string_append (sql, "(SELECT p.name FROM newborn n JOIN person p ON p.id = n.mother_id WHERE n.record_id = t.record_id)");
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    g_string_append_printf (sql, ", t.%s", f->key);
  g_string_append_printf (sql, " FROM %s t %s", d->name, where);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

#define N_ROW_COLUMNS 10   /* the columns of select_sql before the fields */

static char *
column_dup (MuyingSqlStmt *stmt,
            int           col)
{
  return g_strdup ((const char *) muying_sql_column_text (stmt, col));
}

static MuyingFollowOnRow *
read_row (const MuyingFollowOnDescriptor *d,
          MuyingSqlStmt                   *stmt)
{
  MuyingFollowOnRow *row = g_new0 (MuyingFollowOnRow, 1);
  int col = N_ROW_COLUMNS;

  row->kind = d->kind;
  row->id = muying_sql_column_int64 (stmt, 0);
  row->person_id = muying_sql_column_int64 (stmt, 1);
  row->pregnancy_id = muying_sql_column_int64 (stmt, 2);
  row->record_id = muying_sql_column_int64 (stmt, 3);
  row->linked_by = column_dup (stmt, 4);
  row->created_at = column_dup (stmt, 5);
  row->created_by = column_dup (stmt, 6);
  row->updated_at = column_dup (stmt, 7);
  row->updated_by = column_dup (stmt, 8);
  row->person_name = column_dup (stmt, 9);
  row->record = d->record_new ();
  for (const MuyingField *f = d->fields; f->key != NULL; f++, col++)
    {
      g_autoptr(GVariant) value = _muying_store_column_value (stmt, col);

      if (!muying_field_set_value (f, row->record, value))
        g_warning ("%s %" G_GINT64_FORMAT ": the stored %s cannot be read", d->name, row->id, f->key);
    }
  return row;
}

void
muying_follow_on_row_free (MuyingFollowOnRow *row)
{
  if (row == NULL)
    return;
  if (row->record != NULL)
    muying_follow_on_descriptor_get (row->kind)->record_free (row->record);
  g_free (row->linked_by);
  g_free (row->person_name);
  g_free (row->created_at);
  g_free (row->created_by);
  g_free (row->updated_at);
  g_free (row->updated_by);
  g_free (row);
}

gboolean
muying_follow_on_row_is_linked (const MuyingFollowOnRow *row)
{
  g_return_val_if_fail (row != NULL, FALSE);
  return row->pregnancy_id != 0 || row->record_id != 0;
}

static GPtrArray *
list_rows (MuyingStore                    *store,
           const MuyingFollowOnDescriptor *d,
           const char                     *where,
           gint64                          bound,
           GPtrArray                      *rows,
           GError                        **error)
{
  g_autofree char *sql = select_sql (d, where);
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (bound != 0)
    muying_sql_bind_int64 (stmt, 1, bound);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (d, stmt));
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }
  return rows;
}

/* ---- finding the case -------------------------------------------------------------------- */

typedef struct
{
  gint64 person_id;      /* prenatal kinds */
  gint64 pregnancy_id;   /* prenatal kinds, 0 = none */
  GDate  first_date;     /* the pregnancy's */
  gint64 record_id;      /* audiology, 0 = none */
  GDate  birth_date;     /* the newborn's */
} CaseLink;

static gboolean
find_person (MuyingStore *store,
             const char  *id_number,
             gint64      *person_id,
             GError     **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store, "SELECT id FROM person WHERE id_number = ?", error);
  int rc;

  *person_id = 0;
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_text (stmt, 1, id_number, -1, SQLITE_STATIC);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    *person_id = muying_sql_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

static gboolean
load_pregnancy_first_date (MuyingStore *store,
                           gint64       pregnancy_id,
                           GDate       *first_date,
                           GError     **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store, "SELECT first_date FROM pregnancy WHERE id = ?", error);
  int rc;

  g_date_clear (first_date, 1);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, pregnancy_id);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    muying_date_parse ((const char *) muying_sql_column_text (stmt, 0), first_date, NULL);
  else if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

/* The woman's pregnancy the event belongs to (muying_pregnancy_match). */
static gboolean
match_pregnancy (MuyingStore *store,
                 gint64       person_id,
                 const GDate *edd,
                 const GDate *date,
                 CaseLink    *link,
                 GError     **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store,
      "SELECT id, edd, first_date FROM pregnancy WHERE person_id = ? ORDER BY first_date, id", error);
  g_autoptr(GArray) spans = g_array_new (FALSE, TRUE, sizeof (MuyingPregnancySpan));
  g_autoptr(GArray) ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  int rc, p;

  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, person_id);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      MuyingPregnancySpan span;
      gint64 id = muying_sql_column_int64 (stmt, 0);

      g_date_clear (&span.edd, 1);
      g_date_clear (&span.first_date, 1);
      muying_date_parse ((const char *) muying_sql_column_text (stmt, 1), &span.edd, NULL);
      muying_date_parse ((const char *) muying_sql_column_text (stmt, 2), &span.first_date, NULL);
      g_array_append_val (spans, span);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  p = muying_pregnancy_match ((MuyingPregnancySpan *) (gpointer) spans->data, spans->len, edd, date);
  if (p >= 0)
    {
      link->pregnancy_id = g_array_index (ids, gint64, p);
      link->first_date = g_array_index (spans, MuyingPregnancySpan, p).first_date;
    }
  return TRUE;
}

static gboolean
find_newborn (MuyingStore *store,
              const char  *sample_no,
              gint64       record_id,
              CaseLink    *link,
              GError     **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  int rc;

  stmt = muying_store_query_cached (store, record_id != 0
                                      ? "SELECT id, record_date FROM record WHERE program = 'newborn' AND id = ?"
                                      : "SELECT id, record_date FROM record WHERE program = 'newborn' AND record_key = ?",
                                      error);
  if (stmt == NULL)
    return FALSE;
  if (record_id != 0)
    muying_sql_bind_int64 (stmt, 1, record_id);
  else
    muying_sql_bind_text (stmt, 1, sample_no, -1, SQLITE_STATIC);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    {
      link->record_id = muying_sql_column_int64 (stmt, 0);
      muying_date_parse ((const char *) muying_sql_column_text (stmt, 1), &link->birth_date, NULL);
    }
  else if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

static const char *
text_of (const MuyingFollowOnDescriptor *d,
         const char                     *key,
         gconstpointer                   record)
{
  const MuyingField *field = muying_follow_on_descriptor_find (d, key);

  return G_STRUCT_MEMBER (const char *, record, field->offset);
}

static const GDate *
date_of (const MuyingFollowOnDescriptor *d,
         const char                     *key,
         gconstpointer                  record)
{
  const MuyingField *field = muying_follow_on_descriptor_find (d, key);

  return (const GDate *) G_STRUCT_MEMBER_P (record, field->offset);
}

/* The case the record belongs to by its own data. */
static gboolean
find_case (MuyingStore                    *store,
           const MuyingFollowOnDescriptor *d,
           gconstpointer                   record,
           CaseLink                       *link,
           GError                        **error)
{
  memset (link, 0, sizeof *link);
  g_date_clear (&link->first_date, 1);
  g_date_clear (&link->birth_date, 1);
  if (d->id_field != NULL)
    {
      const GDate *edd = date_of (d, "edd", record);

      if (!find_person (store, text_of (d, d->id_field, record), &link->person_id, error))
        return FALSE;
      return link->person_id == 0 ||
             match_pregnancy (store, link->person_id, edd, date_of (d, d->date_field, record), link, error);
    }
  return find_newborn (store, text_of (d, d->sample_field, record), 0, link, error);
}

/* ---- what a case refuses ----------------------------------------------------------------- */

static gboolean
refuse (GError    **error,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError    **error,
        const char *format,
        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT, message);
  return FALSE;
}

static gboolean
check_against_case (MuyingStore                    *store,
                    const MuyingFollowOnDescriptor *d,
                    gconstpointer                   record,
                    gint64                          own_id,
                    const CaseLink                 *link,
                    GError                        **error)
{
  const GDate *date = date_of (d, d->date_field, record);

  if (d->kind == MUYING_FOLLOW_ON_PREGNANCY_OUTCOME && link->pregnancy_id != 0)
    {
      g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
      int rc;

      if (g_date_valid (&link->first_date) && g_date_compare (date, &link->first_date) < 0)
        {
          g_autofree char *first = muying_date_format (&link->first_date);

          return refuse (error, _("The outcome is dated before the pregnancy's first screening (%s)"), first);
        }
      stmt = muying_store_query_cached (store, "SELECT end_date FROM pregnancy_outcome WHERE pregnancy_id = ? AND id <> ?",
                                          error);
      if (stmt == NULL)
        return FALSE;
      muying_sql_bind_int64 (stmt, 1, link->pregnancy_id);
      muying_sql_bind_int64 (stmt, 2, own_id);
      rc = muying_sql_step (stmt);
      if (rc == SQLITE_ROW)
        return refuse (error, _("This pregnancy already has an outcome dated %s; correct that one instead of adding another"),
                       (const char *) muying_sql_column_text (stmt, 0));
      if (rc != SQLITE_DONE)
        return muying_store_set_error (store, rc, error);
    }
  if (d->kind == MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS && link->pregnancy_id != 0 && g_date_valid (&link->first_date) &&
      g_date_compare (date, &link->first_date) < 0)
    {
      g_autofree char *first = muying_date_format (&link->first_date);

      return refuse (error, _("The diagnosis is dated before the pregnancy's first screening (%s)"), first);
    }
  if (d->kind == MUYING_FOLLOW_ON_AUDIOLOGY && link->record_id != 0 && g_date_valid (&link->birth_date) &&
      g_date_compare (date, &link->birth_date) < 0)
    {
      g_autofree char *birth = muying_date_format (&link->birth_date);

      return refuse (error, _("The audiology diagnosis is dated before the birth (%s)"), birth);
    }
  return TRUE;
}

/* ---- the effect on the follow-up of each record of the case --------------------------------- */

static gboolean
case_record_ids (MuyingStore    *store,
                 const CaseLink *link,
                 GArray         *ids,
                 GError        **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  int rc;

  if (link->record_id != 0)
    {
      g_array_append_val (ids, link->record_id);
      return TRUE;
    }
  if (link->pregnancy_id == 0)
    return TRUE;
  stmt = muying_store_query_cached (store, "SELECT record_id FROM prenatal WHERE pregnancy_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, link->pregnancy_id);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = muying_sql_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

/* Applies the record's effect to every open follow-up of its case; adds a "cases" member to @b. */
static gboolean
apply_effect (MuyingStore                    *store,
              const MuyingFollowOnDescriptor *d,
              gconstpointer                   record,
              const CaseLink                 *link,
              MuyingRuleSet                  *rules,
              const char                     *user,
              JsonBuilder                    *b,
              GError                        **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *note = muying_follow_on_describe (d->kind, record);
  const GDate *day = date_of (d, d->date_field, record);
  MuyingFollowupDeadlines deadlines;
  MuyingFollowOnEffect effect;
  gboolean any = FALSE;

  if (!case_record_ids (store, link, ids, error))
    return FALSE;
  muying_follow_on_get_effect (d->kind, record, &effect);
  _muying_store_load_deadlines (rules, &deadlines);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 record_id = g_array_index (ids, gint64, i);
      g_auto(MuyingFollowupRow) f = { 0 };
      g_auto(MuyingRecordInfo) r = { 0 };
      g_autofree char *old_due = NULL;
      MuyingFollowupState old_state;
      gint64 step_id = 0;

      if (!_muying_store_load_followup (store, record_id, &f, error))
        return FALSE;
      if (f.id == 0 || muying_followup_state_is_closed (f.state))
        continue;   /* a case without an open follow-up keeps the record on its timeline only */
      old_state = f.state;
      old_due = g_strdup (f.due_date);
      switch (effect.kind)
        {
        case MUYING_FOLLOW_ON_EFFECT_DONE:
          {
            MuyingFollowupPlan plan = { MUYING_FOLLOWUP_PLAN_CLOSE };
            /* TRANSLATORS: the outcome of a follow-up closed by a follow-on record, e.g. “妊娠结局：活产” */
            g_autofree char *outcome = g_strdup_printf (_("Complete: %s"), note);

            g_date_clear (&plan.due, 1);
            if (!_muying_store_apply_followup_plan (store, record_id, &f, &plan, user, day, d->name, note, outcome, NULL,
                                                    &step_id, error))
              return FALSE;
            f.state = MUYING_FOLLOWUP_DONE;
            break;
          }
        case MUYING_FOLLOW_ON_EFFECT_NEXT_STEP:
          {
            MuyingFollowupContext ctx;
            GDate due;

            if (!_muying_store_load_record_info (store, record_id, &r, error))
              return FALSE;
            _muying_store_record_context (&r, &ctx);
            muying_followup_compute_due (&deadlines, &ctx, MUYING_FOLLOWUP_NEXT_STEP, effect.step, day, NULL, &due);
            g_free (f.due_date);
            f.due_date = muying_date_format (&due);
            f.state = MUYING_FOLLOWUP_NEXT_STEP;
            if (!_muying_store_exec_bound (store, "UPDATE followup SET row_version = row_version + 1, "
                                                  "state = 'next_step', next_step = ?, due_date = ? WHERE id = ?",
                                           error, 's', effect.step, 's', f.due_date, 'i', f.id, 0) ||
                !_muying_store_insert_step (store, f.id, f.state, effect.step, day, user, note, &step_id, error))
              return FALSE;
            break;
          }
        case MUYING_FOLLOW_ON_EFFECT_NOTE:
        default:
          if (!_muying_store_insert_step (store, f.id, f.state, d->name, day, user, note, &step_id, error))
            return FALSE;
          break;
        }
      if (!any)
        {
          json_builder_set_member_name (b, "cases");
          json_builder_begin_array (b);
          any = TRUE;
        }
      json_builder_begin_object (b);
      _muying_store_member_int (b, "record_id", record_id);
      _muying_store_member_pair (b, "state", muying_followup_state_to_string (old_state),
                                 muying_followup_state_to_string (f.state));
      _muying_store_member_pair (b, "due", old_due, f.due_date);
      if (step_id != 0)
        _muying_store_member_int (b, "step_id", step_id);
      json_builder_end_object (b);
    }
  if (any)
    json_builder_end_array (b);
  return TRUE;
}

/* ---- saving ------------------------------------------------------------------------------ */

static gboolean
load_existing (MuyingStore                    *store,
               const MuyingFollowOnDescriptor *d,
               gconstpointer                   record,
               MuyingFollowOnRow             **existing,
               GError                        **error)
{
  g_autoptr(GString) where = g_string_new ("WHERE ");
  g_autofree char *sql = NULL;
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  int rc, n = 1;

  *existing = NULL;
  for (guint i = 0; d->key_fields[i] != NULL; i++)
    g_string_append_printf (where, "%st.%s = ?", i > 0 ? " AND " : "", d->key_fields[i]);
  sql = select_sql (d, where->str);
  stmt = muying_store_query_cached (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; d->key_fields[i] != NULL; i++)
    _muying_store_bind_field (stmt, n++, muying_follow_on_descriptor_find (d, d->key_fields[i]), record);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    *existing = read_row (d, stmt);
  else if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

/* The changed fields as {"key": [old, new]}; FALSE when nothing changed. */
static gboolean
diff_fields (const MuyingFollowOnDescriptor *d,
             gconstpointer                   old_record,
             gconstpointer                   record,
             JsonBuilder                    *b)
{
  gboolean any = FALSE;

  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    {
      g_autofree char *old_text = muying_field_to_text (f, old_record);
      g_autofree char *new_text = muying_field_to_text (f, record);

      if (g_strcmp0 (old_text, new_text) == 0)
        continue;
      if (!any)
        {
          json_builder_set_member_name (b, "changes");
          json_builder_begin_object (b);
          any = TRUE;
        }
      _muying_store_member_pair (b, f->key, *old_text != '\0' ? old_text : NULL, *new_text != '\0' ? new_text : NULL);
    }
  if (any)
    json_builder_end_object (b);
  return any;
}

static gboolean
write_row (MuyingStore                    *store,
           const MuyingFollowOnDescriptor *d,
           gconstpointer                   record,
           gint64                          existing_id,
           const CaseLink                 *link,
           gboolean                        keep_link,
           const char                     *user,
           gint64                         *id,
           GError                        **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *now = _muying_store_now_iso ();
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  int n = 1;

  if (existing_id == 0)
    {
      g_string_printf (sql, "INSERT INTO %s (", d->name);
      for (const MuyingField *f = d->fields; f->key != NULL; f++)
        g_string_append_printf (sql, "%s, ", f->key);
      g_string_append (sql, d->id_field != NULL ? "person_id, pregnancy_id" : "record_id");
      g_string_append (sql, ", created_at, created_by, updated_at, updated_by) VALUES (");
      for (const MuyingField *f = d->fields; f->key != NULL; f++)
        g_string_append (sql, "?, ");
      g_string_append (sql, d->id_field != NULL ? "?, ?, ?, ?, ?, ?) RETURNING id" : "?, ?, ?, ?, ?) RETURNING id");
    }
  else
    {
      g_string_printf (sql, "UPDATE %s SET ", d->name);
      for (const MuyingField *f = d->fields; f->key != NULL; f++)
        g_string_append_printf (sql, "%s = ?, ", f->key);
      if (!keep_link)
        g_string_append (sql, d->id_field != NULL ? "person_id = ?, pregnancy_id = ?, " : "record_id = ?, ");
      g_string_append (sql, "updated_at = ?, updated_by = ? WHERE id = ?");
    }
  /* an import saves row after row: a few texts per kind, each prepared once */
  stmt = muying_store_query_cached (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    _muying_store_bind_field (stmt, n++, f, record);
  if (existing_id == 0 || !keep_link)
    {
      if (d->id_field != NULL)
        {
          if (link->person_id != 0)
            muying_sql_bind_int64 (stmt, n, link->person_id);
          n++;
          if (link->pregnancy_id != 0)
            muying_sql_bind_int64 (stmt, n, link->pregnancy_id);
          n++;
        }
      else
        {
          if (link->record_id != 0)
            muying_sql_bind_int64 (stmt, n, link->record_id);
          n++;
        }
    }
  if (existing_id == 0)
    {
      muying_sql_bind_text (stmt, n++, now, -1, SQLITE_STATIC);
      muying_sql_bind_text (stmt, n++, user, -1, SQLITE_STATIC);
    }
  muying_sql_bind_text (stmt, n++, now, -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, n++, user, -1, SQLITE_STATIC);
  if (existing_id != 0)
    {
      muying_sql_bind_int64 (stmt, n++, existing_id);
      *id = existing_id;
      if (!_muying_store_step_done (store, stmt, error))
        return FALSE;
    }
  else if (!_muying_store_step_inserted (store, stmt, id, error))
    return FALSE;
  /* hearing_loss is derived from the two ears (the statistics count it) */
  if (d->kind == MUYING_FOLLOW_ON_AUDIOLOGY)
    {
      const char *loss = muying_audiology_hearing_loss (record);

      if (!_muying_store_exec_bound (store, "UPDATE audiology SET hearing_loss = ? WHERE id = ?", error,
                                     loss != NULL ? 's' : 'n', loss, 'i', *id, 0))
        return FALSE;
    }
  return TRUE;
}

static void
member_link (JsonBuilder    *b,
             const CaseLink *link)
{
  if (link->pregnancy_id != 0)
    _muying_store_member_int (b, "pregnancy_id", link->pregnancy_id);
  if (link->record_id != 0)
    _muying_store_member_int (b, "record_id", link->record_id);
  if (link->pregnancy_id == 0 && link->record_id == 0)
    _muying_store_member_string (b, "link", "none");
}

static void
link_from_row (const MuyingFollowOnRow *row,
               CaseLink                *link)
{
  memset (link, 0, sizeof *link);
  g_date_clear (&link->first_date, 1);
  g_date_clear (&link->birth_date, 1);
  link->person_id = row->person_id;
  link->pregnancy_id = row->pregnancy_id;
  link->record_id = row->record_id;
}

/* Saves @record as a new row or over the row of its natural key; with @edit_id, over that row,
 * whose date may change (the correction of a mistyped date) as long as no other row has the new key. */
static gboolean
save_follow_on (MuyingStore        *self,
                MuyingFollowOnKind  kind,
                gint64              edit_id,
                gconstpointer       record,
                MuyingRuleSet      *rules,
                const char         *user,
                MuyingSaveOutcome  *outcome,
                gint64             *id,
                gboolean           *linked,
                GError            **error)
{
  const MuyingFollowOnDescriptor *d;
  g_autoptr(MuyingFollowOnRow) existing = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  gboolean keep_link = FALSE;
  CaseLink link;
  gint64 row_id = 0;

  d = muying_follow_on_descriptor_get (kind);
  if (!load_existing (self, d, record, &existing, error))
    return FALSE;
  if (edit_id != 0)
    {
      if (existing != NULL && existing->id != edit_id)
        return refuse (error, _("Another record already has this number and date: open that one to change it"));
      if (existing == NULL && (existing = muying_store_load_follow_on (self, kind, edit_id, error)) == NULL)
        return FALSE;
    }
  /* A link made by hand stays (the data that would link it automatically is what was wrong). */
  if (existing != NULL && existing->linked_by != NULL && muying_follow_on_row_is_linked (existing))
    {
      keep_link = TRUE;
      link_from_row (existing, &link);
      if (link.pregnancy_id != 0 && !load_pregnancy_first_date (self, link.pregnancy_id, &link.first_date, error))
        return FALSE;
      if (link.record_id != 0 && !find_newborn (self, NULL, link.record_id, &link, error))
        return FALSE;
    }
  else if (!find_case (self, d, record, &link, error))
    return FALSE;

  json_builder_begin_object (b);
  if (existing != NULL && !diff_fields (d, existing->record, record, b))
    {
      json_builder_end_object (b);
      if (outcome)
        *outcome = MUYING_SAVE_UNCHANGED;
      if (id)
        *id = existing->id;
      if (linked)
        *linked = muying_follow_on_row_is_linked (existing);
      return TRUE;
    }
  if (!check_against_case (self, d, record, existing != NULL ? existing->id : 0, &link, error) ||
      !write_row (self, d, record, existing != NULL ? existing->id : 0, &link, keep_link, user, &row_id, error))
    return FALSE;
  member_link (b, &link);
  if (!apply_effect (self, d, record, &link, rules, user, b, error))
    return FALSE;
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  if (!muying_store_audit (self, user, existing != NULL ? "update" : "create", d->name, row_id, detail, error))
    return FALSE;
  if (outcome)
    *outcome = existing != NULL ? MUYING_SAVE_UPDATED : MUYING_SAVE_INSERTED;
  if (id)
    *id = row_id;
  if (linked)
    *linked = link.pregnancy_id != 0 || link.record_id != 0;
  return TRUE;
}

gboolean
muying_store_save_follow_on (MuyingStore        *self,
                             MuyingFollowOnKind  kind,
                             gconstpointer       record,
                             MuyingRuleSet      *rules,
                             const char         *user,
                             MuyingSaveOutcome  *outcome,
                             gint64             *id,
                             gboolean           *linked,
                             GError            **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind < MUYING_N_FOLLOW_ON_KINDS && record != NULL, FALSE);

  return save_follow_on (self, kind, 0, record, rules, user, outcome, id, linked, error);
}

gboolean
muying_store_edit_follow_on (MuyingStore        *self,
                             MuyingUser         *actor,
                             MuyingFollowOnKind  kind,
                             gint64              row_id,
                             gconstpointer       record,
                             MuyingRuleSet      *rules,
                             gint64             *id,
                             gboolean           *linked,
                             GError            **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (kind < MUYING_N_FOLLOW_ON_KINDS && record != NULL, FALSE);

  if (!muying_user_require (actor, MUYING_PERMISSION_ENTER, error) || !muying_store_begin (self, error))
    return FALSE;
  if (!save_follow_on (self, kind, row_id, record, rules, muying_user_get_login (actor), NULL, id, linked, error) ||
      !muying_store_commit (self, error))
    {
      muying_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* ---- linking by hand --------------------------------------------------------------------- */

static gboolean
link_by_hand (MuyingStore                    *store,
              const MuyingFollowOnDescriptor *d,
              const MuyingFollowOnRow        *row,
              gint64                          case_record_id,
              MuyingRuleSet                  *rules,
              const char                     *user,
              GError                        **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *sql = NULL;
  CaseLink link;

  memset (&link, 0, sizeof link);
  g_date_clear (&link.first_date, 1);
  g_date_clear (&link.birth_date, 1);
  if (d->id_field != NULL)
    {
      g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store,
          "SELECT r.person_id, n.pregnancy_id, p.id_number FROM record r JOIN prenatal n ON n.record_id = r.id "
          "JOIN person p ON p.id = r.person_id WHERE r.id = ?", error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      muying_sql_bind_int64 (stmt, 1, case_record_id);
      rc = muying_sql_step (stmt);
      if (rc == SQLITE_DONE)
        return refuse (error, _("The case to link to is not a prenatal screening record"));
      if (rc != SQLITE_ROW)
        return muying_store_set_error (store, rc, error);
      if (g_strcmp0 ((const char *) muying_sql_column_text (stmt, 2), text_of (d, d->id_field, row->record)) != 0)
        return refuse (error, _("The screening record is of another woman (the ID numbers differ)"));
      link.person_id = muying_sql_column_int64 (stmt, 0);
      link.pregnancy_id = muying_sql_column_int64 (stmt, 1);
      if (!load_pregnancy_first_date (store, link.pregnancy_id, &link.first_date, error))
        return FALSE;
    }
  else
    {
      if (!find_newborn (store, NULL, case_record_id, &link, error))
        return FALSE;
      if (link.record_id == 0)
        return refuse (error, _("The case to link to is not a newborn screening record"));
    }
  if (!check_against_case (store, d, row->record, row->id, &link, error))
    return FALSE;
  sql = g_strdup_printf (d->id_field != NULL
                         ? "UPDATE %s SET person_id = ?, pregnancy_id = ?, linked_by = ?, updated_at = ?, updated_by = ? WHERE id = ?"
                         : "UPDATE %s SET record_id = ?, linked_by = ?, updated_at = ?, updated_by = ? WHERE id = ?", d->name);
  {
    g_autofree char *now = _muying_store_now_iso ();
    gboolean ok = d->id_field != NULL
      ? _muying_store_exec_bound (store, sql, error, 'i', link.person_id, 'i', link.pregnancy_id, 's', user, 's', now,
                                  's', user, 'i', row->id, 0)
      : _muying_store_exec_bound (store, sql, error, 'i', link.record_id, 's', user, 's', now, 's', user, 'i', row->id, 0);

    if (!ok)
      return FALSE;
  }
  json_builder_begin_object (b);
  _muying_store_member_int (b, "case_record_id", case_record_id);
  member_link (b, &link);
  if (!apply_effect (store, d, row->record, &link, rules, user, b, error))
    return FALSE;
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  return muying_store_audit (store, user, "link", d->name, row->id, detail, error);
}

gboolean
muying_store_link_follow_on (MuyingStore        *self,
                             MuyingUser         *actor,
                             MuyingFollowOnKind  kind,
                             gint64              id,
                             gint64              case_record_id,
                             MuyingRuleSet      *rules,
                             GError            **error)
{
  g_autoptr(MuyingFollowOnRow) row = NULL;

  g_return_val_if_fail (MUYING_IS_STORE (self), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (kind < MUYING_N_FOLLOW_ON_KINDS, FALSE);

  if (!muying_user_require (actor, MUYING_PERMISSION_ENTER, error) || !muying_store_begin (self, error))
    return FALSE;
  row = muying_store_load_follow_on (self, kind, id, error);
  if (row == NULL ||
      !link_by_hand (self, muying_follow_on_descriptor_get (kind), row, case_record_id, rules,
                     muying_user_get_login (actor), error) ||
      !muying_store_commit (self, error))
    {
      muying_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* ---- links made by a later screening record -------------------------------------------------- */

gboolean
_muying_store_follow_on_linked (MuyingStore        *store,
                                MuyingFollowOnKind  kind,
                                gint64              id,
                                const char         *user,
                                GError            **error)
{
  const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (kind);
  g_autoptr(MuyingFollowOnRow) row = muying_store_load_follow_on (store, kind, id, error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  CaseLink link;

  if (row == NULL)
    return FALSE;
  link_from_row (row, &link);
  json_builder_begin_object (b);
  _muying_store_member_string (b, "by", "screening_record");
  member_link (b, &link);
  if (!apply_effect (store, d, row->record, &link, NULL, user, b, error))
    return FALSE;
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  return muying_store_audit (store, user, "link", d->name, id, detail, error);
}

gboolean
_muying_store_link_audiology (MuyingStore  *store,
                              gint64        record_id,
                              const char   *sample_no,
                              const char   *user,
                              GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  {
    g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store,
        "SELECT id FROM audiology WHERE sample_no = ? AND record_id IS NULL", error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    muying_sql_bind_text (stmt, 1, sample_no, -1, SQLITE_STATIC);
    while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = muying_sql_column_int64 (stmt, 0);

        g_array_append_val (ids, id);
      }
    if (rc != SQLITE_DONE)
      return muying_store_set_error (store, rc, error);
  }
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      if (!_muying_store_exec_bound (store, "UPDATE audiology SET record_id = ? WHERE id = ?", error,
                                     'i', record_id, 'i', id, 0) ||
          !_muying_store_follow_on_linked (store, MUYING_FOLLOW_ON_AUDIOLOGY, id, user, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- reading ----------------------------------------------------------------------------- */

MuyingFollowOnRow *
muying_store_load_follow_on (MuyingStore        *self,
                             MuyingFollowOnKind  kind,
                             gint64              id,
                             GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_follow_on_row_free);

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);
  g_return_val_if_fail (kind < MUYING_N_FOLLOW_ON_KINDS, NULL);

  if (list_rows (self, muying_follow_on_descriptor_get (kind), "WHERE t.id = ?", id, rows, error) == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND, _("No such %s (number %lld)"),
                   _(muying_follow_on_descriptor_get (kind)->label), (long long) id);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

/* The column that links a row of @d to its case: the pregnancy (prenatal kinds) or the newborn's
 * record; NULL there = 未关联. */
static const char *
link_column (const MuyingFollowOnDescriptor *d)
{
  return d->id_field != NULL ? "pregnancy_id" : "record_id";
}

GPtrArray *
muying_store_list_unlinked_follow_on (MuyingStore        *self,
                                      MuyingFollowOnKind  kind,
                                      GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_follow_on_row_free);

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  for (guint k = 0; k < MUYING_N_FOLLOW_ON_KINDS; k++)
    {
      const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (k);
      g_autofree char *where = NULL;

      if (kind != MUYING_N_FOLLOW_ON_KINDS && kind != k)
        continue;
      where = g_strdup_printf ("WHERE t.%s IS NULL ORDER BY t.%s DESC, t.id DESC", link_column (d), d->date_field);
      if (list_rows (self, d, where, 0, rows, error) == NULL)
        return NULL;
    }
  return g_steal_pointer (&rows);
}

gint64
muying_store_count_unlinked_follow_on (MuyingStore  *self,
                                       GError      **error)
{
  gint64 total = 0;

  g_return_val_if_fail (MUYING_IS_STORE (self), -1);

  for (guint k = 0; k < MUYING_N_FOLLOW_ON_KINDS; k++)
    {
      const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (k);
      /* The link column is indexed, so IS NULL reads only the unlinked rows. */
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s IS NULL", d->name, link_column (d));
      g_autoptr(MuyingSqlStmt) stmt = muying_store_query (self, sql, error);
      int rc;

      if (stmt == NULL)
        return -1;
      if ((rc = muying_sql_step (stmt)) != SQLITE_ROW)
        {
          muying_store_set_error (self, rc, error);
          return -1;
        }
      total += muying_sql_column_int64 (stmt, 0);
    }
  return total;
}

static const GDate *
row_date (const MuyingFollowOnRow *row)
{
  const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (row->kind);

  return date_of (d, d->date_field, row->record);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const MuyingFollowOnRow *x = *(MuyingFollowOnRow * const *) a;
  const MuyingFollowOnRow *y = *(MuyingFollowOnRow * const *) b;
  int c = g_date_compare (row_date (x), row_date (y));

  if (c != 0)
    return c;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id ? 1 : 0);
}

GPtrArray *
muying_store_list_case_follow_on (MuyingStore  *self,
                                  gint64        record_id,
                                  GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_follow_on_row_free);

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  {
    gint64 pregnancy_id = muying_store_get_record_pregnancy (self, record_id, error);

    if (pregnancy_id < 0)
      return NULL;
    if (pregnancy_id > 0 &&
        (list_rows (self, &muying_prenatal_diagnosis_descriptor, "WHERE t.pregnancy_id = ?", pregnancy_id, rows, error) == NULL ||
         list_rows (self, &muying_pregnancy_outcome_descriptor, "WHERE t.pregnancy_id = ?", pregnancy_id, rows, error) == NULL))
      return NULL;
  }
  if (list_rows (self, &muying_audiology_descriptor, "WHERE t.record_id = ?", record_id, rows, error) == NULL)
    return NULL;
  g_ptr_array_sort (rows, compare_rows);
  return g_steal_pointer (&rows);
}

/* ---- pregnancies ------------------------------------------------------------------------- */

void
muying_pregnancy_info_free (MuyingPregnancyInfo *info)
{
  if (info == NULL)
    return;
  g_clear_pointer (&info->record_ids, g_array_unref);
  g_free (info);
}

GPtrArray *
muying_store_list_pregnancies (MuyingStore  *self,
                               gint64        person_id,
                               GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_pregnancy_info_free);
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autoptr(MuyingSqlStmt) records = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (self), NULL);

  stmt = muying_store_query (self, "SELECT id, edd, first_date FROM pregnancy WHERE person_id = ? ORDER BY first_date, id",
                               error);
  records = muying_store_query (self, "SELECT n.record_id FROM prenatal n JOIN record r ON r.id = n.record_id "
                                  "WHERE n.pregnancy_id = ? ORDER BY r.record_date, r.id", error);
  if (stmt == NULL || records == NULL)
    return NULL;
  muying_sql_bind_int64 (stmt, 1, person_id);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      MuyingPregnancyInfo *info = g_new0 (MuyingPregnancyInfo, 1);

      info->id = muying_sql_column_int64 (stmt, 0);
      g_date_clear (&info->edd, 1);
      g_date_clear (&info->first_date, 1);
      muying_date_parse ((const char *) muying_sql_column_text (stmt, 1), &info->edd, NULL);
      muying_date_parse ((const char *) muying_sql_column_text (stmt, 2), &info->first_date, NULL);
      info->record_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_ptr_array_add (list, info);
      muying_sql_reset (records);
      muying_sql_bind_int64 (records, 1, info->id);
      while ((rc = muying_sql_step (records)) == SQLITE_ROW)
        {
          gint64 id = muying_sql_column_int64 (records, 0);

          g_array_append_val (info->record_ids, id);
        }
      if (rc != SQLITE_DONE)
        break;
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
muying_store_get_record_pregnancy (MuyingStore  *self,
                                   gint64        record_id,
                                   GError      **error)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (self), -1);

  stmt = muying_store_query_cached (self, "SELECT pregnancy_id FROM prenatal WHERE record_id = ?", error);
  if (stmt == NULL)
    return -1;
  muying_sql_bind_int64 (stmt, 1, record_id);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    return muying_sql_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (self, rc, error);
      return -1;
    }
  return 0;
}
