/* muying-csv-reader.h: RFC 4180 rows from a UTF-8 or GB18030 file (docs/import-formats.md)
 *
 * Over bytes in memory (muying_csv_reader_new), the text is decoded once and handed out one row
 * at a time; a file opened by its path (muying_csv_reader_new_for_path, muying-csv-reader-private.h)
 * is streamed, read and decoded in chunks and never held whole, with the same rows, line numbers
 * and refusals. Either way a caller can validate and write while it reads.
 *
 * Encoding: UTF-8 with or without BOM; a file that is not valid UTF-8 is converted from
 * GB18030 (what Excel on a Chinese Windows writes), and the caller is told so. UTF-16 files
 * and files containing NUL bytes are refused with a message saying how to save them.
 *
 * Structure: separator ','; quoted fields may hold commas, doubled quotes and line breaks;
 * lines end in CRLF, LF or a lone CR; empty lines are skipped (they are not rows); an Excel
 * "sep=," first line is skipped. Every row knows the physical line it starts on (1-based, the
 * header is line 1). A malformed row (unterminated quote, text after a closing quote, too many
 * fields) is flagged and still returned: problems are per row, never fatal for the file.
 *
 * An Excel workbook (.xlsx, recognised by its zip signature) is read by muying-xlsx-reader, an
 * Excel 97–2003 workbook (.xls, recognised by its OLE2 signature) by muying-xls-reader; either
 * is handed out through the same calls, row by row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits; anything bigger is refused (file) or flagged (row). */
#define MUYING_CSV_MAX_FILE_SIZE  ((gsize) 1024 * 1024 * 1024)
#define MUYING_CSV_MAX_FIELDS     1024

typedef enum
{
  MUYING_CSV_ENCODING_UTF8,
  MUYING_CSV_ENCODING_UTF8_BOM,
  MUYING_CSV_ENCODING_GB18030,
  MUYING_CSV_ENCODING_XLSX,      /* not CSV: the first worksheet of an Excel workbook */
  MUYING_CSV_ENCODING_XLS,       /* not CSV: the first worksheet of an Excel 97–2003 workbook */
} MuyingCsvEncoding;

typedef enum
{
  MUYING_CSV_ROW_OK                 = 0,
  MUYING_CSV_ROW_UNTERMINATED_QUOTE = 1 << 0,  /* a quoted field runs to the end of the file */
  MUYING_CSV_ROW_BAD_QUOTE          = 1 << 1,  /* text between a closing quote and the separator */
  MUYING_CSV_ROW_TOO_MANY_FIELDS    = 1 << 2,  /* more than MUYING_CSV_MAX_FIELDS; the rest is dropped */
} MuyingCsvRowFlags;

typedef struct _MuyingCsvReader MuyingCsvReader;

/* Takes a reference on @bytes (the raw file contents). */
MuyingCsvReader    *muying_csv_reader_new           (GBytes            *bytes,
                                                     GError           **error);
/* The contents of @path, at most @max_size bytes (MUYING_CSV_MAX_FILE_SIZE for imports),
 * counted while reading. Refuses folders, devices and pipes (MUYING_IMPORT_ERROR_FAILED). */
GBytes             *muying_csv_read_file            (const char        *path,
                                                     gsize              max_size,
                                                     GError           **error);
void                muying_csv_reader_free          (MuyingCsvReader   *self);

MuyingCsvEncoding   muying_csv_reader_get_encoding  (MuyingCsvReader   *self);

/* Advances to the next row. FALSE at the end of the file. The fields of the row stay valid
 * until the next call. */
gboolean            muying_csv_reader_next          (MuyingCsvReader   *self);
guint               muying_csv_reader_get_line      (MuyingCsvReader   *self);
guint               muying_csv_reader_get_n_fields  (MuyingCsvReader   *self);
/* NULL-terminated array of n_fields strings (never NULL themselves), owned by the reader. */
const char * const *muying_csv_reader_get_fields    (MuyingCsvReader   *self);
MuyingCsvRowFlags   muying_csv_reader_get_flags     (MuyingCsvReader   *self);
/* Fraction of the decoded text consumed so far, 0…1 (for progress reports). */
double              muying_csv_reader_get_progress  (MuyingCsvReader   *self);

/* RFC 4180 quoting of one field for writing: quoted when it holds , " CR or LF. */
void                muying_csv_append_field         (GString           *out,
                                                     const char        *field);

const char         *muying_csv_encoding_to_string   (MuyingCsvEncoding  encoding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingCsvReader, muying_csv_reader_free)

G_END_DECLS
