/* muying-indicators-private.h: what only the tests of the indicators call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-indicators.h"

G_BEGIN_DECLS

/* The SQL statements that muying_store_compute_indicators, muying_store_compute_indicators_by
 * (every breakdown) and muying_store_list_indicator_records run, with ?1 and ?2 the period's
 * first and last day: for checking their query plans. */
GPtrArray *muying_indicators_dup_statements (void);

G_END_DECLS
