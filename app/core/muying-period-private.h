/* muying-period-private.h: what only the tests call of muying-period.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-period.h"

G_BEGIN_DECLS

gboolean muying_period_contains              (const MuyingPeriod *period,
                                              const GDate        *date);

/* "YYYY-MM" of month @index: the key the statistics group by. */
char    *muying_period_dup_month_key         (const MuyingPeriod *period,
                                              guint               index);

G_END_DECLS
