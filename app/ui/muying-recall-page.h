/* muying-recall-page.h: the recall list (复查提醒) — women due again for cervical or breast screening
 * in a chosen period (muying-store-recall.h), with a count per month, and their recall letters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"

G_BEGIN_DECLS

#define MUYING_TYPE_RECALL_PAGE (muying_recall_page_get_type ())
G_DECLARE_FINAL_TYPE (MuyingRecallPage, muying_recall_page, MUYING, RECALL_PAGE, GtkWidget)

MuyingRecallPage *muying_recall_page_new    (MuyingAppContext *context);
/* Reads the list again for the period shown (at first: the next three calendar months). */
void              muying_recall_page_reload (MuyingRecallPage *self);

G_END_DECLS
