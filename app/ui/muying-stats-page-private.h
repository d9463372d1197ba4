/* muying-stats-page-private.h: what only the tests call of muying-stats-page.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-denominators-pane.h"
#include "muying-indicator-cases-window.h"
#include "muying-stats-page.h"

G_BEGIN_DECLS

/* For tests: choose a period (0 statistical year, 1 calendar year, 2 range, 3 a quarter of the
 * statistical year @year: @from "Q1" … "Q4") and compute. */
void        muying_stats_page_set_period    (MuyingStatsPage *self,
                                             guint            kind,
                                             int              year,
                                             const char      *from,
                                             const char      *to);

/* The value shown for an indicator key such as "prenatal.screened"; -1 when not shown. */
gint64      muying_stats_page_get_value     (MuyingStatsPage *self,
                                             const char      *key);
gboolean    muying_stats_page_is_busy       (MuyingStatsPage *self);
const char *muying_stats_page_get_status    (MuyingStatsPage *self);
/* The headline's sentences (项目汇总) shown, one a line. */
const char *muying_stats_page_get_headline  (MuyingStatsPage *self);
/* The text shown of indicator @id ("P4"): @column 0 its count, 1 its denominator, 2 its rate;
 * NULL when it is not shown. */
const char *muying_stats_page_get_indicator_text (MuyingStatsPage *self,
                                                  const char      *id,
                                                  guint            column);
/* The button of a count (its cases), or NULL when that count is not one (a population figure). */
GtkWidget  *muying_stats_page_get_count_button   (MuyingStatsPage *self,
                                                  const char      *id,
                                                  gboolean         denominator);
/* The drill-down window opened last, while it is open. */
MuyingIndicatorCasesWindow *muying_stats_page_get_cases_window (MuyingStatsPage *self);
MuyingDenominatorsPane     *muying_stats_page_get_denominators_pane (MuyingStatsPage *self);
/* "indicators" or "denominators" */
void        muying_stats_page_show_tab      (MuyingStatsPage *self,
                                             const char      *name);
/* What the indicators tab shows: "empty", "error" or "stats". */
const char *muying_stats_page_get_content   (MuyingStatsPage *self);

G_END_DECLS
