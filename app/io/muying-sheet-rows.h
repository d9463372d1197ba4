/* muying-sheet-rows.h: the rows of a worksheet, read whole, handed out as a CSV reader does
 *
 * The .xlsx and .xls readers fill one of these; MuyingCsvReader hands its rows to the importer
 * exactly as it hands out the rows of a CSV file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-csv-reader.h"

G_BEGIN_DECLS

typedef struct _MuyingSheetRows MuyingSheetRows;

MuyingSheetRows    *muying_sheet_rows_new          (void);
void                muying_sheet_rows_free         (MuyingSheetRows   *self);

/* Adds worksheet row @line from @cells (const char *, NULL for an empty cell). An empty row is
 * left out (as an empty line of a CSV file) unless @flags says it is wrong; every row is
 * padded with "" to the width of the first (the header) and cut at MUYING_CSV_MAX_FIELDS. */
void                muying_sheet_rows_add          (MuyingSheetRows   *self,
                                                    guint              line,
                                                    GPtrArray         *cells,
                                                    MuyingCsvRowFlags  flags);

gboolean            muying_sheet_rows_next         (MuyingSheetRows   *self);
guint               muying_sheet_rows_get_line     (MuyingSheetRows   *self);
guint               muying_sheet_rows_get_n_fields (MuyingSheetRows   *self);
const char * const *muying_sheet_rows_get_fields   (MuyingSheetRows   *self);
MuyingCsvRowFlags   muying_sheet_rows_get_flags    (MuyingSheetRows   *self);
double              muying_sheet_rows_get_progress (MuyingSheetRows   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingSheetRows, muying_sheet_rows_free)

G_END_DECLS
