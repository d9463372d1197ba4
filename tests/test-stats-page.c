/* test-stats-page.c: the statistics page shows the same numbers as muying-stats for the chosen
 * period, draws the monthly chart, and exports the workbook with its progress shown; it shows
 * the bureau's indicators of a hand-built data set (tests/muying-stats-fixture.h) as the store
 * counts them, lists the cases behind a count (a real Enter and a real click, through xdotool),
 * opens a case from that list, lets an administrator enter the population figures and shows
 * them read-only to a nurse; its empty and error states.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>

#include "muying-case-window-private.h"
#include "muying-denominators-pane-private.h"
#include "muying-headline.h"
#include "muying-importer.h"
#include "muying-indicator-cases-window-private.h"
#include "muying-indicators.h"
#include "muying-stats-fixture.h"
#include "muying-stats-page-private.h"
#include "muying-stats.h"
#include "muying-stats-page.h"
#include "muying-store-denominators.h"
#include "muying-store-lookup.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-utils.h"
#include "muying-ui-text.h"
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
  /* While the first figures are counted, the page says so (the status line) and shows no
   * "nothing to count" in their place. */
  g_assert_cmpstr (muying_stats_page_get_content (page), ==, "counting");

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


/* ---- real input --------------------------------------------------------------------------- */

/* xdotool sends X events through XTEST to the window with the focus, as a keyboard and a mouse
 * do (as in test-follow-on-window.c); without it (or off X11) the tests act through the widgets. */
/* Keys ("Return", "Tab") or text ("type") to the window of @widget, after giving it the focus. */
static void
xdotool_keys (GtkWidget  *widget,
              const char *command,
              const char *keys)
{
  muying_test_xdotool (widget, command, keys);
  muying_test_spin (200);
}

/* A left click in the middle of @widget. */
static void
xdotool_click (GtkWidget *widget)
{
  g_autofree char *xid = muying_test_xid (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t at;
  double sx, sy;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0), &at));
  gtk_native_get_surface_transform (native, &sx, &sy);
  x = g_strdup_printf ("%d", (int) (at.x + sx));
  y = g_strdup_printf ("%d", (int) (at.y + sy));
  {
    const char *focus[] = { "xdotool", "windowfocus", "--sync", xid, NULL };
    const char *move[] = { "xdotool", "mousemove", "--window", xid, "--sync", x, y, NULL };
    const char *click[] = { "xdotool", "click", "1", NULL };

    muying_test_run_xdotool (focus);
    muying_test_run_xdotool (move);
    muying_test_spin (100);
    muying_test_run_xdotool (click);
  }
  muying_test_spin (200);
}

/* ---- the bureau's indicators -------------------------------------------------------------- */

static gboolean
cases_loaded (gpointer data)
{
  MuyingStatsPage *page = data;
  MuyingIndicatorCasesWindow *w = muying_stats_page_get_cases_window (page);

  return w != NULL && !muying_indicator_cases_window_is_loading (w);
}

static gboolean
case_opened (gpointer data)
{
  return muying_window_get_last_case (data) != NULL;
}

static MuyingWindow *
open_stats (MuyingStore     *store,
            MuyingRole       role,
            MuyingStatsPage **page)
{
  MuyingWindow *window = muying_test_open_window (store, role);

  /* the size the program is checked at */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1024);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "stats"));
  *page = MUYING_STATS_PAGE (muying_window_get_page (window, "stats"));
  muying_test_spin (300);
  return window;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The same records (the window lists them by date). */
static void
assert_same_ids (GArray *shown,
                 GArray *expected)
{
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;

  g_assert_nonnull (shown);
  g_assert_cmpuint (shown->len, ==, expected->len);
  a = g_array_copy (shown);
  b = g_array_copy (expected);
  g_array_sort (a, compare_ids);
  g_array_sort (b, compare_ids);
  for (guint i = 0; i < b->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

static void
test_indicators (StatsFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(MuyingIndicators) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  MuyingStatsPage *page;
  MuyingWindow *window;
  MuyingPeriod period;
  guint checked = 0;

  /* the bureau gave the deliveries of statistical year 2025, not the live births */
  {
    g_autoptr(MuyingUser) admin = NULL;
    MuyingDenominators figures;

    window = open_stats (f->store, MUYING_ROLE_ADMIN, &page);   /* makes the administrator */
    admin = muying_store_lookup_user (f->store, "admin", NULL);
    muying_denominators_init (&figures);
    figures.year = 2025;
    figures.area_code = g_strdup ("");
    figures.deliveries = 40;
    g_assert_true (muying_store_set_denominators (f->store, admin, &figures, &error));
    g_assert_no_error (error);
    muying_denominators_clear (&figures);
  }
  muying_stats_page_set_period (page, 0, 2025, NULL, NULL);
  g_assert_true (muying_test_wait_until (not_busy, page, 20000));
  g_test_message ("page status: %s", muying_stats_page_get_status (page));
  g_assert_cmpstr (muying_stats_page_get_content (page), ==, "stats");

  muying_period_init_statistical_year (&period, 2025);
  expected = muying_store_compute_indicators (f->store, &period, &error);
  g_assert_no_error (error);
  /* every indicator of the three programmes, as the store counts it */
  for (guint i = 0; i < expected->indicators->len; i++)
    {
      const MuyingIndicator *indicator = g_ptr_array_index (expected->indicators, i);
      g_autofree char *n = muying_ui_format_count (indicator->n);
      g_autofree char *d = indicator->has_d && !indicator->d_missing ? muying_ui_format_count (indicator->d)
                                                                     : g_strdup (indicator->has_d ? "未填报" : "—");
      double rate;

      g_assert_cmpstr (muying_stats_page_get_indicator_text (page, indicator->id, 0), ==, n);
      g_assert_cmpstr (muying_stats_page_get_indicator_text (page, indicator->id, 1), ==, d);
      if (indicator->d_missing)
        g_assert_cmpstr (muying_stats_page_get_indicator_text (page, indicator->id, 2), ==, "未填报");
      else if (muying_indicator_get_rate (indicator, &rate))
        {
          g_autofree char *number = g_strdup_printf ("%.2f", rate);
          g_assert_nonnull (strstr (muying_stats_page_get_indicator_text (page, indicator->id, 2), number));
        }
      checked++;
    }
  g_assert_cmpuint (checked, ==, 50);
  /* the hand counts of the fixture: 5 pregnancies in statistical year 2025 (woman A's two, B, E,
   * F); 40 deliveries entered */
  g_assert_cmpstr (muying_stats_page_get_indicator_text (page, "P1", 0), ==, "5");
  g_assert_cmpstr (muying_stats_page_get_indicator_text (page, "P2", 1), ==, "40");
  g_assert_cmpstr (muying_stats_page_get_indicator_text (page, "P2", 2), ==, "12.50%");
  g_assert_cmpstr (muying_stats_page_get_indicator_text (page, "N1", 1), ==, "未填报");
  g_assert_nonnull (strstr (muying_stats_page_get_indicator_text (page, "C9", 2), "/10万"));
  /* a population figure is no list of cases; a denominator of the programme's own is */
  g_assert_null (muying_stats_page_get_count_button (page, "P2", TRUE));
  g_assert_nonnull (muying_stats_page_get_count_button (page, "P4", TRUE));

  /* the headline: the workbook's sentences */
  lines = muying_headline_lines (expected, TRUE);
  for (guint i = 0; i < lines->len; i++)
    {
      const MuyingHeadlineLine *line = g_ptr_array_index (lines, i);
      g_assert_nonnull (strstr (muying_stats_page_get_headline (page), line->sentence));
    }
  g_assert_nonnull (strstr (muying_stats_page_get_headline (page), "筛查孕妇 5 人"));
  g_free (muying_test_screenshot (GTK_WIDGET (window), "stats-page-indicators"));
  /* the rest of the page: the two-cancer table, the record counts */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (muying_stats_page_get_count_button (page, "B8", FALSE),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, 1150);
    g_free (muying_test_screenshot (GTK_WIDGET (window), "stats-page-indicators-2"));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    g_free (muying_test_screenshot (GTK_WIDGET (window), "stats-page-indicators-3"));
    gtk_adjustment_set_value (adjustment, 0);
  }

  /* the drill-down: Enter on the count of P4 lists exactly its pregnancies */
  {
    g_autoptr(GArray) ids = muying_store_list_indicator_records (f->store, &period, MUYING_INDICATORS_BY_NONE, NULL,
                                                                 "P4", FALSE, &error);
    GtkWidget *button = muying_stats_page_get_count_button (page, "P4", FALSE);
    MuyingIndicatorCasesWindow *cases;

    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, muying_indicators_get (expected, "P4")->n);
    g_assert_cmpuint (ids->len, >, 0);
    gtk_widget_grab_focus (button);
    g_test_message ("real key events: %s", muying_test_have_xdotool () ? "yes (xdotool)" : "no");
    if (muying_test_have_xdotool ())
      xdotool_keys (button, "key", "Return");
    else
      g_signal_emit_by_name (button, "clicked");
    g_assert_true (muying_test_wait_until (cases_loaded, page, 20000));
    cases = muying_stats_page_get_cases_window (page);
    g_assert_null (muying_indicator_cases_window_get_error (cases));
    assert_same_ids (muying_indicator_cases_window_get_record_ids (cases), ids);
    {
      g_autofree char *count = g_strdup_printf ("%u 例", ids->len);
      g_assert_nonnull (muying_test_find_label (GTK_WIDGET (cases), count));
    }
    /* the ID numbers are masked */
    g_assert_nonnull (muying_test_find_label (GTK_WIDGET (cases), "********"));
    g_free (muying_test_screenshot (GTK_WIDGET (cases), "stats-drill-down"));

    /* Enter on a case (the first, by date) opens it as the worklist does */
    muying_test_spin (200);
    if (muying_test_have_xdotool ())
      xdotool_keys (GTK_WIDGET (cases), "key", "Return");
    else
      g_signal_emit_by_name (gtk_list_box_get_row_at_index (muying_indicator_cases_window_get_list (cases), 0),
                             "activate");
    g_assert_true (muying_test_wait_until (case_opened, window, 20000));
    g_assert_cmpint (muying_case_window_get_case (muying_window_get_last_case (window))->record_id, ==,
                     g_array_index (muying_indicator_cases_window_get_record_ids (cases), gint64, 0));
    gtk_window_destroy (GTK_WINDOW (muying_window_get_last_case (window)));
    gtk_window_destroy (GTK_WINDOW (cases));
  }

  /* a click on P4's denominator lists the pregnancies of P1 */
  {
    g_autoptr(GArray) ids = muying_store_list_indicator_records (f->store, &period, MUYING_INDICATORS_BY_NONE, NULL,
                                                                 "P4", TRUE, &error);
    GtkWidget *button = muying_stats_page_get_count_button (page, "P4", TRUE);

    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, muying_indicators_get (expected, "P1")->n);
    muying_test_spin (300);
    if (muying_test_have_xdotool ())
      xdotool_click (button);
    else
      g_signal_emit_by_name (button, "clicked");
    g_assert_true (muying_test_wait_until (cases_loaded, page, 20000));
    assert_same_ids (muying_indicator_cases_window_get_record_ids (muying_stats_page_get_cases_window (page)), ids);
    gtk_window_destroy (GTK_WINDOW (muying_stats_page_get_cases_window (page)));
  }

  /* the two-cancer cases: the women of C9 */
  {
    g_autoptr(GArray) ids = muying_store_list_indicator_records (f->store, &period, MUYING_INDICATORS_BY_NONE, NULL,
                                                                 "C9", FALSE, &error);

    g_signal_emit_by_name (muying_stats_page_get_count_button (page, "C9", FALSE), "clicked");
    g_assert_true (muying_test_wait_until (cases_loaded, page, 20000));
    assert_same_ids (muying_indicator_cases_window_get_record_ids (muying_stats_page_get_cases_window (page)), ids);
    gtk_window_destroy (GTK_WINDOW (muying_stats_page_get_cases_window (page)));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- the population figures --------------------------------------------------------------- */

static void
test_denominators_admin (StatsFixture  *f,
                         gconstpointer  data)
{
  MuyingStatsPage *page;
  MuyingWindow *window = open_stats (f->store, MUYING_ROLE_ADMIN, &page);
  MuyingDenominatorsPane *pane = muying_stats_page_get_denominators_pane (page);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 audit_before = muying_store_count_audit_rows (f->store, NULL);
  GtkWidget *deliveries = muying_denominators_pane_get_widget (pane, "deliveries");
  MuyingDenominators *row;

  muying_stats_page_show_tab (page, "denominators");
  g_assert_true (muying_denominators_pane_is_editable (pane));
  g_assert_cmpint (muying_denominators_pane_get_n_rows (pane), ==, 0);
  g_free (muying_test_screenshot (GTK_WIDGET (window), "stats-denominators-empty"));

  /* statistical year 2025, the whole year and jurisdiction: 产妇数 and 活产数 typed, Enter saves */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (muying_denominators_pane_get_widget (pane, "year")), 2025);
  gtk_widget_grab_focus (deliveries);
  if (muying_test_have_xdotool ())
    {
      xdotool_keys (deliveries, "type", "1200");
      xdotool_keys (deliveries, "key", "Tab");
      xdotool_keys (deliveries, "type", "1185");
      xdotool_keys (deliveries, "key", "Return");
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (deliveries), "1200");
      gtk_editable_set_text (GTK_EDITABLE (muying_denominators_pane_get_widget (pane, "live_births")), "1185");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "denominators.save", NULL));
    }
  g_test_message ("message: %s", muying_denominators_pane_get_message (pane));
  rows = muying_store_list_denominators (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpint (row->year, ==, 2025);
  g_assert_cmpint (row->quarter, ==, 0);
  g_assert_cmpstr (row->area_code, ==, "");
  g_assert_cmpint (row->deliveries, ==, 1200);
  g_assert_cmpint (row->live_births, ==, 1185);
  g_assert_cmpint (row->cervical_due, ==, -1);
  g_assert_cmpint (muying_store_count_audit_rows (f->store, NULL), ==, audit_before + 1);
  /* the table shows it */
  g_assert_cmpint (muying_denominators_pane_get_n_rows (pane), ==, 1);
  g_assert_cmpstr (muying_denominators_pane_get_cell (pane, 0, 0), ==, "2025");
  g_assert_cmpstr (muying_denominators_pane_get_cell (pane, 0, 3), ==, "1,200");
  g_assert_cmpstr (muying_denominators_pane_get_cell (pane, 0, 4), ==, "1,185");
  g_assert_cmpstr (muying_denominators_pane_get_cell (pane, 0, 5), ==, "未填报");

  /* a county of quarter 2; a letter in a count is refused, nothing is written */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (muying_denominators_pane_get_widget (pane, "quarter")), 2);
  gtk_editable_set_text (GTK_EDITABLE (muying_denominators_pane_get_widget (pane, "area")), "110101");
  gtk_editable_set_text (GTK_EDITABLE (deliveries), "");
  gtk_editable_set_text (GTK_EDITABLE (muying_denominators_pane_get_widget (pane, "live_births")), "");
  gtk_editable_set_text (GTK_EDITABLE (muying_denominators_pane_get_widget (pane, "cervical_due")), "3O0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "denominators.save", NULL));
  g_assert_nonnull (strstr (muying_denominators_pane_get_message (pane), "整数"));
  g_assert_cmpint (muying_store_count_audit_rows (f->store, NULL), ==, audit_before + 1);
  gtk_editable_set_text (GTK_EDITABLE (muying_denominators_pane_get_widget (pane, "cervical_due")), "300");
  gtk_editable_set_text (GTK_EDITABLE (muying_denominators_pane_get_widget (pane, "breast_due")), "280");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "denominators.save", NULL));
  g_assert_cmpint (muying_denominators_pane_get_n_rows (pane), ==, 2);
  g_assert_cmpint (muying_store_count_audit_rows (f->store, NULL), ==, audit_before + 2);
  g_free (muying_test_screenshot (GTK_WIDGET (window), "stats-denominators"));

  /* the page's rates use them at once: statistical year 2025, then its second quarter */
  muying_stats_page_set_period (page, 0, 2025, NULL, NULL);
  g_assert_true (muying_test_wait_until (not_busy, page, 20000));
  g_assert_cmpstr (muying_stats_page_get_indicator_text (page, "P2", 1), ==, "1,200");
  g_assert_cmpstr (muying_stats_page_get_indicator_text (page, "C1", 1), ==, "未填报");
  /* the quarter: the sum of its counties (one here) */
  muying_stats_page_set_period (page, 3, 2025, "Q2", NULL);
  g_assert_true (muying_test_wait_until (not_busy, page, 20000));
  g_assert_cmpstr (muying_stats_page_get_indicator_text (page, "C1", 1), ==, "300");
  g_assert_cmpstr (muying_stats_page_get_indicator_text (page, "B1", 1), ==, "280");
  g_assert_cmpstr (muying_stats_page_get_indicator_text (page, "P2", 2), ==, "未填报");
  /* a change saved is counted again at once */
  gtk_editable_set_text (GTK_EDITABLE (muying_denominators_pane_get_widget (pane, "breast_due")), "290");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "denominators.save", NULL));
  g_assert_true (muying_test_wait_until (not_busy, page, 20000));
  muying_test_spin (100);
  g_assert_true (muying_test_wait_until (not_busy, page, 20000));
  g_assert_cmpstr (muying_stats_page_get_indicator_text (page, "B1", 1), ==, "290");

  /* the county row was entered by mistake: 删除 asks first; Enter keeps it (取消 is the default) */
  {
    gint64 audit_now = muying_store_count_audit_rows (f->store, NULL);
    GtkWidget *confirm = muying_denominators_pane_delete_row (pane, 1);

    g_assert_nonnull (confirm);
    muying_test_spin (200);
    g_free (muying_test_screenshot (confirm, "stats-denominators-delete"));
    if (muying_test_have_xdotool ())
      xdotool_keys (confirm, "key", "Return");
    else
      gtk_dialog_response (GTK_DIALOG (confirm), GTK_RESPONSE_CANCEL);
    muying_test_spin (200);
    g_assert_cmpint (muying_denominators_pane_get_n_rows (pane), ==, 2);
    g_assert_cmpint (muying_store_count_audit_rows (f->store, NULL), ==, audit_now);
    confirm = muying_denominators_pane_delete_row (pane, 1);
    gtk_dialog_response (GTK_DIALOG (confirm), GTK_RESPONSE_ACCEPT);
    g_assert_cmpint (muying_denominators_pane_get_n_rows (pane), ==, 1);
    g_assert_cmpstr (muying_denominators_pane_get_cell (pane, 0, 2), ==, "全辖区");
    g_assert_cmpint (muying_store_count_audit_rows (f->store, NULL), ==, audit_now + 1);
    g_test_message ("message: %s", muying_denominators_pane_get_message (pane));
    g_assert_nonnull (strstr (muying_denominators_pane_get_message (pane), "未填报"));
    g_assert_true (muying_test_wait_until (not_busy, page, 20000));
    muying_test_spin (100);
    g_assert_true (muying_test_wait_until (not_busy, page, 20000));
    g_assert_cmpstr (muying_stats_page_get_indicator_text (page, "B1", 1), ==, "未填报");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_denominators_nurse (StatsFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(MuyingUser) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  MuyingDenominators figures;
  MuyingStatsPage *page;
  MuyingWindow *window;
  MuyingDenominatorsPane *pane;

  window = open_stats (f->store, MUYING_ROLE_NURSE, &page);
  admin = muying_store_lookup_user (f->store, "admin", NULL);
  muying_denominators_init (&figures);
  figures.year = 2025;
  figures.area_code = g_strdup ("");
  figures.live_births = 990;
  g_assert_true (muying_store_set_denominators (f->store, admin, &figures, &error));
  muying_denominators_clear (&figures);
  pane = muying_stats_page_get_denominators_pane (page);
  muying_denominators_pane_reload (pane);
  muying_stats_page_show_tab (page, "denominators");

  /* she sees the figures; there is no form, and the action does nothing */
  g_assert_cmpint (muying_denominators_pane_get_n_rows (pane), ==, 1);
  g_assert_cmpstr (muying_denominators_pane_get_cell (pane, 0, 4), ==, "990");
  g_assert_false (muying_denominators_pane_is_editable (pane));
  g_assert_false (gtk_widget_get_visible (muying_denominators_pane_get_widget (pane, "save")) &&
                  gtk_widget_is_drawable (muying_denominators_pane_get_widget (pane, "save")));
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (pane), "只有管理员"));
  gtk_editable_set_text (GTK_EDITABLE (muying_denominators_pane_get_widget (pane, "deliveries")), "5");
  gtk_widget_activate_action (GTK_WIDGET (pane), "denominators.save", NULL);
  rows = muying_store_list_denominators (f->store, 0, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (((MuyingDenominators *) g_ptr_array_index (rows, 0))->deliveries, ==, -1);
  g_free (muying_test_screenshot (GTK_WIDGET (window), "stats-denominators-nurse"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- empty and error states ----------------------------------------------------------------- */

static gboolean
shows_error (gpointer data)
{
  return g_strcmp0 (muying_stats_page_get_content (data), "error") == 0 && !muying_stats_page_is_busy (data);
}

static void
test_empty_and_error (void)
{
  g_autofree char *dir = muying_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "empty.db", NULL);
  g_autofree char *moved = g_build_filename (dir, "moved.db", NULL);
  g_autoptr(MuyingStore) store = muying_store_create (db, NULL);
  MuyingStatsPage *page;
  MuyingWindow *window = open_stats (store, MUYING_ROLE_DOCTOR, &page);

  g_assert_cmpstr (muying_stats_page_get_content (page), ==, "empty");
  g_assert_nonnull (muying_test_find_label (GTK_WIDGET (page), "还没有可统计的数据"));
  g_free (muying_test_screenshot (GTK_WIDGET (window), "stats-page-empty"));

  /* the counting thread cannot open the database: said in place of the numbers */
  g_assert_cmpint (g_rename (db, moved), ==, 0);
  muying_stats_page_set_period (page, 0, 2025, NULL, NULL);
  g_assert_true (muying_test_wait_until (shows_error, page, 20000));
  g_test_message ("error: %s", muying_stats_page_get_status (page));
  g_free (muying_test_screenshot (GTK_WIDGET (window), "stats-page-error"));
  g_assert_cmpint (g_rename (moved, db), ==, 0);
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
  g_test_add ("/stats-page/indicators", StatsFixture, NULL, stats_fixture_set_up, test_indicators,
              stats_fixture_tear_down);
  g_test_add ("/stats-page/denominators-admin", StatsFixture, NULL, stats_fixture_set_up, test_denominators_admin,
              stats_fixture_tear_down);
  g_test_add ("/stats-page/denominators-nurse", StatsFixture, NULL, stats_fixture_set_up, test_denominators_nurse,
              stats_fixture_tear_down);
  g_test_add_func ("/stats-page/empty-and-error", test_empty_and_error);
  return g_test_run ();
}
