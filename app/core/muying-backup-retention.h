/* muying-backup-retention.h: which daily backups to keep
 *
 * Given the daily backups of a folder (their date and size) and the free space of its disk, it
 * decides which to delete. Kept by age: the newest backup of each of the last N days (7), of each
 * of the last 4 ISO weeks and of each of the last 12 months. Kept by space: all backups together
 * at most half of (free space + their own size), so that backups never take the disk; the
 * oldest go first, the newest is never deleted here. No I/O: the store lists, measures and
 * deletes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MUYING_BACKUP_KEEP_DAILY   7
#define MUYING_BACKUP_KEEP_WEEKLY  4
#define MUYING_BACKUP_KEEP_MONTHLY 12
/* Percent of (free space + the backups' own size) the backups may use together. */
#define MUYING_BACKUP_SPACE_SHARE  50

typedef struct
{
  int year, month, day;  /* the backup's date (local) */
  gint64 size;           /* bytes */
  gboolean keep;         /* out: TRUE to keep, FALSE to delete */
} MuyingBackupEntry;

typedef struct
{
  int daily;       /* < 1: keep everything (no deletion at all) */
  int weekly;
  int monthly;
  int space_share; /* percent; <= 0: no space limit */
} MuyingBackupRetention;

typedef enum
{
  MUYING_BACKUP_SPACE_OK,
  MUYING_BACKUP_SPACE_TRIMMED,    /* backups the age rule keeps were deleted to stay within the share */
  MUYING_BACKUP_SPACE_EXCEEDED,   /* even the newest backup alone is over the share: the disk is nearly full */
} MuyingBackupSpace;

/* The default policy: 7 daily, 4 weekly, 12 monthly, 50 %. */
void              muying_backup_retention_init_default (MuyingBackupRetention       *policy);

/* Sets @entries[i].keep. @free_space: bytes free on the disk (the backups' own size is added
 * to it). Entries in any order, one per date (the dates are distinct). */
MuyingBackupSpace muying_backup_retention_select       (const MuyingBackupRetention *policy,
                                                        MuyingBackupEntry           *entries,
                                                        guint                        n_entries,
                                                        gint64                       free_space);

G_END_DECLS
