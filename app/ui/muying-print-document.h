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
 * 20 mm margins; @rules (nullable) name the gene panels. Run it with gtk_print_operation_run(). */
GtkPrintOperation *muying_print_operation_new        (GPtrArray           *documents,
                                                      MuyingRuleSet       *rules);

/* The batch in one call: gathers @kind for each of @record_ids (records @kind does not apply
 * to are skipped and counted in @n_skipped), then exports to @pdf_path when it is given, else
 * shows the print dialog over @parent. @pdf_path is refused like any output that would land on
 * the database, its working files or backups (MUYING_STORE_ERROR_CONSTRAINT). After a print or export, one audit row ("print") per
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

/* The recall letters (复查提醒, muying-store-recall.h) of @rows (element-type MuyingRecallRow), one
 * per woman, each on a page of its own: what is due, by when, and where to go (the setting
 * "institution", else where her last exam was). Exported to @pdf_path when it is given, else
 * printed through the print dialog over @parent; then one audit row per letter for @user. FALSE
 * with @error when @rows is empty, on failure and when the user cancels (G_IO_ERROR_CANCELLED). */
gboolean           muying_print_recall_letters       (MuyingStore         *store,
                                                      const char          *user,
                                                      GPtrArray           *rows,
                                                      GtkWindow           *parent,
                                                      const char          *pdf_path,
                                                      GError             **error);

/* "Print to file" of the print dialog: FALSE with the reason when the output file chosen in
 * @settings (GTK_PRINT_SETTINGS_OUTPUT_URI) may not be written (muying_output_path_check);
 * TRUE when it may or when @settings print to a printer. @store: (nullable). The print dialog of
 * muying_print_records() cancels the job (before the file is touched) when this says no. */
gboolean           muying_print_settings_check_output (GtkPrintSettings   *settings,
                                                       MuyingStore        *store,
                                                       GError            **error);

G_END_DECLS
