/* muying-form-fields.c: the fields of each programme's entry form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-form-fields.h"

static const MuyingFormChoice test_types[] = {
  { "early_combined", N_("Early combined (9+0 to 13+6 weeks)") },
  { "mid_double", N_("Mid-trimester double (15+0 to 20+6)") },
  { "mid_triple", N_("Mid-trimester triple (15+0 to 20+6)") },
  { "mid_quad", N_("Mid-trimester quadruple (15+0 to 20+6)") },
  { "nipt", N_("NIPT (12+0 to 22+6)") },
  { NULL, NULL }
};

static const MuyingFormChoice nipt_calls[] = {
  { "", N_("Not reported") },
  { "low", N_("Low risk") },
  { "high", N_("High risk") },
  { NULL, NULL }
};

static const MuyingFormChoice nipt_sca[] = {
  { "", N_("Not reported") },
  { "none", N_("None") },
  { "detected", N_("Detected") },
  { NULL, NULL }
};

static const MuyingFormChoice nipt_status[] = {
  { "", N_("Not reported") },
  { "ok", N_("Test succeeded") },
  { "fail", N_("Test failed, redraw needed") },
  { NULL, NULL }
};

static const MuyingFormChoice sexes[] = {
  { "1", N_("Male") },
  { "2", N_("Female") },
  { NULL, NULL }
};

static const MuyingFormChoice panels[] = {
  { "4", N_("4 loci") },
  { "9", N_("9 loci") },
  { "15", N_("15 loci") },
  { NULL, NULL }
};

static const MuyingFormChoice hearing_initial[] = {
  { "pass", N_("Pass") },
  { "refer", N_("Refer") },
  { "not_done", N_("Not screened") },
  { NULL, NULL }
};

static const MuyingFormChoice hearing_rescreen[] = {
  { "", N_("Not rescreened") },
  { "pass", N_("Pass") },
  { "refer", N_("Refer") },
  { NULL, NULL }
};

static const MuyingFormChoice hpv[] = {
  { "", N_("Not recorded") },
  { "negative", N_("Negative") },
  { "positive", N_("Positive") },
  { "not_done", N_("Not done") },
  { NULL, NULL }
};

static const MuyingFormChoice cytology[] = {
  { "", N_("Not recorded") },
  { "NILM", "NILM" },
  { "ASC-US", "ASC-US" },
  { "ASC-H", "ASC-H" },
  { "LSIL", "LSIL" },
  { "HSIL", "HSIL" },
  { "SCC", "SCC" },
  { "AGC", "AGC" },
  { "AIS", "AIS" },
  { "ADC", "ADC" },
  { "UNSAT", N_("Unsatisfactory sample") },
  { NULL, NULL }
};

static const MuyingFormChoice via_vili[] = {
  { "", N_("Not recorded") },
  { "negative", N_("Negative") },
  { "abnormal", N_("Abnormal") },
  { "not_done", N_("Not done") },
  { NULL, NULL }
};

static const MuyingFormChoice normal_abnormal_done[] = {
  { "", N_("Not recorded") },
  { "normal", N_("Normal") },
  { "abnormal", N_("Abnormal") },
  { "not_done", N_("Not done") },
  { NULL, NULL }
};

static const MuyingFormChoice normal_abnormal[] = {
  { "", N_("Not recorded") },
  { "normal", N_("Normal") },
  { "abnormal", N_("Abnormal") },
  { NULL, NULL }
};

static const MuyingFormChoice histology[] = {
  { "", N_("Not recorded") },
  { "negative", N_("Negative") },
  { "CIN1", "CIN1" },
  { "CIN2", "CIN2" },
  { "CIN3", "CIN3" },
  { "AIS", "AIS" },
  { "micro_invasive", N_("Micro-invasive carcinoma") },
  { "invasive", N_("Invasive carcinoma") },
  { NULL, NULL }
};

static const MuyingFormChoice birads[] = {
  { "", N_("Not recorded") },
  { "0", "0" }, { "1", "1" }, { "2", "2" }, { "3", "3" },
  { "4A", "4A" }, { "4B", "4B" }, { "4C", "4C" }, { "5", "5" }, { "6", "6" },
  { NULL, NULL }
};

static const MuyingFormChoice breast_pathology[] = {
  { "", N_("Not recorded") },
  { "benign", N_("Benign") },
  { "atypical_hyperplasia", N_("Atypical hyperplasia") },
  { "LCIS", "LCIS" },
  { "DCIS", "DCIS" },
  { "invasive", N_("Invasive carcinoma") },
  { NULL, NULL }
};

static const MuyingFormChoice stages[] = {
  { "", N_("Not recorded") },
  { "0", "0" }, { "I", "I" }, { "II", "II" }, { "III", "III" }, { "IV", "IV" },
  { NULL, NULL }
};

static const MuyingFormField prenatal_fields[] = {
  { "sample_no", N_("Sample no."), MUYING_FORM_TEXT, TRUE, NULL, NULL, N_("Woman") },
  { "id_number", N_("ID number"), MUYING_FORM_TEXT, TRUE, NULL, N_("18 characters"), NULL },
  { "name", N_("Name"), MUYING_FORM_TEXT, TRUE, NULL, NULL, NULL },
  { "phone", N_("Phone"), MUYING_FORM_TEXT, FALSE, NULL, NULL, NULL },
  { "institution", N_("Screening institution"), MUYING_FORM_TEXT, FALSE, NULL, NULL, NULL },
  { "sample_date", N_("Sample date"), MUYING_FORM_DATE, TRUE, NULL, "YYYY-MM-DD", N_("Test") },
  { "test_type", N_("Test"), MUYING_FORM_CHOICE, TRUE, test_types, NULL, NULL },
  { "ga_weeks", N_("Gestation (weeks)"), MUYING_FORM_NUMBER, TRUE, NULL, NULL, NULL },
  { "ga_days", N_("Gestation (days)"), MUYING_FORM_NUMBER, TRUE, NULL, "0–6", NULL },
  { "edd", N_("Expected delivery date"), MUYING_FORM_DATE, FALSE, NULL, N_("computed when empty"), NULL },
  { "weight_kg", N_("Weight (kg)"), MUYING_FORM_NUMBER, FALSE, NULL, NULL, NULL },
  { "t21_risk", N_("Trisomy 21 risk"), MUYING_FORM_TEXT, FALSE, NULL, "1/N", N_("Results") },
  { "t18_risk", N_("Trisomy 18 risk"), MUYING_FORM_TEXT, FALSE, NULL, "1/N", NULL },
  { "afp_mom", N_("AFP MoM"), MUYING_FORM_NUMBER, FALSE, NULL, NULL, NULL },
  { "nt_mm", N_("NT (mm)"), MUYING_FORM_NUMBER, FALSE, NULL, NULL, NULL },
  { "nipt_t21", N_("NIPT trisomy 21"), MUYING_FORM_CHOICE, FALSE, nipt_calls, NULL, NULL },
  { "nipt_t18", N_("NIPT trisomy 18"), MUYING_FORM_CHOICE, FALSE, nipt_calls, NULL, NULL },
  { "nipt_t13", N_("NIPT trisomy 13"), MUYING_FORM_CHOICE, FALSE, nipt_calls, NULL, NULL },
  { "nipt_sca", N_("Sex-chromosome aneuploidy"), MUYING_FORM_CHOICE, FALSE, nipt_sca, NULL, NULL },
  { "nipt_status", N_("NIPT test status"), MUYING_FORM_CHOICE, FALSE, nipt_status, NULL, NULL },
  { NULL }
};

static const MuyingFormField newborn_fields[] = {
  { "sample_no", N_("Sample no."), MUYING_FORM_TEXT, TRUE, NULL, NULL, N_("Mother") },
  { "mother_id_number", N_("Mother's ID number"), MUYING_FORM_TEXT, TRUE, NULL, N_("18 characters"), NULL },
  { "mother_name", N_("Mother's name"), MUYING_FORM_TEXT, TRUE, NULL, NULL, NULL },
  { "baby_name", N_("Baby's name"), MUYING_FORM_TEXT, FALSE, NULL, NULL, N_("Newborn") },
  { "sex", N_("Sex"), MUYING_FORM_CHOICE, TRUE, sexes, NULL, NULL },
  { "birth_date", N_("Birth date"), MUYING_FORM_DATE, TRUE, NULL, "YYYY-MM-DD", NULL },
  { "hospital", N_("Birth hospital"), MUYING_FORM_TEXT, FALSE, NULL, NULL, NULL },
  { "panel", N_("Gene panel"), MUYING_FORM_CHOICE, TRUE, panels, NULL, N_("Deafness genes") },
  { "variants", N_("Variants found"), MUYING_FORM_TEXT, FALSE, NULL, "GJB2:c.235delC:het", NULL },
  { "hearing_left", N_("Initial screen, left ear"), MUYING_FORM_CHOICE, TRUE, hearing_initial, NULL, N_("Hearing") },
  { "hearing_right", N_("Initial screen, right ear"), MUYING_FORM_CHOICE, TRUE, hearing_initial, NULL, NULL },
  { "hearing_date", N_("Initial screen date"), MUYING_FORM_DATE, FALSE, NULL, "YYYY-MM-DD", NULL },
  { "rescreen_left", N_("Rescreen, left ear"), MUYING_FORM_CHOICE, FALSE, hearing_rescreen, NULL, NULL },
  { "rescreen_right", N_("Rescreen, right ear"), MUYING_FORM_CHOICE, FALSE, hearing_rescreen, NULL, NULL },
  { "rescreen_date", N_("Rescreen date"), MUYING_FORM_DATE, FALSE, NULL, "YYYY-MM-DD", NULL },
  { NULL }
};

static const MuyingFormField two_cancer_fields[] = {
  { "exam_no", N_("Exam no."), MUYING_FORM_TEXT, TRUE, NULL, NULL, N_("Woman") },
  { "id_number", N_("ID number"), MUYING_FORM_TEXT, TRUE, NULL, N_("18 characters"), NULL },
  { "name", N_("Name"), MUYING_FORM_TEXT, TRUE, NULL, NULL, NULL },
  { "exam_date", N_("Exam date"), MUYING_FORM_DATE, TRUE, NULL, "YYYY-MM-DD", NULL },
  { "institution", N_("Exam institution"), MUYING_FORM_TEXT, FALSE, NULL, NULL, NULL },
  { "hpv", N_("HPV"), MUYING_FORM_CHOICE, FALSE, hpv, NULL, N_("Cervix") },
  { "hpv_types", N_("HPV types"), MUYING_FORM_TEXT, FALSE, NULL, "16;52", NULL },
  { "cytology", N_("Cytology (TBS)"), MUYING_FORM_CHOICE, FALSE, cytology, NULL, NULL },
  { "via_vili", N_("VIA/VILI"), MUYING_FORM_CHOICE, FALSE, via_vili, NULL, NULL },
  { "colposcopy", N_("Colposcopy"), MUYING_FORM_CHOICE, FALSE, normal_abnormal_done, NULL, NULL },
  { "cervical_histology", N_("Cervical histology"), MUYING_FORM_CHOICE, FALSE, histology, NULL, NULL },
  { "cbe", N_("Clinical breast exam"), MUYING_FORM_CHOICE, FALSE, normal_abnormal, NULL, N_("Breast") },
  { "us_birads", N_("Ultrasound BI-RADS"), MUYING_FORM_CHOICE, FALSE, birads, NULL, NULL },
  { "mammo_birads", N_("Mammography BI-RADS"), MUYING_FORM_CHOICE, FALSE, birads, NULL, NULL },
  { "breast_pathology", N_("Breast pathology"), MUYING_FORM_CHOICE, FALSE, breast_pathology, NULL, NULL },
  { "cancer_stage", N_("Cancer stage"), MUYING_FORM_CHOICE, FALSE, stages, NULL, NULL },
  { NULL }
};

const MuyingFormField *
muying_form_fields_for_program (MuyingProgram program)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      return prenatal_fields;
    case MUYING_PROGRAM_NEWBORN:
      return newborn_fields;
    case MUYING_PROGRAM_TWO_CANCER:
    case MUYING_N_PROGRAMS:
    default:
      return two_cancer_fields;
    }
}

const char *
muying_form_fields_key_column (MuyingProgram program)
{
  return program == MUYING_PROGRAM_TWO_CANCER ? "exam_no" : "sample_no";
}

const char *
muying_form_fields_id_column (MuyingProgram program)
{
  return program == MUYING_PROGRAM_NEWBORN ? "mother_id_number" : "id_number";
}

const char *
muying_form_fields_choice_label (MuyingProgram program,
                                 const char   *key,
                                 const char   *value)
{
  for (const MuyingFormField *f = muying_form_fields_for_program (program); f->key; f++)
    {
      if (strcmp (f->key, key) != 0 || f->choices == NULL)
        continue;
      for (guint i = 0; f->choices[i].label != NULL; i++)
        if (g_strcmp0 (f->choices[i].value, value) == 0)
          return _(f->choices[i].label);
    }
  return NULL;
}
