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

  /* A CSV file read from its path (muying_csv_reader_new_for_path) is streamed: text is then
   * the window, the decoded text from the current row on, refilled and compacted as rows are
   * read (see fill()). fd is -1 for a reader over bytes. */
  int                fd;
  GString           *window;
  gboolean           eof;        /* the whole file is in the window (or the stream failed) */
  GIConv             iconv;      /* GB18030 → UTF-8; (GIConv) -1 for UTF-8 */
  GByteArray        *pending;    /* raw bytes not decoded yet: a character cut by the chunk's end */
  guint64            file_size;
  guint64            consumed;   /* raw bytes read so far */
  GChecksum         *checksum;   /* SHA-256 of the raw bytes read */
  char              *sha256;     /* once the whole file is read */
  GStatBuf           st;         /* as first read: a change while reading is an error */
  GError            *stream_error;
  char              *path;       /* for messages */

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
  self->fd = -1;
  self->iconv = (GIConv) -1;
  self->eof = TRUE;
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

/* Opens @path for reading, refusing what is not an ordinary file or is larger than @max_size. */
static int
open_regular (const char *path,
              gsize       max_size,
              GStatBuf   *st,
              GError    **error)
{
  int fd;

  /* O_NONBLOCK: opening a pipe must not wait for a writer; it is refused just below. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                   _("Cannot read “%s”: %s"), path, g_strerror (saved));
      return -1;
    }
  if (fstat (fd, st) != 0 || !S_ISREG (st->st_mode))
    {
      close (fd);
      if (S_ISDIR (st->st_mode))
        g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                     _("“%s” is a folder: choose a CSV or Excel file"), path);
      else
        g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                     _("“%s” is not an ordinary file (a device or a pipe): choose a CSV or Excel file saved on disk"), path);
      return -1;
    }
  if ((guint64) st->st_size > max_size)
    {
      close (fd);
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                   _("The file is too large (%u MB); split it into files of at most %u MB"),
                   (guint) MIN ((guint64) st->st_size / (1024 * 1024), G_MAXUINT),
                   (guint) (max_size / (1024 * 1024)));
      return -1;
    }
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
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

  fd = open_regular (path, max_size, &st, error);
  if (fd < 0)
    return NULL;

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

/* ---- streaming a CSV file ------------------------------------------------------------------- *
 *
 * A CSV file opened by its path is never held whole: a first pass reads it in chunks to decide
 * its encoding and refuse what the whole-file reader refuses (UTF-16, a NUL byte, neither UTF-8
 * nor GB18030), with the same messages and line numbers, before any row is handed out; the
 * second pass decodes it chunk by chunk into the window, from which the rows are parsed as from
 * text in memory. Both read the same open file; a file whose size or time changed in between,
 * or whose bytes no longer decode, is an error at the end (muying_csv_reader_finish), so an
 * import then writes nothing.
 */

#define CHUNK_SIZE     ((gsize) 256 * 1024)
static gsize chunk_size = CHUNK_SIZE;   /* smaller in tests: muying_csv_set_stream_chunk_size() */

void
muying_csv_set_stream_chunk_size (gsize size)
{
  chunk_size = size > 0 ? size : CHUNK_SIZE;
}
/* The window is compacted (the rows already read dropped) once this much of it is behind. */
#define COMPACT_AFTER  ((gsize) 1024 * 1024)

/* Reads up to @size bytes; -1 with errno on failure, 0 at the end. */
static gssize
read_some (int     fd,
           guint8 *buf,
           gsize   size)
{
  for (;;)
    {
      gssize n = read (fd, buf, size);

      if (n < 0 && errno == EINTR)
        continue;
      return n;
    }
}

static void
set_read_error (GError    **error,
                const char *path,
                int         saved)
{
  g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
               _("Cannot read “%s”: %s"), path, g_strerror (saved));
}

/* The physical line (1-based) of byte @offset of the file, counted as line_of_offset() does
 * (a CR LF pair counts once, a CR at the end of the range counts); reads the file again from
 * the start: only for error messages. */
static guint
line_of_file_offset (int     fd,
                     guint64 offset)
{
  g_autofree guint8 *buf = g_malloc (chunk_size);
  guint64 done = 0;
  guint line = 1;
  gboolean prev_cr = FALSE;

  if (lseek (fd, 0, SEEK_SET) != 0)
    return 0;
  while (done < offset)
    {
      gssize n = read_some (fd, buf, (gsize) MIN ((guint64) chunk_size, offset - done));

      if (n <= 0)
        break;
      for (gssize i = 0; i < n; i++)
        {
          if (buf[i] == '\n')
            {
              if (!prev_cr)
                line++;
              prev_cr = FALSE;
            }
          else if (buf[i] == '\r')
            {
              line++;
              prev_cr = TRUE;
            }
          else
            prev_cr = FALSE;
        }
      done += (guint64) n;
    }
  return line;
}

/* How many bytes at the end of @data (@len) may begin a UTF-8 character the next chunk ends:
 * a lead byte followed by fewer continuation bytes than it announces. */
static gsize
utf8_cut_tail (const guint8 *data,
               gsize         len)
{
  for (gsize back = 1; back <= 3 && back <= len; back++)
    {
      guint8 c = data[len - back];

      if ((c & 0xC0) == 0x80)
        continue;   /* a continuation byte: look further back */
      if (((c & 0xE0) == 0xC0 && back < 2) || ((c & 0xF0) == 0xE0 && back < 3) || ((c & 0xF8) == 0xF0 && back < 4))
        return back;
      return 0;
    }
  return 0;
}

/* Validates @pending as UTF-8 but for a character cut at its end (unless @last): the length of
 * the valid prefix in @valid; FALSE with the offset of the first bad byte in @bad. */
static gboolean
utf8_check (GByteArray *pending,
            gboolean    last,
            gsize      *valid,
            gsize      *bad)
{
  const char *end = NULL;

  if (g_utf8_validate_len ((const char *) pending->data, pending->len, &end))
    {
      *valid = pending->len;
      return TRUE;
    }
  *valid = (gsize) (end - (const char *) pending->data);
  if (!last && utf8_cut_tail (pending->data, pending->len) == pending->len - *valid &&
      g_utf8_validate_len ((const char *) pending->data, *valid, NULL))
    return TRUE;
  *bad = *valid;
  return FALSE;
}

/* Converts @pending from GB18030 into @out (nullable: a trial), but for a character cut at its
 * end (unless @last); drops what it converted. FALSE with the offset of the bad byte in @bad. */
static gboolean
gb18030_convert (GIConv      cd,
                 GByteArray *pending,
                 gboolean    last,
                 GString    *out,
                 gsize      *bad)
{
  char outbuf[16384];
  char *in = (char *) pending->data;
  gsize in_left = pending->len;
  gboolean ok = TRUE;

  while (in_left > 0)
    {
      char *o = outbuf;
      gsize out_left = sizeof outbuf;
      gsize rc = g_iconv (cd, &in, &in_left, &o, &out_left);
      int saved = errno;

      if (out != NULL)
        g_string_append_len (out, outbuf, (gssize) (sizeof outbuf - out_left));
      if (rc != (gsize) -1)
        continue;
      if (saved == E2BIG)
        continue;
      if (saved == EINVAL && !last)
        break;   /* a character cut by the chunk's end: kept for the next one */
      *bad = (gsize) (in - (char *) pending->data);
      ok = FALSE;
      break;
    }
  g_byte_array_remove_range (pending, 0, (guint) (pending->len - in_left));
  return ok;
}

/* The first pass (see above): the encoding, or the whole-file reader's refusal. @head: the
 * file's first @n_head bytes (at most 8). */
static gboolean
scan_encoding (MuyingCsvReader *self,
               const char      *path,
               const guint8    *head,
               gsize            n_head,
               GError         **error)
{
  g_autofree guint8 *buf = g_malloc (chunk_size);
  g_autoptr(GByteArray) pending = g_byte_array_new ();
  guint64 done = 0;        /* raw bytes before pending */
  gboolean utf8 = TRUE, first = TRUE;
  guint64 utf8_bad = 0;
  gsize valid = 0, bad = 0;
  GIConv cd;

  for (;;)
    {
      gssize n = read_some (self->fd, buf, chunk_size);
      const guint8 *nul;

      if (n < 0)
        {
          set_read_error (error, path, errno);
          return FALSE;
        }
      if (first)
        {
          first = FALSE;
          if (n_head >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
            {
              g_set_error_literal (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_ENCODING,
                                   _("The file is in UTF-16 (“Unicode text”); "
                                     "save it from the spreadsheet as “CSV UTF-8 (comma delimited)”"));
              return FALSE;
            }
          self->encoding = n_head >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF
                           ? MUYING_CSV_ENCODING_UTF8_BOM : MUYING_CSV_ENCODING_UTF8;
        }
      if (self->consumed + (guint64) n > MUYING_CSV_MAX_FILE_SIZE)
        {
          g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                       _("The file is larger than %u MB; split it into smaller files"),
                       (guint) (MUYING_CSV_MAX_FILE_SIZE / (1024 * 1024)));
          return FALSE;
        }
      if ((nul = memchr (buf, '\0', (gsize) n)) != NULL)
        {
          g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_ENCODING,
                       _("The file contains a NUL byte on line %u: it is not a text CSV file"),
                       line_of_file_offset (self->fd, self->consumed + (guint64) (nul - buf)));
          return FALSE;
        }
      self->consumed += (guint64) n;
      if (utf8)
        {
          g_byte_array_append (pending, buf, (guint) n);
          if (!utf8_check (pending, n == 0, &valid, &bad))
            {
              utf8 = FALSE;
              utf8_bad = done + bad;
              if (self->encoding == MUYING_CSV_ENCODING_UTF8_BOM)
                {
                  /* line_of_offset() counted from after the BOM: the same lines */
                  g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_ENCODING,
                               _("The file is marked as UTF-8 but line %u is not valid UTF-8"),
                               line_of_file_offset (self->fd, utf8_bad));
                  return FALSE;
                }
            }
          else
            {
              g_byte_array_remove_range (pending, 0, (guint) valid);
              done += valid;
            }
        }
      if (n == 0)
        break;
    }
  self->file_size = self->consumed;
  if (utf8)
    return TRUE;

  /* Not UTF-8: the whole file must be GB18030. */
  cd = g_iconv_open ("UTF-8", "GB18030");
  if (cd == (GIConv) -1 || lseek (self->fd, 0, SEEK_SET) != 0)
    {
      if (cd != (GIConv) -1)
        g_iconv_close (cd);
      set_read_error (error, path, errno);
      return FALSE;
    }
  g_byte_array_set_size (pending, 0);
  done = 0;
  for (;;)
    {
      gssize n = read_some (self->fd, buf, chunk_size);
      guint before;

      if (n < 0)
        {
          g_iconv_close (cd);
          set_read_error (error, path, errno);
          return FALSE;
        }
      g_byte_array_append (pending, buf, (guint) n);
      before = pending->len;
      if (!gb18030_convert (cd, pending, n == 0, NULL, &bad))
        {
          g_iconv_close (cd);
          g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_ENCODING,
                       _("The file is neither UTF-8 (invalid on line %u) nor GB18030 (invalid on line %u); "
                         "save it from the spreadsheet as “CSV UTF-8 (comma delimited)”"),
                       line_of_file_offset (self->fd, utf8_bad),
                       line_of_file_offset (self->fd, done + (guint64) bad));
          return FALSE;
        }
      done += before - pending->len;
      if (n == 0)
        break;
    }
  g_iconv_close (cd);
  self->encoding = MUYING_CSV_ENCODING_GB18030;
  return TRUE;
}

/* Reads and decodes the next chunk into the window, dropping the text before pos first when
 * enough of it is behind. At the end of the file (or on an error, kept for finish()) sets eof. */
static void
fill (MuyingCsvReader *self)
{
  g_autofree guint8 *buf = NULL;
  gssize n;
  gsize bad = 0, valid = 0;

  if (self->eof)
    return;
  if (self->pos >= COMPACT_AFTER || (self->pos > 0 && self->pos == self->window->len))
    {
      g_string_erase (self->window, 0, (gssize) self->pos);
      self->pos = 0;
    }
  buf = g_malloc (chunk_size);
  n = read_some (self->fd, buf, chunk_size);
  if (n < 0)
    {
      set_read_error (&self->stream_error, self->path, errno);
      self->eof = TRUE;
    }
  else
    {
      const guint8 *data = buf;
      gsize len = (gsize) n;

      /* The BOM is not text. */
      if (self->encoding == MUYING_CSV_ENCODING_UTF8_BOM && self->consumed < 3)
        {
          gsize skip = MIN (len, (gsize) (3 - self->consumed));

          g_checksum_update (self->checksum, data, skip);
          self->consumed += skip;
          data += skip;
          len -= skip;
        }
      g_checksum_update (self->checksum, data, len);
      self->consumed += len;
      if (self->consumed > self->file_size)
        g_set_error_literal (&self->stream_error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                             _("The file changed while it was being read; import it again"));
      g_byte_array_append (self->pending, data, (guint) len);
      if (self->iconv != (GIConv) -1)
        {
          if (!gb18030_convert (self->iconv, self->pending, n == 0, self->window, &bad) && self->stream_error == NULL)
            g_set_error_literal (&self->stream_error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                                 _("The file changed while it was being read; import it again"));
        }
      else if (utf8_check (self->pending, n == 0, &valid, &bad))
        {
          g_string_append_len (self->window, (const char *) self->pending->data, (gssize) valid);
          g_byte_array_remove_range (self->pending, 0, (guint) valid);
        }
      else if (self->stream_error == NULL)
        g_set_error_literal (&self->stream_error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                             _("The file changed while it was being read; import it again"));
      if (n == 0 || self->stream_error != NULL)
        self->eof = TRUE;
    }
  self->text = self->window->str;
  self->len = self->stream_error != NULL ? MIN (self->pos, self->window->len) : self->window->len;
}

/* At least @n bytes of text from pos on, or the end of the file. */
static inline void
ensure (MuyingCsvReader *self,
        gsize            n)
{
  while (!self->eof && self->len - self->pos < n)
    fill (self);
}

MuyingCsvReader *
muying_csv_reader_new_for_path (const char *path,
                                GError    **error)
{
  g_autoptr(MuyingCsvReader) self = NULL;
  guint8 head[8];
  gssize n;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (MuyingCsvReader, 1);
  self->iconv = (GIConv) -1;
  self->line = 1;
  self->buf = g_string_sized_new (1024);
  self->offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint), 64);
  self->fields = g_ptr_array_sized_new (64);
  self->path = g_strdup (path);
  self->fd = open_regular (path, MUYING_CSV_MAX_FILE_SIZE, &self->st, error);
  if (self->fd < 0)
    return NULL;

  /* A workbook is read whole, as before (its rows come from a zip or a compound file). */
  n = read_some (self->fd, head, sizeof head);
  if (n > 0)
    {
      g_autoptr(GBytes) start = g_bytes_new (head, (gsize) n);

      if (muying_xlsx_bytes_look_like_zip (start) || muying_xls_bytes_look_like_ole2 (start))
        {
          g_autoptr(GBytes) bytes = muying_csv_read_file (path, MUYING_CSV_MAX_FILE_SIZE, error);

          if (bytes == NULL)
            return NULL;
          return muying_csv_reader_new (bytes, error);
        }
    }
  if (lseek (self->fd, 0, SEEK_SET) != 0)
    {
      set_read_error (error, path, errno);
      return NULL;
    }
  if (!scan_encoding (self, path, head, n > 0 ? (gsize) n : 0, error))
    return NULL;
  if (lseek (self->fd, 0, SEEK_SET) != 0)
    {
      set_read_error (error, path, errno);
      return NULL;
    }
  self->consumed = 0;
  self->window = g_string_sized_new (CHUNK_SIZE * 2);
  self->pending = g_byte_array_new ();
  self->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  if (self->encoding == MUYING_CSV_ENCODING_GB18030)
    self->iconv = g_iconv_open ("UTF-8", "GB18030");
  self->text = self->window->str;
  ensure (self, 7);   /* "sep=,\r\n" */
  if (!skip_separator_line (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
muying_csv_reader_finish (MuyingCsvReader *self,
                          GError         **error)
{
  GStatBuf st = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->fd < 0)
    {
      if (self->sha256 == NULL)
        self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->bytes);
      return TRUE;
    }
  if (self->stream_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->stream_error));
      return FALSE;
    }
  while (!self->eof)
    {
      self->pos = self->window->len;
      fill (self);
    }
  if (self->stream_error == NULL &&
      (self->consumed != self->file_size || fstat (self->fd, &st) != 0 || st.st_size != self->st.st_size ||
       st.st_mtime != self->st.st_mtime || st.st_ino != self->st.st_ino))
    g_set_error_literal (&self->stream_error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                         _("The file changed while it was being read; import it again"));
  if (self->stream_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->stream_error));
      return FALSE;
    }
  if (self->sha256 == NULL)
    self->sha256 = g_strdup (g_checksum_get_string (self->checksum));
  return TRUE;
}

const char *
muying_csv_reader_get_sha256 (MuyingCsvReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sha256;
}

void
muying_csv_reader_free (MuyingCsvReader *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sheet, muying_sheet_rows_free);
  g_free (self->converted);
  if (self->fd >= 0)
    close (self->fd);
  if (self->iconv != (GIConv) -1)
    g_iconv_close (self->iconv);
  if (self->window != NULL)
    g_string_free (self->window, TRUE);
  g_clear_pointer (&self->pending, g_byte_array_unref);
  g_clear_pointer (&self->checksum, g_checksum_free);
  g_free (self->sha256);
  g_free (self->path);
  g_clear_error (&self->stream_error);
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
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->sheet != NULL)
    return muying_sheet_rows_next (self->sheet);
  /* Empty lines are not rows (a trailing newline, blank lines between rows). Two bytes ahead:
   * a CR may be the first half of a CR LF. */
  for (;;)
    {
      ensure (self, 2);
      if (self->pos < self->len && (self->text[self->pos] == '\n' || self->text[self->pos] == '\r'))
        eat_line_break (self);
      else
        break;
    }
  if (self->pos >= self->len)
    {
      g_ptr_array_set_size (self->fields, 0);
      g_array_set_size (self->offsets, 0);
      return FALSE;
    }

  for (;;)
    {
      gsize row_pos = self->pos;
      guint n = 0;

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
      /* A streamed row that reached the end of the window may go on in the next chunk (or
       * its last character be the CR of a CR LF): read it again with more text, twice as much
       * as it had, so a row as long as the file (an unterminated quote) costs a few readings,
       * not one per chunk. */
      if (self->eof || self->pos < self->len)
        break;
      self->pos = row_pos;
      self->line = self->row_line;
      ensure (self, 2 * (self->len - row_pos) + 1);
      if (self->stream_error != NULL)
        return FALSE;   /* finish() says why */
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
  if (self->fd >= 0)
    return self->file_size > 0 ? (double) self->consumed / (double) self->file_size : 1.0;
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
