/* muying-store-backup.h: verified backups and restore
 *
 * A backup is made with SQLite's online backup API, in steps of a few thousand pages from one
 * snapshot (other connections keep writing: in WAL mode a reader never blocks them), into
 * "NAME.part-XXXXXX" next to the destination; the copy is switched to a single-file journal,
 * opened again and checked once (PRAGMA quick_check, or integrity_check with
 * MUYING_BACKUP_FLAGS_FULL_CHECK; application_id, schema version) while a second thread fsyncs
 * it and reads its SHA-256 in 1 MiB chunks, and only then renamed to NAME; the folder is
 * fsync'ed. The source is not checked again: the copy is its page image (muying_store_defer_check
 * lets a program skip the check of the file before its first write, too). Memory stays flat
 * whatever the size: 2 MiB page caches and a 1 MiB read buffer.
 * The audit gets a "backup" row with the path, size and SHA-256 of the file. A half-made or
 * cancelled backup never carries the final name.
 *
 * A restore first checks the file (a Muying database, not newer than this program, intact),
 * copies it to a scratch file and upgrades that to the current schema, makes a safety backup
 * of the live database ("muying-before-restore-DATE-TIME.db" in the database's folder), and
 * then replaces the live contents through the backup API in one transaction: either all of it
 * or nothing. The audit of the restored database gets a "restore" row. Sessions must log in
 * again afterwards: the accounts are those of the backup.
 *
 * A damaged live database (muying_store_quick_check finds damage) cannot pass a backup's check:
 * it is kept instead as a raw, owner-only byte copy "NAME.damaged-DATE-TIME" (and its -wal as
 * "NAME.damaged-DATE-TIME-wal") beside it, the contents are replaced as above, the new contents
 * are checked, and the "restore" row (detail "damaged_copy", "replaced_damaged") goes to the
 * restored database. The caller signs in with MUYING_LOGIN_FLAGS_DAMAGED_FILE.
 *
 * Neither may be called inside muying_store_begin/commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

typedef enum
{
  MUYING_BACKUP_FLAGS_NONE      = 0,
  MUYING_BACKUP_FLAGS_OVERWRITE = 1 << 0,  /* replace an existing file at the destination */
  MUYING_BACKUP_FLAGS_FULL_CHECK = 1 << 1, /* check the copy with integrity_check (indexes against
                                            * tables: several times slower) instead of quick_check */
} MuyingBackupFlags;

/* How far a backup is: @fraction of the pages copied, 0 to 1. Called in the thread that makes
 * the backup, after each step. */
typedef void (*MuyingBackupProgressFunc) (double   fraction,
                                          gpointer user_data);

/* What a backup file holds, for a restore dialog. */
typedef struct
{
  int     schema_version;
  gint64  n_records;
  gint64  n_users;
  gint64  size;          /* bytes */
  char   *last_audit_at; /* ISO 8601 UTC of the newest audit row, or NULL */
  char   *sha256;
  gint64  audit_head_id;   /* the newest audit entry of the copy (0 when none) and its hash: */
  char   *audit_head_hash; /* the live chain must still hold it (see docs/security.md) */
} MuyingBackupInfo;

void      muying_backup_info_clear             (MuyingBackupInfo   *info);

/* Checks, read-only, that @path is an intact Muying database this program can open
 * (MUYING_STORE_ERROR_NOT_OURS, _TOO_NEW, _CORRUPT, _NOT_FOUND otherwise). @info: (optional). */
gboolean  muying_store_inspect_backup          (const char         *path,
                                                MuyingBackupInfo   *info,
                                                GError            **error);

/* @actor: (nullable): the login audited. MUYING_STORE_ERROR_FULL means only that the backup was
 * written and checked but the audit trail (on a full disk) could not record it; a full disk
 * where the backup goes is MUYING_STORE_ERROR_FAILED. */
gboolean  muying_store_backup                  (MuyingStore        *self,
                                                const char         *dest_path,
                                                const char         *actor,
                                                MuyingBackupFlags   flags,
                                                GError            **error);
/* The same; @info (out) (optional) gets what the check of the copy found (also when only the
 * audit failed: the backup exists). Clear it with muying_backup_info_clear. */
gboolean  muying_store_backup_full             (MuyingStore        *self,
                                                const char         *dest_path,
                                                const char         *actor,
                                                MuyingBackupFlags   flags,
                                                MuyingBackupInfo   *info,
                                                GError            **error);

/* The same, reporting @progress (nullable) and stopping, with G_IO_ERROR_CANCELLED and no file
 * left behind, when @cancellable (nullable) is cancelled. */
gboolean  muying_store_backup_with_progress    (MuyingStore             *self,
                                                const char              *dest_path,
                                                const char              *actor,
                                                MuyingBackupFlags        flags,
                                                MuyingBackupProgressFunc progress,
                                                gpointer                 progress_data,
                                                GCancellable            *cancellable,
                                                MuyingBackupInfo        *info,
                                                GError                 **error);

/* @safety_copy: (out) (optional): the path of the backup of the replaced contents (or of the raw
 * copy of a damaged file). */
gboolean  muying_store_restore                 (MuyingStore        *self,
                                                const char         *src_path,
                                                const char         *actor,
                                                char              **safety_copy,
                                                GError            **error);

/* When restoring @src_path would take the database back behind the newest audit entry this
 * installation saw committed (entries would be lost, or the backup is of another history),
 * the warning to show before the restore; NULL otherwise. @info: what
 * muying_store_inspect_backup found in @src_path (the caller has checked it already). */
char     *muying_store_restore_warning         (MuyingStore            *self,
                                                const char             *src_path,
                                                const MuyingBackupInfo *info);

/* "<folder of the database>/backups": where daily backups go when the backup-folder setting
 * is empty. */
char     *muying_store_backup_default_folder   (MuyingStore        *self);

/* The daily backup: makes @folder/muying-YYYY-MM-DD.db (local date) unless it exists, then
 * deletes the daily backups the retention no longer keeps (muying-backup-retention.h): the
 * newest of each of the last @keep days (no deletion when @keep < 1), 4 weeks and 12 months,
 * and together never more than half of the free space of the disk plus their own size.
 * @folder: (nullable): NULL or "" for muying_store_backup_default_folder(). Call it at start-up
 * and, for a program left running, once an hour: it does nothing more than once a day. */
gboolean  muying_store_backup_daily            (MuyingStore        *self,
                                                const char         *folder,
                                                int                 keep,
                                                GError            **error);
/* Same, with the day given (tests) and @made: (out) (optional) the path of the new backup, or
 * NULL when today's already existed. */
gboolean  muying_store_backup_daily_full       (MuyingStore        *self,
                                                const char         *folder,
                                                int                 keep,
                                                GDateTime          *today,
                                                char              **made,
                                                GError            **error);

/* Everything a daily backup may be asked and may answer. */
typedef struct
{
  const char              *folder;         /* nullable: the default folder */
  int                      keep;           /* daily copies kept; < 1: delete nothing */
  GDateTime               *today;          /* nullable: now */
  gint64                   free_space;     /* bytes free on the folder's disk; < 0: ask the disk (tests set it) */
  MuyingBackupProgressFunc progress;       /* nullable */
  gpointer                 progress_data;
  GCancellable            *cancellable;    /* nullable */
  /* out: */
  char                    *made;           /* the new backup, or NULL when today's existed */
  char                    *space_warning;  /* NULL, or why backups were deleted for space / cannot be kept */
  guint                    n_deleted;
} MuyingDailyBackup;

void      muying_daily_backup_clear            (MuyingDailyBackup  *daily);
/* On a failure @daily->space_warning may still say that the disk is short of space. */
gboolean  muying_store_backup_daily_run        (MuyingStore        *self,
                                                MuyingDailyBackup  *daily,
                                                GError            **error);

G_END_DECLS
