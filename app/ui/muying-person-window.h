/* muying-person-window.h: every record of one woman (and her newborns) across the programmes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_PERSON_WINDOW (muying_person_window_get_type ())
G_DECLARE_FINAL_TYPE (MuyingPersonWindow, muying_person_window, MUYING, PERSON_WINDOW, GtkWindow)

/* The woman of @record_id (a newborn record: its mother). Activating a row runs the parent's
 * "win.open-case" (records with a follow-up or above low) or "win.open-record". NULL with
 * @error when there is no such record. */
MuyingPersonWindow *muying_person_window_new          (GtkWindow          *parent,
                                                       MuyingAppContext   *context,
                                                       gint64              record_id,
                                                       GError            **error);
/* Opens the record in row @position, as activating the row does. */
void                muying_person_window_open_row      (MuyingPersonWindow *self,
                                                        guint               position);

G_END_DECLS
