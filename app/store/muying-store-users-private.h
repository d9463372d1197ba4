/* muying-store-users-private.h: what the tests may look at inside the log-in, and the account
 * change only they make (name and role); nothing else may call these
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-store-users.h"

G_BEGIN_DECLS

/* How many Argon2id computations (hash or verify) this process has made. A log-in of an
 * unknown user makes exactly as many as one of a known user. */
guint _muying_store_users_get_pwhash_calls (void);

/* Changes the display name and role (old → new values audited). */
gboolean     muying_store_update_user        (MuyingStore   *self,
                                              const char    *actor,
                                              const char    *login,
                                              const char    *display_name,
                                              MuyingRole     role,
                                              GError       **error);

G_END_DECLS
