/* muying-demo.c: synthetic screening records (`muying-cli demo`)
 *
 * The records are generated day by day through the period, so record ids follow the dates as
 * they do in a real registry. Some women come back: a borderline serum screen is followed by
 * an NIPT a few weeks later, about half of the screened pregnancies end in a newborn record of
 * the same mother, some women have a second pregnancy, and two-cancer screening repeats every
 * three to five years. Those returns are kept in three queues ordered by date.
 *
 * Rates (docs/background.md): T21 high ≈ 4 % and borderline ≈ 8 % of serum screens (A5), T18 high
 * ≈ 0.4 %, AFP ≥ 2.5 MoM ≈ 0.6 %, NT ≥ 3.0 mm ≈ 1.5 %, NIPT high ≈ 0.4 %, redraw 1.5 % (A7);
 * about 16 % of mothers are 35 or older at the EDD. Deafness-gene carriers ≈ 3.5 % of newborns,
 * GJB2 c.235delC the commonest, MT-RNR1 ≈ 0.25 % (B3); hearing initial refer ≈ 4 % (B6).
 * HPV positive ≈ 12 % of tested women, cytology ≥ ASC-US ≈ 3 % (C2), BI-RADS 4–5 < 1 % (C3).
 *
 * Each case is followed to its end with follow-on records (muying-follow-on.h), written as rows of
 * their own and the follow-up they lead to as the store would make it (a normal diagnosis, an
 * outcome, an intervention close it): prenatal diagnosis for about 80 % of the pregnancies at
 * high risk and a few others (the mother's age), abnormal at the flag's PPV (high serum risk
 * ≈ 5 %, NIPT high for T21 ≈ 70 %) with the flag's condition, followed by a termination in about
 * 90 %; the outcome of about 95 % of the pregnancies that have ended (miscarriage ≈ 1.3 %,
 * stillbirth ≈ 0.3 %, birth defects ≈ 1.5 % of births, a trisomy the screen missed ≈ 1 in 2,000);
 * audiology for most newborns who fail the rescreen or carry a biallelic genotype (a permanent
 * loss in ≈ 2 ‰, diagnosed by 3 months and fitted by 6 for most). The two-cancer treatment and
 * stage stay in the screening record's own columns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "muying-date.h"
#include "muying-demo-names.h"
#include "muying-error.h"
#include "muying-follow-on.h"
#include "muying-followup.h"
#include "muying-id-number.h"
#include "muying-demo.h"
#include "muying-store-bulk.h"
#include "muying-store-users.h"
#include "muying-user.h"

#define SHARE_PRENATAL  0.40
#define SHARE_NEWBORN   0.30
#define PROGRESS_EVERY  5000
#define MAX_TRANSITIONS 12
#define MAX_VARIANTS    6
#define DAYS_PER_YEAR   365.2425
/* A stalled follow-up older than this has usually been closed by the clinic; this share of
 * them is still open (overdue) today. */
#define STALE_AFTER_DAYS 120
#define STALE_STILL_OPEN 0.08

/* ---- small types ------------------------------------------------------------------------- */

typedef struct
{
  guint32 *cum;
  guint    n;
  guint32  total;
} Table;

typedef struct
{
  gint64  person_id;
  guint32 birth_jd;
  char    id_number[19];
  char    name[40];
  char    phone[12];     /* "" = not recorded */
} Woman;

typedef enum
{
  EVENT_NIPT,            /* NIPT after a borderline serum screen (same pregnancy) */
  EVENT_PREGNANCY,       /* a later pregnancy */
  EVENT_BIRTH,           /* the newborn of a screened pregnancy */
  EVENT_REEXAM,          /* the next two-cancer screening */
} EventKind;

typedef struct
{
  guint32 jd;
  guint32 seq;
  guint32 edd_jd;
  guint32 kind;
  Woman   woman;
} Event;

typedef struct
{
  const char *gene;
  const char *variant;
  double      het_rate;   /* carriers per newborn */
  gboolean    on_panel[3];
} Locus;

/* Later results that a follow-up transition brings into the record when it is reached, and the
 * follow-on records (diagnosis, outcome, audiology) it brings as rows of their own. */
typedef enum
{
  APPLY_NONE,
  APPLY_DIAGNOSIS,        /* a prenatal diagnosis row; v1: its index in the record's Diagnoses */
  APPLY_OUTCOME,          /* the pregnancy outcome row */
  APPLY_RESCREEN,         /* v1 left, v2 right (MuyingHearing) */
  APPLY_AUDIOLOGY,        /* the audiology diagnosis row */
  APPLY_INTERVENTION,     /* the intervention, in the audiology row */
  APPLY_COLPOSCOPY,       /* v1: MuyingExamResult */
  APPLY_HISTOLOGY,        /* v1: MuyingCervicalHistology */
  APPLY_MAMMOGRAPHY,      /* v1: MuyingBirads */
  APPLY_BREAST_PATHOLOGY, /* v1: MuyingBreastPathology */
  APPLY_STAGE,            /* v1: MuyingCancerStage */
  APPLY_TREATMENT,        /* v1: index of treatments */
} ApplyKind;

typedef struct
{
  guint8 kind;
  gint8  v1;
  gint8  v2;
} Apply;

typedef struct
{
  MuyingFollowupState state;
  guint32             jd;
  const char         *step;      /* next_step: the step arranged */
  const char         *note;
  const char         *outcome;   /* done */
  int                 attempts;  /* lost: contact attempts */
  Apply               apply[2];
  const char         *result;    /* the later result's kind, as the step row names it */
} Transition;

typedef struct
{
  Transition t[MAX_TRANSITIONS];
  guint      n;
  const char *first_step;        /* the step the rules suggest (for the due date when notified) */
} Plan;

/* ---- the distributions ------------------------------------------------------------------- */

/* Age of the mother at the EDD, 18–46: mean about 29.5, 15.7 % aged 35 or more. */
static const guint prenatal_age_weights[] = {
  20, 40, 80, 130, 200, 300, 420, 550, 680, 780, 840, 860, 820, 740, 640, 540, 450,
  370, 300, 240, 190, 140, 100, 70, 45, 30, 18, 10, 5,
};
#define PRENATAL_AGE_MIN 18

/* Age on the exam date, 30–69: the programme's 35–64 and a few outside (warnings). */
static const guint two_cancer_age_weights[] = {
  15, 15, 15, 15, 15,
  280, 280, 280, 280, 280, 360, 360, 360, 360, 360, 400, 400, 400, 400, 400,
  380, 380, 380, 380, 380, 300, 300, 300, 300, 300, 200, 200, 200, 200, 200,
  15, 15, 15, 15, 15,
};
#define TWO_CANCER_AGE_MIN 30

/* HPV types among positive women in China, in the order of muying_hpv_high_risk_types:
 * 16 18 31 33 35 39 45 51 52 56 58 59 66 68 (52, 16 and 58 commonest). */
static const guint hpv_type_weights[MUYING_N_HPV_HIGH_RISK_TYPES] = {
  16, 6, 5, 4, 2, 6, 2, 7, 20, 6, 14, 3, 4, 5,
};

static const MuyingTreatment treatments[] = {
  MUYING_TREATMENT_LEEP, MUYING_TREATMENT_COLD_KNIFE_CONE, MUYING_TREATMENT_ABLATION, MUYING_TREATMENT_HYSTERECTOMY,
  MUYING_TREATMENT_SURGERY, MUYING_TREATMENT_CHEMO_RADIO,
};
enum { TREAT_LEEP, TREAT_CONIZATION, TREAT_ABLATION, TREAT_HYSTERECTOMY, TREAT_BREAST_SURGERY, TREAT_CHEMO };

/* Notes as a screening nurse types them (data, in Chinese like the names). */
static const char * const notify_notes[] = { "电话通知本人", "短信通知并电话确认", "来院当面告知", "电话通知家属" };
#define NOTE_DECLINED "本人拒绝进一步检查，已签署知情拒绝书"
#define NOTE_LOST     "多次电话无人接听，地址已变更，失访"

static Locus loci[] = {
  { "GJB2", "c.235delC", 0.0140 },
  { "GJB2", "c.299_300delAT", 0.0030 },
  { "GJB2", "c.176_191del16", 0.0008 },
  { "GJB2", "c.35delG", 0.0004 },
  { "GJB3", "c.538C>T", 0.0020 },
  { "SLC26A4", "c.919-2A>G", 0.0100 },
  { "SLC26A4", "c.2168A>G", 0.0022 },
  { "SLC26A4", "c.1229C>T", 0.0010 },
  { "SLC26A4", "c.1174A>T", 0.0005 },
  { "SLC26A4", "c.1226G>A", 0.0003 },
  { "SLC26A4", "c.1707+5G>A", 0.0003 },
  { "SLC26A4", "c.1975G>C", 0.0002 },
  { "SLC26A4", "c.2027T>A", 0.0002 },
  { "MT-RNR1", "m.1555A>G", 0.0020 },
  { "MT-RNR1", "m.1494C>T", 0.0005 },
};
#define LOCUS_235DELC  0
#define LOCUS_299DELAT 1
#define LOCUS_IVS7     5
#define LOCUS_2168     6

/* Panel ids by share: the 9-locus microarray is the commonest (docs/background.md). */
static const struct
{
  const char *id;
  guint       weight;
} panel_shares[3] = { { "9", 55 }, { "15", 25 }, { "4", 20 } };

/* ---- the generator ----------------------------------------------------------------------- */

typedef struct
{
  gint64  id;
  char   *login;
} Reviewer;

typedef struct
{
  MuyingStore             *store;
  MuyingStoreBulk         *bulk;
  MuyingRuleSet           *rules;
  GRand                   *rand;
  GRand                   *background;   /* the background columns (area, funding, …): a stream of their
                                            own, so the records' results stay those of the seed */
  const char              *user;
  guint32                  today_jd;
  guint32                  from_jd;
  guint32                  to_jd;
  MuyingFollowupDeadlines  deadlines;

  Table                    surnames;
  const MuyingDemoWeighted *surname_list;
  Table                    areas;
  const MuyingDemoArea    *area_list;
  const char * const      *given[MUYING_DEMO_N_GIVEN_LISTS];
  guint                    n_given[MUYING_DEMO_N_GIVEN_LISTS];
  const char * const      *institutions[MUYING_DEMO_N_INSTITUTION_LISTS];
  guint                    n_institutions[MUYING_DEMO_N_INSTITUTION_LISTS];
  const char * const      *phone_prefixes;
  guint                    n_phone_prefixes;
  Table                    prenatal_ages;
  Table                    two_cancer_ages;
  Table                    hpv_types;
  Table                    panels;
  gboolean                 panel_present[3];
  int                      window_first[MUYING_N_PRENATAL_TESTS];
  int                      window_last[MUYING_N_PRENATAL_TESTS];

  GArray                  *prenatal_events;
  GArray                  *birth_events;
  GArray                  *reexam_events;
  guint32                  event_seq;

  GArray                  *reviewers;   /* Reviewer */
  char                     key_suffix[16];
  guint32                  key_day;
  guint                    key_counter[MUYING_N_PROGRAMS];

  guint32                  diagnosis_serial;
  GStringChunk            *notes;       /* the follow-up notes of the record being made */

  GPtrArray               *variants;    /* borrowed MuyingVariant, for classify */
  MuyingVariant            variant_slots[MAX_VARIANTS];

  MuyingDemoSummary       *summary;
  guint64                  done;
} Demo;

static void
table_init (Table       *table,
            const guint *weights,
            guint        n)
{
  table->cum = g_new (guint32, n);
  table->n = n;
  table->total = 0;
  for (guint i = 0; i < n; i++)
    {
      table->total += weights[i];
      table->cum[i] = table->total;
    }
}

static void
table_clear (Table *table)
{
  g_clear_pointer (&table->cum, g_free);
}

static guint
table_pick (Demo  *d,
            Table *table)
{
  guint32 r = g_rand_int_range (d->rand, 0, (gint32) table->total);
  guint lo = 0, hi = table->n - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (table->cum[mid] > r)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

static gboolean
chance (Demo   *d,
        double  p)
{
  return g_rand_double (d->rand) < p;
}

/* Inclusive. */
static int
range (Demo *d,
       int   lo,
       int   hi)
{
  return g_rand_int_range (d->rand, lo, hi + 1);
}

static double
normal (Demo   *d,
        double  mean,
        double  sd)
{
  double u1 = 1.0 - g_rand_double (d->rand);   /* (0, 1] */
  double u2 = g_rand_double (d->rand);

  return mean + sd * sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

/* Functions, not the MIN/MAX/CLAMP macros: those evaluate an argument twice, and every
 * evaluation of a random draw is a new draw. */
static guint32
later_of (guint32 a,
          guint32 b)
{
  return a > b ? a : b;
}

static guint32
earlier_of (guint32 a,
            guint32 b)
{
  return a < b ? a : b;
}

static double
clamp_to (double value,
          double lo,
          double hi)
{
  return value < lo ? lo : value > hi ? hi : value;
}

static const char *
pick_string (Demo               *d,
             const char * const *list,
             guint               n)
{
  return list[g_rand_int_range (d->rand, 0, (gint32) n)];
}

/* ---- dates ------------------------------------------------------------------------------- */

static void
jd_to_date (guint32  jd,
            GDate   *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, jd);
}

static void
format_jd (guint32  jd,
           char     buf[16])
{
  GDate date;

  jd_to_date (jd, &date);
  g_snprintf (buf, 16, "%04u-%02u-%02u", (guint) g_date_get_year (&date), (guint) g_date_get_month (&date),
              (guint) g_date_get_day (&date));
}

/* A time during office hours in Beijing (00:00–10:00 UTC) of day @jd. */
static void
format_time (Demo    *d,
             guint32  jd,
             char     buf[32])
{
  GDate date;
  int secs = range (d, 0, 10 * 3600 - 1);

  jd_to_date (jd, &date);
  g_snprintf (buf, 32, "%04u-%02u-%02uT%02d:%02d:%02dZ", (guint) g_date_get_year (&date),
              (guint) g_date_get_month (&date), (guint) g_date_get_day (&date), secs / 3600, (secs / 60) % 60,
              secs % 60);
}

/* A birth date that makes someone @age (about) on @on_jd. */
static guint32
birth_for_age (Demo    *d,
               int      age,
               guint32  on_jd)
{
  return on_jd - (guint32) floor (age * DAYS_PER_YEAR) - (guint32) range (d, 0, 364);
}

/* ---- events ------------------------------------------------------------------------------ */

static gboolean
event_before (const Event *a,
              const Event *b)
{
  return a->jd < b->jd || (a->jd == b->jd && a->seq < b->seq);
}

static void
heap_push (Demo      *d,
           GArray    *heap,
           EventKind  kind,
           guint32    jd,
           guint32    edd_jd,
           const Woman *woman)
{
  Event ev = { jd, d->event_seq++, edd_jd, kind, *woman };
  guint i;

  if (jd > d->to_jd)
    return;
  g_array_append_val (heap, ev);
  i = heap->len - 1;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      Event *e = &g_array_index (heap, Event, i);
      Event *p = &g_array_index (heap, Event, parent);
      Event tmp;

      if (!event_before (e, p))
        break;
      tmp = *e;
      *e = *p;
      *p = tmp;
      i = parent;
    }
}

static void
heap_remove_top (GArray *heap)
{
  guint i = 0, n;

  g_array_index (heap, Event, 0) = g_array_index (heap, Event, heap->len - 1);
  g_array_set_size (heap, heap->len - 1);
  n = heap->len;
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      Event tmp;

      if (l < n && event_before (&g_array_index (heap, Event, l), &g_array_index (heap, Event, m)))
        m = l;
      if (r < n && event_before (&g_array_index (heap, Event, r), &g_array_index (heap, Event, m)))
        m = r;
      if (m == i)
        break;
      tmp = g_array_index (heap, Event, i);
      g_array_index (heap, Event, i) = g_array_index (heap, Event, m);
      g_array_index (heap, Event, m) = tmp;
      i = m;
    }
}

/* The earliest event due on @jd; events more than @max_late days late are dropped. */
static gboolean
heap_pop_due (GArray  *heap,
              guint32  jd,
              guint32  max_late,
              Event   *out)
{
  while (heap->len > 0)
    {
      const Event *top = &g_array_index (heap, Event, 0);

      if (top->jd > jd)
        return FALSE;
      if (jd - top->jd > max_late)
        {
          heap_remove_top (heap);
          continue;
        }
      *out = *top;
      heap_remove_top (heap);
      return TRUE;
    }
  return FALSE;
}

/* ---- persons ----------------------------------------------------------------------------- */

static void
make_name (Demo                *d,
           MuyingDemoGivenList  list,
           const char          *surname,
           char                *buf,
           gsize                size)
{
  if (surname == NULL)
    surname = d->surname_list[table_pick (d, &d->surnames)].text;
  g_snprintf (buf, size, "%s%s", surname, pick_string (d, d->given[list], d->n_given[list]));
}

static void
make_phone (Demo *d,
            char  buf[12])
{
  g_snprintf (buf, 12, "%s%08d", pick_string (d, d->phone_prefixes, d->n_phone_prefixes),
              range (d, 0, 99999999));
}

/* 18 characters: area code, birth date, an even (female) sequence code, MOD 11-2 check. */
static void
make_id_number (Demo    *d,
                guint32  birth_jd,
                char     out[19])
{
  const MuyingDemoArea *area = &d->area_list[table_pick (d, &d->areas)];
  GDate birth;

  jd_to_date (birth_jd, &birth);
  g_snprintf (out, 19, "%s%04u%02u%02u%03d", area->code, (guint) g_date_get_year (&birth),
              (guint) g_date_get_month (&birth), (guint) g_date_get_day (&birth), 2 * range (d, 1, 499));
  out[17] = muying_id_number_check_char (out);
  out[18] = '\0';
}

/* Inserts @w (a new woman) and sets her person_id. An ID number that exists already (another
 * person born the same day in the same county with the same sequence code) is drawn again. */
static gboolean
insert_woman (Demo          *d,
              Woman         *w,
              guint32        created_jd,
              GError       **error)
{
  GDate birth;
  char created[32];

  jd_to_date (w->birth_jd, &birth);
  format_time (d, created_jd, created);
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (muying_store_bulk_add_person (d->bulk, w->id_number, w->name, MUYING_SEX_FEMALE, &birth, w->phone, 0,
                                        created, &w->person_id, &local_error))
        break;
      if (!g_error_matches (local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT) || attempt > 100)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      make_id_number (d, w->birth_jd, w->id_number);
    }
  d->summary->persons++;
  return TRUE;
}

static gboolean
new_woman (Demo                *d,
           MuyingDemoGivenList  given,
           guint32              birth_jd,
           gboolean             with_phone,
           guint32              created_jd,
           Woman               *w,
           GError             **error)
{
  memset (w, 0, sizeof *w);
  w->birth_jd = birth_jd;
  make_id_number (d, birth_jd, w->id_number);
  make_name (d, given, NULL, w->name, sizeof w->name);
  if (with_phone)
    make_phone (d, w->phone);
  return insert_woman (d, w, created_jd, error);
}

/* ---- records ----------------------------------------------------------------------------- */

static const char * const key_prefixes[MUYING_N_PROGRAMS] = { "CQ", "XS", "LA" };

static void
make_key (Demo          *d,
          MuyingProgram  program,
          guint32        jd,
          char           buf[40])
{
  GDate date;

  if (d->key_day != jd)
    {
      d->key_day = jd;
      memset (d->key_counter, 0, sizeof d->key_counter);
    }
  jd_to_date (jd, &date);
  g_snprintf (buf, 40, "%s%04u%02u%02u%05u%s", key_prefixes[program], (guint) g_date_get_year (&date),
              (guint) g_date_get_month (&date), (guint) g_date_get_day (&date), ++d->key_counter[program],
              d->key_suffix);
}

typedef struct
{
  MuyingLevel  level;          /* after review */
  const char  *review_state;
  gint64       signed_by;      /* 0 = not signed */
  guint32      review_jd;
  guint32      sign_jd;
  const char  *action;         /* accept, raise, lower */
  const char  *reviewer;
  const char  *signer;
} Review;

/* Doctors review most flagged records within a week; most reviewed records get signed. */
static void
plan_review (Demo                       *d,
             const MuyingClassification *c,
             guint32                     record_jd,
             Review                     *rv)
{
  const Reviewer *who;

  memset (rv, 0, sizeof *rv);
  rv->level = c->level;
  rv->review_state = c->level > MUYING_LEVEL_LOW ? "pending" : "none";
  if (c->level == MUYING_LEVEL_LOW || d->reviewers->len == 0 || !chance (d, 0.78))
    return;
  rv->review_jd = record_jd + (guint32) range (d, 1, 7);
  if (rv->review_jd > d->today_jd)
    return;
  who = &g_array_index (d->reviewers, Reviewer, g_rand_int_range (d->rand, 0, (gint32) d->reviewers->len));
  rv->reviewer = who->login;
  rv->review_state = "reviewed";
  rv->action = "accept";
  if (c->level == MUYING_LEVEL_HIGH && chance (d, 0.03))
    {
      rv->action = "lower";
      rv->level = MUYING_LEVEL_INTERMEDIATE;
    }
  else if (c->level == MUYING_LEVEL_INTERMEDIATE && chance (d, 0.02))
    {
      rv->action = "raise";
      rv->level = MUYING_LEVEL_HIGH;
    }
  if (chance (d, 0.65))
    {
      rv->sign_jd = rv->review_jd + (guint32) range (d, 0, 3);
      if (rv->sign_jd <= d->today_jd)
        {
          rv->review_state = "signed";
          rv->signed_by = who->id;
          rv->signer = who->login;
        }
    }
}

static gboolean
insert_reviews (Demo          *d,
                gint64         record_id,
                MuyingLevel    computed,
                const Review  *rv,
                GError       **error)
{
  char at[32];

  if (rv->reviewer == NULL)
    return TRUE;
  format_time (d, rv->review_jd, at);
  if (!muying_store_bulk_add_review (d->bulk, record_id, rv->reviewer, rv->action, computed, rv->level,
                                     g_strcmp0 (rv->action, "accept") == 0 ? NULL
                                     : rv->level > computed ? "结合病史及超声所见，提高风险等级"
                                                            : "复核原始报告后调整风险等级",
                                     at, error))
    return FALSE;
  d->summary->reviewed++;
  if (rv->signer == NULL)
    return TRUE;
  format_time (d, rv->sign_jd, at);
  if (!muying_store_bulk_add_review (d->bulk, record_id, rv->signer, "sign", rv->level, rv->level, NULL, at, error))
    return FALSE;
  d->summary->signed_records++;
  return TRUE;
}

/* What a record row holds besides its programme's fields: the doctor's review and signature
 * drawn for it, and its times (the buffers live with the row). */
typedef struct
{
  MuyingBulkRecord row;
  Review           review;
  char             created[32];
  char             signed_at[32];
} RecordRow;

/* Draws the review of a record classified as @c and fills @rr (before the programme's row is
 * written). */
static void
prepare_record (Demo                       *d,
                const MuyingClassification *c,
                gint64                      person_id,
                guint32                     record_jd,
                const char                 *institution,
                RecordRow                  *rr)
{
  Review *rv = &rr->review;

  plan_review (d, c, record_jd, rv);
  format_time (d, record_jd, rr->created);
  rr->row.person_id = person_id;
  rr->row.institution = institution;
  rr->row.level = rv->level;
  rr->row.review_state = rv->review_state;
  rr->row.created_at = rr->created;
  if (rv->signed_by > 0)
    {
      format_time (d, rv->sign_jd, rr->signed_at);
      rr->row.signed_by = rv->signed_by;
      rr->row.signed_at = rr->signed_at;
    }
}

/* After the record was written: counts it and writes its reviews. */
static gboolean
finish_record (Demo                       *d,
               MuyingProgram               program,
               gint64                      record_id,
               const MuyingClassification *c,
               const RecordRow            *rr,
               GError                    **error)
{
  d->summary->records[program]++;
  if (c->level > MUYING_LEVEL_LOW)
    d->summary->flagged++;
  return insert_reviews (d, record_id, c->level, &rr->review, error);
}

/* ---- follow-ups -------------------------------------------------------------------------- */

static Transition *
plan_add (Plan                *plan,
          MuyingFollowupState  state,
          guint32              jd,
          const char          *step,
          const char          *note)
{
  Transition *t;

  g_assert (plan->n < MAX_TRANSITIONS);
  t = &plan->t[plan->n++];
  memset (t, 0, sizeof *t);
  /* Never before the previous step. */
  if (plan->n > 1 && jd < plan->t[plan->n - 2].jd)
    jd = plan->t[plan->n - 2].jd;
  t->state = state;
  t->jd = jd;
  t->step = step;
  t->note = note;
  return t;
}

static guint32
plan_last_jd (const Plan *plan,
              guint32     record_jd)
{
  return plan->n > 0 ? plan->t[plan->n - 1].jd : record_jd;
}

static const char *
result_kind_key (ApplyKind kind)
{
  static const MuyingResultKind kinds[] = {
    [APPLY_RESCREEN] = MUYING_RESULT_HEARING_RESCREEN,
    [APPLY_COLPOSCOPY] = MUYING_RESULT_COLPOSCOPY,
    [APPLY_HISTOLOGY] = MUYING_RESULT_CERVICAL_HISTOLOGY,
    [APPLY_MAMMOGRAPHY] = MUYING_RESULT_MAMMOGRAPHY,
    [APPLY_BREAST_PATHOLOGY] = MUYING_RESULT_BREAST_PATHOLOGY,
    [APPLY_STAGE] = MUYING_RESULT_CERVICAL_STAGE,           /* the breast's in plan_two_cancer's breast arm */
    [APPLY_TREATMENT] = MUYING_RESULT_CERVICAL_TREATMENT,
  };

  if (kind == APPLY_NONE || kind >= G_N_ELEMENTS (kinds))
    return NULL;
  return muying_result_kind_to_string (kinds[kind]);
}

static void
set_apply (Transition *t,
           guint       slot,
           ApplyKind   kind,
           int         v1,
           int         v2)
{
  if (slot == 0 && t->state == MUYING_FOLLOWUP_RESULT)
    t->result = kind == APPLY_TREATMENT && v1 == TREAT_BREAST_SURGERY
                ? muying_result_kind_to_string (MUYING_RESULT_BREAST_TREATMENT) : result_kind_key (kind);
  t->apply[slot].kind = (guint8) kind;
  t->apply[slot].v1 = (gint8) v1;
  t->apply[slot].v2 = (gint8) v2;
}

/* open → notified (a few days after the result). */
static void
plan_notify (Demo    *d,
             Plan    *plan,
             guint32  record_jd)
{
  plan_add (plan, MUYING_FOLLOWUP_NOTIFIED, record_jd + (guint32) range (d, 1, 6), NULL,
            pick_string (d, notify_notes, G_N_ELEMENTS (notify_notes)));
}

/* The first step the rules suggest for the record's reasons. */
static const char *
suggest_step (MuyingProgram               program,
              const MuyingClassification *c,
              const char                 *fallback)
{
  const char *codes[32];
  const char *step;
  guint n = 0;

  for (guint i = 0; i < c->reasons->len && n < G_N_ELEMENTS (codes) - 1; i++)
    codes[n++] = ((const MuyingReason *) g_ptr_array_index (c->reasons, i))->code;
  codes[n] = NULL;
  step = muying_followup_suggest_step (program, codes);
  return step != NULL ? step : fallback;
}

/* Most follow-ups end done; some are declined, lost, or stall (and become overdue). Cuts the
 * plan accordingly, then at today. Returns the number of transitions reached. */
static guint
plan_finish (Demo    *d,
             Plan    *plan,
             guint32  record_jd)
{
  double r = g_rand_double (d->rand);
  guint reached = 0;

  if (r < 0.045 && plan->n > 0)
    {
      /* lost: after the first contact attempts failed or later */
      guint keep = (guint) range (d, 0, (int) MIN (plan->n - 1, 2u));
      Transition *t;

      plan->n = keep;
      t = plan_add (plan, MUYING_FOLLOWUP_LOST, plan_last_jd (plan, record_jd) + (guint32) range (d, 20, 60),
                    NULL, NOTE_LOST);
      t->attempts = range (d, 3, 5);
    }
  else if (r < 0.095 && plan->n > 1)
    {
      guint keep = (guint) range (d, 1, (int) MIN (plan->n - 1, 2u));

      plan->n = keep;
      plan_add (plan, MUYING_FOLLOWUP_DECLINED, plan_last_jd (plan, record_jd) + (guint32) range (d, 1, 10),
                NULL, NOTE_DECLINED);
    }
  else if (r < 0.14)
    {
      /* stalls: nobody moves it on; it becomes overdue. Clinics clear their old cases, though:
       * a stalled follow-up more than a few months old has mostly been closed since, as lost
       * after the contact attempts (or declined), and only a small share is still open. */
      guint keep = (guint) range (d, 0, 2);

      plan->n = MIN (plan->n, keep);
      if (record_jd + STALE_AFTER_DAYS < d->today_jd && !chance (d, STALE_STILL_OPEN))
        {
          guint32 jd = plan_last_jd (plan, record_jd) + (guint32) range (d, 30, 120);

          if (chance (d, 0.8))
            plan_add (plan, MUYING_FOLLOWUP_LOST, jd, NULL, NOTE_LOST)->attempts = range (d, 3, 5);
          else if (plan->n > 0)
            plan_add (plan, MUYING_FOLLOWUP_DECLINED, jd, NULL, NOTE_DECLINED);
          else
            plan_add (plan, MUYING_FOLLOWUP_LOST, jd, NULL, NOTE_LOST)->attempts = range (d, 3, 5);
        }
    }

  while (reached < plan->n && plan->t[reached].jd <= d->today_jd)
    reached++;
  return reached;
}

static gboolean
insert_followup (Demo                       *d,
                 MuyingProgram               program,
                 gint64                      record_id,
                 guint32                     record_jd,
                 const GDate                *edd,
                 const MuyingClassification *c0,
                 const Review               *rv,
                 const Plan                 *plan,
                 guint                       reached,
                 GError                    **error)
{
  MuyingBulkFollowup f;
  MuyingFollowupContext ctx;
  MuyingFollowupState state = MUYING_FOLLOWUP_OPEN;
  const char *next_step = NULL, *outcome = NULL;
  int attempts = 0;
  GDate due;
  gint64 followup_id;
  char opened[32], closed[32];
  gboolean is_closed = FALSE;

  ctx.program = program;
  jd_to_date (record_jd, &ctx.record_date);
  if (edd != NULL)
    ctx.edd = *edd;
  else
    g_date_clear (&ctx.edd, 1);

  due = c0->due_date;
  for (guint i = 0; i < reached; i++)
    {
      const Transition *t = &plan->t[i];
      GDate date, new_due;

      jd_to_date (t->jd, &date);
      muying_followup_compute_due (&d->deadlines, &ctx, t->state,
                                   t->state == MUYING_FOLLOWUP_NOTIFIED ? plan->first_step : t->step,
                                   &date, &due, &new_due);
      due = new_due;
      state = t->state;
      /* As muying_store_followup_transition writes them. */
      if (t->state == MUYING_FOLLOWUP_NOTIFIED)
        {
          next_step = plan->first_step;
          attempts++;
        }
      else if (t->step != NULL)
        next_step = t->step;
      if (t->outcome != NULL)
        outcome = t->outcome;
      else if (t->state == MUYING_FOLLOWUP_DECLINED || t->state == MUYING_FOLLOWUP_LOST)
        outcome = t->note;
      attempts = MAX (attempts, t->attempts);
    }
  is_closed = muying_followup_state_is_closed (state);

  format_time (d, record_jd, opened);
  f = (MuyingBulkFollowup) {
    .state = state,
    .due = &due,
    .next_step = next_step,
    .attempts = attempts,
    .outcome = outcome,
    .opened_at = opened,
    .program = program,
    .level = rv->level,
    .review_state = rv->review_state,
  };
  if (is_closed)
    {
      format_jd (plan->t[reached - 1].jd, closed);
      f.closed_at = closed;
    }
  if (!muying_store_bulk_add_followup (d->bulk, record_id, &f, &followup_id, error))
    return FALSE;
  d->summary->followups++;

  for (guint i = 0; i < reached; i++)
    {
      const Transition *t = &plan->t[i];
      const char *who = d->reviewers->len > 0
                        ? g_array_index (d->reviewers, Reviewer, (record_id + i) % d->reviewers->len).login
                        : d->user;
      GDate date;
      char created[32];

      jd_to_date (t->jd, &date);
      format_time (d, t->jd, created);
      if (!muying_store_bulk_add_followup_step (d->bulk, followup_id, t->state,
                                                t->state == MUYING_FOLLOWUP_NEXT_STEP ? t->step : t->result,
                                                &date, who, t->outcome != NULL ? t->outcome : t->note, created,
                                                error))
        return FALSE;
    }
  return TRUE;
}

/* ---- prenatal ---------------------------------------------------------------------------- */

static gboolean
is_serum (MuyingPrenatalTest test)
{
  return test != MUYING_PRENATAL_TEST_NIPT;
}

static MuyingPrenatalTest
pick_prenatal_test (Demo    *d,
                    guint32  jd)
{
  GDate date;
  double nipt, r;

  /* NIPT has grown from about 15 % (2016) to 45 % of screens. */
  jd_to_date (jd, &date);
  nipt = CLAMP (0.15 + 0.03 * ((int) g_date_get_year (&date) - 2016), 0.15, 0.45);
  r = g_rand_double (d->rand);
  if (r < nipt)
    return MUYING_PRENATAL_TEST_NIPT;
  r = (r - nipt) / (1.0 - nipt);
  if (r < 0.15)
    return MUYING_PRENATAL_TEST_EARLY_COMBINED;
  if (r < 0.55)
    return MUYING_PRENATAL_TEST_MID_DOUBLE;
  if (r < 0.85)
    return MUYING_PRENATAL_TEST_MID_TRIPLE;
  return MUYING_PRENATAL_TEST_MID_QUAD;
}

/* Gestational age at sampling: inside the test's window, about 1.5 % outside. */
static int
pick_ga (Demo               *d,
         MuyingPrenatalTest  test)
{
  int first = d->window_first[test], last = d->window_last[test];

  if (chance (d, 0.015))
    {
      int before = first - range (d, 1, 7), after = last + range (d, 1, 14);

      return chance (d, 0.5) ? MAX (42, before) : after;
    }
  /* Most samples early in the window. */
  return first + (int) ((last - first) * pow (g_rand_double (d->rand), 1.6));
}

/* N of 1/N, log-normal; older women have higher risks (docs/background.md). */
static int
pick_risk (Demo   *d,
           double  mu,
           double  sd,
           int     age)
{
  double l = normal (d, mu - 0.06 * MAX (0, age - 27), sd);

  return (int) CLAMP (round (pow (10.0, l)), 10.0, 100000.0);
}

/* ---- what follows a prenatal screen: diagnoses and the pregnancy's end -------------------- */

/* The prenatal diagnoses a record's follow-up brings (a failed procedure is done again). */
#define MAX_DIAGNOSES 2

typedef struct
{
  MuyingPrenatalDiagnosis d[MAX_DIAGNOSES];
  char                    no[MAX_DIAGNOSES][40];
  guint                   n;
} Diagnoses;

/* How the pregnancy ends, and whether a defect was found at the end. */
typedef struct
{
  MuyingPregnancyOutcomeKind kind;
  guint32                    end_jd;
  MuyingBirthDefect          defect;
  MuyingCondition            condition;
  int                        babies;
} PregnancyEnd;

/* The chromosomal condition an abnormal diagnosis finds, consistent with the flag. */
static MuyingCondition
pick_condition (Demo                       *d,
                const MuyingClassification *c)
{
  double r = g_rand_double (d->rand);

  if (muying_classification_has ((MuyingClassification *) c, "NIPT_HIGH_T21"))
    return MUYING_CONDITION_T21;
  if (muying_classification_has ((MuyingClassification *) c, "NIPT_HIGH_T18"))
    return MUYING_CONDITION_T18;
  if (muying_classification_has ((MuyingClassification *) c, "NIPT_HIGH_T13"))
    return MUYING_CONDITION_T13;
  if (muying_classification_has ((MuyingClassification *) c, "NIPT_SCA"))
    return MUYING_CONDITION_SCA;
  if (muying_classification_has ((MuyingClassification *) c, "T18_HIGH") &&
      !muying_classification_has ((MuyingClassification *) c, "T21_HIGH"))
    return r < 0.75 ? MUYING_CONDITION_T18 : r < 0.9 ? MUYING_CONDITION_T21 : MUYING_CONDITION_OTHER_CHROMOSOMAL;
  if (muying_classification_has ((MuyingClassification *) c, "NT_THICK"))
    return r < 0.5 ? MUYING_CONDITION_T21 : r < 0.65 ? MUYING_CONDITION_T18 : r < 0.72 ? MUYING_CONDITION_T13
           : r < 0.82 ? MUYING_CONDITION_SCA : MUYING_CONDITION_OTHER_CHROMOSOMAL;
  /* a serum T21 flag or the mother's age */
  return r < 0.7 ? MUYING_CONDITION_T21 : r < 0.8 ? MUYING_CONDITION_T18 : r < 0.9 ? MUYING_CONDITION_SCA
         : MUYING_CONDITION_OTHER_CHROMOSOMAL;
}

/* The probability that the diagnosis after this flag is abnormal (the flag's PPV, docs/background.md). */
static double
diagnosis_ppv (const MuyingClassification *c)
{
  MuyingClassification *cc = (MuyingClassification *) c;

  if (muying_classification_has (cc, "NIPT_HIGH_T21"))
    return 0.70;
  if (muying_classification_has (cc, "NIPT_HIGH_T18"))
    return 0.55;
  if (muying_classification_has (cc, "NIPT_HIGH_T13"))
    return 0.30;
  if (muying_classification_has (cc, "NIPT_SCA"))
    return 0.40;
  if (muying_classification_has (cc, "NT_THICK"))
    return 0.15;
  if (muying_classification_has (cc, "T21_HIGH") || muying_classification_has (cc, "T18_HIGH"))
    return 0.05;
  return 0.02;   /* the mother's age alone */
}

/* The karyotype as the report writes it. */
static const char *
karyotype (MuyingCondition condition,
           gboolean        boy)
{
  switch (condition)
    {
    case MUYING_CONDITION_T21:
      return boy ? "47,XY,+21" : "47,XX,+21";
    case MUYING_CONDITION_T18:
      return boy ? "47,XY,+18" : "47,XX,+18";
    case MUYING_CONDITION_T13:
      return boy ? "47,XY,+13" : "47,XX,+13";
    case MUYING_CONDITION_SCA:
      return boy ? "47,XXY" : "45,X";
    case MUYING_CONDITION_OTHER_CHROMOSOMAL:
      return boy ? "46,XY,del(22)(q11.2)" : "46,XX,del(22)(q11.2)";
    case MUYING_CONDITION_NOT_RECORDED:
    case MUYING_CONDITION_NTD:
    case MUYING_CONDITION_STRUCTURAL:
    case MUYING_CONDITION_OTHER:
    default:
      return boy ? "46,XY" : "46,XX";
    }
}

/* One procedure on @jd: amniocentesis mostly, CVS early, cordocentesis late; karyotype, CMA or
 * CNV-seq; about 1 % fail (culture failure, too little material). */
static MuyingPrenatalDiagnosis *
add_diagnosis (Demo                       *d,
               Diagnoses                  *dx,
               const MuyingPrenatalRecord *r,
               guint32                     jd,
               gboolean                    abnormal,
               MuyingCondition             condition,
               gboolean                    may_fail)
{
  MuyingPrenatalDiagnosis *x = &dx->d[dx->n];
  int ga_days = r->ga_days + (int) (jd - g_date_get_julian (&r->sample_date));
  gboolean boy = chance (d, 0.51);
  double m = g_rand_double (d->rand);
  GDate date;

  g_assert (dx->n < MAX_DIAGNOSES);
  memset (x, 0, sizeof *x);
  jd_to_date (jd, &date);
  g_snprintf (dx->no[dx->n], sizeof dx->no[dx->n], "ZD%04u%07u%s", (guint) g_date_get_year (&date),
              ++d->diagnosis_serial, d->key_suffix);
  x->diagnosis_no = dx->no[dx->n];
  x->id_number = (char *) r->id_number;
  x->edd = r->edd;
  x->procedure_date = date;
  if (ga_days < 14 * 7 && chance (d, 0.6))
    x->procedure = MUYING_PROCEDURE_CVS;
  else if (ga_days >= 24 * 7 || chance (d, 0.03))
    x->procedure = MUYING_PROCEDURE_CORDOCENTESIS;
  else
    x->procedure = MUYING_PROCEDURE_AMNIOCENTESIS;
  x->method = m < 0.45 ? MUYING_METHOD_KARYOTYPE : m < 0.75 ? MUYING_METHOD_CMA : MUYING_METHOD_CNV_SEQ;
  if (may_fail && chance (d, 0.01))
    {
      x->result = MUYING_DIAGNOSIS_FAILED;
      x->detail = x->method == MUYING_METHOD_KARYOTYPE ? "羊水细胞培养失败" : "样本DNA量不足，检测失败";
    }
  else if (abnormal)
    {
      x->result = MUYING_DIAGNOSIS_ABNORMAL;
      x->condition = condition;
      x->detail = (char *) karyotype (condition, boy);
    }
  else
    {
      x->result = MUYING_DIAGNOSIS_NORMAL;
      x->detail = x->method == MUYING_METHOD_KARYOTYPE ? (char *) karyotype (MUYING_CONDITION_NOT_RECORDED, boy)
                                                       : "未见致病性拷贝数变异";
    }
  dx->n++;
  return x;
}

/* How a pregnancy ends, before anything is found (a termination after an abnormal diagnosis is
 * decided by the follow-up): live birth about 98 % (as many babies as the record's pregnancy type
 * says), miscarriage after the screen about 1.3 %,
 * stillbirth 0.3 %, termination for other reasons 0.15 %, ectopic (an early record) rarely; a
 * birth defect in about 1.5 % of births, a chromosomal one that no screen flagged in about 1 in
 * 2,000 (more with the mother's age). */
static void
pick_pregnancy_end (Demo                       *d,
                    const MuyingPrenatalRecord *r,
                    guint32                     record_jd,
                    guint32                     edd_jd,
                    int                         age,
                    PregnancyEnd               *end)
{
  guint32 conception_jd = edd_jd - MUYING_TERM_DAYS;
  guint32 week28_jd = conception_jd + 28 * 7;
  double o = g_rand_double (d->rand), b;

  memset (end, 0, sizeof *end);
  end->babies = 1;
  if (o < 0.013 && week28_jd > record_jd + 7)
    {
      end->kind = MUYING_OUTCOME_MISCARRIAGE;
      end->end_jd = record_jd + (guint32) range (d, 7, (int) (week28_jd - record_jd) - 1);
      return;
    }
  if (o < 0.016)
    {
      end->kind = MUYING_OUTCOME_STILLBIRTH;
      end->end_jd = later_of (record_jd + 7, week28_jd + (guint32) range (d, 0, (int) (edd_jd - week28_jd)));
    }
  else if (o < 0.0175)
    {
      end->kind = MUYING_OUTCOME_TERMINATION;
      end->end_jd = record_jd + (guint32) range (d, 7, 40);
      end->defect = MUYING_BIRTH_DEFECT_NONE;
      return;
    }
  else if (o < 0.0177 && r->ga_days < 14 * 7)
    {
      end->kind = MUYING_OUTCOME_ECTOPIC;
      end->end_jd = record_jd + (guint32) range (d, 1, 10);
      return;
    }
  else
    {
      gint64 birth = (gint64) edd_jd + (gint64) round (normal (d, -5.0, 8.0));

      end->kind = MUYING_OUTCOME_LIVE_BIRTH;
      end->end_jd = later_of (record_jd + 1, (guint32) birth);
    }
  /* the babies of a birth: as many as the record's pregnancy type says */
  end->babies = r->pregnancy_type == MUYING_PREGNANCY_TYPE_TWINS ? 2
                 : r->pregnancy_type == MUYING_PREGNANCY_TYPE_HIGHER ? 3 : 1;
  end->defect = MUYING_BIRTH_DEFECT_NONE;
  b = g_rand_double (d->rand);
  if (b < (age >= 35 ? 0.002 : 0.0005))
    end->condition = chance (d, 0.8) ? MUYING_CONDITION_T21 : MUYING_CONDITION_SCA;
  else if (b < 0.0100)
    end->condition = MUYING_CONDITION_STRUCTURAL;
  else if (b < 0.0105)
    end->condition = MUYING_CONDITION_NTD;
  else if (b < 0.0150)
    end->condition = MUYING_CONDITION_OTHER;
  if (end->condition != MUYING_CONDITION_NOT_RECORDED)
    end->defect = MUYING_BIRTH_DEFECT_YES;
}

static gboolean
condition_is_chromosomal (MuyingCondition c)
{
  return c == MUYING_CONDITION_T21 || c == MUYING_CONDITION_T18 || c == MUYING_CONDITION_T13 ||
         c == MUYING_CONDITION_SCA || c == MUYING_CONDITION_OTHER_CHROMOSOMAL;
}

static const char *
note_of (Demo               *d,
         MuyingFollowOnKind  kind,
         gconstpointer       record)
{
  g_autofree char *text = muying_follow_on_describe (kind, record);

  return g_string_chunk_insert (d->notes, text);
}

/* What the store writes as the outcome of a follow-up a follow-on record closes. */
static const char *
complete_note (Demo       *d,
               const char *note)
{
  /* TRANSLATORS: the outcome of a follow-up closed by a follow-on record, e.g. “妊娠结局：活产” */
  g_autofree char *text = g_strdup_printf (_("Complete: %s"), note);

  return g_string_chunk_insert (d->notes, text);
}

/* A transition that brings a follow-on record (the step row names its kind, as the store's). */
static void
set_follow_on (Transition         *t,
               ApplyKind           kind,
               int                 v1)
{
  t->apply[0].kind = (guint8) kind;
  t->apply[0].v1 = (gint8) v1;
  t->result = kind == APPLY_DIAGNOSIS ? muying_prenatal_diagnosis_descriptor.name
              : kind == APPLY_OUTCOME ? muying_pregnancy_outcome_descriptor.name : muying_audiology_descriptor.name;
}

/* The pregnancy's end closes the follow-up (the outcome record). */
static void
plan_outcome (Demo                  *d,
              Plan                  *plan,
              guint32                record_jd,
              const PregnancyEnd    *end,
              MuyingPregnancyOutcome *outcome)
{
  Transition *t = plan_add (plan, MUYING_FOLLOWUP_DONE, later_of (plan_last_jd (plan, record_jd), end->end_jd), NULL,
                            NULL);

  t->note = note_of (d, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, outcome);
  t->outcome = complete_note (d, t->note);
  set_follow_on (t, APPLY_OUTCOME, 0);
}

/* The follow-up of a flagged prenatal record and the diagnoses it brings; the pregnancy's end
 * (@end) may change with them. @nipt_follows: (out): an NIPT record of the same pregnancy
 * follows (it decides the outcome). Returns whether the plan ends with the outcome. */
static gboolean
plan_prenatal (Demo                       *d,
               const MuyingPrenatalRecord *r,
               const MuyingClassification *c,
               guint32                     record_jd,
               PregnancyEnd               *end,
               Diagnoses                  *dx,
               Plan                       *plan,
               gboolean                   *nipt_follows)
{
  const char *step = suggest_step (MUYING_PROGRAM_PRENATAL, c, "counselling");
  gboolean abnormal = FALSE;
  guint32 jd;
  Transition *t;

  *nipt_follows = FALSE;
  plan->first_step = step;
  plan_notify (d, plan, record_jd);
  /* Advanced maternal age or a sex-chromosome finding: counselling, then often prenatal
   * diagnosis anyway. */
  if (g_strcmp0 (step, "counselling") == 0 &&
      ((muying_classification_has ((MuyingClassification *) c, "AMA") && chance (d, 0.08)) ||
       (muying_classification_has ((MuyingClassification *) c, "NIPT_SCA") && chance (d, 0.5))))
    {
      plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, plan_last_jd (plan, record_jd) + (guint32) range (d, 1, 7),
                "counselling", NULL);
      plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, record_jd) + (guint32) range (d, 0, 3), NULL,
                "已完成遗传咨询，本人选择产前诊断");
      step = "diagnosis";
    }
  /* Some decline the procedure after counselling (about 15 %; the others of the 70–90 %
   * uptake are lost or stall, plan_finish). */
  else if (g_strcmp0 (step, "diagnosis") == 0 && chance (d, 0.12))
    {
      plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, plan_last_jd (plan, record_jd) + (guint32) range (d, 1, 7),
                "counselling", NULL);
      plan_add (plan, MUYING_FOLLOWUP_DECLINED, plan_last_jd (plan, record_jd) + (guint32) range (d, 0, 5), NULL,
                NOTE_DECLINED);
      return FALSE;
    }
  plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, plan_last_jd (plan, record_jd) + (guint32) range (d, 2, 10), step, NULL);
  jd = plan_last_jd (plan, record_jd);

  if (g_strcmp0 (step, "diagnosis") == 0)
    {
      MuyingCondition condition = MUYING_CONDITION_NOT_RECORDED;
      const MuyingPrenatalDiagnosis *x;

      abnormal = chance (d, diagnosis_ppv (c));
      if (abnormal)
        condition = pick_condition (d, c);
      x = add_diagnosis (d, dx, r, jd + (guint32) range (d, 1, 7), abnormal, condition, TRUE);
      if (x->result == MUYING_DIAGNOSIS_FAILED)
        {
          /* a note on the timeline; the procedure is done again */
          t = plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, g_date_get_julian (&x->procedure_date) + (guint32) range (d, 7, 14),
                        "diagnosis", note_of (d, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, x));
          set_follow_on (t, APPLY_DIAGNOSIS, (int) dx->n - 1);
          x = add_diagnosis (d, dx, r, plan_last_jd (plan, record_jd) + (guint32) range (d, 0, 7), abnormal, condition,
                             FALSE);
        }
      /* the report comes back 1–3 weeks after the procedure */
      jd = g_date_get_julian (&x->procedure_date) + (guint32) range (d, 7, 21);
      if (!abnormal)
        {
          /* a normal diagnosis closes the case */
          t = plan_add (plan, MUYING_FOLLOWUP_DONE, jd, NULL, note_of (d, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, x));
          t->outcome = complete_note (d, t->note);
          set_follow_on (t, APPLY_DIAGNOSIS, (int) dx->n - 1);
          /* a normal karyotype rules out what it tests */
          if (condition_is_chromosomal (end->condition))
            {
              end->defect = MUYING_BIRTH_DEFECT_NONE;
              end->condition = MUYING_CONDITION_NOT_RECORDED;
            }
          return FALSE;
        }
      /* abnormal: counselling, then mostly a termination (a sex-chromosome finding less often) */
      t = plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, jd, "counselling", note_of (d, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, x));
      set_follow_on (t, APPLY_DIAGNOSIS, (int) dx->n - 1);
      plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, record_jd) + (guint32) range (d, 1, 7), NULL,
                "已行遗传咨询，告知诊断结果及预后");
      if (chance (d, condition == MUYING_CONDITION_SCA ? 0.45 : 0.93))
        {
          end->kind = MUYING_OUTCOME_TERMINATION;
          end->end_jd = plan_last_jd (plan, record_jd) + (guint32) range (d, 3, 14);
        }
      else if (end->kind == MUYING_OUTCOME_TERMINATION || end->kind == MUYING_OUTCOME_ECTOPIC)
        end->kind = MUYING_OUTCOME_LIVE_BIRTH;
      if (end->kind != MUYING_OUTCOME_MISCARRIAGE && end->kind != MUYING_OUTCOME_ECTOPIC)
        {
          end->defect = MUYING_BIRTH_DEFECT_YES;
          end->condition = condition;
        }
      return TRUE;
    }
  if (g_strcmp0 (step, "nipt") == 0)
    {
      plan_add (plan, MUYING_FOLLOWUP_RESULT, jd + (guint32) range (d, 10, 20), NULL, "无创DNA产前检测：低风险");
      /* the NIPT is a record of its own, which the pregnancy's outcome follows */
      *nipt_follows = chance (d, 0.8);
      if (*nipt_follows)
        {
          t = plan_add (plan, MUYING_FOLLOWUP_DONE, plan_last_jd (plan, record_jd) + (guint32) range (d, 0, 7), NULL,
                        NULL);
          t->outcome = "无创DNA低风险，转常规产前检查";
          return FALSE;
        }
    }
  else if (g_strcmp0 (step, "ultrasound") == 0)
    plan_add (plan, MUYING_FOLLOWUP_RESULT, jd + (guint32) range (d, 3, 14), NULL, "针对性超声检查未见神经管缺陷");
  else if (g_strcmp0 (step, "redraw") == 0)
    plan_add (plan, MUYING_FOLLOWUP_RESULT, jd + (guint32) range (d, 7, 15), NULL, "重新采血检测成功：低风险");
  else if (g_strcmp0 (step, "rescreen") == 0)
    plan_add (plan, MUYING_FOLLOWUP_RESULT, jd + (guint32) range (d, 7, 21), NULL, "核对孕周后重新筛查：低风险");
  else
    plan_add (plan, MUYING_FOLLOWUP_RESULT, jd + (guint32) range (d, 0, 7), NULL, "已完成遗传咨询");
  return TRUE;
}

static void
fill_outcome (const MuyingPrenatalRecord *r,
              guint32                     edd_jd,
              const PregnancyEnd         *end,
              MuyingPregnancyOutcome     *o)
{
  memset (o, 0, sizeof *o);
  o->id_number = (char *) r->id_number;
  o->edd = r->edd;
  jd_to_date (end->end_jd, &o->end_date);
  o->outcome = end->kind;
  o->ga_weeks = floor ((double) (end->end_jd - (edd_jd - MUYING_TERM_DAYS)) / 7.0);
  o->babies = end->babies;
  o->birth_defect = end->defect;
  o->condition = end->defect == MUYING_BIRTH_DEFECT_YES ? end->condition : MUYING_CONDITION_NOT_RECORDED;
}

/* ---- the background columns of every programme ------------------------------------------------ */

/* The counties of the city the demo's women mostly come from (Zhengzhou, as the ID numbers). */
static const char * const home_counties[] = {
  "410102", "410103", "410104", "410105", "410106", "410108", "410122", "410181", "410182", "410183", "410184",
  "410185",
};

static gboolean
background_chance (Demo   *d,
                   double  p)
{
  return g_rand_double (d->background) < p;
}

/* Where she lives: the county of her ID number when it is one of the city's, else one of them; a
 * few records have none. */
static char *
pick_area_code (Demo       *d,
                const char *id_number,
                char        out[7])
{
  if (background_chance (d, 0.04))
    return NULL;
  if (id_number != NULL && g_str_has_prefix (id_number, "4101") && background_chance (d, 0.8))
    memcpy (out, id_number, 6);
  else
    memcpy (out, home_counties[g_rand_int_range (d->background, 0, G_N_ELEMENTS (home_counties))], 6);
  out[6] = '\0';
  return out;
}

static MuyingFunding
pick_funding (Demo *d)
{
  double f = g_rand_double (d->background);

  if (f < 0.03)
    return MUYING_FUNDING_NOT_RECORDED;
  return f < 0.85 ? MUYING_FUNDING_FREE_PROGRAMME
                  : f < 0.93 ? MUYING_FUNDING_INSURANCE : f < 0.99 ? MUYING_FUNDING_SELF_PAID : MUYING_FUNDING_OTHER;
}

static MuyingYesNo
yes_no (Demo   *d,
        double  p_yes)
{
  return background_chance (d, p_yes) ? MUYING_YES : MUYING_NO;
}

/* Rural about 60 %; dibao about 3 %, mostly rural households. */
static void
pick_household (Demo            *d,
                MuyingResidence *residence,
                MuyingYesNo     *dibao)
{
  *residence = background_chance (d, 0.6) ? MUYING_RESIDENCE_RURAL : MUYING_RESIDENCE_URBAN;
  *dibao = yes_no (d, *residence == MUYING_RESIDENCE_RURAL ? 0.04 : 0.015);
}

static void
fill_prenatal_background (Demo                 *d,
                          MuyingPrenatalRecord *r,
                          char                  area[7])
{
  r->area_code = pick_area_code (d, r->id_number, area);
  r->funding = pick_funding (d);
  pick_household (d, &r->residence, &r->dibao);
  r->ivf = yes_no (d, 0.02);
  /* IVF carries most twins. */
  r->pregnancy_type = background_chance (d, r->ivf == MUYING_YES ? 0.25 : 0.012) ? MUYING_PREGNANCY_TYPE_TWINS
                                                                                  : MUYING_PREGNANCY_TYPE_SINGLETON;
  if (r->pregnancy_type == MUYING_PREGNANCY_TYPE_TWINS && background_chance (d, 0.03))
    r->pregnancy_type = MUYING_PREGNANCY_TYPE_HIGHER;
  r->transfusion_12m = yes_no (d, 0.003);
  r->us_anomaly = background_chance (d, 0.7) ? yes_no (d, 0.02) : MUYING_YES_NO_NOT_RECORDED;
  /* Most women screened by NIPT also have the mid-trimester AFP for neural tube defects
   * (without it: NTD_ASSESS); drawn here, from the background stream, like the columns above. */
  if (r->test_type == MUYING_PRENATAL_TEST_NIPT && background_chance (d, 0.85))
    {
      double u1 = 1.0 - g_rand_double (d->background);
      double u2 = g_rand_double (d->background);

      r->afp_mom = round (pow (10.0, 0.16 * sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2)) * 100.0) / 100.0;
    }
}

static void
fill_newborn_background (Demo                *d,
                         MuyingNewbornRecord *r,
                         char                 area[7])
{
  double m = g_rand_double (d->background);
  long weeks;

  r->area_code = pick_area_code (d, r->mother_id_number, area);
  r->funding = pick_funding (d);
  r->nicu = yes_no (d, 0.08);
  r->hearing_method = m < 0.75 ? MUYING_HEARING_METHOD_OAE : m < 0.85 ? MUYING_HEARING_METHOD_AABR
                                                                      : MUYING_HEARING_METHOD_BOTH;
  /* The NICU babies screen with AABR (auditory neuropathy). */
  if (r->nicu == MUYING_YES && r->hearing_method == MUYING_HEARING_METHOD_OAE)
    r->hearing_method = MUYING_HEARING_METHOD_BOTH;
  /* 35–41 weeks, mostly 38–40; the NICU babies earlier. */
  weeks = lround (g_rand_double_range (d->background, -1.5, 1.5) + g_rand_double_range (d->background, -1.0, 1.0) +
                  (r->nicu == MUYING_YES ? 36.5 : 39.0));
  r->gestation_weeks = (int) CLAMP (weeks, 35, 41);
}

/* The two breasts of an exam whose worse side is @worse: the other one no worse. */
static void
pick_sides (Demo         *d,
            MuyingBirads  worse,
            MuyingBirads *left,
            MuyingBirads *right)
{
  MuyingBirads other = background_chance (d, 0.5) ? MUYING_BIRADS_1 : MUYING_BIRADS_2;

  if (worse == MUYING_BIRADS_NOT_RECORDED || !background_chance (d, 0.7))
    return;
  if (muying_birads_worse (worse, other) != worse || background_chance (d, 0.1))
    other = worse;
  if (background_chance (d, 0.5))
    *left = worse, *right = other;
  else
    *left = other, *right = worse;
}

static void
fill_two_cancer_background (Demo                  *d,
                            MuyingTwoCancerRecord *r,
                            char                   area[7])
{
  r->area_code = pick_area_code (d, r->id_number, area);
  r->funding = pick_funding (d);
  pick_household (d, &r->residence, &r->dibao);
  r->hysterectomy = yes_no (d, 0.01);
  /* A visible lesion seen at the exam is drawn before the first classification (gen_two_cancer):
   * it flags the record (VISIBLE_LESION) and so decides its follow-up. Most cancers found later
   * were visible. */
  if (r->via_vili != MUYING_EXAM_NOT_RECORDED || r->colposcopy != MUYING_EXAM_NOT_RECORDED)
    {
      if (r->cervical_histology >= MUYING_CERVICAL_HISTOLOGY_MICRO_INVASIVE)
        r->visible_lesion = yes_no (d, 0.6);
      else if (r->visible_lesion == MUYING_YES_NO_NOT_RECORDED)
        r->visible_lesion = yes_no (d, 0.005);
    }
  pick_sides (d, r->us_birads, &r->us_birads_left, &r->us_birads_right);
  pick_sides (d, r->mammo_birads, &r->mammo_birads_left, &r->mammo_birads_right);
}

static gboolean
gen_prenatal (Demo     *d,
              guint32   jd,
              GError  **error)
{
  MuyingPrenatalRecord r;
  g_autoptr(MuyingClassification) c = NULL;
  RecordRow rr;
  Event ev;
  Woman w;
  Plan plan = { .n = 0 };
  Diagnoses dx;
  PregnancyEnd end;
  MuyingPregnancyOutcome outcome;
  guint reached = 0;
  gboolean nipt_followup = FALSE, nipt_follows = FALSE, ends_with_outcome = FALSE, outcome_known = FALSE;
  guint32 edd_jd;
  gint64 record_id;
  int age;
  char key[40], created[32], area[7];
  const char *institution;

  memset (&r, 0, sizeof r);
  memset (&rr, 0, sizeof rr);
  dx.n = 0;
  g_string_chunk_clear (d->notes);
  if (heap_pop_due (d->prenatal_events, jd, 14, &ev))
    {
      w = ev.woman;
      if (ev.kind == EVENT_NIPT)
        {
          nipt_followup = TRUE;
          r.test_type = MUYING_PRENATAL_TEST_NIPT;
          edd_jd = ev.edd_jd;
          r.ga_days = MUYING_TERM_DAYS - (int) (edd_jd - jd);
        }
      else
        {
          r.test_type = pick_prenatal_test (d, jd);
          r.ga_days = pick_ga (d, r.test_type);
          edd_jd = jd + (guint32) (MUYING_TERM_DAYS - r.ga_days);
        }
    }
  else
    {
      r.test_type = pick_prenatal_test (d, jd);
      r.ga_days = pick_ga (d, r.test_type);
      edd_jd = jd + (guint32) (MUYING_TERM_DAYS - r.ga_days);
      age = PRENATAL_AGE_MIN + (int) table_pick (d, &d->prenatal_ages);
      if (!new_woman (d, MUYING_DEMO_GIVEN_WOMAN, birth_for_age (d, age, edd_jd), chance (d, 0.92), jd, &w, error))
        return FALSE;
    }

  /* The EDD: from the gestational age, or given (ultrasound dating) a few days off. */
  r.edd_given = !nipt_followup && chance (d, 0.25);
  if (r.edd_given)
    edd_jd = edd_jd + (guint32) range (d, 0, 10) - 5;
  jd_to_date (edd_jd, &r.edd);
  jd_to_date (jd, &r.sample_date);
  jd_to_date (w.birth_jd, &r.birth_date);
  age = muying_date_age_on (&r.birth_date, &r.edd);

  make_key (d, MUYING_PROGRAM_PRENATAL, jd, key);
  institution = pick_string (d, d->institutions[MUYING_DEMO_INSTITUTION_PRENATAL],
                             d->n_institutions[MUYING_DEMO_INSTITUTION_PRENATAL]);
  r.sample_no = key;
  r.id_number = w.id_number;
  r.name = w.name;
  r.phone = w.phone[0] ? w.phone : NULL;
  r.institution = (char *) institution;
  r.weight_kg = chance (d, 0.85) ? round (clamp_to (normal (d, 58.0, 8.0), 40.0, 110.0) * 10.0) / 10.0 : NAN;
  r.afp_mom = NAN;
  r.nt_mm = NAN;

  if (is_serum (r.test_type))
    {
      /* A serum report always gives both risks (the importer requires them). */
      r.t21_risk = pick_risk (d, 4.35, 0.95, age);
      r.t18_risk = pick_risk (d, 5.0, 0.85, age);
      if (r.test_type != MUYING_PRENATAL_TEST_EARLY_COMBINED)
        r.afp_mom = round (pow (10.0, normal (d, 0.0, 0.16)) * 100.0) / 100.0;
      else
        r.nt_mm = round ((chance (d, 0.015) ? clamp_to (normal (d, 3.5, 0.6), 3.0, 6.0)
                                            : clamp_to (normal (d, 1.6, 0.45), 0.6, 2.9)) * 10.0) / 10.0;
    }
  else if (chance (d, 0.015))
    r.nipt_status = MUYING_NIPT_STATUS_FAIL;
  else
    {
      r.nipt_status = MUYING_NIPT_STATUS_OK;
      r.nipt_t21 = chance (d, 0.0025 + (age >= 35 ? 0.004 : 0.0)) ? MUYING_NIPT_CALL_HIGH : MUYING_NIPT_CALL_LOW;
      r.nipt_t18 = chance (d, 0.0008) ? MUYING_NIPT_CALL_HIGH : MUYING_NIPT_CALL_LOW;
      r.nipt_t13 = chance (d, 0.0005) ? MUYING_NIPT_CALL_HIGH : MUYING_NIPT_CALL_LOW;
      r.nipt_sca = chance (d, 0.7) ? (chance (d, 0.004) ? MUYING_NIPT_SCA_DETECTED : MUYING_NIPT_SCA_NONE)
                                   : MUYING_NIPT_SCA_NOT_RECORDED;
    }

  fill_prenatal_background (d, &r, area);

  c = muying_rule_set_classify_prenatal (d->rules, &r);
  pick_pregnancy_end (d, &r, jd, edd_jd, age, &end);
  if (c->level > MUYING_LEVEL_LOW)
    {
      ends_with_outcome = plan_prenatal (d, &r, c, jd, &end, &dx, &plan, &nipt_follows);
      if (ends_with_outcome)
        {
          /* the follow-up closes when the pregnancy ends (never before its last step) */
          end.end_jd = later_of (end.end_jd, plan_last_jd (&plan, jd));
          fill_outcome (&r, edd_jd, &end, &outcome);
          plan_outcome (d, &plan, jd, &end, &outcome);
        }
      reached = plan_finish (d, &plan, jd);
      for (guint i = 0; i < reached; i++)
        if (plan.t[i].apply[0].kind == APPLY_OUTCOME)
          outcome_known = TRUE;
      /* a follow-up closed by the diagnosis: the outcome is learnt like a low-risk one's */
      if (!ends_with_outcome && !nipt_follows && reached > 0 && plan.t[reached - 1].state == MUYING_FOLLOWUP_DONE &&
          end.end_jd <= d->today_jd && chance (d, 0.975))
        {
          fill_outcome (&r, edd_jd, &end, &outcome);
          outcome_known = TRUE;
        }
      /* A borderline result leads to an NIPT: a record of its own, same woman and pregnancy
       * (not when the follow-up was cut short: she was lost, declined, or it stalled). */
      if (plan.n == 0 || plan.t[plan.n - 1].state != MUYING_FOLLOWUP_DONE)
        nipt_follows = FALSE;
      for (guint i = 0; nipt_follows && i < reached; i++)
        if (g_strcmp0 (plan.t[i].step, "nipt") == 0)
          heap_push (d, d->prenatal_events, EVENT_NIPT, plan.t[i].jd + (guint32) range (d, 0, 5), edd_jd, &w);
    }
  else if (end.end_jd <= d->today_jd && chance (d, 0.975))
    {
      /* The outcome of every screened pregnancy is followed (docs/background.md). */
      fill_outcome (&r, edd_jd, &end, &outcome);
      outcome_known = TRUE;
    }

  if (!nipt_follows && end.kind == MUYING_OUTCOME_LIVE_BIRTH && chance (d, 0.5))
    /* About half of the screened women give birth here: their newborn's record follows. */
    heap_push (d, d->birth_events, EVENT_BIRTH, end.end_jd, edd_jd, &w);
  if (!nipt_followup && chance (d, 0.10))
    heap_push (d, d->prenatal_events, EVENT_PREGNANCY, edd_jd + (guint32) range (d, 400, 1200), 0, &w);

  prepare_record (d, c, w.person_id, jd, institution, &rr);
  if (!muying_store_bulk_add_prenatal (d->bulk, &r, c, &rr.row, &record_id, error) ||
      !finish_record (d, MUYING_PROGRAM_PRENATAL, record_id, c, &rr, error))
    return FALSE;

  /* The diagnoses and the outcome: rows of their own, linked to the pregnancy at the commit. */
  for (guint i = 0; i < reached; i++)
    if (plan.t[i].apply[0].kind == APPLY_DIAGNOSIS)
      {
        const MuyingPrenatalDiagnosis *x = &dx.d[plan.t[i].apply[0].v1];

        format_time (d, plan.t[i].jd, created);
        if (!muying_store_bulk_add_follow_on (d->bulk, MUYING_FOLLOW_ON_PRENATAL_DIAGNOSIS, x, w.person_id, 0, created,
                                              NULL, error))
          return FALSE;
        d->summary->diagnoses++;
      }
  if (outcome_known)
    {
      format_time (d, earlier_of (d->today_jd, end.end_jd + (guint32) range (d, 0, 30)), created);
      if (!muying_store_bulk_add_follow_on (d->bulk, MUYING_FOLLOW_ON_PREGNANCY_OUTCOME, &outcome, w.person_id, 0,
                                            created, NULL, error))
        return FALSE;
      d->summary->outcomes++;
    }

  if (c->level > MUYING_LEVEL_LOW)
    return insert_followup (d, MUYING_PROGRAM_PRENATAL, record_id, jd, &r.edd, c, &rr.review, &plan, reached,
                            error);
  return TRUE;
}

/* ---- newborn ----------------------------------------------------------------------------- */

static int
panel_index (Demo *d)
{
  return (int) table_pick (d, &d->panels);
}

static void
add_variant (Demo           *d,
             guint           locus,
             MuyingZygosity  zygosity)
{
  MuyingVariant *v;

  for (guint i = 0; i < d->variants->len; i++)
    {
      v = g_ptr_array_index (d->variants, i);
      if (strcmp (v->gene, loci[locus].gene) == 0 && strcmp (v->variant, loci[locus].variant) == 0)
        {
          if (zygosity == MUYING_ZYGOSITY_HOM)
            v->zygosity = MUYING_ZYGOSITY_HOM;
          return;
        }
    }
  if (d->variants->len >= MAX_VARIANTS)
    return;
  v = &d->variant_slots[d->variants->len];
  v->gene = (char *) loci[locus].gene;
  v->variant = (char *) loci[locus].variant;
  v->zygosity = zygosity;
  g_ptr_array_add (d->variants, v);
}

/* Carriers per locus; a few biallelic GJB2 / SLC26A4 genotypes. Returns TRUE when biallelic. */
static gboolean
pick_variants (Demo *d,
               int   panel)
{
  gboolean biallelic = FALSE;
  double r = g_rand_double (d->rand);

  g_ptr_array_set_size (d->variants, 0);
  if (r < 0.0003)
    {
      /* GJB2: homozygous c.235delC, or compound heterozygous with c.299_300delAT */
      biallelic = TRUE;
      if (chance (d, 0.6) || !loci[LOCUS_299DELAT].on_panel[panel])
        add_variant (d, LOCUS_235DELC, MUYING_ZYGOSITY_HOM);
      else
        {
          add_variant (d, LOCUS_235DELC, MUYING_ZYGOSITY_HET);
          add_variant (d, LOCUS_299DELAT, MUYING_ZYGOSITY_HET);
        }
    }
  else if (r < 0.0005)
    {
      biallelic = TRUE;
      if (chance (d, 0.6) || !loci[LOCUS_2168].on_panel[panel])
        add_variant (d, LOCUS_IVS7, MUYING_ZYGOSITY_HOM);
      else
        {
          add_variant (d, LOCUS_IVS7, MUYING_ZYGOSITY_HET);
          add_variant (d, LOCUS_2168, MUYING_ZYGOSITY_HET);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (loci); i++)
    {
      if (!loci[i].on_panel[panel] || !chance (d, loci[i].het_rate))
        continue;
      if (strcmp (loci[i].gene, "MT-RNR1") == 0)
        add_variant (d, i, chance (d, 0.9) ? MUYING_ZYGOSITY_HOMOPLASMIC : MUYING_ZYGOSITY_HETEROPLASMIC);
      else
        add_variant (d, i, MUYING_ZYGOSITY_HET);
    }
  return biallelic;
}

/* The degree of a lost ear: congenital losses are mostly moderate or worse; biallelic GJB2 ones
 * mostly severe or profound. */
static MuyingHearingDegree
pick_degree (Demo     *d,
             gboolean  genetic)
{
  double r = g_rand_double (d->rand);

  if (genetic)
    return r < 0.10 ? MUYING_DEGREE_MILD : r < 0.35 ? MUYING_DEGREE_MODERATE
           : r < 0.65 ? MUYING_DEGREE_SEVERE : MUYING_DEGREE_PROFOUND;
  return r < 0.30 ? MUYING_DEGREE_MILD : r < 0.65 ? MUYING_DEGREE_MODERATE
         : r < 0.83 ? MUYING_DEGREE_SEVERE : MUYING_DEGREE_PROFOUND;
}

/* The diagnostic audiology of a newborn (both ears; the date is set by the caller). About 60 %
 * of losses are bilateral (all of the biallelic genotypes), mostly sensorineural. */
static void
pick_hearing (Demo                      *d,
              const MuyingNewbornRecord *r,
              gboolean                   biallelic,
              gboolean                   loss,
              MuyingAudiology           *a)
{
  memset (a, 0, sizeof *a);
  a->sample_no = r->sample_no;
  g_date_clear (&a->diagnosis_date, 1);
  g_date_clear (&a->intervention_date, 1);
  a->left_degree = a->right_degree = MUYING_DEGREE_NORMAL;
  if (!loss)
    return;
  if (biallelic || chance (d, 0.6))
    {
      MuyingHearingDegree worse = pick_degree (d, biallelic);
      MuyingHearingDegree other = worse > MUYING_DEGREE_MILD && chance (d, 0.35) ? worse - 1 : worse;

      if (chance (d, 0.5))
        {
          a->left_degree = worse;
          a->right_degree = other;
        }
      else
        {
          a->left_degree = other;
          a->right_degree = worse;
        }
    }
  else
    {
      /* the ear that was referred */
      gboolean left = r->hearing_right != MUYING_HEARING_REFER ? TRUE
                      : r->hearing_left != MUYING_HEARING_REFER ? FALSE : chance (d, 0.5);

      if (left)
        a->left_degree = pick_degree (d, FALSE);
      else
        a->right_degree = pick_degree (d, FALSE);
    }
  if (biallelic)
    a->loss_type = MUYING_LOSS_SENSORINEURAL;
  else
    {
      double t = g_rand_double (d->rand);

      a->loss_type = t < 0.86 ? MUYING_LOSS_SENSORINEURAL : t < 0.93 ? MUYING_LOSS_CONDUCTIVE
                     : t < 0.97 ? MUYING_LOSS_MIXED : MUYING_LOSS_AUDITORY_NEUROPATHY;
    }
}

/* Hearing aids for most confirmed losses, fitted by 6 months of age for most; a cochlear implant
 * for some severe or profound bilateral losses, at 9–14 months; a mild or one-sided loss is often
 * only watched (intervention "none"). */
static void
pick_intervention (Demo            *d,
                   MuyingAudiology *a,
                   gboolean         biallelic,
                   guint32          birth_jd,
                   guint32          diag_jd)
{
  gboolean bilateral = a->left_degree > MUYING_DEGREE_NORMAL && a->right_degree > MUYING_DEGREE_NORMAL;
  MuyingHearingDegree worse = MAX (a->left_degree, a->right_degree);
  double p_aid;
  guint32 jd;

  if (bilateral && worse >= MUYING_DEGREE_SEVERE && chance (d, biallelic ? 0.45 : 0.25))
    {
      a->intervention = MUYING_INTERVENTION_COCHLEAR_IMPLANT;
      jd = later_of (diag_jd + 30, birth_jd + (guint32) range (d, 270, 420));
      jd_to_date (jd, &a->intervention_date);
      return;
    }
  p_aid = bilateral ? (worse >= MUYING_DEGREE_MODERATE ? 0.93 : 0.6) : (worse >= MUYING_DEGREE_MODERATE ? 0.7 : 0.3);
  if (!chance (d, p_aid))
    {
      a->intervention = MUYING_INTERVENTION_NONE;
      return;
    }
  a->intervention = chance (d, 0.03) ? MUYING_INTERVENTION_OTHER : MUYING_INTERVENTION_HEARING_AID;
  jd = later_of (diag_jd + 7, birth_jd + (guint32) (chance (d, 0.85) ? range (d, 100, 178) : range (d, 185, 260)));
  jd_to_date (jd, &a->intervention_date);
}

static void
plan_newborn (Demo                      *d,
              const MuyingNewbornRecord *r,
              const MuyingClassification *c,
              gboolean                   biallelic,
              guint32                    birth_jd,
              Plan                      *plan,
              MuyingAudiology           *a)
{
  const char *step = suggest_step (MUYING_PROGRAM_NEWBORN, c, "counselling");
  Transition *t;
  gboolean loss = FALSE;

  plan->first_step = step;

  plan_notify (d, plan, birth_jd);
  if (g_strcmp0 (step, "rescreen") == 0)
    {
      /* Rescreen at 42 days: both ears; the referred ear fails again in about 12 %. */
      gboolean fail = chance (d, biallelic ? 0.8 : 0.12);
      MuyingHearing left = MUYING_HEARING_PASS, right = MUYING_HEARING_PASS;

      if (fail)
        {
          if (r->hearing_left == MUYING_HEARING_REFER || r->hearing_left == MUYING_HEARING_NOT_DONE)
            left = MUYING_HEARING_REFER;
          if (r->hearing_right == MUYING_HEARING_REFER || r->hearing_right == MUYING_HEARING_NOT_DONE)
            right = MUYING_HEARING_REFER;
          if (left == MUYING_HEARING_PASS && right == MUYING_HEARING_PASS)
            left = MUYING_HEARING_REFER;
        }
      plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, plan_last_jd (plan, birth_jd) + (guint32) range (d, 1, 10),
                "rescreen", NULL);
      t = plan_add (plan, MUYING_FOLLOWUP_RESULT, birth_jd + (guint32) range (d, 38, 50), NULL,
                    fail ? "42天复筛未通过" : "42天复筛双耳通过");
      set_apply (t, 0, APPLY_RESCREEN, left, right);
      if (!fail)
        {
          t = plan_add (plan, MUYING_FOLLOWUP_DONE, plan_last_jd (plan, birth_jd) + (guint32) range (d, 0, 7), NULL,
                        NULL);
          t->outcome = "复筛通过，纳入儿童保健常规听力监测";
          return;
        }
      step = "audiology";
    }
  if (g_strcmp0 (step, "audiology") == 0)
    {
      guint32 diag_jd;

      plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, plan_last_jd (plan, birth_jd) + (guint32) range (d, 1, 14),
                "audiology", NULL);
      loss = chance (d, biallelic ? 0.85 : 0.35);
      pick_hearing (d, r, biallelic, loss, a);
      /* by 3 months of age for most */
      diag_jd = later_of (plan_last_jd (plan, birth_jd) + 7,
                          birth_jd + (guint32) (chance (d, 0.85) ? range (d, 45, 88) : range (d, 91, 150)));
      jd_to_date (diag_jd, &a->diagnosis_date);
      if (!loss)
        {
          /* normal hearing closes the case */
          t = plan_add (plan, MUYING_FOLLOWUP_DONE, diag_jd, NULL, note_of (d, MUYING_FOLLOW_ON_AUDIOLOGY, a));
          t->outcome = complete_note (d, t->note);
          set_follow_on (t, APPLY_AUDIOLOGY, 0);
          return;
        }
      /* a loss waits for the intervention */
      t = plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, diag_jd, "intervention", note_of (d, MUYING_FOLLOW_ON_AUDIOLOGY, a));
      set_follow_on (t, APPLY_AUDIOLOGY, 0);
      pick_intervention (d, a, biallelic, birth_jd, diag_jd);
      if (a->intervention != MUYING_INTERVENTION_NONE)
        {
          t = plan_add (plan, MUYING_FOLLOWUP_DONE, g_date_get_julian (&a->intervention_date), NULL,
                        note_of (d, MUYING_FOLLOW_ON_AUDIOLOGY, a));
          t->outcome = complete_note (d, t->note);
        }
      else
        {
          t = plan_add (plan, MUYING_FOLLOWUP_DONE, diag_jd + (guint32) range (d, 7, 30), NULL, NULL);
          t->outcome = "单侧或轻度听力损失，暂不干预，定期复查听力";
        }
      set_follow_on (t, APPLY_INTERVENTION, 0);
      return;
    }
  plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, plan_last_jd (plan, birth_jd) + (guint32) range (d, 1, 14), step, NULL);
  if (g_strcmp0 (step, "drug_card") == 0)
    plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, birth_jd) + (guint32) range (d, 0, 7), NULL,
              "已发放用药警示卡，已告知母系亲属");
  else if (g_strcmp0 (step, "imaging") == 0)
    plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, birth_jd) + (guint32) range (d, 14, 60), NULL,
              "颞骨CT：前庭水管扩大");
  else
    plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, birth_jd) + (guint32) range (d, 0, 14), NULL,
              "已行遗传咨询，定期听力随访");
  t = plan_add (plan, MUYING_FOLLOWUP_DONE, plan_last_jd (plan, birth_jd) + (guint32) range (d, 1, 30), NULL, NULL);
  t->outcome = "已咨询，纳入听力随访";
}

static gboolean
gen_newborn (Demo     *d,
             guint32   jd,
             GError  **error)
{
  MuyingNewbornRecord r;
  g_autoptr(MuyingClassification) c0 = NULL;
  g_autoptr(MuyingClassification) c = NULL;
  RecordRow rr;
  Plan plan = { .n = 0 };
  MuyingAudiology audiology;
  gboolean has_audiology = FALSE, has_intervention = FALSE;
  guint reached = 0;
  Event ev;
  Woman mother;
  gint64 baby_id, record_id;
  gboolean biallelic;
  int panel;
  double h;
  char key[40], created[32], baby_name[64], area[7];
  const char *hospital;
  g_autofree char *default_name = NULL;

  memset (&r, 0, sizeof r);
  memset (&rr, 0, sizeof rr);
  memset (&audiology, 0, sizeof audiology);
  g_string_chunk_clear (d->notes);
  if (heap_pop_due (d->birth_events, jd, 2, &ev))
    mother = ev.woman;
  else
    {
      int age = PRENATAL_AGE_MIN + (int) table_pick (d, &d->prenatal_ages);

      if (!new_woman (d, MUYING_DEMO_GIVEN_WOMAN, birth_for_age (d, age, jd), FALSE, jd, &mother, error))
        return FALSE;
    }

  /* The baby: a person without an ID number, linked to the mother. */
  r.sex = chance (d, 0.515) ? MUYING_SEX_MALE : MUYING_SEX_FEMALE;
  if (chance (d, 0.55))
    {
      make_name (d, r.sex == MUYING_SEX_MALE ? MUYING_DEMO_GIVEN_BOY : MUYING_DEMO_GIVEN_GIRL, NULL,
                 baby_name, sizeof baby_name);
      r.baby_name = baby_name;
    }
  else
    /* What a save without a baby name writes (muying-store-records.c). */
    default_name = g_strdup_printf (_("Baby of %s"), mother.name);

  jd_to_date (jd, &r.birth_date);
  format_time (d, jd, created);
  if (!muying_store_bulk_add_person (d->bulk, NULL, r.baby_name != NULL ? r.baby_name : default_name, r.sex,
                                     &r.birth_date, NULL, mother.person_id, created, &baby_id, error))
    return FALSE;
  d->summary->persons++;

  make_key (d, MUYING_PROGRAM_NEWBORN, jd, key);
  hospital = pick_string (d, d->institutions[MUYING_DEMO_INSTITUTION_BIRTH],
                          d->n_institutions[MUYING_DEMO_INSTITUTION_BIRTH]);
  panel = panel_index (d);
  r.sample_no = key;
  r.mother_id_number = mother.id_number;
  r.mother_name = mother.name;
  r.hospital = (char *) hospital;
  r.panel = (char *) panel_shares[panel].id;
  biallelic = pick_variants (d, panel);
  r.variants = d->variants;

  /* Initial screen before discharge (OAE/AABR), day 2–4. */
  h = g_rand_double (d->rand);
  r.hearing_left = r.hearing_right = MUYING_HEARING_PASS;
  if (biallelic && chance (d, 0.6))
    r.hearing_left = r.hearing_right = MUYING_HEARING_REFER;
  else if (h < 0.014)
    r.hearing_left = r.hearing_right = MUYING_HEARING_REFER;
  else if (h < 0.042)
    {
      if (chance (d, 0.5))
        r.hearing_left = MUYING_HEARING_REFER;
      else
        r.hearing_right = MUYING_HEARING_REFER;
    }
  else if (h < 0.050)
    {
      if (chance (d, 0.5))
        r.hearing_left = MUYING_HEARING_NOT_DONE;
      else
        r.hearing_left = r.hearing_right = MUYING_HEARING_NOT_DONE;
    }
  jd_to_date (earlier_of (jd + (guint32) range (d, 2, 4), d->today_jd), &r.hearing_date);
  g_date_clear (&r.rescreen_date, 1);
  fill_newborn_background (d, &r, area);

  c0 = muying_rule_set_classify_newborn (d->rules, &r);
  if (c0->level > MUYING_LEVEL_LOW)
    {
      plan_newborn (d, &r, c0, biallelic, jd, &plan, &audiology);
      reached = plan_finish (d, &plan, jd);
      for (guint i = 0; i < reached; i++)
        {
          const Apply *a = &plan.t[i].apply[0];

          if (a->kind == APPLY_RESCREEN)
            {
              r.rescreen_left = (MuyingHearing) a->v1;
              r.rescreen_right = (MuyingHearing) a->v2;
              jd_to_date (plan.t[i].jd, &r.rescreen_date);
            }
          else if (a->kind == APPLY_AUDIOLOGY)
            has_audiology = TRUE;
          else if (a->kind == APPLY_INTERVENTION)
            has_intervention = TRUE;
        }
      /* the intervention is in the diagnosis's row once it is given */
      if (!has_intervention)
        {
          audiology.intervention = MUYING_INTERVENTION_NOT_RECORDED;
          g_date_clear (&audiology.intervention_date, 1);
        }
    }
  /* The record as it stands now: the rescreen may have changed its level. */
  c = muying_rule_set_classify_newborn (d->rules, &r);

  prepare_record (d, c, baby_id, jd, hospital, &rr);
  rr.row.mother_id = mother.person_id;
  if (!muying_store_bulk_add_newborn (d->bulk, &r, c, &rr.row, &record_id, error) ||
      !finish_record (d, MUYING_PROGRAM_NEWBORN, record_id, c, &rr, error))
    return FALSE;

  /* The audiology diagnosis: a row of its own, linked to the newborn's record. */
  if (has_audiology)
    {
      format_time (d, g_date_get_julian (has_intervention && g_date_valid (&audiology.intervention_date)
                                         ? &audiology.intervention_date : &audiology.diagnosis_date), created);
      if (!muying_store_bulk_add_follow_on (d->bulk, MUYING_FOLLOW_ON_AUDIOLOGY, &audiology, 0, record_id, created,
                                            NULL, error))
        return FALSE;
      d->summary->audiology++;
    }

  if (c0->level > MUYING_LEVEL_LOW)
    return insert_followup (d, MUYING_PROGRAM_NEWBORN, record_id, jd, NULL, c0, &rr.review, &plan, reached, error);
  return TRUE;
}

/* ---- two cancers ------------------------------------------------------------------------- */

static guint16
pick_hpv_types (Demo *d)
{
  guint16 types = 0;

  /* About a fifth of positive results come from untyped (pooled) assays. */
  if (chance (d, 0.2))
    return 0;
  types |= (guint16) (1u << table_pick (d, &d->hpv_types));
  if (chance (d, 0.2))
    types |= (guint16) (1u << table_pick (d, &d->hpv_types));
  return types;
}

static MuyingCytology
pick_cytology (Demo     *d,
               gboolean  hpv_positive)
{
  double r = g_rand_double (d->rand);
  double abnormal = hpv_positive ? 0.12 : 0.008;

  if (r < 0.01)
    return MUYING_CYTOLOGY_UNSAT;
  if (r >= 0.01 + abnormal)
    return MUYING_CYTOLOGY_NILM;
  r = g_rand_double (d->rand);
  if (r < 0.60)
    return MUYING_CYTOLOGY_ASC_US;
  if (r < 0.85)
    return MUYING_CYTOLOGY_LSIL;
  if (r < 0.90)
    return MUYING_CYTOLOGY_ASC_H;
  if (r < 0.96)
    return MUYING_CYTOLOGY_HSIL;
  if (r < 0.98)
    return MUYING_CYTOLOGY_AGC;
  if (r < 0.99)
    return MUYING_CYTOLOGY_SCC;
  if (r < 0.995)
    return MUYING_CYTOLOGY_AIS;
  return MUYING_CYTOLOGY_ADC;
}

static MuyingBirads
pick_us_birads (Demo *d)
{
  double r = g_rand_double (d->rand);

  if (r < 0.50)
    return MUYING_BIRADS_1;
  if (r < 0.895)
    return MUYING_BIRADS_2;
  if (r < 0.975)
    return MUYING_BIRADS_3;
  if (r < 0.995)
    return MUYING_BIRADS_0;
  r = g_rand_double (d->rand);
  if (r < 0.70)
    return MUYING_BIRADS_4A;
  if (r < 0.86)
    return MUYING_BIRADS_4B;
  if (r < 0.95)
    return MUYING_BIRADS_4C;
  return MUYING_BIRADS_5;
}

static MuyingBirads
pick_mammo_birads (Demo *d)
{
  double r = g_rand_double (d->rand);

  if (r < 0.30)
    return MUYING_BIRADS_1;
  if (r < 0.78)
    return MUYING_BIRADS_2;
  if (r < 0.93)
    return MUYING_BIRADS_3;
  if (r < 0.98)
    return MUYING_BIRADS_0;
  r = g_rand_double (d->rand);
  if (r < 0.65)
    return MUYING_BIRADS_4A;
  if (r < 0.85)
    return MUYING_BIRADS_4B;
  if (r < 0.95)
    return MUYING_BIRADS_4C;
  return MUYING_BIRADS_5;
}

static gboolean
cytology_high_grade (MuyingCytology c)
{
  return c == MUYING_CYTOLOGY_HSIL || c == MUYING_CYTOLOGY_ASC_H || c == MUYING_CYTOLOGY_SCC ||
         c == MUYING_CYTOLOGY_AGC || c == MUYING_CYTOLOGY_AIS || c == MUYING_CYTOLOGY_ADC;
}

static MuyingCervicalHistology
pick_histology (Demo     *d,
                gboolean  high_grade)
{
  static const MuyingCervicalHistology values[] = {
    MUYING_CERVICAL_HISTOLOGY_NEGATIVE, MUYING_CERVICAL_HISTOLOGY_CIN1, MUYING_CERVICAL_HISTOLOGY_CIN2,
    MUYING_CERVICAL_HISTOLOGY_CIN3, MUYING_CERVICAL_HISTOLOGY_AIS, MUYING_CERVICAL_HISTOLOGY_MICRO_INVASIVE,
    MUYING_CERVICAL_HISTOLOGY_INVASIVE,
  };
  static const double low_cum[] = { 0.30, 0.70, 0.85, 0.95, 0.96, 0.97, 1.0 };
  static const double high_cum[] = { 0.07, 0.22, 0.42, 0.77, 0.80, 0.85, 1.0 };
  const double *cum = high_grade ? high_cum : low_cum;
  double r = g_rand_double (d->rand);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (r < cum[i])
      return values[i];
  return MUYING_CERVICAL_HISTOLOGY_NEGATIVE;
}

static MuyingCancerStage
pick_stage (Demo     *d,
            gboolean  breast)
{
  double r = g_rand_double (d->rand);

  /* Screening finds mostly early cancers (early-diagnosis rates 80–96 %, docs/background.md). */
  if (r < (breast ? 0.45 : 0.60))
    return MUYING_CANCER_STAGE_I;
  if (r < (breast ? 0.80 : 0.85))
    return MUYING_CANCER_STAGE_II;
  if (r < 0.95)
    return MUYING_CANCER_STAGE_III;
  return MUYING_CANCER_STAGE_IV;
}

static MuyingBirads
max_birads (MuyingBirads a,
            MuyingBirads b)
{
  return MAX (a, b);
}

static void
plan_two_cancer (Demo                        *d,
                 const MuyingTwoCancerRecord *r,
                 const MuyingClassification  *c,
                 guint32                      exam_jd,
                 Plan                        *plan)
{
  const char *step = suggest_step (MUYING_PROGRAM_TWO_CANCER, c, "specialist");
  Transition *t;

  plan->first_step = step;

  plan_notify (d, plan, exam_jd);
  plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, plan_last_jd (plan, exam_jd) + (guint32) range (d, 2, 14), step, NULL);

  if (g_strcmp0 (step, "colposcopy") == 0)
    {
      double p = (r->hpv_types & MUYING_HPV_TYPES_16_18) != 0 ? 0.45 : 0.35;
      gboolean abnormal, high_grade = cytology_high_grade (r->cytology);
      MuyingCervicalHistology histology;

      abnormal = chance (d, high_grade ? 0.85 : p);
      t = plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, exam_jd) + (guint32) range (d, 7, 30), NULL,
                    abnormal ? "阴道镜检查异常，已取活检" : "阴道镜检查未见异常");
      set_apply (t, 0, APPLY_COLPOSCOPY, abnormal ? MUYING_EXAM_ABNORMAL : MUYING_EXAM_NORMAL, 0);
      if (!abnormal)
        {
          t = plan_add (plan, MUYING_FOLLOWUP_DONE, plan_last_jd (plan, exam_jd) + (guint32) range (d, 0, 14), NULL,
                        NULL);
          t->outcome = "阴道镜未见异常，12个月后复查";
          return;
        }
      histology = pick_histology (d, high_grade);
      plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, plan_last_jd (plan, exam_jd) + (guint32) range (d, 0, 3), "biopsy",
                NULL);
      t = plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, exam_jd) + (guint32) range (d, 5, 14), NULL,
                    "宫颈活检病理已回报");
      set_apply (t, 0, APPLY_HISTOLOGY, histology, 0);
      if (histology >= MUYING_CERVICAL_HISTOLOGY_CIN2)
        {
          gboolean cancer = histology >= MUYING_CERVICAL_HISTOLOGY_MICRO_INVASIVE;
          int treatment = cancer ? (chance (d, 0.6) ? TREAT_HYSTERECTOMY : TREAT_CHEMO)
                                 : (chance (d, 0.7) ? TREAT_LEEP : TREAT_CONIZATION);

          plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, plan_last_jd (plan, exam_jd) + (guint32) range (d, 1, 10),
                    "treatment", NULL);
          t = plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, exam_jd) + (guint32) range (d, 7, 45), NULL,
                        "已完成治疗");
          set_apply (t, 0, APPLY_TREATMENT, treatment, 0);
          if (cancer)
            set_apply (t, 1, APPLY_STAGE, histology == MUYING_CERVICAL_HISTOLOGY_MICRO_INVASIVE
                                          ? MUYING_CANCER_STAGE_I : pick_stage (d, FALSE), 0);
          t = plan_add (plan, MUYING_FOLLOWUP_DONE, plan_last_jd (plan, exam_jd) + (guint32) range (d, 7, 60), NULL,
                        NULL);
          t->outcome = cancer ? "宫颈癌已治疗，转肿瘤专科随访" : "癌前病变已治疗，定期复查";
        }
      else
        {
          t = plan_add (plan, MUYING_FOLLOWUP_DONE, plan_last_jd (plan, exam_jd) + (guint32) range (d, 1, 14), NULL,
                        NULL);
          t->outcome = "病理未见高级别病变，12个月后复查";
        }
      return;
    }
  if (g_strcmp0 (step, "biopsy") == 0 || g_strcmp0 (step, "specialist") == 0 ||
      g_strcmp0 (step, "mammography") == 0)
    {
      MuyingBirads worst = max_birads (r->us_birads, r->mammo_birads);

      if (g_strcmp0 (step, "mammography") == 0)
        {
          worst = pick_mammo_birads (d);
          t = plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, exam_jd) + (guint32) range (d, 3, 21), NULL,
                        "乳腺X线检查已完成");
          set_apply (t, 0, APPLY_MAMMOGRAPHY, worst, 0);
          if (worst >= MUYING_BIRADS_4A && worst <= MUYING_BIRADS_5)
            plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, plan_last_jd (plan, exam_jd) + (guint32) range (d, 1, 10),
                      "biopsy", NULL);
        }
      if (worst >= MUYING_BIRADS_4A && worst <= MUYING_BIRADS_5)
        {
          static const double malignant[] = { 0.06, 0.30, 0.70, 0.95 };   /* 4A 4B 4C 5 (C3) */
          MuyingBreastPathology pathology = MUYING_BREAST_PATHOLOGY_BENIGN;

          if (chance (d, malignant[worst - MUYING_BIRADS_4A]))
            pathology = chance (d, 0.2) ? MUYING_BREAST_PATHOLOGY_DCIS : MUYING_BREAST_PATHOLOGY_INVASIVE;
          else if (chance (d, 0.1))
            pathology = chance (d, 0.8) ? MUYING_BREAST_PATHOLOGY_ATYPICAL_HYPERPLASIA : MUYING_BREAST_PATHOLOGY_LCIS;
          t = plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, exam_jd) + (guint32) range (d, 5, 21), NULL,
                        "乳腺穿刺活检病理已回报");
          set_apply (t, 0, APPLY_BREAST_PATHOLOGY, pathology, 0);
          if (pathology == MUYING_BREAST_PATHOLOGY_DCIS || pathology == MUYING_BREAST_PATHOLOGY_INVASIVE)
            {
              plan_add (plan, MUYING_FOLLOWUP_NEXT_STEP, plan_last_jd (plan, exam_jd) + (guint32) range (d, 1, 10),
                        "treatment", NULL);
              t = plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, exam_jd) + (guint32) range (d, 7, 30),
                            NULL, "已行乳腺癌手术");
              set_apply (t, 0, APPLY_TREATMENT, TREAT_BREAST_SURGERY, 0);
              set_apply (t, 1, APPLY_STAGE, pathology == MUYING_BREAST_PATHOLOGY_DCIS ? MUYING_CANCER_STAGE_0
                                                                                       : pick_stage (d, TRUE), 0);
              t = plan_add (plan, MUYING_FOLLOWUP_DONE, plan_last_jd (plan, exam_jd) + (guint32) range (d, 7, 60),
                            NULL, NULL);
              t->outcome = "乳腺癌已手术治疗，转肿瘤专科随访";
              return;
            }
          t = plan_add (plan, MUYING_FOLLOWUP_DONE, plan_last_jd (plan, exam_jd) + (guint32) range (d, 1, 14), NULL,
                        NULL);
          t->outcome = "病理良性，定期复查";
          return;
        }
      if (g_strcmp0 (step, "mammography") != 0)
        plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, exam_jd) + (guint32) range (d, 3, 21), NULL,
                  "专家评估：建议6个月后复查");
      t = plan_add (plan, MUYING_FOLLOWUP_DONE, plan_last_jd (plan, exam_jd) + (guint32) range (d, 0, 14), NULL, NULL);
      t->outcome = "定期随访";
      return;
    }
  if (g_strcmp0 (step, "repeat") == 0)
    plan_add (plan, MUYING_FOLLOWUP_RESULT, exam_jd + (guint32) range (d, 350, 420), NULL, "12个月后复查未见异常");
  else if (g_strcmp0 (step, "cytology") == 0)
    plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, exam_jd) + (guint32) range (d, 7, 21), NULL,
              "细胞学分流：未见上皮内病变");
  else if (g_strcmp0 (step, "resample") == 0)
    plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, exam_jd) + (guint32) range (d, 7, 30), NULL,
              "重新取样，细胞学未见异常");
  else
    plan_add (plan, MUYING_FOLLOWUP_RESULT, plan_last_jd (plan, exam_jd) + (guint32) range (d, 3, 21), NULL,
              "乳腺超声检查已完成");
  t = plan_add (plan, MUYING_FOLLOWUP_DONE, plan_last_jd (plan, exam_jd) + (guint32) range (d, 0, 14), NULL, NULL);
  t->outcome = "随访未见异常";
}

static gboolean
gen_two_cancer (Demo     *d,
                guint32   jd,
                GError  **error)
{
  MuyingTwoCancerRecord r;
  g_autoptr(MuyingClassification) c0 = NULL;
  g_autoptr(MuyingClassification) c = NULL;
  RecordRow rr;
  Plan plan = { .n = 0 };
  guint reached = 0;
  Event ev;
  Woman w;
  gint64 record_id;
  gboolean cervical, breast, hpv_positive;
  double s;
  char key[40], area[7];
  const char *institution;

  memset (&r, 0, sizeof r);
  memset (&rr, 0, sizeof rr);
  if (!heap_pop_due (d->reexam_events, jd, 365, &ev))
    {
      int age = TWO_CANCER_AGE_MIN + (int) table_pick (d, &d->two_cancer_ages);

      if (!new_woman (d, MUYING_DEMO_GIVEN_OLDER_WOMAN, birth_for_age (d, age, jd), FALSE, jd, &w, error))
        return FALSE;
    }
  else
    w = ev.woman;

  make_key (d, MUYING_PROGRAM_TWO_CANCER, jd, key);
  institution = pick_string (d, d->institutions[MUYING_DEMO_INSTITUTION_TWO_CANCER],
                             d->n_institutions[MUYING_DEMO_INSTITUTION_TWO_CANCER]);
  r.exam_no = key;
  r.id_number = w.id_number;
  r.name = w.name;
  r.institution = (char *) institution;
  jd_to_date (w.birth_jd, &r.birth_date);
  jd_to_date (jd, &r.exam_date);

  s = g_rand_double (d->rand);
  cervical = s < 0.95;
  breast = s >= 0.10;
  hpv_positive = chance (d, 0.12);
  if (cervical)
    {
      double strategy = g_rand_double (d->rand);
      gboolean hpv_tested = FALSE, cytology_done = FALSE;

      if (strategy < 0.50)
        {
          /* HPV primary; positive women triaged by cytology. */
          hpv_tested = TRUE;
          cytology_done = hpv_positive && chance (d, 0.85);
        }
      else if (strategy < 0.90)
        {
          /* cytology primary (or VIA/VILI where there is no cytology) */
          if (chance (d, 0.06))
            r.via_vili = chance (d, hpv_positive ? 0.2 : 0.02) ? MUYING_EXAM_ABNORMAL : MUYING_EXAM_NORMAL;
          else
            cytology_done = TRUE;
        }
      else
        hpv_tested = cytology_done = TRUE;
      if (cytology_done)
        r.cytology = pick_cytology (d, hpv_positive);
      /* reflex HPV for ASC-US */
      if (!hpv_tested && r.cytology == MUYING_CYTOLOGY_ASC_US && chance (d, 0.7))
        hpv_tested = TRUE;
      if (hpv_tested)
        {
          if (chance (d, 0.01))
            r.hpv = MUYING_HPV_NOT_DONE;
          else if (hpv_positive)
            {
              r.hpv = MUYING_HPV_POSITIVE;
              r.hpv_types = pick_hpv_types (d);
            }
          else
            r.hpv = MUYING_HPV_NEGATIVE;
        }
    }
  if (breast)
    {
      if (chance (d, 0.95))
        r.cbe = chance (d, 0.03) ? MUYING_EXAM_ABNORMAL : MUYING_EXAM_NORMAL;
      if (chance (d, 0.92))
        r.us_birads = pick_us_birads (d);
      if (chance (d, 0.04))
        r.mammo_birads = pick_mammo_birads (d);
    }

  if (r.via_vili != MUYING_EXAM_NOT_RECORDED)
    r.visible_lesion = yes_no (d, 0.005);
  c0 = muying_rule_set_classify_two_cancer (d->rules, &r);
  if (c0->level > MUYING_LEVEL_LOW)
    {
      plan_two_cancer (d, &r, c0, jd, &plan);
      reached = plan_finish (d, &plan, jd);
      for (guint i = 0; i < reached; i++)
        for (guint slot = 0; slot < 2; slot++)
          {
            const Apply *a = &plan.t[i].apply[slot];

            switch (a->kind)
              {
              case APPLY_COLPOSCOPY:
                r.colposcopy = (MuyingExamResult) a->v1;
                break;
              case APPLY_HISTOLOGY:
                r.cervical_histology = (MuyingCervicalHistology) a->v1;
                /* the biopsy: a few days before its pathology came back */
                jd_to_date (later_of (jd, plan.t[i].jd - (guint32) g_rand_int_range (d->background, 3, 8)), &r.biopsy_date);
                break;
              case APPLY_MAMMOGRAPHY:
                r.mammo_birads = (MuyingBirads) a->v1;
                break;
              case APPLY_BREAST_PATHOLOGY:
                r.breast_pathology = (MuyingBreastPathology) a->v1;
                if (!g_date_valid (&r.biopsy_date))
                  jd_to_date (later_of (jd, plan.t[i].jd - (guint32) g_rand_int_range (d->background, 3, 8)), &r.biopsy_date);
                break;
              case APPLY_STAGE:
                if (r.breast_pathology >= MUYING_BREAST_PATHOLOGY_DCIS)
                  r.breast_stage = (MuyingCancerStage) a->v1;
                else
                  r.cervical_stage = (MuyingCancerStage) a->v1;
                break;
              case APPLY_TREATMENT:
                /* Most treated women have their treatment and its date recorded. */
                if (!background_chance (d, 0.9))
                  break;
                if (treatments[a->v1] == MUYING_TREATMENT_SURGERY)
                  {
                    r.breast_treatment = treatments[a->v1];
                    jd_to_date (plan.t[i].jd, &r.breast_treatment_date);
                  }
                else
                  {
                    r.cervical_treatment = treatments[a->v1];
                    jd_to_date (plan.t[i].jd, &r.cervical_treatment_date);
                  }
                break;
              default:
                break;
              }
          }
    }
  fill_two_cancer_background (d, &r, area);
  c = muying_rule_set_classify_two_cancer (d->rules, &r);

  /* The next round: cytology every 3 years, HPV every 5 (docs/background.md). */
  if (chance (d, 0.35))
    heap_push (d, d->reexam_events, EVENT_REEXAM,
               jd + (guint32) (r.hpv != MUYING_HPV_NOT_RECORDED && r.cytology == MUYING_CYTOLOGY_NOT_RECORDED
                               ? range (d, 1750, 1900) : range (d, 1040, 1150)), 0, &w);

  prepare_record (d, c, w.person_id, jd, institution, &rr);
  if (!muying_store_bulk_add_two_cancer (d->bulk, &r, c, &rr.row, &record_id, error) ||
      !finish_record (d, MUYING_PROGRAM_TWO_CANCER, record_id, c, &rr, error))
    return FALSE;

  if (c0->level > MUYING_LEVEL_LOW)
    return insert_followup (d, MUYING_PROGRAM_TWO_CANCER, record_id, jd, NULL, c0, &rr.review, &plan, reached,
                            error);
  return TRUE;
}

/* ---- set-up ------------------------------------------------------------------------------ */

static void
demo_init_tables (Demo *d)
{
  const MuyingDemoWeighted *surnames;
  guint n, *weights;
  guint panel_weights[3];
  const char * const *ids;

  surnames = muying_demo_names_get_surnames (&n);
  d->surname_list = surnames;
  weights = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    weights[i] = surnames[i].weight;
  table_init (&d->surnames, weights, n);
  g_free (weights);

  d->area_list = muying_demo_names_get_areas (&n);
  weights = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    weights[i] = muying_demo_names_get_area_weight (&d->area_list[i]);
  table_init (&d->areas, weights, n);
  g_free (weights);

  for (guint i = 0; i < MUYING_DEMO_N_GIVEN_LISTS; i++)
    d->given[i] = muying_demo_names_get_given ((MuyingDemoGivenList) i, &d->n_given[i]);
  for (guint i = 0; i < MUYING_DEMO_N_INSTITUTION_LISTS; i++)
    d->institutions[i] = muying_demo_names_get_institutions ((MuyingDemoInstitutionList) i, &d->n_institutions[i]);
  d->phone_prefixes = muying_demo_names_get_phone_prefixes (&d->n_phone_prefixes);

  table_init (&d->prenatal_ages, prenatal_age_weights, G_N_ELEMENTS (prenatal_age_weights));
  table_init (&d->two_cancer_ages, two_cancer_age_weights, G_N_ELEMENTS (two_cancer_age_weights));
  table_init (&d->hpv_types, hpv_type_weights, G_N_ELEMENTS (hpv_type_weights));

  for (guint t = 0; t < MUYING_N_PRENATAL_TESTS; t++)
    muying_rule_set_get_test_window (d->rules, (MuyingPrenatalTest) t, &d->window_first[t], &d->window_last[t]);

  /* The panels this rule set has, and which loci each tests. */
  ids = muying_rule_set_list_panels (d->rules);
  for (guint p = 0; p < G_N_ELEMENTS (panel_shares); p++)
    {
      d->panel_present[p] = ids != NULL && g_strv_contains (ids, panel_shares[p].id);
      panel_weights[p] = d->panel_present[p] ? panel_shares[p].weight : 0;
      for (guint l = 0; l < G_N_ELEMENTS (loci); l++)
        loci[l].on_panel[p] = d->panel_present[p] &&
                              muying_rule_set_resolve_variant (d->rules, panel_shares[p].id, loci[l].gene,
                                                               loci[l].variant, NULL, NULL);
    }
  table_init (&d->panels, panel_weights, G_N_ELEMENTS (panel_weights));
}

static void
demo_clear (Demo *d)
{
  table_clear (&d->surnames);
  table_clear (&d->areas);
  table_clear (&d->prenatal_ages);
  table_clear (&d->two_cancer_ages);
  table_clear (&d->hpv_types);
  table_clear (&d->panels);
  g_clear_pointer (&d->prenatal_events, g_array_unref);
  g_clear_pointer (&d->birth_events, g_array_unref);
  g_clear_pointer (&d->reexam_events, g_array_unref);
  if (d->reviewers != NULL)
    {
      for (guint i = 0; i < d->reviewers->len; i++)
        g_free (g_array_index (d->reviewers, Reviewer, i).login);
      g_clear_pointer (&d->reviewers, g_array_unref);
    }
  g_clear_pointer (&d->variants, g_ptr_array_unref);
  g_clear_pointer (&d->notes, g_string_chunk_free);
  g_clear_pointer (&d->rand, g_rand_free);
  g_clear_pointer (&d->background, g_rand_free);
}

/* The enabled doctors and administrators, in the order their accounts were made. */
static gboolean
load_reviewers (Demo    *d,
                GError **error)
{
  g_autoptr(GListModel) users = muying_store_list_users (d->store, error);

  if (users == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(MuyingUser) user = g_list_model_get_item (users, i);
      MuyingRole role = muying_user_get_role (user);
      Reviewer rv;

      if ((role != MUYING_ROLE_DOCTOR && role != MUYING_ROLE_ADMIN) || muying_user_get_disabled (user))
        continue;
      rv.id = muying_user_get_id (user);
      rv.login = g_strdup (muying_user_get_login (user));
      g_array_append_val (d->reviewers, rv);
    }
  return TRUE;
}

/* Records per day for each programme: fewer on weekends at clinics (births every day), more
 * in the two-cancer campaign months (March–June, September–November). */
static double
day_weight (MuyingProgram program,
            guint32       jd)
{
  GDate date;
  GDateWeekday wd;
  GDateMonth month;
  gboolean weekend;

  jd_to_date (jd, &date);
  wd = g_date_get_weekday (&date);
  month = g_date_get_month (&date);
  weekend = wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY;
  switch (program)
    {
    case MUYING_PROGRAM_NEWBORN:
      return weekend ? 0.85 : 1.0;
    case MUYING_PROGRAM_TWO_CANCER:
      return (wd == G_DATE_SUNDAY ? 0.05 : wd == G_DATE_SATURDAY ? 0.3 : 1.0) *
             ((month >= G_DATE_MARCH && month <= G_DATE_JUNE) ||
              (month >= G_DATE_SEPTEMBER && month <= G_DATE_NOVEMBER) ? 1.5 : 1.0);
    case MUYING_PROGRAM_PRENATAL:
    case MUYING_N_PROGRAMS:
    default:
      return wd == G_DATE_SUNDAY ? 0.25 : wd == G_DATE_SATURDAY ? 0.5 : 1.0;
    }
}

/* ---- public API -------------------------------------------------------------------------- */

void
muying_demo_options_init (MuyingDemoOptions *options)
{
  memset (options, 0, sizeof *options);
  options->n_records = 1000;
  options->seed = 1;
  g_date_clear (&options->today, 1);
}

gboolean
muying_demo_get_period (const MuyingDemoOptions *options,
                        GDate                   *from,
                        GDate                   *to,
                        GError                 **error)
{
  GDate today;

  if (g_date_valid (&options->today))
    today = options->today;
  else
    muying_date_today (&today);

  if (options->year == 0)
    {
      *to = today;
      *from = today;
      g_date_subtract_years (from, 10);
      g_date_add_days (from, 1);
      return TRUE;
    }
  if (options->year < 1902 || options->year > 2999)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("The year must be between 1902 and 2999"));
      return FALSE;
    }
  g_date_clear (from, 1);
  g_date_clear (to, 1);
  g_date_set_dmy (from, 1, G_DATE_OCTOBER, (GDateYear) (options->year - 1));
  g_date_set_dmy (to, 30, G_DATE_SEPTEMBER, (GDateYear) options->year);
  if (g_date_compare (from, &today) > 0)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED,
                   _("Statistical year %d has not begun yet: records cannot be dated in the future"),
                   options->year);
      return FALSE;
    }
  if (g_date_compare (to, &today) > 0)
    *to = today;
  return TRUE;
}

static gboolean
generate (Demo                    *d,
          const MuyingDemoOptions *options,
          MuyingDemoProgressFunc   progress,
          gpointer                 user_data,
          GError                 **error)
{
  guint32 n_days = d->to_jd - d->from_jd + 1;
  guint64 n[MUYING_N_PROGRAMS];
  double total_w[MUYING_N_PROGRAMS] = { 0 }, cum_w[MUYING_N_PROGRAMS] = { 0 };
  guint64 emitted[MUYING_N_PROGRAMS] = { 0 };

  n[MUYING_PROGRAM_PRENATAL] = (guint64) llround (options->n_records * SHARE_PRENATAL);
  n[MUYING_PROGRAM_NEWBORN] = (guint64) llround (options->n_records * SHARE_NEWBORN);
  n[MUYING_PROGRAM_NEWBORN] = MIN (n[MUYING_PROGRAM_NEWBORN], options->n_records - n[MUYING_PROGRAM_PRENATAL]);
  n[MUYING_PROGRAM_TWO_CANCER] = options->n_records - n[MUYING_PROGRAM_PRENATAL] - n[MUYING_PROGRAM_NEWBORN];

  for (guint32 i = 0; i < n_days; i++)
    for (guint p = 0; p < MUYING_N_PROGRAMS; p++)
      total_w[p] += day_weight ((MuyingProgram) p, d->from_jd + i);

  for (guint32 i = 0; i < n_days; i++)
    {
      guint32 jd = d->from_jd + i;

      for (guint p = 0; p < MUYING_N_PROGRAMS; p++)
        {
          guint64 upto;

          cum_w[p] += day_weight ((MuyingProgram) p, jd);
          upto = i + 1 == n_days ? n[p] : MIN (n[p], (guint64) llround (n[p] * cum_w[p] / total_w[p]));
          for (; emitted[p] < upto; emitted[p]++)
            {
              gboolean ok;

              if (p == MUYING_PROGRAM_PRENATAL)
                ok = gen_prenatal (d, jd, error);
              else if (p == MUYING_PROGRAM_NEWBORN)
                ok = gen_newborn (d, jd, error);
              else
                ok = gen_two_cancer (d, jd, error);
              if (!ok)
                return FALSE;
              if (++d->done % PROGRESS_EVERY == 0 && progress != NULL)
                progress (d->done, options->n_records, user_data);
            }
        }
    }
  return TRUE;
}

/**
 * muying_demo_generate:
 * @rules: the rule set that classifies every record
 * @progress: (nullable): called every few thousand records
 * @summary: (out) (optional): what was written
 *
 * Adds @options->n_records synthetic records in one transaction. Nothing is written on error.
 */
gboolean
muying_demo_generate (MuyingStore             *store,
                      MuyingRuleSet           *rules,
                      const MuyingDemoOptions *options,
                      MuyingDemoProgressFunc   progress,
                      gpointer                 user_data,
                      MuyingDemoSummary       *summary,
                      GError                 **error)
{
  Demo d = { 0 };
  MuyingDemoSummary local_summary;
  g_autofree char *detail = NULL;
  g_autofree char *from_text = NULL, *to_text = NULL;
  GDate from, to, today;
  gint64 n_demos;
  MuyingStoreBulk *bulk = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  gboolean ok = FALSE;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_RULE_SET (rules), FALSE);
  g_return_val_if_fail (options != NULL && options->n_records > 0, FALSE);

  if (summary == NULL)
    summary = &local_summary;
  memset (summary, 0, sizeof *summary);
  if (!muying_demo_get_period (options, &from, &to, error))
    return FALSE;
  if (g_date_valid (&options->today))
    today = options->today;
  else
    muying_date_today (&today);
  summary->from = from;
  summary->to = to;

  d.store = store;
  d.rules = rules;
  d.rand = g_rand_new_with_seed (options->seed);
  d.background = g_rand_new_with_seed (options->seed ^ 0x9e3779b9u);
  d.user = options->user;
  d.today_jd = g_date_get_julian (&today);
  d.from_jd = g_date_get_julian (&from);
  d.to_jd = g_date_get_julian (&to);
  d.summary = summary;
  d.prenatal_events = g_array_new (FALSE, FALSE, sizeof (Event));
  d.birth_events = g_array_new (FALSE, FALSE, sizeof (Event));
  d.reexam_events = g_array_new (FALSE, FALSE, sizeof (Event));
  d.reviewers = g_array_new (FALSE, FALSE, sizeof (Reviewer));
  d.variants = g_ptr_array_new ();
  d.notes = g_string_chunk_new (1024);
  demo_init_tables (&d);
  if (!muying_followup_deadlines_load (&d.deadlines, muying_rule_set_get_data_dir (rules), error))
    goto out;
  if (!load_reviewers (&d, error))
    goto out;

  /* A second demo into the same database gets keys of its own. */
  n_demos = muying_store_count_audit (store, "demo", NULL);
  if (n_demos > 0)
    g_snprintf (d.key_suffix, sizeof d.key_suffix, "-%lld", (long long) n_demos + 1);

  bulk = muying_store_bulk_begin (store, options->user, options->n_records, error);
  if (bulk == NULL)
    goto out;
  d.bulk = bulk;
  g_debug ("demo: set-up %.2f s", g_timer_elapsed (timer, NULL));
  if (!generate (&d, options, progress, user_data, error))
    {
      muying_store_bulk_abort (bulk);
      goto out;
    }
  g_debug ("demo: %" G_GUINT64_FORMAT " records generated at %.2f s", options->n_records,
           g_timer_elapsed (timer, NULL));

  from_text = muying_date_format (&from);
  to_text = muying_date_format (&to);
  detail = g_strdup_printf ("{\"records\":%" G_GUINT64_FORMAT ",\"seed\":%u,\"from\":\"%s\",\"to\":\"%s\","
                            "\"prenatal\":%" G_GUINT64_FORMAT ",\"newborn\":%" G_GUINT64_FORMAT
                            ",\"two_cancer\":%" G_GUINT64_FORMAT "}",
                            options->n_records, options->seed, from_text, to_text,
                            summary->records[MUYING_PROGRAM_PRENATAL], summary->records[MUYING_PROGRAM_NEWBORN],
                            summary->records[MUYING_PROGRAM_TWO_CANCER]);
  /* One audit row names the whole demo: N, the seed and the period. */
  if (!muying_store_bulk_commit (bulk, "demo", detail, error))
    goto out;
  g_debug ("demo: committed at %.2f s", g_timer_elapsed (timer, NULL));
  if (progress != NULL)
    progress (options->n_records, options->n_records, user_data);
  ok = TRUE;

out:
  demo_clear (&d);
  return ok;
}
