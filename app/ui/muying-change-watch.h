/* muying-change-watch.h: tells a window that another connection or program changed the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_CHANGE_WATCH (muying_change_watch_get_type ())
G_DECLARE_FINAL_TYPE (MuyingChangeWatch, muying_change_watch, MUYING, CHANGE_WATCH, GObject)

/* Asks @store about once a second whether somebody else committed, while @widget (the window
 * that owns the watch) is mapped, and emits "changed" when so: at the next tick after a quiet
 * time, at most once every 5 seconds while others keep committing.
 * A handler returns FALSE while it cannot refresh yet (an earlier refresh still runs): the
 * watch then emits again at the next tick, so changes meanwhile cost one refresh. */
MuyingChangeWatch *muying_change_watch_new        (MuyingStore       *store,
                                                   GtkWidget         *widget);

G_END_DECLS
