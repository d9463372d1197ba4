/* muying-follow-on-private.h: what the follow-on descriptors share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-follow-on.h"

G_BEGIN_DECLS

/* The class of an abnormal diagnosis or a birth defect (both files use the same list). */
extern const MuyingFieldChoice _muying_follow_on_conditions[];

#define MUYING_FOLLOW_ON_CONDITIONS_ALLOWED \
  "T21 (21三体), T18 (18三体), T13 (13三体), SCA (性染色体异常), other_chromosomal (其他染色体异常), " \
  "NTD (神经管缺陷), structural (结构畸形), other (其他)"

G_END_DECLS
