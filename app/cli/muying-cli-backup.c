/* muying-cli-backup.c: `backup [--force] [--full-check] OUT.db`, `backup --daily [--folder DIR]`, `restore IN.db`, `check`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muying-backup-retention.h"
#include "muying-cli-auth.h"
#include "muying-cli-commands.h"
#include "muying-indicators.h"
#include "muying-error.h"
#include "muying-store-backup.h"
#include "muying-store-check.h"

/* On a terminal, how far the copy is (on stderr, so the output stays what scripts read). */
static void
print_progress (double   fraction,
                gpointer user_data)
{
  int *last = user_data;
  int percent = (int) (fraction * 100);

  if (percent == *last)
    return;
  *last = percent;
  /* TRANSLATORS: the progress of a backup in percent */
  g_printerr (_("\rCopying: %d %%"), percent);
  if (percent >= 100)
    g_printerr ("\n");
}

/* The one check of a backup is the check of its copy: the file is not checked a second time before
 * the sign-in's rows (muying_store_defer_check). */
static void
defer_check (MuyingCliContext *ctx)
{
  MuyingStore *store = muying_cli_context_open_store (ctx);

  if (store != NULL)
    muying_store_defer_check (store);
}

/* `backup --daily [--folder DIR]`: the window's daily backup for a program run by the system's
 * scheduler, with the same retention and the same warning when the disk is short of space. */
static int
backup_daily (MuyingCliContext *ctx,
              const char       *folder)
{
  g_autoptr(GError) error = NULL;
  MuyingDailyBackup daily = { .folder = folder, .keep = MUYING_BACKUP_KEEP_DAILY, .free_space = -1 };
  int last = -1;
  int status = MUYING_CLI_EXIT_OK;

  defer_check (ctx);
  if (!muying_cli_authenticate_to_read (ctx, MUYING_PERMISSION_BACKUP))
    return muying_cli_auth_failure_status ();
  if (isatty (STDERR_FILENO))
    {
      daily.progress = print_progress;
      daily.progress_data = &last;
    }
  if (!muying_store_backup_daily_run (ctx->store, &daily, &error))
    {
      muying_cli_printerr ("%s", error->message);
      status = MUYING_CLI_EXIT_ERRORS;
    }
  else if (daily.made != NULL)
    /* TRANSLATORS: the path of the new daily backup */
    g_print (_("Daily backup written and checked: %s\n"), daily.made);
  else
    g_print ("%s\n", _("Today's backup exists already"));
  if (daily.n_deleted > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u old backup deleted\n", "%u old backups deleted\n", daily.n_deleted),
             daily.n_deleted);
  /* Space short: a warning even when the backup was made (exit status 1, for the scheduler's mail). */
  if (daily.space_warning != NULL && (error == NULL || g_strcmp0 (error->message, daily.space_warning) != 0))
    {
      muying_cli_printerr (_("Warning: %s"), daily.space_warning);
      status = MUYING_CLI_EXIT_ERRORS;
    }
  muying_daily_backup_clear (&daily);
  return status;
}

int
muying_cli_backup (MuyingCliContext *ctx,
                   int               argc,
                   char            **argv)
{
  g_autoptr(GError) error = NULL;
  MuyingBackupFlags flags = MUYING_BACKUP_FLAGS_NONE;
  MuyingBackupInfo info = { 0 };
  const char *out = NULL;
  const char *folder = NULL;
  gboolean daily = FALSE;
  int last = -1;

  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--force") == 0)
        flags |= MUYING_BACKUP_FLAGS_OVERWRITE;
      else if (g_strcmp0 (argv[i], "--full-check") == 0)
        flags |= MUYING_BACKUP_FLAGS_FULL_CHECK;
      else if (g_strcmp0 (argv[i], "--daily") == 0)
        daily = TRUE;
      else if (g_strcmp0 (argv[i], "--folder") == 0 && i + 1 < argc)
        folder = argv[++i];
      else if (argv[i][0] == '-' || out != NULL)
        {
          muying_cli_printerr (_("backup: unexpected argument “%s”"), argv[i]);
          return MUYING_CLI_EXIT_USAGE;
        }
      else
        out = argv[i];
    }
  if (daily && out == NULL && flags == MUYING_BACKUP_FLAGS_NONE)
    return backup_daily (ctx, folder);
  if (out == NULL || daily || folder != NULL)
    {
      muying_cli_printerr ("%s", _("Usage: muying-cli --user ADMIN backup [--force] [--full-check] OUT.db\n"
                                   "       muying-cli --user ADMIN backup --daily [--folder DIR]"));
      return MUYING_CLI_EXIT_USAGE;
    }
  if (!muying_cli_check_output_path (ctx, out))
    return MUYING_CLI_EXIT_ERRORS;
  /* A backup only reads the database: on a full disk it is most needed, so it runs even when
   * neither the log-in nor the backup can be written to the audit trail (with a warning). */
  defer_check (ctx);
  if (!muying_cli_authenticate_to_read (ctx, MUYING_PERMISSION_BACKUP))
    return muying_cli_auth_failure_status ();
  if (!muying_store_backup_with_progress (ctx->store, out, ctx->user, flags,
                                          isatty (STDERR_FILENO) ? print_progress : NULL, &last, NULL,
                                          &info, &error))
    {
      muying_cli_printerr ("%s", error->message);
      if (!g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FULL))
        return MUYING_CLI_EXIT_ERRORS;
    }
  /* What the store's one check of the copy found. */
  if (info.sha256 != NULL)
    {
      /* TRANSLATORS: path, number of records, size in bytes, SHA-256 */
      g_print (_("Backup written and checked: %s\n%lld records, %lld bytes, SHA-256 %s\n"),
               out, (long long) info.n_records, (long long) info.size, info.sha256);
      if (info.audit_head_hash != NULL)
        /* TRANSLATORS: the newest audit entry of the backup: its number and hash */
        g_print (_("Audit chain check value: entry %lld, %s\n"), (long long) info.audit_head_id,
                 info.audit_head_hash);
    }
  muying_backup_info_clear (&info);
  return MUYING_CLI_EXIT_OK;
}

int
muying_cli_restore (MuyingCliContext *ctx,
                    int               argc,
                    char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *safety = NULL;
  g_autofree char *warning = NULL;
  MuyingBackupInfo info = { 0 };

  if (argc != 2 || argv[1][0] == '-')
    {
      muying_cli_printerr ("%s", _("Usage: muying-cli --user ADMIN restore IN.db"));
      return MUYING_CLI_EXIT_USAGE;
    }
  /* Check the file before asking for a password: a wrong file is the common mistake. */
  if (!muying_store_inspect_backup (argv[1], &info, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (!muying_cli_authenticate_to_restore (ctx))
    {
      muying_backup_info_clear (&info);
      return muying_cli_auth_failure_status ();
    }
  warning = muying_store_restore_warning (ctx->store, argv[1], &info);
  muying_backup_info_clear (&info);
  if (warning != NULL)
    muying_cli_printerr (_("Warning: %s"), warning);
  if (!muying_store_restore (ctx->store, argv[1], ctx->user, &safety, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  /* TRANSLATORS: the backup restored, then the copy of the replaced database */
  g_print (_("Restored from %s\nThe replaced database was saved as %s\n"), argv[1], safety);
  return MUYING_CLI_EXIT_OK;
}

/* check --stats [--year Y | --calendar-year Y | --quarter YYYYQn | --from D --to D]: the consistency
 * of the period's indicators (every numerator within its denominator, distributions adding up). */
static int
check_stats (MuyingCliContext *ctx,
             int               argc,
             char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingIndicators) indicators = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  const char *from = NULL, *to = NULL, *quarter = NULL;
  int year = 0, calendar_year = 0;
  MuyingPeriod period;
  MuyingStore *store;

  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--year") == 0 && i + 1 < argc)
        year = atoi (argv[++i]);
      else if (g_strcmp0 (argv[i], "--calendar-year") == 0 && i + 1 < argc)
        calendar_year = atoi (argv[++i]);
      else if (g_strcmp0 (argv[i], "--quarter") == 0 && i + 1 < argc)
        quarter = argv[++i];
      else if (g_strcmp0 (argv[i], "--from") == 0 && i + 1 < argc)
        from = argv[++i];
      else if (g_strcmp0 (argv[i], "--to") == 0 && i + 1 < argc)
        to = argv[++i];
      else
        {
          muying_cli_printerr (_("check: unexpected argument “%s”"), argv[i]);
          return MUYING_CLI_EXIT_USAGE;
        }
    }
  if (!muying_cli_parse_period ("check", from, to, year, calendar_year, quarter, &period))
    return MUYING_CLI_EXIT_USAGE;
  store = muying_cli_context_open_store (ctx);
  if (store == NULL)
    return MUYING_CLI_EXIT_ERRORS;
  {
    /* the total and the breakdowns whose sums must equal it, in one walk over the cases */
    const MuyingIndicatorsBy bys[] = { MUYING_INDICATORS_BY_NONE, MUYING_INDICATORS_BY_INSTITUTION,
                                       MUYING_INDICATORS_BY_AREA, MUYING_INDICATORS_BY_MONTH };
    /* TRANSLATORS: the breakdowns of a consistency check: "the sum over the institutions is …" */
    const char * const names[] = { _("institutions"), _("areas"), _("months") };
    GPtrArray *results[G_N_ELEMENTS (bys)];

    if (!muying_store_compute_indicators_multi (store, &period, bys, G_N_ELEMENTS (bys), results, &error))
      {
        muying_cli_printerr ("%s", error->message);
        return MUYING_CLI_EXIT_ERRORS;
      }
    indicators = g_ptr_array_steal_index (results[0], 0);
    problems = muying_indicators_check (indicators);
    g_ptr_array_extend_and_steal (problems,
                                  muying_indicators_check_sums (indicators, results + 1, names, G_N_ELEMENTS (names)));
    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      g_ptr_array_unref (results[i]);
  }
  for (guint i = 0; i < problems->len; i++)
    g_print ("%s\n", (const char *) problems->pdata[i]);
  if (problems->len == 0)
    {
      g_autofree char *first = muying_period_dup_from_string (&period);
      g_autofree char *last = muying_period_dup_to_string (&period);

      /* TRANSLATORS: the first and last day of the period */
      g_print (_("The statistics of %s to %s are consistent: every numerator is within its denominator, and the sums over institutions, areas and months equal the totals\n"), first, last);
      return MUYING_CLI_EXIT_OK;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u inconsistency found\n", "%u inconsistencies found\n", problems->len),
           problems->len);
  return MUYING_CLI_EXIT_ERRORS;
}

int
muying_cli_check (MuyingCliContext *ctx,
                  int               argc,
                  char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  MuyingStore *store;

  if (argc > 1 && g_strcmp0 (argv[1], "--stats") == 0)
    return check_stats (ctx, argc - 1, argv + 1);
  if (argc > 1)
    {
      muying_cli_printerr (_("check: unexpected argument “%s”"), argv[1]);
      return MUYING_CLI_EXIT_USAGE;
    }
  store = muying_cli_context_open_store (ctx);
  if (store == NULL)
    return MUYING_CLI_EXIT_ERRORS;
  problems = muying_store_check_full (store, NULL, &audit_error, &error);
  if (problems == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (problems->len == 0)
    g_print ("%s\n", _("The database is sound: structure, audit trail and records check out"));
  for (guint i = 0; i < problems->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (problems, i));
  if (problems->len > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u problem found\n", "%u problems found\n", problems->len),
             problems->len);
  /* The check's own result stands; that it is not in the audit trail (a full disk) is said
   * apart, and has an exit status of its own when the database is sound. */
  if (audit_error != NULL)
    {
      g_autofree char *message = muying_store_check_unrecorded_message (audit_error);

      g_print ("%s\n", message);
    }
  if (problems->len > 0)
    return MUYING_CLI_EXIT_ERRORS;
  return audit_error != NULL ? MUYING_CLI_EXIT_UNRECORDED : MUYING_CLI_EXIT_OK;
}
