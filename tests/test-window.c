/* test-window.c: the main window opens in Chinese, every page can be visited, and each is
 * saved as a screenshot for people to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "muying-application.h"
#include "muying-store.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-window.h"

static const char * const pages[] = { "prenatal", "newborn", "two_cancer", "worklist", "stats", "admin" };

static MuyingWindow *
open_window (MuyingStore *store)
{
  return muying_test_open_window (store, MUYING_ROLE_ADMIN);
}

static void
test_pages (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "window.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (path, &error);
  MuyingWindow *window;

  g_assert_no_error (error);
  window = open_window (store);

  /* The interface is Chinese and the font has every glyph. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "母婴筛查");

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("window-%s-empty", pages[i]);
      g_autofree char *shot = NULL;
      GtkWidget *page;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      g_assert_cmpstr (muying_window_get_visible_page (window), ==, pages[i]);
      page = muying_window_get_page (window, pages[i]);
      g_assert_nonnull (page);
      shot = muying_test_screenshot (GTK_WIDGET (window), name);
      g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
    }

  /* Each programme page shows its empty state with guidance, in Chinese. */
  {
    GtkLabel *label = muying_test_find_label (muying_window_get_page (window, "prenatal"), "还没有产前筛查记录");
    g_assert_nonnull (label);
    g_assert_cmpint (muying_test_unknown_glyphs (label), ==, 0);
  }
  g_assert_nonnull (muying_test_find_label (muying_window_get_page (window, "worklist"), "没有"));
  g_assert_nonnull (muying_test_find_label (muying_window_get_page (window, "admin"), path));

  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

/* The sidebar lists the six pages by their Chinese names. */
static void
test_sidebar_titles (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "window.db", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (path, NULL);
  MuyingWindow *window = open_window (store);
  const char *titles[] = { "产前筛查", "新生儿听力与耳聋基因", "两癌检查", "高危工作清单", "统计与导出", "系统管理" };

  muying_test_spin (100);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkLabel *label = muying_test_find_label (GTK_WIDGET (window), titles[i]);
      g_test_message ("sidebar %s", titles[i]);
      g_assert_nonnull (label);
      g_assert_cmpint (muying_test_unknown_glyphs (label), ==, 0);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/window/pages", test_pages);
  g_test_add_func ("/window/sidebar-titles", test_sidebar_titles);
  return g_test_run ();
}
