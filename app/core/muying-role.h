/* muying-role.h: what each role may do (docs/architecture.md "Account policies")
 *
 * Pure policy, no accounts: the store checks an account against it (muying_user_require), the
 * windows and the command line ask it to show or hide what a role cannot use. The roles
 * themselves (MuyingRole, their names and labels) are in muying-types.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "muying-types.h"

G_BEGIN_DECLS

/* Each role can do everything of the roles before it. */
typedef enum
{
  MUYING_PERMISSION_VIEW,           /* everyone: read records, statistics, worklist */
  MUYING_PERMISSION_ENTER,          /* nurse+: enter new records */
  MUYING_PERMISSION_IMPORT,         /* nurse+: import CSV files */
  MUYING_PERMISSION_EDIT_UNSIGNED,  /* nurse+: change records not yet signed */
  MUYING_PERMISSION_CONTACT,        /* nurse+: record the contact steps of a follow-up (notified, failed attempts) */
  MUYING_PERMISSION_REVIEW,         /* doctor+: review flagged records, change their level */
  MUYING_PERMISSION_SIGN,           /* doctor+: sign and amend */
  MUYING_PERMISSION_FOLLOW_UP,      /* doctor+: record follow-up steps and outcomes */
  MUYING_PERMISSION_EXPORT,         /* admin: the annual workbook and other exports */
  MUYING_PERMISSION_MANAGE_USERS,   /* admin: accounts */
  MUYING_PERMISSION_EDIT_RULES,     /* admin: rule settings */
  MUYING_PERMISSION_BACKUP,         /* admin: backup and restore */
  MUYING_N_PERMISSIONS
} MuyingPermission;

gboolean     muying_role_can                 (MuyingRole         role,
                                              MuyingPermission   permission);
/* The least role that has @permission. */
MuyingRole   muying_permission_get_min_role  (MuyingPermission   permission);
/* What the permission allows, in the user's language (“导出数据”). */
const char  *muying_permission_get_label     (MuyingPermission   permission);

G_END_DECLS
