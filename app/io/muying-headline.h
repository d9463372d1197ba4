/* muying-headline.h: the bureau's headline of a period (项目汇总)
 *
 * What the bureau publishes, one sentence per programme, from the period's indicators: the
 * pregnancies screened (P1), the affected pregnancies found (P12) and terminated (P16), the
 * newborns screened for hearing (N1) and genes (N11), the women examined (C1, B1) and their
 * precancers and cancers found (C9, B6). The workbook's cover sheet and the statistics page say
 * the same sentences from the same indicators.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-indicators.h"

G_BEGIN_DECLS

typedef struct
{
  const char *topic;      /* "产前筛查", or its translation */
  char       *sentence;   /* "筛查孕妇 118,785 人，…" */
} MuyingHeadlineLine;

typedef struct
{
  const char *id;         /* "P1" */
  const char *label;      /* "筛查孕妇（P1）": the workbook's name of the figure (Chinese) */
} MuyingHeadlineFigure;

/* One line per programme (prenatal, newborn, cervical, breast). @chinese: in the words of the
 * bureau's forms whatever the user's language (the workbook); else in the user's language.
 * (element-type MuyingHeadlineLine) */
GPtrArray                  *muying_headline_lines   (const MuyingIndicators *indicators,
                                                     gboolean                chinese);
/* The figures the sentences give, in their order; @n_figures is set to their number. */
const MuyingHeadlineFigure *muying_headline_figures (guint                  *n_figures);
/* 118785 → "118,785" */
char                       *muying_headline_grouped (gint64                  value);
/* The numerator of indicator @id, 0 when there is none. */
gint64                      muying_headline_count   (const MuyingIndicators *indicators,
                                                     const char             *id);

G_END_DECLS
