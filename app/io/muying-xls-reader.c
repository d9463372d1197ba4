/* muying-xls-reader.c: the rows of the first worksheet of an .xls file (FreeXL)
 *
 * FreeXL opens a file by its name only: the bytes (already read and size-checked by the
 * caller) are written to a private temporary file, read completely, and the file is removed.
 * FreeXL reads in a forked child that streams the cells back through a pipe: a crash of the
 * child on a damaged file is a refused file for the program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-xls"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "muying-error.h"
#include "muying-sheet-rows.h"
#include "muying-xls-reader.h"
#include "muying-xlsx-reader.h"

/* What a BIFF8 worksheet can hold (Excel 97–2003); a file claiming more is damaged. */
#define XLS_MAX_ROWS    65536
#define XLS_MAX_COLUMNS 256

static const guint8 ole2_signature[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

gboolean
muying_xls_bytes_look_like_ole2 (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return size >= sizeof ole2_signature && memcmp (data, ole2_signature, sizeof ole2_signature) == 0;
}

static void
set_not_workbook (GError    **error,
                  const char *why)
{
  /* TRANSLATORS: %s says what is wrong with the file */
  g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
               _("The file is not a readable Excel 97–2003 workbook (.xls): %s"), why);
}

/* One cell as the text a CSV file saved by Excel would hold. */
static char *
cell_text (const FreeXL_CellValue *cell)
{
  switch (cell->type)
    {
    case FREEXL_CELL_INT:
      return g_strdup_printf ("%d", cell->value.int_value);
    case FREEXL_CELL_DOUBLE:
      return muying_xlsx_format_number (cell->value.double_value);
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
      /* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS": the day only, as the .xlsx reader gives it. */
      if (cell->value.text_value != NULL && strlen (cell->value.text_value) >= 10)
        return g_strndup (cell->value.text_value, 10);
      return g_strdup (cell->value.text_value ? cell->value.text_value : "");
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_TIME:
      return g_strdup (cell->value.text_value ? cell->value.text_value : "");
    case FREEXL_CELL_NULL:
    default:
      return g_strdup ("");
    }
}

/* What the reading child says at the end of its stream: the parent turns it into a message
 * (the child says no words: gettext after fork() could wait for a lock another thread held). */
typedef enum
{
  XLS_STATUS_OK = 1,
  XLS_STATUS_PASSWORD,
  XLS_STATUS_NO_SHEET,
  XLS_STATUS_SIZE,
  XLS_STATUS_CELL,
  XLS_STATUS_TEXT,
  XLS_STATUS_CRAFTED,
  XLS_STATUS_NOT_XLS,
  XLS_N_STATUS
} XlsStatus;

/* The stream from the child: a row is 'R', its line and its number of cells (each a 32-bit
 * number in the machine's order), then each cell as its length and its bytes; the end is 'E'
 * and a XlsStatus. */
#define TAG_ROW 'R'
#define TAG_END 'E'

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  g_byte_array_append (out, (const guint8 *) &v, sizeof v);
}

/* Writes all of @out to @fd; a parent that went away ends the child. */
static void
flush_to (int         fd,
          GByteArray *out)
{
  gsize done = 0;

  while (done < out->len)
    {
      ssize_t n = write (fd, out->data + done, out->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (1);
      done += (gsize) n;
    }
  g_byte_array_set_size (out, 0);
}

static XlsStatus
read_sheet (const void *handle,
            int         fd)
{
  unsigned int info = 0;
  unsigned int n_rows = 0;
  unsigned short n_columns = 0;
  g_autoptr(GByteArray) out = g_byte_array_new ();

  if (freexl_get_info (handle, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK && info == FREEXL_BIFF_OBFUSCATED)
    return XLS_STATUS_PASSWORD;
  if (freexl_get_info (handle, FREEXL_BIFF_SHEET_COUNT, &info) != FREEXL_OK || info == 0 ||
      freexl_select_active_worksheet (handle, 0) != FREEXL_OK)
    return XLS_STATUS_NO_SHEET;
  if (freexl_worksheet_dimensions (handle, &n_rows, &n_columns) != FREEXL_OK ||
      n_rows > XLS_MAX_ROWS || n_columns > XLS_MAX_COLUMNS)
    return XLS_STATUS_SIZE;

  for (unsigned int r = 0; r < n_rows; r++)
    {
      g_byte_array_append (out, (const guint8 *) &(guint8) { TAG_ROW }, 1);
      put_u32 (out, r + 1);
      put_u32 (out, n_columns);
      for (unsigned short c = 0; c < n_columns; c++)
        {
          FreeXL_CellValue cell = { 0 };
          g_autofree char *text = NULL;
          size_t len;

          if (freexl_get_cell_value (handle, r, c, &cell) != FREEXL_OK)
            return XLS_STATUS_CELL;
          text = cell_text (&cell);
          len = strlen (text);
          if (!g_utf8_validate (text, (gssize) len, NULL))
            return XLS_STATUS_TEXT;
          put_u32 (out, (guint32) len);
          g_byte_array_append (out, (const guint8 *) text, (guint) len);
        }
      if (out->len >= 64 * 1024)
        flush_to (fd, out);
    }
  flush_to (fd, out);
  return XLS_STATUS_OK;
}

/* The child: reads @path with FreeXL and streams the cells to @fd. Never returns. */
G_GNUC_NORETURN static void
child_read (const char *path,
            int         fd)
{
  struct rlimit no_core = { 0, 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const void *handle = NULL;
  XlsStatus status;
  int rc;

  /* A crash must not leave a core file with the women's records in it. */
  setrlimit (RLIMIT_CORE, &no_core);
  /* Tests: a reader that crashes, as FreeXL 1.0.6 may on a damaged file. */
  if (g_getenv ("MUYING_TEST_XLS_CHILD_ABORT") != NULL)
    abort ();
  rc = freexl_open (path, &handle);
  if (rc != FREEXL_OK)
    status = rc == FREEXL_CRAFTED_FILE ? XLS_STATUS_CRAFTED : XLS_STATUS_NOT_XLS;
  else
    status = read_sheet (handle, fd);
  /* FreeXL asks for a close even when opening failed. */
  if (handle != NULL)
    freexl_close (handle);
  g_byte_array_append (out, (const guint8 *) &(guint8) { TAG_END }, 1);
  put_u32 (out, status);
  flush_to (fd, out);
  _exit (0);
}

static gboolean
take_u32 (const guint8 **at,
          const guint8  *end,
          guint32       *v)
{
  if ((gsize) (end - *at) < sizeof *v)
    return FALSE;
  memcpy (v, *at, sizeof *v);
  *at += sizeof *v;
  return TRUE;
}

/* The child's stream as rows; the status at its end, or 0 when it stops short. */
static XlsStatus
parse_stream (const GByteArray *stream,
              MuyingSheetRows  *rows)
{
  const guint8 *at = stream->data;
  const guint8 *end = stream->data + stream->len;
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

  while (at < end)
    {
      guint8 tag = *at++;
      guint32 line, n_cells, status;

      if (tag == TAG_END)
        return take_u32 (&at, end, &status) && at == end && status >= XLS_STATUS_OK && status < XLS_N_STATUS
                 ? (XlsStatus) status : 0;
      if (tag != TAG_ROW || !take_u32 (&at, end, &line) || !take_u32 (&at, end, &n_cells) ||
          n_cells > XLS_MAX_COLUMNS)
        return 0;
      g_ptr_array_set_size (row, 0);
      for (guint32 c = 0; c < n_cells; c++)
        {
          guint32 len;

          if (!take_u32 (&at, end, &len) || (gsize) (end - at) < len)
            return 0;
          g_ptr_array_add (row, g_strndup ((const char *) at, len));
          at += len;
        }
      muying_sheet_rows_add (rows, line, row, MUYING_CSV_ROW_OK);
    }
  return 0;
}

static void
set_status_error (XlsStatus   status,
                  GError    **error)
{
  switch (status)
    {
    case XLS_STATUS_PASSWORD:
      set_not_workbook (error, _("it is protected with a password; save it again without a password"));
      break;
    case XLS_STATUS_NO_SHEET:
      set_not_workbook (error, _("it has no worksheet"));
      break;
    case XLS_STATUS_SIZE:
      set_not_workbook (error, _("the worksheet's size is damaged"));
      break;
    case XLS_STATUS_CELL:
      set_not_workbook (error, _("a cell cannot be read"));
      break;
    case XLS_STATUS_TEXT:
      set_not_workbook (error, _("a cell holds text that is not valid"));
      break;
    case XLS_STATUS_CRAFTED:
      set_not_workbook (error, _("it is badly damaged"));
      break;
    case XLS_STATUS_NOT_XLS:
      set_not_workbook (error, _("the file is damaged or not an Excel workbook"));
      break;
    case XLS_STATUS_OK:
    case XLS_N_STATUS:
    default:
      /* The reader stopped without an answer: it crashed on the file. */
      set_not_workbook (error, _("the file is damaged (reading it stopped the reader)"));
      break;
    }
}

/* FreeXL 1.0.6 can read past its buffers on some damaged files: it runs in a child process,
 * whose crash is a damaged file for the parent, which loses nothing. */
static MuyingSheetRows *
read_in_child (const char  *path,
               GError     **error)
{
  g_autoptr(MuyingSheetRows) rows = muying_sheet_rows_new ();
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  XlsStatus status;
  int fds[2];
  int wait_status = 0;
  pid_t pid;

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, &local_error))
    {
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                   _("The .xls file could not be prepared for reading: %s"), local_error->message);
      return NULL;
    }
  pid = fork ();
  if (pid < 0)
    {
      int saved = errno;

      close (fds[0]);
      close (fds[1]);
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                   _("The .xls file could not be prepared for reading: %s"), g_strerror (saved));
      return NULL;
    }
  if (pid == 0)
    {
      close (fds[0]);
      child_read (path, fds[1]);
    }
  close (fds[1]);
  for (;;)
    {
      guint8 buf[64 * 1024];
      ssize_t n = read (fds[0], buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_byte_array_append (stream, buf, (guint) n);
    }
  close (fds[0]);
  while (waitpid (pid, &wait_status, 0) < 0 && errno == EINTR)
    ;
  status = WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0 ? parse_stream (stream, rows) : 0;
  if (status != XLS_STATUS_OK)
    {
      if (WIFSIGNALED (wait_status))
        g_debug ("the .xls reader stopped on signal %d", WTERMSIG (wait_status));
      set_status_error (status, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

MuyingSheetRows *
muying_xls_read_rows (GBytes  *bytes,
                      GError **error)
{
  g_autoptr(MuyingSheetRows) rows = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  gsize size = 0;
  const guint8 *data;
  gboolean ok;
  int fd;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  /* g_file_open_tmp creates the file readable by its owner only. */
  fd = g_file_open_tmp ("muying-import-XXXXXX.xls", &path, &local_error);
  if (fd < 0)
    {
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                   _("The .xls file could not be prepared for reading: %s"), local_error->message);
      return NULL;
    }
  ok = g_close (fd, &local_error) && g_file_set_contents (path, (const char *) data, (gssize) size, &local_error);
  if (!ok)
    {
      g_unlink (path);
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                   _("The .xls file could not be prepared for reading: %s"), local_error->message);
      return NULL;
    }
  rows = read_in_child (path, error);
  g_unlink (path);
  return g_steal_pointer (&rows);
}
