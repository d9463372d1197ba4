/* muying-audit-window-private.h: what only the tests call of muying-audit-window.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-audit-window.h"

G_BEGIN_DECLS

void               muying_audit_window_set_filter  (MuyingAuditWindow *self,
                                                    const char        *text,
                                                    const char        *from,
                                                    const char        *to);
guint              muying_audit_window_get_n_rows  (MuyingAuditWindow *self);
const char        *muying_audit_window_get_chain_status (MuyingAuditWindow *self);

G_END_DECLS
