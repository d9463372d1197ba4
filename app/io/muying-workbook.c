/* muying-workbook.c: the annual workbook (docs/statistics.md) with libxlsxwriter 1.1.4
 *
 * Habits: constant_memory mode, so every sheet is written strictly row after
 * row and merges only on the current row; every worksheet_* call and workbook_close are
 * checked and the first failure becomes a GError; user text (names, keys, institution) only
 * ever goes through worksheet_write_string, so "=HYPERLINK(…)" or "+86…" stays text; ID
 * numbers are strings in a "@" (text) column; rates are written with
 * worksheet_write_formula_num so that readers which do not recalculate see the right value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-workbook"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-headline.h"
#include "muying-indicators.h"
#include "muying-output-path.h"
#include "muying-stats.h"
#include "muying-workbook.h"
#include "muying-workbook-breakdowns.h"
#include "muying-workbook-private.h"
#include "muying-workbook-registers.h"

const char * const muying_workbook_sheet_names[MUYING_WORKBOOK_N_SHEETS] = {
  "说明", "校验", "产前筛查", "新生儿耳聋基因筛查", "宫颈癌检查", "乳腺癌检查", "产前高危个案登记", "新生儿高危个案登记",
  "两癌高危个案登记", "随访",
};

enum
{
  SHEET_COVER,
  SHEET_CHECKS,
  SHEET_PRENATAL,
  SHEET_NEWBORN,
  SHEET_CERVICAL,
  SHEET_BREAST,
  SHEET_REGISTER_PRENATAL,   /* the registers live in register_sheets */
  SHEET_REGISTER_NEWBORN,
  SHEET_REGISTER_TWO_CANCER,
  SHEET_FOLLOWUP,
};

/* Column widths (in characters) of the count columns of the indicator tables and of the text
 * column of the cover. */
#define VALUE_COLUMN_WIDTH 11
#define COVER_TEXT_WIDTH 90

/* ---- writing with every return checked -------------------------------------------------- */

gboolean
muying_workbook_check (Writer     *w,
                       lxw_error   err,
                       const char *what)
{
  if (w->error != NULL)
    return FALSE;
  if (err == LXW_NO_ERROR)
    return TRUE;
  /* TRANSLATORS: %s: what was being written (a sheet name), then the library's message */
  g_set_error (&w->error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_FAILED,
               _("Could not write the workbook (%s): %s (error %d)"), what, lxw_strerror (err), (int) err);
  return FALSE;
}

void
muying_workbook_put_string (Writer     *w,
                            Sheet      *sh,
                            lxw_row_t   row,
                            lxw_col_t   col,
                            const char *text,
                            lxw_format *format)
{
  if (w->error != NULL)
    return;
  /* Always a string cell, whatever the text begins with (never a formula). An empty text
   * would be refused by the library: a formatted blank cell instead. */
  if (text == NULL || *text == '\0')
    muying_workbook_check (w, worksheet_write_blank (sh->ws, row, col, format), sh->name);
  else
    muying_workbook_check (w, worksheet_write_string (sh->ws, row, col, text, format), sh->name);
}

void
muying_workbook_put_number (Writer     *w,
                            Sheet      *sh,
                            lxw_row_t   row,
                            lxw_col_t   col,
                            double      value,
                            lxw_format *format)
{
  if (w->error == NULL)
    muying_workbook_check (w, worksheet_write_number (sh->ws, row, col, value, format), sh->name);
}

/* =IF(den=0,0,num/den) with the computed ratio as the cached value. */
void
muying_workbook_put_rate (Writer     *w,
                          Sheet      *sh,
                          lxw_row_t   row,
                          lxw_col_t   col,
                          lxw_row_t   num_row,
                          lxw_col_t   num_col,
                          lxw_row_t   den_row,
                          lxw_col_t   den_col,
                          double      cached,
                          lxw_format *format)
{
  char num[LXW_MAX_CELL_NAME_LENGTH], den[LXW_MAX_CELL_NAME_LENGTH];
  g_autofree char *formula = NULL;

  if (w->error != NULL)
    return;
  lxw_rowcol_to_cell (num, num_row, num_col);
  lxw_rowcol_to_cell (den, den_row, den_col);
  formula = g_strdup_printf ("=IF(%s=0,0,%s/%s)", den, num, den);
  muying_workbook_check (w, worksheet_write_formula_num (sh->ws, row, col, formula, format, cached), sh->name);
}

void
muying_workbook_put_date (Writer     *w,
                          Sheet      *sh,
                          lxw_row_t   row,
                          lxw_col_t   col,
                          const char *iso)
{
  GDate date;

  if (w->error != NULL)
    return;
  if (iso == NULL || !muying_date_parse (iso, &date, NULL))
    {
      muying_workbook_put_string (w, sh, row, col, iso, w->text);
      return;
    }
  {
    lxw_datetime dt = { (int) g_date_get_year (&date), (int) g_date_get_month (&date),
                        (int) g_date_get_day (&date), 0, 0, 0 };
    muying_workbook_check (w, worksheet_write_datetime (sh->ws, row, col, &dt, w->date), sh->name);
  }
}

/* A title across @n_cols columns of the current row (merges only on the current row). */
void
muying_workbook_put_title (Writer     *w,
                           Sheet      *sh,
                           const char *text,
                           lxw_col_t   n_cols,
                           lxw_format *format)
{
  if (w->error != NULL)
    return;
  if (n_cols > 1)
    muying_workbook_check (w, worksheet_merge_range (sh->ws, sh->row, 0, sh->row, n_cols - 1, text, format), sh->name);
  else
    muying_workbook_put_string (w, sh, sh->row, 0, text, format);
  sh->row++;
}

/* How many lines @text takes when wrapped in a column of @width characters: a Chinese (wide)
 * character takes two widths. Used to give wrapped rows their height, which LibreOffice does
 * not work out from a file by itself. */
guint
muying_workbook_wrapped_lines (const char *text,
                               double      width)
{
  double used = 0;
  guint lines = 1;
  double room = MAX (width - 1, 2);

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      double w = g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

      if (used + w > room)
        {
          lines++;
          used = 0;
        }
      used += w;
    }
  return lines;
}

/* Sets the height of @row for @lines lines of text (before any cell of the row is written). */
void
muying_workbook_set_row_lines (Writer    *w,
                               Sheet     *sh,
                               lxw_row_t  row,
                               guint      lines)
{
  if (w->error == NULL && lines > 1)
    muying_workbook_check (w, worksheet_set_row (sh->ws, row, 15.0 * lines, NULL), sh->name);
}

void
muying_workbook_set_column (Writer     *w,
                            Sheet      *sh,
                            lxw_col_t   first,
                            lxw_col_t   last,
                            double      width,
                            lxw_format *format)
{
  if (w->error == NULL)
    muying_workbook_check (w, worksheet_set_column (sh->ws, first, last, width, format ? format : w->plain), sh->name);
}

/* Every format of the workbook, created once (libxlsxwriter formats are per workbook and cannot be freed one by one). */
static gboolean
create_formats (Writer *w)
{
  lxw_format **all[] = {
    &w->plain,
    &w->title,
    &w->subtitle,
    &w->header,
    &w->label,
    &w->text,
    &w->id_text,
    &w->integer,
    &w->percent,
    &w->date,
    &w->total_label,
    &w->total_integer,
    &w->total_percent,
    &w->note,
    &w->cover_number,
    &w->rate[0],
    &w->rate[1],
    &w->rate[2],
    &w->total_rate[0],
    &w->total_rate[1],
    &w->total_rate[2],
    &w->missing,
    &w->part_label,
    &w->pass,
    &w->fail,
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if ((*all[i] = workbook_add_format (w->wb)) == NULL)
      return muying_workbook_check (w, LXW_ERROR_MEMORY_MALLOC_FAILED, "formats");
  /* A CJK font on every format: Excel's default (Calibri) has no Chinese glyphs, so each
   * program would substitute its own, with other widths than the columns were sized for. */
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    format_set_font_name (*all[i], WORKBOOK_FONT);

  format_set_bold (w->title);
  format_set_font_size (w->title, 14);
  format_set_align (w->title, LXW_ALIGN_CENTER);
  format_set_align (w->title, LXW_ALIGN_VERTICAL_CENTER);

  format_set_bold (w->subtitle);
  format_set_font_size (w->subtitle, 11);

  format_set_bold (w->header);
  format_set_align (w->header, LXW_ALIGN_CENTER);
  format_set_align (w->header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color (w->header, 0xD9D9D9);
  format_set_border (w->header, LXW_BORDER_THIN);
  format_set_text_wrap (w->header);

  format_set_border (w->label, LXW_BORDER_THIN);
  format_set_text_wrap (w->label);
  format_set_align (w->label, LXW_ALIGN_VERTICAL_CENTER);

  format_set_border (w->text, LXW_BORDER_THIN);
  format_set_num_format (w->text, "@");

  format_set_num_format (w->id_text, "@");

  format_set_num_format (w->integer, "#,##0");
  format_set_border (w->integer, LXW_BORDER_THIN);

  format_set_num_format (w->percent, "0.00%");
  format_set_border (w->percent, LXW_BORDER_THIN);

  format_set_num_format (w->date, "yyyy-mm-dd");
  format_set_border (w->date, LXW_BORDER_THIN);

  format_set_bold (w->total_label);
  format_set_bg_color (w->total_label, 0xF2F2F2);
  format_set_border (w->total_label, LXW_BORDER_THIN);

  format_set_bold (w->total_integer);
  format_set_num_format (w->total_integer, "#,##0");
  format_set_bg_color (w->total_integer, 0xF2F2F2);
  format_set_border (w->total_integer, LXW_BORDER_THIN);

  format_set_bold (w->total_percent);
  format_set_num_format (w->total_percent, "0.00%");
  format_set_bg_color (w->total_percent, 0xF2F2F2);
  format_set_border (w->total_percent, LXW_BORDER_THIN);

  format_set_text_wrap (w->note);
  format_set_align (w->note, LXW_ALIGN_VERTICAL_TOP);

  format_set_num_format (w->cover_number, "#,##0");
  format_set_align (w->cover_number, LXW_ALIGN_LEFT);

  /* Rates of the indicators are written in their unit (63.5 for 63.5 %), the unit a literal of
   * the number format, so a reader sees it in every cell whatever the row's unit. */
  {
    static const char * const units[3] = { "0.00\"%\"", "0.00\"‰\"", "0.00\"/10万\"" };

    for (guint i = 0; i < 3; i++)
      {
        format_set_num_format (w->rate[i], units[i]);
        format_set_border (w->rate[i], LXW_BORDER_THIN);
        format_set_num_format (w->total_rate[i], units[i]);
        format_set_border (w->total_rate[i], LXW_BORDER_THIN);
        format_set_bold (w->total_rate[i]);
        format_set_bg_color (w->total_rate[i], 0xF2F2F2);
      }
  }
  format_set_border (w->missing, LXW_BORDER_THIN);
  format_set_align (w->missing, LXW_ALIGN_CENTER);
  format_set_font_color (w->missing, 0x808080);

  format_set_border (w->part_label, LXW_BORDER_THIN);
  format_set_indent (w->part_label, 2);
  format_set_text_wrap (w->part_label);

  format_set_border (w->pass, LXW_BORDER_THIN);
  format_set_align (w->pass, LXW_ALIGN_CENTER);

  format_set_border (w->fail, LXW_BORDER_THIN);
  format_set_font_color (w->fail, LXW_COLOR_RED);
  format_set_bold (w->fail);
  format_set_text_wrap (w->fail);
  return TRUE;
}

/* ---- indicator tables -------------------------------------------------------------------- *
 * A table is a header row, one row per group (month or age group) and a total row. Each
 * column is either a count (a gint64 member of MuyingStats, found by its offset) or a rate of
 * two other columns of the same table.
 */

typedef struct
{
  char     *header;
  gboolean  rate;
  gsize     offset;     /* count: offsetof (MuyingStats, …) */
  int       num;        /* rate: column indexes (0 = the first value column) */
  int       den;
} Column;

static void
column_clear (gpointer data)
{
  Column *c = data;

  g_free (c->header);
}

static GArray *
columns_new (void)
{
  GArray *columns = g_array_new (FALSE, TRUE, sizeof (Column));

  g_array_set_clear_func (columns, column_clear);
  return columns;
}

static int
add_count (GArray     *columns,
           const char *header,
           gsize       offset)
{
  Column c = { g_strdup (header), FALSE, offset, 0, 0 };

  g_array_append_val (columns, c);
  return (int) columns->len - 1;
}

static void
add_rate (GArray     *columns,
          const char *header,
          int         num,
          int         den)
{
  Column c = { g_strdup (header), TRUE, 0, num, den };

  g_array_append_val (columns, c);
}

static gint64
value_at (const MuyingStats *s,
          gsize              offset)
{
  return *(const gint64 *) (const void *) ((const char *) s + offset);
}

typedef struct
{
  lxw_row_t first_row;    /* the first group row */
  lxw_row_t last_row;     /* the last group row (before the total) */
} TableRows;

static void
write_table_row (Writer            *w,
                 Sheet             *sh,
                 const char        *label,
                 const MuyingStats *s,
                 GArray            *columns,
                 gboolean           total)
{
  lxw_row_t row = sh->row;

  muying_workbook_put_string (w, sh, row, 0, label, total ? w->total_label : w->label);
  for (guint i = 0; i < columns->len; i++)
    {
      const Column *c = &g_array_index (columns, Column, i);
      lxw_col_t col = (lxw_col_t) (i + 1);

      if (!c->rate)
        muying_workbook_put_number (w, sh, row, col, (double) value_at (s, c->offset), total ? w->total_integer : w->integer);
      else
        {
          const Column *num = &g_array_index (columns, Column, c->num);
          const Column *den = &g_array_index (columns, Column, c->den);

          muying_workbook_put_rate (w, sh, row, col, row, (lxw_col_t) (c->num + 1), row, (lxw_col_t) (c->den + 1),
                                    muying_stats_ratio (value_at (s, num->offset), value_at (s, den->offset)),
                                    total ? w->total_percent : w->percent);
        }
    }
  sh->row++;
}

/* @groups: MuyingStats per row, labelled by @labels; @total: nullable. */
static TableRows
write_table (Writer            *w,
             Sheet             *sh,
             const char        *caption,
             const char        *first_header,
             GPtrArray         *labels,
             GPtrArray         *groups,
             const MuyingStats *total,
             GArray            *columns)
{
  TableRows rows;

  muying_workbook_put_title (w, sh, caption, (lxw_col_t) MIN (columns->len + 1, 8), w->subtitle);
  {
    guint lines = 2;

    /* Wrapped Chinese headings (constant_memory: the row is set before its cells). */
    for (guint i = 0; i < columns->len; i++)
      lines = MAX (lines, muying_workbook_wrapped_lines (g_array_index (columns, Column, i).header, VALUE_COLUMN_WIDTH));
    muying_workbook_set_row_lines (w, sh, sh->row, lines);
  }
  muying_workbook_put_string (w, sh, sh->row, 0, first_header, w->header);
  for (guint i = 0; i < columns->len; i++)
    muying_workbook_put_string (w, sh, sh->row, (lxw_col_t) (i + 1), g_array_index (columns, Column, i).header, w->header);
  sh->row++;
  rows.first_row = sh->row;
  for (guint g = 0; g < groups->len; g++)
    write_table_row (w, sh, g_ptr_array_index (labels, g), g_ptr_array_index (groups, g), columns, FALSE);
  rows.last_row = sh->row - 1;
  if (total != NULL)
    write_table_row (w, sh, "合计", total, columns, TRUE);
  sh->row++;   /* a blank row after each table */
  return rows;
}

/* A column chart of some count columns over the groups of a table, placed at @at_row, @at_col:
 * callers put it below the sheet's last table, so it never covers a cell in use. */
static void
insert_chart (Writer     *w,
              Sheet      *sh,
              const char *title,
              TableRows   rows,
              const int  *value_columns,
              guint       n_values,
              lxw_row_t   at_row,
              lxw_col_t   at_col)
{
  lxw_chart *chart;
  lxw_chart_options options = { 0 };

  if (w->error != NULL)
    return;
  chart = workbook_add_chart (w->wb, LXW_CHART_COLUMN);
  if (chart == NULL)
    {
      muying_workbook_check (w, LXW_ERROR_MEMORY_MALLOC_FAILED, sh->name);
      return;
    }
  for (guint i = 0; i < n_values; i++)
    {
      lxw_col_t col = (lxw_col_t) (value_columns[i] + 1);
      lxw_chart_series *series = chart_add_series (chart, NULL, NULL);

      if (series == NULL)
        {
          muying_workbook_check (w, LXW_ERROR_MEMORY_MALLOC_FAILED, sh->name);
          return;
        }
      chart_series_set_categories (series, sh->name, rows.first_row, 0, rows.last_row, 0);
      chart_series_set_values (series, sh->name, rows.first_row, col, rows.last_row, col);
      chart_series_set_name_range (series, sh->name, rows.first_row - 1, col);
    }
  chart_title_set_name (chart, title);
  chart_axis_set_name (chart->x_axis, "月份");
  chart_axis_set_name (chart->y_axis, "人数 / 例数");
  chart_legend_set_position (chart, LXW_CHART_LEGEND_BOTTOM);
  {
    /* the charts' Chinese text in the cells' font too (the default is Calibri) */
    lxw_chart_font font = { .name = (char *) WORKBOOK_FONT };
    lxw_chart_font title_font = { .name = (char *) WORKBOOK_FONT, .size = 12, .bold = 1 };

    chart_title_set_name_font (chart, &title_font);
    chart_axis_set_name_font (chart->x_axis, &font);
    chart_axis_set_name_font (chart->y_axis, &font);
    chart_axis_set_num_font (chart->x_axis, &font);
    chart_axis_set_num_font (chart->y_axis, &font);
    chart_legend_set_font (chart, &font);
  }
  options.x_scale = 1.6;
  options.y_scale = 1.2;
  muying_workbook_check (w, worksheet_insert_chart_opt (sh->ws, at_row, at_col, chart, &options), sh->name);
}

#define OFF(member) offsetof (MuyingStats, member)

/* The reason columns of a section: one count per code, headed by its Chinese label. */
static GArray *
reason_columns (MuyingRuleSet      *rule_set,
                const char * const *codes,
                guint               n_codes,
                gsize               offset)
{
  GArray *columns = columns_new ();

  for (guint i = 0; i < n_codes; i++)
    {
      g_autofree char *label = rule_set ? muying_rule_set_dup_reason_text (rule_set, codes[i], "label", "zh_CN")
                                        : NULL;

      add_count (columns, label ? label : codes[i], offset + i * sizeof (gint64));
    }
  return columns;
}

/* ---- the export -------------------------------------------------------------------------- */

typedef struct
{
  MuyingStore                 *store;
  const MuyingWorkbookOptions *options;
  MuyingRuleSet               *rule_set;
  Writer                       w;
  Sheet                        sheets[MUYING_WORKBOOK_N_SHEETS]; /* by SHEET_*, but the registers */
  GPtrArray                   *register_sheets[MUYING_N_PROGRAMS]; /* Sheet *, per programme's register */
  gint64                       n_program_register[MUYING_N_PROGRAMS];
  MuyingStats                 *total;
  GPtrArray                   *months;           /* MuyingStats per month */
  GPtrArray                   *ages;             /* MuyingStats per age group */
  GPtrArray                   *month_labels;
  GPtrArray                   *age_labels;
  GPtrArray                   *loci;
  gint64                       n_register;
  gint64                       n_written;
  guint                        max_rows;
  GHashTable                  *labels;           /* reason code → Chinese label */
  MuyingIndicators            *indicators;       /* the whole period */
  GPtrArray                   *breakdowns[WORKBOOK_N_BREAKDOWNS]; /* MuyingIndicators per group, of the whole
                                                                   * period, by WorkbookBreakdown */
  GPtrArray                   *month_indicators; /* MuyingIndicators per month of the period */
  GPtrArray                   *indicator_months; /* their labels, "2025年10月" */
  GArray                      *quarters;         /* Quarter: the months grouped by quarter */
  GPtrArray                   *check_failures;   /* sentences: muying_indicators_check of every period */
  char                        *page_header;      /* printed at the top of every page */
  MuyingWorkbookProgressFunc   progress;
  gpointer                     progress_data;
  GCancellable                *cancellable;
  GDate                        today;
} Export;

/* Months of the period that fall in one quarter of the statistical year (October–December,
 * January–March, …), computed as a period of their own: a woman examined in two of its months
 * is one woman of the quarter. */
typedef struct
{
  guint             first_month;   /* index into the months of the period */
  guint             n_months;
  MuyingPeriod      period;
  char             *label;         /* "2025年10–12月小计" */
  MuyingIndicators *indicators;
} Quarter;

static void
quarter_clear (gpointer data)
{
  Quarter *q = data;

  g_free (q->label);
  g_clear_pointer (&q->indicators, muying_indicators_free);
}

static void
report (Export *e,
        double  fraction)
{
  if (e->progress != NULL)
    e->progress (CLAMP (fraction, 0.0, 1.0), e->progress_data);
}

static gboolean
cancelled (Export  *e,
           GError **error)
{
  if (!g_cancellable_is_cancelled (e->cancellable))
    return FALSE;
  g_set_error_literal (error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_CANCELLED, _("The export was cancelled"));
  return TRUE;
}

static const char *
reason_label (Export     *e,
              const char *code)
{
  char *label = g_hash_table_lookup (e->labels, code);

  if (label == NULL)
    {
      label = e->rule_set ? muying_rule_set_dup_reason_text (e->rule_set, code, "label", "zh_CN") : NULL;
      if (label == NULL)
        label = g_strdup (code);
      g_hash_table_insert (e->labels, g_strdup (code), label);
    }
  return label;
}

static gboolean
is_whole_months (const MuyingPeriod *period)
{
  return g_date_get_day (&period->from) == 1 && g_date_is_last_of_month (&period->to);
}

/* De-identified, the period is written as months ("2025-10 至 2026-09"): the export refuses a
 * de-identified period that is not whole months, since a narrow period would date the records. */
static char *
period_text (const MuyingPeriod *period,
             gboolean            deidentify)
{
  g_autofree char *from = muying_period_dup_from_string (period);
  g_autofree char *to = muying_period_dup_to_string (period);

  if (deidentify && strlen (from) >= 7 && strlen (to) >= 7)
    return g_strdup_printf ("%.7s 至 %.7s", from, to);
  return g_strdup_printf ("%s 至 %s", from, to);
}

/* ---- the bureau's indicators (docs/statistics.md, "The bureau's indicators") ------------------ *
 * Each programme sheet opens with its indicators: the whole period (one row per indicator, its
 * breakdowns below it), then the months of each quarter with the quarter's subtotal. Every
 * column group is a computation of its own period (muying_store_compute_indicators), never a
 * sum of months: a woman examined in two months is one woman of the quarter and of the year.
 * Rates are formulas over the count cells with the computed rate cached, in the indicator's unit
 * (the unit is a literal of the cell's number format); a population figure that was not entered
 * is 未填报 in the denominator and the rate, a denominator of 0 leaves the rate empty.
 */

/* The names the bureau's forms use (Chinese whatever the user's language, as the whole workbook). */
static const struct
{
  const char *id;
  const char *label;
} indicator_labels[] = {
  { "P1", "产前筛查孕妇数" },
  { "P2", "产前筛查率（占产妇数）" },
  { "P3", "各筛查方式孕妇数" },
  { "P4", "高风险孕妇数/高风险率" },
  { "P5", "临界风险孕妇数/临界风险率" },
  { "P6", "高龄孕妇数/高龄孕妇比例" },
  { "P7", "高风险孕妇产前诊断数/产前诊断率" },
  { "P8", "产前诊断孕妇数（不论风险）" },
  { "P9", "产前诊断异常数/诊断异常率" },
  { "P10", "妊娠结局随访数/结局随访率" },
  { "P11", "失访孕妇数/失访率（占有随访者）" },
  { "P12", "受累妊娠数（诊断异常或染色体异常、神经管缺陷）" },
  { "P13", "筛查检出的受累妊娠数/检出率" },
  { "P14", "低风险中的受累妊娠数/假阴性率" },
  { "P15", "无创DNA重新采血数/重采率" },
  { "P16", "受累妊娠终止妊娠数/终止率" },
  { "N1", "听力初筛人数/听力筛查率（占活产数）" },
  { "N2", "初筛未通过人数/初筛未通过率" },
  { "N3", "应复筛人数（含未初筛）" },
  { "N4", "复筛人数/复筛率" },
  { "N5", "复筛未通过人数/复筛未通过率" },
  { "N6", "应听力诊断人数" },
  { "N7", "听力诊断人数/诊断率" },
  { "N8", "确诊听力障碍人数/患病率" },
  { "N9", "干预人数/干预率" },
  { "N10", "出生30天内初筛人数/初筛及时率" },
  { "N11", "耳聋基因筛查人数/基因筛查率（占活产数）" },
  { "N12", "基因携带或阳性人数/检出率" },
  { "N13", "MT-RNR1阳性用药警示卡发放数/发放率" },
  { "N14", "失访人数/失访率（占有随访者）" },
  { "C1", "宫颈癌检查人数/检查率（占应查人数）" },
  { "C2", "HPV阳性人数/HPV阳性率" },
  { "C3", "细胞学异常人数（ASC-US及以上）/异常率" },
  { "C4", "VIA/VILI异常人数/异常率" },
  { "C5", "应行阴道镜检查人数" },
  { "C6", "阴道镜检查人数/阴道镜检查率" },
  { "C7", "阴道镜异常者活检人数/活检率" },
  { "C8", "按最重病理结果分级人数" },
  { "C9", "宫颈癌前病变和宫颈癌人数/检出率" },
  { "C10", "早期（0–I期）人数/早诊率" },
  { "C11", "治疗人数/治疗率" },
  { "C12", "失访人数/失访率（占有随访者）" },
  { "B1", "乳腺癌检查人数/检查率（占应查人数）" },
  { "B2", "临床乳腺检查异常人数/异常率" },
  { "B3", "乳腺超声检查人数/超声检查率" },
  { "B4", "超声BI-RADS 0或3级者钼靶检查人数/检查率" },
  { "B5", "可疑病灶活检人数/活检率" },
  { "B6", "乳腺癌前病变和乳腺癌人数/检出率" },
  { "B7", "早期（0–I期）人数/早诊率" },
  { "B8", "治疗人数/治疗率" },
};

const char *
muying_workbook_indicator_label (const MuyingIndicator *indicator)
{
  for (guint i = 0; i < G_N_ELEMENTS (indicator_labels); i++)
    if (strcmp (indicator_labels[i].id, indicator->id) == 0)
      return indicator_labels[i].label;
  return indicator->id;
}

/* The Chinese name of a breakdown's key; NULL for a key shown as it is (a gene, a locus, a
 * cytology category). */
static char *
part_label (const MuyingIndicatorPart *part)
{
  static const struct
  {
    const char *key;
    const char *label;
  } keys[] = {
    { "early_combined", "早孕联合" }, { "mid_double", "中孕二联" }, { "mid_triple", "中孕三联" },
    { "mid_quad", "中孕四联" }, { "nipt", "无创DNA" }, { "T21", "21三体" }, { "T18", "18三体" },
    { "T13", "13三体" }, { "SCA", "性染色体异常" }, { "other_chromosomal", "其他染色体异常" },
    { "NTD", "神经管缺陷" }, { "structural", "结构异常" }, { "other", "其他" }, { "normal", "正常" },
    { "mild", "轻度" }, { "moderate", "中度" }, { "severe", "重度" }, { "profound", "极重度" },
    { "sensorineural", "感音神经性" }, { "conductive", "传导性" }, { "mixed", "混合性" },
    { "auditory_neuropathy", "听神经病" }, { "diagnosis_90_days", "3月龄内诊断" }, { "diagnosed", "已诊断" },
    { "intervention_180_days", "6月龄内干预" }, { "intervened", "已干预" },
    { "mt_rnr1_positive", "MT-RNR1阳性人数" }, { "tested", "HPV检测人数" }, { "hpv_16_18", "HPV16/18阳性" },
    { "negative", "阴性" }, { "micro_invasive", "微小浸润癌" }, { "invasive", "浸润癌" },
    { "precancer", "癌前病变" }, { "cancer", "癌" }, { "lost", "失访" }, { "with_followup", "有随访者" },
  };
  const char *name = part->key;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strcmp (keys[i].key, part->key) == 0)
      name = keys[i].label;
  if (g_strcmp0 (part->group, "by_birads") == 0)
    return g_strdup_printf ("其中：BI-RADS %s", part->key);
  if (g_strcmp0 (part->group, "cancer_by_stage") == 0)
    return g_strdup_printf ("其中：乳腺癌 %s期", part->key);
  if (g_strcmp0 (part->group, "by_degree") == 0)
    return g_strdup_printf ("其中：较重耳%s", name);
  return g_strdup_printf ("其中：%s", name);
}

#define CHECK_TEXT_WIDTH 84

/* The numerator, denominator and rate of @indicator at @col, @col + 1, @col + 2 of @row. */
void
muying_workbook_put_indicator (Writer                *w,
                               Sheet                 *sh,
                               lxw_row_t              row,
                               lxw_col_t              col,
                               const MuyingIndicator *indicator,
                               gboolean               total)
{
  lxw_format *count = total ? w->total_integer : w->integer;
  lxw_format *rate = total ? w->total_rate[indicator->unit] : w->rate[indicator->unit];
  static const char * const scale[] = { "100", "1000", "100000" };

  muying_workbook_put_number (w, sh, row, col, (double) indicator->n, count);
  if (!indicator->has_d)
    {
      muying_workbook_put_string (w, sh, row, col + 1, NULL, count);
      muying_workbook_put_string (w, sh, row, col + 2, NULL, rate);
    }
  else if (indicator->d_missing)
    {
      /* never 0 and never #DIV/0!: the figure was not entered */
      muying_workbook_put_string (w, sh, row, col + 1, "未填报", w->missing);
      muying_workbook_put_string (w, sh, row, col + 2, "未填报", w->missing);
    }
  else if (w->error == NULL)
    {
      char num[LXW_MAX_CELL_NAME_LENGTH], den[LXW_MAX_CELL_NAME_LENGTH];
      g_autofree char *formula = NULL;
      double value;

      muying_workbook_put_number (w, sh, row, col + 1, (double) indicator->d, count);
      lxw_rowcol_to_cell (num, row, col);
      lxw_rowcol_to_cell (den, row, col + 1);
      formula = g_strdup_printf ("=IF(%s>0,%s/%s*%s,\"\")", den, num, den, scale[indicator->unit]);
      if (muying_indicator_get_rate (indicator, &value))
        muying_workbook_check (w, worksheet_write_formula_num (sh->ws, row, col + 2, formula, rate, value), sh->name);
      else
        muying_workbook_check (w, worksheet_write_formula_str (sh->ws, row, col + 2, formula, rate, ""), sh->name);
    }
}

void
muying_workbook_put_header_row (Writer             *w,
                                Sheet              *sh,
                                const char * const *headers,
                                guint               n)
{
  for (guint i = 0; i < n; i++)
    muying_workbook_put_string (w, sh, sh->row, (lxw_col_t) i, headers[i], w->header);
  sh->row++;
}

/* 指标编号 | 指标 | 分子 | 分母 | 率 for the whole period, with each indicator's breakdown. */
static void
write_indicator_total (Export     *e,
                       Sheet      *sh,
                       char        programme,
                       const char *caption)
{
  static const char * const headers[] = { "指标编号", "指标", "分子", "分母", "率" };
  Writer *w = &e->w;

  muying_workbook_put_title (w, sh, caption, 5, w->subtitle);
  muying_workbook_put_header_row (w, sh, headers, G_N_ELEMENTS (headers));
  for (guint i = 0; i < e->indicators->indicators->len; i++)
    {
      const MuyingIndicator *indicator = g_ptr_array_index (e->indicators->indicators, i);

      if (!muying_workbook_in_programme (indicator, programme))
        continue;
      muying_workbook_set_row_lines (w, sh, sh->row, muying_workbook_wrapped_lines (muying_workbook_indicator_label (indicator), INDICATOR_LABEL_WIDTH));
      muying_workbook_put_string (w, sh, sh->row, 0, indicator->id, w->label);
      muying_workbook_put_string (w, sh, sh->row, 1, muying_workbook_indicator_label (indicator), w->label);
      muying_workbook_put_indicator (w, sh, sh->row, 2, indicator, FALSE);
      sh->row++;
      for (guint p = 0; p < indicator->parts->len; p++)
        {
          const MuyingIndicatorPart *part = g_ptr_array_index (indicator->parts, p);
          g_autofree char *label = part_label (part);

          muying_workbook_put_string (w, sh, sh->row, 0, NULL, w->label);
          muying_workbook_put_string (w, sh, sh->row, 1, label, w->part_label);
          muying_workbook_put_number (w, sh, sh->row, 2, (double) part->count, w->integer);
          muying_workbook_put_string (w, sh, sh->row, 3, NULL, w->integer);
          muying_workbook_put_string (w, sh, sh->row, 4, NULL, w->integer);
          sh->row++;
        }
    }
  sh->row++;
}

/* The months of each quarter (分子 | 分母 | 率 each) and the quarter's subtotal. */
static void
write_indicator_months (Export     *e,
                        Sheet      *sh,
                        char        programme,
                        const char *caption)
{
  Writer *w = &e->w;

  muying_workbook_put_title (w, sh, caption, 14, w->subtitle);
  for (guint q = 0; q < e->quarters->len; q++)
    {
      const Quarter *quarter = &g_array_index (e->quarters, Quarter, q);
      guint n_groups = quarter->n_months + 1;
      const MuyingIndicators *groups[4];   /* a quarter's months (at most three), then the quarter */
      const char *labels[4];

      g_assert (n_groups <= G_N_ELEMENTS (groups));
      for (guint g = 0; g < quarter->n_months; g++)
        {
          groups[g] = g_ptr_array_index (e->month_indicators, quarter->first_month + g);
          labels[g] = g_ptr_array_index (e->indicator_months, quarter->first_month + g);
        }
      groups[quarter->n_months] = quarter->indicators;
      labels[quarter->n_months] = quarter->label;
      muying_workbook_write_block (w, sh, programme, groups, (char * const *) labels, n_groups, TRUE);
    }
}

/* The indicator tables of a programme sheet, numbered 一, 二, then the breakdowns; returns the
 * number of the sheet's next section. */
static guint
write_indicators (Export *e,
                  Sheet  *sh,
                  char    programme)
{
  write_indicator_total (e, sh, programme, "一、考核指标（全期）");
  write_indicator_months (e, sh, programme, "二、考核指标（按月，季度小计）");
  return muying_workbook_write_breakdowns (&e->w, sh, programme, e->breakdowns, e->indicators, 3);
}

/* "五、按月统计（记录数）": the caption of a sheet's section @number. */
static char *
section (guint      *number,
         const char *caption)
{
  return g_strdup_printf ("%s、%s", muying_workbook_section_number ((*number)++), caption);
}

/* 校验: every numerator against its denominator for the whole period, then every failure of
 * muying_indicators_check in any month, quarter or the whole period, in red. */
static void
write_checks (Export *e)
{
  static const char * const headers[] = { "指标编号", "指标", "分子", "分母", "结果" };
  Writer *w = &e->w;
  Sheet *sh = &e->sheets[SHEET_CHECKS];
  g_autofree char *period = period_text (&e->options->period, e->options->deidentify);
  g_autofree char *title = g_strdup_printf ("指标校验（%s）", period);
  g_autofree char *failed = NULL;

  muying_workbook_set_column (w, sh, 0, 0, 10, NULL);
  muying_workbook_set_column (w, sh, 1, 1, 44, NULL);
  muying_workbook_set_column (w, sh, 2, 7, 12, NULL);
  muying_workbook_put_title (w, sh, title, 5, w->title);
  muying_workbook_put_title (w, sh, "一、分子不大于分母（全期）", 5, w->subtitle);
  muying_workbook_put_header_row (w, sh, headers, G_N_ELEMENTS (headers));
  for (guint i = 0; i < e->indicators->indicators->len; i++)
    {
      const MuyingIndicator *indicator = g_ptr_array_index (e->indicators->indicators, i);
      gboolean ok = indicator->n <= indicator->d;

      if (!indicator->has_d)
        continue;
      muying_workbook_set_row_lines (w, sh, sh->row, muying_workbook_wrapped_lines (muying_workbook_indicator_label (indicator), 44));
      muying_workbook_put_string (w, sh, sh->row, 0, indicator->id, w->label);
      muying_workbook_put_string (w, sh, sh->row, 1, muying_workbook_indicator_label (indicator), w->label);
      muying_workbook_put_number (w, sh, sh->row, 2, (double) indicator->n, w->integer);
      if (indicator->d_missing)
        {
          muying_workbook_put_string (w, sh, sh->row, 3, "未填报", w->missing);
          muying_workbook_put_string (w, sh, sh->row, 4, "未填报", w->missing);
        }
      else
        {
          muying_workbook_put_number (w, sh, sh->row, 3, (double) indicator->d, w->integer);
          muying_workbook_put_string (w, sh, sh->row, 4, ok ? "通过" : "不通过", ok ? w->pass : w->fail);
        }
      sh->row++;
    }
  sh->row++;

  failed = g_strdup_printf ("二、未通过的校验（%u 项，含各月、各季度和分组合计）", e->check_failures->len);
  muying_workbook_put_title (w, sh, failed, 5, w->subtitle);
  if (e->check_failures->len == 0)
    muying_workbook_put_title (w, sh, "全部通过", 5, w->pass);
  for (guint i = 0; i < e->check_failures->len; i++)
    {
      const char *text = g_ptr_array_index (e->check_failures, i);

      muying_workbook_set_row_lines (w, sh, sh->row, muying_workbook_wrapped_lines (text, CHECK_TEXT_WIDTH));
      muying_workbook_put_title (w, sh, text, 5, w->fail);
    }
  sh->row++;
  muying_workbook_write_sum_checks (w, sh, e->breakdowns, e->indicators, 3);
}

/* The cover's 项目汇总: the bureau's headline (muying-headline.c, shared with the statistics
 * page), as sentences and as numbers. */
static void
write_headline (Export *e)
{
  Writer *w = &e->w;
  Sheet *sh = &e->sheets[SHEET_COVER];
  g_autoptr(GPtrArray) lines = muying_headline_lines (e->indicators, TRUE);
  guint n_figures;
  const MuyingHeadlineFigure *figures = muying_headline_figures (&n_figures);

  sh->row++;
  muying_workbook_put_title (w, sh, "项目汇总", 2, w->subtitle);
  for (guint i = 0; i < lines->len; i++)
    {
      const MuyingHeadlineLine *line = g_ptr_array_index (lines, i);

      muying_workbook_set_row_lines (w, sh, sh->row, muying_workbook_wrapped_lines (line->sentence, COVER_TEXT_WIDTH));
      muying_workbook_put_string (w, sh, sh->row, 0, line->topic, w->header);
      muying_workbook_put_string (w, sh, sh->row, 1, line->sentence, w->note);
      sh->row++;
    }
  for (guint i = 0; i < n_figures; i++)
    {
      muying_workbook_set_row_lines (w, sh, sh->row, muying_workbook_wrapped_lines (figures[i].label, 16));
      muying_workbook_put_string (w, sh, sh->row, 0, figures[i].label, w->header);
      muying_workbook_put_number (w, sh, sh->row, 1, (double) muying_headline_count (e->indicators, figures[i].id), w->cover_number);
      sh->row++;
    }
}

/* The programme sheets: column A the month or the indicator's id, B the indicator's name, then
 * the counts. */
static void
set_indicator_columns (Writer *w,
                       Sheet  *sh)
{
  muying_workbook_set_column (w, sh, 0, 0, 12, NULL);
  muying_workbook_set_column (w, sh, 1, 1, INDICATOR_LABEL_WIDTH, NULL);
  muying_workbook_set_column (w, sh, 2, 30, VALUE_COLUMN_WIDTH, NULL);
}

static void
write_cover (Export *e)
{
  Writer *w = &e->w;
  Sheet *sh = &e->sheets[SHEET_COVER];
  g_autofree char *institution = muying_store_get_setting (e->store, "institution");
  g_autofree char *period = period_text (&e->options->period, e->options->deidentify);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* De-identified: the month only, so that the days open of a register row cannot be counted
   * back from it to the record's day. */
  g_autofree char *generated = g_date_time_format (now, e->options->deidentify ? "%Y-%m" : "%Y-%m-%d %H:%M");
  g_autofree char *n_register = g_strdup_printf ("%lld", (long long) e->n_register);
  g_autofree char *register_sheets = NULL;
  const char *version = e->rule_set ? muying_rule_set_get_version (e->rule_set) : NULL;
  g_autofree char *audit_head = NULL;
  g_autofree char *audit_head_text = NULL;
  gint64 audit_head_id = 0;
  struct
  {
    const char *key;
    const char *value;
  } rows[] = {
    { "机构", institution && *institution ? institution : "（未设置）" },
    { "统计期间", period },
    { "统计口径", "按记录日期统计（产前筛查为采样日期，新生儿为出生日期，两癌为检查日期），起止日期均包含在内。"
                 "统计年度为上年10月1日至当年9月30日。" },
    { "生成时间", generated },
    { "生成人", e->options->user && *e->options->user ? e->options->user : "—" },
    { "规则集版本", version ? version : "—" },
    { "去标识化", e->options->deidentify
                    ? "是：不含姓名、电话、样本编号和完整日期（只到月份）；身份证号只保留前6位区划代码，并换算为年龄"
                    : "否：含姓名和完整身份证号，请妥善保管" },
    { "高危个案数", n_register },
    { "高危个案登记表", NULL },
    { "审计链校验值", NULL },
    { "说明", "筛查人数、检查人数按人计（同一妇女在期间内多次筛查或检查只计1人；分月、分年龄组时在各组内按人计，"
             "故各月之和可能大于合计）；新生儿按记录计；其余指标均按记录计。"
             "率为公式（分子/分母，分母为0时记为0），保留两位小数。各记录的风险判定保存判定时所用的规则集版本。"
             "随访“逾期”指未结案且已过随访期限。" },
    { "考核指标", "各项目工作表开头为卫生健康部门的考核指标（产前P1–P16、新生儿N1–N14、宫颈癌C1–C12、乳腺癌B1–B8）："
                 "孕妇按妊娠计，新生儿按人计，两癌按妇女计（取期间内最重结果）；筛查后的诊断、结局、治疗和随访"
                 "随筛查所在期间统计。各月、各季度小计和全期分别统计，不是各月相加。率为公式（分子/分母×100%、‰或"
                 "1/10万，单位见单元格），分母为0时为空；产妇数、活产数、应查人数未填报时分母和率均显示“未填报”。" },
  };

  register_sheets = g_strdup_printf ("产前 %lld 例，新生儿 %lld 例，两癌 %lld 例；共 %u 张工作表（每张最多 %u 条）",
                                     (long long) e->n_program_register[MUYING_PROGRAM_PRENATAL],
                                     (long long) e->n_program_register[MUYING_PROGRAM_NEWBORN],
                                     (long long) e->n_program_register[MUYING_PROGRAM_TWO_CANCER],
                                     e->register_sheets[0]->len + e->register_sheets[1]->len +
                                       e->register_sheets[2]->len, e->max_rows);
  rows[8].value = register_sheets;
  /* The newest audit entry when the workbook was made: a copy handed out anchors the chain, so
   * a later rewrite of the log is found against it (docs/security.md). */
  if (muying_store_get_audit_head (e->store, &audit_head_id, &audit_head))
    audit_head_text = g_strdup_printf ("第 %lld 条审计记录 %s", (long long) audit_head_id, audit_head);
  rows[9].value = audit_head_text ? audit_head_text : "—";

  muying_workbook_set_column (w, sh, 0, 0, 16, NULL);
  muying_workbook_set_column (w, sh, 1, 1, COVER_TEXT_WIDTH, NULL);
  muying_workbook_put_title (w, sh, "母婴筛查年度统计报表", 2, w->title);
  sh->row++;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      muying_workbook_set_row_lines (w, sh, sh->row, muying_workbook_wrapped_lines (rows[i].value, COVER_TEXT_WIDTH));
      muying_workbook_put_string (w, sh, sh->row, 0, rows[i].key, w->header);
      if (rows[i].value == n_register)
        muying_workbook_put_number (w, sh, sh->row, 1, (double) e->n_register, w->cover_number);   /* a number, not text */
      else
        muying_workbook_put_string (w, sh, sh->row, 1, rows[i].value, w->note);
      sh->row++;
    }

  /* How many checks of the 校验 sheet failed: a sentence and the count as a number. */
  {
    g_autofree char *checks = e->check_failures->len == 0
                                ? g_strdup ("全部通过（详见“校验”工作表）")
                                : g_strdup_printf ("%u 项不通过（详见“校验”工作表，以红色标出）",
                                                   e->check_failures->len);

    muying_workbook_put_string (w, sh, sh->row, 0, "指标校验", w->header);
    muying_workbook_put_string (w, sh, sh->row, 1, checks, w->note);
    sh->row++;
    muying_workbook_put_string (w, sh, sh->row, 0, "校验不通过项数", w->header);
    muying_workbook_put_number (w, sh, sh->row, 1, (double) e->check_failures->len, w->cover_number);
    sh->row++;
  }
  write_headline (e);
}

static void
write_prenatal (Export *e)
{
  Writer *w = &e->w;
  Sheet *sh = &e->sheets[SHEET_PRENATAL];
  g_autofree char *period = period_text (&e->options->period, e->options->deidentify);
  g_autofree char *title = g_strdup_printf ("产前筛查（%s）", period);
  g_autoptr(GArray) cols = columns_new ();
  g_autoptr(GArray) reasons = NULL;
  TableRows rows;
  const int chart_cols[2] = { 0, 6 };
  guint number;
  g_autofree char *by_month = NULL;
  g_autofree char *by_reason = NULL;

  set_indicator_columns (w, sh);
  muying_workbook_put_title (w, sh, title, 14, w->title);
  number = write_indicators (e, sh, 'P');
  by_month = section (&number, "按月统计（记录数）");

  add_count (cols, "筛查人数", OFF (prenatal.screened));
  add_count (cols, "早孕联合", OFF (prenatal.by_test[MUYING_PRENATAL_TEST_EARLY_COMBINED]));
  add_count (cols, "中孕二联", OFF (prenatal.by_test[MUYING_PRENATAL_TEST_MID_DOUBLE]));
  add_count (cols, "中孕三联", OFF (prenatal.by_test[MUYING_PRENATAL_TEST_MID_TRIPLE]));
  add_count (cols, "中孕四联", OFF (prenatal.by_test[MUYING_PRENATAL_TEST_MID_QUAD]));
  add_count (cols, "无创DNA", OFF (prenatal.by_test[MUYING_PRENATAL_TEST_NIPT]));
  add_count (cols, "高风险", OFF (prenatal.high));
  add_count (cols, "临界·需关注", OFF (prenatal.intermediate));
  add_count (cols, "低风险", OFF (prenatal.low));
  add_count (cols, "产前诊断", OFF (prenatal.diagnosed));
  add_count (cols, "诊断异常", OFF (prenatal.diagnosed_abnormal));
  add_count (cols, "妊娠结局已知", OFF (prenatal.outcome_known));
  /* Records, not pregnancies: the rates are the indicators' (P4, P7, P9, P10) above. The old
   * 产前诊断率 (diagnosed records over high-risk records) reached 250 %. */
  rows = write_table (w, sh, by_month, "月份", e->month_labels, e->months, e->total, cols);

  reasons = reason_columns (e->rule_set, muying_stats_prenatal_reasons, MUYING_STATS_N_PRENATAL_REASONS,
                            OFF (prenatal.reasons));
  by_reason = section (&number, "按高危原因统计（例数，按月）");
  write_table (w, sh, by_reason, "月份", e->month_labels, e->months, e->total, reasons);
  insert_chart (w, sh, "每月产前筛查人数与高风险例数", rows, chart_cols, G_N_ELEMENTS (chart_cols), sh->row, 0);
}

static void
write_newborn (Export *e)
{
  Writer *w = &e->w;
  Sheet *sh = &e->sheets[SHEET_NEWBORN];
  g_autofree char *period = period_text (&e->options->period, e->options->deidentify);
  g_autofree char *title = g_strdup_printf ("新生儿听力与耳聋基因筛查（%s）", period);
  g_autoptr(GArray) cols = columns_new ();
  g_autoptr(GArray) reasons = NULL;
  TableRows rows;
  int screened;
  const int chart_cols[2] = { 0, 1 };
  guint number;
  g_autofree char *by_month = NULL;
  g_autofree char *by_locus = NULL;
  g_autofree char *by_reason = NULL;

  set_indicator_columns (w, sh);
  muying_workbook_put_title (w, sh, title, 14, w->title);
  number = write_indicators (e, sh, 'N');
  by_month = section (&number, "按月统计（记录数）");
  by_locus = section (&number, "按基因位点统计");
  by_reason = section (&number, "按高危原因统计（例数，按月）");

  screened = add_count (cols, "筛查人数", OFF (newborn.screened));
  add_count (cols, "携带者（≥1个突变）", OFF (newborn.carriers));
  for (int g = 0; g < MUYING_STATS_N_GENES; g++)
    add_count (cols, muying_stats_genes[g], OFF (newborn.by_gene) + (gsize) g * sizeof (gint64));
  add_count (cols, "高风险", OFF (newborn.high));
  add_count (cols, "临界·需关注", OFF (newborn.intermediate));
  add_count (cols, "低风险", OFF (newborn.low));
  add_count (cols, "听力初筛未通过", OFF (newborn.hearing_initial_refer));
  add_count (cols, "听力复筛", OFF (newborn.rescreened));
  add_count (cols, "复筛未通过", OFF (newborn.rescreen_refer));
  /* the rates are the indicators' (N2, N4, N5, N12) above */
  rows = write_table (w, sh, by_month, "月份", e->month_labels, e->months, e->total, cols);

  /* By locus: gene, variant, newborns, carrier rate. */
  muying_workbook_put_title (w, sh, by_locus, 5, w->subtitle);
  muying_workbook_put_string (w, sh, sh->row, 0, "基因", w->header);
  muying_workbook_put_string (w, sh, sh->row, 1, "位点", w->header);
  muying_workbook_put_string (w, sh, sh->row, 2, "检出人数", w->header);
  muying_workbook_put_string (w, sh, sh->row, 3, "检出率", w->header);
  sh->row++;
  if (e->loci->len == 0)
    muying_workbook_put_string (w, sh, sh->row++, 0, "本期间未检出突变", w->label);
  for (guint i = 0; i < e->loci->len; i++)
    {
      const MuyingStatsLocus *locus = g_ptr_array_index (e->loci, i);
      char den[LXW_MAX_CELL_NAME_LENGTH];
      g_autofree char *formula = NULL;

      muying_workbook_put_string (w, sh, sh->row, 0, locus->gene, w->label);
      muying_workbook_put_string (w, sh, sh->row, 1, locus->variant, w->label);
      muying_workbook_put_number (w, sh, sh->row, 2, (double) locus->newborns, w->integer);
      /* the denominator: the total newborns screened, in the first table's total row */
      lxw_rowcol_to_cell_abs (den, rows.last_row + 1, (lxw_col_t) (screened + 1), TRUE, TRUE);
      if (w->error == NULL)
        {
          char num[LXW_MAX_CELL_NAME_LENGTH];

          lxw_rowcol_to_cell (num, sh->row, 2);
          formula = g_strdup_printf ("=IF(%s=0,0,%s/%s)", den, num, den);
          muying_workbook_check (w, worksheet_write_formula_num (sh->ws, sh->row, 3, formula, w->percent,
                                                                 muying_stats_ratio (locus->newborns, e->total->newborn.screened)),
                                 sh->name);
        }
      sh->row++;
    }
  sh->row++;

  reasons = reason_columns (e->rule_set, muying_stats_newborn_reasons, MUYING_STATS_N_NEWBORN_REASONS,
                            OFF (newborn.reasons));
  write_table (w, sh, by_reason, "月份", e->month_labels, e->months, e->total, reasons);
  insert_chart (w, sh, "每月新生儿筛查人数与携带者人数", rows, chart_cols, G_N_ELEMENTS (chart_cols), sh->row, 0);
}

static GArray *
cervical_columns (void)
{
  GArray *cols = columns_new ();
  int examined, high;

  /* the rates of HPV, cytology and the lesions found are the indicators' (C2, C3, C9) above */
  examined = add_count (cols, "检查人数", OFF (cervical.examined));
  add_count (cols, "HPV检测", OFF (cervical.hpv_tested));
  add_count (cols, "HPV阳性", OFF (cervical.hpv_positive));
  add_count (cols, "细胞学检查", OFF (cervical.cytology_done));
  add_count (cols, "细胞学异常（≥ASC-US）", OFF (cervical.cytology_abnormal));
  add_count (cols, "阴道镜检查", OFF (cervical.colposcopy_done));
  add_count (cols, "CIN1", OFF (cervical.cin1));
  add_count (cols, "癌前病变（CIN2/CIN3/AIS）", OFF (cervical.precancer));
  add_count (cols, "宫颈癌（微小浸润癌+浸润癌）", OFF (cervical.cancer));
  high = add_count (cols, "高风险", OFF (cervical.high));
  add_rate (cols, "高风险率", high, examined);
  return cols;
}

static GArray *
breast_columns (void)
{
  GArray *cols = columns_new ();
  int examined, high;

  examined = add_count (cols, "检查人数", OFF (breast.examined));
  add_count (cols, "乳腺超声", OFF (breast.us_done));
  add_count (cols, "乳腺X线（钼靶）", OFF (breast.mammo_done));
  for (int i = 0; i < MUYING_STATS_N_BIRADS; i++)
    {
      g_autofree char *header = g_strdup_printf ("BI-RADS %s", muying_stats_birads[i]);

      add_count (cols, header, OFF (breast.birads) + (gsize) i * sizeof (gint64));
    }
  /* the lesions found per 100,000 examined are the indicator B6 above */
  add_count (cols, "癌前病变（不典型增生/LCIS）", OFF (breast.precancer));
  add_count (cols, "乳腺癌（DCIS+浸润癌）", OFF (breast.cancer));
  high = add_count (cols, "高风险", OFF (breast.high));
  add_rate (cols, "高风险率", high, examined);
  return cols;
}

static void
write_two_cancer (Export     *e,
                  guint       sheet,
                  const char *name,
                  GArray     *cols,
                  GArray     *reasons,
                  const char *chart_title,
                  char        programme)
{
  Writer *w = &e->w;
  Sheet *sh = &e->sheets[sheet];
  g_autofree char *period = period_text (&e->options->period, e->options->deidentify);
  g_autofree char *title = g_strdup_printf ("%s（%s）", name, period);
  TableRows rows;
  const int chart_cols[1] = { 0 };
  guint number;
  g_autofree char *by_month = NULL;
  g_autofree char *by_age = NULL;
  g_autofree char *by_reason = NULL;

  set_indicator_columns (w, sh);
  muying_workbook_put_title (w, sh, title, 14, w->title);
  number = write_indicators (e, sh, programme);
  by_month = section (&number, "按月统计（记录数）");
  by_age = section (&number, "按年龄组统计（检查日期时的年龄）");
  by_reason = section (&number, "按高危原因统计（例数，按月）");

  rows = write_table (w, sh, by_month, "月份", e->month_labels, e->months, e->total, cols);
  write_table (w, sh, by_age, "年龄组", e->age_labels, e->ages, e->total, cols);
  write_table (w, sh, by_reason, "月份", e->month_labels, e->months, e->total, reasons);
  insert_chart (w, sh, chart_title, rows, chart_cols, G_N_ELEMENTS (chart_cols), sh->row, 0);
}

static void
write_followup (Export *e)
{
  Writer *w = &e->w;
  Sheet *sh = &e->sheets[SHEET_FOLLOWUP];
  g_autofree char *period = period_text (&e->options->period, e->options->deidentify);
  g_autofree char *title = g_strdup_printf ("高危个案随访（%s）", period);
  g_autoptr(GArray) cols = columns_new ();
  TableRows rows;
  const int chart_cols[3] = { 0, 1, 2 };
  const MuyingFollowupStats *f = &e->total->followup;
  gint64 all = f->open + f->done + f->declined + f->lost;
  lxw_row_t first;

  muying_workbook_set_column (w, sh, 0, 0, 16, NULL);
  muying_workbook_set_column (w, sh, 1, 10, 11, NULL);
  muying_workbook_put_title (w, sh, title, 8, w->title);

  /* Totals, as docs/statistics.md lists them, with the sum and the completion rate. */
  muying_workbook_put_title (w, sh, "一、随访合计", 3, w->subtitle);
  muying_workbook_put_string (w, sh, sh->row, 0, "随访状态", w->header);
  muying_workbook_put_string (w, sh, sh->row, 1, "个案数", w->header);
  sh->row++;
  first = sh->row;
  {
    const struct
    {
      const char *label;
      gint64      value;
    } states[] = {
      { "未结案", f->open }, { "其中：逾期", f->overdue }, { "已完成", f->done }, { "拒绝", f->declined },
      { "失访", f->lost },
    };

    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      {
        muying_workbook_put_string (w, sh, sh->row, 0, states[i].label, w->label);
        muying_workbook_put_number (w, sh, sh->row, 1, (double) states[i].value, w->integer);
        sh->row++;
      }
  }
  /* 合计 = 未结案 + 已完成 + 拒绝 + 失访 (逾期 is part of 未结案). */
  muying_workbook_put_string (w, sh, sh->row, 0, "合计", w->total_label);
  if (w->error == NULL)
    {
      char a[LXW_MAX_CELL_NAME_LENGTH], c[LXW_MAX_CELL_NAME_LENGTH], d[LXW_MAX_CELL_NAME_LENGTH], l[LXW_MAX_CELL_NAME_LENGTH];
      g_autofree char *formula = NULL;

      lxw_rowcol_to_cell (a, first, 1);
      lxw_rowcol_to_cell (c, first + 2, 1);
      lxw_rowcol_to_cell (d, first + 3, 1);
      lxw_rowcol_to_cell (l, first + 4, 1);
      formula = g_strdup_printf ("=%s+%s+%s+%s", a, c, d, l);
      muying_workbook_check (w, worksheet_write_formula_num (sh->ws, sh->row, 1, formula, w->total_integer, (double) all),
                             sh->name);
    }
  sh->row++;
  muying_workbook_put_string (w, sh, sh->row, 0, "完成率", w->label);
  muying_workbook_put_rate (w, sh, sh->row, 1, first + 2, 1, sh->row - 1, 1, muying_stats_ratio (f->done, all), w->percent);
  sh->row++;
  muying_workbook_put_string (w, sh, sh->row, 0, "逾期率", w->label);
  muying_workbook_put_rate (w, sh, sh->row, 1, first + 1, 1, first, 1, muying_stats_ratio (f->overdue, f->open), w->percent);
  sh->row += 2;

  add_count (cols, "未结案", OFF (followup.open));
  add_count (cols, "其中：逾期", OFF (followup.overdue));
  add_count (cols, "已完成", OFF (followup.done));
  add_count (cols, "拒绝", OFF (followup.declined));
  add_count (cols, "失访", OFF (followup.lost));
  rows = write_table (w, sh, "二、按记录月份统计", "月份", e->month_labels, e->months, e->total, cols);
  insert_chart (w, sh, "每月高危个案随访状态", rows, chart_cols, G_N_ELEMENTS (chart_cols), sh->row, 0);
}

/* ---- the registers (muying-workbook-registers.c) ------------------------------------------- */

static const char *
register_reason_label (gpointer    data,
                       const char *code)
{
  return reason_label (data, code);
}

/* Every few thousand rows of a register: cancelled?, and the progress over all registers. */
static gboolean
register_tick (gpointer  data,
               gint64    n_written,
               GError  **error)
{
  Export *e = data;

  if (cancelled (e, error))
    return FALSE;
  report (e, 0.30 + 0.60 * (double) (e->n_written + n_written) / (double) MAX (e->n_register, 1));
  return TRUE;
}

/* ---- putting it together ----------------------------------------------------------------- */

static void
sheet_free (gpointer data)
{
  Sheet *sh = data;

  g_free (sh->name);
  g_free (sh);
}

static void
export_clear (Export *e)
{
  for (guint p = 0; p < MUYING_N_PROGRAMS; p++)
    g_clear_pointer (&e->register_sheets[p], g_ptr_array_unref);
  g_clear_pointer (&e->total, muying_stats_free);
  g_clear_pointer (&e->months, g_ptr_array_unref);
  g_clear_pointer (&e->ages, g_ptr_array_unref);
  g_clear_pointer (&e->month_labels, g_ptr_array_unref);
  g_clear_pointer (&e->age_labels, g_ptr_array_unref);
  g_clear_pointer (&e->loci, g_ptr_array_unref);
  g_clear_pointer (&e->labels, g_hash_table_unref);
  g_clear_pointer (&e->indicators, muying_indicators_free);
  for (guint i = 0; i < WORKBOOK_N_BREAKDOWNS; i++)
    g_clear_pointer (&e->breakdowns[i], g_ptr_array_unref);
  g_clear_pointer (&e->month_indicators, g_ptr_array_unref);
  g_clear_pointer (&e->indicator_months, g_ptr_array_unref);
  g_clear_pointer (&e->quarters, g_array_unref);
  g_clear_pointer (&e->check_failures, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (e->sheets); i++)
    g_clear_pointer (&e->sheets[i].name, g_free);
  g_clear_pointer (&e->page_header, g_free);
  g_clear_error (&e->w.error);
}

/* Text for a page header or footer: '&' starts a code there, so a literal one is doubled. */
static char *
page_text (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "&", -1);

  return g_strjoinv ("&&", parts);
}

/* Every sheet prints on A4 landscape, one page wide (as many pages down as it needs), with its
 * first row repeated on each page (the title, or the register's column headings), the
 * institution and period at the top and "page x of y" at the bottom. */
static void
setup_printing (Export *e,
                Sheet  *sh)
{
  lxw_header_footer_options font = { 0 };
  g_autofree char *footer = g_strdup_printf ("&L&\"%s\"&A&C&\"%s\"第 &P 页，共 &N 页", WORKBOOK_FONT, WORKBOOK_FONT);

  worksheet_set_landscape (sh->ws);
  worksheet_set_paper (sh->ws, 9);                 /* A4 */
  worksheet_set_margins (sh->ws, 0.5, 0.5, 0.75, 0.75);
  worksheet_fit_to_pages (sh->ws, 1, 0);           /* one page wide, any number of pages down */
  worksheet_print_across (sh->ws);
  font.margin = 0.3;
  muying_workbook_check (&e->w, worksheet_set_header_opt (sh->ws, e->page_header, &font), sh->name);
  muying_workbook_check (&e->w, worksheet_set_footer_opt (sh->ws, footer, &font), sh->name);
  muying_workbook_check (&e->w, worksheet_repeat_rows (sh->ws, 0, 0), sh->name);
}

static gboolean
add_sheet (Export     *e,
           Sheet      *sh,
           const char *name,
           GError    **error)
{
  lxw_error err = workbook_validate_sheet_name (e->w.wb, name);

  if (err != LXW_NO_ERROR)
    {
      g_set_error (error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_FAILED,
                   _("Could not write the workbook (%s): %s (error %d)"), name, lxw_strerror (err), (int) err);
      return FALSE;
    }
  sh->ws = workbook_add_worksheet (e->w.wb, name);
  if (sh->ws == NULL)
    {
      g_set_error (error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_FAILED,
                   _("Could not add the worksheet “%s” to the workbook"), name);
      return FALSE;
    }
  sh->name = g_strdup (name);
  sh->row = 0;
  setup_printing (e, sh);
  return TRUE;
}

/* The failures of muying_indicators_check for @indicators, each prefixed with its period when
 * it is not the whole period. The check lists every numerator above its denominator first, then
 * the breakdowns that do not add up; the first are said here again in Chinese, as the rest of
 * the workbook (the check speaks the user's language). */
static void
add_check_failures (Export                 *e,
                    const MuyingIndicators *indicators,
                    const char             *prefix)
{
  g_autoptr(GPtrArray) problems = muying_indicators_check (indicators);
  guint n_over = 0;

  for (guint i = 0; i < indicators->indicators->len; i++)
    {
      const MuyingIndicator *indicator = g_ptr_array_index (indicators->indicators, i);

      if (!indicator->has_d || indicator->d_missing || indicator->n <= indicator->d)
        continue;
      n_over++;
      g_ptr_array_add (e->check_failures,
                       g_strdup_printf ("%s%s%s %s：分子 %lld 大于分母 %lld", prefix ? prefix : "", prefix ? "：" : "",
                                        indicator->id, muying_workbook_indicator_label (indicator), (long long) indicator->n,
                                        (long long) indicator->d));
    }
  for (guint i = n_over; i < problems->len; i++)
    g_ptr_array_add (e->check_failures, prefix ? g_strdup_printf ("%s：%s", prefix, (char *) problems->pdata[i])
                                               : g_strdup (problems->pdata[i]));
}

/* The quarter of the statistical year a month is in: 0 for October–December, … 3 for July–September. */
static guint
quarter_of (const GDate *date)
{
  return ((g_date_get_month (date) + 2) % 12) / 3;
}

/* The indicators of the whole period, of each month and of each quarter's months, in one walk over
 * the period's cases (a month or a quarter is counted as a walk of it alone would count it). */
static gboolean
gather_indicators (Export  *e,
                   GError **error)
{
  const MuyingPeriod *period = &e->options->period;
  guint n_months = muying_period_get_n_months (period);
  g_autoptr(GArray) periods = g_array_new (FALSE, TRUE, sizeof (MuyingPeriod));
  g_autofree MuyingIndicators **results = NULL;
  MuyingIndicatorsBy bys[1 + WORKBOOK_N_BREAKDOWNS] = { MUYING_INDICATORS_BY_NONE };
  GPtrArray *whole[1 + WORKBOOK_N_BREAKDOWNS];

  e->check_failures = g_ptr_array_new_with_free_func (g_free);
  e->indicator_months = g_ptr_array_new_with_free_func (g_free);
  e->month_indicators = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_indicators_free);
  e->quarters = g_array_new (FALSE, TRUE, sizeof (Quarter));
  g_array_set_clear_func (e->quarters, quarter_clear);

  /* the periods: the whole one, each month, each quarter (its months of the period) */
  g_array_append_val (periods, *period);
  for (guint i = 0; i < n_months; i++)
    {
      MuyingPeriod month;
      Quarter *quarter = e->quarters->len > 0 ? &g_array_index (e->quarters, Quarter, e->quarters->len - 1) : NULL;

      muying_period_get_month (period, i, &month);
      g_array_append_val (periods, month);
      g_ptr_array_add (e->indicator_months, g_strdup_printf ("%04u年%02u月", g_date_get_year (&month.from),
                                                      g_date_get_month (&month.from)));
      /* a month of the same quarter (and year) as the last one extends it */
      if (quarter != NULL && quarter_of (&quarter->period.from) == quarter_of (&month.from) &&
          g_date_days_between (&quarter->period.to, &month.from) == 1 &&
          g_date_get_month (&month.from) - g_date_get_month (&quarter->period.from) < 3)
        {
          quarter->n_months++;
          quarter->period.to = month.to;
        }
      else
        {
          Quarter next = { i, 1, month, NULL, NULL };

          g_array_append_val (e->quarters, next);
        }
    }
  for (guint q = 0; q < e->quarters->len; q++)
    {
      Quarter *quarter = &g_array_index (e->quarters, Quarter, q);
      guint first = g_date_get_month (&quarter->period.from);
      guint last = g_date_get_month (&quarter->period.to);

      quarter->label = first == last ? g_strdup_printf ("%04u年%u月小计", g_date_get_year (&quarter->period.from), first)
                                     : g_strdup_printf ("%04u年%u–%u月小计", g_date_get_year (&quarter->period.from),
                                                        first, last);
      g_array_append_val (periods, quarter->period);
    }

  /* one walk over the period's cases: its total, its breakdowns, its months and its quarters */
  results = g_new0 (MuyingIndicators *, periods->len);
  memcpy (bys + 1, muying_workbook_breakdown_bys, sizeof muying_workbook_breakdown_bys);
  if (!muying_store_compute_indicators_with_parts (e->store, period, bys, G_N_ELEMENTS (bys), whole,
                                                   &g_array_index (periods, MuyingPeriod, 1), periods->len - 1,
                                                   results + 1, error))
    return FALSE;
  for (guint b = 0; b < WORKBOOK_N_BREAKDOWNS; b++)
    e->breakdowns[b] = whole[1 + b];
  results[0] = g_ptr_array_steal_index (whole[0], 0);
  g_ptr_array_unref (whole[0]);

  e->indicators = results[0];
  add_check_failures (e, e->indicators, NULL);
  muying_workbook_add_sum_failures (e->breakdowns, e->indicators, e->check_failures);
  for (guint i = 0; i < n_months; i++)
    {
      g_ptr_array_add (e->month_indicators, results[1 + i]);
      add_check_failures (e, results[1 + i], g_ptr_array_index (e->indicator_months, i));
    }
  for (guint q = 0; q < e->quarters->len; q++)
    {
      Quarter *quarter = &g_array_index (e->quarters, Quarter, q);

      quarter->indicators = results[1 + n_months + q];
      add_check_failures (e, quarter->indicators, quarter->label);
    }
  return TRUE;
}

static gboolean
gather (Export  *e,
        GError **error)
{
  const MuyingPeriod *period = &e->options->period;
  g_autoptr(MuyingStatsReport) stats = NULL;

  stats = muying_stats_compute_report (e->store, period, MUYING_STATS_MONTHS | MUYING_STATS_AGE_GROUPS, &e->today,
                                       e->cancellable, error);
  if (stats == NULL)
    return FALSE;
  e->total = g_steal_pointer (&stats->total);
  e->months = g_steal_pointer (&stats->months);
  e->ages = g_steal_pointer (&stats->age_groups);
  report (e, 0.22);
  e->loci = muying_stats_list_loci (e->store, period, error);
  if (e->loci == NULL)
    return FALSE;
  e->n_register = 0;
  for (guint p = 0; p < MUYING_N_PROGRAMS; p++)
    {
      e->n_program_register[p] = muying_store_count_case_register (e->store, period, (MuyingProgram) p, error);
      if (e->n_program_register[p] < 0)
        return FALSE;
      e->n_register += e->n_program_register[p];
    }
  report (e, 0.24);

  if (!gather_indicators (e, error))
    return FALSE;
  report (e, 0.30);

  e->month_labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < e->months->len; i++)
    {
      const MuyingStats *m = g_ptr_array_index (e->months, i);

      g_ptr_array_add (e->month_labels, g_strdup_printf ("%04u年%02u月", g_date_get_year (&m->period.from),
                                                         g_date_get_month (&m->period.from)));
    }
  e->age_labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < MUYING_STATS_N_AGE_GROUPS; i++)
    g_ptr_array_add (e->age_labels, g_strdup (i == MUYING_STATS_AGE_GROUP_OTHER ? "其他年龄"
                                                                                  : muying_stats_age_group_label (i)));
  return !cancelled (e, error);
}

static gboolean
write_all (Export  *e,
           GError **error)
{
  g_autoptr(GArray) cervical = NULL;
  g_autoptr(GArray) cervical_reasons = NULL;
  g_autoptr(GArray) breast = NULL;
  g_autoptr(GArray) breast_reasons = NULL;

  {
    g_autofree char *institution = muying_store_get_setting (e->store, "institution");
    g_autofree char *period = period_text (&e->options->period, e->options->deidentify);
    /* Excel refuses headers over 255 characters: a very long institution name is cut. */
    g_autofree char *short_name = g_utf8_substring (institution ? institution : "", 0,
                                                    MIN (40, g_utf8_strlen (institution ? institution : "", -1)));
    g_autofree char *who = page_text (short_name);
    g_autofree char *when = page_text (period);

    e->page_header = g_strdup_printf ("&L&\"%s\"%s&C&\"%s\"母婴筛查年度统计报表&R&\"%s\"统计期间：%s", WORKBOOK_FONT, who,
                                      WORKBOOK_FONT, WORKBOOK_FONT, when);
  }
  /* All sheets first, in their order: a register may take several. */
  for (guint i = SHEET_COVER; i <= SHEET_BREAST; i++)
    if (!add_sheet (e, &e->sheets[i], muying_workbook_sheet_names[i], error))
      return FALSE;
  for (guint p = 0; p < MUYING_N_PROGRAMS; p++)
    {
      const char *base = muying_workbook_sheet_names[SHEET_REGISTER_PRENATAL + p];
      guint n_sheets = (guint) MAX (1, (e->n_program_register[p] + e->max_rows - 1) / e->max_rows);

      for (guint i = 0; i < n_sheets; i++)
        {
          g_autofree char *name = i == 0 ? g_strdup (base) : g_strdup_printf ("%s(%u)", base, i + 1);
          Sheet *sh = g_new0 (Sheet, 1);

          g_ptr_array_add (e->register_sheets[p], sh);
          if (!add_sheet (e, sh, name, error))
            return FALSE;
        }
    }
  if (!add_sheet (e, &e->sheets[SHEET_FOLLOWUP], muying_workbook_sheet_names[SHEET_FOLLOWUP], error))
    return FALSE;

  write_cover (e);
  write_checks (e);
  write_prenatal (e);
  write_newborn (e);
  cervical = cervical_columns ();
  cervical_reasons = reason_columns (e->rule_set, muying_stats_cervical_reasons, MUYING_STATS_N_CERVICAL_REASONS,
                                     OFF (cervical.reasons));
  write_two_cancer (e, SHEET_CERVICAL, "宫颈癌检查", cervical, cervical_reasons, "每月宫颈癌检查人数", 'C');
  breast = breast_columns ();
  breast_reasons = reason_columns (e->rule_set, muying_stats_breast_reasons, MUYING_STATS_N_BREAST_REASONS,
                                   OFF (breast.reasons));
  write_two_cancer (e, SHEET_BREAST, "乳腺癌检查", breast, breast_reasons, "每月乳腺癌检查人数", 'B');
  if (e->w.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&e->w.error));
      return FALSE;
    }

  e->n_written = 0;
  for (guint p = 0; p < MUYING_N_PROGRAMS; p++)
    {
      WorkbookRegister reg = { &e->w, (MuyingProgram) p, e->register_sheets[p], e->max_rows, e->options->deidentify,
                               register_reason_label, register_tick, e, 0 };

      if (!muying_workbook_write_register (&reg, e->store, &e->options->period, &e->today, e->cancellable, error))
        return FALSE;
      e->n_written += reg.n_written;
    }

  write_followup (e);
  if (e->w.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&e->w.error));
      return FALSE;
    }
  return !cancelled (e, error);
}

static char *
audit_detail (const MuyingWorkbookOptions *options,
              const char                  *path,
              gint64                       n_register)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *from = muying_period_dup_from_string (&options->period);
  g_autofree char *to = muying_period_dup_to_string (&options->period);
  g_autofree char *file = g_path_get_basename (path);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, from);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, to);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, file);
  json_builder_set_member_name (b, "deidentified");
  json_builder_add_boolean_value (b, options->deidentify);
  json_builder_set_member_name (b, "register_rows");
  json_builder_add_int_value (b, n_register);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* A refused or unwritable destination is a failed export; the message says why. */
static void
as_export_error (GError *error)
{
  if (error != NULL && error->domain == MUYING_STORE_ERROR)
    {
      error->domain = MUYING_EXPORT_ERROR;
      error->code = MUYING_EXPORT_ERROR_FAILED;
    }
}

gboolean
muying_workbook_export (MuyingStore                 *store,
                        const char                  *path,
                        const MuyingWorkbookOptions *options,
                        MuyingWorkbookProgressFunc   progress,
                        gpointer                     user_data,
                        GCancellable                *cancellable,
                        GError                     **error)
{
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(GError) local_error = NULL;
  lxw_workbook_options wb_options = { .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE };
  lxw_doc_properties properties = { 0 };
  Export e = { 0 };
  lxw_error err;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options->deidentify && !is_whole_months (&options->period))
    {
      g_set_error_literal (error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_FAILED,
                           _("A de-identified workbook covers whole months: choose a period from the first day of a "
                             "month to the last day of a month"));
      return FALSE;
    }

  e.store = store;
  e.options = options;
  e.rule_set = options->rule_set;
  e.progress = progress;
  e.progress_data = user_data;
  e.cancellable = cancellable;
  e.max_rows = options->max_register_rows > 0 ? MIN (options->max_register_rows, MUYING_WORKBOOK_MAX_REGISTER_ROWS)
                                             : MUYING_WORKBOOK_MAX_REGISTER_ROWS;
  for (guint p = 0; p < MUYING_N_PROGRAMS; p++)
    e.register_sheets[p] = g_ptr_array_new_with_free_func (sheet_free);
  e.labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (options->today != NULL && g_date_valid (options->today))
    e.today = *options->today;
  else
    muying_date_today (&e.today);

  /* Never over the database, its working files, a backup or another database. */
  if (!muying_output_path_check (store, path, &local_error))
    {
      as_export_error (local_error);
      goto fail;
    }
  report (&e, 0.0);
  if (!gather (&e, &local_error))
    goto fail;

  /* An owner-only temporary file next to the destination: the rename at the end is atomic,
   * and a failed export leaves no half-written workbook under the real name. */
  base = g_path_get_basename (path);
  tmp_path = muying_output_path_create_temp (path, &local_error);
  if (tmp_path == NULL)
    {
      as_export_error (local_error);
      goto fail;
    }

  e.w.wb = workbook_new_opt (tmp_path, &wb_options);
  if (e.w.wb == NULL)
    {
      g_set_error (&local_error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_FAILED,
                   _("Cannot start the workbook “%s”"), base);
      goto fail;
    }
  properties.title = (char *) "母婴筛查年度统计报表";
  properties.author = (char *) (options->user ? options->user : "");
  properties.company = (char *) "";
  properties.comments = (char *) "Muying " PACKAGE_VERSION;
  if (options->deidentify)
    {
      /* The file's creation time to the month too (see the cover's generation time). */
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) month = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now), 1,
                                                        0, 0, 0);

      properties.created = (time_t) g_date_time_to_unix (month);
    }
  err = workbook_set_properties (e.w.wb, &properties);
  if (err != LXW_NO_ERROR)
    {
      muying_workbook_check (&e.w, err, base);
      g_propagate_error (&local_error, g_steal_pointer (&e.w.error));
      goto fail;
    }
  if (!create_formats (&e.w))
    {
      g_propagate_error (&local_error, g_steal_pointer (&e.w.error));
      goto fail;
    }

  if (!write_all (&e, &local_error))
    goto fail;

  report (&e, 0.92);
  /* Writing the zip happens here; the workbook is freed even when it fails. */
  err = workbook_close (e.w.wb);
  e.w.wb = NULL;
  if (err != LXW_NO_ERROR)
    {
      /* TRANSLATORS: %s: the file name, then the library's message */
      g_set_error (&local_error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_FAILED,
                   _("Could not save the workbook “%s”: %s (error %d)"), base, lxw_strerror (err), (int) err);
      goto fail;
    }
  if (cancelled (&e, &local_error))
    goto fail;
  if (!muying_output_path_commit (store, tmp_path, path, &local_error))
    {
      as_export_error (local_error);
      g_clear_pointer (&tmp_path, g_free);   /* removed by the commit */
      goto fail;
    }
  g_clear_pointer (&tmp_path, g_free);

  /* No export without its audit row: if the audit cannot be written, the file goes too. */
  detail = audit_detail (options, path, e.n_register);
  if (!muying_store_audit (store, options->user, "export", "workbook", 0, detail, &local_error))
    {
      g_unlink (path);
      g_prefix_error (&local_error, "%s", _("The workbook was not kept because the audit trail could not be written: "));
      goto fail;
    }
  report (&e, 1.0);
  export_clear (&e);
  return TRUE;

fail:
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&local_error);
      g_set_error_literal (&local_error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_CANCELLED,
                           _("The export was cancelled"));
    }
  if (e.w.wb != NULL)
    workbook_close (e.w.wb);   /* frees everything; the file is removed below */
  if (tmp_path != NULL)
    g_unlink (tmp_path);
  export_clear (&e);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
