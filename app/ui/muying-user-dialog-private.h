/* muying-user-dialog-private.h: what only the tests call of muying-user-dialog.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-user-dialog.h"

G_BEGIN_DECLS

void              muying_user_dialog_fill        (MuyingUserDialog *self,
                                                  const char       *login,
                                                  const char       *display_name,
                                                  MuyingRole        role,
                                                  const char       *password);
const char       *muying_user_dialog_get_message (MuyingUserDialog *self);

G_END_DECLS
