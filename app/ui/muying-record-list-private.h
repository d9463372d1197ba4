/* muying-record-list-private.h: what only the tests call of muying-record-list.h;
 * nothing else may
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-record-list.h"

G_BEGIN_DECLS

/* For tests: the level filter as a person would set it. */
void               muying_record_list_set_level  (MuyingRecordList *self,
                                                  int               level);

G_END_DECLS
