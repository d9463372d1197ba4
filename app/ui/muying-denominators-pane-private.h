/* muying-denominators-pane-private.h: what only the tests call of muying-denominators-pane.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-denominators-pane.h"

G_BEGIN_DECLS

/* The rows of the table (-1: they could not be read). */
int         muying_denominators_pane_get_n_rows   (MuyingDenominatorsPane *self);
/* The text of cell @column (0 year, 1 quarter, 2 area, 3 产妇数, 4 活产数, 5 宫颈癌应查, 6 乳腺癌应查) of @row. */
const char *muying_denominators_pane_get_cell     (MuyingDenominatorsPane *self,
                                                   int                     row,
                                                   int                     column);
/* Whether the form to enter figures is there (administrators). */
gboolean    muying_denominators_pane_is_editable  (MuyingDenominatorsPane *self);
/* The form's widgets: "year" (a spin button), "quarter" (a drop-down), "area", "deliveries",
 * "live_births", "cervical_due", "breast_due" (entries), "save" (the button). */
GtkWidget  *muying_denominators_pane_get_widget   (MuyingDenominatorsPane *self,
                                                   const char             *name);
/* The message below the form (saved, or what was wrong), or NULL. */
const char *muying_denominators_pane_get_message  (MuyingDenominatorsPane *self);

/* Presses the 删除 button of table row @row (from 0); returns the confirmation it opened. */
GtkWidget  *muying_denominators_pane_delete_row   (MuyingDenominatorsPane *self,
                                                   int                     row);

G_END_DECLS
