/* muying-print-document.h: printing the documents of muying-document.h (告知书, 用药警示卡, 转诊单)
 *
 * One GtkPrintOperation prints a batch: each document starts on a new page (a long one may take
 * more than one). Pages are A4 portrait, drawn with cairo and pango in draw-page; the text is
 * composed here from the MuyingDocument the store gathered. GTK 4.8: GtkPrintOperation (no
 * GtkPrintDialog). Export to PDF without a dialog for "save as PDF" and for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-document.h"

G_BEGIN_DECLS

/* A print operation for @documents (element-type MuyingDocument; a reference is kept), A4 with
 * 20 mm margins. Run it with gtk_print_operation_run(). */
GtkPrintOperation *muying_print_operation_new        (GPtrArray           *documents);

/* Writes @documents to the PDF file @path, without a dialog. */
gboolean           muying_print_documents_to_pdf     (GPtrArray           *documents,
                                                      const char          *path,
                                                      GError             **error);

/* The batch in one call: gathers @kind for each of @record_ids (records @kind does not apply
 * to are skipped and counted in @n_skipped), then exports to @pdf_path when it is given, else
 * shows the print dialog over @parent. After a print or export, one audit row ("print") per
 * document for @user. FALSE with @error when nothing applies, on failure, and when the user
 * cancels (G_IO_ERROR_CANCELLED). */
gboolean           muying_print_records              (MuyingStore         *store,
                                                      MuyingRuleSet       *rules,
                                                      const char          *user,
                                                      const gint64        *record_ids,
                                                      guint                n_records,
                                                      MuyingDocumentKind   kind,
                                                      GtkWindow           *parent,
                                                      const char          *pdf_path,
                                                      guint               *n_skipped,
                                                      GError             **error);

G_END_DECLS
