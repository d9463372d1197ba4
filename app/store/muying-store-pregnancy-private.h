/* muying-store-pregnancy-private.h: keeping the pregnancy table and the links of prenatal
 * diagnoses and outcomes up to date (muying-pregnancy.h says what a pregnancy is)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-sql.h"
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

/* What the fast path below reads of the woman of a new prenatal record, bound to her ID number
 * and sent ahead with the save's own look-ups (muying_sql_send; on a server one round trip for
 * all): her pregnancies, and whether diagnoses or outcomes of hers wait for a pregnancy. Each
 * read only if needed. Their texts are theirs alone, so no other use of the store's kept
 * statements resets them meanwhile. */
typedef struct
{
  MuyingSqlStmt *pregnancies;
  MuyingSqlStmt *events;
} MuyingPregnancyLookups;

gboolean _muying_store_send_pregnancy_lookups  (MuyingStore            *store,
                                                const char             *id_number,
                                                MuyingPregnancyLookups *lookups,
                                                GError                **error);
/* Resets them (their answers, read or not). */
void     _muying_store_pregnancy_lookups_clear (MuyingPregnancyLookups *lookups);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MuyingPregnancyLookups, _muying_store_pregnancy_lookups_clear)

/* The fast path of an import: before a new prenatal record of @person_id is inserted, the
 * pregnancy it joins (one that exists at its sample date), or the one it starts when it is her
 * latest record (@created). 0 when it would start a pregnancy among her earlier records: the
 * caller then regroups her after the save. @new_person: this save created her (nothing to look
 * up: it starts her first pregnancy). */
gboolean _muying_store_place_new_record    (MuyingStore  *store,
                                            const MuyingPregnancyLookups *lookups,
                                            gint64        person_id,
                                            gboolean      new_person,
                                            const GDate  *sample_date,
                                            const GDate  *edd,
                                            gint64       *pregnancy_id,
                                            gboolean     *created,
                                            GError      **error);
/* After a new pregnancy was created for her: links her diagnoses and outcomes, if she has any. */
gboolean _muying_store_link_new_pregnancy  (MuyingStore  *store,
                                            const MuyingPregnancyLookups *lookups,
                                            gint64        person_id,
                                            const char   *id_number,
                                            const char   *user,
                                            GError      **error);

G_END_DECLS
