/* muying-window-private.h: what only the tests call of muying-window.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-backup-scheduler.h"
#include "muying-change-watch.h"
#include "muying-unlinked-window.h"
#include "muying-window.h"

G_BEGIN_DECLS

gboolean      muying_window_is_locked       (MuyingWindow      *self);
MuyingLoginWindow *muying_window_get_unlock_window (MuyingWindow *self);
const char   *muying_window_get_visible_page (MuyingWindow     *self);
GtkWidget    *muying_window_get_page        (MuyingWindow      *self,
                                             const char        *name);
MuyingImportDialog *muying_window_get_import_dialog (MuyingWindow *self);
MuyingRecordForm   *muying_window_get_last_form     (MuyingWindow *self);
MuyingCaseWindow   *muying_window_get_last_case     (MuyingWindow *self);
MuyingPersonWindow *muying_window_get_last_person   (MuyingWindow *self);
/* The window of "win.show-unlinked" while it is open, else NULL. */
MuyingUnlinkedWindow *muying_window_get_unlinked_window (MuyingWindow *self);
/* The daily backup of the window. */
MuyingBackupScheduler *muying_window_get_backup_scheduler (MuyingWindow *self);
/* What tells the window that others changed the database. */
MuyingChangeWatch *muying_window_get_change_watch (MuyingWindow *self);

G_END_DECLS
