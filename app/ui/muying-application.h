/* muying-application.h: the GtkApplication — opens the database and the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_APPLICATION (muying_application_get_type ())
G_DECLARE_FINAL_TYPE (MuyingApplication, muying_application, MUYING, APPLICATION, GtkApplication)

MuyingApplication *muying_application_new          (void);
/* What the program sets on the database its windows work on (a page cache sized for lists read
 * 200 rows at a time); the benchmark's window applies it too, so that it measures the program. */
void               muying_application_configure_store (MuyingStore *store);
void               muying_application_set_db_path  (MuyingApplication *self,
                                                    const char        *path);

G_END_DECLS
