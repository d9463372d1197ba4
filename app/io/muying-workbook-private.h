/* muying-workbook-private.h: what the parts of the annual workbook share (muying-workbook.c, the
 * breakdown tables of muying-workbook-breakdowns.c and the registers of muying-workbook-registers.c)
 *
 * A Writer holds the workbook, its formats and the first failure: every call after a failure
 * does nothing, and the caller turns w->error into its GError at the end of a step. A Sheet is
 * written strictly row after row (constant_memory mode).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <xlsxwriter.h>

#include "muying-indicators.h"

G_BEGIN_DECLS

/* SimSun: on every Chinese Windows, and what bureau forms are printed in. */
#define WORKBOOK_FONT "宋体"
/* The width (in characters) of the indicator name column of the indicator tables. */
#define INDICATOR_LABEL_WIDTH 36

typedef struct
{
  lxw_workbook  *wb;
  GError        *error;        /* the first failure; every later call is skipped */
  lxw_format    *plain;        /* the font only: column defaults and unformatted text */
  lxw_format    *title;
  lxw_format    *subtitle;
  lxw_format    *header;
  lxw_format    *label;
  lxw_format    *text;
  lxw_format    *id_text;
  lxw_format    *integer;
  lxw_format    *percent;
  lxw_format    *date;
  lxw_format    *total_label;
  lxw_format    *total_integer;
  lxw_format    *total_percent;
  lxw_format    *note;
  lxw_format    *cover_number;
  lxw_format    *rate[3];      /* an indicator's rate, by MuyingRateUnit: the unit is in the format */
  lxw_format    *total_rate[3];
  lxw_format    *missing;      /* 未填报 */
  lxw_format    *part_label;   /* "其中：…" rows under an indicator */
  lxw_format    *pass;
  lxw_format    *fail;         /* a failed check, in red */
} Writer;

typedef struct
{
  lxw_worksheet *ws;
  char          *name;
  lxw_row_t      row;          /* the next row to write: constant_memory writes in order */
} Sheet;

gboolean    muying_workbook_check          (Writer     *w,
                                            lxw_error   err,
                                            const char *what);
void        muying_workbook_put_string     (Writer     *w,
                                            Sheet      *sh,
                                            lxw_row_t   row,
                                            lxw_col_t   col,
                                            const char *text,
                                            lxw_format *format);
void        muying_workbook_put_number     (Writer     *w,
                                            Sheet      *sh,
                                            lxw_row_t   row,
                                            lxw_col_t   col,
                                            double      value,
                                            lxw_format *format);
/* =IF(den=0,0,num/den) with the computed ratio as the cached value. */
void        muying_workbook_put_rate       (Writer     *w,
                                            Sheet      *sh,
                                            lxw_row_t   row,
                                            lxw_col_t   col,
                                            lxw_row_t   num_row,
                                            lxw_col_t   num_col,
                                            lxw_row_t   den_row,
                                            lxw_col_t   den_col,
                                            double      cached,
                                            lxw_format *format);
/* A date cell for "YYYY-MM-DD", else the text as it is. */
void        muying_workbook_put_date       (Writer     *w,
                                            Sheet      *sh,
                                            lxw_row_t   row,
                                            lxw_col_t   col,
                                            const char *iso);
/* A title across @n_cols columns of the current row; the sheet moves to the next row. */
void        muying_workbook_put_title      (Writer     *w,
                                            Sheet      *sh,
                                            const char *text,
                                            lxw_col_t   n_cols,
                                            lxw_format *format);
guint       muying_workbook_wrapped_lines  (const char *text,
                                            double      width);
void        muying_workbook_set_row_lines  (Writer     *w,
                                            Sheet      *sh,
                                            lxw_row_t   row,
                                            guint       lines);
void        muying_workbook_set_column     (Writer     *w,
                                            Sheet      *sh,
                                            lxw_col_t   first,
                                            lxw_col_t   last,
                                            double      width,
                                            lxw_format *format);
/* The numerator, denominator and rate of @indicator at @col, @col + 1, @col + 2 of @row. */
void        muying_workbook_put_indicator  (Writer                *w,
                                            Sheet                 *sh,
                                            lxw_row_t              row,
                                            lxw_col_t              col,
                                            const MuyingIndicator *indicator,
                                            gboolean               total);
/* The bureau's Chinese name of an indicator. */
const char *muying_workbook_indicator_label (const MuyingIndicator *indicator);
void        muying_workbook_put_header_row (Writer             *w,
                                            Sheet              *sh,
                                            const char * const *headers,
                                            guint               n);

/* Whether @indicator is one of @programme's ('P', 'N', 'C', 'B': the first letter of its id). */
static inline gboolean
muying_workbook_in_programme (const MuyingIndicator *indicator,
                              char                   programme)
{
  return indicator->id[0] == programme;
}

G_END_DECLS
