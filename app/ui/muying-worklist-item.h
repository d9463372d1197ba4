/* muying-worklist-item.h: one row of the worklist, as a GObject for list models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "muying-store-worklist.h"

G_BEGIN_DECLS

#define MUYING_TYPE_WORKLIST_ITEM (muying_worklist_item_get_type ())
G_DECLARE_FINAL_TYPE (MuyingWorklistItem, muying_worklist_item, MUYING, WORKLIST_ITEM, GObject)

/* Takes ownership of @row. */
MuyingWorklistItem      *muying_worklist_item_new     (MuyingWorklistRow  *row);
const MuyingWorklistRow *muying_worklist_item_get_row (MuyingWorklistItem *self);

G_END_DECLS
