/* muying-store-settings-private.h: what only the tests call of muying-store.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store.h"

G_BEGIN_DECLS

gboolean     muying_store_set_setting     (MuyingStore  *self,
                                           const char   *key,
                                           const char   *value,
                                           GError      **error);

G_END_DECLS
