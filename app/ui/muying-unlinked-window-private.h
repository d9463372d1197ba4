/* muying-unlinked-window-private.h: what only the tests call of muying-unlinked-window.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-unlinked-window.h"

G_BEGIN_DECLS

/* The rows listed; -1 when the list could not be read. */
int         muying_unlinked_window_get_n_rows      (MuyingUnlinkedWindow *self);
/* Selects row @position, as a click does; its case is then chosen below. */
void        muying_unlinked_window_select          (MuyingUnlinkedWindow *self,
                                                    guint                 position);
/* The cases offered for the selected prenatal record (her screening records). */
guint       muying_unlinked_window_get_n_candidates (MuyingUnlinkedWindow *self);
/* Picks candidate @i (prenatal) or types the newborn's sample number (audiology). */
void        muying_unlinked_window_choose_candidate (MuyingUnlinkedWindow *self,
                                                     guint                 i);
void        muying_unlinked_window_set_sample_no   (MuyingUnlinkedWindow *self,
                                                    const char           *sample_no);
/* Links the selected row to the chosen case, as the Link button does. */
gboolean    muying_unlinked_window_link            (MuyingUnlinkedWindow *self);
const char *muying_unlinked_window_get_message     (MuyingUnlinkedWindow *self);

G_END_DECLS
