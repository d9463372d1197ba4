/* muying-store-persons.h: finding people at entry time (no duplicate persons)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *id_number;
  char   *name;
  char   *birth_date;
  char   *phone;
  gint64  n_records;   /* screening records of this person (as the woman or as the mother) */
} MuyingPersonMatch;

void               muying_person_match_free          (MuyingPersonMatch *match);

/* The person with this ID number, or NULL. */
MuyingPersonMatch *muying_store_find_person          (MuyingStore  *store,
                                                      const char   *id_number,
                                                      GError      **error);
/* Other people with the same name and birth date, or the same name and phone: possible
 * duplicates entered under a mistyped ID number. Excludes @id_number. */
GPtrArray         *muying_store_find_possible_duplicates (MuyingStore *store,
                                                          const char  *name,
                                                          const char  *birth_date,
                                                          const char  *phone,
                                                          const char  *id_number,
                                                          GError     **error);

/* The stored record as import columns (FORMATS.md §1 keys → text), for editing in a form.
 * Sets @program. NULL with an error when there is no such record. */
GHashTable        *muying_store_load_record_fields   (MuyingStore   *store,
                                                      gint64         record_id,
                                                      MuyingProgram *program,
                                                      GError       **error);

/* One woman's records across the three programmes: her own screenings and her newborns'. */
typedef struct
{
  gint64         record_id;
  MuyingProgram  program;
  char          *key;            /* sample_no / exam_no */
  char          *name;           /* the woman's, or the baby's for a newborn record */
  char          *record_date;    /* ISO */
  MuyingLevel    level;
  char          *review_state;   /* none | pending | reviewed | signed */
  int            followup_state; /* a MuyingFollowupState; -1 when there is no follow-up */
} MuyingPersonRecord;

typedef struct
{
  gint64     person_id;          /* the woman (for a newborn record: its mother) */
  char      *name;
  char      *id_number;          /* nullable */
  GPtrArray *records;            /* MuyingPersonRecord, by date then record id */
} MuyingPersonHistory;

void                 muying_person_history_free       (MuyingPersonHistory *history);
/* The history of the woman of @record_id (or, for a newborn record, of its mother); NULL with
 * MUYING_STORE_ERROR_NOT_FOUND when there is no such record. One query over record_person_idx
 * and newborn_mother_idx. */
MuyingPersonHistory *muying_store_get_person_history  (MuyingStore  *store,
                                                       gint64        record_id,
                                                       GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingPersonMatch, muying_person_match_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingPersonHistory, muying_person_history_free)

G_END_DECLS
