/* muying-store-case-register.c: the high-risk cases of a programme with their screening,
 * diagnosis, outcome, treatment and follow-up (muying-store-case-register.h)
 *
 * One statement per programme: the high-risk records of the period by the date index, each with
 * its latest linked follow-on record (a LEFT JOIN on the id the follow-on table's index finds
 * first), so a case is read once whatever the number of its diagnoses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-stats"

#include "config.h"

#include <string.h>

#include "muying-date.h"
#include "muying-followup.h"
#include "muying-store-case-register.h"
#include "muying-store-case-register-private.h"
#include "muying-store-sql.h"

/* A case column and the SQL of its value (aliases: r record, n/t the programme's row, d the latest
 * prenatal diagnosis, o the latest pregnancy outcome, a the latest audiology diagnosis, f the
 * follow-up). */
typedef struct
{
  MuyingCaseColumn column;
  const char      *sql;
} ColumnSql;

#define FOLLOWUP_COLUMNS \
  { { "followup", "due_date", TRUE }, "f.due_date" }, \
  { { "followup", "contact_attempts", FALSE }, "f.contact_attempts" }, \
  { { "followup", "closed_at", TRUE }, "substr (f.closed_at, 1, 10)" }

static const ColumnSql prenatal_columns[] = {
  { { "prenatal", "institution", FALSE }, "r.institution" },
  { { "prenatal", "test_type", FALSE }, "n.test_type" },
  { { "prenatal", "ga_weeks", FALSE }, "CAST (n.ga_days / 7 AS TEXT) || '+' || CAST (n.ga_days % 7 AS TEXT)" },
  { { "prenatal", "edd", TRUE }, "n.edd" },
  { { "prenatal", "t21_risk", FALSE }, "CASE WHEN n.t21_risk > 0 THEN '1/' || n.t21_risk END" },
  { { "prenatal", "t18_risk", FALSE }, "CASE WHEN n.t18_risk > 0 THEN '1/' || n.t18_risk END" },
  { { "prenatal", "nipt_t21", FALSE }, "n.nipt_t21" },
  { { "prenatal", "nipt_status", FALSE }, "n.nipt_status" },
  { { "prenatal_diagnosis", "procedure_date", TRUE }, "d.procedure_date" },
  { { "prenatal_diagnosis", "procedure", FALSE }, "d.procedure" },
  { { "prenatal_diagnosis", "method", FALSE }, "d.method" },
  { { "prenatal_diagnosis", "result", FALSE }, "d.result" },
  { { "prenatal_diagnosis", "condition", FALSE }, "d.condition" },
  { { "pregnancy_outcome", "end_date", TRUE }, "o.end_date" },
  { { "pregnancy_outcome", "outcome", FALSE }, "o.outcome" },
  { { "pregnancy_outcome", "ga_weeks", FALSE }, "o.ga_weeks" },
  { { "pregnancy_outcome", "birth_defect", FALSE }, "o.birth_defect" },
  { { "pregnancy_outcome", "condition", FALSE }, "o.condition" },
  FOLLOWUP_COLUMNS,
};

static const ColumnSql newborn_columns[] = {
  { { "newborn", "hospital", FALSE }, "COALESCE (r.institution, n.hospital)" },
  { { "newborn", "nicu", FALSE }, "n.nicu" },
  { { "newborn", "hearing_left", FALSE }, "n.hearing_left" },
  { { "newborn", "hearing_right", FALSE }, "n.hearing_right" },
  { { "newborn", "rescreen_left", FALSE }, "n.rescreen_left" },
  { { "newborn", "rescreen_right", FALSE }, "n.rescreen_right" },
  { { "newborn", "panel", FALSE }, "n.panel" },
  { { "newborn", "variants", FALSE }, "NULLIF (n.variants, '')" },
  { { "audiology", "diagnosis_date", TRUE }, "a.diagnosis_date" },
  { { "audiology", "left_degree", FALSE }, "a.left_degree" },
  { { "audiology", "right_degree", FALSE }, "a.right_degree" },
  { { "audiology", "loss_type", FALSE }, "a.loss_type" },
  { { "audiology", "intervention", FALSE }, "a.intervention" },
  { { "audiology", "intervention_date", TRUE }, "a.intervention_date" },
  FOLLOWUP_COLUMNS,
};

static const ColumnSql two_cancer_columns[] = {
  { { "two_cancer", "institution", FALSE }, "r.institution" },
  { { "two_cancer", "hpv", FALSE }, "t.hpv" },
  { { "two_cancer", "hpv_types", FALSE }, "NULLIF (t.hpv_types, '')" },
  { { "two_cancer", "cytology", FALSE }, "t.cytology" },
  { { "two_cancer", "via_vili", FALSE }, "t.via_vili" },
  { { "two_cancer", "colposcopy", FALSE }, "t.colposcopy" },
  { { "two_cancer", "cbe", FALSE }, "t.cbe" },
  { { "two_cancer", "us_birads", FALSE }, "t.us_birads" },
  { { "two_cancer", "mammo_birads", FALSE }, "t.mammo_birads" },
  { { "two_cancer", "biopsy_date", TRUE }, "t.biopsy_date" },
  { { "two_cancer", "cervical_histology", FALSE }, "t.cervical_histology" },
  { { "two_cancer", "cervical_stage", FALSE }, "t.cervical_stage" },
  { { "two_cancer", "breast_pathology", FALSE }, "t.breast_pathology" },
  { { "two_cancer", "breast_stage", FALSE }, "t.breast_stage" },
  { { "two_cancer", "cervical_treatment", FALSE }, "t.cervical_treatment" },
  { { "two_cancer", "cervical_treatment_date", TRUE }, "t.cervical_treatment_date" },
  { { "two_cancer", "breast_treatment", FALSE }, "t.breast_treatment" },
  { { "two_cancer", "breast_treatment_date", TRUE }, "t.breast_treatment_date" },
  FOLLOWUP_COLUMNS,
};

/* The programme's row and its follow-on records. */
static const char prenatal_from[] =
  "JOIN prenatal n ON n.record_id = r.id "
  "LEFT JOIN prenatal_diagnosis d ON d.id = (SELECT x.id FROM prenatal_diagnosis x WHERE x.pregnancy_id = n.pregnancy_id "
  "ORDER BY x.procedure_date DESC, x.id DESC LIMIT 1) "
  "LEFT JOIN pregnancy_outcome o ON o.id = (SELECT x.id FROM pregnancy_outcome x WHERE x.pregnancy_id = n.pregnancy_id "
  "ORDER BY x.end_date DESC, x.id DESC LIMIT 1) ";
static const char newborn_from[] =
  "JOIN newborn n ON n.record_id = r.id "
  "LEFT JOIN audiology a ON a.id = (SELECT x.id FROM audiology x WHERE x.record_id = r.id "
  "ORDER BY x.diagnosis_date DESC, x.id DESC LIMIT 1) ";
static const char two_cancer_from[] = "JOIN two_cancer t ON t.record_id = r.id ";

static const ColumnSql *
columns_of (MuyingProgram  program,
            guint         *n,
            const char   **from)
{
  switch (program)
    {
    case MUYING_PROGRAM_PRENATAL:
      *n = G_N_ELEMENTS (prenatal_columns);
      *from = prenatal_from;
      return prenatal_columns;
    case MUYING_PROGRAM_NEWBORN:
      *n = G_N_ELEMENTS (newborn_columns);
      *from = newborn_from;
      return newborn_columns;
    case MUYING_PROGRAM_TWO_CANCER:
    case MUYING_N_PROGRAMS:
    default:
      *n = G_N_ELEMENTS (two_cancer_columns);
      *from = two_cancer_from;
      return two_cancer_columns;
    }
}

const MuyingCaseColumn *
muying_case_register_columns (MuyingProgram  program,
                              guint         *n_columns)
{
  static MuyingCaseColumn columns[3][G_N_ELEMENTS (prenatal_columns) + G_N_ELEMENTS (newborn_columns) +
                                     G_N_ELEMENTS (two_cancer_columns)];
  static gsize initialized = 0;
  const char *from;
  const ColumnSql *sql;
  guint n;

  g_return_val_if_fail (n_columns != NULL, NULL);
  g_return_val_if_fail (program < MUYING_N_PROGRAMS, NULL);

  if (g_once_init_enter (&initialized))
    {
      for (guint p = 0; p < MUYING_N_PROGRAMS; p++)
        {
          sql = columns_of ((MuyingProgram) p, &n, &from);
          for (guint i = 0; i < n; i++)
            columns[p][i] = sql[i].column;
        }
      g_once_init_leave (&initialized, 1);
    }
  columns_of (program, n_columns, &from);
  return columns[program];
}

static void
bind_period (MuyingSqlStmt       *stmt,
             const MuyingPeriod *period,
             MuyingProgram       program)
{
  g_autofree char *from = muying_period_dup_from_string (period);
  g_autofree char *to = muying_period_dup_to_string (period);

  muying_sql_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  muying_sql_bind_text (stmt, 3, muying_program_to_string (program), -1, SQLITE_STATIC);
}

static const char count_sql[] =
  "SELECT count(*) FROM record r WHERE r.program = ?3 AND r.record_date BETWEEN ?1 AND ?2 AND r.level = 2";

/* The register of @program: the common columns, then the programme's case columns. */
static char *
register_sql (MuyingProgram program)
{
  GString *sql = g_string_new (
      "SELECT r.id, r.record_key, pe.name, coalesce (pe.id_number, mo.id_number), r.record_date, "
      "(SELECT coalesce (group_concat (code, ';'), '') FROM "
      "(SELECT x.code AS code FROM reason x WHERE x.record_id = r.id ORDER BY x.code) AS codes), f.state, f.closed_at");
  const ColumnSql *columns;
  const char *from;
  guint n_columns;

  columns = columns_of (program, &n_columns, &from);
  for (guint i = 0; i < n_columns; i++)
    g_string_append_printf (sql, ", %s", columns[i].sql);
  g_string_append_printf (sql,
                          " FROM record r JOIN person pe ON pe.id = r.person_id LEFT JOIN person mo ON mo.id = pe.mother_id "
                          "LEFT JOIN followup f ON f.record_id = r.id %s"
                          "WHERE r.program = ?3 AND r.record_date BETWEEN ?1 AND ?2 AND r.level = 2 "
                          "ORDER BY r.record_date, r.record_key",
                          from);
  return g_string_free (sql, FALSE);
}

GPtrArray *
muying_case_register_dup_statements (void)
{
  GPtrArray *statements = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (statements, g_strdup (count_sql));
  for (guint p = 0; p < MUYING_N_PROGRAMS; p++)
    g_ptr_array_add (statements, register_sql ((MuyingProgram) p));
  return statements;
}

gint64
muying_store_count_case_register (MuyingStore        *store,
                                  const MuyingPeriod *period,
                                  MuyingProgram       program,
                                  GError            **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), -1);
  g_return_val_if_fail (period != NULL, -1);

  stmt = muying_store_query (store, count_sql, error);
  if (stmt == NULL)
    return -1;
  bind_period (stmt, period, program);
  if ((rc = muying_sql_step (stmt)) != SQLITE_ROW)
    {
      muying_store_set_error (store, rc, error);
      return -1;
    }
  return muying_sql_column_int64 (stmt, 0);
}

/* Days from @start to the closing date (a closed follow-up) or @today. */
static int
days_open (const char  *start,
           const char  *closed,
           const GDate *today)
{
  GDate a, b;
  g_autofree char *end = closed != NULL ? g_strndup (closed, 10) : NULL;

  if (start == NULL || !muying_date_parse (start, &a, NULL))
    return -1;
  if (end == NULL || !muying_date_parse (end, &b, NULL))
    b = *today;
  return MAX (0, muying_date_days_between (&a, &b));
}

gboolean
muying_store_foreach_case_register (MuyingStore           *store,
                                    const MuyingPeriod    *period,
                                    MuyingProgram          program,
                                    const GDate           *today,
                                    MuyingCaseRegisterFunc func,
                                    gpointer               user_data,
                                    GCancellable          *cancellable,
                                    GError               **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree const char **values = NULL;
  const char *from;
  guint n_columns, n = 0;
  GDate now;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (period != NULL && func != NULL, FALSE);
  g_return_val_if_fail (program < MUYING_N_PROGRAMS, FALSE);

  if (today == NULL)
    {
      muying_date_today (&now);
      today = &now;
    }
  columns_of (program, &n_columns, &from);
  sql = register_sql (program);
  stmt = muying_store_query (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_period (stmt, period, program);
  values = g_new0 (const char *, n_columns + 1);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      const char *state = (const char *) muying_sql_column_text (stmt, 6);
      MuyingFollowupState followup;
      gboolean closed = state != NULL && muying_followup_state_from_string (state, &followup) &&
                        muying_followup_state_is_closed (followup);
      MuyingCaseRegisterRow row = {
        .base = {
          .record_id = muying_sql_column_int64 (stmt, 0),
          .program = program,
          .key = (const char *) muying_sql_column_text (stmt, 1),
          .name = (const char *) muying_sql_column_text (stmt, 2),
          .id_number = (const char *) muying_sql_column_text (stmt, 3),
          .date = (const char *) muying_sql_column_text (stmt, 4),
          .reasons = (const char *) muying_sql_column_text (stmt, 5),
          .followup_state = state,
          .days_open = -1,
        },
        .values = values,
      };

      if (state != NULL)
        row.base.days_open = days_open (row.base.date, closed ? (const char *) muying_sql_column_text (stmt, 7) : NULL,
                                        today);
      for (guint i = 0; i < n_columns; i++)
        values[i] = (const char *) muying_sql_column_text (stmt, 8 + (int) i);
      if ((++n & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!func (&row, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}
