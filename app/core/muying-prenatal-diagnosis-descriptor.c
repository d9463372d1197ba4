/* muying-prenatal-diagnosis-descriptor.c: the fields of a prenatal diagnosis (产前诊断)
 *
 * The columns are those of docs/import-formats.md ("prenatal_diagnosis.csv"); the order is the form's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-date.h"
#include "muying-follow-on-private.h"

static const MuyingFieldChoice procedures[] = {
  { MUYING_PROCEDURE_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_PROCEDURE_AMNIOCENTESIS, "amniocentesis", N_("Amniocentesis"), "羊膜腔穿刺" },
  { MUYING_PROCEDURE_CVS, "cvs", N_("Chorionic villus sampling"), "绒毛取样" },
  { MUYING_PROCEDURE_CORDOCENTESIS, "cordocentesis", N_("Cordocentesis"), "脐血穿刺" },
  { MUYING_PROCEDURE_ULTRASOUND, "ultrasound", N_("Diagnostic ultrasound"), "超声诊断" },
  { MUYING_PROCEDURE_OTHER, "other", N_("Other procedure"), "其他" },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice methods[] = {
  { MUYING_METHOD_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_METHOD_KARYOTYPE, "karyotype", N_("Karyotype"), "核型分析" },
  { MUYING_METHOD_CMA, "cma", N_("Chromosomal microarray"), "染色体微阵列" },
  { MUYING_METHOD_CNV_SEQ, "cnv_seq", N_("CNV-seq"), NULL },
  { MUYING_METHOD_FISH, "fish", N_("FISH"), NULL },
  { MUYING_METHOD_QF_PCR, "qf_pcr", N_("QF-PCR"), NULL },
  { MUYING_METHOD_ULTRASOUND, "ultrasound", N_("Ultrasound"), "超声" },
  { MUYING_METHOD_OTHER, "other", N_("Other method"), "其他" },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice results[] = {
  { MUYING_DIAGNOSIS_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_DIAGNOSIS_NORMAL, "normal", N_("Normal"), "正常" },
  { MUYING_DIAGNOSIS_ABNORMAL, "abnormal", N_("Abnormal"), "异常" },
  { MUYING_DIAGNOSIS_FAILED, "failed", N_("Failed (no result)"), "失败" },
  { 0, NULL, NULL, NULL }
};

enum
{
  F_DIAGNOSIS_NO, F_ID_NUMBER, F_EDD, F_PROCEDURE_DATE, F_PROCEDURE, F_METHOD, F_RESULT, F_CONDITION, F_DETAIL,
  N_FIELDS
};

#define AT(member) G_STRUCT_OFFSET (MuyingPrenatalDiagnosis, member)
#define REQ (MUYING_FIELD_REQUIRED | MUYING_FIELD_STORED)
#define STORED MUYING_FIELD_STORED

static const MuyingField fields[N_FIELDS + 1] = {
  [F_DIAGNOSIS_NO] = { "diagnosis_no", "诊断编号", N_("Diagnosis no."), MUYING_FIELD_RECORD_KEY, REQ, AT (diagnosis_no),
                       .section = N_("Prenatal diagnosis") },
  [F_ID_NUMBER] = { "id_number", "身份证号", N_("ID number"), MUYING_FIELD_ID_NUMBER, REQ, AT (id_number),
                    .placeholder = N_("18 characters") },
  [F_EDD] = { "edd", "预产期", N_("Expected delivery date"), MUYING_FIELD_DATE, STORED | MUYING_FIELD_FUTURE_OK, AT (edd),
              .placeholder = N_("picks the pregnancy") },
  [F_PROCEDURE_DATE] = { "procedure_date", "取材日期", N_("Procedure date"), MUYING_FIELD_DATE, REQ, AT (procedure_date),
                         .placeholder = "YYYY-MM-DD" },
  [F_PROCEDURE] = { "procedure", "取材方式", N_("Procedure"), MUYING_FIELD_CHOICE, REQ, AT (procedure), procedures,
                    .allowed = "amniocentesis (羊膜腔穿刺), cvs (绒毛取样), cordocentesis (脐血穿刺), ultrasound (超声诊断), other" },
  [F_METHOD] = { "method", "检测方法", N_("Method"), MUYING_FIELD_CHOICE, STORED, AT (method), methods,
                 .allowed = "karyotype (核型分析), cma (染色体微阵列), cnv_seq, fish, qf_pcr, ultrasound, other" },
  [F_RESULT] = { "result", "诊断结果", N_("Result"), MUYING_FIELD_CHOICE, REQ | MUYING_FIELD_SUMMARY, AT (result), results,
                 .allowed = "normal (正常), abnormal (异常), failed (失败)" },
  [F_CONDITION] = { "condition", "异常类别", N_("Abnormality"), MUYING_FIELD_CHOICE, STORED | MUYING_FIELD_SUMMARY,
                    AT (condition), _muying_follow_on_conditions, .allowed = MUYING_FOLLOW_ON_CONDITIONS_ALLOWED },
  [F_DETAIL] = { "detail", "诊断描述", N_("Details"), MUYING_FIELD_TEXT, STORED, AT (detail),
                 .placeholder = N_("e.g. karyotype 47,XX,+21") },
  [N_FIELDS] = { NULL },
};

#undef AT
#undef REQ
#undef STORED

MuyingPrenatalDiagnosis *
muying_prenatal_diagnosis_new (void)
{
  MuyingPrenatalDiagnosis *self = g_new0 (MuyingPrenatalDiagnosis, 1);

  muying_fields_clear_record (fields, N_FIELDS, self);
  return self;
}

void
muying_prenatal_diagnosis_free (MuyingPrenatalDiagnosis *self)
{
  if (self == NULL)
    return;
  muying_fields_free_members (fields, N_FIELDS, self);
  g_free (self);
}

const char *
muying_diagnosis_result_to_string (MuyingDiagnosisResult value)
{
  return muying_field_choice_key (&fields[F_RESULT], (int) value);
}

static void
check_diagnosis (gpointer                data,
                 const MuyingFieldCheck *check)
{
  MuyingPrenatalDiagnosis *d = data;

  if (d->result == MUYING_DIAGNOSIS_ABNORMAL && check->valid (&fields[F_RESULT], check->data) &&
      !check->given (&fields[F_CONDITION], check->data))
    check->problem (&fields[F_CONDITION], _("An abnormal diagnosis needs its class (T21, T18, T13, SCA, NTD, …)"),
                    check->data);
  else if (d->result != MUYING_DIAGNOSIS_ABNORMAL && check->valid (&fields[F_RESULT], check->data) &&
           check->given (&fields[F_CONDITION], check->data))
    check->problem (&fields[F_CONDITION], _("Only an abnormal diagnosis has an abnormality class"), check->data);
}

const MuyingFollowOnDescriptor muying_prenatal_diagnosis_descriptor = {
  .kind = MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS,
  .name = "prenatal_diagnosis",
  .label = N_("Prenatal diagnosis"),
  .program = MUYING_PROGRAM_PRENATAL,
  .fields = fields,
  .key_fields = { "diagnosis_no", NULL },
  .id_field = "id_number",
  .date_field = "procedure_date",
  .record_new = (gpointer (*) (void)) muying_prenatal_diagnosis_new,
  .record_free = (void (*) (gpointer)) muying_prenatal_diagnosis_free,
  .check = check_diagnosis,
};
