/* muying-follow-on.h: the records that follow a screening case to its end
 *
 * A prenatal diagnosis and a pregnancy outcome belong to a woman's pregnancy (muying-pregnancy.h);
 * an audiology diagnosis (with its intervention) belongs to a newborn's screening record. Each kind
 * has its own import file (docs/import-formats.md, "Follow-on files"), its own store table named
 * like the kind, and a descriptor like the screening programmes': its fields drive the importer,
 * the entry form, the store's columns and the case timeline.
 *
 * What a follow-on record does to its case's follow-up is decided here
 * (muying_follow_on_get_effect), the store only carries it out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-field.h"
#include "muying-program-descriptor.h"
#include "muying-types.h"

G_BEGIN_DECLS

typedef enum
{
  MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS,   /* prenatal_diagnosis.csv: one per procedure */
  MUYING_FOLLOW_ON_PREGNANCY_OUTCOME,    /* pregnancy_outcome.csv: one per pregnancy */
  MUYING_FOLLOW_ON_AUDIOLOGY,            /* audiology.csv: one per diagnostic visit */
  MUYING_N_FOLLOW_ON_KINDS
} MuyingFollowOnKind;

typedef enum
{
  MUYING_PROCEDURE_NOT_RECORDED,
  MUYING_PROCEDURE_AMNIOCENTESIS,
  MUYING_PROCEDURE_CVS,
  MUYING_PROCEDURE_CORDOCENTESIS,
  MUYING_PROCEDURE_ULTRASOUND,
  MUYING_PROCEDURE_OTHER,
} MuyingDiagnosisProcedure;

typedef enum
{
  MUYING_METHOD_NOT_RECORDED,
  MUYING_METHOD_KARYOTYPE,
  MUYING_METHOD_CMA,
  MUYING_METHOD_CNV_SEQ,
  MUYING_METHOD_FISH,
  MUYING_METHOD_QF_PCR,
  MUYING_METHOD_ULTRASOUND,
  MUYING_METHOD_OTHER,
} MuyingDiagnosisMethod;

typedef enum
{
  MUYING_DIAGNOSIS_NOT_RECORDED,
  MUYING_DIAGNOSIS_NORMAL,
  MUYING_DIAGNOSIS_ABNORMAL,
  MUYING_DIAGNOSIS_FAILED,
} MuyingDiagnosisResult;

/* The class of an abnormal diagnosis or of a birth defect (INDICATORS: P9, P12). */
typedef enum
{
  MUYING_CONDITION_NOT_RECORDED,
  MUYING_CONDITION_T21,
  MUYING_CONDITION_T18,
  MUYING_CONDITION_T13,
  MUYING_CONDITION_SCA,
  MUYING_CONDITION_OTHER_CHROMOSOMAL,
  MUYING_CONDITION_NTD,
  MUYING_CONDITION_STRUCTURAL,
  MUYING_CONDITION_OTHER,
} MuyingCondition;

typedef enum
{
  MUYING_OUTCOME_NOT_RECORDED,
  MUYING_OUTCOME_LIVE_BIRTH,
  MUYING_OUTCOME_STILLBIRTH,
  MUYING_OUTCOME_MISCARRIAGE,
  MUYING_OUTCOME_TERMINATION,
  MUYING_OUTCOME_ECTOPIC,
} MuyingPregnancyOutcomeKind;

typedef enum
{
  MUYING_BIRTH_DEFECT_NOT_RECORDED,
  MUYING_BIRTH_DEFECT_NONE,
  MUYING_BIRTH_DEFECT_YES,
} MuyingBirthDefect;

typedef enum
{
  MUYING_DEGREE_NOT_RECORDED,
  MUYING_DEGREE_NORMAL,
  MUYING_DEGREE_MILD,
  MUYING_DEGREE_MODERATE,
  MUYING_DEGREE_SEVERE,
  MUYING_DEGREE_PROFOUND,
} MuyingHearingDegree;

typedef enum
{
  MUYING_LOSS_NOT_RECORDED,
  MUYING_LOSS_SENSORINEURAL,
  MUYING_LOSS_CONDUCTIVE,
  MUYING_LOSS_MIXED,
  MUYING_LOSS_AUDITORY_NEUROPATHY,
} MuyingHearingLossType;

typedef enum
{
  MUYING_INTERVENTION_NOT_RECORDED,
  MUYING_INTERVENTION_NONE,
  MUYING_INTERVENTION_HEARING_AID,
  MUYING_INTERVENTION_COCHLEAR_IMPLANT,
  MUYING_INTERVENTION_OTHER,
} MuyingHearingIntervention;

typedef struct
{
  char                     *diagnosis_no;     /* natural key */
  char                     *id_number;        /* the woman */
  GDate                     edd;              /* picks the pregnancy; may be invalid */
  GDate                     procedure_date;
  MuyingDiagnosisProcedure  procedure;
  MuyingDiagnosisMethod     method;
  MuyingDiagnosisResult     result;
  MuyingCondition           condition;        /* required when abnormal */
  char                     *detail;           /* e.g. the karyotype "47,XX,+21"; nullable */
} MuyingPrenatalDiagnosis;

typedef struct
{
  char                      *id_number;       /* natural key: id_number + end_date */
  GDate                      edd;             /* may be invalid */
  GDate                      end_date;
  MuyingPregnancyOutcomeKind outcome;
  double                     ga_weeks;        /* NAN = not recorded */
  double                     babies;          /* 1 when not recorded */
  MuyingBirthDefect          birth_defect;
  MuyingCondition            condition;       /* required when birth_defect is yes */
} MuyingPregnancyOutcome;

typedef struct
{
  char                      *sample_no;       /* the newborn's screening record; key: + diagnosis_date */
  GDate                      diagnosis_date;
  MuyingHearingDegree        left_degree;
  MuyingHearingDegree        right_degree;
  MuyingHearingLossType      loss_type;
  MuyingHearingIntervention  intervention;
  GDate                      intervention_date;  /* required when an intervention is given */
} MuyingAudiology;

typedef struct
{
  MuyingFollowOnKind  kind;
  const char         *name;          /* "prenatal_diagnosis": the import programme name and the store table */
  const char         *label;         /* N_(): “产前诊断” */
  MuyingProgram       program;       /* the screening programme whose cases it follows */
  const MuyingField  *fields;        /* terminated by a NULL key; every field is a column of the table */
  const char         *key_fields[3]; /* the natural key, NULL-terminated */
  const char         *id_field;      /* the woman's ID number (prenatal kinds), nullable */
  const char         *sample_field;  /* the newborn's sample number (audiology), nullable */
  const char         *date_field;    /* the record's own date */
  gpointer          (*record_new)  (void);
  void              (*record_free) (gpointer record);
  /* What one field cannot check alone (a condition for an abnormal result, dates in order). */
  void              (*check)       (gpointer                record,
                                    const MuyingFieldCheck *check);
} MuyingFollowOnDescriptor;

const MuyingFollowOnDescriptor *muying_follow_on_descriptor_get    (MuyingFollowOnKind kind);
/* By name ("prenatal_diagnosis", "pregnancy_outcome", "audiology"); NULL for another name. */
const MuyingFollowOnDescriptor *muying_follow_on_descriptor_lookup (const char        *name);
const MuyingField              *muying_follow_on_descriptor_find   (const MuyingFollowOnDescriptor *self,
                                                                    const char                     *key);

extern const MuyingFollowOnDescriptor muying_prenatal_diagnosis_descriptor;
extern const MuyingFollowOnDescriptor muying_pregnancy_outcome_descriptor;
extern const MuyingFollowOnDescriptor muying_audiology_descriptor;

MuyingPrenatalDiagnosis *muying_prenatal_diagnosis_new  (void);
void                     muying_prenatal_diagnosis_free (MuyingPrenatalDiagnosis *self);
MuyingPregnancyOutcome  *muying_pregnancy_outcome_new   (void);
void                     muying_pregnancy_outcome_free  (MuyingPregnancyOutcome  *self);
MuyingAudiology         *muying_audiology_new           (void);
void                     muying_audiology_free          (MuyingAudiology         *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingPrenatalDiagnosis, muying_prenatal_diagnosis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingPregnancyOutcome, muying_pregnancy_outcome_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingAudiology, muying_audiology_free)

/* The canonical keys ("T21", "live_birth", "moderate", …), NULL for not recorded. */
const char *muying_condition_to_string         (MuyingCondition           value);
const char *muying_diagnosis_result_to_string  (MuyingDiagnosisResult     value);
const char *muying_pregnancy_outcome_to_string (MuyingPregnancyOutcomeKind value);
const char *muying_hearing_degree_to_string    (MuyingHearingDegree       value);

/* 'none', 'unilateral' or 'bilateral' (an ear at mild or worse has a loss); NULL when an ear's
 * degree is not recorded. */
const char *muying_audiology_hearing_loss      (const MuyingAudiology    *self);

/* ---- what a follow-on record does to its case's follow-up ------------------------------ */

typedef enum
{
  MUYING_FOLLOW_ON_EFFECT_NOTE,        /* a step on the timeline only (a failed procedure) */
  MUYING_FOLLOW_ON_EFFECT_NEXT_STEP,   /* the follow-up waits for the next step (.step), due by that
                                          step's deadline from the record's date */
  MUYING_FOLLOW_ON_EFFECT_DONE,        /* the case is complete: the follow-up closes as done */
} MuyingFollowOnEffectKind;

typedef struct
{
  MuyingFollowOnEffectKind kind;
  const char              *step;    /* NEXT_STEP: a step key of muying-followup-step.h */
} MuyingFollowOnEffect;

/* A normal diagnosis closes the case; an abnormal one waits for counselling and the outcome; a
 * known outcome closes it; an audiology diagnosis with a loss waits for the intervention, one
 * without closes it, as does an intervention. */
void  muying_follow_on_get_effect (MuyingFollowOnKind    kind,
                                   gconstpointer         record,
                                   MuyingFollowOnEffect *effect);

/* One line for a timeline or a follow-up step: “产前诊断：羊膜腔穿刺，异常（21三体）”. */
char *muying_follow_on_describe   (MuyingFollowOnKind    kind,
                                   gconstpointer         record);

G_END_DECLS
