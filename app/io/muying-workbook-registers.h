/* muying-workbook-registers.h: the high-risk registers of the workbook, one per programme
 * (产前高危个案登记, 新生儿高危个案登记, 两癌高危个案登记; docs/statistics.md)
 *
 * Each row is a case of muying-store-case-register.h: the columns of the former single register
 * (programme, key, name, ID number, date, reasons, follow-up state, days open — or, de-identified,
 * row number, county code, age, month), then the programme's screening, diagnosis, outcome,
 * treatment and follow-up columns, headed by the Chinese column names of the import files and
 * valued by the Chinese names of their choices. De-identified, every date of a case is its month.
 * A register with more rows than a sheet holds continues on "NAME(2)", "NAME(3)", ….
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "muying-store-case-register.h"
#include "muying-workbook-private.h"

G_BEGIN_DECLS

/* The Chinese label of a reason code (the rule set's, cached by the caller). */
typedef const char *(*WorkbookReasonLabel) (gpointer    data,
                                            const char *code);
/* Called every few thousand rows: FALSE (with @error) stops the export (cancelled). */
typedef gboolean    (*WorkbookRegisterTick) (gpointer  data,
                                             gint64    n_written,
                                             GError  **error);

typedef struct
{
  Writer               *w;
  MuyingProgram         program;
  GPtrArray            *sheets;          /* Sheet *: this register's, in order (at least one) */
  guint                 max_rows;        /* rows per sheet, below the header */
  gboolean              deidentify;
  WorkbookReasonLabel   reason_label;
  WorkbookRegisterTick  tick;
  gpointer              data;            /* of reason_label and tick */
  gint64                n_written;       /* rows written */
} WorkbookRegister;

/* The sheet name of register @program: "产前高危个案登记". */
const char *muying_workbook_register_name (MuyingProgram program);

/* Writes the header of every sheet of @reg, then its cases; "本期间无高危个案" when it has none. */
gboolean    muying_workbook_write_register (WorkbookRegister   *reg,
                                            MuyingStore        *store,
                                            const MuyingPeriod *period,
                                            const GDate        *today,
                                            GCancellable       *cancellable,
                                            GError            **error);

G_END_DECLS
