/* test-followup.c: the follow-up state machine (pure logic): legal and illegal transitions,
 * required fields, deadlines of later steps, overdue across month and year ends, later results.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "muying-date-private.h"
#include "muying-date.h"
#include "muying-followup.h"
#include "muying-test-utils.h"

static void
set_date (GDate      *date,
          const char *iso)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (muying_date_parse (iso, date, &error));
  g_assert_no_error (error);
}

static char *
format (const GDate *date)
{
  return muying_date_format (date);
}

/* A transition that carries every field, so only legality is tested. */
static MuyingFollowupTransition
full_transition (MuyingFollowupState to)
{
  MuyingFollowupTransition t = { 0 };

  t.to = to;
  set_date (&t.date, "2026-03-10");
  t.step = "colposcopy";
  t.note = "note";
  t.outcome = "CIN2, treated";
  t.contact_attempts = 3;
  t.refusal_signed = TRUE;
  return t;
}

static void
test_states (void)
{
  for (guint s = 0; s < MUYING_N_FOLLOWUP_STATES; s++)
    {
      MuyingFollowupState back;
      const char *key = muying_followup_state_to_string (s);

      g_assert_nonnull (key);
      g_assert_true (muying_followup_state_from_string (key, &back));
      g_assert_cmpint (back, ==, s);
      g_assert_nonnull (muying_followup_state_get_label (s));
      g_assert_nonnull (muying_followup_action_get_label (s));
    }
  g_assert_false (muying_followup_state_from_string ("closed", &(MuyingFollowupState) { 0 }));
  g_assert_false (muying_followup_state_from_string (NULL, &(MuyingFollowupState) { 0 }));
  g_assert_false (muying_followup_state_is_closed (MUYING_FOLLOWUP_OPEN));
  g_assert_false (muying_followup_state_is_closed (MUYING_FOLLOWUP_RESULT));
  g_assert_true (muying_followup_state_is_closed (MUYING_FOLLOWUP_DONE));
  g_assert_true (muying_followup_state_is_closed (MUYING_FOLLOWUP_DECLINED));
  g_assert_true (muying_followup_state_is_closed (MUYING_FOLLOWUP_LOST));
  /* Labels are Chinese under LANGUAGE=zh_CN once the translations are merged; never empty. */
  g_assert_cmpstr (muying_followup_state_get_label (MUYING_FOLLOWUP_LOST), !=, "");
}

/* The whole table: exactly these transitions are legal. */
static void
test_transition_table (void)
{
  static const struct
  {
    MuyingFollowupState from;
    MuyingFollowupState to;
  } legal[] = {
    { MUYING_FOLLOWUP_OPEN, MUYING_FOLLOWUP_NOTIFIED },
    { MUYING_FOLLOWUP_OPEN, MUYING_FOLLOWUP_DECLINED },
    { MUYING_FOLLOWUP_OPEN, MUYING_FOLLOWUP_LOST },
    { MUYING_FOLLOWUP_NOTIFIED, MUYING_FOLLOWUP_NEXT_STEP },
    { MUYING_FOLLOWUP_NOTIFIED, MUYING_FOLLOWUP_DECLINED },
    { MUYING_FOLLOWUP_NOTIFIED, MUYING_FOLLOWUP_LOST },
    { MUYING_FOLLOWUP_NEXT_STEP, MUYING_FOLLOWUP_NEXT_STEP },
    { MUYING_FOLLOWUP_NEXT_STEP, MUYING_FOLLOWUP_RESULT },
    { MUYING_FOLLOWUP_NEXT_STEP, MUYING_FOLLOWUP_DECLINED },
    { MUYING_FOLLOWUP_NEXT_STEP, MUYING_FOLLOWUP_LOST },
    { MUYING_FOLLOWUP_RESULT, MUYING_FOLLOWUP_NEXT_STEP },
    { MUYING_FOLLOWUP_RESULT, MUYING_FOLLOWUP_DONE },
    { MUYING_FOLLOWUP_RESULT, MUYING_FOLLOWUP_DECLINED },
    { MUYING_FOLLOWUP_RESULT, MUYING_FOLLOWUP_LOST },
  };
  guint n_legal = 0;

  for (guint from = 0; from < MUYING_N_FOLLOWUP_STATES; from++)
    for (guint to = 0; to < MUYING_N_FOLLOWUP_STATES; to++)
      {
        gboolean expected = FALSE;
        MuyingFollowupTransition t = full_transition (to);
        g_autoptr(GError) error = NULL;
        gboolean ok;

        for (guint i = 0; i < G_N_ELEMENTS (legal); i++)
          if (legal[i].from == from && legal[i].to == to)
            expected = TRUE;
        g_test_message ("%s → %s", muying_followup_state_to_string (from), muying_followup_state_to_string (to));
        g_assert_cmpint (muying_followup_can_transition (from, to), ==, expected);

        ok = muying_followup_check_transition (MUYING_PROGRAM_TWO_CANCER, from, &t, NULL, NULL, &error);
        g_assert_cmpint (ok, ==, expected);
        if (expected)
          {
            g_assert_no_error (error);
            n_legal++;
          }
        else if (muying_followup_state_is_closed (from))
          g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_CLOSED);
        else
          g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_ILLEGAL);
      }
  g_assert_cmpuint (n_legal, ==, G_N_ELEMENTS (legal));
}

static void
test_targets (void)
{
  MuyingFollowupState targets[MUYING_N_FOLLOWUP_STATES];
  guint n;

  n = muying_followup_list_targets (MUYING_FOLLOWUP_OPEN, targets);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (targets[0], ==, MUYING_FOLLOWUP_NOTIFIED);
  g_assert_cmpint (targets[1], ==, MUYING_FOLLOWUP_DECLINED);
  g_assert_cmpint (targets[2], ==, MUYING_FOLLOWUP_LOST);

  n = muying_followup_list_targets (MUYING_FOLLOWUP_RESULT, targets);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (targets[0], ==, MUYING_FOLLOWUP_NEXT_STEP);
  g_assert_cmpint (targets[1], ==, MUYING_FOLLOWUP_DONE);

  for (MuyingFollowupState s = MUYING_FOLLOWUP_DONE; s <= MUYING_FOLLOWUP_LOST; s++)
    g_assert_cmpuint (muying_followup_list_targets (s, targets), ==, 0);
}

/* A walk through the whole life of a case, as a doctor would record it. */
static void
test_happy_path (void)
{
  MuyingFollowupState state = MUYING_FOLLOWUP_OPEN;
  const MuyingFollowupState path[] = {
    MUYING_FOLLOWUP_NOTIFIED, MUYING_FOLLOWUP_NEXT_STEP, MUYING_FOLLOWUP_RESULT, MUYING_FOLLOWUP_NEXT_STEP,
    MUYING_FOLLOWUP_RESULT, MUYING_FOLLOWUP_DONE,
  };
  GDate record_date, today;

  set_date (&record_date, "2026-03-01");
  set_date (&today, "2026-04-30");
  for (guint i = 0; i < G_N_ELEMENTS (path); i++)
    {
      g_autoptr(GError) error = NULL;
      MuyingFollowupTransition t = { .to = path[i] };

      set_date (&t.date, "2026-03-05");
      if (path[i] == MUYING_FOLLOWUP_NEXT_STEP)
        t.step = i < 3 ? "colposcopy" : "biopsy";
      if (path[i] == MUYING_FOLLOWUP_RESULT)
        t.note = "CIN2";
      if (path[i] == MUYING_FOLLOWUP_DONE)
        t.outcome = "LEEP done";
      g_assert_true (muying_followup_check_transition (MUYING_PROGRAM_TWO_CANCER, state, &t, &record_date, &today,
                                                       &error));
      g_assert_no_error (error);
      state = path[i];
    }
  g_assert_cmpint (state, ==, MUYING_FOLLOWUP_DONE);
}

static void
expect_error (MuyingFollowupState             from,
              const MuyingFollowupTransition *t,
              MuyingProgram                   program,
              int                             code)
{
  g_autoptr(GError) error = NULL;
  GDate record_date, today;

  set_date (&record_date, "2026-03-01");
  set_date (&today, "2026-03-20");
  g_assert_false (muying_followup_check_transition (program, from, t, &record_date, &today, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_required_fields (void)
{
  MuyingFollowupTransition t;

  /* next_step needs a step of the programme. */
  t = full_transition (MUYING_FOLLOWUP_NEXT_STEP);
  t.step = NULL;
  expect_error (MUYING_FOLLOWUP_NOTIFIED, &t, MUYING_PROGRAM_TWO_CANCER, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);
  t.step = "  ";
  expect_error (MUYING_FOLLOWUP_NOTIFIED, &t, MUYING_PROGRAM_TWO_CANCER, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);
  t.step = "audiology";   /* a newborn step */
  expect_error (MUYING_FOLLOWUP_NOTIFIED, &t, MUYING_PROGRAM_TWO_CANCER, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  t.step = "colposcopy";  /* not a newborn step */
  expect_error (MUYING_FOLLOWUP_NOTIFIED, &t, MUYING_PROGRAM_NEWBORN, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);

  /* result needs the result in words. */
  t = full_transition (MUYING_FOLLOWUP_RESULT);
  t.note = "";
  expect_error (MUYING_FOLLOWUP_NEXT_STEP, &t, MUYING_PROGRAM_TWO_CANCER, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);

  /* done needs the outcome. */
  t = full_transition (MUYING_FOLLOWUP_DONE);
  t.outcome = NULL;
  expect_error (MUYING_FOLLOWUP_RESULT, &t, MUYING_PROGRAM_TWO_CANCER, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);

  /* declined needs what was declined, and the signature. */
  t = full_transition (MUYING_FOLLOWUP_DECLINED);
  t.note = NULL;
  expect_error (MUYING_FOLLOWUP_NOTIFIED, &t, MUYING_PROGRAM_PRENATAL, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);
  t = full_transition (MUYING_FOLLOWUP_DECLINED);
  t.refusal_signed = FALSE;
  expect_error (MUYING_FOLLOWUP_NOTIFIED, &t, MUYING_PROGRAM_PRENATAL, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);

  /* lost needs the reason and at least one contact attempt. */
  t = full_transition (MUYING_FOLLOWUP_LOST);
  t.note = "\t";
  expect_error (MUYING_FOLLOWUP_OPEN, &t, MUYING_PROGRAM_NEWBORN, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);
  t = full_transition (MUYING_FOLLOWUP_LOST);
  t.contact_attempts = 0;
  expect_error (MUYING_FOLLOWUP_OPEN, &t, MUYING_PROGRAM_NEWBORN, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);
  t.contact_attempts = 1;
  {
    g_autoptr(GError) error = NULL;
    g_assert_true (muying_followup_check_transition (MUYING_PROGRAM_NEWBORN, MUYING_FOLLOWUP_OPEN, &t, NULL, NULL,
                                                     &error));
    g_assert_no_error (error);
  }

  /* Dates: required, not in the future, not before the screening. */
  t = full_transition (MUYING_FOLLOWUP_NOTIFIED);
  g_date_clear (&t.date, 1);
  expect_error (MUYING_FOLLOWUP_OPEN, &t, MUYING_PROGRAM_PRENATAL, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);
  set_date (&t.date, "2026-03-21");
  expect_error (MUYING_FOLLOWUP_OPEN, &t, MUYING_PROGRAM_PRENATAL, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  set_date (&t.date, "2026-02-28");
  expect_error (MUYING_FOLLOWUP_OPEN, &t, MUYING_PROGRAM_PRENATAL, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  set_date (&t.date, "2026-03-20");   /* today itself is fine, and so is the record date */
  {
    g_autoptr(GError) error = NULL;
    GDate record_date, today;

    set_date (&record_date, "2026-03-20");
    set_date (&today, "2026-03-20");
    g_assert_true (muying_followup_check_transition (MUYING_PROGRAM_PRENATAL, MUYING_FOLLOWUP_OPEN, &t, &record_date,
                                                     &today, &error));
    g_assert_no_error (error);
  }

  /* Reopen: only closed ones, with a reason. Contact attempts only while not closed. */
  {
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autoptr(GError) e3 = NULL;
    g_autoptr(GError) e4 = NULL;

    g_assert_false (muying_followup_check_reopen (MUYING_FOLLOWUP_NOTIFIED, "typo", &e1));
    g_assert_error (e1, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_ILLEGAL);
    g_assert_false (muying_followup_check_reopen (MUYING_FOLLOWUP_LOST, " ", &e2));
    g_assert_error (e2, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);
    g_assert_true (muying_followup_check_reopen (MUYING_FOLLOWUP_LOST, "she came back", NULL));
    g_assert_true (muying_followup_check_reopen (MUYING_FOLLOWUP_DONE, "wrong outcome", NULL));
    g_assert_true (muying_followup_check_contact_attempt (MUYING_FOLLOWUP_OPEN, NULL));
    g_assert_true (muying_followup_check_contact_attempt (MUYING_FOLLOWUP_RESULT, NULL));
    g_assert_false (muying_followup_check_contact_attempt (MUYING_FOLLOWUP_DECLINED, &e3));
    g_assert_error (e3, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_CLOSED);
    g_assert_false (muying_followup_check_contact_attempt (MUYING_N_FOLLOWUP_STATES, &e4));
    g_assert_error (e4, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  }
}

static void
assert_overdue (const char *due_iso,
                const char *today_iso,
                gboolean    overdue,
                int         days)
{
  GDate due, today;

  set_date (&due, due_iso);
  set_date (&today, today_iso);
  g_test_message ("due %s, today %s", due_iso, today_iso);
  g_assert_cmpint (muying_followup_is_overdue (MUYING_FOLLOWUP_NOTIFIED, &due, &today), ==, overdue);
  g_assert_cmpint (muying_followup_days_overdue (MUYING_FOLLOWUP_NOTIFIED, &due, &today), ==, days);
  /* A closed follow-up is never overdue. */
  for (MuyingFollowupState s = MUYING_FOLLOWUP_DONE; s <= MUYING_FOLLOWUP_LOST; s++)
    {
      g_assert_false (muying_followup_is_overdue (s, &due, &today));
      g_assert_cmpint (muying_followup_days_overdue (s, &due, &today), ==, 0);
    }
}

static void
test_overdue (void)
{
  /* Not overdue on the due date itself, overdue the day after. */
  assert_overdue ("2026-03-10", "2026-03-09", FALSE, 0);
  assert_overdue ("2026-03-10", "2026-03-10", FALSE, 0);
  assert_overdue ("2026-03-10", "2026-03-11", TRUE, 1);
  /* Month ends: 30 and 31 days, February in a common and in a leap year. */
  assert_overdue ("2026-04-30", "2026-04-30", FALSE, 0);
  assert_overdue ("2026-04-30", "2026-05-01", TRUE, 1);
  assert_overdue ("2026-01-31", "2026-02-01", TRUE, 1);
  assert_overdue ("2026-02-28", "2026-03-01", TRUE, 1);
  assert_overdue ("2028-02-28", "2028-02-29", TRUE, 1);
  assert_overdue ("2028-02-29", "2028-02-29", FALSE, 0);
  assert_overdue ("2028-02-29", "2028-03-01", TRUE, 1);
  /* Year end. */
  assert_overdue ("2026-12-31", "2026-12-31", FALSE, 0);
  assert_overdue ("2026-12-31", "2027-01-01", TRUE, 1);
  assert_overdue ("2026-12-25", "2027-01-05", TRUE, 11);
  /* Long overdue. */
  assert_overdue ("2025-03-10", "2026-03-10", TRUE, 365);
  assert_overdue ("2027-03-10", "2028-03-10", TRUE, 366);

  /* No due date, no today: never overdue. */
  {
    GDate invalid, today;

    g_date_clear (&invalid, 1);
    set_date (&today, "2026-03-10");
    g_assert_false (muying_followup_is_overdue (MUYING_FOLLOWUP_OPEN, &invalid, &today));
    g_assert_false (muying_followup_is_overdue (MUYING_FOLLOWUP_OPEN, &today, NULL));
  }
}

static void
assert_step_due (MuyingProgram  program,
                 const char    *record_date,
                 const char    *edd,
                 const char    *step,
                 const char    *arranged,
                 const char    *expected)
{
  MuyingFollowupDeadlines d;
  MuyingFollowupContext ctx = { .program = program };
  g_autofree char *text = NULL;
  GDate date, due;

  muying_followup_deadlines_init_default (&d);
  set_date (&ctx.record_date, record_date);
  g_date_clear (&ctx.edd, 1);
  if (edd != NULL)
    set_date (&ctx.edd, edd);
  set_date (&date, arranged);
  muying_followup_step_due (&d, &ctx, step, &date, &due);
  text = format (&due);
  g_test_message ("%s %s arranged %s → %s", muying_program_to_string (program), step, arranged, text);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_step_deadlines (void)
{
  /* Newborn 1-3-6: counted from the birth date, whenever the step is arranged. */
  assert_step_due (MUYING_PROGRAM_NEWBORN, "2026-01-01", NULL, "rescreen", "2026-01-05", "2026-02-12");
  assert_step_due (MUYING_PROGRAM_NEWBORN, "2026-01-01", NULL, "audiology", "2026-02-20", "2026-04-01");
  assert_step_due (MUYING_PROGRAM_NEWBORN, "2026-01-01", NULL, "imaging", "2026-02-20", "2026-04-01");
  assert_step_due (MUYING_PROGRAM_NEWBORN, "2026-01-01", NULL, "intervention", "2026-04-10", "2026-06-30");
  /* Steps without their own deadline: 30 days after they are arranged. */
  assert_step_due (MUYING_PROGRAM_NEWBORN, "2026-01-01", NULL, "counselling", "2026-01-10", "2026-02-09");
  assert_step_due (MUYING_PROGRAM_TWO_CANCER, "2026-03-01", NULL, "colposcopy", "2026-12-15", "2027-01-14");
  assert_step_due (MUYING_PROGRAM_NEWBORN, "2026-01-01", NULL, NULL, "2026-01-10", "2026-02-09");
  /* Two-cancer repeat tests: 12 months after the exam. */
  assert_step_due (MUYING_PROGRAM_TWO_CANCER, "2026-03-01", NULL, "repeat", "2026-03-05", "2027-03-01");
  /* Prenatal diagnosis before 24+0 weeks: EDD 2026-09-01 → 24+0 on 2026-05-12, last day 05-11. */
  assert_step_due (MUYING_PROGRAM_PRENATAL, "2026-04-01", "2026-09-01", "diagnosis", "2026-04-05", "2026-05-11");
  /* … only when the gestational age is known. */
  assert_step_due (MUYING_PROGRAM_PRENATAL, "2026-04-01", NULL, "diagnosis", "2026-04-05", "2026-05-05");

  /* At 23+6 the woman is still in time, at 24+0 she is overdue. */
  {
    MuyingFollowupDeadlines d;
    MuyingFollowupContext ctx = { .program = MUYING_PROGRAM_PRENATAL };
    GDate due, day;

    muying_followup_deadlines_init_default (&d);
    set_date (&ctx.record_date, "2026-04-01");
    set_date (&ctx.edd, "2026-09-01");
    g_assert_true (muying_followup_step_own_due (&d, &ctx, "diagnosis", &due));
    g_assert_cmpint (muying_date_ga_days_on (&ctx.edd, &due), ==, 23 * 7 + 6);
    day = due;
    g_assert_false (muying_followup_is_overdue (MUYING_FOLLOWUP_NEXT_STEP, &due, &day));
    muying_date_add_days (&day, 1);
    g_assert_cmpint (muying_date_ga_days_on (&ctx.edd, &day), ==, 24 * 7);
    g_assert_true (muying_followup_is_overdue (MUYING_FOLLOWUP_NEXT_STEP, &due, &day));
    g_assert_false (muying_followup_step_own_due (&d, &ctx, "counselling", &due));
  }
}

static void
test_compute_due (void)
{
  MuyingFollowupDeadlines d;
  MuyingFollowupContext ctx = { .program = MUYING_PROGRAM_NEWBORN };
  GDate date, due, current;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *e = NULL;
  g_autofree char *f = NULL;

  muying_followup_deadlines_init_default (&d);
  set_date (&ctx.record_date, "2026-01-01");
  g_date_clear (&ctx.edd, 1);
  set_date (&date, "2026-01-20");
  set_date (&current, "2026-01-08");

  muying_followup_compute_due (&d, &ctx, MUYING_FOLLOWUP_NOTIFIED, "rescreen", &date, &current, &due);
  a = format (&due);
  g_assert_cmpstr (a, ==, "2026-02-12");
  muying_followup_compute_due (&d, &ctx, MUYING_FOLLOWUP_NEXT_STEP, "audiology", &date, &current, &due);
  b = format (&due);
  g_assert_cmpstr (b, ==, "2026-04-01");
  muying_followup_compute_due (&d, &ctx, MUYING_FOLLOWUP_RESULT, "audiology", &date, &current, &due);
  c = format (&due);
  g_assert_cmpstr (c, ==, "2026-02-19");
  muying_followup_compute_due (&d, &ctx, MUYING_FOLLOWUP_DONE, NULL, &date, &current, &due);
  e = format (&due);
  g_assert_cmpstr (e, ==, "2026-01-08");

  muying_followup_first_contact_due (&d, MUYING_LEVEL_HIGH, &date, &due);
  f = format (&due);
  g_assert_cmpstr (f, ==, "2026-01-27");
  muying_followup_first_contact_due (&d, MUYING_LEVEL_INTERMEDIATE, &date, &due);
  g_clear_pointer (&f, g_free);
  f = format (&due);
  g_assert_cmpstr (f, ==, "2026-02-19");
}

static void
test_deadlines_load (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *rules_dir = g_build_filename (dir, "rules", NULL);
  g_autofree char *path = g_build_filename (rules_dir, "ruleset.ini", NULL);
  g_autoptr(GError) error = NULL;
  MuyingFollowupDeadlines d;

  /* The shipped rule data: docs/rules.md's numbers. */
  g_assert_true (muying_followup_deadlines_load (&d, muying_test_data_dir (), &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.high_days, ==, 7);
  g_assert_cmpint (d.intermediate_days, ==, 30);
  g_assert_cmpint (d.newborn_rescreen_days, ==, 42);
  g_assert_cmpint (d.newborn_diagnosis_days, ==, 90);
  g_assert_cmpint (d.newborn_intervention_days, ==, 180);
  g_assert_cmpint (d.prenatal_diagnosis_ga_days, ==, 168);

  /* An institution's own copy. */
  g_assert_cmpint (g_mkdir_with_parents (rules_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path,
                                      "[deadlines]\nhigh=5\nintermediate=20\n"
                                      "[followup]\nnewborn_diagnosis_days=60\nprenatal_diagnosis_ga=22+0\n"
                                      "step_days=14\n", -1, &error));
  g_assert_true (muying_followup_deadlines_load (&d, dir, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.high_days, ==, 5);
  g_assert_cmpint (d.intermediate_days, ==, 20);
  g_assert_cmpint (d.newborn_diagnosis_days, ==, 60);
  g_assert_cmpint (d.prenatal_diagnosis_ga_days, ==, 154);
  g_assert_cmpint (d.step_days, ==, 14);
  g_assert_cmpint (d.newborn_rescreen_days, ==, 42);

  /* A bad value is an error, not silently the default. */
  g_assert_true (g_file_set_contents (path, "[followup]\nstep_days=soon\n", -1, &error));
  g_assert_false (muying_followup_deadlines_load (&d, dir, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, "[followup]\nprenatal_diagnosis_ga=24+9\n", -1, &error));
  g_assert_false (muying_followup_deadlines_load (&d, dir, &error));
  g_clear_error (&error);

  /* No file: the defaults. */
  g_assert_true (muying_followup_deadlines_load (&d, "/nonexistent", &error));
  g_assert_no_error (error);
  g_assert_cmpint (d.step_days, ==, 30);
  muying_test_rm_rf (dir);
}

static void
test_steps (void)
{
  const MuyingProgram programs[] = { MUYING_PROGRAM_PRENATAL, MUYING_PROGRAM_NEWBORN, MUYING_PROGRAM_TWO_CANCER };

  for (guint p = 0; p < G_N_ELEMENTS (programs); p++)
    {
      const char * const *steps = muying_followup_list_steps (programs[p]);

      g_assert_nonnull (steps);
      g_assert_nonnull (steps[0]);
      for (guint i = 0; steps[i] != NULL; i++)
        {
          g_assert_true (muying_followup_step_is_valid (programs[p], steps[i]));
          g_assert_nonnull (muying_followup_step_get_label (steps[i]));
        }
    }
  g_assert_true (muying_followup_step_is_valid (MUYING_PROGRAM_PRENATAL, "diagnosis"));
  g_assert_true (muying_followup_step_is_valid (MUYING_PROGRAM_NEWBORN, "audiology"));
  g_assert_true (muying_followup_step_is_valid (MUYING_PROGRAM_TWO_CANCER, "mammography"));
  g_assert_false (muying_followup_step_is_valid (MUYING_PROGRAM_PRENATAL, "biopsy"));
  g_assert_false (muying_followup_step_is_valid (MUYING_PROGRAM_TWO_CANCER, NULL));
  g_assert_null (muying_followup_step_get_label ("surgery"));

  /* The most severe reason decides the suggested step. */
  {
    const char *prenatal[] = { "AMA", "T21_HIGH", NULL };
    const char *newborn[] = { "CARRIER", "MT_AMINOGLYCOSIDE", NULL };
    const char *newborn2[] = { "HEARING_REFER", "MT_AMINOGLYCOSIDE", NULL };
    const char *cervix[] = { "HPV16_18", "CYTO_ABNORMAL", NULL };
    const char *cervix2[] = { "COLPOSCOPY_ABNORMAL", "HPV16_18", NULL };
    const char *breast[] = { "US_RECALL", NULL };
    const char *none[] = { NULL };

    g_assert_cmpstr (muying_followup_suggest_step (MUYING_PROGRAM_PRENATAL, prenatal), ==, "diagnosis");
    g_assert_cmpstr (muying_followup_suggest_step (MUYING_PROGRAM_NEWBORN, newborn), ==, "drug_card");
    g_assert_cmpstr (muying_followup_suggest_step (MUYING_PROGRAM_NEWBORN, newborn2), ==, "audiology");
    g_assert_cmpstr (muying_followup_suggest_step (MUYING_PROGRAM_TWO_CANCER, cervix), ==, "colposcopy");
    g_assert_cmpstr (muying_followup_suggest_step (MUYING_PROGRAM_TWO_CANCER, cervix2), ==, "biopsy");
    g_assert_cmpstr (muying_followup_suggest_step (MUYING_PROGRAM_TWO_CANCER, breast), ==, "mammography");
    g_assert_null (muying_followup_suggest_step (MUYING_PROGRAM_TWO_CANCER, none));
    g_assert_null (muying_followup_suggest_step (MUYING_PROGRAM_TWO_CANCER, NULL));
  }
}

static void
test_results (void)
{
  MuyingLaterResult r = { 0 };
  GDate today;
  g_autoptr(GError) error = NULL;

  set_date (&today, "2026-05-01");
  for (guint k = 0; k < MUYING_N_RESULT_KINDS; k++)
    {
      MuyingResultKind back;
      const char * const *values = muying_result_kind_list_values (k);

      g_assert_true (muying_result_kind_from_string (muying_result_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
      g_assert_nonnull (muying_result_kind_get_label (k));
      g_assert_nonnull (muying_result_kind_get_column (k));
      g_assert_nonnull (values);
      g_assert_nonnull (values[0]);
      for (guint i = 0; values[i] != NULL; i++)
        g_assert_nonnull (muying_result_value_get_label (k, values[i]));
      g_assert_null (muying_result_value_get_label (k, "no-such-value"));
    }
  /* The kinds come from the descriptors' result lists, in the order of the enumeration. */
  {
    static const char * const names[MUYING_N_RESULT_KINDS] = {
      "hearing_rescreen", "colposcopy",
      "cervical_histology", "us_birads", "mammo_birads", "breast_pathology", "cervical_stage", "breast_stage",
      "cervical_treatment", "breast_treatment",
    };
    static const char * const columns[MUYING_N_RESULT_KINDS] = {
      "rescreen_left", "colposcopy",
      "cervical_histology", "us_birads", "mammo_birads", "breast_pathology", "cervical_stage", "breast_stage",
      "cervical_treatment", "breast_treatment",
    };
    const char * const colposcopy[] = { "normal", "abnormal", NULL };
    const char * const birads[] = { "0", "1", "2", "3", "4A", "4B", "4C", "5", "6", NULL };
    const MuyingField *field;
    MuyingResultKind kind;

    for (guint k = 0; k < MUYING_N_RESULT_KINDS; k++)
      {
        const MuyingProgramDescriptor *d = muying_result_kind_get_descriptor (k);

        g_assert_cmpstr (muying_result_kind_to_string (k), ==, names[k]);
        g_assert_cmpstr (muying_result_kind_get_column (k), ==, columns[k]);
        g_assert_true (d == muying_program_descriptor_get (muying_result_kind_get_program (k)));
        field = muying_result_kind_get_field (k);
        g_assert_true (field == muying_program_descriptor_find (d, columns[k]));
        g_assert_true (MUYING_FIELD_IS (field, MUYING_FIELD_STORED | MUYING_FIELD_LATER));
        g_assert_true (muying_result_kind_from_field (field, &kind));
        g_assert_cmpint (kind, ==, k);
      }
    /* Columns of the screening file are later results too: stored fields a save writes. */
    g_assert_true (MUYING_FIELD_IS (muying_result_kind_get_field (MUYING_RESULT_CERVICAL_STAGE), MUYING_FIELD_STORED));
    g_assert_true (MUYING_FIELD_IS (muying_result_kind_get_field (MUYING_RESULT_BREAST_TREATMENT),
                                    MUYING_FIELD_STORED));
    /* A treatment writes its date; "none" is no later result. */
    g_assert_cmpstr (muying_result_kind_get_date_field (MUYING_RESULT_CERVICAL_TREATMENT)->key, ==,
                     "cervical_treatment_date");
    g_assert_cmpstr (muying_result_kind_get_date_field (MUYING_RESULT_BREAST_TREATMENT)->key, ==,
                     "breast_treatment_date");
    g_assert_null (muying_result_value_get_label (MUYING_RESULT_CERVICAL_TREATMENT, "none"));
    g_assert_nonnull (muying_result_value_get_label (MUYING_RESULT_BREAST_TREATMENT, "surgery"));
    /* (a prenatal diagnosis, an outcome, audiology and intervention are follow-on records, no result kinds) */
    g_assert_cmpint (muying_result_kind_get_program ((MuyingResultKind) 0), ==, MUYING_PROGRAM_NEWBORN);
    g_assert_cmpstr (muying_result_kind_get_label (MUYING_RESULT_HEARING_RESCREEN), ==, "Hearing rescreen");
    g_assert_cmpstr (muying_result_kind_get_label (MUYING_RESULT_BREAST_ULTRASOUND), ==, "Ultrasound BI-RADS");
    /* The hearing rescreen writes both ears and its date. */
    g_assert_cmpstr (muying_result_kind_get_field2 (MUYING_RESULT_HEARING_RESCREEN)->key, ==, "rescreen_right");
    g_assert_cmpstr (muying_result_kind_get_date_field (MUYING_RESULT_HEARING_RESCREEN)->key, ==, "rescreen_date");
    g_assert_true (muying_result_kind_from_field (muying_result_kind_get_field2 (MUYING_RESULT_HEARING_RESCREEN),
                                                  &kind));
    g_assert_cmpint (kind, ==, MUYING_RESULT_HEARING_RESCREEN);
    g_assert_false (muying_result_kind_from_field (muying_result_kind_get_date_field (MUYING_RESULT_HEARING_RESCREEN),
                                                   &kind));
    g_assert_null (muying_result_kind_get_field2 (MUYING_RESULT_COLPOSCOPY));
    g_assert_null (muying_result_kind_get_date_field (MUYING_RESULT_COLPOSCOPY));
    /* The values are the field's choices, without "not recorded" and without "not done". */
    g_assert_cmpstrv (muying_result_kind_list_values (MUYING_RESULT_COLPOSCOPY), colposcopy);
    g_assert_null (muying_result_value_get_label (MUYING_RESULT_COLPOSCOPY, "not_done"));
    g_assert_null (muying_result_value_get_label (MUYING_RESULT_COLPOSCOPY, ""));
    g_assert_cmpstrv (muying_result_kind_list_values (MUYING_RESULT_MAMMOGRAPHY), birads);
    g_assert_cmpstr (muying_result_value_get_label (MUYING_RESULT_BREAST_TREATMENT, "surgery"), ==, "Surgery");
    g_assert_cmpstr (muying_result_value_get_label (MUYING_RESULT_HEARING_RESCREEN, "refer"), ==, "Refer");
    g_assert_null (muying_result_value_get_label (MUYING_RESULT_HEARING_RESCREEN, "not_done"));
    /* Exact keys only: the importer's spellings ("4" for 4A) are not result values. */
    g_assert_null (muying_result_value_get_label (MUYING_RESULT_MAMMOGRAPHY, "4"));
  }
  g_assert_true (muying_result_kind_reclassifies (MUYING_RESULT_CERVICAL_HISTOLOGY));
  g_assert_false (muying_result_kind_reclassifies (MUYING_RESULT_CERVICAL_STAGE));
  g_assert_false (muying_result_kind_reclassifies (MUYING_RESULT_BREAST_TREATMENT));
  g_assert_true (muying_result_kind_reclassifies (MUYING_RESULT_BREAST_ULTRASOUND));
  g_assert_true (muying_result_kind_reclassifies (MUYING_RESULT_HEARING_RESCREEN));
  g_assert_cmpstr (muying_result_value_get_label (MUYING_RESULT_CERVICAL_HISTOLOGY, "CIN2"), ==, "CIN2");

  r.kind = MUYING_RESULT_CERVICAL_HISTOLOGY;
  r.value = "CIN2";
  set_date (&r.date, "2026-04-20");
  g_assert_true (muying_result_check (&r, MUYING_PROGRAM_TWO_CANCER, &today, &error));
  g_assert_no_error (error);
  /* Wrong programme, unknown value, missing value, future date. */
  g_assert_false (muying_result_check (&r, MUYING_PROGRAM_PRENATAL, &today, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  r.value = "CIN4";
  g_assert_false (muying_result_check (&r, MUYING_PROGRAM_TWO_CANCER, &today, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  r.value = NULL;
  g_assert_false (muying_result_check (&r, MUYING_PROGRAM_TWO_CANCER, &today, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_MISSING_FIELD);
  g_clear_error (&error);
  r.value = "CIN3";
  set_date (&r.date, "2026-05-02");
  g_assert_false (muying_result_check (&r, MUYING_PROGRAM_TWO_CANCER, &today, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  /* The hearing rescreen needs both ears. */
  r.kind = MUYING_RESULT_HEARING_RESCREEN;
  r.value = "pass";
  r.value2 = NULL;
  set_date (&r.date, "2026-04-20");
  g_assert_false (muying_result_check (&r, MUYING_PROGRAM_NEWBORN, &today, &error));
  g_clear_error (&error);
  r.value2 = "refer";
  g_assert_true (muying_result_check (&r, MUYING_PROGRAM_NEWBORN, &today, &error));
  g_assert_no_error (error);
  r.value2 = "not_done";
  g_assert_false (muying_result_check (&r, MUYING_PROGRAM_NEWBORN, &today, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  /* A colposcopy that was not done is no result. */
  r.kind = MUYING_RESULT_COLPOSCOPY;
  r.value = "not_done";
  r.value2 = NULL;
  g_assert_false (muying_result_check (&r, MUYING_PROGRAM_TWO_CANCER, &today, &error));
  g_assert_error (error, MUYING_FOLLOWUP_ERROR, MUYING_FOLLOWUP_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  r.value = "abnormal";
  g_assert_true (muying_result_check (&r, MUYING_PROGRAM_TWO_CANCER, &today, &error));
  g_assert_no_error (error);
}

/* ---- a change of the record's level ---------------------------------------------------- */

#define SAVE MUYING_LEVEL_CHANGE_SAVE
#define REVIEW MUYING_LEVEL_CHANGE_REVIEW
#define RESULT MUYING_LEVEL_CHANGE_RESULT
#define L MUYING_LEVEL_LOW
#define I MUYING_LEVEL_INTERMEDIATE
#define H MUYING_LEVEL_HIGH
#define NONE_CLS (-1)
#define NO_FU MUYING_N_FOLLOWUP_STATES

/* Record date 2026-03-01, the change on 2026-03-20; default deadlines (high 7, intermediate 30). */
typedef struct
{
  const char             *what;
  MuyingLevelChangeCause  cause;
  MuyingLevel             old_level;
  MuyingLevel             new_level;
  int                     cls_level;   /* NONE_CLS: no classification (a review) */
  MuyingFollowupState     state;       /* NO_FU: no follow-up */
  const char             *due;         /* the follow-up's due date */
  gboolean                acted_on;
  const char             *action;
  const char             *planned_due; /* NULL: none */
} PlanCase;

static const PlanCase plan_cases[] = {
  /* low */
  { "save low, nothing to follow", SAVE, L, L, L, NO_FU, NULL, FALSE, "keep", NULL },
  { "save corrected to low, untouched", SAVE, I, L, L, MUYING_FOLLOWUP_OPEN, "2026-03-31", FALSE, "drop", NULL },
  { "save corrected to low, acted on", SAVE, I, L, L, MUYING_FOLLOWUP_OPEN, "2026-03-31", TRUE, "keep", NULL },
  { "save corrected to low, notified", SAVE, H, L, L, MUYING_FOLLOWUP_NOTIFIED, "2026-04-30", TRUE, "keep", NULL },
  { "save corrected to low, closed", SAVE, H, L, L, MUYING_FOLLOWUP_DONE, "2026-04-30", TRUE, "keep", NULL },
  { "review lowers to low, open", REVIEW, H, L, NONE_CLS, MUYING_FOLLOWUP_OPEN, "2026-03-08", FALSE, "close", NULL },
  { "review lowers to low, next step", REVIEW, I, L, NONE_CLS, MUYING_FOLLOWUP_NEXT_STEP, "2026-04-30", TRUE, "close", NULL },
  { "review lowers to low, lost", REVIEW, I, L, NONE_CLS, MUYING_FOLLOWUP_LOST, "2026-04-30", TRUE, "keep", NULL },
  { "review lowers to low, none", REVIEW, I, L, NONE_CLS, NO_FU, NULL, FALSE, "keep", NULL },
  { "result makes it low, open", RESULT, H, L, L, MUYING_FOLLOWUP_OPEN, "2026-03-08", TRUE, "close", NULL },
  { "result makes it low, result", RESULT, H, L, L, MUYING_FOLLOWUP_RESULT, "2026-04-19", TRUE, "close", NULL },
  { "result keeps it low", RESULT, L, L, L, MUYING_FOLLOWUP_OPEN, "2026-03-31", TRUE, "keep", NULL },
  /* flagged, no follow-up yet */
  { "save intermediate", SAVE, L, I, I, NO_FU, NULL, FALSE, "open", "2026-03-31" },
  { "save high", SAVE, L, H, H, NO_FU, NULL, FALSE, "open", "2026-03-08" },
  { "save, a doctor's high", SAVE, H, H, L, NO_FU, NULL, FALSE, "open", "2026-03-08" },
  { "review raises low to intermediate", REVIEW, L, I, NONE_CLS, NO_FU, NULL, FALSE, "open", "2026-04-19" },
  { "review raises low to high", REVIEW, L, H, NONE_CLS, NO_FU, NULL, FALSE, "open", "2026-03-27" },
  { "result flags it", RESULT, L, H, H, NO_FU, NULL, FALSE, "open", "2026-03-08" },
  /* flagged, closed */
  { "review flags a low record again", REVIEW, L, H, NONE_CLS, MUYING_FOLLOWUP_DONE, "2026-03-08", TRUE, "reopen", "2026-03-27" },
  { "result flags a low record again", RESULT, L, I, I, MUYING_FOLLOWUP_DONE, "2026-03-08", TRUE, "reopen", "2026-04-19" },
  { "review raises, closed", REVIEW, I, H, NONE_CLS, MUYING_FOLLOWUP_DONE, "2026-03-31", TRUE, "keep", NULL },
  { "save flags, closed", SAVE, L, H, H, MUYING_FOLLOWUP_DECLINED, "2026-03-31", TRUE, "keep", NULL },
  /* flagged, open (no first contact yet) */
  { "save, same level and date", SAVE, I, I, I, MUYING_FOLLOWUP_OPEN, "2026-03-31", FALSE, "keep", NULL },
  { "save, record date corrected", SAVE, I, I, I, MUYING_FOLLOWUP_OPEN, "2026-04-02", FALSE, "redate", "2026-03-31" },
  { "save, corrected down to intermediate", SAVE, H, I, I, MUYING_FOLLOWUP_OPEN, "2026-03-08", FALSE, "redate", "2026-03-31" },
  { "save, a doctor's level differs", SAVE, H, H, I, MUYING_FOLLOWUP_OPEN, "2026-03-08", FALSE, "keep", NULL },
  { "review raises to high", REVIEW, I, H, NONE_CLS, MUYING_FOLLOWUP_OPEN, "2026-03-31", FALSE, "redate", "2026-03-08" },
  { "review lowers to intermediate", REVIEW, H, I, NONE_CLS, MUYING_FOLLOWUP_OPEN, "2026-03-08", FALSE, "redate", "2026-03-31" },
  { "review raises a corrected-low record", REVIEW, L, I, NONE_CLS, MUYING_FOLLOWUP_OPEN, "2026-03-31", TRUE, "keep", NULL },
  { "review accepts", REVIEW, I, I, NONE_CLS, MUYING_FOLLOWUP_OPEN, "2026-04-30", FALSE, "keep", NULL },
  { "result raises to high", RESULT, I, H, H, MUYING_FOLLOWUP_OPEN, "2026-03-31", TRUE, "redate", "2026-03-08" },
  { "result, level unchanged", RESULT, I, I, I, MUYING_FOLLOWUP_OPEN, "2026-04-30", TRUE, "keep", NULL },
  /* flagged, contact made */
  { "review raises, notified", REVIEW, I, H, NONE_CLS, MUYING_FOLLOWUP_NOTIFIED, "2026-05-01", TRUE, "redate", "2026-03-27" },
  { "review raises, next step sooner", REVIEW, I, H, NONE_CLS, MUYING_FOLLOWUP_NEXT_STEP, "2026-03-25", TRUE, "keep", NULL },
  { "review lowers, result", REVIEW, H, I, NONE_CLS, MUYING_FOLLOWUP_RESULT, "2026-03-25", TRUE, "keep", NULL },
  { "result raises, result", RESULT, I, H, H, MUYING_FOLLOWUP_RESULT, "2026-04-19", TRUE, "redate", "2026-03-27" },
  { "save raises, notified", SAVE, I, H, H, MUYING_FOLLOWUP_NOTIFIED, "2026-05-01", TRUE, "keep", NULL },
};

static MuyingClassification *
classification_at (MuyingLevel  level,
                   const GDate *record_date)
{
  MuyingClassification *cls = muying_classification_new ("test");

  if (level == MUYING_LEVEL_HIGH)
    muying_classification_add (cls, "T21_HIGH", level, 7);
  else if (level == MUYING_LEVEL_INTERMEDIATE)
    muying_classification_add (cls, "T21_BORDERLINE", level, 30);
  muying_classification_finish (cls, record_date);
  return cls;
}

static void
test_level_change_plan (void)
{
  MuyingFollowupDeadlines deadlines;

  muying_followup_deadlines_init_default (&deadlines);
  for (guint i = 0; i < G_N_ELEMENTS (plan_cases); i++)
    {
      const PlanCase *pc = &plan_cases[i];
      g_autoptr(MuyingClassification) cls = NULL;
      g_autofree char *due = NULL;
      MuyingLevelChange change = { 0 };
      MuyingFollowupPlan plan;

      g_test_message ("%s", pc->what);
      change.cause = pc->cause;
      change.old_level = pc->old_level;
      change.new_level = pc->new_level;
      set_date (&change.record_date, "2026-03-01");
      set_date (&change.date, "2026-03-20");
      if (pc->cls_level != NONE_CLS)
        cls = classification_at (pc->cls_level, &change.record_date);
      change.classification = cls;
      change.has_followup = pc->state != NO_FU;
      change.state = pc->state != NO_FU ? pc->state : MUYING_FOLLOWUP_OPEN;
      g_date_clear (&change.due, 1);
      if (pc->due != NULL)
        set_date (&change.due, pc->due);
      change.acted_on = pc->acted_on;

      muying_followup_plan_level_change (&deadlines, &change, &plan);
      g_assert_cmpstr (muying_followup_plan_action_to_string (plan.action), ==, pc->action);
      if (g_date_valid (&plan.due))
        due = format (&plan.due);
      g_assert_cmpstr (due, ==, pc->planned_due);
    }
}

static void
test_level_due (void)
{
  MuyingFollowupDeadlines deadlines;
  g_autoptr(MuyingClassification) cls = muying_classification_new ("test");
  g_autofree char *high = NULL;
  g_autofree char *own = NULL;
  g_autofree char *intermediate = NULL;
  GDate record_date, due;

  muying_followup_deadlines_init_default (&deadlines);
  set_date (&record_date, "2026-12-28");
  /* A reason with a deadline of its own, sooner than its level's. */
  muying_classification_add (cls, "NT_THICK", MUYING_LEVEL_HIGH, 3);
  muying_classification_finish (cls, &record_date);

  muying_followup_level_due (&deadlines, MUYING_LEVEL_HIGH, NULL, &record_date, &due);
  high = format (&due);
  g_assert_cmpstr (high, ==, "2027-01-04");
  muying_followup_level_due (&deadlines, MUYING_LEVEL_HIGH, cls, &record_date, &due);
  own = format (&due);
  g_assert_cmpstr (own, ==, "2026-12-31");
  /* The classification's date only for the level the rules gave. */
  muying_followup_level_due (&deadlines, MUYING_LEVEL_INTERMEDIATE, cls, &record_date, &due);
  intermediate = format (&due);
  g_assert_cmpstr (intermediate, ==, "2027-01-27");
}

#undef SAVE
#undef REVIEW
#undef RESULT
#undef L
#undef I
#undef H
#undef NONE_CLS
#undef NO_FU

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/followup/states", test_states);
  g_test_add_func ("/followup/transition-table", test_transition_table);
  g_test_add_func ("/followup/targets", test_targets);
  g_test_add_func ("/followup/happy-path", test_happy_path);
  g_test_add_func ("/followup/required-fields", test_required_fields);
  g_test_add_func ("/followup/overdue", test_overdue);
  g_test_add_func ("/followup/step-deadlines", test_step_deadlines);
  g_test_add_func ("/followup/compute-due", test_compute_due);
  g_test_add_func ("/followup/deadlines-load", test_deadlines_load);
  g_test_add_func ("/followup/steps", test_steps);
  g_test_add_func ("/followup/results", test_results);
  g_test_add_func ("/followup/level-change-plan", test_level_change_plan);
  g_test_add_func ("/followup/level-due", test_level_due);
  return g_test_run ();
}
