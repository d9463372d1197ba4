/* muying-connection-dialog-private.h: for the tests only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-connection-dialog.h"

G_BEGIN_DECLS

/* Types @location and @password (NULL: leaves the field) as a user would. */
void        muying_connection_dialog_fill        (MuyingConnectionDialog *self,
                                                  const char             *location,
                                                  const char             *password);
/* The message shown (NULL when none). */
const char *muying_connection_dialog_get_message (MuyingConnectionDialog *self);
/* Whether the server password field is shown. */
gboolean    muying_connection_dialog_asks_password (MuyingConnectionDialog *self);
/* Whether a database is being opened (in a thread; the dialog then waits for it). */
gboolean    muying_connection_dialog_is_connecting (MuyingConnectionDialog *self);

G_END_DECLS
