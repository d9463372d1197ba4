/* muying-cli-demo.c: `muying-cli demo` (docs/cli.md)
 *
 *   muying-cli [--db PATH] --user NAME demo --records N [--seed S] [--year Y]
 *
 * Adds N synthetic screening records (muying-demo.h), deterministic for a seed. The
 * records carry reviews and signatures in the names of the database's doctors, so only an
 * administrator may add them. Without --year the dates cover the ten years up to today.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <unistd.h>

#include "muying-cli-auth.h"
#include "muying-cli-commands.h"
#include "muying-date.h"
#include "muying-rule-set.h"
#include "muying-demo.h"

#define MAX_RECORDS 50000000

static void
on_progress_cb (guint64  done,
                guint64  total,
                gpointer user_data)
{
  /* TRANSLATORS: progress of `muying-cli demo`; %lld are record counts */
  g_printerr ("\r");
  g_printerr (_("%lld of %lld records…"), (long long) done, (long long) total);
  if (done == total)
    g_printerr ("\n");
}

int
muying_cli_demo (MuyingCliContext *ctx,
                 int               argc,
                 char            **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  g_autoptr(GTimer) timer = NULL;
  g_autofree char *records_text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_auto(GStrv) rest = NULL;
  MuyingDemoOptions options;
  MuyingDemoSummary summary;
  MuyingStore *store;
  MuyingUser *user;
  gint64 seed = 1;
  guint64 n_records = 0;
  int year = 0;
  GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_STRING, &records_text, N_("How many records to add (required)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the random choices: the same seed gives the same "
                                                  "records (default 1)"), "S" },
    { "year", 0, 0, G_OPTION_ARG_INT, &year,
      N_("Spread the dates over statistical year Y (1 October Y−1 to 30 September Y); default: the last ten "
         "years"), "Y" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("— add synthetic screening records for demonstrations and tests"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      muying_cli_printerr ("demo: %s", error->message);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (rest != NULL && rest[0] != NULL)
    {
      muying_cli_printerr (_("demo: unexpected argument “%s”"), rest[0]);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (records_text == NULL)
    {
      muying_cli_printerr ("%s", _("demo: --records N is required"));
      return MUYING_CLI_EXIT_USAGE;
    }
  if (!g_ascii_string_to_unsigned (records_text, 10, 1, MAX_RECORDS, &n_records, NULL))
    {
      muying_cli_printerr (_("demo: --records must be a whole number from 1 to %d"), MAX_RECORDS);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (seed < 0 || seed > G_MAXUINT32)
    {
      muying_cli_printerr (_("demo: --seed must be a whole number from 0 to %u"), G_MAXUINT32);
      return MUYING_CLI_EXIT_USAGE;
    }

  muying_demo_options_init (&options);
  options.n_records = n_records;
  options.seed = (guint32) seed;
  options.year = year;
  {
    GDate period_from, period_to;

    if (!muying_demo_get_period (&options, &period_from, &period_to, &error))
      {
        muying_cli_printerr ("demo: %s", error->message);
        return MUYING_CLI_EXIT_USAGE;
      }
  }

  /* Writes records, reviews and signatures: administrators only. */
  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_IMPORT))
    return muying_cli_auth_failure_status ();
  user = muying_cli_get_user ();
  if (muying_user_get_role (user) != MUYING_ROLE_ADMIN)
    {
      muying_cli_printerr ("%s", _("Only an administrator may add demonstration records"));
      return MUYING_CLI_EXIT_ERRORS;
    }
  options.user = muying_user_get_login (user);
  store = muying_cli_context_open_store (ctx);
  if (store == NULL)
    return MUYING_CLI_EXIT_ERRORS;

  rules = muying_rule_set_new_default (&error);
  if (rules == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }

  timer = g_timer_new ();
  if (!muying_demo_generate (store, rules, &options, isatty (STDERR_FILENO) ? on_progress_cb : NULL, NULL,
                                   &summary, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }

  from = muying_date_format (&summary.from);
  to = muying_date_format (&summary.to);
  /* TRANSLATORS: %lld are counts; %s dates (YYYY-MM-DD); %u the seed */
  g_print (_("Added %lld records (prenatal %lld, newborn %lld, two-cancer %lld) dated %s to %s, seed %u.\n"),
           (long long) options.n_records, (long long) summary.records[MUYING_PROGRAM_PRENATAL],
           (long long) summary.records[MUYING_PROGRAM_NEWBORN],
           (long long) summary.records[MUYING_PROGRAM_TWO_CANCER], from, to, options.seed);
  /* TRANSLATORS: %lld are counts, %.1f seconds */
  g_print (_("%lld flagged, %lld follow-ups, %lld reviewed (%lld signed), %lld new persons; %.1f s.\n"),
           (long long) summary.flagged, (long long) summary.followups, (long long) summary.reviewed,
           (long long) summary.signed_records, (long long) summary.persons, g_timer_elapsed (timer, NULL));
  return MUYING_CLI_EXIT_OK;
}
