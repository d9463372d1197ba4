/* muying-record-model-private.h: what only the tests call of muying-record-model.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-record-model.h"

G_BEGIN_DECLS

/* Statistics for tests and the benchmark: SQL page fetches for the model's present filter (since
 * it was made or its rows were last replaced), pages held now. */
guint                     muying_record_model_get_page_fetches (MuyingRecordModel        *self);
guint                     muying_record_model_get_cached_pages (MuyingRecordModel        *self);

G_END_DECLS
