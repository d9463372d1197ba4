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
#include "muying-xls-reader.h"
#include "muying-xlsx-reader.h"

/* What a BIFF8 worksheet can hold (Excel 97–2003); a file claiming more is damaged. */
#define XLS_MAX_ROWS    65536
#define XLS_MAX_COLUMNS 256

typedef struct
{
  guint line;    /* Excel's row number */
  guint first;   /* index of the first field in cells */
  guint n;
} Row;

struct _MuyingXlsReader
{
  GStringChunk *chunk;    /* the text of every cell */
  GPtrArray    *cells;    /* const char *: each row's fields followed by NULL */
  GArray       *rows;     /* Row */
  guint         next;     /* index of the row the next call returns */
};

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
read_sheet (MuyingXlsReader *self,
            const void      *handle,
            GError         **error)
{
  unsigned int info = 0;
  unsigned int n_rows = 0;
  unsigned short n_columns = 0;
  guint header_width = 0;
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
      Row out = { r + 1, self->cells->len, 0 };
      gint last = -1;

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
          if (*text != '\0')
            last = c;
          g_ptr_array_add (row, text);
        }
      if (last < 0)
        continue;   /* an empty row is not a row (as an empty line of a CSV file) */
      if (header_width == 0)
        header_width = (guint) last + 1;
      out.n = MIN (MAX ((guint) last + 1, header_width), MUYING_CSV_MAX_FIELDS);
      for (guint i = 0; i < out.n; i++)
        {
          const char *text = i < row->len ? g_ptr_array_index (row, i) : "";

          g_ptr_array_add (self->cells, g_string_chunk_insert_const (self->chunk, text));
        }
      g_ptr_array_add (self->cells, NULL);
      g_array_append_val (self->rows, out);
    }
  return TRUE;
}

MuyingXlsReader *
muying_xls_reader_new (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(MuyingXlsReader) self = NULL;
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

  self = g_new0 (MuyingXlsReader, 1);
  self->chunk = g_string_chunk_new (64 * 1024);
  self->cells = g_ptr_array_new ();
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));

  rc = freexl_open (path, &handle);
  if (rc != FREEXL_OK)
    {
      set_not_workbook (error, rc == FREEXL_CRAFTED_FILE ? _("it is badly damaged")
                                                         : _("the file is damaged or not an Excel workbook"));
      ok = FALSE;
    }
  else
    ok = read_sheet (self, handle, error);
  /* FreeXL asks for a close even when opening failed. */
  if (handle != NULL)
    freexl_close (handle);
  g_unlink (path);
  return ok ? g_steal_pointer (&self) : NULL;
}

void
muying_xls_reader_free (MuyingXlsReader *self)
{
  if (self == NULL)
    return;
  g_string_chunk_free (self->chunk);
  g_ptr_array_unref (self->cells);
  g_array_unref (self->rows);
  g_free (self);
}

static const Row *
current_row (MuyingXlsReader *self)
{
  if (self->next == 0 || self->next > self->rows->len)
    return NULL;
  return &g_array_index (self->rows, Row, self->next - 1);
}

gboolean
muying_xls_reader_next (MuyingXlsReader *self)
{
  if (self->next <= self->rows->len)
    self->next++;
  return self->next <= self->rows->len;
}

guint
muying_xls_reader_get_line (MuyingXlsReader *self)
{
  const Row *row = current_row (self);

  return row ? row->line : 0;
}

guint
muying_xls_reader_get_n_fields (MuyingXlsReader *self)
{
  const Row *row = current_row (self);

  return row ? row->n : 0;
}

const char * const *
muying_xls_reader_get_fields (MuyingXlsReader *self)
{
  static const char * const none[] = { NULL };
  const Row *row = current_row (self);

  return row ? (const char * const *) &g_ptr_array_index (self->cells, row->first) : none;
}

double
muying_xls_reader_get_progress (MuyingXlsReader *self)
{
  if (self->rows->len == 0)
    return 1.0;
  return (double) MIN (self->next, self->rows->len) / (double) self->rows->len;
}
