/* muying-cli-users.c: `user add|passwd|disable|enable|unlock|list` and `init --admin NAME`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "muying-cli-auth.h"
#include "muying-cli-commands.h"

static void
print_user_usage (void)
{
  g_printerr ("%s\n", _("Usage: muying-cli --user ADMIN user add LOGIN [--name NAME] [--role nurse|doctor|admin]\n"
                        "       muying-cli --user ADMIN user passwd LOGIN\n"
                        "       muying-cli --user NAME user passwd          (your own password)\n"
                        "       muying-cli --user ADMIN user disable|enable|unlock LOGIN\n"
                        "       muying-cli --user ADMIN user list [--format text|json]"));
}

static int
usage_error (const char *message)
{
  muying_cli_printerr ("%s", message);
  print_user_usage ();
  return MUYING_CLI_EXIT_USAGE;
}

static char *
read_new_password (const char *login)
{
  /* TRANSLATORS: %s is a user name */
  g_autofree char *prompt = g_strdup_printf (_("New password for %s: "), login);

  return muying_cli_read_password (prompt, MUYING_CLI_NEW_PASSWORD_ENV, TRUE);
}

static int
user_add (MuyingCliContext *ctx,
          int               argc,
          char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) user = NULL;
  g_autoptr(MuyingCliPassword) password = NULL;
  const char *login = NULL, *name = NULL;
  MuyingRole role = MUYING_ROLE_NURSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--name") == 0 && i + 1 < argc)
        name = argv[++i];
      else if (g_str_has_prefix (argv[i], "--name="))
        name = argv[i] + 7;
      else if ((g_strcmp0 (argv[i], "--role") == 0 && i + 1 < argc) || g_str_has_prefix (argv[i], "--role="))
        {
          const char *text = argv[i][6] == '=' ? argv[i] + 7 : argv[++i];

          if (!muying_role_from_string (text, &role))
            {
              g_autofree char *message = g_strdup_printf (_("unknown role “%s” (nurse, doctor or admin)"), text);
              return usage_error (message);
            }
        }
      else if (argv[i][0] == '-' || login != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("user add: unexpected argument “%s”"), argv[i]);
          return usage_error (message);
        }
      else
        login = argv[i];
    }
  if (login == NULL)
    return usage_error (_("user add: the login name is missing"));
  if (!muying_login_name_check (login, &error))
    return usage_error (error->message);

  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_MANAGE_USERS))
    return muying_cli_auth_failure_status ();
  password = read_new_password (login);
  if (password == NULL)
    return MUYING_CLI_EXIT_ERRORS;
  user = muying_store_create_user (ctx->store, ctx->user, login, name, role, password, &error);
  if (user == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  /* TRANSLATORS: user name, display name, role */
  g_print (_("User “%s” (%s, %s) was added\n"), muying_user_get_login (user),
           muying_user_get_display_name (user), muying_user_get_role_label (user));
  return MUYING_CLI_EXIT_OK;
}

static int
user_passwd (MuyingCliContext *ctx,
             int               argc,
             char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingCliPassword) password = NULL;
  const char *login;

  if (argc > 2)
    {
      g_autofree char *message = g_strdup_printf (_("user passwd: unexpected argument “%s”"), argv[2]);
      return usage_error (message);
    }
  login = argc == 2 ? argv[1] : ctx->user;
  if (login == NULL)
    return usage_error (_("user passwd: give the login name, or --user NAME to change your own password"));
  if (muying_cli_context_open_store (ctx) == NULL)
    return MUYING_CLI_EXIT_ERRORS;

  if (ctx->user != NULL && strcmp (login, ctx->user) == 0)
    {
      /* Your own password: the current one is checked like a log-in. */
      g_autoptr(MuyingCliPassword) old = NULL;
      g_autofree char *prompt = g_strdup_printf (_("Current password for %s: "), login);

      old = muying_cli_read_password (prompt, MUYING_CLI_PASSWORD_ENV, FALSE);
      if (old == NULL)
        return MUYING_CLI_EXIT_ERRORS;
      password = read_new_password (login);
      if (password == NULL)
        return MUYING_CLI_EXIT_ERRORS;
      if (!muying_store_change_own_password (ctx->store, login, old, password, &error))
        {
          muying_cli_printerr ("%s", error->message);
          return MUYING_CLI_EXIT_ERRORS;
        }
    }
  else
    {
      if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_MANAGE_USERS))
        return muying_cli_auth_failure_status ();
      password = read_new_password (login);
      if (password == NULL)
        return MUYING_CLI_EXIT_ERRORS;
      if (!muying_store_set_password (ctx->store, ctx->user, login, password, &error))
        {
          muying_cli_printerr ("%s", error->message);
          return MUYING_CLI_EXIT_ERRORS;
        }
    }
  g_print (_("The password of “%s” was changed\n"), login);
  return MUYING_CLI_EXIT_OK;
}

/* disable, enable, unlock */
static int
user_state (MuyingCliContext *ctx,
            int               argc,
            char            **argv)
{
  g_autoptr(GError) error = NULL;
  const char *verb = argv[0];
  const char *login;
  gboolean ok;

  if (argc != 2 || argv[1][0] == '-')
    {
      /* TRANSLATORS: %s is disable, enable or unlock */
      g_autofree char *message = g_strdup_printf (_("user %s: give exactly one login name"), verb);
      return usage_error (message);
    }
  login = argv[1];
  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_MANAGE_USERS))
    return muying_cli_auth_failure_status ();

  if (strcmp (verb, "unlock") == 0)
    ok = muying_store_unlock_user (ctx->store, ctx->user, login, &error);
  else
    ok = muying_store_set_user_disabled (ctx->store, ctx->user, login, strcmp (verb, "disable") == 0, &error);
  if (!ok)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (strcmp (verb, "disable") == 0)
    g_print (_("User “%s” was disabled\n"), login);
  else if (strcmp (verb, "enable") == 0)
    g_print (_("User “%s” was enabled\n"), login);
  else
    g_print (_("User “%s” was unlocked\n"), login);
  return MUYING_CLI_EXIT_OK;
}

static char *
iso_or_null (gint64 t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (t);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static int
user_list (MuyingCliContext *ctx,
           int               argc,
           char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) users = NULL;
  gboolean json = FALSE;

  for (int i = 1; i < argc; i++)
    {
      const char *format = NULL;

      if (g_strcmp0 (argv[i], "--format") == 0 && i + 1 < argc)
        format = argv[++i];
      else if (g_str_has_prefix (argv[i], "--format="))
        format = argv[i] + 9;
      if (g_strcmp0 (format, "json") == 0)
        json = TRUE;
      else if (g_strcmp0 (format, "text") == 0)
        json = FALSE;
      else
        {
          g_autofree char *message = g_strdup_printf (_("user list: unexpected argument “%s”"), argv[i]);
          return usage_error (message);
        }
    }
  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_MANAGE_USERS))
    return muying_cli_auth_failure_status ();
  users = muying_store_list_users (ctx->store, &error);
  if (users == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < g_list_model_get_n_items (users); i++)
        {
          g_autoptr(MuyingUser) user = g_list_model_get_item (users, i);
          g_autofree char *locked = iso_or_null (muying_user_get_locked_until (user));

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "login");
          json_builder_add_string_value (b, muying_user_get_login (user));
          json_builder_set_member_name (b, "display_name");
          json_builder_add_string_value (b, muying_user_get_display_name (user));
          json_builder_set_member_name (b, "role");
          json_builder_add_string_value (b, muying_role_to_string (muying_user_get_role (user)));
          json_builder_set_member_name (b, "disabled");
          json_builder_add_boolean_value (b, muying_user_get_disabled (user));
          json_builder_set_member_name (b, "failed_logins");
          json_builder_add_int_value (b, muying_user_get_failed_logins (user));
          json_builder_set_member_name (b, "locked_until");
          if (locked != NULL)
            json_builder_add_string_value (b, locked);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "created_at");
          json_builder_add_string_value (b, muying_user_get_created_at (user));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
      return MUYING_CLI_EXIT_OK;
    }

  /* TRANSLATORS: column headings of `user list`, separated by tabs */
  g_print ("%s\n", _("Login\tName\tRole\tStatus"));
  for (guint i = 0; i < g_list_model_get_n_items (users); i++)
    {
      g_autoptr(MuyingUser) user = g_list_model_get_item (users, i);

      g_print ("%s\t%s\t%s\t%s\n", muying_user_get_login (user), muying_user_get_display_name (user),
               muying_user_get_role_label (user), muying_user_get_status_label (user));
    }
  return MUYING_CLI_EXIT_OK;
}

int
muying_cli_user (MuyingCliContext *ctx,
                 int               argc,
                 char            **argv)
{
  if (argc < 2)
    return usage_error (_("user: add, passwd, disable, enable, unlock or list?"));
  if (strcmp (argv[1], "add") == 0)
    return user_add (ctx, argc - 1, argv + 1);
  if (strcmp (argv[1], "passwd") == 0)
    return user_passwd (ctx, argc - 1, argv + 1);
  if (strcmp (argv[1], "disable") == 0 || strcmp (argv[1], "enable") == 0 || strcmp (argv[1], "unlock") == 0)
    return user_state (ctx, argc - 1, argv + 1);
  if (strcmp (argv[1], "list") == 0)
    return user_list (ctx, argc - 1, argv + 1);
  {
    g_autofree char *message = g_strdup_printf (_("user: unknown subcommand “%s”"), argv[1]);
    return usage_error (message);
  }
}

int
muying_cli_init_admin (MuyingCliContext *ctx,
                       const char       *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) user = NULL;
  g_autoptr(MuyingCliPassword) password = NULL;
  g_autofree char *prompt = NULL;
  gint64 n;

  if (!muying_login_name_check (login, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_USAGE;
    }
  n = muying_store_count_users (ctx->store, &error);
  if (n != 0)
    {
      muying_cli_printerr ("%s", n < 0 ? error->message
                                       : _("The database already has users: an administrator adds new ones "
                                           "with “muying-cli --user ADMIN user add”"));
      return MUYING_CLI_EXIT_ERRORS;
    }
  /* TRANSLATORS: %s is a user name */
  prompt = g_strdup_printf (_("Password for the administrator %s: "), login);
  password = muying_cli_read_password (prompt, MUYING_CLI_PASSWORD_ENV, TRUE);
  if (password == NULL)
    return MUYING_CLI_EXIT_ERRORS;
  user = muying_store_create_first_admin (ctx->store, login, login, password, &error);
  if (user == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  g_print (_("Administrator “%s” was created\n"), login);
  return MUYING_CLI_EXIT_OK;
}
