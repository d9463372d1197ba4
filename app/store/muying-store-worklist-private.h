/* muying-store-worklist-private.h: amendments of the store that only the tests call, and
 * nothing else may (the semantics are in muying-store-worklist.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store-worklist.h"

G_BEGIN_DECLS

/* Amending the data of a signed record: @record must be the record @record_id (same programme
 * and key), @classification its classification by the rule set. Saved as muying_store_save_*
 * does (with its "update" audit row of the changed fields), then re-signed by @actor.
 * @new_level -1 keeps the level. Fails with MUYING_STORE_ERROR_CONSTRAINT when nothing changes. */
gboolean muying_store_amend_prenatal  (MuyingStore                 *store,
                                       MuyingUser                  *actor,
                                       gint64                       record_id,
                                       const MuyingPrenatalRecord  *record,
                                       const MuyingClassification  *classification,
                                       int                          new_level,
                                       const char                  *reason,
                                       GError                     **error);

/* Reopens a closed follow-up (an amendment: MUYING_PERMISSION_SIGN and a reason): back to the
 * state before it was closed, due again from today. */
gboolean muying_store_followup_reopen     (MuyingStore    *store,
                                           MuyingUser     *actor,
                                           gint64          record_id,
                                           const char     *reason,
                                           MuyingRuleSet  *rules,
                                           const GDate    *today,
                                           GError        **error);

G_END_DECLS
