/* muying-store-private.h: what the store's own files share and nothing else may call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

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

/* The MuyingPersonChange flags of the last muying_store_save_*() (muying-store-records.c). */
guint       _muying_store_get_last_person_change (MuyingStore *self);
void        _muying_store_set_last_person_change (MuyingStore *self,
                                                  guint        change);

/* Adds "person": {"id", "id_number", "name", "phone"} to @b: the woman of @record_id (for a
 * newborn record, the mother) as she is now. Written into the sign and amend audit rows, so
 * what a doctor signed stays known after a later correction (muying-store-persons.c). */
gboolean    _muying_store_add_person_snapshot (MuyingStore  *self,
                                               gint64        record_id,
                                               JsonBuilder  *b,
                                               GError      **error);

/* The current time as the store writes it everywhere (created_at, updated_at, audit "at"):
 * ISO 8601 UTC with microseconds, so rows of the same second still sort in order. */
char       *_muying_store_now_iso              (void);

/* Removes the scratch copies (".muying-restore-XXXXXX" and its journal) that a killed restore
 * left beside @database_path; one a running restore holds locked is kept (muying-store-backup.c). */
void        _muying_store_remove_stale_restore_files (const char *database_path);

G_END_DECLS
