/* muying-cli-import.c: `muying-cli import` (docs/import-formats.md, docs/cli.md)
 *
 *   muying-cli [--db PATH] --user NAME import --program P FILE [--report OUT.csv] [--format text|json]
 *
 * P is a screening programme (prenatal, newborn, two_cancer) or a kind of follow-on record
 * (prenatal_diagnosis, pregnancy_outcome, audiology); a follow-on file's summary also counts the
 * rows kept as unlinked (未关联), and each of them is a warning on stderr.
 *
 * Needs a user allowed to import (nurse or above), authenticated by muying_cli_authenticate.
 * Validates the file, writes its valid rows in one transaction, prints the summary; the
 * rejected rows go to stderr (and to OUT.csv with --report). Exit 1 when a row was rejected
 * or nothing could be written, 2 on bad usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "muying-cli-auth.h"
#include "muying-cli-commands.h"
#include "muying-importer.h"
#include "muying-follow-on.h"
#include "muying-rule-set.h"

gboolean
muying_cli_parse_program (const char    *text,
                          MuyingProgram *program)
{
  if (text == NULL)
    {
      muying_cli_printerr ("%s", _("--program is required: prenatal, newborn or two_cancer"));
      return FALSE;
    }
  if (!muying_program_from_string (text, program))
    {
      muying_cli_printerr (_("unknown programme “%s”: use prenatal, newborn or two_cancer"), text);
      return FALSE;
    }
  return TRUE;
}

/* The import takes the follow-on files too: P is the name of the file's kind. */
static gboolean
parse_kind (const char *text)
{
  MuyingProgram program;

  if (text == NULL)
    {
      muying_cli_printerr ("%s", _("--program is required: prenatal, newborn, two_cancer, prenatal_diagnosis, "
                                   "pregnancy_outcome or audiology"));
      return FALSE;
    }
  if (!muying_program_from_string (text, &program) && muying_follow_on_descriptor_lookup (text) == NULL)
    {
      muying_cli_printerr (_("unknown programme “%s”: use prenatal, newborn, two_cancer, prenatal_diagnosis, "
                             "pregnancy_outcome or audiology"), text);
      return FALSE;
    }
  return TRUE;
}

void
muying_cli_print_import_problems (const MuyingImportReport *report)
{
  for (guint i = 0; i < report->warnings->len; i++)
    muying_cli_printerr ("%s", (const char *) g_ptr_array_index (report->warnings, i));
  for (guint r = 0; r < report->rejected_rows->len; r++)
    {
      const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, r);

      for (guint p = 0; p < row->problems->len; p++)
        {
          g_autofree char *text = muying_import_problem_format (g_ptr_array_index (row->problems, p));
          g_printerr ("%s\n", text);
        }
    }
}

static void
print_json_summary (const MuyingImportReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "program");
  json_builder_add_string_value (b, muying_import_report_get_kind_name (report));
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, report->sha256);
  json_builder_set_member_name (b, "read");
  json_builder_add_int_value (b, report->read);
  json_builder_set_member_name (b, "inserted");
  json_builder_add_int_value (b, report->inserted);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, report->updated);
  json_builder_set_member_name (b, "unchanged");
  json_builder_add_int_value (b, report->unchanged);
  json_builder_set_member_name (b, "rejected");
  json_builder_add_int_value (b, report->rejected);
  json_builder_set_member_name (b, "phones_updated");
  json_builder_add_int_value (b, report->phones_updated);
  if (report->follow_on)
    {
      /* among inserted, updated and unchanged: saved without a case */
      json_builder_set_member_name (b, "unlinked");
      json_builder_add_int_value (b, report->unlinked);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

int
muying_cli_import (MuyingCliContext *ctx,
                   int               argc,
                   char            **argv)
{
  g_autofree char *program_text = NULL;
  g_autofree char *report_path = NULL;
  g_autofree char *format = NULL;
  g_auto(GStrv) files = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  g_autoptr(MuyingImporter) importer = NULL;
  g_autoptr(MuyingImportReport) report = NULL;
  g_autofree char *summary = NULL;
  MuyingStore *store;
  gboolean json = FALSE, report_failed = FALSE;
  GOptionEntry entries[] = {
    { "program", 0, 0, G_OPTION_ARG_STRING, &program_text,
      N_("The kind of the file: prenatal, newborn or two_cancer (screening records), prenatal_diagnosis, "
         "pregnancy_outcome or audiology (follow-on records)"), "P" },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &report_path,
      N_("Write the rejected rows to this CSV file"), "OUT.csv" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("Summary format: text (default) or json"), "FORMAT" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — import a CSV, Excel .xlsx or .xls file of screening or follow-on records"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      muying_cli_printerr ("import: %s", error->message);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (!parse_kind (program_text))
    return MUYING_CLI_EXIT_USAGE;
  if (files == NULL || files[0] == NULL || files[1] != NULL)
    {
      muying_cli_printerr ("%s", _("import: give exactly one FILE"));
      return MUYING_CLI_EXIT_USAGE;
    }
  if (format != NULL && g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "json") != 0)
    {
      muying_cli_printerr (_("import: unknown format “%s”: use text or json"), format);
      return MUYING_CLI_EXIT_USAGE;
    }
  json = g_strcmp0 (format, "json") == 0;

  /* the report must not land on the database: refused before anything is imported */
  if (report_path != NULL && !muying_cli_check_output_path (ctx, report_path))
    return MUYING_CLI_EXIT_ERRORS;
  /* a nurse or above (docs/cli.md); this also opens the database */
  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_IMPORT))
    return muying_cli_auth_failure_status ();
  store = ctx->store;
  rules = muying_rule_set_new_default (&error);
  if (rules == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }

  importer = muying_importer_new_for_name (program_text, rules);
  report = muying_importer_import (importer, files[0], store, ctx->user, NULL, &error);
  if (report == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }

  muying_cli_print_import_problems (report);
  if (report_path != NULL && !muying_import_report_write_rejected (report, store, report_path, &error))
    {
      /* the records are saved; only the report file failed */
      muying_cli_printerr (_("Cannot write the report “%s”: %s"), report_path, error->message);
      g_clear_error (&error);
      report_failed = TRUE;
    }

  if (json)
    print_json_summary (report);
  else
    {
      summary = muying_import_report_format_summary (report);
      g_print ("%s\n", summary);
    }
  return report->rejected > 0 || report_failed ? MUYING_CLI_EXIT_ERRORS : MUYING_CLI_EXIT_OK;
}
