/* muying-cli-stats.c: `muying-cli stats` (docs/cli.md, docs/statistics.md)
 *
 *   muying-cli [--db PATH] stats [--from DATE --to DATE | --year Y | --calendar-year Y | --quarter YYYYQn] [--format text|json]
 *
 * Without a period: the current statistical year (1 October of last year … 30 September). The
 * JSON output is locale-free; the text output is in the user's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "muying-cli-commands.h"
#include "muying-date.h"
#include "muying-rule-set.h"
#include "muying-stats-format.h"
#include "muying-stats.h"

gboolean
muying_cli_parse_period (const char   *command,
                         const char   *from,
                         const char   *to,
                         int           year,
                         int           calendar_year,
                         const char   *quarter,
                         MuyingPeriod *period)
{
  g_autoptr(GError) error = NULL;
  int n_given = (from != NULL || to != NULL) + (year != 0) + (calendar_year != 0) + (quarter != NULL);

  if (n_given > 1)
    {
      muying_cli_printerr (_("%s: give either --from and --to, or --year, or --calendar-year, or --quarter"), command);
      return FALSE;
    }
  if (quarter != NULL)
    {
      if (!muying_period_init_quarter_parse (period, quarter, &error))
        {
          muying_cli_printerr ("%s: %s", command, error->message);
          return FALSE;
        }
      return TRUE;
    }
  if (from != NULL || to != NULL)
    {
      if (from == NULL || to == NULL)
        {
          muying_cli_printerr (_("%s: --from and --to go together"), command);
          return FALSE;
        }
      if (!muying_period_init_parse (period, from, to, &error))
        {
          muying_cli_printerr ("%s: %s", command, error->message);
          return FALSE;
        }
      return TRUE;
    }
  if (year < 0 || year > 2999 || calendar_year < 0 || calendar_year > 2999 ||
      (year != 0 && year < 1901) || (calendar_year != 0 && calendar_year < 1900))
    {
      muying_cli_printerr (_("%s: the year must be between 1901 and 2999"), command);
      return FALSE;
    }
  if (calendar_year != 0)
    muying_period_init_calendar_year (period, calendar_year);
  else if (year != 0)
    muying_period_init_statistical_year (period, year);
  else
    {
      GDate today;

      muying_date_today (&today);
      muying_period_init_statistical_year (period, muying_period_statistical_year_of (&today));
    }
  return TRUE;
}

int
muying_cli_stats (MuyingCliContext *ctx,
                  int               argc,
                  char            **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *format = NULL;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStats) stats = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  g_autofree char *text = NULL;
  MuyingPeriod period;
  MuyingStore *store;
  g_autofree char *quarter = NULL;
  g_autofree char *by = NULL;
  g_autoptr(MuyingIndicators) indicators = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  MuyingIndicatorsBy by_kind = MUYING_INDICATORS_BY_NONE;
  int year = 0, calendar_year = 0;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the period (inclusive)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the period (inclusive)"), N_("DATE") },
    { "year", 0, 0, G_OPTION_ARG_INT, &year,
      N_("Statistical year Y: 1 October Y−1 to 30 September Y (the default period is the current one)"), "Y" },
    { "calendar-year", 0, 0, G_OPTION_ARG_INT, &calendar_year, N_("Calendar year Y: 1 January to 31 December"),
      "Y" },
    { "quarter", 0, 0, G_OPTION_ARG_STRING, &quarter, N_("Quarter of the statistical year, e.g. 2026Q1 (October to December 2025)"),
      "YYYYQn" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Also the indicators per institution, area, month, funding, residence or age group"),
      N_("GROUP") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("— the screening indicators of a period"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      muying_cli_printerr ("stats: %s", error->message);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (rest != NULL && rest[0] != NULL)
    {
      muying_cli_printerr (_("stats: unexpected argument “%s”"), rest[0]);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (format != NULL && g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "json") != 0)
    {
      muying_cli_printerr (_("stats: unknown format “%s”: use text or json"), format);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (!muying_cli_parse_period ("stats", from, to, year, calendar_year, quarter, &period))
    return MUYING_CLI_EXIT_USAGE;
  if (by != NULL)
    {
      /* in the order of MuyingIndicatorsBy */
      static const char * const names[] = { "", "institution", "area", "month", "funding", "residence", "age" };

      for (guint i = 1; i < G_N_ELEMENTS (names); i++)
        if (g_strcmp0 (by, names[i]) == 0)
          by_kind = (MuyingIndicatorsBy) i;
      if (by_kind == MUYING_INDICATORS_BY_NONE)
        {
          muying_cli_printerr (_("stats: unknown breakdown “%s”: use institution, area, month, funding, residence or age"), by);
          return MUYING_CLI_EXIT_USAGE;
        }
    }

  store = muying_cli_context_open_store (ctx);
  if (store == NULL)
    return MUYING_CLI_EXIT_ERRORS;
  stats = muying_stats_compute (store, &period, NULL, NULL, &error);
  if (stats == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }

  {
    /* the total and the breakdown in one walk over the period's cases */
    const MuyingIndicatorsBy bys[2] = { MUYING_INDICATORS_BY_NONE, by_kind };
    GPtrArray *results[2] = { NULL, NULL };
    g_autoptr(GPtrArray) total = NULL;

    if (!muying_store_compute_indicators_multi (store, &period, bys, by_kind != MUYING_INDICATORS_BY_NONE ? 2 : 1,
                                                results, &error))
      {
        muying_cli_printerr ("%s", error->message);
        return MUYING_CLI_EXIT_ERRORS;
      }
    total = results[0];
    groups = results[1];
    indicators = g_ptr_array_steal_index (total, 0);
  }
  if (g_strcmp0 (format, "json") == 0)
    text = muying_stats_to_json_full (stats, indicators, by, groups, TRUE);
  else
    {
      g_autofree char *counts = NULL;
      g_autofree char *lines = NULL;
      GString *out;

      /* Reason labels are a nicety of the text output: without the rule set, codes only. */
      rules = muying_rule_set_new_default (NULL);
      counts = muying_stats_to_text (stats, rules);
      lines = muying_indicators_to_text (indicators);
      out = g_string_new (counts);
      g_string_append_printf (out, "\n%s\n%s", _("Indicators"), lines);
      for (guint i = 0; groups != NULL && i < groups->len; i++)
        {
          const MuyingIndicators *group = groups->pdata[i];
          g_autofree char *group_lines = muying_indicators_to_text (group);

          /* TRANSLATORS: a group of a breakdown, e.g. an institution or "2026-01"; "—" when not recorded */
          g_string_append_printf (out, "\n%s\n%s", *group->group != '\0' ? group->group : _("(not recorded)"),
                                  group_lines);
        }
      text = g_string_free (out, FALSE);
    }
  fputs (text, stdout);
  if (!g_str_has_suffix (text, "\n"))
    fputc ('\n', stdout);
  return MUYING_CLI_EXIT_OK;
}
