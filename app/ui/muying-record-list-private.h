/* muying-record-list-private.h: what only the tests call of muying-record-list.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-record-list.h"

G_BEGIN_DECLS

/* For tests: the level filter as a person would set it. */
void               muying_record_list_set_level  (MuyingRecordList *self,
                                                  int               level);

/* For tests: each search or count thread waits @ms (or until it is cancelled) before its query,
 * so that a test can type again while one runs. */
void               muying_record_list_set_job_delay (MuyingRecordList *self,
                                                     guint             ms);
/* For tests: how many searches whose rows the list showed ran their query in a worker thread,
 * and how many on the thread of the window (none may: the main loop must keep turning). */
void               muying_record_list_get_search_threads (MuyingRecordList *self,
                                                          guint            *in_thread,
                                                          guint            *on_owner);
/* For tests: whether a search or count runs in a thread now (not one waiting for a frame). */
gboolean           muying_record_list_is_job_running (MuyingRecordList *self);
/* For tests: the status line under the filters. */
const char        *muying_record_list_get_status (MuyingRecordList *self);

G_END_DECLS
