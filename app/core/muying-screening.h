/* muying-screening.h: one screening record of each programme, as the domain sees it
 *
 * These structs are the contract between import (app/io), entry forms (app/ui), the rule set
 * (classify) and the store. Enumerations travel as their canonical English keys (docs/import-formats.md),
 * which is also how the store keeps them, so SQL stays readable. "Not recorded" is always a
 * value of its own: an empty cell is never "negative" or "low risk" (docs/rules.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-types.h"

G_BEGIN_DECLS

/* ---- background of every programme (area, funding, residence, …) --------------------------- */

typedef enum
{
  MUYING_YES_NO_NOT_RECORDED,
  MUYING_YES,
  MUYING_NO,
} MuyingYesNo;

typedef enum
{
  MUYING_FUNDING_NOT_RECORDED,
  MUYING_FUNDING_FREE_PROGRAMME,
  MUYING_FUNDING_SELF_PAID,
  MUYING_FUNDING_INSURANCE,
  MUYING_FUNDING_OTHER,
} MuyingFunding;

typedef enum
{
  MUYING_RESIDENCE_NOT_RECORDED,
  MUYING_RESIDENCE_RURAL,
  MUYING_RESIDENCE_URBAN,
} MuyingResidence;

/* ---- prenatal ---------------------------------------------------------------------------- */

typedef enum
{
  MUYING_PRENATAL_TEST_EARLY_COMBINED,
  MUYING_PRENATAL_TEST_MID_DOUBLE,
  MUYING_PRENATAL_TEST_MID_TRIPLE,
  MUYING_PRENATAL_TEST_MID_QUAD,
  MUYING_PRENATAL_TEST_NIPT,
  MUYING_N_PRENATAL_TESTS
} MuyingPrenatalTest;

typedef enum
{
  MUYING_NIPT_CALL_NOT_RECORDED,
  MUYING_NIPT_CALL_LOW,
  MUYING_NIPT_CALL_HIGH,
} MuyingNiptCall;

typedef enum
{
  MUYING_NIPT_SCA_NOT_RECORDED,
  MUYING_NIPT_SCA_NONE,
  MUYING_NIPT_SCA_DETECTED,
} MuyingNiptSca;

typedef enum
{
  MUYING_NIPT_STATUS_OK,       /* the default when the column is empty */
  MUYING_NIPT_STATUS_FAIL,
} MuyingNiptStatus;

typedef enum
{
  MUYING_PREGNANCY_TYPE_NOT_RECORDED,
  MUYING_PREGNANCY_TYPE_SINGLETON,
  MUYING_PREGNANCY_TYPE_TWINS,
  MUYING_PREGNANCY_TYPE_HIGHER,
} MuyingPregnancyType;

typedef struct
{
  char              *sample_no;
  char              *id_number;
  char              *name;
  char              *phone;        /* nullable */
  char              *institution;  /* nullable */
  GDate              birth_date;   /* from the ID number */
  GDate              sample_date;
  MuyingPrenatalTest test_type;
  int                ga_days;      /* gestational age at sampling, in days (weeks*7 + days) */
  GDate              edd;          /* always valid after validation: given, or derived (docs/rules.md) */
  gboolean           edd_given;
  double             weight_kg;    /* NAN = not recorded */
  int                t21_risk;     /* N of 1/N; 0 = not reported */
  int                t18_risk;     /* N of 1/N; 0 = not reported */
  double             afp_mom;      /* NAN = not reported */
  double             nt_mm;        /* NAN = not reported */
  MuyingNiptCall     nipt_t21;
  MuyingNiptCall     nipt_t18;
  MuyingNiptCall     nipt_t13;
  MuyingNiptSca      nipt_sca;
  MuyingNiptStatus   nipt_status;
  char              *area_code;        /* GB/T 2260 county code of her residence, nullable */
  MuyingFunding      funding;
  MuyingResidence    residence;
  MuyingYesNo        dibao;            /* her household receives minimum living support */
  MuyingPregnancyType pregnancy_type;
  MuyingYesNo        ivf;
  MuyingYesNo        transfusion_12m;  /* a blood transfusion in the past 12 months */
  MuyingYesNo        us_anomaly;       /* an ultrasound anomaly of this pregnancy */
  /* its diagnoses and outcome are follow-on records of its pregnancy (muying-follow-on.h) */
} MuyingPrenatalRecord;

/* ---- newborn ----------------------------------------------------------------------------- */

typedef enum
{
  MUYING_HEARING_NOT_RECORDED,
  MUYING_HEARING_PASS,
  MUYING_HEARING_REFER,
  MUYING_HEARING_NOT_DONE,
} MuyingHearing;

typedef enum
{
  MUYING_ZYGOSITY_HET,
  MUYING_ZYGOSITY_HOM,
  MUYING_ZYGOSITY_HOMOPLASMIC,
  MUYING_ZYGOSITY_HETEROPLASMIC,
} MuyingZygosity;

typedef enum
{
  MUYING_HEARING_METHOD_NOT_RECORDED,
  MUYING_HEARING_METHOD_OAE,
  MUYING_HEARING_METHOD_AABR,
  MUYING_HEARING_METHOD_BOTH,
} MuyingHearingMethod;

typedef struct
{
  char           *gene;      /* GJB2, SLC26A4, GJB3, MT-RNR1 */
  char           *variant;   /* canonical HGVS name from the panel (legacy names are mapped) */
  MuyingZygosity  zygosity;
} MuyingVariant;

typedef struct
{
  char          *sample_no;
  char          *mother_id_number;
  char          *mother_name;
  char          *baby_name;       /* nullable */
  MuyingSex      sex;
  GDate          birth_date;
  char          *hospital;        /* nullable */
  char          *panel;           /* panel id from data/panels, e.g. "9"; NULL = no gene test (the
                                     store keeps '') */
  GPtrArray     *variants;        /* element-type MuyingVariant; empty = wild type */
  MuyingHearing  hearing_left;
  MuyingHearing  hearing_right;
  GDate          hearing_date;    /* may be invalid (not recorded) */
  MuyingHearing  rescreen_left;   /* NOT_RECORDED when no rescreen */
  MuyingHearing  rescreen_right;
  GDate          rescreen_date;
  char          *area_code;       /* GB/T 2260 county code of the family's residence, nullable */
  MuyingFunding  funding;
  MuyingYesNo    nicu;            /* in neonatal intensive care for more than 5 days */
  MuyingHearingMethod hearing_method;
  int            gestation_weeks; /* whole weeks at birth, 0 = not recorded */
  /* its audiology diagnoses and interventions are follow-on records (muying-follow-on.h) */
} MuyingNewbornRecord;

/* ---- two cancers ------------------------------------------------------------------------- */

typedef enum
{
  MUYING_HPV_NOT_RECORDED,
  MUYING_HPV_NEGATIVE,
  MUYING_HPV_POSITIVE,
  MUYING_HPV_NOT_DONE,
} MuyingHpv;

typedef enum
{
  MUYING_CYTOLOGY_NOT_RECORDED,
  MUYING_CYTOLOGY_UNSAT,
  MUYING_CYTOLOGY_NILM,
  MUYING_CYTOLOGY_ASC_US,
  MUYING_CYTOLOGY_ASC_H,
  MUYING_CYTOLOGY_LSIL,
  MUYING_CYTOLOGY_HSIL,
  MUYING_CYTOLOGY_SCC,
  MUYING_CYTOLOGY_AGC,
  MUYING_CYTOLOGY_AIS,
  MUYING_CYTOLOGY_ADC,
} MuyingCytology;

typedef enum
{
  MUYING_EXAM_NOT_RECORDED,
  MUYING_EXAM_NORMAL,        /* "negative" for VIA/VILI, "normal" for colposcopy and CBE */
  MUYING_EXAM_ABNORMAL,
  MUYING_EXAM_NOT_DONE,
} MuyingExamResult;

typedef enum
{
  MUYING_CERVICAL_HISTOLOGY_NOT_RECORDED,
  MUYING_CERVICAL_HISTOLOGY_NEGATIVE,
  MUYING_CERVICAL_HISTOLOGY_CIN1,
  MUYING_CERVICAL_HISTOLOGY_CIN2,
  MUYING_CERVICAL_HISTOLOGY_CIN3,
  MUYING_CERVICAL_HISTOLOGY_AIS,
  MUYING_CERVICAL_HISTOLOGY_MICRO_INVASIVE,
  MUYING_CERVICAL_HISTOLOGY_INVASIVE,
} MuyingCervicalHistology;

typedef enum
{
  MUYING_BIRADS_NOT_RECORDED,
  MUYING_BIRADS_0,
  MUYING_BIRADS_1,
  MUYING_BIRADS_2,
  MUYING_BIRADS_3,
  MUYING_BIRADS_4A,          /* a plain "4" is read as 4A (docs/import-formats.md) */
  MUYING_BIRADS_4B,
  MUYING_BIRADS_4C,
  MUYING_BIRADS_5,
  MUYING_BIRADS_6,
} MuyingBirads;

typedef enum
{
  MUYING_BREAST_PATHOLOGY_NOT_RECORDED,
  MUYING_BREAST_PATHOLOGY_BENIGN,
  MUYING_BREAST_PATHOLOGY_ATYPICAL_HYPERPLASIA,
  MUYING_BREAST_PATHOLOGY_LCIS,
  MUYING_BREAST_PATHOLOGY_DCIS,
  MUYING_BREAST_PATHOLOGY_INVASIVE,
} MuyingBreastPathology;

typedef enum
{
  MUYING_CANCER_STAGE_NOT_RECORDED,
  MUYING_CANCER_STAGE_0,
  MUYING_CANCER_STAGE_I,
  MUYING_CANCER_STAGE_II,
  MUYING_CANCER_STAGE_III,
  MUYING_CANCER_STAGE_IV,
  MUYING_CANCER_STAGE_IA,    /* the sub-stages of I a per-track stage may name (added after IV: */
  MUYING_CANCER_STAGE_IB,    /* the values of the others stay) */
} MuyingCancerStage;

typedef enum
{
  MUYING_TREATMENT_NOT_RECORDED,
  MUYING_TREATMENT_NONE,
  MUYING_TREATMENT_LEEP,
  MUYING_TREATMENT_COLD_KNIFE_CONE,
  MUYING_TREATMENT_ABLATION,
  MUYING_TREATMENT_HYSTERECTOMY,
  MUYING_TREATMENT_SURGERY,
  MUYING_TREATMENT_CHEMO_RADIO,
  MUYING_TREATMENT_OTHER,
} MuyingTreatment;

typedef struct
{
  char                    *exam_no;
  char                    *id_number;
  char                    *name;
  GDate                    birth_date;        /* from the ID number */
  GDate                    exam_date;
  char                    *institution;       /* nullable */
  MuyingHpv                hpv;
  guint16                  hpv_types;         /* bit i = muying_hpv_high_risk_types[i] detected; 0 with
                                                 POSITIVE = untyped (counts as other high-risk) */
  MuyingCytology           cytology;
  MuyingExamResult         via_vili;
  MuyingExamResult         colposcopy;
  MuyingCervicalHistology  cervical_histology;
  MuyingExamResult         cbe;
  MuyingBirads             us_birads;
  MuyingBirads             mammo_birads;
  MuyingBreastPathology    breast_pathology;
  MuyingCancerStage        cancer_stage;      /* the import column 分期 only: the check writes it to the
                                                 stage of the track with the cancer; never stored */
  char                    *area_code;         /* GB/T 2260 county code of her residence, nullable */
  MuyingFunding            funding;
  MuyingResidence          residence;
  MuyingYesNo              dibao;
  MuyingYesNo              hysterectomy;      /* a hysterectomy before this exam */
  MuyingYesNo              visible_lesion;    /* a cervical lesion visible to the eye */
  MuyingBirads             us_birads_left;    /* us_birads and mammo_birads are the worse side */
  MuyingBirads             us_birads_right;
  MuyingBirads             mammo_birads_left;
  MuyingBirads             mammo_birads_right;
  GDate                    biopsy_date;
  MuyingCancerStage        cervical_stage;
  MuyingCancerStage        breast_stage;
  MuyingTreatment          cervical_treatment;
  GDate                    cervical_treatment_date;
  MuyingTreatment          breast_treatment;
  GDate                    breast_treatment_date;
} MuyingTwoCancerRecord;

/* The 14 high-risk HPV types, in this order: 16 18 31 33 35 39 45 51 52 56 58 59 66 68. */
#define MUYING_N_HPV_HIGH_RISK_TYPES 14
extern const int muying_hpv_high_risk_types[MUYING_N_HPV_HIGH_RISK_TYPES];
#define MUYING_HPV_TYPES_16_18 ((guint16) 0x3)

gboolean muying_hpv_types_parse     (const char *text,     /* "16;52" */
                                     guint16    *types,
                                     GError    **error);
char    *muying_hpv_types_to_string (guint16     types);   /* "16;52", "" for none */

/* ---- canonical keys ---------------------------------------------------------------------- *
 * to_string returns the docs/import-formats.md key ("early_combined", "ASC-US", "4A", …), or NULL for
 * NOT_RECORDED. from_string accepts the key case-insensitively (Chinese aliases are data:
 * see muying_rule_set_lookup_alias) and returns FALSE for anything else.
 */
#define MUYING_DECLARE_KEYS(Type, name) \
  const char *muying_##name##_to_string   (Type value); \
  gboolean    muying_##name##_from_string (const char *text, Type *value);

MUYING_DECLARE_KEYS (MuyingPrenatalTest, prenatal_test)
MUYING_DECLARE_KEYS (MuyingNiptCall, nipt_call)
MUYING_DECLARE_KEYS (MuyingNiptSca, nipt_sca)
MUYING_DECLARE_KEYS (MuyingNiptStatus, nipt_status)
MUYING_DECLARE_KEYS (MuyingHearing, hearing)
MUYING_DECLARE_KEYS (MuyingZygosity, zygosity)
MUYING_DECLARE_KEYS (MuyingHpv, hpv)
MUYING_DECLARE_KEYS (MuyingCytology, cytology)
MUYING_DECLARE_KEYS (MuyingCervicalHistology, cervical_histology)
MUYING_DECLARE_KEYS (MuyingBirads, birads)
MUYING_DECLARE_KEYS (MuyingBreastPathology, breast_pathology)
MUYING_DECLARE_KEYS (MuyingCancerStage, cancer_stage)
MUYING_DECLARE_KEYS (MuyingTreatment, treatment)
MUYING_DECLARE_KEYS (MuyingYesNo, yes_no)
MUYING_DECLARE_KEYS (MuyingFunding, funding)
MUYING_DECLARE_KEYS (MuyingResidence, residence)
MUYING_DECLARE_KEYS (MuyingPregnancyType, pregnancy_type)
MUYING_DECLARE_KEYS (MuyingHearingMethod, hearing_method)

/* The worse of two BI-RADS categories (one breast each), in the order 1 < 2 < 3 < 0 < 4A < 4B < 4C < 5
 * < 6: an incomplete exam (0) needs more than a probably benign one (3). NOT_RECORDED loses. */
MuyingBirads muying_birads_worse            (MuyingBirads a,
                                             MuyingBirads b);

/* VIA/VILI says negative/abnormal/not_done, colposcopy and CBE normal/abnormal/not_done. */
const char *muying_exam_result_to_string   (MuyingExamResult value,
                                            gboolean         negative_word);
gboolean    muying_exam_result_from_string (const char      *text,
                                            MuyingExamResult *value);

#undef MUYING_DECLARE_KEYS

/* ---- life cycle -------------------------------------------------------------------------- */

MuyingPrenatalRecord  *muying_prenatal_record_new   (void);   /* every optional number NAN/0, dates cleared */
void                   muying_prenatal_record_free  (MuyingPrenatalRecord  *record);
/* Her age in whole years at the expected delivery date (kept with the record, it decides advanced
 * maternal age); -1 when her birth date or the EDD is not known. */
int                    muying_prenatal_record_get_age_at_edd (const MuyingPrenatalRecord *record);
MuyingNewbornRecord   *muying_newborn_record_new    (void);
void                   muying_newborn_record_free   (MuyingNewbornRecord   *record);
MuyingTwoCancerRecord *muying_two_cancer_record_new (void);
void                   muying_two_cancer_record_free (MuyingTwoCancerRecord *record);
MuyingVariant         *muying_variant_new           (const char      *gene,
                                                     const char      *variant,
                                                     MuyingZygosity   zygosity);
void                   muying_variant_free          (MuyingVariant   *variant);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingPrenatalRecord, muying_prenatal_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingNewbornRecord, muying_newborn_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingTwoCancerRecord, muying_two_cancer_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingVariant, muying_variant_free)

G_END_DECLS
