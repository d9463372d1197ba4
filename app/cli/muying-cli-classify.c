/* muying-cli-classify.c: `muying-cli classify` (docs/cli.md)
 *
 *   muying-cli classify --program P FILE [--format csv|json]
 *   muying-cli [--db PATH] --user ADMIN classify --dry-run | --apply [--format text|json]
 *
 * No database: reads and validates the file like an import, and prints for each valid row its
 * level and reasons (docs/rules.md). CSV columns line,key,level,reasons (reasons ;-separated and
 * sorted); JSON an array of {"line", "key", "level", "reasons": [...]}. The output is locale-free.
 * Rejected rows are reported on stderr in the user's language; exit 1 when there are any,
 * 2 on bad usage.
 *
 * --dry-run and --apply work on the database instead (muying-store-reclassify.h), for an
 * administrator: the stored records classified again with the current rule set (the one the
 * desktop program loads). The dry run writes nothing and prints how many records would change,
 * and old level → new level per reason code; --apply re-classifies exactly those and prints the
 * same summary of what it changed, and the records whose reasons alone change (codes lost →
 * codes gained, level unchanged: MAMMO_ASSESS → MAMMO_INCOMPLETE), so every change is seen before
 * it is applied. JSON: {"rules_version", "records", "changed", "level_changed", "from_versions":
 * [...], "changes": [{"code", "from", "to", "records"}], "reason_changes": [{"removed": [...],
 * "added": [...], "records"}]}.
 * Exit 1 when the log-in fails or the rule set cannot be loaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "muying-cli-auth.h"
#include "muying-cli-commands.h"
#include "muying-csv-reader.h"
#include "muying-importer.h"
#include "muying-rule-set.h"
#include "muying-store-reclassify.h"

typedef struct
{
  gboolean     json;
  gboolean     header_done;
  GString     *line;     /* CSV: one output line, reused */
  JsonBuilder *builder;  /* JSON: the array */
} Output;

static void
on_row (const MuyingImportRow *row,
        gpointer               user_data)
{
  Output *out = user_data;
  const MuyingClassification *cls = row->classification;

  if (out->json)
    {
      json_builder_begin_object (out->builder);
      json_builder_set_member_name (out->builder, "line");
      json_builder_add_int_value (out->builder, row->line);
      json_builder_set_member_name (out->builder, "key");
      json_builder_add_string_value (out->builder, row->key);
      json_builder_set_member_name (out->builder, "level");
      json_builder_add_string_value (out->builder, muying_level_to_string (cls->level));
      json_builder_set_member_name (out->builder, "reasons");
      json_builder_begin_array (out->builder);
      for (guint i = 0; i < cls->reasons->len; i++)
        {
          const MuyingReason *reason = g_ptr_array_index (cls->reasons, i);
          json_builder_add_string_value (out->builder, reason->code);
        }
      json_builder_end_array (out->builder);
      json_builder_end_object (out->builder);
    }
  else
    {
      if (!out->header_done)
        fputs ("line,key,level,reasons\n", stdout);
      out->header_done = TRUE;
      g_string_printf (out->line, "%u,", row->line);
      muying_csv_append_field (out->line, row->key);
      g_string_append_c (out->line, ',');
      g_string_append (out->line, muying_level_to_string (cls->level));
      g_string_append_c (out->line, ',');
      {
        g_autofree char *codes = muying_classification_join_codes ((MuyingClassification *) cls, ";");
        g_string_append (out->line, codes);
      }
      g_string_append_c (out->line, '\n');
      fwrite (out->line->str, 1, out->line->len, stdout);
    }
}

static void
add_codes_array (JsonBuilder *b,
                 const char  *member,
                 const char  *codes)
{
  g_auto(GStrv) list = g_strsplit (codes, ";", -1);

  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; list[i] != NULL; i++)
    if (list[i][0] != '\0')
      json_builder_add_string_value (b, list[i]);
  json_builder_end_array (b);
}

static void
print_summary_json (const MuyingReclassifySummary *summary)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rules_version");
  json_builder_add_string_value (b, summary->rules_version);
  json_builder_set_member_name (b, "records");
  json_builder_add_int_value (b, summary->n_records);
  json_builder_set_member_name (b, "changed");
  json_builder_add_int_value (b, summary->n_changed);
  json_builder_set_member_name (b, "level_changed");
  json_builder_add_int_value (b, summary->n_level_changed);
  json_builder_set_member_name (b, "from_versions");
  json_builder_begin_array (b);
  for (guint i = 0; i < summary->versions->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (summary->versions, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < summary->changes->len; i++)
    {
      const MuyingReclassifyChange *c = g_ptr_array_index (summary->changes, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, c->code);
      json_builder_set_member_name (b, "from");
      json_builder_add_string_value (b, muying_level_to_string (c->old_level));
      json_builder_set_member_name (b, "to");
      json_builder_add_string_value (b, muying_level_to_string (c->new_level));
      json_builder_set_member_name (b, "records");
      json_builder_add_int_value (b, c->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "reason_changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < summary->reason_changes->len; i++)
    {
      const MuyingReclassifyReasonChange *c = g_ptr_array_index (summary->reason_changes, i);

      json_builder_begin_object (b);
      add_codes_array (b, "removed", c->removed);
      add_codes_array (b, "added", c->added);
      json_builder_set_member_name (b, "records");
      json_builder_add_int_value (b, c->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

static void
print_summary_text (const MuyingReclassifySummary *summary,
                    MuyingRuleSet                 *rules,
                    gboolean                       applied)
{
  /* TRANSLATORS: %s is the version of the rule set */
  g_print (_("Rule set %s\n"), summary->rules_version);
  if (applied)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%lld of %lld record re-classified, %lld with another level\n",
                          "%lld of %lld records re-classified, %lld with another level\n", (gulong) summary->n_records),
             (long long) summary->n_changed, (long long) summary->n_records, (long long) summary->n_level_changed);
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "%lld of %lld record would be re-classified, %lld with another level\n",
                          "%lld of %lld records would be re-classified, %lld with another level\n",
                          (gulong) summary->n_records),
             (long long) summary->n_changed, (long long) summary->n_records, (long long) summary->n_level_changed);
  for (guint i = 0; i < summary->changes->len; i++)
    {
      const MuyingReclassifyChange *c = g_ptr_array_index (summary->changes, i);
      const char *label = muying_rule_set_get_reason_label (rules, c->code);

      /* TRANSLATORS: reason code, its label, old level → new level, number of records */
      g_print (_("  %s (%s): %s → %s: %lld\n"), c->code, label ? label : c->code,
               muying_level_get_label (c->old_level), muying_level_get_label (c->new_level), (long long) c->count);
    }
  if (summary->reason_changes->len > 0)
    g_print ("%s\n", _("Reasons changed, level unchanged:"));
  for (guint i = 0; i < summary->reason_changes->len; i++)
    {
      const MuyingReclassifyReasonChange *c = g_ptr_array_index (summary->reason_changes, i);
      g_autofree char *removed = g_strdelimit (g_strdup (c->removed), ";", ',');
      g_autofree char *added = g_strdelimit (g_strdup (c->added), ";", ',');

      /* TRANSLATORS: the reason codes a record loses → the codes it gains, number of records */
      g_print (_("  %s → %s: %lld\n"), removed[0] ? removed : "—", added[0] ? added : "—", (long long) c->count);
    }
}

/* classify --dry-run | --apply (see the top of the file). */
static int
classify_stored (MuyingCliContext *ctx,
                 gboolean          apply,
                 gboolean          json)
{
  g_autoptr(MuyingRuleSet) rules = NULL;
  g_autoptr(MuyingReclassifySummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_EDIT_RULES))
    return muying_cli_auth_failure_status ();
  rules = muying_rule_set_new_default (&error);
  if (rules == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (apply)
    summary = muying_store_reclassify_apply (ctx->store, muying_cli_get_user (), rules, NULL, &error);
  else
    summary = muying_store_reclassify_dry_run (ctx->store, rules, &error);
  if (summary == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (json)
    print_summary_json (summary);
  else
    print_summary_text (summary, rules, apply);
  return MUYING_CLI_EXIT_OK;
}

int
muying_cli_classify (MuyingCliContext *ctx,
                     int               argc,
                     char            **argv)
{
  g_autofree char *program_text = NULL;
  g_autofree char *format = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  g_autoptr(MuyingImporter) importer = NULL;
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(JsonBuilder) builder = NULL;
  MuyingProgram program;
  gboolean dry_run = FALSE, apply = FALSE;
  Output out = { FALSE, FALSE, NULL, NULL };
  GOptionEntry entries[] = {
    { "program", 0, 0, G_OPTION_ARG_STRING, &program_text,
      N_("The programme of the file: prenatal, newborn or two_cancer"), "P" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("Output format: csv (default) or json"), "FORMAT" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Count what re-classifying the stored records with the current rule set would change (administrator)"),
      NULL },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &apply,
      N_("Re-classify the stored records with the current rule set (administrator)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — print the level and reasons of each row, without a database"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      muying_cli_printerr ("classify: %s", error->message);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (dry_run || apply)
    {
      if (dry_run && apply)
        {
          muying_cli_printerr ("%s", _("classify: give --dry-run or --apply, not both"));
          return MUYING_CLI_EXIT_USAGE;
        }
      if (program_text != NULL || (files != NULL && files[0] != NULL))
        {
          muying_cli_printerr ("%s", _("classify: --dry-run and --apply work on the database: no --program or FILE"));
          return MUYING_CLI_EXIT_USAGE;
        }
      if (format != NULL && g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "json") != 0)
        {
          muying_cli_printerr (_("classify: unknown format “%s”: use text or json"), format);
          return MUYING_CLI_EXIT_USAGE;
        }
      return classify_stored (ctx, apply, g_strcmp0 (format, "json") == 0);
    }
  if (!muying_cli_parse_program (program_text, &program))
    return MUYING_CLI_EXIT_USAGE;
  if (files == NULL || files[0] == NULL || files[1] != NULL)
    {
      muying_cli_printerr ("%s", _("classify: give exactly one FILE"));
      return MUYING_CLI_EXIT_USAGE;
    }
  if (format != NULL && g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "json") != 0)
    {
      muying_cli_printerr (_("classify: unknown format “%s”: use csv or json"), format);
      return MUYING_CLI_EXIT_USAGE;
    }

  rules = muying_rule_set_new_default (&error);
  if (rules == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }

  out.json = g_strcmp0 (format, "json") == 0;
  out.line = line;
  if (out.json)
    {
      builder = json_builder_new ();
      out.builder = builder;
      json_builder_begin_array (builder);
    }

  importer = muying_importer_new (program, rules);
  muying_importer_set_row_func (importer, on_row, &out, NULL);
  report = muying_importer_validate (importer, files[0], NULL, &error);
  if (report == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }

  if (out.json)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (gen, root);
      text = json_generator_to_data (gen, NULL);
      fputs (text, stdout);
      fputc ('\n', stdout);
    }
  else if (!out.header_done)
    fputs ("line,key,level,reasons\n", stdout);
  fflush (stdout);

  muying_cli_print_import_problems (report);
  return report->rejected > 0 ? MUYING_CLI_EXIT_ERRORS : MUYING_CLI_EXIT_OK;
}
