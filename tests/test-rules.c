/* test-rules.c: the flagging rules of docs/rules.md, table-driven, at and around every threshold
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-rule-set-private.h"
#include "muying-rule-set.h"
#include "muying-paths.h"
#include "muying-screening.h"

static MuyingRuleSet *rules;   /* the shipped default rule set, loaded once */

static const char *
data_dir (void)
{
  return SOURCE_DATADIR;
}

static GDate
d (const char *text)
{
  GDate date;
  g_autoptr(GError) error = NULL;

  g_assert_true (muying_date_parse (text, &date, &error));
  g_assert_no_error (error);
  return date;
}

static void
assert_classification (MuyingClassification *c,
                       const char           *expected,
                       const char           *level)
{
  g_autofree char *codes = muying_classification_join_codes (c, ";");

  g_assert_cmpstr (codes, ==, expected);
  g_assert_cmpstr (muying_level_to_string (c->level), ==, level);
  g_assert_cmpstr (c->rules_version, ==, muying_rule_set_get_version (rules));
}

/* ---- prenatal ---------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *test;        /* test type key */
  int         ga;          /* days at sampling; 0 = inside the test's window */
  int         t21, t18;    /* N of 1/N; 0 = not reported */
  const char *afp, *nt;    /* NULL = not reported */
  const char *birth;       /* default 1996-01-01 (30 at EDD) */
  const char *sample;      /* default 2026-03-01 */
  const char *edd;         /* NULL = derived from sample date and GA, as validation does */
  const char *n21, *n18, *n13, *sca, *status;
  const char *expected;    /* sorted, ;-separated */
  const char *level;
} PrenatalCase;

#define EC "early_combined"
#define M2 "mid_double"
#define M3 "mid_triple"
#define M4 "mid_quad"
#define NI "nipt"

static const PrenatalCase prenatal_cases[] = {
  /* T21, serum tests: N <= 270 high, 270 < N <= 1000 borderline, > 1000 low, empty = not reported */
  { "t21-1-high", EC, .t21 = 1, .expected = "T21_HIGH", .level = "high" },
  { "t21-269-high", EC, .t21 = 269, .expected = "T21_HIGH", .level = "high" },
  { "t21-270-high", EC, .t21 = 270, .expected = "T21_HIGH", .level = "high" },
  { "t21-271-borderline", EC, .t21 = 271, .expected = "T21_BORDERLINE", .level = "intermediate" },
  { "t21-999-borderline", M4, .t21 = 999, .expected = "T21_BORDERLINE", .level = "intermediate" },
  { "t21-1000-borderline", M2, .t21 = 1000, .expected = "T21_BORDERLINE", .level = "intermediate" },
  { "t21-1001-low", M2, .t21 = 1001, .expected = "", .level = "low" },
  { "t21-50000-low", M3, .t21 = 50000, .expected = "", .level = "low" },
  { "t21-not-reported", M4, .t21 = 0, .expected = "", .level = "low" },
  { "t21-270-mid-double", M2, .t21 = 270, .expected = "T21_HIGH", .level = "high" },
  { "t21-270-mid-triple", M3, .t21 = 270, .expected = "T21_HIGH", .level = "high" },
  { "t21-270-mid-quad", M4, .t21 = 270, .expected = "T21_HIGH", .level = "high" },
  { "t21-on-nipt-ignored", NI, .t21 = 100, .t18 = 100, .expected = "NTD_ASSESS", .level = "intermediate" },
  /* T18: N <= 350 high, no borderline band */
  { "t18-349-high", M3, .t18 = 349, .expected = "T18_HIGH", .level = "high" },
  { "t18-350-high", M3, .t18 = 350, .expected = "T18_HIGH", .level = "high" },
  { "t18-351-low", M3, .t18 = 351, .expected = "", .level = "low" },
  { "t18-1000-low", EC, .t18 = 1000, .expected = "", .level = "low" },
  { "t18-not-reported", EC, .t18 = 0, .expected = "", .level = "low" },
  { "t21-and-t18-high", M4, .t21 = 200, .t18 = 300, .expected = "T18_HIGH;T21_HIGH", .level = "high" },
  { "t21-borderline-t18-high", M4, .t21 = 500, .t18 = 350, .expected = "T18_HIGH;T21_BORDERLINE",
    .level = "high" },
  /* ONTD: mid-trimester serum tests only, AFP MoM >= 2.5 */
  { "afp-2.49-low", M2, .afp = "2.49", .expected = "", .level = "low" },
  { "afp-2.5-high-double", M2, .afp = "2.5", .expected = "ONTD_HIGH", .level = "high" },
  { "afp-2.5-high-triple", M3, .afp = "2.50", .expected = "ONTD_HIGH", .level = "high" },
  { "afp-2.51-high-quad", M4, .afp = "2.51", .expected = "ONTD_HIGH", .level = "high" },
  { "afp-0.7-low", M4, .afp = "0.7", .expected = "", .level = "low" },
  { "afp-on-early-combined", EC, .afp = "2.5", .expected = "", .level = "low" },
  /* rule set 2026.2: an NIPT row may carry an AFP, which screens for ONTD as on the serum tests */
  { "afp-on-nipt", NI, .afp = "3.0", .expected = "ONTD_HIGH", .level = "high" },
  /* NT: early_combined only, NT >= 3.0 mm */
  { "nt-2.9-low", EC, .nt = "2.9", .expected = "", .level = "low" },
  { "nt-2.99-low", EC, .nt = "2.99", .expected = "", .level = "low" },
  { "nt-3.0-thick", EC, .nt = "3.0", .expected = "NT_THICK", .level = "high" },
  { "nt-3.5-thick", EC, .nt = "3.5", .expected = "NT_THICK", .level = "high" },
  { "nt-on-mid-quad", M4, .nt = "3.5", .expected = "", .level = "low" },
  { "nt-on-nipt", NI, .nt = "3.5", .expected = "NTD_ASSESS", .level = "intermediate" },
  /* NIPT calls, SCA, failure */
  { "nipt-all-low", NI, .n21 = "low", .n18 = "low", .n13 = "low", .sca = "none", .expected = "NTD_ASSESS",
    .level = "intermediate" },
  { "nipt-t21-high", NI, .n21 = "high", .n18 = "low", .n13 = "low", .expected = "NIPT_HIGH_T21;NTD_ASSESS",
    .level = "high" },
  { "nipt-t18-high", NI, .n21 = "low", .n18 = "high", .n13 = "low", .expected = "NIPT_HIGH_T18;NTD_ASSESS",
    .level = "high" },
  { "nipt-t13-high", NI, .n21 = "low", .n18 = "low", .n13 = "high", .expected = "NIPT_HIGH_T13;NTD_ASSESS",
    .level = "high" },
  { "nipt-all-high", NI, .n21 = "high", .n18 = "high", .n13 = "high",
    .expected = "NIPT_HIGH_T13;NIPT_HIGH_T18;NIPT_HIGH_T21;NTD_ASSESS", .level = "high" },
  { "nipt-sca", NI, .n21 = "low", .sca = "detected", .expected = "NIPT_SCA;NTD_ASSESS", .level = "intermediate" },
  { "nipt-sca-none", NI, .sca = "none", .expected = "NTD_ASSESS", .level = "intermediate" },
  { "nipt-fail", NI, .status = "fail", .expected = "NIPT_REDRAW;NTD_ASSESS", .level = "intermediate" },
  { "nipt-ok", NI, .status = "ok", .n21 = "low", .expected = "NTD_ASSESS", .level = "intermediate" },
  { "nipt-calls-on-serum-ignored", EC, .n21 = "high", .sca = "detected", .status = "fail",
    .expected = "", .level = "low" },
  /* AMA: completed years at EDD >= 35; a birthday on the EDD counts */
  { "ama-birthday-on-edd", M2, .birth = "1991-06-15", .edd = "2026-06-15", .expected = "AMA",
    .level = "intermediate" },
  { "ama-day-before-birthday", M2, .birth = "1991-06-16", .edd = "2026-06-15", .expected = "",
    .level = "low" },
  { "ama-40", M2, .birth = "1986-01-01", .edd = "2026-06-15", .expected = "AMA", .level = "intermediate" },
  /* derived EDD: 2026-03-01 + (280 − 84) days = 2026-09-13 */
  { "ama-derived-edd-birthday", EC, .ga = 84, .birth = "1991-09-13", .expected = "AMA",
    .level = "intermediate" },
  { "ama-derived-edd-34", EC, .ga = 84, .birth = "1991-09-14", .expected = "", .level = "low" },
  /* 29 February: the birthday is 1 March in a common year */
  { "ama-feb29-mar1", NI, .birth = "1992-02-29", .edd = "2027-03-01", .expected = "AMA;NTD_ASSESS",
    .level = "intermediate" },
  { "ama-feb29-feb28", NI, .birth = "1992-02-29", .edd = "2027-02-28", .expected = "NTD_ASSESS", .level = "intermediate" },
  /* windows, inclusive: early_combined 9+0..13+6 = 63..97 */
  { "window-ec-62", EC, .ga = 62, .expected = "GA_OUT_OF_WINDOW", .level = "intermediate" },
  { "window-ec-63", EC, .ga = 63, .expected = "", .level = "low" },
  { "window-ec-97", EC, .ga = 97, .expected = "", .level = "low" },
  { "window-ec-98", EC, .ga = 98, .expected = "GA_OUT_OF_WINDOW", .level = "intermediate" },
  /* mid 15+0..20+6 = 105..146 */
  { "window-m2-104", M2, .ga = 104, .expected = "GA_OUT_OF_WINDOW", .level = "intermediate" },
  { "window-m2-105", M2, .ga = 105, .expected = "", .level = "low" },
  { "window-m2-146", M2, .ga = 146, .expected = "", .level = "low" },
  { "window-m2-147", M2, .ga = 147, .expected = "GA_OUT_OF_WINDOW", .level = "intermediate" },
  { "window-m3-104", M3, .ga = 104, .expected = "GA_OUT_OF_WINDOW", .level = "intermediate" },
  { "window-m3-146", M3, .ga = 146, .expected = "", .level = "low" },
  { "window-m4-105", M4, .ga = 105, .expected = "", .level = "low" },
  { "window-m4-147", M4, .ga = 147, .expected = "GA_OUT_OF_WINDOW", .level = "intermediate" },
  /* nipt 12+0..22+6 = 84..160 */
  { "window-nipt-83", NI, .ga = 83, .expected = "GA_OUT_OF_WINDOW;NTD_ASSESS", .level = "intermediate" },
  { "window-nipt-84", NI, .ga = 84, .expected = "NTD_ASSESS", .level = "intermediate" },
  { "window-nipt-160", NI, .ga = 160, .expected = "NTD_ASSESS", .level = "intermediate" },
  { "window-nipt-161", NI, .ga = 161, .expected = "GA_OUT_OF_WINDOW;NTD_ASSESS", .level = "intermediate" },
  /* independent conditions */
  { "combined-ec", EC, .ga = 84, .t21 = 150, .t18 = 2000, .nt = "3.1", .birth = "1985-01-01",
    .expected = "AMA;NT_THICK;T21_HIGH", .level = "high" },
  { "combined-mid", M4, .ga = 150, .t21 = 800, .afp = "2.6",
    .expected = "GA_OUT_OF_WINDOW;ONTD_HIGH;T21_BORDERLINE", .level = "high" },
  { "combined-nipt", NI, .ga = 170, .status = "fail", .birth = "1980-01-01",
    .expected = "AMA;GA_OUT_OF_WINDOW;NIPT_REDRAW;NTD_ASSESS", .level = "intermediate" },
};

static int
default_ga (MuyingPrenatalTest test)
{
  switch (test)
    {
    case MUYING_PRENATAL_TEST_EARLY_COMBINED:
      return 84;
    case MUYING_PRENATAL_TEST_NIPT:
      return 100;
    case MUYING_PRENATAL_TEST_MID_DOUBLE:
    case MUYING_PRENATAL_TEST_MID_TRIPLE:
    case MUYING_PRENATAL_TEST_MID_QUAD:
    case MUYING_N_PRENATAL_TESTS:
    default:
      return 120;
    }
}

static MuyingNiptCall
nipt_call (const char *text)
{
  MuyingNiptCall v = MUYING_NIPT_CALL_NOT_RECORDED;

  if (text != NULL)
    g_assert_true (muying_nipt_call_from_string (text, &v));
  return v;
}

static MuyingPrenatalRecord *
make_prenatal (const PrenatalCase *tc)
{
  MuyingPrenatalRecord *r = muying_prenatal_record_new ();

  g_assert_true (muying_prenatal_test_from_string (tc->test, &r->test_type));
  r->ga_days = tc->ga != 0 ? tc->ga : default_ga (r->test_type);
  r->t21_risk = tc->t21;
  r->t18_risk = tc->t18;
  r->afp_mom = tc->afp ? g_ascii_strtod (tc->afp, NULL) : NAN;
  r->nt_mm = tc->nt ? g_ascii_strtod (tc->nt, NULL) : NAN;
  r->birth_date = d (tc->birth ? tc->birth : "1996-01-01");
  r->sample_date = d (tc->sample ? tc->sample : "2026-03-01");
  if (tc->edd != NULL)
    {
      r->edd = d (tc->edd);
      r->edd_given = TRUE;
    }
  else
    muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
  r->nipt_t21 = nipt_call (tc->n21);
  r->nipt_t18 = nipt_call (tc->n18);
  r->nipt_t13 = nipt_call (tc->n13);
  if (tc->sca != NULL)
    g_assert_true (muying_nipt_sca_from_string (tc->sca, &r->nipt_sca));
  if (tc->status != NULL)
    g_assert_true (muying_nipt_status_from_string (tc->status, &r->nipt_status));
  return r;
}

static void
test_prenatal_case (gconstpointer data)
{
  const PrenatalCase *tc = data;
  g_autoptr(MuyingPrenatalRecord) r = make_prenatal (tc);
  g_autoptr(MuyingClassification) c = muying_rule_set_classify_prenatal (rules, r);

  assert_classification (c, tc->expected, tc->level);
  g_assert_cmpuint (c->warnings->len, ==, 0);
}

/* Classification derives the EDD itself when the record has none. */
static void
test_prenatal_edd_not_set (void)
{
  g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
  g_autoptr(MuyingClassification) c = NULL;
  g_autoptr(MuyingClassification) c2 = NULL;

  r->test_type = MUYING_PRENATAL_TEST_EARLY_COMBINED;
  r->ga_days = 84;
  r->sample_date = d ("2026-03-01");
  r->birth_date = d ("1991-09-13");    /* 35 on 2026-09-13 */
  g_assert_false (g_date_valid (&r->edd));
  c = muying_rule_set_classify_prenatal (rules, r);
  assert_classification (c, "AMA", "intermediate");

  r->birth_date = d ("1991-09-14");
  c2 = muying_rule_set_classify_prenatal (rules, r);
  assert_classification (c2, "", "low");
}

static void
test_prenatal_deadlines (void)
{
  PrenatalCase high = { "x", M4, .t21 = 100, .expected = "T21_HIGH" };
  PrenatalCase mid = { "x", M4, .t21 = 500, .expected = "T21_BORDERLINE" };
  PrenatalCase both = { "x", M4, .t21 = 500, .afp = "3", .expected = "ONTD_HIGH;T21_BORDERLINE" };
  PrenatalCase none = { "x", M4, .t21 = 5000, .expected = "" };
  g_autoptr(MuyingPrenatalRecord) r1 = make_prenatal (&high);
  g_autoptr(MuyingPrenatalRecord) r2 = make_prenatal (&mid);
  g_autoptr(MuyingPrenatalRecord) r3 = make_prenatal (&both);
  g_autoptr(MuyingPrenatalRecord) r4 = make_prenatal (&none);
  g_autoptr(MuyingClassification) c1 = muying_rule_set_classify_prenatal (rules, r1);
  g_autoptr(MuyingClassification) c2 = muying_rule_set_classify_prenatal (rules, r2);
  g_autoptr(MuyingClassification) c3 = muying_rule_set_classify_prenatal (rules, r3);
  g_autoptr(MuyingClassification) c4 = muying_rule_set_classify_prenatal (rules, r4);
  g_autofree char *due1 = muying_date_format (&c1->due_date);
  g_autofree char *due2 = muying_date_format (&c2->due_date);
  g_autofree char *due3 = muying_date_format (&c3->due_date);
  MuyingReason *reason;

  /* sample date 2026-03-01: high +7 days, intermediate +30 days */
  g_assert_cmpstr (due1, ==, "2026-03-08");
  g_assert_cmpstr (due2, ==, "2026-03-31");
  g_assert_cmpstr (due3, ==, "2026-03-08");
  g_assert_false (g_date_valid (&c4->due_date));
  reason = g_ptr_array_index (c3->reasons, 0);
  g_assert_cmpstr (reason->code, ==, "ONTD_HIGH");
  g_assert_cmpint (reason->deadline_days, ==, 7);
  g_assert_cmpint (reason->level, ==, MUYING_LEVEL_HIGH);
  reason = g_ptr_array_index (c3->reasons, 1);
  g_assert_cmpstr (reason->code, ==, "T21_BORDERLINE");
  g_assert_cmpint (reason->deadline_days, ==, 30);
  g_assert_cmpint (reason->level, ==, MUYING_LEVEL_INTERMEDIATE);
}

/* ---- newborn ----------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *variants;     /* "GENE:VARIANT:ZYGOSITY;…" */
  const char *left, *right; /* initial screen; NULL = pass */
  const char *rleft, *rright; /* rescreen; NULL = none */
  const char *expected;
  const char *level;
} NewbornCase;

static const NewbornCase newborn_cases[] = {
  { "wild-type", NULL, .expected = "", .level = "low" },
  /* MT-RNR1: any variant, homo- or heteroplasmic */
  { "mt-1555-homoplasmic", "MT-RNR1:m.1555A>G:homoplasmic", .expected = "MT_AMINOGLYCOSIDE", .level = "high" },
  { "mt-1494-heteroplasmic", "MT-RNR1:m.1494C>T:heteroplasmic", .expected = "MT_AMINOGLYCOSIDE",
    .level = "high" },
  { "mt-both", "MT-RNR1:m.1555A>G:homoplasmic;MT-RNR1:m.1494C>T:heteroplasmic",
    .expected = "MT_AMINOGLYCOSIDE", .level = "high" },
  /* biallelic: allele count >= 2 (hom = 2, het = 1) */
  { "gjb2-hom", "GJB2:c.235delC:hom", .expected = "GJB2_BIALLELIC", .level = "high" },
  { "gjb2-compound-het", "GJB2:c.235delC:het;GJB2:c.299_300delAT:het", .expected = "GJB2_BIALLELIC",
    .level = "high" },
  { "gjb2-hom-and-het", "GJB2:c.235delC:hom;GJB2:c.35delG:het", .expected = "GJB2_BIALLELIC", .level = "high" },
  { "slc26a4-hom", "SLC26A4:c.919-2A>G:hom", .expected = "SLC26A4_BIALLELIC", .level = "high" },
  { "slc26a4-compound-het", "SLC26A4:c.919-2A>G:het;SLC26A4:c.2168A>G:het", .expected = "SLC26A4_BIALLELIC",
    .level = "high" },
  { "gjb3-hom", "GJB3:c.538C>T:hom", .expected = "GJB3_BIALLELIC", .level = "high" },
  { "gjb3-compound", "GJB3:c.538C>T:het;GJB3:c.538C>T:het", .expected = "GJB3_BIALLELIC", .level = "high" },
  { "two-genes-biallelic", "GJB2:c.235delC:hom;SLC26A4:c.919-2A>G:hom",
    .expected = "GJB2_BIALLELIC;SLC26A4_BIALLELIC", .level = "high" },
  /* one allele: CARRIER (one gene), DOUBLE_HET (two or more genes) */
  { "carrier-gjb2", "GJB2:c.235delC:het", .expected = "CARRIER", .level = "intermediate" },
  { "carrier-slc26a4", "SLC26A4:c.919-2A>G:het", .expected = "CARRIER", .level = "intermediate" },
  { "carrier-gjb3", "GJB3:c.538C>T:het", .expected = "CARRIER", .level = "intermediate" },
  { "double-het", "GJB2:c.235delC:het;SLC26A4:c.919-2A>G:het", .expected = "DOUBLE_HET",
    .level = "intermediate" },
  { "triple-het", "GJB2:c.235delC:het;SLC26A4:c.919-2A>G:het;GJB3:c.538C>T:het",
    .expected = "DOUBLE_HET", .level = "intermediate" },
  /* …only when no gene is biallelic */
  { "biallelic-excludes-carrier", "GJB2:c.235delC:hom;SLC26A4:c.919-2A>G:het", .expected = "GJB2_BIALLELIC",
    .level = "high" },
  { "biallelic-excludes-double-het", "SLC26A4:c.919-2A>G:het;SLC26A4:c.2168A>G:het;GJB2:c.235delC:het;"
    "GJB3:c.538C>T:het", .expected = "SLC26A4_BIALLELIC", .level = "high" },
  /* mitochondrial variants are not nuclear alleles */
  { "mt-and-carrier", "MT-RNR1:m.1555A>G:homoplasmic;GJB2:c.235delC:het",
    .expected = "CARRIER;MT_AMINOGLYCOSIDE", .level = "high" },
  { "mt-and-double-het", "GJB2:c.235delC:het;MT-RNR1:m.1494C>T:heteroplasmic;SLC26A4:c.2168A>G:het",
    .expected = "DOUBLE_HET;MT_AMINOGLYCOSIDE", .level = "high" },
  /* hearing: the status of an ear is its rescreen result when there is one, else the initial one */
  { "pass-pass", NULL, "pass", "pass", .expected = "", .level = "low" },
  { "refer-left-no-rescreen", NULL, "refer", "pass", .expected = "RESCREEN_DUE", .level = "intermediate" },
  { "refer-right-no-rescreen", NULL, "pass", "refer", .expected = "RESCREEN_DUE", .level = "intermediate" },
  { "refer-both-no-rescreen", NULL, "refer", "refer", .expected = "RESCREEN_DUE", .level = "intermediate" },
  { "rescreen-pass-both", NULL, "refer", "refer", "pass", "pass", .expected = "", .level = "low" },
  { "rescreen-refer-left", NULL, "refer", "pass", "refer", "pass", .expected = "HEARING_REFER", .level = "high" },
  { "rescreen-refer-right", NULL, "refer", "refer", "pass", "refer", .expected = "HEARING_REFER",
    .level = "high" },
  { "rescreen-refer-both", NULL, "refer", "refer", "refer", "refer", .expected = "HEARING_REFER",
    .level = "high" },
  { "rescreen-one-ear-pass", NULL, "refer", "pass", "pass", NULL, .expected = "", .level = "low" },
  /* a rescreen is done; the right ear kept its initial refer */
  { "rescreen-one-ear-other-refer", NULL, "refer", "refer", "pass", NULL, .expected = "HEARING_REFER",
    .level = "high" },
  { "not-screened-left", NULL, "not_done", "pass", .expected = "HEARING_NOT_SCREENED",
    .level = "intermediate" },
  { "not-screened-right", NULL, "pass", "not_done", .expected = "HEARING_NOT_SCREENED",
    .level = "intermediate" },
  { "not-screened-and-refer", NULL, "not_done", "refer", .expected = "HEARING_NOT_SCREENED;RESCREEN_DUE",
    .level = "intermediate" },
  /* screened later, at the rescreen */
  { "not-screened-then-rescreen-pass", NULL, "not_done", "not_done", "pass", "pass", .expected = "",
    .level = "low" },
  { "not-screened-then-rescreen-refer", NULL, "not_done", "pass", "refer", NULL, .expected = "HEARING_REFER",
    .level = "high" },
  /* genes and hearing together */
  { "gjb2-hom-refer", "GJB2:c.235delC:hom", "refer", "refer", "refer", "refer",
    .expected = "GJB2_BIALLELIC;HEARING_REFER", .level = "high" },
  { "carrier-refer", "GJB2:c.235delC:het", "refer", "pass", .expected = "CARRIER;RESCREEN_DUE",
    .level = "intermediate" },
};

static MuyingHearing
hearing (const char *text,
         MuyingHearing fallback)
{
  MuyingHearing v = fallback;

  if (text != NULL)
    g_assert_true (muying_hearing_from_string (text, &v));
  return v;
}

static MuyingNewbornRecord *
make_newborn (const NewbornCase *tc)
{
  MuyingNewbornRecord *r = muying_newborn_record_new ();
  g_auto(GStrv) items = NULL;

  r->birth_date = d ("2026-04-10");
  r->sex = MUYING_SEX_FEMALE;
  r->panel = g_strdup ("15");
  r->hearing_left = hearing (tc->left, MUYING_HEARING_PASS);
  r->hearing_right = hearing (tc->right, MUYING_HEARING_PASS);
  r->rescreen_left = hearing (tc->rleft, MUYING_HEARING_NOT_RECORDED);
  r->rescreen_right = hearing (tc->rright, MUYING_HEARING_NOT_RECORDED);

  items = g_strsplit (tc->variants ? tc->variants : "", ";", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      g_autofree char *canonical = NULL;
      g_autoptr(GError) error = NULL;
      MuyingZygosity zygosity;

      if (*items[i] == '\0')
        continue;
      parts = g_strsplit (items[i], ":", 3);
      g_assert_cmpuint (g_strv_length (parts), ==, 3);
      g_assert_true (muying_rule_set_resolve_variant (rules, r->panel, parts[0], parts[1], &canonical, &error));
      g_assert_no_error (error);
      g_assert_true (muying_zygosity_from_string (parts[2], &zygosity));
      g_assert_true (muying_rule_set_check_zygosity (rules, parts[0], zygosity, &error));
      g_assert_no_error (error);
      g_ptr_array_add (r->variants, muying_variant_new (parts[0], canonical, zygosity));
    }
  return r;
}

static void
test_newborn_case (gconstpointer data)
{
  const NewbornCase *tc = data;
  g_autoptr(MuyingNewbornRecord) r = make_newborn (tc);
  g_autoptr(MuyingClassification) c = muying_rule_set_classify_newborn (rules, r);

  assert_classification (c, tc->expected, tc->level);
}

static void
test_newborn_deadlines (void)
{
  NewbornCase due = { "x", NULL, "refer", "pass", .expected = "RESCREEN_DUE" };
  NewbornCase refer = { "x", NULL, "refer", "pass", "refer", NULL, .expected = "HEARING_REFER" };
  g_autoptr(MuyingNewbornRecord) r1 = make_newborn (&due);
  g_autoptr(MuyingNewbornRecord) r2 = make_newborn (&refer);
  g_autoptr(MuyingClassification) c1 = muying_rule_set_classify_newborn (rules, r1);
  g_autoptr(MuyingClassification) c2 = muying_rule_set_classify_newborn (rules, r2);
  g_autofree char *due1 = muying_date_format (&c1->due_date);
  g_autofree char *due2 = muying_date_format (&c2->due_date);

  /* counted from the birth date 2026-04-10; RESCREEN_DUE's own 42 days is not sooner than the
   * intermediate 30 days, so 30 applies with the shipped data */
  g_assert_cmpint (muying_rule_set_get_reason_deadline (rules, "RESCREEN_DUE"), ==, 30);
  g_assert_cmpstr (due1, ==, "2026-05-10");
  g_assert_cmpstr (due2, ==, "2026-04-17");
}

/* No panel is no gene test: whatever the variant list holds, no gene reason (the importer refuses such
 * a row; a record built in code must not be flagged for genes it was not tested for). */
static void
test_newborn_no_panel (void)
{
  NewbornCase mt = { "x", "MT-RNR1:m.1555A>G:homoplasmic;GJB2:c.235delC:hom", "refer", "pass",
                     .expected = "GJB2_BIALLELIC;MT_AMINOGLYCOSIDE;RESCREEN_DUE", .level = "high" };
  g_autoptr(MuyingNewbornRecord) r = make_newborn (&mt);
  g_autoptr(MuyingClassification) tested = muying_rule_set_classify_newborn (rules, r);
  g_autoptr(MuyingClassification) untested = NULL;

  assert_classification (tested, mt.expected, mt.level);
  g_clear_pointer (&r->panel, g_free);
  untested = muying_rule_set_classify_newborn (rules, r);
  assert_classification (untested, "RESCREEN_DUE", "intermediate");
  r->panel = g_strdup ("");
  g_clear_pointer (&untested, muying_classification_free);
  untested = muying_rule_set_classify_newborn (rules, r);
  assert_classification (untested, "RESCREEN_DUE", "intermediate");
}

/* ---- two cancers ------------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *hpv, *types, *cyto, *via, *colpo, *hist;
  const char *cbe, *us, *mammo, *path;
  const char *expected;
  const char *level;
} TwoCancerCase;

static const TwoCancerCase two_cancer_cases[] = {
  { "nothing-recorded", .expected = "", .level = "low" },
  { "hpv-neg-nilm", "negative", NULL, "NILM", .expected = "", .level = "low" },
  { "hpv-not-done-nilm", "not_done", NULL, "NILM", .expected = "", .level = "low" },
  /* HPV 16/18 */
  { "hpv16", "positive", "16", .expected = "HPV16_18", .level = "high" },
  { "hpv18-nilm", "positive", "18", "NILM", .expected = "HPV16_18", .level = "high" },
  { "hpv18-and-52-nilm", "positive", "18;52", "NILM", .expected = "HPV16_18", .level = "high" },
  { "hpv16-hsil", "positive", "16", "HSIL", .expected = "CYTO_ABNORMAL;HPV16_18", .level = "high" },
  { "hpv16-ascus", "positive", "16", "ASC-US", .expected = "CYTO_ABNORMAL;HPV16_18", .level = "high" },
  { "hpv16-unsat", "positive", "16", "UNSAT", .expected = "CYTO_UNSATISFACTORY;HPV16_18", .level = "high" },
  /* other high-risk types only */
  { "hpv52-ascus", "positive", "52", "ASC-US", .expected = "CYTO_ABNORMAL;HPV_OTHER_CYTO_ABNORMAL",
    .level = "high" },
  { "hpv31-58-lsil", "positive", "31;58", "LSIL", .expected = "CYTO_ABNORMAL;HPV_OTHER_CYTO_ABNORMAL",
    .level = "high" },
  { "hpv68-adc", "positive", "68", "ADC", .expected = "CYTO_ABNORMAL;HPV_OTHER_CYTO_ABNORMAL", .level = "high" },
  { "hpv52-no-cytology", "positive", "52", .expected = "HPV_OTHER_TRIAGE", .level = "intermediate" },
  { "hpv52-unsat", "positive", "52", "UNSAT", .expected = "CYTO_UNSATISFACTORY;HPV_OTHER_TRIAGE",
    .level = "intermediate" },
  { "hpv52-nilm", "positive", "52", "NILM", .expected = "HPV_OTHER_REPEAT", .level = "intermediate" },
  { "hpv-untyped-nilm", "positive", NULL, "NILM", .expected = "HPV_OTHER_REPEAT", .level = "intermediate" },
  { "hpv-untyped-no-cytology", "positive", NULL, .expected = "HPV_OTHER_TRIAGE", .level = "intermediate" },
  { "hpv-untyped-asch", "positive", NULL, "ASC-H", .expected = "CYTO_ABNORMAL;HPV_OTHER_CYTO_ABNORMAL",
    .level = "high" },
  /* cytology: >= ASC-US, except ASC-US with negative HPV */
  { "ascus-hpv-neg", "negative", NULL, "ASC-US", .expected = "CYTO_ASCUS_HPV_NEG", .level = "intermediate" },
  { "ascus-hpv-not-done", "not_done", NULL, "ASC-US", .expected = "CYTO_ABNORMAL", .level = "high" },
  { "ascus-hpv-not-recorded", NULL, NULL, "ASC-US", .expected = "CYTO_ABNORMAL", .level = "high" },
  { "asch-hpv-neg", "negative", NULL, "ASC-H", .expected = "CYTO_ABNORMAL", .level = "high" },
  { "lsil-hpv-neg", "negative", NULL, "LSIL", .expected = "CYTO_ABNORMAL", .level = "high" },
  { "hsil-hpv-neg", "negative", NULL, "HSIL", .expected = "CYTO_ABNORMAL", .level = "high" },
  { "scc-hpv-neg", "negative", NULL, "SCC", .expected = "CYTO_ABNORMAL", .level = "high" },
  { "agc-hpv-neg", "negative", NULL, "AGC", .expected = "CYTO_ABNORMAL", .level = "high" },
  { "ais-hpv-neg", "negative", NULL, "AIS", .expected = "CYTO_ABNORMAL", .level = "high" },
  { "adc-hpv-neg", "negative", NULL, "ADC", .expected = "CYTO_ABNORMAL", .level = "high" },
  { "nilm-alone", NULL, NULL, "NILM", .expected = "", .level = "low" },
  { "unsat-alone", NULL, NULL, "UNSAT", .expected = "CYTO_UNSATISFACTORY", .level = "intermediate" },
  { "unsat-hpv-neg", "negative", NULL, "UNSAT", .expected = "CYTO_UNSATISFACTORY", .level = "intermediate" },
  /* VIA/VILI and colposcopy */
  { "via-abnormal", .via = "abnormal", .expected = "VIA_VILI_ABNORMAL", .level = "high" },
  { "via-negative", .via = "negative", .expected = "", .level = "low" },
  { "via-not-done", .via = "not_done", .expected = "", .level = "low" },
  { "colposcopy-abnormal", .colpo = "abnormal", .expected = "COLPOSCOPY_ABNORMAL", .level = "high" },
  { "colposcopy-normal", .colpo = "normal", .expected = "", .level = "low" },
  /* histology */
  { "histology-negative", .hist = "negative", .expected = "", .level = "low" },
  { "histology-cin1", .hist = "CIN1", .expected = "CIN1", .level = "intermediate" },
  { "histology-cin2", .hist = "CIN2", .expected = "CERVICAL_PRECANCER", .level = "high" },
  { "histology-cin3", .hist = "CIN3", .expected = "CERVICAL_PRECANCER", .level = "high" },
  { "histology-ais", .hist = "AIS", .expected = "CERVICAL_PRECANCER", .level = "high" },
  { "histology-micro-invasive", .hist = "micro_invasive", .expected = "CERVICAL_CANCER", .level = "high" },
  { "histology-invasive", .hist = "invasive", .expected = "CERVICAL_CANCER", .level = "high" },
  { "cervical-pathway", "positive", "16", "HSIL", "abnormal", "abnormal", "CIN3",
    .expected = "CERVICAL_PRECANCER;COLPOSCOPY_ABNORMAL;CYTO_ABNORMAL;HPV16_18;VIA_VILI_ABNORMAL",
    .level = "high" },
  /* breast: clinical exam */
  { "cbe-abnormal-no-us", .cbe = "abnormal", .expected = "CBE_ABNORMAL_NO_IMAGING", .level = "intermediate" },
  { "cbe-abnormal-us-1", .cbe = "abnormal", .us = "1", .expected = "", .level = "low" },
  { "cbe-abnormal-us-3", .cbe = "abnormal", .us = "3", .expected = "US_RECALL", .level = "intermediate" },
  { "cbe-normal", .cbe = "normal", .expected = "", .level = "low" },
  /* ultrasound BI-RADS 0 or 3 without mammography */
  { "us-0", .us = "0", .expected = "US_RECALL", .level = "intermediate" },
  { "us-1", .us = "1", .expected = "", .level = "low" },
  { "us-2", .us = "2", .expected = "", .level = "low" },
  { "us-3", .us = "3", .expected = "US_RECALL", .level = "intermediate" },
  { "us-3-mammo-2", .us = "3", .mammo = "2", .expected = "", .level = "low" },
  { "us-0-mammo-1", .us = "0", .mammo = "1", .expected = "", .level = "low" },
  /* mammography BI-RADS 0 or 3: MAMMO_ASSESS until rule set 2026.1, split in two since 2026.2 */
  { "mammo-0", .mammo = "0", .expected = "MAMMO_INCOMPLETE", .level = "intermediate" },
  { "mammo-3", .mammo = "3", .expected = "MAMMO_SHORT_INTERVAL", .level = "intermediate" },
  { "us-3-mammo-3", .us = "3", .mammo = "3", .expected = "MAMMO_SHORT_INTERVAL", .level = "intermediate" },
  { "mammo-2", .mammo = "2", .expected = "", .level = "low" },
  /* BI-RADS 4 (4A 4B 4C) or 5 */
  { "us-4-plain", .us = "4", .expected = "BREAST_SUSPICIOUS", .level = "high" },
  { "us-4a", .us = "4A", .expected = "BREAST_SUSPICIOUS", .level = "high" },
  { "us-4b", .us = "4b", .expected = "BREAST_SUSPICIOUS", .level = "high" },
  { "us-4c", .us = "4C", .expected = "BREAST_SUSPICIOUS", .level = "high" },
  { "us-5", .us = "5", .expected = "BREAST_SUSPICIOUS", .level = "high" },
  { "mammo-4a", .us = "3", .mammo = "4A", .expected = "BREAST_SUSPICIOUS", .level = "high" },
  { "mammo-5", .us = "0", .mammo = "5", .expected = "BREAST_SUSPICIOUS", .level = "high" },
  /* BI-RADS 6, pathology */
  { "us-6", .us = "6", .expected = "BREAST_CANCER", .level = "high" },
  { "mammo-6", .mammo = "6", .expected = "BREAST_CANCER", .level = "high" },
  { "path-benign", .path = "benign", .expected = "", .level = "low" },
  { "path-atypical", .path = "atypical_hyperplasia", .expected = "BREAST_PRECANCER", .level = "high" },
  { "path-lcis", .path = "LCIS", .expected = "BREAST_PRECANCER", .level = "high" },
  { "path-dcis", .path = "DCIS", .expected = "BREAST_CANCER", .level = "high" },
  { "path-invasive", .path = "invasive", .expected = "BREAST_CANCER", .level = "high" },
  { "us-4b-dcis", .us = "4B", .path = "DCIS", .expected = "BREAST_CANCER;BREAST_SUSPICIOUS", .level = "high" },
  /* both tracks */
  { "both-tracks", "negative", NULL, "ASC-US", .us = "3", .expected = "CYTO_ASCUS_HPV_NEG;US_RECALL",
    .level = "intermediate" },
};

static MuyingTwoCancerRecord *
make_two_cancer (const TwoCancerCase *tc)
{
  MuyingTwoCancerRecord *r = muying_two_cancer_record_new ();
  g_autoptr(GError) error = NULL;

  r->birth_date = d ("1980-05-01");
  r->exam_date = d ("2026-05-01");
  if (tc->hpv)
    g_assert_true (muying_hpv_from_string (tc->hpv, &r->hpv));
  g_assert_true (muying_hpv_types_parse (tc->types, &r->hpv_types, &error));
  g_assert_no_error (error);
  if (tc->cyto)
    g_assert_true (muying_cytology_from_string (tc->cyto, &r->cytology));
  if (tc->via)
    g_assert_true (muying_exam_result_from_string (tc->via, &r->via_vili));
  if (tc->colpo)
    g_assert_true (muying_exam_result_from_string (tc->colpo, &r->colposcopy));
  if (tc->hist)
    g_assert_true (muying_cervical_histology_from_string (tc->hist, &r->cervical_histology));
  if (tc->cbe)
    g_assert_true (muying_exam_result_from_string (tc->cbe, &r->cbe));
  if (tc->us)
    g_assert_true (muying_birads_from_string (tc->us, &r->us_birads));
  if (tc->mammo)
    g_assert_true (muying_birads_from_string (tc->mammo, &r->mammo_birads));
  if (tc->path)
    g_assert_true (muying_breast_pathology_from_string (tc->path, &r->breast_pathology));
  return r;
}

static void
test_two_cancer_case (gconstpointer data)
{
  const TwoCancerCase *tc = data;
  g_autoptr(MuyingTwoCancerRecord) r = make_two_cancer (tc);
  g_autoptr(MuyingClassification) c = muying_rule_set_classify_two_cancer (rules, r);

  assert_classification (c, tc->expected, tc->level);
  g_assert_cmpuint (c->warnings->len, ==, 0);
}

/* 35–64 on the exam date: outside is a warning, never a reason. */
static void
test_two_cancer_age_warning (void)
{
  const struct { const char *birth; gboolean warn; } cases[] = {
    { "1991-05-02", TRUE },    /* 34, her 35th birthday is tomorrow */
    { "1991-05-01", FALSE },   /* 35 today */
    { "1961-05-02", FALSE },   /* 64 */
    { "1961-05-01", TRUE },    /* 65 today */
    { "2000-01-01", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TwoCancerCase tc = { "x", "positive", "16", .expected = "HPV16_18" };
      g_autoptr(MuyingTwoCancerRecord) r = make_two_cancer (&tc);
      g_autoptr(MuyingClassification) c = NULL;

      r->birth_date = d (cases[i].birth);
      c = muying_rule_set_classify_two_cancer (rules, r);
      g_test_message ("birth %s", cases[i].birth);
      assert_classification (c, "HPV16_18", "high");
      g_assert_cmpuint (c->warnings->len, ==, cases[i].warn ? 1 : 0);
      if (cases[i].warn)
        g_assert_nonnull (strstr (g_ptr_array_index (c->warnings, 0), "35"));
    }
}

static void
test_two_cancer_deadlines (void)
{
  TwoCancerCase tc = { "x", "positive", "52", "NILM", .expected = "HPV_OTHER_REPEAT" };
  g_autoptr(MuyingTwoCancerRecord) r = make_two_cancer (&tc);
  g_autoptr(MuyingClassification) c = muying_rule_set_classify_two_cancer (rules, r);
  g_autofree char *due = muying_date_format (&c->due_date);

  g_assert_cmpstr (due, ==, "2026-05-31");
}

/* ---- the rule set itself ----------------------------------------------------------------- */

static void
test_load_default (void)
{
  const char * const *codes;
  guint expected_n[MUYING_N_PROGRAMS] = { 14, 10, 21 };

  g_assert_cmpstr (muying_rule_set_get_version (rules), ==, "2026.2");
  for (int p = 0; p < MUYING_N_PROGRAMS; p++)
    {
      codes = muying_rule_set_list_codes (rules, (MuyingProgram) p);
      g_assert_nonnull (codes);
      g_assert_cmpuint (g_strv_length ((char **) codes), ==, expected_n[p]);
      for (guint i = 0; codes[i] != NULL; i++)
        {
          MuyingLevel level;
          MuyingProgram program;

          if (i > 0)
            g_assert_cmpint (strcmp (codes[i - 1], codes[i]), <, 0);
          g_assert_true (muying_rule_set_get_reason_level (rules, codes[i], &level));
          g_assert_cmpint (level, >, MUYING_LEVEL_LOW);
          g_assert_true (muying_rule_set_get_reason_program (rules, codes[i], &program));
          g_assert_cmpint (program, ==, p);
          g_assert_nonnull (muying_rule_set_get_reason_label (rules, codes[i]));
          g_assert_nonnull (muying_rule_set_get_next_step (rules, codes[i]));
          /* NIPT_LIMITED's own 7 days are sooner than the intermediate 30 */
          g_assert_cmpint (muying_rule_set_get_reason_deadline (rules, codes[i]), ==,
                           level == MUYING_LEVEL_HIGH || strcmp (codes[i], "NIPT_LIMITED") == 0 ? 7 : 30);
        }
    }
  g_assert_null (muying_rule_set_get_reason_label (rules, "NO_SUCH_CODE"));
  g_assert_false (muying_rule_set_get_reason_level (rules, "NO_SUCH_CODE", NULL));
  g_assert_cmpint (muying_rule_set_get_reason_deadline (rules, "NO_SUCH_CODE"), ==, -1);
}

static void
test_levels_match_rules_md (void)
{
  const char *high[] = {
    "T21_HIGH", "T18_HIGH", "ONTD_HIGH", "NT_THICK", "NIPT_HIGH_T21", "NIPT_HIGH_T18", "NIPT_HIGH_T13",
    "MT_AMINOGLYCOSIDE", "GJB2_BIALLELIC", "SLC26A4_BIALLELIC", "GJB3_BIALLELIC", "HEARING_REFER",
    "HPV16_18", "HPV_OTHER_CYTO_ABNORMAL", "CYTO_ABNORMAL", "VIA_VILI_ABNORMAL", "COLPOSCOPY_ABNORMAL",
    "CERVICAL_PRECANCER", "CERVICAL_CANCER", "BREAST_SUSPICIOUS", "BREAST_PRECANCER", "BREAST_CANCER",
    "VISIBLE_LESION",
  };
  const char *intermediate[] = {
    "T21_BORDERLINE", "NIPT_SCA", "NIPT_REDRAW", "AMA", "GA_OUT_OF_WINDOW", "DOUBLE_HET", "CARRIER",
    "RESCREEN_DUE", "HEARING_NOT_SCREENED", "HPV_OTHER_TRIAGE", "HPV_OTHER_REPEAT", "CYTO_ASCUS_HPV_NEG",
    "CYTO_UNSATISFACTORY", "CIN1", "CBE_ABNORMAL_NO_IMAGING", "US_RECALL", "MAMMO_ASSESS",
    "NIPT_LIMITED", "NTD_ASSESS", "NICU_AABR", "MAMMO_INCOMPLETE", "MAMMO_SHORT_INTERVAL",
  };
  MuyingLevel level;

  g_assert_cmpuint (G_N_ELEMENTS (high) + G_N_ELEMENTS (intermediate), ==, 14 + 10 + 21);
  for (guint i = 0; i < G_N_ELEMENTS (high); i++)
    {
      g_assert_true (muying_rule_set_get_reason_level (rules, high[i], &level));
      g_assert_cmpint (level, ==, MUYING_LEVEL_HIGH);
    }
  for (guint i = 0; i < G_N_ELEMENTS (intermediate); i++)
    {
      g_assert_true (muying_rule_set_get_reason_level (rules, intermediate[i], &level));
      g_assert_cmpint (level, ==, MUYING_LEVEL_INTERMEDIATE);
    }
}

static void
test_windows (void)
{
  const struct { MuyingPrenatalTest test; int first, last; } cases[] = {
    { MUYING_PRENATAL_TEST_EARLY_COMBINED, 63, 97 },
    { MUYING_PRENATAL_TEST_MID_DOUBLE, 105, 146 },
    { MUYING_PRENATAL_TEST_MID_TRIPLE, 105, 146 },
    { MUYING_PRENATAL_TEST_MID_QUAD, 105, 146 },
    { MUYING_PRENATAL_TEST_NIPT, 84, 160 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int first = -1, last = -1;

      muying_rule_set_get_test_window (rules, cases[i].test, &first, &last);
      g_assert_cmpint (first, ==, cases[i].first);
      g_assert_cmpint (last, ==, cases[i].last);
    }
}

/* Labels follow the user's language; Chinese when none we translate is selected. */
static void
test_labels_language (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  g_autoptr(MuyingRuleSet) zh = NULL;
  g_autoptr(MuyingRuleSet) en = NULL;
  g_autoptr(MuyingRuleSet) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *zh_text = NULL;
  g_autofree char *en_text = NULL;

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  zh = muying_rule_set_new_from_dir (data_dir (), &error);
  g_assert_no_error (error);
  g_setenv ("LANGUAGE", "en", TRUE);
  en = muying_rule_set_new_from_dir (data_dir (), &error);
  g_assert_no_error (error);
  g_setenv ("LANGUAGE", "fr", TRUE);
  none = muying_rule_set_new_from_dir (data_dir (), &error);
  g_assert_no_error (error);
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");

  g_assert_cmpstr (muying_rule_set_get_reason_label (zh, "T21_HIGH"), ==, "21三体高风险（血清学筛查）");
  g_assert_cmpstr (muying_rule_set_get_reason_label (en, "T21_HIGH"), ==, "Trisomy 21 high risk (serum screening)");
  g_assert_cmpstr (muying_rule_set_get_reason_label (none, "T21_HIGH"), ==, "21三体高风险（血清学筛查）");
  g_assert_cmpstr (muying_rule_set_get_next_step (zh, "RESCREEN_DUE"), ==, "出生42天复筛");
  g_assert_cmpstr (muying_rule_set_get_next_step (en, "RESCREEN_DUE"), ==, "Rescreen at 42 days of age");
  g_assert_cmpstr (muying_rule_set_get_panel_name (en, "4"), ==, "4-locus panel (GJB2, SLC26A4, MT-RNR1)");

  /* the workbook asks for Chinese explicitly, whatever the user's language */
  zh_text = muying_rule_set_dup_reason_text (en, "MT_AMINOGLYCOSIDE", "label", "zh_CN");
  en_text = muying_rule_set_dup_reason_text (zh, "MT_AMINOGLYCOSIDE", "next_step", "en");
  g_assert_cmpstr (zh_text, ==, "线粒体药物性耳聋易感突变（氨基糖苷类）");
  g_assert_cmpstr (en_text, ==, "Drug-warning card (avoid aminoglycosides for life); inform maternal relatives");
  g_assert_null (muying_rule_set_dup_reason_text (zh, "NO_SUCH_CODE", "label", NULL));

  /* every reason has a Chinese label and next step of its own */
  for (int p = 0; p < MUYING_N_PROGRAMS; p++)
    {
      const char * const *codes = muying_rule_set_list_codes (zh, (MuyingProgram) p);

      for (guint i = 0; codes[i] != NULL; i++)
        {
          g_autofree char *label_en = muying_rule_set_dup_reason_text (zh, codes[i], "label", "en");
          g_autofree char *step_en = muying_rule_set_dup_reason_text (zh, codes[i], "next_step", "en");

          g_test_message ("%s", codes[i]);
          g_assert_cmpstr (muying_rule_set_get_reason_label (zh, codes[i]), !=, label_en);
          g_assert_cmpstr (muying_rule_set_get_next_step (zh, codes[i]), !=, step_en);
          g_assert_cmpstr (muying_rule_set_get_reason_label (en, codes[i]), ==, label_en);
        }
    }
}

static void
test_new_default (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("MUYING_DATA_DIR"));
  g_autoptr(MuyingRuleSet) from_env = NULL;
  g_autoptr(MuyingRuleSet) missing = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("MUYING_DATA_DIR", data_dir (), TRUE);
  from_env = muying_rule_set_new_default (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (muying_rule_set_get_data_dir (from_env), ==, data_dir ());

  /* Without MUYING_DATA_DIR a program that is not installed (this test) looks in the configured
   * prefix, never in the source tree. */
  g_unsetenv ("MUYING_DATA_DIR");
  g_assert_cmpstr (muying_paths_data_dir (), ==, PKGDATADIR);
  g_assert_cmpstr (muying_paths_data_dir (), !=, SOURCE_DATADIR);

  g_setenv ("MUYING_DATA_DIR", "/nonexistent/muying-data", TRUE);
  missing = muying_rule_set_new_default (&error);
  g_assert_null (missing);
  g_assert_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_LOAD);

  if (saved != NULL)
    g_setenv ("MUYING_DATA_DIR", saved, TRUE);
  else
    g_unsetenv ("MUYING_DATA_DIR");
}

/* ---- modified copies of the data: thresholds are data, broken data is refused ---------- */

static void
copy_dir (const char *from,
          const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_str_has_suffix (name, ".ini"))
        continue;
      g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (dst, contents, (gssize) len, NULL));
    }
}

/* A copy of the shipped data under the test's temporary home, with @old replaced by @new in
 * @file ("rules/prenatal.ini"); @new NULL leaves the file as is; @old NULL deletes the file. */
static char *
make_data_copy (const char *file,
                const char *old,
                const char *replacement)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("data-%u", n++);
  char *root = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autofree char *rules_dir = g_build_filename (SOURCE_DATADIR, "rules", NULL);
  g_autofree char *panels_dir = g_build_filename (SOURCE_DATADIR, "panels", NULL);
  g_autofree char *rules_copy = g_build_filename (root, "rules", NULL);
  g_autofree char *panels_copy = g_build_filename (root, "panels", NULL);

  copy_dir (rules_dir, rules_copy);
  copy_dir (panels_dir, panels_copy);
  if (file != NULL)
    {
      g_autofree char *path = g_build_filename (root, file, NULL);
      g_autofree char *contents = NULL;

      if (old == NULL)
        g_assert_cmpint (g_remove (path), ==, 0);
      else
        {
          g_autoptr(GString) s = NULL;

          if (g_file_test (path, G_FILE_TEST_EXISTS))
            g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          s = g_string_new (contents ? contents : "");
          if (*old != '\0')
            g_assert_cmpuint (g_string_replace (s, old, replacement, 1), ==, 1);
          else
            g_string_append (s, replacement);
          g_assert_true (g_file_set_contents (path, s->str, (gssize) s->len, NULL));
        }
    }
  return root;
}

static void
test_thresholds_are_data (void)
{
  g_autofree char *dir1 = make_data_copy ("rules/prenatal.ini", "t21_high_max=270", "t21_high_max=300");
  g_autofree char *dir2 = make_data_copy ("rules/ruleset.ini", "intermediate=30", "intermediate=60");
  g_autofree char *dir3 = make_data_copy ("rules/ruleset.ini", "version=2026.2", "version=local-7");
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) r1 = muying_rule_set_new_from_dir (dir1, &error);
  g_autoptr(MuyingRuleSet) r2 = NULL;
  g_autoptr(MuyingRuleSet) r3 = NULL;
  PrenatalCase pc = { "x", M4, .t21 = 300 };
  NewbornCase nc = { "x", NULL, "refer", "pass" };
  g_autoptr(MuyingPrenatalRecord) pr = make_prenatal (&pc);
  g_autoptr(MuyingNewbornRecord) nr = make_newborn (&nc);
  g_autoptr(MuyingClassification) c1 = NULL;
  g_autoptr(MuyingClassification) c2 = NULL;
  g_autoptr(MuyingClassification) c3 = NULL;
  g_autofree char *due = NULL;

  g_assert_no_error (error);
  c1 = muying_rule_set_classify_prenatal (r1, pr);
  assert_classification (c1, "T21_HIGH", "high");

  /* with a 60-day intermediate default, RESCREEN_DUE's own 42 days is sooner */
  r2 = muying_rule_set_new_from_dir (dir2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (muying_rule_set_get_reason_deadline (r2, "RESCREEN_DUE"), ==, 42);
  g_assert_cmpint (muying_rule_set_get_reason_deadline (r2, "CARRIER"), ==, 60);
  c2 = muying_rule_set_classify_newborn (r2, nr);
  due = muying_date_format (&c2->due_date);
  g_assert_cmpstr (due, ==, "2026-05-22");     /* 2026-04-10 + 42 */

  r3 = muying_rule_set_new_from_dir (dir3, &error);
  g_assert_no_error (error);
  c3 = muying_rule_set_classify_prenatal (r3, pr);
  g_assert_cmpstr (c3->rules_version, ==, "local-7");
}

typedef struct
{
  const char *name;
  const char *file;
  const char *old;           /* NULL = delete the file; "" = append */
  const char *replacement;
  int         code;
} BrokenCase;

static const BrokenCase broken_cases[] = {
  { "no-ruleset", "rules/ruleset.ini", NULL, NULL, MUYING_RULES_ERROR_LOAD },
  { "no-prenatal", "rules/prenatal.ini", NULL, NULL, MUYING_RULES_ERROR_LOAD },
  { "no-aliases", "rules/aliases.ini", NULL, NULL, MUYING_RULES_ERROR_LOAD },
  { "no-version", "rules/ruleset.ini", "version=2026.2", "version=", MUYING_RULES_ERROR_INVALID },
  { "missing-reason", "rules/newborn.ini", "[reason:CARRIER]", "[reason:CARIER]", MUYING_RULES_ERROR_INVALID },
  { "unknown-reason", "rules/two_cancer.ini", "", "\n[reason:HPV_42]\nlevel=high\nlabel=x\nnext_step=y\n",
    MUYING_RULES_ERROR_INVALID },
  { "bad-level", "rules/prenatal.ini", "[reason:AMA]\nlevel=intermediate", "[reason:AMA]\nlevel=medium",
    MUYING_RULES_ERROR_INVALID },
  { "no-label", "rules/prenatal.ini", "label=Advanced maternal age", "lable=Advanced maternal age",
    MUYING_RULES_ERROR_INVALID },
  { "bad-threshold", "rules/prenatal.ini", "t21_high_max=270", "t21_high_max=1/270", MUYING_RULES_ERROR_INVALID },
  { "bad-afp", "rules/prenatal.ini", "afp_mom_high_min=2.5", "afp_mom_high_min=high", MUYING_RULES_ERROR_INVALID },
  { "bad-window", "rules/prenatal.ini", "nipt=12+0;22+6", "nipt=12+0", MUYING_RULES_ERROR_INVALID },
  { "bad-window-days", "rules/prenatal.ini", "nipt=12+0;22+6", "nipt=12+0;22+7", MUYING_RULES_ERROR_INVALID },
  { "reversed-window", "rules/prenatal.ini", "nipt=12+0;22+6", "nipt=22+6;12+0", MUYING_RULES_ERROR_INVALID },
  { "borderline-below-high", "rules/prenatal.ini", "t21_borderline_max=1000", "t21_borderline_max=100",
    MUYING_RULES_ERROR_INVALID },
  { "bad-deadline", "rules/ruleset.ini", "high=7", "high=-1", MUYING_RULES_ERROR_INVALID },
  { "alias-clash", "rules/aliases.ini", "low=低风险", "low=低风险;高风险", MUYING_RULES_ERROR_INVALID },
  { "unmapped-gene", "panels/9.ini", "", "\n[OTOF c.2485C>T]\ngene=OTOF\nhgvs=c.2485C>T\n",
    MUYING_RULES_ERROR_INVALID },
  { "legacy-clash", "panels/9.ini", "legacy=35delG", "legacy=35delG;235delC", MUYING_RULES_ERROR_INVALID },
  { "bad-biallelic-code", "rules/newborn.ini", "GJB3=GJB3_BIALLELIC", "GJB3=CARRIERS", MUYING_RULES_ERROR_INVALID },
};

static void
test_broken_case (gconstpointer data)
{
  const BrokenCase *tc = data;
  g_autofree char *dir = make_data_copy (tc->file, tc->old, tc->replacement);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) r = muying_rule_set_new_from_dir (dir, &error);

  g_assert_null (r);
  g_assert_error (error, MUYING_RULES_ERROR, tc->code);
  g_test_message ("%s", error->message);
}

static void
test_no_panels (void)
{
  g_autofree char *dir = make_data_copy (NULL, NULL, NULL);
  const char *ids[] = { "4.ini", "9.ini", "15.ini" };
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) r = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *path = g_build_filename (dir, "panels", ids[i], NULL);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  r = muying_rule_set_new_from_dir (dir, &error);
  g_assert_null (r);
  g_assert_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_LOAD);
}

/* ---- import aliases ---------------------------------------------------------------------- */

typedef struct
{
  const char *field, *text, *expected;
} AliasCase;

static const AliasCase alias_cases[] = {
  { "test_type", "early_combined", "early_combined" },
  { "test_type", "EARLY_COMBINED", "early_combined" },
  { "test_type", "早孕联合", "early_combined" },
  { "test_type", "中孕二联", "mid_double" },
  { "test_type", "中孕三联", "mid_triple" },
  { "test_type", "中孕四联", "mid_quad" },
  { "test_type", "无创DNA", "nipt" },
  { "test_type", "NIPT", "nipt" },
  { "test_type", " 无创DNA ", "nipt" },
  { "test_type", "五联", NULL },
  { "nipt_t21", "高风险", "high" },
  { "nipt_t18", "低风险", "low" },
  { "nipt_t13", "High", "high" },
  { "nipt_call", "低风险", "low" },
  { "nipt_sca", "none", "none" },
  { "nipt_sca", "检出", "detected" },
  { "nipt_status", "失败", "fail" },
  { "nipt_status", "OK", "ok" },
  { "sex", "男", "1" },
  { "sex", "女", "2" },
  { "sex", "1", "1" },
  { "sex", "female", "2" },
  { "sex", "3", NULL },
  { "hearing_left", "通过", "pass" },
  { "hearing_right", "未通过", "refer" },
  { "hearing_left", "未筛", "not_done" },
  { "hearing_left", "not done", "not_done" },
  { "hearing", "REFER", "refer" },
  { "rescreen_left", "通过", "pass" },
  { "rescreen_right", "未通过", "refer" },
  { "rescreen_right", "未筛", NULL },
  { "zygosity", "杂合", "het" },
  { "zygosity", "纯合", "hom" },
  { "zygosity", "均质性", "homoplasmic" },
  { "zygosity", "异质性", "heteroplasmic" },
  { "zygosity", "HET", "het" },
  { "hpv", "阴性", "negative" },
  { "hpv", "阳性", "positive" },
  { "hpv", "未做", "not_done" },
  { "hpv", "Positive", "positive" },
  { "cytology", "asc-us", "ASC-US" },
  { "cytology", "ASCUS", "ASC-US" },
  { "cytology", "ＡＳＣ－ＵＳ", "ASC-US" },
  { "cytology", "ASC-H", "ASC-H" },
  { "cytology", "未见上皮内病变或恶性细胞", "NILM" },
  { "cytology", "高级别鳞状上皮内病变", "HSIL" },
  { "cytology", "标本不满意", "UNSAT" },
  { "cytology", "腺癌", "ADC" },
  { "cytology", "CIN2", NULL },
  { "via_vili", "阴性", "negative" },
  { "via_vili", "可疑", "abnormal" },
  { "via_vili", "normal", "negative" },
  { "colposcopy", "未见异常", "normal" },
  { "colposcopy", "异常", "abnormal" },
  { "colposcopy", "not_done", "not_done" },
  { "cbe", "正常", "normal" },
  { "cbe", "异常", "abnormal" },
  { "cervical_histology", "CIN Ⅲ", "CIN3" },
  { "cervical_histology", "cin2", "CIN2" },
  { "cervical_histology", "微小浸润癌", "micro_invasive" },
  { "cervical_histology", "micro-invasive", "micro_invasive" },
  { "cervical_histology", "原位腺癌", "AIS" },
  { "us_birads", "4", "4A" },
  { "us_birads", "4类", "4A" },
  { "mammo_birads", "4c", "4C" },
  { "mammo_birads", "BI-RADS 5", "5" },
  { "us_birads", "0", "0" },
  { "us_birads", "7", NULL },
  { "breast_pathology", "导管原位癌", "DCIS" },
  { "breast_pathology", "不典型增生", "atypical_hyperplasia" },
  { "breast_pathology", "lcis", "LCIS" },
  { "cancer_stage", "Ⅱ", "II" },
  { "cancer_stage", "IA", "I" },
  { "cancer_stage", "0期", "0" },
  { "cancer_stage", "iv", "IV" },
  { "dibao", "是", "yes" },
  { "nicu", "否", "no" },
  { "funding", "免费项目", "free_programme" },
  { "residence", "农村", "rural" },
  { "pregnancy_type", "双胎", "twins" },
  { "hearing_method", "耳声发射", "oae" },
  { "cervical_treatment", "冷刀锥切", "cold_knife_cone" },
  { "breast_treatment", "手术", "surgery" },
  { "cervical_stage", "ⅠB2", "IB" },
  { "breast_stage", "IIA", "II" },
  { "us_birads_left", "4类", "4A" },
  { "panel", "9", "9" },
  { "panel", "15位点", "15" },
  { "panel", "4-locus", "4" },
  { "panel", "21", NULL },
  { "gene", "12S rRNA", "MT-RNR1" },
  { "gene", "gjb2", "GJB2" },
  { "no_such_field", "x", NULL },
  { "hpv", "", NULL },
  { "hpv", "   ", NULL },
};

static void
test_aliases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (alias_cases); i++)
    {
      const AliasCase *a = &alias_cases[i];

      g_test_message ("%s: “%s”", a->field, a->text);
      g_assert_cmpstr (muying_rule_set_lookup_alias (rules, a->field, a->text), ==, a->expected);
    }
  g_assert_null (muying_rule_set_lookup_alias (rules, "hpv", NULL));
  g_assert_null (muying_rule_set_lookup_alias (rules, NULL, "阴性"));
}

/* Every enumerated value of docs/import-formats.md is accepted under its column key, and every
 * canonical value returned is one the key functions accept. */
static void
test_aliases_cover_keys (void)
{
  const struct { const char *field; const char *keys; } fields[] = {
    { "test_type", "early_combined mid_double mid_triple mid_quad nipt" },
    { "nipt_t21", "low high" }, { "nipt_t18", "low high" }, { "nipt_t13", "low high" },
    { "nipt_sca", "none detected" },
    { "nipt_status", "ok fail" },
    { "sex", "1 2" },
    { "hearing_left", "pass refer not_done" }, { "hearing_right", "pass refer not_done" },
    { "rescreen_left", "pass refer" }, { "rescreen_right", "pass refer" },
    { "zygosity", "het hom homoplasmic heteroplasmic" },
    { "hpv", "negative positive not_done" },
    { "cytology", "UNSAT NILM ASC-US ASC-H LSIL HSIL SCC AGC AIS ADC" },
    { "via_vili", "negative abnormal not_done" },
    { "colposcopy", "normal abnormal not_done" },
    { "cervical_histology", "negative CIN1 CIN2 CIN3 AIS micro_invasive invasive" },
    { "cbe", "normal abnormal" },
    { "us_birads", "0 1 2 3 4A 4B 4C 5 6" }, { "mammo_birads", "0 1 2 3 4A 4B 4C 5 6" },
    { "breast_pathology", "benign atypical_hyperplasia LCIS DCIS invasive" },
    { "cancer_stage", "0 I II III IV" },
    { "panel", "4 9 15" },
    /* the new columns */
    { "funding", "free_programme self_paid insurance other" },
    { "residence", "rural urban" },
    { "dibao", "yes no" }, { "ivf", "yes no" }, { "transfusion_12m", "yes no" }, { "us_anomaly", "yes no" },
    { "nicu", "yes no" }, { "hysterectomy", "yes no" }, { "visible_lesion", "yes no" },
    { "pregnancy_type", "singleton twins higher" },
    { "hearing_method", "oae aabr both" },
    { "us_birads_left", "0 1 2 3 4A 4B 4C 5 6" }, { "mammo_birads_right", "0 1 2 3 4A 4B 4C 5 6" },
    { "cervical_stage", "0 I IA IB II III IV" }, { "breast_stage", "0 I IA IB II III IV" },
    { "cervical_treatment", "none leep cold_knife_cone ablation hysterectomy surgery chemo_radio other" },
    { "breast_treatment", "none leep cold_knife_cone ablation hysterectomy surgery chemo_radio other" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_auto(GStrv) keys = g_strsplit (fields[i].keys, " ", -1);

      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *lower = g_ascii_strdown (keys[k], -1);

          g_test_message ("%s %s", fields[i].field, keys[k]);
          g_assert_cmpstr (muying_rule_set_lookup_alias (rules, fields[i].field, keys[k]), ==, keys[k]);
          g_assert_cmpstr (muying_rule_set_lookup_alias (rules, fields[i].field, lower), ==, keys[k]);
        }
    }
}

/* ---- gene panels ------------------------------------------------------------------------- */

typedef struct
{
  const char *panel, *gene, *variant;
  const char *canonical_gene, *canonical;   /* NULL = error */
} PanelCase;

static const PanelCase panel_cases[] = {
  { "9", "GJB2", "c.235delC", "GJB2", "c.235delC" },
  { "9", "GJB2", "235delC", "GJB2", "c.235delC" },
  { "9", "gjb2", "C.235DELC", "GJB2", "c.235delC" },
  { "4", "GJB2", "235delC", "GJB2", "c.235delC" },
  { "15", "GJB2", "176del16", "GJB2", "c.176_191del16" },
  { "15", "GJB2", "176-191del16bp", "GJB2", "c.176_191del16" },
  { "9", "GJB2", "299delAT", "GJB2", "c.299_300delAT" },
  { "9", "GJB2", "35delG", "GJB2", "c.35delG" },
  { "9", "GJB3", "538C>T", "GJB3", "c.538C>T" },
  { "4", "SLC26A4", "IVS7-2A>G", "SLC26A4", "c.919-2A>G" },
  { "4", "SLC26A4", "c.919-2A>G", "SLC26A4", "c.919-2A>G" },
  { "9", "SLC26A4", "H723R", "SLC26A4", "c.2168A>G" },
  { "15", "SLC26A4", "1229C>T", "SLC26A4", "c.1229C>T" },
  { "15", "SLC26A4", "c.1707+5G>A", "SLC26A4", "c.1707+5G>A" },
  { "15", "SLC26A4", "2027T>A", "SLC26A4", "c.2027T>A" },
  { "4", "MT-RNR1", "m.1555A>G", "MT-RNR1", "m.1555A>G" },
  { "4", "MT-RNR1", "1555A>G", "MT-RNR1", "m.1555A>G" },
  { "9", "12S rRNA", "A1555G", "MT-RNR1", "m.1555A>G" },
  { "15", "mtDNA", "C1494T", "MT-RNR1", "m.1494C>T" },
  { "15", "MT-RNR1", "1494C＞T", "MT-RNR1", "m.1494C>T" },
  /* not on the panel */
  { "4", "GJB2", "c.35delG", NULL, NULL },
  { "4", "GJB3", "c.538C>T", NULL, NULL },
  { "9", "SLC26A4", "c.1229C>T", NULL, NULL },
  { "15", "GJB2", "c.109G>A", NULL, NULL },
  { "15", "MT-RNR1", "m.961delT", NULL, NULL },
  { "15", "GJB2", "c.919-2A>G", NULL, NULL },    /* right variant, wrong gene */
  { "15", "OTOF", "c.2485C>T", NULL, NULL },
  { "15", "GJB2", "", NULL, NULL },
  { "99", "GJB2", "c.235delC", NULL, NULL },
  { "", "GJB2", "c.235delC", NULL, NULL },
};

static void
test_panels (void)
{
  const char * const *ids = muying_rule_set_list_panels (rules);

  g_assert_cmpuint (g_strv_length ((char **) ids), ==, 3);
  g_assert_true (muying_rule_set_has_panel (rules, "4"));
  g_assert_true (muying_rule_set_has_panel (rules, "9"));
  g_assert_true (muying_rule_set_has_panel (rules, "15"));
  g_assert_false (muying_rule_set_has_panel (rules, "21"));
  g_assert_false (muying_rule_set_has_panel (rules, NULL));
  g_assert_null (muying_rule_set_get_panel_name (rules, "21"));

  for (guint i = 0; i < G_N_ELEMENTS (panel_cases); i++)
    {
      const PanelCase *p = &panel_cases[i];
      g_autofree char *gene = NULL;
      g_autofree char *canonical = NULL;
      g_autofree char *canonical2 = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) error2 = NULL;
      gboolean ok;

      g_test_message ("panel %s: %s %s", p->panel, p->gene, p->variant);
      ok = muying_rule_set_resolve_locus (rules, p->panel, p->gene, p->variant, &gene, &canonical, &error);
      g_assert_cmpint (ok, ==, p->canonical != NULL);
      g_assert_cmpint (muying_rule_set_resolve_variant (rules, p->panel, p->gene, p->variant, &canonical2,
                                                        &error2), ==, ok);
      if (ok)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (gene, ==, p->canonical_gene);
          g_assert_cmpstr (canonical, ==, p->canonical);
          g_assert_cmpstr (canonical2, ==, p->canonical);
        }
      else
        {
          g_assert_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT);
          g_assert_error (error2, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT);
          g_assert_null (canonical);
          g_test_message ("→ %s", error->message);
        }
    }
}

/* The message of a variant that is not on the panel names the variant, the panel and the
 * loci it does have, so a nurse can fix the row. */
static void
test_panel_error_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *canonical = NULL;

  g_assert_false (muying_rule_set_resolve_variant (rules, "4", "GJB2", "c.35delG", &canonical, &error));
  g_assert_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, "c.35delG"));
  g_assert_nonnull (strstr (error->message, "4"));
  g_assert_nonnull (strstr (error->message, "c.235delC"));
}

/* Lab reports spell a locus many ways (docs/rules.md): each spelling resolves to the panel's HGVS
 * name on every panel that has the locus, and is rejected where the panel lacks it. */
typedef struct
{
  const char *gene, *spelling, *hgvs;
} SpellingCase;

static const SpellingCase spelling_cases[] = {
  { "GJB2", "c.235del", "c.235delC" },
  { "GJB2", "235del", "c.235delC" },
  { "GJB2", "p.L79Cfs*3", "c.235delC" },
  { "GJB2", "p.Leu79CysfsTer3", "c.235delC" },
  { "GJB2", "c.35del", "c.35delG" },
  { "GJB2", "p.G12Vfs*2", "c.35delG" },
  { "GJB2", "c.299_300del", "c.299_300delAT" },
  { "GJB2", "p.H100Rfs*14", "c.299_300delAT" },
  { "GJB2", "p.His100ArgfsTer14", "c.299_300delAT" },
  { "GJB2", "c.176_191del", "c.176_191del16" },
  { "GJB2", "p.G59Afs*18", "c.176_191del16" },
  { "SLC26A4", "IVS7-2A>G", "c.919-2A>G" },
  { "SLC26A4", "ivs7-2a>g", "c.919-2A>G" },
  { "SLC26A4", "p.H723R", "c.2168A>G" },
  { "SLC26A4", "p.His723Arg", "c.2168A>G" },
  { "SLC26A4", "His723Arg", "c.2168A>G" },
  { "SLC26A4", "p.N392Y", "c.1174A>T" },
  { "SLC26A4", "p.Asn392Tyr", "c.1174A>T" },
  { "SLC26A4", "p.R409H", "c.1226G>A" },
  { "SLC26A4", "p.Arg409His", "c.1226G>A" },
  { "SLC26A4", "p.T410M", "c.1229C>T" },
  { "SLC26A4", "p.Thr410Met", "c.1229C>T" },
  { "SLC26A4", "p.V659L", "c.1975G>C" },
  { "SLC26A4", "p.Val659Leu", "c.1975G>C" },
  { "SLC26A4", "p.L676Q", "c.2027T>A" },
  { "SLC26A4", "p.Leu676Gln", "c.2027T>A" },
  { "SLC26A4", "IVS15+5G>A", "c.1707+5G>A" },
  { "GJB3", "p.R180X", "c.538C>T" },
  { "GJB3", "p.R180*", "c.538C>T" },
  { "GJB3", "p.Arg180Ter", "c.538C>T" },
  { "GJB3", "R180X", "c.538C>T" },
  { "MT-RNR1", "1555A>G", "m.1555A>G" },
  { "MT-RNR1", "A1555G", "m.1555A>G" },
  { "MT-RNR1", "1494C>T", "m.1494C>T" },
  { "MT-RNR1", "C1494T", "m.1494C>T" },
};

/* Whether @panel lists the locus @hgvs of @gene: read from its HGVS name, which always resolves. */
static gboolean
panel_has_locus (const char *panel,
                 const char *gene,
                 const char *hgvs)
{
  g_autofree char *canonical = NULL;

  return muying_rule_set_resolve_variant (rules, panel, gene, hgvs, &canonical, NULL);
}

static void
test_panel_spellings (void)
{
  const char *panels[] = { "4", "9", "15" };

  for (guint i = 0; i < G_N_ELEMENTS (spelling_cases); i++)
    {
      const SpellingCase *c = &spelling_cases[i];
      guint n_panels = 0;

      for (guint p = 0; p < G_N_ELEMENTS (panels); p++)
        {
          g_autofree char *canonical = NULL;
          g_autoptr(GError) error = NULL;
          gboolean has = panel_has_locus (panels[p], c->gene, c->hgvs);

          g_test_message ("panel %s: %s %s", panels[p], c->gene, c->spelling);
          g_assert_cmpint (muying_rule_set_resolve_variant (rules, panels[p], c->gene, c->spelling, &canonical,
                                                            &error), ==, has);
          if (has)
            {
              g_assert_no_error (error);
              g_assert_cmpstr (canonical, ==, c->hgvs);
              n_panels++;
            }
          else
            g_assert_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT);
        }
      /* Every spelling is on the 15-locus panel at least. */
      g_assert_cmpuint (n_panels, >=, 1);
    }
  g_assert_true (panel_has_locus ("4", "GJB2", "c.235delC"));
  g_assert_false (panel_has_locus ("4", "SLC26A4", "c.1707+5G>A"));
}

/* A spelling of a locus of another gene is not a spelling of this gene. */
static void
test_panel_spelling_other_gene (void)
{
  const struct { const char *gene, *spelling; } cases[] = {
    { "GJB2", "p.R180X" },
    { "GJB2", "IVS7-2A>G" },
    { "SLC26A4", "c.235del" },
    { "SLC26A4", "A1555G" },
    { "GJB3", "p.His723Arg" },
    { "MT-RNR1", "IVS15+5G>A" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *canonical = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s %s", cases[i].gene, cases[i].spelling);
      g_assert_false (muying_rule_set_resolve_variant (rules, "15", cases[i].gene, cases[i].spelling, &canonical,
                                                       &error));
      g_assert_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT);
      g_assert_null (canonical);
    }
}

/* An unknown spelling is answered with every spelling of the gene the record's panel accepts. */
static void
test_panel_spelling_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error4 = NULL;
  g_autofree char *canonical = NULL;
  const char *listed[] = {
    "c.35delG", "c.35del", "p.G12Vfs*2", "c.235delC", "235delC", "c.235del", "p.L79Cfs*3", "p.Leu79CysfsTer3",
    "c.299_300delAT", "c.299_300del", "p.H100Rfs*14", "c.176_191del16", "176-191del16bp", "c.176_191del",
  };

  g_assert_false (muying_rule_set_resolve_variant (rules, "15", "GJB2", "c.236delX", &canonical, &error));
  g_assert_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "c.236delX"));
  for (guint i = 0; i < G_N_ELEMENTS (listed); i++)
    g_assert_nonnull (strstr (error->message, listed[i]));
  /* only the gene asked about */
  g_assert_null (strstr (error->message, "p.R180X"));
  g_assert_null (strstr (error->message, "IVS7-2A>G"));

  /* only the loci of the record's panel: the 4-locus panel has c.235delC of GJB2 alone */
  g_assert_false (muying_rule_set_resolve_variant (rules, "4", "GJB2", "p.G12Vfs*2", &canonical, &error4));
  g_assert_nonnull (strstr (error4->message, "p.L79Cfs*3"));
  g_assert_null (strstr (error4->message, "c.35del"));
}

static void
test_zygosity (void)
{
  const struct { const char *gene; MuyingZygosity z; gboolean ok; } cases[] = {
    { "GJB2", MUYING_ZYGOSITY_HET, TRUE },
    { "GJB2", MUYING_ZYGOSITY_HOM, TRUE },
    { "SLC26A4", MUYING_ZYGOSITY_HOMOPLASMIC, FALSE },
    { "GJB3", MUYING_ZYGOSITY_HETEROPLASMIC, FALSE },
    { "MT-RNR1", MUYING_ZYGOSITY_HOMOPLASMIC, TRUE },
    { "MT-RNR1", MUYING_ZYGOSITY_HETEROPLASMIC, TRUE },
    { "MT-RNR1", MUYING_ZYGOSITY_HET, FALSE },
    { "mt-rnr1", MUYING_ZYGOSITY_HOM, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (muying_rule_set_check_zygosity (rules, cases[i].gene, cases[i].z, &error), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_no_error (error);
      else
        g_assert_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT);
    }
}

/* ---- canonical keys and HPV types -------------------------------------------------------- */

#define CHECK_KEYS(Type, name, first, last, ...)                                    \
  G_STMT_START {                                                                    \
    const char *expected[] = { __VA_ARGS__ };                                       \
    G_STATIC_ASSERT (G_N_ELEMENTS (expected) == (last) - (first) + 1);              \
    for (int v = (first); v <= (last); v++)                                         \
      {                                                                             \
        const char *key = muying_##name##_to_string ((Type) v);                     \
        g_autofree char *upper = NULL;                                              \
        Type back;                                                                  \
                                                                                    \
        g_assert_cmpstr (key, ==, expected[v - (first)]);                           \
        g_assert_true (muying_##name##_from_string (key, &back));                   \
        g_assert_cmpint (back, ==, v);                                              \
        upper = g_ascii_strup (key, -1);                                            \
        g_assert_true (muying_##name##_from_string (upper, &back));                 \
        g_assert_cmpint (back, ==, v);                                              \
      }                                                                             \
    g_assert_false (muying_##name##_from_string ("", &(Type){ 0 }));                \
    g_assert_false (muying_##name##_from_string (NULL, &(Type){ 0 }));              \
    g_assert_false (muying_##name##_from_string ("nonsense", &(Type){ 0 }));        \
  } G_STMT_END

static void
test_keys (void)
{
  MuyingBirads birads;
  MuyingExamResult exam;
  MuyingCytology cyto;

  CHECK_KEYS (MuyingPrenatalTest, prenatal_test, 0, 4,
              "early_combined", "mid_double", "mid_triple", "mid_quad", "nipt");
  CHECK_KEYS (MuyingNiptCall, nipt_call, 1, 2, "low", "high");
  CHECK_KEYS (MuyingNiptSca, nipt_sca, 1, 2, "none", "detected");
  CHECK_KEYS (MuyingNiptStatus, nipt_status, 0, 1, "ok", "fail");
  CHECK_KEYS (MuyingHearing, hearing, 1, 3, "pass", "refer", "not_done");
  CHECK_KEYS (MuyingZygosity, zygosity, 0, 3, "het", "hom", "homoplasmic", "heteroplasmic");
  CHECK_KEYS (MuyingHpv, hpv, 1, 3, "negative", "positive", "not_done");
  CHECK_KEYS (MuyingCytology, cytology, 1, 10,
              "UNSAT", "NILM", "ASC-US", "ASC-H", "LSIL", "HSIL", "SCC", "AGC", "AIS", "ADC");
  CHECK_KEYS (MuyingCervicalHistology, cervical_histology, 1, 7,
              "negative", "CIN1", "CIN2", "CIN3", "AIS", "micro_invasive", "invasive");
  CHECK_KEYS (MuyingBirads, birads, 1, 9, "0", "1", "2", "3", "4A", "4B", "4C", "5", "6");
  CHECK_KEYS (MuyingBreastPathology, breast_pathology, 1, 5,
              "benign", "atypical_hyperplasia", "LCIS", "DCIS", "invasive");
  CHECK_KEYS (MuyingCancerStage, cancer_stage, 1, 5, "0", "I", "II", "III", "IV");

  /* NOT_RECORDED has no key */
  g_assert_null (muying_nipt_call_to_string (MUYING_NIPT_CALL_NOT_RECORDED));
  g_assert_null (muying_nipt_sca_to_string (MUYING_NIPT_SCA_NOT_RECORDED));
  g_assert_null (muying_hearing_to_string (MUYING_HEARING_NOT_RECORDED));
  g_assert_null (muying_hpv_to_string (MUYING_HPV_NOT_RECORDED));
  g_assert_null (muying_cytology_to_string (MUYING_CYTOLOGY_NOT_RECORDED));
  g_assert_null (muying_cervical_histology_to_string (MUYING_CERVICAL_HISTOLOGY_NOT_RECORDED));
  g_assert_null (muying_birads_to_string (MUYING_BIRADS_NOT_RECORDED));
  g_assert_null (muying_breast_pathology_to_string (MUYING_BREAST_PATHOLOGY_NOT_RECORDED));
  g_assert_null (muying_cancer_stage_to_string (MUYING_CANCER_STAGE_NOT_RECORDED));
  g_assert_null (muying_exam_result_to_string (MUYING_EXAM_NOT_RECORDED, TRUE));

  /* plain "4" is 4A; case and white space do not matter */
  g_assert_true (muying_birads_from_string ("4", &birads));
  g_assert_cmpint (birads, ==, MUYING_BIRADS_4A);
  g_assert_true (muying_birads_from_string (" 4b ", &birads));
  g_assert_cmpint (birads, ==, MUYING_BIRADS_4B);
  g_assert_false (muying_birads_from_string ("4D", &birads));
  g_assert_true (muying_cytology_from_string ("asc-us", &cyto));
  g_assert_cmpint (cyto, ==, MUYING_CYTOLOGY_ASC_US);

  /* exam results: negative for VIA/VILI, normal for colposcopy and CBE; both read as NORMAL */
  g_assert_cmpstr (muying_exam_result_to_string (MUYING_EXAM_NORMAL, TRUE), ==, "negative");
  g_assert_cmpstr (muying_exam_result_to_string (MUYING_EXAM_NORMAL, FALSE), ==, "normal");
  g_assert_cmpstr (muying_exam_result_to_string (MUYING_EXAM_ABNORMAL, FALSE), ==, "abnormal");
  g_assert_cmpstr (muying_exam_result_to_string (MUYING_EXAM_NOT_DONE, TRUE), ==, "not_done");
  g_assert_true (muying_exam_result_from_string ("negative", &exam));
  g_assert_cmpint (exam, ==, MUYING_EXAM_NORMAL);
  g_assert_true (muying_exam_result_from_string ("Normal", &exam));
  g_assert_cmpint (exam, ==, MUYING_EXAM_NORMAL);
  g_assert_true (muying_exam_result_from_string ("abnormal", &exam));
  g_assert_cmpint (exam, ==, MUYING_EXAM_ABNORMAL);
  g_assert_true (muying_exam_result_from_string ("not_done", &exam));
  g_assert_cmpint (exam, ==, MUYING_EXAM_NOT_DONE);
  g_assert_false (muying_exam_result_from_string ("positive", &exam));
}

static void
test_hpv_types (void)
{
  const struct { const char *text; const char *expected; } good[] = {
    { "", "" }, { NULL, "" }, { "16", "16" }, { "18;16", "16;18" }, { "52;16", "16;52" },
    { "16;18;31;33;35;39;45;51;52;56;58;59;66;68", "16;18;31;33;35;39;45;51;52;56;58;59;66;68" },
    { " 52 ; 58 ", "52;58" }, { "HPV16、52型", "16;52" }, { "31,33", "31;33" }, { "16;16", "16" },
    { "68;", "68" },
  };
  const char *bad[] = { "6", "11", "17", "16;x", "abc", "16.5", "-16", "1600" };
  guint16 types;

  g_assert_cmpint (muying_hpv_high_risk_types[0], ==, 16);
  g_assert_cmpint (muying_hpv_high_risk_types[1], ==, 18);
  g_assert_cmpint (muying_hpv_high_risk_types[MUYING_N_HPV_HIGH_RISK_TYPES - 1], ==, 68);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      g_assert_true (muying_hpv_types_parse (good[i].text, &types, &error));
      g_assert_no_error (error);
      text = muying_hpv_types_to_string (types);
      g_assert_cmpstr (text, ==, good[i].expected);
    }
  g_assert_true (muying_hpv_types_parse ("16;18", &types, NULL));
  g_assert_cmpuint (types, ==, MUYING_HPV_TYPES_16_18);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      types = 0xabc;
      g_test_message ("bad HPV types %s", bad[i]);
      g_assert_false (muying_hpv_types_parse (bad[i], &types, &error));
      g_assert_error (error, MUYING_RULES_ERROR, MUYING_RULES_ERROR_INPUT);
      g_assert_cmpuint (types, ==, 0xabc);
    }
}

static void
test_records (void)
{
  g_autoptr(MuyingPrenatalRecord) p = muying_prenatal_record_new ();
  g_autoptr(MuyingNewbornRecord) n = muying_newborn_record_new ();
  g_autoptr(MuyingTwoCancerRecord) t = muying_two_cancer_record_new ();
  g_autoptr(MuyingVariant) v = muying_variant_new ("GJB2", "c.235delC", MUYING_ZYGOSITY_HET);

  g_assert_true (isnan (p->weight_kg));
  g_assert_true (isnan (p->afp_mom));
  g_assert_true (isnan (p->nt_mm));
  g_assert_cmpint (p->t21_risk, ==, 0);
  g_assert_cmpint (p->t18_risk, ==, 0);
  g_assert_false (g_date_valid (&p->sample_date));
  g_assert_false (g_date_valid (&p->edd));
  g_assert_false (g_date_valid (&p->birth_date));
  g_assert_cmpint (p->nipt_t21, ==, MUYING_NIPT_CALL_NOT_RECORDED);
  g_assert_cmpint (p->nipt_status, ==, MUYING_NIPT_STATUS_OK);

  g_assert_nonnull (n->variants);
  g_assert_cmpuint (n->variants->len, ==, 0);
  g_ptr_array_add (n->variants, muying_variant_new ("MT-RNR1", "m.1555A>G", MUYING_ZYGOSITY_HOMOPLASMIC));
  g_assert_false (g_date_valid (&n->birth_date));
  g_assert_false (g_date_valid (&n->hearing_date));
  g_assert_false (g_date_valid (&n->rescreen_date));
  g_assert_cmpint (n->rescreen_left, ==, MUYING_HEARING_NOT_RECORDED);

  g_assert_false (g_date_valid (&t->exam_date));
  g_assert_cmpint (t->hpv, ==, MUYING_HPV_NOT_RECORDED);
  g_assert_cmpint (t->us_birads, ==, MUYING_BIRADS_NOT_RECORDED);
  g_assert_cmpstr (v->variant, ==, "c.235delC");

  /* a record with nothing valid still classifies (no date, no reasons) */
  {
    g_autoptr(MuyingClassification) c = muying_rule_set_classify_two_cancer (rules, t);

    assert_classification (c, "", "low");
    g_assert_false (g_date_valid (&c->due_date));
  }
}

/* ---- main -------------------------------------------------------------------------------- */

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Labels are checked in Chinese, the program's default language. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  rules = muying_rule_set_new_from_dir (data_dir (), &error);
  g_assert_no_error (error);

  g_test_add_func ("/rules/load/default", test_load_default);
  g_test_add_func ("/rules/load/levels", test_levels_match_rules_md);
  g_test_add_func ("/rules/load/windows", test_windows);
  g_test_add_func ("/rules/load/labels-language", test_labels_language);
  g_test_add_func ("/rules/load/new-default", test_new_default);
  g_test_add_func ("/rules/load/thresholds-are-data", test_thresholds_are_data);
  g_test_add_func ("/rules/load/no-panels", test_no_panels);
  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rules/load/broken/%s", broken_cases[i].name);
      g_test_add_data_func (path, &broken_cases[i], test_broken_case);
    }

  for (guint i = 0; i < G_N_ELEMENTS (prenatal_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rules/prenatal/%s", prenatal_cases[i].name);
      g_test_add_data_func (path, &prenatal_cases[i], test_prenatal_case);
    }
  g_test_add_func ("/rules/prenatal/edd-not-set", test_prenatal_edd_not_set);
  g_test_add_func ("/rules/prenatal/deadlines", test_prenatal_deadlines);

  for (guint i = 0; i < G_N_ELEMENTS (newborn_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rules/newborn/%s", newborn_cases[i].name);
      g_test_add_data_func (path, &newborn_cases[i], test_newborn_case);
    }
  g_test_add_func ("/rules/newborn/deadlines", test_newborn_deadlines);
  g_test_add_func ("/rules/newborn/no-panel", test_newborn_no_panel);

  for (guint i = 0; i < G_N_ELEMENTS (two_cancer_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rules/two-cancer/%s", two_cancer_cases[i].name);
      g_test_add_data_func (path, &two_cancer_cases[i], test_two_cancer_case);
    }
  g_test_add_func ("/rules/two-cancer/age-warning", test_two_cancer_age_warning);
  g_test_add_func ("/rules/two-cancer/deadlines", test_two_cancer_deadlines);

  g_test_add_func ("/rules/aliases/values", test_aliases);
  g_test_add_func ("/rules/aliases/cover-keys", test_aliases_cover_keys);
  g_test_add_func ("/rules/panels/resolve", test_panels);
  g_test_add_func ("/rules/panels/error-message", test_panel_error_message);
  g_test_add_func ("/rules/panels/spellings", test_panel_spellings);
  g_test_add_func ("/rules/panels/spelling-other-gene", test_panel_spelling_other_gene);
  g_test_add_func ("/rules/panels/spelling-list", test_panel_spelling_list);
  g_test_add_func ("/rules/panels/zygosity", test_zygosity);
  g_test_add_func ("/rules/keys/round-trip", test_keys);
  g_test_add_func ("/rules/keys/hpv-types", test_hpv_types);
  g_test_add_func ("/rules/keys/records", test_records);

  status = g_test_run ();
  g_clear_object (&rules);
  return status;
}
