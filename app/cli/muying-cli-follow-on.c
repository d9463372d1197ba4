/* muying-cli-follow-on.c: `follow-on unlinked` and `follow-on link`
 *
 *   muying-cli [--db PATH] --user NAME follow-on unlinked [--kind K] [--format text|json]
 *   muying-cli [--db PATH] --user NURSE follow-on link K ID SCREENING_KEY
 *
 * K is prenatal_diagnosis, pregnancy_outcome or audiology. A follow-on record whose case was not
 * found when it was imported is kept as 未关联; `unlinked` lists them (its id first), `link`
 * links one by hand to the screening record with the sample number SCREENING_KEY (a prenatal
 * record of the same woman, or a newborn record) and applies its result to that case's
 * follow-up (muying-store-follow-on.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>

#include "muying-cli-auth.h"
#include "muying-cli-commands.h"
#include "muying-store-follow-on.h"
#include "muying-store-lookup.h"

static void
print_follow_on_usage (void)
{
  g_printerr ("%s\n", _("Usage: muying-cli --user NAME follow-on unlinked [--kind K] [--format text|json]\n"
                        "       muying-cli --user NURSE follow-on link K ID SCREENING_KEY\n"
                        "K: prenatal_diagnosis, pregnancy_outcome or audiology"));
}

static int
usage_error (const char *message)
{
  muying_cli_printerr ("%s", message);
  print_follow_on_usage ();
  return MUYING_CLI_EXIT_USAGE;
}

static gboolean
parse_kind (const char         *text,
            MuyingFollowOnKind *kind)
{
  const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_lookup (text);

  if (d == NULL)
    return FALSE;
  *kind = d->kind;
  return TRUE;
}

/* The key that names the row for people: the diagnosis number, the ID number or the sample number,
 * with the row's date. */
static char *
row_key (const MuyingFollowOnRow *row)
{
  const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (row->kind);
  const MuyingField *key = muying_follow_on_descriptor_find (d, d->key_fields[0]);
  const MuyingField *date = muying_follow_on_descriptor_find (d, d->date_field);
  g_autofree char *key_text = muying_field_to_text (key, row->record);
  g_autofree char *date_text = muying_field_to_text (date, row->record);

  return g_strdup_printf ("%s %s", key_text, date_text);
}

static int
follow_on_unlinked (MuyingCliContext *ctx,
                    int               argc,
                    char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  MuyingFollowOnKind kind = MUYING_N_FOLLOW_ON_KINDS;
  const char *format = "text";

  for (int i = 1; i < argc; i++)
    {
      const char *kind_text = NULL;

      if (g_strcmp0 (argv[i], "--format") == 0 && i + 1 < argc)
        format = argv[++i];
      else if (g_str_has_prefix (argv[i], "--format="))
        format = argv[i] + 9;
      else if (g_strcmp0 (argv[i], "--kind") == 0 && i + 1 < argc)
        kind_text = argv[++i];
      else if (g_str_has_prefix (argv[i], "--kind="))
        kind_text = argv[i] + 7;
      else
        {
          g_autofree char *message = g_strdup_printf (_("follow-on unlinked: unexpected argument “%s”"), argv[i]);
          return usage_error (message);
        }
      if (kind_text != NULL && !parse_kind (kind_text, &kind))
        {
          g_autofree char *message = g_strdup_printf (_("follow-on: unknown kind “%s”"), kind_text);
          return usage_error (message);
        }
    }
  if (g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "json") != 0)
    {
      g_autofree char *message = g_strdup_printf (_("follow-on unlinked: unknown format “%s”: use text or json"), format);
      return usage_error (message);
    }
  if (muying_cli_context_open_store (ctx) == NULL)
    return MUYING_CLI_EXIT_ERRORS;
  /* It shows ID numbers: a signed-in user, and the reading is audited. */
  if (!muying_cli_authenticate_to_read (ctx, MUYING_PERMISSION_VIEW))
    return muying_cli_auth_failure_status ();
  rows = muying_store_list_unlinked_follow_on (ctx->store, kind, &error);
  if (rows == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (!muying_cli_audit_read (ctx, "follow-on unlinked", rows->len, format))
    return MUYING_CLI_EXIT_ERRORS;
  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *out = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        {
          const MuyingFollowOnRow *row = rows->pdata[i];
          const MuyingFollowOnDescriptor *d = muying_follow_on_descriptor_get (row->kind);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, d->name);
          json_builder_set_member_name (b, "id");
          json_builder_add_int_value (b, row->id);
          for (const MuyingField *f = d->fields; f->key != NULL; f++)
            {
              g_autofree char *text = muying_field_to_text (f, row->record);

              json_builder_set_member_name (b, f->key);
              if (*text != '\0')
                json_builder_add_string_value (b, text);
              else
                json_builder_add_null_value (b);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      out = json_to_string (root, FALSE);
      g_print ("%s\n", out);
      return MUYING_CLI_EXIT_OK;
    }
  if (rows->len == 0)
    {
      g_print ("%s\n", _("Every follow-on record is linked to its case"));
      return MUYING_CLI_EXIT_OK;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      const MuyingFollowOnRow *row = rows->pdata[i];
      g_autofree char *key = row_key (row);
      g_autofree char *what = muying_follow_on_describe (row->kind, row->record);

      /* TRANSLATORS: id, kind, key and date, description */
      g_print (_("%lld  %s  %s  %s\n"), (long long) row->id, muying_follow_on_descriptor_get (row->kind)->name, key, what);
    }
  /* TRANSLATORS: %u is a number of rows */
  g_print (ngettext ("%u follow-on record is not linked to a case\n", "%u follow-on records are not linked to a case\n",
                     rows->len), rows->len);
  return MUYING_CLI_EXIT_OK;
}

static int
follow_on_link (MuyingCliContext *ctx,
                int               argc,
                char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  MuyingFollowOnKind kind;
  const MuyingFollowOnDescriptor *d;
  char *end = NULL;
  gint64 id, record_id;

  if (argc != 4)
    return usage_error (_("follow-on link: give the kind, the id and the sample number of the screening record"));
  if (!parse_kind (argv[1], &kind))
    {
      g_autofree char *message = g_strdup_printf (_("follow-on: unknown kind “%s”"), argv[1]);
      return usage_error (message);
    }
  d = muying_follow_on_descriptor_get (kind);
  id = g_ascii_strtoll (argv[2], &end, 10);
  if (end == argv[2] || *end != '\0' || id <= 0)
    {
      g_autofree char *message = g_strdup_printf (_("follow-on link: “%s” is not an id (see follow-on unlinked)"), argv[2]);
      return usage_error (message);
    }
  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_ENTER))
    return muying_cli_auth_failure_status ();
  record_id = muying_store_find_record_id (ctx->store, d->program, argv[3], &error);
  if (record_id < 0)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (record_id == 0)
    {
      muying_cli_printerr (_("No record of %s has the sample number %s"), muying_program_get_label (d->program),
                           argv[3]);
      return MUYING_CLI_EXIT_ERRORS;
    }
  rules = muying_rule_set_new_default (&error);
  if (rules == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (!muying_store_link_follow_on (ctx->store, muying_cli_get_user (), kind, id, record_id, rules, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  /* TRANSLATORS: kind, id, sample number */
  g_print (_("%s %lld is now linked to screening record %s\n"), _(d->label), (long long) id, argv[3]);
  return MUYING_CLI_EXIT_OK;
}

int
muying_cli_follow_on (MuyingCliContext *ctx,
                      int               argc,
                      char            **argv)
{
  if (argc < 2)
    return usage_error (_("follow-on: give unlinked or link"));
  if (g_strcmp0 (argv[1], "unlinked") == 0)
    return follow_on_unlinked (ctx, argc - 1, argv + 1);
  if (g_strcmp0 (argv[1], "link") == 0)
    return follow_on_link (ctx, argc - 1, argv + 1);
  {
    g_autofree char *message = g_strdup_printf (_("follow-on: unknown subcommand “%s”"), argv[1]);

    return usage_error (message);
  }
}
