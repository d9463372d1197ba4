/* muying-store-follow-on-private.h: what the store's record saves tell the follow-on records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-follow-on.h"
#include "muying-store.h"

G_BEGIN_DECLS

/* A screening record saved later linked the follow-on record @id to its case: its effect on the
 * case's follow-up is applied now (with the default deadlines) and the link audited. */
gboolean _muying_store_follow_on_linked   (MuyingStore        *store,
                                           MuyingFollowOnKind  kind,
                                           gint64              id,
                                           const char         *user,
                                           GError            **error);
/* Links the unlinked audiology diagnoses of sample number @sample_no to the newborn record
 * @record_id just saved (and applies their effects). */
gboolean _muying_store_link_audiology     (MuyingStore        *store,
                                           gint64              record_id,
                                           const char         *sample_no,
                                           const char         *user,
                                           GError            **error);

G_END_DECLS
