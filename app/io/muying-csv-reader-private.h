/* muying-csv-reader-private.h: what only the tests call of muying-csv-reader.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-csv-reader.h"

G_BEGIN_DECLS

/* A reader of the file at @path. A CSV file is streamed: read in chunks, never whole (its
 * encoding found by a first pass over the file, with the errors muying_csv_reader_new()
 * gives); a workbook is read whole. */
MuyingCsvReader    *muying_csv_reader_new_for_path  (const char        *path,
                                                     GError           **error);
/* After the last row: FALSE with an error when the streamed file could not be read to its end
 * or changed while it was read (its rows are then not to be trusted). TRUE for a reader over
 * bytes (or a workbook, read whole). */
gboolean            muying_csv_reader_finish        (MuyingCsvReader   *self,
                                                     GError           **error);
/* The SHA-256 (lower-case hex) of the file's (or the bytes') bytes, once finish() succeeded;
 * else NULL. */
const char         *muying_csv_reader_get_sha256    (MuyingCsvReader   *self);
/* The size of the chunks a streamed file is read in (0: the default), for the tests that put
 * the chunks' ends everywhere. */
void                muying_csv_set_stream_chunk_size (gsize             size);
const char         *muying_csv_reader_get_field     (MuyingCsvReader   *self,
                                                     guint              index);

G_END_DECLS
