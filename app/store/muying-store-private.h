/* muying-store-private.h: what the store's own files share and nothing else may call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

/* The newest audit hash, known only inside our own write transaction (muying-store-audit.c). */
const char *_muying_store_get_last_audit_hash (MuyingStore *self);
void        _muying_store_set_last_audit_hash (MuyingStore *self,
                                               const char  *hash);
/* TRUE when @record_id was inserted in a batch (muying_store_begin_batch) and so is audited by
 * the batch's own row, not one of its own (muying-store-records.c). */
gboolean    _muying_store_note_batch_insert   (MuyingStore *self,
                                               gint64       record_id);

/* The current time as the store writes it everywhere (created_at, updated_at, audit "at"):
 * ISO 8601 UTC with microseconds, so rows of the same second still sort in order. */
char       *_muying_store_now_iso              (void);

/* Removes the scratch copies (".muying-restore-XXXXXX" and its journal) that a killed restore
 * left beside @database_path; one a running restore holds locked is kept (muying-store-backup.c). */
void        _muying_store_remove_stale_restore_files (const char *database_path);

G_END_DECLS
