/* muying-workbook-breakdowns.h: the indicator tables by institution, area, funding, residence and
 * age group of the programme sheets, and their sum checks on 校验 (docs/statistics.md)
 *
 * The breakdowns come from one walk over the period's cases (muying_store_compute_indicators_with_parts,
 * which counts the months and quarters in the same walk), each case in the group of its first
 * screening record of the period, so the groups of a
 * breakdown add up to the whole period: the 校验 sheet checks that they do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-workbook-private.h"

G_BEGIN_DECLS

/* The breakdowns the workbook computes, in the order of their tables (the months last: they are
 * not a table of their own, the month tables are per-month periods, but their sum is checked). */
typedef enum
{
  WORKBOOK_BREAKDOWN_INSTITUTION,
  WORKBOOK_BREAKDOWN_AREA,
  WORKBOOK_BREAKDOWN_FUNDING,
  WORKBOOK_BREAKDOWN_RESIDENCE,
  WORKBOOK_BREAKDOWN_AGE,
  WORKBOOK_BREAKDOWN_MONTH,
  WORKBOOK_N_BREAKDOWNS,
} WorkbookBreakdown;

/* The grouping of each WorkbookBreakdown, for muying_store_compute_indicators_with_parts. */
extern const MuyingIndicatorsBy muying_workbook_breakdown_bys[WORKBOOK_N_BREAKDOWNS];

/* "三" for 3: the numbers of a sheet's sections (1 … 20). */
const char *muying_workbook_section_number (guint number);

/* One block of an indicator table of @programme: the header rows (the @n_groups @labels, then
 * 分子 | 分母 | 率 under each), one row per indicator with its count in each of @groups, the last in
 * the total's formats with @last_is_total; then an empty row. */
void        muying_workbook_write_block      (Writer                         *w,
                                              Sheet                          *sh,
                                              char                            programme,
                                              const MuyingIndicators * const *groups,
                                              char * const                   *labels,
                                              guint                           n_groups,
                                              gboolean                        last_is_total);

/* The breakdown tables of @programme ('P', 'N', 'C', 'B') from the sheet's current row, the first
 * numbered @number: by institution, by area, by funding and, for the two cancers, by residence
 * and by age group. @breakdowns: MuyingIndicators per group, by WorkbookBreakdown; @total: the
 * whole period (the last column). Returns the number of the next section. */
guint       muying_workbook_write_breakdowns (Writer                 *w,
                                              Sheet                  *sh,
                                              char                    programme,
                                              GPtrArray * const      *breakdowns,
                                              const MuyingIndicators *total,
                                              guint                   number);

/* The table "the sum over institutions = over areas = over months = the total" of 校验, numbered
 * @number, for every numerator and counted denominator, a failure in red. */
void        muying_workbook_write_sum_checks (Writer                 *w,
                                              Sheet                  *sh,
                                              GPtrArray * const      *breakdowns,
                                              const MuyingIndicators *total,
                                              guint                   number);

/* The sentences of the sum checks that fail (Chinese, as the workbook), for the cover's count. */
void        muying_workbook_add_sum_failures (GPtrArray * const      *breakdowns,
                                              const MuyingIndicators *total,
                                              GPtrArray              *failures);

G_END_DECLS
