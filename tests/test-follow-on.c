/* test-follow-on.c: pregnancies, and follow-on records saved, linked and acting on their case
 *
 * The woman 张丽 has a serum test and an NIPT of one pregnancy (EDDs 10 days apart) and a
 * screening of her next pregnancy 300 days later; her diagnoses and outcomes link to the right
 * one, a second outcome of a pregnancy and one dated before its screening are refused, and each
 * record moves the follow-up of its case by the rules of muying-follow-on.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-id-number.h"
#include "muying-pregnancy.h"
#include "muying-rule-set.h"
#include "muying-store-follow-on.h"
#include "muying-store-persons.h"
#include "muying-store-records.h"
#include "muying-store-users.h"
#include "muying-store-worklist.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

#define PASSWORD "secret123"
#define WOMAN "110105199501010025"   /* a valid check digit */

typedef struct
{
  MuyingTestDb   db;      /* on a server database for "/…/server/…" */
  MuyingRuleSet *rules;
  MuyingUser    *nurse;
} Fixture;

static void
set_date (GDate      *date,
          const char *iso)
{
  g_assert_true (muying_date_parse (iso, date, NULL));
}

/* ---- the pure grouping ------------------------------------------------------------------ */

static void
test_group (void)
{
  MuyingPregnancyMember m[4] = { 0 };
  MuyingPregnancySpan spans[4];
  GDate day, edd;
  guint n;

  /* record 3 (NIPT) and 1 (serum) of one pregnancy, record 2 a later one, record 4 an EDD 29 days off */
  m[0].record_id = 1; set_date (&m[0].sample_date, "2026-03-01"); set_date (&m[0].edd, "2026-09-01");
  m[1].record_id = 2; set_date (&m[1].sample_date, "2027-01-10"); set_date (&m[1].edd, "2027-07-01");
  m[2].record_id = 3; set_date (&m[2].sample_date, "2026-02-20"); set_date (&m[2].edd, "2026-09-11");
  m[3].record_id = 4; set_date (&m[3].sample_date, "2026-04-01"); set_date (&m[3].edd, "2026-10-10");
  n = muying_pregnancy_group (m, 4, spans);
  g_assert_cmpuint (n, ==, 3);
  /* sorted by sample date: 3, 1, 4, 2 */
  g_assert_cmpint (m[0].record_id, ==, 3);
  g_assert_cmpuint (m[0].pregnancy, ==, 0);
  g_assert_cmpuint (m[1].pregnancy, ==, 0);
  g_assert_cmpuint (m[2].pregnancy, ==, 1);   /* 29 days from the first EDD: another pregnancy */
  g_assert_cmpuint (m[3].pregnancy, ==, 2);
  /* the pregnancy's EDD and first date are its earliest record's */
  set_date (&edd, "2026-09-11");
  g_assert_cmpint (g_date_compare (&spans[0].edd, &edd), ==, 0);

  /* an event with an EDD: within 28 days of a pregnancy's EDD */
  set_date (&edd, "2026-09-20");   /* 9 days from the first, 20 from the second: the nearest */
  set_date (&day, "2026-05-01");
  g_assert_cmpint (muying_pregnancy_match (spans, n, &edd, &day), ==, 0);
  set_date (&edd, "2026-10-12");
  g_assert_cmpint (muying_pregnancy_match (spans, n, &edd, &day), ==, 1);
  set_date (&edd, "2025-01-01");
  g_assert_cmpint (muying_pregnancy_match (spans, n, &edd, &day), ==, -1);
  /* without: the latest pregnancy with first date ≤ day ≤ EDD + 60 */
  set_date (&day, "2026-11-09");   /* 2026-09-11 + 59: both the first and the second still span it */
  g_assert_cmpint (muying_pregnancy_match (spans, n, NULL, &day), ==, 1);
  set_date (&day, "2026-02-01");   /* before any screening */
  g_assert_cmpint (muying_pregnancy_match (spans, n, NULL, &day), ==, -1);
}

/* ---- the store ---------------------------------------------------------------------------- */

static MuyingPrenatalRecord *
prenatal (const char        *key,
          const char        *sample_date,
          MuyingPrenatalTest test,
          int                t21_risk)
{
  MuyingPrenatalRecord *r = muying_prenatal_record_new ();

  r->sample_no = g_strdup (key);
  r->id_number = g_strdup (WOMAN);
  r->name = g_strdup ("张丽");
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  set_date (&r->sample_date, sample_date);
  r->test_type = test;
  r->ga_days = 16 * 7;
  muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
  if (test == MUYING_PRENATAL_TEST_NIPT)
    {
      r->nipt_t21 = t21_risk > 0 ? MUYING_NIPT_CALL_HIGH : MUYING_NIPT_CALL_LOW;
      r->nipt_t18 = MUYING_NIPT_CALL_LOW;
      r->nipt_t13 = MUYING_NIPT_CALL_LOW;
    }
  else
    {
      r->t21_risk = t21_risk;
      r->t18_risk = 5000;
    }
  return r;
}

static gint64
save_prenatal (Fixture              *f,
               MuyingPrenatalRecord *r)
{
  g_autoptr(MuyingClassification) cls = muying_rule_set_classify_prenatal (f->rules, r);
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (muying_store_save_prenatal (f->db.store, r, cls, "nurse", NULL, &id, &error));
  g_assert_no_error (error);
  return id;
}

static gint64
save_newborn (Fixture    *f,
              const char *key,
              const char *birth_date)
{
  g_autoptr(MuyingNewbornRecord) r = muying_newborn_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  r->sample_no = g_strdup (key);
  r->mother_id_number = g_strdup (WOMAN);
  r->mother_name = g_strdup ("张丽");
  r->sex = MUYING_SEX_MALE;
  set_date (&r->birth_date, birth_date);
  r->panel = g_strdup ("9");
  r->hearing_left = MUYING_HEARING_REFER;
  r->hearing_right = MUYING_HEARING_PASS;
  set_date (&r->hearing_date, birth_date);
  r->rescreen_left = MUYING_HEARING_REFER;
  r->rescreen_right = MUYING_HEARING_PASS;
  set_date (&r->rescreen_date, birth_date);
  g_date_add_days (&r->rescreen_date, 42);
  cls = muying_rule_set_classify_newborn (f->rules, r);
  g_assert_cmpint (cls->level, >, MUYING_LEVEL_LOW);
  g_assert_true (muying_store_save_newborn (f->db.store, r, cls, "nurse", NULL, &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) admin = NULL;

  muying_test_db_create (&f->db, "follow-on.db");
  f->rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);
  admin = muying_store_create_first_admin (f->db.store, "admin", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  f->nurse = muying_store_create_user (f->db.store, "admin", "nurse", "张护士", MUYING_ROLE_NURSE, PASSWORD, &error);
  g_assert_no_error (error);

  /* The same links, pregnancies and follow-up steps made on a database on the server. */
  muying_test_db_move_if (&f->db, GPOINTER_TO_INT (data), "followon");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->nurse);
  g_clear_object (&f->rules);
  muying_test_db_clear (&f->db);
}

static MuyingFollowupState
followup_state (Fixture *f,
                gint64   record_id,
                char   **next_step)
{
  g_autoptr(GError) error = NULL;
  MuyingCase *c = muying_store_get_case (f->db.store, record_id, NULL, &error);
  MuyingFollowupState state;

  g_assert_no_error (error);
  g_assert_nonnull (c->followup);
  if (next_step != NULL)
    *next_step = g_strdup (c->followup->next_step);
  state = c->followup->state;
  muying_case_free (c);
  return state;
}

static MuyingPrenatalDiagnosis *
diagnosis (const char           *no,
           const char           *date,
           MuyingDiagnosisResult result,
           MuyingCondition       condition)
{
  MuyingPrenatalDiagnosis *d = muying_prenatal_diagnosis_new ();

  d->diagnosis_no = g_strdup (no);
  d->id_number = g_strdup (WOMAN);
  set_date (&d->procedure_date, date);
  d->procedure = MUYING_PROCEDURE_AMNIOCENTESIS;
  d->method = MUYING_METHOD_KARYOTYPE;
  d->result = result;
  d->condition = condition;
  return d;
}

static MuyingPregnancyOutcome *
outcome (const char                *end_date,
         MuyingPregnancyOutcomeKind kind)
{
  MuyingPregnancyOutcome *o = muying_pregnancy_outcome_new ();

  o->id_number = g_strdup (WOMAN);
  set_date (&o->end_date, end_date);
  o->outcome = kind;
  o->babies = 1;
  o->birth_defect = MUYING_BIRTH_DEFECT_NONE;
  return o;
}

static void
save (Fixture           *f,
      MuyingFollowOnKind kind,
      gconstpointer      record,
      MuyingSaveOutcome  expected,
      gboolean           expect_linked,
      gint64            *id)
{
  g_autoptr(GError) error = NULL;
  MuyingSaveOutcome saved = MUYING_SAVE_UNCHANGED;
  gboolean linked = !expect_linked;

  g_assert_true (muying_store_begin (f->db.store, &error));
  g_assert_true (muying_store_save_follow_on (f->db.store, kind, record, f->rules, "nurse", &saved, id, &linked, &error));
  g_assert_no_error (error);
  g_assert_true (muying_store_commit (f->db.store, &error));
  g_assert_cmpint (saved, ==, expected);
  g_assert_cmpint (linked, ==, expect_linked);
}

static void
refused (Fixture           *f,
         MuyingFollowOnKind kind,
         gconstpointer      record,
         const char        *words)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (muying_store_begin (f->db.store, &error));
  g_assert_false (muying_store_save_follow_on (f->db.store, kind, record, f->rules, "nurse", NULL, NULL, NULL, &error));
  muying_store_rollback (f->db.store);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_pregnancies_and_prenatal_events (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(MuyingPrenatalRecord) serum = prenatal ("P1", "2026-03-02", MUYING_PRENATAL_TEST_MID_TRIPLE, 150);
  g_autoptr(MuyingPrenatalRecord) nipt = prenatal ("P2", "2026-03-12", MUYING_PRENATAL_TEST_NIPT, 0);
  g_autoptr(MuyingPrenatalRecord) next = prenatal ("P3", "2027-01-05", MUYING_PRENATAL_TEST_MID_TRIPLE, 5000);
  g_autoptr(MuyingPrenatalDiagnosis) normal = diagnosis ("D1", "2026-03-20", MUYING_DIAGNOSIS_NORMAL,
                                                         MUYING_CONDITION_NOT_RECORDED);
  g_autoptr(MuyingPregnancyOutcome) birth = outcome ("2026-08-30", MUYING_OUTCOME_LIVE_BIRTH);
  g_autoptr(MuyingPregnancyOutcome) early = outcome ("2026-01-10", MUYING_OUTCOME_MISCARRIAGE);
  g_autoptr(MuyingPregnancyOutcome) second = outcome ("2026-09-05", MUYING_OUTCOME_LIVE_BIRTH);
  g_autoptr(GPtrArray) pregnancies = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *step = NULL;
  gint64 p1, p2, p3, id = 0, id2 = 0;
  gint64 person = 0;

  p1 = save_prenatal (f, serum);
  p2 = save_prenatal (f, nipt);
  p3 = save_prenatal (f, next);
  {
    g_autoptr(MuyingPersonHistory) history = muying_store_get_person_history (f->db.store, p1, &error);

    g_assert_no_error (error);
    person = history->person_id;
  }
  pregnancies = muying_store_list_pregnancies (f->db.store, person, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pregnancies->len, ==, 2);
  g_assert_cmpuint (((MuyingPregnancyInfo *) pregnancies->pdata[0])->record_ids->len, ==, 2);
  g_assert_cmpint (muying_store_get_record_pregnancy (f->db.store, p1, NULL), ==,
                   muying_store_get_record_pregnancy (f->db.store, p2, NULL));
  g_assert_cmpint (muying_store_get_record_pregnancy (f->db.store, p3, NULL), !=,
                   muying_store_get_record_pregnancy (f->db.store, p2, NULL));
  g_assert_cmpint (followup_state (f, p1, NULL), ==, MUYING_FOLLOWUP_OPEN);

  /* an abnormal result without its class is the descriptor's to refuse; a normal one closes the case */
  save (f, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, normal, MUYING_SAVE_INSERTED, TRUE, &id);
  g_assert_cmpint (followup_state (f, p1, NULL), ==, MUYING_FOLLOWUP_DONE);
  save (f, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, normal, MUYING_SAVE_UNCHANGED, TRUE, &id2);
  g_assert_cmpint (id2, ==, id);

  /* the outcome: before the screening (its EDD names the pregnancy), refused; the birth, linked;
   * another date, refused */
  early->edd = serum->edd;
  refused (f, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, early, "2026-03-02");
  save (f, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, birth, MUYING_SAVE_INSERTED, TRUE, &id);
  refused (f, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, second, "2026-08-30");

  events = muying_store_list_case_follow_on (f->db.store, p2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((MuyingFollowOnRow *) events->pdata[0])->kind, ==, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS);
  g_assert_cmpint (((MuyingFollowOnRow *) events->pdata[1])->kind, ==, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = muying_store_list_case_follow_on (f->db.store, p3, &error);
  g_assert_cmpuint (events->len, ==, 0);
  (void) step;
}

static void
test_abnormal_opens_next_step (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(MuyingPrenatalRecord) serum = prenatal ("P1", "2026-03-02", MUYING_PRENATAL_TEST_MID_TRIPLE, 150);
  g_autoptr(MuyingPrenatalDiagnosis) abnormal = diagnosis ("D2", "2026-03-25", MUYING_DIAGNOSIS_ABNORMAL,
                                                           MUYING_CONDITION_T21);
  g_autoptr(MuyingPregnancyOutcome) termination = outcome ("2026-04-10", MUYING_OUTCOME_TERMINATION);
  g_autofree char *step = NULL;
  gint64 p1, id = 0;

  p1 = save_prenatal (f, serum);
  save (f, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, abnormal, MUYING_SAVE_INSERTED, TRUE, &id);
  g_assert_cmpint (followup_state (f, p1, &step), ==, MUYING_FOLLOWUP_NEXT_STEP);
  g_assert_cmpstr (step, ==, "counselling");
  save (f, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, termination, MUYING_SAVE_INSERTED, TRUE, &id);
  g_assert_cmpint (followup_state (f, p1, NULL), ==, MUYING_FOLLOWUP_DONE);
}

static void
test_diagnosis_before_screening_links_later (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(MuyingPrenatalDiagnosis) early = diagnosis ("D3", "2026-03-20", MUYING_DIAGNOSIS_NORMAL,
                                                        MUYING_CONDITION_NOT_RECORDED);
  g_autoptr(MuyingPrenatalRecord) serum = prenatal ("P1", "2026-03-02", MUYING_PRENATAL_TEST_MID_TRIPLE, 150);
  g_autoptr(GPtrArray) unlinked = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0, p1;

  /* the woman is not known yet: kept, not linked, listed */
  save (f, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, early, MUYING_SAVE_INSERTED, FALSE, &id);
  unlinked = muying_store_list_unlinked_follow_on (f->db.store, MUYING_N_FOLLOW_ON_KINDS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unlinked->len, ==, 1);
  g_assert_cmpint (((MuyingFollowOnRow *) unlinked->pdata[0])->id, ==, id);
  /* her (high-risk) screening record arrives: the diagnosis links to its pregnancy, and its
   * normal result completes the follow-up the record opened */
  p1 = save_prenatal (f, serum);
  g_assert_cmpint (followup_state (f, p1, NULL), ==, MUYING_FOLLOWUP_DONE);
  events = muying_store_list_case_follow_on (f->db.store, p1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_clear_pointer (&unlinked, g_ptr_array_unref);
  unlinked = muying_store_list_unlinked_follow_on (f->db.store, MUYING_N_FOLLOW_ON_KINDS, &error);
  g_assert_cmpuint (unlinked->len, ==, 0);
}

static void
test_audiology (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(MuyingAudiology) loss = muying_audiology_new ();
  g_autoptr(MuyingAudiology) fitted = NULL;
  g_autoptr(MuyingAudiology) stray = muying_audiology_new ();
  g_autoptr(MuyingFollowOnRow) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *step = NULL;
  gint64 n1, id = 0, stray_id = 0;

  n1 = save_newborn (f, "N1", "2026-05-01");
  g_assert_cmpint (followup_state (f, n1, NULL), ==, MUYING_FOLLOWUP_OPEN);
  loss->sample_no = g_strdup ("N1");
  set_date (&loss->diagnosis_date, "2026-07-01");
  loss->left_degree = MUYING_DEGREE_MODERATE;
  loss->right_degree = MUYING_DEGREE_NORMAL;
  loss->loss_type = MUYING_LOSS_SENSORINEURAL;
  save (f, MUYING_FOLLOW_ON_AUDIOLOGY, loss, MUYING_SAVE_INSERTED, TRUE, &id);
  g_assert_cmpint (followup_state (f, n1, &step), ==, MUYING_FOLLOWUP_NEXT_STEP);
  g_assert_cmpstr (step, ==, "intervention");
  g_assert_cmpstr (muying_audiology_hearing_loss (loss), ==, "unilateral");

  /* the same visit, now with the hearing aid fitted: an update that completes the case */
  loss->intervention = MUYING_INTERVENTION_HEARING_AID;
  set_date (&loss->intervention_date, "2026-08-15");
  save (f, MUYING_FOLLOW_ON_AUDIOLOGY, loss, MUYING_SAVE_UPDATED, TRUE, &id);
  g_assert_cmpint (followup_state (f, n1, NULL), ==, MUYING_FOLLOWUP_DONE);
  row = muying_store_load_follow_on (f->db.store, MUYING_FOLLOW_ON_AUDIOLOGY, id, &error);
  g_assert_no_error (error);
  fitted = row->record;
  row->record = NULL;
  g_assert_cmpint (fitted->intervention, ==, MUYING_INTERVENTION_HEARING_AID);
  g_assert_cmpint (row->record_id, ==, n1);
  g_clear_pointer (&row, muying_follow_on_row_free);

  /* a mistyped sample number: kept unlinked, then linked by hand */
  stray->sample_no = g_strdup ("N-1");
  set_date (&stray->diagnosis_date, "2026-09-01");
  stray->left_degree = MUYING_DEGREE_MILD;
  stray->right_degree = MUYING_DEGREE_NORMAL;
  save (f, MUYING_FOLLOW_ON_AUDIOLOGY, stray, MUYING_SAVE_INSERTED, FALSE, &stray_id);
  g_assert_true (muying_store_link_follow_on (f->db.store, f->nurse, MUYING_FOLLOW_ON_AUDIOLOGY, stray_id, n1, f->rules, &error));
  g_assert_no_error (error);
  row = muying_store_load_follow_on (f->db.store, MUYING_FOLLOW_ON_AUDIOLOGY, stray_id, &error);
  g_assert_cmpint (row->record_id, ==, n1);
  g_assert_cmpstr (row->linked_by, ==, "nurse");
  /* re-importing the same row keeps the hand-made link */
  save (f, MUYING_FOLLOW_ON_AUDIOLOGY, stray, MUYING_SAVE_UNCHANGED, TRUE, &stray_id);
}

/* A mistyped date, part of the row's natural key, is corrected on the same row from its case;
 * a correction onto another row's date is refused and changes nothing. */
static void
test_correct_date (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MuyingAudiology) first = muying_audiology_new ();
  g_autoptr(MuyingAudiology) second = muying_audiology_new ();
  g_autoptr(MuyingFollowOnRow) row = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  gint64 n1, id1 = 0, id2 = 0, id = 0;
  gboolean linked = FALSE;

  n1 = save_newborn (f, "N1", "2026-05-01");
  first->sample_no = g_strdup ("N1");
  set_date (&first->diagnosis_date, "2026-07-01");
  first->left_degree = MUYING_DEGREE_MODERATE;
  first->right_degree = MUYING_DEGREE_NORMAL;
  save (f, MUYING_FOLLOW_ON_AUDIOLOGY, first, MUYING_SAVE_INSERTED, TRUE, &id1);
  second->sample_no = g_strdup ("N1");
  set_date (&second->diagnosis_date, "2026-09-01");    /* typed for 2026-08-01 */
  second->left_degree = MUYING_DEGREE_MODERATE;
  second->right_degree = MUYING_DEGREE_NORMAL;
  save (f, MUYING_FOLLOW_ON_AUDIOLOGY, second, MUYING_SAVE_INSERTED, TRUE, &id2);

  set_date (&second->diagnosis_date, "2026-08-01");
  g_assert_true (muying_store_edit_follow_on (f->db.store, f->nurse, MUYING_FOLLOW_ON_AUDIOLOGY, id2, second, f->rules,
                                              &id, &linked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, id2);
  g_assert_true (linked);
  rows = muying_store_list_case_follow_on (f->db.store, n1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  row = muying_store_load_follow_on (f->db.store, MUYING_FOLLOW_ON_AUDIOLOGY, id2, &error);
  g_assert_no_error (error);
  date = muying_date_format (&((MuyingAudiology *) row->record)->diagnosis_date);
  g_assert_cmpstr (date, ==, "2026-08-01");
  g_clear_pointer (&row, muying_follow_on_row_free);
  g_clear_pointer (&date, g_free);

  /* onto the first row's date: refused, the row keeps its date */
  set_date (&second->diagnosis_date, "2026-07-01");
  g_assert_false (muying_store_edit_follow_on (f->db.store, f->nurse, MUYING_FOLLOW_ON_AUDIOLOGY, id2, second, f->rules,
                                               NULL, NULL, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_test_message ("%s", error->message);
  row = muying_store_load_follow_on (f->db.store, MUYING_FOLLOW_ON_AUDIOLOGY, id2, &error);
  g_assert_nonnull (row);
  date = muying_date_format (&((MuyingAudiology *) row->record)->diagnosis_date);
  g_assert_cmpstr (date, ==, "2026-08-01");
}

/* An audiology diagnosis imported before its newborn's screening record links when it arrives. */
static void
test_audiology_before_newborn (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(MuyingAudiology) normal = muying_audiology_new ();
  g_autoptr(MuyingFollowOnRow) row = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0, n2;

  normal->sample_no = g_strdup ("N2");
  set_date (&normal->diagnosis_date, "2026-07-01");
  normal->left_degree = MUYING_DEGREE_NORMAL;
  normal->right_degree = MUYING_DEGREE_NORMAL;
  save (f, MUYING_FOLLOW_ON_AUDIOLOGY, normal, MUYING_SAVE_INSERTED, FALSE, &id);
  n2 = save_newborn (f, "N2", "2026-05-01");
  row = muying_store_load_follow_on (f->db.store, MUYING_FOLLOW_ON_AUDIOLOGY, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (row->record_id, ==, n2);
  g_assert_null (row->linked_by);
  g_assert_cmpint (followup_state (f, n2, NULL), ==, MUYING_FOLLOWUP_DONE);
}

/* The command line lists the unlinked row and links it by hand; a wrong kind or key is refused. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(MuyingAudiology) stray = muying_audiology_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *id_text = NULL;
  gint64 id = 0, n1;

  n1 = save_newborn (f, "N1", "2026-05-01");
  stray->sample_no = g_strdup ("N-1");
  set_date (&stray->diagnosis_date, "2026-07-01");
  stray->left_degree = MUYING_DEGREE_SEVERE;
  stray->right_degree = MUYING_DEGREE_SEVERE;
  save (f, MUYING_FOLLOW_ON_AUDIOLOGY, stray, MUYING_SAVE_INSERTED, FALSE, &id);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  {
    const char *args[] = { "--db", f->db.path, "--user", "nurse", "follow-on", "unlinked", "--format", "json", NULL };

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "\"sample_no\":\"N-1\""));
    g_assert_nonnull (strstr (out, "\"left_degree\":\"severe\""));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", f->db.path, "--user", "nurse", "follow-on", "link", "audiology", id_text, "N9", NULL };

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "N9"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", f->db.path, "--user", "nurse", "follow-on", "link", "hearing", id_text, "N1", NULL };

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", f->db.path, "--user", "nurse", "follow-on", "link", "audiology", id_text, "N1", NULL };

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MuyingFollowOnRow) row = muying_store_load_follow_on (f->db.store, MUYING_FOLLOW_ON_AUDIOLOGY, id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (row->record_id, ==, n1);
    g_assert_cmpstr (row->linked_by, ==, "nurse");
    /* a bilateral loss without an intervention: the case waits for it */
    g_assert_cmpint (followup_state (f, n1, NULL), ==, MUYING_FOLLOWUP_NEXT_STEP);
  }
}

/* A record placed straight into its pregnancy (the woman's latest) and one that comes earlier (her
 * pregnancies regrouped) give the grouping of a regrouping from scratch. */
static void
test_record_order (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(MuyingPrenatalRecord) late = prenatal ("P1", "2026-05-01", MUYING_PRENATAL_TEST_NIPT, 0);
  g_autoptr(MuyingPrenatalRecord) early = prenatal ("P2", "2026-03-01", MUYING_PRENATAL_TEST_MID_TRIPLE, 5000);
  g_autoptr(MuyingPrenatalRecord) next = prenatal ("P3", "2026-12-01", MUYING_PRENATAL_TEST_MID_TRIPLE, 5000);
  g_autoptr(GPtrArray) pregnancies = NULL;
  g_autoptr(GError) error = NULL;
  MuyingPregnancyInfo *first;
  gint64 p1, p2, person;
  GDate day;

  /* the NIPT's gestation makes both EDDs the same week */
  late->ga_days = 24 * 7;
  muying_date_edd_from_ga (&late->sample_date, late->ga_days, &late->edd);
  p1 = save_prenatal (f, late);
  p2 = save_prenatal (f, early);
  save_prenatal (f, next);
  {
    g_autoptr(MuyingPersonHistory) history = muying_store_get_person_history (f->db.store, p1, &error);

    g_assert_no_error (error);
    person = history->person_id;
  }
  pregnancies = muying_store_list_pregnancies (f->db.store, person, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pregnancies->len, ==, 2);
  first = pregnancies->pdata[0];
  g_assert_cmpuint (first->record_ids->len, ==, 2);
  g_assert_cmpint (g_array_index (first->record_ids, gint64, 0), ==, p2);
  set_date (&day, "2026-03-01");
  g_assert_cmpint (g_date_compare (&first->first_date, &day), ==, 0);
  g_assert_cmpint (g_date_compare (&first->edd, &early->edd), ==, 0);
}

/* Records saved in a random order, each placed straight in or followed by a regrouping, end in
 * the pregnancies a grouping of all of them from scratch makes: the same records in each, with
 * the same EDD and first date. Dates cluster so that many records join, many start pregnancies,
 * and many come before records saved earlier. */
static void
test_random_order (Fixture       *f,
                   gconstpointer  data)
{
  enum { N = 48 };
  MuyingPregnancyMember members[N];
  MuyingPregnancySpan spans[N];
  g_autoptr(GPtrArray) pregnancies = NULL;
  g_autoptr(GError) error = NULL;
  gint64 person = 0;
  guint n_spans;

  for (int i = 0; i < N; i++)
    {
      g_autofree char *key = g_strdup_printf ("R%02d", i);
      g_autoptr(MuyingPrenatalRecord) r = prenatal (key, "2024-01-01", i % 3 == 0 ? MUYING_PRENATAL_TEST_NIPT
                                                                                 : MUYING_PRENATAL_TEST_MID_TRIPLE, 0);

      /* four clusters a year apart, each spread over ten weeks of sample dates */
      g_date_add_days (&r->sample_date, g_test_rand_int_range (0, 4) * 365 + g_test_rand_int_range (0, 70));
      r->ga_days = g_test_rand_int_range (10 * 7, 26 * 7);
      muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
      members[i].record_id = save_prenatal (f, r);
      members[i].sample_date = r->sample_date;
      members[i].edd = r->edd;
    }
  {
    g_autoptr(MuyingPersonHistory) history = muying_store_get_person_history (f->db.store, members[0].record_id, &error);

    g_assert_no_error (error);
    person = history->person_id;
  }
  n_spans = muying_pregnancy_group (members, N, spans);
  pregnancies = muying_store_list_pregnancies (f->db.store, person, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pregnancies->len, ==, n_spans);
  for (guint p = 0; p < n_spans; p++)
    {
      MuyingPregnancyInfo *info = NULL;
      guint n_members = 0;

      /* the stored pregnancy with this EDD and first date */
      for (guint k = 0; k < pregnancies->len; k++)
        {
          MuyingPregnancyInfo *candidate = pregnancies->pdata[k];

          if (g_date_compare (&candidate->edd, &spans[p].edd) == 0 &&
              g_date_compare (&candidate->first_date, &spans[p].first_date) == 0)
            info = candidate;
        }
      g_assert_nonnull (info);
      for (guint i = 0; i < N; i++)
        {
          gboolean found = FALSE;

          if (members[i].pregnancy != p)
            continue;
          n_members++;
          for (guint k = 0; k < info->record_ids->len; k++)
            found = found || g_array_index (info->record_ids, gint64, k) == members[i].record_id;
          if (!found)
            g_error ("record %" G_GINT64_FORMAT " is not in its pregnancy", members[i].record_id);
        }
      g_assert_cmpuint (info->record_ids->len, ==, n_members);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pregnancy/group", test_group);
  /* on a file and, with a server, on the same records moved there */
#define ADD(name, fn) muying_test_add_file_and_server ("follow-on", name, Fixture, fixture_set_up, fn, fixture_tear_down)
  ADD ("pregnancies-and-events", test_pregnancies_and_prenatal_events);
  ADD ("abnormal-opens-next-step", test_abnormal_opens_next_step);
  ADD ("diagnosis-before-screening", test_diagnosis_before_screening_links_later);
  ADD ("audiology", test_audiology);
  ADD ("audiology-before-newborn", test_audiology_before_newborn);
  ADD ("correct-date", test_correct_date);
  g_test_add ("/follow-on/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  ADD ("record-order", test_record_order);
  ADD ("random-order", test_random_order);
#undef ADD
  return g_test_run ();
}
