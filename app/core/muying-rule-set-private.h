/* muying-rule-set-private.h: what only the tests call of muying-rule-set.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-rule-set.h"

G_BEGIN_DECLS

gboolean              muying_rule_set_get_reason_level   (MuyingRuleSet               *self,
                                                          const char                  *code,
                                                          MuyingLevel                 *level);

/* NULL-terminated, sorted; owned by the rule set. */
const char * const   *muying_rule_set_list_codes         (MuyingRuleSet               *self,
                                                          MuyingProgram                program);

/* The deadline (days from the record date) a reason gets: its level's default, or the reason's
 * own deadline_days if sooner. -1 for an unknown code. */
int                   muying_rule_set_get_reason_deadline (MuyingRuleSet              *self,
                                                          const char                  *code);
gboolean              muying_rule_set_get_reason_program (MuyingRuleSet               *self,
                                                          const char                  *code,
                                                          MuyingProgram               *program);

G_END_DECLS
