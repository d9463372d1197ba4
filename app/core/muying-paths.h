/* muying-paths.h: where the installed program finds its data and translations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *muying_paths_data_dir   (void);
const char *muying_paths_locale_dir (void);

G_END_DECLS
