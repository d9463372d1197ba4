/* muying-indicators.h: the bureau's indicators, each a numerator over a denominator
 *
 * The indicators P1–P16 (prenatal), N1–N14 (newborn), C1–C12 (cervical) and B1–B8 (breast) of
 * docs/statistics.md ("Indicators"), counted for a period by the cohort rule: a case belongs to
 * the period of its screening (a pregnancy by its first sample date, a newborn by its birth date,
 * a woman by her exams in the period), and whatever happened to it later — rescreen, diagnosis,
 * outcome, treatment, the end of its follow-up — counts with it, whatever its own date. The units
 * are the pregnancy (muying-pregnancy.h), the newborn and the woman (her most advanced result of
 * the period). Every numerator is a subset of its denominator by construction; a rate above 100 %
 * is a defect, and muying_indicators_check() lists any pair that breaks the rule.
 *
 * Four denominators come from outside (产妇数, 活产数 and the 应查人数 of the two cancers): the
 * administrator's figures of the period (muying-store-denominators.h); without them the rate is
 * "not reported" (未填报), never 0.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-period.h"
#include "muying-store.h"

G_BEGIN_DECLS

typedef enum
{
  MUYING_RATE_PERCENT,      /* %, two decimals */
  MUYING_RATE_PER_MILLE,    /* ‰: the hearing-loss prevalence, the false-negative rate */
  MUYING_RATE_PER_100K,     /* 1/10万: cancers and precancers found */
} MuyingRateUnit;

/* One more count of an indicator: its breakdown (P9 by condition) or a count of its own (C2: the
 * 16/18 positives). */
typedef struct
{
  const char *group;   /* NULL: a member of the indicator itself; else the object it is in ("by_condition") */
  char       *key;
  gint64      count;
} MuyingIndicatorPart;

typedef struct
{
  const char     *id;          /* "P4" */
  const char     *label;       /* N_(): “高风险人数/高风险率” in English */
  gint64          n;
  gint64          d;           /* when has_d */
  gboolean        has_d;       /* FALSE: a count without a rate (P1, P3, P8, …) */
  gboolean        external;    /* d is one of the administrator's figures */
  gboolean        d_missing;   /* … and it was not entered: the rate is 未填报 */
  MuyingRateUnit  unit;
  GPtrArray      *parts;       /* MuyingIndicatorPart, in order */
} MuyingIndicator;

typedef struct
{
  MuyingPeriod  period;
  char         *group;         /* the group of a breakdown (an institution, an area code, "2026-01"); NULL = all */
  GPtrArray    *indicators;    /* MuyingIndicator, P1 … P16, N1 … N14, C1 … C12, B1 … B8 */
} MuyingIndicators;

/* A breakdown: each unit counts in the group of its first screening record of the period (a
 * pregnancy's earliest record, a woman's first exam); an empty key for a record without it. */
typedef enum
{
  MUYING_INDICATORS_BY_NONE,
  MUYING_INDICATORS_BY_INSTITUTION,   /* the record's institution (筛查机构, 出生医院, 检查机构) */
  MUYING_INDICATORS_BY_AREA,          /* its area_code (6-digit county); the population figures of that county */
  MUYING_INDICATORS_BY_MONTH,         /* "YYYY-MM" of its date */
  MUYING_INDICATORS_BY_FUNDING,       /* its funding (free_programme, self_paid, insurance, other) */
  MUYING_INDICATORS_BY_RESIDENCE,     /* "rural" (农村), "urban_dibao" (城镇低保: urban with dibao yes), "urban"
                                       * (城镇); "" not recorded, and every newborn */
  MUYING_INDICATORS_BY_AGE,           /* the woman's age group on the date: "35-39" … "60-64", "other" (also no
                                       * birth date); "" for every newborn */
  MUYING_INDICATORS_BY_FREE_PROGRAMME,/* "free_programme" (免费项目) or "other" (every other or no funding) */
} MuyingIndicatorsBy;

void                    muying_indicators_free (MuyingIndicators       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingIndicators, muying_indicators_free)

MuyingIndicators       *muying_store_compute_indicators (MuyingStore        *store,
                                                         const MuyingPeriod *period,
                                                         GError            **error);
/* The indicators per group of @by, sorted by group (element-type MuyingIndicators). Only the
 * groups that have a unit are listed; the external figures are known for the whole period and per
 * county, so the other breakdowns have them missing. */
GPtrArray              *muying_store_compute_indicators_by (MuyingStore        *store,
                                                            const MuyingPeriod *period,
                                                            MuyingIndicatorsBy  by,
                                                            GError            **error);
/* Several breakdowns of one walk over the period's cases (each case is read once): @results[i]
 * receives what muying_store_compute_indicators_by (@bys[i]) returns. 1 ≤ @n_bys ≤ 8; BY_NONE
 * among @bys gives the total. On failure every @results[i] is NULL. */
gboolean                muying_store_compute_indicators_multi (MuyingStore              *store,
                                                               const MuyingPeriod       *period,
                                                               const MuyingIndicatorsBy *bys,
                                                               guint                     n_bys,
                                                               GPtrArray               **results,
                                                               GError                  **error);
/* The same, and in the same walk the indicators of each of @n_parts sub-periods @parts of @period
 * (the workbook's months and quarters; they may overlap): @part_results[i] receives what
 * muying_store_compute_indicators (@parts[i]) returns. On failure every result is NULL. */
gboolean                muying_store_compute_indicators_with_parts (MuyingStore              *store,
                                                                    const MuyingPeriod       *period,
                                                                    const MuyingIndicatorsBy *bys,
                                                                    guint                     n_bys,
                                                                    GPtrArray               **results,
                                                                    const MuyingPeriod       *parts,
                                                                    guint                     n_parts,
                                                                    MuyingIndicators        **part_results,
                                                                    GError                  **error);
/* The cases behind a count: the first screening record of each unit in the numerator of indicator
 * @id ("P7") — or, with @denominator, in its denominator — of @period, only those of @group of @by
 * (BY_NONE: all). (element-type gint64) */
GArray                 *muying_store_list_indicator_records (MuyingStore        *store,
                                                             const MuyingPeriod *period,
                                                             MuyingIndicatorsBy  by,
                                                             const char         *group,
                                                             const char         *id,
                                                             gboolean            denominator,
                                                             GError            **error);

/* The indicator @id ("P4"), or NULL. */
const MuyingIndicator  *muying_indicators_get  (const MuyingIndicators *self,
                                                const char             *id);
/* The count of part @key (in @group, NULL = the indicator's own), 0 when there is none. */
gint64                  muying_indicator_get_part (const MuyingIndicator *indicator,
                                                   const char            *group,
                                                   const char            *key);
/* The rate in its unit (63.5 for 63.5 %); FALSE when there is none (no denominator, a missing
 * external figure, or a denominator of 0). */
gboolean                muying_indicator_get_rate (const MuyingIndicator *indicator,
                                                   double                *rate);
/* Every numerator > denominator among the indicators, as sentences for people ("P7 …: 12 > 10");
 * an empty array when the subset rule holds. */
GPtrArray              *muying_indicators_check (const MuyingIndicators *self);

/* The sum over @groups (element-type MuyingIndicators, a breakdown) of indicator @id's numerator,
 * or with @denominator of its denominator. */
gint64                  muying_indicators_sum_groups (GPtrArray  *groups,
                                                      const char *id,
                                                      gboolean    denominator);
/* Whether the denominator of @indicator is a count of the cases (so a breakdown adds up to it),
 * not a population figure from outside and not absent. */
gboolean                muying_indicator_has_counted_d (const MuyingIndicator *indicator);
/* The breakdowns against the total (docs/statistics.md, "Consistency checks"): for every
 * indicator's numerator and counted denominator, the sum over each of @groupings[i] (named
 * @names[i] for people, e.g. "institutions") equals the count of @total, and so do the sums of
 * every two breakdowns. Every failure as a sentence with the pair and its two counts; an empty
 * array when every sum holds. */
GPtrArray              *muying_indicators_check_sums (const MuyingIndicators *total,
                                                      GPtrArray * const      *groupings,
                                                      const char * const     *names,
                                                      guint                   n_groupings);
/* A sum that breaks the rule of muying_indicators_check_sums(): the sum @sum of
 * @groupings[@grouping] against the total (@other -1) or against the sum of @groupings[@other],
 * @other_sum. */
typedef void (*MuyingSumMismatchFunc) (const MuyingIndicator *indicator,
                                       gboolean               denominator,
                                       guint                  grouping,
                                       gint64                 sum,
                                       int                    other,
                                       gint64                 other_sum,
                                       gpointer               user_data);
/* Calls @func for every such failure, in the order of muying_indicators_check_sums(). */
void                    muying_indicators_foreach_sum_mismatch (const MuyingIndicators *total,
                                                                GPtrArray * const      *groupings,
                                                                guint                   n_groupings,
                                                                MuyingSumMismatchFunc   func,
                                                                gpointer                user_data);

G_END_DECLS
