/* muying-person-window-private.h: what only the tests call of muying-person-window.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-person-window.h"

G_BEGIN_DECLS

guint               muying_person_window_get_n_records (MuyingPersonWindow *self);
/* Her pregnancies shown; -1 when they could not be read. */
int                 muying_person_window_get_n_pregnancies (MuyingPersonWindow *self);

G_END_DECLS
