/* muying-worklist-page-private.h: what the tests read of a MuyingWorklistPage and nothing
 * else may call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-worklist-model.h"
#include "muying-worklist-page.h"

G_BEGIN_DECLS

/* The rows the page shows, after the last reload. */
MuyingWorklistModel *muying_worklist_page_get_model (MuyingWorklistPage *self);

/* The whole worklist's size (for the sidebar), after the last reload. */
gint64               muying_worklist_page_get_total  (MuyingWorklistPage *self);
/* The label of the 未关联 button, with its count. */
const char          *muying_worklist_page_get_unlinked_label (MuyingWorklistPage *self);

G_END_DECLS
