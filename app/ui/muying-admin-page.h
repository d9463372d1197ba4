/* muying-admin-page.h: system administration — the database, users, backups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_ADMIN_PAGE (muying_admin_page_get_type ())
G_DECLARE_FINAL_TYPE (MuyingAdminPage, muying_admin_page, MUYING, ADMIN_PAGE, GtkWidget)

void muying_admin_page_set_store         (MuyingAdminPage *self,
                                          MuyingStore     *store);
void muying_admin_page_set_rules_version (MuyingAdminPage *self,
                                          const char      *version);
void muying_admin_page_reload            (MuyingAdminPage *self);
/* The login of the signed-in administrator, audited as the actor of changes. */
void muying_admin_page_set_actor         (MuyingAdminPage *self,
                                          const char      *login);

G_END_DECLS
