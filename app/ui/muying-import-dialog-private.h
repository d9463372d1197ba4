/* muying-import-dialog-private.h: what only the tests call of muying-import-dialog.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-import-dialog.h"

G_BEGIN_DECLS

MuyingImportState   muying_import_dialog_get_state (MuyingImportDialog *self);

/* The summary line shown to the user. */
const char         *muying_import_dialog_get_summary (MuyingImportDialog *self);

G_END_DECLS
