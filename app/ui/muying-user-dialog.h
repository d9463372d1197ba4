/* muying-user-dialog.h: add an account, or set a new password for one (administrators)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_USER_DIALOG (muying_user_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MuyingUserDialog, muying_user_dialog, MUYING, USER_DIALOG, GtkWindow)

/* @login: NULL to add an account, or the account whose password is reset. Emits "done" after
 * a change was committed. */
MuyingUserDialog *muying_user_dialog_new         (GtkWindow        *parent,
                                                  MuyingStore      *store,
                                                  const char       *actor,
                                                  const char       *login);

G_END_DECLS
