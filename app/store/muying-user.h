/* muying-user.h: one account of the program, as read from the app_user table
 *
 * An immutable snapshot: the store creates them (muying-store-users.h); change an account through
 * the store and read it again. The password hash never leaves the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "muying-types.h"

G_BEGIN_DECLS

#define MUYING_TYPE_USER (muying_user_get_type ())
G_DECLARE_FINAL_TYPE (MuyingUser, muying_user, MUYING, USER, GObject)

/* For the store only. @locked_until: (nullable) unix time in seconds, 0 when not locked. */
MuyingUser  *muying_user_new                (gint64       id,
                                             const char  *login,
                                             const char  *display_name,
                                             MuyingRole   role,
                                             gboolean     disabled,
                                             int          failed_logins,
                                             gint64       locked_until,
                                             const char  *created_at);

gint64       muying_user_get_id             (MuyingUser  *self);
const char  *muying_user_get_login          (MuyingUser  *self);
const char  *muying_user_get_display_name   (MuyingUser  *self);
MuyingRole   muying_user_get_role           (MuyingUser  *self);
/* The role in the user's language (“护士”, “医生”, “管理员”). */
const char  *muying_user_get_role_label     (MuyingUser  *self);
gboolean     muying_user_get_disabled       (MuyingUser  *self);
int          muying_user_get_failed_logins  (MuyingUser  *self);
/* Unix time (seconds) until which the account is locked after failed logins; 0 when it is not. */
gint64       muying_user_get_locked_until   (MuyingUser  *self);
/* Whether the lock is still in force at @now (unix seconds). */
gboolean     muying_user_is_locked_at       (MuyingUser  *self,
                                             gint64       now);
/* ISO 8601 UTC. */
const char  *muying_user_get_created_at     (MuyingUser  *self);
/* “启用” / “已停用” / “已锁定至 HH:MM” at the time the object was read, for a user list. */
const char  *muying_user_get_status_label   (MuyingUser  *self);

G_END_DECLS
