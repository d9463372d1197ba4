/* muying-ui-text.h: small text helpers shared by the widgets (reason labels, level styles)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-rule-set.h"

G_BEGIN_DECLS

/* "21三体高风险；高龄孕妇" for "AMA;T21_HIGH" (codes in @codes order; unknown codes as they are). */
char       *muying_ui_reason_labels    (MuyingRuleSet *rules,
                                        const char    *codes);
/* The same with each code after its label: "21三体高风险（T21_HIGH）；…". */
char       *muying_ui_reason_labels_with_codes (MuyingRuleSet *rules,
                                                const char    *codes);
/* The CSS class that colours a level: "level-high", "level-intermediate", "level-low". */
const char *muying_ui_level_css_class  (MuyingLevel    level);

/* A GtkWidget::query-tooltip handler for labels: the label's text. */
gboolean    muying_ui_label_query_tooltip (GtkWidget  *widget,
                                           int         x,
                                           int         y,
                                           gboolean    keyboard,
                                           GtkTooltip *tooltip,
                                           gpointer    user_data);

/* A column of single-line, ellipsized labels: @bind fills a cell (the factory's "column" data
 * is @column); @tooltip shows the whole text on hover. Sets the factory on @view_column. */
void        muying_ui_set_label_column    (GtkColumnViewColumn *view_column,
                                           int                  column,
                                           gboolean             tooltip,
                                           GCallback            bind,
                                           gpointer             user_data);
/* After muying_ui_set_label_column: the column's cells are never cut short (ID numbers, due
 * dates with the days overdue); the column is as wide as its widest cell. */
void        muying_ui_column_show_whole   (GtkColumnViewColumn *view_column);

/* From a worker thread: shows @fraction in @bar on the main thread. Safe when the bar's
 * window is closed meanwhile (the bar is kept alive and left alone once unparented). */
void        muying_ui_progress_from_thread (GtkProgressBar *bar,
                                            double          fraction);

char       *muying_ui_local_minute          (const char *at);

/* A count with its thousands grouped: 1000012 → "1,000,012" (as the statistics are written). */
char       *muying_ui_format_count          (gint64      n);

G_END_DECLS
