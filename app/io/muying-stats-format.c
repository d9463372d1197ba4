/* muying-stats-format.c: the statistics as JSON (docs/statistics.md) and as a report for people
 *
 * The store counts (muying-stats.c); how the counts are written out is presentation and lives here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-io"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "muying-stats-format.h"

/* ---- JSON (docs/statistics.md) ---------------------------------------------------------------- */

static void
add_int (JsonBuilder *b,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, value);
}

static void
add_counts (JsonBuilder        *b,
            const char         *key,
            const char * const *names,
            const gint64       *values,
            guint               n)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_object (b);
  for (guint i = 0; i < n; i++)
    add_int (b, names[i], values[i]);
  json_builder_end_object (b);
}

static void
add_levels (JsonBuilder *b,
            gint64       high,
            gint64       intermediate,
            gint64       low)
{
  add_int (b, "high", high);
  add_int (b, "intermediate", intermediate);
  add_int (b, "low", low);
}

/* The indicators whose id starts with @prefix ("P"), as "indicators": {"P1": {"n": …, "d": …}, …}. */
static void
add_indicators (JsonBuilder            *b,
                const MuyingIndicators *indicators,
                char                    prefix)
{
  if (indicators == NULL)
    return;
  json_builder_set_member_name (b, "indicators");
  json_builder_begin_object (b);
  for (guint i = 0; i < indicators->indicators->len; i++)
    {
      const MuyingIndicator *ind = indicators->indicators->pdata[i];
      const char *group = NULL;

      if (ind->id[0] != prefix)
        continue;
      json_builder_set_member_name (b, ind->id);
      json_builder_begin_object (b);
      add_int (b, "n", ind->n);
      json_builder_set_member_name (b, "d");
      if (ind->has_d && !ind->d_missing)
        json_builder_add_int_value (b, ind->d);
      else
        json_builder_add_null_value (b);
      /* the parts in order; a group's parts are consecutive and make one object */
      for (guint j = 0; j < ind->parts->len; j++)
        {
          const MuyingIndicatorPart *part = ind->parts->pdata[j];

          if (g_strcmp0 (part->group, group) != 0)
            {
              if (group != NULL)
                json_builder_end_object (b);
              group = part->group;
              if (group != NULL)
                {
                  json_builder_set_member_name (b, group);
                  json_builder_begin_object (b);
                }
            }
          add_int (b, part->key, part->count);
        }
      if (group != NULL)
        json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

char *
muying_stats_to_json (const MuyingStats *stats,
                      gboolean           pretty)
{
  return muying_stats_to_json_full (stats, NULL, NULL, NULL, pretty);
}

/* "by_<name>": {"<group>": {"prenatal": {"indicators": …}, "newborn": …, "cervical": …, "breast": …}} */
static void
add_groups (JsonBuilder     *b,
            const char      *by_name,
            const GPtrArray *groups)
{
  static const struct { const char *section; char prefix; } sections[] = {
    { "prenatal", 'P' }, { "newborn", 'N' }, { "cervical", 'C' }, { "breast", 'B' },
  };
  g_autofree char *member = g_strdup_printf ("by_%s", by_name);

  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  for (guint i = 0; i < groups->len; i++)
    {
      const MuyingIndicators *group = groups->pdata[i];

      json_builder_set_member_name (b, group->group != NULL ? group->group : "");
      json_builder_begin_object (b);
      for (guint k = 0; k < G_N_ELEMENTS (sections); k++)
        {
          json_builder_set_member_name (b, sections[k].section);
          json_builder_begin_object (b);
          add_indicators (b, group, sections[k].prefix);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

char *
muying_stats_to_json_full (const MuyingStats      *stats,
                           const MuyingIndicators *indicators,
                           const char             *by_name,
                           const GPtrArray        *groups,
                           gboolean                pretty)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *from = muying_period_dup_from_string (&stats->period);
  g_autofree char *to = muying_period_dup_to_string (&stats->period);
  const char *tests[MUYING_N_PRENATAL_TESTS];
  const MuyingPrenatalStats *p = &stats->prenatal;
  const MuyingNewbornStats *n = &stats->newborn;
  const MuyingCervicalStats *c = &stats->cervical;
  const MuyingBreastStats *br = &stats->breast;
  const MuyingFollowupStats *f = &stats->followup;

  for (int t = 0; t < MUYING_N_PRENATAL_TESTS; t++)
    tests[t] = muying_prenatal_test_to_string ((MuyingPrenatalTest) t);

  json_builder_begin_object (b);

  json_builder_set_member_name (b, "period");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, from);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, to);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "prenatal");
  json_builder_begin_object (b);
  add_int (b, "screened", p->screened);
  add_counts (b, "by_test", tests, p->by_test, MUYING_N_PRENATAL_TESTS);
  add_levels (b, p->high, p->intermediate, p->low);
  add_counts (b, "reasons", muying_stats_prenatal_reasons, p->reasons, MUYING_STATS_N_PRENATAL_REASONS);
  add_int (b, "diagnosed", p->diagnosed);
  add_int (b, "diagnosed_abnormal", p->diagnosed_abnormal);
  add_int (b, "outcome_known", p->outcome_known);
  add_indicators (b, indicators, 'P');
  json_builder_end_object (b);

  json_builder_set_member_name (b, "newborn");
  json_builder_begin_object (b);
  add_int (b, "screened", n->screened);
  add_int (b, "carriers", n->carriers);
  add_levels (b, n->high, n->intermediate, n->low);
  add_counts (b, "reasons", muying_stats_newborn_reasons, n->reasons, MUYING_STATS_N_NEWBORN_REASONS);
  add_counts (b, "by_gene", muying_stats_genes, n->by_gene, MUYING_STATS_N_GENES);
  add_int (b, "hearing_initial_refer", n->hearing_initial_refer);
  add_int (b, "rescreened", n->rescreened);
  add_int (b, "rescreen_refer", n->rescreen_refer);
  add_indicators (b, indicators, 'N');
  json_builder_end_object (b);

  json_builder_set_member_name (b, "cervical");
  json_builder_begin_object (b);
  add_int (b, "examined", c->examined);
  add_int (b, "hpv_tested", c->hpv_tested);
  add_int (b, "hpv_positive", c->hpv_positive);
  add_int (b, "cytology_done", c->cytology_done);
  add_int (b, "cytology_abnormal", c->cytology_abnormal);
  add_int (b, "colposcopy_done", c->colposcopy_done);
  add_int (b, "cin1", c->cin1);
  add_int (b, "precancer", c->precancer);
  add_int (b, "cancer", c->cancer);
  add_int (b, "high", c->high);
  add_counts (b, "reasons", muying_stats_cervical_reasons, c->reasons, MUYING_STATS_N_CERVICAL_REASONS);
  add_indicators (b, indicators, 'C');
  json_builder_end_object (b);

  json_builder_set_member_name (b, "breast");
  json_builder_begin_object (b);
  add_int (b, "examined", br->examined);
  add_int (b, "us_done", br->us_done);
  add_int (b, "mammo_done", br->mammo_done);
  add_counts (b, "birads", muying_stats_birads, br->birads, MUYING_STATS_N_BIRADS);
  add_int (b, "precancer", br->precancer);
  add_int (b, "cancer", br->cancer);
  add_int (b, "high", br->high);
  add_counts (b, "reasons", muying_stats_breast_reasons, br->reasons, MUYING_STATS_N_BREAST_REASONS);
  add_indicators (b, indicators, 'B');
  json_builder_end_object (b);

  json_builder_set_member_name (b, "followup");
  json_builder_begin_object (b);
  add_int (b, "open", f->open);
  add_int (b, "overdue", f->overdue);
  add_int (b, "done", f->done);
  add_int (b, "declined", f->declined);
  add_int (b, "lost", f->lost);
  json_builder_end_object (b);

  if (by_name != NULL && groups != NULL)
    add_groups (b, by_name, groups);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, pretty);
  json_generator_set_indent (gen, 2);
  return json_generator_to_data (gen, NULL);
}

/* ---- text -------------------------------------------------------------------------------- */

char *
muying_indicators_to_text (const MuyingIndicators *indicators)
{
  static const char * const units[] = { "%", "‰", N_("per 100,000") };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < indicators->indicators->len; i++)
    {
      const MuyingIndicator *ind = indicators->indicators->pdata[i];
      double rate;

      g_string_append_printf (out, "  %-4s %s: %lld", ind->id, _(ind->label), (long long) ind->n);
      if (ind->has_d && ind->d_missing)
        /* TRANSLATORS: a rate whose population figure was not entered */
        g_string_append_printf (out, " / %s", _("not reported"));
      else if (ind->has_d)
        {
          g_string_append_printf (out, " / %lld", (long long) ind->d);
          if (muying_indicator_get_rate (ind, &rate))
            g_string_append_printf (out, " = %.2f %s", rate, ind->unit == MUYING_RATE_PER_100K ? _(units[2]) : units[ind->unit]);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
line (GString    *out,
      const char *label,
      gint64      value)
{
  g_string_append_printf (out, "  %s: %lld\n", label, (long long) value);
}

static void
line_rate (GString    *out,
           const char *label,
           gint64      value,
           gint64      denominator)
{
  if (denominator > 0)
    g_string_append_printf (out, "  %s: %lld (%.2f%%)\n", label, (long long) value,
                            100.0 * muying_stats_ratio (value, denominator));
  else
    line (out, label, value);
}

static void
reason_lines (GString            *out,
              MuyingRuleSet      *rule_set,
              const char * const *codes,
              const gint64       *values,
              guint               n)
{
  g_string_append_printf (out, "  %s\n", _("Records by reason:"));
  for (guint i = 0; i < n; i++)
    {
      const char *label = rule_set ? muying_rule_set_get_reason_label (rule_set, codes[i]) : NULL;

      if (label != NULL)
        g_string_append_printf (out, "    %s %s: %lld\n", codes[i], label, (long long) values[i]);
      else
        g_string_append_printf (out, "    %s: %lld\n", codes[i], (long long) values[i]);
    }
}

static void
level_lines (GString *out,
             gint64   high,
             gint64   intermediate,
             gint64   low)
{
  g_string_append_printf (out, "  %s: %lld, %s: %lld, %s: %lld\n",
                          muying_level_get_label (MUYING_LEVEL_HIGH), (long long) high,
                          muying_level_get_label (MUYING_LEVEL_INTERMEDIATE), (long long) intermediate,
                          muying_level_get_label (MUYING_LEVEL_LOW), (long long) low);
}

char *
muying_stats_to_text (const MuyingStats *stats,
                      MuyingRuleSet     *rule_set)
{
  static const char * const test_labels[MUYING_N_PRENATAL_TESTS] = {
    N_("early combined"), N_("mid-trimester double"), N_("mid-trimester triple"), N_("mid-trimester quadruple"),
    N_("non-invasive prenatal test (NIPT)"),
  };
  GString *out = g_string_new (NULL);
  g_autofree char *from = muying_period_dup_from_string (&stats->period);
  g_autofree char *to = muying_period_dup_to_string (&stats->period);
  const MuyingPrenatalStats *p = &stats->prenatal;
  const MuyingNewbornStats *n = &stats->newborn;
  const MuyingCervicalStats *c = &stats->cervical;
  const MuyingBreastStats *br = &stats->breast;
  const MuyingFollowupStats *f = &stats->followup;
  gint64 records = 0;

  /* TRANSLATORS: the first and last day of the statistics period */
  g_string_append_printf (out, _("Period: %s to %s"), from, to);
  g_string_append (out, "\n\n");

  for (int t = 0; t < MUYING_N_PRENATAL_TESTS; t++)
    records += p->by_test[t];
  g_string_append_printf (out, "%s\n", muying_program_get_label (MUYING_PROGRAM_PRENATAL));
  line (out, _("Women screened"), p->screened);
  line (out, _("Screening records"), records);
  for (int t = 0; t < MUYING_N_PRENATAL_TESTS; t++)
    g_string_append_printf (out, "    %s: %lld\n", _(test_labels[t]), (long long) p->by_test[t]);
  level_lines (out, p->high, p->intermediate, p->low);
  line_rate (out, _("High-risk rate (high-risk records / women screened)"), p->high, p->screened);
  reason_lines (out, rule_set, muying_stats_prenatal_reasons, p->reasons, MUYING_STATS_N_PRENATAL_REASONS);
  line (out, _("Prenatal diagnosis done"), p->diagnosed);
  line (out, _("Prenatal diagnosis abnormal"), p->diagnosed_abnormal);
  line_rate (out, _("Pregnancy outcome known"), p->outcome_known, p->screened);
  g_string_append (out, "\n");

  g_string_append_printf (out, "%s\n", muying_program_get_label (MUYING_PROGRAM_NEWBORN));
  line (out, _("Newborns screened"), n->screened);
  line_rate (out, _("Carriers (at least one variant)"), n->carriers, n->screened);
  g_string_append_printf (out, "  %s\n", _("Newborns with a variant, by gene:"));
  for (int g = 0; g < MUYING_STATS_N_GENES; g++)
    g_string_append_printf (out, "    %s: %lld\n", muying_stats_genes[g], (long long) n->by_gene[g]);
  level_lines (out, n->high, n->intermediate, n->low);
  reason_lines (out, rule_set, muying_stats_newborn_reasons, n->reasons, MUYING_STATS_N_NEWBORN_REASONS);
  line_rate (out, _("Initial hearing screen refer"), n->hearing_initial_refer, n->screened);
  line (out, _("Hearing rescreened"), n->rescreened);
  line (out, _("Hearing rescreen refer"), n->rescreen_refer);
  g_string_append (out, "\n");

  g_string_append_printf (out, "%s\n", _("Cervical cancer screening"));
  line (out, _("Women examined"), c->examined);
  line (out, _("HPV tested"), c->hpv_tested);
  line_rate (out, _("HPV positive"), c->hpv_positive, c->hpv_tested);
  line (out, _("Cytology done"), c->cytology_done);
  line_rate (out, _("Cytology ASC-US or worse"), c->cytology_abnormal, c->cytology_done);
  line (out, _("Colposcopy done"), c->colposcopy_done);
  line (out, _("CIN1"), c->cin1);
  line (out, _("Precancerous lesions (CIN2, CIN3, AIS)"), c->precancer);
  line (out, _("Cervical cancer"), c->cancer);
  line (out, _("High-risk records"), c->high);
  reason_lines (out, rule_set, muying_stats_cervical_reasons, c->reasons, MUYING_STATS_N_CERVICAL_REASONS);
  g_string_append (out, "\n");

  g_string_append_printf (out, "%s\n", _("Breast cancer screening"));
  line (out, _("Women examined"), br->examined);
  line (out, _("Breast ultrasound done"), br->us_done);
  line (out, _("Mammography done"), br->mammo_done);
  g_string_append_printf (out, "  %s\n", _("BI-RADS (higher of ultrasound and mammography):"));
  for (int i = 0; i < MUYING_STATS_N_BIRADS; i++)
    g_string_append_printf (out, "    %s: %lld\n", muying_stats_birads[i], (long long) br->birads[i]);
  line (out, _("Precancerous lesions (atypical hyperplasia, LCIS)"), br->precancer);
  line (out, _("Breast cancer (DCIS, invasive)"), br->cancer);
  line (out, _("High-risk records"), br->high);
  reason_lines (out, rule_set, muying_stats_breast_reasons, br->reasons, MUYING_STATS_N_BREAST_REASONS);
  g_string_append (out, "\n");

  g_string_append_printf (out, "%s\n", _("Follow-up"));
  line (out, _("Open"), f->open);
  line (out, _("Overdue (open, past the deadline)"), f->overdue);
  line (out, _("Done"), f->done);
  line (out, _("Declined"), f->declined);
  line (out, _("Lost to follow-up"), f->lost);

  return g_string_free (out, FALSE);
}
