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

/* With @one, the indicators are computed on the store's connection alone, never on a second one in
 * a thread (muying-indicators.c, "two connections"); FALSE is the default. */
void       muying_indicators_set_one_connection   (gboolean one);
/* How many connections the last computation of the indicators read on (1 or 2). */
guint      muying_indicators_get_last_connections (void);

G_END_DECLS
