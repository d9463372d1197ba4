/* muying-store-file-private.h: what the store asks of a file before SQLite opens it
 *
 * Shared by opening a database (muying-store.c), reading a backup (muying-store-backup.c) and
 * checking an output path (muying-output-path.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The first 16 bytes of every SQLite 3 file, NUL included. */
#define MUYING_SQLITE_HEADER "SQLite format 3"
#define MUYING_SQLITE_HEADER_LEN 16

/* Whether @a and @b name the same file (device and inode); FALSE when either cannot be stat'ed. */
gboolean _muying_file_same          (const char *a,
                                     const char *b);
/* Reads the first MUYING_SQLITE_HEADER_LEN bytes of @path: the number read (0 = an empty file), or
 * -1 with errno set when the file cannot be opened or read. */
gssize   _muying_file_read_header   (const char *path,
                                     char        header[MUYING_SQLITE_HEADER_LEN]);
/* Whether the @n bytes read by _muying_file_read_header are an SQLite header. */
gboolean _muying_file_is_sqlite     (const char *header,
                                     gssize      n);

G_END_DECLS
