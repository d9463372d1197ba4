/* test-password-policy.c: the rules for passwords, login names and the lockout
 * (app/core/muying-password-policy.h, muying-login-name.h, muying-lockout-policy.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-error.h"
#include "muying-lockout-policy.h"
#include "muying-login-name.h"
#include "muying-password-policy.h"

static void
test_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *too_long = NULL;

  g_assert_true (muying_password_policy_check ("nina", "abcd1234", NULL));
  g_assert_true (muying_password_policy_check ("nina", "护士密码2024", NULL));
  g_assert_false (muying_password_policy_check ("nina", "abc123", &error));
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED);
  g_assert_false (muying_password_policy_check ("nina", "abcdefghij", NULL));
  g_assert_false (muying_password_policy_check ("nina", "1234567890", NULL));
  g_assert_false (muying_password_policy_check ("nina2024", "NINA2024", NULL));

  /* At the edges: exactly the minimum length, characters not bytes, the byte limit, no login. */
  g_assert_true (muying_password_policy_check ("nina", "abcdefg1", NULL));
  g_assert_false (muying_password_policy_check ("nina", "abcdef1", NULL));
  g_assert_false (muying_password_policy_check ("nina", "密码密码密码1", NULL));
  g_assert_true (muying_password_policy_check (NULL, "abcd1234", NULL));
  g_assert_false (muying_password_policy_check ("nina", NULL, NULL));
  g_assert_false (muying_password_policy_check ("nina", "abcd\xff" "1234", NULL));
  too_long = g_strnfill (MUYING_PASSWORD_MAX_BYTES + 1, 'a');
  too_long[0] = '1';
  g_assert_false (muying_password_policy_check ("nina", too_long, NULL));
  too_long[MUYING_PASSWORD_MAX_BYTES] = '\0';
  g_assert_true (muying_password_policy_check ("nina", too_long, NULL));
}

static void
test_login_name (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (muying_login_name_check ("张护士", NULL));
  g_assert_false (muying_login_name_check ("", NULL));
  g_assert_false (muying_login_name_check ("a b", NULL));
  g_assert_false (muying_login_name_check ("a\tb", NULL));
  g_assert_false (muying_login_name_check ("abcdefghijabcdefghijabcdefghijabc", NULL));

  g_assert_true (muying_login_name_check ("abcdefghijabcdefghijabcdefghijab", NULL));
  g_assert_false (muying_login_name_check ("张\xe3\x80\x80护士", &error));  /* ideographic space */
  g_assert_error (error, MUYING_AUTH_ERROR, MUYING_AUTH_ERROR_FAILED);
  g_assert_false (muying_login_name_check (NULL, NULL));
  g_assert_false (muying_login_name_check ("ab\xff", NULL));
}

static void
test_lockout (void)
{
  /* The fifth wrong password locks; a sixth attempt while five are counted is refused unchecked. */
  g_assert_cmpint (MUYING_LOGIN_MAX_FAILURES, ==, 5);
  g_assert_false (muying_lockout_locks_after (MUYING_LOGIN_MAX_FAILURES - 1));
  g_assert_true (muying_lockout_locks_after (MUYING_LOGIN_MAX_FAILURES));
  g_assert_false (muying_lockout_refuses_attempt (MUYING_LOGIN_MAX_FAILURES));
  g_assert_true (muying_lockout_refuses_attempt (MUYING_LOGIN_MAX_FAILURES + 1));
  /* Thirty minutes. */
  g_assert_cmpint (muying_lockout_until (1000), ==, 1000 + 30 * 60);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/password-policy/password", test_password);
  g_test_add_func ("/password-policy/login-name", test_login_name);
  g_test_add_func ("/password-policy/lockout", test_lockout);
  return g_test_run ();
}
