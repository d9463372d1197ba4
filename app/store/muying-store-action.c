/* muying-store-action.c: what the review, follow-up and later-result actions share: reading
 * a record and its follow-up, writing timeline steps, bound statements, the audit detail's JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-program-descriptor.h"
#include "muying-store-action-private.h"
#include "muying-store-fields-private.h"

void
_muying_store_resolve_today (const GDate *today,
                             GDate       *out)
{
  if (today != NULL && g_date_valid (today))
    *out = *today;
  else
    muying_date_today (out);
}

char *
_muying_store_builder_to_string (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

void
_muying_store_member_string (JsonBuilder *b,
                             const char  *name,
                             const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

void
_muying_store_member_int (JsonBuilder *b,
                          const char  *name,
                          gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

void
_muying_store_member_pair (JsonBuilder *b,
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

gboolean
_muying_store_step_done (MuyingStore  *store,
                         MuyingSqlStmt *stmt,
                         GError      **error)
{
  int rc = muying_sql_step (stmt);

  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

gboolean
_muying_store_step_inserted (MuyingStore   *store,
                             MuyingSqlStmt *stmt,
                             gint64        *id,
                             GError       **error)
{
  int rc = muying_sql_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *id = muying_sql_column_int64 (stmt, 0);
      rc = muying_sql_step (stmt);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

gboolean
_muying_store_is_blank (const char *text)
{
  /* Invalid text says nothing either (U+3000, the ideographic space, is white space to GLib). */
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return TRUE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

const char *
_muying_store_nonblank (const char *text)
{
  return _muying_store_is_blank (text) ? NULL : text;
}

void
_muying_store_load_deadlines (MuyingRuleSet           *rules,
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

void
_muying_record_info_clear (MuyingRecordInfo *r)
{
  g_clear_pointer (&r->key, g_free);
  g_clear_pointer (&r->review_state, g_free);
  g_clear_pointer (&r->reasons, g_free);
}

gboolean
_muying_store_load_record_info (MuyingStore       *store,
                                gint64             record_id,
                                MuyingRecordInfo  *r,
                                GError           **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  const char *edd;

  stmt = muying_store_query (store,
                               "SELECT r.program, r.record_key, r.level, r.computed_level, r.review_state, r.record_date,"
                               " (SELECT edd FROM prenatal x WHERE x.record_id = r.id),"
                               " (SELECT coalesce(group_concat(code, ';'), '') FROM"
                               "   (SELECT c.code AS code FROM reason c WHERE c.record_id = r.id ORDER BY c.code) AS codes)"
                               ", r.row_version FROM record r WHERE r.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, record_id);
  if (!_muying_store_step_record (store, stmt, record_id, error))
    return FALSE;
  r->id = record_id;
  if (!muying_program_from_string ((const char *) muying_sql_column_text (stmt, 0), &r->program))
    r->program = MUYING_PROGRAM_PRENATAL;
  r->key = g_strdup ((const char *) muying_sql_column_text (stmt, 1));
  r->level = CLAMP (muying_sql_column_int (stmt, 2), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
  r->computed_level = CLAMP (muying_sql_column_int (stmt, 3), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
  r->review_state = g_strdup ((const char *) muying_sql_column_text (stmt, 4));
  g_date_clear (&r->record_date, 1);
  g_date_clear (&r->edd, 1);
  muying_date_parse ((const char *) muying_sql_column_text (stmt, 5), &r->record_date, NULL);
  edd = (const char *) muying_sql_column_text (stmt, 6);
  if (edd != NULL)
    muying_date_parse (edd, &r->edd, NULL);
  r->reasons = g_strdup ((const char *) muying_sql_column_text (stmt, 7));
  r->row_version = muying_sql_column_int64 (stmt, 8);
  return TRUE;
}

void
_muying_store_record_context (const MuyingRecordInfo *r,
                              MuyingFollowupContext  *ctx)
{
  ctx->program = r->program;
  ctx->record_date = r->record_date;
  ctx->edd = r->edd;
}

void
_muying_followup_row_clear (MuyingFollowupRow *f)
{
  g_clear_pointer (&f->due_date, g_free);
  g_clear_pointer (&f->next_step, g_free);
}

gboolean
_muying_store_load_followup (MuyingStore        *store,
                             gint64              record_id,
                             MuyingFollowupRow  *f,
                             GError            **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  MuyingFollowupState state = MUYING_FOLLOWUP_OPEN;
  int rc;

  f->id = 0;
  stmt = muying_store_query (store,
                               "SELECT id, state, due_date, next_step, contact_attempts, row_version FROM followup "
                               "WHERE record_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, record_id);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return muying_store_set_error (store, rc, error);
  f->id = muying_sql_column_int64 (stmt, 0);
  muying_followup_state_from_string ((const char *) muying_sql_column_text (stmt, 1), &state);
  f->state = state;
  f->due_date = g_strdup ((const char *) muying_sql_column_text (stmt, 2));
  f->next_step = g_strdup ((const char *) muying_sql_column_text (stmt, 3));
  f->contact_attempts = muying_sql_column_int (stmt, 4);
  f->row_version = muying_sql_column_int64 (stmt, 5);
  return TRUE;
}

gboolean
_muying_store_insert_step (MuyingStore         *store,
                           gint64               followup_id,
                           MuyingFollowupState  state,
                           const char          *step,
                           const GDate         *date,
                           const char          *user,
                           const char          *note,
                           gint64              *step_id,
                           GError             **error)
{
  g_autofree char *day = muying_date_format (date);
  g_autofree char *now = _muying_store_now_iso ();
  gint64 id = 0;

  /* kept by the store: a follow-on import writes steps row after row */
  if (!_muying_store_insert_bound_cached (store,
                                          "INSERT INTO followup_step (followup_id, state, step, step_date, user_name, "
                                          "note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", &id, error,
                                          'i', followup_id, 's', muying_followup_state_to_string (state), 's', step,
                                          's', day, 's', user, 's', _muying_store_nonblank (note), 's', now, 0))
    return FALSE;
  if (step_id != NULL)
    *step_id = id;
  return TRUE;
}

static gboolean
bind_and_step (MuyingStore  *store,
               MuyingSqlStmt *stmt,
               gint64       *id,
               GError      **error,
               va_list       args)
{
  const char *text;
  int i = 1;

  /* Arguments: pairs of type ('s' text, 'i' gint64, 'n' null: the value is ignored) and value,
   * ended by 0. */
  for (int type = va_arg (args, int); type != 0; type = va_arg (args, int), i++)
    switch (type)
      {
      case 's':
        text = va_arg (args, const char *);
        muying_sql_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
        break;
      case 'i':
        muying_sql_bind_int64 (stmt, i, va_arg (args, gint64));
        break;
      default:
        (void) va_arg (args, gpointer);
        muying_sql_bind_null (stmt, i);
        break;
      }
  return id != NULL ? _muying_store_step_inserted (store, stmt, id, error) : _muying_store_step_done (store, stmt, error);
}

gboolean
_muying_store_exec_bound (MuyingStore  *store,
                          const char   *sql,
                          GError      **error,
                          ...)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, sql, error);
  va_list args;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  va_start (args, error);
  ok = bind_and_step (store, stmt, NULL, error, args);
  va_end (args);
  return ok;
}

/* A statement the store keeps, bound to @args and stepped (@id: an INSERT … RETURNING id). */
static gboolean
run_cached (MuyingStore *store,
            const char  *sql,
            gint64      *id,
            GError     **error,
            va_list      args)
{
  g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store, sql, error);

  return stmt != NULL && bind_and_step (store, stmt, id, error, args);
}

gboolean
_muying_store_insert_bound_cached (MuyingStore  *store,
                                   const char   *sql,
                                   gint64       *id,
                                   GError      **error,
                                   ...)
{
  va_list args;
  gboolean ok;

  va_start (args, error);
  ok = run_cached (store, sql, id, error, args);
  va_end (args);
  return ok;
}

gboolean
_muying_store_exec_bound_cached (MuyingStore  *store,
                                 const char   *sql,
                                 GError      **error,
                                 ...)
{
  va_list args;
  gboolean ok;

  va_start (args, error);
  ok = run_cached (store, sql, NULL, error, args);
  va_end (args);
  return ok;
}

/* ---- a change of the record's level: executing the plan --------------------------------- */

void
_muying_store_level_change_init (MuyingLevelChange          *c,
                                 MuyingLevelChangeCause      cause,
                                 const MuyingRecordInfo     *r,
                                 const MuyingFollowupRow    *f,
                                 MuyingLevel                 old_level,
                                 MuyingLevel                 new_level,
                                 const MuyingClassification *classification,
                                 const GDate                *day)
{
  memset (c, 0, sizeof *c);
  c->cause = cause;
  c->old_level = old_level;
  c->new_level = new_level;
  c->classification = classification;
  c->record_date = r->record_date;
  c->date = *day;
  c->has_followup = f->id != 0;
  c->state = f->state;
  g_date_clear (&c->due, 1);
  if (f->due_date != NULL)
    muying_date_parse (f->due_date, &c->due, NULL);
  /* Only a save asks whether anybody acted on the follow-up. */
  c->acted_on = TRUE;
}

gboolean
_muying_store_apply_followup_plan (MuyingStore              *store,
                                   gint64                    record_id,
                                   const MuyingFollowupRow  *f,
                                   const MuyingFollowupPlan *plan,
                                   const char               *user,
                                   const GDate              *day,
                                   const char               *step,
                                   const char               *step_note,
                                   const char               *outcome,
                                   JsonBuilder              *b,
                                   gint64                   *step_id,
                                   GError                  **error)
{
  g_autofree char *due = g_date_valid (&plan->due) ? muying_date_format (&plan->due) : NULL;
  g_autofree char *day_text = muying_date_format (day);
  g_autofree char *now = _muying_store_now_iso ();
  gint64 id = 0;

  if (step_id != NULL)
    *step_id = 0;
  switch (plan->action)
    {
    case MUYING_FOLLOWUP_PLAN_KEEP:
      return TRUE;

    case MUYING_FOLLOWUP_PLAN_OPEN:
      if (!_muying_store_exec_bound (store, "INSERT INTO followup (record_id, state, due_date, opened_at) VALUES (?, 'open', ?, ?)",
                                     error, 'i', record_id, 's', due, 's', now, 0))
        return FALSE;
      break;

    case MUYING_FOLLOWUP_PLAN_REDATE:
      if (!_muying_store_exec_bound (store, "UPDATE followup SET row_version = row_version + 1, "
                                            "due_date = ? WHERE id = ?", error, 's', due, 'i', f->id, 0))
        return FALSE;
      break;

    case MUYING_FOLLOWUP_PLAN_REOPEN:
      if (!_muying_store_exec_bound (store, "UPDATE followup SET row_version = row_version + 1, "
                                            "state = 'open', due_date = ?, outcome = NULL, closed_at = NULL "
                                            "WHERE id = ?", error, 's', due, 'i', f->id, 0) ||
          !_muying_store_insert_step (store, f->id, MUYING_FOLLOWUP_OPEN, step, day, user, step_note, &id, error))
        return FALSE;
      break;

    case MUYING_FOLLOWUP_PLAN_CLOSE:
      if (!_muying_store_exec_bound (store, "UPDATE followup SET row_version = row_version + 1, "
                                            "state = 'done', outcome = ?, closed_at = ? WHERE id = ?", error,
                                     's', outcome, 's', day_text, 'i', f->id, 0) ||
          !_muying_store_insert_step (store, f->id, MUYING_FOLLOWUP_DONE, step, day, user, step_note, &id, error))
        return FALSE;
      break;

    case MUYING_FOLLOWUP_PLAN_DROP:
      if (!_muying_store_exec_bound (store, "DELETE FROM followup WHERE id = ?", error, 'i', f->id, 0))
        return FALSE;
      break;

    default:
      g_return_val_if_reached (FALSE);
    }
  if (step_id != NULL)
    *step_id = id;
  if (b == NULL)
    return TRUE;

  json_builder_set_member_name (b, "followup");
  json_builder_begin_object (b);
  switch (plan->action)
    {
    case MUYING_FOLLOWUP_PLAN_OPEN:
      _muying_store_member_string (b, "to", "open");
      _muying_store_member_string (b, "due", due);
      break;
    case MUYING_FOLLOWUP_PLAN_REOPEN:
      _muying_store_member_string (b, "from", muying_followup_state_to_string (f->state));
      _muying_store_member_string (b, "to", "open");
      _muying_store_member_string (b, "due", due);
      break;
    case MUYING_FOLLOWUP_PLAN_CLOSE:
      _muying_store_member_string (b, "from", muying_followup_state_to_string (f->state));
      _muying_store_member_string (b, "to", "done");
      _muying_store_member_string (b, "outcome", outcome);
      break;
    case MUYING_FOLLOWUP_PLAN_REDATE:
      _muying_store_member_pair (b, "due", f->due_date, due);
      break;
    case MUYING_FOLLOWUP_PLAN_DROP:
      _muying_store_member_string (b, "from", muying_followup_state_to_string (f->state));
      break;
    case MUYING_FOLLOWUP_PLAN_KEEP:
    default:
      break;
    }
  json_builder_end_object (b);
  return TRUE;
}

/* ---- re-classifying a stored record (later results, a new rule set) --------------------- */

MuyingClassification *
_muying_store_classify_stored (MuyingStore    *store,
                               MuyingRuleSet  *rules,
                               gint64          record_id,
                               MuyingProgram   program,
                               GError        **error)
{
  const MuyingProgramDescriptor *d = muying_program_descriptor_get (program);
  gpointer record = _muying_store_load_record (store, record_id, program, error);
  MuyingClassification *cls = NULL;

  if (record == NULL)
    return NULL;
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      cls = muying_rule_set_classify_prenatal (rules, record);
      break;
    case MUYING_PROGRAM_NEWBORN:
      cls = muying_rule_set_classify_newborn (rules, record);
      break;
    case MUYING_PROGRAM_TWO_CANCER:
      cls = muying_rule_set_classify_two_cancer (rules, record);
      break;
    case MUYING_N_PROGRAMS:
    default:
      g_assert_not_reached ();
    }
  d->record_free (record);
  return cls;
}

gboolean
_muying_store_write_classification (MuyingStore                *store,
                                   const MuyingRecordInfo     *r,
                                   const MuyingClassification *cls,
                                   const char                 *user,
                                   MuyingLevel                *new_level,
                                   char                      **new_review_state,
                                   GError                    **error)
{
  g_autoptr(MuyingSqlStmt) ins = NULL;
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
  if (!_muying_store_exec_bound (store, "UPDATE record SET row_version = row_version + 1, "
                                        "computed_level = ?, level = ?, review_state = ?, rules_version = ?, "
                          "updated_at = ?, updated_by = ? WHERE id = ?", error,
                                 'i', (gint64) cls->level, 'i', (gint64) level, 's', state, 's', cls->rules_version, 's', now,
                                 's', user, 'i', r->id, 0) ||
      !_muying_store_exec_bound (store, "DELETE FROM reason WHERE record_id = ?", error, 'i', r->id, 0))
    return FALSE;
  ins = muying_store_query (store, "INSERT INTO reason (record_id, code, level) VALUES (?, ?, ?)", error);
  if (ins == NULL)
    return FALSE;
  for (guint i = 0; i < cls->reasons->len; i++)
    {
      const MuyingReason *reason = g_ptr_array_index (cls->reasons, i);

      muying_sql_reset (ins);
      muying_sql_bind_int64 (ins, 1, r->id);
      muying_sql_bind_text (ins, 2, reason->code, -1, SQLITE_STATIC);
      muying_sql_bind_int (ins, 3, reason->level);
      if (!_muying_store_step_done (store, ins, error))
        return FALSE;
    }
  /* The follow-up is the caller's. */
  *new_level = level;
  *new_review_state = g_strdup (state);
  return TRUE;
}
