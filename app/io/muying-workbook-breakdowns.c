/* muying-workbook-breakdowns.c: the breakdown tables of the programme sheets and their sum
 * checks (muying-workbook-breakdowns.h)
 *
 * A breakdown table is laid out as the month table above it: the indicators of the programme in
 * rows, the groups in columns (分子 | 分母 | 率 each), four groups to a block so that a block fits
 * one page wide, and the whole period (合计) after the last group. A group without any case of the
 * programme (an institution that only screens newborns, on the cervical sheet) is left out: its
 * counts are all 0 and the sums stay whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-workbook"

#include "config.h"

#include <string.h>

#include "muying-workbook-breakdowns.h"

const MuyingIndicatorsBy muying_workbook_breakdown_bys[WORKBOOK_N_BREAKDOWNS] = {
  MUYING_INDICATORS_BY_INSTITUTION, MUYING_INDICATORS_BY_AREA,  MUYING_INDICATORS_BY_FREE_PROGRAMME,
  MUYING_INDICATORS_BY_RESIDENCE,   MUYING_INDICATORS_BY_AGE,   MUYING_INDICATORS_BY_MONTH,
};

/* Groups per block of columns (3 columns each, after the id and the name). */
#define GROUPS_PER_BLOCK 4
#define GROUP_LABEL_WIDTH 33   /* three value columns */

const char *
muying_workbook_section_number (guint number)
{
  static const char * const numbers[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                          "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九",
                                          "二十" };

  return numbers[MIN (number, G_N_ELEMENTS (numbers) - 1)];
}

/* Whether @group has a case of @programme: a count of one of its indicators. */
static gboolean
has_cases (const MuyingIndicators *group,
           char                    programme)
{
  for (guint i = 0; i < group->indicators->len; i++)
    {
      const MuyingIndicator *indicator = group->indicators->pdata[i];

      if (muying_workbook_in_programme (indicator, programme) &&
          (indicator->n > 0 || (muying_indicator_has_counted_d (indicator) && indicator->d > 0)))
        return TRUE;
    }
  return FALSE;
}

/* The Chinese label of a group key of @breakdown. */
static char *
group_label (WorkbookBreakdown  breakdown,
             const char        *key)
{
  static const struct
  {
    const char *key;
    const char *label;
  } names[] = {
    { "free_programme", "免费项目" }, { "rural", "农村" }, { "urban_dibao", "城镇低保" }, { "urban", "城镇" },
  };

  if (key == NULL || *key == '\0')
    return g_strdup ("（未填写）");
  if (breakdown == WORKBOOK_BREAKDOWN_AGE)
    {
      if (strcmp (key, "other") == 0)
        return g_strdup ("其他年龄");
      /* "35-39" → "35–39岁" */
      {
        g_auto(GStrv) bounds = g_strsplit (key, "-", 2);

        return bounds[1] != NULL ? g_strdup_printf ("%s–%s岁", bounds[0], bounds[1]) : g_strdup (key);
      }
    }
  if (breakdown == WORKBOOK_BREAKDOWN_FUNDING && strcmp (key, "other") == 0)
    return g_strdup ("其他");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (names[i].key, key) == 0)
      return g_strdup (names[i].label);
  return g_strdup (key);
}

/* Residence in the bureau's order (农村, 城镇低保, 城镇, then not recorded); the others by key. */
static int
residence_rank (const char *key)
{
  static const char * const order[] = { "rural", "urban_dibao", "urban" };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_strcmp0 (order[i], key) == 0)
      return (int) i;
  return G_N_ELEMENTS (order);
}

static int
compare_residence (gconstpointer a,
                   gconstpointer b)
{
  const MuyingIndicators *x = *(MuyingIndicators * const *) a;
  const MuyingIndicators *y = *(MuyingIndicators * const *) b;

  return residence_rank (x->group) - residence_rank (y->group);
}

void
muying_workbook_write_block (Writer                         *w,
                             Sheet                          *sh,
                             char                            programme,
                             const MuyingIndicators * const *groups,
                             char * const                   *labels,
                             guint                           n_groups,
                             gboolean                        last_is_total)
{
  guint lines = 1;

  for (guint g = 0; g < n_groups; g++)
    lines = MAX (lines, muying_workbook_wrapped_lines (labels[g], GROUP_LABEL_WIDTH));
  muying_workbook_set_row_lines (w, sh, sh->row, lines);
  muying_workbook_put_string (w, sh, sh->row, 0, "指标编号", w->header);
  muying_workbook_put_string (w, sh, sh->row, 1, "指标", w->header);
  for (guint g = 0; g < n_groups && w->error == NULL; g++)
    {
      lxw_col_t first = (lxw_col_t) (2 + 3 * g);

      muying_workbook_check (w, worksheet_merge_range (sh->ws, sh->row, first, sh->row, first + 2, labels[g], w->header),
                             sh->name);
    }
  sh->row++;
  muying_workbook_put_string (w, sh, sh->row, 0, NULL, w->header);
  muying_workbook_put_string (w, sh, sh->row, 1, NULL, w->header);
  for (guint g = 0; g < n_groups; g++)
    {
      muying_workbook_put_string (w, sh, sh->row, (lxw_col_t) (2 + 3 * g), "分子", w->header);
      muying_workbook_put_string (w, sh, sh->row, (lxw_col_t) (3 + 3 * g), "分母", w->header);
      muying_workbook_put_string (w, sh, sh->row, (lxw_col_t) (4 + 3 * g), "率", w->header);
    }
  sh->row++;
  for (guint i = 0; i < groups[0]->indicators->len; i++)
    {
      const MuyingIndicator *indicator = groups[0]->indicators->pdata[i];
      const char *label = muying_workbook_indicator_label (indicator);

      if (!muying_workbook_in_programme (indicator, programme))
        continue;
      muying_workbook_set_row_lines (w, sh, sh->row, muying_workbook_wrapped_lines (label, INDICATOR_LABEL_WIDTH));
      muying_workbook_put_string (w, sh, sh->row, 0, indicator->id, w->label);
      muying_workbook_put_string (w, sh, sh->row, 1, label, w->label);
      for (guint g = 0; g < n_groups; g++)
        muying_workbook_put_indicator (w, sh, sh->row, (lxw_col_t) (2 + 3 * g),
                                       muying_indicators_get (groups[g], indicator->id),
                                       last_is_total && g == n_groups - 1);
      sh->row++;
    }
  sh->row++;
}

/* The table of one breakdown: its groups with a case of @programme, then the whole period. */
static void
write_breakdown (Writer                 *w,
                 Sheet                  *sh,
                 char                    programme,
                 WorkbookBreakdown       breakdown,
                 GPtrArray              *groups,
                 const MuyingIndicators *total,
                 const char             *caption)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  for (guint g = 0; groups != NULL && g < groups->len; g++)
    if (has_cases (groups->pdata[g], programme))
      g_ptr_array_add (shown, groups->pdata[g]);
  if (breakdown == WORKBOOK_BREAKDOWN_RESIDENCE)
    g_ptr_array_sort (shown, compare_residence);
  for (guint g = 0; g < shown->len; g++)
    g_ptr_array_add (labels, group_label (breakdown, ((MuyingIndicators *) shown->pdata[g])->group));
  g_ptr_array_add (shown, (gpointer) total);
  g_ptr_array_add (labels, g_strdup ("合计"));

  muying_workbook_put_title (w, sh, caption, 14, w->subtitle);
  for (guint first = 0; first < shown->len; first += GROUPS_PER_BLOCK)
    {
      guint n = MIN (GROUPS_PER_BLOCK, shown->len - first);

      muying_workbook_write_block (w, sh, programme, (const MuyingIndicators * const *) shown->pdata + first,
                                   (char * const *) labels->pdata + first, n, first + n == shown->len);
    }
}

guint
muying_workbook_write_breakdowns (Writer                 *w,
                                  Sheet                  *sh,
                                  char                    programme,
                                  GPtrArray * const      *breakdowns,
                                  const MuyingIndicators *total,
                                  guint                   number)
{
  static const struct
  {
    WorkbookBreakdown breakdown;
    const char       *caption;
    gboolean          cancers_only;
  } tables[] = {
    { WORKBOOK_BREAKDOWN_INSTITUTION, "考核指标（按机构）", FALSE },
    { WORKBOOK_BREAKDOWN_AREA, "考核指标（按地区，居住地区划代码）", FALSE },
    { WORKBOOK_BREAKDOWN_FUNDING, "考核指标（按资金来源：免费项目/其他）", FALSE },
    { WORKBOOK_BREAKDOWN_RESIDENCE, "考核指标（按户籍：农村/城镇低保/城镇）", TRUE },
    { WORKBOOK_BREAKDOWN_AGE, "考核指标（按年龄组，首次检查日期时的年龄）", TRUE },
  };
  gboolean cancer = programme == 'C' || programme == 'B';

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *caption = NULL;

      if (tables[t].cancers_only && !cancer)
        continue;
      caption = g_strdup_printf ("%s、%s", muying_workbook_section_number (number++), tables[t].caption);
      write_breakdown (w, sh, programme, tables[t].breakdown, breakdowns[tables[t].breakdown], total, caption);
    }
  return number;
}

/* The breakdowns whose sums are checked, with their names on 校验. */
static const struct
{
  WorkbookBreakdown breakdown;
  const char       *name;
} summed[] = {
  { WORKBOOK_BREAKDOWN_INSTITUTION, "按机构合计" },
  { WORKBOOK_BREAKDOWN_AREA, "按地区合计" },
  { WORKBOOK_BREAKDOWN_MONTH, "按月合计" },
};

void
muying_workbook_write_sum_checks (Writer                 *w,
                                  Sheet                  *sh,
                                  GPtrArray * const      *breakdowns,
                                  const MuyingIndicators *total,
                                  guint                   number)
{
  g_autofree char *caption = g_strdup_printf ("%s、分组合计校验（各机构之和 = 各地区之和 = 各月之和 = 全期）",
                                              muying_workbook_section_number (number));

  muying_workbook_put_title (w, sh, caption, 8, w->subtitle);
  muying_workbook_put_string (w, sh, sh->row, 0, "指标编号", w->header);
  muying_workbook_put_string (w, sh, sh->row, 1, "指标", w->header);
  muying_workbook_put_string (w, sh, sh->row, 2, "分子/分母", w->header);
  for (guint b = 0; b < G_N_ELEMENTS (summed); b++)
    muying_workbook_put_string (w, sh, sh->row, (lxw_col_t) (3 + b), summed[b].name, w->header);
  muying_workbook_put_string (w, sh, sh->row, 6, "全期", w->header);
  muying_workbook_put_string (w, sh, sh->row, 7, "结果", w->header);
  sh->row++;
  for (guint i = 0; i < total->indicators->len; i++)
    {
      const MuyingIndicator *indicator = total->indicators->pdata[i];
      const char *label = muying_workbook_indicator_label (indicator);

      for (guint side = 0; side < 2; side++)
        {
          gboolean denominator = side == 1;
          gint64 whole = denominator ? indicator->d : indicator->n;
          gboolean ok = TRUE;

          if (denominator && !muying_indicator_has_counted_d (indicator))
            continue;
          muying_workbook_set_row_lines (w, sh, sh->row, muying_workbook_wrapped_lines (label, 44));
          muying_workbook_put_string (w, sh, sh->row, 0, indicator->id, w->label);
          muying_workbook_put_string (w, sh, sh->row, 1, label, w->label);
          muying_workbook_put_string (w, sh, sh->row, 2, denominator ? "分母" : "分子", w->label);
          for (guint b = 0; b < G_N_ELEMENTS (summed); b++)
            {
              gint64 sum = muying_indicators_sum_groups (breakdowns[summed[b].breakdown], indicator->id, denominator);

              ok &= sum == whole;
              muying_workbook_put_number (w, sh, sh->row, (lxw_col_t) (3 + b), (double) sum,
                                          sum == whole ? w->integer : w->fail);
            }
          muying_workbook_put_number (w, sh, sh->row, 6, (double) whole, w->integer);
          muying_workbook_put_string (w, sh, sh->row, 7, ok ? "通过" : "不通过", ok ? w->pass : w->fail);
          sh->row++;
        }
    }
  sh->row++;
}

static void
add_sum_failure (const MuyingIndicator *indicator,
                 gboolean               denominator,
                 guint                  grouping,
                 gint64                 sum,
                 int                    other,
                 gint64                 other_sum,
                 gpointer               failures)
{
  g_ptr_array_add (failures, g_strdup_printf ("%s %s：%s%s %lld，%s %lld", indicator->id,
                                              muying_workbook_indicator_label (indicator),
                                              denominator ? "分母" : "分子", summed[grouping].name, (long long) sum,
                                              other < 0 ? "全期" : summed[other].name, (long long) other_sum));
}

void
muying_workbook_add_sum_failures (GPtrArray * const      *breakdowns,
                                  const MuyingIndicators *total,
                                  GPtrArray              *failures)
{
  GPtrArray *groupings[G_N_ELEMENTS (summed)];

  for (guint b = 0; b < G_N_ELEMENTS (summed); b++)
    groupings[b] = breakdowns[summed[b].breakdown];
  muying_indicators_foreach_sum_mismatch (total, groupings, G_N_ELEMENTS (summed), add_sum_failure, failures);
}
