/* muying-stats-page.h: indicators for a period, a monthly chart, and the annual workbook export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-rule-set.h"
#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_STATS_PAGE (muying_stats_page_get_type ())
G_DECLARE_FINAL_TYPE (MuyingStatsPage, muying_stats_page, MUYING, STATS_PAGE, GtkWidget)

MuyingStatsPage *muying_stats_page_new      (MuyingAppContext *context);
void        muying_stats_page_reload        (MuyingStatsPage *self);
/* Exports without the file chooser (tests); the result appears in the status line. */
void        muying_stats_page_export_to     (MuyingStatsPage *self,
                                             const char      *path,
                                             gboolean         deidentify);

G_END_DECLS
