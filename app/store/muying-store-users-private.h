/* muying-store-users-private.h: what the tests may look at inside the log-in, and nothing else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many Argon2id computations (hash or verify) this process has made. A log-in of an
 * unknown user makes exactly as many as one of a known user. */
guint _muying_store_users_get_pwhash_calls (void);

G_END_DECLS
