/* muying-unlinked-window.h: the diagnoses, outcomes and audiology results not linked to a case
 * (未关联), and linking one by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"

G_BEGIN_DECLS

#define MUYING_TYPE_UNLINKED_WINDOW (muying_unlinked_window_get_type ())
G_DECLARE_FINAL_TYPE (MuyingUnlinkedWindow, muying_unlinked_window, MUYING, UNLINKED_WINDOW, GtkWindow)

MuyingUnlinkedWindow *muying_unlinked_window_new    (GtkWindow            *parent,
                                                     MuyingAppContext     *context);
/* Reads the list again. */
void                  muying_unlinked_window_reload (MuyingUnlinkedWindow *self);

G_END_DECLS
