/* muying-i18n.h: choosing the language and finding the translations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void muying_i18n_init (void);

G_END_DECLS
