/* muying-store-worklist.h: the high-risk worklist, doctor review and sign-off, follow-ups,
 * later results and the record history
 *
 * The worklist is every follow-up that is not closed (most urgent first) and every record that
 * waits for a doctor's review (review_state "pending") whose follow-up is already closed. Each
 * flagged record has exactly one follow-up (muying-store-records.c opens it), so this is "the
 * intermediate- and high-level records that are unreviewed or still being followed up". A
 * follow-up somebody acted on whose record was later corrected to low stays on the list until
 * someone closes it (an untouched one is dropped by the save).
 * Order (MUYING_WORKLIST_SORT_URGENCY): level (high first), then days overdue (most first),
 * then due date, so that a high-risk case due today is above an intermediate one overdue for
 * years; the closed-but-unreviewed records come last, high level first. Overdue is computed against the @today given (NULL =
 * the real today), never stored. The queries read one covering index (schema step 3): a page
 * or a count costs a few milliseconds at a million records.
 *
 * Review semantics (review.action, each with one audit row, in one transaction):
 *   accept  the doctor confirms the level (pending/reviewed → reviewed); note optional.
 *   raise   level up with a required reason (→ reviewed). Raising a low record opens a
 *           follow-up (or reopens a closed one) due by the first-contact deadline of the new
 *           level from today; a follow-up that waits for the first contact is due by the new
 *           level's deadline from the record's date (medium → high: 7 days after it, even when
 *           that is past); after the first contact a raise brings the due date forward to
 *           today + the new level's days when that is sooner.
 *   lower   level down with a required reason (→ reviewed). Lowering to low closes an open
 *           follow-up as "done" (outcome: lowered at review, with the reason); lowering to
 *           intermediate re-dates a follow-up that waits for the first contact.
 *           What a change of level does to the follow-up is decided in one place for every
 *           path (save, review, later result): muying_followup_plan_level_change().
 *   note    a note (required) on any record, signed ones included; changes nothing else.
 *   sign    doctor or administrator: pending/reviewed → signed (signed_by, signed_at); the
 *           current level is accepted with it. A signed record is locked: saving changed data
 *           fails with MUYING_STORE_ERROR_LOCKED_RECORD, accept/raise/lower/sign are refused.
 *   amend   only on a signed record, doctor or administrator, reason required: a new level
 *           (or -1 to keep it, then a note is required) and/or changed data
 *           (muying_store_amend_prenatal). review gets old_level → new_level, the audit
 *           gets the same (and the save's own "update" row has the field changes); the record
 *           stays signed, now by the amender at the amendment time. Follow-up effects as for
 *           raise/lower.
 * Permissions (muying-store-users.h): review/accept/raise/lower/note need
 * MUYING_PERMISSION_REVIEW, sign and amend MUYING_PERMISSION_SIGN, follow-up transitions and
 * later results MUYING_PERMISSION_FOLLOW_UP. The actor is a MuyingUser from the log-in.
 *
 * Later results (muying_store_enter_result) may be entered on any record, signed ones
 * included: they are what happened after the screening, not a change of what was screened.
 * The result is written to the programme's row; when the rules read it the record is
 * re-classified with the rule set (reasons, computed level and rule-set version updated; the
 * level follows for unreviewed records; for reviewed or signed ones it only rises, and a
 * reviewed record whose level rose goes back to "pending"); a follow-up at "next_step" moves to
 * "result"; every follow-up gets a step row with the result. The new level then acts on the
 * follow-up as muying_followup_plan_level_change() says: a result that makes the record low
 * closes its follow-up as "done" (no longer needed), one that flags a low record opens or
 * reopens it, and a changed level re-dates one that waits for the first contact. One audit
 * row with old → new.
 *
 * Errors: MUYING_AUTH_ERROR (permission), MUYING_FOLLOWUP_ERROR (transition or value),
 * MUYING_STORE_ERROR_NOT_FOUND, _LOCKED_RECORD, _CONSTRAINT (a missing reason and the like),
 * other store errors. Messages in the user's language. Nothing is written on error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-followup.h"
#include "muying-rule-set.h"
#include "muying-store.h"
#include "muying-store-users.h"
#include "muying-user.h"

G_BEGIN_DECLS

/* ---- the worklist ----------------------------------------------------------------------- */

/* The order of the rows inside each part. URGENCY is the default and walks a covering index
 * (followup_urgency_idx); the others join the rows and sort them in SQL. */
typedef enum
{
  MUYING_WORKLIST_SORT_URGENCY,   /* level (high first), then days overdue, then due date */
  MUYING_WORKLIST_SORT_DUE,       /* due date: the most overdue first */
  MUYING_WORKLIST_SORT_PROGRAM,
  MUYING_WORKLIST_SORT_KEY,
  MUYING_WORKLIST_SORT_NAME,
  MUYING_WORKLIST_SORT_ID_NUMBER,
  MUYING_WORKLIST_SORT_LEVEL,     /* as URGENCY */
  MUYING_WORKLIST_SORT_REVIEW,
  MUYING_WORKLIST_SORT_STATE,
  MUYING_N_WORKLIST_SORTS
} MuyingWorklistSort;

typedef struct
{
  int         program;         /* -1: every programme; else a MuyingProgram */
  int         level;           /* -1: any; else exactly this MuyingLevel */
  int         followup_state;  /* -1: any; else a MuyingFollowupState */
  gboolean    review_pending;  /* only records waiting for a doctor's review */
  gboolean    overdue_only;
  const char *search;          /* nullable, not owned: start of an ID number (the woman's or the
                                  mother's), of a name, or of a sample/exam number */
  int         sort;            /* a MuyingWorklistSort */
  gboolean    descending;      /* reverse the sort (URGENCY: the least urgent first) */
} MuyingWorklistFilter;

/* Everything (no filter). */
void muying_worklist_filter_init (MuyingWorklistFilter *filter);

typedef struct
{
  gint64               record_id;
  MuyingProgram        program;
  char                *key;               /* sample_no / exam_no */
  char                *name;              /* the woman's, or the baby's for newborns */
  char                *id_number;         /* the woman's, or the mother's for newborns */
  char                *record_date;       /* ISO */
  MuyingLevel          level;
  char                *reasons;           /* codes, ';'-separated, sorted; "" for none */
  char                *review_state;      /* none | pending | reviewed | signed */
  gint64               followup_id;       /* 0 when there is none */
  MuyingFollowupState  followup_state;
  char                *next_step;         /* nullable: a step key (muying_followup_step_get_label) */
  char                *due_date;          /* ISO; nullable when there is no follow-up */
  int                  contact_attempts;
  gboolean             overdue;
  int                  days_overdue;      /* 0 when not overdue */
} MuyingWorklistRow;

void       muying_worklist_row_free     (MuyingWorklistRow *row);

typedef struct
{
  gint64 total;
  gint64 overdue;
  gint64 review_pending;
  gint64 by_program[MUYING_N_PROGRAMS];
  gint64 by_level[MUYING_LEVEL_HIGH + 1];
} MuyingWorklistCounts;

/* Number of rows of the filtered worklist; -1 with @error on failure. */
gint64     muying_store_worklist_count  (MuyingStore                *store,
                                         const MuyingWorklistFilter *filter,
                                         const GDate                *today,
                                         GError                    **error);
/* The whole worklist broken down, for the sidebar badge and the filter chips (one pass). */
gboolean   muying_store_worklist_counts (MuyingStore                *store,
                                         const GDate                *today,
                                         MuyingWorklistCounts       *counts,
                                         GError                    **error);
/* Rows [offset, offset + limit) of the filtered worklist in its order: a GPtrArray of
 * MuyingWorklistRow. */
GPtrArray *muying_store_worklist_page   (MuyingStore                *store,
                                         const MuyingWorklistFilter *filter,
                                         const GDate                *today,
                                         gint64                      offset,
                                         guint                       limit,
                                         GError                    **error);

/* ---- one case --------------------------------------------------------------------------- */

typedef struct
{
  gint64               id;
  gint64               record_id;
  MuyingFollowupState  state;
  char                *due_date;          /* ISO */
  char                *next_step;         /* nullable */
  int                  contact_attempts;
  char                *outcome;           /* nullable: done → the outcome, declined/lost → the note */
  char                *opened_at;
  char                *closed_at;         /* nullable: ISO date of closing */
  gboolean             overdue;           /* against the @today of the call */
  int                  days_overdue;
  gint64               row_version;       /* what a step passes as seen (MuyingFollowupTransition) */
} MuyingFollowupInfo;

void muying_followup_info_free (MuyingFollowupInfo *info);

/* What a review or follow-up dialog shows about a record. */
typedef struct
{
  gint64                 record_id;
  MuyingProgram          program;
  char                  *key;
  char                  *name;
  char                  *id_number;
  char                  *record_date;     /* ISO */
  MuyingLevel            level;
  MuyingLevel            computed_level;
  char                  *review_state;
  char                  *signed_by;       /* the signer's display name, nullable */
  char                  *signed_at;       /* nullable */
  GStrv                  reasons;         /* codes, sorted */
  MuyingFollowupInfo    *followup;        /* nullable */
  const char            *suggested_step;  /* from the reasons (muying_followup_suggest_step), nullable */
  MuyingFollowupContext  context;         /* for deadlines */
  GHashTable            *results;         /* later results entered so far: result kind key → value
                                             (hearing rescreen: "left;right") */
  gint64                 row_version;     /* what a review passes as seen (MuyingReview) */
} MuyingCase;

void        muying_case_free        (MuyingCase   *self);
/* NULL with MUYING_STORE_ERROR_NOT_FOUND when there is no such record. */
MuyingCase *muying_store_get_case   (MuyingStore  *store,
                                     gint64        record_id,
                                     const GDate  *today,
                                     GError      **error);

/* ---- review ----------------------------------------------------------------------------- */

typedef enum
{
  MUYING_REVIEW_ACCEPT,
  MUYING_REVIEW_RAISE,
  MUYING_REVIEW_LOWER,
  MUYING_REVIEW_SIGN,
  MUYING_REVIEW_AMEND,
  MUYING_REVIEW_NOTE,
  MUYING_N_REVIEW_ACTIONS
} MuyingReviewAction;

/* "accept", "raise", "lower", "sign", "amend", "note" (review.action). */
const char *muying_review_action_to_string   (MuyingReviewAction  action);
/* “确认风险等级”, “上调风险等级”, “下调风险等级”, “签名确认”, “更正”, “备注”. */
const char *muying_review_action_get_label   (MuyingReviewAction  action);
/* “待审核”, “已审核”, “已签名” … for a review_state value. */
const char *muying_review_state_get_label    (const char         *review_state);

typedef struct
{
  MuyingReviewAction  action;
  int                 new_level;  /* raise, lower: the new MuyingLevel; amend: -1 keeps the level */
  const char         *reason;     /* raise, lower, amend: required */
  const char         *note;       /* note: required; amend without a new level: required */
  const char         *password;   /* sign: the signer's password, required; other actions: unused */
  gboolean            check_version;  /* a person looked at the record: refuse if it changed since */
  gint64              seen_version;   /* with check_version: the record's row_version seen (MuyingCase) */
} MuyingReview;

/* @rules: (nullable) for the follow-up deadlines of a raise (NULL: docs/rules.md defaults).
 * A signature is an electronic signature: @review->password is checked first with
 * muying_store_confirm_password() for @actor (a wrong one counts towards the lock); without it,
 * or when it is wrong, nothing of the review is written (MUYING_AUTH_ERROR_BAD_CREDENTIALS for a
 * missing password, the log-in's error for a wrong one). Must not be called inside
 * muying_store_begin/commit. */
gboolean muying_store_review          (MuyingStore                 *store,
                                       MuyingUser                  *actor,
                                       gint64                       record_id,
                                       const MuyingReview          *review,
                                       MuyingRuleSet               *rules,
                                       const GDate                 *today,
                                       GError                     **error);

/* ---- follow-up -------------------------------------------------------------------------- */

/* Applies @transition (checked by muying_followup_check_transition against the record's date
 * and @today): a followup_step row, the follow-up updated (state, due date from the deadlines
 * of @rules' data — NULL: defaults —, next step, contact attempts, outcome, closed_at) and an
 * audit row, in one transaction. A notification counts as a contact attempt. */
/* What moving a follow-up into @to needs: MUYING_PERMISSION_CONTACT for "notified" (nurses
 * record the contact), MUYING_PERMISSION_FOLLOW_UP for every other step. */
MuyingPermission muying_followup_transition_permission (MuyingFollowupState to);
gboolean muying_store_followup_transition (MuyingStore                    *store,
                                           MuyingUser                     *actor,
                                           gint64                          record_id,
                                           const MuyingFollowupTransition *transition,
                                           MuyingRuleSet                  *rules,
                                           const GDate                    *today,
                                           GError                        **error);
/* A failed contact attempt on @date (note optional): the count goes up, the state stays.
 * @seen_version: the follow-up's row_version its user saw (MuyingFollowupInfo), refused with
 * MUYING_STORE_ERROR_CONFLICT when it changed since; -1 is not checked. */
gboolean muying_store_followup_contact_attempt (MuyingStore  *store,
                                                MuyingUser   *actor,
                                                gint64        record_id,
                                                gint64        seen_version,
                                                const GDate  *date,
                                                const char   *note,
                                                const GDate  *today,
                                                GError      **error);
/* Reverses the last recorded step of a follow-up (a wrong click): the follow-up goes back to
 * the state before it, and a "reversal" step with @reason (required) is added; nothing is
 * deleted, and the reversal is audited ("followup_reverse"). A reversal itself and a reopen
 * are not reversed again. Needs the permission of the reversed step. @seen_version as for a
 * contact attempt. */
gboolean muying_store_followup_reverse_step (MuyingStore    *store,
                                             MuyingUser     *actor,
                                             gint64          record_id,
                                             gint64          seen_version,
                                             const char     *reason,
                                             MuyingRuleSet  *rules,
                                             const GDate    *today,
                                             GError        **error);

/* ---- later results ---------------------------------------------------------------------- */

/* See above. @rules is required when the result re-classifies (muying_result_kind_reclassifies). */
gboolean muying_store_enter_result        (MuyingStore             *store,
                                           MuyingUser              *actor,
                                           gint64                   record_id,
                                           const MuyingLaterResult *result,
                                           MuyingRuleSet           *rules,
                                           const GDate             *today,
                                           GError                 **error);

/* ---- history ---------------------------------------------------------------------------- */

typedef enum
{
  MUYING_HISTORY_AUDIT,     /* an audit row (record or person) */
  MUYING_HISTORY_REVIEW,    /* a review row without an audit row of its own */
  MUYING_HISTORY_FOLLOWUP,  /* a follow-up step without an audit row of its own */
} MuyingHistorySource;

typedef struct
{
  char                *at;           /* ISO 8601 UTC */
  char                *user;         /* login, nullable */
  char                *action;       /* audit action ("create", "update", "review", "sign",
                                        "amend", "followup", "result", …) or review action */
  MuyingHistorySource  source;
  char                *entity;       /* "record" or "person" */
  gint64               entity_id;
  char                *detail;       /* the JSON detail of an audit row, nullable; for a review or
                                        step without one, the members its audit row would have */
} MuyingHistoryEntry;

void       muying_history_entry_free  (MuyingHistoryEntry *entry);
/* Everything that happened to the record and its person (for a newborn also the mother),
 * oldest first: every audit row, every review and every follow-up step (a review or step
 * written with its audit row appears once, as that audit row). A GPtrArray of
 * MuyingHistoryEntry; muying_history_text_entry (app/io) says each in words. */
GPtrArray *muying_store_record_history (MuyingStore   *store,
                                        gint64         record_id,
                                        GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingWorklistRow, muying_worklist_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingFollowupInfo, muying_followup_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingCase, muying_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingHistoryEntry, muying_history_entry_free)

G_END_DECLS
