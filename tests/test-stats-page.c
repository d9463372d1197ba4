/* test-stats-page.c: the statistics page shows the same numbers as muying-stats for the chosen
 * period, draws the monthly chart, and exports the workbook with its progress shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "muying-importer.h"
#include "muying-stats-page-private.h"
#include "muying-stats.h"
#include "muying-stats-page.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-window-private.h"

static void
import_fixture (MuyingStore   *store,
                MuyingRuleSet *rules,
                MuyingProgram  program,
                const char    *name)
{
  g_autoptr(MuyingImporter) importer = muying_importer_new (program, rules);
  g_autofree char *path = muying_test_data_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(MuyingImportReport) report = muying_importer_import (importer, path, store, "admin", NULL, &error);

  g_assert_no_error (error);
  g_assert_true (report->written);
}

static gboolean
not_busy (gpointer data)
{
  return !muying_stats_page_is_busy (data);
}

static void
test_numbers_and_export (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "stats.db", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "report.xlsx", NULL);
  g_autofree char *chosen_backups = g_build_filename (dir, "daily", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
  g_autoptr(MuyingRuleSet) rules = muying_rule_set_new_from_dir (muying_test_data_dir (), NULL);
  g_autoptr(MuyingStats) expected = NULL;
  MuyingWindow *window;
  MuyingStatsPage *page;
  MuyingPeriod period;

  import_fixture (store, rules, MUYING_PROGRAM_PRENATAL, "prenatal-good-en.csv");
  import_fixture (store, rules, MUYING_PROGRAM_NEWBORN, "newborn-good-en.csv");
  import_fixture (store, rules, MUYING_PROGRAM_TWO_CANCER, "two-cancer-good-en.csv");
  {
    /* The daily backups go to a chosen folder: no export may be written there. */
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_settings_set_string (settings, "backup-folder", chosen_backups);
  }

  window = muying_test_open_window (store, MUYING_ROLE_ADMIN);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "stats"));
  page = MUYING_STATS_PAGE (muying_window_get_page (window, "stats"));

  /* Calendar year 2026 holds the fixtures. */
  muying_stats_page_set_period (page, 1, 2026, NULL, NULL);
  g_assert_true (muying_test_wait_until (not_busy, page, 20000));
  muying_period_init_calendar_year (&period, 2026);
  expected = muying_stats_compute (store, &period, NULL, NULL, NULL);
  g_assert_nonnull (expected);
  g_test_message ("page status: %s", muying_stats_page_get_status (page));
  g_assert_cmpint (muying_stats_page_get_value (page, "prenatal.screened"), ==, expected->prenatal.screened);
  g_assert_cmpint (muying_stats_page_get_value (page, "prenatal.high"), ==, expected->prenatal.high);
  g_assert_cmpint (muying_stats_page_get_value (page, "newborn.screened"), ==, expected->newborn.screened);
  g_assert_cmpint (muying_stats_page_get_value (page, "newborn.carriers"), ==, expected->newborn.carriers);
  g_assert_cmpint (muying_stats_page_get_value (page, "cervical.examined"), ==, expected->cervical.examined);
  g_assert_cmpint (muying_stats_page_get_value (page, "breast.examined"), ==, expected->breast.examined);
  g_assert_cmpint (muying_stats_page_get_value (page, "followup.open"), ==, expected->followup.open);
  g_assert_cmpint (expected->prenatal.screened, >, 0);
  g_free (muying_test_screenshot (GTK_WIDGET (window), "stats-page"));

  muying_stats_page_export_to (page, xlsx, FALSE);
  g_assert_true (muying_test_wait_until (not_busy, page, 60000));
  g_test_message ("export: %s", muying_stats_page_get_status (page));
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_EXISTS));
  g_free (muying_test_screenshot (GTK_WIDGET (window), "stats-page-exported"));

  /* The save dialog's choice goes through the same check as the command line: never over the
   * database, its working files or into the backups folders. */
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *in_backups = g_build_filename (chosen_backups, "report.xlsx", NULL);
    const char *refused[] = { db, wal, in_backups };
    const char *says[] = { "就是数据库文件本身", "数据库的工作文件", "位于备份文件夹" };
    char header[16];

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        muying_stats_page_export_to (page, refused[i], FALSE);
        g_assert_true (muying_test_wait_until (not_busy, page, 60000));
        g_test_message ("export to %s: %s", refused[i], muying_stats_page_get_status (page));
        g_assert_nonnull (strstr (muying_stats_page_get_status (page), says[i]));
      }
    g_assert_false (g_file_test (in_backups, G_FILE_TEST_EXISTS));
    {
      FILE *f = fopen (db, "rb");

      g_assert_nonnull (f);
      g_assert_cmpuint (fread (header, 1, sizeof header, f), ==, sizeof header);
      fclose (f);
      g_assert_cmpmem (header, sizeof header, "SQLite format 3", 16);
    }
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
  g_test_add_func ("/stats-page/numbers-and-export", test_numbers_and_export);
  return g_test_run ();
}
