/* muying-worklist-model.h: a GListModel over the filtered worklist, loaded by pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "muying-store-worklist.h"

G_BEGIN_DECLS

#define MUYING_TYPE_WORKLIST_MODEL (muying_worklist_model_get_type ())
G_DECLARE_FINAL_TYPE (MuyingWorklistModel, muying_worklist_model, MUYING, WORKLIST_MODEL, GObject)

MuyingWorklistModel *muying_worklist_model_new (MuyingStore                *store,
                                                const MuyingWorklistFilter *filter,
                                                GError                    **error);

G_END_DECLS
