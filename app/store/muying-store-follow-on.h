/* muying-store-follow-on.h: prenatal diagnoses, pregnancy outcomes and audiology diagnoses
 *
 * Each follow-on record is kept in the table named like its kind (muying-follow-on.h) and linked
 * to its case: a prenatal diagnosis or outcome to the woman's pregnancy (muying-pregnancy.h), an
 * audiology diagnosis to the newborn's screening record by sample number. A record whose case is
 * not found is kept all the same, not linked ("未关联"): it is listed
 * (muying_store_list_unlinked_follow_on) and can be linked by hand; a screening record imported
 * later links it when it fits.
 *
 * A save applies the record's effect (muying_follow_on_get_effect) to the follow-up of every
 * flagged record of its case, by the one set of follow-up rules: a step on the timeline, the
 * next step with its deadline, or done. Every save and link writes one audit row (entity = the
 * kind's name, the row's id) with what changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-follow-on.h"
#include "muying-rule-set.h"
#include "muying-store.h"
#include "muying-user.h"

G_BEGIN_DECLS

typedef struct
{
  MuyingFollowOnKind  kind;
  gint64              id;
  gpointer            record;        /* the kind's struct (MuyingPrenatalDiagnosis, …), owned */
  gint64              person_id;     /* prenatal kinds: the woman, 0 = no woman with that ID number */
  gint64              pregnancy_id;  /* prenatal kinds: 0 = not linked */
  gint64              record_id;     /* audiology: the newborn's record, 0 = not linked */
  char               *linked_by;     /* who linked it by hand; NULL = linked (or not) by the program */
  char               *person_name;   /* the woman's or the mother's name, when known */
  char               *created_at;
  char               *created_by;
  char               *updated_at;
  char               *updated_by;
} MuyingFollowOnRow;

void     muying_follow_on_row_free (MuyingFollowOnRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingFollowOnRow, muying_follow_on_row_free)

/* Whether the row is linked to a case. */
gboolean muying_follow_on_row_is_linked (const MuyingFollowOnRow *row);

/* Saves one follow-on record inside the caller's transaction (an import wraps its rows in one):
 * inserted or updated by its natural key, unchanged when identical. @record must have passed its
 * descriptor's checks. Refuses, with MUYING_STORE_ERROR_CONSTRAINT and a message for people:
 * an outcome dated before the first screening of its pregnancy; an outcome for a pregnancy that
 * already has one with another date; an audiology diagnosis dated before the birth.
 * @linked: (out) (optional): FALSE when no case was found (kept as "未关联"). */
gboolean muying_store_save_follow_on  (MuyingStore        *self,
                                       MuyingFollowOnKind  kind,
                                       gconstpointer       record,
                                       MuyingRuleSet      *rules,
                                       const char         *user,
                                       MuyingSaveOutcome  *outcome,
                                       gint64             *id,
                                       gboolean           *linked,
                                       GError            **error);

/* The same as one transaction for the window, for a user allowed to record follow-up: a new
 * record (@row_id 0), or the correction of the row @row_id from its case, where the row's date
 * may change (its number may not); refused when another row already has the new number and date. */
gboolean muying_store_edit_follow_on  (MuyingStore        *self,
                                       MuyingUser         *actor,
                                       MuyingFollowOnKind  kind,
                                       gint64              row_id,
                                       gconstpointer       record,
                                       MuyingRuleSet      *rules,
                                       gint64             *id,
                                       gboolean           *linked,
                                       GError            **error);

/* Links a record by hand to @case_record_id, a screening record of its programme (for the
 * prenatal kinds: the record's pregnancy; the woman must be the same). Applies the effect as a
 * save does. One transaction. */
gboolean muying_store_link_follow_on  (MuyingStore        *self,
                                       MuyingUser         *actor,
                                       MuyingFollowOnKind  kind,
                                       gint64              id,
                                       gint64              case_record_id,
                                       MuyingRuleSet      *rules,
                                       GError            **error);

MuyingFollowOnRow *muying_store_load_follow_on (MuyingStore        *self,
                                                MuyingFollowOnKind  kind,
                                                gint64              id,
                                                GError            **error);

/* The records not linked to a case, of one kind (MUYING_N_FOLLOW_ON_KINDS = every kind), newest
 * first. (element-type MuyingFollowOnRow) */
GPtrArray *muying_store_list_unlinked_follow_on (MuyingStore        *self,
                                                 MuyingFollowOnKind  kind,
                                                 GError            **error);
/* How many records of every kind are not linked to a case; -1 on error. */
gint64     muying_store_count_unlinked_follow_on (MuyingStore        *self,
                                                  GError            **error);
/* The follow-on records of the case of the screening record @record_id: the diagnoses and the
 * outcome of its pregnancy, or the audiology diagnoses of a newborn; in date order. */
GPtrArray *muying_store_list_case_follow_on     (MuyingStore        *self,
                                                 gint64              record_id,
                                                 GError            **error);

/* ---- pregnancies ---------------------------------------------------------------------- */

typedef struct
{
  gint64  id;
  GDate   edd;
  GDate   first_date;
  GArray *record_ids;   /* gint64: its screening records, by sample date */
} MuyingPregnancyInfo;

void       muying_pregnancy_info_free     (MuyingPregnancyInfo *info);
/* A woman's pregnancies, earliest first. (element-type MuyingPregnancyInfo) */
GPtrArray *muying_store_list_pregnancies  (MuyingStore  *self,
                                           gint64        person_id,
                                           GError      **error);
/* The pregnancy of a prenatal record, 0 when it has none. */
gint64     muying_store_get_record_pregnancy (MuyingStore  *self,
                                              gint64        record_id,
                                              GError      **error);

G_END_DECLS
