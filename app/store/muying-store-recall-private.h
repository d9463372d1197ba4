/* muying-store-recall-private.h: the statements of the recall list, for the tests of their query
 * plans (tests/test-recall.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-store-recall.h"

G_BEGIN_DECLS

/* The candidate exams of a period: ?1 … ?8 the four date ranges. */
const char *_muying_store_recall_candidates_sql (void);
/* A later exam of @track of the woman ?1 after the exam of date ?2 and id ?3. */
const char *_muying_store_recall_later_sql      (MuyingRecallTrack track);

G_END_DECLS
