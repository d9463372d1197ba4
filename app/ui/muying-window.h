/* muying-window.h: the main window — programme pages, worklist, statistics, administration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-application.h"
#include "muying-case-window.h"
#include "muying-import-dialog.h"
#include "muying-login-window.h"
#include "muying-person-window.h"
#include "muying-record-form.h"
#include "muying-rule-set.h"
#include "muying-store.h"
#include "muying-user.h"

G_BEGIN_DECLS

#define MUYING_TYPE_WINDOW (muying_window_get_type ())
G_DECLARE_FINAL_TYPE (MuyingWindow, muying_window, MUYING, WINDOW, GtkApplicationWindow)

MuyingWindow *muying_window_new             (MuyingApplication *application,
                                             MuyingStore       *store,
                                             MuyingUser        *user);
/* The idle lock (also used by tests). */
void          muying_window_lock            (MuyingWindow      *self);
void          muying_window_reload          (MuyingWindow      *self);

G_END_DECLS
