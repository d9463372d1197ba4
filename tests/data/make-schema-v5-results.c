/* make-schema-v5-results.c: enters later results through the store of schema version 5
 *
 * Built against the libraries of the last version-5 commit (046a757) by make-schema-v5.sh, not
 * by this project's build: the migration fixture (schema-v5.sql.xz) needs newborn audiology
 * results, interventions, two-cancer treatments and stages written by the code that wrote them
 * in version 5 (muying_store_enter_result), and the demo of that version writes few of them.
 *
 *   make-schema-v5-results DB LOGIN PASSWORD RECORD_ID:KIND:VALUE:YYYY-MM-DD…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "muying-date.h"
#include "muying-followup.h"
#include "muying-rule-set.h"
#include "muying-store-users.h"
#include "muying-store-worklist.h"
#include "muying-store.h"

int main (int argc, char **argv);

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autoptr(MuyingUser) user = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;

  if (argc < 5)
    {
      fprintf (stderr, "usage: %s DB LOGIN PASSWORD RECORD_ID:KIND:VALUE:DATE…\n", argv[0]);
      return 2;
    }
  store = muying_store_open (argv[1], &error);
  if (store != NULL)
    user = muying_store_login (store, argv[2], argv[3], &error);
  if (user != NULL)
    rules = muying_rule_set_new_default (&error);
  if (rules == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  for (int i = 4; i < argc; i++)
    {
      g_auto(GStrv) parts = g_strsplit (argv[i], ":", 4);
      MuyingLaterResult result = { 0 };
      GDate today;

      if (g_strv_length (parts) != 4 || !muying_result_kind_from_string (parts[1], &result.kind) ||
          !muying_date_parse (parts[3], &result.date, NULL))
        {
          fprintf (stderr, "bad argument %s\n", argv[i]);
          return 2;
        }
      result.value = parts[2];
      muying_date_today (&today);
      if (!muying_store_enter_result (store, user, g_ascii_strtoll (parts[0], NULL, 10), &result, rules, &today,
                                      &error))
        {
          fprintf (stderr, "%s: %s\n", argv[i], error->message);
          return 1;
        }
    }
  return 0;
}
