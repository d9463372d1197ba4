/* muying-import-dialog.h: import a laboratory CSV file (screening or follow-on records) — check every
 * row first, then write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-rule-set.h"
#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_IMPORT_DIALOG (muying_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MuyingImportDialog, muying_import_dialog, MUYING, IMPORT_DIALOG, GtkWindow)

typedef enum
{
  MUYING_IMPORT_STATE_EMPTY,       /* no file chosen */
  MUYING_IMPORT_STATE_CHECKING,
  MUYING_IMPORT_STATE_CHECKED,     /* validated, nothing written */
  MUYING_IMPORT_STATE_IMPORTING,
  MUYING_IMPORT_STATE_DONE,        /* committed */
  MUYING_IMPORT_STATE_FAILED,
} MuyingImportState;

MuyingImportDialog *muying_import_dialog_new       (GtkWindow          *parent,
                                                    MuyingAppContext   *context,
                                                    MuyingProgram       program);
/* Selects the file's kind by name: a programme ("prenatal", …) or a follow-on kind
 * ("prenatal_diagnosis", "pregnancy_outcome", "audiology"); FALSE for another name. */
gboolean            muying_import_dialog_set_kind  (MuyingImportDialog *self,
                                                    const char         *name);
/* Chooses the file without the file chooser (tests, drag and drop) and starts the check. */
void                muying_import_dialog_set_file  (MuyingImportDialog *self,
                                                    GFile              *file);

G_END_DECLS
