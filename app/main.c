/* main.c: the GUI entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-application.h"
#include "muying-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MuyingApplication) app = NULL;

  muying_i18n_init ();
  g_set_application_name (_("Muying Screening"));

  app = muying_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
