/* test-rules2.c: the additions of rule set 2026.2 (docs/rules.md), table-driven at and around each
 * condition: NIPT_LIMITED, NTD_ASSESS, NICU_AABR and the NICU branch of HEARING_REFER,
 * VISIBLE_LESION, MAMMO_INCOMPLETE and MAMMO_SHORT_INTERVAL (MAMMO_ASSESS no longer given), the
 * BI-RADS reasons read per side; their levels, labels, next steps and deadlines. Then the same
 * through the importer: the AFP of an NIPT row, the bad values of the new columns and the Chinese
 * reasons a nurse reads, an ID number of no province, and every spelling of every panel locus
 * stored as its HGVS name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-followup-step.h"
#include "muying-followup.h"
#include "muying-i18n.h"
#include "muying-id-number.h"
#include "muying-importer-private.h"
#include "muying-importer.h"
#include "muying-rule-set-private.h"
#include "muying-rule-set.h"
#include "muying-screening.h"
#include "muying-store-records.h"
#include "muying-store-sql.h"
#include "muying-store.h"
#include "muying-test-utils.h"

static MuyingRuleSet *rules;

static GDate
d (const char *text)
{
  GDate date;
  g_autoptr(GError) error = NULL;

  g_assert_true (muying_date_parse (text, &date, &error));
  g_assert_no_error (error);
  return date;
}

static void
assert_classification (MuyingClassification *c,
                       const char           *expected,
                       const char           *level,
                       const char           *due)
{
  g_autofree char *codes = muying_classification_join_codes (c, ";");

  g_assert_cmpstr (codes, ==, expected);
  g_assert_cmpstr (muying_level_to_string (c->level), ==, level);
  g_assert_cmpstr (c->rules_version, ==, "2026.2");
  if (due != NULL)
    {
      g_autofree char *got = muying_date_format (&c->due_date);

      g_assert_cmpstr (got, ==, due);
    }
  else
    g_assert_false (g_date_valid (&c->due_date));
}

static MuyingYesNo
yes_no (const char *text)
{
  MuyingYesNo v = MUYING_YES_NO_NOT_RECORDED;

  if (text != NULL)
    g_assert_true (muying_yes_no_from_string (text, &v));
  return v;
}

/* ---- prenatal: NIPT_LIMITED, NTD_ASSESS, the AFP of an NIPT row ------------------------------ */

typedef struct
{
  const char *name;
  const char *test;        /* test type key */
  const char *type;        /* pregnancy_type key; NULL = not recorded */
  const char *ivf, *transfusion, *anomaly;
  const char *afp;         /* NULL = not reported */
  const char *expected;
  const char *level;
  const char *due;         /* sample date 2026-03-01 + the first-contact deadline; NULL = low */
} PrenatalCase;

#define NI "nipt"
#define M4 "mid_quad"
#define EC "early_combined"
#define AFP "1.0"          /* an AFP that answers NTD_ASSESS and is far from ONTD_HIGH */

static const PrenatalCase prenatal_cases[] = {
  /* NIPT_LIMITED: any of twins or more, IVF, a transfusion in 12 months, an ultrasound anomaly */
  { "limited-none", NI, "singleton", "no", "no", "no", AFP, "", "low", NULL },
  { "limited-not-recorded", NI, NULL, NULL, NULL, NULL, AFP, "", "low", NULL },
  { "limited-twins", NI, "twins", .afp = AFP, .expected = "NIPT_LIMITED", .level = "intermediate",
    .due = "2026-03-08" },
  { "limited-higher", NI, "higher", .afp = AFP, .expected = "NIPT_LIMITED", .level = "intermediate",
    .due = "2026-03-08" },
  { "limited-ivf", NI, "singleton", "yes", "no", "no", AFP, "NIPT_LIMITED", "intermediate", "2026-03-08" },
  { "limited-ivf-no", NI, "singleton", "no", .afp = AFP, .expected = "", .level = "low" },
  { "limited-transfusion", NI, .transfusion = "yes", .afp = AFP, .expected = "NIPT_LIMITED",
    .level = "intermediate", .due = "2026-03-08" },
  { "limited-anomaly", NI, .anomaly = "yes", .afp = AFP, .expected = "NIPT_LIMITED", .level = "intermediate",
    .due = "2026-03-08" },
  { "limited-all", NI, "twins", "yes", "yes", "yes", AFP, "NIPT_LIMITED", "intermediate", "2026-03-08" },
  /* only NIPT is limited by them: a serum test of twins is not flagged for it */
  { "limited-serum-twins", M4, "twins", "yes", "yes", "yes", AFP, "", "low", NULL },
  { "limited-ec-ivf", EC, .ivf = "yes", .expected = "", .level = "low" },
  /* NTD_ASSESS: an NIPT without an AFP; any AFP answers it */
  { "ntd-no-afp", NI, .expected = "NTD_ASSESS", .level = "intermediate", .due = "2026-03-31" },
  { "ntd-afp-0.5", NI, .afp = "0.5", .expected = "", .level = "low" },
  { "ntd-afp-2.49", NI, .afp = "2.49", .expected = "", .level = "low" },
  /* the AFP of an NIPT row gives ONTD_HIGH at the serum tests' threshold (2.5 MoM) */
  { "ntd-afp-2.5", NI, .afp = "2.5", .expected = "ONTD_HIGH", .level = "high", .due = "2026-03-08" },
  { "ntd-afp-2.51", NI, .afp = "2.51", .expected = "ONTD_HIGH", .level = "high", .due = "2026-03-08" },
  { "ntd-serum-no-afp", M4, .expected = "", .level = "low" },
  { "ntd-ec-no-afp", EC, .expected = "", .level = "low" },
  /* both, and the sooner deadline (NIPT_LIMITED's 7 days) */
  { "limited-and-ntd", NI, "twins", .expected = "NIPT_LIMITED;NTD_ASSESS", .level = "intermediate",
    .due = "2026-03-08" },
};

static MuyingPrenatalRecord *
make_prenatal (const PrenatalCase *tc)
{
  MuyingPrenatalRecord *r = muying_prenatal_record_new ();

  g_assert_true (muying_prenatal_test_from_string (tc->test, &r->test_type));
  r->ga_days = r->test_type == MUYING_PRENATAL_TEST_EARLY_COMBINED ? 84 : 120;
  r->birth_date = d ("1996-01-01");
  r->sample_date = d ("2026-03-01");
  muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
  r->afp_mom = tc->afp ? g_ascii_strtod (tc->afp, NULL) : NAN;
  if (r->test_type == MUYING_PRENATAL_TEST_NIPT)
    r->nipt_t21 = r->nipt_t18 = r->nipt_t13 = MUYING_NIPT_CALL_LOW;
  else
    r->t21_risk = r->t18_risk = 5000;
  if (tc->type != NULL)
    g_assert_true (muying_pregnancy_type_from_string (tc->type, &r->pregnancy_type));
  r->ivf = yes_no (tc->ivf);
  r->transfusion_12m = yes_no (tc->transfusion);
  r->us_anomaly = yes_no (tc->anomaly);
  return r;
}

static void
test_prenatal_case (gconstpointer data)
{
  const PrenatalCase *tc = data;
  g_autoptr(MuyingPrenatalRecord) r = make_prenatal (tc);
  g_autoptr(MuyingClassification) c = muying_rule_set_classify_prenatal (rules, r);

  assert_classification (c, tc->expected, tc->level, tc->due);
}

/* ---- newborn: NICU_AABR and the NICU branch of HEARING_REFER --------------------------------- */

typedef struct
{
  const char *name;
  const char *nicu;        /* yes / no / NULL */
  const char *method;      /* oae / aabr / both / NULL */
  const char *left, *right;
  const char *re_left, *re_right;
  const char *expected;
  const char *level;
  const char *due;         /* birth 2026-04-10 + the first-contact deadline */
} NewbornCase;

static const NewbornCase newborn_cases[] = {
  /* NICU_AABR: nicu yes and the method not aabr or both (empty = not AABR) */
  { "aabr-nicu-oae", "yes", "oae", "pass", "pass", .expected = "NICU_AABR", .level = "intermediate",
    .due = "2026-05-10" },
  { "aabr-nicu-empty", "yes", NULL, "pass", "pass", .expected = "NICU_AABR", .level = "intermediate",
    .due = "2026-05-10" },
  { "aabr-nicu-aabr", "yes", "aabr", "pass", "pass", .expected = "", .level = "low" },
  { "aabr-nicu-both", "yes", "both", "pass", "pass", .expected = "", .level = "low" },
  { "aabr-no-nicu-oae", "no", "oae", "pass", "pass", .expected = "", .level = "low" },
  { "aabr-nicu-unknown-oae", NULL, "oae", "pass", "pass", .expected = "", .level = "low" },
  /* HEARING_REFER: a NICU newborn not passing the initial screen goes straight to diagnosis */
  { "refer-nicu-left", "yes", "aabr", "refer", "pass", .expected = "HEARING_REFER", .level = "high",
    .due = "2026-04-17" },
  { "refer-nicu-right", "yes", "both", "pass", "refer", .expected = "HEARING_REFER", .level = "high",
    .due = "2026-04-17" },
  { "refer-nicu-both-ears", "yes", "aabr", "refer", "refer", .expected = "HEARING_REFER", .level = "high",
    .due = "2026-04-17" },
  { "refer-nicu-oae", "yes", "oae", "refer", "pass", .expected = "HEARING_REFER;NICU_AABR", .level = "high",
    .due = "2026-04-17" },
  /* … even when a rescreen was passed: the NICU rule does not wait for it */
  { "refer-nicu-rescreen-pass", "yes", "aabr", "refer", "pass", "pass", "pass", .expected = "HEARING_REFER",
    .level = "high", .due = "2026-04-17" },
  /* not NICU: rescreen first, as in rule set 2026.1 */
  { "refer-no-nicu", "no", "aabr", "refer", "pass", .expected = "RESCREEN_DUE", .level = "intermediate",
    .due = "2026-05-10" },
  { "refer-nicu-unknown", NULL, "oae", "pass", "refer", .expected = "RESCREEN_DUE", .level = "intermediate",
    .due = "2026-05-10" },
  { "refer-no-nicu-rescreen-refer", "no", "oae", "refer", "pass", "refer", "pass", .expected = "HEARING_REFER",
    .level = "high", .due = "2026-04-17" },
  { "refer-no-nicu-rescreen-pass", "no", "oae", "refer", "pass", "pass", "pass", .expected = "", .level = "low" },
  /* a NICU newborn with all passed by AABR, or not screened */
  { "nicu-pass", "yes", "aabr", "pass", "pass", .expected = "", .level = "low" },
  { "nicu-not-screened", "yes", "aabr", "not_done", "pass", .expected = "HEARING_NOT_SCREENED",
    .level = "intermediate", .due = "2026-05-10" },
};

static MuyingHearing
hearing (const char *text)
{
  MuyingHearing v = MUYING_HEARING_NOT_RECORDED;

  if (text != NULL)
    g_assert_true (muying_hearing_from_string (text, &v));
  return v;
}

static void
test_newborn_case (gconstpointer data)
{
  const NewbornCase *tc = data;
  g_autoptr(MuyingNewbornRecord) r = muying_newborn_record_new ();
  g_autoptr(MuyingClassification) c = NULL;

  r->birth_date = d ("2026-04-10");
  r->nicu = yes_no (tc->nicu);
  if (tc->method != NULL)
    g_assert_true (muying_hearing_method_from_string (tc->method, &r->hearing_method));
  r->hearing_left = hearing (tc->left);
  r->hearing_right = hearing (tc->right);
  r->rescreen_left = hearing (tc->re_left);
  r->rescreen_right = hearing (tc->re_right);
  c = muying_rule_set_classify_newborn (rules, r);
  assert_classification (c, tc->expected, tc->level, tc->due);
}

/* ---- two cancers: VISIBLE_LESION, MAMMO_INCOMPLETE, MAMMO_SHORT_INTERVAL, BI-RADS by side ---- */

typedef struct
{
  const char *name;
  const char *lesion;      /* visible_lesion yes / no / NULL */
  const char *hpv, *types;
  const char *cbe;
  const char *us, *us_l, *us_r;
  const char *mg, *mg_l, *mg_r;
  const char *expected;
  const char *level;
  const char *due;         /* exam 2026-05-01 + the first-contact deadline */
} TwoCancerCase;

static const TwoCancerCase two_cancer_cases[] = {
  /* VISIBLE_LESION: high, whatever the other results */
  { "lesion-yes", "yes", .expected = "VISIBLE_LESION", .level = "high", .due = "2026-05-08" },
  { "lesion-no", "no", .expected = "", .level = "low" },
  { "lesion-not-recorded", NULL, .expected = "", .level = "low" },
  { "lesion-yes-hpv-negative", "yes", "negative", .expected = "VISIBLE_LESION", .level = "high",
    .due = "2026-05-08" },
  { "lesion-yes-hpv16", "yes", "positive", "16", .expected = "HPV16_18;VISIBLE_LESION", .level = "high",
    .due = "2026-05-08" },
  { "lesion-no-hpv16", "no", "positive", "16", .expected = "HPV16_18", .level = "high", .due = "2026-05-08" },
  /* mammography by its single column: 0 incomplete, 3 short interval, around them nothing */
  { "mg-0", .mg = "0", .expected = "MAMMO_INCOMPLETE", .level = "intermediate", .due = "2026-05-31" },
  { "mg-1", .mg = "1", .expected = "", .level = "low" },
  { "mg-2", .mg = "2", .expected = "", .level = "low" },
  { "mg-3", .mg = "3", .expected = "MAMMO_SHORT_INTERVAL", .level = "intermediate", .due = "2026-05-31" },
  { "mg-4a", .mg = "4A", .expected = "BREAST_SUSPICIOUS", .level = "high", .due = "2026-05-08" },
  { "mg-6", .mg = "6", .expected = "BREAST_CANCER", .level = "high", .due = "2026-05-08" },
  /* by side: either side x gives the BI-RADS x reason (the single column is the worse side) */
  { "mg-left-0", .mg = "0", .mg_l = "0", .mg_r = "1", .expected = "MAMMO_INCOMPLETE", .level = "intermediate",
    .due = "2026-05-31" },
  { "mg-right-0-sides-only", .mg_l = "2", .mg_r = "0", .expected = "MAMMO_INCOMPLETE", .level = "intermediate",
    .due = "2026-05-31" },
  { "mg-left-3-right-0", .mg = "0", .mg_l = "3", .mg_r = "0", .expected = "MAMMO_INCOMPLETE;MAMMO_SHORT_INTERVAL",
    .level = "intermediate", .due = "2026-05-31" },
  { "mg-left-3-right-2", .mg = "3", .mg_l = "3", .mg_r = "2", .expected = "MAMMO_SHORT_INTERVAL",
    .level = "intermediate", .due = "2026-05-31" },
  { "mg-left-3-right-4a", .mg = "4A", .mg_l = "3", .mg_r = "4A", .expected = "BREAST_SUSPICIOUS;MAMMO_SHORT_INTERVAL",
    .level = "high", .due = "2026-05-08" },
  { "mg-left-0-right-6", .mg = "6", .mg_l = "0", .mg_r = "6", .expected = "BREAST_CANCER;MAMMO_INCOMPLETE",
    .level = "high", .due = "2026-05-08" },
  { "mg-sides-1-2", .mg = "2", .mg_l = "1", .mg_r = "2", .expected = "", .level = "low" },
  { "mg-left-only-3", .mg_l = "3", .expected = "MAMMO_SHORT_INTERVAL", .level = "intermediate", .due = "2026-05-31" },
  /* ultrasound by side: US_RECALL for a side 0 or 3 without mammography; a side 5 is suspicious */
  { "us-left-3-right-4b", .us = "4B", .us_l = "3", .us_r = "4B", .expected = "BREAST_SUSPICIOUS;US_RECALL",
    .level = "high", .due = "2026-05-08" },
  { "us-right-0-sides-only", .us_l = "1", .us_r = "0", .expected = "US_RECALL", .level = "intermediate",
    .due = "2026-05-31" },
  { "us-left-5-sides-only", .us_l = "5", .us_r = "2", .expected = "BREAST_SUSPICIOUS", .level = "high",
    .due = "2026-05-08" },
  { "us-3-mammo-one-side", .us = "3", .mg_l = "1", .expected = "", .level = "low" },
  /* an ultrasound given by its sides only is an ultrasound result */
  { "cbe-abnormal-us-sides", .cbe = "abnormal", .us_l = "1", .us_r = "2", .expected = "", .level = "low" },
  { "cbe-abnormal-no-us", .cbe = "abnormal", .expected = "CBE_ABNORMAL_NO_IMAGING", .level = "intermediate",
    .due = "2026-05-31" },
};

static MuyingBirads
birads (const char *text)
{
  MuyingBirads v = MUYING_BIRADS_NOT_RECORDED;

  if (text != NULL)
    g_assert_true (muying_birads_from_string (text, &v));
  return v;
}

static MuyingTwoCancerRecord *
make_two_cancer (const TwoCancerCase *tc)
{
  MuyingTwoCancerRecord *r = muying_two_cancer_record_new ();
  g_autoptr(GError) error = NULL;

  r->birth_date = d ("1980-05-01");
  r->exam_date = d ("2026-05-01");
  r->visible_lesion = yes_no (tc->lesion);
  if (tc->hpv != NULL)
    g_assert_true (muying_hpv_from_string (tc->hpv, &r->hpv));
  g_assert_true (muying_hpv_types_parse (tc->types, &r->hpv_types, &error));
  g_assert_no_error (error);
  if (tc->cbe != NULL)
    g_assert_true (muying_exam_result_from_string (tc->cbe, &r->cbe));
  r->us_birads = birads (tc->us);
  r->us_birads_left = birads (tc->us_l);
  r->us_birads_right = birads (tc->us_r);
  r->mammo_birads = birads (tc->mg);
  r->mammo_birads_left = birads (tc->mg_l);
  r->mammo_birads_right = birads (tc->mg_r);
  return r;
}

static void
test_two_cancer_case (gconstpointer data)
{
  const TwoCancerCase *tc = data;
  g_autoptr(MuyingTwoCancerRecord) r = make_two_cancer (tc);
  g_autoptr(MuyingClassification) c = muying_rule_set_classify_two_cancer (rules, r);

  assert_classification (c, tc->expected, tc->level, tc->due);
}

/* MAMMO_ASSESS is no longer given, whatever the BI-RADS; it keeps its label for rule set 1's records. */
static void
test_mammo_assess_retired (void)
{
  for (int single = MUYING_BIRADS_NOT_RECORDED; single <= MUYING_BIRADS_6; single++)
    for (int left = MUYING_BIRADS_NOT_RECORDED; left <= MUYING_BIRADS_6; left++)
      {
        g_autoptr(MuyingTwoCancerRecord) r = muying_two_cancer_record_new ();
        g_autoptr(MuyingClassification) c = NULL;

        r->exam_date = d ("2026-05-01");
        r->mammo_birads = (MuyingBirads) single;
        r->mammo_birads_left = (MuyingBirads) left;
        r->us_birads = (MuyingBirads) left;
        c = muying_rule_set_classify_two_cancer (rules, r);
        g_assert_false (muying_classification_has (c, "MAMMO_ASSESS"));
      }
  g_assert_cmpstr (muying_rule_set_get_reason_label (rules, "MAMMO_ASSESS"), ==, "乳腺X线BI-RADS 0或3类");
}

/* ---- the codes themselves ---------------------------------------------------------------------- */

typedef struct
{
  const char    *code;
  MuyingProgram  program;
  MuyingLevel    level;
  int            deadline;   /* first contact, days from the record's date */
  const char    *label_zh;
  const char    *label_en;
  const char    *step;       /* the suggested follow-up step */
} CodeCase;

static const CodeCase code_cases[] = {
  { "NIPT_LIMITED", MUYING_PROGRAM_PRENATAL, MUYING_LEVEL_INTERMEDIATE, 7,
    "无创DNA检测受限（多胎、试管婴儿、近期输血或超声异常）", "NIPT of limited reliability for this pregnancy",
    "counselling" },
  { "NTD_ASSESS", MUYING_PROGRAM_PRENATAL, MUYING_LEVEL_INTERMEDIATE, 30, "未评估神经管缺陷风险（无创DNA未查AFP）",
    "Neural tube defect risk not assessed (NIPT without AFP)", "ntd_assessment" },
  { "NICU_AABR", MUYING_PROGRAM_NEWBORN, MUYING_LEVEL_INTERMEDIATE, 30, "NICU新生儿未做AABR筛查",
    "NICU newborn not screened with AABR", "rescreen" },
  { "HEARING_REFER", MUYING_PROGRAM_NEWBORN, MUYING_LEVEL_HIGH, 7, "听力筛查未通过，转诊听力学诊断",
    "Hearing screen not passed: refer for diagnosis", "audiology" },
  { "VISIBLE_LESION", MUYING_PROGRAM_TWO_CANCER, MUYING_LEVEL_HIGH, 7, "宫颈肉眼可见病灶", "Visible cervical lesion",
    "colposcopy" },
  { "MAMMO_INCOMPLETE", MUYING_PROGRAM_TWO_CANCER, MUYING_LEVEL_INTERMEDIATE, 30, "乳腺X线评估不完全（BI-RADS 0类）",
    "Mammography incomplete (BI-RADS 0)", "additional_imaging" },
  { "MAMMO_SHORT_INTERVAL", MUYING_PROGRAM_TWO_CANCER, MUYING_LEVEL_INTERMEDIATE, 30,
    "乳腺X线可能良性（BI-RADS 3类）", "Mammography probably benign (BI-RADS 3)", "short_interval" },
};

static void
test_codes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (code_cases); i++)
    {
      const CodeCase *tc = &code_cases[i];
      const char *codes[] = { tc->code, NULL };
      MuyingLevel level;
      MuyingProgram program;
      g_autofree char *en = muying_rule_set_dup_reason_text (rules, tc->code, "label", "en");
      g_autofree char *step_zh = muying_rule_set_dup_reason_text (rules, tc->code, "next_step", "zh_CN");

      g_test_message ("%s", tc->code);
      g_assert_true (muying_rule_set_get_reason_level (rules, tc->code, &level));
      g_assert_cmpint (level, ==, tc->level);
      g_assert_true (muying_rule_set_get_reason_program (rules, tc->code, &program));
      g_assert_cmpint (program, ==, tc->program);
      g_assert_cmpint (muying_rule_set_get_reason_deadline (rules, tc->code), ==, tc->deadline);
      g_assert_true (g_strv_contains (muying_rule_set_list_codes (rules, tc->program), tc->code));
      /* the test runs in zh_CN, as the program */
      g_assert_cmpstr (muying_rule_set_get_reason_label (rules, tc->code), ==, tc->label_zh);
      g_assert_cmpstr (en, ==, tc->label_en);
      g_assert_nonnull (step_zh);
      g_assert_cmpstr (muying_rule_set_get_next_step (rules, tc->code), ==, step_zh);
      g_assert_cmpstr (muying_followup_suggest_step (tc->program, codes), ==, tc->step);
      g_assert_true (muying_followup_step_is_valid (tc->program, tc->step));
      g_assert_nonnull (muying_followup_step_get_label (tc->step));
    }
}

/* The 6-month imaging of MAMMO_SHORT_INTERVAL is due 180 days after the exam (ruleset.ini
 * [followup] short_interval_days); its first contact stays within 30 days. */
static void
test_short_interval_due (void)
{
  MuyingFollowupDeadlines deadlines;
  MuyingFollowupContext ctx = { MUYING_PROGRAM_TWO_CANCER };
  g_autoptr(GError) error = NULL;
  GDate due, arranged = d ("2026-05-20");
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;

  g_assert_true (muying_followup_deadlines_load (&deadlines, muying_test_data_dir (), &error));
  g_assert_no_error (error);
  g_assert_cmpint (deadlines.short_interval_days, ==, 180);
  ctx.record_date = d ("2026-05-01");
  g_date_clear (&ctx.edd, 1);
  g_assert_true (muying_followup_step_own_due (&deadlines, &ctx, "short_interval", &due));
  text = muying_date_format (&due);
  g_assert_cmpstr (text, ==, "2026-10-28");
  /* additional imaging has no deadline of its own: step_days after it was arranged */
  g_assert_false (muying_followup_step_own_due (&deadlines, &ctx, "additional_imaging", &due));
  muying_followup_step_due (&deadlines, &ctx, "additional_imaging", &arranged, &due);
  text2 = muying_date_format (&due);
  g_assert_cmpstr (text2, ==, "2026-06-19");
}

/* ---- through the importer --------------------------------------------------------------------- */

/* The key and reason codes of each accepted row. */
static void
collect (const MuyingImportRow *row,
         gpointer               user_data)
{
  g_autofree char *codes = muying_classification_join_codes ((MuyingClassification *) row->classification, ";");

  g_string_append_printf (user_data, "%s:%s\n", row->key, codes);
}

/* The key and the stored gene and variant of each accepted newborn row. */
static void
collect_variant (const MuyingImportRow *row,
                 gpointer               user_data)
{
  const MuyingNewbornRecord *r = row->record;

  g_assert_cmpuint (r->variants->len, ==, 1);
  for (guint i = 0; i < r->variants->len; i++)
    {
      const MuyingVariant *v = g_ptr_array_index (r->variants, i);

      g_string_append_printf (user_data, "%s %s %s\n", row->key, v->gene, v->variant);
    }
}

/* Validates @csv (nothing is written); @func sees each accepted row. */
static MuyingImportReport *
validate_with (MuyingProgram        program,
               const char          *csv,
               MuyingImportRowFunc  func,
               GString             *rows)
{
  g_autoptr(MuyingImporter) importer = muying_importer_new (program, rules);
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  g_autoptr(GError) error = NULL;
  MuyingImportReport *report;
  GDate today = d ("2026-11-01");

  muying_importer_set_today (importer, &today);
  if (func != NULL)
    muying_importer_set_row_func (importer, func, rows, NULL);
  report = muying_importer_validate_bytes (importer, bytes, "rules2.csv", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* "column: message" of the rejected row of line @line, one a line. */
static char *
problems_of (const MuyingImportReport *report,
             guint                     line)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < report->rejected_rows->len; i++)
    {
      const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, i);

      if (row->line != line)
        continue;
      for (guint j = 0; j < row->problems->len; j++)
        {
          const MuyingImportProblem *p = g_ptr_array_index (row->problems, j);

          g_string_append_printf (out, "%s%s: %s", out->len ? "\n" : "", p->column ? p->column : "-", p->message);
        }
    }
  return g_string_free (out, FALSE);
}

#define ASSERT_PROBLEM(report, line, expected)              \
  G_STMT_START {                                            \
    g_autofree char *got_ = problems_of ((report), (line)); \
    g_test_message ("line %u: %s", (line), got_);           \
    g_assert_cmpstr (got_, ==, (expected));                 \
  } G_STMT_END

#define P_HEADER "sample_no,id_number,name,sample_date,test_type,ga_weeks,ga_days,t21_risk,t18_risk,afp_mom," \
                 "nipt_t21,nipt_t18,nipt_t13,pregnancy_type,ivf,transfusion_12m,us_anomaly\n"
#define P_WOMAN "110105199503120025,王芳,2026-03-10,nipt,16,2"

/* An NIPT row may carry an AFP (refused until rule set 2026.2); the new columns' bad values are
 * rejected with their Chinese reasons. */
static void
test_import_prenatal (void)
{
  static const char csv[] = P_HEADER
    "P1," P_WOMAN ",,,1.1,low,low,low,,,,\n"          /* 2: AFP on NIPT: accepted, NTD assessed */
    "P2," P_WOMAN ",,,,low,low,low,,,,\n"             /* 3: no AFP: NTD_ASSESS */
    "P3," P_WOMAN ",,,2.6,low,low,low,双胎,,,\n"      /* 4: ONTD_HIGH and NIPT_LIMITED */
    "P4," P_WOMAN ",,,1.0,low,low,low,,是,,\n"        /* 5: ivf in Chinese */
    "P5," P_WOMAN ",,,1.0,low,low,low,,,,是\n"        /* 6: ultrasound anomaly */
    "P6," P_WOMAN ",,,1.0,low,low,low,,1,,\n"         /* 7: ivf not yes/no */
    "P7," P_WOMAN ",,,1.0,low,low,low,,,maybe,\n"     /* 8: transfusion not yes/no */
    "P8," P_WOMAN ",1/500,,1.0,low,low,low,,,,\n";    /* 9: a serum risk on an NIPT is still refused */
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = validate_with (MUYING_PROGRAM_PRENATAL, csv, collect, rows);

  g_assert_cmpstr (rows->str, ==,
                   "P1:\n"
                   "P2:NTD_ASSESS\n"
                   "P3:NIPT_LIMITED;ONTD_HIGH\n"
                   "P4:NIPT_LIMITED\n"
                   "P5:NIPT_LIMITED\n");
  g_assert_cmpuint (report->rejected, ==, 3);
  ASSERT_PROBLEM (report, 7, "ivf: “1”不是有效值；可用值：yes (是), no (否)");
  ASSERT_PROBLEM (report, 8, "transfusion_12m: “maybe”不是有效值；可用值：yes (是), no (否)");
  ASSERT_PROBLEM (report, 9, "t21_risk: 无创DNA没有血清学筛查结果；请核对筛查方式");
}

#define N_HEADER "sample_no,mother_id_number,mother_name,sex,birth_date,hearing_left,hearing_right,nicu,hearing_method\n"
#define N_BABY "110105199303032426,王芳,2,2026-08-01"

static void
test_import_newborn (void)
{
  static const char csv[] = N_HEADER
    "N1," N_BABY ",pass,pass,yes,oae\n"               /* 2 */
    "N2," N_BABY ",未通过,pass,是,AABR\n"             /* 3: Chinese and upper-case values */
    "N3," N_BABY ",refer,pass,no,oae\n"               /* 4 */
    "N4," N_BABY ",pass,pass,yes,两者\n"              /* 5 */
    "N5," N_BABY ",pass,pass,1,oae\n"                 /* 6: nicu not yes/no */
    "N6," N_BABY ",pass,pass,yes,abr\n";              /* 7: an unknown method */
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = validate_with (MUYING_PROGRAM_NEWBORN, csv, collect, rows);

  g_assert_cmpstr (rows->str, ==,
                   "N1:NICU_AABR\n"
                   "N2:HEARING_REFER\n"
                   "N3:RESCREEN_DUE\n"
                   "N4:\n");
  g_assert_cmpuint (report->rejected, ==, 2);
  ASSERT_PROBLEM (report, 6, "nicu: “1”不是有效值；可用值：yes (是), no (否)");
  ASSERT_PROBLEM (report, 7, "hearing_method: “abr”不是有效值；可用值：oae, aabr, both");
}

#define T_HEADER "exam_no,id_number,name,exam_date,cytology,mammo_birads,mammo_birads_left,mammo_birads_right," \
                 "visible_lesion\n"
#define T_WOMAN "110105198001155020,王芳,2026-03-02,NILM"

static void
test_import_two_cancer (void)
{
  static const char csv[] = T_HEADER
    "T1," T_WOMAN ",,3,0,\n"                          /* 2: derived single column 0; both reasons */
    "T2," T_WOMAN ",3,3,2,\n"                         /* 3 */
    "T3," T_WOMAN ",,,,是\n"                          /* 4 */
    "T4," T_WOMAN ",3,3,0,\n"                         /* 5: 3 contradicts the worse side 0 */
    "T5," T_WOMAN ",0,4A,0,\n"                        /* 6: 0 contradicts the worse side 4A */
    "T6," T_WOMAN ",,,,yes please\n";                 /* 7: visible_lesion not yes/no */
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = validate_with (MUYING_PROGRAM_TWO_CANCER, csv, collect, rows);

  g_assert_cmpstr (rows->str, ==,
                   "T1:MAMMO_INCOMPLETE;MAMMO_SHORT_INTERVAL\n"
                   "T2:MAMMO_SHORT_INTERVAL\n"
                   "T3:VISIBLE_LESION\n");
  g_assert_cmpuint (report->rejected, ==, 3);
  ASSERT_PROBLEM (report, 5, "mammo_birads: 已填写左右两侧结果时，钼靶 BI-RADS应为较重一侧（0）；留空则自动取较重一侧");
  ASSERT_PROBLEM (report, 6, "mammo_birads: 已填写左右两侧结果时，钼靶 BI-RADS应为较重一侧（4A）；留空则自动取较重一侧");
  ASSERT_PROBLEM (report, 7, "visible_lesion: “yes please”不是有效值；可用值：yes (是), no (否)");
}

/* An ID number must name a province (GB/T 2260) beside its date and check digit: 000000… is refused
 * even with a right check digit. */
static void
test_import_id_province (void)
{
  char zero[19] = "00000019950312002";
  char ninety[19] = "99010519950312002";
  g_autofree char *csv = NULL;
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected3 = NULL;

  zero[17] = muying_id_number_check_char (zero);
  ninety[17] = muying_id_number_check_char (ninety);
  zero[18] = ninety[18] = '\0';
  g_assert_false (muying_id_number_validate (zero, NULL, NULL, NULL, &error));
  g_assert_error (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_REGION);
  csv = g_strdup_printf (P_HEADER "P1,%s,王芳,2026-03-10,nipt,16,2,,,1.0,low,low,low,,,,\n"
                                  "P2,%s,王芳,2026-03-10,nipt,16,2,,,1.0,low,low,low,,,,\n", zero, ninety);
  report = validate_with (MUYING_PROGRAM_PRENATAL, csv, NULL, NULL);
  g_assert_cmpuint (report->rejected, ==, 2);
  ASSERT_PROBLEM (report, 2, "id_number: 身份证号前两位“00”不是有效的省级行政区划代码");
  ASSERT_PROBLEM (report, 3, "id_number: 身份证号前两位“99”不是有效的省级行政区划代码");
}

/* Every spelling a panel lists for a locus (HGVS, legacy, aliases; each also without its c./m./p.
 * prefix) imports as that locus's HGVS name, on every panel. */
static void
test_import_variant_spellings (void)
{
  const char * const *panels = muying_rule_set_list_panels (rules);
  guint n_checked = 0;

  for (guint p = 0; panels[p] != NULL; p++)
    {
      g_autofree char *path = g_strdup_printf ("%s/panels/%s.ini", muying_test_data_dir (), panels[p]);
      g_autoptr(GKeyFile) kf = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) groups = NULL;
      g_autoptr(GString) csv = g_string_new ("sample_no,mother_id_number,mother_name,sex,birth_date,hearing_left,"
                                             "hearing_right,panel,variants\n");
      g_autoptr(GString) expected = g_string_new (NULL);
      g_autoptr(GString) rows = g_string_new (NULL);
      g_autoptr(MuyingImportReport) report = NULL;
      guint n = 0;

      g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error));
      g_assert_no_error (error);
      groups = g_key_file_get_groups (kf, NULL);
      for (guint g = 0; groups[g] != NULL; g++)
        {
          g_autofree char *gene = NULL;
          g_autofree char *hgvs = NULL;
          g_autoptr(GPtrArray) spellings = g_ptr_array_new_with_free_func (g_free);
          const char *zygosity;
          static const char * const keys[] = { "legacy", "aliases" };

          if (strcmp (groups[g], "panel") == 0)
            continue;
          gene = g_key_file_get_string (kf, groups[g], "gene", NULL);
          hgvs = g_key_file_get_string (kf, groups[g], "hgvs", NULL);
          zygosity = strcmp (gene, "MT-RNR1") == 0 ? "homoplasmic" : "het";
          g_ptr_array_add (spellings, g_strdup (hgvs));
          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            {
              g_auto(GStrv) names = g_key_file_get_string_list (kf, groups[g], keys[k], NULL, NULL);

              for (guint i = 0; names != NULL && names[i] != NULL; i++)
                if (*g_strstrip (names[i]) != '\0')
                  g_ptr_array_add (spellings, g_strdup (names[i]));
            }
          /* each also without its reference prefix ("235delC", "R180X") */
          for (guint i = 0, len = spellings->len; i < len; i++)
            {
              const char *s = g_ptr_array_index (spellings, i);

              if (strlen (s) > 2 && s[1] == '.' && g_ascii_isalpha (s[0]))
                g_ptr_array_add (spellings, g_strdup (s + 2));
            }
          for (guint i = 0; i < spellings->len; i++)
            {
              n++;
              g_string_append_printf (csv, "S%u,110105199303032426,王芳,2,2026-08-01,pass,pass,%s,%s:%s:%s\n", n,
                                      panels[p], gene, (const char *) g_ptr_array_index (spellings, i), zygosity);
              g_string_append_printf (expected, "S%u %s %s\n", n, gene, hgvs);
            }
        }

      report = validate_with (MUYING_PROGRAM_NEWBORN, csv->str, collect_variant, rows);
      for (guint i = 0; i < report->rejected_rows->len; i++)
        {
          g_autofree char *problems = problems_of (report,
                                                   ((MuyingImportRejectedRow *) g_ptr_array_index (report->rejected_rows, i))->line);
          g_test_message ("panel %s: %s", panels[p], problems);
        }
      g_assert_cmpuint (report->rejected, ==, 0);
      g_assert_cmpstr (rows->str, ==, expected->str);
      n_checked += n;
    }
  /* 4 + 9 + 15 loci, several spellings each */
  g_assert_cmpuint (n_checked, >, 100);
}

/* The spellings lab reports use that must be accepted, on the 15-locus panel (which has every
 * locus), and an unknown spelling rejected with the spellings its gene accepts on the record's panel. */
static void
test_import_required_spellings (void)
{
  static const struct
  {
    const char *gene, *spelling, *hgvs;
  } cases[] = {
    { "GJB2", "c.35delG", "c.35delG" }, { "GJB2", "c.35del", "c.35delG" },
    { "GJB2", "c.235delC", "c.235delC" }, { "GJB2", "c.235del", "c.235delC" },
    { "GJB2", "c.299_300delAT", "c.299_300delAT" }, { "GJB2", "c.299_300del", "c.299_300delAT" },
    { "GJB2", "c.176_191del16", "c.176_191del16" }, { "GJB2", "c.176_191del", "c.176_191del16" },
    { "SLC26A4", "IVS7-2A>G", "c.919-2A>G" }, { "SLC26A4", "c.919-2A>G", "c.919-2A>G" },
    { "SLC26A4", "IVS15+5G>A", "c.1707+5G>A" }, { "SLC26A4", "c.1707+5G>A", "c.1707+5G>A" },
    { "SLC26A4", "p.H723R", "c.2168A>G" }, { "SLC26A4", "p.His723Arg", "c.2168A>G" },
    { "SLC26A4", "c.2168A>G", "c.2168A>G" }, { "SLC26A4", "p.N392Y", "c.1174A>T" },
    { "SLC26A4", "c.1174A>T", "c.1174A>T" }, { "GJB3", "p.R180X", "c.538C>T" },
    { "GJB3", "p.Arg180Ter", "c.538C>T" }, { "GJB3", "c.538C>T", "c.538C>T" },
    { "MT-RNR1", "1555A>G", "m.1555A>G" }, { "MT-RNR1", "m.1555A>G", "m.1555A>G" },
    { "MT-RNR1", "1494C>T", "m.1494C>T" }, { "MT-RNR1", "m.1494C>T", "m.1494C>T" },
    { "12S rRNA", "A1555G", "m.1555A>G" },
  };
  g_autoptr(GString) csv = g_string_new ("sample_no,mother_id_number,mother_name,sex,birth_date,hearing_left,"
                                         "hearing_right,panel,variants\n");
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(MuyingImportReport) report = NULL;
  g_autofree char *problem = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean mt = strcmp (cases[i].hgvs, "m.1555A>G") == 0 || strcmp (cases[i].hgvs, "m.1494C>T") == 0;

      g_string_append_printf (csv, "S%u,110105199303032426,王芳,2,2026-08-01,pass,pass,15,%s:%s:%s\n", i,
                              cases[i].gene, cases[i].spelling, mt ? "homoplasmic" : "het");
      g_string_append_printf (expected, "S%u %s %s\n", i, mt ? "MT-RNR1" : cases[i].gene, cases[i].hgvs);
    }
  /* not on the 4-locus panel, and an unknown spelling: the line after the good ones */
  g_string_append (csv, "X1,110105199303032426,王芳,2,2026-08-01,pass,pass,4,SLC26A4:IVS15+5G>A:het\n");
  report = validate_with (MUYING_PROGRAM_NEWBORN, csv->str, collect_variant, rows);
  g_assert_cmpstr (rows->str, ==, expected->str);
  g_assert_cmpuint (report->rejected, ==, 1);
  problem = problems_of (report, G_N_ELEMENTS (cases) + 2);
  g_test_message ("%s", problem);
  g_assert_nonnull (strstr (problem, "IVS15+5G>A"));
  g_assert_nonnull (strstr (problem, "c.919-2A>G (IVS7-2A>G)"));
  g_assert_null (strstr (problem, "c.1707+5G>A"));
}

/* Each record keeps the version of the rule set that classified it: one flagged by rule set 2026.1
 * keeps MAMMO_ASSESS beside one the importer classifies now. */
static void
test_store_keeps_version (void)
{
  static const char csv[] = T_HEADER "T2," T_WOMAN ",3,,,\n";
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "rules2.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (path, &error);
  g_autoptr(MuyingTwoCancerRecord) r = muying_two_cancer_record_new ();
  g_autoptr(MuyingClassification) old = muying_classification_new ("2026.1");
  g_autoptr(MuyingImporter) importer = muying_importer_new (MUYING_PROGRAM_TWO_CANCER, rules);
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  GDate today = d ("2026-11-01");
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  g_assert_no_error (error);
  r->exam_no = g_strdup ("T1");
  r->id_number = g_strdup ("110105198001155020");
  r->name = g_strdup ("王芳");
  r->birth_date = d ("1980-01-15");
  r->exam_date = d ("2025-03-02");
  r->mammo_birads = MUYING_BIRADS_3;
  muying_classification_add (old, "MAMMO_ASSESS", MUYING_LEVEL_INTERMEDIATE, 30);
  muying_classification_finish (old, &r->exam_date);
  g_assert_true (muying_store_save_two_cancer (store, r, old, "nurse1", NULL, &id, &error));
  g_assert_no_error (error);

  muying_importer_set_today (importer, &today);
  report = muying_importer_import_bytes (importer, bytes, "rules2.csv", store, "nurse1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->inserted, ==, 1);

  g_assert_cmpint (sqlite3_prepare_v2 (muying_store_get_handle (store),
                                       "SELECT r.record_key, r.rules_version, group_concat(x.code, ';') FROM record r "
                                       "JOIN reason x ON x.record_id = r.id GROUP BY r.id ORDER BY r.record_key",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (got, "%s %s %s\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                            sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  g_assert_cmpstr (got->str, ==, "T1 2026.1 MAMMO_ASSESS\nT2 2026.2 MAMMO_SHORT_INTERVAL\n");
  g_clear_object (&store);
  muying_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The messages a nurse reads: zh_CN, as the program runs (LANGUAGE of the test environment). */
  muying_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (prenatal_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rules2/prenatal/%s", prenatal_cases[i].name);
      g_test_add_data_func (path, &prenatal_cases[i], test_prenatal_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (newborn_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rules2/newborn/%s", newborn_cases[i].name);
      g_test_add_data_func (path, &newborn_cases[i], test_newborn_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (two_cancer_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rules2/two-cancer/%s", two_cancer_cases[i].name);
      g_test_add_data_func (path, &two_cancer_cases[i], test_two_cancer_case);
    }
  g_test_add_func ("/rules2/two-cancer/mammo-assess-retired", test_mammo_assess_retired);
  g_test_add_func ("/rules2/codes", test_codes);
  g_test_add_func ("/rules2/short-interval-due", test_short_interval_due);
  g_test_add_func ("/rules2/import/prenatal", test_import_prenatal);
  g_test_add_func ("/rules2/import/newborn", test_import_newborn);
  g_test_add_func ("/rules2/import/two-cancer", test_import_two_cancer);
  g_test_add_func ("/rules2/import/id-province", test_import_id_province);
  g_test_add_func ("/rules2/import/variant-spellings", test_import_variant_spellings);
  g_test_add_func ("/rules2/import/required-spellings", test_import_required_spellings);
  g_test_add_func ("/rules2/store/keeps-version", test_store_keeps_version);
  status = g_test_run ();
  g_clear_object (&rules);
  return status;
}
