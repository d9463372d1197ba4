/* muying-field-widget.h: the widget a form shows for one field of a descriptor
 *
 * The screening entry form (muying-record-form.c) and the follow-on form
 * (muying-follow-on-form.c) build their fields the same way: a drop-down of the field's options
 * (muying-field-options.h) for a choice, a sex or a panel, else an entry where the value is typed
 * as an import file has it; the label says "*" for a required field, and a label beside the
 * widget shows what is wrong with its value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-field.h"
#include "muying-rule-set.h"

G_BEGIN_DECLS

/* A GtkDropDown (its options kept on it) or a GtkEntry with the field's placeholder. */
GtkWidget *muying_field_widget_new         (const MuyingField *field,
                                            MuyingRuleSet     *rules);
/* The label's text: the translated label, with " *" for a required field. */
char      *muying_field_widget_label_text  (const MuyingField *field);
/* The label beside the widget that shows a problem of its value (hidden while there is none). */
GtkWidget *muying_field_widget_error_new   (void);

/* The value as a row of an import file has it: the selected option's key ("" = not recorded),
 * or the entry's text without surrounding spaces. */
char      *muying_field_widget_get_text    (GtkWidget         *widget);
/* Shows @value: a drop-down selects the option of the key, an alias of the rule set ("高风险")
 * or another spelling of a choice ("BI-RADS 4a类"); an entry shows the text. */
void       muying_field_widget_set_text    (GtkWidget         *widget,
                                            const MuyingField *field,
                                            MuyingRuleSet     *rules,
                                            const char        *value);
/* Selects the first option (not recorded) or empties the entry. */
void       muying_field_widget_clear       (GtkWidget         *widget);

G_END_DECLS
