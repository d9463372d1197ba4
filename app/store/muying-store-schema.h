/* muying-store-schema.h: the numbered schema migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* migrations[i] brings user_version i to i + 1. */
const char * const *muying_store_schema_get_migrations (guint *n_migrations);

G_END_DECLS
