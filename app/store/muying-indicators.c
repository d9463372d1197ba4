/* muying-indicators.c: counting the bureau's indicators of a period (muying-indicators.h)
 *
 * One statement per programme walks the cases of the period (the pregnancies by their first
 * date, the newborns and the two-cancer records by their date, through their indexes) with what
 * each indicator needs of a case; the follow-on records come with them by the case's link, so a
 * diagnosis dated in the next period counts with its pregnancy. The loop below folds the rows
 * into one unit each (a pregnancy, a newborn, a woman) and counts every indicator from the
 * units, so a numerator can only count units its denominator counts.
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
#include "muying-store-denominators.h"
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

static MuyingIndicator *
indicator (MuyingIndicators *self,
           const char       *id)
{
  return (MuyingIndicator *) muying_indicators_get (self, id);
}

/* Sets n (and d for an indicator with a denominator of its own). */
static void
set (MuyingIndicators *self,
     const char       *id,
     gint64            n,
     gint64            d)
{
  MuyingIndicator *ind = indicator (self, id);

  ind->n = n;
  if (ind->has_d && !ind->external)
    ind->d = d;
}

static void
set_external (MuyingIndicators *self,
              const char       *id,
              gint64            n,
              gint64            figure)
{
  MuyingIndicator *ind = indicator (self, id);

  ind->n = n;
  ind->d = figure >= 0 ? figure : 0;
  ind->d_missing = figure < 0;
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

static sqlite3_stmt *
prepare_period (MuyingStore        *store,
                const char         *sql,
                const MuyingPeriod *period,
                GError            **error)
{
  sqlite3_stmt *stmt = muying_store_prepare (store, sql, error);
  g_autofree char *from = NULL, *to = NULL;

  if (stmt == NULL)
    return NULL;
  from = muying_date_format (&period->from);
  to = muying_date_format (&period->to);
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  return stmt;
}

static const char *
text (sqlite3_stmt *stmt,
      int           col)
{
  const char *value = (const char *) sqlite3_column_text (stmt, col);

  return value != NULL ? value : "";
}

static gboolean
is (sqlite3_stmt *stmt,
    int           col,
    const char   *value)
{
  return g_strcmp0 ((const char *) sqlite3_column_text (stmt, col), value) == 0;
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
is_closed_lost (sqlite3_stmt *stmt,
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

/* ---- prenatal: the pregnancy ------------------------------------------------------------------ */

static const char * const prenatal_tests[] = { "early_combined", "mid_double", "mid_triple", "mid_quad", "nipt", NULL };
static const char * const conditions[] = { "T21", "T18", "T13", "SCA", "other_chromosomal", "NTD", "structural", "other",
                                           NULL };

typedef struct
{
  int      level;           /* the highest of its records */
  guint    tests;           /* bit i: prenatal_tests[i] */
  gboolean ama, redraw;
  gboolean had_followup, lost;
  gboolean diagnosed, abnormal;
  guint    abnormal_conditions;   /* bit i: conditions[i] of an abnormal diagnosis */
  gboolean outcome_known, terminated, defect_chromosomal;
} Pregnancy;

static gboolean
count_prenatal (MuyingStore        *store,
                const MuyingPeriod *period,
                gint64              deliveries,
                MuyingIndicators   *self,
                GError            **error)
{
  g_autoptr(GHashTable) pregnancies = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(sqlite3_stmt) records = NULL;
  g_autoptr(sqlite3_stmt) diagnoses = NULL;
  g_autoptr(sqlite3_stmt) outcomes = NULL;
  gint64 p1 = 0, by_test[G_N_ELEMENTS (prenatal_tests)] = { 0 }, high = 0, intermediate = 0, low = 0, ama = 0;
  gint64 high_dx = 0, dx = 0, abnormal = 0, by_condition[G_N_ELEMENTS (conditions)] = { 0 }, outcome = 0;
  gint64 with_followup = 0, lost = 0, affected = 0, affected_flagged = 0, affected_low = 0, redraw = 0;
  gint64 affected_terminated = 0;
  GHashTableIter iter;
  Pregnancy *p;
  int rc;

  records = prepare_period (store,
      "SELECT n.pregnancy_id, r.level, n.test_type, "
      "EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND x.code = 'AMA'), "
      "EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND x.code = 'NIPT_REDRAW'), f.state "
      "FROM pregnancy g JOIN prenatal n ON n.pregnancy_id = g.id JOIN record r ON r.id = n.record_id "
      "LEFT JOIN followup f ON f.record_id = r.id WHERE g.first_date BETWEEN ?1 AND ?2", period, error);
  if (records == NULL)
    return FALSE;
  while ((rc = sqlite3_step (records)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (records, 0);
      int test = rank_of ((const char *) sqlite3_column_text (records, 2), prenatal_tests);

      p = g_hash_table_lookup (pregnancies, &id);
      if (p == NULL)
        {
          p = g_new0 (Pregnancy, 1);
          g_hash_table_insert (pregnancies, g_memdup2 (&id, sizeof id), p);
        }
      p->level = MAX (p->level, sqlite3_column_int (records, 1));
      if (test > 0)
        p->tests |= 1u << (test - 1);
      p->ama |= sqlite3_column_int (records, 3) != 0;
      p->redraw |= sqlite3_column_int (records, 4) != 0;
      p->had_followup |= sqlite3_column_type (records, 5) != SQLITE_NULL;
      p->lost |= is_closed_lost (records, 5);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);

  diagnoses = prepare_period (store,
      "SELECT d.pregnancy_id, d.result, d.condition FROM pregnancy g JOIN prenatal_diagnosis d ON d.pregnancy_id = g.id "
      "WHERE g.first_date BETWEEN ?1 AND ?2", period, error);
  if (diagnoses == NULL)
    return FALSE;
  while ((rc = sqlite3_step (diagnoses)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (diagnoses, 0);
      int condition = rank_of ((const char *) sqlite3_column_text (diagnoses, 2), conditions);

      if ((p = g_hash_table_lookup (pregnancies, &id)) == NULL)
        continue;
      p->diagnosed = TRUE;
      if (is (diagnoses, 1, "abnormal"))
        {
          p->abnormal = TRUE;
          if (condition > 0)
            p->abnormal_conditions |= 1u << (condition - 1);
        }
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);

  outcomes = prepare_period (store,
      "SELECT o.pregnancy_id, o.outcome, o.birth_defect, o.condition FROM pregnancy g "
      "JOIN pregnancy_outcome o ON o.pregnancy_id = g.id WHERE g.first_date BETWEEN ?1 AND ?2", period, error);
  if (outcomes == NULL)
    return FALSE;
  while ((rc = sqlite3_step (outcomes)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (outcomes, 0);
      int condition = rank_of ((const char *) sqlite3_column_text (outcomes, 3), conditions);

      if ((p = g_hash_table_lookup (pregnancies, &id)) == NULL)
        continue;
      p->outcome_known = TRUE;
      p->terminated |= is (outcomes, 1, "termination");
      /* chromosomal (T21 … other_chromosomal) or NTD */
      p->defect_chromosomal |= is (outcomes, 2, "yes") && condition >= 1 && condition <= 6;
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);

  g_hash_table_iter_init (&iter, pregnancies);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &p))
    {
      gboolean is_affected = p->abnormal || p->defect_chromosomal;

      p1++;
      for (guint t = 0; prenatal_tests[t] != NULL; t++)
        by_test[t] += (p->tests >> t) & 1;
      high += p->level == 2;
      intermediate += p->level == 1;
      low += p->level == 0;
      ama += p->ama;
      high_dx += p->level == 2 && p->diagnosed;
      dx += p->diagnosed;
      abnormal += p->abnormal;
      for (guint c = 0; conditions[c] != NULL; c++)
        by_condition[c] += (p->abnormal_conditions >> c) & 1;
      outcome += p->outcome_known;
      with_followup += p->had_followup;
      lost += p->had_followup && p->lost;
      affected += is_affected;
      affected_flagged += is_affected && p->level > 0;
      affected_low += is_affected && p->level == 0;
      redraw += p->redraw && (p->tests & (1u << 4));
      affected_terminated += is_affected && p->terminated;
    }
  set (self, "P1", p1, 0);
  set_external (self, "P2", p1, deliveries);
  set (self, "P3", p1, 0);
  for (guint t = 0; prenatal_tests[t] != NULL; t++)
    add_part (self, "P3", "by_test", prenatal_tests[t], by_test[t]);
  set (self, "P4", high, p1);
  set (self, "P5", intermediate, p1);
  set (self, "P6", ama, p1);
  set (self, "P7", high_dx, high);
  set (self, "P8", dx, 0);
  set (self, "P9", abnormal, dx);
  for (guint c = 0; conditions[c] != NULL; c++)
    add_part (self, "P9", "by_condition", conditions[c], by_condition[c]);
  set (self, "P10", outcome, p1);
  set (self, "P11", lost, with_followup);
  set (self, "P12", affected, 0);
  set (self, "P13", affected_flagged, affected);
  set (self, "P14", affected_low, low);
  set (self, "P15", redraw, by_test[4]);
  set (self, "P16", affected_terminated, affected);
  return TRUE;
}

/* ---- newborn ------------------------------------------------------------------------------- */

static const char * const degrees[] = { "normal", "mild", "moderate", "severe", "profound", NULL };
static const char * const loss_types[] = { "sensorineural", "conductive", "mixed", "auditory_neuropathy", NULL };

/* The worse ear's degree of the newborn's audiology rows, and the type of the latest with one. */
#define AUDIOLOGY_DEGREE(side) \
  "CASE " side " WHEN 'mild' THEN 2 WHEN 'moderate' THEN 3 WHEN 'severe' THEN 4 WHEN 'profound' THEN 5 ELSE 0 END"

static gboolean
count_newborn (MuyingStore        *store,
               const MuyingPeriod *period,
               gint64              live_births,
               MuyingIndicators   *self,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) loci = NULL;
  gint64 n1 = 0, n2 = 0, n3 = 0, n4 = 0, n5 = 0, n6 = 0, n7 = 0, n8 = 0, n9 = 0, n11 = 0, n12 = 0, n13 = 0;
  gint64 cards = 0, within_30 = 0, dx_90 = 0, int_180 = 0, with_followup = 0, lost = 0;
  gint64 by_degree[G_N_ELEMENTS (degrees)] = { 0 }, by_type[G_N_ELEMENTS (loss_types)] = { 0 };
  int rc;

  stmt = prepare_period (store,
      "SELECT r.record_date, n.hearing_left, n.hearing_right, n.hearing_date, n.rescreen_left, n.rescreen_right, "
      "n.nicu, n.panel, "
      "EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND x.code IN ('GJB2_BIALLELIC', 'SLC26A4_BIALLELIC', "
      "'GJB3_BIALLELIC')), "
      "EXISTS (SELECT 1 FROM newborn_variant v WHERE v.record_id = r.id), "
      "EXISTS (SELECT 1 FROM newborn_variant v WHERE v.record_id = r.id AND v.gene = 'MT-RNR1'), "
      "EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'record' AND a.entity_id = r.id AND a.action = 'print' "
      "AND a.detail = '{\"document\":\"drug_card\"}'), "
      "f.state, "
      "(SELECT MIN (a.diagnosis_date) FROM audiology a WHERE a.record_id = r.id), "
      "(SELECT MAX (MAX (" AUDIOLOGY_DEGREE ("a.left_degree") ", " AUDIOLOGY_DEGREE ("a.right_degree") ", "
      "CASE a.hearing_loss WHEN 'unilateral' THEN 2 WHEN 'bilateral' THEN 2 ELSE 0 END)) "
      "FROM audiology a WHERE a.record_id = r.id), "
      "(SELECT a.loss_type FROM audiology a WHERE a.record_id = r.id AND a.loss_type IS NOT NULL "
      "ORDER BY a.diagnosis_date DESC LIMIT 1), "
      "(SELECT MIN (a.intervention_date) FROM audiology a WHERE a.record_id = r.id "
      "AND a.intervention IN ('hearing_aid', 'cochlear_implant', 'other')) "
      "FROM record r JOIN newborn n ON n.record_id = r.id LEFT JOIN followup f ON f.record_id = r.id "
      "WHERE r.program = 'newborn' AND r.record_date BETWEEN ?1 AND ?2", period, error);
  if (stmt == NULL)
    return FALSE;
  /* columns: 0 birth date, 1–2 initial ears, 3 initial date, 4–5 rescreen ears, 6 NICU, 7 panel,
   * 8 biallelic, 9 any variant, 10 MT-RNR1, 11 card printed, 12 follow-up state, 13 first
   * diagnosis date, 14 worse degree (2 = mild …), 15 loss type, 16 first intervention date */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean initial = is (stmt, 1, "pass") || is (stmt, 1, "refer") || is (stmt, 2, "pass") || is (stmt, 2, "refer");
      gboolean refer = initial && (is (stmt, 1, "refer") || is (stmt, 2, "refer"));
      gboolean due_rescreen = refer || is (stmt, 1, "not_done") || is (stmt, 2, "not_done");
      gboolean rescreened = due_rescreen && (sqlite3_column_type (stmt, 4) != SQLITE_NULL ||
                                             sqlite3_column_type (stmt, 5) != SQLITE_NULL);
      gboolean rescreen_refer = rescreened && (is (stmt, 4, "refer") || is (stmt, 5, "refer"));
      gboolean due_diagnosis = rescreen_refer || sqlite3_column_int (stmt, 8) != 0 || (refer && is (stmt, 6, "yes"));
      gboolean diagnosed = due_diagnosis && sqlite3_column_type (stmt, 13) != SQLITE_NULL;
      int degree = sqlite3_column_int (stmt, 14);
      gboolean loss = initial && degree >= 2;
      gboolean intervened = loss && sqlite3_column_type (stmt, 16) != SQLITE_NULL;
      gboolean gene = *text (stmt, 7) != '\0';
      gboolean mt = gene && sqlite3_column_int (stmt, 10) != 0;
      GDate birth, day;

      g_date_clear (&birth, 1);
      g_date_clear (&day, 1);
      muying_date_parse (text (stmt, 0), &birth, NULL);
      n1 += initial;
      n2 += refer;
      n3 += due_rescreen;
      n4 += rescreened;
      n5 += rescreen_refer;
      n6 += due_diagnosis;
      n7 += diagnosed;
      n8 += loss;
      if (loss)
        {
          int type = rank_of ((const char *) sqlite3_column_text (stmt, 15), loss_types);

          by_degree[degree - 1]++;
          if (type > 0)
            by_type[type - 1]++;
        }
      n9 += intervened;
      if (initial && muying_date_parse (text (stmt, 3), &day, NULL) && muying_date_days_between (&birth, &day) <= 30)
        within_30++;
      if (diagnosed && muying_date_parse (text (stmt, 13), &day, NULL) && muying_date_days_between (&birth, &day) <= 90)
        dx_90++;
      if (intervened && muying_date_parse (text (stmt, 16), &day, NULL) && muying_date_days_between (&birth, &day) <= 180)
        int_180++;
      n11 += gene;
      n12 += gene && sqlite3_column_int (stmt, 9) != 0;
      n13 += mt;
      cards += mt && sqlite3_column_int (stmt, 11) != 0;
      with_followup += sqlite3_column_type (stmt, 12) != SQLITE_NULL;
      lost += is_closed_lost (stmt, 12);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);

  set_external (self, "N1", n1, live_births);
  set (self, "N2", n2, n1);
  set (self, "N3", n3, 0);
  set (self, "N4", n4, n3);
  set (self, "N5", n5, n4);
  set (self, "N6", n6, 0);
  set (self, "N7", n7, n6);
  set (self, "N8", n8, n1);
  for (guint i = 1; degrees[i] != NULL; i++)
    add_part (self, "N8", "by_degree", degrees[i], by_degree[i]);
  for (guint i = 0; loss_types[i] != NULL; i++)
    add_part (self, "N8", "by_type", loss_types[i], by_type[i]);
  set (self, "N9", n9, n8);
  set (self, "N10", within_30, n1);
  add_part (self, "N10", NULL, "diagnosis_90_days", dx_90);
  add_part (self, "N10", NULL, "diagnosed", n7);
  add_part (self, "N10", NULL, "intervention_180_days", int_180);
  add_part (self, "N10", NULL, "intervened", n9);
  set_external (self, "N11", n11, live_births);
  set (self, "N12", n12, n11);
  set (self, "N13", cards, n13);
  add_part (self, "N13", NULL, "mt_rnr1_positive", n13);
  set (self, "N14", lost, with_followup);

  /* N12 by gene and by locus: the newborns of the period with a gene result and that variant */
  loci = prepare_period (store,
      "SELECT v.gene, v.variant, COUNT (DISTINCT v.record_id) FROM record r JOIN newborn n ON n.record_id = r.id "
      "JOIN newborn_variant v ON v.record_id = r.id WHERE r.program = 'newborn' AND r.record_date BETWEEN ?1 AND ?2 "
      "AND n.panel <> '' GROUP BY v.gene, v.variant ORDER BY v.gene, v.variant", period, error);
  if (loci == NULL)
    return FALSE;
  {
    /* a newborn with two variants of one gene counts once for the gene */
    g_autoptr(sqlite3_stmt) genes = prepare_period (store,
        "SELECT v.gene, COUNT (DISTINCT v.record_id) FROM record r JOIN newborn n ON n.record_id = r.id "
        "JOIN newborn_variant v ON v.record_id = r.id WHERE r.program = 'newborn' AND r.record_date BETWEEN ?1 AND ?2 "
        "AND n.panel <> '' GROUP BY v.gene ORDER BY v.gene", period, error);

    if (genes == NULL)
      return FALSE;
    while ((rc = sqlite3_step (genes)) == SQLITE_ROW)
      add_part (self, "N12", "by_gene", text (genes, 0), sqlite3_column_int64 (genes, 1));
    if (rc != SQLITE_DONE)
      return muying_store_set_error (store, rc, error);
  }
  while ((rc = sqlite3_step (loci)) == SQLITE_ROW)
    {
      g_autofree char *key = g_strdup_printf ("%s:%s", text (loci, 0), text (loci, 1));

      add_part (self, "N12", "by_locus", key, sqlite3_column_int64 (loci, 2));
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

/* ---- two cancers: the woman and her most advanced result ------------------------------------ */

static const char * const cytology_order[] = { "UNSAT", "NILM", "ASC-US", "LSIL", "ASC-H", "AGC", "HSIL", "AIS", "SCC",
                                               "ADC", NULL };
static const char * const histology_order[] = { "negative", "CIN1", "CIN2", "CIN3", "AIS", "micro_invasive", "invasive",
                                                NULL };
static const char * const pathology_order[] = { "benign", "atypical_hyperplasia", "LCIS", "DCIS", "invasive", NULL };
static const char * const stage_order[] = { "0", "I", "IA", "IB", "II", "III", "IV", NULL };
/* The worse of two BI-RADS: 0 (incomplete, more imaging needed) is worse than 1 and 2, not than 3. */
static const char * const birads_order[] = { "1", "2", "0", "3", "4A", "4B", "4C", "5", "6", NULL };

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
  gint64 c1, hpv_tested, hpv_positive, hpv_16_18, cytology_done, cytology_abnormal, by_cytology[G_N_ELEMENTS (cytology_order)];
  gint64 via_done, via_abnormal, colposcopy_due, colposcopy_done, colposcopy_abnormal, biopsied;
  gint64 by_histology[G_N_ELEMENTS (histology_order)], cervical_precancer, cervical_cancer, cervical_early, cervical_treated;
  gint64 cervical_followup, cervical_lost;
  gint64 b1, cbe_abnormal, us_done, by_birads[G_N_ELEMENTS (birads_order)], mammo_due, mammo_done, suspicious, biopsied_breast;
  gint64 breast_precancer, breast_cancer, by_breast_stage[G_N_ELEMENTS (stage_order)], breast_early, breast_treated;
  gint64 breast_followup, breast_lost;
} TwoCancerCounts;

static gboolean
treated (const char *treatment)
{
  return treatment != NULL && *treatment != '\0' && strcmp (treatment, "none") != 0;
}

static void
add_record (Woman        *w,
            sqlite3_stmt *stmt)
{
  const char *hpv = (const char *) sqlite3_column_text (stmt, 1);
  const char *types = text (stmt, 2);
  g_auto(GStrv) type_list = g_strsplit (types, ";", -1);
  gboolean followup = sqlite3_column_type (stmt, 17) != SQLITE_NULL;

  w->hpv_tested |= g_strcmp0 (hpv, "negative") == 0 || g_strcmp0 (hpv, "positive") == 0;
  w->hpv_positive |= g_strcmp0 (hpv, "positive") == 0;
  if (g_strcmp0 (hpv, "positive") == 0)
    w->hpv_16_18 |= g_strv_contains ((const char * const *) type_list, "16") ||
                    g_strv_contains ((const char * const *) type_list, "18");
  w->cytology_done |= sqlite3_column_type (stmt, 3) != SQLITE_NULL;
  w->cytology = MAX (w->cytology, rank_of ((const char *) sqlite3_column_text (stmt, 3), cytology_order));
  w->via_done |= is (stmt, 4, "negative") || is (stmt, 4, "abnormal");
  w->via_abnormal |= is (stmt, 4, "abnormal");
  w->colposcopy_done |= is (stmt, 5, "normal") || is (stmt, 5, "abnormal");
  w->colposcopy_abnormal |= is (stmt, 5, "abnormal");
  w->histology = MAX (w->histology, rank_of ((const char *) sqlite3_column_text (stmt, 6), histology_order));
  w->cervical_item |= w->hpv_tested || w->cytology_done || w->via_done || w->colposcopy_done || w->histology > 0;
  w->cbe_abnormal |= is (stmt, 7, "abnormal");
  w->us_done |= sqlite3_column_type (stmt, 8) != SQLITE_NULL;
  w->us = MAX (w->us, rank_of ((const char *) sqlite3_column_text (stmt, 8), birads_order));
  w->mammo_done |= sqlite3_column_type (stmt, 9) != SQLITE_NULL;
  w->pathology_done |= sqlite3_column_type (stmt, 10) != SQLITE_NULL;
  w->pathology = MAX (w->pathology, rank_of ((const char *) sqlite3_column_text (stmt, 10), pathology_order));
  w->breast_item |= sqlite3_column_type (stmt, 7) != SQLITE_NULL || w->us_done || w->mammo_done || w->pathology_done;
  w->cervical_stage = MAX (w->cervical_stage, rank_of ((const char *) sqlite3_column_text (stmt, 11), stage_order));
  w->breast_stage = MAX (w->breast_stage, rank_of ((const char *) sqlite3_column_text (stmt, 12), stage_order));
  w->cervical_treated |= treated ((const char *) sqlite3_column_text (stmt, 13));
  w->breast_treated |= treated ((const char *) sqlite3_column_text (stmt, 14));
  w->colposcopy_due |= sqlite3_column_int (stmt, 15) != 0;
  w->suspicious |= sqlite3_column_int (stmt, 16) != 0;
  w->cervical_followup |= followup && sqlite3_column_int (stmt, 18) != 0;
  w->cervical_lost |= followup && sqlite3_column_int (stmt, 18) != 0 && is_closed_lost (stmt, 17);
  w->breast_followup |= followup && sqlite3_column_int (stmt, 19) != 0;
  w->breast_lost |= followup && sqlite3_column_int (stmt, 19) != 0 && is_closed_lost (stmt, 17);
}

static void
add_woman (TwoCancerCounts *c,
           const Woman     *w)
{
  if (w->cervical_item)
    {
      gboolean precancer = w->histology >= HISTOLOGY_CIN2 && w->histology < HISTOLOGY_MICRO;
      gboolean cancer = w->histology >= HISTOLOGY_MICRO;

      c->c1++;
      c->hpv_tested += w->hpv_tested;
      c->hpv_positive += w->hpv_positive;
      c->hpv_16_18 += w->hpv_16_18;
      c->cytology_done += w->cytology_done;
      c->cytology_abnormal += w->cytology_done && w->cytology >= CYTOLOGY_ASCUS;
      if (w->cytology > 0)
        c->by_cytology[w->cytology - 1]++;
      c->via_done += w->via_done;
      c->via_abnormal += w->via_abnormal;
      c->colposcopy_due += w->colposcopy_due;
      c->colposcopy_done += w->colposcopy_due && w->colposcopy_done;
      c->colposcopy_abnormal += w->colposcopy_abnormal;
      c->biopsied += w->colposcopy_abnormal && w->histology > 0;
      if (w->histology > 0)
        c->by_histology[w->histology - 1]++;
      c->cervical_precancer += precancer;
      c->cervical_cancer += cancer;
      c->cervical_early += precancer || (cancer && w->cervical_stage > 0 && early_stage (stage_order[w->cervical_stage - 1]));
      c->cervical_treated += (precancer || cancer) && w->cervical_treated;
      c->cervical_followup += w->cervical_followup;
      c->cervical_lost += w->cervical_lost;
    }
  if (w->breast_item)
    {
      gboolean precancer = w->pathology >= PATHOLOGY_ATYPICAL && w->pathology < PATHOLOGY_DCIS;
      gboolean cancer = w->pathology >= PATHOLOGY_DCIS;
      gboolean mammo_due = w->us > 0 && (strcmp (birads_order[w->us - 1], "0") == 0 ||
                                         strcmp (birads_order[w->us - 1], "3") == 0);

      c->b1++;
      c->cbe_abnormal += w->cbe_abnormal;
      c->us_done += w->us_done;
      if (w->us > 0)
        c->by_birads[w->us - 1]++;
      c->mammo_due += mammo_due;
      c->mammo_done += mammo_due && w->mammo_done;
      c->suspicious += w->suspicious;
      c->biopsied_breast += w->suspicious && w->pathology_done;
      c->breast_precancer += precancer;
      c->breast_cancer += cancer;
      if (cancer && w->breast_stage > 0)
        c->by_breast_stage[w->breast_stage - 1]++;
      c->breast_early += precancer || (cancer && w->breast_stage > 0 && early_stage (stage_order[w->breast_stage - 1]));
      c->breast_treated += (precancer || cancer) && w->breast_treated;
      c->breast_followup += w->breast_followup;
      c->breast_lost += w->breast_lost;
    }
}

#define CERVICAL_CODES "'HPV16_18', 'HPV_OTHER_CYTO_ABNORMAL', 'HPV_OTHER_TRIAGE', 'HPV_OTHER_REPEAT', 'CYTO_ABNORMAL', " \
  "'CYTO_ASCUS_HPV_NEG', 'CYTO_UNSATISFACTORY', 'VIA_VILI_ABNORMAL', 'COLPOSCOPY_ABNORMAL', 'CIN1', 'CERVICAL_PRECANCER', " \
  "'CERVICAL_CANCER'"
#define BREAST_CODES "'CBE_ABNORMAL_NO_IMAGING', 'US_RECALL', 'MAMMO_ASSESS', 'BREAST_SUSPICIOUS', 'BREAST_PRECANCER', " \
  "'BREAST_CANCER'"

static gboolean
count_two_cancer (MuyingStore        *store,
                  const MuyingPeriod *period,
                  const MuyingDenominators *figures,
                  MuyingIndicators   *self,
                  GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  TwoCancerCounts c = { 0 };
  Woman w = { 0 };
  gint64 person = -1;
  int rc;

  stmt = prepare_period (store,
      "SELECT r.person_id, t.hpv, t.hpv_types, t.cytology, t.via_vili, t.colposcopy, t.cervical_histology, t.cbe, "
      "t.us_birads, t.mammo_birads, t.breast_pathology, t.cervical_stage, t.breast_stage, t.cervical_treatment, "
      "t.breast_treatment, "
      "EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND x.code IN ('HPV16_18', 'HPV_OTHER_CYTO_ABNORMAL', "
      "'CYTO_ABNORMAL', 'VIA_VILI_ABNORMAL')), "
      "EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND x.code = 'BREAST_SUSPICIOUS'), f.state, "
      "EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND x.code IN (" CERVICAL_CODES ")), "
      "EXISTS (SELECT 1 FROM reason x WHERE x.record_id = r.id AND x.code IN (" BREAST_CODES ")) "
      "FROM record r JOIN two_cancer t ON t.record_id = r.id LEFT JOIN followup f ON f.record_id = r.id "
      "WHERE r.program = 'two_cancer' AND r.record_date BETWEEN ?1 AND ?2 ORDER BY r.person_id", period, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id != person && person >= 0)
        {
          add_woman (&c, &w);
          memset (&w, 0, sizeof w);
        }
      person = id;
      add_record (&w, stmt);
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  if (person >= 0)
    add_woman (&c, &w);

  set_external (self, "C1", c.c1, figures->cervical_due);
  set (self, "C2", c.hpv_positive, c.hpv_tested);
  add_part (self, "C2", NULL, "tested", c.hpv_tested);
  add_part (self, "C2", NULL, "hpv_16_18", c.hpv_16_18);
  set (self, "C3", c.cytology_abnormal, c.cytology_done);
  for (guint i = 0; cytology_order[i] != NULL; i++)
    add_part (self, "C3", "by_category", cytology_order[i], c.by_cytology[i]);
  set (self, "C4", c.via_abnormal, c.via_done);
  set (self, "C5", c.colposcopy_due, 0);
  set (self, "C6", c.colposcopy_done, c.colposcopy_due);
  set (self, "C7", c.biopsied, c.colposcopy_abnormal);
  set (self, "C8", c.by_histology[1] + c.by_histology[2] + c.by_histology[3] + c.by_histology[4] + c.by_histology[5] +
                   c.by_histology[6], 0);
  for (guint i = 1; histology_order[i] != NULL; i++)
    add_part (self, "C8", NULL, histology_order[i], c.by_histology[i]);
  set (self, "C9", c.cervical_precancer + c.cervical_cancer, c.c1);
  add_part (self, "C9", NULL, "precancer", c.cervical_precancer);
  add_part (self, "C9", NULL, "cancer", c.cervical_cancer);
  set (self, "C10", c.cervical_early, c.cervical_precancer + c.cervical_cancer);
  set (self, "C11", c.cervical_treated, c.cervical_precancer + c.cervical_cancer);
  set (self, "C12", c.cervical_lost, c.cervical_followup);

  set_external (self, "B1", c.b1, figures->breast_due);
  set (self, "B2", c.cbe_abnormal, c.b1);
  set (self, "B3", c.us_done, c.b1);
  for (guint i = 0; birads_order[i] != NULL; i++)
    add_part (self, "B3", "by_birads", birads_order[i], c.by_birads[i]);
  set (self, "B4", c.mammo_done, c.mammo_due);
  set (self, "B5", c.biopsied_breast, c.suspicious);
  set (self, "B6", c.breast_precancer + c.breast_cancer, c.b1);
  add_part (self, "B6", NULL, "precancer", c.breast_precancer);
  add_part (self, "B6", NULL, "cancer", c.breast_cancer);
  for (guint i = 0; stage_order[i] != NULL; i++)
    add_part (self, "B6", "cancer_by_stage", stage_order[i], c.by_breast_stage[i]);
  set (self, "B7", c.breast_early, c.breast_precancer + c.breast_cancer);
  set (self, "B8", c.breast_treated, c.breast_precancer + c.breast_cancer);
  add_part (self, "B8", NULL, "lost", c.breast_lost);
  add_part (self, "B8", NULL, "with_followup", c.breast_followup);
  return TRUE;
}

/* ---- all of them --------------------------------------------------------------------------- */

MuyingIndicators *
muying_store_compute_indicators (MuyingStore        *store,
                                 const MuyingPeriod *period,
                                 GError            **error)
{
  g_autoptr(MuyingIndicators) self = g_new0 (MuyingIndicators, 1);
  MuyingDenominators figures;
  gboolean ok;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (period != NULL, NULL);

  self->period = *period;
  self->indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) indicator_free);
  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    {
      MuyingIndicator *ind = g_new0 (MuyingIndicator, 1);

      ind->id = definitions[i].id;
      ind->label = definitions[i].label;
      ind->has_d = definitions[i].d != D_NONE;
      ind->external = definitions[i].d == D_EXTERNAL;
      ind->unit = definitions[i].unit;
      ind->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
      g_ptr_array_add (self->indicators, ind);
    }
  if (!muying_store_get_period_denominators (store, period, &figures, error))
    return NULL;
  ok = count_prenatal (store, period, figures.deliveries, self, error) &&
       count_newborn (store, period, figures.live_births, self, error) &&
       count_two_cancer (store, period, &figures, self, error);
  muying_denominators_clear (&figures);
  return ok ? g_steal_pointer (&self) : NULL;
}
