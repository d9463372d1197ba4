/* muying-stats-format.h: the statistics as JSON and as a report for people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-indicators.h"
#include "muying-rule-set.h"
#include "muying-stats.h"

G_BEGIN_DECLS

/* docs/statistics.md, keys in its order, locale-free. */
char        *muying_stats_to_json         (const MuyingStats   *stats,
                                           gboolean             pretty);
/* The same with each programme's "indicators" (P…, N…, C…, B…: {"n": …, "d": … or null, and their
 * parts}) when @indicators is given, and "by_<by_name>" with the indicators of each of @groups
 * (muying_store_compute_indicators_by) when they are. */
char        *muying_stats_to_json_full    (const MuyingStats      *stats,
                                           const MuyingIndicators *indicators,
                                           const char             *by_name,
                                           const GPtrArray        *groups,
                                           gboolean                pretty);
/* One line per indicator: id, name, n / d = rate (or "not reported"). */
char        *muying_indicators_to_text    (const MuyingIndicators *indicators);
/* A human-readable report in the user's language; @rule_set (nullable) gives reason labels. */
char        *muying_stats_to_text         (const MuyingStats   *stats,
                                           MuyingRuleSet       *rule_set);

G_END_DECLS
