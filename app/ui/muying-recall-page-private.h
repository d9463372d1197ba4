/* muying-recall-page-private.h: what the tests set and read of a MuyingRecallPage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-recall-page.h"
#include "muying-store-recall.h"

G_BEGIN_DECLS

/* Shows @from … @to (ISO dates) as if typed and confirmed. */
void              muying_recall_page_set_period   (MuyingRecallPage *self,
                                                   const char       *from,
                                                   const char       *to);
/* The list shown, NULL when the period could not be read (the page says why). */
MuyingRecallList *muying_recall_page_get_list     (MuyingRecallPage *self);
/* The text of the count per month, and of the page's message line. */
const char       *muying_recall_page_get_months   (MuyingRecallPage *self);
/* The recall letters of the list, written to @pdf_path instead of the print dialog. */
gboolean          muying_recall_page_print_to_pdf (MuyingRecallPage *self,
                                                   const char       *pdf_path,
                                                   GError          **error);

G_END_DECLS
