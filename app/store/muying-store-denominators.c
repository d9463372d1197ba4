/* muying-store-denominators.c: the bureau's population figures (muying-store-denominators.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "muying-date.h"
#include "muying-error.h"
#include "muying-store-action-private.h"
#include "muying-store-denominators.h"
#include "muying-store-users.h"

static const char * const columns[] = { "deliveries", "live_births", "cervical_due", "breast_due" };

static gint64 *
figure (MuyingDenominators *self,
        guint               i)
{
  gint64 *figures[] = { &self->deliveries, &self->live_births, &self->cervical_due, &self->breast_due };

  return figures[i];
}

void
muying_denominators_init (MuyingDenominators *self)
{
  g_return_if_fail (self != NULL);

  memset (self, 0, sizeof *self);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    *figure (self, i) = -1;
}

void
muying_denominators_clear (MuyingDenominators *self)
{
  if (self != NULL)
    g_clear_pointer (&self->area_code, g_free);
}

void
muying_denominators_free (MuyingDenominators *self)
{
  muying_denominators_clear (self);
  g_free (self);
}

static MuyingDenominators *
read_row (MuyingSqlStmt *stmt)
{
  MuyingDenominators *row = g_new0 (MuyingDenominators, 1);

  row->year = muying_sql_column_int (stmt, 0);
  row->quarter = muying_sql_column_int (stmt, 1);
  row->area_code = g_strdup ((const char *) muying_sql_column_text (stmt, 2));
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    *figure (row, i) = muying_sql_column_type (stmt, 3 + i) == SQLITE_NULL ? -1 : muying_sql_column_int64 (stmt, 3 + i);
  return row;
}

#define SELECT_ROWS "SELECT year, quarter, area_code, deliveries, live_births, cervical_due, breast_due FROM denominator "

GPtrArray *
muying_store_list_denominators (MuyingStore  *store,
                                int           year,
                                GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_denominators_free);
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  stmt = muying_store_query (store, SELECT_ROWS "WHERE ?1 = 0 OR year = ?1 ORDER BY year, quarter, area_code", error);
  if (stmt == NULL)
    return NULL;
  muying_sql_bind_int (stmt, 1, year);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* The stored row of (year, quarter, area) in *@row, NULL when there is none; FALSE on an error. */
static gboolean
load_row (MuyingStore         *store,
          int                  year,
          int                  quarter,
          const char          *area,
          MuyingDenominators **row,
          GError             **error)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, SELECT_ROWS "WHERE year = ? AND quarter = ? AND area_code = ?",
                                                       error);
  int rc;

  *row = NULL;
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int (stmt, 1, year);
  muying_sql_bind_int (stmt, 2, quarter);
  muying_sql_bind_text (stmt, 3, area, -1, SQLITE_STATIC);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_ROW)
    *row = read_row (stmt);
  else if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

gboolean
muying_store_set_denominators (MuyingStore              *store,
                               MuyingUser               *actor,
                               const MuyingDenominators *figures,
                               GError                  **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(MuyingDenominators) old = NULL;
  g_autofree char *now = _muying_store_now_iso ();
  g_autofree char *detail = NULL;
  const char *area;
  MuyingDenominators merged;
  const char *user;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);
  g_return_val_if_fail (figures != NULL, FALSE);

  area = figures->area_code != NULL ? figures->area_code : "";
  if (figures->year < 2000 || figures->year > 2100 || figures->quarter < 0 || figures->quarter > 4)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                   _("A statistical year between 2000 and 2100 and a quarter from 1 to 4 (or none) are needed"));
      return FALSE;
    }
  if (*area != '\0' && (strlen (area) != 6 || strspn (area, "0123456789") != 6))
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT,
                   _("The area code “%s” is not a 6-digit county code"), area);
      return FALSE;
    }
  if (!muying_user_require (actor, MUYING_PERMISSION_MANAGE_USERS, error) || !muying_store_begin (store, error))
    return FALSE;
  user = muying_user_get_login (actor);
  if (!load_row (store, figures->year, figures->quarter, area, &old, error))
    goto fail;
  merged = *figures;
  json_builder_begin_object (b);
  _muying_store_member_int (b, "year", figures->year);
  _muying_store_member_int (b, "quarter", figures->quarter);
  _muying_store_member_string (b, "area_code", area);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      gint64 before = old != NULL ? *figure (old, i) : -1;
      gint64 *after = figure (&merged, i);
      g_autofree char *before_text = before >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, before) : NULL;
      g_autofree char *after_text = NULL;

      if (*after == MUYING_DENOMINATOR_CLEAR)
        *after = -1;       /* back to not given */
      else if (*after < 0)
        *after = before;   /* not given: as stored */
      after_text = *after >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, *after) : NULL;
      if (g_strcmp0 (before_text, after_text) != 0)
        _muying_store_member_pair (b, columns[i], before_text, after_text);
    }
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  {
    g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store,
        "INSERT INTO denominator (year, quarter, area_code, deliveries, live_births, cervical_due, breast_due, updated_at, "
        "updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year, quarter, area_code) DO UPDATE SET "
        "deliveries = excluded.deliveries, live_births = excluded.live_births, cervical_due = excluded.cervical_due, "
        "breast_due = excluded.breast_due, updated_at = excluded.updated_at, updated_by = excluded.updated_by", error);

    if (stmt == NULL)
      goto fail;
    muying_sql_bind_int (stmt, 1, figures->year);
    muying_sql_bind_int (stmt, 2, figures->quarter);
    muying_sql_bind_text (stmt, 3, area, -1, SQLITE_STATIC);
    for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
      if (*figure (&merged, i) >= 0)
        muying_sql_bind_int64 (stmt, 4 + i, *figure (&merged, i));
    muying_sql_bind_text (stmt, 8, now, -1, SQLITE_STATIC);
    muying_sql_bind_text (stmt, 9, user, -1, SQLITE_STATIC);
    if (!_muying_store_step_done (store, stmt, error))
      goto fail;
  }
  if (!muying_store_audit (store, user, old != NULL ? "update" : "create", "denominator", 0, detail, error) ||
      !muying_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  muying_store_rollback (store);
  return FALSE;
}

gboolean
muying_store_delete_denominators (MuyingStore *store,
                                  MuyingUser  *actor,
                                  int          year,
                                  int          quarter,
                                  const char  *area_code,
                                  GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(MuyingDenominators) old = NULL;
  g_autofree char *detail = NULL;
  const char *area = area_code != NULL ? area_code : "";
  const char *user;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (MUYING_IS_USER (actor), FALSE);

  if (!muying_user_require (actor, MUYING_PERMISSION_MANAGE_USERS, error) || !muying_store_begin (store, error))
    return FALSE;
  user = muying_user_get_login (actor);
  if (!load_row (store, year, quarter, area, &old, error))
    goto fail;
  if (old == NULL)
    {
      /* quarter 0 is the row of the whole year, not a "quarter 0" */
      if (quarter == 0)
        g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                     _("There are no population figures for the whole statistical year %d, area “%s”"), year,
                     *area != '\0' ? area : _("Whole jurisdiction"));
      else
        g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                     _("There are no population figures for statistical year %d, quarter %d, area “%s”"), year,
                     quarter, *area != '\0' ? area : _("Whole jurisdiction"));
      goto fail;
    }
  json_builder_begin_object (b);
  _muying_store_member_int (b, "year", year);
  _muying_store_member_int (b, "quarter", quarter);
  _muying_store_member_string (b, "area_code", area);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (*figure (old, i) >= 0)
      {
        g_autofree char *before = g_strdup_printf ("%" G_GINT64_FORMAT, *figure (old, i));

        _muying_store_member_pair (b, columns[i], before, NULL);
      }
  json_builder_end_object (b);
  detail = _muying_store_builder_to_string (b);
  if (!_muying_store_exec_bound (store, "DELETE FROM denominator WHERE year = ? AND quarter = ? AND area_code = ?", error,
                                 'i', (gint64) year, 'i', (gint64) quarter, 's', area, 0) ||
      !muying_store_audit (store, user, "delete", "denominator", 0, detail, error) ||
      !muying_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  muying_store_rollback (store);
  return FALSE;
}

/* The statistical year and quarter (0 = the whole year) that @period is, if it is one. */
static gboolean
period_key (const MuyingPeriod *period,
            int                *year,
            int                *quarter)
{
  /* the statistical year Y runs from 1 October Y−1 */
  int y = g_date_get_year (&period->from) + (g_date_get_month (&period->from) >= 10 ? 1 : 0);
  MuyingPeriod whole;

  muying_period_init_statistical_year (&whole, y);
  if (g_date_compare (&whole.from, &period->from) == 0 && g_date_compare (&whole.to, &period->to) == 0)
    {
      *year = y;
      *quarter = 0;
      return TRUE;
    }
  for (int q = 1; q <= 4; q++)
    {
      GDate from = whole.from, to;

      g_date_add_months (&from, 3 * (q - 1));
      to = from;
      g_date_add_months (&to, 3);
      g_date_subtract_days (&to, 1);
      if (g_date_compare (&from, &period->from) == 0 && g_date_compare (&to, &period->to) == 0)
        {
          *year = y;
          *quarter = q;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
muying_store_get_period_denominators (MuyingStore        *store,
                                      const MuyingPeriod *period,
                                      const char         *area_code,
                                      MuyingDenominators *figures,
                                      GError            **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  gint64 sums[G_N_ELEMENTS (columns)] = { 0 };
  gboolean complete[G_N_ELEMENTS (columns)];
  gboolean any_area = FALSE;
  int year, quarter, rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (period != NULL && figures != NULL, FALSE);

  muying_denominators_init (figures);
  if (!period_key (period, &year, &quarter))
    return TRUE;
  figures->year = year;
  figures->quarter = quarter;
  figures->area_code = g_strdup (area_code != NULL ? area_code : "");
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    complete[i] = TRUE;
  stmt = muying_store_query (store, SELECT_ROWS "WHERE year = ? AND quarter = ?", error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int (stmt, 1, year);
  muying_sql_bind_int (stmt, 2, quarter);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(MuyingDenominators) row = read_row (stmt);

      if (area_code != NULL)
        {
          /* one county: its own row only */
          if (strcmp (row->area_code, area_code) == 0)
            for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
              *figure (figures, i) = *figure (row, i);
          continue;
        }
      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        {
          if (*row->area_code == '\0')
            *figure (figures, i) = *figure (row, i);
          else if (*figure (row, i) >= 0)
            sums[i] += *figure (row, i);
          else
            complete[i] = FALSE;
        }
      any_area = any_area || *row->area_code != '\0';
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  /* A figure given only per county adds up to the jurisdiction's. */
  for (guint i = 0; any_area && i < G_N_ELEMENTS (columns); i++)
    if (*figure (figures, i) < 0 && complete[i])
      *figure (figures, i) = sums[i];
  return TRUE;
}
