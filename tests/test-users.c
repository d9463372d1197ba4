/* test-users.c: accounts, roles, log-in with lockout, and the `user` commands of muying-cli
 * (docs/architecture.md "Security")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "muying-store-sql.h"
#include "muying-error.h"
#include "muying-store-users.h"
#include "muying-store-users-private.h"
#include "muying-test-pg-store.h"
#include "muying-test-utils.h"

#define ADMIN_PW "Admin2024pw"
#define NURSE_PW "Nurse2024pw"
#define T0       ((gint64) 1767225600)   /* 2026-01-01T00:00:00Z */

/* "/users/server/…": the new database moved to a server database */
typedef MuyingTestDb Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  muying_test_db_create (f, "users.db");
  muying_test_db_move_if (f, GPOINTER_TO_INT (data), "users");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  muying_test_db_clear (f);
}

/* Where the database is: the file, or the server database it was moved to. */
static const char *
location (Fixture *f)
{
  return f->uri != NULL ? f->uri : f->path;
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  f->store = muying_store_open (location (f), &error);
  g_assert_no_error (error);
}

static void
add_admin_and_nurse (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(MuyingUser) nurse = NULL;

  admin = muying_store_create_first_admin (f->store, "boss", "院长", ADMIN_PW, &error);
  g_assert_no_error (error);
  nurse = muying_store_create_user (f->store, "boss", "nina", "护士甲", MUYING_ROLE_NURSE, NURSE_PW, &error);
  g_assert_no_error (error);
  g_assert_cmpint (muying_user_get_role (nurse), ==, MUYING_ROLE_NURSE);
}

static gint64
count_audit (Fixture    *f,
             const char *action,
             const char *user)
{
  g_autoptr(MuyingSqlStmt) stmt =
    muying_store_query (f->store, "SELECT count(*) FROM audit WHERE action = ? AND user_name IS NOT DISTINCT FROM ?",
                        NULL);

  g_assert_nonnull (stmt);
  muying_sql_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  muying_sql_bind_text (stmt, 2, user, -1, SQLITE_STATIC);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  return muying_sql_column_int64 (stmt, 0);
}

static char *
password_hash (Fixture    *f,
               const char *login)
{
  g_autoptr(MuyingSqlStmt) stmt =
    muying_store_query (f->store, "SELECT password_hash FROM app_user WHERE login = ?", NULL);

  muying_sql_bind_text (stmt, 1, login, -1, SQLITE_STATIC);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) muying_sql_column_text (stmt, 0));
}

/* ---- roles ----------------------------------------------------------------------------------- */

static void
test_require (void)
{
  g_autoptr(MuyingUser) doctor = muying_user_new (1, "doc", "医生甲", MUYING_ROLE_DOCTOR, FALSE, 0, 0, "x");
  g_autoptr(MuyingUser) gone = muying_user_new (2, "old", "旧", MUYING_ROLE_ADMIN, TRUE, 0, 0, "x");
  g_autoptr(GError) error = NULL;

  g_assert_true (muying_user_require (doctor, MUYING_PERMISSION_SIGN, &error));
  g_assert_no_error (error);
  g_assert_false (muying_user_require (doctor, MUYING_PERMISSION_EXPORT, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (muying_user_require (gone, MUYING_PERMISSION_VIEW, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_DISABLED);
}

/* ---- accounts -------------------------------------------------------------------------------- */

static void
test_first_admin (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(MuyingUser) second = NULL;
  g_autofree char *hash = NULL;

  /* No default accounts. */
  g_assert_cmpint (muying_store_count_users (f->store, &error), ==, 0);
  g_assert_no_error (error);

  /* The policy applies to the first administrator too. */
  g_assert_null (muying_store_create_first_admin (f->store, "boss", NULL, "short", &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (muying_store_count_users (f->store, NULL), ==, 0);

  admin = muying_store_create_first_admin (f->store, "boss", NULL, ADMIN_PW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (muying_user_get_login (admin), ==, "boss");
  g_assert_cmpstr (muying_user_get_display_name (admin), ==, "boss");
  g_assert_cmpint (muying_user_get_role (admin), ==, MUYING_ROLE_ADMIN);
  g_assert_cmpint (muying_store_count_users (f->store, NULL), ==, 1);

  hash = password_hash (f, "boss");
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, ADMIN_PW));

  /* Only once. */
  second = muying_store_create_first_admin (f->store, "boss2", NULL, ADMIN_PW, &error);
  g_assert_null (second);
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_assert_cmpint (muying_store_count_users (f->store, NULL), ==, 1);
  g_assert_cmpint (count_audit (f, "user_add", "boss"), ==, 1);
}

static void
test_manage (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) user = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(MuyingUser) first = NULL;
  g_autofree char *role_label = NULL;

  add_admin_and_nurse (f);

  /* A nurse cannot add users, a login is unique. */
  g_assert_null (muying_store_create_user (f->store, "nina", "x1", "X", MUYING_ROLE_ADMIN, NURSE_PW, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_null (muying_store_create_user (f->store, NULL, "x1", "X", MUYING_ROLE_ADMIN, NURSE_PW, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_null (muying_store_create_user (f->store, "boss", "nina", "X", MUYING_ROLE_NURSE, NURSE_PW, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  list = muying_store_list_users (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  g_assert_true (g_list_model_get_item_type (list) == MUYING_TYPE_USER);
  first = g_list_model_get_item (list, 0);
  g_assert_cmpstr (muying_user_get_login (first), ==, "boss");
  g_object_get (first, "role-label", &role_label, NULL);
  g_assert_cmpstr (role_label, ==, muying_role_get_label (MUYING_ROLE_ADMIN));

  /* Role and name changes are audited with old and new values. */
  g_assert_true (muying_store_update_user (f->store, "boss", "nina", "护士长", MUYING_ROLE_DOCTOR, &error));
  g_assert_no_error (error);
  user = muying_store_lookup_user (f->store, "nina", &error);
  g_assert_cmpstr (muying_user_get_display_name (user), ==, "护士长");
  g_assert_cmpint (muying_user_get_role (user), ==, MUYING_ROLE_DOCTOR);
  g_assert_cmpint (count_audit (f, "user_update", "boss"), ==, 1);
  g_clear_object (&user);

  g_assert_null (muying_store_lookup_user (f->store, "nobody", &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The last administrator stays. */
  g_assert_false (muying_store_set_user_disabled (f->store, "boss", "boss", TRUE, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (muying_store_update_user (f->store, "boss", "boss", "院长", MUYING_ROLE_DOCTOR, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* An administrator resets a password. */
  g_assert_true (muying_store_set_password (f->store, "boss", "nina", "Fresh2025pw", &error));
  g_assert_no_error (error);
  user = muying_store_login_at (f->store, "nina", "Fresh2025pw", T0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpint (count_audit (f, "user_passwd", "boss"), ==, 1);
}

/* ---- log-in ---------------------------------------------------------------------------------- */

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) user = NULL;

  add_admin_and_nurse (f);

  user = muying_store_login_at (f->store, "nina", NURSE_PW, T0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (muying_user_get_login (user), ==, "nina");
  g_assert_cmpint (count_audit (f, "login", "nina"), ==, 1);
  g_clear_object (&user);

  /* Unknown user and wrong password get the same answer; both are audited. */
  g_assert_null (muying_store_login_at (f->store, "ghost", NURSE_PW, T0, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
  {
    g_autofree char *unknown_message = g_strdup (error->message);

    g_clear_error (&error);
    g_assert_null (muying_store_login_at (f->store, "nina", "wrong", T0, &error));
    g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
    g_assert_cmpstr (error->message, ==, unknown_message);
    g_clear_error (&error);
  }
  g_assert_cmpint (count_audit (f, "login_failed", "ghost"), ==, 0);  /* see /users/unknown-name */
  g_assert_cmpint (count_audit (f, "login_failed", "nina"), ==, 1);

  /* A success resets the count: 1 + 3 failures, success, 4 more failures are still not a lock. */
  for (int i = 0; i < 3; i++)
    {
      g_assert_null (muying_store_login_at (f->store, "nina", "wrong", T0, &error));
      g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
      g_clear_error (&error);
    }
  user = muying_store_login_at (f->store, "nina", NURSE_PW, T0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (muying_user_get_failed_logins (user), ==, 0);
  g_clear_object (&user);
  for (int i = 0; i < 4; i++)
    {
      g_assert_null (muying_store_login_at (f->store, "nina", "wrong", T0, &error));
      g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
      g_clear_error (&error);
    }
  user = muying_store_login_at (f->store, "nina", NURSE_PW, T0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpint (count_audit (f, "locked", "nina"), ==, 0);
  g_clear_object (&user);

  /* Disabled: the right password does not let in, and the answer is the one for a wrong
   * password, so that it does not tell that the password was right. */
  g_assert_true (muying_store_set_user_disabled (f->store, "boss", "nina", TRUE, &error));
  g_assert_no_error (error);
  g_assert_null (muying_store_login_at (f->store, "nina", NURSE_PW, T0, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
  {
    g_autofree char *right_message = g_strdup (error->message);

    g_clear_error (&error);
    g_assert_null (muying_store_login_at (f->store, "nina", "Wrong2024pw", T0, &error));
    g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
    g_assert_cmpstr (error->message, ==, right_message);
    g_assert_nonnull (strstr (error->message, "disabled"));
    g_clear_error (&error);
  }
  g_assert_cmpint (count_audit (f, "user_disable", "boss"), ==, 1);
  g_assert_true (muying_store_set_user_disabled (f->store, "boss", "nina", FALSE, &error));
  user = muying_store_login_at (f->store, "nina", NURSE_PW, T0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (f, "user_enable", "boss"), ==, 1);

  g_assert_true (muying_store_verify_audit (f->store, NULL, &error));
  g_assert_no_error (error);
}

static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) user = NULL;

  add_admin_and_nurse (f);

  for (int i = 1; i < MUYING_LOGIN_MAX_FAILURES; i++)
    {
      g_assert_null (muying_store_login_at (f->store, "nina", "wrong", T0 + i, &error));
      g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
      g_clear_error (&error);
    }
  /* The fifth failure locks. */
  g_assert_null (muying_store_login_at (f->store, "nina", "wrong", T0 + 10, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (f, "locked", "nina"), ==, 1);

  /* The right password does not help while locked, and the lock survives a restart. */
  g_assert_null (muying_store_login_at (f->store, "nina", NURSE_PW, T0 + 20, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_LOCKED);
  g_clear_error (&error);
  reopen (f);
  user = muying_store_lookup_user (f->store, "nina", &error);
  g_assert_no_error (error);
  g_assert_cmpint (muying_user_get_locked_until (user), ==, T0 + 10 + MUYING_LOGIN_LOCK_SECONDS);
  g_assert_true (muying_user_is_locked_at (user, T0 + 10 + MUYING_LOGIN_LOCK_SECONDS - 1));
  g_clear_object (&user);
  g_assert_null (muying_store_login_at (f->store, "nina", NURSE_PW, T0 + 10 + MUYING_LOGIN_LOCK_SECONDS - 1,
                                        &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_LOCKED);
  g_clear_error (&error);
  /* Other accounts are not affected. */
  user = muying_store_login_at (f->store, "boss", ADMIN_PW, T0 + 30, &error);
  g_assert_no_error (error);
  g_clear_object (&user);

  /* 30 minutes later the right password works and resets everything. */
  user = muying_store_login_at (f->store, "nina", NURSE_PW, T0 + 10 + MUYING_LOGIN_LOCK_SECONDS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpint (muying_user_get_failed_logins (user), ==, 0);
  g_assert_cmpint (muying_user_get_locked_until (user), ==, 0);
  g_clear_object (&user);

  /* After an expired lock a wrong password starts a new count: one failure does not re-lock. */
  for (int i = 1; i < MUYING_LOGIN_MAX_FAILURES; i++)
    {
      g_assert_null (muying_store_login_at (f->store, "nina", "wrong", T0 + 3600 + i, &error));
      g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
      g_clear_error (&error);
    }
  g_assert_null (muying_store_login_at (f->store, "nina", "wrong", T0 + 3700, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_LOCKED);
  g_clear_error (&error);
  /* An expired lock followed by one wrong password: counting starts again at 1. */
  g_assert_null (muying_store_login_at (f->store, "nina", "wrong", T0 + 3700 + MUYING_LOGIN_LOCK_SECONDS + 5,
                                        &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  user = muying_store_lookup_user (f->store, "nina", NULL);
  g_assert_cmpint (muying_user_get_failed_logins (user), ==, 1);
  g_clear_object (&user);

  /* An administrator can unlock at once. */
  for (int i = 0; i < MUYING_LOGIN_MAX_FAILURES; i++)
    {
      g_assert_null (muying_store_login_at (f->store, "nina", "wrong", T0 + 9000, NULL));
    }
  g_assert_null (muying_store_login_at (f->store, "nina", NURSE_PW, T0 + 9001, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_true (muying_store_unlock_user (f->store, "boss", "nina", &error));
  g_assert_no_error (error);
  user = muying_store_login_at (f->store, "nina", NURSE_PW, T0 + 9002, &error);
  g_assert_no_error (error);
  g_clear_object (&user);

  g_assert_true (muying_store_verify_audit (f->store, NULL, &error));
  g_assert_no_error (error);
}

static void
test_change_own_password (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) user = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_admin_and_nurse (f);
  before = password_hash (f, "nina");
  g_assert_false (muying_store_change_own_password (f->store, "nina", "wrong", "Brand2025new", &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  user = muying_store_lookup_user (f->store, "nina", NULL);
  g_assert_cmpint (muying_user_get_failed_logins (user), ==, 1);
  g_clear_object (&user);
  g_assert_false (muying_store_change_own_password (f->store, "nina", NURSE_PW, "weak", &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (muying_store_change_own_password (f->store, "nina", NURSE_PW, "Brand2025new", &error));
  g_assert_no_error (error);
  after = password_hash (f, "nina");
  g_assert_cmpstr (before, !=, after);
  g_assert_true (g_str_has_prefix (after, "$argon2id$"));
  g_assert_null (muying_store_login (f->store, "nina", NURSE_PW, NULL));
  user = muying_store_login (f->store, "nina", "Brand2025new", &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (f, "user_passwd", "nina"), ==, 1);
}

/* Counts audit rows whose user name or detail holds @text (case-sensitive; compared here, the
 * same on both backends). */
static gint64
count_audit_mentioning (Fixture    *f,
                        const char *text)
{
  g_autoptr(MuyingSqlStmt) stmt = muying_store_query (f->store, "SELECT user_name, detail FROM audit", NULL);
  gint64 n = 0;

  g_assert_nonnull (stmt);
  while (muying_sql_step (stmt) == SQLITE_ROW)
    {
      const char *user_name = (const char *) muying_sql_column_text (stmt, 0);
      const char *detail = (const char *) muying_sql_column_text (stmt, 1);

      if ((user_name != NULL && strstr (user_name, text) != NULL) || (detail != NULL && strstr (detail, text) != NULL))
        n++;
    }
  return n;
}

/* The user name of the last login_failed row. */
static char *
last_failed_name (Fixture *f)
{
  g_autoptr(MuyingSqlStmt) stmt =
    muying_store_query (f->store, "SELECT user_name FROM audit WHERE action = 'login_failed' ORDER BY id DESC "
                                  "LIMIT 1", NULL);

  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) muying_sql_column_text (stmt, 0));
}

/* A password typed into the user-name field never reaches the audit trail: an unknown login is
 * recorded as a short keyed digest, the same for the same name. */
static void
test_unknown_name (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *other = NULL;

  add_admin_and_nurse (f);
  g_assert_null (muying_store_login_at (f->store, "Admin12345", "Admin12345", T0, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);
  first = last_failed_name (f);
  g_assert_null (muying_store_login_at (f->store, "Admin12345", "x", T0, NULL));
  again = last_failed_name (f);
  g_assert_null (muying_store_login_at (f->store, "Other98765", "x", T0, NULL));
  other = last_failed_name (f);

  g_assert_cmpint (count_audit_mentioning (f, "Admin12345"), ==, 0);
  g_assert_cmpint (count_audit_mentioning (f, "Other98765"), ==, 0);
  g_assert_cmpint (count_audit_mentioning (f, "Admin"), ==, 0);
  g_assert_true (g_str_has_prefix (first, "? "));
  g_assert_cmpuint (strlen (first), ==, 6);
  g_assert_cmpstr (first, ==, again);
  g_assert_cmpstr (first, !=, other);
  g_assert_cmpint (count_audit (f, "login_failed", first), ==, 2);

  /* A known login is still recorded by name. */
  g_assert_null (muying_store_login_at (f->store, "nina", "Wrong2024pw", T0, NULL));
  g_assert_cmpint (count_audit (f, "login_failed", "nina"), ==, 1);
  g_assert_true (muying_store_verify_audit (f->store, NULL, &error));
  g_assert_no_error (error);
}

/* An unknown login costs the same work as a known one: exactly one Argon2id computation
 * (before, the first unknown login of a process made the decoy hash first: two). */
static void
test_decoy (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(MuyingUser) user = NULL;
  guint before;

  add_admin_and_nurse (f);

  before = _muying_store_users_get_pwhash_calls ();
  g_assert_null (muying_store_login_at (f->store, "ghost", NURSE_PW, T0, NULL));
  g_assert_cmpuint (_muying_store_users_get_pwhash_calls () - before, ==, 1);

  before = _muying_store_users_get_pwhash_calls ();
  g_assert_null (muying_store_login_at (f->store, "phantom", NURSE_PW, T0, NULL));
  g_assert_cmpuint (_muying_store_users_get_pwhash_calls () - before, ==, 1);

  before = _muying_store_users_get_pwhash_calls ();
  g_assert_null (muying_store_login_at (f->store, "nina", "Wrong2024pw", T0, NULL));
  g_assert_cmpuint (_muying_store_users_get_pwhash_calls () - before, ==, 1);

  before = _muying_store_users_get_pwhash_calls ();
  user = muying_store_login_at (f->store, "nina", NURSE_PW, T0, NULL);
  g_assert_nonnull (user);
  g_assert_cmpuint (_muying_store_users_get_pwhash_calls () - before, ==, 1);
  g_clear_object (&user);

  /* A disabled account is checked like any other. */
  g_assert_true (muying_store_set_user_disabled (f->store, "boss", "nina", TRUE, NULL));
  before = _muying_store_users_get_pwhash_calls ();
  g_assert_null (muying_store_login_at (f->store, "nina", NURSE_PW, T0, NULL));
  g_assert_cmpuint (_muying_store_users_get_pwhash_calls () - before, ==, 1);
}

/* ---- parallel guessing -------------------------------------------------------------------- */

#define N_WRONG 30

static GPid
spawn_login (const char *db,
             const char *password)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { g_getenv ("MUYING_CLI"), "--db", db, "--user", "nina", "worklist", NULL };
  GPid pid = 0;

  envp = g_environ_setenv (envp, "MUYING_PASSWORD", password, TRUE);
  g_spawn_async (NULL, (char **) argv, envp,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

static int
wait_exit (GPid pid)
{
  int status = 0;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static gint64
count_failed_reason (Fixture    *f,
                     const char *reason)
{
  g_autoptr(MuyingSqlStmt) stmt =
    muying_store_query (f->store, "SELECT detail FROM audit WHERE action = 'login_failed' AND user_name = 'nina'",
                        NULL);
  gint64 n = 0;

  /* the reason read from the detail here: the server has no json_extract */
  while (muying_sql_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      g_assert_true (json_parser_load_from_data (parser, (const char *) muying_sql_column_text (stmt, 0), -1, NULL));
      root = json_parser_get_root (parser);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      if (g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root), "reason", NULL),
                     reason) == 0)
        n++;
    }
  return n;
}

static gint64
audit_id (Fixture    *f,
          const char *action)
{
  g_autoptr(MuyingSqlStmt) stmt =
    muying_store_query (f->store, "SELECT coalesce(max(id), 0) FROM audit WHERE action = ? AND user_name = 'nina'",
                        NULL);

  muying_sql_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  g_assert_cmpint (muying_sql_step (stmt), ==, SQLITE_ROW);
  return muying_sql_column_int64 (stmt, 0);
}

/* 30 wrong guesses and the right password, each in its own muying-cli process, all started at
 * once: the account ends locked, no log-in succeeds after the lock, every attempt is audited,
 * and the parallel processes got no more password checks than guesses one after another
 * would (before, all 30 were checked, the right one got in and the account stayed unlocked). */
static void
test_parallel_lockout (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) user = NULL;
  GPid pids[N_WRONG + 1];
  int n_ok = 0;
  gint64 checked, logins, failed;

  add_admin_and_nurse (f);
  g_clear_object (&f->store);   /* the children have the database to themselves */

  for (int i = 0; i <= N_WRONG; i++)
    {
      g_autofree char *guess = g_strdup_printf ("Guess%04dpw", i);

      pids[i] = spawn_login (location (f), i == N_WRONG / 2 ? NURSE_PW : guess);
    }
  for (int i = 0; i <= N_WRONG; i++)
    {
      int status = wait_exit (pids[i]);

      g_assert_true (status == 0 || status == 1);
      if (status == 0)
        {
          g_assert_cmpint (i, ==, N_WRONG / 2);
          n_ok++;
        }
    }

  reopen (f);
  user = muying_store_lookup_user (f->store, "nina", &error);
  g_assert_no_error (error);
  g_assert_true (muying_user_is_locked_at (user, g_get_real_time () / G_USEC_PER_SEC));

  /* Every attempt is in the audit: one login or one login_failed each. */
  logins = count_audit (f, "login", "nina");
  failed = count_audit (f, "login_failed", "nina");
  g_test_message ("successes %d, logins %" G_GINT64_FORMAT ", failures %" G_GINT64_FORMAT
                  " (password %" G_GINT64_FORMAT ", locked while checked %" G_GINT64_FORMAT ", too many %"
                  G_GINT64_FORMAT ", locked %" G_GINT64_FORMAT ")",
                  n_ok, logins, failed, count_failed_reason (f, "password"),
                  count_failed_reason (f, "locked_meanwhile"), count_failed_reason (f, "too_many_attempts"),
                  count_failed_reason (f, "locked"));
  g_assert_cmpint (failed, ==, count_failed_reason (f, "password") + count_failed_reason (f, "locked_meanwhile") +
                               count_failed_reason (f, "too_many_attempts") + count_failed_reason (f, "locked"));
  g_assert_cmpint (logins, ==, n_ok);
  g_assert_cmpint (logins + failed, ==, N_WRONG + 1);
  g_assert_cmpint (count_audit (f, "locked", "nina"), >=, 1);
  /* No success after the lock. */
  if (logins > 0)
    g_assert_cmpint (audit_id (f, "login"), <, audit_id (f, "locked"));
  /* At most MUYING_LOGIN_MAX_FAILURES passwords checked before a success resets the count, and
   * as many after it; the rest were refused unchecked. */
  checked = logins + count_failed_reason (f, "password") + count_failed_reason (f, "locked_meanwhile");
  g_assert_cmpint (checked, >=, 1);
  g_assert_cmpint (checked, <=, 2 * MUYING_LOGIN_MAX_FAILURES);

  /* The right password is refused now. */
  g_assert_null (muying_store_login (f->store, "nina", NURSE_PW, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_true (muying_store_verify_audit (f->store, NULL, &error));
  g_assert_no_error (error);
}

/* ---- muying-cli ------------------------------------------------------------------------------ */

/* Runs muying-cli --db DB [--user USER] ARGS… with MUYING_PASSWORD / MUYING_NEW_PASSWORD set when
 * given (and unset otherwise); stdin is /dev/null, so there is no terminal. */
static int
run_cli (const char  *db,
         const char  *user,
         const char  *password,
         const char  *new_password,
         char       **out,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *err = NULL;
  g_autofree char *ignored = NULL;
  va_list ap;
  int status = -1;

  if (out == NULL)
    out = &ignored;   /* never let the child write into our TAP output */

  g_ptr_array_add (argv, (gpointer) g_getenv ("MUYING_CLI"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  if (user != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--user");
      g_ptr_array_add (argv, (gpointer) user);
    }
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "MUYING_PASSWORD");
  envp = g_environ_unsetenv (envp, "MUYING_NEW_PASSWORD");
  if (password != NULL)
    envp = g_environ_setenv (envp, "MUYING_PASSWORD", password, TRUE);
  if (new_password != NULL)
    envp = g_environ_setenv (envp, "MUYING_NEW_PASSWORD", new_password, TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("muying-cli %s → %d: %s", first, WIFEXITED (status) ? WEXITSTATUS (status) : -1,
                  err ? err : "");
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* "init" makes the database file (a server database is only ever made by moving a file there,
 * docs/server.md): with @data GINT_TO_POINTER (1) the file is then moved to a server database
 * and the rest runs there. */
static void
test_cli_users (gconstpointer data)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "cli.db", NULL);
  g_autofree char *uri = NULL;
  const char *db = file;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *nina;

  /* init --admin needs a password: none here (no terminal, no MUYING_PASSWORD). */
  g_assert_cmpint (run_cli (db, NULL, NULL, NULL, NULL, "init", "--admin", "boss", NULL), ==, 1);
  /* No user yet: commands that need one are refused, with or without --user. */
  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NULL, NULL, "user", "list", NULL), ==, 1);
  g_assert_cmpint (run_cli (db, NULL, ADMIN_PW, NULL, NULL, "backup", "x.db", NULL), ==, 1);
  g_assert_cmpint (run_cli (db, NULL, "short", NULL, NULL, "init", "--admin", "boss", NULL), ==, 1);
  g_assert_cmpint (run_cli (db, NULL, ADMIN_PW, NULL, NULL, "init", "--admin", "boss", NULL), ==, 0);
  /* Only once. */
  g_assert_cmpint (run_cli (db, NULL, ADMIN_PW, NULL, NULL, "init", "--admin", "boss2", NULL), ==, 1);
  if (GPOINTER_TO_INT (data))
    {
      g_autoptr(MuyingStore) store = muying_store_open (file, &error);

      g_assert_no_error (error);
      db = uri = muying_test_pg_move_store (&store, "usercli");
    }

  /* Missing --user and bad arguments are bad usage; a wrong password is an error. */
  g_assert_cmpint (run_cli (db, NULL, ADMIN_PW, NULL, NULL, "user", "list", NULL), ==, 2);
  g_assert_cmpint (run_cli (db, "boss", "Nope2024pw", NULL, NULL, "user", "list", NULL), ==, 1);
  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NULL, NULL, "user", "frob", NULL), ==, 2);
  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NULL, NULL, "user", "add", NULL), ==, 2);
  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NULL, NULL, "user", "add", "nina", "--role", "chief", NULL), ==, 2);

  /* user add takes the new password from MUYING_NEW_PASSWORD when there is no terminal. */
  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NULL, NULL, "user", "add", "nina", NULL), ==, 1);
  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NURSE_PW, &out,
                            "user", "add", "nina", "--name", "护士甲", "--role", "nurse", NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  /* A nurse cannot list users, nor make backups. */
  g_assert_cmpint (run_cli (db, "nina", NURSE_PW, NULL, NULL, "user", "list", NULL), ==, 1);
  g_assert_cmpint (run_cli (db, "nina", NURSE_PW, NULL, NULL, "backup", "n.db", NULL), ==, 1);

  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NULL, &out, "user", "list", "--format", "json", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  nina = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (nina, "login"), ==, "nina");
  g_assert_cmpstr (json_object_get_string_member (nina, "display_name"), ==, "护士甲");
  g_assert_cmpstr (json_object_get_string_member (nina, "role"), ==, "nurse");
  g_assert_false (json_object_get_boolean_member (nina, "disabled"));
  g_clear_pointer (&out, g_free);

  /* Own password, then an administrator's reset. */
  g_assert_cmpint (run_cli (db, "nina", NURSE_PW, "Second2024pw", NULL, "user", "passwd", NULL), ==, 0);
  g_assert_cmpint (run_cli (db, "nina", NURSE_PW, "Third2024pw", NULL, "user", "passwd", NULL), ==, 1);
  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NURSE_PW, NULL, "user", "passwd", "nina", NULL), ==, 0);

  /* disable: the nurse cannot log in any more; the last administrator cannot be disabled. */
  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NULL, NULL, "user", "disable", "nina", NULL), ==, 0);
  g_assert_cmpint (run_cli (db, "nina", NURSE_PW, "Fourth2024pw", NULL, "user", "passwd", NULL), ==, 1);
  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NULL, NULL, "user", "disable", "boss", NULL), ==, 1);
  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NULL, NULL, "user", "enable", "nina", NULL), ==, 0);
  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NULL, NULL, "user", "unlock", "nina", NULL), ==, 0);

  g_assert_cmpint (run_cli (db, "boss", ADMIN_PW, NULL, &out, "user", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "护士甲"));
  g_clear_pointer (&out, g_free);

  /* The audit chain of everything above verifies. */
  g_assert_cmpint (run_cli (db, NULL, NULL, NULL, NULL, "check", NULL), ==, 0);
  if (uri != NULL)
    muying_test_pg_drop_database (uri);
  muying_test_rm_rf (dir);
}

/* The password given again for a signature counts like a log-in: wrong ones towards the lock,
 * a locked account is refused even with the right one; the right one is audited as such. */
static void
test_confirm_password (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  add_admin_and_nurse (f);
  g_assert_true (muying_store_confirm_password (f->store, "boss", ADMIN_PW, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (f, "password_confirmed", "boss"), ==, 1);
  for (int i = 1; i < MUYING_LOGIN_MAX_FAILURES; i++)
    {
      g_assert_false (muying_store_confirm_password (f->store, "boss", "wrong", &error));
      g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_BAD_CREDENTIALS);
      g_clear_error (&error);
    }
  g_assert_false (muying_store_confirm_password (f->store, "boss", "wrong", &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (f, "login_failed", "boss"), ==, MUYING_LOGIN_MAX_FAILURES);
  g_assert_false (muying_store_confirm_password (f->store, "boss", ADMIN_PW, &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (f, "password_confirmed", "boss"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/users/require", test_require);
  /* on a file and, with a server, on a server database the new file was moved to */
#define ADD(name, func) muying_test_add_file_and_server ("users", name, Fixture, fixture_setup, func, fixture_teardown)
  ADD ("first-admin", test_first_admin);
  ADD ("manage", test_manage);
  ADD ("login", test_login);
  ADD ("lockout", test_lockout);
  ADD ("confirm-password", test_confirm_password);
  ADD ("change-own-password", test_change_own_password);
  ADD ("unknown-name", test_unknown_name);
  ADD ("decoy", test_decoy);
  ADD ("parallel-lockout", test_parallel_lockout);
#undef ADD
  g_test_add_data_func ("/users/cli", NULL, test_cli_users);
  if (muying_test_pg_server () != NULL)
    g_test_add_data_func ("/users/server/cli", GINT_TO_POINTER (1), test_cli_users);
  return g_test_run ();
}
