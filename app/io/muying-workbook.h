/* muying-workbook.h: the annual workbook for the maternal health bureau (docs/statistics.md)
 *
 * One .xlsx with the sheets 说明, 校验, 产前筛查, 新生儿耳聋基因筛查, 宫颈癌检查, 乳腺癌检查,
 * the registers 产前高危个案登记, 新生儿高危个案登记 and 两癌高危个案登记 (each continued in
 * NAME(2), … past 1,048,575 cases) and 随访. Every number
 * comes from muying-stats or muying-indicators (the same functions as `muying-cli stats`; the
 * indicators of each month, quarter and of the whole period are computed on their own); rates
 * are formulas whose cached values are the computed rates. The workbook is a Chinese document
 * for the bureau: sheet names, headings, indicator names and reason labels are Chinese whatever
 * the user's language; error messages follow the user's language, and so do the breakdown
 * failures of muying_indicators_check quoted on 校验.
 *
 * The file is written in libxlsxwriter's constant_memory mode (flat memory for a million-row
 * register) to a temporary file in the destination folder, and renamed over @path only when it
 * was written completely: a failed or cancelled export leaves no file behind. On success an
 * "export" row is added to the audit trail (period, file name, de-identified or not).
 *
 * Threads: muying_workbook_export() may run in a worker thread (GTask). @progress is then
 * called in that thread: hop to the main context (g_main_context_invoke) before touching
 * widgets. The store's connection is serialized (SQLITE_OPEN_FULLMUTEX), so the main thread may
 * keep using it, but each of its queries waits for the export's current statement.
 *
 * Errors: MUYING_EXPORT_ERROR_FAILED (the message says what failed, in the user's language),
 * MUYING_EXPORT_ERROR_CANCELLED, or a MUYING_STORE_ERROR from reading the database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "muying-period.h"
#include "muying-rule-set.h"
#include "muying-store.h"

G_BEGIN_DECLS

/* Excel's last row is 1,048,576; one is the header. */
#define MUYING_WORKBOOK_MAX_REGISTER_ROWS 1048575

/* @fraction in [0, 1]. */
typedef void (*MuyingWorkbookProgressFunc) (double   fraction,
                                            gpointer user_data);

typedef struct
{
  MuyingPeriod   period;
  gboolean       deidentify;         /* no name, key, phone or full date; of the ID number the county
                                      * code and the age; the period must be whole months */
  const char    *user;               /* login of the user exporting: cover sheet and audit; nullable */
  MuyingRuleSet *rule_set;           /* nullable: reason labels (Chinese) and the rule-set version */
  const GDate   *today;              /* nullable = today: "overdue" and the days open */
  guint          max_register_rows;  /* rows per register sheet; 0 = MUYING_WORKBOOK_MAX_REGISTER_ROWS */
} MuyingWorkbookOptions;

/* Sheet names, in order, for readers and tests (a register past its rows per sheet continues
 * on "NAME(2)", … right after it). */
#define MUYING_WORKBOOK_N_SHEETS 10
extern const char * const muying_workbook_sheet_names[MUYING_WORKBOOK_N_SHEETS];

gboolean muying_workbook_export (MuyingStore                 *store,
                                 const char                  *path,
                                 const MuyingWorkbookOptions *options,
                                 MuyingWorkbookProgressFunc   progress,
                                 gpointer                     user_data,
                                 GCancellable                *cancellable,
                                 GError                     **error);

G_END_DECLS
