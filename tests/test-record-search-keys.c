/* test-record-search-keys.c: a one-character surname typed into the record list's search box
 * with real key events (xdotool), on a demo database of a few thousand records, while the
 * window's daily backup runs: the list fills with the matches, the query ran in a worker thread
 * (never on the window's), the main loop kept turning meanwhile — during the search and during
 * the backup — the backup was made, and Enter put the keyboard on the first match.
 *
 * The property checked is structural — where the query ran and that the main loop dispatched
 * its sources while it did — not a time budget (the benchmark measures the longest frame gap of
 * the same scene at a million records: muying-bench --only responsive).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "muying-backup-scheduler-private.h"
#include "muying-program-page-private.h"
#include "muying-program-page.h"
#include "muying-record-item.h"
#include "muying-record-list-private.h"
#include "muying-record-list.h"
#include "muying-record-model-private.h"
#include "muying-store.h"
#include "muying-test-gtk-utils.h"
#include "muying-test-keymap.h"
#include "muying-test-search.h"
#include "muying-test-utils.h"
#include "muying-window-private.h"
#include "muying-window.h"

#define N_RECORDS 4000
#define SURNAME   "王"

static char *dir;
static MuyingStore *store;

static void
build_database (void)
{
  g_autofree char *db = NULL;

  dir = muying_test_make_tmpdir ();
  db = g_build_filename (dir, "search-keys.db", NULL);
  store = muying_test_search_make_store (db, N_RECORDS, 11);
}

/* ---- the main loop's pulse ---------------------------------------------------------------- */

typedef struct
{
  MuyingRecordList *list;
  gint64            last_us;
  gint64            max_gap_us;
  guint             ticks;
  guint             ticks_searching;   /* ticks while the status said the search was running */
  MuyingBackupScheduler *backup;
  guint             ticks_backing_up;  /* ticks while the daily backup ran */
} Pulse;

static gboolean
on_pulse_cb (gpointer data)
{
  Pulse *p = data;
  gint64 now = g_get_monotonic_time ();

  if (p->last_us != 0)
    p->max_gap_us = MAX (p->max_gap_us, now - p->last_us);
  p->last_us = now;
  p->ticks++;
  if (g_strcmp0 (muying_record_list_get_status (p->list), "正在搜索…") == 0)
    p->ticks_searching++;
  if (p->backup != NULL && muying_backup_scheduler_is_running (p->backup))
    p->ticks_backing_up++;
  return G_SOURCE_CONTINUE;
}

static void
on_backup_done_cb (MuyingBackupScheduler *scheduler,
                   const char            *path,
                   gpointer               data)
{
  *(char **) data = g_strdup (path);
}

static void
on_backup_failed_cb (MuyingBackupScheduler *scheduler,
                     const char            *message,
                     gpointer               data)
{
  *(char **) data = g_strdup (message);
}

/* The daily backup's thread runs as SCHED_IDLE at nice 10 (no other thread of the window's does):
 * on two cores it yields them to the window's thread and to the search's worker. */
static gboolean
backup_thread_yields (gpointer data)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;

      if (!g_file_get_contents (stat_path, &stat, NULL, NULL) || strrchr (stat, ')') == NULL)
        continue;
      /* after the name's ")": the state (field 3) … the nice value (field 19) … the scheduling
       * policy (field 41; 5 is SCHED_IDLE) */
      fields = g_strsplit (strrchr (stat, ')') + 2, " ", -1);
      if (g_strv_length (fields) > 38 && g_strcmp0 (fields[16], "10") == 0 && g_strcmp0 (fields[38], "5") == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
backup_ended (gpointer data)
{
  Pulse *p = data;

  return !muying_backup_scheduler_is_running (p->backup);
}

static gboolean
shows_surname (gpointer data)
{
  MuyingRecordModel *model = muying_record_list_get_model (MUYING_RECORD_LIST (data));

  return model != NULL && g_strcmp0 (muying_record_model_get_filter (model)->search, SURNAME) == 0;
}

static void
test_surname_typed (void)
{
  MuyingWindow *window = muying_test_open_window (store, MUYING_ROLE_NURSE);
  MuyingRecordList *list;
  GtkWidget *entry, *view, *focus;
  MuyingRecordModel *model;
  Pulse pulse = { 0 };
  gint64 expected = muying_test_search_count_surname (store, SURNAME);
  guint in_thread, on_owner, pulse_id;
  gboolean keys = muying_test_have_xdotool ();
  g_autofree char *key = NULL;
  g_autofree char *backup_made = NULL;
  g_autofree char *backup_failed = NULL;
  g_autofree char *folder = g_build_filename (dir, "daily", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_cmpint (expected, >, 1);
  g_settings_set_string (settings, "backup-folder", folder);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "prenatal"));
  list = muying_program_page_get_record_list (MUYING_PROGRAM_PAGE (muying_window_get_page (window, "prenatal")));
  g_assert_true (muying_test_wait_until (muying_test_search_status_is_exact, list, 10000));
  entry = muying_test_find_widget (GTK_WIDGET (list), GTK_TYPE_SEARCH_ENTRY);
  view = muying_test_find_widget (GTK_WIDGET (list), GTK_TYPE_COLUMN_VIEW);

  /* The worker waits a little before its query, so that the search is surely in flight while the
   * main loop is watched. */
  muying_record_list_set_job_delay (list, 200);
  pulse.list = list;
  pulse.backup = muying_window_get_backup_scheduler (window);
  g_signal_connect (pulse.backup, "done", G_CALLBACK (on_backup_done_cb), &backup_made);
  g_signal_connect (pulse.backup, "failed", G_CALLBACK (on_backup_failed_cb), &backup_failed);
  pulse_id = g_timeout_add (10, on_pulse_cb, &pulse);
  if (keys)
    key = muying_test_map_character_key (SURNAME);
  gtk_widget_grab_focus (entry);
  muying_test_spin (100);
  /* The daily backup starts now (its thread waits a second first): the search runs beside it. */
  muying_backup_scheduler_run_now (pulse.backup, 1000);
#ifdef __linux__
  g_assert_true (muying_test_wait_until (backup_thread_yields, NULL, 500));
#endif
  pulse.max_gap_us = 0;
  if (keys)
    {
      muying_test_xdotool (GTK_WIDGET (window), "key", key);
      /* Enter at once, typically before the rows came: acted on when they come */
      muying_test_xdotool (GTK_WIDGET (window), "key", "Return");
      /* the gaps that count start once the keys are sent (starting xdotool is the test's own cost) */
      pulse.last_us = g_get_monotonic_time ();
      pulse.max_gap_us = 0;
    }
  else
    {
      g_test_message ("no xdotool: the text is set and Enter emitted");
      gtk_editable_set_text (GTK_EDITABLE (entry), SURNAME);
      g_signal_emit_by_name (entry, "activate");
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, SURNAME);
  g_assert_true (muying_test_wait_until (shows_surname, list, 20000));
  /* the search was done while the backup still ran */
  g_assert_true (muying_backup_scheduler_is_running (pulse.backup));
  g_assert_true (muying_test_wait_until (backup_ended, &pulse, 60000));
  muying_test_spin (100);
  g_source_remove (pulse_id);
  g_test_message ("%s: %" G_GINT64_FORMAT " matches; %u ticks of a 10 ms timeout, %u while searching, %u while "
                  "backing up; longest gap %.0f ms", SURNAME, expected, pulse.ticks, pulse.ticks_searching,
                  pulse.ticks_backing_up, pulse.max_gap_us / 1e3);
  g_assert_null (backup_failed);
  g_assert_nonnull (backup_made);
  g_assert_true (g_file_test (backup_made, G_FILE_TEST_EXISTS));
  /* the backup ran beside the main loop, not on it */
  g_assert_cmpuint (pulse.ticks_backing_up, >, 0);

  /* the query ran in a worker thread, none on the window's */
  muying_record_list_get_search_threads (list, &in_thread, &on_owner);
  g_assert_cmpuint (in_thread, >=, 1);
  g_assert_cmpuint (on_owner, ==, 0);
  /* and the main loop dispatched its sources while it ran */
  g_assert_cmpuint (pulse.ticks_searching, >, 0);

  /* the list holds the matches, read by the worker: the window read no page of its own */
  model = muying_record_list_get_model (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, MIN (expected, MUYING_RECORD_SEARCH_LIMIT));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(MuyingRecordItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_true (g_str_has_prefix (muying_record_item_get_row (item)->name, SURNAME));
    }
  g_assert_cmpuint (muying_record_model_get_page_fetches (model), ==, 0);

  /* Enter with several matches put the keyboard on the list */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == view || gtk_widget_is_ancestor (focus, view));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!muying_test_gtk_init (&argc, &argv))
    return 0;
  build_database ();
  g_test_add_func ("/record-search-keys/surname-typed", test_surname_typed);
  status = g_test_run ();
  g_clear_object (&store);
  muying_test_rm_rf (dir);
  g_free (dir);
  return status;
}
