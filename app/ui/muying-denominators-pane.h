/* muying-denominators-pane.h: the bureau's population figures (分母) on the statistics page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"

G_BEGIN_DECLS

#define MUYING_TYPE_DENOMINATORS_PANE (muying_denominators_pane_get_type ())
G_DECLARE_FINAL_TYPE (MuyingDenominatorsPane, muying_denominators_pane, MUYING, DENOMINATORS_PANE, GtkWidget)

MuyingDenominatorsPane *muying_denominators_pane_new    (MuyingAppContext       *context);
/* Reads the figures again. Emits "changed" after it saved figures. */
void                    muying_denominators_pane_reload (MuyingDenominatorsPane *self);

G_END_DECLS
