/* muying-store-bulk.h: many new records in one transaction (the demo generator's load)
 *
 * A bulk load writes complete records — person, record, the programme's row, reasons, newborn
 * gene variant rows, reviews, the follow-up and its steps — as they stand after the work that a real
 * registry would have done on them, in ONE transaction, without an audit row per record: the
 * load's own audit row (muying_store_bulk_commit) names it. The follow-on records of the cases
 * (prenatal diagnoses, pregnancy outcomes, audiology diagnoses: muying-follow-on.h) go in as they
 * stand too, without applying their effects: the caller writes the follow-ups they lead to. Rows go in through prepared
 * statements that the store keeps; the programme's own columns are written from its
 * descriptor (muying-program-descriptor.h), so this API names no screening field.
 *
 * The caller writes what it decides: levels, review states, times. The rows reference each
 * other correctly by construction, so foreign keys are not checked during the load. When the
 * load adds more records than the database holds (and at least 10,000), the secondary indexes
 * of the tables it writes are dropped at the start and rebuilt at the commit (same
 * transaction): building an index after a bulk load is several times faster than maintaining
 * it. Signed records are sealed at the commit like the ones a doctor signs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "muying-classification.h"
#include "muying-follow-on.h"
#include "muying-followup.h"
#include "muying-screening.h"
#include "muying-store.h"

G_BEGIN_DECLS

typedef struct _MuyingStoreBulk MuyingStoreBulk;

/* What a record row holds besides the programme's fields (its key and date come from them). */
typedef struct
{
  gint64       person_id;      /* the woman, or the newborn */
  const char  *institution;    /* nullable */
  MuyingLevel  level;          /* the record's level now (a doctor may have changed the computed one) */
  const char  *review_state;   /* "none", "pending", "reviewed" or "signed" */
  gint64       signed_by;      /* the signer's account id; 0 = not signed */
  const char  *signed_at;      /* ISO 8601, with signed_by */
  const char  *created_at;     /* ISO 8601; also written as updated_at */
  gint64       mother_id;      /* newborn: the mother's person id */
} MuyingBulkRecord;

/* The follow-up of a flagged record as it stands after its steps. */
typedef struct
{
  MuyingFollowupState  state;
  const GDate         *due;           /* nullable or invalid = none */
  const char          *next_step;     /* nullable */
  int                  attempts;
  const char          *outcome;       /* nullable */
  const char          *opened_at;     /* ISO 8601 */
  const char          *closed_at;     /* nullable */
  /* The record's, copied into the follow-up for the worklist. */
  MuyingProgram        program;
  MuyingLevel          level;
  const char          *review_state;
} MuyingBulkFollowup;

/* Starts the transaction. @user: written as created_by/updated_by and in the audit row (may be
 * NULL); @n_records: how many records the caller means to add (decides whether the indexes are
 * rebuilt at the end). */
MuyingStoreBulk *muying_store_bulk_begin          (MuyingStore                 *store,
                                                   const char                  *user,
                                                   guint64                      n_records,
                                                   GError                     **error);

/* A new person. FALSE with MUYING_STORE_ERROR_CONSTRAINT when the ID number is taken (nothing is
 * written; the load goes on). @id_number and @phone may be NULL; @mother_id 0 = none. */
gboolean         muying_store_bulk_add_person     (MuyingStoreBulk             *bulk,
                                                   const char                  *id_number,
                                                   const char                  *name,
                                                   MuyingSex                    sex,
                                                   const GDate                 *birth_date,
                                                   const char                  *phone,
                                                   gint64                       mother_id,
                                                   const char                  *created_at,
                                                   gint64                      *person_id,
                                                   GError                     **error);

/* A record: its row, the programme's row, its reasons (those of @classification; its rules
 * version), and for a newborn its gene variant rows. */
gboolean         muying_store_bulk_add_prenatal   (MuyingStoreBulk             *bulk,
                                                   const MuyingPrenatalRecord  *record,
                                                   const MuyingClassification  *classification,
                                                   const MuyingBulkRecord      *row,
                                                   gint64                      *record_id,
                                                   GError                     **error);
gboolean         muying_store_bulk_add_newborn    (MuyingStoreBulk             *bulk,
                                                   const MuyingNewbornRecord   *record,
                                                   const MuyingClassification  *classification,
                                                   const MuyingBulkRecord      *row,
                                                   gint64                      *record_id,
                                                   GError                     **error);
gboolean         muying_store_bulk_add_two_cancer (MuyingStoreBulk             *bulk,
                                                   const MuyingTwoCancerRecord *record,
                                                   const MuyingClassification  *classification,
                                                   const MuyingBulkRecord      *row,
                                                   gint64                      *record_id,
                                                   GError                     **error);

/* A doctor's review row ("accept", "raise", "lower", "sign"); @reason nullable. */
gboolean         muying_store_bulk_add_review     (MuyingStoreBulk             *bulk,
                                                   gint64                       record_id,
                                                   const char                  *user,
                                                   const char                  *action,
                                                   MuyingLevel                  old_level,
                                                   MuyingLevel                  new_level,
                                                   const char                  *reason,
                                                   const char                  *at,
                                                   GError                     **error);

gboolean         muying_store_bulk_add_followup   (MuyingStoreBulk             *bulk,
                                                   gint64                       record_id,
                                                   const MuyingBulkFollowup    *followup,
                                                   gint64                      *followup_id,
                                                   GError                     **error);
/* One step of a follow-up's history; @step, @user and @note nullable. */
gboolean         muying_store_bulk_add_followup_step (MuyingStoreBulk          *bulk,
                                                   gint64                       followup_id,
                                                   MuyingFollowupState          state,
                                                   const char                  *step,
                                                   const GDate                 *date,
                                                   const char                  *user,
                                                   const char                  *note,
                                                   const char                  *created_at,
                                                   GError                     **error);

/* A follow-on record (the struct of @kind, e.g. MuyingPrenatalDiagnosis), its columns written
 * from its kind's descriptor. A prenatal diagnosis or outcome names the woman (@person_id, from
 * its ID number) and is linked to her pregnancy at the commit, when her prenatal records are
 * grouped into pregnancies (muying-pregnancy.h: by its EDD, else its date); an audiology
 * diagnosis is linked to @case_record_id, the newborn's record (0 = kept unlinked). @created_at:
 * ISO 8601, also written as updated_at. The natural key must be new. */
gboolean         muying_store_bulk_add_follow_on  (MuyingStoreBulk             *bulk,
                                                   MuyingFollowOnKind           kind,
                                                   gconstpointer                record,
                                                   gint64                       person_id,
                                                   gint64                       case_record_id,
                                                   const char                  *created_at,
                                                   gint64                      *id,
                                                   GError                     **error);

/* Rebuilds the indexes, groups the prenatal records into pregnancies and links the prenatal
 * follow-on records to them, seals the signed records, appends the load's audit row (@action on
 * entity "record", @detail JSON), commits and folds the WAL back into the database. Frees
 * @bulk; on failure nothing is written. */
gboolean         muying_store_bulk_commit         (MuyingStoreBulk             *bulk,
                                                   const char                  *action,
                                                   const char                  *detail,
                                                   GError                     **error);
/* Rolls back everything the load wrote and frees @bulk. */
void             muying_store_bulk_abort          (MuyingStoreBulk             *bulk);

G_END_DECLS
