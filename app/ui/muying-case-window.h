/* muying-case-window.h: one flagged case — review and sign-off, follow-up to an outcome, later
 * results, diagnoses and outcomes, printed documents and the case's timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-follow-on.h"
#include "muying-rule-set.h"
#include "muying-store-worklist.h"
#include "muying-user.h"

G_BEGIN_DECLS

#define MUYING_TYPE_CASE_WINDOW (muying_case_window_get_type ())
G_DECLARE_FINAL_TYPE (MuyingCaseWindow, muying_case_window, MUYING, CASE_WINDOW, GtkWindow)

MuyingCaseWindow *muying_case_window_new        (GtkWindow          *parent,
                                                 MuyingAppContext   *context,
                                                 gint64              record_id,
                                                 GError            **error);

/* What the buttons do, with the values of the form; also used by tests. Each returns TRUE
 * when the change was committed; the window then shows the case again. */
gboolean          muying_case_window_review     (MuyingCaseWindow   *self,
                                                 MuyingReviewAction  action,
                                                 int                 new_level,
                                                 const char         *reason,
                                                 const char         *note);
/* The electronic signature: @password is the signed-in user's, checked like a log-in. */
gboolean          muying_case_window_sign       (MuyingCaseWindow   *self,
                                                 const char         *password);
/* Reverses the follow-up's last step, with a reason (see muying_store_followup_reverse_step). */
gboolean          muying_case_window_reverse_step (MuyingCaseWindow *self,
                                                   const char       *reason);
/* A review reason or a follow-up note typed and not yet recorded. */
gboolean          muying_case_window_has_unsaved_text (MuyingCaseWindow *self);
gboolean          muying_case_window_transition (MuyingCaseWindow   *self,
                                                 MuyingFollowupState to,
                                                 const char         *date,
                                                 const char         *step,
                                                 const char         *note,
                                                 const char         *outcome,
                                                 int                 contact_attempts,
                                                 gboolean            refusal_signed);
gboolean          muying_case_window_enter_result (MuyingCaseWindow *self,
                                                   MuyingResultKind  kind,
                                                   const char       *value,
                                                   const char       *value2,
                                                   const char       *date,
                                                   const char       *note);
/* Opens the form of a follow-on record of @kind for this case (as the "Add …" buttons do); the
 * case is shown again once the store has saved it. FALSE when the form cannot be opened. */
gboolean          muying_case_window_add_follow_on (MuyingCaseWindow   *self,
                                                    MuyingFollowOnKind  kind);
/* Opens the form of the case's follow-on row @row_id to correct it (the timeline's "Edit…"). */
gboolean          muying_case_window_edit_follow_on (MuyingCaseWindow   *self,
                                                     MuyingFollowOnKind  kind,
                                                     gint64              row_id);
/* Corrects the name and/or phone of the record's woman (doctors and administrators; the reason
 * is required); all her records show the new details, the history keeps old → new. */
gboolean          muying_case_window_correct_person (MuyingCaseWindow *self,
                                                     const char       *name,
                                                     const char       *phone,
                                                     const char       *reason);

G_END_DECLS
