/* muying-store-persons.h: finding people at entry time (no duplicate persons), correcting them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"
#include "muying-user.h"

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

/* The stored record as import columns (docs/import-formats.md keys → text), for editing in a form.
 * Sets @program and @row_version (both nullable: the version of what was read, for the save's
 * check, muying_importer_expect_version). NULL with an error when there is no such record. */
GHashTable        *muying_store_load_record_fields   (MuyingStore   *store,
                                                      gint64         record_id,
                                                      MuyingProgram *program,
                                                      gint64        *row_version,
                                                      GError       **error);

/* The registered name of the person with @id_number: TRUE with *@name NULL when there is none.
 * Cheap (a kept statement): the import's check of every row before anything is written. */
gboolean           muying_store_get_person_name      (MuyingStore  *store,
                                                      const char   *id_number,
                                                      char        **name,
                                                      GError      **error);
/* "The ID number is registered as “@registered”, which does not match the name “@given”…", in
 * the user's language: why a save, an import row or the entry form is refused. */
char              *muying_person_name_conflict_message (const char *registered,
                                                        const char *given);

/* ---- corrections --------------------------------------------------------------------------
 *
 * A woman's name and phone belong to all her records; a save never renames her (a known ID
 * number with another name is refused, see muying-store-records.h). A real correction — a
 * misspelt name at registration, a new phone — is made here by a doctor or administrator
 * (MUYING_PERMISSION_SIGN) with a reason: one transaction, one audit row (action "correct",
 * entity "person": {"name": [old, new], "phone": [old, new], "reason": …}). Birth date and sex
 * come from the ID number and are not corrected separately.
 *
 * A signed record shows the person as she is now; what the doctor signed is kept in the sign
 * (and amend) audit row, "person": {"id", "id_number", "name", "phone"}, and
 * muying_store_get_record_person says whether she changed after the signing. */

/* @name, @phone: (nullable) NULL keeps the value; an empty @phone removes the number.
 * MUYING_STORE_ERROR_NOT_FOUND for an unknown ID number; MUYING_STORE_ERROR_CONSTRAINT when the
 * reason is missing, the name empty or nothing changes; MUYING_AUTH_ERROR_FORBIDDEN for a nurse. */
gboolean           muying_store_correct_person       (MuyingStore  *store,
                                                      MuyingUser   *actor,
                                                      const char   *id_number,
                                                      const char   *name,
                                                      const char   *phone,
                                                      const char   *reason,
                                                      GError      **error);

typedef struct
{
  gint64    person_id;
  char     *id_number;
  char     *name;                     /* now */
  char     *phone;                    /* now, nullable */
  char     *signed_at;                /* the record's last signing, NULL when not signed */
  gboolean  has_signed_snapshot;      /* the signing's audit row names the person (signed by
                                         this version or later) */
  char     *signed_name;              /* the person as signed, when has_signed_snapshot */
  char     *signed_phone;             /* nullable */
  guint     n_changes_after_signing;  /* audit rows that changed her after the signing */
} MuyingRecordPerson;

void                muying_record_person_free        (MuyingRecordPerson *person);
/* The woman of @record_id (for a newborn record, the mother) now and, for a signed record, as
 * signed. NULL with MUYING_STORE_ERROR_NOT_FOUND when there is no such record. */
MuyingRecordPerson *muying_store_get_record_person   (MuyingStore        *store,
                                                      gint64              record_id,
                                                      GError            **error);


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
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingRecordPerson, muying_record_person_free)

G_END_DECLS
