/* muying-program-page.h: the page of one screening programme (records, entry, import)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-record-list.h"
#include "muying-rule-set.h"
#include "muying-store.h"
#include "muying-types.h"

G_BEGIN_DECLS

#define MUYING_TYPE_PROGRAM_PAGE (muying_program_page_get_type ())
G_DECLARE_FINAL_TYPE (MuyingProgramPage, muying_program_page, MUYING, PROGRAM_PAGE, GtkWidget)

MuyingProgramPage *muying_program_page_new   (MuyingAppContext  *context,
                                              MuyingProgram      program);
void          muying_program_page_reload      (MuyingProgramPage *self);
/* The list's rows or count are still being read (a reload now would interrupt them). */
gboolean      muying_program_page_is_loading  (MuyingProgramPage *self);

G_END_DECLS
