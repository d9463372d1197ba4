/* muying-case-window-private.h: what only the tests call of muying-case-window.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-case-timeline.h"
#include "muying-case-window.h"
#include "muying-follow-on-form.h"

G_BEGIN_DECLS

const MuyingCase *muying_case_window_get_case   (MuyingCaseWindow   *self);

/* The message of the last action (success or refusal), in the user's language. */
const char       *muying_case_window_get_message (MuyingCaseWindow  *self);
guint             muying_case_window_get_n_history (MuyingCaseWindow *self);

/* The signature dialog while it is open (Sign button, "case.sign"), else NULL. */
GtkWindow        *muying_case_window_get_sign_dialog (MuyingCaseWindow *self);

/* For tests and scripted entry: the note of the next follow-up step. */
void              muying_case_window_set_followup_note (MuyingCaseWindow *self,
                                                        const char       *note);

/* The dialog opened by the "case.correct-person" action, or NULL. */
GtkWindow        *muying_case_window_get_person_dialog (MuyingCaseWindow *self);

/* "The personal details were changed after this record was signed…", or NULL when not shown. */
const char       *muying_case_window_get_identity_notice (MuyingCaseWindow *self);

/* The follow-on form opened by muying_case_window_add_follow_on while it is open, else NULL. */
MuyingFollowOnForm *muying_case_window_get_follow_on_form (MuyingCaseWindow *self);
/* The timeline at the bottom of the window. */
MuyingCaseTimeline *muying_case_window_get_timeline       (MuyingCaseWindow *self);

G_END_DECLS
