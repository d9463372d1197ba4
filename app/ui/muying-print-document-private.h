/* muying-print-document-private.h: the print run of muying_print_records(), for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-print-document.h"

G_BEGIN_DECLS

/* Runs @operation with @action the way muying_print_records() runs its print dialog: a "print to
 * file" destination (the settings' output URI) is checked with muying_output_path_check() in
 * begin-print (refused: the job is cancelled, GTK_PRINT_OPERATION_RESULT_ERROR with the reason)
 * and is owner-only (0600) before and after the job writes it. @store: (nullable). */
GtkPrintOperationResult  _muying_print_run_guarded  (GtkPrintOperation        *operation,
                                                     MuyingStore              *store,
                                                     GtkPrintOperationAction   action,
                                                     GtkWindow                *parent,
                                                     GError                  **error);

G_END_DECLS
