/* muying-login-name.h: what a login name must be
 *
 * 1 to MUYING_LOGIN_NAME_MAX_CHARS characters of valid UTF-8, without spaces (the ideographic
 * space U+3000 included) or control characters. The store applies it to every new account; the
 * command line checks a typed name with it before asking for a password.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MUYING_LOGIN_NAME_MAX_CHARS 32

/* TRUE when @login (nullable: then FALSE) is a valid login name; else FALSE with
 * MUYING_AUTH_ERROR_FAILED and a message in the user's language. */
gboolean     muying_login_name_check         (const char   *login,
                                              GError      **error);

G_END_DECLS
