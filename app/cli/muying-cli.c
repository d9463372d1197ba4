/* muying-cli.c: the command line (docs/cli.md)
 *
 *   muying-cli [--db PATH] [--user NAME] COMMAND [ARGS…]
 *
 * Exit status 0 on success, 1 when the command ran but found errors, 2 on bad usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "muying-cli-commands.h"
#include "muying-cli-context.h"
#include "muying-error.h"
#include "muying-i18n.h"

void
muying_cli_printerr (const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("muying-cli: %s\n", message);
}

MuyingStore *
muying_cli_context_open_store (MuyingCliContext *ctx)
{
  g_autoptr(GError) error = NULL;

  if (ctx->store != NULL)
    return ctx->store;
  ctx->store = muying_store_open (ctx->db_path, &error);
  if (ctx->store == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      if (g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND))
        muying_cli_printerr ("%s", _("Only “muying-cli init --admin NAME” creates a new database"));
    }
  else if (muying_store_is_network_fs (ctx->store))
    muying_cli_printerr ("%s", _("Warning: the database is on a network drive, where SQLite cannot guarantee "
                                 "that records survive a network failure"));
  return ctx->store;
}

static int
cli_init (MuyingCliContext *ctx,
          int               argc,
          char            **argv)
{
  MuyingStore *store;
  const char *admin = NULL;

  for (int a = 1; a < argc; a++)
    {
      if (g_strcmp0 (argv[a], "--admin") == 0 && a + 1 < argc)
        admin = argv[++a];
      else if (g_str_has_prefix (argv[a], "--admin="))
        admin = argv[a] + 8;
      else
        {
          muying_cli_printerr (_("init: unexpected argument “%s”"), argv[a]);
          return MUYING_CLI_EXIT_USAGE;
        }
    }
  /* The one command that creates a database (or initialises an empty file). */
  if (ctx->store == NULL)
    {
      g_autoptr(GError) error = NULL;

      ctx->store = muying_store_create (ctx->db_path, &error);
      if (ctx->store == NULL)
        {
          muying_cli_printerr ("%s", error->message);
          return MUYING_CLI_EXIT_ERRORS;
        }
    }
  store = muying_cli_context_open_store (ctx);
  if (store == NULL)
    return MUYING_CLI_EXIT_ERRORS;
  /* TRANSLATORS: %s is a file path, %d the schema version */
  g_print (_("Database: %s\nSchema version: %d\n"), muying_store_get_path (store),
           muying_store_get_schema_version (store));
  if (admin != NULL)
    return muying_cli_init_admin (ctx, admin);
  return MUYING_CLI_EXIT_OK;
}

typedef struct
{
  const char *name;
  int       (*run) (MuyingCliContext *ctx, int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "init", cli_init, N_("Create or upgrade the database and print its path and version") },
  { "import", muying_cli_import, N_("Import a CSV file of screening or follow-on records") },
  { "classify", muying_cli_classify,
    N_("Print the level and reasons of each row of a CSV file (no database), or re-classify the stored records") },
  { "user", muying_cli_user, N_("Manage users: add, passwd, disable, enable, unlock, list") },
  { "backup", muying_cli_backup, N_("Write a checked backup of the database to a file") },
  { "restore", muying_cli_restore, N_("Replace the database with a backup (the old one is kept)") },
  { "check", muying_cli_check, N_("Check the database: file structure, audit trail, records") },
  { "stats", muying_cli_stats, N_("Print the screening indicators of a period") },
  { "demo", muying_cli_demo, N_("Add synthetic screening records (deterministic for a seed)") },
  { "export", muying_cli_export, N_("Write the annual workbook (.xlsx) of a period") },
  { "worklist", muying_cli_worklist, N_("List open follow-ups and unreviewed high-risk records, most urgent first") },
  { "person", muying_cli_person, N_("Show a person, or correct her name or phone with a reason") },
  { "denominators", muying_cli_denominators, N_("Enter or list the bureau's population figures (deliveries, live births, women due)") },
  { "migrate-db", muying_cli_migrate_db, N_("Move the database to an empty database on a PostgreSQL server, verified") },
  { "follow-on", muying_cli_follow_on, N_("List the diagnoses, outcomes and audiology results not linked to a case, or link one") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: muying-cli [--db PATH] [--user NAME] COMMAND [ARGUMENTS…]"));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
}

int
main (int   argc,
      char *argv[])
{
  MuyingCliContext ctx = { 0 };
  int i, status = MUYING_CLI_EXIT_USAGE;

  muying_i18n_init ();

  /* Global options come before the command; everything after it belongs to the command. */
  for (i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--db") == 0 && i + 1 < argc)
        ctx.db_path = g_strdup (argv[++i]);
      else if (g_str_has_prefix (argv[i], "--db="))
        ctx.db_path = g_strdup (argv[i] + 5);
      else if (g_strcmp0 (argv[i], "--user") == 0 && i + 1 < argc)
        ctx.user = g_strdup (argv[++i]);
      else if (g_str_has_prefix (argv[i], "--user="))
        ctx.user = g_strdup (argv[i] + 7);
      else if (g_strcmp0 (argv[i], "--help") == 0 || g_strcmp0 (argv[i], "-h") == 0)
        {
          print_usage (stdout);
          return MUYING_CLI_EXIT_OK;
        }
      else if (g_strcmp0 (argv[i], "--version") == 0)
        {
          g_print ("muying-cli %s\n", PACKAGE_VERSION);
          return MUYING_CLI_EXIT_OK;
        }
      else if (argv[i][0] == '-')
        {
          muying_cli_printerr (_("unknown option “%s”"), argv[i]);
          print_usage (stderr);
          return MUYING_CLI_EXIT_USAGE;
        }
      else
        break;
    }
  if (i >= argc)
    {
      print_usage (stderr);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (ctx.db_path == NULL)
    ctx.db_path = muying_store_default_path ();

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (strcmp (argv[i], commands[c].name) == 0)
      {
        status = commands[c].run (&ctx, argc - i, argv + i);
        goto out;
      }
  muying_cli_printerr (_("unknown command “%s”"), argv[i]);
  print_usage (stderr);

out:
  g_clear_object (&ctx.store);
  g_free (ctx.db_path);
  g_free (ctx.user);
  return status;
}
