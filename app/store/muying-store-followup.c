/* muying-store-followup.c: the steps of a follow-up: transitions, contact attempts, reopening
 * a closed follow-up and reversing a wrong step (the semantics are in muying-store-worklist.h)
 *
 * Every public function here is one transaction: checks, the change, a follow-up step row and
 * one audit row (entity "record", the record's id) whose JSON detail names the step row it goes
 * with ("step_id"), so the history shows each event once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-store-action-private.h"
#include "muying-store-users.h"
#include "muying-store-worklist-private.h"

static const char *
suggested_step (const MuyingRecordInfo *r)
{
  g_auto(GStrv) codes = g_strsplit (r->reasons ? r->reasons : "", ";", -1);

  /* The returned string is static (a table entry of muying-followup.c). */
  return muying_followup_suggest_step (r->program, (const char * const *) codes);
}

/* ---- follow-up -------------------------------------------------------------------------- */

static gboolean
no_followup_error (const MuyingRecordInfo *r,
                   GError          **error)
{
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
               _("Record %s has no follow-up"), r->key);
  return FALSE;
}

static gboolean
apply_transition (MuyingStore                    *store,
                  MuyingUser                     *actor,
                  const MuyingRecordInfo         *r,
                  const MuyingFollowupRow        *f,
                  const MuyingFollowupTransition *t,
                  const MuyingFollowupDeadlines  *deadlines,
                  const GDate                    *today,
                  GError                        **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *day = muying_date_format (&t->date);
  g_autofree char *due_text = NULL;
  const char *user = muying_user_get_login (actor);
  const char *next_step = NULL;
  const char *outcome = NULL;
  MuyingFollowupContext ctx;
  GDate current_due, due;
  gint64 step_id = 0;
  int attempts;
  gboolean closing = muying_followup_state_is_closed (t->to);

  if (!muying_followup_check_transition (r->program, f->state, t, &r->record_date, today, error))
    return FALSE;

  _muying_store_record_context (r, &ctx);
  g_date_clear (&current_due, 1);
  if (f->due_date != NULL)
    muying_date_parse (f->due_date, &current_due, NULL);
  attempts = f->contact_attempts;
  switch (t->to)
    {
    case MUYING_FOLLOWUP_NOTIFIED:
      /* The expected next step is what the rules recommend; its deadline applies from now. */
      next_step = suggested_step (r);
      attempts++;
      break;
    case MUYING_FOLLOWUP_NEXT_STEP:
      next_step = t->step;
      break;
    case MUYING_FOLLOWUP_RESULT:
      next_step = f->next_step;
      break;
    case MUYING_FOLLOWUP_DONE:
      next_step = f->next_step;
      outcome = t->outcome;
      break;
    case MUYING_FOLLOWUP_DECLINED:
      next_step = f->next_step;
      outcome = t->note;
      break;
    case MUYING_FOLLOWUP_LOST:
      next_step = f->next_step;
      outcome = t->note;
      attempts = MAX (attempts, t->contact_attempts);
      break;
    case MUYING_FOLLOWUP_OPEN:
    case MUYING_N_FOLLOWUP_STATES:
    default:
      g_return_val_if_reached (FALSE);
    }
  muying_followup_compute_due (deadlines, &ctx, t->to, next_step, &t->date, &current_due, &due);
  due_text = muying_date_format (&due);

  if (!_muying_store_exec_bound (store, "UPDATE followup SET row_version = row_version + 1, "
                                        "state = ?, due_date = ?, next_step = ?, contact_attempts = ?, "
                          "outcome = coalesce(?, outcome), closed_at = ? WHERE id = ?", error,
                                 's', muying_followup_state_to_string (t->to), 's', due_text, 's', next_step,
                                 'i', (gint64) attempts, 's', outcome, closing ? 's' : 'n', day, 'i', f->id, 0) ||
      !_muying_store_insert_step (store, f->id, t->to, t->to == MUYING_FOLLOWUP_NEXT_STEP ? t->step : NULL, &t->date,
                                  user,
                                  t->to == MUYING_FOLLOWUP_DONE && _muying_store_is_blank (t->note) ? t->outcome : t->note,
                                  &step_id, error))
    return FALSE;

  json_builder_begin_object (b);
  _muying_store_member_int (b, "followup_id", f->id);
  _muying_store_member_int (b, "step_id", step_id);
  _muying_store_member_string (b, "from", muying_followup_state_to_string (f->state));
  _muying_store_member_string (b, "to", muying_followup_state_to_string (t->to));
  _muying_store_member_string (b, "date", day);
  if (t->to == MUYING_FOLLOWUP_NEXT_STEP)
    _muying_store_member_string (b, "step", t->step);
  _muying_store_member_string (b, "note", _muying_store_nonblank (t->note));
  if (t->to == MUYING_FOLLOWUP_DONE)
    _muying_store_member_string (b, "outcome", t->outcome);
  if (t->to == MUYING_FOLLOWUP_DECLINED)
    {
      json_builder_set_member_name (b, "refusal_signed");
      json_builder_add_boolean_value (b, TRUE);
    }
  _muying_store_member_int (b, "contact_attempts", attempts);
  if (g_strcmp0 (f->due_date, due_text) != 0)
    _muying_store_member_pair (b, "due", f->due_date, due_text);
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  return muying_store_audit (store, user, "followup", "record", r->id, detail, error);
}

MuyingPermission
muying_followup_transition_permission (MuyingFollowupState to)
{
  return to == MUYING_FOLLOWUP_NOTIFIED ? MUYING_PERMISSION_CONTACT : MUYING_PERMISSION_FOLLOW_UP;
}

/* Begins the transaction of an action on the follow-up of @record_id and reads the record and
 * its follow-up, refused when @check and the follow-up is no longer at @seen_version; on
 * failure (a record without follow-up included) nothing stays begun. */
static gboolean
begin_followup_action (MuyingStore        *store,
                       gint64              record_id,
                       gboolean            check,
                       gint64              seen_version,
                       MuyingRecordInfo   *r,
                       MuyingFollowupRow  *f,
                       GError            **error)
{
  if (!muying_store_begin (store, error))
    return FALSE;
  if (!_muying_store_load_record_info (store, record_id, r, error) ||
      !_muying_store_load_followup (store, record_id, f, error) ||
      (f->id == 0 && !no_followup_error (r, error)) ||
      !_muying_store_check_followup_seen (store, r, f, check, seen_version, error))
    {
      muying_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gboolean
muying_store_followup_transition (MuyingStore                    *store,
                                  MuyingUser                     *actor,
                                  gint64                          record_id,
                                  const MuyingFollowupTransition *transition,
                                  MuyingRuleSet                  *rules,
                                  const GDate                    *today,
                                  GError                        **error)
{
  g_auto(MuyingRecordInfo) r = { 0 };
  g_auto(MuyingFollowupRow) f = { 0 };
  MuyingFollowupDeadlines deadlines;
  GDate day;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (transition != NULL, FALSE);

  /* Nurses record the contact (notified); every other step is a doctor's. */
  if (!muying_user_require (actor, muying_followup_transition_permission (transition->to), error))
    return FALSE;
  _muying_store_resolve_today (today, &day);
  _muying_store_load_deadlines (rules, &deadlines);
  /* someone else's step since this one was chosen comes first: it may be why the step no longer fits */
  if (!begin_followup_action (store, record_id, transition->check_version, transition->seen_version, &r, &f, error))
    return FALSE;
  if (!apply_transition (store, actor, &r, &f, transition, &deadlines, &day, error) ||
      !muying_store_commit (store, error))
    {
      muying_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gboolean
muying_store_followup_contact_attempt (MuyingStore  *store,
                                       MuyingUser   *actor,
                                       gint64        record_id,
                                       gint64        seen_version,
                                       const GDate  *date,
                                       const char   *note,
                                       const GDate  *today,
                                       GError      **error)
{
  g_auto(MuyingRecordInfo) r = { 0 };
  g_auto(MuyingFollowupRow) f = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *day_text = NULL;
  const char *user;
  gint64 step_id = 0;
  GDate day;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);

  if (!muying_user_require (actor, MUYING_PERMISSION_CONTACT, error))
    return FALSE;
  user = muying_user_get_login (actor);
  _muying_store_resolve_today (today, &day);
  if (date == NULL || !g_date_valid (date))
    date = &day;
  if (g_date_compare (date, &day) > 0)
    {
      g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                           _("The date is in the future"));
      return FALSE;
    }
  day_text = muying_date_format (date);
  if (!begin_followup_action (store, record_id, seen_version >= 0, seen_version, &r, &f, error))
    return FALSE;
  if (!muying_followup_check_contact_attempt (f.state, error) ||
      !_muying_store_exec_bound (store, "UPDATE followup SET row_version = row_version + 1, "
                                        "contact_attempts = contact_attempts + 1 WHERE id = ?",
                                 error, 'i', f.id, 0) ||
      !_muying_store_insert_step (store, f.id, f.state, "contact_attempt", date, user, note, &step_id, error))
    goto fail;
  json_builder_begin_object (b);
  _muying_store_member_int (b, "followup_id", f.id);
  _muying_store_member_int (b, "step_id", step_id);
  _muying_store_member_string (b, "state", muying_followup_state_to_string (f.state));
  _muying_store_member_string (b, "date", day_text);
  _muying_store_member_string (b, "note", _muying_store_nonblank (note));
  _muying_store_member_int (b, "contact_attempts", f.contact_attempts + 1);
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  if (!muying_store_audit (store, user, "followup_contact", "record", r.id, detail, error) ||
      !muying_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  muying_store_rollback (store);
  return FALSE;
}

/* Moves the follow-up @f back to @back, due again by @back's deadline from @day, with
 * @attempts contacts and no outcome, and records it: a step row named @step with @reason and
 * the audit row @audit_action (naming @reversed_step_id when it is not 0). Never a delete: the
 * steps before stay in the history. Reopening and reversing a step both end here. */
static gboolean
step_back (MuyingStore                   *store,
           const char                    *user,
           const MuyingRecordInfo        *r,
           const MuyingFollowupRow       *f,
           MuyingFollowupState            back,
           int                            attempts,
           const char                    *step,
           gint64                         reversed_step_id,
           const char                    *reason,
           const MuyingFollowupDeadlines *deadlines,
           const GDate                   *day,
           const char                    *audit_action,
           GError                       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *due_text = NULL;
  MuyingFollowupContext ctx;
  gint64 step_id = 0;
  GDate due;

  _muying_store_record_context (r, &ctx);
  muying_followup_compute_due (deadlines, &ctx, back, f->next_step, day, NULL, &due);
  due_text = muying_date_format (&due);
  if (!_muying_store_exec_bound (store, "UPDATE followup SET row_version = row_version + 1, "
                                        "state = ?, due_date = ?, contact_attempts = ?, "
                                        "outcome = NULL, closed_at = NULL WHERE id = ?", error,
                                 's', muying_followup_state_to_string (back), 's', due_text,
                                 'i', (gint64) attempts, 'i', f->id, 0) ||
      !_muying_store_insert_step (store, f->id, back, step, day, user, reason, &step_id, error))
    return FALSE;
  json_builder_begin_object (b);
  _muying_store_member_int (b, "followup_id", f->id);
  _muying_store_member_int (b, "step_id", step_id);
  if (reversed_step_id != 0)
    _muying_store_member_int (b, "reversed_step_id", reversed_step_id);
  _muying_store_member_string (b, "from", muying_followup_state_to_string (f->state));
  _muying_store_member_string (b, "to", muying_followup_state_to_string (back));
  _muying_store_member_string (b, "reason", reason);
  _muying_store_member_pair (b, "due", f->due_date, due_text);
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  return muying_store_audit (store, user, audit_action, "record", r->id, detail, error);
}

/* The state a follow-up had before it was closed: that of its last step that was not a
 * closing one, else open. */
static gboolean
state_before_closing (MuyingStore         *store,
                      gint64               followup_id,
                      MuyingFollowupState *state,
                      GError             **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  *state = MUYING_FOLLOWUP_OPEN;
  stmt = muying_store_query (store,
                               "SELECT state FROM followup_step WHERE followup_id = ? AND "
                               "state <> 'done' AND state <> 'declined' AND state <> 'lost' ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, followup_id);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    muying_followup_state_from_string ((const char *) muying_sql_column_text (stmt, 0), state);
  else if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

gboolean
muying_store_followup_reopen (MuyingStore    *store,
                              MuyingUser     *actor,
                              gint64          record_id,
                              const char     *reason,
                              MuyingRuleSet  *rules,
                              const GDate    *today,
                              GError        **error)
{
  g_auto(MuyingRecordInfo) r = { 0 };
  g_auto(MuyingFollowupRow) f = { 0 };
  MuyingFollowupDeadlines deadlines;
  MuyingFollowupState back;
  GDate day;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);

  if (!muying_user_require (actor, MUYING_PERMISSION_SIGN, error))
    return FALSE;
  _muying_store_resolve_today (today, &day);
  _muying_store_load_deadlines (rules, &deadlines);
  if (!begin_followup_action (store, record_id, FALSE, -1, &r, &f, error))
    return FALSE;
  if (!muying_followup_check_reopen (f.state, reason, error) ||
      !state_before_closing (store, f.id, &back, error) ||
      !step_back (store, muying_user_get_login (actor), &r, &f, back, f.contact_attempts, "reopen", 0, reason,
                  &deadlines, &day, "followup_reopen", error) ||
      !muying_store_commit (store, error))
    {
      muying_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* The last step that changed the state (contact attempts do not) and the state before it. */
static gboolean
last_state_step (MuyingStore         *store,
                 gint64               followup_id,
                 gint64              *step_id,
                 MuyingFollowupState *state,
                 char               **step,
                 MuyingFollowupState *before,
                 GError             **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  *step_id = 0;
  *before = MUYING_FOLLOWUP_OPEN;
  stmt = muying_store_query (store,
                               "SELECT id, state, step FROM followup_step WHERE followup_id = ? AND "
                               "(step IS NULL OR step <> 'contact_attempt') ORDER BY id DESC LIMIT 2", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, followup_id);
  for (int i = 0; (rc = muying_sql_step (stmt)) == SQLITE_ROW; i++)
    {
      MuyingFollowupState *target = i == 0 ? state : before;

      if (i == 0)
        {
          *step_id = muying_sql_column_int64 (stmt, 0);
          *step = g_strdup ((const char *) muying_sql_column_text (stmt, 2));
        }
      muying_followup_state_from_string ((const char *) muying_sql_column_text (stmt, 1), target);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

gboolean
muying_store_followup_reverse_step (MuyingStore    *store,
                                    MuyingUser     *actor,
                                    gint64          record_id,
                                    gint64          seen_version,
                                    const char     *reason,
                                    MuyingRuleSet  *rules,
                                    const GDate    *today,
                                    GError        **error)
{
  g_auto(MuyingRecordInfo) r = { 0 };
  g_auto(MuyingFollowupRow) f = { 0 };
  g_autofree char *last_step = NULL;
  MuyingFollowupDeadlines deadlines;
  MuyingFollowupState last = MUYING_FOLLOWUP_OPEN, back;
  gint64 last_id = 0;
  int attempts;
  GDate day;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);

  if (_muying_store_is_blank (reason))
    {
      g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_MISSING_FIELD,
                           _("Say why the step is reversed"));
      return FALSE;
    }
  _muying_store_resolve_today (today, &day);
  _muying_store_load_deadlines (rules, &deadlines);
  if (!begin_followup_action (store, record_id, seen_version >= 0, seen_version, &r, &f, error))
    return FALSE;
  if (!last_state_step (store, f.id, &last_id, &last, &last_step, &back, error))
    goto fail;
  if (last_id == 0 || g_strcmp0 (last_step, "reversal") == 0 || g_strcmp0 (last_step, "reopen") == 0 ||
      last != f.state)
    {
      g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_ILLEGAL,
                           _("There is no recorded step to reverse"));
      goto fail;
    }
  /* Whoever may record the step may reverse it (nurses: their notification). */
  if (!muying_user_require (actor, muying_followup_transition_permission (last), error))
    goto fail;
  attempts = f.contact_attempts - (last == MUYING_FOLLOWUP_NOTIFIED ? 1 : 0);
  if (!step_back (store, muying_user_get_login (actor), &r, &f, back, MAX (0, attempts), "reversal", last_id, reason,
                  &deadlines, &day, "followup_reverse", error) ||
      !muying_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  muying_store_rollback (store);
  return FALSE;
}
