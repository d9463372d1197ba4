/* muying-test-search.h: what the two record-search tests share — a demo database to search, the
 * number of records a surname must find, and the list's settled count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

/* A new database at @path filled by the demo generator with @n_records records from @seed. */
MuyingStore *muying_test_search_make_store   (const char  *path,
                                              guint64      n_records,
                                              guint32      seed);
/* The prenatal records whose woman's name starts with @surname (what the list must show). */
gint64       muying_test_search_count_surname (MuyingStore *store,
                                               const char  *surname);
/* For muying_test_wait_until: the MuyingRecordList @list says its exact count ("共 …"). */
gboolean     muying_test_search_status_is_exact (gpointer   list);

G_END_DECLS
