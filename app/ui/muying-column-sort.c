/* muying-column-sort.c: which column a GtkColumnView sorts by, for lists sorted in SQL
 *
 * GTK 4.8 gives no way to ask a column view which column it sorts by. So each sortable column
 * gets a GtkCustomSorter that notes its key when it is consulted; comparing two probe objects
 * through the view's sorter then names the primary column (the first one consulted) and its
 * direction (probe A sorts before probe B on every column). The rows are fetched in that order
 * by the store — never sorted in memory. Used by the record list and the worklist.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-column-sort.h"

typedef struct
{
  int first_key;   /* -1 until a column's sorter is consulted */
} Probe;

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  Probe *probe = g_object_get_data (G_OBJECT (a), "muying-sort-probe");

  if (probe != NULL && probe->first_key < 0)
    probe->first_key = GPOINTER_TO_INT (user_data);
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (a), "muying-sort-rank")) -
         GPOINTER_TO_INT (g_object_get_data (G_OBJECT (b), "muying-sort-rank"));
}

void
muying_column_sort_set_key (GtkColumnViewColumn *column,
                            int                  key)
{
  g_autoptr(GtkSorter) sorter = NULL;

  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));
  g_return_if_fail (key >= 0);

  sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, GINT_TO_POINTER (key), NULL));
  gtk_column_view_column_set_sorter (column, sorter);
}

gboolean
muying_column_sort_read (GtkSorter *view_sorter,
                         int       *key,
                         gboolean  *descending)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  Probe probe = { -1 };
  GtkOrdering order;

  g_return_val_if_fail (GTK_IS_SORTER (view_sorter), FALSE);

  g_object_set_data (a, "muying-sort-probe", &probe);
  g_object_set_data (b, "muying-sort-probe", &probe);
  g_object_set_data (a, "muying-sort-rank", GINT_TO_POINTER (1));
  g_object_set_data (b, "muying-sort-rank", GINT_TO_POINTER (2));
  order = gtk_sorter_compare (view_sorter, a, b);
  if (probe.first_key < 0)
    return FALSE;
  *key = probe.first_key;
  *descending = order == GTK_ORDERING_LARGER;
  return TRUE;
}
