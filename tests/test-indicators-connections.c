/* test-indicators-connections.c: the indicators on two connections count what one counts
 *
 * On a file (and on a server) the indicators are walked on the store's connection and, in a
 * thread, on a second connection on the same snapshot (muying-indicators.c, "two connections").
 * On a demo database of a statistical year, the counts of the two, merged, equal those of the
 * store's connection alone: every indicator, every part, every group of every breakdown and every
 * sub-period (the workbook's walk). When no second connection can be had — a change committed
 * before it could begin, or the caller's own transaction — the store's connection counts it all,
 * from its own snapshot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "muying-date.h"
#include "muying-demo.h"
#include "muying-indicators.h"
#include "muying-indicators-private.h"
#include "muying-rule-set.h"
#include "muying-store-denominators.h"
#include "muying-store-reader-private.h"
#include "muying-store-sql.h"
#include "muying-store-users.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

#define PASSWORD "secret123"
#define YEAR 2025

typedef struct
{
  MuyingTestDb   db;      /* on a server database for "/…/server/…" */
  MuyingUser  *admin;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  g_autoptr(MuyingUser) doctor = NULL;
  MuyingDemoOptions options;
  MuyingDenominators figures;

  muying_test_db_create (&f->db, "connections.db");
  rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);
  f->admin = muying_store_create_first_admin (f->db.store, "admin", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  /* reviews and signatures need a doctor */
  doctor = muying_store_create_user (f->db.store, "admin", "doc", "李医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);

  muying_denominators_init (&figures);
  figures.year = YEAR;
  figures.deliveries = 4000;
  figures.live_births = 3900;
  figures.cervical_due = 3000;
  figures.breast_due = 2500;
  g_assert_true (muying_store_set_denominators (f->db.store, f->admin, &figures, &error));
  g_assert_no_error (error);

  /* a statistical year of every programme: pregnancies with diagnoses and outcomes, newborns
   * with rescreens, audiology and variants, women with several exams */
  muying_demo_options_init (&options);
  options.n_records = 6000;
  options.seed = 11;
  options.year = YEAR;
  g_date_set_dmy (&options.today, 1, G_DATE_DECEMBER, YEAR);
  options.user = "admin";
  g_assert_true (muying_demo_generate (f->db.store, rules, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  muying_test_db_move_if (&f->db, GPOINTER_TO_INT (data), "connections");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  muying_indicators_set_one_connection (FALSE);
  _muying_store_reader_set_test_hook (NULL, NULL);
  g_clear_object (&f->admin);
  muying_test_db_clear (&f->db);
}

/* ---- the comparison ---------------------------------------------------------------------- */

static void
assert_same_indicators (const MuyingIndicators *a,
                        const MuyingIndicators *b,
                        const char             *where)
{
  g_assert_cmpstr (a->group, ==, b->group);
  g_assert_cmpint (g_date_compare (&a->period.from, &b->period.from), ==, 0);
  g_assert_cmpint (g_date_compare (&a->period.to, &b->period.to), ==, 0);
  g_assert_cmpuint (a->indicators->len, ==, b->indicators->len);
  for (guint i = 0; i < a->indicators->len; i++)
    {
      const MuyingIndicator *x = a->indicators->pdata[i];
      const MuyingIndicator *y = b->indicators->pdata[i];

      if (x->n != y->n || x->d != y->d || x->has_d != y->has_d || x->d_missing != y->d_missing)
        g_error ("%s, group “%s”: %s is %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " on two connections, %"
                 G_GINT64_FORMAT "/%" G_GINT64_FORMAT " on one", where, a->group ? a->group : "(all)", x->id, x->n,
                 x->d, y->n, y->d);
      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpuint (x->parts->len, ==, y->parts->len);
      for (guint k = 0; k < x->parts->len; k++)
        {
          const MuyingIndicatorPart *p = x->parts->pdata[k];
          const MuyingIndicatorPart *q = y->parts->pdata[k];

          if (g_strcmp0 (p->group, q->group) != 0 || g_strcmp0 (p->key, q->key) != 0 || p->count != q->count)
            g_error ("%s, group “%s”: part %u of %s is %s/%s %" G_GINT64_FORMAT " on two connections, %s/%s %"
                     G_GINT64_FORMAT " on one", where, a->group ? a->group : "(all)", k, x->id,
                     p->group ? p->group : "-", p->key, p->count, q->group ? q->group : "-", q->key, q->count);
        }
    }
}

static void
assert_same_groups (GPtrArray  *a,
                    GPtrArray  *b,
                    const char *where)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    assert_same_indicators (a->pdata[i], b->pdata[i], where);
}

/* Every breakdown at once, and the months and quarters of @period as sub-periods (the workbook's
 * walk). */
typedef struct
{
  GPtrArray        *results[8];
  guint             n_parts;
  MuyingIndicators *parts[32];
  guint             connections;
} Computed;

static const MuyingIndicatorsBy all_bys[8] = {
  MUYING_INDICATORS_BY_NONE, MUYING_INDICATORS_BY_INSTITUTION, MUYING_INDICATORS_BY_AREA, MUYING_INDICATORS_BY_MONTH,
  MUYING_INDICATORS_BY_FUNDING, MUYING_INDICATORS_BY_RESIDENCE, MUYING_INDICATORS_BY_AGE,
  MUYING_INDICATORS_BY_FREE_PROGRAMME,
};

static void
computed_clear (Computed *c)
{
  for (guint b = 0; b < G_N_ELEMENTS (c->results); b++)
    g_clear_pointer (&c->results[b], g_ptr_array_unref);
  for (guint i = 0; i < c->n_parts; i++)
    g_clear_pointer (&c->parts[i], muying_indicators_free);
}

static void
compute (Fixture            *f,
         const MuyingPeriod *period,
         Computed           *c)
{
  g_autoptr(GError) error = NULL;
  MuyingPeriod parts[32];
  MuyingPeriod before;
  guint n = 0;

  for (guint i = 0; i < muying_period_get_n_months (period) && n < 24; i++)
    muying_period_get_month (period, i, &parts[n++]);
  for (guint q = 1; q <= 4; q++)
    {
      g_autofree char *name = g_strdup_printf ("%dQ%u", YEAR, q);
      MuyingPeriod quarter;

      g_assert_true (muying_period_init_quarter_parse (&quarter, name, NULL));
      if (g_date_compare (&quarter.from, &period->from) >= 0 && g_date_compare (&quarter.to, &period->to) <= 0)
        parts[n++] = quarter;
    }
  memset (c, 0, sizeof *c);
  c->n_parts = n;
  memcpy (&before, period, sizeof before);
  g_assert_true (muying_store_compute_indicators_with_parts (f->db.store, period, all_bys, G_N_ELEMENTS (all_bys),
                                                             c->results, parts, n, c->parts, &error));
  g_assert_no_error (error);
  /* the caller's period as it was, byte for byte (a GDate read caches its Julian day in itself,
   * and the statistics' reports are compared with memcmp) */
  g_assert_cmpmem (&before, sizeof before, period, sizeof *period);
  c->connections = muying_indicators_get_last_connections ();
}

static void
assert_same (const Computed *a,
             const Computed *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_bys); i++)
    {
      g_autofree char *where = g_strdup_printf ("breakdown %u", i);

      assert_same_groups (a->results[i], b->results[i], where);
    }
  g_assert_cmpuint (a->n_parts, ==, b->n_parts);
  for (guint i = 0; i < a->n_parts; i++)
    {
      g_autofree char *where = g_strdup_printf ("sub-period %u", i);

      assert_same_indicators (a->parts[i], b->parts[i], where);
    }
}

/* The count of @id's part @key of the total (@group NULL: the indicator's own parts). */
static gint64
total_part (const Computed *c,
            const char     *id,
            const char     *group,
            const char     *key)
{
  const MuyingIndicators *total = c->results[0]->pdata[0];

  return muying_indicator_get_part (muying_indicators_get (total, id), group, key);
}

static gint64
total_n (const Computed *c,
         const char     *id)
{
  return muying_indicators_get (c->results[0]->pdata[0], id)->n;
}

/* ---- the tests --------------------------------------------------------------------------- */

static void
compare_period (Fixture            *f,
                const MuyingPeriod *period,
                gboolean            server)
{
  Computed two, one;

  compute (f, period, &two);
  /* a file always has its second connection; a server's needs the password file the test sets */
  g_test_message ("%u connection(s)", two.connections);
  if (!server)
    g_assert_cmpuint (two.connections, ==, 2);
  muying_indicators_set_one_connection (TRUE);
  compute (f, period, &one);
  muying_indicators_set_one_connection (FALSE);
  g_assert_cmpuint (one.connections, ==, 1);
  assert_same (&two, &one);
  computed_clear (&two);
  computed_clear (&one);
}

static void
test_same_counts (Fixture       *f,
                  gconstpointer  data)
{
  Computed c;
  MuyingPeriod year, month, day;

  muying_period_init_statistical_year (&year, YEAR);
  /* the demo's year has what every part of the merge adds up: the thread's pregnancies and
   * newborns (their genes, degrees, timeliness) and the store's women */
  compute (f, &year, &c);
  g_assert_cmpint (total_n (&c, "P1"), >, 100);
  g_assert_cmpint (total_n (&c, "P9"), >, 0);
  g_assert_cmpint (total_n (&c, "N8"), >, 0);
  g_assert_cmpint (total_n (&c, "N12"), >, 0);
  g_assert_cmpint (total_part (&c, "N10", NULL, "diagnosis_90_days"), >, 0);
  g_assert_cmpint (total_n (&c, "C1"), >, 100);
  g_assert_cmpint (total_n (&c, "B1"), >, 100);
  computed_clear (&c);

  compare_period (f, &year, f->db.uri != NULL);
  /* a month; a single day (the store's connection has no pregnancies of its own then) */
  g_assert_true (muying_period_init_parse (&month, "2025-03-01", "2025-03-31", NULL));
  compare_period (f, &month, f->db.uri != NULL);
  g_assert_true (muying_period_init_parse (&day, "2025-03-17", "2025-03-17", NULL));
  compare_period (f, &day, f->db.uri != NULL);
}

typedef struct
{
  Fixture *f;
  guint    calls;
} Change;

/* Another program's change, committed after the store's read transaction began and before the
 * second connection begins its own: every prenatal record of the year high risk, and other
 * deliveries (an audit row). */
static void
change_in_between (gpointer data)
{
  Change *change = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) other = muying_store_open (change->f->db.path, &error);
  MuyingDenominators figures;

  g_assert_no_error (error);
  g_assert_true (muying_store_exec (other, "UPDATE record SET level = 2 WHERE program = 'prenatal'", &error));
  g_assert_no_error (error);
  muying_denominators_init (&figures);
  figures.year = YEAR;
  figures.deliveries = 5000;
  g_assert_true (muying_store_set_denominators (other, change->f->admin, &figures, &error));
  g_assert_no_error (error);
  change->calls++;
}

static void
test_reader_not_opened (Fixture       *f,
                        gconstpointer  data)
{
  Change change = { f, 0 };
  Computed before, fallback, after;
  MuyingPeriod year;

  muying_period_init_statistical_year (&year, YEAR);
  muying_indicators_set_one_connection (TRUE);
  compute (f, &year, &before);
  muying_indicators_set_one_connection (FALSE);

  /* the second connection would see the change: none, and the store's snapshot counts it all */
  _muying_store_reader_set_test_hook (change_in_between, &change);
  compute (f, &year, &fallback);
  _muying_store_reader_set_test_hook (NULL, NULL);
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (fallback.connections, ==, 1);
  assert_same (&fallback, &before);

  /* the change was real: the next computation sees it, on two connections again */
  compute (f, &year, &after);
  g_assert_cmpuint (after.connections, ==, 2);
  g_assert_cmpint (total_n (&after, "P4"), ==, total_n (&after, "P1"));
  g_assert_cmpint (total_n (&before, "P4"), <, total_n (&before, "P1"));
  g_assert_cmpint (muying_indicators_get (after.results[0]->pdata[0], "P2")->d, ==, 5000);
  g_assert_cmpint (muying_indicators_get (before.results[0]->pdata[0], "P2")->d, ==, 4000);
  computed_clear (&before);
  computed_clear (&fallback);
  computed_clear (&after);
}

static void
test_inside_transaction (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Computed inside, outside;
  MuyingPeriod year;

  /* the caller's own changes, not committed: only its connection sees them, and counts them */
  muying_period_init_statistical_year (&year, YEAR);
  g_assert_true (muying_store_begin (f->db.store, &error));
  g_assert_true (muying_store_exec (f->db.store, "UPDATE record SET level = 2 WHERE program = 'prenatal'", &error));
  g_assert_no_error (error);
  compute (f, &year, &inside);
  g_assert_cmpuint (inside.connections, ==, 1);
  g_assert_cmpint (total_n (&inside, "P4"), ==, total_n (&inside, "P1"));
  muying_store_rollback (f->db.store);
  compute (f, &year, &outside);
  g_assert_cmpint (total_n (&outside, "P4"), <, total_n (&outside, "P1"));
  computed_clear (&inside);
  computed_clear (&outside);
}

/* Periods of one, two, three and seven days (fewer days than the pregnancies' pieces, and pieces of
 * unequal length), across a month's end, before any data and past its end. */
static void
test_edge_periods (Fixture       *f,
                   gconstpointer  data)
{
  const char *ranges[][2] = { { "2025-03-17", "2025-03-17" }, { "2025-03-17", "2025-03-18" },
                              { "2025-03-17", "2025-03-19" }, { "2025-03-17", "2025-03-23" },
                              { "2000-01-01", "2000-12-31" }, { "2000-01-01", "2025-02-01" },
                              { "2025-11-15", "2026-06-30" }, { "2025-02-28", "2025-03-02" } };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      MuyingPeriod period;

      g_assert_true (muying_period_init_parse (&period, ranges[i][0], ranges[i][1], NULL));
      compare_period (f, &period, f->db.uri != NULL);
    }
}

static void
rename_audiology (gpointer data)
{
  Change *change = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) other = muying_store_open (change->f->db.path, &error);

  g_assert_no_error (error);
  g_assert_true (muying_store_exec (other, change->calls == 0 ? "ALTER TABLE audiology RENAME TO audiology_x"
                                                             : "ALTER TABLE audiology_x RENAME TO audiology", &error));
  g_assert_no_error (error);
  change->calls++;
}

/* The thread's walk fails (its table renamed under it): the error is said, the store is left out
 * of any transaction, and the next computation is on two connections again. */
static void
test_worker_fails (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Change change = { f, 0 };
  MuyingPeriod year;
  MuyingIndicators *ind;

  muying_period_init_statistical_year (&year, YEAR);
  _muying_store_reader_set_test_hook (rename_audiology, &change);
  ind = muying_store_compute_indicators (f->db.store, &year, &error);
  _muying_store_reader_set_test_hook (NULL, NULL);
  g_test_message ("worker failure: %s, connections %u", error ? error->message : "(none)",
                  muying_indicators_get_last_connections ());
  g_assert_null (ind);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (muying_sql_in_transaction (muying_store_get_sql (f->db.store)));
  rename_audiology (&change);
  ind = muying_store_compute_indicators (f->db.store, &year, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (muying_indicators_get_last_connections (), ==, 2);
  muying_indicators_free (ind);
}

/* A period that ends before it starts (built by hand: the parsers refuse it): nothing counted,
 * on two connections as on one (the split once walked the store's half to the year 60109). */
static void
test_inverted_period (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MuyingPeriod period;
  MuyingIndicators *one, *two;

  g_date_clear (&period.from, 1);
  g_date_clear (&period.to, 1);
  g_date_set_dmy (&period.from, 30, G_DATE_JUNE, YEAR);
  g_date_set_dmy (&period.to, 2, G_DATE_JANUARY, YEAR);
  muying_indicators_set_one_connection (TRUE);
  one = muying_store_compute_indicators (f->db.store, &period, &error);
  g_assert_no_error (error);
  muying_indicators_set_one_connection (FALSE);
  two = muying_store_compute_indicators (f->db.store, &period, &error);
  g_assert_no_error (error);
  g_test_message ("P1 one connection %" G_GINT64_FORMAT ", two %" G_GINT64_FORMAT " (%u)",
                  muying_indicators_get (one, "P1")->n, muying_indicators_get (two, "P1")->n,
                  muying_indicators_get_last_connections ());
  g_assert_cmpint (muying_indicators_get (one, "P1")->n, ==, muying_indicators_get (two, "P1")->n);
  muying_indicators_free (one);
  muying_indicators_free (two);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  muying_test_add_file_and_server ("indicators-connections", "same-counts", Fixture, fixture_set_up,
                                   test_same_counts, fixture_tear_down);
  g_test_add ("/indicators-connections/reader-not-opened", Fixture, NULL, fixture_set_up, test_reader_not_opened,
              fixture_tear_down);
  g_test_add ("/indicators-connections/inside-transaction", Fixture, NULL, fixture_set_up, test_inside_transaction,
              fixture_tear_down);
  g_test_add ("/indicators-connections/inverted-period", Fixture, NULL, fixture_set_up, test_inverted_period,
              fixture_tear_down);
  g_test_add ("/indicators-connections/edge-periods", Fixture, NULL, fixture_set_up, test_edge_periods,
              fixture_tear_down);
  g_test_add ("/indicators-connections/worker-fails", Fixture, NULL, fixture_set_up, test_worker_fails,
              fixture_tear_down);
  return g_test_run ();
}
