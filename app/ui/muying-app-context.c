/* muying-app-context.c: what every page and dialog of a signed-in window works with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-app-context.h"
#include "muying-role.h"

struct _MuyingAppContext
{
  GObject        parent_instance;

  MuyingStore   *store;
  MuyingRuleSet *rules;
  MuyingUser    *user;
  GSettings     *settings;
};

G_DEFINE_FINAL_TYPE (MuyingAppContext, muying_app_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_RULES,
  PROP_USER,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Fifteen minutes without input hide the records until the password is given again. */
#define IDLE_LOCK_SECONDS (15 * 60)

static void
muying_app_context_dispose (GObject *object)
{
  MuyingAppContext *self = MUYING_APP_CONTEXT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->rules);
  g_clear_object (&self->user);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (muying_app_context_parent_class)->dispose (object);
}

static void
muying_app_context_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MuyingAppContext *self = MUYING_APP_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_RULES:
      g_value_set_object (value, self->rules);
      break;
    case PROP_USER:
      g_value_set_object (value, self->user);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_app_context_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MuyingAppContext *self = MUYING_APP_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_RULES:
      self->rules = g_value_dup_object (value);
      break;
    case PROP_USER:
      self->user = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
muying_app_context_class_init (MuyingAppContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = muying_app_context_dispose;
  object_class->get_property = muying_app_context_get_property;
  object_class->set_property = muying_app_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MUYING_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RULES] =
    g_param_spec_object ("rules", NULL, NULL, MUYING_TYPE_RULE_SET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_object ("user", NULL, NULL, MUYING_TYPE_USER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
muying_app_context_init (MuyingAppContext *self)
{
}

MuyingAppContext *
muying_app_context_new (MuyingStore   *store,
                        MuyingRuleSet *rules,
                        MuyingUser    *user,
                        GSettings     *settings)
{
  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (MUYING_TYPE_APP_CONTEXT, "store", store, "rules", rules, "user", user,
                       "settings", settings, NULL);
}

MuyingStore *
muying_app_context_get_store (MuyingAppContext *self)
{
  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (self), NULL);
  return self->store;
}

MuyingRuleSet *
muying_app_context_get_rules (MuyingAppContext *self)
{
  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (self), NULL);
  return self->rules;
}

MuyingUser *
muying_app_context_get_user (MuyingAppContext *self)
{
  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (self), NULL);
  return self->user;
}

const char *
muying_app_context_get_login (MuyingAppContext *self)
{
  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (self), NULL);
  return self->user != NULL ? muying_user_get_login (self->user) : NULL;
}

GSettings *
muying_app_context_get_settings (MuyingAppContext *self)
{
  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (self), NULL);
  return self->settings;
}

gboolean
muying_app_context_can (MuyingAppContext *self,
                        MuyingPermission  permission)
{
  g_return_val_if_fail (MUYING_IS_APP_CONTEXT (self), FALSE);
  return self->user != NULL && muying_role_can (muying_user_get_role (self->user), permission);
}

guint
muying_app_context_get_idle_seconds (MuyingAppContext *self)
{
  const char *env = g_getenv ("MUYING_IDLE_SECONDS");   /* tests shorten it */

  return env ? (guint) MAX (1, g_ascii_strtoll (env, NULL, 10)) : IDLE_LOCK_SECONDS;
}
