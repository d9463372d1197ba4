/* muying-store-records.h: writing screening records with their classification
 *
 * Each save is keyed by the programme's natural key (sample_no / exam_no): an existing key is
 * updated (the old and new values go to the audit), an identical record is left unchanged.
 * The person is found by ID number (created when new). The reasons, the rule-set version and
 * the follow-up due date are written with the record. Callers wrap several saves in
 * muying_store_begin/commit (an import writes all its valid rows in one transaction).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

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

G_END_DECLS
