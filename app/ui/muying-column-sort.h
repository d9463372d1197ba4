/* muying-column-sort.h: which column a GtkColumnView sorts by, for lists sorted in SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes @column sortable; @key (>= 0) is what muying_column_sort_read gives for it. */
void     muying_column_sort_set_key (GtkColumnViewColumn *column,
                                     int                  key);
/* The view's primary sort column's key and direction; FALSE when the view is not sorted. */
gboolean muying_column_sort_read    (GtkSorter           *view_sorter,
                                     int                 *key,
                                     gboolean            *descending);

G_END_DECLS
