/* muying-cli-persons.c: `person show ID` and `person correct ID …`
 *
 *   muying-cli [--db PATH] --user NAME person show ID_NUMBER [--format text|json]
 *   muying-cli [--db PATH] --user DOCTOR person correct ID_NUMBER [--name NEW] [--phone NEW] --reason TEXT
 *
 * A woman's name changes only here (or in the window's "Correct personal details"): an import
 * or a form never renames her. The correction needs a doctor or an administrator and a reason;
 * it writes one audit row with the old and new values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "muying-cli-auth.h"
#include "muying-cli-commands.h"
#include "muying-id-number.h"
#include "muying-store-persons.h"

static void
print_person_usage (void)
{
  g_printerr ("%s\n", _("Usage: muying-cli person show ID_NUMBER [--format text|json]\n"
                        "       muying-cli --user DOCTOR person correct ID_NUMBER [--name NEW] [--phone NEW] "
                        "--reason TEXT"));
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static int
usage_error (const char *message)
{
  muying_cli_printerr ("%s", message);
  print_person_usage ();
  return MUYING_CLI_EXIT_USAGE;
}

/* The ID number as stored: normalized (full-width digits, spaces, lower-case x) and valid. */
static char *
parse_id_number (const char *text)
{
  g_autofree char *id_number = muying_id_number_normalize (text);
  g_autoptr(GError) error = NULL;

  if (!muying_id_number_validate (id_number, NULL, NULL, NULL, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return NULL;
    }
  return g_steal_pointer (&id_number);
}

static int
person_show (MuyingCliContext *ctx,
             int               argc,
             char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingPersonMatch) person = NULL;
  g_autofree char *id_number = NULL;
  const char *text = NULL, *format = "text";

  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--format") == 0 && i + 1 < argc)
        format = argv[++i];
      else if (g_str_has_prefix (argv[i], "--format="))
        format = argv[i] + 9;
      else if (argv[i][0] == '-' || text != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("person show: unexpected argument “%s”"), argv[i]);
          return usage_error (message);
        }
      else
        text = argv[i];
    }
  if (text == NULL)
    return usage_error (_("person show: the ID number is missing"));
  if (g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "json") != 0)
    {
      g_autofree char *message = g_strdup_printf (_("person show: unknown format “%s”: use text or json"), format);
      return usage_error (message);
    }
  if ((id_number = parse_id_number (text)) == NULL)
    return MUYING_CLI_EXIT_USAGE;
  if (muying_cli_context_open_store (ctx) == NULL)
    return MUYING_CLI_EXIT_ERRORS;
  /* It shows a name and a phone number: a signed-in user, and the reading is audited. */
  if (!muying_cli_authenticate_to_read (ctx, MUYING_PERMISSION_VIEW))
    return muying_cli_auth_failure_status ();

  person = muying_store_find_person (ctx->store, id_number, &error);
  if (person == NULL)
    {
      if (error != NULL)
        muying_cli_printerr ("%s", error->message);
      else
        muying_cli_printerr (_("No person is registered with the ID number %s"), id_number);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (!muying_cli_audit_read (ctx, "person show", 1, format))
    return MUYING_CLI_EXIT_ERRORS;
  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *out = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id_number");
      json_builder_add_string_value (b, person->id_number);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, person->name);
      json_builder_set_member_name (b, "birth_date");
      json_builder_add_string_value (b, person->birth_date);
      json_builder_set_member_name (b, "phone");
      if (person->phone != NULL)
        json_builder_add_string_value (b, person->phone);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "records");
      json_builder_add_int_value (b, person->n_records);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      out = json_to_string (root, FALSE);
      g_print ("%s\n", out);
    }
  else
    /* TRANSLATORS: ID number, name, birth date, phone, number of records */
    g_print (_("%s  %s  born %s  phone %s  %lld record(s)\n"), person->id_number, person->name,
             person->birth_date ? person->birth_date : "—", person->phone ? person->phone : "—",
             (long long) person->n_records);
  return MUYING_CLI_EXIT_OK;
}

static int
person_correct (MuyingCliContext *ctx,
                int               argc,
                char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id_number = NULL;
  const char *text = NULL, *name = NULL, *phone = NULL, *reason = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--name") == 0 && i + 1 < argc)
        name = argv[++i];
      else if (g_str_has_prefix (argv[i], "--name="))
        name = argv[i] + 7;
      else if (g_strcmp0 (argv[i], "--phone") == 0 && i + 1 < argc)
        phone = argv[++i];
      else if (g_str_has_prefix (argv[i], "--phone="))
        phone = argv[i] + 8;
      else if (g_strcmp0 (argv[i], "--reason") == 0 && i + 1 < argc)
        reason = argv[++i];
      else if (g_str_has_prefix (argv[i], "--reason="))
        reason = argv[i] + 9;
      else if (argv[i][0] == '-' || text != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("person correct: unexpected argument “%s”"), argv[i]);
          return usage_error (message);
        }
      else
        text = argv[i];
    }
  if (text == NULL)
    return usage_error (_("person correct: the ID number is missing"));
  if (name == NULL && phone == NULL)
    return usage_error (_("person correct: give --name and/or --phone"));
  if (reason == NULL || is_blank (reason))
    return usage_error (_("person correct: --reason is required"));
  if ((id_number = parse_id_number (text)) == NULL)
    return MUYING_CLI_EXIT_USAGE;

  /* a doctor or an administrator; this also opens the database */
  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_SIGN))
    return muying_cli_auth_failure_status ();
  if (!muying_store_correct_person (ctx->store, muying_cli_get_user (), id_number, name, phone, reason, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  /* TRANSLATORS: %s is an ID number */
  g_print (_("The details of %s were corrected; the old values are kept in the audit log\n"), id_number);
  return MUYING_CLI_EXIT_OK;
}

int
muying_cli_person (MuyingCliContext *ctx,
                   int               argc,
                   char            **argv)
{
  if (argc < 2)
    return usage_error (_("person: give show or correct"));
  if (g_strcmp0 (argv[1], "show") == 0)
    return person_show (ctx, argc - 1, argv + 1);
  if (g_strcmp0 (argv[1], "correct") == 0)
    return person_correct (ctx, argc - 1, argv + 1);
  {
    g_autofree char *message = g_strdup_printf (_("person: unknown subcommand “%s”"), argv[1]);
    return usage_error (message);
  }
}
