/* muying-i18n.c: choosing the language and finding the translations
 *
 * Chinese is the default: when the environment selects no language we have a translation for
 * (a fresh machine runs in C.UTF-8), the program runs in zh_CN. LANGUAGE=en still gives English.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "muying-i18n.h"
#include "muying-paths.h"

static gboolean
environment_selects_chinese (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_prefix (names[i], "zh"))
      return TRUE;
  return FALSE;
}

/* Must run before any thread exists (it may call setenv). */
void
muying_i18n_init (void)
{
  const char *locale = setlocale (LC_ALL, "");
  const char *language = g_getenv ("LANGUAGE");

  /* gettext ignores LANGUAGE in the plain "C" locale; C.UTF-8 is always there on Debian. */
  if (locale == NULL || g_strcmp0 (locale, "C") == 0 || g_strcmp0 (locale, "POSIX") == 0)
    setlocale (LC_ALL, "C.UTF-8");

  if ((language == NULL || *language == '\0') && !environment_selects_chinese ())
    g_setenv ("LANGUAGE", "zh_CN", TRUE);

  bindtextdomain (GETTEXT_PACKAGE, muying_paths_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
