/* muying-login-window.h: sign in, create the first administrator, or unlock an idle window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-store.h"
#include "muying-user.h"

G_BEGIN_DECLS

typedef enum
{
  MUYING_LOGIN_MODE_SIGN_IN,
  MUYING_LOGIN_MODE_FIRST_RUN,   /* no account yet: create the administrator */
  MUYING_LOGIN_MODE_UNLOCK,      /* the same user again after the idle lock */
} MuyingLoginMode;

#define MUYING_TYPE_LOGIN_WINDOW (muying_login_window_get_type ())
G_DECLARE_FINAL_TYPE (MuyingLoginWindow, muying_login_window, MUYING, LOGIN_WINDOW, GtkWindow)

MuyingLoginWindow *muying_login_window_new        (GtkApplication    *application,
                                                   MuyingStore       *store,
                                                   MuyingLoginMode    mode,
                                                   const char        *login);

G_END_DECLS
