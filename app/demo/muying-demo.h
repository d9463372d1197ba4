/* muying-demo.h: synthetic screening records for demonstrations and benchmarks
 *
 * `muying-cli demo --records N [--seed S] [--year Y]` (docs/cli.md). Deterministic for a seed
 * (and the same "today" and database contents): GRand drives every choice.
 *
 * What is written is what the normal saves (muying-store-records.c) write — person, record, the
 * programme's row, reasons, newborn variants, the follow-up of a flagged record — plus what
 * later work adds: follow-up steps in every state (some overdue), later results (prenatal
 * diagnosis and pregnancy outcome, hearing rescreen and audiology, colposcopy, pathology,
 * treatment), doctors' reviews and signatures. Every record is classified by the real rule
 * set on its final fields. Distributions follow the published rates of docs/background.md (A5, A7, A9,
 * B1, B3, B4, C1, C5; D1/D2 for ID numbers with real area codes and valid check characters).
 *
 * The rows go in through the store's bulk load (muying-store-bulk.h): ONE transaction, no audit
 * row per record; one audit row "demo" records N, the seed and the period. The demo holds no SQL.
 *
 * Reviews and signatures are by the database's enabled doctor and administrator accounts (a
 * signed record names its signer); a database without such an account gets no reviews.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "muying-rule-set.h"
#include "muying-store.h"

G_BEGIN_DECLS

/* The shares of the three programmes: prenatal 40 %, newborn 30 %, two-cancer 30 %. */

typedef struct
{
  guint64     n_records;   /* ≥ 1 */
  guint32     seed;
  int         year;        /* statistical year Y (1 Oct Y−1 … 30 Sep Y, clipped to today);
                              0 = the ten years up to today */
  GDate       today;       /* invalid = the real today */
  const char *user;        /* login written as created_by and in the audit; may be NULL */
} MuyingDemoOptions;

typedef struct
{
  guint64 records[MUYING_N_PROGRAMS];
  guint64 persons;          /* new persons (women and newborns) */
  guint64 flagged;          /* records above low */
  guint64 followups;
  guint64 reviewed;         /* reviewed or signed */
  guint64 signed_records;
  guint64 diagnoses;        /* prenatal diagnoses */
  guint64 outcomes;         /* pregnancy outcomes */
  guint64 audiology;        /* audiology diagnoses */
  GDate   from;             /* the period the dates were spread over */
  GDate   to;
} MuyingDemoSummary;

/* Called every few thousand records and at the end. */
typedef void (*MuyingDemoProgressFunc) (guint64  done,
                                        guint64  total,
                                        gpointer user_data);

void     muying_demo_options_init   (MuyingDemoOptions       *options);

/* The period the records of @options are spread over; FALSE (and @error) when the year lies
 * entirely in the future or is out of range. */
gboolean muying_demo_get_period     (const MuyingDemoOptions *options,
                                     GDate                   *from,
                                     GDate                   *to,
                                     GError                 **error);

gboolean muying_demo_generate       (MuyingStore             *store,
                                     MuyingRuleSet           *rules,
                                     const MuyingDemoOptions *options,
                                     MuyingDemoProgressFunc   progress,
                                     gpointer                 user_data,
                                     MuyingDemoSummary       *summary,
                                     GError                 **error);

G_END_DECLS
