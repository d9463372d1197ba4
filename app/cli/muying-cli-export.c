/* muying-cli-export.c: `muying-cli export` (docs/cli.md, docs/statistics.md)
 *
 *   muying-cli [--db PATH] --user NAME export [--from DATE --to DATE | --year Y | --calendar-year Y | --quarter YYYYQn]
 *              --out FILE.xlsx [--deidentify]
 *
 * Writes the annual workbook (default period: the current statistical year). Exporting needs a
 * user whose role allows it (administrator); the password comes from the terminal or
 * MUYING_PASSWORD. The export is written to the audit trail by muying_workbook_export().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "muying-cli-auth.h"
#include "muying-cli-commands.h"
#include "muying-rule-set.h"
#include "muying-workbook.h"

int
muying_cli_export (MuyingCliContext *ctx,
                   int               argc,
                   char            **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  MuyingWorkbookOptions options = { 0 };
  MuyingUser *user;
  MuyingStore *store;
  gboolean deidentify = FALSE;
  g_autofree char *quarter = NULL;
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
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The workbook to write"), "FILE.xlsx" },
    { "deidentify", 0, 0, G_OPTION_ARG_NONE, &deidentify,
      N_("De-identified copy: no names, sample numbers or full dates; of the ID number only the county code and "
         "the age (the period must be whole months)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("— write the annual workbook for the maternal health bureau"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      muying_cli_printerr ("export: %s", error->message);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (rest != NULL && rest[0] != NULL)
    {
      muying_cli_printerr (_("export: unexpected argument “%s”"), rest[0]);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (out == NULL || *out == '\0')
    {
      muying_cli_printerr ("%s", _("export: --out FILE.xlsx is required"));
      return MUYING_CLI_EXIT_USAGE;
    }
  if (!muying_cli_parse_period ("export", from, to, year, calendar_year, quarter, &options.period))
    return MUYING_CLI_EXIT_USAGE;

  /* A mistyped --out must not cost the database: refused before the log-in is audited. */
  if (!muying_cli_check_output_path (ctx, out))
    return MUYING_CLI_EXIT_ERRORS;
  /* Exporting records is for a role that may (docs/cli.md): log the user in first. */
  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_EXPORT))
    return muying_cli_auth_failure_status ();
  user = muying_cli_get_user ();
  store = muying_cli_context_open_store (ctx);
  if (store == NULL)
    return MUYING_CLI_EXIT_ERRORS;

  /* Reason labels and the rule-set version on the cover; without the rule data, codes only. */
  rules = muying_rule_set_new_default (&error);
  if (rules == NULL)
    {
      muying_cli_printerr (_("Warning: the rules could not be loaded (%s); the register shows reason codes"),
                           error->message);
      g_clear_error (&error);
    }

  options.deidentify = deidentify;
  options.user = user ? muying_user_get_login (user) : ctx->user;
  options.rule_set = rules;
  if (!muying_workbook_export (store, out, &options, NULL, NULL, NULL, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  {
    g_autofree char *a = muying_period_dup_from_string (&options.period);
    g_autofree char *b = muying_period_dup_to_string (&options.period);

    /* TRANSLATORS: a file name, then the first and last day of the period */
    g_print (_("Wrote %s (%s to %s)\n"), out, a, b);
  }
  return MUYING_CLI_EXIT_OK;
}
