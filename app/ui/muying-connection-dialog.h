/* muying-connection-dialog.h: where the program's database is — a file, or a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_CONNECTION_DIALOG (muying_connection_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MuyingConnectionDialog, muying_connection_dialog, MUYING, CONNECTION_DIALOG, GtkWindow)

/* A dialog showing @location (the database the program opens now) for another one. "Connect"
 * opens the one typed — a file path, or a postgresql:// address with the server password typed
 * here when no password file holds it — and only when that works emits "connected" (the open
 * store, the location) and closes; otherwise it says why and nothing changes. The caller saves
 * the location (GSettings "database") and uses the store. */
MuyingConnectionDialog *muying_connection_dialog_new (GtkWindow  *parent,
                                                      const char *location);

G_END_DECLS
