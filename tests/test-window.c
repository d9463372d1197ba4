/* test-window.c: the main window opens in Chinese, every page can be visited, and each is
 * saved as a screenshot for people to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "muying-application.h"
#include "muying-rule-set.h"
#include "muying-demo.h"
#include "muying-user-dialog.h"
#include "muying-store.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-window-private.h"
#include "muying-window.h"

static const char * const pages[] = { "prenatal", "newborn", "two_cancer", "worklist", "recall", "stats",
                                       "admin" };

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

/* Every accelerator the program binds is in the shortcuts window (Ctrl+?). */
static void
test_shortcuts_listed (void)
{
  static const char * const accelerators[] = {
    "<Alt>1", "<Alt>2", "<Alt>3", "<Alt>4", "<Alt>5", "<Alt>6", "<Control>f", "<Control>n", "F5", "<Control>l",
    "<Control>s", "<Control><Shift>s", "<Control>w", "Return",
  };
  static const char * const actions[] = { "win.show-help-overlay", "app.quit" };
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/muying/Muying/gtk/help-overlay.ui");
  GSList *objects = gtk_builder_get_objects (builder);
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *accel = NULL, *action = NULL;

        g_object_get (l->data, "accelerator", &accel, "action-name", &action, NULL);
        if (accel != NULL)
          {
            g_auto(GStrv) parts = g_strsplit (accel, " ", -1);
            for (guint i = 0; parts[i] != NULL; i++)
              g_ptr_array_add (listed, g_strdup (parts[i]));
          }
        if (action != NULL)
          g_ptr_array_add (listed, g_steal_pointer (&action));
      }
  g_slist_free (objects);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < listed->len && !found; j++)
        {
          guint key_a, key_b;
          GdkModifierType mods_a, mods_b;

          found = gtk_accelerator_parse (accelerators[i], &key_a, &mods_a) &&
                  gtk_accelerator_parse (g_ptr_array_index (listed, j), &key_b, &mods_b) &&
                  gdk_keyval_to_lower (key_a) == gdk_keyval_to_lower (key_b) && mods_a == mods_b;
        }
      if (!found)
        g_error ("%s is not in the shortcuts window", accelerators[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < listed->len && !found; j++)
        found = g_strcmp0 (g_ptr_array_index (listed, j), actions[i]) == 0;
      g_assert_true (found);
    }
}

static gboolean
focus_is_inside (GtkWidget  *window,
                 GType       type)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_get_ancestor (focus, type) != NULL;
}

/* Ctrl+F focuses the search box of whichever page shows one; Enter in a dialog presses its
 * default button. */
static void
test_find_and_default_buttons (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "find.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (path, &error);
  g_autoptr(MuyingRuleSet) rules = muying_rule_set_new_default (&error);
  MuyingDemoOptions options;
  MuyingWindow *window;

  g_assert_no_error (error);
  muying_demo_options_init (&options);
  options.n_records = 60;
  options.seed = 3;
  g_assert_true (muying_demo_generate (store, rules, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  window = open_window (store);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      muying_test_spin (50);
      gtk_widget_grab_focus (GTK_WIDGET (window));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
      /* The three programme pages have a search box; other pages may add one. */
      if (i < 3)
        g_assert_true (focus_is_inside (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY));
      if (focus_is_inside (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY))
        g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                               muying_window_get_page (window, pages[i])));
    }

  /* The account dialog: Enter in its fields saves (its Save button is the default). */
  {
    MuyingUserDialog *dialog = muying_user_dialog_new (GTK_WINDOW (window), store, "admin", NULL);
    GtkWidget *save = gtk_window_get_default_widget (GTK_WINDOW (dialog));

    g_assert_nonnull (save);
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (save)), ==, "user.save");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

/* A record that cannot be read (here: one that is not there) is said in a dialog, in Chinese,
 * not only in the log. */
static void
test_record_that_cannot_open (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "window.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingStore) store = muying_store_create (path, &error);
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *dialog = NULL;
  MuyingWindow *window;

  g_assert_no_error (error);
  window = open_window (store);
  g_test_expect_message (NULL, G_LOG_LEVEL_WARNING, "Cannot open record 999999*");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-record", "x", (gint64) 999999));
  g_test_assert_expected_messages ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (w))
        dialog = w;
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (dialog), "无法打开该记录"));
  g_free (muying_test_screenshot (GTK_WIDGET (dialog), "window-record-cannot-open"));
  gtk_window_destroy (dialog);
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
  g_test_add_func ("/window/shortcuts-listed", test_shortcuts_listed);
  g_test_add_func ("/window/find-and-default-buttons", test_find_and_default_buttons);
  g_test_add_func ("/window/record-that-cannot-open", test_record_that_cannot_open);
  return g_test_run ();
}
