/* muying-program-page-private.h: what only the tests call of muying-program-page.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-program-page.h"

G_BEGIN_DECLS

MuyingRecordList *muying_program_page_get_record_list (MuyingProgramPage *self);

G_END_DECLS
