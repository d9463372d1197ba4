/* muying-paths.c: where the installed program finds its data and translations
 *
 * The rules, gene panels (PREFIX/share/muying) and translations (PREFIX/share/locale) are found
 * relative to the running program: PREFIX/bin/muying-cli → PREFIX. So an installed tree works
 * wherever it stands (`meson install --destdir`, a tree copied to /opt). A program that does not
 * stand in PREFIX/bin uses the configured prefix. There is no fallback to the source tree:
 * uninstalled runs name their folders in MUYING_DATA_DIR and MUYING_LOCALEDIR (build-aux/run and
 * the tests do), which also take precedence for an installed program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "muying-paths.h"

/* PREFIX of the running program, or NULL when it is not PREFIX/BINDIR_REL/name. */
static char *
running_prefix (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *bindir = NULL;
  g_autofree char *suffix = NULL;

  if (exe == NULL)
    return NULL;
  bindir = g_path_get_dirname (exe);
  suffix = g_strconcat (G_DIR_SEPARATOR_S, BINDIR_REL, NULL);
  if (!g_str_has_suffix (bindir, suffix))
    return NULL;
  return g_strndup (bindir, strlen (bindir) - strlen (suffix));
}

static const char *
installed_dir (const char *relative,
               const char *configured)
{
  g_autofree char *prefix = running_prefix ();
  g_autofree char *candidate = NULL;

  if (prefix == NULL)
    return g_intern_string (configured);
  candidate = g_build_filename (prefix, relative, NULL);
  if (!g_file_test (candidate, G_FILE_TEST_IS_DIR))
    return g_intern_string (configured);
  return g_intern_string (candidate);
}

/* The folder holding rules/ and panels/. */
const char *
muying_paths_data_dir (void)
{
  const char *env = g_getenv ("MUYING_DATA_DIR");

  if (env != NULL && *env != '\0')
    return env;
  return installed_dir (PKGDATADIR_REL, PKGDATADIR);
}

/* The folder holding LANG/LC_MESSAGES/muying.mo. */
const char *
muying_paths_locale_dir (void)
{
  const char *env = g_getenv ("MUYING_LOCALEDIR");

  if (env != NULL && *env != '\0')
    return env;
  return installed_dir (LOCALEDIR_REL, LOCALEDIR);
}
