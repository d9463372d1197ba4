/* muying-stats.h: the indicators of docs/statistics.md for a period
 *
 * Every indicator is defined once, as SQL in muying-stats.c, and the same functions serve the
 * statistics page, `muying-cli stats` and the annual workbook, so their numbers always agree.
 *
 * The period selects records by their date (sample_date, birth_date, exam_date = record_date),
 * both ends inclusive. `screened` (prenatal) and `examined` (cervical, breast) count distinct
 * persons; a newborn is identified by its record; every other count is of records.
 *
 * Definitions beyond the text of docs/import-formats.md (documented assumptions):
 *  - high / intermediate / low: the record's level (the doctor's reviewed level once there is
 *    one, else the computed level).
 *  - prenatal diagnosed = records whose pregnancy has a prenatal diagnosis; diagnosed_abnormal =
 *    one of them abnormal; outcome_known = the pregnancy has an outcome (muying-store-follow-on.h).
 *  - newborn carriers = records with ≥ 1 row in newborn_variant; by_gene = records with a variant
 *    in that gene; hearing_initial_refer = either ear's initial screen 'refer'; rescreened = a
 *    rescreen result recorded for either ear; rescreen_refer = either rescreened ear 'refer'.
 *  - cervical: an item is "recorded" when its column is not empty (any value, 'not_done'
 *    included) — items hpv, cytology, via_vili, colposcopy, cervical_histology. hpv_tested =
 *    hpv negative or positive; cytology_done = any cytology result (UNSAT included);
 *    cytology_abnormal = ≥ ASC-US; colposcopy_done = normal or abnormal; cin1 = histology CIN1;
 *    precancer = CIN2, CIN3, AIS; cancer = micro-invasive + invasive (docs/rules.md "Reporting
 *    categories"); high = records carrying at least one high-level cervical reason.
 *  - breast: items clinical breast exam, ultrasound and mammography BI-RADS, breast pathology
 *    (the columns the statistics name in muying-stats.c). birads = records with an
 *    ultrasound or mammography BI-RADS, by the higher of the two in the order 0 < 1 < 2 < 3 < 4A
 *    < 4B < 4C < 5 < 6; precancer = atypical hyperplasia + LCIS; cancer = DCIS + invasive; high =
 *    records carrying at least one high-level breast reason.
 *  - followup: follow-ups of the records of the period (all programmes). open = not closed
 *    (states open, notified, next_step, result); overdue = open and due_date before @today (a
 *    subset of open); done / declined / lost = closed in that state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "muying-period.h"
#include "muying-rule-set.h"
#include "muying-screening.h"
#include "muying-store.h"

G_BEGIN_DECLS

/* The reason codes of each section (docs/rules.md), in the order of docs/rules.md's tables, the
 * codes rule set 2026.2 added last; every rule set's codes, so MAMMO_ASSESS (2026.1 only) still
 * counts the records that keep it. A stored code missing here would be counted nowhere. */
#define MUYING_STATS_N_PRENATAL_REASONS 14
#define MUYING_STATS_N_NEWBORN_REASONS  10
#define MUYING_STATS_N_CERVICAL_REASONS 13
#define MUYING_STATS_N_BREAST_REASONS   8
extern const char * const muying_stats_prenatal_reasons[MUYING_STATS_N_PRENATAL_REASONS];
extern const char * const muying_stats_newborn_reasons[MUYING_STATS_N_NEWBORN_REASONS];
extern const char * const muying_stats_cervical_reasons[MUYING_STATS_N_CERVICAL_REASONS];
extern const char * const muying_stats_breast_reasons[MUYING_STATS_N_BREAST_REASONS];

/* by_gene keys: GJB2, GJB3, SLC26A4, MT-RNR1. */
#define MUYING_STATS_N_GENES 4
extern const char * const muying_stats_genes[MUYING_STATS_N_GENES];

/* birads keys: 0, 1, 2, 3, 4A, 4B, 4C, 5, 6 (index = MuyingBirads − 1). */
#define MUYING_STATS_N_BIRADS 9
extern const char * const muying_stats_birads[MUYING_STATS_N_BIRADS];

/* Age on the exam date: 35–39, 40–44, 45–49, 50–54, 55–59, 60–64, then "other" (outside
 * 35–64, or birth date unknown). */
#define MUYING_STATS_N_AGE_GROUPS 7
#define MUYING_STATS_AGE_GROUP_OTHER 6

typedef struct
{
  gint64 screened;                       /* distinct women */
  gint64 by_test[MUYING_N_PRENATAL_TESTS];
  gint64 high;
  gint64 intermediate;
  gint64 low;
  gint64 reasons[MUYING_STATS_N_PRENATAL_REASONS];
  gint64 diagnosed;
  gint64 diagnosed_abnormal;
  gint64 outcome_known;
} MuyingPrenatalStats;

typedef struct
{
  gint64 screened;                       /* records */
  gint64 carriers;
  gint64 high;
  gint64 intermediate;
  gint64 low;
  gint64 reasons[MUYING_STATS_N_NEWBORN_REASONS];
  gint64 by_gene[MUYING_STATS_N_GENES];
  gint64 hearing_initial_refer;
  gint64 rescreened;
  gint64 rescreen_refer;
} MuyingNewbornStats;

typedef struct
{
  gint64 examined;                       /* distinct women */
  gint64 hpv_tested;
  gint64 hpv_positive;
  gint64 cytology_done;
  gint64 cytology_abnormal;
  gint64 colposcopy_done;
  gint64 cin1;
  gint64 precancer;
  gint64 cancer;
  gint64 high;
  gint64 reasons[MUYING_STATS_N_CERVICAL_REASONS];
} MuyingCervicalStats;

typedef struct
{
  gint64 examined;                       /* distinct women */
  gint64 us_done;
  gint64 mammo_done;
  gint64 birads[MUYING_STATS_N_BIRADS];
  gint64 precancer;
  gint64 cancer;
  gint64 high;
  gint64 reasons[MUYING_STATS_N_BREAST_REASONS];
} MuyingBreastStats;

typedef struct
{
  gint64 open;
  gint64 overdue;
  gint64 done;
  gint64 declined;
  gint64 lost;
} MuyingFollowupStats;

typedef struct
{
  MuyingPeriod        period;            /* the records counted (a month: clipped to the period) */
  MuyingPrenatalStats prenatal;
  MuyingNewbornStats  newborn;
  MuyingCervicalStats cervical;
  MuyingBreastStats   breast;
  MuyingFollowupStats followup;
} MuyingStats;

typedef enum
{
  MUYING_STATS_MONTHS     = 1 << 0,
  MUYING_STATS_AGE_GROUPS = 1 << 1,
} MuyingStatsGroups;

typedef struct
{
  MuyingStats *total;
  GPtrArray   *months;       /* MuyingStats per month of the period, with MUYING_STATS_MONTHS */
  GPtrArray   *age_groups;   /* MuyingStats per age group (cervical and breast sections only),
                              * with MUYING_STATS_AGE_GROUPS */
} MuyingStatsReport;

/* The total and the asked-for groups (months: muying_period_get_month; age groups:
 * MUYING_STATS_N_AGE_GROUPS by age on the record's date), all from one pass over the records
 * of the period, for the workbook and the statistics page. @today decides
 * "overdue" (NULL = today). Reads in one snapshot; may run in a worker thread (it starts one
 * thread of its own for a second connection). Cancelling gives G_IO_ERROR_CANCELLED. */
MuyingStatsReport *muying_stats_compute_report (MuyingStore         *store,
                                                const MuyingPeriod  *period,
                                                MuyingStatsGroups    groups,
                                                const GDate         *today,
                                                GCancellable        *cancellable,
                                                GError             **error);
void               muying_stats_report_free    (MuyingStatsReport   *report);

/* The indicators of @period. @today decides "overdue" (NULL = today). Runs in one read
 * transaction (a consistent snapshot). */
MuyingStats *muying_stats_compute         (MuyingStore         *store,
                                           const MuyingPeriod  *period,
                                           const GDate         *today,
                                           GCancellable        *cancellable,
                                           GError             **error);
void         muying_stats_free            (MuyingStats         *stats);

/* ---- newborns by locus (workbook sheet 新生儿耳聋基因筛查) -------------------------------- */

typedef struct
{
  char   *gene;
  char   *variant;        /* canonical HGVS name */
  gint64  newborns;       /* newborn records of the period with this variant */
} MuyingStatsLocus;

/* A GPtrArray of MuyingStatsLocus (owned), by gene in the order of muying_stats_genes (other
 * genes after them), then by variant. */
GPtrArray   *muying_stats_list_loci       (MuyingStore         *store,
                                           const MuyingPeriod  *period,
                                           GError             **error);

/* ---- the high-risk register (workbook sheet 高危个案登记) ---------------------------------- */

typedef struct
{
  gint64         record_id;
  MuyingProgram  program;
  const char    *key;              /* sample_no / exam_no */
  const char    *name;             /* the woman, or the newborn */
  const char    *id_number;        /* the woman's; the mother's for a newborn; may be NULL */
  const char    *date;             /* ISO record date */
  const char    *reasons;          /* codes, ';'-separated, sorted; "" when none */
  const char    *followup_state;   /* NULL when the record has no follow-up */
  int            days_open;        /* record date to closing date (closed) or @today; -1 without follow-up */
} MuyingRegisterRow;

/* Return FALSE (with @error set) to stop. The row's strings are valid during the call only. */
typedef gboolean (*MuyingRegisterFunc) (const MuyingRegisterRow *row,
                                        gpointer                 user_data,
                                        GError                 **error);

/* "35–39" … "60–64", and “Other” in the user's language. */
const char  *muying_stats_age_group_label (guint                group);

/* Ratio for display and cached formula values: 0 when @denominator is 0. */
double       muying_stats_ratio           (gint64               numerator,
                                           gint64               denominator);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingStats, muying_stats_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MuyingStatsReport, muying_stats_report_free)

G_END_DECLS
