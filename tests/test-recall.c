/* test-recall.c: the recall list of the screening cycle (muying-store-recall.h) on the women of
 * muying-recall-fixture.h, and `muying-cli worklist --recall`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "muying-error.h"
#include "muying-recall-fixture.h"
#include "muying-store-recall-private.h"
#include "muying-store-sql.h"
#include "muying-store-users.h"
#include "muying-test-pg-store.h"

#define PASSWORD "secret123"

typedef struct
{
  MuyingTestDb   db;      /* on a server database for "/…/server/…" */
  MuyingRuleSet *rules;
  MuyingUser    *admin;
  MuyingUser    *doctor;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  muying_test_db_create (&f->db, "recall.db");
  f->rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);
  f->admin = muying_store_create_first_admin (f->db.store, "admin", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  f->doctor = muying_store_create_user (f->db.store, "admin", "doc", "李医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_object (&f->admin);
  recall_fixture_fill (f->db.store, f->rules, f->doctor);

  muying_test_db_move_if (&f->db, GPOINTER_TO_INT (data), "recall");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->doctor);
  g_clear_object (&f->rules);
  muying_test_db_clear (&f->db);
}

static MuyingRecallList *
recall (Fixture    *f,
        const char *from,
        const char *to)
{
  g_autoptr(GError) error = NULL;
  GDate a, b;
  MuyingRecallList *list;

  g_assert_true (muying_date_parse (from, &a, NULL));
  g_assert_true (muying_date_parse (to, &b, NULL));
  list = muying_store_recall_list (f->db.store, &a, &b, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  g_autofree char *text = g_date_valid (date) ? muying_date_format (date) : NULL;

  g_assert_cmpstr (text, ==, expected);
}

/* Name, tracks, due date, last exam of each row, in order. */
static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  static const struct
  {
    const char *name;
    const char *tracks;
    const char *due;
    const char *last;
  } expected[] = {
    { "陈静", "cervical;breast", "2027-01-20", "2025-01-20" },
    { "王芳", "cervical", "2027-02-10", "2024-02-10" },
    { "李娜", "cervical", "2027-03-20", "2022-03-20" },
    { "张丽", "cervical", "2027-04-05", "2026-04-05" },
    { "黄琴", "breast", "2027-04-10", "2025-04-10" },
    { "刘洋", "breast", "2027-05-12", "2025-05-12" },
    { "郑洁", "cervical", "2027-06-20", "2026-06-20" },
  };
  static const guint per_month[] = { 1, 1, 1, 2, 1, 1 };
  g_autoptr(MuyingRecallList) list = recall (f, RECALL_FROM, RECALL_TO);
  const MuyingRecallRow *chen, *wang;

  g_assert_cmpuint (list->rows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < list->rows->len; i++)
    {
      const MuyingRecallRow *row = g_ptr_array_index (list->rows, i);
      g_autofree char *tracks = muying_recall_row_dup_tracks (row, FALSE);

      g_test_message ("%s %s", row->name, tracks);
      g_assert_cmpstr (row->name, ==, expected[i].name);
      g_assert_cmpstr (tracks, ==, expected[i].tracks);
      assert_date (&row->due_date, expected[i].due);
      assert_date (&row->last_exam, expected[i].last);
    }

  /* The per-month counts: every month of the period, zeros included. */
  g_assert_cmpuint (list->months->len, ==, 6);
  for (guint m = 0; m < list->months->len; m++)
    {
      const MuyingRecallMonth *month = &g_array_index (list->months, MuyingRecallMonth, m);

      g_assert_cmpint (month->year, ==, 2027);
      g_assert_cmpint (month->month, ==, (int) m + 1);
      g_assert_cmpuint (month->count, ==, per_month[m]);
    }

  /* Per track: 陈静's cervical cycle counts from her 2024 smear, her breast one from 2025. */
  chen = g_ptr_array_index (list->rows, 0);
  assert_date (&chen->tracks[MUYING_RECALL_CERVICAL].due_date, "2027-06-01");
  assert_date (&chen->tracks[MUYING_RECALL_CERVICAL].last_exam, "2024-06-01");
  assert_date (&chen->tracks[MUYING_RECALL_BREAST].due_date, "2027-01-20");
  g_assert_cmpstr (chen->tracks[MUYING_RECALL_BREAST].institution, ==, "城区妇幼保健院");
  wang = g_ptr_array_index (list->rows, 1);
  g_assert_cmpstr (wang->phone, ==, "13800000001");
  g_assert_null (chen->phone);
  g_assert_false (wang->tracks[MUYING_RECALL_BREAST].due);
}

/* Other periods: the ones the fixture leaves out come in when the period holds them. */
static void
test_periods (Fixture       *f,
              gconstpointer  data)
{
  /* 周红 (2027-08-01) after the period; 孙梅 (2026-12-15) before it. */
  {
    g_autoptr(MuyingRecallList) list = recall (f, "2026-12-01", "2027-08-31");

    g_assert_cmpuint (list->rows->len, ==, 9);
    g_assert_cmpuint (list->months->len, ==, 9);
    g_assert_cmpuint (g_array_index (list->months, MuyingRecallMonth, 0).count, ==, 1);
    g_assert_cmpuint (g_array_index (list->months, MuyingRecallMonth, 8).count, ==, 1);
  }
  /* One day: only 张丽. */
  {
    g_autoptr(MuyingRecallList) list = recall (f, "2027-04-05", "2027-04-05");

    g_assert_cmpuint (list->rows->len, ==, 1);
    g_assert_cmpstr (((MuyingRecallRow *) g_ptr_array_index (list->rows, 0))->name, ==, "张丽");
  }
  /* Nobody due: an empty list with its months. */
  {
    g_autoptr(MuyingRecallList) list = recall (f, "2030-01-01", "2030-03-31");

    g_assert_cmpuint (list->rows->len, ==, 0);
    g_assert_cmpuint (list->months->len, ==, 3);
  }
  /* An upside-down period is refused. */
  {
    g_autoptr(GError) error = NULL;
    GDate a, b;

    g_assert_true (muying_date_parse ("2027-02-01", &a, NULL));
    g_assert_true (muying_date_parse ("2027-01-01", &b, NULL));
    g_assert_null (muying_store_recall_list (f->db.store, &a, &b, &error));
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  }
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  /* CSV: the phone list, the ID number masked (first 6 and last 4). */
  {
    const char *args[] = { "--db", f->db.path, "--user", "doc", "worklist", "--recall", "--from", RECALL_FROM,
                           "--to", RECALL_TO, "--format", "csv", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *id_a = muying_test_make_id_number ("11010519800315002");
    g_autofree char *masked = muying_id_number_mask (id_a);
    g_autofree char *wang = g_strdup_printf ("王芳,%s,13800000001,cervical,2027-02-10,2024-02-10", masked);
    g_auto(GStrv) lines = NULL;

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, &err), ==, 0);
    g_test_message ("%s", out);
    lines = g_strsplit (out, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 9);   /* header, 7 women, "" after the last newline */
    g_assert_cmpstr (lines[0], ==, "name,id_number,phone,track,due_date,last_screening");
    g_assert_cmpstr (lines[2], ==, wang);
    g_assert_true (g_str_has_prefix (lines[1], "陈静,110105"));
    g_assert_true (g_str_has_suffix (lines[1], ",,cervical;breast,2027-01-20,2025-01-20"));
    g_assert_null (strstr (out, id_a));
  }
  /* Text: the list in Chinese and the count per month. */
  {
    const char *args[] = { "--db", f->db.path, "--user", "doc", "worklist", "--recall", "--from", RECALL_FROM,
                           "--to", RECALL_TO, NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, NULL), ==, 0);
    g_test_message ("%s", out);
    g_assert_nonnull (strstr (out, "宫颈癌检查"));
    g_assert_nonnull (strstr (out, "黄琴"));
    g_assert_nonnull (strstr (out, "2027-04"));
    g_assert_nonnull (strstr (out, "7 人"));
  }
  /* An empty period says so. */
  {
    const char *args[] = { "--db", f->db.path, "--user", "doc", "worklist", "--recall", "--from", "2030-01-01",
                           "--to", "2030-01-31", NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (muying_test_run_cli (args, "MUYING_PASSWORD=" PASSWORD, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "没有"));
  }
  /* Bad usage: no period, a period upside down, csv without --recall. */
  {
    const char *no_to[] = { "--db", f->db.path, "--user", "doc", "worklist", "--recall", "--from", RECALL_FROM, NULL };
    const char *upside[] = { "--db", f->db.path, "--user", "doc", "worklist", "--recall", "--from", RECALL_TO,
                             "--to", RECALL_FROM, NULL };
    const char *csv[] = { "--db", f->db.path, "--user", "doc", "worklist", "--format", "csv", NULL };
    const char *from_alone[] = { "--db", f->db.path, "--user", "doc", "worklist", "--from", RECALL_FROM, NULL };

    g_assert_cmpint (muying_test_run_cli (no_to, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (muying_test_run_cli (upside, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (muying_test_run_cli (csv, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (muying_test_run_cli (from_alone, NULL, NULL, NULL), ==, 2);
  }
}

static char *
query_plan (Fixture    *f,
            const char *sql)
{
  g_autofree char *explain = g_strdup_printf ("EXPLAIN QUERY PLAN %s", sql);
  g_autoptr(sqlite3_stmt) stmt = muying_store_prepare (f->db.store, explain, NULL);
  GString *plan = g_string_new (NULL);

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  return g_string_free (plan, FALSE);
}

/* The list costs what the period holds: the exams by the date index, each woman's later exams
 * by her person index; no table is read whole. */
static void
test_query_plans (Fixture       *f,
                  gconstpointer  data)
{
  const char *sqls[] = {
    _muying_store_recall_candidates_sql (),
    _muying_store_recall_later_sql (MUYING_RECALL_CERVICAL),
    _muying_store_recall_later_sql (MUYING_RECALL_BREAST),
  };

  for (guint i = 0; i < G_N_ELEMENTS (sqls); i++)
    {
      g_autofree char *plan = query_plan (f, sqls[i]);

      g_test_message ("%s", plan);
      g_assert_null (strstr (plan, "SCAN "));
    }
  {
    g_autofree char *plan = query_plan (f, _muying_store_recall_candidates_sql ());

    g_assert_nonnull (strstr (plan, "(program=? AND record_date>? AND record_date<?)"));
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* the recall lists on a file and, with a server, from the same records moved there */
  muying_test_add_file_and_server ("recall", "list", Fixture, fixture_set_up, test_list, fixture_tear_down);
  muying_test_add_file_and_server ("recall", "periods", Fixture, fixture_set_up, test_periods, fixture_tear_down);
  g_test_add ("/recall/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  g_test_add ("/recall/query-plans", Fixture, NULL, fixture_set_up, test_query_plans, fixture_tear_down);
  return g_test_run ();
}
