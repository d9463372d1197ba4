/* muying-login-window-private.h: what only the tests call of muying-login-window.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-login-window.h"

G_BEGIN_DECLS

/* For tests: fill the fields as a person would. */
void               muying_login_window_fill       (MuyingLoginWindow *self,
                                                   const char        *login,
                                                   const char        *display_name,
                                                   const char        *password,
                                                   const char        *confirm);
const char        *muying_login_window_get_message (MuyingLoginWindow *self);

G_END_DECLS
