/* muying-pregnancy-outcome-descriptor.c: the fields of a pregnancy outcome (妊娠结局)
 *
 * The columns are those of docs/import-formats.md ("pregnancy_outcome.csv"); the order is the form's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "muying-follow-on-private.h"

static const MuyingFieldChoice outcomes[] = {
  { MUYING_OUTCOME_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_OUTCOME_LIVE_BIRTH, "live_birth", N_("Live birth"), "活产" },
  { MUYING_OUTCOME_STILLBIRTH, "stillbirth", N_("Stillbirth or fetal death"), "死胎死产" },
  { MUYING_OUTCOME_MISCARRIAGE, "miscarriage", N_("Miscarriage"), "自然流产" },
  { MUYING_OUTCOME_TERMINATION, "termination", N_("Termination of pregnancy"), "引产/治疗性终止" },
  { MUYING_OUTCOME_ECTOPIC, "ectopic", N_("Ectopic pregnancy"), "异位妊娠" },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice birth_defects[] = {
  { MUYING_BIRTH_DEFECT_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_BIRTH_DEFECT_NONE, "none", N_("No birth defect"), "无" },
  { MUYING_BIRTH_DEFECT_YES, "yes", N_("Birth defect"), "有" },
  { 0, NULL, NULL, NULL }
};

enum
{
  F_ID_NUMBER, F_EDD, F_END_DATE, F_OUTCOME, F_GA_WEEKS, F_BABIES, F_BIRTH_DEFECT, F_CONDITION,
  N_FIELDS
};

#define AT(member) G_STRUCT_OFFSET (MuyingPregnancyOutcome, member)
#define REQ (MUYING_FIELD_REQUIRED | MUYING_FIELD_STORED)
#define STORED MUYING_FIELD_STORED

static const MuyingField fields[N_FIELDS + 1] = {
  [F_ID_NUMBER] = { "id_number", "身份证号", N_("ID number"), MUYING_FIELD_ID_NUMBER, REQ, AT (id_number),
                    .placeholder = N_("18 characters"), .section = N_("Pregnancy outcome") },
  [F_EDD] = { "edd", "预产期", N_("Expected delivery date"), MUYING_FIELD_DATE, STORED | MUYING_FIELD_FUTURE_OK, AT (edd),
              .placeholder = N_("picks the pregnancy") },
  [F_END_DATE] = { "end_date", "结局日期", N_("Date of delivery or end of pregnancy"), MUYING_FIELD_DATE, REQ,
                   AT (end_date), .placeholder = "YYYY-MM-DD" },
  [F_OUTCOME] = { "outcome", "妊娠结局", N_("Outcome"), MUYING_FIELD_CHOICE, REQ | MUYING_FIELD_SUMMARY, AT (outcome),
                  outcomes,
                  .allowed = "live_birth (活产), stillbirth (死胎死产), miscarriage (自然流产), "
                             "termination (引产/治疗性终止), ectopic (异位妊娠)" },
  [F_GA_WEEKS] = { "ga_weeks", "终止孕周", N_("Gestation at the end (weeks)"), MUYING_FIELD_NUMBER, STORED, AT (ga_weeks),
                   .min = 4, .max = 45 },
  [F_BABIES] = { "babies", "胎数", N_("Babies"), MUYING_FIELD_NUMBER, STORED, AT (babies), .min = 1, .max = 8,
                 .placeholder = "1" },
  [F_BIRTH_DEFECT] = { "birth_defect", "出生缺陷", N_("Birth defect"), MUYING_FIELD_CHOICE, STORED | MUYING_FIELD_SUMMARY,
                       AT (birth_defect), birth_defects, .allowed = "none (无), yes (有)" },
  [F_CONDITION] = { "condition", "缺陷类别", N_("Class of the defect"), MUYING_FIELD_CHOICE, STORED | MUYING_FIELD_SUMMARY,
                    AT (condition), _muying_follow_on_conditions, .allowed = MUYING_FOLLOW_ON_CONDITIONS_ALLOWED },
  [N_FIELDS] = { NULL },
};

#undef AT
#undef REQ
#undef STORED

MuyingPregnancyOutcome *
muying_pregnancy_outcome_new (void)
{
  MuyingPregnancyOutcome *self = g_new0 (MuyingPregnancyOutcome, 1);

  muying_fields_clear_record (fields, N_FIELDS, self);
  return self;
}

void
muying_pregnancy_outcome_free (MuyingPregnancyOutcome *self)
{
  if (self == NULL)
    return;
  muying_fields_free_members (fields, N_FIELDS, self);
  g_free (self);
}

const char *
muying_pregnancy_outcome_to_string (MuyingPregnancyOutcomeKind value)
{
  return muying_field_choice_key (&fields[F_OUTCOME], (int) value);
}

static void
check_outcome (gpointer                data,
               const MuyingFieldCheck *check)
{
  MuyingPregnancyOutcome *o = data;

  if (isnan (o->babies) && !check->given (&fields[F_BABIES], check->data))
    o->babies = 1;
  if (o->babies != floor (o->babies))
    check->problem (&fields[F_BABIES], _("The number of babies is a whole number"), check->data);
  if (o->birth_defect == MUYING_BIRTH_DEFECT_YES && !check->given (&fields[F_CONDITION], check->data))
    check->problem (&fields[F_CONDITION], _("A birth defect needs its class (T21, NTD, structural, …)"), check->data);
  else if (o->birth_defect != MUYING_BIRTH_DEFECT_YES && check->valid (&fields[F_BIRTH_DEFECT], check->data) &&
           check->given (&fields[F_CONDITION], check->data))
    check->problem (&fields[F_CONDITION], _("A class of defect needs “birth defect: yes”"), check->data);
}

const MuyingFollowOnDescriptor muying_pregnancy_outcome_descriptor = {
  .kind = MUYING_FOLLOW_ON_PREGNANCY_OUTCOME,
  .name = "pregnancy_outcome",
  .label = N_("Pregnancy outcome"),
  .program = MUYING_PROGRAM_PRENATAL,
  .fields = fields,
  .key_fields = { "id_number", "end_date", NULL },
  .id_field = "id_number",
  .date_field = "end_date",
  .record_new = (gpointer (*) (void)) muying_pregnancy_outcome_new,
  .record_free = (void (*) (gpointer)) muying_pregnancy_outcome_free,
  .check = check_outcome,
};
