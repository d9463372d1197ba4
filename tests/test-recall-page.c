/* test-recall-page.c: the recall page (复查提醒) on the women of muying-recall-fixture.h — the
 * count per month, the list, the empty state, screenshots of both, and the recall letters
 * printed to a PDF and read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-empty-state.h"
#include "muying-recall-fixture.h"
#include "muying-recall-page-private.h"
#include "muying-store-users.h"
#include "muying-test-gtk-utils.h"
#include "muying-window-private.h"

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-layout", pdf, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    {
      g_test_message ("“%s” not found in:\n%s", needle, text);
      g_assert_not_reached ();
    }
}

/* Every label of @root draws all its characters (no missing CJK glyph). */
static void
assert_glyphs (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child))
        g_assert_cmpint (muying_test_unknown_glyphs (GTK_LABEL (child)), ==, 0);
      assert_glyphs (child);
    }
}

static void
test_page (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "recall.db", NULL);
  g_autofree char *pdf = g_build_filename (dir, "recall-letters.pdf", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
  g_autoptr(MuyingRuleSet) rules = muying_rule_set_new_from_dir (muying_test_data_dir (), NULL);
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(MuyingUser) doctor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  MuyingWindow *window;
  MuyingRecallPage *page;
  MuyingRecallList *list;
  guint pages = 0;

  /* The same accounts muying_test_open_window uses. */
  admin = muying_store_create_first_admin (store, "admin", "管理员甲", "correct-horse-1", &error);
  g_assert_no_error (error);
  doctor = muying_store_create_user (store, "admin", "doctor", "医生乙", MUYING_ROLE_DOCTOR, "correct-horse-2", &error);
  g_assert_no_error (error);
  recall_fixture_fill (store, rules, doctor);

  window = muying_test_open_window (store, MUYING_ROLE_NURSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "recall"));
  page = MUYING_RECALL_PAGE (muying_window_get_page (window, "recall"));
  g_assert_nonnull (page);

  /* The fixture's period: 7 women, Jan 1, Feb 1, Mar 1, Apr 2, May 1, Jun 1. */
  muying_recall_page_set_period (page, RECALL_FROM, RECALL_TO);
  list = muying_recall_page_get_list (page);
  g_assert_nonnull (list);
  g_assert_cmpuint (list->rows->len, ==, 7);
  g_test_message ("%s", muying_recall_page_get_months (page));
  g_assert_cmpstr (muying_recall_page_get_months (page), ==,
                   "共 7 人到期：2027年1月 1 人 · 2027年2月 1 人 · 2027年3月 1 人 · 2027年4月 2 人 · "
                   "2027年5月 1 人 · 2027年6月 1 人");
  muying_test_spin (200);
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (page), "王芳"));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (page), "13800000001"));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (page), "宫颈癌检查（2027-06-01前）、乳腺癌检查（2027-01-20前）"));
  assert_glyphs (GTK_WIDGET (page));
  g_free (muying_test_screenshot (GTK_WIDGET (window), "recall-page"));

  /* The letters: one page per woman, in Chinese, with what is due, by when and where to go. */
  g_assert_true (muying_recall_page_print_to_pdf (page, pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  g_test_message ("%s", text);
  for (const char *p = text; *p; p++)
    if (*p == '\f')
      pages++;
  g_assert_cmpuint (pages, ==, 7);
  assert_contains (text, "复查提醒通知");
  assert_contains (text, "城区妇幼保健院");
  assert_contains (text, "王芳女士：您好！");
  assert_contains (text, "宫颈癌检查：请于2027年2月10日前复查（上次检查：2024年2月10日）");
  assert_contains (text, "乳腺癌检查：请于2027年1月20日前复查");
  assert_contains (text, "复查地点");
  g_assert_null (strstr (text, "110105198003150020"));
  g_assert_cmpint (muying_store_count_audit (store, "print", NULL), ==, 7);
  if (g_getenv ("MUYING_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *copy = g_build_filename (g_getenv ("MUYING_SCREENSHOT_DIR"), "recall-letters.pdf", NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_mkdir_with_parents (g_getenv ("MUYING_SCREENSHOT_DIR"), 0755);
      if (g_file_get_contents (pdf, &contents, &len, NULL))
        g_file_set_contents (copy, contents, len, NULL);
    }

  /* Nobody due: the empty state, and nothing to print. */
  muying_recall_page_set_period (page, "2030-01-01", "2030-03-31");
  list = muying_recall_page_get_list (page);
  g_assert_cmpuint (list->rows->len, ==, 0);
  muying_test_spin (200);
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (page), "此期间内没有到期需复查的妇女"));
  gtk_widget_activate_action (GTK_WIDGET (page), "recall.print", NULL);
  g_assert_cmpint (muying_store_count_audit (store, "print", NULL), ==, 7);
  assert_glyphs (GTK_WIDGET (page));
  g_free (muying_test_screenshot (GTK_WIDGET (window), "recall-page-empty"));

  /* A period that is not one says so. */
  muying_recall_page_set_period (page, "2030-13-01", "2030-03-31");
  g_assert_null (muying_recall_page_get_list (page));
  g_assert_true (g_str_has_prefix (muying_recall_page_get_months (page), "期间不是有效日期"));

  gtk_window_destroy (GTK_WINDOW (window));
  muying_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
  g_test_add_func ("/recall-page/list-letters-empty", test_page);
  return g_test_run ();
}
