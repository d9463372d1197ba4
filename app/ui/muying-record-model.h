/* muying-record-model.h: a GListModel over a filtered, sorted record query, loaded by pages
 *
 * Never loads the table: the count comes from SQL, rows are fetched in pages of
 * MUYING_RECORD_MODEL_PAGE_SIZE on demand and a bounded number of pages is kept.
 * Sorting and filtering happen in SQL (a GtkSortListModel over 10^6 rows blocks for seconds):
 * a new filter goes to the model the view shows, a search's rows with
 * muying_record_model_replace_rows, a browse query with muying_record_model_replace_query.
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
/* A new browse query (a search cleared, a filter or the order changed) in place of the model's:
 * its first rows are read now (a page, or as many as the model had, up to the pinned pages) and
 * take the places of the first items as replace_rows does, so a view at the top keeps its row
 * widgets. @count is the query's count, or -1 while it is not known: the list is then only as
 * long as the rows read (a place past the query's end has no item to give) and set_n_items adds
 * the rest. *@counted tells whether the length is the query's (@count given, or all its rows
 * read). A view must not hold a selected item past the rows read (the selection would look for
 * it among all the new rows): unselect first. FALSE with @error, nothing done, when the rows
 * cannot be read. */
gboolean                  muying_record_model_replace_query    (MuyingRecordModel        *self,
                                                                const MuyingRecordFilter *filter,
                                                                gint64                    count,
                                                                gboolean                 *counted,
                                                                GError                  **error);
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
