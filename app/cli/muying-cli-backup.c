/* muying-cli-backup.c: `backup [--force] OUT.db`, `restore IN.db`, `check`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "muying-cli-auth.h"
#include "muying-cli-commands.h"
#include "muying-error.h"
#include "muying-store-backup.h"
#include "muying-store-check.h"

int
muying_cli_backup (MuyingCliContext *ctx,
                   int               argc,
                   char            **argv)
{
  g_autoptr(GError) error = NULL;
  MuyingBackupFlags flags = MUYING_BACKUP_FLAGS_NONE;
  MuyingBackupInfo info = { 0 };
  const char *out = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--force") == 0)
        flags |= MUYING_BACKUP_FLAGS_OVERWRITE;
      else if (argv[i][0] == '-' || out != NULL)
        {
          muying_cli_printerr (_("backup: unexpected argument “%s”"), argv[i]);
          return MUYING_CLI_EXIT_USAGE;
        }
      else
        out = argv[i];
    }
  if (out == NULL)
    {
      muying_cli_printerr ("%s", _("Usage: muying-cli --user ADMIN backup [--force] OUT.db"));
      return MUYING_CLI_EXIT_USAGE;
    }
  if (!muying_cli_check_output_path (ctx, out))
    return MUYING_CLI_EXIT_ERRORS;
  /* A backup only reads the database: on a full disk it is most needed, so it runs even when
   * neither the log-in nor the backup can be written to the audit trail (with a warning). */
  if (!muying_cli_authenticate_to_read (ctx, MUYING_PERMISSION_BACKUP))
    return muying_cli_auth_failure_status ();
  if (!muying_store_backup_full (ctx->store, out, ctx->user, flags, &info, &error))
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

int
muying_cli_check (MuyingCliContext *ctx,
                  int               argc,
                  char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  MuyingStore *store;

  if (argc > 1)
    {
      muying_cli_printerr (_("check: unexpected argument “%s”"), argv[1]);
      return MUYING_CLI_EXIT_USAGE;
    }
  store = muying_cli_context_open_store (ctx);
  if (store == NULL)
    return MUYING_CLI_EXIT_ERRORS;
  problems = muying_store_check (store, NULL, &error);
  if (problems == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (problems->len == 0)
    {
      g_print ("%s\n", _("The database is sound: structure, audit trail and records check out"));
      return MUYING_CLI_EXIT_OK;
    }
  for (guint i = 0; i < problems->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (problems, i));
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u problem found\n", "%u problems found\n", problems->len),
           problems->len);
  return MUYING_CLI_EXIT_ERRORS;
}
