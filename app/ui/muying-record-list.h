/* muying-record-list.h: search, filters and the paged table of one programme's records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-record-model.h"
#include "muying-rule-set.h"
#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_RECORD_LIST (muying_record_list_get_type ())
G_DECLARE_FINAL_TYPE (MuyingRecordList, muying_record_list, MUYING, RECORD_LIST, GtkWidget)

void               muying_record_list_setup      (MuyingRecordList *self,
                                                  MuyingStore      *store,
                                                  MuyingRuleSet    *rules,
                                                  MuyingProgram     program);
MuyingRecordModel *muying_record_list_get_model  (MuyingRecordList *self);
/* Whether a search, level or date filter narrows the list. */
gboolean           muying_record_list_is_filtered (MuyingRecordList *self);
/* A search or a count is still being read in a thread (or waits for a frame to start). */
gboolean           muying_record_list_is_loading (MuyingRecordList *self);

G_END_DECLS
