/* muying-backup-scheduler-private.h: what only the tests call of muying-backup-scheduler.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-backup-scheduler.h"

G_BEGIN_DECLS

/* Starts today's backup at once, whatever the idle time; its thread first waits @delay_ms, so
 * that a test can act while it surely runs. */
void muying_backup_scheduler_run_now (MuyingBackupScheduler *self,
                                      guint                  delay_ms);

G_END_DECLS
