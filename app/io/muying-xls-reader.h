/* muying-xls-reader.h: the rows of the first worksheet of an Excel 97–2003 .xls file
 *
 * Feeds the importer the same rows as the .xlsx reader (MuyingCsvReader hands a file that
 * starts with the OLE2 signature to this reader): one row per non-empty worksheet row, the
 * line being Excel's row number, empty cells "" and every row padded to the header's width.
 * Text cells as they are, numbers as the .xlsx reader gives them (a whole number of 16 digits
 * or more as Excel shows it, 1.10101E+17, which the importer rejects), date cells as
 * YYYY-MM-DD. The file is read with FreeXL; a damaged or encrypted file is refused with a
 * message saying so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-sheet-rows.h"

G_BEGIN_DECLS

/* TRUE when @bytes start with the OLE2 compound file signature (an .xls file is one). */
gboolean         muying_xls_bytes_look_like_ole2 (GBytes  *bytes);

/* Every row of the first worksheet, or NULL with MUYING_IMPORT_ERROR_FAILED. */
MuyingSheetRows *muying_xls_read_rows            (GBytes  *bytes,
                                                  GError **error);

G_END_DECLS
