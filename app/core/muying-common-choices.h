/* muying-common-choices.h: the choice lists that the descriptors of several programmes share
 *
 * The background of a record (funding, residence, household support) and every yes/no column.
 * The Chinese spellings are import aliases (data/rules/aliases.ini); the keys are those of
 * docs/import-formats.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-field.h"

G_BEGIN_DECLS

extern const MuyingFieldChoice muying_yes_no_choices[];      /* MuyingYesNo */
extern const MuyingFieldChoice muying_funding_choices[];     /* MuyingFunding */
extern const MuyingFieldChoice muying_residence_choices[];   /* MuyingResidence */

#define MUYING_ALLOWED_YES_NO    "yes (是), no (否)"
#define MUYING_ALLOWED_FUNDING   "free_programme (免费项目), self_paid (自费), insurance (医保), other (其他)"
#define MUYING_ALLOWED_RESIDENCE "rural (农村), urban (城镇)"

G_END_DECLS
