/* muying-date-private.h: what only the tests call of muying-date.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-date.h"

G_BEGIN_DECLS

int      muying_date_ga_days_on       (const GDate *edd,
                                       const GDate *on);

G_END_DECLS
