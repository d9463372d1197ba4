/* muying-test-search.c: what the two record-search tests share (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-demo.h"
#include "muying-record-list-private.h"
#include "muying-record-list.h"
#include "muying-store-sql.h"

#include "muying-test-search.h"

MuyingStore *
muying_test_search_make_store (const char *path,
                               guint64     n_records,
                               guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  MuyingStore *store;
  MuyingDemoOptions options;
  MuyingDemoSummary summary;

  store = muying_store_create (path, &error);
  g_assert_no_error (error);
  rules = muying_rule_set_new_default (&error);
  g_assert_no_error (error);
  muying_demo_options_init (&options);
  options.n_records = n_records;
  options.seed = seed;
  g_assert_true (muying_demo_generate (store, rules, &options, NULL, NULL, &summary, &error));
  g_assert_no_error (error);
  return store;
}

gint64
muying_test_search_count_surname (MuyingStore *store,
                                  const char  *surname)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (store,
      "SELECT count(*) FROM record r JOIN person p ON p.id = r.person_id "
      "WHERE r.program = 'prenatal' AND substr (p.name, 1, 1) = ?1", &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, surname, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
muying_test_search_status_is_exact (gpointer list)
{
  return g_str_has_prefix (muying_record_list_get_status (MUYING_RECORD_LIST (list)), "共 ");
}
