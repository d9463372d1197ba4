/* test-record-model.c: the paged record model over 100,000 rows agrees with plain SQL —
 * sequential (keyset) and random (OFFSET) access, both sort orders, search and filters —
 * and never holds more than its page budget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-record-model-private.h"
#include "muying-store-sql.h"
#include "muying-record-item.h"
#include "muying-record-model.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

#define N_ROWS 100000

static char *dir;
static MuyingStore *store;         /* the one a test reads: the file's or the server's */
static MuyingStore *file_store;
static MuyingStore *server_store;  /* the same rows on the PostgreSQL test server, or NULL */
static char *server_uri;

static const char *surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周" };
static const char *given[] = { "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂英", "玉兰", "婷" };

/* Rows are written with plain SQL (not through the importer) so the fixture is quick to build;
 * what is tested is the model's reading. Dates repeat a lot, so the id tie-break matters. */
static void
build_fixture (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  sqlite3_stmt *person, *record;
  sqlite3 *db;

  dir = muying_test_make_tmpdir ();
  path = g_build_filename (dir, "model.db", NULL);
  store = muying_store_create (path, &error);
  g_assert_no_error (error);
  db = muying_store_get_handle (store);

  g_assert_true (muying_store_begin (store, &error));
  person = muying_store_prepare (store, "INSERT INTO person (id, id_number, name, sex, birth_date, phone, created_at, "
                                        "updated_at) VALUES (?, ?, ?, 2, '1990-01-01', ?, 'now', 'now')", &error);
  record = muying_store_prepare (store, "INSERT INTO record (id, program, record_key, person_id, record_date, level, "
                                        "computed_level, rules_version, review_state, created_at, updated_at) "
                                        "VALUES (?, ?, ?, ?, ?, ?, ?, 'test', 'none', 'now', 'now')", &error);
  for (int i = 1; i <= N_ROWS; i++)
    {
      char id_number[32], name[64], key[32], date[16], phone[16];
      int level = g_rand_int_range (rand, 0, 100) < 5 ? 2 : g_rand_int_range (rand, 0, 100) < 10 ? 1 : 0;
      const char *program = i % 10 == 0 ? "two_cancer" : "prenatal";

      g_snprintf (id_number, sizeof id_number, "1101051990%08d", i);
      g_snprintf (name, sizeof name, "%s%s", surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                  given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))]);
      g_snprintf (key, sizeof key, "K%06d", (N_ROWS - i) * 7);   /* unique, in the opposite order to id */
      g_snprintf (date, sizeof date, "20%02d-%02d-%02d", 16 + g_rand_int_range (rand, 0, 10),
                  g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
      g_snprintf (phone, sizeof phone, "138%08d", i);

      sqlite3_reset (person);
      sqlite3_bind_int (person, 1, i);
      sqlite3_bind_text (person, 2, id_number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (person, 3, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (person, 4, phone, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (person), ==, SQLITE_DONE);

      sqlite3_reset (record);
      sqlite3_bind_int (record, 1, i);
      sqlite3_bind_text (record, 2, program, -1, SQLITE_STATIC);
      sqlite3_bind_text (record, 3, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (record, 4, i);
      sqlite3_bind_text (record, 5, date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (record, 6, level);
      sqlite3_bind_int (record, 7, level);
      g_assert_cmpint (sqlite3_step (record), ==, SQLITE_DONE);
    }
  sqlite3_finalize (person);
  sqlite3_finalize (record);
  g_assert_true (muying_store_commit (store, &error));
  (void) db;
}

/* The ids SQL gives for @where / @order, to compare with the model. */
static GArray *
sql_ids (const char *where,
         const char *order)
{
  g_autofree char *sql = g_strdup_printf ("SELECT r.id FROM record r JOIN person p ON p.id = r.person_id "
                                          "WHERE %s ORDER BY %s", where, order);
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, sql, NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_nonnull (stmt);
  while (muying_sql_step (stmt) == SQLITE_ROW)
    {
      gint64 id = muying_sql_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return ids;
}

static gint64
model_id (MuyingRecordModel *model,
          guint              position)
{
  g_autoptr(MuyingRecordItem) item = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (item);
  return muying_record_item_get_row (item)->id;
}

static void
assert_model_matches (MuyingRecordModel *model,
                      GArray            *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    if (model_id (model, i) != g_array_index (expected, gint64, i))
      g_error ("position %u: model %lld, SQL %lld", i, (long long) model_id (model, i),
               (long long) g_array_index (expected, gint64, i));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), expected->len));
  g_assert_cmpuint (muying_record_model_get_cached_pages (model), <=, MUYING_RECORD_MODEL_MAX_PAGES);
}

static void
test_browse_by_date (void)
{
  g_autoptr(MuyingRecordFilter) filter = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(MuyingRecordModel) model = muying_record_model_new (store, filter, NULL);
  g_autoptr(GArray) expected = sql_ids ("r.program = 'prenatal'", "r.record_date DESC, r.level DESC, r.person_id DESC, r.id DESC");
  guint pages = (expected->len + MUYING_RECORD_MODEL_PAGE_SIZE - 1) / MUYING_RECORD_MODEL_PAGE_SIZE;

  g_assert_cmpuint (expected->len, ==, N_ROWS - N_ROWS / 10);
  assert_model_matches (model, expected);
  /* Sequential reading fetched each page once (keyset after the first). */
  g_assert_cmpuint (muying_record_model_get_page_fetches (model), ==, pages);
}

typedef struct
{
  guint calls, position, removed, added;
} Changed;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Changed    *changed)
{
  changed->calls++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

/* Another program added a record: the same model reads its query again in place, as one change
 * of the whole list (a view keeps its place), and then answers as a new model would. */
static void
test_reload_in_place (void)
{
  g_autoptr(MuyingRecordFilter) filter = muying_record_filter_new (MUYING_PROGRAM_TWO_CANCER);
  g_autoptr(MuyingRecordModel) model = muying_record_model_new (store, filter, NULL);
  g_autoptr(GArray) before = sql_ids ("r.program = 'two_cancer'", "r.record_date DESC, r.level DESC, r.person_id DESC, r.id DESC");
  g_autoptr(GArray) after = NULL;
  g_autoptr(GError) error = NULL;
  Changed changed = { 0 };

  assert_model_matches (model, before);
  /* the first page read (again) before the change: the reload must not serve it */
  g_assert_cmpint (model_id (model, 0), ==, g_array_index (before, gint64, 0));
  g_assert_true (muying_store_exec (store, "INSERT INTO record (id, program, record_key, person_id, record_date, "
                                           "level, computed_level, rules_version, review_state, created_at, "
                                           "updated_at) VALUES (900001, 'two_cancer', 'NEW-1', 1, '2099-01-01', 0, 0, "
                                           "'test', 'none', 'now', 'now')", &error));
  g_assert_no_error (error);
  after = sql_ids ("r.program = 'two_cancer'", "r.record_date DESC, r.level DESC, r.person_id DESC, r.id DESC");
  g_assert_cmpuint (after->len, ==, before->len + 1);

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &changed);
  muying_record_model_reload (model, after->len);
  g_assert_cmpuint (changed.calls, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, before->len);
  g_assert_cmpuint (changed.added, ==, after->len);
  g_assert_cmpint (model_id (model, 0), ==, 900001);
  assert_model_matches (model, after);

  g_assert_true (muying_store_exec (store, "DELETE FROM record WHERE id = 900001", &error));
  g_assert_no_error (error);
}

static void
test_random_access (void)
{
  g_autoptr(MuyingRecordFilter) filter = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(MuyingRecordModel) model = NULL;
  g_autoptr(GArray) expected = sql_ids ("r.program = 'prenatal'", "r.record_date DESC, r.level DESC, r.person_id DESC, r.id DESC");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  filter->sort = MUYING_RECORD_SORT_DATE;
  model = muying_record_model_new (store, filter, NULL);
  for (int i = 0; i < 300; i++)
    {
      guint pos = (guint) g_rand_int_range (rand, 0, (gint32) expected->len);
      g_assert_cmpint (model_id (model, pos), ==, g_array_index (expected, gint64, pos));
    }
  /* The last row, then walking backwards over a page boundary. */
  for (guint pos = expected->len - 1; pos > expected->len - 450; pos--)
    g_assert_cmpint (model_id (model, pos), ==, g_array_index (expected, gint64, pos));
  g_assert_cmpuint (muying_record_model_get_cached_pages (model), <=, MUYING_RECORD_MODEL_MAX_PAGES);
}

static void
test_sort_by_key (void)
{
  g_autoptr(MuyingRecordFilter) filter = muying_record_filter_new (MUYING_PROGRAM_TWO_CANCER);
  g_autoptr(MuyingRecordModel) model = NULL;
  g_autoptr(GArray) asc = sql_ids ("r.program = 'two_cancer'", "r.record_key ASC, r.id ASC");
  g_autoptr(GArray) desc = sql_ids ("r.program = 'two_cancer'", "r.record_key DESC, r.id DESC");

  filter->sort = MUYING_RECORD_SORT_KEY;
  filter->descending = FALSE;
  model = muying_record_model_new (store, filter, NULL);
  assert_model_matches (model, asc);
  g_clear_object (&model);
  filter->descending = TRUE;
  model = muying_record_model_new (store, filter, NULL);
  assert_model_matches (model, desc);
}

static void
test_filters (void)
{
  g_autoptr(MuyingRecordFilter) filter = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(MuyingRecordModel) model = NULL;
  g_autoptr(GArray) expected = sql_ids ("r.program = 'prenatal' AND r.level = 2 AND r.record_date >= '2020-01-01' "
                                        "AND r.record_date <= '2021-06-30'", "r.record_date DESC, r.level DESC, r.person_id DESC, r.id DESC");

  filter->min_level = MUYING_LEVEL_HIGH;
  filter->date_from = g_strdup ("2020-01-01");
  filter->date_to = g_strdup ("2021-06-30");
  model = muying_record_model_new (store, filter, NULL);
  g_assert_cmpuint (expected->len, >, 0);
  assert_model_matches (model, expected);
}

static void
check_search (const char *text,
              const char *where)
{
  g_autoptr(MuyingRecordFilter) filter = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(MuyingRecordModel) model = NULL;
  g_autofree char *full_where = g_strdup_printf ("r.program = 'prenatal' AND (%s)", where);
  g_autoptr(GArray) expected = sql_ids (full_where, "r.record_date DESC, r.level DESC, r.person_id DESC, r.id DESC");

  g_test_message ("search %s: %u rows", text, expected->len);
  filter->search = g_strdup (text);
  /* the number of matches is not capped */
  g_assert_cmpint (muying_record_query_count_matches (store, filter, NULL, NULL), ==, expected->len);
  model = muying_record_model_new (store, filter, NULL);
  if (expected->len > MUYING_RECORD_SEARCH_LIMIT)
    {
      /* A broad search keeps the first MUYING_RECORD_SEARCH_LIMIT matches it meets in the index
       * (it never gathers and sorts them all) and sorts those: each row is a match, none twice,
       * in the list's order. */
      g_autoptr(GHashTable) position = g_hash_table_new (g_int64_hash, g_int64_equal);
      gint64 last = -1;

      for (guint i = 0; i < expected->len; i++)
        g_hash_table_insert (position, &g_array_index (expected, gint64, i), GUINT_TO_POINTER (i + 1));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, MUYING_RECORD_SEARCH_LIMIT);
      for (guint i = 0; i < MUYING_RECORD_SEARCH_LIMIT; i++)
        {
          gint64 id = model_id (model, i);
          gint64 at = GPOINTER_TO_UINT (g_hash_table_lookup (position, &id));

          g_assert_cmpint (at, >, last);
          last = at;
        }
      g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), MUYING_RECORD_SEARCH_LIMIT));
      return;
    }
  assert_model_matches (model, expected);
}

static void
test_search (void)
{
  check_search ("110105199000012", "p.id_number LIKE '110105199000012%'");
  check_search ("11010519900004567", "p.id_number LIKE '11010519900004567%'");
  check_search ("王秀英", "p.name LIKE '王秀英%'");
  check_search ("K00123", "r.record_key LIKE 'K00123%'");
  check_search ("13800077", "p.phone LIKE '13800077%'");
  check_search ("没有这个人", "0");
  /* A broad search stops at the limit. */
  check_search ("王", "p.name LIKE '王%'");
}

/* The browse estimate: near the count at once, and exact where counting is as cheap. */
static void
test_estimate (void)
{
  g_autoptr(MuyingRecordFilter) filter = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(GError) error = NULL;
  gboolean exact = TRUE;
  gint64 count, estimate;

  count = muying_record_query_count (store, filter, &error);
  g_assert_no_error (error);
  estimate = muying_record_query_estimate (store, filter, &exact, &error);
  g_assert_no_error (error);
  g_test_message ("prenatal: %" G_GINT64_FORMAT " records, estimated %" G_GINT64_FORMAT, count, estimate);
  g_assert_false (exact);
  g_assert_cmpint (ABS (estimate - count), <, count / 10);

  /* nothing in the sample: counted */
  filter->date_from = g_strdup ("2099-01-01");
  estimate = muying_record_query_estimate (store, filter, &exact, &error);
  g_assert_no_error (error);
  g_assert_true (exact);
  g_assert_cmpint (estimate, ==, 0);
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (500);
  g_cancellable_cancel (data);
  return NULL;
}

/* A cancelled search or count ends with G_IO_ERROR_CANCELLED, also when the cancel comes from
 * another thread while SQLite runs the query. */
static void
test_cancel (void)
{
  g_autoptr(MuyingRecordFilter) search = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(MuyingRecordFilter) browse = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gboolean interrupted = FALSE;

  search->search = g_strdup ("王");
  g_cancellable_cancel (cancelled);
  rows = muying_record_query_search (store, search, cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (rows);
  g_clear_error (&error);

  rows = muying_record_query_search (store, search, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, MUYING_RECORD_SEARCH_LIMIT);
  g_assert_cmpint (muying_record_query_count_matches (store, search, cancelled, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* a count of the whole programme, cancelled from a thread while it runs */
  browse->date_to = g_strdup ("2099-12-31");
  for (int i = 0; i < 50 && !interrupted; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      GThread *thread = g_thread_new ("cancel", cancel_soon, cancellable);
      gint64 n = muying_record_query_count_cancellable (store, browse, cancellable, &error);

      g_thread_join (thread);
      if (n < 0)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_clear_error (&error);
          interrupted = TRUE;
        }
      else
        g_assert_no_error (error);
    }
  g_assert_true (interrupted);
  /* the connection answers again afterwards */
  g_assert_cmpint (muying_record_query_count_cancellable (store, browse, NULL, &error), >, 0);
  g_assert_no_error (error);
}

static void
on_items_changed_log_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GArray     *changes)
{
  guint change[3] = { position, removed, added };

  g_array_append_vals (changes, change, 3);
}

static void
on_item_changed_cb (MuyingRecordItem *item,
                    guint            *n)
{
  (*n)++;
}

/* A search's rows replace a browsed list's in place: the items the view was given stay and take
 * the new rows (saying so), the list shrinks at its end, and the pages of those items were never
 * evicted meanwhile, however far the list was read. */
static void
test_replace_rows (void)
{
  g_autoptr(MuyingRecordFilter) browse = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(MuyingRecordFilter) search = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(MuyingRecordModel) model = muying_record_model_new (store, browse, NULL);
  g_autoptr(MuyingRecordItem) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_autoptr(MuyingRecordItem) last = g_list_model_get_item (G_LIST_MODEL (model), MUYING_RECORD_SEARCH_LIMIT - 1);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint first_changed = 0, last_changed = 0;

  /* far more pages than the model keeps */
  for (guint page = 3; page < 3 + 2 * MUYING_RECORD_MODEL_MAX_PAGES; page++)
    model_id (model, page * MUYING_RECORD_MODEL_PAGE_SIZE);
  g_assert_cmpuint (muying_record_model_get_cached_pages (model), <=, MUYING_RECORD_MODEL_MAX_PAGES);
  {
    g_autoptr(MuyingRecordItem) again = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_true (again == first);
  }

  search->search = g_strdup ("王");
  rows = muying_record_query_search (store, search, NULL, NULL);
  g_assert_cmpuint (rows->len, ==, MUYING_RECORD_SEARCH_LIMIT);
  for (guint i = 0; i < rows->len; i++)
    g_array_append_val (ids, ((MuyingRecordRow *) g_ptr_array_index (rows, i))->id);
  g_assert_cmpint (muying_record_item_get_row (first)->id, !=, g_array_index (ids, gint64, 0));
  g_signal_connect (first, "changed", G_CALLBACK (on_item_changed_cb), &first_changed);
  g_signal_connect (last, "changed", G_CALLBACK (on_item_changed_cb), &last_changed);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_log_cb), changes);

  g_assert_true (muying_record_model_replace_rows (model, search, rows));
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_cmpstr (muying_record_model_get_filter (model)->search, ==, "王");
  /* one change, at the end */
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, MUYING_RECORD_SEARCH_LIMIT);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, old_n - MUYING_RECORD_SEARCH_LIMIT);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 0);
  /* the same items, with the new rows */
  g_assert_cmpuint (first_changed, ==, 1);
  g_assert_cmpuint (last_changed, ==, 1);
  g_assert_cmpint (muying_record_item_get_row (first)->id, ==, g_array_index (ids, gint64, 0));
  g_assert_cmpint (muying_record_item_get_row (last)->id, ==, g_array_index (ids, gint64, ids->len - 1));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (model_id (model, i), ==, g_array_index (ids, gint64, i));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), ids->len));
  /* the search's rows were read by the query, none by the model */
  g_assert_cmpuint (muying_record_model_get_page_fetches (model), ==, 0);

  /* The same search read again (others committed something this list does not show): no item
   * says it changed, and the list's length stays, so the view has nothing to redo. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = muying_record_query_search (store, search, NULL, NULL);
  g_array_set_size (changes, 0);
  g_assert_true (muying_record_model_replace_rows (model, search, rows));
  g_assert_cmpuint (first_changed, ==, 1);
  g_assert_cmpuint (last_changed, ==, 1);
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_cmpint (muying_record_item_get_row (first)->id, ==, g_array_index (ids, gint64, 0));
  /* A row that did change (its level, say) still says so, and only that one. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = muying_record_query_search (store, search, NULL, NULL);
  {
    MuyingRecordRow *changed = g_ptr_array_index (rows, rows->len - 1);

    changed->level = changed->level == MUYING_LEVEL_HIGH ? MUYING_LEVEL_LOW : MUYING_LEVEL_HIGH;
    g_assert_true (muying_record_model_replace_rows (model, search, rows));
    g_assert_cmpuint (first_changed, ==, 1);
    g_assert_cmpuint (last_changed, ==, 2);
  }
  g_signal_handlers_disconnect_by_data (first, &first_changed);
  g_signal_handlers_disconnect_by_data (last, &last_changed);
}

/* A browse query takes the model's places (a search cleared, a filter changed): its first rows
 * are read at once, as many pages as the places the list had, and the items at those places take
 * them, so that the list only grows or shrinks after them; then the model reads the new query as a
 * new model would. Not counted yet, the list is no longer than the rows read; a short page is the
 * whole list, whatever the estimate: no place past the query's end. */
static void
test_replace_query (void)
{
  g_autoptr(MuyingRecordFilter) search = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(MuyingRecordFilter) high = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(MuyingRecordFilter) all = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(MuyingRecordFilter) one_day = muying_record_filter_new (MUYING_PROGRAM_TWO_CANCER);
  g_autoptr(MuyingRecordModel) model = NULL;
  g_autoptr(MuyingRecordItem) first = NULL;
  g_autoptr(MuyingRecordItem) last = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) expected = sql_ids ("r.program = 'prenatal' AND r.level = 2",
                                        "r.record_date DESC, r.level DESC, r.person_id DESC, r.id DESC");
  g_autoptr(GArray) prenatal = sql_ids ("r.program = 'prenatal'",
                                        "r.record_date DESC, r.level DESC, r.person_id DESC, r.id DESC");
  g_autoptr(GArray) few = sql_ids ("r.program = 'two_cancer' AND r.record_date >= '2020-05-05' "
                                   "AND r.record_date <= '2020-05-05'",
                                   "r.record_date DESC, r.level DESC, r.person_id DESC, r.id DESC");
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  guint read = 3 * MUYING_RECORD_MODEL_PAGE_SIZE;   /* the pages of a search's 500 places */
  guint first_changed = 0, last_changed = 0;
  gboolean counted = TRUE;

  /* the list shows a search's 500 rows */
  search->search = g_strdup ("王");
  rows = muying_record_query_search (store, search, NULL, NULL);
  model = muying_record_model_new_from_rows (store, search, rows);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, MUYING_RECORD_SEARCH_LIMIT);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  last = g_list_model_get_item (G_LIST_MODEL (model), MUYING_RECORD_SEARCH_LIMIT - 1);
  g_signal_connect (first, "changed", G_CALLBACK (on_item_changed_cb), &first_changed);
  g_signal_connect (last, "changed", G_CALLBACK (on_item_changed_cb), &last_changed);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_log_cb), changes);

  /* cleared, and the level filter set, before the count */
  high->min_level = MUYING_LEVEL_HIGH;
  g_assert_cmpuint (expected->len, >, read);
  g_assert_true (muying_record_model_replace_query (model, high, -1, &counted, &error));
  g_assert_no_error (error);
  g_assert_false (counted);
  g_assert_null (muying_record_model_get_filter (model)->search);
  g_assert_cmpint (muying_record_model_get_filter (model)->min_level, ==, MUYING_LEVEL_HIGH);
  g_assert_cmpuint (muying_record_model_get_page_fetches (model), ==, 3);
  /* the items at the search's places stay, with the new rows; the list grows after them */
  g_assert_cmpuint (first_changed, ==, 1);
  g_assert_cmpuint (last_changed, ==, 1);
  g_assert_cmpint (muying_record_item_get_row (first)->id, ==, g_array_index (expected, gint64, 0));
  g_assert_cmpint (muying_record_item_get_row (last)->id, ==,
                   g_array_index (expected, gint64, MUYING_RECORD_SEARCH_LIMIT - 1));
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, MUYING_RECORD_SEARCH_LIMIT);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, 0);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, read - MUYING_RECORD_SEARCH_LIMIT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, read);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), read));
  /* the count adds the rest */
  muying_record_model_set_n_items (model, expected->len);
  assert_model_matches (model, expected);
  g_signal_handlers_disconnect_by_data (first, &first_changed);
  g_signal_handlers_disconnect_by_data (last, &last_changed);

  /* from a long list, another filter with its count known: one page read, the list as long as
   * the count, changed after the page */
  g_array_set_size (changes, 0);
  g_assert_true (muying_record_model_replace_query (model, all, prenatal->len, &counted, &error));
  g_assert_no_error (error);
  g_assert_true (counted);
  g_assert_cmpuint (muying_record_model_get_page_fetches (model), ==, 1);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, MUYING_RECORD_MODEL_PAGE_SIZE);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, expected->len - MUYING_RECORD_MODEL_PAGE_SIZE);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, prenatal->len - MUYING_RECORD_MODEL_PAGE_SIZE);
  assert_model_matches (model, prenatal);

  /* a query of a few rows, not counted: its short page is the whole list */
  g_array_set_size (changes, 0);
  one_day->date_from = g_strdup ("2020-05-05");
  one_day->date_to = g_strdup ("2020-05-05");
  g_assert_cmpuint (few->len, >, 0);
  g_assert_cmpuint (few->len, <, MUYING_RECORD_MODEL_PAGE_SIZE);
  g_assert_true (muying_record_model_replace_query (model, one_day, -1, &counted, &error));
  g_assert_no_error (error);
  g_assert_true (counted);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, guint, 0), ==, few->len);
  g_assert_cmpuint (g_array_index (changes, guint, 1), ==, prenatal->len - few->len);
  g_assert_cmpuint (g_array_index (changes, guint, 2), ==, 0);
  assert_model_matches (model, few);
  g_assert_cmpint (muying_record_item_get_row (first)->id, ==, g_array_index (few, gint64, 0));
}

static void
on_load_failed_cb (MuyingRecordModel *model,
                   const GError      *error,
                   gpointer           user_data)
{
  *(char **) user_data = g_strdup (error->message);
}

/* A page the store cannot read (the table gone here; a lost server in use) is shown empty and
 * the model says why, once, from the main loop. */
static void
test_load_failed (void)
{
  g_autoptr(MuyingRecordFilter) filter = muying_record_filter_new (MUYING_PROGRAM_PRENATAL);
  g_autoptr(MuyingRecordModel) model = muying_record_model_new (store, filter, NULL);
  g_autoptr(MuyingRecordItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_signal_connect (model, "load-failed", G_CALLBACK (on_load_failed_cb), &message);
  g_assert_true (muying_store_exec (store, "ALTER TABLE prenatal RENAME TO prenatal_away", &error));
  g_assert_no_error (error);
  g_test_expect_message ("muying-ui", G_LOG_LEVEL_WARNING, "Loading records failed*");
  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_test_assert_expected_messages ();
  g_assert_null (item);
  g_assert_null (message);   /* not while the view measures */
  while (message == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (message, "prenatal"));
  g_assert_true (muying_store_exec (store, "ALTER TABLE prenatal_away RENAME TO prenatal", &error));
  g_assert_no_error (error);
}

/* A test of the list, run with @data's store (the file's or the server's) as the one read. */
typedef struct
{
  void     (*run) (void);
  gboolean   server;
} Case;

static void
run_case (gconstpointer data)
{
  const Case *c = data;

  if (c->server && server_store == NULL)
    {
      g_test_skip ("no PostgreSQL test server (MUYING_TEST_PG)");
      return;
    }
  store = c->server ? server_store : file_store;
  c->run ();
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; void (*run) (void); } tests[] = {
    { "browse-by-date", test_browse_by_date },
    { "random-access", test_random_access },
    { "reload-in-place", test_reload_in_place },
    { "sort-by-key", test_sort_by_key },
    { "filters", test_filters },
    { "search", test_search },
    { "estimate", test_estimate },
    { "cancel", test_cancel },
    { "replace-rows", test_replace_rows },
    { "replace-query", test_replace_query },
    { "load-failed", test_load_failed },
  };
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  build_fixture ();
  file_store = store;
  /* The same rows on the server: the list's queries run there as they are (a second handle
   * on the file moves; the file stays the file tests' own). */
  if (muying_test_pg_server () != NULL)
    {
      g_autofree char *path = g_build_filename (dir, "model.db", NULL);
      g_autoptr(GError) error = NULL;

      server_store = muying_store_open (path, &error);
      g_assert_no_error (error);
      server_uri = muying_test_pg_move_store (&server_store, "record_model");
    }
  for (guint server = 0; server < 2; server++)
    for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
      {
        Case *c = g_new (Case, 1);
        g_autofree char *path = g_strdup_printf ("/record-model/%s/%s", server ? "server" : "file", tests[i].name);

        c->run = tests[i].run;
        c->server = server;
        g_ptr_array_add (cases, c);
        g_test_add_data_func (path, c, run_case);
      }
  status = g_test_run ();
  g_clear_object (&file_store);
  g_clear_object (&server_store);
  if (server_uri != NULL)
    muying_test_pg_drop_database (server_uri);
  g_free (server_uri);
  muying_test_rm_rf (dir);
  return status;
}
