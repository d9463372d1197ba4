/* muying-xls-reader.c: the rows of the first worksheet of an .xls file (FreeXL)
 *
 * FreeXL opens a file by its name only: the bytes (already read and size-checked by the
 * caller) are written to a private temporary file, read completely, and the file is removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-xls"

#include "config.h"

#include <freexl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

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

static gboolean
read_sheet (MuyingSheetRows *rows,
            const void      *handle,
            GError         **error)
{
  unsigned int info = 0;
  unsigned int n_rows = 0;
  unsigned short n_columns = 0;
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

  if (freexl_get_info (handle, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK && info == FREEXL_BIFF_OBFUSCATED)
    {
      set_not_workbook (error, _("it is protected with a password; save it again without a password"));
      return FALSE;
    }
  if (freexl_get_info (handle, FREEXL_BIFF_SHEET_COUNT, &info) != FREEXL_OK || info == 0 ||
      freexl_select_active_worksheet (handle, 0) != FREEXL_OK)
    {
      set_not_workbook (error, _("it has no worksheet"));
      return FALSE;
    }
  if (freexl_worksheet_dimensions (handle, &n_rows, &n_columns) != FREEXL_OK ||
      n_rows > XLS_MAX_ROWS || n_columns > XLS_MAX_COLUMNS)
    {
      set_not_workbook (error, _("the worksheet's size is damaged"));
      return FALSE;
    }

  for (unsigned int r = 0; r < n_rows; r++)
    {
      g_ptr_array_set_size (row, 0);
      for (unsigned short c = 0; c < n_columns; c++)
        {
          FreeXL_CellValue cell = { 0 };
          char *text;

          if (freexl_get_cell_value (handle, r, c, &cell) != FREEXL_OK)
            {
              set_not_workbook (error, _("a cell cannot be read"));
              return FALSE;
            }
          text = cell_text (&cell);
          if (!g_utf8_validate (text, -1, NULL))
            {
              g_free (text);
              set_not_workbook (error, _("a cell holds text that is not valid"));
              return FALSE;
            }
          g_ptr_array_add (row, text);
        }
      muying_sheet_rows_add (rows, r + 1, row, MUYING_CSV_ROW_OK);
    }
  return TRUE;
}

MuyingSheetRows *
muying_xls_read_rows (GBytes  *bytes,
                      GError **error)
{
  g_autoptr(MuyingSheetRows) rows = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  const void *handle = NULL;
  gsize size = 0;
  const guint8 *data;
  gboolean ok;
  int fd;
  int rc;

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

  rows = muying_sheet_rows_new ();

  rc = freexl_open (path, &handle);
  if (rc != FREEXL_OK)
    {
      set_not_workbook (error, rc == FREEXL_CRAFTED_FILE ? _("it is badly damaged")
                                                         : _("the file is damaged or not an Excel workbook"));
      ok = FALSE;
    }
  else
    ok = read_sheet (rows, handle, error);
  /* FreeXL asks for a close even when opening failed. */
  if (handle != NULL)
    freexl_close (handle);
  g_unlink (path);
  return ok ? g_steal_pointer (&rows) : NULL;
}
