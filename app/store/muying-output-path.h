/* muying-output-path.h: where the program may write a file the user named
 *
 * Every output the user points somewhere (the annual workbook, the rejected-rows report, a
 * backup, a PDF, printing to a file) goes through muying_output_path_check() first. It refuses:
 *
 *  - the open database itself, compared by file identity (device and inode, so a symlink or
 *    "./m.db" is caught too) and by resolved name;
 *  - its companions "-wal", "-shm" and "-journal", whether they exist or not;
 *  - anything inside its backups folder ("backups" beside the database, and the folder chosen
 *    in the daily-backup settings, registered with muying_output_path_protect_folder());
 *  - an existing file that is an SQLite database (it starts with "SQLite format 3\0");
 *  - an existing destination that is not a regular file (a folder, a device, a pipe).
 *
 * The file itself is written to an owner-only (0600) temporary file in the same folder
 * (muying_output_path_create_temp) and renamed over the destination only when it is complete
 * (muying_output_path_commit): a failure leaves an earlier file of that name as it was and no
 * temporary file behind. A process killed while writing leaves its temporary file: the next
 * muying_output_path_create_temp() for the same name removes those of this user that have not
 * been written to for MUYING_OUTPUT_PATH_STALE_SECONDS (only regular files named like its own).
 *
 * Errors: MUYING_STORE_ERROR_CONSTRAINT for a refused destination, _PERMISSION or _FAILED when
 * the file system says no.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

/* How long a temporary file of an output must lie untouched before it counts as left behind. */
#define MUYING_OUTPUT_PATH_STALE_SECONDS (60 * 60)

/* @store: (nullable): without a database only the last two rules apply. */
gboolean  muying_output_path_check           (MuyingStore  *store,
                                              const char   *path,
                                              GError      **error);

/* Like muying_output_path_check(), but a path inside the backups folder is allowed: the daily
 * backup itself writes there. */
gboolean  muying_output_path_check_backup    (MuyingStore  *store,
                                              const char   *path,
                                              GError      **error);

/* Adds @folder (the daily-backup folder setting; NULL or "" does nothing) to the folders no
 * output may be written into, for the rest of the process. Thread-safe. */
void      muying_output_path_protect_folder  (const char   *folder);

/* Creates an empty owner-only file ".NAME.XXXXXX" beside @path and returns its path; first
 * removes the stale ones of the same name (above). */
char     *muying_output_path_create_temp     (const char   *path,
                                              GError      **error);

/* Flushes @tmp_path to the disk, checks @path again (@store nullable) and renames @tmp_path over
 * it. On failure @tmp_path is deleted. */
gboolean  muying_output_path_commit          (MuyingStore  *store,
                                              const char   *tmp_path,
                                              const char   *path,
                                              GError      **error);

G_END_DECLS
