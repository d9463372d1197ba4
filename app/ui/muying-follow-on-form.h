/* muying-follow-on-form.h: keyboard-first entry of one follow-on record of a case — a prenatal
 * diagnosis, a pregnancy outcome or an audiology diagnosis (muying-follow-on.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-follow-on.h"

G_BEGIN_DECLS

#define MUYING_TYPE_FOLLOW_ON_FORM (muying_follow_on_form_get_type ())
G_DECLARE_FINAL_TYPE (MuyingFollowOnForm, muying_follow_on_form, MUYING, FOLLOW_ON_FORM, GtkWindow)

/* A form for a record of @kind that follows the case of the screening record @record_id: its
 * identity field (the woman's ID number, the newborn's sample number) is the case's and is not
 * editable. After the store has saved it the form emits "saved" (the new row's id, whether it
 * was linked to a case) and closes. NULL with @error when the case cannot be read. */
MuyingFollowOnForm *muying_follow_on_form_new       (GtkWindow          *parent,
                                                     MuyingAppContext   *context,
                                                     MuyingFollowOnKind  kind,
                                                     gint64              record_id,
                                                     GError            **error);
/* The same form filled with the follow-on row @row_id of the case, to correct it: the row's own
 * number and date (its natural key) are shown but cannot be changed; saving updates the row (and
 * applies its effect again, as a save from a file does). */
MuyingFollowOnForm *muying_follow_on_form_new_edit  (GtkWindow          *parent,
                                                     MuyingAppContext   *context,
                                                     MuyingFollowOnKind  kind,
                                                     gint64              record_id,
                                                     gint64              row_id,
                                                     GError            **error);
MuyingFollowOnKind  muying_follow_on_form_get_kind  (MuyingFollowOnForm *self);
/* The row being edited; 0 for a new record. */
gint64              muying_follow_on_form_get_row_id (MuyingFollowOnForm *self);

/* Checks and saves, as Enter and the Save button do; TRUE when the store committed the record. */
gboolean            muying_follow_on_form_save      (MuyingFollowOnForm *self);

/* For tests and scripted entry: a field's value by its key, as an import file writes it. */
void                muying_follow_on_form_set_value (MuyingFollowOnForm *self,
                                                     const char         *key,
                                                     const char         *value);
char               *muying_follow_on_form_get_value (MuyingFollowOnForm *self,
                                                     const char         *key);

G_END_DECLS
