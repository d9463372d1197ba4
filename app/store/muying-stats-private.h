/* muying-stats-private.h: what only the tests of the statistics call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-stats.h"

G_BEGIN_DECLS

/* The SQL statements that muying_stats_compute_report (with @groups), muying_stats_list_loci and
 * the registers of the workbook (muying-store-case-register.h) run for @period on @store,
 * as they would run them now (with ?1, ?2 the period's first and last day, ?3 today and the
 * programme): for checking their query plans. */
GPtrArray *muying_stats_dup_statements (MuyingStore         *store,
                                        const MuyingPeriod  *period,
                                        MuyingStatsGroups    groups,
                                        GError             **error);

G_END_DECLS
