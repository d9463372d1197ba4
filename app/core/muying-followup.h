/* muying-followup.h: the follow-up state machine of a flagged record (pure logic, no I/O)
 *
 * docs/rules.md, docs/background.md.
 *
 * States and the legal transitions:
 *
 *   open ──► notified ──► next_step ──► result ──► done (with the outcome)
 *                            ▲   │         │
 *                            │   └─► next_step (another step: colposcopy → biopsy → treatment)
 *                            └─────────────┘ (a result leads to a further step)
 *
 *   open, notified, next_step, result ──► declined (signed refusal: note + refusal_signed)
 *   open, notified, next_step, result ──► lost (reason + contact attempts ≥ 1)
 *
 * - done only after a result; a first contact (notified) comes before any step.
 * - A closed follow-up (done, declined, lost) never moves again, except by a reopen, which is
 *   an amendment with a required reason (muying_followup_check_reopen); it goes back to the
 *   state it had before it was closed.
 * - A failed contact attempt is recorded without changing the state (it counts towards the
 *   attempts of a later "lost").
 * - Overdue is computed, never stored: a follow-up is overdue when it is not closed and today
 *   is after its due date (on the due date itself it is not overdue yet).
 * - Every state has a deadline (the follow-up's due date): open = the first-contact deadline of
 *   the classification (docs/rules.md); after notification and after arranging a step, the deadline
 *   of that step where the rules give one (newborn rescreen by 42 days, audiological diagnosis
 *   and imaging by 90 days, intervention by 180 days of age; prenatal diagnosis before 24+0
 *   weeks when the gestational age is known; two-cancer repeat tests 12 months after the exam),
 *   else the arrangement date + step_days; after a result, the result date + result_days.
 *
 * Later results (muying_result_*) are the results that come back during follow-up: prenatal
 * diagnosis and pregnancy outcome, the newborn hearing rescreen, audiology and intervention,
 * the two-cancer colposcopy, imaging, pathology, and each track's stage and treatment. Those that the rules read
 * (rescreen, colposcopy, BI-RADS, histology, pathology) re-classify the record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-classification.h"
#include "muying-followup-step.h"
#include "muying-program-descriptor.h"
#include "muying-types.h"

G_BEGIN_DECLS

#define MUYING_FOLLOWUP_ERROR (muying_followup_error_quark ())

typedef enum
{
  MUYING_FOLLOWUP_ERROR_ILLEGAL,        /* the transition is not allowed from this state */
  MUYING_FOLLOWUP_ERROR_CLOSED,         /* the follow-up is closed (reopen it first) */
  MUYING_FOLLOWUP_ERROR_MISSING_FIELD,  /* a field the transition needs is empty */
  MUYING_FOLLOWUP_ERROR_INVALID_VALUE,  /* a value is not one of the allowed ones, or a bad date */
} MuyingFollowupError;

GQuark muying_followup_error_quark (void);

typedef enum
{
  MUYING_FOLLOWUP_OPEN,
  MUYING_FOLLOWUP_NOTIFIED,
  MUYING_FOLLOWUP_NEXT_STEP,
  MUYING_FOLLOWUP_RESULT,
  MUYING_FOLLOWUP_DONE,
  MUYING_FOLLOWUP_DECLINED,
  MUYING_FOLLOWUP_LOST,
  MUYING_N_FOLLOWUP_STATES
} MuyingFollowupState;

/* "open", "notified", "next_step", "result", "done", "declined", "lost" (the store's values). */
const char *muying_followup_state_to_string   (MuyingFollowupState state);
gboolean    muying_followup_state_from_string (const char          *text,
                                               MuyingFollowupState *state);
/* In the user's language: 待通知, 已通知, 已安排后续检查, 已出结果, 已完成, 拒绝, 失访. */
const char *muying_followup_state_get_label   (MuyingFollowupState state);
gboolean    muying_followup_state_is_closed   (MuyingFollowupState state);

gboolean    muying_followup_can_transition    (MuyingFollowupState from,
                                               MuyingFollowupState to);
/* The states reachable from @from, in the order a form offers them; returns how many. */
guint       muying_followup_list_targets      (MuyingFollowupState from,
                                               MuyingFollowupState targets[MUYING_N_FOLLOWUP_STATES]);
/* The name of the action that moves a follow-up into @to (“记录已通知”, “安排后续检查”,
 * “录入结果”, “结案：完成”, “结案：拒绝”, “结案：失访”), for buttons and menus. */
const char *muying_followup_action_get_label  (MuyingFollowupState to);

/* ---- deadlines -------------------------------------------------------------------------- */

typedef struct
{
  int high_days;                  /* first contact for a high level: 7 (docs/rules.md) */
  int intermediate_days;          /* first contact for an intermediate level: 30 */
  int newborn_rescreen_days;      /* hearing rescreen: 42 days of age */
  int newborn_diagnosis_days;     /* audiological diagnosis (and imaging): 90 days of age */
  int newborn_intervention_days;  /* intervention: 180 days of age */
  int prenatal_diagnosis_ga_days; /* prenatal diagnosis before this gestational age: 168 (24+0) */
  int repeat_days;                /* two-cancer repeat tests: 365 days after the exam */
  int step_days;                  /* any other step: 30 days after it was arranged */
  int result_days;                /* closing after a result: 30 days */
  int short_interval_days;        /* two-cancer 6-month follow-up imaging (BI-RADS 3): 180 days after the exam */
} MuyingFollowupDeadlines;

void     muying_followup_deadlines_init_default (MuyingFollowupDeadlines *deadlines);
/* The defaults, overridden by the optional group [followup] (keys as the struct fields, e.g.
 * newborn_diagnosis_days=90, prenatal_diagnosis_ga=24+0) and the first-contact days of
 * [deadlines] (high, intermediate) of @data_dir/rules/ruleset.ini. A missing file or group
 * leaves the defaults; a bad value is an error. */
gboolean muying_followup_deadlines_load         (MuyingFollowupDeadlines *deadlines,
                                                 const char              *data_dir,
                                                 GError                 **error);

/* What the deadlines are counted from. */
typedef struct
{
  MuyingProgram program;
  GDate         record_date;   /* sample date, birth date or exam date */
  GDate         edd;           /* prenatal: the expected delivery date; invalid when unknown */
} MuyingFollowupContext;

/* The deadline of @step (NULL = none) arranged on @date; for steps without a deadline of their
 * own, @date + step_days. */
void     muying_followup_step_due         (const MuyingFollowupDeadlines *deadlines,
                                           const MuyingFollowupContext   *context,
                                           const char                    *step,
                                           const GDate                   *date,
                                           GDate                         *due);
/* TRUE when @step has a deadline of its own (set in @due), FALSE otherwise. */
gboolean muying_followup_step_own_due     (const MuyingFollowupDeadlines *deadlines,
                                           const MuyingFollowupContext   *context,
                                           const char                    *step,
                                           GDate                         *due);
/* The due date after a move into @state on @date: notified → the deadline of @step (the
 * suggested next step); next_step → the deadline of @step; result → @date + result_days;
 * open (a reopen) → @date + step_days; a closed state keeps @current_due. */
void     muying_followup_compute_due      (const MuyingFollowupDeadlines *deadlines,
                                           const MuyingFollowupContext   *context,
                                           MuyingFollowupState            state,
                                           const char                    *step,
                                           const GDate                   *date,
                                           const GDate                   *current_due,
                                           GDate                         *due);
/* The first-contact deadline for a level a doctor set at review on @date (docs/rules.md). */
void     muying_followup_first_contact_due (const MuyingFollowupDeadlines *deadlines,
                                            MuyingLevel                    level,
                                            const GDate                   *date,
                                            GDate                         *due);

/* Overdue: not closed and @today after @due. Never stored. */
gboolean muying_followup_is_overdue       (MuyingFollowupState  state,
                                           const GDate         *due,
                                           const GDate         *today);
/* Days past the due date (0 when not overdue). */
int      muying_followup_days_overdue     (MuyingFollowupState  state,
                                           const GDate         *due,
                                           const GDate         *today);

/* ---- transitions ------------------------------------------------------------------------ */

typedef struct
{
  MuyingFollowupState  to;
  GDate                date;              /* when it happened: required, not in the future,
                                             not before the record's date */
  const char          *step;              /* next_step: a step of the programme (required) */
  const char          *note;              /* result: the result in words (required);
                                             declined: what was refused and why (required);
                                             lost: the reason (required); else optional */
  const char          *outcome;           /* done: the outcome (required) */
  int                  contact_attempts;  /* lost: how many times contact was tried (≥ 1) */
  gboolean             refusal_signed;    /* declined: the woman (or family) signed the refusal */
  gboolean             check_version;     /* the store refuses the step when the follow-up is no */
  gint64               seen_version;      /* longer at the row version seen (MuyingFollowupInfo) */
} MuyingFollowupTransition;

/* Checks that @t is legal from @from and carries every field it needs. @record_date and
 * @today may be NULL (no date bounds). Errors: MUYING_FOLLOWUP_ERROR, message in the user's
 * language. */
gboolean muying_followup_check_transition (MuyingProgram                   program,
                                           MuyingFollowupState             from,
                                           const MuyingFollowupTransition *t,
                                           const GDate                    *record_date,
                                           const GDate                    *today,
                                           GError                        **error);
/* A failed contact attempt: only while the follow-up is not closed. */
gboolean muying_followup_check_contact_attempt (MuyingFollowupState from,
                                                GError            **error);
/* Reopening (an amendment): only a closed follow-up, with a reason. */
gboolean muying_followup_check_reopen     (MuyingFollowupState  from,
                                           const char          *reason,
                                           GError             **error);

/* ---- a change of the record's level ---------------------------------------------------- */

/* What the follow-up does when a record's level is set: the one rule for every path that sets a
 * level (a save or import, a doctor's review or amendment, a later result); the store only
 * executes the plan. muying_followup_plan_level_change() decides, for the record's level after
 * the change (a reviewed record keeps the level its doctor set):
 *
 * - Low (no follow-up needed):
 *     save    an untouched open follow-up (no step yet) is dropped, as if the record had never
 *             been flagged; one somebody acted on stays until a person closes it (a correction
 *             of the data says nothing about the woman);
 *     review, later result
 *             a follow-up that is not closed is closed as done ("no longer needed", the outcome
 *             says why), when the level was flagged before.
 * - Flagged:
 *     no follow-up     one opens, due by the first-contact deadline of the level: counted from
 *                      the record's date (docs/rules.md), or from the review day when a doctor
 *                      flags the record;
 *     closed           it reopens, due by the level's deadline from the day of the change, when
 *                      a doctor or a later result flags a record that was low; a save leaves it;
 *     open (no first contact yet)
 *                      its due date is the first-contact deadline of the level from the
 *                      record's date (the classification's own, with the reasons' deadlines,
 *                      when the rules gave this level): a save re-dates it when the rules set
 *                      the level, a review or later result whenever the level changed (raised
 *                      medium → high: the high deadline, even when that is already past);
 *     notified, next step, result (contact made; the step's deadline runs)
 *                      a raise by a review or a later result brings the due date forward to
 *                      the day of the change + the new level's first-contact days when that is
 *                      sooner; a save leaves it.
 */
typedef enum
{
  MUYING_LEVEL_CHANGE_SAVE,     /* the data were saved or imported: the rules classified them */
  MUYING_LEVEL_CHANGE_REVIEW,   /* a doctor set the level (review or amendment) */
  MUYING_LEVEL_CHANGE_RESULT,   /* a later result re-classified the record */
} MuyingLevelChangeCause;

typedef struct
{
  MuyingLevelChangeCause       cause;
  MuyingLevel                  old_level;       /* the record's level before (LOW for a new record) */
  MuyingLevel                  new_level;       /* the record's level after */
  const MuyingClassification  *classification;  /* the rules' classification (save, later result);
                                                   NULL for a review */
  GDate                        record_date;
  GDate                        date;            /* the day of the change: review day, result date */
  gboolean                     has_followup;
  MuyingFollowupState          state;           /* the follow-up's, when there is one */
  GDate                        due;             /* its due date (may be invalid) */
  gboolean                     acted_on;        /* its timeline has a step */
} MuyingLevelChange;

typedef enum
{
  MUYING_FOLLOWUP_PLAN_KEEP,     /* nothing changes */
  MUYING_FOLLOWUP_PLAN_OPEN,     /* a new follow-up: open, due plan.due */
  MUYING_FOLLOWUP_PLAN_REDATE,   /* the same state, due plan.due */
  MUYING_FOLLOWUP_PLAN_REOPEN,   /* closed → open, due plan.due */
  MUYING_FOLLOWUP_PLAN_CLOSE,    /* → done: the case no longer needs follow-up */
  MUYING_FOLLOWUP_PLAN_DROP,     /* deleted: untouched, and the record was corrected to low */
} MuyingFollowupPlanAction;

typedef struct
{
  MuyingFollowupPlanAction action;
  GDate                    due;      /* OPEN, REDATE, REOPEN; invalid otherwise */
} MuyingFollowupPlan;

/* "keep", "open", "redate", "reopen", "close", "drop". */
const char *muying_followup_plan_action_to_string (MuyingFollowupPlanAction action);
/* The first-contact deadline of a record at @level (> LOW) from @record_date: the due date of
 * @classification (nullable) when the rules gave it this level, else the level's days. */
void        muying_followup_level_due             (const MuyingFollowupDeadlines *deadlines,
                                                   MuyingLevel                    level,
                                                   const MuyingClassification    *classification,
                                                   const GDate                   *record_date,
                                                   GDate                         *due);
void        muying_followup_plan_level_change     (const MuyingFollowupDeadlines *deadlines,
                                                   const MuyingLevelChange       *change,
                                                   MuyingFollowupPlan            *plan);

/* ---- later results ---------------------------------------------------------------------- */

/* The later results of the programmes' descriptors (MuyingProgramDescriptor.results), in their
 * order: each kind writes a LATER field of its programme and takes its values from that field's
 * choices. The comments say what each is about; the fields are named in the descriptor files. */
typedef enum
{
  MUYING_RESULT_HEARING_RESCREEN,     /* both ears (value = left, value2 = right): pass | refer; the
                                         date is the rescreen's date — re-classifies */
  MUYING_RESULT_COLPOSCOPY,           /* normal | abnormal — re-classifies */
  MUYING_RESULT_CERVICAL_HISTOLOGY,   /* (docs/import-formats.md) — re-classifies */
  MUYING_RESULT_BREAST_ULTRASOUND,    /* BI-RADS — re-classifies */
  MUYING_RESULT_MAMMOGRAPHY,          /* BI-RADS — re-classifies */
  MUYING_RESULT_BREAST_PATHOLOGY,     /* re-classifies */
  MUYING_RESULT_CERVICAL_STAGE,       /* 0 | I | IA | IB | II | III | IV */
  MUYING_RESULT_BREAST_STAGE,         /* 0 | I | IA | IB | II | III | IV */
  MUYING_RESULT_CERVICAL_TREATMENT,   /* LEEP | cold-knife cone | ablation | hysterectomy | surgery |
                                         chemo-/radiotherapy | other; the date is the treatment's */
  MUYING_RESULT_BREAST_TREATMENT,     /* the same list; the date is the treatment's */
  MUYING_N_RESULT_KINDS
} MuyingResultKind;

typedef struct
{
  MuyingResultKind  kind;
  const char       *value;    /* a canonical key of the kind (muying_result_kind_list_values) */
  const char       *value2;   /* a kind with a second field (the hearing rescreen: the right ear) */
  GDate             date;     /* when the result came back (required) */
  const char       *note;     /* optional free text */
  gboolean          check_version;  /* the store refuses the result when the record is no longer */
  gint64            seen_version;   /* at the row version seen (MuyingCase) */
} MuyingLaterResult;

const char          *muying_result_kind_to_string   (MuyingResultKind kind);   /* "hearing_rescreen" */
gboolean             muying_result_kind_from_string (const char       *text,
                                                     MuyingResultKind *kind);
MuyingProgram        muying_result_kind_get_program (MuyingResultKind kind);
/* “产前诊断结果”, “病理（宫颈）”, … in the user's language. */
const char          *muying_result_kind_get_label   (MuyingResultKind kind);
/* The programme's descriptor (its table) and the fields the kind writes: the value's field, the
 * second value's field (the right ear; NULL for most kinds) and the field that takes the result's
 * date (NULL when only the follow-up records the date). */
const MuyingProgramDescriptor *muying_result_kind_get_descriptor (MuyingResultKind kind);
const MuyingField   *muying_result_kind_get_field      (MuyingResultKind kind);
const MuyingField   *muying_result_kind_get_field2     (MuyingResultKind kind);
const MuyingField   *muying_result_kind_get_date_field (MuyingResultKind kind);
/* The kind that writes @field (as its value or second value), if any. */
gboolean             muying_result_kind_from_field     (const MuyingField *field,
                                                        MuyingResultKind  *kind);
/* The store column of its value (the key of its field; the left ear for the hearing rescreen). */
const char          *muying_result_kind_get_column  (MuyingResultKind kind);
/* Whether the rules read this result (the record is re-classified). */
gboolean             muying_result_kind_reclassifies (MuyingResultKind kind);
/* The canonical values, NULL-terminated. */
const char * const  *muying_result_kind_list_values (MuyingResultKind kind);
/* A value in words (“活产”, “CIN2”, “未通过”), or NULL for an unknown value. */
const char          *muying_result_value_get_label  (MuyingResultKind kind,
                                                     const char      *value);
/* Checks kind/programme, the value (and the second value when the kind has one) and the date (not in the future when @today is given). */
gboolean             muying_result_check            (const MuyingLaterResult *result,
                                                     MuyingProgram            program,
                                                     const GDate             *today,
                                                     GError                 **error);

G_END_DECLS
