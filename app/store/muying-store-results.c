/* muying-store-results.c: later results (what happened after the screening) entered on a
 * record, which re-classify it when the rules read them (the semantics are in
 * muying-store-worklist.h)
 *
 * muying_store_enter_result() is one transaction: the result, the new classification, a
 * follow-up step row when the record has a follow-up, and one audit row (entity "record", the
 * record's id) with old → new.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-id-number.h"
#include "muying-store-action-private.h"
#include "muying-store-fields-private.h"
#include "muying-store-users.h"
#include "muying-store-worklist.h"

/* ---- later results: reading a record back for the rules --------------------------------- */

static char *
col_dup (MuyingSqlStmt *stmt,
         int           col)
{
  return g_strdup ((const char *) muying_sql_column_text (stmt, col));
}

/* The stored value(s) of the fields the result writes, before it is written. */
static gboolean
read_result_values (MuyingStore             *store,
                    const MuyingRecordInfo  *r,
                    const MuyingLaterResult *result,
                    char                   **old_value,
                    char                   **old_value2,
                    GError                 **error)
{
  const MuyingProgramDescriptor *d = muying_result_kind_get_descriptor (result->kind);
  const MuyingField *field2 = muying_result_kind_get_field2 (result->kind);
  g_autofree char *sql = NULL;
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT %s, %s FROM %s WHERE record_id = ?", muying_result_kind_get_field (result->kind)->key,
                         field2 != NULL ? field2->key : "NULL", d->table);
  stmt = muying_store_query (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, r->id);
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_ROW)
    return muying_store_set_error (store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  *old_value = col_dup (stmt, 0);
  *old_value2 = col_dup (stmt, 1);
  return TRUE;
}

/* Writes the result into its fields: the value, the second value and the date where the kind has
 * fields for them (the hearing rescreen: both ears and the rescreen date). */
static gboolean
write_result_values (MuyingStore             *store,
                     const MuyingRecordInfo  *r,
                     const MuyingLaterResult *result,
                     const char              *day,
                     GError                 **error)
{
  const MuyingProgramDescriptor *d = muying_result_kind_get_descriptor (result->kind);
  const MuyingField *field2 = muying_result_kind_get_field2 (result->kind);
  const MuyingField *date_field = muying_result_kind_get_date_field (result->kind);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int n = 1;

  g_string_printf (sql, "UPDATE %s SET %s = ?", d->table, muying_result_kind_get_field (result->kind)->key);
  if (field2 != NULL)
    g_string_append_printf (sql, ", %s = ?", field2->key);
  if (date_field != NULL)
    g_string_append_printf (sql, ", %s = ?", date_field->key);
  g_string_append (sql, " WHERE record_id = ?");
  stmt = muying_store_query (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_text (stmt, n++, result->value, -1, SQLITE_STATIC);
  if (field2 != NULL)
    muying_sql_bind_text (stmt, n++, result->value2, -1, SQLITE_STATIC);
  if (date_field != NULL)
    muying_sql_bind_text (stmt, n++, day, -1, SQLITE_STATIC);
  muying_sql_bind_int64 (stmt, n, r->id);
  return _muying_store_step_done (store, stmt, error);
}

static gboolean
apply_result (MuyingStore             *store,
              MuyingUser              *actor,
              const MuyingRecordInfo  *r,
              const MuyingLaterResult *result,
              MuyingRuleSet           *rules,
              const MuyingFollowupDeadlines *deadlines,
              GError                 **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_auto(MuyingFollowupRow) f = { 0 };
  g_autofree char *old_value = NULL;
  g_autofree char *old_value2 = NULL;
  g_autofree char *day = muying_date_format (&result->date);
  g_autofree char *detail = NULL;
  g_autofree char *new_codes = NULL;
  g_autofree char *new_review_state = NULL;
  g_autofree char *step_note = NULL;
  g_autofree char *old_due = NULL;
  g_autofree char *outcome = NULL;
  const char *user = muying_user_get_login (actor);
  const char *value_label;
  gboolean two_values = muying_result_kind_get_field2 (result->kind) != NULL;
  MuyingLevel new_level = r->level;
  MuyingFollowupState old_state;
  gboolean had_followup;
  gint64 step_id = 0;

  if (!read_result_values (store, r, result, &old_value, &old_value2, error))
    return FALSE;
  if (g_strcmp0 (old_value, result->value) == 0 && (!two_values || g_strcmp0 (old_value2, result->value2) == 0))
    return TRUE;   /* nothing new */
  if (!write_result_values (store, r, result, day, error))
    return FALSE;

  json_builder_begin_object (b);
  _muying_store_member_string (b, "kind", muying_result_kind_to_string (result->kind));
  _muying_store_member_pair (b, "value", old_value, result->value);
  if (two_values)
    _muying_store_member_pair (b, "value2", old_value2, result->value2);
  _muying_store_member_string (b, "date", day);
  _muying_store_member_string (b, "note", _muying_store_nonblank (result->note));

  if (muying_result_kind_reclassifies (result->kind))
    {
      cls = _muying_store_classify_stored (store, rules, r->id, r->program, error);
      if (cls == NULL)
        return FALSE;
      new_codes = muying_classification_join_codes (cls, ";");
      if (!_muying_store_write_classification (store, r, cls, user, &new_level, &new_review_state, error))
        return FALSE;
      _muying_store_member_pair (b, "level", muying_level_to_string (r->level), muying_level_to_string (new_level));
      _muying_store_member_pair (b, "computed_level", muying_level_to_string (r->computed_level),
                                 muying_level_to_string (cls->level));
      _muying_store_member_pair (b, "reasons", r->reasons, new_codes);
      _muying_store_member_pair (b, "review_state", r->review_state, new_review_state);
      _muying_store_member_string (b, "rules_version", cls->rules_version);
    }
  else
    {
      g_autofree char *now = _muying_store_now_iso ();

      if (!_muying_store_exec_bound (store, "UPDATE record SET row_version = row_version + 1, "
                                            "updated_at = ?, updated_by = ? WHERE id = ?", error,
                                     's', now, 's', user, 'i', r->id, 0))
        return FALSE;
    }

  /* The follow-up's timeline gets the result; one waiting for it moves on, and the level the
   * result gave decides the rest (muying_followup_plan_level_change). */
  if (!_muying_store_load_followup (store, r->id, &f, error))
    return FALSE;
  had_followup = f.id != 0;
  old_state = f.state;
  old_due = g_strdup (f.due_date);
  value_label = muying_result_value_get_label (result->kind, result->value);
  if (two_values)
    step_note = g_strdup_printf (_("%s: left %s, right %s"), muying_result_kind_get_label (result->kind),
                                 value_label, muying_result_value_get_label (result->kind, result->value2));
  else
    step_note = g_strdup_printf ("%s%s%s", muying_result_kind_get_label (result->kind), _(": "), value_label);
  if (!_muying_store_is_blank (result->note))
    {
      char *with_note = g_strdup_printf ("%s%s%s", step_note, _("; "), result->note);

      g_free (step_note);
      step_note = with_note;
    }

  if (f.id != 0 && f.state == MUYING_FOLLOWUP_NEXT_STEP)
    {
      MuyingFollowupContext ctx;
      GDate due;

      _muying_store_record_context (r, &ctx);
      muying_followup_compute_due (deadlines, &ctx, MUYING_FOLLOWUP_RESULT, f.next_step, &result->date, NULL, &due);
      f.state = MUYING_FOLLOWUP_RESULT;
      g_free (f.due_date);
      f.due_date = muying_date_format (&due);
      if (!_muying_store_exec_bound (store, "UPDATE followup SET row_version = row_version + 1, "
                                            "state = ?, due_date = ? WHERE id = ?", error,
                                     's', muying_followup_state_to_string (f.state), 's', f.due_date, 'i', f.id, 0))
        return FALSE;
    }

  if (cls != NULL)
    {
      MuyingLevelChange change;
      MuyingFollowupPlan plan;

      _muying_store_level_change_init (&change, MUYING_LEVEL_CHANGE_RESULT, r, &f, r->level, new_level, cls,
                                       &result->date);
      muying_followup_plan_level_change (deadlines, &change, &plan);
      if (plan.action == MUYING_FOLLOWUP_PLAN_CLOSE)
        /* TRANSLATORS: %s is the result, e.g. “阴道镜：正常” */
        outcome = g_strdup_printf (_("No longer needs follow-up: low risk after the result (%s)"), step_note);
      if (!_muying_store_apply_followup_plan (store, r->id, &f, &plan, user, &result->date,
                                              muying_result_kind_to_string (result->kind), step_note, outcome, NULL,
                                              &step_id, error))
        return FALSE;
      if (plan.action != MUYING_FOLLOWUP_PLAN_KEEP)
        {
          _muying_followup_row_clear (&f);
          if (!_muying_store_load_followup (store, r->id, &f, error))
            return FALSE;
        }
    }

  if (f.id != 0 && step_id == 0 &&
      !_muying_store_insert_step (store, f.id, f.state, muying_result_kind_to_string (result->kind), &result->date, user,
                                  step_note, &step_id, error))
    return FALSE;
  if (f.id != 0 && (!had_followup || f.state != old_state || g_strcmp0 (f.due_date, old_due) != 0))
    {
      json_builder_set_member_name (b, "followup");
      json_builder_begin_object (b);
      if (had_followup)
        _muying_store_member_string (b, "from", muying_followup_state_to_string (old_state));
      _muying_store_member_string (b, "to", muying_followup_state_to_string (f.state));
      _muying_store_member_pair (b, "due", old_due, f.due_date);
      _muying_store_member_string (b, "outcome", outcome);
      json_builder_end_object (b);
    }
  if (step_id != 0)
    _muying_store_member_int (b, "step_id", step_id);
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  return muying_store_audit (store, user, "result", "record", r->id, detail, error);
}

gboolean
muying_store_enter_result (MuyingStore             *store,
                           MuyingUser              *actor,
                           gint64                   record_id,
                           const MuyingLaterResult *result,
                           MuyingRuleSet           *rules,
                           const GDate             *today,
                           GError                 **error)
{
  g_auto(MuyingRecordInfo) r = { 0 };
  MuyingFollowupDeadlines deadlines;
  GDate day;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (result != NULL && result->kind < MUYING_N_RESULT_KINDS, FALSE);
  g_return_val_if_fail (rules != NULL || !muying_result_kind_reclassifies (result->kind), FALSE);

  if (!muying_user_require (actor, MUYING_PERMISSION_FOLLOW_UP, error))
    return FALSE;
  _muying_store_resolve_today (today, &day);
  _muying_store_load_deadlines (rules, &deadlines);
  if (!muying_store_begin (store, error))
    return FALSE;
  if (!_muying_store_load_record_info (store, record_id, &r, error) ||
      !_muying_store_check_record_seen (store, &r, result->check_version, result->seen_version, error) ||
      !muying_result_check (result, r.program, &day, error) ||
      !apply_result (store, actor, &r, result, rules, &deadlines, error) ||
      !muying_store_commit (store, error))
    {
      muying_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}
