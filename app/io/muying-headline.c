/* muying-headline.c: the bureau's headline of a period (muying-headline.h)
 *
 * Moved out of the workbook so that the statistics page says the same sentences. The Chinese
 * text is the bureau's wording and the workbook's whatever the user's language; the English
 * msgids below translate to the same Chinese (po/zh_CN.po) for the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-headline.h"

/* Each sentence gives three figures at most (ids NULL after the last). */
static const struct
{
  const char *topic_zh;
  const char *topic;
  const char *format_zh;
  const char *format;
  const char *ids[3];
} sentences[] = {
  { "产前筛查", N_("Prenatal screening"),
    "筛查孕妇 %s 人，检出染色体异常或神经管缺陷 %s 例，其中终止妊娠 %s 例。",
    /* TRANSLATORS: the bureau's headline; the three numbers are P1, P12 and P16 */
    N_("%s pregnancies screened, %s chromosomal anomalies or neural tube defects found, %s of them terminated."),
    { "P1", "P12", "P16" } },
  { "新生儿筛查", N_("Newborn screening"),
    "新生儿听力筛查 %s 人，耳聋基因筛查 %s 人。",
    N_("%s newborns screened for hearing, %s screened for deafness genes."),
    { "N1", "N11", NULL } },
  { "宫颈癌检查", N_("Cervical cancer screening"),
    "宫颈癌检查 %s 人，检出宫颈癌前病变和宫颈癌 %s 例。",
    N_("%s women examined for cervical cancer, %s cervical precancers and cancers found."),
    { "C1", "C9", NULL } },
  { "乳腺癌检查", N_("Breast cancer screening"),
    "乳腺癌检查 %s 人，检出乳腺癌前病变和乳腺癌 %s 例。",
    N_("%s women examined for breast cancer, %s breast precancers and cancers found."),
    { "B1", "B6", NULL } },
};

static const MuyingHeadlineFigure figures[] = {
  { "P1", "筛查孕妇（P1）" }, { "P12", "受累妊娠（P12）" }, { "P16", "其中终止妊娠（P16）" },
  { "N1", "听力筛查（N1）" }, { "N11", "耳聋基因筛查（N11）" }, { "C1", "宫颈癌检查（C1）" },
  { "C9", "宫颈癌前病变和宫颈癌（C9）" }, { "B1", "乳腺癌检查（B1）" }, { "B6", "乳腺癌前病变和乳腺癌（B6）" },
};

char *
muying_headline_grouped (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%lld", (long long) ABS (value));
  GString *out = g_string_new (value < 0 ? "-" : "");
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

gint64
muying_headline_count (const MuyingIndicators *indicators,
                       const char             *id)
{
  const MuyingIndicator *indicator = muying_indicators_get (indicators, id);

  return indicator != NULL ? indicator->n : 0;
}

static void
line_free (MuyingHeadlineLine *line)
{
  g_free (line->sentence);
  g_free (line);
}

GPtrArray *
muying_headline_lines (const MuyingIndicators *indicators,
                       gboolean                chinese)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);

  g_return_val_if_fail (indicators != NULL, lines);

  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    {
      MuyingHeadlineLine *line = g_new0 (MuyingHeadlineLine, 1);
      g_autofree char *a = NULL, *b = NULL, *c = NULL;
      const char *format = chinese ? sentences[i].format_zh : _(sentences[i].format);

      a = muying_headline_grouped (muying_headline_count (indicators, sentences[i].ids[0]));
      b = muying_headline_grouped (muying_headline_count (indicators, sentences[i].ids[1]));
      if (sentences[i].ids[2] != NULL)
        c = muying_headline_grouped (muying_headline_count (indicators, sentences[i].ids[2]));
      line->topic = chinese ? sentences[i].topic_zh : _(sentences[i].topic);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      line->sentence = g_strdup_printf (format, a, b, c);
#pragma GCC diagnostic pop
      g_ptr_array_add (lines, line);
    }
  return lines;
}

const MuyingHeadlineFigure *
muying_headline_figures (guint *n_figures)
{
  *n_figures = G_N_ELEMENTS (figures);
  return figures;
}
