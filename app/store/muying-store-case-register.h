/* muying-store-case-register.h: the high-risk cases of one programme with everything that
 * happened to them, for the registers of the workbook (产前高危个案登记, 新生儿高危个案登记,
 * 两癌高危个案登记; docs/statistics.md)
 *
 * A case is a screening record at level high of the period (its record date). Besides the
 * columns of the former single register (MuyingRegisterRow), each row carries the programme's
 * case columns: its screening results, then its diagnosis, outcome and treatment (the latest
 * linked follow-on record: a prenatal diagnosis and a pregnancy outcome of its pregnancy, an
 * audiology diagnosis of the newborn; the treatment columns of the two-cancer record), then its
 * follow-up. Free text (notes, diagnosis descriptions, next steps) is never part of a row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "muying-period.h"
#include "muying-stats.h"
#include "muying-store.h"

G_BEGIN_DECLS

/* Where a case column's name and value labels are described: a screening programme's
 * descriptor ("prenatal", "newborn", "two_cancer"), a follow-on one ("prenatal_diagnosis",
 * "pregnancy_outcome", "audiology") or the follow-up ("followup"). */
typedef struct
{
  const char *source;
  const char *key;      /* the field of that descriptor: "procedure_date" */
  gboolean    date;     /* an ISO date */
} MuyingCaseColumn;

/* The case columns of @program's register, in order; @n_columns: (out). */
const MuyingCaseColumn *muying_case_register_columns (MuyingProgram  program,
                                                      guint         *n_columns);

typedef struct
{
  MuyingRegisterRow    base;    /* the columns of every register */
  const char * const  *values;  /* by muying_case_register_columns (); NULL when not recorded */
} MuyingCaseRegisterRow;

/* Return FALSE (with @error set) to stop. The row's strings are valid during the call only. */
typedef gboolean (*MuyingCaseRegisterFunc) (const MuyingCaseRegisterRow *row,
                                            gpointer                     user_data,
                                            GError                     **error);

/* The high-risk cases of @program in @period. */
gint64   muying_store_count_case_register   (MuyingStore           *store,
                                             const MuyingPeriod    *period,
                                             MuyingProgram          program,
                                             GError               **error);
/* Each high-risk case of @program in @period, by date, then key; @today (nullable = today)
 * counts the days open. */
gboolean muying_store_foreach_case_register (MuyingStore           *store,
                                             const MuyingPeriod    *period,
                                             MuyingProgram          program,
                                             const GDate           *today,
                                             MuyingCaseRegisterFunc func,
                                             gpointer               user_data,
                                             GCancellable          *cancellable,
                                             GError               **error);

G_END_DECLS
