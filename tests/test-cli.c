/* test-cli.c: the muying-cli contract (docs/cli.md) — init, usage errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-store.h"
#include "muying-test-utils.h"

static void
test_init (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "init.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--db", db, "init", NULL };

  g_assert_cmpint (muying_test_run_cli (args, NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, db));
  {
    g_autofree char *version = g_strdup_printf ("数据库版本：%d", MUYING_STORE_SCHEMA_VERSION);
    g_assert_nonnull (strstr (out, version));
  }
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  /* Running it again migrates nothing and succeeds. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (muying_test_run_cli (args, NULL, &out, &err), ==, 0);
  muying_test_rm_rf (dir);
}

static void
test_init_refuses_foreign (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "report.xlsx", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--db", path, "init", NULL };

  g_assert_true (g_file_set_contents (path, "PK\x03\x04 not a database", -1, NULL));
  g_assert_cmpint (muying_test_run_cli (args, NULL, &out, &err), ==, 1);
  /* The message is in Chinese (the default language). */
  g_assert_nonnull (strstr (err, "不是"));
  muying_test_rm_rf (dir);
}

static void
test_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *none[] = { NULL };
  const char *unknown[] = { "frobnicate", NULL };
  const char *bad_option[] = { "--frob", "init", NULL };

  g_assert_cmpint (muying_test_run_cli (none, NULL, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (muying_test_run_cli (unknown, NULL, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (muying_test_run_cli (bad_option, NULL, &out, &err), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/cli/init", test_init);
  g_test_add_func ("/cli/init-refuses-foreign", test_init_refuses_foreign);
  g_test_add_func ("/cli/usage", test_usage);
  return g_test_run ();
}
