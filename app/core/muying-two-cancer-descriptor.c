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

#include "muying-common-choices.h"
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

/* The stage of one track (宫颈癌分期, 乳腺癌分期) may name the sub-stages of I. */
static const MuyingFieldChoice track_stages[] = {
  { MUYING_CANCER_STAGE_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_CANCER_STAGE_0, "0", "0", NULL },
  { MUYING_CANCER_STAGE_I, "I", "I", NULL },
  { MUYING_CANCER_STAGE_IA, "IA", "IA", NULL },
  { MUYING_CANCER_STAGE_IB, "IB", "IB", NULL },
  { MUYING_CANCER_STAGE_II, "II", "II", NULL },
  { MUYING_CANCER_STAGE_III, "III", "III", NULL },
  { MUYING_CANCER_STAGE_IV, "IV", "IV", NULL },
  { 0, NULL, NULL, NULL }
};

/* A treatment of either track; "none" is recorded, but it is no later result. */
static const MuyingFieldChoice treatments[] = {
  { MUYING_TREATMENT_NOT_RECORDED, "", N_("Not recorded"), NULL },
  { MUYING_TREATMENT_NONE, "none", N_("Not treated"), NULL, .not_a_result = TRUE },
  { MUYING_TREATMENT_LEEP, "leep", N_("LEEP"), NULL },
  { MUYING_TREATMENT_COLD_KNIFE_CONE, "cold_knife_cone", N_("Cold-knife conization"), NULL },
  { MUYING_TREATMENT_ABLATION, "ablation", N_("Ablation (cryotherapy or laser)"), NULL },
  { MUYING_TREATMENT_HYSTERECTOMY, "hysterectomy", N_("Hysterectomy"), NULL },
  { MUYING_TREATMENT_SURGERY, "surgery", N_("Surgery"), NULL },
  { MUYING_TREATMENT_CHEMO_RADIO, "chemo_radio", N_("Radiotherapy or chemotherapy"), NULL },
  { MUYING_TREATMENT_OTHER, "other", N_("Other treatment"), NULL },
  { 0, NULL, NULL, NULL }
};

#define ALLOWED_TREATMENT "none (未治疗), leep, cold_knife_cone (冷刀锥切), ablation (物理治疗), " \
                          "hysterectomy (子宫切除), surgery (手术), chemo_radio (放化疗), other (其他)"
#define ALLOWED_TRACK_STAGE "0, I, IA, IB, II, III, IV"

#define ALLOWED_BIRADS "0, 1, 2, 3, 4A, 4B, 4C, 5, 6"

enum
{
  F_EXAM_NO, F_ID_NUMBER, F_NAME, F_EXAM_DATE, F_INSTITUTION, F_HPV, F_HPV_TYPES, F_CYTOLOGY, F_VISIBLE_LESION,
  F_VIA_VILI, F_COLPOSCOPY,
  F_BIOPSY_DATE, F_CERVICAL_HISTOLOGY, F_CERVICAL_STAGE, F_CERVICAL_TREATMENT, F_CERVICAL_TREATMENT_DATE, F_CBE,
  F_US_BIRADS, F_US_BIRADS_LEFT, F_US_BIRADS_RIGHT, F_MAMMO_BIRADS, F_MAMMO_BIRADS_LEFT, F_MAMMO_BIRADS_RIGHT,
  F_BREAST_PATHOLOGY, F_BREAST_STAGE, F_BREAST_TREATMENT, F_BREAST_TREATMENT_DATE, F_AREA_CODE, F_FUNDING,
  F_RESIDENCE, F_DIBAO, F_HYSTERECTOMY, F_CANCER_STAGE, N_FIELDS
};

#define AT(member) G_STRUCT_OFFSET (MuyingTwoCancerRecord, member)
#define REQ MUYING_FIELD_REQUIRED
#define STORED MUYING_FIELD_STORED
#define LATER MUYING_FIELD_LATER
#define SUMMARY MUYING_FIELD_SUMMARY

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
  [F_VISIBLE_LESION] = { "visible_lesion", "肉眼可见病灶", N_("Visible lesion"), MUYING_FIELD_CHOICE, STORED,
                         AT (visible_lesion), muying_yes_no_choices, .allowed = MUYING_ALLOWED_YES_NO },
  [F_VIA_VILI] = { "via_vili", "VIA/VILI", N_("VIA/VILI"), MUYING_FIELD_CHOICE, STORED, AT (via_vili), via_vili,
                   .allowed = "negative, abnormal, not_done" },
  [F_COLPOSCOPY] = { "colposcopy", "阴道镜", N_("Colposcopy"), MUYING_FIELD_CHOICE, STORED | LATER, AT (colposcopy),
                     normal_abnormal_done, .allowed = "normal, abnormal, not_done" },
  [F_BIOPSY_DATE] = { "biopsy_date", "活检日期", N_("Biopsy date"), MUYING_FIELD_DATE, STORED, AT (biopsy_date),
                      .placeholder = "YYYY-MM-DD" },
  [F_CERVICAL_HISTOLOGY] = { "cervical_histology", "宫颈病理", N_("Cervical histology"), MUYING_FIELD_CHOICE,
                             STORED | LATER, AT (cervical_histology), histology,
                             .allowed = "negative, CIN1, CIN2, CIN3, AIS, micro_invasive, invasive" },
  [F_CERVICAL_STAGE] = { "cervical_stage", "宫颈癌分期", N_("Cervical cancer stage"), MUYING_FIELD_CHOICE,
                         STORED | LATER, AT (cervical_stage), track_stages, MUYING_CHOICE_STAGE,
                         .allowed = ALLOWED_TRACK_STAGE },
  [F_CERVICAL_TREATMENT] = { "cervical_treatment", "宫颈治疗", N_("Cervical treatment"), MUYING_FIELD_CHOICE,
                             STORED | LATER, AT (cervical_treatment), treatments, .allowed = ALLOWED_TREATMENT },
  [F_CERVICAL_TREATMENT_DATE] = { "cervical_treatment_date", "宫颈治疗日期", N_("Cervical treatment date"),
                                  MUYING_FIELD_DATE, STORED | LATER, AT (cervical_treatment_date),
                                  .placeholder = "YYYY-MM-DD" },
  [F_CBE] = { "cbe", "乳腺触诊", N_("Clinical breast exam"), MUYING_FIELD_CHOICE, STORED, AT (cbe), normal_abnormal,
              .allowed = "normal, abnormal", .section = N_("Breast") },
  [F_US_BIRADS] = { "us_birads", "乳腺超声BI-RADS", N_("Ultrasound BI-RADS"), MUYING_FIELD_CHOICE,
                    STORED | LATER | SUMMARY, AT (us_birads), birads, MUYING_CHOICE_BIRADS, .allowed = ALLOWED_BIRADS,
                    .short_label = NC_("results column", "US") },
  [F_US_BIRADS_LEFT] = { "us_birads_left", "左乳超声BI-RADS", N_("Ultrasound BI-RADS, left breast"),
                         MUYING_FIELD_CHOICE, STORED, AT (us_birads_left), birads, MUYING_CHOICE_BIRADS,
                         .allowed = ALLOWED_BIRADS },
  [F_US_BIRADS_RIGHT] = { "us_birads_right", "右乳超声BI-RADS", N_("Ultrasound BI-RADS, right breast"),
                          MUYING_FIELD_CHOICE, STORED, AT (us_birads_right), birads, MUYING_CHOICE_BIRADS,
                          .allowed = ALLOWED_BIRADS },
  [F_MAMMO_BIRADS] = { "mammo_birads", "钼靶BI-RADS", N_("Mammography BI-RADS"), MUYING_FIELD_CHOICE,
                       STORED | LATER | SUMMARY, AT (mammo_birads), birads, MUYING_CHOICE_BIRADS,
                       .allowed = ALLOWED_BIRADS, .short_label = NC_("results column", "MG") },
  [F_MAMMO_BIRADS_LEFT] = { "mammo_birads_left", "左乳钼靶BI-RADS", N_("Mammography BI-RADS, left breast"),
                            MUYING_FIELD_CHOICE, STORED, AT (mammo_birads_left), birads, MUYING_CHOICE_BIRADS,
                            .allowed = ALLOWED_BIRADS },
  [F_MAMMO_BIRADS_RIGHT] = { "mammo_birads_right", "右乳钼靶BI-RADS", N_("Mammography BI-RADS, right breast"),
                             MUYING_FIELD_CHOICE, STORED, AT (mammo_birads_right), birads, MUYING_CHOICE_BIRADS,
                             .allowed = ALLOWED_BIRADS },
  [F_BREAST_PATHOLOGY] = { "breast_pathology", "乳腺病理", N_("Breast pathology"), MUYING_FIELD_CHOICE, STORED | LATER,
                           AT (breast_pathology), breast_pathology,
                           .allowed = "benign, atypical_hyperplasia, LCIS, DCIS, invasive" },
  [F_BREAST_STAGE] = { "breast_stage", "乳腺癌分期", N_("Breast cancer stage"), MUYING_FIELD_CHOICE, STORED | LATER,
                       AT (breast_stage), track_stages, MUYING_CHOICE_STAGE, .allowed = ALLOWED_TRACK_STAGE },
  [F_BREAST_TREATMENT] = { "breast_treatment", "乳腺治疗", N_("Breast treatment"), MUYING_FIELD_CHOICE, STORED | LATER,
                           AT (breast_treatment), treatments, .allowed = ALLOWED_TREATMENT },
  [F_BREAST_TREATMENT_DATE] = { "breast_treatment_date", "乳腺治疗日期", N_("Breast treatment date"),
                                MUYING_FIELD_DATE, STORED | LATER, AT (breast_treatment_date),
                                .placeholder = "YYYY-MM-DD" },
  [F_AREA_CODE] = { "area_code", "居住地区划代码", N_("Area code of residence"), MUYING_FIELD_AREA_CODE, STORED,
                    AT (area_code), .placeholder = N_("6 digits, e.g. 500101"), .section = N_("Background") },
  [F_FUNDING] = { "funding", "资金来源", N_("Funding"), MUYING_FIELD_CHOICE, STORED, AT (funding),
                  muying_funding_choices, .allowed = MUYING_ALLOWED_FUNDING },
  [F_RESIDENCE] = { "residence", "户籍类型", N_("Residence"), MUYING_FIELD_CHOICE, STORED, AT (residence),
                    muying_residence_choices, .allowed = MUYING_ALLOWED_RESIDENCE, .column_also = "居住地类型" },
  [F_DIBAO] = { "dibao", "低保", N_("Minimum living support (dibao)"), MUYING_FIELD_CHOICE, STORED, AT (dibao),
                muying_yes_no_choices, .allowed = MUYING_ALLOWED_YES_NO },
  [F_HYSTERECTOMY] = { "hysterectomy", "子宫切除史", N_("Previous hysterectomy"), MUYING_FIELD_CHOICE, STORED,
                       AT (hysterectomy), muying_yes_no_choices, .allowed = MUYING_ALLOWED_YES_NO },
  /* An import column only (files of before the two tracks): the check writes it to the stage of the
   * track with the cancer. Not stored (the table's old column is no longer read), not on the form. */
  [F_CANCER_STAGE] = { "cancer_stage", "分期", N_("Cancer stage"), MUYING_FIELD_CHOICE, MUYING_FIELD_IMPORT_ONLY,
                       AT (cancer_stage), stages, MUYING_CHOICE_STAGE, .allowed = "0, I, II, III, IV" },
  [N_FIELDS] = { NULL },
};

#undef AT
#undef REQ
#undef STORED
#undef LATER
#undef SUMMARY

/* ---- canonical keys of the two-cancer enumerations ------------------------------------------------ */

MUYING_FIELD_DEFINE_KEYS (MuyingHpv, hpv, &fields[F_HPV])
MUYING_FIELD_DEFINE_KEYS (MuyingCytology, cytology, &fields[F_CYTOLOGY])
MUYING_FIELD_DEFINE_KEYS (MuyingCervicalHistology, cervical_histology, &fields[F_CERVICAL_HISTOLOGY])
MUYING_FIELD_DEFINE_KEYS (MuyingBirads, birads, &fields[F_US_BIRADS])
MUYING_FIELD_DEFINE_KEYS (MuyingBreastPathology, breast_pathology, &fields[F_BREAST_PATHOLOGY])
/* Every stage, the sub-stages of I included, is a key of a track's stage. */
MUYING_FIELD_DEFINE_KEYS (MuyingCancerStage, cancer_stage, &fields[F_CERVICAL_STAGE])
MUYING_FIELD_DEFINE_KEYS (MuyingTreatment, treatment, &fields[F_CERVICAL_TREATMENT])


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

/* ---- the worse of two breasts ----------------------------------------------------------------- */

/* The order of concern: 1 < 2 < 3 < 0 < 4A < 4B < 4C < 5 < 6 (docs/import-formats.md). */
static int
birads_rank (MuyingBirads b)
{
  switch (b)
    {
    case MUYING_BIRADS_1: return 1;
    case MUYING_BIRADS_2: return 2;
    case MUYING_BIRADS_3: return 3;
    case MUYING_BIRADS_0: return 4;
    case MUYING_BIRADS_4A: return 5;
    case MUYING_BIRADS_4B: return 6;
    case MUYING_BIRADS_4C: return 7;
    case MUYING_BIRADS_5: return 8;
    case MUYING_BIRADS_6: return 9;
    case MUYING_BIRADS_NOT_RECORDED:
    default:
      return 0;
    }
}

MuyingBirads
muying_birads_worse (MuyingBirads a,
                     MuyingBirads b)
{
  return birads_rank (b) > birads_rank (a) ? b : a;
}

/* ---- what one column cannot check alone -------------------------------------------------------- */

static void
problem (const MuyingFieldCheck *check,
         int                     field,
         const char             *message)
{
  check->problem (&fields[field], message, check->data);
}

static gboolean
given (const MuyingFieldCheck *check,
       int                     field)
{
  return check->given (&fields[field], check->data);
}

/* The single column of an exam (us_birads) is the worse breast: derived from the sides when it is
 * empty, and it may not contradict them. */
static void
check_sides (MuyingTwoCancerRecord  *r,
             const MuyingFieldCheck *check,
             int                     single,
             int                     left,
             int                     right)
{
  MuyingBirads *value = G_STRUCT_MEMBER_P (r, fields[single].offset);
  MuyingBirads l = G_STRUCT_MEMBER (MuyingBirads, r, fields[left].offset);
  MuyingBirads rt = G_STRUCT_MEMBER (MuyingBirads, r, fields[right].offset);
  MuyingBirads worse = muying_birads_worse (l, rt);
  g_autofree char *message = NULL;

  if (worse == MUYING_BIRADS_NOT_RECORDED)
    return;
  if (!given (check, single))
    {
      *value = worse;
      return;
    }
  if (!check->valid (&fields[single], check->data))
    return;
  /* Both sides known: the single column is the worse one. One side known: it is at least as bad. */
  if ((l != MUYING_BIRADS_NOT_RECORDED && rt != MUYING_BIRADS_NOT_RECORDED && *value != worse) ||
      birads_rank (*value) < birads_rank (worse))
    {
      /* TRANSLATORS: %s is a field's label, then the BI-RADS category of the worse breast ("4A") */
      message = g_strdup_printf (_("%s must be the worse breast (%s) when the left and right results are given; "
                                   "leave it empty to have it derived"),
                                 _(fields[single].label), muying_birads_to_string (worse));
      problem (check, single, message);
    }
}

static gboolean
cervical_cancer (const MuyingTwoCancerRecord *r)
{
  return r->cervical_histology == MUYING_CERVICAL_HISTOLOGY_MICRO_INVASIVE ||
         r->cervical_histology == MUYING_CERVICAL_HISTOLOGY_INVASIVE;
}

static gboolean
breast_cancer (const MuyingTwoCancerRecord *r)
{
  return r->breast_pathology == MUYING_BREAST_PATHOLOGY_DCIS || r->breast_pathology == MUYING_BREAST_PATHOLOGY_INVASIVE;
}

/* The old single stage column goes to the track with the cancer (the cervix when both have one and
 * neither stage is given). */
static void
route_cancer_stage (MuyingTwoCancerRecord  *r,
                    const MuyingFieldCheck *check)
{
  gboolean cervix = cervical_cancer (r), breast = breast_cancer (r);
  MuyingCancerStage *target = NULL;
  int target_field = F_CERVICAL_STAGE;

  if (r->cancer_stage == MUYING_CANCER_STAGE_NOT_RECORDED)
    return;
  if (!cervix && !breast)
    {
      problem (check, F_CANCER_STAGE, _("A stage is given but neither pathology column reports a cancer"));
      return;
    }
  if (cervix && (!breast || r->cervical_stage == MUYING_CANCER_STAGE_NOT_RECORDED ||
                 r->cervical_stage == r->cancer_stage))
    target = &r->cervical_stage;
  else
    {
      target = &r->breast_stage;
      target_field = F_BREAST_STAGE;
    }
  if (*target == MUYING_CANCER_STAGE_NOT_RECORDED)
    *target = r->cancer_stage;
  else if (*target != r->cancer_stage)
    {
      g_autofree char *message = g_strdup_printf (_("The stage differs from the %s given"), _(fields[target_field].label));

      problem (check, F_CANCER_STAGE, message);
    }
}

/* A track's stage needs its cancer; its treatment needs a date, and the dates follow the exam. */
static void
check_track (MuyingTwoCancerRecord  *r,
             const MuyingFieldCheck *check,
             gboolean                has_cancer,
             int                     stage,
             int                     treatment,
             int                     treatment_date,
             const char             *no_cancer)
{
  MuyingTreatment t = G_STRUCT_MEMBER (MuyingTreatment, r, fields[treatment].offset);
  const GDate *date = G_STRUCT_MEMBER_P (r, fields[treatment_date].offset);

  if (G_STRUCT_MEMBER (MuyingCancerStage, r, fields[stage].offset) != MUYING_CANCER_STAGE_NOT_RECORDED && !has_cancer)
    problem (check, stage, no_cancer);
  if (given (check, treatment) && !check->valid (&fields[treatment], check->data))
    return;   /* the treatment's own problem is reported */
  if (t != MUYING_TREATMENT_NOT_RECORDED && t != MUYING_TREATMENT_NONE && !g_date_valid (date) &&
      !given (check, treatment_date))
    problem (check, treatment_date, _("A treatment needs its date"));
  else if (g_date_valid (date) && (t == MUYING_TREATMENT_NOT_RECORDED || t == MUYING_TREATMENT_NONE))
    problem (check, treatment_date, _("A treatment date is given without a treatment"));
  if (g_date_valid (date) && g_date_valid (&r->exam_date) && g_date_compare (date, &r->exam_date) < 0)
    problem (check, treatment_date, _("The treatment cannot be before the exam date"));
}

static void
check_two_cancer (gpointer                data,
                  const MuyingFieldCheck *check)
{
  MuyingTwoCancerRecord *r = data;

  if (r->hpv_types != 0 && r->hpv != MUYING_HPV_POSITIVE)
    problem (check, F_HPV_TYPES, _("HPV types are given but the HPV result is not positive"));
  check_sides (r, check, F_US_BIRADS, F_US_BIRADS_LEFT, F_US_BIRADS_RIGHT);
  check_sides (r, check, F_MAMMO_BIRADS, F_MAMMO_BIRADS_LEFT, F_MAMMO_BIRADS_RIGHT);
  if (g_date_valid (&r->biopsy_date) && g_date_valid (&r->exam_date) &&
      g_date_compare (&r->biopsy_date, &r->exam_date) < 0)
    problem (check, F_BIOPSY_DATE, _("The biopsy cannot be before the exam date"));
  route_cancer_stage (r, check);
  check_track (r, check, cervical_cancer (r), F_CERVICAL_STAGE, F_CERVICAL_TREATMENT, F_CERVICAL_TREATMENT_DATE,
               _("A cervical cancer stage is given but the cervical histology reports no cancer"));
  check_track (r, check, breast_cancer (r), F_BREAST_STAGE, F_BREAST_TREATMENT, F_BREAST_TREATMENT_DATE,
               _("A breast cancer stage is given but the breast pathology reports no cancer"));
}

/* The order of MuyingResultKind; the rules read the findings, not the stages or the treatments. A
 * treatment's date is the result's. */
static const MuyingResultDescriptor results[] = {
  { "colposcopy", .reclassifies = TRUE },
  { "cervical_histology", .reclassifies = TRUE },
  { "us_birads", .reclassifies = TRUE },
  { "mammo_birads", .reclassifies = TRUE },
  { "breast_pathology", .reclassifies = TRUE },
  { "cervical_stage" },
  { "breast_stage" },
  { "cervical_treatment", .date_field = "cervical_treatment_date" },
  { "breast_treatment", .date_field = "breast_treatment_date" },
  { NULL },
};

const MuyingProgramDescriptor muying_two_cancer_descriptor = {
  .program = MUYING_PROGRAM_TWO_CANCER,
  .table = "two_cancer",
  .fields = fields,
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
