/* muying-cli-worklist.c: `muying-cli worklist` (docs/cli.md)
 *
 *   muying-cli [--db PATH] --user NAME worklist [--format text|json] [--program P] [--overdue]
 *                                   [--limit N] [--today DATE]
 *   muying-cli [--db PATH] --user NAME worklist --recall --from DATE --to DATE [--format text|csv]
 *
 * Open follow-ups and unreviewed flagged records, most urgent first (muying-store-worklist.h).
 * JSON (locale-free): an array of objects
 *   { "record_id": n, "program": "prenatal", "key": "…", "name": "…", "level": "high",
 *     "reasons": ["T21_HIGH", …], "review_state": "pending", "followup_state": "open",
 *     "next_step": "diagnosis" | null, "due_date": "YYYY-MM-DD" | null, "overdue": true,
 *     "days_overdue": n }
 * Text: a table in the user's language. --today computes "overdue" as of another day (reports,
 * tests). It shows names, so it needs --user (any role) and each reading is written to the audit
 * trail (who, the command, how many rows) before anything is shown; on a full disk it still runs,
 * with a warning. Exit 0, 1 when the log-in fails, or 2 on bad usage.
 *
 * --recall: the recall list of the screening cycle (复查提醒, muying-store-recall.h), the women due
 * again for cervical or breast screening between --from and --to. CSV (locale-free, for phone
 * lists): columns name,id_number,phone,track,due_date,last_screening, one line per woman, the ID
 * number masked (first 6 and last 4 characters, as on printed letters), track "cervical",
 * "breast" or "cervical;breast", due_date the earliest due date of her tracks. Text: a table and
 * the count per month of the due date.
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
#include "muying-date.h"
#include "muying-id-number.h"
#include "muying-rule-set.h"
#include "muying-store-recall.h"
#include "muying-store-worklist.h"

#define PAGE 1000

static void
add_json_row (JsonBuilder             *b,
              const MuyingWorklistRow *row)
{
  g_auto(GStrv) codes = g_strsplit (row->reasons ? row->reasons : "", ";", -1);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "record_id");
  json_builder_add_int_value (b, row->record_id);
  json_builder_set_member_name (b, "program");
  json_builder_add_string_value (b, muying_program_to_string (row->program));
  json_builder_set_member_name (b, "key");
  json_builder_add_string_value (b, row->key);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, row->name);
  json_builder_set_member_name (b, "level");
  json_builder_add_string_value (b, muying_level_to_string (row->level));
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (guint i = 0; codes[i] != NULL; i++)
    if (*codes[i] != '\0')
      json_builder_add_string_value (b, codes[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "review_state");
  json_builder_add_string_value (b, row->review_state);
  json_builder_set_member_name (b, "followup_state");
  if (row->followup_id > 0)
    json_builder_add_string_value (b, muying_followup_state_to_string (row->followup_state));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "next_step");
  if (row->next_step != NULL)
    json_builder_add_string_value (b, row->next_step);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "due_date");
  if (row->due_date != NULL)
    json_builder_add_string_value (b, row->due_date);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "overdue");
  json_builder_add_boolean_value (b, row->overdue);
  json_builder_set_member_name (b, "days_overdue");
  json_builder_add_int_value (b, row->days_overdue);
  json_builder_end_object (b);
}

/* Display width of UTF-8 text on a terminal: CJK characters take two columns. */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
append_cell (GString    *line,
             const char *text,
             int         width)
{
  g_string_append (line, text ? text : "");
  for (int w = display_width (text); w < width; w++)
    g_string_append_c (line, ' ');
  g_string_append (line, "  ");
}

typedef struct
{
  GPtrArray *cells;    /* of GStrv, one per line */
  int        widths[9];
} Table;

static char *
reason_text (MuyingRuleSet *rules,
             const char    *codes_text)
{
  g_auto(GStrv) codes = g_strsplit (codes_text ? codes_text : "", ";", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      const char *label = rules ? muying_rule_set_get_reason_label (rules, codes[i]) : NULL;

      if (*codes[i] == '\0')
        continue;
      if (s->len > 0)
        g_string_append (s, _("; "));
      g_string_append (s, label ? label : codes[i]);
    }
  return g_string_free (s, FALSE);
}

static void
table_add (Table *t,
           char **cells)
{
  for (guint i = 0; i < G_N_ELEMENTS (t->widths) && cells[i] != NULL; i++)
    t->widths[i] = MAX (t->widths[i], display_width (cells[i]));
  g_ptr_array_add (t->cells, cells);
}

static char **
header_row (void)
{
  const char *headers[] = {
    _("Programme"), _("No."), _("Name"), _("Level"), _("Review"), _("Follow-up"), _("Next step"), _("Due"),
    _("Reasons"),
  };
  char **cells = g_new0 (char *, G_N_ELEMENTS (headers) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    cells[i] = g_strdup (headers[i]);
  return cells;
}

static char **
text_row (const MuyingWorklistRow *row,
          MuyingRuleSet           *rules)
{
  char **cells = g_new0 (char *, 10);
  const char *step = row->next_step ? muying_followup_step_get_label (row->next_step) : NULL;

  cells[0] = g_strdup (muying_program_get_label (row->program));
  cells[1] = g_strdup (row->key);
  cells[2] = g_strdup (row->name);
  cells[3] = g_strdup (muying_level_get_label (row->level));
  cells[4] = g_strdup (muying_review_state_get_label (row->review_state));
  cells[5] = g_strdup (row->followup_id > 0 ? muying_followup_state_get_label (row->followup_state) : "—");
  cells[6] = g_strdup (step ? step : "—");
  if (row->overdue)
    /* TRANSLATORS: due date, then how many days it is past */
    cells[7] = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d day overdue)", "%s (%d days overdue)",
                                             row->days_overdue), row->due_date, row->days_overdue);
  else
    cells[7] = g_strdup (row->due_date ? row->due_date : "—");
  cells[8] = reason_text (rules, row->reasons);
  return cells;
}

static char *
date_text (const GDate *date)
{
  return g_date_valid (date) ? muying_date_format (date) : g_strdup ("");
}

static void
print_table (GPtrArray *lines,
             const int *widths)
{
  for (guint i = 0; i < lines->len; i++)
    {
      char **cells = g_ptr_array_index (lines, i);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; cells[c] != NULL; c++)
        {
          if (cells[c + 1] == NULL)
            g_string_append (line, cells[c]);
          else
            append_cell (line, cells[c], widths[c]);
        }
      g_print ("%s\n", line->str);
    }
}

/* worklist --recall (see the top of the file). */
static int
worklist_recall (MuyingCliContext *ctx,
                 gboolean          csv,
                 const GDate      *from,
                 const GDate      *to)
{
  g_autoptr(MuyingRecallList) list = NULL;
  g_autoptr(GError) error = NULL;
  Table table = { 0 };

  if (!muying_cli_authenticate_to_read (ctx, MUYING_PERMISSION_VIEW))
    return muying_cli_auth_failure_status ();
  list = muying_store_recall_list (ctx->store, from, to, &error);
  if (list == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (!muying_cli_audit_read (ctx, "recall", list->rows->len, csv ? "csv" : "text"))
    return MUYING_CLI_EXIT_ERRORS;

  if (csv)
    {
      g_autoptr(GString) out = g_string_new ("name,id_number,phone,track,due_date,last_screening\n");

      for (guint i = 0; i < list->rows->len; i++)
        {
          const MuyingRecallRow *row = g_ptr_array_index (list->rows, i);
          g_autofree char *masked = muying_id_number_mask (row->id_number);
          g_autofree char *tracks = muying_recall_row_dup_tracks (row, FALSE);
          g_autofree char *due = date_text (&row->due_date);
          g_autofree char *last = date_text (&row->last_exam);
          const char *cells[] = { row->name, masked, row->phone, tracks, due, last };

          for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
            {
              if (c > 0)
                g_string_append_c (out, ',');
              muying_csv_append_field (out, cells[c] ? cells[c] : "");
            }
          g_string_append_c (out, '\n');
        }
      fputs (out->str, stdout);
      return MUYING_CLI_EXIT_OK;
    }

  if (list->rows->len == 0)
    {
      g_print ("%s\n", _("Nobody is due for screening again in this period."));
      return MUYING_CLI_EXIT_OK;
    }
  table.cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  {
    char **header = g_new0 (char *, 7);

    header[0] = g_strdup (_("Name"));
    header[1] = g_strdup (_("ID number"));
    header[2] = g_strdup (_("Phone"));
    header[3] = g_strdup (_("Due for"));
    header[4] = g_strdup (_("Due by"));
    header[5] = g_strdup (_("Last screening"));
    table_add (&table, header);
  }
  for (guint i = 0; i < list->rows->len; i++)
    {
      const MuyingRecallRow *row = g_ptr_array_index (list->rows, i);
      char **cells = g_new0 (char *, 7);

      cells[0] = g_strdup (row->name);
      cells[1] = muying_id_number_mask (row->id_number);
      cells[2] = g_strdup (row->phone ? row->phone : "—");
      cells[3] = muying_recall_row_dup_tracks (row, TRUE);
      cells[4] = date_text (&row->due_date);
      cells[5] = date_text (&row->last_exam);
      table_add (&table, cells);
    }
  print_table (table.cells, table.widths);
  g_ptr_array_unref (table.cells);

  g_print ("\n%s\n", _("Due per month:"));
  for (guint m = 0; m < list->months->len; m++)
    {
      const MuyingRecallMonth *month = &g_array_index (list->months, MuyingRecallMonth, m);

      /* TRANSLATORS: a month (2027-03) and how many women are due in it */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%04d-%02d  %u woman\n", "%04d-%02d  %u women\n", month->count),
               month->year, month->month, month->count);
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u woman due\n", "%u women due\n", list->rows->len), list->rows->len);
  return MUYING_CLI_EXIT_OK;
}

int
muying_cli_worklist (MuyingCliContext *ctx,
                     int               argc,
                     char            **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *program = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  gboolean overdue = FALSE, recall = FALSE, json;
  int limit = 0;
  MuyingWorklistFilter filter;
  MuyingProgram p;
  MuyingStore *store;
  gint64 offset = 0, total = 0;
  GDate today, from, to;
  Table table = { 0 };
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format: text (default), json, or csv with --recall"),
      N_("FORMAT") },
    { "program", 0, 0, G_OPTION_ARG_STRING, &program, N_("Only this programme: prenatal, newborn or two_cancer"),
      N_("PROGRAM") },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only follow-ups past their deadline"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N cases (the most urgent)"), "N" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("Compute overdue as of this date (default: today)"),
      N_("DATE") },
    { "recall", 0, 0, G_OPTION_ARG_NONE, &recall,
      N_("The recall list: women due for cervical or breast screening again between --from and --to"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the recall period"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the recall period"), N_("DATE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (_("— open follow-ups and unreviewed high-risk records, most urgent first"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      muying_cli_printerr ("worklist: %s", error->message);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (rest != NULL && rest[0] != NULL)
    {
      muying_cli_printerr (_("worklist: unexpected argument “%s”"), rest[0]);
      return MUYING_CLI_EXIT_USAGE;
    }
  if (recall || from_text != NULL || to_text != NULL)
    {
      if (!recall || from_text == NULL || to_text == NULL)
        {
          muying_cli_printerr ("%s", _("worklist: the recall list needs --recall, --from and --to"));
          return MUYING_CLI_EXIT_USAGE;
        }
      if (format != NULL && g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "csv") != 0)
        {
          muying_cli_printerr (_("worklist: unknown format “%s” for --recall: use text or csv"), format);
          return MUYING_CLI_EXIT_USAGE;
        }
      if (program != NULL || overdue || limit != 0 || today_text != NULL)
        {
          muying_cli_printerr ("%s", _("worklist: --recall takes only --from, --to and --format"));
          return MUYING_CLI_EXIT_USAGE;
        }
      if (!muying_date_parse (from_text, &from, &error) || !muying_date_parse (to_text, &to, &error))
        {
          muying_cli_printerr ("worklist: %s", error->message);
          return MUYING_CLI_EXIT_USAGE;
        }
      if (g_date_compare (&from, &to) > 0)
        {
          muying_cli_printerr ("%s", _("worklist: --to is before --from"));
          return MUYING_CLI_EXIT_USAGE;
        }
      return worklist_recall (ctx, g_strcmp0 (format, "csv") == 0, &from, &to);
    }
  if (format != NULL && g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "json") != 0)
    {
      muying_cli_printerr (_("worklist: unknown format “%s”: use text or json"), format);
      return MUYING_CLI_EXIT_USAGE;
    }
  json = g_strcmp0 (format, "json") == 0;
  muying_worklist_filter_init (&filter);
  if (program != NULL)
    {
      /* muying_cli_parse_program says what is wrong itself. */
      if (!muying_cli_parse_program (program, &p))
        return MUYING_CLI_EXIT_USAGE;
      filter.program = p;
    }
  filter.overdue_only = overdue;
  if (limit < 0)
    {
      muying_cli_printerr ("%s", _("worklist: --limit must not be negative"));
      return MUYING_CLI_EXIT_USAGE;
    }
  if (today_text != NULL)
    {
      if (!muying_date_parse (today_text, &today, &error))
        {
          muying_cli_printerr ("worklist: --today: %s", error->message);
          return MUYING_CLI_EXIT_USAGE;
        }
    }
  else
    muying_date_today (&today);

  if (!muying_cli_authenticate_to_read (ctx, MUYING_PERMISSION_VIEW))
    return muying_cli_auth_failure_status ();
  store = ctx->store;

  if (json)
    {
      b = json_builder_new ();
      json_builder_begin_array (b);
    }
  else
    {
      /* Reason labels are a nicety of the text output: without the rule set, codes only. */
      rules = muying_rule_set_new_default (NULL);
      table.cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      table_add (&table, header_row ());
    }

  for (;;)
    {
      g_autoptr(GPtrArray) rows = NULL;
      guint want = PAGE;

      if (limit > 0)
        want = (guint) MIN ((gint64) PAGE, limit - offset);
      if (want == 0)
        break;
      rows = muying_store_worklist_page (store, &filter, &today, offset, want, &error);
      if (rows == NULL)
        {
          muying_cli_printerr ("%s", error->message);
          return MUYING_CLI_EXIT_ERRORS;
        }
      for (guint i = 0; i < rows->len; i++)
        {
          if (json)
            add_json_row (b, g_ptr_array_index (rows, i));
          else
            table_add (&table, text_row (g_ptr_array_index (rows, i), rules));
        }
      offset += rows->len;
      total += rows->len;
      if (rows->len < want)
        break;
    }

  if (json)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_end_array (b);
      if (!muying_cli_audit_read (ctx, "worklist", total, "json"))
        return MUYING_CLI_EXIT_ERRORS;
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      fputs (text, stdout);
      fputc ('\n', stdout);
      return MUYING_CLI_EXIT_OK;
    }

  if (!muying_cli_audit_read (ctx, "worklist", total, "text"))
    {
      g_ptr_array_unref (table.cells);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (total == 0)
    {
      g_print ("%s\n", _("The worklist is empty: no open follow-up and no record waiting for review."));
      g_ptr_array_unref (table.cells);
      return MUYING_CLI_EXIT_OK;
    }
  lines = table.cells;
  for (guint i = 0; i < lines->len; i++)
    {
      char **cells = g_ptr_array_index (lines, i);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; cells[c] != NULL; c++)
        {
          if (cells[c + 1] == NULL)
            g_string_append (line, cells[c]);
          else
            append_cell (line, cells[c], table.widths[c]);
        }
      g_print ("%s\n", line->str);
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%lld case\n", "%lld cases\n", (gulong) total), (long long) total);
  return MUYING_CLI_EXIT_OK;
}
