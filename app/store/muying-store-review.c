/* muying-store-review.c: doctor review and sign-off, amendments, follow-up transitions and
 * later results (the semantics are in muying-store-worklist.h)
 *
 * Every public function here is one transaction: checks, the change, a review or follow-up
 * step row where there is one, and one audit row (entity "record", the record's id) whose JSON
 * detail names the review or step row it goes with ("review_id", "step_id"), so the history
 * shows each event once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "muying-date.h"
#include "muying-store-private.h"
#include "muying-error.h"
#include "muying-id-number.h"
#include "muying-store-records.h"
#include "muying-store-users.h"
#include "muying-store-worklist.h"

/* ---- helpers ---------------------------------------------------------------------------- */

/* The same clock format as the audit trail, so history rows sort together. */
static void
resolve_today (const GDate *today,
               GDate       *out)
{
  if (today != NULL && g_date_valid (today))
    *out = *today;
  else
    muying_date_today (out);
}

static char *
builder_to_string (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static void
member_string (JsonBuilder *b,
               const char  *name,
               const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
member_int (JsonBuilder *b,
            const char  *name,
            gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
member_pair (JsonBuilder *b,
             const char  *name,
             const char  *old_value,
             const char  *new_value)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  if (old_value)
    json_builder_add_string_value (b, old_value);
  else
    json_builder_add_null_value (b);
  if (new_value)
    json_builder_add_string_value (b, new_value);
  else
    json_builder_add_null_value (b);
  json_builder_end_array (b);
}

static gboolean
step_done (MuyingStore  *store,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static const char *
nonblank (const char *text)
{
  return is_blank (text) ? NULL : text;
}

static gboolean
required_error (const char *what,
                GError    **error)
{
  /* TRANSLATORS: %s is “原因” or “备注” */
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT, _("%s is required"), what);
  return FALSE;
}

static void
load_deadlines (MuyingRuleSet           *rules,
                MuyingFollowupDeadlines *deadlines)
{
  g_autoptr(GError) error = NULL;

  if (rules == NULL)
    {
      muying_followup_deadlines_init_default (deadlines);
      return;
    }
  if (!muying_followup_deadlines_load (deadlines, muying_rule_set_get_data_dir (rules), &error))
    {
      g_warning ("%s; using the default follow-up deadlines", error->message);
      muying_followup_deadlines_init_default (deadlines);
    }
}

/* What every action needs to know about the record. */
typedef struct
{
  gint64         id;
  MuyingProgram  program;
  char          *key;
  MuyingLevel    level;
  MuyingLevel    computed_level;
  char          *review_state;
  GDate          record_date;
  GDate          edd;
  char          *reasons;   /* codes ;-separated */
} RecordInfo;

static void
record_info_clear (RecordInfo *r)
{
  g_clear_pointer (&r->key, g_free);
  g_clear_pointer (&r->review_state, g_free);
  g_clear_pointer (&r->reasons, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RecordInfo, record_info_clear)

static gboolean
load_record_info (MuyingStore *store,
                  gint64       record_id,
                  RecordInfo  *r,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *edd;
  int rc;

  stmt = muying_store_prepare (store,
                               "SELECT r.program, r.record_key, r.level, r.computed_level, r.review_state, r.record_date,"
                               " (SELECT edd FROM prenatal x WHERE x.record_id = r.id),"
                               " (SELECT coalesce(group_concat(code, ';'), '') FROM"
                               "   (SELECT c.code AS code FROM reason c WHERE c.record_id = r.id ORDER BY c.code))"
                               " FROM record r WHERE r.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                   _("Record %lld does not exist"), (long long) record_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return muying_store_set_error (store, rc, error);
  r->id = record_id;
  if (!muying_program_from_string ((const char *) sqlite3_column_text (stmt, 0), &r->program))
    r->program = MUYING_PROGRAM_PRENATAL;
  r->key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  r->level = CLAMP (sqlite3_column_int (stmt, 2), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
  r->computed_level = CLAMP (sqlite3_column_int (stmt, 3), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
  r->review_state = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  g_date_clear (&r->record_date, 1);
  g_date_clear (&r->edd, 1);
  muying_date_parse ((const char *) sqlite3_column_text (stmt, 5), &r->record_date, NULL);
  edd = (const char *) sqlite3_column_text (stmt, 6);
  if (edd != NULL)
    muying_date_parse (edd, &r->edd, NULL);
  r->reasons = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  return TRUE;
}

static void
record_context (const RecordInfo      *r,
                MuyingFollowupContext *ctx)
{
  ctx->program = r->program;
  ctx->record_date = r->record_date;
  ctx->edd = r->edd;
}

static const char *
suggested_step (const RecordInfo *r)
{
  g_auto(GStrv) codes = g_strsplit (r->reasons ? r->reasons : "", ";", -1);

  /* The returned string is static (a table entry of muying-followup.c). */
  return muying_followup_suggest_step (r->program, (const char * const *) codes);
}

typedef struct
{
  gint64               id;
  MuyingFollowupState  state;
  char                *due_date;
  char                *next_step;
  int                  contact_attempts;
} FollowupRow;

static void
followup_row_clear (FollowupRow *f)
{
  g_clear_pointer (&f->due_date, g_free);
  g_clear_pointer (&f->next_step, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FollowupRow, followup_row_clear)

/* FALSE with an error on failure; TRUE with f->id == 0 when the record has no follow-up. */
static gboolean
load_followup (MuyingStore *store,
               gint64       record_id,
               FollowupRow *f,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MuyingFollowupState state = MUYING_FOLLOWUP_OPEN;
  int rc;

  f->id = 0;
  stmt = muying_store_prepare (store,
                               "SELECT id, state, due_date, next_step, contact_attempts FROM followup WHERE record_id = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return muying_store_set_error (store, rc, error);
  f->id = sqlite3_column_int64 (stmt, 0);
  muying_followup_state_from_string ((const char *) sqlite3_column_text (stmt, 1), &state);
  f->state = state;
  f->due_date = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  f->next_step = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  f->contact_attempts = sqlite3_column_int (stmt, 4);
  return TRUE;
}

static gboolean
insert_step (MuyingStore         *store,
             gint64               followup_id,
             MuyingFollowupState  state,
             const char          *step,
             const GDate         *date,
             const char          *user,
             const char          *note,
             gint64              *step_id,
             GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *day = muying_date_format (date);
  g_autofree char *now = _muying_store_now_iso ();

  stmt = muying_store_prepare (store,
                               "INSERT INTO followup_step (followup_id, state, step, step_date, user_name, note, "
                               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, followup_id);
  sqlite3_bind_text (stmt, 2, muying_followup_state_to_string (state), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, step, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, nonblank (note), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  if (!step_done (store, stmt, error))
    return FALSE;
  if (step_id != NULL)
    *step_id = sqlite3_last_insert_rowid (muying_store_get_handle (store));
  return TRUE;
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _muying_store_now_iso ();

  stmt = muying_store_prepare (store,
                               "INSERT INTO review (record_id, user_name, action, old_level, new_level, reason, note, at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record_id);
  sqlite3_bind_text (stmt, 2, user, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, muying_review_action_to_string (action), -1, SQLITE_STATIC);
  if (old_level >= 0)
    sqlite3_bind_int (stmt, 4, old_level);
  if (new_level >= 0)
    sqlite3_bind_int (stmt, 5, new_level);
  sqlite3_bind_text (stmt, 6, nonblank (reason), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, nonblank (note), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
  if (!step_done (store, stmt, error))
    return FALSE;
  *review_id = sqlite3_last_insert_rowid (muying_store_get_handle (store));
  return TRUE;
}

static gboolean
exec_bound (MuyingStore  *store,
            const char   *sql,
            GError      **error,
            ...)
{
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store, sql, error);
  va_list args;
  const char *text;
  int i = 1;

  if (stmt == NULL)
    return FALSE;
  /* Arguments: pairs of type ('s' text, 'i' gint64, 'n' null: the value is ignored) and value,
   * ended by 0. */
  va_start (args, error);
  for (int type = va_arg (args, int); type != 0; type = va_arg (args, int), i++)
    switch (type)
      {
      case 's':
        text = va_arg (args, const char *);
        sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
        break;
      case 'i':
        sqlite3_bind_int64 (stmt, i, va_arg (args, gint64));
        break;
      default:
        (void) va_arg (args, gpointer);
        sqlite3_bind_null (stmt, i);
        break;
      }
  va_end (args);
  return step_done (store, stmt, error);
}

static const char *
actor_login (MuyingUser *actor)
{
  return muying_user_get_login (actor);
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

/* What a change of level means for the follow-up (see the header). Adds a "followup" member
 * to @b when something changed and sets @step_id to the step row written. */
static gboolean
followup_after_level (MuyingStore                   *store,
                      const RecordInfo              *r,
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
  g_auto(FollowupRow) f = { 0 };
  g_autofree char *day = muying_date_format (today);
  g_autofree char *now = _muying_store_now_iso ();
  g_autofree char *due = NULL;
  GDate first, current;

  *step_id = 0;
  if (old_level == new_level)
    return TRUE;
  if (!load_followup (store, r->id, &f, error))
    return FALSE;

  if (new_level == MUYING_LEVEL_LOW)
    {
      g_autofree char *outcome = NULL;

      if (f.id == 0 || muying_followup_state_is_closed (f.state))
        return TRUE;
      outcome = g_strdup_printf (_("Level lowered to low risk at review: %s"), reason ? reason : "");
      if (!exec_bound (store, "UPDATE followup SET state = 'done', outcome = ?, closed_at = ? WHERE id = ?", error,
                       's', outcome, 's', day, 'i', f.id, 0) ||
          !insert_step (store, f.id, MUYING_FOLLOWUP_DONE, NULL, today, user, outcome, step_id, error))
        return FALSE;
      json_builder_set_member_name (b, "followup");
      json_builder_begin_object (b);
      member_string (b, "from", muying_followup_state_to_string (f.state));
      member_string (b, "to", "done");
      member_string (b, "outcome", outcome);
      json_builder_end_object (b);
      return TRUE;
    }

  muying_followup_first_contact_due (deadlines, new_level, today, &first);
  due = muying_date_format (&first);
  if (f.id == 0)
    {
      /* A record the rules left low: its follow-up starts now. */
      if (!exec_bound (store, "INSERT INTO followup (record_id, state, due_date, opened_at) VALUES (?, 'open', ?, ?)",
                       error, 'i', r->id, 's', due, 's', now, 0))
        return FALSE;
      json_builder_set_member_name (b, "followup");
      json_builder_begin_object (b);
      member_string (b, "to", "open");
      member_string (b, "due", due);
      json_builder_end_object (b);
      return TRUE;
    }
  if (muying_followup_state_is_closed (f.state))
    {
      if (old_level != MUYING_LEVEL_LOW)
        return TRUE;
      if (!exec_bound (store, "UPDATE followup SET state = 'open', due_date = ?, outcome = NULL, closed_at = NULL "
                              "WHERE id = ?", error, 's', due, 'i', f.id, 0) ||
          !insert_step (store, f.id, MUYING_FOLLOWUP_OPEN, NULL, today, user, reason, step_id, error))
        return FALSE;
      json_builder_set_member_name (b, "followup");
      json_builder_begin_object (b);
      member_string (b, "from", muying_followup_state_to_string (f.state));
      member_string (b, "to", "open");
      member_string (b, "due", due);
      json_builder_end_object (b);
      return TRUE;
    }
  /* An open follow-up is brought forward when the new deadline is sooner. */
  if (f.due_date != NULL && muying_date_parse (f.due_date, &current, NULL) && g_date_compare (&first, &current) < 0 &&
      new_level > old_level)
    {
      if (!exec_bound (store, "UPDATE followup SET due_date = ? WHERE id = ?", error, 's', due, 'i', f.id, 0))
        return FALSE;
      json_builder_set_member_name (b, "followup");
      json_builder_begin_object (b);
      member_pair (b, "due", f.due_date, due);
      json_builder_end_object (b);
    }
  return TRUE;
}

static gboolean
locked_error (const RecordInfo *r,
              GError          **error)
{
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD,
               _("Record %s was signed by a doctor and is locked; change it as an amendment with a reason"), r->key);
  return FALSE;
}

static gboolean
apply_review (MuyingStore                   *store,
              MuyingUser                    *actor,
              const RecordInfo              *r,
              const MuyingReview            *review,
              const MuyingFollowupDeadlines *deadlines,
              const GDate                   *today,
              GError                       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *now = _muying_store_now_iso ();
  const char *user = actor_login (actor);
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
      if (!exec_bound (store, "UPDATE record SET review_state = 'reviewed', updated_at = ?, updated_by = ? WHERE id = ?",
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
      if (!exec_bound (store, "UPDATE record SET level = ?, review_state = 'reviewed', updated_at = ?, updated_by = ? "
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
      if (!exec_bound (store, "UPDATE record SET review_state = 'signed', signed_by = ?, signed_at = ?, "
                              "updated_at = ?, updated_by = ? WHERE id = ?", error,
                       'i', muying_user_get_id (actor), 's', now, 's', now, 's', user, 'i', r->id, 0))
        return FALSE;
      member_string (b, "level", muying_level_to_string (r->level));
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
      if (new_level == r->level && is_blank (review->note))
        {
          g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                               _("The amendment changes nothing: give a new level or a note"));
          return FALSE;
        }
      if (!exec_bound (store, "UPDATE record SET level = ?, signed_by = ?, signed_at = ?, updated_at = ?, "
                              "updated_by = ? WHERE id = ?", error,
                       'i', (gint64) new_level, 'i', muying_user_get_id (actor), 's', now, 's', now, 's', user,
                       'i', r->id, 0) ||
          !followup_after_level (store, r, r->level, new_level, user, review->reason, deadlines, today, b, &step_id,
                                 error))
        return FALSE;
      member_string (b, "signed_by", user);
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

  member_string (b, "action", muying_review_action_to_string (review->action));
  member_int (b, "review_id", review_id);
  if (step_id > 0)
    member_int (b, "step_id", step_id);
  if (review->action != MUYING_REVIEW_NOTE)
    {
      member_string (b, "old_level", muying_level_to_string (r->level));
      member_string (b, "new_level", muying_level_to_string (new_level));
    }
  member_string (b, "reason", nonblank (review->reason));
  member_string (b, "note", nonblank (review->note));
  json_builder_end_object (b);
  detail = builder_to_string (b);
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
  g_auto(RecordInfo) r = { 0 };
  MuyingFollowupDeadlines deadlines;
  GDate day;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (review != NULL && review->action < MUYING_N_REVIEW_ACTIONS, FALSE);

  if (!muying_user_require (actor, review_permission (review->action), error))
    return FALSE;
  if ((review->action == MUYING_REVIEW_RAISE || review->action == MUYING_REVIEW_LOWER ||
       review->action == MUYING_REVIEW_AMEND) && is_blank (review->reason))
    return required_error (_("The reason"), error);
  if (review->action == MUYING_REVIEW_NOTE && is_blank (review->note))
    return required_error (_("The note"), error);

  resolve_today (today, &day);
  load_deadlines (rules, &deadlines);
  if (!muying_store_begin (store, error))
    return FALSE;
  if (!load_record_info (store, record_id, &r, error) ||
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
save_newborn (MuyingStore *store, gconstpointer record, const MuyingClassification *cls, const char *user,
              MuyingSaveOutcome *outcome, gint64 *record_id, GError **error)
{
  return muying_store_save_newborn (store, record, cls, user, outcome, record_id, error);
}

static gboolean
save_two_cancer (MuyingStore *store, gconstpointer record, const MuyingClassification *cls, const char *user,
                 MuyingSaveOutcome *outcome, gint64 *record_id, GError **error)
{
  return muying_store_save_two_cancer (store, record, cls, user, outcome, record_id, error);
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
  g_auto(RecordInfo) r = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *now = _muying_store_now_iso ();
  const char *user = actor_login (actor);
  MuyingFollowupDeadlines deadlines;
  MuyingSaveOutcome outcome = MUYING_SAVE_UNCHANGED;
  MuyingLevel new_level;
  gint64 saved_id = 0, review_id = 0, step_id = 0;
  GDate today;

  if (!muying_user_require (actor, MUYING_PERMISSION_SIGN, error))
    return FALSE;
  if (is_blank (reason))
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
  if (!load_record_info (store, record_id, &r, error))
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
  if (!exec_bound (store, "UPDATE record SET review_state = 'reviewed' WHERE id = ?", error, 'i', r.id, 0) ||
      !save (store, record, cls, user, &outcome, &saved_id, error))
    goto fail;
  g_assert (saved_id == r.id);
  new_level = level >= 0 ? (MuyingLevel) level : r.level;
  if (outcome == MUYING_SAVE_UNCHANGED && new_level == r.level)
    {
      g_set_error_literal (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                           _("The amendment changes nothing: give a new level or changed data"));
      goto fail;
    }
  json_builder_begin_object (b);
  if (!exec_bound (store, "UPDATE record SET level = ?, review_state = 'signed', signed_by = ?, signed_at = ?, "
                          "updated_at = ?, updated_by = ? WHERE id = ?", error,
                   'i', (gint64) new_level, 'i', muying_user_get_id (actor), 's', now, 's', now, 's', user,
                   'i', r.id, 0) ||
      !followup_after_level (store, &r, r.level, new_level, user, reason, &deadlines, &today, b, &step_id, error) ||
      !insert_review (store, r.id, user, MUYING_REVIEW_AMEND, r.level, new_level, reason,
                      outcome == MUYING_SAVE_UNCHANGED ? NULL : _("Record data changed"), &review_id, error))
    goto fail;
  member_string (b, "action", "amend");
  member_int (b, "review_id", review_id);
  if (step_id > 0)
    member_int (b, "step_id", step_id);
  member_string (b, "old_level", muying_level_to_string (r.level));
  member_string (b, "new_level", muying_level_to_string (new_level));
  member_string (b, "reason", reason);
  json_builder_set_member_name (b, "data");
  json_builder_add_boolean_value (b, outcome != MUYING_SAVE_UNCHANGED);
  member_string (b, "signed_by", user);
  if (!_muying_store_add_person_snapshot (store, r.id, b, error))
    goto fail;
  json_builder_end_object (b);
  detail = builder_to_string (b);
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

gboolean
muying_store_amend_newborn (MuyingStore                *store,
                            MuyingUser                 *actor,
                            gint64                      record_id,
                            const MuyingNewbornRecord  *record,
                            const MuyingClassification *classification,
                            int                         new_level,
                            const char                 *reason,
                            GError                    **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (store) && MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (record != NULL && classification != NULL, FALSE);
  return amend_data (store, actor, record_id, MUYING_PROGRAM_NEWBORN, record->sample_no, record, classification,
                     save_newborn, new_level, reason, error);
}

gboolean
muying_store_amend_two_cancer (MuyingStore                 *store,
                               MuyingUser                  *actor,
                               gint64                       record_id,
                               const MuyingTwoCancerRecord *record,
                               const MuyingClassification  *classification,
                               int                          new_level,
                               const char                  *reason,
                               GError                     **error)
{
  g_return_val_if_fail (MUYING_IS_STORE (store) && MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (record != NULL && classification != NULL, FALSE);
  return amend_data (store, actor, record_id, MUYING_PROGRAM_TWO_CANCER, record->exam_no, record, classification,
                     save_two_cancer, new_level, reason, error);
}

/* ---- follow-up -------------------------------------------------------------------------- */

static gboolean
no_followup_error (const RecordInfo *r,
                   GError          **error)
{
  g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
               _("Record %s has no follow-up"), r->key);
  return FALSE;
}

static gboolean
apply_transition (MuyingStore                    *store,
                  MuyingUser                     *actor,
                  const RecordInfo               *r,
                  const MuyingFollowupTransition *t,
                  const MuyingFollowupDeadlines  *deadlines,
                  const GDate                    *today,
                  GError                        **error)
{
  g_auto(FollowupRow) f = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *day = muying_date_format (&t->date);
  g_autofree char *due_text = NULL;
  const char *user = actor_login (actor);
  const char *next_step = NULL;
  const char *outcome = NULL;
  MuyingFollowupContext ctx;
  GDate current_due, due;
  gint64 step_id = 0;
  int attempts;
  gboolean closing = muying_followup_state_is_closed (t->to);

  if (!load_followup (store, r->id, &f, error))
    return FALSE;
  if (f.id == 0)
    return no_followup_error (r, error);
  if (!muying_followup_check_transition (r->program, f.state, t, &r->record_date, today, error))
    return FALSE;

  record_context (r, &ctx);
  g_date_clear (&current_due, 1);
  if (f.due_date != NULL)
    muying_date_parse (f.due_date, &current_due, NULL);
  attempts = f.contact_attempts;
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
      next_step = f.next_step;
      break;
    case MUYING_FOLLOWUP_DONE:
      next_step = f.next_step;
      outcome = t->outcome;
      break;
    case MUYING_FOLLOWUP_DECLINED:
      next_step = f.next_step;
      outcome = t->note;
      break;
    case MUYING_FOLLOWUP_LOST:
      next_step = f.next_step;
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

  if (!exec_bound (store, "UPDATE followup SET state = ?, due_date = ?, next_step = ?, contact_attempts = ?, "
                          "outcome = coalesce(?, outcome), closed_at = ? WHERE id = ?", error,
                   's', muying_followup_state_to_string (t->to), 's', due_text, 's', next_step,
                   'i', (gint64) attempts, 's', outcome, closing ? 's' : 'n', day, 'i', f.id, 0) ||
      !insert_step (store, f.id, t->to, t->to == MUYING_FOLLOWUP_NEXT_STEP ? t->step : NULL, &t->date, user,
                    t->to == MUYING_FOLLOWUP_DONE && is_blank (t->note) ? t->outcome : t->note, &step_id, error))
    return FALSE;

  json_builder_begin_object (b);
  member_int (b, "followup_id", f.id);
  member_int (b, "step_id", step_id);
  member_string (b, "from", muying_followup_state_to_string (f.state));
  member_string (b, "to", muying_followup_state_to_string (t->to));
  member_string (b, "date", day);
  if (t->to == MUYING_FOLLOWUP_NEXT_STEP)
    member_string (b, "step", t->step);
  member_string (b, "note", nonblank (t->note));
  if (t->to == MUYING_FOLLOWUP_DONE)
    member_string (b, "outcome", t->outcome);
  if (t->to == MUYING_FOLLOWUP_DECLINED)
    {
      json_builder_set_member_name (b, "refusal_signed");
      json_builder_add_boolean_value (b, TRUE);
    }
  member_int (b, "contact_attempts", attempts);
  if (g_strcmp0 (f.due_date, due_text) != 0)
    member_pair (b, "due", f.due_date, due_text);
  json_builder_end_object (b);
  detail = builder_to_string (b);
  return muying_store_audit (store, user, "followup", "record", r->id, detail, error);
}

MuyingPermission
muying_followup_transition_permission (MuyingFollowupState to)
{
  return to == MUYING_FOLLOWUP_NOTIFIED ? MUYING_PERMISSION_CONTACT : MUYING_PERMISSION_FOLLOW_UP;
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
  g_auto(RecordInfo) r = { 0 };
  MuyingFollowupDeadlines deadlines;
  GDate day;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (transition != NULL, FALSE);

  /* Nurses record the contact (notified); every other step is a doctor's. */
  if (!muying_user_require (actor, muying_followup_transition_permission (transition->to), error))
    return FALSE;
  resolve_today (today, &day);
  load_deadlines (rules, &deadlines);
  if (!muying_store_begin (store, error))
    return FALSE;
  if (!load_record_info (store, record_id, &r, error) ||
      !apply_transition (store, actor, &r, transition, &deadlines, &day, error) ||
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
                                       const GDate  *date,
                                       const char   *note,
                                       const GDate  *today,
                                       GError      **error)
{
  g_auto(RecordInfo) r = { 0 };
  g_auto(FollowupRow) f = { 0 };
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
  user = actor_login (actor);
  resolve_today (today, &day);
  if (date == NULL || !g_date_valid (date))
    date = &day;
  if (g_date_compare (date, &day) > 0)
    {
      g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                           _("The date is in the future"));
      return FALSE;
    }
  day_text = muying_date_format (date);
  if (!muying_store_begin (store, error))
    return FALSE;
  if (!load_record_info (store, record_id, &r, error) || !load_followup (store, record_id, &f, error))
    goto fail;
  if (f.id == 0)
    {
      no_followup_error (&r, error);
      goto fail;
    }
  if (!muying_followup_check_contact_attempt (f.state, error) ||
      !exec_bound (store, "UPDATE followup SET contact_attempts = contact_attempts + 1 WHERE id = ?", error,
                   'i', f.id, 0) ||
      !insert_step (store, f.id, f.state, "contact_attempt", date, user, note, &step_id, error))
    goto fail;
  json_builder_begin_object (b);
  member_int (b, "followup_id", f.id);
  member_int (b, "step_id", step_id);
  member_string (b, "state", muying_followup_state_to_string (f.state));
  member_string (b, "date", day_text);
  member_string (b, "note", nonblank (note));
  member_int (b, "contact_attempts", f.contact_attempts + 1);
  json_builder_end_object (b);
  detail = builder_to_string (b);
  if (!muying_store_audit (store, user, "followup_contact", "record", r.id, detail, error) ||
      !muying_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  muying_store_rollback (store);
  return FALSE;
}

/* The state a follow-up had before it was closed: that of its last step that was not a
 * closing one, else open. */
static gboolean
state_before_closing (MuyingStore         *store,
                      gint64               followup_id,
                      MuyingFollowupState *state,
                      GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *state = MUYING_FOLLOWUP_OPEN;
  stmt = muying_store_prepare (store,
                               "SELECT state FROM followup_step WHERE followup_id = ? AND "
                               "state <> 'done' AND state <> 'declined' AND state <> 'lost' ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, followup_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    muying_followup_state_from_string ((const char *) sqlite3_column_text (stmt, 0), state);
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
  g_auto(RecordInfo) r = { 0 };
  g_auto(FollowupRow) f = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *due_text = NULL;
  MuyingFollowupDeadlines deadlines;
  MuyingFollowupContext ctx;
  MuyingFollowupState back;
  const char *user;
  gint64 step_id = 0;
  GDate day, due;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);

  if (!muying_user_require (actor, MUYING_PERMISSION_SIGN, error))
    return FALSE;
  user = actor_login (actor);
  resolve_today (today, &day);
  load_deadlines (rules, &deadlines);
  if (!muying_store_begin (store, error))
    return FALSE;
  if (!load_record_info (store, record_id, &r, error) || !load_followup (store, record_id, &f, error))
    goto fail;
  if (f.id == 0)
    {
      no_followup_error (&r, error);
      goto fail;
    }
  if (!muying_followup_check_reopen (f.state, reason, error) ||
      !state_before_closing (store, f.id, &back, error))
    goto fail;
  record_context (&r, &ctx);
  muying_followup_compute_due (&deadlines, &ctx, back, f.next_step, &day, NULL, &due);
  due_text = muying_date_format (&due);
  if (!exec_bound (store, "UPDATE followup SET state = ?, due_date = ?, outcome = NULL, closed_at = NULL WHERE id = ?",
                   error, 's', muying_followup_state_to_string (back), 's', due_text, 'i', f.id, 0) ||
      !insert_step (store, f.id, back, "reopen", &day, user, reason, &step_id, error))
    goto fail;
  json_builder_begin_object (b);
  member_int (b, "followup_id", f.id);
  member_int (b, "step_id", step_id);
  member_string (b, "from", muying_followup_state_to_string (f.state));
  member_string (b, "to", muying_followup_state_to_string (back));
  member_string (b, "reason", reason);
  member_pair (b, "due", f.due_date, due_text);
  json_builder_end_object (b);
  detail = builder_to_string (b);
  if (!muying_store_audit (store, user, "followup_reopen", "record", r.id, detail, error) ||
      !muying_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  muying_store_rollback (store);
  return FALSE;
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *step_id = 0;
  *before = MUYING_FOLLOWUP_OPEN;
  stmt = muying_store_prepare (store,
                               "SELECT id, state, step FROM followup_step WHERE followup_id = ? AND "
                               "(step IS NULL OR step <> 'contact_attempt') ORDER BY id DESC LIMIT 2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, followup_id);
  for (int i = 0; (rc = sqlite3_step (stmt)) == SQLITE_ROW; i++)
    {
      MuyingFollowupState *target = i == 0 ? state : before;

      if (i == 0)
        {
          *step_id = sqlite3_column_int64 (stmt, 0);
          *step = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
        }
      muying_followup_state_from_string ((const char *) sqlite3_column_text (stmt, 1), target);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

gboolean
muying_store_followup_reverse_step (MuyingStore    *store,
                                    MuyingUser     *actor,
                                    gint64          record_id,
                                    const char     *reason,
                                    MuyingRuleSet  *rules,
                                    const GDate    *today,
                                    GError        **error)
{
  g_auto(RecordInfo) r = { 0 };
  g_auto(FollowupRow) f = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *last_step = NULL;
  MuyingFollowupDeadlines deadlines;
  MuyingFollowupContext ctx;
  MuyingFollowupState last = MUYING_FOLLOWUP_OPEN, back;
  const char *user;
  gint64 last_id = 0, step_id = 0;
  int attempts;
  GDate day, due;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);

  if (is_blank (reason))
    {
      g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_MISSING_FIELD,
                           _("Say why the step is reversed"));
      return FALSE;
    }
  user = actor_login (actor);
  resolve_today (today, &day);
  load_deadlines (rules, &deadlines);
  if (!muying_store_begin (store, error))
    return FALSE;
  if (!load_record_info (store, record_id, &r, error) || !load_followup (store, record_id, &f, error))
    goto fail;
  if (f.id == 0)
    {
      no_followup_error (&r, error);
      goto fail;
    }
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
  record_context (&r, &ctx);
  muying_followup_compute_due (&deadlines, &ctx, back, f.next_step, &day, NULL, &due);
  due_text = muying_date_format (&due);
  /* Never a delete: the wrong step stays in the history, followed by its reversal. */
  if (!exec_bound (store, "UPDATE followup SET state = ?, due_date = ?, contact_attempts = ?, outcome = NULL, "
                          "closed_at = NULL WHERE id = ?",
                   error, 's', muying_followup_state_to_string (back), 's', due_text, 'i', (gint64) MAX (0, attempts),
                   'i', f.id, 0) ||
      !insert_step (store, f.id, back, "reversal", &day, user, reason, &step_id, error))
    goto fail;
  json_builder_begin_object (b);
  member_int (b, "followup_id", f.id);
  member_int (b, "step_id", step_id);
  member_int (b, "reversed_step_id", last_id);
  member_string (b, "from", muying_followup_state_to_string (f.state));
  member_string (b, "to", muying_followup_state_to_string (back));
  member_string (b, "reason", reason);
  member_pair (b, "due", f.due_date, due_text);
  json_builder_end_object (b);
  detail = builder_to_string (b);
  if (!muying_store_audit (store, user, "followup_reverse", "record", r.id, detail, error) ||
      !muying_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  muying_store_rollback (store);
  return FALSE;
}

/* ---- later results: reading a record back for the rules --------------------------------- */

static char *
col_dup (sqlite3_stmt *stmt,
         int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static const char *
col_text (sqlite3_stmt *stmt,
          int           col)
{
  return (const char *) sqlite3_column_text (stmt, col);
}

static double
col_real (sqlite3_stmt *stmt,
          int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, col);
}

static void
col_date (sqlite3_stmt *stmt,
          int           col,
          GDate        *date)
{
  g_date_clear (date, 1);
  if (col_text (stmt, col) != NULL)
    muying_date_parse (col_text (stmt, col), date, NULL);
}

#define COL_ENUM(type, name, stmt, col, out) \
  G_STMT_START { \
    type v_; \
    if (col_text (stmt, col) != NULL && muying_##name##_from_string (col_text (stmt, col), &v_)) \
      (out) = v_; \
  } G_STMT_END

static MuyingClassification *
classify_stored (MuyingStore   *store,
                 MuyingRuleSet *rules,
                 gint64         record_id,
                 MuyingProgram  program,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      {
        g_autoptr(MuyingPrenatalRecord) p = muying_prenatal_record_new ();

        stmt = muying_store_prepare (store,
                                     "SELECT r.record_key, pe.id_number, pe.name, pe.phone, r.institution, r.record_date,"
                                     " x.test_type, x.ga_days, x.edd, x.edd_given, x.weight_kg, x.t21_risk, x.t18_risk,"
                                     " x.afp_mom, x.nt_mm, x.nipt_t21, x.nipt_t18, x.nipt_t13, x.nipt_sca, x.nipt_status"
                                     " FROM record r JOIN person pe ON pe.id = r.person_id"
                                     " JOIN prenatal x ON x.record_id = r.id WHERE r.id = ?", error);
        if (stmt == NULL)
          return NULL;
        sqlite3_bind_int64 (stmt, 1, record_id);
        if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
          break;
        p->sample_no = col_dup (stmt, 0);
        p->id_number = col_dup (stmt, 1);
        p->name = col_dup (stmt, 2);
        p->phone = col_dup (stmt, 3);
        p->institution = col_dup (stmt, 4);
        if (p->id_number != NULL)
          muying_id_number_validate (p->id_number, NULL, &p->birth_date, NULL, NULL);
        col_date (stmt, 5, &p->sample_date);
        COL_ENUM (MuyingPrenatalTest, prenatal_test, stmt, 6, p->test_type);
        p->ga_days = sqlite3_column_int (stmt, 7);
        col_date (stmt, 8, &p->edd);
        p->edd_given = sqlite3_column_int (stmt, 9) != 0;
        p->weight_kg = col_real (stmt, 10);
        p->t21_risk = sqlite3_column_int (stmt, 11);
        p->t18_risk = sqlite3_column_int (stmt, 12);
        p->afp_mom = col_real (stmt, 13);
        p->nt_mm = col_real (stmt, 14);
        COL_ENUM (MuyingNiptCall, nipt_call, stmt, 15, p->nipt_t21);
        COL_ENUM (MuyingNiptCall, nipt_call, stmt, 16, p->nipt_t18);
        COL_ENUM (MuyingNiptCall, nipt_call, stmt, 17, p->nipt_t13);
        COL_ENUM (MuyingNiptSca, nipt_sca, stmt, 18, p->nipt_sca);
        COL_ENUM (MuyingNiptStatus, nipt_status, stmt, 19, p->nipt_status);
        return muying_rule_set_classify_prenatal (rules, p);
      }
    case MUYING_PROGRAM_NEWBORN:
      {
        g_autoptr(MuyingNewbornRecord) n = muying_newborn_record_new ();
        g_autoptr(sqlite3_stmt) vars = NULL;

        stmt = muying_store_prepare (store,
                                     "SELECT r.record_key, m.id_number, m.name, b.name, b.sex, r.record_date, x.hospital,"
                                     " x.panel, x.hearing_left, x.hearing_right, x.hearing_date, x.rescreen_left,"
                                     " x.rescreen_right, x.rescreen_date"
                                     " FROM record r JOIN person b ON b.id = r.person_id"
                                     " JOIN newborn x ON x.record_id = r.id JOIN person m ON m.id = x.mother_id"
                                     " WHERE r.id = ?", error);
        if (stmt == NULL)
          return NULL;
        sqlite3_bind_int64 (stmt, 1, record_id);
        if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
          break;
        n->sample_no = col_dup (stmt, 0);
        n->mother_id_number = col_dup (stmt, 1);
        n->mother_name = col_dup (stmt, 2);
        n->baby_name = col_dup (stmt, 3);
        n->sex = CLAMP (sqlite3_column_int (stmt, 4), MUYING_SEX_UNKNOWN, MUYING_SEX_FEMALE);
        col_date (stmt, 5, &n->birth_date);
        n->hospital = col_dup (stmt, 6);
        n->panel = col_dup (stmt, 7);
        COL_ENUM (MuyingHearing, hearing, stmt, 8, n->hearing_left);
        COL_ENUM (MuyingHearing, hearing, stmt, 9, n->hearing_right);
        col_date (stmt, 10, &n->hearing_date);
        COL_ENUM (MuyingHearing, hearing, stmt, 11, n->rescreen_left);
        COL_ENUM (MuyingHearing, hearing, stmt, 12, n->rescreen_right);
        col_date (stmt, 13, &n->rescreen_date);

        vars = muying_store_prepare (store, "SELECT gene, variant, zygosity FROM newborn_variant WHERE record_id = ?",
                                     error);
        if (vars == NULL)
          return NULL;
        sqlite3_bind_int64 (vars, 1, record_id);
        while ((rc = sqlite3_step (vars)) == SQLITE_ROW)
          {
            MuyingZygosity z = MUYING_ZYGOSITY_HET;

            COL_ENUM (MuyingZygosity, zygosity, vars, 2, z);
            g_ptr_array_add (n->variants, muying_variant_new (col_text (vars, 0), col_text (vars, 1), z));
          }
        if (rc != SQLITE_DONE)
          break;
        return muying_rule_set_classify_newborn (rules, n);
      }
    case MUYING_PROGRAM_TWO_CANCER:
      {
        g_autoptr(MuyingTwoCancerRecord) t = muying_two_cancer_record_new ();
        MuyingExamResult exam;

        stmt = muying_store_prepare (store,
                                     "SELECT r.record_key, pe.id_number, pe.name, r.record_date, r.institution, x.hpv,"
                                     " x.hpv_types, x.cytology, x.via_vili, x.colposcopy, x.cervical_histology, x.cbe,"
                                     " x.us_birads, x.mammo_birads, x.breast_pathology, x.cancer_stage"
                                     " FROM record r JOIN person pe ON pe.id = r.person_id"
                                     " JOIN two_cancer x ON x.record_id = r.id WHERE r.id = ?", error);
        if (stmt == NULL)
          return NULL;
        sqlite3_bind_int64 (stmt, 1, record_id);
        if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
          break;
        t->exam_no = col_dup (stmt, 0);
        t->id_number = col_dup (stmt, 1);
        t->name = col_dup (stmt, 2);
        if (t->id_number != NULL)
          muying_id_number_validate (t->id_number, NULL, &t->birth_date, NULL, NULL);
        col_date (stmt, 3, &t->exam_date);
        t->institution = col_dup (stmt, 4);
        COL_ENUM (MuyingHpv, hpv, stmt, 5, t->hpv);
        if (col_text (stmt, 6) != NULL && !muying_hpv_types_parse (col_text (stmt, 6), &t->hpv_types, NULL))
          t->hpv_types = 0;
        COL_ENUM (MuyingCytology, cytology, stmt, 7, t->cytology);
        if (col_text (stmt, 8) != NULL && muying_exam_result_from_string (col_text (stmt, 8), &exam))
          t->via_vili = exam;
        if (col_text (stmt, 9) != NULL && muying_exam_result_from_string (col_text (stmt, 9), &exam))
          t->colposcopy = exam;
        COL_ENUM (MuyingCervicalHistology, cervical_histology, stmt, 10, t->cervical_histology);
        if (col_text (stmt, 11) != NULL && muying_exam_result_from_string (col_text (stmt, 11), &exam))
          t->cbe = exam;
        COL_ENUM (MuyingBirads, birads, stmt, 12, t->us_birads);
        COL_ENUM (MuyingBirads, birads, stmt, 13, t->mammo_birads);
        COL_ENUM (MuyingBreastPathology, breast_pathology, stmt, 14, t->breast_pathology);
        COL_ENUM (MuyingCancerStage, cancer_stage, stmt, 15, t->cancer_stage);
        return muying_rule_set_classify_two_cancer (rules, t);
      }
    case MUYING_N_PROGRAMS:
    default:
      g_return_val_if_reached (NULL);
    }
  muying_store_set_error (store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  return NULL;
}

#undef COL_ENUM

/* Writes a new classification of a stored record (see the header for the level rules). */
static gboolean
write_classification (MuyingStore                *store,
                      const RecordInfo           *r,
                      const MuyingClassification *cls,
                      const char                 *user,
                      MuyingLevel                *new_level,
                      char                      **new_review_state,
                      GError                    **error)
{
  g_autoptr(sqlite3_stmt) ins = NULL;
  g_autofree char *now = _muying_store_now_iso ();
  const char *state = r->review_state;
  MuyingLevel level = r->level;

  if (g_strcmp0 (state, "none") == 0 || g_strcmp0 (state, "pending") == 0)
    {
      level = cls->level;
      state = cls->level > MUYING_LEVEL_LOW ? "pending" : "none";
    }
  else if (cls->level > r->level)
    {
      level = cls->level;
      if (g_strcmp0 (state, "reviewed") == 0)
        state = "pending";
    }
  if (!exec_bound (store, "UPDATE record SET computed_level = ?, level = ?, review_state = ?, rules_version = ?, "
                          "updated_at = ?, updated_by = ? WHERE id = ?", error,
                   'i', (gint64) cls->level, 'i', (gint64) level, 's', state, 's', cls->rules_version, 's', now,
                   's', user, 'i', r->id, 0) ||
      !exec_bound (store, "DELETE FROM reason WHERE record_id = ?", error, 'i', r->id, 0))
    return FALSE;
  ins = muying_store_prepare (store, "INSERT INTO reason (record_id, code, level) VALUES (?, ?, ?)", error);
  if (ins == NULL)
    return FALSE;
  for (guint i = 0; i < cls->reasons->len; i++)
    {
      const MuyingReason *reason = g_ptr_array_index (cls->reasons, i);

      sqlite3_reset (ins);
      sqlite3_bind_int64 (ins, 1, r->id);
      sqlite3_bind_text (ins, 2, reason->code, -1, SQLITE_STATIC);
      sqlite3_bind_int (ins, 3, reason->level);
      if (!step_done (store, ins, error))
        return FALSE;
    }
  /* A record that becomes flagged gets its follow-up, as a save would give it. */
  if (cls->level > MUYING_LEVEL_LOW && g_date_valid (&cls->due_date))
    {
      g_autofree char *due = muying_date_format (&cls->due_date);

      if (!exec_bound (store, "INSERT INTO followup (record_id, state, due_date, opened_at) VALUES (?, 'open', ?, ?) "
                              "ON CONFLICT (record_id) DO NOTHING", error, 'i', r->id, 's', due, 's', now, 0))
        return FALSE;
    }
  *new_level = level;
  *new_review_state = g_strdup (state);
  return TRUE;
}

static const char *
result_table (MuyingProgram program)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      return "prenatal";
    case MUYING_PROGRAM_NEWBORN:
      return "newborn";
    case MUYING_PROGRAM_TWO_CANCER:
    case MUYING_N_PROGRAMS:
    default:
      return "two_cancer";
    }
}

static gboolean
read_result_values (MuyingStore             *store,
                    const RecordInfo        *r,
                    const MuyingLaterResult *result,
                    char                   **old_value,
                    char                   **old_value2,
                    GError                 **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (result->kind == MUYING_RESULT_HEARING_RESCREEN)
    sql = g_strdup ("SELECT rescreen_left, rescreen_right FROM newborn WHERE record_id = ?");
  else
    sql = g_strdup_printf ("SELECT %s, NULL FROM %s WHERE record_id = ?", muying_result_kind_get_column (result->kind),
                           result_table (r->program));
  stmt = muying_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return muying_store_set_error (store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  *old_value = col_dup (stmt, 0);
  *old_value2 = col_dup (stmt, 1);
  return TRUE;
}

static gboolean
apply_result (MuyingStore             *store,
              MuyingUser              *actor,
              const RecordInfo        *r,
              const MuyingLaterResult *result,
              MuyingRuleSet           *rules,
              const MuyingFollowupDeadlines *deadlines,
              GError                 **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_auto(FollowupRow) f = { 0 };
  g_autofree char *old_value = NULL;
  g_autofree char *old_value2 = NULL;
  g_autofree char *day = muying_date_format (&result->date);
  g_autofree char *sql = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *new_codes = NULL;
  g_autofree char *new_review_state = NULL;
  g_autofree char *step_note = NULL;
  const char *user = actor_login (actor);
  const char *value_label;
  MuyingLevel new_level = r->level;
  MuyingFollowupState new_state;
  gint64 step_id = 0;

  if (!read_result_values (store, r, result, &old_value, &old_value2, error))
    return FALSE;
  if (g_strcmp0 (old_value, result->value) == 0 &&
      (result->kind != MUYING_RESULT_HEARING_RESCREEN || g_strcmp0 (old_value2, result->value2) == 0))
    return TRUE;   /* nothing new */

  if (result->kind == MUYING_RESULT_HEARING_RESCREEN)
    {
      if (!exec_bound (store, "UPDATE newborn SET rescreen_left = ?, rescreen_right = ?, rescreen_date = ? "
                              "WHERE record_id = ?", error, 's', result->value, 's', result->value2, 's', day,
                       'i', r->id, 0))
        return FALSE;
    }
  else
    {
      sql = g_strdup_printf ("UPDATE %s SET %s = ? WHERE record_id = ?", result_table (r->program),
                             muying_result_kind_get_column (result->kind));
      if (!exec_bound (store, sql, error, 's', result->value, 'i', r->id, 0))
        return FALSE;
    }

  json_builder_begin_object (b);
  member_string (b, "kind", muying_result_kind_to_string (result->kind));
  member_pair (b, "value", old_value, result->value);
  if (result->kind == MUYING_RESULT_HEARING_RESCREEN)
    member_pair (b, "value2", old_value2, result->value2);
  member_string (b, "date", day);
  member_string (b, "note", nonblank (result->note));

  if (muying_result_kind_reclassifies (result->kind))
    {
      cls = classify_stored (store, rules, r->id, r->program, error);
      if (cls == NULL)
        return FALSE;
      new_codes = muying_classification_join_codes (cls, ";");
      if (!write_classification (store, r, cls, user, &new_level, &new_review_state, error))
        return FALSE;
      member_pair (b, "level", muying_level_to_string (r->level), muying_level_to_string (new_level));
      member_pair (b, "computed_level", muying_level_to_string (r->computed_level),
                   muying_level_to_string (cls->level));
      member_pair (b, "reasons", r->reasons, new_codes);
      member_pair (b, "review_state", r->review_state, new_review_state);
      member_string (b, "rules_version", cls->rules_version);
    }
  else
    {
      g_autofree char *now = _muying_store_now_iso ();

      if (!exec_bound (store, "UPDATE record SET updated_at = ?, updated_by = ? WHERE id = ?", error,
                       's', now, 's', user, 'i', r->id, 0))
        return FALSE;
    }

  /* The follow-up's timeline gets the result; one waiting for it moves on. */
  if (!load_followup (store, r->id, &f, error))
    return FALSE;
  if (f.id != 0)
    {
      value_label = muying_result_value_get_label (result->kind, result->value);
      if (result->kind == MUYING_RESULT_HEARING_RESCREEN)
        step_note = g_strdup_printf (_("%s: left %s, right %s"), muying_result_kind_get_label (result->kind),
                                     value_label, muying_result_value_get_label (result->kind, result->value2));
      else
        step_note = g_strdup_printf ("%s%s%s", muying_result_kind_get_label (result->kind), _(": "), value_label);
      if (!is_blank (result->note))
        {
          char *with_note = g_strdup_printf ("%s%s%s", step_note, _("; "), result->note);

          g_free (step_note);
          step_note = with_note;
        }
      new_state = f.state == MUYING_FOLLOWUP_NEXT_STEP ? MUYING_FOLLOWUP_RESULT : f.state;
      if (new_state != f.state)
        {
          g_autofree char *due_text = NULL;
          MuyingFollowupContext ctx;
          GDate due;

          record_context (r, &ctx);
          muying_followup_compute_due (deadlines, &ctx, new_state, f.next_step, &result->date, NULL, &due);
          due_text = muying_date_format (&due);
          if (!exec_bound (store, "UPDATE followup SET state = ?, due_date = ? WHERE id = ?", error,
                           's', muying_followup_state_to_string (new_state), 's', due_text, 'i', f.id, 0))
            return FALSE;
          json_builder_set_member_name (b, "followup");
          json_builder_begin_object (b);
          member_string (b, "from", muying_followup_state_to_string (f.state));
          member_string (b, "to", muying_followup_state_to_string (new_state));
          member_pair (b, "due", f.due_date, due_text);
          json_builder_end_object (b);
        }
      if (!insert_step (store, f.id, new_state, muying_result_kind_to_string (result->kind), &result->date, user,
                        step_note, &step_id, error))
        return FALSE;
      member_int (b, "step_id", step_id);
    }
  json_builder_end_object (b);
  detail = builder_to_string (b);
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
  g_auto(RecordInfo) r = { 0 };
  MuyingFollowupDeadlines deadlines;
  GDate day;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (result != NULL && result->kind < MUYING_N_RESULT_KINDS, FALSE);
  g_return_val_if_fail (rules != NULL || !muying_result_kind_reclassifies (result->kind), FALSE);

  if (!muying_user_require (actor, MUYING_PERMISSION_FOLLOW_UP, error))
    return FALSE;
  resolve_today (today, &day);
  load_deadlines (rules, &deadlines);
  if (!muying_store_begin (store, error))
    return FALSE;
  if (!load_record_info (store, record_id, &r, error) ||
      !muying_result_check (result, r.program, &day, error) ||
      !apply_result (store, actor, &r, result, rules, &deadlines, error) ||
      !muying_store_commit (store, error))
    {
      muying_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}
