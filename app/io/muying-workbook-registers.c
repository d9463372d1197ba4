/* muying-workbook-registers.c: the high-risk registers of the workbook (muying-workbook-registers.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-workbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-follow-on.h"
#include "muying-id-number.h"
#include "muying-program-descriptor.h"
#include "muying-workbook-registers.h"
#include "muying-workbook.h"

const char *
muying_workbook_register_name (MuyingProgram program)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      return "产前高危个案登记";
    case MUYING_PROGRAM_NEWBORN:
      return "新生儿高危个案登记";
    case MUYING_PROGRAM_TWO_CANCER:
    case MUYING_N_PROGRAMS:
    default:
      return "两癌高危个案登记";
    }
}

static const char *
followup_state_label (const char *state)
{
  static const struct
  {
    const char *state;
    const char *label;
  } labels[] = {
    { "open", "待随访" }, { "notified", "已通知" }, { "next_step", "已安排下一步" }, { "result", "已出结果" },
    { "done", "已完成" }, { "declined", "拒绝" }, { "lost", "失访" },
  };

  if (state == NULL)
    return "无随访";
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i].state, state) == 0)
      return labels[i].label;
  return state;
}

static const char *
program_label (MuyingProgram program)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      return "产前筛查";
    case MUYING_PROGRAM_NEWBORN:
      return "新生儿耳聋基因筛查";
    case MUYING_PROGRAM_TWO_CANCER:
      return "两癌检查";
    case MUYING_N_PROGRAMS:
    default:
      return "";
    }
}

/* ---- the case columns: named and valued by the descriptors of app/core --------------------- */

/* The descriptor field of a case column, or NULL (the follow-up's columns). */
static const MuyingField *
column_field (const MuyingCaseColumn *column)
{
  MuyingProgram program;
  const MuyingFollowOnDescriptor *follow_on;

  if (muying_program_from_string (column->source, &program))
    return muying_program_descriptor_find (muying_program_descriptor_get (program), column->key);
  follow_on = muying_follow_on_descriptor_lookup (column->source);
  return follow_on != NULL ? muying_follow_on_descriptor_find (follow_on, column->key) : NULL;
}

static const char *
column_header (const MuyingCaseColumn *column)
{
  static const struct
  {
    const char *key;
    const char *header;
  } followup[] = {
    { "due_date", "随访期限" }, { "contact_attempts", "联系次数" }, { "closed_at", "结案日期" },
  };
  const MuyingField *field = column_field (column);

  if (field != NULL && field->column != NULL)
    {
      /* the same name in two sources: say which (诊断 … / 结局 …) */
      if (strcmp (column->source, "pregnancy_outcome") == 0 && strcmp (column->key, "ga_weeks") == 0)
        return "终止孕周";
      return field->column;
    }
  for (guint i = 0; i < G_N_ELEMENTS (followup); i++)
    if (strcmp (followup[i].key, column->key) == 0)
      return followup[i].header;
  return column->key;
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

/* The bureau's words for the choices whose descriptor gives no Chinese alias (an alias is
 * another spelling import files may use, and these have none). */
static const char *
chinese_choice (const char *key)
{
  static const struct
  {
    const char *key;
    const char *label;
  } words[] = {
    { "pass", "通过" }, { "refer", "未通过" }, { "not_done", "未做" }, { "yes", "是" }, { "no", "否" },
    { "negative", "阴性" }, { "positive", "阳性" }, { "normal", "正常" }, { "abnormal", "异常" }, { "ok", "成功" },
    { "fail", "失败" }, { "detected", "检出" }, { "low", "低风险" }, { "high", "高风险" }, { "none", "无" },
    { "early_combined", "早孕联合" }, { "mid_double", "中孕二联" }, { "mid_triple", "中孕三联" },
    { "mid_quad", "中孕四联" }, { "nipt", "无创DNA" }, { "benign", "良性" }, { "atypical_hyperplasia", "不典型增生" },
    { "micro_invasive", "微小浸润癌" }, { "invasive", "浸润癌" }, { "leep", "LEEP" }, { "ablation", "物理治疗" },
    { "cold_knife_cone", "冷刀锥切" }, { "hysterectomy", "子宫切除" }, { "surgery", "手术" },
    { "chemo_radio", "放化疗" }, { "other", "其他" }, { "UNSAT", "不满意" }, { "oae", "OAE" }, { "aabr", "AABR" },
    { "both", "OAE+AABR" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strcmp (words[i].key, key) == 0)
      return words[i].label;
  return NULL;
}

/* The Chinese name of a choice ("amniocentesis" → 羊膜腔穿刺), else the value as stored. */
static const char *
column_value (const MuyingField *field,
              const char        *value)
{
  if (field == NULL || field->choices == NULL || value == NULL)
    return value;
  for (const MuyingFieldChoice *c = field->choices; c->key != NULL; c++)
    if (strcmp (c->key, value) == 0)
      {
        const char *word = chinese_choice (value);

        if (c->also != NULL && !is_ascii (c->also))
          return c->also;
        return word != NULL ? word : value;
      }
  return value;
}

/* ---- the common columns -------------------------------------------------------------------- *
 * The de-identified register keeps what the bureau needs to count and follow cases, and
 * nothing that names or dates a person:
 * - no name, and no sample or examination number: hospitals' numbers are free text that
 *   often carries a name, initials or a birth or sample date ("ZHANG-20260315"); a row
 *   number stands in for it;
 * - of the ID number only the county code (its first 6 digits) and the age in years on the
 *   record date (from its birth date); nothing else of it;
 * - the record month instead of the record date, and the month of every later date;
 * - the days open in bands, since the exact count and the export date would give back the day;
 * - no free text (notes, addresses, phone numbers, diagnosis descriptions) in either mode.
 * The reasons are labels from the rule set and the states are fixed words. */
static const char * const register_headers[] = {
  "项目", "样本/检查编号", "姓名", "身份证号（新生儿为母亲）", "日期", "高危原因", "随访状态", "随访天数",
};
static const char * const register_headers_deidentified[] = {
  "项目", "序号", "区划代码（身份证前6位，新生儿为母亲）", "年龄（岁，新生儿为母亲）", "月份", "高危原因",
  "随访状态", "随访天数",
};
#define N_COMMON G_N_ELEMENTS (register_headers)
#define CASE_COLUMN_WIDTH 12

static void
write_header (WorkbookRegister       *reg,
              Sheet                  *sh,
              const MuyingCaseColumn *columns,
              guint                   n_columns)
{
  static const double widths[] = { 18, 16, 12, 22, 12, 60, 12, 10 };
  const char * const *headers = reg->deidentify ? register_headers_deidentified : register_headers;
  Writer *w = reg->w;
  guint lines = 1;

  G_STATIC_ASSERT (G_N_ELEMENTS (register_headers) == G_N_ELEMENTS (widths));
  G_STATIC_ASSERT (G_N_ELEMENTS (register_headers_deidentified) == G_N_ELEMENTS (widths));
  for (guint i = 0; i < N_COMMON; i++)
    /* The ID number column is text ("@"): an 18-digit number would lose its last digits. */
    muying_workbook_set_column (w, sh, (lxw_col_t) i, (lxw_col_t) i,
                                widths[i] + (reg->deidentify && i == 2 ? 14 : 0),
                                i == 3 && !reg->deidentify ? w->id_text : NULL);
  muying_workbook_set_column (w, sh, N_COMMON, (lxw_col_t) (N_COMMON + n_columns - 1), CASE_COLUMN_WIDTH, NULL);
  for (guint i = 0; i < n_columns; i++)
    lines = MAX (lines, muying_workbook_wrapped_lines (column_header (&columns[i]), CASE_COLUMN_WIDTH));
  muying_workbook_set_row_lines (w, sh, 0, lines);
  for (guint i = 0; i < N_COMMON; i++)
    muying_workbook_put_string (w, sh, 0, (lxw_col_t) i, headers[i], w->header);
  for (guint i = 0; i < n_columns; i++)
    muying_workbook_put_string (w, sh, 0, (lxw_col_t) (N_COMMON + i), column_header (&columns[i]), w->header);
  if (w->error == NULL)
    worksheet_freeze_panes (sh->ws, 1, 0);   /* returns nothing in 1.1.4 */
  sh->row = 1;
}

/* The county code of an ID number: its first 6 characters when they are digits, else NULL. */
static char *
id_county_code (const char *id_number)
{
  if (id_number == NULL || strlen (id_number) < 6)
    return NULL;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isdigit (id_number[i]))
      return NULL;
  return g_strndup (id_number, 6);
}

/* The age in years on @iso_date of the holder of an 18-character ID number; -1 when unknown. */
static int
id_age_on (const char *id_number,
           const char *iso_date)
{
  GDate birth, on;

  /* A stored number (accepted when entered); a birth date after the record's is no age. */
  if (iso_date == NULL || !muying_date_parse (iso_date, &on, NULL) ||
      !muying_id_number_read_stored (id_number, &birth, NULL) || g_date_compare (&birth, &on) > 0)
    return -1;
  return muying_date_age_on (&birth, &on);
}

static const char *
days_open_band (int days)
{
  if (days <= 30)
    return "30天以内";
  if (days <= 90)
    return "31–90天";
  if (days <= 180)
    return "91–180天";
  if (days <= 365)
    return "181–365天";
  return "365天以上";
}

typedef struct
{
  WorkbookRegister       *reg;
  const MuyingCaseColumn *columns;
  const MuyingField     **fields;
  guint                   n_columns;
} RowContext;

static gboolean
write_row (const MuyingCaseRegisterRow *case_row,
           gpointer                     user_data,
           GError                     **error)
{
  RowContext *ctx = user_data;
  WorkbookRegister *reg = ctx->reg;
  const MuyingRegisterRow *row = &case_row->base;
  Writer *w = reg->w;
  guint index = (guint) (reg->n_written / reg->max_rows);
  Sheet *sh;
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_auto(GStrv) codes = NULL;

  if (index >= reg->sheets->len)
    index = reg->sheets->len - 1;   /* records added since the count: keep them on the last sheet */
  sh = g_ptr_array_index (reg->sheets, index);
  if (sh->row >= LXW_ROW_MAX)
    {
      g_set_error_literal (error, MUYING_EXPORT_ERROR, MUYING_EXPORT_ERROR_FAILED,
                           _("The high-risk register has more rows than a worksheet can hold"));
      return FALSE;
    }

  codes = g_strsplit (row->reasons ? row->reasons : "", ";", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    if (*codes[i] != '\0')
      g_string_append_printf (reasons, "%s%s", reasons->len ? "；" : "", reg->reason_label (reg->data, codes[i]));

  muying_workbook_put_string (w, sh, sh->row, 0, program_label (row->program), w->text);
  if (reg->deidentify)
    {
      g_autofree char *county = id_county_code (row->id_number);
      g_autofree char *month = row->date && strlen (row->date) >= 7 ? g_strndup (row->date, 7) : NULL;
      int age = id_age_on (row->id_number, row->date);

      muying_workbook_put_number (w, sh, sh->row, 1, (double) (reg->n_written + 1), w->integer);
      muying_workbook_put_string (w, sh, sh->row, 2, county, w->text);
      if (age >= 0)
        muying_workbook_put_number (w, sh, sh->row, 3, age, w->integer);
      else
        muying_workbook_put_string (w, sh, sh->row, 3, NULL, w->integer);
      /* The month as text "2026-03", never a date cell (a date cell holds the day). */
      muying_workbook_put_string (w, sh, sh->row, 4, month, w->text);
    }
  else
    {
      muying_workbook_put_string (w, sh, sh->row, 1, row->key, w->text);
      muying_workbook_put_string (w, sh, sh->row, 2, row->name, w->text);
      muying_workbook_put_string (w, sh, sh->row, 3, row->id_number, w->text);
      muying_workbook_put_date (w, sh, sh->row, 4, row->date);
    }
  muying_workbook_put_string (w, sh, sh->row, 5, reasons->str, w->text);
  muying_workbook_put_string (w, sh, sh->row, 6, followup_state_label (row->followup_state), w->text);
  if (row->days_open < 0)
    muying_workbook_put_string (w, sh, sh->row, 7, NULL, w->integer);
  else if (reg->deidentify)
    muying_workbook_put_string (w, sh, sh->row, 7, days_open_band (row->days_open), w->text);
  else
    muying_workbook_put_number (w, sh, sh->row, 7, row->days_open, w->integer);

  for (guint i = 0; i < ctx->n_columns; i++)
    {
      const char *value = case_row->values[i];
      lxw_col_t col = (lxw_col_t) (N_COMMON + i);

      if (value != NULL && ctx->columns[i].date && reg->deidentify)
        {
          g_autofree char *month = strlen (value) >= 7 ? g_strndup (value, 7) : NULL;

          muying_workbook_put_string (w, sh, sh->row, col, month, w->text);
        }
      else if (value != NULL && ctx->columns[i].date)
        muying_workbook_put_date (w, sh, sh->row, col, value);
      else
        muying_workbook_put_string (w, sh, sh->row, col, column_value (ctx->fields[i], value), w->text);
    }
  sh->row++;
  reg->n_written++;

  if (w->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&w->error));
      return FALSE;
    }
  if ((reg->n_written & 4095) == 0 && reg->tick != NULL && !reg->tick (reg->data, reg->n_written, error))
    return FALSE;
  return TRUE;
}

gboolean
muying_workbook_write_register (WorkbookRegister   *reg,
                                MuyingStore        *store,
                                const MuyingPeriod *period,
                                const GDate        *today,
                                GCancellable       *cancellable,
                                GError            **error)
{
  RowContext ctx = { reg };
  g_autofree const MuyingField **fields = NULL;

  g_return_val_if_fail (reg != NULL && reg->sheets != NULL && reg->sheets->len > 0, FALSE);
  g_return_val_if_fail (reg->max_rows > 0 && reg->reason_label != NULL, FALSE);

  ctx.columns = muying_case_register_columns (reg->program, &ctx.n_columns);
  fields = g_new0 (const MuyingField *, ctx.n_columns);
  for (guint i = 0; i < ctx.n_columns; i++)
    fields[i] = column_field (&ctx.columns[i]);
  ctx.fields = fields;
  for (guint i = 0; i < reg->sheets->len; i++)
    write_header (reg, g_ptr_array_index (reg->sheets, i), ctx.columns, ctx.n_columns);
  if (reg->w->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reg->w->error));
      return FALSE;
    }
  /* n_written counts this register's rows (the de-identified row numbers start at 1) */
  reg->n_written = 0;
  if (!muying_store_foreach_case_register (store, period, reg->program, today, write_row, &ctx, cancellable, error))
    return FALSE;
  if (reg->n_written == 0)
    muying_workbook_put_string (reg->w, g_ptr_array_index (reg->sheets, 0), 1, 0, "本期间无高危个案", reg->w->plain);
  if (reg->w->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reg->w->error));
      return FALSE;
    }
  return TRUE;
}
