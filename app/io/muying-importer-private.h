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
 * rows are written again); 0 = the default. For tests of batch boundaries. */
#define MUYING_IMPORTER_BATCH_SIZE 500
void                muying_importer_set_batch_size     (MuyingImporter           *self,
                                                        guint                     batch_size);

G_END_DECLS
