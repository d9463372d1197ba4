/* muying-cli-auth.c: who runs a muying-cli command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "muying-cli-auth.h"
#include "muying-error.h"
#include "muying-output-path.h"

#define PASSWORD_BUFFER 1100

static MuyingUser *logged_in = NULL;
static gboolean login_recorded = TRUE;
static int failure_status = MUYING_CLI_EXIT_ERRORS;

void
muying_cli_free_password (char *password)
{
  if (password == NULL)
    return;
  sodium_memzero (password, strlen (password));
  g_free (password);
}

/* One line from the terminal with echo off; NULL at end of input. */
static char *
read_tty_line (const char *prompt)
{
  struct termios saved, quiet;
  char buffer[PASSWORD_BUFFER];
  gboolean restore = FALSE;
  char *line = NULL;

  fputs (prompt, stderr);
  fflush (stderr);
  if (tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      restore = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
  if (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      buffer[strcspn (buffer, "\r\n")] = '\0';
      line = g_strdup (buffer);
    }
  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  else
    fputc ('\n', stderr);
  sodium_memzero (buffer, sizeof buffer);
  return line;
}

char *
muying_cli_read_password (const char *prompt,
                          const char *env_name,
                          gboolean    confirm)
{
  const char *value;

  if (isatty (STDIN_FILENO))
    {
      g_autoptr(MuyingCliPassword) first = read_tty_line (prompt);
      g_autoptr(MuyingCliPassword) second = NULL;

      if (first == NULL)
        {
          muying_cli_printerr ("%s", _("No password was entered"));
          return NULL;
        }
      if (!confirm)
        return g_steal_pointer (&first);
      second = read_tty_line (_("Type the new password again: "));
      if (second == NULL || strcmp (first, second) != 0)
        {
          muying_cli_printerr ("%s", _("The two passwords differ; nothing was changed"));
          return NULL;
        }
      return g_steal_pointer (&first);
    }
  value = g_getenv (env_name);
  if (value == NULL)
    {
      /* TRANSLATORS: %s is the name of an environment variable */
      muying_cli_printerr (_("There is no terminal to ask for the password: set the environment variable %s"),
                           env_name);
      return NULL;
    }
  return g_strdup (value);
}

/* The folder of the desktop program's daily backups, when its settings are installed. */
static void
protect_configured_backup_folder (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *folder = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "backup-folder"))
    return;
  settings = g_settings_new_full (schema, NULL, NULL);
  folder = g_settings_get_string (settings, "backup-folder");
  muying_output_path_protect_folder (folder);
}

gboolean
muying_cli_check_output_path (MuyingCliContext *ctx,
                              const char       *path)
{
  g_autoptr(GError) error = NULL;
  MuyingStore *store;

  store = muying_cli_context_open_store (ctx);
  if (store == NULL)
    return FALSE;
  protect_configured_backup_folder ();
  if (!muying_output_path_check (store, path, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
authenticate (MuyingCliContext *ctx,
              MuyingPermission  needed,
              MuyingLoginFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) user = NULL;
  g_autoptr(MuyingCliPassword) password = NULL;
  g_autofree char *prompt = NULL;
  MuyingStore *store;
  gint64 n_users;

  failure_status = MUYING_CLI_EXIT_ERRORS;
  /* A log-in that could not be recorded (full disk) is good for reading only. */
  if (logged_in != NULL && g_strcmp0 (muying_user_get_login (logged_in), ctx->user) == 0 &&
      (login_recorded || (flags & MUYING_LOGIN_FLAGS_READ_ONLY) != 0))
    {
      if (!muying_user_require (logged_in, needed, &error))
        {
          muying_cli_printerr ("%s", error->message);
          return FALSE;
        }
      return TRUE;
    }

  store = muying_cli_context_open_store (ctx);
  if (store == NULL)
    return FALSE;
  n_users = muying_store_count_users (store, &error);
  if (n_users < 0)
    {
      muying_cli_printerr ("%s", error->message);
      return FALSE;
    }
  if (n_users == 0)
    {
      muying_cli_printerr ("%s", _("The database has no users yet: create the administrator first with "
                                   "“muying-cli init --admin NAME”"));
      return FALSE;
    }
  if (ctx->user == NULL)
    {
      /* TRANSLATORS: %s is what the command does, e.g. “export data” */
      muying_cli_printerr (_("This command needs --user NAME: a user allowed to %s"),
                           muying_permission_get_label (needed));
      failure_status = MUYING_CLI_EXIT_USAGE;
      return FALSE;
    }

  /* TRANSLATORS: %s is a user name */
  prompt = g_strdup_printf (_("Password for %s: "), ctx->user);
  password = muying_cli_read_password (prompt, MUYING_CLI_PASSWORD_ENV, FALSE);
  if (password == NULL)
    return FALSE;
  user = muying_store_login_full (store, ctx->user, password, g_get_real_time () / G_USEC_PER_SEC, flags,
                                  &login_recorded, &error);
  if (user == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return FALSE;
    }
  /* Only the flag given can have let an unrecorded log-in through (see MuyingLoginFlags). */
  if (!login_recorded && (flags & MUYING_LOGIN_FLAGS_DAMAGED_FILE) != 0)
    muying_cli_printerr ("%s", _("Warning: the database file is damaged, so this log-in could not be recorded "
                                 "in its audit trail; only restoring a backup is possible"));
  else if (!login_recorded)
    muying_cli_printerr ("%s", _("Warning: the disk is full, so this log-in could not be recorded in the audit "
                                 "trail; only reading is possible until space is freed"));
  if (!muying_user_require (user, needed, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return FALSE;
    }
  g_set_object (&logged_in, user);
  return TRUE;
}

gboolean
muying_cli_authenticate (MuyingCliContext *ctx,
                         MuyingPermission  needed)
{
  return authenticate (ctx, needed, MUYING_LOGIN_FLAGS_NONE);
}

gboolean
muying_cli_authenticate_to_read (MuyingCliContext *ctx,
                                 MuyingPermission  needed)
{
  return authenticate (ctx, needed, MUYING_LOGIN_FLAGS_READ_ONLY);
}

gboolean
muying_cli_authenticate_to_restore (MuyingCliContext *ctx)
{
  /* A damaged file refuses every write, the log-in's audit row included: the password is still
   * verified (and failures counted where the file takes writes), and only an administrator
   * gets through. */
  return authenticate (ctx, MUYING_PERMISSION_BACKUP, MUYING_LOGIN_FLAGS_DAMAGED_FILE);
}

gboolean
muying_cli_audit_read (MuyingCliContext *ctx,
                       const char       *command,
                       gint64            n_rows,
                       const char       *format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  g_return_val_if_fail (logged_in != NULL && ctx->store != NULL, FALSE);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "command");
  json_builder_add_string_value (b, command);
  json_builder_set_member_name (b, "rows");
  json_builder_add_int_value (b, n_rows);
  if (format != NULL)
    {
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, format);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  detail = json_generator_to_data (gen, NULL);

  ok = muying_store_audit_now (ctx->store, muying_user_get_login (logged_in), "read", command, 0, detail, &error);
  if (ok)
    return TRUE;
  if (g_error_matches (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FULL))
    {
      muying_cli_printerr ("%s", _("Warning: the disk is full, so this reading could not be recorded in the audit "
                                   "trail"));
      return TRUE;
    }
  /* TRANSLATORS: %s says why the audit trail could not be written */
  muying_cli_printerr (_("Nothing is shown, because the audit trail could not record the reading: %s"),
                       error->message);
  return FALSE;
}

MuyingUser *
muying_cli_get_user (void)
{
  return logged_in;
}

int
muying_cli_auth_failure_status (void)
{
  return failure_status;
}
