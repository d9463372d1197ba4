/* muying-password-policy.c: what a password must be
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-error.h"
#include "muying-password-policy.h"

static gboolean
set_too_weak (GError **error)
{
  g_set_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
               _("The password must have at least %d characters, with both letters and digits"),
               MUYING_PASSWORD_MIN_LENGTH);
  return FALSE;
}

gboolean
muying_password_policy_check (const char *login,
                              const char *password,
                              GError    **error)
{
  gboolean letter = FALSE, digit = FALSE;

  if (password == NULL || !g_utf8_validate (password, -1, NULL) ||
      g_utf8_strlen (password, -1) < MUYING_PASSWORD_MIN_LENGTH || strlen (password) > MUYING_PASSWORD_MAX_BYTES)
    return set_too_weak (error);
  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        digit = TRUE;
      else if (g_unichar_isalpha (c))
        letter = TRUE;
    }
  if (!letter || !digit)
    return set_too_weak (error);
  if (login != NULL && g_ascii_strcasecmp (login, password) == 0)
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                           _("The password may not be the user name"));
      return FALSE;
    }
  return TRUE;
}
