/* muying-importer.c: CSV import of one screening programme (docs/import-formats.md)
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

#include "muying-date.h"
#include "muying-error.h"
#include "muying-id-number.h"
#include "muying-importer-private.h"
#include "muying-importer.h"
#include "muying-store-persons.h"
#include "muying-output-path.h"
#include "muying-store-records.h"

/* ---- the columns of docs/import-formats.md ------------------------------------------------------------ */

typedef struct
{
  const char *key;
  const char *alias;
  gboolean    required;
} Column;

enum
{
  P_SAMPLE_NO, P_ID_NUMBER, P_NAME, P_PHONE, P_INSTITUTION, P_SAMPLE_DATE, P_TEST_TYPE, P_GA_WEEKS,
  P_GA_DAYS, P_EDD, P_WEIGHT_KG, P_T21_RISK, P_T18_RISK, P_AFP_MOM, P_NT_MM, P_NIPT_T21, P_NIPT_T18,
  P_NIPT_T13, P_NIPT_SCA, P_NIPT_STATUS, N_P
};

static const Column prenatal_columns[N_P] = {
  { "sample_no",   "样本编号",     TRUE },
  { "id_number",   "身份证号",     TRUE },
  { "name",        "姓名",         TRUE },
  { "phone",       "联系电话",     FALSE },
  { "institution", "筛查机构",     FALSE },
  { "sample_date", "采样日期",     TRUE },
  { "test_type",   "筛查方式",     TRUE },
  { "ga_weeks",    "孕周",         TRUE },
  { "ga_days",     "孕天",         TRUE },
  { "edd",         "预产期",       FALSE },
  { "weight_kg",   "体重",         FALSE },
  { "t21_risk",    "21三体风险",   FALSE },
  { "t18_risk",    "18三体风险",   FALSE },
  { "afp_mom",     "AFP MoM",      FALSE },
  { "nt_mm",       "NT",           FALSE },
  { "nipt_t21",    "无创21",       FALSE },
  { "nipt_t18",    "无创18",       FALSE },
  { "nipt_t13",    "无创13",       FALSE },
  { "nipt_sca",    "性染色体异常", FALSE },
  { "nipt_status", "检测状态",     FALSE },
};

enum
{
  N_SAMPLE_NO, N_MOTHER_ID_NUMBER, N_MOTHER_NAME, N_BABY_NAME, N_SEX, N_BIRTH_DATE, N_HOSPITAL,
  N_PANEL, N_VARIANTS, N_HEARING_LEFT, N_HEARING_RIGHT, N_HEARING_DATE, N_RESCREEN_LEFT,
  N_RESCREEN_RIGHT, N_RESCREEN_DATE, N_N
};

static const Column newborn_columns[N_N] = {
  { "sample_no",        "样本编号",     TRUE },
  { "mother_id_number", "母亲身份证号", TRUE },
  { "mother_name",      "母亲姓名",     TRUE },
  { "baby_name",        "新生儿姓名",   FALSE },
  { "sex",              "性别",         TRUE },
  { "birth_date",       "出生日期",     TRUE },
  { "hospital",         "出生医院",     FALSE },
  { "panel",            "检测位点",     TRUE },
  { "variants",         "检出突变",     FALSE },
  { "hearing_left",     "初筛左耳",     TRUE },
  { "hearing_right",    "初筛右耳",     TRUE },
  { "hearing_date",     "初筛日期",     FALSE },
  { "rescreen_left",    "复筛左耳",     FALSE },
  { "rescreen_right",   "复筛右耳",     FALSE },
  { "rescreen_date",    "复筛日期",     FALSE },
};

enum
{
  C_EXAM_NO, C_ID_NUMBER, C_NAME, C_EXAM_DATE, C_INSTITUTION, C_HPV, C_HPV_TYPES, C_CYTOLOGY,
  C_VIA_VILI, C_COLPOSCOPY, C_CERVICAL_HISTOLOGY, C_CBE, C_US_BIRADS, C_MAMMO_BIRADS,
  C_BREAST_PATHOLOGY, C_CANCER_STAGE, N_C
};

static const Column two_cancer_columns[N_C] = {
  { "exam_no",            "检查编号",        TRUE },
  { "id_number",          "身份证号",        TRUE },
  { "name",               "姓名",            TRUE },
  { "exam_date",          "检查日期",        TRUE },
  { "institution",        "检查机构",        FALSE },
  { "hpv",                "HPV结果",         FALSE },
  { "hpv_types",          "HPV分型",         FALSE },
  { "cytology",           "细胞学",          FALSE },
  { "via_vili",           "VIA/VILI",        FALSE },
  { "colposcopy",         "阴道镜",          FALSE },
  { "cervical_histology", "宫颈病理",        FALSE },
  { "cbe",                "乳腺触诊",        FALSE },
  { "us_birads",          "乳腺超声BI-RADS", FALSE },
  { "mammo_birads",       "钼靶BI-RADS",     FALSE },
  { "breast_pathology",   "乳腺病理",        FALSE },
  { "cancer_stage",       "分期",            FALSE },
};

#define MAX_COLUMNS 24

typedef struct
{
  const Column *columns;
  guint         n_columns;
  guint         key_column;
} ProgramInfo;

static const ProgramInfo programs[MUYING_N_PROGRAMS] = {
  { prenatal_columns, N_P, P_SAMPLE_NO },
  { newborn_columns, N_N, N_SAMPLE_NO },
  { two_cancer_columns, N_C, C_EXAM_NO },
};

/* The values a nurse may write, for messages (keys of docs/import-formats.md and their Chinese aliases). */
#define ALLOWED_TEST_TYPE "early_combined (早孕联合), mid_double (中孕二联), mid_triple (中孕三联), mid_quad (中孕四联), nipt (无创DNA)"
#define ALLOWED_NIPT_CALL "low (低风险), high (高风险)"
#define ALLOWED_NIPT_SCA "none, detected"
#define ALLOWED_NIPT_STATUS "ok, fail"
#define ALLOWED_SEX "1 (男), 2 (女)"
#define ALLOWED_HEARING "pass (通过), refer (未通过), not_done (未筛)"
#define ALLOWED_RESCREEN "pass (通过), refer (未通过)"
#define ALLOWED_ZYGOSITY "het, hom, homoplasmic, heteroplasmic"
#define ALLOWED_HPV "negative (阴性), positive (阳性), not_done"
#define ALLOWED_CYTOLOGY "UNSAT, NILM, ASC-US, ASC-H, LSIL, HSIL, SCC, AGC, AIS, ADC"
#define ALLOWED_VIA_VILI "negative, abnormal, not_done"
#define ALLOWED_COLPOSCOPY "normal, abnormal, not_done"
#define ALLOWED_HISTOLOGY "negative, CIN1, CIN2, CIN3, AIS, micro_invasive, invasive"
#define ALLOWED_CBE "normal, abnormal"
#define ALLOWED_BIRADS "0, 1, 2, 3, 4A, 4B, 4C, 5, 6"
#define ALLOWED_BREAST_PATHOLOGY "benign, atypical_hyperplasia, LCIS, DCIS, invasive"
#define ALLOWED_STAGE "0, I, II, III, IV"

/* Longest text we keep in a single-line field (names, numbers) and in a free-text field. */
#define MAX_LINE_CHARS 100
#define MAX_TEXT_CHARS 200

/* ---- the object ------------------------------------------------------------------------------ */

struct _MuyingImporter
{
  GObject                   parent_instance;

  MuyingProgram             program;
  MuyingRuleSet            *rules;
  GDate                     today;

  MuyingImportProgressFunc  progress_func;
  gpointer                  progress_data;
  GDestroyNotify            progress_destroy;
  MuyingImportRowFunc       row_func;
  gpointer                  row_data;
  GDestroyNotify            row_destroy;
  MuyingStore              *lookup_store;   /* validate: check ID numbers against it (nullable) */
};

G_DEFINE_FINAL_TYPE (MuyingImporter, muying_importer, G_TYPE_OBJECT)

/* One pass over one file. */
typedef struct
{
  MuyingImporter     *self;
  const ProgramInfo  *info;
  MuyingImportReport *report;
  MuyingStore        *store;           /* NULL: validate only */
  const char         *user;
  int                 col_index[MAX_COLUMNS];
  guint               n_header;
  GHashTable         *keys;            /* natural key → GUINT_TO_POINTER (line) */
  GHashTable         *identities;      /* ID number → Identity of the first accepted row with it */
  MuyingStore        *lookup;          /* registered persons: the import's store or the lookup store */

  /* the current row */
  guint               line;
  guint               n_fields;
  const char * const *fields;
  char               *cells[MAX_COLUMNS];
  GPtrArray          *problems;
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
report_new (MuyingProgram program,
            const char   *file_name)
{
  MuyingImportReport *report = g_new0 (MuyingImportReport, 1);

  report->program = program;
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

char *
muying_import_report_format_summary (const MuyingImportReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

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

/* Full-width digits and punctuation (typed with a Chinese IME) to ASCII; white space removed. */
static char *
ascii_dup (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x3000 || c == 0xFEFF)
        continue;
      if (c >= 0xFF01 && c <= 0xFF5E)   /* the full-width forms of ASCII 0x21…0x7E */
        c = c - 0xFF01 + 0x21;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
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
  return run->info->columns[column].key;
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
      problem->label = g_strdup (run->info->columns[column].alias);
    }
  g_ptr_array_add (run->problems, problem);
}

static void
required (Run *run,
          int  column)
{
  add_problem (run, column, _("A value is required"));
}

static const char *
canonical (Run        *run,
           const char *field,
           const char *text)
{
  const char *key = muying_rule_set_lookup_alias (run->self->rules, field, text);

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
  first = g_hash_table_lookup (run->keys, text);
  if (first != NULL)
    {
      add_problem (run, column, _("“%s” already appears on line %u of this file; each number may appear only once"),
                   text, GPOINTER_TO_UINT (first));
      return NULL;
    }
  g_hash_table_insert (run->keys, g_strdup (text), GUINT_TO_POINTER (run->line));
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

static gboolean
parse_date (Run     *run,
            int      column,
            gboolean is_required,
            GDate   *date)
{
  return parse_date_full (run, column, is_required, FALSE, date);
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

/* Gestational age: weeks and days columns; the weeks column may also hold "12+3", "12周3天" or
 * "12w3d" (then the days column is empty or agrees). */
static gboolean
parse_ga (Run *run,
          int *ga_days)
{
  const char *weeks_text = cell (run, P_GA_WEEKS);
  const char *days_text = cell (run, P_GA_DAYS);
  g_autofree char *w = NULL;
  const char *p;
  guint weeks = 0, days = 0, n_digits = 0;
  gboolean days_inline = FALSE, ok = TRUE;

  *ga_days = 0;
  if (*weeks_text == '\0')
    {
      required (run, P_GA_WEEKS);
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
      add_problem (run, P_GA_WEEKS,
                   _("“%s” is not a gestational age; write whole weeks (days in their own column) "
                     "or weeks+days such as 12+3"),
                   weeks_text);
      return FALSE;
    }
  if (weeks < 4 || weeks > 44)
    {
      add_problem (run, P_GA_WEEKS, _("%u weeks is not a plausible gestational age at sampling"), weeks);
      ok = FALSE;
    }

  if (*days_text != '\0')
    {
      g_autofree char *d = ascii_dup (days_text);
      guint64 v = 0;

      if (!g_ascii_string_to_unsigned (d, 10, 0, 6, &v, NULL))
        {
          add_problem (run, P_GA_DAYS, _("“%s” is not a number of days from 0 to 6"), days_text);
          return FALSE;
        }
      if (days_inline && (guint) v != days)
        {
          add_problem (run, P_GA_DAYS, _("%s days does not agree with the gestational age “%s”"),
                       days_text, weeks_text);
          return FALSE;
        }
      days = (guint) v;
    }
  else if (days_inline && days > 6)
    {
      add_problem (run, P_GA_WEEKS, _("“%s” is not a gestational age; the days must be 0 to 6"), weeks_text);
      return FALSE;
    }
  if (days > 6)
    {
      add_problem (run, P_GA_WEEKS, _("“%s” is not a gestational age; the days must be 0 to 6"), weeks_text);
      return FALSE;
    }
  *ga_days = (int) (weeks * 7 + days);
  return ok;
}

/* An enumerated value through the rule set's aliases, then the canonical keys. */
#define DEFINE_ENUM_PARSER(Type, name)                                                        \
  static gboolean                                                                           \
  parse_##name (Run        *run,                                                           \
                int         column,                                                        \
                const char *field,                                                         \
                const char *allowed,                                                       \
                Type       *value)                                                         \
  {                                                                                         \
    const char *text = cell (run, column);                                                 \
                                                                                            \
    if (*text == '\0')                                                                      \
      return TRUE;                                                                          \
    if (muying_##name##_from_string (canonical (run, field, text), value))                 \
      return TRUE;                                                                          \
    add_problem (run, column, _("“%s” is not a valid value; use one of: %s"), text, allowed); \
    return FALSE;                                                                           \
  }

DEFINE_ENUM_PARSER (MuyingPrenatalTest, prenatal_test)
DEFINE_ENUM_PARSER (MuyingNiptCall, nipt_call)
DEFINE_ENUM_PARSER (MuyingNiptSca, nipt_sca)
DEFINE_ENUM_PARSER (MuyingNiptStatus, nipt_status)
DEFINE_ENUM_PARSER (MuyingHearing, hearing)
DEFINE_ENUM_PARSER (MuyingHpv, hpv)
DEFINE_ENUM_PARSER (MuyingCytology, cytology)
DEFINE_ENUM_PARSER (MuyingExamResult, exam_result)
DEFINE_ENUM_PARSER (MuyingCervicalHistology, cervical_histology)
DEFINE_ENUM_PARSER (MuyingBreastPathology, breast_pathology)

#undef DEFINE_ENUM_PARSER

static gboolean
bad_value (Run        *run,
           int         column,
           const char *allowed)
{
  add_problem (run, column, _("“%s” is not a valid value; use one of: %s"), cell (run, column), allowed);
  return FALSE;
}

static gboolean
parse_sex (Run       *run,
           int        column,
           MuyingSex *sex)
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
  key = canonical (run, "sex", ascii);
  if (strcmp (key, "1") == 0 || strcmp (key, "男") == 0 || g_ascii_strcasecmp (key, "male") == 0 ||
      g_ascii_strcasecmp (key, "m") == 0)
    *sex = MUYING_SEX_MALE;
  else if (strcmp (key, "2") == 0 || strcmp (key, "女") == 0 || g_ascii_strcasecmp (key, "female") == 0 ||
           g_ascii_strcasecmp (key, "f") == 0)
    *sex = MUYING_SEX_FEMALE;
  else
    return bad_value (run, column, ALLOWED_SEX);
  return TRUE;
}

/* BI-RADS: "4" is 4A; "BI-RADS 4a" and "4a类" are read too. */
static gboolean
parse_birads (Run          *run,
              int           column,
              MuyingBirads *value)
{
  const char *text = cell (run, column);
  g_autofree char *ascii = NULL;
  char *s;

  *value = MUYING_BIRADS_NOT_RECORDED;
  if (*text == '\0')
    return TRUE;
  ascii = ascii_dup (text);
  s = ascii;
  if (g_ascii_strncasecmp (s, "BI-RADS", 7) == 0)
    s += 7;
  else if (g_ascii_strncasecmp (s, "BIRADS", 6) == 0)
    s += 6;
  if (g_str_has_suffix (s, "类"))
    s[strlen (s) - strlen ("类")] = '\0';
  upper_in_place (s);
  if (muying_birads_from_string (canonical (run, run->info->columns[column].key, s), value))
    return TRUE;
  return bad_value (run, column, ALLOWED_BIRADS);
}

/* Stages 0, I–IV; also Arabic digits, Unicode Roman numerals and sub-stages (IIA → II). */
static gboolean
parse_cancer_stage (Run               *run,
                    int                column,
                    MuyingCancerStage *value)
{
  static const char *roman[] = { "Ⅰ", "I", "Ⅱ", "II", "Ⅲ", "III", "Ⅳ", "IV", "1", "I", "2", "II",
                                 "3", "III", "4", "IV" };
  const char *text = cell (run, column);
  g_autofree char *ascii = NULL;
  char *s;
  size_t len;

  *value = MUYING_CANCER_STAGE_NOT_RECORDED;
  if (*text == '\0')
    return TRUE;
  if (muying_cancer_stage_from_string (canonical (run, "cancer_stage", text), value))
    return TRUE;

  ascii = ascii_dup (text);
  s = ascii;
  if (g_str_has_suffix (s, "期"))
    s[strlen (s) - strlen ("期")] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (roman); i += 2)
    if (g_str_has_prefix (s, roman[i]))
      {
        g_autofree char *rest = g_strdup (s + strlen (roman[i]));
        g_free (ascii);
        ascii = g_strconcat (roman[i + 1], rest, NULL);
        s = ascii;
        break;
      }
  upper_in_place (s);
  /* drop a sub-stage: IA, IB2, IIIC1 */
  len = strspn (s, "IV");
  if (len > 0 && s[len] != '\0' && strchr ("ABC", s[len]) != NULL &&
      (s[len + 1] == '\0' || (g_ascii_isdigit (s[len + 1]) && s[len + 2] == '\0')))
    s[len] = '\0';
  if (muying_cancer_stage_from_string (s, value))
    return TRUE;
  return bad_value (run, column, ALLOWED_STAGE);
}

/* ---- prenatal -------------------------------------------------------------------------------- */

static gboolean
is_serum_test (MuyingPrenatalTest test)
{
  return test != MUYING_PRENATAL_TEST_NIPT;
}

static gboolean
check_woman (Run         *run,
             int          id_column,
             const char  *id_number,
             MuyingSex    sex,
             const GDate *birth,
             int          date_column,
             const GDate *date,
             int          min_age,
             int          max_age)
{
  int age;

  if (id_number == NULL)
    return TRUE;
  if (sex == MUYING_SEX_MALE)
    {
      add_problem (run, id_column, _("The ID number %s belongs to a man (its 17th digit is odd); check the number"),
                   id_number);
      return FALSE;
    }
  if (!g_date_valid (birth) || !g_date_valid (date))
    return TRUE;
  if (g_date_compare (date, birth) < 0)
    {
      add_problem (run, date_column, _("The date is before the birth date in the ID number"));
      return FALSE;
    }
  age = muying_date_age_on (birth, date);
  if (age < min_age || age > max_age)
    {
      add_problem (run, id_column, _("The woman would be %d years old on this date; check the ID number and the date"),
                   age);
      return FALSE;
    }
  return TRUE;
}

static MuyingPrenatalRecord *
validate_prenatal (Run *run)
{
  g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
  MuyingSex sex = MUYING_SEX_UNKNOWN;
  gboolean have_test = FALSE, have_ga = FALSE;
  double v;

  r->sample_no = parse_key (run, P_SAMPLE_NO);
  r->id_number = parse_id_number (run, P_ID_NUMBER, &r->birth_date, &sex);
  r->name = parse_text (run, P_NAME, TRUE, FALSE);
  r->phone = parse_text (run, P_PHONE, FALSE, FALSE);
  r->institution = parse_text (run, P_INSTITUTION, FALSE, TRUE);
  if (parse_date (run, P_SAMPLE_DATE, TRUE, &r->sample_date))
    check_woman (run, P_ID_NUMBER, r->id_number, sex, &r->birth_date, P_SAMPLE_DATE, &r->sample_date, 12, 60);

  if (*cell (run, P_TEST_TYPE) == '\0')
    required (run, P_TEST_TYPE);
  else
    have_test = parse_prenatal_test (run, P_TEST_TYPE, "test_type", ALLOWED_TEST_TYPE, &r->test_type);

  have_ga = parse_ga (run, &r->ga_days);
  if (parse_date_full (run, P_EDD, FALSE, TRUE, &r->edd) && g_date_valid (&r->edd))
    {
      r->edd_given = TRUE;
      if (g_date_valid (&r->sample_date))
        {
          int until = muying_date_days_between (&r->sample_date, &r->edd);

          if (until <= 0 || until > MUYING_TERM_DAYS)
            add_problem (run, P_EDD, _("The expected date of delivery must fall within 40 weeks after the sample date"));
        }
    }
  else if (!g_date_valid (&r->edd) && have_ga && g_date_valid (&r->sample_date))
    muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);

  if (parse_number (run, P_WEIGHT_KG, 25, 250, &v))
    r->weight_kg = v;
  parse_risk (run, P_T21_RISK, &r->t21_risk);
  parse_risk (run, P_T18_RISK, &r->t18_risk);
  if (parse_number (run, P_AFP_MOM, 0.01, 50, &v))
    r->afp_mom = v;
  if (parse_number (run, P_NT_MM, 0.1, 20, &v))
    r->nt_mm = v;
  parse_nipt_call (run, P_NIPT_T21, "nipt_t21", ALLOWED_NIPT_CALL, &r->nipt_t21);
  parse_nipt_call (run, P_NIPT_T18, "nipt_t18", ALLOWED_NIPT_CALL, &r->nipt_t18);
  parse_nipt_call (run, P_NIPT_T13, "nipt_t13", ALLOWED_NIPT_CALL, &r->nipt_t13);
  parse_nipt_sca (run, P_NIPT_SCA, "nipt_sca", ALLOWED_NIPT_SCA, &r->nipt_sca);
  parse_nipt_status (run, P_NIPT_STATUS, "nipt_status", ALLOWED_NIPT_STATUS, &r->nipt_status);

  /* What the test type needs and excludes (a row must be consistent with its own test type). */
  if (have_test && is_serum_test (r->test_type))
    {
      static const int nipt_columns[] = { P_NIPT_T21, P_NIPT_T18, P_NIPT_T13, P_NIPT_SCA, P_NIPT_STATUS };

      if (*cell (run, P_T21_RISK) == '\0')
        add_problem (run, P_T21_RISK, _("A serum screening test needs its trisomy 21 risk"));
      if (*cell (run, P_T18_RISK) == '\0')
        add_problem (run, P_T18_RISK, _("A serum screening test needs its trisomy 18 risk"));
      for (guint i = 0; i < G_N_ELEMENTS (nipt_columns); i++)
        if (*cell (run, nipt_columns[i]) != '\0')
          add_problem (run, nipt_columns[i], _("A serum screening test has no NIPT results; check the test type"));
    }
  else if (have_test)
    {
      static const int serum_columns[] = { P_T21_RISK, P_T18_RISK, P_AFP_MOM };
      static const int call_columns[] = { P_NIPT_T21, P_NIPT_T18, P_NIPT_T13 };

      for (guint i = 0; i < G_N_ELEMENTS (serum_columns); i++)
        if (*cell (run, serum_columns[i]) != '\0')
          add_problem (run, serum_columns[i], _("NIPT has no serum screening results; check the test type"));
      for (guint i = 0; i < G_N_ELEMENTS (call_columns); i++)
        {
          if (r->nipt_status == MUYING_NIPT_STATUS_OK && *cell (run, call_columns[i]) == '\0')
            add_problem (run, call_columns[i], _("A successful NIPT needs a result for each of T21, T18 and T13"));
          else if (r->nipt_status == MUYING_NIPT_STATUS_FAIL && *cell (run, call_columns[i]) != '\0')
            add_problem (run, call_columns[i], _("The NIPT failed (status “fail”) and cannot have a result"));
        }
    }

  return g_steal_pointer (&r);
}

/* ---- newborn --------------------------------------------------------------------------------- */

static gboolean
is_none_text (const char *text)
{
  static const char *none[] = { "none", "wt", "无", "未检出", "野生型", "阴性", "-" };

  for (guint i = 0; i < G_N_ELEMENTS (none); i++)
    if (g_ascii_strcasecmp (text, none[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
parse_variants (Run                 *run,
                int                  column,
                const char          *panel,
                GPtrArray           *variants)
{
  const char *text = cell (run, column);
  g_autoptr(GString) norm = NULL;
  g_auto(GStrv) items = NULL;

  if (*text == '\0' || is_none_text (text))
    return;
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
}

static gboolean
parse_rescreen (Run           *run,
                int            column,
                MuyingHearing *value)
{
  if (!parse_hearing (run, column, run->info->columns[column].key, ALLOWED_RESCREEN, value))
    return FALSE;
  if (*value == MUYING_HEARING_NOT_DONE)
    {
      *value = MUYING_HEARING_NOT_RECORDED;
      return bad_value (run, column, ALLOWED_RESCREEN);
    }
  return TRUE;
}

static MuyingNewbornRecord *
validate_newborn (Run *run)
{
  g_autoptr(MuyingNewbornRecord) r = muying_newborn_record_new ();
  MuyingSex mother_sex = MUYING_SEX_UNKNOWN;
  GDate mother_birth;
  const char *panel_text;

  r->sample_no = parse_key (run, N_SAMPLE_NO);
  r->mother_id_number = parse_id_number (run, N_MOTHER_ID_NUMBER, &mother_birth, &mother_sex);
  r->mother_name = parse_text (run, N_MOTHER_NAME, TRUE, FALSE);
  r->baby_name = parse_text (run, N_BABY_NAME, FALSE, FALSE);
  parse_sex (run, N_SEX, &r->sex);
  if (parse_date (run, N_BIRTH_DATE, TRUE, &r->birth_date))
    check_woman (run, N_MOTHER_ID_NUMBER, r->mother_id_number, mother_sex, &mother_birth,
                 N_BIRTH_DATE, &r->birth_date, 12, 60);
  r->hospital = parse_text (run, N_HOSPITAL, FALSE, TRUE);

  panel_text = cell (run, N_PANEL);
  if (*panel_text == '\0')
    required (run, N_PANEL);
  else
    {
      g_autofree char *ascii = ascii_dup (panel_text);
      const char *id = canonical (run, "panel", ascii);

      if (!muying_rule_set_has_panel (run->self->rules, id) && g_str_has_suffix (ascii, "位点"))
        {
          ascii[strlen (ascii) - strlen ("位点")] = '\0';   /* "9位点" */
          id = ascii;
        }
      if (muying_rule_set_has_panel (run->self->rules, id))
        r->panel = g_strdup (id);
      else
        add_problem (run, N_PANEL, _("“%s” is not a known gene panel"), panel_text);
    }
  parse_variants (run, N_VARIANTS, r->panel, r->variants);

  if (*cell (run, N_HEARING_LEFT) == '\0')
    required (run, N_HEARING_LEFT);
  else
    parse_hearing (run, N_HEARING_LEFT, "hearing_left", ALLOWED_HEARING, &r->hearing_left);
  if (*cell (run, N_HEARING_RIGHT) == '\0')
    required (run, N_HEARING_RIGHT);
  else
    parse_hearing (run, N_HEARING_RIGHT, "hearing_right", ALLOWED_HEARING, &r->hearing_right);
  if (parse_date (run, N_HEARING_DATE, FALSE, &r->hearing_date) && g_date_valid (&r->hearing_date) &&
      g_date_valid (&r->birth_date) && g_date_compare (&r->hearing_date, &r->birth_date) < 0)
    add_problem (run, N_HEARING_DATE, _("The hearing screen cannot be before the birth date"));

  parse_rescreen (run, N_RESCREEN_LEFT, &r->rescreen_left);
  parse_rescreen (run, N_RESCREEN_RIGHT, &r->rescreen_right);
  if (parse_date (run, N_RESCREEN_DATE, FALSE, &r->rescreen_date) && g_date_valid (&r->rescreen_date))
    {
      const GDate *after = g_date_valid (&r->hearing_date) ? &r->hearing_date : &r->birth_date;

      if (g_date_valid (after) && g_date_compare (&r->rescreen_date, after) < 0)
        add_problem (run, N_RESCREEN_DATE, _("The rescreen cannot be before the birth date or the first screen"));
      if (r->rescreen_left == MUYING_HEARING_NOT_RECORDED && r->rescreen_right == MUYING_HEARING_NOT_RECORDED &&
          *cell (run, N_RESCREEN_LEFT) == '\0' && *cell (run, N_RESCREEN_RIGHT) == '\0')
        add_problem (run, N_RESCREEN_DATE, _("A rescreen date is given without a rescreen result"));
    }

  return g_steal_pointer (&r);
}

/* ---- two cancers ----------------------------------------------------------------------------- */

static MuyingTwoCancerRecord *
validate_two_cancer (Run *run)
{
  g_autoptr(MuyingTwoCancerRecord) r = muying_two_cancer_record_new ();
  MuyingSex sex = MUYING_SEX_UNKNOWN;
  const char *types_text;

  r->exam_no = parse_key (run, C_EXAM_NO);
  r->id_number = parse_id_number (run, C_ID_NUMBER, &r->birth_date, &sex);
  r->name = parse_text (run, C_NAME, TRUE, FALSE);
  if (parse_date (run, C_EXAM_DATE, TRUE, &r->exam_date))
    check_woman (run, C_ID_NUMBER, r->id_number, sex, &r->birth_date, C_EXAM_DATE, &r->exam_date, 12, 120);
  r->institution = parse_text (run, C_INSTITUTION, FALSE, TRUE);

  parse_hpv (run, C_HPV, "hpv", ALLOWED_HPV, &r->hpv);
  types_text = cell (run, C_HPV_TYPES);
  if (*types_text != '\0')
    {
      g_autoptr(GError) error = NULL;

      if (!muying_hpv_types_parse (types_text, &r->hpv_types, &error))
        add_problem (run, C_HPV_TYPES, "%s", error->message);
      else if (r->hpv_types != 0 && r->hpv != MUYING_HPV_POSITIVE)
        add_problem (run, C_HPV_TYPES, _("HPV types are given but the HPV result is not positive"));
    }
  parse_cytology (run, C_CYTOLOGY, "cytology", ALLOWED_CYTOLOGY, &r->cytology);
  parse_exam_result (run, C_VIA_VILI, "via_vili", ALLOWED_VIA_VILI, &r->via_vili);
  parse_exam_result (run, C_COLPOSCOPY, "colposcopy", ALLOWED_COLPOSCOPY, &r->colposcopy);
  parse_cervical_histology (run, C_CERVICAL_HISTOLOGY, "cervical_histology", ALLOWED_HISTOLOGY,
                            &r->cervical_histology);
  if (parse_exam_result (run, C_CBE, "cbe", ALLOWED_CBE, &r->cbe) && r->cbe == MUYING_EXAM_NOT_DONE)
    {
      r->cbe = MUYING_EXAM_NOT_RECORDED;
      bad_value (run, C_CBE, ALLOWED_CBE);
    }
  parse_birads (run, C_US_BIRADS, &r->us_birads);
  parse_birads (run, C_MAMMO_BIRADS, &r->mammo_birads);
  parse_breast_pathology (run, C_BREAST_PATHOLOGY, "breast_pathology", ALLOWED_BREAST_PATHOLOGY,
                          &r->breast_pathology);
  if (parse_cancer_stage (run, C_CANCER_STAGE, &r->cancer_stage) &&
      r->cancer_stage != MUYING_CANCER_STAGE_NOT_RECORDED &&
      r->cervical_histology != MUYING_CERVICAL_HISTOLOGY_MICRO_INVASIVE &&
      r->cervical_histology != MUYING_CERVICAL_HISTOLOGY_INVASIVE &&
      r->breast_pathology != MUYING_BREAST_PATHOLOGY_DCIS &&
      r->breast_pathology != MUYING_BREAST_PATHOLOGY_INVASIVE)
    add_problem (run, C_CANCER_STAGE, _("A stage is given but neither pathology column reports a cancer"));

  return g_steal_pointer (&r);
}

/* ---- the pass -------------------------------------------------------------------------------- */

static gboolean
map_header (Run             *run,
            MuyingCsvReader *reader,
            GError         **error)
{
  const ProgramInfo *info = run->info;
  guint n = muying_csv_reader_get_n_fields (reader);
  const char * const *fields = muying_csv_reader_get_fields (reader);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) unnamed = g_string_new (NULL);

  run->report->header = g_strdupv ((char **) fields);
  run->n_header = n;
  for (guint c = 0; c < MAX_COLUMNS; c++)
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
      for (guint c = 0; c < info->n_columns; c++)
        if (g_ascii_strcasecmp (name, info->columns[c].key) == 0 ||
            g_ascii_strcasecmp (name, info->columns[c].alias) == 0)
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
                       info->columns[found].alias, info->columns[found].key, run->col_index[found] + 1, i + 1);
          return FALSE;
        }
      run->col_index[found] = (int) i;
    }
  if (unnamed->len > 0)
    g_ptr_array_add (run->report->warnings,
                     g_strdup_printf (_("Columns without a name are ignored: %s"), unnamed->str));

  for (guint c = 0; c < info->n_columns; c++)
    if (info->columns[c].required && run->col_index[c] < 0)
      g_string_append_printf (missing, "%s%s (%s)", missing->len ? C_("list separator", ", ") : "",
                              info->columns[c].alias, info->columns[c].key);
  if (missing->len > 0)
    {
      g_set_error (error, MUYING_IMPORT_ERROR, MUYING_IMPORT_ERROR_HEADER,
                   _("Required columns are missing: %s. Is this a %s file?"), missing->str,
                   muying_program_get_label (run->self->program));
      return FALSE;
    }
  return TRUE;
}

static void
clear_cells (Run *run)
{
  for (guint c = 0; c < MAX_COLUMNS; c++)
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
  for (guint c = 0; c < run->info->n_columns; c++)
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

static void
run_clear (Run *run)
{
  clear_cells (run);
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

typedef struct
{
  char  *name;
  guint  line;
} Identity;

static void
identity_free (Identity *identity)
{
  g_free (identity->name);
  g_free (identity);
}

/* The columns of the woman's ID number and name (for a newborn: the mother's). */
static void
identity_columns (MuyingProgram  program,
                  int           *id_column,
                  int           *name_column)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      *id_column = P_ID_NUMBER;
      *name_column = P_NAME;
      break;
    case MUYING_PROGRAM_NEWBORN:
      *id_column = N_MOTHER_ID_NUMBER;
      *name_column = N_MOTHER_NAME;
      break;
    case MUYING_PROGRAM_TWO_CANCER:
    default:
      *id_column = C_ID_NUMBER;
      *name_column = C_NAME;
      break;
    }
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
  int id_column, name_column;
  Identity *seen;

  identity_columns (run->self->program, &id_column, &name_column);
  seen = g_hash_table_lookup (run->identities, id_number);
  if (seen != NULL)
    {
      if (g_strcmp0 (seen->name, name) != 0)
        add_problem (run, name_column,
                     _("On line %u of this file the ID number %s has the name “%s”, which does not match the name “%s” "
                       "given here"), seen->line, id_number, seen->name, name);
      return TRUE;
    }
  if (run->store == NULL && run->lookup != NULL)
    {
      g_autofree char *registered = NULL;

      if (!muying_store_get_person_name (run->lookup, id_number, &registered, error))
        return FALSE;
      if (registered != NULL && g_strcmp0 (registered, name) != 0)
        {
          g_autofree char *message = muying_person_name_conflict_message (registered, name);
          add_problem (run, name_column, "%s", message);
        }
    }
  return TRUE;
}

static void
note_identity (Run        *run,
               const char *id_number,
               const char *name)
{
  Identity *identity;

  if (g_hash_table_contains (run->identities, id_number))
    return;
  identity = g_new0 (Identity, 1);
  identity->name = g_strdup (name);
  identity->line = run->line;
  g_hash_table_insert (run->identities, g_strdup (id_number), identity);
}

/* One savepoint per row: a row the store refuses (a signed record, a known ID number with
 * another name) leaves no trace. */
static gboolean
save_row (Run                        *run,
          gconstpointer               record,
          const MuyingClassification *cls,
          gboolean                   *refused,
          GError                    **error)
{
  g_autoptr(GError) local_error = NULL;
  MuyingSaveOutcome outcome = MUYING_SAVE_UNCHANGED;
  gint64 id = 0;
  gboolean ok = FALSE;

  *refused = FALSE;
  if (!muying_store_savepoint (run->store, error))
    return FALSE;
  switch (run->self->program)
    {
    case MUYING_PROGRAM_PRENATAL:
      ok = muying_store_save_prenatal (run->store, record, cls, run->user, &outcome, &id, &local_error);
      break;
    case MUYING_PROGRAM_NEWBORN:
      ok = muying_store_save_newborn (run->store, record, cls, run->user, &outcome, &id, &local_error);
      break;
    case MUYING_PROGRAM_TWO_CANCER:
      ok = muying_store_save_two_cancer (run->store, record, cls, run->user, &outcome, &id, &local_error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      int id_column, name_column;

      if (!g_error_matches (local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_LOCKED_RECORD) &&
          !g_error_matches (local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT) &&
          !g_error_matches (local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_IDENTITY_CONFLICT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      muying_store_rollback_to (run->store);
      identity_columns (run->self->program, &id_column, &name_column);
      add_problem (run, g_error_matches (local_error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_IDENTITY_CONFLICT)
                        ? name_column : -1, "%s", local_error->message);
      *refused = TRUE;
      return TRUE;
    }
  if (!muying_store_release (run->store, error))
    return FALSE;
  /* A new contact phone of a known woman is taken (phones change; the old number stays in the
   * audit row and a signed record keeps the one it was signed with): counted and reported. */
  if (muying_store_get_last_person_change (run->store) & MUYING_PERSON_CHANGE_PHONE)
    run->report->phones_updated++;
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
  return TRUE;
}

/* Validates, classifies and (for an import) saves the current row. FALSE only for a store failure. */
static gboolean
process_row (Run     *run,
             GError **error)
{
  MuyingImporter *self = run->self;
  g_autoptr(MuyingClassification) cls = NULL;
  gpointer record = NULL;
  GDestroyNotify free_record = NULL;
  const char *key = NULL;
  const char *id_number = NULL, *name = NULL;
  gboolean ok = TRUE;

#define CHECK_IDENTITY() \
  (run->problems->len == 0 && (ok = check_identity (run, id_number, name, error)) && run->problems->len == 0)
  switch (self->program)
    {
    case MUYING_PROGRAM_PRENATAL:
      {
        MuyingPrenatalRecord *r = validate_prenatal (run);
        record = r;
        free_record = (GDestroyNotify) muying_prenatal_record_free;
        key = r->sample_no;
        id_number = r->id_number;
        name = r->name;
        if (CHECK_IDENTITY ())
          cls = muying_rule_set_classify_prenatal (self->rules, r);
      }
      break;
    case MUYING_PROGRAM_NEWBORN:
      {
        MuyingNewbornRecord *r = validate_newborn (run);
        record = r;
        free_record = (GDestroyNotify) muying_newborn_record_free;
        key = r->sample_no;
        id_number = r->mother_id_number;
        name = r->mother_name;
        if (CHECK_IDENTITY ())
          cls = muying_rule_set_classify_newborn (self->rules, r);
      }
      break;
    case MUYING_PROGRAM_TWO_CANCER:
      {
        MuyingTwoCancerRecord *r = validate_two_cancer (run);
        record = r;
        free_record = (GDestroyNotify) muying_two_cancer_record_free;
        key = r->exam_no;
        id_number = r->id_number;
        name = r->name;
        if (CHECK_IDENTITY ())
          cls = muying_rule_set_classify_two_cancer (self->rules, r);
      }
      break;
    default:
      g_assert_not_reached ();
    }

#undef CHECK_IDENTITY
  if (!ok)
    ;   /* the store failed: the pass ends */
  else if (cls == NULL)
    reject_row (run);
  else
    {
      gboolean refused = FALSE;

      if (run->store != NULL)
        ok = save_row (run, record, cls, &refused, error);
      if (ok && refused)
        reject_row (run);
      else if (ok)
        {
          note_identity (run, id_number, name);
          run->report->valid++;
          run->report->levels[CLAMP (cls->level, MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH)]++;
          if (self->row_func != NULL)
            {
              MuyingImportRow row = { run->line, key, self->program, record, cls };
              self->row_func (&row, self->row_data);
            }
        }
    }
  free_record (record);
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
  json_builder_add_string_value (b, muying_program_to_string (report->program));
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
  /* The records this import created (consecutive ids, one write transaction): they have no
   * audit row of their own; the file's SHA-256 above says exactly what they held. */
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

static MuyingImportReport *
run_pass (MuyingImporter *self,
          GBytes         *bytes,
          const char     *file_name,
          MuyingStore    *store,
          const char     *user,
          GCancellable   *cancellable,
          GError        **error)
{
  g_autoptr(MuyingImportReport) report = report_new (self->program, file_name);
  g_autoptr(MuyingCsvReader) reader = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) identities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify) identity_free);
  g_autoptr(GError) local_error = NULL;
  g_auto(Run) run = { 0 };
  gboolean ok = TRUE;

  report->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  reader = muying_csv_reader_new (bytes, error);
  if (reader == NULL)
    return NULL;
  report->encoding = muying_csv_reader_get_encoding (reader);

  run.self = self;
  run.info = &programs[self->program];
  run.report = report;
  run.store = store;
  run.user = user;
  run.keys = keys;
  run.identities = identities;
  run.lookup = store != NULL ? store : self->lookup_store;
  run.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_import_problem_free);

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

  if (store != NULL && !muying_store_begin (store, error))
    return NULL;
  if (store != NULL)
    muying_store_begin_batch (store);

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

  if (store != NULL)
    {
      g_autofree char *detail = NULL;

      if (ok)
        {
          gint64 first_id = 0, last_id = 0;

          muying_store_end_batch (store, &first_id, &last_id);
          detail = audit_detail (report, first_id, last_id);
          ok = muying_store_audit (store, user, "import", muying_program_to_string (self->program), 0,
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
    }
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  report_progress (&run, reader);
  return g_steal_pointer (&report);
}

static GBytes *
read_file (const char *path,
           GError    **error)
{
  return muying_csv_read_file (path, MUYING_CSV_MAX_FILE_SIZE, error);
}

/* ---- GObject --------------------------------------------------------------------------------- */

static void
muying_importer_finalize (GObject *object)
{
  MuyingImporter *self = MUYING_IMPORTER (object);

  g_clear_object (&self->rules);
  g_clear_object (&self->lookup_store);
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
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (MUYING_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  bytes = read_file (path, error);
  if (bytes == NULL)
    return NULL;
  return run_pass (self, bytes, path, NULL, NULL, cancellable, error);
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
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (MUYING_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  bytes = read_file (path, error);
  if (bytes == NULL)
    return NULL;
  return run_pass (self, bytes, path, store, user, cancellable, error);
}
