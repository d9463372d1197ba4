/* muying-history-text.h: what happened to a record, in words (the case history, the audit window)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-rule-set.h"
#include "muying-store-worklist.h"

G_BEGIN_DECLS

/* “登录”, “新增账户” … for an audit action; the action itself when unknown. */
const char *muying_history_text_action_label (const char               *action);
/* An audit row's JSON detail as readable text in the user's language (“字段：旧值 → 新值”);
 * @rules (nullable) names the reasons. "" for no detail. */
char       *muying_history_text_audit        (const char               *action,
                                              const char               *entity,
                                              const char               *detail,
                                              MuyingRuleSet            *rules);
/* One entry of a record's history (muying_store_record_history) in the user's language: an
 * audit row, or a review or follow-up step that has none; @rules (nullable) names the reasons. */
char       *muying_history_text_entry        (const MuyingHistoryEntry *entry,
                                              MuyingRuleSet            *rules);

G_END_DECLS
