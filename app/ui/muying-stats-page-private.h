/* muying-stats-page-private.h: what only the tests call of muying-stats-page.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-stats-page.h"

G_BEGIN_DECLS

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
const char *muying_stats_page_get_status    (MuyingStatsPage *self);

G_END_DECLS
