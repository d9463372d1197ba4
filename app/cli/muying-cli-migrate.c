/* muying-cli-migrate.c: `migrate-db --to postgresql://USER@HOST:PORT/DB`
 *
 * Moves the database file into an empty database on a PostgreSQL server and verifies the copy
 * before saying so (muying-store-migrate.h). An administrator's command, like a backup: it reads
 * every record. The server's password comes from the owner-only password file or, when none is
 * found there, from the terminal; never from the command line or the address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

#include "muying-cli-auth.h"
#include "muying-cli-commands.h"
#include "muying-error.h"
#include "muying-store-location.h"
#include "muying-store-migrate.h"

/* On stderr, so that stdout stays the summary. */
static void
print_progress (const char *table,
                gint64      rows,
                gpointer    user_data)
{
  if (table != NULL)
    /* TRANSLATORS: a table name and the number of its rows copied to the server */
    g_printerr (_("Copied %s: %lld rows\n"), table, (long long) rows);
  else
    g_printerr ("%s\n", _("Verifying the copy on the server…"));
}

/* What the file's audit trail records of the move (JSON). */
static char *
audit_detail (MuyingMigrateResult *result)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 rows = 0;

  for (guint i = 0; i < result->tables->len; i++)
    rows += ((MuyingMigratedTable *) g_ptr_array_index (result->tables, i))->rows;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, result->server);
  json_builder_set_member_name (b, "tables");
  json_builder_add_int_value (b, result->tables->len);
  json_builder_set_member_name (b, "rows");
  json_builder_add_int_value (b, rows);
  json_builder_set_member_name (b, "audit_entries");
  json_builder_add_int_value (b, result->audit_entries);
  json_builder_set_member_name (b, "audit_head");
  json_builder_add_string_value (b, result->audit_head);
  json_builder_set_member_name (b, "statistics_years");
  json_builder_add_int_value (b, result->stats_years);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

int
muying_cli_migrate_db (MuyingCliContext *ctx,
                       int               argc,
                       char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingMigrateResult) result = NULL;
  g_autoptr(MuyingCliPassword) password = NULL;
  g_autofree char *label = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(GTimer) timer = NULL;
  const char *to = NULL;

  for (int a = 1; a < argc; a++)
    {
      if (g_strcmp0 (argv[a], "--to") == 0 && a + 1 < argc)
        to = argv[++a];
      else
        {
          muying_cli_printerr (_("Unknown argument for %s: %s"), "migrate-db", argv[a]);
          return MUYING_CLI_EXIT_USAGE;
        }
    }
  if (to == NULL)
    {
      muying_cli_printerr ("%s", _("Usage: muying-cli migrate-db --to postgresql://USER@HOST:PORT/DATABASE"));
      return MUYING_CLI_EXIT_USAGE;
    }
  /* the address is checked before anyone is asked for a password */
  label = muying_store_location_describe (to, &error);
  if (label == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (!muying_cli_authenticate_to_read (ctx, MUYING_PERMISSION_BACKUP))
    return muying_cli_auth_failure_status ();

  timer = g_timer_new ();
  result = muying_store_migrate_to_server (ctx->store, to, NULL, print_progress, NULL, &error);
  if (result == NULL && g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NEEDS_PASSWORD) &&
      isatty (STDIN_FILENO))
    {
      g_autofree char *prompt = g_strdup_printf (_("Password of %s on the database server: "), label);

      g_clear_error (&error);
      password = muying_cli_read_password (prompt, NULL, FALSE);
      if (password == NULL)
        return MUYING_CLI_EXIT_ERRORS;
      g_timer_start (timer);   /* the time shown is the move's, not the typing's */
      result = muying_store_migrate_to_server (ctx->store, to, password, print_progress, NULL, &error);
    }
  if (result == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      if (g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NEEDS_PASSWORD))
        muying_cli_printerr ("%s", _("Put the password in a password file only you can read (docs/server.md), or "
                                     "run the command on a terminal to type it"));
      return MUYING_CLI_EXIT_ERRORS;
    }

  for (guint i = 0; i < result->tables->len; i++)
    {
      MuyingMigratedTable *t = g_ptr_array_index (result->tables, i);

      /* TRANSLATORS: table name, rows, the first 16 hex digits of the table's SHA-256 */
      g_print (_("%-20s %12lld rows  SHA-256 %.16s…  equal\n"), t->table, (long long) t->rows, t->digest);
    }
  /* TRANSLATORS: number of audit entries and the first 16 hex digits of the newest one's hash */
  g_print (_("Audit trail on the server: %lld entries verified one by one, ending at %.16s… as in the file\n"),
           (long long) result->audit_entries, result->audit_head);
  /* TRANSLATORS: number of statistical years */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Statistics (by month and age group) and the bureau's indicators of %lld "
                        "statistical year, computed on the server: equal to the file's\n",
                        "Statistics (by month and age group) and the bureau's indicators of %lld "
                        "statistical years, computed on the server: equal to the file's\n", (gulong) result->stats_years),
           (long long) result->stats_years);

  /* In its own transaction (the desktop program may be appending at the same time). The last line
   * of the summary says the trail records the move, so it comes after. */
  detail = audit_detail (result);
  if (!muying_store_audit_now (ctx->store, muying_user_get_login (muying_cli_get_user ()), "migrate_db", "database", 0,
                               detail, &error))
    {
      muying_cli_printerr (_("The move could not be recorded in the file's audit trail: %s"), error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  /* TRANSLATORS: the database file, the server database, seconds */
  g_print (_("Moved %s to %s and verified it (%.1f s). The file was not changed; its audit trail records the "
             "move.\n"), muying_store_get_path (ctx->store), result->server, g_timer_elapsed (timer, NULL));
  return MUYING_CLI_EXIT_OK;
}
