/* muying-store-records.h: writing screening records with their classification
 *
 * Each save is keyed by the programme's natural key (sample_no / exam_no): an existing key is
 * updated (the old and new values go to the audit), an identical record is left unchanged.
 * The person is found by ID number (created when new); a known ID number with another name is
 * refused with MUYING_STORE_ERROR_IDENTITY_CONFLICT (see muying_store_correct_person). The
 * reasons, the rule-set version and the follow-up due date are written with the record.
 * Callers wrap several saves in muying_store_begin/commit (an import writes all its valid rows
 * in one transaction).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

/* What a save changed of the person besides the record (muying_store_get_last_person_change). */
typedef enum
{
  MUYING_PERSON_CHANGE_NONE  = 0,
  MUYING_PERSON_CHANGE_PHONE = 1 << 0,   /* the woman's contact phone (old one in the audit row) */
  MUYING_PERSON_CHANGE_OTHER = 1 << 1,   /* a newborn's name, sex or birth date (unsigned record) */
} MuyingPersonChange;

gboolean muying_store_save_prenatal   (MuyingStore                 *self,
                                       const MuyingPrenatalRecord  *record,
                                       const MuyingClassification  *classification,
                                       const char                  *user,
                                       MuyingSaveOutcome           *outcome,
                                       gint64                      *record_id,
                                       GError                     **error);
gboolean muying_store_save_newborn    (MuyingStore                 *self,
                                       const MuyingNewbornRecord   *record,
                                       const MuyingClassification  *classification,
                                       const char                  *user,
                                       MuyingSaveOutcome           *outcome,
                                       gint64                      *record_id,
                                       GError                     **error);
gboolean muying_store_save_two_cancer (MuyingStore                 *self,
                                       const MuyingTwoCancerRecord *record,
                                       const MuyingClassification  *classification,
                                       const char                  *user,
                                       MuyingSaveOutcome           *outcome,
                                       gint64                      *record_id,
                                       GError                     **error);

/* What the last successful muying_store_save_*() on this connection changed of the person:
 * a row may leave its record as it was and still give the woman a new phone number, which the
 * import counts as an update and reports. A save with a changed person is never UNCHANGED. */
MuyingPersonChange muying_store_get_last_person_change (MuyingStore *self);

/* ---- row versions ---------------------------------------------------------------------------- */

/* What a save passes as the version seen when it is not a record's row_version. */
#define MUYING_ROW_VERSION_UNCHECKED (-1)   /* nobody looked (an import): not checked */
#define MUYING_ROW_VERSION_NEW       (-2)   /* a new record's form: there was none, one there now is not overwritten */

/* A save of the screening record @record (a MuyingPrenatalRecord, MuyingNewbornRecord or
 * MuyingTwoCancerRecord, by @program) as muying_store_save_prenatal() and the others, over what
 * its user saw: refused before it writes anything, with MUYING_STORE_ERROR_CONFLICT naming who
 * changed the record and when (muying-store-version.c), when the record is no longer at
 * @seen_version, or, naming who created it, when @seen_version is MUYING_ROW_VERSION_NEW and the
 * record is there. MUYING_ROW_VERSION_UNCHECKED and a record that is not there (any more) pass.
 * Call it inside the write transaction. @row_version (nullable) gets the record's version after
 * the save. */
gboolean muying_store_save_screening       (MuyingStore                 *self,
                                            MuyingProgram                program,
                                            gconstpointer                record,
                                            const MuyingClassification  *classification,
                                            const char                  *user,
                                            gint64                       seen_version,
                                            gint64                      *row_version,
                                            MuyingSaveOutcome           *outcome,
                                            gint64                      *record_id,
                                            GError                     **error);

G_END_DECLS
