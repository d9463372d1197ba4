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

/* A column of GtkInscription cells, @min_chars to @nat_chars wide (average characters; a Chinese
 * character counts about two), cut short with "…" (the whole text on hover when @tooltip): a
 * cell's new text is drawn without measuring the row again. When a search's 500 rows take a
 * list's places, labels are measured again for each of the 200 rows the view keeps: about 25 ms
 * of the window's thread at 10M records (README, Performance). Not for cells that must be whole:
 * their column follows the widest text (labels, muying_ui_column_show_whole). */
void        muying_ui_set_inscription_column (GtkColumnViewColumn *view_column,
                                              int                  column,
                                              guint                min_chars,
                                              guint                nat_chars,
                                              gboolean             tooltip,
                                              GCallback            bind,
                                              gpointer             user_data);
/* The text of a cell of either kind (a GtkLabel or a GtkInscription). */
void        muying_ui_cell_set_text       (GtkWidget           *cell,
                                           const char          *text);
const char *muying_ui_cell_get_text       (GtkWidget           *cell);

/* From a worker thread: shows @fraction in @bar on the main thread. Safe when the bar's
 * window is closed meanwhile (the bar is kept alive and left alone once unparented). */
void        muying_ui_progress_from_thread (GtkProgressBar *bar,
                                            double          fraction);

char       *muying_ui_local_minute          (const char *at);

/* A count with its thousands grouped: 1000012 → "1,000,012" (as the statistics are written). */
char       *muying_ui_format_count          (gint64      n);

G_END_DECLS
