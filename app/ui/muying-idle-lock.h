/* muying-idle-lock.h: the window locks after the idle time without input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-login-window.h"

G_BEGIN_DECLS

#define MUYING_TYPE_IDLE_LOCK (muying_idle_lock_get_type ())
G_DECLARE_FINAL_TYPE (MuyingIdleLock, muying_idle_lock, MUYING, IDLE_LOCK, GObject)

/* Watches the input to @window (which owns the lock) from now on. */
MuyingIdleLock    *muying_idle_lock_new               (GtkWindow        *window,
                                                       MuyingAppContext *context);
/* Hides the window's content and asks for the signed-in user's password. */
void               muying_idle_lock_lock              (MuyingIdleLock   *self);
gboolean           muying_idle_lock_is_locked         (MuyingIdleLock   *self);
MuyingLoginWindow *muying_idle_lock_get_unlock_window (MuyingIdleLock   *self);

G_END_DECLS
