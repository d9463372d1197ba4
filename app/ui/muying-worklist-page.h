/* muying-worklist-page.h: high-risk cases waiting for review or follow-up, most urgent first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-rule-set.h"
#include "muying-store.h"
#include "muying-worklist-model.h"

G_BEGIN_DECLS

#define MUYING_TYPE_WORKLIST_PAGE (muying_worklist_page_get_type ())
G_DECLARE_FINAL_TYPE (MuyingWorklistPage, muying_worklist_page, MUYING, WORKLIST_PAGE, GtkWidget)

MuyingWorklistPage  *muying_worklist_page_new        (MuyingAppContext   *context);
void                 muying_worklist_page_reload     (MuyingWorklistPage *self);
/* The signed-in login, audited for printed documents. */

G_END_DECLS
