/* muying-app-context.h: what every page and dialog of a signed-in window works with
 *
 * The store, the rule set, the signed-in user and the settings, handed to each page and dialog
 * when it is made (the construct-only property "context"), so that none of them reaches into
 * the window or the application for its data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "muying-rule-set.h"
#include "muying-store.h"
#include "muying-store-users.h"
#include "muying-user.h"

G_BEGIN_DECLS

#define MUYING_TYPE_APP_CONTEXT (muying_app_context_get_type ())
G_DECLARE_FINAL_TYPE (MuyingAppContext, muying_app_context, MUYING, APP_CONTEXT, GObject)

MuyingAppContext *muying_app_context_new          (MuyingStore      *store,
                                                   MuyingRuleSet    *rules,
                                                   MuyingUser       *user,
                                                   GSettings        *settings);
MuyingStore      *muying_app_context_get_store    (MuyingAppContext *self);
/* NULL when the rule set could not be loaded: nothing can then be classified or saved. */
MuyingRuleSet    *muying_app_context_get_rules    (MuyingAppContext *self);
MuyingUser       *muying_app_context_get_user     (MuyingAppContext *self);
/* The signed-in login (the author of what is saved), or NULL. */
const char       *muying_app_context_get_login    (MuyingAppContext *self);
GSettings        *muying_app_context_get_settings (MuyingAppContext *self);
gboolean          muying_app_context_can          (MuyingAppContext *self,
                                                   MuyingPermission  permission);
/* Seconds without input before the window locks (MUYING_IDLE_SECONDS shortens it for tests). */
guint             muying_app_context_get_idle_seconds (MuyingAppContext *self);

G_END_DECLS
