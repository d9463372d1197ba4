/* muying-xlsx-reader-private.h: what only the tests call of muying-xlsx-reader.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-xlsx-reader.h"

G_BEGIN_DECLS

/* muying_xlsx_reader_new with another limit for one part's uncompressed size. */
MuyingXlsxReader   *muying_xlsx_reader_new_full     (GBytes           *bytes,
                                                     gsize             max_part_size,
                                                     GError          **error);
gboolean            muying_xlsx_reader_next         (MuyingXlsxReader *self);
guint               muying_xlsx_reader_get_line     (MuyingXlsxReader *self);
guint               muying_xlsx_reader_get_n_fields (MuyingXlsxReader *self);
const char * const *muying_xlsx_reader_get_fields   (MuyingXlsxReader *self);
MuyingCsvRowFlags   muying_xlsx_reader_get_flags    (MuyingXlsxReader *self);
double              muying_xlsx_reader_get_progress (MuyingXlsxReader *self);

/* The rows of the worksheet named @sheet_name (NULL: the first one); "it has no worksheet" when
 * there is none of that name. For tests that read a workbook back. */
MuyingXlsxReader   *muying_xlsx_reader_new_for_sheet (GBytes           *bytes,
                                                      gsize             max_part_size,
                                                      const char       *sheet_name,
                                                      GError          **error);

G_END_DECLS
