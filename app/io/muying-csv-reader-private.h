/* muying-csv-reader-private.h: what only the tests call of muying-csv-reader.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-csv-reader.h"

G_BEGIN_DECLS

MuyingCsvReader    *muying_csv_reader_new_for_path  (const char        *path,
                                                     GError           **error);
const char         *muying_csv_reader_get_field     (MuyingCsvReader   *self,
                                                     guint              index);

G_END_DECLS
