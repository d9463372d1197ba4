/* muying-store-worklist.c: the high-risk worklist, one case, and the record history
 *
 * Review, sign-off, amendments, follow-up transitions and later results are in
 * muying-store-review.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "muying-store-sql.h"
#include "muying-date.h"
#include "muying-error.h"
#include "muying-program-descriptor.h"
#include "muying-store-private.h"
#include "muying-store-worklist.h"

#define OPEN_TERM   "state <> 'done' AND state <> 'declined' AND state <> 'lost'"
#define CLOSED_TERM "review_state = 'pending' AND (state = 'done' OR state = 'declined' OR state = 'lost')"

void
muying_worklist_filter_init (MuyingWorklistFilter *filter)
{
  g_return_if_fail (filter != NULL);

  filter->program = -1;
  filter->level = -1;
  filter->followup_state = -1;
  filter->review_pending = FALSE;
  filter->overdue_only = FALSE;
  filter->search = NULL;
  filter->sort = MUYING_WORKLIST_SORT_URGENCY;
  filter->descending = FALSE;
}

void
muying_worklist_row_free (MuyingWorklistRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row->name);
  g_free (row->id_number);
  g_free (row->record_date);
  g_free (row->reasons);
  g_free (row->review_state);
  g_free (row->next_step);
  g_free (row->due_date);
  g_free (row);
}

void
muying_followup_info_free (MuyingFollowupInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->due_date);
  g_free (info->next_step);
  g_free (info->outcome);
  g_free (info->opened_at);
  g_free (info->closed_at);
  g_free (info);
}

void
muying_case_free (MuyingCase *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->name);
  g_free (self->id_number);
  g_free (self->record_date);
  g_free (self->review_state);
  g_free (self->signed_by);
  g_free (self->signed_at);
  g_strfreev (self->reasons);
  muying_followup_info_free (self->followup);
  g_clear_pointer (&self->results, g_hash_table_unref);
  g_free (self);
}

void
muying_history_entry_free (MuyingHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->user);
  g_free (entry->action);
  g_free (entry->entity);
  g_free (entry->detail);
  g_free (entry);
}

static char *
today_iso (const GDate *today)
{
  GDate now;

  if (today == NULL || !g_date_valid (today))
    {
      muying_date_today (&now);
      today = &now;
    }
  return muying_date_format (today);
}

static char *
dup_column (MuyingSqlStmt *stmt,
            int           col)
{
  return g_strdup ((const char *) muying_sql_column_text (stmt, col));
}

/* ---- the worklist ----------------------------------------------------------------------- */

/* Which of the two parts of the worklist a filter can select. */
static gboolean
wants_open_part (const MuyingWorklistFilter *filter)
{
  return filter->followup_state < 0 ||
         !muying_followup_state_is_closed ((MuyingFollowupState) filter->followup_state);
}

static gboolean
wants_closed_part (const MuyingWorklistFilter *filter)
{
  return !filter->overdue_only &&
         (filter->followup_state < 0 ||
          muying_followup_state_is_closed ((MuyingFollowupState) filter->followup_state));
}

static gboolean
has_search (const MuyingWorklistFilter *filter)
{
  return filter->search != NULL && filter->search[0] != '\0';
}

/* The worklist as a plain index walk: the default order and no search. */
static gboolean
is_index_walk (const MuyingWorklistFilter *filter)
{
  return !has_search (filter) &&
         (filter->sort == MUYING_WORKLIST_SORT_URGENCY || filter->sort == MUYING_WORKLIST_SORT_LEVEL) &&
         !filter->descending;
}

/* A search, bound to ?7 (prefix) and ?8 (prefix end): the row's woman (or the newborn's mother)
 * by ID number or name, or its sample/exam number. Checked per open follow-up (one primary-key
 * lookup each), so a common surname costs no more than a rare one: the open follow-ups are a
 * small share of the records, while "王" starts a tenth of a million names. */
static const char search_term[] =
  " AND EXISTS (SELECT 1 FROM record r JOIN person pe ON pe.id = r.person_id"
  "  LEFT JOIN person mo ON mo.id = pe.mother_id WHERE r.id = %s"
  "  AND ((pe.id_number >= ?7 AND pe.id_number < ?8) OR (pe.name >= ?7 AND pe.name < ?8)"
  "   OR (mo.id_number >= ?7 AND mo.id_number < ?8) OR (mo.name >= ?7 AND mo.name < ?8)"
  "   OR (r.record_key >= ?7 AND r.record_key < ?8)))";

/* The WHERE clause of one part, its columns prefixed with @prefix ("" or "f."). Parameters:
 * ?1 today, ?2 program, ?3 level, ?4 state, ?7 and ?8 the search range. The first term is the
 * partial indexes' own WHERE, so they can be used. */
static char *
part_where (const MuyingWorklistFilter *filter,
            gboolean                    open_part,
            const char                 *prefix)
{
  GString *s = g_string_new (NULL);
  const char *p = prefix;

  if (open_part)
    g_string_append_printf (s, "%sstate <> 'done' AND %sstate <> 'declined' AND %sstate <> 'lost'", p, p, p);
  else
    g_string_append_printf (s, "%sreview_state = 'pending' AND (%sstate = 'done' OR %sstate = 'declined'"
                               " OR %sstate = 'lost')", p, p, p, p);
  if (filter->program >= 0)
    g_string_append_printf (s, " AND %sprogram = ?2", p);
  if (filter->level >= 0)
    g_string_append_printf (s, " AND %slevel = ?3", p);
  if (filter->followup_state >= 0)
    g_string_append_printf (s, " AND %sstate = ?4", p);
  if (open_part && filter->review_pending)
    g_string_append_printf (s, " AND %sreview_state = 'pending'", p);
  if (open_part && filter->overdue_only)
    g_string_append_printf (s, " AND %sdue_date < ?1", p);
  if (has_search (filter))
    g_string_append_printf (s, search_term, *p ? "f.record_id" : "followup.record_id");
  return g_string_free (s, FALSE);
}

static void
bind_filter (MuyingSqlStmt               *stmt,
             const MuyingWorklistFilter *filter,
             const char                 *today)
{
  /* Parameters a clause does not use are simply not there: SQLITE_RANGE is harmless. */
  muying_sql_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
  if (filter->program >= 0)
    muying_sql_bind_text (stmt, 2, muying_program_to_string ((MuyingProgram) filter->program), -1, SQLITE_STATIC);
  if (filter->level >= 0)
    muying_sql_bind_int (stmt, 3, filter->level);
  if (filter->followup_state >= 0)
    muying_sql_bind_text (stmt, 4, muying_followup_state_to_string ((MuyingFollowupState) filter->followup_state), -1,
                       SQLITE_STATIC);
  if (has_search (filter))
    {
      g_autofree char *term = g_strstrip (g_strdup (filter->search));

      /* ID numbers are stored with a capital X. */
      if (g_str_has_suffix (term, "x"))
        term[strlen (term) - 1] = 'X';
      muying_sql_bind_text (stmt, 7, term, -1, SQLITE_TRANSIENT);
      /* Prefix range [term, term + U+10FFFF). */
      muying_sql_bind_text (stmt, 8, g_strconcat (term, "\xf4\x8f\xbf\xbf", NULL), -1, g_free);
    }
}

static gint64
count_part (MuyingStore                *store,
            const MuyingWorklistFilter *filter,
            const char                 *today,
            gboolean                    open_part,
            GError                    **error)
{
  g_autofree char *where = part_where (filter, open_part, "");
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM followup WHERE %s", where);
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  bind_filter (stmt, filter, today);
  if ((rc = muying_sql_step (stmt)) != SQLITE_ROW)
    {
      muying_store_set_error (store, rc, error);
      return -1;
    }
  return muying_sql_column_int64 (stmt, 0);
}

gint64
muying_store_worklist_count (MuyingStore                *store,
                             const MuyingWorklistFilter *filter,
                             const GDate                *today,
                             GError                    **error)
{
  MuyingWorklistFilter all;
  g_autofree char *day = today_iso (today);
  gint64 n = 0, part;

  g_return_val_if_fail (MUYING_IS_STORE (store), -1);

  if (filter == NULL)
    {
      muying_worklist_filter_init (&all);
      filter = &all;
    }
  if (wants_open_part (filter))
    {
      if ((part = count_part (store, filter, day, TRUE, error)) < 0)
        return -1;
      n += part;
    }
  if (wants_closed_part (filter))
    {
      if ((part = count_part (store, filter, day, FALSE, error)) < 0)
        return -1;
      n += part;
    }
  return n;
}

static gboolean
add_group_counts (MuyingStore          *store,
                  const char           *sql,
                  MuyingWorklistCounts *counts,
                  GError              **error)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    {
      MuyingProgram program;
      int level = CLAMP (muying_sql_column_int (stmt, 1), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
      gint64 n = muying_sql_column_int64 (stmt, 3);

      counts->total += n;
      if (muying_program_from_string ((const char *) muying_sql_column_text (stmt, 0), &program))
        counts->by_program[program] += n;
      counts->by_level[level] += n;
      if (g_strcmp0 ((const char *) muying_sql_column_text (stmt, 2), "pending") == 0)
        counts->review_pending += n;
    }
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

gboolean
muying_store_worklist_counts (MuyingStore          *store,
                              const GDate          *today,
                              MuyingWorklistCounts *counts,
                              GError              **error)
{
  MuyingWorklistFilter overdue;
  g_autofree char *day = today_iso (today);
  gint64 n;

  g_return_val_if_fail (MUYING_IS_STORE (store), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  /* One streaming pass over followup_counts_idx, one over the closed-but-unreviewed rows, and
   * a range of followup_worklist_idx for the overdue ones (a closed one is never overdue). */
  if (!add_group_counts (store,
                         "SELECT program, level, review_state, count(*) FROM followup WHERE " OPEN_TERM
                         " GROUP BY program, level, review_state", counts, error) ||
      !add_group_counts (store,
                         "SELECT program, level, review_state, count(*) FROM followup WHERE " CLOSED_TERM
                         " GROUP BY program, level, review_state", counts, error))
    return FALSE;
  muying_worklist_filter_init (&overdue);
  overdue.overdue_only = TRUE;
  if ((n = count_part (store, &overdue, day, TRUE, error)) < 0)
    return FALSE;
  counts->overdue = n;
  return TRUE;
}

static const char page_columns[] =
  "SELECT f.record_id, r.program, r.record_key, pe.name, coalesce(pe.id_number, mo.id_number), r.record_date,"
  " r.level, (SELECT coalesce(group_concat(code, ';'), '') FROM"
  "   (SELECT x.code AS code FROM reason x WHERE x.record_id = f.record_id ORDER BY x.code) AS codes),"
  " r.review_state, f.id, f.state, f.next_step, f.due_date, f.contact_attempts";

static const char page_joins[] =
  " JOIN followup f ON f.record_id = pg.record_id"
  " JOIN record r ON r.id = f.record_id"
  " JOIN person pe ON pe.id = r.person_id"
  " LEFT JOIN person mo ON mo.id = pe.mother_id";

static MuyingWorklistRow *
read_row (MuyingSqlStmt *stmt,
          const GDate  *today)
{
  MuyingWorklistRow *row = g_new0 (MuyingWorklistRow, 1);
  MuyingFollowupState state = MUYING_FOLLOWUP_OPEN;
  GDate due;

  row->record_id = muying_sql_column_int64 (stmt, 0);
  if (!muying_program_from_string ((const char *) muying_sql_column_text (stmt, 1), &row->program))
    row->program = MUYING_PROGRAM_PRENATAL;
  row->key = dup_column (stmt, 2);
  row->name = dup_column (stmt, 3);
  row->id_number = dup_column (stmt, 4);
  row->record_date = dup_column (stmt, 5);
  row->level = CLAMP (muying_sql_column_int (stmt, 6), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
  row->reasons = dup_column (stmt, 7);
  row->review_state = dup_column (stmt, 8);
  row->followup_id = muying_sql_column_int64 (stmt, 9);
  muying_followup_state_from_string ((const char *) muying_sql_column_text (stmt, 10), &state);
  row->followup_state = state;
  row->next_step = dup_column (stmt, 11);
  row->due_date = dup_column (stmt, 12);
  row->contact_attempts = muying_sql_column_int (stmt, 13);
  if (row->due_date != NULL && muying_date_parse (row->due_date, &due, NULL))
    {
      row->overdue = muying_followup_is_overdue (state, &due, today);
      row->days_overdue = muying_followup_days_overdue (state, &due, today);
    }
  return row;
}

/* The ORDER BY of a sorted (not index-walked) page, over the joined page_columns. */
static char *
sort_order (const MuyingWorklistFilter *filter,
            gboolean                    open_part)
{
  const char *dir = filter->descending ? " DESC" : "";
  const char *rdir = filter->descending ? "" : " DESC";

  switch ((MuyingWorklistSort) filter->sort)
    {
    case MUYING_WORKLIST_SORT_DUE:
      return g_strdup_printf ("f.due_date%s, f.level DESC, f.record_id", dir);
    case MUYING_WORKLIST_SORT_PROGRAM:
      return g_strdup_printf ("f.program%s, f.level DESC, f.due_date, f.record_id", dir);
    case MUYING_WORKLIST_SORT_KEY:
      return g_strdup_printf ("r.record_key%s, f.record_id", dir);
    case MUYING_WORKLIST_SORT_NAME:
      return g_strdup_printf ("pe.name%s, f.record_id", dir);
    case MUYING_WORKLIST_SORT_ID_NUMBER:
      return g_strdup_printf ("coalesce(pe.id_number, mo.id_number)%s, f.record_id", dir);
    case MUYING_WORKLIST_SORT_REVIEW:
      return g_strdup_printf ("f.review_state%s, f.level DESC, f.due_date, f.record_id", dir);
    case MUYING_WORKLIST_SORT_STATE:
      return g_strdup_printf ("f.state%s, f.level DESC, f.due_date, f.record_id", dir);
    case MUYING_WORKLIST_SORT_URGENCY:
    case MUYING_WORKLIST_SORT_LEVEL:
    case MUYING_N_WORKLIST_SORTS:
    default:
      /* Descending: the least urgent first. */
      return open_part ? g_strdup_printf ("f.level%s, f.due_date%s, f.record_id%s", rdir, dir, dir)
                       : g_strdup_printf ("f.level%s, f.record_id%s", rdir, dir);
    }
}

static gboolean
page_part (MuyingStore                *store,
           const MuyingWorklistFilter *filter,
           const char                 *today_text,
           const GDate                *today,
           gboolean                    open_part,
           gint64                      offset,
           guint                       limit,
           GPtrArray                  *rows,
           GError                    **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  int rc;

  if (is_index_walk (filter))
    {
      g_autofree char *where = part_where (filter, open_part, "");
      const char *order = open_part ? "level DESC, due_date, record_id" : "level DESC, record_id";
      const char *outer_order = open_part ? "f.level DESC, f.due_date, f.record_id" : "f.level DESC, f.record_id";

      /* The page is chosen on the covering index alone, in its order (INDEXED BY: with a
       * programme or level filter the planner would otherwise pick followup_counts_idx and
       * sort); only the page's rows are joined. */
      sql = g_strdup_printf ("%s FROM (SELECT record_id FROM followup INDEXED BY %s WHERE %s ORDER BY %s"
                             " LIMIT ?5 OFFSET ?6) AS pg%s ORDER BY %s",
                             page_columns, open_part ? "followup_urgency_idx" : "followup_pending_closed_idx",
                             where, order, page_joins, outer_order);
    }
  else
    {
      /* A search or another order: the part's rows (the open follow-ups, a small share of the
       * records) are joined and sorted. */
      g_autofree char *where = part_where (filter, open_part, "f.");
      g_autofree char *order = sort_order (filter, open_part);

      sql = g_strdup_printf ("%s FROM followup f JOIN record r ON r.id = f.record_id"
                             " JOIN person pe ON pe.id = r.person_id LEFT JOIN person mo ON mo.id = pe.mother_id"
                             " WHERE %s ORDER BY %s LIMIT ?5 OFFSET ?6",
                             page_columns, where, order);
    }
  stmt = muying_store_query (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, filter, today_text);
  muying_sql_bind_int64 (stmt, 5, limit);
  muying_sql_bind_int64 (stmt, 6, offset);
  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt, today));
  if (rc != SQLITE_DONE)
    return muying_store_set_error (store, rc, error);
  return TRUE;
}

GPtrArray *
muying_store_worklist_page (MuyingStore                *store,
                            const MuyingWorklistFilter *filter,
                            const GDate                *today,
                            gint64                      offset,
                            guint                       limit,
                            GError                    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_worklist_row_free);
  MuyingWorklistFilter all;
  GDate now;
  g_autofree char *day = NULL;
  gint64 open_count = 0;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);
  g_return_val_if_fail (offset >= 0, NULL);

  if (filter == NULL)
    {
      muying_worklist_filter_init (&all);
      filter = &all;
    }
  if (today == NULL || !g_date_valid (today))
    {
      muying_date_today (&now);
      today = &now;
    }
  day = muying_date_format (today);
  if (limit == 0)
    return g_steal_pointer (&rows);

  if (wants_open_part (filter))
    {
      if (!page_part (store, filter, day, today, TRUE, offset, limit, rows, error))
        return NULL;
      if (rows->len >= limit)
        return g_steal_pointer (&rows);
      /* The open part ended inside this page, or before it. */
      if (rows->len > 0)
        open_count = offset + rows->len;
      else if (offset > 0 && (open_count = count_part (store, filter, day, TRUE, error)) < 0)
        return NULL;
    }
  if (wants_closed_part (filter))
    {
      gint64 closed_offset = MAX (0, offset - open_count);

      if (!page_part (store, filter, day, today, FALSE, closed_offset, limit - rows->len, rows, error))
        return NULL;
    }
  return g_steal_pointer (&rows);
}

/* ---- one case --------------------------------------------------------------------------- */

static MuyingFollowupInfo *
read_followup (MuyingStore  *store,
               gint64        record_id,
               const GDate  *today,
               GError      **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  MuyingFollowupInfo *info;
  MuyingFollowupState state = MUYING_FOLLOWUP_OPEN;
  GDate due;
  int rc;

  stmt = muying_store_query (store,
                               "SELECT id, state, due_date, next_step, contact_attempts, outcome, opened_at, closed_at, "
                               "row_version FROM followup WHERE record_id = ?", error);
  if (stmt == NULL)
    return NULL;
  muying_sql_bind_int64 (stmt, 1, record_id);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND,
                   _("Record %lld has no follow-up"), (long long) record_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }
  info = g_new0 (MuyingFollowupInfo, 1);
  info->id = muying_sql_column_int64 (stmt, 0);
  info->record_id = record_id;
  muying_followup_state_from_string ((const char *) muying_sql_column_text (stmt, 1), &state);
  info->state = state;
  info->due_date = dup_column (stmt, 2);
  info->next_step = dup_column (stmt, 3);
  info->contact_attempts = muying_sql_column_int (stmt, 4);
  info->outcome = dup_column (stmt, 5);
  info->opened_at = dup_column (stmt, 6);
  info->closed_at = dup_column (stmt, 7);
  info->row_version = muying_sql_column_int64 (stmt, 8);
  if (info->due_date != NULL && muying_date_parse (info->due_date, &due, NULL))
    {
      info->overdue = muying_followup_is_overdue (state, &due, today);
      info->days_overdue = muying_followup_days_overdue (state, &due, today);
    }
  return info;
}

static void
add_result (GHashTable       *results,
            MuyingResultKind  kind,
            MuyingSqlStmt     *stmt,
            int               col)
{
  const char *value = (const char *) muying_sql_column_text (stmt, col);

  if (value != NULL && *value != '\0')
    g_hash_table_insert (results, g_strdup (muying_result_kind_to_string (kind)), g_strdup (value));
}

/* The column of a later-result kind as the case keeps it. A kind of two values (the hearing
 * rescreen's two ears) is one result: the case keeps "first;second". */
static char *
result_expression (MuyingResultKind kind)
{
  const char *column = muying_result_kind_get_column (kind);
  const MuyingField *field2 = muying_result_kind_get_field2 (kind);

  if (field2 != NULL)
    return g_strdup_printf ("CASE WHEN %s IS NOT NULL OR %s IS NOT NULL"
                            " THEN coalesce(%s, '') || ';' || coalesce(%s, '') END",
                            column, field2->key, column, field2->key);
  return g_strdup (column);
}

static gboolean
read_results (MuyingStore   *store,
              MuyingCase    *c,
              GError       **error)
{
  const MuyingProgramDescriptor *d = muying_program_descriptor_get (c->program);
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (MuyingResultKind));
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  const MuyingField *date = NULL;
  int rc;

  for (MuyingResultKind kind = 0; kind < MUYING_N_RESULT_KINDS; kind++)
    {
      g_autofree char *expression = NULL;

      if (muying_result_kind_get_program (kind) != c->program)
        continue;
      expression = result_expression (kind);
      g_string_append_printf (sql, "%s, ", expression);
      g_array_append_val (kinds, kind);
    }
  /* the date a follow-up's deadlines may count from (a pregnancy's expected delivery) */
  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    if (f->kind == MUYING_FIELD_DATE && MUYING_FIELD_IS (f, MUYING_FIELD_FUTURE_OK) &&
        MUYING_FIELD_IS (f, MUYING_FIELD_STORED))
      date = f;
  g_string_append_printf (sql, "%s FROM %s WHERE record_id = ?", date != NULL ? date->key : "NULL", d->table);

  stmt = muying_store_query (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  muying_sql_bind_int64 (stmt, 1, c->record_id);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return muying_store_set_error (store, rc, error);
  for (guint i = 0; i < kinds->len; i++)
    add_result (c->results, g_array_index (kinds, MuyingResultKind, i), stmt, (int) i);
  if (muying_sql_column_text (stmt, (int) kinds->len) != NULL)
    muying_date_parse ((const char *) muying_sql_column_text (stmt, (int) kinds->len), &c->context.edd, NULL);
  return TRUE;
}

MuyingCase *
muying_store_get_case (MuyingStore  *store,
                       gint64        record_id,
                       const GDate  *today,
                       GError      **error)
{
  g_autoptr(MuyingSqlStmt) stmt = NULL;
  g_autoptr(MuyingCase) c = NULL;
  g_autoptr(GError) local = NULL;
  GDate now;
  const char *reasons;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  if (today == NULL || !g_date_valid (today))
    {
      muying_date_today (&now);
      today = &now;
    }
  stmt = muying_store_query (store,
                               "SELECT r.program, r.record_key, pe.name, coalesce(pe.id_number, mo.id_number),"
                               " r.record_date, r.level, r.computed_level, r.review_state,"
                               " (SELECT u.display_name FROM app_user u WHERE u.id = r.signed_by), r.signed_at,"
                               " (SELECT coalesce(group_concat(code, ';'), '') FROM"
                               "   (SELECT x.code AS code FROM reason x WHERE x.record_id = r.id ORDER BY x.code) AS codes),"
                               " r.row_version FROM record r JOIN person pe ON pe.id = r.person_id"
                               " LEFT JOIN person mo ON mo.id = pe.mother_id WHERE r.id = ?", error);
  if (stmt == NULL)
    return NULL;
  muying_sql_bind_int64 (stmt, 1, record_id);
  if (!_muying_store_step_record (store, stmt, record_id, error))
    return NULL;
  c = g_new0 (MuyingCase, 1);
  c->record_id = record_id;
  if (!muying_program_from_string ((const char *) muying_sql_column_text (stmt, 0), &c->program))
    c->program = MUYING_PROGRAM_PRENATAL;
  c->key = dup_column (stmt, 1);
  c->name = dup_column (stmt, 2);
  c->id_number = dup_column (stmt, 3);
  c->record_date = dup_column (stmt, 4);
  c->level = CLAMP (muying_sql_column_int (stmt, 5), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
  c->computed_level = CLAMP (muying_sql_column_int (stmt, 6), MUYING_LEVEL_LOW, MUYING_LEVEL_HIGH);
  c->review_state = dup_column (stmt, 7);
  c->signed_by = dup_column (stmt, 8);
  c->signed_at = dup_column (stmt, 9);
  reasons = (const char *) muying_sql_column_text (stmt, 10);
  c->row_version = muying_sql_column_int64 (stmt, 11);
  c->reasons = reasons && *reasons ? g_strsplit (reasons, ";", -1) : g_new0 (char *, 1);
  c->suggested_step = muying_followup_suggest_step (c->program, (const char * const *) c->reasons);
  c->context.program = c->program;
  g_date_clear (&c->context.record_date, 1);
  g_date_clear (&c->context.edd, 1);
  if (c->record_date != NULL)
    muying_date_parse (c->record_date, &c->context.record_date, NULL);
  c->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!read_results (store, c, error))
    return NULL;

  c->followup = read_followup (store, record_id, today, &local);
  if (c->followup == NULL && !g_error_matches (local, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&c);
}

/* ---- history ---------------------------------------------------------------------------- */

static gint64
json_int (JsonObject *o,
          const char *member)
{
  JsonNode *node = o ? json_object_get_member (o, member) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return 0;
  return json_node_get_int (node);
}

static gint
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const MuyingHistoryEntry *x = *(MuyingHistoryEntry * const *) a;
  const MuyingHistoryEntry *y = *(MuyingHistoryEntry * const *) b;

  return g_strcmp0 (x->at, y->at);
}

static void
collect_ids (JsonObject *o,
             const char *member,
             GHashTable *ids)
{
  gint64 id = json_int (o, member);

  if (id > 0)
    g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
}

/* A detail the store builds, as JSON text like an audit row's. */
static char *
detail_text (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);

  return json_to_string (node, FALSE);
}

/* A text column as a member of a detail the store builds: null when the column is. */
static void
set_text_member (JsonObject   *o,
                 const char   *member,
                 MuyingSqlStmt *stmt,
                 int           col)
{
  const char *text = (const char *) muying_sql_column_text (stmt, col);

  if (text != NULL)
    json_object_set_string_member (o, member, text);
  else
    json_object_set_null_member (o, member);
}

/* Whether the import audit row in @column of @stmt created @record_id: its detail's
 * "created_record_ids" is [first, last]. */
static gboolean
created_by (MuyingSqlStmt *stmt,
            int            column,
            gint64         record_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = _muying_store_parse_detail (parser, (const char *) muying_sql_column_text (stmt, column));
  JsonArray *ids;

  if (root == NULL || !json_object_has_member (root, "created_record_ids"))
    return FALSE;
  ids = json_object_get_array_member (root, "created_record_ids");
  return ids != NULL && json_array_get_length (ids) >= 2 && json_array_get_int_element (ids, 0) <= record_id &&
         json_array_get_int_element (ids, 1) >= record_id;
}

GPtrArray *
muying_store_record_history (MuyingStore   *store,
                             gint64         record_id,
                             GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_history_entry_free);
  g_autoptr(GHashTable) review_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) step_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(MuyingSqlStmt) who = NULL;
  g_autoptr(MuyingSqlStmt) audit = NULL;
  g_autoptr(MuyingSqlStmt) review = NULL;
  g_autoptr(MuyingSqlStmt) steps = NULL;
  gint64 person_id, mother_id;
  int rc;

  g_return_val_if_fail (MUYING_IS_STORE (store), NULL);

  who = muying_store_query (store,
                              "SELECT r.person_id, coalesce(pe.mother_id, 0), r.program, r.created_at FROM record r"
                              " JOIN person pe ON pe.id = r.person_id WHERE r.id = ?", error);
  if (who == NULL)
    return NULL;
  muying_sql_bind_int64 (who, 1, record_id);
  if (!_muying_store_step_record (store, who, record_id, error))
    return NULL;
  person_id = muying_sql_column_int64 (who, 0);
  mother_id = muying_sql_column_int64 (who, 1);

  /* A record created by an import (or a form, which saves as a one-row import) has no create
   * row of its own: the import's row names the range of record ids it created. It is written
   * when the import ends, so it is among the imports from the record's creation on; the range is
   * read here (JSON in SQL is not the same on a file and on a server). */
  {
    g_autoptr(MuyingSqlStmt) import = muying_store_query (store,
      "SELECT at, user_name, action, entity, entity_id, detail FROM audit"
      " WHERE entity = ?1 AND entity_id = 0 AND action = 'import' AND at >= ?2 ORDER BY id", error);

    if (import == NULL)
      return NULL;
    muying_sql_bind_text (import, 1, (const char *) muying_sql_column_text (who, 2), -1, SQLITE_TRANSIENT);
    muying_sql_bind_text (import, 2, (const char *) muying_sql_column_text (who, 3), -1, SQLITE_TRANSIENT);
    while ((rc = muying_sql_step (import)) == SQLITE_ROW && !created_by (import, 5, record_id))
      ;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      {
        muying_store_set_error (store, rc, error);
        return NULL;
      }
    if (rc == SQLITE_ROW)
      {
        MuyingHistoryEntry *e = g_new0 (MuyingHistoryEntry, 1);

        e->at = dup_column (import, 0);
        e->user = dup_column (import, 1);
        e->action = dup_column (import, 2);
        e->entity = g_strdup ("record");
        e->entity_id = record_id;
        e->detail = dup_column (import, 5);
        e->source = MUYING_HISTORY_AUDIT;
        g_ptr_array_add (entries, e);
      }
  }

  /* audit_entity_idx (entity, entity_id) answers each arm. */
  audit = muying_store_query (store,
                                "SELECT at, user_name, action, entity, entity_id, detail FROM audit"
                                " WHERE (entity = 'record' AND entity_id = ?1)"
                                "    OR (entity = 'person' AND entity_id IN (?2, ?3)) ORDER BY id", error);
  if (audit == NULL)
    return NULL;
  muying_sql_bind_int64 (audit, 1, record_id);
  muying_sql_bind_int64 (audit, 2, person_id);
  muying_sql_bind_int64 (audit, 3, mother_id);
  while ((rc = muying_sql_step (audit)) == SQLITE_ROW)
    {
      MuyingHistoryEntry *e = g_new0 (MuyingHistoryEntry, 1);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;

      e->at = dup_column (audit, 0);
      e->user = dup_column (audit, 1);
      e->action = dup_column (audit, 2);
      e->entity = dup_column (audit, 3);
      e->entity_id = muying_sql_column_int64 (audit, 4);
      e->detail = dup_column (audit, 5);
      e->source = MUYING_HISTORY_AUDIT;
      o = _muying_store_parse_detail (parser, e->detail);
      if (o != NULL)
        {
          collect_ids (o, "review_id", review_ids);
          collect_ids (o, "step_id", step_ids);
        }
      g_ptr_array_add (entries, e);
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }

  /* Reviews and steps that have no audit row of their own. */
  review = muying_store_query (store,
                                 "SELECT id, at, user_name, action, old_level, new_level, reason, note FROM review"
                                 " WHERE record_id = ? ORDER BY id", error);
  if (review == NULL)
    return NULL;
  muying_sql_bind_int64 (review, 1, record_id);
  while ((rc = muying_sql_step (review)) == SQLITE_ROW)
    {
      gint64 id = muying_sql_column_int64 (review, 0);
      g_autoptr(JsonObject) o = NULL;
      MuyingHistoryEntry *e;

      if (g_hash_table_contains (review_ids, &id))
        continue;
      /* The detail a review's audit row has: the levels by their keys, the reason and the note. */
      o = json_object_new ();
      for (int col = 4; col <= 5; col++)
        if (muying_sql_column_type (review, col) != SQLITE_NULL)
          json_object_set_string_member (o, col == 4 ? "old_level" : "new_level",
                                         muying_level_to_string (CLAMP (muying_sql_column_int (review, col), 0, 2)));
      set_text_member (o, "reason", review, 6);
      set_text_member (o, "note", review, 7);

      e = g_new0 (MuyingHistoryEntry, 1);
      e->at = dup_column (review, 1);
      e->user = dup_column (review, 2);
      e->action = dup_column (review, 3);
      e->entity = g_strdup ("record");
      e->entity_id = record_id;
      e->detail = detail_text (o);
      e->source = MUYING_HISTORY_REVIEW;
      g_ptr_array_add (entries, e);
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }

  steps = muying_store_query (store,
                                "SELECT s.id, s.created_at, s.user_name, s.state, s.step, s.step_date, s.note"
                                " FROM followup_step s JOIN followup f ON f.id = s.followup_id"
                                " WHERE f.record_id = ? ORDER BY s.id", error);
  if (steps == NULL)
    return NULL;
  muying_sql_bind_int64 (steps, 1, record_id);
  while ((rc = muying_sql_step (steps)) == SQLITE_ROW)
    {
      gint64 id = muying_sql_column_int64 (steps, 0);
      g_autoptr(JsonObject) o = NULL;
      MuyingHistoryEntry *e;
      const char *step;

      if (g_hash_table_contains (step_ids, &id))
        continue;
      /* The detail a step's audit row has: the state it moved to, the step, its date and note. */
      o = json_object_new ();
      set_text_member (o, "to", steps, 3);
      step = (const char *) muying_sql_column_text (steps, 4);
      if (step != NULL && muying_followup_step_get_label (step) != NULL)
        json_object_set_string_member (o, "step", step);
      set_text_member (o, "date", steps, 5);
      if (muying_sql_column_text (steps, 6) != NULL)
        json_object_set_string_member (o, "note", (const char *) muying_sql_column_text (steps, 6));

      e = g_new0 (MuyingHistoryEntry, 1);
      e->at = dup_column (steps, 1);
      e->user = dup_column (steps, 2);
      e->action = g_strdup ("followup");
      e->entity = g_strdup ("record");
      e->entity_id = record_id;
      e->detail = detail_text (o);
      e->source = MUYING_HISTORY_FOLLOWUP;
      g_ptr_array_add (entries, e);
    }
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      return NULL;
    }

  /* Stable: rows with the same time keep audit, review, step order. */
  g_ptr_array_sort (entries, compare_entries);
  return g_steal_pointer (&entries);
}
