/* muying-importer.c: CSV import of one screening programme or one kind of follow-on record
 * (docs/import-formats.md)
 *
 * The columns, their parsing and what a row needs all come from the file's descriptor: a
 * programme's (muying-program-descriptor.h) or a follow-on kind's (muying-follow-on.h). Each field
 * is read by its kind and written at its offset in the record, then the descriptor's check runs
 * the rules that concern several columns. Nothing here names a screening or follow-on field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "muying-csv-reader-private.h"
#include "muying-date.h"
#include "muying-error.h"
#include "muying-id-number.h"
#include "muying-importer-private.h"
#include "muying-importer.h"
#include "muying-store-persons.h"
#include "muying-output-path.h"
#include "muying-program-descriptor.h"
#include "muying-store-follow-on.h"
#include "muying-store-records.h"

/* ---- the columns of docs/import-formats.md: the programme's descriptor ------------------------------- */

#define ALLOWED_ZYGOSITY "het, hom, homoplasmic, heteroplasmic"

/* Longest text we keep in a single-line field (names, numbers) and in a free-text field. */
#define MAX_LINE_CHARS 100
#define MAX_TEXT_CHARS 200

/* ---- the object ------------------------------------------------------------------------------ */

struct _MuyingImporter
{
  GObject                   parent_instance;

  MuyingProgram             program;         /* a follow-on file: the programme whose cases it follows */
  const MuyingFollowOnDescriptor *follow_on; /* a follow-on file's kind, NULL for a screening file */
  MuyingRuleSet            *rules;
  GDate                     today;

  MuyingImportProgressFunc  progress_func;
  gpointer                  progress_data;
  GDestroyNotify            progress_destroy;
  MuyingImportRowFunc       row_func;
  gpointer                  row_data;
  GDestroyNotify            row_destroy;
  MuyingStore              *lookup_store;   /* validate: check ID numbers against it (nullable) */
  guint                     batch_size;     /* rows saved under one savepoint (see save_row) */
  char                     *expected_sha256; /* an import writes only a file with these bytes (nullable) */
  char                     *seen_key;       /* a form's save: the record of this key was read at */
  gint64                    seen_version;   /* this row_version (muying_importer_expect_version) */
  gint64                    saved_version;  /* its row_version after the save, -1 before */
};

G_DEFINE_FINAL_TYPE (MuyingImporter, muying_importer, G_TYPE_OBJECT)

/* What the current row's reading found out about a column (MuyingFieldCheck.valid). */
enum
{
  COLUMN_PROBLEM = 1 << 0,   /* a problem names the column */
  COLUMN_VALID   = 1 << 1,   /* filled in and read without a problem */
};

/* One pass over one file. */
typedef struct
{
  MuyingImporter                *self;
  const MuyingProgramDescriptor *desc;          /* a screening file's programme, else NULL */
  const MuyingFollowOnDescriptor *follow_on;    /* a follow-on file's kind, else NULL */
  const MuyingField             *columns;       /* the descriptor's fields (the file's columns) */
  guint                          n_columns;     /* the descriptor's fields */
  gpointer                     (*record_new)  (void);
  void                         (*record_free) (gpointer record);
  void                         (*check)       (gpointer                record,
                                               const MuyingFieldCheck *check);
  int                            key_column;    /* the sample or exam number; a follow-on record's
                                                   first natural key field */
  int                            key_columns[3];/* a follow-on record's natural key, -1 after the last */
  int                            id_column;     /* the woman's (the mother's) ID number and name; -1: none */
  int                            name_column;
  int                            date_column;   /* the record's date */
  int                            min_age;       /* the woman's plausible age on the record's date */
  int                            max_age;
  MuyingImportReport            *report;
  MuyingStore                   *store;         /* NULL: validate only */
  const char                    *user;
  int                           *col_index;     /* field → index in the header, -1 = absent */
  guint                          n_header;
  GHashTable                    *keys;          /* natural key → GUINT_TO_POINTER (line) */
  GHashTable                    *identities;    /* ID number → Identity of the first accepted row with it */
  GStringChunk                  *strings;       /* the strings of keys, identities and registered */
  GPtrArray                     *identity_blocks; /* GArray of Identity: where identities live */
  GHashTable                    *registered;    /* validate with a lookup store: ID number → its registered
                                                 * name, "" = not registered (one query per ID number) */
  GHashTable                    *aliases;       /* "field\ntext" → the rule set's alias (see lookup_alias) */
  GPtrArray                     *batch;         /* SavedRow: the rows saved since the savepoint was taken */
  gboolean                       in_savepoint;

  /* the current row */
  guint                          line;
  guint                          n_fields;
  const char * const            *fields;
  char                         **cells;         /* by field, trimmed; NULL = absent */
  guint8                        *state;         /* by field: COLUMN_* */
  GPtrArray                     *problems;
} Run;

/* ---- reports --------------------------------------------------------------------------------- */

void
muying_import_problem_free (MuyingImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->column);
  g_free (problem->message);
  g_free (problem->label);
  g_free (problem);
}

void
muying_import_rejected_row_free (MuyingImportRejectedRow *row)
{
  if (row == NULL)
    return;
  g_strfreev (row->fields);
  g_clear_pointer (&row->problems, g_ptr_array_unref);
  g_free (row);
}

static MuyingImportReport *
report_new (MuyingImporter *self,
            const char     *file_name)
{
  MuyingImportReport *report = g_new0 (MuyingImportReport, 1);

  report->program = self->program;
  report->follow_on = self->follow_on != NULL;
  report->follow_on_kind = self->follow_on ? self->follow_on->kind : MUYING_N_FOLLOW_ON_KINDS;
  report->file_name = g_strdup (file_name);
  report->warnings = g_ptr_array_new_with_free_func (g_free);
  report->rejected_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_import_rejected_row_free);
  return report;
}

void
muying_import_report_free (MuyingImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->file_name);
  g_free (report->sha256);
  g_strfreev (report->header);
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
  g_clear_pointer (&report->rejected_rows, g_ptr_array_unref);
  g_free (report);
}

const char *
muying_import_report_get_kind_name (const MuyingImportReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  if (report->follow_on)
    return muying_follow_on_descriptor_get (report->follow_on_kind)->name;
  return muying_program_to_string (report->program);
}

char *
muying_import_report_format_summary (const MuyingImportReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  if (report->written && report->follow_on)
    /* The unlinked rows are among the inserted, updated and unchanged: saved, with no case yet. */
    return g_strdup_printf (_("Read %u rows: %u inserted, %u updated, %u unchanged, %u rejected; "
                              "%u rows match no screening case and were kept as unlinked"),
                            report->read, report->inserted, report->updated, report->unchanged,
                            report->rejected, report->unlinked);
  if (report->written && report->phones_updated > 0)
    /* The rows that gave a known woman a new phone number are among the inserted and updated. */
    return g_strdup_printf (_("Read %u rows: %u inserted, %u updated, %u unchanged, %u rejected; "
                              "%u rows gave a new contact phone number (the old one is kept in the audit log)"),
                            report->read, report->inserted, report->updated, report->unchanged,
                            report->rejected, report->phones_updated);
  if (report->written)
    return g_strdup_printf (_("Read %u rows: %u inserted, %u updated, %u unchanged, %u rejected"),
                            report->read, report->inserted, report->updated, report->unchanged,
                            report->rejected);
  return g_strdup_printf (_("Read %u rows: %u valid, %u rejected"),
                          report->read, report->valid, report->rejected);
}

char *
muying_import_problem_format (const MuyingImportProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->column != NULL)
    return g_strdup_printf (_("Line %u, column “%s”: %s"), problem->line,
                            problem->label ? problem->label : problem->column, problem->message);
  return g_strdup_printf (_("Line %u: %s"), problem->line, problem->message);
}

/* A cell a spreadsheet would change: formulas, and long numbers (Excel keeps 15 digits). */
static void
append_report_cell (GString    *out,
                    const char *text)
{
  g_autofree char *guarded = NULL;
  size_t len = strlen (text);
  gboolean digits = len >= 12;

  for (size_t i = 0; digits && i < len; i++)
    if (!g_ascii_isdigit (text[i]) && !(i == len - 1 && (text[i] == 'X' || text[i] == 'x')))
      digits = FALSE;

  if (len > 0 && strchr ("=+-@\t\r", text[0]) != NULL)
    guarded = g_strconcat ("'", text, NULL);
  else if (digits)
    guarded = g_strconcat ("\t", text, NULL);
  muying_csv_append_field (out, guarded ? guarded : text);
}

gboolean
muying_import_report_write_rejected (const MuyingImportReport *report,
                                     MuyingStore              *store,
                                     const char               *path,
                                     GError                  **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autofree char *tmp = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!muying_output_path_check (store, path, error))
    return FALSE;

  g_string_append (out, "line,column,reason");
  for (guint i = 0; report->header != NULL && report->header[i] != NULL; i++)
    {
      g_string_append_c (out, ',');
      append_report_cell (out, report->header[i]);
    }
  g_string_append (out, "\r\n");

  for (guint r = 0; r < report->rejected_rows->len; r++)
    {
      const MuyingImportRejectedRow *row = g_ptr_array_index (report->rejected_rows, r);

      for (guint p = 0; p < row->problems->len; p++)
        {
          const MuyingImportProblem *problem = g_ptr_array_index (row->problems, p);

          g_string_append_printf (out, "%u,", row->line);
          append_report_cell (out, problem->column ? problem->column : "");
          g_string_append_c (out, ',');
          append_report_cell (out, problem->message);
          for (guint i = 0; row->fields[i] != NULL; i++)
            {
              g_string_append_c (out, ',');
              append_report_cell (out, row->fields[i]);
            }
          g_string_append (out, "\r\n");
        }
    }
  /* Owner-only temporary file, renamed into place when complete. */
  tmp = muying_output_path_create_temp (path, error);
  if (tmp == NULL)
    return FALSE;
  if (!g_file_set_contents_full (tmp, out->str, (gssize) out->len, G_FILE_SET_CONTENTS_NONE, 0600, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  return muying_output_path_commit (store, tmp, path, error);
}

/* ---- cells ----------------------------------------------------------------------------------- */

/* Length of a white-space character at @p (ASCII, NBSP, ideographic space, BOM), else 0. */
static inline size_t
space_len (const unsigned char *p,
           const unsigned char *end)
{
  if (p >= end)
    return 0;
  if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\v' || *p == '\f')
    return 1;
  if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
    return 2;
  if (end - p >= 3 && ((p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) ||
                       (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)))
    return 3;
  return 0;
}

static char *
trim_dup (const char *text)
{
  const unsigned char *start = (const unsigned char *) text;
  const unsigned char *end = start + strlen (text);
  size_t n;

  while ((n = space_len (start, end)) > 0)
    start += n;
  while (end > start)
    {
      if (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n' ||
          end[-1] == '\v' || end[-1] == '\f')
        end--;
      else if (end - start >= 2 && end[-2] == 0xC2 && end[-1] == 0xA0)
        end -= 2;
      else if (end - start >= 3 && ((end[-3] == 0xE3 && end[-2] == 0x80 && end[-1] == 0x80) ||
                                    (end[-3] == 0xEF && end[-2] == 0xBB && end[-1] == 0xBF)))
        end -= 3;
      else
        break;
    }
  return g_strndup ((const char *) start, (gsize) (end - start));
}

/* Full-width digits and punctuation (typed with a Chinese IME) to ASCII; white space removed.
 * The text is valid UTF-8 (the reader's); ASCII, most of a file, is copied byte by byte. */
static char *
ascii_dup (const char *text)
{
  char *out = g_malloc (strlen (text) + 1);   /* never longer: a full-width form becomes one byte */
  char *o = out;

  for (const char *p = text; *p != '\0';)
    {
      const char *next;
      gunichar c;

      if ((guchar) *p < 0x80)
        {
          /* g_unichar_isspace of ASCII */
          if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '\f')
            *o++ = *p;
          p++;
          continue;
        }
      c = g_utf8_get_char (p);
      next = g_utf8_next_char (p);
      if (g_unichar_isspace (c) || c == 0x3000 || c == 0xFEFF)
        ;
      else if (c >= 0xFF01 && c <= 0xFF5E)   /* the full-width forms of ASCII 0x21…0x7E */
        *o++ = (char) (c - 0xFF01 + 0x21);
      else
        {
          memcpy (o, p, (size_t) (next - p));
          o += next - p;
        }
      p = next;
    }
  *o = '\0';
  return out;
}

static const char *
cell (Run *run,
      int  column)
{
  return run->cells[column] ? run->cells[column] : "";
}

static const char *
column_name (Run *run,
             int  column)
{
  int index = run->col_index[column];

  if (index >= 0 && run->report->header[index] != NULL)
    return run->report->header[index];
  return run->columns[column].key;
}

static void add_problem (Run        *run,
                         int         column,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

static void
add_problem (Run        *run,
             int         column,
             const char *format,
             ...)
{
  MuyingImportProblem *problem = g_new0 (MuyingImportProblem, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  problem->line = run->line;
  if (column >= 0)
    {
      g_autofree char *name = trim_dup (column_name (run, column));
      problem->column = g_steal_pointer (&name);
      problem->label = g_strdup (run->columns[column].column);
      run->state[column] |= COLUMN_PROBLEM;
    }
  g_ptr_array_add (run->problems, problem);
}

static void
required (Run *run,
          int  column)
{
  add_problem (run, column, _("A value is required"));
}

/* The rule set's alias of @text in @field (NULL: none), remembered for the pass: a file repeats a
 * few values in each enumerated column, and folding a text (NFKC, case) costs more than the rest
 * of reading the value. */
static const char *
lookup_alias (Run        *run,
              const char *field,
              const char *text)
{
  char buf[256];
  size_t n_field = strlen (field), n_text = strlen (text);
  gpointer found = NULL;
  const char *key;

  if (n_field + n_text + 2 > sizeof buf)
    return muying_rule_set_lookup_alias (run->self->rules, field, text);
  memcpy (buf, field, n_field);
  buf[n_field] = '\n';
  memcpy (buf + n_field + 1, text, n_text + 1);
  if (g_hash_table_lookup_extended (run->aliases, buf, NULL, &found))
    return found;
  key = muying_rule_set_lookup_alias (run->self->rules, field, text);
  if (g_hash_table_size (run->aliases) < 4096)
    g_hash_table_insert (run->aliases, g_strdup (buf), (gpointer) key);
  return key;
}

static const char *
canonical (Run        *run,
           const char *field,
           const char *text)
{
  const char *key = lookup_alias (run, field, text);

  return key ? key : text;
}

static void
upper_in_place (char *s)
{
  for (; *s; s++)
    *s = g_ascii_toupper (*s);
}

/* Excel shows a long number as 1.23457E+17: the digits are gone. */
static gboolean
looks_scientific (const char *text)
{
  const char *e = strpbrk (text, "Ee");

  if (e == NULL || e == text || (e[1] != '+' && e[1] != '-') || !g_ascii_isdigit (e[2]))
    return FALSE;
  for (const char *p = text; p < e; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;
  for (const char *p = e + 2; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* ---- field parsers (each reports its own problems; FALSE = a problem was added) ---------------- */

static gboolean
check_text (Run        *run,
            int         column,
            const char *text,
            gboolean    multiline)
{
  guint max = multiline ? MAX_TEXT_CHARS : MAX_LINE_CHARS;

  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t')))
      {
        add_problem (run, column, _("The text contains a line break or control character; keep it on one line"));
        return FALSE;
      }
  if (g_utf8_strlen (text, -1) > (glong) max)
    {
      add_problem (run, column, _("The text is longer than %u characters"), max);
      return FALSE;
    }
  return TRUE;
}

/* Text is kept exactly as written (a leading = + - @ included: it is never interpreted). */
static char *
parse_text (Run     *run,
            int      column,
            gboolean is_required,
            gboolean multiline)
{
  const char *text = cell (run, column);

  if (*text == '\0')
    {
      if (is_required)
        required (run, column);
      return NULL;
    }
  if (!check_text (run, column, text, multiline))
    return NULL;
  return g_strdup (text);
}

static char *
parse_key (Run *run,
           int  column)
{
  const char *text = cell (run, column);
  gpointer first;

  if (*text == '\0')
    {
      required (run, column);
      return NULL;
    }
  if (!check_text (run, column, text, FALSE))
    return NULL;
  if (looks_scientific (text))
    {
      add_problem (run, column,
                   _("The number “%s” was changed by a spreadsheet into scientific notation and its digits are lost; "
                     "format the column as text and export again"), text);
      return NULL;
    }
  if (run->follow_on != NULL)
    return g_strdup (text);   /* the whole natural key is checked after the row (check_natural_key) */
  first = g_hash_table_lookup (run->keys, text);
  if (first != NULL)
    {
      add_problem (run, column, _("“%s” already appears on line %u of this file; each number may appear only once"),
                   text, GPOINTER_TO_UINT (first));
      return NULL;
    }
  g_hash_table_insert (run->keys, g_string_chunk_insert (run->strings, text), GUINT_TO_POINTER (run->line));
  return g_strdup (text);
}

static char *
parse_id_number (Run       *run,
                 int        column,
                 GDate     *birth,
                 MuyingSex *sex)
{
  const char *text = cell (run, column);
  g_autofree char *normalized = NULL;
  g_autoptr(GError) error = NULL;

  g_date_clear (birth, 1);
  if (*text == '\0')
    {
      required (run, column);
      return NULL;
    }
  normalized = muying_id_number_normalize (text);
  upper_in_place (normalized);   /* 1.10101e+17 is as mangled as 1.10101E+17 */
  if (!muying_id_number_validate (normalized, &run->self->today, birth, sex, &error))
    {
      g_date_clear (birth, 1);
      if (g_error_matches (error, MUYING_ID_NUMBER_ERROR, MUYING_ID_NUMBER_ERROR_CHECK_DIGIT) &&
          g_str_has_suffix (normalized, "000"))
        add_problem (run, column,
                     _("%s. The number ends in 000: a spreadsheet may have cut it to 15 digits; "
                       "format the column as text and export again"), error->message);
      else
        add_problem (run, column, "%s", error->message);
      return NULL;
    }
  return g_steal_pointer (&normalized);
}

/* @allow_future: an expected delivery date lies ahead; every other date has happened. */
static gboolean
parse_date_full (Run     *run,
                 int      column,
                 gboolean is_required,
                 gboolean allow_future,
                 GDate   *date)
{
  const char *text = cell (run, column);
  g_autofree char *normalized = NULL;
  g_autoptr(GError) error = NULL;
  char *space;

  g_date_clear (date, 1);
  if (*text == '\0')
    {
      if (is_required)
        required (run, column);
      return !is_required;
    }
  normalized = g_strdup (text);
  /* A spreadsheet may add a midnight time: "2024-01-05 00:00:00". */
  space = strchr (normalized, ' ');
  if (space != NULL && (strcmp (space + 1, "0:00") == 0 || strcmp (space + 1, "00:00") == 0 ||
                        strcmp (space + 1, "0:00:00") == 0 || strcmp (space + 1, "00:00:00") == 0))
    *space = '\0';
  {
    g_autofree char *ascii = ascii_dup (normalized);

    if (!muying_date_parse (ascii, date, &error))
      {
        add_problem (run, column, "%s", error->message);
        g_date_clear (date, 1);
        return FALSE;
      }
  }
  if (!allow_future && g_date_compare (date, &run->self->today) > 0)
    {
      add_problem (run, column, _("The date %s is in the future"), text);
      g_date_clear (date, 1);
      return FALSE;
    }
  return TRUE;
}

/* NAN when empty. */
static gboolean
parse_number (Run    *run,
              int     column,
              double  min,
              double  max,
              double *value)
{
  const char *text = cell (run, column);
  g_autofree char *ascii = NULL;
  char *end = NULL;
  double v;

  *value = NAN;
  if (*text == '\0')
    return TRUE;
  ascii = ascii_dup (text);
  v = g_ascii_strtod (ascii, &end);
  if (end == ascii || *end != '\0' || !isfinite (v))
    {
      if (strchr (ascii, ',') != NULL)
        add_problem (run, column, _("“%s” is not a number; use a decimal point, not a comma"), text);
      else
        add_problem (run, column, _("“%s” is not a number"), text);
      return FALSE;
    }
  if (v < min || v > max)
    {
      add_problem (run, column, _("%s is outside the plausible range %g to %g"), text, min, max);
      return FALSE;
    }
  *value = v;
  return TRUE;
}

/* "1/N", "1:N" or "N" → N; 0 when empty. */
static gboolean
parse_risk (Run *run,
            int  column,
            int *value)
{
  const char *text = cell (run, column);
  g_autofree char *ascii = NULL;
  const char *digits;
  guint64 n = 0;

  *value = 0;
  if (*text == '\0')
    return TRUE;
  ascii = ascii_dup (text);
  digits = ascii;
  if (g_str_has_prefix (ascii, "1/") || g_str_has_prefix (ascii, "1:"))
    digits = ascii + 2;
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT, &n, NULL))
    {
      add_problem (run, column, _("“%s” is not a risk; write it as 1/N or N, for example 1/270"), text);
      return FALSE;
    }
  *value = (int) n;
  return TRUE;
}

/* A whole number within @min..@max; 0 when empty. */
static gboolean
parse_integer (Run    *run,
               int     column,
               double  min,
               double  max,
               int    *value)
{
  const char *text = cell (run, column);
  g_autofree char *ascii = NULL;
  gint64 n = 0;

  *value = 0;
  if (*text == '\0')
    return TRUE;
  ascii = ascii_dup (text);
  if (!g_ascii_string_to_signed (ascii, 10, G_MININT, G_MAXINT, &n, NULL))
    {
      add_problem (run, column, _("“%s” is not a whole number"), text);
      return FALSE;
    }
  if (n < min || n > max)
    {
      add_problem (run, column, _("%s is outside the plausible range %g to %g"), text, min, max);
      return FALSE;
    }
  *value = (int) n;
  return TRUE;
}

/* A county code of GB/T 2260: six digits of a known province (NULL when empty or refused). */
static char *
parse_area_code (Run *run,
                 int  column)
{
  const char *text = cell (run, column);
  g_autofree char *ascii = NULL;
  g_autoptr(GError) error = NULL;

  if (*text == '\0')
    return NULL;
  ascii = ascii_dup (text);
  if (!muying_area_code_check (ascii, &error))
    {
      add_problem (run, column, "%s", error->message);
      return NULL;
    }
  return g_steal_pointer (&ascii);
}

/* Gestational age: weeks and days columns; the weeks column may also hold "12+3", "12周3天" or
 * "12w3d" (then the days column is empty or agrees). */
static gboolean
parse_ga (Run *run,
          int  weeks_column,
          int  days_column,
          int *ga_days)
{
  const char *weeks_text = cell (run, weeks_column);
  const char *days_text = days_column >= 0 ? cell (run, days_column) : "";
  g_autofree char *w = NULL;
  const char *p;
  guint weeks = 0, days = 0, n_digits = 0;
  gboolean days_inline = FALSE, ok = TRUE;

  *ga_days = 0;
  if (*weeks_text == '\0')
    {
      required (run, weeks_column);
      return FALSE;
    }
  w = ascii_dup (weeks_text);
  p = w;
  while (g_ascii_isdigit (*p) && n_digits < 3)
    {
      weeks = weeks * 10 + (guint) (*p++ - '0');
      n_digits++;
    }
  if (n_digits > 0)
    {
      if (g_str_has_prefix (p, "周"))
        p += strlen ("周");
      else if (*p == 'w' || *p == 'W')
        p++;
      if (*p == '+')
        p++;
      if (g_ascii_isdigit (*p))
        {
          days = (guint) (*p++ - '0');
          days_inline = TRUE;
          if (g_str_has_prefix (p, "天"))
            p += strlen ("天");
          else if (*p == 'd' || *p == 'D')
            p++;
        }
    }
  if (n_digits == 0 || *p != '\0')
    {
      add_problem (run, weeks_column,
                   _("“%s” is not a gestational age; write whole weeks (days in their own column) "
                     "or weeks+days such as 12+3"),
                   weeks_text);
      return FALSE;
    }
  if (weeks < 4 || weeks > 44)
    {
      add_problem (run, weeks_column, _("%u weeks is not a plausible gestational age at sampling"), weeks);
      ok = FALSE;
    }

  if (*days_text != '\0')
    {
      g_autofree char *d = ascii_dup (days_text);
      guint64 v = 0;

      if (!g_ascii_string_to_unsigned (d, 10, 0, 6, &v, NULL))
        {
          add_problem (run, days_column, _("“%s” is not a number of days from 0 to 6"), days_text);
          return FALSE;
        }
      if (days_inline && (guint) v != days)
        {
          add_problem (run, days_column, _("%s days does not agree with the gestational age “%s”"),
                       days_text, weeks_text);
          return FALSE;
        }
      days = (guint) v;
    }
  else if (days_inline && days > 6)
    {
      add_problem (run, weeks_column, _("“%s” is not a gestational age; the days must be 0 to 6"), weeks_text);
      return FALSE;
    }
  if (days > 6)
    {
      add_problem (run, weeks_column, _("“%s” is not a gestational age; the days must be 0 to 6"), weeks_text);
      return FALSE;
    }
  *ga_days = (int) (weeks * 7 + days);
  return ok;
}

/* An enumerated value through the rule set's aliases, then the canonical keys. */
static gboolean
bad_value (Run        *run,
           int         column,
           const char *allowed)
{
  add_problem (run, column, _("“%s” is not a valid value; use one of: %s"), cell (run, column), allowed);
  return FALSE;
}

static gboolean
match_choice (Run               *run,
              const MuyingField *field,
              const char        *text,
              int               *value)
{
  const char *key = lookup_alias (run, field->key, text);

  return muying_field_choice_from_key (field, key ? key : text, value);
}

/* One of the field's choices, through the rule set's aliases, then the canonical keys (and the
 * field's normalizer: "BI-RADS 4a类", "Ⅱ期"); a value outside the list (a rescreen "not done")
 * is not a valid value. */
static gboolean
parse_choice (Run               *run,
              int                column,
              const MuyingField *field,
              int               *value)
{
  const char *text = cell (run, column);
  int v;

  if (*text == '\0')
    {
      if (MUYING_FIELD_IS (field, MUYING_FIELD_REQUIRED))
        {
          required (run, column);
          return FALSE;
        }
      return TRUE;
    }
  if (match_choice (run, field, text, &v))
    {
      *value = v;
      return TRUE;
    }
  if (field->normalizer != MUYING_CHOICE_PLAIN)
    {
      /* Full-width letters and spaces inside: "ＩＩ 期", "BI-RADS ４ａ" */
      g_autofree char *ascii = ascii_dup (text);

      if (match_choice (run, field, ascii, &v))
        {
          *value = v;
          return TRUE;
        }
    }
  return bad_value (run, column, field->allowed);
}

static gboolean
parse_sex (Run               *run,
           int                column,
           const MuyingField *field,
           MuyingSex         *sex)
{
  const char *text = cell (run, column);
  g_autofree char *ascii = NULL;
  const char *key;

  *sex = MUYING_SEX_UNKNOWN;
  if (*text == '\0')
    {
      required (run, column);
      return FALSE;
    }
  ascii = ascii_dup (text);
  key = canonical (run, field->key, ascii);
  if (strcmp (key, "1") == 0 || strcmp (key, "男") == 0 || g_ascii_strcasecmp (key, "male") == 0 ||
      g_ascii_strcasecmp (key, "m") == 0)
    *sex = MUYING_SEX_MALE;
  else if (strcmp (key, "2") == 0 || strcmp (key, "女") == 0 || g_ascii_strcasecmp (key, "female") == 0 ||
           g_ascii_strcasecmp (key, "f") == 0)
    *sex = MUYING_SEX_FEMALE;
  else
    return bad_value (run, column, field->allowed);
  return TRUE;
}

/* A gene panel of data/panels, by id, alias or "9位点". */
static char *
parse_panel (Run               *run,
             int                column,
             const MuyingField *field)
{
  const char *text = cell (run, column);
  g_autofree char *ascii = NULL;
  const char *id;

  if (*text == '\0')
    {
      if (MUYING_FIELD_IS (field, MUYING_FIELD_REQUIRED))
        required (run, column);
      return NULL;
    }
  ascii = ascii_dup (text);
  id = canonical (run, field->key, ascii);
  if (!muying_rule_set_has_panel (run->self->rules, id) && g_str_has_suffix (ascii, "位点"))
    {
      ascii[strlen (ascii) - strlen ("位点")] = '\0';   /* "9位点" */
      id = ascii;
    }
  if (muying_rule_set_has_panel (run->self->rules, id))
    return g_strdup (id);
  add_problem (run, column, _("“%s” is not a known gene panel"), text);
  return NULL;
}

static gboolean
parse_hpv_types (Run     *run,
                 int      column,
                 guint16 *types)
{
  const char *text = cell (run, column);
  g_autoptr(GError) error = NULL;
  guint16 v = 0;

  if (*text == '\0')
    return TRUE;
  if (!muying_hpv_types_parse (text, &v, &error))
    {
      add_problem (run, column, "%s", error->message);
      return FALSE;
    }
  *types = v;
  return TRUE;
}

static gboolean
is_none_text (const char *text)
{
  static const char *none[] = { "none", "wt", "无", "未检出", "野生型", "阴性", "-" };

  for (guint i = 0; i < G_N_ELEMENTS (none); i++)
    if (g_ascii_strcasecmp (text, none[i]) == 0)
      return TRUE;
  return FALSE;
}

/* "GENE:VARIANT:ZYGOSITY;…" on the row's gene panel (NULL: the panel's problem is reported, or
 * @no_test: the panel is empty, no gene test was done and no variant can be listed). */
static gboolean
parse_variants (Run        *run,
                int         column,
                const char *panel,
                gboolean    no_test,
                GPtrArray  *variants)
{
  const char *text = cell (run, column);
  g_autoptr(GString) norm = NULL;
  g_auto(GStrv) items = NULL;
  guint n_problems = run->problems->len;

  if (*text == '\0' || is_none_text (text))
    return TRUE;
  if (no_test)
    {
      add_problem (run, column, _("Variants are given but no gene panel: without a gene test there are no variants; "
                                  "give the panel or empty this column"));
      return FALSE;
    }
  norm = g_string_new (text);
  g_string_replace (norm, "；", ";", 0);
  g_string_replace (norm, "：", ":", 0);
  g_string_replace (norm, "\n", ";", 0);
  items = g_strsplit (norm->str, ";", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *item = trim_dup (items[i]);
      g_auto(GStrv) parts = NULL;
      g_autofree char *gene = NULL;
      g_autofree char *name = NULL;
      g_autofree char *zyg = NULL;
      g_autofree char *resolved = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical_gene = NULL;
      MuyingZygosity zygosity;

      if (*item == '\0')
        continue;
      parts = g_strsplit (item, ":", -1);
      if (g_strv_length (parts) != 3)
        {
          add_problem (run, column, _("“%s” is not GENE:VARIANT:ZYGOSITY, for example GJB2:c.235delC:het"), item);
          continue;
        }
      gene = trim_dup (parts[0]);
      name = trim_dup (parts[1]);
      zyg = trim_dup (parts[2]);
      if (!muying_zygosity_from_string (canonical (run, "zygosity", zyg), &zygosity))
        {
          add_problem (run, column, _("“%s” in “%s” is not a zygosity; use one of: %s"), zyg, item, ALLOWED_ZYGOSITY);
          continue;
        }
      if (panel == NULL)
        continue;   /* the panel's own problem is reported already */
      if (!muying_rule_set_resolve_locus (run->self->rules, panel, gene, name, &canonical_gene, &resolved, &error) ||
          !muying_rule_set_check_zygosity (run->self->rules, canonical_gene, zygosity, &error))
        {
          add_problem (run, column, "%s", error->message);
          g_clear_pointer (&resolved, g_free);
          continue;
        }

      for (guint k = 0; k < variants->len; k++)
        {
          const MuyingVariant *other = g_ptr_array_index (variants, k);

          if (g_strcmp0 (other->gene, canonical_gene) == 0 && g_strcmp0 (other->variant, resolved) == 0)
            {
              add_problem (run, column, _("The variant %s %s is listed twice; write hom for a homozygous variant"),
                           canonical_gene, resolved);
              g_clear_pointer (&resolved, g_free);
              break;
            }
        }
      if (resolved != NULL)
        g_ptr_array_add (variants, muying_variant_new (canonical_gene, resolved, zygosity));
    }
  return run->problems->len == n_problems;
}

/* ---- the woman ------------------------------------------------------------------------------- */

/* Her ID number against the record's date: a woman, of a plausible age (the programme's). */
static gboolean
check_woman (Run         *run,
             const char  *id_number,
             MuyingSex    sex,
             const GDate *birth,
             const GDate *date)
{
  int age;

  if (id_number == NULL)
    return TRUE;
  if (sex == MUYING_SEX_MALE)
    {
      add_problem (run, run->id_column,
                   _("The ID number %s belongs to a man (its 17th digit is odd); check the number"), id_number);
      return FALSE;
    }
  if (!g_date_valid (birth) || !g_date_valid (date))
    return TRUE;
  if (g_date_compare (date, birth) < 0)
    {
      add_problem (run, run->date_column, _("The date is before the birth date in the ID number"));
      return FALSE;
    }
  age = muying_date_age_on (birth, date);
  if (age < run->min_age || age > run->max_age)
    {
      add_problem (run, run->id_column,
                   _("The woman would be %d years old on this date; check the ID number and the date"), age);
      return FALSE;
    }
  return TRUE;
}

/* ---- the row, field by field ------------------------------------------------------------------ */

static int
column_of (Run               *run,
           const MuyingField *field)
{
  g_assert (field >= run->columns && field < run->columns + run->n_columns);
  return (int) (field - run->columns);
}

static gboolean
check_given (const MuyingField *field,
             gpointer           data)
{
  Run *run = data;

  return *cell (run, column_of (run, field)) != '\0';
}

static gboolean
check_valid (const MuyingField *field,
             gpointer           data)
{
  Run *run = data;

  return (run->state[column_of (run, field)] & COLUMN_VALID) != 0;
}

static void
check_problem (const MuyingField *field,
               const char        *message,
               gpointer           data)
{
  Run *run = data;

  add_problem (run, column_of (run, field), "%s", message);
}

/* The days column that goes with the weeks column @weeks (-1 if the programme has none). */
static int
ga_days_column (Run *run,
                int  weeks)
{
  for (guint c = (guint) weeks + 1; c < run->n_columns; c++)
    if (run->columns[c].kind == MUYING_FIELD_GA_DAYS)
      return (int) c;
  return -1;
}

/* Reads every field of the descriptor from the row into a new record, each by its kind, then the
 * descriptor's own cross-column checks. Problems go to run->problems; @birth receives the birth
 * date of the woman's ID number. */
static gpointer
read_record (Run   *run,
             GDate *birth)
{
  gpointer record = run->record_new ();
  MuyingSex sex = MUYING_SEX_UNKNOWN;
  const char *id_number = NULL;
  const char *panel = NULL;
  gboolean no_gene_test = FALSE;
  MuyingFieldCheck check = { check_given, check_valid, check_problem, run };

  g_date_clear (birth, 1);
  memset (run->state, 0, run->n_columns);
  for (guint i = 0; i < run->n_columns; i++)
    {
      const MuyingField *f = &run->columns[i];
      int c = (int) i;
      gboolean is_required = MUYING_FIELD_IS (f, MUYING_FIELD_REQUIRED);
      gpointer member = G_STRUCT_MEMBER_P (record, f->offset);
      gboolean ok = FALSE;

      switch (f->kind)
        {
        case MUYING_FIELD_RECORD_KEY:
          ok = (*(char **) member = parse_key (run, c)) != NULL;
          break;
        case MUYING_FIELD_ID_NUMBER:
          ok = (id_number = *(char **) member = parse_id_number (run, c, birth, &sex)) != NULL;
          break;
        case MUYING_FIELD_LINE:
        case MUYING_FIELD_TEXT:
          ok = (*(char **) member = parse_text (run, c, is_required, f->kind == MUYING_FIELD_TEXT)) != NULL;
          break;
        case MUYING_FIELD_DATE:
          ok = parse_date_full (run, c, is_required, MUYING_FIELD_IS (f, MUYING_FIELD_FUTURE_OK), member);
          if (ok && c == run->date_column)
            check_woman (run, id_number, sex, birth, member);
          break;
        case MUYING_FIELD_NUMBER:
          {
            double v;

            if ((ok = parse_number (run, c, f->min, f->max, &v)))
              *(double *) member = v;
          }
          break;
        case MUYING_FIELD_RISK:
          ok = parse_risk (run, c, member);
          break;
        case MUYING_FIELD_GA_WEEKS:
          {
            int days = ga_days_column (run, c);

            /* One value from two columns: both are valid when the gestation is. */
            ok = parse_ga (run, c, days, member);
            if (ok && days >= 0)
              run->state[days] |= COLUMN_VALID;
          }
          break;
        case MUYING_FIELD_GA_DAYS:
          continue;   /* read with its weeks column */
        case MUYING_FIELD_CHOICE:
          ok = parse_choice (run, c, f, member);
          break;
        case MUYING_FIELD_SEX:
          ok = parse_sex (run, c, f, member);
          break;
        case MUYING_FIELD_PANEL:
          /* An optional panel left empty: no gene test. */
          no_gene_test = *cell (run, c) == '\0';
          ok = (panel = *(char **) member = parse_panel (run, c, f)) != NULL || (no_gene_test && !is_required);
          break;
        case MUYING_FIELD_VARIANTS:
          ok = parse_variants (run, c, panel, no_gene_test, *(GPtrArray **) member);
          break;
        case MUYING_FIELD_AREA_CODE:
          ok = (*(char **) member = parse_area_code (run, c)) != NULL || *cell (run, c) == '\0';
          break;
        case MUYING_FIELD_INTEGER:
          ok = parse_integer (run, c, f->min, f->max, member);
          break;
        case MUYING_FIELD_HPV_TYPES:
          ok = parse_hpv_types (run, c, member);
          break;
        default:
          g_assert_not_reached ();
        }
      if (ok && !(run->state[c] & COLUMN_PROBLEM) && *cell (run, c) != '\0')
        run->state[c] |= COLUMN_VALID;
    }
  if (run->check != NULL)
    run->check (record, &check);
  return record;
}

/* ---- the pass -------------------------------------------------------------------------------- */

static gboolean
map_header (Run             *run,
            MuyingCsvReader *reader,
            GError         **error)
{
  const MuyingField *fields_of = run->columns;
  guint n = muying_csv_reader_get_n_fields (reader);
  const char * const *fields = muying_csv_reader_get_fields (reader);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) unnamed = g_string_new (NULL);

  run->report->header = g_strdupv ((char **) fields);
  run->n_header = n;
  for (guint c = 0; c < run->n_columns; c++)
    run->col_index[c] = -1;

  if (muying_csv_reader_get_flags (reader) & MUYING_CSV_ROW_TOO_MANY_FIELDS)
    {
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_HEADER,
                   _("The header has more than %u columns"), MUYING_CSV_MAX_FIELDS);
      return FALSE;
    }
  if (muying_csv_reader_get_flags (reader) & (MUYING_CSV_ROW_UNTERMINATED_QUOTE | MUYING_CSV_ROW_BAD_QUOTE))
    {
      g_set_error_literal (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_HEADER,
                           _("The header row has a misplaced quotation mark"));
      return FALSE;
    }
  if (n == 1 && (strchr (fields[0], ';') != NULL || strchr (fields[0], '\t') != NULL ||
                 strstr (fields[0], "，") != NULL))
    {
      g_set_error_literal (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_HEADER,
                           _("The columns are not separated by commas (the file uses “;”, TAB or a full-width comma); "
                             "save it from the spreadsheet as “CSV UTF-8 (comma delimited)”"));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = trim_dup (fields[i]);
      int found = -1;

      if (*name == '\0')
        {
          g_string_append_printf (unnamed, "%s%u", unnamed->len ? ", " : "", i + 1);
          continue;
        }
      for (guint c = 0; c < run->n_columns; c++)
        if (g_ascii_strcasecmp (name, fields_of[c].key) == 0 ||
            g_ascii_strcasecmp (name, fields_of[c].column) == 0 ||
            (fields_of[c].column_also != NULL && strcmp (name, fields_of[c].column_also) == 0))
          {
            found = (int) c;
            break;
          }
      if (found < 0)
        {
          g_ptr_array_add (run->report->warnings,
                           g_strdup_printf (_("Unknown column “%s” (column %u) is ignored"), name, i + 1));
          continue;
        }
      if (run->col_index[found] >= 0)
        {
          g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_HEADER,
                       _("The column %s (%s) appears twice, as columns %d and %u"),
                       fields_of[found].column, fields_of[found].key, run->col_index[found] + 1, i + 1);
          return FALSE;
        }
      run->col_index[found] = (int) i;
    }
  if (unnamed->len > 0)
    g_ptr_array_add (run->report->warnings,
                     g_strdup_printf (_("Columns without a name are ignored: %s"), unnamed->str));

  for (guint c = 0; c < run->n_columns; c++)
    if (MUYING_FIELD_IS (&fields_of[c], MUYING_FIELD_REQUIRED) && run->col_index[c] < 0)
      g_string_append_printf (missing, "%s%s (%s)", missing->len ? C_("list separator", ", ") : "",
                              fields_of[c].column, fields_of[c].key);
  if (missing->len > 0)
    {
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_HEADER,
                   _("Required columns are missing: %s. Is this a %s file?"), missing->str,
                   run->follow_on ? _(run->follow_on->label) : muying_program_get_label (run->self->program));
      return FALSE;
    }
  return TRUE;
}

static void
clear_cells (Run *run)
{
  for (guint c = 0; run->cells != NULL && c < run->n_columns; c++)
    g_clear_pointer (&run->cells[c], g_free);
}

/* FALSE for a blank row (every cell empty): not a row at all. */
static gboolean
load_cells (Run             *run,
            MuyingCsvReader *reader)
{
  gboolean blank = TRUE;

  run->line = muying_csv_reader_get_line (reader);
  run->n_fields = muying_csv_reader_get_n_fields (reader);
  run->fields = muying_csv_reader_get_fields (reader);
  for (guint c = 0; c < run->n_columns; c++)
    {
      int index = run->col_index[c];

      if (index >= 0 && (guint) index < run->n_fields)
        run->cells[c] = trim_dup (run->fields[index]);
    }
  for (guint i = 0; i < run->n_fields && blank; i++)
    {
      g_autofree char *t = trim_dup (run->fields[i]);
      blank = *t == '\0';
    }
  return !blank;
}

/* A row saved under the current savepoint, kept to be written again (see save_row). */
typedef struct
{
  void                         (*record_free) (gpointer record);
  gpointer                       record;
  MuyingClassification          *cls;           /* NULL for a follow-on record */
} SavedRow;

static void
saved_row_free (SavedRow *row)
{
  row->record_free (row->record);
  muying_classification_free (row->cls);
  g_free (row);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->batch, g_ptr_array_unref);
  g_clear_pointer (&run->keys, g_hash_table_unref);
  g_clear_pointer (&run->identities, g_hash_table_unref);
  g_clear_pointer (&run->strings, g_string_chunk_free);
  g_clear_pointer (&run->identity_blocks, g_ptr_array_unref);
  g_clear_pointer (&run->aliases, g_hash_table_unref);
  clear_cells (run);
  g_clear_pointer (&run->cells, g_free);
  g_clear_pointer (&run->col_index, g_free);
  g_clear_pointer (&run->state, g_free);
  g_clear_pointer (&run->problems, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
check_structure (Run             *run,
                 MuyingCsvReader *reader)
{
  MuyingCsvRowFlags flags = muying_csv_reader_get_flags (reader);

  if (flags & MUYING_CSV_ROW_UNTERMINATED_QUOTE)
    add_problem (run, -1, _("A quoted field that starts in this row is never closed; "
                            "everything up to the end of the file was read as one field"));
  if (flags & MUYING_CSV_ROW_BAD_QUOTE)
    add_problem (run, -1, _("A field has text after its closing quotation mark"));
  if (flags & MUYING_CSV_ROW_UNTERMINATED_QUOTE)
    return;   /* the field count says nothing more */
  if (run->n_fields < run->n_header)
    add_problem (run, -1, _("The row has %u fields but the header has %u; a comma is missing or a line was broken"),
                 run->n_fields, run->n_header);
  else if (run->n_fields > run->n_header)
    {
      gboolean extra = (flags & MUYING_CSV_ROW_TOO_MANY_FIELDS) != 0;

      for (guint i = run->n_header; i < run->n_fields && !extra; i++)
        {
          g_autofree char *t = trim_dup (run->fields[i]);
          extra = *t != '\0';
        }
      if (extra)   /* empty trailing cells (a spreadsheet's stray commas) are harmless */
        add_problem (run, -1, _("The row has %u fields but the header has %u; an unquoted comma may have split a value"),
                     run->n_fields, run->n_header);
    }
}

static void
reject_row (Run *run)
{
  MuyingImportRejectedRow *row = g_new0 (MuyingImportRejectedRow, 1);

  row->line = run->line;
  row->fields = g_strdupv ((char **) run->fields);
  row->problems = g_steal_pointer (&run->problems);
  run->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_import_problem_free);
  g_ptr_array_add (run->report->rejected_rows, row);
  run->report->rejected++;
}

/* ---- the woman's identity ------------------------------------------------------------------ */

/* The first accepted row of an ID number. Its strings live in the pass's string chunk, and the
 * struct in its identity slices: a province's file names hundreds of thousands of women, and a
 * malloc'd block per string would cost more than the strings. */
typedef struct
{
  const char *name;
  guint       line;
} Identity;

/* The name the lookup store has for @id_number (NULL: not registered), asked once per ID number
 * and pass: a woman's rows, accepted or rejected, cost one query. FALSE only for a store failure. */
static gboolean
registered_name (Run         *run,
                 const char  *id_number,
                 const char **name,
                 GError     **error)
{
  const char *cached = g_hash_table_lookup (run->registered, id_number);

  if (cached == NULL)
    {
      g_autofree char *registered = NULL;

      if (!muying_store_get_person_name (run->self->lookup_store, id_number, &registered, error))
        return FALSE;
      cached = registered ? registered : "";
      g_hash_table_insert (run->registered, g_string_chunk_insert (run->strings, id_number),
                           g_string_chunk_insert_const (run->strings, cached));
      cached = g_hash_table_lookup (run->registered, id_number);
    }
  *name = *cached != '\0' ? cached : NULL;
  return TRUE;
}

/* An ID number names one woman: a row that gives a registered ID number (or one an earlier row
 * of this file gave) with another name is rejected, never taken as a rename. The store refuses
 * it too (an import finds it there); this check also serves a validation pass, which writes
 * nothing, and names the line of the file. FALSE only for a store failure. */
static gboolean
check_identity (Run         *run,
                const char  *id_number,
                const char  *name,
                GError     **error)
{
  Identity *seen = g_hash_table_lookup (run->identities, id_number);

  if (seen != NULL)
    {
      if (g_strcmp0 (seen->name, name) != 0)
        add_problem (run, run->name_column,
                     _("On line %u of this file the ID number %s has the name “%s”, which does not match the name “%s” "
                       "given here"), seen->line, id_number, seen->name, name);
      return TRUE;
    }
  /* An import asks its own store when it saves; a validation pass asks the lookup store here. */
  if (run->store == NULL && run->self->lookup_store != NULL)
    {
      const char *registered = NULL;

      if (!registered_name (run, id_number, &registered, error))
        return FALSE;
      if (registered != NULL && g_strcmp0 (registered, name) != 0)
        {
          g_autofree char *message = muying_person_name_conflict_message (registered, name);
          add_problem (run, run->name_column, "%s", message);
        }
    }
  return TRUE;
}

/* Identities are allocated in blocks, freed with the pass (run_clear). */
static Identity *
identity_new (Run *run)
{
  GArray *block = run->identity_blocks->len > 0
                  ? g_ptr_array_index (run->identity_blocks, run->identity_blocks->len - 1) : NULL;

  if (block == NULL || block->len == 4096)
    {
      block = g_array_sized_new (FALSE, TRUE, sizeof (Identity), 4096);
      g_ptr_array_add (run->identity_blocks, block);
    }
  g_array_set_size (block, block->len + 1);
  return &g_array_index (block, Identity, block->len - 1);
}

static void
note_identity (Run        *run,
               const char *id_number,
               const char *name)
{
  Identity *identity;

  if (g_hash_table_contains (run->identities, id_number))
    return;
  identity = identity_new (run);
  identity->name = g_string_chunk_insert_const (run->strings, name);
  identity->line = run->line;
  g_hash_table_insert (run->identities, g_string_chunk_insert (run->strings, id_number), identity);
}

/* The sample or exam number of a screening record. */
static const char *
screening_key (MuyingProgram program,
               gconstpointer record)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      return ((const MuyingPrenatalRecord *) record)->sample_no;
    case MUYING_PROGRAM_NEWBORN:
      return ((const MuyingNewbornRecord *) record)->sample_no;
    case MUYING_PROGRAM_TWO_CANCER:
      return ((const MuyingTwoCancerRecord *) record)->exam_no;
    default:
      g_assert_not_reached ();
    }
}

/* @linked: a follow-on record matched its case (always TRUE for a screening record). */
static gboolean
store_save (Run                        *run,
            gconstpointer               record,
            const MuyingClassification *cls,
            MuyingSaveOutcome          *outcome,
            gboolean                   *linked,
            GError                    **error)
{
  MuyingImporter *self = run->self;
  gboolean seen;
  gint64 id = 0;

  *linked = TRUE;
  if (run->follow_on != NULL)
    return muying_store_save_follow_on (run->store, run->follow_on->kind, record, self->rules, run->user,
                                        outcome, &id, linked, error);
  /* A form's record is saved only over the version its user read (in this write transaction). */
  seen = self->seen_key != NULL && g_strcmp0 (screening_key (self->program, record), self->seen_key) == 0;
  return muying_store_save_screening (run->store, self->program, record, cls, run->user,
                                      seen ? self->seen_version : MUYING_ROW_VERSION_UNCHECKED,
                                      seen ? &self->saved_version : NULL, outcome, &id, error);
}

/* Ends the savepoint of the rows saved so far: they stay in the import's transaction. */
static gboolean
release_batch (Run     *run,
               GError **error)
{
  if (!run->in_savepoint)
    return TRUE;
  run->in_savepoint = FALSE;
  g_ptr_array_set_size (run->batch, 0);
  return muying_store_release (run->store, error);
}

/* Rolls back the savepoint, with the rows saved under it and whatever the refused row wrote of
 * itself, and writes those rows again under a new savepoint. They were written from the same
 * database in the same order, so they are written as they were (a failure now is the store's). */
static gboolean
redo_batch (Run     *run,
            GError **error)
{
  muying_store_rollback_to (run->store);
  run->in_savepoint = FALSE;
  if (run->batch->len == 0)
    return TRUE;
  if (!muying_store_savepoint (run->store, error))
    return FALSE;
  run->in_savepoint = TRUE;
  for (guint i = 0; i < run->batch->len; i++)
    {
      const SavedRow *row = g_ptr_array_index (run->batch, i);
      MuyingSaveOutcome outcome;
      gboolean linked;

      if (!store_save (run, row->record, row->cls, &outcome, &linked, error))
        return FALSE;
    }
  return TRUE;
}

/* Saves a row under the savepoint of its batch (one per batch_size rows, not per row: a savepoint
 * journals each page it changes, which cost a third of an import; see MUYING_IMPORTER_BATCH_SIZE).
 * A row the store refuses (a signed record, a known ID number with another name) leaves no trace:
 * the batch is rolled back and its earlier rows are written again, so exactly that row is rejected
 * and the report is the one of a savepoint per row. Takes @record and @cls when the row is saved. */
static gboolean
save_row (Run                   *run,
          gpointer              *record,
          MuyingClassification **cls,
          gboolean              *refused,
          GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  MuyingSaveOutcome outcome = MUYING_SAVE_UNCHANGED;
  gboolean linked = TRUE;
  SavedRow *saved;

  *refused = FALSE;
  if (!run->in_savepoint)
    {
      if (!muying_store_savepoint (run->store, error))
        return FALSE;
      run->in_savepoint = TRUE;
    }

  if (!store_save (run, *record, *cls, &outcome, &linked, &local_error))
    {
      /* What a follow-on record cannot be beside its case (an outcome dated before its
       * pregnancy's screening, a second outcome with another date): its date is wrong. */
      gboolean contradicts_case = run->follow_on != NULL &&
                                  g_error_matches (local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);

      if (!g_error_matches (local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD) &&
          !g_error_matches (local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONFLICT) &&
          !g_error_matches (local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT) &&
          !g_error_matches (local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_IDENTITY_CONFLICT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!redo_batch (run, error))
        return FALSE;
      add_problem (run, contradicts_case ? run->date_column
                   : g_error_matches (local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_IDENTITY_CONFLICT)
                   ? run->name_column : -1, "%s", local_error->message);
      *refused = TRUE;
      return TRUE;
    }
  /* A new contact phone of a known woman is taken (phones change; the old number stays in the
   * audit row and a signed record keeps the one it was signed with): counted and reported. */
  if (run->follow_on == NULL && muying_store_get_last_person_change (run->store) & MUYING_PERSON_CHANGE_PHONE)
    run->report->phones_updated++;
  /* Kept all the same: it is listed as unlinked, and linked by hand or by a later screening record. */
  if (!linked)
    {
      run->report->unlinked++;
      g_ptr_array_add (run->report->warnings,
                       g_strdup_printf (_("Line %u: no screening case matches this row; it was saved as unlinked "
                                          "and can be linked by hand"), run->line));
    }
  switch (outcome)
    {
    case MUYING_SAVE_INSERTED:
      run->report->inserted++;
      break;
    case MUYING_SAVE_UPDATED:
      run->report->updated++;
      break;
    case MUYING_SAVE_UNCHANGED:
    default:
      run->report->unchanged++;
      break;
    }

  saved = g_new (SavedRow, 1);
  saved->record_free = run->record_free;
  saved->record = g_steal_pointer (record);
  saved->cls = g_steal_pointer (cls);
  g_ptr_array_add (run->batch, saved);
  return TRUE;
}

/* After the row's other consumers (the row callback) saw it. */
static gboolean
end_row (Run     *run,
         GError **error)
{
  if (run->in_savepoint && run->batch->len >= run->self->batch_size)
    return release_batch (run, error);
  return TRUE;
}

/* A follow-on record's natural key ("diagnosis_no", "id_number + end_date", …) appears once in a
 * file, as a screening record's number does; @display receives its values joined by a space. */
static void
check_natural_key (Run           *run,
                   gconstpointer  record,
                   char         **display)
{
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) shown = g_string_new (NULL);
  gpointer first;

  for (guint k = 0; k < G_N_ELEMENTS (run->key_columns) && run->key_columns[k] >= 0; k++)
    {
      g_autofree char *text = muying_field_to_text (&run->columns[run->key_columns[k]], record);

      if (k > 0)
        {
          g_string_append_c (key, '\x1f');
          g_string_append_c (shown, ' ');
        }
      g_string_append (key, text);
      g_string_append (shown, text);
    }
  *display = g_strdup (shown->str);
  if (run->problems->len > 0)
    return;   /* a key field's own problem is reported already */
  first = g_hash_table_lookup (run->keys, key->str);
  if (first == NULL)
    g_hash_table_insert (run->keys, g_string_chunk_insert (run->strings, key->str), GUINT_TO_POINTER (run->line));
  else if (run->key_columns[1] < 0)
    add_problem (run, run->key_column, _("“%s” already appears on line %u of this file; each number may appear only once"),
                 shown->str, GPOINTER_TO_UINT (first));
  else
    add_problem (run, run->key_column, _("The same record (%s) already appears on line %u of this file; "
                                         "each record may appear only once"),
                 shown->str, GPOINTER_TO_UINT (first));
}

/* Validates and (for an import) saves the current row of a follow-on file: not classified; a row
 * that matches no case is saved all the same (unlinked). FALSE only for a store failure. */
static gboolean
process_follow_on_row (Run     *run,
                       GError **error)
{
  MuyingImporter *self = run->self;
  g_autofree char *key = NULL;
  gpointer record;
  GDate birth;
  gboolean ok = TRUE, refused = FALSE;
  /* A saved row's record moves to the batch (save_row): still valid here. */
  gconstpointer row_record;
  MuyingClassification *no_cls = NULL;

  row_record = record = read_record (run, &birth);
  check_natural_key (run, record, &key);
  if (run->problems->len > 0)
    reject_row (run);
  else
    {
      if (run->store != NULL)
        ok = save_row (run, &record, &no_cls, &refused, error);
      if (ok && refused)
        reject_row (run);
      else if (ok)
        {
          run->report->valid++;
          if (self->row_func != NULL)
            {
              MuyingImportRow row = { run->line, key, self->program, row_record, NULL, run->follow_on };
              self->row_func (&row, self->row_data);
            }
          if (run->store != NULL)
            ok = end_row (run, error);
        }
    }
  if (record != NULL)
    run->record_free (record);
  return ok;
}

/* Validates, classifies and (for an import) saves the current row. FALSE only for a store failure. */
static gboolean
process_row (Run     *run,
             GError **error)
{
  MuyingImporter *self = run->self;
  const MuyingProgramDescriptor *d = run->desc;
  g_autoptr(MuyingClassification) cls = NULL;
  gpointer record;
  const char *key, *id_number, *name;
  GDate birth;
  gboolean ok = TRUE;

  if (run->follow_on != NULL)
    return process_follow_on_row (run, error);
  record = read_record (run, &birth);
  key = G_STRUCT_MEMBER (const char *, record, d->fields[run->key_column].offset);
  id_number = G_STRUCT_MEMBER (const char *, record, d->fields[run->id_column].offset);
  name = G_STRUCT_MEMBER (const char *, record, d->fields[run->name_column].offset);
  if (run->problems->len == 0 && (ok = check_identity (run, id_number, name, error)) && run->problems->len == 0)
    switch (self->program)
      {
      case MUYING_PROGRAM_PRENATAL:
        ((MuyingPrenatalRecord *) record)->birth_date = birth;
        cls = muying_rule_set_classify_prenatal (self->rules, record);
        break;
      case MUYING_PROGRAM_NEWBORN:
        cls = muying_rule_set_classify_newborn (self->rules, record);
        break;
      case MUYING_PROGRAM_TWO_CANCER:
        ((MuyingTwoCancerRecord *) record)->birth_date = birth;
        cls = muying_rule_set_classify_two_cancer (self->rules, record);
        break;
      default:
        g_assert_not_reached ();
      }

  if (!ok)
    ;   /* the store failed: the pass ends */
  else if (cls == NULL)
    reject_row (run);
  else
    {
      gboolean refused = FALSE;
      /* A saved row's record and classification move to the batch (save_row): still valid here. */
      gconstpointer row_record = record;
      const MuyingClassification *row_cls = cls;

      if (run->store != NULL)
        ok = save_row (run, &record, &cls, &refused, error);
      if (ok && refused)
        reject_row (run);
      else if (ok)
        {
          note_identity (run, id_number, name);
          run->report->valid++;
          run->report->levels[CLAMP (row_cls->level, MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH)]++;
          if (self->row_func != NULL)
            {
              MuyingImportRow row = { run->line, key, self->program, row_record, row_cls, NULL };
              self->row_func (&row, self->row_data);
            }
          if (run->store != NULL)
            ok = end_row (run, error);
        }
    }
  if (record != NULL)
    d->record_free (record);
  return ok;
}

static char *
audit_detail (const MuyingImportReport *report,
              gint64                    first_id,
              gint64                    last_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *base = *report->file_name ? g_path_get_basename (report->file_name) : g_strdup ("");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "program");
  json_builder_add_string_value (b, muying_import_report_get_kind_name (report));
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, base);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, report->sha256);
  json_builder_set_member_name (b, "encoding");
  json_builder_add_string_value (b, muying_csv_encoding_to_string (report->encoding));
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
      json_builder_set_member_name (b, "unlinked");
      json_builder_add_int_value (b, report->unlinked);
    }
  /* The records this import created (the range of their ids, one write transaction: no other
   * records lie in it; muying_store_end_batch): they have no audit row of their own; the file's
   * SHA-256 above says exactly what they held. */
  if (first_id > 0)
    {
      json_builder_set_member_name (b, "created_record_ids");
      json_builder_begin_array (b);
      json_builder_add_int_value (b, first_id);
      json_builder_add_int_value (b, last_id);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static void
report_progress (Run             *run,
                 MuyingCsvReader *reader)
{
  if (run->self->progress_func != NULL)
    run->self->progress_func (run->report->read, muying_csv_reader_get_progress (reader),
                              run->self->progress_data);
}

/* The column (field index) of the field @key among the file's columns; -1 for a NULL key. */
static int
field_column (const Run  *run,
              const char *key)
{
  if (key == NULL)
    return -1;
  for (guint c = 0; c < run->n_columns; c++)
    if (strcmp (run->columns[c].key, key) == 0)
      return (int) c;
  g_error ("the descriptor has no field %s", key);
}

/* The file's columns and what reads a record: the programme's descriptor or the follow-on kind's. */
static void
run_set_descriptor (Run *run)
{
  MuyingImporter *self = run->self;

  if (self->follow_on != NULL)
    {
      const MuyingFollowOnDescriptor *f = self->follow_on;
      const MuyingProgramDescriptor *program = muying_program_descriptor_get (f->program);
      guint k;

      run->follow_on = f;
      run->columns = f->fields;
      run->record_new = f->record_new;
      run->record_free = f->record_free;
      run->check = f->check;
      while (run->columns[run->n_columns].key != NULL)
        run->n_columns++;
      for (k = 0; k < G_N_ELEMENTS (run->key_columns); k++)
        run->key_columns[k] = k < G_N_ELEMENTS (f->key_fields) ? field_column (run, f->key_fields[k]) : -1;
      run->key_column = run->key_columns[0];
      run->id_column = field_column (run, f->id_field);
      run->name_column = -1;
      run->date_column = field_column (run, f->date_field);
      /* The woman of a pregnancy is of the age of the prenatal programme. */
      run->min_age = program->min_age;
      run->max_age = program->max_age;
      return;
    }
  run->desc = muying_program_descriptor_get (self->program);
  run->columns = run->desc->fields;
  run->n_columns = muying_program_descriptor_count (run->desc);
  run->record_new = run->desc->record_new;
  run->record_free = run->desc->record_free;
  run->check = run->desc->check;
  run->key_column = field_column (run, run->desc->key_field);
  run->key_columns[0] = run->key_column;
  run->key_columns[1] = run->key_columns[2] = -1;
  run->id_column = field_column (run, run->desc->id_field);
  run->name_column = field_column (run, run->desc->name_field);
  run->date_column = field_column (run, run->desc->date_field);
  run->min_age = run->desc->min_age;
  run->max_age = run->desc->max_age;
}

/* SQLite's page cache during an import, KiB (see run_pass). */
#define IMPORT_CACHE_KIB (32 * 1024)

/* One pass over the rows of @bytes, or of the file @file_name when @bytes is NULL (a CSV file
 * streamed, never whole in memory: muying_csv_reader_new_for_path). */
static MuyingImportReport *
run_pass (MuyingImporter  *self,
          GBytes          *bytes,
          const char      *file_name,
          MuyingStore     *store,
          const char      *user,
          GCancellable    *cancellable,
          GError         **error)
{
  g_autoptr(MuyingCsvReader) reader = NULL;
  g_autoptr(MuyingImportReport) report = NULL;
  g_autoptr(GHashTable) registered = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  g_auto(Run) run = { 0 };
  gboolean ok = TRUE;
  int old_cache_kib = 0;

  reader = bytes != NULL ? muying_csv_reader_new (bytes, error) : muying_csv_reader_new_for_path (file_name, error);
  if (reader == NULL)
    return NULL;
  report = report_new (self, file_name);
  report->encoding = muying_csv_reader_get_encoding (reader);

  run.self = self;
  run_set_descriptor (&run);
  run.report = report;
  run.store = store;
  run.user = user;
  run.keys = g_hash_table_new (g_str_hash, g_str_equal);
  run.identities = g_hash_table_new (g_str_hash, g_str_equal);
  run.strings = g_string_chunk_new (64 * 1024);
  run.identity_blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  run.registered = registered;
  run.col_index = g_new (int, run.n_columns);
  run.cells = g_new0 (char *, run.n_columns);
  run.state = g_new0 (guint8, run.n_columns);
  run.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_import_problem_free);
  run.batch = g_ptr_array_new_with_free_func ((GDestroyNotify) saved_row_free);
  run.aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!muying_csv_reader_next (reader))
    {
      g_set_error_literal (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_HEADER,
                           _("The file is empty: the first row must name the columns"));
      return NULL;
    }
  if (!map_header (&run, reader, error))
    return NULL;
  if (report->encoding == MUYING_CSV_ENCODING_GB18030)
    g_ptr_array_insert (report->warnings, 0,
                        g_strdup (_("The file is not UTF-8; it was read as GB18030 (Chinese Windows encoding)")));

  if (store != NULL)
    {
      /* The page cache is the import's largest memory (SQLite's default here is 64 MiB); a
       * smaller one costs a little speed and keeps a province's file under its memory budget. */
      old_cache_kib = muying_store_get_cache_size (store);
      muying_store_set_cache_size (store, MIN (old_cache_kib, IMPORT_CACHE_KIB));
      if (!muying_store_begin (store, error))
        {
          muying_store_set_cache_size (store, old_cache_kib);
          return NULL;
        }
      muying_store_begin_batch (store);
    }

  while (muying_csv_reader_next (reader))
    {
      gboolean filled = load_cells (&run, reader);

      if (filled)
        {
          report->read++;
          check_structure (&run, reader);
          if (run.problems->len > 0)
            reject_row (&run);
          else
            ok = process_row (&run, &local_error);
        }
      clear_cells (&run);
      g_ptr_array_set_size (run.problems, 0);
      if (!ok)
        break;

      if ((report->read & 0x3FF) == 0 && filled)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
            {
              ok = FALSE;
              break;
            }
          report_progress (&run, reader);
        }
    }
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    ok = FALSE;
  /* A streamed file read to its end, unchanged: only then are its rows the file's. */
  if (ok && !muying_csv_reader_finish (reader, &local_error))
    ok = FALSE;
  if (ok)
    report->sha256 = g_strdup (muying_csv_reader_get_sha256 (reader));
  if (ok && self->expected_sha256 != NULL && g_strcmp0 (report->sha256, self->expected_sha256) != 0)
    {
      g_set_error_literal (&local_error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_FAILED,
                           _("The file changed after it was checked; check it again before importing"));
      ok = FALSE;
    }

  if (store != NULL)
    {
      g_autofree char *detail = NULL;

      if (ok)
        {
          gint64 first_id = 0, last_id = 0;

          ok = release_batch (&run, &local_error);
          muying_store_end_batch (store, &first_id, &last_id);
          detail = audit_detail (report, first_id, last_id);
          ok = ok && muying_store_audit (store, user, "import", muying_import_report_get_kind_name (report), 0,
                                   detail, &local_error) &&
               muying_store_commit (store, &local_error);
        }
      if (!ok)
        {
          muying_store_rollback (store);
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_prefix_error (&local_error, _("Nothing was imported: "));
        }
      else
        report->written = TRUE;
      muying_store_set_cache_size (store, old_cache_kib);
    }
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  report_progress (&run, reader);
  return g_steal_pointer (&report);
}

/* ---- GObject --------------------------------------------------------------------------------- */

static void
muying_importer_finalize (GObject *object)
{
  MuyingImporter *self = MUYING_IMPORTER (object);

  g_clear_object (&self->rules);
  g_clear_object (&self->lookup_store);
  g_free (self->expected_sha256);
  g_free (self->seen_key);
  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  if (self->row_destroy != NULL)
    self->row_destroy (self->row_data);

  G_OBJECT_CLASS (muying_importer_parent_class)->finalize (object);
}

static void
muying_importer_class_init (MuyingImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = muying_importer_finalize;
}

static void
muying_importer_init (MuyingImporter *self)
{
  muying_date_today (&self->today);
  self->batch_size = MUYING_IMPORTER_BATCH_SIZE;
  self->seen_version = -1;
  self->saved_version = -1;
}

/* ---- public API ------------------------------------------------------------------------------ */

MuyingImporter *
muying_importer_new (MuyingProgram  program,
                     MuyingRuleSet *rules)
{
  MuyingImporter *self;

  g_return_val_if_fail (program < MUYING_N_PROGRAMS, NULL);
  g_return_val_if_fail (MUYING_IS_RULE_SET (rules), NULL);

  self = g_object_new (MUYING_TYPE_IMPORTER, NULL);
  self->program = program;
  self->rules = g_object_ref (rules);
  return self;
}

MuyingImporter *
muying_importer_new_follow_on (MuyingFollowOnKind  kind,
                               MuyingRuleSet      *rules)
{
  MuyingImporter *self;
  const MuyingFollowOnDescriptor *desc;

  g_return_val_if_fail (kind < MUYING_N_FOLLOW_ON_KINDS, NULL);
  g_return_val_if_fail (MUYING_IS_RULE_SET (rules), NULL);

  desc = muying_follow_on_descriptor_get (kind);
  self = g_object_new (MUYING_TYPE_IMPORTER, NULL);
  self->follow_on = desc;
  self->program = desc->program;
  self->rules = g_object_ref (rules);
  return self;
}

MuyingImporter *
muying_importer_new_for_name (const char    *name,
                              MuyingRuleSet *rules)
{
  const MuyingFollowOnDescriptor *follow_on;
  MuyingProgram program;

  g_return_val_if_fail (MUYING_IS_RULE_SET (rules), NULL);

  if (name == NULL)
    return NULL;
  if (muying_program_from_string (name, &program))
    return muying_importer_new (program, rules);
  follow_on = muying_follow_on_descriptor_lookup (name);
  if (follow_on != NULL)
    return muying_importer_new_follow_on (follow_on->kind, rules);
  return NULL;
}

void
muying_importer_set_today (MuyingImporter *self,
                           const GDate    *today)
{
  g_return_if_fail (MUYING_IS_IMPORTER (self));

  if (today != NULL && g_date_valid (today))
    self->today = *today;
  else
    muying_date_today (&self->today);
}

void
muying_importer_set_batch_size (MuyingImporter *self,
                                guint           batch_size)
{
  g_return_if_fail (MUYING_IS_IMPORTER (self));

  self->batch_size = batch_size > 0 ? batch_size : MUYING_IMPORTER_BATCH_SIZE;
}

void
muying_importer_set_expected_sha256 (MuyingImporter *self,
                                     const char     *sha256)
{
  g_return_if_fail (MUYING_IS_IMPORTER (self));

  g_free (self->expected_sha256);
  self->expected_sha256 = g_strdup (sha256);
}

void
muying_importer_set_progress_func (MuyingImporter           *self,
                                   MuyingImportProgressFunc  func,
                                   gpointer                  user_data,
                                   GDestroyNotify            destroy)
{
  g_return_if_fail (MUYING_IS_IMPORTER (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

void
muying_importer_set_row_func (MuyingImporter      *self,
                              MuyingImportRowFunc  func,
                              gpointer             user_data,
                              GDestroyNotify       destroy)
{
  g_return_if_fail (MUYING_IS_IMPORTER (self));

  if (self->row_destroy != NULL)
    self->row_destroy (self->row_data);
  self->row_func = func;
  self->row_data = user_data;
  self->row_destroy = destroy;
}

void
muying_importer_expect_version (MuyingImporter *self,
                                const char     *key,
                                gint64          row_version)
{
  g_return_if_fail (MUYING_IS_IMPORTER (self));
  g_return_if_fail (self->follow_on == NULL);

  g_free (self->seen_key);
  /* trimmed as the row's cells are: a key typed with a trailing space is still the record's */
  self->seen_key = key != NULL ? trim_dup (key) : NULL;
  self->seen_version = row_version;
  self->saved_version = -1;
}

gint64
muying_importer_get_saved_version (MuyingImporter *self)
{
  g_return_val_if_fail (MUYING_IS_IMPORTER (self), -1);
  return self->saved_version;
}

void
muying_importer_set_lookup_store (MuyingImporter *self,
                                  MuyingStore    *store)
{
  g_return_if_fail (MUYING_IS_IMPORTER (self));
  g_return_if_fail (store == NULL || MUYING_IS_STORE (store));

  g_set_object (&self->lookup_store, store);
}

MuyingImportReport *
muying_importer_validate_bytes (MuyingImporter *self,
                                GBytes         *bytes,
                                const char     *file_name,
                                GCancellable   *cancellable,
                                GError        **error)
{
  g_return_val_if_fail (MUYING_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  return run_pass (self, bytes, file_name ? file_name : "", NULL, NULL, cancellable, error);
}

MuyingImportReport *
muying_importer_validate (MuyingImporter *self,
                          const char     *path,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_return_val_if_fail (MUYING_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return run_pass (self, NULL, path, NULL, NULL, cancellable, error);
}

MuyingImportReport *
muying_importer_import_bytes (MuyingImporter *self,
                              GBytes         *bytes,
                              const char     *file_name,
                              MuyingStore    *store,
                              const char     *user,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_return_val_if_fail (MUYING_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  return run_pass (self, bytes, file_name ? file_name : "", store, user, cancellable, error);
}

MuyingImportReport *
muying_importer_import (MuyingImporter *self,
                        const char     *path,
                        MuyingStore    *store,
                        const char     *user,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_return_val_if_fail (MUYING_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  return run_pass (self, NULL, path, store, user, cancellable, error);
}
