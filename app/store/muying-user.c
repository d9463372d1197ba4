/* muying-user.c: one account of the program, as read from the app_user table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-user.h"

struct _MuyingUser
{
  GObject     parent_instance;

  gint64      id;
  char       *login;
  char       *display_name;
  MuyingRole  role;
  gboolean    disabled;
  int         failed_logins;
  gint64      locked_until;
  char       *created_at;
  char       *status_label;
};

G_DEFINE_FINAL_TYPE (MuyingUser, muying_user, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_LOGIN,
  PROP_DISPLAY_NAME,
  PROP_ROLE,
  PROP_ROLE_LABEL,
  PROP_DISABLED,
  PROP_FAILED_LOGINS,
  PROP_LOCKED_UNTIL,
  PROP_CREATED_AT,
  PROP_STATUS_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
muying_user_finalize (GObject *object)
{
  MuyingUser *self = MUYING_USER (object);

  g_free (self->login);
  g_free (self->display_name);
  g_free (self->created_at);
  g_free (self->status_label);

  G_OBJECT_CLASS (muying_user_parent_class)->finalize (object);
}

static void
muying_user_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MuyingUser *self = MUYING_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;
    case PROP_ROLE_LABEL:
      g_value_set_string (value, muying_user_get_role_label (self));
      break;
    case PROP_DISABLED:
      g_value_set_boolean (value, self->disabled);
      break;
    case PROP_FAILED_LOGINS:
      g_value_set_int (value, self->failed_logins);
      break;
    case PROP_LOCKED_UNTIL:
      g_value_set_int64 (value, self->locked_until);
      break;
    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, self->status_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_user_class_init (MuyingUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = muying_user_finalize;
  object_class->get_property = muying_user_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LOGIN] = g_param_spec_string ("login", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] = g_param_spec_int ("role", NULL, NULL, MUYING_ROLE_NURSE, MUYING_ROLE_ADMIN,
                                            MUYING_ROLE_NURSE, flags);
  properties[PROP_ROLE_LABEL] = g_param_spec_string ("role-label", NULL, NULL, NULL, flags);
  properties[PROP_DISABLED] = g_param_spec_boolean ("disabled", NULL, NULL, FALSE, flags);
  properties[PROP_FAILED_LOGINS] = g_param_spec_int ("failed-logins", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_LOCKED_UNTIL] = g_param_spec_int64 ("locked-until", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CREATED_AT] = g_param_spec_string ("created-at", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_LABEL] = g_param_spec_string ("status-label", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
muying_user_init (MuyingUser *self)
{
}

MuyingUser *
muying_user_new (gint64      id,
                 const char *login,
                 const char *display_name,
                 MuyingRole  role,
                 gboolean    disabled,
                 int         failed_logins,
                 gint64      locked_until,
                 const char *created_at)
{
  MuyingUser *self = g_object_new (MUYING_TYPE_USER, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  self->id = id;
  self->login = g_strdup (login);
  self->display_name = g_strdup (display_name);
  self->role = role;
  self->disabled = disabled;
  self->failed_logins = failed_logins;
  self->locked_until = locked_until;
  self->created_at = g_strdup (created_at);

  if (disabled)
    self->status_label = g_strdup (_("Disabled"));
  else if (locked_until > now)
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_unix_local (locked_until);
      g_autofree char *hhmm = g_date_time_format (until, "%H:%M");

      /* TRANSLATORS: an account locked after failed logins; %s is a time like 14:30 */
      self->status_label = g_strdup_printf (_("Locked until %s"), hhmm);
    }
  else
    self->status_label = g_strdup (_("Active"));
  return self;
}

gint64
muying_user_get_id (MuyingUser *self)
{
  g_return_val_if_fail (MUYING_IS_USER (self), 0);
  return self->id;
}

const char *
muying_user_get_login (MuyingUser *self)
{
  g_return_val_if_fail (MUYING_IS_USER (self), NULL);
  return self->login;
}

const char *
muying_user_get_display_name (MuyingUser *self)
{
  g_return_val_if_fail (MUYING_IS_USER (self), NULL);
  return self->display_name;
}

MuyingRole
muying_user_get_role (MuyingUser *self)
{
  g_return_val_if_fail (MUYING_IS_USER (self), MUYING_ROLE_NURSE);
  return self->role;
}

const char *
muying_user_get_role_label (MuyingUser *self)
{
  g_return_val_if_fail (MUYING_IS_USER (self), NULL);
  return muying_role_get_label (self->role);
}

gboolean
muying_user_get_disabled (MuyingUser *self)
{
  g_return_val_if_fail (MUYING_IS_USER (self), FALSE);
  return self->disabled;
}

int
muying_user_get_failed_logins (MuyingUser *self)
{
  g_return_val_if_fail (MUYING_IS_USER (self), 0);
  return self->failed_logins;
}

gint64
muying_user_get_locked_until (MuyingUser *self)
{
  g_return_val_if_fail (MUYING_IS_USER (self), 0);
  return self->locked_until;
}

gboolean
muying_user_is_locked_at (MuyingUser *self,
                          gint64      now)
{
  g_return_val_if_fail (MUYING_IS_USER (self), FALSE);
  return self->locked_until > now;
}

const char *
muying_user_get_created_at (MuyingUser *self)
{
  g_return_val_if_fail (MUYING_IS_USER (self), NULL);
  return self->created_at;
}

const char *
muying_user_get_status_label (MuyingUser *self)
{
  g_return_val_if_fail (MUYING_IS_USER (self), NULL);
  return self->status_label;
}
