/* muying-audiology-descriptor.c: the fields of an audiology diagnosis and its intervention
 * (听力诊断与干预)
 *
 * The columns are those of docs/import-formats.md ("audiology.csv"); the order is the form's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-follow-on-private.h"

static const MuyingFieldChoice degrees[] = {
  { MUYING_DEGREE_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_DEGREE_NORMAL, "normal", N_("Normal hearing"), "正常" },
  { MUYING_DEGREE_MILD, "mild", N_("Mild loss"), "轻度" },
  { MUYING_DEGREE_MODERATE, "moderate", N_("Moderate loss"), "中度" },
  { MUYING_DEGREE_SEVERE, "severe", N_("Severe loss"), "重度" },
  { MUYING_DEGREE_PROFOUND, "profound", N_("Profound loss"), "极重度" },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice loss_types[] = {
  { MUYING_LOSS_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_LOSS_SENSORINEURAL, "sensorineural", N_("Sensorineural"), "感音神经性" },
  { MUYING_LOSS_CONDUCTIVE, "conductive", N_("Conductive"), "传导性" },
  { MUYING_LOSS_MIXED, "mixed", N_("Mixed"), "混合性" },
  { MUYING_LOSS_AUDITORY_NEUROPATHY, "auditory_neuropathy", N_("Auditory neuropathy"), "听神经病" },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice interventions[] = {
  { MUYING_INTERVENTION_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_INTERVENTION_NONE, "none", N_("No intervention"), "无" },
  { MUYING_INTERVENTION_HEARING_AID, "hearing_aid", N_("Hearing aids"), "助听器" },
  { MUYING_INTERVENTION_COCHLEAR_IMPLANT, "cochlear_implant", N_("Cochlear implant"), "人工耳蜗" },
  { MUYING_INTERVENTION_OTHER, "other", N_("Other intervention"), "其他" },
  { 0, NULL, NULL, NULL }
};

#define ALLOWED_DEGREES "normal (正常), mild (轻度), moderate (中度), severe (重度), profound (极重度)"

enum
{
  F_SAMPLE_NO, F_DIAGNOSIS_DATE, F_LEFT_DEGREE, F_RIGHT_DEGREE, F_LOSS_TYPE, F_INTERVENTION, F_INTERVENTION_DATE,
  N_FIELDS
};

#define AT(member) G_STRUCT_OFFSET (MuyingAudiology, member)
#define REQ (MUYING_FIELD_REQUIRED | MUYING_FIELD_STORED)
#define STORED MUYING_FIELD_STORED

static const MuyingField fields[N_FIELDS + 1] = {
  [F_SAMPLE_NO] = { "sample_no", "样本编号", N_("Newborn's sample no."), MUYING_FIELD_RECORD_KEY, REQ, AT (sample_no),
                    .section = N_("Audiology diagnosis") },
  [F_DIAGNOSIS_DATE] = { "diagnosis_date", "诊断日期", N_("Diagnosis date"), MUYING_FIELD_DATE, REQ, AT (diagnosis_date),
                         .placeholder = "YYYY-MM-DD" },
  [F_LEFT_DEGREE] = { "left_degree", "左耳程度", N_("Left ear"), MUYING_FIELD_CHOICE, REQ | MUYING_FIELD_SUMMARY,
                      AT (left_degree), degrees, .allowed = ALLOWED_DEGREES },
  [F_RIGHT_DEGREE] = { "right_degree", "右耳程度", N_("Right ear"), MUYING_FIELD_CHOICE, REQ | MUYING_FIELD_SUMMARY,
                       AT (right_degree), degrees, .allowed = ALLOWED_DEGREES },
  [F_LOSS_TYPE] = { "loss_type", "听力损失类型", N_("Type of loss"), MUYING_FIELD_CHOICE, STORED, AT (loss_type), loss_types,
                    .allowed = "sensorineural (感音神经性), conductive (传导性), mixed (混合性), auditory_neuropathy (听神经病)" },
  [F_INTERVENTION] = { "intervention", "干预方式", N_("Intervention"), MUYING_FIELD_CHOICE, STORED | MUYING_FIELD_SUMMARY,
                       AT (intervention), interventions,
                       .allowed = "none (无), hearing_aid (助听器), cochlear_implant (人工耳蜗), other (其他)",
                       .section = N_("Intervention") },
  [F_INTERVENTION_DATE] = { "intervention_date", "干预日期", N_("Intervention date"), MUYING_FIELD_DATE, STORED,
                            AT (intervention_date), .placeholder = "YYYY-MM-DD" },
  [N_FIELDS] = { NULL },
};

#undef AT
#undef REQ
#undef STORED

MuyingAudiology *
muying_audiology_new (void)
{
  MuyingAudiology *self = g_new0 (MuyingAudiology, 1);

  muying_fields_clear_record (fields, N_FIELDS, self);
  return self;
}

void
muying_audiology_free (MuyingAudiology *self)
{
  if (self == NULL)
    return;
  muying_fields_free_members (fields, N_FIELDS, self);
  g_free (self);
}

const char *
muying_hearing_degree_to_string (MuyingHearingDegree value)
{
  return muying_field_choice_key (&fields[F_LEFT_DEGREE], (int) value);
}

static gboolean
has_intervention (MuyingHearingIntervention value)
{
  return value != MUYING_INTERVENTION_NOT_RECORDED && value != MUYING_INTERVENTION_NONE;
}

static void
check_audiology (gpointer                data,
                 const MuyingFieldCheck *check)
{
  MuyingAudiology *a = data;

  if (has_intervention (a->intervention) && !check->given (&fields[F_INTERVENTION_DATE], check->data))
    check->problem (&fields[F_INTERVENTION_DATE], _("An intervention needs its date"), check->data);
  else if (!has_intervention (a->intervention) && check->valid (&fields[F_INTERVENTION], check->data) &&
           check->given (&fields[F_INTERVENTION_DATE], check->data))
    check->problem (&fields[F_INTERVENTION_DATE], _("An intervention date needs the intervention"), check->data);
  else if (g_date_valid (&a->intervention_date) && g_date_valid (&a->diagnosis_date) &&
           g_date_compare (&a->intervention_date, &a->diagnosis_date) < 0)
    check->problem (&fields[F_INTERVENTION_DATE], _("The intervention is dated before the diagnosis"), check->data);
}

const MuyingFollowOnDescriptor muying_audiology_descriptor = {
  .kind = MUYING_FOLLOW_ON_AUDIOLOGY,
  .name = "audiology",
  .label = N_("Audiology diagnosis and intervention"),
  .program = MUYING_PROGRAM_NEWBORN,
  .fields = fields,
  .key_fields = { "sample_no", "diagnosis_date", NULL },
  .sample_field = "sample_no",
  .date_field = "diagnosis_date",
  .record_new = (gpointer (*) (void)) muying_audiology_new,
  .record_free = (void (*) (gpointer)) muying_audiology_free,
  .check = check_audiology,
};
