/* muying-login-name.c: what a login name must be
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-error.h"
#include "muying-login-name.h"

gboolean
muying_login_name_check (const char *login,
                         GError    **error)
{
  glong n;

  if (login == NULL || *login == '\0')
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED, _("The user name is empty"));
      return FALSE;
    }
  if (!g_utf8_validate (login, -1, NULL))
    {
      g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                           _("The user name is not valid text"));
      return FALSE;
    }
  n = g_utf8_strlen (login, -1);
  if (n > MUYING_LOGIN_NAME_MAX_CHARS)
    {
      g_set_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                   _("The user name is longer than %d characters"), MUYING_LOGIN_NAME_MAX_CHARS);
      return FALSE;
    }
  for (const char *p = login; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0x3000)
        {
          g_set_error_literal (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED,
                               _("The user name may not contain spaces"));
          return FALSE;
        }
    }
  return TRUE;
}
