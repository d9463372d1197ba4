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
gboolean      muying_window_is_locked       (MuyingWindow      *self);
MuyingLoginWindow *muying_window_get_unlock_window (MuyingWindow *self);
const char   *muying_window_get_visible_page (MuyingWindow     *self);
GtkWidget    *muying_window_get_page        (MuyingWindow      *self,
                                             const char        *name);
void          muying_window_reload          (MuyingWindow      *self);
MuyingImportDialog *muying_window_get_import_dialog (MuyingWindow *self);
MuyingRecordForm   *muying_window_get_last_form     (MuyingWindow *self);
MuyingCaseWindow   *muying_window_get_last_case     (MuyingWindow *self);
MuyingPersonWindow *muying_window_get_last_person   (MuyingWindow *self);

G_END_DECLS
