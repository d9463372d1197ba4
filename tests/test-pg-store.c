/* test-pg-store.c: a database on the PostgreSQL server used where it is — `muying-cli --db
 * postgresql://…` — against the real server build-aux/test starts
 *
 * A demo file is moved to the server (migrate-db), then the same commands run on the file and on
 * the server must print the same; other programs' commits are seen (LISTEN/NOTIFY); five
 * importing and five reading programs at once lose nothing and end clearly; what only a file
 * has (its backup) is refused with the server's way named; sslmode=verify-full against the test
 * server's TLS (its throwaway CA, MUYING_TEST_PG_CA) connects, and a CA of another is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "muying-error.h"
#include "muying-reader-pool.h"
#include "muying-store.h"
#include "muying-store-location.h"
#include "muying-store-settings-private.h"
#include "muying-store-sql.h"
#include "muying-store-worklist.h"
#include "muying-store-migrate.h"
#include "muying-test-pg.h"
#include "muying-test-utils.h"

#define ADMIN_PASSWORD "Boss2024pw"
#define PASSWORD_ENV   "MUYING_PASSWORD=" ADMIN_PASSWORD

typedef struct
{
  char *dir;
  char *db;    /* the demo file, moved to … */
  char *uri;   /* … this server database */
} Fixture;

static void
run_ok (const char * const *args,
        char              **out)
{
  g_autofree char *err = NULL;
  g_autofree char *unread = NULL;
  /* (what it prints goes nowhere near the test's own output) */
  int status = muying_test_run_cli (args, PASSWORD_ENV, out != NULL ? out : &unread, &err);

  if (status != 0)
    g_error ("muying-cli %s %s: exit %d: %s", args[1], args[4] ? args[4] : "", status, err);
}

/* Runs muying-cli with the administrator's password and @new_password for an account it makes. */
static int
run_with_new_password (const char * const *args,
                       const char         *new_password,
                       char              **err)
{
  g_autofree char *new_password_env = g_strconcat ("MUYING_NEW_PASSWORD=", new_password, NULL);
  const char *env[] = { PASSWORD_ENV, new_password_env, NULL };
  g_autofree char *unread = NULL;

  return muying_test_run_cli_env (args, env, &unread, err);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;

  if (!muying_test_pg_skip_unless_server ())
    return;
  f->dir = muying_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "file.db", NULL);
  f->uri = muying_test_pg_create_database ((const char *) data);
  {
    const char *init[] = { "--db", f->db, "init", "--admin", "boss", NULL };
    const char *demo[] = { "--db", f->db, "--user", "boss", "demo", "--records", "300", "--seed", "11", NULL };
    const char *move[] = { "--db", f->db, "--user", "boss", "migrate-db", "--to", f->uri, NULL };

    run_ok (init, NULL);
    run_ok (demo, NULL);
    run_ok (move, &out);
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->uri != NULL)
    muying_test_pg_drop_database (f->uri);
  g_free (f->uri);
  if (f->dir != NULL)
    muying_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* A prenatal CSV of @n rows, sample numbers PREFIX-0001…, women of its own. */
static char *
write_prenatal_csv (const char *dir,
                    const char *prefix,
                    guint       n,
                    guint       women_from)
{
  static const char * const given[] = { "兰", "芳", "丽", "静", "敏", "燕", "娟", "霞" };
  g_autoptr(GString) csv = g_string_new ("sample_no,id_number,name,phone,institution,sample_date,test_type,"
                                         "ga_weeks,ga_days,edd,weight_kg,t21_risk,t18_risk,afp_mom,nt_mm,"
                                         "nipt_t21,nipt_t18,nipt_t13,nipt_sca,nipt_status\n");
  g_autofree char *name = g_strdup_printf ("%s.csv", prefix);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      guint w = women_from + i;
      /* a woman's number: her birth day from @w, an even 17th digit (female) */
      g_autofree char *first17 = g_strdup_printf ("1101051990%02u%02u%03u", 1 + (w / 28) % 12, 1 + w % 28,
                                                  2 * (w / 336) + 2);
      g_autofree char *id = muying_test_make_id_number (first17);

      /* every seventh a high risk, so follow-ups are made too */
      g_string_append_printf (csv, "%s-%04u,%s,王%s%s,,,2026-04-%02u,mid_double,16,%u,,,%s,1/20000,,,,,,,\n",
                              prefix, i + 1, id, given[i % 8], given[(i / 8) % 8], 1 + i % 28, i % 7,
                              i % 7 == 0 ? "1/150" : "1/5000");
    }
  g_file_set_contents (path, csv->str, (gssize) csv->len, &error);
  g_assert_no_error (error);
  return path;
}

/* The actions of @key's history, in order ("import,…"). */
static char *
history_actions (const char *location,
                 const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_open (location, &error);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GString) actions = g_string_new (NULL);
  gint64 id = 0;

  g_assert_no_error (error);
  {
    g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, "SELECT id FROM record WHERE record_key = ?", &error);

    g_assert_no_error (error);
    muying_sql_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
    g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
    id = muying_sql_column_int64 (stmt, 0);
  }
  history = muying_store_record_history (store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    g_string_append_printf (actions, "%s%s", i ? "," : "",
                            ((MuyingHistoryEntry *) g_ptr_array_index (history, i))->action);
  return g_string_free (g_steal_pointer (&actions), FALSE);
}

/* What a nurse or an administrator runs gives the same on the server as on the file. */
static void
test_same_answers (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *csv = NULL;
  g_autofree char *woman = NULL;
  g_autofree char *file_xlsx = NULL;
  g_autofree char *server_xlsx = NULL;

  if (f->uri == NULL)
    return;
  /* a woman of the demo records, the same on both */
  woman = muying_test_pg_query_value (f->uri, "SELECT id_number FROM person WHERE id_number IS NOT NULL AND sex = 2 "
                                              "ORDER BY id LIMIT 1");
  file_xlsx = g_build_filename (f->dir, "file.xlsx", NULL);
  server_xlsx = g_build_filename (f->dir, "server.xlsx", NULL);
  {
  /* the second round asks again after the writes of the first: a denominator, an import */
  const char *commands[][12] = {
    { "stats", "--year", "2026", "--format", "json", NULL },
    { "stats", "--from", "2017-01-01", "--to", "2027-12-31", "--format", "json", NULL },
    { "stats", "--year", "2026", "--by", "institution", "--format", "json", NULL },
    { "worklist", "--format", "json", NULL },
    { "check", NULL },
    { "user", "list", NULL },
    { "person", "show", woman, "--format", "json", NULL },
    { "follow-on", "unlinked", "--format", "json", NULL },
    { "denominators", "list", "--format", "json", NULL },
    { "denominators", "set", "--year", "2026", "--deliveries", "1200", "--live-births", "1190", NULL },
  };

  csv = write_prenatal_csv (f->dir, "SAME", 40, 100);
  for (int round = 0; round < 2; round++)
    {
      for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
        {
          g_autofree char *on_file = NULL;
          g_autofree char *on_server = NULL;
          const char *file_args[16] = { "--db", f->db, "--user", "boss" };
          const char *server_args[16] = { "--db", f->uri, "--user", "boss" };

          for (guint a = 0; commands[c][a] != NULL; a++)
            file_args[4 + a] = server_args[4 + a] = commands[c][a];
          run_ok (file_args, &on_file);
          run_ok (server_args, &on_server);
          g_test_message ("%s: %zu bytes", commands[c][0], strlen (on_file));
          g_assert_cmpstr (on_server, ==, on_file);
        }
      /* then the same file imported into both, and everything asked again */
      if (round == 0)
        {
          g_autofree char *file_out = NULL;
          g_autofree char *server_out = NULL;
          const char *file_import[] = { "--db", f->db, "--user", "boss", "import", "--program", "prenatal", csv, NULL };
          const char *server_import[] = { "--db", f->uri, "--user", "boss", "import", "--program", "prenatal", csv,
                                          NULL };
          g_autofree char *count_before = muying_test_pg_query_value (f->uri, "SELECT count(*) FROM record");
          g_autofree char *count_after = NULL;

          /* a woman's phone corrected, with its reason (person show asks again in round 2) */
          {
            g_autofree char *file_said = NULL;
            g_autofree char *server_said = NULL;
            const char *file_correct[] = { "--db", f->db, "--user", "boss", "person", "correct", woman, "--phone",
                                           "13912345678", "--reason", "电话变更", NULL };
            const char *server_correct[] = { "--db", f->uri, "--user", "boss", "person", "correct", woman, "--phone",
                                             "13912345678", "--reason", "电话变更", NULL };

            run_ok (file_correct, &file_said);
            run_ok (server_correct, &server_said);
            g_assert_cmpstr (server_said, ==, file_said);
          }
          run_ok (file_import, &file_out);
          run_ok (server_import, &server_out);
          count_after = muying_test_pg_query_value (f->uri, "SELECT count(*) FROM record");
          g_assert_cmpint (g_ascii_strtoll (count_after, NULL, 10), ==, g_ascii_strtoll (count_before, NULL, 10) + 40);
          g_assert_cmpstr (server_out, ==, file_out);
          /* an imported record's history starts with its import, on both */
          {
            g_autofree char *on_file = history_actions (f->db, "SAME-0001");
            g_autofree char *on_server = history_actions (f->uri, "SAME-0001");

            g_assert_true (g_str_has_prefix (on_file, "import"));
            g_assert_cmpstr (on_server, ==, on_file);
          }
        }
    }
  }
  /* the annual workbook is written from the server too */
  {
    g_autofree char *out = NULL;
    const char *file_export[] = { "--db", f->db, "--user", "boss", "export", "--year", "2026", "--out", file_xlsx, NULL };
    const char *server_export[] = { "--db", f->uri, "--user", "boss", "export", "--year", "2026", "--out", server_xlsx,
                                    NULL };

    run_ok (file_export, &out);
    g_clear_pointer (&out, g_free);
    run_ok (server_export, &out);
    g_assert_true (g_file_test (server_xlsx, G_FILE_TEST_IS_REGULAR));
  }
}

/* Five nurses import and five doctors read at the same time, each signed in to an account of
 * her own (made on the server): every row arrives once, every program ends with its own clear
 * result, and the audit trail holds. (Ten sign-ins of ONE account at once are refused by design:
 * each attempt counts as a failure until its password is checked.) */
static void
test_concurrent_clients (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  GSubprocess *clients[10];
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *check_out = NULL;
  const char *cli = g_getenv ("MUYING_CLI");
  const guint per_file = 60;

  if (f->uri == NULL)
    return;
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *login = g_strdup_printf ("%s%u", i < 5 ? "nurse" : "doctor", i);
      g_autofree char *password = g_strdup_printf ("Screening2026pw%u", i);
      g_autofree char *err = NULL;
      const char *add[] = { "--db", f->uri, "--user", "boss", "user", "add", login, "--role",
                            i < 5 ? "nurse" : "doctor", NULL };

      g_assert_cmpint (run_with_new_password (add, password, &err), ==, 0);
    }
  before = muying_test_pg_query_value (f->uri, "SELECT count(*) FROM record");
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *login = g_strdup_printf ("%s%u", i < 5 ? "nurse" : "doctor", i);
      g_autofree char *password = g_strdup_printf ("Screening2026pw%u", i);

      if (i < 5)
        {
          g_autofree char *prefix = g_strdup_printf ("NURSE%u", i);
          g_autofree char *csv = write_prenatal_csv (f->dir, prefix, per_file, 200 + i * per_file);

          g_subprocess_launcher_setenv (launcher, "MUYING_PASSWORD", password, TRUE);
          clients[i] = g_subprocess_launcher_spawn (launcher, &error, cli, "--db", f->uri, "--user", login, "import",
                                                    "--program", "prenatal", csv, NULL);
        }
      else
        {
          g_subprocess_launcher_setenv (launcher, "MUYING_PASSWORD", password, TRUE);
          if (i % 2 == 0)
            clients[i] = g_subprocess_launcher_spawn (launcher, &error, cli, "--db", f->uri, "--user", login, "stats",
                                                      "--year", "2026", "--format", "json", NULL);
          else
            clients[i] = g_subprocess_launcher_spawn (launcher, &error, cli, "--db", f->uri, "--user", login,
                                                      "worklist", "--format", "json", NULL);
        }
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_subprocess_communicate_utf8 (clients[i], NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_test_message ("client %u: exit %d, %s%s", i, g_subprocess_get_exit_status (clients[i]), out, err);
      g_assert_true (g_subprocess_get_if_exited (clients[i]));
      g_assert_cmpint (g_subprocess_get_exit_status (clients[i]), ==, 0);
      if (i < 5)
        {
          /* "Read 60 rows: 60 inserted, …" in the program's language */
          g_autofree char *expected = g_strdup_printf ("%u", per_file);

          g_assert_nonnull (strstr (out, expected));
        }
      else
        g_assert_true (g_str_has_prefix (out, "{") || g_str_has_prefix (out, "["));
      g_object_unref (clients[i]);
    }
  after = muying_test_pg_query_value (f->uri, "SELECT count(*) FROM record");
  g_assert_cmpint (g_ascii_strtoll (after, NULL, 10), ==, g_ascii_strtoll (before, NULL, 10) + 5 * per_file);
  /* no record twice, and each nurse's rows all there */
  keys = muying_test_pg_query_value (f->uri, "SELECT count(DISTINCT record_key) || '/' || count(*) FROM record "
                                             "WHERE record_key LIKE 'NURSE%'");
  g_assert_cmpstr (keys, ==, "300/300");
  {
    const char *check[] = { "--db", f->uri, "--user", "boss", "check", NULL };

    run_ok (check, &check_out);   /* exit 0: the audit chain and the records check out */
  }
}

/* Another program's commit moves the number a window watches; its own commits do not. */
static void
test_other_commits_seen (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) window = NULL;
  g_autoptr(MuyingStore) other = NULL;
  g_autofree char *value = NULL;
  gint64 seen, again;

  if (f->uri == NULL)
    return;
  window = muying_store_open (f->uri, &error);
  g_assert_no_error (error);
  other = muying_store_open (f->uri, &error);
  g_assert_no_error (error);
  g_assert_true (muying_store_is_server (window));

  seen = muying_store_get_data_version (window);
  g_assert_cmpint (seen, >=, 0);
  g_assert_true (muying_store_set_setting (window, "test.own", "1", &error));
  g_assert_cmpint (muying_store_get_data_version (window), ==, seen);

  g_assert_true (muying_store_begin (other, &error));
  g_assert_true (muying_store_set_setting (other, "test.other", "2", &error));
  g_assert_cmpint (muying_store_get_data_version (window), ==, seen);   /* not committed yet */
  g_assert_true (muying_store_commit (other, &error));
  g_assert_no_error (error);
  /* the notice travels through the server: give it a moment */
  again = seen;
  for (int i = 0; i < 100 && again == seen; i++)
    {
      g_usleep (20000);
      again = muying_store_get_data_version (window);
    }
  g_assert_cmpint (again, >, seen);
  value = muying_store_get_setting (window, "test.other");
  g_assert_cmpstr (value, ==, "2");
}

/* The audit log the administrator reads, filtered by text and dates, is the same on both. */
static void
test_audit_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) file = NULL;
  g_autoptr(MuyingStore) server = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  struct { const char *text, *from, *to; gboolean some; } filters[] = {
    { NULL, NULL, NULL, TRUE },
    { "boss", NULL, NULL, TRUE },
    { "demo", NULL, NULL, TRUE },
    { NULL, "2000-01-01", today, TRUE },
    { NULL, NULL, "2000-01-01", FALSE },
    { NULL, today, NULL, TRUE },
    { NULL, NULL, "not a date", FALSE },
  };

  if (f->uri == NULL)
    return;
  file = muying_store_open (f->db, &error);
  g_assert_no_error (error);
  server = muying_store_open (f->uri, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GPtrArray) a = muying_store_list_audit (file, filters[i].text, filters[i].from, filters[i].to, 500,
                                                        &error);
      g_autoptr(GPtrArray) b = NULL;

      g_assert_no_error (error);
      b = muying_store_list_audit (server, filters[i].text, filters[i].from, filters[i].to, 500, &error);
      g_assert_no_error (error);
      g_test_message ("filter %u: %u rows on the file, %u on the server", i, a->len, b->len);
      /* the file's log ends with the move; the server's copy with what came before it */
      g_assert_cmpuint (b->len, <=, a->len);
      g_assert_cmpuint (a->len - b->len, <=, 1);
      g_assert_true ((b->len > 0) == filters[i].some);
    }
}

/* A server database of the program before (structure version 7: no row versions) is brought
 * to this program's structure when it is opened, all or nothing; a step that cannot run leaves
 * it as it was. */
static void
test_upgrade (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autofree char *version = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *out = NULL;
  const char *worklist[] = { "--db", f->uri, "--user", "boss", "worklist", "--format", "json", NULL };

  if (f->uri == NULL)
    return;
  /* a step that cannot run (its column is there already): refused, the database unchanged */
  muying_test_pg_exec (f->uri, "UPDATE muying_schema SET version = 7");
  store = muying_store_open (f->uri, &error);
  g_assert_null (store);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "7"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  version = muying_test_pg_query_value (f->uri, "SELECT version FROM muying_schema");
  g_assert_cmpstr (version, ==, "7");
  g_clear_pointer (&version, g_free);

  /* the structure of version 7: opened, it is brought to this program's */
  muying_test_pg_exec (f->uri, "ALTER TABLE record DROP COLUMN row_version; "
                               "ALTER TABLE followup DROP COLUMN row_version");
  store = muying_store_open (f->uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  version = muying_test_pg_query_value (f->uri, "SELECT version FROM muying_schema");
  g_assert_cmpint (atoi (version), ==, MUYING_STORE_SCHEMA_VERSION);
  columns = muying_test_pg_query_value (f->uri, "SELECT count(*) FROM information_schema.columns "
                                                "WHERE column_name = 'row_version'");
  g_assert_cmpstr (columns, ==, "2");
  g_clear_object (&store);
  run_ok (worklist, &out);
  g_assert_true (g_str_has_prefix (out, "["));
}

/* Runs muying-cli as @login with @password; returns its exit status, *@err what it said. */
static int
run_as (const char *uri,
        const char *login,
        const char *password,
        char      **err)
{
  g_autofree char *env = g_strdup_printf ("MUYING_PASSWORD=%s", password);
  g_autofree char *out = NULL;
  const char *args[] = { "--db", uri, "--user", login, "worklist", "--format", "json", NULL };

  return muying_test_run_cli (args, env, &out, err);
}

/* The accounts on the server: wrong passwords lock an account, an administrator unlocks,
 * disables and enables it and sets a new password; the sign-ins follow each step. */
static void
test_accounts (Fixture       *f,
               gconstpointer  data)
{
  const char *add[] = { "--db", f->uri, "--user", "boss", "user", "add", "nurse9", "--role", "nurse", NULL };
  const char *unlock[] = { "--db", f->uri, "--user", "boss", "user", "unlock", "nurse9", NULL };
  const char *disable[] = { "--db", f->uri, "--user", "boss", "user", "disable", "nurse9", NULL };
  const char *enable[] = { "--db", f->uri, "--user", "boss", "user", "enable", "nurse9", NULL };
  const char *passwd[] = { "--db", f->uri, "--user", "boss", "user", "passwd", "nurse9", NULL };
  g_autofree char *err = NULL;
  g_autofree char *locked = NULL;
  gboolean was_locked = FALSE;

  if (f->uri == NULL)
    return;
  g_assert_cmpint (run_with_new_password (add, "Nurse9first2026", &err), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_as (f->uri, "nurse9", "Nurse9first2026", &err), ==, 0);
  for (int i = 0; i < 12 && !was_locked; i++)
    {
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_as (f->uri, "nurse9", "wrong-password", &err), !=, 0);
      was_locked = strstr (err, "锁定") != NULL;
    }
  g_test_message ("locked: %s", err);
  g_assert_true (was_locked);
  locked = muying_test_pg_query_value (f->uri, "SELECT locked_until IS NOT NULL FROM app_user WHERE login = 'nurse9'");
  g_assert_cmpstr (locked, ==, "t");
  /* locked: even the right password waits */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_as (f->uri, "nurse9", "Nurse9first2026", &err), !=, 0);
  run_ok (unlock, NULL);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_as (f->uri, "nurse9", "Nurse9first2026", &err), ==, 0);

  run_ok (disable, NULL);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_as (f->uri, "nurse9", "Nurse9first2026", &err), !=, 0);
  run_ok (enable, NULL);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_as (f->uri, "nurse9", "Nurse9first2026", &err), ==, 0);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_with_new_password (passwd, "Nurse9second2026", &err), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_as (f->uri, "nurse9", "Nurse9first2026", &err), !=, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_as (f->uri, "nurse9", "Nurse9second2026", &err), ==, 0);
  /* every step is in the audit trail, and the chain still holds */
  {
    const char *check[] = { "--db", f->uri, "--user", "boss", "check", NULL };

    run_ok (check, NULL);
  }
}

/* The import's connection is cut while it writes (the server ends its session): the command
 * fails and says the connection was lost, and the server holds none of the file's rows (the
 * import is one transaction; the writes sent without waiting were in it too). */
static void
test_lost_during_import (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *left = NULL;
  int cut = 0;

  if (f->uri == NULL)
    return;
  csv = write_prenatal_csv (f->dir, "CUT", 4000, 5000);
  g_subprocess_launcher_setenv (launcher, "MUYING_PASSWORD", ADMIN_PASSWORD, TRUE);
  import = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("MUYING_CLI"), "--db", f->uri, "--user", "boss",
                                        "import", "--program", "prenatal", csv, NULL);
  g_assert_no_error (error);
  /* once its transaction has been writing for a while: its session ended by the server */
  for (int i = 0; i < 600 && cut == 0; i++)
    {
      g_autofree char *n = muying_test_pg_query_value (f->uri,
          "SELECT count(pg_terminate_backend (pid)) FROM pg_stat_activity WHERE datname = current_database() "
          "AND application_name = 'muying' AND xact_start < now() - interval '300 milliseconds' "
          "AND pid <> pg_backend_pid()");

      cut = atoi (n);
      if (cut == 0)
        g_usleep (20000);
    }
  g_assert_cmpint (cut, ==, 1);
  g_subprocess_communicate_utf8 (import, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("import: exit %d, %s%s", g_subprocess_get_exit_status (import), out, err);
  g_assert_cmpint (g_subprocess_get_exit_status (import), !=, 0);
  g_assert_nonnull (strstr (err, "127.0.0.1"));
  left = muying_test_pg_query_value (f->uri, "SELECT count(*) FROM record WHERE record_key LIKE 'CUT-%'");
  g_assert_cmpstr (left, ==, "0");
}

/* Ends the server sessions of Muying programs on @uri (as a restarted server or a network cut
 * would); how many. */
static int
cut_sessions (const char *uri)
{
  g_autofree char *n = muying_test_pg_query_value (uri,
      "SELECT count(pg_terminate_backend (pid)) FROM pg_stat_activity WHERE datname = current_database() "
      "AND application_name = 'muying' AND pid <> pg_backend_pid()");

  /* (its end reaches the program's socket a moment later) */
  g_usleep (100000);
  return atoi (n);
}

/* A setting read through a statement kept across calls (prepared on the server once). */
static char *
kept_setting (MuyingStore *store,
              const char  *key)
{
  g_autoptr(GError) error = NULL;
  MuyingSqlStmt *stmt = muying_store_query_cached (store, "SELECT value FROM setting WHERE key = ?", &error);

  g_assert_no_error (error);
  muying_sql_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (muying_sql_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) muying_sql_column_text (stmt, 0));
}

/* The connection is lost (the server ended the session, as a restart does): the next look-up
 * and the next unit of work connect again by themselves; a unit the loss happened in fails to
 * its end and leaves nothing; other programs' changes are announced again once the window's
 * timer has connected again. */
static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *left = NULL;
  gint64 records, version, seen = -1;

  if (f->uri == NULL)
    return;
  muying_test_pg_exec (f->uri, "INSERT INTO setting (key, value) VALUES ('reconnect_kept', 'kept')");
  store = muying_store_open (f->uri, &error);
  g_assert_no_error (error);
  records = muying_store_count_records (store, MUYING_PROGRAM_PRENATAL);
  g_assert_cmpint (records, >, 0);
  before = kept_setting (store, "reconnect_kept");

  /* a query outside a unit of work, and a kept (prepared) one */
  g_assert_cmpint (cut_sessions (f->uri), ==, 1);
  g_assert_cmpint (muying_store_count_records (store, MUYING_PROGRAM_PRENATAL), ==, records);
  g_assert_cmpint (cut_sessions (f->uri), ==, 1);
  after = kept_setting (store, "reconnect_kept");
  g_assert_cmpstr (before, ==, "kept");
  g_assert_cmpstr (after, ==, before);

  /* a unit of work begun after the loss */
  g_assert_cmpint (cut_sessions (f->uri), ==, 1);
  g_assert_true (muying_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_true (muying_store_set_setting (store, "reconnect_test", "saved", &error));
  g_assert_true (muying_store_commit (store, &error));
  g_assert_no_error (error);
  left = muying_test_pg_query_value (f->uri, "SELECT value FROM setting WHERE key = 'reconnect_test'");
  g_assert_cmpstr (left, ==, "saved");
  g_clear_pointer (&left, g_free);

  /* lost in the middle of a unit: it fails to its end, nothing of it is kept, and it does not go
   * on in a new session */
  g_assert_true (muying_store_begin (store, &error));
  g_assert_true (muying_store_set_setting (store, "reconnect_half", "first", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cut_sessions (f->uri), ==, 1);
  g_assert_false (muying_store_set_setting (store, "reconnect_half2", "second", &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (muying_store_set_setting (store, "reconnect_half3", "third", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (muying_store_commit (store, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  muying_store_rollback (store);
  left = muying_test_pg_query_value (f->uri, "SELECT count(*) FROM setting WHERE key LIKE 'reconnect_half%'");
  g_assert_cmpstr (left, ==, "0");
  g_clear_pointer (&left, g_free);
  /* the next unit works */
  g_assert_true (muying_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_true (muying_store_set_setting (store, "reconnect_test", "again", &error));
  g_assert_true (muying_store_commit (store, &error));
  g_assert_no_error (error);

  /* a window's timer: the data version is -1 while connecting again without waiting, then a
   * new one (changes may have been missed meanwhile), and other programs' commits count again */
  version = muying_store_get_data_version (store);
  g_assert_cmpint (version, >=, 0);
  g_assert_cmpint (cut_sessions (f->uri), ==, 1);
  for (int i = 0; i < 500 && seen <= version; i++)
    {
      seen = muying_store_get_data_version (store);
      if (seen <= version)
        g_usleep (10000);
    }
  g_assert_cmpint (seen, >, version);
  {
    const char *args[] = { "--db", f->uri, "--user", "boss", "worklist", "--format", "json", NULL };
    gint64 later = seen;

    /* a sign-in of another program is a commit (its audit entry) */
    run_ok (args, NULL);
    for (int i = 0; i < 500 && later == seen; i++)
      {
        later = muying_store_get_data_version (store);
        if (later == seen)
          g_usleep (10000);
      }
    g_assert_cmpint (later, >, seen);
  }
}

/* The value of @sql's first column on @store's own connection. */
static char *
store_value (MuyingStore *store,
             const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) muying_sql_column_text (stmt, 0));
}

/* A window's searches on a server reuse idle connections: one sign-in, not one per key typed.
 * A kept one does not listen for others' commits (unread, the server would keep them), one
 * whose search was cancelled or that was left in a transaction is closed, a file is opened each
 * time, and a kept one whose session the server ended connects again by itself. */
static void
test_reader_pool (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  MuyingStore *reader, *again;
  guint opened, reused, opened0, reused0;

  if (f->uri == NULL)
    return;
  muying_reader_pool_clear ();
  muying_reader_pool_get_counts (&opened0, &reused0);

  reader = muying_reader_pool_take (f->uri, &error);
  g_assert_no_error (error);
  {
    g_autofree char *channels = store_value (reader, "SELECT count(*) FROM pg_listening_channels ()");

    g_assert_cmpstr (channels, ==, "0");
  }
  muying_reader_pool_give (reader, NULL);
  again = muying_reader_pool_take (f->uri, &error);
  g_assert_no_error (error);
  g_assert_true (again == reader);
  muying_reader_pool_get_counts (&opened, &reused);
  g_assert_cmpuint (opened - opened0, ==, 1);
  g_assert_cmpuint (reused - reused0, ==, 1);

  /* its session ended while idle: the next search on it connects again, and still does not
   * listen */
  muying_reader_pool_give (again, NULL);
  g_assert_cmpint (cut_sessions (f->uri), ==, 1);
  reader = muying_reader_pool_take (f->uri, &error);
  g_assert_cmpint (muying_store_count_records (reader, MUYING_PROGRAM_PRENATAL), >, 0);
  {
    g_autofree char *channels = store_value (reader, "SELECT count(*) FROM pg_listening_channels ()");

    g_assert_cmpstr (channels, ==, "0");
  }

  /* cancelled: closed, the next one is new */
  g_cancellable_cancel (cancelled);
  muying_reader_pool_give (reader, cancelled);
  muying_reader_pool_get_counts (&opened0, &reused0);
  reader = muying_reader_pool_take (f->uri, &error);
  muying_reader_pool_get_counts (&opened, &reused);
  g_assert_cmpuint (opened - opened0, ==, 1);
  g_assert_cmpuint (reused - reused0, ==, 0);

  /* given back inside a transaction: closed */
  g_assert_true (muying_store_exec (reader, "BEGIN", &error));
  muying_reader_pool_give (reader, NULL);
  muying_reader_pool_get_counts (&opened0, &reused0);
  reader = muying_reader_pool_take (f->uri, &error);
  muying_reader_pool_get_counts (&opened, &reused);
  g_assert_cmpuint (opened - opened0, ==, 1);
  muying_reader_pool_give (reader, NULL);

  /* a file: opened each time */
  reader = muying_reader_pool_take (f->db, &error);
  g_assert_no_error (error);
  muying_reader_pool_give (reader, NULL);
  muying_reader_pool_get_counts (&opened0, &reused0);
  reader = muying_reader_pool_take (f->db, &error);
  muying_reader_pool_get_counts (&opened, &reused);
  g_assert_cmpuint (opened - opened0, ==, 1);
  g_assert_cmpuint (reused - reused0, ==, 0);
  muying_reader_pool_give (reader, NULL);
  /* (the server database is dropped at the end: its kept connections go first) */
  muying_reader_pool_clear ();
}

/* Refused clearly, nothing written: an empty server database, one of another structure
 * version, the file's own backup command on a server database. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *backup = NULL;

  if (f->uri == NULL)
    return;
  empty = muying_test_pg_create_database ("empty");
  store = muying_store_open (empty, &error);
  g_assert_null (store);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS);
  g_assert_nonnull (strstr (error->message, "migrate-db"));
  g_clear_error (&error);
  muying_test_pg_drop_database (empty);

  /* A database that sorts text by a language's rules (a search's "starts with" needs bytes):
   * refused when opened and as the target of a move, with what to do. */
  {
    g_autofree char *chinese = muying_test_pg_create_database_with_locale (
        "icu", "LOCALE_PROVIDER icu ICU_LOCALE 'zh-Hans-CN' LOCALE 'C'");
    g_autoptr(MuyingStore) file = muying_store_open (f->db, &error);
    g_autoptr(MuyingMigrateResult) moved = NULL;

    g_assert_no_error (error);
    store = muying_store_open (chinese, &error);
    g_assert_null (store);
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS);
    g_assert_nonnull (strstr (error->message, "--locale=C"));
    g_clear_error (&error);
    moved = muying_store_migrate_to_server (file, chinese, NULL, NULL, NULL, &error);
    g_assert_null (moved);
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_OURS);
    g_clear_error (&error);
    {
      g_autofree char *tables = muying_test_pg_query_value (chinese, "SELECT count(*) FROM pg_tables "
                                                                      "WHERE schemaname = 'public'");

      g_assert_cmpstr (tables, ==, "0");   /* nothing written */
    }
    muying_test_pg_drop_database (chinese);
  }

  store = muying_store_create (f->uri, &error);
  g_assert_null (store);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_BAD_LOCATION);
  g_clear_error (&error);

  backup = g_build_filename (f->dir, "copy.db", NULL);
  {
    const char *args[] = { "--db", f->uri, "--user", "boss", "backup", backup, NULL };

    g_assert_cmpint (muying_test_run_cli (args, PASSWORD_ENV, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "pg_dump"));
    g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  }

  muying_test_pg_exec (f->uri, "UPDATE muying_schema SET version = version + 1");
  store = muying_store_open (f->uri, &error);
  g_assert_null (store);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_TOO_NEW);
}

/* @uri with @params added to its query ("a=b&c=d"). */
static char *
uri_with (const char *uri,
          const char *params)
{
  return g_strconcat (uri, strchr (uri, '?') != NULL ? "&" : "?", params, NULL);
}

/* Whether the session of @store is encrypted ("true"/"false", pg_stat_ssl), asked on that session. */
static char *
store_ssl (MuyingStore *store)
{
  return store_value (store, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid ()");
}

/* sslmode is libpq's (docs/server.md): with verify-full and the CA that signed the test server's
 * certificate (MUYING_TEST_PG_CA) the store opens, works and its session is encrypted; with a
 * CA of another, or a host name the certificate does not name, it is refused before anything is
 * sent, saying the server answers but no verified TLS connection was made (in Chinese in the
 * command), and nothing is written; sslmode=disable still connects (the program forces nothing). */
static void
test_tls (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_param = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *other_ca = NULL;
  g_autofree char *wrong_ca = NULL;
  g_autofree char *audit_before = NULL;
  g_autofree char *audit_after = NULL;
  const char *ca = muying_test_pg_ca ();

  if (f->uri == NULL)
    return;
  if (ca == NULL)
    {
      g_test_skip ("the test server does not speak TLS (no MUYING_TEST_PG_CA: build-aux/pg-test-server "
                   "could not make its certificates with openssl)");
      return;
    }
  {
    g_autofree char *escaped = g_uri_escape_string (ca, "/", FALSE);

    ca_param = g_strconcat ("sslmode=verify-full&sslrootcert=", escaped, NULL);
  }
  verified = uri_with (f->uri, ca_param);

  /* verified: opens, reads, and its own session is encrypted; the command works too */
  {
    g_autoptr(MuyingStore) store = muying_store_open (verified, &error);
    g_autofree char *ssl = NULL;
    g_autofree char *version = NULL;
    g_autofree char *others = NULL;
    const char *args[] = { "--db", verified, "--user", "boss", "check", NULL };

    g_assert_no_error (error);
    g_assert_cmpint (muying_store_count_records (store, MUYING_PROGRAM_PRENATAL), >, 0);
    ssl = store_ssl (store);
    g_assert_cmpstr (ssl, ==, "true");
    version = store_value (store, "SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid ()");
    g_test_message ("verified session: %s", version);
    g_assert_true (g_str_has_prefix (version, "TLS"));
    /* seen from another connection too: no session of the program on this database in clear */
    others = muying_test_pg_query_value (f->uri,
        "SELECT count(*) FILTER (WHERE s.ssl) || '/' || count(*) FROM pg_stat_activity a "
        "JOIN pg_stat_ssl s USING (pid) WHERE a.datname = current_database () AND a.application_name = 'muying'");
    g_assert_cmpstr (others, ==, "1/1");
    run_ok (args, NULL);
  }

  /* a CA of its own, made now: the server's certificate is not one of its */
  other_ca = muying_test_pg_make_other_ca (f->dir);
  {
    g_autofree char *escaped = g_uri_escape_string (other_ca, "/", FALSE);
    g_autofree char *wrong_param = g_strconcat ("sslmode=verify-full&sslrootcert=", escaped, NULL);

    wrong_ca = uri_with (f->uri, wrong_param);
  }
  audit_before = muying_test_pg_query_value (f->uri, "SELECT count(*) || '/' || max(id) FROM audit");
  {
    g_autoptr(MuyingStore) store = muying_store_open (wrong_ca, &error);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *args[] = { "--db", wrong_ca, "--user", "boss", "check", NULL };

    g_assert_null (store);
    g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "sslrootcert"));
    g_clear_error (&error);
    /* what a command prints, in the program's language (LANGUAGE=zh_CN in the tests) */
    g_assert_cmpint (muying_test_run_cli (args, PASSWORD_ENV, &out, &err), ==, 1);
    g_test_message ("%s", err);
    g_assert_nonnull (strstr (err, "证书未能通过核实"));
    g_assert_nonnull (strstr (err, "TLS"));
    g_assert_nonnull (strstr (err, "sslrootcert"));
    g_assert_null (strstr (err, "没有响应"));   /* not "the server does not answer" */
  }

  /* the right CA, but a host name the certificate does not name (the address connected to is
   * still the test server's: hostaddr) */
  if (strstr (f->uri, "@127.0.0.1:") != NULL)
    {
      g_autoptr(GString) renamed = g_string_new (f->uri);
      g_autofree char *mismatch = NULL;
      g_autoptr(MuyingStore) store = NULL;

      g_string_replace (renamed, "@127.0.0.1:", "@wrong-name.invalid:", 1);
      g_string_append (renamed, strchr (f->uri, '?') != NULL ? "&hostaddr=127.0.0.1" : "?hostaddr=127.0.0.1");
      mismatch = uri_with (renamed->str, ca_param);
      store = muying_store_open (mismatch, &error);
      g_assert_null (store);
      g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "sslrootcert"));
      g_clear_error (&error);
    }
  else
    g_test_message ("the host-name case needs the server on 127.0.0.1 (build-aux/pg-test-server): not run");

  /* refused before the sign-in: no audit entry, nothing else */
  audit_after = muying_test_pg_query_value (f->uri, "SELECT count(*) || '/' || max(id) FROM audit");
  g_assert_cmpstr (audit_after, ==, audit_before);

  /* not forced by the program: without TLS it still connects, and libpq's default (prefer)
   * takes the server's TLS */
  {
    g_autofree char *plain = uri_with (f->uri, "sslmode=disable");
    g_autoptr(MuyingStore) store = muying_store_open (plain, &error);
    g_autoptr(MuyingStore) preferred = NULL;
    g_autofree char *ssl = NULL;
    g_autofree char *preferred_ssl = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (muying_store_count_records (store, MUYING_PROGRAM_PRENATAL), >, 0);
    ssl = store_ssl (store);
    g_assert_cmpstr (ssl, ==, "false");
    preferred = muying_store_open (f->uri, &error);
    g_assert_no_error (error);
    preferred_ssl = store_ssl (preferred);
    g_assert_cmpstr (preferred_ssl, ==, "true");
  }
}

/* A server that takes TCP connections and never answers (a hung machine, a port forwarded to
 * nothing). Counts the connections; holds them open until the test ends. */
typedef struct
{
  GSocketListener *listener;
  GCancellable    *stop;
  GPtrArray       *held;
  guint            n_accepted;
} SilentServer;

static gpointer
silent_server_thread (gpointer data)
{
  SilentServer *s = data;
  GSocketConnection *c;

  while ((c = g_socket_listener_accept (s->listener, NULL, s->stop, NULL)) != NULL)
    {
      g_atomic_int_inc (&s->n_accepted);
      g_ptr_array_add (s->held, c);
    }
  return NULL;
}

/* With TLS demanded, a server that does not answer is waited for once, for the location's own
 * connect_timeout: the certificate probe that tells a refused certificate apart runs only after
 * a ping that failed before its timeout (before, it connected a second time and waited as long
 * again). No PostgreSQL server needed. */
static void
test_silent_server_waited_once (void)
{
  SilentServer s = { g_socket_listener_new (), g_cancellable_new (), g_ptr_array_new_with_free_func (g_object_unref), 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autofree char *uri = NULL;
  GThread *thread;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (s.listener, NULL, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("silent-server", silent_server_thread, &s);
  uri = g_strdup_printf ("postgresql://nobody@127.0.0.1:%u/muying?sslmode=require&connect_timeout=2", port);
  store = muying_store_open (uri, &error);
  g_assert_null (store);
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_UNREACHABLE);
  g_test_message ("%s", error->message);
  g_assert_null (strstr (error->message, "TLS"));   /* "does not answer", not a certificate */
  g_assert_cmpuint (g_atomic_int_get (&s.n_accepted), ==, 1);

  g_cancellable_cancel (s.stop);
  g_thread_join (thread);
  g_socket_listener_close (s.listener);
  g_object_unref (s.listener);
  g_object_unref (s.stop);
  g_ptr_array_unref (s.held);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (muying_test_pg_passfile () != NULL)
    g_setenv ("PGPASSFILE", muying_test_pg_passfile (), TRUE);

#define ADD(path, func, hint) \
  g_test_add (path, Fixture, hint, fixture_set_up, func, fixture_tear_down)
  ADD ("/pg-store/same-answers", test_same_answers, "same");
  ADD ("/pg-store/concurrent-clients", test_concurrent_clients, "conc");
  ADD ("/pg-store/other-commits-seen", test_other_commits_seen, "seen");
  ADD ("/pg-store/refusals", test_refusals, "refuse");
  ADD ("/pg-store/tls", test_tls, "tls");
  ADD ("/pg-store/lost-during-import", test_lost_during_import, "cut");
  ADD ("/pg-store/accounts", test_accounts, "accounts");
  ADD ("/pg-store/upgrade", test_upgrade, "upgrade");
  ADD ("/pg-store/audit-list", test_audit_list, "audit");
  ADD ("/pg-store/reconnect", test_reconnect, "reconnect");
  ADD ("/pg-store/reader-pool", test_reader_pool, "pool");
#undef ADD
  g_test_add_func ("/pg-store/silent-server-waited-once", test_silent_server_waited_once);
  return g_test_run ();
}
