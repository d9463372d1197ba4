/* muying-cli-denominators.c: the bureau's population figures
 *
 *   muying-cli --user ADMIN denominators set --year Y [--quarter n] [--area CODE] [--deliveries N]
 *              [--live-births N] [--cervical-due N] [--breast-due N]
 *              (a figure given as `none` is set back to not given)
 *   muying-cli --user NAME denominators list [--year Y] [--format text|json]
 *   muying-cli --user ADMIN denominators delete --year Y [--quarter n] [--area CODE]
 *   muying-cli --user ADMIN denominators import FILE.csv
 *
 * The figures are per statistical year, optionally per quarter of it (1–4) and per county; a rate
 * whose figure is missing reads 未填报 (muying-store-denominators.h). The CSV has the columns
 * year, quarter, area_code, deliveries, live_births, cervical_due, breast_due (empty = not given);
 * every bad row is reported with its line and column and the others are written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "muying-cli-auth.h"
#include "muying-cli-commands.h"
#include "muying-csv-reader.h"
#include "muying-store-denominators.h"

static const char * const figure_names[] = { "deliveries", "live_births", "cervical_due", "breast_due", NULL };

static void
print_denominators_usage (void)
{
  g_printerr ("%s\n", _("Usage: muying-cli --user ADMIN denominators set --year Y [--quarter n] [--area CODE] "
                        "[--deliveries N] [--live-births N] [--cervical-due N] [--breast-due N]\n"
                        "       muying-cli --user NAME denominators list [--year Y] [--format text|json]\n"
                        "       muying-cli --user ADMIN denominators delete --year Y [--quarter n] [--area CODE]\n"
                        "       muying-cli --user ADMIN denominators import FILE.csv"));
}

static int
usage_error (const char *message)
{
  muying_cli_printerr ("%s", message);
  print_denominators_usage ();
  return MUYING_CLI_EXIT_USAGE;
}

static gint64 *
figure_of (MuyingDenominators *d,
           guint               i)
{
  gint64 *figures[] = { &d->deliveries, &d->live_births, &d->cervical_due, &d->breast_due };

  return figures[i];
}

/* A whole number ≥ 0 (or "" = not given, -1) */
static gboolean
parse_count (const char *text,
             gint64     *value)
{
  char *end = NULL;
  gint64 v;

  if (text == NULL || *text == '\0')
    {
      *value = -1;
      return TRUE;
    }
  v = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || v < 0)
    return FALSE;
  *value = v;
  return TRUE;
}

/* The row's --year (a statistical year) and --quarter (1–4; none = 0, the whole year) of
 * `denominators COMMAND`: MUYING_CLI_EXIT_OK, or the usage error said. */
static int
parse_row_key (const char *command,
               const char *year,
               const char *quarter,
               gint64     *y,
               gint64     *q)
{
  *q = 0;
  if (year == NULL || !parse_count (year, y) || *y < 2000 || *y > 2100)
    {
      g_autofree char *message = g_strdup_printf (_("denominators %s: --year needs the statistical year, e.g. 2026"),
                                                  command);
      return usage_error (message);
    }
  if (quarter != NULL && (!parse_count (quarter, q) || *q < 1 || *q > 4))
    {
      g_autofree char *message = g_strdup_printf (_("denominators %s: --quarter is 1, 2, 3 or 4 (of the statistical "
                                                    "year)"), command);
      return usage_error (message);
    }
  return MUYING_CLI_EXIT_OK;
}

static int
denominators_set (MuyingCliContext *ctx,
                  int               argc,
                  char            **argv)
{
  g_autoptr(GError) error = NULL;
  MuyingDenominators d;
  const char *year = NULL, *quarter = NULL, *area = NULL;
  const char *values[G_N_ELEMENTS (figure_names)] = { NULL };
  static const char * const options[] = { "--deliveries", "--live-births", "--cervical-due", "--breast-due" };
  gint64 y = 0, q = 0;
  gboolean any = FALSE;
  int status;

  muying_denominators_init (&d);
  for (int i = 1; i < argc; i++)
    {
      gboolean matched = FALSE;

      if (i + 1 >= argc)
        {
          g_autofree char *message = g_strdup_printf (_("denominators set: unexpected argument “%s”"), argv[i]);
          return usage_error (message);
        }
      if (g_strcmp0 (argv[i], "--year") == 0)
        year = argv[++i], matched = TRUE;
      else if (g_strcmp0 (argv[i], "--quarter") == 0)
        quarter = argv[++i], matched = TRUE;
      else if (g_strcmp0 (argv[i], "--area") == 0)
        area = argv[++i], matched = TRUE;
      for (guint k = 0; !matched && k < G_N_ELEMENTS (options); k++)
        if (g_strcmp0 (argv[i], options[k]) == 0)
          {
            values[k] = argv[++i];
            matched = any = TRUE;
          }
      if (!matched)
        {
          g_autofree char *message = g_strdup_printf (_("denominators set: unexpected argument “%s”"), argv[i]);
          return usage_error (message);
        }
    }
  if ((status = parse_row_key ("set", year, quarter, &y, &q)) != MUYING_CLI_EXIT_OK)
    return status;
  if (!any)
    return usage_error (_("denominators set: give at least one figure (--deliveries, --live-births, --cervical-due, --breast-due)"));
  for (guint k = 0; k < G_N_ELEMENTS (options); k++)
    if (g_strcmp0 (values[k], "none") == 0)
      *figure_of (&d, k) = MUYING_DENOMINATOR_CLEAR;   /* back to not given */
    else if (values[k] != NULL && (!parse_count (values[k], figure_of (&d, k)) || *figure_of (&d, k) < 0))
      {
        g_autofree char *message = g_strdup_printf (_("denominators set: %s needs a whole number, not “%s”"), options[k],
                                                    values[k]);
        return usage_error (message);
      }
  d.year = (int) y;
  d.quarter = (int) q;
  d.area_code = (char *) (area != NULL ? area : "");
  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_MANAGE_USERS))
    return muying_cli_auth_failure_status ();
  if (!muying_store_set_denominators (ctx->store, muying_cli_get_user (), &d, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  g_print (_("The figures of %d were saved\n"), d.year);
  return MUYING_CLI_EXIT_OK;
}

/* denominators delete --year Y [--quarter n] [--area CODE]: a row entered by mistake. */
static int
denominators_delete (MuyingCliContext *ctx,
                     int               argc,
                     char            **argv)
{
  g_autoptr(GError) error = NULL;
  const char *year = NULL, *quarter = NULL, *area = NULL;
  gint64 y = 0, q = 0;
  int status;

  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--year") == 0 && i + 1 < argc)
        year = argv[++i];
      else if (g_strcmp0 (argv[i], "--quarter") == 0 && i + 1 < argc)
        quarter = argv[++i];
      else if (g_strcmp0 (argv[i], "--area") == 0 && i + 1 < argc)
        area = argv[++i];
      else
        {
          g_autofree char *message = g_strdup_printf (_("denominators delete: unexpected argument “%s”"), argv[i]);
          return usage_error (message);
        }
    }
  if ((status = parse_row_key ("delete", year, quarter, &y, &q)) != MUYING_CLI_EXIT_OK)
    return status;
  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_MANAGE_USERS))
    return muying_cli_auth_failure_status ();
  if (!muying_store_delete_denominators (ctx->store, muying_cli_get_user (), (int) y, (int) q, area, &error))
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  g_print (_("The figures of %d were deleted\n"), (int) y);
  return MUYING_CLI_EXIT_OK;
}

static void
print_figure (gint64 value)
{
  if (value >= 0)
    g_print ("  %10lld", (long long) value);
  else
    /* TRANSLATORS: a population figure that was not entered */
    g_print ("  %10s", _("—"));
}

static int
denominators_list (MuyingCliContext *ctx,
                   int               argc,
                   char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *format = "text";
  gint64 year = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--format") == 0 && i + 1 < argc)
        format = argv[++i];
      else if (g_strcmp0 (argv[i], "--year") == 0 && i + 1 < argc && parse_count (argv[i + 1], &year))
        i++;
      else
        {
          g_autofree char *message = g_strdup_printf (_("denominators list: unexpected argument “%s”"), argv[i]);
          return usage_error (message);
        }
    }
  if (g_strcmp0 (format, "text") != 0 && g_strcmp0 (format, "json") != 0)
    {
      g_autofree char *message = g_strdup_printf (_("denominators list: unknown format “%s”: use text or json"), format);
      return usage_error (message);
    }
  if (muying_cli_context_open_store (ctx) == NULL)
    return MUYING_CLI_EXIT_ERRORS;
  rows = muying_store_list_denominators (ctx->store, (int) MAX (year, 0), &error);
  if (rows == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (g_strcmp0 (format, "json") == 0)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *out = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        {
          MuyingDenominators *d = rows->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "year");
          json_builder_add_int_value (b, d->year);
          json_builder_set_member_name (b, "quarter");
          if (d->quarter > 0)
            json_builder_add_int_value (b, d->quarter);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "area_code");
          if (*d->area_code != '\0')
            json_builder_add_string_value (b, d->area_code);
          else
            json_builder_add_null_value (b);
          for (guint k = 0; figure_names[k] != NULL; k++)
            {
              json_builder_set_member_name (b, figure_names[k]);
              if (*figure_of (d, k) >= 0)
                json_builder_add_int_value (b, *figure_of (d, k));
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
      g_print ("%s\n", _("No population figures have been entered"));
      return MUYING_CLI_EXIT_OK;
    }
  /* TRANSLATORS: the header of `denominators list`; keep the columns aligned with the figures */
  g_print ("%s\n", _("year  quarter  area      deliveries  live births  cervical due  breast due"));
  for (guint i = 0; i < rows->len; i++)
    {
      MuyingDenominators *d = rows->pdata[i];
      g_autofree char *quarter = d->quarter > 0 ? g_strdup_printf ("Q%d", d->quarter) : g_strdup ("");

      g_print ("%4d  %7s  %-6s", d->year, quarter, *d->area_code != '\0' ? d->area_code : "");
      for (guint k = 0; figure_names[k] != NULL; k++)
        print_figure (*figure_of (d, k));
      g_print ("\n");
    }
  return MUYING_CLI_EXIT_OK;
}

static int
denominators_import (MuyingCliContext *ctx,
                     int               argc,
                     char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MuyingCsvReader) reader = NULL;
  static const char * const columns[] = { "year", "quarter", "area_code", "deliveries", "live_births", "cervical_due",
                                          "breast_due", NULL };
  int index[G_N_ELEMENTS (columns)];
  guint written = 0, rejected = 0;

  if (argc != 2)
    return usage_error (_("denominators import: give one CSV file"));
  bytes = muying_csv_read_file (argv[1], 1024 * 1024, &error);
  if (bytes == NULL || (reader = muying_csv_reader_new (bytes, &error)) == NULL)
    {
      muying_cli_printerr ("%s", error->message);
      return MUYING_CLI_EXIT_ERRORS;
    }
  if (!muying_csv_reader_next (reader))
    {
      muying_cli_printerr (_("%s: the file is empty"), argv[1]);
      return MUYING_CLI_EXIT_ERRORS;
    }
  for (guint c = 0; columns[c] != NULL; c++)
    {
      const char * const *header = muying_csv_reader_get_fields (reader);

      index[c] = -1;
      for (guint i = 0; header[i] != NULL; i++)
        {
          g_autofree char *name = g_strstrip (g_strdup (header[i]));

          if (g_ascii_strcasecmp (name, columns[c]) == 0)
            index[c] = (int) i;
        }
      if (index[c] < 0 && c != 1 && c != 2)
        {
          muying_cli_printerr (_("%s: the column “%s” is missing"), argv[1], columns[c]);
          return MUYING_CLI_EXIT_ERRORS;
        }
    }
  if (!muying_cli_authenticate (ctx, MUYING_PERMISSION_MANAGE_USERS))
    return muying_cli_auth_failure_status ();
  while (muying_csv_reader_next (reader))
    {
      const char * const *fields = muying_csv_reader_get_fields (reader);
      guint n = muying_csv_reader_get_n_fields (reader);
      guint line = muying_csv_reader_get_line (reader);
      MuyingDenominators d;
      gint64 year = -1, quarter = -1;
      const char *bad = NULL;
      g_autoptr(GError) row_error = NULL;

#define FIELD(c) (index[c] >= 0 && (guint) index[c] < n ? fields[index[c]] : "")
      if (n == 1 && *fields[0] == '\0')
        continue;   /* a blank line */
      muying_denominators_init (&d);
      if (!parse_count (FIELD (0), &year) || year < 2000 || year > 2100)
        bad = columns[0];
      else if (!parse_count (FIELD (1), &quarter) || quarter > 4 || quarter == 0)
        bad = columns[1];
      for (guint k = 0; bad == NULL && figure_names[k] != NULL; k++)
        if (!parse_count (FIELD (3 + k), figure_of (&d, k)))
          bad = columns[3 + k];
      if (bad != NULL)
        {
          /* TRANSLATORS: line, column of a row that was not written */
          g_printerr (_("line %u, column %s: not a whole number (or a year 2000–2100, a quarter 1–4)\n"), line, bad);
          rejected++;
          continue;
        }
      d.year = (int) year;
      d.quarter = quarter > 0 ? (int) quarter : 0;
      d.area_code = (char *) FIELD (2);
      if (!muying_store_set_denominators (ctx->store, muying_cli_get_user (), &d, &row_error))
        {
          g_printerr (_("line %u: %s\n"), line, row_error->message);
          rejected++;
          continue;
        }
      written++;
#undef FIELD
    }
  g_print (_("%u rows written, %u rejected\n"), written, rejected);
  return rejected > 0 ? MUYING_CLI_EXIT_ERRORS : MUYING_CLI_EXIT_OK;
}

int
muying_cli_denominators (MuyingCliContext *ctx,
                         int               argc,
                         char            **argv)
{
  if (argc < 2)
    return usage_error (_("denominators: give set, delete, list or import"));
  if (g_strcmp0 (argv[1], "set") == 0)
    return denominators_set (ctx, argc - 1, argv + 1);
  if (g_strcmp0 (argv[1], "delete") == 0)
    return denominators_delete (ctx, argc - 1, argv + 1);
  if (g_strcmp0 (argv[1], "list") == 0)
    return denominators_list (ctx, argc - 1, argv + 1);
  if (g_strcmp0 (argv[1], "import") == 0)
    return denominators_import (ctx, argc - 1, argv + 1);
  {
    g_autofree char *message = g_strdup_printf (_("denominators: unknown subcommand “%s”"), argv[1]);

    return usage_error (message);
  }
}
