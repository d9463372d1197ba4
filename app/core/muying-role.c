/* muying-role.c: what each role may do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-role.h"

MuyingRole
muying_permission_get_min_role (MuyingPermission permission)
{
  switch (permission)
    {
    case MUYING_PERMISSION_VIEW:
    case MUYING_PERMISSION_ENTER:
    case MUYING_PERMISSION_IMPORT:
    case MUYING_PERMISSION_EDIT_UNSIGNED:
    case MUYING_PERMISSION_CONTACT:
      return MUYING_ROLE_NURSE;
    case MUYING_PERMISSION_REVIEW:
    case MUYING_PERMISSION_SIGN:
    case MUYING_PERMISSION_FOLLOW_UP:
      return MUYING_ROLE_DOCTOR;
    case MUYING_PERMISSION_EXPORT:
    case MUYING_PERMISSION_MANAGE_USERS:
    case MUYING_PERMISSION_EDIT_RULES:
    case MUYING_PERMISSION_BACKUP:
    case MUYING_N_PERMISSIONS:
    default:
      return MUYING_ROLE_ADMIN;
    }
}

gboolean
muying_role_can (MuyingRole       role,
                 MuyingPermission permission)
{
  g_return_val_if_fail (permission < MUYING_N_PERMISSIONS, FALSE);
  g_return_val_if_fail (role <= MUYING_ROLE_ADMIN, FALSE);
  return role >= muying_permission_get_min_role (permission);
}

const char *
muying_permission_get_label (MuyingPermission permission)
{
  switch (permission)
    {
    case MUYING_PERMISSION_VIEW:
      return _("view records");
    case MUYING_PERMISSION_ENTER:
      return _("enter records");
    case MUYING_PERMISSION_IMPORT:
      return _("import files");
    case MUYING_PERMISSION_EDIT_UNSIGNED:
      return _("change unsigned records");
    case MUYING_PERMISSION_CONTACT:
      return _("record contacts with the woman");
    case MUYING_PERMISSION_REVIEW:
      return _("review records");
    case MUYING_PERMISSION_SIGN:
      return _("sign records");
    case MUYING_PERMISSION_FOLLOW_UP:
      return _("record follow-ups");
    case MUYING_PERMISSION_EXPORT:
      return _("export data");
    case MUYING_PERMISSION_MANAGE_USERS:
      return _("manage users");
    case MUYING_PERMISSION_EDIT_RULES:
      return _("change the rules");
    case MUYING_PERMISSION_BACKUP:
      return _("back up and restore the database");
    case MUYING_N_PERMISSIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}
