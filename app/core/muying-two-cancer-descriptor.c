/* muying-two-cancer-descriptor.c: the fields of a cervical and breast ("two cancers") screening record
 *
 * The columns are those of docs/import-formats.md ("Cervical and breast screening"); the order is the
 * form's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-program-descriptor.h"
#include "muying-screening.h"

static const MuyingFieldChoice hpv[] = {
  { MUYING_HPV_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_HPV_NEGATIVE, "negative", N_("Negative"), NULL },
  { MUYING_HPV_POSITIVE, "positive", N_("Positive"), NULL },
  { MUYING_HPV_NOT_DONE, "not_done", N_("Not done"), NULL },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice cytology[] = {
  { MUYING_CYTOLOGY_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_CYTOLOGY_NILM, "NILM", "NILM", NULL },
  { MUYING_CYTOLOGY_ASC_US, "ASC-US", "ASC-US", NULL },
  { MUYING_CYTOLOGY_ASC_H, "ASC-H", "ASC-H", NULL },
  { MUYING_CYTOLOGY_LSIL, "LSIL", "LSIL", NULL },
  { MUYING_CYTOLOGY_HSIL, "HSIL", "HSIL", NULL },
  { MUYING_CYTOLOGY_SCC, "SCC", "SCC", NULL },
  { MUYING_CYTOLOGY_AGC, "AGC", "AGC", NULL },
  { MUYING_CYTOLOGY_AIS, "AIS", "AIS", NULL },
  { MUYING_CYTOLOGY_ADC, "ADC", "ADC", NULL },
  { MUYING_CYTOLOGY_UNSAT, "UNSAT", N_("Unsatisfactory sample"), NULL },
  { 0, NULL, NULL, NULL }
};

/* VIA/VILI says negative, colposcopy and the breast exam say normal; each reads the other word too. */
static const MuyingFieldChoice via_vili[] = {
  { MUYING_EXAM_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_EXAM_NORMAL, "negative", N_("Negative"), "normal" },
  { MUYING_EXAM_ABNORMAL, "abnormal", N_("Abnormal"), NULL },
  { MUYING_EXAM_NOT_DONE, "not_done", N_("Not done"), NULL },
  { 0, NULL, NULL, NULL }
};

/* A colposcopy entered later is normal or abnormal: "not done" is no result. */
static const MuyingFieldChoice normal_abnormal_done[] = {
  { MUYING_EXAM_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_EXAM_NORMAL, "normal", N_("Normal"), "negative" },
  { MUYING_EXAM_ABNORMAL, "abnormal", N_("Abnormal"), NULL },
  { MUYING_EXAM_NOT_DONE, "not_done", N_("Not done"), NULL, .not_a_result = TRUE },
  { 0, NULL, NULL, NULL }
};

/* A clinical breast exam is done or not recorded. */
static const MuyingFieldChoice normal_abnormal[] = {
  { MUYING_EXAM_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_EXAM_NORMAL, "normal", N_("Normal"), "negative" },
  { MUYING_EXAM_ABNORMAL, "abnormal", N_("Abnormal"), NULL },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice histology[] = {
  { MUYING_CERVICAL_HISTOLOGY_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_CERVICAL_HISTOLOGY_NEGATIVE, "negative", N_("Negative"), NULL },
  { MUYING_CERVICAL_HISTOLOGY_CIN1, "CIN1", "CIN1", NULL },
  { MUYING_CERVICAL_HISTOLOGY_CIN2, "CIN2", "CIN2", NULL },
  { MUYING_CERVICAL_HISTOLOGY_CIN3, "CIN3", "CIN3", NULL },
  { MUYING_CERVICAL_HISTOLOGY_AIS, "AIS", "AIS", NULL },
  { MUYING_CERVICAL_HISTOLOGY_MICRO_INVASIVE, "micro_invasive", N_("Micro-invasive carcinoma"), NULL },
  { MUYING_CERVICAL_HISTOLOGY_INVASIVE, "invasive", N_("Invasive carcinoma"), NULL },
  { 0, NULL, NULL, NULL }
};

/* A plain "4" is read as 4A (docs/import-formats.md). */
static const MuyingFieldChoice birads[] = {
  { MUYING_BIRADS_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_BIRADS_0, "0", "0", NULL },
  { MUYING_BIRADS_1, "1", "1", NULL },
  { MUYING_BIRADS_2, "2", "2", NULL },
  { MUYING_BIRADS_3, "3", "3", NULL },
  { MUYING_BIRADS_4A, "4A", "4A", "4" },
  { MUYING_BIRADS_4B, "4B", "4B", NULL },
  { MUYING_BIRADS_4C, "4C", "4C", NULL },
  { MUYING_BIRADS_5, "5", "5", NULL },
  { MUYING_BIRADS_6, "6", "6", NULL },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice breast_pathology[] = {
  { MUYING_BREAST_PATHOLOGY_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_BREAST_PATHOLOGY_BENIGN, "benign", N_("Benign"), NULL },
  { MUYING_BREAST_PATHOLOGY_ATYPICAL_HYPERPLASIA, "atypical_hyperplasia", N_("Atypical hyperplasia"), NULL },
  { MUYING_BREAST_PATHOLOGY_LCIS, "LCIS", "LCIS", NULL },
  { MUYING_BREAST_PATHOLOGY_DCIS, "DCIS", "DCIS", NULL },
  { MUYING_BREAST_PATHOLOGY_INVASIVE, "invasive", N_("Invasive carcinoma"), NULL },
  { 0, NULL, NULL, NULL }
};

static const MuyingFieldChoice stages[] = {
  { MUYING_CANCER_STAGE_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_CANCER_STAGE_0, "0", "0", NULL },
  { MUYING_CANCER_STAGE_I, "I", "I", NULL },
  { MUYING_CANCER_STAGE_II, "II", "II", NULL },
  { MUYING_CANCER_STAGE_III, "III", "III", NULL },
  { MUYING_CANCER_STAGE_IV, "IV", "IV", NULL },
  { 0, NULL, NULL, NULL }
};

/* A later result only (MUYING_FIELD_FOLLOW_ON): the record holds its choice value. */
enum
{
  TREATMENT_NOT_RECORDED, TREATMENT_LEEP, TREATMENT_CONIZATION, TREATMENT_ABLATION, TREATMENT_HYSTERECTOMY,
  TREATMENT_BREAST_SURGERY, TREATMENT_CHEMORADIOTHERAPY, TREATMENT_OTHER
};

static const MuyingFieldChoice treatments[] = {
  { TREATMENT_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { TREATMENT_LEEP, "leep", N_("LEEP"), NULL },
  { TREATMENT_CONIZATION, "conization", N_("Cold-knife conization"), NULL },
  { TREATMENT_ABLATION, "ablation", N_("Ablation (cryotherapy or laser)"), NULL },
  { TREATMENT_HYSTERECTOMY, "hysterectomy", N_("Hysterectomy"), NULL },
  { TREATMENT_BREAST_SURGERY, "breast_surgery", N_("Breast surgery"), NULL },
  { TREATMENT_CHEMORADIOTHERAPY, "chemoradiotherapy", N_("Radiotherapy or chemotherapy"), NULL },
  { TREATMENT_OTHER, "other", N_("Other treatment"), NULL },
  { 0, NULL, NULL, NULL }
};

#define ALLOWED_BIRADS "0, 1, 2, 3, 4A, 4B, 4C, 5, 6"

enum
{
  F_EXAM_NO, F_ID_NUMBER, F_NAME, F_EXAM_DATE, F_INSTITUTION, F_HPV, F_HPV_TYPES, F_CYTOLOGY,
  F_VIA_VILI, F_COLPOSCOPY, F_CERVICAL_HISTOLOGY, F_CBE, F_US_BIRADS, F_MAMMO_BIRADS,
  F_BREAST_PATHOLOGY, F_CANCER_STAGE, N_SCREENING_FIELDS, F_TREATMENT, N_FIELDS
};

#define AT(member) G_STRUCT_OFFSET (MuyingTwoCancerRecord, member)
#define REQ MUYING_FIELD_REQUIRED
#define STORED MUYING_FIELD_STORED
#define LATER MUYING_FIELD_LATER
#define SUMMARY MUYING_FIELD_SUMMARY
#define FOLLOW_ON (MUYING_FIELD_STORED | MUYING_FIELD_LATER | MUYING_FIELD_FOLLOW_ON)

static const MuyingField fields[N_FIELDS + 1] = {
  [F_EXAM_NO] = { "exam_no", "检查编号", N_("Exam no."), MUYING_FIELD_RECORD_KEY, REQ, AT (exam_no),
                  .section = N_("Woman") },
  [F_ID_NUMBER] = { "id_number", "身份证号", N_("ID number"), MUYING_FIELD_ID_NUMBER, REQ, AT (id_number),
                    .placeholder = N_("18 characters") },
  [F_NAME] = { "name", "姓名", N_("Name"), MUYING_FIELD_LINE, REQ, AT (name) },
  [F_EXAM_DATE] = { "exam_date", "检查日期", N_("Exam date"), MUYING_FIELD_DATE, REQ | MUYING_FIELD_BATCH, AT (exam_date),
                    .placeholder = "YYYY-MM-DD" },
  [F_INSTITUTION] = { "institution", "检查机构", N_("Exam institution"), MUYING_FIELD_TEXT, MUYING_FIELD_BATCH,
                      AT (institution) },
  [F_HPV] = { "hpv", "HPV结果", N_("HPV"), MUYING_FIELD_CHOICE, STORED | SUMMARY, AT (hpv), hpv,
              .allowed = "negative (阴性), positive (阳性), not_done", .section = N_("Cervix"),
              .short_label = NC_("results column", "HPV") },
  [F_HPV_TYPES] = { "hpv_types", "HPV分型", N_("HPV types"), MUYING_FIELD_HPV_TYPES, STORED, AT (hpv_types),
                    .placeholder = "16;52" },
  [F_CYTOLOGY] = { "cytology", "细胞学", N_("Cytology (TBS)"), MUYING_FIELD_CHOICE, STORED | SUMMARY, AT (cytology),
                   cytology, .allowed = "UNSAT, NILM, ASC-US, ASC-H, LSIL, HSIL, SCC, AGC, AIS, ADC" },
  [F_VIA_VILI] = { "via_vili", "VIA/VILI", N_("VIA/VILI"), MUYING_FIELD_CHOICE, STORED, AT (via_vili), via_vili,
                   .allowed = "negative, abnormal, not_done" },
  [F_COLPOSCOPY] = { "colposcopy", "阴道镜", N_("Colposcopy"), MUYING_FIELD_CHOICE, STORED | LATER, AT (colposcopy),
                     normal_abnormal_done, .allowed = "normal, abnormal, not_done" },
  [F_CERVICAL_HISTOLOGY] = { "cervical_histology", "宫颈病理", N_("Cervical histology"), MUYING_FIELD_CHOICE,
                             STORED | LATER, AT (cervical_histology), histology,
                             .allowed = "negative, CIN1, CIN2, CIN3, AIS, micro_invasive, invasive" },
  [F_CBE] = { "cbe", "乳腺触诊", N_("Clinical breast exam"), MUYING_FIELD_CHOICE, STORED, AT (cbe), normal_abnormal,
              .allowed = "normal, abnormal", .section = N_("Breast") },
  [F_US_BIRADS] = { "us_birads", "乳腺超声BI-RADS", N_("Ultrasound BI-RADS"), MUYING_FIELD_CHOICE,
                    STORED | LATER | SUMMARY, AT (us_birads), birads, MUYING_CHOICE_BIRADS, .allowed = ALLOWED_BIRADS,
                    .short_label = NC_("results column", "US") },
  [F_MAMMO_BIRADS] = { "mammo_birads", "钼靶BI-RADS", N_("Mammography BI-RADS"), MUYING_FIELD_CHOICE,
                       STORED | LATER | SUMMARY, AT (mammo_birads), birads, MUYING_CHOICE_BIRADS,
                       .allowed = ALLOWED_BIRADS, .short_label = NC_("results column", "MG") },
  [F_BREAST_PATHOLOGY] = { "breast_pathology", "乳腺病理", N_("Breast pathology"), MUYING_FIELD_CHOICE, STORED | LATER,
                           AT (breast_pathology), breast_pathology,
                           .allowed = "benign, atypical_hyperplasia, LCIS, DCIS, invasive" },
  [F_CANCER_STAGE] = { "cancer_stage", "分期", N_("Cancer stage"), MUYING_FIELD_CHOICE, STORED | LATER,
                       AT (cancer_stage), stages, MUYING_CHOICE_STAGE, .allowed = "0, I, II, III, IV" },
  [F_TREATMENT] = { "treatment", "治疗方式", N_("Treatment"), MUYING_FIELD_CHOICE, FOLLOW_ON, AT (treatment), treatments,
                    .allowed = "leep, conization, ablation, hysterectomy, breast_surgery, chemoradiotherapy, other" },
  [N_SCREENING_FIELDS] = { NULL },   /* the end of .fields; .follow_on starts after it */
  [N_FIELDS] = { NULL },
};

#undef AT
#undef REQ
#undef STORED
#undef LATER
#undef SUMMARY
#undef FOLLOW_ON

/* ---- canonical keys of the two-cancer enumerations ------------------------------------------------ */

MUYING_FIELD_DEFINE_KEYS (MuyingHpv, hpv, &fields[F_HPV])
MUYING_FIELD_DEFINE_KEYS (MuyingCytology, cytology, &fields[F_CYTOLOGY])
MUYING_FIELD_DEFINE_KEYS (MuyingCervicalHistology, cervical_histology, &fields[F_CERVICAL_HISTOLOGY])
MUYING_FIELD_DEFINE_KEYS (MuyingBirads, birads, &fields[F_US_BIRADS])
MUYING_FIELD_DEFINE_KEYS (MuyingBreastPathology, breast_pathology, &fields[F_BREAST_PATHOLOGY])
MUYING_FIELD_DEFINE_KEYS (MuyingCancerStage, cancer_stage, &fields[F_CANCER_STAGE])


const char *
muying_exam_result_to_string (MuyingExamResult value,
                              gboolean         negative_word)
{
  return muying_field_choice_key (&fields[negative_word ? F_VIA_VILI : F_COLPOSCOPY], (int) value);
}

/* Both "negative" and "normal" read as NORMAL, whichever field they come from. */
gboolean
muying_exam_result_from_string (const char       *text,
                                MuyingExamResult *value)
{
  int v;

  g_return_val_if_fail (value != NULL, FALSE);
  if (!muying_field_choice_from_key (&fields[F_COLPOSCOPY], text, &v))
    return FALSE;
  *value = (MuyingExamResult) v;
  return TRUE;
}

/* ---- life cycle -------------------------------------------------------------------------------- */

MuyingTwoCancerRecord *
muying_two_cancer_record_new (void)
{
  MuyingTwoCancerRecord *record = g_new0 (MuyingTwoCancerRecord, 1);

  g_date_clear (&record->birth_date, 1);
  muying_fields_clear_record (fields, N_FIELDS, record);
  return record;
}

void
muying_two_cancer_record_free (MuyingTwoCancerRecord *record)
{
  if (record == NULL)
    return;
  muying_fields_free_members (fields, N_FIELDS, record);
  g_free (record);
}

/* ---- what one column cannot check alone -------------------------------------------------------- */

static void
check_two_cancer (gpointer                data,
                  const MuyingFieldCheck *check)
{
  MuyingTwoCancerRecord *r = data;

  if (r->hpv_types != 0 && r->hpv != MUYING_HPV_POSITIVE)
    check->problem (&fields[F_HPV_TYPES], _("HPV types are given but the HPV result is not positive"), check->data);
  if (r->cancer_stage != MUYING_CANCER_STAGE_NOT_RECORDED &&
      r->cervical_histology != MUYING_CERVICAL_HISTOLOGY_MICRO_INVASIVE &&
      r->cervical_histology != MUYING_CERVICAL_HISTOLOGY_INVASIVE &&
      r->breast_pathology != MUYING_BREAST_PATHOLOGY_DCIS &&
      r->breast_pathology != MUYING_BREAST_PATHOLOGY_INVASIVE)
    check->problem (&fields[F_CANCER_STAGE], _("A stage is given but neither pathology column reports a cancer"),
                    check->data);
}

/* The order of MuyingResultKind; the rules read the findings, not the stage or the treatment. */
static const MuyingResultDescriptor results[] = {
  { "colposcopy", .reclassifies = TRUE },
  { "cervical_histology", .reclassifies = TRUE },
  { "us_birads", .reclassifies = TRUE },
  { "mammo_birads", .reclassifies = TRUE },
  { "breast_pathology", .reclassifies = TRUE },
  { "cancer_stage" },
  { "treatment" },
  { NULL },
};

const MuyingProgramDescriptor muying_two_cancer_descriptor = {
  .program = MUYING_PROGRAM_TWO_CANCER,
  .table = "two_cancer",
  .fields = fields,
  .follow_on = &fields[N_SCREENING_FIELDS + 1],
  .key_field = "exam_no",
  .id_field = "id_number",
  .name_field = "name",
  .date_field = "exam_date",
  .min_age = 12,
  .max_age = 120,
  .record_new = (gpointer (*) (void)) muying_two_cancer_record_new,
  .record_free = (void (*) (gpointer)) muying_two_cancer_record_free,
  .check = check_two_cancer,
  .results = results,
};
