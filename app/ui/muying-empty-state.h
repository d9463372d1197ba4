/* muying-empty-state.h: an icon, a title and a line of guidance for a page with nothing to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MUYING_TYPE_EMPTY_STATE (muying_empty_state_get_type ())
G_DECLARE_FINAL_TYPE (MuyingEmptyState, muying_empty_state, MUYING, EMPTY_STATE, GtkWidget)

const char *muying_empty_state_get_title       (MuyingEmptyState *self);
void        muying_empty_state_set_title       (MuyingEmptyState *self,
                                                const char       *title);
const char *muying_empty_state_get_description (MuyingEmptyState *self);
void        muying_empty_state_set_description (MuyingEmptyState *self,
                                                const char       *description);
void        muying_empty_state_set_icon_name   (MuyingEmptyState *self,
                                                const char       *icon_name);
void        muying_empty_state_add_child       (MuyingEmptyState *self,
                                                GtkWidget        *child);

G_END_DECLS
