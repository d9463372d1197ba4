/* muying-stats.c: the indicators of docs/statistics.md, each defined once in SQL
 *
 * Every indicator is an SQL condition (or a category value) in one of the tables below; one
 * statement per table evaluates them all for each record of the period, and a small loop adds
 * them up per group (total, month, age group) — one pass over the records serves every
 * grouping, with no GROUP BY sorting. See "the indicators" below, and muying-stats.h for the
 * definition of every key.
 *
 * Speed (docs/architecture.md: a statistical year of 1,000,000 records in < 1 s, and a year costs
 * the same in a database of ten years as in one of one): every pass walks the period's records
 * in record_stats_idx (schema step 2; program, record_date, …, and the rowid) and reaches the
 * programme's row, the reasons, the follow-up and the variants of each by record_id — no table
 * is read whole (tests/test-stats.c checks the query plans). When a second, read-only connection
 * on the same snapshot can be had (muying-store-reader-private.h), it reads in a thread, and it and
 * the store's connection take the passes from one list, the longest first (jobs_by_length).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-stats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "muying-store-sql.h"
#include "muying-date.h"
#include "muying-error.h"
#include "muying-stats.h"
#include "muying-stats-private.h"
#include "muying-store-case-register-private.h"
#include "muying-store-reader-private.h"

const char * const muying_stats_prenatal_reasons[MUYING_STATS_N_PRENATAL_REASONS] = {
  "T21_HIGH", "T21_BORDERLINE", "T18_HIGH", "ONTD_HIGH", "NT_THICK", "NIPT_HIGH_T21", "NIPT_HIGH_T18",
  "NIPT_HIGH_T13", "NIPT_SCA", "NIPT_REDRAW", "AMA", "GA_OUT_OF_WINDOW", "NIPT_LIMITED", "NTD_ASSESS",
};
const char * const muying_stats_newborn_reasons[MUYING_STATS_N_NEWBORN_REASONS] = {
  "MT_AMINOGLYCOSIDE", "GJB2_BIALLELIC", "SLC26A4_BIALLELIC", "GJB3_BIALLELIC", "DOUBLE_HET", "CARRIER",
  "HEARING_REFER", "RESCREEN_DUE", "HEARING_NOT_SCREENED", "NICU_AABR",
};
const char * const muying_stats_cervical_reasons[MUYING_STATS_N_CERVICAL_REASONS] = {
  "HPV16_18", "HPV_OTHER_CYTO_ABNORMAL", "HPV_OTHER_TRIAGE", "HPV_OTHER_REPEAT", "CYTO_ABNORMAL",
  "CYTO_ASCUS_HPV_NEG", "CYTO_UNSATISFACTORY", "VIA_VILI_ABNORMAL", "COLPOSCOPY_ABNORMAL", "CIN1",
  "CERVICAL_PRECANCER", "CERVICAL_CANCER", "VISIBLE_LESION",
};
const char * const muying_stats_breast_reasons[MUYING_STATS_N_BREAST_REASONS] = {
  "CBE_ABNORMAL_NO_IMAGING", "US_RECALL", "MAMMO_ASSESS", "BREAST_SUSPICIOUS", "BREAST_PRECANCER",
  "BREAST_CANCER", "MAMMO_INCOMPLETE", "MAMMO_SHORT_INTERVAL",
};
const char * const muying_stats_genes[MUYING_STATS_N_GENES] = { "GJB2", "GJB3", "SLC26A4", "MT-RNR1" };
const char * const muying_stats_birads[MUYING_STATS_N_BIRADS] = {
  "0", "1", "2", "3", "4A", "4B", "4C", "5", "6",
};

/* ---- the indicators ---------------------------------------------------------------------- *
 * Each indicator is one SQL condition on a record of the period (alias r = record, p / n / t =
 * the programme's table, f = followup, x = reason), listed once in the tables below with the
 * MuyingStats member it counts. One statement per table computes all its conditions for every
 * record of the period, packed as the bits of one integer ("(cond) IS TRUE" is 0 or 1, never
 * NULL); the loop in scan() adds each set bit to the total, the record's month and, for the
 * two-cancer records, its age group. So one pass over the records serves every grouping, with
 * no GROUP BY sorting, and the women behind `screened` / `examined` are counted once per group
 * from the person ids the same pass returns.
 */

/* Records of the period: ?1 first day, ?2 last day (ISO text); ?3 today. */
#define IN_PERIOD "r.record_date BETWEEN ?1 AND ?2"

typedef enum
{
  COUNT_RECORDS,        /* records for which the condition holds */
  COUNT_WOMEN,          /* distinct persons for whom it holds on at least one record */
} CountKind;

typedef struct
{
  const char *condition;
  gsize       offset;   /* the gint64 member of MuyingStats */
  CountKind   kind;
} Indicator;

#define OFF(member) offsetof (MuyingStats, member)

/* A category column: an SQL value per record, counted under the member of its key. */
typedef struct
{
  const char         *expression;
  const char * const *keys;
  const gsize        *offsets;
  guint               n_keys;
} Category;

static const char * const level_keys[] = { "2", "1", "0" };

static const Indicator prenatal_indicators[] = {
  { "TRUE", OFF (prenatal.screened), COUNT_WOMEN },
  /* A correlated EXISTS, which leaves the planner the choice: a look-up of each record's
   * pregnancy on the index, or the list hashed once (what PostgreSQL picks for a whole year at 1M,
   * as it did for the IN list). SQLite takes both forms in the same time (33–37 ms at 1M). */
  { "EXISTS (SELECT 1 FROM prenatal_diagnosis d WHERE d.pregnancy_id = p.pregnancy_id)", OFF (prenatal.diagnosed),
    COUNT_RECORDS },
  { "EXISTS (SELECT 1 FROM prenatal_diagnosis d WHERE d.pregnancy_id = p.pregnancy_id AND d.result = 'abnormal')",
    OFF (prenatal.diagnosed_abnormal), COUNT_RECORDS },
  { "EXISTS (SELECT 1 FROM pregnancy_outcome o WHERE o.pregnancy_id = p.pregnancy_id)", OFF (prenatal.outcome_known),
    COUNT_RECORDS },
};
static const char * const test_keys[] = { "early_combined", "mid_double", "mid_triple", "mid_quad", "nipt" };
static const gsize test_offsets[] = {
  OFF (prenatal.by_test[MUYING_PRENATAL_TEST_EARLY_COMBINED]), OFF (prenatal.by_test[MUYING_PRENATAL_TEST_MID_DOUBLE]),
  OFF (prenatal.by_test[MUYING_PRENATAL_TEST_MID_TRIPLE]), OFF (prenatal.by_test[MUYING_PRENATAL_TEST_MID_QUAD]),
  OFF (prenatal.by_test[MUYING_PRENATAL_TEST_NIPT]),
};
static const gsize prenatal_level_offsets[] = { OFF (prenatal.high), OFF (prenatal.intermediate), OFF (prenatal.low) };
static const Category prenatal_categories[] = {
  { "p.test_type", test_keys, test_offsets, G_N_ELEMENTS (test_keys) },
  { "r.level", level_keys, prenatal_level_offsets, G_N_ELEMENTS (level_keys) },
};

static const Indicator newborn_indicators[] = {
  { "TRUE", OFF (newborn.screened), COUNT_RECORDS },
  { "n.hearing_left = 'refer' OR n.hearing_right = 'refer'", OFF (newborn.hearing_initial_refer), COUNT_RECORDS },
  { "n.rescreen_left IS NOT NULL OR n.rescreen_right IS NOT NULL", OFF (newborn.rescreened), COUNT_RECORDS },
  { "n.rescreen_left = 'refer' OR n.rescreen_right = 'refer'", OFF (newborn.rescreen_refer), COUNT_RECORDS },
};
static const gsize newborn_level_offsets[] = { OFF (newborn.high), OFF (newborn.intermediate), OFF (newborn.low) };
static const Category newborn_categories[] = {
  { "r.level", level_keys, newborn_level_offsets, G_N_ELEMENTS (level_keys) },
};

#define CERVICAL_ANY \
  "t.hpv IS NOT NULL OR t.cytology IS NOT NULL OR t.via_vili IS NOT NULL OR t.colposcopy IS NOT NULL" \
  " OR t.cervical_histology IS NOT NULL"
#define BREAST_ANY \
  "t.cbe IS NOT NULL OR t.us_birads IS NOT NULL OR t.mammo_birads IS NOT NULL OR t.breast_pathology IS NOT NULL"

static const Indicator two_cancer_indicators[] = {
  { CERVICAL_ANY, OFF (cervical.examined), COUNT_WOMEN },
  { "t.hpv IN ('negative', 'positive')", OFF (cervical.hpv_tested), COUNT_RECORDS },
  { "t.hpv = 'positive'", OFF (cervical.hpv_positive), COUNT_RECORDS },
  { "t.cytology IS NOT NULL", OFF (cervical.cytology_done), COUNT_RECORDS },
  { "t.cytology IN ('ASC-US', 'ASC-H', 'LSIL', 'HSIL', 'SCC', 'AGC', 'AIS', 'ADC')", OFF (cervical.cytology_abnormal),
    COUNT_RECORDS },
  { "t.colposcopy IN ('normal', 'abnormal')", OFF (cervical.colposcopy_done), COUNT_RECORDS },
  { "t.cervical_histology = 'CIN1'", OFF (cervical.cin1), COUNT_RECORDS },
  { "t.cervical_histology IN ('CIN2', 'CIN3', 'AIS')", OFF (cervical.precancer), COUNT_RECORDS },
  { "t.cervical_histology IN ('micro_invasive', 'invasive')", OFF (cervical.cancer), COUNT_RECORDS },
  { BREAST_ANY, OFF (breast.examined), COUNT_WOMEN },
  { "t.us_birads IS NOT NULL", OFF (breast.us_done), COUNT_RECORDS },
  { "t.mammo_birads IS NOT NULL", OFF (breast.mammo_done), COUNT_RECORDS },
  { "t.breast_pathology IN ('atypical_hyperplasia', 'LCIS')", OFF (breast.precancer), COUNT_RECORDS },
  { "t.breast_pathology IN ('DCIS', 'invasive')", OFF (breast.cancer), COUNT_RECORDS },
};
/* The higher of the ultrasound and mammography BI-RADS. The category keys sort as text in
 * BI-RADS order ("0" < "1" < "2" < "3" < "4A" < "4B" < "4C" < "5" < "6"). */
static const gsize birads_offsets[MUYING_STATS_N_BIRADS] = {
  OFF (breast.birads[0]), OFF (breast.birads[1]), OFF (breast.birads[2]), OFF (breast.birads[3]),
  OFF (breast.birads[4]), OFF (breast.birads[5]), OFF (breast.birads[6]), OFF (breast.birads[7]),
  OFF (breast.birads[8]),
};
static const Category two_cancer_categories[] = {
  { "CASE WHEN t.mammo_birads IS NULL OR t.us_birads > t.mammo_birads THEN t.us_birads ELSE t.mammo_birads END",
    muying_stats_birads, birads_offsets, MUYING_STATS_N_BIRADS },
};

static const Indicator followup_indicators[] = {
  { "f.state <> 'done' AND f.state <> 'declined' AND f.state <> 'lost'", OFF (followup.open), COUNT_RECORDS },
  { "f.state <> 'done' AND f.state <> 'declined' AND f.state <> 'lost' AND f.due_date < ?3", OFF (followup.overdue), COUNT_RECORDS },
};
static const char * const closed_keys[] = { "done", "declined", "lost" };
static const gsize closed_offsets[] = { OFF (followup.done), OFF (followup.declined), OFF (followup.lost) };
static const Category followup_categories[] = {
  { "f.state", closed_keys, closed_offsets, G_N_ELEMENTS (closed_keys) },
};

/* Reasons, variants and the "high" of the two-cancer sections count the records behind rows
 * of the reason and newborn_variant tables: see reason_row() and variant_row(). The reason
 * table holds the codes a record carries (muying-store-records.c); "high" for a two-cancer
 * section = a record with at least one reason of level 2 among that section's codes. */

/* ---- scanning ---------------------------------------------------------------------------- */

typedef struct
{
  MuyingSql          *db;                            /* a second, read-only connection, or NULL = the store's */
  const MuyingPeriod *period;
  const GDate        *today;
  MuyingStats        *total;
  GPtrArray          *months;                        /* MuyingStats per month, or NULL */
  GPtrArray          *ages;                          /* MuyingStats per age group, or NULL */
  int                 base_month;                    /* year * 12 + month − 1 of the period's start */
  GArray             *women[3];                      /* person keys per grouping, see count_women() */
  GHashTable         *codes;                         /* reason code → CodeSlot */
  gint64              last_high_record[2];           /* cervical, breast: the last record counted */
  gint64              last_variant_record;
  char                last_variant_gene[16];
} Scan;

typedef struct
{
  gsize offset;       /* the reasons[i] member */
  int   high_slot;    /* 0 cervical, 1 breast, −1 others */
} CodeSlot;

/* The FROM clause of a programme's pass: the period's records of the programme in
 * record_stats_idx, each row of the programme's table by its rowid. (Reading the whole table
 * in rowid order instead, when the period covers most of it, measured no faster: the walk
 * follows the period in every case.) */
static char *
from_clause (const char *table,
             const char *alias,
             gboolean    with_person)
{
  return g_strdup_printf ("record r JOIN %s %s ON %s.record_id = r.id%s", table, alias, alias,
                          with_person ? " JOIN person pe ON pe.id = r.person_id" : "");
}

static int
digits (const char *s,
        int         n)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return -1;
      v = v * 10 + (s[i] - '0');
    }
  return v;
}

/* The month of an ISO date as an index into scan->months, or −1. */
static int
month_index (Scan       *scan,
             const char *date)
{
  int y, m, index;

  if (scan->months == NULL || date == NULL || strlen (date) < 7)
    return -1;
  y = digits (date, 4);
  m = digits (date + 5, 2);
  if (y < 0 || m < 1 || m > 12)
    return -1;
  index = y * 12 + m - 1 - scan->base_month;
  return index >= 0 && (guint) index < scan->months->len ? index : -1;
}

/* The age group on @date of someone born on @birth (completed years; a birthday on @date
 * counts, and one on 29 February falls on 1 March in common years, as muying_date_age_on:
 * "03-01" is not before "02-29"). MUYING_STATS_AGE_GROUP_OTHER when unknown. */
static int
age_group (const char *birth,
           const char *date)
{
  int age;

  if (birth == NULL || date == NULL || strlen (birth) < 10 || strlen (date) < 10 ||
      digits (birth, 4) < 0 || digits (date, 4) < 0)
    return MUYING_STATS_AGE_GROUP_OTHER;
  age = digits (date, 4) - digits (birth, 4) - (strncmp (date + 5, birth + 5, 5) < 0 ? 1 : 0);
  if (age < 35 || age > 64)
    return MUYING_STATS_AGE_GROUP_OTHER;
  return (age - 35) / 5;
}

static void
add_at (MuyingStats *s,
        gsize        offset,
        gint64       n)
{
  *(gint64 *) (void *) ((char *) s + offset) += n;
}

/* The groups a record of @date (and @birth, for age groups) counts in: the total, its month,
 * its age group. */
typedef struct
{
  MuyingStats *stats[3];
  int          index[3];     /* 0 for the total, the month, the age group; −1 = none */
} Targets;

static void
targets_for (Scan       *scan,
             const char *date,
             const char *birth,
             gboolean    with_age,
             Targets    *t)
{
  int m = month_index (scan, date);
  int a = with_age && scan->ages != NULL ? age_group (birth, date) : -1;

  t->stats[0] = scan->total;
  t->index[0] = 0;
  t->stats[1] = m >= 0 ? g_ptr_array_index (scan->months, (guint) m) : NULL;
  t->index[1] = m;
  t->stats[2] = a >= 0 ? g_ptr_array_index (scan->ages, (guint) a) : NULL;
  t->index[2] = a;
}

/* Keys for counting women once per group: person id, group, and which indicator. */
static void
remember_woman (Scan          *scan,
                const Targets *t,
                gint64         person_id,
                guint          indicator)
{
  for (int g = 0; g < 3; g++)
    if (t->stats[g] != NULL)
      {
        guint64 key = ((guint64) person_id << 16) | ((guint64) t->index[g] << 6) | indicator;

        g_array_append_val (scan->women[g], key);
      }
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* Adds the distinct (woman, group, indicator) keys to the indicator's member. */
static void
count_women (Scan            *scan,
             const Indicator *indicators)
{
  for (int g = 0; g < 3; g++)
    {
      GArray *keys = scan->women[g];
      guint64 previous = G_MAXUINT64;

      g_array_sort (keys, compare_keys);
      for (guint i = 0; i < keys->len; i++)
        {
          guint64 key = g_array_index (keys, guint64, i);
          int index = (int) ((key >> 6) & 0x3ff);
          MuyingStats *s;

          if (key == previous)
            continue;
          previous = key;
          s = g == 0 ? scan->total : g_ptr_array_index (g == 1 ? scan->months : scan->ages, (guint) index);
          add_at (s, indicators[key & 0x3f].offset, 1);
        }
      g_array_set_size (keys, 0);
    }
}

static gboolean
scan_error (MuyingStore  *store,
            Scan         *scan,
            int           rc,
            GError      **error)
{
  if (scan->db == NULL)
    return muying_store_set_error (store, rc, error);
  return muying_sql_set_error (scan->db, rc, error);
}

static gboolean
step_rows (MuyingStore   *store,
           MuyingSqlStmt  *stmt,
           Scan          *scan,
           gboolean     (*row) (Scan *scan, MuyingSqlStmt *stmt, gpointer data),
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  guint n = 0;
  int rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      row (scan, stmt, data);
      if ((++n & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return scan_error (store, scan, rc, error);
  return TRUE;
}

static MuyingSqlStmt *
prepare_scan (MuyingStore *store,
              Scan        *scan,
              const char  *sql,
              GError     **error)
{
  g_autofree char *from = muying_period_dup_from_string (scan->period);
  g_autofree char *to = muying_period_dup_to_string (scan->period);
  g_autofree char *today = muying_date_format (scan->today);
  MuyingSqlStmt *stmt = NULL;

  if (scan->db == NULL)
    stmt = muying_store_query (store, sql, error);
  else
    stmt = muying_sql_prepare (scan->db, sql, error);
  if (stmt == NULL)
    return NULL;
  muying_sql_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  if (muying_sql_bind_parameter_count (stmt) >= 3)
    muying_sql_bind_text (stmt, 3, today, -1, SQLITE_TRANSIENT);
  return stmt;
}

typedef struct
{
  const Indicator *indicators;
  guint            n_indicators;
  const Category  *categories;
  guint            n_categories;
  gboolean         with_age;
} TableScan;

/* Columns: record_date, person_id, flags, the categories[, birth_date]. */
static gboolean
table_row (Scan         *scan,
           MuyingSqlStmt *stmt,
           gpointer      data)
{
  const TableScan *ts = data;
  const char *date = (const char *) muying_sql_column_text (stmt, 0);
  guint64 flags = (guint64) muying_sql_column_int64 (stmt, 2);
  Targets t;

  targets_for (scan, date, ts->with_age ? (const char *) muying_sql_column_text (stmt, 3 + (int) ts->n_categories) : NULL,
               ts->with_age, &t);
  while (flags != 0)
    {
      guint bit = (guint) __builtin_ctzll (flags);
      const Indicator *ind = &ts->indicators[bit];

      flags &= flags - 1;
      if (ind->kind == COUNT_WOMEN)
        remember_woman (scan, &t, muying_sql_column_int64 (stmt, 1), bit);
      else
        for (int g = 0; g < 3; g++)
          if (t.stats[g] != NULL)
            add_at (t.stats[g], ind->offset, 1);
    }
  for (guint c = 0; c < ts->n_categories; c++)
    {
      const Category *cat = &ts->categories[c];
      const char *value = (const char *) muying_sql_column_text (stmt, 3 + (int) c);

      for (guint k = 0; value != NULL && k < cat->n_keys; k++)
        if (strcmp (value, cat->keys[k]) == 0)
          {
            for (int g = 0; g < 3; g++)
              if (t.stats[g] != NULL)
                add_at (t.stats[g], cat->offsets[k], 1);
            break;
          }
    }
  return TRUE;
}

/* The statement of a table's pass: every indicator of the table for each record of the period.
 * The conditions are packed as bits: CASE … THEN 2^i is as cheap as count(*) FILTER and
 * cheaper than shifting "IS TRUE" results. */
static char *
table_sql (const char      *from,
           const char      *where,
           const TableScan *ts)
{
  GString *sql = g_string_new ("SELECT r.record_date, r.person_id, ");

  g_assert (ts->n_indicators <= 62);
  for (guint i = 0; i < ts->n_indicators; i++)
    g_string_append_printf (sql, "%sCASE WHEN %s THEN %" G_GUINT64_FORMAT " ELSE 0 END", i ? " + " : "",
                            ts->indicators[i].condition, (guint64) 1 << i);
  for (guint c = 0; c < ts->n_categories; c++)
    g_string_append_printf (sql, ", %s", ts->categories[c].expression);
  if (ts->with_age)
    g_string_append (sql, ", pe.birth_date");
  g_string_append_printf (sql, " FROM %s WHERE %s AND " IN_PERIOD, from, where);
  return g_string_free (sql, FALSE);
}

/* One pass over a programme's (or the follow-ups') records: every indicator of the table. */
static gboolean
scan_table (MuyingStore      *store,
            Scan             *scan,
            const char       *sql,
            const TableScan  *ts,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  gint64 started = g_get_monotonic_time ();

  stmt = prepare_scan (store, scan, sql, error);
  if (stmt == NULL || !step_rows (store, stmt, scan, table_row, (gpointer) ts, cancellable, error))
    return FALSE;
  count_women (scan, ts->indicators);
  g_debug ("%.60s…: %.3f s", strstr (sql, " FROM "), (g_get_monotonic_time () - started) / 1e6);
  return TRUE;
}

/* Columns: record_date, record_id, code, level[, birth_date]. Rows come in (record_id, code)
 * order, so "a record with a high cervical reason" is counted on its first such row. */
static gboolean
reason_row (Scan         *scan,
            MuyingSqlStmt *stmt,
            gpointer      data)
{
  gboolean with_age = GPOINTER_TO_INT (data);
  const char *code = (const char *) muying_sql_column_text (stmt, 2);
  const CodeSlot *slot = code ? g_hash_table_lookup (scan->codes, code) : NULL;
  gint64 record_id = muying_sql_column_int64 (stmt, 1);
  gboolean count_high;
  Targets t;

  if (slot == NULL)
    return TRUE;   /* a code this version does not report */
  targets_for (scan, (const char *) muying_sql_column_text (stmt, 0),
               with_age ? (const char *) muying_sql_column_text (stmt, 4) : NULL, with_age, &t);
  count_high = slot->high_slot >= 0 && muying_sql_column_int (stmt, 3) == MUYING_LEVEL_HIGH &&
               scan->last_high_record[slot->high_slot] != record_id;
  if (count_high)
    scan->last_high_record[slot->high_slot] = record_id;
  for (int g = 0; g < 3; g++)
    if (t.stats[g] != NULL)
      {
        add_at (t.stats[g], slot->offset, 1);
        if (count_high)
          add_at (t.stats[g], slot->high_slot == 0 ? OFF (cervical.high) : OFF (breast.high), 1);
      }
  return TRUE;
}

/* Columns: record_date, record_id, gene. Rows come in (record_id, gene, variant) order. */
static gboolean
variant_row (Scan         *scan,
             MuyingSqlStmt *stmt,
             gpointer      data)
{
  gint64 record_id = muying_sql_column_int64 (stmt, 1);
  const char *gene = (const char *) muying_sql_column_text (stmt, 2);
  gboolean new_record = record_id != scan->last_variant_record;
  gboolean new_gene = new_record || g_strcmp0 (gene, scan->last_variant_gene) != 0;
  int g_index = -1;
  Targets t;

  if (!new_gene)
    return TRUE;
  scan->last_variant_record = record_id;
  g_strlcpy (scan->last_variant_gene, gene ? gene : "", sizeof scan->last_variant_gene);
  for (int i = 0; gene != NULL && i < MUYING_STATS_N_GENES; i++)
    if (strcmp (gene, muying_stats_genes[i]) == 0)
      g_index = i;
  targets_for (scan, (const char *) muying_sql_column_text (stmt, 0), NULL, FALSE, &t);
  for (int g = 0; g < 3; g++)
    if (t.stats[g] != NULL)
      {
        if (new_record)
          add_at (t.stats[g], OFF (newborn.carriers), 1);
        if (g_index >= 0)
          add_at (t.stats[g], OFF (newborn.by_gene) + (gsize) g_index * sizeof (gint64), 1);
      }
  return TRUE;
}

static gboolean
scan_rows (MuyingStore   *store,
           Scan          *scan,
           const char    *sql,
           gboolean     (*row) (Scan *scan, MuyingSqlStmt *stmt, gpointer data),
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(MuyingSqlStmt) stmt = prepare_scan (store, scan, sql, error);
  gint64 started = g_get_monotonic_time ();

  if (stmt == NULL || !step_rows (store, stmt, scan, row, data, cancellable, error))
    return FALSE;
  g_debug ("%.40s…: %.3f s", sql, (g_get_monotonic_time () - started) / 1e6);
  return TRUE;
}

static void
add_codes (GHashTable         *codes,
           const char * const *list,
           guint               n,
           gsize               offset,
           int                 high_slot)
{
  for (guint i = 0; i < n; i++)
    {
      CodeSlot *slot = g_new0 (CodeSlot, 1);

      slot->offset = offset + i * sizeof (gint64);
      slot->high_slot = high_slot;
      g_hash_table_insert (codes, (gpointer) list[i], slot);
    }
}

typedef enum
{
  JOB_PRENATAL,
  JOB_NEWBORN,
  JOB_TWO_CANCER,
  JOB_FOLLOWUPS,
  JOB_REASONS,
  JOB_VARIANTS,
  N_JOBS
} Job;

static const TableScan prenatal_scan = {
  prenatal_indicators, G_N_ELEMENTS (prenatal_indicators), prenatal_categories, G_N_ELEMENTS (prenatal_categories),
  FALSE };
static const TableScan newborn_scan = {
  newborn_indicators, G_N_ELEMENTS (newborn_indicators), newborn_categories, G_N_ELEMENTS (newborn_categories),
  FALSE };
static const TableScan two_cancer_scan = {
  two_cancer_indicators, G_N_ELEMENTS (two_cancer_indicators), two_cancer_categories,
  G_N_ELEMENTS (two_cancer_categories), FALSE };
static const TableScan two_cancer_age_scan = {
  two_cancer_indicators, G_N_ELEMENTS (two_cancer_indicators), two_cancer_categories,
  G_N_ELEMENTS (two_cancer_categories), TRUE };
static const TableScan followup_scan = {
  followup_indicators, G_N_ELEMENTS (followup_indicators), followup_categories, G_N_ELEMENTS (followup_categories),
  FALSE };

/* The records of the period of every programme (the CHECK of record.program lists the same
 * three): with the programme in the WHERE clause, record_stats_idx gives them as three date
 * ranges. The rows joined to them (reasons, follow-ups, variants) are found by record_id
 * (CROSS JOIN keeps the records outside), so the cost follows the period, never the size of
 * those tables. */
#define ALL_PROGRAMS "r.program IN ('prenatal', 'newborn', 'two_cancer')"

/* The statement of @job for @scan (with or without age groups). */
static char *
job_sql (Scan *scan,
         Job   job)
{
  gboolean ages = scan->ages != NULL;
  g_autofree char *from = NULL;

  switch (job)
    {
    case JOB_PRENATAL:
      from = from_clause ("prenatal", "p", FALSE);
      return table_sql (from, "r.program = 'prenatal'", &prenatal_scan);
    case JOB_NEWBORN:
      from = from_clause ("newborn", "n", FALSE);
      return table_sql (from, "r.program = 'newborn'", &newborn_scan);
    case JOB_TWO_CANCER:
      from = from_clause ("two_cancer", "t", ages);
      return table_sql (from, "r.program = 'two_cancer'", ages ? &two_cancer_age_scan : &two_cancer_scan);
    case JOB_FOLLOWUPS:
      /* followup.record_id is UNIQUE: one probe of its index per record of the period. */
      return table_sql ("record r CROSS JOIN followup f ON f.record_id = r.id", ALL_PROGRAMS, &followup_scan);
    /* Reasons and variants: the rows of one record come together, in the order of their
     * primary key ((record_id, code), (record_id, gene, variant)), which the loops rely on to
     * count each record once. The person is looked up only for the records with a reason. */
    case JOB_REASONS:
      return g_strdup (ages ? "SELECT r.record_date, x.record_id, x.code, x.level, pe.birth_date"
                              " FROM record r CROSS JOIN reason x ON x.record_id = r.id"
                              " CROSS JOIN person pe ON pe.id = r.person_id"
                              " WHERE " ALL_PROGRAMS " AND " IN_PERIOD
                            : "SELECT r.record_date, x.record_id, x.code, x.level"
                              " FROM record r CROSS JOIN reason x ON x.record_id = r.id"
                              " WHERE " ALL_PROGRAMS " AND " IN_PERIOD);
    case JOB_VARIANTS:
      return g_strdup ("SELECT r.record_date, v.record_id, v.gene"
                       " FROM record r CROSS JOIN newborn_variant v ON v.record_id = r.id"
                       " WHERE r.program = 'newborn' AND " IN_PERIOD);
    case N_JOBS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
run_job (MuyingStore   *store,
         Scan          *scan,
         Job            job,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autofree char *sql = job_sql (scan, job);

  switch (job)
    {
    case JOB_PRENATAL:
      return scan_table (store, scan, sql, &prenatal_scan, cancellable, error);
    case JOB_NEWBORN:
      return scan_table (store, scan, sql, &newborn_scan, cancellable, error);
    case JOB_TWO_CANCER:
      return scan_table (store, scan, sql, scan->ages != NULL ? &two_cancer_age_scan : &two_cancer_scan, cancellable,
                         error);
    case JOB_FOLLOWUPS:
      return scan_table (store, scan, sql, &followup_scan, cancellable, error);
    case JOB_REASONS:
      return scan_rows (store, scan, sql, reason_row, GINT_TO_POINTER (scan->ages != NULL), cancellable, error);
    case JOB_VARIANTS:
      return scan_rows (store, scan, sql, variant_row, NULL, cancellable, error);
    case N_JOBS:
    default:
      g_assert_not_reached ();
    }
}

/* Every job, the longest first (at 10M records the prenatal pass takes about as long as the
 * two-cancer, reasons and newborn passes together, and varies the most): each connection takes
 * the next job when it is done with its last, so the two end at about the same time whichever
 * pass is slow on the day. A fixed split left one core idle for a third of the time. */
static const Job jobs_by_length[] = { JOB_PRENATAL, JOB_TWO_CANCER, JOB_REASONS, JOB_FOLLOWUPS, JOB_NEWBORN,
                                      JOB_VARIANTS };
G_STATIC_ASSERT (G_N_ELEMENTS (jobs_by_length) == N_JOBS);

static gboolean
run_jobs (MuyingStore   *store,
          Scan          *scan,
          const Job     *jobs,
          guint          n_jobs,
          GCancellable  *cancellable,
          GError       **error)
{
  for (guint i = 0; i < n_jobs; i++)
    if (!run_job (store, scan, jobs[i], cancellable, error))
      return FALSE;
  return TRUE;
}

/* ---- the public functions ---------------------------------------------------------------- */

void
muying_stats_free (MuyingStats *stats)
{
  g_free (stats);
}

void
muying_stats_report_free (MuyingStatsReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->total, muying_stats_free);
  g_clear_pointer (&report->months, g_ptr_array_unref);
  g_clear_pointer (&report->age_groups, g_ptr_array_unref);
  g_free (report);
}

static MuyingStatsReport *
report_new (const MuyingPeriod *period,
            MuyingStatsGroups   groups)
{
  MuyingStatsReport *report = g_new0 (MuyingStatsReport, 1);

  report->total = g_new0 (MuyingStats, 1);
  report->total->period = *period;
  if (groups & MUYING_STATS_MONTHS)
    {
      report->months = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_stats_free);
      for (guint i = 0; i < muying_period_get_n_months (period); i++)
        {
          MuyingStats *s = g_new0 (MuyingStats, 1);

          muying_period_get_month (period, i, &s->period);
          g_ptr_array_add (report->months, s);
        }
    }
  if (groups & MUYING_STATS_AGE_GROUPS)
    {
      report->age_groups = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_stats_free);
      for (guint i = 0; i < MUYING_STATS_N_AGE_GROUPS; i++)
        {
          MuyingStats *s = g_new0 (MuyingStats, 1);

          s->period = *period;
          g_ptr_array_add (report->age_groups, s);
        }
    }
  return report;
}

/* Every member after the period is a gint64 count. */
G_STATIC_ASSERT ((sizeof (MuyingStats) - offsetof (MuyingStats, prenatal)) % sizeof (gint64) == 0);

static void
stats_add (MuyingStats       *to,
           const MuyingStats *from)
{
  for (gsize off = offsetof (MuyingStats, prenatal); off < sizeof (MuyingStats); off += sizeof (gint64))
    add_at (to, off, *(const gint64 *) (const void *) ((const char *) from + off));
}

static void
report_add (MuyingStatsReport       *to,
            const MuyingStatsReport *from)
{
  stats_add (to->total, from->total);
  for (guint i = 0; to->months != NULL && i < to->months->len; i++)
    stats_add (g_ptr_array_index (to->months, i), g_ptr_array_index (from->months, i));
  for (guint i = 0; to->age_groups != NULL && i < to->age_groups->len; i++)
    stats_add (g_ptr_array_index (to->age_groups, i), g_ptr_array_index (from->age_groups, i));
}

static void
scan_init (Scan               *scan,
           MuyingSql          *db,
           MuyingStatsReport  *report,
           const MuyingPeriod *period,
           const GDate        *today,
           GHashTable         *codes)
{
  scan->db = db;
  scan->period = period;
  scan->today = today;
  scan->total = report->total;
  scan->months = report->months;
  scan->ages = report->age_groups;
  scan->base_month = (int) g_date_get_year (&period->from) * 12 + (int) g_date_get_month (&period->from) - 1;
  scan->codes = codes;
  scan->last_high_record[0] = scan->last_high_record[1] = -1;
  scan->last_variant_record = -1;
  for (int g = 0; g < 3; g++)
    scan->women[g] = g_array_new (FALSE, FALSE, sizeof (guint64));
}

static void
scan_clear (Scan *scan)
{
  for (int g = 0; g < 3; g++)
    g_clear_pointer (&scan->women[g], g_array_unref);
}

/* One connection's side of the scans (its Scan: the store's connection, or the second one): each
 * side runs the jobs of jobs_by_length it takes (_muying_store_reader_share). A job runs whole on
 * one connection, so its women are counted once (count_women). */
typedef struct
{
  MuyingStore  *store;
  Scan         *scan;
  GCancellable *cancellable;
} Side;

static gboolean
side_run_job (gpointer  data,
              guint     index,
              GError  **error)
{
  Side *side = data;

  return run_job (side->store, side->scan, jobs_by_length[index], side->cancellable, error);
}

MuyingStatsReport *
muying_stats_compute_report (MuyingStore         *store,
                             const MuyingPeriod  *period,
                             MuyingStatsGroups    groups,
                             const GDate         *today,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_autoptr(MuyingStatsReport) report = NULL;
  g_autoptr(MuyingStatsReport) reader_report = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  Scan scan = { 0 };
  Scan reader_scan = { 0 };
  MuyingSql *reader = NULL;
  GDate now;
  gint64 token = 0;
  gboolean ok, in_transaction;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (period != NULL && g_date_valid (&period->from) && g_date_valid (&period->to), NULL);

  if (today == NULL)
    {
      muying_date_today (&now);
      today = &now;
    }
  add_codes (codes, muying_stats_prenatal_reasons, MUYING_STATS_N_PRENATAL_REASONS, OFF (prenatal.reasons), -1);
  add_codes (codes, muying_stats_newborn_reasons, MUYING_STATS_N_NEWBORN_REASONS, OFF (newborn.reasons), -1);
  add_codes (codes, muying_stats_cervical_reasons, MUYING_STATS_N_CERVICAL_REASONS, OFF (cervical.reasons), 0);
  add_codes (codes, muying_stats_breast_reasons, MUYING_STATS_N_BREAST_REASONS, OFF (breast.reasons), 1);
  report = report_new (period, groups);
  scan_init (&scan, NULL, report, period, today, codes);

  /* One read transaction: every figure comes from the same snapshot. A savepoint works
   * whether or not the caller already has a transaction open; inside the caller's own
   * transaction, which may hold changes no other connection sees, there is no second reader. */
  in_transaction = muying_sql_in_transaction (muying_store_get_sql (store));
  ok = muying_store_exec (store, "SAVEPOINT muying_stats", error);
  if (ok)
    {
      ok = _muying_store_reader_read_token (muying_store_get_sql (store), &token) || muying_store_set_error (store, SQLITE_ERROR, error);
      if (ok && !in_transaction)
        reader = _muying_store_reader_open (store, token);
      if (ok && reader != NULL)
        {
          /* Two cores, two connections: the scans shared out between the store's connection and a
           * thread of our own. */
          Side mine = { store, &scan, cancellable };
          Side other = { store, &reader_scan, cancellable };

          reader_report = report_new (period, groups);
          scan_init (&reader_scan, reader, reader_report, period, today, codes);
          ok = _muying_store_reader_share ("muying-stats", N_JOBS, side_run_job, &other, &mine, error);
          if (ok)
            report_add (report, reader_report);
          scan_clear (&reader_scan);
          _muying_store_reader_close (reader);
        }
      else if (ok)
        {
          ok = run_jobs (store, &scan, jobs_by_length, N_JOBS, cancellable, error);
        }
      if (!ok)
        muying_store_exec (store, "ROLLBACK TO muying_stats", NULL);
      if (!muying_store_exec (store, "RELEASE muying_stats", ok ? error : NULL))
        ok = FALSE;
    }
  scan_clear (&scan);
  if (!ok)
    return NULL;
  return g_steal_pointer (&report);
}

MuyingStats *
muying_stats_compute (MuyingStore         *store,
                      const MuyingPeriod  *period,
                      const GDate         *today,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(MuyingStatsReport) report = muying_stats_compute_report (store, period, 0, today, cancellable, error);

  return report ? g_steal_pointer (&report->total) : NULL;
}

double
muying_stats_ratio (gint64 numerator,
                    gint64 denominator)
{
  if (denominator == 0)
    return 0.0;
  return (double) numerator / (double) denominator;
}

const char *
muying_stats_age_group_label (guint group)
{
  static const char * const labels[] = { "35–39", "40–44", "45–49", "50–54", "55–59", "60–64" };

  g_return_val_if_fail (group < MUYING_STATS_N_AGE_GROUPS, NULL);

  if (group < G_N_ELEMENTS (labels))
    return labels[group];
  /* TRANSLATORS: an age group of the statistics: outside 35–64 or birth date unknown */
  return _("Other ages");
}

/* ---- loci -------------------------------------------------------------------------------- */

static void
locus_free (gpointer data)
{
  MuyingStatsLocus *locus = data;

  g_free (locus->gene);
  g_free (locus->variant);
  g_free (locus);
}

/* The newborns of the period (record_stats_idx), their variants by record_id. */
static const char loci_sql[] =
  "SELECT v.gene, v.variant, count(DISTINCT v.record_id)"
  " FROM record r CROSS JOIN newborn_variant v ON v.record_id = r.id"
  " WHERE r.program = 'newborn' AND " IN_PERIOD
  " GROUP BY v.gene, v.variant"
  " ORDER BY CASE v.gene WHEN 'GJB2' THEN 0 WHEN 'GJB3' THEN 1 WHEN 'SLC26A4' THEN 2"
  "  WHEN 'MT-RNR1' THEN 3 ELSE 4 END, v.gene, v.variant";

GPtrArray *
muying_stats_list_loci (MuyingStore         *store,
                        const MuyingPeriod  *period,
                        GError             **error)
{
  g_autoptr(GPtrArray) loci = g_ptr_array_new_with_free_func (locus_free);
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autofree char *from = muying_period_dup_from_string (period);
  g_autofree char *to = muying_period_dup_to_string (period);
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  stmt = muying_store_query (store, loci_sql, error);
  if (stmt == NULL)
    return NULL;
  muying_sql_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      MuyingStatsLocus *locus = g_new0 (MuyingStatsLocus, 1);

      locus->gene = g_strdup ((const char *) muying_sql_column_text (stmt, 0));
      locus->variant = g_strdup ((const char *) muying_sql_column_text (stmt, 1));
      locus->newborns = muying_sql_column_int64 (stmt, 2);
      g_ptr_array_add (loci, locus);
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&loci);
}

/* ---- for the tests ----------------------------------------------------------------------- */

GPtrArray *
muying_stats_dup_statements (MuyingStore         *store,
                             const MuyingPeriod  *period,
                             MuyingStatsGroups    groups,
                             GError             **error)
{
  g_autoptr(MuyingStatsReport) report = NULL;
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  GDate today;
  Scan scan = { 0 };

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  muying_date_today (&today);
  report = report_new (period, groups);
  scan_init (&scan, NULL, report, period, &today, NULL);
  for (Job job = 0; job < N_JOBS; job++)
    g_ptr_array_add (statements, job_sql (&scan, job));
  scan_clear (&scan);
  g_ptr_array_add (statements, g_strdup (loci_sql));
  /* the registers of the workbook */
  {
    g_autoptr(GPtrArray) registers = muying_case_register_dup_statements ();

    for (guint i = 0; i < registers->len; i++)
      g_ptr_array_add (statements, g_strdup (g_ptr_array_index (registers, i)));
  }
  return g_steal_pointer (&statements);
}
