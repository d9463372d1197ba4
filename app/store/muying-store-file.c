/* muying-store-file.c: what the store asks of a file before SQLite opens it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "muying-store-file-private.h"

gboolean
_muying_file_same (const char *a,
                   const char *b)
{
  GStatBuf sa, sb;

  if (g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

gssize
_muying_file_read_header (const char *path,
                          char        header[MUYING_SQLITE_HEADER_LEN])
{
  /* O_NONBLOCK: a FIFO put where a file was expected is not waited for */
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  ssize_t n;
  int saved;

  memset (header, 0, MUYING_SQLITE_HEADER_LEN);
  if (fd < 0)
    return -1;
  n = read (fd, header, MUYING_SQLITE_HEADER_LEN);
  saved = errno;
  close (fd);
  errno = saved;
  return n;
}

gboolean
_muying_file_is_sqlite (const char *header,
                        gssize      n)
{
  return n == MUYING_SQLITE_HEADER_LEN && memcmp (header, MUYING_SQLITE_HEADER, MUYING_SQLITE_HEADER_LEN) == 0;
}
