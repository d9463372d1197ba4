/* muying-store-pregnancy-private.h: keeping the pregnancy table and the links of prenatal
 * diagnoses and outcomes up to date (muying-pregnancy.h says what a pregnancy is)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

/* Regroups the prenatal records of the woman @person_id into pregnancies (keeping the ids of
 * pregnancies that still exist) and re-links her diagnoses and outcomes that were not linked by
 * hand. Inside the caller's transaction. With @user (a save), a diagnosis or outcome that is now
 * linked to a pregnancy acts on its follow-up (muying-store-follow-on-private.h). */
gboolean _muying_store_regroup_person      (MuyingStore  *store,
                                            gint64        person_id,
                                            const char   *user,
                                            GError      **error);
/* The same for every woman, without acting on follow-ups (the schema step that introduced
 * pregnancies, bulk loads). */
gboolean _muying_store_regroup_all         (MuyingStore  *store,
                                            GError      **error);

G_END_DECLS
