/* muying-field-options.h: what a field of a programme offers in a drop-down, and a listed value in words
 *
 * The descriptor (muying-program-descriptor.h) lists the choices of a CHOICE field. The other
 * drop-downs are not descriptor choices: a SEX field is 1 male / 2 female, a PANEL field offers the
 * gene panels of the rule set (data/panels), so a new panel file is a new choice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-program-descriptor.h"
#include "muying-rule-set.h"

G_BEGIN_DECLS

typedef struct
{
  char *key;     /* what the form writes in its row (an import file's text); "" = not recorded */
  char *label;   /* translated */
} MuyingFieldOption;

/* The options of a CHOICE, SEX or PANEL field in the order they are offered, as MuyingFieldOption;
 * NULL for a field of another kind. Without @rules a PANEL field offers none. */
GPtrArray *muying_field_list_options      (const MuyingField *field,
                                           MuyingRuleSet     *rules);

/* A value as the store hands it out as text ("mid_double", "114", "9") in words: choice labels,
 * 16+2, the panel's name (@rules nullable); NULL when it is not recorded. */
char      *muying_field_text_for_display (const MuyingField *field,
                                           MuyingRuleSet     *rules,
                                           const char        *text);

G_END_DECLS
