/* muying-indicators.c: counting the bureau's indicators of a period (muying-indicators.h)
 *
 * One statement per programme walks the cases of the period (the pregnancies by their first
 * date, the newborns and the two-cancer records by their date, through their indexes) with what
 * each indicator needs of a case; the follow-on records come with them by the case's link, so a
 * diagnosis dated in the next period counts with its pregnancy. The loop below folds the rows
 * into one unit each (a pregnancy, a newborn, a woman) and counts every indicator from the
 * units, so a numerator can only count units its denominator counts. About half of the walks
 * run in a thread on a second connection on the same snapshot (see "two connections" below).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-stats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-indicators.h"
#include "muying-indicators-private.h"
#include "muying-store-denominators.h"
#include "muying-store-reader-private.h"
#include "muying-store-sql.h"

typedef enum
{
  D_NONE,       /* a count only */
  D_COUNT,      /* another count of the programme */
  D_EXTERNAL,   /* an administrator's figure */
} DenominatorKind;

typedef struct
{
  const char      *id;
  const char      *label;
  DenominatorKind  d;
  MuyingRateUnit   unit;
} Definition;

static const Definition definitions[] = {
  { "P1", N_("Pregnancies screened"), D_NONE },
  { "P2", N_("Prenatal screening rate (of deliveries)"), D_EXTERNAL },
  { "P3", N_("Pregnancies by screening test"), D_NONE },
  { "P4", N_("High risk"), D_COUNT },
  { "P5", N_("Intermediate risk"), D_COUNT },
  { "P6", N_("Advanced maternal age"), D_COUNT },
  { "P7", N_("Prenatal diagnosis of the high-risk"), D_COUNT },
  { "P8", N_("Pregnancies with a prenatal diagnosis (any level)"), D_NONE },
  { "P9", N_("Abnormal prenatal diagnoses"), D_COUNT },
  { "P10", N_("Pregnancy outcome known"), D_COUNT },
  { "P11", N_("Lost to follow-up"), D_COUNT },
  { "P12", N_("Affected pregnancies"), D_NONE },
  { "P13", N_("Detection rate (sensitivity)"), D_COUNT },
  { "P14", N_("False negatives (per mille of low-risk pregnancies)"), D_COUNT, MUYING_RATE_PER_MILLE },
  { "P15", N_("NIPT redraws"), D_COUNT },
  { "P16", N_("Affected pregnancies terminated"), D_COUNT },
  { "N1", N_("Initial hearing screen (of live births)"), D_EXTERNAL },
  { "N2", N_("Initial screen refer"), D_COUNT },
  { "N3", N_("Due for a rescreen"), D_NONE },
  { "N4", N_("Rescreened"), D_COUNT },
  { "N5", N_("Rescreen refer"), D_COUNT },
  { "N6", N_("Due for a diagnosis"), D_NONE },
  { "N7", N_("Audiology diagnosis"), D_COUNT },
  { "N8", N_("Hearing loss confirmed (per mille)"), D_COUNT, MUYING_RATE_PER_MILLE },
  { "N9", N_("Intervention"), D_COUNT },
  { "N10", N_("1-3-6 timeliness: initial screen by 30 days"), D_COUNT },
  { "N11", N_("Gene screening (of live births)"), D_EXTERNAL },
  { "N12", N_("Carriers or positives"), D_COUNT },
  { "N13", N_("Drug-warning cards for MT-RNR1 positives"), D_COUNT },
  { "N14", N_("Lost to follow-up"), D_COUNT },
  { "C1", N_("Women examined for cervical cancer (of those due)"), D_EXTERNAL },
  { "C2", N_("HPV positive"), D_COUNT },
  { "C3", N_("Cytology abnormal (ASC-US or worse)"), D_COUNT },
  { "C4", N_("VIA/VILI abnormal"), D_COUNT },
  { "C5", N_("Due for colposcopy"), D_NONE },
  { "C6", N_("Colposcopy done"), D_COUNT },
  { "C7", N_("Biopsy after an abnormal colposcopy"), D_COUNT },
  { "C8", N_("Women by most advanced histology"), D_NONE },
  { "C9", N_("Cervical precancers and cancers (per 100,000 examined)"), D_COUNT, MUYING_RATE_PER_100K },
  { "C10", N_("Cervical early diagnosis"), D_COUNT },
  { "C11", N_("Cervical treatment"), D_COUNT },
  { "C12", N_("Lost to follow-up (cervical)"), D_COUNT },
  { "B1", N_("Women examined for breast cancer (of those due)"), D_EXTERNAL },
  { "B2", N_("Clinical breast exam abnormal"), D_COUNT },
  { "B3", N_("Breast ultrasound done"), D_COUNT },
  { "B4", N_("Mammography after ultrasound BI-RADS 0 or 3"), D_COUNT },
  { "B5", N_("Biopsy of suspicious findings"), D_COUNT },
  { "B6", N_("Breast precancers and cancers (per 100,000 examined)"), D_COUNT, MUYING_RATE_PER_100K },
  { "B7", N_("Breast early diagnosis"), D_COUNT },
  { "B8", N_("Breast treatment"), D_COUNT },
};

/* ---- the result ---------------------------------------------------------------------------- */

static void
part_free (MuyingIndicatorPart *part)
{
  g_free (part->key);
  g_free (part);
}

static void
indicator_free (MuyingIndicator *indicator)
{
  g_clear_pointer (&indicator->parts, g_ptr_array_unref);
  g_free (indicator);
}

void
muying_indicators_free (MuyingIndicators *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->indicators, g_ptr_array_unref);
  g_free (self->group);
  g_free (self);
}

const MuyingIndicator *
muying_indicators_get (const MuyingIndicators *self,
                       const char             *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->indicators->len; i++)
    {
      const MuyingIndicator *indicator = self->indicators->pdata[i];

      if (g_strcmp0 (indicator->id, id) == 0)
        return indicator;
    }
  return NULL;
}

gint64
muying_indicator_get_part (const MuyingIndicator *indicator,
                           const char            *group,
                           const char            *key)
{
  g_return_val_if_fail (indicator != NULL, 0);

  for (guint i = 0; i < indicator->parts->len; i++)
    {
      const MuyingIndicatorPart *part = indicator->parts->pdata[i];

      if (g_strcmp0 (part->group, group) == 0 && g_strcmp0 (part->key, key) == 0)
        return part->count;
    }
  return 0;
}

gboolean
muying_indicator_get_rate (const MuyingIndicator *indicator,
                           double                *rate)
{
  static const double scale[] = { 100.0, 1000.0, 100000.0 };

  g_return_val_if_fail (indicator != NULL && rate != NULL, FALSE);

  if (!indicator->has_d || indicator->d_missing || indicator->d <= 0)
    return FALSE;
  *rate = (double) indicator->n / (double) indicator->d * scale[indicator->unit];
  return TRUE;
}

/* The sum of the parts of @group (NULL = the indicator's own parts). */
static gint64
sum_parts (const MuyingIndicator *indicator,
           const char            *group)
{
  gint64 sum = 0;

  for (guint i = 0; i < indicator->parts->len; i++)
    {
      const MuyingIndicatorPart *part = indicator->parts->pdata[i];

      if (g_strcmp0 (part->group, group) == 0)
        sum += part->count;
    }
  return sum;
}

/* A breakdown that must add up to (or stay within) its indicator's count. */
typedef struct
{
  const char *id;
  const char *group;
  gboolean    equal;     /* TRUE: the parts add up to n; FALSE: they are at least n (P3: a pregnancy
                            may have several tests) */
} Breakdown;

static const Breakdown breakdowns[] = {
  { "P3", "by_test", FALSE },
  { "N8", "by_degree", TRUE },
  { "B3", "by_birads", TRUE },
};

GPtrArray *
muying_indicators_check (const MuyingIndicators *self)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (self != NULL, problems);

  for (guint i = 0; i < self->indicators->len; i++)
    {
      const MuyingIndicator *indicator = self->indicators->pdata[i];

      if (indicator->has_d && !indicator->d_missing && indicator->n > indicator->d)
        /* TRANSLATORS: indicator id, its name, numerator, denominator */
        g_ptr_array_add (problems, g_strdup_printf (_("%s %s: the numerator %lld exceeds the denominator %lld"),
                                                    indicator->id, _(indicator->label),
                                                    (long long) indicator->n, (long long) indicator->d));
    }
  /* the form logic: a distribution adds up to its total */
  for (guint i = 0; i < G_N_ELEMENTS (breakdowns); i++)
    {
      const MuyingIndicator *indicator = muying_indicators_get (self, breakdowns[i].id);
      gint64 sum = sum_parts (indicator, breakdowns[i].group);

      if (breakdowns[i].equal ? sum != indicator->n : sum < indicator->n)
        /* TRANSLATORS: indicator id, its name, the sum of its breakdown, its count */
        g_ptr_array_add (problems, g_strdup_printf (_("%s %s: the breakdown adds up to %lld, the total is %lld"),
                                                    indicator->id, _(indicator->label), (long long) sum,
                                                    (long long) indicator->n));
    }
  return problems;
}

gint64
muying_indicators_sum_groups (GPtrArray  *groups,
                              const char *id,
                              gboolean    denominator)
{
  gint64 sum = 0;

  g_return_val_if_fail (groups != NULL && id != NULL, 0);

  for (guint g = 0; g < groups->len; g++)
    {
      const MuyingIndicator *indicator = muying_indicators_get (groups->pdata[g], id);

      if (indicator != NULL)
        sum += denominator ? indicator->d : indicator->n;
    }
  return sum;
}

gboolean
muying_indicator_has_counted_d (const MuyingIndicator *indicator)
{
  g_return_val_if_fail (indicator != NULL, FALSE);

  return indicator->has_d && !indicator->external;
}

void
muying_indicators_foreach_sum_mismatch (const MuyingIndicators *total,
                                        GPtrArray * const      *groupings,
                                        guint                   n_groupings,
                                        MuyingSumMismatchFunc   func,
                                        gpointer                user_data)
{
  g_return_if_fail (total != NULL && func != NULL && (n_groupings == 0 || groupings != NULL));

  for (guint i = 0; i < total->indicators->len; i++)
    {
      const MuyingIndicator *indicator = total->indicators->pdata[i];

      for (guint side = 0; side < 2; side++)
        {
          gboolean denominator = side == 1;
          gint64 whole = denominator ? indicator->d : indicator->n;
          g_autofree gint64 *sums = g_new (gint64, MAX (n_groupings, 1));

          if (denominator && !muying_indicator_has_counted_d (indicator))
            continue;
          for (guint b = 0; b < n_groupings; b++)
            {
              sums[b] = muying_indicators_sum_groups (groupings[b], indicator->id, denominator);
              if (sums[b] != whole)
                func (indicator, denominator, b, sums[b], -1, whole, user_data);
            }
          for (guint a = 0; a < n_groupings; a++)
            for (guint b = a + 1; b < n_groupings; b++)
              if (sums[a] != sums[b])
                func (indicator, denominator, a, sums[a], (int) b, sums[b], user_data);
        }
    }
}

typedef struct
{
  const char * const *names;
  GPtrArray          *problems;
} SumProblems;

static void
add_sum_problem (const MuyingIndicator *indicator,
                 gboolean               denominator,
                 guint                  grouping,
                 gint64                 sum,
                 int                    other,
                 gint64                 other_sum,
                 gpointer               user_data)
{
  SumProblems *p = user_data;
  /* TRANSLATORS: the numerator or denominator of an indicator in a consistency check */
  const char *what = denominator ? _("denominator") : _("numerator");

  if (other < 0)
    /* TRANSLATORS: indicator id, its name, numerator or denominator, the breakdown
     * ("institutions"), its sum, the total */
    g_ptr_array_add (p->problems, g_strdup_printf (_("%s %s, %s: the sum over the %s is %lld, the total is %lld"),
                                                   indicator->id, _(indicator->label), what, p->names[grouping],
                                                   (long long) sum, (long long) other_sum));
  else
    /* TRANSLATORS: indicator id, its name, numerator or denominator, a breakdown, its
     * sum, another breakdown, its sum */
    g_ptr_array_add (p->problems,
                     g_strdup_printf (_("%s %s, %s: the sum over the %s is %lld, over the %s %lld"),
                                      indicator->id, _(indicator->label), what, p->names[grouping],
                                      (long long) sum, p->names[other], (long long) other_sum));
}

GPtrArray *
muying_indicators_check_sums (const MuyingIndicators *total,
                              GPtrArray * const      *groupings,
                              const char * const     *names,
                              guint                   n_groupings)
{
  SumProblems p = { names, g_ptr_array_new_with_free_func (g_free) };

  g_return_val_if_fail (total != NULL && (n_groupings == 0 || (groupings != NULL && names != NULL)), p.problems);

  muying_indicators_foreach_sum_mismatch (total, groupings, n_groupings, add_sum_problem, &p);
  return p.problems;
}

static MuyingIndicator *
indicator (MuyingIndicators *self,
           const char       *id)
{
  return (MuyingIndicator *) muying_indicators_get (self, id);
}

static void
add_part (MuyingIndicators *self,
          const char       *id,
          const char       *group,
          const char       *key,
          gint64            count)
{
  MuyingIndicator *ind = indicator (self, id);
  MuyingIndicatorPart *part = g_new0 (MuyingIndicatorPart, 1);

  part->group = group;
  part->key = g_strdup (key);
  part->count = count;
  g_ptr_array_add (ind->parts, part);
}

/* ---- walking the rows -------------------------------------------------------------------------- */

static MuyingSqlStmt *
prepare_period (MuyingSql          *db,
                const char         *sql,
                const MuyingPeriod *period,
                GError            **error)
{
  MuyingSqlStmt *stmt = muying_sql_prepare (db, sql, error);
  g_autofree char *from = NULL, *to = NULL;

  if (stmt == NULL)
    return NULL;
  from = muying_date_format (&period->from);
  to = muying_date_format (&period->to);
  muying_sql_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  return stmt;
}

static const char *
text (MuyingSqlStmt *stmt,
      int           col)
{
  const char *value = (const char *) muying_sql_column_text (stmt, col);

  return value != NULL ? value : "";
}

static gboolean
is (MuyingSqlStmt *stmt,
    int           col,
    const char   *value)
{
  return g_strcmp0 ((const char *) muying_sql_column_text (stmt, col), value) == 0;
}

/* The rank of @value in @order (1-based), 0 when it is not there (NULL, not recorded). */
static int
rank_of (const char         *value,
         const char * const *order)
{
  for (int i = 0; value != NULL && order[i] != NULL; i++)
    if (strcmp (value, order[i]) == 0)
      return i + 1;
  return 0;
}

static gboolean
is_closed_lost (MuyingSqlStmt *stmt,
                int           col)
{
  return is (stmt, col, "lost");
}

static gboolean
early_stage (const char *stage)
{
  return g_strcmp0 (stage, "0") == 0 || g_strcmp0 (stage, "I") == 0 || g_strcmp0 (stage, "IA") == 0 ||
         g_strcmp0 (stage, "IB") == 0;
}

/* ---- units, their membership and the counts ----------------------------------------------- *
 * Each unit (a pregnancy, a newborn, a woman) is tested once against every indicator: a bit per
 * indicator for its numerator and one for its denominator (the order of definitions[]). The counts
 * are the sums of those bits, and the cases behind a count (muying_store_list_indicator_records)
 * are the units with its bit: one definition serves both, and a numerator bit without its
 * denominator bit is impossible by construction (checked by the tests). */

enum
{
  I_P1, I_P2, I_P3, I_P4, I_P5, I_P6, I_P7, I_P8, I_P9, I_P10, I_P11, I_P12, I_P13, I_P14, I_P15, I_P16,
  I_N1, I_N2, I_N3, I_N4, I_N5, I_N6, I_N7, I_N8, I_N9, I_N10, I_N11, I_N12, I_N13, I_N14,
  I_C1, I_C2, I_C3, I_C4, I_C5, I_C6, I_C7, I_C8, I_C9, I_C10, I_C11, I_C12,
  I_B1, I_B2, I_B3, I_B4, I_B5, I_B6, I_B7, I_B8,
  N_INDICATORS
};
G_STATIC_ASSERT (N_INDICATORS == G_N_ELEMENTS (definitions));

typedef struct
{
  guint64 num;   /* bit i: the unit is in the numerator of definitions[i] */
  guint64 den;   /* … in its denominator (indicators with a denominator of their own) */
} Membership;

#define BIT(i) (G_GUINT64_CONSTANT (1) << (i))

static void
member (Membership *m,
        int         i,
        gboolean    in_numerator,
        gboolean    in_denominator)
{
  if (in_numerator)
    m->num |= BIT (i);
  if (in_denominator)
    m->den |= BIT (i);
}

static const char * const prenatal_tests[] = { "early_combined", "mid_double", "mid_triple", "mid_quad", "nipt", NULL };
static const char * const conditions[] = { "T21", "T18", "T13", "SCA", "other_chromosomal", "NTD", "structural", "other",
                                           NULL };
static const char * const degrees[] = { "normal", "mild", "moderate", "severe", "profound", NULL };
static const char * const loss_types[] = { "sensorineural", "conductive", "mixed", "auditory_neuropathy", NULL };

/* ---- two cancers: the woman and her most advanced result ------------------------------------ */

static const char * const cytology_order[] = { "UNSAT", "NILM", "ASC-US", "LSIL", "ASC-H", "AGC", "HSIL", "AIS", "SCC",
                                               "ADC", NULL };
static const char * const histology_order[] = { "negative", "CIN1", "CIN2", "CIN3", "AIS", "micro_invasive", "invasive",
                                                NULL };
static const char * const pathology_order[] = { "benign", "atypical_hyperplasia", "LCIS", "DCIS", "invasive", NULL };
static const char * const stage_order[] = { "0", "I", "IA", "IB", "II", "III", "IV", NULL };
/* The worse of two BI-RADS: 0 (incomplete, more imaging needed) is worse than 1–3 (docs/import-formats.md). */
static const char * const birads_order[] = { "1", "2", "3", "0", "4A", "4B", "4C", "5", "6", NULL };

#define CYTOLOGY_ASCUS 3   /* rank of ASC-US: this and above are abnormal */
#define HISTOLOGY_CIN2 3
#define HISTOLOGY_MICRO 6
#define PATHOLOGY_ATYPICAL 2
#define PATHOLOGY_DCIS 4

typedef struct
{
  gboolean cervical_item, hpv_tested, hpv_positive, hpv_16_18, cytology_done, via_done, via_abnormal;
  gboolean colposcopy_due, colposcopy_done, colposcopy_abnormal, cervical_treated;
  gboolean cervical_followup, cervical_lost;
  int      cytology, histology, cervical_stage;
  gboolean breast_item, cbe_abnormal, us_done, mammo_done, suspicious, pathology_done, breast_treated;
  gboolean breast_followup, breast_lost;
  int      us, pathology, breast_stage;
} Woman;


typedef struct
{
  char     *key;
  gboolean  locus;
  gint64    count;
} GeneCount;

/* The counts of one group: the sums of the units' bits, and the breakdowns of some indicators. */
typedef struct
{
  gint64  n[N_INDICATORS];
  gint64  d[N_INDICATORS];
  gint64  by_test[G_N_ELEMENTS (prenatal_tests)], by_condition[G_N_ELEMENTS (conditions)];
  gint64  by_degree[G_N_ELEMENTS (degrees)], by_type[G_N_ELEMENTS (loss_types)];
  gint64  dx_90, int_180;
  GArray *genes;   /* GeneCount: by gene, then by locus ("GENE:VARIANT") */
  gint64  hpv_tested, hpv_16_18, by_cytology[G_N_ELEMENTS (cytology_order)], by_histology[G_N_ELEMENTS (histology_order)];
  gint64  cervical_precancer, cervical_cancer;
  gint64  by_birads[G_N_ELEMENTS (birads_order)], breast_precancer, breast_cancer, by_breast_stage[G_N_ELEMENTS (stage_order)];
  gint64  breast_lost, breast_followup;
} Counts;

static void
counts_free (Counts *c)
{
  for (guint i = 0; c->genes != NULL && i < c->genes->len; i++)
    g_free (g_array_index (c->genes, GeneCount, i).key);
  g_clear_pointer (&c->genes, g_array_unref);
  g_free (c);
}

/* Adds the counts of @from to @to: every member is a sum over units, and the two walks of a split
 * period count disjoint units (see "Two connections" below), so the sums add up. */
static void
counts_add (Counts       *to,
            const Counts *from)
{
#define ADD_ARRAY(member) for (gsize k = 0; k < G_N_ELEMENTS (to->member); k++) to->member[k] += from->member[k]
  ADD_ARRAY (n);
  ADD_ARRAY (d);
  ADD_ARRAY (by_test);
  ADD_ARRAY (by_condition);
  ADD_ARRAY (by_degree);
  ADD_ARRAY (by_type);
  ADD_ARRAY (by_cytology);
  ADD_ARRAY (by_histology);
  ADD_ARRAY (by_birads);
  ADD_ARRAY (by_breast_stage);
#undef ADD_ARRAY
  to->dx_90 += from->dx_90;
  to->int_180 += from->int_180;
  to->hpv_tested += from->hpv_tested;
  to->hpv_16_18 += from->hpv_16_18;
  to->cervical_precancer += from->cervical_precancer;
  to->cervical_cancer += from->cervical_cancer;
  to->breast_precancer += from->breast_precancer;
  to->breast_cancer += from->breast_cancer;
  to->breast_lost += from->breast_lost;
  to->breast_followup += from->breast_followup;
  /* the genes: by key, in @from's order for the keys @to lacks */
  for (guint i = 0; from->genes != NULL && i < from->genes->len; i++)
    {
      const GeneCount *g = &g_array_index (from->genes, GeneCount, i);
      gboolean found = FALSE;

      if (to->genes == NULL)
        to->genes = g_array_new (FALSE, FALSE, sizeof (GeneCount));
      for (guint j = 0; !found && j < to->genes->len; j++)
        {
          GeneCount *t = &g_array_index (to->genes, GeneCount, j);

          if (t->locus == g->locus && strcmp (t->key, g->key) == 0)
            {
              t->count += g->count;
              found = TRUE;
            }
        }
      if (!found)
        {
          GeneCount copy = { g_strdup (g->key), g->locus, g->count };

          g_array_append_val (to->genes, copy);
        }
    }
}

static void
add_membership (Counts           *c,
                const Membership *m)
{
  /* the set bits only: a unit is in a few of the fifty */
  for (guint64 bits = m->num; bits != 0; bits &= bits - 1)
    c->n[__builtin_ctzll (bits)]++;
  for (guint64 bits = m->den; bits != 0; bits &= bits - 1)
    c->d[__builtin_ctzll (bits)]++;
}

/* The breakdowns one walk counts at once: each unit is read once and counted in its group of
 * every breakdown (the workbook asks for six). */
#define MAX_BYS 8

/* A sub-period's first and last day, "YYYY-MM-DD". */
typedef char PartDays[2][11];

/* What the walk does with each unit: count it in its group of each breakdown, or (drill-down)
 * collect its record. */
typedef struct
{
  guint               n_bys;
  MuyingIndicatorsBy  bys[MAX_BYS];
  GHashTable         *groups[MAX_BYS];   /* per breakdown: key → Counts; groups[0] NULL when collecting */
  int                 index;             /* collecting: the indicator */
  gboolean            denominator;       /* … its denominator rather than its numerator */
  const char         *group;             /* … only units of this group of bys[0] (NULL = all) */
  GArray             *records;           /* … the first record of each unit (gint64) */
  /* counting: sub-periods of the period (the workbook's months and quarters), each unit also
   * counted in those that hold its date, as a walk of that sub-period alone would count it */
  guint               n_parts;
  PartDays           *part_days;         /* each one's first and last day */
  Counts            **part_counts;
  guint              *hits;              /* scratch: the sub-periods of one date (n_parts) */
} Walk;

/* A counting walk of @n_bys breakdowns and @n_parts sub-periods (@part_days, not copied): its
 * groups and counts, empty. */
static void
walk_init_counting (Walk                     *walk,
                    const MuyingIndicatorsBy *bys,
                    guint                     n_bys,
                    PartDays                 *part_days,
                    guint                     n_parts)
{
  memset (walk, 0, sizeof *walk);
  walk->n_bys = n_bys;
  for (guint b = 0; b < n_bys; b++)
    {
      walk->bys[b] = bys[b];
      walk->groups[b] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) counts_free);
    }
  walk->n_parts = n_parts;
  walk->part_days = part_days;
  walk->part_counts = g_new0 (Counts *, n_parts);
  for (guint i = 0; i < n_parts; i++)
    walk->part_counts[i] = g_new0 (Counts, 1);
  walk->hits = g_new0 (guint, n_parts);
}

static void
walk_clear_counting (Walk *walk)
{
  for (guint b = 0; b < walk->n_bys; b++)
    g_clear_pointer (&walk->groups[b], g_hash_table_unref);
  for (guint i = 0; walk->part_counts != NULL && i < walk->n_parts; i++)
    counts_free (walk->part_counts[i]);
  g_clear_pointer (&walk->part_counts, g_free);
  g_clear_pointer (&walk->hits, g_free);
}

/* Adds the counts of walk @from to those of @to (the same breakdowns and sub-periods). */
static void
walk_add (Walk *to,
          Walk *from)
{
  for (guint b = 0; b < to->n_bys; b++)
    {
      GHashTableIter iter;
      char *key;
      Counts *c;

      g_hash_table_iter_init (&iter, from->groups[b]);
      while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &c))
        {
          Counts *into = g_hash_table_lookup (to->groups[b], key);

          if (into != NULL)
            counts_add (into, c);
          else
            {
              g_hash_table_iter_steal (&iter);
              g_hash_table_insert (to->groups[b], key, c);
            }
        }
    }
  for (guint i = 0; i < to->n_parts; i++)
    counts_add (to->part_counts[i], from->part_counts[i]);
}

/* The sub-periods holding @date (its first @n characters: 10 for a day, 7 for a month "YYYY-MM"),
 * as indexes in walk->hits; their number. */
static guint
parts_of (const Walk *walk,
          const char *date,
          gsize       n)
{
  guint k = 0;

  for (guint i = 0; i < walk->n_parts; i++)
    if (strncmp (walk->part_days[i][0], date, n) <= 0 && strncmp (date, walk->part_days[i][1], n) <= 0)
      walk->hits[k++] = i;
  return k;
}

/* TRUE when the unit is to be counted (its Counts of each breakdown in c[]), FALSE when it was
 * collected or skipped. @keys: the unit's group of each breakdown. */
static gboolean
visit (Walk               *walk,
       const char * const *keys,
       gint64              record_id,
       const Membership   *m,
       Counts            **c)
{
  if (walk->groups[0] == NULL)
    {
      guint64 bits = walk->denominator ? m->den : m->num;

      if ((walk->group == NULL || g_strcmp0 (walk->group, keys[0]) == 0) && ((bits >> walk->index) & 1))
        g_array_append_val (walk->records, record_id);
      return FALSE;
    }
  for (guint b = 0; b < walk->n_bys; b++)
    {
      c[b] = g_hash_table_lookup (walk->groups[b], keys[b]);
      if (c[b] == NULL)
        {
          c[b] = g_new0 (Counts, 1);
          g_hash_table_insert (walk->groups[b], g_strdup (keys[b]), c[b]);
        }
      add_membership (c[b], m);
    }
  return TRUE;
}

/* The age key's column: the date and the woman's birth date, "YYYY-MM-DDYYYY-MM-DD" (the birth
 * date empty when unknown); age_key() makes the group of it, cheaper in C than in SQL. */
#define AGE_SQL(date) date " || COALESCE ((SELECT pe.birth_date FROM person pe WHERE pe.id = r.person_id), '')"

static int
digits (const char *text,
        int         n)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return -1;
      value = value * 10 + (text[i] - '0');
    }
  return value;
}

/* The age group of a woman on a date from an AGE_SQL column (completed years, as the statistics'
 * age groups: a birthday on the date counts): "35-39" … "60-64", else "other" (also without a
 * birth date); "" stays "" (a newborn). @buffer: at least 8 bytes. */
static const char *
age_key (const char *column,
         char       *buffer)
{
  int year, born, age;

  if (*column == '\0')
    return "";
  if (strlen (column) < 20 || (year = digits (column, 4)) < 0 || (born = digits (column + 10, 4)) < 0)
    return "other";
  age = year - born - (strncmp (column + 5, column + 15, 5) < 0 ? 1 : 0);
  if (age < 35 || age > 64)
    return "other";
  age = 35 + (age - 35) / 5 * 5;
  g_snprintf (buffer, 8, "%d-%d", age, age + 4);
  return buffer;
}

/* The SQL of a unit's group key of @by, by programme table alias (n for prenatal and newborn, t)
 * and the date expression. */
static char *
group_sql (MuyingIndicatorsBy  by,
           const char         *alias,
           const char         *date)
{
  gboolean newborn = strcmp (date, "r.record_date") == 0 && strcmp (alias, "n") == 0;

  switch (by)
    {
    case MUYING_INDICATORS_BY_INSTITUTION:
      return g_strdup ("COALESCE (r.institution, '')");
    case MUYING_INDICATORS_BY_AREA:
      return g_strdup_printf ("COALESCE (%s.area_code, '')", alias);
    case MUYING_INDICATORS_BY_FUNDING:
      return g_strdup_printf ("COALESCE (%s.funding, '')", alias);
    case MUYING_INDICATORS_BY_FREE_PROGRAMME:
      return g_strdup_printf ("CASE WHEN %s.funding = 'free_programme' THEN 'free_programme' ELSE 'other' END", alias);
    case MUYING_INDICATORS_BY_MONTH:
      return g_strdup_printf ("substr (%s, 1, 7)", date);
    case MUYING_INDICATORS_BY_RESIDENCE:
      /* a newborn has no residence of its own */
      return newborn ? g_strdup ("''")
                     : g_strdup_printf ("CASE %s.residence WHEN 'rural' THEN 'rural' WHEN 'urban' THEN "
                                        "CASE WHEN %s.dibao = 'yes' THEN 'urban_dibao' ELSE 'urban' END ELSE '' END",
                                        alias, alias);
    case MUYING_INDICATORS_BY_AGE:
      /* the woman's age on her (first) screening date; a newborn has none */
      return newborn ? g_strdup ("''") : g_strdup_printf (AGE_SQL ("%s"), date);
    case MUYING_INDICATORS_BY_NONE:
    default:
      return g_strdup ("''");
    }
}

/* The group keys of every breakdown of @walk, as columns. */
static char *
group_columns (const Walk *walk,
               const char *alias,
               const char *date)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint b = 0; b < walk->n_bys; b++)
    {
      g_autofree char *expr = group_sql (walk->bys[b], alias, date);

      g_string_append_printf (sql, "%s%s", b > 0 ? ", " : "", expr);
    }
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* The worse ear's degree of the newborn's audiology rows (2 = mild … 5 = profound; a row migrated
 * from a single result without degrees counts its loss as mild). */
#define AUDIOLOGY_DEGREE(side) \
  "CASE " side " WHEN 'mild' THEN 2 WHEN 'moderate' THEN 3 WHEN 'severe' THEN 4 WHEN 'profound' THEN 5 ELSE 0 END"

/* The greatest of three values (SQLite's max(a, b, c) is the server's greatest(a, b, c)). */
#define GREATEST3(a, b, c) \
  "CASE WHEN (" a ") >= (" b ") AND (" a ") >= (" c ") THEN (" a ") WHEN (" b ") >= (" c ") THEN (" b ") " \
  "ELSE (" c ") END"

/* A condition as 1 or 0 (SQLite's booleans are integers; the server's are not). */
#define FLAG(condition) "CASE WHEN " condition " THEN 1 ELSE 0 END"

/* The reasons of each track (docs/rules.md), of every rule set: MAMMO_ASSESS of 2026.1, VISIBLE_LESION,
 * MAMMO_INCOMPLETE and MAMMO_SHORT_INTERVAL of 2026.2. */
#define CERVICAL_CODES "'HPV16_18', 'HPV_OTHER_CYTO_ABNORMAL', 'HPV_OTHER_TRIAGE', 'HPV_OTHER_REPEAT', 'CYTO_ABNORMAL', " \
  "'CYTO_ASCUS_HPV_NEG', 'CYTO_UNSATISFACTORY', 'VIA_VILI_ABNORMAL', 'COLPOSCOPY_ABNORMAL', 'CIN1', 'CERVICAL_PRECANCER', " \
  "'CERVICAL_CANCER', 'VISIBLE_LESION'"
#define BREAST_CODES "'CBE_ABNORMAL_NO_IMAGING', 'US_RECALL', 'MAMMO_ASSESS', 'BREAST_SUSPICIOUS', 'BREAST_PRECANCER', " \
  "'BREAST_CANCER', 'MAMMO_INCOMPLETE', 'MAMMO_SHORT_INTERVAL'"

/* ---- the statements ------------------------------------------------------------------------- *
 * Each walk starts from the period's part of a date index — the pregnancies by first_date, the
 * records by record_stats_idx (program, record_date, …) — and reaches the programme's row, the
 * follow-up, the reasons, the variants and the audiology of each by its key, so the cost follows
 * the period and not the database (tests/test-indicators.c checks the query plans of all of
 * them, listed by muying_indicators_dup_statements()). ?1 and ?2 are the period's first and last
 * day; @group is the group key columns of the walk's breakdowns. */

/* The pregnancies in the order of their date index (no sorting): a pregnancy's rows come together,
 * and the records, the diagnoses and the outcomes come in the same order, so the walk reads them
 * side by side and keeps one pregnancy in memory, not the period's. */
#define PREGNANCY_ORDER "ORDER BY g.first_date, g.id"

/* The prenatal records of the pregnancies first screened in the period. */
static char *
prenatal_records_sql (const char *group)
{
  return g_strdup_printf (
      "SELECT n.pregnancy_id, r.level, n.test_type, "
      "EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND x.code = 'AMA'), "
      "EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND x.code = 'NIPT_REDRAW'), f.state, r.record_date, r.id, "
      "g.first_date, %s "
      "FROM pregnancy g JOIN prenatal n ON n.pregnancy_id = g.id JOIN record r ON r.id = n.record_id "
      "LEFT JOIN followup f ON f.record_id = r.id WHERE g.first_date BETWEEN ?1 AND ?2 "
      PREGNANCY_ORDER, group);
}

static const char prenatal_diagnoses_sql[] =
  "SELECT d.pregnancy_id, g.first_date, d.result, d.condition FROM pregnancy g "
  "JOIN prenatal_diagnosis d ON d.pregnancy_id = g.id WHERE g.first_date BETWEEN ?1 AND ?2 " PREGNANCY_ORDER;

static const char prenatal_outcomes_sql[] =
  "SELECT o.pregnancy_id, g.first_date, o.outcome, o.birth_defect, o.condition FROM pregnancy g "
  "JOIN pregnancy_outcome o ON o.pregnancy_id = g.id WHERE g.first_date BETWEEN ?1 AND ?2 " PREGNANCY_ORDER;

/* The newborns screened in the period, with what the indicators read of each. */
static char *
newborn_sql (const char *group)
{
  return g_strdup_printf (
      "SELECT r.record_date, n.hearing_left, n.hearing_right, n.hearing_date, n.rescreen_left, n.rescreen_right, "
      "n.nicu, n.panel, "
      /* x.code || '': the record's reasons read once, not one look-up on the key per code of the
       * list (an expression keeps SQLite from using the index for the list) */
      "EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND (x.code || '') IN ('GJB2_BIALLELIC', "
      "'SLC26A4_BIALLELIC', "
      "'GJB3_BIALLELIC')), "
      "EXISTS (SELECT 1 FROM newborn_variant v WHERE v.record_id = r.id), "
      "EXISTS (SELECT 1 FROM newborn_variant v WHERE v.record_id = r.id AND v.gene = 'MT-RNR1'), "
      "EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'record' AND a.entity_id = r.id AND a.action = 'print' "
      "AND a.detail = '{\"document\":\"drug_card\"}'), "
      "f.state, "
      "(SELECT MIN (a.diagnosis_date) FROM audiology a WHERE a.record_id = r.id), "
      "(SELECT MAX (" GREATEST3 (AUDIOLOGY_DEGREE ("a.left_degree"), AUDIOLOGY_DEGREE ("a.right_degree"),
                                  "CASE a.hearing_loss WHEN 'unilateral' THEN 2 WHEN 'bilateral' THEN 2 ELSE 0 END") ") "
      "FROM audiology a WHERE a.record_id = r.id), "
      "(SELECT a.loss_type FROM audiology a WHERE a.record_id = r.id AND a.loss_type IS NOT NULL "
      "ORDER BY a.diagnosis_date DESC LIMIT 1), "
      "(SELECT MIN (a.intervention_date) FROM audiology a WHERE a.record_id = r.id "
      "AND a.intervention IN ('hearing_aid', 'cochlear_implant', 'other')), r.id, %s "
      "FROM record r JOIN newborn n ON n.record_id = r.id LEFT JOIN followup f ON f.record_id = r.id "
      "WHERE r.program = 'newborn' AND r.record_date BETWEEN ?1 AND ?2", group);
}

/* The month of a newborn, the last group key of the gene statements of a walk with sub-periods. */
#define GENES_MONTH "substr (r.record_date, 1, 7)"

/* The newborns of the period with a gene result, by gene (@locus FALSE) or by variant, and by the
 * @n_keys group keys @group of the walk's breakdowns (columns 1 to @n_keys): a newborn has one key
 * of each, so a breakdown's group adds up the rows with its key. Sorted by gene and variant. */
static char *
genes_sql (const char *group,
           guint       n_keys,
           gboolean    locus)
{
  g_autoptr(GString) by = g_string_new (NULL);

  for (guint k = 1; k <= n_keys + 2; k++)
    g_string_append_printf (by, "%s%u", k > 1 ? ", " : "", k);
  return g_strdup_printf (
      "SELECT %s, v.gene, %s, COUNT (DISTINCT v.record_id) FROM record r JOIN newborn n ON n.record_id = r.id "
      "JOIN newborn_variant v ON v.record_id = r.id WHERE r.program = 'newborn' AND r.record_date BETWEEN ?1 AND ?2 "
      "AND n.panel <> '' GROUP BY %s ORDER BY %u, %u", group, locus ? "v.variant" : "''", by->str, n_keys + 1,
      n_keys + 2);
}

/* The two-cancer exams of the period, a woman's together. Columns: 0 person, 1–14 the results,
 * 15 the reasons (REASON_* bits), 16 follow-up state, 17 record id, 18… the groups, then the
 * record date. */
enum
{
  REASON_COLPOSCOPY = 1 << 0,   /* a reason to refer for colposcopy */
  REASON_SUSPICIOUS = 1 << 1,   /* BREAST_SUSPICIOUS */
  REASON_CERVICAL   = 1 << 2,   /* a reason of the cervical track */
  REASON_BREAST     = 1 << 3,   /* … of the breast track */
};

static char *
two_cancer_sql (const char *group)
{
  return g_strdup_printf (
      "SELECT r.person_id, t.hpv, t.hpv_types, t.cytology, t.via_vili, t.colposcopy, t.cervical_histology, t.cbe, "
      "t.us_birads, t.mammo_birads, t.breast_pathology, t.cervical_stage, t.breast_stage, t.cervical_treatment, "
      "t.breast_treatment, "
      /* the reasons of the exam, read once (an IN list on the key would look up each code); in
       * SQL << and | bind alike, hence the brackets */
      "(SELECT COALESCE (MAX (" FLAG ("x.code IN ('HPV16_18', 'HPV_OTHER_CYTO_ABNORMAL', 'CYTO_ABNORMAL', "
      "'VIA_VILI_ABNORMAL')") ") | (MAX (" FLAG ("x.code = 'BREAST_SUSPICIOUS'") ") << 1) "
      "| (MAX (" FLAG ("x.code IN (" CERVICAL_CODES ")") ") << 2) | (MAX (" FLAG ("x.code IN (" BREAST_CODES ")") ") << 3), 0) "
      "FROM reason x WHERE x.record_id = r.id), "
      "f.state, r.id, %s, r.record_date "
      /* By the date index (schema step 2): for the ORDER BY, SQLite would otherwise walk every
       * two-cancer record of the database in record_program_person_idx, whatever the period —
       * five times slower for a month. */
      "FROM record r INDEXED BY record_stats_idx JOIN two_cancer t ON t.record_id = r.id "
      "LEFT JOIN followup f ON f.record_id = r.id "
      "WHERE r.program = 'two_cancer' AND r.record_date BETWEEN ?1 AND ?2 ORDER BY r.person_id, r.record_date, r.id", group);
}

GPtrArray *
muying_indicators_dup_statements (void)
{
  GPtrArray *statements = g_ptr_array_new_with_free_func (g_free);
  Walk all = { 0 };

  /* each breakdown alone, then all of them in one walk (the workbook's) */
  for (MuyingIndicatorsBy by = MUYING_INDICATORS_BY_NONE; by <= MUYING_INDICATORS_BY_FREE_PROGRAMME; by++)
    {
      Walk one = { .n_bys = 1, .bys = { by } };
      g_autofree char *prenatal = group_columns (&one, "n", "g.first_date");
      g_autofree char *newborn = group_columns (&one, "n", "r.record_date");
      g_autofree char *two_cancer = group_columns (&one, "t", "r.record_date");

      g_ptr_array_add (statements, prenatal_records_sql (prenatal));
      g_ptr_array_add (statements, newborn_sql (newborn));
      g_ptr_array_add (statements, genes_sql (newborn, 1, FALSE));
      g_ptr_array_add (statements, genes_sql (newborn, 1, TRUE));
      g_ptr_array_add (statements, two_cancer_sql (two_cancer));
      all.bys[all.n_bys++] = by;
    }
  {
    g_autofree char *prenatal = group_columns (&all, "n", "g.first_date");
    g_autofree char *newborn = group_columns (&all, "n", "r.record_date");
    g_autofree char *two_cancer = group_columns (&all, "t", "r.record_date");

    g_ptr_array_add (statements, prenatal_records_sql (prenatal));
    g_ptr_array_add (statements, newborn_sql (newborn));
    g_ptr_array_add (statements, genes_sql (newborn, all.n_bys, FALSE));
    g_ptr_array_add (statements, genes_sql (newborn, all.n_bys, TRUE));
    g_ptr_array_add (statements, two_cancer_sql (two_cancer));
  }
  {
    /* the genes of a walk with sub-periods (the workbook's months and quarters) */
    Walk none = { .n_bys = 1, .bys = { MUYING_INDICATORS_BY_NONE } };
    g_autofree char *newborn = group_columns (&none, "n", "r.record_date");
    g_autofree char *by_month = g_strconcat (newborn, ", " GENES_MONTH, NULL);

    g_ptr_array_add (statements, genes_sql (by_month, 2, FALSE));
    g_ptr_array_add (statements, genes_sql (by_month, 2, TRUE));
  }
  g_ptr_array_add (statements, g_strdup (prenatal_diagnoses_sql));
  g_ptr_array_add (statements, g_strdup (prenatal_outcomes_sql));
  return statements;
}

/* The group key of breakdown @b of a row, in column @col (@buffer: for an age group, 8 bytes). */
static const char *
row_key (const Walk   *walk,
         MuyingSqlStmt *stmt,
         int           col,
         guint         b,
         char         *buffer)
{
  const char *value = text (stmt, col);

  return walk->bys[b] == MUYING_INDICATORS_BY_AGE ? age_key (value, buffer) : value;
}

/* The group keys of a row, from column @first on (valid until the next row). */
static void
row_keys (const Walk   *walk,
          MuyingSqlStmt *stmt,
          int           first,
          const char  **keys,
          char        (*buffers)[8])
{
  for (guint b = 0; b < walk->n_bys; b++)
    keys[b] = row_key (walk, stmt, first + (int) b, b, buffers[b]);
}

/* ---- prenatal: the pregnancy ------------------------------------------------------------------ */

typedef struct
{
  char     first_date[11];  /* of its earliest record: the pregnancy's groups and record are that record's */
  gint64   first_record;
  char    *groups[MAX_BYS];
  gboolean has_first;
  int      level;           /* the highest of its records */
  guint    tests;           /* bit i: prenatal_tests[i] */
  gboolean ama, redraw;
  gboolean had_followup, lost;
  gboolean diagnosed, abnormal;
  guint    abnormal_conditions;   /* bit i: conditions[i] of an abnormal diagnosis */
  gboolean outcome_known, terminated, defect_chromosomal;
} Pregnancy;

/* Back to an empty pregnancy. */
static void
pregnancy_clear (Pregnancy *p)
{
  for (guint b = 0; b < MAX_BYS; b++)
    g_free (p->groups[b]);
  memset (p, 0, sizeof *p);
}

static void
pregnancy_membership (const Pregnancy *p,
                      Membership      *m)
{
  gboolean affected = p->abnormal || p->defect_chromosomal;
  gboolean nipt = (p->tests & (1u << 4)) != 0;

  member (m, I_P1, TRUE, FALSE);
  member (m, I_P2, TRUE, FALSE);
  member (m, I_P3, TRUE, FALSE);
  member (m, I_P4, p->level == 2, TRUE);
  member (m, I_P5, p->level == 1, TRUE);
  member (m, I_P6, p->ama, TRUE);
  member (m, I_P7, p->level == 2 && p->diagnosed, p->level == 2);
  member (m, I_P8, p->diagnosed, FALSE);
  member (m, I_P9, p->abnormal, p->diagnosed);
  member (m, I_P10, p->outcome_known, TRUE);
  member (m, I_P11, p->had_followup && p->lost, p->had_followup);
  member (m, I_P12, affected, FALSE);
  member (m, I_P13, affected && p->level > 0, affected);
  member (m, I_P14, affected && p->level == 0, p->level == 0);
  member (m, I_P15, p->redraw && nipt, nipt);
  member (m, I_P16, affected && p->terminated, affected);
}

/* The breakdowns of some indicators, of one pregnancy, in the counts of one group. */
static void
add_pregnancy_parts (Counts          *c,
                     const Pregnancy *p)
{
  for (guint t = 0; prenatal_tests[t] != NULL; t++)
    c->by_test[t] += (p->tests >> t) & 1;
  for (guint k = 0; conditions[k] != NULL; k++)
    c->by_condition[k] += (p->abnormal_conditions >> k) & 1;
}

/* A pregnancy of the period, whole: counted in its groups and in the sub-periods of @first_date
 * (the pregnancy's date in the index), or collected. */
static void
count_pregnancy (Walk            *walk,
                 const Pregnancy *p,
                 const char      *first_date)
{
  Membership m = { 0 };
  Counts *cs[MAX_BYS];

  pregnancy_membership (p, &m);
  if (!visit (walk, (const char * const *) p->groups, p->first_record, &m, cs))
    return;
  for (guint b = 0; b < walk->n_bys; b++)
    add_pregnancy_parts (cs[b], p);
  for (guint j = 0, n = parts_of (walk, first_date, 10); j < n; j++)
    {
      Counts *c = walk->part_counts[walk->hits[j]];

      add_membership (c, &m);
      add_pregnancy_parts (c, p);
    }
}

/* Whether the row of @stmt (pregnancy id in column 0, its first_date in column 1) comes before
 * pregnancy @id of @first_date in PREGNANCY_ORDER (-1), is it (0) or comes after it (1). */
static int
pregnancy_order (MuyingSqlStmt *stmt,
                 const char   *first_date,
                 gint64        id)
{
  int by_date = strcmp (text (stmt, 1), first_date);
  gint64 row_id = muying_sql_column_int64 (stmt, 0);

  if (by_date != 0)
    return by_date < 0 ? -1 : 1;
  return row_id < id ? -1 : row_id > id;
}

/* The diagnoses and the outcomes of pregnancy @id (the statements' rows before it belong to
 * pregnancies without a prenatal record, which are not counted); *rc_* is each one's last step. */
static void
read_diagnoses_and_outcomes (Pregnancy    *p,
                             gint64        id,
                             const char   *first_date,
                             MuyingSqlStmt *diagnoses,
                             int          *rc_diagnoses,
                             MuyingSqlStmt *outcomes,
                             int          *rc_outcomes)
{
  int order;

  while (*rc_diagnoses == SQLITE_ROW && (order = pregnancy_order (diagnoses, first_date, id)) <= 0)
    {
      if (order == 0)
        {
          int condition = rank_of ((const char *) muying_sql_column_text (diagnoses, 3), conditions);

          p->diagnosed = TRUE;
          if (is (diagnoses, 2, "abnormal"))
            {
              p->abnormal = TRUE;
              if (condition > 0)
                p->abnormal_conditions |= 1u << (condition - 1);
            }
        }
      *rc_diagnoses = muying_sql_step (diagnoses);
    }
  while (*rc_outcomes == SQLITE_ROW && (order = pregnancy_order (outcomes, first_date, id)) <= 0)
    {
      if (order == 0)
        {
          int condition = rank_of ((const char *) muying_sql_column_text (outcomes, 4), conditions);

          p->outcome_known = TRUE;
          p->terminated |= is (outcomes, 2, "termination");
          /* chromosomal (T21 … other_chromosomal) or NTD */
          p->defect_chromosomal |= is (outcomes, 3, "yes") && condition >= 1 && condition <= 6;
        }
      *rc_outcomes = muying_sql_step (outcomes);
    }
}

static gboolean
walk_prenatal (MuyingSql          *db,
               const MuyingPeriod *period,
               Walk               *walk,
               GError            **error)
{
  g_autoptr(MuyingSqlStmt) records = NULL;
  g_autoptr(MuyingSqlStmt) diagnoses = NULL;
  g_autoptr(MuyingSqlStmt) outcomes = NULL;
  g_autofree char *group = group_columns (walk, "n", "g.first_date");
  g_autofree char *sql = NULL;
  Pregnancy p = { 0 };
  gint64 current = -1;
  g_autofree char *current_date = NULL;
  int rc, rc_diagnoses, rc_outcomes;

  sql = prenatal_records_sql (group);
  records = prepare_period (db, sql, period, error);
  if (records == NULL)
    return FALSE;
  diagnoses = prepare_period (db, prenatal_diagnoses_sql, period, error);
  if (diagnoses == NULL)
    return FALSE;
  outcomes = prepare_period (db, prenatal_outcomes_sql, period, error);
  if (outcomes == NULL)
    return FALSE;
  rc_diagnoses = muying_sql_step (diagnoses);
  rc_outcomes = muying_sql_step (outcomes);
  /* columns: 0 pregnancy, 1 level, 2 test, 3 AMA, 4 redraw, 5 follow-up state, 6 record date,
   * 7 record id, 8 the pregnancy's first_date, 9… the groups */
  while ((rc = muying_sql_step (records)) == SQLITE_ROW)
    {
      gint64 id = muying_sql_column_int64 (records, 0);
      int test = rank_of ((const char *) muying_sql_column_text (records, 2), prenatal_tests);
      const char *date = text (records, 6);
      gint64 record_id = muying_sql_column_int64 (records, 7);

      if (id != current)
        {
          if (current >= 0)
            {
              read_diagnoses_and_outcomes (&p, current, current_date, diagnoses, &rc_diagnoses, outcomes,
                                           &rc_outcomes);
              count_pregnancy (walk, &p, current_date);
              pregnancy_clear (&p);
            }
          current = id;
          g_free (current_date);
          current_date = g_strdup (text (records, 8));
        }
      /* the group and record of the earliest record (the pregnancy's first screening) */
      if (!p.has_first || strcmp (date, p.first_date) < 0 ||
          (strcmp (date, p.first_date) == 0 && record_id < p.first_record))
        {
          g_strlcpy (p.first_date, date, sizeof p.first_date);
          for (guint b = 0; b < walk->n_bys; b++)
            {
              char buffer[8];

              g_free (p.groups[b]);
              p.groups[b] = g_strdup (row_key (walk, records, 9 + (int) b, b, buffer));
            }
          p.first_record = record_id;
          p.has_first = TRUE;
        }
      p.level = MAX (p.level, muying_sql_column_int (records, 1));
      if (test > 0)
        p.tests |= 1u << (test - 1);
      p.ama |= muying_sql_column_int (records, 3) != 0;
      p.redraw |= muying_sql_column_int (records, 4) != 0;
      p.had_followup |= muying_sql_column_type (records, 5) != SQLITE_NULL;
      p.lost |= is_closed_lost (records, 5);
    }
  if (rc == SQLITE_DONE && current >= 0)
    {
      read_diagnoses_and_outcomes (&p, current, current_date, diagnoses, &rc_diagnoses, outcomes, &rc_outcomes);
      count_pregnancy (walk, &p, current_date);
    }
  pregnancy_clear (&p);
  if (rc != SQLITE_DONE)
    return muying_sql_set_error (db, rc, error);
  if (rc_diagnoses != SQLITE_ROW && rc_diagnoses != SQLITE_DONE)
    return muying_sql_set_error (db, rc_diagnoses, error);
  if (rc_outcomes != SQLITE_ROW && rc_outcomes != SQLITE_DONE)
    return muying_sql_set_error (db, rc_outcomes, error);
  return TRUE;
}

/* ---- newborn ------------------------------------------------------------------------------- */

/* The breakdowns of some indicators, of one newborn, in the counts of one group. */
static void
add_newborn_parts (Counts  *c,
                   gboolean loss,
                   int      degree,
                   int      type,
                   gboolean dx_90,
                   gboolean int_180)
{
  if (loss)
    {
      c->by_degree[degree - 1]++;
      if (type > 0)
        c->by_type[type - 1]++;
    }
  c->dx_90 += dx_90;
  c->int_180 += int_180;
}

/* Adds @count newborns with gene result @key to @c (the rows come by gene and variant: a group's
 * rows of one key come one after another). */
static void
add_gene (Counts     *c,
          const char *key,
          gboolean    locus,
          gint64      count)
{
  GeneCount *last;

  if (c->genes == NULL)
    c->genes = g_array_new (FALSE, FALSE, sizeof (GeneCount));
  last = c->genes->len > 0 ? &g_array_index (c->genes, GeneCount, c->genes->len - 1) : NULL;
  if (last != NULL && last->locus == locus && strcmp (last->key, key) == 0)
    last->count += count;
  else
    {
      GeneCount g = { g_strdup (key), locus, count };

      g_array_append_val (c->genes, g);
    }
}

static gboolean
walk_newborn (MuyingSql          *db,
              const MuyingPeriod *period,
              Walk               *walk,
              GError            **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autofree char *group = group_columns (walk, "n", "r.record_date");
  g_autofree char *sql = NULL;
  int rc;

  sql = newborn_sql (group);
  stmt = prepare_period (db, sql, period, error);
  if (stmt == NULL)
    return FALSE;
  /* columns: 0 birth date, 1–2 initial ears, 3 initial date, 4–5 rescreen ears, 6 NICU, 7 panel,
   * 8 biallelic, 9 any variant, 10 MT-RNR1, 11 card printed, 12 follow-up state, 13 first
   * diagnosis date, 14 worse degree (2 = mild …), 15 loss type, 16 first intervention date, 17 record
   * id, 18… the groups */
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      gboolean initial = is (stmt, 1, "pass") || is (stmt, 1, "refer") || is (stmt, 2, "pass") || is (stmt, 2, "refer");
      gboolean refer = initial && (is (stmt, 1, "refer") || is (stmt, 2, "refer"));
      gboolean due_rescreen = refer || is (stmt, 1, "not_done") || is (stmt, 2, "not_done");
      gboolean rescreened = due_rescreen && (muying_sql_column_type (stmt, 4) != SQLITE_NULL ||
                                             muying_sql_column_type (stmt, 5) != SQLITE_NULL);
      gboolean rescreen_refer = rescreened && (is (stmt, 4, "refer") || is (stmt, 5, "refer"));
      gboolean due_diagnosis = rescreen_refer || muying_sql_column_int (stmt, 8) != 0 || (refer && is (stmt, 6, "yes"));
      gboolean diagnosed = due_diagnosis && muying_sql_column_type (stmt, 13) != SQLITE_NULL;
      int degree = muying_sql_column_int (stmt, 14);
      gboolean loss = initial && degree >= 2;
      gboolean intervened = loss && muying_sql_column_type (stmt, 16) != SQLITE_NULL;
      gboolean gene = *text (stmt, 7) != '\0';
      gboolean mt = gene && muying_sql_column_int (stmt, 10) != 0;
      gboolean followup = muying_sql_column_type (stmt, 12) != SQLITE_NULL;
      gboolean within_30 = FALSE, dx_90 = FALSE, int_180 = FALSE;
      Membership m = { 0 };
      GDate birth, day;
      const char *keys[MAX_BYS];
      char buffers[MAX_BYS][8];
      Counts *cs[MAX_BYS];
      int type;

      g_date_clear (&birth, 1);
      g_date_clear (&day, 1);
      muying_date_parse (text (stmt, 0), &birth, NULL);
      if (initial && muying_date_parse (text (stmt, 3), &day, NULL) && muying_date_days_between (&birth, &day) <= 30)
        within_30 = TRUE;
      if (diagnosed && muying_date_parse (text (stmt, 13), &day, NULL) && muying_date_days_between (&birth, &day) <= 90)
        dx_90 = TRUE;
      if (intervened && muying_date_parse (text (stmt, 16), &day, NULL) &&
          muying_date_days_between (&birth, &day) <= 180)
        int_180 = TRUE;

      member (&m, I_N1, initial, FALSE);
      member (&m, I_N2, refer, initial);
      member (&m, I_N3, due_rescreen, FALSE);
      member (&m, I_N4, rescreened, due_rescreen);
      member (&m, I_N5, rescreen_refer, rescreened);
      member (&m, I_N6, due_diagnosis, FALSE);
      member (&m, I_N7, diagnosed, due_diagnosis);
      member (&m, I_N8, loss, initial);
      member (&m, I_N9, intervened, loss);
      member (&m, I_N10, within_30, initial);
      member (&m, I_N11, gene, FALSE);
      member (&m, I_N12, gene && muying_sql_column_int (stmt, 9) != 0, gene);
      member (&m, I_N13, mt && muying_sql_column_int (stmt, 11) != 0, mt);
      member (&m, I_N14, is_closed_lost (stmt, 12), followup);
      row_keys (walk, stmt, 18, keys, buffers);
      if (!visit (walk, keys, muying_sql_column_int64 (stmt, 17), &m, cs))
        continue;
      type = loss ? rank_of ((const char *) muying_sql_column_text (stmt, 15), loss_types) : 0;
      for (guint b = 0; b < walk->n_bys; b++)
        add_newborn_parts (cs[b], loss, degree, type, dx_90, int_180);
      for (guint j = 0, n = parts_of (walk, text (stmt, 0), 10); j < n; j++)
        {
          Counts *c = walk->part_counts[walk->hits[j]];

          add_membership (c, &m);
          add_newborn_parts (c, loss, degree, type, dx_90, int_180);
        }
    }
  if (rc != SQLITE_DONE)
    return muying_sql_set_error (db, rc, error);
  if (walk->groups[0] == NULL)
    return TRUE;

  /* N12 by gene and by locus: the newborns with a gene result and that variant (a newborn with two
   * variants of one gene counts once for the gene); a small query over the variants for each, by
   * every breakdown's key at once */
  if (walk->n_parts > 0)
    {
      /* and by month, for the sub-periods */
      g_autofree char *by_month = g_strconcat (group, ", " GENES_MONTH, NULL);

      g_free (group);
      group = g_steal_pointer (&by_month);
    }
  for (guint locus = 0; locus < 2; locus++)
    {
      g_autoptr(MuyingSqlStmt) genes = NULL;
      int n = (int) walk->n_bys + (walk->n_parts > 0);
      g_autofree char *gene_sql = genes_sql (group, (guint) n, locus);

      genes = prepare_period (db, gene_sql, period, error);
      if (genes == NULL)
        return FALSE;
      while ((rc = muying_sql_step (genes)) == SQLITE_ROW)
        {
          g_autofree char *key = locus ? g_strdup_printf ("%s:%s", text (genes, n), text (genes, n + 1))
                                       : g_strdup (text (genes, n));
          const char *keys[MAX_BYS];
          char buffers[MAX_BYS][8];

          gint64 count = muying_sql_column_int64 (genes, n + 2);

          row_keys (walk, genes, 0, keys, buffers);
          for (guint b = 0; b < walk->n_bys; b++)
            {
              Counts *c = g_hash_table_lookup (walk->groups[b], keys[b]);

              if (c != NULL)   /* (every newborn of a group was counted above) */
                add_gene (c, key, locus, count);
            }
          for (guint j = 0, parts = walk->n_parts > 0 ? parts_of (walk, text (genes, n - 1), 7) : 0; j < parts; j++)
            add_gene (walk->part_counts[walk->hits[j]], key, locus, count);
        }
      if (rc != SQLITE_DONE)
        return muying_sql_set_error (db, rc, error);
    }
  return TRUE;
}

/* ---- two cancers ------------------------------------------------------------------------------- */

static gboolean
treated (const char *treatment)
{
  return treatment != NULL && *treatment != '\0' && strcmp (treatment, "none") != 0;
}

static void
add_record (Woman        *w,
            MuyingSqlStmt *stmt)
{
  const char *hpv = (const char *) muying_sql_column_text (stmt, 1);
  const char *types = text (stmt, 2);
  g_auto(GStrv) type_list = g_strsplit (types, ";", -1);
  int reasons = muying_sql_column_int (stmt, 15);
  gboolean followup = muying_sql_column_type (stmt, 16) != SQLITE_NULL;

  w->hpv_tested |= g_strcmp0 (hpv, "negative") == 0 || g_strcmp0 (hpv, "positive") == 0;
  w->hpv_positive |= g_strcmp0 (hpv, "positive") == 0;
  if (g_strcmp0 (hpv, "positive") == 0)
    w->hpv_16_18 |= g_strv_contains ((const char * const *) type_list, "16") ||
                    g_strv_contains ((const char * const *) type_list, "18");
  w->cytology_done |= muying_sql_column_type (stmt, 3) != SQLITE_NULL;
  w->cytology = MAX (w->cytology, rank_of ((const char *) muying_sql_column_text (stmt, 3), cytology_order));
  w->via_done |= is (stmt, 4, "negative") || is (stmt, 4, "abnormal");
  w->via_abnormal |= is (stmt, 4, "abnormal");
  w->colposcopy_done |= is (stmt, 5, "normal") || is (stmt, 5, "abnormal");
  w->colposcopy_abnormal |= is (stmt, 5, "abnormal");
  w->histology = MAX (w->histology, rank_of ((const char *) muying_sql_column_text (stmt, 6), histology_order));
  w->cervical_item |= w->hpv_tested || w->cytology_done || w->via_done || w->colposcopy_done || w->histology > 0;
  w->cbe_abnormal |= is (stmt, 7, "abnormal");
  w->us_done |= muying_sql_column_type (stmt, 8) != SQLITE_NULL;
  w->us = MAX (w->us, rank_of ((const char *) muying_sql_column_text (stmt, 8), birads_order));
  w->mammo_done |= muying_sql_column_type (stmt, 9) != SQLITE_NULL;
  w->pathology_done |= muying_sql_column_type (stmt, 10) != SQLITE_NULL;
  w->pathology = MAX (w->pathology, rank_of ((const char *) muying_sql_column_text (stmt, 10), pathology_order));
  w->breast_item |= muying_sql_column_type (stmt, 7) != SQLITE_NULL || w->us_done || w->mammo_done || w->pathology_done;
  w->cervical_stage = MAX (w->cervical_stage, rank_of ((const char *) muying_sql_column_text (stmt, 11), stage_order));
  w->breast_stage = MAX (w->breast_stage, rank_of ((const char *) muying_sql_column_text (stmt, 12), stage_order));
  w->cervical_treated |= treated ((const char *) muying_sql_column_text (stmt, 13));
  w->breast_treated |= treated ((const char *) muying_sql_column_text (stmt, 14));
  w->colposcopy_due |= (reasons & REASON_COLPOSCOPY) != 0;
  w->suspicious |= (reasons & REASON_SUSPICIOUS) != 0;
  w->cervical_followup |= followup && (reasons & REASON_CERVICAL) != 0;
  w->cervical_lost |= followup && (reasons & REASON_CERVICAL) != 0 && is_closed_lost (stmt, 16);
  w->breast_followup |= followup && (reasons & REASON_BREAST) != 0;
  w->breast_lost |= followup && (reasons & REASON_BREAST) != 0 && is_closed_lost (stmt, 16);
}

static void
woman_membership (const Woman *w,
                  Membership  *m)
{
  gboolean ci = w->cervical_item, bi = w->breast_item;
  gboolean c_pre = ci && w->histology >= HISTOLOGY_CIN2 && w->histology < HISTOLOGY_MICRO;
  gboolean c_ca = ci && w->histology >= HISTOLOGY_MICRO;
  gboolean b_pre = bi && w->pathology >= PATHOLOGY_ATYPICAL && w->pathology < PATHOLOGY_DCIS;
  gboolean b_ca = bi && w->pathology >= PATHOLOGY_DCIS;
  gboolean mammo_due = bi && w->us > 0 && (strcmp (birads_order[w->us - 1], "0") == 0 ||
                                           strcmp (birads_order[w->us - 1], "3") == 0);
  gboolean c_early = c_pre || (c_ca && w->cervical_stage > 0 && early_stage (stage_order[w->cervical_stage - 1]));
  gboolean b_early = b_pre || (b_ca && w->breast_stage > 0 && early_stage (stage_order[w->breast_stage - 1]));

  member (m, I_C1, ci, FALSE);
  member (m, I_C2, ci && w->hpv_positive, ci && w->hpv_tested);
  member (m, I_C3, ci && w->cytology_done && w->cytology >= CYTOLOGY_ASCUS, ci && w->cytology_done);
  member (m, I_C4, ci && w->via_abnormal, ci && w->via_done);
  member (m, I_C5, ci && w->colposcopy_due, FALSE);
  member (m, I_C6, ci && w->colposcopy_due && w->colposcopy_done, ci && w->colposcopy_due);
  member (m, I_C7, ci && w->colposcopy_abnormal && w->histology > 0, ci && w->colposcopy_abnormal);
  member (m, I_C8, ci && w->histology >= 2, FALSE);
  member (m, I_C9, c_pre || c_ca, ci);
  member (m, I_C10, c_early, c_pre || c_ca);
  member (m, I_C11, (c_pre || c_ca) && w->cervical_treated, c_pre || c_ca);
  member (m, I_C12, ci && w->cervical_lost, ci && w->cervical_followup);
  member (m, I_B1, bi, FALSE);
  member (m, I_B2, bi && w->cbe_abnormal, bi);
  member (m, I_B3, bi && w->us_done, bi);
  member (m, I_B4, mammo_due && w->mammo_done, mammo_due);
  member (m, I_B5, bi && w->suspicious && w->pathology_done, bi && w->suspicious);
  member (m, I_B6, b_pre || b_ca, bi);
  member (m, I_B7, b_early, b_pre || b_ca);
  member (m, I_B8, (b_pre || b_ca) && w->breast_treated, b_pre || b_ca);
}

/* The breakdowns of some indicators, of one woman, in the counts of one group. */
static void
add_woman_parts (Counts      *c,
                 const Woman *w)
{
  if (w->cervical_item)
    {
      c->hpv_tested += w->hpv_tested;
      c->hpv_16_18 += w->hpv_16_18;
      if (w->cytology > 0)
        c->by_cytology[w->cytology - 1]++;
      if (w->histology > 0)
        c->by_histology[w->histology - 1]++;
      c->cervical_precancer += w->histology >= HISTOLOGY_CIN2 && w->histology < HISTOLOGY_MICRO;
      c->cervical_cancer += w->histology >= HISTOLOGY_MICRO;
    }
  if (w->breast_item)
    {
      gboolean cancer = w->pathology >= PATHOLOGY_DCIS;

      if (w->us > 0)
        c->by_birads[w->us - 1]++;
      c->breast_precancer += w->pathology >= PATHOLOGY_ATYPICAL && w->pathology < PATHOLOGY_DCIS;
      c->breast_cancer += cancer;
      if (cancer && w->breast_stage > 0)
        c->by_breast_stage[w->breast_stage - 1]++;
      c->breast_lost += w->breast_lost;
      c->breast_followup += w->breast_followup;
    }
}

static void
add_woman (Walk               *walk,
           const char * const *keys,
           gint64              record_id,
           const Woman        *w)
{
  Membership m = { 0 };
  Counts *cs[MAX_BYS];

  woman_membership (w, &m);
  if (!visit (walk, keys, record_id, &m, cs))
    return;
  for (guint b = 0; b < walk->n_bys; b++)
    add_woman_parts (cs[b], w);
}

/* One woman in the counts of each sub-period she had an exam in (her exams of that sub-period);
 * then no woman. */
static void
add_part_women (Walk     *walk,
                Woman    *women,
                gboolean *seen)
{
  for (guint i = 0; i < walk->n_parts; i++)
    if (seen[i])
      {
        Membership m = { 0 };

        woman_membership (&women[i], &m);
        add_membership (walk->part_counts[i], &m);
        add_woman_parts (walk->part_counts[i], &women[i]);
        memset (&women[i], 0, sizeof women[i]);
        seen[i] = FALSE;
      }
}

static gboolean
walk_two_cancer (MuyingSql          *db,
                 const MuyingPeriod *period,
                 Walk               *walk,
                 GError            **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autofree char *group_expr = group_columns (walk, "t", "r.record_date");
  g_autofree char *sql = NULL;
  char *keys[MAX_BYS] = { NULL };
  Woman w = { 0 };
  g_autofree Woman *part_women = g_new0 (Woman, walk->n_parts);   /* her exams of each sub-period */
  g_autofree gboolean *part_seen = g_new0 (gboolean, walk->n_parts);
  gint64 person = -1, first_record = 0;
  int date_col = 18 + (int) walk->n_bys;
  int rc;

  /* a woman's group and record are her first exam's of the period */
  sql = two_cancer_sql (group_expr);
  stmt = prepare_period (db, sql, period, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = muying_sql_column_int64 (stmt, 0);

      if (id != person && person >= 0)
        {
          add_woman (walk, (const char * const *) keys, first_record, &w);
          memset (&w, 0, sizeof w);
          add_part_women (walk, part_women, part_seen);
        }
      if (id != person)
        {
          for (guint b = 0; b < walk->n_bys; b++)
            {
              char buffer[8];

              g_free (keys[b]);
              keys[b] = g_strdup (row_key (walk, stmt, 18 + (int) b, b, buffer));
            }
          first_record = muying_sql_column_int64 (stmt, 17);
        }
      person = id;
      add_record (&w, stmt);
      for (guint j = 0, n = parts_of (walk, text (stmt, date_col), 10); j < n; j++)
        {
          add_record (&part_women[walk->hits[j]], stmt);
          part_seen[walk->hits[j]] = TRUE;
        }
    }
  if (rc == SQLITE_DONE && person >= 0)
    {
      add_woman (walk, (const char * const *) keys, first_record, &w);
      add_part_women (walk, part_women, part_seen);
    }
  for (guint b = 0; b < MAX_BYS; b++)
    g_free (keys[b]);
  if (rc != SQLITE_DONE)
    return muying_sql_set_error (db, rc, error);
  return TRUE;
}

/* ---- from the counts to the indicators -------------------------------------------------------- */

static MuyingIndicators *
indicators_new (const MuyingPeriod       *period,
                const char               *group,
                const Counts             *c,
                const MuyingDenominators *figures)
{
  MuyingIndicators *self = g_new0 (MuyingIndicators, 1);
  gint64 external[] = { figures->deliveries, figures->live_births, figures->live_births, figures->cervical_due,
                        figures->breast_due };
  guint next_external = 0;

  self->period = *period;
  self->group = g_strdup (group);
  self->indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) indicator_free);
  for (guint i = 0; i < N_INDICATORS; i++)
    {
      MuyingIndicator *ind = g_new0 (MuyingIndicator, 1);

      ind->id = definitions[i].id;
      ind->label = definitions[i].label;
      ind->has_d = definitions[i].d != D_NONE;
      ind->external = definitions[i].d == D_EXTERNAL;
      ind->unit = definitions[i].unit;
      ind->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
      ind->n = c->n[i];
      if (ind->external)
        {
          /* P2 deliveries, N1 and N11 live births, C1 and B1 women due: in the order of definitions[] */
          gint64 figure = external[next_external++];

          ind->d = figure >= 0 ? figure : 0;
          ind->d_missing = figure < 0;
        }
      else if (ind->has_d)
        ind->d = c->d[i];
      g_ptr_array_add (self->indicators, ind);
    }
  g_assert (next_external == G_N_ELEMENTS (external));

  for (guint t = 0; prenatal_tests[t] != NULL; t++)
    add_part (self, "P3", "by_test", prenatal_tests[t], c->by_test[t]);
  for (guint k = 0; conditions[k] != NULL; k++)
    add_part (self, "P9", "by_condition", conditions[k], c->by_condition[k]);
  for (guint i = 1; degrees[i] != NULL; i++)
    add_part (self, "N8", "by_degree", degrees[i], c->by_degree[i]);
  for (guint i = 0; loss_types[i] != NULL; i++)
    add_part (self, "N8", "by_type", loss_types[i], c->by_type[i]);
  add_part (self, "N10", NULL, "diagnosis_90_days", c->dx_90);
  add_part (self, "N10", NULL, "diagnosed", c->n[I_N7]);
  add_part (self, "N10", NULL, "intervention_180_days", c->int_180);
  add_part (self, "N10", NULL, "intervened", c->n[I_N9]);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; c->genes != NULL && i < c->genes->len; i++)
      {
        GeneCount *g = &g_array_index (c->genes, GeneCount, i);

        if (g->locus == (pass == 1))
          add_part (self, "N12", pass == 0 ? "by_gene" : "by_locus", g->key, g->count);
      }
  add_part (self, "N13", NULL, "mt_rnr1_positive", c->d[I_N13]);
  add_part (self, "C2", NULL, "tested", c->hpv_tested);
  add_part (self, "C2", NULL, "hpv_16_18", c->hpv_16_18);
  for (guint i = 0; cytology_order[i] != NULL; i++)
    add_part (self, "C3", "by_category", cytology_order[i], c->by_cytology[i]);
  for (guint i = 1; histology_order[i] != NULL; i++)
    add_part (self, "C8", NULL, histology_order[i], c->by_histology[i]);
  add_part (self, "C9", NULL, "precancer", c->cervical_precancer);
  add_part (self, "C9", NULL, "cancer", c->cervical_cancer);
  for (guint i = 0; birads_order[i] != NULL; i++)
    add_part (self, "B3", "by_birads", birads_order[i], c->by_birads[i]);
  add_part (self, "B6", NULL, "precancer", c->breast_precancer);
  add_part (self, "B6", NULL, "cancer", c->breast_cancer);
  for (guint i = 0; stage_order[i] != NULL; i++)
    add_part (self, "B6", "cancer_by_stage", stage_order[i], c->by_breast_stage[i]);
  add_part (self, "B8", NULL, "lost", c->breast_lost);
  add_part (self, "B8", NULL, "with_followup", c->breast_followup);
  return self;
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const MuyingIndicators *x = *(MuyingIndicators * const *) a;
  const MuyingIndicators *y = *(MuyingIndicators * const *) b;

  return g_strcmp0 (x->group, y->group);
}

static gboolean
walk_all (MuyingSql          *db,
          const MuyingPeriod *period,
          Walk               *walk,
          GError            **error)
{
  return walk_prenatal (db, period, walk, error) && walk_newborn (db, period, walk, error) &&
         walk_two_cancer (db, period, walk, error);
}

/* The indicators of each group of @groups (key → Counts) of breakdown @by, sorted by group. */
static GPtrArray *
indicators_of_groups (MuyingStore        *store,
                      const MuyingPeriod *period,
                      MuyingIndicatorsBy  by,
                      GHashTable         *groups,
                      GError            **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_indicators_free);
  GHashTableIter iter;
  const char *key;
  Counts *c;

  /* the total is there even when the period has no case */
  if (by == MUYING_INDICATORS_BY_NONE && g_hash_table_size (groups) == 0)
    g_hash_table_insert (groups, g_strdup (""), g_new0 (Counts, 1));
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &c))
    {
      MuyingDenominators figures;

      /* the population figures: the period's, or a county's for a county */
      muying_denominators_init (&figures);
      if ((by == MUYING_INDICATORS_BY_NONE || by == MUYING_INDICATORS_BY_AREA) &&
          !muying_store_get_period_denominators (store, period, by == MUYING_INDICATORS_BY_AREA ? key : NULL, &figures,
                                                 error))
        return NULL;
      g_ptr_array_add (result, indicators_new (period, by == MUYING_INDICATORS_BY_NONE ? NULL : key, c, &figures));
      muying_denominators_clear (&figures);
    }
  g_ptr_array_sort (result, compare_groups);
  return g_steal_pointer (&result);
}

gboolean
muying_store_compute_indicators_multi (MuyingStore              *store,
                                       const MuyingPeriod       *period,
                                       const MuyingIndicatorsBy *bys,
                                       guint                     n_bys,
                                       GPtrArray               **results,
                                       GError                  **error)
{
  return muying_store_compute_indicators_with_parts (store, period, bys, n_bys, results, NULL, 0, NULL, error);
}

/* ---- two connections ------------------------------------------------------------------------ *
 * The walks of a period are shared between the store's connection and a thread with a second,
 * read-only connection on the same snapshot (muying-store-reader-private.h): both take pieces
 * (Piece, below) from one list, the longest first — the two-cancer women, the newborns, then the
 * pregnancies of each fifth of the period's days. The units never span two pieces: a pregnancy
 * belongs to one day (its first date), every newborn and every woman is in one piece. So each side
 * counts its own units in Counts of its own, and the sums add up to the counts of one walk. On one
 * core, in memory, inside the caller's transaction, or when no second connection is to be had, one
 * connection walks it all. */

static gboolean one_connection;   /* tests: muying_indicators_set_one_connection() */
static gint last_connections;

void
muying_indicators_set_one_connection (gboolean one)
{
  g_atomic_int_set (&one_connection, one);
}

guint
muying_indicators_get_last_connections (void)
{
  return (guint) g_atomic_int_get (&last_connections);
}

/* A piece of the counting walks that one connection does whole: the two-cancer women of the
 * period (never split: a woman counts at her first exam of the period), its newborns (whole too:
 * a group's genes are a list in the order of the walk's rows, which a second walk of the same
 * group would append to out of order), or the pregnancies first screened on some of its days
 * (their own period: a copy, read by one thread only, since GDate caches its Julian day in a date
 * it reads, const or not). */
typedef enum
{
  PIECE_TWO_CANCER,
  PIECE_NEWBORN,
  PIECE_PRENATAL,
} PieceKind;

typedef struct
{
  PieceKind    kind;
  MuyingPeriod period;
} Piece;

#define PRENATAL_PIECES 5
#define MAX_PIECES      (2 + PRENATAL_PIECES)

/* Appends the pregnancies' pieces of @period: PRENATAL_PIECES runs of consecutive days, as equal
 * as the days allow (fewer when the period has fewer days; one, the period itself, when it has
 * none). The caller's period is only copied, never read as a date: it must stay as it was, byte
 * for byte (the migration's check compares the statistics' reports with memcmp). */
static void
add_prenatal_pieces (const MuyingPeriod *period,
                     Piece              *pieces,
                     guint              *n_pieces)
{
  MuyingPeriod whole = *period;
  gint days = g_date_days_between (&whole.from, &whole.to) + 1;
  guint n = MIN (PRENATAL_PIECES, (guint) MAX (days, 1));
  guint done = 0;

  for (guint i = 0; i < n; i++)
    {
      Piece *piece = &pieces[(*n_pieces)++];
      guint end = i + 1 == n ? (guint) MAX (days, 1) : (guint) days * (i + 1) / n;

      piece->kind = PIECE_PRENATAL;
      piece->period = whole;
      if (days <= 0)
        continue;
      g_date_add_days (&piece->period.from, done);
      piece->period.to = whole.from;
      g_date_add_days (&piece->period.to, end - 1);
      done = end;
    }
}

/* One connection's side of the pieces: the walks of the pieces it takes
 * (_muying_store_reader_share), into its own Walk. */
typedef struct
{
  MuyingSql   *db;
  const Piece *pieces;
  Walk        *walk;
} Side;

static gboolean
side_walk_piece (gpointer  data,
                 guint     index,
                 GError  **error)
{
  Side *s = data;
  const Piece *piece = &s->pieces[index];

  switch (piece->kind)
    {
    case PIECE_TWO_CANCER:
      return walk_two_cancer (s->db, &piece->period, s->walk, error);
    case PIECE_NEWBORN:
      return walk_newborn (s->db, &piece->period, s->walk, error);
    case PIECE_PRENATAL:
    default:
      return walk_prenatal (s->db, &piece->period, s->walk, error);
    }
}

/* The counting walks of @period on the store's connection into @walk, and on a second one in a
 * thread when there is one. Inside the savepoint of the computation: @own_transaction when the
 * caller had none open. */
static gboolean
walk_counting (MuyingStore        *store,
               const MuyingPeriod *period,
               Walk               *walk,
               gboolean            own_transaction,
               GError            **error)
{
  MuyingSql *db = muying_store_get_sql (store);
  MuyingSql *reader = NULL;
  gint64 token = 0;
  gboolean ok;

  if (own_transaction && !g_atomic_int_get (&one_connection) && _muying_store_reader_read_token (db, &token))
    reader = _muying_store_reader_open (store, token);
  if (reader != NULL)
    {
      Walk reader_walk;
      /* the longest first: the women, the newborns, then the pregnancies' runs of days (at 10M
       * about 2.4 s, 1.8 s and 0.6 s each on one core) */
      Piece pieces[MAX_PIECES];
      guint n_pieces = 2;
      Side mine = { db, pieces, walk };
      Side other = { reader, pieces, &reader_walk };

      pieces[0].kind = PIECE_TWO_CANCER;
      pieces[0].period = *period;
      pieces[1].kind = PIECE_NEWBORN;
      pieces[1].period = *period;
      add_prenatal_pieces (period, pieces, &n_pieces);
      walk_init_counting (&reader_walk, walk->bys, walk->n_bys, walk->part_days, walk->n_parts);
      ok = _muying_store_reader_share ("muying-indicators", n_pieces, side_walk_piece, &other, &mine, error);
      if (ok)
        walk_add (walk, &reader_walk);
      walk_clear_counting (&reader_walk);
      _muying_store_reader_close (reader);
      g_atomic_int_set (&last_connections, 2);
    }
  else
    {
      ok = walk_all (db, period, walk, error);
      g_atomic_int_set (&last_connections, 1);
    }
  return ok;
}

gboolean
muying_store_compute_indicators_with_parts (MuyingStore              *store,
                                            const MuyingPeriod       *period,
                                            const MuyingIndicatorsBy *bys,
                                            guint                     n_bys,
                                            GPtrArray               **results,
                                            const MuyingPeriod       *parts,
                                            guint                     n_parts,
                                            MuyingIndicators        **part_results,
                                            GError                  **error)
{
  Walk walk;
  g_autofree PartDays *part_days = g_new0 (PartDays, n_parts);
  gboolean ok = FALSE, in_transaction;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (period != NULL && bys != NULL && results != NULL, FALSE);
  g_return_val_if_fail (n_bys >= 1 && n_bys <= MAX_BYS, FALSE);
  g_return_val_if_fail (n_parts == 0 || (parts != NULL && part_results != NULL), FALSE);

  for (guint b = 0; b < n_bys; b++)
    results[b] = NULL;
  for (guint i = 0; i < n_parts; i++)
    {
      g_autofree char *from = muying_date_format (&parts[i].from);
      g_autofree char *to = muying_date_format (&parts[i].to);

      g_return_val_if_fail (g_date_compare (&parts[i].from, &period->from) >= 0 &&
                            g_date_compare (&parts[i].to, &period->to) <= 0, FALSE);
      g_strlcpy (part_days[i][0], from, sizeof part_days[i][0]);
      g_strlcpy (part_days[i][1], to, sizeof part_days[i][1]);
      part_results[i] = NULL;
    }
  /* One read transaction: every count and figure comes from the same snapshot, the thread's too.
   * A savepoint works whether or not the caller already has a transaction open; inside the
   * caller's own transaction, which may hold changes no other connection sees, there is no
   * second connection. */
  in_transaction = muying_sql_in_transaction (muying_store_get_sql (store));
  if (!muying_store_exec (store, "SAVEPOINT muying_indicators", error))
    return FALSE;
  walk_init_counting (&walk, bys, n_bys, part_days, n_parts);
  if (walk_counting (store, period, &walk, !in_transaction, error))
    {
      ok = TRUE;
      for (guint b = 0; ok && b < n_bys; b++)
        ok = (results[b] = indicators_of_groups (store, period, bys[b], walk.groups[b], error)) != NULL;
      for (guint i = 0; ok && i < n_parts; i++)
        {
          MuyingDenominators figures;

          muying_denominators_init (&figures);
          ok = muying_store_get_period_denominators (store, &parts[i], NULL, &figures, error);
          if (ok)
            part_results[i] = indicators_new (&parts[i], NULL, walk.part_counts[i], &figures);
          muying_denominators_clear (&figures);
        }
    }
  if (!ok)
    muying_store_exec (store, "ROLLBACK TO muying_indicators", NULL);
  if (!muying_store_exec (store, "RELEASE muying_indicators", ok ? error : NULL))
    ok = FALSE;
  for (guint b = 0; !ok && b < n_bys; b++)
    g_clear_pointer (&results[b], g_ptr_array_unref);
  for (guint i = 0; !ok && i < n_parts; i++)
    g_clear_pointer (&part_results[i], muying_indicators_free);
  walk_clear_counting (&walk);
  return ok;
}

GPtrArray *
muying_store_compute_indicators_by (MuyingStore        *store,
                                    const MuyingPeriod *period,
                                    MuyingIndicatorsBy  by,
                                    GError            **error)
{
  GPtrArray *result = NULL;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (period != NULL, NULL);

  if (!muying_store_compute_indicators_multi (store, period, &by, 1, &result, error))
    return NULL;
  return result;
}

MuyingIndicators *
muying_store_compute_indicators (MuyingStore        *store,
                                 const MuyingPeriod *period,
                                 GError            **error)
{
  g_autoptr(GPtrArray) all = muying_store_compute_indicators_by (store, period, MUYING_INDICATORS_BY_NONE, error);

  return all != NULL ? g_ptr_array_steal_index (all, 0) : NULL;
}

GArray *
muying_store_list_indicator_records (MuyingStore        *store,
                                     const MuyingPeriod *period,
                                     MuyingIndicatorsBy  by,
                                     const char         *group,
                                     const char         *id,
                                     gboolean            denominator,
                                     GError            **error)
{
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (gint64));
  Walk walk = { 1, { by }, { NULL }, -1, denominator, by != MUYING_INDICATORS_BY_NONE ? group : NULL, records };

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (period != NULL && id != NULL, NULL);

  for (int i = 0; i < N_INDICATORS; i++)
    if (strcmp (definitions[i].id, id) == 0)
      walk.index = i;
  if (walk.index < 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND, _("There is no indicator %s"), id);
      return NULL;
    }
  if (!walk_all (muying_store_get_sql (store), period, &walk, error))
    return NULL;
  return g_steal_pointer (&records);
}
