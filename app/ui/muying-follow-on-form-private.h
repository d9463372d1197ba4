/* muying-follow-on-form-private.h: what only the tests call of muying-follow-on-form.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-follow-on-form.h"

G_BEGIN_DECLS

/* The message shown next to a field, or NULL when the field is fine. */
const char *muying_follow_on_form_get_field_error (MuyingFollowOnForm *self,
                                                   const char         *key);
/* The form's own message (not saved because …), or NULL. */
const char *muying_follow_on_form_get_status      (MuyingFollowOnForm *self);
/* The widget of a field (an entry, a drop-down; the identity field: a label). */
GtkWidget  *muying_follow_on_form_get_widget      (MuyingFollowOnForm *self,
                                                   const char         *key);

G_END_DECLS
