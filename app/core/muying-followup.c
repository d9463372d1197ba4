/* muying-followup.c: the follow-up state machine of a flagged record (pure logic, no I/O)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-followup.h"

G_DEFINE_QUARK (muying-followup-error-quark, muying_followup_error)

/* ---- states ----------------------------------------------------------------------------- */

static const char * const state_keys[MUYING_N_FOLLOWUP_STATES] = {
  "open", "notified", "next_step", "result", "done", "declined", "lost",
};

const char *
muying_followup_state_to_string (MuyingFollowupState state)
{
  g_return_val_if_fail (state < MUYING_N_FOLLOWUP_STATES, NULL);
  return state_keys[state];
}

gboolean
muying_followup_state_from_string (const char          *text,
                                   MuyingFollowupState *state)
{
  for (guint i = 0; text != NULL && i < MUYING_N_FOLLOWUP_STATES; i++)
    if (strcmp (text, state_keys[i]) == 0)
      {
        *state = i;
        return TRUE;
      }
  return FALSE;
}

const char *
muying_followup_state_get_label (MuyingFollowupState state)
{
  switch (state)
    {
    case MUYING_FOLLOWUP_OPEN:
      return _("Not yet notified");
    case MUYING_FOLLOWUP_NOTIFIED:
      return _("Notified");
    case MUYING_FOLLOWUP_NEXT_STEP:
      return _("Next step arranged");
    case MUYING_FOLLOWUP_RESULT:
      return _("Result received");
    case MUYING_FOLLOWUP_DONE:
      return _("Closed: done");
    case MUYING_FOLLOWUP_DECLINED:
      return _("Closed: declined");
    case MUYING_FOLLOWUP_LOST:
      return _("Closed: lost to follow-up");
    case MUYING_N_FOLLOWUP_STATES:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
muying_followup_state_is_closed (MuyingFollowupState state)
{
  return state == MUYING_FOLLOWUP_DONE || state == MUYING_FOLLOWUP_DECLINED || state == MUYING_FOLLOWUP_LOST;
}

gboolean
muying_followup_can_transition (MuyingFollowupState from,
                                MuyingFollowupState to)
{
  if (from >= MUYING_N_FOLLOWUP_STATES || to >= MUYING_N_FOLLOWUP_STATES)
    return FALSE;
  if (muying_followup_state_is_closed (from))
    return FALSE;
  switch (to)
    {
    case MUYING_FOLLOWUP_OPEN:
      return FALSE;
    case MUYING_FOLLOWUP_NOTIFIED:
      return from == MUYING_FOLLOWUP_OPEN;
    case MUYING_FOLLOWUP_NEXT_STEP:
      return from == MUYING_FOLLOWUP_NOTIFIED || from == MUYING_FOLLOWUP_NEXT_STEP ||
             from == MUYING_FOLLOWUP_RESULT;
    case MUYING_FOLLOWUP_RESULT:
      return from == MUYING_FOLLOWUP_NEXT_STEP;
    case MUYING_FOLLOWUP_DONE:
      return from == MUYING_FOLLOWUP_RESULT;
    case MUYING_FOLLOWUP_DECLINED:
    case MUYING_FOLLOWUP_LOST:
      return TRUE;
    case MUYING_N_FOLLOWUP_STATES:
    default:
      return FALSE;
    }
}

guint
muying_followup_list_targets (MuyingFollowupState from,
                              MuyingFollowupState targets[MUYING_N_FOLLOWUP_STATES])
{
  static const MuyingFollowupState order[] = {
    MUYING_FOLLOWUP_NOTIFIED, MUYING_FOLLOWUP_NEXT_STEP, MUYING_FOLLOWUP_RESULT, MUYING_FOLLOWUP_DONE,
    MUYING_FOLLOWUP_DECLINED, MUYING_FOLLOWUP_LOST,
  };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (muying_followup_can_transition (from, order[i]))
      targets[n++] = order[i];
  return n;
}

const char *
muying_followup_action_get_label (MuyingFollowupState to)
{
  switch (to)
    {
    case MUYING_FOLLOWUP_OPEN:
      return _("Reopen");
    case MUYING_FOLLOWUP_NOTIFIED:
      return _("Record notification");
    case MUYING_FOLLOWUP_NEXT_STEP:
      return _("Arrange next step");
    case MUYING_FOLLOWUP_RESULT:
      return _("Enter result");
    case MUYING_FOLLOWUP_DONE:
      return _("Close: done");
    case MUYING_FOLLOWUP_DECLINED:
      return _("Close: declined");
    case MUYING_FOLLOWUP_LOST:
      return _("Close: lost to follow-up");
    case MUYING_N_FOLLOWUP_STATES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---- deadlines -------------------------------------------------------------------------- */

void
muying_followup_deadlines_init_default (MuyingFollowupDeadlines *d)
{
  d->high_days = 7;
  d->intermediate_days = 30;
  d->newborn_rescreen_days = 42;
  d->newborn_diagnosis_days = 90;
  d->newborn_intervention_days = 180;
  d->prenatal_diagnosis_ga_days = 24 * 7;
  d->repeat_days = 365;
  d->step_days = 30;
  d->result_days = 30;
  d->short_interval_days = 180;
}

static gboolean
read_days (GKeyFile   *kf,
           const char *group,
           const char *key,
           int         min,
           int        *value,
           GError    **error)
{
  g_autoptr(GError) local = NULL;
  int v;

  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  v = g_key_file_get_integer (kf, group, key, &local);
  if (local != NULL || v < min || v > 3650)
    {
      g_set_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                   _("Invalid follow-up deadline in ruleset.ini [%s] %s"), group, key);
      return FALSE;
    }
  *value = v;
  return TRUE;
}

/* "24+0" → 168. */
static gboolean
parse_ga (const char *text,
          int        *days)
{
  g_auto(GStrv) parts = NULL;
  guint64 weeks = 0, extra = 0;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (g_strstrip ((char *) text), "+", 2);
  if (parts[0] == NULL || !g_ascii_string_to_unsigned (parts[0], 10, 0, 45, &weeks, NULL))
    return FALSE;
  if (parts[1] != NULL && !g_ascii_string_to_unsigned (parts[1], 10, 0, 6, &extra, NULL))
    return FALSE;
  *days = (int) (weeks * 7 + extra);
  return TRUE;
}

gboolean
muying_followup_deadlines_load (MuyingFollowupDeadlines *d,
                                const char              *data_dir,
                                GError                 **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (d != NULL, FALSE);

  muying_followup_deadlines_init_default (d);
  if (data_dir == NULL)
    return TRUE;
  path = g_build_filename (data_dir, "rules", "ruleset.ini", NULL);
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                   _("Cannot read the follow-up deadlines in %s: %s"), path, local->message);
      return FALSE;
    }
  if (!read_days (kf, "deadlines", "high", 0, &d->high_days, error) ||
      !read_days (kf, "deadlines", "intermediate", 0, &d->intermediate_days, error) ||
      !read_days (kf, "followup", "newborn_rescreen_days", 1, &d->newborn_rescreen_days, error) ||
      !read_days (kf, "followup", "newborn_diagnosis_days", 1, &d->newborn_diagnosis_days, error) ||
      !read_days (kf, "followup", "newborn_intervention_days", 1, &d->newborn_intervention_days, error) ||
      !read_days (kf, "followup", "repeat_days", 1, &d->repeat_days, error) ||
      !read_days (kf, "followup", "step_days", 1, &d->step_days, error) ||
      !read_days (kf, "followup", "result_days", 1, &d->result_days, error) ||
      !read_days (kf, "followup", "short_interval_days", 1, &d->short_interval_days, error))
    return FALSE;
  if (g_key_file_has_key (kf, "followup", "prenatal_diagnosis_ga", NULL))
    {
      g_autofree char *text = g_key_file_get_string (kf, "followup", "prenatal_diagnosis_ga", NULL);

      if (!parse_ga (text, &d->prenatal_diagnosis_ga_days) || d->prenatal_diagnosis_ga_days < 7)
        {
          g_set_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                       _("Invalid follow-up deadline in ruleset.ini [%s] %s"), "followup",
                       "prenatal_diagnosis_ga");
          return FALSE;
        }
    }
  return TRUE;
}

static void
date_plus (const GDate *from,
           int          days,
           GDate       *out)
{
  *out = *from;
  muying_date_add_days (out, days);
}

gboolean
muying_followup_step_own_due (const MuyingFollowupDeadlines *d,
                              const MuyingFollowupContext   *ctx,
                              const char                    *step,
                              GDate                         *due)
{
  g_return_val_if_fail (d != NULL && ctx != NULL && due != NULL, FALSE);

  if (step == NULL || !g_date_valid (&ctx->record_date))
    return FALSE;
  switch (ctx->program)
    {
    case MUYING_PROGRAM_NEWBORN:
      /* The 1-3-6 principle, counted from the birth date (the newborn's record date). */
      if (strcmp (step, "rescreen") == 0)
        date_plus (&ctx->record_date, d->newborn_rescreen_days, due);
      else if (strcmp (step, "audiology") == 0 || strcmp (step, "imaging") == 0)
        date_plus (&ctx->record_date, d->newborn_diagnosis_days, due);
      else if (strcmp (step, "intervention") == 0)
        date_plus (&ctx->record_date, d->newborn_intervention_days, due);
      else
        return FALSE;
      return TRUE;
    case MUYING_PROGRAM_PRENATAL:
      /* Before 24+0 weeks: the last day allowed is the day at 23+6. */
      if (strcmp (step, "diagnosis") == 0 && g_date_valid (&ctx->edd))
        {
          date_plus (&ctx->edd, d->prenatal_diagnosis_ga_days - 1 - MUYING_TERM_DAYS, due);
          return TRUE;
        }
      return FALSE;
    case MUYING_PROGRAM_TWO_CANCER:
      if (strcmp (step, "repeat") == 0)
        {
          date_plus (&ctx->record_date, d->repeat_days, due);
          return TRUE;
        }
      if (strcmp (step, "short_interval") == 0)
        {
          date_plus (&ctx->record_date, d->short_interval_days, due);
          return TRUE;
        }
      return FALSE;
    case MUYING_N_PROGRAMS:
    default:
      return FALSE;
    }
}

void
muying_followup_step_due (const MuyingFollowupDeadlines *d,
                          const MuyingFollowupContext   *ctx,
                          const char                    *step,
                          const GDate                   *date,
                          GDate                         *due)
{
  g_return_if_fail (date != NULL && g_date_valid (date));

  if (!muying_followup_step_own_due (d, ctx, step, due))
    date_plus (date, d->step_days, due);
}

void
muying_followup_compute_due (const MuyingFollowupDeadlines *d,
                             const MuyingFollowupContext   *ctx,
                             MuyingFollowupState            state,
                             const char                    *step,
                             const GDate                   *date,
                             const GDate                   *current_due,
                             GDate                         *due)
{
  g_return_if_fail (d != NULL && ctx != NULL && date != NULL && due != NULL);

  switch (state)
    {
    case MUYING_FOLLOWUP_NOTIFIED:
    case MUYING_FOLLOWUP_NEXT_STEP:
      muying_followup_step_due (d, ctx, step, date, due);
      break;
    case MUYING_FOLLOWUP_RESULT:
      date_plus (date, d->result_days, due);
      break;
    case MUYING_FOLLOWUP_OPEN:
      date_plus (date, d->step_days, due);
      break;
    case MUYING_FOLLOWUP_DONE:
    case MUYING_FOLLOWUP_DECLINED:
    case MUYING_FOLLOWUP_LOST:
    case MUYING_N_FOLLOWUP_STATES:
    default:
      if (current_due != NULL && g_date_valid (current_due))
        *due = *current_due;
      else
        *due = *date;
      break;
    }
}

void
muying_followup_first_contact_due (const MuyingFollowupDeadlines *d,
                                   MuyingLevel                    level,
                                   const GDate                   *date,
                                   GDate                         *due)
{
  date_plus (date, level == MUYING_LEVEL_HIGH ? d->high_days : d->intermediate_days, due);
}

gboolean
muying_followup_is_overdue (MuyingFollowupState  state,
                            const GDate         *due,
                            const GDate         *today)
{
  if (muying_followup_state_is_closed (state) || due == NULL || today == NULL ||
      !g_date_valid (due) || !g_date_valid (today))
    return FALSE;
  return g_date_compare (today, due) > 0;
}

int
muying_followup_days_overdue (MuyingFollowupState  state,
                              const GDate         *due,
                              const GDate         *today)
{
  if (!muying_followup_is_overdue (state, due, today))
    return 0;
  return muying_date_days_between (due, today);
}

/* ---- a change of the record's level (the rules are in the header) ---------------------- */

const char *
muying_followup_plan_action_to_string (MuyingFollowupPlanAction action)
{
  static const char * const keys[] = { "keep", "open", "redate", "reopen", "close", "drop" };

  g_return_val_if_fail (action < G_N_ELEMENTS (keys), NULL);
  return keys[action];
}

void
muying_followup_level_due (const MuyingFollowupDeadlines *d,
                           MuyingLevel                    level,
                           const MuyingClassification    *cls,
                           const GDate                   *record_date,
                           GDate                         *due)
{
  g_return_if_fail (d != NULL && record_date != NULL && due != NULL);

  if (cls != NULL && cls->level == level && g_date_valid (&cls->due_date))
    *due = cls->due_date;
  else if (g_date_valid (record_date))
    muying_followup_first_contact_due (d, level, record_date, due);
  else
    g_date_clear (due, 1);
}

/* A new due date, or nothing when it is the one the follow-up has. */
static void
plan_due (MuyingFollowupPlan       *plan,
          MuyingFollowupPlanAction  action,
          const GDate              *due,
          const GDate              *current)
{
  if (!g_date_valid (due) ||
      (action == MUYING_FOLLOWUP_PLAN_REDATE && g_date_valid (current) && g_date_compare (due, current) == 0))
    return;
  plan->action = action;
  plan->due = *due;
}

void
muying_followup_plan_level_change (const MuyingFollowupDeadlines *d,
                                   const MuyingLevelChange       *c,
                                   MuyingFollowupPlan            *plan)
{
  gboolean by_rules_only = c->cause == MUYING_LEVEL_CHANGE_SAVE;
  GDate due;

  g_return_if_fail (d != NULL && c != NULL && plan != NULL);

  plan->action = MUYING_FOLLOWUP_PLAN_KEEP;
  g_date_clear (&plan->due, 1);
  g_date_clear (&due, 1);

  if (c->new_level == MUYING_LEVEL_LOW)
    {
      if (!c->has_followup || muying_followup_state_is_closed (c->state))
        return;
      if (by_rules_only)
        {
          if (c->state == MUYING_FOLLOWUP_OPEN && !c->acted_on)
            plan->action = MUYING_FOLLOWUP_PLAN_DROP;
        }
      else if (c->old_level > MUYING_LEVEL_LOW)
        plan->action = MUYING_FOLLOWUP_PLAN_CLOSE;
      return;
    }

  if (!c->has_followup)
    {
      /* A doctor who flags a record starts its clock on the review day. */
      if (c->cause == MUYING_LEVEL_CHANGE_REVIEW && g_date_valid (&c->date))
        muying_followup_first_contact_due (d, c->new_level, &c->date, &due);
      else
        muying_followup_level_due (d, c->new_level, c->classification, &c->record_date, &due);
      plan_due (plan, MUYING_FOLLOWUP_PLAN_OPEN, &due, NULL);
      return;
    }

  if (muying_followup_state_is_closed (c->state))
    {
      if (!by_rules_only && c->old_level == MUYING_LEVEL_LOW && g_date_valid (&c->date))
        {
          muying_followup_first_contact_due (d, c->new_level, &c->date, &due);
          plan_due (plan, MUYING_FOLLOWUP_PLAN_REOPEN, &due, NULL);
        }
      return;
    }

  if (c->state == MUYING_FOLLOWUP_OPEN)
    {
      /* Nobody has been contacted yet: the first-contact deadline of the level applies. A save
       * follows the rules; a level a doctor set differently keeps the date the review gave. */
      if (by_rules_only && (c->classification == NULL || c->classification->level != c->new_level))
        return;
      if (!by_rules_only && c->old_level == c->new_level)
        return;
      muying_followup_level_due (d, c->new_level, c->classification, &c->record_date, &due);
      plan_due (plan, MUYING_FOLLOWUP_PLAN_REDATE, &due, &c->due);
      return;
    }

  /* Contact made: the step's deadline runs, and only a raise brings it forward. */
  if (!by_rules_only && c->new_level > c->old_level && g_date_valid (&c->date))
    {
      muying_followup_first_contact_due (d, c->new_level, &c->date, &due);
      if (!g_date_valid (&c->due) || g_date_compare (&due, &c->due) < 0)
        plan_due (plan, MUYING_FOLLOWUP_PLAN_REDATE, &due, &c->due);
    }
}

/* ---- transitions ------------------------------------------------------------------------ */

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

static gboolean
missing (const char *field_label,
         GError    **error)
{
  /* TRANSLATORS: %s names a field of a follow-up form, e.g. “原因” */
  g_set_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_MISSING_FIELD,
               _("%s is required"), field_label);
  return FALSE;
}

static gboolean
check_date (const GDate *date,
            const GDate *record_date,
            const GDate *today,
            GError     **error)
{
  if (date == NULL || !g_date_valid (date))
    return missing (_("The date"), error);
  if (today != NULL && g_date_valid (today) && g_date_compare (date, today) > 0)
    {
      g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                           _("The date is in the future"));
      return FALSE;
    }
  if (record_date != NULL && g_date_valid (record_date) && g_date_compare (date, record_date) < 0)
    {
      g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                           _("The date is before the screening date"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
closed_error (MuyingFollowupState from,
              GError            **error)
{
  g_set_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_CLOSED,
               _("The follow-up is closed (%s); reopen it as an amendment with a reason first"),
               muying_followup_state_get_label (from));
  return FALSE;
}

gboolean
muying_followup_check_transition (MuyingProgram                   program,
                                  MuyingFollowupState             from,
                                  const MuyingFollowupTransition *t,
                                  const GDate                    *record_date,
                                  const GDate                    *today,
                                  GError                        **error)
{
  g_return_val_if_fail (t != NULL, FALSE);

  if (from >= MUYING_N_FOLLOWUP_STATES || t->to >= MUYING_N_FOLLOWUP_STATES)
    {
      g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                           _("Unknown follow-up state"));
      return FALSE;
    }
  if (muying_followup_state_is_closed (from))
    return closed_error (from, error);
  if (!muying_followup_can_transition (from, t->to))
    {
      /* TRANSLATORS: “已通知” → “已完成” */
      g_set_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_ILLEGAL,
                   _("A follow-up cannot go from “%s” to “%s”"), muying_followup_state_get_label (from),
                   muying_followup_state_get_label (t->to));
      return FALSE;
    }
  if (!check_date (&t->date, record_date, today, error))
    return FALSE;

  switch (t->to)
    {
    case MUYING_FOLLOWUP_NEXT_STEP:
      if (is_blank (t->step))
        return missing (_("The next step"), error);
      if (!muying_followup_step_is_valid (program, t->step))
        {
          g_set_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                       _("“%s” is not a follow-up step of %s"), t->step, muying_program_get_label (program));
          return FALSE;
        }
      break;
    case MUYING_FOLLOWUP_RESULT:
      if (is_blank (t->note))
        return missing (_("The result"), error);
      break;
    case MUYING_FOLLOWUP_DONE:
      if (is_blank (t->outcome))
        return missing (_("The outcome"), error);
      break;
    case MUYING_FOLLOWUP_DECLINED:
      if (is_blank (t->note))
        return missing (_("What was declined"), error);
      if (!t->refusal_signed)
        {
          g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_MISSING_FIELD,
                               _("A refusal is recorded only when it is signed by the woman or her family"));
          return FALSE;
        }
      break;
    case MUYING_FOLLOWUP_LOST:
      if (is_blank (t->note))
        return missing (_("The reason"), error);
      if (t->contact_attempts < 1)
        {
          g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_MISSING_FIELD,
                               _("A case is lost to follow-up only after at least one contact attempt"));
          return FALSE;
        }
      break;
    case MUYING_FOLLOWUP_OPEN:
    case MUYING_FOLLOWUP_NOTIFIED:
    case MUYING_N_FOLLOWUP_STATES:
    default:
      break;
    }
  return TRUE;
}

gboolean
muying_followup_check_contact_attempt (MuyingFollowupState from,
                                       GError            **error)
{
  if (from >= MUYING_N_FOLLOWUP_STATES)
    {
      g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                           _("Unknown follow-up state"));
      return FALSE;
    }
  if (muying_followup_state_is_closed (from))
    return closed_error (from, error);
  return TRUE;
}

gboolean
muying_followup_check_reopen (MuyingFollowupState  from,
                              const char          *reason,
                              GError             **error)
{
  if (!muying_followup_state_is_closed (from))
    {
      g_set_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_ILLEGAL,
                   _("Only a closed follow-up can be reopened (this one is “%s”)"),
                   from < MUYING_N_FOLLOWUP_STATES ? muying_followup_state_get_label (from) : "?");
      return FALSE;
    }
  if (is_blank (reason))
    return missing (_("The reason"), error);
  return TRUE;
}

/* ---- later results ---------------------------------------------------------------------- */

/* A kind as the descriptors give it: the kinds are the programmes' result lists, in order. */
typedef struct
{
  const MuyingProgramDescriptor *descriptor;
  const MuyingResultDescriptor  *result;
  const MuyingField             *field;
  const MuyingField             *field2;       /* nullable */
  const MuyingField             *date_field;   /* nullable */
  const char                   **values;       /* the result values of the field, NULL-terminated */
} Kind;

static const MuyingField *
result_field (const MuyingProgramDescriptor *d,
              const char                    *key)
{
  const MuyingField *f = muying_program_descriptor_find (d, key);

  /* A descriptor naming a field it does not have is a programming error. */
  g_assert (f != NULL && MUYING_FIELD_IS (f, MUYING_FIELD_LATER));
  return f;
}

static const char **
result_values (const MuyingField *field)
{
  GPtrArray *keys = g_ptr_array_new ();

  g_assert (field->kind == MUYING_FIELD_CHOICE);
  for (const MuyingFieldChoice *c = field->choices; c->key != NULL; c++)
    if (*c->key != '\0' && !c->not_a_result)
      g_ptr_array_add (keys, (gpointer) c->key);
  g_ptr_array_add (keys, NULL);
  return (const char **) g_ptr_array_free (keys, FALSE);
}

static const Kind *
get_kind (MuyingResultKind kind)
{
  static Kind *kinds;

  if (g_once_init_enter (&kinds))
    {
      Kind *table = g_new0 (Kind, MUYING_N_RESULT_KINDS);
      guint n = 0;

      for (int p = 0; p < MUYING_N_PROGRAMS; p++)
        {
          const MuyingProgramDescriptor *d = muying_program_descriptor_get ((MuyingProgram) p);

          for (const MuyingResultDescriptor *r = d->results; r != NULL && r->field != NULL; r++)
            {
              Kind *k = &table[n++];

              g_assert (n <= MUYING_N_RESULT_KINDS);
              k->descriptor = d;
              k->result = r;
              k->field = result_field (d, r->field);
              k->field2 = r->field2 != NULL ? result_field (d, r->field2) : NULL;
              k->date_field = r->date_field != NULL ? result_field (d, r->date_field) : NULL;
              k->values = result_values (k->field);
            }
        }
      g_assert (n == MUYING_N_RESULT_KINDS);
      g_once_init_leave (&kinds, table);
    }
  return &kinds[kind];
}

const char *
muying_result_kind_to_string (MuyingResultKind kind)
{
  const Kind *k;

  g_return_val_if_fail (kind < MUYING_N_RESULT_KINDS, NULL);
  k = get_kind (kind);
  return k->result->name != NULL ? k->result->name : k->field->key;
}

gboolean
muying_result_kind_from_string (const char       *text,
                                MuyingResultKind *kind)
{
  for (guint i = 0; text != NULL && i < MUYING_N_RESULT_KINDS; i++)
    if (strcmp (text, muying_result_kind_to_string (i)) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
muying_result_kind_from_field (const MuyingField *field,
                               MuyingResultKind  *kind)
{
  for (guint i = 0; field != NULL && i < MUYING_N_RESULT_KINDS; i++)
    if (get_kind (i)->field == field || get_kind (i)->field2 == field)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

MuyingProgram
muying_result_kind_get_program (MuyingResultKind kind)
{
  g_return_val_if_fail (kind < MUYING_N_RESULT_KINDS, MUYING_PROGRAM_PRENATAL);
  return get_kind (kind)->descriptor->program;
}

const char *
muying_result_kind_get_label (MuyingResultKind kind)
{
  const Kind *k;

  g_return_val_if_fail (kind < MUYING_N_RESULT_KINDS, NULL);
  k = get_kind (kind);
  return _(k->result->label != NULL ? k->result->label : k->field->label);
}

const MuyingProgramDescriptor *
muying_result_kind_get_descriptor (MuyingResultKind kind)
{
  g_return_val_if_fail (kind < MUYING_N_RESULT_KINDS, NULL);
  return get_kind (kind)->descriptor;
}

const MuyingField *
muying_result_kind_get_field (MuyingResultKind kind)
{
  g_return_val_if_fail (kind < MUYING_N_RESULT_KINDS, NULL);
  return get_kind (kind)->field;
}

const MuyingField *
muying_result_kind_get_field2 (MuyingResultKind kind)
{
  g_return_val_if_fail (kind < MUYING_N_RESULT_KINDS, NULL);
  return get_kind (kind)->field2;
}

const MuyingField *
muying_result_kind_get_date_field (MuyingResultKind kind)
{
  g_return_val_if_fail (kind < MUYING_N_RESULT_KINDS, NULL);
  return get_kind (kind)->date_field;
}

const char *
muying_result_kind_get_column (MuyingResultKind kind)
{
  g_return_val_if_fail (kind < MUYING_N_RESULT_KINDS, NULL);
  return get_kind (kind)->field->key;
}

gboolean
muying_result_kind_reclassifies (MuyingResultKind kind)
{
  g_return_val_if_fail (kind < MUYING_N_RESULT_KINDS, FALSE);
  return get_kind (kind)->result->reclassifies;
}

const char * const *
muying_result_kind_list_values (MuyingResultKind kind)
{
  g_return_val_if_fail (kind < MUYING_N_RESULT_KINDS, NULL);
  return (const char * const *) get_kind (kind)->values;
}

/* The choice of @value when it is one of the kind's result values. */
static const MuyingFieldChoice *
find_value (MuyingResultKind  kind,
            const char       *value)
{
  const MuyingFieldChoice *c;

  if (value == NULL || *value == '\0')
    return NULL;
  c = muying_field_choice_find (get_kind (kind)->field, value);
  return c != NULL && !c->not_a_result ? c : NULL;
}

const char *
muying_result_value_get_label (MuyingResultKind  kind,
                               const char       *value)
{
  const MuyingFieldChoice *c;

  g_return_val_if_fail (kind < MUYING_N_RESULT_KINDS, NULL);
  c = find_value (kind, value);
  if (c == NULL)
    return NULL;
  return *c->label != '\0' ? _(c->label) : c->key;
}

gboolean
muying_result_check (const MuyingLaterResult *result,
                     MuyingProgram            program,
                     const GDate             *today,
                     GError                 **error)
{
  g_return_val_if_fail (result != NULL, FALSE);

  if (result->kind >= MUYING_N_RESULT_KINDS)
    {
      g_set_error_literal (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                           _("Unknown kind of result"));
      return FALSE;
    }
  if (muying_result_kind_get_program (result->kind) != program)
    {
      /* TRANSLATORS: “病理（宫颈）” is not a result of “产前筛查” */
      g_set_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                   _("“%s” is not a result of %s"), muying_result_kind_get_label (result->kind),
                   muying_program_get_label (program));
      return FALSE;
    }
  if (is_blank (result->value))
    return missing (muying_result_kind_get_label (result->kind), error);
  if (find_value (result->kind, result->value) == NULL ||
      (muying_result_kind_get_field2 (result->kind) != NULL && find_value (result->kind, result->value2) == NULL))
    {
      const char *bad = find_value (result->kind, result->value) == NULL ? result->value : result->value2;

      g_set_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE,
                   _("“%s” is not a value of %s"), bad ? bad : "", muying_result_kind_get_label (result->kind));
      return FALSE;
    }
  return check_date (&result->date, NULL, today, error);
}
