/* muying-store-lookup.h: small read-only questions the windows ask about the database
 *
 * The pages and forms never run SQL themselves; they ask these instead. Each one reports a
 * failed query as a GError, so the caller can say so rather than show an empty page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

/* Whether the database holds any record at all (the empty state; not a count). */
gboolean muying_store_has_records        (MuyingStore    *self,
                                          gboolean       *has_records,
                                          GError        **error);

/* Number of rows in the audit trail, or -1 with @error set. */
gint64   muying_store_count_audit_rows   (MuyingStore    *self,
                                          GError        **error);

/* The programme of record @record_id; MUYING_STORE_ERROR_NOT_FOUND when there is no such record. */
gboolean muying_store_get_record_program (MuyingStore    *self,
                                          gint64          record_id,
                                          MuyingProgram  *program,
                                          GError        **error);

/* The id of the record with natural key @record_key in @program: 0 when there is none,
 * -1 with @error set when the query failed. */
gint64   muying_store_find_record_id     (MuyingStore    *self,
                                          MuyingProgram   program,
                                          const char     *record_key,
                                          GError        **error);

/* The stored classification of record @record_id: its level and its reason codes joined by ';'
 * in code order (NULL when it has none). MUYING_STORE_ERROR_NOT_FOUND when there is no such record. */
gboolean muying_store_get_record_result  (MuyingStore    *self,
                                          gint64          record_id,
                                          MuyingLevel    *level,
                                          char          **codes,
                                          GError        **error);

G_END_DECLS
