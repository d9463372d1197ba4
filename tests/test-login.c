/* test-login.c: the first run creates the administrator; signing in, wrong passwords and the
 * lockout as a person sees them; roles decide what the window offers; the idle lock hides the
 * records until the password is given again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-error.h"
#include "muying-login-window-private.h"
#include "muying-login-window.h"
#include "muying-store-users.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-window-private.h"

typedef struct
{
  char        *dir;
  MuyingStore *store;
  MuyingUser  *signed_in;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = muying_test_make_tmpdir ();
  db = g_build_filename (f->dir, "login.db", NULL);
  f->store = muying_store_create (db, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->signed_in);
  g_clear_object (&f->store);
  muying_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
on_signed_in (MuyingLoginWindow *login,
              MuyingUser        *user,
              Fixture           *f)
{
  g_set_object (&f->signed_in, user);
}

static MuyingLoginWindow *
login_window (Fixture         *f,
              MuyingLoginMode  mode)
{
  MuyingLoginWindow *login = muying_login_window_new (NULL, f->store, mode, NULL);

  g_signal_connect (login, "signed-in", G_CALLBACK (on_signed_in), f);
  gtk_window_present (GTK_WINDOW (login));
  return login;
}

static void
test_first_run (Fixture       *f,
                gconstpointer  data)
{
  MuyingLoginWindow *login;

  g_assert_cmpint (muying_store_count_users (f->store, NULL), ==, 0);
  login = login_window (f, MUYING_LOGIN_MODE_FIRST_RUN);
  g_free (muying_test_screenshot (GTK_WIDGET (login), "login-first-run"));

  /* Mismatched passwords are refused before anything is created. */
  muying_login_window_fill (login, "zhang", "张主任", "s3cret-pass", "s3cret-pasS");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_null (f->signed_in);
  g_assert_nonnull (strstr (muying_login_window_get_message (login), "不一致"));
  g_assert_cmpint (muying_store_count_users (f->store, NULL), ==, 0);

  muying_login_window_fill (login, NULL, NULL, "s3cret-pass", "s3cret-pass");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_nonnull (f->signed_in);
  g_assert_cmpint (muying_user_get_role (f->signed_in), ==, MUYING_ROLE_ADMIN);
  g_assert_cmpstr (muying_user_get_display_name (f->signed_in), ==, "张主任");
  gtk_window_destroy (GTK_WINDOW (login));
}

static void
test_wrong_password_and_lockout (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(MuyingUser) admin = muying_store_create_first_admin (f->store, "zhang", "张主任", "s3cret-pass", NULL);
  MuyingLoginWindow *login = login_window (f, MUYING_LOGIN_MODE_SIGN_IN);

  g_assert_nonnull (admin);
  for (int i = 0; i < 5; i++)
    {
      muying_login_window_fill (login, "zhang", NULL, "wrong-pass", NULL);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
      g_assert_null (f->signed_in);
      g_test_message ("attempt %d: %s", i + 1, muying_login_window_get_message (login));
    }
  /* Locked now: even the right password is refused, and the message says so. */
  muying_login_window_fill (login, "zhang", NULL, "s3cret-pass", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_null (f->signed_in);
  g_assert_nonnull (strstr (muying_login_window_get_message (login), "锁定"));
  g_free (muying_test_screenshot (GTK_WIDGET (login), "login-locked"));
  gtk_window_destroy (GTK_WINDOW (login));
}

/* A disabled account gets the answer of a wrong password, whether its password was right or
 * not: the window must not tell that the password was right. */
static void
test_disabled_same_answer (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(MuyingUser) admin = muying_store_create_first_admin (f->store, "zhang", "张主任", "s3cret-pass", NULL);
  g_autoptr(MuyingUser) nurse = muying_store_create_user (f->store, "zhang", "li", "李护士", MUYING_ROLE_NURSE,
                                                          "nurse-pass1", NULL);
  MuyingLoginWindow *login = login_window (f, MUYING_LOGIN_MODE_SIGN_IN);
  g_autofree char *right = NULL;

  g_assert_nonnull (nurse);
  g_assert_true (muying_store_set_user_disabled (f->store, "zhang", "li", TRUE, NULL));
  muying_login_window_fill (login, "li", NULL, "nurse-pass1", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_null (f->signed_in);
  right = g_strdup (muying_login_window_get_message (login));
  g_free (muying_test_screenshot (GTK_WIDGET (login), "login-disabled"));
  muying_login_window_fill (login, "li", NULL, "wrong-pass1", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_null (f->signed_in);
  g_assert_cmpstr (muying_login_window_get_message (login), ==, right);
  g_assert_cmpstr (right, ==, "用户名或密码错误，或账户已停用");
  gtk_window_destroy (GTK_WINDOW (login));
}

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  MuyingWindow *nurse = muying_test_open_window (f->store, MUYING_ROLE_NURSE);
  MuyingWindow *admin;
  GtkWidget *admin_page = muying_window_get_page (nurse, "admin");

  g_assert_false (gtk_widget_get_visible (admin_page) &&
                  gtk_stack_page_get_visible (gtk_stack_get_page (GTK_STACK (gtk_widget_get_parent (admin_page)),
                                                                  admin_page)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (nurse), "win.new-record", "s", "prenatal"));
  gtk_window_destroy (GTK_WINDOW (muying_window_get_last_form (nurse)));
  gtk_window_destroy (GTK_WINDOW (nurse));

  admin = muying_test_open_window (f->store, MUYING_ROLE_ADMIN);
  admin_page = muying_window_get_page (admin, "admin");
  g_assert_true (gtk_stack_page_get_visible (gtk_stack_get_page (GTK_STACK (gtk_widget_get_parent (admin_page)),
                                                                 admin_page)));
  gtk_window_destroy (GTK_WINDOW (admin));
}

/* A damaged file refuses every write, the sign-in's audit row included: an administrator still
 * signs in (the password checked), to reach 系统管理 → 恢复; a nurse does not; a wrong password
 * is refused as always. */
static void
test_damaged_admin_only (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingUser) admin = muying_store_create_first_admin (f->store, "admin", "管理员甲", "correct-horse-1", NULL);
  g_autoptr(MuyingUser) nurse = muying_store_create_user (f->store, "admin", "li", "李护士", MUYING_ROLE_NURSE,
                                                          "nurse-pass1", NULL);
  g_autofree char *path = g_strdup (muying_store_get_path (f->store));
  g_autofree char *contents = NULL;
  MuyingLoginWindow *login;
  MuyingWindow *window;
  GtkWidget *admin_page;
  gsize length = 0, offset;

  g_assert_nonnull (nurse);
  g_assert_true (muying_store_begin (f->store, &error));
  for (int i = 0; i < 300; i++)
    g_assert_true (muying_store_audit (f->store, "admin", "test", "filler", i,
                                       "{\"pad\":\"0000000000000000000000000000000000000000000000000000000000000000"
                                       "00000000000000000000000000000000000000000000000000000000000000000\"}", &error));
  g_assert_true (muying_store_commit (f->store, &error));
  g_clear_object (&f->store);

  /* One whole page in the middle overwritten. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 20 * 4096);
  offset = (length / 4096 / 2) * 4096;
  for (gsize i = 0; i < 4096; i++)
    contents[offset + i] = (char) (0xA5 ^ (i * 7));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  f->store = muying_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (muying_store_quick_check (f->store, &error));
  g_assert_error (error, MUYING_STORE_ERROR, MUYING_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  login = login_window (f, MUYING_LOGIN_MODE_SIGN_IN);
  muying_login_window_fill (login, "li", NULL, "nurse-pass1", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_null (f->signed_in);
  g_assert_nonnull (strstr (muying_login_window_get_message (login), "只有管理员"));
  g_free (muying_test_screenshot (GTK_WIDGET (login), "login-damaged-nurse"));

  muying_login_window_fill (login, "admin", NULL, "wrong-horse-1", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_null (f->signed_in);
  g_assert_cmpstr (muying_login_window_get_message (login), ==, "用户名或密码错误，或账户已停用");

  muying_login_window_fill (login, "admin", NULL, "correct-horse-1", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL));
  g_assert_nonnull (f->signed_in);
  g_assert_cmpint (muying_user_get_role (f->signed_in), ==, MUYING_ROLE_ADMIN);
  gtk_window_destroy (GTK_WINDOW (login));

  /* The window opens on the damaged file and offers the administration page (恢复). */
  window = muying_test_open_window (f->store, MUYING_ROLE_ADMIN);
  admin_page = muying_window_get_page (window, "admin");
  g_assert_true (gtk_stack_page_get_visible (gtk_stack_get_page (GTK_STACK (gtk_widget_get_parent (admin_page)),
                                                                 admin_page)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "admin"));
  g_assert_cmpstr (muying_window_get_visible_page (window), ==, "admin");
  g_free (muying_test_screenshot (GTK_WIDGET (window), "window-damaged-admin"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_locked (gpointer data)
{
  return muying_window_is_locked (data);
}

/* MUYING_IDLE_SECONDS=2 in this test's environment stands for the 15 minutes. */
static void
test_idle_lock (Fixture       *f,
                gconstpointer  data)
{
  MuyingWindow *window = muying_test_open_window (f->store, MUYING_ROLE_NURSE);
  MuyingLoginWindow *unlock;

  g_assert_false (muying_window_is_locked (window));
  g_assert_true (muying_test_wait_until (is_locked, window, 10000));
  unlock = muying_window_get_unlock_window (window);
  g_assert_nonnull (unlock);
  g_free (muying_test_screenshot (GTK_WIDGET (unlock), "login-idle-lock"));

  muying_login_window_fill (unlock, NULL, NULL, "wrong-pass", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (unlock), "login.sign-in", NULL));
  g_assert_true (muying_window_is_locked (window));

  muying_login_window_fill (unlock, NULL, NULL, "correct-horse-2", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (unlock), "login.sign-in", NULL));
  g_assert_false (muying_window_is_locked (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
#define ADD(name, fn) g_test_add ("/login/" name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("first-run", test_first_run);
  ADD ("wrong-password-and-lockout", test_wrong_password_and_lockout);
  ADD ("disabled-same-answer", test_disabled_same_answer);
  ADD ("roles", test_roles);
  ADD ("idle-lock", test_idle_lock);
  ADD ("damaged-admin-only", test_damaged_admin_only);
#undef ADD
  return g_test_run ();
}
