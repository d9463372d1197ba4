/* muying-stats-page.h: indicators for a period and the annual workbook export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_STATS_PAGE (muying_stats_page_get_type ())
G_DECLARE_FINAL_TYPE (MuyingStatsPage, muying_stats_page, MUYING, STATS_PAGE, GtkWidget)

void muying_stats_page_set_store (MuyingStatsPage *self,
                                  MuyingStore    *store);
void muying_stats_page_reload    (MuyingStatsPage *self);

G_END_DECLS
