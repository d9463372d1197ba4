/* muying-password-policy.h: what a password must be
 *
 * At least MUYING_PASSWORD_MIN_LENGTH characters (at most MUYING_PASSWORD_MAX_BYTES bytes of
 * UTF-8), both letters and digits, and not the login name (compared without case). The store
 * applies it to every new password; the account dialogs and the command line use it for live
 * validation. Nothing is remembered of earlier passwords: there is no reuse rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MUYING_PASSWORD_MIN_LENGTH 8
#define MUYING_PASSWORD_MAX_BYTES  1024

/* TRUE when @password (nullable: then FALSE) may be the password of @login (nullable: no
 * comparison); else FALSE with MUYING_AUTH_ERROR_FAILED and a message in the user's language. */
gboolean     muying_password_policy_check    (const char   *login,
                                              const char   *password,
                                              GError      **error);

G_END_DECLS
