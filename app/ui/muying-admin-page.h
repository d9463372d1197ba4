/* muying-admin-page.h: system administration — the database, users, backups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_ADMIN_PAGE (muying_admin_page_get_type ())
G_DECLARE_FINAL_TYPE (MuyingAdminPage, muying_admin_page, MUYING, ADMIN_PAGE, GtkWidget)

MuyingAdminPage *muying_admin_page_new (MuyingAppContext *context);
/* The database's facts and the accounts, read again. */
void        muying_admin_page_reload         (MuyingAdminPage *self);

G_END_DECLS
