/* muying-followup-step.c: the follow-up steps a programme may arrange, and the one the rules suggest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-followup-step.h"

typedef struct
{
  const char *key;
  const char *label;   /* NC_("follow-up step", …) */
} Step;

static const Step steps[] = {
  { "counselling", NC_("follow-up step", "Genetic counselling") },
  { "diagnosis", NC_("follow-up step", "Prenatal diagnosis") },
  { "nipt", NC_("follow-up step", "NIPT") },
  { "ultrasound", NC_("follow-up step", "Ultrasound") },
  { "redraw", NC_("follow-up step", "Blood redraw") },
  { "rescreen", NC_("follow-up step", "Rescreen") },
  { "audiology", NC_("follow-up step", "Diagnostic audiology") },
  { "imaging", NC_("follow-up step", "Temporal-bone CT / inner-ear MRI") },
  { "drug_card", NC_("follow-up step", "Drug-warning card") },
  { "intervention", NC_("follow-up step", "Hearing intervention") },
  { "colposcopy", NC_("follow-up step", "Colposcopy") },
  { "biopsy", NC_("follow-up step", "Biopsy and pathology") },
  { "treatment", NC_("follow-up step", "Treatment") },
  { "cytology", NC_("follow-up step", "Cytology triage") },
  { "repeat", NC_("follow-up step", "Repeat test in 12 months") },
  { "resample", NC_("follow-up step", "Repeat sampling") },
  { "mammography", NC_("follow-up step", "Mammography") },
  { "specialist", NC_("follow-up step", "Specialist assessment") },
  { "ntd_assessment", NC_("follow-up step", "NTD risk assessment (AFP or ultrasound)") },
  { "additional_imaging", NC_("follow-up step", "Additional breast imaging") },
  { "short_interval", NC_("follow-up step", "Follow-up imaging in 6 months") },
};

static const char * const prenatal_steps[] = {
  "counselling", "diagnosis", "nipt", "ultrasound", "redraw", "rescreen", "ntd_assessment", NULL,
};
static const char * const newborn_steps[] = {
  "rescreen", "audiology", "imaging", "counselling", "drug_card", "intervention", NULL,
};
static const char * const two_cancer_steps[] = {
  "colposcopy", "biopsy", "treatment", "cytology", "repeat", "resample", "ultrasound", "mammography",
  "specialist", "additional_imaging", "short_interval", NULL,
};

const char * const *
muying_followup_list_steps (MuyingProgram program)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      return prenatal_steps;
    case MUYING_PROGRAM_NEWBORN:
      return newborn_steps;
    case MUYING_PROGRAM_TWO_CANCER:
      return two_cancer_steps;
    case MUYING_N_PROGRAMS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
muying_followup_step_is_valid (MuyingProgram  program,
                               const char    *step)
{
  const char * const *list;

  if (step == NULL || program >= MUYING_N_PROGRAMS)
    return FALSE;
  list = muying_followup_list_steps (program);
  for (guint i = 0; list[i] != NULL; i++)
    if (strcmp (list[i], step) == 0)
      return TRUE;
  return FALSE;
}

const char *
muying_followup_step_get_label (const char *step)
{
  for (guint i = 0; step != NULL && i < G_N_ELEMENTS (steps); i++)
    if (strcmp (steps[i].key, step) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, "follow-up step", steps[i].label);
  return NULL;
}

/* docs/rules.md next steps, most severe first: the first code of this table that the record has
 * decides the suggested step. */
static const struct
{
  const char *code;
  const char *step;
} code_steps[] = {
  /* prenatal */
  { "NIPT_HIGH_T21", "diagnosis" },
  { "NIPT_HIGH_T18", "diagnosis" },
  { "NIPT_HIGH_T13", "diagnosis" },
  { "T21_HIGH", "diagnosis" },
  { "T18_HIGH", "diagnosis" },
  { "NT_THICK", "diagnosis" },
  { "ONTD_HIGH", "ultrasound" },
  { "NIPT_REDRAW", "redraw" },
  { "T21_BORDERLINE", "nipt" },
  { "GA_OUT_OF_WINDOW", "rescreen" },
  { "NIPT_LIMITED", "counselling" },
  { "NIPT_SCA", "counselling" },
  { "AMA", "counselling" },
  { "NTD_ASSESS", "ntd_assessment" },
  /* newborn */
  { "HEARING_REFER", "audiology" },
  { "GJB2_BIALLELIC", "audiology" },
  { "SLC26A4_BIALLELIC", "audiology" },
  { "GJB3_BIALLELIC", "audiology" },
  { "MT_AMINOGLYCOSIDE", "drug_card" },
  { "RESCREEN_DUE", "rescreen" },
  { "NICU_AABR", "rescreen" },
  { "HEARING_NOT_SCREENED", "rescreen" },
  { "DOUBLE_HET", "counselling" },
  { "CARRIER", "counselling" },
  /* two cancers */
  { "CERVICAL_CANCER", "treatment" },
  { "BREAST_CANCER", "treatment" },
  { "CERVICAL_PRECANCER", "treatment" },
  { "BREAST_PRECANCER", "specialist" },
  { "COLPOSCOPY_ABNORMAL", "biopsy" },
  { "BREAST_SUSPICIOUS", "biopsy" },
  { "HPV16_18", "colposcopy" },
  { "HPV_OTHER_CYTO_ABNORMAL", "colposcopy" },
  { "CYTO_ABNORMAL", "colposcopy" },
  { "VIA_VILI_ABNORMAL", "colposcopy" },
  { "VISIBLE_LESION", "colposcopy" },
  { "MAMMO_ASSESS", "specialist" },
  { "MAMMO_INCOMPLETE", "additional_imaging" },
  { "MAMMO_SHORT_INTERVAL", "short_interval" },
  { "US_RECALL", "mammography" },
  { "CBE_ABNORMAL_NO_IMAGING", "ultrasound" },
  { "HPV_OTHER_TRIAGE", "cytology" },
  { "CYTO_UNSATISFACTORY", "resample" },
  { "HPV_OTHER_REPEAT", "repeat" },
  { "CYTO_ASCUS_HPV_NEG", "repeat" },
  { "CIN1", "repeat" },
};

const char *
muying_followup_suggest_step (MuyingProgram       program,
                              const char * const *codes)
{
  if (codes == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (code_steps); i++)
    {
      if (!muying_followup_step_is_valid (program, code_steps[i].step))
        continue;
      for (guint j = 0; codes[j] != NULL; j++)
        if (strcmp (codes[j], code_steps[i].code) == 0)
          return code_steps[i].step;
    }
  return NULL;
}
