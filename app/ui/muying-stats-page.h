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
/* For tests: choose a period (0 statistical year, 1 calendar year, 2 range) and compute. */
void        muying_stats_page_set_period    (MuyingStatsPage *self,
                                             guint            kind,
                                             int              year,
                                             const char      *from,
                                             const char      *to);
/* The value shown for an indicator key such as "prenatal.screened"; -1 when not shown. */
gint64      muying_stats_page_get_value     (MuyingStatsPage *self,
                                             const char      *key);
gboolean    muying_stats_page_is_busy       (MuyingStatsPage *self);
/* Exports without the file chooser (tests); the result appears in the status line. */
void        muying_stats_page_export_to     (MuyingStatsPage *self,
                                             const char      *path,
                                             gboolean         deidentify);
const char *muying_stats_page_get_status    (MuyingStatsPage *self);

G_END_DECLS
