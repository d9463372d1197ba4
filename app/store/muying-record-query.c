/* muying-record-query.c: the rows of a programme's record list, fetched a page at a time
 *
 * Its statements are kept by the store (muying_store_query_cached): a connection prepares each
 * once, not again for every page scrolled to or search typed (a search's statement of four to
 * seven arms took SQLite longer to prepare than to run).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "muying-store"

#include "config.h"

#include <string.h>

#include "muying-program-descriptor.h"
#include "muying-store-sql.h"
#include "muying-record-query.h"

MuyingRecordFilter *
muying_record_filter_new (MuyingProgram program)
{
  MuyingRecordFilter *filter = g_new0 (MuyingRecordFilter, 1);

  filter->program = program;
  filter->min_level = -1;
  filter->sort = MUYING_RECORD_SORT_DATE;
  filter->descending = TRUE;
  return filter;
}

MuyingRecordFilter *
muying_record_filter_copy (const MuyingRecordFilter *filter)
{
  MuyingRecordFilter *copy = g_memdup2 (filter, sizeof *filter);

  copy->search = g_strdup (filter->search);
  copy->date_from = g_strdup (filter->date_from);
  copy->date_to = g_strdup (filter->date_to);
  return copy;
}

void
muying_record_filter_free (MuyingRecordFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->search);
  g_free (filter->date_from);
  g_free (filter->date_to);
  g_free (filter);
}

gboolean
muying_record_filter_is_search (const MuyingRecordFilter *filter)
{
  return filter->search != NULL && filter->search[0] != '\0';
}

void
muying_record_row_free (MuyingRecordRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row->name);
  g_free (row->id_number);
  g_free (row->date);
  g_free (row->reasons);
  g_free (row->review_state);
  g_free (row->summary);
  g_free (row);
}

gboolean
muying_record_row_equal (const MuyingRecordRow *a,
                         const MuyingRecordRow *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->id == b->id && a->person_id == b->person_id && a->level == b->level &&
         g_strcmp0 (a->key, b->key) == 0 && g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->id_number, b->id_number) == 0 && g_strcmp0 (a->date, b->date) == 0 &&
         g_strcmp0 (a->reasons, b->reasons) == 0 && g_strcmp0 (a->review_state, b->review_state) == 0 &&
         g_strcmp0 (a->summary, b->summary) == 0;
}

/* The summary: the programme's MUYING_FIELD_SUMMARY fields as stored, '|'-separated. */
static char *
summary_column (MuyingProgram program)
{
  const MuyingProgramDescriptor *d = muying_program_descriptor_get (program);
  GString *s = g_string_new ("(SELECT ");
  guint n = 0;

  for (const MuyingField *f = d->fields; f->key != NULL; f++)
    if (MUYING_FIELD_IS (f, MUYING_FIELD_SUMMARY) && MUYING_FIELD_IS (f, MUYING_FIELD_STORED))
      /* as text: a number (the gestation's days) has no '' on a server */
      g_string_append_printf (s, "%scoalesce(CAST(x.%s AS TEXT), '')", n++ > 0 ? " || '|' || " : "", f->key);
  if (n == 0)
    g_string_append (s, "NULL");
  g_string_append_printf (s, " FROM %s x WHERE x.record_id = r.id)", d->table);
  return g_string_free (s, FALSE);
}

/* Columns of every list query, in this order. The summary is programme-specific. */
static const char *
select_columns (MuyingProgram program)
{
  static const char *columns[MUYING_N_PROGRAMS];

  g_return_val_if_fail (program < MUYING_N_PROGRAMS, NULL);
  if (g_once_init_enter (&columns[program]))
    {
      g_autofree char *summary = summary_column (program);
      /* the id number is the woman's: a newborn's mother's */
      const char *id_number = program == MUYING_PROGRAM_NEWBORN
        ? "(SELECT m.id_number FROM newborn x JOIN person m ON m.id = x.mother_id WHERE x.record_id = r.id)"
        : "p.id_number";

      g_once_init_leave (&columns[program],
                         g_strdup_printf ("r.id, r.record_key, p.name, %s, r.record_date, r.level, "
                                          "(SELECT group_concat(code, ';') FROM reason WHERE record_id = r.id), "
                                          "r.review_state, %s, r.person_id", id_number, summary));
    }
  return columns[program];
}

static MuyingRecordRow *
read_row (MuyingSqlStmt *stmt)
{
  MuyingRecordRow *row = g_new0 (MuyingRecordRow, 1);

  row->id = muying_sql_column_int64 (stmt, 0);
  row->key = g_strdup ((const char *) muying_sql_column_text (stmt, 1));
  row->name = g_strdup ((const char *) muying_sql_column_text (stmt, 2));
  row->id_number = g_strdup ((const char *) muying_sql_column_text (stmt, 3));
  row->date = g_strdup ((const char *) muying_sql_column_text (stmt, 4));
  row->level = (MuyingLevel) CLAMP (muying_sql_column_int (stmt, 5), 0, 2);
  row->reasons = g_strdup ((const char *) muying_sql_column_text (stmt, 6));
  row->review_state = g_strdup ((const char *) muying_sql_column_text (stmt, 7));
  row->summary = g_strdup ((const char *) muying_sql_column_text (stmt, 8));
  row->person_id = muying_sql_column_int64 (stmt, 9);
  return row;
}

/* Prefix range [prefix, prefix + U+10FFFF): lets SQLite use a plain index for "starts with". */
static char *
prefix_end (const char *prefix)
{
  return g_strconcat (prefix, "\xf4\x8f\xbf\xbf", NULL);
}

/* One arm of a search: the ids of @program's records whose person (@via: the record's own
 * person, or a newborn's mother) has @column in the prefix range ?2 … ?3, walked in that
 * column's index, with the browse filters of @filter. */
static void
append_person_arm (GString                  *sql,
                   const MuyingRecordFilter *filter,
                   const char               *column,
                   gboolean                  mother)
{
  if (mother)
    g_string_append_printf (sql, "SELECT r.id AS id FROM person p CROSS JOIN newborn x ON x.mother_id = p.id "
                            "CROSS JOIN record r ON r.id = x.record_id WHERE p.%s >= ?2 AND p.%s < ?3 AND "
                            "r.program = ?1", column, column);
  else
    g_string_append_printf (sql, "SELECT r.id AS id FROM person p CROSS JOIN record r ON r.person_id = p.id "
                            "WHERE p.%s >= ?2 AND p.%s < ?3 AND r.program = ?1", column, column);
  if (filter->date_from != NULL)
    g_string_append (sql, " AND r.record_date >= ?4");
  if (filter->date_to != NULL)
    g_string_append (sql, " AND r.record_date <= ?5");
  if (filter->min_level >= 0)
    g_string_append (sql, " AND r.level = ?6");
}

/* The key arm of a search: the ids of @program's records whose number is in the prefix range. */
static void
append_key_arm (GString                  *sql,
                const MuyingRecordFilter *filter)
{
  g_string_append (sql, "SELECT r.id AS id FROM record r WHERE r.program = ?1 AND r.record_key >= ?2 AND "
                   "r.record_key < ?3");
  if (filter->date_from != NULL)
    g_string_append (sql, " AND r.record_date >= ?4");
  if (filter->date_to != NULL)
    g_string_append (sql, " AND r.record_date <= ?5");
  if (filter->min_level >= 0)
    g_string_append (sql, " AND r.level = ?6");
}

/* The ids of at most MUYING_RECORD_SEARCH_LIMIT records a search matches (all of them unless
 * @capped), as a subquery bound to ?1 (program), ?2 (prefix), ?3 (prefix end) and the browse
 * filters. Each arm walks an index range and the arms are chained (UNION ALL) under one
 * DISTINCT … LIMIT: SQLite stops at the cap, so a one-character surname that matches a tenth of
 * the people reads 500 index entries, not all of them (a UNION, or an IN (subquery), would gather
 * every match first). A server gathers them all before its DISTINCT (30,000 ids and 0.2 s for 王
 * at a million records), so a capped search caps each arm too: an arm's ids are distinct, so an
 * arm that reaches the cap gives the cap alone, and the DISTINCT keeps the same first ids in the
 * same order on a file. The cap is taken in index order; the caller sorts the few it keeps. */
static char *
search_hits_capped (const MuyingRecordFilter *filter,
                    gboolean                  capped)
{
  static const char * const columns[] = { "id_number", "name", "phone" };
  GString *sql = g_string_new ("SELECT DISTINCT id FROM (");
  guint n_arms = G_N_ELEMENTS (columns) + 1 + (filter->program == MUYING_PROGRAM_NEWBORN ? G_N_ELEMENTS (columns) : 0);

  for (guint arm = 0; arm < n_arms; arm++)
    {
      if (arm > 0)
        g_string_append (sql, " UNION ALL ");
      if (capped)
        g_string_append (sql, "SELECT id FROM (");
      if (arm < G_N_ELEMENTS (columns))
        append_person_arm (sql, filter, columns[arm], FALSE);
      else if (arm == G_N_ELEMENTS (columns))
        append_key_arm (sql, filter);
      else
        append_person_arm (sql, filter, columns[arm - G_N_ELEMENTS (columns) - 1], TRUE);
      if (capped)
        g_string_append_printf (sql, " LIMIT %d) AS arm%u", MUYING_RECORD_SEARCH_LIMIT, arm);
    }
  /* (a server wants every subquery named) */
  g_string_append (sql, ") AS arms");
  if (capped)
    g_string_append_printf (sql, " LIMIT %d", MUYING_RECORD_SEARCH_LIMIT);
  return g_string_free (sql, FALSE);
}

static char *
search_hits (const MuyingRecordFilter *filter)
{
  return search_hits_capped (filter, TRUE);
}

/* The sort key of each order, ending in the row id so that it is total. The date order is
 * the order of record_stats_idx (program, record_date, level, person_id, rowid): SQLite walks
 * the index and never sorts, so every page costs the same at a million records. Within a day
 * the high-risk records come first. */
static const char *
sort_columns (const MuyingRecordFilter *filter)
{
  return filter->sort == MUYING_RECORD_SORT_KEY ? "r.record_key, r.id"
                                                : "r.record_date, r.level, r.person_id, r.id";
}

static char *
order_by (const MuyingRecordFilter *filter,
          gboolean                  reverse)
{
  gboolean descending = filter->descending != reverse;
  const char *dir = descending ? " DESC" : " ASC";

  if (filter->sort == MUYING_RECORD_SORT_KEY)
    return g_strdup_printf (" ORDER BY r.record_key%s, r.id%s", dir, dir);
  return g_strdup_printf (" ORDER BY r.record_date%s, r.level%s, r.person_id%s, r.id%s", dir, dir, dir, dir);
}

/* WHERE clause for browsing: ?1 program, ?4 from, ?5 to, ?6 level. */
static void
append_browse_where (GString                  *sql,
                     const MuyingRecordFilter *filter)
{
  g_string_append (sql, " WHERE r.program = ?1");
  if (filter->date_from != NULL)
    g_string_append (sql, " AND r.record_date >= ?4");
  if (filter->date_to != NULL)
    g_string_append (sql, " AND r.record_date <= ?5");
  if (filter->min_level >= 0)
    g_string_append (sql, " AND r.level = ?6");
}

static void
bind_common (MuyingSqlStmt             *stmt,
             const MuyingRecordFilter *filter)
{
  muying_sql_bind_text (stmt, 1, muying_program_to_string (filter->program), -1, SQLITE_STATIC);
  if (muying_record_filter_is_search (filter))
    {
      g_autofree char *end = prefix_end (filter->search);

      muying_sql_bind_text (stmt, 2, filter->search, -1, SQLITE_TRANSIENT);
      muying_sql_bind_text (stmt, 3, end, -1, SQLITE_TRANSIENT);
    }
  if (filter->date_from != NULL)
    muying_sql_bind_text (stmt, 4, filter->date_from, -1, SQLITE_TRANSIENT);
  if (filter->date_to != NULL)
    muying_sql_bind_text (stmt, 5, filter->date_to, -1, SQLITE_TRANSIENT);
  if (filter->min_level >= 0)
    muying_sql_bind_int (stmt, 6, filter->min_level);
}

/* The rows of @filter; a search's matches up to the list's cap when @capped, else all of them. */
static gint64
count_records (MuyingStore               *store,
               const MuyingRecordFilter  *filter,
               gboolean                   capped,
               GError                   **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  int rc;

  if (muying_record_filter_is_search (filter))
    {
      g_autofree char *hits = search_hits_capped (filter, capped);

      g_string_append_printf (sql, "SELECT count(*) FROM (%s) AS hits", hits);
    }
  else
    {
      g_string_append (sql, "SELECT count(*) FROM record r");
      append_browse_where (sql, filter);
    }
  stmt = muying_store_query_cached (store, sql->str, error);
  if (stmt == NULL)
    return -1;
  bind_common (stmt, filter);
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_ROW)
    {
      muying_store_set_error (store, rc, error);
      return -1;
    }
  return muying_sql_column_int64 (stmt, 0);
}

gint64
muying_record_query_count (MuyingStore               *store,
                           const MuyingRecordFilter  *filter,
                           GError                   **error)
{
  return count_records (store, filter, TRUE, error);
}

static void
bind_keyset (MuyingSqlStmt             *stmt,
             const MuyingRecordFilter *filter,
             const MuyingRecordRow    *anchor)
{
  if (filter->sort == MUYING_RECORD_SORT_KEY)
    {
      muying_sql_bind_text (stmt, 7, anchor->key, -1, SQLITE_TRANSIENT);
      muying_sql_bind_int64 (stmt, 8, anchor->id);
    }
  else
    {
      muying_sql_bind_text (stmt, 7, anchor->date, -1, SQLITE_TRANSIENT);
      muying_sql_bind_int (stmt, 8, anchor->level);
      muying_sql_bind_int64 (stmt, 9, anchor->person_id);
      muying_sql_bind_int64 (stmt, 10, anchor->id);
    }
}

static const char *
keyset_values (const MuyingRecordFilter *filter)
{
  return filter->sort == MUYING_RECORD_SORT_KEY ? "(?7, ?8)" : "(?7, ?8, ?9, ?10)";
}

/* The sort key of the row just before @offset, read from the index alone (no join, no row
 * lookups): a far jump costs an index walk, then the page is read by keyset. */
static gboolean
find_anchor (MuyingStore               *store,
             const MuyingRecordFilter  *filter,
             gint64                     offset,
             MuyingRecordRow           *anchor,
             gboolean                  *found,
             GError                   **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  g_autofree char *order = order_by (filter, FALSE);
  int rc;

  *found = FALSE;
  g_string_append_printf (sql, "SELECT %s FROM record r", sort_columns (filter));
  append_browse_where (sql, filter);
  g_string_append_printf (sql, "%s LIMIT 1 OFFSET ?12", order);
  stmt = muying_store_query_cached (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_common (stmt, filter);
  muying_sql_bind_int64 (stmt, 12, offset - 1);
  rc = muying_sql_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return muying_store_set_error (store, rc, error);
  *found = TRUE;
  if (filter->sort == MUYING_RECORD_SORT_KEY)
    {
      anchor->key = g_strdup ((const char *) muying_sql_column_text (stmt, 0));
      anchor->id = muying_sql_column_int64 (stmt, 1);
    }
  else
    {
      anchor->date = g_strdup ((const char *) muying_sql_column_text (stmt, 0));
      anchor->level = (MuyingLevel) muying_sql_column_int (stmt, 1);
      anchor->person_id = muying_sql_column_int64 (stmt, 2);
      anchor->id = muying_sql_column_int64 (stmt, 3);
    }
  return TRUE;
}

GPtrArray *
muying_record_query_page (MuyingStore               *store,
                          const MuyingRecordFilter  *filter,
                          const MuyingRecordRow     *after,
                          const MuyingRecordRow     *before,
                          gint64                     offset,
                          guint                      limit,
                          GError                   **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_record_row_free);
  MuyingRecordRow anchor = { 0 };
  const MuyingRecordRow *keyset = NULL;
  gboolean search = muying_record_filter_is_search (filter);
  gboolean reverse = FALSE;
  g_autofree char *order = NULL;
  int rc;

  if (!search)
    {
      if (after != NULL)
        keyset = after;
      else if (before != NULL)
        {
          keyset = before;
          reverse = TRUE;   /* scrolling up: read the page backwards from the row below it */
        }
      else if (offset > 0)
        {
          gboolean found;

          if (!find_anchor (store, filter, offset, &anchor, &found, error))
            return NULL;
          if (!found)
            return g_steal_pointer (&rows);
          keyset = &anchor;
        }
    }

  if (search)
    {
      g_autofree char *hits = search_hits (filter);

      /* From the few hits to their records (CROSS JOIN fixes that order): joined the other
       * way, SQLite walks every record of the programme and probes the hits. Only the capped
       * hits are sorted. */
      g_string_append_printf (sql, "SELECT %s FROM (%s) h CROSS JOIN record r ON r.id = h.id "
                              "JOIN person p ON p.id = r.person_id", select_columns (filter->program), hits);
      g_string_append (sql, " WHERE TRUE");
    }
  else
    {
      g_string_append_printf (sql, "SELECT %s FROM record r JOIN person p ON p.id = r.person_id",
                              select_columns (filter->program));
      append_browse_where (sql, filter);
    }
  if (keyset != NULL)
    g_string_append_printf (sql, " AND (%s) %s %s", sort_columns (filter),
                            (filter->descending != reverse) ? "<" : ">", keyset_values (filter));
  order = order_by (filter, reverse);
  g_string_append_printf (sql, "%s LIMIT ?11", order);
  if (search)
    g_string_append (sql, " OFFSET ?12");

  stmt = muying_store_query_cached (store, sql->str, error);
  if (stmt == NULL)
    goto fail;
  bind_common (stmt, filter);
  if (keyset != NULL)
    bind_keyset (stmt, filter, keyset);
  if (search)
    {
      muying_sql_bind_int64 (stmt, 12, offset);
      limit = (guint) MIN ((gint64) limit, MAX (0, MUYING_RECORD_SEARCH_LIMIT - offset));
    }
  muying_sql_bind_int (stmt, 11, (int) limit);

  while ((rc = muying_sql_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      muying_store_set_error (store, rc, error);
      goto fail;
    }
  if (reverse)
    {
      for (guint i = 0, j = rows->len ? rows->len - 1 : 0; i < j; i++, j--)
        {
          gpointer tmp = rows->pdata[i];
          rows->pdata[i] = rows->pdata[j];
          rows->pdata[j] = tmp;
        }
    }
  g_free (anchor.key);
  g_free (anchor.date);
  return g_steal_pointer (&rows);

fail:
  g_free (anchor.key);
  g_free (anchor.date);
  return NULL;
}

GPtrArray *
muying_record_query_rows (MuyingStore    *store,
                          MuyingProgram   program,
                          const GArray   *ids,
                          GError        **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM record r JOIN person p ON p.id = r.person_id "
                                          "WHERE r.id = ?1 AND r.program = ?2", select_columns (program));
  g_autoptr(MuyingSqlCachedStmt) stmt = muying_store_query_cached (store, sql, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) muying_record_row_free);

  if (stmt == NULL)
    return NULL;
  muying_sql_bind_text (stmt, 2, muying_program_to_string (program), -1, SQLITE_STATIC);
  /* one lookup by primary key per record: what a period's count holds, never a table */
  for (guint i = 0; i < ids->len; i++)
    {
      int rc;

      muying_sql_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      rc = muying_sql_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (rows, read_row (stmt));
      else if (rc != SQLITE_DONE)
        {
          muying_store_set_error (store, rc, error);
          return NULL;
        }
      muying_sql_reset (stmt);
    }
  return g_steal_pointer (&rows);
}

/* ---- for worker threads ------------------------------------------------------------------ */

/* A failure of a query interrupted by @cancellable is G_IO_ERROR_CANCELLED, not an error of
 * the database. */
static void
set_cancelled_error (GCancellable  *cancellable,
                     GError       **error)
{
  if (g_cancellable_is_cancelled (cancellable) && error != NULL && *error != NULL)
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
    }
}

GPtrArray *
muying_record_query_search (MuyingStore               *store,
                            const MuyingRecordFilter  *filter,
                            GCancellable              *cancellable,
                            GError                   **error)
{
  MuyingSqlWatch *watch;
  GPtrArray *rows;

  g_return_val_if_fail (muying_record_filter_is_search (filter), NULL);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  watch = muying_sql_watch (muying_store_get_sql (store), cancellable);
  rows = muying_record_query_page (store, filter, NULL, NULL, 0, MUYING_RECORD_SEARCH_LIMIT, error);
  muying_sql_unwatch (watch);
  if (rows == NULL)
    set_cancelled_error (cancellable, error);
  return rows;
}

/* count_records, interrupted by @cancellable. */
static gint64
count_records_cancellable (MuyingStore               *store,
                           const MuyingRecordFilter  *filter,
                           gboolean                   capped,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  MuyingSqlWatch *watch;
  gint64 n;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  watch = muying_sql_watch (muying_store_get_sql (store), cancellable);
  n = count_records (store, filter, capped, error);
  muying_sql_unwatch (watch);
  if (n < 0)
    set_cancelled_error (cancellable, error);
  return n;
}

gint64
muying_record_query_count_cancellable (MuyingStore               *store,
                                       const MuyingRecordFilter  *filter,
                                       GCancellable              *cancellable,
                                       GError                   **error)
{
  return count_records_cancellable (store, filter, TRUE, cancellable, error);
}

gint64
muying_record_query_count_matches (MuyingStore               *store,
                                   const MuyingRecordFilter  *filter,
                                   GCancellable              *cancellable,
                                   GError                   **error)
{
  g_return_val_if_fail (muying_record_filter_is_search (filter), -1);
  /* The same index ranges as the capped search, walked to their ends: a broad search's count
   * costs its matches (seconds for a common surname at ten million records), so it runs in a
   * worker thread that a newer search interrupts. */
  return count_records_cancellable (store, filter, FALSE, cancellable, error);
}

/* Below this many record ids a count is cheaper than any estimate worth showing. */
#define EXACT_BELOW 50000
#define SAMPLE_SIZE 1024

gint64
muying_record_query_estimate (MuyingStore               *store,
                              const MuyingRecordFilter  *filter,
                              gboolean                  *exact,
                              GError                   **error)
{
  g_autoptr(MuyingSqlCachedStmt) max_stmt = NULL;
  g_autoptr(MuyingSqlCachedStmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  gint64 max_id, hits;
  int rc;

  g_return_val_if_fail (!muying_record_filter_is_search (filter), -1);
  *exact = FALSE;
  max_stmt = muying_store_query_cached (store, "SELECT max(id) FROM record", error);
  if (max_stmt == NULL)
    return -1;
  rc = muying_sql_step (max_stmt);
  if (rc != SQLITE_ROW)
    {
      muying_store_set_error (store, rc, error);
      return -1;
    }
  max_id = muying_sql_column_int64 (max_stmt, 0);
  if (max_id < EXACT_BELOW)
    {
      *exact = TRUE;
      return muying_record_query_count (store, filter, error);
    }

  /* SAMPLE_SIZE ids spread evenly over 1 … max_id: the share of them that are rows the filter
   * selects, times max_id (ids of deleted records count as misses). */
  g_string_append_printf (sql, "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < %d) "
                          "SELECT count(*) FROM s CROSS JOIN record r ON r.id = 1 + (s.i * ?13) / %d",
                          SAMPLE_SIZE - 1, SAMPLE_SIZE);
  append_browse_where (sql, filter);
  stmt = muying_store_query_cached (store, sql->str, error);
  if (stmt == NULL)
    return -1;
  bind_common (stmt, filter);
  muying_sql_bind_int64 (stmt, 13, max_id);
  rc = muying_sql_step (stmt);
  if (rc != SQLITE_ROW)
    {
      muying_store_set_error (store, rc, error);
      return -1;
    }
  hits = muying_sql_column_int64 (stmt, 0);
  if (hits == 0)
    {
      /* None in the sample: the rows are few (or none: the page's empty state must be right). */
      *exact = TRUE;
      return muying_record_query_count (store, filter, error);
    }
  return hits * max_id / SAMPLE_SIZE;
}
