/* muying-xlsx-reader.h: the rows of the first worksheet of an Excel .xlsx file
 *
 * Feeds the importer the same rows as the CSV reader (MuyingCsvReader hands an .xlsx file to
 * this reader): one row per non-empty worksheet row, the line being Excel's row number, the
 * fields the cells' text, empty cells "" and every row padded to the header's width.
 *
 * Cells become text as a lab file saved as CSV would hold them: shared and inline strings as
 * they are (phonetic runs left out), numbers in full ("100", "1.25"), booleans TRUE/FALSE,
 * errors as Excel shows them (#N/A), numbers formatted as dates as YYYY-MM-DD (1900 and 1904
 * date systems). A whole number of 16 digits or more cannot be held exactly by Excel: it is
 * given as Excel shows it (1.10101E+17), which the importer rejects with its reason, as for a
 * CSV file.
 *
 * The whole file is read into memory and checked before the first row: the zip (from memory,
 * with minizip), every part's uncompressed size (at most MUYING_XLSX_MAX_PART_SIZE, counted
 * while inflating, whatever the zip claims) and the XML (GMarkup). A file that is not a
 * workbook is refused with a message saying so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-csv-reader.h"
#include "muying-sheet-rows.h"

G_BEGIN_DECLS

/* Uncompressed size of one part of the file (the worksheet, the shared strings); a zip bomb
 * stops here. */
#define MUYING_XLSX_MAX_PART_SIZE ((gsize) 1024 * 1024 * 1024)

typedef struct _MuyingXlsxReader MuyingXlsxReader;

/* TRUE when @bytes start like a zip file (an .xlsx is one). */
gboolean            muying_xlsx_bytes_look_like_zip (GBytes           *bytes);

MuyingXlsxReader   *muying_xlsx_reader_new          (GBytes           *bytes,
                                                     GError          **error);
void                muying_xlsx_reader_free         (MuyingXlsxReader *self);

/* The rows read, for the CSV reader to hand out; the reader is left with none. */
MuyingSheetRows    *muying_xlsx_reader_steal_rows   (MuyingXlsxReader *self);

/* A number cell's value as text: whole numbers in full ("100"), others with up to 15 digits
 * ("1.25"), a whole number of 16 digits or more as Excel shows it ("1.10101E+17"). Also used
 * for .xls files. */
char               *muying_xlsx_format_number       (double            v);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingXlsxReader, muying_xlsx_reader_free)

G_END_DECLS
