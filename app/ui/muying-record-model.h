/* muying-record-model.h: a GListModel over a filtered, sorted record query, loaded by pages
 *
 * Never loads the table: the count comes from SQL, rows are fetched in pages of
 * MUYING_RECORD_MODEL_PAGE_SIZE on demand and a bounded number of pages is kept.
 * Sorting and filtering happen in SQL — make a new model for a new filter (a
 * GtkSortListModel over 10^6 rows blocks for seconds).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "muying-record-query.h"

G_BEGIN_DECLS

#define MUYING_RECORD_MODEL_PAGE_SIZE 200
#define MUYING_RECORD_MODEL_MAX_PAGES 32

#define MUYING_TYPE_RECORD_MODEL (muying_record_model_get_type ())
G_DECLARE_FINAL_TYPE (MuyingRecordModel, muying_record_model, MUYING, RECORD_MODEL, GObject)

MuyingRecordModel        *muying_record_model_new              (MuyingStore              *store,
                                                                const MuyingRecordFilter *filter,
                                                                GError                  **error);
/* Without a query: @n_items rows (an estimate, corrected later by set_n_items), fetched on demand. */
MuyingRecordModel        *muying_record_model_new_with_n_items (MuyingStore              *store,
                                                                const MuyingRecordFilter *filter,
                                                                guint                     n_items);
/* Without a query: exactly @rows (MuyingRecordRow, read in a worker thread; the model takes
 * them and leaves @rows empty). */
MuyingRecordModel        *muying_record_model_new_from_rows    (MuyingStore              *store,
                                                                const MuyingRecordFilter *filter,
                                                                GPtrArray                *rows);
/* The same query read again, in place (others changed the database): the rows read so far are
 * dropped and the whole list is said to have changed, now @n_items rows (browsing) or exactly
 * @rows (a search; taken as by new_from_rows). A view on the model keeps its place. */
void                      muying_record_model_reload           (MuyingRecordModel        *self,
                                                                guint                     n_items);
void                      muying_record_model_replace_rows     (MuyingRecordModel        *self,
                                                                GPtrArray                *rows);
/* The count has arrived: the list grows or shrinks at its end. */
void                      muying_record_model_set_n_items      (MuyingRecordModel        *self,
                                                                guint                     n_items);
const MuyingRecordFilter *muying_record_model_get_filter       (MuyingRecordModel        *self);

G_END_DECLS
