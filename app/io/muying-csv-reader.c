/* muying-csv-reader.c: RFC 4180 rows from a UTF-8 or GB18030 file (docs/import-formats.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-csv"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "muying-csv-reader-private.h"
#include "muying-csv-reader.h"
#include "muying-error.h"
#include "muying-sheet-rows.h"
#include "muying-xls-reader.h"
#include "muying-xlsx-reader.h"

struct _MuyingCsvReader
{
  GBytes            *bytes;      /* the raw file */
  char              *converted;  /* the text converted from GB18030, or NULL */
  const char        *text;       /* UTF-8 text without BOM */
  gsize              len;
  gsize              pos;
  guint              line;       /* physical line at pos, 1-based */
  MuyingCsvEncoding  encoding;
  MuyingSheetRows   *sheet;     /* an .xlsx or .xls file: its rows, read whole; every call goes to them */

  /* the current row */
  guint              row_line;
  MuyingCsvRowFlags  flags;
  GString           *buf;        /* the fields, each NUL-terminated */
  GArray            *offsets;    /* guint offsets into buf */
  GPtrArray         *fields;     /* pointers into buf, NULL-terminated */
};

/* Line number (1-based) of byte @offset of @data: counts LF, CRLF and lone CR. */
static guint
line_of_offset (const char *data,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        line++;
      else if (data[i] == '\r' && (i + 1 >= offset || data[i + 1] != '\n'))
        line++;
    }
  return line;
}

static gboolean
decode (MuyingCsvReader *self,
        GError         **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (self->bytes, &size);
  const char *nul;
  const char *end = NULL;

  if (data == NULL)
    data = "";

  if (size > MUYING_CSV_MAX_FILE_SIZE)
    {
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                   _("The file is too large (%u MB); split it into files of at most %u MB"),
                   (guint) (size / (1024 * 1024)), (guint) (MUYING_CSV_MAX_FILE_SIZE / (1024 * 1024)));
      return FALSE;
    }

  if (size >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                    ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)))
    {
      g_set_error_literal (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_ENCODING,
                           _("The file is in UTF-16 (“Unicode text”); "
                             "save it from the spreadsheet as “CSV UTF-8 (comma delimited)”"));
      return FALSE;
    }

  nul = memchr (data, '\0', size);
  if (nul != NULL)
    {
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_ENCODING,
                   _("The file contains a NUL byte on line %u: it is not a text CSV file"),
                   line_of_offset (data, (gsize) (nul - data)));
      return FALSE;
    }

  if (size >= 3 && (guchar) data[0] == 0xEF && (guchar) data[1] == 0xBB && (guchar) data[2] == 0xBF)
    {
      self->encoding = MUYING_CSV_ENCODING_UTF8_BOM;
      self->text = data + 3;
      self->len = size - 3;
      if (!g_utf8_validate_len (self->text, self->len, &end))
        {
          g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_ENCODING,
                       _("The file is marked as UTF-8 but line %u is not valid UTF-8"),
                       line_of_offset (self->text, (gsize) (end - self->text)));
          return FALSE;
        }
      return TRUE;
    }

  if (g_utf8_validate_len (data, size, &end))
    {
      self->encoding = MUYING_CSV_ENCODING_UTF8;
      self->text = data;
      self->len = size;
      return TRUE;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      gsize bytes_read = 0, bytes_written = 0;
      guint bad_line = line_of_offset (data, (gsize) (end - data));

      self->converted = g_convert (data, (gssize) size, "UTF-8", "GB18030",
                                   &bytes_read, &bytes_written, &local_error);
      if (self->converted == NULL)
        {
          g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_ENCODING,
                       _("The file is neither UTF-8 (invalid on line %u) nor GB18030 (invalid on line %u); "
                         "save it from the spreadsheet as “CSV UTF-8 (comma delimited)”"),
                       bad_line, line_of_offset (data, MIN (bytes_read, size)));
          return FALSE;
        }
      self->encoding = MUYING_CSV_ENCODING_GB18030;
      self->text = self->converted;
      self->len = bytes_written;
      return TRUE;
    }
}

/* Excel writes "sep=," as a first line when asked to; any other separator is not ours. */
static gboolean
skip_separator_line (MuyingCsvReader *self,
                     GError         **error)
{
  gsize i;

  if (self->len < 5 || g_ascii_strncasecmp (self->text, "sep=", 4) != 0)
    return TRUE;
  i = 5;
  if (i < self->len && self->text[i] != '\r' && self->text[i] != '\n')
    return TRUE;   /* "sep=…" followed by more text: an ordinary (odd) header */
  if (self->text[4] != ',')
    {
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_HEADER,
                   _("The file says its separator is “%c”; save it as comma-separated CSV"),
                   self->text[4]);
      return FALSE;
    }
  if (i < self->len && self->text[i] == '\r')
    i++;
  if (i < self->len && self->text[i] == '\n')
    i++;
  self->pos = i;
  self->line = 2;
  return TRUE;
}

MuyingCsvReader *
muying_csv_reader_new (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(MuyingCsvReader) self = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  self = g_new0 (MuyingCsvReader, 1);
  self->bytes = g_bytes_ref (bytes);
  self->line = 1;
  self->buf = g_string_sized_new (1024);
  self->offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint), 64);
  self->fields = g_ptr_array_sized_new (64);

  if (muying_xlsx_bytes_look_like_zip (bytes))
    {
      g_autoptr(MuyingXlsxReader) xlsx = muying_xlsx_reader_new (bytes, error);

      self->encoding = MUYING_CSV_ENCODING_XLSX;
      if (xlsx == NULL)
        return NULL;
      self->sheet = muying_xlsx_reader_steal_rows (xlsx);
      return g_steal_pointer (&self);
    }
  if (muying_xls_bytes_look_like_ole2 (bytes))
    {
      self->encoding = MUYING_CSV_ENCODING_XLS;
      self->sheet = muying_xls_read_rows (bytes, error);
      return self->sheet ? g_steal_pointer (&self) : NULL;
    }
  if (!decode (self, error) || !skip_separator_line (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

GBytes *
muying_csv_read_file (const char  *path,
                      gsize        max_size,
                      GError     **error)
{
  g_autoptr(GByteArray) data = NULL;
  GStatBuf st = { 0 };
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* O_NONBLOCK: opening a pipe must not wait for a writer; it is refused just below. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                   _("Cannot read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      if (S_ISDIR (st.st_mode))
        g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                     _("“%s” is a folder: choose a CSV or Excel file"), path);
      else
        g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                     _("“%s” is not an ordinary file (a device or a pipe): choose a CSV or Excel file saved on disk"), path);
      return NULL;
    }
  if ((guint64) st.st_size > max_size)
    {
      close (fd);
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                   _("The file is too large (%u MB); split it into files of at most %u MB"),
                   (guint) MIN ((guint64) st.st_size / (1024 * 1024), G_MAXUINT),
                   (guint) (max_size / (1024 * 1024)));
      return NULL;
    }
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);

  /* Read, not mapped: a file changed by another program while we read must not crash us. The
   * cap is counted as we read: the size the file system reported may be wrong or grow. */
  data = g_byte_array_sized_new ((guint) MIN ((guint64) st.st_size + 1, max_size + 1));
  for (;;)
    {
      guint8 chunk[65536];
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                       _("Cannot read “%s”: %s"), path, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      if (data->len + (gsize) n > max_size)
        {
          close (fd);
          g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                       _("The file is larger than %u MB; split it into smaller files"),
                       (guint) (max_size / (1024 * 1024)));
          return NULL;
        }
      g_byte_array_append (data, chunk, (guint) n);
    }
  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

MuyingCsvReader *
muying_csv_reader_new_for_path (const char *path,
                                GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = muying_csv_read_file (path, MUYING_CSV_MAX_FILE_SIZE, error);
  if (bytes == NULL)
    return NULL;
  return muying_csv_reader_new (bytes, error);
}

void
muying_csv_reader_free (MuyingCsvReader *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sheet, muying_sheet_rows_free);
  g_free (self->converted);
  g_string_free (self->buf, TRUE);
  g_array_unref (self->offsets);
  g_ptr_array_unref (self->fields);
  g_free (self);
}

MuyingCsvEncoding
muying_csv_reader_get_encoding (MuyingCsvReader *self)
{
  return self->encoding;
}

/* Consumes one line break at pos, if any. */
static inline void
eat_line_break (MuyingCsvReader *self)
{
  if (self->pos < self->len && self->text[self->pos] == '\r')
    {
      self->pos++;
      if (self->pos < self->len && self->text[self->pos] == '\n')
        self->pos++;
      self->line++;
    }
  else if (self->pos < self->len && self->text[self->pos] == '\n')
    {
      self->pos++;
      self->line++;
    }
}

/* Appends the unquoted run at pos up to the next separator or line break. */
static inline void
read_unquoted (MuyingCsvReader *self)
{
  const char *t = self->text;
  gsize start = self->pos, p = start;

  while (p < self->len && t[p] != ',' && t[p] != '\n' && t[p] != '\r')
    p++;
  g_string_append_len (self->buf, t + start, (gssize) (p - start));
  self->pos = p;
}

/* pos is just after the opening quote. */
static void
read_quoted (MuyingCsvReader *self)
{
  const char *t = self->text;

  for (;;)
    {
      gsize start = self->pos, p = start;

      while (p < self->len && t[p] != '"')
        {
          if (t[p] == '\n' || (t[p] == '\r' && (p + 1 >= self->len || t[p + 1] != '\n')))
            self->line++;
          p++;
        }
      g_string_append_len (self->buf, t + start, (gssize) (p - start));
      if (p >= self->len)
        {
          self->pos = p;
          self->flags |= MUYING_CSV_ROW_UNTERMINATED_QUOTE;
          return;
        }
      if (p + 1 < self->len && t[p + 1] == '"')
        {
          g_string_append_c (self->buf, '"');
          self->pos = p + 2;
          continue;
        }
      self->pos = p + 1;
      break;
    }

  if (self->pos < self->len && t[self->pos] != ',' && t[self->pos] != '\n' && t[self->pos] != '\r')
    {
      /* "abc"def: keep the text, but the row is malformed */
      self->flags |= MUYING_CSV_ROW_BAD_QUOTE;
      read_unquoted (self);
    }
}

gboolean
muying_csv_reader_next (MuyingCsvReader *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->sheet != NULL)
    return muying_sheet_rows_next (self->sheet);
  /* Empty lines are not rows (a trailing newline, blank lines between rows). */
  while (self->pos < self->len && (self->text[self->pos] == '\n' || self->text[self->pos] == '\r'))
    eat_line_break (self);
  if (self->pos >= self->len)
    {
      g_ptr_array_set_size (self->fields, 0);
      g_array_set_size (self->offsets, 0);
      return FALSE;
    }

  self->row_line = self->line;
  self->flags = MUYING_CSV_ROW_OK;
  g_string_truncate (self->buf, 0);
  g_array_set_size (self->offsets, 0);

  for (;;)
    {
      guint offset = (guint) self->buf->len;

      if (self->pos < self->len && self->text[self->pos] == '"')
        {
          self->pos++;
          read_quoted (self);
        }
      else
        read_unquoted (self);

      if (n < MUYING_CSV_MAX_FIELDS)
        {
          g_string_append_c (self->buf, '\0');
          g_array_append_val (self->offsets, offset);
        }
      else
        {
          g_string_truncate (self->buf, offset);
          self->flags |= MUYING_CSV_ROW_TOO_MANY_FIELDS;
        }
      n++;

      if (self->pos < self->len && self->text[self->pos] == ',')
        {
          self->pos++;
          continue;
        }
      eat_line_break (self);
      break;
    }

  g_ptr_array_set_size (self->fields, 0);
  for (guint i = 0; i < self->offsets->len; i++)
    g_ptr_array_add (self->fields, self->buf->str + g_array_index (self->offsets, guint, i));
  g_ptr_array_add (self->fields, NULL);
  return TRUE;
}

guint
muying_csv_reader_get_line (MuyingCsvReader *self)
{
  if (self->sheet != NULL)
    return muying_sheet_rows_get_line (self->sheet);
  return self->row_line;
}

guint
muying_csv_reader_get_n_fields (MuyingCsvReader *self)
{
  if (self->sheet != NULL)
    return muying_sheet_rows_get_n_fields (self->sheet);
  return self->offsets->len;
}

const char * const *
muying_csv_reader_get_fields (MuyingCsvReader *self)
{
  if (self->sheet != NULL)
    return muying_sheet_rows_get_fields (self->sheet);
  return (const char * const *) self->fields->pdata;
}

const char *
muying_csv_reader_get_field (MuyingCsvReader *self,
                             guint            index)
{
  if (self->sheet != NULL)
    {
      g_return_val_if_fail (index < muying_sheet_rows_get_n_fields (self->sheet), NULL);
      return muying_sheet_rows_get_fields (self->sheet)[index];
    }
  g_return_val_if_fail (index < self->offsets->len, NULL);
  return self->buf->str + g_array_index (self->offsets, guint, index);
}

MuyingCsvRowFlags
muying_csv_reader_get_flags (MuyingCsvReader *self)
{
  if (self->sheet != NULL)
    return muying_sheet_rows_get_flags (self->sheet);
  return self->flags;
}

double
muying_csv_reader_get_progress (MuyingCsvReader *self)
{
  if (self->sheet != NULL)
    return muying_sheet_rows_get_progress (self->sheet);
  if (self->len == 0)
    return 1.0;
  return (double) self->pos / (double) self->len;
}

void
muying_csv_append_field (GString    *out,
                         const char *field)
{
  if (field == NULL)
    return;
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

const char *
muying_csv_encoding_to_string (MuyingCsvEncoding encoding)
{
  switch (encoding)
    {
    case MUYING_CSV_ENCODING_UTF8:
      return "UTF-8";
    case MUYING_CSV_ENCODING_UTF8_BOM:
      return "UTF-8 (BOM)";
    case MUYING_CSV_ENCODING_GB18030:
      return "GB18030";
    case MUYING_CSV_ENCODING_XLSX:
      return "xlsx";
    case MUYING_CSV_ENCODING_XLS:
      return "xls";
    default:
      g_assert_not_reached ();
    }
}
