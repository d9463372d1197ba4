/* muying-audit-window.h: the audit trail, filtered, with its hash chain verified
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-store.h"

G_BEGIN_DECLS

#define MUYING_TYPE_AUDIT_WINDOW (muying_audit_window_get_type ())
G_DECLARE_FINAL_TYPE (MuyingAuditWindow, muying_audit_window, MUYING, AUDIT_WINDOW, GtkWindow)

MuyingAuditWindow *muying_audit_window_new         (GtkWindow         *parent,
                                                    MuyingAppContext  *context);

G_END_DECLS
