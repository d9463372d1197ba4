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

G_END_DECLS
