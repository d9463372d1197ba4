/* muying-store-denominators.h: the bureau's population figures (产妇数, 活产数, 应查人数)
 *
 * An administrator enters them per statistical year, optionally per quarter of it (1–4; 0 = the
 * whole year) and per county (a 6-digit area code; "" = the whole jurisdiction). Each change is
 * audited. A figure left out is NULL (-1 here): its rates read 未填报.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-period.h"
#include "muying-store.h"
#include "muying-user.h"

G_BEGIN_DECLS

typedef struct
{
  int     year;          /* the statistical year */
  int     quarter;       /* 1–4 of the statistical year; 0 = the whole year */
  char   *area_code;     /* "" = the whole jurisdiction */
  gint64  deliveries;    /* 产妇数; -1 = not given */
  gint64  live_births;   /* 活产数 */
  gint64  cervical_due;  /* 宫颈癌应查人数 */
  gint64  breast_due;    /* 乳腺癌应查人数 */
} MuyingDenominators;

void                muying_denominators_init  (MuyingDenominators *self);   /* all not given */
void                muying_denominators_clear (MuyingDenominators *self);
void                muying_denominators_free  (MuyingDenominators *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingDenominators, muying_denominators_free)

/* A figure given as this in muying_store_set_denominators is set back to not given. */
#define MUYING_DENOMINATOR_CLEAR ((gint64) -2)

/* Sets the figures of (year, quarter, area): a figure of -1 leaves the stored one as it is,
 * MUYING_DENOMINATOR_CLEAR makes it not given again. Administrators only; one audit row with
 * old → new. */
gboolean   muying_store_set_denominators  (MuyingStore              *store,
                                           MuyingUser               *actor,
                                           const MuyingDenominators *figures,
                                           GError                  **error);
/* Removes the row of (year, quarter, area), every figure of it not given again (a row entered by
 * mistake). Administrators only; audited with its figures; refused when there is no such row. */
gboolean   muying_store_delete_denominators (MuyingStore        *store,
                                             MuyingUser         *actor,
                                             int                 year,
                                             int                 quarter,
                                             const char         *area_code,
                                             GError            **error);
/* Every row, by year, quarter, area; @year 0 = every year. (element-type MuyingDenominators) */
GPtrArray *muying_store_list_denominators (MuyingStore              *store,
                                           int                       year,
                                           GError                  **error);
/* The figures of @period for @area_code (NULL = the whole jurisdiction): the row of its
 * statistical year when the period is one, of its quarter when it is a quarter of a statistical
 * year; for the jurisdiction, a figure missing there is the sum of the areas' when every area row
 * gives it. Otherwise all -1. */
gboolean   muying_store_get_period_denominators (MuyingStore        *store,
                                                 const MuyingPeriod *period,
                                                 const char         *area_code,
                                                 MuyingDenominators *figures,
                                                 GError            **error);

G_END_DECLS
