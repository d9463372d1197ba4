/* muying-store-review.c: doctor review and sign-off, and amendments of signed records (the
 * semantics are in muying-store-worklist.h)
 *
 * Every public function here is one transaction: checks, the change, a review or follow-up
 * step row where there is one, and one audit row (entity "record", the record's id) whose JSON
 * detail names the review or step row it goes with ("review_id", "step_id"), so the history
 * shows each event once. The follow-up steps are in muying-store-followup.c, later results in
 * muying-store-results.c.
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
#include "muying-store-records.h"
#include "muying-store-users.h"
#include "muying-store-worklist-private.h"

/* ---- helpers ---------------------------------------------------------------------------- */

static gboolean
required_error (const char *what,
                GError    **error)
{
  /* TRANSLATORS: %s is “原因” or “备注” */
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT, _("%s is required"), what);
  return FALSE;
}

static gboolean
insert_review (MuyingStore        *store,
               gint64              record_id,
               const char         *user,
               MuyingReviewAction  action,
               int                 old_level,
               int                 new_level,
               const char         *reason,
               const char         *note,
               gint64             *review_id,
               GError            **error)
{
  g_autofree char *now = _muying_store_now_iso ();

  /* a level not given (< 0) is NULL */
  return _muying_store_insert_bound_cached (store,
                                            "INSERT INTO review (record_id, user_name, action, old_level, new_level, "
                                            "reason, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                            review_id, error,
                                            'i', record_id, 's', user, 's', muying_review_action_to_string (action),
                                            old_level >= 0 ? 'i' : 'n', (gint64) old_level,
                                            new_level >= 0 ? 'i' : 'n', (gint64) new_level,
                                            's', _muying_store_nonblank (reason), 's', _muying_store_nonblank (note),
                                            's', now, 0);
}

/* ---- review actions --------------------------------------------------------------------- */

static const char * const review_keys[MUYING_N_REVIEW_ACTIONS] = {
  "accept", "raise", "lower", "sign", "amend", "note",
};

const char *
muying_review_action_to_string (MuyingReviewAction action)
{
  g_return_val_if_fail (action < MUYING_N_REVIEW_ACTIONS, NULL);
  return review_keys[action];
}

const char *
muying_review_action_get_label (MuyingReviewAction action)
{
  switch (action)
    {
    case MUYING_REVIEW_ACCEPT:
      return _("Accept the level");
    case MUYING_REVIEW_RAISE:
      return _("Raise the level");
    case MUYING_REVIEW_LOWER:
      return _("Lower the level");
    case MUYING_REVIEW_SIGN:
      return _("Sign");
    case MUYING_REVIEW_AMEND:
      return _("Amend");
    case MUYING_REVIEW_NOTE:
      return _("Add a note");
    case MUYING_N_REVIEW_ACTIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
muying_review_state_get_label (const char *review_state)
{
  if (g_strcmp0 (review_state, "pending") == 0)
    return C_("review state", "Waiting for review");
  if (g_strcmp0 (review_state, "reviewed") == 0)
    return C_("review state", "Reviewed");
  if (g_strcmp0 (review_state, "signed") == 0)
    return C_("review state", "Signed");
  return C_("review state", "No review needed");
}

/* What a change of level means for the follow-up (muying_followup_plan_level_change, see the
 * header). Adds a "followup" member to @b when something changed and sets @step_id to the step
 * row written. */
static gboolean
followup_after_level (MuyingStore                   *store,
                      const MuyingRecordInfo        *r,
                      MuyingLevel                    old_level,
                      MuyingLevel                    new_level,
                      const char                    *user,
                      const char                    *reason,
                      const MuyingFollowupDeadlines *deadlines,
                      const GDate                   *today,
                      JsonBuilder                   *b,
                      gint64                        *step_id,
                      GError                       **error)
{
  g_auto(MuyingFollowupRow) f = { 0 };
  g_autofree char *outcome = NULL;
  MuyingLevelChange change;
  MuyingFollowupPlan plan;

  *step_id = 0;
  if (old_level == new_level)
    return TRUE;
  if (!_muying_store_load_followup (store, r->id, &f, error))
    return FALSE;
  _muying_store_level_change_init (&change, MUYING_LEVEL_CHANGE_REVIEW, r, &f, old_level, new_level, NULL, today);
  muying_followup_plan_level_change (deadlines, &change, &plan);
  if (plan.action == MUYING_FOLLOWUP_PLAN_CLOSE)
    outcome = g_strdup_printf (_("Level lowered to low risk at review: %s"), reason ? reason : "");
  return _muying_store_apply_followup_plan (store, r->id, &f, &plan, user, today, NULL,
                                            plan.action == MUYING_FOLLOWUP_PLAN_CLOSE ? outcome : reason, outcome, b,
                                            step_id, error);
}

static gboolean
locked_error (const MuyingRecordInfo *r,
              GError          **error)
{
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD,
               _("Record %s was signed by a doctor and is locked; change it as an amendment with a reason"), r->key);
  return FALSE;
}

static gboolean
apply_review (MuyingStore                   *store,
              MuyingUser                    *actor,
              const MuyingRecordInfo        *r,
              const MuyingReview            *review,
              const MuyingFollowupDeadlines *deadlines,
              const GDate                   *today,
              GError                       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *now = _muying_store_now_iso ();
  const char *user = muying_user_get_login (actor);
  const char *audit_action = "review";
  gboolean is_signed = g_strcmp0 (r->review_state, "signed") == 0;
  MuyingLevel new_level = r->level;
  gint64 review_id = 0, step_id = 0;

  json_builder_begin_object (b);
  switch (review->action)
    {
    case MUYING_REVIEW_ACCEPT:
      if (is_signed)
        return locked_error (r, error);
      if (g_strcmp0 (r->review_state, "pending") != 0 && g_strcmp0 (r->review_state, "reviewed") != 0)
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                       _("Record %s is not flagged: there is no level to accept (raise it instead)"), r->key);
          return FALSE;
        }
      if (!_muying_store_exec_bound (store, "UPDATE record SET row_version = row_version + 1, "
                                            "review_state = 'reviewed', updated_at = ?, updated_by = ? WHERE id = ?",
                                     error, 's', now, 's', user, 'i', r->id, 0))
        return FALSE;
      break;

    case MUYING_REVIEW_RAISE:
    case MUYING_REVIEW_LOWER:
      if (is_signed)
        return locked_error (r, error);
      if (review->new_level < MUYING_LEVEL_LOW || review->new_level > MUYING_LEVEL_HIGH ||
          (review->action == MUYING_REVIEW_RAISE && review->new_level <= (int) r->level) ||
          (review->action == MUYING_REVIEW_LOWER && review->new_level >= (int) r->level))
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                       review->action == MUYING_REVIEW_RAISE ? _("The new level must be higher than %s")
                                                             : _("The new level must be lower than %s"),
                       muying_level_get_label (r->level));
          return FALSE;
        }
      new_level = review->new_level;
      if (!_muying_store_exec_bound (store, "UPDATE record SET row_version = row_version + 1, "
                                            "level = ?, review_state = 'reviewed', updated_at = ?, updated_by = ? "
                              "WHERE id = ?", error, 'i', (gint64) new_level, 's', now, 's', user, 'i', r->id, 0) ||
          !followup_after_level (store, r, r->level, new_level, user, review->reason, deadlines, today, b, &step_id,
                                 error))
        return FALSE;
      break;

    case MUYING_REVIEW_NOTE:
      break;

    case MUYING_REVIEW_SIGN:
      audit_action = "sign";
      if (is_signed)
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD,
                       _("Record %s is already signed; change it as an amendment with a reason"), r->key);
          return FALSE;
        }
      if (g_strcmp0 (r->review_state, "pending") != 0 && g_strcmp0 (r->review_state, "reviewed") != 0)
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                       _("Record %s is not flagged and was not reviewed: there is nothing to sign"), r->key);
          return FALSE;
        }
      if (!_muying_store_exec_bound (store, "UPDATE record SET row_version = row_version + 1, "
                                            "review_state = 'signed', signed_by = ?, signed_at = ?, "
                              "updated_at = ?, updated_by = ? WHERE id = ?", error,
                                     'i', muying_user_get_id (actor), 's', now, 's', now, 's', user, 'i', r->id, 0))
        return FALSE;
      _muying_store_member_string (b, "level", muying_level_to_string (r->level));
      /* What was signed includes whom: kept here, since the person row may be corrected later. */
      if (!_muying_store_add_person_snapshot (store, r->id, b, error))
        return FALSE;
      break;

    case MUYING_REVIEW_AMEND:
      audit_action = "amend";
      if (!is_signed)
        {
          g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                       _("Only a signed record is amended; record %s can be reviewed directly"), r->key);
          return FALSE;
        }
      if (review->new_level > MUYING_LEVEL_HIGH || review->new_level < -1)
        {
          g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT, _("Unknown level"));
          return FALSE;
        }
      if (review->new_level >= 0)
        new_level = review->new_level;
      if (new_level == r->level && _muying_store_is_blank (review->note))
        {
          g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                               _("The amendment changes nothing: give a new level or a note"));
          return FALSE;
        }
      if (!_muying_store_exec_bound (store, "UPDATE record SET row_version = row_version + 1, "
                                            "level = ?, signed_by = ?, signed_at = ?, updated_at = ?, "
                              "updated_by = ? WHERE id = ?", error,
                                     'i', (gint64) new_level, 'i', muying_user_get_id (actor), 's', now, 's', now, 's', user,
                                     'i', r->id, 0) ||
          !followup_after_level (store, r, r->level, new_level, user, review->reason, deadlines, today, b, &step_id,
                                 error))
        return FALSE;
      _muying_store_member_string (b, "signed_by", user);
      if (!_muying_store_add_person_snapshot (store, r->id, b, error))
        return FALSE;
      break;

    case MUYING_N_REVIEW_ACTIONS:
    default:
      g_return_val_if_reached (FALSE);
    }

  if (!insert_review (store, r->id, user, review->action,
                      review->action == MUYING_REVIEW_NOTE ? -1 : (int) r->level,
                      review->action == MUYING_REVIEW_NOTE ? -1 : (int) new_level,
                      review->reason, review->note, &review_id, error))
    return FALSE;

  _muying_store_member_string (b, "action", muying_review_action_to_string (review->action));
  _muying_store_member_int (b, "review_id", review_id);
  if (step_id > 0)
    _muying_store_member_int (b, "step_id", step_id);
  if (review->action != MUYING_REVIEW_NOTE)
    {
      _muying_store_member_string (b, "old_level", muying_level_to_string (r->level));
      _muying_store_member_string (b, "new_level", muying_level_to_string (new_level));
    }
  _muying_store_member_string (b, "reason", _muying_store_nonblank (review->reason));
  _muying_store_member_string (b, "note", _muying_store_nonblank (review->note));
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  return muying_store_audit (store, user, audit_action, "record", r->id, detail, error);
}

static MuyingPermission
review_permission (MuyingReviewAction action)
{
  return action == MUYING_REVIEW_SIGN || action == MUYING_REVIEW_AMEND ? MUYING_PERMISSION_SIGN
                                                                       : MUYING_PERMISSION_REVIEW;
}

gboolean
muying_store_review (MuyingStore        *store,
                     MuyingUser         *actor,
                     gint64              record_id,
                     const MuyingReview *review,
                     MuyingRuleSet      *rules,
                     const GDate        *today,
                     GError            **error)
{
  g_auto(MuyingRecordInfo) r = { 0 };
  MuyingFollowupDeadlines deadlines;
  GDate day;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (review != NULL && review->action < MUYING_N_REVIEW_ACTIONS, FALSE);

  if (!muying_user_require (actor, review_permission (review->action), error))
    return FALSE;
  if ((review->action == MUYING_REVIEW_RAISE || review->action == MUYING_REVIEW_LOWER ||
       review->action == MUYING_REVIEW_AMEND) && _muying_store_is_blank (review->reason))
    return required_error (_("The reason"), error);
  if (review->action == MUYING_REVIEW_NOTE && _muying_store_is_blank (review->note))
    return required_error (_("The note"), error);
  /* The store itself asks for the proof of a signature: no caller can sign without it. */
  if (review->action == MUYING_REVIEW_SIGN)
    {
      if (review->password == NULL || *review->password == '\0')
        {
          g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS,
                               _("A signature needs the signer's password"));
          return FALSE;
        }
      if (!muying_store_confirm_password (store, muying_user_get_login (actor), review->password, error))
        return FALSE;
    }

  _muying_store_resolve_today (today, &day);
  _muying_store_load_deadlines (rules, &deadlines);
  if (!muying_store_begin (store, error))
    return FALSE;
  if (!_muying_store_load_record_info (store, record_id, &r, error) ||
      !_muying_store_check_record_seen (store, &r, review->check_version, review->seen_version, error) ||
      !apply_review (store, actor, &r, review, &deadlines, &day, error) ||
      !muying_store_commit (store, error))
    {
      muying_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* ---- amending the data of a signed record ----------------------------------------------- */

typedef gboolean (*SaveFunc) (MuyingStore *store, gconstpointer record, const MuyingClassification *cls,
                              const char *user, MuyingSaveOutcome *outcome, gint64 *record_id, GError **error);

static gboolean
save_prenatal (MuyingStore *store, gconstpointer record, const MuyingClassification *cls, const char *user,
               MuyingSaveOutcome *outcome, gint64 *record_id, GError **error)
{
  return muying_store_save_prenatal (store, record, cls, user, outcome, record_id, error);
}

static gboolean
amend_data (MuyingStore                *store,
            MuyingUser                 *actor,
            gint64                      record_id,
            MuyingProgram               program,
            const char                 *key,
            gconstpointer               record,
            const MuyingClassification *cls,
            SaveFunc                    save,
            int                         level,
            const char                 *reason,
            GError                    **error)
{
  g_auto(MuyingRecordInfo) r = { 0 };
  g_auto(MuyingRecordInfo) saved = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *now = _muying_store_now_iso ();
  const char *user = muying_user_get_login (actor);
  MuyingFollowupDeadlines deadlines;
  MuyingSaveOutcome outcome = MUYING_SAVE_UNCHANGED;
  MuyingLevel new_level;
  gint64 saved_id = 0, review_id = 0, step_id = 0;
  GDate today;

  if (!muying_user_require (actor, MUYING_PERMISSION_SIGN, error))
    return FALSE;
  if (_muying_store_is_blank (reason))
    return required_error (_("The reason"), error);
  if (level < -1 || level > MUYING_LEVEL_HIGH)
    {
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT, _("Unknown level"));
      return FALSE;
    }
  muying_date_today (&today);
  muying_followup_deadlines_init_default (&deadlines);

  if (!muying_store_begin (store, error))
    return FALSE;
  if (!_muying_store_load_record_info (store, record_id, &r, error))
    goto fail;
  if (r.program != program || g_strcmp0 (r.key, key) != 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                   _("The amended record %s is not record %s"), key ? key : "", r.key);
      goto fail;
    }
  if (g_strcmp0 (r.review_state, "signed") != 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                   _("Only a signed record is amended; record %s can be reviewed directly"), r.key);
      goto fail;
    }
  /* Unlock for the save (a reviewed record keeps its level), then sign again below. */
  if (!_muying_store_exec_bound (store, "UPDATE record SET row_version = row_version + 1, "
                                        "review_state = 'reviewed' WHERE id = ?", error, 'i', r.id, 0) ||
      !save (store, record, cls, user, &outcome, &saved_id, error))
    goto fail;
  g_assert (saved_id == r.id);
  /* The follow-up's deadlines count from the record's date as amended. */
  if (!_muying_store_load_record_info (store, r.id, &saved, error))
    goto fail;
  new_level = level >= 0 ? (MuyingLevel) level : r.level;
  if (outcome == MUYING_SAVE_UNCHANGED && new_level == r.level)
    {
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                           _("The amendment changes nothing: give a new level or changed data"));
      goto fail;
    }
  json_builder_begin_object (b);
  if (!_muying_store_exec_bound (store, "UPDATE record SET row_version = row_version + 1, "
                                        "level = ?, review_state = 'signed', signed_by = ?, signed_at = ?, "
                          "updated_at = ?, updated_by = ? WHERE id = ?", error,
                                 'i', (gint64) new_level, 'i', muying_user_get_id (actor), 's', now, 's', now, 's', user,
                                 'i', r.id, 0) ||
      !followup_after_level (store, &saved, r.level, new_level, user, reason, &deadlines, &today, b, &step_id, error) ||
      !insert_review (store, r.id, user, MUYING_REVIEW_AMEND, r.level, new_level, reason,
                      outcome == MUYING_SAVE_UNCHANGED ? NULL : _("Record data changed"), &review_id, error))
    goto fail;
  _muying_store_member_string (b, "action", "amend");
  _muying_store_member_int (b, "review_id", review_id);
  if (step_id > 0)
    _muying_store_member_int (b, "step_id", step_id);
  _muying_store_member_string (b, "old_level", muying_level_to_string (r.level));
  _muying_store_member_string (b, "new_level", muying_level_to_string (new_level));
  _muying_store_member_string (b, "reason", reason);
  json_builder_set_member_name (b, "data");
  json_builder_add_boolean_value (b, outcome != MUYING_SAVE_UNCHANGED);
  _muying_store_member_string (b, "signed_by", user);
  if (!_muying_store_add_person_snapshot (store, r.id, b, error))
    goto fail;
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  if (!muying_store_audit (store, user, "amend", "record", r.id, detail, error) ||
      !muying_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  muying_store_rollback (store);
  return FALSE;
}

gboolean
muying_store_amend_prenatal (MuyingStore                *store,
                             MuyingUser                 *actor,
                             gint64                      record_id,
                             const MuyingPrenatalRecord *record,
                             const MuyingClassification *classification,
                             int                         new_level,
                             const char                 *reason,
                             GError                    **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (store) && MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (record != NULL && classification != NULL, FALSE);
  return amend_data (store, actor, record_id, MUYING_PROGRAM_PRENATAL, record->sample_no, record, classification,
                     save_prenatal, new_level, reason, error);
}
