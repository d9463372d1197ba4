/* test-tamper.c: edits of the database file behind the program's back are found by
 * `muying-cli check` (see docs/security.md)
 *
 * Each case builds a database through the store (an administrator, a doctor, a nurse, two
 * signed prenatal records), edits the file with SQLite directly as someone with access to the
 * file but not to the key folder would, and runs `muying-cli check`: it must exit 1 and name
 * the problem in Chinese. A clean database reads sound; a database of schema version 3 (plain
 * SHA-256 chain) is migrated and its old entries stay protected.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "muying-store-sql.h"
#include "muying-date.h"
#include "muying-error.h"
#include "muying-i18n.h"
#include "muying-id-number.h"
#include "muying-rule-set.h"
#include "muying-store-backup.h"
#include "muying-store-check.h"
#include "muying-store-records.h"
#include "muying-store-schema.h"
#include "muying-store-users.h"
#include "muying-store-worklist.h"
#include "muying-test-utils.h"

#define PASSWORD "secret123"
#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  char   *dir;
  char   *path;
  gint64  p1;   /* signed, high risk */
  gint64  p2;   /* signed, intermediate */
} Fixture;

static gint64
save_signed (MuyingStore   *store,
             MuyingRuleSet *rules,
             MuyingUser    *doctor,
             const char    *key,
             const char    *id17,
             int            t21_risk)
{
  g_autoptr(MuyingPrenatalRecord) r = muying_prenatal_record_new ();
  g_autoptr(MuyingClassification) cls = NULL;
  g_autoptr(GError) error = NULL;
  MuyingReview sign = { MUYING_REVIEW_SIGN, -1, NULL, NULL, PASSWORD };
  gint64 id = 0;

  r->sample_no = g_strdup (key);
  r->id_number = muying_test_make_id_number (id17);
  r->name = g_strdup ("张丽");
  g_assert_true (muying_id_number_validate (r->id_number, NULL, &r->birth_date, NULL, NULL));
  g_assert_true (muying_date_parse ("2026-06-01", &r->sample_date, NULL));
  r->test_type = MUYING_PRENATAL_TEST_MID_TRIPLE;
  r->ga_days = 16 * 7;
  muying_date_edd_from_ga (&r->sample_date, r->ga_days, &r->edd);
  r->t21_risk = t21_risk;
  r->t18_risk = 5000;
  cls = muying_rule_set_classify_prenatal (rules, r);
  g_assert_cmpint (cls->level, >, MUYING_LEVEL_LOW);
  g_assert_true (muying_store_save_prenatal (store, r, cls, "li", NULL, &id, &error));
  g_assert_no_error (error);
  g_assert_true (muying_store_review (store, doctor, id, &sign, rules, NULL, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(MuyingUser) doctor = NULL;
  g_autoptr(MuyingUser) nurse = NULL;
  g_autofree char *keys = NULL;

  f->dir = muying_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "m.db", NULL);
  /* This case's own key folder; muying-cli inherits it. */
  keys = g_build_filename (f->dir, "keys", NULL);
  g_setenv ("MUYING_KEY_DIR", keys, TRUE);

  store = muying_store_create (f->path, &error);
  g_assert_no_error (error);
  rules = muying_rule_set_new_from_dir (muying_test_data_dir (), &error);
  g_assert_no_error (error);
  admin = muying_store_create_first_admin (store, "boss", "王主任", PASSWORD, &error);
  g_assert_no_error (error);
  doctor = muying_store_create_user (store, "boss", "doc", "李医生", MUYING_ROLE_DOCTOR, PASSWORD, &error);
  g_assert_no_error (error);
  nurse = muying_store_create_user (store, "boss", "li", "张护士", MUYING_ROLE_NURSE, PASSWORD, &error);
  g_assert_no_error (error);
  f->p1 = save_signed (store, rules, doctor, "P1", "11010519950101002", 150);
  f->p2 = save_signed (store, rules, doctor, "P2", "11010519960202004", 500);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_unsetenv ("MUYING_KEY_DIR");
}

/* Edits the file as an outsider would: plain SQLite, no triggers of ours fired on purpose. */
static void
tamper (const char *path,
        const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* Runs `muying-cli check`; returns its output (stdout). */
static char *
check (const char *path,
       int         expected_status)
{
  const char *args[] = { "--db", path, "check", NULL };
  char *out = NULL;
  g_autofree char *err = NULL;
  int status = muying_test_run_cli (args, NULL, &out, &err);

  g_test_message ("check → %d\n%s%s", status, out, err);
  g_assert_cmpint (status, ==, expected_status);
  return out;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not in:\n%s", part, text);
}

/* The old, unkeyed rule of the audit chain, as a forger without the key would use it. */
static char *
unkeyed_hash (const char *prev,
              const char *at,
              const char *user,
              const char *action,
              const char *entity,
              gint64      entity_id,
              const char *detail)
{
  g_autofree char *text = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%s", prev, at,
                                           user ? user : "", action, entity ? entity : "", entity_id,
                                           detail ? detail : "");

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* ---- the cases -------------------------------------------------------------------------- */

static void
test_clean (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *out = check (f->path, 0);

  assert_contains (out, "数据库完好");
  /* Twice: the check's own audit entry keeps it sound. */
  g_free (check (f->path, 0));
}

static void
test_drop_triggers_delete_tail (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *out = NULL;

  g_free (check (f->path, 0));
  tamper (f->path, "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update;"
                   "DELETE FROM audit WHERE id > (SELECT max(id) - 3 FROM audit);");
  out = check (f->path, 1);
  assert_contains (out, "触发器“audit_no_delete”不见了");
  assert_contains (out, "末尾的记录被删除");
}

static void
test_delete_whole_log (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *out = NULL;

  tamper (f->path, "DROP TRIGGER audit_no_delete; DELETE FROM audit;"
                   "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
                   "  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;");
  out = check (f->path, 1);
  assert_contains (out, "审计日志是空的");
}

static void
test_rehash_unkeyed (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = query_text (f->path, "SELECT max(id) FROM audit WHERE action = 'sign'");
  g_autofree char *sql = g_strdup_printf ("SELECT prev_hash, at, user_name, action, entity, entity_id, detail "
                                          "FROM audit WHERE id = %s", id);
  g_autofree char *out = NULL;
  g_autofree char *update = NULL;
  g_autofree char *hash = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* Someone changes the signing doctor's name in the entry and re-computes its hash by the
   * (published) unkeyed rule, and re-links the next entry. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  hash = unkeyed_hash ((const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
                       "boss", (const char *) sqlite3_column_text (stmt, 3),
                       (const char *) sqlite3_column_text (stmt, 4), sqlite3_column_int64 (stmt, 5),
                       (const char *) sqlite3_column_text (stmt, 6));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  update = g_strdup_printf ("DROP TRIGGER audit_no_update;"
                            "UPDATE audit SET user_name = 'boss', hash = '%s' WHERE id = %s;"
                            "UPDATE audit SET prev_hash = '%s' WHERE id = %s + 1;"
                            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
                            "  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;",
                            hash, id, hash, id);
  tamper (f->path, update);
  out = check (f->path, 1);
  {
    g_autofree char *expected = g_strdup_printf ("第 %s 条审计记录在程序之外被改动", id);

    assert_contains (out, expected);
  }
}

static void
test_downgrade_signed (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE record SET level = 0 WHERE id = %" G_GINT64_FORMAT, f->p1);
  g_autofree char *out = NULL;

  tamper (f->path, sql);
  out = check (f->path, 1);
  assert_contains (out, "产前筛查记录 P1");
  assert_contains (out, "已签名的记录在程序之外被改动");
}

static void
test_delete_signed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA foreign_keys = ON; DELETE FROM record WHERE id = %" G_GINT64_FORMAT,
                                          f->p1);
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;

  tamper (f->path, sql);
  out = check (f->path, 1);
  expected = g_strdup_printf ("记录 id %" G_GINT64_FORMAT " 已签名", f->p1);
  assert_contains (out, expected);
  assert_contains (out, "在程序之外被删除");
}

static void
test_change_result (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE prenatal SET diagnosis_result = 'normal' WHERE record_id = %"
                                          G_GINT64_FORMAT, f->p2);
  g_autofree char *out = NULL;

  tamper (f->path, sql);
  out = check (f->path, 1);
  assert_contains (out, "产前筛查记录 P2");
  assert_contains (out, "已签名的记录在程序之外被改动");
  g_assert_null (strstr (out, "P1"));
}

static void
test_promote_nurse (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;

  tamper (f->path, "UPDATE app_user SET role = 'admin' WHERE login = 'li'");
  out = check (f->path, 1);
  assert_contains (out, "账户 li");
  assert_contains (out, "在程序之外被改动");
}

static void
test_copy_password_hash (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;

  /* The nurse's password opens the administrator's account now. */
  tamper (f->path, "UPDATE app_user SET password_hash = (SELECT password_hash FROM app_user WHERE login = 'li'), "
                   "seal = (SELECT seal FROM app_user WHERE login = 'li') WHERE login = 'boss'");
  out = check (f->path, 1);
  assert_contains (out, "账户 boss");
  assert_contains (out, "在程序之外被改动");
}

/* An older copy of the file put in place of the database (by hand) is found; a restore through
 * the program warns first and leaves a database that reads sound. */
static void
test_older_copy (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "old.db", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *out = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *safety = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  {
    g_autoptr(MuyingStore) store = muying_store_open (f->path, &error);

    g_assert_no_error (error);
    g_assert_true (muying_store_backup (store, copy, "boss", MUYING_BACKUP_FLAGS_NONE, &error));
    g_assert_no_error (error);
    g_assert_true (muying_store_audit (store, "boss", "note", "database", 0, NULL, &error));
    g_assert_no_error (error);
  }
  g_free (check (f->path, 0));
  /* The live audit records the copy's newest entry. */
  {
    g_autofree char *detail = query_text (f->path, "SELECT detail FROM audit WHERE action = 'backup'");
    g_autofree char *head = query_text (copy, "SELECT '\"id\":' || id || ',\"hash\":\"' || hash || '\"' "
                                              "FROM audit ORDER BY id DESC LIMIT 1");

    assert_contains (detail, head);
  }

  /* Through the program: a warning, and afterwards the check passes. */
  {
    g_autoptr(MuyingStore) store = muying_store_open (f->path, &error);
    MuyingBackupInfo info = { 0 };

    g_assert_true (muying_store_inspect_backup (copy, &info, &error));
    warning = muying_store_restore_warning (store, copy, &info);
    muying_backup_info_clear (&info);
    g_assert_nonnull (warning);
    g_test_message ("%s", warning);
    assert_contains (warning, "恢复它会丢弃");
    g_assert_true (muying_store_restore (store, copy, "boss", &safety, &error));
    g_assert_no_error (error);
  }
  g_free (check (f->path, 0));

  /* By hand: the safety copy (newer) back, then the old one over it. */
  {
    g_autoptr(MuyingStore) store = muying_store_open (f->path, &error);

    g_assert_true (muying_store_audit (store, "boss", "note", "database", 0, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_file_get_contents (copy, &contents, &len, &error));
  g_remove (wal);
  g_remove (shm);
  g_assert_true (g_file_set_contents (f->path, contents, len, &error));
  out = check (f->path, 1);
  assert_contains (out, "更早的副本");
}

static void
test_key_missing (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autofree char *moved = g_build_filename (f->dir, "keys-backup", NULL);
  g_autofree char *out = NULL;

  g_assert_cmpint (g_rename (keys, moved), ==, 0);
  out = check (f->path, 1);
  assert_contains (out, "无法验证");
  g_assert_null (strstr (out, "数据库完好"));
  /* The check wrote its entry under a new key; with the old key folder's key put back beside it
   * everything verifies again. */
  {
    g_autoptr(GDir) dir = g_dir_open (moved, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_suffix (name, ".key"))
        {
          g_autofree char *from = g_build_filename (moved, name, NULL);
          g_autofree char *to = g_build_filename (keys, name, NULL);
          g_autofree char *text = NULL;

          g_assert_true (g_file_get_contents (from, &text, NULL, NULL));
          g_assert_true (g_file_set_contents (to, text, -1, NULL));
        }
  }
  g_free (check (f->path, 0));
}

/* A database of schema version 3 (plain SHA-256 chain) is migrated: its old entries stay, keyed
 * entries follow the marker, and a rewrite of an old entry is still found. */
static void
test_migrate_unkeyed (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "v3.db", NULL);
  g_autofree char *keys = g_build_filename (dir, "keys", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  guint n_migrations;
  const char * const *migrations = muying_store_schema_get_migrations (&n_migrations, NULL);
  g_autofree char *h1 = unkeyed_hash (GENESIS, "2025-01-01T00:00:00.000000Z", "boss", "user_add", "user", 1, NULL);
  g_autofree char *h2 = unkeyed_hash (h1, "2025-01-02T00:00:00.000000Z", "boss", "login", "user", 1, NULL);
  g_autofree char *rows = NULL;
  sqlite3 *db = NULL;

  g_setenv ("MUYING_KEY_DIR", keys, TRUE);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (sqlite3_exec (db, migrations[i], NULL, NULL, NULL), ==, SQLITE_OK);
  rows = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = 3;"
                          "INSERT INTO app_user (id, login, display_name, role, password_hash, created_at) "
                          "  VALUES (1, 'boss', '王主任', 'admin', 'x', '2025-01-01');"
                          "INSERT INTO audit (at, user_name, action, entity, entity_id, detail, prev_hash, hash) VALUES"
                          " ('2025-01-01T00:00:00.000000Z', 'boss', 'user_add', 'user', 1, NULL, '%s', '%s'),"
                          " ('2025-01-02T00:00:00.000000Z', 'boss', 'login', 'user', 1, NULL, '%s', '%s');",
                          MUYING_STORE_APPLICATION_ID, GENESIS, h1, h1, h2);
  g_assert_cmpint (sqlite3_exec (db, rows, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    g_autoptr(MuyingStore) store = muying_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (muying_store_get_schema_version (store), ==, MUYING_STORE_SCHEMA_VERSION);
  }
  g_assert_cmpstr (query_text (path, "SELECT action FROM audit WHERE id = 3"), ==, "audit_key");
  g_assert_cmpstr (query_text (path, "SELECT hash FROM audit WHERE id = 2"), ==, h2);
  g_assert_nonnull (query_text (path, "SELECT seal FROM app_user WHERE id = 1"));
  g_free (check (path, 0));

  /* An old entry rewritten and the old part re-chained by the old rule: the keyed marker no
   * longer follows it. */
  {
    g_autofree char *f1 = unkeyed_hash (GENESIS, "2025-01-01T00:00:00.000000Z", "zhao", "user_add", "user", 1, NULL);
    g_autofree char *f2 = unkeyed_hash (f1, "2025-01-02T00:00:00.000000Z", "boss", "login", "user", 1, NULL);
    g_autofree char *sql = g_strdup_printf ("DROP TRIGGER audit_no_update;"
                                            "UPDATE audit SET user_name = 'zhao', hash = '%s' WHERE id = 1;"
                                            "UPDATE audit SET prev_hash = '%s', hash = '%s' WHERE id = 2;"
                                            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
                                            "  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;",
                                            f1, f1, f2);

    tamper (path, sql);
  }
  out = check (path, 1);
  assert_contains (out, "第 3 条审计记录与前一条接不上");
  g_unsetenv ("MUYING_KEY_DIR");
  muying_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* The messages are checked in Chinese (LANGUAGE=zh_CN in the test environment). */
  muying_i18n_init ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) g_test_add ("/tamper/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("clean", test_clean);
  ADD ("drop-triggers-delete-tail", test_drop_triggers_delete_tail);
  ADD ("delete-whole-log", test_delete_whole_log);
  ADD ("rehash-unkeyed", test_rehash_unkeyed);
  ADD ("downgrade-signed", test_downgrade_signed);
  ADD ("delete-signed", test_delete_signed);
  ADD ("change-result", test_change_result);
  ADD ("promote-nurse", test_promote_nurse);
  ADD ("copy-password-hash", test_copy_password_hash);
  ADD ("older-copy", test_older_copy);
  ADD ("key-missing", test_key_missing);
#undef ADD
  g_test_add_func ("/tamper/migrate-unkeyed", test_migrate_unkeyed);
  return g_test_run ();
}
