/* muying-cli-classify.c: `muying-cli classify` (docs/cli.md)
 *
 *   muying-cli classify --program P FILE [--format csv|json]
 *
 * No database: reads and validates the file like an import, and prints for each valid row its
 * level and reasons (docs/rules.md). CSV columns line,key,level,reasons (reasons ;-separated and
 * sorted); JSON an array of {"line", "key", "level", "reasons": [...]}. The output is locale-free.
 * Rejected rows are reported on stderr in the user's language; exit 1 when there are any,
 * 2 on bad usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "muying-cli-commands.h"
#include "muying-csv-reader.h"
#include "muying-importer.h"
#include "muying-rule-set.h"

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

int
muying_cli_classify (int    argc,
                     char **argv)
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
  Output out = { FALSE, FALSE, NULL, NULL };
  GOptionEntry entries[] = {
    { "program", 0, 0, G_OPTION_ARG_STRING, &program_text,
      N_("The programme of the file: prenatal, newborn or two_cancer"), "P" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("Output format: csv (default) or json"), "FORMAT" },
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
