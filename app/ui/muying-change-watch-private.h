/* muying-change-watch-private.h: what only the tests call of muying-change-watch.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-change-watch.h"

G_BEGIN_DECLS

/* Whether the watch is asking now (its window is mapped). */
gboolean muying_change_watch_is_running (MuyingChangeWatch *self);

G_END_DECLS
