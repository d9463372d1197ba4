/* muying-backup-scheduler.h: the daily backup while the window is open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-app-context.h"

G_BEGIN_DECLS

#define MUYING_TYPE_BACKUP_SCHEDULER (muying_backup_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (MuyingBackupScheduler, muying_backup_scheduler, MUYING, BACKUP_SCHEDULER, GObject)

/* Tries at once, then hourly ("failed" (message) on a failure); the store does nothing twice a day. */
MuyingBackupScheduler *muying_backup_scheduler_new   (MuyingAppContext      *context);
void                   muying_backup_scheduler_start (MuyingBackupScheduler *self);

G_END_DECLS
