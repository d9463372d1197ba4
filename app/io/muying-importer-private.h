/* muying-importer-private.h: what only the tests call of muying-importer.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-importer.h"

G_BEGIN_DECLS

/* The date that "in the future" is measured against; default: today. For tests. */
void                muying_importer_set_today          (MuyingImporter           *self,
                                                        const GDate              *today);

/* Rows saved under one savepoint of an import (a refused row rolls back its batch and the other
 * rows are written again); 0 = the default. For tests of batch boundaries. Measured on 100,000
 * rows: a savepoint per row journals every page each row touches, a savepoint over hundreds of
 * rows lets the savepoint journal grow until it costs more than it saves (500 rows: slower than one
 * per row into a new database); 16 was the fastest into both a new and a 1M-record database. */
#define MUYING_IMPORTER_BATCH_SIZE 16
void                muying_importer_set_batch_size     (MuyingImporter           *self,
                                                        guint                     batch_size);

G_END_DECLS
