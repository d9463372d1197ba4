/* muying-indicator-cases-window.h: the cases behind an indicator's count (the drill-down)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "muying-app-context.h"
#include "muying-period.h"

G_BEGIN_DECLS

#define MUYING_TYPE_INDICATOR_CASES_WINDOW (muying_indicator_cases_window_get_type ())
G_DECLARE_FINAL_TYPE (MuyingIndicatorCasesWindow, muying_indicator_cases_window, MUYING, INDICATOR_CASES_WINDOW,
                      GtkWindow)

/* The cases counted in the numerator of indicator @id ("P4") of @period — or, with
 * @denominator, in its denominator — listed in a thread as soon as the window is made.
 * Activating a case opens it in @parent (win.open-case), as the worklist does. @title names the
 * count ("P4 高风险 · 分子"). */
MuyingIndicatorCasesWindow *muying_indicator_cases_window_new (GtkWindow          *parent,
                                                               MuyingAppContext   *context,
                                                               const MuyingPeriod *period,
                                                               const char         *id,
                                                               gboolean            denominator,
                                                               const char         *title);

G_END_DECLS
