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
/* Whether the model lists @filter's cases (in @filter's order). */
gboolean             muying_worklist_model_has_filter (MuyingWorklistModel        *self,
                                                       const MuyingWorklistFilter *filter);
/* The same filter read again, in place (others changed the worklist): counted again, the pages
 * read so far dropped, and the whole list said to have changed, so that a view keeps its place.
 * FALSE with @error when the count fails (the model is then as it was). */
gboolean             muying_worklist_model_reload     (MuyingWorklistModel        *self,
                                                       GError                    **error);

G_END_DECLS
