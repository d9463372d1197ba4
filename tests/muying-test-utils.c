/* muying-test-utils.c: helpers shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <string.h>

#include "muying-test-utils.h"

char *
muying_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("muying-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
muying_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_remove (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      muying_test_rm_rf (child);
    }
  g_rmdir (path);
}

char *
muying_test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

const char *
muying_test_data_dir (void)
{
  const char *dir = g_getenv ("MUYING_DATA_DIR");

  return dir ? dir : SOURCE_DATADIR;
}

int
muying_test_run_cli (const char * const *args,
                     const char         *envp_extra,
                     char              **out,
                     char              **err)
{
  const char *env[] = { envp_extra, NULL };

  return muying_test_run_cli_env (args, env, out, err);
}

int
muying_test_run_cli_env (const char * const *args,
                         const char * const *env,
                         char              **out,
                         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *cli = g_getenv ("MUYING_CLI");
  int status = -1;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  for (guint i = 0; env[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (env[i], "=", 2);
      envp = g_environ_setenv (envp, kv[0], kv[1], TRUE);
    }
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

char *
muying_test_make_id_number (const char *first17)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char checks[] = "10X98765432";
  int sum = 0;

  g_assert_cmpuint (strlen (first17), ==, 17);
  for (int i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];
  return g_strdup_printf ("%s%c", first17, checks[sum % 11]);
}
