/* muying-record-model.h: a GListModel over a filtered, sorted record query, loaded by pages
 *
 * Never loads the table: the count comes from SQL, rows are fetched in pages of
 * MUYING_RECORD_MODEL_PAGE_SIZE on demand and a bounded number of pages is kept.
 * Sorting and filtering happen in SQL — make a new model for a new filter (a
 * GtkSortListModel over 10^6 rows blocks for seconds), or give a search's rows to the model
 * the view shows (muying_record_model_replace_rows).
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
/* Without a query: exactly @rows (MuyingRecordRow of a search, at most MUYING_RECORD_SEARCH_LIMIT,
 * read in a worker thread; the model takes them and leaves @rows empty). */
MuyingRecordModel        *muying_record_model_new_from_rows    (MuyingStore              *store,
                                                                const MuyingRecordFilter *filter,
                                                                GPtrArray                *rows);
/* New rows (a search's, at most MUYING_RECORD_SEARCH_LIMIT) in place of the model's, under
 * @filter: the items at the same places take the new rows and emit ::changed, so a view keeps
 * its row widgets and only rebinds them; the list grows or shrinks at its end. Takes the rows
 * and leaves @rows empty; FALSE (and nothing done) when there are more rows than that. */
gboolean                  muying_record_model_replace_rows     (MuyingRecordModel        *self,
                                                                const MuyingRecordFilter *filter,
                                                                GPtrArray                *rows);
/* The same browse query read again, in place (others changed the database): the rows read so far
 * are dropped and the whole list is said to have changed, now @n_items rows. A view on the model
 * keeps its place. */
void                      muying_record_model_reload           (MuyingRecordModel        *self,
                                                                guint                     n_items);
/* The count has arrived: the list grows or shrinks at its end. */
void                      muying_record_model_set_n_items      (MuyingRecordModel        *self,
                                                                guint                     n_items);
const MuyingRecordFilter *muying_record_model_get_filter       (MuyingRecordModel        *self);

G_END_DECLS
