/* muying-record-item.h: one row of a record list, as a GObject for list models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "muying-record-query.h"

G_BEGIN_DECLS

#define MUYING_TYPE_RECORD_ITEM (muying_record_item_get_type ())
G_DECLARE_FINAL_TYPE (MuyingRecordItem, muying_record_item, MUYING, RECORD_ITEM, GObject)

/* Takes ownership of @row. */
MuyingRecordItem      *muying_record_item_new     (MuyingRecordRow  *row);
const MuyingRecordRow *muying_record_item_get_row (MuyingRecordItem *self);
/* The item stands for another record now (a list shows new rows in the same places): takes
 * ownership of @row and emits ::changed, so that the cells showing the item show @row. */
void                   muying_record_item_set_row (MuyingRecordItem *self,
                                                   MuyingRecordRow  *row);

G_END_DECLS
