/* muying-admin-page-private.h: what only the tests call of muying-admin-page.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-admin-page.h"

G_BEGIN_DECLS

GtkListBox *muying_admin_page_get_users_list (MuyingAdminPage *self);

/* The message of the last maintenance action (backup, check…), or NULL. */
const char *muying_admin_page_get_result (MuyingAdminPage *self);

/* The summary of the re-classification's dry run while it is shown (admin.reclassify), or NULL. */
GtkWidget  *muying_admin_page_get_reclassify_dialog (MuyingAdminPage *self);

/* A dry run or an apply of the re-classification is running (in its thread). */
gboolean    muying_admin_page_is_reclassifying      (MuyingAdminPage *self);

G_END_DECLS
