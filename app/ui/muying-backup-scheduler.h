/* muying-backup-scheduler.h: the daily backup while the window is open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"

G_BEGIN_DECLS

#define MUYING_TYPE_BACKUP_SCHEDULER (muying_backup_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (MuyingBackupScheduler, muying_backup_scheduler, MUYING, BACKUP_SCHEDULER, GObject)

/* Signals: "progress" (fraction 0–1, or -1 when the backup ended), "failed" (message),
 * "space-warning" (message: the disk is short of space) and "done" (the new backup's path). */
MuyingBackupScheduler *muying_backup_scheduler_new         (MuyingAppContext      *context);
/* Counts input to @window (nullable) as activity: the backup waits until nobody has touched the
 * window for the idle time (2 minutes; MUYING_BACKUP_IDLE_SECONDS overrides it). */
void                   muying_backup_scheduler_watch_input (MuyingBackupScheduler *self,
                                                            GtkWidget             *window);
/* From now on, checks every half minute: when the user is idle and today's backup is missing,
 * it is made in a thread (the store does nothing twice a day). */
void                   muying_backup_scheduler_start       (MuyingBackupScheduler *self);
gboolean               muying_backup_scheduler_is_running  (MuyingBackupScheduler *self);
/* Cancels a backup in progress and waits until its thread has removed the unfinished file. */
void                   muying_backup_scheduler_stop        (MuyingBackupScheduler *self);

G_END_DECLS
