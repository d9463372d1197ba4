/* muying-indicator-cases-window-private.h: what only the tests call of
 * muying-indicator-cases-window.h; nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-indicator-cases-window.h"

G_BEGIN_DECLS

gboolean    muying_indicator_cases_window_is_loading    (MuyingIndicatorCasesWindow *self);
/* The record ids listed, in the order shown (element-type gint64); NULL while loading or on error. */
GArray     *muying_indicator_cases_window_get_record_ids (MuyingIndicatorCasesWindow *self);
/* The error shown instead of the list, or NULL. */
const char *muying_indicator_cases_window_get_error     (MuyingIndicatorCasesWindow *self);
GtkListBox *muying_indicator_cases_window_get_list      (MuyingIndicatorCasesWindow *self);

G_END_DECLS
